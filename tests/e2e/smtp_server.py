#!/usr/bin/python3
"""smtp_server.py - a scripted SMTP peer on loopback for the delivery tests.

    smtp_server.py PORT DIR MODE

Every accepted message is written to DIR/NNNN.eml (envelope sender and
recipients in DIR/NNNN.env, the number of the connection that brought it
in DIR/NNNN.conn); DIR/ready appears once the server listens.
MODE scripts the answers:
    ok          accept everything
    tempfail    answer 451 to the first RCPT of each recipient, then accept
    reject      answer 550 to recipients whose local part starts with "bad",
                and 554 at DATA to recipients starting with "big"
    drop        drop the connection at the first DATA (no reply), then accept
    datafail    answer 451 at the end of the first DATA, then accept
    auth        require AUTH (PLAIN or LOGIN) as altc / s3cret, then accept
    tls         require STARTTLS (certificate DIR/../cert.pem, key DIR/../key.pem)
"""
import os
import signal
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == b"altc"
          and auth_data.password == b"s3cret")
    return AuthResult(success=ok)


class Handler:
    def __init__(self, outdir, mode):
        self.outdir = outdir
        self.mode = mode
        self.seen = set()
        self.dropped = False
        self.count = 0
        self.connections = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "tempfail" and address not in self.seen:
            self.seen.add(address)
            return "451 4.7.1 greylisted, try again later"
        if self.mode == "reject" and address.startswith("bad"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "reject" and any(r.startswith("big") for r in envelope.rcpt_tos):
            return "554 5.3.4 message refused"
        if self.mode == "datafail" and not self.dropped:
            self.dropped = True
            return "451 4.3.0 queue file write error, try again"
        if self.mode == "drop" and not self.dropped:
            self.dropped = True
            server.transport.abort()
            return "421 closing"
        self.count += 1
        base = os.path.join(self.outdir, "%04d" % self.count)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".env", "w") as f:
            f.write("%s\n%s\n" % (envelope.mail_from, " ".join(envelope.rcpt_tos)))
        if not hasattr(session, "altc_conn"):
            self.connections += 1
            session.altc_conn = self.connections
        with open(base + ".conn", "w") as f:
            f.write("%d\n" % session.altc_conn)
        return "250 2.0.0 queued as %04d" % self.count


def main():
    port, outdir, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    extra = {}
    if mode == "tls":
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        base = os.path.dirname(os.path.abspath(outdir))
        ctx.load_cert_chain(os.path.join(base, "cert.pem"), os.path.join(base, "key.pem"))
        extra = dict(tls_context=ctx, require_starttls=True)
    if mode == "auth":
        extra = dict(authenticator=authenticator, auth_required=True,
                     auth_require_tls=False)
    controller = Controller(Handler(outdir, mode), hostname="127.0.0.1", port=port,
                            decode_data=False, **extra)
    controller.start()
    with open(os.path.join(outdir, "ready"), "w") as f:
        f.write("%d\n" % os.getpid())
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    try:
        signal.pause()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
