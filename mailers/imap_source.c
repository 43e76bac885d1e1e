/*
 * imap_source.c - the IMAP mail source (libetpan mailimap).  One session
 * per poll: connect, LOGIN, SELECT, UID SEARCH for unseen and undeleted
 * messages, then per message UID FETCH BODY.PEEK[], spool_deliver, UID
 * STORE +FLAGS.SILENT; EXPUNGE at the end when configured.  Plain imap://
 * only (imaps:// needs a TLS session: left for a later version; run it
 * against a local Dovecot or through stunnel).
 */
#include "compat.h"

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
};

/* parse_url - imap://host[:port][/mailbox]; -1 with errstr */
static int
parse_url(const char *url, struct imap_url *u, char **errstr_r)
{
	const char *p, *slash, *colon;
	size_t hl;

	if (strncasecmp(url, "imap://", 7) != 0) {
		*errstr_r = xasprintf("imap.url '%s': only imap:// is supported", url);
		return -1;
	}
	p = url + 7;
	slash = strchr(p, '/');
	hl = slash ? (size_t)(slash - p) : strlen(p);
	colon = memchr(p, ':', hl);
	u->port = 143;
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

/* session - everything after login; -1 with errstr */
static int
poll_mailbox(struct altc *ctx, mailimap *s, const struct imap_url *u, size_t *fetched_r,
    char **errstr_r)
{
	int expunge = config_bool(ctx->cfg, "imap.expunge");
	clist *uids = NULL;
	clistiter *it;
	int rc = 0;

	if (mailimap_select(s, u->mailbox) != MAILIMAP_NO_ERROR) {
		*errstr_r = xasprintf("imap: cannot select '%s'", u->mailbox);
		return -1;
	}
	if (unseen_uids(s, &uids) != MAILIMAP_NO_ERROR) {
		*errstr_r = xstrdup("imap: UID SEARCH failed");
		return -1;
	}
	for (it = clist_begin(uids); it && rc == 0; it = clist_next(it)) {
		uint32_t uid = *(uint32_t *)clist_content(it);
		char *data;
		size_t len;

		if (fetch_one(s, uid, &data, &len) < 0) {
			*errstr_r = xasprintf("imap: cannot fetch UID %u", uid);
			rc = -1;
			break;
		}
		/* flag on the server only once the local copy is on disk */
		if (spool_deliver(ctx, INPUT_MAIL, data, len, NULL, NULL, errstr_r) < 0)
			rc = -1;
		else if (flag_one(s, uid, expunge) < 0) {
			*errstr_r = xasprintf("imap: cannot flag UID %u", uid);
			rc = -1;
		} else
			(*fetched_r)++;
		free(data);
	}
	mailimap_search_result_free(uids);
	if (rc == 0 && expunge && *fetched_r > 0 && mailimap_expunge(s) != MAILIMAP_NO_ERROR) {
		*errstr_r = xstrdup("imap: EXPUNGE failed");
		rc = -1;
	}
	return rc;
}

int
imap_poll(struct altc *ctx, size_t *fetched_r, char **errstr_r)
{
	const char *url = config_str(ctx->cfg, "imap.url");
	struct imap_url u;
	mailimap *s;
	char *password;
	int rc;

	*fetched_r = 0;
	if (*url == '\0')
		return 0;
	if (parse_url(url, &u, errstr_r) < 0)
		return -1;
	if ((password = read_password(config_str(ctx->cfg, "imap.password_file"), errstr_r)) == NULL)
		return -1;
	s = mailimap_new(0, NULL);
	mailimap_set_timeout(s, (time_t)config_int(ctx->cfg, "smtp.timeout"));
	rc = mailimap_socket_connect(s, u.host, u.port);
	if (rc != MAILIMAP_NO_ERROR_AUTHENTICATED && rc != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*errstr_r = xasprintf("imap: cannot connect to %s:%u", u.host, u.port);
		rc = -1;
	} else if (mailimap_login(s, config_str(ctx->cfg, "imap.user"), password) !=
	    MAILIMAP_NO_ERROR) {
		*errstr_r = xasprintf("imap: login as '%s' refused", config_str(ctx->cfg, "imap.user"));
		rc = -1;
	} else {
		rc = poll_mailbox(ctx, s, &u, fetched_r, errstr_r);
		mailimap_logout(s);
	}
	explicit_bzero(password, strlen(password));
	free(password);
	mailimap_free(s);
	if (*fetched_r)
		log_info("imap: %zu message(s) fetched from %s", *fetched_r, u.host);
	return rc;
}

static int
imap_job(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	return imap_poll(ctx, did_r, errstr_r);
}

static const struct job imap_poll_job = {
	"imap", JOB_INTERVAL, "imap.poll_seconds", "imap.url", imap_job,
};

void
imap_register_jobs(void)
{
	jobs_register(&imap_poll_job);
}
