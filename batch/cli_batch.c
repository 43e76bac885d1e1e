/*
 * cli_batch.c - `altc import` and the batch module's descriptor.  A manual import runs in its own transaction; --analyze
 * runs the same code in a transaction that is rolled back and writes no
 * file, so its report is exactly what a real run would do.
 */
#include "compat.h"

#include <json-c/json.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "cli.h"
#include "config.h"
#include "csv_reader.h"
#include "db.h"
#include "formation_db.h"
#include "import.h"
#include "import_db.h"
#include "log.h"
#include "module.h"
#include "table.h"
#include "util.h"
#include "xlsx_reader.h"

/* dump_record - one record as a JSON array line (conformance checks) */
static int
dump_record(void *arg, const struct csv_record *rec)
{
	json_object *a = json_object_new_array();
	size_t i;

	(void)arg;
	for (i = 0; i < rec->n; i++)
		json_object_array_add(a, json_object_new_string_len(rec->field[i], (int)rec->len[i]));
	puts(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(a);
	return 0;
}

/* dump_warning - a warning of the workbook reader, on stderr */
static void
dump_warning(void *arg, size_t index, const char *msg)
{
	(void)arg;
	log_warnx("record %zu: %s", index, msg);
}

/* dump_xlsx - the records of a workbook's first visible sheet */
static int
dump_xlsx(const char *path)
{
	struct xlsx_reader *x = NULL;
	char *data = NULL, *err = NULL;
	size_t len;
	int rc = EX_DATAERR;

	if (read_file(path, &data, &len) < 0) {
		log_warn("cannot read '%s'", path);
		return EX_NOINPUT;
	}
	if ((x = xlsx_reader_open(data, len, NULL, &err)) == NULL ||
	    xlsx_reader_rows(x, dump_record, dump_warning, NULL, &err) < 0)
		log_warnx("'%s': %s", path, err);
	else {
		fprintf(stderr, "xlsx, sheet '%s'\n", xlsx_reader_sheet(x));
		rc = EX_OK;
	}
	xlsx_reader_free(&x);
	free(err);
	free(data);
	return rc;
}

static int
dump_csv(const char *path)
{
	struct csv_reader *r = csv_reader_new(dump_record, NULL, 0, CSV_ENC_UNKNOWN);
	char buf[65536], *err = NULL;
	FILE *fp = fopen(path, "rb");
	size_t n;
	int rc = 0;

	if (fp == NULL) {
		log_warn("cannot open '%s'", path);
		csv_reader_free(&r);
		return EX_NOINPUT;
	}
	/* the format by the first bytes, as the import tells it */
	n = fread(buf, 1, 8, fp);
	if (xlsx_magic(buf, n) != XLSX_MAGIC_NONE) {
		fclose(fp);
		csv_reader_free(&r);
		if (xlsx_magic(buf, n) == XLSX_MAGIC_ZIP)
			return dump_xlsx(path);
		log_warnx("'%s': %s", path, xlsx_ole_refusal());
		return EX_DATAERR;
	}
	rc = csv_reader_feed(r, buf, n, &err);
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
		rc = csv_reader_feed(r, buf, n, &err);
	if (rc == 0)
		rc = csv_reader_finish(r, &err);
	if (rc < 0)
		log_warnx("'%s': %s", path, err);
	else
		fprintf(stderr, "encoding %s, delimiter %s\n",
		    csv_encoding_name(csv_reader_encoding(r)), csv_reader_delim(r) == '\t' ? "TAB" :
		    csv_reader_delim(r) == ',' ? "','" : "';'");
	free(err);
	fclose(fp);
	csv_reader_free(&r);
	return rc < 0 ? EX_DATAERR : EX_OK;
}

static int
import_list(struct altc *ctx, enum table_format fmt)
{
	char *err = NULL;
	struct table *t = import_db_table(ctx->db, &err);

	if (t == NULL) {
		log_warnx("%s", err);
		free(err);
		return EX_SOFTWARE;
	}
	table_print(t, fmt, stdout);
	table_free(&t);
	return EX_OK;
}

static int
cmd_import(struct altc *ctx, int argc, char **argv)
{
	struct import_opts o = { 0 };
	struct import_stats st = { 0 };
	enum table_format fmt;
	const char *dump = cli_take_opt(&argc, argv, "dump-csv");
	long long max = config_int(ctx->cfg, "import.max_manual_bytes");
	struct stat sb;
	char *err = NULL;
	int rc;

	o.analyze = cli_take_flag(&argc, argv, "analyze");
	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (dump)
		return argc == 1 ? dump_csv(dump) : cli_usage_error(argv[0], "unexpected argument");
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return import_list(ctx, fmt);
	if (argc != 2)
		return cli_usage_error(argv[0], "expected FILE or 'list'");
	if (stat(argv[1], &sb) < 0 || !S_ISREG(sb.st_mode)) {
		log_warnx("'%s': %s", argv[1], errno ? strerror(errno) : "not a regular file");
		return EX_NOINPUT;
	}
	if ((long long)sb.st_size > max) {
		log_warnx("'%s' is %lld bytes, over import.max_manual_bytes (%lld): drop it in"
		    " spool/import/new for the scheduled import", argv[1], (long long)sb.st_size, max);
		return EX_DATAERR;
	}
	o.filename = strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1];
	o.type = "manual";
	o.progress = isatty(2);
	o.total = (size_t)sb.st_size;
	o.out = o.analyze ? stdout : NULL;
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	rc = import_file(ctx, argv[1], &o, &st, &err);
	if (rc < 0 && !st.failed) {
		db_rollback(ctx->db);
		log_warnx("import '%s': %s", argv[1], err);
		free(err);
		return EX_SOFTWARE;
	}
	if (o.analyze)
		db_rollback(ctx->db);
	else if (db_commit(ctx->db) < 0) {
		import_stats_release(&st);
		free(err);
		return EX_TEMPFAIL;
	}
	if (st.failed) {
		log_warnx("import '%s' refused: %s", argv[1], err);
		rc = EX_DATAERR;
	} else {
		printf("%s%lld lines: %lld created, %lld rejected, %lld warnings\n",
		    o.analyze ? "analysis (nothing written): " : "", (long long)st.lines,
		    (long long)st.created, (long long)st.rejected, (long long)st.warnings);
		rc = EX_OK;
	}
	if (!o.analyze && st.log_path)
		printf("import %lld\nlog: %s\nrejected lines: %s\n", (long long)st.id, st.log_path,
		    st.rejects_path);
	import_stats_release(&st);
	free(err);
	return rc;
}

static const struct cli_cmd commands[] = {
	{ "import", cmd_import, CLI_DB,
	  "  altc import FILE [--analyze]   import students (dry run with --analyze)\n"
	  "  altc import list [--format text|csv|json]\n"
	  "  altc import --dump-csv FILE    print the parsed records as JSON arrays\n",
	  "import students from a Parcoursup / eCandidat CSV or XLSX export" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

const struct module batch_module = {
	.name = "batch",
	.commands = commands,
	.inputs = import_inputs,
};
