/*
 * imap_source.c - the IMAP mail source (libetpan mailimap).  One session
 * per poll: connect, LOGIN, SELECT, UID SEARCH for unseen and undeleted
 * messages, then per message UID FETCH BODY.PEEK[], spool_deliver, UID
 * STORE +FLAGS.SILENT; EXPUNGE at the end when configured.
 *
 * Transport: imaps:// is TLS from the first byte; imap:// upgrades with
 * STARTTLS whenever the server offers it and may stay in plain text only
 * with a loopback server.  libetpan does the handshake (with SNI) but does
 * not judge the certificate: the peer's chain is verified here with GnuTLS
 * against imap.ca_file or the system's authorities, host name included,
 * before the password is sent.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>
#include <sys/stat.h>

#include "altc.h"
#include "config.h"
#include "imap_source.h"
#include "jobs.h"
#include "log.h"
#include "spool.h"
#include "util.h"

struct imap_url {
	char host[256];
	uint16_t port;
	char mailbox[256];
	int implicit_tls;	/* imaps:// */
};

/* parse_url - imap[s]://host[:port][/mailbox]; -1 with errstr */
static int
parse_url(const char *url, struct imap_url *u, char **errstr_r)
{
	const char *p, *slash, *colon;
	size_t hl;

	if (strncasecmp(url, "imaps://", 8) == 0) {
		u->implicit_tls = 1;
		u->port = 993;
		p = url + 8;
	} else if (strncasecmp(url, "imap://", 7) == 0) {
		u->implicit_tls = 0;
		u->port = 143;
		p = url + 7;
	} else {
		*errstr_r = xasprintf("imap.url '%s': imaps:// or imap:// expected", url);
		return -1;
	}
	slash = strchr(p, '/');
	hl = slash ? (size_t)(slash - p) : strlen(p);
	colon = memchr(p, ':', hl);
	if (colon) {
		long port = strtol(colon + 1, NULL, 10);

		if (port <= 0 || port > 65535) {
			*errstr_r = xasprintf("imap.url '%s': bad port", url);
			return -1;
		}
		u->port = (uint16_t)port;
		hl = (size_t)(colon - p);
	}
	if (hl == 0 || hl >= sizeof(u->host)) {
		*errstr_r = xasprintf("imap.url '%s': bad host", url);
		return -1;
	}
	memcpy(u->host, p, hl);
	u->host[hl] = '\0';
	(void)xstrlcpy(u->mailbox, slash && slash[1] ? slash + 1 : "INBOX", sizeof(u->mailbox));
	return 0;
}

/* read_password - the first line of a file that others cannot read */
static char *
read_password(const char *path, char **errstr_r)
{
	struct stat st;
	char *buf;
	size_t len;

	if (*path == '\0')
		return xstrdup("");
	if (stat(path, &st) < 0 || read_file(path, &buf, &len) < 0) {
		*errstr_r = xasprintf("imap.password_file '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (st.st_mode & 077) {
		*errstr_r = xasprintf("imap.password_file '%s' is readable by others (chmod 600)", path);
		free(buf);
		return NULL;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

/* is_loopback - whether host names this machine (plain text stays on it) */
static int
is_loopback(const char *host)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, host, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

/* sni - libetpan's TLS setup callback: the server name for SNI */
static void
sni(struct mailstream_ssl_context *c, void *host)
{
	(void)mailstream_ssl_set_server_name(c, host);
}

/* verify_peer - the server's chain against the trusted authorities and host; -1 with errstr */
static int
verify_peer(mailimap *s, const char *host, const char *ca_file, char **errstr_r)
{
	carray *chain = mailstream_get_certificate_chain(s->imap_stream);
	gnutls_x509_crt_t crt[16];
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_typed_vdata_st vd = { GNUTLS_DT_DNS_HOSTNAME, (unsigned char *)host, 0 };
	unsigned int n = 0, i, status = 0;
	char *err = NULL;
	int rc = -1;

	if (chain == NULL || carray_count(chain) == 0) {
		err = xasprintf("imap: %s sent no certificate", host);
		goto out;
	}
	for (i = 0; i < carray_count(chain) && n < ARRAY_SIZE(crt); i++) {
		MMAPString *der = carray_get(chain, i);
		gnutls_datum_t d = { (unsigned char *)der->str, (unsigned int)der->len };

		if (gnutls_x509_crt_init(&crt[n]) < 0)
			goto out;
		if (gnutls_x509_crt_import(crt[n], &d, GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(crt[n]);
			err = xasprintf("imap: unreadable certificate from %s", host);
			goto out;
		}
		n++;
	}
	if (gnutls_x509_trust_list_init(&tl, 0) < 0)
		goto out;
	if (*ca_file ? gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL,
	    GNUTLS_X509_FMT_PEM, 0, 0) <= 0 : gnutls_x509_trust_list_add_system_trust(tl, 0, 0) <= 0) {
		err = xasprintf("imap: no trusted authority in %s",
		    *ca_file ? ca_file : "the system store");
		goto out;
	}
	if (gnutls_x509_trust_list_verify_crt2(tl, crt, n, &vd, 1, 0, &status, NULL) < 0)
		status = GNUTLS_CERT_INVALID;
	if (status != 0) {
		gnutls_datum_t why = { NULL, 0 };

		(void)gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &why, 0);
		err = xasprintf("imap: certificate of %s refused: %s", host,
		    why.data ? (char *)why.data : "not trusted");
		gnutls_free(why.data);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		*errstr_r = err ? err : xasprintf("imap: cannot check the certificate of %s", host);
	if (tl)
		gnutls_x509_trust_list_deinit(tl, 1);
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crt[i]);
	if (chain)
		mailstream_certificate_chain_free(chain);
	return rc;
}

/* offers_starttls - whether CAPABILITY lists STARTTLS */
static int
offers_starttls(mailimap *s)
{
	struct mailimap_capability_data *cap = NULL;
	clistiter *it;
	int yes = 0;

	if (mailimap_capability(s, &cap) != MAILIMAP_NO_ERROR)
		return 0;
	for (it = clist_begin(cap->cap_list); it; it = clist_next(it)) {
		struct mailimap_capability *c = clist_content(it);

		if (c->cap_type == MAILIMAP_CAPABILITY_NAME && c->cap_data.cap_name &&
		    strcasecmp(c->cap_data.cap_name, "STARTTLS") == 0)
			yes = 1;
	}
	mailimap_capability_data_free(cap);
	return yes;
}

/* open_session - connected, encrypted as the URL requires, certificate checked */
static int
open_session(struct altc *ctx, mailimap *s, struct imap_url *u, char **errstr_r)
{
	const char *ca_file = config_str(ctx->cfg, "imap.ca_file");
	int rc;

	rc = u->implicit_tls ? mailimap_ssl_connect_with_callback(s, u->host, u->port, sni, u->host) :
	    mailimap_socket_connect(s, u->host, u->port);
	if (rc != MAILIMAP_NO_ERROR_AUTHENTICATED && rc != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*errstr_r = xasprintf("imap: cannot connect to %s:%u%s", u->host, u->port,
		    u->implicit_tls ? " with TLS" : "");
		return -1;
	}
	if (!u->implicit_tls) {
		if (!offers_starttls(s)) {
			if (is_loopback(u->host))
				return 0;
			*errstr_r = xasprintf("imap: %s offers no STARTTLS; the password is only sent"
			    " encrypted (use imaps://)", u->host);
			return -1;
		}
		if (mailimap_socket_starttls_with_callback(s, sni, u->host) != MAILIMAP_NO_ERROR) {
			*errstr_r = xasprintf("imap: STARTTLS with %s failed", u->host);
			return -1;
		}
	}
	return verify_peer(s, u->host, ca_file, errstr_r);
}

/* unseen_uids - UID SEARCH UNSEEN UNDELETED */
static int
unseen_uids(mailimap *s, clist **uids_r)
{
	struct mailimap_search_key *key = mailimap_search_key_new_multiple_empty();
	int rc;

	mailimap_search_key_multiple_add(key, mailimap_search_key_new(MAILIMAP_SEARCH_KEY_UNSEEN,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0,
	    NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL));
	mailimap_search_key_multiple_add(key, mailimap_search_key_new(MAILIMAP_SEARCH_KEY_UNDELETED,
	    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0,
	    NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL));
	rc = mailimap_uid_search(s, NULL, key, uids_r);
	mailimap_search_key_free(key);
	return rc;
}

/* fetch_one - BODY.PEEK[] of one UID into a fresh buffer */
static int
fetch_one(mailimap *s, uint32_t uid, char **data_r, size_t *len_r)
{
	struct mailimap_set *set = mailimap_set_new_single(uid);
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	clist *res = NULL;
	clistiter *it, *jt;
	int rc;

	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));
	rc = mailimap_uid_fetch(s, set, ft, &res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (rc != MAILIMAP_NO_ERROR)
		return -1;
	*data_r = NULL;
	for (it = clist_begin(res); it && *data_r == NULL; it = clist_next(it)) {
		struct mailimap_msg_att *att = clist_content(it);

		for (jt = clist_begin(att->att_list); jt; jt = clist_next(jt)) {
			struct mailimap_msg_att_item *item = clist_content(jt);

			if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
			    item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_BODY_SECTION) {
				struct mailimap_msg_att_body_section *b =
				    item->att_data.att_static->att_data.att_body_section;

				*data_r = xmalloc(b->sec_length + 1);
				memcpy(*data_r, b->sec_body_part ? b->sec_body_part : "", b->sec_length);
				*len_r = b->sec_length;
				break;
			}
		}
	}
	mailimap_fetch_list_free(res);
	return *data_r ? 0 : -1;
}

static int
flag_one(mailimap *s, uint32_t uid, int delete)
{
	struct mailimap_set *set = mailimap_set_new_single(uid);
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	struct mailimap_store_att_flags *sf;
	int rc;

	mailimap_flag_list_add(fl, mailimap_flag_new_seen());
	if (delete)
		mailimap_flag_list_add(fl, mailimap_flag_new_deleted());
	sf = mailimap_store_att_flags_new_add_flags_silent(fl);
	rc = mailimap_uid_store(s, set, sf);
	mailimap_store_att_flags_free(sf);
	mailimap_set_free(set);
	return rc == MAILIMAP_NO_ERROR ? 0 : -1;
}

/* said - the server's own words for an error: its last response text and libetpan's code */
static char *
said(mailimap *s, int r)
{
	char text[240];
	const char *resp = s->imap_response ? s->imap_response : "";
	size_t i;

	for (i = 0; resp[i] && i < sizeof(text) - 1; i++)
		text[i] = (unsigned char)resp[i] < ' ' ? ' ' : resp[i];
	text[i] = '\0';
	if (*text)
		return xasprintf(": the server said \"%s\" (error %d)", text, r);
	return xasprintf(" (error %d, no text from the server)", r);
}

/* poll_mailbox - fetch, spool and flag every unseen message; -1 with errstr */
static int
poll_mailbox(struct altc *ctx, mailimap *s, const struct imap_url *u, size_t *fetched_r,
    char **errstr_r)
{
	int expunge = config_bool(ctx->cfg, "imap.expunge");
	clist *uids = NULL;
	clistiter *it;
	char *why;
	int rc = 0, r;

	if ((r = mailimap_select(s, u->mailbox)) != MAILIMAP_NO_ERROR) {
		why = said(s, r);
		*errstr_r = xasprintf("imap: cannot select '%s'%s", u->mailbox, why);
		free(why);
		return -1;
	}
	if ((r = unseen_uids(s, &uids)) != MAILIMAP_NO_ERROR) {
		why = said(s, r);
		*errstr_r = xasprintf("imap: UID SEARCH failed%s", why);
		free(why);
		return -1;
	}
	for (it = clist_begin(uids); it && rc == 0; it = clist_next(it)) {
		uint32_t uid = *(uint32_t *)clist_content(it);
		char *data;
		size_t len;

		if (fetch_one(s, uid, &data, &len) < 0) {
			why = said(s, -1);
			*errstr_r = xasprintf("imap: cannot fetch UID %u%s", uid, why);
			free(why);
			rc = -1;
			break;
		}
		/* flag on the server only once the local copy is on disk */
		if (spool_deliver(ctx, INPUT_MAIL, data, len, NULL, NULL, errstr_r) < 0)
			rc = -1;
		else if (flag_one(s, uid, expunge) < 0) {
			why = said(s, -1);
			*errstr_r = xasprintf("imap: cannot flag UID %u%s", uid, why);
			free(why);
			rc = -1;
		} else
			(*fetched_r)++;
		free(data);
	}
	mailimap_search_result_free(uids);
	if (rc == 0 && expunge && *fetched_r > 0 && (r = mailimap_expunge(s)) != MAILIMAP_NO_ERROR) {
		why = said(s, r);
		*errstr_r = xasprintf("imap: EXPUNGE failed%s", why);
		free(why);
		rc = -1;
	}
	return rc;
}

/* count_unseen - the messages a poll would fetch, without fetching them */
static int
count_unseen(mailimap *s, const struct imap_url *u, size_t *n_r, char **errstr_r)
{
	clist *uids = NULL;
	char *why;
	int r;

	if ((r = mailimap_examine(s, u->mailbox)) != MAILIMAP_NO_ERROR) {
		why = said(s, r);
		*errstr_r = xasprintf("imap: cannot open '%s'%s", u->mailbox, why);
		free(why);
		return -1;
	}
	if ((r = unseen_uids(s, &uids)) != MAILIMAP_NO_ERROR) {
		why = said(s, r);
		*errstr_r = xasprintf("imap: UID SEARCH failed%s", why);
		free(why);
		return -1;
	}
	*n_r = (size_t)clist_count(uids);
	mailimap_search_result_free(uids);
	return 0;
}

/* session - connect, log in, then poll (or only count when probe); -1 with errstr */
static int
session(struct altc *ctx, int probe, size_t *n_r, char **errstr_r)
{
	const char *url = config_str(ctx->cfg, "imap.url");
	struct imap_url u;
	mailimap *s;
	char *password;
	int rc;

	*n_r = 0;
	if (parse_url(url, &u, errstr_r) < 0)
		return -1;
	if ((password = read_password(config_str(ctx->cfg, "imap.password_file"), errstr_r)) == NULL)
		return -1;
	s = mailimap_new(0, NULL);
	mailimap_set_timeout(s, (time_t)config_int(ctx->cfg, "smtp.timeout"));
	if (open_session(ctx, s, &u, errstr_r) < 0) {
		rc = -1;
	} else if ((rc = mailimap_login(s, config_str(ctx->cfg, "imap.user"), password)) !=
	    MAILIMAP_NO_ERROR) {
		char *why = said(s, rc);

		*errstr_r = xasprintf("imap: login as '%s' refused%s", config_str(ctx->cfg, "imap.user"),
		    why);
		free(why);
		rc = -1;
	} else {
		rc = probe ? count_unseen(s, &u, n_r, errstr_r) :
		    poll_mailbox(ctx, s, &u, n_r, errstr_r);
		mailimap_logout(s);
	}
	explicit_bzero(password, strlen(password));
	free(password);
	mailimap_free(s);
	if (!probe && *n_r)
		log_info("imap: %zu message(s) fetched from %s", *n_r, u.host);
	return rc;
}

int
imap_poll(struct altc *ctx, size_t *fetched_r, char **errstr_r)
{
	*fetched_r = 0;
	if (*config_str(ctx->cfg, "imap.url") == '\0')
		return 0;
	return session(ctx, 0, fetched_r, errstr_r);
}

int
imap_probe(struct altc *ctx, size_t *unseen_r, char **errstr_r)
{
	return session(ctx, 1, unseen_r, errstr_r);
}

static int
imap_job(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	return imap_poll(ctx, did_r, errstr_r);
}

const struct job imap_jobs[] = {
	{ "imap", JOB_INTERVAL, "imap.poll_seconds", "imap.url", imap_job },
	{ NULL, 0, NULL, NULL, NULL }
};
