"""Capacités de formation: interns that can be trained, by subdivision, 2018 vs 2022."""

import pandas as pd
import streamlit as st

from app_lib import charts, data, fr, geo, ui, views

capacity = data.table("training_capacity")
departements = data.table("departements")
cities = data.table("subdivisions")
disciplines = list(fr.DISCIPLINE_LABELS)

st.title("Capacités de formation des internes")
st.markdown(
    "Nombre d'internes que chaque subdivision universitaire peut former, selon l'atlas, en **2018** et en **2022**. "
    "« Dont médecine générale » est **inclus** dans les spécialités médicales : ne pas additionner."
)
discipline = ui.query_choice("discipline", disciplines, "specialites_medicales", label="discipline")
discipline = st.selectbox("Discipline", disciplines, index=disciplines.index(discipline),
                          format_func=fr.DISCIPLINE_LABELS.get, key="capacites-discipline")
ui.set_query(discipline=discipline)
label = fr.DISCIPLINE_LABELS[discipline]
if not views.comparable(discipline):
    st.warning(
        "Pas de comparaison possible : l'atlas donne la biologie médicale pour 2018 seulement, la médecine "
        "d'urgence et l'anesthésie-réanimation pour 2022 seulement (spécialités créées ou regroupées entre-temps)."
    )

changes = views.capacity_changes(capacity, discipline)
table = pd.DataFrame({
    "discipline": discipline,
    "Région": changes["region"],
    "Subdivision": changes["subdivision"],
    "Capacité 2018 (internes)": changes["2018"].astype("Int64"),
    "Capacité 2022 (internes)": changes["2022"].astype("Int64"),
    "Évolution (internes)": changes["evolution"].astype("Int64"),
    "Évolution (%)": changes["evolution_pct"].round(2),
})
formats = {"Capacité 2018 (internes)": "int", "Capacité 2022 (internes)": "int", "Évolution (internes)": "signed",
           "Évolution (%)": "signed_pct"}
present = changes[["2018", "2022"]].notna()
alt = (f"Diagramme en haltères : {label}, capacité 2018 (rond) et 2022 (losange) pour {len(changes)} subdivisions. "
       f"Total 2018 : {fr.number(changes['2018'].sum(min_count=1))} ; total 2022 : "
       f"{fr.number(changes['2022'].sum(min_count=1))}. Les valeurs absentes de l'atlas ne sont pas dessinées.")
ui.chart(charts.dumbbell(changes, label), table, title=f"{label} : capacité par subdivision, 2018 et 2022",
         alt=alt, key="capacites-dumbbell", formats=formats, hide=("discipline",))

gaps = capacity[(capacity["discipline"] == discipline) & capacity["capacity"].isna()]
notes = [f"{r.subdivision} {r.year} : valeur absente de l'atlas." for r in gaps.itertuples()]
notes.append("Corse : aucune capacité 2022 dans l'atlas ; en 2018, ses deux pôles (Haute-Corse, Corse-du-Sud) reprennent "
             "les chiffres de Nice et de Marseille et ne sont pas comptés deux fois.")
st.info("**Lacunes** — " + " ".join(notes))

st.header("Carte des subdivisions")
year = ui.query_choice("annee", [str(y) for y in fr.CAPACITY_YEARS], "2022", label="année 2018 ou 2022")
year = st.radio("Année", [str(y) for y in fr.CAPACITY_YEARS], index=["2018", "2022"].index(year), horizontal=True,
                key="capacites-annee")
ui.set_query(annee=year)
points = changes.merge(cities[["subdivision", "insee_commune", "lat", "lon"]], on="subdivision", how="left")
points = geo.inset_points(points, data.shapes())  # overseas faculty cities drawn in their insets
if points[year].notna().any():
    shown = points[points[year].notna()]
    column = f"Capacité {year} (internes)"
    ui.chart(charts.subdivision_bubbles(points, data.outline_geojson(), year, label),
             pd.DataFrame({"discipline": discipline, "Subdivision": shown["subdivision"],
                           column: shown[year].astype("Int64"), "Latitude": shown["lat"], "Longitude": shown["lon"]}),
             formats={column: "int"}, hide=("discipline", "Latitude", "Longitude"),
             title=f"{label} : capacité {year} par ville de faculté", key="capacites-map",
             alt=f"Carte de France avec un cercle par ville de faculté, de surface proportionnelle à la capacité {year} "
                 f"en {label.lower()} ; la plus grande : {shown.loc[shown[year].idxmax(), 'subdivision']} "
                 f"({fr.number(shown[year].max())}).")
else:
    st.write(f"L'atlas ne donne pas cette discipline pour {year}.")

st.header("Capacité pour 100 000 habitants de la région")
per = views.capacity_per_population(capacity, departements, discipline)
per_table = pd.DataFrame({
    "discipline": discipline,
    "Région": per["region"],
    "Population (habitants)": per["population"].astype("Int64"),
    "Capacité 2018 (internes)": per["2018"].astype("Int64"),
    "Capacité 2022 (internes)": per["2022"].astype("Int64"),
    "Capacité 2018 pour 100 000 habitants": per["2018_per_100k"].round(2),
    "Capacité 2022 pour 100 000 habitants": per["2022_per_100k"].round(2),
})
ui.table(per_table, {"Population (habitants)": "int", "Capacité 2018 (internes)": "int", "Capacité 2022 (internes)": "int",
                     "Capacité 2018 pour 100 000 habitants": "dec1", "Capacité 2022 pour 100 000 habitants": "dec1"},
         hide=("discipline",))
st.caption("Population légale INSEE récente, la même pour les deux années : l'évolution reflète celle des capacités. "
           "La Corse, sans subdivision propre, n'y figure pas.")
st.download_button("Télécharger ce tableau (CSV)", lambda: ui.csv_bytes(per_table), f"capacites-{discipline}-pour-100000-habitants.csv",
                   "text/csv", key="capacites-per-csv", on_click="ignore")
