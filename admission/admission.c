/*
 * admission.c - the candidate's side of admissions: the formations' set-up
 * (window, pieces), the catalogue, the signup and its confirmation, the
 * vœux, the pieces (shared by every dossier asking for the same label),
 * the transmission of a complete dossier, and withdrawal.
 */
#include "compat.h"

#include <json-c/json.h>

#include "admission.h"
#include "admission_fsm.h"
#include "admission_int.h"
#include "altc.h"
#include "config.h"
#include "db.h"
#include "document.h"
#include "document_check.h"
#include "formation_db.h"
#include "fsm.h"
#include "log.h"
#include "notify.h"
#include "status.h"
#include "strbuf.h"
#include "text.h"
#include "token.h"
#include "util.h"

#define DAY 86400
#define CATALOGUES_PER_DAY 3	/* catalogue mails to one address in 24 hours */
#define SIGNUPS_PER_DAY 3	/* confirmation mails to one address in 24 hours */

/* savepoint helpers: every function changes nothing when it fails */
static int
begin(struct altc *ctx, char **errstr_r)
{
	if (db_savepoint(ctx->db, "admission") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	return ACT_OK;
}

static int
end(struct altc *ctx, int rc)
{
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "admission");
	else if (db_release(ctx->db, "admission") < 0)
		rc = ACT_EDB;
	return rc;
}

static int
formation_of(struct altc *ctx, const char *code, struct formation_ref *f, char **errstr_r)
{
	int rc = formation_find(ctx->db, code, f, errstr_r);

	if (rc == 0)
		*errstr_r = xasprintf("unknown formation %s", code);
	return rc < 0 ? ACT_EDB : rc == 0 ? ACT_ENOTFOUND : ACT_OK;
}

int
admission_window_set(struct altc *ctx, const char *code, const char *from, const char *to,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "INSERT INTO admission_windows (formation_id,"
	    " opens_on, closes_on, updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (formation_id)"
	    " DO UPDATE SET opens_on = ?2, closes_on = ?3, updated_at = ?4");
	struct formation_ref f;
	char a[11], b[11];
	int rc;

	if ((rc = formation_of(ctx, code, &f, errstr_r)) != ACT_OK)
		return rc;
	if (admission_date_parse(from, a) < 0 || admission_date_parse(to, b) < 0) {
		*errstr_r = xasprintf("'%s' or '%s' is not a date (YYYY-MM-DD or dd/mm/yyyy)", from, to);
		return ACT_EINPUT;
	}
	if (strcmp(a, b) > 0) {
		*errstr_r = xasprintf("the window closes (%s) before it opens (%s)", b, a);
		return ACT_EINPUT;
	}
	db_bind_int(st, 1, f.id);
	db_bind_text(st, 2, a);
	db_bind_text(st, 3, b);
	db_bind_int(st, 4, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	if (db_audit(ctx->db, NULL, "formation", f.id, NULL, "admission.window", NULL,
	    b) < 0) {
		*errstr_r = xstrdup("audit failed");
		return ACT_EDB;
	}
	return ACT_OK;
}

int
admission_piece_add(struct altc *ctx, const char *code, const char *label,
    const char *template_path, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "INSERT INTO admission_required (formation_id,"
	    " label, label_key, position, template_sha256, template_filename) VALUES (?1, ?2, ?3,"
	    " (SELECT coalesce(max(position), 0) + 1 FROM admission_required WHERE formation_id"
	    " = ?1), ?4, ?5) ON CONFLICT (formation_id, label_key) DO UPDATE SET label = ?2,"
	    " template_sha256 = coalesce(?4, template_sha256),"
	    " template_filename = coalesce(?5, template_filename)");
	struct formation_ref f;
	char hex[SHA256_HEXSZ], *key, *data = NULL;
	const char *base = NULL;
	size_t len = 0;
	int rc;

	if ((rc = formation_of(ctx, code, &f, errstr_r)) != ACT_OK)
		return rc;
	key = text_key(label);
	if (*key == '\0' || strchr(label, ':') != NULL || strlen(label) > 120) {
		free(key);
		*errstr_r = xasprintf("'%s' is not a piece label (no ':', at most 120 bytes)", label);
		return ACT_EINPUT;
	}
	if (template_path) {
		if (read_file(template_path, &data, &len) < 0) {
			free(key);
			*errstr_r = xasprintf("cannot read '%s'", template_path);
			return ACT_EINPUT;
		}
		if (document_check(template_path, (unsigned char *)data, len,
		    (size_t)config_int(ctx->cfg, "documents.max_bytes"), errstr_r) != DOCUMENT_OK ||
		    document_keep(ctx, (unsigned char *)data, len, "pdf", hex, errstr_r) < 0) {
			free(key);
			free(data);
			return ACT_EINPUT;
		}
		base = strrchr(template_path, '/') ? strrchr(template_path, '/') + 1 : template_path;
	}
	db_bind_int(st, 1, f.id);
	db_bind_text(st, 2, label);
	db_bind_text(st, 3, key);
	db_bind_text(st, 4, template_path ? hex : NULL);
	db_bind_text(st, 5, base);
	rc = db_done(ctx->db, st, errstr_r) < 0 ? ACT_EDB : ACT_OK;
	if (rc == ACT_OK && db_audit(ctx->db, NULL, "formation", f.id, NULL, "admission.piece",
	    NULL, label) < 0)
		rc = ACT_EDB;
	free(key);
	free(data);
	return rc;
}

int
admission_piece_remove(struct altc *ctx, const char *code, const char *label, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "DELETE FROM admission_required WHERE"
	    " formation_id = ? AND label_key = ? AND id NOT IN (SELECT required_id FROM"
	    " admission_dossier_pieces)");
	struct formation_ref f;
	char *key;
	int rc;

	if ((rc = formation_of(ctx, code, &f, errstr_r)) != ACT_OK)
		return rc;
	key = text_key(label);
	db_bind_int(st, 1, f.id);
	db_bind_text(st, 2, key);
	free(key);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	if (sqlite3_changes(ctx->db->h) == 0) {
		*errstr_r = xasprintf("%s asks for no piece '%s', or dossiers already hold it",
		    code, label);
		return ACT_ENOTFOUND;
	}
	return ACT_OK;
}

int
admission_candidate_by_email(struct altc *ctx, const char *email, int64_t *id_r,
    char state_r[16], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id, state FROM candidates WHERE email = ?"
	    " AND state <> 'expired'");
	int rc;

	*id_r = 0;
	db_bind_text(st, 1, email);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		*id_r = sqlite3_column_int64(st, 0);
		(void)xstrlcpy(state_r, db_col_text(st, 1), 16);
	}
	sqlite3_reset(st);
	return rc;
}

char *
admission_candidate_email(struct altc *ctx, int64_t id)
{
	struct admission_who w;
	char *err = NULL;

	if (admission_who_load(ctx, id, &w, &err) != 1) {
		free(err);
		return NULL;
	}
	return xstrdup(w.email);
}

int64_t
admission_dossier_candidate(struct altc *ctx, int64_t dossier_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT candidate_id FROM admission_dossiers WHERE id = ?");
	int64_t id = 0;

	db_bind_int(st, 1, dossier_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

int
admission_catalogue(struct altc *ctx, const char *email, const char *locale, char **errstr_r)
{
	struct admission_who w;
	json_object *v, *list;
	char state[16];
	int64_t id;
	int rc;

	/* public, so bounded: a forged sender gets a few catalogues a day at most */
	if (db_audit_count(ctx->db, "admission.catalogue", email, now_epoch() - DAY) >=
	    CATALOGUES_PER_DAY) {
		log_info("catalogue to '%s' not sent: %d sent in a day", email, CATALOGUES_PER_DAY);
		return ACT_OK;
	}
	if (db_audit(ctx->db, email, "candidate", 0, NULL, "admission.catalogue", NULL, NULL) < 0) {
		*errstr_r = xstrdup("audit failed");
		return ACT_EDB;
	}
	if ((rc = admission_candidate_by_email(ctx, email, &id, state, errstr_r)) < 0)
		return ACT_EDB;
	memset(&w, 0, sizeof(w));
	if (rc == 1 && admission_who_load(ctx, id, &w, errstr_r) < 0)
		return ACT_EDB;
	if (rc == 0) {
		(void)xstrlcpy(w.email, email, sizeof(w.email));
		(void)xstrlcpy(w.locale, locale, sizeof(w.locale));
	}
	if ((list = admission_catalogue_vars(ctx, w.locale, errstr_r)) == NULL)
		return ACT_EDB;
	v = json_object_new_object();
	json_object_object_add(v, "formations", list);
	json_object_object_add(v, "confirmed", json_object_new_boolean(
	    strcmp(w.state, "confirmed") == 0));
	json_object_object_add(v, "unconfirmed", json_object_new_boolean(
	    strcmp(w.state, "unconfirmed") == 0));
	json_object_object_add(v, "stranger", json_object_new_boolean(rc == 0));
	rc = admission_mail_candidate(ctx, &w, "admission.catalogue", v,
	    strcmp(w.state, "confirmed") == 0 ? "admission_candidate" : NULL, "candidate", w.id,
	    ADMISSION_CANDIDATE_VERBS, 0, 0, 0, errstr_r);
	return rc < 0 ? ACT_EDB : ACT_OK;
}

/* stale - an unconfirmed signup past its days expires now: 1 it did, 0 still live, -1 */
static int
stale(struct altc *ctx, int64_t id, int64_t life, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT created_at FROM candidates WHERE id = ?");
	int64_t created = 0;
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		created = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc < 0)
		return -1;
	if (created + life > now_epoch())
		return 0;
	if (fsm_apply(ctx->db, &fsm_candidate, id, "expire", NULL, "address not confirmed in time",
	    NULL, NULL, NULL, errstr_r) != FSM_OK ||
	    token_revoke_object(ctx->db, "candidate", id, errstr_r) < 0)
		return -1;
	return 1;
}

int
admission_signup(struct altc *ctx, const char *email, const char *locale,
    const struct admission_signup *s, char **errstr_r)
{
	int64_t id, created = now_epoch(), life = config_int(ctx->cfg, "admission.confirm_days") * DAY;
	struct admission_who w;
	char state[16], tok[TOKEN_BUFSZ], *link, *day;
	sqlite3_stmt *st;
	json_object *v;
	int rc;

	/* each signup mails the address: a forged sender cannot have it mailed more than this */
	if (db_audit_count(ctx->db, "signup", email, now_epoch() - DAY) >= SIGNUPS_PER_DAY) {
		log_info("signup of '%s' not mailed again: %d in a day", email, SIGNUPS_PER_DAY);
		return ACT_OK;
	}
	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	rc = ACT_EDB;
	if (admission_candidate_by_email(ctx, email, &id, state, errstr_r) < 0)
		goto out;
	if (id && strcmp(state, "unconfirmed") == 0 && (rc = stale(ctx, id, life, errstr_r)) != 0) {
		/* past its days, not swept yet: that signup expires, this one starts afresh */
		if (rc < 0) {
			rc = ACT_EDB;
			goto out;
		}
		rc = ACT_EDB;
		id = 0;
	}
	if (id && strcmp(state, "confirmed") == 0) {
		*errstr_r = xasprintf("the address %s is already registered and confirmed", email);
		rc = ACT_ESTATE;
		goto out;
	}
	if (id) {
		/* signed up again before confirming: the same clock, a new key */
		st = db_prepare(ctx->db, "UPDATE candidates SET last_name = ?2, first_name = ?3,"
		    " birth_date = ?4, phone = ?5, locale = ?6, updated_at = ?7 WHERE id = ?1"
		    " RETURNING created_at");
	} else
		st = db_prepare(ctx->db, "INSERT INTO candidates (email, state, last_name,"
		    " first_name, birth_date, phone, locale, created_at, updated_at)"
		    " VALUES (?8, 'unconfirmed', ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING created_at");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, s->last_name);
	db_bind_text(st, 3, s->first_name);
	db_bind_text(st, 4, s->birth_date);
	db_bind_text(st, 5, s->phone);
	db_bind_text(st, 6, locale_is_en(locale) ? "en" : "fr");
	db_bind_int(st, 7, now_epoch());
	db_bind_text(st, 8, email);
	if (db_step(ctx->db, st, errstr_r) != 1) {
		sqlite3_reset(st);
		if (*errstr_r == NULL)
			*errstr_r = xstrdup("candidate not stored");
		goto out;
	}
	created = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (id == 0)
		id = sqlite3_last_insert_rowid(ctx->db->h);
	if (created + life <= now_epoch()) {
		*errstr_r = xstrdup("candidate signup already expired");
		goto out;
	}
	if (db_audit(ctx->db, email, "candidate", id, NULL, "signup", "unconfirmed", NULL) < 0 ||
	    admission_who_load(ctx, id, &w, errstr_r) != 1 ||
	    token_issue(ctx->db, "admission_confirm", "candidate", id, 0, "CONFIRMER",
	    created + life - now_epoch(), 1, tok, errstr_r) < 0)
		goto out;
	v = json_object_new_object();
	link = xasprintf("%s/a/%s", config_str(ctx->cfg, "mail.base_url"), tok);
	json_object_object_add(v, "link", json_object_new_string(link));
	free(link);
	day = notify_format_date(w.locale, created + life);
	json_object_object_add(v, "expires", json_object_new_string(day));
	free(day);
	/* the key of the confirmation is the mail's own: a reply confirms too */
	{
		struct notify_msg m = { 0 };
		char thread[64];

		json_object_object_add(v, "first_name", json_object_new_string(w.first_name));
		json_object_object_add(v, "last_name", json_object_new_string(w.last_name));
		xsnprintf(thread, sizeof(thread), "candidate.%lld", (long long)id);
		m.rcpt = w.email;
		m.template = "admission.signup";
		m.importance = NOTIFY_ACTION;
		m.vars_json = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
		m.token = tok;
		m.thread = thread;
		m.locale = w.locale;
		rc = notify_queue(ctx, &m, errstr_r) < 0 ? ACT_EDB : ACT_OK;
		json_object_put(v);
	}
	if (rc == ACT_OK)
		log_info("candidate '%s': signup, to confirm", email);
out:
	return end(ctx, rc);
}

int
admission_confirm(struct altc *ctx, int64_t id, char **errstr_r)
{
	struct admission_who w;
	json_object *v, *list;
	sqlite3_stmt *st;
	enum fsm_result r;
	int rc;

	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	rc = ACT_EDB;
	if (admission_who_load(ctx, id, &w, errstr_r) != 1)
		goto out;
	r = fsm_apply(ctx->db, &fsm_candidate, id, "confirm", w.email, NULL, NULL, NULL, NULL,
	    errstr_r);
	if (r != FSM_OK) {
		if (r != FSM_ERROR) {
			free(*errstr_r);
			*errstr_r = xstrdup("this signup no longer waits for a confirmation");
			rc = ACT_ESTATE;
		}
		goto out;
	}
	st = db_prepare(ctx->db, "UPDATE candidates SET confirmed_at = ? WHERE id = ?");
	db_bind_int(st, 1, now_epoch());
	db_bind_int(st, 2, id);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    (list = admission_catalogue_vars(ctx, w.locale, errstr_r)) == NULL)
		goto out;
	v = json_object_new_object();
	json_object_object_add(v, "formations", list);
	json_object_object_add(v, "confirmed", json_object_new_boolean(1));
	if (admission_mail_candidate(ctx, &w, "admission.confirmed", v, "admission_candidate",
	    "candidate", id, ADMISSION_CANDIDATE_VERBS, 0, 0, 0, errstr_r) < 0)
		goto out;
	rc = ACT_OK;
out:
	return end(ctx, rc);
}

/* window_check - formation f takes applications today; ACT_OK or ACT_ESTATE with errstr */
static int
window_check(struct altc *ctx, const struct formation_ref *f, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT opens_on, closes_on FROM admission_windows"
	    " WHERE formation_id = ?");
	char today[11];
	int rc;

	admission_today(today);
	db_bind_int(st, 1, f->id);
	rc = db_step(ctx->db, st, errstr_r);
	if (rc == 0)
		*errstr_r = xasprintf("formation %s does not take applications", f->code);
	else if (rc == 1 && (strcmp(today, db_col_text(st, 0)) < 0 ||
	    strcmp(today, db_col_text(st, 1)) > 0))
		*errstr_r = xasprintf("applications to %s are open from %s to %s", f->code,
		    db_col_text(st, 0), db_col_text(st, 1));
	sqlite3_reset(st);
	return rc < 0 ? ACT_EDB : *errstr_r ? ACT_ESTATE : ACT_OK;
}

/* transmit - a complete dossier goes to the formation and is locked */
static int
transmit(struct altc *ctx, int64_t id, const char *actor, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE admission_dossiers SET transmitted_at = ?,"
	    " deadline_at = NULL WHERE id = ?");

	if (admission_fire(ctx, id, "complete", actor, NULL, errstr_r) != 0)
		return -1;
	db_bind_int(st, 1, now_epoch());
	db_bind_int(st, 2, id);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    admission_notify_dossier(ctx, id, "transmitted", errstr_r) < 0 ||
	    admission_notify_staff(ctx, id, "transmitted", errstr_r) < 0)
		return -1;
	return 0;
}

/* missing_count - pieces of a dossier not (or no longer) received; -1 on error */
static int64_t
missing_count(struct altc *ctx, int64_t id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT count(*) FROM admission_dossier_pieces"
	    " WHERE dossier_id = ? AND state <> 'received'");
	int64_t n = -1;

	db_bind_int(st, 1, id);
	if (db_step(ctx->db, st, errstr_r) == 1)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

/* new_dossier - one vœu: the dossier, its pieces (those the candidate already sent taken) */
static int
new_dossier(struct altc *ctx, const struct admission_who *w, const struct formation_ref *f,
    int64_t rank, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "INSERT INTO admission_dossiers (candidate_id,"
	    " formation_id, rank, state, created_at, updated_at) VALUES (?, ?, ?, 'incomplete', ?, ?)");
	char detail[96];

	db_bind_int(st, 1, w->id);
	db_bind_int(st, 2, f->id);
	db_bind_int(st, 3, rank);
	db_bind_int(st, 4, now_epoch());
	db_bind_int(st, 5, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	*id_r = sqlite3_last_insert_rowid(ctx->db->h);
	st = db_prepare(ctx->db, "INSERT INTO admission_dossier_pieces (dossier_id, required_id,"
	    " piece_id, state, updated_at) SELECT ?1, r.id, p.id, CASE WHEN p.id IS NULL THEN"
	    " 'missing' ELSE 'received' END, ?3 FROM admission_required r LEFT JOIN"
	    " admission_pieces p ON p.id = (SELECT max(id) FROM admission_pieces WHERE"
	    " candidate_id = ?2 AND label_key = r.label_key) WHERE r.formation_id = ?4");
	db_bind_int(st, 1, *id_r);
	db_bind_int(st, 2, w->id);
	db_bind_int(st, 3, now_epoch());
	db_bind_int(st, 4, f->id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	xsnprintf(detail, sizeof(detail), "vœu %lld: %s", (long long)rank, f->code);
	if (db_audit(ctx->db, w->email, "admission", *id_r, NULL, "apply", "incomplete",
	    detail) < 0) {
		*errstr_r = xstrdup("audit failed");
		return -1;
	}
	log_info("candidate '%s': dossier %lld for %s (rank %lld)", w->email, (long long)*id_r,
	    f->code, (long long)rank);
	return 0;
}

int
admission_apply(struct altc *ctx, int64_t candidate_id, char *const *codes, size_t n,
    char **errstr_r)
{
	struct formation_ref *f = xcalloc(n, sizeof(*f));
	struct admission_who w;
	sqlite3_stmt *st;
	int64_t rank = 0, id;
	int rc;

	if ((rc = begin(ctx, errstr_r)) != ACT_OK) {
		free(f);
		return rc;
	}
	rc = ACT_EDB;
	if (admission_who_load(ctx, candidate_id, &w, errstr_r) != 1)
		goto out;
	if (strcmp(w.state, "confirmed") != 0) {
		*errstr_r = xstrdup("confirm your address before applying");
		rc = ACT_ESTATE;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if ((rc = formation_of(ctx, codes[i], &f[i], errstr_r)) != ACT_OK ||
		    (rc = window_check(ctx, &f[i], errstr_r)) != ACT_OK)
			goto out;
		st = db_prepare(ctx->db, "SELECT count(*) FROM admission_dossiers WHERE"
		    " candidate_id = ? AND formation_id = ? AND state NOT IN ('abandoned', 'closed')");
		db_bind_int(st, 1, candidate_id);
		db_bind_int(st, 2, f[i].id);
		rc = db_step(ctx->db, st, errstr_r);
		id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc < 0) {
			rc = ACT_EDB;
			goto out;
		}
		if (id > 0) {
			*errstr_r = xasprintf("you already have a dossier for %s", f[i].code);
			rc = ACT_ESTATE;
			goto out;
		}
	}
	rc = ACT_EDB;
	st = db_prepare(ctx->db, "SELECT coalesce(max(rank), 0) FROM admission_dossiers WHERE"
	    " candidate_id = ? AND state NOT IN ('abandoned', 'closed')");
	db_bind_int(st, 1, candidate_id);
	if (db_step(ctx->db, st, errstr_r) == 1)
		rank = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++) {
		int64_t missing;

		if (new_dossier(ctx, &w, &f[i], rank + (int64_t)i + 1, &id, errstr_r) < 0 ||
		    admission_notify_dossier(ctx, id, "received", errstr_r) < 0 ||
		    (missing = missing_count(ctx, id, errstr_r)) < 0 ||
		    (missing == 0 && transmit(ctx, id, w.email, errstr_r) < 0))
			goto out;
	}
	rc = ACT_OK;
out:
	free(f);
	return end(ctx, rc);
}

/* the dossiers one piece goes to */
struct target {
	int64_t dossier_id, required_id;
};

/*
 * targets - the (dossier, required piece) pairs of the candidate's dossiers
 * asking for key and open to it; with dossier_id, that dossier must be one
 * of them.  *locked_r names a dossier that asks for it but is locked (the
 * one of dossier_id first).
 */
static int
targets(struct altc *ctx, int64_t cand, int64_t dossier_id, const char *key, struct target **t_r,
    size_t *n_r, char **locked_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT d.id, r.id, d.state, dp.state, f.code"
	    " FROM admission_dossiers d JOIN admission_dossier_pieces dp ON dp.dossier_id = d.id"
	    " JOIN admission_required r ON r.id = dp.required_id JOIN formations f"
	    " ON f.id = d.formation_id WHERE d.candidate_id = ?1 AND r.label_key = ?2"
	    " AND d.state NOT IN ('abandoned', 'closed') ORDER BY d.id = ?3 DESC, d.rank");
	int rc, mine = 0;

	*t_r = NULL;
	*n_r = 0;
	*locked_r = NULL;
	db_bind_int(st, 1, cand);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, dossier_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		const char *ds = db_col_text(st, 2), *ps = db_col_text(st, 3);
		int64_t d = sqlite3_column_int64(st, 0);

		if (strcmp(ds, "incomplete") == 0 ||
		    (strcmp(ds, "piece_refused") == 0 && strcmp(ps, "refused") == 0)) {
			*t_r = xreallocarray(*t_r, *n_r + 1, sizeof(**t_r));
			(*t_r)[*n_r].dossier_id = d;
			(*t_r)[(*n_r)++].required_id = sqlite3_column_int64(st, 1);
			mine |= d == dossier_id;
		} else if (*locked_r == NULL)
			*locked_r = xstrdup(db_col_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc < 0) {
		free(*t_r);
		free(*locked_r);
		return -1;
	}
	/* on a dossier's key, the piece is for that dossier first */
	if (dossier_id && !mine) {
		free(*t_r);
		*t_r = NULL;
		*n_r = 0;
	}
	return 0;
}

/* expected - the labels the candidate's dossiers still wait for, as "a, b" (caller frees) */
static char *
expected(struct altc *ctx, int64_t cand, int64_t dossier_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT DISTINCT r.label FROM admission_dossiers d"
	    " JOIN admission_dossier_pieces dp ON dp.dossier_id = d.id JOIN admission_required r"
	    " ON r.id = dp.required_id WHERE d.candidate_id = ?1 AND (?2 = 0 OR d.id = ?2)"
	    " AND dp.state <> 'received' AND d.state IN ('incomplete', 'piece_refused')"
	    " ORDER BY r.label");
	struct strbuf sb = STRBUF_INIT;

	db_bind_int(st, 1, cand);
	db_bind_int(st, 2, dossier_id);
	while (db_step(ctx->db, st, NULL) == 1)
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", db_col_text(st, 0));
	sqlite3_reset(st);
	if (sb.len == 0)
		strbuf_addstr(&sb, "-");
	return strbuf_detach(&sb, NULL);
}

/* store_piece - one piece kept and bound to its targets; ACT_* */
static int
store_piece(struct altc *ctx, int64_t cand, const char *key, const struct admission_piece_in *p,
    const struct target *t, size_t nt, struct id_list *touched, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "INSERT INTO admission_pieces (candidate_id,"
	    " label_key, kind, filename, sha256, size, reason, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	char hex[SHA256_HEXSZ], *name = NULL, *reason = NULL;
	int64_t piece;

	if (p->filename) {
		if (document_keep(ctx, p->data, p->len, "pdf", hex, errstr_r) < 0)
			return ACT_EDB;
		name = xstrdup(p->filename);
		(void)text_truncate(name, 200);
	} else {
		reason = xstrdup(p->reason);
		(void)text_truncate(reason, 1000);
	}
	db_bind_int(st, 1, cand);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, p->filename ? "pdf" : "incapacity");
	db_bind_text(st, 4, name);
	db_bind_text(st, 5, p->filename ? hex : NULL);
	if (p->filename)
		db_bind_int(st, 6, (int64_t)p->len);
	db_bind_text(st, 7, reason);
	db_bind_int(st, 8, now_epoch());
	free(name);
	free(reason);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	piece = sqlite3_last_insert_rowid(ctx->db->h);
	for (size_t i = 0; i < nt; i++) {
		size_t k;

		st = db_prepare(ctx->db, "UPDATE admission_dossier_pieces SET piece_id = ?,"
		    " state = 'received', refusal = NULL, updated_at = ? WHERE dossier_id = ?"
		    " AND required_id = ?");
		db_bind_int(st, 1, piece);
		db_bind_int(st, 2, now_epoch());
		db_bind_int(st, 3, t[i].dossier_id);
		db_bind_int(st, 4, t[i].required_id);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return ACT_EDB;
		for (k = 0; k < touched->n && touched->v[k] != t[i].dossier_id; k++)
			;
		if (k == touched->n)
			id_list_add(touched, t[i].dossier_id);
	}
	return ACT_OK;
}

int
admission_add_pieces(struct altc *ctx, int64_t candidate_id, int64_t dossier_id,
    const struct admission_piece_in *p, size_t n, char **errstr_r)
{
	struct id_list touched = { 0 };
	struct admission_who w;
	int rc;

	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	rc = ACT_EDB;
	if (admission_who_load(ctx, candidate_id, &w, errstr_r) != 1)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *key = text_key(p[i].label), *locked = NULL;
		struct target *t;
		size_t nt;

		if (targets(ctx, candidate_id, dossier_id, key, &t, &nt, &locked, errstr_r) < 0) {
			free(key);
			goto out;
		}
		if (nt == 0) {
			char *exp = expected(ctx, candidate_id, dossier_id);

			if (locked)
				*errstr_r = xasprintf("your dossier for %s is complete and with the"
				    " formation: it is locked, the piece '%s' was not added", locked,
				    p[i].label);
			else
				*errstr_r = xasprintf("no dossier of yours waits for a piece '%s'"
				    " (expected: %s)", p[i].label, exp);
			rc = locked ? ACT_ESTATE : ACT_EINPUT;
			free(exp);
			free(locked);
			free(key);
			goto out;
		}
		free(locked);
		rc = store_piece(ctx, candidate_id, key, &p[i], t, nt, &touched, errstr_r);
		free(t);
		free(key);
		if (rc != ACT_OK)
			goto out;
	}
	rc = ACT_EDB;
	for (size_t i = 0; i < touched.n; i++) {
		int64_t id = touched.v[i], missing = missing_count(ctx, id, errstr_r);

		if (missing < 0)
			goto out;
		if (missing == 0) {
			if (transmit(ctx, id, w.email, errstr_r) < 0)
				goto out;
		} else if (admission_fire(ctx, id, "piece", w.email, NULL, errstr_r) != 0 ||
		    admission_notify_dossier(ctx, id, "piece", errstr_r) < 0)
			goto out;
	}
	rc = ACT_OK;
out:
	id_list_release(&touched);
	return end(ctx, rc);
}

int
admission_abandon(struct altc *ctx, int64_t candidate_id, int64_t id, const char *code,
    char **errstr_r)
{
	sqlite3_stmt *st;
	int64_t transmitted = 0, owner = 0;
	char *who;
	int rc, r;

	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	rc = ACT_EDB;
	st = db_prepare(ctx->db, "SELECT d.id, d.candidate_id, d.transmitted_at IS NOT NULL"
	    " FROM admission_dossiers d JOIN formations f ON f.id = d.formation_id"
	    " WHERE (d.id = ?1 OR (?1 = 0 AND f.code = ?2 AND d.candidate_id = ?3))"
	    " ORDER BY d.state IN ('abandoned', 'closed'), d.id DESC LIMIT 1");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, code ? code : "");
	db_bind_int(st, 3, candidate_id);
	if ((r = db_step(ctx->db, st, errstr_r)) == 1) {
		id = sqlite3_column_int64(st, 0);
		owner = sqlite3_column_int64(st, 1);
		transmitted = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (r < 0)
		goto out;
	if (r == 0 || owner != candidate_id) {
		*errstr_r = xasprintf("you have no dossier for %s", code ? code : "this formation");
		rc = ACT_ENOTFOUND;
		goto out;
	}
	who = admission_candidate_email(ctx, candidate_id);
	r = admission_fire(ctx, id, "abandon", who, NULL, errstr_r);
	free(who);
	if (r != 0) {
		if (r == -2) {
			free(*errstr_r);
			*errstr_r = xstrdup("this dossier is already decided or closed");
			rc = ACT_ESTATE;
		}
		goto out;
	}
	if (token_revoke_object(ctx->db, "admission", id, errstr_r) < 0 ||
	    admission_notify_dossier(ctx, id, "abandoned", errstr_r) < 0 ||
	    (transmitted && admission_notify_staff(ctx, id, "abandoned", errstr_r) < 0))
		goto out;
	rc = ACT_OK;
out:
	return end(ctx, rc);
}
