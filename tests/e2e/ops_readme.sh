#!/bin/sh
# ops_readme.sh - README's install section followed step by step, as root,
# on this machine but inside a private mount namespace: /etc and /var/lib
# are overlays and /usr/local a tmpfs, so the user, the configuration, the
# installed files and the state directory all vanish at the end.  The MTA
# pipe is run as Postfix runs it (from / as the altconnect user), the daemon
# as the installed unit says.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "the install section is run as root"
command -v unshare > /dev/null && command -v runuser > /dev/null || skip_all "util-linux is missing"
PREFIX=$(sed -n 's/^prefix = //p' "$ALTC_BUILDDIR/Makefile")
[ "$PREFIX" = /usr/local ] || skip_all "configured with prefix $PREFIX, not /usr/local"
if [ -z "${ALTC_README_NS:-}" ]; then
	unshare -m true 2>/dev/null || skip_all "no private mount namespace here"
	HOST_USER=$(getent passwd altconnect > /dev/null && echo yes || echo no)
	HOST_CONF=$([ -e /etc/altconnect ] && echo yes || echo no)
	ALTC_README_NS=1 unshare -m --propagation private sh "$0" "$@"; rc=$?
	# nothing of it is left on the host
	[ "$HOST_USER" = yes ] || ! getent passwd altconnect > /dev/null || { echo "Bail out! user left"; exit 1; }
	[ "$HOST_CONF" = yes ] || [ ! -e /etc/altconnect ] || { echo "Bail out! /etc/altconnect left"; exit 1; }
	exit $rc
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/altc-readme.XXXXXX")
trap 'cd /; rm -rf "$W"' EXIT
mkdir -p "$W/etc/u" "$W/etc/w" "$W/lib/u" "$W/lib/w"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$W/etc/u,workdir=$W/etc/w" /etc &&
    mount -t overlay overlay -o "lowerdir=/var/lib,upperdir=$W/lib/u,workdir=$W/lib/w" /var/lib &&
    mount -t tmpfs -o mode=0755 altc-usr-local /usr/local || skip_all "cannot make private /etc, /var/lib, /usr/local"
getent passwd altconnect > /dev/null && skip_all "an altconnect user already exists here"
cd "$W" || exit 99

# make install
make -s -C "$ALTC_BUILDDIR" install > install.log 2>&1
ok "make install" test -x /usr/local/bin/altc
ok "the configuration is in /etc/altconnect" test -f /etc/altconnect/altconnect.conf
UNIT=/usr/local/lib/systemd/system/altconnect.service
ok "the unit is where systemd looks for local units" test -f "$UNIT"
# 1. the user
adduser --quiet --system --group --home /var/lib/altconnect altconnect
ok "1. the user and its home, the state directory" test "$(stat -c %U /var/lib/altconnect)" = altconnect
# 2. the configuration
printf '\n[mail]\ndomain = alternance.univ.example\nfrom = Plateforme <noreply@univ.example>\n[http]\nport = 0\n' \
    >> /etc/altconnect/altconnect.conf
as_altc() { (cd / && runuser -u altconnect -- "$@"); }
# 3. init and check, as the user
as_altc altc init > init.log 2>&1
ok "3. altc init as the user" test -s /var/lib/altconnect/var/altconnect.db
as_altc altc check > check.txt 2>&1; rc=$?
ok "   altc check says ok" test $rc -eq 0
[ $rc -eq 0 ] || sed 's/^/# /' check.txt
ok "   with the state directory's paths" grep -q "spool: /var/lib/altconnect/spool: ok" check.txt
# 4. the MTA pipe, as Postfix runs it: from its own directory, as the user
printf 'From: a@etu.example\nTo: offres@alternance.univ.example\nSubject: x\nMessage-ID: <readme-1@etu.example>\n\nx\n' > m.eml
as_altc /usr/local/bin/altc -c /etc/altconnect/altconnect.conf deliver -r offres@alternance.univ.example < m.eml
ok "4. the pipe writes into the state directory" \
    test "$(ls /var/lib/altconnect/spool/mail/new | wc -l)" -eq 1
# 5. the daemon, as the unit runs it
envline=$(sed -n 's/^Environment=//p' "$UNIT")
execline=$(sed -n 's/^ExecStart=//p' "$UNIT")
ok "5. the unit runs the installed altc" test "$execline" = "/usr/local/bin/altc serve"
(cd /var/lib/altconnect && runuser -u altconnect -- env "$envline" $execline --once) > serve.log 2>&1
ok "   the daemon applies the mail" test "$(ls /var/lib/altconnect/spool/mail/new | wc -l)" -eq 0
as_altc altc status > status.txt 2>&1
ok "   altc status as the user" grep -q "job sweep last run" status.txt
# 6. backups
as_altc altc backup /var/lib/altconnect/backup-1 > backup.log 2>&1
ok "6. altc backup as the user" test -s /var/lib/altconnect/backup-1/altconnect.db
e2e_done
