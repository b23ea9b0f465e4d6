"""Fiche département: one département's measures in 2019 and 2022, in the atlas's words."""

import pandas as pd
import streamlit as st

from app_lib import charts, data, fr, ui, views
from app_lib import peers as peers_lib

departements = data.table("departements")
status = data.table("survey_status")
measures = data.table("measures")
texts = data.table("measure_texts")
units = data.table("evidence_units")
catalog = data.table("measure_catalog")
conflicts = data.table("conflicts")
capacity = data.table("training_capacity")
initiatives = data.table("local_initiatives")
peers = data.table("peers")
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
st.markdown(f"Région : **{fr.md(region)}** — population légale : **{fr.number(info.loc[code, 'population'])}** habitants.")
if code in ("69", "69M"):
    st.caption("L'atlas traite à part le Département du Rhône (code 69 ici) et la Métropole de Lyon (69M).")
if code == "976":
    st.caption("Population de Mayotte : recensement plus ancien que celui des autres départements (voir les sources).")

# 1. In brief: what an official reads in a minute (the same order as the printed fiche).
st.subheader("En bref : 2019 → 2022")
mine = status[status["code"] == code].set_index("year")
answers = []
for year in fr.YEARS:
    row = mine.loc[year]
    line = f" (ligne {int(row['source_line'])} de l'atlas)" if pd.notna(row["source_line"]) else ""
    answers.append(f"**{year}** : {fr.STATUS_LABELS[row['status']]}{line}")
st.markdown(" — ".join(answers))
compare = views.compare_years(code, measures, units, catalog, status)
summary = views.year_summary(compare)
if summary:
    st.markdown("\n".join(f"- {fr.md(line)}" for line in summary))
else:
    st.write("Aucune des douze mesures de l'atlas n'est décrite pour ce département, ni en 2019 ni en 2022.")
neighbour_codes = peers_lib.peers_of(code, peers, "neighbour")
now = views.measure_count_comparison(code, departements, status, measures, 2022, neighbour_codes)
if now["departement"] is not None:
    st.markdown(
        f"En 2022 : **{fr.plural(now['departement'], 'mesure décrite', 'mesures décrites')}** ; moyenne "
        + (f"de ses voisins : {fr.number(now['neighbours'], 1)} ; " if now["neighbours"] is not None else "")
        + f"de sa région : {fr.number(now['region'], 1)} ; de la France : {fr.number(now['france'], 1)}."
    )
st.download_button("Télécharger la fiche PDF (même ordre, 1 à 2 pages)", data=lambda: data.fiche_pdf(code),
                   file_name=f"fiche-{code}-{ui.slug(name)}.pdf", mime="application/pdf", key="fiche-pdf",
                   on_click="ignore")

# 2. The measures, each with the start of the sentence that states it.
st.subheader("Mesures 2019 et 2022, dans les mots de l'atlas")
brief = views.compare_years(code, measures, units, catalog, status, brief=True)
if brief.empty:
    st.write("Aucune des douze mesures de l'atlas n'est décrite pour ce département.")
else:
    st.caption("Chaque mesure est citée par le début de la phrase de l'atlas qui l'énonce, relue par une personne "
               "selon le codebook (page Données) ; phrases complètes et paragraphes dans les encadrés ci-dessous.")
    ui.responsive_table(brief, "fiche-measures", hide=("measure", "change"))
    whole = views.compare_years(code, measures, units, catalog, status, lines=True)
    st.download_button("Télécharger ce tableau (CSV, phrases complètes)", lambda: ui.csv_bytes(whole),
                       f"mesures-{code}.csv", "text/csv", key="fiche-csv", on_click="ignore")
    with st.expander("Phrases complètes"):
        ui.table(compare, hide=("measure", "change"))
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
for year in fr.YEARS:
    if isinstance(mine.loc[year, "note"], str):
        st.caption(f"{year} : {fr.md(mine.loc[year, 'note'])}")

# 3. Its peers, and what they do that it does not.
st.subheader("Voisins et départements comparables")
if not neighbour_codes:
    st.write("Département d'outre-mer : pas de voisin terrestre parmi les départements français ; "
             "seuls les départements comparables sont proposés.")
around = peers_lib.peer_table(code, peers, departements, status, measures)
PEER_FORMATS = {
    peers_lib.DESCRIPTORS["population"]: "int", peers_lib.DESCRIPTORS["density"]: "int",
    peers_lib.DESCRIPTORS["small_communes_share"]: "dec1", peers_lib.DESCRIPTORS["capacity_per_100k"]: "dec1",
    "Mesures décrites en 2022": "int", "Mesures en commun": "int", "Distance (écarts-types)": "dec2",
    "Frontière commune (km)": "int",
}
ui.responsive_table(around, "fiche-peers", PEER_FORMATS, hide=("code", "kind"))
st.caption("Comparables : les 5 départements les plus proches sur les quatre critères du tableau, centrés et réduits "
           "(distance en écarts-types : plus elle est petite, plus ils se ressemblent). C'est un choix discutable : "
           "les critères et la distance sont donnés pour que chacun puisse en juger.")
links = st.columns(3)
for i, peer in enumerate(around["code"].iloc[1:]):
    links[i % 3].page_link("pages/fiche.py", label=f"Fiche : {fr.md(names[peer])} ({peer})", query_params={"dep": peer})

st.subheader("Comparaison avec ses voisins, sa région et la France")
year = ui.query_choice("annee", list(fr.YEARS), 2022, int, "année 2019 ou 2022")
year = st.radio("Année", fr.YEARS, index=fr.YEARS.index(year), horizontal=True, key="fiche-annee")
ui.set_query(annee=year)
values = views.measure_count_comparison(code, departements, status, measures, year, neighbour_codes)
if values["departement"] is None:
    st.write(f"Le département n'a pas décrit de mesures en {year} ({fr.STATUS_LABELS[mine.loc[year, 'status']].lower()}) : "
             "pas de comparaison.")
else:
    frame = pd.DataFrame({
        "level": ["departement", "neighbours", "region", "france"], "year": year,
        "Territoire": [name, "Moyenne des voisins", f"Moyenne {region}", "Moyenne France"],
        "Nombre de mesures": [values["departement"]] + [None if v is None else round(v, 2) for v in
                                                        (values["neighbours"], values["region"], values["france"])],
        "Départements ayant répondu": [1, values["n_neighbours"], values["n_region"], values["n_france"]],
    })
    around_text = (f"{fr.number(values['neighbours'], 1)} en moyenne chez ses voisins ({values['n_neighbours']} ayant "
                   "répondu), " if values["neighbours"] is not None else "")
    ui.chart(charts.compare_counts(values, name, year), frame, hide=("level", "year"),
             formats={"Nombre de mesures": "dec1", "Départements ayant répondu": "int"},
             title=f"Nombre de mesures en {year}, {name}", key="fiche-compare",
             alt=f"{name} décrit {values['departement']} mesures en {year}, contre {around_text}"
                 f"{fr.number(values['region'], 1)} en moyenne dans sa région ({values['n_region']} départements "
                 f"ayant répondu) et {fr.number(values['france'], 1)} en France ({values['n_france']} départements).")
    rates = views.offer_rates(status, measures, year)
    offered = measures[(measures["code"] == code) & (measures["year"] == year) & (measures["source"] == "page")]["measure"]
    rare = pd.DataFrame({
        "measure": list(offered),
        "Mesure": [labels[k] for k in offered],
        "Part des départements ayant répondu qui la proposent (%)": [100 * rates.get(k, 0) for k in offered],
    })
    if not rare.empty:
        st.markdown("Rareté de ses mesures en France :")
        ui.table(rare, {"Part des départements ayant répondu qui la proposent (%)": "pct0"}, hide=("measure",))

st.subheader("Pistes : ce que font ses pairs et qu'il ne décrit pas en 2022")
found = peers_lib.pistes(code, peers, status, measures, catalog, initiatives)
if mine.loc[2022, "status"] not in views.ANSWERED:
    st.info("Le département n'a pas décrit ses mesures en 2022 : les pistes ci-dessous listent ce que font ses pairs, "
            "sans savoir s'il le fait déjà.")
common = found[found["Part des pairs (%)"].fillna(0) > 0] if not found.empty else found
if common.empty:
    st.write("Aucune mesure décrite par ses voisins ou ses départements comparables ne manque à sa page 2022.")
else:
    overview = common[["Mesure", "Voisins qui la décrivent", "Voisins ayant répondu", "Comparables qui la décrivent",
                       "Comparables ayant répondu"]]
    ui.table(overview.assign(**{
        "Voisins": [f"{a} sur {b}" for a, b in zip(overview["Voisins qui la décrivent"], overview["Voisins ayant répondu"])],
        "Comparables": [f"{a} sur {b}" for a, b in zip(overview["Comparables qui la décrivent"],
                                                        overview["Comparables ayant répondu"])],
    })[["Mesure", "Voisins", "Comparables"]])
    for row in common.itertuples():
        with st.expander(f"{row.Mesure} : qui le fait, comment, combien"):
            for peer, quote, line in row.quotes:
                st.markdown(f"**{fr.md(names[peer])} ({peer})** : « {fr.md(quote)} » (ligne {line})")
            if row.examples:
                st.markdown("Exemples locaux, avec leur coût :")
                for territory, title, amount in row.examples:
                    st.markdown(f"- {fr.md(territory)} : {fr.md(title)} — {fr.md(amount)}")
    st.caption("Parmi les pairs qui ont répondu en 2022 ; ceux qui n'ont pas répondu ne comptent ni pour ni contre. "
               "Une piste n'est pas une recommandation : le contexte local compte.")
    st.download_button("Télécharger les pistes (CSV)", lambda: ui.csv_bytes(peers_lib.pistes_export(found, names)),
                       f"pistes-{code}.csv", "text/csv", key="fiche-pistes-csv", on_click="ignore")
rare = peers_lib.singular(code, peers, status, measures, catalog)
if not rare.empty:
    st.markdown("**À l'inverse, ce qu'il fait et que peu de ses pairs font :** "
                + " ; ".join(f"{fr.md(r['Mesure'])} ({r['Pairs qui la décrivent']} sur {r['Pairs ayant répondu']})" for _, r in rare.iterrows()) + ".")

# 4. The rest: region and France, the atlas's own contradictions, capacities, local initiatives.
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

c1, c2 = st.columns(2)
c1.page_link("pages/carte.py", label="Retour à la carte des aides", query_params={"dep": code})
c2.page_link("pages/comparer.py", label="Comparer avec d'autres départements", query_params={"deps": code})
