#!/bin/sh
# ops_person.sh - personal data: altc person export (JSON and files), altc
# person erase (deleted or anonymised, the files gone, the erasure audited),
# and the retention periods applied by the sweep.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/ops_lib.sh"

e2e_instance --demo
DB=var/altconnect.db
HASH=$(student_with_doc jeanne.martin@etu.example)
DOC="var/docs/$(echo "$HASH" | cut -c1-2)/$HASH.pdf"

altc person export jeanne.martin@etu.example > export.json; rc=$?
ok "export exits 0" test $rc -eq 0
check_json() {
	python3 - export.json "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["tables"]
checks = {
    "user": t["users"][0]["email"] == "jeanne.martin@etu.example" and t["users"][0]["ine"] == "0494004062M",
    "formation": len(t["student_formations"]) == 1,
    "document": t["documents"][0]["filename"] == "cv-jeanne.pdf",
    "audit": any(a["event"] == "signup" for a in t["audit"]),
    "outbox": "outbox" in t,
    "kept": any(k["table"] == "audit" for k in d["kept_after_erasure"]),
}
sys.exit(0 if checks[sys.argv[2]] else 1)
PY
}
ok "the JSON holds the account" check_json user
ok "the formations" check_json formation
ok "the documents" check_json document
ok "the audit lines" check_json audit
ok "the mail sent" check_json outbox
ok "and says what erasure keeps" check_json kept
altc person export jeanne.martin@etu.example -o exp > /dev/null; rc=$?
ok "export -o DIR exits 0" test $rc -eq 0
ok "writes person.json" test -s exp/person.json
ok "and the document files" sh -c "cmp -s '$DOC' exp/documents/*-cv-jeanne.pdf"
altc person export nobody@etu.example > /dev/null 2>&1; rc=$?
ok "an unknown address is a data error" test $rc -eq 65

altc person erase jeanne.martin@etu.example > erase.log 2>&1; rc=$?
ok "erase exits 0" test $rc -eq 0
ok "the address is gone from every table" test -z "$(python3 - "$DB" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
hits = []
for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '%fts%'"):
    cols = [r[1] for r in con.execute('PRAGMA table_info("%s")' % t)]
    for c in cols:
        n = con.execute('SELECT count(*) FROM "%s" WHERE instr(CAST("%s" AS TEXT), ?) > 0' % (t, c),
                        ("jeanne.martin",)).fetchone()[0]
        if n:
            hits.append("%s.%s" % (t, c))
print(" ".join(hits))
PY
)"
ok "the identity is blanked" test "$(sqlq $DB "SELECT count(*) FROM users WHERE state = 'erased' AND ine IS NULL AND birth_date IS NULL AND last_name = ''")" -eq 1
ok "the formations and documents rows are gone" test "$(sqlq $DB "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM student_formations sf JOIN users u ON u.id = sf.student_id WHERE u.state = 'erased')")" -eq 0
ok "the document file is gone" test ! -e "$DOC"
ok "the erasure is audited" test "$(sqlq $DB "SELECT count(*) FROM audit WHERE event = 'erase' AND detail LIKE 'erased on request%'")" -eq 1
altc person erase jeanne.martin@etu.example > /dev/null 2>&1; rc=$?
ok "a second erase finds nobody" test $rc -eq 65

# retention: a student imported long ago who never registered, a closed account
NOW=$(date +%s)
sqlq $DB "INSERT INTO users (email, role, state, created_at, updated_at) VALUES
    ('never@etu.example', 'student', 'imported', $((NOW - 400 * 86400)), $((NOW - 400 * 86400))),
    ('recent@etu.example', 'student', 'imported', $((NOW - 10 * 86400)), $((NOW - 10 * 86400))),
    ('closed@etu.example', 'student', 'closed', 0, $((NOW - 1200 * 86400)))" > /dev/null
altc sweep > sweep.log 2>&1
ok "the sweep erases a student never registered after retention.unregistered_days" \
    test "$(sqlq $DB "SELECT count(*) FROM users WHERE email = 'never@etu.example'")" -eq 0
ok "and a closed account after retention.closed_days" \
    test "$(sqlq $DB "SELECT count(*) FROM users WHERE email = 'closed@etu.example'")" -eq 0
ok "not a recent import" \
    test "$(sqlq $DB "SELECT count(*) FROM users WHERE email = 'recent@etu.example'")" -eq 1
conf retention unregistered_days 5
altc sweep > sweep.log 2>&1
ok "the periods come from the configuration" \
    test "$(sqlq $DB "SELECT count(*) FROM users WHERE email = 'recent@etu.example'")" -eq 0
ok "retention erasures are audited" \
    test "$(sqlq $DB "SELECT count(*) FROM audit WHERE event = 'erase' AND detail LIKE 'retention%'")" -eq 3
ok "doc/personal-data.md states what is kept" grep -q "retention.unregistered_days" "$ALTC_SRCDIR/doc/personal-data.md"

e2e_done
