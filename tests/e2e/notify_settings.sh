#!/bin/sh
# notify_settings.sh - the notification settings a person changes: the
# digest's one-click unsubscribe (POST /u/) stops the next digest and the
# new-offer alerts (optional mail), REPRENDRE by reply turns them back on,
# STOP off again, COPIE NON / COPIE OUI the e-mail copy.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
command -v curl >/dev/null || skip_all "curl is not installed"
e2e_instance --demo
# the nightly recommendations are not this scenario's: none falls due in serve --once
sql "INSERT INTO jobs (name, last_run) VALUES ('recommend', strftime('%s', 'now'))" >/dev/null
student alice@etu.example BUT3-GEA-GPRH
n=0
# publish TITLE: an offer for GEA, validated by its rp
publish() {
	altc offer add --company 80754009100004 --title "$1" --formations BUT3-GEA-GPRH \
	    --duration "1 an" --location Annecy --description "Poste" >/dev/null 2>&1
	reply reply_plain.eml rp.gea@univ.example "$(key offer.to_validate rp.gea@univ.example)" VALIDER
}
digests() {
	sql "SELECT count(*) FROM outbox WHERE template = 'digest.daily' AND rcpt = 'alice@etu.example'"
}

publish "Assistant paie"
altc -q digest >/dev/null
eq "a first digest" "$(digests)" 1
tok=$(outbox_link "SELECT id FROM outbox WHERE template = 'digest.daily'" u | sed 's|^/u/||')
port=$(free_port)
conf http port "$port"
altc serve > http.log 2>&1 &
E2E_PIDS="$!"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	curl -s -o /dev/null "http://127.0.0.1:$port/" && break
	sleep 0.2
done
code=$(curl -s -o /dev/null -w '%{http_code}' --data "List-Unsubscribe=One-Click" "http://127.0.0.1:$port/u/$tok")
eq "the one-click unsubscribe answers" "$code" 200
kill "$E2E_PIDS"; wait 2>/dev/null; E2E_PIDS=
eq "optional notifications are off" "$(sql "SELECT notify_optional FROM users WHERE email = 'alice@etu.example'")" 0

publish "Assistant RH"
altc -q digest >/dev/null
eq "the next digest does not go out" "$(digests)" 1
eq "nor is the new offer an alert any more" "$(sql "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'alice@etu.example' AND n.vars LIKE '%Assistant RH%'")" 0

dk=$(key digest.daily alice@etu.example)
ok "the digest carries a reply key" test -n "$dk"
reply reply_plain.eml alice@etu.example "$dk" REPRENDRE
eq "REPRENDRE by reply turns them back on" "$(sql "SELECT notify_optional FROM users WHERE email = 'alice@etu.example'")" 1
eq "without an error" "$(count_errors alice@etu.example)" 0
ok "and is confirmed" has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.help' AND rcpt = 'alice@etu.example' ORDER BY id DESC LIMIT 1")" '"resumed":true'
publish "Gestionnaire paie"
altc -q digest >/dev/null
eq "the digest comes again" "$(digests)" 2

reply reply_plain.eml alice@etu.example "$dk" STOP
eq "STOP turns them off" "$(sql "SELECT notify_optional FROM users WHERE email = 'alice@etu.example'")" 0
reply reply_plain.eml alice@etu.example "$dk" "COPIE NON"
eq "COPIE NON: no e-mail copy" "$(sql "SELECT notify_email FROM users WHERE email = 'alice@etu.example'")" 0
reply reply_plain.eml alice@etu.example "$dk" "Copie : oui"
eq "COPIE OUI: the copy again" "$(sql "SELECT notify_email FROM users WHERE email = 'alice@etu.example'")" 1
eq "no error on the way" "$(count_errors alice@etu.example)" 0
ok "altc user notify shows the settings" sh -c 'altc user notify alice@etu.example | grep -q "optional notifications off, e-mail copy on"'
altc -q user notify alice@etu.example --optional on --email off >/dev/null
eq "and sets them" "$(sql "SELECT notify_optional || notify_email FROM users WHERE email = 'alice@etu.example'")" 10
e2e_done
