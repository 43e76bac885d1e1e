/*
 * token.h - capability tokens carried by links and reply addresses.
 * 160 random bits from getrandom(), written as 32 lowercase base32 letters
 * (mail clients change the case of addresses, so lookups fold case); only
 * the SHA-256 of the token is stored.  Each token has a purpose, a subject
 * object, the user it was issued to, the commands it allows (comma list,
 * empty = any), an expiry and a use count (max_uses 0 = until revoked).
 */
#ifndef ALTC_TOKEN_H
#define ALTC_TOKEN_H

#include <stdint.h>

struct db;

#define TOKEN_CHARS 32
#define TOKEN_BUFSZ (TOKEN_CHARS + 1)

enum token_status {
	TOKEN_OK = 0,
	TOKEN_UNKNOWN,
	TOKEN_EXPIRED,
	TOKEN_SPENT,		/* used up or revoked */
};

struct token_info {
	int64_t id;
	char purpose[32];
	char object_type[32];
	int64_t object_id;
	int64_t user_id;
	char commands[256];
	int64_t expires_at;
	int max_uses;
	int uses;
	int revoked;
};

/* token_issue - new token into out (TOKEN_BUFSZ); -1 with errstr on SQL error */
int token_issue(struct db *db, const char *purpose, const char *object_type,
    int64_t object_id, int64_t user_id, const char *commands, int64_t ttl,
    int max_uses, char out[TOKEN_BUFSZ], char **errstr_r);

/*
 * token_lookup - find a token by its clear text (any case); fills info_r when
 * known (even if expired or spent).  Returns a token_status, or -1 on SQL error.
 */
int token_lookup(struct db *db, const char *clear, struct token_info *info_r, char **errstr_r);

/* token_allows - whether the token permits command verb (upper-case canonical name) */
int token_allows(const struct token_info *t, const char *verb);

/* token_consume - count one use; -1 on SQL error */
int token_consume(struct db *db, int64_t id, char **errstr_r);

/* token_revoke_object - revoke every token of an object (it was decided) */
int token_revoke_object(struct db *db, const char *object_type, int64_t object_id, char **errstr_r);

/* token_is_wellformed - 32 base32 letters in any case */
int token_is_wellformed(const char *s, size_t len);

/*
 * token_scrub - text with every token the platform issued removed: each run
 * of exactly TOKEN_CHARS base32 letters whose hash is in table tokens is
 * cut out (a link keeps its prefix).  Returns how many were removed, with
 * *out_r a new string when any (else NULL), or -1 on SQL error.
 */
int token_scrub(struct db *db, const char *text, char **out_r, char **errstr_r);

/*
 * token_mask - s with each run of exactly TOKEN_CHARS base32 letters
 * replaced by the token's hex SHA-256: the form in which the database keeps
 * our Message-IDs (which carry the reply key), and in which one is looked
 * up; caller frees
 */
char *token_mask(const char *s);

/* token_hash - hex SHA-256 of the lower-cased token into out (65 bytes) */
void token_hash(const char *clear, size_t len, char out[65]);

#endif
