#!/bin/sh
# bench/applications/run.sh [ALTC] [N] [KB] - applications by reply.
#
# N (10000) students each reply POSTULER to an offer mail with a KB (200)
# kilobyte PDF attached, half of them the same file.  `altc serve --once`
# checks every PDF with qpdf, keeps it in the content-addressed store,
# creates the application and forwards it with the PDF to its employer
# (the Maildir outbox).  Prints applications per second, the bytes stored
# against the attachment bytes received (target: at most 60%), and the same
# mails filed by Debian's fdm into a Maildir as the baseline (target: >= 1x).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ALTC=${1:-${ALTC_BIN:-$PWD/altc}}
N=${2:-10000}
KB=${3:-200}
case $ALTC in /*) ;; *) ALTC=$PWD/$ALTC ;; esac
W=$(mktemp -d "${TMPDIR:-/tmp}/altc-bench-apps.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"
: > altconnect.conf
export ALTC_CONFIG="$W/altconnect.conf"
"$ALTC" -q init --demo >/dev/null
sent=$(python3 "$HERE/gen.py" var/altconnect.db "$W/gen" "$N" "$KB")
cp -r gen/new/. spool/mail/new/

now() { python3 -c 'import time; print(time.time())'; }
. "$HERE/../fdm.sh"
FDM_TARGET="(target >= 1)"

# fdm once before altc and once after it, on the same mails
fdm_run "set maximum-size 10M"
fdm_before=$frate

q() { python3 -c "import sqlite3, sys; print(sqlite3.connect('var/altconnect.db').execute(sys.argv[1]).fetchone()[0])" "$1"; }

# the copies above are still dirty in the page cache: flush them now, so
# that altc does not pay for writing them back
sync
t0=$(now)
"$ALTC" -q serve --once
t1=$(now)
applied=$(q "SELECT count(*) FROM applications")
forwarded=$(q "SELECT count(*) FROM outbox WHERE template = 'application.received' AND state = 'sent'")
if [ "$applied" != "$N" ] || [ "$forwarded" != "$N" ]; then
	echo "only $applied of $N applications applied, $forwarded forwarded" >&2
	ls spool/failed | head -n 3 >&2
	exit 1
fi
stored=$(du -sb var/docs | cut -f1)
rate=$(python3 -c "print('%.0f' % ($N / ($t1 - $t0)))")
echo "altc serve --once: $N applications with a ${KB} KB PDF, applied and forwarded in $(python3 -c "print('%.2f' % ($t1 - $t0))") s: $rate applications/s"
echo "document store: $stored bytes for $sent attachment bytes received: $(python3 -c "print('%.0f%%' % (100.0 * $stored / $sent))") (target <= 60%)"

fdm_run "set maximum-size 10M"
fdm_ratio "$rate" "$fdm_before" "$frate"
