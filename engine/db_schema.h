/*
 * db_schema.h - the ordered list of migrations (NULL-terminated); index i
 * brings the schema from version i to i + 1.
 */
#ifndef ALTC_DB_SCHEMA_H
#define ALTC_DB_SCHEMA_H

extern const char *const db_migrations[];

/*
 * The columns of the offline extract of the SIRENE register (company/sirene.h),
 * shared by the live tables (schema version 2) and the staging tables a load fills
 * before it swaps them in.  Keys are the SIRET and the SIREN; the other
 * columns are the register's own values, NULL when empty or not public.
 */
#define SIRENE_ESTABLISHMENTS_COLUMNS \
	"(siret TEXT PRIMARY KEY, state TEXT NOT NULL, diffusible INTEGER NOT NULL," \
	" head_office INTEGER NOT NULL DEFAULT 0, sign TEXT, usual_name TEXT, number TEXT," \
	" repetition TEXT, street_type TEXT, street TEXT, complement TEXT, postal_code TEXT," \
	" city TEXT) WITHOUT ROWID"
#define SIRENE_UNITS_COLUMNS \
	"(siren TEXT PRIMARY KEY, state TEXT NOT NULL, diffusible INTEGER NOT NULL, name TEXT," \
	" usual_name TEXT, acronym TEXT, last_name TEXT, first_name TEXT, legal_category TEXT)" \
	" WITHOUT ROWID"

#endif
