/*
 * recommend_int.h - what the files of recommend/ share and nobody else
 * needs: a string dictionary (open addressing, strings owned), used for
 * the synonyms, the places and the model's vocabulary; the model's layout.
 */
#ifndef ALTC_RECOMMEND_INT_H
#define ALTC_RECOMMEND_INT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "recommend.h"

struct strbuf;

struct rec_dict {
	char **keys;		/* NULL: empty slot */
	int32_t *vals;
	size_t cap, n;		/* cap a power of two */
};

void rec_dict_init(struct rec_dict *d);
void rec_dict_release(struct rec_dict *d);
/* rec_dict_get - the value of key, or -1 */
int32_t rec_dict_get(const struct rec_dict *d, const char *key);
/* rec_dict_put - set key (copied) to val; an existing key keeps its first value */
int32_t rec_dict_put(struct rec_dict *d, const char *key, int32_t val);

/* ---- the model (recommend_score.c), read by recommend_update.c too ---- */

struct rec_set {
	uint32_t *v;
	uint32_t n, cap;
};

struct rec_row {
	int64_t id;
	struct rec_set val[REC_NCRIT];	/* interned values; FORMATION holds formation slots */
	struct rec_place place;
	int has_place;
	int mobility;			/* enum rec_mobility, -1 when not given */
};

struct rec_model {
	const struct rec_norm *norm;
	int w[REC_NCRIT];
	struct rec_dict vocab;		/* key -> value id */
	char **shown;			/* value id -> spelling shown */
	size_t nvocab;
	struct rec_dict formations;	/* formation id (decimal) -> slot */
	size_t nformations;
	struct rec_row *s, *o;
	size_t ns, no, cap_s, cap_o;
	uint64_t *applied;		/* (s << 32 | o), sorted at seal */
	size_t napplied, cap_applied;
	/* gate: offers of each formation slot, then the offers targeting none */
	uint32_t **gate;
	uint32_t *ngate;
	uint32_t *open;
	size_t nopen;
	/* reverse gate: students of each formation slot */
	uint32_t **members;
	uint32_t *nmembers;
	/* results */
	struct rec_hit *top_s, *top_o;
	uint8_t *ntop_s, *ntop_o;
	/* the lists as stored before the run, and the lists that lost a row */
	struct rec_hit *old_s, *old_o;
	uint8_t *nold_s, *nold_o, *touch_s, *touch_o;
};

/* rec_push - append to a list grown by powers of two */
void rec_push(uint32_t **list, uint32_t *n, uint32_t v);
/* rec_top_insert - keep the best k hits of a list: score down, then index up */
void rec_top_insert(struct rec_hit *top, uint8_t *n, size_t k, uint32_t other, int32_t score);

/* ---- a run (recommend.c, recommend_write.c) ---- */

struct altc;
struct rec_run_stats;

struct redo {
	uint8_t *s, *o;		/* dirty rows: changed since the last run */
	size_t ns, no;
	struct id_list notify_s, notify_o;	/* rows whose list gained a line */
};

/* rec_write_lists - the differences of the lists recomputed (only_*: scoped runs) */
int rec_write_lists(struct altc *ctx, const struct rec_model *m, struct redo *r,
    const uint8_t *only_s, const uint8_t *only_o, int64_t now, struct rec_run_stats *stats,
    char **errstr_r);
/* rec_drop_stale - the lines of offers no longer published and of students gone */
int rec_drop_stale(struct altc *ctx, struct rec_run_stats *stats, char **errstr_r);
/* rec_rescore_manual - the true score of the manual recommendations */
int rec_rescore_manual(struct altc *ctx, const struct rec_model *m, char **errstr_r);
/* rec_notify_new - the digest notifications of the users whose lists gained a line */
int rec_notify_new(struct altc *ctx, const struct redo *r, struct rec_run_stats *stats,
    char **errstr_r);

/* rec_fold - lower case, no accents, runs of other characters as one space, trimmed */
void rec_fold(struct strbuf *out, const char *s, size_t len);

#endif
