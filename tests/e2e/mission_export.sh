#!/bin/sh
# mission_export.sh - the whole way from an application to the CFA's files:
# a student applies, the employer accepts, the draft sheet comes by itself,
# the student completes it (accented names, a 2,000-character list of
# activities) and submits it, the rp validates it; the export is then read
# back as a person or the CFA would: the PDF through pdftotext (every field)
# and rendered page by page with pdftoppm into build/tests/mission_export/
# for a person to look at, the XLSX through openpyxl cell by cell against
# the CSV and against what was typed.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/mission_lib.sh"
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null ||
    skip_all "poppler-utils (pdftotext, pdftoppm) is missing"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import openpyxl' 2>/dev/null || skip_all "python3-openpyxl is missing"
OUT="${ALTC_BUILDDIR:-$PWD}/tests/mission_export"	# kept, for a person to look at
rm -rf "$OUT" && mkdir -p "$OUT"
e2e_instance --demo

student zoe@etu.example BUT3-GEA-GPRH
sql "UPDATE users SET first_name = 'Zoé-Anaïs', last_name = 'Lefèvre d''Écœur',
    ine = '0494004062M', birth_date = '2004-02-29' WHERE email = 'zoe@etu.example'" >/dev/null
sql "UPDATE users SET first_name = 'Émilie', last_name = 'Brûlé' WHERE email = 'rp.gea@univ.example'" >/dev/null
altc formation set BUT3-GEA-GPRH --cfa cfa@cfa-savoie.example --rncp RNCP35954 --diploma 25031002 >/dev/null
pdf cv.pdf 20000 zoe
upload zoe@etu.example "CV" plain "mon CV" cv.pdf
published_offer "Contrôleur de gestion" BUT3-GEA-GPRH
search zoe@etu.example gestion
answer zoe@etu.example "$(key offer.search zoe@etu.example)" plain "POSTULER 1"
eq "the application is made" "$(sql "SELECT state FROM applications")" pending
ek=$(outbox_key "SELECT id FROM outbox WHERE template = 'application.received' ORDER BY id DESC LIMIT 1")
answer rh@benotti.example "$ek" outlook "ACCEPTER Bienvenue !"
eq "the employer accepts it" "$(sql "SELECT state FROM applications")" accepted
eq "a draft sheet follows, tied to the application" \
    "$(sql "SELECT state || '|' || application_id || '|' || company_name FROM missions")" "draft|1|BENOTTI SAS"
# the acceptance says "reply MISSION with the form lines": its key takes them
ak=$(outbox_key "SELECT id FROM outbox WHERE template = 'application.accepted' ORDER BY id DESC LIMIT 1")
mreply reply_gmail_form.eml zoe@etu.example "$ak" "MISSION
Responsable du contrat : Marc Benotti"
eq "MISSION on the acceptance completes the same sheet" \
    "$(sql "SELECT count(*) || '|' || contract_manager FROM missions")" "1|Marc Benotti"

# the activities: 24 lines, more than 2,000 characters, accents everywhere
ACTS=$("$PY" - <<'PY'
verbs = ["élaboration", "contrôle", "préparation", "mise à jour", "analyse", "rédaction"]
objs = ["des tableaux de bord mensuels et du reporting destiné à la direction générale",
        "des écarts budgétaires par centre de coût, avec les responsables opérationnels",
        "de la paie et des déclarations sociales (DSN), en lien avec l’expert-comptable",
        "des procédures de clôture trimestrielle et des provisions pour congés payés"]
lines = ["%s %s (étape n° %02d)" % (verbs[i % 6], objs[i % 4], i + 1) for i in range(24)]
text = "\n".join("- " + l for l in lines)
assert len(text) >= 2000, len(text)
print(text)
PY
)
ok "the list of activities is over 2,000 characters" test "$(printf %s "$ACTS" | wc -m)" -ge 2000
draft=$(mkey mission.draft zoe@etu.example)
mreply reply_bottom_thunderbird.eml zoe@etu.example "$draft" "Maître d'apprentissage : Hélène Dupré-Lefèvre
E-mail du maître d'apprentissage : helene.dupre@benotti.example
Responsable du contrat : Gaëlle Œuvray
Adresse : 12 rue de l'Église, 74000 Annecy
Date de début : 01/09/2026
Date de fin : 31/08/2027
Sujet : Contrôle de gestion et paie — accompagnement de la clôture
Promotion : Simone Veil
Activités : $ACTS"
eq "the activities are kept whole" "$(sql "SELECT activities FROM missions")" "$ACTS"
draft=$(mkey mission.draft zoe@etu.example)
mreply reply_bottom_thunderbird.eml zoe@etu.example "$draft" "SOUMETTRE"
eq "the student submits it" "$(sql "SELECT state FROM missions")" submitted
mreply reply_outlook.eml rp.gea@univ.example "$(mkey mission.to_validate rp.gea@univ.example)" "VALIDER"
eq "the rp validates it" "$(sql "SELECT state FROM missions")" validated

altc mission export --formation BUT3-GEA-GPRH --state validated --format csv -o "$OUT/fiches.csv" 2>/dev/null
altc mission export --formation BUT3-GEA-GPRH --state validated --format xlsx -o "$OUT/fiches.xlsx" 2>/dev/null
altc mission export --formation BUT3-GEA-GPRH --state validated --format pdf -o "$OUT/fiches.pdf" 2>/dev/null
ok "the three files are written" test -s "$OUT/fiches.csv" -a -s "$OUT/fiches.xlsx" -a -s "$OUT/fiches.pdf"

# what each file must show, field by field, as typed or as known
printf '%s' "$ACTS" > "$OUT/activities.txt"
cat > "$OUT/expected.json" <<EOF2
{"Code formation": "BUT3-GEA-GPRH",
 "Formation": "BUT3 GEA - Gestion et pilotage des ressources humaines (alternance)",
 "Code RNCP": "RNCP35954", "Code diplôme": "25031002", "Promotion": "Simone Veil",
 "Année scolaire": "2026-2027", "Responsable pédagogique": "Émilie Brûlé",
 "E-mail du responsable": "rp.gea@univ.example", "Apprenti": "Zoé-Anaïs Lefèvre d'Écœur",
 "E-mail de l'apprenti": "zoe@etu.example", "INE": "0494004062M",
 "Date de naissance": "29/02/2004", "Entreprise": "BENOTTI SAS", "SIRET": "80754009100004",
 "Adresse": "12 rue de l'Église, 74000 Annecy", "Responsable du contrat": "Gaëlle Œuvray",
 "Maître d'apprentissage": "Hélène Dupré-Lefèvre",
 "E-mail du maître d'apprentissage": "helene.dupre@benotti.example",
 "Date de début": "01/09/2026", "Date de fin": "31/08/2027",
 "Sujet": "Contrôle de gestion et paie — accompagnement de la clôture",
 "Activités": "@activities.txt", "État": "validée"}
EOF2

ok "the PDF holds every field (pdftotext)" "$PY" - "$OUT" <<'PY'
import json, os, re, subprocess, sys
out = sys.argv[1]
exp = json.load(open(os.path.join(out, "expected.json"), encoding="utf-8"))
exp["Activités"] = open(os.path.join(out, "activities.txt"), encoding="utf-8").read()
raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", os.path.join(out, "fiches.pdf"), "-"],
                     check=True, capture_output=True).stdout.decode("utf-8")
open(os.path.join(out, "fiches.txt"), "w", encoding="utf-8").write(raw)
flat = lambda s: re.sub(r"\s+", " ", s.replace("\ufb01", "fi").replace("\ufb02", "fl")).strip()
text = flat(raw)
missing = [k for k, v in exp.items() if k not in ("E-mail du responsable", "État")
           and flat(v) not in text]
assert not missing, ("not in the PDF", missing, text[:3000])
assert "Fiche mission — Zoé-Anaïs Lefèvre d'Écœur" in text, text[:200]
for label in ("Formation", "Apprenti", "Entreprise", "Mission", "Code RNCP", "SIRET",
              "Maître d'apprentissage", "Date de début", "Activités"):
    assert label in text, label
PY

rm -f "$OUT"/page-*.png
pdftoppm -png -r 72 "$OUT/fiches.pdf" "$OUT/page"
pages=$(pdfinfo "$OUT/fiches.pdf" | sed -n 's/^Pages: *//p')
ok "every page is rendered to PNG under build/tests/mission_export" \
    test "$(ls "$OUT"/page-*.png 2>/dev/null | wc -l)" -eq "${pages:-0}" -a "${pages:-0}" -ge 1
ok "the long list of activities goes on over a second page" test "${pages:-0}" -ge 2
ok "and the pages are not blank" "$PY" - "$OUT" <<'PY'
import glob, struct, sys, zlib
for path in sorted(glob.glob(sys.argv[1] + "/page-*.png")):
    data = open(path, "rb").read()
    w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
    assert (w, h) == (595, 842), (path, w, h)
    idat, pos = b"", 8
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4]); kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    pix = zlib.decompress(idat)
    dark = sum(1 for b in pix if b < 128)
    assert dark > 2000, (path, dark)
PY

ok "the XLSX equals the CSV and what was typed, cell by cell (openpyxl)" "$PY" - "$OUT" <<'PY'
import csv, datetime, io, json, os, sys
import openpyxl
out = sys.argv[1]
exp = json.load(open(os.path.join(out, "expected.json"), encoding="utf-8"))
exp["Activités"] = open(os.path.join(out, "activities.txt"), encoding="utf-8").read()
rows = list(csv.reader(io.open(os.path.join(out, "fiches.csv"), encoding="utf-8-sig", newline=""),
                       delimiter=";"))
assert len(rows) == 2, len(rows)
wb = openpyxl.load_workbook(os.path.join(out, "fiches.xlsx"))
ws = wb["Fiches mission"]
assert ws.max_row == 2 and ws.max_column == len(rows[0]), (ws.max_row, ws.max_column)
for c, header in enumerate(rows[0], start=1):
    assert ws.cell(1, c).value == header, (c, ws.cell(1, c).value, header)
    want = exp[header].replace("\r\n", "\n")
    # the CSV neutralises what a spreadsheet would run as a formula; the XLSX need not
    csv_want = "'" + want if want[:1] in ("=", "+", "-", "@") else want
    assert rows[1][c - 1].replace("\r\n", "\n") == csv_want, ("csv", header, rows[1][c - 1])
    got = ws.cell(2, c).value
    if isinstance(got, datetime.datetime):
        assert ws.cell(2, c).number_format == "dd/mm/yyyy", ws.cell(2, c).number_format
        got = got.strftime("%d/%m/%Y")
    assert got == want, ("xlsx", header, got, want)
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws.cell(2, rows[0].index("Activités") + 1).alignment.wrap_text
PY
e2e_done
