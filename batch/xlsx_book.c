/*
 * xlsx_book.c - the workbook around the sheet: [Content_Types].xml names
 * the workbook part (and tells an ODS, a .docx or an .xlsb from it), the
 * workbook lists the sheets in tab order with their state and the 1904
 * flag, its relationships give each sheet's part and the shared strings'
 * and styles' parts.  Only names and relationship types are compared, by
 * local name and suffix, so the strict flavour of OOXML reads the same.
 */
#include "compat.h"

#include <ctype.h>

#include "util.h"
#include "xlsx_int.h"

#define T_START XML_READER_TYPE_ELEMENT
#define T_END XML_READER_TYPE_END_ELEMENT

struct rel {
	char *id, *type, *target;
};

struct rels {
	struct rel *v;
	size_t n;
};

static void
rels_release(struct rels *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* resolve - a relationship target against the directory of part base, "." and ".." resolved */
static char *
resolve(const char *base, const char *target)
{
	struct strbuf out = STRBUF_INIT;
	const char *slash = strrchr(base, '/'), *p, *e;
	char *path;

	path = *target == '/' ? xstrdup(target + 1) :
	    xasprintf("%.*s%s", slash ? (int)(slash - base + 1) : 0, base, target);
	for (p = path; *p; p = *e ? e + 1 : e) {
		if ((e = strchr(p, '/')) == NULL)
			e = p + strlen(p);
		if (e == p || (e - p == 1 && p[0] == '.'))
			continue;
		if (e - p == 2 && p[0] == '.' && p[1] == '.') {
			char *up = out.len ? strrchr(out.buf, '/') : NULL;

			strbuf_setlen(&out, up ? (size_t)(up - out.buf) : 0);
			continue;
		}
		if (out.len)
			strbuf_addch(&out, '/');
		strbuf_add(&out, p, (size_t)(e - p));
	}
	free(path);
	return strbuf_detach(&out, NULL);
}

/* rels_read - the relationships of part (missing file: none) */
static int
rels_read(struct xlsx_reader *x, const char *part, struct rels *r, char **errstr_r)
{
	const char *slash = strrchr(part, '/');
	char *name = slash ? xasprintf("%.*s/_rels/%s.rels", (int)(slash - part), part, slash + 1) :
	    xasprintf("_rels/%s.rels", part);
	struct xlsx_part p;
	int rc;

	if ((rc = xlsx_part_open(x, &p, name, errstr_r)) != 0) {
		free(name);
		return rc < 0 ? -1 : 0;
	}
	while ((rc = xlsx_part_next(&p, errstr_r)) == 1) {
		char *id, *type, *target, *mode;

		if (!xlsx_is(p.rd, T_START, "Relationship"))
			continue;
		id = xlsx_attr(p.rd, "Id");
		type = xlsx_attr(p.rd, "Type");
		target = xlsx_attr(p.rd, "Target");
		mode = xlsx_attr(p.rd, "TargetMode");
		if (id && type && target && (mode == NULL || strcmp(mode, "External") != 0)) {
			r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
			r->v[r->n].id = id;
			r->v[r->n].type = type;
			r->v[r->n++].target = resolve(part, target);
			free(target);
		} else {
			free(id);
			free(type);
			free(target);
		}
		free(mode);
	}
	xlsx_part_close(&p);
	free(name);
	return rc;
}

static const struct rel *
rel_by_type(const struct rels *r, const char *suffix)
{
	for (size_t i = 0; i < r->n; i++)
		if (ends_with(r->v[i].type, suffix))
			return &r->v[i];
	return NULL;
}

/* what a content type says the archive is, when it is not a workbook */
static const struct {
	const char *type;
	const char *what;
} others[] = {
	{ "application/vnd.ms-excel.sheet.binary.macroEnabled.main", "classeur Excel binaire (.xlsb)" },
	{ "wordprocessingml", "document Word (.docx)" },
	{ "presentationml", "présentation PowerPoint (.pptx)" },
};

/* opendocument - the archive starts with OpenDocument's part "mimetype" */
static int
opendocument(struct xlsx_reader *x)
{
	char buf[64] = "";
	zip_file_t *zf = zip_fopen(x->zip, "mimetype", 0);
	zip_int64_t n;

	if (zf == NULL)
		return 0;
	n = zip_fread(zf, buf, sizeof(buf) - 1);
	zip_fclose(zf);
	return n > 0 && strncmp(buf, "application/vnd.oasis.opendocument", 34) == 0;
}

/* content_types - the workbook part's name into x->book */
static int
content_types(struct xlsx_reader *x, char **errstr_r)
{
	struct xlsx_part p;
	const char *other = NULL;
	int rc;

	if ((rc = xlsx_part_open(x, &p, "[Content_Types].xml", errstr_r)) != 0) {
		if (rc > 0)
			*errstr_r = xstrdup(opendocument(x) ? "fichier OpenDocument (.ods) : format non pris"
			    " en charge, enregistrez-le au format CSV ou XLSX" :
			    "archive ZIP qui n'est pas un classeur XLSX");
		return -1;
	}
	while (x->book == NULL && (rc = xlsx_part_next(&p, errstr_r)) == 1) {
		char *name, *type;

		if (!xlsx_is(p.rd, T_START, "Override"))
			continue;
		name = xlsx_attr(p.rd, "PartName");
		type = xlsx_attr(p.rd, "ContentType");
		if (name && type && (ends_with(type, ".sheet.main+xml") ||
		    ends_with(type, ".template.main+xml") ||
		    ends_with(type, ".sheet.macroEnabled.main+xml") ||
		    ends_with(type, ".template.macroEnabled.main+xml")))
			x->book = xstrdup(name[0] == '/' ? name + 1 : name);
		for (size_t i = 0; type && i < ARRAY_SIZE(others); i++)
			if (other == NULL && strstr(type, others[i].type))
				other = others[i].what;
		free(name);
		free(type);
	}
	xlsx_part_close(&p);
	if (rc < 0)
		return -1;
	/* a workbook typed by a Default of its extension has the usual name */
	if (x->book == NULL && other == NULL && zip_name_locate(x->zip, "xl/workbook.xml", 0) >= 0)
		x->book = xstrdup("xl/workbook.xml");
	if (x->book == NULL) {
		*errstr_r = other ? xasprintf("%s : ce n'est pas un classeur XLSX, enregistrez-le au"
		    " format CSV ou XLSX", other) : xstrdup("archive ZIP qui n'est pas un classeur XLSX");
		return -1;
	}
	return 0;
}

/* workbook - the 1904 flag and the first visible worksheet */
static int
workbook(struct xlsx_reader *x, const struct rels *r, char **errstr_r)
{
	struct xlsx_part p;
	int rc, hidden = 0;

	if ((rc = xlsx_part_open(x, &p, x->book, errstr_r)) != 0) {
		if (rc > 0)
			*errstr_r = xasprintf("partie %s absente", x->book);
		return -1;
	}
	while (x->sheet_path == NULL && (rc = xlsx_part_next(&p, errstr_r)) == 1) {
		char *v, *state, *id;

		if (xlsx_is(p.rd, T_START, "workbookPr") && (v = xlsx_attr(p.rd, "date1904"))) {
			x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
			free(v);
		}
		if (!xlsx_is(p.rd, T_START, "sheet"))
			continue;
		state = xlsx_attr(p.rd, "state");
		id = xlsx_attr(p.rd, "id");
		if (state && strcmp(state, "visible") != 0)
			hidden++;
		else
			for (size_t i = 0; id && i < r->n; i++)
				if (strcmp(r->v[i].id, id) == 0 && ends_with(r->v[i].type, "/worksheet")) {
					x->sheet_path = xstrdup(r->v[i].target);
					x->sheet_name = xlsx_attr(p.rd, "name");
					break;
				}
		free(state);
		free(id);
	}
	xlsx_part_close(&p);
	if (rc < 0)
		return -1;
	if (x->sheet_path == NULL) {
		*errstr_r = xstrdup(hidden ? "aucune feuille visible dans le classeur" :
		    "aucune feuille de calcul dans le classeur");
		return -1;
	}
	if (x->sheet_name == NULL)
		x->sheet_name = xstrdup("");
	return 0;
}

/* builtin_fmt - the built-in number formats that show dates and times */
static enum xlsx_fmt
builtin_fmt(long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
		return FMT_DATE;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return FMT_TIME;
	return id == 22 ? FMT_DATETIME : FMT_NUMBER;
}

enum xlsx_fmt
xlsx_fmt_classify(const char *code, unsigned char *pad_r)
{
	int date = 0, time = 0, month = 0, other = 0;
	size_t zeros = 0;
	const char *p;

	for (p = code; *p && *p != ';'; p++) {
		int c = tolower((unsigned char)*p);

		if (*p == '"') {
			while (p[1] && p[1] != '"')
				p++;
			p += p[1] ? 1 : 0;
			other = 1;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			p += p[1] ? 1 : 0;
			other = 1;
		} else if (*p == '[') {
			/* [h], [mm], [ss]: elapsed time; [Red], [$-40C], [>100]: not a digit */
			const char *e = strchr(p, ']');

			if (e == NULL)
				break;
			if (e > p + 1 && strspn(p + 1, "hHmMsS") == (size_t)(e - p - 1))
				time = 1;
			p = e;
		} else if (c == 'd' || c == 'y')
			date = 1;
		else if (c == 'h' || c == 's')
			time = 1;
		else if (c == 'm')
			month = 1;
		else if (c == '0')
			zeros++;
		else
			other = 1;
	}
	*pad_r = 0;
	if (date || (month && !time))
		return time ? FMT_DATETIME : FMT_DATE;
	if (time)
		return FMT_TIME;
	if (!other && !month && zeros > 1 && zeros < 16)
		*pad_r = (unsigned char)zeros;
	return FMT_NUMBER;
}

/* styles - the number format of every cellXfs entry */
static int
styles(struct xlsx_reader *x, char **errstr_r)
{
	struct { long id; struct xlsx_style s; } *custom = NULL;
	size_t ncustom = 0, alloc = 0;
	struct xlsx_part p;
	int rc, in_xfs = 0;

	if (x->styles_path == NULL ||
	    (rc = xlsx_part_open(x, &p, x->styles_path, errstr_r)) > 0)
		return 0;
	if (rc < 0)
		return -1;
	while ((rc = xlsx_part_next(&p, errstr_r)) == 1) {
		char *id, *code;

		if (xlsx_is(p.rd, T_START, "cellXfs"))
			in_xfs = !xmlTextReaderIsEmptyElement(p.rd);
		else if (xlsx_is(p.rd, T_END, "cellXfs"))
			in_xfs = 0;
		else if (xlsx_is(p.rd, T_START, "numFmt")) {
			id = xlsx_attr(p.rd, "numFmtId");
			code = xlsx_attr(p.rd, "formatCode");
			if (id && code) {
				if (ncustom == alloc) {
					alloc = alloc ? 2 * alloc : 16;
					custom = xreallocarray(custom, alloc, sizeof(*custom));
				}
				custom[ncustom].id = strtol(id, NULL, 10);
				custom[ncustom].s.kind = (unsigned char)xlsx_fmt_classify(code,
				    &custom[ncustom].s.pad);
				ncustom++;
			}
			free(id);
			free(code);
		} else if (in_xfs && xlsx_is(p.rd, T_START, "xf")) {
			struct xlsx_style s = { FMT_NUMBER, 0 };
			long n = -1;

			if ((id = xlsx_attr(p.rd, "numFmtId")) != NULL)
				n = strtol(id, NULL, 10);
			free(id);
			s.kind = (unsigned char)builtin_fmt(n);
			for (size_t i = 0; i < ncustom; i++)
				if (custom[i].id == n)
					s = custom[i].s;
			if (x->nxf % 64 == 0)
				x->xf = xreallocarray(x->xf, x->nxf + 64, sizeof(*x->xf));
			x->xf[x->nxf++] = s;
		}
	}
	xlsx_part_close(&p);
	free(custom);
	return rc;
}

/* sst_push - one string at the end of the table */
static void
sst_push(struct xlsx_reader *x, struct strbuf *cur, size_t *alloc)
{
	xlsx_unescape(cur);
	if (x->nsst == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 256;
		x->sst_off = xreallocarray(x->sst_off, *alloc, sizeof(*x->sst_off));
	}
	x->sst_off[x->nsst++] = x->sst.len;
	strbuf_add(&x->sst, cur->buf, cur->len + 1);	/* with its NUL */
	strbuf_reset(cur);
}

/* shared_strings - every <si>: its <t>, or its runs' <t> joined, phonetic runs left out */
static int
shared_strings(struct xlsx_reader *x, char **errstr_r)
{
	struct strbuf cur = STRBUF_INIT;
	struct xlsx_part p;
	size_t alloc = 0;
	int rc, in_si = 0, in_rph = 0;

	if (x->sst_path == NULL || (rc = xlsx_part_open(x, &p, x->sst_path, errstr_r)) > 0)
		return 0;
	if (rc < 0)
		return -1;
	while ((rc = xlsx_part_next(&p, errstr_r)) == 1) {
		int empty = xmlTextReaderIsEmptyElement(p.rd);

		if (xlsx_is(p.rd, T_START, "si")) {
			strbuf_reset(&cur);
			if (empty)
				sst_push(x, &cur, &alloc);
			in_si = !empty;
		} else if (xlsx_is(p.rd, T_END, "si")) {
			sst_push(x, &cur, &alloc);
			in_si = 0;
		} else if (!in_si)
			continue;
		else if (xlsx_is(p.rd, T_START, "rPh"))
			in_rph = !empty;
		else if (xlsx_is(p.rd, T_END, "rPh"))
			in_rph = 0;
		else if (!in_rph && xlsx_is(p.rd, T_START, "t") && xlsx_text(&p, &cur, errstr_r) < 0) {
			rc = -1;
			break;
		}
	}
	xlsx_part_close(&p);
	strbuf_release(&cur);
	return rc;
}

int
xlsx_book_read(struct xlsx_reader *x, char **errstr_r)
{
	struct rels r = { NULL, 0 };
	const struct rel *rel;
	int rc;

	if (content_types(x, errstr_r) < 0 || rels_read(x, x->book, &r, errstr_r) < 0) {
		rels_release(&r);
		return -1;
	}
	if ((rel = rel_by_type(&r, "/sharedStrings")) != NULL)
		x->sst_path = xstrdup(rel->target);
	if ((rel = rel_by_type(&r, "/styles")) != NULL)
		x->styles_path = xstrdup(rel->target);
	rc = workbook(x, &r, errstr_r);
	rels_release(&r);
	if (rc < 0 || styles(x, errstr_r) < 0 || shared_strings(x, errstr_r) < 0)
		return -1;
	return 0;
}
