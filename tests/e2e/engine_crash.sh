#!/bin/sh
# engine_crash.sh - kill the daemon with SIGKILL at random moments while it
# works through a few hundred mails, restart it, and check that every input
# ends exactly once in done/ or failed/, that none was applied twice, and
# that the database is intact.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
command -v python3 >/dev/null || skip_all "python3 is needed to read the database"

N=${CRASH_MAILS:-1000}
e2e_instance --demo
conf http port 0
i=1
while [ $i -le $N ]; do
	printf 'From: visitor%d@elsewhere.example\nTo: offres@univ.example\nSubject: aide %d\nMessage-ID: <crash-%d@univ.example>\n\nAIDE\n' $i $i $i |
	    altc deliver -r offres@univ.example || echo "Bail out! deliver failed"
	i=$((i + 1))
done
ok "$N mails are in the spool" test "$(ls spool/mail/new | wc -l)" -eq $N

inputs_left() { find spool/mail/new spool/mail/cur -type f | wc -l; }
kills=0
rounds=0
while [ "$(inputs_left)" -gt 0 ] && [ $rounds -lt 200 ]; do
	altc serve 2>>daemon.log &
	pid=$!
	# between 5 and 50 ms of work, then no mercy (short enough that a fast
	# machine is still interrupted several times in its thousand mails)
	sleep "0.$(awk -v s=$$$rounds 'BEGIN { srand(s); printf "%03d", 5 + int(rand() * 45) }')"
	kill -KILL $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
	rounds=$((rounds + 1))
done
# a last clean pass for whatever a kill left behind
altc serve --once 2>>daemon.log
echo "# $kills kills in $rounds rounds"
ok "the daemon was killed at least 3 times" test $kills -ge 3
ok "no input is left in new/ or cur/" test "$(inputs_left)" -eq 0

python3 - "$N" <<'PY' > verdict.txt
import os, re, sqlite3, sys
n = int(sys.argv[1])
seen = {}
for root, dirs, files in os.walk("spool"):
    if not (root.startswith("spool/done") or root == "spool/failed"):
        continue
    for f in files:
        if f.endswith(".reason"):
            continue
        with open(os.path.join(root, f), "rb") as fp:
            m = re.search(rb"Message-ID: <(crash-\d+)@", fp.read())
        if m:
            seen[m.group(1)] = seen.get(m.group(1), 0) + 1
db = sqlite3.connect("var/altconnect.db")
ledger = db.execute("SELECT count(*), count(DISTINCT key) FROM inbound WHERE key LIKE 'mid:<crash-%'").fetchone()
# every input comes from its own sender and is answered once: exactly one
# answer per sender, or an input was lost or applied twice
# (an input interrupted limits.max_attempts times is quarantined, not applied)
per_rcpt = db.execute("SELECT count(*), count(DISTINCT rcpt) FROM outbox").fetchone()
quarantined = db.execute("SELECT count(*) FROM inbound WHERE reason LIKE 'quarantined%'").fetchone()[0]
integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
print("files", len(seen), "max", max(seen.values()) if seen else 0)
print("ledger", ledger[0], ledger[1])
print("outbox", per_rcpt[0] + quarantined, per_rcpt[1] + quarantined)
print("quarantined", quarantined)
print("integrity", integrity)
PY
cat verdict.txt | sed 's/^/# /'
ok "every input ended in done/ or failed/" grep -q "^files $N max 1$" verdict.txt
ok "the ledger holds each input exactly once" grep -q "^ledger $N $N$" verdict.txt
ok "each input was applied exactly once" grep -q "^outbox $N $N$" verdict.txt
ok "PRAGMA integrity_check answers ok" grep -q "^integrity ok$" verdict.txt

e2e_done
