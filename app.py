"""Atlas de l'attractivité médicale des départements, 2019 vs 2022: the Streamlit app.

The entry point is only a router and a frame: it makes sure the data is built, then
hands over to the page the URL names. Pages live in pages/ and compose views and charts
from app_lib/; none of them reads the atlas itself.
"""

import streamlit as st

from app_lib import data, ui

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
    st.Page("pages/boite-a-outils.py", title="Outils CLS", url_path="boite-a-outils"),  # file name = URL (app_lib/__init__.py)
    st.Page("pages/donnees.py", title="Données", url_path="donnees"),
]
page = st.navigation(PAGES, position="top")

with st.sidebar:
    st.markdown("**Atlas de l'attractivité médicale des départements, 2019 vs 2022**")
    ui.export_picker()
    st.caption("Source : atlas de J.-C. Grelier et du Dr A. Reydellet. Méthode et téléchargements : page « Données ».")

page.run()
