"""Carte des aides: choropleth of the départements, by number of measures or for one measure.

The controls fit in one row so that the map starts above the fold on a laptop (1366×768); what a
search finds is shown after the map. The tables under the map are ui.html_table, which needs none of
the Arrow code st.table would load.
"""

import streamlit as st

from app_lib import charts, data, fr, ui, views

departements = data.table("departements")
status = data.table("survey_status")
measures = data.table("measures")
catalog = data.table("measure_catalog")
initiatives = data.table("local_initiatives")
labels = views.catalog_labels(catalog)
measure_keys = [k for k in labels if k != "other"]
names = dict(zip(departements["code"], departements["name"]))

st.title("Carte des aides à l'installation des médecins")

year = ui.query_choice("annee", list(fr.YEARS), 2022, int, "année 2019 ou 2022")
measure = ui.query_choice("mesure", measure_keys, None, label="mesure du catalogue")
found = ui.query_choice("dep", list(names), None, label="code de département")
show_local = ui.query_choice("initiatives", ["0", "1"], "0", label="0 ou 1") == "1"

c1, c2, c3 = st.columns([1.2, 2, 2])
year = c1.radio("Année", fr.YEARS, index=fr.YEARS.index(year), horizontal=True, key="carte-annee")
show_local = c1.checkbox("Initiatives locales", value=show_local, key="carte-initiatives",
                         help="Communes, intercommunalités, départements et régions : points rouges sur la carte.")
measure = c2.selectbox(
    "Afficher", [None] + measure_keys, index=([None] + measure_keys).index(measure),
    format_func=lambda k: "Nombre de mesures" if k is None else labels[k], key="carte-mesure",
)
found = c3.selectbox(
    "Rechercher un département", list(names), index=list(names).index(found) if found else None,
    format_func=lambda c: f"{names[c]} ({c})", placeholder="Nom ou numéro…", key="carte-dep",
)
ui.set_query(annee=year, mesure=measure, dep=found, initiatives="1" if show_local else None)

frame = views.map_frame(departements, status, measures, catalog, year, measure)
categories = views.map_categories(measure)
what = "nombre de mesures décrites" if measure is None else f"« {labels[measure]} »"
title = f"{what[0].upper() + what[1:]} par département, {year}"

headers = {"code": "code", "name": "Département", "region": "Région", "category": "Catégorie sur la carte",
           "status": "status", "status_label": f"Statut {year}", "n_measures": "Nombre de mesures",
           "measure_keys": "measures", "measure_labels": "Mesures (pages de l'atlas)",
           "quote": "Phrase de l'atlas qui l'énonce", "quote_line": "Ligne de la phrase"}
columns = list(headers) if measure else list(headers)[:-2]
table = frame[columns].rename(columns=headers)
table.insert(0, "year", year)
if measure:
    table.insert(1, "measure", measure)
hidden = ("year", "measure", "status", "measures")  # in the CSV, beside their French labels; not on screen
share = frame["category"].value_counts()
alt = (f"Carte des départements de France, outre-mer en encarts à l'ouest : {what}, {year}. "
       + " ; ".join(f"{c} : {share.get(c, 0)} départements" for c in categories)
       + ". Le tableau sous la carte donne la catégorie de chaque département.")
figure = charts.choropleth(frame, data.map_geojson(), categories, title, highlight=found,
                           geojson_url=data.map_geojson_url())
if show_local:
    charts.add_initiatives(figure, initiatives)
    alt += f" Points rouges : {len(initiatives)} initiatives locales, listées sous la carte."
event = ui.chart(figure, table,
                 title=title, alt=alt, key="carte-map", on_select="rerun", show_table=False)
st.caption("Cliquez sur un département pour ouvrir sa fiche. Source : pages départementales de l'atlas (même méthode "
           "en 2019 et en 2022). Guadeloupe, Martinique, Guyane, La Réunion et Mayotte sont en encarts, de haut en bas.")
if found:
    row = frame.set_index("code").loc[found]
    st.info(f"**{fr.md(row['name'])} ({found})** — {row['status_label']} ; mesures {year} : {fr.md(row['measures'])}.")
    st.page_link("pages/fiche.py", label=f"Ouvrir la fiche {views.departement_of(found, departements)}",
                 query_params={"dep": found, "annee": year})

clicked = next((c for c in ui.selected_locations(event) if c in names), None)
if clicked:
    st.switch_page("pages/fiche.py", query_params={"dep": clicked, "annee": str(year)})

if show_local:
    st.header("Initiatives locales sur la carte")
    ui.html_table(views.initiatives_table(initiatives, catalog).drop(columns="Source"),
                  "Initiatives locales sur la carte")
st.header("Les départements en tableau")
ui.html_table(table, "Les départements en tableau", {"Nombre de mesures": "int"}, hide=hidden)
