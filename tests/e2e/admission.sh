#!/bin/sh
# admission.sh - applications to the formations themselves, walked as the
# people would: a stranger asks formations@ for the catalogue, signs up
# (a form line missing first), confirms the address by reply; applies to
# two formations (and not to one whose window is not open); sends pieces
# (a fake PDF and a damaged one refused with a clear answer, real ones
# named by "Pièce :" lines or by their file name, an incapacité); the
# complete dossier goes to the rp and is locked; the rp sends a piece back,
# the candidate sends it again; one dossier is abandoned; the rp convenes
# the candidate (an invitation) and admits them.  Replies come from
# several mail clients.  A second signup left unconfirmed expires after
# 15 days; a dossier whose piece is not sent again in time is closed.  A
# ga delegated by the rp acts on a dossier by reply, until the delegation
# is withdrawn.  A candidate's personal data is exported (the dossiers and
# the PDFs) and erased (no trace of the address, the files no one else sent
# removed), as is a volunteer sponsor's; the retention sweep erases a
# candidate whose dossiers all ended.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo
# Wednesday 2 December 2026, 10:00 in Paris
ALTC_NOW=$(date -u -d 2026-12-02T09:00:00Z +%s); export ALTC_NOW

# tofor FROM STYLE BODY [FILE...]: a mail to formations@, applied
tofor() {
	t_from=$1; t_style=$2; t_body=$3; shift 3
	$APPS_PY mail "$t_from" formations@univ.example "Candidature" "$t_style" "$t_body" "$@" > f.eml &&
	    altc deliver -r formations@univ.example < f.eml && altc -q serve --once
}
# dkey CODE: the key of the last mail about the candidate's dossier for CODE
dkey() {
	outbox_key "SELECT o.id FROM outbox o JOIN admission_dossiers d ON o.thread = 'admission.' || d.id
	    JOIN formations f ON f.id = d.formation_id WHERE f.code = '$1' AND o.template = 'admission.dossier'
	    ORDER BY o.id DESC LIMIT 1"
}
dstate() {
	sql "SELECT d.state FROM admission_dossiers d JOIN formations f ON f.id = d.formation_id WHERE f.code = '$1'"
}
lastvars() {
	sql "SELECT vars FROM outbox WHERE template = '$1' AND rcpt = '$2' ORDER BY id DESC LIMIT 1"
}

# the staff's set-up: windows and pieces (one with a model to fill in)
pdf modele.pdf 3000 attestation
altc admission window BUT3-GEA-GEMA --from 01/11/2026 --to 2027-03-31
altc admission window BUT3-TC-MDEE --from 2026-11-15 --to 2027-02-28
altc admission window BUT3-TC-BDMRC --from 2027-04-01 --to 2027-05-31
altc admission piece add BUT3-GEA-GEMA "Relevé de notes"
altc admission piece add BUT3-GEA-GEMA "Lettre de motivation"
altc admission piece add BUT3-GEA-GEMA "Attestation employeur" --template modele.pdf
altc admission piece add BUT3-TC-MDEE "Relevé de notes"
altc admission piece add BUT3-TC-MDEE "CV"
eq "the CLI sets windows and pieces" "$(altc admission formations --format csv | grep -c 'BUT3-')" 3
ok "a model that is not a PDF is refused" sh -c '! altc admission piece add BUT3-TC-MDEE Photo --template /etc/hostname 2>/dev/null'

# the catalogue, to anyone
tofor zoe@gmail.example plain "Bonjour, quelles formations puis-je demander ?"
v=$(lastvars admission.catalogue zoe@gmail.example)
ok "a stranger gets the catalogue" has "$v" '"code":"BUT3-GEA-GEMA"'
ok "with the windows and the pieces" has "$v" '"opens":"01/11/2026","closes":"31/03/2027","open":true,"pieces":\[{"label":"Relevé de notes"'
ok "a window to come is shown as not open yet" has "$v" '"code":"BUT3-TC-BDMRC".*"open":false'
ok "and how to sign up" has "$v" '"stranger":true'
eq "without a key" "$(sql "SELECT token IS NULL FROM outbox WHERE template = 'admission.catalogue'")" 1
tofor zoe@gmail.example plain "CATALOGUE"
tofor zoe@gmail.example plain "CATALOGUE"
tofor zoe@gmail.example plain "CATALOGUE"
eq "a few catalogues a day to one address, no more" "$(count admission.catalogue zoe@gmail.example)" 3
$APPS_PY mail robot@gmail.example formations@univ.example "Absence" plain "Je suis absent" | \
    sed 's/^Subject:/Auto-Submitted: auto-replied\nSubject:/' > auto.eml
altc deliver -r formations@univ.example < auto.eml && altc -q serve --once
eq "automatic mail is never answered" "$(sql "SELECT count(*) FROM outbox WHERE rcpt = 'robot@gmail.example'")" 0

# signup, a line missing first
tofor zoe@gmail.example thunderbird "INSCRIPTION
Nom : Lefèvre
Prénom : Zoé"
eq "a signup without the birth date is refused" "$(sql "SELECT count(*) FROM candidates")" 0
v=$(last_error zoe@gmail.example)
ok "naming the field, with the form to fill in" has "$v" 'Date de naissance.*INSCRIPTION'
tofor zoe@gmail.example thunderbird "INSCRIPTION
Nom : Lefèvre
Prénom : Zoé
Date de naissance : 14/07/2005"
eq "a complete signup makes an unconfirmed candidate" \
    "$(sql "SELECT state || '|' || first_name || '|' || birth_date FROM candidates")" "unconfirmed|Zoé|2005-07-14"
ck=$(key admission.signup zoe@gmail.example)
ok "the confirmation carries a key" test -n "$ck"
ok "and a link valid 15 days" has "$(lastvars admission.signup zoe@gmail.example)" '"expires":"17 décembre 2026"'
e=$(count_errors zoe@gmail.example)
tofor zoe@gmail.example plain "CANDIDATER BUT3-GEA-GEMA"
eq "no application before the address is confirmed" "$(sql "SELECT count(*) FROM admission_dossiers")" 0
ok "the candidate is told to confirm first" has "$(last_error zoe@gmail.example)" 'confirm'
answer intrus@example.org "$ck" plain "CONFIRMER"
eq "a confirmation from another address changes nothing" "$(sql "SELECT state FROM candidates")" unconfirmed
answer zoe@gmail.example "$ck" iphone "CONFIRMER"
eq "a reply to the confirmation confirms the address" "$(sql "SELECT state FROM candidates")" confirmed
eq "audited" "$(sql "SELECT count(*) FROM audit WHERE object_type = 'candidate' AND event = 'confirm'")" 1
kk=$(key admission.confirmed zoe@gmail.example)
ok "the catalogue comes back with the candidate's key" test -n "$kk"

# the vœux, in order; one formation is not open yet
answer zoe@gmail.example "$kk" outlook "CANDIDATER BUT3-TC-BDMRC"
eq "not outside the window" "$(sql "SELECT count(*) FROM admission_dossiers")" 0
ok "with the dates in the answer" has "$(last_error zoe@gmail.example)" '2027-04-01'
answer zoe@gmail.example "$kk" outlook "CANDIDATER BUT3-GEA-GEMA, BUT3-TC-MDEE"
eq "two vœux, ranked" "$(sql "SELECT group_concat(f.code || ':' || d.rank || ':' || d.state, ' ') FROM admission_dossiers d JOIN formations f ON f.id = d.formation_id ORDER BY d.rank")" \
    "BUT3-GEA-GEMA:1:incomplete BUT3-TC-MDEE:2:incomplete"
eq "each is acknowledged" "$(count admission.dossier zoe@gmail.example)" 2
ok "listing the pieces asked" has "$(lastvars admission.dossier zoe@gmail.example)" '"label":"CV"'
att=$(sql "SELECT attachments FROM outbox WHERE template = 'admission.dossier' AND thread = 'admission.1'")
ok "the model to fill in is attached" has "$att" 'modele.pdf'
gk=$(dkey BUT3-GEA-GEMA)
tk=$(dkey BUT3-TC-MDEE)

# pieces: a fake PDF and a damaged one are refused, nothing kept
badpdf jpeg releve.pdf
answer zoe@gmail.example "$gk" thunderbird "Pièce : Relevé de notes" releve.pdf
eq "a fake PDF is refused" "$(sql "SELECT count(*) FROM admission_pieces")" 0
ok "with a clear answer" has "$(last_error zoe@gmail.example)" '"code":"attachment_refused"'
badpdf truncated releve.pdf
answer zoe@gmail.example "$gk" thunderbird "Pièce : Relevé de notes" releve.pdf
eq "a damaged PDF is refused" "$(sql "SELECT count(*) FROM admission_pieces")" 0
ok "naming the file" has "$(last_error zoe@gmail.example)" 'releve.pdf'
pdf notes.pdf 5000 notes
pdf lettre.pdf 4000 lettre
answer zoe@gmail.example "$gk" gmail-html "Bonjour,
Pièce : Relevé de notes
Pièce : Lettre de motivation" notes.pdf lettre.pdf
eq "two pieces named by lines (Gmail)" "$(sql "SELECT count(*) FROM admission_pieces WHERE kind = 'pdf'")" 2
eq "the transcript serves both dossiers" \
    "$(sql "SELECT count(*) FROM admission_dossier_pieces dp JOIN admission_pieces p ON p.id = dp.piece_id WHERE p.label_key = 'releve_de_notes'")" 2
eq "both stay incomplete" "$(dstate BUT3-GEA-GEMA) $(dstate BUT3-TC-MDEE)" "incomplete incomplete"
gk=$(dkey BUT3-GEA-GEMA)
answer zoe@gmail.example "$gk" outlook "INCAPACITE Attestation employeur : je n'ai pas encore signé de contrat"
eq "an incapacité completes the dossier, which is transmitted" "$(dstate BUT3-GEA-GEMA)" transmitted
eq "to the rp of the formation" "$(count admission.to_review rp.gea@univ.example)" 1
att=$(sql "SELECT attachments FROM outbox WHERE template = 'admission.to_review'")
ok "with the PDFs attached" sh -c "echo '$att' | grep -q notes.pdf && echo '$att' | grep -q lettre.pdf"
ok "and the incapacité's reason" has "$(lastvars admission.to_review rp.gea@univ.example)" "pas encore signé"
ok "the candidate is told" has "$(lastvars admission.dossier zoe@gmail.example)" '"event":"transmitted"'
gk=$(dkey BUT3-GEA-GEMA)
pdf lettre2.pdf 4000 autre
answer zoe@gmail.example "$gk" plain "Pièce : Lettre de motivation" lettre2.pdf
eq "a locked dossier takes no more pieces" "$(sql "SELECT count(*) FROM admission_pieces")" 3
ok "and says so" has "$(last_error zoe@gmail.example)" 'verrouillé'
pdf CV.pdf 6000 cv
answer zoe@gmail.example "$kk" iphone "Voici mon CV" CV.pdf
eq "a file named after its piece completes the other dossier" "$(dstate BUT3-TC-MDEE)" transmitted
eq "sent to its own rp" "$(count admission.to_review rp.tc@univ.example)" 1

# the rp sends a piece back; the candidate sends it again
sk=$(key admission.to_review rp.gea@univ.example)
answer rp.gea@univ.example "$sk" outlook "RECLAMER Relevé de notes"
eq "RECLAMER without a motif is refused" "$(dstate BUT3-GEA-GEMA)" transmitted
answer rp.gea@univ.example "$sk" outlook "RECLAMER Relevé de notes : illisible, merci d'envoyer un scan net"
eq "the piece is sent back, the dossier unlocked for it" "$(dstate BUT3-GEA-GEMA)" piece_refused
eq "the other dossier keeps its copy" "$(dstate BUT3-TC-MDEE)" transmitted
v=$(lastvars admission.dossier zoe@gmail.example)
ok "the candidate is told why" has "$v" 'illisible'
ok "with a deadline 7 days on" has "$v" '"deadline":"9 décembre 2026"'
gk=$(dkey BUT3-GEA-GEMA)
answer zoe@gmail.example "$gk" plain "Pièce : Lettre de motivation" lettre2.pdf
ok "only the piece sent back is taken" has "$(last_error zoe@gmail.example)" 'verrouillé'
pdf notes2.pdf 5000 scan
answer zoe@gmail.example "$gk" thunderbird "Pièce : Relevé de notes" notes2.pdf
eq "sent again, the dossier is transmitted again" "$(dstate BUT3-GEA-GEMA)" transmitted
eq "the rp gets it again" "$(count admission.to_review rp.gea@univ.example)" 2
ok "marked as completed again" has "$(lastvars admission.to_review rp.gea@univ.example)" '"again":true'

# the candidate abandons the other dossier
tk=$(dkey BUT3-TC-MDEE)
answer zoe@gmail.example "$tk" outlook "ABANDONNER"
eq "ABANDONNER withdraws that dossier" "$(dstate BUT3-TC-MDEE)" abandoned
eq "its rp is told" "$(count admission.staff rp.tc@univ.example)" 1
tsk=$(key admission.to_review rp.tc@univ.example)
e=$(count_errors rp.tc@univ.example)
answer rp.tc@univ.example "$tsk" plain "ADMIS"
eq "its keys died with it" "$(count_errors rp.tc@univ.example)" $((e + 1))

# interview and decision
sk=$(key admission.to_review rp.gea@univ.example)
answer rp.gea@univ.example "$sk" plain "ENTRETIEN le 45 décembre"
ok "an unreadable date is explained" has "$(last_error rp.gea@univ.example)" '"code":"invalid"'
answer rp.gea@univ.example "$sk" thunderbird "ENTRETIEN mardi 15 décembre 2026 10h30
Lieu : IUT, salle B204"
eq "ENTRETIEN convenes the candidate" "$(dstate BUT3-GEA-GEMA)" interview
v=$(lastvars admission.dossier zoe@gmail.example)
ok "the candidate gets the slot" has "$v" 'mardi 15 décembre 2026, 10:30'
ok "and an invitation" has "$v" '"calendar":{"uid":"admission-1@univ.example"'
i=$(sql "SELECT id FROM outbox WHERE template = 'admission.dossier' AND rcpt = 'zoe@gmail.example' ORDER BY id DESC LIMIT 1")
ok "the mail carries a text/calendar part" sh -c "grep -q 'text/calendar' spool/outbox/new/altc-$i.* && grep -q 'UID:admission-1@univ.example' spool/outbox/new/altc-$i.*"
ok "the rp too" has "$(lastvars admission.staff rp.gea@univ.example)" '"event":"interview"'
# the invitation as an independent parser reads it: 10:30 in Paris is 09:30 UTC
ICAL_PY=
for p in python3 /usr/bin/python3; do
	"$p" -c 'import icalendar' 2>/dev/null && { ICAL_PY=$p; break; }
done
ics() {
	if [ -n "$ICAL_PY" ]; then "$ICAL_PY" "$ALTC_SRCDIR/tests/e2e/ics_check.py" spool/outbox/new/altc-"$1".* 2>&1
	else echo "python3-icalendar is not installed"; fi
}
eq "the invitation parses, in Paris time" "$(ics "$i")" \
    "REQUEST|admission-1@univ.example|0|CONFIRMED|2026-12-15T09:30Z|2026-12-15T10:00Z|Europe/Paris|Europe/Paris|zoe@gmail.example|IUT, salle B204"
answer rp.gea@univ.example "$sk" plain "ENTRETIEN mercredi 16 décembre 2026 14h"
i=$(sql "SELECT id FROM outbox WHERE template = 'admission.dossier' AND rcpt = 'zoe@gmail.example' ORDER BY id DESC LIMIT 1")
ok "a new ENTRETIEN moves it: same UID, SEQUENCE raised" has "$(ics "$i")" \
    "^REQUEST|admission-1@univ.example|1|CONFIRMED|2026-12-16T13:00Z"
# several slots: the candidate chooses, moves, cancels
lastmail() {
	sql "SELECT id FROM outbox WHERE template = '$1' AND rcpt = '$2' ORDER BY id DESC LIMIT 1"
}
answer rp.gea@univ.example "$sk" outlook "ENTRETIEN jeudi 17 décembre 2026 9h
vendredi 18 décembre 2026 10h30 ; lundi 21 décembre 2026 14h
Lieu : IUT, salle B204"
v=$(lastvars admission.dossier zoe@gmail.example)
ok "three slots are proposed to the candidate, numbered" has "$v" \
    '"event":"slots".*"slots":\[{"n":1,"label":"jeudi 17 décembre 2026, 09:00–09:30 — IUT, salle B204"},{"n":2,"label":"vendredi 18 décembre 2026, 10:30–11:00 — IUT, salle B204"},{"n":3,"label":"lundi 21 décembre 2026, 14:00'
ok "the slot set before is cancelled by the same mail" has "$(ics "$(lastmail admission.dossier zoe@gmail.example)")" \
    "^CANCEL|admission-1@univ.example|2|CANCELLED|2026-12-16T13:00Z"
ok "the rp gets the slots as understood" has "$(lastvars admission.staff rp.gea@univ.example)" '"event":"slots".*"n":3'
eq "the dossier waits for the choice" "$(sql "SELECT state || ' ' || (interview_start IS NULL) FROM admission_dossiers WHERE id = 1")" "interview 1"
gk=$(dkey BUT3-GEA-GEMA)
answer zoe@gmail.example "$gk" iphone "CRENEAU 5"
ok "a number out of range is explained" has "$(last_error zoe@gmail.example)" 'pas de créneau 5.*de 1 à 3'
answer zoe@gmail.example "$gk" iphone "CRENEAU 2"
eq "CRENEAU 2 from an iPhone books the second slot" \
    "$(sql "SELECT datetime(interview_start, 'unixepoch') FROM admission_dossiers WHERE id = 1")" "2026-12-18 09:30:00"
eq "the candidate's invitation, slot 2 in Paris time" "$(ics "$(lastmail admission.dossier zoe@gmail.example)")" \
    "REQUEST|admission-1@univ.example|3|CONFIRMED|2026-12-18T09:30Z|2026-12-18T10:00Z|Europe/Paris|Europe/Paris|zoe@gmail.example|IUT, salle B204"
ok "the rp's too" has "$(ics "$(lastmail admission.staff rp.gea@univ.example)")" \
    "^REQUEST|admission-1@univ.example|3|CONFIRMED|2026-12-18T09:30Z|2026-12-18T10:00Z|Europe/Paris|Europe/Paris|"
answer zoe@gmail.example "$gk" plain "CRENEAU 1"
eq "a second choice changes nothing" \
    "$(sql "SELECT datetime(interview_start, 'unixepoch') || ' ' || interview_seq FROM admission_dossiers WHERE id = 1")" "2026-12-18 09:30:00 3"
gk=$(dkey BUT3-GEA-GEMA)
answer zoe@gmail.example "$gk" thunderbird "DEPLACER je passe un examen ce jour-là"
v=$(lastvars admission.staff rp.gea@univ.example)
ok "DEPLACER asks the rp for new slots, with the message" has "$v" '"event":"move_asked".*examen ce jour'
ok "the slot is given up: METHOD:CANCEL, same UID" has "$(ics "$(lastmail admission.staff rp.gea@univ.example)")" \
    "^CANCEL|admission-1@univ.example|4|CANCELLED|2026-12-18T09:30Z"
mk=$(key admission.staff rp.gea@univ.example)
answer rp.gea@univ.example "$mk" plain "ENTRETIEN mardi 22 décembre 2026 9h; mardi 22 décembre 2026 11h
Visio : https://visio.univ.example/gea"
ok "the rp proposes again on the mail's key" has "$(lastvars admission.dossier zoe@gmail.example)" '"event":"slots".*"n":2,"label":"mardi 22 décembre 2026, 11:00'
gk=$(dkey BUT3-GEA-GEMA)
answer zoe@gmail.example "$gk" outlook "SLOT 1"
ok "the new slot is booked (SLOT, in English)" has "$(ics "$(lastmail admission.dossier zoe@gmail.example)")" \
    "^REQUEST|admission-1@univ.example|5|CONFIRMED|2026-12-22T08:00Z"
# the day before, at schedule.reminders, both are reminded once, with the invitation
reminded() {
	sql "SELECT count(*) FROM outbox WHERE rcpt = '$1' AND vars LIKE '%\"event\":\"reminder\"%\"sequence\":5,%'"
}
ALTC_NOW=$(date -u -d 2026-12-21T16:30:00Z +%s) altc -q serve --once
ALTC_NOW=$(date -u -d 2026-12-21T18:30:00Z +%s) altc -q serve --once
eq "the day before, a reminder to both, once" "$(reminded zoe@gmail.example)|$(reminded rp.gea@univ.example)" "1|1"
gk=$(dkey BUT3-GEA-GEMA)
answer zoe@gmail.example "$gk" gmail-html "ANNULER"
eq "ANNULER cancels the interview, the dossier is back with the formation" "$(dstate BUT3-GEA-GEMA)" transmitted
eq "the candidate's cancellation" "$(ics "$(lastmail admission.dossier zoe@gmail.example)")" \
    "CANCEL|admission-1@univ.example|6|CANCELLED|2026-12-22T08:00Z|2026-12-22T08:30Z|Europe/Paris|Europe/Paris|zoe@gmail.example|https://visio.univ.example/gea"
ok "the rp is told, with the cancellation" sh -c 'echo "$1" | grep -q "\"by_candidate\":true" && echo "$2" | grep -q "^CANCEL|admission-1@univ.example|6|"' _ \
    "$(lastvars admission.staff rp.gea@univ.example)" "$(ics "$(lastmail admission.staff rp.gea@univ.example)")"
# a slot already past when the candidate answers
answer rp.gea@univ.example "$sk" plain "ENTRETIEN lundi 7 décembre 2026 9h
mardi 8 décembre 2026 9h"
gk=$(dkey BUT3-GEA-GEMA)
now0=$ALTC_NOW
ALTC_NOW=$(date -u -d 2026-12-07T12:00:00Z +%s); export ALTC_NOW
answer zoe@gmail.example "$gk" plain "CRENEAU 1"
ok "a slot already past is refused, clearly" has "$(last_error zoe@gmail.example)" 'créneau 1 est déjà passé'
ok "admission show lists the slots to choose" sh -c 'altc admission show 1 | grep -q "à choisir : 1. lundi 7 décembre 2026, 09:00–09:30; 2. mardi 8"'
ALTC_NOW=$now0; export ALTC_NOW
answer rp.gea@univ.example "$sk" outlook "LISTE D'ATTENTE"
eq "LISTE D'ATTENTE" "$(dstate BUT3-GEA-GEMA)" waitlisted
answer rp.gea@univ.example "$sk" plain "ADMIS Bienvenue à l'IUT !"
eq "ADMIS admits" "$(dstate BUT3-GEA-GEMA)" admitted
v=$(lastvars admission.dossier zoe@gmail.example)
ok "the candidate is told, with the comment" has "$v" '"event":"admitted".*Bienvenue'
eq "every transition is audited" \
    "$(sql "SELECT group_concat(event, ',') FROM (SELECT event FROM audit WHERE object_type = 'admission' AND object_id = 1 AND event NOT LIKE 'mail.%' ORDER BY id)")" \
    "apply,piece,complete,refuse_piece,complete,convene,convene,convene,book,move,convene,book,cancel_interview,convene,waitlist,admit"
e=$(count_errors rp.gea@univ.example)
answer rp.gea@univ.example "$sk" plain "REFUSER trop tard"
eq "a decided dossier is closed to the key" "$(count_errors rp.gea@univ.example)" $((e + 1))

# the CLI
eq "list by formation (CSV)" "$(altc admission list --formation BUT3-GEA-GEMA --format csv | tail -n 1 | cut -d';' -f2 | tr -d '"')" admitted
eq "list by state (JSON)" "$(altc admission list --state abandoned --format json | grep -c '"formation": *"BUT3-TC-MDEE"')" 1
ok "show lists the pieces" sh -c "altc admission show 1 | grep -q 'incapacité: je n'"
ok "an unknown state is refused" sh -c '! altc admission list --state nope 2>/dev/null'

# a signup left unconfirmed expires after 15 days
tofor bob@gmail.example plain "INSCRIPTION
Nom : Martin
Prénom : Bob
Date de naissance : 2004-02-29"
bk=$(key admission.signup bob@gmail.example)
ALTC_NOW=$((ALTC_NOW + 16 * 86400)); export ALTC_NOW
answer bob@gmail.example "$bk" plain "CONFIRMER"
eq "the confirmation is refused after 15 days" "$(sql "SELECT count(*) FROM candidates WHERE state = 'confirmed' AND email = 'bob@gmail.example'")" 0
ok "as expired" has "$(last_error bob@gmail.example)" 'expired_token'
altc -q sweep >/dev/null 2>&1
eq "the sweep expires the signup" "$(sql "SELECT state FROM candidates WHERE email = 'bob@gmail.example'")" expired
tofor bob@gmail.example plain "CANDIDATER BUT3-GEA-GEMA"
eq "an expired signup cannot apply" "$(sql "SELECT count(*) FROM admission_dossiers d JOIN candidates c ON c.id = d.candidate_id WHERE c.email = 'bob@gmail.example'")" 0
tofor bob@gmail.example plain "INSCRIPTION
Nom : Martin
Prénom : Bob
Date de naissance : 29/02/2004"
eq "signing up again starts afresh" "$(sql "SELECT group_concat(state, ',') FROM candidates WHERE email = 'bob@gmail.example'")" "expired,unconfirmed"
# the confirmation link works as a reply does (the daemon serves it)
tofor lea@gmail.example outlook "INSCRIPTION
Nom : Durand
Prénom : Léa
Date de naissance : 03/03/2006
Langue : English"
eq "a candidate may choose English" "$(sql "SELECT locale FROM outbox WHERE template = 'admission.signup' AND rcpt = 'lea@gmail.example'")" en
port=$(free_port)
conf http port "$port"
path=$(outbox_link "SELECT id FROM outbox WHERE template = 'admission.signup' AND rcpt = 'lea@gmail.example'" a)
ok "the confirmation mail holds an /a/ link" sh -c 'echo "$1" | grep -q "^/a/[a-z2-7]\{32\}$"' _ "$path"
altc serve > http.log 2>&1 &
E2E_PIDS="$!"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	curl -s -o /dev/null "http://127.0.0.1:$port/" && break
	sleep 0.2
done
url="http://127.0.0.1:$port$path"
curl -s "$url" > get.html
ok "GET says what the button does" grep -q "Confirmer votre adresse e-mail de candidat" get.html
eq "GET changes nothing" "$(sql "SELECT state FROM candidates WHERE email = 'lea@gmail.example'")" unconfirmed
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' get.html)
code=$(curl -s -o post.html -w '%{http_code}' --data "csrf=$csrf&do=confirm" "$url")
eq "the button confirms the address" "$code|$(sql "SELECT state FROM candidates WHERE email = 'lea@gmail.example'")" "200|confirmed"
kill "$E2E_PIDS" && wait "$E2E_PIDS" 2>/dev/null
E2E_PIDS=""

# a piece sent back and not sent again in time: the dossier is closed
tofor lea@gmail.example plain "CANDIDATER BUT3-TC-MDEE"
pdf "Relevé de notes.pdf" 3000 lea
pdf cv.pdf 3000 lea-cv
answer lea@gmail.example "$(key admission.dossier lea@gmail.example)" thunderbird "Mes pièces" "Relevé de notes.pdf" cv.pdf
eq "the other candidate's dossier is transmitted" \
    "$(sql "SELECT d.state FROM admission_dossiers d JOIN candidates c ON c.id = d.candidate_id WHERE c.email = 'lea@gmail.example'")" transmitted
answer rp.tc@univ.example "$(key admission.to_review rp.tc@univ.example)" gmail-html "REFUSER PIÈCE CV : il date de 2019"
eq "REFUSER PIÈCE sends a piece back too" \
    "$(sql "SELECT d.state FROM admission_dossiers d JOIN candidates c ON c.id = d.candidate_id WHERE c.email = 'lea@gmail.example'")" piece_refused
ALTC_NOW=$((ALTC_NOW + 8 * 86400)); export ALTC_NOW
altc -q sweep >/dev/null 2>&1 && altc -q serve --once
eq "past the deadline the sweep closes it" \
    "$(sql "SELECT d.state FROM admission_dossiers d JOIN candidates c ON c.id = d.candidate_id WHERE c.email = 'lea@gmail.example'")" closed
ok "the candidate is told" has "$(lastvars admission.dossier lea@gmail.example)" '"event":"closed"'
eq "in English" "$(sql "SELECT locale FROM outbox WHERE template = 'admission.dossier' AND rcpt = 'lea@gmail.example' ORDER BY id DESC LIMIT 1")" en
f=$(ls spool/outbox/new/altc-"$(sql "SELECT id FROM outbox WHERE template = 'admission.dossier' AND rcpt = 'lea@gmail.example' ORDER BY id DESC LIMIT 1")".*)
eq "the mail reads in English" "$(python3 -c 'import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print(m["Subject"])' "$f")" "Dossier closed: BUT3-TC-MDEE – BUT3 TC - Marketing digital, e-commerce et entrepreneuriat (Alternance)"
ok "and the rp" has "$(lastvars admission.staff rp.tc@univ.example)" '"event":"closed"'

# a ga the formation's rp delegated it to acts on its dossiers, as for offers
altc -q user add --role ga --email paul.ga@univ.example --name "Paul Gest" >/dev/null
sql "UPDATE users SET state = 'active' WHERE email = 'paul.ga@univ.example'" >/dev/null
altc -q user delegate --from rp.tc@univ.example --to paul.ga@univ.example --formations BUT3-TC-MDEE >/dev/null
tofor max@gmail.example plain "INSCRIPTION
Nom : Petit
Prénom : Max
Date de naissance : 01/02/2003"
answer max@gmail.example "$(key admission.signup max@gmail.example)" plain "CONFIRMER"
answer max@gmail.example "$(key admission.confirmed max@gmail.example)" plain "CANDIDATER BUT3-TC-MDEE"
cp notes.pdf "Relevé de notes.pdf"	# the same content as one of Zoé's pieces
pdf cv.pdf 3000 max-cv
answer max@gmail.example "$(key admission.dossier max@gmail.example)" thunderbird "Mes pièces" "Relevé de notes.pdf" cv.pdf
maxstate() {
	sql "SELECT d.state FROM admission_dossiers d JOIN candidates c ON c.id = d.candidate_id WHERE c.email = 'max@gmail.example'"
}
eq "Max's dossier is transmitted" "$(maxstate)" transmitted
gak=$(key admission.to_review paul.ga@univ.example)
ok "the delegated ga gets it too, with a key of their own" test -n "$gak" -a "$gak" != "$(key admission.to_review rp.tc@univ.example)"
ok "with the PDFs" has "$(sql "SELECT attachments FROM outbox WHERE template = 'admission.to_review' AND rcpt = 'paul.ga@univ.example'")" 'cv.pdf'
eq "and the ga delegated for all the rp's formations, not the rp of another" \
    "$(sql "SELECT group_concat(rcpt, ' ') FROM outbox WHERE template = 'admission.to_review' AND thread = (SELECT 'admission.' || max(id) FROM admission_dossiers) ORDER BY id")" \
    "rp.tc@univ.example ga@univ.example paul.ga@univ.example"
e=$(count_errors paul.ga@univ.example)
answer paul.ga@univ.example "$gak" outlook "RECLAMER CV : il manque la page 2"
eq "the ga sends a piece back by reply" "$(count_errors paul.ga@univ.example) $(maxstate)" "$e piece_refused"
eq "audited as the ga" "$(sql "SELECT actor FROM audit WHERE event = 'refuse_piece' ORDER BY id DESC LIMIT 1")" paul.ga@univ.example
pdf cv2.pdf 3000 max-cv2
answer max@gmail.example "$(key admission.dossier max@gmail.example)" plain "Pièce : CV" cv2.pdf
eq "sent again, both get it again" "$(maxstate) $(count admission.to_review paul.ga@univ.example)" "transmitted 2"
gak=$(key admission.to_review paul.ga@univ.example)
sql "DELETE FROM delegations WHERE ga_id = (SELECT id FROM users WHERE email = 'paul.ga@univ.example')" >/dev/null
answer paul.ga@univ.example "$gak" plain "ADMIS"
eq "a delegation withdrawn: the ga's key decides nothing" "$(count_errors paul.ga@univ.example) $(maxstate)" "$((e + 1)) transmitted"
ok "and the ga is told why" has "$(last_error paul.ga@univ.example)" 'délégué'

# the candidate's list
eq "admission candidates (CSV)" "$(altc admission candidates --state confirmed --format csv | tail -n +2 | cut -d';' -f2,5 | tr -d '"' | sort | tr '\n' ' ')" \
    "lea@gmail.example;1 max@gmail.example;1 zoe@gmail.example;2 "
ok "an unknown candidate state is refused" sh -c '! altc admission candidates --state nope 2>/dev/null'

# personal data: a candidate has no account, export and erasure find them by address
altc person export zoe@gmail.example -o zexp > /dev/null; rc=$?
ok "person export of a candidate exits 0" test $rc -eq 0
ok "with the candidate, the dossiers, the pieces and their PDFs" python3 - zexp <<'PY'
import filecmp, json, os, sys
d = json.load(open(os.path.join(sys.argv[1], "person.json")))
t = d["tables"]
pdfs = [p for p in t["admission_pieces"] if p["kind"] == "pdf"]
ok = (d["user_id"] is None and t["candidates"][0]["last_name"] == "Lefèvre"
      and len(t["admission_dossiers"]) == 2 and len(pdfs) == 4
      and all(os.path.isfile(os.path.join(sys.argv[1], p["exported_as"])) for p in pdfs)
      and any(filecmp.cmp(os.path.join(sys.argv[1], p["exported_as"]), "notes.pdf", shallow=False)
              for p in pdfs)
      and any(a["event"] == "admit" for a in t["audit"])
      and any(o["template"] == "admission.to_review" for o in t["outbox"]))
sys.exit(0 if ok else 1)
PY
docs=var/docs
zfiles=$(sql "SELECT DISTINCT sha256 FROM admission_pieces p JOIN candidates c ON c.id = p.candidate_id WHERE c.email = 'zoe@gmail.example' AND p.kind = 'pdf'")
shared=$(sql "SELECT p.sha256 FROM admission_pieces p JOIN candidates c ON c.id = p.candidate_id WHERE c.email = 'max@gmail.example' AND p.filename = 'Relevé de notes.pdf'")
altc person erase zoe@gmail.example > /dev/null; rc=$?
ok "person erase of a candidate exits 0" test $rc -eq 0
eq "the address is nowhere in the database" "$(sqlite3 var/altconnect.db .dump | grep -c 'zoe@gmail.example')" 0
eq "nor the name" "$(sqlite3 var/altconnect.db .dump | grep -c 'Lefèvre')" 0
eq "the dossiers and pieces are gone" "$(sql "SELECT (SELECT count(*) FROM admission_dossiers) || ' ' || (SELECT count(*) FROM admission_pieces WHERE candidate_id NOT IN (SELECT id FROM candidates))")" "2 0"
gone=0; kept=0
for h in $zfiles; do
	f="$docs/$(echo "$h" | cut -c1-2)/$h.pdf"
	if [ "$h" = "$shared" ]; then [ -e "$f" ] && kept=1; else [ -e "$f" ] || gone=$((gone + 1)); fi
done
eq "the files of the pieces are removed, not one another candidate sent too" "$gone $kept" "3 1"
ok "the audit trail is kept, anonymised" test "$(sql "SELECT count(*) FROM audit WHERE object_type = 'admission' AND object_id = 1 AND event = 'admit' AND actor = 'rp.gea@univ.example'")" -eq 1 -a \
    "$(sql "SELECT count(*) FROM audit WHERE actor LIKE 'erased:audit-%'")" -gt 10
eq "the erasure is audited" "$(sql "SELECT object_type || ' ' || event FROM audit WHERE event = 'erase'")" "person erase"
altc person erase zoe@gmail.example > /dev/null 2>&1; rc=$?
ok "a second erase finds nobody" test $rc -eq 65

# a volunteer sponsor has no account either
altc -q sponsor add julie@benevoles.example --name "Durand Julie" >/dev/null
altc person export julie@benevoles.example > julie.json; rc=$?
ok "person export of a volunteer sponsor" python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if d["tables"]["sponsors"][0]["first_name"] == "Julie" else 1)' julie.json
altc person erase julie@benevoles.example > /dev/null
eq "and erasure" "$(sqlite3 var/altconnect.db .dump | grep -c 'julie@benevoles.example')" 0

# retention: a candidate whose dossiers all ended is erased after retention.candidate_days
conf retention candidate_days 30
ALTC_NOW=$((ALTC_NOW + 40 * 86400)); export ALTC_NOW
altc -q sweep >/dev/null 2>&1
eq "Léa is erased (her dossier closed), not Max (his is with the formation)" \
    "$(sql "SELECT count(*) FROM candidates WHERE email = 'lea@gmail.example'") $(sql "SELECT count(DISTINCT email) FROM candidates WHERE email = 'max@gmail.example'")" "0 1"
ok "by the retention period" test "$(sql "SELECT count(*) FROM audit WHERE event = 'erase' AND detail LIKE 'retention period over%'")" -ge 1
e2e_done
