/*
 * application_text.c - French for the refusals of applications and
 * documents that reach a sender (user_text.h), and the application states
 * as people read them.
 */
#include "compat.h"

#include "application_mail.h"

const struct user_text application_texts[] = {
	{ "'%s' is not a PDF file", "« {1} » n’est pas un fichier PDF (une image ou un autre"
	    " document renommé en .pdf ?) : envoyez le PDF lui-même", NULL, UT_MESSAGE },
	{ "'%s' is a protected PDF: send it unprotected",
	    "« {1} » est un PDF protégé (mot de passe ou chiffrement) : envoyez-le sans protection",
	    NULL, UT_MESSAGE },
	{ "'%s' is a damaged PDF that cannot be opened", "« {1} » est un PDF endommagé ou incomplet"
	    " qui ne peut pas être ouvert : exportez-le à nouveau puis renvoyez-le", NULL, UT_MESSAGE },
	{ "only students apply to offers", "seuls les étudiants peuvent postuler", NULL, UT_MESSAGE },
	{ "your account is closed", "votre compte est fermé", NULL, UT_MESSAGE },
	{ "offer %lld is %s: it no longer takes applications",
	    "l’offre {1} est {2s} : elle ne reçoit plus de candidatures", NULL, UT_MESSAGE },
	{ "you already applied to offer %lld (application %s)",
	    "vous avez déjà postulé à l’offre {1} (candidature {2s}) : une seule candidature par offre",
	    NULL, UT_MESSAGE },
	{ "you already have %lld open applications, the most allowed",
	    "vous avez déjà {1} candidatures en cours, le maximum autorisé", NULL, UT_MESSAGE },
	{ "no CV: attach it as a PDF, or send it to documents@",
	    "aucun CV : joignez votre CV (PDF) à votre réponse, ou envoyez-le d’abord à documents@",
	    NULL, UT_MESSAGE },
	{ "document %lld is not yours", "le document {1} n’est pas le vôtre", NULL, UT_MESSAGE },
	{ "application %lld is not yours to decide", "cette candidature ne relève pas de vous", NULL, UT_MESSAGE },
	{ "application %lld is not yours", "la candidature {1} n’est pas la vôtre", NULL, UT_MESSAGE },
	{ "this application is closed", "cette candidature est close", NULL, UT_MESSAGE },
	{ "no referent follows you: ask your formation's team",
	  "aucun référent ne vous suit : adressez-vous à l’équipe de votre formation", NULL,
	  UT_MESSAGE },
	{ "application %lld is no longer in review",
	  "la candidature {1} n’est plus en attente de validation : elle a déjà été transmise ou"
	  " arrêtée", NULL, UT_MESSAGE },
	{ "a refusal needs a motif: REFUSER followed by the motif",
	    "un refus doit être motivé : REFUSER suivi du motif", NULL, UT_MESSAGE },
	{ "the application is already %s", "la candidature est déjà {1s}", NULL, UT_MESSAGE },
	{ "no application %lld", "la candidature {1} n’existe pas", NULL, UT_MESSAGE },
	{ "reply to a mail that shows the offer", "répondez au message qui présente l’offre", NULL, UT_MESSAGE },
	{ "which offer? write POSTULER followed by the offer number",
	    "quelle offre ? écrivez POSTULER suivi du numéro de l’offre", NULL, UT_MESSAGE },
	{ "the message is empty: MESSAGE followed by your text",
	    "le message est vide : MESSAGE suivi de votre texte", NULL, UT_MESSAGE },
	{ "name the document to remove: SUPPRIMER followed by its label",
	    "indiquez le document à supprimer : SUPPRIMER suivi de son libellé", NULL, UT_MESSAGE },
	{ "no document labelled '%s'", "aucun document n’a le libellé « {1} »", NULL, UT_MESSAGE },
	{ "no PDF attached: attach your CV or cover letter as a PDF file",
	    "aucun PDF joint : joignez votre CV ou votre lettre de motivation en PDF", NULL, UT_MESSAGE },
	{ "offer unknown", "offre inconnue", NULL, UT_MESSAGE },
	{ "%s does not take spontaneous applications",
	  "{1} ne reçoit pas de candidatures spontanées : répondez plutôt à ses offres (CHERCHER"
	  " suivi de mots-clés pour les trouver)", NULL, UT_MESSAGE },
	{ "%s has nobody to read a spontaneous application",
	  "{1} n’a encore personne sur la plateforme pour lire une candidature spontanée", NULL,
	  UT_MESSAGE },
	{ "no such company on the platform", "cette entreprise n’est pas sur la plateforme", NULL,
	  UT_MESSAGE },
	{ "you already wrote to %s (application %s)",
	  "vous avez déjà envoyé une candidature spontanée à {1} (candidature {2s})", NULL,
	  UT_MESSAGE },
	{ "only a company's referent sets its spontaneous applications",
	  "seul le référent d’une entreprise décide si elle reçoit des candidatures spontanées",
	  NULL, UT_MESSAGE },
	{ "SPONTANEES OUI or SPONTANEES NON",
	  "écrivez SPONTANEES OUI pour recevoir les candidatures spontanées, SPONTANEES NON pour"
	  " ne plus en recevoir", NULL, UT_MESSAGE },
	{ "no open offer %lld", "aucune offre ouverte n’a le numéro {1}", NULL, UT_MESSAGE },
	{ "a spontaneous application is shortlisted or refused",
	  "une candidature spontanée est jugée recevable (RECEVABLE) ou refusée : le contrat"
	  " suit une offre", NULL, UT_MESSAGE },
	{ "spontaneous application from unknown sender '%s'",
	  "cette adresse n’est pas celle d’un étudiant inscrit", NULL, UT_MESSAGE },
	{ "the advice is empty: CONSEIL followed by your text",
	    "le conseil est vide : CONSEIL suivi de votre texte", NULL, UT_MESSAGE },
	{ "referent_review", "en attente du référent", NULL, UT_STATE },
	{ "shortlisted", "recevable", NULL, UT_STATE },
	{ "accepted", "acceptée", NULL, UT_STATE },
	{ "refused", "refusée", NULL, UT_STATE },
	{ "abandoned", "abandonnée", NULL, UT_STATE },
	{ NULL, NULL, NULL, 0 }
};
