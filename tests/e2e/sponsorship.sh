#!/bin/sh
# sponsorship.sh - the Atouts pour tous programme by mail.  An admin makes a
# chargé de mission, who creates referent accounts (REFERENT lines at
# parrainage@, confirmed from their mailbox, and as a reply on a mail they
# received, and by the command line) and registers sponsors; an rp who is
# not one is refused.  A student asks for a sponsor with PARRAINAGE on a
# mail she received: her referent is asked, a reply from another address
# and a referent who no longer follows her are refused, VALIDER with a
# named sponsor puts the pair in touch.  A student without referent
# writes to parrainage@ with no command: the staff of his formation are
# asked, REFUSER needs a motif and is told to him, he asks again on the
# refusal, VALIDER takes the sponsor proposed.  FIN PARRAINAGE by a
# volunteer sponsor without account and by the student.  Then the help
# request on an application: CONSEIL by the student, the referent gets the
# CV, answers CONSEIL, the student reads it.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo

# to FROM ADDRESS STYLE BODY: a mail to a fixed address, applied
to() {
	$APPS_PY mail "$1" "$2" "Atouts pour tous" "$3" "$4" > to.eml &&
	    altc deliver -r "$2" < to.eml && altc -q serve --once
}
# vars TEMPLATE RCPT: the variables of the last mail of TEMPLATE to RCPT
vars() {
	sql "SELECT vars FROM outbox WHERE template = '$1' AND rcpt = '$2' ORDER BY id DESC LIMIT 1"
}
state() { sql "SELECT state FROM sponsorships WHERE id = $1"; }

# the chargé de mission
ok "altc staff grant" altc -q staff grant rp.tc@univ.example mission-officer
ok "only a staff account is granted" sh -c "! altc -q staff grant nobody@etu.example mission-officer 2>/dev/null"
ok "altc staff list" has "$(altc staff list --format csv)" '"rp.tc@univ.example";.*"mission_officer"' 

# an rp who is no chargé de mission cannot create a referent
to rp.gea@univ.example parrainage@univ.example plain "REFERENT intrus@univ.example Martin Paul"
ok "a referent by someone who is not a chargé de mission is refused" \
    has "$(last_error rp.gea@univ.example)" "seul un chargé de mission ou un administrateur"
eq "and nothing is created" "$(sql "SELECT count(*) FROM users WHERE email = 'intrus@univ.example'")" 0

# REFERENT lines at parrainage@, one of them wrong: a From address is
# forgeable, so nothing is created before the chargé de mission confirms
# from their own mailbox
to rp.tc@univ.example parrainage@univ.example outlook \
    "Bonjour,\n\nREFERENT ref1@univ.example Martin Paul\nREFERENT pas-une-adresse Durand Luc"
eq "REFERENT at parrainage@ creates nothing at once" "$(sql "SELECT count(*) FROM users WHERE email = 'ref1@univ.example'")" 0
eq "nor mails an activation link" "$(count account.activation ref1@univ.example)" 0
ok "the chargé de mission is asked to confirm each account" has "$(vars staff.confirm rp.tc@univ.example)" '"is_referents":true.*ref1@univ.example'
ok "and told which line would create nothing, and why" has "$(vars staff.confirm rp.tc@univ.example)" 'pas-une-adresse.*adresse'
ck=$(key staff.confirm rp.tc@univ.example)
answer rp.tc@univ.example "$ck" thunderbird "ANNULER"
eq "ANNULER creates nothing" "$(sql "SELECT count(*) FROM users WHERE email = 'ref1@univ.example'")" 0
eq "held, then cancelled, audited" "$(sql "SELECT group_concat(event, ' ') FROM (SELECT event FROM audit WHERE event LIKE 'command.%' AND actor = 'rp.tc@univ.example' ORDER BY id)")" "command.held command.cancelled"
to rp.tc@univ.example parrainage@univ.example outlook \
    "Bonjour,\n\nREFERENT ref1@univ.example Martin Paul\nREFERENT pas-une-adresse Durand Luc"
ck=$(key staff.confirm rp.tc@univ.example)
answer rp.tc@univ.example "$ck" outlook "CONFIRMER"
eq "the referent account is created" \
    "$(sql "SELECT role || ' ' || state || ' ' || first_name || ' ' || last_name FROM users WHERE email = 'ref1@univ.example'")" \
    "rp pending Paul Martin"
eq "marked referent" "$(sql "SELECT count(*) FROM staff_grants g JOIN users u ON u.id = g.user_id
    WHERE u.email = 'ref1@univ.example' AND g.kind = 'referent'")" 1
eq "with its activation link" "$(count account.activation ref1@univ.example)" 1
ok "the chargé de mission is told, with the wrong line" \
    has "$(vars sponsor.created rp.tc@univ.example)" "pas-une-adresse"
eq "audited" "$(sql "SELECT count(*) FROM audit WHERE event = 'referent_create' AND actor = 'rp.tc@univ.example'")" 1
eq "with the confirmation" "$(sql "SELECT count(*) FROM audit WHERE event = 'command.confirmed' AND actor = 'rp.tc@univ.example'")" 1
answer rp.tc@univ.example "$ck" iphone "CONFIRMER"
ok "a second CONFIRMER on the spent key is told it was already done" \
    has "$(last_error rp.tc@univ.example)" '"code":"spent_token"'
eq "and creates nothing more" "$(sql "SELECT count(*) FROM audit WHERE event = 'referent_create' AND actor = 'rp.tc@univ.example'")" 1
# REFERENT as a reply on a mail the chargé de mission received
answer rp.tc@univ.example "$(key sponsor.created rp.tc@univ.example)" thunderbird \
    "REFERENT ref2@univ.example Petit Anne"
eq "a referent created by a reply" "$(sql "SELECT state FROM users WHERE email = 'ref2@univ.example'")" pending
answer rp.gea@univ.example "$(key account.activation ref1@univ.example)" plain \
    "REFERENT ref9@univ.example Faux Jean"
eq "the key of another person creates nothing" "$(sql "SELECT count(*) FROM users WHERE email = 'ref9@univ.example'")" 0
ok "altc referent add by the chargé de mission" \
    altc -q referent add ref3@univ.example --name "Roux Marc" --by rp.tc@univ.example
ok "altc referent add by someone else is refused" \
    sh -c "! altc -q referent add ref4@univ.example --name 'Roux Léa' --by rp.gea@univ.example 2>/dev/null"
# the referents open their accounts
sql "UPDATE users SET state = 'active' WHERE email LIKE 'ref_@univ.example'" >/dev/null

# the pool of sponsors: by the command line and by mail (PARRAIN)
ok "altc sponsor add" altc -q sponsor add parrain1@benevoles.example --name "Bernard Luc" \
    --by rp.tc@univ.example
answer rp.tc@univ.example "$(key sponsor.created rp.tc@univ.example)" iphone \
    "PARRAIN marraine2@benevoles.example Leroy Julie"
eq "two sponsors" "$(altc sponsor list --format csv | tail -n +2 | wc -l)" 2

# lea, followed by ref1, asks for a sponsor on a mail she received
student lea@etu.example BUT3-GEA-GEMA
sql "UPDATE users SET first_name = 'Léa', last_name = 'Noël' WHERE email = 'lea@etu.example'" >/dev/null
ok "altc student set --referent" altc -q student set lea@etu.example --referent ref1@univ.example
ok "a referent must be staff" sh -c "! altc -q student set lea@etu.example --referent tom@etu.example 2>/dev/null"
student tom@etu.example BUT3-GEA-GEMA
pdf cv-lea.pdf 12000 lea
upload lea@etu.example "CV" plain "mon CV" cv-lea.pdf
published_offer "Comptable" BUT3-GEA-GEMA
search lea@etu.example comptable
sk=$(key offer.search lea@etu.example)
answer lea@etu.example "$sk" gmail-html "PARRAINAGE Je voudrais être accompagnée par une professionnelle."
eq "the request is recorded" "$(state 1)" requested
eq "her referent is asked" "$(count sponsorship.request ref1@univ.example)" 1
eq "and not the formation's rp" "$(count sponsorship.request rp.gea@univ.example)" 0
ok "with her message" has "$(vars sponsorship.request ref1@univ.example)" "accompagnée par une professionnelle"
ok "and a sponsor proposed from the pool" has "$(vars sponsorship.request ref1@univ.example)" '"proposed_email":"parrain1@benevoles.example"'
eq "she is told it went" "$(count sponsorship.requested lea@etu.example)" 1
eq "audited" "$(sql "SELECT to_state FROM audit WHERE object_type = 'sponsorship' AND event = 'create'")" requested
answer lea@etu.example "$sk" plain "PARRAINAGE"
ok "one request at a time" has "$(last_error lea@etu.example)" "déjà une demande de parrainage"
answer lea@etu.example "$(key sponsorship.requested lea@etu.example)" plain "Merci"
rk=$(key sponsorship.request ref1@univ.example)
answer tom@etu.example "$rk" plain "VALIDER"
eq "a reply from another address changes nothing" "$(state 1)" requested
ok "its sender is told" has "$(last_error tom@etu.example)" '"code":"wrong_sender"'
# ref1 no longer follows her: refused
altc -q student set lea@etu.example --referent ref2@univ.example
answer ref1@univ.example "$rk" outlook "VALIDER"
ok "a referent who does not follow the student is refused" \
    has "$(last_error ref1@univ.example)" "vous ne suivez pas cet étudiant"
eq "still requested" "$(state 1)" requested
altc -q student set lea@etu.example --referent ref1@univ.example
answer ref1@univ.example "$rk" outlook "VALIDER inconnu@benevoles.example"
ok "an unknown sponsor is refused" has "$(last_error ref1@univ.example)" "pas un parrain inscrit"
answer ref1@univ.example "$rk" outlook "VALIDER Julie Leroy\nBelle rencontre à vous deux."
eq "VALIDER with a named sponsor" "$(state 1)" active
eq "the sponsor named" "$(sql "SELECT s.email FROM sponsorships p JOIN sponsors s ON s.id = p.sponsor_id WHERE p.id = 1")" \
    marraine2@benevoles.example
ok "lea gets her sponsor's contact" has "$(vars sponsorship.accepted lea@etu.example)" '"sponsor_email":"marraine2@benevoles.example"'
ok "and the referent's word" has "$(vars sponsorship.accepted lea@etu.example)" "Belle rencontre"
ok "the sponsor (no account) gets lea's contact" has "$(vars sponsorship.sponsor marraine2@benevoles.example)" '"student_email":"lea@etu.example"'
eq "audited with the mail" "$(sql "SELECT to_state || ' ' || actor FROM audit WHERE object_type = 'sponsorship' AND event = 'validate'")" \
    "active ref1@univ.example"
answer ref1@univ.example "$rk" plain "REFUSER trop tard"
ok "a decided request cannot be refused" has "$(last_error ref1@univ.example)" "déjà en cours"

# tom has no referent: a mail to parrainage@ without command
to tom@etu.example parrainage@univ.example plain "Bonjour,\nje cherche un parrain qui connaît la comptabilité."
eq "tom's request" "$(state 2)" requested
ok "his text is the message" has "$(sql "SELECT message FROM sponsorships WHERE id = 2")" "connaît la comptabilité"
eq "the formation's rp is asked" "$(count sponsorship.request rp.gea@univ.example)" 1
eq "and the delegated ga" "$(count sponsorship.request ga@univ.example)" 1
answer rp.gea@univ.example "$(key sponsorship.request rp.gea@univ.example)" plain "REFUSER"
ok "a refusal needs a motif" has "$(last_error rp.gea@univ.example)" "un refus doit être motivé"
answer rp.gea@univ.example "$(key sponsorship.request rp.gea@univ.example)" iphone \
    "REFUSER Passe d'abord à l'atelier CV de jeudi."
eq "refused" "$(state 2)" refused
ok "tom is told the motif" has "$(vars sponsorship.refused tom@etu.example)" "atelier CV de jeudi"
ok "without the iPhone's signature" sh -c '! echo "$1" | grep -q iPhone' _ "$(vars sponsorship.refused tom@etu.example)"
answer ga@univ.example "$(key sponsorship.request ga@univ.example)" plain "VALIDER"
ok "the other staff member finds it decided" has "$(last_error ga@univ.example)" "déjà refusé"
answer tom@etu.example "$(key sponsorship.refused tom@etu.example)" thunderbird "PARRAINAGE J'ai fait l'atelier."
eq "tom asks again on the refusal" "$(state 3)" requested
answer ga@univ.example "$(key sponsorship.request ga@univ.example)" outlook "Valider"
eq "VALIDER takes the sponsor proposed" \
    "$(sql "SELECT s.email FROM sponsorships p JOIN sponsors s ON s.id = p.sponsor_id WHERE p.id = 3")" \
    parrain1@benevoles.example
eq "tom's sponsorship is active" "$(state 3)" active

# FIN PARRAINAGE by the volunteer sponsor, then by the student
answer intrus@etu.example "$(key sponsorship.sponsor marraine2@benevoles.example)" plain "FIN PARRAINAGE"
ok "FIN from a stranger is refused" has "$(last_error intrus@etu.example)" "seuls l’étudiant, son parrain"
eq "still active" "$(state 1)" active
answer marraine2@benevoles.example "$(key sponsorship.sponsor marraine2@benevoles.example)" iphone \
    "FIN PARRAINAGE Je déménage à Lyon."
eq "the sponsor ends it" "$(state 1)" ended
ok "lea is told" has "$(vars sponsorship.ended lea@etu.example)" "Je déménage"
eq "and her referent" "$(count sponsorship.ended ref1@univ.example)" 1
eq "not the sponsor who ended it" "$(count sponsorship.ended marraine2@benevoles.example)" 0
answer tom@etu.example "$(key sponsorship.accepted tom@etu.example)" gmail-html "Fin parrainage"
eq "the student ends it" "$(state 3)" ended
eq "his sponsor is told" "$(count sponsorship.ended parrain1@benevoles.example)" 1

to inconnu@ailleurs.example parrainage@univ.example plain "PARRAINAGE"
ok "an unknown sender is answered" has "$(last_error inconnu@ailleurs.example)" '"code":"unknown_sender"'
eq "altc sponsorship list --state ended" "$(altc sponsorship list --state ended --format csv | tail -n +2 | cut -d';' -f1 | tr '\n' ' ')" '"1" "3" ' 
ok "altc sponsorship list --format json" sh -c 'altc sponsorship list --format json |
    python3 -c "import json,sys; r = json.load(sys.stdin); assert [x[\"state\"] for x in r] == [\"ended\", \"refused\", \"ended\"]"'
ok "an unknown state" sh -c "! altc sponsorship list --state nope 2>/dev/null"
answer lea@etu.example "$sk" plain "AIDE"
ok "AIDE on a student's mail tells of PARRAINAGE" \
    has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.help' AND rcpt = 'lea@etu.example'")" '"verb":"PARRAINAGE"'
ok "a volunteer sponsor is erased" altc -q sponsor remove marraine2@benevoles.example --erase
eq "with the link of her sponsorship" "$(sql "SELECT count(*) FROM sponsors WHERE email = 'marraine2@benevoles.example'")|$(sql "SELECT coalesce(sponsor_id, 'none') FROM sponsorships WHERE id = 1")" "0|none"

# the help request on an application: CONSEIL both ways
answer lea@etu.example "$sk" plain "POSTULER 1"
answer lea@etu.example "$(key application.sent lea@etu.example)" outlook "CONSEIL Dois-je relancer l'entreprise ?"
eq "her referent is asked for advice" "$(count application.advice ref1@univ.example)" 1
ok "with her CV attached" has "$(sql "SELECT attachments FROM outbox WHERE template = 'application.advice'")" "cv-lea.pdf"
answer tom@etu.example "$(key application.advice ref1@univ.example)" plain "CONSEIL Oui."
eq "advice from another address is refused" "$(count application.advice_reply lea@etu.example)" 0
answer ref1@univ.example "$(key application.advice ref1@univ.example)" thunderbird \
    "CONSEIL Oui, relance-les dans une semaine par téléphone."
ok "the student receives the advice" has "$(vars application.advice_reply lea@etu.example)" "relance-les dans une semaine"
ok "kept in her follow-up" has "$(altc student history lea@etu.example)" "relance-les"
answer lea@etu.example "$(key application.advice_reply lea@etu.example)" iphone "CONSEIL Et si personne ne répond ?"
eq "she may ask again on the advice" "$(count application.advice ref1@univ.example)" 2
e2e_done
