/*
 * compose.h - one outbox row into one RFC 5322 message, deterministically:
 * the same row always gives the same bytes (Date from created_at, MIME
 * boundaries from the row id, no clock, no randomness), so a resend after a
 * crash is the same message with the same Message-ID.
 *
 * Structure: multipart/alternative (text/plain, text/html, and text/calendar
 * METHOD:REQUEST when the variables carry a "calendar" object), inside
 * multipart/mixed when the row has attachments.  An attachments_json entry
 * with a "cid" ("chart@host") is not an attachment but a part the HTML shows
 * as <img src="cid:chart@host">: the HTML then becomes multipart/related
 * (text/html, then each such part, base64, Content-ID and disposition
 * inline) inside the alternative.  Bodies are quoted-
 * printable UTF-8 (lines <= 76), attachments base64; subjects and display
 * names are RFC 2047 encoded; no value from the database can add a header
 * line (CR, LF and other controls are replaced, addresses are checked).
 */
#ifndef ALTC_COMPOSE_H
#define ALTC_COMPOSE_H

#include <stdint.h>

#include "strbuf.h"

struct outbox_row;
struct tmpl_store;
struct json_object;

/* what composition needs from the configuration */
struct compose_env {
	const char *domain;		/* mail.domain */
	const char *from;		/* mail.from */
	const char *from_name;		/* mail.from_name, also {{platform_name}} */
	const char *base_url;		/* mail.base_url */
	struct tmpl_store *store;	/* templates */
};

struct composed {
	struct strbuf msg;		/* the whole message, CRLF line ends */
	char *message_id;		/* "<...>" */
	char *envelope_from;		/* bounces+ID@domain (SMTP MAIL FROM, Return-Path) */
	char *subject;			/* decoded subject, for logs and tests */
};

void composed_init(struct composed *c);
void composed_release(struct composed *c);

/*
 * compose_message - render and assemble row.  Returns 0, or -1 with
 * *errstr_r when the row cannot become a message (unknown template, render
 * error, bad address, unreadable attachment): a permanent failure of that row.
 */
int compose_message(const struct compose_env *env, const struct outbox_row *row,
    struct composed *out, char **errstr_r);

/* the three rendered parts of a row */
struct rendered {
	char *subject;			/* one line, without the [AC-] tag */
	struct strbuf text;		/* LF line ends */
	struct strbuf html;
	struct json_object *vars;	/* the variables used (row's and common ones) */
};

void rendered_release(struct rendered *r);

/*
 * compose_reply_local - the local part before "+TOKEN" of the answer
 * address: "msg" when the variables ask for the masked relay
 * ("reply_route": "msg"), else "reply"
 */
const char *compose_reply_local(struct json_object *vars);

/*
 * compose_render - the templates of row->template in row->locale (fallback
 * fr) rendered with the row's variables plus the common ones (see
 * templates/VARIABLES.md).  -1 with *errstr_r on any render error.
 */
int compose_render(const struct compose_env *env, const struct outbox_row *row,
    struct rendered *out, char **errstr_r);

/*
 * compose_subject - only the subject line of row->template, rendered with
 * the row's variables (digests list the subjects of what they gather).
 * Returns a new string, or NULL with *errstr_r.
 */
char *compose_subject(const struct compose_env *env, const struct outbox_row *row,
    char **errstr_r);

/*
 * compose_digest_line - the optional second line "Digest: ..." of
 * row->template, rendered: what a digest shows of the item under its
 * subject (an offer's company, place, duration, rating).  NULL when the
 * template has none (*errstr_r NULL) or on error (*errstr_r set).
 */
char *compose_digest_line(const struct compose_env *env, const struct outbox_row *row,
    char **errstr_r);

/* compose_date - "23 novembre 2026" or "23 November 2026" (fallback fr) */
char *compose_date(const char *locale, int64_t t);

/* compose_message_id - "<TOKEN.KIND@DOMAIN>" or "<altc-ID-CREATEDAT@DOMAIN>" into out */
void compose_message_id(const struct compose_env *env, const struct outbox_row *row,
    struct strbuf *out);

/* header helpers (compose_header.c), exposed for the tests */

/* hdr_encode_phrase - RFC 2047 (B, UTF-8) when needed, else as is; controls become spaces */
void hdr_encode_text(struct strbuf *out, const char *s, size_t used);
/* hdr_address_ok - a plain addr-spec we are willing to put in a header */
int hdr_address_ok(const char *addr);
/* hdr_mailbox - "Name <addr>" with the name encoded or quoted as needed */
void hdr_mailbox(struct strbuf *out, const char *name, const char *addr, size_t used);
/* qp_encode - quoted-printable with CRLF line ends and lines <= 76 */
void qp_encode(struct strbuf *out, const char *in, size_t len);
/* hdr_date - RFC 5322 date of t in UTC */
void hdr_date(struct strbuf *out, int64_t t);
/* hdr_clean - copy s replacing CR, LF and other controls by spaces */
char *hdr_clean(const char *s);

/* compose_calendar - an iCalendar body from a "calendar" object; -1 with errstr */
int compose_calendar(struct json_object *cal, int64_t stamp, const char *from,
    struct strbuf *out, char **errstr_r);

#endif
