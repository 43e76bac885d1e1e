#!/bin/sh
# crash_loop.sh - SIGKILL "altc serve" at random moments, N times, while it
# applies N*10 inputs and delivers the answers to an SMTP server on loopback,
# then check that every input ended once in done/ or failed/, that every
# answer reached the server at least once and that no kill cost more than
# one duplicate (the message in flight), and that the database is intact.
#
#   N=1000 tests/e2e/crash_loop.sh     by hand: 1,000 kills over 10,000 inputs
#
# make check runs N=20 (200 inputs).  INPUTS overrides the number of inputs,
# KILL_MS the longest life of a daemon (milliseconds, default 40).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"

N=${N:-20}
INPUTS=${INPUTS:-$((N * 10))}
KILL_MS=${KILL_MS:-40}

e2e_instance --demo
conf http port 0
SRV_DIR="$E2E_DIR/smtp"
mkdir -p "$SRV_DIR"
PORT=$(free_port)
"$PY" "$ALTC_SRCDIR/tests/e2e/smtp_server.py" "$PORT" "$SRV_DIR" ok 2>"$SRV_DIR/log" &
E2E_PIDS="$E2E_PIDS $!"
i=0
while [ ! -f "$SRV_DIR/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
conf smtp url "smtp://127.0.0.1:$PORT"
conf smtp timeout 5
conf smtp retry_base 1
conf smtp retry_max 1
conf smtp max_per_connection 100000	# one daemon, one connection

# one question from each sender, written beside the spool; each round moves
# the next share into new/ by rename (the Maildir protocol, as a local
# delivery agent would), so that every daemon both applies and delivers
mkdir incoming
"$PY" - "$INPUTS" <<'PY'
import os, sys
n = int(sys.argv[1])
for i in range(1, n + 1):
    body = ("From: visitor%d@elsewhere.example\nTo: offres@univ.example\n"
            "Subject: aide %d\nMessage-ID: <loop-%d@elsewhere.example>\n\nAIDE\n" % (i, i, i))
    with open("incoming/1700000000.M%06dP%d.crashloop" % (i, os.getpid()), "w") as f:
        f.write(body)
PY
ok "$INPUTS inputs are ready" test "$(ls incoming | wc -l)" -eq "$INPUTS"
CHUNK=$(( (INPUTS + N - 1) / N ))
feed() {
	ls incoming | head -n "$1" | (cd incoming && xargs -r mv -t ../spool/mail/new)
}

# work_left - inputs not yet applied, or answers not yet accepted
work_left() {
	[ "$(find incoming spool/mail/new spool/mail/cur -type f | wc -l)" -gt 0 ] ||
	    [ "$("$PY" -c 'import sqlite3; print(sqlite3.connect("var/altconnect.db").execute(
"SELECT count(*) FROM outbox WHERE state = '"'queued'"'").fetchone()[0])')" -gt 0 ]
}
kills=0
rounds=0
seed=$$
while [ $kills -lt "$N" ] && [ $rounds -lt $((N * 3)) ] && work_left; do
	feed "$CHUNK"
	altc serve 2>>daemon.log &
	pid=$!
	sleep "$(awk -v s="$seed$rounds" -v m="$KILL_MS" 'BEGIN { srand(s); printf "%.3f", (1 + rand() * (m - 1)) / 1000 }')"
	kill -KILL $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
	rounds=$((rounds + 1))
done
# whatever is left: clean passes (the retry delay is one second)
feed "$INPUTS"
i=0
while work_left && [ $i -lt 30 ]; do
	altc serve --once 2>>daemon.log
	work_left && sleep 1
	i=$((i + 1))
done
ok "the daemon was killed $N times (or ran out of work)" test $kills -ge 1
ok "no input is left in new/ or cur/" test "$(find spool/mail/new spool/mail/cur -type f | wc -l)" -eq 0

"$PY" - "$INPUTS" "$kills" "$SRV_DIR" <<'PY' > verdict.txt
import os, re, sqlite3, sys
n, kills, srv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
inputs = {}
for root, dirs, files in os.walk("spool"):
    if not (root.startswith("spool/done") or root == "spool/failed"):
        continue
    for f in files:
        if f.endswith(".reason"):
            continue
        with open(os.path.join(root, f), "rb") as fp:
            m = re.search(rb"Message-ID: <(loop-\d+)@", fp.read())
        if m:
            inputs[m.group(1)] = inputs.get(m.group(1), 0) + 1
got = {}
arrivals = []	# (order, connection, Message-ID)
for f in sorted(os.listdir(srv)):
    if f.endswith(".eml"):
        with open(os.path.join(srv, f), "rb") as fp:
            m = re.search(rb"^Message-ID:\s*(<[^>]*>)", fp.read(), re.M | re.I)
        with open(os.path.join(srv, f[:-4] + ".conn")) as fp:
            conn = int(fp.read())
        if m:
            mid = m.group(1).decode()
            got[mid] = got.get(mid, 0) + 1
            arrivals.append((conn, mid))
# a copy that arrived again later was not recorded by the daemon that sent
# it: no connection (one daemon) may leave more than one such copy behind
last = {mid: k for k, (conn, mid) in enumerate(arrivals)}
left = {}
for k, (conn, mid) in enumerate(arrivals):
    if last[mid] > k:
        left[conn] = left.get(conn, 0) + 1
db = sqlite3.connect("var/altconnect.db")
rows = db.execute("SELECT id, state, message_id FROM outbox").fetchall()
quarantined = db.execute("SELECT count(*) FROM inbound WHERE reason LIKE 'quarantined%'").fetchone()[0]
rcpts = db.execute("SELECT count(DISTINCT rcpt) FROM outbox").fetchone()[0]
sent = [r for r in rows if r[1] == "sent"]
missing = [r for r in sent if got.get(r[2], 0) == 0]
received = sum(got.values())
dups = received - len(got)
print("inputs", len(inputs), "max", max(inputs.values()) if inputs else 0)
print("applied", len(rows) + quarantined, rcpts + quarantined)
print("sent", "all" if len(sent) == len(rows) == rcpts else "%d of %d" % (len(sent), len(rows)))
print("missing", len(missing))
print("unknown", len([m for m in got if m not in {r[2] for r in sent}]))
print("received", received, "distinct", len(got))
print("duplicates", dups, "kills", kills, "per-kill %.3f" % (dups / kills if kills else 0))
print("bounded", "yes" if dups <= kills else "no")
print("worst-connection", max(left.values()) if left else 0)
print("integrity", db.execute("PRAGMA integrity_check").fetchone()[0])
PY
sed 's/^/# /' verdict.txt
ok "every input ended once in done/ or failed/" grep -q "^inputs $INPUTS max 1$" verdict.txt
ok "every input was applied exactly once" grep -q "^applied $INPUTS $INPUTS$" verdict.txt
ok "every answer is marked sent" grep -q "^sent all$" verdict.txt
ok "the server received every answer" grep -q "^missing 0$" verdict.txt
ok "the server received nothing else" grep -q "^unknown 0$" verdict.txt
ok "no more duplicates than kills" grep -q "^bounded yes$" verdict.txt
ok "no daemon left more than one duplicate" grep -Eq "^worst-connection [01]$" verdict.txt
ok "PRAGMA integrity_check answers ok" grep -q "^integrity ok$" verdict.txt

e2e_done
