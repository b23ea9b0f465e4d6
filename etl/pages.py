"""Region sections and département pages.

After each region's list of départements ("La région X est composée de N départements :
A | B | ...") come its training capacities, then one page per département, in list order,
each with a 2019 part and a 2022 part. Most pages do not print the département's name, so
pages are assigned by order and checked against the names that are printed, the summary
tables, and a short list of declared atlas errors (``etl.atlas_fixes``).

The PDF extraction damaged some pages; this module copes with the damage it has seen:

* a part without its year heading (the "LES AIDES MISES EN PLACE" box alone);
* a "2019" heading directly followed by "2022", with both parts after them, in an order
  the text does not tell (the caller decides with the summary table, see ``Page.ambiguous``);
* bullets printed before their box heading;
* a run of bullets printed twice (dropped, and reported).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from etl.atlas_text import Atlas, Line, clean_text, match_key, name_key
from etl.evidence import Unit, split_units
from etl.geography import NameIndex

YEARS = (2019, 2022)
_YEAR = re.compile(r"^(2019|2022)$")
_HEADING = re.compile(r"^\|?\s*LES AIDES MISES EN PLACE\s*\|?$")
_CODE_LINE = re.compile(r"^(\d{2,3}|2[AB])$")
_DIAMOND = re.compile(r"^(?:-\s*)?[◆♦]")
_DASH = re.compile(r"^-\s")
# name_key() of the status sentences, as printed (typos included)
_STATUSES = (
    (re.compile(r"^N ?A PAS REPONDU"), "no_response"),
    (re.compile(r"^A REFUSER? DE REPONDRE"), "no_response"),
    (re.compile(r"^N ?A PAS MIS D ?AIDES? EN PLACE"), "no_measures"),
)


def status_of(text: str) -> str | None:
    key = name_key(text)
    for pattern, status in _STATUSES:
        if pattern.match(key):
            return status
    return None


# ---------------------------------------------------------------------------------------
# Region sections


@dataclass(frozen=True)
class Section:
    heading: Line
    region: str
    names: tuple[tuple[str, tuple[str, ...]], ...]  # (name as printed, codes) in atlas order
    names_line: int
    end: int  # last line of the section
    capacity_start: int  # line of "Elle dispose de pôles ..." (0 if none)
    page_start: int  # first line of the département pages (0 if none)
    overseas_status: tuple[str, int] | None = None  # one undated status for the whole section

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c for _, codes in self.names for c in codes)


_COMPOSED = re.compile(r"^La région (.+?) est composée\s*(?:de (\d+) départements\s*:)?\s*$")
_COUNT = re.compile(r"^de (\d+) départements\s*:\s*$")
_OVERSEAS = re.compile(r"^(Département|Territoires) Outre Mer$")
_POLES = re.compile(r"^(Elle dispose|Ils disposent) de pôles de formation")
BACK_COVER = "Jean-Carles Grelier"


def _previous_text(atlas: Atlas, number: int) -> Line:
    for n in range(number - 1, 0, -1):
        if not atlas.line(n).blank:
            return atlas.line(n)
    raise atlas.error(number, "expected a region heading above this line")


def _section_starts(atlas: Atlas) -> list[tuple[Line, Line]]:
    """(heading, anchor) pairs: anchor is the 'La région ... est composée' or 'Outre Mer' line."""
    starts = []
    for line in atlas.lines:
        if _COMPOSED.match(line.stripped) or _OVERSEAS.match(line.stripped):
            starts.append((_previous_text(atlas, line.number), line))
    return starts


def sections(atlas: Atlas, index: NameIndex) -> list[Section]:
    starts = _section_starts(atlas)
    if not starts:
        raise atlas.error(None, "no region section found (expected 'La région X est composée de N départements :')")
    back = [l.number for l in atlas.lines if l.stripped == BACK_COVER and l.number > starts[-1][1].number]
    if not back:
        raise atlas.error(len(atlas.lines), f"back cover ('{BACK_COVER}') not found after the last region: truncated file?")
    ends = [h.number - 1 for h, _ in starts[1:]] + [back[0] - 1]
    return [_section(atlas, index, heading, anchor, end) for (heading, anchor), end in zip(starts, ends)]


def _section(atlas: Atlas, index: NameIndex, heading: Line, anchor: Line, end: int) -> Section:
    body = [atlas.line(n) for n in range(anchor.number, end + 1)]
    poles = next((l.number for l in body if _POLES.match(l.stripped)), 0)
    if _OVERSEAS.match(anchor.stripped):
        codes = index.codes(heading.stripped)
        if not codes:
            raise atlas.error(heading.number, f"unknown overseas territory '{heading.stripped}'")
        status = next(((status_of(l.text), l.number) for l in body if status_of(l.text)), None)
        if status is None:
            raise atlas.error(anchor.number, "expected a survey status after 'Outre Mer'")
        region = ", ".join(dict.fromkeys(index.region_of(c) for c in codes))
        return Section(heading, region, ((heading.stripped, codes),), heading.number, end, poles, 0, status)

    match = _COMPOSED.match(anchor.stripped)
    count_text, cursor = match.group(2), anchor.number + 1
    if count_text is None:
        count_line = atlas.line(cursor)
        count = _COUNT.match(count_line.stripped)
        if not count:
            raise atlas.error(cursor, "expected 'de N départements :' after 'La région ... est composée'")
        count_text, cursor = count.group(1), cursor + 1
    names: list[tuple[str, tuple[str, ...]]] = []
    while cursor <= end and not _POLES.match(atlas.line(cursor).stripped):
        line = atlas.line(cursor)
        for name in filter(None, (n.strip() for n in line.text.split("|"))):
            codes = index.codes(name)
            if codes is None:
                raise atlas.error(cursor, f"unknown département name '{name}' in the region's list")
            names.append((name, codes))
        cursor += 1
    if len(names) != int(count_text):
        raise atlas.error(anchor.number, f"region lists {len(names)} départements, announces {count_text}")
    region_codes = {c for _, codes in names for c in codes}
    regions = {index.region_of(c) for c in region_codes}
    if len(regions) != 1:
        raise atlas.error(anchor.number, f"départements of one section belong to several regions: {sorted(regions)}")
    page_start = next(
        (n for n in range(max(poles, anchor.number), end + 1)
         if _YEAR.match(atlas.line(n).stripped) or _HEADING.match(atlas.line(n).stripped)),
        0,
    )
    return Section(heading, regions.pop(), tuple(names), anchor.number, end, poles, page_start)


# ---------------------------------------------------------------------------------------
# Parts and pages


@dataclass
class Part:
    """What the extraction gives for one département-year: markers, a status, or content lines."""

    year: int | None = None
    year_line: int | None = None
    heading_line: int | None = None
    status: str | None = None
    status_line: int | None = None
    status_text: str | None = None
    lines: list[Line] = field(default_factory=list)
    hint: tuple[tuple[str, ...], int] | None = None  # (codes, line) of a printed département name

    @property
    def bare(self) -> bool:
        return self.heading_line is None and self.status is None and not self.lines

    @property
    def first_line(self) -> int:
        return min(n for n in (self.year_line, self.heading_line, self.status_line,
                               self.lines[0].number if self.lines else None) if n)

    @property
    def kind(self) -> str:
        """The part's own survey status: measures / no_measures / no_response / empty."""
        if self.lines:
            return "measures"
        return self.status or "empty"

    @property
    def source_line(self) -> int:
        if self.lines:
            return self.lines[0].number
        return self.status_line or self.heading_line or self.year_line


@dataclass
class Page:
    parts: list[Part]
    ambiguous: bool = False  # "2019" directly followed by "2022": the order of the parts is not printed

    @property
    def first_line(self) -> int:
        return min(p.first_line for p in self.parts)

    @property
    def hints(self) -> list[tuple[tuple[str, ...], int]]:
        return [p.hint for p in self.parts if p.hint]


def parts(atlas: Atlas, section: Section, index: NameIndex) -> list[Part]:
    """Cut a section's page zone into parts, one per year heading or box heading or status."""
    out: list[Part] = []
    current: Part | None = None
    refusal: Part | None = None  # the Vendée's refusal spans several lines
    last_hint: Part | None = None
    for n in range(section.page_start, section.end + 1):
        line = atlas.line(n)
        text = line.stripped
        if not text:
            refusal = None
            continue
        if refusal is not None:
            refusal.status_text += " " + clean_text(text)
            continue
        if _YEAR.match(text):
            current = Part(year=int(text), year_line=n)
            out.append(current)
            continue
        if current is None and not _HEADING.match(text) and not status_of(text):
            raise atlas.error(n, "expected a year ('2019'/'2022'), a 'LES AIDES MISES EN PLACE' box or a status")
        codes = index.codes(text)
        if codes and set(codes) <= set(section.codes) and current is not None:
            current.hint = (codes, n)
            last_hint = current
            continue
        if _CODE_LINE.match(text) and last_hint is current and current is not None and current.hint:
            if text not in current.hint[0] and not (text == "69" and "69M" in current.hint[0]):
                raise atlas.error(n, f"printed code {text} does not match the name printed above it")
            continue
        if _HEADING.match(text):
            if current is None or current.heading_line is not None or current.status:
                current = Part()
                out.append(current)
            current.heading_line = n
            continue
        status = status_of(text)
        if status:
            if current is None or current.lines or current.status:
                current = Part()
                out.append(current)
            current.status, current.status_line, current.status_text = status, n, clean_text(text)
            if name_key(text).startswith("A REFUSE"):
                refusal = current
            continue
        if current.status:
            raise atlas.error(n, "unexpected text after a survey status")
        current.lines.append(line)
    return out


def pages(atlas: Atlas, section_parts: list[Part]) -> list[Page]:
    """Pair parts into pages (2019 part, 2022 part)."""
    out: list[Page] = []
    i = 0
    while i < len(section_parts):
        part = section_parts[i]
        rest = section_parts[i + 1:i + 3]
        if (part.year == 2019 and part.bare and len(rest) == 2
                and rest[0].year == 2022 and rest[1].year is None):
            part_a, part_b = rest
            part_a.hint = part_a.hint or part.hint
            same = part_a.kind == part_b.kind and not part_a.lines and not part_b.lines
            out.append(Page([part_a, part_b], ambiguous=not same))
            i += 3
            continue
        if part.year in (2019, None) and rest and rest[0].year in (2022, None):
            out.append(Page([part, rest[0]]))
            i += 2
            continue
        raise atlas.error(part.first_line, "expected a 2019 part followed by a 2022 part")
    return out


# ---------------------------------------------------------------------------------------
# Bullets


@dataclass(frozen=True)
class Bullet:
    position: int  # 1-based, within the département-year
    text: str
    line: int
    raw_lines: tuple[int, ...]
    units: tuple[Unit, ...] = ()  # its sentences and sub-items, each with its own line


def bullets(part: Part) -> tuple[list[Bullet], list[int]]:
    """Group a part's lines into bullets; return them and the lines of dropped duplicates.

    A ◆/♦ line opens a bullet; "- " lines and plain text below it belong to it (sub-items,
    wrapped lines). Without a ◆ above, a "- " line is a bullet of its own.
    """
    items: list[dict] = []
    for line in part.lines:
        text = line.stripped
        if items and _continues(items[-1]["lines"][-1].stripped, text):
            items[-1]["lines"].append(line)
            items[-1]["pieces"].append(" " + clean_text(text))
            continue
        if _DIAMOND.match(text) or not items or (_DASH.match(text) and items[-1]["kind"] != "diamond"):
            kind = "diamond" if _DIAMOND.match(text) else "dash" if _DASH.match(text) else "text"
            items.append({"kind": kind, "lines": [line], "pieces": [clean_text(_strip_dash(text))]})
            continue
        items[-1]["lines"].append(line)
        piece = clean_text(_strip_dash(text))
        if _DASH.match(text) and not items[-1]["pieces"][-1].endswith(":"):
            items[-1]["pieces"].append("; " + piece)
        else:
            items[-1]["pieces"].append(" " + piece)
    texts = [re.sub(r"\s+;", ";", "".join(i["pieces"])).strip() for i in items]
    keys = [match_key(t) for t in texts]
    kept, dropped = [], []
    for k, item in enumerate(items):
        # an exact repeat, or a truncated copy (several lines cut short) of a longer bullet
        duplicate = any(keys[j] == keys[k] for j in range(k)) or (len(item["lines"]) > 1 and any(
            len(keys[j]) > len(keys[k]) and keys[j].startswith(keys[k]) for j in range(len(items)) if j != k
        ))
        if duplicate or not texts[k]:
            dropped.extend(l.number for l in item["lines"])
        else:
            kept.append(Bullet(len(kept) + 1, texts[k], item["lines"][0].number,
                               tuple(l.number for l in item["lines"]), tuple(split_units(item["lines"]))))
    return kept, dropped


def _continues(previous: str, text: str) -> bool:
    """A ◆ line that goes on with a sentence the line above left open ("…par la mise en" / "◆ place d'équipes")."""
    body = re.sub(r"^(?:-\s*)?[◆♦]\s*", "", text)
    return bool(_DIAMOND.match(text)) and body[:1].islower() and not re.search(r"[.:;!?)»,]$", previous)


def _strip_dash(text: str) -> str:
    return re.sub(r"^-\s+(?![◆♦])", "", text)


# ---------------------------------------------------------------------------------------
# Assignment


@dataclass(frozen=True)
class Assigned:
    code: str
    year: int
    part: Part | None  # None for overseas sections (one undated status)
    note: str | None
    status: str
    source_line: int


OrderChooser = Callable[[str, Part, Part, bool], tuple[bool, str]]  # (code, first, second, stacked)


def assign(atlas: Atlas, section: Section, section_pages: list[Page], no_page: set[str],
           choose_order: OrderChooser) -> list[Assigned]:
    """Give each page to a département, in the region's order, checking printed names."""
    if section.overseas_status:
        status, line = section.overseas_status
        note = "statut unique, non daté, imprimé pour le territoire : appliqué à 2019 et 2022"
        return [Assigned(c, y, None, note, status, line) for c in section.codes for y in YEARS]
    expected = [c for c in section.codes if c not in no_page]
    if len(section_pages) != len(expected):
        lines = ", ".join(str(p.first_line) for p in section_pages)
        raise atlas.error(section.names_line, f"{section.region}: {len(expected)} départements to place "
                          f"but {len(section_pages)} pages found (pages at lines {lines})")
    out: list[Assigned] = []
    for code, page in zip(expected, section_pages):
        for codes, line in page.hints:
            if code not in codes:
                raise atlas.error(line, f"page printed for {'/'.join(codes)} but the region's order gives {code}")
        first, second = page.parts
        note = None
        if page.ambiguous or (first.year is None and second.year is None):
            swap, note = choose_order(code, first, second, page.ambiguous)
            if swap:
                first, second = second, first
        for year, part in zip(YEARS, (first, second)):
            part_note = note
            if part.status_text and name_key(part.status_text).startswith("A REFUSE"):
                part_note = "; ".join(filter(None, [f"« {part.status_text} »", note]))
            out.append(Assigned(code, year, part, part_note, part.kind, part.source_line))
    return out
