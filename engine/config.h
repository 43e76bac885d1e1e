/*
 * config.h - the INI configuration, declared as one table of keys (name,
 * type, default, bounds, help).  Every key has a default, so an empty or
 * missing file works.  Keys are addressed as "section.name".
 */
#ifndef ALTC_CONFIG_H
#define ALTC_CONFIG_H

#include <stdio.h>

enum config_type {
	CFG_STR,
	CFG_INT,	/* integer within [min, max] */
	CFG_BOOL,	/* yes/no/true/false/on/off/1/0 */
	CFG_BYTES,	/* integer with optional k/M/G suffix (powers of 1000 or KiB...) */
	CFG_DURATION,	/* seconds, or with s/m/h/d suffix */
	CFG_TIME,	/* "HH:MM" of a day, stored as minutes */
	CFG_PATH,	/* a path; a relative one is relative to the configuration file's directory */
};

struct config_key {
	const char *name;	/* "section.key" */
	enum config_type type;
	const char *def;
	long long min, max;
	const char *help;
};

struct config;

/* the table, terminated by a NULL name */
extern const struct config_key config_keys[];

/*
 * config_load - read path (NULL: defaults only).  On error returns NULL and
 * sets *errstr_r to "FILE:LINE: key 'x': reason" (caller frees).
 * A missing file is an error only when must_exist.
 */
struct config *config_load(const char *path, int must_exist, char **errstr_r);
void config_free(struct config **cfg);
/* config_dup - an independent copy (for another thread) */
struct config *config_dup(const struct config *cfg);

const char *config_str(const struct config *cfg, const char *key);
long long config_int(const struct config *cfg, const char *key);
int config_bool(const struct config *cfg, const char *key);
/* config_set - override one value (tests, command-line); -1 with errstr on a bad value */
int config_set(struct config *cfg, const char *key, const char *value, char **errstr_r);

/* config_print_defaults - the table as a commented INI file */
void config_print_defaults(FILE *fp);
/* config_print_man - the table as the altconnect.conf(5) manual page (mdoc) */
void config_print_man(FILE *fp);
/* config_print - the effective values */
void config_print(const struct config *cfg, FILE *fp);

/*
 * config_check_value - the meaning of a value (config_check.c): an address,
 * a domain, a URL...; 0, or -1 with the reason in *why_r (caller frees).
 */
int config_check_value(const char *key, const char *value, char **why_r);
/*
 * config_split_mailbox - "addr" or "Name <addr>" into its parts; *name_r is
 * NULL without a display name (name_r may be NULL).  -1 when not an address.
 */
int config_split_mailbox(const char *v, char **name_r, char **addr_r);

/* config_find_path - the search order of DESIGN: -c, $ALTC_CONFIG, ./altconnect.conf, /etc */
const char *config_find_path(const char *opt, int *explicit_r);

#endif
