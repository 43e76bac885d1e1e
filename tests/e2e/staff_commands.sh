#!/bin/sh
# staff_commands.sh - the referents' commands on any staff mail about a
# student: NOTE and MESSAGE in reply to a mission sheet's review (Outlook,
# Latin-1) with the sheet left undecided, a ga whose delegation was
# withdrawn refused, AUTONOMIE NON by reply confirmed with a key of its
# own, on which NOTE and MESSAGE work too, the student's next application
# then going to the referent's review, AUTONOMY YES in English on that
# mail, and the history telling it all.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/mission_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo
student alice@etu.example BUT3-GEA-GPRH
sql "UPDATE users SET first_name = 'Alice', last_name = 'Noël' WHERE email = 'alice@etu.example'" >/dev/null
alice=$(sql "SELECT id FROM users WHERE email = 'alice@etu.example'")

# a mission sheet submitted: the rp and the delegated ga are asked to review it
msend form_student_thunderbird.eml alice@etu.example missions@univ.example
mreply reply_bottom_thunderbird.eml alice@etu.example "$(mkey mission.draft alice@etu.example)" \
    "Activités : suivi des budgets"
mreply reply_bottom_thunderbird.eml alice@etu.example "$(mkey mission.draft alice@etu.example)" "SOUMETTRE"
eq "the sheet is submitted" "$(sql "SELECT state FROM missions")" submitted
rp=$(mkey mission.to_validate rp.gea@univ.example)
ga=$(mkey mission.to_validate ga@univ.example)
ok "the rp and the ga have a key each" test -n "$rp" -a -n "$ga"
# text FILE: the decoded text part of a mail
text() {
	python3 -c 'import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
print(m.get_body(("plain",)).get_content())' "$1"
}
# advertises FILE: whether a staff mail tells of the follow-up commands
advertises() {
	text "$1" > advert.txt &&
	    grep -q 'MESSAGE texte pour écrire à l’étudiant, NOTE texte pour une note privée' advert.txt &&
	    grep -q 'AUTONOMIE NON pour valider ses prochaines candidatures' advert.txt
}
ok "the review mail tells of the follow-up commands" advertises \
    spool/outbox/new/altc-"$(sql "SELECT id FROM outbox WHERE template = 'mission.to_validate' AND rcpt = 'rp.gea@univ.example'")".*

answer rp.gea@univ.example "$rp" plain "AIDE"
h=$(sql "SELECT vars FROM outbox WHERE template = 'reply.help' AND rcpt = 'rp.gea@univ.example'")
ok "AIDE on it lists the review's commands and the follow-up's" sh -c '
    for v in VALIDER REJETER MESSAGE NOTE AUTONOMIE; do
	printf "%s\n" "$1" | grep -q "\"verb\":\"$v\"" || exit 1
    done' sh "$h"

# NOTE and MESSAGE in reply to the mission sheet's review
mreply reply_outlook.eml rp.gea@univ.example "$rp" "NOTE Tuteur joignable, fiche claire."
ok "a note in reply to the mission review is kept" \
    has "$(sql "SELECT kind || '|' || body FROM student_notes WHERE student_id = $alice")" \
    "^note|Tuteur joignable, fiche claire."
eq "and never mailed" "$(count student.message alice@etu.example)" 0
mreply reply_outlook.eml ga@univ.example "$ga" "MESSAGE Pense à signer la convention de stage."
eq "the ga's message is mailed to the student" "$(count student.message alice@etu.example)" 1
ok "with its text" has "$(sql "SELECT vars FROM outbox WHERE template = 'student.message'")" \
    '"message":"Pense à signer la convention de stage.'
eq "the sheet is still to be decided" "$(sql "SELECT state FROM missions")" submitted

# a ga whose delegation was withdrawn no longer follows the student
sql "DELETE FROM delegations WHERE ga_id = (SELECT id FROM users WHERE email = 'ga@univ.example')" >/dev/null
n=$(sql "SELECT count(*) FROM student_notes")
mreply reply_outlook.eml ga@univ.example "$ga" "NOTE curieux"
e=$(last_error ga@univ.example)
ok "is refused" has "$e" '"code":"not_permitted".*"detail":"vous ne suivez pas cet étudiant"'
mreply reply_outlook.eml ga@univ.example "$ga" "AUTONOMIE NON"
eq "and changes nothing" "$(sql "SELECT count(*) FROM student_notes")|$(sql "SELECT autonomous FROM users WHERE id = $alice")" "$n|1"

# AUTONOMIE NON by reply: switched, audited, confirmed with a key
mreply reply_outlook.eml rp.gea@univ.example "$rp" "AUTONOMIE NON"
eq "the student is no longer autonomous" "$(sql "SELECT autonomous FROM users WHERE id = $alice")" 0
eq "audited with its author" "$(sql "SELECT actor || '|' || to_state FROM audit WHERE event = 'set_autonomous'")" \
    "rp.gea@univ.example|non_autonomous"
eq "the rp gets a confirmation" "$(count student.autonomy rp.gea@univ.example)" 1
ak=$(key student.autonomy rp.gea@univ.example)
ok "with a key" test -n "$ak"
answer rp.gea@univ.example "$ak" plain "AUTONOMIE peut-être"
ok "AUTONOMIE without OUI or NON is explained" has "$(last_error rp.gea@univ.example)" \
    "AUTONOMIE OUI ou AUTONOMIE NON"

# NOTE and MESSAGE in reply to that other staff mail
answer rp.gea@univ.example "$ak" plain "NOTE Suivi rapproché jusqu’à la signature"
answer rp.gea@univ.example "$ak" plain "MESSAGE Je relirai tes candidatures avant leur envoi."
eq "both kept" "$(sql "SELECT group_concat(kind, ',') FROM student_notes WHERE student_id = $alice")" \
    "note,message,note,message"
eq "the message mailed" "$(count student.message alice@etu.example)" 2

# the next application waits for the referent
pdf cv.pdf 9000 alice
upload alice@etu.example "CV" plain "mon CV" cv.pdf
published_offer "Comptable" BUT3-GEA-GPRH
search alice@etu.example comptable
answer alice@etu.example "$(key offer.search alice@etu.example)" plain "POSTULER 1"
eq "the next application goes to the referent's review" "$(sql "SELECT state FROM applications")" referent_review
tk=$(key application.to_review rp.gea@univ.example)
ok "the rp is asked" test -n "$tk"
eq "the employer is not told yet" "$(count application.received rh@benotti.example)" 0

# AUTONOMY YES, in English, on the review mail
answer rp.gea@univ.example "$tk" plain "AUTONOMY YES"
eq "autonomous again" "$(sql "SELECT autonomous FROM users WHERE id = $alice")" 1
eq "the application still waits for its decision" "$(sql "SELECT state FROM applications")" referent_review
h=$(altc student history alice@etu.example)
ok "the history tells it" sh -c "
    printf '%s\n' \"\$1\" | grep -q 'user $alice set_autonomous -> non_autonomous	rp.gea@univ.example' &&
    printf '%s\n' \"\$1\" | grep -q 'note	rp.gea@univ.example	Tuteur joignable' &&
    printf '%s\n' \"\$1\" | grep -q 'message	ga@univ.example	Pense à signer' &&
    printf '%s\n' \"\$1\" | grep -q 'mission 1 '" sh "$h"
e2e_done
