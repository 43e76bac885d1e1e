/*
 * student.h - students in the database: creation by the import, identity
 * lookups (by INE, by e-mail), their formations, and the list/show views.
 * Every function runs inside the caller's transaction and never commits.
 * Lookups return 1 (found), 0 (not found) or -1 with *errstr_r.
 */
#ifndef ALTC_STUDENT_H
#define ALTC_STUDENT_H

#include <stdint.h>

#include "table.h"

struct altc;
struct db;

/* the fields an import gives; NULL or "" for unknown (stored as NULL) */
struct student_fields {
	const char *last_name, *first_name, *email;
	const char *phone_fixed, *phone_mobile;
	const char *ine;		/* canonical, already checked */
	const char *birth_date;		/* ISO yyyy-mm-dd */
	const char *address1, *address2, *postal_code, *city, *country;
	const char *last_school;
	const char *locale;		/* "fr" or "en"; NULL: fr */
};

/* student_create - a new student in state imported, with its audit row */
int student_create(struct db *db, const struct student_fields *f, int64_t *id_r, char **errstr_r);

/* student_find_ine - the student holding an INE */
int student_find_ine(struct db *db, const char *ine, int64_t *id_r, char **errstr_r);

struct user_ref {
	int64_t id;
	char role[16];
	char state[16];
	char email[256];
	char last_name[128];
	char first_name[128];
	char locale[8];
	char birth_date[11];	/* YYYY-MM-DD, "" when unknown */
};

/* user_find_email - any user by address (case-insensitive) */
int user_find_email(struct db *db, const char *email, struct user_ref *u_r, char **errstr_r);
/* user_find_id - any user by id */
int user_find_id(struct db *db, int64_t id, struct user_ref *u_r, char **errstr_r);

/* student_has_formation - whether the pair student x formation exists */
int student_has_formation(struct db *db, int64_t student_id, int64_t formation_id, char **errstr_r);
int student_add_formation(struct db *db, int64_t student_id, int64_t formation_id,
    int64_t import_id, const char *avis, const char *avis_date, char **errstr_r);
/* student_formation_label - label of the student's latest formation into buf ("" if none) */
int student_formation_label(struct db *db, int64_t student_id, char *buf, size_t size, char **errstr_r);

/*
 * student_table - students (one row each: email, name, status, formations,
 * progression, unreachable); email non-NULL restricts to one student.
 * NULL with *errstr_r on SQL error.
 */
struct table *student_table(struct db *db, const char *email, char **errstr_r);

/* the account workflow of students, staff and employers (account_fsm.c) */
struct fsm;
extern const struct fsm fsm_account;
/* student_module - students, staff and signup: commands, pages, mail actions */
struct module;
extern const struct module student_module;

#endif
