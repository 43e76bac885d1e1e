#!/bin/sh
# run.sh [ROWS] - import a generated Parcoursup-style file for real (one
# transaction, invitations queued) and compare with sqlite3's own .import of
# the same file in the same run.  Prints the times, the peak RSS and the ratio,
# and the floor: sqlite3 writing the rows altc writes, in bulk (floor.sql).
# Needs: python3, sqlite3, GNU time (/usr/bin/time).  ALTC_BIN: the altc binary.
set -eu
ROWS=${1:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
: "${ALTC_BIN:=$PWD/altc}"
DIR=$(mktemp -d "${TMPDIR:-/tmp}/altc-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"
python3 "$HERE/gen.py" "$ROWS" students.csv
printf '[import]\nmax_manual_bytes = 1000M\n' > altconnect.conf
export ALTC_CONFIG="$DIR/altconnect.conf"
"$ALTC_BIN" init >/dev/null 2>&1
printf 'Code_Formation;Lib_Formation;UFR;Departement;Effectif;RP_Mail\n' > formations.csv
for c in A B C D; do
	printf 'BENCH-%s;Formation %s;IUT;GEA;0;rp.%s@univ.example\n' $c $c $c >> formations.csv
done
"$ALTC_BIN" formation import formations.csv >/dev/null
cp var/altconnect.db floor.db

# elapsed seconds and peak RSS in kB from GNU time
measure() {
	/usr/bin/time -f '%e %M' -o time.out "$@" > cmd.out 2>&1 || { cat cmd.out; exit 1; }
	cat time.out
}
set -- $(measure sqlite3 ref.db ".mode csv" ".separator ;" ".import students.csv t")
sq_t=$1 sq_rss=$2
set -- $(measure sqlite3 floor.db ".read $HERE/floor.sql")
fl_t=$1
set -- $(measure "$ALTC_BIN" import students.csv)
al_t=$1 al_rss=$2
cat cmd.out
inv=$(sqlite3 var/altconnect.db "SELECT count(*) FROM outbox WHERE template = 'import.invitation'")
echo "rows: $ROWS, invitations queued: $inv, file: $(wc -c < students.csv) bytes"
echo "sqlite3 .import: ${sq_t}s, peak RSS ${sq_rss} kB"
echo "altc import:     ${al_t}s, peak RSS ${al_rss} kB"
echo "floor: sqlite3 writing the same rows in bulk (floor.sql): ${fl_t}s"
awk -v a="$al_t" -v s="$sq_t" -v r="$al_rss" -v f="$fl_t" 'BEGIN {
	ratio = s > 0 ? a / s : 0
	printf "ratio: %.2fx sqlite3 (target <= 3x), peak RSS %.1f MB (target <= 64 MB)\n", ratio, r / 1024
	printf "floor ratio: %.2fx sqlite3; altc takes %.2fx the floor\n", f / s, a / f
}'
