#!/bin/sh
# applications_spontaneous.sh - spontaneous applications: CANDIDATURE
# SPONTANEE at offres@ (by name, by SIRET) and by reply to search results,
# with the default CV and letter or PDFs attached; the company's referent
# gets one mail with the profile and only the CV and the letter, answers
# RECEVABLE, REFUSER motif or MESSAGE (the masked relay), and the student is
# told each decision; one per student and company; a company that turned
# them off (SPONTANEES NON by mail, altc company spontaneous) refuses them;
# a partner company of a structure sends them to the structure's user; a
# non-autonomous student's goes through the referent; replies from the
# wrong address change nothing.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo

# post FROM TO STYLE BODY [FILE...]: a mail to a fixed address, applied
post() {
	p_from=$1; p_to=$2; p_style=$3; p_body=$4; shift 4
	$APPS_PY mail "$p_from" "$p_to" "Candidature" "$p_style" "$p_body" "$@" > post.eml &&
	    altc deliver -r "$p_to" < post.eml && altc -q serve --once
}

student lea@etu.example BUT3-GEA-GEMA
student tom@etu.example BUT3-GEA-GEMA
student zoe@etu.example BUT3-GEA-GEMA
sql "INSERT INTO student_criteria (student_id, criterion_id, value) SELECT u.id, c.id, 'Excel, SAP'
    FROM users u, criteria c WHERE u.email = 'lea@etu.example' AND c.name = 'skills'" >/dev/null
pdf cv.pdf 9000 lea
pdf lm.pdf 3000 lettre
pdf book.pdf 3000 book
upload lea@etu.example "CV" plain "mon CV" cv.pdf
upload lea@etu.example "LM" plain "ma lettre" lm.pdf
upload lea@etu.example "Book" plain "Type : book" book.pdf

# at offres@ by the company's name (Outlook): the defaults, the message under the command
post lea@etu.example offres@univ.example outlook \
    "CANDIDATURE SPONTANEE benotti sas\nJe souhaite faire mon alternance dans votre magasin d’Annecy."
eq "a spontaneous application: no offer, the company" \
    "$(sql "SELECT coalesce(offer_id, 'none') || '|' || company_id || '|' || state FROM applications")" "none|1|pending"
ok "with the student's message" has "$(sql "SELECT comment FROM applications WHERE id = 1")" "magasin d’Annecy"
eq "with the default CV and letter" "$(sql "SELECT count(*) FROM application_documents WHERE application_id = 1")" 2
eq "the company's referent gets one mail" "$(count application.spontaneous rh@benotti.example)" 1
att=$(sql "SELECT attachments FROM outbox WHERE template = 'application.spontaneous'")
ok "with the CV and the letter attached" sh -c "echo '$att' | grep -q cv.pdf && echo '$att' | grep -q lm.pdf"
ok "never another document" sh -c "! echo '$att' | grep -q book.pdf"
ok "and the profile" has "$(sql "SELECT vars FROM outbox WHERE template = 'application.spontaneous'")" '"label":"Compétences","value":"Excel, SAP"'
eq "the student is told it was sent" "$(count application.spontaneous_sent lea@etu.example)" 1
mf=$(grep -l "Candidature spontan" spool/outbox/new/* | head -n 1)
ok "the company's mail went out with the PDFs" sh -c "[ -n '$mf' ] && grep -q 'filename=\"\\?cv.pdf' '$mf'"
eq "audited" "$(sql "SELECT event || '|' || to_state FROM audit WHERE object_type = 'application' AND object_id = 1")" "create|pending"

# the same company again, by its SIRET: one per student and company
post lea@etu.example offres@univ.example plain "CANDIDATURE SPONTANEE 807 540 091 00004"
eq "one spontaneous application per student and company" "$(sql "SELECT count(*) FROM applications")" 1
ok "the refusal says why" has "$(last_error lea@etu.example)" "déjà envoyé une candidature spontanée à BENOTTI SAS"
post lea@etu.example offres@univ.example plain "CANDIDATURE SPONTANEE Entreprise Inconnue"
ok "an unknown company: a clear answer" has "$(last_error lea@etu.example)" "ne s’appelle « Entreprise Inconnue »"
post inconnu@example.org offres@univ.example plain "CANDIDATURE SPONTANEE Genesii"
eq "an unknown sender is answered, nothing created" "$(sql "SELECT count(*) FROM applications")" 1
ok "told to register" test "$(count_errors inconnu@example.org)" -ge 1

# by reply to search results (Thunderbird), with a CV attached: kept as tom's
published_offer "Comptable" BUT3-GEA-GEMA
search tom@etu.example comptable
pdf cv-tom.pdf 9000 tom
answer tom@etu.example "$(key offer.search tom@etu.example)" thunderbird \
    "Candidature spontanée 95181909300018 Passionné de réseaux, disponible en septembre." cv-tom.pdf
tid=$(sql "SELECT id FROM applications WHERE student_id = (SELECT id FROM users WHERE email = 'tom@etu.example')")
eq "a spontaneous application by reply to search results" \
    "$(sql "SELECT c.name || '|' || coalesce(a.offer_id, 'none') || '|' || a.comment FROM applications a JOIN companies c ON c.id = a.company_id WHERE a.id = $tid")" \
    "Genesii|none|Passionné de réseaux, disponible en septembre."
eq "the CV attached is kept as tom's" "$(sql "SELECT type FROM documents WHERE filename = 'cv-tom.pdf'")" cv
eq "Genesii's referent gets it" "$(count application.spontaneous contact@genesii.example)" 1

# the company decides: RECEVABLE (Thunderbird), the student told
bk=$(key application.spontaneous rh@benotti.example)
answer intrus@example.org "$bk" plain "RECEVABLE"
eq "a reply from the wrong address changes nothing" "$(sql "SELECT state FROM applications WHERE id = 1")" pending
answer rh@benotti.example "$bk" thunderbird "RECEVABLE Pouvez-vous passer jeudi ?"
eq "RECEVABLE shortlists it" "$(sql "SELECT state FROM applications WHERE id = 1")" shortlisted
ok "the student is told, with the message" has \
    "$(sql "SELECT vars FROM outbox WHERE template = 'application.shortlisted' AND rcpt = 'lea@etu.example'")" '"spontaneous":true.*passer jeudi'
# ACCEPTER is not a spontaneous application's verb
answer rh@benotti.example "$bk" plain "ACCEPTER"
eq "ACCEPTER is refused on it" "$(sql "SELECT state FROM applications WHERE id = 1")" shortlisted

# MESSAGE both ways through the masked relay (iPhone, then Gmail)
answer rh@benotti.example "$bk" iphone "MESSAGE Merci d’apporter votre CV papier."
eq "MESSAGE reaches the student" "$(count message.relay lea@etu.example)" 1
ok "without the company's address" sh -c "! grep -l 'CV papier' spool/outbox/new/* | xargs grep -q 'rh@benotti.example'"
rid=$(sql "SELECT id FROM outbox WHERE template = 'message.relay' AND rcpt = 'lea@etu.example'")
rk=$(cat spool/outbox/new/altc-"$rid".* | grep -o 'msg+[a-z2-7]\{32\}@' | head -n 1 | grep -o '[a-z2-7]\{32\}')
ok "answered at a msg+ address" test -n "$rk"
$APPS_PY mail lea@etu.example "msg+$rk@univ.example" "RE: Message" gmail-html "Bien noté, à jeudi." > relay.eml
altc deliver -r "msg+$rk@univ.example" < relay.eml && altc -q serve --once
eq "the student's plain answer reaches the company" "$(count message.relay rh@benotti.example)" 1
ok "said of a spontaneous application" has "$(sql "SELECT vars FROM outbox WHERE template = 'message.relay' AND rcpt = 'rh@benotti.example'")" '"spontaneous":true'
ok "without the student's address" sh -c "! grep -l 'jeudi' spool/outbox/new/* | xargs grep -l 'Bien not' | xargs grep -q 'lea@etu.example'"

# REFUSER needs a motif; then Genesii refuses tom's, and tom is told why
gk=$(key application.spontaneous contact@genesii.example)
answer contact@genesii.example "$gk" outlook "REFUSER"
ok "REFUSER without a motif: a clear answer" has "$(last_error contact@genesii.example)" "REFUSER suivi du motif"
eq "and nothing changes" "$(sql "SELECT state FROM applications WHERE id = $tid")" pending
answer contact@genesii.example "$gk" outlook "REFUSER Nous ne prenons pas d’alternant cette année."
eq "REFUSER motif refuses" "$(sql "SELECT state FROM applications WHERE id = $tid")" refused
ok "the student is told why" has "$(sql "SELECT vars FROM outbox WHERE template = 'application.refused' AND rcpt = 'tom@etu.example'")" "pas d’alternant"

# the company turns them off: SPONTANEES NON at offres@; a student is refused clearly
post zoe@etu.example offres@univ.example plain "SPONTANEES NON"
ok "a student does not switch a company's setting" has "$(last_error zoe@etu.example)" "seul le référent"
post contact@genesii.example offres@univ.example plain "SPONTANEES NON"
eq "SPONTANEES NON turns them off" "$(sql "SELECT spontaneous FROM companies WHERE siret = '95181909300018'")" 0
eq "the referent is told" "$(count account.spontaneous contact@genesii.example)" 1
eq "audited" "$(sql "SELECT to_state FROM audit WHERE object_type = 'company' AND event = 'spontaneous'")" off
pdf cv-zoe.pdf 9000 zoe
post zoe@etu.example offres@univ.example plain "CANDIDATURE SPONTANEE Genesii" cv-zoe.pdf
ok "a company that turned them off: a clear answer" has "$(last_error zoe@etu.example)" "ne reçoit pas de candidatures spontanées"
eq "nothing created" "$(sql "SELECT count(*) FROM applications WHERE student_id = (SELECT id FROM users WHERE email = 'zoe@etu.example')")" 0
ok "altc company spontaneous on" altc -q company spontaneous 95181909300018 on
post zoe@etu.example offres@univ.example plain "CANDIDATURE SPONTANEE Genesii" cv-zoe.pdf
eq "then it is accepted again" "$(sql "SELECT count(*) FROM applications WHERE student_id = (SELECT id FROM users WHERE email = 'zoe@etu.example')")" 1
zk=$(key application.spontaneous contact@genesii.example)
answer contact@genesii.example "$zk" plain "CANDIDATURES SPONTANEES NON"
eq "CANDIDATURES SPONTANEES NON by reply to one turns them off" "$(sql "SELECT spontaneous FROM companies WHERE siret = '95181909300018'")" 0

# ABANDONNER by the student: the company's digest is told
zsk=$(key application.spontaneous_sent zoe@etu.example)
answer zoe@etu.example "$zsk" plain "ABANDONNER"
eq "ABANDONNER withdraws it" "$(sql "SELECT state FROM applications WHERE student_id = (SELECT id FROM users WHERE email = 'zoe@etu.example')")" abandoned

# a partner company of a structure, without an account: its structure's user reads them
altc -q structure add "CCI Savoie" --kind cci >/dev/null
altc -q structure member add "CCI Savoie" paul@cci.example
post paul@cci.example offres@univ.example plain \
    "PARTENAIRE\nSIRET : 73282932000074\nRaison sociale : Alpes Conseil\nAdresse : 4 avenue de Genève\nCode postal : 74000\nVille : Annecy"
post zoe@etu.example offres@univ.example plain "CANDIDATURE SPONTANEE 73282932000074"
ok "a partner not yet validated is no company of the platform" has "$(last_error zoe@etu.example)" "aucune entreprise n’a le SIRET"
altc -q structure validate 1
post zoe@etu.example offres@univ.example plain "CANDIDATURE SPONTANEE Alpes Conseil\nJe connais bien votre cabinet."
eq "the structure's user of a partner company gets it" "$(count application.spontaneous paul@cci.example)" 1
pk=$(key application.spontaneous paul@cci.example)
answer paul@cci.example "$pk" outlook "RECEVABLE"
eq "and decides" "$(sql "SELECT a.state FROM applications a JOIN companies c ON c.id = a.company_id WHERE c.siret = '73282932000074'")" shortlisted
answer paul@cci.example "$pk" plain "SPONTANEES NON"
eq "and switches the partner's setting" "$(sql "SELECT spontaneous FROM companies WHERE siret = '73282932000074'")" 0

# a non-autonomous student: the referent validates first
student ines@etu.example BUT3-GEA-GEMA
sql "UPDATE users SET autonomous = 0 WHERE email = 'ines@etu.example'" >/dev/null
pdf cv-ines.pdf 9000 ines
post ines@etu.example offres@univ.example plain "CANDIDATURE SPONTANEE BENOTTI SAS" cv-ines.pdf
iid=$(sql "SELECT id FROM applications WHERE student_id = (SELECT id FROM users WHERE email = 'ines@etu.example')")
eq "it waits for the referent" "$(sql "SELECT state FROM applications WHERE id = $iid")" referent_review
ok "who is told it is spontaneous" has "$(sql "SELECT vars FROM outbox WHERE template = 'application.to_review' ORDER BY id DESC LIMIT 1")" '"spontaneous":true'
answer rp.gea@univ.example "$(key application.to_review rp.gea@univ.example)" plain "VALIDER"
eq "VALIDER sends it to the company" "$(sql "SELECT state FROM applications WHERE id = $iid")" pending
eq "which gets its spontaneous mail" "$(count application.spontaneous rh@benotti.example)" 2

# CANDIDATURE alone, the company in a form line: the lines under it are the message
student max@etu.example BUT3-GEA-GEMA
pdf cv-max.pdf 9000 max
post max@etu.example offres@univ.example iphone \
    "Candidature spontanée\nEntreprise : Benotti SAS\nBonjour,\nje suis motivé par le commerce." cv-max.pdf
eq "the company from the form line, the rest as the message" \
    "$(sql "SELECT c.name || '|' || a.comment FROM applications a JOIN companies c ON c.id = a.company_id JOIN users u ON u.id = a.student_id WHERE u.email = 'max@etu.example'")" \
    "BENOTTI SAS|Bonjour,
je suis motivé par le commerce."

# the CLI and the statistics see them
ok "application list shows them" has "$(altc application list --student lea@etu.example)" "(spontaneous) *BENOTTI SAS"
ok "application show" has "$(altc application show 1 --format json)" '"offer_title": "(spontaneous)"'
e2e_done
