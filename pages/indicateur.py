"""Votre indicateur: a visitor's table keyed by département, on the map and beside the atlas's measures.

The file stays in the visitor's session (the uploader's state, in memory): it is read from its bytes
by app_lib/indicator.py, never written anywhere, and every text that comes from it is shown escaped.
"""

import streamlit as st

from app_lib import charts, data, fr, indicator, ui, views

YEAR = 2022
say = indicator.french

departements = data.table("departements")
status = data.table("survey_status")
measures = data.table("measures")
catalog = data.table("measure_catalog")
labels = {k: v for k, v in views.catalog_labels(catalog).items() if k != "other"}


def problems(kind, items: list, intro: str) -> None:
    """A block of French messages, each one escaped (they quote the file's cells)."""
    if items:
        kind(say(intro) + "\n\n" + "\n".join(f"- {fr.md(line)}" for line in indicator.listed(items)))


st.title("Votre indicateur")
st.markdown(say(
    "Déposez un tableau qui donne une valeur par département (densité de médecins généralistes, accessibilité "
    "potentielle localisée de la DREES…) : il s'affiche sur la carte et à côté des mesures décrites dans l'atlas "
    f"en {YEAR}. Votre fichier reste dans votre session : il n'est ni enregistré sur le serveur ni partagé."))
st.download_button(say("Télécharger le modèle à remplir (CSV : code ; nom ; valeur)"),
                   data=ui.csv_bytes(indicator.template(departements)),
                   file_name="modele-indicateur-departements.csv", mime="text/csv", on_click="ignore",
                   key="indicateur-modele")
upload = st.file_uploader(
    "Votre fichier (CSV ou Excel .xlsx, une ligne par département)", type=["csv", "xlsx"],
    max_upload_size=int(indicator.MAX_BYTES / 1e6), key="indicateur-fichier",
    help=say(f"Une colonne pour le département (code comme 01, 2A, 971, 69M, ou nom) et une colonne de nombres "
             f"(virgule ou point décimal). Au plus {fr.number(indicator.MAX_BYTES / 1e6)} Mo et "
             f"{fr.number(indicator.MAX_ROWS)} lignes ; seule la première feuille d'un classeur est lue, "
             "et ses formules ne sont jamais calculées."))
if upload is None:
    st.info(say("Déposez un fichier pour commencer, ou téléchargez le modèle ci-dessus pour le remplir."))
    st.stop()

try:
    table = indicator.read_table(upload.name, upload.getvalue())
except indicator.UploadError as failure:
    problems(st.error, failure.problems, "Ce fichier ne peut pas être lu :")
    st.stop()
st.caption(fr.md(say(f"Fichier lu : {table.description}, {fr.plural(len(table.rows), 'ligne')} de données.")))

guess = indicator.guess_columns(table, departements)
left, right = st.columns(2)
key = left.selectbox(
    "Colonne des départements (code ou nom)", table.columns,
    index=table.columns.index(guess.key) if guess.key else None, placeholder="Choisissez une colonne…",
    key=f"indicateur-cle-{upload.file_id}")
value_columns = [c for c in table.columns if c != key]
value = right.selectbox(
    "Colonne des valeurs", value_columns,
    index=value_columns.index(guess.value) if guess.value in value_columns else None,
    placeholder="Choisissez une colonne…", key=f"indicateur-valeur-{upload.file_id}")
if key is None or value is None:
    several = guess.key_candidates if key is None else guess.value_candidates
    what = "les départements" if key is None else "les valeurs"
    st.info(fr.md(say(f"Plusieurs colonnes peuvent contenir {what} : " + ", ".join(f"« {c} »" for c in several)
                      + ". Choisissez la bonne ci-dessus." if len(several) > 1
                      else f"Choisissez ci-dessus la colonne qui contient {what}.")))
    st.stop()
left, right = st.columns(2)
name = left.text_input("Nom de l'indicateur", value=value[:80], max_chars=80,
                       placeholder=say("Par exemple : densité de médecins généralistes"),
                       key=f"indicateur-nom-{upload.file_id}-{value}")
unit = right.text_input("Unité (facultative)", max_chars=40, placeholder=say("Par exemple : pour 100 000 habitants"),
                        key=f"indicateur-unite-{upload.file_id}")
name = " ".join(name.split()) or value
unit = " ".join(unit.split())

result = indicator.read_indicator(table, key, value, departements)
problems(st.error, result.errors, "Le tableau ne peut pas être affiché : corrigez ces lignes, puis déposez "
         "le fichier de nouveau.")
if not result.ok:
    st.stop()
problems(st.warning, result.warnings, "À savoir (le tableau est affiché) :")

frame, categories = views.indicator_frame(result.values, departements, status, measures, catalog, YEAR)
shown = f"{name} ({unit})" if unit else name
n_values = int(frame["value"].notna().sum())

st.header(fr.md(say(f"Carte : {shown}")))
map_title = f"{shown} par département"
map_table = frame[["name", "code", "value", "category", "status_label", "n_measures"]].rename(columns={
    "name": "Département", "code": "Code", "value": shown, "category": "Classe sur la carte",
    "status_label": f"Statut {YEAR} dans l'atlas", "n_measures": f"Mesures décrites en {YEAR}"})
counts = frame["category"].value_counts()
alt = (f"Carte des départements de France, outre-mer en encarts à l'ouest : {shown}, en "
       f"{fr.plural(len(categories) - 1, 'classe')} d'effectifs proches (quantiles). " + " ; ".join(f"{c} : {counts.get(c, 0)} départements" for c in categories)
       + ". Le tableau sous la carte donne la valeur de chaque département.")
figure = indicator.retitle(charts.choropleth(views.indicator_hover(frame, unit, YEAR), data.map_geojson(), categories,
                                            "", colours=indicator.class_colours(categories)), map_title)
ui.chart(figure, map_table, title=map_title, alt=alt, key="indicateur-carte")
st.caption(say("Classes : chacune regroupe à peu près le même nombre de départements (quantiles de vos valeurs). "
               "« Pas de valeur » : département absent du fichier ou sans nombre. Guadeloupe, Martinique, Guyane, "
               "La Réunion et Mayotte sont en encarts, de haut en bas."))

st.header(say(f"Votre indicateur et le nombre de mesures décrites en {YEAR}"))
on_chart = frame.dropna(subset=["value", "n_measures"])
scatter_table = on_chart[["name", "code", "n_measures", "value"]].rename(columns={
    "name": "Département", "code": "Code", "n_measures": f"Mesures décrites en {YEAR}", "value": shown}
).reset_index(drop=True)  # a filtered index would show as a first column
scatter_title = f"{shown} et nombre de mesures décrites, {YEAR}"
ui.chart(indicator.scatter_figure(frame, name, unit, YEAR, scatter_title), scatter_table, title=scatter_title,
         key="indicateur-nuage",
         alt=(f"Nuage de points : pour chacun des {len(on_chart)} départements qui ont répondu à l'enquête {YEAR} et "
              f"ont une valeur, le nombre de mesures décrites sur sa page (horizontal, de 0 à 12) et {shown} "
              "(vertical). Le tableau qui suit donne les mêmes valeurs."))
st.markdown(say(f"Sur les {len(frame)} départements de l'atlas, {n_values} ont une valeur dans votre fichier. "
                f"Seuls ceux qui ont répondu à l'enquête {YEAR} ont un nombre de mesures : les autres ne sont pas "
                "sur le graphique."))
ui.table(views.status_counts(frame, YEAR))

st.header("Votre indicateur selon une mesure")
measure = st.selectbox("Mesure de l'atlas", list(labels), index=None, format_func=labels.get,
                       placeholder="Choisissez une mesure…", key="indicateur-mesure")
if measure is None:
    st.info("Choisissez une mesure pour comparer les départements qui la proposent aux autres.")
else:
    groups = views.indicator_groups(frame, measures, measure, YEAR)
    summary = views.group_summary(groups)
    compared = groups[groups["group"] != views.LEFT_OUT]
    box_title = f"{shown} selon « {labels[measure]} », {YEAR}"
    n = summary.set_index("Groupe")["Départements"]
    med = summary.set_index("Groupe")["Médiane"]
    ui.chart(indicator.box_figure(compared, summary, name, unit, box_title), summary, title=box_title,
             key="indicateur-boites",
             alt=(f"Boîtes à moustaches de {shown} : départements qui décrivent « {labels[measure]} » sur leur page "
                  f"{YEAR} (n = {n[views.OFFERS]}, médiane {views.value_text(med[views.OFFERS])}) et départements "
                  f"qui ont répondu sans la décrire (n = {n[views.NOT_OFFERED]}, médiane "
                  f"{views.value_text(med[views.NOT_OFFERED])}). Boîte : du premier au troisième quartile ; "
                  "moustaches : du minimum au maximum ; chaque point est un département. Le tableau qui suit donne "
                  "ces valeurs."))
    st.markdown(say(
        f"Écartés de cette comparaison : {fr.plural(n[views.LEFT_OUT], 'département')} avec une valeur mais sans "
        f"réponse lisible en {YEAR} (pas de réponse à l'enquête, rubrique vide, absent de l'atlas) ; on ne sait pas "
        "s'ils proposent la mesure. Ils figurent sur la dernière ligne du tableau, pas sur le graphique."))
    if min(n[views.OFFERS], n[views.NOT_OFFERED]) < 10:
        st.warning(say("Un des deux groupes compte moins de 10 départements : médianes et quartiles y changent "
                       "beaucoup avec un seul département de plus ou de moins."))

st.header("À lire avant d'interpréter")
st.markdown(say(
    "Ces graphiques **comparent** des départements ; ils ne mesurent pas un **effet**. Qu'un groupe ait une valeur "
    "plus haute ne dit pas que la mesure en est la cause, ni que l'indicateur a conduit le département à la "
    "proposer : d'autres différences (population, ruralité, démographie médicale, date des mesures) peuvent "
    "expliquer l'écart dans un sens comme dans l'autre. Les groupes sont petits, et l'atlas décrit ce que chaque "
    "département a déclaré, pas ce qu'il a dépensé ni depuis quand."))
