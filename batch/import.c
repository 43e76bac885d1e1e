/*
 * import.c - one import run: records from the streaming CSV reader, a
 * decision per record, the database changes through the engine.  The checks
 * run in the order a staff member would fix them: missing fields, e-mail,
 * dates, avis, formation, identity (duplicate, address of another person),
 * then capacity.  A formation found full stops taking students for the
 * rest of the run; other formations go on.
 *
 * The format is told by the first bytes, not the file name: a CSV streams
 * through the CSV reader; a ZIP archive is kept whole and read as an XLSX
 * workbook at the end, twice: once to check the sheet reads to its end, so
 * a damaged workbook changes nothing, then into the same record stream; an
 * OLE2 file (.xls) is refused with a message asking for CSV or XLSX.
 */
#include "compat.h"

#include <fcntl.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "csv_reader.h"
#include "db.h"
#include "formation_db.h"
#include "import.h"
#include "import_db.h"
#include "import_header.h"
#include "import_report.h"
#include "signup.h"
#include "strbuf.h"
#include "student.h"
#include "student_check.h"
#include "text.h"
#include "util.h"
#include "xlsx_reader.h"

static const char *const reason_text[] = {
	[REASON_NONE] = "",
	[REASON_MISSING] = "Champ obligatoire manquant",
	[REASON_EMAIL] = "E-mail invalide",
	[REASON_DATE] = "Date invalide",
	[REASON_AVIS_NO] = "Avis défavorable",
	[REASON_AVIS_WAIT] = "Avis non définitif",
	[REASON_FORMATION] = "Formation introuvable",
	[REASON_DUPLICATE] = "Doublon",
	[REASON_EMAIL_TAKEN] = "E-mail déjà existant",
	[REASON_FULL] = "Effectif atteint",
};

const char *
import_reason_text(enum import_reason r)
{
	return reason_text[r];
}

/* folded avis values; anything else is not final */
static const struct {
	const char *folded;
	enum import_reason r;
} avis_table[] = {
	{ "favorable", REASON_NONE }, { "tresfavorable", REASON_NONE }, { "oui", REASON_NONE },
	{ "ouisi", REASON_NONE }, { "admis", REASON_NONE },
	{ "retenuesousreservedecontrat", REASON_NONE }, { "dedroit", REASON_NONE },
	{ "defavorable", REASON_AVIS_NO }, { "non", REASON_AVIS_NO }, { "refuse", REASON_AVIS_NO },
};

enum import_reason
import_avis(const char *avis)
{
	struct strbuf f = STRBUF_INIT;
	enum import_reason r = REASON_AVIS_WAIT;
	size_t i;

	text_fold(&f, avis, strlen(avis), 1);
	for (i = 0; i < ARRAY_SIZE(avis_table); i++)
		if (strcmp(f.buf, avis_table[i].folded) == 0) {
			r = avis_table[i].r;
			break;
		}
	strbuf_release(&f);
	return r;
}

/* a formation as seen during this run */
struct fcache {
	char *code;
	int found;
	int full;		/* Effectif atteint: no more students this run */
	struct formation_ref f;
};

struct import_run {
	struct altc *ctx;
	struct import_opts o;
	struct csv_reader *csv;
	struct import_header hdr;
	int have_header;
	struct import_report rep;
	struct import_stats st;
	struct fcache *fc;
	size_t nfc;
	size_t fed;
	char *err;		/* first fatal error */
	const char *locale;	/* language of the new students (mail.locale) */
	enum { SRC_UNKNOWN, SRC_CSV, SRC_XLSX, SRC_OLE } src;
	struct strbuf held;	/* the first bytes until the format is known; a workbook */
	struct xlsx_reader *xlsx;	/* while its rows are applied */
	char *sheet;		/* the sheet read */
};

static struct fcache *
formation_cached(struct import_run *r, const char *code, char **errstr_r)
{
	struct formation_ref f = { 0 };
	struct fcache *c;
	size_t i;
	int rc;

	for (i = 0; i < r->nfc; i++)
		if (strcasecmp(r->fc[i].code, code) == 0)
			return &r->fc[i];
	if ((rc = formation_find(r->ctx->db, code, &f, errstr_r)) < 0)
		return NULL;
	r->fc = xreallocarray(r->fc, r->nfc + 1, sizeof(*r->fc));
	c = &r->fc[r->nfc++];
	memset(c, 0, sizeof(*c));
	c->code = xstrdup(code);
	c->found = rc;
	c->f = f;
	return c;
}

/* missing - names of the empty required fields, or NULL */
static char *
missing(const char *v[COL_COUNT])
{
	static const enum import_col req[] = {
		COL_NOM, COL_PRENOM, COL_MAIL, COL_AVIS, COL_DATE_NAISSANCE, COL_CODE_FORMATION,
		COL_ADRESSE_1, COL_CODE_POSTAL, COL_COMMUNE, COL_PAYS
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(req); i++)
		if (*v[req[i]] == '\0')
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", import_col_name(req[i]));
	if (sb.len == 0)
		return NULL;
	return strbuf_detach(&sb, NULL);
}

/* same_person - the names on file match the line (case and accents ignored) */
static int
same_person(const struct user_ref *u, const char *nom, const char *prenom)
{
	return text_fold_eq(u->last_name, nom, 1) && text_fold_eq(u->first_name, prenom, 1);
}

static void
reject(struct import_run *r, int64_t line, const char *v[COL_COUNT], const char *reason)
{
	r->st.rejected++;
	import_report_reject(&r->rep, line, v[COL_NOM], v[COL_PRENOM], v[COL_MAIL], reason);
	import_report_log(&r->rep, "ligne %lld : rejetée : %s (%s %s <%s>)", (long long)line,
	    reason, v[COL_NOM], v[COL_PRENOM], v[COL_MAIL]);
}

/*
 * identify - the known student of a line: 1 with *id_r, 0 when new, or a
 * rejection through *why_r (an address owned by someone else) or *other_r
 * (the INE of another person: "INE déjà attribué à Prénom Nom", malloc'ed).
 * The INE names the same person only when the names and the birth date
 * (birth, ISO) agree too.
 */
static int
identify(struct import_run *r, const char *ine, const char *email, const char *birth,
    const char *v[COL_COUNT], int64_t *id_r, enum import_reason *why_r, char **other_r,
    char **errstr_r)
{
	struct user_ref u;
	int rc;

	if (*ine && (rc = student_find_ine(r->ctx->db, ine, id_r, errstr_r)) != 0) {
		if (rc < 0 || (rc = user_find_id(r->ctx->db, *id_r, &u, errstr_r)) <= 0)
			return -1;
		if (same_person(&u, v[COL_NOM], v[COL_PRENOM]) && strcmp(u.birth_date, birth) == 0)
			return 1;
		*other_r = xasprintf("INE déjà attribué à %s %s", u.first_name, u.last_name);
		return 0;
	}
	if ((rc = user_find_email(r->ctx->db, email, &u, errstr_r)) <= 0)
		return rc;
	if (strcmp(u.role, "student") != 0 || !same_person(&u, v[COL_NOM], v[COL_PRENOM])) {
		*why_r = REASON_EMAIL_TAKEN;
		return 0;
	}
	*id_r = u.id;
	return 1;
}

/* apply - decide one data record; -1 only on a database error */
static int
apply(struct import_run *r, int64_t line, const char *v[COL_COUNT], char **errstr_r)
{
	char iso[11], avis_iso[11], ine[16] = "", email[256], *miss, *why, *other = NULL;
	enum import_reason reason;
	struct fcache *fc;
	int64_t sid = 0;
	int known;

	r->st.lines++;
	if ((miss = missing(v)) != NULL) {
		why = xasprintf("%s (%s)", import_reason_text(REASON_MISSING), miss);
		reject(r, line, v, why);
		free(why);
		free(miss);
		return 0;
	}
	if (!text_is_email(v[COL_MAIL]) || xstrlcpy(email, v[COL_MAIL], sizeof(email)) < 0) {
		reject(r, line, v, import_reason_text(REASON_EMAIL));
		return 0;
	}
	str_lower(email);
	if (date_parse_fr(v[COL_DATE_NAISSANCE], iso) < 0) {
		reject(r, line, v, import_reason_text(REASON_DATE));
		return 0;
	}
	avis_iso[0] = '\0';
	if (*v[COL_DATE_AVIS] && date_parse_fr(v[COL_DATE_AVIS], avis_iso) < 0) {
		r->st.warnings++;
		import_report_log(&r->rep, "ligne %lld : avertissement : Date_Avis '%s' ignorée",
		    (long long)line, v[COL_DATE_AVIS]);
		avis_iso[0] = '\0';
	}
	if ((reason = import_avis(v[COL_AVIS])) != REASON_NONE) {
		reject(r, line, v, import_reason_text(reason));
		return 0;
	}
	if ((fc = formation_cached(r, v[COL_CODE_FORMATION], errstr_r)) == NULL)
		return -1;
	if (!fc->found) {
		reject(r, line, v, import_reason_text(REASON_FORMATION));
		return 0;
	}
	if (*v[COL_INE]) {
		char *joined = xasprintf("%s%s", v[COL_INE], v[COL_CLE_INE]);

		if (ine_check(joined, ine) == INE_INVALID) {
			r->st.warnings++;
			import_report_log(&r->rep, "ligne %lld : avertissement : INE invalide '%s' ignoré",
			    (long long)line, joined);
			ine[0] = '\0';
		}
		free(joined);
	}
	reason = REASON_NONE;
	if ((known = identify(r, ine, email, iso, v, &sid, &reason, &other, errstr_r)) < 0)
		return -1;
	if (other) {
		reject(r, line, v, other);
		free(other);
		return 0;
	}
	if (reason != REASON_NONE) {
		reject(r, line, v, import_reason_text(reason));
		return 0;
	}
	if (known) {
		int has = student_has_formation(r->ctx->db, sid, fc->f.id, errstr_r);

		if (has < 0)
			return -1;
		if (has) {
			reject(r, line, v, import_reason_text(REASON_DUPLICATE));
			return 0;
		}
	}
	if (fc->full || (fc->f.capacity > 0 && fc->f.count >= fc->f.capacity)) {
		fc->full = 1;
		reject(r, line, v, import_reason_text(REASON_FULL));
		return 0;
	}
	if (!known) {
		struct student_fields sf = {
			.last_name = v[COL_NOM], .first_name = v[COL_PRENOM], .email = email,
			.phone_fixed = v[COL_FIXE], .phone_mobile = v[COL_PORTABLE], .ine = ine,
			.birth_date = iso, .address1 = v[COL_ADRESSE_1], .address2 = v[COL_ADRESSE_2],
			.postal_code = v[COL_CODE_POSTAL], .city = v[COL_COMMUNE],
			.country = v[COL_PAYS], .last_school = v[COL_DERNIER_ETAB],
			.locale = r->locale,
		};
		char fixed[15], mobile[15];

		/* phones are kept normalised when they are French, as given otherwise */
		if (*sf.phone_fixed && phone_normalise_fr(sf.phone_fixed, fixed) > 0)
			sf.phone_fixed = fixed;
		if (*sf.phone_mobile && phone_normalise_fr(sf.phone_mobile, mobile) > 0)
			sf.phone_mobile = mobile;
		if (student_create(r->ctx->db, &sf, &sid, errstr_r) < 0)
			return -1;
	}
	if (student_add_formation(r->ctx->db, sid, fc->f.id, r->st.id, v[COL_AVIS],
	    avis_iso, errstr_r) < 0)
		return -1;
	fc->f.count++;
	r->st.created++;
	if (known) {
		struct user_ref k;

		if (user_find_id(r->ctx->db, sid, &k, errstr_r) <= 0)
			return -1;
		import_report_log(&r->rep, "ligne %lld : créée : formation %s ajoutée à l'étudiant"
		    " %s %s <%s>", (long long)line, fc->f.code, k.first_name, k.last_name, k.email);
		return 0;
	}
	{
		struct user_ref u = { .id = sid, .role = "student", .state = "imported" };

		(void)xstrlcpy(u.locale, r->locale, sizeof(u.locale));
		(void)xstrlcpy(u.email, email, sizeof(u.email));
		(void)xstrlcpy(u.last_name, v[COL_NOM], sizeof(u.last_name));
		(void)xstrlcpy(u.first_name, v[COL_PRENOM], sizeof(u.first_name));
		if (signup_invite_new(r->ctx, &u, fc->f.label, errstr_r) < 0)
			return -1;
	}
	import_report_log(&r->rep, "ligne %lld : créée : %s %s <%s> en %s", (long long)line,
	    v[COL_NOM], v[COL_PRENOM], email, fc->f.code);
	return 0;
}

static int
all_empty(const struct csv_record *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->len[i] > 0)
			return 0;
	return 1;
}

/*
 * postal_zero - a French postal code a spreadsheet stored as a number lost
 * its leading zero (1000 for Ain's 01000): put it back in buf.  Only for a
 * number cell and France: 1000 is also Brussels.
 */
static void
postal_zero(struct import_run *r, const struct csv_record *rec, const char *v[COL_COUNT],
    char buf[6])
{
	const char *cp = v[COL_CODE_POSTAL];
	int i;

	if (rec->numeric == NULL || strlen(cp) != 4 || strspn(cp, "0123456789") != 4 ||
	    !text_fold_eq(v[COL_PAYS], "France", 1) ||
	    (i = import_header_source(&r->hdr, rec, COL_CODE_POSTAL)) < 0 || !rec->numeric[i])
		return;
	(void)xsnprintf(buf, 6, "0%s", cp);
	import_report_log(&r->rep, "ligne %lld : Code_Postal %s lu comme %s (nombre du tableur)",
	    (long long)rec->index, cp, buf);
	v[COL_CODE_POSTAL] = buf;
}

static int
on_record(void *arg, const struct csv_record *rec)
{
	struct import_run *r = arg;
	const char *v[COL_COUNT];
	char cp[6];

	if (r->err)
		return -1;
	if (!r->have_header) {
		if (import_header_parse(&r->hdr, rec, &r->err) < 0) {
			r->st.failed = 1;
			return -1;
		}
		r->have_header = 1;
		return 0;
	}
	if (all_empty(rec))
		return 0;
	if (r->xlsx && r->o.progress) {
		size_t total, done = xlsx_reader_progress(r->xlsx, &total);

		import_progress(done, total, 0);
	}
	import_header_values(&r->hdr, rec, v);
	postal_zero(r, rec, v, cp);
	return apply(r, (int64_t)rec->index, v, &r->err) < 0 ? -1 : 0;
}

struct import_run *
import_run_new(struct altc *ctx, const struct import_opts *o)
{
	struct import_run *r = xcalloc(1, sizeof(*r));

	r->ctx = ctx;
	r->o = *o;
	r->locale = config_str(ctx->cfg, "mail.locale");
	/* a large file touches many index pages: keep them in memory (16 MB) */
	(void)db_exec(ctx->db, "PRAGMA cache_size = -16000", NULL);
	r->csv = csv_reader_new(on_record, r, 0, CSV_ENC_UNKNOWN);
	strbuf_init(&r->held, 0);
	r->st.id = import_db_begin(ctx->db, o->filename, NULL, o->type, &r->err);
	if (r->st.id > 0 && import_report_open(&r->rep, ctx, r->st.id, o->analyze, o->out, &r->err) == 0)
		import_report_log(&r->rep, "import %lld : fichier %s (%s)", (long long)r->st.id,
		    o->filename, o->type);
	return r;
}

/* take_error - the run's first error for the caller */
static int
take_error(struct import_run *r, char **errstr_r)
{
	*errstr_r = xstrdup(r->err ? r->err : "import failed");
	return -1;
}

/* csv_feed - bytes into the CSV reader, its error kept as the run's */
static int
csv_feed(struct import_run *r, const void *data, size_t len)
{
	char *cerr = NULL;

	if (csv_reader_feed(r->csv, data, len, &cerr) < 0) {
		if (r->err == NULL)
			r->err = cerr;
		else
			free(cerr);
		return -1;
	}
	return 0;
}

/* sniff - the format from the first bytes: a workbook is held whole, a CSV streams on */
static int
sniff(struct import_run *r)
{
	int rc;

	switch (xlsx_magic(r->held.buf, r->held.len)) {
	case XLSX_MAGIC_ZIP:
		r->src = SRC_XLSX;
		return 0;
	case XLSX_MAGIC_OLE:
		r->src = SRC_OLE;
		r->st.failed = 1;
		r->err = xstrdup(xlsx_ole_refusal());
		return -1;
	case XLSX_MAGIC_NONE:
		break;
	}
	r->src = SRC_CSV;
	rc = csv_feed(r, r->held.buf, r->held.len);
	strbuf_release(&r->held);
	return rc;
}

int
import_run_feed(struct import_run *r, const void *data, size_t len, char **errstr_r)
{
	if (r->err)
		return take_error(r, errstr_r);
	if (r->src == SRC_CSV) {
		if (csv_feed(r, data, len) < 0)
			return take_error(r, errstr_r);
		r->fed += len;
		if (r->o.progress)
			import_progress(r->fed, r->o.total, 0);
		return 0;
	}
	if (r->held.len + len > XLSX_MAX_BYTES) {
		r->st.failed = 1;
		r->err = xasprintf("fichier XLSX de plus de %zu octets", (size_t)XLSX_MAX_BYTES);
		return take_error(r, errstr_r);
	}
	strbuf_add(&r->held, data, len);
	r->fed += len;
	if (r->src == SRC_UNKNOWN && r->held.len >= 8 && sniff(r) < 0)
		return take_error(r, errstr_r);
	return 0;
}

/* on_warning - a warning of the workbook reader (an error cell...) in the log */
static void
on_warning(void *arg, size_t index, const char *msg)
{
	struct import_run *r = arg;

	r->st.warnings++;
	if (index == 0)
		import_report_log(&r->rep, "en-tête : avertissement : %s", msg);
	else
		import_report_log(&r->rep, "ligne %lld : avertissement : %s", (long long)index, msg);
}

/*
 * read_xlsx - the workbook's first visible sheet through on_record, after
 * a first reading that checks the whole sheet: a damaged one is refused
 * before any line is applied
 */
static void
read_xlsx(struct import_run *r)
{
	struct xlsx_reader *x;
	char *xerr = NULL;

	if ((x = xlsx_reader_open(r->held.buf, r->held.len, NULL, &xerr)) == NULL ||
	    xlsx_reader_rows(x, NULL, NULL, NULL, &xerr) < 0) {
		r->st.failed = 1;
		r->err = xasprintf("fichier XLSX : %s", xerr);
	} else {
		r->sheet = xstrdup(xlsx_reader_sheet(x));
		r->xlsx = x;
		/* a stop comes from on_record, whose error r->err already holds */
		if (xlsx_reader_rows(x, on_record, on_warning, r, &xerr) < 0 && r->err == NULL) {
			r->st.failed = 1;
			r->err = xasprintf("fichier XLSX : %s", xerr);
		}
		r->xlsx = NULL;
	}
	free(xerr);
	xlsx_reader_free(&x);
	strbuf_release(&r->held);
}

/* source_log - how the file was read, for the log's last line */
static char *
source_log(struct import_run *r)
{
	char d = csv_reader_delim(r->csv);

	if (r->src == SRC_XLSX)
		return r->sheet ? xasprintf("xlsx, feuille '%s'", r->sheet) : xstrdup("xlsx");
	if (r->src == SRC_OLE)
		return xstrdup("xls");
	return xasprintf("%s, séparateur %s", csv_encoding_name(csv_reader_encoding(r->csv)),
	    d == '\t' ? "tabulation" : d == ',' ? "','" : "';'");
}

int
import_run_finish(struct import_run *r, struct import_stats *st_r, char **errstr_r)
{
	struct import_counts c;
	char *cerr = NULL, *src;
	const char *status = "done";

	if (r->err == NULL && r->src == SRC_UNKNOWN)
		(void)sniff(r);
	if (r->err == NULL && r->src == SRC_XLSX)
		read_xlsx(r);
	else if (r->err == NULL && csv_reader_finish(r->csv, &cerr) < 0 && r->err == NULL)
		r->err = cerr;
	else
		free(cerr);
	if (r->o.progress)
		import_progress(r->fed, r->o.total, 1);
	if (r->err && !r->st.failed)
		return take_error(r, errstr_r);	/* database error: the caller rolls back */
	if (!r->have_header && !r->st.failed) {
		r->st.failed = 1;
		r->err = xstrdup("fichier vide (pas de ligne d'en-tête)");
	}
	if (r->st.failed) {
		status = "failed";
		import_report_log(&r->rep, "import %lld : refusé : %s", (long long)r->st.id, r->err);
	}
	src = source_log(r);
	import_report_log(&r->rep, "import %lld : %lld lignes, %lld créées, %lld rejetées,"
	    " %lld avertissements (%s)", (long long)r->st.id, (long long)r->st.lines,
	    (long long)r->st.created, (long long)r->st.rejected, (long long)r->st.warnings, src);
	free(src);
	if (import_report_close(&r->rep, &cerr) < 0) {
		*errstr_r = cerr;
		return -1;
	}
	c.status = status;
	c.lines = r->st.lines;
	c.created = r->st.created;
	c.rejected = r->st.rejected;
	c.log_path = r->rep.log_path;
	c.rejects_path = r->rep.rejects_path;
	if (import_db_finish(r->ctx->db, r->st.id, &c, &cerr) < 0 ||
	    (!r->o.analyze && import_report_mail(r->ctx, &r->rep, r->st.id, r->o.filename, status,
	    r->st.lines, r->st.created, r->st.rejected, &cerr) < 0)) {
		*errstr_r = cerr;
		return -1;
	}
	*st_r = r->st;
	st_r->log_path = r->rep.log_path;
	st_r->rejects_path = r->rep.rejects_path;
	r->rep.log_path = r->rep.rejects_path = NULL;
	memset(&r->st, 0, sizeof(r->st));
	if (st_r->failed)
		return take_error(r, errstr_r);
	return 0;
}

void
import_run_free(struct import_run **rp)
{
	struct import_run *r = *rp;
	size_t i;

	if (r == NULL)
		return;
	(void)db_exec(r->ctx->db, "PRAGMA cache_size = -2000", NULL);
	csv_reader_free(&r->csv);
	import_header_release(&r->hdr);
	import_report_release(&r->rep);
	strbuf_release(&r->held);
	free(r->sheet);
	for (i = 0; i < r->nfc; i++)
		free(r->fc[i].code);
	free(r->fc);
	free(r->err);
	free(r);
	*rp = NULL;
}

void
import_stats_release(struct import_stats *st)
{
	FREE_AND_NULL(st->log_path);
	FREE_AND_NULL(st->rejects_path);
}

int
import_file(struct altc *ctx, const char *path, const struct import_opts *o,
    struct import_stats *st_r, char **errstr_r)
{
	struct import_run *r;
	char buf[65536];
	ssize_t n;
	int fd, rc = 0;

	memset(st_r, 0, sizeof(*st_r));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	r = import_run_new(ctx, o);
	while (rc == 0 && (n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*errstr_r = xasprintf("%s: %s", path, strerror(errno));
			rc = -1;
			break;
		}
		rc = import_run_feed(r, buf, (size_t)n, errstr_r);
	}
	close(fd);
	/* a refused header still finishes: the history and the report say why */
	if (rc == 0 || r->st.failed) {
		if (rc < 0)
			FREE_AND_NULL(*errstr_r);
		rc = import_run_finish(r, st_r, errstr_r);
	}
	import_run_free(&r);
	return rc;
}
