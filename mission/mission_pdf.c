/*
 * mission_pdf.c - the printable export: an A4 PDF (cairo) laid out with
 * Pango, so accents, long names and a long list of activities wrap as text
 * should.  Each sheet starts a page: a title, then the formation, the
 * apprentice, the company and the mission as label / value rows; a value
 * too long for what is left of a page goes on over the next.  Then the
 * main export entry point, which picks the format.
 */
#include "compat.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "altc.h"
#include "mission_export.h"
#include "mission_int.h"
#include "strbuf.h"
#include "util.h"

#define PAGE_W 595.0	/* A4 in points */
#define PAGE_H 842.0
#define MARGIN 50.0
#define LABEL_W 165.0
#define GAP 10.0

/* a label or heading laid out once: the same literal, font and width give the same layout */
struct fixed_layout {
	const char *s;
	const PangoFontDescription *font;
	PangoLayout *l;
};

struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pc;	/* one for the document: pango_cairo_create_layout makes one per call */
	PangoFontDescription *font, *bold, *title;
	struct fixed_layout fixed[48];
	size_t nfixed;
	double y;
	size_t n;
};

/* text - a layout of s in font, wrapped at width (the caller unrefs it) */
static PangoLayout *
text(struct pdf *p, const char *s, PangoFontDescription *font, double width)
{
	PangoLayout *l = pango_layout_new(p->pc);

	pango_layout_set_font_description(l, font);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s, -1);
	return l;
}

/*
 * fixed - text() for a string literal (a label, a heading): laid out once
 * per document, as 10,000 sheets repeat the same two dozen of them; the
 * caller unrefs it like any layout
 */
static PangoLayout *
fixed(struct pdf *p, const char *s, PangoFontDescription *font, double width)
{
	size_t i;

	for (i = 0; i < p->nfixed; i++)
		if (p->fixed[i].s == s && p->fixed[i].font == font)
			return g_object_ref(p->fixed[i].l);
	if (p->nfixed == ARRAY_SIZE(p->fixed))
		return text(p, s, font, width);
	p->fixed[p->nfixed].s = s;
	p->fixed[p->nfixed].font = font;
	p->fixed[p->nfixed].l = text(p, s, font, width);
	return g_object_ref(p->fixed[p->nfixed++].l);
}

static void
new_page(struct pdf *p)
{
	if (p->y > MARGIN)
		cairo_show_page(p->cr);
	p->y = MARGIN;
}

/* heading - a section title in the platform's blue, with a rule */
static void
heading(struct pdf *p, const char *s)
{
	PangoLayout *l = fixed(p, s, p->bold, PAGE_W - 2 * MARGIN);
	int w, h;

	pango_layout_get_size(l, &w, &h);
	if (p->y + 2.0 * h / PANGO_SCALE + 20 > PAGE_H - MARGIN)
		new_page(p);
	p->y += 8;
	cairo_set_source_rgb(p->cr, 0.0, 0.0, 0.57);
	cairo_move_to(p->cr, MARGIN, p->y);
	pango_cairo_show_layout(p->cr, l);
	p->y += (double)h / PANGO_SCALE + 2;
	cairo_set_line_width(p->cr, 0.7);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, PAGE_W - MARGIN, p->y);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
	p->y += 6;
	g_object_unref(l);
}

/* row - "label   value", the value wrapped and carried over pages line by line */
static void
row(struct pdf *p, const char *label, const char *value)
{
	PangoLayout *ll = fixed(p, label, p->bold, LABEL_W - GAP);
	PangoLayout *vl = text(p, *value ? value : "—", p->font, PAGE_W - 2 * MARGIN - LABEL_W);
	PangoLayoutIter *it = pango_layout_get_iter(vl);
	int lw, lh, first = 1;
	double top = p->y, base = 0;

	pango_layout_get_size(ll, &lw, &lh);
	/* the value line by line: a page break between two lines moves the rest on */
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		PangoRectangle r;
		double ly;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		ly = (double)r.y / PANGO_SCALE - base;
		if (top + ly + (double)r.height / PANGO_SCALE > PAGE_H - MARGIN) {
			new_page(p);
			top = p->y;
			base = (double)r.y / PANGO_SCALE;
			ly = 0;
		}
		if (first) {
			cairo_move_to(p->cr, MARGIN, top);
			pango_cairo_show_layout(p->cr, ll);
			first = 0;
		}
		cairo_move_to(p->cr, MARGIN + LABEL_W,
		    top + ly + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE -
		    (double)r.y / PANGO_SCALE);
		pango_cairo_show_layout_line(p->cr, line);
		p->y = top + ly + (double)r.height / PANGO_SCALE;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	if (p->y < top + (double)lh / PANGO_SCALE)
		p->y = top + (double)lh / PANGO_SCALE;
	p->y += 5;
	g_object_unref(ll);
	g_object_unref(vl);
}

/* dmy - ISO as dd/mm/yyyy into out */
static const char *
dmy(const char *iso, char out[16])
{
	int y, m, d;

	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return iso;
	(void)xsnprintf(out, 16, "%02d/%02d/%04d", d, m, y);
	return out;
}

static int
sheet(void *arg, const struct mission_sheet *s)
{
	struct pdf *p = arg;
	PangoLayout *l;
	char d1[16], d2[16], d3[16], *title;
	int w, h;

	p->y = p->n ? PAGE_H : 0;	/* each sheet on a page of its own */
	new_page(p);
	title = xasprintf("Fiche mission — %s", s->student_name);
	l = text(p, title, p->title, PAGE_W - 2 * MARGIN);
	cairo_set_source_rgb(p->cr, 0.0, 0.0, 0.57);
	cairo_move_to(p->cr, MARGIN, p->y);
	pango_cairo_show_layout(p->cr, l);
	pango_layout_get_size(l, &w, &h);
	p->y += (double)h / PANGO_SCALE + 4;
	g_object_unref(l);
	free(title);
	cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);

	heading(p, "Formation");
	row(p, "Formation", *s->formation_code ? s->formation_label : "");
	row(p, "Code formation", s->formation_code);
	row(p, "Code RNCP", s->rncp_code);
	row(p, "Code diplôme", s->diploma_code);
	row(p, "Promotion", s->v[MF_PROMOTION]);
	row(p, "Année scolaire", s->v[MF_SCHOOL_YEAR]);
	row(p, "Responsable pédagogique", *s->rp_email ? s->rp_name : "");
	heading(p, "Apprenti");
	row(p, "Nom", s->student_name);
	row(p, "E-mail", s->student_email);
	row(p, "INE", s->student_ine);
	row(p, "Date de naissance", dmy(s->student_birth, d3));
	heading(p, "Entreprise");
	row(p, "Entreprise", s->v[MF_COMPANY]);
	row(p, "SIRET", s->v[MF_SIRET]);
	row(p, "Adresse", s->v[MF_ADDRESS]);
	row(p, "Responsable du contrat", s->v[MF_MANAGER]);
	row(p, "Maître d'apprentissage", s->v[MF_TUTOR]);
	row(p, "E-mail du maître d'apprentissage", s->v[MF_TUTOR_EMAIL]);
	heading(p, "Mission");
	row(p, "Date de début", dmy(s->v[MF_START], d1));
	row(p, "Date de fin", dmy(s->v[MF_END], d2));
	row(p, "Sujet", s->v[MF_SUBJECT]);
	row(p, "Activités", s->v[MF_ACTIVITIES]);
	p->n++;
	return cairo_status(p->cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

int
mission_export_pdf(struct altc *ctx, const char *formation, const char *state, const char *path,
    size_t *n_r, char **errstr_r)
{
	struct pdf p = { 0 };
	cairo_status_t cs;
	int rc;

	*n_r = 0;
	p.surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS) {
		*errstr_r = xasprintf("cannot create '%s': %s", path,
		    cairo_status_to_string(cairo_surface_status(p.surface)));
		cairo_surface_destroy(p.surface);
		return -1;
	}
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, "Fiches mission");
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "altconnect");
	p.cr = cairo_create(p.surface);
	p.pc = pango_cairo_create_context(p.cr);
	p.font = pango_font_description_from_string("DejaVu Sans 9.5");
	p.bold = pango_font_description_from_string("DejaVu Sans Bold 9.5");
	p.title = pango_font_description_from_string("DejaVu Sans Bold 15");
	rc = mission_export_each(ctx, formation, state, sheet, &p, errstr_r);
	if (p.n == 0) {
		/* an empty export is still a document that says so */
		PangoLayout *l = text(&p, "Aucune fiche mission.", p.font, PAGE_W - 2 * MARGIN);

		cairo_move_to(p.cr, MARGIN, MARGIN);
		pango_cairo_show_layout(p.cr, l);
		g_object_unref(l);
	}
	pango_font_description_free(p.font);
	pango_font_description_free(p.bold);
	pango_font_description_free(p.title);
	for (size_t i = 0; i < p.nfixed; i++)
		g_object_unref(p.fixed[i].l);
	g_object_unref(p.pc);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	cs = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	if (rc == 0 && cs != CAIRO_STATUS_SUCCESS) {
		*errstr_r = xasprintf("'%s': %s", path, cairo_status_to_string(cs));
		rc = -1;
	}
	*n_r = p.n;
	return rc;
}

int
mission_export_file(struct altc *ctx, const char *formation, const char *state,
    enum mission_export_format fmt, const char *path, size_t *n_r, char **errstr_r)
{
	FILE *fp;
	int rc;

	switch (fmt) {
	case MEXPORT_XLSX:
		return mission_export_xlsx(ctx, formation, state, path, n_r, errstr_r);
	case MEXPORT_PDF:
		return mission_export_pdf(ctx, formation, state, path, n_r, errstr_r);
	case MEXPORT_CSV:
		break;
	}
	if (strcmp(path, "-") == 0)
		return mission_export_csv(ctx, formation, state, stdout, n_r, errstr_r);
	if ((fp = fopen(path, "wb")) == NULL) {
		*errstr_r = xasprintf("cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = mission_export_csv(ctx, formation, state, fp, n_r, errstr_r);
	if (fclose(fp) != 0 && rc == 0) {
		*errstr_r = xasprintf("'%s': %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}
