#!/bin/sh
# mail_compose.sh - every template of the catalogue in both locales, as
# composed by the unit test program test_compose (ALTC_COMPOSE_DUMP), read
# back by Python's email package: structure, transfer encodings, decoded
# subjects with the [AC-] tag, display names, thread headers, HTML escaping.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
DIR=$(mktemp -d "${TMPDIR:-/tmp}/altc-compose.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

ok "test_compose dumps the catalogue" sh -c \
	"ALTC_COMPOSE_DUMP='$DIR' CMOCKA_MESSAGE_OUTPUT=TAP '$ALTC_BUILDDIR/tests/unit/test_compose' >/dev/null 2>&1"
ok "60 messages (30 templates x 2 locales)" test "$(ls "$DIR" | grep -c '\.eml$')" -eq 60

ok "python email reads them all back" "$PY" - "$DIR" <<'PYEOF'
import email, email.policy, email.utils, glob, json, os, re, sys
samples = json.load(open(os.environ["ALTC_SRCDIR"] + "/tests/fixtures/mailout/samples.json"))
token = "abcdefghijklmnopqrstuvwxyz234567"
for path in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    locale, name = os.path.basename(path)[:-4].split("-", 1)
    sample = samples[name]
    raw = open(path, "rb").read()
    assert b"\n" not in raw.replace(b"\r\n", b""), path + ": bare LF"
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    # headers
    assert email.utils.parsedate_to_datetime(msg["Date"]).year == 2026
    assert msg["From"].addresses[0].display_name == "Alternance Université"
    assert msg["To"].addresses[0].display_name == "Zoé Lefèvre", msg["To"]
    assert msg["To"].addresses[0].addr_spec == "zoe.lefevre@etu.example"
    subject = str(msg["Subject"])
    assert "{{" not in subject and subject.strip() == subject
    kind = name.replace(".", "-")
    if sample.get("token"):
        assert subject.endswith(" [AC-%s]" % token), subject
        assert msg["Reply-To"] == "reply+%s@univ.example" % token
        assert msg["Message-ID"] == "<%s.%s@univ.example>" % (token, kind), msg["Message-ID"]
    else:
        assert "[AC-" not in subject and msg["Reply-To"] is None
        assert re.fullmatch(r"<altc-\d+-\d+@univ\.example>", msg["Message-ID"]), msg["Message-ID"]
    if "thread" in sample:
        ref = "<thread-%s@univ.example>" % sample["thread"].replace(".", "-")
        assert msg["References"] == ref and msg["In-Reply-To"] == ref
    assert msg["Auto-Submitted"] == "auto-generated"
    assert (msg["List-Unsubscribe"] is not None) == (name == "digest.daily")
    if name == "digest.daily":
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # structure
    top = msg.get_content_type()
    assert top == ("multipart/mixed" if sample.get("attachments") else "multipart/alternative"), top
    alt = msg if top == "multipart/alternative" else next(msg.iter_parts())
    types = [p.get_content_type() for p in alt.iter_parts()]
    want = ["text/plain", "text/html"] + (["text/calendar"] if "calendar" in sample["vars"] else [])
    assert types == want, (path, types)
    text = alt.get_body(("plain",)).get_content()
    html = alt.get_body(("html",)).get_content()
    greeting = "Bonjour Zoé Lefèvre," if locale == "fr" else "Hello Zoé Lefèvre,"
    assert text.startswith(greeting), text[:40]
    assert "<html lang=\"%s\">" % locale in html
    for body in (text, html):
        assert "{{" not in body and "%%CONTENT%%" not in body
    if name == "offer.to_validate":
        assert "&lt;Excel, SAP&gt;" in html and "<Excel, SAP>" in text
    if sample.get("attachments"):
        att = [p for p in msg.iter_attachments()]
        assert len(att) == 1 and att[0].get_filename() == "rejets.csv"
        assert att[0].get_content().startswith("line;nom;raison")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 998, path
PYEOF
e2e_done
