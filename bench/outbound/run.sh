#!/bin/sh
# run.sh - outbound benchmark: N action notifications (default 10000)
# rendered, composed and delivered by "altc outbox flush" to Postfix's
# smtp-sink on loopback, against smtp-source -d -s 1 sending N messages of
# the same size to the same sink in the same run.  Pinned to 2 cores when
# taskset is available.  Needs the postfix package (smtp-sink, smtp-source).
#
#   bench/outbound/run.sh [BUILDDIR] [N] [ROUNDS]
#
# With ROUNDS > 1 the same rows are queued again (sqlite3) and both sides
# run again; each round is printed, then the median ratio.  SMTP_SINK and
# SMTP_SOURCE name the two Postfix tools when they live elsewhere.
set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$SRC}" && pwd)
N=${2:-10000}
ROUNDS=${3:-1}
ALTC="$BUILD/altc"
SMTP_SINK=${SMTP_SINK:-/usr/sbin/smtp-sink}
SMTP_SOURCE=${SMTP_SOURCE:-/usr/sbin/smtp-source}
for t in "$SMTP_SINK" "$SMTP_SOURCE"; do
	[ -x "$t" ] || { echo "run.sh: $t missing (apt-get install postfix)" >&2; exit 77; }
done
PIN=
command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ] && PIN="taskset -c 0,1"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/altc-bench.XXXXXX")
SINK=
cleanup() { [ -n "$SINK" ] && kill "$SINK" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"

# the generator links the same library as altc
FLAGS=$(make -s -C "$BUILD" print-link-flags)
cc -O2 -std=gnu11 $(echo "$FLAGS" | sed -n 1p) -o gen "$SRC/bench/outbound/gen.c" \
	$(echo "$FLAGS" | sed -n 2p)

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat > altconnect.conf <<CONF
[paths]
templates = $SRC/templates
[smtp]
url = smtp://127.0.0.1:$PORT
max_per_connection = 1000
CONF
export ALTC_CONFIG="$WORK/altconnect.conf"
"$ALTC" -q init >/dev/null
SIZE=$(./gen "$ALTC_CONFIG" "$N")

"$SMTP_SINK" -u nobody -c 127.0.0.1:"$PORT" 256 >sink.log 2>&1 &
SINK=$!
sleep 0.5

now() { date +%s.%N; }
round=1
: > ratios
while [ "$round" -le "$ROUNDS" ]; do
	[ "$round" -gt 1 ] && sqlite3 var/altconnect.db "UPDATE outbox SET state = 'queued', attempts = 0"
	t0=$(now)
	$PIN "$ALTC" -q outbox flush >flush.log 2>&1
	t1=$(now)
	SENT=$("$ALTC" outbox list --state sent --format csv | tail -n +2 | grep -c . || true)
	t2=$(now)
	$PIN "$SMTP_SOURCE" -d -s 1 -m "$N" -l "$SIZE" -f bench@univ.example \
		-t sink@univ.example 127.0.0.1:"$PORT" >source.log 2>&1
	t3=$(now)
	[ "$ROUNDS" -gt 1 ] && echo "round $round:"
	awk -v n="$N" -v sent="$SENT" -v size="$SIZE" -v a0="$t0" -v a1="$t1" -v b0="$t2" -v b1="$t3" 'BEGIN {
		ra = n / (a1 - a0); rb = n / (b1 - b0);
		printf "messages: %d (%d marked sent), %d bytes each\n", n, sent, size;
		printf "altc outbox flush: %.2f s, %.0f msg/s\n", a1 - a0, ra;
		printf "smtp-source -d -s 1: %.2f s, %.0f msg/s\n", b1 - b0, rb;
		printf "ratio altc/smtp-source: %.2f\n", ra / rb;
		printf "%.2f\n", ra / rb >> "ratios";
		exit (sent == n) ? 0 : 1 }'
	round=$((round + 1))
done
if [ "$ROUNDS" -gt 1 ]; then
	sort -n ratios | awk '{ r[NR] = $1 } END { printf "median ratio over %d rounds: %.2f\n", NR, r[int((NR + 1) / 2)] }'
fi
