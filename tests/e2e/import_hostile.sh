#!/bin/sh
# import_hostile.sh - a hostile CSV: cells that a spreadsheet would run as
# formulas stay text in the rejected-lines CSV and in --format csv, control
# characters cannot forge a line of the import log, and a NUL byte in a
# field shows instead of cutting the value.
. "${ALTC_SRCDIR:?}/tests/e2e/lib.sh"
FX="$ALTC_SRCDIR/tests/fixtures/import"

e2e_instance --demo
altc formation import "$FX/formations.csv" >/dev/null 2>&1

ok "import runs" sh -c 'altc import "$1" > import.out 2>&1' _ "$FX/hostile.csv"
rej=spool/reports/import-1-rejets.csv
log=spool/reports/import-1.log
ok "rejected =HYPERLINK is text" grep -q "^1;\"'=HYPERLINK(" "$rej"
ok "rejected @SUM is text" grep -q "^2;\"'@SUM(A1:A9)\"" "$rej"
ok "no rejected cell starts with a formula" sh -c '! grep -q ";\"[=+@-]" "$1"' _ "$rej"
altc student list --format csv > students.csv
ok "student list csv: =cmd is text" grep -q ";\"'=cmd|' /C calc'!A0\";" students.csv
ok "student list csv: no cell starts a formula" sh -c '! grep -q "\"[=+@-][^0-9]" students.csv'
ok "a CR in a field forges no log line" sh -c '! grep -q "^ligne 99" "$1"' _ "$log"
ok "control characters shown escaped" grep -q 'Dup\\x0dligne 99 : créée : forged\\x1b\[2J' "$log"
ok "the echo is escaped too" sh -c '! grep -q "^ligne 99" import.out'
ok "a NUL byte shows as U+FFFD" grep -q "dan�@evil.example" "$log"
ok "the address with a NUL is refused" grep -q '^4;"Nul";"Dan";"dan�@evil.example";"E-mail invalide"' "$rej"
e2e_done
