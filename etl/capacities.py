"""Training capacities ("CAPACITÉ DE FORMATION EN 2018 / 2022") by university subdivision.

Traps handled here:

* letter-spaced names ("B E S A N Ç O N") and spelling variants ("SAINT - ETIENNE");
* "médecine générale" is printed as "dont N": a subset of spécialités médicales, never to be added;
* a 2022 block without a header of its own (Antilles-Guyane) belongs to the block above it;
* lines missing from a block become rows with a null capacity and a note, never 0; a printed 0 stays 0;
* Corsica's two 2018 "poles" repeat the Nice and Marseille figures: they are kept (they are
  in the atlas) but point to the line they repeat, so totals can leave them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from etl.atlas_text import Atlas, name_key
from etl.vocabulary import DISCIPLINES

if TYPE_CHECKING:  # the app imports per_population: keep etl.pages (and geopandas) out of its imports
    from etl.pages import Section

# name_key of the block headers -> (subdivision, pole). The pole is set for Corsica's poles.
SUBDIVISIONS: dict[str, tuple[str, str | None]] = {
    "CLERMONT FERRAND": ("Clermont-Ferrand", None),
    "GRENOBLE": ("Grenoble", None),
    "LYON": ("Lyon", None),
    "SAINT ETIENNE": ("Saint-Étienne", None),
    "BESANCON": ("Besançon", None),
    "DIJON": ("Dijon", None),
    "BREST": ("Brest", None),
    "RENNES": ("Rennes", None),
    "TOURS": ("Tours", None),
    "HAUTE CORSE NICE": ("Nice", "Haute-Corse"),
    "CORSE DU SUD MARSEILLE": ("Marseille", "Corse-du-Sud"),
    "NANCY": ("Nancy", None),
    "REIMS": ("Reims", None),
    "STRASBOURG": ("Strasbourg", None),
    "AMIENS": ("Amiens", None),
    "LILLE": ("Lille", None),
    "PARIS": ("Paris", None),
    "CAEN": ("Caen", None),
    "ROUEN": ("Rouen", None),
    "BORDEAUX": ("Bordeaux", None),
    "LIMOGES": ("Limoges", None),
    "POITIERS": ("Poitiers", None),
    "MONTPELLIER": ("Montpellier", None),
    "TOULOUSE": ("Toulouse", None),
    "NANTES": ("Nantes", None),
    "ANGERS": ("Angers", None),
    "MARSEILLE": ("Marseille", None),
    "NICE": ("Nice", None),
    "LA REUNION": ("La Réunion", None),
    "GUADELOUPE MARTINIQUE GUYANE": ("Antilles-Guyane", None),
}

_HEADER = re.compile(r"^\|\s*(.+?)\s*\|$")
_YEAR = re.compile(r"^CAPACITÉ DE FORMATION EN (\d{4})\s*:$")
_ITEM = re.compile(
    r"^- \*\*(\d+)\*\* INTERNES? PEU(?:VENT|T) ÊTRE FORMÉS? EN (.+?)(?: DONT \*\*(\d+)\*\* EN (.+?))?\.?$"
)


@dataclass(frozen=True)
class Value:
    region: str
    subdivision: str
    pole: str | None
    year: int
    discipline: str
    capacity: int | None
    note: str | None
    source_line: int


def _discipline(atlas: Atlas, line: int, text: str) -> str:
    key = name_key(text)
    for discipline, spec in DISCIPLINES.items():
        if key == spec["atlas"]:
            return discipline
    raise atlas.error(line, f"unknown training discipline '{text}'")


def parse_section(atlas: Atlas, section: Section) -> list[Value]:
    if not section.capacity_start:
        return []
    stop = section.page_start - 1 if section.page_start else section.end
    values: list[Value] = []
    subdivision = pole = None
    header_line = 0
    block: dict | None = None

    def close() -> None:
        if block is None:
            return
        given = {v.discipline for v in block["values"]}
        values.extend(block["values"])
        for discipline, spec in DISCIPLINES.items():
            if block["year"] in spec["years"] and discipline not in given:
                values.append(Value(section.region, block["subdivision"], block["pole"], block["year"], discipline,
                                    None, f"ligne absente du bloc de l'atlas (ligne {block['line']})", block["line"]))

    for n in range(section.capacity_start + 1, stop + 1):
        text = atlas.line(n).stripped
        header = _HEADER.match(text)
        if header:
            key = name_key(header.group(1))
            if key not in SUBDIVISIONS:
                raise atlas.error(n, f"unknown university subdivision '{header.group(1)}'")
            (subdivision, pole), header_line = SUBDIVISIONS[key], n
            continue
        year = _YEAR.match(text)
        if year:
            close()
            if subdivision is None:
                raise atlas.error(n, "capacity block without a subdivision header above it")
            note = None
            if header_line < (block["line"] if block else 0):
                note = f"bloc sans en-tête propre : rattaché à « {subdivision} » (en-tête ligne {header_line})"
            block = {"subdivision": subdivision, "pole": pole, "year": int(year.group(1)), "line": n,
                     "values": [], "note": note}
            continue
        if text.startswith("- **"):
            item = _ITEM.match(text)
            if not item or block is None:
                raise atlas.error(n, "expected '- **N** INTERNES PEUVENT ÊTRE FORMÉS EN <discipline>' in a capacity block")
            pairs = [(item.group(1), item.group(2))]
            if item.group(3):
                pairs.append((item.group(3), item.group(4)))
            for number, text_discipline in pairs:
                discipline = _discipline(atlas, n, text_discipline)
                if discipline == "dont_medecine_generale" and len(pairs) == 1:
                    raise atlas.error(n, "médecine générale printed outside a 'DONT' clause")
                if block["year"] not in DISCIPLINES[discipline]["years"]:
                    raise atlas.error(n, f"discipline {discipline} not expected in {block['year']}")
                if any(v.discipline == discipline for v in block["values"]):
                    raise atlas.error(n, f"discipline {discipline} printed twice in the block")
                block["values"].append(Value(section.region, subdivision, pole, block["year"], discipline,
                                             int(number), block["note"], n))
    close()
    return values


def mark_repeats(values: list[Value]) -> list[dict]:
    """Rows for the table; a pole's value points to the line of the subdivision figure it repeats."""
    own = {(v.subdivision, v.year, v.discipline): v for v in values if v.pole is None}
    rows = []
    for v in values:
        row = {"region": v.region, "subdivision": v.subdivision, "pole": v.pole, "year": v.year,
               "discipline": v.discipline, "capacity": v.capacity, "note": v.note,
               "source_line": v.source_line, "repeats_line": None}
        if v.pole is not None:
            original = own.get((v.subdivision, v.year, v.discipline))
            if original is None or original.capacity != v.capacity:
                row["note"] = (f"pôle {v.pole} : chiffre propre, différent de celui de {v.subdivision}"
                               if original else f"pôle {v.pole} : aucun chiffre de {v.subdivision} à comparer")
            else:
                row["repeats_line"] = original.source_line
                row["note"] = (f"pôle {v.pole} : reprend le chiffre de {v.subdivision} ({original.region}, "
                               f"ligne {original.source_line}) ; à ne pas additionner")
        rows.append(row)
    return rows


def frame(atlas: Atlas, sections: list[Section]) -> pd.DataFrame:
    values = [v for s in sections for v in parse_section(atlas, s)]
    if not values:
        raise atlas.error(None, "no training capacity found (expected 'CAPACITÉ DE FORMATION EN 2018 :' blocks)")
    out = pd.DataFrame(mark_repeats(values))
    order = {d: i for i, d in enumerate(DISCIPLINES)}
    out["_o"] = out["discipline"].map(order)
    out = out.sort_values(["region", "subdivision", "pole", "year", "_o"], na_position="first").drop(columns="_o")
    for column in ("capacity", "repeats_line"):
        out[column] = out[column].astype("Int64")
    return out.reset_index(drop=True)


def region_codes(capacity_region: str, departements: pd.DataFrame) -> list[str]:
    """The départements whose inhabitants a capacity section's subdivisions serve.

    A section's region is the official region of its départements; where the atlas groups
    several regions under one section (Guadeloupe, Martinique and Guyane share the
    Antilles-Guyane subdivision) it is their names joined by ", " (etl/pages.py)."""
    parts = capacity_region.split(", ")
    unknown = sorted(set(parts) - set(departements["region"]))
    if unknown:
        raise ValueError(f"training_capacity region {capacity_region!r}: {unknown} is no region of the départements")
    return sorted(departements.loc[departements["region"].isin(parts), "code"])


def per_population(capacity: pd.DataFrame, departements: pd.DataFrame, discipline: str,
                   years: tuple[int, ...] = (2018, 2022)) -> pd.DataFrame:
    """Per capacity region: the own subdivisions' total and that total per 100 000 inhabitants.

    One row per region of the atlas that has a subdivision of its own; Corsica's poles repeat
    Nice and Marseille (repeats_line) and are left out, so Corsica has no row. A year's total
    is null when the discipline is not given that year or one subdivision's figure is missing
    (a partial sum would understate it). Population: the current légale of every département
    the section serves, the same for both years. Columns: region, codes, population, and per
    year "<y>", "<y>_per_100k", "<y>_lines" (atlas lines of the figures summed)."""
    own = capacity[capacity["pole"].isna() & capacity["repeats_line"].isna() & (capacity["discipline"] == discipline)]
    population = departements.set_index("code")["population"]
    rows = []
    for region, group in own.groupby("region", sort=True):
        codes = region_codes(region, departements)
        row = {"region": region, "codes": codes, "population": int(population[codes].sum())}
        for year in years:
            figures = group[group["year"] == year]
            total = float(figures["capacity"].sum()) if len(figures) and figures["capacity"].notna().all() else None
            row[str(year)] = total
            row[f"{year}_per_100k"] = None if total is None else 1e5 * total / row["population"]
            row[f"{year}_lines"] = sorted(int(n) for n in figures["source_line"])
        rows.append(row)
    out = pd.DataFrame(rows)
    for year in years:
        for column in (str(year), f"{year}_per_100k"):
            out[column] = out[column].astype("Float64")
    return out
