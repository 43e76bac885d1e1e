#!/bin/sh
# offers_submit.sh - offers mailed to offres@: a form with a PDF (the rp of
# each formation asked with a reply key, the PDF attached), a form with
# missing fields (one reply listing them, nothing created), an unknown
# sender (told how to register), a CSV of several offers; then the staff
# commands that show them.  Needs the inbound pipeline (mailers_register_inputs).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo

send submit_form_pdf.eml rh@benotti.example offres@univ.example
eq "the form creates one pending offer" "$(sql "SELECT state || ' ' || positions FROM offers")" "pending 2"
eq "one link per formation" "$(sql "SELECT count(*) FROM offer_formations WHERE state = 'pending'")" 2
eq "the PDF is stored" "$(sql "SELECT count(*) FROM documents WHERE type = 'offer' AND filename = 'paie.pdf'")" 1
f=$(sql "SELECT sha256 FROM documents")
ok "in the content-addressed store" test -s "var/docs/$(echo "$f" | cut -c1-2)/$f.pdf"
eq "offer.received to the employer" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.received' AND rcpt = 'rh@benotti.example'")" 1
eq "offer.to_validate to both rp and their delegated ga, with the PDF" \
    "$(sql "SELECT group_concat(rcpt) FROM (SELECT rcpt FROM outbox WHERE template = 'offer.to_validate' AND attachments LIKE '%paie.pdf%' ORDER BY rcpt)")" \
    "ga@univ.example,ga@univ.example,rp.gea@univ.example,rp.tc@univ.example"
ok "each with a key" test -n "$(key offer.to_validate rp.gea@univ.example)" -a -n "$(key offer.to_validate rp.tc@univ.example)"
eq "sent rows keep no clear key" "$(sql "SELECT count(*) FROM outbox WHERE state = 'sent' AND token IS NOT NULL")" 0

send submit_missing.eml rh@benotti.example offres@univ.example
eq "missing fields: nothing created" "$(sql "SELECT count(*) FROM offers")" 1
v=$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'rh@benotti.example'")
ok "the reply lists what is missing" has "$v" 'Durée, Lieu, Descriptif'
ok "and carries the form" has "$v" 'Intitulé :'
ok "the form keeps its lines" has "$v" '\\nIntitul'
ok "the input is refused into failed/ with its reason" \
    grep -q "missing fields: Durée, Lieu, Descriptif" spool/failed/*.reason

send submit_unknown.eml jobs@inconnue.example offres@univ.example
eq "unknown sender: nothing created" "$(sql "SELECT count(*) FROM offers")" 1
v=$(sql "SELECT vars FROM outbox WHERE rcpt = 'jobs@inconnue.example'")
ok "told how to register" has "$v" '"code":"unknown_sender".*inscription@'

# several offers in a CSV attachment
{
	printf 'From: rh@benotti.example\nTo: offres@univ.example\nSubject: offres\n'
	printf 'Message-ID: <e2e-csv-%s@benotti.example>\nMIME-Version: 1.0\n' $$
	printf 'Content-Type: multipart/mixed; boundary="c"\n\n--c\nContent-Type: text/plain\n\nVoici nos offres.\n'
	printf '\n--c\nContent-Type: text/csv; charset=UTF-8; name="offres.csv"\n'
	printf 'Content-Disposition: attachment; filename="offres.csv"\nContent-Transfer-Encoding: 8bit\n\n'
	cat "$FIX/offers.csv"
	printf '\n--c--\n'
} > csv.eml
altc deliver -r offres@univ.example < csv.eml && altc -q serve --once
eq "a CSV makes one offer per line" "$(sql "SELECT count(*) FROM offers")" 3

ok "offer list --format csv" sh -c "altc offer list --format csv | grep -q '^\"1\";\"pending\";\"Gestionnaire de paie en alternance\"'"
ok "offer list filters on the formation" sh -c "test \$(altc offer list --formation BUT3-GEA-GEMA --format csv | wc -l) = 2"
ok "offer show --format json" sh -c "altc offer show 1 --format json | grep -q '\"pdf\": \"paie.pdf\"'"
e2e_done
