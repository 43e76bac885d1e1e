#!/bin/sh
# ops_install.sh - make install into a staging directory puts every file
# where README's install section says, with the configured paths and no
# placeholder left; the installed configuration keeps the state in the
# state directory; the daemon speaks systemd's notify protocol.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

e2e_instance
STAGE="$E2E_DIR/stage"
make -s -C "$ALTC_BUILDDIR" install DESTDIR="$STAGE" > install.log 2>&1; rc=$?
ok "make install DESTDIR= succeeds" test $rc -eq 0
[ $rc -eq 0 ] || cat install.log
PREFIX=$(sed -n 's/^prefix = //p' "$ALTC_BUILDDIR/Makefile")
UNIT="$STAGE$PREFIX/lib/systemd/system/altconnect.service"
ok "the binary is installed" test -x "$STAGE$PREFIX/bin/altc"
ok "the unit is installed without a configure flag" test -f "$UNIT"
ok "no placeholder is left in the unit" sh -c "! grep -q '@[a-z]*@' '$UNIT'"
ok "the unit runs the installed binary" grep -q "^ExecStart=$PREFIX/bin/altc serve$" "$UNIT"
ok "Type=notify" grep -q '^Type=notify' "$UNIT"
ok "a dedicated user" grep -q '^User=altconnect' "$UNIT"
ok "StateDirectory" grep -q '^StateDirectory=altconnect' "$UNIT"
ok "the configuration of /etc/altconnect" grep -q '^Environment=ALTC_CONFIG=/etc/altconnect/altconnect.conf' "$UNIT"
ok "sandboxed" grep -q '^ProtectSystem=strict' "$UNIT"
ok "but not MemoryDenyWriteExecute (PCRE2's JIT)" sh -c "! grep -q '^MemoryDenyWriteExecute' '$UNIT'"
if command -v systemd-analyze > /dev/null 2>&1; then
	ok "systemd-analyze accepts the unit" sh -c "systemd-analyze verify '$UNIT' 2>&1 | grep -v 'altc\\|Command\\|executable' | grep -q . && false || true"
fi
CONF="$STAGE/etc/altconnect/altconnect.conf"
ok "the configuration is installed in /etc/altconnect" test -f "$CONF"
ok "with [paths] in the state directory" grep -q '^spool = /var/lib/altconnect/spool' "$CONF"
ok "the installed configuration is valid" sh -c "altc -c '$CONF' config | grep -q '^paths.db = /var/lib/altconnect/var/altconnect.db'"
for m in man1/altc.1 man8/altc-serve.8 man5/altconnect.conf.5; do
	ok "manual page $m" test -s "$STAGE$PREFIX/share/man/$m"
done
ok "the templates" test -f "$STAGE$PREFIX/share/altconnect/templates/fr/layout.txt"
echo '# kept' >> "$CONF"
make -s -C "$ALTC_BUILDDIR" install DESTDIR="$STAGE" > install.log 2>&1
ok "a second install keeps the edited configuration" grep -q '^# kept' "$CONF"
ok "the binary looks in /etc/altconnect" sh -c "altc help | grep -q '/etc/altconnect/altconnect.conf'"

# journald: with stderr on the journal, priorities instead of the program name
: > journal.log
JOURNAL_STREAM=$(stat -c '%d:%i' journal.log) altc serve --once 2>> journal.log >/dev/null
ok "on the journal, lines carry their priority" grep -q '^<6>job ' journal.log
: | JOURNAL_STREAM=$(stat -c '%d:%i' journal.log) altc deliver -r x@univ.example 2>> journal.log
ok "warnings too" grep -q '^<4>empty input' journal.log
ok "and not the program name journald adds" sh -c "! grep -q '^altc: ' journal.log"
: | altc deliver -r x@univ.example 2> plain.log
ok "elsewhere, lines start with the program name" grep -q '^altc: empty input' plain.log

# Type=notify: READY=1 on a NOTIFY_SOCKET once serving, STOPPING=1 at the end
conf http port 0
python3 - "$E2E_DIR/notify.sock" > notify.log 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
try:
    while True:
        m = s.recv(4096).decode()
        print(m, flush=True)
        if "STOPPING=1" in m:
            break
except socket.timeout:
    pass
PY
LISTENER=$!
E2E_PIDS="$E2E_PIDS $LISTENER"
i=0; while [ ! -S notify.sock ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
NOTIFY_SOCKET="$E2E_DIR/notify.sock" altc serve > serve.log 2>&1 &
SERVE=$!
i=0; while ! grep -q READY=1 notify.log && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ok "the daemon tells systemd it is ready" grep -q 'READY=1' notify.log
kill -HUP $SERVE
i=0; while ! grep -q RELOADING=1 notify.log && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
ok "and that it reloads on SIGHUP" grep -q 'RELOADING=1' notify.log
kill -TERM $SERVE; wait $SERVE
wait $LISTENER
ok "and that it stops" grep -q 'STOPPING=1' notify.log
e2e_done
