#!/bin/sh
# ops_defects.sh - what an administrator hit when installing next to an MTA:
# relative paths follow the configuration file, deliver asks the MTA to retry
# on anything we can fix, the ledger tells two recipients apart, error replies
# thread under the sender's mail, flush --now, a From with a display name, the
# relay's own words for a 451, and the help and man pages.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

e2e_instance --demo

# --- relative [paths] are relative to the configuration file's directory
mkdir -p inst/etc elsewhere
printf '[paths]\nspool = ../spool\ndb = ../var/altconnect.db\ndocs = ../var/docs\n' > inst/etc/altconnect.conf
(cd elsewhere && altc -c ../inst/etc/altconnect.conf init >/dev/null 2>&1)
ok "init from another directory creates the spool beside the configuration" test -d inst/spool/mail/new
ok "and the database" test -s inst/var/altconnect.db
ok "and nothing in the working directory" test ! -e elsewhere/spool
printf 'From: a@elsewhere.example\nTo: offres@univ.example\nSubject: x\nMessage-ID: <rel-1@elsewhere.example>\n\nx\n' > rel.eml
(cd / && altc -c "$E2E_DIR/inst/etc/altconnect.conf" deliver -r offres@univ.example < "$E2E_DIR/rel.eml")
ok "deliver run from / writes into the configured spool" test "$(ls inst/spool/mail/new | wc -l)" -eq 1
ok "altc help names the compiled configuration path" sh -c "altc help | grep -q '/etc/altconnect/altconnect.conf'"

# --- deliver: any failure we can fix is 75 (the MTA keeps the mail)
printf '[http]\nport = 99999\n' > bad.conf
altc -c bad.conf deliver -r offres@univ.example < rel.eml 2>err.txt; rc=$?
ok "a configuration error makes deliver exit 75, not 78" test $rc -eq 75
ok "and says why" grep -q "bad.conf:2: key 'http.port'" err.txt
printf '[paths]\nspool = nowhere/spool\n' > nospool.conf
altc -c nospool.conf deliver -r offres@univ.example < rel.eml 2>err.txt; rc=$?
ok "a missing spool makes deliver exit 75" test $rc -eq 75
altc -c nospool.conf deliver -r offres@univ.example --bogus < rel.eml 2>err.txt; rc=$?
ok "a usage error in the MTA's command line exits 75" test $rc -eq 75
: | altc deliver -r offres@univ.example 2>/dev/null; rc=$?
ok "an empty message stays a data error (65)" test $rc -eq 65

# --- run as root next to a spool of the daemon's user
if [ "$(id -u)" -eq 0 ]; then
	chown -R nobody inst/spool
	printf 'Nom;Prenom\n' > drop.csv
	altc -c inst/etc/altconnect.conf deliver --import drop.csv
	ok "a root-run deliver --import leaves a file the daemon's user owns" \
	    test "$(stat -c %U inst/spool/import/new/*)" = nobody
	altc -c inst/etc/altconnect.conf check > check.txt 2>&1; rc=$?
	ok "altc check run as root says to run as the spool's owner" grep -q "run every altc command as 'nobody'" check.txt
	ok "and is not ok" test $rc -eq 78
fi

# --- the ledger is keyed on (Message-ID, envelope recipient)
cat > two.eml <<'MAIL'
From: Jean Martin <jean.martin@etu.example>
To: offres@univ.example, documents@univ.example
Subject: bonjour
Message-ID: <two-rcpts@etu.example>

bonjour
MAIL
deliver two.eml offres@univ.example
deliver two.eml documents@univ.example
deliver two.eml documents@univ.example
altc serve --once > serve.log 2>&1
ledger() { "$PY" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' var/altconnect.db "$1"; }
ok "the same mail to two platform addresses is applied twice" \
    test "$(ledger "SELECT count(*) FROM inbound WHERE key LIKE 'mid:<two-rcpts@etu.example>%'")" -eq 2
ok "the same copy delivered twice is one" test "$(grep -c 'already processed' serve.log)" -eq 1

# --- an error reply threads under the sender's Message-ID
rm -f spool/outbox/new/*
cat > err.eml <<'MAIL'
From: Jean Martin <jean.martin@etu.example>
To: reply+aaaaaaaaaaaaaaaaaaaaaaaaaa@univ.example
Subject: Re: une offre
Message-ID: <sender-own-id.42@etu.example>

POSTULER
MAIL
deliver err.eml reply+aaaaaaaaaaaaaaaaaaaaaaaaaa@univ.example
altc serve --once >> serve.log 2>&1
ok "an error reply is written" test "$(ls spool/outbox/new | wc -l)" -ge 1
ok "it answers In-Reply-To the sender's Message-ID" \
    sh -c "grep -l '^In-Reply-To: <sender-own-id.42@etu.example>' spool/outbox/new/* | grep -q ."
ok "and References it" sh -c "grep -q '^References: <sender-own-id.42@etu.example>' spool/outbox/new/*"

# --- files named by the configuration are checked at load
printf '[smtp]\nca_file = nowhere/ca.pem\n' > ca.conf
altc -c ca.conf check > /dev/null 2>err.txt; rc=$?
ok "a missing CA file fails altc check (78)" test $rc -eq 78
ok "naming the key and the file" grep -q "key 'smtp.ca_file': $E2E_DIR/nowhere/ca.pem: No such file" err.txt

# --- altc check reports the relay's own greeting
port=$(free_port)
"$PY" -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(5); s.settimeout(10)
while True:
    try: c, _ = s.accept()
    except OSError: break
    c.sendall(b"421 4.3.2 relay.example service not available, closing\r\n"); c.close()' "$port" &
E2E_PIDS="$E2E_PIDS $!"
i=0; while ! "$PY" -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),1)' "$port" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done
printf '[smtp]\nurl = smtp://127.0.0.1:%s\n' "$port" > busy.conf
altc -c busy.conf check > check.txt 2>&1; rc=$?
ok "a relay that greets with 421 fails altc check" test $rc -eq 78
ok "with the relay's own code and text" grep -q 'the server said "421 4.3.2 relay.example service not available' check.txt

# --- altc user --help
altc user --help > help.txt 2>&1; rc=$?
ok "altc user --help exits 0" test $rc -eq 0
ok "and lists the user commands" grep -q "altc user add" help.txt

# --- the man pages document what exists
for w in 'Fl -man' 'dump-csv' 'rcpt' 'EXIT STATUS' 'flush' 'backup' 'person' 'status'; do
	ok "altc.1 documents $w" grep -q -- "$w" "$ALTC_SRCDIR/doc/altc.1"
done
for w in 'syslog' 'NOTIFY_SOCKET' 'SIGHUP'; do
	ok "altc-serve.8 documents $w" grep -q -- "$w" "$ALTC_SRCDIR/doc/altc-serve.8"
done

# --- a From with a display name is accepted and used
"$PY" -c 'import aiosmtpd' 2>/dev/null || { e2e_done; exit $?; }
conf mail from 'Plateforme Alternance <noreply@univ.example>'
altc check > check.txt 2>&1
ok "check accepts a display name in mail.from" grep -q "configuration: .*: ok" check.txt
printf '[mail]\nfrom = altconnect noreply@univ.example\n' > badfrom.conf
altc -c badfrom.conf check > /dev/null 2>err.txt; rc=$?
ok "check refuses a mangled From (78)" test $rc -eq 78
ok "naming the key" grep -q "badfrom.conf:2: key 'mail.from'" err.txt

SRV_DIR="$E2E_DIR/smtp"
mkdir -p "$SRV_DIR"
PORT=$(free_port)
"$PY" "$ALTC_SRCDIR/tests/e2e/smtp_server.py" "$PORT" "$SRV_DIR" datafail 2>"$SRV_DIR/log" &
E2E_PIDS="$E2E_PIDS $!"
i=0
while [ ! -f "$SRV_DIR/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
conf smtp url "smtp://127.0.0.1:$PORT"
conf smtp retry_base 3600
altc outbox list --state queued --format csv > /dev/null
altc user add --role admin --email admin9@univ.example --name "Admin Neuf" > /dev/null
altc outbox flush > flush.log 2>&1
lasterr() { altc outbox list --state queued --format csv | grep admin9; }
ok "a 451 at the end of DATA leaves the row queued" sh -c "altc outbox list --state queued --format csv | grep -q admin9"
ok "the relay's own text and code are recorded" sh -c "altc outbox list --state queued --format csv | grep admin9 | grep -q '451 4.3.0 queue file write error'"
ok "not libcurl's 'Weird server reply'" sh -c "! altc outbox list --state queued --format csv | grep admin9 | grep -q 'Weird'"
altc status > status.txt 2>&1; rc=$?
ok "altc status exits 0" test $rc -eq 0
ok "status counts the deferred mail" grep -Eq "outbox deferred \(retrying\) +1" status.txt
ok "and names it with the relay's reply" grep -q "deferred mail .*admin9@univ.example.*451" status.txt
ok "status counts the failed inputs" grep -Eq "failed inputs \(ledger\) +[1-9]" status.txt
ok "status shows the last job runs" grep -q "job sweep last run" status.txt
ok "status shows the queues" grep -Eq "spool mail/new +0" status.txt
altc status --format json > status.json
ok "status speaks JSON" python3 -c 'import json,sys; json.load(open("status.json"))'
altc outbox flush > flush.log 2>&1
ok "a plain flush waits for the retry time" test "$(ls "$SRV_DIR" | grep -c '\.eml$')" -eq 0
altc outbox flush --now > flush.log 2>&1
ok "flush --now sends it at once" test "$(ls "$SRV_DIR" | grep -c '\.eml$')" -ge 1
from_line() { grep -h '^From:' "$SRV_DIR"/*.eml | grep -Eq '"?Plateforme Alternance"? <noreply@univ.example>'; }
ok "From carries the display name" from_line

e2e_done
