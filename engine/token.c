/*
 * token.c - issuing and checking tokens.  The clear token exists only in the
 * mail or the link; the database holds its SHA-256 (GnuTLS), so a leaked
 * database cannot be replayed as replies.
 */
#include "compat.h"

#include <ctype.h>
#include <sys/random.h>

#include "db.h"
#include "sha256.h"
#include "strbuf.h"
#include "token.h"
#include "util.h"

static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

int
token_is_wellformed(const char *s, size_t len)
{
	size_t i;

	if (len != TOKEN_CHARS)
		return 0;
	for (i = 0; i < len; i++) {
		int c = tolower((unsigned char)s[i]);

		if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')))
			return 0;
	}
	return 1;
}

void
token_hash(const char *clear, size_t len, char out[65])
{
	unsigned char low[TOKEN_CHARS];
	size_t i;

	if (len > sizeof(low))
		len = sizeof(low);
	for (i = 0; i < len; i++)
		low[i] = (unsigned char)tolower((unsigned char)clear[i]);
	sha256_hex(low, len, out);
}

static int
is_b32(int c)
{
	c = tolower(c);
	return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
}

int
token_scrub(struct db *db, const char *text, char **out_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM tokens WHERE hash = ?");
	struct strbuf out = STRBUF_INIT;
	const char *p = text, *copied = text;
	int n = 0, rc;

	*out_r = NULL;
	while (*p) {
		const char *run = p;
		char hash[65];

		if (!is_b32((unsigned char)*p)) {
			p++;
			continue;
		}
		while (is_b32((unsigned char)*p))
			p++;
		if (p - run != TOKEN_CHARS)
			continue;
		token_hash(run, TOKEN_CHARS, hash);
		db_bind_text(st, 1, hash);
		rc = db_step(db, st, errstr_r);
		sqlite3_reset(st);
		if (rc < 0) {
			strbuf_release(&out);
			return -1;
		}
		if (rc == 1) {
			strbuf_add(&out, copied, (size_t)(run - copied));
			copied = p;
			n++;
		}
	}
	if (n > 0) {
		strbuf_addstr(&out, copied);
		*out_r = strbuf_detach(&out, NULL);
	}
	strbuf_release(&out);
	return n;
}

char *
token_mask(const char *s)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = s;

	while (*p) {
		const char *run = p;
		char hash[65];

		if (!is_b32((unsigned char)*p)) {
			strbuf_addch(&out, *p++);
			continue;
		}
		while (is_b32((unsigned char)*p))
			p++;
		if (p - run == TOKEN_CHARS) {
			token_hash(run, TOKEN_CHARS, hash);
			strbuf_addstr(&out, hash);
		} else
			strbuf_add(&out, run, (size_t)(p - run));
	}
	return strbuf_detach(&out, NULL);
}

static void
random_token(char out[TOKEN_BUFSZ])
{
	unsigned char raw[20];	/* 160 bits = 32 base32 letters */
	size_t got = 0, i;
	unsigned int acc = 0, bits = 0, n = 0;

	while (got < sizeof(raw)) {
		ssize_t r = getrandom(raw + got, sizeof(raw) - got, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			BUG("getrandom: %s", strerror(errno));
		}
		got += (size_t)r;
	}
	for (i = 0; i < sizeof(raw); i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[n] = '\0';
}

int
token_issue(struct db *db, const char *purpose, const char *object_type,
    int64_t object_id, int64_t user_id, const char *commands, int64_t ttl,
    int max_uses, char out[TOKEN_BUFSZ], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT INTO tokens (hash, purpose, object_type, object_id, user_id, commands,"
	    " expires_at, max_uses, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	char hash[65];
	int64_t now = now_epoch();

	random_token(out);
	token_hash(out, TOKEN_CHARS, hash);
	db_bind_keep(st, 1, hash);
	db_bind_keep(st, 2, purpose);
	db_bind_keep(st, 3, object_type);
	if (object_id)
		db_bind_int(st, 4, object_id);
	if (user_id)
		db_bind_int(st, 5, user_id);
	db_bind_keep(st, 6, commands ? commands : "");
	db_bind_int(st, 7, now + ttl);
	db_bind_int(st, 8, max_uses);
	db_bind_int(st, 9, now);
	return db_done(db, st, errstr_r) < 0 ? -1 : 0;
}

static void
copy_col(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	(void)xstrlcpy(dst, db_col_text(st, col), size);
}

int
token_lookup(struct db *db, const char *clear, struct token_info *t, char **errstr_r)
{
	sqlite3_stmt *st;
	char hash[65];
	int rc;

	memset(t, 0, sizeof(*t));
	if (!token_is_wellformed(clear, strlen(clear)))
		return TOKEN_UNKNOWN;
	token_hash(clear, TOKEN_CHARS, hash);
	st = db_prepare(db,
	    "SELECT id, purpose, object_type, object_id, user_id, commands, expires_at,"
	    " max_uses, uses, revoked FROM tokens WHERE hash = ?");
	db_bind_text(st, 1, hash);
	rc = db_step(db, st, errstr_r);
	if (rc <= 0) {
		sqlite3_reset(st);
		return rc < 0 ? -1 : TOKEN_UNKNOWN;
	}
	t->id = sqlite3_column_int64(st, 0);
	copy_col(t->purpose, sizeof(t->purpose), st, 1);
	copy_col(t->object_type, sizeof(t->object_type), st, 2);
	t->object_id = sqlite3_column_int64(st, 3);
	t->user_id = sqlite3_column_int64(st, 4);
	copy_col(t->commands, sizeof(t->commands), st, 5);
	t->expires_at = sqlite3_column_int64(st, 6);
	t->max_uses = sqlite3_column_int(st, 7);
	t->uses = sqlite3_column_int(st, 8);
	t->revoked = sqlite3_column_int(st, 9);
	sqlite3_reset(st);
	if (t->revoked || (t->max_uses > 0 && t->uses >= t->max_uses))
		return TOKEN_SPENT;
	if (t->expires_at <= now_epoch())
		return TOKEN_EXPIRED;
	return TOKEN_OK;
}

int
token_allows(const struct token_info *t, const char *verb)
{
	const char *p = t->commands;
	size_t vlen = strlen(verb);

	if (*p == '\0')
		return 1;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == vlen && strncasecmp(p, verb, len) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

int
token_consume(struct db *db, int64_t id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE tokens SET uses = uses + 1 WHERE id = ?");

	db_bind_int(st, 1, id);
	return db_done(db, st, errstr_r) < 0 ? -1 : 0;
}

int
token_revoke_object(struct db *db, const char *object_type, int64_t object_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE tokens SET revoked = 1 WHERE object_type = ? AND object_id = ?");

	db_bind_text(st, 1, object_type);
	db_bind_int(st, 2, object_id);
	return db_done(db, st, errstr_r) < 0 ? -1 : 0;
}
