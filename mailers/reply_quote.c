/*
 * reply_quote.c - the quote and signature stripper.  Handwritten because
 * nothing in Debian does it for C; small, line-based and linear (every
 * look-ahead is bounded), and fuzzed.  Each line is classified on a folded
 * copy (lower case, no accents) against tables of markers; the first cut
 * ends the new text.  A reply header at the very top is a bottom-posted
 * reply: the header and its quote are skipped and the search goes on.
 */
#include "compat.h"

#include <ctype.h>

#include "charset.h"
#include "reply.h"
#include "strbuf.h"
#include "util.h"

#define LOOKAHEAD 8
#define MAX_SIG_LINES 6

enum cut {
	CUT_NONE,
	CUT_QUOTE_HEADER,	/* "On ... wrote:" (spans hdr_lines lines) */
	CUT_HISTORY,		/* Outlook block, separators: everything after is old */
	CUT_SIGNATURE,		/* "-- ", mobile signatures, closings */
};

struct line {
	const char *s;		/* original bytes */
	size_t len;
	char *fold;		/* folded, trimmed copy */
	int quoted;
	int blank;
};

/* reply header endings (folded); the line must also carry a date or an address */
static const char *const wrote_endings[] = {
	"wrote:", "wrote :", "a ecrit :", "a ecrit:", "ecrit :", "ecrit:", "schrieb:",
	"escribio:", "ha scritto:", "geschreven:", "a ecrit",
};

/* the verb of a reply header followed by the author's name */
static const char *const wrote_verbs[] = {
	" wrote ", " a ecrit ", " schrieb ", " escribio ", " ha scritto ", " heeft ",
};

/* full-line separators (folded, dashes and spaces around stripped) */
static const char *const separators[] = {
	"original message", "message d'origine", "forwarded message", "message transfere",
	"message original", "original-nachricht",
};

static const char *const separator_prefixes[] = {
	"begin forwarded message", "debut du message reexpedie", "debut du message transfere",
};

/* mobile and client signatures (folded prefixes) */
static const char *const sig_prefixes[] = {
	"sent from my ", "sent from outlook", "sent from mail for", "sent from yahoo",
	"sent from samsung", "sent via ", "get outlook for", "envoye de mon ", "envoye depuis ",
	"envoye a partir de", "envoye de outlook", "telecharger outlook", "obtenir outlook pour",
	"sent with protonmail", "envoye avec protonmail",
};

/* closings: a whole line, trailing punctuation ignored */
static const char *const closings[] = {
	"cordialement", "bien cordialement", "tres cordialement", "cdlt", "bien a vous",
	"salutations", "sinceres salutations", "meilleures salutations", "bonne journee",
	"bonne soiree", "a bientot", "best regards", "kind regards", "regards", "warm regards",
	"best wishes", "cheers", "sincerely", "yours sincerely",
};

/* Outlook header block labels */
static const char *const from_labels[] = { "de", "from", "von" };
static const char *const sent_labels[] = { "envoye", "sent", "date", "gesendet", "envoye le" };
static const char *const to_labels[] = { "a", "to", "objet", "subject", "cc", "an", "betreff" };

static int is_underscore_rule(const char *s);

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* label_is - "label :" or "label:" at the start of a folded line, with a value after */
static int
label_is(const char *s, const char *const *labels, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(labels[i]);
		const char *p = s + l;

		if (strncmp(s, labels[i], l) != 0)
			continue;
		while (*p == ' ')
			p++;
		if (*p == ':')
			return 1;
	}
	return 0;
}

static int
words(const char *s)
{
	int n = 0, in = 0;

	for (; *s; s++) {
		if (*s == ' ')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

static int
has_date_or_address(const char *s)
{
	return strchr(s, '@') != NULL || strpbrk(s, "0123456789") != NULL;
}

/* is_wrote - folded text is a reply header ("le ... a ecrit :") */
static int
is_wrote(const char *s)
{
	size_t len = strlen(s);

	if (len < 6 || len > 400)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(wrote_endings); i++)
		if (ends_with(s, wrote_endings[i]))
			return has_date_or_address(s) || starts_with(s, "on ") || starts_with(s, "le ");
	/* "Am 14.03.2025 um 09:12 schrieb Name <addr>:" */
	if (s[len - 1] == ':' && has_date_or_address(s))
		for (size_t i = 0; i < ARRAY_SIZE(wrote_verbs); i++)
			if (strstr(s, wrote_verbs[i]))
				return 1;
	return 0;
}

static int
is_separator(const char *s)
{
	char core[64];
	size_t a = 0, b = strlen(s), n;

	for (size_t i = 0; i < ARRAY_SIZE(separator_prefixes); i++)
		if (starts_with(s, separator_prefixes[i]))
			return 1;
	while (a < b && (s[a] == '-' || s[a] == ' ' || s[a] == '='))
		a++;
	if (a < 2)
		return 0;
	while (b > a && (s[b - 1] == '-' || s[b - 1] == ' ' || s[b - 1] == '='))
		b--;
	n = b - a;
	if (n == 0 || n >= sizeof(core))
		return 0;
	memcpy(core, s + a, n);
	core[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(separators); i++)
		if (strcmp(core, separators[i]) == 0)
			return 1;
	return 0;
}

/* is_outlook_block - "De : ..." followed closely by "Envoyé :" and "À :"/"Objet :" */
static int
is_outlook_block(struct line *l, size_t i, size_t n)
{
	int sent = 0, to = 0;
	const char *s = l[i].fold;

	if (*s == '*')	/* bold labels rendered as *De :* */
		s++;
	if (!label_is(s, from_labels, ARRAY_SIZE(from_labels)))
		return 0;
	for (size_t k = i + 1; k < n && k <= i + LOOKAHEAD; k++) {
		const char *t = l[k].fold;

		if (*t == '*')
			t++;
		if (label_is(t, sent_labels, ARRAY_SIZE(sent_labels)))
			sent = 1;
		if (label_is(t, to_labels, ARRAY_SIZE(to_labels)))
			to = 1;
	}
	return sent && to;
}

/* is_underscore_rule - a horizontal rule of '_', '-' or '=' (Outlook, Gmail) */
static int
is_underscore_rule(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (*s != '_' && *s != '-' && *s != '=')
			return 0;
	return n >= 8;
}

static int
is_closing(const char *s)
{
	char core[48];
	size_t n = strlen(s);

	while (n > 0 && strchr(",.!; ", s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(core))
		return 0;
	memcpy(core, s, n);
	core[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(closings); i++)
		if (strcmp(core, closings[i]) == 0)
			return 1;
	return 0;
}

/* short_tail - at most MAX_SIG_LINES non-blank lines before the end or the history */
static int
short_tail(struct line *l, size_t i, size_t n)
{
	size_t k, count = 0;

	for (k = i + 1; k < n; k++) {
		if (k > i + LOOKAHEAD * 8)
			return 0;
		if (l[k].quoted || is_wrote(l[k].fold) || is_separator(l[k].fold) ||
		    is_underscore_rule(l[k].fold) || is_outlook_block(l, k, n))
			return 1;
		if (l[k].blank)
			continue;
		if (++count > MAX_SIG_LINES)
			return 0;
	}
	return 1;
}

/* classify - the cut starting at line i, with the number of lines it spans */
static enum cut
classify(struct line *l, size_t i, size_t n, size_t *span_r)
{
	const char *s = l[i].fold;

	*span_r = 1;
	if (l[i].blank || l[i].quoted)
		return CUT_NONE;
	if (is_wrote(s))
		return CUT_QUOTE_HEADER;
	/* a header wrapped over two or three lines */
	if ((starts_with(s, "on ") || starts_with(s, "le ") || has_date_or_address(s)) &&
	    strlen(s) < 300) {
		struct strbuf j = STRBUF_INIT;
		size_t k;

		strbuf_addstr(&j, s);
		for (k = i + 1; k < n && k <= i + 2; k++) {
			if (l[k].blank || l[k].quoted || strlen(l[k].fold) >= 80)
				break;
			strbuf_addch(&j, ' ');
			strbuf_addstr(&j, l[k].fold);
			if (is_wrote(j.buf)) {
				strbuf_release(&j);
				*span_r = k - i + 1;
				return CUT_QUOTE_HEADER;
			}
		}
		strbuf_release(&j);
	}
	if (is_separator(s) || is_outlook_block(l, i, n))
		return CUT_HISTORY;
	if (is_underscore_rule(s)) {
		size_t k = i + 1;

		while (k < n && l[k].blank)
			k++;
		if (k < n && is_outlook_block(l, k, n))
			return CUT_HISTORY;
	}
	for (size_t k = 0; k < ARRAY_SIZE(sig_prefixes); k++)
		if (starts_with(s, sig_prefixes[k]) && words(s) <= 8)
			return CUT_SIGNATURE;
	/* "-Name" after a blank line, or a "____" rule over a list footer */
	if (i > 0 && l[i - 1].blank && s[0] == '-' && isalpha((unsigned char)s[1]) &&
	    words(s) <= 3 && short_tail(l, i, n))
		return CUT_SIGNATURE;
	if (is_underscore_rule(s) && short_tail(l, i, n))
		return CUT_SIGNATURE;
	if ((l[i].len >= 2 && memcmp(l[i].s, "--", 2) == 0 &&
	    (l[i].len == 2 || l[i].s[2] == ' ' || l[i].s[2] == '-') && short_tail(l, i, n)) ||
	    (strcmp(s, "__") == 0))
		return CUT_SIGNATURE;
	if (is_closing(s) && short_tail(l, i, n))
		return CUT_SIGNATURE;
	return CUT_NONE;
}

static void
split_lines(const char *text, size_t len, struct line **lines_r, size_t *n_r)
{
	struct line *l = NULL;
	size_t n = 0, alloc = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct strbuf f = STRBUF_INIT;
		const char *q = p;

		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			l = xreallocarray(l, alloc, sizeof(*l));
		}
		l[n].s = p;
		l[n].len = ll;
		while (q < p + ll && (*q == ' ' || *q == '\t'))
			q++;
		l[n].quoted = q < p + ll && *q == '>';
		/* fold at most a line's useful head: markers are short */
		utf8_fold(q, (size_t)(p + ll - q) > 600 ? 600 : (size_t)(p + ll - q), 0, &f);
		str_trim(f.buf);
		f.len = strlen(f.buf);
		l[n].blank = f.len == 0;
		l[n].fold = strbuf_detach(&f, NULL);
		n++;
		p = nl ? nl + 1 : end;
	}
	*lines_r = l;
	*n_r = n;
}

/* emit - lines [a, b), quoted and blank lines at both ends trimmed */
static char *
emit(struct line *l, size_t a, size_t b)
{
	struct strbuf sb = STRBUF_INIT;

	while (a < b && (l[a].blank || l[a].quoted))
		a++;
	while (b > a && (l[b - 1].blank || l[b - 1].quoted))
		b--;
	for (size_t i = a; i < b; i++) {
		const char *p = l[i].s;
		size_t len = l[i].len;

		if (sb.len == 0)
			while (len > 0 && (*p == ' ' || *p == '\t')) {
				p++;
				len--;
			}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		strbuf_add(&sb, p, len);
		strbuf_addch(&sb, '\n');
	}
	strbuf_rtrim(&sb);
	return strbuf_detach(&sb, NULL);
}

/* block_end - the first line after the quoted (and blank) lines from k */
static size_t
block_end(struct line *l, size_t k, size_t n)
{
	while (k < n && (l[k].quoted || l[k].blank))
		k++;
	return k;
}

/* resumes - new text follows the quote block at k (an interleaved reply) */
static int
resumes(struct line *l, size_t k, size_t n)
{
	size_t span;

	k = block_end(l, k, n);
	return k < n && classify(l, k, n, &span) == CUT_NONE;
}

/* strip_invisible - text without BOMs and zero-width spaces */
static char *
strip_invisible(const char *text, size_t len, size_t *len_r)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_grow(&sb, len);
	for (size_t i = 0; i < len; i++) {
		if (i + 2 < len && (unsigned char)text[i] == 0xef && (unsigned char)text[i + 1] == 0xbb &&
		    (unsigned char)text[i + 2] == 0xbf) {
			i += 2;
			continue;
		}
		if (i + 2 < len && (unsigned char)text[i] == 0xe2 && (unsigned char)text[i + 1] == 0x80 &&
		    (unsigned char)text[i + 2] == 0x8b) {
			i += 2;
			continue;
		}
		if (text[i] == '\0')
			continue;
		strbuf_addch(&sb, text[i]);
	}
	return strbuf_detach(&sb, len_r);
}

char *
reply_new_text(const char *text, size_t len)
{
	struct line *l;
	size_t n, i, start = 0, clen, content = 0, span;
	char *clean = strip_invisible(text, len, &clen), *out;

	split_lines(clean, clen, &l, &n);
	for (i = 0; i < n; i++) {
		enum cut cut;

		if (l[i].blank)
			continue;
		if (l[i].quoted) {
			/* a quote at the end is history; inside the reply it is context */
			if (!resumes(l, i, n))
				break;
			i = block_end(l, i, n) - 1;
			continue;
		}
		if ((cut = classify(l, i, n, &span)) == CUT_NONE) {
			content++;
			continue;
		}
		if (cut == CUT_QUOTE_HEADER) {
			size_t k = i + span;

			while (k < n && l[k].blank)
				k++;
			/* a quoted answer follows: bottom-posted or interleaved reply */
			if (k < n && l[k].quoted && resumes(l, k, n)) {
				if (content == 0)
					start = block_end(l, k, n);
				i = block_end(l, k, n) - 1;
				continue;
			}
		}
		break;
	}
	out = emit(l, start, i);
	for (i = 0; i < n; i++)
		free(l[i].fold);
	free(l);
	free(clean);
	return out;
}
