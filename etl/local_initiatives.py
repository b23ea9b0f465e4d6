"""Local initiatives (communes, intercommunalités...) and the levers of a CLS action sheet.

The initiatives are curated by hand in ``data/raw/local_initiatives.csv``, one row per
initiative, each resting on a verbatim quote of a document kept in
``data/raw/local_sources/``. This module checks every row (codes, dates, amounts,
vocabulary) and finds its quote in the document, so every published fact points to the
line that states it; it also reads the levers of the CLS action sheet and links them to
the atlas measures declared in ``etl.vocabulary.CLS_LEVERS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from etl import inputs
from etl.atlas_text import RAW_DIR, AtlasError, match_key
from etl.vocabulary import CLS_LEVERS, LEVELS, MEASURE_KEYS, SUBTYPE_KEYS

INITIATIVES_CSV = RAW_DIR / "local_initiatives.csv"
SOURCES_DIR = RAW_DIR / "local_sources"
CLS_SHEET = "fiche_action_cls_accueil_professionnels.txt"


@dataclass(frozen=True)
class SourceDocument:
    title: str
    publisher: str | None  # None where the document does not say
    date: str | None  # ISO date, None where the document does not say


# What each kept document says about itself (nothing added: unknown stays None).
SOURCE_DOCUMENTS: dict[str, SourceDocument] = {
    "chartres_metropole_attirer_nouveaux_medecins.txt": SourceDocument(
        "Attirer de nouveaux médecins", "Chartres métropole", None),
    "cner_attractivite_medicale_territoires.txt": SourceDocument(
        "Attractivité médicale : les territoires s'organisent", "CNER", None),
    "votre_agglo_chartres_2025-01-11.txt": SourceDocument(
        "L'Agglomération aux petits soins pour les médecins (Votre Agglo, Cindy Emond)", "Chartres métropole",
        "2025-01-11"),
    CLS_SHEET: SourceDocument(
        "Renforcer les politiques d'accueil des nouveaux professionnels de santé sur le territoire "
        "(fiche action de Contrat local de santé)", None, None),
}

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_CODES = re.compile(r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])(;(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6]))*$")
COLUMNS = ["initiative_id", "territory", "level", "departement_codes", "codes_from", "place_insee", "measure",
           "subtype", "title", "amount", "amount_unit", "amount_kind", "commitment_years_min",
           "commitment_years_max", "start_date", "end_date", "partners", "partners_doc", "source_doc", "quote"]


_SENTENCE_END = re.compile(r"[.!?:;»\"”)…]$")


def quote_line(text: str, quote: str) -> int | None:
    """1-based line where `quote` starts in `text` as whole sentences (whitespace and apostrophes
    normalised): it must begin where a sentence begins and end where one ends, so that a file cut
    mid-row, whose quote stops mid-sentence, is not taken for a real quote."""
    lines = text.split("\n")
    flat, starts = "", []
    for i, line in enumerate(lines, start=1):
        starts.append((len(flat), i))
        flat += match_key(line) + " \n "
    key = match_key(quote)
    for found in (m.start() for m in re.finditer(re.escape(key), flat)):
        before = flat[:found].rstrip(" ")
        after = flat[found + len(key):]
        begins = not before or before.endswith("\n") or bool(re.search(r"[.!?:;»\"“”(•*-]$", before))
        ends = bool(_SENTENCE_END.search(key)) or bool(re.match(r"\s*([.!?:;»\"”)…]|\n)", after))
        if begins and ends:
            return max(i for offset, i in starts if offset <= found)
    return None


def _number(value: str, kind, error, column: str):
    if value == "":
        return None
    try:
        number = kind(value)
    except ValueError:
        raise error(f"{column} '{value}' is not a number") from None
    if number < 0:
        raise error(f"{column} '{value}' is negative")
    return number


def load(path: Path = INITIATIVES_CSV, sources: Path = SOURCES_DIR, known_codes: set[str] | None = None) -> list[dict]:
    """Rows of the curated file, checked; raises AtlasError naming the file and line."""
    header, rows = inputs.read_csv_rows(path)
    if header != COLUMNS:
        raise AtlasError(path, 1, f"expected columns {COLUMNS}, found {header}")
    texts = {name: inputs.read_text(sources / name) for name in SOURCE_DOCUMENTS}
    out, seen = [], set()
    for line, row in rows:
        def _error(message: str, line: int = line) -> AtlasError:
            return AtlasError(path, line, message)

        if row["initiative_id"] in seen or not row["initiative_id"]:
            raise _error(f"initiative_id '{row['initiative_id']}' empty or repeated")
        seen.add(row["initiative_id"])
        if row["level"] not in LEVELS:
            raise _error(f"level '{row['level']}' not in {list(LEVELS)}")
        if not _CODES.match(row["departement_codes"]):
            raise _error(f"departement_codes '{row['departement_codes']}': expected codes like 28 or 14;27")
        codes = row["departement_codes"].split(";")
        if known_codes is not None and not set(codes) <= known_codes:
            raise _error(f"unknown département codes {sorted(set(codes) - known_codes)}")
        if row["codes_from"] not in ("document", "cog"):
            raise _error("codes_from must be 'document' (the text names the département) or 'cog' (official geography)")
        if row["measure"] not in MEASURE_KEYS:
            raise _error(f"measure '{row['measure']}' is not in the catalogue")
        if (row["measure"] == "other") != bool(row["subtype"]) or (row["subtype"] and row["subtype"] not in SUBTYPE_KEYS):
            raise _error(f"subtype '{row['subtype']}': required for 'other' (one of {list(SUBTYPE_KEYS)}), empty otherwise")
        for column in ("start_date", "end_date"):
            if row[column] and not _DATE.match(row[column]):
                raise _error(f"{column} '{row[column]}': expected YYYY, YYYY-MM or YYYY-MM-DD")
        if row["start_date"] and row["end_date"]:
            n = min(len(row["start_date"]), len(row["end_date"]))
            if row["end_date"][:n] < row["start_date"][:n]:
                raise _error("end_date before start_date")
        amount = _number(row["amount"], float, _error, "amount")
        if (amount is None) != (row["amount_unit"] == "") or (amount is None) != (row["amount_kind"] == ""):
            raise _error("amount, amount_unit and amount_kind go together")
        low = _number(row["commitment_years_min"], int, _error, "commitment_years_min")
        high = _number(row["commitment_years_max"], int, _error, "commitment_years_max")
        if low is not None and high is not None and high < low:
            raise _error("commitment_years_max below commitment_years_min")
        if row["source_doc"] not in SOURCE_DOCUMENTS:
            raise _error(f"source_doc '{row['source_doc']}' is not a kept document")
        found = quote_line(texts[row["source_doc"]], row["quote"])
        if found is None:
            raise _error(f"quote not found as whole sentences in {sources / row['source_doc']}")
        partners = [p.strip() for p in row["partners"].split(";") if p.strip()]
        partners_doc = row["partners_doc"] or row["source_doc"]
        if partners_doc not in SOURCE_DOCUMENTS:
            raise _error(f"partners_doc '{partners_doc}' is not a kept document")
        for partner in partners:
            if _plain(partner) not in _plain(texts[partners_doc]):
                raise _error(f"partner '{partner}' is not named in {sources / partners_doc} (cite the document that "
                             "names it in partners_doc)")
        doc = SOURCE_DOCUMENTS[row["source_doc"]]
        out.append({
            **{k: (v or None) for k, v in row.items()},
            "departement_codes": codes,
            "partners": partners,
            "partners_doc": partners_doc,
            "amount": amount,
            "commitment_years_min": low,
            "commitment_years_max": high,
            "source_title": doc.title,
            "source_publisher": doc.publisher,
            "source_date": doc.date,
            "source_line": found,
        })
    return out


def _plain(text: str) -> str:
    """Case, apostrophes and spacing aside, the words as the document prints them."""
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def frame(rows: list[dict], places: pd.DataFrame, shapes: gpd.GeoDataFrame) -> pd.DataFrame:
    """The published table: a marker at the territory's seat, or inside its département(s)."""
    seat = places.set_index("insee_commune")[["lat", "lon"]]
    geometry = dict(zip(shapes["code"], shapes.geometry))
    out = []
    for row in rows:
        if row["place_insee"]:
            lat, lon = seat.loc[row["place_insee"], ["lat", "lon"]]
            where = "mairie de la commune siège"
        else:
            point = shapely.union_all([geometry[c] for c in row["departement_codes"]]).point_on_surface()
            lat, lon, where = round(point.y, 4), round(point.x, 4), "point intérieur du territoire"
        out.append({**row, "lat": float(lat), "lon": float(lon), "marker": where})
    columns = ["initiative_id", "territory", "level", "departement_codes", "codes_from", "measure", "subtype", "title",
               "amount", "amount_unit", "amount_kind", "commitment_years_min", "commitment_years_max", "start_date",
               "end_date", "partners", "partners_doc", "lat", "lon", "marker", "source_doc", "source_title", "source_publisher",
               "source_date", "quote", "source_line"]
    table = pd.DataFrame(out)[columns]
    for column in ("commitment_years_min", "commitment_years_max"):
        table[column] = table[column].astype("Int64")
    return table.sort_values("initiative_id").reset_index(drop=True)


def cls_levers(sources: Path = SOURCES_DIR) -> pd.DataFrame:
    """The action sheet's levers ('*' lines of its 'Description' part), each linked to measures."""
    path = sources / CLS_SHEET
    lines = inputs.read_text(path).split("\n")
    start = next((i for i, l in enumerate(lines) if l.startswith("Description")), None)
    stop = next((i for i, l in enumerate(lines) if l.startswith("Prérequis")), None)
    if start is None or stop is None:
        raise AtlasError(path, None, "expected the 'Description' and 'Prérequis' parts of the CLS action sheet")
    rows, used = [], set()
    for i in range(start, stop):
        text = lines[i].strip()
        if not text.startswith("*"):
            continue
        text = text[1:].strip()
        link = [lever for lever in CLS_LEVERS if match_key(text).startswith(match_key(lever["starts"]))]
        if len(link) != 1:
            raise AtlasError(path, i + 1, f"lever without exactly one declared link in etl/vocabulary.py: '{text[:60]}'")
        lever = link[0]
        used.add(lever["key"])
        rows.append({"lever": lever["key"], "position": len(rows) + 1, "label": lever["label"], "text": text,
                     "measures": list(lever["measures"]), "subtypes": list(lever["subtypes"]),
                     "source_doc": CLS_SHEET, "source_line": i + 1})
    unused = [lever["key"] for lever in CLS_LEVERS if lever["key"] not in used]
    if unused:
        raise AtlasError(path, None, f"declared levers not found in the sheet: {unused}")
    return pd.DataFrame(rows)
