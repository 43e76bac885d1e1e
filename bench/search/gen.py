#!/usr/bin/env python3
# bench/search/gen.py DB CSV N - deterministic data for the search benchmark:
# N offers as a CSV with the labels of the mail form (spread over the demo
# formations, a quarter targeting none), and 200 registered students in the
# demo formations written straight into DB.
import random
import sqlite3
import sys

db, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(42)
jobs = ["Assistant", "Chargé", "Gestionnaire", "Comptable", "Contrôleur", "Commercial",
        "Technico-commercial", "Chef de projet", "Responsable", "Conseiller", "Analyste",
        "Acheteur", "Juriste", "Développeur", "Community manager"]
fields = ["ressources humaines", "paie", "comptabilité", "gestion", "marketing digital",
          "vente", "achats", "logistique", "relation client", "communication", "finance",
          "contrôle de gestion", "e-commerce", "qualité", "export"]
words = ["SIRH", "Excel", "SAP", "CRM", "prospection", "négociation", "reporting", "budget",
         "recrutement", "formation", "fiscalité", "audit", "trésorerie", "web", "réseaux sociaux",
         "salon", "grands comptes", "PME", "industrie", "banque", "assurance", "luxe", "sport",
         "anglais", "allemand", "italien", "tableaux de bord", "clients", "fournisseurs"]
places = ["Annecy", "Poisy", "Annecy-le-Vieux", "Chambéry", "Lyon", "Genève", "Grenoble",
          "Aix-les-Bains", "Cluses", "Rumilly", "Seynod", "Thonon-les-Bains", "Paris", "Sallanches"]
formations = ["BUT3-GEA-GEMA", "BUT3-GEA-GPRH", "BUT3-TC-MDEE", "BUT3-TC-BDMRC", ""]

with open(out, "w", encoding="utf-8") as f:
    f.write("Intitulé;Durée;Lieu;Descriptif;Compétences;Missions;Formations\n")
    for i in range(n):
        title = "%s %s" % (rnd.choice(jobs), rnd.choice(fields))
        desc = " ".join(rnd.choice(words) for _ in range(rnd.randint(20, 60)))
        skills = ", ".join(rnd.sample(words, 4))
        missions = " - ".join("%s %s" % (rnd.choice(fields), rnd.choice(words)) for _ in range(3))
        forms = ",".join(sorted(set(rnd.choice(formations) for _ in range(rnd.randint(1, 2))) - {""}))
        f.write("%s;%d an%s;%s;%s;%s;%s;%s\n" % (title, 1 + i % 3, "s" if i % 3 else "",
                rnd.choice(places), desc, skills, missions, forms))

con = sqlite3.connect(db)
fids = [r[0] for r in con.execute("SELECT id FROM formations ORDER BY id")]
for s in range(200):
    cur = con.execute("INSERT INTO users (email, role, state, first_name, last_name, created_at,"
                      " updated_at) VALUES (?, 'student', 'registered', 'E', ?, 0, 0)",
                      ("etu%d@bench.example" % s, "N%d" % s))
    con.execute("INSERT INTO student_formations (student_id, formation_id, created_at)"
                " VALUES (?, ?, 0)", (cur.lastrowid, fids[s % len(fids)]))
con.commit()
