/*
 * db_schema.h - the ordered list of migrations (NULL-terminated); index i
 * brings the schema from version i to i + 1.
 */
#ifndef ALTC_DB_SCHEMA_H
#define ALTC_DB_SCHEMA_H

extern const char *const db_migrations[];

#endif
