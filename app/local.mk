# app/: the altc binary's main and the table of the modules it is made of
libaltc_a_SOURCES += \
	app/demo.c app/demo.h
