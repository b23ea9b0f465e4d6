"""AppTest of every page with the real processed data, including URL parameters."""

from __future__ import annotations

import html
import json
import re
from unittest import mock
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from app_lib import data, fr
from etl.vocabulary import CONFLICT_KINDS
from tests.known_values import COMPARER_28_58_2022, COMPARER_COLUMNS

PAGES = ["accueil", "carte", "fiche", "capacites", "diffusion", "donnees"]


@pytest.fixture(scope="module", autouse=True)
def processed(app_data):
    """The pages read this session's fresh build (tests/conftest.py)."""
    return app_data


class RecordingMediaFileManager(MediaFileManager):
    """AppTest makes a media file manager per run and drops it; this one is kept, so that a test can
    read what each download button of the last run serves."""

    last = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        RecordingMediaFileManager.last = self


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(data.ROOT / "app.py"), default_timeout=60)
    with mock.patch("streamlit.testing.v1.app_test.MediaFileManager", RecordingMediaFileManager):
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        if page != "accueil":
            at.switch_page(f"pages/{page}.py")
            for name, value in params.items():
                at.query_params[name] = value
            at.run()
    at.media_files = RecordingMediaFileManager.last
    assert not at.exception, [e.value for e in at.exception]
    return at


def downloads(at: AppTest) -> dict[str, tuple[str, bytes]]:
    """key -> (file name, bytes) of every download button of the page, as a click would give them
    (a deferred button's callable is run, as Streamlit runs it on click)."""
    manager, out = at.media_files, {}
    for button in at.get("download_button"):
        file_id = button.proto.deferred_file_id
        if file_id:
            name = manager._deferred_callables[file_id]["filename"]
            url = manager.execute_deferred(file_id)
        else:
            name, url = None, button.proto.url
        stored = manager._storage.get_file(url.rsplit("/", 1)[-1])
        out[button.key] = (name or stored.filename, stored.content)
    return out


def figures(at: AppTest) -> list[dict]:
    """The plotly figures of the page as sent to the browser."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def plain(text: str) -> str:
    """What the reader sees of a Markdown-escaped text (fr.md): escapes and word joiners removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace(fr.WORD_JOINER, "")


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.header] + [t.value for t in at.title]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    return plain("\n".join(parts))


def tables(at: AppTest) -> list:
    """The st.table frames as the reader sees them (ui.table escapes every text cell and header)."""
    out = []
    for element in at.table:
        frame = element.value.copy()
        frame.columns = [plain(str(c)) for c in frame.columns]
        for column in frame.columns:
            frame[column] = frame[column].map(lambda v: plain(v) if isinstance(v, str) else v)
        out.append(frame)
    return out


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_error(page):
    at = open_page(page)
    assert at.title, "each page has a title"
    assert not at.error


def test_accueil_key_figures_are_french_formatted():
    at = open_page("accueil")
    values = {m.label: m.value for m in at.metric}
    assert values["Ont répondu en 2019"] == "82 sur 102"
    assert values["Spécialités médicales"] == "8\u202f068"



def test_accueil_links_to_the_map_and_opens_a_chosen_fiche():
    at = open_page("accueil")
    links = {link.proto.page: link.proto for link in at.get("page_link")}
    assert links["carte"].label.startswith("Carte des aides")
    at.selectbox(key="accueil-dep").set_value("28").run()
    fiche = next(link.proto for link in at.get("page_link") if link.proto.page == "fiche")
    assert fiche.query_string == "dep=28"
    if "tncc" in data.table("departements").columns:  # INSEE's TNCC 1: elided
        assert fiche.label == "Ouvrir la fiche d'Eure-et-Loir"
    else:
        assert fiche.label == "Ouvrir la fiche de Eure-et-Loir"

def test_carte_reads_year_and_measure_from_the_url():
    at = open_page("carte", annee="2019", mesure="logement_internes")
    assert at.radio(key="carte-annee").value == 2019
    assert at.selectbox(key="carte-mesure").value == "logement_internes"
    assert not at.warning


@pytest.mark.parametrize("params", [{"annee": "2031"}, {"mesure": "teleportation"}, {"dep": "99"}, {"annee": "abc"}])
def test_carte_unknown_url_values_give_a_french_message(params):
    at = open_page("carte", **params)
    assert any("n'est pas reconnue" in w.value for w in at.warning)
    assert at.radio(key="carte-annee").value == 2022


def plotly_figure(at: AppTest, index: int = 0) -> tuple[dict, dict]:
    """The figure (data, layout) and the plotly config a page sent to the browser."""
    element = at.get("plotly_chart")[index].proto
    return json.loads(element.spec), json.loads(element.config)


def text_lines(text: str) -> list[str]:
    """The lines a reader sees of plotly text: split at <br>, tags dropped, entities decoded."""
    return [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in text.split("<br>")]


def test_carte_map_is_an_svg_map_with_a_key_and_short_lines():
    at = open_page("carte", initiatives="1", dep="2A")
    figure, config = plotly_figure(at)
    traces = figure["data"]
    # an SVG map (geo), no WebGL (MapLibre)
    assert [t["type"] for t in traces if t["type"] in ("choropleth", "choroplethmap")] == ["choropleth"]
    assert "map" not in figure["layout"] and figure["layout"]["geo"]["visible"] is False
    codes = pd.read_parquet(data.PROCESSED / "departements.parquet")["code"]
    assert sorted(traces[0]["locations"]) == sorted(codes)
    # the shapes travel as a file the browser fetches (a short relative URL in the figure), not inside it
    url = traces[0]["geojson"]
    assert re.fullmatch(r"app/static/maps/departements-[0-9a-f]{16}\.json", url), url
    shapes = json.loads((data.ROOT / "static" / url.removeprefix("app/static/")).read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in shapes["features"]) == sorted(codes)
    assert len(json.dumps(figure)) < 100_000
    # the key: a legend of the map's categories and the initiatives, below the map, that a click cannot empty
    assert [t["name"] for t in traces if t.get("showlegend") is not False and "name" in t
            and t.get("legend") != "legend2"] == [  # legend2 holds the source line (ui.with_source)
        "7 mesures ou plus", "5 à 6 mesures", "3 à 4 mesures", "1 à 2 mesures", "Mesures hors des 12 catégories",
        "Aucune mesure (a répondu)", "Rubrique vide", "Pas de réponse à l'enquête", "Absent de l'atlas",
        "Initiative locale"]
    legend = figure["layout"]["legend"]
    assert (legend["orientation"], legend["y"], legend["yanchor"], legend["itemclick"]) == ("h", 0, "top", False)
    # hover text of départements and initiatives, and the title, in lines that fit a phone
    hovers = [line for t in traces for text in t.get("hovertext", []) for line in text_lines(text)]
    assert "Corse-du-Sud (2A)" in hovers and "Chartres métropole" in " ".join(hovers)
    assert max(map(len, hovers)) <= 40, max(hovers, key=len)
    title = text_lines(figure["layout"]["title"]["text"])
    assert " ".join(title) == "Nombre de mesures décrites par département, 2022" and max(map(len, title)) <= 36
    # the searched département is outlined (a black line over the map)
    assert any(t["type"] == "scattergeo" and t.get("line", {}).get("width") == 3 for t in traces)
    # plotly geo fetches a base topology even when none is drawn: the app serves an empty one itself
    assert config["topojsonURL"] == "app/static/un/"
    topology = json.loads((data.ROOT / "static" / "un" / "world_110m.json").read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and all(o["geometries"] == [] for o in topology["objects"].values())


def test_carte_tables_are_plain_escaped_html_with_every_departement():
    at = open_page("carte", initiatives="1")
    tables = {}
    for element in at.get("html"):
        # after the style block, escaped text parses as XML: no tag came from the data
        box = ET.fromstring(element.proto.body.split("</style>", 1)[1])
        assert {e.tag for e in box.iter()} == {"div", "table", "thead", "tbody", "tr", "th", "td"}
        root = box.find("table")
        head = [th.text for th in root.iter("th")]
        tables[root.get("aria-label")] = [dict(zip(head, [td.text for td in tr.iter("td")]))
                                          for tr in root.find("tbody")]
    departements = tables["Les départements en tableau"]
    codes = pd.read_parquet(data.PROCESSED / "departements.parquet")["code"]
    assert [r["code"] for r in departements] == list(codes)
    corse = next(r for r in departements if r["code"] == "2A")
    assert corse["Département"] == "Corse-du-Sud" and corse["Région"] == "Corse"
    initiatives = tables["Initiatives locales sur la carte"]
    assert len(initiatives) == len(pd.read_parquet(data.PROCESSED / "local_initiatives.parquet"))


def test_carte_search_shows_the_departement_and_a_link_to_its_fiche():
    at = open_page("carte", dep="2A")
    assert any("Corse-du-Sud (2A)" in plain(i.value) for i in at.info)


def test_a_click_on_the_map_opens_the_fiche():
    at = open_page("carte")
    at.session_state["carte-map"] = {"selection": {"points": [{"location": "58"}], "point_indices": [], "box": [],
                                                   "lasso": []}}
    at.run()
    assert not at.exception
    assert "Nièvre (58)" in [h.value for h in at.header]


def test_fiche_from_the_url_shows_both_years_and_contradictions():
    at = open_page("fiche", dep="62")
    content = texts(at)
    assert "Pas-de-Calais (62)" in content
    assert "**2019**\u00a0: A répondu et décrit des mesures (ligne 2526 de l'atlas)" in content
    assert any("ne disent pas la même chose sur 2 mesures" in w.value for w in at.warning)
    # line 719 ticks the 9th measure field (emploi du conjoint); the page (2539) states salaried doctors
    shown = next(t for t in tables(at) if "Nature" in t.columns)
    assert sorted(zip(shown["Mesure"], shown["Nature"], shown["Ligne de la page"])) == [
        ("Aide à l'emploi du conjoint", CONFLICT_KINDS["self_contradiction"], 2539),
        ("Développement du salariat", CONFLICT_KINDS["self_contradiction"], 2539),
    ]
    compare = next(t for t in tables(at) if "Évolution" in t.columns)
    salariat = compare[compare["Mesure"] == "Développement du salariat"].iloc[0]
    assert salariat["2022"].startswith("«\u00a0Salarier de médecin et de secrétaire par le département") \
        and salariat["2022"].endswith("(ligne 2539)")


def test_fiche_of_a_departement_absent_from_the_atlas():
    at = open_page("fiche", dep="976")
    assert "**2022**\u00a0: Absent de l'atlas" in texts(at)


def test_fiche_unknown_code_gives_a_french_message_and_no_traceback():
    at = open_page("fiche", dep="20")
    assert any("paramètre d'adresse «\u00a0dep\u00a0» n'est pas reconnue" in w.value and "20" not in w.value for w in at.warning)
    assert any("Choisissez un département" in i.value for i in at.info)


def test_capacites_discipline_from_the_url_and_non_comparable_warning():
    at = open_page("capacites", discipline="urgence")
    assert at.selectbox(key="capacites-discipline").value == "urgence"
    assert any("Pas de comparaison possible" in w.value for w in at.warning)
    bad = open_page("capacites", discipline="dentisterie")
    assert any("n'est pas reconnue" in w.value for w in bad.warning)


def expected_diffusion(folder) -> pd.DataFrame:
    """The diffusion counts recomputed from the published Parquet files with plain pandas."""
    measures = pd.read_parquet(folder / "measures.parquet")
    status = pd.read_parquet(folder / "survey_status.parquet")
    catalog = pd.read_parquet(folder / "measure_catalog.parquet")
    population = pd.read_parquet(folder / "departements.parquet", columns=["code", "population"])
    twelve = catalog[catalog["parent"].isna() & (catalog["measure"] != "other")].sort_values("display_order")
    # code x measure x year -> offered (pages only, same method both years)
    offered = (measures[measures["source"] == "page"].drop_duplicates(["code", "measure", "year"])
               .assign(offered=True).pivot_table(index=["code", "measure"], columns="year", values="offered",
                                                 aggfunc="any", fill_value=False))
    answered = status[status["status"].isin(["measures", "no_measures"])].groupby("code")["year"].nunique()
    both = offered.index.get_level_values("code").isin(answered[answered == 2].index)
    population = population.set_index("code")["population"]
    in_2022 = offered[2022][offered[2022]].reset_index()
    in_2022["population"] = in_2022["code"].map(population)
    frame = pd.DataFrame({
        "2019": offered[2019].groupby(level="measure").sum(),
        "2022": offered[2022].groupby(level="measure").sum(),
        "Gains": (both & offered[2022] & ~offered[2019]).groupby(level="measure").sum(),
        "Pertes": (both & offered[2019] & ~offered[2022]).groupby(level="measure").sum(),
        "Population 2022 (%)": in_2022.groupby("measure")["population"].sum() / population.sum() * 100,
    }).reindex(twelve["measure"]).fillna(0)
    frame.index = twelve["label"].to_list()
    return frame


def test_diffusion_table_counts_match_the_published_tables(app_data):
    at = open_page("diffusion")
    shown = next(t for t in tables(at) if "Gains (départements)" in t.columns).set_index("Mesure")
    expected = expected_diffusion(app_data)
    assert list(shown.index) == list(expected.index)
    for column in ("2019", "2022", "Gains", "Pertes"):
        header = f"Départements {column}" if column[0] == "2" else f"{column} (départements)"
        assert shown[header].astype(int).to_dict() == expected[column].astype(int).to_dict(), column
    percent = expected["Population 2022 (%)"].map(lambda v: f"{v:.1f}".replace(".", ",") + "\u202f%")
    assert shown["Population 2022 (%)"].to_dict() == percent.to_dict()
    # the recomputation itself is not vacuous: every measure is described somewhere, some come and go
    assert (expected[["2019", "2022"]] > 0).all().all()
    assert expected["Gains"].sum() > 0 and expected["Pertes"].sum() > 0


def test_donnees_offers_every_table_in_three_formats():
    at = open_page("donnees")
    package = data.datapackage()
    keys = {b.key for b in at.get("download_button")} if hasattr(at, "get") else set()
    for resource in package["resources"]:
        for fmt in ("csv", "xlsx", "parquet"):
            assert f"dl-{resource['name']}-{fmt}" in keys
    assert {"dl-package-zip", "dl-datapackage-json", "dl-quality-report"} <= keys


def test_comparer_from_the_url_and_unknown_codes():
    at = open_page("comparer", deps="28,58,ZZ")
    assert at.multiselect(key="comparer-deps").value == ["28", "58"]
    assert any("1 code de département non reconnu dans l'adresse" in w.value and "ZZ" not in w.value
               for w in at.warning)  # counted, not echoed
    grid = tables(at)[0]
    assert list(grid.columns) == COMPARER_COLUMNS
    assert list(grid.itertuples(index=False, name=None)) == COMPARER_28_58_2022


def test_comparer_shows_the_status_of_a_departement_that_did_not_answer():
    at = open_page("comparer", deps="28,976", annee="2019")
    grid = tables(at)[0]
    assert set(grid["Mayotte (976)"]) == {"Absent de l'atlas"}


def test_boite_a_outils_links_levers_to_departements_and_local_costs():
    at = open_page("boite-a-outils", levier="aides_installation")
    assert [h.value for h in at.header] == ["Mobiliser des aides incitatives à l'installation"]
    examples = tables(at)[1]
    assert "jusqu'à 12\u202f000 €/an" in set(examples["Montant"])
    unknown = open_page("boite-a-outils", levier="yoga")
    assert any("n'est pas reconnue" in w.value for w in unknown.warning)


def test_fiche_lists_local_initiatives_and_offers_a_pdf():
    at = open_page("fiche", dep="28")
    assert any("Chartres métropole" in set(t.get("Territoire", [])) for t in tables(at) if "Territoire" in t)
    assert "fiche-pdf" in {b.key for b in at.get("download_button")}


def test_carte_initiatives_layer_from_the_url():
    at = open_page("carte", initiatives="1")
    assert at.checkbox(key="carte-initiatives").value is True
    assert "Initiatives locales sur la carte" in [h.value for h in at.header]


def test_fiche_28_in_brief_neighbours_and_pistes():
    at = open_page("fiche", dep="28")
    content = texts(at).replace("\u00a0", " ")  # UI strings carry French no-break spaces
    # in brief first: the 2019 -> 2022 story before the measures table
    assert [h.value.replace("\u00a0", " ") for h in at.subheader][:2] == ["En bref : 2019 → 2022", "Mesures 2019 et 2022, dans les mots de l'atlas"]
    # l.1797-1875: Eure-et-Loir keeps seven measures, adds the installation aid (l.1868) and no longer
    # describes the PMI interns (2019 only, l.1802)
    assert "Nouvelles en 2022 (1) : Aide financière à l'installation" in content
    assert "Non décrites en 2022 (1) : Accueil des internes en PMI" in content
    around = next(t for t in tables(at) if "Lien" in t.columns)
    neighbours = set(around.loc[around["Lien"] == "Voisin", "Département"])
    # the seven départements bordering Eure-et-Loir on any map
    assert neighbours == {"Eure", "Yvelines", "Essonne", "Loiret", "Loir-et-Cher", "Sarthe", "Orne"}
    assert (around["Lien"] == "Comparable").sum() == 5
    # Yvelines' 2022 page cannot be read as an answer: no count, not 0
    assert around.set_index("Département").loc["Yvelines", "Mesures décrites en 2022"] == "–"
    # pistes: the Loiret's study grant is quoted with its line (l.1990), and the Chartres study grant's cost is given
    assert "**Loiret (45)** : « Nous avons développé une bourse à partir de l'externat" in content
    assert "Chartres métropole : Bourse d'étude pour les étudiants en médecine — jusqu'à 12\u202f000 €/an" in content
    assert "fiche-pistes-csv" in {b.key for b in at.get("download_button")}


def test_fiche_of_an_overseas_departement_says_it_has_no_neighbour():
    at = open_page("fiche", dep="971")
    assert "pas de voisin terrestre" in texts(at).replace("\u00a0", " ")
    around = next(t for t in tables(at) if "Lien" in t.columns)
    assert list(around["Lien"]) == ["Ce département"] + ["Comparable"] * 5


def test_comparer_list_for_phones_gives_the_grid_cells():
    """The list shown instead of the grid on phones (app_lib/layout.py) says the same as the grid."""
    at = open_page("comparer", deps="28,58")
    lines = [line for m in at.markdown for line in plain(m.value).replace("\u00a0", " ").splitlines()
             if line.startswith("- **")]
    assert len(lines) == len(COMPARER_28_58_2022)
    for line, (measure, eure, nievre) in zip(lines, COMPARER_28_58_2022):
        label, answers = line[len("- **"):].split("** — ")
        said = {}
        for part in answers.split(" ; "):
            value, names = part.split(" : ")
            said.update({name: value.strip("*") for name in names.split(", ")})
        assert label == measure
        assert said == {"Eure-et-Loir (28)": eure, "Nièvre (58)": nievre}, measure
