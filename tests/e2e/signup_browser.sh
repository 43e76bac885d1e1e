#!/bin/sh
# signup_browser.sh - a student signs up in a real browser: headless
# Chromium opens the link of the invitation in the outbox, the form is filled
# and its button pressed; the student is registered and the token spent.
# Two GETs before (a mail link scanner) change nothing.  The screenshots stay
# in tests/e2e/ of the build tree.
. "${ALTC_SRCDIR:?}/tests/e2e/lib.sh"
FX="$ALTC_SRCDIR/tests/fixtures/import"
: "${ALTC_BUILDDIR:=$(dirname "$ALTC_BIN")}"
CHROMIUM=$(command -v chromium || command -v chromium-browser) || skip_all "chromium is not installed"
command -v python3 >/dev/null || skip_all "python3 is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"
SHOTS="$ALTC_BUILDDIR/tests/e2e"
mkdir -p "$SHOTS"

e2e_instance
altc formation import "$FX/formations.csv" >/dev/null 2>&1
altc import "$FX/ecandidat_utf8_bom.csv" >/dev/null 2>&1
port=$(free_port)
conf http port "$port"
conf mail base_url "http://127.0.0.1:$port"
# the daemon serves the link endpoint
altc serve > http.log 2>&1 &
E2E_PIDS="$!"
for i in 1 2 3 4 5 6 7 8 9 10; do
	curl -s -o /dev/null "http://127.0.0.1:$port/" && break
	sleep 0.2
done

db() { sqlite3 var/altconnect.db "$1"; }
# the invitation was rendered with the default base_url; the path is the link
path=/s/$(outbox_key "SELECT id FROM outbox WHERE rcpt = 'elodie.unal@ex.example'")
url="http://127.0.0.1:$port$path"
ok "the invitation holds a signup link" sh -c 'echo "$1" | grep -q "^/s/[a-z2-7]\{32\}$"' _ "$path"

ok "scanner GET 1" sh -c 'curl -sf -o /dev/null "$1"' _ "$url"
ok "scanner GET 2" sh -c 'curl -sf -o /dev/null "$1"' _ "$url"
ok "GETs change nothing" test "$(db "SELECT state FROM users WHERE email = 'elodie.unal@ex.example'")" = imported
ok "GETs spend nothing" test "$(db "SELECT sum(uses) FROM tokens WHERE purpose = 'signup'")" -eq 0

ok "browser fills the form and presses the button" sh -c \
	'python3 "$1" "$2" "$3" "$4" > browser.out 2> browser.err || { cat browser.err >&2; false; }' _ \
	"$ALTC_SRCDIR/tests/e2e/cdp_signup.py" "$CHROMIUM" "$url" "$SHOTS"
ok "the browser shows the confirmation" grep -q "Inscription confirmée" browser.out
ok "screenshots taken" test -s "$SHOTS/signup_form.png" -a -s "$SHOTS/signup_done.png"
ok "the student is registered" test "$(db "SELECT state || ' ' || phone_mobile || ' ' || parcours FROM users WHERE email = 'elodie.unal@ex.example'")" = "registered 06 12 34 56 78 GEMA"
ok "the token is spent" test "$(db "SELECT uses FROM tokens WHERE purpose = 'signup' AND user_id = (SELECT id FROM users WHERE email = 'elodie.unal@ex.example')")" -eq 1
ok "audit row imported -> registered" test "$(db "SELECT count(*) FROM audit WHERE from_state = 'imported' AND to_state = 'registered'")" -eq 1
ok "welcome mail queued" test "$(db "SELECT count(*) FROM outbox WHERE template = 'account.welcome'")" -eq 1
ok "the link is used up" sh -c 'curl -s "$1" | grep -q "Lien déjà utilisé"' _ "$url"
e2e_done
