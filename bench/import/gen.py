#!/usr/bin/env python3
"""gen.py N OUT - a Parcoursup-style export of N admissible students
(Windows-1252, ';', CRLF, the columns of DESIGN §8), deterministic."""
import random
import sys

FIRST = ["Émilie", "Noël", "Hélène", "Gaëtan", "Zoé", "Anaïs", "Maëlle", "Chloé", "Jérôme", "Loïc"]
LAST = ["Martin", "Bernard", "Dubois", "Lefèvre", "Garçon", "Côté", "Müller", "N'Diaye", "Le Goff"]
CODES = ["BENCH-A", "BENCH-B", "BENCH-C", "BENCH-D"]
HEADER = ("Nom;Prenom;Fixe;Portable;Mail;Dernier_Etab;Avis;Date_Avis;Date_Naissance;Code_INE;"
          "Adresse_1;Adresse_2;Code_Postal;Commune;Pays;Code_Formation;Lib_Formation")


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(42)
    with open(out, "w", encoding="cp1252", newline="") as f:
        f.write(HEADER + "\r\n")
        for i in range(n):
            code = CODES[i % len(CODES)]
            f.write(";".join([
                rnd.choice(LAST), rnd.choice(FIRST), "",
                "06 %02d %02d %02d %02d" % tuple(rnd.randrange(100) for _ in range(4)),
                "etudiant%d@etu.example" % i, "Lycée Berthollet", "Favorable", "01/03/2025",
                "%02d/%02d/%d" % (rnd.randint(1, 28), rnd.randint(1, 12), rnd.randint(1998, 2006)),
                "%09dAB" % i, "%d rue de l'Église" % (i % 300 + 1),
                "", "74000", "Annecy", "France", code, "Formation " + code]) + "\r\n")


if __name__ == "__main__":
    main()
