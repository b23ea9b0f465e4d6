"""French formatting and the app's fixed labels (Streamlit has no i18n of its own)."""

from __future__ import annotations

import math
import re

from etl.vocabulary import DISCIPLINES, STATUSES

NBSP = "\u202f"  # narrow no-break space: the French thousands separator

STATUS_LABELS = STATUSES
# Short legend labels for the map, in legend order.
YEARS = (2019, 2022)
CAPACITY_YEARS = (2018, 2022)
DISCIPLINE_LABELS = {k: v["label"] for k, v in DISCIPLINES.items()}


WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(\\:(?=[/A-Za-z])|(?i:www)(?=\\\.)|@)")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|:~$&=\"'])")


def md(text) -> str:
    """Data text made inert for Streamlit's Markdown (st.markdown, captions, alerts, st.table cells):
    every ASCII punctuation mark is backslash-escaped, so no link, image, autolink, directive
    (:red[…], :material/…:) or HTML tag can come out of an atlas sentence, a CSV row or an address."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    # line breaks would end a table cell or a paragraph; French no-break spaces are kept
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"[ \t\r\n]+", " ", str(text)).strip())
    # Streamlit turns bare URLs, e-mails, ":material/…:" icons and ":emoji:" codes into links and pictures
    # after the escapes are read: an invisible word joiner (U+2060) after ":" / "www" / "@" breaks them.
    return _AUTOLINK.sub("\\1" + WORD_JOINER, text)


def number(value, decimals: int = 0) -> str:
    """1234.5 -> '1 234,5' (narrow no-break space, decimal comma); None/NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    try:
        import pandas as pd

        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def percent(value, decimals: int = 1, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = number(abs(value) if signed else value, decimals) + NBSP + "%"
    if signed:
        return ("+" if value > 0 else "−" if value < 0 else "±") + text
    return text


def signed(value, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return ("+" if value > 0 else "−" if value < 0 else "±") + number(abs(value), decimals)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    return f"{number(n)} {singular if abs(n) < 2 else (plural_form or singular + 's')}"


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def date(iso: str) -> str:
    """'2023-12-07' -> '7 décembre 2023'; '2023-01' -> 'janvier 2023'; '2024' -> '2024'."""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{'1er' if day == 1 else day} {month} {parts[0]}"


# Source line of every chart (app_lib/ui.py writes it into the figure, so exported images carry it).
SOURCE_ATLAS = "Atlas de l'attractivité médicale des départements 2019-2022 (J.-C. Grelier, Dr A. Reydellet)"
SOURCE_APP = "Atlas de l'attractivité médicale (tableau de bord)"


def today(day: datetime.date | None = None) -> str:
    """The date of the day in French words: '29 novembre 2026'."""
    import datetime  # here, not at the top: the end of this module holds the export texts

    return date((day or datetime.date.today()).isoformat())


def source_line(day: datetime.date | None = None) -> str:
    """Three short lines (plotly's <br>): at 9 px the longest is 330 px wide, narrower than a phone's chart."""
    title, authors = SOURCE_ATLAS.split(" (", 1)
    return f"Source\u00a0: {title}<br>({authors}<br>— {SOURCE_APP}, {today(day)}"
# INSEE's TNCC ("type de nom en clair") of a name: which article and which "de" it takes.
_OF = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'"}


def of_departement(name: str, tncc) -> str:
    """'Eure-et-Loir', 1 -> "d'Eure-et-Loir"; 'Loiret', 2 -> 'du Loiret'; 'Orne', 5 -> "de l'Orne".

    French puts an article before most département names, and the article decides the
    preposition: the INSEE code says which, guessing from the first letter would be wrong
    ("de l'Ain" but "d'Eure-et-Loir"). An unknown code gives the plain "de"."""
    try:
        return _OF[int(tncc)] + name
    except (KeyError, TypeError, ValueError):
        return "de " + name
