#!/bin/sh
# tests/conformance/replies.sh [ALTC] - the project's reply and bounce
# corpora (tests/fixtures/replies/gen, tests/fixtures/bounces/gen) through
# altc inspect; prints the accuracy per class (TAP comments) and fails under
# MIN percent (95) of exact reply texts or agreeing bounce verdicts.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
ALTC=${1:-${ALTC_BIN:-$PWD/altc}}
case $ALTC in /*) ;; *) ALTC=$PWD/$ALTC ;; esac
echo "1..1"
command -v python3 >/dev/null 2>&1 || { echo "ok 1 # SKIP python3 missing"; exit 0; }
set --
for d in "$SRC/tests/fixtures/replies/gen" "$SRC/tests/fixtures/bounces/gen"; do
	[ -d "$d" ] && set -- "$@" "$d"
done
out=$(python3 "$HERE/replies.py" "$ALTC" "$@" --min "${MIN:-95}")
rc=$?
printf '%s\n' "$out" | sed 's/^/# /'
if [ $rc -eq 0 ]; then
	echo "ok 1 - reply texts and bounce verdicts at or above ${MIN:-95}%"
else
	echo "not ok 1 - reply texts or bounce verdicts under ${MIN:-95}% (or altc crashed)"
fi
