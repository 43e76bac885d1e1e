/*
 * formation_db.h - the formation lookups the import needs (by code, with its
 * capacity and how many students it holds) and staff delegations.
 * Runs inside the caller's transaction.
 */
#ifndef ALTC_FORMATION_DB_H
#define ALTC_FORMATION_DB_H

#include <stdint.h>

struct db;

struct formation_ref {
	int64_t id;
	int64_t capacity;	/* 0: no limit */
	int64_t count;		/* students already in it */
	char code[64];
	char label[256];
};

/* formation_find - by code (case-insensitive); 1 found, 0 not, -1 SQL error */
int formation_find(struct db *db, const char *code, struct formation_ref *f_r, char **errstr_r);

/*
 * delegation_add - ga acts for rp on the given formations (comma-separated
 * codes; NULL or "" = all of rp's formations, stored as one NULL row).
 * -1 with *errstr_r when a user is not an rp / ga or a code is unknown.
 */
int delegation_add(struct db *db, const char *rp_email, const char *ga_email,
    const char *codes, char **errstr_r);

/*
 * formation_staff_may - user_id is an active account that acts for the
 * formation: its rp, or a ga the rp delegated it to (or all their
 * formations).  1 yes, 0 no.
 */
int formation_staff_may(struct db *db, int64_t formation_id, int64_t user_id);

#endif
