#!/bin/sh
# student_add.sh - a student who was not in an import gets an account one
# at a time: `altc student add`, or a staff member's mail to inscription@
# (ETUDIANT and form lines); the invitation goes out as after an import.
# Only the formation's rp, a ga or an admin may add; employers still
# register at the same address.  A From address is forgeable: the mail to
# inscription@ creates nothing until the staff member answers CONFIRMER
# (CONFIRM) to the summary mailed to their own address (an Outlook and an
# iPhone reply here), ANNULER drops it, the key serves once and only its
# owner; a mail the trusted MTA finds dmarc=pass for is applied at once.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo
conf security trusted_authserv_id mx.univ.example

ok "altc student add" sh -c 'altc -q student add --email Lina.Haddad@etu.example --first-name Lina --last-name Haddad --formation BUT3-GEA-GPRH --birth-date 12/05/2005 >/dev/null'
eq "the student is created, waiting for signup" "$(sql "SELECT state || ' ' || first_name || ' ' || last_name || ' ' || birth_date FROM users WHERE email = 'lina.haddad@etu.example'")" "imported Lina Haddad 2005-05-12"
eq "in the formation" "$(sql "SELECT f.code FROM student_formations s JOIN formations f ON f.id = s.formation_id JOIN users u ON u.id = s.student_id WHERE u.email = 'lina.haddad@etu.example'")" BUT3-GEA-GPRH
ok "with the invitation and its signup key" test -n "$(key import.invitation lina.haddad@etu.example)"
ok "adding her twice fails" sh -c '! altc -q student add --email lina.haddad@etu.example --first-name Lina --last-name Haddad --formation BUT3-GEA-GPRH 2>/dev/null'
ok "an unknown formation fails" sh -c '! altc -q student add --email x@etu.example --first-name X --last-name Y --formation NOPE 2>/dev/null'

# a mail at inscription@ proves nothing of its sender: anyone could have written it
send reply_plain.eml rp.gea@univ.example inscription@univ.example "ETUDIANT\\
Nom : Moreau\\
Prénom : Hugo\\
E-mail : hugo.moreau@etu.example\\
Formation : BUT3-GEA-GPRH\\
Date de naissance : 2004-09-30"
eq "ETUDIANT at inscription@ creates nothing at once" "$(sql "SELECT count(*) FROM users WHERE email = 'hugo.moreau@etu.example'")" 0
eq "nor invites anyone" "$(count import.invitation hugo.moreau@etu.example)" 0
ok "the rp is asked to confirm, at her own address" has "$(sql "SELECT vars FROM outbox WHERE template = 'staff.confirm' AND rcpt = 'rp.gea@univ.example'")" '"is_students":true'
ok "the summary names the student and the formation" has "$(sql "SELECT vars FROM outbox WHERE template = 'staff.confirm' AND rcpt = 'rp.gea@univ.example'")" 'hugo.moreau@etu.example.*BUT3-GEA-GPRH'
ck=$(key staff.confirm rp.gea@univ.example)
ok "with a reply key" test -n "$ck"
eq "the request is audited" "$(sql "SELECT count(*) FROM audit WHERE event = 'command.held' AND actor = 'rp.gea@univ.example'")" 1
# someone else answering the key changes nothing
answer rp.tc@univ.example "$ck" plain "CONFIRMER"
eq "a CONFIRMER from another address is refused" "$(sql "SELECT count(*) FROM users WHERE email = 'hugo.moreau@etu.example'")" 0
ok "and its sender told" has "$(last_error rp.tc@univ.example)" '"code":"wrong_sender"'
ok "and the rp warned" has "$(last_error rp.gea@univ.example)" '"code":"foreign_reply"'
# the rp confirms from her iPhone
answer rp.gea@univ.example "$ck" iphone "CONFIRMER"
eq "CONFIRMER adds the student" "$(sql "SELECT state || ' ' || birth_date FROM users WHERE email = 'hugo.moreau@etu.example'")" "imported 2004-09-30"
ok "who is invited" test -n "$(key import.invitation hugo.moreau@etu.example)"
eq "without an error" "$(sql "SELECT count(*) FROM outbox WHERE template = 'reply.error' AND rcpt = 'rp.gea@univ.example' AND vars NOT LIKE '%foreign_reply%'")" 0
eq "the confirmation is audited" "$(sql "SELECT count(*) FROM audit WHERE event = 'command.confirmed' AND actor = 'rp.gea@univ.example'")" 1
answer rp.gea@univ.example "$ck" outlook "CONFIRMER"
ok "a second CONFIRMER on the spent key is told it was already done" has "$(last_error rp.gea@univ.example)" '"code":"spent_token"'
eq "and adds nothing more" "$(sql "SELECT count(*) FROM student_formations s JOIN users u ON u.id = s.student_id WHERE u.email = 'hugo.moreau@etu.example'")" 1
eq "nor invites again" "$(count import.invitation hugo.moreau@etu.example)" 1

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
ck=$(key staff.confirm ga@univ.example)
answer ga@univ.example "$ck" plain "ANNULER"
eq "ANNULER creates nothing" "$(sql "SELECT count(*) FROM users WHERE email = 'jade.petit@etu.example'")" 0
ok "and is acknowledged" has "$(sql "SELECT vars FROM outbox WHERE template = 'staff.confirm' AND rcpt = 'ga@univ.example' ORDER BY id DESC LIMIT 1")" '"is_cancelled":true'
eq "the cancellation is audited" "$(sql "SELECT count(*) FROM audit WHERE event = 'command.cancelled' AND actor = 'ga@univ.example'")" 1
answer ga@univ.example "$ck" outlook "CONFIRMER"
eq "the cancelled key confirms nothing" "$(sql "SELECT count(*) FROM users WHERE email = 'jade.petit@etu.example'")" 0
ok "and says the request was dealt with" has "$(last_error ga@univ.example)" '"code":"spent_token"'

send reply_plain.eml ga@univ.example inscription@univ.example "ETUDIANT\\
Nom : Petit\\
Prénom : Jade\\
E-mail : jade.petit@etu.example\\
Formation : BUT3-TC-MDEE"
answer ga@univ.example "$(key staff.confirm ga@univ.example)" outlook "CONFIRM"
eq "a ga adds one, confirmed from Outlook (CONFIRM)" "$(sql "SELECT state FROM users WHERE email = 'jade.petit@etu.example'")" imported

# the trusted MTA vouches for the sender's domain: applied at once
mail m.eml reply_plain.eml ga@univ.example none "ETUDIANT\\
Nom : Roy\\
Prénom : Inès\\
E-mail : ines.roy@etu.example\\
Formation : BUT3-TC-MDEE"
{ printf 'Authentication-Results: mx.univ.example; spf=pass smtp.mailfrom=univ.example; dmarc=pass header.from=univ.example\n'; cat m.eml; } > dmarc.eml
held=$(count staff.confirm ga@univ.example)
altc deliver -r inscription@univ.example < dmarc.eml && altc -q serve --once
eq "with dmarc=pass from the trusted MTA, ETUDIANT applies at once" "$(sql "SELECT state FROM users WHERE email = 'ines.roy@etu.example'")" imported
eq "without a confirmation request" "$(count staff.confirm ga@univ.example)" "$held"

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
