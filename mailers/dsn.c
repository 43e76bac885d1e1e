/*
 * dsn.c - bounce reading.  A delivery-status part is a sequence of header
 * blocks (per message, then per recipient); the first failed recipient
 * wins, then the first delayed one.  Without one, the text is searched for
 * an enhanced status code (RFC 3463), else an SMTP reply code, else a phrase
 * from a small table, and the first address that is not a robot's.
 */
#include "compat.h"

#include <ctype.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "dsn.h"
#include "mime.h"
#include "robot.h"
#include "strbuf.h"
#include "util.h"

static const struct { const char *phrase, *status; } phrases[] = {
	{ "user unknown", "5.1.1" }, { "unknown user", "5.1.1" }, { "no such user", "5.1.1" },
	{ "does not exist", "5.1.1" }, { "mailbox unavailable", "5.1.1" },
	{ "invalid recipient", "5.1.1" }, { "recipient address rejected", "5.1.1" },
	{ "no mailbox", "5.1.1" }, { "utilisateur inconnu", "5.1.1" }, { "unknown local part", "5.1.1" },
	{ "host not found", "5.1.2" }, { "host unknown", "5.1.2" }, { "domain not found", "5.1.2" },
	{ "mailbox full", "4.2.2" }, { "over quota", "4.2.2" }, { "quota exceeded", "4.2.2" },
	{ "mailbox is full", "4.2.2" }, { "boite pleine", "4.2.2" },
	{ "message too large", "5.3.4" }, { "message size exceeds", "5.3.4" },
	{ "retry timeout exceeded", "4.4.7" }, { "delivery time expired", "4.4.7" },
	{ "could not be delivered for", "4.4.7" },
};

static pcre2_code *re_status, *re_reply, *re_gone, *re_alive;
static pcre2_match_data *md;

static void
init_patterns(void)
{
	int err;
	PCRE2_SIZE off;

	if (re_status)
		return;
	re_status = pcre2_compile((PCRE2_SPTR)"(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])",
	    PCRE2_ZERO_TERMINATED, PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	re_reply = pcre2_compile((PCRE2_SPTR)"(?<![\\d.])([45][0-5][0-9])(?=[ -])",
	    PCRE2_ZERO_TERMINATED, PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	/* the address itself is dead: no such user, mailbox, domain */
	re_gone = pcre2_compile((PCRE2_SPTR)
	    "user(name)? (is )?unknown|unknown (user|recipient|local[- ]part|mailbox|address|alias)"
	    "|no such (user|mailbox|recipient|address|account|person|domain)"
	    "|(user|mailbox|recipient|address|account|addressee)( \\S+)? (was )?not found"
	    "|(does not|doesn'?t|did not|no longer) exists?|not a (known|valid) (user|recipient|mailbox)"
	    "|invalid (recipient|mailbox|address|user)|recipient (address )?unknown|unknown in "
	    "|(mailbox|account|address) (is )?(disabled|deactivated|closed|deleted|removed|inactive|unavailable)"
	    "|unrouteable address|host (or domain name )?not found|domain (name )?not found"
	    "|unknown (host|domain)|name or service not known|nxdomain|no mx (record|host)"
	    "|has moved|addressee unknown|no mailbox here",
	    PCRE2_ZERO_TERMINATED, PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	/* a reason that says the address exists: full, filtered, blocked, policy */
	re_alive = pcre2_compile((PCRE2_SPTR)
	    "mailbox (is )?full|over ?quota|quota exceeded|insufficient (system )?storage"
	    "|exceeded (the )?storage|spam|blacklist|block ?list|blocked|reputation|policy"
	    "|rbl|dnsbl|content rejected|virus|rate limit|too many|try again later",
	    PCRE2_ZERO_TERMINATED, PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (re_status == NULL || re_reply == NULL || re_gone == NULL || re_alive == NULL)
		BUG("dsn patterns");
	md = pcre2_match_data_create(4, NULL);
}

/* field - value of "Name:" in a header block (folded lines joined), or NULL */
static char *
field(const char *block, size_t len, const char *name)
{
	size_t nl = strlen(name), i = 0;

	while (i < len) {
		const char *line = block + i;
		const char *eol = memchr(line, '\n', len - i);
		size_t ll = eol ? (size_t)(eol - line) : len - i;

		if (ll > nl && strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
			struct strbuf v = STRBUF_INIT;

			strbuf_add(&v, line + nl + 1, ll - nl - 1);
			i += ll + 1;
			while (i < len && (block[i] == ' ' || block[i] == '\t')) {
				const char *e2 = memchr(block + i, '\n', len - i);
				size_t l2 = e2 ? (size_t)(e2 - block - i) : len - i;

				strbuf_add(&v, block + i, l2);
				i += l2 + 1;
			}
			for (size_t k = 0; k < v.len; k++)
				if (v.buf[k] == '\r' || v.buf[k] == '\t')
					v.buf[k] = ' ';
			str_trim(v.buf);
			v.len = strlen(v.buf);
			return strbuf_detach(&v, NULL);
		}
		i += ll + 1;
	}
	return NULL;
}

static int
find_status(const char *s, size_t len, char *out, size_t size)
{
	PCRE2_SIZE *ov;

	if (pcre2_match(re_status, (PCRE2_SPTR)s, len, 0, 0, md, NULL) <= 0)
		return 0;
	ov = pcre2_get_ovector_pointer(md);
	if (ov[1] - ov[0] >= size)
		return 0;
	memcpy(out, s + ov[0], ov[1] - ov[0]);
	out[ov[1] - ov[0]] = '\0';
	return 1;
}

/* refine - a generic X.0.0 made precise by a specific code of the same class in text */
static void
refine(char *status, size_t size, const char *text)
{
	size_t off = 0, len;
	PCRE2_SIZE *ov;

	if (text == NULL || strcmp(status + 1, ".0.0") != 0)
		return;
	len = strlen(text);
	while (off < len && pcre2_match(re_status, (PCRE2_SPTR)text, len, off, 0, md, NULL) > 0) {
		ov = pcre2_get_ovector_pointer(md);
		if (text[ov[0]] == status[0] && ov[1] - ov[0] < size &&
		    strncmp(text + ov[0] + 1, ".0.0", 4) != 0) {
			memcpy(status, text + ov[0], ov[1] - ov[0]);
			status[ov[1] - ov[0]] = '\0';
			return;
		}
		off = ov[1];
	}
}

/* status_from_text - enhanced code, else SMTP reply code, else a phrase */
static void
status_from_text(const char *s, size_t len, char *out, size_t size)
{
	PCRE2_SIZE *ov;

	if (find_status(s, len, out, size))
		return;
	if (pcre2_match(re_reply, (PCRE2_SPTR)s, len, 0, 0, md, NULL) > 0) {
		ov = pcre2_get_ovector_pointer(md);
		xsnprintf(out, size, "%c.0.0", s[ov[0]]);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(phrases); i++)
		if (strcasestr(s, phrases[i].phrase)) {
			(void)xstrlcpy(out, phrases[i].status, size);
			return;
		}
}

static void
set_recipient(struct dsn_result *r, const char *v)
{
	const char *p = strchr(v, ';');
	char *a[1];

	p = p ? p + 1 : v;
	if (mime_addresses(p, a, 1) == 1) {
		(void)xstrlcpy(r->recipient, a[0], sizeof(r->recipient));
		free(a[0]);
	}
}

/* read_3464 - the recipient blocks of a delivery-status body */
static int
read_3464(const char *dsn, struct dsn_result *r, int *seen_r)
{
	const char *p = dsn;
	int best = 0;	/* 3 failed, 2 delayed, 1 other */

	while (*p) {
		const char *end = strstr(p, "\n\n"), *crlf = strstr(p, "\r\n\r\n");
		size_t len;
		char *rcpt, *action, *status, *diag;
		int rank;

		if (crlf && (!end || crlf < end))
			end = crlf;
		len = end ? (size_t)(end - p) : strlen(p);
		rcpt = field(p, len, "Final-Recipient");
		if (rcpt == NULL)
			rcpt = field(p, len, "Original-Recipient");
		if (rcpt) {
			(*seen_r)++;
			action = field(p, len, "Action");
			status = field(p, len, "Status");
			diag = field(p, len, "Diagnostic-Code");
			rank = action == NULL ? 1 : strncasecmp(action, "failed", 6) == 0 ? 3 :
			    strncasecmp(action, "delayed", 7) == 0 ? 2 : 0;
			if (rank > best) {
				best = rank;
				set_recipient(r, rcpt);
				(void)xstrlcpy(r->action, action ? action : "", sizeof(r->action));
				str_lower(r->action);
				r->status[0] = '\0';
				if (status)
					find_status(status, strlen(status), r->status, sizeof(r->status));
				if (r->status[0] == '\0' && diag)
					status_from_text(diag, strlen(diag), r->status, sizeof(r->status));
				if (r->status[0])
					refine(r->status, sizeof(r->status), diag);
			}
			free(action);
			free(status);
			free(diag);
			free(rcpt);
		}
		if (!end)
			break;
		p = end + 2;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	return best;
}

/* first_address - the first address in text that is not a robot's or the sender's */
static void
first_address(const struct mime_msg *m, const char *text, struct dsn_result *r)
{
	char *a[16];
	size_t n = mime_addresses(text, a, ARRAY_SIZE(a));

	for (size_t i = 0; i < n; i++) {
		if (r->recipient[0] == '\0' && strcmp(a[i], m->from) != 0 &&
		    strncmp(a[i], "mailer-daemon@", 14) != 0 && strncmp(a[i], "postmaster@", 11) != 0)
			(void)xstrlcpy(r->recipient, a[i], sizeof(r->recipient));
		free(a[i]);
	}
}

static void
original_id(const struct mime_msg *m, struct dsn_result *r)
{
	const char *src = m->returned;
	char *v;

	if (src == NULL)
		return;
	v = field(src, strlen(src), "Message-ID");
	if (v == NULL)
		v = field(src, strlen(src), "Message-Id");
	if (v) {
		char *a = strchr(v, '<'), *b = a ? strchr(a, '>') : NULL;

		if (a && b)
			*b = '\0';
		(void)xstrlcpy(r->original_id, a ? a + 1 : v, sizeof(r->original_id));
		free(v);
	}
}

static int
matches(pcre2_code *re, const char *s)
{
	return s && pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0;
}

/*
 * is_hard - a permanent failure that says the address is dead: an
 * addressing status (5.1.x for the recipient, 5.4.4 no route), or a 5.x.x
 * whose diagnostic says "no such user" and not "mailbox full" or "blocked".
 * Other permanent failures (full, filtered, policy) leave the address alive
 * and count as soft bounces, as sisimai and Mailman do.
 */
static int
is_hard(const char *status, const struct mime_msg *m)
{
	const char *texts[] = { m->dsn, m->text };
	int addressing, gone = 0, alive = 0;
	size_t i;

	if (status[0] != '5')
		return 0;
	addressing = strncmp(status, "5.1.", 4) == 0 && strcmp(status, "5.1.7") != 0 &&
	    strcmp(status, "5.1.8") != 0;	/* .7 and .8 are about the sender */
	addressing |= strcmp(status, "5.4.4") == 0;
	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		gone |= matches(re_gone, texts[i]);
		alive |= matches(re_alive, texts[i]);
	}
	if (addressing)
		return !alive || gone;
	return gone && !alive;
}

int
dsn_parse(const struct mime_msg *m, struct dsn_result *r)
{
	int rank = 0, seen = 0;

	init_patterns();
	memset(r, 0, sizeof(*r));
	if (m->report_type && strcmp(m->report_type, "delivery-status") != 0 && m->dsn == NULL)
		return 0;	/* feedback or disposition reports are not bounces */
	if (m->dsn) {
		rank = read_3464(m->dsn, r, &seen);
		r->rfc3464 = 1;
		if (rank == 0 && seen > 0)
			return 0;	/* delivered, relayed, expanded */
	}
	if (r->status[0] == '\0') {
		status_from_text(m->text, strlen(m->text), r->status, sizeof(r->status));
		if (r->status[0] == '\0' && m->dsn)
			status_from_text(m->dsn, strlen(m->dsn), r->status, sizeof(r->status));
	}
	if (r->status[0]) {
		refine(r->status, sizeof(r->status), m->dsn);
		refine(r->status, sizeof(r->status), m->text);
	}
	if (r->recipient[0] == '\0')
		first_address(m, m->text, r);
	original_id(m, r);
	/*
	 * without a status, a failed address tells a bounce only in a report or in
	 * a failure notice (an auto-reply also comes with an empty Return-Path)
	 */
	if (r->status[0] == '\0' && (r->recipient[0] == '\0' ||
	    (m->dsn == NULL && !robot_failure_notice(m))))
		return 0;
	if (r->status[0] == '\0')
		(void)xstrlcpy(r->status, "5.0.0", sizeof(r->status));
	if (r->action[0] == '\0')
		(void)xstrlcpy(r->action, r->status[0] == '4' ? "delayed" : "failed", sizeof(r->action));
	r->hard = is_hard(r->status, m);
	return 1;
}
