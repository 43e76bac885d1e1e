#!/bin/sh
# offers_review.sh - validation by reply, per formation: VALIDER with a
# rating (Thunderbird), REJETER with a motif (Outlook, iso-8859-1), a
# lower-case "valider" from a phone, TRANSFERER, RECOMMANDER; and the
# illegal replies, each answered with reply.error and changing nothing:
# validating twice, a reply from another address, a ga without delegation,
# an rp of another formation, a reply after the offer was withdrawn.
# Needs the inbound pipeline (mailers_register_inputs).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
student alice@etu.example BUT3-GEA-GPRH

send submit_form_pdf.eml rh@benotti.example offres@univ.example
gea=$(key offer.to_validate rp.gea@univ.example)
tc=$(key offer.to_validate rp.tc@univ.example)

reply reply_valider_thunderbird.eml rp.gea@univ.example "$gea"
eq "VALIDER 4 publishes the offer" "$(sql "SELECT state FROM offers WHERE id = 1")" published
eq "with the rating and the comment" "$(sql "SELECT rating || ' ' || comment FROM offer_formations WHERE state = 'validated'")" \
    "4 Missions claires et bien encadrées."
eq "offer.published to the employer" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.published'")" 1
eq "the students of the formation are told (an optional alert, in their digest)" \
    "$(sql "SELECT count(*) FROM notifications WHERE kind = 'offer.new_for_formation' AND importance = 'optional'")" 1

before=$(count_errors rp.gea@univ.example)
reply reply_iphone_lowercase.eml rp.gea@univ.example "$gea" valider
eq "validating twice is answered with an error" "$(count_errors rp.gea@univ.example)" $((before + 1))
eq "and changes nothing" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.published'")" 1

before=$(count_errors rp.tc@univ.example)
reply reply_plain.eml rp.tc@univ.example "$gea" "REJETER pas pour nous"
eq "a reply from another address changes nothing" "$(sql "SELECT state FROM offer_formations WHERE rowid = 1")" validated
ok "and is answered (the owner is told)" test "$(sql "SELECT count(*) FROM outbox WHERE template = 'reply.error'")" -gt 1

reply reply_rejeter_outlook.eml rp.tc@univ.example "$tc"
eq "Rejeter : motif (Outlook) rejects that formation" \
    "$(sql "SELECT l.state FROM offer_formations l JOIN formations f ON f.id = l.formation_id WHERE f.code = 'BUT3-TC-MDEE'")" rejected
v=$(sql "SELECT vars FROM outbox WHERE template = 'offer.rejected'")
ok "offer.rejected carries the motif" has "$v" 'plutôt de la GEA'
eq "the offer stays published" "$(sql "SELECT state FROM offers WHERE id = 1")" published

reply reply_plain.eml rp.gea@univ.example "$gea" "RECOMMANDER alice@etu.example"
eq "RECOMMANDER records a manual recommendation" "$(sql "SELECT count(*) FROM recommendations WHERE manual = 1")" 1
eq "and tells the student at once" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.new_for_formation' AND rcpt = 'alice@etu.example'")" 1

# a second offer for GEA only, transferred to the ga
altc offer add --company 80754009100004 --title "Assistant paie" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location Annecy --description "Paie" >/dev/null
gea2=$(key offer.to_validate rp.gea@univ.example)
reply reply_plain.eml rp.gea@univ.example "$gea2" "TRANSFERER ga@univ.example"
ga=$(key offer.transferred ga@univ.example)
eq "TRANSFERER sends offer.transferred with a key of the ga" "$(sql "SELECT u.email || ' ' || t.object_type || ' ' || t.revoked FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = '$(printf %s "$ga" | tr A-Z a-z | sha256sum | cut -c1-64)'")" "ga@univ.example offer_formation 0"
before=$(count_errors rp.gea@univ.example)
reply reply_plain.eml rp.gea@univ.example "$gea2" VALIDER
eq "the rp's old key no longer decides" "$(count_errors rp.gea@univ.example)" $((before + 1))
eq "and the transferred link is still pending" "$(sql "SELECT state FROM offer_formations WHERE offer_id = 2")" pending
sql "DELETE FROM delegations" >/dev/null
before=$(count_errors ga@univ.example)
reply reply_plain.eml ga@univ.example "$ga" VALIDER
eq "a ga without delegation is refused" "$(count_errors ga@univ.example)" $((before + 1))
eq "and the link stays pending" "$(sql "SELECT state FROM offers WHERE id = 2")" pending

# an rp of another formation holding an old key
reply reply_plain.eml ga@univ.example "$ga" "TRANSFERER rp.tc@univ.example" || true
sql "INSERT INTO delegations (rp_id, ga_id) SELECT r.id, g.id FROM users r, users g WHERE r.email = 'rp.gea@univ.example' AND g.email = 'ga@univ.example'" >/dev/null
reply reply_plain.eml ga@univ.example "$ga" "TRANSFERER rp.tc@univ.example"
tc2=$(key offer.transferred rp.tc@univ.example)
sql "UPDATE offer_formations SET assigned_to = (SELECT id FROM users WHERE email = 'rp.gea@univ.example') WHERE offer_id = 2" >/dev/null
before=$(count_errors rp.tc@univ.example)
reply reply_plain.eml rp.tc@univ.example "$tc2" VALIDER
eq "an rp of another formation is refused" "$(count_errors rp.tc@univ.example)" $((before + 1))
eq "nothing published" "$(sql "SELECT state FROM offers WHERE id = 2")" pending

# the employer withdraws a third offer: the reviewer's reply is then refused
altc offer add --company 80754009100004 --title "Assistant RH" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location Annecy --description "RH" >/dev/null
gea3=$(key offer.to_validate rp.gea@univ.example)
owner=$(key offer.received rh@benotti.example)
reply reply_plain.eml rh@benotti.example "$owner" RETIRER
eq "RETIRER withdraws" "$(sql "SELECT state FROM offers WHERE id = 3")" withdrawn
before=$(count_errors rp.gea@univ.example)
reply reply_plain.eml rp.gea@univ.example "$gea3" VALIDER
eq "a reply after the withdrawal is refused" "$(count_errors rp.gea@univ.example)" $((before + 1))
eq "the offer stays withdrawn" "$(sql "SELECT state FROM offers WHERE id = 3")" withdrawn
e2e_done
