#!/bin/sh
# student_add.sh - a student who was not in an import gets an account one
# at a time: `altc student add`, or a staff member's mail to inscription@
# (ETUDIANT and form lines); the invitation goes out as after an import.
# Only the formation's rp, a ga or an admin may add; employers still
# register at the same address.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo

ok "altc student add" sh -c 'altc -q student add --email Lina.Haddad@etu.example --first-name Lina --last-name Haddad --formation BUT3-GEA-GPRH --birth-date 12/05/2005 >/dev/null'
eq "the student is created, waiting for signup" "$(sql "SELECT state || ' ' || first_name || ' ' || last_name || ' ' || birth_date FROM users WHERE email = 'lina.haddad@etu.example'")" "imported Lina Haddad 2005-05-12"
eq "in the formation" "$(sql "SELECT f.code FROM student_formations s JOIN formations f ON f.id = s.formation_id JOIN users u ON u.id = s.student_id WHERE u.email = 'lina.haddad@etu.example'")" BUT3-GEA-GPRH
ok "with the invitation and its signup key" test -n "$(key import.invitation lina.haddad@etu.example)"
ok "adding her twice fails" sh -c '! altc -q student add --email lina.haddad@etu.example --first-name Lina --last-name Haddad --formation BUT3-GEA-GPRH 2>/dev/null'
ok "an unknown formation fails" sh -c '! altc -q student add --email x@etu.example --first-name X --last-name Y --formation NOPE 2>/dev/null'

send reply_plain.eml rp.gea@univ.example inscription@univ.example "ETUDIANT\\
Nom : Moreau\\
Prénom : Hugo\\
E-mail : hugo.moreau@etu.example\\
Formation : BUT3-GEA-GPRH\\
Date de naissance : 2004-09-30"
eq "the rp adds a student by mail" "$(sql "SELECT state || ' ' || birth_date FROM users WHERE email = 'hugo.moreau@etu.example'")" "imported 2004-09-30"
ok "who is invited" test -n "$(key import.invitation hugo.moreau@etu.example)"
eq "without an error" "$(count_errors rp.gea@univ.example)" 0

send reply_plain.eml rp.tc@univ.example inscription@univ.example "ETUDIANT\\
Nom : Petit\\
Prénom : Jade\\
E-mail : jade.petit@etu.example\\
Formation : BUT3-GEA-GPRH"
eq "an rp of another formation cannot" "$(sql "SELECT count(*) FROM users WHERE email = 'jade.petit@etu.example'")" 0
ok "and is told who can" has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'rp.tc@univ.example'")" "seuls le responsable"

send reply_plain.eml ga@univ.example inscription@univ.example "Etudiant\\
Nom : Petit\\
Prénom : Jade\\
E-mail : jade.petit@etu.example"
ok "a missing field is named" has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'ga@univ.example'")" "Formation"
send reply_plain.eml ga@univ.example inscription@univ.example "ETUDIANT\\
Nom : Petit\\
Prénom : Jade\\
E-mail : jade.petit@etu.example\\
Formation : BUT3-TC-MDEE"
eq "a ga adds one" "$(sql "SELECT state FROM users WHERE email = 'jade.petit@etu.example'")" imported

send reply_plain.eml rh@benotti.example inscription@univ.example "ETUDIANT\\
Nom : Faux\\
Prénom : Eve\\
E-mail : eve@etu.example\\
Formation : BUT3-TC-MDEE"
eq "an employer cannot" "$(sql "SELECT count(*) FROM users WHERE email = 'eve@etu.example'")" 0

mail m.eml inscription.eml lea@alpes.example && sed 's/SIRETVALUE/73282932000074/' m.eml > good.eml
altc deliver -r inscription@univ.example < good.eml && altc -q serve --once
eq "employers still register at inscription@" "$(sql "SELECT state FROM users WHERE email = 'lea@alpes.example'")" unconfirmed
e2e_done
