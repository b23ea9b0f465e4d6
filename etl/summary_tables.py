"""The 2022 summary tables ("TABLEAUX RÉSUMÉS"): one row per département, 12 measure columns.

The tables are tab-separated but not all alike:

* most have a header of 13 fields (an empty or region cell, then the 12 measures) and
  rows of 13 fields (name, then one cell per measure);
* Auvergne-Rhône-Alpes and Bourgogne-Franche-Comté have a 14-field header with an
  extra *empty* field before the first measure, and rows with one cell more than there
  are measures. That extra column holds the amounts of the interns' grant
  ("400 €/MOIS", "600€ POUR 6 MOIS") or a dot, and is non-empty only where the
  "aide financière aux internes" column has a dot.

By default every cell is read at the header field of the same position ("header-aligned"),
an unnamed header field being a *detail* of the measure column on its right. Where a row
has one field more than there are measures, every reading that fits the count is scored
against the reviewed département pages (``measures.reading_scores``); the best one is kept
and the cells on which the two best readings disagree are published as uncertain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.atlas_text import Atlas, Line
from etl.geography import NameIndex
from etl.vocabulary import table_header_key

DOT = "●"
_RATIO = re.compile(r"^\d+/\d+$")
DETAIL = "detail"  # column role of an unnamed header field


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    codes: tuple[str, ...]
    cells: tuple[str, ...]  # cells after the name, stripped


@dataclass(frozen=True)
class Table:
    header_line: int
    region: str | None
    roles: tuple[str | None, ...]  # per cell position after the name: measure key, DETAIL, or None
    rows: tuple[Row, ...]
    skipped: tuple[tuple[int, str], ...]  # (line, text) of ratio rows such as "6/6"

    @property
    def measure_positions(self) -> dict[str, int]:
        return {role: i for i, role in enumerate(self.roles) if role not in (None, DETAIL)}


@dataclass(frozen=True)
class Cell:
    """A summary-table value for one (département, measure)."""

    code: str
    measure: str
    detail: str | None
    line: int


def table_lines(atlas: Atlas) -> list[Line]:
    """Tab-separated lines before the first region section (and the bare ratio lines among them)."""
    out = []
    for line in atlas.lines:
        if line.stripped.startswith("La région") and "composée" in line.text:
            break
        if "\t" in line.text or (out and _RATIO.match(line.stripped)):
            out.append(line)
    return out


def _is_header(fields: list[str]) -> bool:
    return sum(table_header_key(f) is not None for f in fields) >= 6


def parse_header(atlas: Atlas, line: Line, fields: list[str]) -> tuple[str | None, tuple]:
    region = fields[0] or None
    roles: list[str | None] = []
    for position, field in enumerate(fields[1:], start=1):
        key = table_header_key(field)
        if key:
            roles.append(key)
        elif not field:
            roles.append(DETAIL)
        else:
            raise atlas.error(line.number, f"summary-table header field {position} '{field}' is not a known measure")
    found = [r for r in roles if r not in (None, DETAIL)]
    if len(found) != 12 or len(set(found)) != 12:
        raise atlas.error(line.number, f"expected a header naming the 12 measures once each, found {len(set(found))}")
    # A detail column must sit just left of a measure column.
    for i, role in enumerate(roles):
        if role == DETAIL and (i + 1 >= len(roles) or roles[i + 1] in (None, DETAIL)):
            raise atlas.error(line.number, f"unnamed header field {i + 1} is not followed by a measure column")
    return region, tuple(roles)


def parse(atlas: Atlas, index: NameIndex) -> list[Table]:
    tables: list[Table] = []
    current: dict | None = None

    def close() -> None:
        if current is not None:
            tables.append(Table(current["line"], current["region"], current["roles"],
                                tuple(current["rows"]), tuple(current["skipped"])))

    for line in table_lines(atlas):
        fields = [f.strip() for f in line.text.split("\t")]
        if _is_header(fields):
            close()
            region, roles = parse_header(atlas, line, fields)
            current = {"line": line.number, "region": region, "roles": roles, "rows": [], "skipped": []}
            continue
        if current is None:
            raise atlas.error(line.number, "summary-table row before any header")
        name, cells = fields[0], fields[1:]
        if _RATIO.match(name) and not any(cells):
            current["skipped"].append((line.number, name))
            continue
        if len(cells) > len(current["roles"]):
            extra = [c for c in cells[len(current["roles"]):] if c]
            if extra:
                raise atlas.error(line.number, f"row '{name}' has {len(cells)} cells for {len(current['roles'])} columns")
            cells = cells[: len(current["roles"])]
        cells = cells + [""] * (len(current["roles"]) - len(cells))
        codes = index.codes(name)
        if codes is None:
            if not any(cells) and index.region(name):
                current["region"] = current["region"] or name
                continue
            raise atlas.error(line.number, f"unknown département name '{name}' in a summary table")
        for i, role in enumerate(current["roles"]):
            if role == DETAIL and parse_cell(cells[i])[1] and not parse_cell(cells[i + 1])[0]:
                raise atlas.error(line.number, f"row '{name}': amount '{cells[i]}' beside an empty measure cell")
        current["rows"].append(Row(line.number, name, codes, tuple(cells)))
    close()
    if not tables:
        raise atlas.error(None, "no 2022 summary table found (expected tab-separated tables before the first region)")
    return tables


def parse_cell(value: str) -> tuple[bool, str | None]:
    """('●' -> present), ('● (CDS)' -> present, 'CDS'), ('400 €/MOIS' -> present, '400 €/MOIS')."""
    value = value.strip()
    if not value:
        return False, None
    if value == DOT:
        return True, None
    if value.startswith(DOT):
        rest = value[len(DOT):].strip()
        if rest.startswith("(") and rest.endswith(")"):
            rest = rest[1:-1].strip()
        return True, rest or None
    return True, value


@dataclass(frozen=True)
class Reading:
    """Which cell positions each measure is read from.

    A row with one cell more than there are measures admits one reading per measure: that
    measure spans two fields, those before it are read at their own position and those after
    it one field to the right. The header-aligned reading (the unnamed header field is the
    amount beside the first measure) is one of them; a full one-column shift is another.
    """

    name: str  # French, for the quality report
    positions: tuple[tuple[str, tuple[int, ...]], ...]  # (measure, cell positions)
    header_aligned: bool


def readings(table: Table) -> list[Reading]:
    order = [r for r in table.roles if r not in (None, DETAIL)]
    aligned = table.measure_positions
    if len(table.roles) != len(order) + 1:
        return [Reading("alignée sur l'en-tête", tuple((m, (aligned[m],)) for m in order), True)]
    out = []
    for k, spanning in enumerate(order):
        positions = tuple((m, (i,) if i < k else (k, k + 1) if i == k else (i + 1,)) for i, m in enumerate(order))
        is_aligned = all(p[-1] == aligned[m] for m, p in positions)
        name = "alignée sur l'en-tête" if is_aligned else f"« {spanning} » sur deux champs"
        out.append(Reading(name, positions, is_aligned))
    return out


def header_reading(table: Table) -> Reading:
    return next(r for r in readings(table) if r.header_aligned)


def cells(table: Table, reading: Reading | None = None) -> list[Cell]:
    """Present measures of every row, read as `reading` says (the header-aligned reading by default)."""
    reading = reading or header_reading(table)
    out: list[Cell] = []
    for row in table.rows:
        for measure, positions in reading.positions:
            parsed = [parse_cell(row.cells[p]) for p in positions if p < len(row.cells)]
            if not any(present for present, _ in parsed):
                continue
            detail = "; ".join(d for _, d in parsed if d) or None
            out.extend(Cell(code, measure, detail, row.line) for code in row.codes)
    return out


def rows_by_code(tables: list[Table]) -> dict[str, Row]:
    return {code: row for table in tables for row in table.rows for code in row.codes}
