#!/bin/sh
# applications_apply.sh - POSTULER by reply to search results and to a
# recommended offer (attachments, defaults, an unpublished offer), the
# employer's RECEVABLE / ACCEPTER / REFUSER / CANDIDATURES / MESSAGE, the
# student told of each decision, ABANDONNER, replies from the wrong address,
# the cap on open applications and the CLI.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo
student lea@etu.example BUT3-GEA-GEMA
student tom@etu.example BUT3-GEA-GEMA
student zoe@etu.example BUT3-GEA-GEMA
pdf cv.pdf 20000 lea
pdf lm.pdf 3000 lettre
pdf cv-tom.pdf 15000 tom
upload lea@etu.example "CV" plain "mon CV" cv.pdf
upload lea@etu.example "LM" plain "ma lettre" lm.pdf
published_offer "Comptable" BUT3-GEA-GEMA
eq "the offer is published" "$(sql "SELECT state FROM offers WHERE id = 1")" published

# search results carry a key; POSTULER n with no attachment sends the defaults
search lea@etu.example comptable
sk=$(key offer.search lea@etu.example)
ok "search results carry a key" test -n "$sk"
answer lea@etu.example "$sk" outlook "POSTULER 1 Je suis très motivée par ce poste."
eq "the application is pending" "$(sql "SELECT state || '|' || comment FROM applications WHERE id = 1")" \
    "pending|Je suis très motivée par ce poste."
eq "with the default CV and LM" "$(sql "SELECT count(*) FROM application_documents WHERE application_id = 1")" 2
eq "the employer gets it" "$(count application.received rh@benotti.example)" 1
att=$(sql "SELECT attachments FROM outbox WHERE template = 'application.received'")
ok "with both documents attached" sh -c "echo '$att' | grep -q cv.pdf && echo '$att' | grep -q lm.pdf"
eq "the student is told it was sent" "$(count application.sent lea@etu.example)" 1
mail_file=$(grep -l "Candidature de E Tudiant" spool/outbox/new/* 2>/dev/null | head -n 1)
ok "the employer's mail went out with the PDFs" sh -c "[ -n '$mail_file' ] && grep -q 'filename=\"\\?cv.pdf' '$mail_file'"

# the same student and offer again
e=$(count_errors lea@etu.example)
answer lea@etu.example "$sk" plain "POSTULER 1"
eq "one application per student and offer" "$(sql "SELECT count(*) FROM applications")" 1
ok "the refusal says why" has "$(last_error lea@etu.example)" "déjà postulé à l’offre 1"

# a recommended offer: POSTULER alone, with a PDF attached (kept as a document)
altc offer add --company 80754009100004 --title "Assistant RH" --formations BUT3-GEA-GEMA \
    --duration "1 an" --location Lyon --description "Paie" >/dev/null
vk=$(key offer.to_validate rp.gea@univ.example)
answer rp.gea@univ.example "$vk" plain "VALIDER"
answer rp.gea@univ.example "$vk" plain "RECOMMANDER tom@etu.example"
rk=$(key offer.new_for_formation tom@etu.example)
ok "a recommended offer carries a key" test -n "$rk"
pdf book-tom.pdf 4000 book
answer tom@etu.example "$rk" thunderbird "Postuler" cv-tom.pdf book-tom.pdf
eq "POSTULER with PDFs attached" "$(sql "SELECT state FROM applications WHERE student_id = (SELECT id FROM users WHERE email = 'tom@etu.example')")" pending
eq "the PDFs are kept as tom's documents" "$(sql "SELECT group_concat(type || '|' || filename, ' ') FROM (SELECT type, filename FROM documents WHERE user_id = (SELECT id FROM users WHERE email = 'tom@etu.example') ORDER BY type DESC)")" "cv|cv-tom.pdf book|book-tom.pdf"
tatt=$(sql "SELECT attachments FROM outbox WHERE template = 'application.received' ORDER BY id DESC LIMIT 1")
ok "the employer gets the CV" has "$tatt" "cv-tom.pdf"
ok "but never the book: only the CV and the letter reach an employer" sh -c '! echo "$1" | grep -q book-tom' _ "$tatt"

# no document at all: told to attach one
search zoe@etu.example comptable
answer zoe@etu.example "$(key offer.search zoe@etu.example)" plain "POSTULER 1"
ok "no CV: a clear answer" has "$(last_error zoe@etu.example)" "aucun CV"
eq "and nothing created" "$(sql "SELECT count(*) FROM applications")" 2

# an offer still awaiting validation, shown as "pourrait aussi vous intéresser"
altc offer add --company 95181909300018 --title "Comptable junior" --formations BUT3-GEA-GEMA \
    --duration "1 an" --location Annecy --description "Comptabilité" >/dev/null
search lea@etu.example comptable
has "$(sql "SELECT vars FROM outbox WHERE template = 'offer.search' ORDER BY id DESC LIMIT 1")" '"others":\[{"id":3' &&
    ok "the pending offer is among the others" true || ok "the pending offer is among the others" false
answer lea@etu.example "$(key offer.search lea@etu.example)" plain "POSTULER 3"
eq "applying to it works" "$(sql "SELECT state FROM applications WHERE offer_id = 3")" pending
eq "its employer gets it" "$(count application.received contact@genesii.example)" 1

# the digest: a published offer for the formation, POSTULER n by reply to it
published_offer "Gestionnaire de paie" BUT3-GEA-GEMA
altc -q digest
dk=$(key digest.daily zoe@etu.example)
ok "the digest carries a key" test -n "$dk"
ok "and numbers the offer" has "$(sql "SELECT vars FROM outbox WHERE template = 'digest.daily' AND rcpt = 'zoe@etu.example'")" '"offer_id":4'
pdf cv-zoe.pdf 9000 zoe
answer zoe@etu.example "$dk" outlook "POSTULER 4" cv-zoe.pdf
eq "POSTULER n from the digest" "$(sql "SELECT state FROM applications WHERE offer_id = 4")" pending

# the employer: RECEVABLE (Thunderbird, bottom-posted), then ACCEPTER
ek=$(outbox_key "SELECT id FROM outbox WHERE template = 'application.received' AND thread = 'application.1' ORDER BY id DESC LIMIT 1")
answer rh@benotti.example "$ek" thunderbird "RECEVABLE Pouvez-vous venir mardi à 10 h ?"
eq "RECEVABLE shortlists" "$(sql "SELECT state FROM applications WHERE id = 1")" shortlisted
ok "the student is told, with the message" has \
    "$(sql "SELECT vars FROM outbox WHERE template = 'application.shortlisted' AND rcpt = 'lea@etu.example'")" \
    "Pouvez-vous venir mardi"
answer intrus@example.org "$ek" plain "ACCEPTER"
eq "a reply from the wrong address changes nothing" "$(sql "SELECT state FROM applications WHERE id = 1")" shortlisted
eq "the owner is told of it" "$(sql "SELECT count(*) FROM outbox WHERE rcpt = 'rh@benotti.example' AND vars LIKE '%foreign_reply%'")" 1
answer rh@benotti.example "$ek" outlook "MESSAGE Merci d'apporter votre CV papier."
eq "MESSAGE is passed on to the student" "$(count message.relay lea@etu.example)" 1
answer rh@benotti.example "$ek" outlook "CANDIDATURES"
eq "CANDIDATURES lists the offer's applications" "$(count application.list rh@benotti.example)" 1
ok "by state" has "$(sql "SELECT vars FROM outbox WHERE template = 'application.list'")" '"shortlisted":\[{"id":1'
ok "the student's progression: a candidaté" has "$(altc student show lea@etu.example)" "a candidaté"
answer rh@benotti.example "$ek" outlook "ACCEPTER Bienvenue chez Benotti !"
eq "ACCEPTER accepts" "$(sql "SELECT state FROM applications WHERE id = 1")" accepted
ok "the student's progression: accepté" has "$(altc student show lea@etu.example)" "accepté"
eq "the student is told" "$(count application.accepted lea@etu.example)" 1
e=$(count_errors rh@benotti.example)
answer rh@benotti.example "$ek" plain "REFUSER"
eq "a decided application takes no more decisions" "$(sql "SELECT state FROM applications WHERE id = 1")" accepted
eq "and the employer is told" "$(count_errors rh@benotti.example)" $((e + 1))

# REFUSER with a message on tom's
tk=$(outbox_key "SELECT id FROM outbox WHERE template = 'application.received' AND thread = 'application.2' ORDER BY id DESC LIMIT 1")
answer rh@benotti.example "$tk" outlook "Refuser Nous cherchons un profil plus expérimenté."
eq "REFUSER refuses" "$(sql "SELECT state FROM applications WHERE id = 2")" refused
ok "the student is told why" has "$(sql "SELECT vars FROM outbox WHERE template = 'application.refused' AND rcpt = 'tom@etu.example'")" "plus expérimenté"

# ABANDONNER by the student, never re-opened
sk3=$(outbox_key "SELECT id FROM outbox WHERE template = 'application.sent' AND thread = 'application.3' ORDER BY id DESC LIMIT 1")
answer lea@etu.example "$sk3" thunderbird "ABANDONNER"
eq "ABANDONNER withdraws" "$(sql "SELECT state FROM applications WHERE id = 3")" abandoned
eq "the employer's center records it, for the digest" \
    "$(sql "SELECT importance FROM notifications WHERE kind = 'application.abandoned' AND user_id = (SELECT id FROM users WHERE email = 'contact@genesii.example')")" info
altc -q digest
ok "the daily digest shows it" has "$(sql "SELECT vars FROM outbox WHERE template = 'digest.daily' AND rcpt = 'contact@genesii.example'")" "Candidature retirée"
answer lea@etu.example "$(key offer.search lea@etu.example)" plain "POSTULER 3"
eq "an abandoned application is not re-opened" "$(sql "SELECT count(*) || '|' || max(state) FROM applications WHERE offer_id = 3")" "1|abandoned"

# the cap on open applications
conf applications max_open 1
altc offer add --company 80754009100004 --title "Contrôleur de gestion" --formations BUT3-GEA-GEMA \
    --duration "2 ans" --location Annecy --description "Budgets" >/dev/null
search tom@etu.example comptable
answer tom@etu.example "$(key offer.search tom@etu.example)" plain "POSTULER 5" cv-tom.pdf
eq "below the cap" "$(sql "SELECT count(*) FROM applications WHERE offer_id = 5")" 1
answer tom@etu.example "$(key offer.search tom@etu.example)" plain "POSTULER 1" cv-tom.pdf
ok "above the cap: refused" has "$(last_error tom@etu.example)" "maximum autorisé"

# the CLI
ok "application list" has "$(altc application list)" "accepted *1 *Comptable"
eq "--offer and --state" "$(altc application list --offer 1 --state accepted --format csv | tail -n +2 | cut -d';' -f1)" '"1"'
ok "--student" has "$(altc application list --student tom@etu.example --format json)" '"state": "refused"'
ok "show" has "$(altc application show 1)" "Je suis très motivée"
ok "an unknown state is refused" sh -c "! altc -q application list --state nimporte 2>/dev/null"
ok "an unknown application" sh -c "! altc -q application show 99 2>/dev/null"
eq "every move is audited" "$(sql "SELECT group_concat(event, ',') FROM audit WHERE object_type = 'application' AND object_id = 1 AND to_state IS NOT NULL")" \
    "create,shortlist,accept"

# a French file name reaches the employer whole (RFC 2231), with an ASCII fallback
student ines@etu.example BUT3-GEA-GEMA
pdf "CV Inès Noël.pdf" 9000 ines
search ines@etu.example comptable
answer ines@etu.example "$(key offer.search ines@etu.example)" gmail-html "POSTULER 1" "CV Inès Noël.pdf"
altc -q outbox flush 2>/dev/null
names=$(python3 - <<'PY'
import email, email.policy, glob
for p in sorted(glob.glob("spool/outbox/new/*")):
    m = email.message_from_binary_file(open(p, "rb"), policy=email.policy.default)
    for part in m.iter_attachments():
        n = part.get_filename()
        if n and "Noël" in n:
            # the name as read, then the raw header lines of the file
            print(n + "|" + open(p, "rb").read().decode("ascii", "replace"))
PY
)
ok "the employer's mail names the CV as the student did" has "$names" "^CV Inès Noël.pdf|"
ok "with an ASCII name beside it for old readers" has "$names" 'filename="CV Ines Noel.pdf"'
e2e_done
