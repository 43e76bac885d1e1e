#!/bin/sh
# mta_opensmtpd.sh - a private OpenSMTPD (loopback port, its queue and
# control socket on a tmpfs of a private mount namespace) whose mda action
# hands mail to altc deliver exactly as contrib/opensmtpd.md says: delivery
# with the envelope recipient and its +TOKEN, and exit 75 keeping the mail
# queued until the cause is fixed, then delivered once.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/mta_lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "a private OpenSMTPD must start as root"
getent passwd opensmtpd > /dev/null && getent passwd opensmtpq > /dev/null ||
    skip_all "the opensmtpd and opensmtpq users do not exist (./setup.sh deps test)"
command -v unshare > /dev/null || skip_all "unshare is not available"
# OpenSMTPD's queue (/var/spool/smtpd) and socket (/run) are compiled in:
# the test runs in a mount namespace where both are private tmpfs
if [ -z "${ALTC_MTA_NS:-}" ]; then
	if ! unshare -m true 2>/dev/null; then skip_all "no private mount namespace here"; fi
	ALTC_MTA_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
mount -t tmpfs -o mode=0755 altc-spool /var/spool || skip_all "cannot mount a private /var/spool"
mount -t tmpfs -o mode=0755 altc-run /run || skip_all "cannot mount a private /run"
if [ ! -d /var/lib/opensmtpd/empty ]; then
	# the chroot of its unprivileged processes, normally made by the package
	mount -t tmpfs -o mode=0755 altc-lib /var/lib && mkdir -p /var/lib/opensmtpd/empty ||
	    skip_all "cannot make OpenSMTPD's chroot"
fi

e2e_instance --demo
SMTPD=/usr/sbin/smtpd
SMTPCTL=/usr/sbin/smtpctl
if [ ! -x "$SMTPD" ]; then
	# Postfix and OpenSMTPD conflict as Debian packages: without an installed
	# OpenSMTPD, its package (apt's cache, or OPENSMTPD_DEB) is unpacked here
	deb=${OPENSMTPD_DEB:-$(ls /var/cache/apt/archives/opensmtpd_*.deb 2>/dev/null | tail -n 1)}
	[ -n "$deb" ] && [ -f "$deb" ] || skip_all "opensmtpd is neither installed nor in apt's cache"
	dpkg -x "$deb" "$E2E_DIR/osroot" || skip_all "cannot unpack $deb"
	SMTPD="$E2E_DIR/osroot/usr/sbin/smtpd"
	SMTPCTL="$E2E_DIR/osroot/usr/sbin/smtpctl"
	# its helpers (mail.mda...) are looked for in /usr/libexec/opensmtpd: the
	# unpacked ones are laid over /usr/libexec, in this mount namespace only
	[ -d /usr/libexec/opensmtpd ] || mount -t overlay altc-libexec \
	    -o "lowerdir=$E2E_DIR/osroot/usr/libexec:/usr/libexec" /usr/libexec ||
	    skip_all "cannot lay OpenSMTPD's helpers over /usr/libexec"
fi
DOMAIN=alternance.univ.example
PORT=$(free_port)
conf mail domain "$DOMAIN"
conf http port 0
open_instance nobody || skip_all "the altc binary is not reachable by an unprivileged user"

{
	printf 'listen on 127.0.0.1 port %s\n' "$PORT"
	snippet "$ALTC_SRCDIR/contrib/opensmtpd.md" smtpd.conf |
	    sed -e "s|/usr/local/bin/altc|$ALTC_BIN|" -e "s|/etc/altconnect/altconnect.conf|$ALTC_CONFIG|" \
	        -e 's|= "altconnect" }|= "nobody" }|'
} > smtpd.conf
ok "the contrib snippet is found" grep -q 'deliver -r %{rcpt}' smtpd.conf
smtpd_ok() { "$SMTPD" -n -f "$E2E_DIR/smtpd.conf" > /dev/null 2>&1; }
ok "smtpd accepts the configuration" smtpd_ok

"$SMTPD" -d -f "$E2E_DIR/smtpd.conf" > smtpd.log 2>&1 &
SMTPD_PID=$!
sm_stop() {
	kill -TERM "$SMTPD_PID" 2>/dev/null
	i=0
	while { kill -0 "$SMTPD_PID" 2>/dev/null || pgrep -f "$E2E_DIR/smtpd.conf" > /dev/null; } &&
	    [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	return 0
}
trap 'sm_stop; e2e_cleanup' EXIT
ok "the private OpenSMTPD listens on loopback" wait_port "$PORT"

r=$(smtp_send "$PORT" jeanne@etu.example "offres@$DOMAIN" os-1@etu.example)
ok "a platform address is accepted" test -z "$r"
ok "the mail reaches the spool with its envelope recipient" wait_count 1 "R=offres@$DOMAIN"
r=$(smtp_send "$PORT" jeanne@etu.example "reply+abcdef234567@$DOMAIN" os-2@etu.example)
ok "plus addressing keeps the token" wait_count 1 "R=reply+abcdef234567@$DOMAIN"

# altc deliver fails (exit 75): the mail stays queued, then arrives once
cp "$ALTC_CONFIG" good.conf
printf '[http]\nport = 99999\n' >> "$ALTC_CONFIG"
r=$(smtp_send "$PORT" jeanne@etu.example "missions@$DOMAIN" os-3@etu.example)
ok "accepted while altc deliver is broken" test -z "$r"
i=0; while ! grep -q "TempFail" smtpd.log && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
ok "OpenSMTPD sees a temporary failure (exit 75)" grep -q "result=TempFail" smtpd.log
ok "it does not bounce it" sh -c "! grep -q 'result=PermFail' smtpd.log"
ok "the mail stays in OpenSMTPD's queue" test "$(find /var/spool/smtpd/queue -type f | wc -l)" -ge 1
ok "nothing reached the spool" test "$(spool_count "R=missions@$DOMAIN")" -eq 0
cp good.conf "$ALTC_CONFIG"
"$SMTPCTL" schedule all > /dev/null 2>&1
ok "after the fix the mail arrives" wait_count 1 "R=missions@$DOMAIN"
sleep 1; "$SMTPCTL" schedule all > /dev/null 2>&1; sleep 1
ok "exactly once" test "$(spool_count "R=missions@$DOMAIN")" -eq 1
altc serve --once > serve.log 2>&1
ok "the daemon takes what OpenSMTPD delivered" grep -q "spool: [0-9]* applied, [0-9]* failed" serve.log

sm_stop
ok "the private OpenSMTPD is stopped" sh -c "! kill -0 $SMTPD_PID 2>/dev/null"
none_left() { ! pgrep -f "$E2E_DIR/smtpd.conf" > /dev/null; }
ok "no process of it is left" none_left
e2e_done
