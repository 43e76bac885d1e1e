# student/: student accounts (import rows, signup by link or reply), staff
# accounts and delegations, the import history
libaltc_a_SOURCES += \
	student/student.c student/student.h \
	student/student_check.c student/student_check.h \
	student/import_db.c student/import_db.h \
	student/signup.c student/signup.h student/consent.c student/consent.h \
	student/signup_mail.c student/signup_mail.h student/signup_http.c \
	student/staff.c student/staff.h \
	student/student_add.c student/student_add.h student/student_text.c \
	student/account_fsm.c student/cli_student.c
