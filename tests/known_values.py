"""Values read by a person in the atlas, shared by the AppTest and browser tests.

The comparison grid of Eure-et-Loir (28) and Nièvre (58) in 2022, row by row, as
data/processed/measures.parquet gives it (pages, reviewed) and as the atlas text
(data/raw/atlas_attractivite_medicale_2019_2022.txt) states it. Checked by hand:

- Nièvre 2022 (lines 1405-1432) lists "◆ Bourse d'études contre installation" (1422) and
  "◆ Développement du salariat — Centre de santé départemental" (1431-1432); its
  "◆ Aide financière à l'installation" (1420) is "Aides de la CPAM" (1421), not the
  département's, hence "Non".
- Eure-et-Loir 2022 (lines 1850-1880) offers housing (1857), an MSU training (1867) and
  an equipment aid to doctors (1868), but no study grant, no help for the spouse and no
  salaried doctors, hence "Non" on those rows.
"""

COMPARER_COLUMNS = ["Mesure", "Eure-et-Loir (28)", "Nièvre (58)"]

COMPARER_28_58_2022 = [
    ("Aide financière aux internes en stage", "Oui", "Non"),
    ("Accueil des internes en stage", "Oui", "Oui"),
    ("Accompagnement personnalisé à l'installation", "Oui", "Oui"),
    ("Aide financière à l'installation", "Oui", "Non"),
    ("Bourse d'étude contre installation", "Non", "Oui"),
    ("Soutien aux maisons de santé (MSP)", "Oui", "Oui"),
    ("Logement pour les internes", "Oui", "Oui"),
    ("Aide à la formation des maîtres de stage (MSU)", "Oui", "Oui"),
    ("Aide à l'emploi du conjoint", "Non", "Oui"),
    ("Développement du salariat", "Non", "Oui"),
    ("Promotion du territoire", "Oui", "Oui"),
    ("Accueil des internes en PMI", "Non", "Non"),
]
