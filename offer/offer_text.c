/*
 * offer_text.c - French for the refusals of the offer workflow that reach a
 * sender (user_text.h): each English format of the offer sources with its French,
 * then the offer states as people read them.
 */
#include "compat.h"

#include "offer.h"
#include "offer_int.h"
#include "user_text.h"

const struct user_text offer_texts[] = {
	{ "unknown formation '%s'", "formation inconnue : « {1} »", NULL, UT_MESSAGE },
	{ "positions '%s' is not a number from 1 to 1000",
	    "Postes : « {1} » n’est pas un nombre de 1 à 1000", NULL, UT_MESSAGE },
	{ "expiry '%s' is not a date (YYYY-MM-DD)",
	    "Expiration : « {1} » n’est pas une date (AAAA-MM-JJ)", NULL, UT_MESSAGE },
	{ "the title is longer than 300 characters", "l’intitulé dépasse 300 caractères", NULL, UT_MESSAGE },
	{ "missing fields: %s", "champs manquants : {1}", NULL, UT_MESSAGE },
	{ "no field to change", "aucun champ à modifier : écrivez les lignes à changer, par exemple"
	    " « Lieu : Annecy »", NULL, UT_MESSAGE },
	{ "no offer %lld", "l’offre {1} n’existe pas", NULL, UT_MESSAGE },
	{ "an offer %s cannot be extended", "une offre {1s} ne peut pas être prolongée", NULL, UT_MESSAGE },
	{ "user %lld does not manage offer %lld", "vous ne gérez pas l’offre {2}", NULL, UT_MESSAGE },
	{ "the rating must be from 1 to 5", "la note doit aller de 1 à 5 (VALIDER 4, par exemple)", NULL, UT_MESSAGE },
	{ "a rejection needs a motif", "un rejet doit être motivé : REJETER suivi du motif", NULL, UT_MESSAGE },
	{ "'%s' is not the address of a staff member",
	    "« {1} » n’est pas l’adresse d’un membre de l’équipe pédagogique", NULL, UT_MESSAGE },
	{ "%s cannot review offers of %s", "{1} ne valide pas les offres de {2}", NULL, UT_MESSAGE },
	{ "the link is already %s", "la décision pour cette formation est déjà prise : offre {1s}", NULL, UT_MESSAGE },
	{ "only a validated offer can be recommended",
	    "seule une offre validée peut être recommandée", NULL, UT_MESSAGE },
	{ "the offer is already %s", "l’offre est déjà {1s}", NULL, UT_MESSAGE },
	{ "the offer is %s", "l’offre est {1s}", NULL, UT_MESSAGE },
	{ "user %lld may not review offers of %s",
	    "vous ne validez pas les offres de {2} (il faut une délégation de son responsable)", NULL, UT_MESSAGE },
	{ "the account %s is not activated yet", "votre compte ({1}) n’est pas encore activé :"
	    " ouvrez d’abord le lien d’activation reçu par e-mail, puis répondez de nouveau à ce"
	    " message", NULL, UT_MESSAGE },
	{ "only a ga or an admin decides on an offer without formation",
	    "seul un gestionnaire ou un administrateur décide d’une offre sans formation", NULL, UT_MESSAGE },
	{ "the offer targets no formation", "l’offre ne vise aucune formation", NULL, UT_MESSAGE },
	{ "only students search offers", "seuls les étudiants cherchent des offres", NULL, UT_MESSAGE },
	{ "no keyword to search for", "aucun mot-clé : écrivez CHERCHER suivi des mots à chercher", NULL, UT_MESSAGE },
	{ "CSV: no offer field in the header line",
	    "CSV : la première ligne ne nomme aucun champ d’offre (Intitulé, Lieu…)", NULL, UT_MESSAGE },
	{ "CSV: %s", "CSV illisible : {1}", NULL, UT_MESSAGE },
	{ "no offer in the CSV", "le fichier CSV ne contient aucune offre", NULL, UT_MESSAGE },
	{ "line %zu: %s", "ligne {1} : {2t}", NULL, UT_MESSAGE },
	{ "SIRET %s is not your company's", "le SIRET {1} n’est pas celui de votre entreprise", NULL, UT_MESSAGE },
	{ "'%s' is larger than %lld bytes", "« {1} » dépasse {2} octets", NULL, UT_MESSAGE },
	{ "'%s' is not the address or INE of a student",
	    "« {1} » n’est ni l’adresse ni l’INE d’un étudiant : écrivez RECOMMANDER suivi de"
	    " l’adresse de l’étudiant et des numéros d’offres", NULL, UT_MESSAGE },
	{ "only a ga, an admin or the rp of a formation of %s recommends offers to them",
	    "seuls un gestionnaire, un administrateur ou le responsable d’une formation de {1}"
	    " lui recommandent des offres", NULL, UT_MESSAGE },
	{ "'%s' is not an offer number", "« {1} » n’est pas un numéro d’offre", NULL, UT_MESSAGE },
	{ "no offer number given", "aucun numéro d’offre : RECOMMANDER adresse 12 15",
	    NULL, UT_MESSAGE },
	{ "offer %lld is %s, not published", "l’offre {1} n’est pas publiée (elle est {2s})",
	    NULL, UT_MESSAGE },
	{ "not your offer", "ce n’est pas votre offre", NULL, UT_MESSAGE },
	/* the state machines' refusals, worded for an offer */
	{ "%s %lld: no such %s", "cet élément n’existe plus", "this no longer exists", UT_MESSAGE },
	{ "%s %lld: no '%s' in state %s", "impossible : l’offre est {4s}",
	    "not possible: the offer is already {4}", UT_MESSAGE },
	{ "%s %lld: '%s' refused in state %s: %s", "refusé pour une offre {4s} : {5t}",
	    "refused for an offer {4}: {5}", UT_MESSAGE },
	{ "%s is not your company: only a structure posts for partners",
	  "« {1} » n’est pas votre entreprise : seuls les utilisateurs d’une structure (OPCO, CCI,"
	  " mission locale, agence…) déposent des offres pour des entreprises partenaires", NULL,
	  UT_MESSAGE },
	{ "name the partner company: a line Entreprise with its SIRET or name",
	  "indiquez l’entreprise partenaire de l’offre : une ligne « Entreprise : » suivie de son"
	  " SIRET ou de sa raison sociale", NULL, UT_MESSAGE },
	{ "only the users of a structure share an offer",
	  "seuls les utilisateurs d’une structure partagent une offre", NULL, UT_MESSAGE },
	{ "a contact is named on the offer of a partner company only",
	  "un contact ne s’indique que sur l’offre d’une entreprise partenaire", NULL, UT_MESSAGE },
	{ "partner offers come one by one, with a line Entreprise",
	  "les offres d’une entreprise partenaire se déposent une par une, avec la ligne"
	  " « Entreprise : »", NULL, UT_MESSAGE },
	{ "the company of an offer does not change",
	  "l’entreprise d’une offre ne change pas : déposez une nouvelle offre pour une autre"
	  " entreprise", NULL, UT_MESSAGE },
	{ "only a structure's offer is shared with the structure",
	  "seule une offre déposée par l’utilisateur d’une structure se partage avec la structure",
	  NULL, UT_MESSAGE },
	{ "offer already shared with the structure",
	  "l’offre est déjà partagée avec la structure", NULL, UT_MESSAGE },
	{ "pending", "en attente de validation", NULL, UT_STATE },
	{ "published", "publiée", NULL, UT_STATE },
	{ "validated", "validée", NULL, UT_STATE },
	{ "rejected", "rejetée", NULL, UT_STATE },
	{ "filled", "pourvue", NULL, UT_STATE },
	{ "withdrawn", "retirée", NULL, UT_STATE },
	{ "archived", "archivée", NULL, UT_STATE },
	{ "expired", "expirée", NULL, UT_STATE },
	{ "transferred", "transférée", NULL, UT_STATE },
	{ "draft", "en brouillon", NULL, UT_STATE },
	{ NULL, NULL, NULL, 0 }
};
