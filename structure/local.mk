# structure/: structures (OPCO, CCI, missions locales, agencies) and their partner companies
libaltc_a_SOURCES += \
	structure/structure.c structure/structure.h structure/structure_int.h \
	structure/structure_partner.c structure/structure_fsm.c \
	structure/structure_mail.c structure/structure_mail.h \
	structure/structure_table.c structure/structure_text.c structure/cli_structure.c
