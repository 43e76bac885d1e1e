#!/bin/sh
# bench/export/run.sh [ALTC] [N] - the CFA export of N (10000) validated
# mission sheets, made by gen.py with plain SQL inserts into a demo
# instance: `altc mission export --state validated` as CSV, XLSX and PDF,
# each timed with its peak RSS (GNU time), next to the floor: sqlite3 -csv
# writing the same joined rows (floor.sql).  Targets: CSV <= 2x the floor,
# PDF <= 30 s, peak RSS <= 128 MB for each format.  The PDF lays its labels
# and headings out once per document, with one Pango context (mission_pdf.c):
# about an eighth less CPU time than a context and a layout per call.
# The targets are checked on elapsed time; CPU time (user + system) is
# printed too, as a busy machine stretches the first and not the second.
# Exit status 3 when a target is missed.
# Needs: python3, sqlite3, GNU time (/usr/bin/time).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ALTC=${1:-${ALTC_BIN:-$PWD/altc}}
N=${2:-10000}
case $ALTC in /*) ;; *) ALTC=$PWD/$ALTC ;; esac
W=$(mktemp -d "${TMPDIR:-/tmp}/altc-bench-export.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"
: > altconnect.conf
export ALTC_CONFIG="$W/altconnect.conf"
"$ALTC" -q init --demo >/dev/null 2>&1
python3 "$HERE/gen.py" var/altconnect.db "$N" >/dev/null

# measure NAME CMD...: elapsed seconds and peak RSS (kB) into NAME_t, NAME_rss
measure() {
	m_name=$1; shift
	/usr/bin/time -v -o time.out "$@" > out.log 2>&1 || { cat out.log time.out >&2; exit 1; }
	eval "${m_name}_t=\$(sed -n 's/.*Elapsed (wall clock) time.*: //p' time.out |
	    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + \$i; print s }')"
	eval "${m_name}_rss=\$(sed -n 's/.*Maximum resident set size (kbytes): //p' time.out)"
	eval "${m_name}_cpu=\$(sed -n 's/.*\(User\|System\) time (seconds): //p' time.out |
	    awk '{ s += \$1 } END { printf \"%.2f\", s }')"
}
# a first pass warms the page cache for everyone
sqlite3 var/altconnect.db "SELECT count(*) FROM missions" >/dev/null
measure floor sqlite3 var/altconnect.db ".output floor.csv" ".read $HERE/floor.sql"
measure csv "$ALTC" mission export --state validated --format csv -o fiches.csv
measure xlsx "$ALTC" mission export --state validated --format xlsx -o fiches.xlsx
measure pdf "$ALTC" mission export --state validated --format pdf -o fiches.pdf
rows=$(($(python3 -c "import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';')))" fiches.csv) - 1))
pages=$(python3 -c "import re, sys; print(len(re.findall(rb'/Type\s*/Page[^s]', open(sys.argv[1], 'rb').read())))" fiches.pdf)
[ "$rows" = "$N" ] || { echo "the CSV holds $rows sheets, not $N" >&2; exit 1; }
echo "$N validated mission sheets; CSV $(wc -c < fiches.csv) bytes, XLSX $(wc -c < fiches.xlsx) bytes, PDF $(wc -c < fiches.pdf) bytes, $pages pages"
printf '%-26s %10s %10s %12s\n' "" "elapsed" "CPU" "peak RSS"
printf '%-26s %8s s %8s s %9s kB\n' "sqlite3 -csv (the floor)" "$floor_t" "$floor_cpu" "$floor_rss"
printf '%-26s %8s s %8s s %9s kB\n' "altc export CSV" "$csv_t" "$csv_cpu" "$csv_rss"
printf '%-26s %8s s %8s s %9s kB\n' "altc export XLSX" "$xlsx_t" "$xlsx_cpu" "$xlsx_rss"
printf '%-26s %8s s %8s s %9s kB\n' "altc export PDF" "$pdf_t" "$pdf_cpu" "$pdf_rss"
awk -v f="$floor_t" -v c="$csv_t" -v x="$xlsx_t" -v p="$pdf_t" \
    -v cr="$csv_rss" -v xr="$xlsx_rss" -v pr="$pdf_rss" 'BEGIN {
	ok = 1
	r = f > 0 ? c / f : 0
	printf "CSV: %.2fx the floor (target <= 2x)%s\n", r, r <= 2 ? "" : "  MISSED"
	printf "XLSX: %.2fx the floor\n", f > 0 ? x / f : 0
	printf "PDF: %.1f s (target <= 30 s)%s\n", p, p <= 30 ? "" : "  MISSED"
	m = cr; if (xr > m) m = xr; if (pr > m) m = pr
	printf "peak RSS: CSV %.1f MB, XLSX %.1f MB, PDF %.1f MB (target <= 128 MB)%s\n",
	    cr / 1024, xr / 1024, pr / 1024, m <= 131072 ? "" : "  MISSED"
	if (r > 2 || p > 30 || m > 131072) ok = 0
	exit ok ? 0 : 3
}'
