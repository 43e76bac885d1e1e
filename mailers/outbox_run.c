/*
 * outbox_run.c - the delivery loop shared by the daemon and "altc outbox
 * flush": page through the due rows, compose each one, hand it to the
 * configured back-end, and record the outcome.  Outcomes are committed in
 * small transactions after the back-end's sync, so the database never says
 * "sent" about a message the back-end has not made durable; a crash before
 * the commit only means the same message goes again (same Message-ID).
 * Over SMTP the relay's 250 is already durable: each accepted message is
 * journaled before the next is sent, the journal is replayed at the start
 * of a run and emptied after each commit, so a crash resends only the
 * message in flight.
 */
#include "compat.h"

#include <pthread.h>

#include "altc.h"
#include "compose.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "outbox.h"
#include "outbox_db.h"
#include "outbox_journal.h"
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
	struct outbox_journal journal;
	size_t journaled;	/* lines written since the last commit */
};

/* record - write one outcome (inside the batch transaction) */
static int
record(struct run *r, const struct outcome *o, char **errstr_r)
{
	struct db *db = r->ctx->db;
	const struct outbox_row *row = o->row;
	int64_t now = now_epoch();
	int attempts = row->attempts + 1, rc;

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
	case OUTBOX_BADRCPT:
	default:
		rc = outbox_db_mark_failed(db, row->id, attempts, o->error, errstr_r);
		if (rc == 0 && row->user_id && o->res == OUTBOX_BADRCPT)
			rc = outbox_db_mark_unreachable(db, row->user_id, o->error, errstr_r);
		log_warnx("outbox %lld: failed for '%s': %s", (long long)row->id, row->rcpt, o->error);
		break;
	}
	return rc < 0 ? -1 : 0;
}

/* apply - the outcomes of one batch in one small transaction */
static int
apply(struct run *r, const struct outcome *out, size_t n, char **errstr_r)
{
	size_t k;

	if (n == 0)
		return 0;
	if (db_begin(r->ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	for (k = 0; k < n; k++) {
		if (record(r, &out[k], errstr_r) < 0) {
			db_rollback(r->ctx->db);
			return -1;
		}
	}
	if (db_commit(r->ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the outbox state");
		return -1;
	}
	for (k = 0; k < n; k++)
		if (out[k].res == OUTBOX_SENT)
			r->sent++;
	return 0;
}

/*
 * The page is composed by a worker thread while the main thread sends and
 * commits: composition (templates, MIME, encodings) and delivery (network
 * round trips, database) overlap on two cores.  Only the worker touches the
 * template store during a page; only the main thread touches the database.
 */
struct slot {
	struct composed c;
	char *err;		/* composition failed */
};

struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t ready;		/* slots [0, ready) are composed */
	int cancel;
	struct run *r;
	const struct outbox_row *rows;
	struct slot *slots;
	size_t n;
};

static void *
compose_worker(void *arg)
{
	struct pipeline *p = arg;
	size_t i;

	for (i = 0; i < p->n; i++) {
		struct slot *s = &p->slots[i];
		int cancel;

		pthread_mutex_lock(&p->mu);
		cancel = p->cancel;
		pthread_mutex_unlock(&p->mu);
		if (cancel)
			break;
		composed_init(&s->c);
		if (compose_message(&p->r->env, &p->rows[i], &s->c, &s->err) < 0 && s->err == NULL)
			s->err = xstrdup("composition failed");
		pthread_mutex_lock(&p->mu);
		p->ready = i + 1;
		pthread_cond_signal(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

/* wait_slot - block until slot i is composed */
static struct slot *
wait_slot(struct pipeline *p, size_t i)
{
	pthread_mutex_lock(&p->mu);
	while (p->ready <= i)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return &p->slots[i];
}

/* deliver - send one composed row (outcome without message_id: it could not be composed) */
static enum outbox_result
deliver(struct run *r, const struct outbox_row *row, struct slot *s, struct outcome *o)
{
	struct outbox_msg m;
	char *err = NULL;

	o->row = row;
	if (s->err) {
		o->res = OUTBOX_PERMFAIL;
		o->error = xasprintf("cannot compose: %s", s->err);
		return o->res;
	}
	m.id = row->id;
	m.envelope_from = s->c.envelope_from;
	m.rcpt = row->rcpt;
	m.data = s->c.msg.buf;
	m.len = s->c.msg.len;
	o->res = r->be->send(r->state, &m, &err);
	o->message_id = s->c.message_id;
	s->c.message_id = NULL;
	o->error = err;
	return o->res;
}

/* journal - note an accepted message before the next one goes; -1 with *errstr_r */
static int
journal(struct run *r, const struct outcome *o, char **errstr_r)
{
	struct outbox_journal_entry e;

	if (!r->be->journaled || o->res != OUTBOX_SENT)
		return 0;
	e.id = o->row->id;
	e.created_at = o->row->created_at;
	e.sent_at = now_epoch();
	e.message_id = o->message_id;
	if (outbox_journal_append(&r->journal, &e, errstr_r) < 0)
		return -1;
	r->journaled++;
	return 0;
}

/* replay - record the messages a killed run had sent but not committed */
static int
replay(struct run *r, char **errstr_r)
{
	struct outbox_journal_entry *e;
	size_t n, i, done = 0;
	int rc = 0;

	if (outbox_journal_read(&r->journal, &e, &n, errstr_r) < 0)
		return -1;
	if (n > 0 && db_begin(r->ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		rc = -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		struct outbox_row row;
		int found = outbox_db_get(r->ctx->db, e[i].id, &row, errstr_r);

		if (found < 0)
			rc = -1;
		if (found != 1)
			continue;
		/* a row of a database made since, or already committed: nothing to do */
		if (strcmp(row.state, "queued") == 0 && row.created_at == e[i].created_at) {
			if (outbox_db_mark_sent(r->ctx->db, e[i].id, e[i].message_id, e[i].sent_at,
			    errstr_r) < 0)
				rc = -1;
			else
				done++;
		}
		outbox_row_release(&row);
	}
	if (n > 0 && rc == 0 && db_commit(r->ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the journal");
		rc = -1;
	} else if (n > 0 && rc < 0) {
		db_rollback(r->ctx->db);
	}
	outbox_journal_entries_free(e, n);
	if (rc == 0 && n > 0) {
		if (done > 0)
			log_info("outbox: %zu message(s) recorded as sent from the journal", done);
		rc = outbox_journal_reset(&r->journal, errstr_r);
	}
	return rc;
}

/* run_page - deliver one page of due rows; 1 when the run must stop */
static int
run_page(struct run *r, struct outbox_row *rows, size_t n, char **errstr_r)
{
	struct outcome *out = xcalloc(r->be->batch, sizeof(*out));
	struct pipeline p;
	pthread_t worker;
	size_t i = 0, k, nb;
	int stop = 0, rc = 0;

	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	p.r = r;
	p.rows = rows;
	p.n = n;
	p.slots = xcalloc(n, sizeof(*p.slots));
	if (pthread_create(&worker, NULL, compose_worker, &p) != 0)
		fatalx("cannot start the composition thread");
	while (i < n && !stop && rc == 0) {
		for (nb = 0; nb < r->be->batch && i < n && !stop; nb++, i++) {
			struct slot *s = wait_slot(&p, i);

			stop = deliver(r, &rows[i], s, &out[nb]) == OUTBOX_DOWN;
			composed_release(&s->c);
			if (journal(r, &out[nb], errstr_r) < 0) {
				/* not journaled: it stays queued and goes again; the run stops */
				rc = -1;
				stop = 1;
			}
		}
		/* nothing of a batch is recorded unless all of it is durable: else it goes again */
		if (rc < 0) {
			char *err = NULL;

			if (apply(r, out, nb - 1, &err) < 0)
				free(err);
		} else if (r->be->sync(r->state, errstr_r) < 0 || apply(r, out, nb, errstr_r) < 0) {
			rc = -1;
		} else if (r->journaled > 0) {
			rc = outbox_journal_reset(&r->journal, errstr_r);
			if (rc == 0)
				rc = outbox_journal_reserve(&r->journal, errstr_r);
			r->journaled = 0;
		}
		for (k = 0; k < nb; k++) {
			free(out[k].message_id);
			free(out[k].error);
		}
		memset(out, 0, r->be->batch * sizeof(*out));
	}
	pthread_mutex_lock(&p.mu);
	p.cancel = 1;
	pthread_mutex_unlock(&p.mu);
	pthread_join(worker, NULL);
	for (k = 0; k < p.ready; k++) {
		composed_release(&p.slots[k].c);
		free(p.slots[k].err);
	}
	free(p.slots);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
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
	rc = outbox_journal_open(&r.journal, ctx->db->path, errstr_r);
	if (rc == 1)
		log_info("outbox: another delivery run is in progress");
	if (rc != 0) {
		tmpl_store_free(&r.env.store);
		return rc < 0 ? -1 : 0;
	}
	rc = replay(&r, errstr_r);
	while (rc == 0) {
		struct outbox_row *rows;
		size_t n, i;

		if (outbox_db_due(ctx->db, now, after, PAGE, &rows, &n, errstr_r) < 0) {
			rc = -1;
			break;
		}
		/* room in the journal first: a full disk stops the run before a message goes */
		if (n > 0 && r.state == NULL && ((r.be->journaled &&
		    outbox_journal_reserve(&r.journal, errstr_r) < 0) ||
		    r.be->open(ctx, &r.state, errstr_r) < 0)) {
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
	outbox_journal_close(&r.journal);
	tmpl_store_free(&r.env.store);
	*sent_r = r.sent;
	if (rc == 1)
		log_warnx("outbox: %s unreachable, delivery postponed", r.be->name);
	return rc < 0 ? -1 : 0;
}
