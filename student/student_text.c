/*
 * student_text.c - French for the refusals of the student module that
 * reach a sender (user_text.h).
 */
#include "compat.h"

#include "student_add.h"
#include "user_text.h"

const struct user_text student_texts[] = {
	{ "a new student needs: %s", "il manque pour créer l’étudiant : {1}. Écrivez"
	    " ETUDIANT puis les lignes Nom :, Prénom :, E-mail :, Formation : (et si vous les"
	    " avez Date de naissance :, INE :)", NULL, UT_MESSAGE },
	{ "'%s' is not an e-mail address", "« {1} » n’est pas une adresse e-mail", NULL, UT_MESSAGE },
	{ "birth date '%s' is not a date (DD/MM/YYYY)",
	    "date de naissance « {1} » : il faut une date JJ/MM/AAAA", NULL, UT_MESSAGE },
	{ "INE '%s' is not valid", "INE « {1} » : ce n’est pas un INE valide", NULL, UT_MESSAGE },
	{ "unknown formation '%s'", "formation inconnue : « {1} »", NULL, UT_MESSAGE },
	{ "only the rp of %s, a ga or an admin adds a student to it",
	    "seuls le responsable de {1}, un gestionnaire ou un administrateur y ajoutent un"
	    " étudiant", NULL, UT_MESSAGE },
	{ "'%s' is the address of another account",
	    "« {1} » est l’adresse d’un autre compte", NULL, UT_MESSAGE },
	{ "%s is already a student of %s", "{1} est déjà étudiant de {2}", NULL, UT_MESSAGE },
	{ NULL, NULL, NULL, 0 }
};
