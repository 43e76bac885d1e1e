# offers_lib.sh - helpers of the offers_*.sh scenarios (sourced after lib.sh):
# queries on the instance database, the reply key of a mail in the outbox,
# and replies built from the fixtures of tests/fixtures/offers.
FIX="$ALTC_SRCDIR/tests/fixtures/offers"
MSGN=0

# sql QUERY: the rows, one per line, columns separated by '|'
sql() {
	python3 - "$1" <<'PY'
import sqlite3, sys
con = sqlite3.connect("var/altconnect.db")
for row in con.execute(sys.argv[1]):
    print("|".join("" if v is None else str(v) for v in row))
con.commit()
PY
}

# key TEMPLATE RCPT: the reply key of the last mail of TEMPLATE to RCPT
key() {
	outbox_key "SELECT id FROM outbox WHERE template = '$1' AND rcpt = '$2' ORDER BY id DESC LIMIT 1"
}

# mail OUT FIXTURE FROM [TOKEN] [COMMAND]: a fixture with its placeholders
# filled (and a Message-ID of its own) into the file OUT
mail() {
	MSGN=$((MSGN + 1))
	sed -e "s/TOKEN/${4:-none}/g" -e "s/FROM/$3/g" -e "s/MSGID/$$-$MSGN/g" \
	    -e "s/COMMAND/${5:-}/g" -e "s/BODY/${5:-}/g" "$FIX/$2" > "$1"
}

# reply FIXTURE FROM TOKEN [COMMAND]: deliver a reply to reply+TOKEN@ and apply it
reply() {
	mail reply.eml "$1" "$2" "$3" "${4:-}"
	altc deliver -r "reply+$3@univ.example" < reply.eml && altc -q serve --once
}

# send FIXTURE FROM RCPT [ARG]: deliver a mail to a fixed address and apply it
send() {
	mail send.eml "$1" "$2" none "${4:-}"
	altc deliver -r "$3" < send.eml && altc -q serve --once
}

# count_errors RCPT: reply.error mails sent to RCPT so far
count_errors() {
	sql "SELECT count(*) FROM outbox WHERE template = 'reply.error' AND rcpt = '$1'"
}

# student EMAIL CODE: a registered student of a formation (the import is not the point here)
student() {
	sql "INSERT INTO users (email, role, state, first_name, last_name, created_at, updated_at)
	    VALUES ('$1', 'student', 'registered', 'E', 'Tudiant', 0, 0)" >/dev/null
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
con = sqlite3.connect("var/altconnect.db")
con.execute("INSERT INTO student_formations (student_id, formation_id, created_at)"
            " SELECT u.id, f.id, 0 FROM users u, formations f WHERE u.email = ? AND f.code = ?",
            (sys.argv[1], sys.argv[2]))
con.commit()
PY
}

# eq WHAT GOT EXPECTED: one TAP line comparing two strings
eq() {
	if [ "$2" = "$3" ]; then ok "$1" true; else echo "# got '$2', expected '$3'"; ok "$1" false; fi
}

# has TEXT PATTERN: whether TEXT matches the grep pattern
has() {
	printf '%s\n' "$1" | grep -q -- "$2"
}
