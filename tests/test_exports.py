"""Every export is data: numbers stay numbers, list cells are joined, no cell can run as a formula."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from app_lib import data, fr, ui
from tests.known_values import COMPARER_28_58_2022, COMPARER_COLUMNS
from tests.test_app_pages import downloads, expected_diffusion, figures, open_page

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


# ---------------------------------------------------------------------------------------
# What the screen shows of a data frame (ui.display_frame) and what the chart carries (ui.with_source)


def test_the_screen_formats_declared_columns_and_the_export_keeps_numbers():
    data = pd.DataFrame({
        "measure": ["logement_internes", "soutien_msp"],
        "Capacité 2022 (internes)": pd.array([1234, None], dtype="Int64"),
        "Évolution (%)": [13.333, -2.5],
        "Évolution (internes)": [4, -1],
        "codes": [["28", "41"], []],
        "Phrase": ["« Logement » (ligne 1857)", None],
    })
    formats = {"Capacité 2022 (internes)": "int", "Évolution (%)": "signed_pct", "Évolution (internes)": "signed"}
    shown = ui.display_frame(data, formats, hide=("measure",))
    assert list(shown.columns) == ["Capacité 2022 (internes)", "Évolution (%)", "Évolution (internes)", "codes", "Phrase"]
    assert shown.iloc[0].tolist() == ["1\u202f234", "+13,3\u202f%", "+4", "28, 41", "« Logement » (ligne 1857)"]
    assert shown.iloc[1].tolist() == ["–", "−2,5\u202f%", "−1", "–", "–"]
    back = read_csv(ui.csv_bytes(data))
    assert back["Capacité 2022 (internes)"].tolist()[0] == 1234 and pd.isna(back["Capacité 2022 (internes)"].iloc[1])
    assert back["Évolution (%)"].tolist() == [13.333, -2.5] and back["Évolution (internes)"].tolist() == [4, -1]
    assert back["codes"].fillna("").tolist() == ["28|41", ""] and back["measure"].tolist() == ["logement_internes", "soutien_msp"]


def test_a_whole_number_held_as_float_is_written_as_an_integer():
    text = ui.csv_bytes(pd.DataFrame({"Capacité 2018 (internes)": [30.0, None], "Part (%)": [12.5, 3.0]})).decode("utf-8-sig")
    assert text.splitlines() == ["Capacité 2018 (internes);Part (%)", "30;12,5", ";3,0"]


def test_the_source_line_is_written_into_the_figure_once():
    fig = go.Figure(go.Bar(x=[3], y=["Aide"], orientation="h"))
    ui.with_source(ui.with_source(fig))
    legend = fig.layout.legend2
    assert legend.title.text == fr.source_line() and fig.layout.showlegend is True
    assert (legend.xref, legend.yref, legend.x, legend.y, legend.xanchor, legend.yanchor) == (
        "container", "container", 0, 0, "left", "bottom")
    assert [t.legend for t in fig.data] == [None, "legend2"]  # the source, once
    assert fig.data[0].showlegend is False  # a single trace stays out of the legend, as plotly would have it


def test_source_line_names_the_atlas_the_app_and_the_day_in_french():
    assert fr.source_line(datetime.date(2026, 11, 29)).split("<br>") == [
        "Source\u00a0: Atlas de l'attractivité médicale des départements 2019-2022",
        "(J.-C. Grelier, Dr A. Reydellet)",
        "— Atlas de l'attractivité médicale (tableau de bord), 29 novembre 2026",
    ]
    assert fr.today(datetime.date(2027, 1, 1)) == "1er janvier 2027"


# ---------------------------------------------------------------------------------------
# Every download of every page, read back as pandas and openpyxl read them


def read_csv(raw: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig",
                       dtype={"code": str, "departement_codes": str})


# What the screen shows of a number ("1 234", "+4", "13,3 %", "−2", "2,5") or of a missing value ("–"):
# never in an export. (Codes such as "01" are text, and fine.)
DISPLAY_NUMBER = re.compile(r"^[+−±]?\d{1,3}(\u202f\d{3})+(,\d+)?$|^[+−±]\d|^\d+,\d+$|\d\s?%$|^–$")

# page, URL parameters -> download key -> the columns that must be numbers
PAGE_EXPORTS = {
    ("accueil", ()): {"status-bars-csv": ["Départements 2019", "Départements 2022"]},
    ("carte", (("mesure", "logement_internes"),)): {"carte-map-csv": ["year", "Nombre de mesures", "Ligne de la phrase"]},
    ("fiche", (("dep", "62"),)): {
        "fiche-csv": ["Ligne 2019", "Ligne 2022"],
        "fiche-compare-csv": ["year", "Nombre de mesures", "Départements ayant répondu"],
        "fiche-pistes-csv": ["Voisins qui la décrivent", "Voisins ayant répondu", "Comparables qui la décrivent",
                             "Comparables ayant répondu", "Part des pairs (%)"],
    },
    ("capacites", (("discipline", "chirurgie"),)): {
        "capacites-dumbbell-csv": ["Capacité 2018 (internes)", "Capacité 2022 (internes)", "Évolution (internes)",
                                   "Évolution (%)"],
        "capacites-map-csv": ["Capacité 2022 (internes)", "Latitude", "Longitude"],
        "capacites-per-csv": ["Population (habitants)", "Capacité 2018 (internes)", "Capacité 2022 (internes)",
                              "Capacité 2018 pour 100 000 habitants", "Capacité 2022 pour 100 000 habitants"],
    },
    ("diffusion", ()): {
        "diffusion-bars-csv": ["Départements 2019", "Départements 2022", "Gains (départements)", "Pertes (départements)",
                               "Population 2022 (%)"],
        "diffusion-heatmap-csv": ["year", "Soutien aux maisons de santé (MSP) (%)", "Logement pour les internes (%)"],
    },
    ("comparer", (("deps", "28,58"),)): {"comparer-grid-csv": []},
    ("boite-a-outils", (("levier", "aides_installation"),)): {
        "boite-aides_installation-csv": ["Montant", "Engagement minimal (années)", "Engagement maximal (années)",
                                         "Ligne de la citation"],
    },
}
_read_cache: dict = {}


def page_exports(page: str, params: tuple) -> dict[str, tuple[str, bytes]]:
    if (page, params) not in _read_cache:
        _read_cache[page, params] = downloads(open_page(page, **dict(params)))
    return _read_cache[page, params]


def csv_of(page: str, key: str, **params) -> pd.DataFrame:
    return read_csv(page_exports(page, tuple(params.items()))[key][1])


@pytest.mark.parametrize(("page", "params"), list(PAGE_EXPORTS), ids=[p for p, _ in PAGE_EXPORTS])
def test_every_csv_of_a_page_holds_numbers_not_display_text(app_data, page, params):
    got = page_exports(page, params)
    expected = PAGE_EXPORTS[page, params]
    assert {k for k in got if k.endswith("csv")} == set(expected), "every CSV of the page is checked here"
    for key, numeric in expected.items():
        name, raw = got[key]
        assert name.endswith(".csv") and raw.startswith(b"\xef\xbb\xbf"), key
        frame = read_csv(raw)
        for column in numeric:
            assert frame[column].dtype.kind in "iuf", (key, column, frame[column].head(3).tolist())
        text = frame.select_dtypes(exclude="number")
        shown = [v for v in text.stack().dropna().astype(str) if DISPLAY_NUMBER.search(v)]
        assert not shown, (key, shown[:5])


def test_capacity_exports_hold_the_atlas_figures(app_data):
    # atlas l.1733 "**30** INTERNES … EN CHIRURGIE" (Tours, 2018) and l.1744 "**34** …" (2022)
    dumbbell = csv_of("capacites", "capacites-dumbbell-csv", discipline="chirurgie").set_index("Subdivision")
    tours = dumbbell.loc["Tours"]
    assert (tours["discipline"], tours["Région"]) == ("chirurgie", "Centre-Val de Loire")
    assert (tours["Capacité 2018 (internes)"], tours["Capacité 2022 (internes)"], tours["Évolution (internes)"]) == (30, 34, 4)
    assert tours["Évolution (%)"] == pytest.approx(13.33)
    bubbles = csv_of("capacites", "capacites-map-csv", discipline="chirurgie").set_index("Subdivision")
    assert bubbles.loc["Tours", "Capacité 2022 (internes)"] == 34
    per = csv_of("capacites", "capacites-per-csv", discipline="chirurgie").set_index("Région")
    centre = per.loc["Centre-Val de Loire"]
    assert (centre["Capacité 2018 (internes)"], centre["Capacité 2022 (internes)"]) == (30, 34)
    for year in (2018, 2022):
        assert centre[f"Capacité {year} pour 100 000 habitants"] == pytest.approx(
            1e5 * centre[f"Capacité {year} (internes)"] / centre["Population (habitants)"], abs=0.005)
    assert (per["Population (habitants)"].dropna() > 100_000).all()
    # a capacity the atlas does not give is empty, never 0: emergency medicine has no 2018 figure at all
    urgence = csv_of("capacites", "capacites-dumbbell-csv", discipline="urgence").set_index("Subdivision")
    assert urgence["Capacité 2018 (internes)"].isna().all() and urgence["Évolution (%)"].isna().all()
    assert urgence.loc["Tours", "Capacité 2022 (internes)"] == 15  # l.1746


def test_map_export_has_codes_keys_and_lists(app_data):
    carte = csv_of("carte", "carte-map-csv", mesure="logement_internes").set_index("code")
    assert carte.index.tolist()[:3] == ["01", "02", "03"] and {"2A", "69M", "971"} <= set(carte.index)
    assert (carte["year"] == 2022).all() and (carte["measure"] == "logement_internes").all()
    eure_et_loir = carte.loc["28"]
    offered = {m for m, oui, _ in COMPARER_28_58_2022 if oui == "Oui"}
    keys = set(eure_et_loir["measures"].split("|"))
    labels = eure_et_loir["Mesures (pages de l'atlas)"].split("|")
    assert "|" in eure_et_loir["measures"] and len(keys) == len(labels) == eure_et_loir["Nombre de mesures"]
    assert offered <= set(labels) and "logement_internes" in keys
    assert eure_et_loir["Ligne de la phrase"] == 1857  # "Logement" for interns, Eure-et-Loir 2022
    assert eure_et_loir["status"] == "measures"
    mayotte = carte.loc["976"]  # not in the atlas: no count at all, not 0
    assert mayotte["status"] == "not_in_atlas" and pd.isna(mayotte["Nombre de mesures"])


def test_fiche_exports_cite_lines_as_numbers(app_data):
    compare = csv_of("fiche", "fiche-csv", dep="62").set_index("measure")
    assert compare.loc["developpement_salariat", "Ligne 2022"] == 2539
    assert compare.loc["developpement_salariat", "Mesure"] == "Développement du salariat"
    assert compare["Ligne 2019"].dtype.kind in "if"
    counts = csv_of("fiche", "fiche-compare-csv", dep="62").set_index("level")
    assert counts.loc["france", "Territoire"] == "Moyenne France" and counts.loc["departement", "Territoire"] == "Pas-de-Calais"
    assert counts.loc["france", "Départements ayant répondu"] > 50
    assert 0 < counts.loc["france", "Nombre de mesures"] < 12


def test_diffusion_exports_hold_counts_and_shares(app_data):
    bars = csv_of("diffusion", "diffusion-bars-csv").set_index("measure")
    assert bars.loc["soutien_msp", "Départements 2019"] == 52  # the longest 2019 bar (tests/e2e/test_browser.py)
    expected = expected_diffusion(app_data)
    assert bars.set_index("Mesure")["Population 2022 (%)"].to_dict() == pytest.approx(
        expected["Population 2022 (%)"].round(2).to_dict())
    heat = csv_of("diffusion", "diffusion-heatmap-csv").set_index("Région")
    status = pd.read_parquet(app_data / "survey_status.parquet").query("year == 2022")
    measures = pd.read_parquet(app_data / "measures.parquet").query("year == 2022 and source == 'page'")
    region = pd.read_parquet(app_data / "departements.parquet", columns=["code", "region"]).set_index("code")["region"]
    answered = status[status["status"].isin(["measures", "no_measures"])]["code"]
    in_normandie = answered[answered.map(region) == "Normandie"]
    msp = measures[(measures["measure"] == "soutien_msp") & measures["code"].isin(in_normandie)]["code"].nunique()
    assert heat.loc["Normandie", "Soutien aux maisons de santé (MSP) (%)"] == pytest.approx(100 * msp / len(in_normandie), abs=0.005)
    silent = sorted(set(region) - set(answered.map(region)))  # no answering département: no share, not 0
    assert silent and heat.loc[silent].drop(columns="year").isna().all().all()


def test_comparer_export_keeps_labels_and_the_measure_key(app_data):
    grid = csv_of("comparer", "comparer-grid-csv", deps="28,58")
    assert list(grid.columns) == ["measure"] + COMPARER_COLUMNS
    assert list(grid.drop(columns="measure").itertuples(index=False, name=None)) == COMPARER_28_58_2022
    assert grid["measure"].iloc[0] == "aide_financiere_internes_stage"


def test_lever_export_has_amounts_as_numbers(app_data):
    lever = csv_of("boite-a-outils", "boite-aides_installation-csv", levier="aides_installation")
    assert (lever["lever"] == "aides_installation").all()
    capped = lever[lever["Nature du montant"] == "plafond"]
    assert 12_000 in set(capped["Montant"]) and set(capped["Unité du montant"]) == {"€/an"}
    assert lever["departement_codes"].str.fullmatch(r"[0-9AB]{2,3}(\|[0-9AB]{2,3})*").all()


CHART_PAGES = [(page, params) for page, params in PAGE_EXPORTS if page != "boite-a-outils"]  # no chart there


@pytest.mark.parametrize(("page", "params"), CHART_PAGES, ids=[p for p, _ in CHART_PAGES])
def test_every_chart_carries_its_title_and_the_source_of_the_day(app_data, page, params):
    at = open_page(page, **dict(params))
    specs = figures(at)
    assert specs, page
    for spec in specs:
        layout = spec["layout"]
        assert layout["title"]["text"], "the exported image keeps its title"
        assert layout["legend2"]["title"]["text"] == fr.source_line()
        assert layout["legend2"]["title"]["text"].endswith(fr.today())
        assert layout["showlegend"] is True


# ---------------------------------------------------------------------------------------
# The Données page: every table in CSV, XLSX and Parquet, and the whole package


def numeric_fields(resource: dict) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"] if f["type"] in ("integer", "number")]


def test_every_table_download_reads_back_as_numbers(app_data):
    got = page_exports("donnees", ())
    package = data.datapackage()
    for resource in package["resources"]:
        name = resource["name"]
        parquet = pd.read_parquet(app_data / resource["path"]).drop(columns="geometry", errors="ignore")
        assert got[f"dl-{name}-parquet"][1] == (app_data / resource["path"]).read_bytes()
        frame = read_csv(got[f"dl-{name}-csv"][1])
        assert len(frame) == len(parquet), name
        for column in numeric_fields(resource):
            assert frame[column].dtype.kind in "iuf", (name, column)
            assert frame[column].tolist() == pytest.approx(parquet[column].astype(float).tolist(), nan_ok=True), (name, column)
        lists = [c for c in parquet.columns if parquet[c].map(lambda v: hasattr(v, "__len__") and not isinstance(v, (str, bytes))).all()]
        as_text = pd.read_csv(io.BytesIO(got[f"dl-{name}-csv"][1]), sep=";", encoding="utf-8-sig",
                              dtype=str, keep_default_na=False)
        for column in lists:
            joined = parquet[column].map(lambda v: "|".join(map(str, v)))
            assert as_text[column].tolist() == joined.tolist(), (name, column)
        sheet = openpyxl.load_workbook(io.BytesIO(got[f"dl-{name}-xlsx"][1])).active
        rows = list(sheet.iter_rows(values_only=False))
        header = [c.value for c in rows[0]]
        assert header == list(frame.columns) and len(rows) == len(parquet) + 1, name
        cells = [c for row in rows for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
        for column in numeric_fields(resource):
            index = header.index(column)
            values = [row[index].value for row in rows[1:] if row[index].value is not None]
            assert all(isinstance(v, (int, float)) for v in values), (name, column, values[:3])
    evidence = read_csv(got["dl-evidence_units-csv"][1])
    assert evidence["measures"].fillna("").str.contains("|", regex=False).any()  # a sentence with two measures
    capacity = read_csv(got["dl-training_capacity-csv"][1])
    tours = capacity.query("subdivision == 'Tours' and discipline == 'chirurgie'").set_index("year")
    assert tours["capacity"].to_dict() == {2018: 30, 2022: 34} and tours["source_line"].to_dict() == {2018: 1733, 2022: 1744}


def test_the_package_zip_holds_every_table_and_its_dictionary(app_data):
    got = page_exports("donnees", ())
    name, raw = got["dl-package-zip"]
    assert name == "atlas-attractivite-medicale.zip"
    package = json.loads(got["dl-datapackage-json"][1])
    assert got["dl-datapackage-json"][0] == "datapackage.json" and package == data.datapackage()
    assert got["dl-quality-report"][1].decode("utf-8") == (app_data / "quality_report.md").read_text(encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        folder = data.PACKAGE_FOLDER
        assert json.loads(archive.read(f"{folder}/datapackage.json")) == package
        assert archive.read(f"{folder}/quality_report.md") == (app_data / "quality_report.md").read_bytes()
        expected = {f"{folder}/datapackage.json", f"{folder}/quality_report.md"}
        for resource in package["resources"]:
            expected.add(f"{folder}/{resource['path']}")
            parquet = pd.read_parquet(io.BytesIO(archive.read(f"{folder}/{resource['path']}")))
            assert len(parquet) == len(pd.read_parquet(app_data / resource["path"])), resource["name"]
            if "geoparquet" in resource:
                continue
            expected.add(f"{folder}/csv/{resource['name']}.csv")
            frame = read_csv(archive.read(f"{folder}/csv/{resource['name']}.csv"))
            assert len(frame) == len(parquet) and list(frame.columns) == list(parquet.columns), resource["name"]
            for column in numeric_fields(resource):
                assert frame[column].dtype.kind in "iuf", (resource["name"], column)
        assert names == expected
    from etl.schemas import TABLES

    assert [r["name"] for r in package["resources"]] == [t.name for t in TABLES]  # every declared table, peers too
