#!/bin/sh
# applications_documents.sh - documents by mail: PDFs to documents@ with the
# type and label in the subject or in form lines, versions under a label,
# defaults, content-addressed storage, DOCUMENTS and SUPPRIMER by reply, and
# the clear refusals (renamed JPEG, encrypted, damaged, oversized PDF).
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo
student lea@etu.example BUT3-GEA-GEMA
pdf cv.pdf 20000 lea
pdf lm.pdf 3000 lettre
pdf cv2.pdf 25000 lea-bis

upload lea@etu.example "CV par défaut" plain "Bonjour, voici mon CV." cv.pdf
eq "a CV from the subject, default" \
    "$(sql "SELECT type || '|' || label || '|' || version || '|' || is_default FROM documents")" "cv|cv|1|1"
eq "a receipt answers" "$(count document.receipt lea@etu.example)" 1
has "$(sql "SELECT vars FROM outbox WHERE template = 'document.receipt'")" '"filename":"cv.pdf"'
ok "the receipt carries a key" test -n "$(key document.receipt lea@etu.example)"

# Outlook, top-posted, with form lines and a signature under them
upload lea@etu.example "Ma lettre" outlook "Type : LM\nLibellé : Lettre Benotti\nPar défaut : oui" lm.pdf
eq "form lines give type, label and default" \
    "$(sql "SELECT type || '|' || label || '|' || is_default FROM documents WHERE id = 2")" \
    "lm|Lettre Benotti|1"

# the same file again under the same label: a version, one stored file
upload lea@etu.example "CV" plain "la même" cv.pdf
eq "a second version of the label" "$(sql "SELECT max(version) FROM documents WHERE label = 'cv'")" 2
eq "the default follows the label" "$(sql "SELECT version FROM documents WHERE is_default = 1 AND type = 'cv'")" 2
eq "the same bytes are stored once" "$(find var/docs -name '*.pdf' | wc -l | tr -d ' ')" 2
upload lea@etu.example "Book portfolio" thunderbird "Référence : oui" cv2.pdf
eq "a book, profile reference" "$(sql "SELECT type || '|' || label || '|' || is_reference FROM documents WHERE id = 4")" \
    "book|portfolio|1"
eq "the old versions stay" "$(sql "SELECT count(*) FROM documents")" 4

# refusals: the file is named, nothing is kept, the input is in failed/
n=$(sql "SELECT count(*) FROM documents")
e=$(count_errors lea@etu.example)
badpdf jpeg photo.pdf
upload lea@etu.example "CV" plain "mon cv" photo.pdf
eq "a renamed JPEG is refused" "$(count_errors lea@etu.example)" $((e + 1))
has "$(last_error lea@etu.example)" "photo.pdf" && ok "the answer names it" true || ok "the answer names it" false
cp photo.pdf scan.doc
upload lea@etu.example "CV" plain "mon cv" scan.doc:application/octet-stream
eq "any other file too" "$(count_errors lea@etu.example)" $((e + 2))
ok "in French, naming the file" has "$(last_error lea@etu.example)" "scan.doc » n’est pas un fichier PDF"
badpdf encrypted secret.pdf
upload lea@etu.example "CV" plain "mon cv" secret.pdf
ok "an encrypted PDF is refused, named" has "$(last_error lea@etu.example)" "secret.pdf.*PDF protégé"
badpdf damaged abime.pdf
upload lea@etu.example "CV" plain "mon cv" abime.pdf
ok "a damaged PDF is refused, named" has "$(last_error lea@etu.example)" "abime.pdf.*endommagé"
pdf gros.pdf 3500000 big
upload lea@etu.example "CV" plain "mon cv" gros.pdf
ok "an oversized PDF is refused, named" has "$(last_error lea@etu.example)" '"detail":"gros.pdf"'
ok "and told it is too large" has "$(last_error lea@etu.example)" '"too_large":true'
eq "nothing was kept" "$(sql "SELECT count(*) FROM documents")" "$n"
eq "each input is kept in failed/ with its reason" "$(ls spool/failed/*.reason | wc -l | tr -d ' ')" 5
# one bad file among good ones refuses the whole mail
upload lea@etu.example "" plain "deux fichiers" cv2.pdf secret.pdf
eq "all or nothing" "$(sql "SELECT count(*) FROM documents")" "$n"

# DOCUMENTS and SUPPRIMER by reply to the receipt
k=$(key document.receipt lea@etu.example)
r=$(count document.receipt lea@etu.example)
answer lea@etu.example "$k" thunderbird "DOCUMENTS"
eq "DOCUMENTS lists them again" "$(count document.receipt lea@etu.example)" $((r + 1))
pdf lm2.pdf 3500 lettre-bis
answer lea@etu.example "$k" thunderbird "Voici une autre lettre." lm2.pdf
eq "a reply to the receipt with a PDF adds it" "$(sql "SELECT count(*) FROM documents WHERE filename = 'lm2.pdf'")" 1
answer lea@etu.example "$k" outlook "Supprimer Lettre Benotti"
eq "SUPPRIMER removes every version" \
    "$(sql "SELECT count(*) FROM documents WHERE label = 'Lettre Benotti' AND deleted_at IS NULL")" 0
ok "the receipt says so" has "$(sql "SELECT vars FROM outbox WHERE template = 'document.receipt' ORDER BY id DESC LIMIT 1")" '"removed":"Lettre Benotti"'
e=$(count_errors lea@etu.example)
answer lea@etu.example "$k" plain "SUPPRIMER inconnu"
ok "an unknown label is refused" has "$(last_error lea@etu.example)" "aucun document n’a le libellé « inconnu »"
answer intrus@example.org "$k" plain "SUPPRIMER cv"
eq "a reply from another address changes nothing" \
    "$(sql "SELECT count(*) FROM documents WHERE label = 'cv' AND deleted_at IS NULL")" 2
upload nobody@example.org "CV" plain "mon cv" cv.pdf
eq "an unknown sender is told" "$(sql "SELECT count(*) FROM outbox WHERE rcpt = 'nobody@example.org' AND vars LIKE '%unknown_sender%'")" 1

# the CLI
out=$(altc document list lea@etu.example)
ok "altc document list shows the latest version" has "$out" "cv  *2  *cv.pdf"
ok "--format csv" has "$(altc document list lea@etu.example --format csv)" '^"id";"type";"label"'
ok "--format json" has "$(altc document list lea@etu.example --format json)" '"label": "portfolio"'
ok "an unknown address fails" sh -c "! altc -q document list personne@example.org 2>/dev/null"
e2e_done
