"""Reading the raw inputs: every file is checked before anything is parsed.

Each failure is one line, ``file[:line]: what was expected`` (an ``AtlasError``), never a
traceback: a missing file, bytes that are not UTF-8 (with the line they are on), control
characters (NUL, ESC, bidirectional overrides...) that would travel into the published text,
a CSV row with more or fewer fields than its header, a JSON file cut short.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd

from etl.atlas_text import AtlasError

# C0 controls but tab, newline and carriage return; DEL and C1 controls; bidi embeddings, overrides and isolates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def read_text(path: Path | str) -> str:
    """The file as UTF-8 text, checked for encoding and control characters."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AtlasError(path, None, "file not found") from None
    except OSError as exc:
        raise AtlasError(path, None, f"cannot be read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise AtlasError(path, line, f"expected UTF-8 text; byte 0x{data[exc.start]:02x} is not (wrong encoding?)") from None
    found = _CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise AtlasError(path, line, f"control character U+{ord(found.group(0)):04X} in the text")
    return text


def read_csv_rows(path: Path | str) -> tuple[list[str], list[tuple[int, dict]]]:
    """(header, [(line, row)]) of a CSV whose every row has exactly the header's fields."""
    path = Path(path)
    text = read_text(path)
    if not text.strip():
        raise AtlasError(path, 1, "empty file: expected a header line")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict]] = []
    try:
        header = next(reader)
        for record in reader:
            line = reader.line_num
            if not record:
                continue
            if len(record) != len(header):
                raise AtlasError(path, line, f"expected {len(header)} fields as in the header, found {len(record)}")
            rows.append((line, dict(zip(header, record))))
    except csv.Error as exc:
        raise AtlasError(path, reader.line_num, f"malformed CSV ({exc}); a quote left open?") from None
    if text.count('"') % 2:
        raise AtlasError(path, reader.line_num, "malformed CSV: a quote left open (file cut short?)")
    return header, rows


def read_csv_frame(path: Path | str, required: tuple[str, ...], dtype: dict | None = None) -> pd.DataFrame:
    """A checked CSV as a DataFrame of strings (then `dtype`), with the `required` columns present and filled."""
    header, rows = read_csv_rows(path)
    missing = [c for c in required if c not in header]
    if missing:
        raise AtlasError(path, 1, f"missing column(s) {missing}")
    for line, row in rows:
        empty = [c for c in required if not row[c].strip()]
        if empty:
            raise AtlasError(path, line, f"empty value in {empty}")
    frame = pd.DataFrame([row for _, row in rows], columns=header)
    for column, kind in (dtype or {}).items():
        try:
            frame[column] = frame[column].astype(kind)
        except (TypeError, ValueError):
            bad = next(line for line, row in rows if not _castable(row[column], kind))
            raise AtlasError(path, bad, f"column '{column}': expected {kind.__name__ if isinstance(kind, type) else kind}") from None
    return frame


def _castable(value: str, kind) -> bool:
    try:
        pd.Series([value]).astype(kind)
        return True
    except (TypeError, ValueError):
        return False


def read_json(path: Path | str):
    path = Path(path)
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AtlasError(path, exc.lineno, f"malformed JSON ({exc.msg}); file cut short?") from None
