# engine/: the core, naming no workflow: database, spool, state-machine runner,
# tokens, notifications and outbox rows, configuration, jobs, the daemon, the
# link endpoint and the command dispatcher
libaltc_a_SOURCES += \
	engine/compat.h engine/banned.h \
	engine/util.c engine/util.h \
	engine/strbuf.c engine/strbuf.h \
	engine/log.c engine/log.h \
	engine/text.c engine/text.h \
	engine/sha256.c engine/sha256.h \
	engine/config.c engine/config_check.c engine/config.h \
	engine/altc.c engine/altc.h \
	engine/db.c engine/db.h \
	engine/db_schema.c engine/db_schema.h \
	engine/table.c engine/table.h \
	engine/token.c engine/token.h \
	engine/pending.c engine/pending.h \
	engine/notify.c engine/notify.h \
	engine/outbox_db.c engine/outbox_db.h \
	engine/fsm.c engine/fsm.h engine/status.h \
	engine/module.c engine/module.h \
	engine/input.c engine/input.h \
	engine/spool.c engine/spool.h engine/spool_name.h engine/spool_claim.c \
	engine/jobs.c engine/jobs.h \
	engine/sweep.c engine/sweep.h \
	engine/serve.c engine/serve.h \
	engine/cli.c engine/cli.h \
	engine/cli_engine.c \
	engine/mailuser.c engine/mailuser.h \
	engine/bounce.c engine/bounce.h
libaltc_a_SOURCES += \
	engine/http.c engine/http.h \
	engine/http_pages.c engine/http_pages.h \
	engine/http_links.c engine/http_int.h
# the content-addressed document store
libaltc_a_SOURCES += \
	engine/document.c engine/document.h

# operations: backups, status, personal data
libaltc_a_SOURCES += \
	engine/backup.c engine/backup.h \
	engine/person.c engine/person.h engine/person_int.h engine/person_export.c \
	engine/cli_ops.c
