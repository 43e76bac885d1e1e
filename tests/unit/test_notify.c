/*
 * test_notify.c - the notification policy (table-driven: importance,
 * template, preferences, unreachable -> center row? mail?), the center cap,
 * the daily digest, and staff accounts.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "digest.h"
#include "formation.h"
#include "notify.h"
#include "outbox_db.h"
#include "staff.h"
#include "test_outbox_ctx.h"
#include "token.h"

static struct altc ctx;
static char dir[] = "/tmp/test_notify.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	test_ctx_open(&ctx, dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	test_ctx_close(&ctx, dir);
	return 0;
}

static int64_t
count(const char *sql, int64_t arg)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(ctx.db->h, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t
new_user(const char *email, int notify_email, int notify_optional, int unreachable)
{
	char *err = NULL, *sql;
	int64_t id = user_ensure(&ctx, email, "student", "registered", "Lefèvre", "Zoé", &err);

	assert_true(id > 0);
	sql = xasprintf("UPDATE users SET notify_email = %d, notify_optional = %d,"
	    " unreachable = %d WHERE id = %lld", notify_email, notify_optional, unreachable,
	    (long long)id);
	assert_int_equal(db_exec(ctx.db, sql, NULL), 0);
	free(sql);
	return id;
}

struct policy {
	enum notify_importance imp;
	const char *template;
	int notify_email, notify_optional, unreachable;
	int center, mail;	/* expected rows */
};

static const struct policy policies[] = {
	{ NOTIFY_ACTION, "offer.published", 1, 1, 0, 1, 1 },
	{ NOTIFY_ACTION, "offer.published", 0, 1, 0, 1, 0 },	/* copie par e-mail off */
	{ NOTIFY_INFO, "offer.new_for_formation", 1, 1, 0, 1, 0 },	/* waits for the digest */
	{ NOTIFY_OPTIONAL, "offer.new_for_formation", 1, 1, 0, 1, 0 },
	{ NOTIFY_OPTIONAL, "offer.new_for_formation", 1, 0, 0, 0, 0 },	/* optional off */
	{ NOTIFY_ACTION, "import.invitation", 0, 1, 0, 1, 1 },	/* always mailed */
	{ NOTIFY_ACTION, "account.activation", 0, 0, 0, 1, 1 },
	{ NOTIFY_ACTION, "reply.error", 0, 1, 0, 1, 1 },
	{ NOTIFY_ACTION, "offer.published", 1, 1, 1, 1, 0 },	/* unreachable */
	{ NOTIFY_ACTION, "import.invitation", 1, 1, 1, 1, 0 },
	{ NOTIFY_ACTION, "reply.error", 1, 1, 1, 1, 1 },	/* answers a mail just received */
	{ NOTIFY_ACTION, "reply.help", 0, 1, 1, 1, 1 },
};

static void
test_policy(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(policies); i++) {
		const struct policy *p = &policies[i];
		char email[64], *err = NULL;
		struct notify_msg m;
		int64_t uid, rc;

		xsnprintf(email, sizeof(email), "policy%zu@etu.example", i);
		uid = new_user(email, p->notify_email, p->notify_optional, p->unreachable);
		memset(&m, 0, sizeof(m));
		m.user_id = uid;
		m.template = p->template;
		m.importance = p->imp;
		m.vars_json = "{\"x\":1}";
		rc = notify_queue(&ctx, &m, &err);
		assert_true(rc >= 0);
		if (count("SELECT COUNT(*) FROM notifications WHERE user_id = ?", uid) != p->center ||
		    count("SELECT COUNT(*) FROM outbox WHERE user_id = ?", uid) != p->mail)
			fail_msg("policy %zu (%s): wrong rows", i, p->template);
		assert_int_equal(rc > 0, p->mail);
	}
}

/* a message without account goes to the address given, in the default locale */
static void
test_rcpt_only(void **state)
{
	struct notify_msg m;
	struct outbox_row r;
	char *err = NULL;
	int64_t id;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.rcpt = "stranger@elsewhere.example";
	m.template = "reply.error";
	m.importance = NOTIFY_ACTION;
	id = notify_queue(&ctx, &m, &err);
	assert_true(id > 0);
	assert_int_equal(outbox_db_get(ctx.db, id, &r, &err), 1);
	assert_string_equal(r.rcpt, "stranger@elsewhere.example");
	assert_string_equal(r.locale, "fr");
	assert_int_equal(r.user_id, 0);
	outbox_row_release(&r);
}

static void
test_center_cap(void **state)
{
	int64_t uid = new_user("cap@etu.example", 1, 1, 0);
	char *err = NULL;
	int i;

	(void)state;
	assert_int_equal(config_set(ctx.cfg, "notifications.center_cap", "3", &err), 0);
	for (i = 0; i < 5; i++) {
		struct notify_msg m;
		char vars[32];

		xsnprintf(vars, sizeof(vars), "{\"i\":%d}", i);
		memset(&m, 0, sizeof(m));
		m.user_id = uid;
		m.template = "offer.new_for_formation";
		m.importance = NOTIFY_INFO;
		m.vars_json = vars;
		assert_true(notify_queue(&ctx, &m, &err) >= 0);
	}
	assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE user_id = ?", uid), 3);
	/* the oldest went */
	assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND vars = '{\"i\":0}'", uid), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND vars = '{\"i\":4}'", uid), 1);
	assert_int_equal(config_set(ctx.cfg, "notifications.center_cap", "99", &err), 0);
}

static void
info(int64_t uid, const char *title)
{
	struct notify_msg m;
	char *vars = xasprintf("{\"offer_title\":\"%s\",\"company\":\"BENOTTI SAS\"}", title);
	char *err = NULL;

	memset(&m, 0, sizeof(m));
	m.user_id = uid;
	m.template = "offer.new_for_formation";
	m.importance = NOTIFY_INFO;
	m.vars_json = vars;
	assert_true(notify_queue(&ctx, &m, &err) >= 0);
	free(vars);
}

static void
test_digest(void **state)
{
	int64_t a, b, c, d;
	size_t queued;
	char *err = NULL;
	struct json_object *v, *items, *tok;
	sqlite3_stmt *st;
	struct token_info ti;

	(void)state;
	/* start from a clean slate: earlier tests left info rows */
	assert_int_equal(db_exec(ctx.db, "UPDATE notifications SET digested_at = 1", NULL), 0);
	a = new_user("digest.a@etu.example", 1, 1, 0);
	b = new_user("digest.b@etu.example", 0, 1, 0);	/* copie par e-mail off */
	c = new_user("digest.c@etu.example", 1, 1, 0);	/* nothing new */
	d = new_user("digest.d@etu.example", 1, 0, 0);	/* STOP: the digest is optional */
	info(a, "Contrôleur de gestion");
	info(a, "Chargé de clientèle");
	info(b, "Comptable");
	info(d, "Assistant paie");
	assert_int_equal(digest_run(&ctx, &queued, &err), 0);
	assert_int_equal(queued, 1);
	assert_int_equal(count("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND template = 'digest.daily'", d), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE digested_at IS NULL AND user_id = ?", d), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND template = 'digest.daily'", a), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND template = 'digest.daily'", b), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND template = 'digest.daily'", c), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE digested_at IS NULL AND user_id = ?", a), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE digested_at IS NULL AND user_id = ?", b), 0);
	/* the digest lists both items by their subject, with a working unsubscribe token */
	assert_int_equal(sqlite3_prepare_v2(ctx.db->h,
	    "SELECT vars FROM outbox WHERE template = 'digest.daily' AND user_id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, a);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = json_tokener_parse((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	assert_non_null(v);
	assert_true(json_object_object_get_ex(v, "items", &items));
	assert_int_equal(json_object_array_length(items), 2);
	{
		struct json_object *sum;
		const char *txt;

		assert_true(json_object_object_get_ex(json_object_array_get_idx(items, 0), "summary", &sum));
		txt = json_object_get_string(sum);
		assert_non_null(strstr(txt, "Nouvelle offre"));
		assert_non_null(strstr(txt, "Contrôleur de gestion"));
		/* and under it the template's Digest: line */
		assert_true(json_object_object_get_ex(json_object_array_get_idx(items, 0), "detail", &sum));
		assert_non_null(strstr(json_object_get_string(sum), "BENOTTI SAS"));
	}
	assert_true(json_object_object_get_ex(v, "unsubscribe_token", &tok));
	assert_int_equal(token_lookup(ctx.db, json_object_get_string(tok), &ti, &err), TOKEN_OK);
	assert_string_equal(ti.purpose, "unsubscribe");
	assert_int_equal(ti.user_id, a);
	json_object_put(v);
	/* nothing new: no empty digest */
	assert_int_equal(digest_run(&ctx, &queued, &err), 0);
	assert_int_equal(queued, 0);
}

static void
test_staff(void **state)
{
	static const char formations[] =
	    "Code_Formation;Lib_Formation;UFR;Departement;Effectif;RP_Mail\n"
	    "GEA;BUT GEA;IUT;GEA;30;rp.gea@univ.example\n"
	    "TC;BUT TC;IUT;TC;30;\n";
	struct formation_report rep;
	const char *const gea[] = { "GEA" }, *const tc[] = { "TC" }, *const bad[] = { "NOPE" };
	char *err = NULL;
	int64_t rp, ga;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	assert_int_equal(db_begin(ctx.db), 0);
	assert_int_equal(formation_import(&ctx, formations, sizeof(formations) - 1, "active", &rep, &err), 0);
	formation_report_release(&rep);
	rp = staff_add(&ctx, "rp", "new.rp@univ.example", "Hélène Durand", gea, 1, &err);
	assert_true(rp > 0);
	assert_int_equal(count("SELECT rp_id FROM formations WHERE code = 'GEA' AND ?1 = ?1", 0), rp);
	ga = staff_add(&ctx, "ga", "new.ga@univ.example", "Paul Martin", gea, 1, &err);
	assert_true(ga > 0);
	assert_int_equal(count("SELECT COUNT(*) FROM delegations WHERE ga_id = ?", ga), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM users WHERE id = ? AND state = 'pending'"
	    " AND first_name = 'Hélène' AND last_name = 'Durand'", rp), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM outbox WHERE user_id = ? AND template = 'account.activation'"
	    " AND vars LIKE '%/s/%' AND vars LIKE '%\"is_rp\":true%'", rp), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM tokens WHERE user_id = ? AND purpose = 'activation'"
	    " AND max_uses = 1", rp), 1);
	assert_int_equal(db_commit(ctx.db), 0);

	/* refusals, each rolled back by the caller */
	const struct { const char *role, *email; const char *const *f; size_t nf; const char *why; } no[] = {
		{ "student", "s@univ.example", NULL, 0, "not a staff role" },
		{ "rp", "not an address", NULL, 0, "not a valid" },
		{ "rp", "new.rp@univ.example", NULL, 0, "already has an account" },
		{ "admin", "adm@univ.example", gea, 1, "no formations" },
		{ "rp", "rp2@univ.example", bad, 1, "unknown formation" },
		{ "ga", "ga2@univ.example", tc, 1, "no rp" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(no); i++) {
		assert_int_equal(db_begin(ctx.db), 0);
		if (staff_add(&ctx, no[i].role, no[i].email, "A B", no[i].f, no[i].nf, &err) != -1)
			fail_msg("case %zu accepted", i);
		if (strstr(err, no[i].why) == NULL)
			fail_msg("case %zu: '%s'", i, err);
		free(err);
		err = NULL;
		db_rollback(ctx.db);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_rcpt_only),
		cmocka_unit_test(test_center_cap),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_staff),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
