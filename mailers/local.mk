# mailers/: mail in and out
libaltc_a_SOURCES += \
	mailers/cli_mailout.c \
	mailers/cli_mailin.c \
	mailers/jobs_mailers.c \
	mailers/mail_action.h
# mail out: templates, composition, delivery, digests
libaltc_a_SOURCES += \
	mailers/template.c mailers/template_store.c mailers/template.h \
	mailers/compose.c mailers/compose_header.c mailers/compose_render.c \
	mailers/compose_ical.c mailers/compose.h \
	mailers/outbox.h mailers/outbox_run.c mailers/outbox_maildir.c mailers/outbox_smtp.c \
	mailers/digest.c mailers/digest.h
