#!/bin/sh
# relay.sh - the masked relay with files: student to employer with a PDF and
# a PNG, employer to student with a PDF at msg+TOKEN@, each relayed mail
# read back by Python's email package (the names, types and bytes of its
# attachments, its thread headers); the limits (count, total, programs, the
# size of one file) refused with the file named and the input in failed/; a
# vacation reply with a file never relayed; the history naming the files;
# an erasure removing them.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo
student lea@etu.example BUT3-GEA-GEMA
pdf cv.pdf 9000 lea
upload lea@etu.example "CV" plain "mon CV" cv.pdf
published_offer "Comptable" BUT3-GEA-GEMA
search lea@etu.example comptable
answer lea@etu.example "$(key offer.search lea@etu.example)" plain "POSTULER 1"
eq "an application" "$(sql "SELECT state FROM applications WHERE id = 1")" pending

# the files people send: a PDF, a PNG, a program, filler
pdf planning.pdf 12000 planning
pdf contrat.pdf 20000 contrat
python3 - <<'PY'
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = b"".join(b"\0" + bytes((x * 7 + y * 3) % 256 for x in range(48)) for y in range(16))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open("photo.png", "wb").write(png)
open("setup.exe", "wb").write(b"MZ\x90\x00\x03" + b"\x00" * 400)
for i in (1, 2, 3):
    open("annexe%d.txt" % i, "wb").write(("annexe %d\n" % i).encode() * 22000)
open("gros.png", "wb").write(png + b"\0" * 6000)
PY

# relay_file RCPT: the last relayed mail written for RCPT
relay_file() {
	_id=$(sql "SELECT id FROM outbox WHERE template = 'message.relay' AND rcpt = '$1' ORDER BY id DESC LIMIT 1")
	echo spool/outbox/new/altc-"${_id:-0}".*
}
# msg_key RCPT: the msg+ key of the last relayed mail to RCPT
msg_key() {
	cat $(relay_file "$1") 2>/dev/null | grep -o 'msg+[a-z2-7]\{32\}@' | head -n 1 | grep -o '[a-z2-7]\{32\}'
}
# attached FILE: "name|type|sha256" of each attachment of a mail, as Python decodes it
attached() {
	python3 - "$1" <<'PY'
import email, email.policy, hashlib, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
for p in m.iter_attachments():
    print("%s|%s|%s" % (p.get_filename(), p.get_content_type(),
                        hashlib.sha256(p.get_payload(decode=True)).hexdigest()))
PY
}
# header FILE NAME: one header of a mail
header() {
	python3 -c 'import email, sys; print(email.message_from_bytes(open(sys.argv[1], "rb").read())[sys.argv[2]])' "$1" "$2"
}
sha() { sha256sum "$1" | cut -d' ' -f1; }
# to_msg FROM TOKEN BODY [FILE[:TYPE]...]: a reply to msg+TOKEN@, applied
to_msg() {
	t_from=$1; t_tok=$2; t_body=$3; shift 3
	$APPS_PY mail "$t_from" "msg+$t_tok@univ.example" "RE: Message" plain "$t_body" "$@" > msg.eml &&
	    altc deliver -r "msg+$t_tok@univ.example" < msg.eml && altc -q serve --once
}
failed() { ls spool/failed | grep -vc '\.reason$'; }

# the student writes with a PDF and a PNG, on the key of her application's mail
answer lea@etu.example "$(key application.sent lea@etu.example)" plain \
    "MESSAGE Voici mon planning de cours et ma photo." planning.pdf photo.png:image/png
eq "the employer gets the message" "$(count message.relay rh@benotti.example)" 1
f=$(relay_file rh@benotti.example)
eq "with both files, their names, types and bytes" "$(attached $f)" \
    "planning.pdf|application/pdf|$(sha planning.pdf)
photo.png|image/png|$(sha photo.png)"
ok "the mail names them" has "$(sql "SELECT vars FROM outbox WHERE template = 'message.relay'")" \
    '"files":\[{"name":"planning.pdf"},{"name":"photo.png"}\]'
ok "without the student's address" sh -c "! grep -qi 'lea@etu' $f"
eq "in the application's thread" "$(header $f References)|$(header $f In-Reply-To)" \
    "<thread-application-1@univ.example>|<thread-application-1@univ.example>"
eq "each file kept with the application" \
    "$(sql "SELECT group_concat(filename || ':' || size, ' ') FROM relay_files WHERE application_id = 1")" \
    "planning.pdf:$(wc -c < planning.pdf | tr -d ' ') photo.png:$(wc -c < photo.png | tr -d ' ')"

# the employer answers at msg+ with a PDF
rk=$(msg_key rh@benotti.example)
ok "answered at a msg+ address" test -n "$rk"
to_msg rh@benotti.example "$rk" "Merci, voici le projet de contrat." contrat.pdf
eq "the student gets it" "$(count message.relay lea@etu.example)" 1
f=$(relay_file lea@etu.example)
eq "with the PDF" "$(attached $f)" "contrat.pdf|application/pdf|$(sha contrat.pdf)"
ok "without the employer's address" sh -c "! grep -qi 'rh@benotti' $f"
eq "in the same thread" "$(header $f References)" "<thread-application-1@univ.example>"
lk=$(msg_key lea@etu.example)
to_msg lea@etu.example "$lk" "" photo.png:image/png
eq "files alone make a message too" "$(attached $(relay_file rh@benotti.example))" \
    "photo.png|image/png|$(sha photo.png)"

# the limits: the file is named, nothing relayed, the input kept in failed/
n=$(count message.relay rh@benotti.example)
to_msg lea@etu.example "$lk" "Mon installateur" setup.exe:application/octet-stream
ok "a program is refused by name" has "$(last_error lea@etu.example)" \
    "« setup.exe » est un programme ou un script, que la plateforme ne transmet pas"
conf relay max_files 2
to_msg lea@etu.example "$lk" "Trois annexes" annexe1.txt:text/plain annexe2.txt:text/plain annexe3.txt:text/plain
ok "a file too many is named" has "$(last_error lea@etu.example)" \
    "« annexe3.txt » est une pièce jointe de trop (2 fichiers au plus par message)"
conf relay max_bytes 300000
to_msg lea@etu.example "$lk" "Deux annexes" annexe1.txt:text/plain annexe2.txt:text/plain
ok "the file that goes over the total is named" has "$(last_error lea@etu.example)" \
    "avec « annexe2.txt », les pièces jointes du message dépassent 0.3 Mo"
conf limits attachment_bytes 5000
to_msg lea@etu.example "$lk" "Une grande photo" gros.png:image/png
e=$(last_error lea@etu.example)
ok "a file over the size of one is named, any type said to pass" sh -c \
    'has() { printf "%s\n" "$1" | grep -q -- "$2"; }; has "$1" "\"detail\":\"gros.png\"" && has "$1" "\"any_type\":true"' sh "$e"
eq "nothing was relayed" "$(count message.relay rh@benotti.example)" "$n"
eq "each input is in failed/" "$(failed)" 4
ok "with the reason" grep -q "attachment refused: 'setup.exe'" spool/failed/*.reason

# a vacation reply with a file is never relayed
cat > vacation.eml <<EOM
From: rh@benotti.example
To: msg+$rk@univ.example
Subject: Absence du bureau
Auto-Submitted: auto-replied
Message-ID: <vacation-2@benotti.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Je suis absent jusqu'au 4 janvier.
--b
Content-Type: application/pdf; name="planning.pdf"
Content-Disposition: attachment; filename="planning.pdf"
Content-Transfer-Encoding: base64

$(base64 planning.pdf)
--b--
EOM
altc deliver -r "msg+$rk@univ.example" < vacation.eml && altc -q serve --once
eq "a vacation reply is not relayed" "$(count message.relay lea@etu.example)" 1
eq "nor answered" "$(count reply.error rh@benotti.example)" 0

# the history names the files; an erasure removes them
h=$(altc student history lea@etu.example)
ok "the history lists the relayed files" sh -c "
    printf '%s\n' \"\$1\" | grep -q 'application 1 relay file	lea@etu.example	planning.pdf (application/pdf' &&
    printf '%s\n' \"\$1\" | grep -q 'application 1 relay file	rh@benotti.example	contrat.pdf'" sh "$h"
eq "the store holds them apart from the documents" "$(find var/docs -name '*.bin' | wc -l | tr -d ' ')" 3
altc -q person erase lea@etu.example
eq "an erasure removes the rows" "$(sql "SELECT count(*) FROM relay_files")" 0
eq "and the files" "$(find var/docs -name '*.bin' | wc -l | tr -d ' ')" 0
e2e_done
