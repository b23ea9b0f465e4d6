"""French in the app: names after "de"."""

from __future__ import annotations

import pandas as pd
import pytest

from app_lib import fr, views


# TNCC values as INSEE's COG gives them (typeLiaison of @etalab/decoupage-administratif 6.0.0's departements.json)
@pytest.mark.parametrize("name, tncc, expected", [
    ("Paris", 0, "de Paris"),
    ("La Réunion", 0, "de La Réunion"),
    ("Eure-et-Loir", 1, "d'Eure-et-Loir"),
    ("Loiret", 2, "du Loiret"),
    ("Territoire de Belfort", 2, "du Territoire de Belfort"),
    ("Somme", 3, "de la Somme"),
    ("Corse-du-Sud", 3, "de la Corse-du-Sud"),
    ("Yvelines", 4, "des Yvelines"),
    ("Bouches-du-Rhône", 4, "des Bouches-du-Rhône"),
    ("Orne", 5, "de l'Orne"),
    ("Ain", 5, "de l'Ain"),
])
def test_of_departement_follows_the_tncc(name, tncc, expected):
    assert fr.of_departement(name, tncc) == expected


@pytest.mark.parametrize("tncc", [None, float("nan"), pd.NA, 9, "x"])
def test_an_unknown_tncc_gives_the_plain_de(tncc):
    assert fr.of_departement("Eure-et-Loir", tncc) == "de Eure-et-Loir"


def test_departement_of_reads_the_tncc_column():
    departements = pd.DataFrame({"code": ["28", "45", "61", "78", "80"],
                                 "name": ["Eure-et-Loir", "Loiret", "Orne", "Yvelines", "Somme"],
                                 "tncc": pd.array([1, 2, 5, 4, 3], dtype="Int64")})
    assert [views.departement_of(c, departements) for c in departements["code"]] == \
        ["d'Eure-et-Loir", "du Loiret", "de l'Orne", "des Yvelines", "de la Somme"]
    # before the column exists (or where it is empty), the sentence still reads, with "de"
    assert views.departement_of("28", departements.drop(columns="tncc")) == "de Eure-et-Loir"
