#!/bin/sh
# reply_keys.sh - every mail that invites a student to answer carries a
# Reply-To key, and the verbs it advertises are taken on that key: the
# welcome (CHERCHER, AIDE, REPRENDRE, PROFIL), the search results (CHERCHER again),
# a new offer recommended by the rp (POSTULER gets a clear answer, not
# "unknown address").
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
cat > admis.csv <<'CSV'
Nom;Prenom;Mail;Avis;Date_Naissance;Code_INE;Adresse_1;Code_Postal;Commune;Pays;Code_Formation
Martin;Zoé;zoe.martin@etu.example;Favorable;02/03/2004;;3 rue du Lac;74000;Annecy;France;BUT3-GEA-GPRH
CSV
altc import admis.csv >/dev/null 2>&1
inv=$(key import.invitation zoe.martin@etu.example)
reply reply_plain.eml zoe.martin@etu.example "$inv" "INSCRIPTION\\
Portable : 06 12 34 56 78\\
Parcours : GEMA"
eq "the student signs up by reply" "$(sql "SELECT state FROM users WHERE email = 'zoe.martin@etu.example'")" registered
w=$(key account.welcome zoe.martin@etu.example)
ok "the welcome mail carries a reply key" test -n "$w"
f=$(grep -l "^Reply-To: reply+$w@univ.example" spool/outbox/*/* 2>/dev/null | head -1)
ok "the delivered welcome has it as Reply-To" test -n "$f"
ok "and its text advertises CHERCHER and REPRENDRE" sh -c 'grep -q CHERCHER "$1" && grep -q REPRENDRE "$1"' _ "$f"

altc offer add --company 80754009100004 --title "Assistant paie" --formations BUT3-GEA-GPRH \
    --duration "1 an" --location Annecy --description "Paie et administration du personnel" >/dev/null 2>&1
reply reply_plain.eml rp.gea@univ.example "$(key offer.to_validate rp.gea@univ.example)" "VALIDER 4 Bon encadrement"

reply reply_plain.eml zoe.martin@etu.example "$w" "CHERCHER paie"
eq "CHERCHER on the welcome key answers with the results" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.search' AND rcpt = 'zoe.martin@etu.example'")" 1
reply reply_plain.eml zoe.martin@etu.example "$w" AIDE
reply reply_plain.eml zoe.martin@etu.example "$w" REPRENDRE
eq "AIDE and REPRENDRE on it too" "$(sql "SELECT count(*) FROM outbox WHERE template = 'reply.help' AND rcpt = 'zoe.martin@etu.example'")" 2
s=$(key offer.search zoe.martin@etu.example)
ok "the search results carry a reply key" test -n "$s"
reply reply_plain.eml zoe.martin@etu.example "$s" "CHERCHER assistant"
eq "CHERCHER again on it" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.search' AND rcpt = 'zoe.martin@etu.example'")" 2
eq "no error so far" "$(count_errors zoe.martin@etu.example)" 0
eq "signing up sends one mail, the welcome (it asks for the criteria)" \
    "$(sql "SELECT count(*) FROM outbox WHERE rcpt = 'zoe.martin@etu.example' AND template LIKE 'recommend.%'")" 0
ok "the welcome asks for the criteria with PROFIL" grep -q PROFIL "$f"
reply reply_plain.eml zoe.martin@etu.example "$w" "PROFIL\\
Secteur : compta\\
Mobilité : régionale"
eq "PROFIL on the welcome key stores the criteria" \
    "$(sql "SELECT count(*) FROM student_criteria x JOIN users u ON u.id = x.student_id WHERE u.email = 'zoe.martin@etu.example'")" 2
eq "and answers with them" "$(sql "SELECT count(*) FROM outbox WHERE template = 'recommend.profile' AND rcpt = 'zoe.martin@etu.example'")" 1

reply reply_plain.eml rp.gea@univ.example "$(key offer.to_validate rp.gea@univ.example)" "RECOMMANDER zoe.martin@etu.example"
o=$(key offer.new_for_formation zoe.martin@etu.example)
ok "the recommended offer's mail carries a reply key" test -n "$o"
reply reply_plain.eml zoe.martin@etu.example "$o" "POSTULER Très intéressée"
v=$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = 'zoe.martin@etu.example' ORDER BY id DESC LIMIT 1")
ok "POSTULER on it is understood (not an unknown address)" sh -c '! printf "%s" "$1" | grep -q "unknown_token\|not_allowed\|unknown_sender"' _ "$v"
ok "and answered by the applications: she has no CV yet" has "$v" "aucun CV"
reply reply_plain.eml zoe.martin@etu.example "$o" STOP
eq "STOP on it" "$(sql "SELECT notify_optional FROM users WHERE email = 'zoe.martin@etu.example'")" 0
e2e_done
