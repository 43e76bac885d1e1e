/*
 * recommend_update.c - incremental runs of the model (recommend_score.c):
 * the lists as stored are read back (rec_model_old), and a list whose own
 * student or offer did not change is merged with the changed rows it may
 * see instead of being recomputed.  The merge is exact unless a line left
 * a full list and what came in ranks below the old last line: a row nobody
 * rescored might then belong in it, and the list is recomputed in full.
 */
#include "compat.h"

#include "recommend.h"
#include "recommend_int.h"
#include "util.h"

/* old_put - a stored line at its rank; a gap or a rank out of bounds spoils the list */
static void
old_put(struct rec_hit *list, uint8_t *n, uint8_t *touch, size_t k, int rank, uint32_t other,
    int score)
{
	if (rank < 1 || (size_t)rank > k) {
		*touch = 1;
		return;
	}
	list[rank - 1].other = other;
	list[rank - 1].score = score;
	if (rank > *n)
		*n = (uint8_t)rank;
}

void
rec_model_old(struct rec_model *m, int64_t student_id, int64_t offer_id, int score,
    int student_rank, int offer_rank)
{
	int64_t s = rec_model_find_student(m, student_id), o = rec_model_find_offer(m, offer_id);

	if (student_rank > 0 && s >= 0) {
		if (o < 0)		/* the offer left: the list has a hole */
			m->touch_s[s] = 1;
		else
			old_put(&m->old_s[(size_t)s * REC_PER_STUDENT], &m->nold_s[s], &m->touch_s[s],
			    REC_PER_STUDENT, student_rank, (uint32_t)o, score);
	}
	if (offer_rank > 0 && o >= 0) {
		if (s < 0)
			m->touch_o[o] = 1;
		else
			old_put(&m->old_o[(size_t)o * REC_PER_OFFER], &m->nold_o[o], &m->touch_o[o],
			    REC_PER_OFFER, offer_rank, (uint32_t)s, score);
	}
}

/* worse - whether hit a comes after hit b in a list */
static int
worse(const struct rec_hit *a, const struct rec_hit *b)
{
	return a->score < b->score || (a->score == b->score && a->other > b->other);
}

struct full_arg {
	struct rec_model *m;
	uint32_t row, *stamp, gen;
	int offer_side;
	size_t pairs;
};

static void
full_one(void *arg, uint32_t other)
{
	struct full_arg *a = arg;
	struct rec_model *m = a->m;
	int sc;

	if (a->stamp[other] == a->gen)
		return;
	a->stamp[other] = a->gen;
	a->pairs++;
	if (a->offer_side) {
		if ((sc = rec_model_score(m, other, a->row, NULL, NULL)) > 0)
			rec_top_insert(&m->top_o[(size_t)a->row * REC_PER_OFFER], &m->ntop_o[a->row],
			    REC_PER_OFFER, other, sc);
	} else if ((sc = rec_model_score(m, a->row, other, NULL, NULL)) > 0)
		rec_top_insert(&m->top_s[(size_t)a->row * REC_PER_STUDENT], &m->ntop_s[a->row],
		    REC_PER_STUDENT, other, sc);
}

/*
 * merge - a list whose own row did not change: the stored list without the
 * lines of changed rows, plus those rows scored again.  Exact unless a line
 * left a full list and what came in ranks below the old last line (a row
 * nobody rescored might then belong in it): 0 asks for a full rescoring.
 */
static int
merge(struct rec_model *m, int offer_side, uint32_t row, const uint32_t *cand, size_t ncand,
    const uint8_t *dirty_other, size_t k, size_t *pairs)
{
	struct rec_hit *top = offer_side ? &m->top_o[(size_t)row * k] : &m->top_s[(size_t)row * k];
	uint8_t *n = offer_side ? &m->ntop_o[row] : &m->ntop_s[row];
	const struct rec_hit *old = offer_side ? &m->old_o[(size_t)row * k] : &m->old_s[(size_t)row * k];
	size_t nold = offer_side ? m->nold_o[row] : m->nold_s[row], removed = 0;

	*n = 0;
	for (size_t i = 0; i < nold; i++) {
		if (dirty_other[old[i].other])
			removed++;
		else
			top[(*n)++] = old[i];
	}
	for (size_t i = 0; i < ncand; i++) {
		int sc = offer_side ? rec_model_score(m, cand[i], row, NULL, NULL) :
		    rec_model_score(m, row, cand[i], NULL, NULL);

		(*pairs)++;
		if (sc > 0)
			rec_top_insert(top, n, k, cand[i], sc);
	}
	if (nold == k && removed > 0 && (*n < k || worse(&top[k - 1], &old[k - 1])))
		return 0;
	return 1;
}

size_t
rec_model_update(struct rec_model *m, const uint8_t *dirty_s, const uint8_t *dirty_o)
{
	uint32_t **dgate = xcalloc(m->nformations + 1, sizeof(*dgate));
	uint32_t *ndgate = xcalloc(m->nformations + 1, sizeof(*ndgate));
	uint32_t **dmem = xcalloc(m->nformations + 1, sizeof(*dmem));
	uint32_t *ndmem = xcalloc(m->nformations + 1, sizeof(*ndmem));
	uint32_t *dopen = NULL, ndopen = 0, *dall = NULL, ndall = 0, *cand = NULL, ncand;
	uint32_t *stamp_o = xcalloc(m->no + 1, sizeof(uint32_t));
	uint32_t *stamp_s = xcalloc(m->ns + 1, sizeof(uint32_t));
	struct full_arg fa = { m, 0, NULL, 0, 0, 0 };
	size_t pairs = 0, capc = 0;

	free(m->top_s);
	free(m->top_o);
	free(m->ntop_s);
	free(m->ntop_o);
	m->top_s = xcalloc(m->ns * REC_PER_STUDENT + 1, sizeof(*m->top_s));
	m->top_o = xcalloc(m->no * REC_PER_OFFER + 1, sizeof(*m->top_o));
	m->ntop_s = xcalloc(m->ns + 1, 1);
	m->ntop_o = xcalloc(m->no + 1, 1);
	/* the changed offers of each formation, the changed students of each */
	for (uint32_t f = 0; f < m->nformations; f++) {
		for (uint32_t i = 0; i < m->ngate[f]; i++)
			if (dirty_o[m->gate[f][i]])
				rec_push(&dgate[f], &ndgate[f], m->gate[f][i]);
		for (uint32_t i = 0; i < m->nmembers[f]; i++)
			if (dirty_s[m->members[f][i]])
				rec_push(&dmem[f], &ndmem[f], m->members[f][i]);
	}
	for (size_t i = 0; i < m->nopen; i++)
		if (dirty_o[m->open[i]])
			rec_push(&dopen, &ndopen, m->open[i]);
	for (uint32_t s = 0; s < m->ns; s++)
		if (dirty_s[s])
			rec_push(&dall, &ndall, s);
	/* students */
	for (uint32_t s = 0; s < m->ns; s++) {
		const struct rec_set *fs = &m->s[s].val[REC_FORMATION];

		fa.row = s, fa.stamp = stamp_o, fa.gen = s + 1, fa.offer_side = 0;
		if (!dirty_s[s] && !m->touch_s[s]) {
			ncand = 0;
			for (uint32_t k = 0; k <= fs->n; k++) {
				const uint32_t *l = k < fs->n ? dgate[fs->v[k]] : dopen;
				uint32_t nl = k < fs->n ? ndgate[fs->v[k]] : ndopen;

				for (uint32_t i = 0; i < nl; i++) {
					if (stamp_o[l[i]] == s + 1)
						continue;
					stamp_o[l[i]] = s + 1;
					if (ncand == capc) {
						capc = capc ? 2 * capc : 64;
						cand = xreallocarray(cand, capc, sizeof(*cand));
					}
					cand[ncand++] = l[i];
				}
			}
			if (merge(m, 0, s, cand, ncand, dirty_o, REC_PER_STUDENT, &pairs))
				continue;
			fa.gen = m->ns + m->no + s + 1;	/* a fresh stamp for the rescoring */
			m->ntop_s[s] = 0;
		}
		rec_model_gate_offers(m, s, full_one, &fa);
	}
	pairs += fa.pairs;
	fa.pairs = 0;
	/* offers */
	for (uint32_t o = 0; o < m->no; o++) {
		const struct rec_set *fo = &m->o[o].val[REC_FORMATION];

		fa.row = o, fa.stamp = stamp_s, fa.gen = o + 1, fa.offer_side = 1;
		if (!dirty_o[o] && !m->touch_o[o]) {
			ncand = 0;
			if (fo->n == 0) {
				if (ndall > capc) {
					capc = ndall;
					cand = xreallocarray(cand, capc, sizeof(*cand));
				}
				if (ndall)
					memcpy(cand, dall, ndall * sizeof(*cand));
				ncand = ndall;
			}
			for (uint32_t k = 0; k < fo->n; k++)
				for (uint32_t i = 0; i < ndmem[fo->v[k]]; i++) {
					uint32_t st = dmem[fo->v[k]][i];

					if (stamp_s[st] == o + 1)
						continue;
					stamp_s[st] = o + 1;
					if (ncand == capc) {
						capc = capc ? 2 * capc : 64;
						cand = xreallocarray(cand, capc, sizeof(*cand));
					}
					cand[ncand++] = st;
				}
			if (merge(m, 1, o, cand, ncand, dirty_s, REC_PER_OFFER, &pairs))
				continue;
			fa.gen = m->ns + m->no + o + 1;
			m->ntop_o[o] = 0;
		}
		rec_model_gate_students(m, o, full_one, &fa);
	}
	pairs += fa.pairs;
	for (uint32_t f = 0; f < m->nformations; f++) {
		free(dgate[f]);
		free(dmem[f]);
	}
	free(dgate);
	free(ndgate);
	free(dmem);
	free(ndmem);
	free(dopen);
	free(dall);
	free(cand);
	free(stamp_o);
	free(stamp_s);
	return pairs;
}

int
rec_model_list_changed(const struct rec_model *m, int offer_side, uint32_t row)
{
	size_t k = offer_side ? REC_PER_OFFER : REC_PER_STUDENT;
	const struct rec_hit *a = offer_side ? &m->top_o[row * k] : &m->top_s[row * k];
	const struct rec_hit *b = offer_side ? &m->old_o[row * k] : &m->old_s[row * k];
	size_t na = offer_side ? m->ntop_o[row] : m->ntop_s[row];
	size_t nb = offer_side ? m->nold_o[row] : m->nold_s[row];

	if (na != nb || (offer_side ? m->touch_o[row] : m->touch_s[row]))
		return 1;
	for (size_t i = 0; i < na; i++)
		if (a[i].other != b[i].other || a[i].score != b[i].score)
			return 1;
	return 0;
}

const struct rec_hit *
rec_model_old_list(const struct rec_model *m, int offer_side, uint32_t row, size_t *n_r)
{
	size_t k = offer_side ? REC_PER_OFFER : REC_PER_STUDENT;

	*n_r = offer_side ? m->nold_o[row] : m->nold_s[row];
	return offer_side ? &m->old_o[row * k] : &m->old_s[row * k];
}
