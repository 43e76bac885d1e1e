#!/bin/sh
# bench/inbound/run.sh [ALTC] [N] [KIND] - inbound mail throughput.
#
# N (10000) imported students each answer their invitation with the signup
# form lines (KIND signup, the default: the account becomes registered, the
# token is spent, an audit row and the welcome mail are written), or N
# registered students each send a tokenised STOP (KIND stop: their optional
# notifications go off); `altc serve --once` applies them all.  The same mails are then
# handed to Debian's fdm (apt-get install fdm), matching the token with a
# regexp and delivering to a Maildir, as a baseline of "read a mail, match,
# write it somewhere".  Prints messages per second and the ratio.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ALTC=${1:-${ALTC_BIN:-$PWD/altc}}
N=${2:-10000}
KIND=${3:-signup}
case $ALTC in /*) ;; *) ALTC=$PWD/$ALTC ;; esac
W=$(mktemp -d "${TMPDIR:-/tmp}/altc-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"
: > altconnect.conf
export ALTC_CONFIG="$W/altconnect.conf"
"$ALTC" -q init >/dev/null
python3 "$HERE/gen.py" var/altconnect.db "$W/gen" "$N" "$KIND"
cp -r gen/new/. spool/mail/new/

now() { python3 -c 'import time; print(time.time())'; }

t0=$(now)
"$ALTC" -q serve --once
t1=$(now)
if [ "$KIND" = signup ]; then
	what="signup replies"
	q="SELECT count(*) FROM users WHERE role='student' AND state='registered'"
else
	what="STOP replies"
	q="SELECT count(*) FROM users WHERE role='student' AND notify_optional=0"
fi
applied=$(python3 -c "import sqlite3, sys; print(sqlite3.connect('var/altconnect.db').execute(sys.argv[1]).fetchone()[0])" "$q")
if [ "$applied" != "$N" ]; then
	echo "only $applied of $N $what were applied" >&2
	exit 1
fi

rate=$(python3 -c "print('%.0f' % ($N / ($t1 - $t0)))")
echo "altc serve --once: $N $what applied in $(python3 -c "print('%.2f' % ($t1 - $t0))") s: $rate msg/s"

. "$HERE/../fdm.sh"
fdm_baseline "$rate"
