/*
 * import_report.c - the log, the rejected-lines CSV and the report mail of an
 * import.  The CSV goes through table_csv_cell (libcsv quoting, formulas
 * neutralised) so a name with a ';' or a quote survives a round trip into a
 * spreadsheet and "=HYPERLINK(...)" stays text; the BOM makes Excel read it
 * as UTF-8.
 */
#include "compat.h"

#include <csv.h>
#include <json-c/json.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "import_report.h"
#include "notify.h"
#include "strbuf.h"
#include "student.h"
#include "table.h"
#include "util.h"

int
import_report_open(struct import_report *rep, struct altc *ctx, int64_t id,
    int analyze, FILE *echo, char **errstr_r)
{
	char *dir;

	memset(rep, 0, sizeof(*rep));
	rep->echo = echo;
	rep->analyze = analyze;
	if (analyze)
		return 0;
	dir = altc_spool_path(ctx, "reports");
	if (mkdir_p(dir, 0750) < 0) {
		*errstr_r = xasprintf("%s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	rep->log_path = xasprintf("%s/import-%lld.log", dir, (long long)id);
	rep->rejects_path = xasprintf("%s/import-%lld-rejets.csv", dir, (long long)id);
	free(dir);
	if ((rep->log = fopen(rep->log_path, "w")) == NULL ||
	    (rep->rejects = fopen(rep->rejects_path, "w")) == NULL) {
		*errstr_r = xasprintf("%s: %s", rep->log ? rep->rejects_path : rep->log_path,
		    strerror(errno));
		import_report_release(rep);
		return -1;
	}
	fputs("\xef\xbb\xbf" "line;nom;prenom;email;raison\r\n", rep->rejects);
	return 0;
}

/* add_visible - s with control characters shown as \\xNN: a CSV field cannot forge a log line */
static void
add_visible(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			strbuf_addf(out, "\\x%02x", c);
		else
			strbuf_addch(out, (char)c);
	}
}

void
import_report_log(struct import_report *rep, const char *fmt, ...)
{
	struct strbuf raw = STRBUF_INIT, line = STRBUF_INIT;
	va_list ap;

	if (rep->log == NULL && rep->echo == NULL)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	add_visible(&line, raw.buf);
	strbuf_addch(&line, '\n');
	if (rep->log)
		fputs(line.buf, rep->log);
	if (rep->echo)
		fputs(line.buf, rep->echo);
	strbuf_release(&raw);
	strbuf_release(&line);
}

void
import_report_reject(struct import_report *rep, int64_t line, const char *nom,
    const char *prenom, const char *email, const char *reason)
{
	const char *cells[4] = { nom, prenom, email, reason };
	size_t i;

	if (rep->rejects == NULL)
		return;
	fprintf(rep->rejects, "%lld", (long long)line);
	for (i = 0; i < ARRAY_SIZE(cells); i++) {
		fputc(';', rep->rejects);
		table_csv_cell(rep->rejects, cells[i], strlen(cells[i]));
	}
	fputs("\r\n", rep->rejects);
}

/* close_one - fsync so the report outlives a crash after the commit */
static int
close_one(FILE **fpp, const char *path, char **errstr_r)
{
	FILE *fp = *fpp;
	int rc = 0;

	if (fp == NULL)
		return 0;
	if (fflush(fp) != 0 || fsync(fileno(fp)) < 0 || ferror(fp))
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	*fpp = NULL;
	if (rc < 0 && *errstr_r == NULL)
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
	return rc;
}

int
import_report_close(struct import_report *rep, char **errstr_r)
{
	int rc = 0;

	*errstr_r = NULL;
	rc |= close_one(&rep->log, rep->log_path, errstr_r);
	rc |= close_one(&rep->rejects, rep->rejects_path, errstr_r);
	return rc ? -1 : 0;
}

void
import_report_release(struct import_report *rep)
{
	if (rep->log)
		fclose(rep->log);
	if (rep->rejects)
		fclose(rep->rejects);
	rep->log = rep->rejects = NULL;
	FREE_AND_NULL(rep->log_path);
	FREE_AND_NULL(rep->rejects_path);
}

static json_object *
attachment(const char *path, const char *type)
{
	json_object *a = json_object_new_object();
	const char *base = strrchr(path, '/');

	json_object_object_add(a, "path", json_object_new_string(path));
	json_object_object_add(a, "filename", json_object_new_string(base ? base + 1 : path));
	json_object_object_add(a, "type", json_object_new_string(type));
	json_object_object_add(a, "charset", json_object_new_string("utf-8"));	/* both are */
	return a;
}

int
import_report_mail(struct altc *ctx, const struct import_report *rep, int64_t id,
    const char *filename, const char *status, int64_t lines, int64_t created,
    int64_t rejected, char **errstr_r)
{
	char *list = xstrdup(config_str(ctx->cfg, "import.report_to")), *p, *save = NULL;
	json_object *vars = json_object_new_object(), *att = json_object_new_array();
	int flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, rc = 0;

	json_object_object_add(vars, "id", json_object_new_int64(id));
	json_object_object_add(vars, "file", json_object_new_string(filename));
	json_object_object_add(vars, "filename", json_object_new_string(filename));
	json_object_object_add(vars, "status", json_object_new_string(status));
	json_object_object_add(vars, "lines", json_object_new_int64(lines));
	json_object_object_add(vars, "created", json_object_new_int64(created));
	json_object_object_add(vars, "rejected", json_object_new_int64(rejected));
	if (rep->log_path)
		json_object_array_add(att, attachment(rep->log_path, "text/plain"));
	if (rep->rejects_path)
		json_object_array_add(att, attachment(rep->rejects_path, "text/csv"));
	for (p = strtok_r(list, ", ", &save); p && rc == 0; p = strtok_r(NULL, ", ", &save)) {
		struct notify_msg m = { 0 };
		struct user_ref u;
		int found = user_find_email(ctx->db, p, &u, errstr_r);

		if (found < 0) {
			rc = -1;
			break;
		}
		m.user_id = found ? u.id : 0;
		m.rcpt = p;
		m.template = "import.report";
		m.importance = NOTIFY_ACTION;
		m.vars_json = json_object_to_json_string_ext(vars, flags);
		m.attachments_json = json_object_to_json_string_ext(att, flags);
		m.thread = "import";
		if (notify_queue(ctx, &m, errstr_r) < 0)
			rc = -1;
	}
	json_object_put(vars);
	json_object_put(att);
	free(list);
	return rc;
}

void
import_progress(size_t done, size_t total, int final)
{
	static int last = -1;
	int pct = total ? (int)((done * 100) / total) : 100, i;
	char bar[41];

	if (pct > 100)
		pct = 100;
	if (pct == last && !final)
		return;
	last = pct;
	for (i = 0; i < 40; i++)
		bar[i] = i < pct * 40 / 100 ? '#' : ' ';
	bar[40] = '\0';
	fprintf(stderr, "\rimport [%s] %3d%%%s", bar, pct, final ? "\n" : "");
	if (final)
		last = -1;
}
