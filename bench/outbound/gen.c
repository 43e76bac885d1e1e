/*
 * gen.c - data generator of the outbound benchmark: N action notifications
 * (offer.to_validate, each with its own reply token and thread, as the
 * validation workflow queues them) for N distinct staff users, queued
 * through notify_queue in one transaction.  Prints the composed size of
 * the first message, so smtp-source can send messages of the same size.
 *
 *   gen CONFIG N
 */
#include "compat.h"

#include "altc.h"
#include "compose.h"
#include "config.h"
#include "db.h"
#include "formation.h"
#include "log.h"
#include "notify.h"
#include "outbox_db.h"
#include "template.h"
#include "token.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct altc ctx;
	char *err = NULL;
	long i, n;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gen CONFIG N\n");
		return EX_USAGE;
	}
	log_init(1, -1);
	if (altc_open(&ctx, argv[1], 1) != EX_OK)
		return EX_SOFTWARE;
	if (db_begin(ctx.db) < 0)
		return EX_SOFTWARE;
	for (i = 0; i < n; i++) {
		struct notify_msg m;
		char email[64], thread[32], tok[TOKEN_BUFSZ], *vars;
		int64_t uid;

		xsnprintf(email, sizeof(email), "rp%06ld@univ.example", i);
		uid = user_ensure(&ctx, email, "rp", "active", "Durand", "Hélène", &err);
		if (uid < 0 || token_issue(ctx.db, "reply", "offer", i + 1, uid, "VALIDER,REJETER",
		    86400, 0, tok, &err) < 0)
			fatalx("%s", err);
		xsnprintf(thread, sizeof(thread), "offer.%ld", i + 1);
		vars = xasprintf("{\"offer_title\":\"Assistant(e) contrôle de gestion n° %ld\","
		    "\"company\":\"BENOTTI SAS\",\"formation\":\"BUT GEA\",\"location\":\"Lyon 7e\","
		    "\"duration\":\"24 mois\",\"positions\":2,\"description\":\"Au sein de la direction"
		    " financière, vous participerez à la clôture mensuelle, au suivi budgétaire et au"
		    " reporting (Excel, SAP).\"}", i + 1);
		memset(&m, 0, sizeof(m));
		m.user_id = uid;
		m.template = "offer.to_validate";
		m.importance = NOTIFY_ACTION;
		m.vars_json = vars;
		m.token = tok;
		m.thread = thread;
		if (notify_queue(&ctx, &m, &err) <= 0)
			fatalx("notify_queue: %s", err ? err : "not queued");
		free(vars);
	}
	if (db_commit(ctx.db) < 0)
		return EX_SOFTWARE;
	{
		struct compose_env env = { config_str(ctx.cfg, "mail.domain"),
		    config_str(ctx.cfg, "mail.from"), config_str(ctx.cfg, "mail.from_name"),
		    config_str(ctx.cfg, "mail.base_url"), tmpl_store_new(ctx.templates) };
		struct outbox_row r;
		struct composed c;

		if (outbox_db_get(ctx.db, 1, &r, &err) != 1)
			fatalx("no row 1");
		composed_init(&c);
		if (compose_message(&env, &r, &c, &err) < 0)
			fatalx("%s", err);
		printf("%zu\n", c.msg.len);
		composed_release(&c);
		outbox_row_release(&r);
		tmpl_store_free(&env.store);
	}
	altc_close(&ctx);
	return 0;
}
