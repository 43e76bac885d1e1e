# mailers/: mail in and out
libaltc_a_SOURCES += \
	mailers/cli_mailout.c \
	mailers/cli_mailin.c \
	mailers/jobs_mailers.c \
	mailers/mail_action.h
