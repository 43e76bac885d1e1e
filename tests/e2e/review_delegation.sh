#!/bin/sh
# review_delegation.sh - a ga delegated by an rp (altc user delegate)
# receives the formation's offers to validate with a key of their own and
# decides by reply; an rp whose account is not activated yet is told so.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo

altc -q user add --role ga --email paul.ga@univ.example --name "Paul Gest" >/dev/null
sql "UPDATE users SET state = 'active' WHERE email = 'paul.ga@univ.example'" >/dev/null
ok "altc user delegate" sh -c "altc -q user delegate --from rp.gea@univ.example --to paul.ga@univ.example --formations BUT3-GEA-GPRH >/dev/null"

altc offer add --company 80754009100004 --title "Assistant paie" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location Annecy --description "Paie" >/dev/null 2>&1
eq "the rp gets the offer to validate" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate' AND rcpt = 'rp.gea@univ.example'")" 1
k=$(key offer.to_validate paul.ga@univ.example)
ok "the delegated ga gets it too, with a key of their own" test -n "$k"
ok "a key that is not the rp's" test "$k" != "$(key offer.to_validate rp.gea@univ.example)"
eq "the rp of another formation gets nothing" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate' AND rcpt = 'rp.tc@univ.example'")" 0
before=$(count_errors paul.ga@univ.example)
reply reply_plain.eml paul.ga@univ.example "$k" "VALIDER 4 Bien"
eq "the ga's VALIDER is accepted" "$(count_errors paul.ga@univ.example)" "$before"
eq "and publishes the offer" "$(sql "SELECT state FROM offers WHERE title = 'Assistant paie'")" published

# an rp created by an admin, who has not opened the activation link yet
altc -q user add --role rp --email rp.neuf@univ.example --name "Nina Neuf" --formations BUT3-TC-MDEE >/dev/null
altc offer add --company 80754009100004 --title "Commercial" --formations BUT3-TC-MDEE \
    --duration "1 an" --location Annecy --description "Vente" >/dev/null 2>&1
k=$(key offer.to_validate rp.neuf@univ.example)
ok "the new rp gets the offer to validate" test -n "$k"
reply reply_plain.eml rp.neuf@univ.example "$k" "VALIDER"
d=$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'rp.neuf@univ.example'")
ok "an rp not activated is told the account is not activated" has "$d" "pas encore activé"
ok "not that a delegation is needed" sh -c '! printf "%s" "$1" | grep -q "délégation"' _ "$d"
eq "nothing published" "$(sql "SELECT state FROM offers WHERE title = 'Commercial'")" pending
e2e_done
