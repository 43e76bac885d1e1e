/*
 * xlsx_zip.c - the archive side of the XLSX reader: the file's magic, the
 * ZIP opened from memory with libzip, and each part inflated straight into
 * libxml2's streaming reader.  The limits are checked three times: on the
 * sizes the archive declares before a part is opened, on its compression
 * ratio, and on the bytes really inflated, which may not exceed what was
 * declared (a forged header is a zip bomb too).  No DTD is accepted, so no
 * entity is ever declared, let alone expanded.
 */
#include "compat.h"

#include <libxml/parser.h>

#include "util.h"
#include "xlsx_int.h"

#define RATIO_FLOOR (1024 * 1024)	/* the ratio is not judged below 1 MB */
#define MAX_ENTRIES 10000

enum xlsx_magic
xlsx_magic(const void *data, size_t len)
{
	static const unsigned char ole[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
	const unsigned char *p = data;

	if (len >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) || (p[2] == 7 && p[3] == 8)))
		return XLSX_MAGIC_ZIP;
	if (len >= 8 && memcmp(p, ole, 8) == 0)
		return XLSX_MAGIC_OLE;
	return XLSX_MAGIC_NONE;
}

const char *
xlsx_ole_refusal(void)
{
	return "fichier Excel 97-2003 (.xls) ou classeur protégé par mot de passe : format non"
	    " pris en charge, enregistrez-le au format CSV ou XLSX, sans mot de passe";
}

/* part_read - libxml2's input callback: inflate, count, stop past the limits */
static int
part_read(void *ctx, char *buf, int len)
{
	struct xlsx_part *p = ctx;
	zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);

	if (n < 0) {
		if (p->err == NULL)
			p->err = xasprintf("partie %s illisible : %s", p->name,
			    zip_error_strerror(zip_file_get_error(p->zf)));
		return -1;
	}
	p->got += (size_t)n;
	if (p->got > p->declared) {
		if (p->err == NULL)
			p->err = xasprintf("partie %s plus grande que sa taille déclarée"
			    " (bombe ZIP ?)", p->name);
		return -1;
	}
	if (p->progress)
		*p->progress = p->got;
	return (int)n;
}

/* part_error - the first XML error of the part, worded for staff */
static void
part_error(void *arg, xmlErrorPtr e)
{
	struct xlsx_part *p = arg;
	size_t n;

	if (p->err || e == NULL || e->level < XML_ERR_ERROR)
		return;
	p->err = xasprintf("XML invalide dans %s, ligne %d : %s", p->name, e->line,
	    e->message ? e->message : "?");
	n = strlen(p->err);
	while (n > 0 && (p->err[n - 1] == '\n' || p->err[n - 1] == ' '))
		p->err[--n] = '\0';
}

int
xlsx_part_open(struct xlsx_reader *x, struct xlsx_part *p, const char *name, char **errstr_r)
{
	zip_stat_t st;
	zip_int64_t i;

	memset(p, 0, sizeof(*p));
	if ((i = zip_name_locate(x->zip, name, ZIP_FL_NOCASE)) < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)i, 0, &st) < 0 ||
	    (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) != (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) {
		*errstr_r = xasprintf("partie %s illisible : %s", name, zip_strerror(x->zip));
		return -1;
	}
	if (st.size > x->lim.max_bytes || x->used + st.size > x->lim.max_bytes) {
		*errstr_r = xasprintf("partie %s trop grande une fois décompressée (%llu octets,"
		    " limite %zu : bombe ZIP ?)", name, (unsigned long long)st.size, x->lim.max_bytes);
		return -1;
	}
	if (st.size > RATIO_FLOOR && st.size / (st.comp_size ? st.comp_size : 1) > x->lim.max_ratio) {
		*errstr_r = xasprintf("partie %s compressée plus de %u fois (bombe ZIP ?)", name,
		    x->lim.max_ratio);
		return -1;
	}
	if ((p->zf = zip_fopen_index(x->zip, (zip_uint64_t)i, 0)) == NULL) {
		*errstr_r = xasprintf("partie %s illisible : %s", name, zip_strerror(x->zip));
		return -1;
	}
	x->used += st.size;
	p->x = x;
	p->name = name;
	p->declared = st.size;
	/* no NOENT (entities stay unexpanded), no DTDLOAD, no network */
	p->rd = xmlReaderForIO(part_read, NULL, p, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (p->rd == NULL) {
		zip_fclose(p->zf);
		p->zf = NULL;
		*errstr_r = xasprintf("partie %s : lecteur XML indisponible", name);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(p->rd, part_error, p);
	return 0;
}

int
xlsx_part_next(struct xlsx_part *p, char **errstr_r)
{
	int rc = xmlTextReaderRead(p->rd), type;

	if (rc == 1) {
		type = xmlTextReaderNodeType(p->rd);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY ||
		    type == XML_READER_TYPE_ENTITY_REFERENCE) {
			*errstr_r = xasprintf("partie %s : déclaration DTD ou entité refusée", p->name);
			return -1;
		}
		return 1;
	}
	if (rc == 0 && p->err == NULL)
		return 0;
	*errstr_r = p->err ? p->err : xasprintf("XML invalide dans %s", p->name);
	p->err = NULL;
	return -1;
}

void
xlsx_part_close(struct xlsx_part *p)
{
	if (p->rd)
		xmlFreeTextReader(p->rd);
	if (p->zf)
		zip_fclose(p->zf);
	free(p->err);
	memset(p, 0, sizeof(*p));
}

int
xlsx_is(xmlTextReaderPtr rd, int type, const char *local)
{
	const xmlChar *n;

	if (xmlTextReaderNodeType(rd) != type)
		return 0;
	n = xmlTextReaderConstLocalName(rd);
	return n && strcmp((const char *)n, local) == 0;
}

/* xlsx_attr - the attribute of the current element by local name, any namespace */
char *
xlsx_attr(xmlTextReaderPtr rd, const char *local)
{
	char *v = NULL;

	if (xmlTextReaderMoveToFirstAttribute(rd) != 1)
		return NULL;
	do {
		const xmlChar *n = xmlTextReaderConstLocalName(rd);

		if (n && strcmp((const char *)n, local) == 0) {
			const xmlChar *val = xmlTextReaderConstValue(rd);

			v = xstrdup(val ? (const char *)val : "");
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(rd) == 1);
	xmlTextReaderMoveToElement(rd);
	return v;
}

int
xlsx_text(struct xlsx_part *p, struct strbuf *sb, char **errstr_r)
{
	int depth = xmlTextReaderDepth(p->rd), rc, type;

	if (xmlTextReaderIsEmptyElement(p->rd))
		return 0;
	while ((rc = xlsx_part_next(p, errstr_r)) == 1) {
		type = xmlTextReaderNodeType(p->rd);
		if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(p->rd) == depth)
			return 0;
		if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			const xmlChar *v = xmlTextReaderConstValue(p->rd);

			if (v)
				strbuf_addstr(sb, (const char *)v);
		}
	}
	if (rc == 0)
		*errstr_r = xasprintf("XML tronqué dans %s", p->name);
	return -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* put_utf8 - code point c (a lone surrogate or a NUL: U+FFFD) */
static size_t
put_utf8(char *o, unsigned c)
{
	if (c == 0 || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* escape_at - the UTF-16 unit of "_xHHHH_" at s, or -1 */
static long
escape_at(const char *s, size_t left)
{
	long v = 0;
	int i, h;

	if (left < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	for (i = 2; i < 6; i++) {
		if ((h = hexval((unsigned char)s[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

void
xlsx_unescape(struct strbuf *sb)
{
	size_t i = 0, o = 0;
	long u, lo;

	if (memchr(sb->buf, '_', sb->len) == NULL)
		return;
	while (i < sb->len) {
		if ((u = escape_at(sb->buf + i, sb->len - i)) < 0) {
			sb->buf[o++] = sb->buf[i++];
			continue;
		}
		i += 7;
		/* a surrogate pair is two escapes */
		if (u >= 0xd800 && u <= 0xdbff && (lo = escape_at(sb->buf + i, sb->len - i)) >= 0xdc00 &&
		    lo <= 0xdfff) {
			u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			i += 7;
		}
		/* at most 4 bytes out for at least 7 in: o stays behind i */
		o += put_utf8(sb->buf + o, (unsigned)u);
	}
	strbuf_setlen(sb, o);
}

struct xlsx_reader *
xlsx_reader_open(const void *data, size_t len, const struct xlsx_limits *lim, char **errstr_r)
{
	struct xlsx_reader *x = xcalloc(1, sizeof(*x));
	zip_source_t *src;
	zip_error_t ze;
	zip_int64_t n;

	xmlInitParser();
	x->lim.max_bytes = lim ? lim->max_bytes : XLSX_MAX_BYTES;
	x->lim.max_ratio = lim ? lim->max_ratio : XLSX_MAX_RATIO;
	strbuf_init(&x->sst, 0);
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL ||
	    (x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		*errstr_r = xasprintf("archive ZIP illisible : %s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		xlsx_reader_free(&x);
		return NULL;
	}
	zip_error_fini(&ze);
	if ((n = zip_get_num_entries(x->zip, 0)) > MAX_ENTRIES) {
		*errstr_r = xasprintf("archive ZIP de plus de %d fichiers", MAX_ENTRIES);
		xlsx_reader_free(&x);
		return NULL;
	}
	if (xlsx_book_read(x, errstr_r) < 0) {
		xlsx_reader_free(&x);
		return NULL;
	}
	return x;
}

const char *
xlsx_reader_sheet(const struct xlsx_reader *x)
{
	return x->sheet_name;
}

size_t
xlsx_reader_progress(const struct xlsx_reader *x, size_t *total_r)
{
	*total_r = x->sheet_total;
	return x->sheet_done;
}

void
xlsx_reader_free(struct xlsx_reader **xp)
{
	struct xlsx_reader *x = *xp;

	if (x == NULL)
		return;
	if (x->zip)
		zip_discard(x->zip);
	free(x->book);
	free(x->sheet_name);
	free(x->sheet_path);
	free(x->sst_path);
	free(x->styles_path);
	strbuf_release(&x->sst);
	free(x->sst_off);
	free(x->xf);
	free(x);
	*xp = NULL;
}
