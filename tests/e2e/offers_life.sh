#!/bin/sh
# offers_life.sh - the employer's life cycle by reply (POURVUE, DUPLIQUER,
# PROLONGER, MODIFIER with form lines, RETIRER) and by the CLI, and the
# nightly offer-expiry job: the warning 7 days before with PROLONGER, then
# the archiving.  Needs the inbound pipeline (mailers_register_inputs).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo

altc offer add --company 80754009100004 --title "Comptable" --formations BUT3-GEA-GEMA \
    --duration "2 ans" --location Annecy --description "Tenue des comptes" >/dev/null
reply reply_iphone_lowercase.eml rp.gea@univ.example "$(key offer.to_validate rp.gea@univ.example)" valider
eq "a lower-case valider publishes" "$(sql "SELECT state FROM offers WHERE id = 1")" published
pub=$(key offer.published rh@benotti.example)
# the key of offer.published is the employer's, for that offer
eq "offer.published carries the employer's key to the offer" "$(sql "SELECT u.email || ' ' || t.object_type || ' ' || t.object_id FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = '$(printf %s "$pub" | tr A-Z a-z | sha256sum | cut -c1-64)'")" "rh@benotti.example offer 1"

reply reply_plain.eml rh@benotti.example "$pub" DUPLIQUER
eq "DUPLIQUER makes a pending copy" "$(sql "SELECT state || ' ' || duplicated_from FROM offers WHERE id = 2")" "pending 1"
reply reply_plain.eml rh@benotti.example "$pub" POURVUE
eq "POURVUE fills the offer" "$(sql "SELECT state FROM offers WHERE id = 1")" filled
before=$(count_errors rh@benotti.example)
reply reply_plain.eml rh@benotti.example "$pub" PROLONGER
eq "PROLONGER a filled offer is refused" "$(count_errors rh@benotti.example)" $((before + 1))

# MODIFIER with form lines: back to validation with a new key for the rp
copy=$(key offer.received rh@benotti.example)
n=$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate' AND rcpt LIKE 'rp.%'")
reply reply_plain.eml rh@benotti.example "$copy" "MODIFIER\\
Durée : 18 mois"
eq "the edit is applied" "$(sql "SELECT duration FROM offers WHERE id = 2")" "18 mois"
eq "and the rp asked again" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate' AND rcpt LIKE 'rp.%'")" $((n + 1))

# the CLI life cycle
ok "altc offer withdraw" altc -q offer withdraw 2
ok "altc offer archive" altc -q offer archive 2
eq "archived" "$(sql "SELECT state FROM offers WHERE id = 2")" archived
ok "altc offer fill on an archived offer fails" sh -c "! altc -q offer fill 2 2>/dev/null"

# expiry: 55 days later the employer is warned, after 61 days it is archived
altc offer add --company 80754009100004 --title "Commercial" --formations BUT3-TC-MDEE \
    --duration "1 an" --location Lyon --description "Vente" >/dev/null
reply reply_plain.eml rp.tc@univ.example "$(key offer.to_validate rp.tc@univ.example)" VALIDER
eq "published" "$(sql "SELECT state FROM offers WHERE id = 3")" published
now=$(date +%s)
ALTC_NOW=$((now + 55 * 86400)) altc -q serve --once
eq "offer.expiring 7 days before" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.expiring'")" 1
ALTC_NOW=$((now + 61 * 86400 + 3600)) altc -q serve --once
eq "archived at the expiry" "$(sql "SELECT state FROM offers WHERE id = 3")" archived
e2e_done
