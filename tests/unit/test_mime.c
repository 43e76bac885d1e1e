/*
 * test_mime.c - parsing whole mails (tests/fixtures/mailin/mail) into what
 * the pipeline sees: route, sender, decoded subject, chosen body, command,
 * attachments (RFC 2231 names, path components stripped, PDF check),
 * robots, bounces and the damage notes of malformed mail.
 */
#include "compat.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "base64.h"
#include "charset.h"
#include "config.h"
#include "html_text.h"
#include "inbound.h"
#include "mime.h"
#include "strbuf.h"
#include "util.h"

#define MAIL_DIR ALTC_SRCDIR "/tests/fixtures/mailin/mail/"

struct mail_case {
	const char *file;
	const char *route;
	const char *from;
	const char *subject;
	const char *verb;		/* NULL: no command */
	const char *args;
	size_t nattach;
	const char *attach0;		/* first attachment name */
	int attach0_pdf;
	const char *automatic;		/* NULL: human */
	const char *bounce_status;	/* NULL: not a bounce */
	const char *error;		/* substring of one error, or NULL for none */
	const char *form_key, *form_value;
};

static const struct mail_case cases[] = {
	{ "01_offer_form_pdf.eml", "offres", "contact@genesii.example", "Offre – Développeur web",
	  NULL, NULL, 1, "Fiche poste été.pdf", 1, NULL, NULL, NULL, "intitule",
	  "Développeur web en alternance" },
	{ "02_thunderbird_valider.eml", "reply", "rp.tc@univ.example", "Re: [AC-TOKEN] Offre à valider",
	  "VALIDER", "5 Offre très complète.", 0, NULL, 0, NULL, NULL, NULL, NULL, NULL },
	{ "03_outlook_rejeter_latin1.eml", "reply", "rp.gea@univ.example", "RE: [AC-TOKEN] Offre à valider",
	  "REJETER", "durée du contrat trop courte – 6 mois.", 0, NULL, 0, NULL, NULL, NULL, NULL, NULL },
	{ "04_iphone_valider.eml", "reply", "rp.tc@univ.example", "Re: [AC-TOKEN] Offre a valider",
	  "VALIDER", "3", 0, NULL, 0, NULL, NULL, NULL, NULL, NULL },
	{ "05_out_of_office.eml", "reply", "rp.gea@univ.example", "Absence du bureau : [AC-TOKEN] Offre",
	  NULL, NULL, 0, NULL, 0, "Auto-Submitted", NULL, NULL, NULL, NULL },
	{ "06_dsn_verp.eml", "bounces", "mailer-daemon@mx.univ.example", "Undelivered Mail Returned to Sender",
	  NULL, NULL, 0, NULL, 0, "Auto-Submitted", "5.1.1", NULL, NULL, NULL },
	{ "07_gmail_postuler_pdfs.eml", "reply", "lucas.bernard@etu.example", "Re: [AC-TOKEN] Offre recommandee",
	  "POSTULER", "Disponible dès septembre.", 2, "CV.pdf", 1, NULL, NULL, NULL, NULL, NULL },
	{ "08_fake_pdf_traversal.eml", "documents", "lucas.bernard@etu.example", "CV",
	  NULL, NULL, 1, "cv.pdf", 0, NULL, NULL, NULL, NULL, NULL },
	{ "09_malformed.eml", "offres", "inconnu@ailleurs.example", "Stage été",
	  NULL, NULL, 1, "attachment", 0, NULL, NULL, "truncated multipart", NULL, NULL },
	{ "10_html_only_outlook.eml", "reply", "rp.tc@univ.example", "RE: [AC-TOKEN] Offre",
	  "TRANSFERER", "rp.gea@univ.example", 0, NULL, 0, NULL, NULL, NULL, NULL, NULL },
	{ "11_nested_depth.eml", "offres", "a@b.example", "deep",
	  NULL, NULL, 0, NULL, 0, NULL, NULL, "nesting deeper", NULL, NULL },
};

static struct config *cfg;

static int
has_error(const struct mime_msg *m, const char *needle)
{
	for (size_t i = 0; i < m->nerrors; i++)
		if (strstr(m->errors[i], needle))
			return 1;
	return 0;
}

static void
test_mail(void **state)
{
	const struct mail_case *c = *state;
	char *path = xasprintf("%s%s", MAIL_DIR, c->file), *data = NULL, *err = NULL;
	size_t len = 0;
	struct inbound_view v;

	assert_int_equal(read_file(path, &data, &len), 0);
	assert_int_equal(inbound_analyse(cfg, data, len, NULL, &v, &err), 0);
	assert_string_equal(route_name(v.route.kind), c->route);
	assert_string_equal(v.msg.from, c->from);
	assert_string_equal(v.msg.subject, c->subject);
	if (c->verb) {
		assert_non_null(v.cmd.verb);
		assert_string_equal(v.cmd.verb, c->verb);
		assert_string_equal(v.cmd.args, c->args);
	} else
		assert_null(v.cmd.verb);
	assert_int_equal(v.msg.nattachments, c->nattach);
	if (c->attach0) {
		assert_string_equal(v.msg.attachments[0].filename, c->attach0);
		assert_int_equal(v.msg.attachments[0].is_pdf, c->attach0_pdf);
	}
	if (c->automatic) {
		assert_non_null(v.automatic);
		assert_string_equal(v.automatic, c->automatic);
	} else
		assert_null(v.automatic);
	assert_int_equal(v.is_bounce, c->bounce_status != NULL);
	if (c->bounce_status)
		assert_string_equal(v.dsn.status, c->bounce_status);
	if (c->error)
		assert_true(has_error(&v.msg, c->error));
	if (c->form_key) {
		const char *got = NULL;

		for (size_t i = 0; i < v.cmd.nform; i++)
			if (strcmp(v.cmd.form[i].key, c->form_key) == 0)
				got = v.cmd.form[i].value;
		assert_non_null(got);
		assert_string_equal(got, c->form_value);
	}
	inbound_view_release(&v);
	free(data);
	free(path);
}

/* table of small checks on the helpers */
static void
test_helpers(void **state)
{
	static const struct { const char *in, *out; } names[] = {
		{ "../../etc/passwd.pdf", "passwd.pdf" }, { "C:\\Users\\a\\cv.pdf", "cv.pdf" },
		{ ".htaccess", "htaccess" }, { "", "attachment" }, { "a\x01" "b.pdf", "ab.pdf" },
		{ "/", "attachment" },
	};
	static const struct { const char *data; int pdf; } pdfs[] = {
		{ "%PDF-1.7\nxx\n%%EOF\n", 1 }, { "%PDF-1.7\nno trailer", 0 },
		{ "MZ%%EOF", 0 }, { "", 0 }, { "junk\n%PDF-1.4 x %%EOF", 1 },
	};
	static const struct { const char *in, *out; } words[] = {
		{ "=?UTF-8?Q?caf=C3=A9?=", "café" }, { "=?iso-8859-1?Q?=E0_valider?=", "à valider" },
		{ "=?UTF-8?B?w4ltaWxpZQ==?=", "Émilie" }, { "plain text", "plain text" },
		{ "d\xe9j\xe0", "déjà" },
	};
	char *a[4];
	size_t n;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *s = mime_safe_filename(names[i].in);

		assert_string_equal(s, names[i].out);
		free(s);
	}
	for (size_t i = 0; i < ARRAY_SIZE(pdfs); i++)
		assert_int_equal(mime_is_pdf((const unsigned char *)pdfs[i].data, strlen(pdfs[i].data)),
		    pdfs[i].pdf);
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		char *s = mime_decode_words(words[i].in, NULL);

		assert_string_equal(s, words[i].out);
		free(s);
	}
	n = mime_addresses("\"reply+x@univ.example\" <Reply+ABC@Univ.Example>, b@c.example", a, 4);
	assert_int_equal(n, 2);
	assert_string_equal(a[0], "reply+abc@univ.example");
	assert_string_equal(a[1], "b@c.example");
	free(a[0]);
	free(a[1]);
}

/* charsets: declared, mislabelled and unknown */
static void
test_charsets(void **state)
{
	static const struct { const char *cs, *in, *out; int unknown; } t[] = {
		{ "windows-1252", "\x80 \x96 caf\xe9", "€ – café", 0 },
		{ "iso-8859-1", "d\xe9j\xe0", "déjà", 0 },
		{ "ISO-8859-15", "\xa4uro", "€uro", 0 },
		{ "utf-8", "d\xc3\xa9j\xc3\xa0", "déjà", 0 },
		{ "us-ascii", "caf\xe9", "café", 0 },	/* mislabelled Latin-1 */
		{ "\"UTF-8\"", "ok", "ok", 0 },
		{ NULL, "plain", "plain", 0 },
		{ "x-martian", "caf\xe9", "café", 1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(charset_to_utf8(t[i].cs, t[i].in, strlen(t[i].in), &sb), t[i].unknown);
		assert_string_equal(sb.buf, t[i].out);
		strbuf_release(&sb);
	}
}

/* HTML bodies: the quote markup of each client is dropped */
static void
test_html(void **state)
{
	static const struct { const char *html, *text; } t[] = {
		{ "<div dir=\"ltr\">Valider 4</div><div class=\"gmail_quote\"><div class=\"gmail_attr\">"
		  "Le lun. a écrit</div><blockquote class=\"gmail_quote\">old</blockquote></div>", "Valider 4" },
		{ "<p>Rejeter hors sujet</p><div class=\"moz-cite-prefix\">Le 12/03 a écrit :</div>"
		  "<blockquote type=\"cite\">old</blockquote>", "Rejeter hors sujet" },
		{ "<div>Accepter</div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> x</div><div>old text</div>",
		  "Accepter" },
		{ "<html><head><style>p{}</style><title>t</title></head><body><p>a&nbsp;b</p><p>c<br>d</p>"
		  "<script>x()</script></body></html>", "a\xc2\xa0" "b\nc\nd" },
		{ "<pre>  keep\n  spaces</pre>", "keep\n  spaces" },
		/* outside <pre>, runs of white space are one space, as a browser shows them */
		{ "<p>Valider\n   4\t\ttrès   bien</p>", "Valider 4 très bien" },
		{ "<div>  Rejeter  </div>\n\n<div>motif</div>", "Rejeter\nmotif" },
		{ "<blockquote>Postuler</blockquote><blockquote type=\"cite\">old</blockquote>", "Postuler" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct strbuf sb = STRBUF_INIT;

		html_to_text(t[i].html, strlen(t[i].html), &sb, NULL);
		str_trim(sb.buf);
		assert_string_equal(sb.buf, t[i].text);
		strbuf_release(&sb);
	}
}

static void
test_not_a_mail(void **state)
{
	struct mime_msg m;
	struct mime_limits lim = { 1000, 4, 0, 0, 0 };
	char *err = NULL;

	(void)state;
	assert_int_equal(mime_parse("", 0, &lim, &m, &err), -1);
	assert_non_null(err);
	free(err);
}

/* a quoted-printable body cut at the very end (read past it under ASan before) */
static void
test_truncated_qp(void **state)
{
	static const char mail[] = "From: a@b.example\nTo: offres@univ.example\n"
	    "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nValider =";
	struct mime_limits lim = { 1000, 4, 0, 0, 0 };
	struct mime_msg m;
	char *err = NULL, *exact = xmalloc(sizeof(mail) - 1);

	(void)state;
	memcpy(exact, mail, sizeof(mail) - 1);	/* no NUL after the data */
	assert_int_equal(mime_parse(exact, sizeof(mail) - 1, &lim, &m, &err), 0);
	assert_non_null(strstr(m.text, "Valider"));
	mime_msg_release(&m);
	free(exact);
}

static void
test_attachment_limit(void **state)
{
	static const char mail[] =
	    "From: a@b.example\nTo: documents@univ.example\nSubject: big\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: text/plain\n\nhi\n"
	    "--x\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=big.pdf\n\n"
	    "%PDF-1.4 0123456789012345678901234567890123456789 %%EOF\n--x--\n";
	struct mime_msg m;
	struct mime_limits lim = { 20, 8, 0, 0, 0 };
	char *err = NULL;

	(void)state;
	assert_int_equal(mime_parse(mail, sizeof(mail) - 1, &lim, &m, &err), 0);
	assert_int_equal(m.nattachments, 0);
	assert_int_equal(m.nrefused, 1);
	assert_non_null(strstr(m.refused[0], "big.pdf"));
	mime_msg_release(&m);
}

/* nest_bomb - n nested multiparts, then as many closing lines */
static char *
nest_bomb(int n, int close)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "From: a@b.example\nTo: offres@univ.example\nSubject: bomb\n"
	    "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n");
	for (int i = 0; i < n; i++)
		strbuf_addf(&sb, "--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n", i, i + 1);
	strbuf_addstr(&sb, "--x\nContent-Type: text/plain\n\nhi\n");
	for (int i = n; close && i >= 0; i--)
		strbuf_addf(&sb, "--b%d--\n", i);
	return strbuf_detach(&sb, NULL);
}

/* a nesting or part-count bomb is refused at once, before libetpan's quadratic parse */
static void
test_structure_limits(void **state)
{
	struct mime_limits lim = { 1000, 16, 0, 0, 0 };
	struct mime_msg m;
	struct strbuf flat = STRBUF_INIT;
	char *err = NULL, *bomb;
	time_t t0 = time(NULL);

	(void)state;
	bomb = nest_bomb(20000, 0);
	assert_int_equal(mime_parse(bomb, strlen(bomb), &lim, &m, &err), -1);
	assert_non_null(strstr(err, "more than 100 nested multiparts"));
	free(err);
	err = NULL;
	free(bomb);
	bomb = nest_bomb(20000, 1);
	assert_int_equal(mime_parse(bomb, strlen(bomb), &lim, &m, &err), -1);
	free(err);
	err = NULL;
	free(bomb);
	assert_true(time(NULL) - t0 < 3);
	/* 99 levels that close properly are read (deeper than depth: ignored) */
	bomb = nest_bomb(98, 1);
	assert_int_equal(mime_parse(bomb, strlen(bomb), &lim, &m, &err), 0);
	mime_msg_release(&m);
	free(bomb);
	/* a flat mail of 1001 parts */
	strbuf_addstr(&flat, "From: a@b.example\nSubject: flat\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=f\n\n");
	for (int i = 0; i < 1001; i++)
		strbuf_addstr(&flat, "--f\nContent-Type: text/plain\n\nx\n");
	strbuf_addstr(&flat, "--f--\n");
	assert_int_equal(mime_parse(flat.buf, flat.len, &lim, &m, &err), -1);
	assert_non_null(strstr(err, "more than 1000 parts"));
	free(err);
	err = NULL;
	lim.max_parts = 2000;
	assert_int_equal(mime_parse(flat.buf, flat.len, &lim, &m, &err), 0);
	mime_msg_release(&m);
	strbuf_release(&flat);
}

/* same - a and b read the same: text, attachments, refused names, errors */
static void
assert_same(const struct mime_msg *a, const struct mime_msg *b)
{
	assert_string_equal(a->text, b->text);
	assert_int_equal(a->nattachments, b->nattachments);
	for (size_t i = 0; i < a->nattachments; i++) {
		assert_string_equal(a->attachments[i].filename, b->attachments[i].filename);
		assert_string_equal(a->attachments[i].content_type, b->attachments[i].content_type);
		assert_int_equal(a->attachments[i].len, b->attachments[i].len);
		assert_memory_equal(a->attachments[i].data, b->attachments[i].data, a->attachments[i].len);
		assert_int_equal(a->attachments[i].is_pdf, b->attachments[i].is_pdf);
	}
	assert_int_equal(a->nrefused, b->nrefused);
	assert_int_equal(a->nerrors, b->nerrors);
	for (size_t i = 0; i < a->nerrors; i++)
		assert_string_equal(a->errors[i], b->errors[i]);
}

/* parse_both - data read with every base64 part parsed aside, and without: how many were */
static size_t
parse_both(const char *data, size_t len)
{
	struct mime_limits aside = { 10 * 1024 * 1024, 20, 0, 0, 1 }, whole = aside;
	struct mime_msg a, b;
	char *err = NULL;
	size_t aside_n = 0;
	int ra, rb;

	whole.skeleton_min = SIZE_MAX;
	ra = mime_parse(data, len, &aside, &a, &err);
	free(err);
	err = NULL;
	rb = mime_parse(data, len, &whole, &b, &err);
	free(err);
	assert_int_equal(ra, rb);
	if (ra == 0) {
		assert_same(&a, &b);
		assert_int_equal(b.parsed_aside, 0);
		aside_n = a.parsed_aside;
		mime_msg_release(&a);
		mime_msg_release(&b);
	}
	return aside_n;
}

/* big_b64 - n bytes of varied data as base64 lines ending in eol */
static void
big_b64(struct strbuf *sb, size_t n, const char *eol)
{
	unsigned char *raw = xmalloc(n);
	struct strbuf enc = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		raw[i] = (unsigned char)(i * 7 + i / 251);
	base64_encode_body(&enc, raw, n);
	for (size_t i = 0; i < enc.len; i++) {
		if (enc.buf[i] == '\r')
			continue;
		if (enc.buf[i] == '\n')
			strbuf_addstr(sb, eol);
		else
			strbuf_addch(sb, enc.buf[i]);
	}
	strbuf_release(&enc);
	free(raw);
}

/*
 * the bodies of large base64 parts are parsed aside (libetpan reads a
 * skeleton): every fixture mail, and mails built for the edges, read the
 * same both ways
 */
static void
test_skeleton_same(void **state)
{
	static const char *const eols[] = { "\r\n", "\n" };
	struct dirent *de;
	DIR *d;

	(void)state;
	assert_non_null(d = opendir(MAIL_DIR));
	while ((de = readdir(d)) != NULL) {
		char *path = xasprintf("%s%s", MAIL_DIR, de->d_name), *data = NULL;
		size_t len = 0;

		if (de->d_name[0] != '.' && read_file(path, &data, &len) == 0)
			(void)parse_both(data, len);
		free(data);
		free(path);
	}
	closedir(d);
	for (size_t e = 0; e < ARRAY_SIZE(eols); e++) {
		const char *nl = eols[e];
		struct strbuf m = STRBUF_INIT;

		/* nested: mixed > (alternative, two PDFs, a message/rfc822 with its own PDF) */
		strbuf_addf(&m, "From: a@b.example%sTo: offres@univ.example%sSubject: x%s"
		    "Message-ID: <1@b.example>%sMIME-Version: 1.0%s"
		    "Content-Type: multipart/mixed; boundary=\"=_outer\"%s%s"
		    "preamble%s--=_outer%sContent-Type: multipart/alternative; boundary=inner%s%s"
		    "--inner%sContent-Type: text/plain; charset=utf-8%s%sPOSTULER%s"
		    "--inner%sContent-Type: text/html%s%s<p>POSTULER</p>%s--inner--%s%s"
		    "--=_outer%sContent-Type: application/pdf; name=\"cv.pdf\"%s"
		    "Content-Transfer-Encoding: base64%s%s",
		    nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl,
		    nl, nl, nl, nl);
		big_b64(&m, 40000, nl);
		strbuf_addf(&m, "--=_outer%sContent-Type: application/octet-stream%s"
		    "Content-Disposition: attachment;%s filename=\"lettre.pdf\"%s"
		    "Content-Transfer-Encoding:%s BASE64%s%s", nl, nl, nl, nl, nl, nl, nl);
		big_b64(&m, 30001, nl);
		/* a part whose base64 is not clean: read by libetpan's decoder either way */
		strbuf_addf(&m, "--=_outer%sContent-Type: application/pdf; name=bad.pdf%s"
		    "Content-Transfer-Encoding: base64%s%s", nl, nl, nl, nl);
		big_b64(&m, 20000, nl);
		strbuf_addf(&m, "!!not base64!!%s", nl);
		strbuf_addf(&m, "--=_outer%sContent-Type: message/rfc822%s%s"
		    "From: c@d.example%sSubject: fwd%sContent-Type: multipart/mixed; boundary=fw%s%s"
		    "--fw%sContent-Type: application/pdf; name=fw.pdf%s"
		    "Content-Transfer-Encoding: base64%s%s", nl, nl, nl, nl, nl, nl, nl, nl, nl, nl, nl);
		big_b64(&m, 25000, nl);
		strbuf_addf(&m, "--fw--%s%s--=_outer--%sepilogue%s", nl, nl, nl, nl);
		/* the three base64 parts of the outer multipart (the one that is not
		 * clean decoded by libetpan from the mail's bytes); the forwarded
		 * message's part is read with its message */
		assert_int_equal(parse_both(m.buf, m.len), 3);
		/* after an mbox separator line left by a delivery agent */
		{
			struct strbuf mb = STRBUF_INIT;

			strbuf_addf(&mb, "From a@b.example  Thu Jun 20 08:35:23 1996%s", nl);
			strbuf_add(&mb, m.buf, m.len);
			assert_int_equal(parse_both(mb.buf, mb.len), 3);
			strbuf_release(&mb);
		}
		/* the same mail cut short anywhere: no closing delimiter, a part cut mid-line */
		for (size_t cut = m.len / 7; cut < m.len; cut += m.len / 7)
			(void)parse_both(m.buf, cut);
		strbuf_release(&m);
	}
}

int
main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(cases) + 8];
	char *err = NULL;
	size_t i;
	int rc;

	cfg = config_load(NULL, 0, &err);
	if (cfg == NULL)
		return 1;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = cases[i].file;
		tests[i].test_func = test_mail;
		tests[i].initial_state = (void *)&cases[i];
	}
	memset(&tests[i], 0, 8 * sizeof(tests[i]));
	tests[i].name = "truncated_qp";
	tests[i++].test_func = test_truncated_qp;
	tests[i].name = "charsets";
	tests[i++].test_func = test_charsets;
	tests[i].name = "html";
	tests[i++].test_func = test_html;
	tests[i].name = "helpers";
	tests[i++].test_func = test_helpers;
	tests[i].name = "not_a_mail";
	tests[i++].test_func = test_not_a_mail;
	tests[i].name = "attachment_limit";
	tests[i++].test_func = test_attachment_limit;
	tests[i].name = "structure_limits";
	tests[i++].test_func = test_structure_limits;
	tests[i].name = "skeleton_same";
	tests[i++].test_func = test_skeleton_same;
	rc = _cmocka_run_group_tests("mime", tests, i, NULL, NULL);
	config_free(&cfg);
	return rc;
}
