"""A visitor's own indicator keyed by département (GP density, APL…), read from the bytes of an upload.

The file comes from outside, so it is read defensively and never trusted: nothing touches the disk
(everything is parsed from memory), a workbook's formulas are never evaluated (only the value the
spreadsheet last saved is read), no text of the file is interpreted (the page shows it escaped), and
size, rows and columns are capped before any work. Every problem is one French sentence with the line
the visitor sees in a spreadsheet or a text editor (the header is line 1). Errors block the display;
warnings (départements without a value, a total row left out…) do not.

No Streamlit here: the page is a thin layer over these functions, which the tests call directly.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import html
import io
import itertools
import math
import re
import textwrap
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pandas as pd
import plotly.graph_objects as go

from app_lib import charts, fr, views
from etl.atlas_text import name_key
from etl.inputs import _CONTROL

MAX_BYTES = 2_000_000  # "2 Mo": a département table is a few kB; Streamlit's own limit is set to the same
MAX_ROWS = 1_000
MAX_COLUMNS = 50
MAX_UNZIPPED = 40_000_000  # a workbook's parts once decompressed (a "zip bomb" stops here)
MAX_SCANNED_ROWS = 20 * MAX_ROWS  # sheet rows looked at, blank ones included
MAX_LISTED = 30  # problems listed one by one; the rest are counted

SEPARATORS = {";": "point-virgule", "\t": "tabulation", ",": "virgule"}  # order = preference on a tie
# Words that say "no value" in published statistics (nd: non disponible, s: secret statistique…).
MISSING_MARKERS = {"NA", "N/A", "#N/A", "ND", "N.D.", "N.D", "NC", "N.C.", "S", "-", "–", "—", "NAN", "/"}
# Rows for a total or an aggregate, left out with a warning rather than refused.
TOTALS = {"FRANCE", "TOTAL", "ENSEMBLE", "DROM", "DOM", "METROPOLE", "OUTRE MER"}
# Overseas collectivities that are not départements (nor in the atlas): the line is left out.
NOT_IN_ATLAS = {"975": "Saint-Pierre-et-Miquelon", "977": "Saint-Barthélemy", "978": "Saint-Martin",
                "986": "Wallis-et-Futuna", "987": "Polynésie française", "988": "Nouvelle-Calédonie"}
CORSICA = ("le code 20 (Corse) n'existe plus depuis 1976 : la Corse compte deux départements, "
           "2A (Corse-du-Sud) et 2B (Haute-Corse), à donner sur deux lignes")
_CODE = re.compile(r"(?:FR-?)?(\d{1,3}|2[AB]|69[MD]|75C)")
_CODE_AND_NAME = re.compile(r"(?:FR-?)?(\d{1,3}|2[AB]|69[MD])\s*(?:[-–—:]\s*|\s+)(\D.*)", re.IGNORECASE)
_SIGNATURE = re.compile(r"\s*(?:FR-?)?(?:0\d|2[AaBb]|69[MmDd])\s*")  # codes that no value looks like
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a cell's formula in a sheet's XML (<f>, <x:f t="shared"/>)
_CODE_HEADER = re.compile(r"code|d[ée]p|insee|num", re.IGNORECASE)
_KEY_HEADER = re.compile(r"code|d[ée]p|insee|num|nom|libell|territoire|zone|lieu", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
# UTF-8 read as Windows-1252 ("Ã©" for "é"): a file that mixes the two encodings.
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]")


def french(text: str) -> str:
    """French typography: no-break spaces before ; ! ? (narrow) and : » (full), after «."""
    text = re.sub(r"[ \u00a0\u202f]*([;!?])(?=\s|$|[.,)])", "\u202f\\1", text)
    text = re.sub(r"[ \u00a0\u202f]*([:»])(?=\s|$|[.,)])", "\u00a0\\1", text)
    return re.sub(r"«[ \u00a0\u202f]*", "«\u00a0", text)


@dataclass(frozen=True)
class Problem:
    """A French sentence about the file, with the line it is on when there is one."""

    message: str
    line: int | None = None

    def __str__(self) -> str:
        return french(f"Ligne {self.line} : {self.message}" if self.line else self.message[0].upper() + self.message[1:])


class UploadError(Exception):
    """The file cannot be read as a table at all (too big, wrong type, undecodable, malformed…)."""

    def __init__(self, *problems: Problem):
        super().__init__("; ".join(map(str, problems)))
        self.problems = list(problems)


@dataclass
class Table:
    """The file's cells, before any interpretation: text from a CSV, text or numbers from a workbook."""

    columns: list[str]
    rows: list[list]
    lines: list[int]  # each row's line in the file (CSV line, or sheet row number)
    header_line: int
    description: str  # how the file was read, in French
    notes: list[Problem] = field(default_factory=list)


@dataclass
class Guess:
    """The columns the file most likely uses; None when several fit equally (the visitor chooses)."""

    key: str | None
    value: str | None
    key_candidates: list[str]
    value_candidates: list[str]


@dataclass
class Indicator:
    """One row per département found in the file: code, name, value (NaN: no value, never 0), line."""

    values: pd.DataFrame
    errors: list[Problem]
    warnings: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.errors


def quoted(value, limit: int = 40) -> str:
    """A cell of the file as it may be quoted in a message: short, on one line, in French quotes."""
    text = " ".join(str(value).split())
    return f"« {text if len(text) <= limit else text[:limit - 1] + '…'} »"


def listed(problems: list[Problem], limit: int = MAX_LISTED) -> list[str]:
    """The problems as sentences, the first `limit` of them, then how many more there are."""
    out = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        rest = len(problems) - limit
        out.append(f"… et {fr.plural(rest, 'autre problème', 'autres problèmes')} du même genre.")
    return out


# ---------------------------------------------------------------------------------------
# Reading the bytes


def read_table(filename: str, content: bytes) -> Table:
    """The table of a CSV or XLSX file, from its bytes (never from a path): raises UploadError."""
    extension = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if not content:
        raise UploadError(Problem("le fichier est vide."))
    if len(content) > MAX_BYTES:
        raise UploadError(Problem(f"le fichier pèse {fr.number(len(content) / 1e6, 1)} Mo : au plus "
                                  f"{fr.number(MAX_BYTES / 1e6, 0)} Mo sont acceptés (un tableau d'une ligne par "
                                  "département en pèse quelques kilo-octets)."))
    if extension == "xls" or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadError(Problem("ce fichier est un classeur Excel à l'ancien format (.xls) ou protégé par un mot "
                                  "de passe : enregistrez-le au format .xlsx ou .csv, sans mot de passe."))
    if extension == "xlsx":
        return _read_xlsx(content)
    if extension == "csv":
        if content.startswith(b"PK\x03\x04"):
            raise UploadError(Problem("ce fichier porte l'extension .csv mais contient un classeur Excel : "
                                      "renommez-le en .xlsx ou enregistrez-le au format CSV."))
        return _read_csv(content)
    raise UploadError(Problem("extension non prise en charge : déposez un fichier .csv ou .xlsx."))


def _decode(content: bytes) -> tuple[str, str]:
    """(text, the encoding's French name): UTF-8 (with or without BOM), UTF-16 (Excel's "texte Unicode"),
    else Windows-1252, of which Latin-1 is a subset for every printable character."""
    if content.startswith(codecs.BOM_UTF8):
        encodings = [("utf-8-sig", "UTF-8 (avec BOM)")]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = [("utf-16", "UTF-16")]
    else:
        encodings = [("utf-8", "UTF-8"), ("cp1252", "Windows-1252 (Latin-1)")]
    first_error = None
    for codec, label in encodings:
        try:
            text = content.decode(codec)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        if codec == "cp1252" and _MOJIBAKE.search(text):
            line = content[:first_error.start].count(b"\n") + 1
            raise UploadError(Problem("ce fichier mêle deux encodages (UTF-8 et Windows-1252) : réenregistrez-le "
                                      "en « CSV UTF-8 » depuis votre tableur.", line))
        return text, label
    line = content[:first_error.start].count(b"\n") + 1
    raise UploadError(Problem(f"l'octet 0x{content[first_error.start]:02x} ne se lit dans aucun des encodages "
                              "acceptés (UTF-8, Windows-1252) : ce fichier n'est pas un texte CSV, ou il est "
                              "abîmé.", line))


def _separator(lines: list[str]) -> str:
    """The separator that cuts the first lines into the same number (≥ 2) of fields most often."""
    best, best_score = None, None
    for rank, sep in enumerate(SEPARATORS):
        counts = [len(r) for r in csv.reader(lines, delimiter=sep)]
        mode, times = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = (times / len(counts), -rank)
        if best_score is None or score > best_score:
            best, best_score = sep, score
    if best is None:
        raise UploadError(Problem("une seule colonne trouvée : il en faut au moins deux (le département et la "
                                  "valeur), séparées par un point-virgule, une tabulation ou une virgule.", 1))
    return best


def _read_csv(content: bytes) -> Table:
    text, encoding = _decode(content)
    control = _CONTROL.search(text)
    if control:
        raise UploadError(Problem(f"caractère de contrôle U+{ord(control.group(0)):04X} : ce fichier n'est pas un "
                                  "texte CSV lisible.", text.count("\n", 0, control.start()) + 1))
    sample = [line for line in text.splitlines() if line.strip()][:50]
    if not sample:
        raise UploadError(Problem("le fichier ne contient aucune ligne de texte."))
    sep = _separator(sample)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    records, previous = [], 0
    try:
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in record):
                records.append((start, record))
            if len(records) > MAX_ROWS + 20:
                break
    except csv.Error:
        raise UploadError(Problem("guillemet mal placé ou jamais refermé : ce fichier n'est pas un CSV valide.",
                                  previous + 1)) from None
    description = f"CSV, séparateur « {SEPARATORS[sep]} », encodage {encoding}"
    return _table(records, description, sep)


def _read_xlsx(content: bytes) -> Table:
    import openpyxl
    from openpyxl.utils import get_column_letter

    not_a_workbook = Problem("ce fichier .xlsx n'est pas un classeur Excel lisible (fichier abîmé ou d'un autre "
                             "type renommé) : enregistrez-le de nouveau depuis votre tableur, en .xlsx ou en .csv.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if "xl/workbook.xml" not in {p.filename for p in parts}:
                raise UploadError(not_a_workbook)
            if sum(p.file_size for p in parts) > MAX_UNZIPPED:
                raise UploadError(Problem("ce classeur, une fois décompressé, dépasse "
                                          f"{fr.number(MAX_UNZIPPED / 1e6)} Mo : il contient bien plus qu'un "
                                          "tableau de départements."))
            # every XML part, not only xl/worksheets/: the workbook's relations may put a sheet anywhere
            has_formulas = any(_FORMULA_TAG.search(archive.read(p.filename)) for p in parts
                               if p.filename.endswith(".xml"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError):
        raise UploadError(not_a_workbook) from None
    try:
        # The values the spreadsheet last saved; when a sheet holds formulas, a second read-only view of
        # the same bytes says which cells they are. A formula itself is never evaluated.
        values = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        formulas = (openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
                    if has_formulas else None)
        if not values.worksheets:
            raise UploadError(Problem("ce classeur ne contient aucune feuille de calcul."))
        sheets = [sheet.title for sheet in values.worksheets]
        records, notes, problems = [], [], []
        rows = zip(formulas.worksheets[0].iter_rows(min_row=1, max_col=MAX_COLUMNS + 1) if formulas
                   else itertools.repeat(()),
                   values.worksheets[0].iter_rows(min_row=1, max_col=MAX_COLUMNS + 1, values_only=True))
        for number, (cells, saved) in enumerate(rows, start=1):
            if number > MAX_SCANNED_ROWS or len(records) > MAX_ROWS + 20:
                break
            record = list(saved)
            for i, cell in enumerate(cells):
                if getattr(cell, "data_type", None) != "f":
                    continue
                where = f"cellule {get_column_letter(i + 1)}{number}"
                if record[i] is None:
                    problems.append(Problem(f"{where} : une formule sans valeur enregistrée (le classeur n'a pas été "
                                            "recalculé) ; les formules ne sont jamais calculées ici : ouvrez le "
                                            "classeur dans votre tableur, enregistrez-le, ou collez les valeurs "
                                            "seules.", number))
                else:
                    notes.append(Problem(f"{where} : formule ; la valeur que le tableur avait enregistrée "
                                         f"({quoted(record[i])}) est lue, la formule n'est pas calculée.", number))
            if any(_filled(v) for v in record):
                records.append((number, record))
        values.close()
        if formulas:
            formulas.close()
    except UploadError:
        raise
    except Exception:  # noqa: BLE001 - a damaged workbook can fail anywhere inside openpyxl's parsers
        raise UploadError(not_a_workbook) from None
    if problems:
        raise UploadError(*problems)
    first = f"feuille « {sheets[0]} »"
    description = "classeur Excel, " + (first if len(sheets) == 1 else
                                        f"{first} (la première ; {fr.plural(len(sheets) - 1, 'autre')} ignorée"
                                        f"{'s' if len(sheets) > 2 else ''})")
    table = _table(records, description, None)
    table.notes = notes[:MAX_LISTED] + table.notes
    return table


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _table(records: list[tuple[int, list]], description: str, sep: str | None) -> Table:
    """Header = first row with at least two filled cells (title rows above it are left out)."""
    header_at = next((i for i, (_, r) in enumerate(records) if sum(map(_filled, r)) >= 2), None)
    if header_at is None:
        raise UploadError(Problem("aucune ligne d'en-tête : la première ligne doit nommer les colonnes (au moins "
                                  "deux : le département et la valeur)."))
    notes = []
    header_line, header = records[header_at]
    if header_at:
        notes.append(Problem(f"{fr.plural(header_at, 'ligne')} avant l'en-tête (titre ?) "
                             f"{'laissée' if header_at == 1 else 'laissées'} de côté ; l'en-tête est la ligne "
                             f"{header_line}."))
    width = max(i + 1 for i, v in enumerate(header) if _filled(v))
    if width > MAX_COLUMNS:
        raise UploadError(Problem(f"plus de {MAX_COLUMNS} colonnes : ce n'est pas un tableau d'une valeur par "
                                  "département.", header_line))
    columns = _column_names(header[:width])
    rows, lines, problems = [], [], []
    for line, record in records[header_at + 1:]:
        extra = [v for v in record[width:] if _filled(v)]
        if extra:
            hint = (" La virgule sert-elle aussi de virgule décimale ? Mettez les nombres entre guillemets ou "
                    "séparez les colonnes par des points-virgules." if sep == "," else "")
            problems.append(Problem(f"{len(record)} champs alors que l'en-tête (ligne {header_line}) en a "
                                    f"{width}.{hint}", line))
            continue
        rows.append([_cell(v) for v in record[:width]] + [None] * (width - len(record)))
        lines.append(line)
    if len(rows) > MAX_ROWS:
        raise UploadError(Problem(f"plus de {fr.number(MAX_ROWS)} lignes de données : ce n'est pas un tableau d'une "
                                  "ligne par département (102 au plus)."))
    if problems:
        raise UploadError(*problems)
    if not rows:
        raise UploadError(Problem("le fichier n'a que son en-tête : aucune ligne de données.", header_line))
    return Table(columns, rows, lines, header_line, description, notes)


def _cell(value):
    """Text is stripped (an empty cell is None); workbook numbers, dates and booleans are kept as they are."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _column_names(header: list) -> list[str]:
    names, seen = [], Counter()
    for i, value in enumerate(header):
        name = " ".join(str(value).split()) if _filled(value) else f"Colonne {i + 1}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


# ---------------------------------------------------------------------------------------
# Département keys and values


def _key(text: str) -> str:
    """Comparable form of a département name: case, accents, hyphens, "St"/"Saint" and a leading article."""
    words = name_key(text).split()
    words = ["SAINT" if w == "ST" else "SAINTE" if w == "STE" else w for w in words]
    if len(words) > 1 and words[0] in ("LA", "LE", "LES", "L"):
        words = words[1:]
    return " ".join(words)


class Keys:
    """Finds the département a cell designates: a code ("1", "01", "2a", "971", "69M") or a name."""

    def __init__(self, departements: pd.DataFrame):
        self.names = dict(zip(departements["code"], departements["name"]))
        self.by_name = {_key(n): c for c, n in self.names.items()}

    def resolve(self, cell, suggest: bool = True) -> tuple[str, str]:
        """("ok", code), ("skip", why the line is left out) or ("error", what is wrong); `suggest` looks for
        the closest name of an unknown one (slow: only for the messages shown)."""
        if isinstance(cell, bool) or isinstance(cell, (date, datetime, time)):
            return "error", f"{quoted(cell)} ne désigne pas un département"
        if isinstance(cell, float):
            if not (math.isfinite(cell) and cell.is_integer()):
                return "error", f"{quoted(fr.number(cell, 2))} n'est pas un code de département"
            cell = int(cell)
        text = " ".join(str(cell).split())
        text = re.sub(r"^(\d{1,3})[.,]0+$", r"\1", text)  # "1.0": a code column saved as numbers
        code = _CODE.fullmatch(text.upper())
        if code:
            return self._code(code.group(1), text)
        both = _CODE_AND_NAME.fullmatch(text)  # "01 - Ain", "2A Corse-du-Sud"
        if both:
            kind, from_code = self._code(both.group(1).upper(), text)
            if kind != "ok":
                return kind, from_code
            kind, from_name = self._name(both.group(2), suggest=False)
            if kind == "ok" and from_name != from_code:
                return "error", (f"{quoted(text)} : le code {from_code} est celui de {self.names[from_code]}, "
                                 f"pas de {quoted(both.group(2))}")
            return "ok", from_code
        return self._name(text, suggest)

    def _code(self, code: str, text: str) -> tuple[str, str]:
        if code.isdigit():
            code = code.lstrip("0").zfill(2) if len(code) <= 2 or code.startswith("0") else code
            if code == "20":
                return "error", CORSICA
        # INSEE's codes of the collectivités "Département du Rhône" and "Ville de Paris"
        code = {"69D": "69", "75C": "75"}.get(code, code)
        if code in self.names:
            return "ok", code
        if code in NOT_IN_ATLAS:
            return "skip", (f"{NOT_IN_ATLAS[code]} ({code}) n'est ni un département ni dans l'atlas : "
                            "ligne laissée de côté")
        return "error", f"code de département inconnu {quoted(text)}"

    def _name(self, text: str, suggest: bool = True) -> tuple[str, str]:
        key = _key(text)
        if key in self.by_name:
            return "ok", self.by_name[key]
        if key == "CORSE":
            return "error", CORSICA
        if key in TOTALS or key.startswith(("FRANCE ", "TOTAL ", "ENSEMBLE ")):
            return "skip", f"ligne de total {quoted(text)} laissée de côté"
        close = difflib.get_close_matches(key, self.by_name, n=1, cutoff=0.8) if suggest else []
        hint = f" (vouliez-vous dire {self.names[self.by_name[close[0]]]} ?)" if close else ""
        return "error", f"département inconnu {quoted(text)}{hint}"


def parse_number(cell) -> float | None:
    """A cell as a number: decimal comma or point, spaces (also no-break) between thousands, a trailing
    "%" dropped. None for an empty cell or a "no value" marker (never 0). Raises ValueError otherwise."""
    if cell is None:
        return None
    if isinstance(cell, bool) or isinstance(cell, (date, datetime, time)):
        raise ValueError(cell)
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            raise ValueError(cell)
        return float(cell)
    text = _SPACES.sub("", str(cell)).replace("\u2212", "-")
    if not text or text.upper() in MISSING_MARKERS:
        return None
    text = text.removesuffix("%")
    if "," in text and "." in text:  # the last mark is the decimal one, the other groups thousands
        group, decimal = (".", ",") if text.rindex(",") > text.rindex(".") else (",", ".")
        if not re.fullmatch(rf"[+-]?\d{{1,3}}(\{group}\d{{3}})+\{decimal}\d+", text):
            raise ValueError(cell)
        text = text.replace(group, "").replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        mark = "," if "," in text else "."
        if not re.fullmatch(rf"[+-]?\d{{1,3}}(\{mark}\d{{3}})+", text):
            raise ValueError(cell)
        text = text.replace(mark, "")
    else:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(cell)
    return float(text)


def guess_columns(table: Table, departements: pd.DataFrame) -> Guess:
    """The département column and the value column, when the file makes them plain.

    A département column is one whose cells mostly name départements, or one with a telling header
    ("code", "département", "nom"…) where some do. Bare numbers 1 to 95 could as well be values, so a
    column counts as surely départements only when it holds names or a code no value has ("01", "2A",
    "69M"); among those, codes win over names. The value column holds numbers and no such code."""
    keys = Keys(departements)
    ranked, numeric, signed = [], [], set()
    for i, column in enumerate(table.columns):
        cells = [r[i] for r in table.rows if _filled(r[i])]
        if not cells:
            continue
        known = sum(keys.resolve(c, suggest=False)[0] != "error" for c in cells) / len(cells)
        hint = bool(_KEY_HEADER.search(column))
        signature = any(isinstance(c, str) and _SIGNATURE.fullmatch(c) for c in cells)
        if signature:
            signed.add(column)
        if known >= 0.8 or (hint and known > 0):
            names = sum(_number_or_marker(c) != "number" for c in cells) / len(cells) >= 0.5
            ranked.append(((hint, names or signature, signature), column))
        numbers = [_number_or_marker(c) for c in cells]
        if "number" in numbers and numbers.count("number") / max(1, len(cells) - numbers.count("missing")) >= 0.5:
            numeric.append(column)
    ranked.sort(key=lambda r: r[0], reverse=True)
    key_candidates = [c for _, c in ranked]
    key = ranked[0][1] if len(ranked) == 1 or (ranked and ranked[0][0] > ranked[1][0]) else None
    code_like = {c for c in key_candidates if _CODE_HEADER.search(c)} | signed
    value_candidates = [c for c in numeric if c != key and c not in code_like]
    value = value_candidates[0] if len(value_candidates) == 1 else None
    return Guess(key, value, key_candidates, value_candidates)


def _number_or_marker(cell) -> str:
    try:
        return "missing" if parse_number(cell) is None else "number"
    except ValueError:
        return "text"


def read_indicator(table: Table, key: str, value: str, departements: pd.DataFrame) -> Indicator:
    """The values of column `value` for the départements of column `key`, with every problem found."""
    keys = Keys(departements)
    errors, warnings = [], list(table.notes)
    for column in (key, value):
        if column not in table.columns:
            errors.append(Problem(f"colonne {quoted(column)} absente du fichier.", table.header_line))
    if key == value:
        errors.append(Problem("choisissez deux colonnes différentes pour le département et la valeur."))
    if errors:
        return Indicator(_values([]), errors, warnings)
    k, v = table.columns.index(key), table.columns.index(value)
    found: dict[str, int] = {}
    rows, markers, percents, trailing = [], [], [], []
    for line, row in zip(table.lines, table.rows):
        if not _filled(row[k]):
            if _filled(row[v]):
                errors.append(Problem(f"une valeur ({quoted(row[v])}) sans département.", line))
            continue
        kind, code = keys.resolve(row[k], suggest=len(errors) < MAX_LISTED)
        if kind == "skip":
            warnings.append(Problem(code + ".", line))
            continue
        if kind == "error":
            if not _filled(row[v]):  # a note under the table ("Source : …") rather than a département
                trailing.append(Problem(code + ".", line))
                continue
            errors.extend(trailing)
            trailing = []
            errors.append(Problem(code + ".", line))
            continue
        errors.extend(trailing)
        trailing = []
        if code in found:
            errors.append(Problem(f"{keys.names[code]} ({code}) apparaît deux fois : lignes {found[code]} et {line}.",
                                  line))
            continue
        found[code] = line
        try:
            number = parse_number(row[v])
        except ValueError:
            errors.append(Problem(f"{keys.names[code]} ({code}) : la valeur {quoted(row[v])} n'est pas un "
                                  "nombre.", line))
            continue
        if number is None and _filled(row[v]):
            markers.append(line)
        if isinstance(row[v], str) and row[v].rstrip().endswith("%"):
            percents.append(line)
        rows.append((code, keys.names[code], number, line))
    if trailing:
        lines = [p.line for p in trailing]
        warnings.append(Problem(f"{fr.plural(len(lines), 'ligne')} sous le tableau, sans valeur ni département "
                                f"reconnu (notes, source ?), laissée{'s' if len(lines) > 1 else ''} de côté : "
                                f"{_lines(lines)}."))
    values = _values(rows)
    if not errors and values["value"].notna().sum() == 0:
        errors.append(Problem(f"aucune valeur numérique dans la colonne {quoted(value)}."))
    if markers:
        warnings.append(Problem(f"valeurs lues comme « pas de valeur » (nd, NA, s, -…) : {_lines(markers)}."))
    if percents:
        warnings.append(Problem(f"le signe % est retiré ({_lines(percents)}) : 12,5 % est lu 12,5."))
    warnings += _coverage(values, keys.names)
    return Indicator(values, errors, warnings)


def _values(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["code", "name", "value", "line"])
    return frame.astype({"code": "str", "name": "str", "value": "float64", "line": "int64"})


def _lines(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:20]))
    return f"ligne{'s' if len(lines) > 1 else ''} {shown}" + (f" et {len(lines) - 20} autres" if len(lines) > 20 else "")


def _coverage(values: pd.DataFrame, names: dict[str, str]) -> list[Problem]:
    """Départements the map will show as "Pas de valeur", and the Rhône's two codes."""
    out = []
    absent = [c for c in names if c not in set(values["code"])]
    empty = values[values["value"].isna()]
    if absent:
        out.append(Problem(f"{fr.plural(len(absent), 'département')} sans ligne dans le fichier, "
                           f"{'affiché' if len(absent) == 1 else 'affichés'} « Pas de valeur » : "
                           + ", ".join(f"{names[c]} ({c})" for c in absent) + "."))
    if len(empty):
        out.append(Problem(f"{fr.plural(len(empty), 'département')} sans valeur, "
                           f"{'affiché' if len(empty) == 1 else 'affichés'} « Pas de valeur » : "
                           + ", ".join(f"{n} ({c}, ligne {line})" for c, n, line in
                                       empty[["code", "name", "line"]].itertuples(index=False)) + "."))
    codes = set(values["code"])
    if "69" in codes and "69M" not in codes and "69M" in names:
        out.append(Problem("votre fichier donne le Rhône (69) sans la Métropole de Lyon (69M). L'atlas les sépare : "
                           "69 y est le Rhône hors Métropole. Si votre valeur couvre tout le Rhône, elle est montrée "
                           "pour le Rhône seul et la Métropole de Lyon reste « Pas de valeur ».", int(
                               values.loc[values["code"] == "69", "line"].iloc[0])))
    return out


def template(departements: pd.DataFrame) -> pd.DataFrame:
    """The file to fill in: code, nom, valeur (empty) for every département of the atlas."""
    frame = departements[["code", "name"]].rename(columns={"name": "nom"}).sort_values("code")
    return frame.assign(valeur=None).reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# Figures (kept here while charts.py is being reworked; they reuse its layout and colours)

# ColorBrewer YlGnBu, lowest class first (colour-blind safe); grey for "no value".
CLASS_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_VALUE_COLOUR = "#d9d9d9"


def class_colours(categories: list[str]) -> dict[str, str]:
    """Colours of the map's classes (given highest first, then "Pas de valeur"), spread over the scheme."""
    classes = [c for c in categories if c != views.NO_VALUE][::-1]
    step = (len(CLASS_COLOURS) - 1) / max(len(classes) - 1, 1)
    colours = {c: CLASS_COLOURS[round(i * step) if len(classes) > 1 else 2] for i, c in enumerate(classes)}
    return {**colours, views.NO_VALUE: NO_VALUE_COLOUR}


def html_text(text: str) -> str:
    """A visitor's text for plotly: HTML-escaped, and "%" made inert for hover templates ("%{y}")."""
    return html.escape(text).replace("%", "&#37;")


def axis_title(name: str, unit: str, width: int = 40) -> str:
    """The indicator's name and unit as an axis title: escaped, cut into lines that fit beside a chart."""
    return "<br>".join(map(html_text, textwrap.wrap(name + (f" ({unit})" if unit else ""), width) or [""]))


def retitle(fig: go.Figure, title: str, width: int = 34) -> go.Figure:
    """A title that holds a visitor's text, escaped and cut into lines (plotly never wraps a title, and a
    390 px phone shows about 36 characters of it), with the top margin it needs. French no-break spaces
    keep « » and : with their words."""
    lines = textwrap.wrap(french(title), width) or [""]
    fig.update_layout(title={"text": "<br>".join(map(html_text, lines)), "yref": "paper", "y": 1,
                             "yanchor": "bottom", "automargin": True, "pad": {"b": 12}},
                      margin={"t": 24})  # plotly widens the top margin to the title's lines
    return fig


def scatter_figure(frame: pd.DataFrame, name: str, unit: str, year: int, title: str) -> go.Figure:
    """Indicator against the number of measures each answering département describes."""
    shown = frame.dropna(subset=["value", "n_measures"])
    axis = html_text(name + (f" ({unit})" if unit else ""))
    fig = go.Figure(go.Scatter(
        x=shown["n_measures"], y=shown["value"], mode="markers", name="Département",
        marker={"size": 10, "color": charts.MEASURE_COLOURS[views.OFFERS], "opacity": 0.8,
                "line": {"color": "#333333", "width": 1}},
        customdata=shown[["name", "code"]].assign(name=shown["name"].map(html.escape)).values,
        hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{x} mesure(s) décrite(s)<br>"
                      + axis + " : %{y}<extra></extra>",
    ))
    fig.update_xaxes(title=f"Mesures décrites en {year}", dtick=1,
                     range=[-0.5, max(12, shown["n_measures"].max() if len(shown) else 0) + 0.5])
    fig.update_yaxes(title=axis_title(name, unit))
    return retitle(charts.untitled(fig, height=480), title)


def box_figure(groups: pd.DataFrame, summary: pd.DataFrame, name: str, unit: str, title: str) -> go.Figure:
    """The indicator among départements that offer the measure and those that answered without it.

    The boxes take their quartiles, median and whiskers (minimum, maximum) from `summary`, the table shown
    with the chart: plotly's own quartiles interpolate differently from pandas'. Each département is a
    point beside its box, spread sideways by rank so that none hides another."""
    axis = html_text(name + (f" ({unit})" if unit else ""))
    stats = summary.set_index("Groupe")
    fig = go.Figure()
    compared = (views.OFFERS, views.NOT_OFFERED)
    for position, group in enumerate(compared):
        part = groups[groups["group"] == group].sort_values("value")
        row = stats.loc[group]
        colour = charts.MEASURE_COLOURS[group]
        if len(part):
            fig.add_trace(go.Box(
                x=[position], q1=[row["Premier quartile"]], median=[row["Médiane"]], q3=[row["Troisième quartile"]],
                lowerfence=[row["Minimum"]], upperfence=[row["Maximum"]], boxpoints=False, width=0.5,
                name=group, fillcolor=colour, line={"color": "#333333"}, hoverinfo="skip"))
        spread = [((4 * i) % 9 - 4) * 0.03 for i in range(len(part))]  # neighbours in value lie apart
        fig.add_trace(go.Scatter(
            x=[position + 0.45 + d for d in spread], y=part["value"], mode="markers", name=group,
            marker={"color": colour, "size": 8, "line": {"color": "#333333", "width": 1}},
            customdata=part[["name", "code"]].assign(name=part["name"].map(html.escape)).values,
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>" + axis + " : %{y}<extra></extra>"))
    n = stats["Départements"]
    ticks = ["<br>".join(textwrap.wrap(g, 18) + [f"n = {n[g]}"]) for g in compared]  # two fit on a phone
    fig.update_xaxes(tickvals=[0, 1], ticktext=ticks, range=[-0.6, 1.8],
                     showgrid=False, zeroline=False)
    fig.update_yaxes(title=axis_title(name, unit))
    fig.update_layout(showlegend=False)
    return retitle(charts.untitled(fig, height=480), title)
