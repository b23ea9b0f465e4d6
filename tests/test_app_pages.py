"""AppTest of every page with the real processed data, including URL parameters."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_lib import data

PAGES = ["accueil", "carte", "fiche", "capacites", "diffusion", "donnees"]


@pytest.fixture(scope="module", autouse=True)
def processed():
    """The app reads data/processed/; build it if a fresh clone does not have it yet."""
    if not (data.PROCESSED / "datapackage.json").exists():
        from etl.pipeline import run

        run(target=data.PROCESSED, log=lambda *_: None)


def open_page(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(data.ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != "accueil":
        at.switch_page(f"pages/{page}.py")
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [h.value for h in at.header] + [t.value for t in at.title]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    return "\n".join(parts)


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


def test_carte_reads_year_and_measure_from_the_url():
    at = open_page("carte", annee="2019", mesure="logement_internes")
    assert at.radio(key="carte-annee").value == 2019
    assert at.selectbox(key="carte-mesure").value == "logement_internes"
    assert not at.warning


@pytest.mark.parametrize("params", [{"annee": "2031"}, {"mesure": "teleportation"}, {"dep": "99"}, {"annee": "abc"}])
def test_carte_unknown_url_values_give_a_french_message(params):
    at = open_page("carte", **params)
    assert any("n'est pas reconnu" in w.value for w in at.warning)
    assert at.radio(key="carte-annee").value == 2022


def test_carte_search_shows_the_departement_and_a_link_to_its_fiche():
    at = open_page("carte", dep="2A")
    assert any("Corse-du-Sud (2A)" in i.value for i in at.info)


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
    assert "**2019** : A répondu et décrit des mesures (ligne 2526 de l'atlas)" in content
    assert any("L'atlas se contredit" in w.value for w in at.warning)


def test_fiche_of_a_departement_absent_from_the_atlas():
    at = open_page("fiche", dep="976")
    assert "**2022** : Absent de l'atlas" in texts(at)


def test_fiche_unknown_code_gives_a_french_message_and_no_traceback():
    at = open_page("fiche", dep="20")
    assert any("« dep=20 » n'est pas reconnu" in w.value for w in at.warning)
    assert any("Choisissez un département" in i.value for i in at.info)


def test_capacites_discipline_from_the_url_and_non_comparable_warning():
    at = open_page("capacites", discipline="urgence")
    assert at.selectbox(key="capacites-discipline").value == "urgence"
    assert any("Pas de comparaison possible" in w.value for w in at.warning)
    bad = open_page("capacites", discipline="dentisterie")
    assert any("n'est pas reconnu" in w.value for w in bad.warning)


def test_diffusion_table_has_the_twelve_measures():
    at = open_page("diffusion")
    tables = [t for t in at.table]
    assert any(len(t.value) == 12 for t in tables)


def test_donnees_offers_every_table_in_three_formats():
    at = open_page("donnees")
    package = data.datapackage()
    keys = {b.key for b in at.get("download_button")} if hasattr(at, "get") else set()
    for resource in package["resources"]:
        for fmt in ("csv", "xlsx", "parquet"):
            assert f"dl-{resource['name']}-{fmt}" in keys


def test_comparer_from_the_url_and_unknown_codes():
    at = open_page("comparer", deps="28,58,ZZ")
    assert at.multiselect(key="comparer-deps").value == ["28", "58"]
    assert any("ZZ" in w.value for w in at.warning)
    grid = at.table[0].value
    assert list(grid.columns) == ["Mesure", "Eure-et-Loir (28)", "Nièvre (58)"]
    assert len(grid) == 12


def test_comparer_shows_the_status_of_a_departement_that_did_not_answer():
    at = open_page("comparer", deps="28,976", annee="2019")
    grid = at.table[0].value
    assert set(grid["Mayotte (976)"]) == {"Absent de l'atlas"}


def test_boite_a_outils_links_levers_to_departements_and_local_costs():
    at = open_page("boite_a_outils", levier="aides_installation")
    assert [h.value for h in at.header] == ["Mobiliser des aides incitatives à l'installation"]
    examples = at.table[1].value
    assert "jusqu'à 12\u202f000 €/an" in set(examples["Montant"])
    unknown = open_page("boite_a_outils", levier="yoga")
    assert any("n'est pas reconnu" in w.value for w in unknown.warning)


def test_fiche_lists_local_initiatives_and_offers_a_pdf():
    at = open_page("fiche", dep="28")
    assert any("Chartres métropole" in set(t.value.get("Territoire", [])) for t in at.table if "Territoire" in t.value)
    assert "fiche-pdf" in {b.key for b in at.get("download_button")}


def test_carte_initiatives_layer_from_the_url():
    at = open_page("carte", initiatives="1")
    assert at.checkbox(key="carte-initiatives").value is True
    assert "Initiatives locales sur la carte" in [h.value for h in at.header]
