#!/bin/sh
# cvtheque.sh - the CV library by mail: an employer writes PROFILS and a few
# words to offres@ and gets anonymous summaries of the matching students
# (never a name or an address, never a student who shows nothing); DETAIL n
# shows what the student agreed to show, their CV only when they said so,
# and only to an employer with an offer published; CONTACTER n OFFRE m
# sends the student the offer with the employer's message, and the student
# applies by answering POSTULER.  A student may not search; an unknown word
# list gets the closest profiles; staff see every registered student.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
# lacks TEXT PATTERN: TEXT does not match the grep pattern
lacks() { ! has "$1" "$2"; }
e2e_instance --demo
student lea@etu.example BUT3-GEA-GEMA
student tom@etu.example BUT3-GEA-GEMA
student zoe@etu.example BUT3-GEA-GPRH
sql "UPDATE users SET first_name = 'Léa', last_name = 'Martin' WHERE email = 'lea@etu.example'" >/dev/null
sql "UPDATE users SET first_name = 'Tom', last_name = 'Petit' WHERE email = 'tom@etu.example'" >/dev/null
sql "UPDATE users SET first_name = 'Zoé', last_name = 'Roux' WHERE email = 'zoe@etu.example'" >/dev/null
sql "UPDATE users SET company_id = (SELECT id FROM companies WHERE siret = '80754009100004')
    WHERE email = 'rh@benotti.example'" >/dev/null
altc recommend profile --student lea@etu.example "Compétences=Excel, SAP" "Lieu=74000 Annecy" \
    "Montrer=prénom, formation, compétences, CV" >/dev/null 2>&1
altc recommend profile --student tom@etu.example "Compétences=compta, Excel" "Lieu=Lyon" \
    "Mobilité=nationale" >/dev/null 2>&1
altc recommend profile --student zoe@etu.example "Compétences=Excel" "Lieu=Annecy" >/dev/null 2>&1
sql "UPDATE users SET profile_show = 'none' WHERE email = 'zoe@etu.example'" >/dev/null
pdf cv.pdf 20000 lea
upload lea@etu.example "CV" plain "mon CV" cv.pdf
pdf cv-tom.pdf 15000 tom
upload tom@etu.example "CV" plain "mon CV" cv-tom.pdf
lea=$(sql "SELECT id FROM users WHERE email = 'lea@etu.example'")
tom=$(sql "SELECT id FROM users WHERE email = 'tom@etu.example'")
zoe=$(sql "SELECT id FROM users WHERE email = 'zoe@etu.example'")

# PROFILS at offres@: every word must match, the list is anonymous
$APPS_PY mail rh@benotti.example offres@univ.example "CVthèque" outlook "PROFILS excel Annecy" > p.eml
altc deliver -r offres@univ.example < p.eml && altc -q serve --once
eq "the employer gets the CV library's answer" "$(count recommend.cvtheque rh@benotti.example)" 1
v=$(sql "SELECT vars FROM outbox WHERE template = 'recommend.cvtheque' ORDER BY id DESC LIMIT 1")
ok "Léa matches excel and Annecy" has "$v" "\"profile_id\":$lea"
ok "so does Tom, who goes anywhere in France" has "$v" "\"profile_id\":$tom"
ok "Zoé, who shows nothing, is not listed" lacks "$v" "\"profile_id\":$zoe"
ok "what Léa shows: her skills" has "$v" "compétences : Excel, SAP"
ok "Tom's place is not shown (not in his choice)" lacks "$v" 'Lyon'
ok "no name in the list" lacks "$v" 'Léa\|Martin\|Petit'
ok "no address" lacks "$v" 'etu.example'
ck=$(key recommend.cvtheque rh@benotti.example)
ok "the answer carries a key" test -n "$ck"

# a search no profile fully matches: the closest ones
answer rh@benotti.example "$ck" gmail-html "PROFILS SAP Marseille"
v=$(sql "SELECT vars FROM outbox WHERE template = 'recommend.cvtheque' ORDER BY id DESC LIMIT 1")
ok "no profile has every word: the closest, said so" has "$v" '"partial":true'
ok "Léa (SAP) is the closest" has "$v" "\"profile_id\":$lea"

# DETAIL before the company has an offer published: refused
e=$(count_errors rh@benotti.example)
answer rh@benotti.example "$ck" plain "DETAIL $lea"
eq "DETAIL needs an offer published" "$(count_errors rh@benotti.example)" $((e + 1))
ok "the refusal says so in French" has "$(last_error rh@benotti.example)" "employeurs qui ont une offre publiée"

published_offer "Assistant comptable" BUT3-GEA-GEMA
offer=$(sql "SELECT max(id) FROM offers")
answer rh@benotti.example "$ck" thunderbird "DETAIL $lea"
eq "DETAIL: the profile as far as Léa shows it" "$(count recommend.cv_detail rh@benotti.example)" 1
v=$(sql "SELECT vars || attachments FROM outbox WHERE template = 'recommend.cv_detail'")
ok "her first name, not her last name" has "$v" '"name":"Léa"'
ok "her CV attached, as she agreed" has "$v" "cv.pdf"
answer rh@benotti.example "$ck" iphone "DETAIL $tom"
v=$(sql "SELECT coalesce(attachments, '') FROM outbox WHERE template = 'recommend.cv_detail' ORDER BY id DESC LIMIT 1")
eq "Tom has a CV but did not agree to show it" "$v" ""
e=$(count_errors rh@benotti.example)
answer rh@benotti.example "$ck" plain "DETAIL $zoe"
eq "a student who shows nothing has no detail either" "$(count_errors rh@benotti.example)" $((e + 1))

# CONTACTER: the offer and the message to the student, without the addresses
answer rh@benotti.example "$ck" outlook "CONTACTER $lea OFFRE $offer Bonjour Léa, votre profil nous intéresse."
eq "the student gets the offer" "$(count recommend.contact lea@etu.example)" 1
v=$(sql "SELECT vars FROM outbox WHERE template = 'recommend.contact'")
ok "with the employer's message" has "$v" "votre profil nous intéresse"
ok "and not the employer's address" lacks "$v" 'benotti.example'
eq "the employer is told it went" "$(count recommend.contact_sent rh@benotti.example)" 1
e=$(count_errors rh@benotti.example)
answer rh@benotti.example "$ck" plain "CONTACTER $lea OFFRE 999"
eq "an offer that is not theirs is refused" "$(count_errors rh@benotti.example)" $((e + 1))
ok "naming it" has "$(last_error rh@benotti.example)" "999"

# the student applies by answering the contact mail
lk=$(key recommend.contact lea@etu.example)
answer lea@etu.example "$lk" iphone "POSTULER"
eq "POSTULER to the contact mail applies to the offer" \
    "$(sql "SELECT count(*) FROM applications WHERE offer_id = $offer AND student_id = $lea")" 1

# the RQTH status: searched and shown only when the student shows it
altc recommend profile --student tom@etu.example "RQTH=oui" >/dev/null 2>&1
eq "tom declares RQTH" "$(sql "SELECT disability FROM users WHERE id = $tom")" rqth
answer rh@benotti.example "$ck" plain "PROFILS RQTH"
v=$(sql "SELECT vars FROM outbox WHERE template = 'recommend.cvtheque' AND rcpt = 'rh@benotti.example' ORDER BY id DESC LIMIT 1")
ok "not found by it while he does not show it" lacks "$v" "\"profile_id\":$tom"
ok "nor shown" lacks "$v" "travailleur handicapé"
altc recommend profile --student tom@etu.example "Montrer=prénom, compétences, RQTH" >/dev/null 2>&1
answer rh@benotti.example "$ck" plain "PROFILS RQTH compta"
v=$(sql "SELECT vars FROM outbox WHERE template = 'recommend.cvtheque' AND rcpt = 'rh@benotti.example' ORDER BY id DESC LIMIT 1")
ok "once shown, found by it" has "$v" "\"profile_id\":$tom"
ok "and shown in words" has "$v" "travailleur handicapé (RQTH)"

# a student may not search; staff see every registered student
e=$(count_errors lea@etu.example)
$APPS_PY mail lea@etu.example offres@univ.example "profils" plain "PROFILS excel" > s.eml
altc deliver -r offres@univ.example < s.eml && altc -q serve --once
eq "a student may not use the CV library" "$(count_errors lea@etu.example)" $((e + 1))
$APPS_PY mail rp.gea@univ.example offres@univ.example "profils" plain "PROFILS excel" > r.eml
altc deliver -r offres@univ.example < r.eml && altc -q serve --once
v=$(sql "SELECT vars FROM outbox WHERE template = 'recommend.cvtheque' AND rcpt = 'rp.gea@univ.example'")
ok "staff search too" has "$v" "\"profile_id\":$lea"
answer rh@benotti.example "$ck" plain "PROFILES accounting"
v=$(sql "SELECT vars FROM outbox WHERE template = 'recommend.cvtheque' AND rcpt = 'rh@benotti.example' ORDER BY id DESC LIMIT 1")
ok "English words reach the same values (accounting: Tom's compta)" has "$v" "\"profile_id\":$tom"
ok "and not the others" lacks "$v" "\"profile_id\":$lea"
e2e_done
