#!/bin/sh
# offers_search.sh - CHERCHER sent to offres@ by a student: the published
# offers of their formations that match, then the pending ones.  Needs the
# inbound pipeline (mailers_register_inputs).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
student alice@etu.example BUT3-GEA-GPRH

altc offer add --company 80754009100004 --title "Gestionnaire de paie" --formations BUT3-GEA-GPRH \
    --duration "2 ans" --location Annecy --description "Paie et DSN" >/dev/null
altc offer add --company 95181909300018 --title "Assistant paie" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location Annecy --description "Paie" >/dev/null
reply reply_plain.eml rp.gea@univ.example "$(outbox_key "SELECT id FROM outbox WHERE template = 'offer.to_validate' ORDER BY id LIMIT 1")" VALIDER

send chercher.eml alice@etu.example offres@univ.example
v=$(sql "SELECT vars FROM outbox WHERE template = 'offer.search' AND rcpt = 'alice@etu.example'")
ok "the reply lists the published offer" has "$v" '"offers":\[{"id":1,'
ok "and the pending one apart" has "$v" '"others":\[{"id":2,'
before=$(count_errors rh@benotti.example)
send chercher.eml rh@benotti.example offres@univ.example
eq "an employer cannot search" "$(count_errors rh@benotti.example)" $((before + 1))
e2e_done
