# applications_lib.sh - helpers of the applications_*.sh scenarios (sourced
# after lib.sh and offers_lib.sh): PDFs and mails made by apps_mail.py, and
# mails to documents@ or to a reply key as a mail client would send them.
APPS_PY="python3 $ALTC_SRCDIR/tests/e2e/apps_mail.py"

# pdf OUT [SIZE] [SEED] / badpdf KIND OUT: files made for the test
pdf() { $APPS_PY pdf "$@"; }
badpdf() { $APPS_PY "$1" "$2"; }

# upload FROM SUBJECT STYLE BODY FILE[:TYPE]...: a mail to documents@, applied
upload() {
	u_from=$1; u_subj=$2; u_style=$3; u_body=$4; shift 4
	$APPS_PY mail "$u_from" documents@univ.example "$u_subj" "$u_style" "$u_body" "$@" > up.eml &&
	    altc deliver -r documents@univ.example < up.eml && altc -q serve --once
}

# answer FROM TOKEN STYLE BODY [FILE[:TYPE]...]: a reply to reply+TOKEN@, applied
answer() {
	a_from=$1; a_tok=$2; a_style=$3; a_body=$4; shift 4
	$APPS_PY mail "$a_from" "reply+$a_tok@univ.example" "RE: [AC-$a_tok] altconnect" \
	    "$a_style" "$a_body" "$@" > answer.eml &&
	    altc deliver -r "reply+$a_tok@univ.example" < answer.eml && altc -q serve --once
}

# last_error RCPT: the variables of the last reply.error to RCPT
last_error() {
	sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND rcpt = '$1' ORDER BY id DESC LIMIT 1"
}

# count TEMPLATE RCPT: mails of a template queued for RCPT
count() {
	sql "SELECT count(*) FROM outbox WHERE template = '$1' AND rcpt = '$2'"
}

# published_offer TITLE FORMATION: an offer added and validated by the rp; prints nothing
published_offer() {
	altc offer add --company 80754009100004 --title "$1" --formations "$2" \
	    --duration "2 ans" --location Annecy --description "Tenue des comptes" >/dev/null
	p_rp=$(sql "SELECT f.rp_id FROM formations f WHERE f.code = '$2'")
	p_mail=$(sql "SELECT email FROM users WHERE id = $p_rp")
	answer "$p_mail" "$(key offer.to_validate "$p_mail")" plain VALIDER
}

# search FROM KEYWORDS: CHERCHER at offres@, applied
search() {
	$APPS_PY mail "$1" offres@univ.example "Recherche" plain "CHERCHER $2" > search.eml &&
	    altc deliver -r offres@univ.example < search.eml && altc -q serve --once
}
