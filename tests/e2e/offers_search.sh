#!/bin/sh
# offers_search.sh - CHERCHER sent to offres@ by a student: the published
# offers of their formations that match, then the pending ones.  Needs the
# inbound pipeline (mailers_register_inputs).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
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

# the handicap commitment: shown, and a filter when the search says "handicap"
sql "UPDATE offers SET handicap = 1 WHERE id = 1" >/dev/null
altc offer add --company 95181909300018 --title "Paie et administration" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location Annecy --description "Paie" >/dev/null
reply reply_plain.eml rp.gea@univ.example "$(outbox_key "SELECT id FROM outbox WHERE template = 'offer.to_validate' ORDER BY id DESC LIMIT 1")" VALIDER
search alice@etu.example "paie"
v=$(sql "SELECT vars FROM outbox WHERE template = 'offer.search' AND rcpt = 'alice@etu.example' ORDER BY id DESC LIMIT 1")
ok "without the word, both published offers" sh -c 'echo "$1" | grep -q "\"id\":1," && echo "$1" | grep -q "\"id\":3,"' _ "$v"
ok "the committed one says so" has "$v" '"id":1,[^}]*"handicap":true'
search alice@etu.example "paie handi-accueillant"
v=$(sql "SELECT vars FROM outbox WHERE template = 'offer.search' AND rcpt = 'alice@etu.example' ORDER BY id DESC LIMIT 1")
ok "with it, only the committed company's offer" sh -c 'echo "$1" | grep -q "\"id\":1," && ! echo "$1" | grep -q "\"id\":3,"' _ "$v"
search alice@etu.example "RQTH"
v=$(sql "SELECT vars FROM outbox WHERE template = 'offer.search' AND rcpt = 'alice@etu.example' ORDER BY id DESC LIMIT 1")
ok "the word alone lists the committed offers" has "$v" '"offers":\[{"id":1,'
shown=$(python3 - <<'PY'
import email, email.policy, glob
for p in glob.glob("spool/outbox/new/*"):
    m = email.message_from_binary_file(open(p, "rb"), policy=email.policy.default)
    b = m.get_body(("plain",))
    if b is not None and "engagée handicap" in b.get_content():
        print(p)
PY
)
ok "the mail shows the commitment" test -n "$shown"
sql "UPDATE offers SET handicap = 0 WHERE id = 1" >/dev/null
search alice@etu.example "RQTH"
v=$(sql "SELECT vars FROM outbox WHERE template = 'offer.search' AND rcpt = 'alice@etu.example' ORDER BY id DESC LIMIT 1")
ok "a commitment withdrawn leaves the filter" sh -c '! echo "$1" | grep -q "\"id\":1,"' _ "$v"

before=$(count_errors rh@benotti.example)
send chercher.eml rh@benotti.example offres@univ.example
eq "an employer cannot search" "$(count_errors rh@benotti.example)" $((before + 1))
e2e_done
