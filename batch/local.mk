# batch/: imports, recommendations, sweeps, exports, statistics
libaltc_a_SOURCES += \
	batch/cli_batch.c \
	batch/jobs_batch.c
