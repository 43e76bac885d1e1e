# mission/: mission sheets (fiches mission) for the apprentice training centre
libaltc_a_SOURCES += \
	mission/mission_fsm.c mission/mission_fsm.h
