#!/bin/sh
# imap_poll.sh - the IMAP source against a real Dovecot on loopback: mail
# written into the server's Maildir is fetched into spool/mail, flagged
# \Seen (or deleted with imap.expunge) only after the local write, fetched
# once, and processed by `altc serve --once` when imap.url is set.  The
# server has a certificate from a test authority: imap:// goes through
# STARTTLS, imaps:// is TLS from the start, and a certificate from another
# authority or for another host is refused before the password is sent.
. "$ALTC_SRCDIR/tests/e2e/lib.sh"

command -v dovecot >/dev/null 2>&1 || skip_all "dovecot not installed (apt-get install dovecot-imapd)"
e2e_instance

port=$(free_port)
sport=$(free_port)
D="$E2E_DIR/dovecot"
mkdir -p "$D"
# a test authority, the server's certificate (127.0.0.1 and localhost), another authority
(
	cd "$D"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=altc test CA"
	openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=127.0.0.1"
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > srv.ext
	openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 -extfile srv.ext
	openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 -subj "/CN=other CA"
) > "$E2E_DIR/openssl.log" 2>&1 || { echo "Bail out! openssl"; cat "$E2E_DIR/openssl.log"; exit 99; }
mkdir -p "$D/run" "$D/state" "$D/home/altc/Maildir/new" "$D/home/altc/Maildir/cur" "$D/home/altc/Maildir/tmp"
echo "altc:{PLAIN}s3cret" > "$D/passwd"
if [ "$(id -u)" = 0 ]; then
	# Dovecot refuses root for its login and mail processes
	login_user=dovenull internal_user=dovecot
	mail_uid=$(id -u dovecot) mail_gid=$(id -g dovecot)
	chmod 755 "$E2E_DIR"
else
	login_user=$(id -un) internal_user=$(id -un)
	mail_uid=$(id -u) mail_gid=$(id -g)
fi
cat > "$D/dovecot.conf" <<CONF
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <$D/srv.pem
ssl_key = <$D/srv.key
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $internal_user
default_login_user = $login_user
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/passwd
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$D/home/%u
}
mail_location = maildir:$D/home/%u/Maildir
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1, 127.0.0.2
    port = $sport
    ssl = yes
  }
}
CONF

# drop MAIL NAME: a message into the server's Maildir
drop() {
	printf 'From: rh@benotti.example\nTo: offres@univ.example\nSubject: %s\nMessage-ID: <%s@benotti.example>\n\nAIDE\n' "$1" "$1" \
	    > "$D/home/altc/Maildir/new/$1.host"
	[ "$(id -u)" = 0 ] && chown -R "$mail_uid:$mail_gid" "$D/home"
	return 0
}

# flags UID: the server's flags of a message, by sequence number
flags() {
	python3 - "$port" "$1" <<'PY'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("altc", "s3cret")
m.select("INBOX")
typ, data = m.fetch(sys.argv[2], "(FLAGS)")
print(data[0].decode() if data and data[0] else "none")
PY
}

drop first
dovecot -F -c "$D/dovecot.conf" >"$D/out" 2>&1 &
E2E_PIDS="$E2E_PIDS $!"
i=0
while ! python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 50 ] && { echo "Bail out! dovecot did not start"; cat "$D/out" "$D/dovecot.log"; exit 99; }
	sleep 0.1
done

echo s3cret > pw && chmod 600 pw
conf imap url "imap://127.0.0.1:$port/INBOX"
conf imap user altc
conf imap password_file "$E2E_DIR/pw"
conf imap ca_file "$D/ca.pem"

ok "imap poll fetches one" test "$(altc imap poll 2>/dev/null)" = 1
ok "the mail is in spool/mail/new" test "$(ls spool/mail/new | wc -l)" = 1
ok "the mail is the one dropped" grep -q "first@benotti.example" spool/mail/new/*
flags 1 > flags.out
ok "flagged \\Seen on the server" grep -q Seen flags.out
ok "a second poll fetches nothing" test "$(altc imap poll 2>/dev/null)" = 0
drop checked
altc check > check.out 2>&1
ok "altc check reports the mailbox" grep -q "^mailbox: imap://127.0.0.1:$port/INBOX: ok (1 unseen)" check.out
ok "and fetches nothing" test "$(ls spool/mail/new | wc -l)" = 1
ok "the next poll fetches it" test "$(altc imap poll 2>/dev/null)" = 1
ok "the session was upgraded with STARTTLS" grep -q "Login: user=<altc>.*TLS" "$D/dovecot.log"

# imaps://: TLS from the first byte
drop tls
conf imap url "imaps://127.0.0.1:$sport/INBOX"
ok "imaps:// fetches one" test "$(altc imap poll 2>/dev/null)" = 1
ok "the mail came over imaps" grep -q "tls@benotti.example" spool/mail/new/*
# a certificate from an authority we do not trust, or for another host
drop untrusted
logins=$(grep -c "Login: user=<altc>" "$D/dovecot.log")
conf imap ca_file "$D/other.pem"
altc imap poll > poll.out 2> poll.err
ok "another authority: the poll fails" test $? -ne 0
ok "saying the certificate is refused" grep -q "certificate of 127.0.0.1 refused" poll.err
ok "and nothing is fetched" test "$(grep -l untrusted@ spool/mail/new/* | wc -l)" = 0
conf imap ca_file "$D/ca.pem"
conf imap url "imaps://127.0.0.2:$sport/INBOX"
altc imap poll > poll.out 2> poll.err
ok "another host name: the poll fails" test $? -ne 0
ok "saying the certificate is refused for that host" grep -q "certificate of 127.0.0.2 refused" poll.err
ok "and the password was sent in neither case" test "$(grep -c "Login: user=<altc>" "$D/dovecot.log")" = "$logins"
conf imap url "imaps://127.0.0.1:$sport/INBOX"
ok "with the right authority again it is fetched" test "$(altc imap poll 2>/dev/null)" = 1
ok "the refused one, still unseen on the server" grep -q "untrusted@benotti.example" spool/mail/new/*
conf imap url "imap://127.0.0.1:$port/INBOX"

chmod 644 pw
ok "a password file readable by others is refused" sh -c "! '$ALTC_BIN' imap poll 2>/dev/null"
chmod 600 pw
# a refused login is reported with the server's own words
echo wrong > pw
altc imap poll > poll.out 2> poll.err
ok "a wrong password: the login is refused with the server's text" \
    grep -q "login as 'altc' refused: the server said \".*[Aa]uthentication failed" poll.err
echo s3cret > pw

# the daemon polls when imap.url is set, then applies what it fetched
drop second
ok "serve --once polls" altc serve --once
ok "the polled mail is in spool/mail/new" grep -q "second@benotti.example" spool/mail/new/*
flags 2 > flags.out
ok "and flagged \\Seen on the server" grep -q Seen flags.out
ok "the next pass applies it" altc serve --once
ok "the five fetched mails applied (AIDE answered five times)" test "$(python3 -c "
import sqlite3; print(sqlite3.connect('var/altconnect.db').execute(\"SELECT count(*) FROM outbox WHERE template='reply.help'\").fetchone()[0])")" = 5

# expunge mode: the message is deleted from the server
conf imap expunge yes
drop third
ok "poll with expunge" test "$(altc imap poll 2>/dev/null)" = 1
ok "expunged from the server" test "$(ls "$D/home/altc/Maildir/cur" "$D/home/altc/Maildir/new" | grep -c third)" = 0

e2e_done
