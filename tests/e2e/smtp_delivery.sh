#!/bin/sh
# smtp_delivery.sh - delivery through libcurl to a scripted SMTP server on
# loopback: greylisting (451 then 250), a permanent refusal (550: row failed,
# user unreachable), a connection dropped mid-session.  Nothing is lost and
# nothing is delivered twice after a success; messages parse with Python's
# email package and carry the headers of DESIGN §6.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import aiosmtpd' 2>/dev/null || skip_all "python3-aiosmtpd is not installed"

e2e_instance --demo
# flushes run at simulated times (ALTC_NOW); rows queued within a minute of
# the start are due at NOW
NOW=$(($(date +%s) + 60))

# start_server MODE: a fresh server and a configuration pointing at it
start_server() {
	stop_server
	SRV_DIR="$E2E_DIR/smtp-$1"
	mkdir -p "$SRV_DIR"
	PORT=$(free_port)
	"$PY" "$ALTC_SRCDIR/tests/e2e/smtp_server.py" "$PORT" "$SRV_DIR" "$1" 2>"$SRV_DIR/log" &
	SRV_PID=$!
	E2E_PIDS="$E2E_PIDS $SRV_PID"
	i=0
	while [ ! -f "$SRV_DIR/ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	: > altconnect.conf
	conf smtp url "smtp://127.0.0.1:$PORT"
	conf smtp retry_base 60
	conf smtp timeout 5
}

stop_server() {
	if [ -n "${SRV_PID:-}" ]; then kill "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; fi
	SRV_PID=
}

received() { ls "$SRV_DIR" | grep -c '\.eml$'; }
state_count() { altc outbox list --state "$1" --format csv | tail -n +2 | grep -c . ; }
flush_at() { ALTC_NOW=$1 altc outbox flush >>flush.log 2>&1; }
# has_row STATE REGEX: an outbox row in STATE whose CSV line matches REGEX
has_row() { altc outbox list --state "$1" --format csv | grep -q "$2"; }

# --- greylisting: 451 on the first try of every recipient, then accepted
start_server tempfail
ok "server (tempfail) is up" test -f "$SRV_DIR/ready"
for n in 1 2 3; do
	altc user add --role admin --email "admin$n@univ.example" --name "Admin $n" >/dev/null
done
# what the row of admin2 holds before it is sent (a sent row forgets its clear tokens)
before_send=$(sqlite3 var/altconnect.db "SELECT 'vars = ' || quote(vars) || ', token = ' || quote(token) FROM outbox WHERE rcpt = 'admin2@univ.example'")
flush_at "$NOW"
ok "first pass: nothing accepted" test "$(received)" -eq 0
ok "first pass: the rows stay queued" test "$(state_count queued)" -eq 3
ok "the attempt and the 451 are recorded" has_row queued 'admin1@univ.example"*;"*1"*;.*451'
flush_at $((NOW + 30))
ok "before the backoff: nothing retried" test "$(received)" -eq 0
flush_at $((NOW + 120))
ok "after the backoff: all three delivered" test "$(received)" -eq 3
ok "rows marked sent" test "$(state_count sent)" -eq 3
flush_at $((NOW + 100000))
ok "nothing delivered twice" test "$(received)" -eq 3
ok "distinct Message-IDs" test "$(cat "$SRV_DIR"/*.eml | grep -i '^Message-ID:' | sort -u | wc -l)" -eq 3
ok "VERP envelope sender" grep -q '^bounces+[0-9]*@univ.example$' "$SRV_DIR/0001.env"

# a crash between the server's 250 and the commit: the row is still queued
# at restart, and the resend is the same message, byte for byte
first=$(grep -l '^To: .*admin2@univ.example' "$SRV_DIR"/*.eml)
sqlite3 var/altconnect.db "UPDATE outbox SET state = 'queued', $before_send WHERE rcpt = 'admin2@univ.example'"
flush_at $((NOW + 100100))
ok "the interrupted row is sent again" test "$(received)" -eq 4
ok "the resend is byte-identical (same Message-ID)" cmp -s "$first" "$SRV_DIR/0004.eml"

# the messages parse and carry the headers of DESIGN §6
ok "python email parses the messages" "$PY" - "$SRV_DIR" <<'PYEOF'
import email, email.policy, glob, sys
for path in glob.glob(sys.argv[1] + "/*.eml"):
    msg = email.message_from_binary_file(open(path, "rb"), policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative", path
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"], parts
    for p in msg.iter_parts():
        assert p["Content-Transfer-Encoding"] == "quoted-printable"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["X-Loop"] == "altconnect@univ.example"
    assert msg["Subject"].startswith("Activez votre compte"), msg["Subject"]
    text = msg.get_body(("plain",)).get_content()
    assert "/s/" in text and "Bonjour Admin" in text, text
    for line in open(path, "rb").read().split(b"\r\n"):
        assert len(line) <= 998
PYEOF

# --- a permanent refusal: the row fails, the user becomes unreachable
start_server reject
altc user add --role admin --email bad.admin@univ.example --name "Bad Admin" >/dev/null
altc user add --role admin --email good.admin@univ.example --name "Good Admin" >/dev/null
altc user add --role admin --email big.admin@univ.example --name "Big Admin" >/dev/null
flush_at $((NOW + 200000))
ok "the good one is delivered" test "$(received)" -eq 1
ok "the refused one failed" has_row failed 'bad.admin@univ.example.*550' 
ok "its user is marked unreachable" test "$(sqlite3 var/altconnect.db \
	"SELECT unreachable FROM users WHERE email = 'bad.admin@univ.example'")" = 1
ok "the other user is not" test "$(sqlite3 var/altconnect.db \
	"SELECT unreachable FROM users WHERE email = 'good.admin@univ.example'")" = 0
ok "a message refused at DATA fails" has_row failed 'big.admin@univ.example.*554'
ok "but its address stays reachable" test "$(sqlite3 var/altconnect.db \
	"SELECT unreachable FROM users WHERE email = 'big.admin@univ.example'")" = 0
flush_at $((NOW + 300000))
ok "a failed row is not retried" test "$(received)" -eq 1

# --- a connection dropped at DATA: retried later, delivered once
start_server drop
altc user add --role admin --email drop1@univ.example --name "Drop One" >/dev/null
altc user add --role admin --email drop2@univ.example --name "Drop Two" >/dev/null
flush_at $((NOW + 400000))
ok "after the drop: the interrupted row is still queued" has_row queued drop1@univ.example
flush_at $((NOW + 500000))
ok "later: both delivered" test "$(received)" -eq 2
ok "each exactly once" test "$(cat "$SRV_DIR"/*.env | sort | uniq -d | wc -l)" -eq 0
ok "no row left queued" test "$(state_count queued)" -eq 0

# --- the relay is down: delivery is postponed, nothing is lost
stop_server
altc user add --role admin --email down@univ.example --name "Down" >/dev/null
flush_at $((NOW + 600000))
ok "relay down: the row stays queued" test "$(state_count queued)" -eq 1
start_server ok
flush_at $((NOW + 700000))
ok "relay back: delivered" test "$(received)" -eq 1
stop_server

# --- AUTH: a refused login is the relay's problem, not the recipient's
start_server auth
printf 'wrong\n' > pw && chmod 600 pw
conf smtp user altc
conf smtp password_file "$E2E_DIR/pw"
altc user add --role admin --email authed@univ.example --name "Auth Ed" >/dev/null
flush_at $((NOW + 800000))
ok "wrong password: nothing delivered" test "$(received)" -eq 0
ok "wrong password: the row stays queued" has_row queued authed@univ.example
ok "wrong password: the user stays reachable" test "$(sqlite3 var/altconnect.db \
	"SELECT unreachable FROM users WHERE email = 'authed@univ.example'")" = 0
printf 's3cret\n' > pw
flush_at $((NOW + 900000))
ok "right password: delivered" test "$(received)" -eq 1
chmod 644 pw
ok "a password file readable by others is refused" sh -c "! \"$ALTC_BIN\" outbox flush >/dev/null 2>&1"

# --- STARTTLS required by the server, certificate checked against smtp.ca_file
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
	start_server tls
	altc user add --role admin --email tls@univ.example --name "T L S" >/dev/null
	flush_at $((NOW + 1000000))
	ok "STARTTLS refused by the server when we do not ask for it" test "$(received)" -eq 0
	ok "a 530 (TLS required) is not the message's fault: still queued" has_row queued tls@univ.example
	conf smtp starttls yes
	flush_at $((NOW + 1100000))
	ok "unknown CA: nothing sent" test "$(received)" -eq 0
	conf smtp ca_file "$E2E_DIR/cert.pem"
	flush_at $((NOW + 1200000))
	ok "STARTTLS with the right CA: delivered" test "$(received)" -eq 1
fi
stop_server
e2e_done
