/*
 * outbox_smtp.c - delivery to a relay through libcurl (smtp:// or smtps://,
 * STARTTLS and AUTH when configured).  One easy handle is kept for the whole
 * run, so libcurl reuses its connection for message after message (MAIL
 * FROM, RCPT TO, DATA on the same session) until smtp.max_per_connection,
 * when the connection is closed after a message and a fresh one opened.
 *
 * Outcome: CURLE_OK means the server answered 250 to the end of DATA, the
 * only point at which a message may be marked sent.  A 5xx reply to MAIL,
 * RCPT or DATA is permanent (to RCPT, the address is also unreachable:
 * libcurl says "RCPT failed"); a 4xx is temporary; no reply at all (refused,
 * timed out, dropped) means the relay is down: that message is retried
 * and the run stops.  A refused login or TLS is also "down", never the
 * recipient's fault.  The relay's last reply line (libcurl hands every
 * reply to the header callback) is kept in the error, in the relay's words.
 */
#include "compat.h"

#include <curl/curl.h>

#include "altc.h"
#include "config.h"
#include "log.h"
#include "outbox.h"
#include "util.h"

struct smtp {
	CURL *curl;
	char *url;
	char *password;
	long max_per_conn;
	long on_conn;		/* messages sent on the current connection */
	const char *data;	/* the message being uploaded */
	size_t len, off;
	char errbuf[CURL_ERROR_SIZE];
	char reply[512];	/* the server's last reply line, as it said it */
	char last_cmd[16];	/* the verb of the last command sent (MAIL, RCPT, DATA...) */
};

/*
 * debug_cb - keep the server's last reply and our last verb: libcurl names a
 * 451 at the end of DATA "Weird server reply"; the administrator needs the
 * relay's own words and code.
 */
static int
debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	struct smtp *s = arg;
	size_t n;

	(void)h;
	if (type == CURLINFO_HEADER_IN) {
		while (size > 0 && (data[size - 1] == '\n' || data[size - 1] == '\r'))
			size--;
		n = size < sizeof(s->reply) - 1 ? size : sizeof(s->reply) - 1;
		memcpy(s->reply, data, n);
		s->reply[n] = '\0';
		for (char *p = s->reply; *p; p++)
			if ((unsigned char)*p < ' ')
				*p = ' ';
	} else if (type == CURLINFO_HEADER_OUT) {
		n = strcspn(data, " \r\n");
		if (n >= sizeof(s->last_cmd))
			n = sizeof(s->last_cmd) - 1;
		if (n > size)
			n = size;
		memcpy(s->last_cmd, data, n);
		s->last_cmd[n] = '\0';
	}
	return 0;
}

static size_t
read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct smtp *s = arg;
	size_t room = size * nmemb, n = s->len - s->off;

	if (n > room)
		n = room;
	memcpy(buf, s->data + s->off, n);
	s->off += n;
	return n;
}

/* read_password - first line of the password file (its mode was checked at load) */
static char *
read_password(const char *path, char **errstr_r)
{
	char *buf;
	size_t len;

	if (read_file(path, &buf, &len) < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

static int
smtp_open(struct altc *ctx, void **state_r, char **errstr_r)
{
	struct smtp *s = xcalloc(1, sizeof(*s));
	const char *pwfile = config_str(ctx->cfg, "smtp.password_file");
	const char *user = config_str(ctx->cfg, "smtp.user");
	long timeout = (long)config_int(ctx->cfg, "smtp.timeout");

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || (s->curl = curl_easy_init()) == NULL) {
		*errstr_r = xstrdup("cannot initialise libcurl");
		free(s);
		return -1;
	}
	if (*pwfile && (s->password = read_password(pwfile, errstr_r)) == NULL) {
		curl_easy_cleanup(s->curl);
		free(s);
		return -1;
	}
	s->url = xstrdup(config_str(ctx->cfg, "smtp.url"));
	s->max_per_conn = (long)config_int(ctx->cfg, "smtp.max_per_connection");
	curl_easy_setopt(s->curl, CURLOPT_URL, s->url);
	curl_easy_setopt(s->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(s->curl, CURLOPT_READDATA, s);
	curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->curl, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(s->curl, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(s->curl, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, timeout);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, timeout * 4);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_USE_SSL, config_bool(ctx->cfg, "smtp.starttls") ?
	    (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
	if (*config_str(ctx->cfg, "smtp.ca_file"))
		curl_easy_setopt(s->curl, CURLOPT_CAINFO, config_str(ctx->cfg, "smtp.ca_file"));
	if (*user)
		curl_easy_setopt(s->curl, CURLOPT_USERNAME, user);
	if (s->password)
		curl_easy_setopt(s->curl, CURLOPT_PASSWORD, s->password);
	curl_easy_setopt(s->curl, CURLOPT_MAXCONNECTS, 1L);
	*state_r = s;
	return 0;
}

static enum outbox_result
smtp_send(void *state, const struct outbox_msg *m, char **errstr_r)
{
	struct smtp *s = state;
	struct curl_slist *rcpt;
	char from[300], to[300];
	long code = 0;
	CURLcode rc;
	int last_on_conn;

	if (xsnprintf(from, sizeof(from), "<%s>", m->envelope_from) < 0 ||
	    xsnprintf(to, sizeof(to), "<%s>", m->rcpt) < 0) {
		*errstr_r = xstrdup("address too long");
		return OUTBOX_BADRCPT;
	}
	rcpt = curl_slist_append(NULL, to);
	s->data = m->data;
	s->len = m->len;
	s->off = 0;
	s->errbuf[0] = '\0';
	s->reply[0] = '\0';
	s->last_cmd[0] = '\0';
	last_on_conn = s->on_conn + 1 >= s->max_per_conn;
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)m->len);
	curl_easy_setopt(s->curl, CURLOPT_FORBID_REUSE, last_on_conn ? 1L : 0L);
	rc = curl_easy_perform(s->curl);
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	s->on_conn = last_on_conn ? 0 : s->on_conn + 1;
	if (rc == CURLE_OK)
		return OUTBOX_SENT;
	s->on_conn = 0;
	if (code <= 0 && s->reply[0] >= '2' && s->reply[0] <= '5')
		code = strtol(s->reply, NULL, 10);
	if (s->reply[0] >= '4' && s->reply[0] <= '5')
		/* the relay's own words: "relay said 451 4.3.0 ... (after DATA)" */
		*errstr_r = xasprintf("%s: relay said \"%s\"%s%s (reply %ld)", s->url, s->reply,
		    s->last_cmd[0] ? " after " : "", s->last_cmd, code);
	else if (code > 0)
		*errstr_r = xasprintf("%s: %s%s%s (reply %ld)", s->url, curl_easy_strerror(rc),
		    s->errbuf[0] ? ": " : "", s->errbuf, code);
	else
		*errstr_r = xasprintf("%s: %s%s%s", s->url, curl_easy_strerror(rc),
		    s->errbuf[0] ? ": " : "", s->errbuf);
	switch (rc) {
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_REMOTE_ACCESS_DENIED:
		return OUTBOX_DOWN;
	default:
		break;
	}
	/* 530/534/538: TLS or authentication required, our configuration's fault */
	if (code == 530 || code == 534 || code == 538)
		return OUTBOX_DOWN;
	if (code >= 500 && code < 600)
		return strstr(s->errbuf, "RCPT") || strcmp(s->last_cmd, "RCPT") == 0 ?
		    OUTBOX_BADRCPT : OUTBOX_PERMFAIL;
	if (code >= 400 && code < 500)
		return OUTBOX_TEMPFAIL;
	return OUTBOX_DOWN;
}

static int
smtp_sync(void *state, char **errstr_r)
{
	(void)state;
	(void)errstr_r;
	return 0;	/* the server's 250 is the durable point */
}

static void
smtp_close(void *state)
{
	struct smtp *s = state;

	if (s == NULL)
		return;
	curl_easy_cleanup(s->curl);	/* sends QUIT on a live connection */
	free(s->url);
	if (s->password) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
	}
	free(s);
}

const struct outbox_backend outbox_smtp_backend = {
	"smtp", 64, 1, smtp_open, smtp_send, smtp_sync, smtp_close
};
