"""Streamlit building blocks shared by the pages: a chart with its text alternative and
downloads, French CSV/XLSX exports, and URL state that tolerates bad input."""

from __future__ import annotations

import html
import io
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app_lib import fr

EXPORT_KEY = "export_format"
# plotly `geo` maps fetch a base topology even when none is drawn: an empty one, served by the app itself
# (static/un/, server.enableStaticServing). Relative, so it resolves under a sub-path (server.baseUrlPath) too.
TOPOJSON_URL = "app/static/un/"
# plotly.js reads translations from config.locales (Streamlit does not bundle plotly's fr locale).
FR_LOCALE = {
    "dictionary": {
        "Download plot as a PNG": "Télécharger le graphique (PNG)",
        "Download plot": "Télécharger le graphique (SVG)",
        "Preparing image - this may take a few seconds": "Préparation de l'image…",
        "Snapshot succeeded": "Image prête",
        "Sorry, there was a problem downloading your snapshot!": "Désolé, l'image n'a pas pu être téléchargée.",
        "Zoom": "Zoom",
        "Pan": "Déplacer",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière",
        "Autoscale": "Échelle automatique",
        "Reset axes": "Réinitialiser les axes",
        "Reset view": "Réinitialiser la vue",
        "Reset views": "Réinitialiser les vues",
        "Reset": "Réinitialiser",  # the geo subplot's reset button (resetGeo)
        "Box Select": "Sélection rectangulaire",
        "Lasso Select": "Sélection au lasso",
        "Double-click to zoom back out": "Double-cliquez pour revenir",
        "Toggle Spike Lines": "Lignes de repère",
        "Show closest data on hover": "Donnée la plus proche au survol",
        "Compare data on hover": "Comparer les données au survol",
    },
    "format": {
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                   "octobre", "novembre", "décembre"],
        "shortMonths": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                        "nov.", "déc."],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": "\u202f",
    },
}


# Streamlit's own texts that the app cannot set from Python (its frontend has no i18n, streamlit#1353):
# widget chrome, element toolbars, the file uploader, screen-reader labels. Whole texts only.
STREAMLIT_FR = {
    "Skip to main content": "Aller au contenu principal",
    "Sidebar": "Panneau latéral",
    "Expand sidebar": "Ouvrir le panneau latéral",
    "Collapse sidebar": "Fermer le panneau latéral",
    "Fullscreen": "Plein écran",
    "Close fullscreen": "Quitter le plein écran",
    "Link to heading": "Lien vers ce titre",
    "Help": "Aide",
    "Open": "Ouvrir la liste",
    "Close": "Fermer",
    "Dismiss": "Fermer",
    "Clear all": "Tout effacer",
    "Selected values": "Valeurs choisies",
    "Clear selection": "Effacer la sélection",
    "Select all": "Tout sélectionner",
    "No results": "Aucun résultat",
    "Choose an option": "Choisissez une option",
    "Choose options": "Choisissez des options",
    "Copy": "Copier",
    "Copied": "Copié",
    "Copy to clipboard": "Copier dans le presse-papiers",
    "Toggle attribution": "Afficher ou masquer les crédits",
    "Download as CSV": "Télécharger en CSV",
    "Search": "Rechercher",
    "Show/hide columns": "Afficher ou masquer des colonnes",
    "file upload": "envoi de fichier",
    "Upload": "Choisir un fichier",
    "Browse files": "Choisir un fichier",
    "Add files": "Ajouter des fichiers",
    "Delete": "Supprimer",
    "Drag and drop file here": "Glissez-déposez votre fichier ici",
    "Drag and drop a file here": "Glissez-déposez votre fichier ici",
    "Drag and drop files here": "Glissez-déposez vos fichiers ici",
    "add icon": "icône Ajouter",
    # the first session after a server start still runs in Streamlit's pages/ mode (app_lib/__init__.py):
    # its frontend shows this dialog for an unknown address before app.py can show "Page introuvable"
    "Page not found": "Page introuvable",
    "The page that you have requested does not seem to exist. Running the app's main page.":
        "Cette adresse ne correspond à aucune page de l'atlas. Voici la page d'accueil.",
    "upload icon": "icône Envoyer",
}
# Texts with a number or a name in them: (JavaScript regular expression, replacement).
STREAMLIT_FR_PATTERNS = (
    (r"^(\d+) options? available\.$", "$1 choix dans la liste."),
    (r"^Select (\d+) matches$", "Sélectionner les $1 résultats"),
    (r"^You can only select up to (\d+) options?\. Remove an option first\.$",
     "$1 choix au plus\u00a0: retirez-en un d'abord."),
    (r"^Help for (.+)$", "Aide\u00a0: $1"),
    (r"^Remove (.+)$", "Retirer $1"),
    (r"^You have requested page /.*, but no corresponding file was found in the app's pages/ directory\. "
     r"Running the app's main page\.$", "Cette adresse ne correspond à aucune page de l'atlas. Voici la page d'accueil."),
    (r"^(?:Limit )?(\d+(?:\.\d+)?) ?KB per file", "Limite de $1\u00a0ko par fichier"),
    (r"^(?:Limit )?(\d+(?:\.\d+)?) ?MB per file", "Limite de $1\u00a0Mo par fichier"),
    (r"^(?:Limit )?(\d+(?:\.\d+)?) ?GB per file", "Limite de $1\u00a0Go par fichier"),
    # an uploaded file's size, "17.0B" or "indicateur.csv, 1.2MB" (the decimal point keeps "2B" a code)
    (r"^(.*?)(\d+)\.(\d)B$", "$1$2,$3\u00a0o"),
    (r"^(.*?)(\d+)\.(\d)KB$", "$1$2,$3\u00a0ko"),
    (r"^(.*?)(\d+)\.(\d)MB$", "$1$2,$3\u00a0Mo"),
    (r"^(.*?)(\d+)\.(\d)GB$", "$1$2,$3\u00a0Go"),
)


_LANG_JS = """\
const h = document.documentElement; h.lang = 'fr';
new MutationObserver(() => { if (h.lang !== 'fr') h.lang = 'fr'; }).observe(h, {attributes: true, attributeFilter: ['lang']});
if (!window.atlasFr) {
  window.atlasFr = true;
  const words = WORDS;
  const patterns = PATTERNS.map(([re, to]) => [new RegExp(re), to]);
  const attrs = ['aria-label', 'title', 'placeholder', 'data-title'];
  const french = (text) => {
    const t = text.trim();
    if (Object.hasOwn(words, t)) return text.replace(t, words[t]);
    for (const [re, to] of patterns) { if (re.test(t)) return text.replace(t, t.replace(re, to)); }
    return text;
  };
  const skipped = (el) => !el || el.closest('pre, code, script, style');
  const fixAttrs = (el) => {
    for (const a of attrs) {
      const v = el.getAttribute(a);
      if (v && french(v) !== v) el.setAttribute(a, french(v));
    }
  };
  const fixText = (t) => {
    if (!skipped(t.parentElement) && french(t.nodeValue) !== t.nodeValue) t.nodeValue = french(t.nodeValue);
  };
  const fix = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return fixText(node);
    if (node.nodeType !== Node.ELEMENT_NODE || skipped(node)) return;
    fixAttrs(node);
    node.querySelectorAll(attrs.map((a) => '[' + a + ']').join(', ')).forEach(fixAttrs);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) fixText(t);
  };
  fix(document.body);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') r.addedNodes.forEach(fix);
      else if (r.type === 'attributes') fixAttrs(r.target);
      else fixText(r.target);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: attrs});
}"""


def _lang_script() -> str:
    import json

    return (_LANG_JS.replace("WORDS", json.dumps(STREAMLIT_FR, ensure_ascii=False))
            .replace("PATTERNS", json.dumps(STREAMLIT_FR_PATTERNS, ensure_ascii=False)))


LANG_SCRIPT = _lang_script()


def french_document() -> None:
    """Declare the page's language as French (RGAA 8.3/8.4) and translate Streamlit's built-in English.

    Streamlit's HTML says lang="en" and its frontend has no French: this script sets lang="fr"
    (kept if anything resets it) and rewrites the known English texts and aria-label / title / data-title /
    placeholder attributes (STREAMLIT_FR) whenever Streamlit draws them. deploy/nginx.conf allows
    this exact script by its hash (tests/test_deploy.py)."""
    st.html(f"<script>{LANG_SCRIPT}</script>", unsafe_allow_javascript=True)


def export_format() -> str:
    return st.session_state.get(EXPORT_KEY, "png")


def export_picker() -> None:
    st.radio(
        "Format d'export des graphiques (bouton appareil photo de chaque graphique)",
        options=["png", "svg"],
        format_func=lambda v: {"png": "PNG (image)", "svg": "SVG (vectoriel, pour les rapports)"}[v],
        key=EXPORT_KEY,
        horizontal=True,
    )


def plotly_config(filename: str) -> dict:
    """The toolbar's camera exports in the browser (no server-side Chrome), in the chosen format."""
    return {
        "displaylogo": False,
        "locale": "fr",
        "locales": {"fr": FR_LOCALE},
        "toImageButtonOptions": {"format": export_format(), "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "topojsonURL": TOPOJSON_URL,
    }


def slug(text: str) -> str:
    from etl.atlas_text import strip_accents

    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")


# Grey of the source line written into every chart (7:1 on white).
SOURCE_COLOUR = "#595959"

# A spreadsheet reads a cell that begins with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column)


def _is_list(value) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """What every CSV/XLSX export writes: numbers as numbers, list cells joined with "|", text cells
    neutralised, headers too."""
    plain = frame.copy()
    for column in plain.columns:
        if plain[column].map(_is_list).any():
            plain[column] = plain[column].map(lambda v: "|".join(map(str, v)) if _is_list(v) else v)
        elif pd.api.types.is_float_dtype(plain[column]) and (plain[column].dropna() % 1 == 0).all():
            plain[column] = plain[column].astype("Int64")  # a count held as float (NaN) is written 30, not 30,0
        if _is_text(plain[column]):
            plain[column] = plain[column].map(neutralise)
    plain.columns = [neutralise(str(c)) for c in plain.columns]
    return plain


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that French Excel opens right: semicolons, decimal comma, UTF-8 with BOM; no cell is a formula."""
    return export_frame(frame).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "données") -> bytes:
    """An XLSX whose text cells are all stored as text (openpyxl would write an "=…" string as a formula)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        export_frame(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


# Display formats of numeric columns, declared by the pages: the screen shows French numbers, the
# CSV/XLSX keep the numbers themselves (the audit found exports that spreadsheets read as text).
FORMATS = {
    "int": fr.number,
    "dec1": lambda v: fr.number(v, 1),
    "dec2": lambda v: fr.number(v, 2),
    "pct0": lambda v: fr.percent(v, 0),
    "pct1": lambda v: fr.percent(v, 1),
    "signed": fr.signed,
    "signed_pct": lambda v: fr.percent(v, 1, signed=True),
}


def display_frame(frame: pd.DataFrame, formats: dict[str, str] | None = None, hide=()) -> pd.DataFrame:
    """The screen version of a data frame: declared numeric columns in French ("1 234,5", "+4", "13,3 %",
    "–" when missing), list cells joined with commas, key columns (`hide`) left to the export."""
    shown = frame.drop(columns=list(hide), errors="ignore").reset_index(drop=True)
    for column, kind in (formats or {}).items():
        if column in shown:
            shown[column] = shown[column].map(lambda v, f=FORMATS[kind]: "–" if pd.isna(v) else f(v))
    for column in shown.columns:
        if shown[column].map(_is_list).any():
            shown[column] = shown[column].map(lambda v: (", ".join(map(str, v)) or "–") if _is_list(v) else v)
        elif _is_text(shown[column]):
            shown[column] = shown[column].map(lambda v: "–" if v is None or v is pd.NA or v != v else v)
    return shown


def with_source(fig: go.Figure) -> go.Figure:
    """Write the source line into the figure itself, so that the image the camera button makes in the
    browser carries it (the title is already there).

    It is the title of a second, empty legend anchored to the bottom-left corner of the *container*:
    plotly places annotations relative to the plot area, which long axis labels push far to the right
    (212 to 351 px of a 358 px phone chart), while a legend anchored to the container moves the plot up
    to make room for itself. Changes `fig` in place: copying a map figure would copy its GeoJSON."""
    if getattr(fig.layout, "legend2", None) is not None and fig.layout.legend2.title.text:
        return fig  # already there
    if fig.layout.showlegend is None and sum(t.showlegend is not False for t in fig.data) <= 1:
        fig.update_traces(showlegend=False)  # what plotly does for a single trace; the source keeps the legend on
    kinds = {t.type for t in fig.data}
    if kinds & {"choropleth", "scattergeo"}:  # a trace of the figure's own kind: no cartesian axes over a map
        empty = go.Scattergeo(lat=[None], lon=[None])
    elif kinds & {"choroplethmap", "scattermap", "densitymap"}:
        empty = go.Scattermap(lat=[None], lon=[None])
    else:
        empty = go.Scatter(x=[None], y=[None])
    fig.add_trace(empty.update(mode="lines", line={"width": 0}, name="", legend="legend2", showlegend=True,
                               hoverinfo="skip"))
    fig.update_layout(showlegend=True, legend2={
        "title": {"text": fr.source_line(), "side": "top left", "font": {"size": 9, "color": SOURCE_COLOUR}},
        "xref": "container", "yref": "container", "x": 0, "y": 0, "xanchor": "left", "yanchor": "bottom",
        "orientation": "h", "itemclick": False, "itemdoubleclick": False, "bgcolor": "rgba(0,0,0,0)",
    })
    return fig


def chart(fig: go.Figure, data: pd.DataFrame, *, title: str, alt: str, key: str,
          on_select: str = "ignore", show_table: bool = True, formats: dict[str, str] | None = None, hide=()):
    """A figure (with its source line), its text alternative (alt + a table with the same figures) and the
    CSV of `data`, the numbers themselves; `formats` and `hide` only shape the table on screen."""
    event = st.plotly_chart(
        with_source(fig),
        key=key,
        on_select=on_select,
        selection_mode=("points",) if on_select != "ignore" else ("points", "box", "lasso"),
        config=plotly_config(slug(title)),
        alt=alt,
        theme=None,
    )
    if show_table:
        with st.expander(f"Tableau des données : {fr.md(title)}"):  # a title may hold a visitor's words
            table(data, formats, hide)
    st.download_button(
        f"Télécharger les données (CSV) : {fr.md(title)}",
        data=lambda: csv_bytes(data),
        file_name=f"{slug(title)}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        on_click="ignore",
    )
    return event


def table(frame: pd.DataFrame, formats: dict[str, str] | None = None, hide=()) -> None:
    """st.table renders each cell as Markdown: text cells and headers go through fr.md first."""
    shown = display_frame(frame, formats, hide)
    for column in shown.columns:
        if _is_text(shown[column]):
            shown[column] = shown[column].map(lambda v: fr.md(v) if isinstance(v, str) else v)
    shown.columns = [fr.md(c) for c in shown.columns]
    st.table(shown)


HTML_TABLE_STYLE = ("<style>.atlas-table{border-collapse:collapse;width:100%;min-width:44rem;font-size:0.9rem;"
                    "line-height:1.4}.atlas-table th,.atlas-table td{border-bottom:1px solid #d9d9d9;"
                    "padding:0.3rem 0.5rem;text-align:left;vertical-align:top}</style>")


def html_table(frame: pd.DataFrame, label: str, formats: dict[str, str] | None = None, hide=()) -> None:
    """The same table as `table`, as plain HTML whose every header and cell is escaped text (nothing from
    the data is read as HTML or Markdown). For the map page, which needs no other table: st.table makes the
    browser load and run Streamlit's Arrow code (arrowFormatUtils, 0.74 MB in Streamlit 1.67) while the map
    is being drawn. (Removing both tables did not move the bench's ratio beyond its noise.)"""
    shown = display_frame(frame, formats, hide)

    def cell(tag: str, value, scope: str = "") -> str:
        text = "" if value is None or (isinstance(value, float) and value != value) else html.escape(str(value))
        return f"<{tag}{scope}>{text}</{tag}>"

    head = "".join(cell("th", c, " scope='col'") for c in shown.columns)
    rows = "".join("<tr>" + "".join(cell("td", v) for v in row) + "</tr>" for row in shown.itertuples(index=False))
    label = html.escape(label, quote=True)
    # on a phone the table scrolls sideways in its own box (focusable, so the keyboard can scroll it too)
    st.html(f"{HTML_TABLE_STYLE}<div role='region' aria-label='{label}' tabindex='0' style='overflow-x:auto'>"
            f"<table class='atlas-table' aria-label='{label}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")


def responsive_table(frame: pd.DataFrame, key: str, formats: dict[str, str] | None = None, hide=()) -> None:
    """A table on wide screens, the same rows as a list on phones (app_lib/layout.py shows one of them):
    four columns or more do not fit 390 px, and a table scrolling sideways hides its columns.
    Each list item is the first column in bold, then "column : value" for the others."""
    with st.container(key=f"wide-{key}"):
        table(frame, formats, hide)
    shown = display_frame(frame, formats, hide)
    items = []
    for row in shown.itertuples(index=False):
        values = [(c, v) for c, v in zip(shown.columns[1:], row[1:]) if v not in (None, "", "–") and v == v]
        items.append(f"- **{fr.md(row[0])}** — " + " ; ".join(f"{fr.md(c)}\u00a0: {fr.md(v)}" for c, v in values))
    with st.container(key=f"narrow-{key}"):
        st.markdown("\n".join(items))


def selected_locations(event) -> list[str]:
    """Locations clicked on a choropleth (dict-style access works for the real and the test state)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError, AttributeError):
        return []
    return [p["location"] for p in points if isinstance(p, dict) and p.get("location")]


def query_choice(name: str, options: list, default, parse=str, label: str | None = None):
    """Read ?name= from the URL; an unknown value gives a French message and the default."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    try:
        value = parse(raw)
    except (TypeError, ValueError):
        value = None
    if value in options:
        return value
    # The value itself is not echoed: an address is written by whoever sends the link.
    st.warning(f"La valeur du paramètre d'adresse « {name} » n'est pas reconnue"
               f"{f' (attendu : {label})' if label else ''} : affichage par défaut.")
    return default


def set_query(**values) -> None:
    """Write the view's state into the URL so that it can be shared."""
    for name, value in values.items():
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)
