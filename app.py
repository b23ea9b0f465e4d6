"""Atlas de l'attractivité médicale des départements, 2019 vs 2022: the Streamlit app.

The entry point is only a router and a frame: it makes sure the data is built, then
hands over to the page the URL names. Pages live in pages/ and compose views and charts
from app_lib/; none of them reads the atlas itself.
"""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app_lib import data, layout, ui

st.set_page_config(page_title="Atlas de l'attractivité médicale des départements", page_icon="🩺", layout="wide")

ui.french_document()
data.ensure_built()

PAGES = [
    st.Page("pages/accueil.py", title="Accueil", default=True),
    st.Page("pages/carte.py", title="Carte", url_path="carte"),
    st.Page("pages/fiche.py", title="Fiche", url_path="fiche"),
    st.Page("pages/capacites.py", title="Capacités", url_path="capacites"),
    st.Page("pages/diffusion.py", title="Diffusion", url_path="diffusion"),
    st.Page("pages/comparer.py", title="Comparer", url_path="comparer"),
    st.Page("pages/indicateur.py", title="Votre indicateur", url_path="indicateur"),
    st.Page("pages/boite-a-outils.py", title="Outils CLS", url_path="boite-a-outils"),  # file name = URL (app_lib/__init__.py)
    st.Page("pages/donnees.py", title="Données", url_path="donnees"),
]


def unknown_address() -> str | None:
    """The path of an address that names no page (a first visit to /nimportequoi), else None.

    Streamlit answers such an address with its own English dialog over the home page. Known here
    before st.navigation resolves it, the path becomes a hidden page of its own that says, in
    French, that the page does not exist. (Streamlit has no public API for the requested path.)"""
    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:  # in-app navigation names pages by hash
        return None
    name = manager.intended_page_name or ""
    if not name or "/" in name or name in {p.url_path for p in PAGES}:
        return None
    return name


def page_not_found() -> None:
    st.title("Page introuvable")
    st.write("Cette adresse ne correspond à aucune page de l'atlas : elle a peut-être été mal recopiée. "
             "Les pages de l'application :")
    labels = {"": "Accueil", "carte": "Carte des aides", "fiche": "Fiche d'un département",
              "capacites": "Capacités de formation", "diffusion": "Diffusion des mesures",
              "comparer": "Comparer des départements", "indicateur": "Votre indicateur",
              "boite-a-outils": "Boîte à outils des Contrats locaux de santé", "donnees": "Données et méthode"}
    for target in PAGES:
        if target.url_path in labels:
            st.page_link(target, label=labels[target.url_path])


missing = unknown_address()
if missing:
    PAGES.append(st.Page(page_not_found, title="Page introuvable", url_path=missing, visibility="hidden"))
page = st.navigation(PAGES, position="top")
layout.responsive(PAGES)  # width rules for phones to 1920 px, and the page menu on phones

with st.sidebar:
    st.markdown("**Atlas de l'attractivité médicale des départements, 2019 vs 2022**")
    ui.export_picker()
    st.caption("Source : atlas de J.-C. Grelier et du Dr A. Reydellet. Méthode et téléchargements : page « Données ».")

page.run()
