/*
 * admission_mail.c - admissions by mail.  At formations@ anyone gets the
 * catalogue; INSCRIPTION with its form lines signs a candidate up (the
 * address is confirmed by reply or link), CANDIDATER codes applies from a
 * confirmed address.  On the candidate's keys: pieces (PDF attachments with
 * "Pièce : libellé" lines or named after the piece, INCAPACITE libellé :
 * raison), ABANDONNER.  On the staff's key (the rp's, or a delegated
 * ga's, checked again when used): RECLAMER libellé : motif (or
 * REFUSER PIECE ...), ENTRETIEN with one slot (a convocation) or several (a
 * choice: the candidate answers CRENEAU n, may ANNULER or DEPLACER), ANNULER
 * (the interview), ADMIS, ATTENTE, REFUSER motif.
 */
#include "compat.h"

#include <ctype.h>

#include "admission.h"
#include "admission_mail.h"
#include "altc.h"
#include "config.h"
#include "db.h"
#include "document_check.h"
#include "http.h"
#include "interview_slot.h"
#include "mail_action.h"
#include "status.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

static int
is_en(const struct mail_request *req)
{
	return locale_is_en(req->locale);
}

static const char signup_form_fr[] =
	"INSCRIPTION\nNom :\nPrénom :\nDate de naissance : jj/mm/aaaa\nTéléphone : (facultatif)\n";
static const char signup_form_en[] =
	"INSCRIPTION\nLast name:\nFirst name:\nDate of birth: dd/mm/yyyy\nPhone: (optional)\n";

/* signup - INSCRIPTION and its form lines */
static enum input_result
signup(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	const char *lang = mail_form_get(req, "langues");	/* "Langue", "Language" */
	struct admission_signup s;
	char *err = NULL;
	int rc;

	if (admission_signup_parse(req->form, req->nform, now_epoch(), &s, &err) < 0) {
		char *t = user_text(req->locale, err);
		enum input_result r = mail_action_refuse(req, "missing_fields", xasprintf(is_en(req) ?
		    "%s.\n\nWrite again with the form below filled in:\n%s" :
		    "%s.\n\nÉcrivez à nouveau avec le formulaire ci-dessous complété :\n%s",
		    t, is_en(req) ? signup_form_en : signup_form_fr), err, reason_r);

		free(t);
		return r;
	}
	rc = admission_signup(ctx, req->sender, lang && (text_fold_eq(lang, "en", 1) ||
	    text_fold_eq(lang, "english", 1) || text_fold_eq(lang, "anglais", 1)) ? "en" :
	    lang && text_fold_eq(lang, "francais", 1) ? "fr" : req->locale, &s, &err);
	admission_signup_release(&s);
	return mail_action_result(req, rc, err, reason_r);
}

/* candidate_of_sender - the confirmed candidate writing from req->sender; 0 refused (answered) */
static int64_t
candidate_of_sender(struct altc *ctx, const struct mail_request *req, enum input_result *res,
    char **reason_r)
{
	char state[16], *err = NULL;
	int64_t id;
	int rc = admission_candidate_by_email(ctx, req->sender, &id, state, &err);

	if (rc < 0) {
		*res = mail_action_result(req, ACT_EDB, err, reason_r);
		return 0;
	}
	if (rc == 0) {
		*res = mail_action_refuse(req, "unknown_sender", xasprintf(is_en(req) ?
		    "This address has not signed up as a candidate. Write to formations@%s:\n\n%s" :
		    "Cette adresse n’est pas inscrite comme candidat. Écrivez à formations@%s :\n\n%s",
		    config_str(ctx->cfg, "mail.domain"), is_en(req) ? signup_form_en : signup_form_fr),
		    xasprintf("'%s' is not a candidate", req->sender), reason_r);
		return 0;
	}
	if (strcmp(state, "confirmed") != 0) {
		*res = mail_action_refuse(req, "not_possible", xstrdup(is_en(req) ?
		    "Your address is not confirmed yet: answer the confirmation mail first"
		    " (or click its link)." :
		    "Votre adresse n’est pas encore confirmée : répondez d’abord au message de"
		    " confirmation (ou cliquez sur son lien)."),
		    xasprintf("candidate '%s' not confirmed", req->sender), reason_r);
		return 0;
	}
	return id;
}

/* apply - CANDIDATER code1, code2 */
static enum input_result
apply(struct altc *ctx, const struct mail_request *req, int64_t cand, char **reason_r)
{
	char **codes, *err = NULL;
	size_t n;
	int rc;

	if (admission_codes_parse(req->args, &codes, &n, &err) < 0)
		return mail_action_result(req, ACT_EINPUT, err, reason_r);
	rc = admission_apply(ctx, cand, codes, n, &err);
	admission_codes_free(codes, n);
	return mail_action_result(req, rc, err, reason_r);
}

/* stem - a file name without its extension */
static char *
stem(const char *filename)
{
	const char *dot = strrchr(filename, '.');

	return xstrndup(filename, dot && dot != filename ? (size_t)(dot - filename) :
	    strlen(filename));
}

/* pieces - the attachments and declarations of a mail, for one dossier or all (0) */
static enum input_result
pieces(struct altc *ctx, const struct mail_request *req, int64_t cand, int64_t dossier,
    char **reason_r)
{
	size_t max = (size_t)config_int(ctx->cfg, "documents.max_bytes");
	struct admission_decl *d;
	struct admission_piece_in *in;
	char **stems;
	size_t nd, np = 0, ni = 0, n = 0;
	char *err = NULL;
	enum input_result res;
	int rc;

	if (admission_decls_parse(req->text, &d, &nd, &err) < 0)
		return mail_action_result(req, ACT_EINPUT, err, reason_r);
	for (size_t i = 0; i < nd; i++)
		d[i].reason ? ni++ : np++;
	for (size_t i = 0; i < req->nattachments; i++) {
		const struct mail_attachment *a = &req->attachments[i];

		if (document_check(a->filename, a->data, a->len, max, &err) != DOCUMENT_OK) {
			char *t = user_text(req->locale, err);

			admission_decls_free(d, nd);
			res = mail_action_refuse(req, "invalid", xasprintf(is_en(req) ?
			    "%s. Each piece is a PDF of at most %zu MB: nothing of this mail was kept." :
			    "%s. Chaque pièce est un PDF d’au plus %zu Mo : rien de ce message n’a été"
			    " enregistré.", t, max / 1000000), err, reason_r);
			free(t);
			return res;
		}
	}
	if (np > 0 && np != req->nattachments) {
		admission_decls_free(d, nd);
		return mail_action_result(req, ACT_EINPUT, xasprintf("%zu PDF attached but %zu"
		    " 'Pièce :' lines: one line per attachment, in the same order",
		    req->nattachments, np), reason_r);
	}
	if (req->nattachments == 0 && ni == 0) {
		admission_decls_free(d, nd);
		return mail_action_result(req, ACT_EINPUT, xstrdup("no piece in your mail: attach"
		    " each piece as a PDF with a line 'Pièce : label', or write"
		    " 'INCAPACITE label : reason'"), reason_r);
	}
	in = xcalloc(req->nattachments + ni, sizeof(*in));
	stems = xcalloc(req->nattachments + 1, sizeof(*stems));
	for (size_t i = 0, k = 0; i < req->nattachments; i++) {
		const struct mail_attachment *a = &req->attachments[i];

		while (np && d[k].reason)
			k++;
		stems[i] = np ? NULL : stem(a->filename);
		in[n].label = np ? d[k++].label : stems[i];
		in[n].filename = a->filename;
		in[n].data = a->data;
		in[n++].len = a->len;
	}
	for (size_t i = 0; i < nd; i++)
		if (d[i].reason) {
			in[n].label = d[i].label;
			in[n++].reason = d[i].reason;
		}
	rc = admission_add_pieces(ctx, cand, dossier, in, n, &err);
	res = mail_action_result(req, rc, err, reason_r);
	for (size_t i = 0; i < req->nattachments; i++)
		free(stems[i]);
	free(stems);
	free(in);
	admission_decls_free(d, nd);
	return res;
}

/*
 * answered - the result of an action whose message it wrote in *err: read
 * after the call (an argument beside the call could be read before it)
 */
static enum input_result
answered(const struct mail_request *req, int rc, char **err, char **reason_r)
{
	return mail_action_result(req, rc, *err, reason_r);
}

static int
verb_is(const struct mail_request *req, const char *v)
{
	return req->verb && strcmp(req->verb, v) == 0;
}

/* formations - formations@: the catalogue, INSCRIPTION, CANDIDATER, pieces */
static enum input_result
formations(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	enum input_result res = INPUT_REJECTED;
	char *err = NULL;
	int64_t cand;

	if (verb_is(req, "INSCRIPTION"))
		return signup(ctx, req, reason_r);
	/* pieces sent here rather than on a key: from the candidate's confirmed address */
	if (verb_is(req, "POSTULER") || verb_is(req, "PIECE") || verb_is(req, "INCAPACITE") ||
	    (req->verb == NULL && req->nattachments > 0)) {
		if ((cand = candidate_of_sender(ctx, req, &res, reason_r)) == 0)
			return res;
		return verb_is(req, "POSTULER") ? apply(ctx, req, cand, reason_r) :
		    pieces(ctx, req, cand, 0, reason_r);
	}
	/* anything else, a question in words included, gets the catalogue */
	return answered(req, admission_catalogue(ctx, req->sender, req->locale, &err),
	    &err, reason_r);
}

/* owner - the key's candidate must be the sender; 0 refused */
static int64_t
owner(struct altc *ctx, const struct mail_request *req, int64_t cand, char **reason_r)
{
	char *email = admission_candidate_email(ctx, cand);
	int same = email && strcasecmp(email, req->sender) == 0;

	free(email);
	if (same)
		return cand;
	(void)mail_action_refuse(req, "wrong_sender", NULL,
	    xasprintf("sender %s is not the candidate of the key", req->sender), reason_r);
	return 0;
}

/* confirm - a reply (or CONFIRMER) to the confirmation mail */
static enum input_result
confirm(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *err = NULL;

	if (owner(ctx, req, req->token->object_id, reason_r) == 0)
		return INPUT_REJECTED;
	return answered(req, admission_confirm(ctx, req->token->object_id, &err), &err,
	    reason_r);
}

/* candidate - the key of a confirmed candidate: CANDIDATER, the catalogue, pieces, ABANDONNER code */
static enum input_result
candidate(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	int64_t cand = owner(ctx, req, req->token->object_id, reason_r);
	char *err = NULL, code[64];

	if (cand == 0)
		return INPUT_REJECTED;
	if (verb_is(req, "POSTULER"))
		return apply(ctx, req, cand, reason_r);
	if (verb_is(req, "CATALOGUE"))
		return answered(req, admission_catalogue(ctx, req->sender, req->locale,
		    &err), &err, reason_r);
	if (verb_is(req, "ABANDONNER")) {
		(void)xstrlcpy(code, req->args ? req->args : "", sizeof(code));
		code[strcspn(code, " ,;")] = '\0';
		if (*code == '\0')
			return mail_action_result(req, ACT_EINPUT, xstrdup("ABANDONNER needs the"
			    " formation's code here, or answer the mail of the dossier"), reason_r);
		return answered(req, admission_abandon(ctx, cand, 0, code, &err), &err,
		    reason_r);
	}
	return pieces(ctx, req, cand, 0, reason_r);
}

/* dossier - the key of one dossier: pieces for it (and the others asking for them), ABANDONNER */
static enum input_result
dossier(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	int64_t id = req->token->object_id, cand;
	char *err = NULL;

	if ((cand = owner(ctx, req, admission_dossier_candidate(ctx, id), reason_r)) == 0)
		return INPUT_REJECTED;
	if (verb_is(req, "ABANDONNER"))
		return answered(req, admission_abandon(ctx, cand, id, NULL, &err), &err,
		    reason_r);
	if (verb_is(req, "CRENEAU"))
		return answered(req, admission_book(ctx, id, cand,
		    admission_slot_number(req->args), &err), &err, reason_r);
	if (verb_is(req, "ANNULER"))
		return answered(req, admission_interview_cancel(ctx, id, 0, cand, &err),
		    &err, reason_r);
	if (verb_is(req, "DEPLACER")) {
		char *msg = mail_request_text(req);
		int rc = admission_interview_move(ctx, id, cand, msg, &err);

		free(msg);
		return mail_action_result(req, rc, err, reason_r);
	}
	return pieces(ctx, req, cand, id, reason_r);
}

/* skip_word - args past a leading word (any case and accents), or NULL when it is not there */
static const char *
skip_word(const char *args, const char *const *words)
{
	for (; *words; words++) {
		size_t l = strlen(*words);

		if (strncasecmp(args, *words, l) == 0 && (args[l] == '\0' || args[l] == ' ' ||
		    args[l] == ':')) {
			args += l;
			while (*args == ' ' || *args == ':')
				args++;
			return args;
		}
	}
	return NULL;
}

/*
 * convene - ENTRETIEN and its slots, one a line or ';'-separated ("mardi 14
 * janvier 10h30; jeudi 16 janvier 14h"), a "Lieu :" or "Visio :" line: one
 * slot convenes the candidate, several are a choice
 */
static enum input_result
convene(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *text = mail_request_text(req), *err = NULL;
	struct interview_slot v[SLOT_MAX];
	const char *place = mail_form_get(req, "lieu");
	size_t n;
	int rc;

	if (place == NULL || *place == '\0')
		place = mail_form_get(req, "visio");
	rc = admission_slots_parse(text, now_epoch(), v, SLOT_MAX, &n, &err);
	free(text);
	if (rc < 0)
		return mail_action_result(req, ACT_EINPUT, err, reason_r);
	for (size_t i = 0; place && *place && i < n; i++) {
		free(v[i].location);
		v[i].location = xstrdup(place);
	}
	rc = admission_convene(ctx, req->token->object_id, req->sender_user_id, v, n, &err);
	for (size_t i = 0; i < n; i++)
		interview_slot_release(&v[i]);
	return mail_action_result(req, rc, err, reason_r);
}

/* staff - the key of a transmitted dossier, the rp's or a delegated ga's */
static enum input_result
staff(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	static const char *const piece_words[] = { "pièce", "pièces", "piece", "pieces", "PIÈCE",
	    NULL };
	static const char *const waitlist_words[] = { "d'attente", "d’attente", "dattente", NULL };
	int64_t id = req->token->object_id, me = req->sender_user_id;
	const char *args = req->args ? req->args : "", *rest = NULL;
	char *label, *reason, *err = NULL;
	int rc;

	/* a key outlives a delegation withdrawn or an rp replaced */
	if (!admission_may_act(ctx, id, me))
		return mail_action_result(req, ACT_EDENIED, xstrdup("only the formation's rp or a"
		    " ga delegated for it decides on this dossier"), reason_r);
	if (verb_is(req, "ENTRETIEN"))
		return convene(ctx, req, reason_r);
	if (verb_is(req, "ANNULER"))
		return answered(req, admission_interview_cancel(ctx, id, me, 0, &err),
		    &err, reason_r);
	if (verb_is(req, "ADMIS"))
		return answered(req, admission_decide(ctx, id, me, "admit", args, &err),
		    &err, reason_r);
	if (verb_is(req, "ATTENTE")) {
		if ((rest = skip_word(args, waitlist_words)) != NULL)
			args = rest;
		return answered(req, admission_decide(ctx, id, me, "waitlist", args,
		    &err), &err, reason_r);
	}
	if (verb_is(req, "REFUSER") && (rest = skip_word(args, piece_words)) == NULL)
		return answered(req, admission_decide(ctx, id, me, "refuse", args, &err),
		    &err, reason_r);
	if (verb_is(req, "REFUSER"))
		args = rest;
	if (admission_label_reason(args, &label, &reason) < 0)
		return mail_action_result(req, ACT_EINPUT, xstrdup("say which piece and why:"
		    " RECLAMER piece : reason"), reason_r);
	rc = admission_refuse_piece(ctx, id, me, label, reason, &err);
	free(label);
	free(reason);
	return mail_action_result(req, rc, err, reason_r);
}

/* link_confirm - the button of the confirmation link: the same as a reply */
static int
link_confirm(struct altc *ctx, const struct token_info *t, char **errstr_r)
{
	return admission_confirm(ctx, t->object_id, errstr_r) == ACT_OK ? 0 : -1;
}

const struct http_action admission_links[] = {
	{ "admission_confirm", link_confirm, { "Confirmer votre adresse e-mail de candidat.",
	    "Confirm your e-mail address as a candidate." }, NULL },
	{ NULL, NULL, { NULL, NULL }, NULL }
};

static const char *const formations_verbs[] = { "CATALOGUE", "INSCRIPTION", "POSTULER", "PIECE",
	"INCAPACITE", NULL };
static const char *const confirm_verbs[] = { "CONFIRMER", NULL };
static const char *const candidate_verbs[] = { "POSTULER", "CATALOGUE", "PIECE", "INCAPACITE",
	"ABANDONNER", NULL };
static const char *const dossier_verbs[] = { "PIECE", "INCAPACITE", "ABANDONNER", "CRENEAU",
	"ANNULER", "DEPLACER", NULL };
static const char *const staff_verbs[] = { "RECLAMER", "REFUSER", "ENTRETIEN", "ADMIS",
	"ATTENTE", "ANNULER", NULL };

const struct mail_action admission_mail_actions[] = {
	{ "formations", formations_verbs, formations, NULL, 0 },
	{ "admission_confirm", confirm_verbs, confirm, "CONFIRMER", 0 },
	{ "admission_candidate", candidate_verbs, candidate, "PIECE", 0 },
	{ "admission_dossier", dossier_verbs, dossier, "PIECE", 0 },
	{ "admission_staff", staff_verbs, staff, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

const struct mail_verb admission_mail_verbs[] = {
	{ "INSCRIPTION", "INSCRIPTION" }, { "SIGNUP", "INSCRIPTION" }, { "INSCRIRE", "INSCRIPTION" },
	{ "CATALOGUE", "CATALOGUE" }, { "CATALOG", "CATALOGUE" }, { "FORMATIONS", "CATALOGUE" },
	{ "PIECE", "PIECE" }, { "PIECES", "PIECE" },
	{ "INCAPACITE", "INCAPACITE" }, { "INCAPACITY", "INCAPACITE" },
	{ "RECLAMER", "RECLAMER" }, { "REDEMANDER", "RECLAMER" },
	{ "ADMIS", "ADMIS" }, { "ADMISE", "ADMIS" }, { "ADMETTRE", "ADMIS" }, { "ADMIT", "ADMIS" },
	{ "ATTENTE", "ATTENTE" }, { "LISTE", "ATTENTE" }, { "WAITLIST", "ATTENTE" },
	{ NULL, NULL }
};
