/*
 * formation_stats.h - the figures of each formation (the weekly statistics):
 * its students, those with an alternance (an accepted application or a
 * validated mission sheet), those still searching, the applications per
 * student, the contract-signature rate (students with an alternance among
 * the students) and the mission-validation rate (students with a validated
 * sheet among those with an alternance).  Read-only: no transaction needed.
 */
#ifndef ALTC_FORMATION_STATS_H
#define ALTC_FORMATION_STATS_H

#include <stddef.h>
#include <stdint.h>

struct altc;
struct table;

struct formation_stat {
	int64_t id;
	char *code, *label;
	long students;		/* enrolled in the formation */
	long with_alternance;	/* accepted application or validated sheet */
	long searching;		/* students - with_alternance */
	long applications;	/* all the applications of its students */
	long with_mission;	/* students with a validated mission sheet */
};

struct formation_stats {
	struct formation_stat *v;
	size_t n;
};

/*
 * formation_stats_load - the figures of every formation (code NULL) or of
 * one; viewer_id > 0 keeps only the formations that staff member sees: the
 * rp's own, a ga's delegated ones (all of them for a ga without any
 * delegation).  Ordered by code.  -1 with errstr; out is then empty.
 */
int formation_stats_load(struct altc *ctx, const char *code, int64_t viewer_id,
    struct formation_stats *out, char **errstr_r);
void formation_stats_release(struct formation_stats *s);

/* formation_stat_rates - applications per student, signature and mission rates (%) */
void formation_stat_rates(const struct formation_stat *f, double *per_student_r,
    double *signature_r, double *mission_r);

/* formation_stats_table - the figures as a table for `altc stats` (dots as decimal point) */
struct table *formation_stats_table(const struct formation_stats *s);

/*
 * formation_stats_chart - a PNG bar chart (cairo, labels through Pango) of
 * the students of each formation, with an alternance and still searching;
 * -1 with errstr when the file cannot be written.
 */
int formation_stats_chart(const struct formation_stats *s, const char *path, char **errstr_r);

/* stats_weekly - the weekly job: each rp and ga gets the figures of their formations once a week */
int stats_weekly(struct altc *ctx, size_t *did_r, char **errstr_r);

#endif
