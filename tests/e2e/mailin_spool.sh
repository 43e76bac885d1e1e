#!/bin/sh
# mailin_spool.sh - mail in through the real spool: `altc deliver` then
# `altc serve --once`; STOP and AIDE by reply, automatic mail ignored,
# bounces scored, refusals in failed/ with their reason and an error reply.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"
. "$ALTC_SRCDIR/tests/e2e/mailin_lib.sh"

e2e_instance --demo
outbox0=$(sql "SELECT count(*) FROM outbox")

# STOP by reply from an iPhone (lowercase, wrapped quote header, signature)
tok=$(issue_token help.test rp.tc@univ.example)
printf 'From: rp.tc@univ.example\nTo: reply+%s@univ.example\nSubject: Re: [AC-%s] digest\nMessage-ID: <stop-1@univ.example>\nContent-Type: text/plain; charset=utf-8\n\nstop\n\nEnvoy\303\251 de mon iPhone\n\n> Le 17 mars 2025 \303\240 07:00, altconnect <reply+%s@univ.example>\n> a \303\251crit :\n> digest\n' "$tok" "$tok" "$tok" > stop.eml
ok "deliver STOP" deliver stop.eml
ok "serve --once" altc serve --once
ok "STOP turned optional notifications off" test "$(sql "SELECT notify_optional FROM users WHERE email='rp.tc@univ.example'")" = 0
ok "STOP confirmed with reply.help" test "$(sql "SELECT count(*) FROM outbox WHERE template='reply.help' AND vars LIKE '%\"stopped\":true%'")" = 1
ok "STOP mail moved to done/" test "$(count_files spool/done)" -ge 1
ok "audit row records the verb" test "$(sql "SELECT count(*) FROM audit WHERE detail LIKE 'verb=STOP;%'")" -ge 1

# AIDE at a fixed address from a known user
printf 'From: rh@benotti.example\nTo: offres@univ.example\nSubject: aide\nMessage-ID: <help-1@benotti.example>\n\nAIDE\n' > help.eml
deliver help.eml && altc serve --once
ok "AIDE answered with reply.help" test "$(sql "SELECT count(*) FROM outbox WHERE template='reply.help' AND rcpt='rh@benotti.example'")" = 1

# routed by the envelope recipient alone (deliver -r), the token in it
tok3=$(issue_token help.test ga@univ.example)
printf 'From: GA <ga@univ.example>\nTo: undisclosed-recipients:;\nSubject: question\nMessage-ID: <env-1@univ.example>\n\nHelp\n' > env.eml
ok "deliver -r" deliver env.eml "reply+$tok3@univ.example"
altc serve --once
ok "envelope route and token used" test "$(sql "SELECT count(*) FROM outbox WHERE template='reply.help' AND rcpt='ga@univ.example'")" = 1

# vacation auto-reply on a reply address: ignored, not answered
tok2=$(issue_token offer.validate rp.gea@univ.example)
before=$(sql "SELECT count(*) FROM outbox")
fixture 05_out_of_office.eml "$tok2" > ooo.eml
deliver ooo.eml && altc serve --once
ok "auto-reply not answered" test "$(sql "SELECT count(*) FROM outbox")" = "$before"
ok "auto-reply done, not failed" test "$(count_files spool/failed)" = 0

# a reply from someone else than the token owner: refused, the owner is told
sed -e 's/^From: .*/From: someone@else.example/' -e 's/^Message-ID: .*/Message-ID: <wrong-1@else.example>/' ooo.eml |
    grep -v -e '^Auto-Submitted' -e '^Subject' > wrong.eml
deliver wrong.eml && altc serve --once
owner=$(sql "SELECT id FROM users WHERE email='rp.gea@univ.example'")
ok "wrong sender refused into failed/" test "$(count_files spool/failed)" = 1
ok "reason file names the sender" grep -q "someone@else.example" spool/failed/*.reason
ok "owner told who answered (foreign_reply)" test "$(sql "SELECT count(*) FROM outbox WHERE user_id=$owner AND vars LIKE '%foreign_reply%someone@else.example%'")" = 1
ok "sender told to answer from the right address" test "$(sql "SELECT count(*) FROM outbox WHERE rcpt='someone@else.example' AND vars LIKE '%wrong_sender%'")" = 1

# unknown platform address: failed/ with a reason, no answer
before=$(sql "SELECT count(*) FROM outbox")
printf 'From: a@b.example\nTo: personne@univ.example\nSubject: x\nMessage-ID: <u-1@b.example>\n\nbonjour\n' > unknown.eml
deliver unknown.eml && altc serve --once
ok "unknown address refused" grep -q "unknown address personne@univ.example" spool/failed/*.reason
ok "unknown address not answered" test "$(sql "SELECT count(*) FROM outbox")" = "$before"

# fake PDF with a path-traversal name: refused with a clear answer
sql "INSERT INTO users (email, role, state, created_at, updated_at) VALUES ('lucas.bernard@etu.example', 'student', 'registered', 0, 0)" >/dev/null
fixture 08_fake_pdf_traversal.eml x > fake.eml
deliver fake.eml && altc serve --once
ok "fake PDF refused" grep -q "attachment refused: cv.pdf" spool/failed/*.reason
ok "fake PDF answered attachment_refused" test "$(sql "SELECT count(*) FROM outbox WHERE vars LIKE '%attachment_refused%'")" = 1
ok "nothing written outside the spool" test ! -e /tmp/cv.pdf -a ! -e "$E2E_DIR/cv.pdf"

# malformed mail: handled, no crash
fixture 09_malformed.eml x > bad.eml
deliver bad.eml
ok "malformed mail processed" altc serve --once
ok "spool/mail/new drained" test "$(count_files spool/mail/new)" = 0

# DSN to the VERP address of an outbox row: the address becomes unreachable
uid=$(sql "SELECT id FROM users WHERE email='lucas.bernard@etu.example'")
sql "INSERT INTO outbox (user_id, rcpt, template, next_attempt_at, created_at, message_id) VALUES ($uid, 'lucas.bernard@etu.example', 'x', 0, 0, '<outbox-77@univ.example>')" >/dev/null
ob=$(sql "SELECT max(id) FROM outbox")
before=$(sql "SELECT count(*) FROM outbox")
fixture 06_dsn_verp.eml x | sed "s/BOUNCEID/$ob/g" > dsn.eml
deliver dsn.eml && altc serve --once
ok "hard bounce marks the address unreachable" test "$(sql "SELECT unreachable FROM users WHERE id=$uid")" = 1
ok "bounce not answered" test "$(sql "SELECT count(*) FROM outbox")" = "$before"

# inspect: read-only, with and without a database
ok "inspect json" sh -c "'$ALTC_BIN' inspect ooo.eml --format json > insp.json"
ok "inspect sees the auto-reply" grep -q '"automatic": true' insp.json
ok "inspect checks the token" grep -q '"status": "ok"' insp.json
printf '[paths]\ndb = /nonexistent/none.db\n' > nodb.conf
ok "inspect without a database" sh -c "ALTC_CONFIG=$E2E_DIR/nodb.conf '$ALTC_BIN' inspect fake.eml --format json > nodb.json"
ok "inspect lists the refused PDF" grep -q '"is_pdf": false' nodb.json

e2e_done
