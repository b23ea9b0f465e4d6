"""Peers of a département: descriptors, the neighbour graph and the comparable départements.

Expected values are not produced by the code under test: borders are the ones on a map of
France, areas are INSEE's, populations were summed with jq on the `communes.json` of
@etalab/decoupage-administratif 6.0.0 (the package data/raw/reference/SOURCES.md names),
capacities were read in the atlas at the lines given.
"""

import math
import statistics

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from etl import capacities, peers

OVERSEAS = {"971", "972", "973", "974", "976"}


@pytest.fixture(scope="module")
def deps(tables) -> pd.DataFrame:
    return tables["departements"].drop(columns="geometry").set_index("code")


@pytest.fixture(scope="module")
def table(tables) -> pd.DataFrame:
    return tables["peers"]


def neighbours_of(table, code) -> set[str]:
    return set(table[(table.kind == "neighbour") & (table.code == code)].peer)


# ---------------------------------------------------------------- neighbour graph


@pytest.mark.parametrize("code, expected", [
    ("28", {"27", "78", "91", "45", "41", "72", "61"}),  # Eure-et-Loir
    ("48", {"15", "43", "07", "30", "12"}),  # Lozère
    ("75", {"92", "93", "94"}),  # Paris
    ("2A", {"2B"}),
    ("2B", {"2A"}),
    ("29", {"22", "56"}),  # Finistère
    ("90", {"25", "68", "70", "88"}),  # Territoire de Belfort: Vosges at the Ballon d'Alsace only
    ("33", {"17", "24", "47", "40"}),  # Gironde
    ("69M", {"69", "01", "38"}),  # Métropole de Lyon: Isère across the Rhône at Givors
])
def test_neighbours_are_the_borders_on_the_map(table, code, expected):
    assert neighbours_of(table, code) == expected


def test_rhone_and_metropole_border_each_other(table):
    assert "69M" in neighbours_of(table, "69") and "69" in neighbours_of(table, "69M")


def test_overseas_departements_have_no_neighbour(table, deps):
    assert OVERSEAS <= set(deps.index)
    assert not set(table[table.kind == "neighbour"].code) & OVERSEAS
    assert not set(table[table.kind == "neighbour"].peer) & OVERSEAS
    # every metropolitan département has at least one
    assert set(table[table.kind == "neighbour"].code) == set(deps.index) - OVERSEAS


def test_neighbour_graph_is_symmetric_with_one_border_length(table):
    near = table[table.kind == "neighbour"]
    forward = {(r.code, r.peer): r.border_km for r in near.itertuples()}
    assert all(forward.get((b, a)) == km for (a, b), km in forward.items())
    assert not any(a == b for a, b in forward)


def test_neighbours_ranked_by_border_length(table):
    near = table[table.kind == "neighbour"]
    for code, rows in near.groupby("code"):
        rows = rows.sort_values("rank")
        assert rows["rank"].tolist() == list(range(1, len(rows) + 1)), code
        assert rows["border_km"].is_monotonic_decreasing, code
    assert near["border_km"].min() >= peers.MIN_BORDER_KM and near["distance"].isna().all()
    # Eure-et-Loir: Yvelines longest (about 100 km), Sarthe shortest (about 20 km)
    ranked = near[near.code == "28"].sort_values("rank")
    assert ranked.peer.iloc[0] == "78" and ranked.peer.iloc[-1] == "72"
    assert 85 < ranked.border_km.iloc[0] < 110 and 15 < ranked.border_km.iloc[-1] < 30


def test_neighbours_on_synthetic_squares():
    # A|B share a 10 km edge; B and C are 50 m apart along 5 km (a snapping gap); D touches A at a corner.
    km = 1000.0
    a = shapely.box(0, 0, 10 * km, 10 * km)
    b = shapely.box(10 * km, 0, 20 * km, 10 * km)
    c = shapely.box(20 * km + 50, 0, 25 * km, 5 * km)
    d = shapely.box(-5 * km, 10 * km, 0, 15 * km)
    shapes = gpd.GeoDataFrame({"code": ["01", "02", "03", "04"]}, geometry=[a, b, c, d], crs=2154).to_crs(4326)
    found = {(r.code, r.peer): r.border_km for r in peers.neighbours(shapes).itertuples()}
    assert set(found) == {("01", "02"), ("02", "01"), ("02", "03"), ("03", "02")}
    assert found[("01", "02")] == pytest.approx(10, abs=0.3)
    assert found[("02", "03")] == pytest.approx(5, abs=0.3)


# ---------------------------------------------------------------- descriptors


@pytest.mark.parametrize("code, insee_km2", [("28", 5880), ("48", 5167)])
def test_area_within_one_percent_of_insee(deps, code, insee_km2):
    assert abs(deps.at[code, "area_km2"] / insee_km2 - 1) < 0.01


# jq '[.[] | select(.type=="commune-actuelle" and .departement=="28" and .population < 2000) | .population]
#     | add, length' communes.json  -> 184194, 323 communes (433129 inhabitants in 363 communes without the filter)
# the same for "48"                 -> 43906, 144 communes (76486 in 152)
@pytest.mark.parametrize("code, small, population", [("28", 184_194, 433_129), ("48", 43_906, 76_486)])
def test_small_communes_and_density(deps, code, small, population):
    row = deps.loc[code]
    assert row["population"] == population
    assert row["population_small_communes"] == small
    assert row["small_communes_share"] == pytest.approx(100 * small / population)
    assert row["density"] == pytest.approx(population / row["area_km2"])
    assert {"28": 73.0, "48": 14.8}[code] == pytest.approx(row["density"], abs=0.05)


def test_paris_has_no_small_commune_a_true_zero(deps):
    assert deps.at["75", "population_small_communes"] == 0


# Regional populations, jq on communes.json (commune-actuelle, by "region"): Centre-Val de Loire (24) 2 587 031,
# Occitanie (76) 6 124 653; Guadeloupe + Martinique + Guyane (départements 971, 972, 973) 1 038 786.
# Atlas, 2022, spécialités médicales: Tours 262 (line 1745); Montpellier 312 (line 3436), Toulouse 336 (line 3447);
# Antilles-Guyane 128 (line 4216, the block under "GUADELOUPE, MARTINIQUE, GUYANE").
@pytest.mark.parametrize("code, expected, lines", [
    ("28", 262 * 1e5 / 2_587_031, [1745]),
    ("41", 262 * 1e5 / 2_587_031, [1745]),
    ("48", (312 + 336) * 1e5 / 6_124_653, [3436, 3447]),
    ("971", 128 * 1e5 / 1_038_786, [4216]),
    ("972", 128 * 1e5 / 1_038_786, [4216]),
    ("973", 128 * 1e5 / 1_038_786, [4216]),
])
def test_capacity_per_100k_from_the_atlas_lines(deps, code, expected, lines):
    assert deps.at[code, "capacity_per_100k"] == pytest.approx(expected)
    assert list(deps.at[code, "capacity_source_lines"]) == lines


def test_capacity_null_with_a_note_where_the_atlas_gives_none(deps):
    assert deps["capacity_per_100k"].isna().sum() == 3
    for code in ("2A", "2B", "976"):
        assert pd.isna(deps.at[code, "capacity_per_100k"]) and list(deps.at[code, "capacity_source_lines"]) == []
    assert "Corse" in deps.at["2A", "capacity_note"] and "Mayotte" in deps.at["976", "capacity_note"]
    assert "Antilles-Guyane" in deps.at["972", "capacity_note"]
    assert pd.isna(deps.at["28", "capacity_note"])


def test_capacity_per_population_serves_antilles_guyane_and_leaves_corsica_out(tables):
    reference = tables["departements"]
    per = capacities.per_population(tables["training_capacity"], reference, "specialites_medicales").set_index("region")
    antilles = per.loc["Guadeloupe, Martinique, Guyane"]
    assert antilles["codes"] == ["971", "972", "973"] and antilles["population"] == 1_038_786
    assert antilles["2018"] == 145 and antilles["2022"] == 128  # atlas lines 4210 and 4216
    assert "Corse" not in per.index
    # urgence is given for 2022 only: 2018 is unknown, not 0
    urgence = capacities.per_population(tables["training_capacity"], reference, "urgence")
    assert urgence["2018"].isna().all() and urgence["2022_per_100k"].notna().any()


# ---------------------------------------------------------------- comparable départements


def _z(values: list[float]) -> list[float]:
    present = [v for v in values if not math.isnan(v)]
    mean, sd = statistics.fmean(present), statistics.pstdev(present)
    return [(v - mean) / sd for v in values]


def _hand_z(deps) -> dict[str, list[float]]:
    """z-scores recomputed from the raw columns: population, area, small-commune population, capacity."""
    codes = list(deps.index)
    raw = [
        [math.log10(deps.at[c, "population"]) for c in codes],
        [math.log10(deps.at[c, "population"] / deps.at[c, "area_km2"]) for c in codes],
        [100 * deps.at[c, "population_small_communes"] / deps.at[c, "population"] for c in codes],
        [float(deps.at[c, "capacity_per_100k"]) for c in codes],
    ]
    columns = [_z(values) for values in raw]
    return {c: [col[i] for col in columns] for i, c in enumerate(codes)}


def _distance(table, code, peer) -> float:
    row = table[(table.kind == "comparable") & (table.code == code) & (table.peer == peer)]
    assert len(row) == 1, (code, peer)
    return row["distance"].item()


def test_hand_checked_distance_eure_et_loir_aude(deps, table):
    z = _hand_z(deps)
    expected = math.sqrt(sum((a - b) ** 2 for a, b in zip(z["28"], z["11"])))
    assert _distance(table, "28", "11") == pytest.approx(expected, abs=1e-4)
    assert table[(table.kind == "comparable") & (table.code == "28") & (table["rank"] == 1)].peer.item() == "11"


def test_hand_checked_distance_with_a_missing_descriptor(deps, table):
    # Corse-du-Sud and Haute-Corse have no capacity: 3 shared descriptors, sum of squares scaled by 4/3
    z = _hand_z(deps)
    squares = sum((a - b) ** 2 for a, b in list(zip(z["2A"], z["2B"]))[:3])
    assert _distance(table, "2A", "2B") == pytest.approx(math.sqrt(squares * 4 / 3), abs=1e-4)
    # Corse-du-Sud vs Eure-et-Loir: the same rule (Eure-et-Loir has all four)
    squares = sum((a - b) ** 2 for a, b in list(zip(z["2A"], z["28"]))[:3])
    dist = peers.distances(peers.standardised(deps.reset_index()))
    assert dist.at["2A", "28"] == pytest.approx(math.sqrt(squares * 4 / 3))


def test_exactly_five_comparables_ranked_by_distance_never_itself(table, deps):
    comp = table[table.kind == "comparable"]
    assert set(comp.code) == set(deps.index)
    for code, rows in comp.groupby("code"):
        rows = rows.sort_values("rank")
        assert rows["rank"].tolist() == [1, 2, 3, 4, 5], code
        assert rows["distance"].is_monotonic_increasing and (rows["distance"] > 0).all(), code
        assert code not in set(rows.peer) and rows.peer.is_unique
    assert comp["border_km"].isna().all()


def test_distance_matrix_is_symmetric_and_published_distances_agree(deps, table):
    dist = peers.distances(peers.standardised(deps.reset_index()))
    values = dist.to_numpy()
    assert np.isnan(np.diag(values)).all()
    assert np.allclose(values, values.T, equal_nan=True)
    comp = table[table.kind == "comparable"]
    for r in comp.itertuples():
        assert r.distance == pytest.approx(dist.at[r.peer, r.code], abs=1e-4)


def test_distances_need_enough_shared_descriptors():
    z = pd.DataFrame({"a": [0.0, 1.0, np.nan], "b": [0.0, 1.0, 1.0], "c": [0.0, np.nan, np.nan]},
                     index=["x", "y", "w"])
    dist = peers.distances(z, min_shared=2)
    assert dist.at["x", "y"] == pytest.approx(math.sqrt(2 * 3 / 2))  # a and b shared: (1 + 1) × 3/2
    assert np.isnan(dist.at["x", "w"]) and np.isnan(dist.at["y", "w"])  # only b shared
    assert peers.comparables(dist, k=5).query("code == 'w'").empty


def test_descriptors_declared_for_the_app():
    assert [d.column for d in peers.DESCRIPTORS] == ["population", "density", "small_communes_share",
                                                     "capacity_per_100k"]
    assert peers.K_COMPARABLE == 5 and all(d.label and d.unit for d in peers.DESCRIPTORS)
