#!/bin/sh
# engine_cli.sh - the command line and the daemon's contract: init, config
# errors (exit 78 naming file and line), deliver (exit 75 on a full disk),
# one daemon per spool, SIGHUP reload, SIGTERM exit 0, a corrupt database.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

e2e_instance --demo
ok "init creates the database" test -s var/altconnect.db
ok "init creates the spool" test -d spool/mail/new -a -d spool/import/new -a -d spool/outbox/new
ok "demo loads the four formations" test "$(altc formation list --format csv | grep -c BUT3)" -eq 4
ok "demo has the rp of each formation" sh -c "altc formation list --format csv | grep -q 'BUT3-TC-MDEE.*rp.tc@univ.example'"
ok "help lists the commands" sh -c "altc help | grep -q 'serve'"
ok "COMMAND --help prints the usage" sh -c "altc deliver --help | grep -q 'altc deliver \[-r RCPT\]'"
ok "two-word commands have their own help" sh -c "altc user add --help | grep -q 'altc user add --role'"
ok "a bare first word lists its commands" sh -c "altc user 2>&1 | grep -q 'altc user delegate'"
altc nosuchcommand 2>/dev/null; ok "unknown command exits 64" test $? -eq 64
ok "config --defaults prints every section" sh -c "altc config --defaults | grep -q '^\[smtp\]'"
# the installed sample is the defaults, commented out
{ printf '# altconnect configuration (sample): uncomment and change what you need.\n'
  printf '# Every key has a default; see altconnect.conf(5) or "altc config --defaults".\n'
  altc config --defaults | tail -n +2 | sed -E 's/^([a-z_]+ = )/# \1/'; } > sample.conf
ok "contrib/altconnect.conf.sample lists every key with its default" \
    cmp -s sample.conf "$ALTC_SRCDIR/contrib/altconnect.conf.sample"

printf '[http]\nport = 99999\n' > bad.conf
altc -c bad.conf check 2>err.txt; rc=$?
ok "an out-of-bounds value exits 78" test $rc -eq 78
ok "the error names file, line and key" grep -q "bad.conf:2: key 'http.port'" err.txt
printf '[http\n' > bad2.conf
altc -c bad2.conf serve --once 2>err.txt; rc=$?
ok "a syntax error exits 78" test $rc -eq 78
altc -c missing.conf check 2>err.txt; rc=$?
ok "a named missing file exits 78" test $rc -eq 78

cat > m1.eml <<'MAIL'
From: Someone <someone@elsewhere.example>
To: nobody@univ.example
Subject: bonjour
Message-ID: <m1@elsewhere.example>

Bonjour
MAIL
ok "deliver accepts a mail" altc deliver -r nobody@univ.example < m1.eml
ok "the mail waits in mail/new" test "$(ls spool/mail/new | wc -l)" -eq 1
ok "the envelope recipient is kept" sh -c "ls spool/mail/new | grep -q ',R=nobody@univ.example'"
: | altc deliver 2>/dev/null; rc=$?
ok "an empty input is refused (65)" test $rc -eq 65

# a full disk: exit 75 so that the MTA retries, nothing half-written
if mkdir -p full && mount -t tmpfs -o size=16k tmpfs full 2>/dev/null; then
	cp -r spool full/ 2>/dev/null
	dd if=/dev/zero of=full/filler bs=1k count=64 2>/dev/null
	head -c 200000 /dev/urandom | base64 > big.eml
	printf '[paths]\nspool = %s/full/spool\ndb = %s/var/altconnect.db\n' "$E2E_DIR" "$E2E_DIR" > full.conf
	altc -c full.conf deliver < big.eml 2>err.txt; rc=$?
	ok "a full disk exits 75" test $rc -eq 75
	ok "nothing half-written is left in tmp/" test "$(find full/spool/mail/tmp -type f | wc -l)" -eq 0
	ok "nothing was added to new/" test "$(find full/spool/mail/new -type f | wc -l)" -eq 1
	umount full
else
	for i in 1 2 3; do
		E2E_N=$((E2E_N + 1)); echo "ok $E2E_N # SKIP tmpfs cannot be mounted here"
	done
fi

altc serve --once 2>serve.log; rc=$?
ok "serve --once exits 0" test $rc -eq 0
ok "a mail for an unknown address goes to failed/" test "$(ls spool/failed | grep -vc '\.reason$')" -eq 1
ok "with its reason" sh -c "cat spool/failed/*.reason | grep -q ."
ok "nothing stays in cur/" test "$(ls spool/mail/cur | wc -l)" -eq 0

# the daemon: one per spool, reload on SIGHUP, exit 0 on SIGTERM; it also
# serves the link endpoint
port=$(free_port)
printf '[http]\nport = %s\n' "$port" > altconnect.conf
altc serve 2>daemon.log &
pid=$!
E2E_PIDS="$pid"
sleep 1
altc serve --once 2>second.log; rc=$?
ok "a second daemon refuses to start (75)" test $rc -eq 75
ok "the daemon answers on its link endpoint" sh -c "curl -s http://127.0.0.1:$port/s/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | grep -qi '<html'"
ok "and says who holds the spool" grep -q "another altc serve (pid $pid)" second.log
altc deliver -r nobody@univ.example < m1.eml
sed 's/m1@/m2@/' m1.eml | altc deliver -r nobody@univ.example
# m1 again follows its first copy to failed/, m2 is new: 3 in all
i=0; while [ "$(ls spool/failed | grep -vc '\.reason$')" -lt 3 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
ok "the daemon picks up new mail at once" test "$(ls spool/failed | grep -vc '\.reason$')" -eq 3
ok "the same Message-ID twice is recognised" grep -q "already processed" daemon.log
# the replay of a failed input is not run again: it follows the first copy
# to failed/ with the same reason, and the ledger has one row for it
ok "both copies of m1 are in failed/" test "$(grep -l '^Message-ID: <m1@' spool/failed/* 2>/dev/null | grep -vc '\.reason$')" -eq 2
for f in $(grep -l '^Message-ID: <m1@' spool/failed/* | grep -v '\.reason$'); do cat "$f.reason"; done > m1.reasons
ok "with the first copy's reason" test "$(sort -u m1.reasons | wc -l)" -eq 1 -a "$(wc -l < m1.reasons)" -eq 2
ok "which says why" grep -q 'unknown address' m1.reasons
ok "the ledger holds m1 once, as failed" test "$(python3 -c 'import sqlite3; print(sqlite3.connect("var/altconnect.db").execute("SELECT count(*) || state FROM inbound WHERE key LIKE ?", ("mid:<m1@elsewhere.example>%",)).fetchone()[0])')" = 1failed
printf '[http\n' > altconnect.conf
kill -HUP $pid; sleep 0.5
ok "a bad reload keeps the daemon running" kill -0 $pid
ok "and says so" grep -q "keeping the running configuration" daemon.log
printf '[http]\nport = %s\n' "$port" > altconnect.conf
kill -HUP $pid; sleep 0.3
kill -TERM $pid; wait $pid; rc=$?
ok "SIGTERM exits 0" test $rc -eq 0
E2E_PIDS=

# the relay: reachable or not
port=$(free_port)
printf '[smtp]\nurl = smtp://127.0.0.1:%s\n' "$port" > relay.conf
altc -c relay.conf check > check.txt 2>&1; rc=$?
ok "check reports an unreachable relay (78)" test $rc -eq 78
ok "naming host and port" grep -q "relay: smtp://127.0.0.1:$port: unreachable: 127.0.0.1:$port: Connection refused" check.txt
python3 -c 'import socket,sys,time; s=socket.socket(); s.bind(("127.0.0.1",int(sys.argv[1]))); s.listen(5); s.settimeout(5)
while True:
    try: c, _ = s.accept()
    except OSError: break
    c.sendall(b"220 relay.example ESMTP ready\r\n"); c.close()' "$port" &
lpid=$!
i=0; while ! python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),1)' "$port" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done
altc -c relay.conf check > check.txt 2>&1; rc=$?
ok "check accepts a reachable relay" grep -q "relay: smtp://127.0.0.1:$port: reachable" check.txt
kill $lpid 2>/dev/null; wait $lpid 2>/dev/null

# a corrupt database
cp var/altconnect.db good.db
head -c 8192 /dev/urandom > var/altconnect.db
rm -f var/altconnect.db-wal var/altconnect.db-shm
altc check > check.txt 2>&1; rc=$?
ok "check reports a corrupt database (78)" test $rc -eq 78
ok "naming its path" grep -q "var/altconnect.db" check.txt
altc serve --once 2>err.txt; rc=$?
ok "serve refuses a corrupt database (65)" test $rc -eq 65
ok "the waiting input is kept" test "$(ls spool/mail/new spool/mail/cur | grep -c .)" -ge 0
cp good.db var/altconnect.db

# an unwritable spool location
printf '[paths]\nspool = %s/m1.eml/spool\n' "$E2E_DIR" > nospool.conf
altc -c nospool.conf init 2>err.txt; rc=$?
ok "init on an impossible spool exits 73" test $rc -eq 73
ok "naming the path" grep -q "m1.eml/spool" err.txt

printf 'Code_Formation;Lib_Formation;UFR;Departement;Effectif;RP_Mail\nLP-X;Licence pro X;IUT;INFO;abc;rp.x@univ.example\nLP-Y;Licence pro Y;IUT;INFO;5;rp.y@univ.example\n' > f.csv
altc formation import f.csv > fi.txt; rc=$?
ok "formation import reports a bad line (65)" test $rc -eq 65
ok "and imports the good one" grep -q "1 created, 0 updated, 1 rejected" fi.txt
ok "the new formation is listed" sh -c "altc formation list | grep -q LP-Y"

e2e_done
