/*
 * followup.c - what referents write to and about the students they
 * follow.  Messages are mailed (template student.message) and kept; notes
 * are kept only, and shown to staff only (altc student history, which also
 * lists the audit rows of the student's applications, interviews and
 * mission sheets, the switches of autonomy, and the files relayed with the
 * messages, so that one reading gives the whole story in order).
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "application.h"
#include "config.h"
#include "db.h"
#include "followup.h"
#include "notify.h"
#include "token.h"
#include "util.h"

/* the commands of a staff key about a student (interview_mail.c's staff_verbs) */
#define FOLLOWUP_COMMANDS "MESSAGE,NOTE,AUTONOMIE"

/* the student behind each kind of object a staff mail's key names */
static const struct {
	const char *object_type;
	const char *sql;	/* ?1: the object's id */
} student_of[] = {
	{ "application", "SELECT student_id FROM applications WHERE id = ?1" },
	{ "mission", "SELECT student_id FROM missions WHERE id = ?1" },
	{ "interview", "SELECT a.student_id FROM interviews i JOIN applications a"
	  " ON a.id = i.application_id WHERE i.id = ?1" },
	{ "user", "SELECT id FROM users WHERE id = ?1 AND role = 'student'" },
};

int
followup_follows(struct altc *ctx, int64_t staff_id, int64_t student_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT (SELECT role FROM users WHERE id = ?1) = 'admin'"
	    " OR (SELECT referent_id FROM users WHERE id = ?2) = ?1"
	    " OR EXISTS (SELECT 1 FROM student_formations sf JOIN formations f"
	    "   ON f.id = sf.formation_id WHERE sf.student_id = ?2 AND (f.rp_id = ?1"
	    "   OR EXISTS (SELECT 1 FROM delegations d WHERE d.rp_id = f.rp_id AND d.ga_id = ?1"
	    "     AND (d.formation_id IS NULL OR d.formation_id = f.id))))");
	int rc;

	db_bind_int(st, 1, staff_id);
	db_bind_int(st, 2, student_id);
	rc = db_step(ctx->db, st, NULL);
	if (rc == 1)
		rc = sqlite3_column_int(st, 0) ? 1 : 0;
	sqlite3_reset(st);
	return rc;
}

int
followup_student_of(struct altc *ctx, const char *object_type, int64_t object_id,
    int64_t *student_r)
{
	sqlite3_stmt *st;
	int rc;

	*student_r = 0;
	for (size_t i = 0; i < ARRAY_SIZE(student_of); i++) {
		if (object_type == NULL || strcmp(object_type, student_of[i].object_type) != 0)
			continue;
		st = db_prepare(ctx->db, student_of[i].sql);
		db_bind_int(st, 1, object_id);
		if ((rc = db_step(ctx->db, st, NULL)) == 1)
			*student_r = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return rc < 0 ? -1 : *student_r > 0;
	}
	return 0;
}

/* display_name - "First Last", else the address, of a user; "" when unknown */
static char *
display_name(struct altc *ctx, int64_t id)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT coalesce(nullif(trim(first_name || ' ' ||"
	    " last_name), ''), email) FROM users WHERE id = ?");
	char *name;

	db_bind_int(st, 1, id);
	name = xstrdup(db_step(ctx->db, st, NULL) == 1 ? db_col_text(st, 0) : "");
	sqlite3_reset(st);
	return name;
}

int
followup_autonomy(struct altc *ctx, int64_t staff_id, int64_t student_id, int autonomous,
    char **errstr_r)
{
	struct notify_msg m = { 0 };
	char tok[TOKEN_BUFSZ], thread[64], *name;
	json_object *v;
	int rc;

	if ((rc = followup_follows(ctx, staff_id, student_id)) != 1) {
		*errstr_r = rc < 0 ? xstrdup("cannot read the formations") :
		    xstrdup("you do not follow this student");
		return rc < 0 ? FOLLOWUP_EDB : FOLLOWUP_EDENIED;
	}
	if ((rc = application_set_autonomous(ctx, student_id, autonomous,
	    db_actor(ctx->db, staff_id), errstr_r)) != APPLICATION_OK)
		return rc == APPLICATION_EDB ? FOLLOWUP_EDB : FOLLOWUP_EINPUT;
	if (token_issue(ctx->db, "student_followup", "user", student_id, staff_id,
	    FOLLOWUP_COMMANDS, config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0)
		return FOLLOWUP_EDB;
	name = display_name(ctx, student_id);
	v = json_object_new_object();
	json_object_object_add(v, "student_name", json_object_new_string(name));
	json_object_object_add(v, "autonomous", json_object_new_boolean(autonomous));
	(void)xsnprintf(thread, sizeof(thread), "student.%lld", (long long)student_id);
	m.user_id = staff_id;
	m.template = "student.autonomy";
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.token = tok;
	m.thread = thread;
	rc = notify_queue(ctx, &m, errstr_r) < 0 ? FOLLOWUP_EDB : FOLLOWUP_OK;
	json_object_put(v);
	free(name);
	return rc;
}

int
followup_add(struct altc *ctx, int64_t staff_id, int64_t student_id, int is_message,
    const char *body, char **errstr_r)
{
	sqlite3_stmt *st;
	int rc;

	if (body == NULL || *body == '\0') {
		*errstr_r = xstrdup(is_message ? "the message is empty: MESSAGE followed by your text" :
		    "the note is empty: NOTE followed by its text");
		return FOLLOWUP_EINPUT;
	}
	if ((rc = followup_follows(ctx, staff_id, student_id)) != 1) {
		*errstr_r = rc < 0 ? xstrdup("cannot read the formations") :
		    xstrdup("you do not follow this student");
		return rc < 0 ? FOLLOWUP_EDB : FOLLOWUP_EDENIED;
	}
	st = db_prepare(ctx->db, "INSERT INTO student_notes (student_id, author_id, kind, body,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
	db_bind_int(st, 1, student_id);
	db_bind_int(st, 2, staff_id);
	db_bind_text(st, 3, is_message ? "message" : "note");
	db_bind_text(st, 4, body);
	db_bind_int(st, 5, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return FOLLOWUP_EDB;
	if (is_message) {
		struct notify_msg m = { 0 };
		json_object *v = json_object_new_object();
		char thread[64], *name = display_name(ctx, staff_id);

		json_object_object_add(v, "sender_name", json_object_new_string(name));
		free(name);
		json_object_object_add(v, "message", json_object_new_string(body));
		(void)xsnprintf(thread, sizeof(thread), "student.%lld", (long long)student_id);
		m.user_id = student_id;
		m.template = "student.message";
		m.importance = NOTIFY_ACTION;
		m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
		m.thread = thread;
		rc = notify_queue(ctx, &m, errstr_r) < 0 ? -1 : 0;
		json_object_put(v);
		if (rc < 0)
			return FOLLOWUP_EDB;
	}
	return db_audit(ctx->db, db_actor(ctx->db, staff_id), "student", student_id, NULL,
	    is_message ? "message" : "note", NULL, NULL) < 0 ? FOLLOWUP_EDB : FOLLOWUP_OK;
}

int
followup_print(struct altc *ctx, int64_t student_id, FILE *out, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT n.created_at, n.kind, coalesce(u.email, ''), n.body FROM student_notes n"
	    " LEFT JOIN users u ON u.id = n.author_id WHERE n.student_id = ?1"
	    " UNION ALL"
	    " SELECT a.at, a.object_type || ' ' || a.object_id || ' ' || a.event"
	    "   || coalesce(' -> ' || a.to_state, ''), coalesce(a.actor, ''), coalesce(a.detail, '')"
	    " FROM audit a WHERE (a.object_type = 'application' AND a.object_id IN"
	    "   (SELECT id FROM applications WHERE student_id = ?1))"
	    " OR (a.object_type = 'interview' AND a.object_id IN (SELECT i.id FROM interviews i"
	    "   JOIN applications p ON p.id = i.application_id WHERE p.student_id = ?1))"
	    " OR (a.object_type = 'mission' AND a.object_id IN (SELECT id FROM missions"
	    "   WHERE student_id = ?1))"
	    " OR (a.object_type = 'user' AND a.object_id = ?1 AND a.event = 'set_autonomous')"
	    " UNION ALL"
	    " SELECT r.created_at, 'application ' || r.application_id || ' relay file',"
	    "   coalesce(u.email, ''), r.filename || ' (' || r.content_type || ', ' || r.size"
	    "   || ' bytes)'"
	    " FROM relay_files r LEFT JOIN users u ON u.id = r.sender_id"
	    " WHERE r.application_id IN (SELECT id FROM applications WHERE student_id = ?1)"
	    " ORDER BY 1, 2");
	int rc;

	db_bind_int(st, 1, student_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char when[32];

		epoch_to_local(sqlite3_column_int64(st, 0), 1, when, sizeof(when));
		fprintf(out, "%s\t%s\t%s\t%s\n", when, db_col_text(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3));
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}
