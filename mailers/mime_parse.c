/*
 * mime_parse.c - from bytes to struct mime_msg.  libetpan does the MIME
 * structure and the transfer decodings; this file walks the tree, picks the
 * body, converts charsets, undoes format=flowed, collects attachments and
 * delivery-report parts, and notes damage (truncated multipart, bad base64,
 * unknown charset, nesting too deep) instead of failing.
 */
#include "compat.h"

#include <ctype.h>
#include <libetpan/libetpan.h>

#include "base64.h"
#include "charset.h"
#include "html_text.h"
#include "mime.h"
#include "strbuf.h"
#include "util.h"

#define MAX_ATTACHMENTS 64
#define MAX_ERRORS 32

#define PARSE_PADDING 64	/* zero bytes after what libetpan parses (see mime_parse) */
#define SKELETON_MIN 16384	/* base64 parts from this size are parsed aside */

struct walk {
	struct mime_msg *m;
	const struct mime_limits *lim;
	struct strbuf plain, html;
	int have_plain, have_html;
	int depth_noted;
	char *plain_cs, *html_cs;	/* how the first part of each kind was read */
	const struct mime_skeleton *sk;	/* bodies parsed aside, and the bytes they are in */
	const char *orig;
	size_t sk_found;		/* markers met as whole bodies */
};

static void
add_error(struct mime_msg *m, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	if (m->nerrors >= MAX_ERRORS)
		return;
	for (size_t i = 0; i < m->nerrors; i++)
		if (strncmp(m->errors[i], fmt, 8) == 0 && strchr(fmt, '%') == NULL)
			return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	m->errors = xreallocarray(m->errors, m->nerrors + 1, sizeof(*m->errors));
	m->errors[m->nerrors++] = strbuf_detach(&sb, NULL);
}

const char *
mime_header_get(const struct mime_msg *m, const char *name, int nth)
{
	for (size_t i = 0; i < m->nheaders; i++)
		if (strcasecmp(m->headers[i].name, name) == 0 && nth-- == 0)
			return m->headers[i].value;
	return NULL;
}

/* read_headers - every top-level header as (name, unfolded raw value) */
static void
read_headers(struct mime_msg *m, const char *data, size_t len)
{
	struct mailimf_fields *f = NULL;
	size_t idx = 0;
	clistiter *it;

	if (mailimf_optional_fields_parse(data, len, &idx, &f) != MAILIMF_NO_ERROR)
		return;
	m->headers = xcalloc((size_t)clist_count(f->fld_list) + 1, sizeof(*m->headers));
	for (it = clist_begin(f->fld_list); it; it = clist_next(it)) {
		struct mailimf_field *fld = clist_content(it);
		struct mailimf_optional_field *o;
		struct strbuf v = STRBUF_INIT;
		const char *p;

		if (fld->fld_type != MAILIMF_FIELD_OPTIONAL_FIELD)
			continue;
		o = fld->fld_data.fld_optional_field;
		for (p = o->fld_value; *p; p++)
			if (*p != '\r' && *p != '\n')
				strbuf_addch(&v, *p == '\t' ? ' ' : *p);
		strbuf_rtrim(&v);
		m->headers[m->nheaders].name = xstrdup(o->fld_name);
		m->headers[m->nheaders++].value = strbuf_detach(&v, NULL);
	}
	mailimf_fields_free(f);
}

/* decode_body - transfer-decoded bytes of a single part into out */
static void
decode_body(struct walk *w, struct mailmime_data *d, struct strbuf *out)
{
	char *res = NULL;
	size_t idx = 0, rlen = 0;

	const char *p;
	size_t plen, from;

	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT || d->dt_data.dt_text.dt_data == NULL)
		return;
	p = d->dt_data.dt_text.dt_data;
	plen = d->dt_data.dt_text.dt_length;
	/* a body parsed aside: its bytes are in the mail, the skeleton held a marker */
	if (w->sk && mime_skeleton_body(w->sk, p, plen, &from, &plen)) {
		p = w->orig + from;
		w->sk_found++;
	}
	if (!d->dt_encoded) {
		strbuf_add(out, p, plen);
		return;
	}
	if (d->dt_encoding == MAILMIME_MECHANISM_BASE64) {
		/* the common case, clean base64 in CRLF lines, without libetpan */
		if (base64_decode_clean(p, plen, out) == 0)
			return;
		for (size_t i = 0; i < plen; i++) {
			unsigned char c = (unsigned char)p[i];

			if (!isalnum(c) && c != '+' && c != '/' && c != '=' && !isspace(c)) {
				add_error(w->m, "bad base64");
				break;
			}
		}
	}
	if (mailmime_part_parse(p, plen, &idx, d->dt_encoding, &res, &rlen) != MAILIMF_NO_ERROR) {
		add_error(w->m, "undecodable part");
		return;
	}
	strbuf_add(out, res, rlen);
	mmap_string_unref(res);
}

/* add_text_part - a text/plain or text/html body, in UTF-8 with LF line ends */
static void
add_text_part(struct walk *w, const struct mailmime_single_fields *sf, struct mailmime *mm,
    const struct strbuf *raw, int html)
{
	struct strbuf conv = STRBUF_INIT, norm = STRBUF_INIT, *dst = html ? &w->html : &w->plain;
	const char *cs = sf->fld_content_charset;
	clist *params = mm->mm_content_type ? mm->mm_content_type->ct_parameters : NULL;
	const char *format = mime_param_get(params, "format");
	const char *delsp = mime_param_get(params, "delsp");
	size_t i;

	{
		static const char *const how[] = {
			[CHARSET_DECLARED] = NULL, [CHARSET_UTF8] = "utf-8",
			[CHARSET_CP1252] = "windows-1252", [CHARSET_UNKNOWN] = "windows-1252",
		};
		enum charset_reading r = charset_read(cs, raw->buf, raw->len, &conv);
		char **note = html ? &w->html_cs : &w->plain_cs;

		if (r == CHARSET_UNKNOWN)
			add_error(w->m, "unknown charset '%s' read as windows-1252", cs);
		if (*note == NULL)
			*note = how[r] ? xasprintf("%s (declared %s)", how[r], cs ? cs : "none") :
			    xstrdup(cs && *cs ? cs : "us-ascii");
	}
	/* CRLF and lone CR to LF, a NUL (it would cut the text) to U+FFFD, in one pass */
	for (i = 0; i < conv.len; i++) {
		char c = conv.buf[i];

		if (c == '\r' && i + 1 < conv.len && conv.buf[i + 1] == '\n')
			continue;
		if (c == '\0')
			strbuf_addstr(&norm, "\xef\xbf\xbd");
		else
			strbuf_addch(&norm, c == '\r' ? '\n' : c);
	}
	if (!html && format && strcasecmp(format, "flowed") == 0)
		mime_unflow(norm.buf, norm.len, delsp && strcasecmp(delsp, "yes") == 0, dst);
	else
		strbuf_add(dst, norm.buf, norm.len);
	strbuf_release(&conv);
	strbuf_release(&norm);
	if (html)
		w->have_html = 1;
	else
		w->have_plain = 1;
}

static void
add_attachment(struct walk *w, char *filename, const char *ctype, struct strbuf *body)
{
	struct mime_msg *m = w->m;
	struct mail_attachment *a;

	if (body->len > w->lim->attachment_bytes) {
		m->refused = xreallocarray(m->refused, m->nrefused + 1, sizeof(*m->refused));
		m->refused[m->nrefused++] = filename;
		return;
	}
	if (m->nattachments >= MAX_ATTACHMENTS) {
		add_error(m, "too many attachments");
		free(filename);
		return;
	}
	m->attachments = xreallocarray(m->attachments, m->nattachments + 1, sizeof(*a));
	a = &m->attachments[m->nattachments++];
	a->filename = filename;
	a->content_type = xstrdup(ctype);
	a->len = body->len;
	a->is_pdf = mime_is_pdf((const unsigned char *)body->buf, body->len);
	a->data = (const unsigned char *)strbuf_detach(body, NULL);
}

/* header_block - the header lines of a returned message (up to the blank line) */
static char *
header_block(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (s[i] == '\n' && (s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < len && s[i + 2] == '\n')))
			return xstrndup(s, i + 1);
	return xstrndup(s, len);
}

static void walk_part(struct walk *w, struct mailmime *mm, int depth);

static void
walk_single(struct walk *w, struct mailmime *mm)
{
	struct mailmime_single_fields sf;
	struct strbuf body = STRBUF_INIT;
	char *ctype = mime_ct_string(mm->mm_content_type), *fname;
	int attach;

	mailmime_single_fields_init(&sf, mm->mm_mime_fields, mm->mm_content_type);
	decode_body(w, mm->mm_data.mm_single, &body);
	fname = mime_part_filename(mm, &sf);
	attach = (sf.fld_disposition && sf.fld_disposition->dsp_type &&
	    sf.fld_disposition->dsp_type->dsp_type == MAILMIME_DISPOSITION_TYPE_ATTACHMENT) ||
	    (fname != NULL && strncmp(ctype, "text/", 5) != 0);
	if (strcmp(ctype, "message/delivery-status") == 0 ||
	    strcmp(ctype, "message/global-delivery-status") == 0) {
		if (w->m->dsn == NULL)
			w->m->dsn = xstrndup(body.buf, body.len);
	} else if (strcmp(ctype, "text/rfc822-headers") == 0 ||
	    strcmp(ctype, "message/global-headers") == 0) {
		if (w->m->returned == NULL)
			w->m->returned = header_block(body.buf, body.len);
	} else if (!attach && strcmp(ctype, "text/plain") == 0 && !w->have_plain) {
		add_text_part(w, &sf, mm, &body, 0);
	} else if (!attach && strcmp(ctype, "text/html") == 0 && !w->have_html) {
		add_text_part(w, &sf, mm, &body, 1);
	} else if (attach || strncmp(ctype, "text/", 5) != 0) {
		add_attachment(w, fname ? fname : xstrdup("attachment"), ctype, &body);
		fname = NULL;
	}
	free(fname);
	free(ctype);
	strbuf_release(&body);
}

/* check_closed - note a multipart whose closing boundary never came */
static void
check_closed(struct walk *w, struct mailmime *mm)
{
	char *b = mailmime_extract_boundary(mm->mm_content_type);
	size_t blen;
	const char *p, *end;
	int closed = 0;

	if (b == NULL || mm->mm_mime_start == NULL) {
		free(b);
		return;
	}
	blen = strlen(b);
	end = mm->mm_mime_start + mm->mm_length;
	for (p = mm->mm_mime_start; p + blen + 4 <= end; p++) {
		p = memchr(p, '-', (size_t)(end - p));
		if (p == NULL || p + blen + 4 > end)
			break;
		if (p[1] == '-' && memcmp(p + 2, b, blen) == 0 && p[2 + blen] == '-' &&
		    p[3 + blen] == '-') {
			closed = 1;
			break;
		}
	}
	if (!closed)
		add_error(w->m, "truncated multipart (no closing boundary)");
	free(b);
}

static void
walk_part(struct walk *w, struct mailmime *mm, int depth)
{
	clistiter *it;

	if (depth > w->lim->depth) {
		if (!w->depth_noted)
			add_error(w->m, "MIME nesting deeper than %d ignored", w->lim->depth);
		w->depth_noted = 1;
		return;
	}
	switch (mm->mm_type) {
	case MAILMIME_SINGLE:
		walk_single(w, mm);
		break;
	case MAILMIME_MULTIPLE: {
		char *ct = mime_ct_string(mm->mm_content_type);

		if (strcmp(ct, "multipart/report") == 0 && depth <= 1) {
			const char *rt = mime_param_get(mm->mm_content_type->ct_parameters, "report-type");

			w->m->is_report = 1;
			if (rt && w->m->report_type == NULL) {
				w->m->report_type = xstrdup(rt);
				str_lower(w->m->report_type);
			}
		}
		free(ct);
		check_closed(w, mm);
		for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list); it; it = clist_next(it))
			walk_part(w, clist_content(it), depth + 1);
		break;
	}
	case MAILMIME_MESSAGE:
		if (depth == 0) {
			if (mm->mm_data.mm_message.mm_msg_mime)
				walk_part(w, mm->mm_data.mm_message.mm_msg_mime, 0);
		} else if (w->m->returned == NULL && mm->mm_body &&
		    mm->mm_body->dt_type == MAILMIME_DATA_TEXT) {
			/* a returned or forwarded message: its headers only */
			w->m->returned = header_block(mm->mm_body->dt_data.dt_text.dt_data,
			    mm->mm_body->dt_data.dt_text.dt_length);
		}
		break;
	}
}

/* set_basics - subject, sender and Message-ID from the headers */
static void
set_basics(struct mime_msg *m)
{
	const char *v;
	int unknown = 0;

	v = mime_header_get(m, "Subject", 0);
	m->subject = mime_decode_words(v ? v : "", &unknown);
	if (unknown)
		add_error(m, "unknown charset in Subject read as windows-1252");
	m->from = xstrdup("");
	m->from_name = xstrdup("");
	if ((v = mime_header_get(m, "From", 0)) != NULL) {
		struct mailimf_mailbox_list *mbl = NULL;
		size_t idx = 0;

		if (mailimf_mailbox_list_parse(v, strlen(v), &idx, &mbl) == MAILIMF_NO_ERROR) {
			struct mailimf_mailbox *mb = clist_content(clist_begin(mbl->mb_list));

			if (mb && mb->mb_addr_spec) {
				free(m->from);
				m->from = xstrdup(mb->mb_addr_spec);
				if (mb->mb_display_name) {
					free(m->from_name);
					m->from_name = mime_decode_words(mb->mb_display_name, NULL);
				}
			}
			mailimf_mailbox_list_free(mbl);
		} else {
			char *a[1];

			if (mime_addresses(v, a, 1) == 1) {
				free(m->from);
				m->from = a[0];
			}
		}
		str_lower(m->from);
	}
	if ((v = mime_header_get(m, "Message-ID", 0)) != NULL) {
		const char *a = strchr(v, '<'), *b = a ? strchr(a, '>') : NULL;

		if (a && b && b > a + 1)
			m->message_id = xstrndup(a + 1, (size_t)(b - a - 1));
		else if (*v)
			m->message_id = xstrdup(v);
	}
}

/* parse_padded - mime_parse on a buffer with PARSE_PADDING zero bytes after len */
static int
parse_padded(const char *data, size_t len, const struct mime_limits *lim,
    struct mime_msg *m, int aside, char **errstr_r)
{
	struct walk w = { m, lim, STRBUF_INIT, STRBUF_INIT, 0, 0, 0, NULL, NULL, NULL, NULL, 0 };
	struct mailmime *mm = NULL;
	struct mime_skeleton sk;
	struct strbuf skel = STRBUF_INIT;
	size_t idx = 0, min = lim->skeleton_min ? lim->skeleton_min : SKELETON_MIN;
	const char *pdata;
	size_t plen;
	int redo = 0;

	memset(m, 0, sizeof(*m));
	/* an mbox separator ("From sender date") left by a local delivery agent */
	if (len > 5 && memcmp(data, "From ", 5) == 0) {
		const char *nl = memchr(data, '\n', len);

		if (nl) {
			len -= (size_t)(nl + 1 - (const char *)data);
			data = nl + 1;
		}
	}
	read_headers(m, data, len);
	if (m->nheaders == 0) {
		*errstr_r = xstrdup("no mail header");
		mime_msg_release(m);
		return -1;
	}
	set_basics(m);
	if (mime_structure_check(data, len, lim, errstr_r) < 0) {
		mime_msg_release(m);
		return -1;
	}
	/* the large base64 parts parsed aside: libetpan reads the rest */
	pdata = data;
	plen = len;
	if (aside && min != SIZE_MAX)
		mime_skeleton(data, len, min, &sk, &skel);
	if (aside && min != SIZE_MAX && sk.n > 0) {
		strbuf_grow(&skel, PARSE_PADDING);
		memset(skel.buf + skel.len, 0, PARSE_PADDING);
		pdata = skel.buf;
		plen = skel.len;
		w.sk = &sk;
		w.orig = data;
	}
	if (mailmime_parse(pdata, plen, &idx, &mm) == MAILIMF_NO_ERROR) {
		struct mailmime *body = mm->mm_type == MAILMIME_MESSAGE ?
		    mm->mm_data.mm_message.mm_msg_mime : mm;

		m->content_type = mime_ct_string(body ? body->mm_content_type : NULL);
		walk_part(&w, mm, 0);
		mailmime_free(mm);
		redo = w.sk && w.sk_found != sk.n;
	} else if (w.sk) {
		redo = 1;
	} else {
		add_error(m, "unreadable MIME structure");
		m->content_type = xstrdup("text/plain");
	}
	strbuf_release(&skel);
	m->parsed_aside = redo ? 0 : w.sk_found;
	if (redo) {
		/* libetpan read the parts otherwise: the whole mail, as it is */
		strbuf_release(&w.plain);
		strbuf_release(&w.html);
		free(w.plain_cs);
		free(w.html_cs);
		mime_msg_release(m);
		return parse_padded(data, len, lim, m, 0, errstr_r);
	}
	/* an empty text part next to an HTML one (some webmails): the HTML is the body */
	if (w.have_plain && w.have_html) {
		size_t k = 0;

		while (k < w.plain.len && isspace((unsigned char)w.plain.buf[k]))
			k++;
		if (k == w.plain.len)
			w.have_plain = 0;
	}
	if (w.have_plain) {
		m->text = strbuf_detach(&w.plain, NULL);
		m->charset_read = w.plain_cs;
		w.plain_cs = NULL;
	} else if (w.have_html) {
		struct strbuf t = STRBUF_INIT;

		m->html_quotes = html_to_text(w.html.buf, w.html.len, &t, &m->html_cut);
		m->charset_read = w.html_cs;
		w.html_cs = NULL;
		m->text = strbuf_detach(&t, NULL);
		m->text_is_html = 1;
	} else
		m->text = xstrdup("");
	strbuf_release(&w.plain);
	strbuf_release(&w.html);
	free(w.plain_cs);
	free(w.html_cs);
	if (m->message_id == NULL)
		add_error(m, "no Message-ID");
	return 0;
}

/*
 * libetpan's decoders read a few bytes past the end of a truncated part
 * (a quoted-printable body cut after "=" without a line end): parse a copy
 * followed by zero bytes instead of the caller's buffer.
 */

int
mime_parse(const void *data, size_t len, const struct mime_limits *lim,
    struct mime_msg *m, char **errstr_r)
{
	struct strbuf copy = STRBUF_INIT;
	int rc;

	if (len > SIZE_MAX / 2)
		len = SIZE_MAX / 2;
	mime_prepare(data, len, &copy);
	len = copy.len;
	strbuf_grow(&copy, PARSE_PADDING);
	memset(copy.buf + len, 0, PARSE_PADDING);
	rc = parse_padded(copy.buf, len, lim, m, 1, errstr_r);
	strbuf_release(&copy);
	return rc;
}

void
mime_msg_release(struct mime_msg *m)
{
	size_t i;

	for (i = 0; i < m->nheaders; i++) {
		free(m->headers[i].name);
		free(m->headers[i].value);
	}
	free(m->headers);
	for (i = 0; i < m->nattachments; i++) {
		free(m->attachments[i].filename);
		free(m->attachments[i].content_type);
		free((void *)m->attachments[i].data);
	}
	free(m->attachments);
	for (i = 0; i < m->nrefused; i++)
		free(m->refused[i]);
	free(m->refused);
	for (i = 0; i < m->nerrors; i++)
		free(m->errors[i]);
	free(m->errors);
	free(m->subject);
	free(m->from);
	free(m->from_name);
	free(m->message_id);
	free(m->text);
	free(m->charset_read);
	free(m->content_type);
	free(m->report_type);
	free(m->dsn);
	free(m->returned);
	memset(m, 0, sizeof(*m));
}
