# libFuzzer harnesses beside fuzz_mail and fuzz_template, with their seed
# corpora: run by hand or by CI through tests/fuzz/run.sh, not by make check
EXTRA_DIST += tests/fuzz/fuzz_csv.c tests/fuzz/csv \
	tests/fuzz/fuzz_xlsx.c tests/fuzz/xlsx \
	tests/fuzz/fuzz_reply.c tests/fuzz/reply \
	tests/fuzz/fuzz_command.c tests/fuzz/command \
	tests/fuzz/fuzz_date.c tests/fuzz/date \
	tests/fuzz/fuzz_form.c tests/fuzz/form
