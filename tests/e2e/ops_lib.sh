# ops_lib.sh - helpers of the ops_*.sh scenarios (sourced after lib.sh): SQL on
# an instance's database, a student with a stored document, a running daemon.

# sqlq DB QUERY: the rows, one per line, columns separated by '|'
sqlq() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for row in con.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
con.commit()
PY
}

# student_with_doc EMAIL: a registered student of BUT3-GEA with a CV in the store
student_with_doc() {
	python3 - "$1" <<'PY'
import hashlib, os, sqlite3, sys, time
email = sys.argv[1]
pdf = b"%PDF-1.4\n% CV of " + email.encode() + b"\n%%EOF\n"
h = hashlib.sha256(pdf).hexdigest()
os.makedirs("var/docs/" + h[:2], exist_ok=True)
with open("var/docs/%s/%s.pdf" % (h[:2], h), "wb") as f:
    f.write(pdf)
con = sqlite3.connect("var/altconnect.db")
now = int(time.time())
cur = con.execute("INSERT INTO users (email, role, state, first_name, last_name, phone_mobile,"
                  " ine, birth_date, created_at, updated_at) VALUES (?, 'student', 'registered',"
                  " 'Jeanne', 'Martin', '0611223344', '0494004062M', '2004-05-06', ?, ?)",
                  (email, now, now))
uid = cur.lastrowid
con.execute("INSERT INTO student_formations (student_id, formation_id, created_at)"
            " SELECT ?, id, ? FROM formations LIMIT 1", (uid, now))
con.execute("INSERT INTO documents (user_id, type, label, filename, sha256, size, is_default,"
            " created_at) VALUES (?, 'cv', 'CV', 'cv-jeanne.pdf', ?, ?, 1, ?)",
            (uid, h, len(pdf), now))
con.execute("INSERT INTO audit (at, actor, object_type, object_id, event, detail)"
            " VALUES (?, ?, 'user', ?, 'signup', ?)", (now, email, uid, "signup by " + email))
con.commit()
print(h)
PY
}

# start_daemon LOG: altc serve in the background (no link endpoint), its pid in DAEMON_PID
start_daemon() {
	altc serve > "$1" 2>&1 &
	DAEMON_PID=$!
	E2E_PIDS="$E2E_PIDS $DAEMON_PID"
	i=0
	while ! grep -q "serving\|ready\|listening\|started" "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

stop_daemon() {
	[ -n "${DAEMON_PID:-}" ] && kill "$DAEMON_PID" 2>/dev/null && wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
}

# wait_for CMD...: up to 10 s for a command to succeed
wait_for() {
	i=0
	while ! "$@" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	"$@"
}
