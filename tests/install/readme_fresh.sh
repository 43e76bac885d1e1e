#!/bin/bash
# readme_fresh.sh - the README's install section followed step by step on a
# fresh Debian 12, as root, with nothing installed but the base system:
# its build dependencies (./setup.sh deps), the README's own shell blocks
# run as they are written (build and install, the user, init and check), a
# real Postfix from Debian configured with the snippets of
# contrib/postfix.md, a mail sent to it over SMTP and piped into the spool,
# the daemon run as the installed unit says, then status and backup.
#
# It changes the whole system it runs on: run it only in a throw-away root,
# for instance, from a checkout with ../shared next to it,
#
#   ../shared/tools/fresh-debian.sh . 'bash tests/install/readme_fresh.sh'
#
# It prints TAP and exits non-zero when a step fails.  systemd does not run
# in a chroot: the unit's ExecStartPre and ExecStart lines are run by hand,
# as its User= would run them; Postfix listens on a free loopback port (the
# chroot shares the host's network) instead of port 25.
set -u
cd "$(dirname "$0")/../.." || exit 99
TOP=$(pwd)
N=0 FAILED=0
ok() {
	desc=$1; shift
	N=$((N + 1))
	if "$@"; then echo "ok $N - $desc"; else echo "not ok $N - $desc"; FAILED=$((FAILED + 1)); fi
}
bail() { echo "Bail out! $*"; exit 1; }
# block FILE SECTION N: the Nth ```sh block (from 1) under "## SECTION"
block() {
	awk -v s="## $2" -v n="$3" '
	    /^## / { in_s = ($0 == s) }
	    in_s && /^ *```sh$/ { k++; on = (k == n); next }
	    on && /^ *```$/ { on = 0 }
	    on { sub(/^   /, ""); print }' "$1"
}
# snippet FILE LABEL: the fenced block ```LABEL of a contrib document
snippet() {
	awk -v l="$2" '$0 == "```" l { on = 1; next } on && /^```/ { on = 0 } on' "$1"
}

[ "$(id -u)" -eq 0 ] || bail "run as root, in a throw-away Debian 12"
grep -q '^VERSION_ID="12"' /etc/os-release || bail "not Debian 12"
getent passwd altconnect > /dev/null && bail "an altconnect user exists: not a fresh system"
LOG=$(mktemp -d "${TMPDIR:-/tmp}/readme-fresh.XXXXXX")	# kept when a step fails

# the build dependencies the README names, and the tools an administrator has
ok "./setup.sh deps installs the build dependencies" sh -c './setup.sh deps > "$1/deps.log" 2>&1' _ "$LOG"
export DEBIAN_FRONTEND=noninteractive
# Postfix as Debian configures it for a mail server of the university
echo "postfix postfix/main_mailer_type select Internet Site" | debconf-set-selections
echo "postfix postfix/mailname string mx.univ.example" | debconf-set-selections
ok "sudo and postfix from Debian" sh -c 'apt-get install -y -qq --no-install-recommends sudo postfix \
    > "$1/apt.log" 2>&1' _ "$LOG"

# the README's blocks, as written
block README.md Install 1 > "$LOG/build.sh"
ok "the README's build block: configure, make, make install" \
    sh -c 'bash -e "$1/build.sh" > "$1/build.log" 2>&1' _ "$LOG"
ok "altc in /usr/local/bin" test -x /usr/local/bin/altc
ok "the configuration in /etc/altconnect" test -f /etc/altconnect/altconnect.conf
UNIT=/usr/local/lib/systemd/system/altconnect.service
ok "the unit where systemd looks for local units" test -f "$UNIT"
ok "no placeholder left in the unit" sh -c '! grep -q "@[a-z]*@" "$1"' _ "$UNIT"

block README.md Install 2 > "$LOG/step1.sh"
ok "1. the user (README block)" bash -e "$LOG/step1.sh"
ok "   owning its state directory" test "$(stat -c %U /var/lib/altconnect)" = altconnect

# 2. the configuration: the keys the README names
cat >> /etc/altconnect/altconnect.conf <<'CONF'

[mail]
domain = alternance.univ.example
from = Plateforme alternance <noreply@univ.example>
base_url = https://alternance.univ.example
[http]
port = 0
CONF

block README.md Install 3 > "$LOG/step3.sh"
ok "3. init and check as the user (README block)" sh -c 'cd / && bash -e "$1" > "$2/step3.log" 2>&1' \
    _ "$LOG/step3.sh" "$LOG"
grep -q "not ok\|error" "$LOG/step3.log" && sed 's/^/# /' "$LOG/step3.log"
ok "   the database in the state directory" test -s /var/lib/altconnect/var/altconnect.db

# 4. the MTA: Debian's Postfix with the snippets of contrib/postfix.md
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    2>/dev/null || echo 2525)
ok "Debian's Postfix configuration is there" test -s /etc/postfix/main.cf
postconf -e "myhostname = mx.univ.example" "mydestination = localhost" "inet_interfaces = loopback-only" \
    "inet_protocols = ipv4" "maillog_file = /var/log/postfix.log" "compatibility_level = 3.6"
snippet contrib/postfix.md main.cf >> /etc/postfix/main.cf
snippet contrib/postfix.md altconnect_recipients > /etc/postfix/altconnect_recipients
snippet contrib/postfix.md master.cf >> /etc/postfix/master.cf
sed -i "s/^smtp      inet/127.0.0.1:$PORT inet/" /etc/postfix/master.cf
ok "postfix check accepts the snippets" postfix check
ok "postfix starts" sh -c 'postfix start > "$1/postfix.log" 2>&1' _ "$LOG"
exec 3<>"/dev/tcp/127.0.0.1/$PORT" || bail "no SMTP on $PORT"
smtp() { printf '%s\r\n' "$1" >&3; sleep 0.3; }
smtp "EHLO etu.example"; smtp "MAIL FROM:<jeanne.martin@etu.example>"
smtp "RCPT TO:<offres@alternance.univ.example>"; smtp "DATA"
printf 'From: Jeanne Martin <jeanne.martin@etu.example>\r\nTo: offres@alternance.univ.example\r\nSubject: Offres\r\nMessage-ID: <readme-fresh-1@etu.example>\r\n\r\nBonjour, quelles offres ?\r\n.\r\n' >&3
sleep 0.5; smtp "QUIT"
timeout 2 cat <&3 > "$LOG/smtp.log"; exec 3<&-
ok "   the mail is accepted over SMTP" grep -q "^250 .*queued" "$LOG/smtp.log"
for i in $(seq 1 40); do
	[ "$(find /var/lib/altconnect/spool/mail/new -type f | wc -l)" -ge 1 ] && break
	sleep 0.5
done
ok "   and piped by Postfix into the spool, as the user" \
    test "$(find /var/lib/altconnect/spool/mail/new -type f -user altconnect | wc -l)" -eq 1
f=$(find /var/lib/altconnect/spool/mail/new -type f | head -n 1)
ok "   with the envelope recipient Postfix gave" grep -qi "^Delivered-To: offres@alternance.univ.example" "$f"

# 5. the daemon, as the unit runs it
user=$(sed -n 's/^User=//p' "$UNIT")
wd=$(sed -n 's/^WorkingDirectory=//p' "$UNIT")
envline=$(sed -n 's/^Environment=//p' "$UNIT")
pre=$(sed -n 's/^ExecStartPre=//p' "$UNIT")
exe=$(sed -n 's/^ExecStart=//p' "$UNIT")
ok "5. the unit runs as the user" test "$user" = altconnect
(cd "${wd:-/var/lib/altconnect}" && runuser -u "$user" -- env $envline $pre) > "$LOG/pre.log" 2>&1
ok "   its ExecStartPre" test $? -eq 0
(cd "${wd:-/var/lib/altconnect}" && runuser -u "$user" -- env $envline $exe --once) > "$LOG/serve.log" 2>&1
ok "   its ExecStart, once" test $? -eq 0
ok "   applied the mail" test "$(find /var/lib/altconnect/spool/mail/new -type f | wc -l)" -eq 0
ok "   and answered its sender" sh -c 'sudo -u altconnect altc outbox list 2>/dev/null | grep -q jeanne.martin@etu.example'
ok "   altc status as the user" sh -c 'cd / && sudo -u altconnect altc status > "$1/status.txt" 2>&1' _ "$LOG"

# 6. backups
ok "6. altc backup as the user" sh -c 'cd / && sudo -u altconnect altc backup /var/lib/altconnect/backup-1 \
    > "$1/backup.log" 2>&1 && test -s /var/lib/altconnect/backup-1/altconnect.db' _ "$LOG"

postfix stop > /dev/null 2>&1
echo "1..$N"
[ "$FAILED" -eq 0 ] && rm -rf "$LOG"
[ "$FAILED" -eq 0 ] || { echo "# logs in $LOG"; for f in "$LOG"/*.log /var/log/postfix.log; do
	echo "## $f"; tail -n 15 "$f" | sed 's/^/# /'; done; }
[ "$FAILED" -eq 0 ]
