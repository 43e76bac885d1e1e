/*
 * bench_search.c - latency of a CHERCHER mail, in process: the offers of a
 * CSV (bench/search/gen.py) are created through offer_create, about 60% of
 * them validated by their rp (or the ga for the pool), then Q searches are
 * handed to the offres@ action exactly as the inbound pipeline would, each
 * in its own transaction.  Prints p50, p99 and the maximum in milliseconds.
 */
#include "compat.h"

#include <time.h>

#include "altc.h"
#include "db.h"
#include "log.h"
#include "offer.h"
#include "offer_mail.h"
#include "util.h"

static const char *const queries[] = {
	"comptable", "assistant ressources humaines", "paie", "commercial à Annecy",
	"marketing digital", "contrôle de gestion à Lyon", "chargé communication",
	"SAP", "prospection grands comptes", "gestionnaire paie à Poisy", "export anglais",
	"développeur web", "juriste", "acheteur industrie", "logistique à Chambéry",
	"relation client banque", "qualité", "finance trésorerie", "e-commerce luxe",
	"chef de projet à Genève",
};

/* bench_user - the pipeline looks the sender up; so does the bench, by address */
static int64_t
bench_user(struct altc *ctx, const char *email)
{
	return db_int_for(ctx->db, "SELECT id FROM users WHERE email = ?", email);
}

static int64_t
bench_count(struct altc *ctx)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT count(*) FROM outbox WHERE template = 'offer.search'");
	int64_t n = 0;

	if (db_step(ctx->db, st, NULL) == 1)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * load - create every offer of the CSV through the engine, then publish 60%
 * of them in one statement (validating 30,000 links one by one would only
 * time the workflow, not the search)
 */
static void
load(struct altc *ctx, const char *csv)
{
	struct offer_fields *rows;
	char *data, *err = NULL;
	size_t len, n;
	double t0 = now_ms();

	if (read_file(csv, &data, &len) < 0)
		fatal("%s", csv);
	if (offer_csv_parse((unsigned char *)data, len, &rows, &n, &err) < 0)
		fatalx("%s", err);
	free(data);
	if (db_begin(ctx->db) < 0)
		fatalx("begin");
	for (size_t i = 0; i < n; i++) {
		int64_t id;

		if (offer_create(ctx, &rows[i], 1 + (int64_t)(i % 2), 0, 0, &id, &err) != ACT_OK)
			fatalx("offer %zu: %s", i, err);
		offer_fields_release(&rows[i]);
	}
	free(rows);
	if (db_exec(ctx->db,
	    "UPDATE offers SET state = 'published' WHERE id % 5 < 3;"
	    "UPDATE offer_formations SET state = 'validated' WHERE offer_id % 5 < 3;"
	    "DELETE FROM outbox; DELETE FROM notifications; DELETE FROM tokens", &err) < 0 ||
	    db_commit(ctx->db) < 0)
		fatalx("publish: %s", err ? err : "commit");
	printf("loaded %zu offers in %.1f s\n", n, (now_ms() - t0) / 1e3);
}

/* run - q CHERCHER mails from the bench students, one transaction each */
static void
run(struct altc *ctx, size_t q)
{
	double *ms = xcalloc(q, sizeof(*ms)), *commit = xcalloc(q, sizeof(*commit));
	size_t results = 0;

	for (size_t i = 0; i < q; i++) {
		struct mail_request r;
		char from[64], *reason = NULL;
		double t0;

		memset(&r, 0, sizeof(r));
		(void)xsnprintf(from, sizeof(from), "etu%zu@bench.example", i % 200);
		r.route = "offres";
		r.message_id = "bench@example";
		r.sender = from;
		r.sender_name = "";
		r.subject = "recherche";
		r.locale = "fr";
		r.verb = "CHERCHER";
		r.args = queries[i % (sizeof(queries) / sizeof(queries[0]))];
		r.text = "";
		t0 = now_ms();
		r.sender_user_id = bench_user(ctx, from);
		if (db_begin(ctx->db) < 0)
			fatalx("begin");
		if (offer_mail_offres(ctx, &r, &reason) != INPUT_DONE)
			fatalx("search '%s': %s", r.args, reason ? reason : "?");
		commit[i] = now_ms();
		if (db_commit(ctx->db) < 0)
			fatalx("commit");
		ms[i] = now_ms() - t0;
		commit[i] = now_ms() - commit[i];
		if (getenv("BENCH_VERBOSE"))
			printf("%8.2f ms (commit %.2f)  %s\n", ms[i], commit[i], r.args);
	}
	results = (size_t)bench_count(ctx);
	qsort(ms, q, sizeof(*ms), cmp);
	qsort(commit, q, sizeof(*commit), cmp);
	printf("%zu searches (%zu replies queued): p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", q,
	    results, ms[q / 2], ms[(q * 99) / 100], ms[q - 1]);
	printf("target p99 <= 20 ms: %s\n", ms[(q * 99) / 100] <= 20.0 ? "met" : "MISSED");
	printf("of which the commit: p50 %.2f ms  p99 %.2f ms\n", commit[q / 2],
	    commit[(q * 99) / 100]);
	free(ms);
	free(commit);
}

int main(int argc, char **argv);

int
main(int argc, char **argv)
{
	struct altc ctx;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: bench_search CONFIG OFFERS.csv|- QUERIES\n");
		return EX_USAGE;
	}
	log_init(1, -1);
	memset(&ctx, 0, sizeof(ctx));
	if ((rc = altc_open(&ctx, argv[1], 1)) != 0)
		return rc;
	if (strcmp(argv[2], "-") != 0)	/* "-": the offers are loaded already */
		load(&ctx, argv[2]);
	run(&ctx, (size_t)strtoul(argv[3], NULL, 10));
	altc_close(&ctx);
	return 0;
}
