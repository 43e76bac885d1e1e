/*
 * user_text.c - French for the engine's refusals that reach a sender.
 *
 * Each entry pairs an engine format (its %s, %lld and %zu match any text)
 * with its French; in the French, {N} is the Nth argument as written, {Ns}
 * the Nth argument read as a state name, {Nt} the Nth argument translated
 * in turn (a message quoted inside another).  The few formats that read
 * like code (the state machines') are reworded in English too.  A unit test checks that every
 * refusal written in the offer and company sources has its entry.
 */
#include "compat.h"

#include "strbuf.h"
#include "user_text.h"
#include "util.h"

#define MAX_ARGS 6
#define MAX_LEN 2000	/* longer messages are passed on as they are */
#define MAX_STEPS 200000	/* backtracking steps per format and message */

static const struct {
	const char *en, *fr;
	const char *en_out;	/* the English a person reads, when not the format itself */
} table[] = {
	/* offers */
	{ "unknown formation '%s'", "formation inconnue : « {1} »", NULL },
	{ "positions '%s' is not a number from 1 to 1000",
	    "Postes : « {1} » n’est pas un nombre de 1 à 1000", NULL },
	{ "expiry '%s' is not a date (YYYY-MM-DD)",
	    "Expiration : « {1} » n’est pas une date (AAAA-MM-JJ)", NULL },
	{ "the title is longer than 300 characters", "l’intitulé dépasse 300 caractères", NULL },
	{ "missing fields: %s", "champs manquants : {1}", NULL },
	{ "no field to change", "aucun champ à modifier : écrivez les lignes à changer, par exemple"
	    " « Lieu : Annecy »", NULL },
	{ "no offer %lld", "l’offre {1} n’existe pas", NULL },
	{ "an offer %s cannot be extended", "une offre {1s} ne peut pas être prolongée", NULL },
	{ "user %lld does not manage offer %lld", "vous ne gérez pas l’offre {2}", NULL },
	{ "the rating must be from 1 to 5", "la note doit aller de 1 à 5 (VALIDER 4, par exemple)", NULL },
	{ "a rejection needs a motif", "un rejet doit être motivé : REJETER suivi du motif", NULL },
	{ "'%s' is not the address of a staff member",
	    "« {1} » n’est pas l’adresse d’un membre de l’équipe pédagogique", NULL },
	{ "%s cannot review offers of %s", "{1} ne valide pas les offres de {2}", NULL },
	{ "the link is already %s", "la décision pour cette formation est déjà prise : offre {1s}", NULL },
	{ "only a validated offer can be recommended",
	    "seule une offre validée peut être recommandée", NULL },
	{ "the offer is already %s", "l’offre est déjà {1s}", NULL },
	{ "the offer is %s", "l’offre est {1s}", NULL },
	{ "user %lld may not review offers of %s",
	    "vous ne validez pas les offres de {2} (il faut une délégation de son responsable)", NULL },
	{ "only a ga or an admin decides on an offer without formation",
	    "seul un gestionnaire ou un administrateur décide d’une offre sans formation", NULL },
	{ "the offer targets no formation", "l’offre ne vise aucune formation", NULL },
	{ "only students search offers", "seuls les étudiants cherchent des offres", NULL },
	{ "no keyword to search for", "aucun mot-clé : écrivez CHERCHER suivi des mots à chercher", NULL },
	{ "CSV: no offer field in the header line",
	    "CSV : la première ligne ne nomme aucun champ d’offre (Intitulé, Lieu…)", NULL },
	{ "CSV: %s", "CSV illisible : {1}", NULL },
	{ "no offer in the CSV", "le fichier CSV ne contient aucune offre", NULL },
	{ "line %zu: %s", "ligne {1} : {2t}", NULL },
	{ "SIRET %s is not your company's", "le SIRET {1} n’est pas celui de votre entreprise", NULL },
	{ "'%s' is larger than %lld bytes", "« {1} » dépasse {2} octets", NULL },
	{ "not your offer", "ce n’est pas votre offre", NULL },
	/* employer accounts */
	{ "a company needs a name and a SIRET", "une entreprise a une raison sociale et un SIRET", NULL },
	{ "SIRET %s is already known", "le SIRET {1} est déjà enregistré", NULL },
	{ "'%s' is not an e-mail address", "« {1} » n’est pas une adresse e-mail", NULL },
	{ "'%s' already has an account", "« {1} » a déjà un compte", NULL },
	{ "user %lld is not an employer", "ce compte n’est pas celui d’un employeur", NULL },
	{ "the company has no referent to approve",
	    "l’entreprise n’a pas de référent pour approuver", NULL },
	{ "only the company's referent approves a collaborator",
	    "seul le référent de l’entreprise approuve un collaborateur", NULL },
	{ "no company with SIRET %s", "aucune entreprise n’a le SIRET {1}", NULL },
	{ "'%s' is not an active employer of SIRET %s",
	    "« {1} » n’est pas un employeur actif du SIRET {2}", NULL },
	{ "'%s' is not a SIRET", "« {1} » n’est pas un SIRET", NULL },
	{ "SIRET '%s' is not 14 digits", "SIRET « {1} » : il faut 14 chiffres", NULL },
	{ "SIRET '%s' of La Poste fails its check",
	    "SIRET « {1} » : ce n’est pas un SIRET valide de La Poste", NULL },
	{ "SIRET '%s' fails its check digit", "SIRET « {1} » : la clé de contrôle est fausse", NULL },
	/* documents and applications */
	{ "'%s' is not a PDF file", "« {1} » n’est pas un fichier PDF (une image ou un autre"
	    " document renommé en .pdf ?) : envoyez le PDF lui-même", NULL },
	{ "'%s' is a protected PDF: send it unprotected",
	    "« {1} » est un PDF protégé (mot de passe ou chiffrement) : envoyez-le sans protection",
	    NULL },
	{ "'%s' is a damaged PDF that cannot be opened", "« {1} » est un PDF endommagé ou incomplet"
	    " qui ne peut pas être ouvert : exportez-le à nouveau puis renvoyez-le", NULL },
	{ "only students apply to offers", "seuls les étudiants peuvent postuler", NULL },
	{ "your account is closed", "votre compte est fermé", NULL },
	{ "offer %lld is %s: it no longer takes applications",
	    "l’offre {1} est {2s} : elle ne reçoit plus de candidatures", NULL },
	{ "you already applied to offer %lld (application %s)",
	    "vous avez déjà postulé à l’offre {1} (candidature {2s}) : une seule candidature par offre",
	    NULL },
	{ "you already have %lld open applications, the most allowed",
	    "vous avez déjà {1} candidatures en cours, le maximum autorisé", NULL },
	{ "no CV: attach it as a PDF, or send it to documents@",
	    "aucun CV : joignez votre CV (PDF) à votre réponse, ou envoyez-le d’abord à documents@",
	    NULL },
	{ "document %lld is not yours", "le document {1} n’est pas le vôtre", NULL },
	{ "application %lld is not yours to decide", "cette candidature ne relève pas de vous", NULL },
	{ "a refusal needs a motif: REFUSER followed by the motif",
	    "un refus doit être motivé : REFUSER suivi du motif", NULL },
	{ "the application is already %s", "la candidature est déjà {1s}", NULL },
	{ "no application %lld", "la candidature {1} n’existe pas", NULL },
	{ "reply to a mail that shows the offer", "répondez au message qui présente l’offre", NULL },
	{ "which offer? write POSTULER followed by the offer number",
	    "quelle offre ? écrivez POSTULER suivi du numéro de l’offre", NULL },
	{ "the message is empty: MESSAGE followed by your text",
	    "le message est vide : MESSAGE suivi de votre texte", NULL },
	{ "name the document to remove: SUPPRIMER followed by its label",
	    "indiquez le document à supprimer : SUPPRIMER suivi de son libellé", NULL },
	{ "no document labelled '%s'", "aucun document n’a le libellé « {1} »", NULL },
	{ "no PDF attached: attach your CV or cover letter as a PDF file",
	    "aucun PDF joint : joignez votre CV ou votre lettre de motivation en PDF", NULL },
	{ "offer unknown", "offre inconnue", NULL },
	/* state machines */
	{ "%s %lld: no such %s", "cet élément n’existe plus", "this no longer exists" },
	{ "%s %lld: no '%s' in state %s", "impossible : l’offre est {4s}",
	    "not possible: the offer is already {4}" },
	{ "%s %lld: '%s' refused in state %s: %s", "refusé pour une offre {4s} : {5t}",
	    "refused for an offer {4}: {5}" },
};

static const struct {
	const char *en, *fr;
} states[] = {
	{ "pending", "en attente de validation" }, { "published", "publiée" },
	{ "validated", "validée" }, { "rejected", "rejetée" }, { "filled", "pourvue" },
	{ "withdrawn", "retirée" }, { "archived", "archivée" }, { "expired", "expirée" },
	{ "transferred", "transférée" }, { "draft", "en brouillon" },
	{ "referent_review", "en attente du référent" }, { "shortlisted", "recevable" },
	{ "accepted", "acceptée" }, { "refused", "refusée" }, { "abandoned", "abandonnée" },
};

/* conversion - length of the printf conversion at p, 0 if none */
static size_t
conversion(const char *p)
{
	static const char *const convs[] = { "%s", "%lld", "%zu", "%d" };

	for (size_t i = 0; i < ARRAY_SIZE(convs); i++)
		if (strncmp(p, convs[i], strlen(convs[i])) == 0)
			return strlen(convs[i]);
	return 0;
}

/*
 * match - whether s is an instance of fmt; the arguments' spans in arg/len.
 * Backtracking over several arguments can explode on a crafted message (the
 * arguments hold what people wrote): *steps bounds the work, and a message
 * that exhausts it is passed on untranslated.
 */
static int
match(const char *fmt, const char *s, const char *arg[MAX_ARGS], size_t len[MAX_ARGS], int n,
    long *steps)
{
	size_t c;

	while (*fmt && (c = conversion(fmt)) == 0) {
		if (*fmt++ != *s++)
			return 0;
	}
	if (*fmt == '\0')
		return *s == '\0';
	if (n == MAX_ARGS)
		return 0;
	for (size_t l = 0;; l++) {	/* shortest argument first */
		if (--*steps < 0)
			return 0;
		arg[n] = s;
		len[n] = l;
		if (match(fmt + c, s + l, arg, len, n + 1, steps))
			return 1;
		if (s[l] == '\0')
			return 0;
	}
}

static void
add_state(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(states); i++)
		if (strlen(states[i].en) == len && strncmp(states[i].en, s, len) == 0) {
			strbuf_addstr(out, states[i].fr);
			return;
		}
	strbuf_add(out, s, len);
}

/* expand - a template of the table with the arguments (en: the English rewording) */
static char *
expand(const char *tmpl, const char *arg[MAX_ARGS], const size_t len[MAX_ARGS], int nargs,
    int en)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = tmpl;

	while (*p) {
		int k = p[0] == '{' && p[1] >= '1' && p[1] <= '0' + nargs ? p[1] - '1' : -1;
		char kind = k >= 0 ? p[2] : 0;

		if (k >= 0 && kind == '}') {
			strbuf_add(&out, arg[k], len[k]);
			p += 3;
		} else if (k >= 0 && (kind == 's' || kind == 't') && p[3] == '}') {
			if (kind == 's' && !en)
				add_state(&out, arg[k], len[k]);
			else if (kind == 's')
				strbuf_add(&out, arg[k], len[k]);
			else {
				char *inner = xstrndup(arg[k], len[k]), *t = user_text(en ? "en" : "fr", inner);

				strbuf_addstr(&out, t);
				free(t);
				free(inner);
			}
			p += 4;
		} else
			strbuf_addch(&out, *p++);
	}
	return strbuf_detach(&out, NULL);
}

char *
user_text(const char *locale, const char *msg)
{
	const char *arg[MAX_ARGS];
	size_t len[MAX_ARGS];

	int en = locale && strcmp(locale, "en") == 0;

	if (strlen(msg) > MAX_LEN)
		return xstrdup(msg);
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		int n = 0;

		if (en && table[i].en_out == NULL)
			continue;
		for (const char *p = table[i].en; *p; p++)
			n += *p == '%' && conversion(p) > 0;
		long steps = MAX_STEPS;

		if (match(table[i].en, msg, arg, len, 0, &steps))
			return expand(en ? table[i].en_out : table[i].fr, arg, len, n, en);
	}
	return xstrdup(msg);
}

const char *const *
user_text_formats(void)
{
	static const char *list[ARRAY_SIZE(table) + 1];

	if (list[0] == NULL)
		for (size_t i = 0; i < ARRAY_SIZE(table); i++)
			list[i] = table[i].en;
	return list;
}
