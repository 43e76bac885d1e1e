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

enum quote_effect { SKIP_SUBTREE, STOP_ALL };

/* quote markup: element (NULL any), attribute, value contained, effect */
static const struct {
	const char *elem, *attr, *value;
	enum quote_effect effect;
} quote_marks[] = {
	{ NULL, "class", "gmail_quote", SKIP_SUBTREE },
	{ NULL, "class", "gmail_attr", SKIP_SUBTREE },
	{ NULL, "class", "moz-cite-prefix", SKIP_SUBTREE },
	{ "blockquote", "type", "cite", SKIP_SUBTREE },
	{ NULL, "class", "yahoo_quoted", SKIP_SUBTREE },
	{ NULL, "class", "protonmail_quote", SKIP_SUBTREE },
	{ NULL, "id", "divRplyFwdMsg", STOP_ALL },
	{ NULL, "id", "appendonsend", STOP_ALL },
	{ NULL, "name", "_MailOriginal", STOP_ALL },
	{ NULL, "class", "OutlookMessageHeader", STOP_ALL },
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
};

static int
in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/* quote_effect - -1 when node is not quote markup */
static int
quote_effect(xmlNode *n)
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
		if (hit)
			return (int)quote_marks[i].effect;
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
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_text(w, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (in_list((const char *)n->name, hidden_elems, ARRAY_SIZE(hidden_elems)))
			continue;
		switch (quote_effect(n)) {
		case SKIP_SUBTREE:
			w->dropped++;
			continue;
		case STOP_ALL:
			w->dropped++;
			w->stop = 1;
			return;
		default:
			break;
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
html_to_text(const char *html, size_t len, struct strbuf *out)
{
	struct walk w = { out, 0, 0, 0 };
	htmlDocPtr doc;
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_NOBLANKS;

	opts |= HTML_PARSE_IGNORE_ENC;	/* the body was converted to UTF-8 already */
	if (len == 0 || len > INT32_MAX)
		return 0;
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", opts);
	if (doc == NULL)
		return 0;
	walk(&w, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	strbuf_rtrim(out);
	return w.dropped;
}
