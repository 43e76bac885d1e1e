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

/*
 * why a delivery failed, read from the diagnostic: the first row whose
 * pattern matches wins, so the reasons that leave the address alive (full,
 * suspended, blocked, policy) come before the ones that say it is dead.
 * hard: the address itself is dead and should not be written to again.
 */
static const struct {
	const char *reason;
	int hard;
	const char *re;
} reasons[] = {
	{ "sender", 0, "domain of sender|sender (address|domain) (rejected|does not exist|invalid|unknown)"
	    "|sender verify failed|sender address rejected|invalid sender|unknown sender|mail from .{0,40}rejected"
	    "|exp[ée]diteur (inconnu|refus[ée]|invalide)" },
	{ "mailbox_full", 0, "mailbox (is )?full|mailbox.{0,20}(over|exceeded).{0,10}quota|over ?quota"
	    "|quota (exceeded|exceed|full|depass)|exceeded (the )?(storage|quota)|insufficient (system )?storage"
	    "|mailbox size limit|not enough (storage|space)|out of storage|full mailbox|user.{0,20}is full"
	    "|bo[iî]te (aux lettres |de r[ée]ception )?(est )?(pleine|satur[ée]e)|espace (disque )?insuffisant|d[ée]passement de quota"
	    "|storage (limit|quota)|disk space|mailbox has exceeded|mailfolder is full|can'?t accept more|postfach voll" },
	{ "too_large", 0, "message (is )?too (large|big)|message size exceeds|exceeds (the )?(maximum|size|message size)"
	    "|size limit|message trop (volumineux|gros)|mail too large|message length exceeds" },
	{ "suspended", 0, "suspended|disabled|deactivated|inactive|not active|locked|frozen|blocked for inactivity"
	    "|account (has been |is )?(closed|expired)|d[ée]sactiv[ée]|suspendu|temporarily (unavailable|disabled)" },
	{ "blocked", 0, "blocked|block ?list|black ?list|dnsbl|\\brbl\\b|spamhaus|spamcop|barracuda|reputation"
	    "|listed (at|on|in|by)|banned|refused due to|ip .{0,40}(rejected|not allowed)|not allowed to send"
	    "|bloqu[ée]|refus[ée] pour|service refus[ée]|access denied.{0,40}(ip|sender|connection)|connection refused"
	    "|client host rejected|rejected by (the )?recipient.{0,20}preference|recipient preferences" },
	{ "spam", 0, "spam|junk|bulk mail|unsolicited|content (rejected|filter)|virus|malware|phish|message rejected"
	    "|message content|appears to be|detected as|ind[ée]sirable|pourriel" },
	{ "policy", 0, "policy|dmarc|\\bspf\\b|dkim|authenticat|\\bptr\\b|reverse dns|rdns|relay(ing)? (access )?denied"
	    "|not permitted to relay|relay not permitted|unable to relay|rate limit|too many|try again later|throttl"
	    "|greylist|temporarily deferred|deferred|tls required|encryption required|not authorized|unauthori[sz]ed"
	    "|politique" },
	{ "expired", 0, "retry timeout exceeded|delivery time expired|could not be delivered for|has been delayed"
	    "|timed? ?out|giving up|expired|d[ée]lai (d[ée]pass[ée]|expir[ée])|no answer from host|connection (lost|reset)" },
	{ "filtered", 0, "user reject|user refuses to receive|is not accepting any mail"
	    "|only accepting mail from specific|this account is protected by|blocked by the recipient"
	    "|due to extended inactivity|refused due to recipient preferences|resolver\\.rst\\.notauthorized" },
	{ "user_unknown", 1, "user(name)? (is )?unknown|unknown (user|recipient|local[- ]part|mailbox|address(?! error)|alias|account)"
	    "|no such (user|mailbox|recipient|address|account|person|local user)|(user|mailbox|recipient|address|account|addressee)"
	    "( \\S+)? (was )?not found|(does not|doesn'?t|did not|no longer) exists?|not a (known|valid) (user|recipient|mailbox)"
	    "|invalid (recipient|mailbox|address|user|e-?mail)|recipient (address )?(unknown|invalid|not (found|valid))"
	    "|recipient (address )?rejected(?!:)|address rejected: access denied"
	    "|unknown in |unrouteable address|addressee unknown|no mailbox|doesn'?t have an? .{1,40}account|not listed in"
	    "|utilisateur inconnu|adresse (e-?mail )?(inconnue|invalide|introuvable|n'existe pas)|destinataire inconnu"
	    "|n'existe pas|inexistant|mailbox unavailable|mailbox not available|has moved|no longer (valid|active|in use|available)"
	    "|not our customer|no valid recipients|bad destination mailbox|mailbox (is )?(unknown|invalid)|nonexistent|non-existent"
	    "|unbekannt|existiert nicht|user not exist|undeliverable address|unknown or illegal alias"
	    "|couldn'?t be found|wasn'?t found|not found in directory" },
	{ "host_unknown", 1, "host (or domain name )?(not found|unknown)|domain (name )?(not found|does not exist|is not reachable|not reachable|unknown)"
	    "|unknown (host|domain)|name or service not known|nxdomain|no mx|null mx|does not accept (e-?)?mail"
	    "|not accept(ing)? mail|no such domain|domaine (inconnu|introuvable|inexistant)|unroutable domain|no route to host"
	    "|domain (is )?(invalid|disabled)|dns (error|lookup failed)|couldn'?t find (a mail exchanger|any host)"
	    "|name service error|no (mail exchanger|mx record)" },
};

static pcre2_code *re_status, *re_reply, *re_reason[ARRAY_SIZE(reasons)], *re_data;
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
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++) {
		re_reason[i] = pcre2_compile((PCRE2_SPTR)reasons[i].re, PCRE2_ZERO_TERMINATED,
		    PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
		if (re_reason[i] == NULL)
			BUG("dsn reason pattern %zu at %zu", i, (size_t)off);
		(void)pcre2_jit_compile(re_reason[i], PCRE2_JIT_COMPLETE);
	}
	re_data = pcre2_compile((PCRE2_SPTR)"end of data|>>> data|after data|in reply to data",
	    PCRE2_ZERO_TERMINATED, PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (re_status == NULL || re_reply == NULL || re_data == NULL)
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
				(void)xstrlcpy(r->diagnostic, diag ? diag : "", sizeof(r->diagnostic));
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

/* human_part - the failure text, without the returned message that may follow */
static char *
human_part(const char *text)
{
	static const char *const ends[] = {
		"\nReceived: ", "\nReturn-Path: ", "copy of the message", "original message follows",
		"Original message headers", "--- Below this line", "original message ---",
		"Message d'origine", "message original", "\nDKIM-Signature: ",
	};
	size_t len = strlen(text);

	for (size_t i = 0; i < ARRAY_SIZE(ends); i++) {
		const char *p = strcasestr(text, ends[i]);

		if (p && (size_t)(p - text) < len)
			len = (size_t)(p - text);
	}
	return xstrndup(text, len);
}

/*
 * reason_of - the row of reasons whose match comes first in s (a bounce
 * lists its recipients in order and its boilerplate after), or -1
 */
static int
reason_of(const char *s)
{
	int best = -1;
	size_t at = SIZE_MAX, len;

	if (s == NULL || *s == '\0')
		return -1;
	len = strlen(s);
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
		if (pcre2_match(re_reason[i], (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

			if ((size_t)ov[0] < at) {
				at = (size_t)ov[0];
				best = (int)i;
			}
		}
	return best;
}

/* soft_reason_in - whether s also names a reason that leaves the address alive */
static int
soft_reason_in(const char *s)
{
	size_t len;

	if (s == NULL || *s == '\0')
		return 0;
	len = strlen(s);
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
		if (!reasons[i].hard &&
		    pcre2_match(re_reason[i], (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0)
			return 1;
	return 0;
}

/*
 * classify - the reason and whether the address is dead.  A delay is never
 * hard; 5.1.7 and 5.1.8 are about our sender.  The diagnostic of the
 * failed recipient speaks first, then the human part of the bounce, then
 * the status code alone (5.1.x for the recipient and 5.4.4 no route: dead).
 * A "user unknown" given only after DATA comes from a content filter, and
 * one under a policy status (5.7.x) that also says blocked or refused is the
 * policy speaking: the address lives.
 */
static void
classify(struct dsn_result *r, const struct mime_msg *m)
{
	int k = -1;
	char *human = NULL;

	r->hard = 0;
	if (r->status[0] != '5') {
		(void)xstrlcpy(r->reason, "delayed", sizeof(r->reason));
		return;
	}
	if (strcmp(r->status, "5.1.7") == 0 || strcmp(r->status, "5.1.8") == 0) {
		(void)xstrlcpy(r->reason, "sender", sizeof(r->reason));
		return;
	}
	k = reason_of(r->diagnostic);
	if (k < 0 && m->text) {
		human = human_part(m->text);
		k = reason_of(human);
	}
	if (k < 0 && m->dsn)
		k = reason_of(m->dsn);
	if (k >= 0) {
		(void)xstrlcpy(r->reason, reasons[k].reason, sizeof(r->reason));
		r->hard = reasons[k].hard;
		if (r->hard && strcmp(reasons[k].reason, "user_unknown") == 0 &&
		    (matches(re_data, r->diagnostic) || matches(re_data, human)) &&
		    strncmp(r->status, "5.1.", 4) != 0) {
			(void)xstrlcpy(r->reason, "filtered", sizeof(r->reason));
			r->hard = 0;
		} else if (r->hard && strncmp(r->status, "5.7.", 4) == 0 &&
		    soft_reason_in(r->diagnostic)) {
			(void)xstrlcpy(r->reason, "blocked", sizeof(r->reason));
			r->hard = 0;
		}
	} else if (strncmp(r->status, "5.1.", 4) == 0 || strcmp(r->status, "5.4.4") == 0) {
		(void)xstrlcpy(r->reason, strcmp(r->status, "5.1.2") == 0 ? "host_unknown" :
		    "user_unknown", sizeof(r->reason));
		r->hard = strcmp(r->status, "5.1.0") != 0;
	} else
		(void)xstrlcpy(r->reason, "other", sizeof(r->reason));
	free(human);
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
	classify(r, m);
	return 1;
}
