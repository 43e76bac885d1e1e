#!/bin/sh
# applications_referent.sh - a non-autonomous student: the application goes
# to the referent first (referent_review), who answers VALIDER or REFUSER
# motif; the employer sees nothing before that.  Then an offer filled with
# open applications closes them politely, the reminder to a silent employer,
# and applying to a filled offer.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo
for s in lea tom zoe max; do
	student $s@etu.example BUT3-GEA-GEMA
	pdf cv-$s.pdf 12000 $s
	upload $s@etu.example "CV" plain "mon CV" cv-$s.pdf
done
published_offer "Comptable" BUT3-GEA-GEMA

ok "altc student set --autonomous no" altc -q student set lea@etu.example --autonomous no
ok "an unknown student" sh -c "! altc -q student set personne@etu.example --autonomous no 2>/dev/null"
search lea@etu.example comptable
answer lea@etu.example "$(key offer.search lea@etu.example)" outlook "POSTULER 1"
eq "the application waits for the referent" "$(sql "SELECT state FROM applications WHERE id = 1")" referent_review
eq "the referent (the formation's rp) is asked" "$(count application.to_review rp.gea@univ.example)" 1
eq "the employer sees nothing yet" "$(count application.received rh@benotti.example)" 0
rk=$(key application.to_review rp.gea@univ.example)
answer rp.gea@univ.example "$rk" outlook "REFUSER"
ok "a refusal needs a motif" has "$(last_error rp.gea@univ.example)" "un refus doit être motivé"
answer ga@univ.example "$rk" plain "VALIDER"
eq "a reply from another address changes nothing" "$(sql "SELECT state FROM applications WHERE id = 1")" referent_review
answer rp.gea@univ.example "$rk" outlook "Refuser Retravaillons ta lettre ensemble avant l'envoi."
eq "REFUSER motif stops it" "$(sql "SELECT state FROM applications WHERE id = 1")" refused
ok "the student is told the motif" has \
    "$(sql "SELECT vars FROM outbox WHERE template = 'application.refused' AND rcpt = 'lea@etu.example'")" "Retravaillons ta lettre"
eq "the employer never saw it" "$(count application.received rh@benotti.example)" 0

altc -q student set tom@etu.example --autonomous no
search tom@etu.example comptable
answer tom@etu.example "$(key offer.search tom@etu.example)" plain "POSTULER 1 Disponible dès septembre."
ok "the referent sees the student's message" has \
    "$(sql "SELECT vars FROM outbox WHERE template = 'application.to_review' ORDER BY id DESC LIMIT 1")" "Disponible dès septembre."
# the referent corrects it before it goes: a new message and a new CV
pdf cv-tom-v2.pdf 11000 tomv2
answer rp.gea@univ.example "$(key application.to_review rp.gea@univ.example)" thunderbird \
    "$(printf 'VALIDER\nMessage : Disponible dès septembre, rigoureux et motivé.')" cv-tom-v2.pdf
eq "VALIDER sends it to the employer" "$(sql "SELECT state FROM applications WHERE id = 2")" pending
eq "who receives it" "$(count application.received rh@benotti.example)" 1
eq "and the student is told" "$(count application.sent tom@etu.example)" 1
rv=$(sql "SELECT vars || coalesce(attachments, '') FROM outbox WHERE template = 'application.received' AND thread = 'application.2'")
ok "with the message the referent wrote" has "$rv" "rigoureux et motivé"
ok "and the CV the referent sent" has "$rv" "cv-tom-v2.pdf"
ok "instead of the first one" sh -c '! echo "$1" | grep -q "cv-tom.pdf"' _ "$rv"
eq "the new CV is kept among tom's documents" "$(sql "SELECT count(*) FROM documents WHERE filename = 'cv-tom-v2.pdf'
    AND user_id = (SELECT id FROM users WHERE email = 'tom@etu.example')")" 1
eq "the correction is audited" "$(sql "SELECT count(*) FROM audit WHERE event = 'referent_edit' AND object_id = 2")" 1

# more open applications: one shortlisted, one pending, one at the referent
search zoe@etu.example comptable
answer zoe@etu.example "$(key offer.search zoe@etu.example)" plain "POSTULER 1"
answer rh@benotti.example "$(outbox_key "SELECT id FROM outbox WHERE template = 'application.received' AND thread = 'application.3' ORDER BY id DESC LIMIT 1")" plain "RECEVABLE"
# an autonomous student asks the referent for advice on an application
answer zoe@etu.example "$(key application.sent zoe@etu.example)" gmail-html "CONSEIL Dois-je relancer l'entreprise ?"
eq "the referent is asked for advice" "$(count application.advice rp.gea@univ.example)" 1
ok "with the question" has "$(sql "SELECT vars FROM outbox WHERE template = 'application.advice'")" "relancer l'entreprise"
ok "read from an HTML-only mail, without the quoted original" sh -c '! echo "$1" | grep -q "Répondez à ce message"' _ \
    "$(sql "SELECT vars FROM outbox WHERE template = 'application.advice'")"
eq "the student is told it went" "$(count application.advice_sent zoe@etu.example)" 1
answer rp.gea@univ.example "$(key application.advice rp.gea@univ.example)" iphone "MESSAGE Oui, dans une semaine."
ok "the referent's answer reaches the student" has \
    "$(sql "SELECT vars FROM outbox WHERE template = 'student.message' AND rcpt = 'zoe@etu.example'")" "dans une semaine"
ok "without the iPhone's signature line" sh -c '! echo "$1" | grep -q "iPhone"' _ \
    "$(sql "SELECT vars FROM outbox WHERE template = 'student.message' AND rcpt = 'zoe@etu.example'")"
altc -q student set max@etu.example --autonomous no
search max@etu.example comptable
answer max@etu.example "$(key offer.search max@etu.example)" plain "POSTULER 1"
eq "three open applications" "$(sql "SELECT group_concat(state, ',') FROM applications WHERE id > 1")" \
    "pending,shortlisted,referent_review"

# the employer stays silent: a reminder after applications.remind_days
now=$(date +%s)
ALTC_NOW=$((now + 8 * 86400)) altc -q serve --once
eq "a reminder to the employer" "$(count application.reminder rh@benotti.example)" 1
ALTC_NOW=$((now + 9 * 86400)) altc -q serve --once
eq "only once" "$(count application.reminder rh@benotti.example)" 1

pdf cv-new.pdf 9000 new
student new@etu.example BUT3-GEA-GEMA
search new@etu.example comptable

# POURVUE: every open application is closed with a polite mail
answer rh@benotti.example "$(key offer.published rh@benotti.example)" outlook "POURVUE"
eq "the offer is filled" "$(sql "SELECT state FROM offers WHERE id = 1")" filled
eq "its open applications are closed" "$(sql "SELECT group_concat(state, ',') FROM applications WHERE id > 1")" \
    "refused,refused,refused"
for s in tom zoe max; do
	ok "$s is told politely" has \
	    "$(sql "SELECT vars FROM outbox WHERE template = 'application.refused' AND rcpt = '$s@etu.example'")" "pourvue"
done
answer new@etu.example "$(key offer.search new@etu.example)" plain "POSTULER 1" cv-new.pdf
ok "a filled offer takes no application" has "$(last_error new@etu.example)" "ne reçoit plus de candidatures"
e2e_done
