#!/bin/sh
# company_register.sh - employer registrations checked against a SIRENE
# register extract loaded with altc company register-load: an open SIRET is
# accepted with the register's name and address, a closed, ceased or
# unknown one is refused with a French answer and the mail kept in failed/
# with its reason; the same through altc company add; a reload replaces the
# register and a bad file leaves it as it was.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
e2e_instance --demo

# a small extract: open, closed, open of a ceased unit, not public, a person
cat > StockEtablissement.csv <<'EOF'
siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,etatAdministratifEtablissement,enseigne1Etablissement,denominationUsuelleEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,typeVoieEtablissement,libelleVoieEtablissement,complementAdresseEtablissement,codePostalEtablissement,libelleCommuneEtablissement,etablissementSiege
732829320,00074,73282932000074,O,2001-03-01,A,,,12,B,AV,DES ALPES,,74000,ANNECY,true
807540091,00004,80754009100004,O,2010-01-01,F,,,2,,RTE,DE POISY,,74330,POISY,true
443061841,00013,44306184100013,O,1999-01-01,A,,,3,,PL,DE LA GARE,,73000,CHAMBERY,true
356000000,00001,35600000000001,P,2000-01-01,A,,,,,,,,,,true
552100554,00021,55210055400021,O,2015-05-01,A,,,1,,RUE,DU PAIN,,69001,LYON 1,true
EOF
cat > StockUniteLegale.csv <<'EOF'
siren,statutDiffusionUniteLegale,etatAdministratifUniteLegale,denominationUniteLegale,nomUniteLegale,prenom1UniteLegale,categorieJuridiqueUniteLegale
732829320,O,A,"ALPES CONSEIL, SARL",,,5499
807540091,O,A,BENOTTI SAS,,,5710
443061841,O,C,VIEILLE MAISON,,,5710
356000000,P,A,,,,1000
552100554,O,A,,DUPONT,JEAN,1000
EOF

ok "altc check says no register is loaded" sh -c "altc check | grep -q '^register: no SIRENE register'"
ok "altc company register-load" sh -c "altc company register-load StockEtablissement.csv StockUniteLegale.csv > load.out"
ok "prints the rows and the rate" grep -q '^StockEtablissement.csv: establishments, 5 rows (0 skipped) in .* rows/s$' load.out
ok "altc check shows the register" sh -c "altc check | grep -q '^register: 5 establishments loaded on .* from StockEtablissement.csv; 5 units'"

# registration by mail: the register's name and address replace what was typed
mail m.eml inscription.eml lea@alpes.example && sed 's/SIRETVALUE/73282932000074/' m.eml > open.eml
altc deliver -r inscription@univ.example < open.eml && altc -q serve --once
eq "an open SIRET is accepted" "$(sql "SELECT state FROM users WHERE email = 'lea@alpes.example'")" unconfirmed
eq "with the register's name and address" \
    "$(sql "SELECT name || '|' || address || '|' || postal_code || '|' || city FROM companies WHERE siret = '73282932000074'")" \
    "ALPES CONSEIL, SARL|12 bis avenue des Alpes|74000|Annecy"
ok "what was typed is in the audit" has "$(sql "SELECT detail FROM audit WHERE event = 'sirene'")" "typed: name 'Alpes Conseil', address '4 avenue de Genève, 74000 Annecy'"

# refusals: French answer to the sender, the mail in failed/ with its reason
refused() {	# SIRET SENDER PHRASE
	mail m.eml inscription.eml "$2" && sed "s/SIRETVALUE/$1/" m.eml > r.eml
	before=$(ls spool/failed | grep -c '\.reason$')
	altc deliver -r inscription@univ.example < r.eml && altc -q serve --once
	eq "SIRET $1: no account" "$(sql "SELECT count(*) FROM users WHERE email = '$2'")" 0
	ok "SIRET $1: told in French ($3)" has "$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = '$2' ORDER BY id DESC LIMIT 1")" "$3"
	ok "SIRET $1: the answer is mailed" sh -c "grep -l '^To: .*$2' spool/outbox/new/* | grep -q ."
	eq "SIRET $1: the mail is kept in failed/" "$(ls spool/failed | grep -c '\.reason$')" $((before + 1))
	ok "SIRET $1: with its reason" sh -c "grep -l 'SIRENE register' spool/failed/*.reason | xargs grep -q '$1'"
}
refused 80754009100004 paul@benotti.example "établissement fermé"
refused 44306184100013 anne@maison.example "entreprise cessée"
refused 12345678901237 marc@inconnu.example "SIRET inconnu du répertoire SIRENE"

# the same through altc company add
ok "altc company add: an open SIRET" altc -q company add --siret 55210055400021 --name "Boulangerie"
eq "named and addressed by the register" \
    "$(sql "SELECT name || '|' || address || '|' || city FROM companies WHERE siret = '55210055400021'")" \
    "JEAN DUPONT|1 rue du Pain|Lyon 1"
altc -q company add --siret 80754009100004 --name X 2> add.err
ok "altc company add: a closed one is refused" grep -q "establishment closed in the SIRENE register" add.err
altc -q company add --siret 12345678901237 --name X 2> add.err
ok "altc company add: an unknown one is refused" grep -q "is not in the SIRENE register" add.err
ok "altc company add: not public, what was typed" altc -q company add --siret 35600000000001 --name "Poste" --city Paris
eq "is kept" "$(sql "SELECT name || '|' || city FROM companies WHERE siret = '35600000000001'")" "Poste|Paris"
conf company refuse_unknown_siret no
ok "refuse_unknown_siret = no: an unknown SIRET is accepted" altc -q company add --siret 12345678901237 --name "Nouvelle"

# a bad file changes nothing; a reload replaces the register
printf 'siret,enseigne1Etablissement\n73282932000074,X\n' > bad.csv
altc company register-load bad.csv 2> bad.err; rc=$?
eq "a header without the needed columns is refused" "$rc" 65
ok "naming them" grep -q "lacks the columns statutDiffusionEtablissement, etatAdministratifEtablissement" bad.err
eq "and the register is unchanged" "$(sql "SELECT count(*) FROM sirene_establishments")" 5
sed -e 's/^807540091,00004,80754009100004,O,2010-01-01,F/807540091,00004,80754009100004,O,2010-01-01,A/' \
    -e '/^552100554/d' StockEtablissement.csv > StockEtablissement2.csv
ok "a reload" sh -c "altc company register-load StockEtablissement2.csv > load.out"
eq "replaces the establishments" "$(sql "SELECT count(*) || ' ' || group_concat(state, '') FROM sirene_establishments")" "4 AAAA"
eq "and keeps the units" "$(sql "SELECT count(*) FROM sirene_units")" 5
mail m.eml inscription.eml paul@benotti.example && sed 's/SIRETVALUE/80754009100004/' m.eml > reopen.eml
altc deliver -r inscription@univ.example < reopen.eml && altc -q serve --once
eq "the reopened establishment is accepted" "$(sql "SELECT state FROM users WHERE email = 'paul@benotti.example'")" unconfirmed
e2e_done
