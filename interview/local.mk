# interview/: interviews between an employer and a student
libaltc_a_SOURCES += \
	interview/interview_fsm.c interview/interview_fsm.h
