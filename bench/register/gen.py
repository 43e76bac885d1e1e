#!/usr/bin/env python3
"""gen.py ROWS OUT - a StockEtablissement-like file: INSEE's header (all its
columns), ROWS establishments with realistic values: about 60 % closed, 3 %
not public, a few quoted fields holding commas, addresses of every street
type.  Deterministic (fixed seed)."""
import csv
import random
import sys

HEADER = ("siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,"
          "trancheEffectifsEtablissement,anneeEffectifsEtablissement,"
          "activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
          "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,"
          "numeroVoieEtablissement,indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,"
          "indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,"
          "libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
          "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,"
          "codeCommuneEtablissement,codeCedexEtablissement,libelleCedexEtablissement,"
          "codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,"
          "identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,"
          "coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,"
          "numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,"
          "libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,"
          "libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,"
          "codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,"
          "codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,"
          "etatAdministratifEtablissement,enseigne1Etablissement,enseigne2Etablissement,"
          "enseigne3Etablissement,denominationUsuelleEtablissement,"
          "activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,"
          "caractereEmployeurEtablissement").split(",")

TYPES = ["RUE", "AV", "BD", "CHE", "PL", "RTE", "ALL", "IMP", "QUA", "QUAI", "LD", ""]
STREETS = ["DES ALPES", "DE LA GARE", "DU GENERAL DE GAULLE", "JEAN JAURES", "DE LA REPUBLIQUE",
           "VICTOR HUGO", "DES LILAS", "SAINT-JEAN", "DE L'EGLISE", "PASTEUR"]
TOWNS = [("74000", "ANNECY", "74010"), ("75015", "PARIS 15", "75115"),
         ("69001", "LYON 1", "69381"), ("73000", "CHAMBERY", "73065"),
         ("78100", "SAINT-GERMAIN-EN-LAYE", "78551"), ("72000", "LE MANS", "72181")]


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(42)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        for i in range(rows):
            siren = "%09d" % (100000000 + i // 2)
            nic = "%05d" % (1 + i % 2)
            cp, town, code = rnd.choice(TOWNS)
            r = dict.fromkeys(HEADER, "")
            r.update({
                "siren": siren, "nic": nic, "siret": siren + nic,
                "statutDiffusionEtablissement": "P" if rnd.random() < 0.03 else "O",
                "dateCreationEtablissement": "20%02d-0%d-15" % (rnd.randrange(24), 1 + i % 9),
                "trancheEffectifsEtablissement": rnd.choice(["NN", "00", "01", "11"]),
                "dateDernierTraitementEtablissement": "2024-03-01T10:00:00",
                "etablissementSiege": "true" if i % 2 == 0 else "false",
                "nombrePeriodesEtablissement": "2",
                "complementAdresseEtablissement":
                    "ZI DES GLAISES, BATIMENT %d" % (i % 9) if i % 50 == 0 else "",
                "numeroVoieEtablissement": str(1 + i % 120),
                "indiceRepetitionEtablissement": "B" if i % 40 == 0 else "",
                "typeVoieEtablissement": rnd.choice(TYPES),
                "libelleVoieEtablissement": rnd.choice(STREETS),
                "codePostalEtablissement": cp, "libelleCommuneEtablissement": town,
                "codeCommuneEtablissement": code,
                "identifiantAdresseEtablissement": "%s_%04d" % (code, i % 9999),
                "coordonneeLambertAbscisseEtablissement": "%d.5" % (900000 + i % 1000),
                "coordonneeLambertOrdonneeEtablissement": "%d.2" % (6500000 + i % 1000),
                "dateDebut": "2020-01-01",
                "etatAdministratifEtablissement": "F" if rnd.random() < 0.6 else "A",
                "enseigne1Etablissement": "ENSEIGNE %d" % i if i % 7 == 0 else "",
                "activitePrincipaleEtablissement": "62.01Z",
                "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
                "caractereEmployeurEtablissement": rnd.choice("NO"),
            })
            w.writerow([r[c] for c in HEADER])


if __name__ == "__main__":
    main()
