"""Données et méthode: every table to download, the data dictionary, provenance, method."""

import pandas as pd
import streamlit as st

from app_lib import data, ui
from etl import atlas_fixes, vocabulary

package = data.datapackage()

st.title("Données et méthode")
st.markdown(package["description"])

st.header("Télécharger les tables")
st.markdown("CSV au format français (point-virgule, virgule décimale, UTF-8), classeur Excel, ou Parquet "
            "(le fichier publié, avec son schéma). La géométrie des départements n'est que dans le Parquet (GeoParquet). "
            "Dans les CSV et les classeurs, les nombres sont des nombres et les listes sont séparées par « | ».")
with st.container(border=True):
    st.markdown("**Tout le paquet de données** — les fichiers Parquet, le dictionnaire `datapackage.json`, le rapport "
                "de qualité et un CSV de chaque table sans géométrie, dans une seule archive ZIP.")
    c1, c2, c3 = st.columns(3)
    c1.download_button("Archive ZIP du paquet", data=data.package_zip, file_name=f"{data.PACKAGE_FOLDER}.zip",
                       mime="application/zip", key="dl-package-zip", on_click="ignore")
    c2.download_button("datapackage.json", data=data.datapackage_bytes, file_name="datapackage.json",
                       mime="application/json", key="dl-datapackage-json", on_click="ignore")
    c3.download_button("Rapport de qualité (Markdown)", data=data.quality_report, file_name="quality_report.md",
                       mime="text/markdown", key="dl-quality-report", on_click="ignore")
for resource in package["resources"]:
    name = resource["name"]
    frame = data.table(name)
    with st.container(border=True):
        st.markdown(f"**{resource['title']}** (`{name}`, {len(frame)} lignes) — {resource['description']}")
        c1, c2, c3 = st.columns(3)
        c1.download_button(f"CSV : {name}", data=lambda f=frame: ui.csv_bytes(f), file_name=f"{name}.csv", mime="text/csv",
                           key=f"dl-{name}-csv", on_click="ignore")
        c2.download_button(f"Excel (XLSX) : {name}", data=lambda f=frame, n=name: ui.xlsx_bytes(f, n), file_name=f"{name}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"dl-{name}-xlsx", on_click="ignore")
        c3.download_button(f"Parquet : {name}", data=lambda n=name: data.parquet_bytes(n), file_name=f"{name}.parquet",
                           mime="application/vnd.apache.parquet", key=f"dl-{name}-parquet", on_click="ignore")

st.header("Dictionnaire des données")
st.caption("Généré à partir de datapackage.json (Frictionless), lui-même produit par les schémas déclarés dans etl/schemas.py.")
for resource in package["resources"]:
    with st.expander(f"{resource['title']} (`{resource['name']}`) — clé : {', '.join(resource['schema']['primaryKey'])}"):
        ui.table(pd.DataFrame([
            {"Colonne": f["name"], "Type (Parquet)": f["parquetType"], "Unité": f.get("unit", ""),
             "Obligatoire": "oui" if f.get("constraints", {}).get("required") else "non",
             "Description": f["description"]}
            for f in resource["schema"]["fields"]
        ]))

st.header("Provenance et licences")
for source in package["sources"]:
    line = f"- {source['title']} — `{source['path']}`"
    if "sha256" in source:
        line += f" (sha256 `{source['sha256'][:16]}…`)"
    if "licence" in source:
        line += f" ; licence : {source['licence']}"
    st.markdown(line)
st.markdown("Licence des données de référence : " + ", ".join(l["title"] for l in package["licenses"]) + ".")

st.header("Méthode")
st.markdown(
    "**Pages attribuées.** Après la liste des départements de chaque région viennent les pages, une par département, "
    "dans l'ordre de la liste, chacune avec une partie 2019 et une partie 2022. La plupart n'impriment pas le nom du "
    "département : les pages sont attribuées dans l'ordre, puis vérifiées avec les noms imprimés (toute discordance "
    "arrête la construction). Quand les titres « 2019 » et « 2022 » sont imprimés l'un sous l'autre, l'ordre des deux "
    "parties, comme celui des pages sans titre d'année, est décidé avec tous les indices (dates citées, accord avec le "
    "tableau résumé 2022), consignés avec un niveau de confiance dans la note du statut. Trois statuts ne se confondent jamais : « n'a pas répondu », "
    "« a répondu : aucune mesure », « absent de l'atlas » (et « rubrique vide » quand le titre est là sans rien dessous)."
)
st.markdown("**Erreurs de l'atlas corrigées, avec leur preuve :**")
for fix in atlas_fixes.FIXES:
    st.markdown(f"- {fix.evidence}")
st.markdown(
    "**Mesures étiquetées, phrase par phrase, relues par une personne.** Une puce de l'atlas regroupe souvent "
    "plusieurs énoncés : chaque mesure s'attache à la plus petite unité qui l'énonce, la phrase ou la sous-puce, "
    "avec sa ligne. Des règles par mots-clés (etl/vocabulary.py) proposent des étiquettes ; chaque phrase a ensuite "
    "été lue par une personne selon le codebook ci-dessous, et c'est cette relecture, enregistrée dans "
    "data/raw/measure_reviews.csv et vérifiée contre l'atlas à chaque construction, qui est publiée (table "
    "evidence_units). Le rapport de qualité donne la précision et le rappel des règles contre la relecture."
)
st.markdown(
    "**Tableaux résumés 2022.** Dans deux tableaux (Auvergne-Rhône-Alpes, Bourgogne-Franche-Comté), les rangées ont "
    "un champ de plus que de mesures : plusieurs lectures des colonnes sont possibles. Chacune est comparée aux pages "
    "relues ; la meilleure est retenue et les cases où les deux meilleures diffèrent sont marquées incertaines. Là où "
    "tableau et page ne disent pas la même chose, la table « conflicts » le montre avec sa nature : contradiction de "
    "l'atlas, lecture incertaine, ou page 2022 vide."
)
conflict_kinds = data.table("conflicts")["kind"].map(vocabulary.CONFLICT_KINDS).value_counts()
ui.table(pd.DataFrame({"Nature du désaccord tableau / page (2022)": conflict_kinds.index,
                       "Couples (département, mesure)": conflict_kinds.to_numpy()}))
st.subheader("Codebook : ce qui compte comme chaque mesure")
st.caption("La règle appliquée par les relecteurs (data/raw/codebook.csv, table codebook).")
codebook = data.table("codebook")
for row in codebook.itertuples():
    with st.expander(row.label):
        st.markdown("**Compte :**")
        st.text(row.counts)
        if isinstance(row.does_not_count, str):
            st.markdown("**Ne compte pas :**")
            st.text(row.does_not_count)
        if isinstance(row.borderline, str):
            st.markdown("**Cas limites tirés de l'atlas :**")
            st.text(row.borderline)
rules = pd.DataFrame([
    {"Mesure": m.label, "Clé": m.key, "Motifs (expressions régulières, texte sans accents)": " | ".join(m.patterns) or "—"}
    for m in vocabulary.MEASURES
])
with st.expander("Règles par mots-clés (propositions, avant relecture)"):
    ui.table(rules)
with st.expander("Rapport de qualité des données"):
    st.code(data.quality_report(), language="markdown", wrap_lines=True)

st.header("Pour les chercheurs")
st.code(
    """import pandas as pd
measures = pd.read_parquet("data/processed/measures.parquet")
status = pd.read_parquet("data/processed/survey_status.parquet")
# départements proposant une bourse d'étude en 2022, d'après leur page
m = measures.query("year == 2022 and source == 'page' and measure == 'bourse_etude_contre_installation'")

import duckdb  # pip install duckdb
duckdb.sql(\"\"\"
    SELECT s.year, s.status, count(*) AS departements
    FROM 'data/processed/survey_status.parquet' s GROUP BY ALL ORDER BY ALL
\"\"\").show()

import geopandas as gpd
departements = gpd.read_parquet("data/processed/departements.parquet")  # GeoParquet, EPSG:4326""",
    language="python",
    wrap_lines=True,  # a phone shows it whole instead of a region scrolling sideways
)
