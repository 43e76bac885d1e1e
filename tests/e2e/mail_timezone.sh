#!/bin/sh
# mail_timezone.sh - dates and times in mail are in the local time of
# mail.time_zone (Europe/Paris by default), summer time included: the
# invitation's and the employer confirmation's expiry, never UTC.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo
H='Nom;Prenom;Mail;Avis;Date_Naissance;Adresse_1;Code_Postal;Commune;Pays;Code_Formation'
admit() {	# admit EMAIL UTC-TIME: import one student at that time
	printf '%s\n%s\n' "$H" "Martin;Zoé;$1;Favorable;02/03/2004;3 rue du Lac;74000;Annecy;France;BUT3-GEA-GPRH" > "$1.csv"
	ALTC_NOW=$(date -u -d "$2" +%s) altc import "$1.csv" >/dev/null 2>&1
}
expires() {
	sql "SELECT json_extract(vars, '\$.expires') FROM outbox WHERE rcpt = '$1' AND template = '$2'"
}

admit ete@etu.example "2026-07-01 10:00:00"
eq "summer: the invitation expires at 12:00 Paris time (UTC+2)" "$(expires ete@etu.example import.invitation)" "02/07/2026 12:00"
admit hiver@etu.example "2026-12-02 00:20:00"
eq "winter: at 01:20 (UTC+1)" "$(expires hiver@etu.example import.invitation)" "03/12/2026 01:20"
ok "never labelled UTC" sh -c '! grep -q UTC "$1"' _ "$(sql "SELECT group_concat(vars) FROM outbox" > vars.txt; echo vars.txt)"

mail m.eml inscription.eml lea@alpes.example && sed 's/SIRETVALUE/73282932000074/' m.eml > good.eml
altc deliver -r inscription@univ.example < good.eml && ALTC_NOW=$(date -u -d "2026-12-02 23:30:00" +%s) altc -q serve --once
eq "the employer's confirmation link expires in local time (15 days later, 00:30)" "$(expires lea@alpes.example account.confirm_email)" "18/12/2026 00:30"

conf mail time_zone UTC
admit utc@etu.example "2026-07-01 10:00:00"
eq "the time zone is configurable" "$(expires utc@etu.example import.invitation)" "02/07/2026 10:00"
e2e_done
