/*
 * sirene_load.c - loading the SIRENE stock files.  The kind of a file is
 * told by its header (columns by name, in any order, extra ones ignored);
 * each record is checked (field count, key digits, state letter) and
 * inserted into the staging table of its kind with one prepared statement,
 * in batches of BATCH_ROWS per transaction.  The swap at the end drops the
 * live table and renames the staging one in its place, in one transaction.
 *
 * The delimiter (',' of today's files, ';' of older exports) and the
 * encoding are detected by the CSV reader of the imports.
 */
#include "compat.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csv_reader.h"
#include "db.h"
#include "db_schema.h"
#include "log.h"
#include "sirene.h"
#include "strbuf.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define BATCH_ROWS 100000
#define CHUNK (1 << 20)
#define MAX_COLS 16

struct column {
	const char *name;
	int required;
};

/* the establishment columns, in the order of the insert's parameters after the key */
enum { E_SIRET, E_DIFFUSION, E_STATE, E_HEAD, E_SIGN, E_USUAL, E_NUMBER, E_REPETITION,
	E_TYPE, E_STREET, E_COMPLEMENT, E_POSTAL, E_CITY };
static const struct column est_columns[] = {
	{ "siret", 1 }, { "statutDiffusionEtablissement", 1 },
	{ "etatAdministratifEtablissement", 1 }, { "etablissementSiege", 0 },
	{ "enseigne1Etablissement", 0 }, { "denominationUsuelleEtablissement", 0 },
	{ "numeroVoieEtablissement", 0 }, { "indiceRepetitionEtablissement", 0 },
	{ "typeVoieEtablissement", 0 }, { "libelleVoieEtablissement", 0 },
	{ "complementAdresseEtablissement", 0 }, { "codePostalEtablissement", 0 },
	{ "libelleCommuneEtablissement", 0 },
};

enum { U_SIREN, U_DIFFUSION, U_STATE, U_NAME, U_USUAL, U_ACRONYM, U_LAST, U_FIRST,
	U_CATEGORY };
static const struct column unit_columns[] = {
	{ "siren", 1 }, { "statutDiffusionUniteLegale", 1 }, { "etatAdministratifUniteLegale", 1 },
	{ "denominationUniteLegale", 0 }, { "denominationUsuelle1UniteLegale", 0 },
	{ "sigleUniteLegale", 0 }, { "nomUniteLegale", 0 }, { "prenom1UniteLegale", 0 },
	{ "categorieJuridiqueUniteLegale", 0 },
};

struct kind_def {
	enum sirene_kind kind;
	const char *suffix;		/* of its columns' names */
	const struct column *cols;
	size_t ncols;
	size_t key_len;
	const char *states;		/* the letters of its administrative state */
	const char *what;		/* the key's name in messages */
	const char *drop_staging, *create_staging, *insert, *drop_live, *rename;
};

static const struct kind_def kinds[] = {
	{ SIRENE_ESTABLISHMENTS, "Etablissement", est_columns, N(est_columns), 14, "AF", "SIRET",
	  "DROP TABLE IF EXISTS sirene_establishments_load",
	  "CREATE TABLE sirene_establishments_load " SIRENE_ESTABLISHMENTS_COLUMNS,
	  "INSERT OR REPLACE INTO sirene_establishments_load (siret, diffusible, state, head_office,"
	  " sign, usual_name, number, repetition, street_type, street, complement, postal_code,"
	  " city) VALUES (?, ?, ?, coalesce(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	  "DROP TABLE sirene_establishments",
	  "ALTER TABLE sirene_establishments_load RENAME TO sirene_establishments" },
	{ SIRENE_UNITS, "UniteLegale", unit_columns, N(unit_columns), 9, "AC", "SIREN",
	  "DROP TABLE IF EXISTS sirene_units_load",
	  "CREATE TABLE sirene_units_load " SIRENE_UNITS_COLUMNS,
	  "INSERT OR REPLACE INTO sirene_units_load (siren, diffusible, state, name, usual_name,"
	  " acronym, last_name, first_name, legal_category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	  "DROP TABLE sirene_units", "ALTER TABLE sirene_units_load RENAME TO sirene_units" },
};

/* one load: the files read so far and the staging tables they filled */
struct load {
	struct db *db;
	int progress;
	int staged[N(kinds)];
	int64_t rows[N(kinds)], skipped[N(kinds)];
	struct strbuf files[N(kinds)];
	/* the file being read */
	const char *path;
	const struct kind_def *k;
	int col[MAX_COLS];
	size_t nheader;
	struct sirene_file_stats *st;
	int64_t pending;		/* rows since the last commit */
	char *err;
};

const char *
sirene_kind_name(enum sirene_kind k)
{
	return k == SIRENE_ESTABLISHMENTS ? "establishments" : k == SIRENE_UNITS ? "units" : "none";
}

void
sirene_file_stats_release(struct sirene_file_stats *st)
{
	for (size_t i = 0; i < SIRENE_BAD_SHOWN; i++)
		FREE_AND_NULL(st->bad_why[i]);
}

/* header - tell the kind of the file by its columns and map them; -1 with l->err */
static int
header(struct load *l, const struct csv_record *rec)
{
	struct strbuf missing = STRBUF_INIT;
	size_t best = 0, score[N(kinds)] = { 0 };

	for (size_t i = 0; i < rec->n; i++)
		for (size_t k = 0; k < N(kinds); k++) {
			size_t n = strlen(kinds[k].suffix);

			if (rec->len[i] > n && strcasecmp(rec->field[i] + rec->len[i] - n,
			    kinds[k].suffix) == 0)
				score[k]++;
			/* siren is in both kinds; siret says establishments */
			if (kinds[k].kind == SIRENE_ESTABLISHMENTS &&
			    strcasecmp(rec->field[i], "siret") == 0)
				score[k]++;
		}
	for (size_t k = 1; k < N(kinds); k++)
		if (score[k] > score[best])
			best = k;
	if (score[best] == 0) {
		l->err = xasprintf("%s: not a SIRENE stock file (no column of StockEtablissement or"
		    " StockUniteLegale in its header)", l->path);
		return -1;
	}
	l->k = &kinds[best];
	l->nheader = rec->n;
	for (size_t c = 0; c < l->k->ncols; c++) {
		l->col[c] = -1;
		for (size_t i = 0; i < rec->n; i++)
			if (strcasecmp(rec->field[i], l->k->cols[c].name) == 0) {
				l->col[c] = (int)i;
				break;
			}
		if (l->col[c] < 0 && l->k->cols[c].required)
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", l->k->cols[c].name);
	}
	if (missing.len) {
		l->err = xasprintf("%s: the header of this %s file lacks the columns %s", l->path,
		    l->k->kind == SIRENE_ESTABLISHMENTS ? "StockEtablissement" : "StockUniteLegale",
		    missing.buf);
		strbuf_release(&missing);
		return -1;
	}
	l->st->kind = l->k->kind;
	return 0;
}

/* stage - the staging table of the file's kind, created for its first file */
static int
stage(struct load *l)
{
	size_t k = (size_t)(l->k - kinds);

	if (!l->staged[k]) {
		if (db_exec(l->db, l->k->drop_staging, &l->err) < 0 ||
		    db_exec(l->db, l->k->create_staging, &l->err) < 0)
			return -1;
		l->staged[k] = 1;
	}
	if (l->db->in_tx == 0 && db_begin(l->db) < 0) {
		l->err = xstrdup("cannot begin a transaction");
		return -1;
	}
	return 0;
}

/* bad - one skipped line, remembered when among the first */
static int
bad(struct load *l, const struct csv_record *rec, char *why)
{
	struct sirene_file_stats *st = l->st;

	if (st->skipped < SIRENE_BAD_SHOWN) {
		st->bad_line[st->skipped] = (int64_t)rec->index;
		st->bad_why[st->skipped] = why;
	} else
		free(why);
	st->skipped++;
	return 0;
}

/* value - field c of the record, NULL when absent or empty */
static const char *
value(const struct load *l, const struct csv_record *rec, size_t c)
{
	int i = l->col[c];

	return i < 0 || rec->len[i] == 0 ? NULL : rec->field[i];
}

static int
digits(const char *s, size_t len)
{
	if (s == NULL || strlen(s) != len)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* row - check one data record and insert it; bad ones are counted */
static int
row(struct load *l, const struct csv_record *rec)
{
	const char *key, *state, *diff;
	sqlite3_stmt *st;
	int diffusible;

	if (rec->n != l->nheader)
		return bad(l, rec, xasprintf("%zu fields where the header has %zu", rec->n,
		    l->nheader));
	key = value(l, rec, 0);
	diff = value(l, rec, 1);
	state = value(l, rec, 2);
	if (!digits(key, l->k->key_len))
		return bad(l, rec, xasprintf("%s '%s' is not %zu digits", l->k->what,
		    key ? key : "", l->k->key_len));
	if (state == NULL || strlen(state) != 1 || strchr(l->k->states, state[0]) == NULL)
		return bad(l, rec, xasprintf("state '%s' is not %c or %c", state ? state : "",
		    l->k->states[0], l->k->states[1]));
	/* O: public; P (and N in older files): the state only */
	diffusible = diff != NULL && strcmp(diff, "O") == 0;
	st = db_prepare(l->db, l->k->insert);
	db_bind_keep(st, 1, key);
	db_bind_int(st, 2, diffusible);
	db_bind_keep(st, 3, state);
	if (l->k->kind == SIRENE_ESTABLISHMENTS) {
		const char *head = value(l, rec, E_HEAD);

		if (head)
			db_bind_int(st, 4, strcmp(head, "true") == 0 || strcmp(head, "1") == 0 ||
			    strcmp(head, "O") == 0);
		for (size_t c = E_SIGN; diffusible && c <= E_CITY; c++)
			db_bind_keep(st, (int)c + 1, value(l, rec, c));
	} else {
		for (size_t c = U_NAME; c <= U_FIRST && diffusible; c++)
			db_bind_keep(st, (int)c + 1, value(l, rec, c));
		db_bind_keep(st, U_CATEGORY + 1, value(l, rec, U_CATEGORY));
	}
	if (db_done(l->db, st, &l->err) < 0)
		return -1;
	l->st->rows++;
	if (++l->pending >= BATCH_ROWS) {
		l->pending = 0;
		if (db_commit(l->db) < 0 || db_begin(l->db) < 0) {
			l->err = xstrdup("cannot commit a batch of rows");
			return -1;
		}
	}
	return 0;
}

static int
all_empty(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		if (rec->len[i] > 0)
			return 0;
	return 1;
}

static int
on_record(void *arg, const struct csv_record *rec)
{
	struct load *l = arg;

	if (rec->index == 0)
		return header(l, rec) < 0 || stage(l) < 0 ? -1 : 0;
	if (all_empty(rec))
		return 0;
	return row(l, rec);
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* show_progress - the percentage of path read and the rows so far, on stderr */
static void
show_progress(const char *path, off_t done, off_t size, int64_t rows, int *last, int final)
{
	int pct = size > 0 ? (int)(done * 100 / size) : 100;
	char n[32];

	if (pct == *last && !final)
		return;
	*last = pct;
	fprintf(stderr, "\r%s: %3d%% (%s rows)%s", path, pct > 100 ? 100 : pct,
	    sirene_group(rows, n, sizeof(n)), final ? "\n" : "");
}

/* load_file - stream one file into its staging table; -1 with l->err */
static int
load_file(struct load *l, const char *path, struct sirene_file_stats *st)
{
	struct csv_reader *r;
	char *buf, *cerr = NULL;
	double t0 = seconds();
	struct stat sb;
	off_t fed = 0;
	ssize_t got;
	int fd, rc = 0, last = -1;

	memset(st, 0, sizeof(*st));
	l->path = path;
	l->st = st;
	l->k = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		l->err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0)
		sb.st_size = 0;
	buf = xmalloc(CHUNK);
	r = csv_reader_new(on_record, l, 0, CSV_ENC_UNKNOWN);
	while (rc == 0 && (got = read(fd, buf, CHUNK)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			l->err = xasprintf("%s: %s", path, strerror(errno));
			rc = -1;
		} else if (csv_reader_feed(r, buf, (size_t)got, &cerr) < 0)
			rc = -1;
		else if (l->progress)
			show_progress(path, fed += got, sb.st_size, st->rows, &last, 0);
	}
	if (l->progress)
		show_progress(path, fed, sb.st_size, st->rows, &last, 1);
	if (rc == 0 && csv_reader_finish(r, &cerr) < 0)
		rc = -1;
	if (rc < 0 && l->err == NULL)
		l->err = xasprintf("%s: %s", path, cerr ? cerr : "read failed");
	st->delim = csv_reader_delim(r);
	free(cerr);
	csv_reader_free(&r);
	free(buf);
	close(fd);
	if (rc == 0 && l->k == NULL)
		l->err = xasprintf("%s: empty file (no header line)", path);
	else if (rc == 0 && st->rows == 0)
		l->err = xasprintf("%s: no row to load", path);
	else if (rc == 0 && st->skipped > 10 && st->skipped * 100 > st->rows + st->skipped)
		l->err = xasprintf("%s: %lld bad lines of %lld: not loaded", path,
		    (long long)st->skipped, (long long)(st->rows + st->skipped));
	if (rc == 0 && l->err)
		rc = -1;
	if (rc == 0) {
		size_t k = (size_t)(l->k - kinds);
		const char *base = strrchr(path, '/');

		l->rows[k] += st->rows;
		l->skipped[k] += st->skipped;
		strbuf_addf(&l->files[k], "%s%s", l->files[k].len ? ", " : "", base ? base + 1 : path);
	}
	st->seconds = seconds() - t0;
	return rc;
}

/* swap - the staging tables take the live ones' place, with the load's record */
static int
swap(struct load *l, char **errstr_r)
{
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (db_begin(l->db) < 0) {
		*errstr_r = xstrdup("cannot begin the swap");
		return -1;
	}
	for (size_t k = 0; k < N(kinds); k++) {
		if (!l->staged[k])
			continue;
		if (db_exec(l->db, kinds[k].drop_live, errstr_r) < 0 ||
		    db_exec(l->db, kinds[k].rename, errstr_r) < 0)
			goto fail;
		st = db_prepare(l->db, "INSERT OR REPLACE INTO sirene_loads (kind, files, rows,"
		    " skipped, loaded_at) VALUES (?, ?, ?, ?, ?)");
		db_bind_text(st, 1, sirene_kind_name(kinds[k].kind));
		db_bind_text(st, 2, l->files[k].buf);
		db_bind_int(st, 3, l->rows[k]);
		db_bind_int(st, 4, l->skipped[k]);
		db_bind_int(st, 5, now_epoch());
		if (db_done(l->db, st, errstr_r) < 0)
			goto fail;
		strbuf_addf(&detail, "%s%s: %s (%lld rows)", detail.len ? "; " : "",
		    sirene_kind_name(kinds[k].kind), l->files[k].buf, (long long)l->rows[k]);
	}
	rc = db_audit(l->db, "staff", "sirene", 0, NULL, "load", NULL, detail.buf);
	strbuf_release(&detail);
	if (rc < 0 || db_commit(l->db) < 0) {
		*errstr_r = xstrdup("cannot commit the swap");
		return -1;
	}
	memset(l->staged, 0, sizeof(l->staged));
	return 0;
fail:
	strbuf_release(&detail);
	db_rollback(l->db);
	return -1;
}

int
sirene_load(struct db *db, const char *const *paths, size_t n, int progress,
    struct sirene_file_stats *st, char **errstr_r)
{
	struct load l;
	int rc = 0;

	memset(&l, 0, sizeof(l));
	l.db = db;
	l.progress = progress;
	for (size_t k = 0; k < N(kinds); k++)
		strbuf_init(&l.files[k], 0);
	/* a large file touches many index pages: keep them in memory (64 MB) */
	(void)db_exec(db, "PRAGMA cache_size = -64000", NULL);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = load_file(&l, paths[i], &st[i]);
	if (rc == 0 && db->in_tx && db_commit(db) < 0) {
		l.err = xstrdup("cannot commit the last batch of rows");
		rc = -1;
	}
	if (rc == 0 && swap(&l, &l.err) < 0)
		rc = -1;
	if (rc < 0) {
		db_rollback(db);
		for (size_t k = 0; k < N(kinds); k++)
			if (l.staged[k])
				(void)db_exec(db, kinds[k].drop_staging, NULL);
		*errstr_r = l.err ? l.err : xstrdup("load failed");
	}
	(void)db_exec(db, "PRAGMA cache_size = -2000", NULL);
	for (size_t k = 0; k < N(kinds); k++)
		strbuf_release(&l.files[k]);
	return rc;
}
