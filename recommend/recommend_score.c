/*
 * recommend_score.c - the recommendation model in memory: no SQL, no mail.
 * Every criterion value is interned once (an integer per normalised key),
 * so a student and an offer are small sorted integer sets per criterion and
 * scoring a pair is a few merges.  The formation gate is an index from each
 * formation to the offers it may see, plus the offers that target none.
 *
 * rec_model_rank scores each gated pair once and feeds both directions:
 * the student's list and the offer's list, each a top-K kept sorted by
 * insertion (K is 10: a heap would not pay).  Ties go to the smaller index,
 * which is the smaller id since rows are added in id order.  Incremental
 * runs are in recommend_update.c.
 */
#include "compat.h"

#include <math.h>

#include "recommend.h"
#include "recommend_int.h"
#include "strbuf.h"
#include "util.h"

static const char *const crit_names[REC_NCRIT] = {
	"formation", "sector", "skills", "contract", "location", "seniority", "mobility",
	"languages", "availability",
};

const char *
rec_criterion_name(enum rec_criterion c)
{
	return c < REC_NCRIT ? crit_names[c] : "?";
}

static void
set_add(struct rec_set *s, uint32_t v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = v;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void
set_seal(struct rec_set *s)
{
	uint32_t i, j;

	if (s->n < 2)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_u32);
	for (i = 1, j = 1; i < s->n; i++)
		if (s->v[i] != s->v[j - 1])
			s->v[j++] = s->v[i];
	s->n = j;
}

struct rec_model *
rec_model_new(const struct rec_norm *n, const int weights[REC_NCRIT])
{
	struct rec_model *m = xcalloc(1, sizeof(*m));

	m->norm = n;
	memcpy(m->w, weights, sizeof(m->w));
	rec_dict_init(&m->vocab);
	rec_dict_init(&m->formations);
	return m;
}

static void
rows_free(struct rec_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < REC_NCRIT; c++)
			free(r[i].val[c].v);
	free(r);
}

void
rec_model_free(struct rec_model **mp)
{
	struct rec_model *m = *mp;

	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nvocab; i++)
		free(m->shown[i]);
	free(m->shown);
	for (size_t f = 0; f < m->nformations && m->gate; f++) {
		free(m->gate[f]);
		free(m->members[f]);
	}
	free(m->gate);
	free(m->ngate);
	free(m->members);
	free(m->nmembers);
	free(m->open);
	rec_dict_release(&m->vocab);
	rec_dict_release(&m->formations);
	rows_free(m->s, m->ns);
	rows_free(m->o, m->no);
	free(m->applied);
	free(m->top_s);
	free(m->top_o);
	free(m->ntop_s);
	free(m->ntop_o);
	free(m->old_s);
	free(m->old_o);
	free(m->nold_s);
	free(m->nold_o);
	free(m->touch_s);
	free(m->touch_o);
	free(m);
	*mp = NULL;
}

static uint32_t
add_row(struct rec_row **rows, size_t *n, size_t *cap, int64_t id)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		*rows = xreallocarray(*rows, *cap, sizeof(**rows));
	}
	memset(&(*rows)[*n], 0, sizeof(**rows));
	(*rows)[*n].id = id;
	(*rows)[*n].mobility = -1;
	return (uint32_t)(*n)++;
}

uint32_t
rec_model_add_student(struct rec_model *m, int64_t id)
{
	return add_row(&m->s, &m->ns, &m->cap_s, id);
}

uint32_t
rec_model_add_offer(struct rec_model *m, int64_t id)
{
	return add_row(&m->o, &m->no, &m->cap_o, id);
}

static uint32_t
formation_slot(struct rec_model *m, int64_t formation_id)
{
	char key[24];

	xsnprintf(key, sizeof(key), "%lld", (long long)formation_id);
	if (rec_dict_get(&m->formations, key) < 0)
		rec_dict_put(&m->formations, key, (int32_t)m->nformations++);
	return (uint32_t)rec_dict_get(&m->formations, key);
}

void
rec_model_student_formation(struct rec_model *m, uint32_t s, int64_t formation_id)
{
	set_add(&m->s[s].val[REC_FORMATION], formation_slot(m, formation_id));
}

void
rec_model_offer_formation(struct rec_model *m, uint32_t o, int64_t formation_id)
{
	set_add(&m->o[o].val[REC_FORMATION], formation_slot(m, formation_id));
}

struct add_arg {
	struct rec_model *m;
	struct rec_set *set;
};

static void
add_value(void *arg, const char *key, const char *shown)
{
	struct add_arg *a = arg;
	struct rec_model *m = a->m;
	int32_t id = rec_dict_get(&m->vocab, key);

	if (id < 0) {
		id = rec_dict_put(&m->vocab, key, (int32_t)m->nvocab);
		m->shown = xreallocarray(m->shown, m->nvocab + 1, sizeof(char *));
		m->shown[m->nvocab++] = xstrdup(shown);
	}
	set_add(a->set, (uint32_t)id);
}

/* row_value - a criterion of a row: a place, a mobility level or a list */
static void
row_value(struct rec_model *m, struct rec_row *r, enum rec_criterion c, const char *text)
{
	struct add_arg a = { m, &r->val[c] };
	int level;

	switch (c) {
	case REC_FORMATION:
		break;
	case REC_LOCATION:
		if (!r->has_place)
			r->has_place = rec_norm_place(m->norm, text, &r->place);
		break;
	case REC_MOBILITY:
		if ((level = rec_norm_mobility(text)) >= 0)
			r->mobility = level;
		break;
	default:
		(void)rec_norm_values(m->norm, text, add_value, &a);
		break;
	}
}

void
rec_model_student_value(struct rec_model *m, uint32_t s, enum rec_criterion c, const char *text)
{
	row_value(m, &m->s[s], c, text);
}

void
rec_model_offer_value(struct rec_model *m, uint32_t o, enum rec_criterion c, const char *text)
{
	row_value(m, &m->o[o], c, text);
}

void
rec_model_applied(struct rec_model *m, uint32_t s, uint32_t o)
{
	if (m->napplied == m->cap_applied) {
		m->cap_applied = m->cap_applied ? 2 * m->cap_applied : 256;
		m->applied = xreallocarray(m->applied, m->cap_applied, sizeof(*m->applied));
	}
	m->applied[m->napplied++] = (uint64_t)s << 32 | o;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
rec_push(uint32_t **list, uint32_t *n, uint32_t v)
{
	if ((*n & (*n - 1)) == 0 && (*n == 0 || *n >= 4))
		*list = xreallocarray(*list, *n ? 2 * (size_t)*n : 4, sizeof(**list));
	(*list)[(*n)++] = v;
}

void
rec_model_seal(struct rec_model *m)
{
	for (size_t i = 0; i < m->ns; i++)
		for (int c = 0; c < REC_NCRIT; c++)
			set_seal(&m->s[i].val[c]);
	for (size_t i = 0; i < m->no; i++)
		for (int c = 0; c < REC_NCRIT; c++)
			set_seal(&m->o[i].val[c]);
	if (m->napplied)
		qsort(m->applied, m->napplied, sizeof(*m->applied), cmp_u64);
	m->gate = xcalloc(m->nformations + 1, sizeof(*m->gate));
	m->ngate = xcalloc(m->nformations + 1, sizeof(*m->ngate));
	m->members = xcalloc(m->nformations + 1, sizeof(*m->members));
	m->nmembers = xcalloc(m->nformations + 1, sizeof(*m->nmembers));
	m->open = xcalloc(m->no + 1, sizeof(*m->open));
	m->old_s = xcalloc(m->ns * REC_PER_STUDENT + 1, sizeof(*m->old_s));
	m->old_o = xcalloc(m->no * REC_PER_OFFER + 1, sizeof(*m->old_o));
	m->nold_s = xcalloc(m->ns + 1, 1);
	m->nold_o = xcalloc(m->no + 1, 1);
	m->touch_s = xcalloc(m->ns + 1, 1);
	m->touch_o = xcalloc(m->no + 1, 1);
	for (uint32_t o = 0; o < m->no; o++) {
		const struct rec_set *f = &m->o[o].val[REC_FORMATION];

		if (f->n == 0)
			m->open[m->nopen++] = o;
		for (uint32_t k = 0; k < f->n; k++)
			rec_push(&m->gate[f->v[k]], &m->ngate[f->v[k]], o);
	}
	for (uint32_t s = 0; s < m->ns; s++) {
		const struct rec_set *f = &m->s[s].val[REC_FORMATION];

		for (uint32_t k = 0; k < f->n; k++)
			rec_push(&m->members[f->v[k]], &m->nmembers[f->v[k]], s);
	}
}

size_t rec_model_students(const struct rec_model *m) { return m->ns; }
size_t rec_model_offers(const struct rec_model *m) { return m->no; }
int64_t rec_model_student_id(const struct rec_model *m, uint32_t s) { return m->s[s].id; }
int64_t rec_model_offer_id(const struct rec_model *m, uint32_t o) { return m->o[o].id; }

static int64_t
find_row(const struct rec_row *r, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {		/* rows are added in id order */
		size_t mid = lo + (hi - lo) / 2;

		if (r[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && r[lo].id == id ? (int64_t)lo : -1;
}

int64_t rec_model_find_student(const struct rec_model *m, int64_t id) { return find_row(m->s, m->ns, id); }
int64_t rec_model_find_offer(const struct rec_model *m, int64_t id) { return find_row(m->o, m->no, id); }

/*
 * common - how many values a and b share; with out, their spellings
 * appended in order, each on its own line as "criterion=spelling"
 */
static uint32_t
common(const struct rec_model *m, const struct rec_set *a, const struct rec_set *b,
    const char *crit, struct strbuf *out)
{
	const char *shown[64];
	uint32_t i = 0, j = 0, k = 0;

	while (i < a->n && j < b->n) {
		if (a->v[i] < b->v[j])
			i++;
		else if (a->v[i] > b->v[j])
			j++;
		else {
			if (out && k < 64)
				shown[k] = m->shown[a->v[i]];
			k++, i++, j++;
		}
	}
	if (out) {
		/* by spelling: the value ids depend on the order rows were read */
		if (k > 1)
			qsort(shown, k < 64 ? k : 64, sizeof(*shown), cmp_str);
		for (i = 0; i < k && i < 64; i++) {
			if (out->len)
				strbuf_addch(out, '\n');
			strbuf_addf(out, "%s=%s", crit, shown[i]);
		}
	}
	return k;
}

/* place_match - the offer's place is within the student's mobility */
static int
place_match(const struct rec_place *s, int mobility, const struct rec_place *o)
{
	if (mobility < 0)
		mobility = REC_MOB_DEPT;
	if (mobility == REC_MOB_NATION)
		return 1;
	if (mobility == REC_MOB_LOCAL && s->commune[0] && o->commune[0])
		return strcmp(s->commune, o->commune) == 0;
	if (mobility <= REC_MOB_DEPT && s->dept >= 0 && o->dept >= 0)
		return s->dept == o->dept;
	if (s->region >= 0 && o->region >= 0)
		return s->region == o->region;
	return s->commune[0] && strcmp(s->commune, o->commune) == 0;
}

static int
is_applied(const struct rec_model *m, uint32_t s, uint32_t o)
{
	uint64_t key = (uint64_t)s << 32 | o;

	return m->napplied && bsearch(&key, m->applied, m->napplied, sizeof(key), cmp_u64) != NULL;
}

static void
explain_set(const struct rec_model *m, struct strbuf *ex, const struct rec_set *set)
{
	for (uint32_t i = 0; i < set->n; i++) {
		const char *v = m->shown[set->v[i]];

		/* the French of "anglais|English" */
		strbuf_addf(ex, "%s%.*s", i ? ", " : "", (int)strcspn(v, "|"), v);
	}
}

int
rec_model_score(const struct rec_model *m, uint32_t s, uint32_t o, struct strbuf *matched,
    struct strbuf *explain)
{
	static const char *const mob[] = { "locale", "départementale", "régionale", "nationale" };
	const struct rec_row *rs = &m->s[s], *ro = &m->o[o];
	struct strbuf one = STRBUF_INIT, *mb = matched ? &one : NULL;
	double num = 0, den = 0, got;
	int w, score;

	if (ro->val[REC_FORMATION].n && !common(m, &rs->val[REC_FORMATION],
	    &ro->val[REC_FORMATION], NULL, NULL))
		return -1;
	if (is_applied(m, s, o))
		return -1;
	for (int c = 0; c < REC_NCRIT; c++) {
		if ((w = m->w[c]) <= 0)
			continue;
		got = -1;
		if (mb)
			strbuf_reset(mb);
		switch (c) {
		case REC_FORMATION:
			if (ro->val[c].n) {
				got = 1;
				if (mb)
					strbuf_addstr(mb, "formation");
			}
			break;
		case REC_SKILLS:
		case REC_LANGUAGES:
			if (rs->val[c].n && ro->val[c].n)
				got = (double)common(m, &ro->val[c], &rs->val[c], crit_names[c],
				    mb) / ro->val[c].n;
			break;
		case REC_LOCATION:
			if (rs->has_place && ro->has_place &&
			    (got = place_match(&rs->place, rs->mobility, &ro->place)) > 0 && mb)
				strbuf_addf(mb, "location=%s", ro->place.shown);
			break;
		case REC_MOBILITY:
			if (rs->mobility >= 0 && ro->mobility >= 0 &&
			    (got = rs->mobility >= ro->mobility) > 0 && mb)
				strbuf_addf(mb, "mobility=%d", ro->mobility);
			break;
		default:
			if (rs->val[c].n && ro->val[c].n)
				got = common(m, &ro->val[c], &rs->val[c], crit_names[c], mb) > 0;
			break;
		}
		if (got < 0)
			continue;
		den += w;
		num += w * got;
		if (mb && got > 0 && mb->len) {
			if (matched->len)
				strbuf_addch(matched, '\n');
			strbuf_addstr(matched, mb->buf);
		}
		if (explain) {
			strbuf_addf(explain, "%-12s impact %d  match %.2f  offer: ", crit_names[c], w, got);
			if (c == REC_LOCATION)
				strbuf_addf(explain, "%s  student: %s (mobilité %s)", ro->place.shown,
				    rs->place.shown, mob[rs->mobility < 0 ? REC_MOB_DEPT : rs->mobility]);
			else if (c == REC_MOBILITY)
				strbuf_addf(explain, "%s  student: %s", mob[ro->mobility], mob[rs->mobility]);
			else if (c == REC_FORMATION)
				strbuf_addstr(explain, "targets the student's formation");
			else {
				explain_set(m, explain, &ro->val[c]);
				strbuf_addstr(explain, "  student: ");
				explain_set(m, explain, &rs->val[c]);
			}
			strbuf_addch(explain, '\n');
		}
	}
	strbuf_release(&one);
	score = den > 0 ? (int)floor(100.0 * num / den + 0.5) : 0;
	if (explain)
		strbuf_addf(explain, "score %d%% (%.2f / %.0f)\n", score, num, den);
	return score;
}

/* rec_top_insert - keep the best k hits of a list: score down, then index up */
void
rec_top_insert(struct rec_hit *top, uint8_t *n, size_t k, uint32_t other, int32_t score)
{
	size_t i = *n;

	if (i == k && (top[k - 1].score > score ||
	    (top[k - 1].score == score && top[k - 1].other < other)))
		return;
	if (i == k)
		i--;
	else
		(*n)++;
	while (i > 0 && (top[i - 1].score < score ||
	    (top[i - 1].score == score && top[i - 1].other > other))) {
		top[i] = top[i - 1];
		i--;
	}
	top[i].other = other;
	top[i].score = score;
}

size_t
rec_model_rank(struct rec_model *m, const uint8_t *redo_s, const uint8_t *redo_o)
{
	uint32_t *stamp = xcalloc(m->no + 1, sizeof(*stamp));
	uint8_t *fdirty = xcalloc(m->nformations + 1, 1);
	int open_dirty = redo_o == NULL;
	size_t pairs = 0;

	free(m->top_s);
	free(m->top_o);
	free(m->ntop_s);
	free(m->ntop_o);
	m->top_s = xcalloc(m->ns * REC_PER_STUDENT + 1, sizeof(*m->top_s));
	m->top_o = xcalloc(m->no * REC_PER_OFFER + 1, sizeof(*m->top_o));
	m->ntop_s = xcalloc(m->ns + 1, 1);
	m->ntop_o = xcalloc(m->no + 1, 1);
	/* formations with an offer to redo: their students must be scored */
	for (uint32_t f = 0; f < m->nformations; f++)
		for (uint32_t k = 0; k < m->ngate[f] && !fdirty[f]; k++)
			fdirty[f] = redo_o == NULL || redo_o[m->gate[f][k]];
	for (size_t k = 0; k < m->nopen && !open_dirty; k++)
		open_dirty = redo_o[m->open[k]];
	for (uint32_t s = 0; s < m->ns; s++) {
		const struct rec_set *fs = &m->s[s].val[REC_FORMATION];
		int all = redo_s == NULL || redo_s[s], any = all || open_dirty;

		for (uint32_t k = 0; k < fs->n && !any; k++)
			any = fdirty[fs->v[k]];
		if (!any)
			continue;
		for (uint32_t k = 0; k <= fs->n; k++) {
			const uint32_t *list = k < fs->n ? m->gate[fs->v[k]] : m->open;
			size_t n = k < fs->n ? m->ngate[fs->v[k]] : m->nopen;

			for (size_t i = 0; i < n; i++) {
				uint32_t o = list[i];
				int ro = redo_o == NULL || redo_o[o], sc;

				if (stamp[o] == s + 1 || !(all || ro))
					continue;
				stamp[o] = s + 1;
				pairs++;
				if ((sc = rec_model_score(m, s, o, NULL, NULL)) <= 0)
					continue;
				if (all)
					rec_top_insert(&m->top_s[(size_t)s * REC_PER_STUDENT], &m->ntop_s[s],
					    REC_PER_STUDENT, o, sc);
				if (ro)
					rec_top_insert(&m->top_o[(size_t)o * REC_PER_OFFER], &m->ntop_o[o],
					    REC_PER_OFFER, s, sc);
			}
		}
	}
	free(stamp);
	free(fdirty);
	return pairs;
}

const struct rec_hit *
rec_model_top_student(const struct rec_model *m, uint32_t s, size_t *n_r)
{
	*n_r = m->ntop_s ? m->ntop_s[s] : 0;
	return m->top_s ? &m->top_s[(size_t)s * REC_PER_STUDENT] : NULL;
}

const struct rec_hit *
rec_model_top_offer(const struct rec_model *m, uint32_t o, size_t *n_r)
{
	*n_r = m->ntop_o ? m->ntop_o[o] : 0;
	return m->top_o ? &m->top_o[(size_t)o * REC_PER_OFFER] : NULL;
}

void
rec_model_gate_offers(const struct rec_model *m, uint32_t s, void (*fn)(void *, uint32_t),
    void *arg)
{
	const struct rec_set *fs = &m->s[s].val[REC_FORMATION];

	for (uint32_t k = 0; k < fs->n; k++)
		for (uint32_t i = 0; i < m->ngate[fs->v[k]]; i++)
			fn(arg, m->gate[fs->v[k]][i]);
	for (size_t i = 0; i < m->nopen; i++)
		fn(arg, m->open[i]);
}

void
rec_model_gate_students(const struct rec_model *m, uint32_t o, void (*fn)(void *, uint32_t),
    void *arg)
{
	const struct rec_set *fo = &m->o[o].val[REC_FORMATION];

	if (fo->n == 0) {
		for (uint32_t s = 0; s < m->ns; s++)
			fn(arg, s);
		return;
	}
	for (uint32_t k = 0; k < fo->n; k++)
		for (uint32_t i = 0; i < m->nmembers[fo->v[k]]; i++)
			fn(arg, m->members[fo->v[k]][i]);
}
