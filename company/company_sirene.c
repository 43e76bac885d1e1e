/*
 * company_sirene.c - a company's registration against the SIRENE register
 * (sirene.h).  Without a loaded register nothing changes: the SIRET's key
 * is all that is checked.  With one, the register decides whether the
 * establishment exists and is open, and its name and address replace what
 * the sender typed, which the audit keeps.
 */
#include "compat.h"

#include "altc.h"
#include "company.h"
#include "config.h"
#include "log.h"
#include "siret.h"
#include "sirene.h"
#include "status.h"
#include "strbuf.h"
#include "util.h"

/* differs - whether the register's value b replaces a (also when a is missing) */
static int
differs(const char *a, const char *b)
{
	return b != NULL && (a == NULL || strcmp(a, b) != 0);
}

/* replace - *field becomes v (copied) */
static void
replace(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

/* fill - name and address of e into out; what out said before into typed */
static void
fill(struct company_fields *out, const struct sirene_entry *e, struct strbuf *typed)
{
	if (differs(out->name, e->name)) {
		strbuf_addf(typed, "name '%s'", out->name ? out->name : "");
		replace(&out->name, e->name);
	}
	if (e->address == NULL || e->city == NULL)
		return;
	if (differs(out->address, e->address) || differs(out->postal_code, e->postal_code) ||
	    differs(out->city, e->city)) {
		strbuf_addf(typed, "%saddress '%s, %s %s'", typed->len ? ", " : "",
		    out->address ? out->address : "", out->postal_code ? out->postal_code : "",
		    out->city ? out->city : "");
		replace(&out->address, e->address);
		if (e->postal_code)
			replace(&out->postal_code, e->postal_code);
		replace(&out->city, e->city);
		replace(&out->country, "France");
	}
}

int
company_sirene_check(struct altc *ctx, const struct company_fields *f,
    struct company_fields *out, char **typed_r, char **errstr_r)
{
	struct sirene_entry e;
	struct strbuf typed = STRBUF_INIT;
	char d[SIRET_BUFSZ];
	int rc;

	*typed_r = NULL;
	company_fields_copy(out, f);
	if ((rc = sirene_loaded(ctx->db, NULL, NULL, errstr_r)) <= 0)
		return rc < 0 ? ACT_EDB : ACT_OK;
	if (f->siret == NULL || siret_normalize(f->siret, d) < 0) {
		*errstr_r = xasprintf("SIRET '%s' is not 14 digits", f->siret ? f->siret : "");
		return ACT_EINPUT;
	}
	if ((rc = sirene_lookup(ctx->db, d, &e, errstr_r)) < 0)
		return ACT_EDB;
	if (rc == 0) {
		if (config_bool(ctx->cfg, "company.refuse_unknown_siret")) {
			*errstr_r = xasprintf("SIRET %s is not in the SIRENE register", d);
			return ACT_EINPUT;
		}
		log_warnx("SIRET %s is not in the SIRENE register: accepted"
		    " (company.refuse_unknown_siret is off)", d);
		*typed_r = xstrdup("SIRET not in the SIRENE register");
		return ACT_OK;
	}
	if (e.closed || e.ceased) {
		*errstr_r = xasprintf(e.closed ? "SIRET %s: establishment closed in the SIRENE register" :
		    "SIRET %s: company ceased in the SIRENE register", d);
		sirene_entry_release(&e);
		return ACT_EINPUT;
	}
	fill(out, &e, &typed);
	sirene_entry_release(&e);
	if (typed.len) {
		*typed_r = xasprintf("from the SIRENE register; typed: %s", typed.buf);
		log_info("SIRET %s: name and address from the SIRENE register (typed: %s)", d,
		    typed.buf);
	}
	strbuf_release(&typed);
	return ACT_OK;
}
