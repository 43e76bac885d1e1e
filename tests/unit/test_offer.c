/*
 * test_offer.c - the offer workflow on the demo instance: creation (and
 * nothing half-created when a form is refused), per-formation decisions and
 * publication, who may decide (delegations), transfer, recommendation, the
 * employer's life cycle, editing back to validation, and the expiry sweep.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "jobs.h"
#include "offer.h"
#include "test_offer_util.h"

#define BENOTTI 1	/* company id of BENOTTI SAS in the demo */

/* make_offer - an offer of BENOTTI for the formations given (NULL: none) */
static int64_t
make_offer(struct altc *ctx, const char *title, const char *formations)
{
	struct offer_fields f;
	char *err = NULL;
	int64_t id = 0;

	offer_fields_init(&f);
	(void)offer_fields_set(&f, "intitule", title);
	(void)offer_fields_set(&f, "duree", "2 ans");
	(void)offer_fields_set(&f, "lieu", "Annecy");
	(void)offer_fields_set(&f, "descriptif", "Paie, SIRH, entretiens annuels");
	(void)offer_fields_set(&f, "competences", "paie, Excel");
	if (formations)
		(void)offer_fields_set(&f, "formations", formations);
	if (offer_create(ctx, &f, BENOTTI, uid(ctx, "rh@benotti.example"), 0, &id, &err) != ACT_OK)
		fail_msg("offer_create: %s", err);
	offer_fields_release(&f);
	return id;
}

static int64_t
outbox_count(struct altc *ctx, const char *tmpl, const char *rcpt)
{
	return q_int(ctx, "SELECT count(*) FROM outbox WHERE template = %Q AND rcpt = %Q", tmpl, rcpt);
}

/* an offer submitted with its handicap commitment is indexed whole, and found by it */
static void
test_handicap_indexed(void **state)
{
	struct altc *ctx = *state;
	struct offer_fields f;
	char *err = NULL;
	int64_t id = 0;

	offer_fields_init(&f);
	(void)offer_fields_set(&f, "intitule", "Assistant paie");
	(void)offer_fields_set(&f, "duree", "1 an");
	(void)offer_fields_set(&f, "lieu", "Annecy");
	(void)offer_fields_set(&f, "descriptif", "Paie, déclarations sociales");
	(void)offer_fields_set(&f, "handicap", "oui");
	(void)offer_fields_set(&f, "formations", "BUT3-GEA-GPRH");
	if (offer_create(ctx, &f, BENOTTI, uid(ctx, "rh@benotti.example"), 0, &id, &err) != ACT_OK)
		fail_msg("offer_create: %s", err);
	offer_fields_release(&f);
	assert_int_equal(q_int(ctx, "SELECT handicap FROM offers WHERE id = %lld", (long long)id), 1);
	assert_int_equal(db_exec(ctx->db, "INSERT INTO offers_fts (offers_fts) VALUES"
	    " ('integrity-check')", NULL), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers_fts WHERE offers_fts MATCH"
	    " 'audience:handi AND audience:spending' AND rowid = %lld", (long long)id), 1);
	/* the title is indexed too, and an offer without the commitment is not "handi" */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers_fts WHERE offers_fts MATCH"
	    " 'title:paie' AND rowid = %lld", (long long)id), 1);
	id = make_offer(ctx, "Assistant RH", "BUT3-GEA-GPRH");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers_fts WHERE offers_fts MATCH"
	    " 'audience:handi' AND rowid = %lld", (long long)id), 0);
	assert_int_equal(db_exec(ctx->db, "INSERT INTO offers_fts (offers_fts) VALUES"
	    " ('integrity-check')", NULL), 0);
}

static void
test_create(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Assistant RH", "BUT3-GEA-GPRH, but3-tc-mdee");

	assert_true(id > 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers WHERE state = 'pending'"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offer_formations WHERE offer_id = %lld"
	    " AND state = 'pending'", (long long)id), 2);
	/* each link is assigned to its formation's rp, who is asked with a reply key */
	assert_int_equal(q_int(ctx, "SELECT assigned_to FROM offer_formations WHERE rowid = %lld",
	    (long long)link_of(ctx, id, "BUT3-GEA-GPRH")), uid(ctx, "rp.gea@univ.example"));
	assert_int_equal(outbox_count(ctx, "offer.received", "rh@benotti.example"), 1);
	assert_int_equal(outbox_count(ctx, "offer.to_validate", "rp.gea@univ.example"), 1);
	assert_int_equal(outbox_count(ctx, "offer.to_validate", "rp.tc@univ.example"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate'"
	    " AND token IS NOT NULL AND thread = 'offer.%lld' AND rcpt LIKE 'rp.%%'", (long long)id), 2);
	/* and the ga both rp delegated to gets a copy of each, with a key of their own */
	assert_int_equal(outbox_count(ctx, "offer.to_validate", "ga@univ.example"), 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'offer_review'"
	    " AND object_type = 'offer_formation' AND max_uses = 0"
	    " AND commands = 'VALIDER,REJETER,TRANSFERER,RECOMMANDER'"), 4);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'offer_owner'"
	    " AND user_id = %lld", (long long)uid(ctx, "rh@benotti.example")), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offer_criteria WHERE offer_id = %lld",
	    (long long)id), 2);
	/* the default expiry is the deposit + 60 days */
	assert_int_equal(q_int(ctx, "SELECT expires_at - created_at FROM offers WHERE id = %lld",
	    (long long)id), 60 * 86400);
}

/* the handicap commitment is shown in the offer's mails when given, and only then */
static void
test_handicap_shown(void **state)
{
	struct altc *ctx = *state;
	struct offer_fields f;
	char *err = NULL;
	int64_t id = make_offer(ctx, "Assistant RH", "BUT3-GEA-GPRH");

	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template IN"
	    " ('offer.received', 'offer.to_validate')"), 3);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE vars LIKE"
	    " '%%\"handicap\":true%%'"), 0);
	/* committed (as staff set it), then edited: asked again, the commitment said */
	assert_int_equal(db_exec(ctx->db, "UPDATE offers SET handicap = 1", NULL), 0);
	offer_fields_init(&f);
	(void)offer_fields_set(&f, "lieu", "Lyon");
	assert_int_equal(offer_edit(ctx, id, &f, 0, uid(ctx, "rh@benotti.example"), &err), ACT_OK);
	offer_fields_release(&f);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate'"
	    " AND vars LIKE '%%\"handicap\":true%%' AND vars LIKE '%%Lyon%%'"), 2);
}

/* forms that must be refused, each leaving nothing behind */
static const struct {
	const char *key[4], *value[4];
	int status;
} bad_forms[] = {
	{ { "duree", "lieu", "descriptif" }, { "1 an", "Lyon", "D" }, ACT_EINPUT },
	{ { "intitule", "lieu", "descriptif" }, { "T", "Lyon", "D" }, ACT_EINPUT },
	{ { "intitule", "duree", "lieu", "formations" }, { "T", "1 an", "Lyon", "BUT3-GEA-GPRH" },
	    ACT_EINPUT },
	{ { "intitule", "duree", "lieu", "formations" }, { "T", "1 an", "Lyon", "GPRH,NOPE" },
	    ACT_EINPUT },
	{ { "intitule", "duree", "lieu", "postes" }, { "T", "1 an", "Lyon", "beaucoup" },
	    ACT_EINPUT },
	{ { "intitule", "duree", "lieu", "expiration" }, { "T", "1 an", "Lyon", "bientôt" },
	    ACT_EINPUT },
	{ { "intitule", "duree", "lieu", "postes" }, { "T", "1 an", "Lyon", "1001" }, ACT_EINPUT },
	{ { "intitule", "duree", "lieu", "postes" }, { "T", "1 an", "Lyon", "0" }, ACT_EINPUT },
	{ { "intitule", "duree", "lieu", "intitule" }, { "T", "1 an", "Lyon",
	    "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"
	    "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"
	    "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT" },
	    ACT_EINPUT },	/* 301 characters */
};

/* the bounds themselves are accepted */
static void
test_bounds(void **state)
{
	struct altc *ctx = *state;
	static const char *const good[][2] = { { "postes", "1000" }, { "postes", "1" },
		{ "intitule", "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"
		    "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"
		    "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT"
		    "TTTTTTTTTTTT" },	/* 300 characters */
		{ "expiration", "31/12/2099" }, { "expiration", "2099-12-31" } };	/* the last day */

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct offer_fields f;
		char *err = NULL;
		int64_t id = 0;

		offer_fields_init(&f);
		(void)offer_fields_set(&f, "intitule", "T");
		(void)offer_fields_set(&f, "duree", "1 an");
		(void)offer_fields_set(&f, "lieu", "Lyon");
		(void)offer_fields_set(&f, "descriptif", "D");
		(void)offer_fields_set(&f, good[i][0], good[i][1]);
		if (offer_create(ctx, &f, BENOTTI, 0, 0, &id, &err) != ACT_OK)
			fail_msg("%s = %s refused: %s", good[i][0], good[i][1], err);
		offer_fields_release(&f);
		if (strcmp(good[i][0], "postes") == 0)
			assert_int_equal(q_int(ctx, "SELECT positions FROM offers WHERE id = %lld",
			    (long long)id), atoi(good[i][1]));
		else if (strcmp(good[i][0], "expiration") == 0)	/* at noon UTC */
			assert_int_equal(q_int(ctx, "SELECT expires_at FROM offers WHERE id = %lld",
			    (long long)id), 4102401600);
		else
			assert_int_equal(q_int(ctx, "SELECT length(title) FROM offers WHERE id = %lld",
			    (long long)id), 300);
	}
}

static void
test_nothing_half_created(void **state)
{
	struct altc *ctx = *state;

	for (size_t i = 0; i < sizeof(bad_forms) / sizeof(bad_forms[0]); i++) {
		struct offer_fields f;
		char *err = NULL;
		int64_t id = 0;

		offer_fields_init(&f);
		for (size_t k = 0; k < 4 && bad_forms[i].key[k]; k++)
			(void)offer_fields_set(&f, bad_forms[i].key[k], bad_forms[i].value[k]);
		if (i >= 3)	/* complete forms with a bad value */
			(void)offer_fields_set(&f, "descriptif", "D");
		assert_int_equal(offer_create(ctx, &f, BENOTTI, 0, 0, &id, &err), bad_forms[i].status);
		assert_non_null(err);
		free(err);
		offer_fields_release(&f);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM offer_formations"), 0);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens"), 0);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox"), 0);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'offer'"), 0);
	}
}

static void
test_validate_publish(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Assistant RH", "BUT3-GEA-GPRH,BUT3-TC-MDEE");
	int64_t gprh = link_of(ctx, id, "BUT3-GEA-GPRH"), mdee = link_of(ctx, id, "BUT3-TC-MDEE");
	int64_t rp_gea = uid(ctx, "rp.gea@univ.example"), rp_tc = uid(ctx, "rp.tc@univ.example");
	char *err = NULL, *s;

	/* an rp of another formation is refused, and nothing changes */
	assert_int_equal(offer_review(ctx, gprh, rp_tc, OFFER_VALIDATE, "", &err), ACT_EDENIED);
	free(err);
	err = NULL;
	/* no such link */
	assert_int_equal(offer_may_review(ctx, 9999, rp_gea, &err), 0);
	assert_non_null(err);
	assert_string_equal(err, "no offer link 9999");
	free(err);
	err = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers WHERE state = 'published'"), 0);
	/* a rating out of range is refused */
	assert_int_equal(offer_review(ctx, gprh, rp_gea, OFFER_VALIDATE, "7 top", &err), ACT_EINPUT);
	free(err);
	err = NULL;
	/* a student who has not signed up yet hears of nothing */
	assert_int_equal(db_exec(ctx->db, "INSERT INTO users (email, role, state, created_at,"
	    " updated_at) VALUES ('dan@etu.example', 'student', 'imported', 0, 0);"
	    "INSERT INTO student_formations (student_id, formation_id, created_at)"
	    " SELECT u.id, f.id, 0 FROM users u, formations f WHERE u.email = 'dan@etu.example'"
	    " AND f.code = 'BUT3-GEA-GPRH'", NULL), 0);
	/* the first validation publishes */
	assert_int_equal(offer_review(ctx, gprh, rp_gea, OFFER_VALIDATE,
	    "4 Très bonne offre, missions variées.", &err), ACT_OK);
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "published");
	free(s);
	assert_int_equal(q_int(ctx, "SELECT rating FROM offer_formations WHERE rowid = %lld",
	    (long long)gprh), 4);
	s = q_text(ctx, "SELECT comment FROM offer_formations WHERE rowid = %lld", (long long)gprh);
	assert_string_equal(s, "Très bonne offre, missions variées.");
	free(s);
	assert_int_equal(outbox_count(ctx, "offer.published", "rh@benotti.example"), 1);
	/* the students of that formation only, an optional alert for their digest */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications WHERE kind ="
	    " 'offer.new_for_formation' AND importance = 'optional'"), 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications n JOIN users u"
	    " ON u.id = n.user_id WHERE u.email = 'carol@etu.example'"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications n JOIN users u"
	    " ON u.id = n.user_id WHERE u.email = 'dan@etu.example'"), 0);
	/* validating twice is refused and changes nothing */
	assert_int_equal(offer_review(ctx, gprh, rp_gea, OFFER_VALIDATE, "", &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(outbox_count(ctx, "offer.published", "rh@benotti.example"), 1);
	/* the other formation rejects: the employer hears why, the offer stays published */
	assert_int_equal(offer_review(ctx, mdee, rp_tc, OFFER_REJECT, "", &err), ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(offer_review(ctx, mdee, rp_tc, OFFER_REJECT,
	    ": missions trop opérationnelles", &err), ACT_OK);
	s = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'offer.rejected'");
	assert_non_null(strstr(s, "missions trop op"));
	assert_non_null(strstr(s, "BUT3-TC-MDEE"));
	free(s);
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "published");
	free(s);
	/* the rejected link's key is revoked */
	assert_int_equal(q_int(ctx, "SELECT revoked FROM tokens WHERE object_type = 'offer_formation'"
	    " AND object_id = %lld", (long long)mdee), 1);
}

static void
test_reject_all_then_edit(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Comptable", "BUT3-GEA-GPRH,BUT3-TC-MDEE");
	int64_t employer = uid(ctx, "rh@benotti.example");
	struct offer_fields f;
	char *err = NULL, *s, *kw;

	assert_int_equal(offer_review(ctx, link_of(ctx, id, "BUT3-GEA-GPRH"),
	    uid(ctx, "rp.gea@univ.example"), OFFER_REJECT, "hors sujet", &err), ACT_OK);
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "pending");
	free(s);
	assert_int_equal(offer_review(ctx, link_of(ctx, id, "BUT3-TC-MDEE"),
	    uid(ctx, "rp.tc@univ.example"), OFFER_REJECT, "trop court", &err), ACT_OK);
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "rejected");
	free(s);
	assert_int_equal(outbox_count(ctx, "offer.rejected", "rh@benotti.example"), 2);
	/* the employer corrects: pending again, every link asked again with a new key */
	kw = q_text(ctx, "SELECT keywords FROM offers WHERE id = %lld", (long long)id);
	assert_int_equal(db_exec(ctx->db, "UPDATE offers SET positions = 3", NULL), 0);
	offer_fields_init(&f);
	(void)offer_fields_set(&f, "duree", "3 ans");
	(void)offer_fields_set(&f, "lieu", "Lyon");
	assert_int_equal(offer_edit(ctx, id, &f, 0, employer, &err), ACT_OK);
	offer_fields_release(&f);
	s = q_text(ctx, "SELECT state || ' ' || duration FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "pending 3 ans");
	free(s);
	/* the number of positions, not edited, is kept */
	assert_int_equal(q_int(ctx, "SELECT positions FROM offers WHERE id = %lld", (long long)id), 3);
	/* the searchable words not edited are kept */
	s = q_text(ctx, "SELECT keywords FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, kw);
	free(s);
	free(kw);
	/* the criterion edited is replaced, the others kept */
	s = q_text(ctx, "SELECT group_concat(k.name || '=' || c.value, ';') FROM (SELECT * FROM"
	    " offer_criteria ORDER BY rowid) c JOIN criteria k ON k.id = c.criterion_id"
	    " WHERE c.offer_id = %lld", (long long)id);
	assert_string_equal(s, "skills=paie, Excel;location=Lyon");
	free(s);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offer_formations WHERE offer_id = %lld"
	    " AND state = 'pending' AND comment IS NULL", (long long)id), 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'offer.to_validate' AND rcpt LIKE 'rp.%%'"), 4);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'offer_review'"
	    " AND revoked = 0 AND user_id IN (SELECT id FROM users WHERE role = 'rp')"), 2);
	/* an edit with no field is refused */
	offer_fields_init(&f);
	assert_int_equal(offer_edit(ctx, id, &f, 0, employer, &err), ACT_EINPUT);
	free(err);
	offer_fields_release(&f);
	/* an expiry given is the expiry, even earlier than the one on file */
	offer_fields_init(&f);
	(void)offer_fields_set(&f, "expiration", "2040-01-15");
	(void)offer_fields_set(&f, "competences", "paie, Excel, SIRH");
	assert_int_equal(offer_edit(ctx, id, &f, 0, employer, &err), ACT_OK);
	offer_fields_release(&f);
	assert_int_equal(q_int(ctx, "SELECT date(expires_at, 'unixepoch') = '2040-01-15'"
	    " FROM offers WHERE id = %lld", (long long)id), 1);
	s = q_text(ctx, "SELECT keywords FROM offers WHERE id = %lld", (long long)id);
	assert_non_null(strstr(s, "SIRH"));
	free(s);
	offer_fields_init(&f);
	(void)offer_fields_set(&f, "expiration", "2039-06-01");
	assert_int_equal(offer_edit(ctx, id, &f, 0, employer, &err), ACT_OK);
	offer_fields_release(&f);
	assert_int_equal(q_int(ctx, "SELECT date(expires_at, 'unixepoch') = '2039-06-01'"
	    " FROM offers WHERE id = %lld", (long long)id), 1);
}

/* VALIDER's arguments: an optional rating from 1 to 5, then a comment */
static const struct {
	const char *args;
	int rc, rating;
	const char *comment;
} rating_cases[] = {
	{ "5", ACT_OK, 5, NULL },
	{ "1 bof", ACT_OK, 1, "bof" },
	{ ": 3, correct", ACT_OK, 3, "correct" },
	{ "4/5 bien", ACT_OK, 4, "bien" },
	{ "2. moyen", ACT_OK, 2, "moyen" },
	{ "6", ACT_EINPUT, 0, NULL },
	{ "0 rien", ACT_EINPUT, 0, NULL },
	{ "3ans de missions", ACT_OK, 0, "3ans de missions" },
	{ "très bien", ACT_OK, 0, "très bien" },
};

static void
test_ratings(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Chargé de paie", "BUT3-GEA-GPRH");
	int64_t link = link_of(ctx, id, "BUT3-GEA-GPRH"), rp = uid(ctx, "rp.gea@univ.example");

	for (size_t i = 0; i < sizeof(rating_cases) / sizeof(rating_cases[0]); i++) {
		char *err = NULL, *s;
		int rc;

		assert_int_equal(db_exec(ctx->db, "SAVEPOINT r", NULL), 0);
		rc = offer_review(ctx, link, rp, OFFER_VALIDATE, rating_cases[i].args, &err);
		if (rc != rating_cases[i].rc)
			fail_msg("'%s': %d, not %d", rating_cases[i].args, rc, rating_cases[i].rc);
		free(err);
		if (rc == ACT_OK) {
			assert_int_equal(q_int(ctx, "SELECT coalesce(rating, 0) FROM offer_formations"
			    " WHERE rowid = %lld", (long long)link), rating_cases[i].rating);
			s = q_text(ctx, "SELECT coalesce(comment, '-') FROM offer_formations"
			    " WHERE rowid = %lld", (long long)link);
			assert_string_equal(s, rating_cases[i].comment ? rating_cases[i].comment : "-");
			free(s);
		} else
			assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers WHERE state = 'published'"), 0);
		assert_int_equal(db_exec(ctx->db, "ROLLBACK TO r; RELEASE r", NULL), 0);
	}
}

/* who may decide on the GPRH link of an offer */
static const struct {
	const char *setup_sql;	/* run before the check (NULL: demo delegations) */
	const char *who;
	int may;
} delegation_cases[] = {
	{ NULL, "rp.gea@univ.example", 1 },
	{ NULL, "ga@univ.example", 1 },			/* delegated for all formations */
	{ NULL, "admin@univ.example", 1 },
	{ NULL, "rp.tc@univ.example", 0 },		/* rp of another formation */
	{ NULL, "rh@benotti.example", 0 },
	{ NULL, "alice@etu.example", 0 },
	{ "DELETE FROM delegations", "ga@univ.example", 0 },
	{ "DELETE FROM delegations; INSERT INTO delegations (rp_id, ga_id, formation_id)"
	  " SELECT r.id, g.id, f.id FROM users r, users g, formations f WHERE"
	  " r.email = 'rp.gea@univ.example' AND g.email = 'ga@univ.example'"
	  " AND f.code = 'BUT3-GEA-GEMA'", "ga@univ.example", 0 },	/* other formation */
	{ "DELETE FROM delegations; INSERT INTO delegations (rp_id, ga_id, formation_id)"
	  " SELECT r.id, g.id, f.id FROM users r, users g, formations f WHERE"
	  " r.email = 'rp.gea@univ.example' AND g.email = 'ga@univ.example'"
	  " AND f.code = 'BUT3-GEA-GPRH'", "ga@univ.example", 1 },	/* this formation */
	{ "DELETE FROM delegations; INSERT INTO delegations (rp_id, ga_id, formation_id)"
	  " SELECT r.id, g.id, NULL FROM users r, users g WHERE"
	  " r.email = 'rp.tc@univ.example' AND g.email = 'ga@univ.example'",
	  "ga@univ.example", 0 },				/* delegated by another rp */
	{ "UPDATE users SET state = 'closed' WHERE email = 'rp.gea@univ.example'",
	  "rp.gea@univ.example", 0 },
};

static void
test_delegations(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Gestionnaire paie", "BUT3-GEA-GPRH");
	int64_t link = link_of(ctx, id, "BUT3-GEA-GPRH");

	for (size_t i = 0; i < sizeof(delegation_cases) / sizeof(delegation_cases[0]); i++) {
		char *err = NULL;
		int rc;

		assert_int_equal(db_exec(ctx->db, "SAVEPOINT d", NULL), 0);
		if (delegation_cases[i].setup_sql)
			assert_int_equal(db_exec(ctx->db, delegation_cases[i].setup_sql, NULL), 0);
		assert_int_equal(offer_may_review(ctx, link, uid(ctx, delegation_cases[i].who), &err),
		    delegation_cases[i].may);
		/* the decision itself follows the same rule */
		rc = offer_review(ctx, link, uid(ctx, delegation_cases[i].who), OFFER_VALIDATE, "",
		    &err);
		assert_int_equal(rc, delegation_cases[i].may ? ACT_OK : ACT_EDENIED);
		free(err);
		assert_int_equal(db_exec(ctx->db, "ROLLBACK TO d; RELEASE d", NULL), 0);
	}
}

/* the yes/no lines of an offer: oui, yes, o, 1 in any case; anything else is no */
static void
test_yes_no_fields(void **state)
{
	static const struct {
		const char *v;
		int yes;
	} t[] = {
		{ "oui", 1 }, { "Oui, bien sûr", 1 }, { "YES", 1 }, { "o", 1 }, { "O", 1 }, { "1", 1 },
		{ "non", 0 }, { "no", 0 }, { "0", 0 }, { "10", 0 }, { "ok", 0 }, { "", 0 },
	};
	struct altc *ctx = *state;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct offer_fields f;
		char *err = NULL, title[32];
		int64_t id = 0;

		snprintf(title, sizeof(title), "Offre %zu", i);
		offer_fields_init(&f);
		(void)offer_fields_set(&f, "intitule", title);
		(void)offer_fields_set(&f, "duree", "1 an");
		(void)offer_fields_set(&f, "lieu", "Annecy");
		(void)offer_fields_set(&f, "descriptif", "Accueil");
		(void)offer_fields_set(&f, "handicap", t[i].v);
		(void)offer_fields_set(&f, "one_click", t[i].v);
		if (offer_create(ctx, &f, BENOTTI, uid(ctx, "rh@benotti.example"), 0, &id, &err) != ACT_OK)
			fail_msg("offer_create: %s", err);
		offer_fields_release(&f);
		if (q_int(ctx, "SELECT handicap + one_click FROM offers WHERE id = %lld",
		    (long long)id) != 2 * t[i].yes)
			fail_msg("'%s' is not read as %s", t[i].v, t[i].yes ? "yes" : "no");
	}
}

static void
test_pool(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Stage sans formation", NULL);
	char *err = NULL, *s;

	/* no formation: every ga is asked, with a key on the offer */
	assert_int_equal(outbox_count(ctx, "offer.to_validate", "ga@univ.example"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE object_type = 'offer_pool'"
	    " AND object_id = %lld", (long long)id), 1);
	assert_int_equal(offer_review_pool(ctx, id, uid(ctx, "rp.gea@univ.example"), OFFER_VALIDATE,
	    "", &err), ACT_EDENIED);
	free(err);
	err = NULL;
	/* no formation to transfer to nor to recommend for */
	assert_int_equal(offer_review_pool(ctx, id, uid(ctx, "ga@univ.example"), OFFER_TRANSFER,
	    "rp.tc@univ.example", &err), ACT_EINPUT);
	assert_string_equal(err, "the offer targets no formation");
	FREE_AND_NULL(err);
	assert_int_equal(offer_review_pool(ctx, id, uid(ctx, "ga@univ.example"), OFFER_RECOMMEND,
	    "BUT3-GEA-GPRH", &err), ACT_EINPUT);
	assert_string_equal(err, "the offer targets no formation");
	FREE_AND_NULL(err);
	assert_int_equal(offer_review_pool(ctx, id, uid(ctx, "ga@univ.example"), OFFER_VALIDATE,
	    "5", &err), ACT_OK);
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "published");
	free(s);
	/* published for all students */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications WHERE kind ="
	    " 'offer.new_for_formation'"), 3);
	assert_int_equal(offer_review_pool(ctx, id, uid(ctx, "ga@univ.example"), OFFER_REJECT,
	    "non", &err), ACT_ESTATE);
	FREE_AND_NULL(err);
	/* a link that does not exist */
	assert_int_equal(offer_review(ctx, 9999, uid(ctx, "rp.gea@univ.example"), OFFER_VALIDATE, "",
	    &err), ACT_ENOTFOUND);
	FREE_AND_NULL(err);
	/* another: a rejection needs its motif, a rating is from 1 to 5 */
	id = make_offer(ctx, "Stage de nuit", NULL);
	assert_int_equal(offer_review_pool(ctx, id, uid(ctx, "ga@univ.example"), OFFER_REJECT,
	    " : ", &err), ACT_EINPUT);
	assert_string_equal(err, "a rejection needs a motif");
	FREE_AND_NULL(err);
	assert_int_equal(offer_review_pool(ctx, id, uid(ctx, "ga@univ.example"), OFFER_VALIDATE,
	    "9", &err), ACT_EINPUT);
	assert_string_equal(err, "the rating must be from 1 to 5");
	FREE_AND_NULL(err);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE object_type = 'offer_pool'"
	    " AND object_id = %lld AND revoked = 0", (long long)id), 1);
	/* rejected with its motif: the employer is told, the key is spent */
	assert_int_equal(offer_review_pool(ctx, id, uid(ctx, "admin@univ.example"), OFFER_REJECT,
	    ": horaires illégaux", &err), ACT_OK);
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "rejected");
	free(s);
	s = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'offer.rejected'"
	    " AND rcpt = 'rh@benotti.example' ORDER BY id DESC LIMIT 1");
	assert_non_null(strstr(s, "horaires illégaux"));
	assert_non_null(strstr(s, "toutes formations"));
	free(s);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE object_type = 'offer_pool'"
	    " AND object_id = %lld AND revoked = 0", (long long)id), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications WHERE kind ="
	    " 'offer.new_for_formation' AND vars LIKE '%%Stage de nuit%%'"), 0);
}

static void
test_transfer(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Assistant RH", "BUT3-GEA-GPRH");
	int64_t link = link_of(ctx, id, "BUT3-GEA-GPRH");
	int64_t rp_gea = uid(ctx, "rp.gea@univ.example"), rp_tc = uid(ctx, "rp.tc@univ.example");
	char *err = NULL, *s;

	assert_int_equal(offer_review(ctx, link, rp_gea, OFFER_TRANSFER, "nobody@univ.example",
	    &err), ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(offer_review(ctx, link, rp_gea, OFFER_TRANSFER, "rh@benotti.example",
	    &err), ACT_EDENIED);
	free(err);
	err = NULL;
	/* to oneself, in any case: refused, nothing changes */
	assert_int_equal(offer_review(ctx, link, rp_gea, OFFER_TRANSFER, "rp.gea@univ.example",
	    &err), ACT_EDENIED);
	free(err);
	err = NULL;
	assert_int_equal(offer_review(ctx, link, rp_gea, OFFER_TRANSFER, " RP.Gea@univ.example",
	    &err), ACT_EDENIED);
	free(err);
	err = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.transferred'"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE object_id = %lld AND"
	    " object_type = 'offer_formation' AND revoked = 0 AND user_id = %lld", (long long)link,
	    (long long)rp_gea), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE detail LIKE '%%transfer%%'"
	    " OR event = 'transfer'"), 0);
	assert_int_equal(offer_review(ctx, link, rp_gea, OFFER_TRANSFER, "rp.tc@univ.example",
	    &err), ACT_OK);
	assert_int_equal(q_int(ctx, "SELECT assigned_to FROM offer_formations WHERE rowid = %lld",
	    (long long)link), rp_tc);
	/* the old key is revoked, the new reviewer gets offer.transferred with a new one */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE object_id = %lld AND"
	    " object_type = 'offer_formation' AND revoked = 0 AND user_id = %lld", (long long)link,
	    (long long)rp_tc), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE object_id = %lld AND"
	    " object_type = 'offer_formation' AND revoked = 0", (long long)link), 1);
	s = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'offer.transferred'"
	    " AND rcpt = 'rp.tc@univ.example'");
	assert_non_null(strstr(s, "\"from_name\":\"Claire Lambert\""));
	free(s);
	/* the new reviewer decides; a decided link is not transferred any more */
	assert_int_equal(offer_review(ctx, link, rp_tc, OFFER_VALIDATE, "", &err), ACT_OK);
	assert_int_equal(offer_review(ctx, link, rp_tc, OFFER_TRANSFER, "rp.gea@univ.example",
	    &err), ACT_ESTATE);
	free(err);
}

/* a reviewer without a name on file is named by their address in offer.transferred */
static void
test_transfer_unnamed(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Assistant RH", "BUT3-GEA-GPRH");
	int64_t link = link_of(ctx, id, "BUT3-GEA-GPRH");
	int64_t rp_gea = uid(ctx, "rp.gea@univ.example");
	char *err = NULL, *s;

	assert_int_equal(db_exec(ctx->db, "UPDATE users SET first_name = '', last_name = ''"
	    " WHERE email = 'rp.gea@univ.example'", NULL), 0);
	assert_int_equal(offer_review(ctx, link, rp_gea, OFFER_TRANSFER, "rp.tc@univ.example",
	    &err), ACT_OK);
	s = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'offer.transferred'"
	    " AND rcpt = 'rp.tc@univ.example'");
	if (strstr(s, "\"from_name\":\"rp.gea@univ.example\"") == NULL)
		fail_msg("vars: %s", s);
	free(s);
}

static void
test_recommend(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Assistant RH", "BUT3-GEA-GPRH");
	int64_t link = link_of(ctx, id, "BUT3-GEA-GPRH"), rp = uid(ctx, "rp.gea@univ.example");
	char *err = NULL;

	/* only once validated */
	assert_int_equal(offer_review(ctx, link, rp, OFFER_RECOMMEND, "alice@etu.example", &err),
	    ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(offer_review(ctx, link, rp, OFFER_VALIDATE, "", &err), ACT_OK);
	/* one unknown (or of another formation) refuses the whole command */
	assert_int_equal(offer_review(ctx, link, rp, OFFER_RECOMMEND,
	    "alice@etu.example carol@etu.example", &err), ACT_EINPUT);
	assert_non_null(strstr(err, "carol@etu.example"));
	free(err);
	err = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations"), 0);
	/* by address and by INE, told at once */
	assert_int_equal(offer_review(ctx, link, rp, OFFER_RECOMMEND,
	    "0494004062m, bob@etu.example", &err), ACT_OK);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations WHERE manual = 1"
	    " AND recommended_by = %lld AND offer_id = %lld", (long long)rp, (long long)id), 2);
	assert_int_equal(outbox_count(ctx, "offer.new_for_formation", "alice@etu.example"), 1);
	assert_int_equal(outbox_count(ctx, "offer.new_for_formation", "bob@etu.example"), 1);
}

static void
test_lifecycle(void **state)
{
	struct altc *ctx = *state;
	int64_t id = make_offer(ctx, "Assistant RH", "BUT3-GEA-GPRH");
	int64_t employer = uid(ctx, "rh@benotti.example"), copy = 0;
	int64_t other = uid(ctx, "contact@genesii.example");
	char *err = NULL, *s;

	assert_int_equal(offer_review(ctx, link_of(ctx, id, "BUT3-GEA-GPRH"),
	    uid(ctx, "rp.gea@univ.example"), OFFER_VALIDATE, "", &err), ACT_OK);
	assert_int_equal(db_exec(ctx->db,
	    "INSERT INTO applications (student_id, offer_id, state, created_at, updated_at)"
	    " SELECT id, 1, 'pending', 0, 0 FROM users WHERE email = 'alice@etu.example';"
	    "INSERT INTO applications (student_id, offer_id, state, created_at, updated_at)"
	    " SELECT id, 1, 'abandoned', 0, 0 FROM users WHERE email = 'bob@etu.example'", NULL), 0);
	/* another company's employer may not; an unknown offer is not found */
	assert_int_equal(offer_lifecycle(ctx, id, other, OFFER_FILL, NULL, &err), ACT_EDENIED);
	s = xasprintf("user %lld does not manage offer %lld", (long long)other, (long long)id);
	assert_string_equal(err, s);
	free(s);
	FREE_AND_NULL(err);
	assert_int_equal(offer_lifecycle(ctx, id + 99, employer, OFFER_ARCHIVE, NULL, &err),
	    ACT_ENOTFOUND);
	s = xasprintf("no offer %lld", (long long)id + 99);
	assert_string_equal(err, s);
	free(s);
	FREE_AND_NULL(err);
	/* an employer's own offer is no structure's to share, even by staff */
	assert_int_equal(offer_share(ctx, id, 0, &err), ACT_ESTATE);
	assert_string_equal(err, "only a structure's offer is shared with the structure");
	FREE_AND_NULL(err);
	assert_int_equal(offer_share(ctx, id, other, &err), ACT_EDENIED);
	FREE_AND_NULL(err);
	/* extend: 60 more days from the current expiry */
	{
		int64_t before = q_int(ctx, "SELECT expires_at FROM offers WHERE id = %lld",
		    (long long)id);

		assert_int_equal(offer_lifecycle(ctx, id, employer, OFFER_EXTEND, NULL, &err), ACT_OK);
		assert_int_equal(q_int(ctx, "SELECT expires_at FROM offers WHERE id = %lld",
		    (long long)id), before + 60 * 86400);
	}
	/* filled: the open application is closed politely, the abandoned one untouched */
	assert_int_equal(offer_lifecycle(ctx, id, employer, OFFER_FILL, NULL, &err), ACT_OK);
	s = q_text(ctx, "SELECT group_concat(state, ',') FROM (SELECT state FROM applications"
	    " ORDER BY id)");
	assert_string_equal(s, "refused,abandoned");
	free(s);
	assert_int_equal(outbox_count(ctx, "application.refused", "alice@etu.example"), 1);
	/* withdrawing a filled offer is not a transition */
	assert_int_equal(offer_lifecycle(ctx, id, employer, OFFER_WITHDRAW, NULL, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(offer_lifecycle(ctx, id, employer, OFFER_EXTEND, NULL, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	/* duplicate: a pending copy sent for validation */
	assert_int_equal(offer_lifecycle(ctx, id, employer, OFFER_DUPLICATE, &copy, &err), ACT_OK);
	assert_true(copy > id);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers WHERE id = %lld AND state ="
	    " 'pending' AND duplicated_from = %lld", (long long)copy, (long long)id), 1);
	assert_int_equal(link_of(ctx, copy, "BUT3-GEA-GPRH") > 0, 1);
	/* archive, then an edit reactivates it */
	assert_int_equal(offer_lifecycle(ctx, id, 0, OFFER_ARCHIVE, NULL, &err), ACT_OK);
	assert_int_equal(q_int(ctx, "SELECT archived_at IS NOT NULL FROM offers WHERE id = %lld",
	    (long long)id), 1);
	{
		struct offer_fields f;

		offer_fields_init(&f);
		(void)offer_fields_set(&f, "intitule", "Assistant RH (2027)");
		assert_int_equal(offer_edit(ctx, id, &f, 0, employer, &err), ACT_OK);
		offer_fields_release(&f);
	}
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "pending");
	free(s);
	/* withdrawn: later commands are refused */
	assert_int_equal(offer_lifecycle(ctx, copy, employer, OFFER_WITHDRAW, NULL, &err), ACT_OK);
	assert_int_equal(offer_lifecycle(ctx, copy, employer, OFFER_FILL, NULL, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(offer_review(ctx, link_of(ctx, copy, "BUT3-GEA-GPRH"),
	    uid(ctx, "rp.gea@univ.example"), OFFER_VALIDATE, "", &err), ACT_ESTATE);
	free(err);
}

static void
test_sweep(void **state)
{
	struct altc *ctx = *state;
	int64_t a = make_offer(ctx, "Offre A", "BUT3-GEA-GPRH");
	int64_t b = make_offer(ctx, "Offre B", "BUT3-GEA-GPRH");
	int64_t c = make_offer(ctx, "Offre C", "BUT3-GEA-GPRH");
	int64_t now = now_epoch(), day = 86400;
	char *err = NULL, *s;
	size_t did;

	assert_int_equal(db_exec(ctx->db, "UPDATE offers SET state = 'published'", NULL), 0);
	/* A expires in 3 days (warned), B expired (archived), C was filled long ago (archived) */
	s = sqlite3_mprintf("UPDATE offers SET expires_at = %lld WHERE id = %lld;"
	    "UPDATE offers SET expires_at = %lld WHERE id = %lld;"
	    "UPDATE offers SET state = 'filled', created_at = %lld WHERE id = %lld",
	    (long long)(now + 3 * day), (long long)a, (long long)(now - 1), (long long)b,
	    (long long)(now - 200 * day), (long long)c);
	assert_int_equal(db_exec(ctx->db, s, NULL), 0);
	sqlite3_free(s);
	assert_int_equal(offer_sweep(ctx, now, &did, &err), 0);
	assert_int_equal(did, 3);
	s = q_text(ctx, "SELECT group_concat(state, ',') FROM (SELECT state FROM offers ORDER BY id)");
	assert_string_equal(s, "published,archived,archived");
	free(s);
	assert_int_equal(outbox_count(ctx, "offer.expiring", "rh@benotti.example"), 1);
	s = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'offer.expiring'");
	assert_non_null(strstr(s, "\"offer_title\":\"Offre A\""));
	free(s);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'offer'"
	    " AND event IN ('expire', 'archive')"), 2);
	/* each history row says why: B expired, C was too old */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'offer'"
	    " AND object_id = %lld AND event = 'expire' AND detail = 'expired'", (long long)b), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'offer'"
	    " AND object_id = %lld AND event = 'archive' AND detail = 'older than offers.archive_days'",
	    (long long)c), 1);
	/* a second run the same night does nothing more */
	assert_int_equal(offer_sweep(ctx, now + 60, &did, &err), 0);
	assert_int_equal(did, 0);
	assert_int_equal(outbox_count(ctx, "offer.expiring", "rh@benotti.example"), 1);
	/* PROLONGER after the warning: the warning may come again for the new date */
	assert_int_equal(offer_lifecycle(ctx, a, 0, OFFER_EXTEND, NULL, &err), ACT_OK);
	assert_int_equal(q_int(ctx, "SELECT warned_at IS NULL FROM offers WHERE id = %lld",
	    (long long)a), 1);
	/* an offer whose expiry is this very second expires */
	{
		int64_t x = make_offer(ctx, "Offre X", "BUT3-GEA-GPRH");

		s = sqlite3_mprintf("UPDATE offers SET state = 'published', expires_at = %lld"
		    " WHERE id = %lld", (long long)(now + 100), (long long)x);
		assert_int_equal(db_exec(ctx->db, s, NULL), 0);
		sqlite3_free(s);
		assert_int_equal(offer_sweep(ctx, now + 100, &did, &err), 0);
		s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)x);
		assert_string_equal(s, "archived");
		free(s);
	}
	/* a pending offer near its expiry, or a published one beyond the warning window: no warning */
	{
		int64_t d = make_offer(ctx, "Offre D", "BUT3-GEA-GPRH");
		int64_t e = make_offer(ctx, "Offre E", "BUT3-GEA-GPRH");

		s = sqlite3_mprintf("UPDATE offers SET expires_at = %lld WHERE id = %lld;"
		    "UPDATE offers SET state = 'published', expires_at = %lld WHERE id = %lld",
		    (long long)(now + 2 * day), (long long)d, (long long)(now + 30 * day), (long long)e);
		assert_int_equal(db_exec(ctx->db, s, NULL), 0);
		sqlite3_free(s);
		assert_int_equal(offer_sweep(ctx, now + 120, &did, &err), 0);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.expiring'"
		    " AND (vars LIKE '%%Offre D%%' OR vars LIKE '%%Offre E%%')"), 0);
		s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)d);
		assert_string_equal(s, "pending");
		free(s);
	}
	/* the program lists the job for the nightly sweep */
	altc_modules_init();
	assert_non_null(jobs_find("offer-expiry"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handicap_shown, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_handicap_indexed, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_create, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_half_created, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_validate_publish, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_reject_all_then_edit, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_delegations, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_yes_no_fields, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_pool, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_transfer, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_transfer_unnamed, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_bounds, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_ratings, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_recommend, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_lifecycle, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_sweep, test_demo_setup, test_demo_teardown),
	};

	log_init(1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
