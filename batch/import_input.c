/*
 * import_input.c - the spool handler of import drops (spool/import): the
 * engine claims the file and opens the savepoint; the whole content is
 * already in memory, so it is fed to one import run at once.  A refused
 * header sends the file to failed/ with the reason (its history row and
 * report are kept); a database error is temporary.
 */
#include "compat.h"

#include "altc.h"
#include "import.h"
#include "input.h"
#include "log.h"
#include "module.h"
#include "spool_name.h"
#include "util.h"

static enum input_result
apply_import(struct altc *ctx, const struct input *in, char **reason_r)
{
	struct import_opts o = { 0 };
	struct import_stats st = { 0 };
	struct import_run *r;
	char *hint = spool_name_tag(in->name, 'N'), *err = NULL;
	enum input_result res = INPUT_DONE;
	size_t off, n;
	int rc;

	o.filename = hint ? hint : in->name;
	o.type = "batch";
	r = import_run_new(ctx, &o);
	/* in slices, so the conversion buffer stays small whatever the size */
	for (off = 0; off < in->len; off += n) {
		n = in->len - off < 65536 ? in->len - off : 65536;
		if (import_run_feed(r, in->data + off, n, &err) < 0)
			break;
	}
	/* finish even after a refused header: the history and the report say why */
	FREE_AND_NULL(err);
	rc = import_run_finish(r, &st, &err);
	if (rc < 0) {
		if (st.failed) {
			*reason_r = xasprintf("import refusé : %s", err);
			res = INPUT_REJECTED;
		} else {
			log_warnx("import '%s': %s", o.filename, err);
			*reason_r = err;
			err = NULL;
			res = INPUT_TEMPFAIL;
		}
	} else
		log_info("import %lld '%s': %lld lines, %lld created, %lld rejected", (long long)st.id,
		    o.filename, (long long)st.lines, (long long)st.created, (long long)st.rejected);
	import_stats_release(&st);
	import_run_free(&r);
	free(err);
	free(hint);
	return res;
}

/* the handler of spool/import, listed in the batch module's descriptor */
const struct module_input import_inputs[] = {
	{ INPUT_IMPORT, apply_import },
	{ INPUT_NKINDS, NULL }
};
