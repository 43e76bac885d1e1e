#!/bin/sh
# mta_postfix.sh - a private Postfix (its own configuration and queue in a
# temporary directory, loopback port only) whose pipe transport hands mail
# to altc deliver exactly as contrib/postfix.md says: deliveries with the
# envelope recipient, plus addressing, unknown addresses refused at RCPT, a
# mail to two platform addresses delivered twice, exit 75 keeping the mail
# queued until the cause is fixed and then delivered once; and outgoing mail
# relayed by the same Postfix.  Everything is stopped and removed at exit.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/mta_lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "a private Postfix master must start as root"
command -v python3 > /dev/null || skip_all "python3 is not installed"
getent passwd postfix > /dev/null && getent group postdrop > /dev/null ||
    skip_all "the postfix user and postdrop group do not exist (install postfix)"

e2e_instance --demo
DOMAIN=alternance.univ.example
PFROOT=
if [ ! -x /usr/lib/postfix/sbin/master ]; then
	# Postfix and OpenSMTPD conflict as Debian packages: without an installed
	# Postfix, its package (apt's cache, or POSTFIX_DEB) is unpacked here
	deb=${POSTFIX_DEB:-$(ls /var/cache/apt/archives/postfix_*.deb 2>/dev/null | tail -n 1)}
	[ -n "$deb" ] && [ -f "$deb" ] || skip_all "postfix is neither installed nor in apt's cache"
	PFROOT="$E2E_DIR/pfroot"
	dpkg -x "$deb" "$PFROOT" || skip_all "cannot unpack $deb"
fi
PF="$E2E_DIR/postfix"
mkdir -p "$PF/etc" "$PF/data" "$PF/queue"
PORT=$(free_port)

conf mail domain "$DOMAIN"
conf http port 0
open_instance nobody || skip_all "the altc binary is not reachable by an unprivileged user"

# the queue, as postfix-script would create it
for d in active bounce corrupt defer deferred flush hold incoming private saved trace; do
	mkdir -p "$PF/queue/$d"; chown postfix:root "$PF/queue/$d"; chmod 700 "$PF/queue/$d"
done
mkdir -p "$PF/queue/maildrop" "$PF/queue/public" "$PF/queue/pid"
chown postfix:postdrop "$PF/queue/maildrop" "$PF/queue/public"
chmod 730 "$PF/queue/maildrop"; chmod 710 "$PF/queue/public"
chown postfix "$PF/data"; chmod 700 "$PF/data"

# main.cf: a private instance, then the snippet of contrib/postfix.md
cat > "$PF/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
daemon_directory = $PFROOT/usr/lib/postfix/sbin
command_directory = $PFROOT/usr/sbin
shlib_directory = $PFROOT/usr/lib/postfix
meta_directory = ${PFROOT:-}/etc/postfix
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH=$PFROOT/usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mx.univ.example
mydomain = univ.example
mydestination =
mynetworks = 127.0.0.0/8
alias_maps =
local_recipient_maps =
smtputf8_enable = no
biff = no
maillog_file = $PF/maillog
maillog_file_prefixes = $PF
# outgoing mail of the platform to univ.example goes to a sink on loopback
transport_maps = texthash:$PF/etc/transport
smtp_host_lookup = native
minimal_backoff_time = 1s
maximal_backoff_time = 2s
queue_run_delay = 1s
CF
snippet "$ALTC_SRCDIR/contrib/postfix.md" main.cf |
    sed "s|/etc/postfix/|$PF/etc/|g" >> "$PF/etc/main.cf"
snippet "$ALTC_SRCDIR/contrib/postfix.md" altconnect_recipients > "$PF/etc/altconnect_recipients"
cat > "$PF/etc/master.cf" <<CF
127.0.0.1:$PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CF
snippet "$ALTC_SRCDIR/contrib/postfix.md" master.cf |
    sed -e "s|/usr/local/bin/altc|$ALTC_BIN|" -e "s|/etc/altconnect/altconnect.conf|$ALTC_CONFIG|" \
        -e "s|user=altconnect|user=nobody|" >> "$PF/etc/master.cf"
ok "the contrib snippets are found" grep -q 'deliver -r ${recipient}' "$PF/etc/master.cf"

SINK_PORT=$(free_port)
mkdir -p "$E2E_DIR/sink"
printf 'univ.example smtp:[127.0.0.1]:%s\n' "$SINK_PORT" > "$PF/etc/transport"

# in a process group of its own: master stops its children by signalling the group
LD_LIBRARY_PATH="$PFROOT/usr/lib/postfix" setsid "${PFROOT}/usr/lib/postfix/sbin/master" \
    -c "$PF/etc" -d > "$PF/master.out" 2>&1 &
MASTER_PID=$!
pf_stop() {
	kill -TERM "$MASTER_PID" 2>/dev/null
	i=0
	while pgrep -g "$MASTER_PID" > /dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	pkill -KILL -g "$MASTER_PID" 2>/dev/null
	return 0
}
trap 'pf_stop; e2e_cleanup' EXIT
ok "the private Postfix listens on loopback" wait_port "$PORT"
# a nudge only: an installed, setgid postqueue may refuse a private configuration
# directory; the short backoff times above retry on their own anyway
postqueue() {
	LD_LIBRARY_PATH="$PFROOT/usr/lib/postfix" "$PFROOT/usr/sbin/postqueue" -c "$PF/etc" "$@" \
	    > /dev/null 2>&1 || true
}
queued() { find "$PF/queue/deferred" "$PF/queue/active" "$PF/queue/incoming" -type f | wc -l; }

# --- plain delivery with the envelope recipient
r=$(smtp_send "$PORT" jeanne@etu.example "offres@$DOMAIN" pf-1@etu.example)
ok "a platform address is accepted" test -z "$r"
ok "the mail reaches the spool with its envelope recipient" wait_count 1 "R=offres@$DOMAIN"
f=$(find spool/mail/new -type f -name "*R=offres@$DOMAIN*" | head -n 1)
ok "Postfix's Delivered-To is there (flag D)" grep -q "^Delivered-To: offres@$DOMAIN" "$f"
ok "the file belongs to the pipe user" test "$(stat -c %U "$f")" = nobody

# --- plus addressing keeps the token
r=$(smtp_send "$PORT" jeanne@etu.example "reply+abcdef234567@$DOMAIN" pf-2@etu.example)
ok "reply+TOKEN is accepted" test -z "$r"
ok "and delivered with its token" wait_count 1 "R=reply+abcdef234567@$DOMAIN"

# --- an unknown address is refused at RCPT time
r=$(smtp_send "$PORT" jeanne@etu.example "nobody@$DOMAIN" pf-3@etu.example)
ok "an unknown platform address is refused at RCPT" test "$r" = "nobody@$DOMAIN"

# --- one mail to two platform addresses: two deliveries, both applied
r=$(smtp_send "$PORT" jeanne@etu.example "offres@$DOMAIN,documents@$DOMAIN" pf-two@etu.example)
ok "a mail to two addresses is accepted" test -z "$r"
ok "it is delivered once for each recipient (recipient_limit = 1)" \
    wait_count 1 "R=documents@$DOMAIN"
ok "the offres@ copy too" wait_count 2 "R=offres@$DOMAIN"
altc serve --once > serve.log 2>&1
ok "both copies are applied, none is 'already processed'" sh -c "! grep -q 'already processed' serve.log"
ok "the ledger has both" test "$(python3 -c 'import sqlite3; print(sqlite3.connect("var/altconnect.db").execute("SELECT count(*) FROM inbound WHERE key LIKE ?", ("mid:<pf-two@%",)).fetchone()[0])')" -eq 2

# --- altc deliver fails (exit 75): the mail stays queued, then arrives once
cp "$ALTC_CONFIG" good.conf
printf '[http]\nport = 99999\n' >> "$ALTC_CONFIG"
before=$(spool_count "R=missions@$DOMAIN")
r=$(smtp_send "$PORT" jeanne@etu.example "missions@$DOMAIN" pf-4@etu.example)
ok "accepted while altc deliver is broken" test -z "$r"
i=0; while ! grep -q "status=deferred" "$PF/maillog" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
ok "Postfix defers it (exit 75), it does not bounce" grep -q "status=deferred.*altconnect" "$PF/maillog"
ok "the mail stays in Postfix's queue" test "$(queued)" -ge 1
ok "nothing reached the spool" test "$(spool_count "R=missions@$DOMAIN")" -eq "$before"
ok "no bounce was generated" sh -c "! grep -q 'status=bounced' '$PF/maillog'"
cp good.conf "$ALTC_CONFIG"
postqueue -f
ok "after the fix the mail arrives" wait_count $((before + 1)) "R=missions@$DOMAIN"
sleep 1; postqueue -f; sleep 1
ok "exactly once" test "$(spool_count "R=missions@$DOMAIN")" -eq $((before + 1))
ok "Postfix's queue is empty" test "$(queued)" -eq 0

# --- outgoing mail relayed by the same Postfix (to the scripted server as the next hop)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	pf_stop
	echo "# python3-aiosmtpd is not installed: outgoing relay not tested"
	e2e_done; exit $?
fi
"$PY" "$ALTC_SRCDIR/tests/e2e/smtp_server.py" "$SINK_PORT" "$E2E_DIR/sink" ok 2> sink.log &
E2E_PIDS="$E2E_PIDS $!"
wait_port "$SINK_PORT"
conf smtp url "smtp://127.0.0.1:$PORT"
altc user add --role admin --email admin2@univ.example --name "Admin Deux" > /dev/null
altc outbox flush > flush.log 2>&1
ok "altc hands its mail to Postfix" grep -q "1 sent" flush.log
i=0; while [ "$(ls "$E2E_DIR/sink" | grep -c '\.eml$')" -eq 0 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
ok "Postfix relays it on" test "$(ls "$E2E_DIR/sink" | grep -c '\.eml$')" -eq 1
ok "with the VERP return path of the platform's domain" grep -q "^bounces+[0-9]*@$DOMAIN" "$E2E_DIR/sink/0001.env"

pf_stop
ok "the private Postfix is stopped" sh -c "! kill -0 $MASTER_PID 2>/dev/null"
ok "no Postfix process of this instance is left" sh -c "! pgrep -g $MASTER_PID > /dev/null"
e2e_done
