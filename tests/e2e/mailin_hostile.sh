#!/bin/sh
# mailin_hostile.sh - mail an attacker would send, through the real spool:
# a 5 MB single line is not copied whole anywhere and its sender still gets
# the error reply; error replies echo a short excerpt of the subject only,
# never go to a sender the trusted MTA found forged, and keep a global
# budget; mail from the platform's own address is not answered; CR-only
# line ends are read; a NUL in a header shows; an absurd envelope recipient
# is refused cleanly by deliver; a nested-multipart bomb is refused at once.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/mailin_lib.sh"

e2e_instance --demo
conf security trusted_authserv_id mx.univ.example
n=0
# mk FILE FROM TO SUBJECT [HEADER]: a small mail whose body is AIDE... (set BODY to change)
mk() {
	n=$((n + 1))
	{
		[ -n "${5:-}" ] && printf '%s\n' "$5"
		printf 'From: %s\nTo: %s\nSubject: %s\nMessage-ID: <h-%s@x.example>\n\n%s\n' \
		    "$2" "$3" "$4" "$n" "${BODY:-bonjour}"
	} > "$1"
}
replies() { sql "SELECT count(*) FROM outbox WHERE template = 'reply.error' AND rcpt = '$1'"; }

# a 5 MB single-line "command" on a reply key
tok=$(issue_token offer.validate rp.tc@univ.example)
python3 -c 'import sys; sys.stdout.write("From: rp.tc@univ.example\nTo: reply+%s@univ.example\nSubject: x\nMessage-ID: <big-1@univ.example>\n\n%s\n" % (sys.argv[1], "x" * 5000000))' "$tok" > big.eml
ok "deliver the 5 MB line" deliver big.eml
ok "serve --once" altc -q serve --once
ok "refused into failed/" test "$(count_files spool/failed)" -eq 1
ok "the reason file is short" test "$(cat spool/failed/*.reason | wc -c)" -lt 4096
ok "outbox vars are short" test "$(sql "SELECT max(length(vars)) FROM outbox")" -lt 4000
ok "notification vars are short" test "$(sql "SELECT coalesce(max(length(vars)), 0) FROM notifications")" -lt 4000
ok "audit details are short" test "$(sql "SELECT max(length(detail)) FROM audit")" -le 2000
ok "the ledger reason is short" test "$(sql "SELECT max(length(reason)) FROM inbound")" -le 2000
ok "it echoes at most 61 characters of the line" sh -c 'test "$(python3 -c "import json,sys; print(len(json.loads(sys.argv[1])[\"detail\"]))" "$1")" -le 61' _ \
    "$(sql "SELECT vars FROM outbox WHERE template = 'reply.error' AND user_id = (SELECT id FROM users WHERE email = 'rp.tc@univ.example')")"
ok "the sender got the error reply" test "$(sql "SELECT state FROM outbox WHERE template = 'reply.error' AND user_id = (SELECT id FROM users WHERE email = 'rp.tc@univ.example')")" = sent
ok "the database stayed small" test "$(cat var/altconnect.db var/altconnect.db-wal 2>/dev/null | wc -c)" -lt 3000000

# 20,000 nested multiparts: refused at once, with the reason
python3 -c '
import sys
out = ["From: a@else.example\nTo: offres@univ.example\nSubject: bomb\nMessage-ID: <bomb-1@else.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"]
for i in range(20000):
    out.append("--b%d\nContent-Type: multipart/mixed; boundary=\"b%d\"\n\n" % (i, i + 1))
sys.stdout.write("".join(out))' > bomb.eml
deliver bomb.eml
start=$(date +%s)
ok "serve --once with the bomb" altc -q serve --once
ok "within seconds" test $(( $(date +%s) - start )) -lt 5
ok "the bomb is refused with its reason" grep -q "more than 100 nested multiparts" spool/failed/*.reason

# a 2,000-character spam subject comes back as a short excerpt
subj=$(python3 -c 'print("BUY CHEAP " * 200)')
mk spam.eml spammer@else.example offres@univ.example "$subj"
deliver spam.eml && altc -q serve --once
ok "the spammer is answered once" test "$(replies spammer@else.example)" -eq 1
ok "with at most 61 characters of the subject" sh -c 'test "$(python3 -c "import json,sys; print(len(json.loads(sys.argv[1])[\"original_subject\"]))" "$1")" -le 61' _ \
    "$(sql "SELECT vars FROM outbox WHERE rcpt = 'spammer@else.example'")"

# a forged sender (the trusted MTA says SPF and DMARC fail) is not answered
mk forged.eml victim@else.example offres@univ.example "hello" \
    "Authentication-Results: mx.univ.example; spf=fail smtp.mailfrom=else.example; dmarc=fail header.from=else.example"
deliver forged.eml && altc -q serve --once
ok "a forged sender gets no backscatter" test "$(replies victim@else.example)" -eq 0
mk genuine.eml real@else2.example offres@univ.example "hello" \
    "Authentication-Results: mx.univ.example; spf=pass smtp.mailfrom=else2.example; dmarc=pass header.from=else2.example"
deliver genuine.eml && altc -q serve --once
ok "a verified sender is answered" test "$(replies real@else2.example)" -eq 1
mk forged2.eml victim2@else.example offres@univ.example "hello" \
    "Authentication-Results: mx.univ.example; dmarc=pass header.from=else.example
Authentication-Results: mx.univ.example; spf=fail smtp.mailfrom=else.example; dmarc=fail header.from=else.example"
deliver forged2.eml && altc -q serve --once
ok "a fail from the trusted MTA wins over a pass" test "$(replies victim2@else.example)" -eq 0

# mail from the platform's own addresses, without our loop marker: never answered
for from in offres@univ.example altconnect@univ.example reply+abc@univ.example; do
	mk own.eml "$from" offres@univ.example "hello"
	deliver own.eml && altc -q serve --once
done
ok "own addresses are not answered" test "$(sql "SELECT count(*) FROM outbox WHERE rcpt IN ('offres@univ.example', 'altconnect@univ.example', 'reply+abc@univ.example')")" -eq 0
ok "and are recorded as automatic" test "$(sql "SELECT count(*) FROM audit WHERE event = 'mail.automatic' AND detail LIKE '%platform''s own address%'")" -eq 3

# old Mac mail: CR-only line ends
printf 'From: rh@benotti.example\rTo: offres@univ.example\rSubject: aide\rMessage-ID: <cr-1@benotti.example>\r\rAIDE\r' > cr.eml
deliver cr.eml && altc -q serve --once
ok "a CR-only mail is read and answered" test "$(sql "SELECT count(*) FROM outbox WHERE template = 'reply.help' AND rcpt = 'rh@benotti.example'")" -eq 1
ok "it is not refused as not a mail" sh -c '! grep -q "not a mail" spool/failed/*.reason'

# a NUL in a header is shown, not a cut
printf 'From: rh@benotti.example\nTo: offres@univ.example\nSubject: avant\000apres\nMessage-ID: <nul-1@benotti.example>\n\nAIDE\n' > nul.eml
ok "inspect a mail with a NUL in the subject" sh -c "'$ALTC_BIN' inspect nul.eml --format json > nul.json"
ok "the subject shows U+FFFD" grep -q '"subject": "avant\\\\ufffdapres"\|"subject": "avant�apres"' nul.json

# a global budget of error replies
used=$(sql "SELECT coalesce(max(count), 0) FROM error_budget WHERE sender = '*'")
conf limits error_replies_global_per_day $((used + 2))
for who in a b c d; do
	mk flood.eml "flood-$who@else3.example" offres@univ.example "hello"
	deliver flood.eml && altc -q serve --once
done
ok "the global budget holds" test "$(sql "SELECT count(*) FROM outbox WHERE rcpt LIKE 'flood-%'")" -eq 2

# an envelope recipient that cannot be a spool file name: a clean refusal, never 73
long=$(python3 -c 'print("reply+" + "a" * 300 + "@univ.example")')
before=$(count_files spool/mail)
"$ALTC_BIN" deliver -r "$long" < cr.eml 2>long.err; rc=$?
ok "deliver refuses it with 67 (unknown user), not 73" test "$rc" -eq 67
ok "it says why" grep -q "too long" long.err
ok "nothing written" test "$(count_files spool/mail)" -eq "$before"
e2e_done
