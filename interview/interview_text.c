/*
 * interview_text.c - French for the refusals of the interview workflow
 * that reach a sender (user_text.h), and its states as people read them.
 */
#include "compat.h"

#include "interview_mail.h"
#include "user_text.h"

const struct user_text interview_texts[] = {
	{ "unreadable slot '%s': no date", "créneau illisible « {1} » : aucune date reconnue"
	    " (par exemple 14/01/2027 10:30 ou mardi 14 janvier 10h30)", NULL, UT_MESSAGE },
	{ "unreadable slot '%s': no time", "créneau illisible « {1} » : aucune heure reconnue"
	    " (par exemple 10h30 ou 10:30)", NULL, UT_MESSAGE },
	{ "slot '%s': that date does not exist", "« {1} » : cette date n’existe pas", NULL, UT_MESSAGE },
	{ "slot '%s': that day is a %s", "« {1} » : ce jour-là est un {2}", NULL, UT_MESSAGE },
	{ "slot '%s': that time does not exist (clocks go forward)", "« {1} » : cette heure"
	    " n’existe pas ce jour-là (passage à l’heure d’été)", NULL, UT_MESSAGE },
	{ "slot '%s' is in the past", "« {1} » est déjà passé", NULL, UT_MESSAGE },
	{ "slot '%s': the end is before the start", "« {1} » : la fin précède le début", NULL,
	    UT_MESSAGE },
	{ "slot '%s': the duration is not plausible", "« {1} » : cette durée n’est pas plausible"
	    " (8 heures au plus)", NULL, UT_MESSAGE },
	{ "give between 1 and %lld slots, one a line", "proposez de 1 à {1} créneaux, un par ligne",
	    NULL, UT_MESSAGE },
	{ "the interview is booked: DEPLACER to move it", "l’entretien est déjà fixé : répondez"
	    " DEPLACER pour le déplacer", NULL, UT_MESSAGE },
	{ "only the candidate books a slot", "seul le candidat choisit un créneau", NULL, UT_MESSAGE },
	{ "the interview is %s", "l’entretien est {1s}", NULL, UT_MESSAGE },
	{ "there is no slot %lld: CRENEAU followed by the number of a slot", "il n’y a pas de"
	    " créneau {1} : répondez CRENEAU suivi du numéro d’un créneau proposé", NULL, UT_MESSAGE },
	{ "slot %lld is past: choose another", "le créneau {1} est passé : choisissez-en un autre",
	    NULL, UT_MESSAGE },
	{ "slot %lld was just booked by another candidate: choose another", "le créneau {1} vient"
	    " d’être réservé par un autre candidat : choisissez-en un autre", NULL, UT_MESSAGE },
	{ "no interview %lld", "l’entretien {1} n’existe pas", NULL, UT_MESSAGE },
	{ "this interview is not yours", "cet entretien ne vous concerne pas", NULL, UT_MESSAGE },
	{ "only the employer proposes slots", "seul l’employeur propose des créneaux", NULL,
	    UT_MESSAGE },
	{ "the note is empty: NOTE followed by its text", "la note est vide : NOTE suivi de son"
	    " texte", NULL, UT_MESSAGE },
	{ "you do not follow this student", "vous ne suivez pas cet étudiant", NULL, UT_MESSAGE },
	{ "'%s' is a program or a script, which the platform does not relay: nothing was sent",
	    "« {1} » est un programme ou un script, que la plateforme ne transmet pas : rien n’a"
	    " été envoyé", NULL, UT_MESSAGE },
	{ "'%s' is one file too many (at most %lld files a message): nothing was sent",
	    "« {1} » est une pièce jointe de trop ({2} fichiers au plus par message) : rien n’a"
	    " été envoyé", NULL, UT_MESSAGE },
	{ "with '%s' the files of the message exceed %s MB: nothing was sent", "avec « {1} », les"
	    " pièces jointes du message dépassent {2} Mo : rien n’a été envoyé", NULL, UT_MESSAGE },
	{ "AUTONOMY YES or AUTONOMY NO: whether the student's applications go to the employer"
	    " without the referent's validation", "AUTONOMIE OUI ou AUTONOMIE NON : si les"
	    " candidatures de l’étudiant partent chez l’employeur sans la validation de son"
	    " référent", NULL, UT_MESSAGE },
	{ "proposed", "en attente du choix d’un créneau", NULL, UT_STATE },
	{ "booked", "fixé", NULL, UT_STATE },
	{ "cancelled", "annulé", NULL, UT_STATE },
	{ NULL, NULL, NULL, 0 }
};
