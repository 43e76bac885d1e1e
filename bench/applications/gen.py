#!/usr/bin/env python3
"""gen.py DB MAILDIR N [KB] - N students, each with an "apply" reply key for
one of 100 published offers of the demo employers, and N replies
"POSTULER" with a PDF of KB (200) kilobytes attached: half of them the same
file (a CV template many students send unchanged), half distinct.  The
PDFs are real (qpdf reads them: see tests/e2e/apps_mail.py).  Prints the
attachment bytes sent."""
import hashlib, os, random, sqlite3, sys, time
from email.message import EmailMessage

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/e2e"))
from apps_mail import pdf_bytes  # noqa: E402

db, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
kb = int(sys.argv[4]) if len(sys.argv) > 4 else 200
random.seed(12)
now = int(time.time())
con = sqlite3.connect(db)
c = con.cursor()
fid = c.execute("SELECT id FROM formations ORDER BY id LIMIT 1").fetchone()[0]
employers = c.execute("SELECT u.id, u.company_id FROM users u WHERE u.role = 'employer'"
                      " AND u.state = 'active' ORDER BY u.id").fetchall()
offers = []
for i in range(100):
    author, company = employers[i % len(employers)]
    c.execute("INSERT INTO offers (company_id, author_id, state, title, duration, location,"
              " description, expires_at, published_at, created_at, updated_at)"
              " VALUES (?, ?, 'published', ?, '2 ans', 'Annecy', 'Tenue des comptes', ?, ?, ?, ?)",
              (company, author, "Offre %d" % i, now + 90 * 86400, now, now, now))
    offers.append(c.lastrowid)
alphabet = "abcdefghijklmnopqrstuvwxyz234567"
os.makedirs(os.path.join(out, "new"), exist_ok=True)
same = pdf_bytes(kb * 1024, "modele-cv")
sent = 0
for i in range(n):
    email = "etu%05d@etu.example" % i
    c.execute("INSERT INTO users (email, role, state, first_name, last_name, created_at,"
              " updated_at) VALUES (?, 'student', 'registered', 'Etu', ?, ?, ?)",
              (email, "N%05d" % i, now, now))
    uid = c.lastrowid
    c.execute("INSERT INTO student_formations (student_id, formation_id, created_at)"
              " VALUES (?, ?, ?)", (uid, fid, now))
    tok = "".join(random.choice(alphabet) for _ in range(32))
    c.execute("INSERT INTO tokens (hash, purpose, object_type, object_id, user_id, commands,"
              " expires_at, max_uses, created_at) VALUES (?, 'apply', 'offer', ?, ?, 'POSTULER',"
              " ?, 0, ?)", (hashlib.sha256(tok.encode()).hexdigest(), offers[i % len(offers)], uid,
                             now + 86400 * 30, now))
    data = same if i % 2 == 0 else pdf_bytes(kb * 1024, "cv-%05d" % i)
    sent += len(data)
    m = EmailMessage()
    m["From"] = email
    m["To"] = "reply+%s@univ.example" % tok
    m["Subject"] = "RE: [AC-%s] Nouvelle offre" % tok
    m["Message-ID"] = "<bench-%d@etu.example>" % i
    m.set_content("POSTULER Je suis disponible en septembre.\n\nCordialement\n")
    m.add_attachment(data, maintype="application", subtype="pdf", filename="cv.pdf")
    with open(os.path.join(out, "new", "%d.bench:2," % i), "wb") as f:
        f.write(bytes(m))
con.commit()
print(sent)
