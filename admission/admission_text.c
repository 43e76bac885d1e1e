/*
 * admission_text.c - French for the refusals of admissions that reach a
 * candidate or the staff (user_text.h), and the dossier's states as people
 * read them.
 */
#include "compat.h"

#include "admission_mail.h"

const struct user_text admission_texts[] = {
	{ "only the formation's rp or a ga delegated for it decides on this dossier",
	    "seul le responsable pédagogique de la formation, ou un gestionnaire qu’il a délégué"
	    " pour elle, décide de ce dossier", NULL, UT_MESSAGE },
	{ "'%s' is not a birth date (dd/mm/yyyy)",
	    "Date de naissance : « {1} » n’est pas une date (jj/mm/aaaa)", NULL, UT_MESSAGE },
	{ "at most 10 formations in one application",
	    "10 formations au plus dans une candidature", NULL, UT_MESSAGE },
	{ "formation %s is given twice", "la formation {1} est donnée deux fois", NULL,
	    UT_MESSAGE },
	{ "no formation code after CANDIDATER",
	    "indiquez les codes des formations après CANDIDATER, par ordre de préférence"
	    " (CANDIDATER CODE1, CODE2)", NULL, UT_MESSAGE },
	{ "an incapacité needs the piece and a reason: INCAPACITE piece : reason ('%s')",
	    "une incapacité indique la pièce et sa raison : INCAPACITE pièce : raison (« {1} »)",
	    NULL, UT_MESSAGE },
	{ "at most 20 pieces in one mail", "20 pièces au plus par message", NULL, UT_MESSAGE },
	{ "unknown formation %s", "la formation {1} n’existe pas (le catalogue donne les codes)",
	    NULL, UT_MESSAGE },
	{ "the address %s is already registered and confirmed",
	    "l’adresse {1} est déjà inscrite et confirmée : répondez CANDIDATER CODE au message"
	    " de confirmation pour candidater", NULL, UT_MESSAGE },
	{ "this signup no longer waits for a confirmation",
	    "cette inscription n’attend plus de confirmation", NULL, UT_MESSAGE },
	{ "confirm your address before applying",
	    "confirmez d’abord votre adresse, puis candidatez", NULL, UT_MESSAGE },
	{ "formation %s does not take applications",
	    "la formation {1} ne reçoit pas de candidatures", NULL, UT_MESSAGE },
	{ "applications to %s are open from %s to %s",
	    "les candidatures à {1} sont ouvertes du {2} au {3} seulement", NULL, UT_MESSAGE },
	{ "you already have a dossier for %s", "vous avez déjà un dossier pour {1}", NULL,
	    UT_MESSAGE },
	{ "your dossier for %s is complete and with the formation: it is locked, the piece '%s'"
	    " was not added",
	    "votre dossier pour {1} est complet et transmis à la formation : il est verrouillé,"
	    " la pièce « {2} » n’a pas été ajoutée. Si la formation vous redemande une pièce,"
	    " vous pourrez la renvoyer.", NULL, UT_MESSAGE },
	{ "no dossier of yours waits for a piece '%s' (expected: %s)",
	    "aucun de vos dossiers n’attend de pièce « {1} » (pièces attendues : {2}). Nommez"
	    " chaque pièce par une ligne « Pièce : libellé » ou par le nom du fichier.", NULL,
	    UT_MESSAGE },
	{ "you have no dossier for %s", "vous n’avez pas de dossier pour {1}", NULL, UT_MESSAGE },
	{ "this dossier is already decided or closed", "ce dossier est déjà tranché ou clos",
	    NULL, UT_MESSAGE },
	{ "not possible now: the dossier is %s", "impossible : le dossier est {1s}", NULL,
	    UT_MESSAGE },
	{ "this dossier has no piece '%s'", "ce dossier ne comporte pas de pièce « {1} »", NULL,
	    UT_MESSAGE },
	{ "the piece '%s' is not received: nothing to send back",
	    "la pièce « {1} » n’est pas reçue : rien à réclamer", NULL, UT_MESSAGE },
	{ "a refusal needs a reason: REFUSER reason",
	    "un refus s’accompagne de son motif : REFUSER motif", NULL, UT_MESSAGE },
	{ "%zu PDF attached but %zu 'Pièce :' lines: one line per attachment, in the same order",
	    "{1} PDF joint(s) mais {2} ligne(s) « Pièce : » : une ligne par pièce jointe, dans"
	    " le même ordre", NULL, UT_MESSAGE },
	{ "no piece in your mail: attach each piece as a PDF with a line 'Pièce : label', or"
	    " write 'INCAPACITE label : reason'",
	    "aucune pièce dans votre message : joignez chaque pièce en PDF avec une ligne"
	    " « Pièce : libellé », ou écrivez « INCAPACITE libellé : raison »", NULL, UT_MESSAGE },
	{ "ABANDONNER needs the formation's code here, or answer the mail of the dossier",
	    "ABANDONNER demande ici le code de la formation (ABANDONNER CODE), ou répondez au"
	    " message du dossier", NULL, UT_MESSAGE },
	{ "ENTRETIEN needs a date and a time: ENTRETIEN mardi 14 janvier 10h30, salle B204",
	    "ENTRETIEN demande une date et une heure : ENTRETIEN mardi 14 janvier 10h30, salle"
	    " B204", NULL, UT_MESSAGE },
	{ "at most %zu interview slots at a time",
	    "{1} créneaux d’entretien au plus à la fois, un par ligne", NULL, UT_MESSAGE },
	{ "there is no slot %lld: answer CRENEAU and a number from 1 to %zu",
	    "il n’y a pas de créneau {1} : répondez CRENEAU suivi d’un numéro de 1 à {2}", NULL,
	    UT_MESSAGE },
	{ "slot %lld has already passed: choose another one",
	    "le créneau {1} est déjà passé : choisissez-en un autre, ou répondez DEPLACER pour"
	    " en demander de nouveaux", NULL, UT_MESSAGE },
	{ "no interview slot waits for your choice",
	    "aucun créneau d’entretien n’attend votre choix", NULL, UT_MESSAGE },
	{ "there is no interview to cancel", "il n’y a pas d’entretien à annuler", NULL,
	    UT_MESSAGE },
	{ "there is no interview to move", "il n’y a pas d’entretien à déplacer", NULL,
	    UT_MESSAGE },
	{ "say which piece and why: RECLAMER piece : reason",
	    "indiquez la pièce et le motif : RECLAMER pièce : motif", NULL, UT_MESSAGE },
	{ "transmitted", "transmis à la formation", NULL, UT_STATE },
	{ "incomplete", "incomplet", NULL, UT_STATE },
	{ "piece_refused", "en attente d’une pièce renvoyée", NULL, UT_STATE },
	{ "interview", "convoqué à un entretien", NULL, UT_STATE },
	{ "waitlisted", "sur liste d’attente", NULL, UT_STATE },
	{ "abandoned", "abandonné", NULL, UT_STATE },
	{ "closed", "clos", NULL, UT_STATE },
	{ "admitted", "admis", NULL, UT_STATE },
	{ NULL, NULL, NULL, 0 }
};
