#!/bin/sh
# import_identity.sh - what an import must not get wrong: a known INE with
# another identity is a conflict ("INE déjà attribué à Prénom Nom"), the
# same person (names and birth date agree) gains the formation; the log
# attached to the report mail declares its charset; an Excel "Texte
# Unicode" export (UTF-16 with a BOM, TAB-separated, LE or BE) is read.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
conf import report_to admin@univ.example
H='Nom;Prenom;Mail;Avis;Date_Naissance;Code_INE;Adresse_1;Code_Postal;Commune;Pays;Code_Formation'
printf '%s\n%s\n' "$H" 'Durand;Élodie;elodie.durand@etu.example;Favorable;01/01/2001;0494004062M;1 rue A;74000;Annecy;France;BUT3-GEA-GPRH' > first.csv
altc import first.csv >/dev/null 2>&1
printf '%s\n%s\n%s\n' "$H" \
    'Bernard;Paul;paul.bernard@etu.example;Favorable;05/06/2002;0494004062M;2 rue B;74000;Annecy;France;BUT3-GEA-GPRH' \
    'DURAND;Elodie;e.durand@autre.example;Favorable;01/01/2001;0494004062M;1 rue A;74000;Annecy;France;BUT3-TC-MDEE' > second.csv
altc import second.csv >/dev/null 2>&1
eq "another person with the same INE is not merged" "$(sql "SELECT count(*) FROM student_formations s JOIN users u ON u.id = s.student_id WHERE u.email = 'elodie.durand@etu.example'")" 2
eq "nor created" "$(sql "SELECT count(*) FROM users WHERE email = 'paul.bernard@etu.example'")" 0
rej=$(cat spool/reports/*second*rejet* spool/reports/*second*reject* 2>/dev/null; sql "SELECT vars FROM outbox WHERE template = 'import.report' ORDER BY id DESC LIMIT 1")
log=$(cat $(ls -t spool/reports/*.log 2>/dev/null | head -1))
ok "the line is rejected: INE déjà attribué à Élodie Durand" has "$log" "INE déjà attribué à Élodie Durand"
ok "the log never names the other address" sh -c '! printf "%s" "$1" | grep -q "paul.bernard@etu.example.*ajoutée\|e.durand@autre.example"' _ "$log"
ok "the same person (names, birth date) gains the formation" has "$log" "formation BUT3-TC-MDEE ajoutée à l'étudiant Élodie Durand"

altc -q serve --once
# log_charset: the charset the delivered report mails declare for their .log attachment
log_charset() {
	python3 - spool/outbox/new/* <<'PY'
import email, sys
for path in sys.argv[1:]:
    m = email.message_from_binary_file(open(path, "rb"))
    for part in m.walk():
        if (part.get_filename() or "").endswith(".log"):
            print(part.get_content_charset() or "none")
PY
}
cs=$(log_charset)
ok "the report mail is delivered with its log" test -n "$cs"
eq "the log attachment declares its charset" "$(echo "$cs" | sort -u)" utf-8

python3 - <<'PY'
rows = ["Nom\tPrénom\tMail\tAvis\tDate_Naissance\tAdresse_1\tCode_Postal\tCommune\tPays\tCode_Formation",
        "Lefèvre\tChloé\tchloe.lefevre@etu.example\tTrès favorable\t03/04/2003\t5 chemin des Prés\t74000\tAnnecy\tFrance\tBUT3-GEA-GPRH",
        ""]
open("unicode_le.txt", "wb").write(b"\xff\xfe" + "\r\n".join(rows).encode("utf-16-le"))
rows[1] = rows[1].replace("chloe.lefevre", "noe.garcon").replace("Lefèvre\tChloé", "Garçon\tNoé")
open("unicode_be.txt", "wb").write(b"\xfe\xff" + "\r\n".join(rows).encode("utf-16-be"))
PY
altc import unicode_le.txt > le.out 2>&1
eq "a UTF-16 LE TAB-separated export is read" "$(sql "SELECT first_name || ' ' || last_name FROM users WHERE email = 'chloe.lefevre@etu.example'")" "Chloé Lefèvre"
altc import unicode_be.txt > be.out 2>&1
eq "and a UTF-16 BE one" "$(sql "SELECT first_name || ' ' || last_name FROM users WHERE email = 'noe.garcon@etu.example'")" "Noé Garçon"
log=$(cat $(ls -t spool/reports/*.log | head -1))
ok "the log names the encoding and the TAB" has "$log" "utf-16be (bom), séparateur tabulation"
e2e_done
