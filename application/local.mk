# application/: applications of students to offers
libaltc_a_SOURCES += \
	application/application_fsm.c application/application_fsm.h \
	application/application_close.c
