#!/bin/sh
# student_followup.sh - a referent follows a student: NOTE and MESSAGE in
# reply to a mail about the student, `altc student note|message|history`,
# notes never mailed, a staff member who does not follow the student refused.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo
student lea@etu.example BUT3-GEA-GEMA
pdf cv.pdf 9000 lea
upload lea@etu.example "CV" plain "mon CV" cv.pdf
published_offer "Comptable" BUT3-GEA-GEMA
altc -q student set lea@etu.example --autonomous no
search lea@etu.example comptable
answer lea@etu.example "$(key offer.search lea@etu.example)" plain "POSTULER 1"
rk=$(key application.to_review rp.gea@univ.example)
ok "the referent is asked, with a key" test -n "$rk"

# by reply to the mail about the student
answer rp.gea@univ.example "$rk" outlook 'NOTE Dossier solide\nà suivre de près pour la lettre'
eq "a private note is kept" "$(sql "SELECT kind || '|' || body FROM student_notes")" \
    "note|Dossier solide
à suivre de près pour la lettre"
eq "and never mailed to the student" "$(count student.message lea@etu.example)" 0
answer rp.gea@univ.example "$rk" plain 'MESSAGE Pense à joindre ta lettre de motivation.'
eq "a message is mailed to the student" "$(count student.message lea@etu.example)" 1
ok "from the referent" has "$(sql "SELECT vars FROM outbox WHERE template = 'student.message'")" \
    '"message":"Pense à joindre ta lettre de motivation."'
answer rp.gea@univ.example "$rk" plain "VALIDER"
eq "the key still decides" "$(sql "SELECT state FROM applications WHERE id = 1")" pending

# the command line
ok "altc student note" altc -q student note lea@etu.example --by rp.gea@univ.example Entretien blanc prévu
ok "altc student message" altc -q student message lea@etu.example --by rp.gea@univ.example Bon courage
eq "mailed" "$(count student.message lea@etu.example)" 2
other=$(sql "SELECT email FROM users WHERE role IN ('rp', 'ga') AND email != 'rp.gea@univ.example'
    AND id NOT IN (SELECT ga_id FROM delegations) LIMIT 1")
if [ -n "$other" ]; then
	altc -q student note lea@etu.example --by "$other" "curieux" 2>/dev/null
	eq "a staff member who does not follow her is refused" "$?|$(sql "SELECT count(*) FROM student_notes")" "77|4"
fi
h=$(altc student history lea@etu.example)
ok "the history lists notes, messages and the application" sh -c "
    printf '%s\n' \"\$1\" | grep -q 'note	rp.gea@univ.example	Dossier solide' &&
    printf '%s\n' \"\$1\" | grep -q 'message	rp.gea@univ.example	Bon courage' &&
    printf '%s\n' \"\$1\" | grep -q 'application 1 referent_validate'" sh "$h"
e2e_done
