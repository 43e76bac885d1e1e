#!/bin/sh
# tests/fuzz/run.sh TARGET SECONDS - build a libFuzzer harness with clang
# (-fsanitize=fuzzer,address; Debian: clang, libclang-rt-14-dev) in a
# scratch build directory and run it for SECONDS on a copy of its seed
# corpus tests/fuzz/TARGET/.  TARGET: mail.  Exits non-zero on a finding
# (the crashing input is left in the scratch directory, whose path is printed).
set -eu
TARGET=${1:?usage: run.sh TARGET SECONDS}
SECONDS_=${2:-30}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-clang}
[ -f "$SRC/tests/fuzz/fuzz_$TARGET.c" ] || { echo "unknown target '$TARGET'" >&2; exit 2; }
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
LIBS=$(sed -n 's/^DEP_LIBS = //p' Makefile)
# expand the make variables of DEP_LIBS
LIBS=$(make -s -f - print-libs <<MK
include Makefile
print-libs:
	@echo \$(DEP_LIBS)
MK
)
# libetpan's pkg-config file carries gcc-only -specs= flags
LIBS=$(echo "$LIBS" | sed 's/-specs=[^ ]*//g')
$CC -g -O1 -fsanitize=fuzzer,address,undefined -I. -I"$SRC/engine" -I"$SRC/mailers" \
    $(pkg-config --cflags libetpan libxml-2.0) \
    -o "fuzz_$TARGET" "$SRC/tests/fuzz/fuzz_$TARGET.c" libaltc.a $LIBS
mkdir -p "$W/corpus"
cp "$SRC/tests/fuzz/$TARGET/"* "$W/corpus/"
cd "$W"
rc=0
ASAN_OPTIONS=detect_leaks=1 "./build/fuzz_$TARGET" -max_total_time="$SECONDS_" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 corpus >fuzz.log 2>&1 || rc=$?
tail -25 fuzz.log
[ $rc -eq 0 ] || echo "fuzz_$TARGET found a problem: see $W/fuzz.log and $W/crash-* (exit $rc)" >&2
exit $rc
