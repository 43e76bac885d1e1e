/*
 * company_text.c - French for the refusals of employer accounts, SIRET
 * checks and SIRENE register checks that reach a sender (user_text.h).
 */
#include "compat.h"

#include "company.h"
#include "company_mail.h"
#include "user_text.h"

const struct user_text company_texts[] = {
	{ "a company needs a name and a SIRET", "une entreprise a une raison sociale et un SIRET", NULL, UT_MESSAGE },
	{ "SIRET %s is already known", "le SIRET {1} est déjà enregistré", NULL, UT_MESSAGE },
	{ "'%s' is not an e-mail address", "« {1} » n’est pas une adresse e-mail", NULL, UT_MESSAGE },
	{ "'%s' already has an account", "« {1} » a déjà un compte", NULL, UT_MESSAGE },
	{ "user %lld is not an employer", "ce compte n’est pas celui d’un employeur", NULL, UT_MESSAGE },
	{ "the company has no referent to approve",
	    "l’entreprise n’a pas de référent pour approuver", NULL, UT_MESSAGE },
	{ "only the company's referent approves a collaborator",
	    "seul le référent de l’entreprise approuve un collaborateur", NULL, UT_MESSAGE },
	{ "no company with SIRET %s", "aucune entreprise n’a le SIRET {1}", NULL, UT_MESSAGE },
	{ "'%s' is not an active employer of SIRET %s",
	    "« {1} » n’est pas un employeur actif du SIRET {2}", NULL, UT_MESSAGE },
	{ "only the company's referent hands the role over",
	    "seul le référent de l’entreprise peut transmettre son rôle", NULL, UT_MESSAGE },
	{ "'%s' is not another active employer of your company",
	    "« {1} » n’est pas un autre employeur actif de votre entreprise (il doit d’abord"
	    " s’inscrire et être approuvé)", NULL, UT_MESSAGE },
	{ "'%s' is not a SIRET", "« {1} » n’est pas un SIRET", NULL, UT_MESSAGE },
	{ "SIRET '%s' is not 14 digits", "SIRET « {1} » : il faut 14 chiffres", NULL, UT_MESSAGE },
	{ "SIRET '%s' of La Poste fails its check",
	    "SIRET « {1} » : ce n’est pas un SIRET valide de La Poste", NULL, UT_MESSAGE },
	{ "SIRET '%s' fails its check digit", "SIRET « {1} » : la clé de contrôle est fausse", NULL, UT_MESSAGE },
	{ "SIRET %s is not in the SIRENE register",
	    "SIRET inconnu du répertoire SIRENE : {1} ; vérifiez le numéro (celui de"
	    " l’établissement, 14 chiffres)", NULL, UT_MESSAGE },
	{ "SIRET %s: establishment closed in the SIRENE register",
	    "SIRET {1} : établissement fermé selon le répertoire SIRENE ; indiquez le SIRET d’un"
	    " établissement en activité", NULL, UT_MESSAGE },
	{ "SIRET %s: company ceased in the SIRENE register",
	    "SIRET {1} : entreprise cessée selon le répertoire SIRENE", NULL, UT_MESSAGE },
	{ "which company? give its SIRET or its name",
	    "quelle entreprise ? indiquez son SIRET ou sa raison sociale", NULL, UT_MESSAGE },
	{ "no company named '%s' on the platform",
	    "aucune entreprise de la plateforme ne s’appelle « {1} » ; indiquez son SIRET", NULL,
	    UT_MESSAGE },
	{ "several companies are named '%s': give the SIRET",
	    "plusieurs entreprises s’appellent « {1} » : indiquez le SIRET", NULL, UT_MESSAGE },
	{ "no company %lld", "l’entreprise n’existe pas", NULL, UT_MESSAGE },
	{ NULL, NULL, NULL, 0 }
};
