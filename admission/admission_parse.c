/*
 * admission_parse.c - the candidate's lines, read as people type them: any
 * case, accents or not, a colon or not after the verb, codes separated by
 * commas, semicolons or spaces.
 */
#include "compat.h"

#include <ctype.h>
#include <json-c/json.h>

#include "admission_parse.h"
#include "interview_slot.h"
#include "mail_action.h"
#include "strbuf.h"
#include "student_check.h"
#include "text.h"
#include "util.h"

static const char *
form_get(const struct mail_form_field *form, size_t n, const char *const *keys)
{
	for (; *keys; keys++)
		for (size_t i = 0; i < n; i++)
			if (strcmp(form[i].key, *keys) == 0 && *form[i].value)
				return form[i].value;
	return NULL;
}

void
admission_signup_release(struct admission_signup *s)
{
	free(s->last_name);
	free(s->first_name);
	free(s->phone);
	memset(s, 0, sizeof(*s));
}

int
admission_date_parse(const char *s, char iso[11])
{
	int y, m, d, n = 0;
	char tmp[11];

	while (*s == ' ')
		s++;
	if (date_parse_fr(s, iso) == 0)
		return 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0' && n == 10) {
		if (xsnprintf(tmp, sizeof(tmp), "%02d/%02d/%04d", d, m, y) < 0)
			return -1;
		return date_parse_fr(tmp, iso);
	}
	return -1;
}

int
admission_signup_parse(const struct mail_form_field *form, size_t n, int64_t now,
    struct admission_signup *s, char **errstr_r)
{
	static const char *const last[] = { "nom", "nom_de_famille", NULL };
	static const char *const first[] = { "prenom", "prenoms", NULL };
	static const char *const birth[] = { "date_de_naissance", "naissance", "ne_e_le", NULL };
	static const char *const phone[] = { "telephone", "portable", NULL };
	const char *l = form_get(form, n, last), *f = form_get(form, n, first);
	const char *b = form_get(form, n, birth), *p = form_get(form, n, phone);
	struct strbuf miss = STRBUF_INIT;
	char today[11];

	memset(s, 0, sizeof(*s));
	if (l == NULL)
		strbuf_addstr(&miss, "Nom");
	if (f == NULL)
		strbuf_addf(&miss, "%sPrénom", miss.len ? ", " : "");
	if (b == NULL)
		strbuf_addf(&miss, "%sDate de naissance", miss.len ? ", " : "");
	if (miss.len) {
		*errstr_r = xasprintf("missing fields: %s", miss.buf);
		strbuf_release(&miss);
		return -1;
	}
	strbuf_release(&miss);
	epoch_to_iso(now, today, sizeof(today));
	today[10] = '\0';
	if (admission_date_parse(b, s->birth_date) < 0 || strcmp(s->birth_date, today) >= 0) {
		*errstr_r = xasprintf("'%s' is not a birth date (dd/mm/yyyy)", b);
		memset(s, 0, sizeof(*s));
		return -1;
	}
	s->last_name = xstrdup(l);
	s->first_name = xstrdup(f);
	(void)text_truncate(s->last_name, 100);
	(void)text_truncate(s->first_name, 100);
	if (p) {
		s->phone = xstrdup(p);
		(void)text_truncate(s->phone, 40);
	}
	return 0;
}

void
admission_codes_free(char **codes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
}

int
admission_codes_parse(const char *args, char ***codes_r, size_t *n_r, char **errstr_r)
{
	char **codes = NULL;
	size_t n = 0;
	const char *p = args ? args : "";

	for (;;) {
		size_t len;

		while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == ';' || *p == ':'))
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, " \t\r\n,;");
		if (n == ADMISSION_MAX_CODES) {
			admission_codes_free(codes, n);
			*errstr_r = xstrdup("at most 10 formations in one application");
			return -1;
		}
		codes = xreallocarray(codes, n + 1, sizeof(*codes));
		codes[n] = xstrndup(p, len > 63 ? 63 : len);
		for (size_t i = 0; i < n; i++)
			if (strcasecmp(codes[i], codes[n]) == 0) {
				*errstr_r = xasprintf("formation %s is given twice", codes[n]);
				admission_codes_free(codes, n + 1);
				return -1;
			}
		n++;
		p += len;
	}
	if (n == 0) {
		*errstr_r = xstrdup("no formation code after CANDIDATER");
		return -1;
	}
	*codes_r = codes;
	*n_r = n;
	return 0;
}

void
admission_decls_free(struct admission_decl *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].label);
		free(d[i].reason);
	}
	free(d);
}

/* skip_word - past a leading "incapacite" word (any case, accents), or NULL */
static const char *
skip_incapacity(const char *s)
{
	static const char *const words[] = { "incapacité", "incapacite", "incapacity" };

	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		size_t l = strlen(words[i]);

		if (strncasecmp(s, words[i], l) == 0 || (i == 0 && strncmp(s, "INCAPACITÉ", l) == 0))
			return s + l;
	}
	return NULL;
}

/* trimmed - a trimmed copy of s[0..len), or NULL when empty */
static char *
trimmed(const char *s, size_t len)
{
	char *t = xstrndup(s, len), *r = xstrdup(str_trim(t));

	free(t);
	if (*r == '\0') {
		free(r);
		return NULL;
	}
	(void)text_truncate(r, 200);
	return r;
}

/* one_line - a declaration in line (NUL-terminated); 1 found, 0 none, -1 with errstr */
static int
one_line(const char *line, struct admission_decl *d, char **errstr_r)
{
	static const char *const piece_keys[] = { "piece", "pieces", "piece_jointe", "document",
	    "piece_fournie" };
	const char *p = line, *rest, *colon;
	char *key;

	while (*p == ' ' || *p == '\t' || *p == '*' || *p == '-' || *p == '>')
		p++;
	memset(d, 0, sizeof(*d));
	if ((rest = skip_incapacity(p)) != NULL && (*rest == ' ' || *rest == ':' || *rest == '*')) {
		while (*rest == ' ' || *rest == ':' || *rest == '*')
			rest++;
		colon = strchr(rest, ':');
		if (colon == NULL || (d->label = trimmed(rest, (size_t)(colon - rest))) == NULL ||
		    (d->reason = trimmed(colon + 1, strlen(colon + 1))) == NULL) {
			free(d->label);
			d->label = NULL;
			*errstr_r = xasprintf("an incapacité needs the piece and a reason:"
			    " INCAPACITE piece : reason ('%s')", p);
			(void)text_truncate(*errstr_r, 300);
			return -1;
		}
		return 1;
	}
	if ((colon = strchr(p, ':')) == NULL || colon - p > 40)
		return 0;
	{
		char *head = xstrndup(p, (size_t)(colon - p));

		key = text_key(head);
		free(head);
	}
	for (size_t i = 0; i < ARRAY_SIZE(piece_keys); i++)
		if (strcmp(key, piece_keys[i]) == 0) {
			free(key);
			d->label = trimmed(colon + 1, strlen(colon + 1));
			return d->label ? 1 : 0;
		}
	free(key);
	return 0;
}

int
admission_decls_parse(const char *text, struct admission_decl **d_r, size_t *n_r,
    char **errstr_r)
{
	struct admission_decl *d = NULL;
	size_t n = 0;
	const char *p = text ? text : "";

	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len);
		struct admission_decl one;
		int rc;

		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		rc = one_line(line, &one, errstr_r);
		free(line);
		if (rc < 0 || (rc == 1 && n == ADMISSION_MAX_DECLS)) {
			if (rc == 1) {
				free(one.label);
				free(one.reason);
				*errstr_r = xstrdup("at most 20 pieces in one mail");
			}
			admission_decls_free(d, n);
			return -1;
		}
		if (rc == 1) {
			d = xreallocarray(d, n + 1, sizeof(*d));
			d[n++] = one;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	*d_r = d;
	*n_r = n;
	return 0;
}

int
admission_label_reason(const char *args, char **label_r, char **reason_r)
{
	const char *a = args ? args : "", *sep = strchr(a, ':');
	size_t skip = 1;

	if (sep == NULL && (sep = strstr(a, " -- ")) != NULL)
		skip = 4;
	*label_r = *reason_r = NULL;
	if (sep == NULL)
		return -1;
	*label_r = trimmed(a, (size_t)(sep - a));
	*reason_r = trimmed(sep + skip, strlen(sep + skip));
	if (*label_r == NULL || *reason_r == NULL) {
		free(*label_r);
		free(*reason_r);
		*label_r = *reason_r = NULL;
		return -1;
	}
	return 0;
}

char *
admission_file_key(const char *filename)
{
	const char *dot = strrchr(filename, '.');
	char *stem = xstrndup(filename, dot && dot != filename ? (size_t)(dot - filename) :
	    strlen(filename)), *k = text_key(stem);

	free(stem);
	return k;
}

/* place_line - a "Lieu :" or "Visio :" line (its place is the caller's), not a slot */
static int
place_line(const char *l)
{
	static const char *const keys[] = { "lieu", "visio", "location", "place" };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		size_t k = strlen(keys[i]);

		if (strncasecmp(l, keys[i], k) == 0 && (l[k] == ' ' || l[k] == ':' || l[k] == '\0'))
			return 1;
	}
	return 0;
}

int
admission_slots_parse(const char *text, int64_t now, struct interview_slot *v, size_t max,
    size_t *n_r, char **errstr_r)
{
	const char *p = text ? text : "";
	size_t n = 0;

	*errstr_r = NULL;
	while (*p) {
		size_t len = strcspn(p, "\n;");
		char *line = xstrndup(p, len), *l = str_trim(line);
		int digit = 0;

		p += len;
		if (*p)
			p++;
		while (*l == '-' || *l == '*' || *l == '>' || *l == ' ')
			l++;
		for (const char *c = l; *c; c++)
			digit |= isdigit((unsigned char)*c);
		if (!digit || place_line(l)) {
			free(line);
			continue;
		}
		if (n == max)
			*errstr_r = xasprintf("at most %zu interview slots at a time", max);
		else if (interview_slot_parse(l, now, &v[n], errstr_r) == 0)
			n++;
		free(line);
		if (*errstr_r)
			break;
	}
	if (*errstr_r == NULL && n == 0)
		*errstr_r = xstrdup("ENTRETIEN needs a date and a time: ENTRETIEN mardi 14 janvier"
		    " 10h30, salle B204");
	if (*errstr_r) {
		for (size_t i = 0; i < n; i++)
			interview_slot_release(&v[i]);
		return -1;
	}
	*n_r = n;
	return 0;
}

char *
admission_slots_json(const struct interview_slot *v, size_t n)
{
	json_object *a = json_object_new_array();
	char *s;

	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "start", json_object_new_int64(v[i].start));
		json_object_object_add(o, "end", json_object_new_int64(v[i].end));
		if (v[i].location)
			json_object_object_add(o, "location", json_object_new_string(v[i].location));
		json_object_array_add(a, o);
	}
	s = xstrdup(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(a);
	return s;
}

size_t
admission_slots_count(const char *json)
{
	json_object *a = json ? json_tokener_parse(json) : NULL;
	size_t n = 0;

	if (a && json_object_is_type(a, json_type_array))
		n = json_object_array_length(a);
	json_object_put(a);
	return n;
}

int
admission_slot_pick(const char *json, int64_t n, int64_t now, struct interview_slot *s,
    char **errstr_r)
{
	json_object *a = json ? json_tokener_parse(json) : NULL, *o, *x;
	size_t count = 0;

	if (a && json_object_is_type(a, json_type_array))
		count = json_object_array_length(a);
	if (count == 0) {
		json_object_put(a);
		*errstr_r = xstrdup("no interview slot waits for your choice");
		return -1;
	}
	if (n < 1 || (uint64_t)n > count) {
		json_object_put(a);
		*errstr_r = xasprintf("there is no slot %lld: answer CRENEAU and a number from 1 to"
		    " %zu", (long long)n, count);
		return -1;
	}
	o = json_object_array_get_idx(a, (size_t)n - 1);
	s->start = json_object_object_get_ex(o, "start", &x) ? json_object_get_int64(x) : 0;
	s->end = json_object_object_get_ex(o, "end", &x) ? json_object_get_int64(x) : 0;
	s->location = json_object_object_get_ex(o, "location", &x) ?
	    xstrdup(json_object_get_string(x)) : NULL;
	json_object_put(a);
	if (s->start <= now) {
		interview_slot_release(s);
		*errstr_r = xasprintf("slot %lld has already passed: choose another one",
		    (long long)n);
		return -1;
	}
	return 0;
}

int64_t
admission_slot_number(const char *args)
{
	const char *p = args ? args : "";
	int64_t n = 0;

	while (*p == ' ' || *p == '#' || *p == 'n' || *p == 'N' || *p == 'o' || *p == '.' ||
	    *p == ':' || *p == '\xc2' || *p == '\xb0')
		p++;
	while (isdigit((unsigned char)*p) && n < 1000)
		n = n * 10 + (*p++ - '0');
	return n;
}
