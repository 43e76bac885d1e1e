#!/bin/sh
# offers_company.sh - employer accounts: registration at inscription@ (SIRET
# checked), confirmation by reply, a collaborator of a known SIRET approved
# by the referent, the referent handed over, and the staff commands.
# Needs the inbound pipeline (mailers_register_inputs).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo

mail m.eml inscription.eml lea@alpes.example && sed 's/SIRETVALUE/80754009100005/' m.eml > bad.eml
altc deliver -r inscription@univ.example < bad.eml && altc -q serve --once
eq "a bad SIRET creates nothing" "$(sql "SELECT count(*) FROM users WHERE email = 'lea@alpes.example'")" 0
eq "and is answered" "$(count_errors lea@alpes.example)" 1

mail m.eml inscription.eml lea@alpes.example && sed 's/SIRETVALUE/73282932000074/' m.eml > good.eml
altc deliver -r inscription@univ.example < good.eml && altc -q serve --once
eq "the account waits for its address" "$(sql "SELECT state FROM users WHERE email = 'lea@alpes.example'")" unconfirmed
k=$(key account.confirm_email lea@alpes.example)
# the key is Léa's alone: the same reply from another address confirms nothing
reply reply_plain.eml marc@alpes.example "$k" "CONFIRMER"
eq "the confirmation key works only for its owner" "$(sql "SELECT state FROM users WHERE email = 'lea@alpes.example'")" unconfirmed
reply reply_plain.eml lea@alpes.example "$k" "CONFIRMER"
eq "a reply confirms" "$(sql "SELECT u.state || ' ' || c.state FROM users u JOIN companies c ON c.id = u.company_id WHERE u.email = 'lea@alpes.example'")" "active active"
eq "the key is spent by the confirmation" "$(sql "SELECT count(*) FROM tokens t JOIN users u ON u.id = t.user_id WHERE u.email = 'lea@alpes.example' AND t.purpose LIKE '%confirm%' AND (t.uses >= t.max_uses OR t.revoked = 1)")" 1

mail m.eml inscription.eml marc@alpes.example && sed 's/SIRETVALUE/732 829 320 00074/' m.eml > second.eml
altc deliver -r inscription@univ.example < second.eml && altc -q serve --once
reply reply_plain.eml marc@alpes.example "$(key account.confirm_email marc@alpes.example)" "OK"
eq "a second person awaits the referent" "$(sql "SELECT state FROM users WHERE email = 'marc@alpes.example'")" awaiting_approval
reply reply_plain.eml lea@alpes.example "$(key account.collaborator_request lea@alpes.example)" APPROUVER
eq "the referent approves" "$(sql "SELECT state FROM users WHERE email = 'marc@alpes.example'")" active

ok "altc company referent hands the role over" altc -q company referent 73282932000074 marc@alpes.example
v=$(altc company show 73282932000074 --format csv)
ok "altc company show names the referent" has "$v" '"marc@alpes.example";"[^"]*";"active";"1"'
ok "altc company add" altc -q company add --siret 35600000049837 --name "La Poste Annecy" --email poste@laposte.example
ok "altc company list --format json" sh -c "altc company list --format json | grep -q 'La Poste Annecy'"
e2e_done
