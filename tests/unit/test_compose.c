/*
 * test_compose.c - every template of the catalogue, in both locales, with
 * the realistic sample variables of tests/fixtures/mailout/samples.json,
 * composed and parsed back with libetpan: structure, encodings, decoded
 * subject, escaping in the HTML part, headers, line lengths, determinism.
 * Plus the header-injection cases and the helpers' tables.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <libetpan/libetpan.h>
#include <unistd.h>

#include "compose.h"
#include "outbox_db.h"
#include "strbuf.h"
#include "template.h"
#include "util.h"

#define TOKEN "abcdefghijklmnopqrstuvwxyz234567"
#define CREATED 1795456360	/* 2026-11-23 */

static struct tmpl_store *store;
static struct compose_env env;
static struct json_object *samples;
static char attach_path[] = "/tmp/test_compose.XXXXXX";

static int
setup(void **state)
{
	int fd;

	(void)state;
	store = tmpl_store_new(ALTC_SRCDIR "/templates");
	env.domain = "univ.example";
	env.from = "altconnect@univ.example";
	env.from_name = "Alternance Université";
	env.base_url = "https://alternance.univ.example";
	env.store = store;
	samples = json_object_from_file(ALTC_SRCDIR "/tests/fixtures/mailout/samples.json");
	if (samples == NULL)
		return -1;
	fd = mkstemp(attach_path);
	if (fd < 0 || write_full(fd, "line;nom;raison\n3;Dupont;Doublon\n", 33) < 0)
		return -1;
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tmpl_store_free(&store);
	json_object_put(samples);
	unlink(attach_path);
	return 0;
}

/* row_for - an outbox row built from one sample */
static void
row_for(struct outbox_row *r, const char *name, const char *locale, int64_t id)
{
	struct json_object *s, *v;

	memset(r, 0, sizeof(*r));
	assert_true(json_object_object_get_ex(samples, name, &s));
	r->id = id;
	r->user_id = 3;
	r->rcpt = xstrdup("zoe.lefevre@etu.example");
	r->rcpt_name = xstrdup("Zoé Lefèvre");
	/* "application.refused#spontaneous": a variant of a template, named in the sample */
	r->template = xstrdup(json_object_object_get_ex(s, "template", &v) ?
	    json_object_get_string(v) : name);
	r->locale = xstrdup(locale);
	assert_true(json_object_object_get_ex(s, "vars", &v));
	r->vars = xstrdup(json_object_to_json_string(v));
	if (json_object_object_get_ex(s, "token", NULL))
		r->token = xstrdup(TOKEN);
	if (json_object_object_get_ex(s, "thread", &v))
		r->thread = xstrdup(json_object_get_string(v));
	if (json_object_object_get_ex(s, "attachments", NULL))
		r->attachments = xasprintf("[{\"path\":\"%s\",\"filename\":\"rejets.csv\","
		    "\"type\":\"text/csv\"}]", attach_path);
	r->created_at = CREATED;
	r->state = xstrdup("queued");
}

/* header - the unfolded value of the first header called name, or NULL */
static char *
header(const char *msg, const char *name)
{
	struct strbuf v = STRBUF_INIT;
	size_t nlen = strlen(name);
	const char *p = msg;

	while (*p && !(p[0] == '\r' && p[1] == '\n')) {
		const char *eol = strstr(p, "\r\n");

		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			const char *s = p + nlen + 1;

			for (;;) {
				while (*s == ' ')
					s++;
				strbuf_add(&v, s, (size_t)(eol - s));
				p = eol + 2;
				if (*p != ' ' && *p != '\t')
					break;
				strbuf_addch(&v, ' ');
				s = p;
				eol = strstr(p, "\r\n");
			}
			return strbuf_detach(&v, NULL);
		}
		p = eol + 2;
	}
	return NULL;
}

struct walk {
	int text, html, calendar, csv;
	char *text_body, *html_body, *cal_body;
	char *alt_boundary_seen;
};

static char *
decode_leaf(const char *msg, struct mailmime *m)
{
	struct mailmime_data *d = m->mm_data.mm_single;
	int enc = m->mm_mime_fields ? mailmime_transfer_encoding_get(m->mm_mime_fields) :
	    MAILMIME_MECHANISM_8BIT;
	size_t idx = 0, len;
	char *out, *copy;

	(void)msg;
	assert_int_equal(mailmime_part_parse(d->dt_data.dt_text.dt_data,
	    d->dt_data.dt_text.dt_length, &idx, enc, &out, &len), MAILIMF_NO_ERROR);
	copy = xstrndup(out, len);
	mailmime_decoded_part_free(out);
	return copy;
}

static void
walk(const char *msg, struct mailmime *m, struct walk *w)
{
	clistiter *it;
	const char *sub;

	switch (m->mm_type) {
	case MAILMIME_MESSAGE:
		walk(msg, m->mm_data.mm_message.mm_msg_mime, w);
		return;
	case MAILMIME_MULTIPLE:
		for (it = clist_begin(m->mm_data.mm_multipart.mm_mp_list); it; it = clist_next(it))
			walk(msg, clist_content(it), w);
		return;
	default:
		break;
	}
	sub = m->mm_content_type->ct_subtype;
	if (strcasecmp(sub, "plain") == 0) {
		w->text++;
		w->text_body = decode_leaf(msg, m);
		assert_int_equal(mailmime_transfer_encoding_get(m->mm_mime_fields),
		    MAILMIME_MECHANISM_QUOTED_PRINTABLE);
	} else if (strcasecmp(sub, "html") == 0) {
		w->html++;
		w->html_body = decode_leaf(msg, m);
	} else if (strcasecmp(sub, "calendar") == 0) {
		w->calendar++;
		w->cal_body = decode_leaf(msg, m);
	} else if (strcasecmp(sub, "csv") == 0) {
		char *b = decode_leaf(msg, m);

		assert_string_equal(b, "line;nom;raison\n3;Dupont;Doublon\n");
		assert_int_equal(mailmime_transfer_encoding_get(m->mm_mime_fields),
		    MAILMIME_MECHANISM_BASE64);
		free(b);
		w->csv++;
	}
}

static void
check_lines(const char *msg, size_t len)
{
	size_t i, col = 0;
	int in_header = 1;

	for (i = 0; i < len; i++) {
		if (msg[i] == '\n') {
			assert_true(i > 0 && msg[i - 1] == '\r');
			if (col == 1)
				in_header = 0;
			col = 0;
			continue;
		}
		col++;
		/* header lines fold near 78; body lines are QP or base64 (<= 76) */
		assert_true(col <= (in_header ? 998 : 78));
		assert_true((unsigned char)msg[i] < 0x80);
	}
}

/* dump_catalogue - whether check_one writes its message for mail_compose.sh */
static int dump_catalogue = 1;

/* dump - with ALTC_COMPOSE_DUMP=DIR, keep LOCALE-NAME.eml for tests/e2e/mail_compose.sh */
static void
dump(const char *name, const char *locale, const struct composed *c)
{
	const char *d = getenv("ALTC_COMPOSE_DUMP");
	char *path;
	FILE *fp;

	if (d == NULL || *d == '\0' || !dump_catalogue)
		return;
	path = xasprintf("%s/%s-%s.eml", d, locale, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(c->msg.buf, 1, c->msg.len, fp), c->msg.len);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static void
check_one(const char *name, const char *locale, int64_t id)
{
	struct outbox_row row;
	struct composed c, again;
	struct mailmime *mime = NULL;
	struct walk w = { 0 };
	char *err = NULL, *h, *decoded = NULL, want[256];
	size_t idx = 0;
	struct strbuf mid = STRBUF_INIT;

	row_for(&row, name, locale, id);
	composed_init(&c);
	if (compose_message(&env, &row, &c, &err) < 0)
		fail_msg("%s/%s: %s", locale, name, err);
	/* determinism: the same row gives the same bytes */
	composed_init(&again);
	assert_int_equal(compose_message(&env, &row, &again, &err), 0);
	assert_int_equal(c.msg.len, again.msg.len);
	assert_memory_equal(c.msg.buf, again.msg.buf, c.msg.len);
	composed_release(&again);
	check_lines(c.msg.buf, c.msg.len);
	dump(name, locale, &c);

	/* parsed back by libetpan */
	assert_int_equal(mailmime_parse(c.msg.buf, c.msg.len, &idx, &mime), MAILIMF_NO_ERROR);
	walk(c.msg.buf, mime, &w);
	assert_int_equal(w.text, 1);
	assert_int_equal(w.html, 1);
	assert_non_null(strstr(w.text_body, locale[0] == 'f' ? "Bonjour Zoé Lefèvre," :
	    "Hello Zoé Lefèvre,"));
	assert_non_null(strstr(w.html_body, "<html lang=\""));
	assert_null(strstr(w.text_body, "{{"));
	assert_null(strstr(w.html_body, "{{"));
	assert_null(strstr(w.text_body, "%%CONTENT%%"));
	if (strcmp(name, "offer.to_validate") == 0) {
		assert_non_null(strstr(w.html_body, "&lt;Excel, SAP&gt;"));
		assert_null(strstr(w.html_body, "<Excel"));
		assert_non_null(strstr(w.text_body, "<Excel, SAP>"));
	}
	if (strcmp(name, "interview.confirmed") == 0 || strcmp(name, "interview.cancelled") == 0) {
		assert_int_equal(w.calendar, 1);
		assert_non_null(strstr(w.cal_body, "BEGIN:VCALENDAR"));
		assert_non_null(strstr(w.cal_body, "UID:interview-3@univ.example"));
		assert_non_null(strstr(w.cal_body, strcmp(name, "interview.cancelled") == 0 ?
		    "METHOD:CANCEL" : "METHOD:REQUEST"));
	} else {
		assert_int_equal(w.calendar, 0);
	}
	assert_int_equal(w.csv, row.attachments ? 1 : 0);

	/* headers */
	h = header(c.msg.buf, "Subject");
	assert_non_null(h);
	idx = 0;
	assert_int_equal(mailmime_encoded_phrase_parse("utf-8", h, strlen(h), &idx, "utf-8",
	    &decoded), MAILIMF_NO_ERROR);
	if (row.token) {
		xsnprintf(want, sizeof(want), "%s [AC-%s]", c.subject, TOKEN);
		assert_string_equal(decoded, want);
	} else {
		assert_string_equal(decoded, c.subject);
	}
	assert_true(strlen(c.subject) > 5);
	free(decoded);
	free(h);
	compose_message_id(&env, &row, &mid);
	h = header(c.msg.buf, "Message-ID");
	assert_string_equal(h, mid.buf);
	assert_string_equal(c.message_id, mid.buf);
	if (row.token) {
		xsnprintf(want, sizeof(want), "<%s.", TOKEN);
		assert_true(strncmp(h, want, strlen(want)) == 0);
	}
	free(h);
	h = header(c.msg.buf, "Reply-To");
	if (row.token)
		assert_string_equal(h, "reply+" TOKEN "@univ.example");
	else
		assert_null(h);
	free(h);
	h = header(c.msg.buf, "References");
	if (row.thread) {
		assert_non_null(h);
		assert_true(strncmp(h, "<thread-", 8) == 0);
	}
	free(h);
	h = header(c.msg.buf, "Auto-Submitted");
	assert_string_equal(h, "auto-generated");
	free(h);
	h = header(c.msg.buf, "List-Unsubscribe");
	if (strcmp(name, "digest.daily") == 0)
		assert_string_equal(h, "<https://alternance.univ.example/u/qrstuvwxyzabcdefghijklmnop234567>");
	else
		assert_null(h);
	free(h);
	xsnprintf(want, sizeof(want), "bounces+%lld@univ.example", (long long)id);
	assert_string_equal(c.envelope_from, want);

	free(w.text_body);
	free(w.html_body);
	free(w.cal_body);
	mailmime_free(mime);
	strbuf_release(&mid);
	composed_release(&c);
	outbox_row_release(&row);
}

static void
test_catalogue(void **state)
{
	static const char *const locales[] = { "fr", "en" };
	size_t i, l;

	(void)state;
	for (i = 0; tmpl_catalogue[i]; i++)
		for (l = 0; l < ARRAY_SIZE(locales); l++)
			check_one(tmpl_catalogue[i], locales[l], (int64_t)(i * 2 + l + 1));
}

/*
 * the modules' templates outside the catalogue, and the variants of a
 * template (a spontaneous application, a partner's contact), that have a
 * sample
 */
static void
test_module_samples(void **state)
{
	static const char *const locales[] = { "fr", "en" };
	int64_t id = 1000;
	size_t n = 0;

	(void)state;
	dump_catalogue = 0;	/* mail_compose.sh reads the catalogue's */
	json_object_object_foreach(samples, key, val) {
		size_t i;

		(void)val;
		for (i = 0; tmpl_catalogue[i] && strcmp(tmpl_catalogue[i], key) != 0; i++)
			;
		if (tmpl_catalogue[i])
			continue;
		for (size_t l = 0; l < ARRAY_SIZE(locales); l++)
			check_one(key, locales[l], id++);
		n++;
	}
	assert_true(n >= 10);
	dump_catalogue = 1;
}

/* unknown locale falls back to fr; unknown template is an error */
static void
test_fallback(void **state)
{
	struct outbox_row row;
	struct composed c;
	char *err = NULL;

	(void)state;
	row_for(&row, "account.welcome", "de", 99);
	composed_init(&c);
	assert_int_equal(compose_message(&env, &row, &c, &err), 0);
	assert_non_null(strstr(c.subject, "Bienvenue"));
	composed_release(&c);
	free(row.template);
	row.template = xstrdup("no.such");
	composed_init(&c);
	assert_int_equal(compose_message(&env, &row, &c, &err), -1);
	assert_non_null(strstr(err, "no.such"));
	free(err);
	composed_release(&c);
	outbox_row_release(&row);
}

/* optional variables may be left out (the shapes the inbound pipeline sends) */
static void
test_optional_vars(void **state)
{
	static const struct { const char *template, *vars, *want; } t[] = {
		{ "reply.help", "{\"verbs\":[{\"verb\":\"VALIDER\"}],\"stopped\":true}",
		  "vous ne recevrez plus les notifications facultatives" },
		{ "reply.help", "{\"verbs\":[]}", "STOP – ne plus recevoir" },
		{ "reply.error", "{\"code\":\"other\",\"is_other\":true,\"detail\":\"\",\"allowed\":[]}",
		  "Votre message n’a pas pu être traité." },
		{ "offer.new_for_formation", "{\"offer_title\":\"T\",\"company\":\"C\",\"location\":\"L\","
		  "\"duration\":\"D\",\"positions\":1,\"description\":\"x\"}", "POSTULER" },
		{ "import.report", "{\"id\":3,\"file\":\"ecandidat.csv\",\"status\":\"done\",\"lines\":2,"
		  "\"created\":2,\"rejected\":0}", "ecandidat.csv" },
		{ "application.received", "{\"student_name\":\"S\",\"offer_title\":\"T\",\"formation\":\"F\"}",
		  "RECEVABLE" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct outbox_row row;
		struct rendered r;
		char *err = NULL;

		row_for(&row, t[i].template, "fr", 50 + (int64_t)i);
		free(row.vars);
		row.vars = xstrdup(t[i].vars);
		if (compose_render(&env, &row, &r, &err) < 0)
			fail_msg("%s: %s", t[i].template, err);
		if (strstr(r.text.buf, t[i].want) == NULL)
			fail_msg("%s: '%s' not in:\n%s", t[i].template, t[i].want, r.text.buf);
		rendered_release(&r);
		outbox_row_release(&row);
	}
}

/* a render error (missing variable) is an error, never a blank in a mail */
static void
test_missing_var(void **state)
{
	struct outbox_row row;
	struct composed c;
	char *err = NULL;

	(void)state;
	row_for(&row, "offer.rejected", "fr", 7);
	free(row.vars);
	row.vars = xstrdup("{\"offer_title\":\"x\",\"formation\":\"GEA\"}");
	composed_init(&c);
	assert_int_equal(compose_message(&env, &row, &c, &err), -1);
	assert_non_null(strstr(err, "unknown variable 'reason'"));
	free(err);
	composed_release(&c);
	outbox_row_release(&row);
}

/* an attachment with a "cid" is shown by the HTML: multipart/related inside the alternative */
static void
test_inline_part(void **state)
{
	static const struct {
		const char *cid;
		int rc, mixed;	/* mixed: an ordinary attachment too */
	} cases[] = {
		{ "chart.stats@altconnect", 0, 0 },
		{ "chart.stats@altconnect", 0, 1 },
		{ "chart stats>\\r\\nX-Evil: 1", -1, 0 },
		{ "no-at-sign", -1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct outbox_row row;
		struct composed c;
		char *err = NULL, *extra, *cid_hdr;
		const char *m, *alt, *rel, *html, *png;

		row_for(&row, "stats.weekly", "fr", 40 + (int64_t)i);
		free(row.vars);
		row.vars = xasprintf("{\"period\":\"07/12/2026 – 13/12/2026\",\"chart_cid\":\"%s\","
		    "\"formations\":[]}", cases[i].cid);
		free(row.attachments);
		extra = cases[i].mixed ? xasprintf(",{\"path\":\"%s\",\"filename\":\"rejets.csv\","
		    "\"type\":\"text/csv\"}", attach_path) : xstrdup("");
		row.attachments = xasprintf("[{\"path\":\"%s\",\"filename\":\"chart.png\","
		    "\"type\":\"image/png\",\"cid\":\"%s\"}%s]", attach_path, cases[i].cid, extra);
		free(extra);
		composed_init(&c);
		assert_int_equal(compose_message(&env, &row, &c, &err), cases[i].rc);
		if (cases[i].rc < 0) {
			assert_non_null(strstr(err, "bad Content-ID"));
			free(err);
			composed_release(&c);
			outbox_row_release(&row);
			continue;
		}
		m = c.msg.buf;
		cid_hdr = xasprintf("Content-ID: <%s>\r\n", cases[i].cid);
		alt = strstr(m, "multipart/alternative");
		rel = strstr(m, "Content-Type: multipart/related; type=\"text/html\";");
		html = strstr(m, "Content-Type: text/html");
		png = strstr(m, "Content-Type: image/png");
		assert_non_null(alt);
		assert_non_null(rel);
		assert_true(alt < rel && rel < html && html < png);
		assert_non_null(strstr(png, cid_hdr));
		assert_non_null(strstr(png, "Content-Disposition: inline; filename=\"chart.png\""));
		assert_non_null(strstr(m, "cid:"));
		assert_int_equal(strstr(m, "multipart/mixed") != NULL, cases[i].mixed);
		if (cases[i].mixed)
			assert_non_null(strstr(png, "Content-Disposition: attachment; filename=\"rejets.csv\""));
		free(cid_hdr);
		composed_release(&c);
		outbox_row_release(&row);
	}
}

/* a French file name arrives whole: an ASCII filename beside the RFC 2231 filename* */
static void
test_attachment_names(void **state)
{
	static const struct {
		const char *name, *ascii, *ext;	/* ext NULL: no filename* */
	} cases[] = {
		{ "rejets.csv", "rejets.csv", NULL },
		{ "CV Léa Dupré.pdf", "CV Lea Dupre.pdf", "UTF-8''CV%20L%C3%A9a%20Dupr%C3%A9.pdf" },
		{ "lettre – motivation.pdf", "lettre _ motivation.pdf",
		  "UTF-8''lettre%20%E2%80%93%20motivation.pdf" },
		{ "a\\\"b.pdf", "a_b.pdf", "UTF-8''a%22b.pdf" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct outbox_row row;
		struct composed c;
		char *err = NULL, *want;
		const char *d;

		row_for(&row, "import.report", "fr", 60 + (int64_t)i);
		free(row.attachments);
		row.attachments = xasprintf("[{\"path\":\"%s\",\"filename\":\"%s\","
		    "\"type\":\"text/csv\"}]", attach_path, cases[i].name);
		composed_init(&c);
		assert_int_equal(compose_message(&env, &row, &c, &err), 0);
		d = strstr(c.msg.buf, "Content-Disposition: attachment;");
		assert_non_null(d);
		want = xasprintf("filename=\"%s\"", cases[i].ascii);
		if (strstr(d, want) == NULL)
			fail_msg("%s: no %s in %.200s", cases[i].name, want, d);
		free(want);
		if (cases[i].ext) {
			/* RFC 2231: an extended value is not a quoted string */
			want = xasprintf("filename*=%s", cases[i].ext);
			if (strstr(d, want) == NULL)
				fail_msg("%s: no %s in %.300s", cases[i].name, want, d);
			free(want);
		} else
			assert_null(strstr(d, "filename*="));
		composed_release(&c);
		outbox_row_release(&row);
	}
}

/* no header line can come from user data */
static void
test_injection(void **state)
{
	struct outbox_row row;
	struct composed c;
	char *err = NULL;
	const char *p, *end;

	(void)state;
	row_for(&row, "offer.rejected", "fr", 8);
	free(row.vars);
	row.vars = xstrdup("{\"offer_title\":\"Titre\\r\\nBcc: victim@evil.example\\nX-Evil: 1\","
	    "\"formation\":\"GEA\",\"reason\":\"r\"}");
	free(row.rcpt_name);
	row.rcpt_name = xstrdup("Eve\r\nBcc: victim@evil.example");
	free(row.thread);
	row.thread = xstrdup("offer.1>\r\nBcc: x@evil.example");
	composed_init(&c);
	assert_int_equal(compose_message(&env, &row, &c, &err), 0);
	end = strstr(c.msg.buf, "\r\n\r\n");
	assert_non_null(end);
	for (p = c.msg.buf; (p = strstr(p, "\r\n")) != NULL && p < end; p += 2) {
		assert_true(strncasecmp(p + 2, "Bcc:", 4) != 0);
		assert_true(strncasecmp(p + 2, "X-Evil:", 7) != 0);
	}
	composed_release(&c);

	/* a bad address is refused outright */
	free(row.rcpt);
	row.rcpt = xstrdup("zoe@etu.example\r\nBcc: victim@evil.example");
	composed_init(&c);
	assert_int_equal(compose_message(&env, &row, &c, &err), -1);
	free(err);
	composed_release(&c);
	outbox_row_release(&row);
}

static void
test_address_ok(void **state)
{
	static const struct { const char *a; int ok; } t[] = {
		{ "zoe@etu.example", 1 }, { "reply+abc@univ.example", 1 },
		{ "a.b-c_d@x.y", 1 }, { "", 0 }, { "noat", 0 }, { "@x.y", 0 },
		{ "a@", 0 }, { "a@b@c", 0 }, { "a b@c", 0 }, { "a@b\r\nBcc: c", 0 },
		{ "<a@b>", 0 }, { "a@b,c@d", 0 }, { "zoé@etu.example", 0 }, { "a@.b", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (hdr_address_ok(t[i].a) != t[i].ok)
			fail_msg("'%s' should be %s", t[i].a, t[i].ok ? "ok" : "refused");
}

static void
test_encode_text(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "Hello", "Hello" },
		{ "Offre reçue", "=?UTF-8?B?T2ZmcmUgcmXDp3Vl?=" },
		{ "a\r\nb", "a  b" },
		{ "=?x?", "=?UTF-8?B?PT94Pw==?=" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct strbuf sb = STRBUF_INIT;

		hdr_encode_text(&sb, t[i].in, 9);
		assert_string_equal(sb.buf, t[i].want);
		strbuf_release(&sb);
	}
}

/* long non-ASCII text folds into several words, each cut on a UTF-8 boundary */
static void
test_encode_long(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *in = "Éléphant éléphant éléphant éléphant éléphant éléphant éléphant "
	    "éléphant éléphant éléphant";
	char *decoded = NULL;
	size_t idx = 0;
	const char *p = NULL, *line;

	(void)state;
	hdr_encode_text(&sb, in, 9);
	for (line = sb.buf; line; line = p ? p + 2 : NULL) {
		p = strstr(line, "\r\n");
		assert_true((size_t)(p ? p - line : (ptrdiff_t)strlen(line)) + (line == sb.buf ? 9 : 0) <= 78);
	}
	assert_int_equal(mailmime_encoded_phrase_parse("utf-8", sb.buf, sb.len, &idx, "utf-8",
	    &decoded), MAILIMF_NO_ERROR);
	assert_string_equal(decoded, in);
	free(decoded);
	strbuf_release(&sb);
}

/* a 100,000-character name gives a short To: line, cut on a character, never a huge one */
static void
test_long_name(void **state)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
	const char *p, *line;

	(void)state;
	for (int i = 0; i < 20000; i++)
		strbuf_addstr(&name, i % 2 ? "Marie " : "Zoé ");
	hdr_mailbox(&sb, name.buf, "zoe@etu.example", 4);
	assert_true(sb.len < 400);
	for (line = sb.buf; line; line = p ? p + 2 : NULL) {
		p = strstr(line, "\r\n");
		assert_true((size_t)(p ? p - line : (ptrdiff_t)strlen(line)) <= 78);
	}
	assert_non_null(strstr(sb.buf, "<zoe@etu.example>"));
	strbuf_reset(&sb);
	strbuf_reset(&name);
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&name, 'a');
	hdr_mailbox(&sb, name.buf, "zoe@etu.example", 4);
	assert_true(sb.len < 400);
	strbuf_release(&sb);
	strbuf_release(&name);
}

static void
test_qp(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "plain", "plain" },
		{ "a=b", "a=3Db" },
		{ "é", "=C3=A9" },
		{ "x \ny\t\n", "x=20\r\ny=09\r\n" },
		{ "end ", "end=20" },
		{ "a\r\nb", "a\r\nb" },
		{ "From me\nFrom you", "=46rom me\r\n=46rom you" },
		{ "a From b", "a From b" },
		{ "bell\a", "bell=07" },
		{ "[x]", "[x]" },
	};
	struct strbuf long_in = STRBUF_INIT, out = STRBUF_INIT;
	size_t i, idx = 0, dlen;
	char *decoded;
	const char *line, *eol;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct strbuf sb = STRBUF_INIT;

		qp_encode(&sb, t[i].in, strlen(t[i].in));
		assert_string_equal(sb.buf, t[i].want);
		strbuf_release(&sb);
	}
	/* long lines: soft breaks keep every line within 76, never inside an escape */
	for (i = 0; i < 300; i++)
		strbuf_addstr(&long_in, i % 7 ? "é" : "a ");
	strbuf_addstr(&long_in, "\nfin");
	qp_encode(&out, long_in.buf, long_in.len);
	for (line = out.buf; (eol = strstr(line, "\r\n")) != NULL; line = eol + 2)
		assert_true(eol - line <= 76);
	assert_int_equal(mailmime_part_parse(out.buf, out.len, &idx, MAILMIME_MECHANISM_QUOTED_PRINTABLE,
	    &decoded, &dlen), MAILIMF_NO_ERROR);
	/* decoding gives the input back, hard break as CRLF */
	assert_int_equal(dlen, long_in.len + 1);
	assert_memory_equal(decoded, long_in.buf, long_in.len - 4);
	mailmime_decoded_part_free(decoded);
	strbuf_release(&long_in);
	strbuf_release(&out);
}

static void
test_date(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	hdr_date(&sb, CREATED);
	assert_string_equal(sb.buf, "Mon, 23 Nov 2026 17:52:40 +0000");
	strbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_module_samples),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_optional_vars),
		cmocka_unit_test(test_missing_var),
		cmocka_unit_test(test_attachment_names),
		cmocka_unit_test(test_injection),
		cmocka_unit_test(test_inline_part),
		cmocka_unit_test(test_long_name),
		cmocka_unit_test(test_address_ok),
		cmocka_unit_test(test_encode_text),
		cmocka_unit_test(test_encode_long),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_date),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
