# mailin_lib.sh - helpers of the mail-in scenarios (sourced after lib.sh).
#
#   tok=$(issue_token PURPOSE USER_EMAIL [MAX_USES])   a reply token in the database
#   sql "SELECT ..."                                    one query on the instance database
#   fixture NAME TOKEN > FILE                           a fixture mail with TOKEN filled in

MAILIN_FIX="$ALTC_SRCDIR/tests/fixtures/mailin/mail"

sql() {
	python3 - "$E2E_DIR/var/altconnect.db" "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
c.commit()
PY
}

issue_token() {
	python3 - "$E2E_DIR/var/altconnect.db" "$1" "$2" "${3:-0}" <<'PY'
import hashlib, secrets, sqlite3, sys
alphabet = "abcdefghijklmnopqrstuvwxyz234567"
tok = "".join(secrets.choice(alphabet) for _ in range(32))
c = sqlite3.connect(sys.argv[1])
uid = c.execute("SELECT id FROM users WHERE email = ?", (sys.argv[3],)).fetchone()[0]
c.execute("INSERT INTO tokens (hash, purpose, object_type, object_id, user_id, commands,"
          " expires_at, max_uses, created_at) VALUES (?, ?, 'offer', 1, ?, '', 4000000000, ?, 0)",
          (hashlib.sha256(tok.encode()).hexdigest(), sys.argv[2], uid, int(sys.argv[4])))
c.commit()
print(tok)
PY
}

fixture() {
	sed "s/TOKEN/$2/g" "$MAILIN_FIX/$1"
}

# count_files DIR: regular files under DIR (recursively), .reason files excluded
count_files() {
	find "$1" -type f ! -name '*.reason' 2>/dev/null | wc -l
}
