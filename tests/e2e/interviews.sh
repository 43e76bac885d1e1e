#!/bin/sh
# interviews.sh - ENTRETIEN by reply (slots as people type them, echoed to
# the employer, unreadable lines named), CRENEAU n by two candidates racing
# for one slot, the invitation (.ics) read back by Python's icalendar,
# DEPLACER (an updated REQUEST, SEQUENCE raised), the reminder the day before
# and ANNULER (METHOD:CANCEL to both).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
# the independent parser: Debian's python3-icalendar (also when another python3 comes first)
ICAL_PY=
for p in python3 /usr/bin/python3; do
	"$p" -c 'import icalendar' 2>/dev/null && { ICAL_PY=$p; break; }
done
[ -n "$ICAL_PY" ] || skip_all "python3-icalendar is not installed"
e2e_instance --demo
# Wednesday 2 December 2026, 10:00 in Paris
ALTC_NOW=$(date -u -d 2026-12-02T09:00:00Z +%s); export ALTC_NOW
student lea@etu.example BUT3-GEA-GEMA
student tom@etu.example BUT3-GEA-GEMA
pdf cv.pdf 9000 lea
pdf cv-tom.pdf 9000 tom
upload lea@etu.example "CV" plain "mon CV" cv.pdf
upload tom@etu.example "CV" plain "mon CV" cv-tom.pdf
published_offer "Comptable" BUT3-GEA-GEMA
search lea@etu.example comptable
answer lea@etu.example "$(key offer.search lea@etu.example)" plain "POSTULER 1"
search tom@etu.example comptable
answer tom@etu.example "$(key offer.search tom@etu.example)" plain "POSTULER 1"
eq "two applications" "$(sql "SELECT count(*) FROM applications WHERE state = 'pending'")" 2
app_key() {
	outbox_key "SELECT id FROM outbox WHERE template = 'application.received' AND thread = 'application.$1' ORDER BY id DESC LIMIT 1"
}
# ics TEMPLATE RCPT: the invitation of the last such mail, as icalendar reads it
ics() {
	_id=$(sql "SELECT id FROM outbox WHERE template = '$1' AND rcpt = '$2' ORDER BY id DESC LIMIT 1")
	"$ICAL_PY" "$ALTC_SRCDIR/tests/e2e/ics_check.py" spool/outbox/new/altc-"${_id:-0}".* 2>&1
}
vars() {
	sql "SELECT vars FROM outbox WHERE template = '$1' AND rcpt = '$2' ORDER BY id DESC LIMIT 1"
}

# a line that is wrong and one that cannot be read: named, nothing proposed
k1=$(app_key 1)
ok "the employer's mail carries a key" test -n "$k1"
answer rh@benotti.example "$k1" outlook 'ENTRETIEN\nBonjour, voici mes disponibilités :\nmardi 14 janvier 10h30\n31/02/2027 10h\n15/01/2027 9h'
err=$(last_error rh@benotti.example)
ok "a weekday that does not match is named" has "$err" "mardi 14 janvier 10h30.*ce jour-là est un jeudi"
ok "an impossible date is named" has "$err" "31.*02.*2027 10h.*cette date n’existe pas"
ok "the slot understood is echoed" has "$err" "vendredi 15 janvier 2027, 09:00"
eq "nothing is proposed" "$(sql "SELECT count(*) FROM interviews")" 0

# slots as people type them, outlook-style, with a place, a link and a duration
answer rh@benotti.example "$k1" outlook 'ENTRETIEN\njeudi 14 janvier 10h30\n14/01/2027 11:00-11:30 https://meet.example/abc\nle 15 janvier 2027 à 9h (45 min), Salle 3'
eq "an interview is proposed" "$(sql "SELECT state || '|' || json_array_length(slots) FROM interviews WHERE application_id = 1")" "proposed|3"
eq "the student gets the numbered slots" "$(count interview.proposed lea@etu.example)" 1
v=$(vars interview.proposed lea@etu.example)
ok "slot 1 in Paris time" has "$v" '"n":1,"label":"jeudi 14 janvier 2027, 10:30–11:00"'
ok "slot 3 with its duration and place" has "$v" '"n":3,"label":"vendredi 15 janvier 2027, 09:00–09:45 — Salle 3"'
ok "the employer gets them echoed" has "$(vars interview.slots rh@benotti.example)" '"n":2,"label":"jeudi 14 janvier 2027, 11:00–11:30 — https://meet.example/abc"'

# the same slots for tom, by ';' on the command line
answer rh@benotti.example "$(app_key 2)" plain 'ENTRETIEN 14/01/2027 10:30-11:00; 14/01/2027 11:00-11:30'
eq "tom's interview" "$(sql "SELECT state || '|' || json_array_length(slots) FROM interviews WHERE application_id = 2")" "proposed|2"

# the race: tom books slot 1 first, lea's CRENEAU 1 comes too late
answer tom@etu.example "$(key interview.proposed tom@etu.example)" thunderbird "CRENEAU 1"
eq "tom's slot is booked" "$(sql "SELECT state || '|' || chosen FROM interviews WHERE application_id = 2")" "booked|1"
lk=$(key interview.proposed lea@etu.example)
answer lea@etu.example "$lk" plain "CRENEAU 1"
ok "lea is told the slot was taken" has "$(last_error lea@etu.example)" "vient d’être réservé par un autre candidat"
eq "lea's interview is still open" "$(sql "SELECT state FROM interviews WHERE application_id = 1")" proposed
answer lea@etu.example "$lk" plain "CRENEAU 9"
ok "a slot number that does not exist" has "$(last_error lea@etu.example)" "pas de créneau 9"
answer lea@etu.example "$lk" outlook "Créneau 2"
eq "lea books slot 2" "$(sql "SELECT state || '|' || chosen || '|' || sequence FROM interviews WHERE application_id = 1")" "booked|2|1"
eq "both are told" "$(count interview.confirmed lea@etu.example)|$(count interview.confirmed rh@benotti.example)" "1|2"
eq "the student's invitation, read by icalendar" "$(ics interview.confirmed lea@etu.example)" \
    "REQUEST|interview-1@univ.example|1|CONFIRMED|2027-01-14T10:00Z|2027-01-14T10:30Z|Europe/Paris|Europe/Paris|lea@etu.example,rh@benotti.example|https://meet.example/abc"
eq "the employer's, the same event" "$(ics interview.confirmed rh@benotti.example | cut -d'|' -f1-6)" \
    "REQUEST|interview-1@univ.example|1|CONFIRMED|2027-01-14T10:00Z|2027-01-14T10:30Z"

# DEPLACER by the student: slot freed, chosen again, an updated REQUEST
answer lea@etu.example "$(key interview.confirmed lea@etu.example)" plain "DEPLACER"
eq "the slot is freed" "$(sql "SELECT state || '|' || coalesce(start_at, 'none') FROM interviews WHERE application_id = 1")" "proposed|none"
ok "the employer is told who moved it" has "$(vars interview.slots rh@benotti.example)" '"moved_by":"E Tudiant"'
# the choice again, on the page of the proposal's link this time: GET lists, POST books
port=$(free_port)
conf http port "$port"
altc serve > http.log 2>&1 &
daemon=$!
for i in $(seq 1 25); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
path=$(outbox_link "SELECT id FROM outbox WHERE template = 'interview.proposed' AND rcpt = 'lea@etu.example' ORDER BY id DESC LIMIT 1" s)
url="http://127.0.0.1:$port$path"
curl -s "$url" > pick1.html
curl -s "$url" > pick2.html
ok "the proposal's link shows each slot as a button" grep -q 'name="slot" value="3"' pick1.html
eq "and the GETs book nothing" "$(sql "SELECT state FROM interviews WHERE application_id = 1")" proposed
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' pick1.html)
code=$(curl -s -o pick3.html -w '%{http_code}' --data "csrf=$csrf&slot=3" "$url")
eq "the button of slot 3 books it" "$code" 200
kill "$daemon"; wait "$daemon" 2>/dev/null
conf http port 0
eq "booked again, sequence raised" "$(sql "SELECT state || '|' || chosen || '|' || sequence FROM interviews WHERE application_id = 1")" "booked|3|2"
eq "the updated invitation keeps its UID" "$(ics interview.confirmed lea@etu.example)" \
    "REQUEST|interview-1@univ.example|2|CONFIRMED|2027-01-15T08:00Z|2027-01-15T08:45Z|Europe/Paris|Europe/Paris|lea@etu.example,rh@benotti.example|Salle 3"

# the reminder: at 17:00 the day before (schedule.reminders), once
ALTC_NOW=$(date -u -d 2027-01-14T16:30:00Z +%s) altc -q serve --once
eq "a reminder to both, for tomorrow's interview only" \
    "$(count interview.reminder lea@etu.example)|$(count interview.reminder rh@benotti.example)|$(count interview.reminder tom@etu.example)" "1|1|0"
ALTC_NOW=$(date -u -d 2027-01-14T18:30:00Z +%s) altc -q serve --once
eq "only once" "$(count interview.reminder lea@etu.example)" 1

# ANNULER by the employer: METHOD:CANCEL to both
answer rh@benotti.example "$(outbox_key "SELECT id FROM outbox WHERE template = 'interview.confirmed' AND rcpt = 'rh@benotti.example' AND thread = 'application.1' ORDER BY id DESC LIMIT 1")" plain "ANNULER"
eq "cancelled" "$(sql "SELECT state || '|' || sequence FROM interviews WHERE application_id = 1")" "cancelled|3"
eq "the cancellation, read by icalendar" "$(ics interview.cancelled lea@etu.example | cut -d'|' -f1-5)" \
    "CANCEL|interview-1@univ.example|3|CANCELLED|2027-01-15T08:00Z"
ok "says who cancelled" has "$(vars interview.cancelled lea@etu.example)" '"cancelled_by":"BENOTTI'
eq "the employer gets it too" "$(ics interview.cancelled rh@benotti.example | cut -d'|' -f1,3)" "CANCEL|3"

# the masked relay: MESSAGE on the application's key, answered at msg+TOKEN@
msg_key() {
	_id=$(sql "SELECT id FROM outbox WHERE template = 'message.relay' AND rcpt = '$1' ORDER BY id DESC LIMIT 1")
	cat spool/outbox/new/altc-"${_id:-0}".* 2>/dev/null | grep -o 'msg+[a-z2-7]\{32\}@' | head -n 1 |
	    grep -o '[a-z2-7]\{32\}'
}
relay_file() {
	_id=$(sql "SELECT id FROM outbox WHERE template = 'message.relay' AND rcpt = '$1' ORDER BY id DESC LIMIT 1")
	echo spool/outbox/new/altc-"${_id:-0}".*
}
answer rh@benotti.example "$(app_key 2)" plain "MESSAGE Pouvez-vous apporter votre book ?"
eq "tom gets the employer's message" "$(count message.relay tom@etu.example)" 1
tk=$(msg_key tom@etu.example)
ok "answered at a msg+ address" test -n "$tk"
ok "without the employer's address" sh -c "! grep -qi 'rh@benotti' $(relay_file tom@etu.example)"
$APPS_PY mail tom@etu.example "msg+$tk@univ.example" "RE: Message" thunderbird \
    'Oui, je l’apporterai.\nJe viendrai avec mon book imprimé.' > relay.eml
altc deliver -r "msg+$tk@univ.example" < relay.eml && altc -q serve --once
eq "a plain reply is relayed back" "$(count message.relay rh@benotti.example)" 1
ok "with its text" has "$(vars message.relay rh@benotti.example)" '"message":"Oui, je l’apporterai.\\nJe viendrai avec mon book imprimé."'
ok "without tom's address" sh -c "! grep -qi 'tom@etu' $(relay_file rh@benotti.example)"
ok "in the application's thread" grep -q '^References: <thread-application-2@univ.example>' $(relay_file rh@benotti.example)
rk=$(msg_key rh@benotti.example)
cat > vacation.eml <<EOM
From: rh@benotti.example
To: msg+$rk@univ.example
Subject: Absence du bureau
Auto-Submitted: auto-replied
Message-ID: <vacation-1@benotti.example>

Je suis absent jusqu'au 4 janvier.
EOM
altc deliver -r "msg+$rk@univ.example" < vacation.eml && altc -q serve --once
eq "a vacation reply is not relayed" "$(count message.relay tom@etu.example)" 1
eq "the messages are in the application's history" \
    "$(sql "SELECT count(*) FROM audit WHERE object_type = 'application' AND object_id = 2 AND event = 'relay'")" 2
answer tom@etu.example "$(key interview.confirmed tom@etu.example)" plain "MESSAGE bonjour"
eq "the relay is not offered on an interview's key" "$(count message.relay rh@benotti.example)" 1

# a sender is limited to 10 relayed messages an hour
i=0
while [ $i -lt 9 ]; do
	answer rh@benotti.example "$(app_key 2)" plain "MESSAGE message $i"
	i=$((i + 1))
done
eq "ten messages relayed" "$(count message.relay tom@etu.example)" 10
answer rh@benotti.example "$(app_key 2)" plain "MESSAGE encore un"
eq "the eleventh is held back" "$(count message.relay tom@etu.example)" 10
ok "and the sender told" has "$(last_error rh@benotti.example)" '"code":"rate_limited"'

# a slot in the past, and the CLI
answer rh@benotti.example "$k1" plain 'ENTRETIEN 01/12/2026 10h'
ok "a past slot is refused" has "$(last_error rh@benotti.example)" "est déjà passé"
ok "altc interview list" sh -c "altc interview list | grep -q '^1	1	cancelled	3'"
e2e_done
