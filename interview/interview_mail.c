/*
 * interview_mail.c - interviews by reply.  ENTRETIEN on an application's
 * key (the employer's) or on an interview's key, with one slot a line or
 * ';'-separated slots; CRENEAU n, ANNULER and DEPLACER on the keys of the
 * interview mails.  The slot lines are read from the new text of the reply:
 * a line without a digit ("Bonjour,", "voici mes disponibilités :") is
 * prose and skipped, a line with one that reads as no slot is named in the
 * answer, with the slots that were understood, and nothing is proposed.
 */
#include "compat.h"

#include "altc.h"
#include "command.h"
#include "db.h"
#include "document_user.h"
#include "followup.h"
#include "interview.h"
#include "interview_mail.h"
#include "strbuf.h"
#include "user_text.h"
#include "util.h"

/* refuse - an interview status as the input's result (mail_action.h) */
static enum input_result
refuse(const struct mail_request *req, int status, char *err, char **reason_r)
{
	static const struct { int status; const char *code, *what; } codes[] = {
		{ INTERVIEW_EINPUT, "invalid", "invalid" },
		{ INTERVIEW_EDENIED, "not_permitted", "not permitted" },
		{ INTERVIEW_ESTATE, "not_possible", "not possible now" },
		{ INTERVIEW_ENOTFOUND, "other", "not found" },
	};
	const char *e = err ? err : "";

	if (status == INTERVIEW_OK) {
		free(err);
		return INPUT_DONE;
	}
	if (status == INTERVIEW_EDB) {
		*reason_r = xasprintf("database: %s", e);
		free(err);
		return INPUT_TEMPFAIL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		if (codes[i].status == status)
			return mail_action_refuse(req, codes[i].code, user_text(req->locale, e),
			    xasprintf("%s: %s", codes[i].what, e), reason_r);
	BUG("interview status %d", status);
}

struct slot_read {
	struct interview_slot v[SLOT_MAX];
	size_t n;
	struct strbuf errors;	/* one line per unreadable slot, in the sender's language */
	int nerrors;
};

static void
read_release(struct slot_read *s)
{
	for (size_t i = 0; i < s->n; i++)
		interview_slot_release(&s->v[i]);
	strbuf_release(&s->errors);
}

/* read_one - one candidate line; prose without a digit is skipped */
static void
read_one(struct slot_read *s, const char *locale, const char *b, const char *e)
{
	char *line, *err = NULL, *msg;
	int has_digit = 0;

	while (b < e && (*b == ' ' || *b == '\t' || *b == '-' || *b == '*' || *b == '>'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '.'))
		e--;
	for (const char *p = b; p < e; p++)
		has_digit |= *p >= '0' && *p <= '9';
	if (!has_digit)
		return;
	line = xstrndup(b, (size_t)(e - b));
	if (s->n >= SLOT_MAX)
		err = xasprintf("give between 1 and %lld slots, one a line", (long long)SLOT_MAX);
	else if (interview_slot_parse(line, now_epoch(), &s->v[s->n], &err) == 0)
		s->n++;
	if (err) {
		msg = user_text(locale, err);
		strbuf_addf(&s->errors, "%s\n", msg);
		s->nerrors++;
		free(msg);
		free(err);
	}
	free(line);
}

/* read_slots - the slots of the command's arguments and of the lines below it */
static void
read_slots(const struct mail_request *req, struct slot_read *s)
{
	const char *p, *nl;
	int first = 1;

	memset(s, 0, sizeof(*s));
	strbuf_init(&s->errors, 0);
	for (p = req->args ? req->args : ""; *p; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, ';');
		if (nl == NULL)
			nl = p + strlen(p);
		read_one(s, req->locale, p, nl);
	}
	for (p = req->text ? req->text : ""; *p; p = *nl ? nl + 1 : nl) {
		const char *q = p;

		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		while (q < nl && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q == nl)
			continue;
		if (first) {	/* the command line itself */
			first = 0;
			continue;
		}
		/* "a; b" on one line */
		for (const char *r = q; r < nl;) {
			const char *semi = memchr(r, ';', (size_t)(nl - r));
			const char *end = semi ? semi : nl;

			read_one(s, req->locale, r, end);
			r = semi ? semi + 1 : nl;
		}
	}
}

/* slots_refused - the answer: what was not read, and what was */
static enum input_result
slots_refused(const struct mail_request *req, struct slot_read *s, char **reason_r)
{
	int en = locale_is_en(req->locale);
	struct strbuf d = STRBUF_INIT;

	if (s->nerrors == 0)
		strbuf_addstr(&d, en ? "no slot found: ENTRETIEN followed by one slot a line, such"
		    " as 14/01/2027 10:30 or mardi 14 janvier 10h30\n" : "aucun créneau trouvé :"
		    " ENTRETIEN suivi d’un créneau par ligne, par exemple 14/01/2027 10:30 ou"
		    " mardi 14 janvier 10h30\n");
	else
		strbuf_addstr(&d, s->errors.buf);
	if (s->n > 0) {
		strbuf_addstr(&d, en ? "Understood (nothing was sent):\n" :
		    "Créneaux compris (rien n’a été envoyé) :\n");
		for (size_t i = 0; i < s->n; i++) {
			char *l = interview_slot_label(&s->v[i], req->locale);

			strbuf_addf(&d, "  %zu. %s\n", i + 1, l);
			free(l);
		}
	}
	read_release(s);
	return mail_action_refuse(req, "invalid", strbuf_detach(&d, NULL),
	    xstrdup("unreadable interview slots"), reason_r);
}

/* propose - ENTRETIEN on an application key: the application; on an interview key: new slots */
static enum input_result
propose(struct altc *ctx, const struct mail_request *req, int64_t app_id, int64_t iv_id,
    char **reason_r)
{
	struct slot_read s;
	char *err = NULL;
	int rc;

	read_slots(req, &s);
	if (s.nerrors > 0 || s.n == 0)
		return slots_refused(req, &s, reason_r);
	if (iv_id > 0)
		rc = interview_move(ctx, iv_id, req->sender_user_id, s.v, s.n, &err);
	else
		rc = interview_propose(ctx, app_id, req->sender_user_id, s.v, s.n, NULL, &err);
	read_release(&s);
	return refuse(req, rc, err, reason_r);
}

static enum input_result
on_application(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->token == NULL || req->verb == NULL || strcmp(req->verb, "ENTRETIEN") != 0) {
		*reason_r = xstrdup("ENTRETIEN needs the key of an application");
		return INPUT_REJECTED;
	}
	return propose(ctx, req, req->token->object_id, 0, reason_r);
}

static enum input_result
on_interview(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	int64_t id;
	char *err = NULL;
	int rc;

	if (req->token == NULL || req->verb == NULL) {
		*reason_r = xstrdup("a command is needed");
		return INPUT_REJECTED;
	}
	id = req->token->object_id;
	if (strcmp(req->verb, "CRENEAU") == 0) {
		const char *p = req->args ? req->args : "";
		int64_t n = 0;

		while (*p == ' ' || *p == '#' || *p == 'n' || *p == '\xc2' || *p == '\xb0')
			p++;
		while (*p >= '0' && *p <= '9' && n < 1000)
			n = n * 10 + (*p++ - '0');
		rc = interview_book(ctx, id, req->sender_user_id, n, &err);
	} else if (strcmp(req->verb, "ANNULER") == 0)
		rc = interview_cancel(ctx, id, req->sender_user_id, &err);
	else if (strcmp(req->verb, "DEPLACER") == 0 || strcmp(req->verb, "ENTRETIEN") == 0) {
		struct slot_read s;

		read_slots(req, &s);
		if (s.nerrors > 0 || (s.n == 0 && strcmp(req->verb, "ENTRETIEN") == 0))
			return slots_refused(req, &s, reason_r);
		rc = interview_move(ctx, id, req->sender_user_id, s.v, s.n, &err);
		read_release(&s);
	} else {
		*reason_r = xasprintf("command %s not understood here", req->verb);
		return INPUT_REJECTED;
	}
	return refuse(req, rc, err, reason_r);
}

#define AUTONOMY_USAGE "AUTONOMY YES or AUTONOMY NO: whether the student's applications" \
	" go to the employer without the referent's validation"

/*
 * on_student - a referent's MESSAGE, NOTE or AUTONOMIE OUI|NON in reply to
 * any staff mail about one of their students: the student is the one the
 * key's object names (followup_student_of), whatever the mail was about
 */
static enum input_result
on_student(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	int64_t student = 0;
	char *err = NULL, *body;
	int rc, yes;

	if (req->token == NULL || req->verb == NULL) {
		*reason_r = xstrdup("a command is needed");
		return INPUT_REJECTED;
	}
	if ((rc = followup_student_of(ctx, req->token->object_type, req->token->object_id,
	    &student)) != 1) {
		if (rc < 0) {
			*reason_r = xstrdup("database: cannot find the student of the mail");
			return INPUT_TEMPFAIL;
		}
		return mail_action_refuse(req, "other", NULL, xasprintf("no student behind %s %lld",
		    req->token->object_type, (long long)req->token->object_id), reason_r);
	}
	if (strcmp(req->verb, "AUTONOMIE") == 0) {
		/* OUI or NON, then maybe a word of why */
		const char *a = req->args ? req->args : "";
		char *word = xstrndup(a, strcspn(a, " \t,;.:!"));

		yes = document_yes(word);
		free(word);
		if (yes < 0)
			return mail_action_refuse(req, "invalid", user_text(req->locale, AUTONOMY_USAGE),
			    xstrdup("AUTONOMIE without OUI or NON"), reason_r);
		rc = followup_autonomy(ctx, req->sender_user_id, student, yes, &err);
	} else {
		/* the command's arguments and the lines below it */
		const char *t = req->text ? req->text : "", *nl;

		while (*t == '\n' || *t == ' ' || *t == '\r')
			t++;
		nl = strchr(t, '\n');
		body = nl && nl[1] ? xasprintf("%s\n%s", req->args ? req->args : "", nl + 1) :
		    xstrdup(req->args ? req->args : "");
		if (*body == '\n')
			memmove(body, body + 1, strlen(body));
		rc = followup_add(ctx, req->sender_user_id, student,
		    strcmp(req->verb, "MESSAGE") == 0, body, &err);
		free(body);
	}
	return refuse(req, rc == FOLLOWUP_OK ? INTERVIEW_OK : rc == FOLLOWUP_EDB ? INTERVIEW_EDB :
	    rc == FOLLOWUP_EDENIED ? INTERVIEW_EDENIED : INTERVIEW_EINPUT, err, reason_r);
}

static const char *const application_verbs[] = { "ENTRETIEN", NULL };
static const char *const staff_verbs[] = { "MESSAGE", "NOTE", "AUTONOMIE", NULL };
static const char *const student_verbs[] = { "CRENEAU", "ANNULER", "DEPLACER", NULL };
static const char *const employer_verbs[] = { "ENTRETIEN", "ANNULER", "DEPLACER", NULL };
static const char *const relay_verbs[] = { "MESSAGE", NULL };

const struct mail_action interview_mail_actions[] = {
	/* the employer's key of an application (the application module's): its own verbs stay there */
	{ "application_employer", application_verbs, on_application, NULL, 0 },
	{ "interview_student", student_verbs, on_interview, NULL, 0 },
	{ "interview_employer", employer_verbs, on_interview, NULL, 0 },
	/* the masked relay: MESSAGE on either side's key of an application */
	{ "application_employer", relay_verbs, interview_relay_apply, NULL, 0 },
	{ "application_student", relay_verbs, interview_relay_apply, NULL, 0 },
	/* the key of a relayed message (msg+TOKEN@): a reply without a command is the message */
	{ "application_relay", relay_verbs, interview_relay_apply, "MESSAGE", 0 },
	/*
	 * the staff's keys of the mails about one student (the application's
	 * referent review, the mission sheet's review, the confirmation of a
	 * follow-up command): follow-up of the student
	 */
	{ "application_referent", staff_verbs, on_student, NULL, 0 },
	{ "mission_review", staff_verbs, on_student, NULL, 0 },
	{ "student_followup", staff_verbs, on_student, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

const struct mail_verb interview_mail_verbs[] = {
	{ "DEPLACER", "DEPLACER" }, { "RESCHEDULE", "DEPLACER" }, { "MOVE", "DEPLACER" },
	{ "REPORTER", "DEPLACER" }, { "NOTE", "NOTE" },
	{ "AUTONOMIE", "AUTONOMIE" }, { "AUTONOMY", "AUTONOMIE" },
	{ NULL, NULL }
};
