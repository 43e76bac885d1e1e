#!/bin/sh
# run.sh [ROWS] - load a generated StockEtablissement-like file (INSEE's
# columns, ROWS lines, 1,000,000 by default) with altc company register-load
# into a fresh instance, twice (the second load replaces the first), and
# print the times, the rows per second, the peak RSS and the database size.
# No target is asserted: this measures.  Needs python3 and GNU time
# (/usr/bin/time).  ALTC_BIN: the altc binary.
set -eu
ROWS=${1:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
: "${ALTC_BIN:=$PWD/altc}"
DIR=$(mktemp -d "${TMPDIR:-/tmp}/altc-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"
python3 "$HERE/gen.py" "$ROWS" StockEtablissement.csv
: > altconnect.conf
export ALTC_CONFIG="$DIR/altconnect.conf"
"$ALTC_BIN" init >/dev/null 2>&1

# load N: one load, its output and GNU time's elapsed seconds and peak RSS
load() {
	/usr/bin/time -f '%e %M' -o time.out "$ALTC_BIN" company register-load \
	    StockEtablissement.csv > load.out 2>&1 || { cat load.out; exit 1; }
	set -- $(cat time.out)
	echo "load $N: $(cat load.out)"
	echo "load $N: ${1}s elapsed, peak RSS $(($2 / 1024)) MB"
}
echo "file: $ROWS rows, $(($(wc -c < StockEtablissement.csv) / 1048576)) MB"
N=1 load
N=2 load
echo "database: $(($(wc -c < var/altconnect.db) / 1048576)) MB," \
    "$(sqlite3 var/altconnect.db 'SELECT count(*) FROM sirene_establishments' 2>/dev/null || echo '?') establishments"
