/*
 * test_recommend.c - the recommendations: normalisation and places
 * (table-driven), scores computed by hand for a small fixture in both
 * directions and over every criterion, weights changed between runs,
 * incremental runs equal to full runs, manual recommendations first, the
 * exclusions (applied, filled), the digest sections in French and English,
 * favourites and their expiry warning.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "compat.h"

#include "digest.h"
#include "mail_action.h"
#include "recommend.h"
#include "status.h"
#include "strbuf.h"
#include "table.h"
#include "test_offer_util.h"

/* ---- normalisation ---- */

struct key_case {
	const char *in, *key;
};

static void
test_norm_keys(void **state)
{
	static const struct key_case cases[] = {
		{ "Comptabilité", "comptabilite" },
		{ "compta", "comptabilite" },		/* synonym */
		{ "COMPTABLE", "comptabilite" },
		{ "Ressources Humaines", "ressource humaine" },
		{ "RH", "ressource humaine" },
		{ "Langues étrangères", "langue etrangere" },	/* plurals */
		{ "  Excel  ", "excel" },
		{ "ms excel", "excel" },
		{ "Contrat d'apprentissage", "apprentissage" },
		{ "alternance", "apprentissage" },
		{ "English", "anglai" },		/* anglais without its s, both sides */
	};
	char *err = NULL;
	struct rec_norm *n = rec_norm_load(ALTC_SRCDIR "/data", &err);

	(void)state;
	assert_non_null(n);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *k = rec_norm_key(n, cases[i].in);

		if (strcmp(k, cases[i].key) != 0)
			fail_msg("'%s' -> '%s', expected '%s'", cases[i].in, k, cases[i].key);
		free(k);
	}
	rec_norm_free(&n);
}

static void
collect(void *arg, const char *key, const char *shown)
{
	struct strbuf *sb = arg;

	strbuf_addf(sb, "%s%s=%s", sb->len ? "|" : "", key, shown);
}

static void
test_norm_lists(void **state)
{
	static const struct key_case cases[] = {
		{ "Excel, SQL et anglais", "excel=Excel|sql=SQL|anglai=anglais|English" },
		/* the English shown is a spelling too */
		{ "English; Spanish", "anglai=anglais|English|espagnol=espagnol|Spanish" },
		{ "compta; paie / RH", "comptabilite=comptabilité|accounting|paie=paie|payroll|"
		  "ressource humaine=ressources humaines|human resources" },
		{ "- Word\n- SAP", "word=Word|sap=SAP" },
		{ "", "" },
	};
	char *err = NULL;
	struct rec_norm *n = rec_norm_load(ALTC_SRCDIR "/data", &err);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;

		(void)rec_norm_values(n, cases[i].in, collect, &sb);
		if (strcmp(sb.buf, cases[i].key) != 0)
			fail_msg("'%s' -> '%s', expected '%s'", cases[i].in, sb.buf, cases[i].key);
		strbuf_release(&sb);
	}
	rec_norm_free(&n);
}

static void
test_norm_places(void **state)
{
	static const struct {
		const char *in, *shown;
		const char *dept;	/* département code, NULL unknown */
		int same_region_as_annecy;
	} cases[] = {
		{ "Annecy (74)", "Annecy (74)", "74", 1 },
		{ "74000 Annecy", "Annecy (74)", "74", 1 },
		{ "Annecy", "Annecy (74)", "74", 1 },
		{ "Chambéry", "Chambéry (73)", "73", 1 },
		{ "Haute-Savoie", NULL, "74", 1 },
		{ "Auvergne-Rhône-Alpes", NULL, NULL, 1 },
		{ "Paris 15e", NULL, NULL, 0 },
		{ "75015 Paris", "Paris (75)", "75", 0 },
		{ "20090 Ajaccio", "Ajaccio (2A)", "2A", 0 },
	};
	char *err = NULL;
	struct rec_norm *n = rec_norm_load(ALTC_SRCDIR "/data", &err);
	struct rec_place annecy, p;

	(void)state;
	assert_int_equal(rec_norm_place(n, "Annecy", &annecy), 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(rec_norm_place(n, cases[i].in, &p), 1);
		if (cases[i].shown)
			assert_string_equal(p.shown, cases[i].shown);
		if (cases[i].dept)
			assert_int_equal(p.dept, rec_norm_place(n, cases[i].dept, &annecy) ?
			    annecy.dept : -2);
		rec_norm_place(n, "Annecy", &annecy);
		if (cases[i].same_region_as_annecy)
			assert_int_equal(p.region, annecy.region);
		else
			assert_true(p.region != annecy.region || p.region < 0);
	}
	assert_int_equal(rec_norm_mobility("Départementale"), REC_MOB_DEPT);
	assert_int_equal(rec_norm_mobility("régionale"), REC_MOB_REGION);
	assert_int_equal(rec_norm_mobility("toute la France"), REC_MOB_NATION);
	assert_int_equal(rec_norm_mobility("locale"), REC_MOB_LOCAL);
	assert_int_equal(rec_norm_mobility("oui"), -1);
	rec_norm_free(&n);
}

/* ---- the fixture ---- */

/*
 * Offers A, B (GEA), C (no formation: everyone), D (TC); alice and bob in
 * GEA, carol in TC.  The scores of each pair are computed by hand in the
 * tests below with the default impacts: formation 5, sector 3, skills 4,
 * contract 2, location 3, seniority 1, mobility 2, languages 1.
 */
static const char fixture_sql[] =
	"UPDATE users SET company_id = (SELECT id FROM companies WHERE siret = '80754009100004')"
	" WHERE email = 'rh@benotti.example';"
	"INSERT INTO offers (id, company_id, author_id, state, title, location, expires_at,"
	" created_at, updated_at) SELECT v.column1, c.id, u.id, 'published', v.column2, v.column3,"
	" 4000000000, 0, 0 FROM companies c, users u, (VALUES (101, 'Comptable A', 'Annecy (74)'),"
	" (102, 'Paie B', 'Lyon'), (103, 'Banque C', 'Paris'), (104, 'Vente D', NULL)) v"
	" WHERE c.siret = '80754009100004' AND u.email = 'rh@benotti.example';"
	"INSERT INTO offer_formations (offer_id, formation_id, state, decided_at)"
	" SELECT v.column1, f.id, 'validated', 0 FROM formations f, (VALUES (101, 'BUT3-GEA-GPRH'),"
	" (102, 'BUT3-GEA-GPRH'), (104, 'BUT3-TC-MDEE')) v WHERE f.code = v.column2;"
	"INSERT INTO offer_criteria (offer_id, criterion_id, value) SELECT v.column1, c.id, v.column3"
	" FROM criteria c, (VALUES (101, 'sector', 'Comptabilité'), (101, 'skills', 'Excel, SAP'),"
	" (101, 'contract', 'apprentissage'), (101, 'languages', 'anglais, allemand'),"
	" (102, 'skills', 'Excel'), (102, 'mobility', 'régionale'), (103, 'sector', 'banque'),"
	" (104, 'skills', 'Excel')) v WHERE c.name = v.column2;"
	"UPDATE users SET postal_code = '75015', city = 'Paris' WHERE email = 'carol@etu.example';";

static int
setup(void **state)
{
	struct altc *ctx;
	char *err = NULL;
	struct {
		const char *email, *key, *value;
	} profile[] = {
		{ "alice@etu.example", "secteur", "compta" },
		{ "alice@etu.example", "competences", "excel, word" },
		{ "alice@etu.example", "type_de_contrat", "Alternance" },
		{ "alice@etu.example", "lieu", "74000 Annecy" },
		{ "alice@etu.example", "mobilite", "départementale" },
		{ "alice@etu.example", "langues", "Anglais" },
		{ "bob@etu.example", "competences", "SAP" },
		{ "bob@etu.example", "lieu", "Chambéry" },
		{ "bob@etu.example", "mobilite", "Régionale" },
		{ "carol@etu.example", "competences", "Excel" },
		{ "carol@etu.example", "mobilite", "locale" },
	};

	test_demo_setup(state);
	ctx = *state;
	if (db_begin(ctx->db) < 0 || db_exec(ctx->db, fixture_sql, &err) < 0)
		fatalx("fixture: %s", err ? err : "?");
	for (size_t i = 0; i < sizeof(profile) / sizeof(profile[0]); i++)
		if (recommend_profile_set(ctx, uid(ctx, profile[i].email), profile[i].key,
		    profile[i].value, &err) != 1)
			fatalx("profile: %s", err ? err : profile[i].key);
	if (db_commit(ctx->db) < 0)
		fatalx("fixture: commit");
	return 0;
}

static void
run(struct altc *ctx, int full)
{
	struct rec_run_opts o = { 0 };
	struct rec_run_stats st;
	char *err = NULL;

	o.full = full;
	o.notify = 1;
	if (recommend_run(ctx, &o, &st, &err) < 0)
		fail_msg("run: %s", err);
}

/* score - of a pair in the table, -1 when absent */
static int64_t
score(struct altc *ctx, const char *email, int offer)
{
	return q_int(ctx, "SELECT coalesce((SELECT score FROM recommendations WHERE student_id ="
	    " (SELECT id FROM users WHERE email = %Q) AND offer_id = %d), -1)", email, offer);
}

/* list - a student's offers (or an offer's students) in order, "101 102" */
static char *
list(struct altc *ctx, const char *email, int offer)
{
	struct table *t;
	char *err = NULL, *s;
	FILE *fp;
	size_t len;

	t = recommend_list(ctx, email ? uid(ctx, email) : 0, offer, &err);
	assert_non_null(t);
	fp = open_memstream(&s, &len);
	table_print(t, TABLE_CSV, fp);
	fclose(fp);
	table_free(&t);
	return s;
}

static void
test_scores_by_hand(void **state)
{
	struct altc *ctx = *state;
	char *m;

	run(ctx, 0);
	/* alice x A: 5 + 3 + 4/2 + 2 + 3 + 1/2 = 15.5 of 18 */
	assert_int_equal(score(ctx, "alice@etu.example", 101), 86);
	/* alice x B: 5 + 4 + 0 (Lyon, not her département) + 0 (régionale asked) of 14 */
	assert_int_equal(score(ctx, "alice@etu.example", 102), 64);
	/* alice x C: nothing in common (banque, Paris): not proposed; x D: not her formation */
	assert_int_equal(score(ctx, "alice@etu.example", 103), -1);
	assert_int_equal(score(ctx, "alice@etu.example", 104), -1);
	/* bob x A: 5 + 4/2 + 3 (Annecy is in his region) = 10 of 12 */
	assert_int_equal(score(ctx, "bob@etu.example", 101), 83);
	/* bob x B: 5 + 0 + 3 + 2 = 10 of 14 */
	assert_int_equal(score(ctx, "bob@etu.example", 102), 71);
	/* carol x C: Paris, locale: 3 of 3; x D: 5 + 4 of 9 */
	assert_int_equal(score(ctx, "carol@etu.example", 103), 100);
	assert_int_equal(score(ctx, "carol@etu.example", 104), 100);
	assert_int_equal(score(ctx, "carol@etu.example", 101), -1);
	m = q_text(ctx, "SELECT matched FROM recommendations WHERE offer_id = 101 AND student_id = %lld",
	    (long long)uid(ctx, "alice@etu.example"));
	/* stored one per line with the criterion, the synonyms' English after '|' */
	assert_string_equal(m, "formation\nsector=comptabilité|accounting\nskills=Excel\n"
	    "contract=apprentissage|apprenticeship\nlocation=Annecy (74)\nlanguages=anglais|English");
	free(m);
	/* and shown in the reader's language */
	m = list(ctx, "alice@etu.example", 0);
	assert_non_null(strstr(m, "\"formation, comptabilité, Excel, apprentissage, Annecy (74),"
	    " anglais\""));
	free(m);
	/* both directions, best first; ties by number */
	m = list(ctx, "alice@etu.example", 0);
	assert_non_null(strstr(m, "\"101\";\"Comptable A\""));
	assert_true(strstr(m, "\"101\";") < strstr(m, "\"102\";"));
	free(m);
	m = list(ctx, "carol@etu.example", 0);
	assert_true(strstr(m, "\"103\";") < strstr(m, "\"104\";"));
	free(m);
	m = list(ctx, NULL, 102);
	assert_true(strstr(m, "Bob") < strstr(m, "Alice"));
	free(m);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations WHERE offer_rank IS NOT NULL"), 6);
}

static void
test_weights_between_runs(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL;

	run(ctx, 0);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(recommend_weight_set(ctx, "Compétences", 0, &err), ACT_OK);
	assert_int_equal(recommend_weight_set(ctx, "lieu", 5, &err), ACT_OK);
	assert_int_equal(recommend_weight_set(ctx, "lieu", 6, &err), ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(recommend_weight_set(ctx, "couleur", 1, &err), ACT_EINPUT);
	free(err);
	assert_int_equal(db_commit(ctx->db), 0);
	run(ctx, 0);	/* other weights: every list again */
	/* alice x A: 5 + 3 + 2 + 5 + 0.5 = 15.5 of 16 */
	assert_int_equal(score(ctx, "alice@etu.example", 101), 97);
	/* alice x B: 5 of 12 */
	assert_int_equal(score(ctx, "alice@etu.example", 102), 42);
	assert_int_equal(score(ctx, "bob@etu.example", 101), 100);
	assert_int_equal(score(ctx, "bob@etu.example", 102), 100);
}

/* snapshot - the rows as text, to compare runs */
static char *
snapshot(struct altc *ctx)
{
	return q_text(ctx, "SELECT group_concat(x, ';') FROM (SELECT student_id || ',' || offer_id"
	    " || ',' || score || ',' || coalesce(matched, '') || ',' || coalesce(student_rank, '-')"
	    " || ',' || coalesce(offer_rank, '-') || ',' || manual AS x FROM recommendations"
	    " ORDER BY student_id, offer_id)");
}

static void
test_incremental_equals_full(void **state)
{
	struct altc *ctx = *state;
	char *inc, *full, *err = NULL;
	int64_t now = now_epoch();

	run(ctx, 0);
	/* changes on both sides: a profile, an offer's criteria, an offer filled */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(recommend_profile_set(ctx, uid(ctx, "bob@etu.example"), "competences",
	    "SAP, Excel", &err), 1);
	assert_int_equal(db_exec(ctx->db, "UPDATE offer_criteria SET value = 'finance'"
	    " WHERE offer_id = 103", &err), 0);
	assert_int_equal(q_int(ctx, "UPDATE offers SET updated_at = %lld WHERE id = 103", (long long)now), 0);
	assert_int_equal(q_int(ctx, "UPDATE offers SET state = 'filled', updated_at = %lld"
	    " WHERE id = 102", (long long)now), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	run(ctx, 0);
	inc = snapshot(ctx);
	assert_int_equal(score(ctx, "bob@etu.example", 101), 100 * 12 / 12);
	assert_int_equal(score(ctx, "bob@etu.example", 102), -1);
	run(ctx, 1);
	full = snapshot(ctx);
	assert_string_equal(inc, full);
	free(inc);
	free(full);
}

static void
test_manual_first_and_exclusions(void **state)
{
	struct altc *ctx = *state;
	int64_t alice = uid(ctx, "alice@etu.example"), now = now_epoch();
	char *m;

	/* the rp recommends B to alice: first in her list, above A's better score */
	q_int(ctx, "INSERT INTO recommendations (student_id, offer_id, score, manual, recommended_by,"
	    " created_at) VALUES (%lld, 102, 100, 1, %lld, 0)", (long long)alice,
	    (long long)uid(ctx, "rp.gea@univ.example"));
	run(ctx, 0);
	assert_int_equal(score(ctx, "alice@etu.example", 102), 64);	/* its true score */
	m = list(ctx, "alice@etu.example", 0);
	assert_true(strstr(m, "\"102\";") < strstr(m, "\"101\";"));
	free(m);
	/* she applies to A: gone from her list and from A's profiles */
	q_int(ctx, "INSERT INTO applications (student_id, offer_id, state, created_at, updated_at)"
	    " VALUES (%lld, 101, 'pending', %lld, %lld)", (long long)alice, (long long)now,
	    (long long)now);
	m = list(ctx, "alice@etu.example", 0);
	assert_null(strstr(m, "\"101\";"));	/* at once, before the next run */
	free(m);
	run(ctx, 0);
	assert_int_equal(score(ctx, "alice@etu.example", 101), -1);
	m = list(ctx, NULL, 101);
	assert_null(strstr(m, "Alice"));
	free(m);
	/* B filled: out of every list, the manual line kept but not shown */
	q_int(ctx, "UPDATE offers SET state = 'filled', updated_at = %lld WHERE id = 102", (long long)now);
	run(ctx, 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations WHERE offer_id = 102"
	    " AND manual = 0"), 0);
	m = list(ctx, "alice@etu.example", 0);
	assert_null(strstr(m, "\"102\";"));
	free(m);
}

static void
test_digest_sections(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL, *v;
	size_t sent;

	q_int(ctx, "UPDATE users SET locale = 'en' WHERE email = 'bob@etu.example'");
	run(ctx, 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications WHERE kind = 'recommend.offers'"), 3);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications WHERE kind = 'recommend.profiles'"), 1);
	run(ctx, 0);	/* nothing new: no second notification */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications WHERE kind = 'recommend.offers'"), 3);
	assert_int_equal(digest_run(ctx, &sent, &err), 0);
	v = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'digest.daily' AND rcpt = 'alice@etu.example'");
	assert_non_null(strstr(v, "\"recommended\":[{"));
	assert_non_null(strstr(v, "\"title\":\"Comptable A\""));
	assert_non_null(strstr(v, "\"reply_token\""));
	free(v);
	v = q_text(ctx, "SELECT token FROM outbox WHERE template = 'digest.daily'"
	    " AND rcpt = 'alice@etu.example'");
	assert_true(*v != '\0');		/* the digest's Reply-To carries it */
	free(v);
	v = q_text(ctx, "SELECT locale || vars FROM outbox WHERE template = 'digest.daily' AND rcpt = 'bob@etu.example'");
	assert_true(strncmp(v, "en", 2) == 0);
	assert_non_null(strstr(v, "\"recommended\""));
	free(v);
	v = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'digest.daily' AND rcpt = 'rh@benotti.example'");
	assert_non_null(strstr(v, "\"profiles\":[{"));
	assert_null(strstr(v, "etu.example"));		/* no student address */
	assert_null(strstr(v, "last_name"));
	free(v);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations WHERE student_seen_at IS NULL"
	    " AND student_rank IS NOT NULL"), 0);
}

static void
test_favorites(void **state)
{
	struct altc *ctx = *state;
	int64_t alice = uid(ctx, "alice@etu.example"), rh = uid(ctx, "rh@benotti.example");
	char *err = NULL;
	size_t did;

	run(ctx, 0);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(recommend_favorite_add(ctx, alice, 101, &err), ACT_OK);
	assert_int_equal(recommend_favorite_add(ctx, alice, 101, &err), ACT_OK);	/* twice: once */
	assert_int_equal(recommend_favorite_add(ctx, alice, 999, &err), ACT_ENOTFOUND);
	free(err);
	err = NULL;
	/* D is for TC only: not an offer alice may see */
	assert_int_equal(recommend_favorite_add(ctx, alice, 104, &err), ACT_ENOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(recommend_favorite_add(ctx, alice, 103, &err), ACT_OK);	/* C: for all */
	assert_int_equal(recommend_favorite_add(ctx, rh, alice, &err), ACT_OK);	/* a profile */
	assert_int_equal(recommend_favorite_add(ctx, rh, uid(ctx, "admin@univ.example"), &err),
	    ACT_ENOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM favorites"), 3);
	/* A expires in 5 days: one warning, once */
	q_int(ctx, "UPDATE offers SET expires_at = %lld WHERE id = 101", (long long)(now_epoch() + 5 * 86400));
	assert_int_equal(recommend_favorites_warn(ctx, &did, &err), 0);
	assert_int_equal(did, 1);
	assert_int_equal(recommend_favorites_warn(ctx, &did, &err), 0);
	assert_int_equal(did, 0);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'recommend.favorite_expiring'"
	    " AND rcpt = 'alice@etu.example'"), 1);
}

/* a new student gives criteria by answering PROFIL to the welcome (its key) */
static void
test_signup_asks_criteria(void **state)
{
	const struct mail_action *a = mail_action_find_verb("offer_student", "PROFIL");

	(void)state;
	assert_non_null(a);
	assert_string_equal(a->verbs[0], "PROFIL");
	/* and the welcome says so, in both languages */
	for (size_t i = 0; i < 2; i++) {
		const char *l = i ? "en" : "fr";
		char *p = xasprintf("%s/templates/%s/account.welcome.txt", getenv("ALTC_SRCDIR"), l);
		char *body = NULL;
		size_t len;

		assert_int_equal(read_file(p, &body, &len), 0);
		assert_non_null(strstr(body, "PROFIL"));
		free(body);
		free(p);
	}
}

/* what employers may see: the words students write, stored and read back */
static void
test_show_parse(void **state)
{
	static const struct {
		const char *in;
		int rc;
		unsigned mask;
		const char *bad;
	} cases[] = {
		{ "prénom, formation et compétences", 0,
		  REC_SHOW_FIRST_NAME | REC_SHOW_FORMATION | REC_SHOW_SKILLS, NULL },
		{ "Prénom et Nom", 0, REC_SHOW_FIRST_NAME | REC_SHOW_LAST_NAME, NULL },
		{ "first name; programme/skills + languages", 0, REC_SHOW_FIRST_NAME |
		  REC_SHOW_FORMATION | REC_SHOW_SKILLS | REC_SHOW_LANGUAGES, NULL },
		{ "Lieu, DISPONIBILITÉ", 0, REC_SHOW_PLACE | REC_SHOW_AVAILABILITY, NULL },
		{ "nom de famille", 0, REC_SHOW_LAST_NAME, NULL },
		{ "tout", 0, REC_SHOW_ALL, NULL },
		{ "All", 0, REC_SHOW_ALL, NULL },
		{ "rien", 0, 0, NULL },
		{ "Nothing", 0, 0, NULL },
		{ "rien, prénom", 0, REC_SHOW_FIRST_NAME, NULL },
		{ "prénom, adresse", -1, 0, "adresse" },
		{ "  ", -1, 0, "" },
		{ "compétences, téléphone et formation", -1, 0, "telephone" },
	};
	struct strbuf b = STRBUF_INIT;
	unsigned m;
	char *nobad = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned mask = 12345;
		char *bad = NULL;
		int rc = rec_show_parse(cases[i].in, &mask, &bad);

		if (rc != cases[i].rc || (rc == 0 && mask != cases[i].mask))
			fail_msg("'%s': rc %d mask %#x, expected %d %#x", cases[i].in, rc, mask,
			    cases[i].rc, cases[i].mask);
		if (cases[i].bad)
			assert_string_equal(bad, cases[i].bad);
		else
			assert_null(bad);
		free(bad);
		if (rc == 0) {
			strbuf_reset(&b);
			rec_show_store(mask, &b);
			assert_int_equal(rec_show_read(b.buf), mask);
		}
	}
	strbuf_release(&b);
	assert_int_equal(rec_show_read(NULL), REC_SHOW_DEFAULT);
	assert_int_equal(rec_show_read("none"), 0);
	assert_int_equal(rec_show_read("first_name,place"), REC_SHOW_FIRST_NAME | REC_SHOW_PLACE);
	/* the disability status: only when named, never with "tout" */
	assert_int_equal(rec_show_parse("tout", &m, &nobad), 0);
	assert_false(m & REC_SHOW_DISABILITY);
	assert_int_equal(rec_show_parse("prénom, RQTH", &m, &nobad), 0);
	assert_int_equal(m, REC_SHOW_FIRST_NAME | REC_SHOW_DISABILITY);
	assert_true(recommend_show_key("montrer"));
	assert_true(recommend_show_key("visible_par_les_employeurs"));
	assert_true(recommend_show_key("show"));
	assert_false(recommend_show_key("competences"));
	assert_false(recommend_show_key("lieu"));
}

/* the RQTH/OETH status as students write it */
static void
test_disability_parse(void **state)
{
	static const struct {
		const char *key, *value, *status;
		int rc;
	} cases[] = {
		{ "rqth", "oui", "rqth", 0 }, { "rqth", "Oui", "rqth", 0 }, { "rqth", "yes", "rqth", 0 },
		{ "oeth", "oui", "oeth", 0 }, { "handicap", "RQTH", "rqth", 0 },
		{ "handicap", "OETH (pension d'invalidité)", "oeth", 0 },
		{ "statut_handicap", "RQTH en cours", "rqth", 0 },
		{ "rqth", "non", NULL, 0 }, { "rqth", "", NULL, 0 }, { "handicap", "aucun", NULL, 0 },
		{ "rqth", "peut-être", NULL, -1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *st = "unset";
		int rc = rec_disability_parse(cases[i].key, cases[i].value, &st);

		if (rc != cases[i].rc || (rc == 0 && (cases[i].status == NULL ? st != NULL :
		    st == NULL || strcmp(st, cases[i].status) != 0)))
			fail_msg("%s: '%s' -> %d %s", cases[i].key, cases[i].value, rc, st ? st : "NULL");
	}
	assert_true(rec_disability_key("rqth"));
	assert_true(rec_disability_key("statut_handicap"));
	assert_false(rec_disability_key("competences"));
	assert_null(rec_disability_label(NULL, "fr"));
	assert_non_null(strstr(rec_disability_label("rqth", "fr"), "(RQTH)"));
	assert_non_null(strstr(rec_disability_label("oeth", "en"), "(OETH)"));
}

/* the matched criteria as a reader sees them: language, and the student's choice */
static void
test_matched_render(void **state)
{
	static const char stored[] = "formation\nsector=comptabilité|accounting\nskills=Excel\n"
	    "contract=apprentissage|apprenticeship\nlocation=Annecy (74)\nlanguages=anglais|English\n"
	    "mobility=2\navailability=septembre";
	static const struct {
		const char *locale;
		unsigned show;
		const char *out;
	} cases[] = {
		{ "fr", REC_SHOW_ALL, "formation, comptabilité, Excel, apprentissage, Annecy (74),"
		  " anglais, mobilité régionale, septembre" },
		{ "en", REC_SHOW_ALL, "programme, accounting, Excel, apprenticeship, Annecy (74),"
		  " English, regional mobility, septembre" },
		/* skills, place, languages, availability only when the student shows them */
		{ "fr", REC_SHOW_FIRST_NAME | REC_SHOW_FORMATION,
		  "formation, comptabilité, apprentissage, mobilité régionale" },
		{ "en", REC_SHOW_SKILLS | REC_SHOW_PLACE,
		  "programme, accounting, Excel, apprenticeship, Annecy (74), regional mobility" },
	};
	struct strbuf b = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&b);
		rec_matched_render(stored, cases[i].locale, cases[i].show, &b);
		assert_string_equal(b.buf, cases[i].out);
	}
	strbuf_reset(&b);
	rec_matched_render("", "fr", REC_SHOW_ALL, &b);
	assert_string_equal(b.buf, "");
	strbuf_release(&b);
}

/* digest_again - the digests of the same lines once more, as if not yet seen */
static void
digest_again(struct altc *ctx)
{
	char *err = NULL;
	size_t sent;

	q_int(ctx, "UPDATE recommendations SET offer_seen_at = NULL");
	q_int(ctx, "DELETE FROM outbox WHERE template = 'digest.daily'");
	q_int(ctx, "UPDATE notifications SET digested_at = NULL");
	assert_int_equal(digest_run(ctx, &sent, &err), 0);
}

/* an employer's matching profiles show only what each student agreed to show */
static void
test_employer_sees_consent(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL, *v;
	size_t sent;

	q_int(ctx, "UPDATE users SET profile_show = 'none' WHERE email = 'alice@etu.example'");
	q_int(ctx, "UPDATE users SET profile_show = 'first_name,skills' WHERE email = 'bob@etu.example'");
	q_int(ctx, "UPDATE users SET locale = 'en' WHERE email = 'rh@benotti.example'");
	run(ctx, 0);
	assert_int_equal(digest_run(ctx, &sent, &err), 0);
	v = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'digest.daily'"
	    " AND rcpt = 'rh@benotti.example'");
	assert_non_null(strstr(v, "\"profiles\":[{"));
	assert_null(strstr(v, "Alice"));			/* "rien": not proposed */
	assert_non_null(strstr(v, "\"profile\":\"Bob ; skills: SAP\""));
	assert_null(strstr(v, "Chambéry"));			/* his place is not shown */
	assert_null(strstr(v, "Annecy"));			/* nor matched on it */
	assert_non_null(strstr(v, "\"matched\":\"programme"));	/* in English */
	free(v);
	/* and alice still gets her offers */
	v = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'digest.daily'"
	    " AND rcpt = 'alice@etu.example'");
	assert_non_null(strstr(v, "\"title\":\"Comptable A\""));
	free(v);
	/* a declared RQTH status reaches employers only when the student names it */
	q_int(ctx, "UPDATE users SET disability = 'rqth' WHERE email = 'bob@etu.example'");
	digest_again(ctx);
	v = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'digest.daily'"
	    " AND rcpt = 'rh@benotti.example'");
	assert_non_null(strstr(v, "\"profile\":\"Bob ; skills: SAP\""));
	assert_null(strstr(v, "RQTH"));
	free(v);
	q_int(ctx, "UPDATE users SET profile_show = 'first_name,skills,disability' WHERE email = 'bob@etu.example'");
	digest_again(ctx);
	v = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'digest.daily'"
	    " AND rcpt = 'rh@benotti.example'");
	assert_non_null(strstr(v, "Bob ; skills: SAP ; recognised as a disabled worker (RQTH)"));
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm_keys),
		cmocka_unit_test(test_norm_lists),
		cmocka_unit_test(test_norm_places),
		cmocka_unit_test(test_show_parse),
		cmocka_unit_test(test_matched_render),
		cmocka_unit_test(test_disability_parse),
		cmocka_unit_test_setup_teardown(test_scores_by_hand, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_weights_between_runs, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_incremental_equals_full, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_manual_first_and_exclusions, setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_digest_sections, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_favorites, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_employer_sees_consent, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_signup_asks_criteria, setup, test_demo_teardown),
	};

	log_init(1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
