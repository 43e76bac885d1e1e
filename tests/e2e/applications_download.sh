#!/bin/sh
# applications_download.sh - documents too heavy for a mail: above
# documents.attach_max the employer's mail carries no PDF but links; the
# link's page (curl, and Chromium) lists the documents, each downloads as
# the exact bytes sent (application/pdf, an attachment, not cached); another
# application's document is not found, an unknown key neither, and the key
# is gone once the application is decided.  GETs write nothing.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
command -v curl >/dev/null || skip_all "curl is not installed"
CHROMIUM=$(command -v chromium || command -v chromium-browser) || skip_all "chromium is not installed"

e2e_instance --demo
port=$(free_port)
conf http port "$port"
conf mail base_url "http://127.0.0.1:$port"
conf documents attach_max 10k
student lea@etu.example BUT3-GEA-GEMA
student tom@etu.example BUT3-GEA-GEMA
pdf cv.pdf 20000 lea
pdf "lettre motivation.pdf" 3000 lettre
pdf cv-tom.pdf 15000 tom
upload lea@etu.example "CV" plain "mon CV" cv.pdf
upload lea@etu.example "LM" plain "ma lettre" "lettre motivation.pdf"
upload tom@etu.example "CV" plain "mon CV" cv-tom.pdf
published_offer "Comptable" BUT3-GEA-GEMA
search lea@etu.example comptable
answer lea@etu.example "$(key offer.search lea@etu.example)" plain "POSTULER 1"
search tom@etu.example comptable
answer tom@etu.example "$(key offer.search tom@etu.example)" plain "POSTULER 1"
eq "two applications" "$(sql "SELECT count(*) FROM applications WHERE state = 'pending'")" 2
eq "lea's with her CV and letter" "$(sql "SELECT count(*) FROM application_documents WHERE application_id = 1")" 2

# the employer's mail: no attachment, a link each and one to the page
rid=$(sql "SELECT id FROM outbox WHERE template = 'application.received' AND thread = 'application.1'")
eq "the employer's mail has no attachment" "$(sql "SELECT coalesce(attachments, 'none') FROM outbox WHERE id = $rid")" none
mail=$(ls spool/outbox/new/altc-"$rid".* 2>/dev/null | head -n 1)
ok "the employer's mail is written" test -n "$mail"
ok "and carries no PDF" sh -c "! grep -qi 'application/pdf' '$mail'"
path=$(outbox_link "SELECT $rid" s)
ok "but a link" sh -c 'echo "$1" | grep -q "^/s/[a-z2-7]\{32\}$"' _ "$path"
ok "with the sizes of the documents" has "$(sql "SELECT vars FROM outbox WHERE id = $rid")" '"filename":"cv.pdf","type":"cv","size":"20 ko"'
ok "the reply key is still there" test -n "$(outbox_key "SELECT $rid")"

altc serve > http.log 2>&1 &
E2E_PIDS="$!"
for i in $(seq 1 25); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
base="http://127.0.0.1:$port"
audit=$(sql "SELECT count(*) FROM audit")
uses=$(sql "SELECT sum(uses) FROM tokens")
code=$(curl -s -o page.html -w '%{http_code}' "$base$path")
eq "the link's page answers" "$code" 200
ok "it lists the CV" grep -q '>cv.pdf</a> — CV, PDF, 20 ko' page.html
ok "and the letter" grep -q '>lettre motivation.pdf</a> — Lettre de motivation, PDF, 3 ko' page.html
links=$(grep -o "$path/[0-9]*" page.html)
eq "a download link each" "$(echo "$links" | wc -l)" 2
n=0
for l in $links; do
	n=$((n + 1))
	code=$(curl -s -D head$n.txt -o got$n.pdf -w '%{http_code}' "$base$l")
	tr -d '\r' < head$n.txt > h$n.txt
	name=$(sed -n "s/^Content-Disposition: attachment; filename=\"\([^\"]*\)\".*/\1/p" h$n.txt)
	ok "document $n downloads" test "$code" = 200 -a -n "$name"
	eq "document $n: the exact bytes sent ($name)" "$(sha256sum < got$n.pdf)" "$(sha256sum < "$name")"
	ok "document $n: as a PDF" grep -qx 'Content-Type: application/pdf' h$n.txt
	ok "document $n: named for saving, RFC 8187 too" grep -q "^Content-Disposition: attachment; filename=\".*\"; filename\*=UTF-8''" h$n.txt
	ok "document $n: not sniffed, not cached" sh -c "grep -qx 'X-Content-Type-Options: nosniff' h$n.txt && grep -qx 'Cache-Control: private, no-store' h$n.txt"
done
ok "the letter's name is encoded" grep -q "filename\*=UTF-8''lettre%20motivation.pdf" h1.txt h2.txt
other=$(sql "SELECT document_id FROM application_documents WHERE application_id = 2")
code=$(curl -s -o other.html -w '%{http_code}' "$base$path/$other")
ok "another application's document is not found" sh -c "test '$code' = 404 -o '$code' = 410"
ok "and nothing of it is sent" sh -c "! grep -q '%PDF' other.html"
code=$(curl -s -o nothing.html -w '%{http_code}' "$base$path/x")
eq "a name that is no document" "$code" 404
code=$(curl -s -o unknown.html -w '%{http_code}' "$base/s/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
ok "an unknown key: the page of a link no longer valid" sh -c \
    "test '$code' = 404 -o '$code' = 410 && grep -q 'pas valable' unknown.html"
# the page in a browser
"$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$PWD/chromium" \
    --dump-dom "$base$path" > dom.html 2> chromium.err
ok "Chromium renders the page with both documents" sh -c \
    "grep -q '>cv.pdf</a>' dom.html && grep -q '>lettre motivation.pdf</a>' dom.html"
eq "the GETs wrote nothing" "$(sql "SELECT count(*) FROM audit")|$(sql "SELECT sum(uses) FROM tokens")" "$audit|$uses"
kill "$E2E_PIDS" 2>/dev/null; wait 2>/dev/null; E2E_PIDS=
ok "the downloads are in the log" grep -q "document .* of application 1 sent" http.log

# refused: the key goes with the reply key; accepted: the employer keeps the documents
rid2=$(sql "SELECT id FROM outbox WHERE template = 'application.received' AND thread = 'application.2'")
path2=$(outbox_link "SELECT $rid2" s)
answer rh@benotti.example "$(outbox_key "SELECT $rid")" plain "REFUSER"
eq "refused" "$(sql "SELECT state FROM applications WHERE id = 1")" refused
answer rh@benotti.example "$(outbox_key "SELECT $rid2")" plain "ACCEPTER"
eq "tom's accepted" "$(sql "SELECT state FROM applications WHERE id = 2")" accepted
altc serve > http2.log 2>&1 &
E2E_PIDS="$!"
for i in $(seq 1 25); do curl -s -o /dev/null "$base/" && break; sleep 0.2; done
eq "the page is gone" "$(curl -s -o gone.html -w '%{http_code}' "$base$path")" 410
eq "and so is each document" "$(curl -s -o gone2.pdf -w '%{http_code}' "$base$(echo "$links" | head -n 1)")" 410
eq "an accepted application's documents stay available to its employer" \
    "$(curl -s -o kept.html -w '%{http_code}' "$base$path2")" 200
ok "with tom's CV" grep -q '>cv-tom.pdf</a>' kept.html
kill "$E2E_PIDS" 2>/dev/null; wait 2>/dev/null; E2E_PIDS=

# with the default limit the documents go attached, as before
conf documents attach_max 5000000
published_offer "Assistant comptable" BUT3-GEA-GEMA
search lea@etu.example assistant
answer lea@etu.example "$(key offer.search lea@etu.example)" plain "POSTULER 2"
eq "lea applies to the second offer" "$(sql "SELECT id FROM applications WHERE offer_id = 2")" 3
att=$(sql "SELECT attachments FROM outbox WHERE template = 'application.received' AND thread = 'application.3'")
ok "below the limit: both attached" sh -c 'echo "$1" | grep -q cv.pdf && echo "$1" | grep -q "lettre motivation.pdf"' _ "$att"
v=$(sql "SELECT vars FROM outbox WHERE template = 'application.received' AND thread = 'application.3'")
ok "and no link" sh -c '! echo "$1" | grep -q download_url' _ "$v"
e2e_done
