"""The curated local-initiatives file and the CLS levers: every row checked and sourced."""

import re
import shutil

import pytest

from etl import local_initiatives as li
from etl.atlas_text import AtlasError
from etl.vocabulary import CLS_LEVERS, MEASURE_KEYS, SUBTYPE_KEYS


@pytest.fixture(scope="module")
def rows(reference):
    return li.load(known_codes=set(reference["code"]))


def test_every_row_rests_on_a_verbatim_quote_at_its_line(rows):
    assert len(rows) == 20
    for row in rows:
        lines = (li.SOURCES_DIR / row["source_doc"]).read_text(encoding="utf-8").split("\n")
        first_words = " ".join(row["quote"].split()[:4])
        assert li.match_key(first_words) in li.match_key(lines[row["source_line"] - 1]), row["initiative_id"]


def test_facts_as_the_documents_state_them(rows):
    by_id = {r["initiative_id"]: r for r in rows}
    chartres = by_id["chartres-bourse-etude"]
    assert (chartres["amount"], chartres["amount_unit"], chartres["amount_kind"]) == (12000.0, "€/an", "plafond")
    assert (chartres["commitment_years_min"], chartres["commitment_years_max"]) == (5, 8)
    cholet = by_id["cholet-plan-enveloppe"]
    assert (cholet["amount"], cholet["end_date"]) == (600000.0, "2026-12-31")
    assert by_id["cholet-indemnite-etude"]["amount"] == 4800.0
    assert by_id["dieppe-medicobus"]["start_date"] == "2024-04-02"
    assert by_id["normandie-charte"]["departement_codes"] == ["14", "27", "50", "61", "76"]
    assert by_id["chartres-charte-non-concurrence"]["subtype"] == "charte_non_concurrence"


def test_vocabulary_and_sources(rows):
    for row in rows:
        assert row["measure"] in MEASURE_KEYS
        assert (row["measure"] == "other") == (row["subtype"] in SUBTYPE_KEYS)
        assert row["source_title"]
        for date in (row["start_date"], row["end_date"]):
            assert date is None or re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", date)
    # a date the document does not write stays empty: the Colisée evening says "le 28 novembre dernier"
    assert next(r for r in rows if r["initiative_id"] == "chartres-soiree-colisee")["start_date"] is None


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("2024-04-02", "2024-13-02", r"local_initiatives.csv:\d+: start_date '2024-13-02'"),
        ("unite_mobile", "teleportation", r"local_initiatives.csv:\d+: subtype 'teleportation'"),
        ("4 800 €", "5 800 €", r"local_initiatives.csv:\d+: quote not found"),
        (",28,document,", ",20,document,", r"tmp.*local_initiatives.csv:2: unknown département codes \['20'\]"),
        (",epci,28,", ",epci,28;,", r"local_initiatives.csv:2: departement_codes '28;'"),
    ],
)
def test_bad_rows_are_errors_naming_the_line(tmp_path, reference, old, new, message):
    raw = li.INITIATIVES_CSV.read_text(encoding="utf-8")
    assert old in raw
    bad = tmp_path / "local_initiatives.csv"
    bad.write_text(raw.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AtlasError, match=message):
        li.load(bad, known_codes=set(reference["code"]))


def test_cls_levers_are_all_linked():
    levers = li.cls_levers()
    assert len(levers) == len(CLS_LEVERS) == 19
    assert levers["source_line"].tolist()[:2] == [24, 26]
    assert all(set(m) <= set(MEASURE_KEYS) for m in levers["measures"])
    assert all(set(s) <= set(SUBTYPE_KEYS) for s in levers["subtypes"])


def test_an_unlinked_lever_is_an_error(tmp_path):
    for name in li.SOURCE_DOCUMENTS:
        shutil.copy(li.SOURCES_DIR / name, tmp_path / name)
    sheet = tmp_path / li.CLS_SHEET
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("*Expérimenter", "*Inventer"), encoding="utf-8")
    with pytest.raises(AtlasError, match=r":54: lever without exactly one declared link"):
        li.cls_levers(tmp_path)
