"""French formatting and the app's fixed labels (Streamlit has no i18n of its own)."""

from __future__ import annotations

import math

from etl.vocabulary import DISCIPLINES, STATUSES

NBSP = "\u202f"  # narrow no-break space: the French thousands separator

STATUS_LABELS = STATUSES
# Short legend labels for the map, in legend order.
YEARS = (2019, 2022)
CAPACITY_YEARS = (2018, 2022)
DISCIPLINE_LABELS = {k: v["label"] for k, v in DISCIPLINES.items()}


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
