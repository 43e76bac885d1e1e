/*
 * offer_notify.c - the mail of the offer workflow: the variables of each
 * template (templates/VARIABLES.md), the reply keys they carry (offer_review
 * for a reviewer, offer_owner for the employer) and the offer PDF attached.
 * Every message of one offer shares the thread "offer.ID".
 */
#include "compat.h"

#include <json-c/json.h>

/* compact, and "/" left alone (links stay readable in the outbox rows) */
#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "application.h"
#include "config.h"
#include "db.h"
#include "document.h"
#include "notify.h"
#include "offer_int.h"
#include "structure.h"
#include "token.h"
#include "util.h"

#define REVIEW_COMMANDS "VALIDER,REJETER,TRANSFERER,RECOMMANDER"
#define OWNER_COMMANDS "POURVUE,RETIRER,ARCHIVER,DUPLIQUER,PROLONGER,MODIFIER,PARTAGER"

static void
add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

/* offer_vars - the variables every offer template shares */
static json_object *
offer_vars(const struct offer_row *o)
{
	json_object *v = json_object_new_object();

	add_str(v, "offer_title", o->title);
	json_object_object_add(v, "offer_id", json_object_new_int64(o->id));
	add_str(v, "company", o->company);
	add_str(v, "location", o->location);
	add_str(v, "duration", o->duration);
	add_str(v, "positions", o->positions);
	add_str(v, "description", *o->description ? o->description : o->missions);
	if (o->handicap)
		json_object_object_add(v, "handicap", json_object_new_boolean(1));
	return v;
}

/* attachments - the offer PDF as attachments_json, or NULL */
static char *
attachments(struct altc *ctx, const struct offer_row *o)
{
	char *path = NULL, *name = NULL, *err = NULL, *res;
	json_object *a, *d;

	if (o->doc_id == 0)
		return NULL;
	if (document_path(ctx, o->doc_id, &path, &name, &err) < 0) {
		free(err);
		return NULL;
	}
	a = json_object_new_array();
	d = json_object_new_object();
	add_str(d, "path", path);
	add_str(d, "filename", name);
	add_str(d, "type", "application/pdf");
	json_object_array_add(a, d);
	res = xstrdup(json_object_to_json_string_ext(a, JSON_PLAIN));
	json_object_put(a);
	free(path);
	free(name);
	return res;
}

/* send - queue one message with vars (consumed) */
static int
send(struct altc *ctx, int64_t user_id, const char *tmpl, enum notify_importance imp,
    const struct offer_row *o, json_object *vars, const char *token, int with_pdf,
    char **errstr_r)
{
	char thread[64], *att = with_pdf ? attachments(ctx, o) : NULL;
	struct notify_msg m = { 0 };
	int64_t rc;

	(void)xsnprintf(thread, sizeof(thread), "offer.%lld", (long long)o->id);
	m.user_id = user_id;
	m.template = tmpl;
	m.importance = imp;
	m.vars_json = json_object_to_json_string_ext(vars, JSON_PLAIN);
	m.token = token;
	m.thread = thread;
	m.attachments_json = att;
	rc = notify_queue(ctx, &m, errstr_r);
	json_object_put(vars);
	free(att);
	return rc < 0 ? -1 : 0;
}

/* owner_token - a reply key of user_id for the employer's life-cycle commands */
static int
owner_token(struct altc *ctx, const struct offer_row *o, int64_t user_id, char tok[TOKEN_BUFSZ],
    char **errstr_r)
{
	return token_issue(ctx->db, "offer_owner", "offer", o->id, user_id, OWNER_COMMANDS,
	    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r);
}

int
offer_owners(struct altc *ctx, const struct offer_row *o, struct id_list *l, char **errstr_r)
{
	struct id_list m = { 0 };

	if (o->author_id)
		id_list_add(l, o->author_id);
	if (!o->shared || o->structure_id == 0)
		return 0;
	if (structure_members(ctx, o->structure_id, &m, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < m.n; i++)
		if (m.v[i] != o->author_id)
			id_list_add(l, m.v[i]);
	id_list_release(&m);
	return 0;
}

/* formations_json - the labels of the offer's formations in a state (NULL: all); NULL on error */
static json_object *
formations_json(struct altc *ctx, int64_t offer_id, const char *state, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT f.code || ' - ' || f.label FROM offer_formations o"
	    " JOIN formations f ON f.id = o.formation_id"
	    " WHERE o.offer_id = ?1 AND (?2 IS NULL OR o.state = ?2) ORDER BY f.code");
	json_object *a = json_object_new_array();
	int rc;

	db_bind_int(st, 1, offer_id);
	db_bind_text(st, 2, state);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		json_object *f = json_object_new_object();

		add_str(f, "label", db_col_text(st, 0));
		json_object_array_add(a, f);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

/*
 * to_owner - a mail to the offer's author with their reply key: the offer's
 * variables plus, for a rejection, the formation and the reason, else the
 * formations (all of them, or those in formations_state)
 */
static int
to_owner(struct altc *ctx, const struct offer_row *o, const char *template_name,
    const char *formations_state, const char *formation, const char *reason, char **errstr_r)
{
	struct id_list owners = { 0 };
	int rc = offer_owners(ctx, o, &owners, errstr_r);

	/* each owner (a shared offer: every user of its structure) with a key of their own */
	for (size_t i = 0; rc == 0 && i < owners.n; i++) {
		char tok[TOKEN_BUFSZ];
		json_object *v;

		if (owner_token(ctx, o, owners.v[i], tok, errstr_r) < 0) {
			rc = -1;
			break;
		}
		v = offer_vars(o);
		if (formation == NULL) {
			json_object *f = formations_json(ctx, o->id, formations_state, errstr_r);

			if (f == NULL) {
				json_object_put(v);
				rc = -1;
				break;
			}
			json_object_object_add(v, "formations", f);
		} else {
			add_str(v, "formation", formation);
			add_str(v, "reason", reason);
		}
		rc = send(ctx, owners.v[i], template_name, NOTIFY_ACTION, o, v, tok, 0, errstr_r);
	}
	id_list_release(&owners);
	return rc;
}

int
offer_notify_received(struct altc *ctx, const struct offer_row *o, char **errstr_r)
{
	return to_owner(ctx, o, "offer.received", NULL, NULL, NULL, errstr_r);
}

/* link_info - reviewer and formation label of an offer x formation link */
static int
link_info(struct altc *ctx, int64_t of_id, int64_t *reviewer_r, char **label_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT coalesce(o.assigned_to, f.rp_id, 0), f.code || ' - ' || f.label"
	    " FROM offer_formations o JOIN formations f ON f.id = o.formation_id"
	    " WHERE o.rowid = ?");
	int rc;

	db_bind_int(st, 1, of_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		*reviewer_r = sqlite3_column_int64(st, 0);
		*label_r = xstrdup(db_col_text(st, 1));
	} else if (rc == 0)
		*errstr_r = xasprintf("no offer link %lld", (long long)of_id);
	sqlite3_reset(st);
	return rc == 1 ? 0 : -1;
}

/* review_mail - a reviewer's mail with its own reply key */
static int
review_mail(struct altc *ctx, const struct offer_row *o, const char *tmpl, int64_t reviewer,
    const char *otype, int64_t oid, const char *formation, const char *from_name,
    char **errstr_r)
{
	char tok[TOKEN_BUFSZ];
	json_object *v;

	if (token_issue(ctx->db, "offer_review", otype, oid, reviewer, REVIEW_COMMANDS,
	    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0)
		return -1;
	v = offer_vars(o);
	add_str(v, "formation", formation);
	if (from_name)
		add_str(v, "from_name", from_name);
	return send(ctx, reviewer, tmpl, NOTIFY_ACTION, o, v, tok, 1, errstr_r);
}

/*
 * to_delegates - a copy of a review mail, with a key of their own, to every
 * active ga the formation's rp delegated it to, when the rp is the reviewer
 */
static int
to_delegates(struct altc *ctx, const struct offer_row *o, int64_t of_id, int64_t reviewer,
    const char *label, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT DISTINCT d.ga_id FROM offer_formations l"
	    " JOIN formations f ON f.id = l.formation_id"
	    " JOIN delegations d ON d.rp_id = f.rp_id"
	    "  AND (d.formation_id IS NULL OR d.formation_id = l.formation_id)"
	    " JOIN users u ON u.id = d.ga_id AND u.state = 'active' AND u.role = 'ga'"
	    " WHERE l.rowid = ?1 AND f.rp_id = ?2 AND d.ga_id <> ?2 ORDER BY d.ga_id");
	struct id_list gas = { 0 };
	int rc = 0;

	db_bind_int(st, 1, of_id);
	db_bind_int(st, 2, reviewer);
	if (id_list_query(ctx->db, st, &gas, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < gas.n && rc == 0; i++)
		rc = review_mail(ctx, o, "offer.to_validate", gas.v[i], "offer_formation", of_id,
		    label, NULL, errstr_r);
	id_list_release(&gas);
	return rc;
}

int
offer_notify_to_validate(struct altc *ctx, const struct offer_row *o, int64_t of_id,
    char **errstr_r)
{
	int64_t reviewer;
	char *label;
	int rc;

	if (link_info(ctx, of_id, &reviewer, &label, errstr_r) < 0)
		return -1;
	if (reviewer == 0) {
		/* a formation without rp: its link waits for the ga pool */
		free(label);
		return offer_notify_pool(ctx, o, errstr_r);
	}
	rc = review_mail(ctx, o, "offer.to_validate", reviewer, "offer_formation", of_id, label,
	    NULL, errstr_r);
	if (rc == 0)
		rc = to_delegates(ctx, o, of_id, reviewer, label, errstr_r);
	free(label);
	return rc;
}

int
offer_notify_pool(struct altc *ctx, const struct offer_row *o, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM users WHERE role = 'ga' AND state = 'active' ORDER BY id");
	struct id_list gas = { 0 };
	int rc = 0;

	if (id_list_query(ctx->db, st, &gas, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < gas.n && rc == 0; i++)
		rc = review_mail(ctx, o, "offer.to_validate", gas.v[i], "offer_pool", o->id,
		    "toutes formations", NULL, errstr_r);
	id_list_release(&gas);
	return rc;
}

int
offer_notify_transferred(struct altc *ctx, const struct offer_row *o, int64_t of_id,
    int64_t from_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT trim(first_name || ' ' || last_name), email FROM users WHERE id = ?");
	int64_t reviewer;
	char *label, *from = NULL;
	int rc;

	db_bind_int(st, 1, from_id);
	if (db_step(ctx->db, st, NULL) == 1)
		from = xstrdup(*db_col_text(st, 0) ? db_col_text(st, 0) : db_col_text(st, 1));
	sqlite3_reset(st);
	if (link_info(ctx, of_id, &reviewer, &label, errstr_r) < 0) {
		free(from);
		return -1;
	}
	rc = review_mail(ctx, o, "offer.transferred", reviewer, "offer_formation", of_id, label,
	    from ? from : "", errstr_r);
	free(label);
	free(from);
	return rc;
}

int
offer_notify_published(struct altc *ctx, const struct offer_row *o, char **errstr_r)
{
	return to_owner(ctx, o, "offer.published", "validated", NULL, NULL, errstr_r);
}

int
offer_notify_rejected(struct altc *ctx, const struct offer_row *o, const char *formation,
    const char *reason, char **errstr_r)
{
	return to_owner(ctx, o, "offer.rejected", NULL, formation ? formation : "", reason, errstr_r);
}

int
offer_student_key(struct altc *ctx, const char *object_type, int64_t object_id,
    int64_t student_id, char tok[TOKEN_BUFSZ], char **errstr_r)
{
	return token_issue(ctx->db, OFFER_STUDENT_PURPOSE, object_type, object_id, student_id,
	    OFFER_STUDENT_COMMANDS, config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r);
}

int
offer_notify_student(struct altc *ctx, const struct offer_row *o, int64_t student_id,
    int rating, const char *comment, int importance, char **errstr_r)
{
	json_object *v = offer_vars(o);
	char tok[TOKEN_BUFSZ];
	int mailed = importance == NOTIFY_ACTION;

	/* a mail sent now is answered (POSTULER, CHERCHER); an alert waits for the digest */
	if (mailed && offer_student_key(ctx, "offer", o->id, student_id, tok, errstr_r) < 0) {
		json_object_put(v);
		return -1;
	}
	if (mailed) {
		char *url = NULL;

		if (application_one_click_link(ctx, student_id, o->id, &url, errstr_r) < 0) {
			json_object_put(v);
			return -1;
		}
		if (url)
			add_str(v, "one_click_url", url);
		free(url);
	}
	if (rating > 0)
		json_object_object_add(v, "rating", json_object_new_int(rating));
	if (comment && *comment)
		add_str(v, "comment", comment);
	return send(ctx, student_id, "offer.new_for_formation", (enum notify_importance)importance,
	    o, v, mailed ? tok : NULL, mailed, errstr_r);
}

int
offer_notify_students(struct altc *ctx, const struct offer_row *o, int64_t formation_id,
    int rating, const char *comment, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT DISTINCT u.id FROM users u JOIN student_formations s ON s.student_id = u.id"
	    " WHERE u.role = 'student' AND u.state = 'registered'"
	    " AND (?1 = 0 OR s.formation_id = ?1) ORDER BY u.id");
	struct id_list l = { 0 };
	int rc = 0;

	db_bind_int(st, 1, formation_id);
	if (id_list_query(ctx->db, st, &l, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < l.n && rc == 0; i++)
		rc = offer_notify_student(ctx, o, l.v[i], rating, comment, NOTIFY_OPTIONAL,
		    errstr_r);
	id_list_release(&l);
	return rc;
}

int
offer_notify_expiring(struct altc *ctx, const struct offer_row *o, char **errstr_r)
{
	struct id_list owners = { 0 };
	char day[32];
	int rc = offer_owners(ctx, o, &owners, errstr_r);

	epoch_to_local(o->expires_at, 0, day, sizeof(day));
	for (size_t i = 0; rc == 0 && i < owners.n; i++) {
		char tok[TOKEN_BUFSZ];
		json_object *v;

		if (owner_token(ctx, o, owners.v[i], tok, errstr_r) < 0) {
			rc = -1;
			break;
		}
		v = offer_vars(o);
		add_str(v, "expires", day);
		rc = send(ctx, owners.v[i], "offer.expiring", NOTIFY_ACTION, o, v, tok, 0, errstr_r);
	}
	id_list_release(&owners);
	return rc;
}

int
offer_notify_shared(struct altc *ctx, const struct offer_row *o, int64_t actor_id,
    char **errstr_r)
{
	struct id_list owners = { 0 };
	char *by = xstrdup(db_actor(ctx->db, actor_id));
	int rc = offer_owners(ctx, o, &owners, errstr_r);

	/* the others: the one who shared it knows */
	for (size_t i = 0; rc == 0 && i < owners.n; i++) {
		char tok[TOKEN_BUFSZ];
		json_object *v, *f;

		if (owners.v[i] == actor_id)
			continue;
		if (owner_token(ctx, o, owners.v[i], tok, errstr_r) < 0) {
			rc = -1;
			break;
		}
		if ((f = formations_json(ctx, o->id, NULL, errstr_r)) == NULL) {
			rc = -1;
			break;
		}
		v = offer_vars(o);
		add_str(v, "shared_by", by);
		json_object_object_add(v, "formations", f);
		rc = send(ctx, owners.v[i], "offer.shared", NOTIFY_ACTION, o, v, tok, 1, errstr_r);
	}
	id_list_release(&owners);
	free(by);
	return rc;
}
