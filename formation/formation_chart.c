/*
 * formation_chart.c - the picture of the weekly statistics: one horizontal
 * bar per formation, its students split between those with an alternance
 * (green) and those still searching (orange), with the signature rate at
 * the end of the bar.  Drawn with cairo into a PNG; every text goes through
 * Pango so accented labels and long formation names come out right (a name
 * too long for the label column is ellipsized, not cut mid-glyph).
 */
#include "compat.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>

#include "formation_stats.h"
#include "util.h"

#define CHART_W 720
#define LABEL_W 220.0
#define ROW_H 34.0
#define TOP 78.0
#define PAD 16.0

static const double green[3] = { 0.18, 0.55, 0.34 };
static const double orange[3] = { 0.93, 0.55, 0.16 };

/* say - s at (x, y) in font, ellipsized at width (<= 0: no limit) */
static void
say(cairo_t *cr, const char *s, const char *font, double x, double y, double width)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);

	pango_layout_set_font_description(l, fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_set_text(l, s, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
}

static void
box(cairo_t *cr, const double rgb[3], double x, double y, double w, double h)
{
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
}

int
formation_stats_chart(const struct formation_stats *s, const char *path, char **errstr_r)
{
	int h = (int)(TOP + ROW_H * (double)(s->n ? s->n : 1) + PAD);
	cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, CHART_W, h);
	cairo_t *cr = cairo_create(sf);
	double barw = CHART_W - LABEL_W - 2 * PAD - 70.0;
	cairo_status_t cs;
	long most = 1;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].students > most)
			most = s->v[i].students;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	say(cr, "Étudiants par formation", "Sans Bold 14", PAD, 10, -1);
	box(cr, green, PAD, 44, 14, 14);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	say(cr, "En alternance", "Sans 10", PAD + 20, 42, -1);
	box(cr, orange, PAD + 140, 44, 14, 14);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	say(cr, "En recherche", "Sans 10", PAD + 160, 42, -1);
	for (i = 0; i < s->n; i++) {
		const struct formation_stat *f = &s->v[i];
		double y = TOP + ROW_H * (double)i, x = PAD + LABEL_W;
		double wa = barw * (double)f->with_alternance / (double)most;
		double ws = barw * (double)(f->searching > 0 ? f->searching : 0) / (double)most;
		double ps, sig, mis;
		char num[64];

		formation_stat_rates(f, &ps, &sig, &mis);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		say(cr, f->label, "Sans 10", PAD, y + 6, LABEL_W - 10);
		box(cr, green, x, y + 4, wa, ROW_H - 10);
		box(cr, orange, x + wa, y + 4, ws, ROW_H - 10);
		xsnprintf(num, sizeof(num), "%ld / %ld (%.0f %%)", f->with_alternance, f->students,
		    sig);
		cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
		say(cr, num, "Sans 9", x + wa + ws + 6, y + 8, -1);
	}
	if (s->n == 0) {
		cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
		say(cr, "Aucune formation", "Sans Italic 10", PAD, TOP + 6, -1);
	}
	cairo_destroy(cr);
	cs = cairo_surface_write_to_png(sf, path);
	cairo_surface_destroy(sf);
	if (cs != CAIRO_STATUS_SUCCESS) {
		*errstr_r = xasprintf("cannot write '%s': %s", path, cairo_status_to_string(cs));
		return -1;
	}
	return 0;
}
