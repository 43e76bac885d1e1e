#!/bin/sh
# structures.sh - a structure (an OPCO) and its users: the CLI, a partner
# company asked by mail (PARTENAIRE at offres@, the company form alone at
# inscription@, by reply to the welcome), checked against the SIRENE
# register, validated or refused by an admin by reply; an offer naming the
# partner (refused while it is not validated, or from a non-member), its
# applications to the structure's user, PARTAGER and "Partage : structure"
# sharing the offer's mails and applications with every user of the
# structure; replies from the wrong address change nothing.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/offers_lib.sh"
. "$ALTC_SRCDIR/tests/e2e/applications_lib.sh"
e2e_instance --demo

# post FROM TO STYLE BODY: a mail to a fixed address, applied
post() {
	$APPS_PY mail "$1" "$2" "Message" "$3" "$4" > post.eml &&
	    altc deliver -r "$2" < post.eml && altc -q serve --once
}

# the CLI: a structure, two users (one new account, one known employer refused)
ok "structure add" sh -c "altc structure add 'OPCO Atlas' --kind opco > sid.out"
eq "prints its number" "$(cat sid.out)" 1
altc -q structure add "OPCO Atlas" --kind opco 2> dup.err
ok "a name is taken once" grep -q "already named" dup.err
altc -q structure add "Autre" --kind banque 2> kind.err
ok "an unknown kind is refused" grep -q "unknown kind of structure 'banque'" kind.err
ok "member add: a new address" altc -q structure member add "OPCO Atlas" paul@atlas.example \
    --first-name Paul --last-name Martin
ok "member add: a second user" altc -q structure member add 1 lucie@atlas.example
eq "their accounts are active employers" \
    "$(sql "SELECT group_concat(role || ':' || state) FROM users WHERE email LIKE '%@atlas.example'")" \
    "employer:active,employer:active"
altc -q structure member add "OPCO Atlas" rh@benotti.example 2>/dev/null
ok "a company's employer may join" test "$(sql "SELECT count(*) FROM structure_members")" = 3
student lea@etu.example BUT3-GEA-GEMA
altc -q structure member add "OPCO Atlas" lea@etu.example 2> stu.err
ok "a student may not" grep -q "is not an active employer's account" stu.err
eq "each user is welcomed, with a key" "$(sql "SELECT count(*) FROM outbox WHERE template = 'structure.welcome' AND token IS NOT NULL")" 3
ok "structure list" has "$(altc structure list)" "OPCO Atlas *opco *3"
ok "structure list --format json" has "$(altc structure list --format json)" '"kind": "opco"'

# a SIRENE register: the partner is checked as a registration is
cat > StockEtablissement.csv <<'EOF'
siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,etatAdministratifEtablissement,enseigne1Etablissement,denominationUsuelleEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,typeVoieEtablissement,libelleVoieEtablissement,complementAdresseEtablissement,codePostalEtablissement,libelleCommuneEtablissement,etablissementSiege
732829320,00074,73282932000074,O,2001-03-01,A,,,12,B,AV,DES ALPES,,74000,ANNECY,true
443061841,00013,44306184100013,O,1999-01-01,F,,,3,,PL,DE LA GARE,,73000,CHAMBERY,true
552100554,00021,55210055400021,O,2015-05-01,A,,,1,,RUE,DU PAIN,,69001,LYON 1,true
EOF
cat > StockUniteLegale.csv <<'EOF'
siren,statutDiffusionUniteLegale,etatAdministratifUniteLegale,denominationUniteLegale,nomUniteLegale,prenom1UniteLegale,categorieJuridiqueUniteLegale
732829320,O,A,"ALPES CONSEIL, SARL",,,5499
443061841,O,A,VIEILLE MAISON,,,5710
552100554,O,A,BOULANGERIE DU PAIN,,,5710
EOF
altc -q company register-load StockEtablissement.csv StockUniteLegale.csv >/dev/null

# PARTENAIRE at offres@ (Outlook, top-posted): pending, told, the admin asked with a key
post paul@atlas.example offres@univ.example outlook \
    "PARTENAIRE\nSIRET : 732 829 320 00074\nRaison sociale : Alpes Conseil\nAdresse : 4 avenue de Genève\nCode postal : 74000\nVille : Annecy\nContact : drh@alpes.example"
eq "the partner awaits validation" "$(sql "SELECT state || '|' || name || '|' || contact_email FROM structure_partners")" \
    "pending|ALPES CONSEIL, SARL|drh@alpes.example"
eq "the user is told" "$(count structure.partner_received paul@atlas.example)" 1
ok "with a key for another PARTENAIRE" test -n "$(key structure.partner_received paul@atlas.example)"
ak=$(key structure.partner_review admin@univ.example)
ok "the admin gets the request with a key" test -n "$ak"
ok "saying the register knows the SIRET" has "$(sql "SELECT vars FROM outbox WHERE template = 'structure.partner_review'")" '"register_checked":true'
eq "nothing exists on the company side yet" "$(sql "SELECT count(*) FROM companies WHERE siret = '73282932000074'")" 0
e=$(count_errors paul@atlas.example)
post paul@atlas.example offres@univ.example plain \
    "PARTENAIRE\nSIRET : 73282932000074\nRaison sociale : Alpes Conseil\nAdresse : 4 avenue\nCode postal : 74000\nVille : Annecy"
ok "asked twice: told it already waits" has "$(last_error paul@atlas.example)" "attend déjà la validation"

# an offer for the partner while it waits: refused with a clear answer
post paul@atlas.example offres@univ.example plain \
    "Intitulé : Assistant comptable\nEntreprise : 73282932000074\nDurée : 2 ans\nLieu : Annecy\nFormations : BUT3-GEA-GEMA\nDescriptif : Saisie et rapprochements"
ok "an offer for a partner awaiting validation is refused" has "$(last_error paul@atlas.example)" "attend encore la validation"
eq "and nothing is created" "$(sql "SELECT count(*) FROM offers WHERE title = 'Assistant comptable'")" 0

# the wrong sender on the admin's key; then VALIDER (Thunderbird)
answer intrus@example.org "$ak" plain "VALIDER"
eq "a reply from another address changes nothing" "$(sql "SELECT state FROM structure_partners WHERE id = 1")" pending
answer admin@univ.example "$ak" thunderbird "VALIDER"
eq "VALIDER validates the partner" "$(sql "SELECT state FROM structure_partners WHERE id = 1")" validated
eq "its company exists, without an account, from the register" \
    "$(sql "SELECT c.name || '|' || c.state || '|' || coalesce(c.referent_id, 'none') FROM companies c JOIN structure_partners p ON p.company_id = c.id")" \
    "ALPES CONSEIL, SARL|active|none"
ok "the user is told" has "$(sql "SELECT vars FROM outbox WHERE template = 'structure.partner_decided' AND rcpt = 'paul@atlas.example'")" '"validated":true'
eq "the transitions are audited" "$(sql "SELECT group_concat(event, ',') FROM audit WHERE object_type = 'partner' AND object_id = 1 AND to_state IS NOT NULL")" "create,validate"
e=$(count_errors admin@univ.example)
answer admin@univ.example "$ak" plain "VALIDER"
eq "a second decision is refused" "$(count_errors admin@univ.example)" $((e + 1))

# a closed establishment is refused at once; the company form alone at inscription@ (iPhone)
post lucie@atlas.example offres@univ.example plain \
    "PARTENAIRE 44306184100013\nRaison sociale : Vieille Maison\nAdresse : 3 place de la Gare\nCode postal : 73000\nVille : Chambéry"
ok "a closed establishment is refused" has "$(last_error lucie@atlas.example)" "établissement fermé"
post lucie@atlas.example inscription@univ.example iphone \
    "Raison sociale : Boulangerie du Pain\nSIRET : 55210055400021\nAdresse : 1 rue du Pain\nCode postal : 69001\nVille : Lyon"
eq "the form alone at inscription@ from a structure's user asks for a partner" \
    "$(sql "SELECT state FROM structure_partners WHERE siret = '55210055400021'")" pending
ak2=$(key structure.partner_review admin@univ.example)
answer admin@univ.example "$ak2" outlook "REFUSER"
ok "REFUSER without a motif is refused" has "$(last_error admin@univ.example)" "REFUSER suivi du motif"
answer admin@univ.example "$ak2" outlook "REFUSER Entreprise déjà suivie par la CCI de Lyon."
eq "REFUSER motif refuses" "$(sql "SELECT state || '|' || reason FROM structure_partners WHERE siret = '55210055400021'")" \
    "refused|Entreprise déjà suivie par la CCI de Lyon."
ok "the user is told why" has "$(sql "SELECT vars FROM outbox WHERE template = 'structure.partner_decided' AND rcpt = 'lucie@atlas.example'")" "déjà suivie par la CCI"
post lucie@atlas.example offres@univ.example plain \
    "Intitulé : Vendeur\nEntreprise : Boulangerie du Pain\nDurée : 1 an\nLieu : Lyon\nDescriptif : Vente"
ok "an offer for a refused partner is refused, with the reason" has "$(last_error lucie@atlas.example)" "a été refusé"
# asked again by reply to the decision (Gmail, HTML only): pending again
dk=$(key structure.partner_decided lucie@atlas.example)
answer lucie@atlas.example "$dk" gmail-html \
    "PARTENAIRE\nSIRET : 55210055400021\nRaison sociale : Boulangerie du Pain\nAdresse : 1 rue du Pain\nCode postal : 69001\nVille : Lyon"
eq "a refused partner may be asked again, by reply" "$(sql "SELECT state FROM structure_partners WHERE siret = '55210055400021'")" pending
ok "altc structure validate (staff)" altc -q structure validate 2
eq "validated from the CLI" "$(sql "SELECT state FROM structure_partners WHERE id = 2")" validated

# outsiders: an employer outside any structure, an unknown sender
post contact@genesii.example offres@univ.example plain "PARTENAIRE 73282932000074"
ok "PARTENAIRE from an employer outside a structure is refused" has "$(last_error contact@genesii.example)" "seuls les utilisateurs d’une structure"
post contact@genesii.example offres@univ.example plain \
    "Intitulé : Technicien\nEntreprise : ALPES CONSEIL, SARL\nDurée : 1 an\nLieu : Annecy\nDescriptif : Réseaux"
ok "an offer naming another company from a plain employer is refused" has "$(last_error contact@genesii.example)" "n’est pas votre entreprise"
post paul@atlas.example offres@univ.example plain \
    "Intitulé : Assistant RH\nEntreprise : Inconnue SA\nDurée : 1 an\nLieu : Annecy\nDescriptif : Paie"
ok "an offer naming no partner of the structure is refused" has "$(last_error paul@atlas.example)" "n’est pas une entreprise partenaire"
post paul@atlas.example offres@univ.example plain \
    "Intitulé : Assistant RH\nDurée : 1 an\nLieu : Annecy\nDescriptif : Paie"
ok "an offer of a structure's user without Entreprise is refused" has "$(last_error paul@atlas.example)" "indiquez l’entreprise partenaire"

# the offer for the validated partner (by name, any case): the author gets its mails
post paul@atlas.example offres@univ.example plain \
    "Intitulé : Assistant comptable\nEntreprise : alpes conseil, sarl\nDurée : 2 ans\nLieu : Annecy\nFormations : BUT3-GEA-GEMA\nDescriptif : Saisie et rapprochements"
eq "the offer is created for the partner" \
    "$(sql "SELECT c.siret || '|' || o.shared || '|' || o.contact_email FROM offers o JOIN companies c ON c.id = o.company_id WHERE o.title = 'Assistant comptable'")" \
    "73282932000074|0|drh@alpes.example"
oid=$(sql "SELECT id FROM offers WHERE title = 'Assistant comptable'")
eq "offer.received to its author only" "$(sql "SELECT group_concat(rcpt) FROM outbox WHERE template = 'offer.received' AND thread = 'offer.$oid'")" paul@atlas.example
answer rp.gea@univ.example "$(key offer.to_validate rp.gea@univ.example)" plain "VALIDER"
eq "published" "$(sql "SELECT state FROM offers WHERE id = $oid")" published

# a student applies: the structure's user gets it and decides
pdf cv.pdf 9000 lea
upload lea@etu.example "CV" plain "mon CV" cv.pdf
search lea@etu.example comptable
answer lea@etu.example "$(key offer.search lea@etu.example)" plain "POSTULER $oid Très intéressée"
eq "the application goes to the structure's user" "$(count application.received paul@atlas.example)" 1
eq "not to the other users while not shared" "$(count application.received lucie@atlas.example)" 0
pk=$(key application.received paul@atlas.example)
answer paul@atlas.example "$pk" outlook "RECEVABLE Venez mardi."
eq "the structure's user decides (RECEVABLE)" "$(sql "SELECT state FROM applications WHERE offer_id = $oid")" shortlisted

# PARTAGER on the offer's mail: every user now receives its mails and answers
lk=$(key offer.published paul@atlas.example)
answer lucie@atlas.example "$lk" plain "PARTAGER"
eq "PARTAGER from another address changes nothing" "$(sql "SELECT shared FROM offers WHERE id = $oid")" 0
answer paul@atlas.example "$lk" iphone "PARTAGER"
eq "PARTAGER shares the offer" "$(sql "SELECT shared FROM offers WHERE id = $oid")" 1
eq "the other users are told" \
    "$(sql "SELECT group_concat(rcpt) FROM outbox WHERE template = 'offer.shared'")" "rh@benotti.example,lucie@atlas.example"
ok "each with a key of their own" sh -c "test -n '$(key offer.shared lucie@atlas.example)' && test '$(key offer.shared lucie@atlas.example)' != '$(key offer.shared rh@benotti.example)'"
eq "the sharing is audited" "$(sql "SELECT count(*) FROM audit WHERE object_type = 'offer' AND object_id = $oid AND event = 'share'")" 1
answer paul@atlas.example "$lk" plain "PARTAGER"
ok "sharing twice: told it is already shared" has "$(last_error paul@atlas.example)" "déjà partagée"
student tom@etu.example BUT3-GEA-GEMA
pdf cv-tom.pdf 9000 tom
search tom@etu.example comptable
answer tom@etu.example "$(key offer.search tom@etu.example)" thunderbird "POSTULER $oid" cv-tom.pdf
tid=$(sql "SELECT a.id FROM applications a JOIN users u ON u.id = a.student_id WHERE u.email = 'tom@etu.example'")
eq "a shared offer's application reaches every user" \
    "$(sql "SELECT count(DISTINCT rcpt) FROM outbox WHERE template = 'application.received' AND thread = 'application.$tid' AND user_id IS NOT NULL")" 3
eq "and the partner's contact, a copy without a key" \
    "$(sql "SELECT count(*) FROM outbox WHERE template = 'application.received' AND rcpt = 'drh@alpes.example' AND user_id IS NULL AND vars LIKE '%contact_copy%' AND attachments LIKE '%cv-tom.pdf%'")" 1
lak=$(key application.received lucie@atlas.example)
answer lucie@atlas.example "$lak" gmail-html "REFUSER Le poste demande une première expérience."
eq "another user of the structure answers it" "$(sql "SELECT state FROM applications WHERE id = $tid")" refused
ok "the student is told, with the message" has "$(sql "SELECT vars FROM outbox WHERE template = 'application.refused' AND rcpt = 'tom@etu.example'")" "première expérience"
lok=$(key offer.shared lucie@atlas.example)
answer lucie@atlas.example "$lok" outlook "PROLONGER"
eq "and manages the offer with their own key" "$(sql "SELECT count(*) FROM audit WHERE object_type = 'offer' AND object_id = $oid AND event = 'extend' AND actor = 'lucie@atlas.example'")" 1

# "Partage : structure" in the offer's mail shares it from the start
post lucie@atlas.example offres@univ.example outlook \
    "Intitulé : Vendeur boulanger\nEntreprise : 55210055400021\nPartage : structure\nDurée : 1 an\nLieu : Lyon\nDescriptif : Vente et fabrication"
eq "an offer shared at its creation" "$(sql "SELECT shared FROM offers WHERE title = 'Vendeur boulanger'")" 1
sid2=$(sql "SELECT id FROM offers WHERE title = 'Vendeur boulanger'")
eq "its receipt reaches every user" "$(sql "SELECT count(*) FROM outbox WHERE template = 'offer.received' AND thread = 'offer.$sid2'")" 3
post contact@genesii.example offres@univ.example plain \
    "Intitulé : Développeur\nPartage : structure\nDurée : 1 an\nLieu : Annecy\nDescriptif : Code"
ok "Partage from an employer outside a structure is refused" has "$(last_error contact@genesii.example)" "seuls les utilisateurs d’une structure partagent"

# the partners listed in the three formats
ok "structure partners" has "$(altc structure partners 'OPCO Atlas')" "ALPES CONSEIL, SARL.*validated"
ok "--format csv" has "$(altc structure partners 'OPCO Atlas' --format csv)" '"55210055400021";"BOULANGERIE DU PAIN"'
ok "--format json" has "$(altc structure partners 1 --format json)" '"contact": "drh@alpes.example"'
ok "an unknown structure" sh -c "! altc -q structure partners Personne 2>/dev/null"
e2e_done
