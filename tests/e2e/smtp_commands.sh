#!/bin/sh
# smtp_commands.sh - the mail-out commands on the embedded default (no
# smtp.url: the Maildir outbox): user add queues an activation mail,
# outbox list/show in the three formats, outbox flush writes
# spool/outbox/new by the Maildir protocol, notification list shows the
# center, digest queues nothing when nothing is pending, bad input is refused.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

e2e_instance --demo
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

ok "user add rp with a formation" sh -c "\"$ALTC_BIN\" user add --role rp --email new.rp@univ.example \
	--name 'Hélène Durand' --formations BUT3-GEA-GEMA >out 2>&1"
ok "user add ga delegated on two formations" sh -c "\"$ALTC_BIN\" user add --role ga \
	--email new.ga@univ.example --name 'Paul Martin' --formations BUT3-GEA-GEMA,BUT3-TC-MDEE >out 2>&1"
ok "user add refuses an existing address" sh -c "! \"$ALTC_BIN\" user add --role admin \
	--email new.rp@univ.example --name X >out 2>&1"
ok "user add refuses a student role" sh -c "! \"$ALTC_BIN\" user add --role student \
	--email s@univ.example --name X >out 2>&1"
ok "user add refuses an unknown formation" sh -c "! \"$ALTC_BIN\" user add --role rp \
	--email rp3@univ.example --name X --formations NOPE >out 2>&1"
ok "a refused add leaves no user behind" test "$(sqlite3 var/altconnect.db \
	"SELECT COUNT(*) FROM users WHERE email = 'rp3@univ.example'")" = 0
ok "the rp owns the formation" test "$(sqlite3 var/altconnect.db "SELECT u.email FROM formations f \
	JOIN users u ON u.id = f.rp_id WHERE f.code = 'BUT3-GEA-GEMA'")" = new.rp@univ.example

ok "outbox list: two queued activations" test "$(altc outbox list --state queued --format csv | grep -c account.activation)" -eq 2
ok "outbox list --format json is JSON" sh -c "\"$ALTC_BIN\" outbox list --format json | $PY -c 'import json,sys; assert len(json.load(sys.stdin)) == 2'"
ok "outbox list refuses an unknown state" sh -c "! \"$ALTC_BIN\" outbox list --state lost >/dev/null 2>&1"
ok "outbox show ID" sh -c "\"$ALTC_BIN\" outbox show 1 --format json | $PY -c \
	'import json,sys; r = json.load(sys.stdin)[0]; assert r[\"template\"] == \"account.activation\" and r[\"state\"] == \"queued\"'"
ok "outbox show of a missing id fails" sh -c "! \"$ALTC_BIN\" outbox show 999 >/dev/null 2>&1"

ok "outbox flush" sh -c "\"$ALTC_BIN\" outbox flush >flush.out 2>&1"
ok "flush reports what it did" grep -q '^outbox: 2 sent, 0 queued, 0 failed' flush.out
ok "two files in spool/outbox/new" test "$(ls spool/outbox/new | wc -l)" -eq 2
ok "nothing left in spool/outbox/tmp" test "$(ls spool/outbox/tmp | wc -l)" -eq 0
ok "rows marked sent" test "$(altc outbox list --state sent --format csv | grep -c account.activation)" -eq 2
ok "the Maildir copy starts with the VERP Return-Path" sh -c \
	"head -1 spool/outbox/new/altc-1.univ.example | grep -q '^Return-Path: <bounces+1@univ.example>'"
ok "the activation link is in the mail" "$PY" - spool/outbox/new/altc-1.univ.example <<'PYEOF'
import email, email.policy, re, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
assert msg["To"].addresses[0].display_name == "Hélène Durand"
text = msg.get_body(("plain",)).get_content()
assert "responsable pédagogique" in text, text
assert re.search(r"http://127\.0\.0\.1:8080/s/[a-z2-7]{32}", text), text
PYEOF
ok "a second flush sends nothing" sh -c "\"$ALTC_BIN\" outbox flush | grep -q '^outbox: 0 sent'"

ok "notification list shows the center" sh -c "\"$ALTC_BIN\" notification list --user new.ga@univ.example \
	--format csv | grep -q account.activation"
ok "notification list of an unknown user fails" sh -c "! \"$ALTC_BIN\" notification list --user nobody@x.example >/dev/null 2>&1"
"$ALTC_BIN" user add --role admin --email admin2@univ.example --name "Second Admin" >/dev/null
ok "the daemon delivers the outbox too (serve --once)" sh -c "\"$ALTC_BIN\" serve --once >serve.out 2>&1"
ok "its mail is in spool/outbox/new" test "$(ls spool/outbox/new | wc -l)" -eq 3
ok "digest with nothing pending queues nothing" sh -c "\"$ALTC_BIN\" digest | grep -q '^digest: 0 queued'"
e2e_done
