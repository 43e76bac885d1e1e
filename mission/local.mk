# mission/: mission sheets (fiches mission) and their export for the apprentice
# training centre (CSV, XLSX through libxlsxwriter, PDF through cairo + pango)
libaltc_a_SOURCES += \
	mission/mission_fsm.c mission/mission_fsm.h \
	mission/mission.c mission/mission.h mission/mission_int.h \
	mission/mission_notify.c mission/mission_mail.c mission/mission_mail.h \
	mission/mission_text.c \
	mission/mission_export.c mission/mission_pdf.c mission/mission_export.h \
	mission/cli_mission.c
