# application/: applications of students to offers, and their documents
libaltc_a_SOURCES += \
	application/document_check.c application/document_check.h \
	application/document_user.c application/document_user.h
