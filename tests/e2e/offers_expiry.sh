#!/bin/sh
# offers_expiry.sh - `altc sweep` runs the offers' expiry with the rest of
# the sweep: the employer is warned 7 days before and told to reply
# PROLONGER; the reply extends the offer; an offer past its expiry is
# archived by the next `altc sweep`.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
altc offer add --company 80754009100004 --title "Commercial" --formations BUT3-TC-MDEE \
    --duration "1 an" --location Lyon --description "Vente" >/dev/null 2>&1
reply reply_plain.eml rp.tc@univ.example "$(key offer.to_validate rp.tc@univ.example)" VALIDER
eq "published" "$(sql "SELECT state FROM offers WHERE title = 'Commercial'")" published
now=$(date +%s)

ALTC_NOW=$((now + 55 * 86400)) altc -q sweep >/dev/null 2>&1
eq "altc sweep warns the employer 7 days before" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.expiring'")" 1
k=$(key offer.expiring rh@benotti.example)
ok "with the employer's key" test -n "$k"
ALTC_NOW=$((now + 55 * 86400)) altc -q outbox flush >/dev/null
f=$(grep -l "^Reply-To: reply+$k@" spool/outbox/*/* | head -1)
ok "the warning tells to reply PROLONGER" sh -c 'grep -q "PROLONGER" "$1" && ! grep -q "renvoyez-la" "$1"' _ "$f"
before=$(sql "SELECT expires_at FROM offers WHERE title = 'Commercial'")
ALTC_NOW=$((now + 56 * 86400)) reply reply_plain.eml rh@benotti.example "$k" PROLONGER
ok "PROLONGER extends the offer" test "$(sql "SELECT expires_at FROM offers WHERE title = 'Commercial'")" -gt "$before"

altc offer add --company 80754009100004 --title "Vendeur" --formations BUT3-TC-MDEE \
    --duration "1 an" --location Lyon --description "Vente" --expires "$(date -u -d @$((now + 10 * 86400)) +%Y-%m-%d)" >/dev/null 2>&1
reply reply_plain.eml rp.tc@univ.example "$(key offer.to_validate rp.tc@univ.example)" VALIDER
ALTC_NOW=$((now + 12 * 86400)) altc -q sweep >/dev/null 2>&1
eq "altc sweep archives an offer past its expiry" "$(sql "SELECT state FROM offers WHERE title = 'Vendeur'")" archived
eq "and leaves the extended one published" "$(sql "SELECT state FROM offers WHERE title = 'Commercial'")" published
e2e_done
