/*
 * person.h - the personal data of one person (RGPD): what is held, where,
 * and what erasure does with it.  One table, person_columns in person.c,
 * lists every column that names a person, how to find the person's rows and
 * what erasure does with them; export, erase and the retention sweep only
 * iterate over it.  A new table with a user reference is covered by adding
 * rows there (tests/unit/test_person.c fails until it is).
 */
#ifndef ALTC_PERSON_H
#define ALTC_PERSON_H

#include "module.h"

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

struct altc;

enum person_erase {
	PERSON_DELETE,		/* the person's rows go */
	PERSON_UNLINK,		/* the row is someone else's: the reference becomes NULL */
	PERSON_ANONYMISE,	/* the row stays, the person's identity replaced (erase_sql) */
	PERSON_KEEP,		/* kept: the law requires it (why); erase_sql may detach it */
};

struct person_column {
	const char *table;
	const char *column;	/* the column that names the person */
	const char *where;	/* the person's rows: ?1 is the user id, ?2 the address */
	enum person_erase erase;
	const char *erase_sql;	/* run instead of the default DELETE / UPDATE, or NULL */
	const char *why;	/* what the data is, and why it is kept when it is */
};

/*
 * person_retention - one retention period: sql selects the addresses
 * (one column) whose period is over, ?1 being now minus the days of the
 * configuration key; the sweep erases each as person_erase does.
 */
struct person_retention {
	const char *key;	/* "retention.closed_days"; NULL ends the list */
	const char *sql;
};

/*
 * The columns of the core's tables; each module lists its own in its
 * descriptor (module.h, field personal), children before parents.  Lists
 * end with a NULL table.
 */
extern const struct person_column person_core_columns[];
/* the core's retention periods: imported students never registered, closed accounts */
extern const struct person_retention person_core_retention[];

/* PERSON_EACH - for (c = every listed column), in erasure order: the last module's first */
#define PERSON_EACH(c) \
	for (const struct module *const *c##_m = modules_end(); c##_m-- != modules_all(); ) \
		for (const struct person_column *c = (*c##_m)->personal; c && c->table; c++)

/* person_covers - whether table.column is listed */
int person_covers(const char *table, const char *column);

/*
 * A person is an account (users.email), or an address some listed row
 * names without an account (a candidate, a volunteer sponsor): for them
 * ?1 is NULL, so that the rows by user id match nothing.
 *
 * person_export - every row about the person (by table), their documents,
 * the mail sent to them and the audit lines about them, as one JSON object
 * written to fp.  With dir, the JSON goes to dir/person.json and the
 * stored PDFs (documents, and the tables of the modules' personal_pdfs)
 * into dir/documents/.  0, or -1 with errstr (unknown address: *errstr_r
 * says so).
 */
int person_export(struct altc *ctx, const char *email, const char *dir, FILE *fp,
    char **errstr_r);

/*
 * person_erase - delete or anonymise the person's data in one transaction
 * (and their stored files once no row names them), recording an audit
 * row "erase" with the reason (object "user" ID, or "person" without an
 * account: what is kept then names them erased:audit-N, N that row).  0, or -1 with errstr (nothing changed).
 */
int person_erase(struct altc *ctx, const char *email, const char *reason, char **errstr_r);

/*
 * person_sweep - the retention periods of every module (field retention):
 * students who never registered, closed accounts, candidates whose
 * dossiers all ended, erased after their period.  *did_r
 * counts the persons erased.
 */
int person_sweep(struct altc *ctx, size_t *did_r, char **errstr_r);

/* the commands (cli_ops.c's table) */
int cmd_person_export(struct altc *ctx, int argc, char **argv);
int cmd_person_erase(struct altc *ctx, int argc, char **argv);

#endif
