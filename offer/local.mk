# offer/: apprenticeship offers, from submission by mail to validation per
# formation, publication, search and the employer's life cycle
libaltc_a_SOURCES += \
	offer/offer.c offer/offer.h offer/offer_int.h offer/offer_form.c offer/offer_csv.c \
	offer/offer_notify.c offer/offer_review.c offer/offer_recommend.c offer/offer_life.c offer/offer_search.c \
	offer/offer_mail.c offer/offer_mail.h \
	offer/offer_fsm.c offer/offer_text.c \
	offer/cli_offer.c
