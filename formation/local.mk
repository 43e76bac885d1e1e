# formation/: formations (diplomas and their responsible teacher), the
# formations file and the lookups the import needs
libaltc_a_SOURCES += \
	formation/formation.c formation/formation.h \
	formation/formation_db.c formation/formation_db.h \
	formation/formation_demo.c formation/cli_formation.c
