# mailers/: mail in and out
libaltc_a_SOURCES += \
	mailers/cli_mailout.c \
	mailers/cli_mailin.c \
	mailers/mailers.h \
	mailers/mail_action.h
# mail out: templates, composition, delivery, digests
libaltc_a_SOURCES += \
	mailers/template.c mailers/template_store.c mailers/template.h \
	mailers/compose.c mailers/compose_header.c mailers/compose_render.c \
	mailers/compose_ical.c mailers/compose.h \
	mailers/outbox.h mailers/outbox_run.c mailers/outbox_maildir.c mailers/outbox_smtp.c \
	mailers/outbox_journal.h mailers/outbox_journal.c \
	mailers/digest.c mailers/digest.h


# mail in: parsing, reply/command extraction, robots and bounces, routing,
# the INPUT_MAIL handler, inspect, the IMAP source (and its engine queries)
libaltc_a_SOURCES += \
	mailers/mail_action.c mailers/mail_confirm.c \
	mailers/charset.c mailers/charset.h \
	mailers/html_text.c mailers/html_text.h \
	mailers/mime.h mailers/mime_parse.c mailers/mime_part.c mailers/mime_header.c \
	mailers/mime_guard.c mailers/base64.c mailers/base64.h \
	mailers/reply.h mailers/reply_quote.c mailers/reply_lines.c mailers/reply_int.h \
	mailers/reply_rules.c mailers/reply_rules.h \
	mailers/command.c mailers/command.h \
	mailers/robot.c mailers/robot.h mailers/authres.c mailers/authres.h \
	mailers/dsn.c mailers/dsn.h \
	mailers/route.c mailers/route.h \
	mailers/inbound.c mailers/inbound.h mailers/inbound_reply.c mailers/inspect.c \
	mailers/imap_source.c mailers/imap_source.h
libaltc_a_SOURCES += mailers/user_text.c mailers/user_text.h
