# batch/: imports, recommendations, sweeps, exports, statistics
libaltc_a_SOURCES += \
	batch/cli_batch.c
libaltc_a_SOURCES += \
	batch/csv_reader.c batch/csv_reader.h \
	batch/import.c batch/import.h \
	batch/import_header.c batch/import_header.h \
	batch/import_report.c batch/import_report.h \
	batch/import_input.c
libaltc_a_SOURCES += \
	batch/xlsx_reader.h batch/xlsx_int.h \
	batch/xlsx_zip.c batch/xlsx_book.c batch/xlsx_sheet.c
