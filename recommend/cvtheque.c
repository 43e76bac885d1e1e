/*
 * cvtheque.c - the CV library by mail.  An employer or a member of staff
 * writes PROFILS and a few words ("PROFILS compta Annecy") to offres@ and
 * gets anonymous summaries of the students whose criteria, formation or
 * place match every word; DETAIL n shows one profile as far as its student
 * agreed (their CV only when they said so), to staff and to employers who
 * recruit (an offer published); CONTACTER n OFFRE m sends the student the
 * offer with the employer's message, without either address: the student
 * applies by answering POSTULER, and the exchange goes on through the
 * application's masked relay.  Students who show nothing ("Montrer : rien")
 * are never listed.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "db.h"
#include "document.h"
#include "document_user.h"
#include "mail_action.h"
#include "notify.h"
#include "offer.h"
#include "recommend.h"
#include "recommend_int.h"
#include "recommend_mail.h"
#include "status.h"
#include "strbuf.h"
#include "text.h"
#include "token.h"
#include "util.h"

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
#define CV_VERBS "PROFILS,DETAIL,CONTACTER"
#define CV_MAX_SHOWN 20		/* summaries in one answer */
#define CV_MAX_TERMS 12		/* words of one search */
#define CV_CONTACTS_PER_DAY 20	/* CONTACTER by one employer */

/* the student columns every query below reads, in this order */
#define CV_COLUMNS \
	"u.id, u.first_name, u.last_name, (SELECT group_concat(f.label, ', ')" \
	"  FROM student_formations sf JOIN formations f ON f.id = sf.formation_id" \
	"  WHERE sf.student_id = u.id)," CRIT("sector") "," CRIT("skills") "," \
	CRIT("languages") ", coalesce(" CRIT("location") ", nullif(trim(coalesce(u.postal_code, '')" \
	" || ' ' || coalesce(u.city, '')), ''))," CRIT("availability") "," CRIT("contract") "," \
	CRIT("mobility") ", u.profile_show, (SELECT group_concat(f.code || ' ' || f.label, ' ')" \
	"  FROM student_formations sf JOIN formations f ON f.id = sf.formation_id" \
	"  WHERE sf.student_id = u.id), u.disability"
#define CRIT(name) \
	" (SELECT group_concat(x.value, ', ') FROM student_criteria x JOIN criteria c" \
	"  ON c.id = x.criterion_id WHERE x.student_id = u.id AND c.name = '" name "')"

enum { C_ID, C_FIRST, C_LAST, C_FORMATION, C_SECTOR, C_SKILLS, C_LANGUAGES, C_PLACE,
	C_AVAILABILITY, C_CONTRACT, C_MOBILITY, C_SHOW, C_FORMATION_WORDS, C_DISABILITY };

/* reader - who is asking: 0 nobody allowed, 1 an employer, 2 staff */
static int
reader(struct altc *ctx, int64_t user_id, int64_t *company_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT role, coalesce(company_id, 0) FROM users"
	    " WHERE id = ? AND state = 'active'");
	int who = 0;

	*company_r = 0;
	db_bind_int(st, 1, user_id);
	if (db_step(ctx->db, st, NULL) == 1) {
		const char *role = db_col_text(st, 0);

		if (strcmp(role, "employer") == 0 && sqlite3_column_int64(st, 1) > 0) {
			who = 1;
			*company_r = sqlite3_column_int64(st, 1);
		} else if (strcmp(role, "rp") == 0 || strcmp(role, "ga") == 0 ||
		    strcmp(role, "admin") == 0)
			who = 2;
	}
	sqlite3_reset(st);
	return who;
}

/* recruits - an employer whose company has an offer published may see details */
static int
recruits(struct altc *ctx, int64_t company_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT 1 FROM offers WHERE company_id = ?"
	    " AND state = 'published' LIMIT 1");
	int rc;

	db_bind_int(st, 1, company_id);
	rc = db_step(ctx->db, st, NULL);
	sqlite3_reset(st);
	return rc == 1;
}

/* one word of a search */
struct term {
	char *key;		/* as a criterion value is compared ("comptabilite") */
	char *fold;		/* folded, for formation codes and labels */
	struct rec_place place;
	int is_place;
};

struct search {
	const struct rec_norm *norm;
	struct term t[CV_MAX_TERMS];
	size_t n;
};

static int
stop_word(const char *w)
{
	static const char *const words[] = { "de", "du", "des", "la", "le", "les", "et", "a",
	    "en", "pour", "sur", "l", "d", "and", "in", "of", "the", "with", "avec", "ou", "or" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(w, words[i]) == 0)
			return 1;
	return 0;
}

/* search_init - the words of args; 0 when there is none worth searching */
static size_t
search_init(struct search *s, const struct rec_norm *norm, const char *args)
{
	char *copy = xstrdup(args ? args : ""), *w, *save = NULL;
	struct strbuf f = STRBUF_INIT;

	memset(s, 0, sizeof(*s));
	s->norm = norm;
	for (w = strtok_r(copy, " \t,;/+", &save); w && s->n < CV_MAX_TERMS;
	    w = strtok_r(NULL, " \t,;/+", &save)) {
		struct term *t = &s->t[s->n];

		strbuf_reset(&f);
		rec_fold(&f, w, strlen(w));
		if (f.len == 0 || stop_word(f.buf))
			continue;
		t->fold = xstrdup(f.buf);
		t->key = rec_norm_key(norm, w);
		t->is_place = rec_norm_place(norm, w, &t->place) &&
		    (t->place.dept >= 0 || t->place.region >= 0);
		s->n++;
	}
	strbuf_release(&f);
	free(copy);
	return s->n;
}

static void
search_release(struct search *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->t[i].key);
		free(s->t[i].fold);
	}
}

/* has_word - whether the words of hay include needle (both folded, space separated) */
static int
has_word(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

struct keys {
	struct strbuf b;	/* every value's key, space separated */
};

static void
add_key(void *arg, const char *key, const char *shown)
{
	struct keys *k = arg;

	(void)shown;
	strbuf_addf(&k->b, " %s ", key);
}

/* place_reached - a student at sp with this mobility reaches the place tp */
static int
place_reached(const struct rec_place *sp, int mobility, const struct rec_place *tp)
{
	if (mobility == REC_MOB_NATION)
		return 1;
	if (tp->dept >= 0 && sp->dept == tp->dept)
		return tp->commune[0] == '\0' || mobility >= REC_MOB_DEPT ||
		    strcmp(sp->commune, tp->commune) == 0;
	return tp->region >= 0 && sp->region == tp->region && (mobility >= REC_MOB_REGION ||
	    tp->dept < 0);
}

/* matches - how many words of the search a student's row matches */
static size_t
matches(const struct search *s, sqlite3_stmt *st)
{
	static const int cols[] = { C_SECTOR, C_SKILLS, C_LANGUAGES, C_AVAILABILITY, C_CONTRACT };
	struct keys k = { STRBUF_INIT };
	struct strbuf form = STRBUF_INIT;
	struct rec_place sp;
	int has_place, mobility;
	unsigned show = rec_show_read(sqlite3_column_type(st, C_SHOW) == SQLITE_NULL ? NULL :
	    db_col_text(st, C_SHOW));
	size_t n = 0;

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		(void)rec_norm_values(s->norm, db_col_text(st, cols[i]), add_key, &k);
	rec_fold(&form, db_col_text(st, C_FORMATION_WORDS), strlen(db_col_text(st,
	    C_FORMATION_WORDS)));
	has_place = rec_norm_place(s->norm, db_col_text(st, C_PLACE), &sp);
	mobility = *db_col_text(st, C_MOBILITY) ? rec_norm_mobility(db_col_text(st, C_MOBILITY)) :
	    REC_MOB_DEPT;
	for (size_t i = 0; i < s->n; i++) {
		const struct term *t = &s->t[i];
		int hit = 0;

		if (k.b.len && (has_word(k.b.buf, t->key) || has_word(k.b.buf, t->fold)))
			hit = 1;
		else if (has_word(form.buf, t->fold))
			hit = 1;
		else if (t->is_place && has_place)
			hit = place_reached(&sp, mobility, &t->place);
		else if (rec_disability_key(t->fold) && (show & REC_SHOW_DISABILITY) &&
		    sqlite3_column_type(st, C_DISABILITY) != SQLITE_NULL)
			hit = 1;	/* "RQTH": a status the student shows */
		n += hit;
	}
	strbuf_release(&k.b);
	strbuf_release(&form);
	return n;
}

/* summary - an anonymous line: what the student shows, never a name */
static void
summary(sqlite3_stmt *st, const char *locale, int full, struct strbuf *out)
{
	unsigned show = full ? REC_SHOW_STAFF : rec_show_read(sqlite3_column_type(st, C_SHOW) ==
	    SQLITE_NULL ? NULL : db_col_text(st, C_SHOW));
	struct rec_profile p = { 0 };
	size_t start = out->len;

	p.formation = db_col_text(st, C_FORMATION);
	p.sector = db_col_text(st, C_SECTOR);
	p.skills = db_col_text(st, C_SKILLS);
	p.languages = db_col_text(st, C_LANGUAGES);
	p.place = db_col_text(st, C_PLACE);
	p.mobility = db_col_text(st, C_MOBILITY);
	p.contract = db_col_text(st, C_CONTRACT);
	p.availability = db_col_text(st, C_AVAILABILITY);
	p.disability = db_col_text(st, C_DISABILITY);
	rec_profile_summary(&p, show & ~(REC_SHOW_FIRST_NAME | REC_SHOW_LAST_NAME), locale, out);
	if (out->len == start)
		strbuf_addstr(out, locale_is_en(locale) ? "no detail given" : "aucun détail donné");
}

/* answer - an action mail to the sender, with the CV library's reply key */
static int
answer(struct altc *ctx, const struct mail_request *req, const char *template,
    struct json_object *vars, const char *attachments, char **errstr_r)
{
	return recommend_answer(ctx, req, "cvtheque", CV_VERBS, template, vars, attachments,
	    errstr_r);
}

struct hit {
	int64_t id;
	size_t n;
	char *line;
};

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static enum input_result
do_search(struct altc *ctx, const struct mail_request *req, int who, int64_t company,
    char **reason_r)
{
	sqlite3_stmt *st;
	struct rec_norm *norm;
	struct search s;
	struct hit *hits = NULL;
	struct json_object *v, *list;
	struct strbuf b = STRBUF_INIT;
	size_t nhits = 0, full = 0, shown;
	char *err = NULL;
	int rc;

	if ((norm = rec_norm_load(ctx->datadir, &err)) == NULL)
		return mail_action_result(req, ACT_EDB, err, reason_r);
	if (search_init(&s, norm, req->args) == 0) {
		rec_norm_free(&norm);
		return mail_action_result(req, ACT_EINPUT, xstrdup("PROFILS needs words to search"
		    " for: a skill, a sector, a formation or a place"), reason_r);
	}
	st = db_prepare(ctx->db, "SELECT " CV_COLUMNS " FROM users u WHERE u.role = 'student'"
	    " AND u.state = 'registered' AND coalesce(u.profile_show, '') <> 'none' ORDER BY u.id");
	while ((rc = db_step(ctx->db, st, &err)) == 1) {
		size_t n = matches(&s, st);

		if (n == 0)
			continue;
		strbuf_reset(&b);
		summary(st, req->locale, 0, &b);
		hits = xreallocarray(hits, nhits + 1, sizeof(*hits));
		hits[nhits].id = sqlite3_column_int64(st, C_ID);
		hits[nhits].n = n;
		hits[nhits++].line = xstrdup(b.buf);
		full += n == s.n;
	}
	sqlite3_reset(st);
	strbuf_release(&b);
	if (nhits > 1)
		qsort(hits, nhits, sizeof(*hits), cmp_hit);
	v = json_object_new_object();
	list = json_object_new_array();
	/* every word matched first; when no profile has them all, the closest */
	shown = full ? full : nhits;
	for (size_t i = 0; i < shown && i < CV_MAX_SHOWN; i++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "profile_id", json_object_new_int64(hits[i].id));
		json_object_object_add(o, "summary", json_object_new_string(hits[i].line));
		json_object_array_add(list, o);
	}
	json_object_object_add(v, "query", json_object_new_string(req->args ? req->args : ""));
	json_object_object_add(v, "count", json_object_new_int64((int64_t)(full ? full : 0)));
	json_object_object_add(v, "profiles", list);
	json_object_object_add(v, "has_profiles", json_object_new_boolean(shown > 0));
	json_object_object_add(v, "partial", json_object_new_boolean(full == 0 && nhits > 0));
	json_object_object_add(v, "more", json_object_new_boolean(shown > CV_MAX_SHOWN));
	json_object_object_add(v, "may_detail", json_object_new_boolean(who == 2 ||
	    recruits(ctx, company)));
	if (rc == 0 && answer(ctx, req, "recommend.cvtheque", v, NULL, &err) < 0)
		rc = -1;
	json_object_put(v);
	for (size_t i = 0; i < nhits; i++)
		free(hits[i].line);
	free(hits);
	search_release(&s);
	rec_norm_free(&norm);
	if (rc < 0)
		return mail_action_result(req, ACT_EDB, err, reason_r);
	if (db_audit(ctx->db, db_actor(ctx->db, req->sender_user_id), "user", req->sender_user_id,
	    NULL, "cvtheque_search", NULL, req->args) < 0)
		return mail_action_result(req, ACT_EDB, xstrdup("audit"), reason_r);
	return INPUT_DONE;
}

/* number - the first number of args ("12", "n° 12", "#12"); 0 if none */
static int64_t
number(const char *args, const char **rest_r)
{
	const char *p = args ? args : "";
	int64_t n = 0;

	while (*p && (*p < '0' || *p > '9'))
		p++;
	while (*p >= '0' && *p <= '9' && n < 1000000000)
		n = n * 10 + (*p++ - '0');
	if (rest_r)
		*rest_r = p;
	return n;
}

/* visible_student - the row of a student an employer may look at (staff: any registered) */
static sqlite3_stmt *
visible_student(struct altc *ctx, int64_t id, int who)
{
	sqlite3_stmt *st = db_prepare(ctx->db, who == 2 ?
	    "SELECT " CV_COLUMNS " FROM users u WHERE u.id = ?1 AND u.role = 'student'"
	    " AND u.state = 'registered'" :
	    "SELECT " CV_COLUMNS " FROM users u WHERE u.id = ?1 AND u.role = 'student'"
	    " AND u.state = 'registered' AND coalesce(u.profile_show, '') <> 'none'");

	db_bind_int(st, 1, id);
	if (db_step(ctx->db, st, NULL) == 1)
		return st;
	sqlite3_reset(st);
	return NULL;
}

static enum input_result
do_detail(struct altc *ctx, const struct mail_request *req, int who, int64_t company,
    char **reason_r)
{
	int64_t id = number(req->args, NULL), cv = 0;
	sqlite3_stmt *st;
	struct json_object *v;
	struct strbuf b = STRBUF_INIT;
	unsigned show;
	char *err = NULL, *att = NULL, *path = NULL, *name = NULL;
	int en = locale_is_en(req->locale), rc;

	if (who == 1 && !recruits(ctx, company))
		return mail_action_result(req, ACT_EDENIED, xstrdup("the details of a profile are"
		    " for employers with an offer published"), reason_r);
	if (id <= 0)
		return mail_action_result(req, ACT_EINPUT,
		    xstrdup("DETAIL needs the number of a profile"), reason_r);
	if ((st = visible_student(ctx, id, who)) == NULL)
		return mail_action_result(req, ACT_ENOTFOUND, xasprintf("no profile %lld",
		    (long long)id), reason_r);
	show = who == 2 ? REC_SHOW_STAFF : rec_show_read(sqlite3_column_type(st, C_SHOW) ==
	    SQLITE_NULL ? NULL : db_col_text(st, C_SHOW));
	v = json_object_new_object();
	json_object_object_add(v, "profile_id", json_object_new_int64(id));
	if ((show & REC_SHOW_FIRST_NAME) && *db_col_text(st, C_FIRST))
		strbuf_addstr(&b, db_col_text(st, C_FIRST));
	if ((show & REC_SHOW_LAST_NAME) && *db_col_text(st, C_LAST))
		strbuf_addf(&b, "%s%s", b.len ? " " : "", db_col_text(st, C_LAST));
	json_object_object_add(v, "name", json_object_new_string(b.len ? b.buf :
	    en ? "(name not shown)" : "(nom non communiqué)"));
	strbuf_reset(&b);
	summary(st, req->locale, who == 2, &b);
	json_object_object_add(v, "summary", json_object_new_string(b.buf));
	sqlite3_reset(st);
	if ((show & REC_SHOW_CV) && (cv = document_user_default(ctx, id, "cv")) > 0 &&
	    document_path(ctx, cv, &path, &name, NULL) == 0) {
		struct json_object *a = json_object_new_array(), *f = json_object_new_object();

		json_object_object_add(f, "path", json_object_new_string(path));
		json_object_object_add(f, "filename", json_object_new_string(name));
		json_object_object_add(f, "type", json_object_new_string("application/pdf"));
		json_object_array_add(a, f);
		att = xstrdup(json_object_to_json_string_ext(a, JSON_PLAIN));
		json_object_put(a);
	}
	json_object_object_add(v, "has_cv", json_object_new_boolean(att != NULL));
	json_object_object_add(v, "is_staff", json_object_new_boolean(who == 2));
	rc = answer(ctx, req, "recommend.cv_detail", v, att, &err);
	json_object_put(v);
	strbuf_release(&b);
	free(att);
	free(path);
	free(name);
	if (rc < 0 || db_audit(ctx->db, db_actor(ctx->db, req->sender_user_id), "user", id, NULL,
	    "cvtheque_detail", NULL, NULL) < 0)
		return mail_action_result(req, ACT_EDB, err ? err : xstrdup("audit"), reason_r);
	return INPUT_DONE;
}

/* contacts_today - CONTACTER sent by an employer in the last day */
static int64_t
contacts_today(struct altc *ctx, const char *actor)
{
	return db_audit_count(ctx->db, "contact", actor, now_epoch() - 86400);
}

static enum input_result
do_contact(struct altc *ctx, const struct mail_request *req, int who, int64_t company,
    char **reason_r)
{
	const char *rest, *msg;
	int64_t id = number(req->args, &rest), offer = number(rest, &msg);
	sqlite3_stmt *st;
	struct json_object *v;
	struct notify_msg m = { 0 };
	char tok[TOKEN_BUFSZ], *err = NULL, *actor, *text;
	int rc;

	if (who != 1)
		return mail_action_result(req, ACT_EDENIED, xstrdup("CONTACTER is for employers,"
		    " about one of their offers"), reason_r);
	if (id <= 0 || offer <= 0)
		return mail_action_result(req, ACT_EINPUT, xstrdup("CONTACTER needs a profile and"
		    " an offer: CONTACTER 12 OFFRE 34, then your message"), reason_r);
	st = db_prepare(ctx->db, "SELECT o.title, c.name, coalesce(o.location, '') FROM offers o"
	    " JOIN companies c ON c.id = o.company_id WHERE o.id = ?1 AND o.company_id = ?2"
	    " AND o.state = 'published'");
	db_bind_int(st, 1, offer);
	db_bind_int(st, 2, company);
	if (db_step(ctx->db, st, NULL) != 1) {
		sqlite3_reset(st);
		return mail_action_result(req, ACT_ENOTFOUND, xasprintf("no published offer %lld"
		    " of your company", (long long)offer), reason_r);
	}
	v = json_object_new_object();
	json_object_object_add(v, "offer_id", json_object_new_int64(offer));
	json_object_object_add(v, "title", json_object_new_string(db_col_text(st, 0)));
	json_object_object_add(v, "company", json_object_new_string(db_col_text(st, 1)));
	json_object_object_add(v, "location", json_object_new_string(db_col_text(st, 2)));
	sqlite3_reset(st);
	if ((st = visible_student(ctx, id, who)) == NULL) {
		json_object_put(v);
		return mail_action_result(req, ACT_ENOTFOUND, xasprintf("no profile %lld",
		    (long long)id), reason_r);
	}
	sqlite3_reset(st);
	actor = xstrdup(db_actor(ctx->db, req->sender_user_id));
	/* the message: after the offer's number, and the lines below the command */
	{
		struct strbuf b = STRBUF_INIT;
		const char *t = req->text ? req->text : "", *nl;

		while (*msg == ' ' || *msg == ':' || *msg == ',')
			msg++;
		strbuf_addstr(&b, msg);
		while (*t == '\n' || *t == ' ' || *t == '\r')
			t++;
		if ((nl = strchr(t, '\n')) != NULL)
			strbuf_addf(&b, "%s%s", b.len ? "\n" : "", nl + 1);
		while (b.len && strchr(" \t\r\n", b.buf[b.len - 1]))
			b.buf[--b.len] = '\0';
		text = strbuf_detach(&b, NULL);
	}
	rc = ACT_OK;
	if (contacts_today(ctx, actor) >= CV_CONTACTS_PER_DAY) {
		rc = ACT_EDENIED;
		err = xasprintf("more than %d contacts in a day", CV_CONTACTS_PER_DAY);
	} else {
		json_object_object_add(v, "message", json_object_new_string(text));
		json_object_object_add(v, "has_message", json_object_new_boolean(*text != '\0'));
		if (offer_student_key(ctx, "offer", offer, id, tok, &err) < 0)
			rc = ACT_EDB;
	}
	if (rc == ACT_OK) {
		char thread[64];

		(void)xsnprintf(thread, sizeof(thread), "offer.%lld.%lld", (long long)offer,
		    (long long)id);
		m.user_id = id;
		m.template = "recommend.contact";
		m.importance = NOTIFY_ACTION;
		m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
		m.token = tok;
		m.thread = thread;
		if (notify_queue(ctx, &m, &err) < 0 || db_audit(ctx->db, actor, "offer", offer,
		    NULL, "contact", NULL, text) < 0)
			rc = ACT_EDB;
	}
	json_object_put(v);
	free(actor);
	free(text);
	if (rc != ACT_OK)
		return mail_action_result(req, rc, err, reason_r);
	/* the employer is told it went, with the key to go on searching */
	v = json_object_new_object();
	json_object_object_add(v, "profile_id", json_object_new_int64(id));
	json_object_object_add(v, "offer_id", json_object_new_int64(offer));
	rc = answer(ctx, req, "recommend.contact_sent", v, NULL, &err);
	json_object_put(v);
	return rc < 0 ? mail_action_result(req, ACT_EDB, err, reason_r) : INPUT_DONE;
}

enum input_result
recommend_cvtheque_apply(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	int64_t company;
	int who;

	if (req->sender_user_id == 0 || req->verb == NULL) {
		*reason_r = xstrdup("the CV library needs a known sender and a command");
		return INPUT_REJECTED;
	}
	if ((who = reader(ctx, req->sender_user_id, &company)) == 0)
		return mail_action_result(req, ACT_EDENIED, xstrdup("the CV library is for"
		    " employers and staff"), reason_r);
	if (strcmp(req->verb, "PROFILS") == 0)
		return do_search(ctx, req, who, company, reason_r);
	if (strcmp(req->verb, "DETAIL") == 0)
		return do_detail(ctx, req, who, company, reason_r);
	if (strcmp(req->verb, "CONTACTER") == 0)
		return do_contact(ctx, req, who, company, reason_r);
	*reason_r = xasprintf("command %s not understood here", req->verb);
	return INPUT_REJECTED;
}
