/*
 * authres.h - what the trusted MTA says about a mail (RFC 8601).  Only the
 * topmost Authentication-Results headers that carry the trusted
 * authserv-id count: the first such header must be the topmost
 * Authentication-Results of the mail, and reading stops at the first one
 * from any other authserv-id (everything below was written by someone
 * else).  Each is parsed as method=result pairs with their properties,
 * comments stripped, so text that merely contains "dmarc=pass" counts for
 * nothing.  A pass only counts when it is about the From domain
 * (header.from for DMARC, smtp.mailfrom for SPF).
 *
 * The MTA must remove or rename inbound copies of its own header (RFC 8601
 * section 5); a forged header with the trusted id that the MTA let through
 * cannot be told from a real one.
 */
#ifndef ALTC_AUTHRES_H
#define ALTC_AUTHRES_H

struct mime_msg;

enum authres_result {
	AUTHRES_UNKNOWN = 0,	/* the trusted MTA did not say */
	AUTHRES_PASS,		/* pass, about the From domain */
	AUTHRES_FAIL,		/* anything else (fail, none, neutral, another domain ...) */
};

struct authres {
	int trusted;			/* a header of the trusted MTA was read */
	enum authres_result dmarc;
	enum authres_result spf;
};

/*
 * authres_read - the verdicts of the trusted MTA (authserv_id, compared
 * without case) about m; an empty authserv_id trusts no one (all unknown)
 */
void authres_read(const struct mime_msg *m, const char *authserv_id, struct authres *r);

/*
 * authres_parse - one header value: its authserv-id into id (lower case,
 * truncated to idsize), and the dmarc and spf verdicts about from_domain
 * merged into r (a fail wins over a pass).  Returns 0, -1 when the value
 * is not an Authentication-Results at all.
 */
int authres_parse(const char *value, const char *from_domain, char *id, size_t idsize,
    struct authres *r);

#endif
