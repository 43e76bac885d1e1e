/*
 * html_text.c - HTML body to plain text.  A tree walk over libxml2's
 * recovering HTML parser: block elements end lines, white space collapses as
 * a browser would, and the quote markup of the common clients is a table of
 * (attribute, value) pairs that end or skip a subtree.
 */
#include "compat.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "html_text.h"
#include "strbuf.h"
#include "util.h"

enum quote_effect { SKIP_SUBTREE, STOP_ALL, SKIP_SIGNATURE };

/*
 * quote markup, per client: element (NULL any), attribute, value contained,
 * effect.  A quote container that holds a forward is walked: a forward is
 * kept.  Signatures the client marks up go like "-- " ones.
 */
static const struct {
	const char *elem, *attr, *value;
	enum quote_effect effect;
} quote_marks[] = {
	{ NULL, "class", "gmail_quote", SKIP_SUBTREE },		/* Gmail */
	{ NULL, "class", "gmail_attr", SKIP_SUBTREE },
	{ NULL, "class", "moz-cite-prefix", SKIP_SUBTREE },	/* Thunderbird */
	{ "blockquote", "type", "cite", SKIP_SUBTREE },		/* Apple Mail, Thunderbird */
	{ NULL, "class", "yahoo_quoted", SKIP_SUBTREE },	/* Yahoo */
	{ NULL, "id", "yahoo_quoted", SKIP_SUBTREE },
	{ NULL, "class", "protonmail_quote", SKIP_SUBTREE },	/* Proton */
	{ NULL, "class", "zmail_extra", SKIP_SUBTREE },		/* Zoho */
	{ NULL, "class", "aolReplyPart", SKIP_SUBTREE },	/* AOL */
	{ "div", "name", "quote", SKIP_SUBTREE },		/* GMX, web.de */
	{ "blockquote", "id", "mail-app-auto-quote", SKIP_SUBTREE },	/* iCloud */
	{ "blockquote", "class", "iosymail", SKIP_SUBTREE },	/* Yahoo iOS */
	{ NULL, "id", "divRplyFwdMsg", STOP_ALL },		/* Outlook, Outlook web */
	{ NULL, "id", "appendonsend", STOP_ALL },
	{ NULL, "id", "mail-editor-reference-message-container", STOP_ALL },	/* Outlook for Mac */
	{ NULL, "class", "ms-outlook-ios-reference", STOP_ALL },	/* Outlook mobile */
	{ "hr", "id", "stopSpelling", STOP_ALL },		/* Hotmail */
	{ "hr", "id", "zwchr", STOP_ALL },			/* Zimbra */
	{ NULL, "name", "_MailOriginal", STOP_ALL },
	{ NULL, "class", "OutlookMessageHeader", STOP_ALL },
	{ NULL, "class", "gmail_signature", SKIP_SIGNATURE },
	{ NULL, "class", "moz-signature", SKIP_SIGNATURE },
	{ NULL, "id", "AppleMailSignature", SKIP_SIGNATURE },
	{ NULL, "id", "ms-outlook-mobile-signature", SKIP_SIGNATURE },
	{ NULL, "id", "Signature", SKIP_SIGNATURE },
};

/* forward markers looked for at the top of a quote container */
static const char *const forward_marks[] = {
	"Forwarded message", "Begin forwarded message", "Message transféré",
	"message réexpédié", "Weitergeleitete Nachricht", "Mensaje reenviado",
	"Messaggio inoltrato", "Doorgestuurd bericht", "Mensagem encaminhada",
};

static const char *const block_elems[] = {
	"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
	"table", "ul", "ol", "blockquote", "pre", "address", "dt", "dd", "section",
};

static const char *const hidden_elems[] = { "head", "script", "style", "title", "template" };

struct walk {
	struct strbuf *out;
	int stop;
	int dropped;
	int pre;
	const char *cut;	/* the first quote markup dropped */
};

static int
in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/* holds_forward - the first text of a subtree is a forward marker */
static int
holds_forward(xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	int hit = 0;

	if (c == NULL)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(forward_marks) && !hit; i++) {
		const char *p = strstr((const char *)c, forward_marks[i]);

		hit = p && p - (const char *)c < 200;
	}
	xmlFree(c);
	return hit;
}

/* quote_effect - -1 when node is not quote markup; *name_r the markup */
static int
quote_effect(xmlNode *n, const char **name_r)
{
	for (size_t i = 0; i < ARRAY_SIZE(quote_marks); i++) {
		xmlChar *v;
		int hit;

		if (quote_marks[i].elem && strcasecmp((const char *)n->name, quote_marks[i].elem) != 0)
			continue;
		v = xmlGetProp(n, (const xmlChar *)quote_marks[i].attr);
		if (v == NULL)
			continue;
		hit = strstr((const char *)v, quote_marks[i].value) != NULL;
		xmlFree(v);
		if (hit) {
			*name_r = quote_marks[i].value;
			return (int)quote_marks[i].effect;
		}
	}
	return -1;
}

static void
newline(struct strbuf *out)
{
	while (out->len > 0 && out->buf[out->len - 1] == ' ')
		strbuf_setlen(out, out->len - 1);
	strbuf_addch(out, '\n');
}

/* end_line - end the current line, if any */
static void
end_line(struct strbuf *out)
{
	if (out->len > 0 && out->buf[out->len - 1] != '\n')
		newline(out);
}

/* add_text - append a text node, collapsing white space outside <pre> */
static void
add_text(struct walk *w, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (w->pre) {
			strbuf_addch(w->out, (char)c);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (w->out->len > 0 && w->out->buf[w->out->len - 1] != ' ' &&
			    w->out->buf[w->out->len - 1] != '\n')
				strbuf_addch(w->out, ' ');
			continue;
		}
		strbuf_addch(w->out, (char)c);
	}
}

static void
walk(struct walk *w, xmlNode *n)
{
	for (; n && !w->stop; n = n->next) {
		const char *name = NULL;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_text(w, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (in_list((const char *)n->name, hidden_elems, ARRAY_SIZE(hidden_elems)))
			continue;
		switch (quote_effect(n, &name)) {
		case SKIP_SIGNATURE:
			end_line(w->out);
			continue;
		case SKIP_SUBTREE:
			if (holds_forward(n))
				break;
			w->dropped++;
			if (w->cut == NULL)
				w->cut = name;
			/* text after a dropped quote (bottom posting) starts a line */
			end_line(w->out);
			continue;
		case STOP_ALL:
			w->dropped++;
			if (w->cut == NULL)
				w->cut = name;
			w->stop = 1;
			return;
		default:
			break;
		}
		if (strcasecmp((const char *)n->name, "br") == 0) {
			/* every <br> ends a line: two make an empty one */
			newline(w->out);
			continue;
		}
		if (in_list((const char *)n->name, block_elems, ARRAY_SIZE(block_elems)) &&
		    w->out->len > 0 && w->out->buf[w->out->len - 1] != '\n')
			newline(w->out);
		if (strcasecmp((const char *)n->name, "pre") == 0)
			w->pre++;
		walk(w, n->children);
		if (strcasecmp((const char *)n->name, "pre") == 0)
			w->pre--;
		if (strcasecmp((const char *)n->name, "br") != 0 &&
		    in_list((const char *)n->name, block_elems, ARRAY_SIZE(block_elems)) &&
		    w->out->len > 0 && w->out->buf[w->out->len - 1] != '\n')
			newline(w->out);
	}
}

int
html_to_text(const char *html, size_t len, struct strbuf *out, const char **cut_r)
{
	struct walk w = { out, 0, 0, 0, NULL };
	htmlDocPtr doc;
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_NOBLANKS;

	opts |= HTML_PARSE_IGNORE_ENC;	/* the body was converted to UTF-8 already */
	if (len == 0 || len > INT32_MAX)
		return 0;
	if (cut_r)
		*cut_r = NULL;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", opts);
	if (doc == NULL)
		return 0;
	walk(&w, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	strbuf_rtrim(out);
	if (cut_r)
		*cut_r = w.cut;
	return w.dropped;
}
