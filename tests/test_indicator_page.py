"""AppTest of the "Votre indicateur" page: Streamlit 1.67's AppTest uploads files (FileUploader.set_value),
so the page runs here on real bytes, the same way the browser test does with Playwright."""

from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_lib import data
from tests.test_app_pages import plain, tables

YEAR = 2022
OFFERS, NOT_OFFERED = "Propose la mesure", "Ne la propose pas (a répondu)"


@pytest.fixture(scope="module", autouse=True)
def processed(app_data):
    return app_data


@pytest.fixture(scope="module")
def atlas(app_data) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(app_data / f"{name}.parquet") for name in ("departements", "survey_status", "measures")}


def page() -> AppTest:
    at = AppTest.from_file(str(data.ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/indicateur.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="indicateur-fichier").set_value((name, content, "application/octet-stream"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def selectbox(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label)


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def rank_values(atlas) -> dict[str, float]:
    """A value per département that the test knows: 10 + its position in code order, in tenths."""
    codes = sorted(atlas["departements"]["code"])
    return {code: 10 + i / 10 for i, code in enumerate(codes)}


def test_empty_state_offers_the_template_and_a_french_uploader():
    at = page()
    assert [t.value for t in at.title] == ["Votre indicateur"]
    uploader = at.file_uploader(key="indicateur-fichier")
    assert uploader.label == "Votre fichier (CSV ou Excel .xlsx, une ligne par département)"
    assert uploader.allowed_type == [".csv", ".xlsx"]
    assert "Au plus 2 Mo et 1\u202f000 lignes" in uploader.help
    assert uploader.proto.max_upload_size_mb == 2
    assert [plain(i.value) for i in at.info] == [
        "Déposez un fichier pour commencer, ou téléchargez le modèle ci-dessus pour le remplir."]
    assert charts(at) == 0 and not at.error


def test_good_csv_draws_the_map_the_scatter_and_the_comparison(atlas):
    given = rank_values(atlas)
    rows = "\n".join(f"{code};{str(v).replace('.', ',')}" for code, v in given.items())
    at = upload(page(), "densite.csv", f"code;densité\n{rows}\n".encode("cp1252"))
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]  # every département has a value
    assert plain(at.caption[0].value) == ("Fichier lu\u00a0: CSV, séparateur «\u00a0point-virgule\u00a0», encodage "
                                          "Windows-1252 (Latin-1), 102 lignes de données.")
    assert selectbox(at, "Colonne des départements (code ou nom)").value == "code"
    assert selectbox(at, "Colonne des valeurs").value == "densité"
    assert charts(at) == 2  # the map and the scatter; the comparison waits for a measure
    shown = tables(at)
    status_table = next(t for t in shown if f"Statut {YEAR}" in t.columns)
    status = atlas["survey_status"].query("year == @YEAR")["status"].value_counts()
    assert status_table.set_index(f"Statut {YEAR}")["Départements"].sum() == 102
    assert dict(zip(status_table["Départements"], status_table["Avec une valeur"])) == {
        n: n for n in status_table["Départements"]}
    assert status_table["Sur le graphique"].sum() == status["measures"] + status["no_measures"]

    selectbox(at, "Mesure de l'atlas").set_value("soutien_msp")
    at.run()
    assert not at.exception and charts(at) == 3
    # the groups, computed here from the published tables without the app's views
    s = atlas["survey_status"].query("year == @YEAR").set_index("code")["status"]
    page_rows = atlas["measures"].query("year == @YEAR and source == 'page' and measure == 'soutien_msp'")
    offering = set(page_rows["code"])
    answered = set(s[s.isin(["measures", "no_measures"])].index)
    expected = {
        OFFERS: [given[c] for c in sorted(offering)],
        NOT_OFFERED: [given[c] for c in sorted(answered - offering)],
    }
    summary = next(t for t in tables(at) if "Médiane" in t.columns).set_index("Groupe")
    for group, numbers in expected.items():
        assert summary.loc[group, "Départements"] == len(numbers)
        assert (summary.loc[group, "Minimum"], summary.loc[group, "Maximum"]) == (min(numbers), max(numbers))
        assert summary.loc[group, "Médiane"] == pytest.approx(np.median(numbers))
        assert summary.loc[group, "Premier quartile"] == pytest.approx(np.percentile(numbers, 25))
        assert summary.loc[group, "Troisième quartile"] == pytest.approx(np.percentile(numbers, 75))
    left_out = 102 - len(answered)
    assert summary.loc["Écarté (pas de réponse exploitable)", "Départements"] == left_out
    assert any(f"Écartés de cette comparaison\u00a0: {left_out} départements avec une valeur mais sans réponse "
               "lisible en 2022" in plain(m.value) for m in at.markdown)
    assert any("ne mesurent pas un **effet**" in m.value for m in at.markdown)


def test_bad_file_gives_french_errors_with_lines_and_no_chart():
    at = upload(page(), "f.csv", "code;valeur\n01;1\n99;2\n01;3\n02;abc\n".encode())
    assert len(at.error) == 1
    assert plain(at.error[0].value).replace("\u00a0", " ").replace("\u202f", " ").splitlines() == [
        "Le tableau ne peut pas être affiché : corrigez ces lignes, puis déposez le fichier de nouveau.", "",
        "- Ligne 3 : code de département inconnu « 99 ».",
        "- Ligne 4 : Ain (01) apparaît deux fois : lignes 2 et 4.",
        "- Ligne 5 : Aisne (02) : la valeur « abc » n'est pas un nombre.",
    ]
    assert charts(at) == 0


def test_unreadable_file_is_refused_before_any_column_choice():
    at = upload(page(), "f.xlsx", b"not a workbook")
    assert len(at.error) == 1 and "n'est pas un classeur Excel lisible" in plain(at.error[0].value)
    assert charts(at) == 0 and not at.selectbox


def test_several_value_columns_ask_the_visitor_to_choose():
    content = "département;densité 2019;densité 2023\nAin;1,5;2\nAisne;2;3,5\n".encode()
    at = upload(page(), "f.csv", content)
    assert selectbox(at, "Colonne des valeurs").value is None
    assert selectbox(at, "Colonne des valeurs").placeholder == "Choisissez une colonne…"
    assert plain(at.info[0].value).replace("\u00a0", " ") == (
        "Plusieurs colonnes peuvent contenir les valeurs : « densité 2019 », « densité 2023 ». Choisissez la bonne "
        "ci-dessus.")
    assert charts(at) == 0
    selectbox(at, "Colonne des valeurs").set_value("densité 2023")
    at.run()
    assert not at.exception and not at.error and charts(at) == 2
    assert [t.value for t in at.text_input if t.label == "Nom de l'indicateur"] == ["densité 2023"]


def test_xlsx_upload_and_markdown_in_the_file_is_shown_as_text():
    wb = openpyxl.Workbook()
    wb.active.append(["code", "[clic](http://evil.example) <b>"])
    for code, value in (("01", 3.5), ("2A", 4), ("971", 7.25)):
        wb.active.append([code, value])
    buffer = io.BytesIO()
    wb.save(buffer)
    at = upload(page(), "f.xlsx", buffer.getvalue())
    assert not at.error and charts(at) == 2
    header = at.header[0].value
    assert header.startswith("Carte") and "\\[clic\\]\\(http\\:\u2060//evil\\.example\\) \\<b\\>" in header
    title = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    # plotly shows "<b>" as text; the only markup is the line break of a title longer than 34 characters
    assert title == "[clic](http://evil.example) &lt;b&gt;<br>par département"  # 31 characters, then the rest
