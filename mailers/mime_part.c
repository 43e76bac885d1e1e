/*
 * mime_part.c - the details of one MIME part that libetpan leaves to its
 * caller: the content type as a string, parameters, RFC 2231 file names
 * (charset, percent escapes, continuations; path components stripped) and
 * RFC 3676 format=flowed text.
 */
#include "compat.h"

#include <ctype.h>
#include <libetpan/libetpan.h>

#include "charset.h"
#include "mime.h"
#include "strbuf.h"
#include "util.h"

/* mime_ct_string - "type/subtype" of a content type in lower case */
char *
mime_ct_string(struct mailmime_content *ct)
{
	static const char *const discrete[] = { "", "text", "image", "audio", "video", "application" };
	const char *type = "text";
	char *s;

	if (ct == NULL)
		return xstrdup("text/plain");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		struct mailmime_discrete_type *d = ct->ct_type->tp_data.tp_discrete_type;

		if (d->dt_type == MAILMIME_DISCRETE_TYPE_EXTENSION)
			type = d->dt_extension;
		else if (d->dt_type > 0 && (size_t)d->dt_type < ARRAY_SIZE(discrete))
			type = discrete[d->dt_type];
	} else {
		struct mailmime_composite_type *c = ct->ct_type->tp_data.tp_composite_type;

		type = c->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE ? "message" :
		    c->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART ? "multipart" :
		    c->ct_token;
	}
	s = xasprintf("%s/%s", type ? type : "application", ct->ct_subtype ? ct->ct_subtype : "");
	str_lower(s);
	return s;
}

const char *
mime_param_get(clist *params, const char *name)
{
	clistiter *it;

	if (params == NULL)
		return NULL;
	for (it = clist_begin(params); it; it = clist_next(it)) {
		struct mailmime_parameter *p = clist_content(it);

		if (p->pa_name && strcasecmp(p->pa_name, name) == 0)
			return p->pa_value;
	}
	return NULL;
}

/* pct_decode - RFC 2231 %XX decoding appended to out */
static void
pct_decode(const char *s, struct strbuf *out)
{
	for (; *s; s++) {
		if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char hex[3] = { s[1], s[2], 0 };

			strbuf_addch(out, (char)strtol(hex, NULL, 16));
			s += 2;
		} else
			strbuf_addch(out, *s);
	}
}

/*
 * rfc2231_get - the value of NAME*, NAME*0*, NAME*1... in a parameter list,
 * decoded to UTF-8, or NULL when there is no extended parameter
 */
static char *
rfc2231_get(clist *params, const char *name)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	char key[64], charset[40] = "";
	const char *v;
	int i, found = 0;

	xsnprintf(key, sizeof(key), "%s*", name);
	if ((v = mime_param_get(params, key)) != NULL) {
		const char *q = strchr(v, '\''), *q2 = q ? strchr(q + 1, '\'') : NULL;

		if (q && q2 && (size_t)(q - v) < sizeof(charset)) {
			memcpy(charset, v, (size_t)(q - v));
			charset[q - v] = '\0';
			v = q2 + 1;
		}
		pct_decode(v, &raw);
		found = 1;
	}
	for (i = 0; !found || i > 0; i++) {
		int ext = 1;

		xsnprintf(key, sizeof(key), "%s*%d*", name, i);
		if ((v = mime_param_get(params, key)) == NULL) {
			ext = 0;
			xsnprintf(key, sizeof(key), "%s*%d", name, i);
			if ((v = mime_param_get(params, key)) == NULL)
				break;
		}
		if (i == 0 && ext) {
			const char *q = strchr(v, '\''), *q2 = q ? strchr(q + 1, '\'') : NULL;

			if (q && q2 && (size_t)(q - v) < sizeof(charset)) {
				memcpy(charset, v, (size_t)(q - v));
				charset[q - v] = '\0';
				v = q2 + 1;
			}
		}
		if (ext)
			pct_decode(v, &raw);
		else
			strbuf_addstr(&raw, v);
		if (i > 1000)
			break;
	}
	if (raw.len == 0 && !found) {
		strbuf_release(&raw);
		return NULL;
	}
	charset_to_utf8(*charset ? charset : "utf-8", raw.buf, raw.len, &out);
	strbuf_release(&raw);
	return strbuf_detach(&out, NULL);
}

/* mime_part_filename - decoded file name of a part, or NULL */
char *
mime_part_filename(struct mailmime *mm, const struct mailmime_single_fields *sf)
{
	clist *dparams = NULL;
	clist *cparams = mm->mm_content_type ? mm->mm_content_type->ct_parameters : NULL;
	char *name = NULL, *safe;

	if (sf->fld_disposition) {
		clistiter *it;

		/* disposition parameters wrap the generic ones */
		dparams = clist_new();
		for (it = clist_begin(sf->fld_disposition->dsp_parms); it; it = clist_next(it)) {
			struct mailmime_disposition_parm *dp = clist_content(it);

			if (dp->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER)
				clist_append(dparams, dp->pa_data.pa_parameter);
		}
		name = rfc2231_get(dparams, "filename");
		clist_free(dparams);
	}
	if (name == NULL && cparams)
		name = rfc2231_get(cparams, "name");
	if (name == NULL) {
		const char *raw = sf->fld_disposition_filename ? sf->fld_disposition_filename :
		    sf->fld_content_name;

		if (raw == NULL)
			return NULL;
		name = mime_decode_words(raw, NULL);
	}
	safe = mime_safe_filename(name);
	free(name);
	return safe;
}

/* mime_unflow - undo RFC 3676 format=flowed (space-stuffing, soft breaks) */
void
mime_unflow(const char *s, size_t len, int delsp, struct strbuf *out)
{
	const char *end = s + len;
	int joining = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		size_t q = 0, n;
		int soft;

		while (s + q < le && s[q] == '>')
			q++;
		if (!joining && q)
			strbuf_add(out, s, q);
		if (!joining && q)
			strbuf_addch(out, ' ');
		s += q;
		if (s < le && *s == ' ')
			s++;
		n = (size_t)(le - s);
		soft = n > 0 && s[n - 1] == ' ' && !(n == 3 && memcmp(s, "-- ", 3) == 0);
		strbuf_add(out, s, soft && delsp ? n - 1 : n);
		if (!soft)
			strbuf_addch(out, '\n');
		joining = soft;
		s = nl ? nl + 1 : end;
	}
}

