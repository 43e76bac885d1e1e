# formation/: formations (diplomas and their responsible teacher), the
# formations file and the lookups the import needs; the statistics of each
# formation (figures, a cairo chart) and their weekly mail to rp and ga
libaltc_a_SOURCES += \
	formation/formation.c formation/formation.h \
	formation/formation_db.c formation/formation_db.h \
	formation/formation_demo.c formation/cli_formation.c \
	formation/formation_stats.c formation/formation_stats.h \
	formation/formation_chart.c formation/formation_weekly.c
