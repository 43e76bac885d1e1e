#!/bin/sh
# import_manual.sh - altc import on the fixtures: --analyze leaves the
# database and the spool byte-identical; a real run creates, rejects with
# reasons, writes the reports and queues one invitation per new student;
# importing again creates and sends nothing; the manual size limit holds.
. "${ALTC_SRCDIR:?}/tests/e2e/lib.sh"
FX="$ALTC_SRCDIR/tests/fixtures/import"

e2e_instance --demo
altc formation import "$FX/formations.csv" >/dev/null 2>&1
# sh -c below runs the binary, not the lib.sh function
mkdir -p bin && ln -sf "$ALTC_BIN" bin/altc && PATH="$PWD/bin:$PATH"

snapshot() {
	sha256sum var/altconnect.db
	find spool var -type f ! -name '*.db-*' | sort | xargs sha256sum
}

snapshot > before.sum
ok "analyze succeeds" sh -c 'altc import --analyze "$1" > analyze.out' _ "$FX/parcoursup_cp1252.csv"
ok "analyze reports the outcome" grep -q '^analysis (nothing written): 23 lines: 10 created, 13 rejected' analyze.out
ok "analyze shows the reasons" grep -q '^ligne 18 : rejetée : Effectif atteint' analyze.out
snapshot > after.sum
ok "analyze leaves db and spool byte-identical" cmp -s before.sum after.sum

ok "manual import succeeds" sh -c 'altc import "$1" > import.out 2>&1' _ "$FX/parcoursup_cp1252.csv"
ok "nine new students, imported" test "$(altc student list --format csv | grep -c ';"imported";')" -eq 9
ok "one invitation each, with a reply token" test "$(sqlite3 var/altconnect.db \
	"SELECT count(*) FROM outbox WHERE template = 'import.invitation' AND token IS NOT NULL")" -eq 9
rej=spool/reports/import-1-rejets.csv
ok "rejected lines CSV: UTF-8 BOM" sh -c 'head -c 3 "$1" | od -An -tx1 | grep -q "ef bb bf"' _ "$rej"
ok "rejected lines CSV: header" sh -c 'head -n 1 "$1" | grep -q "line;nom;prenom;email;raison"' _ "$rej"
ok "rejected lines CSV: 13 lines" test "$(tail -n +2 "$rej" | grep -c '^[0-9]')" -eq 13
ok "rejected lines CSV: named missing fields" grep -q '^14;"";"Anonyme";"anonyme@ex.example";"Champ obligatoire manquant (Nom, Commune)"' "$rej"
ok "log written" grep -q 'ligne 15 : avertissement : INE invalide' spool/reports/import-1.log
ok "history row" sh -c 'altc import list --format csv | grep -q "^\"1\";\"parcoursup_cp1252.csv\";\"[^\"]*\";\"manual\";\"done\";\"23\";\"10\";\"13\""'
ok "history as json" sh -c 'altc import list --format json | python3 -c "import json,sys; r=json.load(sys.stdin); assert r[0][\"crees\"]==\"10\", r"'
ok "known student gained a formation" sh -c 'altc student show zoe.leonard@ex.example | grep -q "F-ALPHA,F-GAMMA"'
ok "student show json" sh -c 'altc student show zoe.leonard@ex.example --format json | python3 -c "import json,sys; r=json.load(sys.stdin); assert r[0][\"progression\"]==\"pré-admis\" and r[0][\"injoignable\"]==\"non\", r"'

users=$(sqlite3 var/altconnect.db "SELECT count(*) FROM users")
mails=$(sqlite3 var/altconnect.db "SELECT count(*) FROM outbox")
ok "second import succeeds" sh -c 'altc import "$1" > import2.out 2>&1' _ "$FX/parcoursup_cp1252.csv"
ok "second import creates nothing" grep -q '^23 lines: 0 created, 23 rejected' import2.out
ok "second import adds no user" test "$(sqlite3 var/altconnect.db "SELECT count(*) FROM users")" -eq "$users"
ok "second import sends nothing" test "$(sqlite3 var/altconnect.db "SELECT count(*) FROM outbox")" -eq "$mails"

conf import max_manual_bytes 1000
ok "manual size limit refuses a large file" sh -c 'altc import "$1" 2>big.err; test $? -eq 65' _ "$FX/parcoursup_cp1252.csv"
ok "size limit message" grep -q 'max_manual_bytes' big.err
ok "missing column refused" sh -c 'altc import "$1" 2>miss.err; test $? -eq 65 && grep -q "absentes : Mail" miss.err' _ "$FX/missing_mail.csv"

ok "delegation of one formation" altc user delegate --from rp.tc@univ.example --to ga@univ.example --formations BUT3-TC-MDEE
ok "delegation row" test "$(sqlite3 var/altconnect.db "SELECT count(*) FROM delegations d JOIN formations f ON f.id = d.formation_id WHERE f.code = 'BUT3-TC-MDEE'")" -ge 1
ok "delegation to a non-ga refused" sh -c '! altc user delegate --from rp.tc@univ.example --to rp.gea@univ.example 2>/dev/null'
e2e_done
