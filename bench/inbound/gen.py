#!/usr/bin/env python3
"""gen.py DB MAILDIR N [KIND] - N students with a reply token each in the
instance database, and N tokenised replies (Outlook, Gmail, Thunderbird and
iPhone shapes, French and English) in MAILDIR/new (Maildir protocol).

KIND signup (the default): imported students answer their invitation with
the form lines (Portable, Parcours) and become registered.  KIND stop:
registered students answer a digest with STOP."""
import hashlib, os, random, sqlite3, sys

db, maildir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
kind = sys.argv[4] if len(sys.argv) > 4 else "signup"
rng = random.Random(42)
alphabet = "abcdefghijklmnopqrstuvwxyz234567"
c = sqlite3.connect(db)
signup_shapes = [
    "INSCRIPTION\nPortable : 06 12 34 {a:02d} {b:02d}\nParcours : GEMA\n\nLe lun. 23 nov. 2026 à 10:00, altconnect <reply+{t}@univ.example> a écrit :\n> Bonjour,\n> votre inscription\n",
    "Portable: 07 11 22 {a:02d} {b:02d}\nFixe: 01 44 55 66 77\nParcours: Contrôle de gestion\n\nEnvoyé de mon iPhone\n\n> Le 23 nov. 2026 à 10:00, altconnect <reply+{t}@univ.example> a écrit :\n>\n> Bonjour\n",
    "Register\n\nMobile: +33 6 98 76 {a:02d} {b:02d}\n\n________________________________\nFrom: altconnect <reply+{t}@univ.example>\nSent: Monday, November 23, 2026 10:00 AM\nTo: student\nSubject: Your registration\n\nHello.\n",
    "Bonjour,\n\nPortable : 06 55 44 {a:02d} {b:02d}\nParcours : GEMA\n\nCordialement,\nUn étudiant\n\nLe 23/11/2026 à 10:00, altconnect a écrit :\n> Votre inscription\n",
]
stop_shapes = [
    "STOP\n\nLe lun. 17 mars 2025 à 07:00, altconnect <reply+{t}@univ.example> a écrit :\n> Votre résumé du jour\n> {t}\n",
    "stop\n\nEnvoyé de mon iPhone\n\n> Le 17 mars 2025 à 07:00, altconnect <reply+{t}@univ.example> a écrit :\n>\n> Résumé\n",
    "Unsubscribe\n\n________________________________\nFrom: altconnect <reply+{t}@univ.example>\nSent: Monday, March 17, 2025 7:00 AM\nTo: student\nSubject: Digest\n\nYour digest.\n",
    "Stop\n\nCordialement,\nUn étudiant\n\nLe 17/03/2025 à 07:00, altconnect a écrit :\n> Résumé du jour\n",
]
os.makedirs(os.path.join(maildir, "new"), exist_ok=True)
os.makedirs(os.path.join(maildir, "tmp"), exist_ok=True)
now = 1795424400
if kind == "signup":
    shapes, state, purpose, commands, uses = signup_shapes, "imported", "signup", "INSCRIPTION", 1
    subject = "Re: Votre inscription sur altconnect"
else:
    shapes, state, purpose, commands, uses = stop_shapes, "registered", "digest", "", 0
    subject = "Re: [AC-{t}] Votre résumé du jour"
users, tokens = [], []
for i in range(n):
    email = "etudiant%05d@etu.example" % i
    users.append((email, "student", state, "Etudiant", "N%05d" % i, "2003-05-14", now, now))
c.executemany("INSERT INTO users (email, role, state, first_name, last_name, birth_date,"
              " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", users)
ids = dict(c.execute("SELECT email, id FROM users WHERE role = 'student'"))
for i in range(n):
    email = "etudiant%05d@etu.example" % i
    tok = "".join(rng.choice(alphabet) for _ in range(32))
    tokens.append((hashlib.sha256(tok.encode()).hexdigest(), purpose, "user", ids[email], ids[email],
                   commands, 4000000000, uses, now))
    body = shapes[i % len(shapes)].format(t=tok, a=i // 100 % 100, b=i % 100)
    mail = ("Return-Path: <{e}>\nFrom: Etudiant {i} <{e}>\nTo: altconnect <reply+{t}@univ.example>\n"
            "Subject: {s}\nDate: Mon, 23 Nov 2026 11:00:00 +0100\n"
            "Message-ID: <bench-{i}@etu.example>\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n{b}").format(
                e=email, i=i, t=tok, b=body, s=subject.format(t=tok))
    name = "%d.M%dP1Q%d.bench" % (now, i, i)
    with open(os.path.join(maildir, "tmp", name), "w") as f:
        f.write(mail)
    os.rename(os.path.join(maildir, "tmp", name), os.path.join(maildir, "new", name))
c.executemany("INSERT INTO tokens (hash, purpose, object_type, object_id, user_id, commands,"
              " expires_at, max_uses, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tokens)
c.commit()
