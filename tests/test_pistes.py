"""Peers and pistes of the fiche (app_lib/peers.py) on a small world built by hand, then on the real package."""

import io

import pandas as pd
import pytest

from app_lib import peers as peers_lib
from app_lib import ui, views

CATALOG = pd.DataFrame({
    "measure": ["logement_internes", "soutien_msp", "emploi_conjoint", "other"],
    "label": ["Logement des internes", "Soutien aux MSP", "Emploi du conjoint", "Autre"],
    "display_order": [1, 2, 3, 99],
    "parent": [None, None, None, None],
})
DEPARTEMENTS = pd.DataFrame({
    "code": ["A", "B", "C", "D", "E"], "name": ["Alpha", "Bêta", "Gamma", "Delta", "Epsilon"],
    "region": ["R"] * 5, "population": [100, 200, 300, 400, 500],
    "density": [10.0, 20.0, 30.0, 40.0, 50.0], "small_communes_share": [50.0] * 5,
    "capacity_per_100k": [10.0, 10.0, 10.0, 12.3456, None],
})
# B and C border A; D and E are comparable to A. E did not answer in 2022.
PEERS = pd.DataFrame({
    "code": ["A", "A", "A", "A"], "peer": ["B", "C", "D", "E"],
    "kind": ["neighbour", "neighbour", "comparable", "comparable"], "rank": [1, 2, 1, 2],
    "distance": [None, None, 0.5, 0.9], "border_km": [40.0, 12.0, None, None],
})
STATUS = pd.DataFrame({
    "code": ["A", "B", "C", "D", "E"], "year": [2022] * 5,
    "status": ["measures", "measures", "no_measures", "measures", "no_response"],
})


def _measure(code, key, line):
    return {"code": code, "year": 2022, "measure": key, "source": "page", "evidence": f"{code} fait {key}.",
            "source_line": line}


MEASURES = pd.DataFrame([
    _measure("A", "emploi_conjoint", 10),
    _measure("B", "logement_internes", 20), _measure("B", "soutien_msp", 21),
    _measure("D", "logement_internes", 30),
    _measure("E", "soutien_msp", 40),  # E did not answer: its rows must not count (none exist in reality)
])
INITIATIVES = pd.DataFrame({
    "measure": ["logement_internes"], "territory": ["Ville-X"], "title": ["Studio pour internes"],
    "amount": [300.0], "amount_kind": [None], "amount_unit": ["€/mois"],
})


def test_pistes_count_only_peers_that_answered_and_sort_by_share():
    found = peers_lib.pistes("A", PEERS, STATUS, MEASURES, CATALOG, INITIATIVES)
    assert list(found["measure"]) == ["logement_internes", "soutien_msp"]  # A already does emploi_conjoint
    housing = found.iloc[0]
    # answered peers: B, C (neighbours), D (comparable); B and D describe the housing
    assert housing["neighbours"] == ["B"] and housing["comparables"] == ["D"]
    assert (housing["Voisins qui la décrivent"], housing["Voisins ayant répondu"]) == (1, 2)
    assert (housing["Comparables qui la décrivent"], housing["Comparables ayant répondu"]) == (1, 1)
    assert housing["Part des pairs (%)"] == pytest.approx(100 * 2 / 3)
    assert housing["quotes"] == [("B", "B fait logement_internes.", 20), ("D", "D fait logement_internes.", 30)]
    assert housing["examples"] == [("Ville-X", "Studio pour internes", "300 €/mois")]
    msp = found.iloc[1]
    assert msp["comparables"] == [] and msp["Part des pairs (%)"] == pytest.approx(100 / 3)  # E is not counted


def test_singular_lists_what_few_peers_do():
    rare = peers_lib.singular("A", PEERS, STATUS, MEASURES, CATALOG)
    assert rare[["measure", "Pairs qui la décrivent", "Pairs ayant répondu"]].values.tolist() == [
        ["emploi_conjoint", 0, 3]]


def test_peer_table_puts_the_departement_first_and_never_counts_a_silent_peer():
    table = peers_lib.peer_table("A", PEERS, DEPARTEMENTS, STATUS, MEASURES)
    assert list(table["code"]) == ["A", "B", "C", "D", "E"]
    counts = dict(zip(table["code"], table["Mesures décrites en 2022"]))
    assert counts["B"] == 2 and counts["C"] == 0 and counts["D"] == 1
    assert pd.isna(counts["E"])  # no answer: unknown, not 0
    assert table.set_index("code").loc["B", "Frontière commune (km)"] == 40.0
    capacity = table.set_index("code")[peers_lib.DESCRIPTORS["capacity_per_100k"]]
    assert capacity["D"] == 12.3 and pd.isna(capacity["E"])  # rounded for reading; missing stays missing


def test_pistes_csv_is_data():
    found = peers_lib.pistes("A", PEERS, STATUS, MEASURES, CATALOG, INITIATIVES)
    names = dict(zip(DEPARTEMENTS["code"], DEPARTEMENTS["name"]))
    back = pd.read_csv(io.BytesIO(ui.csv_bytes(peers_lib.pistes_export(found, names))), sep=";", decimal=",",
                       encoding="utf-8-sig")
    assert back["Voisins qui la décrivent"].tolist() == [1, 1]
    assert back["Part des pairs (%)"].tolist() == [66.7, 33.3]
    assert back["Départements qui la décrivent"].tolist() == ["Bêta|Delta", "Bêta"]


def test_year_summary_respects_silent_years():
    measures = pd.DataFrame([
        {**_measure("A", "emploi_conjoint", 10)},
        {**_measure("A", "logement_internes", 5), "year": 2019},
        {**_measure("A", "soutien_msp", 6), "year": 2019}, {**_measure("A", "soutien_msp", 11)},
    ]).assign(note=None)
    units = pd.DataFrame(columns=["code", "year", "measures", "text", "source_line", "negation"]).astype(
        {"negation": bool})
    both = pd.DataFrame({"code": ["A", "A"], "year": [2019, 2022], "status": ["measures", "measures"]})
    compare = views.compare_years("A", measures, units, CATALOG, both)
    assert views.year_summary(compare) == [
        "Maintenues (1) : Soutien aux MSP", "Nouvelles en 2022 (1) : Emploi du conjoint",
        "Non décrites en 2022 (1) : Logement des internes"]
    silent_2019 = both.assign(status=["no_response", "measures"])
    compare = views.compare_years("A", measures[measures["year"] == 2022], units, CATALOG, silent_2019)
    assert set(compare["change"]) == {"unknown_2019"}  # not "added": 2019 says nothing
