/*
 * structure_partner.c - the partner companies of a structure: asked by one
 * of its users (the SIRET checked as a registration's: its key, then the
 * SIRENE register when one is loaded), validated or refused by an admin,
 * and named on the structure's offers.  The request and each decision go
 * through fsm_partner with their audit row and their mail.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "company.h"
#include "config.h"
#include "db.h"
#include "fsm.h"
#include "log.h"
#include "siret.h"
#include "sirene.h"
#include "status.h"
#include "strbuf.h"
#include "structure.h"
#include "structure_int.h"
#include "text.h"
#include "token.h"
#include "util.h"

struct partner_row {
	int64_t id, structure_id, requested_by, company_id;
	char *siret, *name, *address, *postal_code, *city, *contact, *state, *reason;
	char *structure, *kind, *register_note, *requester_name, *requester_email;
};

static void
partner_release(struct partner_row *p)
{
	free(p->siret);
	free(p->name);
	free(p->address);
	free(p->postal_code);
	free(p->city);
	free(p->contact);
	free(p->state);
	free(p->reason);
	free(p->structure);
	free(p->kind);
	free(p->register_note);
	free(p->requester_name);
	free(p->requester_email);
	memset(p, 0, sizeof(*p));
}

/* partner_load - 1 loaded, 0 unknown, -1 SQL error */
static int
partner_load(struct altc *ctx, int64_t id, struct partner_row *p, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT p.id, p.structure_id, coalesce(p.requested_by, 0), coalesce(p.company_id, 0),"
	    " p.siret, p.name, coalesce(p.address, ''), coalesce(p.postal_code, ''),"
	    " coalesce(p.city, ''), coalesce(p.contact_email, ''), p.state, coalesce(p.reason, ''),"
	    " s.name, s.kind, coalesce(p.register_note, 'none'),"
	    " coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email, ''),"
	    " coalesce(u.email, '')"
	    " FROM structure_partners p JOIN structures s ON s.id = p.structure_id"
	    " LEFT JOIN users u ON u.id = p.requested_by WHERE p.id = ?");
	int rc;

	memset(p, 0, sizeof(*p));
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		p->id = sqlite3_column_int64(st, 0);
		p->structure_id = sqlite3_column_int64(st, 1);
		p->requested_by = sqlite3_column_int64(st, 2);
		p->company_id = sqlite3_column_int64(st, 3);
		p->siret = xstrdup(db_col_text(st, 4));
		p->name = xstrdup(db_col_text(st, 5));
		p->address = xstrdup(db_col_text(st, 6));
		p->postal_code = xstrdup(db_col_text(st, 7));
		p->city = xstrdup(db_col_text(st, 8));
		p->contact = xstrdup(db_col_text(st, 9));
		p->state = xstrdup(db_col_text(st, 10));
		p->reason = xstrdup(db_col_text(st, 11));
		p->structure = xstrdup(db_col_text(st, 12));
		p->kind = xstrdup(db_col_text(st, 13));
		p->register_note = xstrdup(db_col_text(st, 14));
		p->requester_name = xstrdup(db_col_text(st, 15));
		p->requester_email = xstrdup(db_col_text(st, 16));
	}
	sqlite3_reset(st);
	return rc;
}

static void
add_str(json_object *v, const char *k, const char *s)
{
	json_object_object_add(v, k, json_object_new_string(s ? s : ""));
}

/* partner_vars - what every partner mail says of the partner */
static json_object *
partner_vars(const struct partner_row *p)
{
	json_object *v = json_object_new_object();

	add_str(v, "structure", p->structure);
	add_str(v, "partner_name", p->name);
	add_str(v, "siret", p->siret);
	add_str(v, "address", p->address);
	add_str(v, "postal_code", p->postal_code);
	add_str(v, "city", p->city);
	if (*p->contact)
		add_str(v, "contact", p->contact);
	json_object_object_add(v, "partner_id", json_object_new_int64(p->id));
	return v;
}

static void
thread_of(const struct partner_row *p, char *buf, size_t size)
{
	(void)xsnprintf(buf, size, "partner.%lld", (long long)p->id);
}

/* to_requester - a mail to the user who asked, with their key for another PARTENAIRE */
static int
to_requester(struct altc *ctx, const struct partner_row *p, const char *tmpl, json_object *v,
    char **errstr_r)
{
	char tok[TOKEN_BUFSZ], thread[64];
	int member = structure_is_member(ctx, p->structure_id, p->requested_by);

	if (p->requested_by == 0) {
		json_object_put(v);
		return 0;
	}
	if (member && structure_key(ctx, p->structure_id, p->requested_by, tok, errstr_r) < 0) {
		json_object_put(v);
		return -1;
	}
	thread_of(p, thread, sizeof(thread));
	return structure_queue(ctx, p->requested_by, tmpl, v, member ? tok : NULL, thread,
	    errstr_r);
}

/* to_admins - the request to every active admin, each with a key of their own */
static int
to_admins(struct altc *ctx, const struct partner_row *p, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM users WHERE role = 'admin' AND state = 'active' ORDER BY id");
	struct id_list admins = { 0 };
	char thread[64];
	int rc = 0;

	if (id_list_query(ctx->db, st, &admins, errstr_r) < 0)
		return -1;
	if (admins.n == 0)
		log_warnx("partner %lld: no active admin to validate it (altc structure validate)",
		    (long long)p->id);
	thread_of(p, thread, sizeof(thread));
	for (size_t i = 0; i < admins.n && rc == 0; i++) {
		char tok[TOKEN_BUFSZ];
		json_object *v;

		if (token_issue(ctx->db, PARTNER_REVIEW_PURPOSE, "partner", p->id, admins.v[i],
		    PARTNER_REVIEW_COMMANDS, config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok,
		    errstr_r) < 0) {
			rc = -1;
			break;
		}
		v = partner_vars(p);
		add_str(v, "kind", p->kind);
		add_str(v, "requester_name", p->requester_name);
		add_str(v, "requester_email", p->requester_email);
		json_object_object_add(v, "register_checked",
		    json_object_new_boolean(strcmp(p->register_note, "checked") == 0));
		json_object_object_add(v, "register_unknown",
		    json_object_new_boolean(strcmp(p->register_note, "unknown") == 0));
		json_object_object_add(v, "register_none",
		    json_object_new_boolean(strcmp(p->register_note, "none") == 0));
		rc = structure_queue(ctx, admins.v[i], "structure.partner_review", v, tok, thread,
		    errstr_r);
	}
	id_list_release(&admins);
	return rc;
}

/* notify - one template of a partner transition (or of the first request) */
static int
notify(struct altc *ctx, int64_t id, const char *tmpl, char **errstr_r)
{
	struct partner_row p;
	json_object *v;
	int rc;

	if ((rc = partner_load(ctx, id, &p, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no partner %lld", (long long)id);
		return -1;
	}
	if (strcmp(tmpl, "structure.partner_review") == 0)
		rc = to_admins(ctx, &p, errstr_r);
	else {
		v = partner_vars(&p);
		if (strcmp(tmpl, "structure.partner_decided") == 0) {
			json_object_object_add(v, "validated",
			    json_object_new_boolean(strcmp(p.state, "validated") == 0));
			if (*p.reason)
				add_str(v, "reason", p.reason);
		}
		rc = to_requester(ctx, &p, tmpl, v, errstr_r);
	}
	partner_release(&p);
	return rc;
}

struct fsm_arg {
	struct altc *ctx;
	int64_t id;
};

static int
on_transition(void *argp, const char *tmpl, char **errstr_r)
{
	struct fsm_arg *a = argp;

	return notify(a->ctx, a->id, tmpl, errstr_r);
}

/* partner_fsm - a transition of fsm_partner with its mail, as an act_status */
static int
partner_fsm(struct altc *ctx, int64_t id, const char *event, const char *actor,
    const char *detail, char **errstr_r)
{
	struct fsm_arg a = { ctx, id };

	return fsm_status(fsm_apply(ctx->db, &fsm_partner, id, event, actor, detail, on_transition,
	    &a, NULL, errstr_r));
}

char *
structure_partner_missing(const struct company_fields *f, const char *locale)
{
	struct strbuf sb = STRBUF_INIT;
	int en = locale_is_en(locale);
	const struct { const char *v, *fr, *en; } req[] = {
		{ f->siret, "SIRET", "SIRET" }, { f->name, "Raison sociale", "Company name" },
		{ f->address, "Adresse", "Address" }, { f->postal_code, "Code postal", "Postal code" },
		{ f->city, "Ville", "City" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(req); i++)
		if (req[i].v == NULL || *req[i].v == '\0')
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", en ? req[i].en : req[i].fr);
	return sb.len ? strbuf_detach(&sb, NULL) : NULL;
}

/* register_state - what the register said of the SIRET: checked, unknown or none */
static const char *
register_state(struct altc *ctx, const char *note)
{
	if (sirene_loaded(ctx->db, NULL, NULL, NULL) <= 0)
		return "none";
	return note && strcmp(note, "SIRET not in the SIRENE register") == 0 ? "unknown" :
	    "checked";
}

/* store - the checked fields into a new pending row, or over a refused one */
static int
store(struct altc *ctx, int64_t sid, int64_t user_id, const struct company_fields *g,
    const char *siret, const char *contact, const char *reg, int64_t existing, int64_t *id_r,
    char **errstr_r)
{
	sqlite3_stmt *st;
	int64_t now = now_epoch();

	if (existing)
		st = db_prepare(ctx->db,
		    "UPDATE structure_partners SET name = ?2, address = ?3, postal_code = ?4,"
		    " city = ?5, contact_email = ?6, register_note = ?7, requested_by = ?8,"
		    " decided_by = NULL, reason = NULL, updated_at = ?9 WHERE id = ?1");
	else
		st = db_prepare(ctx->db,
		    "INSERT INTO structure_partners (structure_id, name, address, postal_code, city,"
		    " contact_email, register_note, requested_by, created_at, updated_at, siret, state)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, 'pending')");
	db_bind_int(st, 1, existing ? existing : sid);
	db_bind_text(st, 2, g->name);
	db_bind_text(st, 3, g->address);
	db_bind_text(st, 4, g->postal_code);
	db_bind_text(st, 5, g->city);
	db_bind_text(st, 6, contact && *contact ? contact : NULL);
	db_bind_text(st, 7, reg);
	db_bind_int(st, 8, user_id);
	db_bind_int(st, 9, now);
	if (!existing)
		db_bind_text(st, 10, siret);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	*id_r = existing ? existing : sqlite3_last_insert_rowid(ctx->db->h);
	return 0;
}

/* request - the partner once its SIRET is checked (g: the register's name and address) */
static int
request(struct altc *ctx, int64_t sid, int64_t user_id, const struct company_fields *g,
    const char *note, const char *contact, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id, state FROM structure_partners WHERE structure_id = ? AND siret = ?");
	const char *actor = db_actor(ctx->db, user_id), *reg = register_state(ctx, note);
	char d[SIRET_BUFSZ], *who = xstrdup(actor);
	int64_t existing = 0;
	int rc;

	(void)siret_normalize(g->siret, d);
	db_bind_int(st, 1, sid);
	db_bind_text(st, 2, d);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		existing = sqlite3_column_int64(st, 0);
		if (strcmp(db_col_text(st, 1), "pending") == 0) {
			*errstr_r = xasprintf("%s (SIRET %s) already awaits validation", g->name,
			    d);
			rc = ACT_ESTATE;
		} else if (strcmp(db_col_text(st, 1), "validated") == 0) {
			*errstr_r = xasprintf("%s (SIRET %s) is already a partner of your structure",
			    g->name, d);
			rc = ACT_ESTATE;
		} else
			rc = ACT_OK;
	} else
		rc = rc < 0 ? ACT_EDB : ACT_OK;
	sqlite3_reset(st);
	if (rc != ACT_OK) {
		free(who);
		return rc;
	}
	if (db_savepoint(ctx->db, "partner_request") < 0) {
		free(who);
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	rc = ACT_EDB;
	if (store(ctx, sid, user_id, g, d, contact, reg, existing, id_r, errstr_r) < 0)
		goto out;
	if (note && db_audit(ctx->db, who, "partner", *id_r, NULL, "sirene", NULL, note) < 0)
		goto out;
	if (existing)
		rc = partner_fsm(ctx, *id_r, "request", who, g->name, errstr_r);
	else if (db_audit(ctx->db, who, "partner", *id_r, NULL, "create", "pending", g->name) < 0 ||
	    notify(ctx, *id_r, "structure.partner_received", errstr_r) < 0 ||
	    notify(ctx, *id_r, "structure.partner_review", errstr_r) < 0)
		goto out;
	else
		rc = ACT_OK;
	if (rc == ACT_OK)
		log_info("partner %lld: %s (SIRET %s) asked by '%s'", (long long)*id_r, g->name, d,
		    who);
out:
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "partner_request");
	else if (db_release(ctx->db, "partner_request") < 0)
		rc = ACT_EDB;
	if (rc == ACT_EDB && *errstr_r == NULL)
		*errstr_r = xstrdup("database error");
	free(who);
	return rc;
}

int
structure_partner_request(struct altc *ctx, int64_t user_id, const struct company_fields *f,
    const char *contact, int64_t *id_r, char **errstr_r)
{
	int64_t sid = structure_of_user(ctx, user_id);
	struct company_fields g;
	char *m, *note = NULL;
	int rc;

	if (sid == 0) {
		*errstr_r = xstrdup("only the users of a structure add partner companies");
		return ACT_EDENIED;
	}
	if ((m = structure_partner_missing(f, "en")) != NULL) {
		*errstr_r = xasprintf("missing fields: %s", m);
		free(m);
		return ACT_EINPUT;
	}
	if (contact && *contact && !text_is_email(contact)) {
		*errstr_r = xasprintf("'%s' is not an e-mail address", contact);
		return ACT_EINPUT;
	}
	if (siret_check(f->siret, errstr_r) < 0)
		return ACT_EINPUT;
	if ((rc = company_sirene_check(ctx, f, &g, &note, errstr_r)) == ACT_OK)
		rc = request(ctx, sid, user_id, &g, note, contact, id_r, errstr_r);
	company_fields_release(&g);
	free(note);
	return rc;
}

/* is_admin - an active admin */
static int
is_admin(struct altc *ctx, int64_t user_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM users WHERE id = ? AND role = 'admin' AND state = 'active'");
	int rc;

	db_bind_int(st, 1, user_id);
	rc = db_step(ctx->db, st, NULL);
	sqlite3_reset(st);
	return rc == 1;
}

/* validate - the partner's company (found, or created without an account), then the move */
static int
validate(struct altc *ctx, const struct partner_row *p, int64_t actor_id, const char *actor,
    char **errstr_r)
{
	struct company_fields f;
	sqlite3_stmt *st;
	int64_t company;
	int rc;

	company_fields_init(&f);
	f.siret = xstrdup(p->siret);
	f.name = xstrdup(p->name);
	f.address = *p->address ? xstrdup(p->address) : NULL;
	f.postal_code = *p->postal_code ? xstrdup(p->postal_code) : NULL;
	f.city = *p->city ? xstrdup(p->city) : NULL;
	rc = company_ensure(ctx, &f, actor ? actor : "staff", &company, errstr_r);
	company_fields_release(&f);
	if (rc != ACT_OK)
		return rc;
	st = db_prepare(ctx->db,
	    "UPDATE structure_partners SET company_id = ?2, decided_by = ?3 WHERE id = ?1");
	db_bind_int(st, 1, p->id);
	db_bind_int(st, 2, company);
	if (actor_id)
		db_bind_int(st, 3, actor_id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	return partner_fsm(ctx, p->id, "validate", actor, NULL, errstr_r);
}

/* refuse - the reason kept for the user, then the move */
static int
refuse(struct altc *ctx, const struct partner_row *p, int64_t actor_id, const char *actor,
    const char *reason, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE structure_partners SET reason = ?2, decided_by = ?3 WHERE id = ?1");

	db_bind_int(st, 1, p->id);
	db_bind_text(st, 2, reason);
	if (actor_id)
		db_bind_int(st, 3, actor_id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	return partner_fsm(ctx, p->id, "refuse", actor, reason, errstr_r);
}

int
structure_partner_decide(struct altc *ctx, int64_t partner_id, int64_t actor_id, int validate_it,
    const char *reason, char **errstr_r)
{
	struct partner_row p;
	char *actor = actor_id ? xstrdup(db_actor(ctx->db, actor_id)) : NULL, *why = NULL;
	int rc;

	if (actor_id && !is_admin(ctx, actor_id)) {
		free(actor);
		*errstr_r = xstrdup("only an administrator validates a partner company");
		return ACT_EDENIED;
	}
	if (!validate_it) {
		why = str_trim(xstrdup(reason ? reason : ""));
		if (*why == '\0') {
			free(why);
			free(actor);
			*errstr_r = xstrdup("a refusal needs a reason: REFUSER followed by the reason");
			return ACT_EINPUT;
		}
	}
	if ((rc = partner_load(ctx, partner_id, &p, errstr_r)) != 1) {
		free(why);
		free(actor);
		if (rc == 0)
			*errstr_r = xasprintf("no partner %lld", (long long)partner_id);
		return rc == 0 ? ACT_ENOTFOUND : ACT_EDB;
	}
	if (strcmp(p.state, "pending") != 0) {
		*errstr_r = xasprintf("the partner %s is already %s", p.name, p.state);
		rc = ACT_ESTATE;
	} else if (db_savepoint(ctx->db, "partner_decide") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		rc = ACT_EDB;
	} else {
		rc = validate_it ? validate(ctx, &p, actor_id, actor, errstr_r) :
		    refuse(ctx, &p, actor_id, actor, why, errstr_r);
		/* decided: the other admins' keys are spent */
		if (rc == ACT_OK && token_revoke_object(ctx->db, "partner", p.id, errstr_r) < 0)
			rc = ACT_EDB;
		if (rc != ACT_OK)
			db_rollback_to(ctx->db, "partner_decide");
		else if (db_release(ctx->db, "partner_decide") < 0)
			rc = ACT_EDB;
	}
	partner_release(&p);
	free(why);
	free(actor);
	return rc;
}

int
structure_partner_resolve(struct altc *ctx, int64_t structure_id, const char *text,
    int64_t *partner_r, int64_t *company_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id, siret, name, state, coalesce(company_id, 0), coalesce(reason, '')"
	    " FROM structure_partners WHERE structure_id = ? ORDER BY id");
	char d[SIRET_BUFSZ], *want, *t = str_trim(xstrdup(text ? text : ""));
	int by_siret = siret_normalize(t, d) == 0, n = 0, rc;
	char *state = NULL, *name = NULL, *reason = NULL;

	*partner_r = *company_r = 0;
	want = text_key(t);
	db_bind_int(st, 1, structure_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char *k = text_key(db_col_text(st, 2));
		int hit = by_siret ? strcmp(db_col_text(st, 1), d) == 0 :
		    (*want && strcmp(k, want) == 0);

		free(k);
		if (!hit)
			continue;
		n++;
		*partner_r = sqlite3_column_int64(st, 0);
		*company_r = sqlite3_column_int64(st, 4);
		free(state);
		free(name);
		free(reason);
		state = xstrdup(db_col_text(st, 3));
		name = xstrdup(db_col_text(st, 2));
		reason = xstrdup(db_col_text(st, 5));
	}
	sqlite3_reset(st);
	free(want);
	if (rc < 0)
		rc = ACT_EDB;
	else if (n == 0) {
		*errstr_r = xasprintf("%s is not a partner of your structure", t);
		rc = ACT_EINPUT;
	} else if (n > 1) {
		*errstr_r = xasprintf("several partners are named %s: give the SIRET", t);
		rc = ACT_EINPUT;
	} else if (strcmp(state, "pending") == 0) {
		*errstr_r = xasprintf("the partner %s awaits an administrator's validation", name);
		rc = ACT_ESTATE;
	} else if (strcmp(state, "refused") == 0) {
		*errstr_r = xasprintf("the partner %s was refused: %s", name, reason);
		rc = ACT_ESTATE;
	} else
		rc = ACT_OK;
	if (rc != ACT_OK)
		*partner_r = *company_r = 0;
	free(state);
	free(name);
	free(reason);
	free(t);
	return rc;
}

int
structure_partner_contact(struct altc *ctx, int64_t partner_id, const char *wanted,
    char **contact_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT coalesce(p.contact_email, ''), p.name,"
	    " EXISTS (SELECT 1 FROM users u WHERE u.email = ?2 AND u.company_id = p.company_id"
	    "  AND u.role = 'employer' AND u.state = 'active')"
	    " FROM structure_partners p WHERE p.id = ?1");
	char *w = str_trim(xstrdup(wanted ? wanted : ""));
	int rc;

	*contact_r = NULL;
	db_bind_int(st, 1, partner_id);
	db_bind_text(st, 2, w);
	if ((rc = db_step(ctx->db, st, errstr_r)) != 1) {
		sqlite3_reset(st);
		free(w);
		if (rc == 0)
			*errstr_r = xasprintf("no partner %lld", (long long)partner_id);
		return rc == 0 ? ACT_ENOTFOUND : ACT_EDB;
	}
	if (*w == '\0') {
		if (*db_col_text(st, 0))
			*contact_r = xstrdup(db_col_text(st, 0));
		rc = ACT_OK;
	} else if (strcasecmp(w, db_col_text(st, 0)) == 0 || sqlite3_column_int(st, 2)) {
		*contact_r = xstrdup(w);
		rc = ACT_OK;
	} else {
		*errstr_r = xasprintf("%s is not a contact of %s", w, db_col_text(st, 1));
		rc = ACT_EINPUT;
	}
	sqlite3_reset(st);
	free(w);
	return rc;
}
