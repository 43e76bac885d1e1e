/*
 * cli_engine.c - the core's commands (init, serve, deliver, check, config,
 * sweep), its jobs, and its module descriptor.
 */
#include "compat.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "serve.h"
#include "spool.h"
#include "strbuf.h"
#include "sweep.h"
#include "util.h"

static int
cmd_config(struct altc *ctx, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--defaults") == 0) {
		config_print_defaults(stdout);
		return EX_OK;
	}
	if (argc == 2 && strcmp(argv[1], "--man") == 0) {
		config_print_man(stdout);
		return EX_OK;
	}
	if (argc == 1) {
		char *err = NULL;
		int explicit;
		const char *path = config_find_path(ctx->config_path, &explicit);
		struct config *cfg = config_load(path, explicit, &err);

		if (cfg == NULL) {
			log_warnx("configuration: %s", err);
			free(err);
			return EX_CONFIG;
		}
		printf("# %s\n", path ? path : "no configuration file: embedded defaults");
		config_print(cfg, stdout);
		config_free(&cfg);
		return EX_OK;
	}
	return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
}

static int
cmd_init(struct altc *ctx, int argc, char **argv)
{
	int demo = cli_take_flag(&argc, argv, "demo");
	const char *dbpath = config_str(ctx->cfg, "paths.db");
	char *err = NULL, *dir;
	struct db *db;
	int rc = EX_OK;

	if (argc > 1)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
	if (spool_create(ctx, &err) < 0) {
		log_warnx("spool: %s", err);
		free(err);
		return EX_CANTCREAT;
	}
	if (mkdir_p(ctx->docs, 0750) < 0) {
		log_warn("cannot create '%s'", ctx->docs);
		return EX_CANTCREAT;
	}
	dir = xstrdup(dbpath);
	if (strrchr(dir, '/')) {
		*strrchr(dir, '/') = '\0';
		if (*dir && mkdir_p(dir, 0750) < 0) {
			log_warn("cannot create '%s'", dir);
			free(dir);
			return EX_CANTCREAT;
		}
	}
	free(dir);
	if ((db = db_open(dbpath, 1, &err)) == NULL) {
		log_warnx("database: %s", err);
		free(err);
		return EX_CANTCREAT;
	}
	ctx->db = db;
	if (demo) {
		if (db_begin(db) < 0 || modules_demo(ctx, &err) < 0 || db_commit(db) < 0) {
			log_warnx("demo: %s", err ? err : "database error");
			free(err);
			db_rollback(db);
			rc = EX_SOFTWARE;
		}
	}
	if (rc == EX_OK)
		printf("initialised %s: database %s, spool %s\n", demo ? "a demo instance" : "an instance",
		    dbpath, ctx->spool);
	return rc;
}

static int
cmd_serve(struct altc *ctx, int argc, char **argv)
{
	struct serve_opts o = { 0 };

	o.once = cli_take_flag(&argc, argv, "once");
	o.foreground = 1;
	if (cli_take_flag(&argc, argv, "syslog"))
		o.foreground = 0;
	if (argc > 1)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
	o.config_path = ctx->config_path;
	log_init(o.foreground, log_verbose());
	return serve_run(ctx, &o);
}

/* read_all - the whole of fd into sb; -1 with errno */
static int
read_all(int fd, struct strbuf *sb, size_t max)
{
	for (;;) {
		ssize_t n;

		strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, 65536);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
		if (sb->len > max) {
			errno = EFBIG;
			return -1;
		}
	}
}

static int
cmd_deliver(struct altc *ctx, int argc, char **argv)
{
	const char *rcpt = cli_take_opt(&argc, argv, "rcpt");
	const char *import = cli_take_opt(&argc, argv, "import");
	struct strbuf sb = STRBUF_INIT;
	char *err = NULL;
	enum input_kind kind = INPUT_MAIL;
	int fd = 0, rc = EX_OK;
	size_t max = (size_t)config_int(ctx->cfg, "limits.message_bytes");

	if (argc == 3 && strcmp(argv[1], "-r") == 0)
		rcpt = argv[2];
	else if (argc > 1)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
	if (import) {
		kind = INPUT_IMPORT;
		max = SIZE_MAX / 2;
		if (strcmp(import, "-") != 0 && (fd = open(import, O_RDONLY | O_CLOEXEC)) < 0) {
			log_warn("cannot open '%s'", import);
			return EX_NOINPUT;
		}
	}
	if (read_all(fd, &sb, max) < 0) {
		if (errno == EFBIG) {
			log_warnx("message larger than limits.message_bytes (%zu)", max);
			rc = EX_DATAERR;
		} else {
			log_warn("reading the input");
			rc = EX_TEMPFAIL;
		}
		goto out;
	}
	if (sb.len == 0) {
		log_warnx("empty input, nothing delivered");
		rc = EX_DATAERR;
		goto out;
	}
	if (spool_deliver(ctx, kind, sb.buf, sb.len, rcpt, import, &err) < 0) {
		int e = errno;

		/* an absurd recipient is refused (the MTA bounces it); a full disk, a
		 * permission, a missing spool are all curable on our side */
		log_warnx("deliver: %s", err);
		free(err);
		rc = e == ENAMETOOLONG ? EX_NOUSER : EX_TEMPFAIL;
	}
out:
	if (fd > 0)
		close(fd);
	strbuf_release(&sb);
	return rc;
}

/* check_dir - report one spool directory; returns 1 when it is a problem */
static int
check_dir(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		printf("spool: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode) || access(path, R_OK | W_OK | X_OK) < 0) {
		printf("spool: %s: not a writable directory\n", path);
		return 1;
	}
	return 0;
}

/*
 * greeting - the relay's first reply line on a plain smtp:// connection (fd
 * connected); 1 when it is a 2xx, 0 with the server's own words in *why_r
 */
static int
greeting(int fd, char **why_r, char **said_r)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	char buf[512];
	ssize_t n;
	size_t len;

	if (poll(&pfd, 1, 5000) != 1 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0) {
		*why_r = xstrdup("connected, but the server said nothing within 5 s");
		return 0;
	}
	buf[n] = '\0';
	len = strcspn(buf, "\r\n");
	buf[len] = '\0';
	if (buf[0] == '2') {
		*said_r = xstrdup(buf);
		return 1;
	}
	*why_r = xasprintf("the server said \"%s\"", buf);
	return 0;
}

/* tcp_reachable - whether host:port of a smtp(s)://host[:port] URL accepts a connection */
static int
tcp_reachable(const char *url, char **why_r, char **said_r)
{
	const char *p = strstr(url, "://");
	char host[256], port[16];
	struct addrinfo hints = { 0 }, *res, *ai;
	size_t n;
	int ok = 0, rc;

	p = p ? p + 3 : url;
	n = strcspn(p, ":/");
	if (n == 0 || n >= sizeof(host)) {
		*why_r = xstrdup("no host in the URL");
		return 0;
	}
	memcpy(host, p, n);
	host[n] = '\0';
	if (p[n] == ':')
		xsnprintf(port, sizeof(port), "%.*s", (int)strcspn(p + n + 1, "/"), p + n + 1);
	else
		xstrlcpy(port, strncmp(url, "smtps:", 6) == 0 ? "465" : "25", sizeof(port));
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		*why_r = xasprintf("%s: %s", host, gai_strerror(rc));
		return 0;
	}
	for (ai = res; ai && !ok; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK, ai->ai_protocol);
		struct pollfd pfd;
		int err = 0;
		socklen_t elen = sizeof(err);

		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			ok = 1;
		else if (errno == EINPROGRESS) {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, 5000) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0)
				ok = 1;
			else
				errno = err ? err : ETIMEDOUT;
		}
		if (!ok) {
			free(*why_r);
			*why_r = xasprintf("%s:%s: %s", host, port, strerror(errno));
		} else if (strncmp(url, "smtp:", 5) == 0) {
			int fl = fcntl(fd, F_GETFL);

			/* a plain session: the greeting says whether the relay takes mail now */
			free(*why_r);
			*why_r = NULL;
			(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
			ok = greeting(fd, why_r, said_r);
			close(fd);
			break;	/* the server answered: its word is final */
		}
		close(fd);
	}
	freeaddrinfo(res);
	return ok;
}

static int
cmd_check(struct altc *ctx, int argc, char **argv)
{
	static const char *const subs[] = { "mail/new", "mail/cur", "mail/tmp", "import/new",
	    "import/cur", "import/tmp", "outbox/new", "outbox/tmp", "done", "failed", "reports" };
	int problems = 0, explicit;
	const char *path = config_find_path(ctx->config_path, &explicit);
	char *err = NULL;
	struct db *db;
	size_t i;

	(void)argc;
	(void)argv;
	printf("configuration: %s: ok\n", path ? path : "embedded defaults");
	for (i = 0; i < ARRAY_SIZE(subs); i++) {
		char *p = altc_spool_path(ctx, subs[i]);

		problems += check_dir(p);
		free(p);
	}
	if (!problems)
		printf("spool: %s: ok\n", ctx->spool);
	if ((db = db_open(config_str(ctx->cfg, "paths.db"), 0, &err)) == NULL) {
		printf("database: %s\n", err);
		free(err);
		problems++;
	} else {
		if (db_integrity(db, &err) < 0) {
			printf("database: %s\n", err);
			free(err);
			problems++;
		} else
			printf("database: %s: ok (schema version %d)\n", db->path, db_schema_version());
		db_close(&db);
	}
	if (*config_str(ctx->cfg, "smtp.url") == '\0')
		printf("relay: none configured: mail is written to %s/outbox/new\n", ctx->spool);
	else {
		char *why = NULL, *said = NULL;

		if (tcp_reachable(config_str(ctx->cfg, "smtp.url"), &why, &said))
			printf("relay: %s: reachable%s%s\n", config_str(ctx->cfg, "smtp.url"),
			    said ? ": " : "", said ? said : "");
		else {
			printf("relay: %s: unreachable: %s\n", config_str(ctx->cfg, "smtp.url"),
			    why ? why : "no address");
			problems++;
		}
		free(why);
		free(said);
	}
	problems += cli_check_owner(ctx);
	MODULES_EACH(m)
		if (m->check)
			problems += m->check(ctx);
	return problems ? EX_CONFIG : EX_OK;
}

static int
cmd_job(struct altc *ctx, int argc, char **argv)
{
	const struct job *j;
	size_t did = 0;

	if (argc > 1)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
	if ((j = jobs_find(argv[0])) == NULL) {
		log_warnx("'%s' is not available in this build", argv[0]);
		return EX_UNAVAILABLE;
	}
	/* the sweep is every layer's work due at the sweep's time (offer expiry too) */
	if (strcmp(j->name, "sweep") == 0 && j->schedule_key) {
		if (jobs_run_schedule(ctx, j->schedule_key, &did) < 0)
			return EX_SOFTWARE;
	} else if (jobs_run(ctx, j, &did) < 0)
		return EX_SOFTWARE;
	printf("%s: %zu done\n", argv[0], did);
	return EX_OK;
}

static int
job_sweep(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	return sweep_run(ctx, did_r, errstr_r);
}

static int
job_import_scan(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	struct spool_stats st;

	if (spool_drain(ctx, 1u << INPUT_IMPORT, 0, &st) < 0) {
		*errstr_r = xstrdup("the database is unavailable");
		return -1;
	}
	*did_r = st.done + st.failed;
	return 0;
}

static const struct job engine_jobs[] = {
	{ "sweep", JOB_DAILY, "schedule.sweep", NULL, job_sweep },
	{ "import-scan", JOB_DAILY, "schedule.import_scan", NULL, job_import_scan },
	{ NULL, 0, NULL, NULL, NULL }
};

static const struct cli_cmd commands[] = {
	{ "init", cmd_init, CLI_CONFIG,
	  "  altc init [--demo]\n",
	  "create the database and the spool; --demo loads the demo instance" },
	{ "serve", cmd_serve, CLI_DB,
	  "  altc serve [--once] [--syslog]\n",
	  "run the daemon; --once drains the spool and the outbox, runs due jobs and exits" },
	{ "deliver", cmd_deliver, CLI_MTA,
	  "  altc deliver [-r RCPT] < MESSAGE\n"
	  "  altc deliver --import FILE|-\n",
	  "hand one message (or an import file) to the spool; exit 75 on temporary failure" },
	{ "check", cmd_check, CLI_CONFIG,
	  "  altc check\n",
	  "check the configuration, the spool, the database, the relay and the mailbox" },
	{ "config", cmd_config, CLI_NONE,
	  "  altc config             print the effective configuration\n"
	  "  altc config --defaults  print every key with its default and help\n"
	  "  altc config --man       print the altconnect.conf(5) manual page\n",
	  "show the configuration" },
	{ "sweep", cmd_job, CLI_DB,
	  "  altc sweep\n",
	  "run the expiry, archiving and retention sweep now" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

const struct module core_module = {
	.name = "core",
	.commands = commands,
	.jobs = engine_jobs,
	.personal = person_core_columns,
	.retention = person_core_retention,
};
