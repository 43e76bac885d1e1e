# mailers/: mail in and out
libaltc_a_SOURCES += \
	mailers/cli_mailout.c \
	mailers/cli_mailin.c \
	mailers/jobs_mailers.c \
	mailers/mail_action.h
# offers and employer accounts by mail
libaltc_a_SOURCES += \
	mailers/offer_mail.c mailers/offer_mail.h \
	mailers/company_mail.c mailers/company_mail.h
