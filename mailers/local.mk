# mailers/: mail in and out
libaltc_a_SOURCES += \
	mailers/cli_mailout.c \
	mailers/cli_mailin.c \
	mailers/mail_action.h
