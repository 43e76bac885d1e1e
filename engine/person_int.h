/*
 * person_int.h - what person.c and person_export.c share: the lookup of a
 * person by address and the binding of the table's parameters.
 */
#ifndef ALTC_PERSON_INT_H
#define ALTC_PERSON_INT_H

#include <stdint.h>

#include <sqlite3.h>

struct altc;

/*
 * person_find - the account of the address (*id_r, 0 without one), or a
 * person known only by the address (a candidate, a volunteer sponsor): 1
 * when some listed row names them, 0 nobody, -1 with errstr
 */
int person_find(struct altc *ctx, const char *email, int64_t *id_r, char **errstr_r);

/*
 * person_bind - ?1 the user id (NULL without an account: "= ?1" then
 * matches nothing), ?2 the address, ?3 (when the statement has it) what
 * replaces the address in what is kept
 */
void person_bind(sqlite3_stmt *st, int64_t id, const char *email, const char *tag);

#endif
