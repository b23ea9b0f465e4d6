"""The app in real headless chromium against `streamlit run app.py`: the map and its click, downloads,
shared addresses, no request outside the server's origin. Every page's rendering, axe-core and
French texts are checked in test_layout.py, where each page is loaded once per width.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import geopandas as gpd
import pandas as pd
import pytest

from app_lib import data, geo
from tests.e2e.conftest import assert_drawn, open_app, screenshot, wait_for_app
from tests.known_values import COMPARER_28_58_2022, COMPARER_COLUMNS

# URL path and query of each page, and the title (st.title) that proves it is the page drawn
PAGES = {
    "accueil": ("", "Atlas de l'attractivité médicale des départements, 2019 vs 2022"),
    "carte": ("carte?initiatives=1", "Carte des aides à l'installation des médecins"),
    "fiche": ("fiche?dep=28", "Fiche département"),
    "capacites": ("capacites", "Capacités de formation des internes"),
    "diffusion": ("diffusion", "Diffusion des mesures entre 2019 et 2022"),
    "comparer": ("comparer?deps=28,58,49", "Comparer des départements"),
    "boite-a-outils": ("boite-a-outils", "Boîte à outils des Contrats locaux de santé"),
    "donnees": ("donnees", "Données et méthode"),
}
TITLE = {name: title for name, (_, title) in PAGES.items()}
SVG = "{http://www.w3.org/2000/svg}"
# axe-core impact levels that fail the test
BLOCKING = ("serious", "critical")


def own_origin_only(requests: list[str], server: str) -> list[str]:
    return [u for u in requests if not (u.startswith(server) or u.startswith(f"blob:{server}") or u.startswith("data:"))]


def download(page, locator: str, folder, name: str):
    """Click a download button; return (suggested file name, saved path)."""
    with page.expect_download() as info:
        page.locator(locator).click()
    path = folder / name
    info.value.save_as(path)
    return info.value.suggested_filename, path


def wait_for_charts(page, at_least: int = 0) -> None:
    """Every plotly chart on the page has drawn (SVG maps: drew their départements' paths)."""
    page.wait_for_function(
        """(n) => { const charts = [...document.querySelectorAll('.js-plotly-plot')];
               return charts.length >= n && charts.every(gd => gd._fullLayout
                   && (!gd._fullLayout.geo || gd.querySelector('.geo .choroplethlocation'))); }""",
        arg=at_least,
        timeout=60_000,
    )
    page.wait_for_timeout(800)


def test_map_shows_every_departement_and_a_click_opens_its_fiche(page, server):
    open_app(page, f"{server}/carte", TITLE["carte"])
    wait_for_charts(page, at_least=1)
    traces = page.evaluate("""() => document.querySelector('.js-plotly-plot').data
                                   .filter(t => t.type === 'choropleth').map(t => [...t.locations])""")
    assert len(traces) == 1  # the GeoJSON travels once
    drawn = traces[0]
    departements = gpd.read_parquet(data.PROCESSED / "departements.parquet")
    assert sorted(drawn) == sorted(departements["code"])
    lon, lat = geo.centroids(departements)["58"]
    x, y = page.evaluate(
        """([lon, lat]) => { const gd = document.querySelector('.js-plotly-plot');
                             const [x, y] = gd._fullLayout.geo._subplot.projection([lon, lat]);
                             const r = gd.getBoundingClientRect(); return [r.left + x, r.top + y]; }""",
        [lon, lat],
    )
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/fiche\?.*dep=58"), timeout=30_000)
    wait_for_app(page)
    assert_drawn(page, TITLE["fiche"])
    assert page.get_by_role("heading", name="Nièvre (58)").count() == 1
    screenshot(page, "fiche-apres-clic")
    assert own_origin_only(page.requests, server) == []


def test_csv_download_yields_the_table_rows(page, server, tmp_path):
    open_app(page, f"{server}/donnees", TITLE["donnees"])
    filename, path = download(page, ".st-key-dl-survey_status-csv button", tmp_path, "survey_status.csv")
    got = pd.read_csv(path, sep=";", dtype={"code": str}, encoding="utf-8-sig")
    expected = pd.read_parquet(data.PROCESSED / "survey_status.parquet")
    assert filename == "survey_status.csv"
    assert list(got.columns) == list(expected.columns)
    assert got[["code", "year", "status"]].to_dict("records") == expected[["code", "year", "status"]].to_dict("records")
    assert own_origin_only(page.requests, server) == []


def test_shared_url_restores_the_view(page, server):
    open_app(page, f"{server}/carte?annee=2019&mesure=logement_internes", TITLE["carte"])
    wait_for_charts(page, at_least=1)
    title = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.title.text")
    # titles are wrapped for phones (charts.wrap): <br> between lines, no-break spaces inside « »
    assert title.replace("<br>", " ").replace("\u00a0", " ") == "« Logement pour les internes » par département, 2019"


def test_chart_toolbar_exports_in_the_chosen_format(page, server, tmp_path):
    open_app(page, f"{server}/diffusion", TITLE["diffusion"])
    page.get_by_text("SVG (vectoriel, pour les rapports)").click()
    wait_for_app(page)
    assert_drawn(page, TITLE["diffusion"])
    wait_for_charts(page, at_least=1)
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    button = page.locator(".modebar-btn[data-title='Télécharger le graphique (SVG)']").first
    with page.expect_download() as info:
        button.dispatch_event("click")  # a click at its place would land on Streamlit's header above a tall chart
    assert info.value.suggested_filename.endswith(".svg")
    path = tmp_path / "diffusion.svg"
    info.value.save_as(path)
    svg = ET.parse(path).getroot()
    assert svg.tag == f"{SVG}svg"
    titles = [" ".join(t.itertext()) for t in svg.iter(f"{SVG}text") if "gtitle" in t.get("class", "")]  # one tspan a line
    assert titles == ["Départements proposant chaque mesure (pages de l'atlas), 2019 et 2022"]
    # the bars' labels, one trace per year in legend order, are the départements describing each measure
    catalog = pd.read_parquet(data.PROCESSED / "measure_catalog.parquet")
    twelve = catalog.loc[catalog["parent"].isna() & (catalog["measure"] != "other"), "measure"]
    measures = pd.read_parquet(data.PROCESSED / "measures.parquet").query("source == 'page'")
    counts = measures[measures["measure"].isin(twelve)].groupby(["year", "measure"])["code"].nunique()
    traces = [g for g in svg.iter(f"{SVG}g") if "bars" in g.get("class", "").split()]
    legend = [t.text for t in svg.iter(f"{SVG}text") if "legendtext" in t.get("class", "")]
    assert len(traces) == 2 and legend == ["2019", "2022"]
    for trace, year in zip(traces, (2019, 2022)):
        labels = [int(t.text) for t in trace.iter(f"{SVG}text") if "bartext" in t.get("class", "")]
        assert sorted(labels) == sorted(counts[year].reindex(twelve, fill_value=0)), year
    # and one pinned value: Soutien aux MSP, the longest 2019 bar, drawn by 52 départements' pages
    assert counts[2019]["soutien_msp"] == 52 == max(counts[2019])


def test_pdf_fiche_and_comparison_download_from_the_browser(page, server, tmp_path):
    import pypdfium2 as pdfium

    open_app(page, f"{server}/fiche?dep=28", TITLE["fiche"])
    filename, path = download(page, ".st-key-fiche-pdf button", tmp_path, "fiche.pdf")
    assert filename == "fiche-28-eure-et-loir.pdf"
    document = pdfium.PdfDocument(str(path))
    assert 1 <= len(document) <= 2
    assert "Eure-et-Loir (28)" in document[0].get_textpage().get_text_range()

    open_app(page, f"{server}/comparer?deps=28,58", TITLE["comparer"])
    _, path = download(page, ".st-key-comparer-grid-csv button", tmp_path, "comparaison.csv")
    grid = pd.read_csv(path, sep=";", encoding="utf-8-sig")
    assert list(grid.columns) == ["measure"] + COMPARER_COLUMNS  # the key beside the French label
    assert list(grid.drop(columns="measure").itertuples(index=False, name=None)) == COMPARER_28_58_2022
    assert own_origin_only(page.requests, server) == []
