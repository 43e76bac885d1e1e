#!/usr/bin/env python3
"""gen.py DB MAILDIR N - N students with a reply token each in the instance
database, and N tokenised STOP replies (Outlook, Gmail, Thunderbird and
iPhone shapes, French and English) in MAILDIR/new (Maildir protocol)."""
import hashlib, os, random, sqlite3, sys

db, maildir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(42)
alphabet = "abcdefghijklmnopqrstuvwxyz234567"
c = sqlite3.connect(db)
shapes = [
    "STOP\n\nLe lun. 17 mars 2025 à 07:00, altconnect <reply+{t}@univ.example> a écrit :\n> Votre résumé du jour\n> {t}\n",
    "stop\n\nEnvoyé de mon iPhone\n\n> Le 17 mars 2025 à 07:00, altconnect <reply+{t}@univ.example> a écrit :\n>\n> Résumé\n",
    "Unsubscribe\n\n________________________________\nFrom: altconnect <reply+{t}@univ.example>\nSent: Monday, March 17, 2025 7:00 AM\nTo: student\nSubject: Digest\n\nYour digest.\n",
    "Stop\n\nCordialement,\nUn étudiant\n\nLe 17/03/2025 à 07:00, altconnect a écrit :\n> Résumé du jour\n",
]
os.makedirs(os.path.join(maildir, "new"), exist_ok=True)
os.makedirs(os.path.join(maildir, "tmp"), exist_ok=True)
now = 1742194800
users, tokens = [], []
for i in range(n):
    email = "etudiant%05d@etu.example" % i
    users.append((email, "student", "registered", "Etudiant", "N%05d" % i, now, now))
c.executemany("INSERT INTO users (email, role, state, first_name, last_name, created_at, updated_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)", users)
ids = dict(c.execute("SELECT email, id FROM users WHERE role = 'student'"))
for i in range(n):
    email = "etudiant%05d@etu.example" % i
    tok = "".join(rng.choice(alphabet) for _ in range(32))
    tokens.append((hashlib.sha256(tok.encode()).hexdigest(), "digest", "user", ids[email], ids[email],
                   "", 4000000000, 0, now))
    body = shapes[i % len(shapes)].format(t=tok)
    mail = ("Return-Path: <{e}>\nFrom: Etudiant {i} <{e}>\nTo: altconnect <reply+{t}@univ.example>\n"
            "Subject: Re: [AC-{t}] Votre résumé du jour\nDate: Mon, 17 Mar 2025 08:00:00 +0100\n"
            "Message-ID: <bench-{i}@etu.example>\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n{b}").format(
                e=email, i=i, t=tok, b=body)
    name = "%d.M%dP1Q%d.bench" % (now, i, i)
    with open(os.path.join(maildir, "tmp", name), "w") as f:
        f.write(mail)
    os.rename(os.path.join(maildir, "tmp", name), os.path.join(maildir, "new", name))
c.executemany("INSERT INTO tokens (hash, purpose, object_type, object_id, user_id, commands,"
              " expires_at, max_uses, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tokens)
c.commit()
