"""The 2022 summary tables ("TABLEAUX RÉSUMÉS"): one row per département, 12 measure columns.

The tables are tab-separated but not all alike:

* most have a header of 13 fields (an empty or region cell, then the 12 measures) and
  rows of 13 fields (name, then one cell per measure);
* Auvergne-Rhône-Alpes and Bourgogne-Franche-Comté have a 14-field header with an
  extra *empty* field before the first measure, and rows with one cell more than there
  are measures. That extra column holds the amounts of the interns' grant
  ("400 €/MOIS", "600€ POUR 6 MOIS") or a dot, and is non-empty only where the
  "aide financière aux internes" column has a dot.

We map every cell to the header field at the same position ("header-aligned"), and an
unnamed header field to a *detail* of the measure column on its right. The département
pages confirm this choice: ``measures.mapping_agreement`` scores it against the
one-column shift, and the data-quality report prints both scores.
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


def cells(table: Table, shift: int = 0) -> list[Cell]:
    """Present measures of every row. `shift` reads each measure one column off (for the justification only)."""
    out: list[Cell] = []
    for row in table.rows:
        for measure, position in table.measure_positions.items():
            source = position + shift
            if not 0 <= source < len(row.cells):
                continue
            present, detail = parse_cell(row.cells[source])
            if shift == 0 and position > 0 and table.roles[position - 1] == DETAIL:
                _, extra = parse_cell(row.cells[position - 1])
                if extra:
                    detail = f"{extra}; {detail}" if detail else extra
            if present:
                out.extend(Cell(code, measure, detail, row.line) for code in row.codes)
    return out


def rows_by_code(tables: list[Table]) -> dict[str, Row]:
    return {code: row for table in tables for row in table.rows for code in row.codes}
