"""Comparer: two to four départements side by side, measure by measure."""

import streamlit as st

from app_lib import charts, data, fr, ui, views

departements = data.table("departements")
status = data.table("survey_status")
measures = data.table("measures")
catalog = data.table("measure_catalog")
names = dict(zip(departements["code"], departements["name"]))

st.title("Comparer des départements")
raw = st.query_params.get("deps")
chosen = [c for c in (raw.split(",") if raw else []) if c]
unknown = [c for c in chosen if c not in names]
if unknown:
    st.warning(f"{fr.plural(len(unknown), 'code')} de département non reconnu{'s' if len(unknown) > 1 else ''} "
               "dans l'adresse : ignoré" + ("s." if len(unknown) > 1 else "."))
chosen = [c for c in dict.fromkeys(chosen) if c in names][:4]
chosen = st.multiselect("Départements (de 2 à 4)", list(names), default=chosen, max_selections=4,
                        format_func=lambda c: f"{names[c]} ({c})", placeholder="Choisissez des départements…",
                        key="comparer-deps")
year = ui.query_choice("annee", list(fr.YEARS), 2022, int, "année 2019 ou 2022")
year = st.radio("Année", fr.YEARS, index=fr.YEARS.index(year), horizontal=True, key="comparer-annee")
ui.set_query(deps=",".join(chosen) or None, annee=year)
if len(chosen) < 2:
    st.info("Choisissez au moins deux départements.")
    st.stop()

matrix = views.comparison_matrix(chosen, departements, status, measures, catalog, year)
title = f"Mesures proposées en {year} : " + ", ".join(names[c] for c in chosen)
alt = (f"Grille des 12 mesures de l'atlas (lignes) pour {len(chosen)} départements (colonnes) en {year} : "
       "« Oui » si la page du département décrit la mesure, « Non » sinon, ou son statut s'il n'a pas répondu. "
       "Le tableau qui suit donne les mêmes cases.")
with st.container(key="narrow-comparer-list"):  # phones: the grid as a list (app_lib/layout.py)
    st.markdown(f"**{fr.md(title)}**")
    shown = matrix.drop(columns="measure")
    lines = []
    for row in shown.itertuples(index=False):
        by_value = {}  # "Oui" first, then "Non", then the statuses of those that did not answer
        for column, value in sorted(zip(shown.columns[1:], row[1:]), key=lambda cv: (cv[1] != "Oui", cv[1] != "Non")):
            by_value.setdefault(value, []).append(column.replace(" (", "\u00a0("))  # a name stays with its code
        answers = " ; ".join(f"**{fr.md(value)}**\u00a0: {fr.md(', '.join(deps))}" for value, deps in by_value.items())
        lines.append(f"- **{fr.md(row[0])}** — {answers}")
    st.markdown("\n".join(lines))
ui.chart(charts.comparison_grid(matrix.drop(columns="measure"), title), matrix, title=title, alt=alt, key="comparer-grid",
         hide=("measure",))
