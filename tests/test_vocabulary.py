"""Labelling rules, checked on bullets quoted from the atlas (line numbers in comments)."""

import pytest

from etl import vocabulary
from etl.vocabulary import label, negation


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bourse aux stages pour les internes", ["aide_financiere_internes_stage"]),  # 892
        ("Aide financière aux internes de médecine générale en stage (SP ou SASPAS) : 400€/mois",
         ["aide_financiere_internes_stage"]),  # 1039
        ("Bourse d'étude pour les internes en dernière année en contrepartie d'une installation",
         ["bourse_etude_contre_installation"]),  # 3486
        ("Bourse d'aide à l'installation", ["aide_financiere_installation"]),  # 1783
        ("Bourses pour inciter à la primo-installation en Loir-et-Cher", ["aide_financiere_installation"]),  # 1961
        ("Soutien aux MSP", ["soutien_msp"]),
        ("Aide aux investissements dans les locaux médicaux", ["soutien_msp"]),  # 1673
        ("Recherche et mise à disposition de logements pour les internes", ["logement_internes"]),  # 1141
        ("Aide à la formation de MSU (Maître de Stage Universitaire)", ["formation_msu"]),  # 891
        ("Accompagnement des conjoints", ["emploi_conjoint"]),  # 3669
        ("Salarier de médecin et de secrétaire par le département dans les zones en tension médicale.",
         ["developpement_salariat"]),  # 2539
        ("Promotion du territoire", ["promotion_territoire"]),
        ("Possibilité pour les internes d'effectuer un stage en PMI", ["accueil_internes_pmi"]),  # 3498
        ("Création d'un guichet unique", ["accompagnement_installation"]),  # 3666
        ("Soirée d'accueil des internes : organisation tous les semestres", ["accueil_internes_stage"]),  # 1070
        ("Création d'un comité stratégique", ["other"]),  # 1359
        ("Développer la télémédecine,", ["other"]),  # 1336
    ],
)
def test_label(text, expected):
    assert label(text) == expected


def test_pmi_internship_is_not_also_a_welcome_measure():
    # 1544: about interns placed in the PMI service, "pas d'hébergement" is not housing
    text = ("Accueil des internes en stage au sein de son service de PMI. Précisions : l'université a désigné "
            "le Département comme terrain de stage (pas d'hébergement, pas de rémunération)")
    assert label(text) == ["accueil_internes_pmi"]


def test_promoting_the_msu_role_is_not_promoting_the_territory():
    assert label("Participation à la promotion de la formation des MSU") == ["formation_msu"]  # 880


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Aide financière à l'installation : Aucune.", "aucune"),  # 1043
        ("Pas d'aide à l'installation en libéral ;", "pas d'aide"),  # 1946
        ("Rencontre avec les nouveaux diplômés : cela n'est plus réalisé.", "n'est plus realise"),  # 1545
        ("Le présent plan ambition santé met fin à l'aide à 200 euros par mois en faveur des internes", "met fin"),  # 2883
        ("Le dispositif a été supprimé en 2021.", "a ete supprime"),
    ],
)
def test_negations_are_found(text, phrase):
    assert negation(text) == phrase


def test_a_negated_text_keeps_the_key_of_the_measure_it_denies():
    assert label("Aide financière à l'installation : Aucune.") == ["aide_financiere_installation"]


@pytest.mark.parametrize("text", ["Une bourse réformée en 2022", "Le montant de l'aide est porté à 600 €",
                                  "Mise en place d'une aide aux internes"])
def test_a_reformed_measure_is_not_ended(text):
    assert negation(text) is None


def test_carry_over_sentence_is_recognised():
    assert vocabulary.CARRY_OVER.search("aides mises en place en 2019, toujours d'actualite")


def test_every_summary_table_header_maps_to_one_measure():
    for m in vocabulary.ATLAS_MEASURES:
        for header in m.table_headers:
            assert vocabulary.table_header_key(header) == m.key, header
    assert vocabulary.table_header_key("ACCEUIL DES INTERNES EN PMI") == "accueil_internes_pmi"  # misspelt
    assert vocabulary.table_header_key("AUVERGNE RHONE ALPES") is None


def test_catalogue_has_the_twelve_atlas_measures_and_other():
    assert len(vocabulary.ATLAS_MEASURES) == 12
    assert vocabulary.MEASURE_KEYS[-1] == "other"
    assert sorted(m.order for m in vocabulary.MEASURES) == list(range(1, 14))
