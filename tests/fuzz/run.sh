#!/bin/sh
# tests/fuzz/run.sh TARGET|all SECONDS - build the libFuzzer harnesses with
# clang (-fsanitize=fuzzer,address,undefined; Debian: clang,
# libclang-rt-14-dev) in a scratch build directory and run each for SECONDS
# on a copy of its seed corpus tests/fuzz/TARGET/.  Targets (fuzz_*.c):
#   mail      MIME parsing, robots, DSNs, routing, reply and command on a mail
#   template  the template renderer
#   csv       the CSV reader, the import header and values, the offers CSV
#   xlsx      the XLSX reader: archive, workbook parts, the sheet's records
#   reply     the quote and signature stripper, the HTML reader
#   command   the command and form parser, the offer form
#   date      dates, INE numbers, phone numbers as typed
#   form      the HTTP form decoder (libmicrohttpd) and the signup form check
# Exits non-zero on a finding (the crashing input is left in the scratch
# directory, whose path is printed).  FUZZ_MERGE=1 merges what the run found
# into the seed corpus of the project (libFuzzer -merge=1 keeps only inputs
# that add coverage); FUZZ_WORKDIR reuses a scratch directory; FUZZ_JOBS
# runs that many fuzzing processes per target.
set -eu
TARGET=${1:?usage: run.sh TARGET|all SECONDS}
SECONDS_=${2:-30}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-clang}
if [ "$TARGET" = all ]; then
	TARGETS=$(cd "$SRC/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
else
	[ -f "$SRC/tests/fuzz/fuzz_$TARGET.c" ] || { echo "unknown target '$TARGET'" >&2; exit 2; }
	TARGETS=$TARGET
fi
command -v "$CC" >/dev/null || { echo "clang not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 77; }
W=${FUZZ_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/altc-fuzz.XXXXXX")}
echo "fuzz work directory: $W"
[ -f "$SRC/configure" ] || (cd "$SRC" && autoreconf -fi >/dev/null 2>&1)
mkdir -p "$W/build"
cd "$W/build"
if [ ! -f Makefile ]; then
	"$SRC/configure" CC="$CC" CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined" \
	    LDFLAGS="-fsanitize=address,undefined" >configure.log 2>&1 || { tail -20 configure.log; exit 1; }
fi
make -j"$(nproc)" libaltc.a >make.log 2>&1 || { tail -40 make.log; exit 1; }
# the include path (one folder per layer and workflow) and the libraries,
# as the Makefile has them
mkvar() {
	make -s -f - print-var <<MK
include Makefile
print-var:
	@echo \$($1)
MK
}
# libetpan's pkg-config file carries gcc-only -specs= flags
LIBS=$(mkvar DEP_LIBS | sed 's/-specs=[^ ]*//g')
INCS=$(mkvar AM_CPPFLAGS | tr ' ' '\n' | grep '^-I' | tr '\n' ' ')
CFLAGS_DEPS=$(mkvar DEP_CFLAGS | sed 's/-specs=[^ ]*//g')
rc=0
for T in $TARGETS; do
	echo "==> fuzz_$T, $SECONDS_ s"
	$CC -g -O1 -fsanitize=fuzzer,address,undefined -Werror=implicit-function-declaration \
	    $INCS $CFLAGS_DEPS -o "fuzz_$T" "$SRC/tests/fuzz/fuzz_$T.c" libaltc.a $LIBS ||
	    { rc=1; continue; }
	mkdir -p "$W/corpus-$T"
	cp "$SRC/tests/fuzz/$T/"* "$W/corpus-$T/"
	t=0
	(cd "$W" && ASAN_OPTIONS=detect_leaks=1 "./build/fuzz_$T" -max_total_time="$SECONDS_" \
	    -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    ${FUZZ_JOBS:+-jobs=$FUZZ_JOBS -workers=$FUZZ_JOBS} \
	    -artifact_prefix="$W/$T-" "corpus-$T" >"fuzz-$T.log" 2>&1) || t=$?
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$W/fuzz-$T.log" | tail -3
	if [ $t -ne 0 ]; then
		tail -40 "$W/fuzz-$T.log"
		echo "fuzz_$T found a problem: see $W/fuzz-$T.log and $W/$T-* (exit $t)" >&2
		rc=1
	elif [ "${FUZZ_MERGE:-0}" = 1 ]; then
		(cd "$W" && "./build/fuzz_$T" -merge=1 -max_len=65536 "$SRC/tests/fuzz/$T" \
		    "corpus-$T" >"merge-$T.log" 2>&1) && echo "merged into tests/fuzz/$T"
	fi
done
exit $rc
