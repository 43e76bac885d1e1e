#!/bin/sh
# company_handover.sh - the company's referent hands the role over by mail
# (REFERENT address, to inscription@); both are told; only the referent
# may do it, and only to an active colleague of the company.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
mail m.eml inscription.eml lea@alpes.example && sed 's/SIRETVALUE/73282932000074/' m.eml > a.eml
altc deliver -r inscription@univ.example < a.eml && altc -q serve --once
reply reply_plain.eml lea@alpes.example "$(key account.confirm_email lea@alpes.example)" CONFIRMER
mail m.eml inscription.eml marc@alpes.example && sed 's/SIRETVALUE/73282932000074/' m.eml > b.eml
altc deliver -r inscription@univ.example < b.eml && altc -q serve --once
reply reply_plain.eml marc@alpes.example "$(key account.confirm_email marc@alpes.example)" CONFIRMER
reply reply_plain.eml lea@alpes.example "$(key account.collaborator_request lea@alpes.example)" APPROUVER
eq "two active people, lea the referent" "$(sql "SELECT group_concat(email || ':' || company_referent) FROM (SELECT email, company_referent FROM users WHERE email LIKE '%@alpes.example' ORDER BY email)")" "lea@alpes.example:1,marc@alpes.example:0"

send reply_plain.eml marc@alpes.example inscription@univ.example "REFERENT marc@alpes.example"
eq "a colleague cannot take the role" "$(sql "SELECT email FROM users u JOIN companies c ON c.referent_id = u.id WHERE c.siret = '73282932000074'")" lea@alpes.example
ok "and is told why" has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'marc@alpes.example'")" "seul le référent"

send reply_plain.eml lea@alpes.example inscription@univ.example "Référent : inconnu@alpes.example"
ok "the role goes only to an active colleague" has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'lea@alpes.example'")" "inconnu@alpes.example"

send reply_plain.eml lea@alpes.example inscription@univ.example "REFERENT marc@alpes.example"
eq "REFERENT by mail hands the role over" "$(sql "SELECT email FROM users u JOIN companies c ON c.referent_id = u.id WHERE c.siret = '73282932000074'")" marc@alpes.example
eq "one referent only" "$(sql "SELECT group_concat(email) FROM users WHERE company_referent = 1 AND email LIKE '%@alpes.example'")" marc@alpes.example
eq "the new referent is told" "$(sql "SELECT json_extract(vars, '\$.is_new') FROM outbox WHERE template = 'account.referent' AND rcpt = 'marc@alpes.example'")" 1
eq "and the former one" "$(sql "SELECT json_extract(vars, '\$.is_new') FROM outbox WHERE template = 'account.referent' AND rcpt = 'lea@alpes.example'")" 0
e2e_done
