"""The codebook: what counts as each measure and what does not, declared as data.

``data/raw/codebook.csv`` is what the reviewers of ``measure_reviews.csv`` applied. It is
published as the ``codebook`` table, shown on the Données page and in the data dictionary.
Rows whose key starts with ``_`` are general rules (what an evidence unit is, negation).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.atlas_text import RAW_DIR, AtlasError
from etl.inputs import read_csv_rows
from etl.vocabulary import MEASURE_BY_KEY, MEASURE_KEYS

CODEBOOK_PATH = RAW_DIR / "codebook.csv"
COLUMNS = ("measure", "counts", "does_not_count", "borderline")
RULES = {"_unit": "Unité de preuve", "_negation": "Négation et fin d'une mesure"}


def load(path: Path = CODEBOOK_PATH) -> pd.DataFrame:
    """The codebook, one row per measure of the catalogue (all twelve and `other`) and per general rule."""
    path = Path(path)
    header, records = read_csv_rows(path)
    if tuple(header) != COLUMNS:
        raise AtlasError(path, 1, f"expected the header {','.join(COLUMNS)}")
    rows = []
    for line, record in records:
        key = record["measure"]
        if key not in MEASURE_KEYS and key not in RULES:
            raise AtlasError(path, line, f"unknown measure '{key}'")
        if not record["counts"].strip():
            raise AtlasError(path, line, f"'{key}': say what counts")
        label = RULES.get(key) or MEASURE_BY_KEY[key].label
        rows.append({"measure": key, "label": label, "counts": record["counts"].strip(),
                     "does_not_count": record["does_not_count"].strip() or None,
                     "borderline": record["borderline"].strip() or None})
    missing = [k for k in list(MEASURE_KEYS) + list(RULES) if k not in {r["measure"] for r in rows}]
    if missing:
        raise AtlasError(path, None, f"no codebook entry for {missing}")
    return pd.DataFrame(rows)
