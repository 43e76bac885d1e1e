#!/usr/bin/env python3
# bench/recommend/gen.py DB NS NO NF - deterministic data for the
# recommendation benchmark, written straight into the database of a fresh
# instance: NF formations, NS registered students (one formation each, a
# tenth in two) and NO published offers (each validated for one or two
# formations, 2% targeting none), with realistic criteria on both sides,
# one row per value.  Each value has one spelling, so that the SQL floor,
# which compares strings as they are, computes the same scores.
# gen.py DB --change PCT: change the skills of PCT% of the students and of
# the offers (the incremental run then has that to recompute).
import random
import sqlite3
import sys
import time

SECTORS = ["comptabilité", "ressources humaines", "marketing digital", "commerce", "logistique",
           "banque", "assurance", "industrie", "immobilier", "informatique",
           "grande distribution", "tourisme", "santé", "énergie", "transport"]
SKILLS = ["Excel", "SAP", "SQL", "Python", "Sage", "PowerPoint", "CRM", "prospection",
          "négociation", "reporting", "budget", "recrutement", "fiscalité", "audit",
          "trésorerie", "SIRH", "paie", "Word", "Salesforce", "Google Analytics", "SEO",
          "Photoshop", "Java", "gestion de projet", "droit social", "consolidation",
          "e-commerce", "supply chain", "achats", "qualité"]
LANGS = ["anglais", "allemand", "espagnol", "italien", "chinois"]
CONTRACTS = ["apprentissage", "professionnalisation"]
SENIORITY = ["débutant", "1 an", "2 ans"]
MOBILITY = ["locale", "départementale", "régionale", "nationale"]
PLACES = [("Annecy", "74"), ("Cluses", "74"), ("Chambéry", "73"), ("Albertville", "73"),
          ("Grenoble", "38"), ("Lyon", "69"), ("Villeurbanne", "69"), ("Valence", "26"),
          ("Saint-Étienne", "42"), ("Clermont-Ferrand", "63"), ("Paris", "75"),
          ("Nanterre", "92"), ("Versailles", "78"), ("Créteil", "94"), ("Lille", "59"),
          ("Roubaix", "59"), ("Amiens", "80"), ("Bordeaux", "33"), ("Pau", "64"),
          ("Toulouse", "31"), ("Montpellier", "34"), ("Marseille", "13"), ("Nice", "06"),
          ("Nantes", "44"), ("Angers", "49"), ("Rennes", "35"), ("Strasbourg", "67"),
          ("Metz", "57"), ("Dijon", "21"), ("Rouen", "76")]
CRIT = {}


def place(rnd):
    c, d = rnd.choice(PLACES[:12] if rnd.random() < 0.6 else PLACES)
    return "%s (%s)" % (c, d)


def add(con, table, col, oid, name, values):
    con.executemany("INSERT INTO %s (%s, criterion_id, value) VALUES (?, ?, ?)" % (table, col),
                    [(oid, CRIT[name], v) for v in values])


def student_criteria(con, rnd, s):
    add(con, "student_criteria", "student_id", s, "sector", [rnd.choice(SECTORS)])
    add(con, "student_criteria", "student_id", s, "skills", rnd.sample(SKILLS, rnd.randint(2, 5)))
    if rnd.random() < 0.8:
        add(con, "student_criteria", "student_id", s, "contract", [rnd.choice(CONTRACTS)])
    add(con, "student_criteria", "student_id", s, "location", [place(rnd)])
    if rnd.random() < 0.7:
        add(con, "student_criteria", "student_id", s, "mobility", [rnd.choice(MOBILITY)])
    if rnd.random() < 0.7:
        add(con, "student_criteria", "student_id", s, "languages", rnd.sample(LANGS, rnd.randint(1, 2)))
    if rnd.random() < 0.3:
        add(con, "student_criteria", "student_id", s, "seniority", [rnd.choice(SENIORITY)])
    if rnd.random() < 0.5:
        add(con, "student_criteria", "student_id", s, "availability", ["septembre"])


def offer_criteria(con, rnd, o, loc):
    if rnd.random() < 0.9:
        add(con, "offer_criteria", "offer_id", o, "sector", [rnd.choice(SECTORS)])
    add(con, "offer_criteria", "offer_id", o, "skills", rnd.sample(SKILLS, rnd.randint(2, 4)))
    if rnd.random() < 0.9:
        add(con, "offer_criteria", "offer_id", o, "contract", [rnd.choice(CONTRACTS)])
    add(con, "offer_criteria", "offer_id", o, "location", [loc])
    if rnd.random() < 0.3:
        add(con, "offer_criteria", "offer_id", o, "mobility", [rnd.choice(MOBILITY[:3])])
    if rnd.random() < 0.5:
        add(con, "offer_criteria", "offer_id", o, "languages", rnd.sample(LANGS, rnd.randint(1, 2)))
    if rnd.random() < 0.3:
        add(con, "offer_criteria", "offer_id", o, "seniority", [rnd.choice(SENIORITY)])


def generate(con, ns, no, nf):
    rnd = random.Random(42)
    for f in range(nf):
        con.execute("INSERT INTO formations (code, label) VALUES (?, ?)",
                    ("F%02d" % f, "Formation %d" % f))
    fids = [r[0] for r in con.execute("SELECT id FROM formations ORDER BY id")]
    con.execute("INSERT INTO companies (siret, name, created_at) VALUES ('80754009100004', 'BENOTTI SAS', 0)")
    comp = con.execute("SELECT id FROM companies").fetchone()[0]
    for s in range(ns):
        sid = con.execute("INSERT INTO users (email, role, state, first_name, last_name, created_at,"
                          " updated_at) VALUES (?, 'student', 'registered', 'E', ?, 0, 0)",
                          ("etu%d@bench.example" % s, "N%d" % s)).lastrowid
        forms = {fids[s % nf]} | ({rnd.choice(fids)} if rnd.random() < 0.1 else set())
        con.executemany("INSERT INTO student_formations (student_id, formation_id, created_at)"
                        " VALUES (?, ?, 0)", [(sid, f) for f in forms])
        student_criteria(con, rnd, sid)
    for o in range(no):
        loc = place(rnd)
        oid = con.execute("INSERT INTO offers (company_id, state, title, location, expires_at,"
                          " created_at, updated_at) VALUES (?, 'published', ?, ?, 4000000000, 0, 0)",
                          (comp, "Offre %d" % o, loc)).lastrowid
        if rnd.random() >= 0.02:
            for f in set(rnd.sample(fids, rnd.randint(1, 2))):
                con.execute("INSERT INTO offer_formations (offer_id, formation_id, state, decided_at)"
                            " VALUES (?, ?, 'validated', 0)", (oid, f))
        offer_criteria(con, rnd, oid, loc)
    # the départements' regions, for the SQL floor
    con.execute("CREATE TABLE bench_dept (code TEXT PRIMARY KEY, region TEXT)")
    for line in open(sys.argv[5], encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            code, _, region = line.strip().split(";")
            con.execute("INSERT INTO bench_dept VALUES (?, ?)", (code, region))


def change(con, pct):
    rnd = random.Random(7)
    now = int(time.time())
    for table, col, ids in (("student_criteria", "student_id", "SELECT id FROM users WHERE role = 'student'"),
                            ("offer_criteria", "offer_id", "SELECT id FROM offers")):
        rows = [r[0] for r in con.execute(ids)]
        for i in rnd.sample(rows, max(1, len(rows) * pct // 100)):
            con.execute("DELETE FROM %s WHERE %s = ? AND criterion_id = ?" % (table, col), (i, CRIT["skills"]))
            add(con, table, col, i, "skills", rnd.sample(SKILLS, rnd.randint(2, 4)))
            con.execute("UPDATE %s SET updated_at = ? WHERE id = ?" %
                        ("users" if col == "student_id" else "offers"), (now, i))


con = sqlite3.connect(sys.argv[1])
CRIT.update({n: i for i, n in con.execute("SELECT id, name FROM criteria")})
if sys.argv[2] == "--change":
    change(con, int(sys.argv[3]))
else:
    generate(con, int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
con.commit()
