#!/usr/bin/python3
"""smtp_faults.py - an SMTP peer on loopback that misbehaves on purpose.

    smtp_faults.py PORT DIR

Written by hand on sockets (aiosmtpd cannot refuse at the greeting or stay
silent), one thread per connection.  Each connection reads its behaviour
from DIR/mode when it opens, so a test changes it between two runs:
    ok          accept everything
    greet421    "421" at the greeting, then close
    silent      accept the connection and never say a word
    rcpt452     "452" to every RCPT TO
    data554     read the whole message, then "554" with a text of its own
    dropdata    read part of the message after "354", then close (no reply)
    tlsfail     offer STARTTLS, say "220" to it, then answer the handshake
                with bytes that are not TLS and close
Every accepted message is written to DIR/NNNN.eml; DIR/ready appears once
the server listens; DIR/connections counts the connections.
"""
import os
import socket
import socketserver
import sys
import threading

LOCK = threading.Lock()
COUNT = [0, 0]  # messages, connections


class Peer(socketserver.StreamRequestHandler):
    timeout = 30

    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        outdir = self.server.outdir
        with open(os.path.join(outdir, "mode")) as f:
            mode = f.read().strip()
        with LOCK:
            COUNT[1] += 1
            with open(os.path.join(outdir, "connections"), "w") as f:
                f.write("%d\n" % COUNT[1])
        if mode == "silent":
            try:
                while self.rfile.read(1):
                    pass
            except OSError:
                pass
            return
        if mode == "greet421":
            self.say("421 4.3.2 faults.example busy, come back later")
            return
        self.say("220 faults.example ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.strip().split(b" ")[0].upper()
            if verb == b"EHLO":
                self.say("250-faults.example")
                if mode == "tlsfail":
                    self.say("250-STARTTLS")
                self.say("250 8BITMIME")
            elif verb == b"HELO":
                self.say("250 faults.example")
            elif verb == b"STARTTLS" and mode == "tlsfail":
                self.say("220 2.0.0 go ahead")
                self.request.recv(4096)		# the ClientHello
                self.wfile.write(b"this is not a TLS record\r\n")
                self.wfile.flush()
                return
            elif verb == b"RCPT" and mode == "rcpt452":
                self.say("452 4.5.3 faults.example: too many recipients this hour")
            elif verb == b"DATA":
                self.say("354 end with <CRLF>.<CRLF>")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    data += chunk
                    if mode == "dropdata" and len(data) > 200:
                        self.request.shutdown(socket.SHUT_RDWR)
                        return
                if mode == "data554":
                    self.say("554 5.7.1 faults.example: message refused by local policy")
                    continue
                with LOCK:
                    COUNT[0] += 1
                    n = COUNT[0]
                with open(os.path.join(outdir, "%04d.eml" % n), "wb") as f:
                    f.write(data[:-5].replace(b"\r\n..", b"\r\n.") + b"\r\n")
                self.say("250 2.0.0 queued as %04d" % n)
            elif verb == b"QUIT":
                self.say("221 2.0.0 bye")
                return
            else:
                self.say("250 2.0.0 ok")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    port, outdir = int(sys.argv[1]), sys.argv[2]
    if not os.path.exists(os.path.join(outdir, "mode")):
        with open(os.path.join(outdir, "mode"), "w") as f:
            f.write("ok\n")
    server = Server(("127.0.0.1", port), Peer)
    server.outdir = outdir
    with open(os.path.join(outdir, "ready"), "w") as f:
        f.write("%d\n" % os.getpid())
    server.serve_forever()


if __name__ == "__main__":
    main()
