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

from etl import evidence, summary_tables
from etl.atlas_text import match_key
from etl.evidence import Review, Unit
from etl.pages import YEARS, Assigned, Bullet, Part, bullets
from etl.vocabulary import CARRY_OVER, MEASURE_KEYS, label, negation

_AMOUNT = re.compile(
    r"\d[\d\s.\u00a0]*(?:,\d+)?\s?(?:€|euros?\b|M€)(?:\s?(?:/\s?|par\s)(?:mois|an|semestre|stage|jour|projet))?",
    re.IGNORECASE,
)


def amounts(text: str) -> str | None:
    found = [re.sub(r"\s+", " ", m.group(0)).strip() for m in _AMOUNT.finditer(text)]
    return "; ".join(dict.fromkeys(found)) or None


@dataclass(frozen=True)
class LabelledUnit:
    """An evidence unit with the rules' proposal and the label that is published (reviewed when a person did)."""

    code: str
    year: int
    bullet: Bullet
    index: int  # 1-based rank of the unit in its bullet
    unit: Unit
    rule_measures: tuple[str, ...]
    rule_negation: bool
    measures: tuple[str, ...]
    negation: bool
    review: Review | None
    carry_over: bool

    @property
    def offered(self) -> tuple[str, ...]:
        """Measures of the twelve this unit says the département offers."""
        return _offered(self.measures, self.negation)

    @property
    def rule_offered(self) -> tuple[str, ...]:
        """What the keyword rules alone would say the département offers."""
        return _offered(self.rule_measures, self.rule_negation)

    @property
    def ended(self) -> tuple[str, ...]:
        """Measures of the twelve this unit says are absent or have ended."""
        return tuple(k for k in self.measures if k != "other") if self.negation else ()


def _offered(keys: tuple[str, ...], negated: bool) -> tuple[str, ...]:
    return () if negated else tuple(k for k in keys if k != "other")


def rule_label(text: str) -> tuple[tuple[str, ...], bool]:
    """What the keyword rules propose for one unit: (keys, negation)."""
    return tuple(label(text)), negation(text) is not None


def label_part(code: str, year: int, part: Part | None,
               reviews: dict[tuple[int, str], Review] | None = None) -> tuple[list[LabelledUnit], list[int]]:
    """Every unit of a part, labelled by its review where there is one, by the rules otherwise."""
    if part is None:
        return [], []
    reviews = reviews or {}
    items, dropped = bullets(part)
    out = []
    for b in items:
        for i, unit in enumerate(b.units, start=1):
            carry = bool(CARRY_OVER.search(match_key(unit.text)))
            rules, rule_neg = rule_label(unit.text)
            review = reviews.get((unit.line, unit.text))
            chosen, neg = (review.measures, review.negation) if review else (rules, rule_neg)
            out.append(LabelledUnit(code, year, b, i, unit, rules, rule_neg, chosen, neg, review, carry))
    return out, dropped


def page_keys(labelled: list[LabelledUnit]) -> set[str]:
    return {k for lu in labelled for k in lu.offered}


def part_keys(code: str, year: int, part: Part | None, reviews: dict | None = None) -> set[str]:
    return page_keys(label_part(code, year, part, reviews)[0])


def agreement(page: set[str], table: set[str]) -> int:
    """Measures both sources give, minus measures only one gives."""
    return len(page & table) - len(page ^ table)


_YEAR_MENTION = re.compile(r"\b(20[012]\d)\b")
_NEW_WORDS = re.compile(r"\b(desormais|nouvel(?:le)?s?|nouveaux?|a ete votee?|depuis (?:2019|2020|2021|2022))\b")


def year_evidence(part: Part) -> tuple[int | None, int]:
    """(latest year the part mentions, number of 'désormais / nouveau / depuis 2020'-like words)."""
    text = match_key(" ".join(l.stripped for l in part.lines))
    years = [int(y) for y in _YEAR_MENTION.findall(text)]
    return (max(years) if years else None), len(_NEW_WORDS.findall(text))


TABLE_MARGIN = 2  # a one-measure difference in agreement is within the table's own error rate


def order_chooser(table_sets: dict[str, set[str]], table_lines: dict[str, int], reviews: dict | None = None):
    """Decide which of two parts without a readable year is 2022, from every clue the atlas gives.

    Two votes: the dates the parts mention (the 2019 survey cannot mention 2020-2022) and the
    agreement of each part's labels with the 2022 summary table, when one part agrees better by
    at least TABLE_MARGIN measures. The note records both, the
    decision and a confidence (élevée: both votes agree; moyenne: one vote; faible: none or split).
    """

    def choose(code: str, first: Part, second: Part, stacked: bool) -> tuple[bool, str]:
        head = ("titres « 2019 » et « 2022 » imprimés l'un sous l'autre" if stacked
                else "aucun titre d'année imprimé")
        clues, votes = [], []
        (y1, w1), (y2, w2) = year_evidence(first), year_evidence(second)
        late1, late2 = (y1 or 0) >= 2020, (y2 or 0) >= 2020
        if late1 != late2:
            votes.append(1 if late1 else -1)
        clues.append(f"dates citées : {y1 or 'aucune'} (1re partie), {y2 or 'aucune'} (2e)")
        if w1 or w2:
            clues.append(f"mots « désormais, nouveau, depuis 2020… » : {w1} (1re), {w2} (2e), indice non décisif")
        if code in table_sets and (first.lines or second.lines):
            table = table_sets[code]
            a = agreement(part_keys(code, 2022, first, reviews), table)
            b = agreement(part_keys(code, 2022, second, reviews), table)
            if abs(a - b) >= TABLE_MARGIN:
                votes.append(1 if a > b else -1)
            clues.append(f"accord avec le tableau résumé 2022 (ligne {table_lines[code]}) : {a:+d} (1re), {b:+d} (2e)"
                         + ("" if abs(a - b) >= TABLE_MARGIN or a == b else ", écart trop faible pour trancher"))
        else:
            clues.append("pas de tableau résumé 2022 pour trancher")
        total = sum(votes)
        swap = total > 0
        if total == 0:
            confidence = "faible"
        elif len(votes) == 2:
            confidence = "élevée"
        else:
            confidence = "moyenne"
        decision = ("1re partie = 2022" if swap else
                    "1re partie = 2019, 2e = 2022" + (" (ordre du texte, faute d'indice décisif)" if total == 0 else ""))
        return swap, f"{head} : {decision} ; confiance {confidence} ; " + " ; ".join(clues)

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


def _ordered(keys) -> list[str]:
    return [k for k in MEASURE_KEYS if k in set(keys)]


def measure_texts(labelled: list[LabelledUnit]) -> pd.DataFrame:
    """One row per bullet (the full paragraph), with what its units state."""
    bullets_: dict[tuple, list[LabelledUnit]] = {}
    for lu in labelled:
        bullets_.setdefault((lu.code, lu.year, lu.bullet.position), []).append(lu)
    rows = []
    for (code, year, position), units in bullets_.items():
        offered = _ordered(k for lu in units for k in lu.offered)
        other = any(lu.measures == ("other",) and not lu.negation for lu in units)
        rows.append({
            "code": code, "year": year, "position": position, "text": units[0].bullet.text,
            "measures": offered + (["other"] if other else []),
            "ended_measures": _ordered(k for lu in units for k in lu.ended),
            "carry_over": any(lu.carry_over for lu in units),
            "source_line": units[0].bullet.line,
        })
    return pd.DataFrame(rows).sort_values(["code", "year", "position"]).reset_index(drop=True)


def evidence_units(labelled: list[LabelledUnit]) -> pd.DataFrame:
    """One row per evidence unit: the sentence, its published label, the rules' proposal and the review."""
    rows = [
        {
            "code": lu.code, "year": lu.year, "position": lu.bullet.position, "unit": lu.index,
            "source_line": lu.unit.line, "text": lu.unit.text,
            "measures": list(lu.measures), "negation": lu.negation,
            "rule_measures": list(lu.rule_measures), "rule_negation": lu.rule_negation,
            "review": "reviewed" if lu.review else "rules_only",
            "review_reason": lu.review.reason if lu.review else None,
        }
        for lu in labelled
    ]
    return pd.DataFrame(rows).sort_values(["code", "year", "position", "unit"]).reset_index(drop=True)


def page_measures(labelled: list[LabelledUnit]) -> list[dict]:
    """One row per (département, year, measure) from the pages; 2022 carry-overs copy 2019.

    The evidence is the first unit that states the measure (past a bare heading ending with a colon);
    `detail` takes the amounts of
    the units that state it, and of no other sentence of the paragraph.
    """
    rows: dict[tuple, dict] = {}
    by_part: dict[tuple[str, int], list[LabelledUnit]] = {}
    for lu in labelled:
        by_part.setdefault((lu.code, lu.year), []).append(lu)
    for (code, year), items in by_part.items():
        for lu in items:
            for key in lu.offered:
                row = rows.setdefault((code, year, key), {
                    "code": code, "year": year, "measure": key, "source": "page", "detail": None, "note": None,
                    "source_line": lu.unit.line, "evidence": lu.unit.text, "evidence_lines": [],
                    "paragraph_line": lu.bullet.line, "review": "reviewed",
                })
                row["evidence_lines"].append(lu.unit.line)
                if row["evidence"].endswith(":") and not lu.unit.text.endswith(":"):
                    # a bare heading ("Promotion du territoire :") gives way to the first sentence that says more
                    row.update(source_line=lu.unit.line, evidence=lu.unit.text, paragraph_line=lu.bullet.line)
                if lu.review is None:
                    row["review"] = "rules_only"
                found = amounts(lu.unit.text)
                if found:
                    row["detail"] = "; ".join(dict.fromkeys(filter(None, [row["detail"], found])))
        carry = next((lu for lu in items if lu.carry_over), None)
        if carry and year == 2022:
            for lu in by_part.get((code, 2019), []):
                for key in lu.offered:
                    if (code, 2022, key) not in rows:
                        rows[(code, 2022, key)] = {
                            "code": code, "year": 2022, "measure": key, "source": "page", "detail": None,
                            "note": f"reconduite de 2019 (ligne {lu.unit.line})",
                            "source_line": carry.unit.line, "evidence": carry.unit.text,
                            "evidence_lines": [carry.unit.line], "paragraph_line": carry.bullet.line,
                            "review": "reviewed" if carry.review and lu.review else "rules_only",
                        }
    for row in rows.values():
        row["evidence_lines"] = sorted(set(row["evidence_lines"]))
    return list(rows.values())


def table_measures(cells: list[summary_tables.Cell], uncertain: set[tuple[str, str]] = frozenset()) -> list[dict]:
    return [
        {"code": c.code, "year": 2022, "measure": c.measure, "source": "summary_table",
         "detail": c.detail,
         "note": ("lecture incertaine : les deux meilleures lectures des colonnes du tableau ne s'accordent pas "
                  "sur cette case") if (c.code, c.measure) in uncertain else None,
         "source_line": c.line, "evidence": None, "evidence_lines": [c.line], "paragraph_line": None,
         "review": None}
        for c in cells
    ]


def measures_frame(rows: list[dict]) -> pd.DataFrame:
    order = {k: i for i, k in enumerate(MEASURE_KEYS)}
    frame = pd.DataFrame(rows)
    frame["_order"] = frame["measure"].map(order)
    frame = frame.sort_values(["code", "year", "source", "_order"]).drop(columns="_order")
    return frame.reset_index(drop=True)


def conflicts(status: pd.DataFrame, measures: pd.DataFrame, rows_by_code: dict,
              uncertain: set[tuple[str, str]] = frozenset()) -> pd.DataFrame:
    """2022 (département, measure) where the summary table and the page disagree, with the kind of disagreement."""
    out = []
    m22 = measures[measures["year"] == 2022]
    page_status = status[status["year"] == 2022].set_index("code")
    for code, row in sorted(rows_by_code.items()):
        if code not in page_status.index or page_status.loc[code, "status"] == "not_in_atlas":
            continue
        mine = m22[m22["code"] == code]
        table = set(mine.loc[mine["source"] == "summary_table", "measure"])
        page = mine[mine["source"] == "page"].set_index("measure")["source_line"].to_dict()
        state = page_status.loc[code, "status"]
        for key in MEASURE_KEYS:
            in_table, on_page = key in table, key in page
            if in_table == on_page:
                continue
            if (code, key) in uncertain:
                kind = "uncertain_reading"
            elif state in ("empty", "no_response"):
                kind = "empty_page"
            else:
                kind = "self_contradiction"
            out.append({
                "code": code,
                "measure": key,
                "kind": kind,
                "in_summary_table": in_table,
                "on_page": on_page,
                "page_status": state,
                "table_line": row.line,
                "page_line": int(page[key]) if on_page else int(page_status.loc[code, "source_line"]),
            })
    return pd.DataFrame(out, columns=["code", "measure", "kind", "in_summary_table", "on_page", "page_status",
                                      "table_line", "page_line"])


def rule_scores(labelled: list[LabelledUnit]) -> dict:
    """The keyword rules against the reviews, per measure: on units, and on (département, year) pages."""
    reviewed = [lu for lu in labelled if lu.review is not None]
    unit_pairs = [(set(lu.rule_offered), set(lu.offered)) for lu in reviewed]
    parts: dict[tuple, tuple[set, set]] = {}
    for lu in reviewed:
        rules, human = parts.setdefault((lu.code, lu.year), (set(), set()))
        rules |= set(lu.rule_offered)
        human |= set(lu.offered)
    keys = tuple(k for k in MEASURE_KEYS if k != "other")
    changed = sum(1 for lu in reviewed
                  if (set(lu.rule_measures) - {"other"}, lu.rule_negation) != (set(lu.measures) - {"other"}, lu.negation))
    return {"units": evidence.scores(unit_pairs, keys), "pages": evidence.scores(list(parts.values()), keys),
            "reviewed": len(reviewed), "total": len(labelled), "changed": changed}


def reading_scores(tables: list[summary_tables.Table], page_sets: dict[str, set[str]]) -> list[dict]:
    """Every reading of each table, scored against the 2022 page labels, best first.

    Score = measures both sources give minus measures only one gives, over the départements
    whose 2022 page describes measures. Ties keep the header-aligned reading first.
    """
    report = []
    for table in tables:
        scored = []
        for reading in summary_tables.readings(table):
            both = only = 0
            by_code: dict[str, set[str]] = {}
            for cell in summary_tables.cells(table, reading):
                by_code.setdefault(cell.code, set()).add(cell.measure)
            for row in table.rows:
                for code in row.codes:
                    if code in page_sets:
                        t, p = by_code.get(code, set()), page_sets[code]
                        both += len(t & p)
                        only += len(t ^ p)
            scored.append({"reading": reading, "both": both, "only_one": only, "score": both - only})
        scored.sort(key=lambda r: (-r["score"], not r["reading"].header_aligned))
        report.append({"table": table, "header_line": table.header_line, "region": table.region, "readings": scored})
    return report


def uncertain_cells(report: list[dict]) -> set[tuple[str, str]]:
    """(code, measure) whose presence differs between the best reading of its table and the second best
    (every reading tied for second place)."""
    out: set[tuple[str, str]] = set()
    for entry in report:
        if len(entry["readings"]) < 2:
            continue
        readings = entry["readings"]
        best = {(c.code, c.measure) for c in summary_tables.cells(entry["table"], readings[0]["reading"])}
        for runner_up in (r for r in readings[1:] if r["score"] == readings[1]["score"]):
            other = {(c.code, c.measure) for c in summary_tables.cells(entry["table"], runner_up["reading"])}
            out |= best ^ other
    return out
