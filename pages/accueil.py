"""Accueil: what the atlas is, the key figures, how to read the app."""

import pandas as pd
import streamlit as st

from app_lib import charts, data, fr, ui, views

departements = data.table("departements")
status = data.table("survey_status")
measures = data.table("measures")
capacity = data.table("training_capacity")
figures = views.key_figures(status, measures, capacity)

st.title("Atlas de l'attractivité médicale des départements, 2019 vs 2022")
st.markdown(
    "Que font les conseils départementaux pour attirer les médecins ? Aides aux internes en stage, bourses "
    "d'études contre une installation, logement des internes, soutien aux maisons de santé, médecins salariés… "
    "L'atlas de **Jean-Carles Grelier** et du **Dr Antoine Reydellet** a recensé ces mesures en **2019** et en "
    "**2022**, et les capacités de formation des internes par subdivision universitaire en **2018** et **2022**. "
    "Cette application en fait des données ouvertes : chaque chiffre renvoie à la ligne de l'atlas d'où il vient."
)

names = dict(zip(departements["code"], departements["name"]))
c1, c2 = st.columns(2, vertical_alignment="bottom")
c1.page_link("pages/carte.py", label="Carte des aides : ce que propose chaque département", icon=":material/map:")
code = c2.selectbox("Ouvrir une fiche", list(names), index=None, format_func=lambda c: f"{names[c]} ({c})",
                    placeholder="Nom ou numéro du département…", key="accueil-dep")
if code:
    st.columns(2)[1].page_link("pages/fiche.py", label=f"Ouvrir la fiche {views.departement_of(code, departements)}",
                               icon=":material/arrow_forward:", query_params={"dep": code})

st.header("Chiffres clés")
cols = st.columns(4)
for col, year in zip(cols[:2], fr.YEARS):
    f = figures[year]
    col.metric(f"Ont répondu en {year}", f"{fr.number(f['answered'])} sur {fr.number(f['total'])}",
               help="Départements dont la page décrit des mesures ou indique qu'aucune aide n'est en place.")
for col, year in zip(cols[2:], fr.YEARS):
    f = figures[year]
    col.metric(f"Décrivent des mesures en {year}", fr.number(f["with_measures"]))

cap = figures["capacity"]
st.markdown("**Internes pouvant être formés en 2022**, et écart depuis 2018 :")
cols = st.columns(3)
for col, discipline in zip(cols, ("chirurgie", "specialites_medicales", "dont_medecine_generale")):
    before, after = cap[discipline][2018], cap[discipline][2022]
    col.metric(
        fr.DISCIPLINE_LABELS[discipline],
        fr.number(after),
        delta=f"{fr.signed(after - before)} depuis 2018 ({fr.percent(100 * (after - before) / before, signed=True)})",
        delta_color="off",
        delta_arrow="off",
    )
st.caption(
    "« Ayant répondu » : pages décrivant des mesures ou indiquant qu'aucune aide n'est en place. Les départements "
    "qui n'ont pas répondu, dont la rubrique est vide ou qui sont absents de l'atlas sont comptés à part. "
    "Capacités : les pôles corses, qui reprennent les chiffres de Nice et Marseille, ne sont pas additionnés."
)

counts = (status.pivot_table(index="status", columns="year", values="code", aggfunc="count", fill_value=0)
          .reindex(list(fr.STATUS_LABELS), fill_value=0).reset_index())
counts = pd.DataFrame({"status": counts["status"], "Statut": counts["status"].map(fr.STATUS_LABELS),
                       **{f"Départements {y}": counts[y] for y in fr.YEARS}})
ui.chart(charts.status_bars(status), counts, title="Réponses à l'enquête, 2019 et 2022", key="status-bars",
         hide=("status",), formats={f"Départements {y}": "int" for y in fr.YEARS},
         alt="Diagramme en barres du nombre de départements par statut de réponse en 2019 et en 2022 ; "
             "les mêmes chiffres figurent dans le tableau qui suit.")

st.header("Comment lire l'application")
st.markdown(
    "- **Carte** : la carte des départements, par nombre de mesures ou pour une mesure, avec les initiatives "
    "locales en option ; cliquez sur un département pour ouvrir sa fiche.\n"
    "- **Fiche** : les mesures 2019 et 2022 d'un département (maintenues, ajoutées, abandonnées) avec le texte de "
    "l'atlas, ses contradictions éventuelles, sa comparaison avec sa région et la France, ses initiatives locales, "
    "et une fiche PDF à imprimer.\n"
    "- **Capacités** : internes pouvant être formés par subdivision, 2018 et 2022.\n"
    "- **Diffusion** : quelles mesures se sont répandues entre 2019 et 2022.\n"
    "- **Comparer** : deux à quatre départements côte à côte.\n"
    "- **Outils CLS** : les leviers d'un Contrat local de santé, qui les pratique déjà et à quel coût.\n"
    "- **Données** : toutes les tables à télécharger, le dictionnaire des données, la méthode.\n\n"
    "Chaque graphique s'exporte en PNG ou SVG depuis sa barre d'outils (format au choix dans le panneau latéral), "
    "et ses données en CSV. L'adresse de la page garde vos choix : copiez-la pour partager une vue."
)
st.header("Source et licence")
st.markdown(
    "Atlas de l'attractivité médicale des départements, 2019 vs 2022, J.-C. Grelier avec le Dr A. Reydellet. "
    "Contours des départements : IGN ADMIN EXPRESS (Licence Ouverte 2.0) ; populations légales : INSEE "
    "(Licence Ouverte 2.0). Détails sur la page « Données et méthode »."
)
