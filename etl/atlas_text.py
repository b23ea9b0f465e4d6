"""The raw atlas as numbered lines, plus the text normalisation every parser shares.

The atlas exists only as text extracted from a PDF. Every value we publish must point
back to a line of that file, so parsers never see bare strings: they see ``Line``
objects that carry their 1-based line number.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

RAW_DIR = Path(__file__).resolve().parent.parent / "data" / "raw"
ATLAS_PATH = RAW_DIR / "atlas_attractivite_medicale_2019_2022.txt"


class AtlasError(ValueError):
    """Malformed input: always names the file and line, and what was expected."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, as shown by `sed -n Np` or an editor
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Atlas:
    path: Path
    lines: tuple[Line, ...]
    sha256: str

    @property
    def line_count(self) -> int:
        """Lines as `wc -l` and editors count them (a final newline does not open a new line)."""
        return len(self.lines) - 1 if self.lines and self.lines[-1].text == "" else len(self.lines)

    def line(self, number: int) -> Line:
        return self.lines[number - 1]

    def error(self, line: int | None, message: str) -> AtlasError:
        return AtlasError(self.path, line, message)


def load(path: Path = ATLAS_PATH) -> Atlas:
    from etl.inputs import read_text  # checks existence, encoding (with the line) and control characters

    text = read_text(path)
    lines = tuple(Line(i, t) for i, t in enumerate(text.split("\n"), start=1))
    return Atlas(Path(path), lines, hashlib.sha256(text.encode("utf-8")).hexdigest())


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """Comparable form of a place name: 'Côtes-d'Armor' and "COTES D ARMOR" agree.

    Letter-spaced headings ("B E S A N Ç O N") are joined back into one word.
    """
    text = strip_accents(text).upper().replace("&", " ET ").replace("Œ", "OE")
    text = re.sub(r"[^A-Z0-9]+", " ", text).strip()
    tokens = text.split()
    if len(tokens) > 2 and all(len(t) == 1 for t in tokens):
        return "".join(tokens)
    return " ".join(tokens)


def match_key(text: str) -> str:
    """Lower-case, accent-free form used by the measure-labelling patterns."""
    text = strip_accents(text).lower()
    text = text.replace("\u2019", "'").replace("`", "'").replace("œ", "oe")
    return re.sub(r"\s+", " ", text).strip()


_SUPERSCRIPT = re.compile(r"\^\{?([^}\s]+)\}?")
_BULLET_MARK = re.compile(r"^\s*(?:-\s*)?[◆♦]\s*")


def clean_text(text: str) -> str:
    """Remove PDF/markdown artefacts (bullets, bold markers, superscript carets) but keep the wording."""
    text = _BULLET_MARK.sub("", text)
    text = text.replace("**", "")
    text = _SUPERSCRIPT.sub(r"\1", text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()
