/*
 * signup_http.c - the pages of the student module behind /s/TOKEN: the
 * signup form (purpose "signup") and the staff account activation (purpose
 * "activation").  GET shows and never spends; the POST registers or
 * activates in one transaction, committed only when it succeeds, or mails
 * a fresh link when the old one expired (do=resend).
 */
#include "compat.h"

#include "altc.h"
#include "consent.h"
#include "db.h"
#include "http.h"
#include "http_pages.h"
#include "log.h"
#include "module.h"
#include "signup.h"
#include "signup_mail.h"
#include "strbuf.h"
#include "student.h"
#include "student_check.h"
#include "token.h"
#include "util.h"

/* the modules' optional fields of the form (module.h), at most this many */
#define EXTRA_MAX 32

struct extra {
	const struct profile_field *f[EXTRA_MAX];
	const char *v[EXTRA_MAX];	/* current values */
	char *err[EXTRA_MAX];		/* NULL or the field's error */
	char *file[EXTRA_MAX];		/* on file, for the first display */
	size_t n, nerr;
};

/* extra_init - the fields of every module, values POSTed or on file */
static void
extra_init(struct extra *x, const struct http_call *call, int64_t user_id)
{
	memset(x, 0, sizeof(*x));
	MODULES_EACH(m) {
		for (const struct profile_field *f = m->signup; f && f->key && x->n < EXTRA_MAX; f++) {
			x->f[x->n] = f;
			if (call->post)
				x->v[x->n] = http_call_field(call, f->key);
			else {
				x->file[x->n] = f->value ? f->value(call->ctx, user_id, call->locale) :
				    NULL;
				x->v[x->n] = x->file[x->n] ? x->file[x->n] : "";
			}
			x->n++;
		}
	}
}

/* extra_check - each field's check; the number of errors */
static size_t
extra_check(struct extra *x, const char *locale)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->f[i]->check && (x->err[i] = x->f[i]->check(x->v[i], locale)) != NULL)
			x->nerr++;
	return x->nerr;
}

/* extra_store - the non-empty values, in the signup's transaction */
static int
extra_store(struct extra *x, struct altc *ctx, int64_t user_id, char **errstr_r)
{
	for (size_t i = 0; i < x->n; i++) {
		char *v = xstrdup(x->v[i]);

		str_trim(v);
		if (*v && x->f[i]->store(ctx, user_id, v, errstr_r) < 0) {
			free(v);
			return -1;
		}
		free(v);
	}
	return 0;
}

static void
extra_release(struct extra *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->err[i]);
		free(x->file[i]);
	}
}

/* what the signup form shows */
struct page_signup {
	const char *locale;		/* "fr" or "en" */
	const char *action;		/* form target, "/s/TOKEN" */
	const char *csrf;		/* anti-forgery value */
	const char *last_name, *first_name, *email, *formation;	/* read-only */
	const char *v[SIGNUP_NFIELDS];	/* current values */
	const struct signup_errors *err;	/* NULL on first display */
	const struct extra *extra;	/* the modules' optional fields */
	int consent;			/* the consent box: 1 ticked, 0 not, -1 not ticked on a POST */
	int minor;			/* the family contact is required */
};

enum { REGISTERED, EXPIRED, RESENT, RESEND_LIMIT, ACTIVATE, ACTIVATED };

static const struct page_text pages[] = {
	[REGISTERED] = { { "Inscription confirmée", "Signup complete" },
	    { "Votre inscription est enregistrée. Vous recevrez les offres par e-mail.",
	      "Your signup is recorded. Offers will come to you by e-mail." }, { NULL, NULL },
	    NULL },
	[EXPIRED] = { { "Lien expiré", "Link expired" },
	    { "Ce lien d'inscription n'est plus valable. Nous pouvons envoyer un nouveau lien à"
	      " l'adresse connue.", "This signup link is no longer valid. We can send a new link"
	      " to the address on file." },
	    { "Envoyer un nouveau lien", "Send a new link" }, "resend" },
	[RESENT] = { { "Nouveau lien envoyé", "New link sent" },
	    { "Un nouveau lien vient d'être envoyé à l'adresse connue.",
	      "A new link was just sent to the address on file." }, { NULL, NULL }, NULL },
	[RESEND_LIMIT] = { { "Lien déjà envoyé", "Link already sent" },
	    { "Un nouveau lien a déjà été envoyé aujourd'hui à l'adresse connue : cherchez-le dans"
	      " votre messagerie (et dans les indésirables), ou réessayez demain.",
	      "A new link was already sent today to the address on file: look for it in your"
	      " mailbox (and the spam folder), or try again tomorrow." }, { NULL, NULL }, NULL },
	[ACTIVATE] = { { "Activer votre compte", "Activate your account" },
	    { "Confirmez l'activation de votre compte altconnect.",
	      "Confirm the activation of your altconnect account." },
	    { "Activer mon compte", "Activate my account" }, NULL },
	[ACTIVATED] = { { "Compte activé", "Account activated" },
	    { "Votre compte est actif.", "Your account is active." }, { NULL, NULL }, NULL },
};

/* readonly - a labelled read-only input */
static void
readonly(struct strbuf *out, const char *id, const char *label, const char *value)
{
	strbuf_addf(out, "<label for=\"%s\">", id);
	page_escape(out, label);
	strbuf_addf(out, "</label><input id=\"%s\" name=\"%s\" value=\"", id, id);
	page_escape(out, value);
	strbuf_addstr(out, "\" readonly>\n");
}

static const char *const hints[SIGNUP_NFIELDS][2] = {
	[SIGNUP_MOBILE] = { "Exemple : 06 12 34 56 78", "Example: 06 12 34 56 78" },
	[SIGNUP_FIXED] = { "Facultatif.", "Optional." },
	[SIGNUP_INE] = { "Facultatif : 11 caractères, ex. 123456789AB.",
	    "Optional: 11 characters, e.g. 123456789AB." },
	[SIGNUP_BIRTH] = { "Format jj/mm/aaaa.", "Format dd/mm/yyyy." },
	[SIGNUP_PARCOURS] = { "Facultatif.", "Optional." },
	[SIGNUP_FAMILY] = { "Nom et téléphone ou e-mail d'un parent ; obligatoire avant 18 ans.",
	    "Name and phone or e-mail of a parent; required under 18." },
};

static void
field(struct strbuf *out, const struct page_signup *p, enum signup_field f, int required)
{
	const char *key = signup_field_key(f);
	const char *err = p->err ? p->err->msg[f] : NULL;
	int en = locale_is_en(p->locale);

	strbuf_addf(out, "<label for=\"%s\">", key);
	page_escape(out, signup_field_label(f, p->locale));
	if (required)
		strbuf_addstr(out, en ? " (required)" : " (obligatoire)");
	strbuf_addf(out, "</label><p class=\"hint\" id=\"%s-hint\">", key);
	page_escape(out, hints[f][en]);
	strbuf_addstr(out, "</p>");
	if (err) {
		strbuf_addf(out, "<p class=\"err\" id=\"%s-err\">", key);
		page_escape(out, err);
		strbuf_addstr(out, "</p>");
	}
	strbuf_addf(out, "<input id=\"%s\" name=\"%s\" value=\"", key, key);
	page_escape(out, p->v[f]);
	strbuf_addf(out, "\" aria-describedby=\"%s-hint", key);
	if (err)
		strbuf_addf(out, " %s-err\" aria-invalid=\"true", key);
	strbuf_addf(out, "\"%s>\n", required ? " required" : "");
}

/* extra_field - one of the modules' optional fields, like field() */
static void
extra_field(struct strbuf *out, const struct extra *x, size_t i, const char *locale)
{
	const struct profile_field *f = x->f[i];
	int en = locale_is_en(locale);

	strbuf_addf(out, "<label for=\"%s\">", f->key);
	page_escape(out, f->label[en]);
	strbuf_addstr(out, "</label>");
	if (f->hint[en]) {
		strbuf_addf(out, "<p class=\"hint\" id=\"%s-hint\">", f->key);
		page_escape(out, f->hint[en]);
		strbuf_addstr(out, "</p>");
	}
	if (x->err[i]) {
		strbuf_addf(out, "<p class=\"err\" id=\"%s-err\">", f->key);
		page_escape(out, x->err[i]);
		strbuf_addstr(out, "</p>");
	}
	strbuf_addf(out, "<input id=\"%s\" name=\"%s\" value=\"", f->key, f->key);
	page_escape(out, x->v[i]);
	strbuf_addstr(out, "\"");
	if (f->hint[en] || x->err[i]) {
		strbuf_addstr(out, " aria-describedby=\"");
		if (f->hint[en])
			strbuf_addf(out, "%s-hint", f->key);
		if (x->err[i])
			strbuf_addf(out, "%s%s-err", f->hint[en] ? " " : "", f->key);
		strbuf_addstr(out, "\"");
	}
	if (x->err[i])
		strbuf_addstr(out, " aria-invalid=\"true\"");
	strbuf_addstr(out, ">\n");
}

static void
page_signup_form(struct strbuf *out, const struct page_signup *p)
{
	int en = locale_is_en(p->locale);
	int i;

	page_head(out, p->locale, en ? "Complete your signup" : "Finalisez votre inscription");
	if ((p->err && p->err->n > 0) || (p->extra && p->extra->nerr > 0) || p->consent < 0)
		strbuf_addf(out, "<p class=\"summary\" role=\"alert\">%s</p>\n",
		    en ? "Some fields need correcting: see the messages below." :
		    "Certains champs sont à corriger : voir les messages ci-dessous.");
	else
		strbuf_addf(out, "<p>%s</p>\n", en ?
		    "Check your details, fill in the fields below and press the button." :
		    "Vérifiez vos informations, complétez les champs ci-dessous et validez.");
	strbuf_addstr(out, "<form method=\"post\" action=\"");
	page_escape(out, p->action);
	strbuf_addstr(out, "\" novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"");
	page_escape(out, p->csrf);
	strbuf_addstr(out, "\">\n");
	readonly(out, "nom", en ? "Last name" : "Nom", p->last_name);
	readonly(out, "prenom", en ? "First name" : "Prénom", p->first_name);
	readonly(out, "formation", "Formation", p->formation);
	readonly(out, "email", "E-mail", p->email);
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		field(out, p, (enum signup_field)i, i == SIGNUP_MOBILE || i == SIGNUP_BIRTH ||
		    (i == SIGNUP_FAMILY && p->minor));
	if (p->extra && p->extra->n > 0) {
		strbuf_addf(out, "<fieldset><legend>%s</legend>\n<p class=\"hint\">%s</p>\n",
		    en ? "Your search (optional)" : "Votre recherche (facultatif)",
		    en ? "These help us recommend offers to you. You can change them later by"
		    " replying PROFILE to our mails." :
		    "Ces critères servent à vous recommander des offres. Vous pourrez les changer"
		    " plus tard en répondant PROFIL à nos messages.");
		for (size_t k = 0; k < p->extra->n; k++)
			extra_field(out, p->extra, k, p->locale);
		strbuf_addstr(out, "</fieldset>\n");
	}
	/* the consent: required, its wording recorded with the signup */
	strbuf_addstr(out, "<p class=\"consent\">");
	if (p->consent < 0) {
		strbuf_addstr(out, "<span class=\"err\" id=\"consentement-err\">");
		page_escape(out, en ? "Tick the box to accept: without it, signing up is not"
		    " possible." : "Cochez la case pour accepter : sans cela, l’inscription n’est"
		    " pas possible.");
		strbuf_addstr(out, "</span><br>");
	}
	strbuf_addf(out, "<input type=\"checkbox\" id=\"consentement\" name=\"consentement\""
	    " value=\"oui\"%s%s required> <label for=\"consentement\" style=\"display:inline;"
	    "font-weight:normal\">", p->consent > 0 ? " checked" : "", p->consent < 0 ?
	    " aria-invalid=\"true\" aria-describedby=\"consentement-err\"" : "");
	page_escape(out, consent_wording(p->locale));
	strbuf_addstr(out, " (");
	page_escape(out, en ? "required" : "obligatoire");
	strbuf_addstr(out, ")</label></p>\n");
	strbuf_addf(out, "<button type=\"submit\" name=\"do\" value=\"signup\">%s</button>\n</form>\n",
	    en ? "Complete my signup" : "Valider mon inscription");
	page_tail(out);
}


/* signup_form - the form for the token's account, with values (POSTed or on file) and errors */
static unsigned
signup_form(const struct http_call *call, struct strbuf *body, const struct signup_errors *err,
    const struct extra *extra)
{
	struct page_signup p = { 0 };
	struct user_ref u;
	char formation[256], iso[11], *file[SIGNUP_NFIELDS] = { 0 }, *e = NULL;
	struct db *db = call->ctx->db;
	int i;

	if (user_find_id(db, call->t->user_id, &u, &e) <= 0 ||
	    student_formation_label(db, u.id, formation, sizeof(formation), &e) < 0 ||
	    signup_values_on_file(db, u.id, file, &e) < 0) {
		log_warnx("http: %s", e ? e : "account vanished");
		free(e);
		signup_values_free(file);
		page_message(body, PAGE_ERROR, call->locale, NULL, NULL, NULL);
		return HTTP_UNAVAILABLE;
	}
	p.locale = call->locale;
	p.action = call->action;
	p.csrf = call->csrf;
	p.last_name = u.last_name;
	p.first_name = u.first_name;
	p.email = u.email;
	p.formation = formation;
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		p.v[i] = call->post ? http_call_field(call, signup_field_key((enum signup_field)i)) :
		    file[i];
	p.err = err;
	p.extra = extra;
	p.consent = !call->post ? 0 : *http_call_field(call, "consentement") ? 1 : -1;
	p.minor = date_parse_fr(p.v[SIGNUP_BIRTH], iso) == 0 && age_on(iso, now_epoch()) < 18;
	page_signup_form(body, &p);
	signup_values_free(file);
	return err || (extra && extra->nerr) ? HTTP_UNPROCESSABLE : HTTP_OK;
}

/* show - GET /s/TOKEN: a page, never a change */
static unsigned
show(const struct http_call *call, struct strbuf *body)
{
	const char *l = call->locale;
	struct user_ref u;
	char *e = NULL;
	int found = user_find_id(call->ctx->db, call->t->user_id, &u, &e);

	free(e);
	if (found <= 0) {
		page_message(body, PAGE_GONE, l, NULL, NULL, NULL);
		return HTTP_GONE;
	}
	if (strcmp(call->t->purpose, "activation") == 0) {
		if (call->status == TOKEN_OK && strcmp(u.state, "pending") == 0) {
			page_text(body, &pages[ACTIVATE], l, call->action, call->csrf, u.email);
			return HTTP_OK;
		}
		page_message(body, PAGE_GONE, l, NULL, NULL, NULL);
		return HTTP_GONE;
	}
	if (strcmp(u.state, "imported") != 0) {
		page_message(body, PAGE_GONE, l, NULL, NULL, NULL);
		return HTTP_GONE;
	}
	if (call->status == TOKEN_OK) {
		struct extra x;
		unsigned code;

		extra_init(&x, call, u.id);
		code = signup_form(call, body, NULL, &x);
		extra_release(&x);
		return code;
	}
	page_text(body, &pages[EXPIRED], l, call->action, call->csrf, NULL);
	return HTTP_GONE;
}

/* act - POST /s/TOKEN: one transaction, committed only on success */
static unsigned
act(const struct http_call *call, struct strbuf *body)
{
	struct db *db = call->ctx->db;
	const char *l = call->locale;
	struct signup_form f;
	struct signup_errors err;
	struct extra x = { 0 };
	char *e = NULL;
	unsigned code;
	int rc, i, consented;

	if (db_begin(db) < 0) {
		page_message(body, PAGE_ERROR, l, NULL, NULL, NULL);
		return HTTP_UNAVAILABLE;
	}
	if (strcmp(http_call_field(call, "do"), "resend") == 0) {
		rc = signup_resend(call->ctx, call->token, &e);
		rc = rc == 1 ? 100 : rc == 2 ? 101 : rc == 0 ? SIGNUP_GONE : -1;
	} else if (strcmp(call->t->purpose, "activation") == 0)
		rc = account_activate(call->ctx, call->token, NULL, &e);
	else {
		for (i = 0; i < SIGNUP_NFIELDS; i++)
			f.v[i] = http_call_field(call, signup_field_key((enum signup_field)i));
		extra_init(&x, call, call->t->user_id);
		(void)extra_check(&x, l);
		rc = signup_complete(call->ctx, call->token, &f, l, &err, NULL, &e);
		consented = *http_call_field(call, "consentement") != '\0';
		if (rc == SIGNUP_DONE && (x.nerr > 0 || !consented)) {
			err.n = 0;	/* only the optional fields need correcting */
			for (i = 0; i < SIGNUP_NFIELDS; i++)
				err.msg[i] = NULL;
			rc = SIGNUP_INVALID;
		} else if (rc == SIGNUP_DONE && (extra_store(&x, call->ctx, call->t->user_id, &e) < 0 ||
		    consent_record(call->ctx, call->t->user_id, l, "page", &e) < 0))
			rc = -1;
	}
	if ((rc == SIGNUP_DONE || rc == 100) && db_commit(db) < 0)
		rc = -1;
	else if (rc != SIGNUP_DONE && rc != 100)
		db_rollback(db);
	switch (rc) {
	case 100:
		page_text(body, &pages[RESENT], l, NULL, NULL, NULL);
		code = HTTP_OK;
		break;
	case 101:
		page_text(body, &pages[RESEND_LIMIT], l, NULL, NULL, NULL);
		code = HTTP_TOO_MANY;
		break;
	case SIGNUP_DONE:
		page_text(body, &pages[strcmp(call->t->purpose, "activation") == 0 ? ACTIVATED :
		    REGISTERED], l, NULL, NULL, NULL);
		code = HTTP_OK;
		break;
	case SIGNUP_INVALID:
		code = signup_form(call, body, &err, &x);
		break;
	case SIGNUP_EXPIRED:
		page_text(body, &pages[EXPIRED], l, call->action, call->csrf, NULL);
		code = HTTP_GONE;
		break;
	case SIGNUP_GONE:
		page_message(body, PAGE_GONE, l, NULL, NULL, NULL);
		code = HTTP_GONE;
		break;
	default:
		log_warnx("http: signup: %s", e ? e : "failed");
		page_message(body, PAGE_ERROR, l, NULL, NULL, NULL);
		code = HTTP_UNAVAILABLE;
	}
	extra_release(&x);
	free(e);
	return code;
}

static unsigned
answer(const struct http_call *call, struct strbuf *body)
{
	return call->post ? act(call, body) : show(call, body);
}

const struct http_page signup_pages[] = {
	{ "signup", answer },
	{ "activation", answer },
	{ NULL, NULL }
};
