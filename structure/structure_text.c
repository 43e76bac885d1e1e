/*
 * structure_text.c - French for the refusals of structures and their
 * partner companies that reach a sender (user_text.h).
 */
#include "compat.h"

#include "structure_int.h"
#include "user_text.h"

const struct user_text structure_texts[] = {
	{ "unknown kind of structure '%s'",
	  "type de structure inconnu « {1} » (opco, cci, cma, mission_locale, agence ou autre)",
	  NULL, UT_MESSAGE },
	{ "a structure needs a name (200 characters at most)",
	  "une structure a un nom (200 caractères au plus)", NULL, UT_MESSAGE },
	{ "a structure is already named '%s'", "une structure s’appelle déjà « {1} »", NULL,
	  UT_MESSAGE },
	{ "no structure named '%s'", "aucune structure ne s’appelle « {1} »", NULL, UT_MESSAGE },
	{ "'%s' is not an active employer's account",
	  "« {1} » n’est pas le compte d’un employeur actif", NULL, UT_MESSAGE },
	{ "'%s' is already a user of the structure %s",
	  "« {1} » fait déjà partie de la structure {2}", NULL, UT_MESSAGE },
	{ "only the users of a structure add partner companies",
	  "seuls les utilisateurs d’une structure (OPCO, CCI, mission locale, agence…) ajoutent"
	  " des entreprises partenaires ; pour inscrire votre propre entreprise, écrivez à"
	  " inscription@ sans la ligne PARTENAIRE", NULL, UT_MESSAGE },
	{ "%s (SIRET %s) already awaits validation",
	  "{1} (SIRET {2}) attend déjà la validation d’un administrateur", NULL, UT_MESSAGE },
	{ "%s (SIRET %s) is already a partner of your structure",
	  "{1} (SIRET {2}) est déjà une entreprise partenaire de votre structure", NULL,
	  UT_MESSAGE },
	{ "only an administrator validates a partner company",
	  "seul un administrateur valide une entreprise partenaire", NULL, UT_MESSAGE },
	{ "a refusal needs a reason: REFUSER followed by the reason",
	  "un refus a un motif : REFUSER suivi du motif (il est transmis à la structure)", NULL,
	  UT_MESSAGE },
	{ "no partner %lld", "cette demande de partenariat n’existe pas", NULL, UT_MESSAGE },
	{ "the partner %s is already %s",
	  "la demande de partenariat pour {1} est déjà {2s}", NULL, UT_MESSAGE },
	{ "%s is not a partner of your structure",
	  "« {1} » n’est pas une entreprise partenaire de votre structure : ajoutez-la d’abord"
	  " (écrivez à offres@ avec sur la première ligne PARTENAIRE, puis ses lignes SIRET,"
	  " Raison sociale, Adresse, Code postal et Ville)", NULL, UT_MESSAGE },
	{ "several partners are named %s: give the SIRET",
	  "plusieurs entreprises partenaires s’appellent « {1} » : indiquez le SIRET", NULL,
	  UT_MESSAGE },
	{ "the partner %s awaits an administrator's validation",
	  "l’entreprise partenaire {1} attend encore la validation d’un administrateur : l’offre"
	  " pourra être déposée une fois le partenariat validé", NULL, UT_MESSAGE },
	{ "the partner %s was refused: %s",
	  "le partenariat avec {1} a été refusé : {2}", NULL, UT_MESSAGE },
	{ "%s is not a contact of %s",
	  "{1} n’est pas un contact connu de {2} : indiquez-le dans la demande de partenariat"
	  " (ligne Contact), ou la personne s’inscrit comme collaborateur de l’entreprise",
	  NULL, UT_MESSAGE },
	{ NULL, NULL, NULL, 0 }
};
