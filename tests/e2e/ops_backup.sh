#!/bin/sh
# ops_backup.sh - altc backup while the daemon runs, then altc restore into a
# fresh instance: every row and every document is there, and both the old
# daemon and the restored instance carry on.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/ops_lib.sh"

e2e_instance --demo
conf http port 0
HASH=$(student_with_doc jeanne.martin@etu.example)
start_daemon daemon.log
for n in 1 2 3; do
	printf 'From: x%s@elsewhere.example\nTo: formations@univ.example\nSubject: catalogue\nMessage-ID: <bk-%s@elsewhere.example>\n\ncatalogue\n' "$n" "$n" > m$n.eml
	altc deliver -r formations@univ.example < m$n.eml
done
ok "the daemon applies the mail" wait_for sh -c "test \$(ls spool/mail/new spool/mail/cur | grep -c vm) -eq 0"

altc backup bk > backup.log 2>&1; rc=$?
ok "backup exits 0 while the daemon runs" test $rc -eq 0
ok "the backup has a database" test -s bk/altconnect.db
ok "a single file, no WAL beside it" test ! -e bk/altconnect.db-wal
ok "the document store" test -f "bk/docs/$(echo "$HASH" | cut -c1-2)/$HASH.pdf"
ok "the spool" test -d bk/spool/mail/new -a -d bk/spool/done
ok "and a MANIFEST with the row counts" grep -q '^rows users ' bk/MANIFEST
altc backup bk > /dev/null 2>&1; rc=$?
ok "a backup never overwrites another" test $rc -ne 0

# the daemon carries on after the backup
printf 'From: x9@elsewhere.example\nTo: formations@univ.example\nSubject: catalogue\nMessage-ID: <bk-9@elsewhere.example>\n\ncatalogue\n' > m9.eml
altc deliver -r formations@univ.example < m9.eml
ok "the daemon carries on after the backup" \
    wait_for sh -c "test \$(ls spool/mail/new spool/mail/cur | grep -c vm) -eq 0"

altc restore bk > /dev/null 2>err.txt; rc=$?
ok "restore refuses while a daemon serves the spool" test $rc -ne 0
ok "and says so" grep -q "stop it first" err.txt

# restore into a new instance elsewhere
mkdir new
: > new/altconnect.conf
altc -c new/altconnect.conf restore bk > restore.log 2>&1; rc=$?
ok "restore into a new instance exits 0" test $rc -eq 0
missing=$(python3 - bk/MANIFEST new/var/altconnect.db <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[2])
bad = []
for line in open(sys.argv[1]):
    f = line.split()
    if f and f[0] == "rows":
        n = con.execute('SELECT count(*) FROM "%s"' % f[1]).fetchone()[0]
        if n != int(f[2]):
            bad.append("%s %s!=%s" % (f[1], n, f[2]))
print(" ".join(bad))
PY
)
ok "every row of every table is restored" test -z "$missing"
[ -z "$missing" ] || echo "# $missing"
ok "the student is there" test "$(sqlq new/var/altconnect.db "SELECT count(*) FROM users WHERE email = 'jeanne.martin@etu.example'")" -eq 1
ok "every document file is restored, byte for byte" \
    cmp -s "var/docs/$(echo "$HASH" | cut -c1-2)/$HASH.pdf" "new/var/docs/$(echo "$HASH" | cut -c1-2)/$HASH.pdf"
ok "the processed inputs are restored" test "$(find new/spool/done new/spool/failed -type f -name "*.vm*" ! -name "*.reason" | wc -l)" -ge 3
altc -c new/altconnect.conf check > check.txt 2>&1
ok "the restored instance passes altc check" grep -q "database: .*ok" check.txt
altc -c new/altconnect.conf restore bk > /dev/null 2>err.txt; rc=$?
ok "restore does not replace a database without --force" test $rc -ne 0
altc -c new/altconnect.conf restore --force bk > /dev/null 2>&1; rc=$?
ok "with --force it does" test $rc -eq 0
# a replay of an input the backup still had waiting is a no-op, new mail is applied
cp m9.eml new/m9.eml
altc -c new/altconnect.conf deliver -r formations@univ.example < m1.eml
altc -c new/altconnect.conf serve --once > new/serve.log 2>&1; rc=$?
ok "the restored instance serves" test $rc -eq 0
ok "and knows what it already applied" grep -q "already processed" new/serve.log

stop_daemon
e2e_done
