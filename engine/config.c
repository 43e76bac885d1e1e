/*
 * config.c - the configuration table and its INI reader (inih).  Values are
 * checked against the table when read, so the rest of the program can trust
 * them; errors name the file, the line and the key.
 */
#include "compat.h"

#include <ctype.h>
#include <ini.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "strbuf.h"
#include "util.h"

#define DAY (24LL * 3600)
#define MB (1000LL * 1000)

const struct config_key config_keys[] = {
	{ "paths.spool", CFG_PATH, "spool", 0, 0, "spool directory (mail, import, outbox, done, failed, reports)" },
	{ "paths.db", CFG_PATH, "var/altconnect.db", 0, 0, "SQLite database file" },
	{ "paths.docs", CFG_PATH, "var/docs", 0, 0, "content-addressed document store" },
	{ "paths.templates", CFG_PATH, "", 0, 0, "mail and page templates (empty: the installed ones)" },
	{ "mail.domain", CFG_STR, "univ.example", 0, 0, "mail domain of the platform addresses" },
	{ "mail.from", CFG_STR, "altconnect@univ.example", 0, 0, "From address of outgoing mail" },
	{ "mail.from_name", CFG_STR, "altconnect", 0, 0, "display name of outgoing mail" },
	{ "mail.locale", CFG_STR, "fr", 0, 0, "default locale (fr or en)" },
	{ "mail.time_zone", CFG_STR, "Europe/Paris", 0, 0, "time zone of the dates and times in mail"
	  " and of the [schedule] times (an IANA name; empty: the system's)" },
	{ "mail.base_url", CFG_STR, "http://127.0.0.1:8080", 0, 0, "public base URL of the link endpoint" },
	{ "smtp.url", CFG_STR, "", 0, 0, "SMTP relay (smtp://host:port); empty: Maildir outbox" },
	{ "smtp.user", CFG_STR, "", 0, 0, "SMTP AUTH user" },
	{ "smtp.password_file", CFG_PATH, "", 0, 0, "file holding the SMTP password (mode 0600)" },
	{ "smtp.starttls", CFG_BOOL, "no", 0, 1, "require STARTTLS" },
	{ "smtp.ca_file", CFG_PATH, "", 0, 0, "CA certificates of the relay (empty: the system's)" },
	{ "smtp.max_per_connection", CFG_INT, "100", 1, 100000, "messages sent on one connection" },
	{ "smtp.timeout", CFG_DURATION, "30", 1, 3600, "SMTP connect and transfer timeout" },
	{ "smtp.max_attempts", CFG_INT, "8", 1, 100, "delivery attempts before a message fails" },
	{ "smtp.retry_base", CFG_DURATION, "300", 1, DAY, "first retry delay, doubled at each attempt" },
	{ "smtp.retry_max", CFG_DURATION, "14400", 1, 7 * DAY, "longest retry delay" },
	{ "imap.url", CFG_STR, "", 0, 0, "IMAP mailbox to poll: imaps://host[:993]/INBOX (TLS), or"
	    " imap://host[:143]/INBOX (STARTTLS; plain text only to a loopback server); empty: off" },
	{ "imap.ca_file", CFG_PATH, "", 0, 0, "PEM file of the authorities trusted for the IMAP server's"
	    " certificate; empty: the system's" },
	{ "imap.user", CFG_STR, "", 0, 0, "IMAP user" },
	{ "imap.password_file", CFG_PATH, "", 0, 0, "file holding the IMAP password (mode 0600)" },
	{ "imap.poll_seconds", CFG_DURATION, "60", 5, DAY, "IMAP polling interval" },
	{ "imap.expunge", CFG_BOOL, "no", 0, 1, "delete fetched messages instead of flagging them" },
	{ "http.listen", CFG_STR, "127.0.0.1", 0, 0, "address of the link endpoint" },
	{ "http.port", CFG_INT, "8080", 0, 65535, "port of the link endpoint (0: off)" },
	{ "http.max_connections", CFG_INT, "256", 1, 10000, "connections the link endpoint holds at once" },
	{ "http.per_address_connections", CFG_INT, "16", 0, 10000,
	  "connections from one address at once (0: no limit; behind a proxy, all come from it)" },
	{ "http.timeout", CFG_DURATION, "10", 1, 3600, "an idle connection, or a body not complete, is closed after this" },
	{ "schedule.import_scan", CFG_TIME, "00:00", 0, 1439, "daily scan of spool/import" },
	{ "schedule.recommend", CFG_TIME, "02:00", 0, 1439, "nightly recommendations" },
	{ "schedule.sweep", CFG_TIME, "03:00", 0, 1439, "expiry, archiving and retention sweep" },
	{ "schedule.digest", CFG_TIME, "07:00", 0, 1439, "daily digest" },
	{ "schedule.reminders", CFG_TIME, "17:00", 0, 1439,
	  "reminders of the appointments of the next day" },
	{ "schedule.stats", CFG_TIME, "08:00", 0, 1439, "weekly statistics (Mondays)" },
	{ "schedule.cfa_export", CFG_TIME, "06:00", 0, 1439,
	  "weekly export of newly validated mission sheets to each formation's CFA (Mondays)" },
	{ "schedule.rescan_seconds", CFG_DURATION, "60", 1, DAY, "full spool rescan backing up inotify" },
	{ "import.report_to", CFG_STR, "", 0, 0, "comma-separated addresses receiving import reports" },
	{ "import.max_manual_bytes", CFG_BYTES, "1500000", 1, 1000 * MB, "size limit of a manual import" },
	{ "import.invitation_ttl", CFG_DURATION, "86400", 60, 365 * DAY, "validity of a signup link" },
	{ "import.scan_on_drop", CFG_BOOL, "no", 0, 1, "import a drop at once instead of at the scan" },
	{ "tokens.reply_ttl", CFG_DURATION, "15552000", 3600, 3650 * DAY, "validity of a reply key" },
	{ "tokens.activation_ttl", CFG_DURATION, "604800", 60, 365 * DAY, "validity of a staff activation link" },
	{ "tokens.staff_confirm_ttl", CFG_DURATION, "172800", 60, 30 * DAY,
	  "validity of the key that confirms a staff command sent to a fixed address" },
	{ "tokens.confirm_ttl", CFG_DURATION, "1296000", 60, 365 * DAY, "validity of an address confirmation" },
	{ "limits.attachment_bytes", CFG_BYTES, "3000000", 1000, 100 * MB, "largest accepted attachment" },
	{ "limits.message_bytes", CFG_BYTES, "25000000", 1000, 1000 * MB, "largest accepted message" },
	{ "limits.mime_depth", CFG_INT, "16", 1, 64, "deepest multipart nesting read (deeper parts are ignored)" },
	{ "limits.mime_nesting_max", CFG_INT, "100", 1, 10000, "more nested multiparts: the mail is refused unread" },
	{ "limits.mime_parts_max", CFG_INT, "1000", 1, 100000, "more MIME parts: the mail is refused unread" },
	{ "limits.error_replies_per_day", CFG_INT, "10", 1, 1000, "error replies per sender and day" },
	{ "limits.error_replies_global_per_day", CFG_INT, "1000", 1, 1000000,
	  "error replies per day to all senders together" },
	{ "limits.max_attempts", CFG_INT, "3", 1, 100, "failures before an input is quarantined" },
	{ "notifications.center_cap", CFG_INT, "99", 1, 100000, "notifications kept per user" },
	{ "security.require_dmarc_for_staff", CFG_BOOL, "no", 0, 1, "staff commands need dmarc=pass" },
	{ "security.trusted_authserv_id", CFG_STR, "", 0, 0, "authserv-id of the trusted MTA's Authentication-Results;"
	  " only its topmost ones count, and it must remove inbound copies of its own (RFC 8601)" },
	{ "bounces.threshold", CFG_INT, "3", 1, 1000, "soft bounces within the window that make an address unreachable" },
	{ "bounces.window", CFG_DURATION, "604800", 3600, 365 * DAY, "a bounce score older than this expires" },
	{ "retention.days", CFG_INT, "90", 1, 36500, "days processed inputs stay in spool/done" },
	{ "retention.unregistered_days", CFG_INT, "395", 1, 36500,
	  "days before an imported student who never registered is erased" },
	{ "retention.closed_days", CFG_INT, "1095", 1, 36500,
	  "days before a closed account is erased" },
	{ "retention.candidate_days", CFG_INT, "730", 1, 36500,
	  "days before a candidate to the formations is erased once every dossier ended"
	  " (an expired or unused signup: counted from its last change)" },
	{ "offers.expiry_days", CFG_INT, "60", 1, 3650, "days an offer stays open after its deposit" },
	{ "offers.warn_days", CFG_INT, "7", 0, 365, "days before the expiry the employer is warned" },
	{ "offers.archive_days", CFG_INT, "183", 1, 36500, "age at which every offer is archived" },
	{ "offers.pdf_bytes", CFG_BYTES, "2000000", 1000, 100 * MB, "largest offer description PDF" },
	{ "offers.search_results", CFG_INT, "10", 1, 100, "offers listed per part of a search reply" },
	{ "offers.search_mmap_bytes", CFG_BYTES, "268435456", 0, 4096 * MB,
	  "database bytes memory-mapped for searches (0: off)" },
	{ "applications.max_open", CFG_INT, "0", 0, 1000, "open applications a student may have (0: no cap)" },
	{ "applications.remind_days", CFG_INT, "7", 0, 365, "days without an answer before the employer is reminded (0: never)" },
	{ "admission.confirm_days", CFG_INT, "15", 1, 365,
	  "days a candidate has to confirm the address of a signup before it expires" },
	{ "admission.resend_days", CFG_INT, "7", 1, 365,
	  "days a candidate has to send again a piece the formation refused" },
	{ "documents.max_bytes", CFG_BYTES, "3000000", 1000, 100 * MB, "largest accepted document (PDF)" },
	{ "documents.attach_max", CFG_BYTES, "5000000", 0, 1000 * MB, "total size of the documents"
	  " attached to the mail of an application; above it, the mail carries download links"
	  " instead (0: always links)" },
	{ "relay.max_files", CFG_INT, "10", 0, 16,
	  "files one message relayed between an employer and a candidate may carry (0: none)" },
	{ "relay.max_bytes", CFG_BYTES, "10000000", 1000, 100 * MB,
	  "total size of the files of one relayed message (each within limits.attachment_bytes)" },
	{ "company.refuse_unknown_siret", CFG_BOOL, "yes", 0, 1, "with a SIRENE register loaded,"
	  " refuse a SIRET it does not know (no: accept it, noted in the log and the audit)" },
	{ NULL, 0, NULL, 0, 0, NULL }
};

#define NKEYS (ARRAY_SIZE(config_keys) - 1)

struct config {
	char *values[NKEYS];
	long long ints[NKEYS];
	unsigned char set[NKEYS];	/* given in the file */
};

struct parse_state {
	struct config *cfg;
	const char *path;
	char *err;
	int line;
};

static int
key_index(const char *key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(config_keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

static int must_index(const char *key);

/* parse_number - integer with a unit table; -1 when malformed */
static int
parse_number(const char *v, enum config_type type, long long *out)
{
	char *end;
	long long n, mult = 1;

	if (type == CFG_TIME) {
		int h, m;
		char extra;

		if (sscanf(v, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
			return -1;
		*out = h * 60 + m;
		return 0;
	}
	if (type == CFG_BOOL) {
		static const char *yes[] = { "yes", "true", "on", "1" };
		static const char *no[] = { "no", "false", "off", "0" };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(yes); i++) {
			if (strcasecmp(v, yes[i]) == 0) { *out = 1; return 0; }
			if (strcasecmp(v, no[i]) == 0) { *out = 0; return 0; }
		}
		return -1;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (type == CFG_BYTES) {
		switch (tolower((unsigned char)*end)) {
		case 'k': mult = 1000; end++; break;
		case 'm': mult = 1000 * 1000; end++; break;
		case 'g': mult = 1000 * 1000 * 1000; end++; break;
		}
		if (tolower((unsigned char)*end) == 'b')
			end++;
	} else if (type == CFG_DURATION) {
		switch (tolower((unsigned char)*end)) {
		case 's': end++; break;
		case 'm': mult = 60; end++; break;
		case 'h': mult = 3600; end++; break;
		case 'd': mult = DAY; end++; break;
		}
	}
	if (*end != '\0' || n < 0 || (mult > 1 && n > LLONG_MAX / mult))
		return -1;
	*out = n * mult;
	return 0;
}

static int
set_value(struct config *cfg, int i, const char *value, char **why_r)
{
	const struct config_key *k = &config_keys[i];
	long long n = 0;

	if (k->type != CFG_STR && k->type != CFG_PATH) {
		if (parse_number(value, k->type, &n) < 0) {
			static const char *what[] = { "", "an integer", "yes or no", "a size",
			    "a duration", "a time HH:MM", "" };

			*why_r = xasprintf("'%s' is not %s", value, what[k->type]);
			return -1;
		}
		if ((k->type == CFG_INT || k->type == CFG_BYTES || k->type == CFG_DURATION) &&
		    (n < k->min || n > k->max)) {
			*why_r = xasprintf("%lld is out of bounds [%lld, %lld]", n, k->min, k->max);
			return -1;
		}
	}
	if (memchr(value, '\n', strlen(value)) != NULL) {
		*why_r = xstrdup("value spans lines");
		return -1;
	}
	if (config_check_value(k->name, value, why_r) < 0)
		return -1;
	free(cfg->values[i]);
	cfg->values[i] = xstrdup(value);
	cfg->ints[i] = n;
	return 0;
}

static int
on_ini_entry(void *user, const char *section, const char *name, const char *value)
{
	struct parse_state *ps = user;
	char key[256], *why = NULL;
	int i;

	if (xsnprintf(key, sizeof(key), "%s.%s", section, name) < 0 ||
	    (i = key_index(key)) < 0) {
		if (*section == '\0')
			ps->err = xasprintf("key '%s' is outside any [section]", name);
		else
			ps->err = xasprintf("unknown key '%s'", key);
		return 0;
	}
	if (set_value(ps->cfg, i, value, &why) < 0) {
		ps->err = xasprintf("key '%s': %s", key, why);
		free(why);
		return 0;
	}
	ps->cfg->set[i] = 1;
	return 1;
}

static struct config *
config_defaults(void)
{
	struct config *cfg = xcalloc(1, sizeof(*cfg));
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		char *why = NULL;

		if (set_value(cfg, (int)i, config_keys[i].def, &why) < 0)
			BUG("default of %s: %s", config_keys[i].name, why);
	}
	return cfg;
}

/*
 * resolve_paths - relative [paths] (and password and CA files) are relative
 * to the directory of the configuration file, not to the working directory:
 * an MTA runs "altc deliver" from its own queue directory.
 */
static void
resolve_paths(struct config *cfg, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, cwd[PATH_MAX];
	size_t i;

	if (slash == NULL)
		dir = xstrdup(".");
	else
		dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (*dir != '/') {
		char *abs;

		if (getcwd(cwd, sizeof(cwd)) == NULL) {
			free(dir);
			return;	/* left relative to the working directory */
		}
		abs = strcmp(dir, ".") == 0 ? xstrdup(cwd) : xasprintf("%s/%s", cwd, dir);
		free(dir);
		dir = abs;
	}
	for (i = 0; i < NKEYS; i++) {
		char *v = cfg->values[i], *base;
		const char *rel = v;

		if (config_keys[i].type != CFG_PATH || *v == '\0' || *v == '/')
			continue;
		/* "./x" and "../x" are folded into the directory, for readable paths */
		base = xstrdup(dir);
		for (;;) {
			if (strncmp(rel, "./", 2) == 0)
				rel += 2;
			else if (strncmp(rel, "../", 3) == 0 && strlen(base) > 1) {
				char *last = strrchr(base, '/');

				*(last == base ? last + 1 : last) = '\0';
				rel += 3;
			} else
				break;
		}
		cfg->values[i] = xasprintf("%s%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/", rel);
		free(base);
		free(v);
	}
	free(dir);
}

/* split_from - "Name <addr>" in mail.from: the address, and the name unless from_name is set */
static void
split_from(struct config *cfg)
{
	int f = must_index("mail.from"), n = must_index("mail.from_name");
	char *name = NULL, *addr = NULL;

	if (strchr(cfg->values[f], '<') == NULL ||
	    config_split_mailbox(cfg->values[f], &name, &addr) < 0)
		return;
	free(cfg->values[f]);
	cfg->values[f] = addr;
	if (name && *name && !cfg->set[n]) {
		free(cfg->values[n]);
		cfg->values[n] = name;
		name = NULL;
	}
	free(name);
}

struct config *
config_load(const char *path, int must_exist, char **errstr_r)
{
	struct config *cfg = config_defaults();
	struct parse_state ps = { cfg, path, NULL, 0 };
	FILE *fp;
	int line;

	if (path == NULL)
		return cfg;
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return cfg;
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		config_free(&cfg);
		return NULL;
	}
	line = ini_parse_file(fp, on_ini_entry, &ps);
	fclose(fp);
	if (line != 0) {
		*errstr_r = xasprintf("%s:%d: %s", path, line,
		    ps.err ? ps.err : "syntax error (expected [section] or key = value)");
		free(ps.err);
		config_free(&cfg);
		return NULL;
	}
	resolve_paths(cfg, path);
	split_from(cfg);
	/* a password file must not be readable by others (msmtp's rule) */
	{
		static const char *pwkeys[] = { "smtp.password_file", "imap.password_file" };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(pwkeys); i++) {
			const char *pf = config_str(cfg, pwkeys[i]);
			struct stat st;

			if (*pf == '\0')
				continue;
			if (stat(pf, &st) < 0) {
				*errstr_r = xasprintf("%s: key '%s': %s: %s", path, pwkeys[i], pf, strerror(errno));
				config_free(&cfg);
				return NULL;
			}
			if (st.st_mode & 077) {
				*errstr_r = xasprintf("%s: key '%s': %s is readable by others (chmod 600)",
				    path, pwkeys[i], pf);
				config_free(&cfg);
				return NULL;
			}
		}
	}
	/* files read later (certificates, templates) must be there now, not at the first mail */
	{
		static const char *filekeys[] = { "smtp.ca_file", "imap.ca_file", "paths.templates" };
		size_t i;

		for (i = 0; i < ARRAY_SIZE(filekeys); i++) {
			const char *f = config_str(cfg, filekeys[i]);

			if (*f == '\0' || access(f, R_OK) == 0)
				continue;
			*errstr_r = xasprintf("%s: key '%s': %s: %s", path, filekeys[i], f, strerror(errno));
			config_free(&cfg);
			return NULL;
		}
	}
	return cfg;
}

struct config *
config_dup(const struct config *cfg)
{
	struct config *c = xcalloc(1, sizeof(*c));

	for (size_t i = 0; i < NKEYS; i++) {
		c->values[i] = cfg->values[i] ? xstrdup(cfg->values[i]) : NULL;
		c->ints[i] = cfg->ints[i];
	}
	return c;
}

void
config_free(struct config **cfgp)
{
	struct config *cfg = *cfgp;
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < NKEYS; i++)
		free(cfg->values[i]);
	free(cfg);
	*cfgp = NULL;
}

static int
must_index(const char *key)
{
	int i = key_index(key);

	if (i < 0)
		BUG("unknown configuration key '%s'", key);
	return i;
}

const char *
config_str(const struct config *cfg, const char *key)
{
	return cfg->values[must_index(key)];
}

long long
config_int(const struct config *cfg, const char *key)
{
	return cfg->ints[must_index(key)];
}

int
config_bool(const struct config *cfg, const char *key)
{
	return cfg->ints[must_index(key)] != 0;
}

int
config_set(struct config *cfg, const char *key, const char *value, char **errstr_r)
{
	int i = key_index(key);
	char *why = NULL;

	if (i < 0) {
		*errstr_r = xasprintf("unknown key '%s'", key);
		return -1;
	}
	if (set_value(cfg, i, value, &why) < 0) {
		*errstr_r = xasprintf("key '%s': %s", key, why);
		free(why);
		return -1;
	}
	return 0;
}

void
config_print_defaults(FILE *fp)
{
	const char *section = "";
	size_t i;

	fprintf(fp, "# altconnect configuration: every key with its default\n");
	for (i = 0; i < NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		const char *dot = strchr(k->name, '.');
		size_t slen = (size_t)(dot - k->name);

		if (strncmp(section, k->name, slen) != 0 || section[slen] != '.') {
			fprintf(fp, "\n[%.*s]\n", (int)slen, k->name);
			section = k->name;
		}
		fprintf(fp, "# %s", k->help);
		if (k->type == CFG_INT || k->type == CFG_BYTES || k->type == CFG_DURATION)
			fprintf(fp, " (%lld..%lld)", k->min, k->max);
		fprintf(fp, "\n%s = %s\n", dot + 1, k->def);
	}
}

void
config_print_man(FILE *fp)
{
	static const char *const types[] = { "string", "integer", "yes|no", "size",
	    "duration", "HH:MM", "path" };
	const char *section = "";
	size_t i;

	fputs(".Dd November 23, 2026\n.Dt ALTCONNECT.CONF 5\n.Os\n.Sh NAME\n"
	    ".Nm altconnect.conf\n.Nd altconnect configuration file\n.Sh DESCRIPTION\n"
	    "An INI file read by\n.Xr altc 1 .\nEvery key has a default, so an empty or missing\n"
	    "file works.\nSizes take a k, M or G suffix (powers of 1000), durations an s, m, h\n"
	    "or d suffix; times of day are local.\nAn unknown key or a value out of bounds is an\n"
	    "error that names the file, the line and the key; the program then exits 78.\n"
	    "A password file must not be readable by group or others.\n"
	    "A relative path is relative to the directory of the configuration file\n"
	    "(not to the working directory: an MTA runs\n.Ic altc deliver\n"
	    "from its own queue directory); with no configuration file, to the working\n"
	    "directory.\n"
	    "Addresses, domains, URLs, locales and listen addresses are checked when the\n"
	    "file is read\n.Po Ic altc check ,\nthe daemon's start and\n.Dv SIGHUP\n.Pc .\n"
	    "Certificate files and the templates directory must exist when the file is read.\n"
	    ".Ic mail.from\nmay carry a display name\n.Pq Ql altconnect <noreply@univ.example> ;\n"
	    "it is then used unless\n.Ic mail.from_name\nis set.\n", fp);
	for (i = 0; i < NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		const char *dot = strchr(k->name, '.');
		size_t slen = (size_t)(dot - k->name);

		if (strncmp(section, k->name, slen) != 0 || section[slen] != '.') {
			if (*section)
				fputs(".El\n", fp);
			fprintf(fp, ".Sh [%.*s]\n.Bl -tag -width Ds\n", (int)slen, k->name);
			section = k->name;
		}
		fprintf(fp, ".It Ic %s No = Ar %s\n%s.\n", dot + 1, types[k->type], k->help);
		fprintf(fp, "Default:\n.Ql %s", k->def);
		if (k->type == CFG_INT || k->type == CFG_BYTES || k->type == CFG_DURATION)
			fprintf(fp, " ;\nfrom %lld to %lld", k->min, k->max);
		fputs(".\n", fp);
	}
	fputs(".El\n.Sh SEE ALSO\n.Xr altc 1 ,\n.Xr altc-serve 8\n", fp);
}

void
config_print(const struct config *cfg, FILE *fp)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		fprintf(fp, "%s = %s\n", config_keys[i].name, cfg->values[i]);
}

const char *
config_find_path(const char *opt, int *explicit_r)
{
	const char *e;

	*explicit_r = 1;
	if (opt != NULL)
		return opt;
	if ((e = getenv("ALTC_CONFIG")) != NULL && *e != '\0')
		return e;
	*explicit_r = 0;
	if (access("altconnect.conf", F_OK) == 0)
		return "altconnect.conf";
	if (access(ALTC_CONFDIR "/altconnect.conf", F_OK) == 0)
		return ALTC_CONFDIR "/altconnect.conf";
	return NULL;
}
