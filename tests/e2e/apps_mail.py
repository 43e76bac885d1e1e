#!/usr/bin/env python3
"""apps_mail.py - PDFs and mails for the applications_*.sh scenarios.

  apps_mail.py pdf OUT [SIZE] [SEED]     a valid one-page PDF of about SIZE bytes
  apps_mail.py encrypted OUT             a PDF with an encryption dictionary
  apps_mail.py truncated OUT             a valid PDF cut in the middle
  apps_mail.py damaged OUT               a PDF missing its middle (header and trailer kept)
  apps_mail.py jpeg OUT                  JPEG bytes (to be sent as cv.pdf)
  apps_mail.py mail FROM TO SUBJECT STYLE BODY [FILE[:TYPE]]...   a message on stdout
STYLE: plain, outlook (top-posted over a quoted original), thunderbird
(bottom-posted under "> " quotes), iphone (top-posted, device line) or
gmail-html (HTML only, the quote in a gmail_quote block).  The reply key in TO is echoed in the
subject tag as mail clients keep it.
"""
import sys, os
from email.message import EmailMessage
from email.utils import make_msgid, format_datetime
from datetime import datetime, timezone


def pdf_bytes(size=0, seed="x", encrypt=False):
    content = ("BT /F1 12 Tf 72 720 Td (CV %s) Tj ET" % seed).encode()
    pad = max(0, size - 700)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % pad + (seed.encode() * (pad // max(1, len(seed)) + 1))[:pad]
        + b"\nendstream",
    ]
    if encrypt:
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
                    + b"> /P -4 >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objs) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objs), b"ab" * 16, b"ab" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def mail(frm, to, subject, style, body, files):
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = format_datetime(datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc))
    m["Message-ID"] = make_msgid(domain="example.org")
    body = body.replace("\\n", "\n")
    if style == "outlook":
        m["Content-Language"] = "fr-FR"
        text = (body + "\n\nCordialement,\nL. Martin\n\n________________________________\n"
                "De : altconnect <%s>\nEnvoyé : lundi 2 mars 2026 08:00\nObjet : %s\n\n"
                "Répondez à ce message par POSTULER.\n" % (to, subject))
    elif style == "thunderbird":
        m["User-Agent"] = "Mozilla Thunderbird"
        text = ("Le 02/03/2026 à 08:00, altconnect a écrit :\n> Répondez à ce message.\n>\n"
                "> Pour retirer votre candidature, répondez ABANDONNER.\n\n" + body + "\n")
    elif style == "iphone":
        text = (body + "\n\nEnvoyé de mon iPhone\n\n> Le 2 mars 2026 à 08:00, altconnect <%s> a écrit :\n"
                ">\n> Répondez à ce message.\n" % to)
    else:
        text = body + "\n"
    if style == "gmail-html":
        # HTML only, as the Gmail web client sends it: the answer, then the quote
        html = ("<div dir=\"ltr\">%s</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" "
                "class=\"gmail_attr\">Le lun. 2 mars 2026 à 08:00, altconnect &lt;%s&gt; a écrit&nbsp;:<br>"
                "</div><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex\">"
                "Répondez à ce message par POSTULER.</blockquote></div>"
                % ("<br>".join(body.split("\n")), to))
        m.set_content(html, subtype="html")
    else:
        m.set_content(text)
    for f in files:
        path, _, ctype = f.partition(":")
        ctype = ctype or "application/pdf"
        with open(path, "rb") as fh:
            data = fh.read()
        main, sub = ctype.split("/")
        m.add_attachment(data, maintype=main, subtype=sub, filename=os.path.basename(path))
    sys.stdout.buffer.write(bytes(m))


def main():
    a = sys.argv[1:]
    if a[0] == "pdf":
        data = pdf_bytes(int(a[2]) if len(a) > 2 else 0, a[3] if len(a) > 3 else "x")
    elif a[0] == "encrypted":
        data = pdf_bytes(0, "enc", encrypt=True)
    elif a[0] == "truncated":
        full = pdf_bytes(4000, "cut")
        data = full[: len(full) // 2]
    elif a[0] == "damaged":
        full = pdf_bytes(4000, "dmg")
        data = full[: len(full) // 3] + full[-120:]
    elif a[0] == "jpeg":
        data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 500 + b"\xff\xd9"
    elif a[0] == "mail":
        return mail(a[1], a[2], a[3], a[4], a[5], a[6:])
    else:
        sys.exit("unknown command " + a[0])
    with open(a[1], "wb") as fh:
        fh.write(data)


if __name__ == "__main__":
    main()
