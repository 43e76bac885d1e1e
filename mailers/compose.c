/*
 * compose.c - assembling the message.  The header block is written here
 * (its order, folding and encodings must be exact and injection-proof);
 * the MIME tree and its part headers are libetpan's (mailmime_write_mem).
 * Bodies are encoded here: quoted-printable text, and base64 attachments
 * (base64.c), which libetpan writes as a one-byte placeholder that is then
 * replaced, so that a PDF's bytes are not copied a few at a time through
 * its writer.  Boundaries "=_altc_ID_alt"/"_mix"/"_rel" come from the row
 * id: "=_" never occurs in quoted-printable or base64 text.
 */
#include "compat.h"

#include <json-c/json.h>
#include <libetpan/libetpan.h>

#include "base64.h"
#include "compose.h"
#include "outbox_db.h"
#include "strbuf.h"
#include "text.h"
#include "token.h"
#include "util.h"

void
composed_init(struct composed *c)
{
	memset(c, 0, sizeof(*c));
	strbuf_init(&c->msg, 0);
}

void
composed_release(struct composed *c)
{
	strbuf_release(&c->msg);
	FREE_AND_NULL(c->message_id);
	FREE_AND_NULL(c->envelope_from);
	FREE_AND_NULL(c->subject);
}

/* kind_of - the template name with '.' replaced by '-' */
static void
add_kind(struct strbuf *out, const char *template)
{
	for (; *template; template++)
		strbuf_addch(out, *template == '.' ? '-' : *template);
}

void
compose_message_id(const struct compose_env *env, const struct outbox_row *row,
    struct strbuf *out)
{
	if (row->token) {
		strbuf_addf(out, "<%s.", row->token);
		add_kind(out, row->template);
		strbuf_addf(out, "@%s>", env->domain);
	} else {
		strbuf_addf(out, "<altc-%lld-%lld@%s>", (long long)row->id,
		    (long long)row->created_at, env->domain);
	}
}

/* thread_ref - "offer.42" -> "<thread-offer-42@DOMAIN>"; other bytes dropped */
static void
thread_ref(struct strbuf *out, const char *thread, const char *domain)
{
	strbuf_addstr(out, "<thread-");
	for (; *thread; thread++) {
		char c = *thread;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-')
			strbuf_addch(out, c);
		else if (c == '.' || c == '_')
			strbuf_addch(out, '-');
	}
	strbuf_addf(out, "@%s>", domain);
}

/*
 * sender_mid - the thread "mail.ID" of an answer to an inbound mail: the
 * sender's own Message-ID, so the answer threads under their message.  NULL
 * when the thread is not one or the ID is not safe to copy into a header.
 */
static const char *
sender_mid(const char *thread)
{
	const char *p;

	if (strncmp(thread, "mail.", 5) != 0 || strlen(thread + 5) > 900 ||
	    strchr(thread + 5, '@') == NULL)
		return NULL;
	for (p = thread + 5; *p; p++)
		if (*p <= ' ' || *p >= 127 || *p == '<' || *p == '>')
			return NULL;
	return thread + 5;
}

/* safe_name - template names, tokens and domains go into headers unencoded */
static int
safe_word(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static int
write_headers(const struct compose_env *env, const struct outbox_row *row,
    const struct rendered *r, const char *unsub, struct composed *c, char **errstr_r)
{
	struct strbuf *h = &c->msg, mid = STRBUF_INIT;

	if (!hdr_address_ok(row->rcpt)) {
		*errstr_r = xasprintf("bad recipient address '%s'", row->rcpt);
		return -1;
	}
	if (!hdr_address_ok(env->from) || !safe_word(env->domain) || !safe_word(row->template) ||
	    (row->token && !token_is_wellformed(row->token, strlen(row->token)))) {
		*errstr_r = xasprintf("outbox %lld: bad sender, domain, template or token",
		    (long long)row->id);
		return -1;
	}
	compose_message_id(env, row, &mid);
	c->message_id = strbuf_detach(&mid, NULL);
	c->envelope_from = xasprintf("bounces+%lld@%s", (long long)row->id, env->domain);
	strbuf_addstr(h, "Date: ");
	hdr_date(h, row->created_at);
	strbuf_addstr(h, "\r\nFrom: ");
	hdr_mailbox(h, env->from_name, env->from, 6);
	strbuf_addstr(h, "\r\nTo: ");
	hdr_mailbox(h, row->rcpt_name, row->rcpt, 4);
	if (row->token)
		strbuf_addf(h, "\r\nReply-To: %s+%s@%s", compose_reply_local(r->vars), row->token,
		    env->domain);
	strbuf_addstr(h, "\r\nSubject: ");
	hdr_encode_text(h, r->subject, 9);
	if (row->token)
		strbuf_addf(h, " [AC-%s]", row->token);
	strbuf_addf(h, "\r\nMessage-ID: %s", c->message_id);
	if (row->thread && sender_mid(row->thread)) {
		strbuf_addf(h, "\r\nIn-Reply-To: <%s>", sender_mid(row->thread));
		strbuf_addf(h, "\r\nReferences: <%s>", sender_mid(row->thread));
	} else if (row->thread && *row->thread) {
		strbuf_addstr(h, "\r\nIn-Reply-To: ");
		thread_ref(h, row->thread, env->domain);
		strbuf_addstr(h, "\r\nReferences: ");
		thread_ref(h, row->thread, env->domain);
	}
	strbuf_addstr(h, "\r\nAuto-Submitted: auto-generated"
	    "\r\nX-Auto-Response-Suppress: All");
	strbuf_addf(h, "\r\nX-Loop: altconnect@%s", env->domain);
	if (unsub) {
		strbuf_addf(h, "\r\nList-Unsubscribe: <%s/u/%s>", env->base_url, unsub);
		strbuf_addstr(h, "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click");
	}
	strbuf_addstr(h, "\r\n");	/* libetpan adds MIME-Version and Content-Type */
	return 0;
}

/* new_leaf - a leaf with its body (not copied: it must outlive the write) */
static struct mailmime *
new_leaf(const char *type, int encoding, const char *filename, char *data, size_t len)
{
	struct mailmime_fields *f = filename ?
	    mailmime_fields_new_filename(MAILMIME_DISPOSITION_TYPE_ATTACHMENT, xstrdup(filename),
	    encoding) : mailmime_fields_new_encoding(encoding);
	struct mailmime *m = mailmime_new_empty(mailmime_content_new_with_str(type), f);

	if (m == NULL)
		BUG("mailmime_new_empty");
	mailmime_set_body_text(m, data, len);
	return m;
}

/* new_qp_leaf - a text leaf whose body is already quoted-printable (qp_encode) */
static struct mailmime *
new_qp_leaf(const char *type, struct strbuf *encoded)
{
	struct mailmime *m = new_leaf(type, MAILMIME_MECHANISM_QUOTED_PRINTABLE, NULL,
	    encoded->buf, encoded->len);

	m->mm_data.mm_single->dt_encoded = 1;
	return m;
}

/*
 * new_multipart - a multipart with the boundary we choose.  Built with
 * mailmime_new: mailmime_new_empty would draw a boundary of its own (from
 * the host name, the pid and the clock) that we would only throw away.
 */
static struct mailmime *
new_multipart(const char *type, const char *boundary)
{
	char *ct = xasprintf("%s; boundary=\"%s\"", type, boundary);
	struct mailmime_content *content = mailmime_content_new_with_str(ct);
	clist *parts = clist_new();
	struct mailmime *m;

	free(ct);
	if (content == NULL || parts == NULL)
		BUG("cannot build a multipart content type");
	m = mailmime_new(MAILMIME_MULTIPLE, NULL, 0, mailmime_fields_new_empty(), content,
	    NULL, NULL, NULL, parts, NULL, NULL);
	if (m == NULL)
		BUG("mailmime_new");
	return m;
}

/*
 * attachment_name - an ASCII file name for Content-Disposition: accented
 * letters without their accents ("CV Léa.pdf" -> "CV Lea.pdf"), anything
 * else not printable ASCII as '_'; the exact name goes beside it as
 * filename* (disposition_utf8)
 */
static char *
attachment_name(const char *s)
{
	struct strbuf b = STRBUF_INIT, f = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)(*s ? s : "attachment");

	while (*p) {
		size_t n = 1;

		if (*p >= 0x80) {
			while ((p[n] & 0xc0) == 0x80 && n < 4)
				n++;
			strbuf_reset(&f);
			text_fold(&f, (const char *)p, n, 0);
			/* a letter text_fold knows comes out as ASCII letters */
			if (f.len > 0 && f.len <= 2 && strspn(f.buf, "abcdefghijklmnopqrstuvwxyz") == f.len)
				strbuf_addstr(&b, f.buf);
			else
				strbuf_addch(&b, '_');
		} else if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\' || *p == '/')
			strbuf_addch(&b, '_');
		else
			strbuf_addch(&b, (char)*p);
		p += n;
	}
	strbuf_release(&f);
	return strbuf_detach(&b, NULL);
}

/*
 * disposition_utf8 - with a name that is not plain ASCII, the parameter
 * filename*=UTF-8''percent-encoded (RFC 2231) before the ASCII filename,
 * which every mail client of the last twenty years shows instead
 */
static void
disposition_utf8(struct mailmime *m, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct mailmime_disposition *d;
	struct mailmime_disposition_parm *parm;
	struct mailmime_parameter *param;
	struct strbuf v = STRBUF_INIT;
	clistiter *it;

	if (name == NULL || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789 !#$&+,-.;=@[]^_`{}~()'") == strlen(name))
		return;
	d = NULL;
	for (it = clist_begin(m->mm_mime_fields->fld_list); it; it = clist_next(it)) {
		struct mailmime_field *fld = clist_content(it);

		if (fld->fld_type == MAILMIME_FIELD_DISPOSITION)
			d = fld->fld_data.fld_disposition;
	}
	if (d == NULL)
		return;
	strbuf_addstr(&v, "UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			strbuf_addch(&v, (char)*p);
		else
			strbuf_addf(&v, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	param = mailmime_parameter_new(xstrdup("filename*"), strbuf_detach(&v, NULL));
	parm = mailmime_disposition_parm_new(MAILMIME_DISPOSITION_PARM_PARAMETER, NULL, NULL,
	    NULL, NULL, 0, param);
	/* first: readers that take the first filename they see get the exact one */
	if (param == NULL || parm == NULL ||
	    clist_insert_before(d->dsp_parms, clist_begin(d->dsp_parms), parm) < 0)
		BUG("cannot add filename*");
}

struct bodies {
	char *data[16];
	size_t len[16];
	size_t n;
};

/*
 * The body libetpan writes for an attachment: a control byte no header,
 * quoted-printable or base64 text can hold (names and values are cleaned of
 * controls), with the line end its own base64 writer would end on.
 */
static char att_placeholder[] = "\001\r\n";
#define ATT_PLACEHOLDER_LEN (sizeof(att_placeholder) - 1)

/* new_attachment_leaf - a base64 leaf whose body is the placeholder */
static struct mailmime *
new_attachment_leaf(const char *type, const char *filename)
{
	struct mailmime *m = new_leaf(type, MAILMIME_MECHANISM_BASE64, filename,
	    att_placeholder, ATT_PLACEHOLDER_LEN);

	m->mm_data.mm_single->dt_encoded = 1;
	return m;
}

/*
 * new_inline_leaf - a part shown inside the HTML (an image the HTML names
 * as "cid:ID"): Content-ID <ID>, Content-Disposition inline, base64; its
 * body is the placeholder, like an attachment's
 */
static struct mailmime *
new_inline_leaf(const char *type, const char *cid, const char *filename)
{
	struct mailmime_disposition *d =
	    mailmime_disposition_new_filename(MAILMIME_DISPOSITION_TYPE_INLINE, xstrdup(filename));
	struct mailmime_fields *f = mailmime_fields_new_with_data(
	    mailmime_mechanism_new(MAILMIME_MECHANISM_BASE64, NULL), xstrdup(cid), NULL, d, NULL);
	struct mailmime *m = mailmime_new_empty(mailmime_content_new_with_str(type), f);

	if (d == NULL || f == NULL || m == NULL)
		BUG("cannot build an inline part");
	mailmime_set_body_text(m, att_placeholder, ATT_PLACEHOLDER_LEN);
	m->mm_data.mm_single->dt_encoded = 1;
	return m;
}

/*
 * splice_attachments - the written message into out, each placeholder
 * replaced by its attachment in base64; -1 when they do not match up
 */
/*
 * add_headers - part headers as libetpan wrote them, but for the quotes it
 * puts around every parameter value: an RFC 2231 extended value
 * (filename*=UTF-8''...) takes none, and strict readers want none
 */
static void
add_headers(struct strbuf *out, const char *p, size_t n)
{
	static const char ext[] = "filename*=\"UTF-8''";
	const char *end = p + n, *q, *close;

	while ((q = memmem(p, (size_t)(end - p), ext, sizeof(ext) - 1)) != NULL &&
	    (close = memchr(q + sizeof(ext) - 1, '"', (size_t)(end - q) - (sizeof(ext) - 1))) != NULL) {
		strbuf_add(out, p, (size_t)(q - p) + 10);		/* ...filename*= */
		strbuf_add(out, q + 11, (size_t)(close - (q + 11)));	/* UTF-8''... */
		p = close + 1;
	}
	strbuf_add(out, p, (size_t)(end - p));
}

static int
splice_attachments(const char *msg, size_t len, const struct bodies *keep, struct strbuf *out)
{
	const char *p = msg, *end = msg + len, *q;
	size_t k = 0, extra = 0;

	for (k = 0; k < keep->n; k++)
		extra += base64_encoded_size(keep->len[k]);
	strbuf_grow(out, len + extra);
	for (k = 0; (q = memchr(p, att_placeholder[0], (size_t)(end - p))) != NULL; k++) {
		if (k == keep->n || (size_t)(end - q) < ATT_PLACEHOLDER_LEN ||
		    memcmp(q, att_placeholder, ATT_PLACEHOLDER_LEN) != 0)
			return -1;
		add_headers(out, p, (size_t)(q - p));
		base64_encode_body(out, (const unsigned char *)keep->data[k], keep->len[k]);
		p = q + ATT_PLACEHOLDER_LEN;
	}
	if (k != keep->n)
		return -1;
	strbuf_add(out, p, (size_t)(end - p));
	return 0;
}

/* cid_ok - a Content-ID we write as given: id-left "@" id-right, no space or bracket */
static int
cid_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < 128 && strchr(s, '@') != NULL &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@") == n;
}

/* inline_cid - the "cid" of an attachments_json entry, or NULL (an ordinary attachment) */
static const char *
inline_cid(struct json_object *e)
{
	struct json_object *jc;

	if (json_object_object_get_ex(e, "cid", &jc) && json_object_is_type(jc, json_type_string))
		return json_object_get_string(jc);
	return NULL;
}

/* count_inline - how many entries of attachments_json are inline (with a "cid"); the others in *other_r */
static size_t
count_inline(const struct outbox_row *row, size_t *other_r)
{
	struct json_object *a;
	size_t i, n, in = 0;

	*other_r = 0;
	if (row->attachments == NULL || *row->attachments == '\0')
		return 0;
	if ((a = json_tokener_parse(row->attachments)) == NULL ||
	    !json_object_is_type(a, json_type_array)) {
		json_object_put(a);
		*other_r = 1;	/* add_attachments reports it */
		return 0;
	}
	n = json_object_array_length(a);
	for (i = 0; i < n; i++)
		if (inline_cid(json_object_array_get_idx(a, i)))
			in++;
	*other_r = n - in;
	json_object_put(a);
	return in;
}

/*
 * add_attachments - the entries of attachments_json into parent: the
 * inline ones (with a "cid") when want_inline, the others otherwise.  The
 * inline ones are added first: their placeholders come first in the message.
 */
static int
add_attachments(const struct outbox_row *row, struct mailmime *mix, int want_inline,
    struct bodies *keep, char **errstr_r)
{
	struct json_object *a = json_tokener_parse(row->attachments);
	size_t i, n;
	int rc = -1;

	if (a == NULL || !json_object_is_type(a, json_type_array)) {
		*errstr_r = xstrdup("attachments are not a JSON array");
		goto out;
	}
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(a, i), *jp, *jf, *jt, *jc;
		struct mailmime *leaf;
		char *data, *name, type[128];
		const char *cs, *cid = inline_cid(e);
		size_t len;

		if ((cid != NULL) != (want_inline != 0))
			continue;
		if (cid && !cid_ok(cid)) {
			*errstr_r = xasprintf("attachment %zu: bad Content-ID '%s'", i, cid);
			goto out;
		}
		if (!json_object_object_get_ex(e, "path", &jp) || keep->n == ARRAY_SIZE(keep->data)) {
			*errstr_r = xasprintf("attachment %zu: no path (or too many)", i);
			goto out;
		}
		if (read_file(json_object_get_string(jp), &data, &len) < 0) {
			*errstr_r = xasprintf("attachment %s: %s", json_object_get_string(jp),
			    strerror(errno));
			goto out;
		}
		keep->data[keep->n] = data;
		keep->len[keep->n++] = len;
		name = attachment_name(json_object_object_get_ex(e, "filename", &jf) ?
		    json_object_get_string(jf) : "");
		if (!json_object_object_get_ex(e, "type", &jt) ||
		    xstrlcpy(type, json_object_get_string(jt), sizeof(type)) < 0 ||
		    strspn(type, "abcdefghijklmnopqrstuvwxyz0123456789/.+-") != strlen(type) ||
		    strchr(type, '/') == NULL)
			xstrlcpy(type, "application/octet-stream", sizeof(type));
		/* a text attachment declares its charset, or accents show garbled */
		if (strncmp(type, "text/", 5) == 0 && json_object_object_get_ex(e, "charset", &jc) &&
		    (cs = json_object_get_string(jc)) != NULL && *cs && strlen(cs) < 32 &&
		    strspn(cs, "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(cs)) {
			size_t tl = strlen(type);

			(void)xsnprintf(type + tl, sizeof(type) - tl, "; charset=%s", cs);
		}
		leaf = cid ? new_inline_leaf(type, cid, name) : new_attachment_leaf(type, name);
		if (json_object_object_get_ex(e, "filename", &jf))
			disposition_utf8(leaf, json_object_get_string(jf));
		mailmime_smart_add_part(mix, leaf);
		free(name);
	}
	rc = 0;
out:
	json_object_put(a);
	return rc;
}

/* calendar_of - the "calendar" object of the variables, as iCalendar text; 1 when there is one */
static int
calendar_of(const struct compose_env *env, const struct outbox_row *row,
    struct json_object *vars, struct strbuf *ics, char **errstr_r)
{
	struct json_object *cal;

	if (!json_object_object_get_ex(vars, "calendar", &cal) ||
	    !json_object_is_type(cal, json_type_object))
		return 0;
	return compose_calendar(cal, row->created_at, env->from, ics, errstr_r) < 0 ? -1 : 1;
}

/* unsubscribe_token - a well-formed "unsubscribe_token" variable, or NULL */
static const char *
unsubscribe_token(struct json_object *vars)
{
	struct json_object *t;
	const char *s;

	if (json_object_object_get_ex(vars, "unsubscribe_token", &t) &&
	    json_object_is_type(t, json_type_string) && (s = json_object_get_string(t)) != NULL &&
	    token_is_wellformed(s, strlen(s)))
		return s;
	return NULL;
}

int
compose_message(const struct compose_env *env, const struct outbox_row *row,
    struct composed *out, char **errstr_r)
{
	struct rendered r;
	struct strbuf ics = STRBUF_INIT, qp[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct bodies keep = { { NULL }, { 0 }, 0 };
	struct mailmime *alt = NULL, *mix = NULL, *msg = NULL, *rel, *root;
	char balt[64], bmix[64], brel[64];
	MMAPString *s;
	int col = 0, has_cal, rc = -1;
	size_t i, n_inline, n_other;

	if (compose_render(env, row, &r, errstr_r) < 0)
		return -1;
	if ((has_cal = calendar_of(env, row, r.vars, &ics, errstr_r)) < 0)
		goto out;
	if (write_headers(env, row, &r, unsubscribe_token(r.vars), out, errstr_r) < 0)
		goto out;
	out->subject = xstrdup(r.subject);
	xsnprintf(balt, sizeof(balt), "=_altc_%lld_alt", (long long)row->id);
	xsnprintf(bmix, sizeof(bmix), "=_altc_%lld_mix", (long long)row->id);
	xsnprintf(brel, sizeof(brel), "=_altc_%lld_rel", (long long)row->id);
	n_inline = count_inline(row, &n_other);
	alt = new_multipart("multipart/alternative", balt);
	qp_encode(&qp[0], r.text.buf, r.text.len);
	qp_encode(&qp[1], r.html.buf, r.html.len);
	mailmime_smart_add_part(alt, new_qp_leaf("text/plain; charset=utf-8", &qp[0]));
	if (n_inline) {
		/* the HTML and the images it shows travel together (RFC 2387) */
		rel = new_multipart("multipart/related; type=\"text/html\"", brel);
		mailmime_smart_add_part(rel, new_qp_leaf("text/html; charset=utf-8", &qp[1]));
		mailmime_smart_add_part(alt, rel);
		if (add_attachments(row, rel, 1, &keep, errstr_r) < 0)
			goto out;
	} else
		mailmime_smart_add_part(alt, new_qp_leaf("text/html; charset=utf-8", &qp[1]));
	if (has_cal) {
		qp_encode(&qp[2], ics.buf, ics.len);
		mailmime_smart_add_part(alt, new_qp_leaf(strstr(ics.buf, "METHOD:CANCEL") ?
		    "text/calendar; method=CANCEL; charset=utf-8" :
		    "text/calendar; method=REQUEST; charset=utf-8", &qp[2]));
	}
	root = alt;
	if (n_other) {
		mix = new_multipart("multipart/mixed", bmix);
		mailmime_smart_add_part(mix, alt);
		alt = NULL;
		root = mix;
		if (add_attachments(row, mix, 0, &keep, errstr_r) < 0)
			goto out;
	}
	/* wrapped in a message part so that the root's Content-Type is written */
	msg = mailmime_new_message_data(NULL);
	mailmime_set_imf_fields(msg, mailimf_fields_new_empty());
	mailmime_smart_add_part(msg, root);
	mix = alt = NULL;
	s = mmap_string_new("");
	if (s == NULL || mailmime_write_mem(s, &col, msg) != MAILIMF_NO_ERROR) {
		*errstr_r = xasprintf("outbox %lld: MIME write failed", (long long)row->id);
		if (s)
			mmap_string_free(s);
		goto out;
	}
	if (splice_attachments(s->str, s->len, &keep, &out->msg) < 0) {
		*errstr_r = xasprintf("outbox %lld: attachments misplaced in the MIME tree",
		    (long long)row->id);
		mmap_string_free(s);
		goto out;
	}
	mmap_string_free(s);
	rc = 0;
out:
	if (msg)
		mailmime_free(msg);
	else if (mix)
		mailmime_free(mix);
	else if (alt)
		mailmime_free(alt);
	for (i = 0; i < keep.n; i++)
		free(keep.data[i]);
	strbuf_release(&ics);
	for (i = 0; i < ARRAY_SIZE(qp); i++)
		strbuf_release(&qp[i]);
	rendered_release(&r);
	if (rc < 0) {
		composed_release(out);
		composed_init(out);
	}
	return rc;
}
