#!/bin/sh
# stats_weekly.sh - the statistics of each formation: `altc stats` in its
# three formats, `altc formation set` for the CFA address, and the weekly
# job that mails each rp and ga the table with a PNG chart shown inline
# (multipart/related, Content-ID), the numbers in the text part; run twice
# the same week it sends nothing twice; a ga who turned optional mail off
# gets none.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
# Monday 7 December 2026 09:00 UTC, after schedule.stats (08:00)
monday=1796634000
ALTC_NOW=$((monday - 7 * 86400)) altc -q serve --once
eq "a fresh instance, its formations without students, is not mailed" \
    "$(sql "SELECT count(*) FROM notifications WHERE kind = 'stats.weekly'")" 0

# four students of GPRH: one accepted, one with a validated sheet, two searching
for s in alice bob chloe david; do student $s@etu.example BUT3-GEA-GPRH; done
student emma@etu.example BUT3-TC-MDEE
sql "INSERT INTO offers (id, company_id, state, title, expires_at, created_at, updated_at)
    VALUES (1, 1, 'published', 'Assistant RH', 9999999999, 0, 0),
           (2, 1, 'published', 'Contrôleur de gestion', 9999999999, 0, 0)" >/dev/null
app() {
	sql "INSERT INTO applications (student_id, offer_id, state, created_at, updated_at)
	    SELECT id, $2, '$3', 0, 0 FROM users WHERE email = '$1@etu.example'" >/dev/null
}
app alice 1 accepted; app alice 2 refused; app chloe 1 pending; app chloe 2 shortlisted
app david 1 refused; app emma 2 pending
sql "INSERT INTO missions (student_id, formation_id, state, created_at, updated_at)
    SELECT u.id, f.id, 'validated', 0, 0 FROM users u, formations f
    WHERE u.email = 'bob@etu.example' AND f.code = 'BUT3-GEA-GPRH'" >/dev/null

eq "altc stats counts students, alternances, searching, applications and rates" \
    "$(altc stats --formation BUT3-GEA-GPRH --format csv | tail -n 1 | tr -d '\r')" \
    '"BUT3-GEA-GPRH";"BUT3 GEA - Gestion et pilotage des ressources humaines (alternance)";"4";"2";"2";"1.25";"50.0";"50.0"'
eq "every formation by default" "$(altc stats --format csv | tail -n +2 | wc -l | tr -d ' ')" 4
ok "json output" sh -c "altc stats --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) == 4 and d[1][\"students\"] == \"4\", d'"
ok "text output names the formation in French" sh -c "altc stats | grep -q 'Gestion et pilotage'"
altc stats --formation NOPE >/dev/null 2>&1
eq "an unknown formation is refused" $? 66

altc formation set BUT3-GEA-GPRH --cfa cfa@cfa.example --rncp RNCP35954 --diploma 25031002 >/dev/null
eq "formation set records the CFA address and codes" \
    "$(sql "SELECT cfa_email || '|' || rncp_code || '|' || diploma_code FROM formations WHERE code = 'BUT3-GEA-GPRH'")" \
    "cfa@cfa.example|RNCP35954|25031002"
altc formation set BUT3-GEA-GPRH --rncp RNCP40000 >/dev/null
eq "an option left out keeps its value" \
    "$(sql "SELECT cfa_email || '|' || rncp_code FROM formations WHERE code = 'BUT3-GEA-GPRH'")" \
    "cfa@cfa.example|RNCP40000"
altc formation set BUT3-GEA-GPRH --cfa 'pas une adresse' >/dev/null 2>&1
eq "an invalid address is refused" $? 65
altc formation set NOPE --cfa cfa@cfa.example >/dev/null 2>&1
eq "an unknown formation too" $? 66

ALTC_NOW=$monday altc -q serve --once
ALTC_NOW=$((monday + 60)) altc -q serve --once	# the outbox, written after the jobs
eq "the weekly job mails the two rp and the ga" \
    "$(sql "SELECT group_concat(rcpt, ' ') FROM (SELECT rcpt FROM outbox WHERE template = 'stats.weekly' ORDER BY rcpt)")" \
    "ga@univ.example rp.gea@univ.example rp.tc@univ.example"
v=$(sql "SELECT vars FROM outbox WHERE template = 'stats.weekly' AND rcpt = 'rp.gea@univ.example'")
ok "the rp sees her formations only, those with students" python3 -c 'import json, sys
d = json.loads(sys.argv[1])
assert [f["code"] for f in d["formations"]] == ["BUT3-GEA-GPRH"], d' "$v"
ok "the ga delegated by her the same" has "$(sql "SELECT vars FROM outbox WHERE template = 'stats.weekly' AND rcpt = 'ga@univ.example'")" 'BUT3-GEA-GPRH'
ok "the week is named" has "$v" '"period":"07/12/2026 – 13/12/2026","week":"2026-W50"'

f=$(ls spool/outbox/new/altc-"$(sql "SELECT id FROM outbox WHERE template = 'stats.weekly' AND rcpt = 'rp.gea@univ.example'")".* 2>/dev/null | head -n 1)
ok "the mail is written" test -n "$f"
OUT="${ALTC_BUILDDIR:-$E2E_DIR}/tests/stats_weekly"	# kept, for a person to look at
ok "the chart is inline in the HTML part, the numbers in the text part" python3 - "$f" "$OUT" <<'PY'
import email, email.policy, os, sys
msg = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
assert msg.get_content_type() == "multipart/alternative", msg.get_content_type()
text, rel = msg.get_payload()
assert text.get_content_type() == "text/plain"
t = text.get_content().replace("\xa0", " ")	# French spacing before ':' and '%'
for s in ("BUT3 GEA - Gestion et pilotage", "Étudiants : 4", "En alternance : 2",
          "En recherche : 2", "Candidatures par étudiant : 1,25", "Taux de signature : 50 %",
          "Fiches mission validées : 50 %"):
    assert s in t, (s, t)
assert rel.get_content_type() == "multipart/related", rel.get_content_type()
html, img = rel.get_payload()
assert html.get_content_type() == "text/html"
assert img.get_content_type() == "image/png"
cid = img["Content-ID"]
assert cid.startswith("<") and cid.endswith(">"), cid
assert 'src="cid:%s"' % cid[1:-1] in html.get_content(), html.get_content()
assert img.get_content_disposition() == "inline"
png = img.get_content()
assert png[:8] == b"\x89PNG\r\n\x1a\n"
os.makedirs(sys.argv[2], exist_ok=True)
open(os.path.join(sys.argv[2], "chart.png"), "wb").write(png)
PY
ok "the chart is a picture of the right size with its bars drawn" python3 - "$OUT/chart.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
w, h = struct.unpack(">II", data[16:24])
assert w == 720 and h > 100, (w, h)
PY
ok "the admin (neither rp nor ga) is not mailed" \
    test "$(sql "SELECT count(*) FROM outbox WHERE template = 'stats.weekly' AND rcpt = 'admin@univ.example'")" -eq 0

n=$(sql "SELECT count(*) FROM outbox WHERE template = 'stats.weekly'")
sql "DELETE FROM jobs WHERE name = 'stats-weekly'" >/dev/null
ALTC_NOW=$((monday + 3600)) altc -q serve --once
eq "run again the same week, it sends nothing twice" \
    "$(sql "SELECT count(*) FROM outbox WHERE template = 'stats.weekly'")" "$n"
sql "UPDATE users SET notify_optional = 0 WHERE email = 'ga@univ.example'" >/dev/null
ALTC_NOW=$((monday + 7 * 86400)) altc -q serve --once
eq "the next week again, but not to the ga who turned optional mail off" \
    "$(sql "SELECT group_concat(rcpt, ' ') FROM (SELECT rcpt FROM outbox WHERE template = 'stats.weekly' ORDER BY id LIMIT -1 OFFSET $n)")" \
    "rp.gea@univ.example rp.tc@univ.example"
e2e_done
