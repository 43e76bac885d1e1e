/*
 * csv_reader.c - detection, conversion and record assembly around libcsv.
 * The first chunk is held back until it contains a whole first line (or 64 KB)
 * so the delimiter can be seen; after that bytes go straight through iconv
 * (Windows-1252 and UTF-16) into csv_parse.  Undefined Windows-1252 bytes
 * become U+FFFD rather than failing the whole file, and so does a NUL byte
 * in a field.  UTF-16 (Excel's "Texte Unicode": a BOM, TAB-separated) is
 * told by its BOM; a code unit or a surrogate pair cut by the chunk waits in
 * hold for the next one.
 */
#include "compat.h"

#include <csv.h>
#include <iconv.h>

#include "csv_reader.h"
#include "strbuf.h"
#include "util.h"

#define DETECT_MAX 65536

struct csv_reader {
	struct csv_parser p;
	csv_record_fn fn;
	void *arg;
	char delim;
	enum csv_encoding enc;
	iconv_t cd;
	int started, stopped, bom_done;
	int utf8_sure;			/* a non-ASCII UTF-8 sequence was seen */
	struct strbuf head;		/* bytes held back before detection */
	struct strbuf conv;		/* iconv output */
	struct strbuf hold;		/* a UTF-8 sequence cut by the chunk */
	/* the record being assembled */
	struct strbuf *fields;
	size_t nfields, afields;
	char **ptrs;
	size_t *lens, aptrs;
	size_t index;
};

const char *
csv_encoding_name(enum csv_encoding e)
{
	static const char *const names[] = { "unknown", "utf-8", "utf-8 (bom)", "windows-1252",
	    "utf-16le (bom)", "utf-16be (bom)" };

	return names[e];
}

enum csv_encoding
csv_detect_encoding(const unsigned char *p, size_t len)
{
	size_t i = 0;

	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return CSV_ENC_UTF8_BOM;
	if (len >= 2 && p[0] == 0xff && p[1] == 0xfe)
		return CSV_ENC_UTF16LE;
	if (len >= 2 && p[0] == 0xfe && p[1] == 0xff)
		return CSV_ENC_UTF16BE;
	while (i < len) {
		unsigned char c = p[i];
		size_t n, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		else
			return CSV_ENC_CP1252;
		for (k = 1; k <= n; k++) {
			if (i + k >= len)
				return CSV_ENC_UTF8;	/* cut by the chunk */
			if ((p[i + k] & 0xc0) != 0x80)
				return CSV_ENC_CP1252;
		}
		i += n + 1;
	}
	return CSV_ENC_UTF8;
}

char
csv_detect_delim(const unsigned char *p, size_t len)
{
	size_t i, semi = 0, comma = 0, tab = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && (p[i] == '\n' || p[i] == '\r'))
			break;
		else if (!quoted && p[i] == ';')
			semi++;
		else if (!quoted && p[i] == ',')
			comma++;
		else if (!quoted && p[i] == '\t')
			tab++;
	}
	if (tab > semi && tab > comma)
		return '\t';
	return comma > semi ? ',' : ';';
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csv_reader *r = data;

	if (r->nfields == r->afields) {
		size_t i, na = r->afields ? 2 * r->afields : 32;

		r->fields = xreallocarray(r->fields, na, sizeof(*r->fields));
		for (i = r->afields; i < na; i++)
			strbuf_init(&r->fields[i], 0);
		r->afields = na;
	}
	strbuf_reset(&r->fields[r->nfields]);
	/* a NUL would cut the value where C strings read it: it shows as U+FFFD */
	for (const char *p = s, *end = p + len, *nul; p < end; p = nul + 1) {
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL) {
			strbuf_add(&r->fields[r->nfields], p, (size_t)(end - p));
			break;
		}
		strbuf_add(&r->fields[r->nfields], p, (size_t)(nul - p));
		strbuf_addstr(&r->fields[r->nfields], "\xef\xbf\xbd");
	}
	r->nfields++;
}

static void
on_record(int c, void *data)
{
	struct csv_reader *r = data;
	struct csv_record rec;
	size_t i;

	(void)c;
	if (r->stopped) {
		r->nfields = 0;
		return;
	}
	if (r->aptrs < r->nfields) {
		r->ptrs = xreallocarray(r->ptrs, r->afields, sizeof(*r->ptrs));
		r->lens = xreallocarray(r->lens, r->afields, sizeof(*r->lens));
		r->aptrs = r->afields;
	}
	for (i = 0; i < r->nfields; i++) {
		r->ptrs[i] = r->fields[i].buf;
		r->lens[i] = r->fields[i].len;
	}
	rec.n = r->nfields;
	rec.field = r->ptrs;
	rec.len = r->lens;
	rec.index = r->index++;
	rec.numeric = NULL;
	r->nfields = 0;
	if (r->fn(r->arg, &rec) < 0)
		r->stopped = 1;
}

/* keep every space: names and addresses are data, and csv-spectrum agrees */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

struct csv_reader *
csv_reader_new(csv_record_fn fn, void *arg, char delim, enum csv_encoding enc)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));

	if (csv_init(&r->p, 0) != 0)
		BUG("csv_init");
	csv_set_space_func(&r->p, no_space);
	r->fn = fn;
	r->arg = arg;
	r->delim = delim;
	r->enc = enc;
	r->cd = (iconv_t)-1;
	strbuf_init(&r->head, 0);
	strbuf_init(&r->conv, 0);
	strbuf_init(&r->hold, 0);
	return r;
}

static int
parse(struct csv_reader *r, const char *p, size_t len, char **errstr_r)
{
	if (csv_parse(&r->p, p, len, on_field, on_record, r) != len) {
		*errstr_r = xasprintf("csv: %s", csv_strerror(csv_error(&r->p)));
		return -1;
	}
	if (r->stopped) {
		*errstr_r = xstrdup("stopped");
		return -1;
	}
	return 0;
}

/* convert - Windows-1252 to UTF-8 through iconv, then parse */
static int
convert(struct csv_reader *r, const char *p, size_t len, char **errstr_r)
{
	char *in = (char *)p;
	size_t inleft = len;

	strbuf_reset(&r->conv);
	strbuf_grow(&r->conv, 3 * len + 4);
	while (inleft > 0) {
		char *out = r->conv.buf + r->conv.len;
		size_t outleft = r->conv.alloc - r->conv.len - 1, before = outleft;
		size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);

		strbuf_setlen(&r->conv, r->conv.len + (before - outleft));
		if (rc == (size_t)-1) {
			if (errno == EILSEQ || errno == EINVAL) {
				strbuf_addstr(&r->conv, "\xef\xbf\xbd");
				in++;
				inleft--;
			} else if (errno == E2BIG)
				strbuf_grow(&r->conv, 3 * inleft + 4);
			else {
				*errstr_r = xasprintf("iconv: %s", strerror(errno));
				return -1;
			}
		}
	}
	return parse(r, r->conv.buf, r->conv.len, errstr_r);
}

#define IS_UTF16(e) ((e) == CSV_ENC_UTF16LE || (e) == CSV_ENC_UTF16BE)

/*
 * convert16 - UTF-16 to UTF-8 into r->conv, after what hold kept of the
 * previous chunk; an incomplete unit at the end waits in hold unless last
 */
static int
convert16(struct csv_reader *r, const char *p, size_t len, int last, char **errstr_r)
{
	char *in;
	size_t inleft;

	strbuf_add(&r->hold, p, len);
	in = r->hold.buf;
	inleft = r->hold.len;
	strbuf_reset(&r->conv);
	strbuf_grow(&r->conv, 2 * inleft + 4);
	while (inleft > 0) {
		char *out = r->conv.buf + r->conv.len;
		size_t outleft = r->conv.alloc - r->conv.len - 1, before = outleft;
		size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);

		strbuf_setlen(&r->conv, r->conv.len + (before - outleft));
		if (rc != (size_t)-1)
			continue;
		if (errno == E2BIG)
			strbuf_grow(&r->conv, 2 * inleft + 4);
		else if (errno == EINVAL && !last)
			break;		/* cut by the chunk: the rest waits */
		else if (errno == EILSEQ || errno == EINVAL) {
			size_t skip = inleft < 2 ? inleft : 2;

			strbuf_addstr(&r->conv, "\xef\xbf\xbd");
			in += skip;
			inleft -= skip;
		} else {
			*errstr_r = xasprintf("iconv: %s", strerror(errno));
			return -1;
		}
	}
	memmove(r->hold.buf, in, inleft);
	strbuf_setlen(&r->hold, inleft);
	return 0;
}

static int
open_utf16(struct csv_reader *r, char **errstr_r)
{
	const char *from = r->enc == CSV_ENC_UTF16LE ? "UTF-16LE" : "UTF-16BE";

	if ((r->cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
		*errstr_r = xasprintf("iconv_open %s: %s", from, strerror(errno));
		return -1;
	}
	return 0;
}

static int
open_cp1252(struct csv_reader *r, char **errstr_r)
{
	r->enc = CSV_ENC_CP1252;
	if ((r->cd = iconv_open("UTF-8", "WINDOWS-1252")) == (iconv_t)-1) {
		*errstr_r = xasprintf("iconv_open windows-1252: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* cut_tail - length of an incomplete UTF-8 sequence ending the buffer */
static size_t
cut_tail(const unsigned char *p, size_t len)
{
	size_t back, need;

	for (back = 1; back <= 3 && back <= len; back++) {
		unsigned char c = p[len - back];

		if ((c & 0xc0) == 0x80)
			continue;
		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

/* bom_skip - the BOM of a UTF-8 file is not data */
static void
bom_skip(struct csv_reader *r, const char **p, size_t *len)
{
	if (r->bom_done)
		return;
	r->bom_done = 1;
	if (*len >= 3 && memcmp(*p, "\xef\xbb\xbf", 3) == 0) {
		*p += 3;
		*len -= 3;
	}
}

/*
 * unsure - UTF-8 so far, but only ASCII seen: a file that looked like UTF-8
 * while it was pure ASCII switches to Windows-1252 at its first invalid
 * sequence, so a long ASCII head does not fool the detection.  A sequence
 * cut by the chunk waits in hold for the next one.
 */
static int
unsure(struct csv_reader *r, const char *data, size_t n, int last, char **errstr_r)
{
	const unsigned char *p;
	size_t len, keep, i;
	int rc;

	strbuf_add(&r->hold, data, n);
	p = (const unsigned char *)r->hold.buf;
	len = r->hold.len;
	keep = last ? 0 : cut_tail(p, len);
	if (csv_detect_encoding(p, len - keep) == CSV_ENC_CP1252 ||
	    (last && csv_detect_encoding(p, len) == CSV_ENC_UTF8 && cut_tail(p, len))) {
		if (open_cp1252(r, errstr_r) < 0)
			return -1;
		rc = convert(r, r->hold.buf, len, errstr_r);
		strbuf_reset(&r->hold);
		return rc;
	}
	for (i = 0; i < len - keep; i++)
		if (p[i] >= 0x80) {
			r->utf8_sure = 1;
			break;
		}
	rc = parse(r, r->hold.buf, len - keep, errstr_r);
	memmove(r->hold.buf, r->hold.buf + len - keep, keep);
	strbuf_setlen(&r->hold, keep);
	return rc;
}

/* pass - one chunk into the parser, converted when needed */
static int
pass(struct csv_reader *r, const char *p, size_t len, char **errstr_r)
{
	if (IS_UTF16(r->enc))
		return convert16(r, p, len, 0, errstr_r) < 0 ? -1 :
		    parse(r, r->conv.buf, r->conv.len, errstr_r);
	if (r->enc != CSV_ENC_CP1252)
		bom_skip(r, &p, &len);
	if (r->enc == CSV_ENC_UTF8 && !r->utf8_sure)
		return unsure(r, p, len, 0, errstr_r);
	if (r->enc == CSV_ENC_CP1252)
		return convert(r, p, len, errstr_r);
	return parse(r, p, len, errstr_r);
}

/* start - detect on the held-back bytes and open the converter */
static int
start(struct csv_reader *r, char **errstr_r)
{
	const unsigned char *h = (const unsigned char *)r->head.buf;
	size_t off = 0;

	r->started = 1;
	if (r->enc == CSV_ENC_UNKNOWN)
		r->enc = csv_detect_encoding(h, r->head.len);
	if (IS_UTF16(r->enc)) {
		/* the delimiter is seen on the first line once converted */
		off = r->head.len >= 2 && (h[0] == 0xff || h[0] == 0xfe) ? 2 : 0;
		if (open_utf16(r, errstr_r) < 0 ||
		    convert16(r, r->head.buf + off, r->head.len - off, 0, errstr_r) < 0)
			return -1;
		if (r->delim == 0)
			r->delim = csv_detect_delim((const unsigned char *)r->conv.buf, r->conv.len);
		csv_set_delim(&r->p, (unsigned char)r->delim);
		return parse(r, r->conv.buf, r->conv.len, errstr_r);
	}
	if (r->head.len >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	if (r->delim == 0)
		r->delim = csv_detect_delim(h + off, r->head.len - off);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	if (r->enc == CSV_ENC_CP1252 && open_cp1252(r, errstr_r) < 0)
		return -1;
	return pass(r, r->head.buf, r->head.len, errstr_r);
}

int
csv_reader_feed(struct csv_reader *r, const void *data, size_t len, char **errstr_r)
{
	if (r->started)
		return pass(r, data, len, errstr_r);
	strbuf_add(&r->head, data, len);
	if (r->head.len < DETECT_MAX && memchr(r->head.buf, '\n', r->head.len) == NULL)
		return 0;
	return start(r, errstr_r);
}

int
csv_reader_finish(struct csv_reader *r, char **errstr_r)
{
	if (!r->started && start(r, errstr_r) < 0)
		return -1;
	if (IS_UTF16(r->enc) && r->hold.len && (convert16(r, "", 0, 1, errstr_r) < 0 ||
	    parse(r, r->conv.buf, r->conv.len, errstr_r) < 0))
		return -1;
	if (!IS_UTF16(r->enc) && r->hold.len && unsure(r, "", 0, 1, errstr_r) < 0)
		return -1;
	csv_fini(&r->p, on_field, on_record, r);
	if (r->stopped) {
		*errstr_r = xstrdup("stopped");
		return -1;
	}
	return 0;
}

char
csv_reader_delim(const struct csv_reader *r)
{
	return r->delim;
}

enum csv_encoding
csv_reader_encoding(const struct csv_reader *r)
{
	return r->enc;
}

void
csv_reader_free(struct csv_reader **rp)
{
	struct csv_reader *r = *rp;
	size_t i;

	if (r == NULL)
		return;
	csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	strbuf_release(&r->head);
	strbuf_release(&r->conv);
	strbuf_release(&r->hold);
	for (i = 0; i < r->afields; i++)
		strbuf_release(&r->fields[i]);
	free(r->fields);
	free(r->ptrs);
	free(r->lens);
	free(r);
	*rp = NULL;
}
