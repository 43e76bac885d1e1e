#!/bin/sh
# signup_browser.sh - a student signs up in a real browser: headless
# Chromium opens the link of the invitation in the outbox, the form is filled
# and its button pressed; the student is registered and the token spent.
# Two GETs before (a mail link scanner) change nothing.  The optional search
# criteria of the form are stored with the signup; a word employers cannot be
# shown brings the form back with its error and registers nothing.  The
# screenshots stay in tests/e2e/ of the build tree.
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
eq() {
	if [ "$2" = "$3" ]; then ok "$1" true; else echo "# got '$2', expected '$3'"; ok "$1" false; fi
}
# the invitation was rendered with the default base_url; the path is the link
path=/s/$(outbox_key "SELECT id FROM outbox WHERE rcpt = 'elodie.unal@ex.example'")
url="http://127.0.0.1:$port$path"
ok "the invitation holds a signup link" sh -c 'echo "$1" | grep -q "^/s/[a-z2-7]\{32\}$"' _ "$path"

ok "scanner GET 1" sh -c 'curl -sf -o form.html "$1"' _ "$url"
ok "the form asks for the search criteria, optional" grep -q 'Votre recherche (facultatif)' form.html
ok "and what employers may see, the default filled in" \
    grep -q 'name="montrer" value="prénom, formation, compétences, langues"' form.html
ok "scanner GET 2" sh -c 'curl -sf -o /dev/null "$1"' _ "$url"
ok "GETs change nothing" test "$(db "SELECT state FROM users WHERE email = 'elodie.unal@ex.example'")" = imported
ok "GETs spend nothing" test "$(db "SELECT sum(uses) FROM tokens WHERE purpose = 'signup'")" -eq 0

ok "browser fills the form and presses the button" sh -c \
	'python3 "$1" "$2" "$3" "$4" > browser.out 2> browser.err || { cat browser.err >&2; false; }' _ \
	"$ALTC_SRCDIR/tests/e2e/cdp_signup.py" "$CHROMIUM" "$url" "$SHOTS"
ok "the browser shows the confirmation" grep -q "Inscription confirmée" browser.out
ok "screenshots taken" test -s "$SHOTS/signup_form.png" -a -s "$SHOTS/signup_done.png"
ok "the student is registered" test "$(db "SELECT state || ' ' || phone_mobile || ' ' || parcours FROM users WHERE email = 'elodie.unal@ex.example'")" = "registered 06 12 34 56 78 GEMA"
eq "with the criteria of the form" "$(db "SELECT group_concat(c.name || '=' || x.value, ';')
    FROM student_criteria x JOIN criteria c ON c.id = x.criterion_id JOIN users u ON u.id = x.student_id
    WHERE u.email = 'elodie.unal@ex.example'")" "skills=Excel, SAP;location=74000 Annecy;mobility=régionale"
eq "and what employers may see" "$(db "SELECT profile_show FROM users WHERE email = 'elodie.unal@ex.example'")" \
    "first_name,formation,skills"
ok "the token is spent" test "$(db "SELECT uses FROM tokens WHERE purpose = 'signup' AND user_id = (SELECT id FROM users WHERE email = 'elodie.unal@ex.example')")" -eq 1
ok "audit row imported -> registered" test "$(db "SELECT count(*) FROM audit WHERE from_state = 'imported' AND to_state = 'registered'")" -eq 1
eq "the consent recorded, with the wording the page showed" \
    "$(db "SELECT c.via || ' ' || c.locale || ' ' || (c.wording LIKE 'J’accepte que la plateforme%') FROM consents c
    JOIN users u ON u.id = c.user_id WHERE u.email = 'elodie.unal@ex.example'")" "page fr 1"
ok "welcome mail queued" test "$(db "SELECT count(*) FROM outbox WHERE template = 'account.welcome'")" -eq 1
ok "the link is used up" sh -c 'curl -s "$1" | grep -q "Lien déjà utilisé"' _ "$url"

# a wrong optional field shows the form again with its error, and registers nothing
path2=/s/$(outbox_key "SELECT id FROM outbox WHERE template = 'import.invitation' AND rcpt <> 'elodie.unal@ex.example' ORDER BY id LIMIT 1")
url2="http://127.0.0.1:$port$path2"
curl -s -o form2.html "$url2"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' form2.html)
who=$(db "SELECT user_id FROM tokens WHERE purpose = 'signup' AND uses = 0 ORDER BY id LIMIT 1")
code=$(curl -s -o post2.html -w '%{http_code}' --data "csrf=$csrf&do=signup&portable=0612345678&date_de_naissance=01%2F02%2F2003&montrer=pr%C3%A9nom%2C%20adresse&competences=Word&consentement=oui" "$url2")
eq "a word employers cannot be shown: the form again" "$code" 422
ok "naming the word" grep -q '« adresse » n’est pas compris' post2.html
ok "with the field marked" grep -q 'id="montrer-err"' post2.html
ok "and the values kept" grep -q 'name="competences" value="Word"' post2.html
ok "nothing registered" test "$(db "SELECT state FROM users u JOIN tokens t ON t.user_id = u.id WHERE t.purpose = 'signup' AND t.uses = 0 AND u.id = $who")" = imported
ok "nor stored" test "$(db "SELECT count(*) FROM student_criteria WHERE student_id = $who")" -eq 0
code=$(curl -s -o post3.html -w '%{http_code}' --data "csrf=$csrf&do=signup&portable=0612345678&date_de_naissance=01%2F02%2F2003&montrer=rien&competences=Word&consentement=oui" "$url2")
eq "corrected: registered" "$code" 200
eq "keeping the profile out of employers' sight" "$(db "SELECT state || ' ' || profile_show FROM users WHERE id = $who")" "registered none"
e2e_done
