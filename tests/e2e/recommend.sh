#!/bin/sh
# recommend.sh - the recommendations through the real binary and the spool:
# `altc recommend run` and its lists in the three formats, the weights,
# the digest sections rendered in French and in English (no student
# address in the employer's), then replies to the digest: PROFIL with form
# lines, FAVORI n, FAVORIS, and a FAVORI of an unknown offer refused in
# French.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
# the nightly jobs (recommend, digest) are run by hand here: none falls due in serve --once
sql "INSERT INTO jobs (name, last_run) VALUES ('recommend', strftime('%s', 'now')),
    ('digest', strftime('%s', 'now'))" >/dev/null
student alice@etu.example BUT3-GEA-GPRH
student bob@etu.example BUT3-GEA-GPRH
sql "UPDATE users SET locale = 'en', postal_code = '73000', city = 'Chambéry' WHERE email = 'bob@etu.example'" >/dev/null
sql "UPDATE users SET company_id = (SELECT id FROM companies WHERE siret = '80754009100004')
    WHERE email = 'rh@benotti.example'" >/dev/null

altc offer add --company 80754009100004 --title "Assistant comptable" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location "Annecy (74)" --description "Compta" --skills "Excel, SAP" \
    --contract apprentissage >/dev/null 2>&1
altc offer add --company 80754009100004 --title "Assistant paie" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location Lyon --description "Paie" --skills Excel >/dev/null 2>&1
sql "UPDATE offers SET state = 'published', author_id = (SELECT id FROM users WHERE email = 'rh@benotti.example')" >/dev/null
sql "UPDATE offer_formations SET state = 'validated', decided_at = 1" >/dev/null

ok "profile set from the command line" altc recommend profile --student alice@etu.example \
    "Compétences=excel, word" "Type de contrat=Alternance" "lieu=74000 Annecy" 2>/dev/null
ok "weights set" altc recommend weights set langues=2 2>/dev/null
eq "weights listed in CSV" "$(altc recommend weights --format csv | tr -d '\r' | grep languages)" '"languages";"Langues";"2"'
ok "an impact of 7 is refused" sh -c "! altc recommend weights set skills=7 2>/dev/null"

sleep 1	# changes in the second of a run count for the next one too
out=$(altc recommend run 2>/dev/null)
ok "run reports what it did ($out)" has "$out" "2 students, 2 offers"
# alice x 1: formation 5 + skills 4/2 + contract 2 + location 3 = 12 of 14
eq "alice's best offer, scored as computed by hand" \
    "$(altc recommend list --student alice@etu.example --format csv | sed -n 2p | cut -d';' -f1,5)" '"1";"86"'
j=$(altc recommend list --offer 1 --format json)
ok "the offer's profiles in JSON" has "$j" '"first_name": "E"'
ok "with the matched criteria" has "$j" 'formation, Excel, apprentissage, Annecy (74)'
ok "--explain gives the reasons" has "$(altc recommend run --student alice@etu.example --explain 2>/dev/null)" \
    'skills       impact 4  match 0.50'
out=$(altc recommend run 2>/dev/null)
ok "a second run with nothing changed recomputes nothing" has "$out" "0 student lists and 0 offer lists rewritten"

altc -q digest && altc -q outbox flush
ok "three digests: two students, one employer" test "$(sql "SELECT count(*) FROM outbox WHERE template = 'digest.daily'")" -eq 3
python3 - <<'PY' > digests.txt
import email, email.policy, glob
for p in sorted(glob.glob("spool/outbox/new/*")):
    m = email.message_from_binary_file(open(p, "rb"), policy=email.policy.default)
    if "digest" not in str(m["Subject"]).lower() and "résumé" not in str(m["Subject"]):
        continue
    body = m.get_body(("plain",)).get_content()
    html = m.get_body(("html",)).get_content()
    print("== %s %s" % (m["To"].addresses[0].addr_spec, m["Reply-To"] or "-"))
    print(body)
    print(html)
PY
section() { awk -v who="$1" '/^== /{on = $2 == who} on' digests.txt; }
ok "alice's digest: Offres recommandées" has "$(section alice@etu.example)" "Offres recommandées"
ok "with the score and what matches" has "$(section alice@etu.example)" "n° 1 : Assistant comptable (BENOTTI SAS, Annecy (74)) - 86 %"
ok "and how to apply" has "$(section alice@etu.example)" "POSTULER suivi du numéro"
ok "bob's digest in English: Recommended offers" has "$(section bob@etu.example)" "Recommended offers:"
ok "with what matches in English" has "$(section bob@etu.example)" "matches: programme"
ok "the employer's digest: Profils qui correspondent" has "$(section rh@benotti.example)" "Profils qui correspondent"
ok "showing no student address" test "$(section rh@benotti.example | grep -c 'etu\.example')" -eq 0
tok=$(key digest.daily alice@etu.example)
ok "the digest carries a reply key" test -n "$tok"

sed -e "s/TOKEN/$tok/g" -e "s/FROM/alice@etu.example/g" -e "s/MSGID/$$-profil/g" -e '/^BODY$/d' \
    "$FIX/reply_plain.eml" > profil.eml
printf 'PROFIL\nSecteur : compta\nMobilit\303\251 : r\303\251gionale\nMontrer : pr\303\251nom et comp\303\251tences\n' >> profil.eml
altc deliver -r "reply+$tok@univ.example" < profil.eml && altc -q serve --once
eq "PROFIL stores the form lines" "$(sql "SELECT value FROM student_criteria x JOIN criteria c ON c.id = x.criterion_id
    JOIN users u ON u.id = x.student_id WHERE u.email = 'alice@etu.example' AND c.name = 'mobility'")" "régionale"
ok "and answers with the criteria" test "$(sql "SELECT count(*) FROM outbox WHERE template = 'recommend.profile'")" -eq 1
eq "Montrer: what employers may see" "$(sql "SELECT profile_show FROM users WHERE email = 'alice@etu.example'")" \
    "first_name,skills"
ok "the answer says so" has "$(sql "SELECT vars FROM outbox WHERE template = 'recommend.profile'")" \
    '"shown":"prénom, compétences"'
reply reply_plain.eml alice@etu.example "$tok" "FAVORI 1"
eq "FAVORI 1 keeps the offer" "$(sql "SELECT offer_id FROM favorites")" 1
ok "and answers with the favourites" test "$(sql "SELECT count(*) FROM outbox WHERE template = 'recommend.favorites'")" -eq 1
before=$(count_errors alice@etu.example)
reply reply_plain.eml alice@etu.example "$tok" "FAVORI 99"
eq "FAVORI of an unknown offer is refused" "$(count_errors alice@etu.example)" $((before + 1))
ok "in French" has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' ORDER BY id DESC LIMIT 1")" \
    "n’existe pas ou n’est plus publiée"
reply reply_plain.eml alice@etu.example "$tok" "FAVORIS"
eq "FAVORIS lists them" "$(sql "SELECT count(*) FROM outbox WHERE template = 'recommend.favorites'")" 2
eq "favourites in CSV" "$(altc recommend favorites alice@etu.example --format csv | tr -d '\r' | sed -n 2p | cut -d';' -f1,2)" \
    '"1";"Assistant comptable"'
rtok=$(key digest.daily rh@benotti.example)
before=$(count_errors rh@benotti.example)
reply reply_plain.eml rh@benotti.example "$rtok" "PROFIL"
eq "an employer has no search criteria" "$(count_errors rh@benotti.example)" $((before + 1))
reply reply_plain.eml rh@benotti.example "$rtok" "FAVORI $(sql "SELECT id FROM users WHERE email = 'alice@etu.example'")"
eq "an employer keeps a profile proposed to them" "$(sql "SELECT count(*) FROM favorites WHERE student_id IS NOT NULL")" 1
fv=$(sql "SELECT vars FROM outbox WHERE template = 'recommend.favorites' AND rcpt = 'rh@benotti.example'")
ok "the employer's favourites show a first name" has "$fv" '"first_name":"E"'
ok "and no address" test "$(printf '%s\n' "$fv" | grep -c 'etu\.example')" -eq 0
sleep 1
out=$(altc recommend run 2>/dev/null)
ok "the changed profile is picked up by the next run ($out)" has "$out" "1 student lists and"
e2e_done
