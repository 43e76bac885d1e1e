/*
 * route.h - which platform address a mail was sent to, and its token.
 * The recipient comes from the envelope (the spool's ",R=" tag), else
 * Delivered-To, X-Original-To, Envelope-To, To and Cc, keeping only
 * addresses of mail.domain.  The token comes from the plus address first,
 * then our Message-ID echoed in In-Reply-To/References (<TOKEN.kind@domain>),
 * then the "[AC-TOKEN]" subject tag, then the body.
 */
#ifndef ALTC_ROUTE_H
#define ALTC_ROUTE_H

#include "token.h"

struct mime_msg;

enum route_kind {
	ROUTE_NONE,
	ROUTE_REPLY,
	ROUTE_MSG,
	ROUTE_BOUNCES,
	ROUTE_OFFRES,
	ROUTE_DOCUMENTS,
	ROUTE_INSCRIPTION,
	ROUTE_MISSIONS,
	ROUTE_PARRAINAGE,
	ROUTE_FORMATIONS,	/* formations@: the admission portal (catalogue, candidates) */
};

struct route {
	enum route_kind kind;
	const char *name;		/* "reply", "offres", ... (static); NULL for ROUTE_NONE */
	char address[256];		/* the platform address, lower case */
	char unknown[256];		/* else an address of our domain that is none of them */
	char tag[64];			/* what follows '+' (bounces ID), "" when none */
	char token[TOKEN_BUFSZ];	/* token found, lower case, "" when none */
	const char *token_source;	/* "address", "references", "subject", "body", or NULL */
	int token_needed;		/* reply/msg: the route is meaningless without one */
};

/* route_find - fill r; ROUTE_NONE when no address of domain is a known one */
void route_find(const struct mime_msg *m, const char *envelope_rcpt, const char *domain,
    struct route *r);

/* route_is_platform - addr (lower case) is one of the platform's addresses at domain */
int route_is_platform(const char *addr, const char *domain);

/* route_name - "reply", ... for a kind; "none" for ROUTE_NONE */
const char *route_name(enum route_kind kind);

#endif
