"""From assigned page parts and summary-table cells to the published measure tables.

* ``survey_status``: one row per département and year (2019, 2022).
* ``measure_texts``: every page bullet with the measure keys its wording matches.
* ``measures``: one row per measure present, from the summary table (2022) or a page.
* ``conflicts``: 2022 (département, measure) pairs where the table and the page disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from etl import summary_tables
from etl.pages import YEARS, Assigned, Bullet, Part, bullets
from etl.atlas_text import match_key
from etl.vocabulary import CARRY_OVER, MEASURE_KEYS, label, negation

_AMOUNT = re.compile(
    r"\d[\d\s.\u00a0]*(?:,\d+)?\s?(?:€|euros?\b|M€)(?:\s?(?:/\s?|par\s)(?:mois|an|semestre|stage|jour|projet))?",
    re.IGNORECASE,
)


def amounts(text: str) -> str | None:
    found = [re.sub(r"\s+", " ", m.group(0)).strip() for m in _AMOUNT.finditer(text)]
    return "; ".join(dict.fromkeys(found)) or None


@dataclass(frozen=True)
class LabelledBullet:
    code: str
    year: int
    bullet: Bullet
    measures: tuple[str, ...]
    negation: str | None
    carry_over: bool


def label_part(code: str, year: int, part: Part | None) -> tuple[list[LabelledBullet], list[int]]:
    if part is None:
        return [], []
    items, dropped = bullets(part)
    out = [
        LabelledBullet(code, year, b, tuple(label(b.text)), negation(b.text),
                       bool(CARRY_OVER.search(match_key(b.text))))
        for b in items
    ]
    return out, dropped


def page_keys(labelled: list[LabelledBullet]) -> set[str]:
    return {k for lb in labelled for k in lb.measures if k != "other"}


def part_keys(code: str, year: int, part: Part | None) -> set[str]:
    return page_keys(label_part(code, year, part)[0])


def agreement(page: set[str], table: set[str]) -> int:
    """Measures both sources give, minus measures only one gives."""
    return len(page & table) - len(page ^ table)


def order_chooser(table_sets: dict[str, set[str]], table_lines: dict[str, int]):
    """Decide which of two unordered parts is 2022, from the 2022 summary table."""

    def choose(code: str, first: Part, second: Part) -> tuple[bool, str]:
        if code not in table_sets:
            return False, ("titres « 2019 » et « 2022 » imprimés l'un sous l'autre ; sans tableau résumé pour "
                           "trancher, l'ordre du texte est retenu (1re partie = 2019)")
        table = table_sets[code]
        a = agreement(part_keys(code, 2022, first), table)
        b = agreement(part_keys(code, 2022, second), table)
        head = "titres « 2019 » et « 2022 » imprimés l'un sous l'autre ; "
        where = f"tableau résumé 2022 (ligne {table_lines[code]})"
        scores = f"accord {a:+d} pour la 1re partie, {b:+d} pour la 2e"
        if a > b:
            return True, f"{head}la 1re partie correspond mieux au {where}, elle est retenue pour 2022 ({scores})"
        if a == b:
            return False, f"{head}le {where} ne départage pas les parties : ordre du texte retenu ({scores})"
        return False, f"{head}la 2e partie correspond mieux au {where} : ordre du texte retenu ({scores})"

    return choose


def survey_status(assigned: list[Assigned], all_codes: list[str], not_in_atlas_notes: dict[str, str]) -> pd.DataFrame:
    rows = [
        {"code": a.code, "year": a.year, "status": a.status, "source_line": a.source_line, "note": a.note}
        for a in assigned
    ]
    placed = {a.code for a in assigned}
    for code in all_codes:
        if code not in placed:
            for year in YEARS:
                rows.append({"code": code, "year": year, "status": "not_in_atlas", "source_line": None,
                             "note": not_in_atlas_notes.get(code, "absent de l'atlas")})
    frame = pd.DataFrame(rows).sort_values(["code", "year"]).reset_index(drop=True)
    frame["source_line"] = frame["source_line"].astype("Int64")
    return frame


def measure_texts(labelled: list[LabelledBullet]) -> pd.DataFrame:
    rows = [
        {
            "code": lb.code,
            "year": lb.year,
            "position": lb.bullet.position,
            "text": lb.bullet.text,
            "measures": list(lb.measures),
            "negation": lb.negation,
            "carry_over": lb.carry_over,
            "source_line": lb.bullet.line,
        }
        for lb in labelled
    ]
    return pd.DataFrame(rows).sort_values(["code", "year", "position"]).reset_index(drop=True)


def page_measures(labelled: list[LabelledBullet]) -> list[dict]:
    """One row per (département, year, measure) from the pages; 2022 carry-overs copy 2019."""
    rows: dict[tuple, dict] = {}
    by_part: dict[tuple[str, int], list[LabelledBullet]] = {}
    for lb in labelled:
        by_part.setdefault((lb.code, lb.year), []).append(lb)
    for (code, year), items in by_part.items():
        for lb in items:
            for key in lb.measures:
                if key == "other":
                    continue
                row = rows.setdefault((code, year, key), {
                    "code": code, "year": year, "measure": key, "source": "page",
                    "detail": None, "note": None, "source_line": lb.bullet.line,
                })
                found = amounts(lb.bullet.text)
                if found:
                    row["detail"] = "; ".join(dict.fromkeys(filter(None, [row["detail"], found])))
        carry = next((lb for lb in items if lb.carry_over), None)
        if carry and year == 2022:
            for lb in by_part.get((code, 2019), []):
                for key in lb.measures:
                    if key != "other" and (code, 2022, key) not in rows:
                        rows[(code, 2022, key)] = {
                            "code": code, "year": 2022, "measure": key, "source": "page", "detail": None,
                            "note": f"reconduite de 2019 (ligne {lb.bullet.line}) : « {carry.bullet.text} »",
                            "source_line": carry.bullet.line,
                        }
    return list(rows.values())


def table_measures(cells: list[summary_tables.Cell]) -> list[dict]:
    return [
        {"code": c.code, "year": 2022, "measure": c.measure, "source": "summary_table",
         "detail": c.detail, "note": None, "source_line": c.line}
        for c in cells
    ]


def measures_frame(rows: list[dict]) -> pd.DataFrame:
    order = {k: i for i, k in enumerate(MEASURE_KEYS)}
    frame = pd.DataFrame(rows)
    frame["_order"] = frame["measure"].map(order)
    frame = frame.sort_values(["code", "year", "source", "_order"]).drop(columns="_order")
    return frame.reset_index(drop=True)


def conflicts(status: pd.DataFrame, measures: pd.DataFrame, rows_by_code: dict) -> pd.DataFrame:
    """2022 (département, measure) where the summary table and the page disagree."""
    out = []
    m22 = measures[measures["year"] == 2022]
    page_status = status[status["year"] == 2022].set_index("code")
    for code, row in sorted(rows_by_code.items()):
        if code not in page_status.index or page_status.loc[code, "status"] == "not_in_atlas":
            continue
        mine = m22[m22["code"] == code]
        table = set(mine.loc[mine["source"] == "summary_table", "measure"])
        page = mine[mine["source"] == "page"].set_index("measure")["source_line"].to_dict()
        for key in MEASURE_KEYS:
            in_table, on_page = key in table, key in page
            if in_table == on_page:
                continue
            out.append({
                "code": code,
                "measure": key,
                "in_summary_table": in_table,
                "on_page": on_page,
                "page_status": page_status.loc[code, "status"],
                "table_line": row.line,
                "page_line": int(page[key]) if on_page else int(page_status.loc[code, "source_line"]),
            })
    return pd.DataFrame(out, columns=["code", "measure", "in_summary_table", "on_page", "page_status",
                                      "table_line", "page_line"])


def mapping_agreement(tables: list[summary_tables.Table], page_sets: dict[str, set[str]]) -> list[dict]:
    """For each table, how well the header-aligned reading and the one-column shifts match the pages."""
    report = []
    for table in tables:
        scores = {}
        for shift in (-1, 0, 1):
            both = only = 0
            by_code: dict[str, set[str]] = {}
            for cell in summary_tables.cells(table, shift):
                by_code.setdefault(cell.code, set()).add(cell.measure)
            for row in table.rows:
                for code in row.codes:
                    if code in page_sets:
                        t, p = by_code.get(code, set()), page_sets[code]
                        both += len(t & p)
                        only += len(t ^ p)
            scores[shift] = {"both": both, "only_one": only}
        report.append({"header_line": table.header_line, "region": table.region, "scores": scores})
    return report
