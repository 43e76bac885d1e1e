#!/bin/sh
# signup_reply.sh - a student signs up by answering the invitation: the reply
# to reply+TOKEN@ with form lines goes through the spool and the inbound
# pipeline to the signup action; a wrong value is refused with a reason and
# changes nothing; the corrected reply registers the student.
. "${ALTC_SRCDIR:?}/tests/e2e/lib.sh"
FX="$ALTC_SRCDIR/tests/fixtures/import"

e2e_instance
altc formation import "$FX/formations.csv" >/dev/null 2>&1
altc import "$FX/ecandidat_utf8_bom.csv" >/dev/null 2>&1
db() { sqlite3 var/altconnect.db "$1"; }
tok=$(outbox_key "SELECT id FROM outbox WHERE rcpt = 'bea.valide@ex.example' AND template = 'import.invitation'")

reply() {	# reply FILE MOBILE [FIRST LINE] [TOKEN] [FROM]: the student's answer with form lines
	cat > "$1" <<MAIL
From: ${5:-Valide Bea <bea.valide@ex.example>}
To: reply+${4:-$tok}@univ.example
Subject: Re: Votre inscription
Message-ID: <$1@ex.example>
Date: Mon, 23 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

${3:-INSCRIPTION}
Portable : $2
Parcours : GEMA

Le 23/11/2026, altconnect a écrit :
> Bonjour,
MAIL
}
state() { db "SELECT state FROM users WHERE email = 'bea.valide@ex.example'"; }

reply bad.eml "12 34"
ok "deliver a reply with a wrong mobile" deliver bad.eml "reply+$tok@univ.example"
ok "serve --once" sh -c '"$ALTC_BIN" serve --once > serve1.log 2>&1'
ok "the student is still imported" test "$(state)" = imported
ok "the token is not spent" test "$(db "SELECT uses FROM tokens WHERE purpose = 'signup' AND user_id = (SELECT id FROM users WHERE email = 'bea.valide@ex.example')")" -eq 0
reply good.eml "06 12 34 56 78"
ok "deliver the corrected reply" deliver good.eml "reply+$tok@univ.example"
ok "serve --once again" sh -c '"$ALTC_BIN" serve --once > serve2.log 2>&1'
ok "the student is registered" test "$(state)" = registered
ok "the consent the invitation stated is recorded, given by mail" test "$(sqlite3 var/altconnect.db \
    "SELECT count(*) FROM consents WHERE via = 'mail' AND wording LIKE 'J’accepte%'")" -eq 1
ok "with the mobile and parcours of the form" test "$(db "SELECT phone_mobile || '|' || parcours FROM users WHERE email = 'bea.valide@ex.example'")" = "06 12 34 56 78|GEMA"
ok "the token is spent" test "$(db "SELECT uses >= max_uses FROM tokens WHERE purpose = 'signup' AND user_id = (SELECT id FROM users WHERE email = 'bea.valide@ex.example')")" -eq 1
ok "welcome queued" test "$(db "SELECT count(*) FROM outbox WHERE template = 'account.welcome' AND rcpt = 'bea.valide@ex.example'")" -eq 1

# a reply that holds only the form lines (no command) signs up as well
id2=$(db "SELECT id FROM outbox WHERE template = 'import.invitation' AND rcpt <> 'bea.valide@ex.example' ORDER BY id LIMIT 1")
tok2=$(outbox_key "SELECT $id2")
who=$(db "SELECT rcpt FROM outbox WHERE id = $id2")
reply form.eml "07 11 22 33 44" "Bonjour," "$tok2" "<$who>"
ok "deliver a reply with form lines only" deliver form.eml "reply+$tok2@univ.example"
ok "serve --once (form only)" sh -c '"$ALTC_BIN" serve --once > serve3.log 2>&1'
ok "that student is registered too" test "$(db "SELECT state FROM users WHERE email = '$who'")" = registered

# an expired invitation answered by its owner brings a fresh link, not an error
id3=$(db "SELECT id FROM outbox WHERE template = 'import.invitation' AND rcpt NOT IN ('bea.valide@ex.example', '$who') ORDER BY id LIMIT 1")
tok3=$(outbox_key "SELECT $id3")
who3=$(db "SELECT rcpt FROM outbox WHERE id = $id3")
before=$(db "SELECT count(*) FROM outbox WHERE template = 'import.invitation' AND rcpt = '$who3'")
reply late.eml "07 55 66 77 88" "INSCRIPTION" "$tok3" "<$who3>"
ok "deliver a reply to an expired invitation" deliver late.eml "reply+$tok3@univ.example"
ok "serve --once two days later" sh -c 'ALTC_NOW=$(( $(date +%s) + 2 * 86400 )) "$ALTC_BIN" serve --once > serve4.log 2>&1'
ok "a fresh invitation is queued" test "$(db "SELECT count(*) FROM outbox WHERE template = 'import.invitation' AND rcpt = '$who3'")" -eq $((before + 1))
ok "no error reply for it" test "$(db "SELECT count(*) FROM outbox WHERE template = 'reply.error' AND rcpt = '$who3'")" -eq 0
ok "the student is still imported" test "$(db "SELECT state FROM users WHERE email = '$who3'")" = imported
e2e_done
