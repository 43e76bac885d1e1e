# lib.sh - shared helpers of the end-to-end scenarios: TAP output and a
# throw-away altconnect instance in a temporary directory.
#
#   . "$ALTC_SRCDIR/tests/e2e/lib.sh"
#   e2e_instance            # cd into a fresh instance, altc init done
#   ok "what" test ...      # one TAP line from a command's status
#   e2e_done                # print the plan, exit with the right status

: "${ALTC_BIN:=$PWD/altc}"
: "${ALTC_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
E2E_N=0
E2E_FAILED=0

ok() {
	desc=$1; shift
	E2E_N=$((E2E_N + 1))
	if "$@"; then
		echo "ok $E2E_N - $desc"
	else
		echo "not ok $E2E_N - $desc"
		E2E_FAILED=$((E2E_FAILED + 1))
	fi
}

# skip_all REASON: the whole script is skipped (only when a peer cannot be had)
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

e2e_done() {
	echo "1..$E2E_N"
	[ "$E2E_FAILED" -eq 0 ]
}

# e2e_instance [--demo] (puts altc on the PATH): a fresh instance in a temporary directory (removed at exit)
e2e_instance() {
	E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/altc-e2e.XXXXXX")
	trap 'e2e_cleanup' EXIT
	cd "$E2E_DIR" || exit 99
	# altc on the PATH, so that sh -c, & and $! all see the real program
	mkdir -p bin && ln -s "$ALTC_BIN" bin/altc
	PATH="$E2E_DIR/bin:$PATH"; export PATH
	: > altconnect.conf
	export ALTC_CONFIG="$E2E_DIR/altconnect.conf"
	"$ALTC_BIN" init "$@" >init.log 2>&1 || { echo "Bail out! altc init failed"; cat init.log; exit 99; }
}

e2e_cleanup() {
	for pid in $E2E_PIDS; do kill "$pid" 2>/dev/null; done
	wait 2>/dev/null
	cd / && [ -n "${E2E_DIR:-}" ] && [ -z "${E2E_KEEP:-}" ] && rm -rf "$E2E_DIR"
}

# conf SECTION KEY VALUE: append a setting to the instance configuration
conf() {
	printf '[%s]\n%s = %s\n' "$1" "$2" "$3" >> "$ALTC_CONFIG"
}

# free_port: a TCP port nobody listens on, on loopback
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# deliver FILE [RCPT]: hand one mail to the spool as the MTA would
deliver() {
	if [ -n "${2:-}" ]; then "$ALTC_BIN" deliver -r "$2" < "$1"; else "$ALTC_BIN" deliver < "$1"; fi
}

# outbox_key SQL: the clear key of the outbox row whose id SQL selects, from
# the row while it is queued, else from the mail written into spool/outbox
# (a row keeps no clear token once its mail is written): the Reply-To key,
# else the token of the first link
# outbox_link SQL KIND: the path /KIND/TOKEN of the link in the mail of the
# outbox row whose id SQL selects (s signup, a action, u unsubscribe)
outbox_link() {
	_id=$(sqlite3 var/altconnect.db "$1")
	cat spool/outbox/new/altc-"${_id:-0}".* 2>/dev/null | tr -d '\r' | sed -e :a -e '/=$/N; s/=\n//; ta' |
	    grep -o "/$2/[a-z2-7]\{32\}" | head -n 1
}

outbox_key() {
	_id=$(sqlite3 var/altconnect.db "$1")
	_t=$(sqlite3 var/altconnect.db "SELECT token FROM outbox WHERE id = ${_id:-0}")
	[ -n "$_t" ] || _t=$(cat spool/outbox/new/altc-"${_id:-0}".* 2>/dev/null |
	    grep -o 'reply+[a-z2-7]\{32\}@\|/[sau]/[a-z2-7]\{32\}' | head -n 1 | grep -o '[a-z2-7]\{32\}')
	echo "$_t"
}
