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


# What the loader does not check: that the amount is the one its quote writes and that the dates are
# written in the document. Read here with regular expressions of their own (not etl.local_initiatives).

_SPACES = "[ \u00a0\u202f]"
_AMOUNT = re.compile(
    rf"(?<![\d,])(?P<int>\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d+)(?:,(?P<dec>\d+))?{_SPACES}*"
    rf"(?P<mult>k|K|M|Md|millions?|milliards?)?{_SPACES}*(?:d['’]{_SPACES}*|de{_SPACES}+)?"
    r"(?P<cur>€|euros?\b|EUR\b)?"
)
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "million": 1e6, "millions": 1e6, "Md": 1e9, "milliard": 1e9,
                "milliards": 1e9}
_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"]


def amounts_in(text: str) -> set[float]:
    """Sums of money a French text writes: "12 000 €", "4 800 euros", "10k€", "1,5 million d'euros"..."""
    found = set()
    for m in _AMOUNT.finditer(text):
        if not (m["cur"] or m["mult"]):
            continue  # a bare number (years, percentages, durations) is not an amount
        value = float(re.sub(_SPACES, "", m["int"]) + (f".{m['dec']}" if m["dec"] else ""))
        found.add(round(value * _MULTIPLIERS.get(m["mult"], 1), 2))
    return found


def date_written(iso: str, text: str) -> bool:
    """Is the ISO date (YYYY, YYYY-MM or YYYY-MM-DD) written in the French text?"""
    parts = [int(p) for p in iso.split("-")]
    flat = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).lower()
    if len(parts) == 1:
        return re.search(rf"(?<!\d){parts[0]}(?!\d)", flat) is not None
    month = _MONTHS[parts[1] - 1]
    if len(parts) == 2:
        return re.search(rf"\b{month} {parts[0]}(?!\d)", flat) is not None
    year, number, day = parts
    day_text = "1er" if day == 1 else str(day)
    spelled = rf"(?<!\d){day_text} {month} {year}(?!\d)"
    numeric = rf"(?<!\d)0?{day}/0?{number}/{year}(?!\d)"
    return re.search(spelled, flat) is not None or re.search(numeric, flat) is not None


def test_french_amounts_and_dates_are_read():
    assert amounts_in("jusqu’à 12 000 € par an") == {12000}
    assert amounts_in("10 000 euros, 10\u202f000\u00a0€ ou 10k€, voire 10 k€") == {10000}
    assert amounts_in("1,5 million d'euros ; 2 M€") == {1.5e6, 2e6}
    assert amounts_in("95% des communes en 2023, 5 ans, 130 professionnels") == set()
    assert date_written("2024-09-25", "signé le mercredi 25 septembre 2024 et") and date_written("2024-04-02", "le 02/04/2024")
    assert date_written("2024-04-01", "dès le 1er avril 2024") and date_written("2023-01", "dès janvier 2023")
    assert not date_written("2024-04-02", "le 2 avril 2023") and not date_written("2024-02-04", "le 2 avril 2024")
    assert not date_written("2023", "120 230 € en 20234")


def test_every_amount_is_the_one_its_quote_writes(rows):
    with_amount = [r for r in rows if r["amount"] is not None]
    assert len(with_amount) == 3
    for row in with_amount:
        assert row["amount"] in amounts_in(row["quote"]), (row["initiative_id"], row["amount"], row["quote"])


def test_every_date_is_written_in_its_document(rows):
    dated = 0
    for row in rows:
        document = (li.SOURCES_DIR / row["source_doc"]).read_text(encoding="utf-8")
        for column in ("start_date", "end_date"):
            if row[column] is not None:
                dated += 1
                assert date_written(row[column], document), (row["initiative_id"], column, row[column])
    assert dated == 14
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
