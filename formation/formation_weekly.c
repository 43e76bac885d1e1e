/*
 * formation_weekly.c - the weekly statistics mail.  Each active rp and ga
 * gets the figures of the formations they see (formation_stats_load) as a
 * table, with the chart inline in the HTML part (an attachment with a
 * Content-ID) and the same numbers in the text part.  stats.weekly is an
 * optional mail: notify_queue drops the mail of whoever turned optional
 * notifications off, the center row stays.
 *
 * Formations without students are left out, and a staff member with none
 * left gets no mail (a fresh instance is not mailed empty tables).
 *
 * Idempotent per week: the center row of stats.weekly carries the ISO week
 * ("2026-W49"); a staff member who already has one for this week is
 * skipped, so running the job twice the same week sends nothing twice.
 */
#include "compat.h"

#include <json-c/json.h>
#include <stdio.h>
#include <time.h>

#include "altc.h"
#include "db.h"
#include "formation_stats.h"
#include "notify.h"
#include "util.h"

#define CHART_CID "chart.stats@altconnect"

/* french - "%.1f" with a decimal comma, as the mail is read in French */
static json_object *
french(double v, int decimals)
{
	char buf[32], *p;

	xsnprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if ((p = strchr(buf, '.')) != NULL)
		*p = ',';
	return json_object_new_string(buf);
}

/* week_of - the ISO week of now ("2026-W49") and its days ("30/11/2026 – 06/12/2026"), local time */
static void
week_of(char *week, size_t wsize, char *period, size_t psize)
{
	time_t t = (time_t)now_epoch(), mon;
	struct tm tm;
	char a[16], b[16];

	localtime_r(&t, &tm);
	strftime(week, wsize, "%G-W%V", &tm);
	mon = t - (time_t)((tm.tm_wday + 6) % 7) * 86400;	/* back to Monday */
	localtime_r(&mon, &tm);
	strftime(a, sizeof(a), "%d/%m/%Y", &tm);
	mon += 6 * 86400 + 3600;	/* Sunday, whatever a DST change did */
	localtime_r(&mon, &tm);
	strftime(b, sizeof(b), "%d/%m/%Y", &tm);
	xsnprintf(period, psize, "%s – %s", a, b);
}

/* already_sent - whether the user has this week's statistics in their center */
static int
already_sent(struct altc *ctx, int64_t uid, const char *week, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM notifications WHERE user_id = ? AND kind = 'stats.weekly'"
	    " AND json_extract(vars, '$.week') = ?");
	int r;

	db_bind_int(st, 1, uid);
	db_bind_keep(st, 2, week);
	r = db_step(ctx->db, st, errstr_r);
	sqlite3_reset(st);
	return r;
}

/* vars_of - the template variables of stats.weekly (VARIABLES.md) */
static json_object *
vars_of(const struct formation_stats *s, const char *week, const char *monday)
{
	json_object *v = json_object_new_object(), *a = json_object_new_array();

	for (size_t i = 0; i < s->n; i++) {
		const struct formation_stat *f = &s->v[i];
		json_object *o = json_object_new_object();
		double ps, sig, mis;

		formation_stat_rates(f, &ps, &sig, &mis);
		json_object_object_add(o, "code", json_object_new_string(f->code));
		json_object_object_add(o, "label", json_object_new_string(f->label));
		json_object_object_add(o, "students", json_object_new_int64(f->students));
		json_object_object_add(o, "with_alternance",
		    json_object_new_int64(f->with_alternance));
		json_object_object_add(o, "searching", json_object_new_int64(f->searching));
		json_object_object_add(o, "applications_per_student", french(ps, 2));
		json_object_object_add(o, "signature_rate", french(sig, 0));
		json_object_object_add(o, "mission_rate", french(mis, 0));
		json_object_array_add(a, o);
	}
	json_object_object_add(v, "period", json_object_new_string(monday));
	json_object_object_add(v, "week", json_object_new_string(week));
	json_object_object_add(v, "formations", a);
	json_object_object_add(v, "chart_cid", json_object_new_string(CHART_CID));
	return v;
}

/* drop_empty - a formation without students has no figures worth a mail */
static void
drop_empty(struct formation_stats *s)
{
	size_t i, k = 0;

	for (i = 0; i < s->n; i++) {
		if (s->v[i].students == 0) {
			free(s->v[i].code);
			free(s->v[i].label);
			continue;
		}
		s->v[k++] = s->v[i];
	}
	s->n = k;
}

/* send_one - the statistics of one staff member, chart first; 1 sent, 0 nothing to send */
static int
send_one(struct altc *ctx, int64_t uid, const char *week, const char *monday,
    char **errstr_r)
{
	struct formation_stats s;
	struct notify_msg m = { 0 };
	json_object *v = NULL, *a = NULL, *d;
	char *dir = NULL, *png = NULL;
	int rc = -1;

	if (formation_stats_load(ctx, NULL, uid, &s, errstr_r) < 0)
		return -1;
	drop_empty(&s);
	if (s.n == 0) {
		rc = 0;
		goto out;
	}
	dir = altc_spool_path(ctx, "reports");
	png = xasprintf("%s/statistiques-%s-%lld.png", dir, week, (long long)uid);
	if (formation_stats_chart(&s, png, errstr_r) < 0)
		goto out;
	v = vars_of(&s, week, monday);
	a = json_object_new_array();
	d = json_object_new_object();
	json_object_object_add(d, "path", json_object_new_string(png));
	json_object_object_add(d, "filename", json_object_new_string("statistiques.png"));
	json_object_object_add(d, "type", json_object_new_string("image/png"));
	json_object_object_add(d, "cid", json_object_new_string(CHART_CID));
	json_object_array_add(a, d);
	m.user_id = uid;
	m.template = "stats.weekly";
	m.importance = NOTIFY_ACTION;
	m.thread = "stats.weekly";
	m.vars_json = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	m.attachments_json = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = notify_queue(ctx, &m, errstr_r) < 0 ? -1 : 1;
out:
	json_object_put(v);
	json_object_put(a);
	free(png);
	free(dir);
	formation_stats_release(&s);
	return rc;
}

int
stats_weekly(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM users WHERE (role = 'rp' OR role = 'ga') AND state = 'active'"
	    " ORDER BY id");
	char week[16], monday[48];
	int64_t *ids = NULL;
	size_t n = 0, i;
	int r, rc = 0;

	*did_r = 0;
	week_of(week, sizeof(week), monday, sizeof(monday));
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("the database is unavailable");
		return -1;
	}
	while ((r = db_step(ctx->db, st, errstr_r)) == 1) {
		ids = xreallocarray(ids, n + 1, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (r < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		if ((r = already_sent(ctx, ids[i], week, errstr_r)) != 0) {
			rc = r < 0 ? -1 : 0;
			continue;
		}
		if ((r = send_one(ctx, ids[i], week, monday, errstr_r)) < 0)
			rc = -1;
		else
			*did_r += (size_t)r;
	}
	free(ids);
	if (rc < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the weekly statistics");
		return -1;
	}
	return 0;
}
