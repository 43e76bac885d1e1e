#!/bin/sh
# offer_display.sh - wherever a student is shown an offer, they see the
# teaching team's rating and comment and its essentials: the digest lists
# the company, place and duration under each new offer and says how to act;
# the search results carry the rating too.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
student alice@etu.example BUT3-GEA-GPRH
altc offer add --company 80754009100004 --title "Assistant paie" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location Annecy --description "Paie" >/dev/null 2>&1
reply reply_plain.eml rp.gea@univ.example "$(key offer.to_validate rp.gea@univ.example)" "VALIDER 4 Missions claires"
altc -q digest >/dev/null
d=$(sql "SELECT json_extract(vars, '\$.items[0].detail') FROM outbox WHERE template = 'digest.daily' AND rcpt = 'alice@etu.example'")
ok "the digest shows the company, place and duration" has "$d" "BENOTTI.*, Annecy, 1 an"
ok "and the team's rating and comment" has "$d" "4/5 « Missions claires »"
altc -q outbox flush >/dev/null
f=$(grep -l "^Reply-To: reply+$(key digest.daily alice@etu.example)@" spool/outbox/*/* | head -1)
ok "the delivered digest says how to act" sh -c 'grep -q "CHERCHER" "$1" && grep -q "REPRENDRE" "$1"' _ "$f"

send reply_plain.eml alice@etu.example offres@univ.example "CHERCHER paie"
v=$(sql "SELECT vars FROM outbox WHERE template = 'offer.search' AND rcpt = 'alice@etu.example'")
ok "the search results carry the rating and comment" has "$v" '"rating":4,"comment":"Missions claires"'
ok "and the duration" has "$v" '"duration":"1 an"'
e2e_done
