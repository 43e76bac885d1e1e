# mission_lib.sh - helpers of the mission_*.sh scenarios (sourced after lib.sh
# and offers_lib.sh): replies built from tests/fixtures/missions with a body
# of several lines, encoded as each client would (UTF-8, Latin-1 quoted-
# printable, Gmail's multipart/alternative with the HTML part too).
MFIX="$ALTC_SRCDIR/tests/fixtures/missions"

# mfill OUT FIXTURE FROM TOKEN BODY: the fixture with its placeholders filled
mfill() {
	MSGN=$((MSGN + 1))
	python3 - "$MFIX/$2" "$1" "$3" "$4" "$5" "$$-$MSGN" <<'PY'
import html, quopri, sys
src, out, sender, token, body, msgid = sys.argv[1:]
raw = open(src, encoding="utf-8").read()
qp = "quoted-printable" in raw
latin1 = "iso-8859-1" in raw.split("\n\n", 1)[0].lower()
def enc(text):
    if not qp:
        return text
    data = text.encode("latin-1" if latin1 else "utf-8")
    return quopri.encodestring(data).decode("ascii")
raw = raw.replace("BODYHTML", enc("<br>".join(html.escape(l) for l in body.split("\n"))))
raw = raw.replace("BODY", enc(body))
raw = raw.replace("FROM", sender).replace("TOKEN", token).replace("MSGID", msgid)
open(out, "w", encoding="utf-8").write(raw)
PY
}

# mreply FIXTURE FROM TOKEN BODY: deliver a reply to reply+TOKEN@ and apply it
mreply() {
	mfill mreply.eml "$1" "$2" "$3" "$4"
	altc deliver -r "reply+$3@univ.example" < mreply.eml && altc -q serve --once
}

# msend FIXTURE FROM RCPT [BODY]: deliver a mail to a fixed address and apply it
msend() {
	mfill msend.eml "$1" "$2" none "${4:-}"
	altc deliver -r "$3" < msend.eml && altc -q serve --once
}

# mkey TEMPLATE RCPT: the key of the last mail of TEMPLATE to RCPT
mkey() {
	outbox_key "SELECT id FROM outbox WHERE template = '$1' AND rcpt = '$2' ORDER BY id DESC LIMIT 1"
}
