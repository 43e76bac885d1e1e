#!/bin/sh
# applications_click.sh - a one-click application in headless Chromium: the
# employer accepts them (BENOTTI SAS in the demo), the student consented at
# documents@ and has a default CV and LM; the recommended offer's mail
# carries /a/TOKEN.  Two GETs show what will be sent and change nothing; the
# button's POST applies, once.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
: "${ALTC_BUILDDIR:=$(dirname "$ALTC_BIN")}"
CHROMIUM=$(command -v chromium || command -v chromium-browser) || skip_all "chromium is not installed"
command -v curl >/dev/null || skip_all "curl is not installed"
SHOTS="$ALTC_BUILDDIR/tests/e2e"
mkdir -p "$SHOTS"

e2e_instance --demo
port=$(free_port)
conf http port "$port"
conf mail base_url "http://127.0.0.1:$port"
student lea@etu.example BUT3-GEA-GEMA
student tom@etu.example BUT3-GEA-GEMA
pdf cv.pdf 20000 lea
pdf lm.pdf 3000 lettre
upload lea@etu.example "CV" plain "Candidature en un clic : oui" cv.pdf
upload lea@etu.example "LM" plain "mon autre document" lm.pdf
eq "consent recorded" "$(sql "SELECT one_click_consent FROM users WHERE email = 'lea@etu.example'")" 1
upload tom@etu.example "CV" plain "sans consentement" cv.pdf

altc offer add --company 80754009100004 --title "Comptable" --formations BUT3-GEA-GEMA \
    --duration "2 ans" --location Annecy --description "Tenue des comptes" >/dev/null
vk=$(key offer.to_validate rp.gea@univ.example)
answer rp.gea@univ.example "$vk" plain "VALIDER"
answer rp.gea@univ.example "$vk" plain "RECOMMANDER lea@etu.example tom@etu.example"
# the link as the mail shows it (the row keeps no clear token once the mail is written)
id=$(sql "SELECT id FROM outbox WHERE template = 'offer.new_for_formation' AND rcpt = 'lea@etu.example'")
path=$(cat spool/outbox/new/altc-"$id".* 2>/dev/null | tr -d '\r' | sed -n 's|^.*\(/a/[a-z2-7]\{32\}\).*$|\1|p' | head -n 1)
ok "the offer's mail carries a one-click link" sh -c 'echo "$1" | grep -q "^/a/[a-z2-7]\{32\}$"' _ "$path"
eq "not for a student who did not consent" \
    "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.new_for_formation' AND rcpt = 'tom@etu.example' AND vars LIKE '%one_click_url%'")" 0

altc serve > http.log 2>&1 &
E2E_PIDS="$!"
for i in 1 2 3 4 5 6 7 8 9 10; do
	curl -s -o /dev/null "http://127.0.0.1:$port/" && break
	sleep 0.2
done
url="http://127.0.0.1:$port$path"
ok "the browser opens the link twice, then presses the button" sh -c \
	'python3 "$1" "$2" "$3" "$4" > browser.out 2> browser.err || { cat browser.err >&2; false; }' _ \
	"$ALTC_SRCDIR/tests/e2e/cdp_click.py" "$CHROMIUM" "$url" "$SHOTS"
ok "GET shows what will be sent" grep -q "^GET 2: .*Comptable.*cv.pdf, lm.pdf" browser.out
ok "the POST confirms" grep -q "^POST: .*enregistrée" browser.out
kill "$E2E_PIDS" 2>/dev/null; wait 2>/dev/null; E2E_PIDS=
eq "one application, one click" "$(sql "SELECT count(*) || '|' || max(one_click) || '|' || max(state) FROM applications")" "1|1|pending"
eq "with the default CV and LM" "$(sql "SELECT count(*) FROM application_documents")" 2
ok "the employer is told it came in one click" has \
    "$(sql "SELECT vars FROM outbox WHERE template = 'application.received'")" '"one_click":true'
eq "the link is spent" "$(sql "SELECT uses FROM tokens WHERE purpose = 'apply_one_click'")" 1
ok "a curl POST after that changes nothing" sh -c \
	'! curl -sf -o /dev/null -X POST "$1" 2>/dev/null' _ "$url"
eq "still one application" "$(sql "SELECT count(*) FROM applications")" 1
e2e_done
