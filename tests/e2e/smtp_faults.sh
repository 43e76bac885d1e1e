#!/bin/sh
# smtp_faults.sh - delivery against a relay that misbehaves: the greeting
# refused (421), a relay that never answers, 452 to the recipient, the
# connection cut in the middle of DATA, 554 after DATA, a TLS handshake
# that fails.  Each message ends delivered once, deferred with its backoff,
# or failed with the relay's own words; never lost, never doubled.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

e2e_instance --demo
SRV_DIR="$E2E_DIR/smtp"
mkdir -p "$SRV_DIR"
PORT=$(free_port)
"$PY" "$ALTC_SRCDIR/tests/e2e/smtp_faults.py" "$PORT" "$SRV_DIR" 2>"$SRV_DIR/log" &
E2E_PIDS="$E2E_PIDS $!"
i=0
while [ ! -f "$SRV_DIR/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ok "the faulty relay is up" test -f "$SRV_DIR/ready"
conf smtp url "smtp://127.0.0.1:$PORT"
conf smtp timeout 2
conf smtp retry_base 60
conf smtp retry_max 3600
# the same instance, requiring STARTTLS
cp altconnect.conf tls.conf
printf '[smtp]\nstarttls = yes\n' >> tls.conf

NOW=$(date +%s)
mode() { echo "$1" > "$SRV_DIR/mode"; }
received() { ls "$SRV_DIR" | grep -c '\.eml$'; }
copies() { grep -l "^To: .*$1" "$SRV_DIR"/*.eml 2>/dev/null | wc -l; }
flush_at() { ALTC_NOW=$1 altc outbox flush >>flush.log 2>&1; }
# row EMAIL COLUMN: one column of the outbox row of EMAIL
row() { sqlite3 var/altconnect.db "SELECT $2 FROM outbox WHERE rcpt = '$1'"; }

# deferred FAULT WHAT ERROR-REGEX [CONFIG]: the message meets FAULT, stays
# queued with one attempt, its next try after the backoff and the reason
# (ERROR-REGEX); before the backoff nothing goes; after it, once
t=0
deferred() {
	t=$((t + 100000))
	at=$((NOW + t))
	mode "$1"
	altc user add --role admin --email "$1@univ.example" --name "Fault $1" >/dev/null
	ALTC_NOW=$at ALTC_CONFIG="$E2E_DIR/${4:-altconnect.conf}" altc outbox flush >>flush.log 2>&1
	ok "$2: nothing accepted" test "$(copies "$1@")" -eq 0
	ok "$2: deferred, one attempt" test "$(row "$1@univ.example" "state || '/' || attempts")" = queued/1
	ok "$2: next try after the backoff" \
	    test "$(row "$1@univ.example" "next_attempt_at - $at")" -ge 60
	ok "$2: the reason is kept" sh -c "sqlite3 var/altconnect.db \
	    \"SELECT last_error FROM outbox WHERE rcpt = '$1@univ.example'\" | grep -Eq '$3'"
	mode ok
	flush_at $((at + 30))
	ok "$2: not retried before the backoff" test "$(copies "$1@")" -eq 0
	flush_at $((at + 120))
	flush_at $((at + 5000))
	ok "$2: then delivered once" test "$(copies "$1@")" -eq 1
	ok "$2: and marked sent" test "$(row "$1@univ.example" state)" = sent
}

deferred greet421 "421 at the greeting" '421'
deferred rcpt452 "452 to the recipient" '452'
deferred dropdata "connection cut in the middle of DATA" '[Ff]ail|[Ee]rror|reset|closed'
deferred silent "a relay that never answers" '[Tt]imeout|timed out'
deferred tlsfail "a TLS handshake that fails" 'SSL|TLS|handshake' tls.conf

# --- 554 after DATA: failed for good, with the relay's text
mode data554
altc user add --role admin --email data554@univ.example --name "Fault 554" >/dev/null
flush_at $((NOW + 900000))
ok "554 after DATA: nothing accepted" test "$(copies data554@)" -eq 0
ok "554 after DATA: failed" test "$(row data554@univ.example state)" = failed
ok "554 after DATA: with the relay's own text" \
    sh -c "sqlite3 var/altconnect.db \"SELECT last_error FROM outbox WHERE rcpt = 'data554@univ.example'\" |
    grep -q 'message refused by local policy'"
ok "554 after DATA: the address stays reachable" test "$(sqlite3 var/altconnect.db \
	"SELECT unreachable FROM users WHERE email = 'data554@univ.example'")" = 0
mode ok
flush_at $((NOW + 990000))
ok "554 after DATA: never retried" test "$(copies data554@)" -eq 0

ok "nothing delivered twice" test "$(grep -h '^Message-ID:' "$SRV_DIR"/*.eml | sort | uniq -d | wc -l)" -eq 0
ok "every message accounted for" test "$(received)" -eq 5

e2e_done
