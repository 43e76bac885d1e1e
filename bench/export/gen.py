#!/usr/bin/env python3
"""gen.py DB N - N validated mission sheets in an altc database (demo instance).

Each sheet has its own student (accented names, an INE, a birth date) in one
of the demo's formations, a company of the demo, and the form's fields as a
person would have typed them: a subject, a tutor, dates, and a list of
activities of 500 to 1,500 characters.  Plain SQL inserts in one transaction;
the formations get RNCP and diploma codes so every column of the export is
filled.  Deterministic: the same N gives the same rows.
"""
import random
import sqlite3
import sys

db, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
con = sqlite3.connect(db)
first = ["Zoé", "Anaïs", "Léa", "Chloé", "Noémie", "Hélène", "Jérôme", "François", "Loïc",
         "Maël", "Cédric", "Benoît", "Gaëlle", "Éloïse", "Raphaël", "Inès"]
last = ["Lefèvre", "Dupré", "Bézier", "Crémieux", "Mégret", "Gérard", "Lemaître", "Brûlé",
        "Ozanne", "Œuvray", "Dubœuf", "Çelik", "Nguyễn", "Müller", "Da Silva", "Périer"]
verbs = ["élaboration", "contrôle", "préparation", "mise à jour", "analyse", "rédaction",
         "suivi", "participation à"]
objs = ["des tableaux de bord mensuels et du reporting destiné à la direction",
        "des écarts budgétaires par centre de coût",
        "de la paie et des déclarations sociales (DSN)",
        "des procédures de clôture trimestrielle",
        "du plan de développement des compétences",
        "des entretiens annuels et professionnels",
        "de la relation avec l’expert-comptable et les commissaires aux comptes"]
forms = [r[0] for r in con.execute("SELECT id FROM formations ORDER BY id")]
comps = con.execute("SELECT id, name, siret, coalesce(address, '') || ' ' ||"
                    " coalesce(postal_code, '') || ' ' || coalesce(city, '') FROM companies").fetchall()
con.execute("UPDATE formations SET rncp_code = 'RNCP' || (35950 + id),"
            " diploma_code = '2503100' || id, promotion = 'Promotion ' || id")
base = con.execute("SELECT coalesce(max(id), 0) FROM users").fetchone()[0]
users, links, missions = [], [], []
for i in range(n):
    uid = base + 1 + i
    fn, ln = rnd.choice(first), rnd.choice(last)
    users.append((uid, "etu%05d@etu.example" % i, fn, ln, "%09dAB" % (100000000 + i),
                  "%04d-%02d-%02d" % (2000 + i % 6, 1 + i % 12, 1 + i % 28)))
    f = forms[i % len(forms)]
    links.append((uid, f))
    c = comps[i % len(comps)]
    acts, k = [], 0
    want = rnd.randint(500, 1500)
    while sum(len(a) + 3 for a in acts) < want:
        k += 1
        acts.append("%s %s (étape %d)" % (rnd.choice(verbs), rnd.choice(objs), k))
    missions.append((uid, uid, c[0], f, c[1], c[2], c[3].strip(),
                     "Mission de gestion n° %d — %s" % (i, rnd.choice(objs)),
                     "\n".join("- " + a for a in acts),
                     "2026-09-%02d" % (1 + i % 28), "2027-08-%02d" % (1 + i % 28),
                     "%s %s" % (rnd.choice(first), rnd.choice(last)),
                     "%s %s" % (rnd.choice(first), rnd.choice(last)),
                     "tuteur%05d@entreprise.example" % i, "2026-2027", "Promotion %d" % f))
con.executemany("INSERT INTO users (id, email, role, state, first_name, last_name, ine,"
                " birth_date, created_at, updated_at) VALUES (?, ?, 'student', 'registered',"
                " ?, ?, ?, ?, 0, 0)",
                [(u[0], u[1], u[2], u[3], u[4], u[5]) for u in users])
con.executemany("INSERT INTO student_formations (student_id, formation_id, created_at)"
                " VALUES (?, ?, 0)", links)
con.executemany("INSERT INTO missions (student_id, author_id, company_id, formation_id, state,"
                " company_name, siret, company_address, subject, activities, start_date,"
                " end_date, contract_manager, tutor, tutor_email, school_year, promotion,"
                " submitted_at, decided_at, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, 'validated', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)",
                missions)
con.commit()
print(n)
