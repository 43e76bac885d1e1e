/*
 * outbox_run.c - the delivery loop shared by the daemon and "altc outbox
 * flush": page through the due rows, compose each one, hand it to the
 * configured back-end, and record the outcome.  Outcomes are committed in
 * small transactions after the back-end's sync, so the database never says
 * "sent" about a message the back-end has not made durable; a crash before
 * the commit only means the same message goes again (same Message-ID).
 */
#include "compat.h"

#include "altc.h"
#include "compose.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "outbox_db.h"
#include "strbuf.h"
#include "template.h"
#include "util.h"

#define PAGE 256

int64_t
outbox_backoff(int attempts, int64_t base, int64_t max)
{
	int64_t d = base;
	int i;

	for (i = 1; i < attempts && d < max; i++)
		d *= 2;
	return d < max ? d : max;
}

/* one message's outcome, waiting for the batch commit */
struct outcome {
	const struct outbox_row *row;
	enum outbox_result res;
	char *message_id;
	char *error;
};

struct run {
	struct altc *ctx;
	const struct outbox_backend *be;
	void *state;
	struct compose_env env;
	int max_attempts;
	int64_t base, max;
	size_t sent;
};

/* apply - record one outcome in its own transaction */
static int
apply(struct run *r, const struct outcome *o, char **errstr_r)
{
	struct db *db = r->ctx->db;
	const struct outbox_row *row = o->row;
	int64_t now = now_epoch();
	int attempts = row->attempts + 1, rc;

	if (db_begin(db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	switch (o->res) {
	case OUTBOX_SENT:
		rc = outbox_db_mark_sent(db, row->id, o->message_id, now, errstr_r);
		log_info("outbox %lld: sent %s to %s", (long long)row->id, row->template, row->rcpt);
		break;
	case OUTBOX_TEMPFAIL:
	case OUTBOX_DOWN:
		if (attempts >= r->max_attempts) {
			rc = outbox_db_mark_failed(db, row->id, attempts, o->error, errstr_r);
			log_warnx("outbox %lld: failed after %d attempts: %s", (long long)row->id,
			    attempts, o->error);
		} else {
			int64_t next = now + outbox_backoff(attempts, r->base, r->max);

			rc = outbox_db_mark_retry(db, row->id, attempts, next, o->error, errstr_r);
			log_info("outbox %lld: deferred (attempt %d): %s", (long long)row->id,
			    attempts, o->error);
		}
		break;
	case OUTBOX_PERMFAIL:
	default:
		rc = outbox_db_mark_failed(db, row->id, attempts, o->error, errstr_r);
		if (rc == 0 && row->user_id && o->message_id != NULL)
			rc = outbox_db_mark_unreachable(db, row->user_id, o->error, errstr_r);
		log_warnx("outbox %lld: failed for '%s': %s", (long long)row->id, row->rcpt, o->error);
		break;
	}
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) < 0) {
		*errstr_r = xstrdup("cannot commit the outbox state");
		return -1;
	}
	return 0;
}

/* deliver - compose and send one row; the outcome's message_id is NULL when it could not be composed */
static enum outbox_result
deliver(struct run *r, const struct outbox_row *row, struct outcome *o)
{
	struct composed c;
	struct outbox_msg m;
	char *err = NULL;

	o->row = row;
	composed_init(&c);
	if (compose_message(&r->env, row, &c, &err) < 0) {
		o->res = OUTBOX_PERMFAIL;
		o->error = xasprintf("cannot compose: %s", err);
		free(err);
		return o->res;
	}
	m.id = row->id;
	m.envelope_from = c.envelope_from;
	m.rcpt = row->rcpt;
	m.data = c.msg.buf;
	m.len = c.msg.len;
	o->res = r->be->send(r->state, &m, &err);
	o->message_id = c.message_id;
	c.message_id = NULL;
	o->error = err;
	composed_release(&c);
	return o->res;
}

/* run_page - deliver one page of due rows; 1 when the run must stop */
static int
run_page(struct run *r, struct outbox_row *rows, size_t n, char **errstr_r)
{
	struct outcome *out = xcalloc(r->be->batch, sizeof(*out));
	size_t i = 0, k, nb;
	int stop = 0, rc = 0;

	while (i < n && !stop && rc == 0) {
		for (nb = 0; nb < r->be->batch && i < n && !stop; nb++, i++)
			stop = deliver(r, &rows[i], &out[nb]) == OUTBOX_DOWN;
		if (r->be->sync(r->state, errstr_r) < 0) {
			rc = -1;	/* nothing of this batch is recorded: it goes again */
		} else {
			for (k = 0; k < nb && rc == 0; k++) {
				rc = apply(r, &out[k], errstr_r);
				if (out[k].res == OUTBOX_SENT)
					r->sent++;
			}
		}
		for (k = 0; k < nb; k++) {
			free(out[k].message_id);
			free(out[k].error);
		}
		memset(out, 0, r->be->batch * sizeof(*out));
	}
	free(out);
	return rc < 0 ? -1 : stop;
}

int
outbox_flush(struct altc *ctx, size_t *sent_r, char **errstr_r)
{
	struct run r;
	int64_t after = 0, now = now_epoch();
	int rc = 0;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.be = *config_str(ctx->cfg, "smtp.url") ? &outbox_smtp_backend : &outbox_maildir_backend;
	r.env.domain = config_str(ctx->cfg, "mail.domain");
	r.env.from = config_str(ctx->cfg, "mail.from");
	r.env.from_name = config_str(ctx->cfg, "mail.from_name");
	r.env.base_url = config_str(ctx->cfg, "mail.base_url");
	r.env.store = tmpl_store_new(ctx->templates);
	r.max_attempts = (int)config_int(ctx->cfg, "smtp.max_attempts");
	r.base = config_int(ctx->cfg, "smtp.retry_base");
	r.max = config_int(ctx->cfg, "smtp.retry_max");
	*sent_r = 0;
	while (rc == 0) {
		struct outbox_row *rows;
		size_t n, i;

		if (outbox_db_due(ctx->db, now, after, PAGE, &rows, &n, errstr_r) < 0) {
			rc = -1;
			break;
		}
		if (n > 0 && r.state == NULL && r.be->open(ctx, &r.state, errstr_r) < 0) {
			rc = -1;
		} else if (n > 0) {
			after = rows[n - 1].id;
			rc = run_page(&r, rows, n, errstr_r);
		}
		for (i = 0; i < n; i++)
			outbox_row_release(&rows[i]);
		free(rows);
		if (n < PAGE)
			break;
	}
	if (r.state)
		r.be->close(r.state);
	tmpl_store_free(&r.env.store);
	*sent_r = r.sent;
	if (rc == 1)
		log_warnx("outbox: %s unreachable, delivery postponed", r.be->name);
	return rc < 0 ? -1 : 0;
}
