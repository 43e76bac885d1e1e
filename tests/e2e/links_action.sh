#!/bin/sh
# links_action.sh - the /a/ links of mails: an employer opens the link of
# the confirmation mail; GET says what the button will do and changes
# nothing (twice, as link scanners do), POST from the button confirms the
# address and activates the company, and the link is then used up.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
command -v curl >/dev/null || skip_all "curl is not installed"
e2e_instance --demo
port=$(free_port)
conf http port "$port"
conf mail base_url "http://127.0.0.1:$port"

mail m.eml inscription.eml lea@alpes.example && sed 's/SIRETVALUE/73282932000074/' m.eml > good.eml
altc deliver -r inscription@univ.example < good.eml && altc -q serve --once
path=$(outbox_link "SELECT id FROM outbox WHERE template = 'account.confirm_email' AND rcpt = 'lea@alpes.example'" a)
ok "the confirmation mail holds an /a/ link" sh -c 'echo "$1" | grep -q "^/a/[a-z2-7]\{26,\}$"' _ "$path"

altc serve > http.log 2>&1 &
E2E_PIDS="$!"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	curl -s -o /dev/null "http://127.0.0.1:$port/" && break
	sleep 0.2
done
url="http://127.0.0.1:$port$path"
curl -s "$url" > get1.html
curl -s "$url" > get2.html
ok "GET shows what the button does" grep -q "Confirmer votre adresse e-mail" get1.html
ok "GET shows a button" grep -q '<button type="submit"' get2.html
eq "GETs change nothing" "$(sql "SELECT state FROM users WHERE email = 'lea@alpes.example'")" unconfirmed
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' get1.html)
code=$(curl -s -o post.html -w '%{http_code}' --data "csrf=$csrf&do=confirm" "$url")
eq "POST from the button succeeds" "$code" 200
ok "and says it is done" grep -q "action est enregistrée" post.html
eq "the address is confirmed and the company active" "$(sql "SELECT u.state || ' ' || c.state FROM users u JOIN companies c ON c.id = u.company_id WHERE u.email = 'lea@alpes.example'")" "active active"
ok "the link is used up" sh -c 'curl -s "$1" | grep -q "Lien déjà utilisé"' _ "$url"
code=$(curl -s -o /dev/null -w '%{http_code}' --data "do=confirm" "$url")
ok "a POST without the form's value is refused" test "$code" != 200
e2e_done
