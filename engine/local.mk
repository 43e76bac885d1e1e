# engine/: the domain and the daemon
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
	engine/notify.c engine/notify.h \
	engine/outbox_db.c engine/outbox_db.h \
	engine/staff.c engine/staff.h \
	engine/fsm.c engine/fsm.h engine/fsm_tables.c \
	engine/input.c engine/input.h \
	engine/spool.c engine/spool.h engine/spool_name.h engine/spool_claim.c \
	engine/jobs.c engine/jobs.h \
	engine/sweep.c engine/sweep.h \
	engine/serve.c engine/serve.h \
	engine/formation.c engine/formation.h \
	engine/demo.c engine/demo.h \
	engine/cli.c engine/cli.h \
	engine/cli_engine.c \
	engine/mailuser.c engine/mailuser.h \
	engine/bounce.c engine/bounce.h
libaltc_a_SOURCES += \
	engine/student.c engine/student.h \
	engine/student_check.c engine/student_check.h \
	engine/formation_db.c engine/formation_db.h \
	engine/import_db.c engine/import_db.h \
	engine/signup.c engine/signup.h
libaltc_a_SOURCES += \
	engine/http.c engine/http.h \
	engine/http_pages.c engine/http_pages.h \
	engine/http_links.c engine/http_int.h
# offers, companies and their documents
libaltc_a_SOURCES += \
	engine/siret.c engine/siret.h \
	engine/document.c engine/document.h \
	engine/offer.c engine/offer.h engine/offer_int.h engine/offer_form.c engine/offer_csv.c \
	engine/offer_notify.c engine/offer_review.c engine/offer_life.c engine/offer_search.c \
	engine/company.c engine/company.h engine/cli_offer.c

# operations: backups, status, personal data
libaltc_a_SOURCES += \
	engine/backup.c engine/backup.h \
	engine/person.c engine/person.h \
	engine/cli_ops.c
