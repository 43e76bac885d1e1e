/*
 * fuzz_form.c - libFuzzer harness of the HTTP form decoder: the input is
 * the body of a POST to the link endpoint, its first byte choosing the
 * Content-Type (urlencoded or multipart).  A libmicrohttpd daemon without
 * a listening socket is handed one end of a socketpair per input and
 * decodes the body with its post processor, as the endpoint does; the
 * fields of the signup form are collected and checked by signup_validate.
 */
#include "compat.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "signup.h"
#include "strbuf.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct req {
	struct MHD_PostProcessor *pp;
	struct strbuf v[SIGNUP_NFIELDS];
	int done;
};

static struct MHD_Daemon *daemon_;
static int finished;

static enum MHD_Result
on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
    const char *content_type, const char *transfer_encoding, const char *data,
    uint64_t off, size_t size)
{
	struct req *rq = cls;
	int i;

	(void)kind; (void)filename; (void)content_type; (void)transfer_encoding; (void)off;
	if (key == NULL)
		return MHD_YES;	/* a part without a name: the endpoint ignores it too */
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		if (strcmp(key, signup_field_key((enum signup_field)i)) == 0 &&
		    rq->v[i].len + size < 4096)
			strbuf_add(&rq->v[i], data, size);
	return MHD_YES;
}

static void
req_free(struct req *rq)
{
	int i;

	if (rq->pp)
		MHD_destroy_post_processor(rq->pp);
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		strbuf_release(&rq->v[i]);
	free(rq);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls; (void)c; (void)toe;
	if (*con_cls)
		req_free(*con_cls);
	*con_cls = NULL;
	finished = 1;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct req *rq = *con_cls;
	struct signup_form f;
	struct signup_errors e;
	struct MHD_Response *r;
	char *norm[SIGNUP_NFIELDS];
	enum MHD_Result ret;
	int i;

	(void)cls; (void)url; (void)method; (void)version;
	if (rq == NULL) {
		rq = xcalloc(1, sizeof(*rq));
		for (i = 0; i < SIGNUP_NFIELDS; i++)
			strbuf_init(&rq->v[i], 0);
		rq->pp = MHD_create_post_processor(c, 4096, on_field, rq);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (rq->pp)
			MHD_post_process(rq->pp, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&f, 0, sizeof(f));
	memset(&e, 0, sizeof(e));
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		f.v[i] = rq->v[i].buf ? rq->v[i].buf : "";
	(void)signup_validate(&f, 1767225600, "fr", &e, norm);
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		free(norm[i]);
	r = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {
		"application/x-www-form-urlencoded",
		"multipart/form-data; boundary=XyZ",
		"application/x-www-form-urlencoded; charset=utf-8",
		"multipart/form-data; boundary=\"a b\"",
	};
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct strbuf rq = STRBUF_INIT;
	char buf[4096];
	int sv[2], rounds;

	if (size == 0 || size > 60000)
		return 0;
	if (daemon_ == NULL) {
		daemon_ = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, on_request, NULL,
		    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
		if (daemon_ == NULL)
			abort();
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	strbuf_addf(&rq, "POST /s/abc HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n", types[data[0] % 4], size - 1);
	strbuf_add(&rq, data + 1, size - 1);
	finished = 0;
	if (MHD_add_connection(daemon_, sv[0], (struct sockaddr *)&sin, sizeof(sin)) != MHD_YES) {
		close(sv[1]);
		strbuf_release(&rq);
		return 0;
	}
	/* a unix socket holds the whole request: write it, then let the daemon work */
	if (write(sv[1], rq.buf, rq.len) != (ssize_t)rq.len)
		abort();
	shutdown(sv[1], SHUT_WR);
	for (rounds = 0; rounds < 1000 && !finished; rounds++) {
		MHD_run(daemon_);
		while (recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
	}
	close(sv[1]);
	for (rounds = 0; rounds < 10 && !finished; rounds++)
		MHD_run(daemon_);
	strbuf_release(&rq);
	return 0;
}
