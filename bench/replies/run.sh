#!/bin/sh
# bench/replies/run.sh [BUILDDIR] [ROUNDS] - time of the reply extractor.
#
# bench_replies, linked with BUILDDIR's libaltc.a, decodes the 500 replies
# of tests/fixtures/replies/gen (Gmail, Outlook, Apple Mail, HTML-only, 21
# languages) and runs reply_extract on each body ROUNDS (200) times; prints
# the mean time per reply and the slowest body's.  Target: mean < 50 us.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$PWD}
ROUNDS=${2:-200}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
[ -f "$BUILD/libaltc.a" ] || { echo "no $BUILD/libaltc.a: build first" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/altc-bench-replies.XXXXXX")
trap 'rm -rf "$W"' EXIT
FLAGS=$(make -s -C "$BUILD" print-link-flags)
${CC:-cc} -std=gnu11 -O2 $(echo "$FLAGS" | sed -n 1p) \
	-o "$W/bench_replies" "$HERE/bench_replies.c" $(echo "$FLAGS" | sed -n 2p)
"$W/bench_replies" "$SRC/tests/fixtures/replies/gen" "$ROUNDS"
