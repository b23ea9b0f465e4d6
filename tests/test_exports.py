"""Every export is data: numbers stay numbers, list cells are joined, no cell can run as a formula."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from app_lib import fr, ui

HOSTILE = ["=1+1", "+33 6 00 00 00 00", "-2+3", "@SUM(A1:A2)", "\tcmd", "=HYPERLINK(\"http://127.0.0.1:9\")", "sûr"]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "texte": HOSTILE,
        "nombre": [1, -2, 3, 4, 5, 6, 7],
        "décimal": [1.5, -2.25, 0.0, 10_000.5, None, 3.0, 4.0],
        "codes": [["28", "41"], [], ["2A"], ["01"], ["971"], ["69M"], ["75"]],
    })


def test_csv_cells_cannot_run_and_numbers_stay_numbers(frame):
    back = pd.read_csv(io.BytesIO(ui.csv_bytes(frame)), sep=";", decimal=",", encoding="utf-8-sig",
                       dtype={"codes": str}, keep_default_na=False, na_values=[""])
    assert list(back["texte"]) == ["'" + v for v in HOSTILE[:-1]] + ["sûr"]
    assert ui.neutralise("\r=2") == "'\r=2" and ui.neutralise(-2) == -2
    assert back["nombre"].dtype.kind == "i" and list(back["nombre"]) == [1, -2, 3, 4, 5, 6, 7]
    assert back["décimal"].dtype.kind == "f" and back["décimal"].iloc[3] == 10_000.5 and pd.isna(back["décimal"].iloc[4])
    assert list(back["codes"].fillna("")) == ["28|41", "", "2A", "01", "971", "69M", "75"]


def test_xlsx_has_no_formula_and_numbers_as_numbers(frame):
    book = openpyxl.load_workbook(io.BytesIO(ui.xlsx_bytes(frame, "essai")))
    sheet = book["essai"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [sheet.cell(row=r, column=1).value for r in range(2, 2 + len(HOSTILE))]
    assert all(t.startswith("'") for t in texts[:-1]) and texts[-1] == "sûr"
    assert [sheet.cell(row=r, column=2).value for r in range(2, 9)] == [1, -2, 3, 4, 5, 6, 7]
    assert sheet.cell(row=2, column=4).value == "28|41"


def test_a_hostile_header_is_neutralised_too():
    data = ui.csv_bytes(pd.DataFrame({"=cmd": [1]}))
    assert data.decode("utf-8-sig").splitlines()[0] == "'=cmd"


@pytest.mark.parametrize("payload", ["![x](http://127.0.0.1:9/p.png)", "[Cliquez ici](http://127.0.0.1:9/phish)",
                                     "<http://127.0.0.1:9/a>", "http://127.0.0.1:9/auto", ":red[rouge] :material/warning:",
                                     "<img src=x onerror=alert(1)>", "www.exemple.fr", "a" * 100_000])
def test_markdown_escape_leaves_no_live_syntax(payload):
    text = fr.md(payload)
    # every ASCII punctuation mark is escaped, and URL, icon and e-mail openings are broken by a word joiner
    assert not re.search(r"(?<!\\)[!\[\]()<>:*_`#|~]", text.replace("\\\\", ""))
    unescaped = text.replace("\\", "")
    assert "://" not in unescaped and ":material/" not in unescaped and "www." not in unescaped
    assert text.replace("\\", "").replace(fr.WORD_JOINER, "") == " ".join(payload.split())
