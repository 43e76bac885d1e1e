# engine/: the domain and the daemon
libaltc_a_SOURCES += \
	engine/compat.h engine/banned.h \
	engine/util.c engine/util.h \
	engine/strbuf.c engine/strbuf.h \
	engine/log.c engine/log.h \
	engine/config.c engine/config.h \
	engine/altc.c engine/altc.h \
	engine/db.c engine/db.h \
	engine/db_schema.c engine/db_schema.h \
	engine/table.c engine/table.h \
	engine/token.c engine/token.h \
	engine/notify.c engine/notify.h \
	engine/outbox_db.c engine/outbox_db.h \
	engine/cli.c engine/cli.h \
	engine/input.c engine/input.h \
	engine/cli_engine.c
