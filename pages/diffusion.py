"""Diffusion des mesures: which measures spread between 2019 and 2022."""

import streamlit as st

from app_lib import charts, data, fr, ui, views

departements = data.table("departements")
status = data.table("survey_status")
measures = data.table("measures")
catalog = data.table("measure_catalog")

st.title("Diffusion des mesures entre 2019 et 2022")
st.markdown(
    "Pour chaque mesure, le nombre de départements qui la décrivent sur leur page de l'atlas, en 2019 et en 2022 "
    "(même méthode les deux années). Gains et pertes : départements ayant répondu les deux années qui l'ont ajoutée "
    "ou abandonnée. Un département qui n'a pas répondu n'est pas compté comme « sans mesure »."
)
table = views.diffusion(status, measures, catalog, departements)
counts = table.rename(columns={"2019": "Départements 2019", "2022": "Départements 2022", "Gains": "Gains (départements)",
                               "Pertes": "Pertes (départements)"}).round({"Population 2022 (%)": 2})
top = table.sort_values("2022", ascending=False).iloc[0]
alt = (f"Barres horizontales groupées : départements proposant chacune des 12 mesures en 2019 (hachuré) et 2022 (plein). "
       f"La plus répandue en 2022 : {top['Mesure']} ({top['2022']} départements).")
ui.chart(charts.diffusion_bars(table), counts, title="Départements proposant chaque mesure, 2019 et 2022",
         alt=alt, key="diffusion-bars", hide=("measure",), formats={"Population 2022 (%)": "pct1"})
st.caption("« Population 2022 (%) » : part de la population française vivant dans un département qui propose la mesure "
           "en 2022 (populations légales INSEE).")

st.header("Par région")
year = ui.query_choice("annee", list(fr.YEARS), 2022, int, "année 2019 ou 2022")
year = st.radio("Année", fr.YEARS, index=fr.YEARS.index(year), horizontal=True, key="diffusion-annee")
ui.set_query(annee=year)
grid = views.diffusion_by_region(status, measures, catalog, departements, year)
grid = grid.loc[charts.french_order(grid.index)]  # the table in the chart's order, A→Z
shares = grid.round(2).rename(columns=lambda label: f"{label} (%)").reset_index(names="Région")
shares.insert(0, "year", year)
ui.chart(charts.region_heatmap(grid, year), shares, title=f"Part des départements proposant chaque mesure, par région, {year}",
         key="diffusion-heatmap", hide=("year",), formats={c: "pct0" for c in shares.columns if c.endswith("(%)")},
         alt=f"Carte de chaleur : pour chaque région (lignes) et chaque mesure (colonnes), part en pour cent des départements "
             f"ayant répondu en {year} qui proposent la mesure ; « – » quand aucun département de la région n'a répondu.")
