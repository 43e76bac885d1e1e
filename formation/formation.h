/*
 * formation.h - formations (diplomas with their responsible teacher) and the
 * formations file: Code_Formation;Lib_Formation;UFR;Departement;Effectif;RP_Mail
 * (header matched without regard to case or accents, ';' or ',' separated).
 */
#ifndef ALTC_FORMATION_H
#define ALTC_FORMATION_H

#include <stddef.h>
#include <stdint.h>

struct altc;

struct formation_report {
	size_t created, updated, rejected;
	char *errors;		/* one line per rejected record, or NULL */
};

/*
 * formation_import - create or update the formations of a UTF-8 file inside
 * the caller's transaction.  An unknown RP_Mail creates an rp account in
 * state rp_state ("pending" normally, "active" for the demo).  -1 with
 * errstr when the file as a whole is unusable (no header, missing column).
 */
int formation_import(struct altc *ctx, const char *data, size_t len, const char *rp_state,
    struct formation_report *rep, char **errstr_r);
void formation_report_release(struct formation_report *rep);

/* formation_id - id of a formation code (any case), 0 when unknown, -1 on error */
int64_t formation_id(struct altc *ctx, const char *code);

/*
 * user_ensure - id of the user with this address (any case), created with
 * role, state and name if absent; -1 with errstr when the address belongs to
 * an account of another role.
 */
int64_t user_ensure(struct altc *ctx, const char *email, const char *role, const char *state,
    const char *last_name, const char *first_name, char **errstr_r);

/* formation_demo - the staff, formations and delegations of the demo instance */
int formation_demo(struct altc *ctx, char **errstr_r);
/* formation_module - the formations' commands and demo data */
struct module;
extern const struct module formation_module;

#endif
