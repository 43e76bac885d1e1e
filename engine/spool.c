/*
 * spool.c - producing into the spool and the directory layout.  Names follow
 * the Maildir convention (time.unique.host) so they sort by arrival; the
 * envelope recipient and an import's original name travel in the name
 * (",R=" and ",N=" tags, percent-encoded) because the file is the only
 * thing that crosses from the MTA to the daemon.
 */
#include "compat.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "altc.h"
#include "log.h"
#include "spool.h"
#include "spool_name.h"
#include "strbuf.h"
#include "util.h"

static const char *const spool_dirs[] = {
	"mail/tmp", "mail/new", "mail/cur",
	"import/tmp", "import/new", "import/cur",
	"outbox/tmp", "outbox/new", "outbox/cur",
	"done", "failed", "reports",
};

const char *
spool_kind_dir(enum input_kind kind)
{
	switch (kind) {
	case INPUT_MAIL: return "mail";
	case INPUT_IMPORT: return "import";
	case INPUT_NKINDS: break;
	}
	BUG("bad input kind %d", (int)kind);
}

int
spool_create(const struct altc *ctx, char **errstr_r)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(spool_dirs); i++) {
		char *p = xasprintf("%s/%s", ctx->spool, spool_dirs[i]);

		if (mkdir_p(p, 0750) < 0) {
			*errstr_r = xasprintf("%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		if (access(p, W_OK | X_OK) < 0) {
			*errstr_r = xasprintf("%s: not writable: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

/* encode_tag - keep [A-Za-z0-9@._+-], percent-encode the rest */
static void
encode_tag(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = 0;

	for (; *s && n < max; s++, n++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("@._+-", c))
			strbuf_addch(sb, c);
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

void
spool_host_part(const char *hostname, char out[SPOOL_HOST_MAX + 1])
{
	size_t n = 0;

	for (; hostname[n] && hostname[n] != '.' && n < SPOOL_HOST_MAX; n++)
		out[n] = hostname[n] == '/' || hostname[n] == ':' || hostname[n] == ',' ?
		    '_' : hostname[n];
	out[n] = '\0';
}

void
spool_unique_name(struct strbuf *sb, const char *rcpt, const char *hint)
{
	static unsigned long seq;
	struct timeval tv;
	char name[64], host[SPOOL_HOST_MAX + 1];
	unsigned int rnd;

	gettimeofday(&tv, NULL);
	if (gethostname(name, sizeof(name)) < 0)
		xstrlcpy(name, "localhost", sizeof(name));
	name[sizeof(name) - 1] = '\0';
	spool_host_part(name, host);
	if (getentropy(&rnd, sizeof(rnd)) < 0)
		rnd = (unsigned int)tv.tv_usec;
	strbuf_addf(sb, "%lld.M%06ldP%ldQ%luR%08x.%s", (long long)tv.tv_sec,
	    (long)tv.tv_usec, (long)getpid(), ++seq, rnd, host);
	if (rcpt && *rcpt) {
		strbuf_addstr(sb, ",R=");
		encode_tag(sb, rcpt, 254);
	}
	if (hint && *hint) {
		const char *base = strrchr(hint, '/');

		strbuf_addstr(sb, ",N=");
		encode_tag(sb, base ? base + 1 : hint, 80);
	}
}

char *
spool_name_tag(const char *name, char tag)
{
	char pat[4] = { ',', tag, '=', '\0' };
	const char *p = strstr(name, pat), *end;
	struct strbuf sb = STRBUF_INIT;

	if (p == NULL)
		return NULL;
	p += 3;
	end = strchr(p, ',');
	if (end == NULL)
		end = p + strlen(p);
	while (p < end) {
		if (*p == '%' && end - p >= 3 && isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2])) {
			char hex[3] = { p[1], p[2], '\0' };

			strbuf_addch(&sb, (int)strtol(hex, NULL, 16));
			p += 3;
		} else
			strbuf_addch(&sb, *p++);
	}
	return strbuf_detach(&sb, NULL);
}

int
spool_write_file(const char *dir, const char *name, const void *data, size_t len,
    char **errstr_r)
{
	char *tmp = xasprintf("%s/tmp/%s", dir, name);
	char *dst = xasprintf("%s/new/%s", dir, name);
	char *newdir = xasprintf("%s/new", dir);
	int fd, saved, rc = -1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0) {
		saved = errno;
		*errstr_r = xasprintf("%s: %s", tmp, strerror(errno));
		goto out;
	}
	/* run by root (a manual deliver --import): the file is the spool owner's, as the daemon's */
	if (geteuid() == 0) {
		struct stat st;

		if (stat(dir, &st) == 0 && st.st_uid != 0 && fchown(fd, st.st_uid, st.st_gid) < 0)
			log_warn("cannot give '%s' to the spool's owner", tmp);
	}
	if (write_full(fd, data, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		*errstr_r = xasprintf("%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) < 0 || rename(tmp, dst) < 0) {
		saved = errno;
		*errstr_r = xasprintf("%s: %s", dst, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (fsync_dir(newdir) < 0) {
		saved = errno;
		*errstr_r = xasprintf("%s: fsync: %s", newdir, strerror(errno));
		goto out;
	}
	rc = 0;
	saved = 0;
out:
	free(tmp);
	free(dst);
	free(newdir);
	errno = saved;
	return rc;
}

int
spool_deliver(const struct altc *ctx, enum input_kind kind, const void *data,
    size_t len, const char *envelope_rcpt, const char *name_hint, char **errstr_r)
{
	struct strbuf name = STRBUF_INIT;
	char *dir = xasprintf("%s/%s", ctx->spool, spool_kind_dir(kind));
	int rc;

	spool_unique_name(&name, envelope_rcpt, name_hint);
	if (name.len + strlen(".reason") > SPOOL_NAME_MAX) {
		/* the file or its .reason could not be created: refuse, never half-deliver */
		*errstr_r = xasprintf("envelope recipient too long for a spool file name"
		    " (%zu characters)", envelope_rcpt ? strlen(envelope_rcpt) : 0);
		strbuf_release(&name);
		free(dir);
		errno = ENAMETOOLONG;
		return -1;
	}
	rc = spool_write_file(dir, name.buf, data, len, errstr_r);
	strbuf_release(&name);
	free(dir);
	return rc;
}
