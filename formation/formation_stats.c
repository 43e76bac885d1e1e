/*
 * formation_stats.c - the figures of each formation, in one query over the
 * enrolments: each student of a formation counts once, with or without an
 * alternance, whatever the number of applications or sheets.  A student
 * enrolled in two formations counts in both.
 */
#include "compat.h"

#include <stdio.h>

#include "altc.h"
#include "db.h"
#include "formation_stats.h"
#include "table.h"
#include "util.h"

static const char stats_sql[] =
    "SELECT f.id, f.code, f.label, count(x.sid), coalesce(sum(x.alt), 0),"
    "  coalesce(sum(x.apps), 0), coalesce(sum(x.mis), 0)"
    " FROM formations f LEFT JOIN ("
    "  SELECT sf.formation_id AS fid, sf.student_id AS sid,"
    "   (EXISTS (SELECT 1 FROM applications a WHERE a.student_id = sf.student_id"
    "     AND a.state = 'accepted')"
    "    OR EXISTS (SELECT 1 FROM missions m WHERE m.student_id = sf.student_id"
    "     AND m.state = 'validated')) AS alt,"
    "   (SELECT count(*) FROM applications a WHERE a.student_id = sf.student_id) AS apps,"
    "   EXISTS (SELECT 1 FROM missions m WHERE m.student_id = sf.student_id"
    "     AND m.state = 'validated') AS mis"
    "  FROM student_formations sf) x ON x.fid = f.id"
    " WHERE (?1 IS NULL OR f.code = ?1)"
    "  AND (?2 = 0 OR f.rp_id = ?2"
    "   OR EXISTS (SELECT 1 FROM delegations d WHERE d.ga_id = ?2"
    "    AND (d.formation_id = f.id OR (d.formation_id IS NULL AND d.rp_id = f.rp_id)))"
    "   OR ((SELECT role FROM users WHERE id = ?2) = 'ga'"
    "    AND NOT EXISTS (SELECT 1 FROM delegations d WHERE d.ga_id = ?2)))"
    " GROUP BY f.id ORDER BY f.code";

int
formation_stats_load(struct altc *ctx, const char *code, int64_t viewer_id,
    struct formation_stats *out, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, stats_sql);
	int r;

	out->v = NULL;
	out->n = 0;
	if (code)
		db_bind_keep(st, 1, code);
	db_bind_int(st, 2, viewer_id);
	while ((r = db_step(ctx->db, st, errstr_r)) == 1) {
		struct formation_stat *f;

		out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
		f = &out->v[out->n++];
		f->id = sqlite3_column_int64(st, 0);
		f->code = xstrdup(db_col_text(st, 1));
		f->label = xstrdup(db_col_text(st, 2));
		f->students = (long)sqlite3_column_int64(st, 3);
		f->with_alternance = (long)sqlite3_column_int64(st, 4);
		f->searching = f->students - f->with_alternance;
		f->applications = (long)sqlite3_column_int64(st, 5);
		f->with_mission = (long)sqlite3_column_int64(st, 6);
	}
	sqlite3_reset(st);
	if (r < 0) {
		formation_stats_release(out);
		return -1;
	}
	return 0;
}

void
formation_stats_release(struct formation_stats *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].code);
		free(s->v[i].label);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

void
formation_stat_rates(const struct formation_stat *f, double *per_student_r,
    double *signature_r, double *mission_r)
{
	*per_student_r = f->students ? (double)f->applications / (double)f->students : 0.0;
	*signature_r = f->students ? 100.0 * (double)f->with_alternance / (double)f->students : 0.0;
	*mission_r = f->with_alternance ?
	    100.0 * (double)f->with_mission / (double)f->with_alternance : 0.0;
}

struct table *
formation_stats_table(const struct formation_stats *s)
{
	static const char *const cols[] = { "code", "label", "students", "with_alternance",
	    "searching", "applications_per_student", "signature_rate", "mission_rate" };
	struct table *t = table_new(cols, ARRAY_SIZE(cols));

	for (size_t i = 0; i < s->n; i++) {
		const struct formation_stat *f = &s->v[i];
		char num[3][24], rate[3][24];
		const char *row[8];
		double ps, sig, mis;

		formation_stat_rates(f, &ps, &sig, &mis);
		xsnprintf(num[0], sizeof(num[0]), "%ld", f->students);
		xsnprintf(num[1], sizeof(num[1]), "%ld", f->with_alternance);
		xsnprintf(num[2], sizeof(num[2]), "%ld", f->searching);
		xsnprintf(rate[0], sizeof(rate[0]), "%.2f", ps);
		xsnprintf(rate[1], sizeof(rate[1]), "%.1f", sig);
		xsnprintf(rate[2], sizeof(rate[2]), "%.1f", mis);
		row[0] = f->code;
		row[1] = f->label;
		row[2] = num[0];
		row[3] = num[1];
		row[4] = num[2];
		row[5] = rate[0];
		row[6] = rate[1];
		row[7] = rate[2];
		table_add_row(t, row);
	}
	return t;
}
