# mta_lib.sh - helpers of the MTA scenarios (sourced after lib.sh): the
# snippets of contrib/*.md, the instance made usable by an unprivileged pipe
# user, and SMTP from Python.

# snippet FILE LABEL: the fenced block ```LABEL of a contrib document
snippet() {
	awk -v l="$2" '$0 == "```" l { on = 1; next } on && /^```/ { on = 0 } on' "$1"
}

# open_instance USER: the instance and the altc binary reachable and writable by USER
open_instance() {
	chmod 755 "$E2E_DIR"
	chown -R "$1" "$E2E_DIR/spool" "$E2E_DIR/var"
	chmod 644 "$ALTC_CONFIG"
	d=$(dirname "$ALTC_BIN")
	while [ "$d" != / ]; do
		[ -x "$d" ] || return 1
		d=$(dirname "$d")
	done
}

# smtp_send PORT FROM RCPT[,RCPT] MSGID: one mail over SMTP; prints the refused recipients
smtp_send() {
	python3 - "$@" <<'PY'
import smtplib, sys
port, frm, rcpts, mid = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(","), sys.argv[4]
msg = ("From: Jeanne Martin <%s>\r\nTo: %s\r\nSubject: test\r\nMessage-ID: <%s>\r\n"
       "\r\nbonjour\r\n" % (frm, ", ".join(rcpts), mid))
s = smtplib.SMTP("127.0.0.1", port, timeout=20)
try:
    refused = s.sendmail(frm, rcpts, msg)
except smtplib.SMTPRecipientsRefused as e:
    refused = e.recipients
print(" ".join(sorted(refused)))
s.quit()
PY
}

# spool_has PATTERN: a file of spool/mail (new or cur) or done/ whose name matches
spool_count() {
	find spool/mail/new spool/mail/cur spool/done -type f -name "*$1*" 2>/dev/null | wc -l
}

# wait_port PORT: until something listens on loopback PORT (10 s)
wait_port() {
	python3 - "$1" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
}

# wait_count N PATTERN: until spool_count PATTERN reaches N (20 s)
wait_count() {
	i=0
	while [ "$(spool_count "$2")" -lt "$1" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(spool_count "$2")" -eq "$1" ]
}
