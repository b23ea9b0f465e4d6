"""Capacity per 100 000 inhabitants: every region of the capacity tables gets its population."""

from __future__ import annotations

import pytest

from app_lib import views

# INSEE legal populations of data/raw/reference/departements.csv (lines 99-102)
GUADELOUPE, MARTINIQUE, GUYANE, REUNION = 384_160, 360_630, 293_996, 889_679


@pytest.mark.parametrize("discipline, y2018, y2022", [
    # atlas lines 4209-4210 (2018: 20 en chirurgie, 145 en spécialités médicales dont 73 en médecine générale)
    # and 4215-4216 (2022: 20, 128 dont 49), block "GUADELOUPE, MARTINIQUE, GUYANE"
    ("chirurgie", 20, 20),
    ("specialites_medicales", 145, 128),
    ("dont_medecine_generale", 73, 49),
])
def test_antilles_guyane_is_counted_with_the_three_departements_it_covers(tables, discipline, y2018, y2022):
    per = views.capacity_per_population(tables["training_capacity"], tables["departements"], discipline)
    row = per.set_index("region").loc["Guadeloupe, Martinique, Guyane"]
    population = GUADELOUPE + MARTINIQUE + GUYANE  # 1 038 786
    assert row["population"] == population
    assert row["2018_per_100k"] == pytest.approx(100_000 * y2018 / population)
    assert row["2022_per_100k"] == pytest.approx(100_000 * y2022 / population)


def test_specialites_medicales_per_100k_by_hand(tables):
    per = views.capacity_per_population(tables["training_capacity"], tables["departements"], "specialites_medicales")
    per = per.set_index("region")
    assert per.loc["Guadeloupe, Martinique, Guyane", "2018_per_100k"] == pytest.approx(13.9586, abs=1e-4)
    assert per.loc["Guadeloupe, Martinique, Guyane", "2022_per_100k"] == pytest.approx(12.3221, abs=1e-4)
    # La Réunion, atlas lines 4183 (105 in 2018) and 4191 (133 in 2022), population 889 679
    assert per.loc["La Réunion", "population"] == REUNION
    assert per.loc["La Réunion", "2022_per_100k"] == pytest.approx(14.9492, abs=1e-4)
    # no region of the table is left without a population
    assert per["population"].notna().all(), per[per["population"].isna()]
