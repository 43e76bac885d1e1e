#!/bin/sh
# mission_flow.sh - a mission sheet made off-platform, walked as its people
# would: the student sends the form lines to missions@ (Thunderbird, labels
# typed in every case and spacing), gets the draft back with what is
# missing, completes it bottom-posted, submits; the rp rejects it from
# Outlook (Latin-1); the student corrects it with MISSION from Gmail
# (multipart/alternative), which submits it again; the ga, delegated by the
# rp, validates it; both parties are told; the CFA export holds it.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/mission_lib.sh"
e2e_instance --demo
student alice@etu.example BUT3-GEA-GPRH
sql "UPDATE users SET first_name = 'Alice', last_name = 'Noël' WHERE email = 'alice@etu.example'" >/dev/null

msend form_student_thunderbird.eml alice@etu.example missions@univ.example
eq "the form at missions@ makes a draft" "$(sql "SELECT state FROM missions")" draft
eq "its labels are read whatever their case and accents" \
    "$(sql "SELECT tutor || '|' || tutor_email || '|' || start_date || '|' || end_date FROM missions")" \
    "Hélène Dupré-Lefèvre|helene.dupre@fromagerie.example|2026-09-01|2027-08-31"
eq "the SIRET is kept as 14 digits" "$(sql "SELECT siret FROM missions")" 80754009100004
eq "the school year follows from the start date" "$(sql "SELECT school_year FROM missions")" 2026-2027
v=$(sql "SELECT vars FROM outbox WHERE template = 'mission.draft' AND rcpt = 'alice@etu.example'")
ok "the draft comes back naming what is missing" has "$v" '"missing":"Activités"'
ok "with the values already given" has "$v" 'Contrôle de gestion et paie'
draft=$(mkey mission.draft alice@etu.example)
ok "and a reply key" test "$(printf %s "$draft" | wc -c)" -ge 26

mreply reply_bottom_thunderbird.eml alice@etu.example "$draft" "SOUMETTRE"
eq "SOUMETTRE with a field missing is refused" "$(sql "SELECT state FROM missions")" draft
v=$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'alice@etu.example' ORDER BY id DESC LIMIT 1")
ok "naming the field in French" has "$v" 'Activités'

mreply reply_bottom_thunderbird.eml alice@etu.example "$draft" "Activités : suivi des budgets
- tableaux de bord mensuels
- préparation de la paie"
eq "form lines under the quote (bottom-posted) complete the draft" \
    "$(sql "SELECT activities FROM missions")" "suivi des budgets
- tableaux de bord mensuels
- préparation de la paie"
draft=$(mkey mission.draft alice@etu.example)
mreply reply_bottom_thunderbird.eml alice@etu.example "$draft" "SOUMETTRE"
eq "SOUMETTRE submits the complete sheet" "$(sql "SELECT state FROM missions")" submitted
rp=$(mkey mission.to_validate rp.gea@univ.example)
ga=$(mkey mission.to_validate ga@univ.example)
ok "the rp is asked with a key of her own" test -n "$rp"
ok "and the ga delegated by her, with another" test -n "$ga" -a "$ga" != "$rp"

before=$(count_errors rp.tc@univ.example)
mreply reply_outlook.eml rp.tc@univ.example "$rp" "VALIDER"
eq "an rp of another formation answering with the key changes nothing" "$(sql "SELECT state FROM missions")" submitted

mreply reply_outlook.eml rp.gea@univ.example "$rp" "REJETER"
eq "REJETER without a motif is refused" "$(sql "SELECT state FROM missions")" submitted
mreply reply_outlook.eml rp.gea@univ.example "$rp" "REJETER Les dates ne correspondent pas au contrat signé"
eq "REJETER motif (Outlook, Latin-1) rejects the sheet" "$(sql "SELECT state FROM missions")" rejected
eq "with the motif" "$(sql "SELECT comment FROM missions")" "Les dates ne correspondent pas au contrat signé"
eq "the student is told" \
    "$(sql "SELECT count(*) FROM outbox WHERE template = 'mission.rejected' AND rcpt = 'alice@etu.example'")" 1
eq "the employer of the company too" \
    "$(sql "SELECT count(*) FROM outbox WHERE template = 'mission.rejected' AND rcpt = 'rh@benotti.example'")" 1
fix=$(mkey mission.rejected alice@etu.example)
ok "with a key to correct it" test -n "$fix"
before=$(count_errors ga@univ.example)
mreply reply_outlook.eml ga@univ.example "$ga" "VALIDER"
eq "the other reviewer's key died with the decision" "$(count_errors ga@univ.example)" $((before + 1))

mreply reply_gmail_form.eml alice@etu.example "$fix" "MISSION
Date de début : 15/09/2026"
eq "MISSION with the corrected line (Gmail) corrects it" "$(sql "SELECT start_date FROM missions")" 2026-09-15
eq "and submits it again" "$(sql "SELECT state FROM missions")" submitted
ga=$(mkey mission.to_validate ga@univ.example)
mreply reply_outlook.eml ga@univ.example "$ga" "VALIDER Bonne mission, bon courage !"
eq "the delegated ga validates it" "$(sql "SELECT state FROM missions")" validated
eq "both parties are told" \
    "$(sql "SELECT count(*) FROM outbox WHERE template = 'mission.validated' AND rcpt IN ('alice@etu.example', 'rh@benotti.example')")" 2
eq "the student's progression is 'fiche mission complétée'" \
    "$(altc student show alice@etu.example --format csv | tail -n 1 | grep -c 'fiche mission complétée')" 1

altc mission export --format csv -o export.csv 2>/dev/null
ok "the CSV export starts with a BOM" sh -c "head -c 3 export.csv | od -An -tx1 | grep -q 'ef bb bf'"
ok "uses ';' and holds the sheet" grep -q 'Noël";"alice@etu.example' export.csv
ok "with the formation's codes and the dates as people read them" grep -q '15/09/2026";"31/08/2027"' export.csv
eq "mission list shows it" "$(altc mission list --state validated --format csv | tail -n 1 | cut -d';' -f2 | tr -d '"')" validated
e2e_done
