/*
 * test_import.c - the import run: header mapping, the avis table, and the
 * outcome of every record of the fixtures compared with their .expected
 * files; re-importing creates and sends nothing; the rejected-lines CSV;
 * the invitation of a created student.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "formation_db.h"
#include "import.h"
#include "import_db.h"
#include "import_header.h"
#include "strbuf.h"
#include "table.h"
#include "token.h"

#include "import_testenv.h"
#include "test_fault.h"

static void
test_header_lookup(void **state)
{
	static const struct { const char *cell; int col; } cases[] = {
		{ "Nom", COL_NOM }, { "NOM", COL_NOM }, { "Prénom", COL_PRENOM },
		{ "PRENOM", COL_PRENOM }, { "Mail", COL_MAIL }, { "E-mail", COL_MAIL },
		{ "Date_Naissance", COL_DATE_NAISSANCE }, { "date naissance", COL_DATE_NAISSANCE },
		{ "Date de naissance", COL_DATE_NAISSANCE }, { "Code_INE", COL_INE },
		{ "Code INE", COL_INE }, { "Clé INE", COL_CLE_INE }, { "CLE_INE", COL_CLE_INE },
		{ "Adresse 1", COL_ADRESSE_1 }, { "adresse_2", COL_ADRESSE_2 },
		{ "Code Postal", COL_CODE_POSTAL }, { "Code_Formation", COL_CODE_FORMATION },
		{ "Lib Formation", COL_LIB_FORMATION }, { " Avis ", COL_AVIS },
		{ "Courriel", COL_MAIL }, { "Adresse e-mail", COL_MAIL }, { "Ville", COL_COMMUNE },
		{ "CP", COL_CODE_POSTAL }, { "Né le", COL_DATE_NAISSANCE }, { "Téléphone", COL_FIXE },
		{ "Mobile", COL_PORTABLE }, { "Code VET", COL_CODE_FORMATION },
		{ "Nom de famille", COL_NOM }, { "Numéro INE", COL_INE },
		{ "", -1 }, { "Remarque", -1 }, { "Nomade", -1 }, { "No", -1 }, { "Mai", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (import_col_lookup(cases[i].cell) != cases[i].col)
			fail_msg("'%s' -> %d, want %d", cases[i].cell, import_col_lookup(cases[i].cell),
			    cases[i].col);
}

static void
test_header_required(void **state)
{
	char *f1[] = { "Nom", "Prenom", "Avis", "Date_Naissance", "Code_Formation", "Adresse_1",
		"Code_Postal", "Commune", "Pays", "" };
	size_t lens[ARRAY_SIZE(f1)];
	struct csv_record rec = { ARRAY_SIZE(f1), f1, lens, 0, NULL };
	struct import_header h;
	char *err = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(f1); i++)
		lens[i] = strlen(f1[i]);
	assert_int_equal(import_header_parse(&h, &rec, &err), -1);
	assert_string_equal(err, "colonnes obligatoires absentes : Mail");
	free(err);
	/* the first column of the table is checked too */
	f1[0] = "Mail";
	lens[0] = strlen(f1[0]);
	err = NULL;
	assert_int_equal(import_header_parse(&h, &rec, &err), -1);
	assert_string_equal(err, "colonnes obligatoires absentes : Nom");
	free(err);
}

/* repeated columns: the first non-empty value wins; trimming (a cell's line break too) */
static void
test_header_values(void **state)
{
	char h0[] = "Nom", h1[] = "Avis", h2[] = "Mail", h3[] = "Avis", h4[] = "", h5[] = "Courriel";
	char v0[] = " Martin\t", v1[] = "", v2[] = "a@b.example\r\n", v3[] = "Favorable\n", v4[] = "",
	    v5[] = "other@b.example";
	char *hf[] = { h0, h1, h2, h3, h4, h5 }, *vf[] = { v0, v1, v2, v3, v4, v5 };
	size_t hl[6], vl[6], i;
	struct csv_record hr = { 6, hf, hl, 0, NULL }, vr = { 6, vf, vl, 1, NULL };
	struct import_header h;
	const char *vals[COL_COUNT];
	char *err = NULL;

	(void)state;
	for (i = 0; i < 6; i++) {
		hl[i] = strlen(hf[i]);
		vl[i] = strlen(vf[i]);
	}
	/* not a complete header (parse refuses it): the mapping alone is under test */
	assert_int_equal(import_header_parse(&h, &hr, &err), -1);
	free(err);
	memset(&h, 0, sizeof(h));
	h.ncsv = 6;
	h.col = xcalloc(6, sizeof(int));
	for (i = 0; i < 6; i++)
		h.col[i] = import_col_lookup(hf[i]);
	import_header_values(&h, &vr, vals);
	assert_string_equal(vals[COL_NOM], "Martin");
	assert_string_equal(vals[COL_AVIS], "Favorable");
	assert_string_equal(vals[COL_MAIL], "a@b.example");
	assert_string_equal(vals[COL_PRENOM], "");
	import_header_release(&h);
}

static void
test_avis(void **state)
{
	static const struct { const char *avis; enum import_reason r; } cases[] = {
		{ "Favorable", REASON_NONE }, { "Très favorable", REASON_NONE },
		{ "TRES FAVORABLE", REASON_NONE }, { "oui", REASON_NONE }, { "Oui-si", REASON_NONE },
		{ "oui si", REASON_NONE }, { "Admis", REASON_NONE },
		{ "Retenue sous réserve de contrat", REASON_NONE }, { "De droit", REASON_NONE },
		{ "Défavorable", REASON_AVIS_NO }, { "defavorable", REASON_AVIS_NO },
		{ "Non", REASON_AVIS_NO }, { "Refusé", REASON_AVIS_NO },
		{ "En attente", REASON_AVIS_WAIT }, { "peut-être", REASON_AVIS_WAIT },
		{ "", REASON_AVIS_WAIT },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (import_avis(cases[i].avis) != cases[i].r)
			fail_msg("avis '%s' -> %d, want %d", cases[i].avis, import_avis(cases[i].avis),
			    cases[i].r);
}

/* outcomes - "N: created" / "N: rejected: reason" lines from the echoed log */
static char *
outcomes(const char *log)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = log;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		long n;
		char *line = xstrndup(p, len), *rest;

		if (sscanf(line, "ligne %ld : ", &n) == 1 && (rest = strstr(line, " : ")) != NULL) {
			rest += 3;
			if (strncmp(rest, "créée", strlen("créée")) == 0)
				strbuf_addf(&sb, "%ld: created\n", n);
			else if (strncmp(rest, "rejetée : ", strlen("rejetée : ")) == 0) {
				char *reason = rest + strlen("rejetée : ");
				char *paren = strstr(reason, " (");

				/* the reason ends before the " (name <mail>)" of the line */
				if (strncmp(reason, "Champ", 5) == 0)
					paren = strstr(paren + 2, " (");
				strbuf_addf(&sb, "%ld: rejected: %.*s\n", n,
				    (int)(paren ? paren - reason : (long)strlen(reason)), reason);
			}
		}
		free(line);
		p += len + (eol != NULL);
	}
	return strbuf_detach(&sb, NULL);
}

static char *
expected(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *data, *p, *save = NULL;
	size_t len;

	if (read_file(path, &data, &len) < 0)
		fail_msg("cannot read %s", path);
	for (p = strtok_r(data, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
		if (*p != '#')
			strbuf_addf(&sb, "%s\n", p);
	free(data);
	return strbuf_detach(&sb, NULL);
}

/* run - one import of a fixture in its own transaction; the echoed log into *log_r */
static int
run(struct altc *ctx, const char *path, int analyze, struct import_stats *st, char **log_r)
{
	struct import_opts o = { 0 };
	char *err = NULL, *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc;

	o.filename = path;
	o.type = "manual";
	o.analyze = analyze;
	o.out = mem;
	assert_int_equal(db_begin(ctx->db), 0);
	rc = import_file(ctx, path, &o, st, &err);
	if (analyze)
		db_rollback(ctx->db);
	else
		assert_int_equal(db_commit(ctx->db), 0);
	fclose(mem);
	free(err);
	*log_r = buf;
	return rc;
}

static void
check_fixture(const char *csv, const char *exp, long long created, long long warnings)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	char *log, *got, *want;

	assert_int_equal(run(ctx, csv, 0, &st, &log), 0);
	got = outcomes(log);
	want = expected(exp);
	assert_string_equal(got, want);
	assert_int_equal(st.created, created);
	assert_int_equal(st.warnings, warnings);
	assert_int_equal(st.created + st.rejected, st.lines);
	/* every created student is 'imported' with exactly one invitation */
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE role = 'student'"
	    " AND state = 'imported'"), testenv_count(ctx, "SELECT count(*) FROM outbox"
	    " WHERE template = 'import.invitation' AND token IS NOT NULL"));
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'signup'"
	    " AND max_uses = 1 AND commands = 'INSCRIPTION'"),
	    testenv_count(ctx, "SELECT count(*) FROM users WHERE role = 'student'"));
	free(log);
	free(got);
	free(want);
	import_stats_release(&st);
	testenv_close(ctx);
}

static void
test_parcoursup_fixture(void **state)
{
	(void)state;
	check_fixture(FIXTURE("parcoursup_cp1252.csv"), FIXTURE("parcoursup_cp1252.expected"), 10, 2);
}

static void
test_ecandidat_fixture(void **state)
{
	struct altc *ctx;
	struct import_stats st;
	char *log;

	(void)state;
	check_fixture(FIXTURE("ecandidat_utf8_bom.csv"), FIXTURE("ecandidat_utf8_bom.expected"), 3, 1);
	/* the Clé INE column is joined to the INE */
	ctx = testenv_open(1);
	assert_int_equal(run(ctx, FIXTURE("ecandidat_utf8_bom.csv"), 0, &st, &log), 0);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE ine = '0494004062M'"
	    " AND email = 'bea.valide@ex.example'"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE ine IS NULL"
	    " AND email = 'bea.fausse@ex.example'"), 1);
	free(log);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* an address that belongs to an account of another person or another role */
static void
test_accounts(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	char *log, *got, *want;

	(void)state;
	assert_int_equal(db_exec(ctx->db, "INSERT INTO users (email, role, state, last_name,"
	    " first_name, created_at, updated_at) VALUES ('rh@corp.example', 'employer', 'active',"
	    " 'Martin', 'Paul', 0, 0); UPDATE users SET last_name = 'Alpha',"
	    " first_name = 'Responsable' WHERE email = 'rp.alpha@univ.example'", NULL), 0);
	assert_int_equal(run(ctx, FIXTURE("accounts.csv"), 0, &st, &log), 0);
	got = outcomes(log);
	want = expected(FIXTURE("accounts.expected"));
	assert_string_equal(got, want);
	/* the accounts are untouched; the students are who they were */
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE role = 'employer'"
	    " AND email = 'rh@corp.example'"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE role = 'rp'"
	    " AND email = 'rp.alpha@univ.example'"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM student_formations s JOIN users u"
	    " ON u.id = s.student_id WHERE u.email = 'famille.dupont@ex.example'"
	    " AND u.first_name = 'Alice'"), 2);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM student_formations s JOIN users u"
	    " ON u.id = s.student_id WHERE u.email = 'lea.noel@ex.example'"), 2);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE role = 'student'"), 3);
	/* a new address is kept in lower case, and invited there */
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'neuf.etudiant@ex.example' COLLATE BINARY"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE rcpt ="
	    " 'neuf.etudiant@ex.example' COLLATE BINARY AND template = 'import.invitation'"), 1);
	free(log);
	free(got);
	free(want);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* importing the same file again creates nothing and queues no mail */
static void
test_reimport(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	long long users, outbox;
	char *log;

	(void)state;
	assert_int_equal(run(ctx, FIXTURE("parcoursup_cp1252.csv"), 0, &st, &log), 0);
	free(log);
	import_stats_release(&st);
	users = testenv_count(ctx, "SELECT count(*) FROM users");
	outbox = testenv_count(ctx, "SELECT count(*) FROM outbox");
	assert_int_equal(run(ctx, FIXTURE("parcoursup_cp1252.csv"), 0, &st, &log), 0);
	assert_int_equal(st.created, 0);
	assert_int_equal(st.rejected, st.lines);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users"), users);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox"), outbox);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM imports"), 2);
	/* each run's history: when it ended, what it did */
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM imports WHERE finished_at IS NOT NULL"
	    " AND finished_at >= started_at AND lines > 0 AND status = 'done'"), 2);
	free(log);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* the rejected-lines CSV and the log exist; analyze writes neither */
static void
test_report_files(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	char *log, *csv, *want;
	size_t len;

	(void)state;
	assert_int_equal(run(ctx, FIXTURE("parcoursup_cp1252.csv"), 1, &st, &log), 0);
	assert_null(st.log_path);
	assert_null(st.rejects_path);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users"), 2);	/* the two rp */
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM imports"), 0);
	free(log);
	import_stats_release(&st);
	assert_int_equal(run(ctx, FIXTURE("parcoursup_cp1252.csv"), 0, &st, &log), 0);
	assert_non_null(st.rejects_path);
	assert_int_equal(read_file(st.rejects_path, &csv, &len), 0);
	assert_memory_equal(csv, "\xef\xbb\xbfline;nom;prenom;email;raison\r\n", 33);
	assert_non_null(strstr(csv, "\r\n3;\"L\xc3\xa9onard\";\"Zo\xc3\xa9\";\"zoe.leonard@ex.example\";"
	    "\"Doublon\"\r\n"));
	assert_non_null(strstr(csv, "\r\n11;\"Sans\";\"Mail\";\"\";\"Champ obligatoire manquant (Mail)\""));
	free(csv);
	assert_int_equal(access(st.log_path, R_OK), 0);
	/* the log opens with the import's number, the file and its type */
	want = xasprintf("import %lld : fichier %s (manual)\n", (long long)st.id,
	    FIXTURE("parcoursup_cp1252.csv"));
	if (strncmp(log, want, strlen(want)) != 0)
		fail_msg("log starts with '%.80s', expected '%s'", log, want);
	assert_int_equal(read_file(st.log_path, &csv, &len), 0);
	assert_int_equal(strncmp(csv, want, strlen(want)), 0);
	free(csv);
	free(want);
	free(log);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* phones are kept normalised when they are French, as given otherwise */
static void
test_phones(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	char *log;

	(void)state;
	assert_int_equal(run(ctx, FIXTURE("phones.csv"), 0, &st, &log), 0);
	assert_int_equal(st.created, 2);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'lea.durand@ex.example' AND phone_fixed = '04 50 12 34 56'"
	    " AND phone_mobile = '06 11 22 33 44'"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'tom.keller@ex.example' AND phone_fixed = '+41 22 123 45 67'"
	    " AND phone_mobile = '07 11 22 33 44'"), 1);
	free(log);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* the history: its date is when the import started; a failed row is -1 */
static void
test_history(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	struct table *t;
	char *log, *err = NULL, *out = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	assert_int_equal(run(ctx, FIXTURE("phones.csv"), 0, &st, &log), 0);
	assert_int_equal(db_exec(ctx->db, "UPDATE imports SET started_at = 1735732800", NULL), 0);
	t = import_db_table(ctx->db, &err);
	assert_non_null(t);
	fp = open_memstream(&out, &len);
	table_print(t, TABLE_CSV, fp);
	fclose(fp);
	if (strstr(out, "\"2025-01-01 12:00:00\";\"manual\";\"done\";\"2\";\"2\";\"0\"") == NULL)
		fail_msg("history: %s", out);
	free(out);
	table_free(&t);
	/* a history row that cannot be written is -1, with the reason */
	assert_int_equal(db_exec(ctx->db, "PRAGMA query_only = 1", NULL), 0);
	assert_int_equal(import_db_begin(ctx->db, "x.csv", NULL, "manual", &err), -1);
	assert_non_null(err);
	free(err);
	assert_int_equal(db_exec(ctx->db, "PRAGMA query_only = 0", NULL), 0);
	free(log);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* the invitation carries the link, the reply token and the names */
static void
test_invitation(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	struct token_info t;
	char *log, *err = NULL, tok[TOKEN_BUFSZ];
	sqlite3_stmt *q;

	(void)state;
	assert_int_equal(run(ctx, FIXTURE("ecandidat_utf8_bom.csv"), 0, &st, &log), 0);
	assert_int_equal(sqlite3_prepare_v2(ctx->db->h, "SELECT token, json_extract(vars, '$.link'),"
	    " json_extract(vars, '$.first_name'), json_extract(vars, '$.formation') FROM outbox"
	    " WHERE rcpt = 'elodie.unal@ex.example' AND template = 'import.invitation'", -1, &q,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	(void)xstrlcpy(tok, (const char *)sqlite3_column_text(q, 0), sizeof(tok));
	assert_int_equal(token_lookup(ctx->db, tok, &t, &err), TOKEN_OK);
	assert_string_equal(t.purpose, "signup");
	assert_string_equal(t.object_type, "user");
	assert_int_equal(t.expires_at - now_epoch(), 86400);
	{
		char *want = xasprintf("http://127.0.0.1:8080/s/%s", tok);

		assert_string_equal((const char *)sqlite3_column_text(q, 1), want);
		free(want);
	}
	assert_string_equal((const char *)sqlite3_column_text(q, 2), "\xc3\x9cnal");
	assert_string_equal((const char *)sqlite3_column_text(q, 3), "Master Gamma");
	sqlite3_finalize(q);
	free(log);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* a refused header: history row "failed", nothing else */
static void
test_missing_column(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	char *log;

	(void)state;
	assert_int_equal(run(ctx, FIXTURE("missing_mail.csv"), 0, &st, &log), -1);
	assert_true(st.failed);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM imports WHERE status = 'failed'"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE role = 'student'"), 0);
	free(log);
	import_stats_release(&st);
	testenv_close(ctx);
}

/*
 * a refused header stops the reading: what the first read left of a UTF-8
 * character cut at its end is not decoded again, the log names the
 * encoding of what was read
 */
static void
test_refused_stops_reading(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	struct strbuf sb = STRBUF_INIT;
	char *log, *path = xasprintf("%s/refused.csv", testenv_dir);
	FILE *fp;

	(void)state;
	strbuf_addstr(&sb, "Nom;Prenom;Avis\n");
	while (sb.len < 65535)
		strbuf_addstr(&sb, "A;B;Favorable\n");
	strbuf_setlen(&sb, 65535);
	strbuf_addstr(&sb, "\xc3\xa9\n");	/* the first read (64 KiB) ends inside the é */
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fwrite(sb.buf, 1, sb.len, fp), sb.len);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(run(ctx, path, 0, &st, &log), -1);
	assert_true(st.failed);
	if (strstr(log, "(utf-8, séparateur ';')") == NULL)
		fail_msg("log: %s", log);
	free(log);
	free(path);
	strbuf_release(&sb);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* a file that cannot be opened: an error that names it, nothing recorded */
static void
test_unreadable_file(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_opts o = { 0 };
	struct import_stats st;
	char *err = NULL, *path = xasprintf("%s/absent.csv", testenv_dir);

	(void)state;
	o.filename = "absent.csv";
	o.type = "manual";
	assert_int_equal(import_file(ctx, path, &o, &st, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "absent.csv"));
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM imports"), 0);
	free(err);
	free(path);
	testenv_close(ctx);
}

/* the report mail goes to import.report_to with both files attached */
static void
test_report_mail(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	char *log, *err = NULL;

	(void)state;
	assert_int_equal(config_set(ctx->cfg, "import.report_to",
	    "rp.alpha@univ.example, scol@univ.example", &err), 0);
	assert_int_equal(run(ctx, FIXTURE("ecandidat_utf8_bom.csv"), 0, &st, &log), 0);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template = 'import.report'"
	    " AND json_array_length(attachments) = 2 AND json_extract(vars, '$.created') = 3"
	    " AND json_extract(vars, '$.filename') IS NOT NULL"), 2);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template = 'import.report'"
	    " AND rcpt = 'scol@univ.example' AND user_id IS NULL"), 1);
	free(log);
	import_stats_release(&st);
	testenv_close(ctx);
}

/* delegations: a ga acts for an rp on some or all of the rp's formations */
static void
test_delegation(void **state)
{
	struct altc *ctx = testenv_open(1);
	char *err = NULL;
	int64_t ga;

	(void)state;
	assert_int_equal(db_begin(ctx->db), 0);
	ga = user_ensure(ctx, "ga@univ.example", "ga", "active", "Gest", "Ion", &err);
	assert_true(ga > 0);
	assert_int_equal(delegation_add(ctx->db, "rp.alpha@univ.example", "ga@univ.example",
	    "F-ALPHA, F-BETA", &err), 0);
	assert_int_equal(delegation_add(ctx->db, "rp.alpha@univ.example", "ga@univ.example",
	    "F-ALPHA", &err), 0);	/* again: no duplicate */
	assert_int_equal(delegation_add(ctx->db, "rp.gamma@univ.example", "ga@univ.example", NULL,
	    &err), 0);
	assert_int_equal(delegation_add(ctx->db, "rp.gamma@univ.example", "ga@univ.example", "",
	    &err), 0);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM delegations"), 3);
	assert_int_equal(delegation_add(ctx->db, "rp.alpha@univ.example", "ga@univ.example",
	    "F-NOPE", &err), -1);
	assert_string_equal(err, "unknown formation 'F-NOPE'");
	FREE_AND_NULL(err);
	assert_int_equal(delegation_add(ctx->db, "ga@univ.example", "rp.alpha@univ.example", NULL,
	    &err), -1);
	assert_non_null(strstr(err, "not rp"));
	free(err);
	db_rollback(ctx->db);
	testenv_close(ctx);
}

/* --progress: a bar on stderr that ends at 100 % on its own line */
static void
test_progress(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_opts o = { 0 };
	struct import_stats st;
	char *buf = NULL, *err = NULL, *text;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len), *cap = tmpfile();
	int saved = dup(2);
	struct stat sb;

	(void)state;
	assert_non_null(cap);
	assert_int_equal(stat(FIXTURE("parcoursup_cp1252.csv"), &sb), 0);
	o.filename = FIXTURE("parcoursup_cp1252.csv");
	o.type = "manual";
	o.out = mem;
	o.progress = 1;
	o.total = (size_t)sb.st_size;
	fflush(stderr);
	assert_int_equal(dup2(fileno(cap), 2), 2);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(import_file(ctx, o.filename, &o, &st, &err), 0);
	db_rollback(ctx->db);
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	fclose(mem);
	free(buf);
	import_stats_release(&st);
	text = xcalloc(1, 4096);
	rewind(cap);
	assert_true(fread(text, 1, 4095, cap) > 0);
	fclose(cap);
	if (strstr(text, "\rimport [########################################] 100%\n") == NULL)
		fail_msg("progress: '%s'", text);
	free(text);
	testenv_close(ctx);
}

static int
op_import(struct altc *ctx, void *arg, char **errstr_r)
{
	struct import_opts o = { 0 };
	struct import_stats st;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc;

	o.filename = arg;
	o.type = "manual";
	o.out = mem;
	rc = import_file(ctx, arg, &o, &st, errstr_r);
	fclose(mem);
	free(buf);
	if (rc == 0 && st.created != 3)
		rc = 1;
	import_stats_release(&st);
	return rc;
}

/* a row of the import that cannot be written stops it with the error: nothing half done */
static void
test_import_faults(void **state)
{
	struct altc *ctx = testenv_open(1);
	long long users = testenv_count(ctx, "SELECT count(*) FROM users");

	(void)state;
	assert_true(fault_sweep(ctx, "import", op_import, (void *)FIXTURE("ecandidat_utf8_bom.csv"),
	    -1) > 10);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users"), users);
	testenv_close(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_faults),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_header_lookup),
		cmocka_unit_test(test_header_required),
		cmocka_unit_test(test_header_values),
		cmocka_unit_test(test_avis),
		cmocka_unit_test(test_parcoursup_fixture),
		cmocka_unit_test(test_ecandidat_fixture),
		cmocka_unit_test(test_accounts),
		cmocka_unit_test(test_reimport),
		cmocka_unit_test(test_report_files),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_invitation),
		cmocka_unit_test(test_missing_column),
		cmocka_unit_test(test_refused_stops_reading),
		cmocka_unit_test(test_unreadable_file),
		cmocka_unit_test(test_report_mail),
		cmocka_unit_test(test_delegation),
	};

	setenv("ALTC_NOW", "1795435200", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
