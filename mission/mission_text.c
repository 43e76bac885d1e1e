/*
 * mission_text.c - French for the refusals of mission sheets that reach a
 * sender (user_text.h), and the sheet's states as people read them.
 */
#include "compat.h"

#include "mission_mail.h"

const struct user_text mission_texts[] = {
	{ "user %lld is not a student", "ce compte n’est pas celui d’un étudiant", NULL, UT_MESSAGE },
	{ "application %lld already has mission sheet %lld",
	    "cette candidature a déjà sa fiche mission (n° {2})", NULL, UT_MESSAGE },
	{ "start date '%s' is not a date (DD/MM/YYYY)",
	    "Date de début : « {1} » n’est pas une date (JJ/MM/AAAA)", NULL, UT_MESSAGE },
	{ "end date '%s' is not a date (DD/MM/YYYY)",
	    "Date de fin : « {1} » n’est pas une date (JJ/MM/AAAA)", NULL, UT_MESSAGE },
	{ "the end date is not after the start date",
	    "la date de fin doit venir après la date de début", NULL, UT_MESSAGE },
	{ "no mission sheet %lld", "la fiche mission {1} n’existe pas", NULL, UT_MESSAGE },
	{ "user %lld may not edit mission sheet %lld",
	    "seuls l’étudiant et son employeur modifient cette fiche mission", NULL, UT_MESSAGE },
	{ "user %lld may not submit mission sheet %lld",
	    "seuls l’étudiant et son employeur soumettent cette fiche mission", NULL, UT_MESSAGE },
	{ "user %lld may not review mission sheet %lld",
	    "vous ne validez pas les fiches mission de cette formation (il faut en être le"
	    " responsable ou avoir sa délégation)", NULL, UT_MESSAGE },
	{ "the mission sheet is already %s", "la fiche mission est déjà {1s}", NULL, UT_MESSAGE },
	{ "only a student or an employer sends a mission sheet",
	    "seuls un étudiant ou un employeur envoient une fiche mission", NULL, UT_MESSAGE },
	{ "'%s' is not the address of a student",
	    "« {1} » n’est pas l’adresse d’un étudiant inscrit", NULL, UT_MESSAGE },
	{ "a mission sheet follows an accepted application",
	    "la fiche mission vient après une candidature acceptée", NULL, UT_MESSAGE },
	{ "submitted", "soumise à validation", NULL, UT_STATE },
	{ NULL, NULL, NULL, 0 }
};
