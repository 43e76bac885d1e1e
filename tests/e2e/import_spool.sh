#!/bin/sh
# import_spool.sh - an import dropped in the spool is applied by the daemon
# (serve --once): a batch history row, the reports, the invitations, the
# file in done/; a file with a missing column goes to failed/ with a reason.
. "${ALTC_SRCDIR:?}/tests/e2e/lib.sh"
FX="$ALTC_SRCDIR/tests/fixtures/import"

e2e_instance
altc formation import "$FX/formations.csv" >/dev/null 2>&1
# sh -c below runs the binary, not the lib.sh function
mkdir -p bin && ln -sf "$ALTC_BIN" bin/altc && PATH="$PWD/bin:$PATH"
conf import report_to scol@univ.example

ok "drop the eCandidat export" altc deliver --import "$FX/ecandidat_utf8_bom.csv"
ok "drop a file without Mail" altc deliver --import "$FX/missing_mail.csv"
ok "serve --once" sh -c 'altc serve --once > serve.log 2>&1'
ok "batch history rows" test "$(altc import list --format csv | grep -c '"batch"')" -eq 2
ok "history keeps the original file name" sh -c 'altc import list --format csv | grep -q "\"ecandidat_utf8_bom.csv\";[^;]*;\"batch\";\"done\";\"3\";\"3\";\"0\""'
ok "three students created" test "$(sqlite3 var/altconnect.db "SELECT count(*) FROM users WHERE role = 'student' AND state = 'imported'")" -eq 3
ok "report mail with two attachments" test "$(sqlite3 var/altconnect.db "SELECT json_array_length(attachments) FROM outbox WHERE template = 'import.report' AND json_extract(vars, '$.created') = 3")" -eq 2
ok "the drop is in done/" sh -c 'find spool/done -type f | grep -q ecandidat'
ok "the bad drop is in failed/ with its reason" sh -c 'cat spool/failed/*.reason | grep -q "Mail"'
ok "import/new and cur are empty" test -z "$(find spool/import -type f)"
e2e_done
