/*
 * test_reply_rules.c - each rule of the reply extractor alone: the pattern
 * tables of reply_rules.c (which row matches a line, and lines that must
 * not match), then reply_extract's verdicts (the rule that cut, the posting
 * style, the command text), the charset reading and the HTML quote markup.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "charset.h"
#include "html_text.h"
#include "reply.h"
#include "reply_rules.h"
#include "strbuf.h"
#include "util.h"

static const struct {
	enum reply_rule_kind kind;
	const char *line;
	const char *row;	/* NULL: must not match */
} lines[] = {
	{ RR_WROTE, "On Fri, Mar 14, 2025 at 9:12 AM Claire <c@u.example> wrote:", "en" },
	{ RR_WROTE, "Le 14/03/2025 à 09:12, Claire a écrit :", "fr" },
	{ RR_WROTE, "Am 14.03.2025 um 09:12 schrieb Jonas Weber:", "de" },
	{ RR_WROTE, "Op vr 14 mrt 2025 om 09:12 schreef Daan <d@x.example>:", "nl" },
	{ RR_WROTE, "El vie, 14 mar 2025 a las 9:12, Lucía (<l@x.example>) escribió:", "es" },
	{ RR_WROTE, "Il giorno ven 14 mar 2025 alle ore 09:12 Giulia <g@x.example> ha scritto:", "it" },
	{ RR_WROTE, "Em sex., 14 de mar. de 2025 às 09:12, João <j@x.example> escreveu:", "pt" },
	{ RR_WROTE, "Den fre 14 mars 2025 kl 09:12 skrev Erik <e@x.example>:", "sv/da/no" },
	{ RR_WROTE, "pt., 14 mar 2025 o 09:12 Anna <a@x.example> napisał(a):", "pl" },
	{ RR_WROTE, "14.03.2025 09:12, Иван пишет:", "ru" },
	{ RR_WROTE, "пт, 14 бер. 2025 р. о 09:12 Олена <o@x.example> пише:", "uk" },
	{ RR_WROTE, "Vào Th 6, 14 thg 3, 2025 vào lúc 09:12 An <a@x.example> đã viết:", "vi" },
	{ RR_WROTE, "14 Mar 2025 Cum, 09:12 tarihinde Ayşe <a@x.example> şunu yazdı:", "tr" },
	{ RR_WROTE, "Dne 14. 03. 25 v 9:12 Jan Novák napsal(a):", "cs/sk" },
	{ RR_WROTE, "pe 14.3.2025 klo 9.12 Mikko <m@x.example> kirjoitti:", "fi" },
	{ RR_WROTE, "Péter <p@x.example> ezt írta (időpont: 2025. márc. 14., P, 9:12):", "hu" },
	{ RR_WROTE, "王伟 <w@x.example> 于2025年3月14日周五 09:12写道：", "zh" },
	{ RR_WROTE, "2025년 3월 14일 (금) 오전 9:12, 김민준 <k@x.example>님이 작성:", "ko" },
	{ RR_WROTE, "Aa Bb <abc@abc.org> schrieb am So., 23. Juni 2024, 21:08:", "de" },
	{ RR_WROTE, "On Monday we start at 9:00.", NULL },
	{ RR_WROTE, "Le tuteur a écrit une fiche de poste complète :", NULL },
	{ RR_DATE_FIRST, "2011/4/7 Name <a@b.example>", "" },
	{ RR_DATE_FIRST, "2016-10-24 15:36 GMT+02:00 Foo <foo@bar.example>:", "" },
	{ RR_DATE_FIRST, "2024-01-15 14:30:25", NULL },
	{ RR_ADDR_COLON, "пт, 14 мар. 2025 г. в 09:12, Иван <i@x.example>:", "" },
	{ RR_ADDR_COLON, "Write to <a@b.example>:", NULL },
	{ RR_OPENER, "On Fri, Mar 14", "en" },
	{ RR_OPENER, "W dniu 14.03.2025", "pl" },
	{ RR_HDR_FROM, "From: altconnect <a@u.example>", "en" },
	{ RR_HDR_FROM, "De : altconnect", "fr" },
	{ RR_HDR_FROM, "*Von:* altconnect", "de" },
	{ RR_HDR_FROM, "差出人: altconnect", "ja" },
	{ RR_HDR_FROM, "From the start, it worked.", NULL },
	{ RR_HDR_SENT, "Envoyé : vendredi 14 mars 2025 09:12", "fr" },
	{ RR_HDR_SENT, "Gesendet: Freitag, 14. März 2025 09:12", "de" },
	{ RR_HDR_SENT, "Отправлено: 14 марта 2025 г. 9:12", "ru/uk" },
	{ RR_HDR_TO, "À : Claire Martin", "fr" },
	{ RR_HDR_TO, "Kime: Ayşe", "tr" },
	{ RR_HDR_SUBJECT, "Betreff: AW: Angebot", "de" },
	{ RR_HDR_SUBJECT, "Předmět: Nabídka", "cs/sk" },
	{ RR_HDR_FLAT, "From: a <a@b.example> Sent: Friday, March 14, 2025 To: c Subject: d", "en" },
	{ RR_SEPARATOR, "-----Original Message-----", "en" },
	{ RR_SEPARATOR, "-----Message d'origine-----", "fr" },
	{ RR_SEPARATOR, "*** Mensaje original ***", "es" },
	{ RR_SEPARATOR, "-------- Oprindelig besked --------", "da/no" },
	{ RR_SEPARATOR, "The original message was long", NULL },
	{ RR_FORWARD, "---------- Forwarded message ---------", "en" },
	{ RR_FORWARD, "Début du message réexpédié :", "fr" },
	{ RR_FORWARD, "---------- Weitergeleitete Nachricht ----------", "de" },
	{ RR_DEVICE, "Sent from my iPhone", "en" },
	{ RR_DEVICE, "Envoyé de mon iPad", "fr" },
	{ RR_DEVICE, "Von meinem iPhone gesendet", "de" },
	{ RR_DEVICE, "Sendt fra min iPad", "sv/da/no" },
	{ RR_DEVICE, "Get Outlook for Android<https://aka.ms/ghei36>", "en" },
	{ RR_DEVICE, "发自我的iPhone", "zh" },
	{ RR_DEVICE, "Gesendet von Outlook für Android<https://aka.ms/AAb9ysg>", "de" },
	{ RR_DEVICE, "The notification was sent from my iPhone app to all users.", NULL },
	{ RR_CLOSING, "Cordialement,", "fr" },
	{ RR_CLOSING, "Best regards, Jef", "en" },
	{ RR_CLOSING, "Mit freundlichen Grüßen", "de" },
	{ RR_CLOSING, "С уважением,", "ru/uk" },
	{ RR_CLOSING, "Thanks for the offer, I accept", NULL },
	{ RR_WROTE_INLINE, "VALIDER On Fri, Mar 14, 2025 at 9:12 AM altconnect <a@u.example> wrote:", "en" },
};

static void
test_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
		const char *got = reply_rule_match(lines[i].kind, lines[i].line, strlen(lines[i].line), NULL);

		if (lines[i].row == NULL && got != NULL)
			fail_msg("'%s' matched row '%s'", lines[i].line, got);
		if (lines[i].row != NULL && got == NULL)
			fail_msg("'%s' did not match", lines[i].line);
		if (lines[i].row != NULL && *lines[i].row && strcmp(got, lines[i].row) != 0)
			fail_msg("'%s' matched row '%s', not '%s'", lines[i].line, got, lines[i].row);
	}
}

static const struct {
	const char *body, *subject;
	const char *text, *command, *rule, *posting;
} replies[] = {
	{ "VALIDER\n\nCordialement,\nClaire\n\nLe 14/03/2025 à 09:12, altconnect a écrit :\n> Offre\n", NULL,
	  "VALIDER\n\nCordialement,\nClaire", "VALIDER", "attribution:fr", "top" },
	{ "Le 14/03/2025 à 09:12, altconnect a écrit :\n> Offre\n\nVALIDER\n", NULL,
	  "VALIDER", "VALIDER", "none", "bottom" },
	{ "On 14/03/2025 09:12, a wrote:\n> q1\nyes\n> q2\nno\n> q3\n", NULL,
	  "On 14/03/2025 09:12, a wrote:\n> q1\nyes\n> q2\nno", "yes\n\nno", "quote", "inline" },
	{ "OK\n\nFrom: a <a@b.example>\nSent: Friday\nTo: c\nSubject: d\n\nold\n", NULL,
	  "OK", "OK", "outlook-header:en", "top" },
	{ "OK\n\n-----Original Message-----\nold\n", NULL, "OK", "OK", "separator:en", "top" },
	{ "OK\n\nSent from my iPhone\n", NULL, "OK", "OK", "device:en", "top" },
	{ "OK\n\n-- \nJef\n", NULL, "OK", "OK", "signature", "top" },
	{ "FYI\n\n---------- Forwarded message ---------\nFrom: a\n\nold\n", NULL,
	  "FYI\n\n---------- Forwarded message ---------\nFrom: a\n\nold", NULL, "forward:en", "top" },
	{ "FYI\n\n________________________________\nFrom: a\nSent: b\nTo: c\nSubject: d\n\nold\n", "TR: offre",
	  "FYI\n\n________________________________\nFrom: a\nSent: b\nTo: c\nSubject: d\n\nold", NULL, "none", "top" },
	{ "CRENEAU 2 On Fri, Mar 14, 2025 at 9:12 AM altconnect <a@u.example> wrote:\n> q\n", NULL,
	  "CRENEAU 2", "CRENEAU 2", "attribution:en", "top" },
	{ "> q1\n\n> q2\nyes\n\n> q3\nno\n", NULL,
	  "> q1\n\n> q2\nyes\n\n> q3\nno", "yes\n\nno", "none", "inline" },
	{ "> q\n\n---------- Forwarded message ---------\nFrom: a\n\nold\n", NULL,
	  "---------- Forwarded message ---------\nFrom: a\n\nold", NULL, "forward:en", "bottom" },
	{ "> q\nCRENEAU 2 On Fri, Mar 14, 2025 at 9:12 AM altconnect <a@u.example> wrote:\n> q\n", NULL,
	  "CRENEAU 2", "CRENEAU 2", "attribution:en", "bottom" },
	{ "OK\n\n-Jean\n> q\n", NULL, "OK", "OK", "signature", "top" },
	{ "OK\n\n__________\nJean Dupont\n> q\n", NULL, "OK", "OK", "signature", "top" },
	{ "VALIDER\nLe directeur a écrit\nà l'entreprise hier.\n", NULL,
	  "VALIDER\nLe directeur a écrit\nà l'entreprise hier.", NULL, "none", "top" },
	{ "VALIDER\n\nClaire Martin a écrit :\n> Offre\n", NULL, "VALIDER", "VALIDER",
	  "attribution:fr", "top" },
	/* an attribution wrapped after its time, and a number that is no year */
	{ "OK\n\nÀ 09:12, Marie Curie de l'IUT\n<marie@x.example> a écrit :\n> q\n", NULL, "OK", "OK",
	  "attribution:fr", "top" },
	{ "OK\n12024 Marie Curie de Paris\na écrit :\n> q\n", NULL, "OK\n12024 Marie Curie de Paris",
	  NULL, "attribution:fr", "top" },
	/* "-Name" over more lines than a signature has is the sender's text */
	{ "Bonjour\n\n-Point un\na\nb\nc\nd\ne\nf\ng\n", NULL,
	  "Bonjour\n\n-Point un\na\nb\nc\nd\ne\nf\ng", NULL, "none", "top" },
	{ "> only a quote\n", NULL, "", "", "quote", "empty" },
	{ "Merci !\n\nVALIDER\n", NULL, "Merci !\n\nVALIDER", "Merci !\n\nVALIDER", "none", "top" },
};

static void
test_extract(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(replies); i++) {
		struct reply_text r;

		reply_extract(replies[i].body, strlen(replies[i].body), replies[i].subject, &r);
		if (strcmp(r.text, replies[i].text) != 0)
			fail_msg("case %zu: text '%s'", i, r.text);
		if (replies[i].command && strcmp(r.command, replies[i].command) != 0)
			fail_msg("case %zu: command '%s'", i, r.command);
		if (strcmp(r.rule, replies[i].rule) != 0)
			fail_msg("case %zu: rule '%s'", i, r.rule);
		if (strcmp(r.posting, replies[i].posting) != 0)
			fail_msg("case %zu: posting '%s'", i, r.posting);
		reply_text_release(&r);
	}
}

/* where the text was cut, as altc inspect shows it: the 1-based line, 0 when nothing was */
static void
test_cut_line(void **state)
{
	static const struct {
		const char *body;
		int line;
	} t[] = {
		{ "VALIDER\n\nCordialement,\nClaire\n\nLe 14/03/2025 à 09:12, altconnect a écrit :\n"
		  "> Offre\n", 6 },
		{ "OK\n\n-- \nJef\n", 3 },
		{ "Merci !\n\nVALIDER\n", 0 },
		{ "FYI\n\n---------- Forwarded message ---------\nFrom: a\n\nold\n", 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct reply_text r;

		reply_extract(t[i].body, strlen(t[i].body), NULL, &r);
		if (r.cut_line != t[i].line)
			fail_msg("case %zu: cut at %d, not %d", i, r.cut_line, t[i].line);
		reply_text_release(&r);
	}
}

/* a forwarded mail (by its subject, in every language) keeps the forwarded header block */
static void
test_forward_subjects(void **state)
{
	static const char body[] = "FYI\n\n________________________________\nFrom: a\nSent: b\n"
	    "To: c\nSubject: d\n\nold\n";
	static const struct {
		const char *subject;
		int forward;
	} t[] = {
		{ "Fwd: offre", 1 }, { "FW: offre", 1 }, { "TR: offre", 1 }, { "WG: Angebot", 1 },
		{ "RV: oferta", 1 }, { "I: offerta", 1 }, { "Doorst: vacature", 1 },
		{ "VS: tarjous", 1 }, { "ENC: oferta", 1 }, { "Fwd : offre", 1 }, { "TR : offre", 1 },
		{ "Trans: offre", 1 }, { "Re: offre", 0 }, { "RE : offre", 0 }, { "Offre", 0 },
		{ "Fwdx offre", 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct reply_text r;

		reply_extract(body, strlen(body), t[i].subject, &r);
		if (t[i].forward ? strstr(r.text, "Subject: d\n\nold") == NULL : strcmp(r.text, "FYI") != 0)
			fail_msg("'%s': text '%s'", t[i].subject, r.text);
		reply_text_release(&r);
	}
}

static void
test_charset(void **state)
{
	static const struct {
		const char *cs, *in, *out;
		enum charset_reading how;
	} t[] = {
		{ "ISO-8859-1", "re\xc3\xa7u", "reçu", CHARSET_UTF8 },
		{ "Big5", "\xe6\x88\x91\xe5\x90\x8c\xe6\x84\x8f", "我同意", CHARSET_UTF8 },
		{ "us-ascii", "Gr\xc3\xbc\xc3\x9f" "e", "Grüße", CHARSET_DECLARED },
		{ "us-ascii", "r\xe9sum\xe9", "résumé", CHARSET_CP1252 },
		{ "iso-8859-1", "re\xe7u \x93ok\x94", "reçu “ok”", CHARSET_DECLARED },
		{ "x-unknown-thing", "abc", "abc", CHARSET_UNKNOWN },
		{ "iso-8859-1", "plain ascii", "plain ascii", CHARSET_DECLARED },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct strbuf sb = STRBUF_INIT;
		enum charset_reading how = charset_read(t[i].cs, t[i].in, strlen(t[i].in), &sb);

		if (how != t[i].how || strcmp(sb.buf, t[i].out) != 0)
			fail_msg("case %zu: '%s' read %d", i, sb.buf, (int)how);
		strbuf_release(&sb);
	}
}

static void
test_html(void **state)
{
	static const struct {
		const char *html, *text, *cut;
	} t[] = {
		{ "<div>Yes</div><div class=\"gmail_quote\">On x wrote:<blockquote>old</blockquote></div>",
		  "Yes", "gmail_quote" },
		{ "<div>Yes<br><br>Jef</div><div id=\"divRplyFwdMsg\"><b>From:</b> a</div><div>old</div>",
		  "Yes\n\nJef", "divRplyFwdMsg" },
		{ "<blockquote type=\"cite\">old</blockquote><div>Yes</div>", "Yes", "cite" },
		{ "<div>Yes</div><hr><div>still mine</div>", "Yes\nstill mine", NULL },
		{ "<div>FYI</div><div class=\"gmail_quote\">---------- Forwarded message ---------<br>From: a</div>",
		  "FYI\n---------- Forwarded message ---------\nFrom: a", NULL },
		{ "<div>Yes</div><div class=\"gmail_signature\">Jef, HR</div>", "Yes", NULL },
		{ "Hi<blockquote type=\"cite\">old</blockquote>Yes", "Hi\nYes", "cite" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct strbuf sb = STRBUF_INIT;
		const char *cut = NULL;

		html_to_text(t[i].html, strlen(t[i].html), &sb, &cut);
		if (strcmp(sb.buf, t[i].text) != 0)
			fail_msg("case %zu: text '%s'", i, sb.buf);
		if ((cut == NULL) != (t[i].cut == NULL) || (cut && strcmp(cut, t[i].cut) != 0))
			fail_msg("case %zu: cut '%s'", i, cut ? cut : "(none)");
		strbuf_release(&sb);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_forward_subjects),
		cmocka_unit_test(test_cut_line),
		cmocka_unit_test(test_charset),
		cmocka_unit_test(test_html),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
