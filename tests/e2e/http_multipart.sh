#!/bin/sh
# http_multipart.sh - a multipart POST whose part has no name (found by
# fuzz_form) is answered, and the link endpoint keeps serving.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
command -v curl >/dev/null || skip_all "curl is needed"

e2e_instance
PORT=$(free_port)
conf http port "$PORT"
altc serve 2>daemon.log &
DAEMON=$!
E2E_PIDS="$E2E_PIDS $DAEMON"
i=0
while ! grep -q "link endpoint" daemon.log && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

printf -- '--XyZ\r\nContent-Disposition: form-data; name="portable"\r\n\r\n0629118077\r\n--XyZ\r\nContnt-Disposition: form-data; name="x"\r\n\r\n29/02/2008\r\n--XyZ--\r\n' > body
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: multipart/form-data; boundary=XyZ' \
    --data-binary @body "http://127.0.0.1:$PORT/s/abcdefghijklmnopqrstuvwxyz")
ok "the nameless part gets an answer" test "$code" -ge 200 -a "$code" -lt 600
ok "the daemon is still running" kill -0 $DAEMON
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/s/abcdefghijklmnopqrstuvwxyz")
ok "and still serving" test "$code" = 404
kill -TERM $DAEMON
wait $DAEMON
ok "it stops cleanly" test $? -eq 0

e2e_done
