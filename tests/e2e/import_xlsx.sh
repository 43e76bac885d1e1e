#!/bin/sh
# import_xlsx.sh - the Parcoursup fixture saved as a workbook by openpyxl
# (dates as dates, postal codes as numbers) and dropped in the spool gives
# what the CSV gives: the same students, the same rejected lines with the
# same reasons, the same log; --analyze and --dump-csv read it, by its
# content whatever its name.  An .xls, a truncated workbook and a zip bomb
# go to failed/ unchanged, with their reason, and leave a failed history row.
. "${ALTC_SRCDIR:?}/tests/e2e/lib.sh"
FX="$ALTC_SRCDIR/tests/fixtures/import"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import openpyxl' 2>/dev/null || skip_all "python3-openpyxl is missing"
MAKE="$ALTC_SRCDIR/tests/fixtures/xlsx/make.py"

e2e_instance --demo
TOP=$PWD
ok "the workbook is written" "$PY" "$MAKE" csv "$FX/parcoursup_cp1252.csv" admissibles.xlsx

# one instance per format, each fed through the spool as production is
run_instance() {	# DIR FILE
	mkdir -p "$TOP/$1" && cd "$TOP/$1" || exit 99
	: > altconnect.conf
	ALTC_CONFIG="$TOP/$1/altconnect.conf" && export ALTC_CONFIG
	altc init >init.log 2>&1 && altc formation import "$FX/formations.csv" >/dev/null 2>&1 &&
	    altc deliver --import "$2" && altc serve --once >serve.log 2>&1
	rc=$?
	altc import list --format csv > history.csv
	cd "$TOP" || exit 99
	return $rc
}
students() {	# DIR: every student with what the import stored
	sqlite3 "$TOP/$1/var/altconnect.db" "SELECT u.email, u.last_name, u.first_name,
	    u.phone_fixed, u.phone_mobile, u.ine, u.birth_date, u.address1, u.address2,
	    u.postal_code, u.city, u.country, u.last_school, group_concat(f.code)
	    FROM users u JOIN student_formations sf ON sf.student_id = u.id
	    JOIN formations f ON f.id = sf.formation_id
	    WHERE u.role = 'student' GROUP BY u.id ORDER BY u.email"
}
ok "the CSV through the spool" run_instance csv "$FX/parcoursup_cp1252.csv"
ok "the workbook through the spool" run_instance xlsx "$TOP/admissibles.xlsx"
ok "the workbook is in done/" sh -c 'find xlsx/spool/done -type f | grep -q admissibles.xlsx'
ok "nothing in failed/" test -z "$(find xlsx/spool/failed -type f)"
students csv > students.csv.txt
students xlsx > students.xlsx.txt
ok "nine students from each" test "$(sqlite3 xlsx/var/altconnect.db "SELECT count(*) FROM users
    WHERE role = 'student'")" -eq 9 -a -s students.csv.txt
ok "the same students, field by field" cmp students.csv.txt students.xlsx.txt
ok "postal codes stayed 74000" sh -c '! grep -q "74000\.0\||7.4E" students.xlsx.txt'
ok "the same rejected lines and reasons" cmp csv/spool/reports/import-1-rejets.csv \
    xlsx/spool/reports/import-1-rejets.csv
ok "13 rejected lines" test "$(grep -c '^[0-9]' xlsx/spool/reports/import-1-rejets.csv)" -eq 13
# the log but its first line (the file name) and its last (how it was read)
sed '1d;$d' csv/spool/reports/import-1.log > log.csv
sed '1d;$d' xlsx/spool/reports/import-1.log > log.xlsx
ok "the same log, line by line" cmp log.csv log.xlsx
ok "the log says how the workbook was read" \
    grep -q "23 lignes, 10 créées, 13 rejetées, 2 avertissements (xlsx, feuille 'Admissibles')" \
    xlsx/spool/reports/import-1.log
ok "the same history counts" grep -q '"admissibles.xlsx";[^;]*;"batch";"done";"23";"10";"13"' xlsx/history.csv
ok "the same invitations" test "$(sqlite3 csv/var/altconnect.db "SELECT count(*) FROM outbox WHERE
    template = 'import.invitation'")" -eq "$(sqlite3 xlsx/var/altconnect.db "SELECT count(*) FROM
    outbox WHERE template = 'import.invitation'")"

# the manual import reads it by its content, whatever its name
cd "$TOP" || exit 99
ALTC_CONFIG="$TOP/altconnect.conf" && export ALTC_CONFIG
altc formation import "$FX/formations.csv" >/dev/null 2>&1
cp admissibles.xlsx admissibles-export.csv
ok "analyze a workbook named .csv" sh -c 'altc import --analyze admissibles-export.csv > analyze.out'
ok "analyze: the CSV's outcome" grep -q '^analysis (nothing written): 23 lines: 10 created, 13 rejected' analyze.out
ok "analyze: the same reasons" grep -q '^ligne 18 : rejetée : Effectif atteint' analyze.out
ok "dump-csv reads the workbook" sh -c 'altc import --dump-csv admissibles.xlsx > dump.out 2> dump.err'
ok "dump-csv names the sheet" grep -q "xlsx, sheet 'Admissibles'" dump.err
ok "dump-csv: dates and codes as in the CSV" grep -q '^\["Léonard","Zoé",.*"15/04/2004","123456789AB",.*"74000","Annecy"' dump.out

# refused files: an .xls, a truncated workbook, a zip bomb
printf '\320\317\021\340\241\261\032\341old binary workbook' > export.xls
head -c 2000 admissibles.xlsx > truncated.xlsx
"$PY" -c 'import zipfile, sys
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
z.writestr("[Content_Types].xml", "<Types><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>")
z.writestr("xl/workbook.xml", "<workbook>" + " " * (20 << 20) + "</workbook>")' bomb.xlsx
ok "manual import of an .xls refused" sh -c 'altc import export.xls > xls.out 2> xls.err; test $? -eq 65'
ok "the .xls reason asks for CSV or XLSX" grep -q 'Excel 97-2003 (.xls).*CSV ou XLSX' xls.err
imported=$(sqlite3 var/altconnect.db "SELECT count(*) FROM users WHERE role = 'student'")
ok "drop the .xls" altc deliver --import export.xls
ok "drop the truncated workbook" altc deliver --import truncated.xlsx
ok "drop the bomb" altc deliver --import bomb.xlsx
ok "serve --once" sh -c 'altc serve --once > serve.log 2>&1'
ok "three files in failed/ with a reason each" test "$(find spool/failed -name '*.reason' | wc -l)" -eq 3
ok "the .xls reason" sh -c 'grep -l "Excel 97-2003" spool/failed/*.reason | grep -q export.xls'
ok "the truncated reason" sh -c 'grep -l "fichier XLSX : archive ZIP illisible" spool/failed/*.reason | grep -q truncated'
ok "the bomb reason" sh -c 'grep -l "bombe ZIP" spool/failed/*.reason | grep -q bomb'
for f in export.xls truncated.xlsx bomb.xlsx; do
	ok "$f kept byte for byte in failed/" sh -c 'cmp -s "$1" "$(find spool/failed -type f -name "*$1*" ! -name "*.reason")"' _ "$f"
done
ok "failed history rows" test "$(altc import list --format csv | grep -c '"batch";"failed"')" -eq 3
ok "no student created by a refused file" test "$(sqlite3 var/altconnect.db \
    "SELECT count(*) FROM users WHERE role = 'student'")" -eq "$imported"
e2e_done
