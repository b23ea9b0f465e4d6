"""Evidence units and the people's reviews of their labels.

A département page groups many statements under one ◆ bullet: a 30-line paragraph can
mention a study grant, the CPAM's installation aid and a maison de santé. A label is only
as good as the sentence it rests on, so labels attach to *evidence units*: a sentence, or
a sub-item ("- 10 000 € pour les médecins"), with the atlas line where it starts.

The keyword rules of ``etl.vocabulary`` only *propose* labels. A person reads every unit
against the codebook (``data/raw/codebook.csv``) and records the decision in
``data/raw/measure_reviews.csv``. The ETL checks each review against the atlas (the
unit's text must still start at the line it gives) and publishes the reviewed labels;
units nobody has reviewed keep the rules' labels and say so (``review = rules_only``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from etl.atlas_text import RAW_DIR, AtlasError, Line, clean_text
from etl.inputs import read_csv_rows
from etl.vocabulary import MEASURE_KEYS

REVIEWS_PATH = RAW_DIR / "measure_reviews.csv"
REVIEW_COLUMNS = ("code", "year", "line", "text", "measures", "negation", "reason")

# A sentence ends with . ! ? … followed by a capital, a digit or an opening quote/bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(]?\s?[A-ZÀ-ÖØ-Ý0-9])")
# ...unless the full stop closes an abbreviation ("M. Dupont", "Dr. X", "cf. Annexe").
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z]|Dr|Drs|Mme|Mmes|MM|Mr|Pr|St|Ste|cf|art|n°|p|env|ex)\.$")
_DASH_ITEM = re.compile(r"^-\s+(?![◆♦])")
_DIAMOND = re.compile(r"^(?:-\s*)?[◆♦]")
_CLOSED = re.compile(r"[.!?…:;»)]$")


@dataclass(frozen=True)
class Unit:
    line: int  # atlas line where the unit's text starts
    text: str  # verbatim (PDF artefacts removed by clean_text), one sentence or sub-item


def sentences(text: str) -> list[str]:
    """Split one paragraph into sentences, keeping abbreviations whole."""
    out: list[str] = []
    start = 0
    for found in _SENTENCE_END.finditer(text):
        head = text[start:found.start()]
        if _ABBREVIATION.search(head):
            continue
        out.append(head.strip())
        start = found.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def split_units(lines: list[Line] | tuple[Line, ...]) -> list[Unit]:
    """A bullet's lines -> its evidence units.

    A line that leaves a sentence open ("…durant les" / "3 années") is joined to the next
    one when that one starts in lower case and is not a sub-item of its own; then each
    paragraph is cut into sentences, and each sentence keeps the line where it starts.
    """
    paragraphs: list[list[tuple[int, str]]] = []  # [(line, text)] segments joined by a space
    for line in lines:
        raw = line.stripped
        text = clean_text(_DASH_ITEM.sub("", raw))
        if not text:
            continue
        if (paragraphs and not _DASH_ITEM.match(raw) and text[:1].islower()
                and not _CLOSED.search(paragraphs[-1][-1][1])):
            paragraphs[-1].append((line.number, text))
            continue
        paragraphs.append([(line.number, text)])
    units: list[Unit] = []
    for segments in paragraphs:
        joined, starts = "", []
        for number, text in segments:
            if joined:
                joined += " "
            starts.append((len(joined), number))
            joined += text
        cursor = 0
        for sentence in sentences(joined):
            offset = joined.index(sentence, cursor)
            cursor = offset + len(sentence)
            number = max(n for start, n in starts if start <= offset)
            units.append(Unit(number, sentence))
    return units


# ---------------------------------------------------------------------------------------
# Reviews


@dataclass(frozen=True)
class Review:
    row: int  # line of the review in its CSV file (header = 1)
    code: str
    year: int
    line: int
    text: str
    measures: tuple[str, ...]  # keys the unit states; ("other",) for another action; () for none
    negation: bool  # the unit says these measures are absent or have ended
    reason: str | None


class ReviewError(AtlasError):
    """A review that does not fit the atlas or the codebook: names the review file and row."""


def _parse_keys(path: Path, row: int, value: str) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in value.split("|") if k.strip())
    unknown = [k for k in keys if k not in MEASURE_KEYS]
    if unknown:
        raise ReviewError(path, row, f"unknown measure key(s) {unknown}; expected keys of the codebook joined by '|'")
    if len(set(keys)) != len(keys):
        raise ReviewError(path, row, f"measure listed twice in '{value}'")
    if "other" in keys and len(keys) > 1:
        raise ReviewError(path, row, "'other' is for a unit that states none of the twelve measures: do not combine it")
    return tuple(k for k in MEASURE_KEYS if k in keys)


def load_reviews(path: Path = REVIEWS_PATH) -> dict[tuple[int, str], Review]:
    """Reviews keyed by (atlas line, unit text). A malformed row stops with `file:row`."""
    path = Path(path)
    if not path.exists():
        return {}
    header, records = read_csv_rows(path)
    if tuple(header) != REVIEW_COLUMNS:
        raise ReviewError(path, 1, f"expected the header {','.join(REVIEW_COLUMNS)}")
    out: dict[tuple[int, str], Review] = {}
    for row, record in records:
        try:
            year, line = int(record["year"]), int(record["line"])
        except ValueError:
            raise ReviewError(path, row, "year and line must be whole numbers") from None
        if record["negation"] not in ("", "oui"):
            raise ReviewError(path, row, f"negation must be empty or 'oui', not '{record['negation']}'")
        measures = _parse_keys(path, row, record["measures"])
        negation = record["negation"] == "oui"
        if negation and (not measures or measures == ("other",)):
            raise ReviewError(path, row, "a negation must name the measures it denies or ends")
        review = Review(row, record["code"], year, line, record["text"], measures, negation,
                        record["reason"].strip() or None)
        key = (line, record["text"])
        if key in out:
            raise ReviewError(path, row, f"unit already reviewed at row {out[key].row}")
        out[key] = review
    return out


def check_review(review: Review, unit: Unit | None, code: str | None, year: int | None, atlas_lines,
                 path: Path = REVIEWS_PATH) -> None:
    """The unit must still be at its line, for the same département and year."""
    if unit is None:
        if 1 <= review.line <= len(atlas_lines):
            found = atlas_lines[review.line - 1].stripped
            raise ReviewError(path, review.row, f"atlas line {review.line} no longer starts the reviewed text "
                              f"'{review.text[:60]}'; it reads '{found[:60]}'")
        raise ReviewError(path, review.row, f"atlas line {review.line} does not exist")
    if (review.code, review.year) != (code, year):
        raise ReviewError(path, review.row, f"review says {review.code} {review.year}; the ETL places atlas line "
                          f"{review.line} in {code} {year}")


def review_rows(records: list[dict]) -> str:
    """CSV text of review records (for the review worksheets and their tests)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------
# How good are the rules?


def scores(pairs: list[tuple[set[str], set[str]]], keys: tuple[str, ...]) -> list[dict]:
    """Precision, recall and F1 of the rules per measure; pairs are (rules, review) label sets."""
    out = []
    for key in keys:
        tp = sum(1 for r, h in pairs if key in r and key in h)
        fp = sum(1 for r, h in pairs if key in r and key not in h)
        fn = sum(1 for r, h in pairs if key not in r and key in h)
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else (0.0 if fp + fn else None)
        out.append({"measure": key, "tp": tp, "fp": fp, "fn": fn,
                    "precision": precision, "recall": recall, "f1": f1})
    return out
