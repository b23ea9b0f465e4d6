"""Boîte à outils CLS: the levers of a Contrat local de santé action sheet, who already uses them, at what cost."""

import streamlit as st

from app_lib import data, fr, ui, views

levers = data.table("cls_levers")
status = data.table("survey_status")
measures = data.table("measures")
catalog = data.table("measure_catalog")
initiatives = data.table("local_initiatives")
departements = data.table("departements")

st.title("Boîte à outils des Contrats locaux de santé")
st.markdown(
    "Les leviers de la fiche action « Renforcer les politiques d'accueil des nouveaux professionnels de santé sur le "
    "territoire » d'un Contrat local de santé, chacun relié aux mesures de l'atlas : **qui le fait déjà** (départements, "
    "d'après leurs pages de l'atlas en 2019 et 2022) et **des exemples locaux** avec leurs montants, tels que les "
    "documents les décrivent."
)
overview = views.lever_overview(levers, status, measures, catalog, initiatives, departements)
keys = [o["lever"] for o in overview]
labels = {o["lever"]: o["label"] for o in overview}
chosen = ui.query_choice("levier", keys, None, label="levier de la fiche CLS")
chosen = st.selectbox("Aller à un levier", [None] + keys, index=([None] + keys).index(chosen),
                      format_func=lambda k: "Tous les leviers" if k is None else labels[k], key="boite-levier")
ui.set_query(levier=chosen)

for item in overview:
    if chosen and item["lever"] != chosen:
        continue
    st.header(item["label"])
    st.markdown(f"> {fr.md(item['text'])}")
    st.caption(f"Fiche action CLS, ligne {item['line']}.")
    if item["measures"].empty:
        st.write("Ce levier ne correspond à aucune des douze mesures de l'atlas.")
    else:
        st.markdown("**Départements qui le pratiquent (pages de l'atlas)**")
        ui.table(item["measures"], {"Départements 2019": "int", "Départements 2022": "int"}, hide=("measure",))
    if item["examples"].empty:
        st.write("Pas d'exemple local dans les documents conservés.")
    else:
        st.markdown("**Exemples locaux, et combien ils coûtent quand le document le dit**")
        ui.table(item["examples"])
    examples = views.initiatives_data(item["initiatives"], catalog)
    examples.insert(0, "lever", item["lever"])
    examples.insert(1, "Levier", item["label"])
    st.download_button("Télécharger ce levier (CSV)", lambda f=examples: ui.csv_bytes(f),
                       file_name=f"levier-{item['lever']}.csv", mime="text/csv", key=f"boite-{item['lever']}-csv",
                       on_click="ignore")
