# app/: the table of the modules the altc binary is made of (its main is
# altc_SOURCES); in the library so that the tests build the same program
libaltc_a_SOURCES += \
	app/modules.c app/modules.h
