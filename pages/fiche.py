"""Fiche département: one département's measures in 2019 and 2022, in the atlas's words."""

import pandas as pd
import streamlit as st

from app_lib import charts, data, fr, ui, views

departements = data.table("departements")
status = data.table("survey_status")
measures = data.table("measures")
texts = data.table("measure_texts")
units = data.table("evidence_units")
catalog = data.table("measure_catalog")
conflicts = data.table("conflicts")
capacity = data.table("training_capacity")
initiatives = data.table("local_initiatives")
labels = views.catalog_labels(catalog)
names = dict(zip(departements["code"], departements["name"]))
info = departements.set_index("code")

st.title("Fiche département")
code = ui.query_choice("dep", list(names), None, label="code de département")
code = st.selectbox("Département", list(names), index=list(names).index(code) if code else None,
                    format_func=lambda c: f"{names[c]} ({c})", placeholder="Choisissez un département…", key="fiche-dep")
ui.set_query(dep=code)
if code is None:
    st.info("Choisissez un département dans la liste, ou cliquez sur la carte des aides.")
    st.stop()

name, region = names[code], info.loc[code, "region"]
st.header(f"{name} ({code})")
st.markdown(f"Région : **{region}** — population légale : **{fr.number(info.loc[code, 'population'])}** habitants.")
if code in ("69", "69M"):
    st.caption("L'atlas traite à part le Département du Rhône (code 69 ici) et la Métropole de Lyon (69M).")
if code == "976":
    st.caption("Population de Mayotte : recensement plus ancien que celui des autres départements (voir les sources).")

st.subheader("Réponse à l'enquête")
mine = status[status["code"] == code].set_index("year")
cols = st.columns(2)
for col, year in zip(cols, fr.YEARS):
    row = mine.loc[year]
    line = f" (ligne {int(row['source_line'])} de l'atlas)" if row["source_line"] == row["source_line"] and row["source_line"] is not None else ""
    col.markdown(f"**{year}** : {fr.STATUS_LABELS[row['status']]}{line}")
    if isinstance(row["note"], str):
        col.caption(fr.md(row["note"]))

st.subheader("Mesures 2019 et 2022")
compare = views.compare_years(code, measures, units, catalog)
if compare.empty:
    st.write("Aucune des douze mesures de l'atlas n'est décrite pour ce département.")
else:
    st.caption("Chaque mesure est citée par la phrase de l'atlas qui l'énonce, relue par une personne "
               "selon le codebook (page Données).")
    ui.table(compare.drop(columns="measure"))
    st.download_button("Télécharger ce tableau (CSV)", ui.csv_bytes(compare), f"mesures-{code}.csv", "text/csv",
                       key="fiche-csv", on_click="ignore")
for year in fr.YEARS:
    paragraphs = views.page_paragraphs(code, texts, year)
    if not paragraphs.empty:
        with st.expander(f"Texte complet de la page {year} ({fr.plural(len(paragraphs), 'paragraphe')})"):
            ui.table(paragraphs.rename(columns={"source_line": "Ligne", "text": "Texte de l'atlas"}).reset_index(drop=True))
others = views.other_units(code, units)
if not others.empty:
    with st.expander("Autres actions décrites (hors des douze mesures)"):
        ui.table(others.rename(columns={"year": "Année", "text": "Phrase de l'atlas", "source_line": "Ligne"})
                 .reset_index(drop=True))

st.subheader("Tableau résumé 2022 et page : concordance")
mine_conflicts = conflicts[conflicts["code"] == code]
table_2022 = measures[(measures["code"] == code) & (measures["year"] == 2022) & (measures["source"] == "summary_table")]
if table_2022.empty and mine_conflicts.empty:
    st.write("Pas de mesure cochée dans le tableau résumé 2022 de l'atlas pour ce département "
             "(l'Île-de-France et la Normandie n'ont pas de tableau).")
elif mine_conflicts.empty:
    st.success("Le tableau résumé 2022 et la page du département disent la même chose.")
else:
    shown = views.conflicts_table(mine_conflicts, labels)
    st.warning(f"Le tableau résumé 2022 et la page du département ne disent pas la même chose sur "
               f"{fr.plural(len(shown), 'mesure')}. La colonne « Nature » dit pourquoi : contradiction de l'atlas, "
               "lecture incertaine du tableau, ou page 2022 vide.")
    ui.table(shown)

st.subheader("Comparaison avec la région et la France")
year = ui.query_choice("annee", list(fr.YEARS), 2022, int, "année 2019 ou 2022")
year = st.radio("Année", fr.YEARS, index=fr.YEARS.index(year), horizontal=True, key="fiche-annee")
ui.set_query(annee=year)
values = views.measure_count_comparison(code, departements, status, measures, year)
if values["departement"] is None:
    st.write(f"Le département n'a pas décrit de mesures en {year} ({fr.STATUS_LABELS[mine.loc[year, 'status']].lower()}) : "
             "pas de comparaison.")
else:
    counts = {"": [name, f"Moyenne {region}", "Moyenne France"],
              "Nombre de mesures": [values["departement"], values["region"], values["france"]]}
    frame = pd.DataFrame(counts)
    ui.chart(charts.compare_counts(values, name, year), frame.assign(**{"Nombre de mesures": frame["Nombre de mesures"].map(lambda v: fr.number(v, 1))}),
             title=f"Nombre de mesures en {year}, {name}", key="fiche-compare",
             alt=f"{name} décrit {values['departement']} mesures en {year}, contre {fr.number(values['region'], 1)} en "
                 f"moyenne dans sa région ({values['n_region']} départements ayant répondu) et "
                 f"{fr.number(values['france'], 1)} en France ({values['n_france']} départements).")
    rates = views.offer_rates(status, measures, year)
    offered = measures[(measures["code"] == code) & (measures["year"] == year) & (measures["source"] == "page")]["measure"]
    rare = pd.DataFrame({
        "Mesure": [labels[k] for k in offered],
        "Part des départements ayant répondu qui la proposent": [fr.percent(100 * rates.get(k, 0), 0) for k in offered],
    })
    if not rare.empty:
        st.markdown("Rareté de ses mesures en France :")
        ui.table(rare)

st.subheader("Capacités de formation des subdivisions de la région")
regional = views.region_capacities(capacity, region)
if regional.empty:
    st.write("La région n'a pas de subdivision universitaire propre dans l'atlas"
             + (" : les internes de Corse sont rattachés à Nice et Marseille." if region == "Corse" else "."))
else:
    ui.table(regional)

st.subheader("Initiatives locales dans le département")
local = views.initiatives_for(code, initiatives)
if local.empty:
    st.write("Aucune initiative locale recensée dans les documents conservés pour ce département.")
else:
    ui.table(views.initiatives_table(local, catalog))
    st.caption("Faits tels que les documents les écrivent ; le rattachement au département vient du texte ou, "
               "à défaut, de la géographie officielle (colonne codes_from de la table local_initiatives).")

st.subheader("Fiche imprimable")
st.download_button(
    "Télécharger la fiche PDF (1 à 2 pages)",
    data=lambda: data.fiche_pdf(code),
    file_name=f"fiche-{code}-{ui.slug(name)}.pdf",
    mime="application/pdf",
    key="fiche-pdf",
    on_click="ignore",
)
c1, c2 = st.columns(2)
c1.page_link("pages/carte.py", label="Retour à la carte des aides", query_params={"dep": code})
c2.page_link("pages/comparer.py", label="Comparer avec d'autres départements", query_params={"deps": code})
