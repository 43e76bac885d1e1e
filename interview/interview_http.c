/*
 * interview_http.c - the page behind the link of a proposal of slots
 * (/s/TOKEN, purpose "interview_pick"): GET lists the slots as buttons and
 * changes nothing (mail scanners fetch links); the POST of one button books
 * that slot exactly as CRENEAU n by reply would, first come first served.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "http.h"
#include "http_pages.h"
#include "interview.h"
#include "log.h"
#include "strbuf.h"
#include "token.h"
#include "user_text.h"
#include "util.h"

static const struct page_text booked = {
	{ "Créneau réservé", "Slot booked" },
	{ "Votre entretien est réservé. L'invitation arrive par e-mail, pour votre agenda.",
	  "Your interview is booked. The invitation comes by e-mail, for your calendar." },
	{ NULL, NULL }, NULL
};
static const struct page_text closed = {
	{ "Plus de créneau à choisir", "No slot to choose" },
	{ "Un créneau est déjà réservé pour cet entretien, ou l'entretien est annulé.",
	  "A slot is already booked for this interview, or the interview was cancelled." },
	{ NULL, NULL }, NULL
};
static const struct page_text refused = {
	{ "Créneau non réservé", "Slot not booked" },
	{ "Ce créneau n'a pas pu être réservé.", "This slot could not be booked." },
	{ NULL, NULL }, NULL
};

/* list - the slots, one button each */
static unsigned
list(const struct http_call *call, struct strbuf *body)
{
	char **labels = NULL, *state = NULL, *title = NULL, *err = NULL;
	size_t n = 0;
	int en = locale_is_en(call->locale), rc;

	rc = interview_slot_labels(call->ctx, call->t->object_id, call->locale, &labels, &n, &state,
	    &title, &err);
	if (rc <= 0) {
		if (rc < 0)
			log_warnx("http: interview: %s", err);
		free(err);
		page_message(body, rc < 0 ? PAGE_ERROR : PAGE_GONE, call->locale, NULL, NULL, NULL);
		return rc < 0 ? HTTP_UNAVAILABLE : HTTP_GONE;
	}
	if (strcmp(state, "proposed") != 0 || n == 0)
		page_text(body, &closed, call->locale, NULL, NULL, NULL);
	else {
		page_head(body, call->locale, en ? "Choose an interview slot" : "Choisir un créneau");
		strbuf_addstr(body, "<p>");
		page_escape(body, title);
		strbuf_addstr(body, "</p>\n<form method=\"post\" action=\"");
		page_escape(body, call->action);
		strbuf_addstr(body, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
		page_escape(body, call->csrf);
		strbuf_addstr(body, "\">\n");
		for (size_t i = 0; i < n; i++) {
			strbuf_addf(body, "<p><button type=\"submit\" name=\"slot\" value=\"%zu\">", i + 1);
			page_escape(body, labels[i]);
			strbuf_addstr(body, "</button></p>\n");
		}
		strbuf_addstr(body, "</form>\n");
		page_tail(body);
	}
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(state);
	free(title);
	return HTTP_OK;
}

/* book - the POST of a button: one transaction, the mails of the booking with it */
static unsigned
book(const struct http_call *call, struct strbuf *body)
{
	const char *v = http_call_field(call, "slot");
	char *err = NULL, *why;
	int64_t n = 0;
	int rc;

	while (*v >= '0' && *v <= '9' && n < 1000)
		n = n * 10 + (*v++ - '0');
	if (db_begin(call->ctx->db) < 0) {
		page_message(body, PAGE_ERROR, call->locale, NULL, NULL, NULL);
		return HTTP_UNAVAILABLE;
	}
	rc = interview_book(call->ctx, call->t->object_id, call->t->user_id, n, &err);
	if (rc == INTERVIEW_OK && db_commit(call->ctx->db) == 0) {
		page_text(body, &booked, call->locale, NULL, NULL, NULL);
		free(err);
		return HTTP_OK;
	}
	db_rollback(call->ctx->db);
	if (rc == INTERVIEW_EDB || rc == INTERVIEW_OK) {
		log_warnx("http: interview: %s", err ? err : "commit failed");
		free(err);
		page_message(body, PAGE_ERROR, call->locale, NULL, NULL, NULL);
		return HTTP_UNAVAILABLE;
	}
	why = user_text(call->locale, err ? err : "");
	page_text(body, &refused, call->locale, NULL, NULL, why);
	free(why);
	free(err);
	return HTTP_UNPROCESSABLE;
}

static unsigned
answer(const struct http_call *call, struct strbuf *body)
{
	if (call->status != TOKEN_OK) {
		page_message(body, PAGE_GONE, call->locale, NULL, NULL, NULL);
		return HTTP_GONE;
	}
	return call->post ? book(call, body) : list(call, body);
}

const struct http_page interview_pages[] = {
	{ "interview_pick", answer },
	{ NULL, NULL }
};
