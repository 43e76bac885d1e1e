#!/bin/sh
# disk_full.sh - the instance on a small tmpfs that the test fills up:
# "altc deliver", "altc serve --once", "altc outbox flush" and the daemon
# all exit 75 or wait, nothing half-written appears in new/, no input or
# mail is lost, and everything goes through once space returns.  Mounting
# needs root; the test is skipped only when that is impossible.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

e2e_instance
FS="$E2E_DIR/fs"
mkdir -p "$FS"
mount -t tmpfs -o size=8m,mode=0755 altc-full "$FS" 2>/dev/null ||
    skip_all "cannot mount a tmpfs (not root, or no mount permission)"
trap 'cd /; umount "$FS" 2>/dev/null || umount -l "$FS"; e2e_cleanup' EXIT
cd "$FS" || exit 99
export ALTC_CONFIG="$FS/altconnect.conf"
printf '[http]\nport = 0\n[schedule]\nrescan_seconds = 2\n' > "$ALTC_CONFIG"
altc init --demo >init.log 2>&1 || { echo "Bail out! altc init failed"; exit 99; }

question() {
	printf 'From: visitor%s@elsewhere.example\nTo: offres@univ.example\nSubject: aide\nMessage-ID: <full-%s@elsewhere.example>\n\nAIDE\n' "$1" "$1"
}
fill() { dd if=/dev/zero of=filler bs=4k >/dev/null 2>&1; dd if=/dev/zero of=filler2 bs=512 >/dev/null 2>&1; sync; }
files() { find "$@" -type f | wc -l; }

question 1 | altc deliver -r offres@univ.example
ok "before: deliver accepts a mail" test "$(files spool/mail/new)" -eq 1
altc user add --role admin --email full@univ.example --name "Full Disk" >/dev/null
question 3 > spool/mail/tmp/later	# moved into new/ while the disk is full
fill
ok "the filesystem is full" test "$(df -P . | awk 'NR == 2 { print $4 }')" -eq 0

question 2 | altc deliver -r offres@univ.example 2>deliver.err
ok "deliver exits 75 (the MTA keeps the mail)" test $? -eq 75
ok "nothing half-written in new/" test "$(files spool/mail/new)" -eq 1
ok "nothing left in tmp/" test "$(ls spool/mail/tmp)" = later

altc serve --once 2>once.err
ok "serve --once exits 75" test $? -eq 75
ok "the input waits in the spool" test "$(files spool/mail/new spool/mail/cur)" -eq 1
ok "nothing in failed/" test "$(files spool/failed)" -eq 0

altc outbox flush >/dev/null 2>flush.err
ok "outbox flush exits 75" test $? -eq 75
ok "no mail in the outbox" test "$(files spool/outbox/new spool/outbox/tmp)" -eq 0

# the daemon, up before the disk filled
rm -f filler filler2
altc serve 2>"$E2E_DIR/daemon.log" &	# off the full disk
DAEMON=$!
E2E_PIDS="$E2E_PIDS $DAEMON"
i=0
while [ "$(files spool/done)" -lt 1 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fill
: > "$E2E_DIR/daemon.log"
mv spool/mail/tmp/later spool/mail/new/later
sleep 3
ok "the daemon is still running" kill -0 $DAEMON
ok "the new input waits in the spool" test "$(files spool/mail/new spool/mail/cur)" -eq 1
ok "nothing in failed/" test "$(files spool/failed)" -eq 0
ok "no busy loop on the full disk" test "$(grep -c 'full' "$E2E_DIR/daemon.log")" -le 3

# space returns
rm -f filler filler2
i=0
while [ "$(files spool/mail/new spool/mail/cur)" -gt 0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
question 2 | altc deliver -r offres@univ.example
ok "deliver accepts the mail again" test $? -eq 0
i=0
while [ "$(files spool/done)" -lt 3 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $DAEMON
wait $DAEMON
ok "the daemon stops cleanly" test $? -eq 0
ok "every input applied once" test "$(files spool/done)" -eq 3
ok "nothing in failed/" test "$(files spool/failed)" -eq 0
ok "every mail written to the outbox" test "$(files spool/outbox/new)" -eq 4
ok "no queued mail left" test "$(altc outbox list --state queued --format csv | tail -n +2 | grep -c .)" -eq 0
# over SMTP: a message the relay accepted is recorded once space returns
# and never sent again meanwhile (without room in the journal it would be
# accepted, not recorded, and sent again at every pass)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	SRV_DIR="$E2E_DIR/smtp"	# off the full disk
	mkdir -p "$SRV_DIR"
	PORT=$(free_port)
	printf '[smtp]\nurl = smtp://127.0.0.1:%s\nretry_base = 1\nretry_max = 1\ntimeout = 2\n' "$PORT" >> "$ALTC_CONFIG"
	altc serve 2>"$E2E_DIR/daemon2.log" &
	DAEMON=$!
	E2E_PIDS="$E2E_PIDS $DAEMON"
	altc user add --role admin --email smtp@univ.example --name "Smtp Full" >/dev/null
	sleep 3	# the relay is down: deferred
	fill
	"$PY" "$ALTC_SRCDIR/tests/e2e/smtp_server.py" "$PORT" "$SRV_DIR" ok 2>"$SRV_DIR/log" &
	E2E_PIDS="$E2E_PIDS $!"
	sleep 6
	# the journal keeps room for a batch: a message accepted now is noted
	# there, the commit waits for space, and nothing goes twice meanwhile
	ok "SMTP, disk full: nothing sent twice" test "$(ls "$SRV_DIR" | grep -c '\.eml$')" -le 1
	rm -f filler filler2
	i=0
	while [ "$(ls "$SRV_DIR" | grep -c '\.eml$')" -lt 1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 3
	ok "SMTP, space back: delivered once" test "$(ls "$SRV_DIR" | grep -c '\.eml$')" -eq 1
	ok "SMTP, space back: marked sent" test "$(altc outbox list --state queued --format csv | tail -n +2 | grep -c .)" -eq 0
	kill -TERM $DAEMON
	wait $DAEMON
fi
ok "PRAGMA integrity_check answers ok" test "$(python3 -c 'import sqlite3
print(sqlite3.connect("var/altconnect.db").execute("PRAGMA integrity_check").fetchone()[0])')" = ok

e2e_done
