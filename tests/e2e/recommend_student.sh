#!/bin/sh
# recommend_student.sh - an rp recommends offers to one student (the other
# direction of RECOMMANDER): RECOMMANDER address n n... to offres@; each
# offer reaches the student at once with the formation's rating and a
# reply key, and is recorded as a manual recommendation.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
# the nightly recommendations are not this scenario's: none falls due in serve --once
sql "INSERT INTO jobs (name, last_run) VALUES ('recommend', strftime('%s', 'now'))" >/dev/null
student alice@etu.example BUT3-GEA-GPRH
for t in "Assistant paie" "Assistant RH"; do
	altc offer add --company 80754009100004 --title "$t" --formations BUT3-GEA-GPRH \
	    --duration "1 an" --location Annecy --description "Poste" >/dev/null 2>&1
	reply reply_plain.eml rp.gea@univ.example "$(key offer.to_validate rp.gea@univ.example)" "VALIDER 5 Tuteur disponible"
done
a=$(sql "SELECT id FROM offers WHERE title = 'Assistant paie'")
b=$(sql "SELECT id FROM offers WHERE title = 'Assistant RH'")

send reply_plain.eml rp.tc@univ.example offres@univ.example "RECOMMANDER alice@etu.example $a"
eq "the rp of another formation cannot" "$(sql "SELECT count(*) FROM recommendations")" 0
send reply_plain.eml rp.gea@univ.example offres@univ.example "RECOMMANDER alice@etu.example $a 999"
eq "an unknown offer records nothing" "$(sql "SELECT count(*) FROM recommendations")" 0
ok "and is answered" has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'rp.gea@univ.example' ORDER BY id DESC LIMIT 1")" "999"

send reply_plain.eml rp.gea@univ.example offres@univ.example "Recommander alice@etu.example n°$a, n°$b"
eq "RECOMMANDER student offers records both" "$(sql "SELECT count(*) FROM recommendations r JOIN users u ON u.id = r.student_id WHERE u.email = 'alice@etu.example' AND r.manual = 1 AND r.recommended_by = (SELECT id FROM users WHERE email = 'rp.gea@univ.example')")" 2
eq "the student gets each offer at once" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.new_for_formation' AND rcpt = 'alice@etu.example'")" 2
ok "with a reply key" test -n "$(key offer.new_for_formation alice@etu.example)"
eq "with the formation's rating" "$(sql "SELECT json_extract(vars, '\$.rating') || ' ' || json_extract(vars, '\$.comment') FROM outbox WHERE template = 'offer.new_for_formation' AND rcpt = 'alice@etu.example' LIMIT 1")" "5 Tuteur disponible"
eq "no error" "$(sql "SELECT count(*) FROM outbox WHERE template = 'reply.error' AND rcpt = 'rp.gea@univ.example'")" 1
e2e_done
