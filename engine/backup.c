/*
 * backup.c - altc backup and altc restore (see backup.h for the order of the
 * copies and why it is safe while the daemon runs).  Files are copied with
 * their mode; tmp/ directories and the daemon's lock are not copied.
 */
#include "compat.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "backup.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "strbuf.h"
#include "util.h"

/* copy_file - src to a new file dst with the same mode, fsynced; -1 with errno */
static int
copy_file(const char *src, const char *dst, mode_t mode)
{
	char buf[65536];
	int in, out, rc = 0;
	ssize_t n;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : -1;	/* moved away meanwhile: the next copy has it */
	if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode & 0777)) < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		if (write_full(out, buf, (size_t)n) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && fsync(out) < 0)
		rc = -1;
	if (close(out) < 0)
		rc = -1;
	close(in);
	return rc;
}

/* copy_tree - src into dst recursively (dst created); counts files; -1 with *errstr_r */
static int
copy_tree(const char *src, const char *dst, size_t *files_r, char **errstr_r)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	int rc = 0;

	if (stat(src, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		*errstr_r = xasprintf("%s: %s", src, strerror(errno));
		return -1;
	}
	if (mkdir(dst, st.st_mode & 0777) < 0 && errno != EEXIST) {
		*errstr_r = xasprintf("%s: %s", dst, strerror(errno));
		return -1;
	}
	if ((d = opendir(src)) == NULL) {
		*errstr_r = xasprintf("%s: %s", src, strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char *s, *t;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, ".lock") == 0)
			continue;
		s = xasprintf("%s/%s", src, e->d_name);
		t = xasprintf("%s/%s", dst, e->d_name);
		if (lstat(s, &st) < 0) {
			if (errno != ENOENT) {
				*errstr_r = xasprintf("%s: %s", s, strerror(errno));
				rc = -1;
			}
		} else if (S_ISDIR(st.st_mode)) {
			/* half-written files are not inputs yet: tmp/ is recreated empty */
			if (strcmp(e->d_name, "tmp") == 0) {
				if (mkdir(t, st.st_mode & 0777) < 0 && errno != EEXIST) {
					*errstr_r = xasprintf("%s: %s", t, strerror(errno));
					rc = -1;
				}
			} else
				rc = copy_tree(s, t, files_r, errstr_r);
		} else if (S_ISREG(st.st_mode)) {
			if (copy_file(s, t, st.st_mode) < 0) {
				*errstr_r = xasprintf("%s: %s", t, strerror(errno));
				rc = -1;
			} else
				(*files_r)++;
		}
		free(s);
		free(t);
	}
	closedir(d);
	return rc;
}

/* online_backup - the whole database from into the new file to, page by page */
static int
online_backup(sqlite3 *from, const char *to, char **errstr_r)
{
	sqlite3 *dst;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		*errstr_r = xasprintf("%s: %s", to, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_busy_timeout(dst, 5000);
	if ((b = sqlite3_backup_init(dst, "main", from, "main")) == NULL) {
		*errstr_r = xasprintf("%s: %s", to, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	/*
	 * all pages in one step: one read transaction, a consistent snapshot; in
	 * WAL mode the daemon keeps writing beside it (smaller steps would
	 * restart the copy at each of its commits)
	 */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		*errstr_r = xasprintf("%s: %s", to, sqlite3_errstr(rc));
		sqlite3_close(dst);
		return -1;
	}
	/* a single file: no -wal beside it */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(dst);
	if (rc != SQLITE_OK) {
		*errstr_r = xasprintf("%s: cannot leave WAL mode", to);
		return -1;
	}
	return 0;
}

/* manifest - the row count of every table, so a restore can be checked */
static int
manifest(struct db *db, const char *path, size_t spool_files, size_t doc_files, char **errstr_r)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st;
	int fd, rc = 0;

	strbuf_addf(&sb, "altconnect backup\nschema %d\ncreated %lld\nspool_files %zu\ndoc_files %zu\n",
	    db_schema_version(), (long long)now_epoch(), spool_files, doc_files);
	if (sqlite3_prepare_v2(db->h, "SELECT name FROM sqlite_master WHERE type = 'table'"
	    " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name", -1, &st,
	    NULL) != SQLITE_OK) {
		*errstr_r = xasprintf("manifest: %s", sqlite3_errmsg(db->h));
		strbuf_release(&sb);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		char *q = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", t);
		sqlite3_stmt *c;

		if (sqlite3_prepare_v2(db->h, q, -1, &c, NULL) == SQLITE_OK &&
		    sqlite3_step(c) == SQLITE_ROW)
			strbuf_addf(&sb, "rows %s %lld\n", t, (long long)sqlite3_column_int64(c, 0));
		sqlite3_finalize(c);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) < 0 ||
	    write_full(fd, sb.buf, sb.len) < 0 || fsync(fd) < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	strbuf_release(&sb);
	return rc;
}

int
backup_make(struct altc *ctx, const char *dir, char **errstr_r)
{
	char *p, *dbfile;
	size_t nspool = 0, ndocs = 0;
	int rc = -1;

	if (mkdir(dir, 0750) < 0 && (errno != EEXIST || rmdir(dir) < 0 || mkdir(dir, 0750) < 0)) {
		*errstr_r = xasprintf("%s: %s (give a new or empty directory)", dir, strerror(errno));
		return -1;
	}
	/* 1. the spool: what is waiting is either applied in the snapshot or replayed safely */
	p = xasprintf("%s/spool", dir);
	if (copy_tree(ctx->spool, p, &nspool, errstr_r) < 0)
		goto out;
	/* 2. the database, while the daemon writes */
	dbfile = xasprintf("%s/altconnect.db", dir);
	rc = online_backup(ctx->db->h, dbfile, errstr_r);
	free(dbfile);
	if (rc < 0)
		goto out;
	rc = -1;
	/* 3. the documents: every file the snapshot names was written before its row */
	free(p);
	p = xasprintf("%s/docs", dir);
	if (copy_tree(ctx->docs, p, &ndocs, errstr_r) < 0)
		goto out;
	free(p);
	p = xasprintf("%s/MANIFEST", dir);
	if (manifest(ctx->db, p, nspool, ndocs, errstr_r) < 0)
		goto out;
	(void)fsync_dir(dir);
	log_info("backup '%s': database, %zu spool files, %zu documents", dir, nspool, ndocs);
	rc = 0;
out:
	free(p);
	return rc;
}

/* daemon_running - whether a daemon holds spool/.lock */
static int
daemon_running(struct altc *ctx)
{
	char *path = altc_spool_path(ctx, ".lock");
	int fd = open(path, O_RDONLY | O_CLOEXEC), busy = 0;

	free(path);
	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK)
		busy = 1;
	close(fd);
	return busy;
}

int
backup_restore(struct altc *ctx, const char *dir, int force, char **errstr_r)
{
	const char *dbpath = config_str(ctx->cfg, "paths.db");
	char *src = NULL, *tmp = NULL, *p = NULL;
	size_t n = 0;
	struct stat st;
	int rc = -1;

	src = xasprintf("%s/MANIFEST", dir);
	if (access(src, R_OK) < 0) {
		*errstr_r = xasprintf("%s: not a backup (no readable MANIFEST)", dir);
		goto out;
	}
	if (daemon_running(ctx)) {
		*errstr_r = xasprintf("a daemon serves %s: stop it first", ctx->spool);
		goto out;
	}
	if (!force && stat(dbpath, &st) == 0) {
		*errstr_r = xasprintf("%s exists: restore with --force to replace it", dbpath);
		goto out;
	}
	free(src);
	src = xasprintf("%s/spool", dir);
	if (mkdir_p(ctx->spool, 0750) < 0 || copy_tree(src, ctx->spool, &n, errstr_r) < 0) {
		if (*errstr_r == NULL)
			*errstr_r = xasprintf("%s: %s", ctx->spool, strerror(errno));
		goto out;
	}
	free(src);
	src = xasprintf("%s/docs", dir);
	if (mkdir_p(ctx->docs, 0750) < 0 || copy_tree(src, ctx->docs, &n, errstr_r) < 0) {
		if (*errstr_r == NULL)
			*errstr_r = xasprintf("%s: %s", ctx->docs, strerror(errno));
		goto out;
	}
	free(src);
	src = xasprintf("%s/altconnect.db", dir);
	tmp = xasprintf("%s.restore", dbpath);
	p = xstrdup(dbpath);
	if (strrchr(p, '/'))
		*strrchr(p, '/') = '\0';
	if ((strchr(dbpath, '/') && mkdir_p(p, 0750) < 0) || copy_file(src, tmp, 0640) < 0) {
		*errstr_r = xasprintf("%s: %s", tmp, strerror(errno));
		goto out;
	}
	/* the old database's WAL must not be replayed over the restored file */
	free(p);
	p = xasprintf("%s-wal", dbpath);
	(void)unlink(p);
	free(p);
	p = xasprintf("%s-shm", dbpath);
	(void)unlink(p);
	if (rename(tmp, dbpath) < 0) {
		*errstr_r = xasprintf("%s: %s", dbpath, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(src);
	free(tmp);
	free(p);
	return rc;
}
