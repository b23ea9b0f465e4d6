"""Plotly figures of the app, built from the views (pure functions: data in, figure out).

Colours come from colour-blind-safe ColorBrewer schemes (GnBu sequential, PuOr-like
accents, greys) and are never the only cue: shapes or patterns tell the years apart, and
every figure is shown with a table of the same figures.
"""

from __future__ import annotations

import html
import re
import textwrap

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from app_lib import fr, geo, views

SEPARATORS = ", "  # decimal comma, thin space thousands (plotly `separators`)
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=14)

COUNT_COLOURS = {
    "7 mesures ou plus": "#084081",
    "5 à 6 mesures": "#2b8cbe",
    "3 à 4 mesures": "#7bccc4",
    "1 à 2 mesures": "#ccebc5",
    views.OUTSIDE: "#ffffb2",
}
STATUS_COLOURS = {
    views.STATUS_CATEGORIES["no_measures"]: "#e08214",
    views.STATUS_CATEGORIES["empty"]: "#b2abd2",
    views.STATUS_CATEGORIES["no_response"]: "#8c8c8c",
    views.STATUS_CATEGORIES["not_in_atlas"]: "#f0f0f0",
}
MEASURE_COLOURS = {views.OFFERS: "#2b8cbe", views.NOT_OFFERED: "#fdb863"}
YEAR_COLOURS = {"2018": "#fdb863", "2019": "#fdb863", "2022": "#2b8cbe"}
YEAR_SYMBOLS = {"2018": "circle", "2019": "circle", "2022": "diamond"}
YEAR_PATTERNS = {"2019": "/", "2022": ""}
# SVG maps (plotly `geo`, no WebGL, no base map drawn). MAP_FRAME (west, south, east, north) holds
# metropolitan France and the inset boxes: as the axes' ranges it gives the map its shape (without them
# plotly frames the whole world's square and France fills a third of the width); fitbounds then zooms
# to the traces inside it.
MAP_FRAME = (-10.0, 41.2, 9.7, 51.2)
GEO_VIEW = {"visible": False, "fitbounds": "locations", "projection_type": "mercator", "bgcolor": "rgba(0,0,0,0)",
            "lonaxis_range": [MAP_FRAME[0], MAP_FRAME[2]], "lataxis_range": [MAP_FRAME[1], MAP_FRAME[3]]}

# The server does not know the screen's width: every figure is laid out to read at 390 px (a phone, whose
# charts are ~358 px wide) as well as at 1920 px. Widths are counted for DejaVu Sans, the wide font a
# browser falls back on; phones' own fonts are narrower.
TITLE_SIZE = 16
TITLE_CHARS = 38  # characters per title line
TITLE_LINE_PX = 21
LABEL_CHARS = 22  # characters per line of a category label (bars, rows)
TOOLBAR_PX = 32  # plotly's toolbar (always shown on touch screens) covers the figure's top 26 px
LEGEND_ROW_PX = 44


def wrap(text: str, width: int = LABEL_CHARS, hyphens: bool = True) -> str:
    """Plotly never wraps text: a long title or category label is cut at the figure's edge on a phone.
    Breaking it with <br> (at spaces, and after hyphens unless `hyphens` is off) keeps every word visible;
    the lines are balanced (no lone last word) without adding one. French punctuation stays with its word
    (no-break space before : ; ! ? » and after «), as the line breaks must not separate them."""
    text = re.sub(r"«\s", "«\u00a0", re.sub(r" ([:;!?»])", "\u00a0\\1", str(text)))

    def cut(w: int) -> list[str]:
        return textwrap.wrap(text, w, break_long_words=False, break_on_hyphens=hyphens)

    lines = cut(width)
    while width > 1 and len(cut(width - 1)) == len(lines):
        width -= 1
        lines = cut(width)
    return "<br>".join(lines) if lines else str(text)


def _title_px(title: str) -> int:
    """Height of the toolbar's strip and of the wrapped title above the plot."""
    return TOOLBAR_PX + TITLE_LINE_PX * (wrap(title, TITLE_CHARS, hyphens=False).count("<br>") + 1)


def _layout(fig: go.Figure, title: str, height: int = 520, *, legend: bool = False,
            top_axis_px: int = 0) -> go.Figure:
    """Title (wrapped), with `legend` a one-row legend under it, and `top_axis_px` of room for the labels of
    an x axis drawn on top: all stacked in pixels above the plot, below the toolbar's strip. Plotly's own
    automargin would let labels on top run into the title, and a multi-line title anchored at the
    figure's top rises into the toolbar; anchored on the plot, it grows upwards into room counted here."""
    text = wrap(title, TITLE_CHARS, hyphens=False)  # "Eure-et-Loir" stays whole in a title
    under_title = (LEGEND_ROW_PX if legend else 0) + top_axis_px + 6
    # plotly.js 4 anchors a multi-line title by its first line: the lines below it need their own room
    lift = TITLE_LINE_PX * text.count("<br>")
    fig.update_layout(
        title={"text": text, "x": 0, "xanchor": "left", "yref": "paper", "y": 1, "yanchor": "bottom",
               "font": {"size": TITLE_SIZE}, "pad": {"l": 4, "b": under_title + lift}},
        separators=SEPARATORS,
        font=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": _title_px(title) + under_title, "b": 10},
        legend={"title": {"text": ""}},
        hoverlabel={"font_size": 14},
    )
    if legend:  # one row under the title, above the plot, never over it
        # In container coordinates on both axes plotly reserves the top margin down to the legend's bottom
        # (with yref "paper" it would reserve the left margin, squeezing the plot); x just below 0 lets
        # the row use the figure's whole width instead of the plot's (plotly.js 4.2, legend/draw.js).
        fig.update_layout(legend={"orientation": "h", "traceorder": "normal", "xref": "container", "x": -0.001,
                                  "xanchor": "left", "yref": "container", "yanchor": "top",
                                  "y": 1 - (_title_px(title) + 6) / height})
    fig.update_yaxes(automargin=True, ticklabelstandoff=4)
    fig.update_xaxes(automargin=True)
    return fig


def untitled(fig: go.Figure, height: int = 520) -> go.Figure:
    """The shared fonts, number separators and margins, without a title: for a figure whose caller sets a
    title of its own (app_lib/indicator.py escapes a visitor's text into it)."""
    return _layout(fig, "", height=height)


def _rows_height(title: str, rows: float, row_px: int, below: int = 70, legend: bool = False,
                 top_axis_px: int = 0) -> int:
    """A height that grows with the number of rows, so bars keep their thickness on every screen."""
    return int(_title_px(title) + (LEGEND_ROW_PX if legend else 0) + top_axis_px + 6 + rows * row_px + below)


def choropleth(frame: pd.DataFrame, geojson: dict, categories: list[str], title: str,
               highlight: str | None = None, colours: dict[str, str] | None = None,
               geojson_url: str | None = None) -> go.Figure:
    """An SVG map (plotly `geo`, no WebGL: quick to draw on a PC without a graphics card) with one
    choropleth trace and a stepped colour scale, so the GeoJSON is sent to the browser once (plotly
    express would repeat it in one trace per category). The key is a legend below the map, never over
    it, that wraps on a phone; the hover gives one measure per line. With `geojson_url` (the same
    GeoJSON as a file) the figure carries the URL and the browser fetches the shapes itself."""
    colours = colours or {**COUNT_COLOURS, **STATUS_COLOURS, **MEASURE_COLOURS}
    n = len(categories)
    rank = {c: n - 1 - i for i, c in enumerate(categories)}  # first category at the top of the legend
    scale = []
    for c in sorted(categories, key=rank.get):
        scale += [[rank[c] / n, colours[c]], [(rank[c] + 1) / n, colours[c]]]
    hover = [
        f"<b>{html.escape(name)}</b> ({code})<br>{_wrap(category)}<br>{_wrap(status)}<br>{_measure_lines(measures)}"
        for name, code, category, status, measures in frame[["name", "code", "category", "status_label", "hover"]]
        .itertuples(index=False)
    ]
    fig = go.Figure(go.Choropleth(
        geojson=geojson_url or geojson,
        locations=frame["code"],
        z=frame["category"].map(rank),
        zmin=-0.5,
        zmax=n - 0.5,
        colorscale=scale,
        showscale=False,
        marker={"line": {"color": "#4d4d4d", "width": 0.6}, "opacity": 0.95},
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.add_trace(_geo_lines(geo.box_outlines(), "#4d4d4d", 1))
    if highlight:
        feature = next((f for f in geojson["features"] if f["id"] == highlight), None)
        if feature:
            fig.add_trace(_geo_lines([tuple(zip(*ring)) for ring in _outer_rings(feature["geometry"])], "#000000", 3))
    for c in categories:  # legend keys: the map's colours with their names (an empty trace draws nothing)
        fig.add_trace(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=c, hoverinfo="skip",
                                    marker={"symbol": "square", "size": 15, "color": colours[c],
                                            "line": {"color": "#4d4d4d", "width": 1}}))
    return _map_layout(fig, title)


# Plotly neither wraps text nor knows the screen's width: titles and hover lines are cut to fit a phone.
TITLE_WIDTH = 36  # characters per title line (≈ 330 px at 15 px)
HOVER_WIDTH = 40  # characters per hover line
# The toolbar (plotly's modebar) sits in a band at the top of the figure; the title starts below it.
MODEBAR_BAND = 56


def _wrap(text: str, width: int = HOVER_WIDTH, indent: str = "") -> str:
    """Lines of plotly text (separated by <br>) cut at spaces to at most `width` characters; `indent`
    starts the continuation lines (plotly keeps no-break spaces)."""
    return "<br>".join("<br>".join(textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False,
                                                 break_on_hyphens=False) or [""]) for line in text.split("<br>"))


def _measure_lines(hover: str) -> str:
    """views.map_frame's hover (escaped): measures separated by <br>, one bullet each; or a quote, or "–"."""
    if hover.startswith("«") or hover == "–":
        return _wrap(hover)
    return _bullets(hover.split("<br>"))


def _bullets(items: list[str]) -> str:
    """One hover line per item, marked with a bullet; an item too long goes on indented lines."""
    return "<br>".join(_wrap(f"• {item}", indent="\u00a0\u00a0\u00a0") for item in items)


def _map_layout(fig: go.Figure, title: str, height: int = 700) -> go.Figure:
    """Layout shared by the maps: wrapped title under the toolbar's band, the view fitted to the
    départements and the inset boxes, the legend in rows below the map."""
    wrapped = _wrap(title, TITLE_WIDTH)
    lines = wrapped.count("<br>") + 1
    _layout(fig, title, height=height)
    fig.update_layout(
        title={"text": wrapped, "font": {"size": 15}, "x": 0, "xanchor": "left", "xref": "container",
               "y": 1, "yanchor": "top", "yref": "container", "pad": {"t": MODEBAR_BAND, "l": 10}},
        margin={"l": 4, "r": 4, "t": MODEBAR_BAND + 22 * lines + 8, "b": 0},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top", "itemclick": False,
                "itemdoubleclick": False, "font": {"size": 13}, "title": {"text": ""}},
        hoverlabel={"font_size": 13, "align": "left"},
        dragmode="pan",
    )
    fig.update_geos(GEO_VIEW)
    return fig


def _geo_lines(lines: list[tuple[list, list]], colour: str, width: float) -> go.Scattergeo:
    """Several outlines as one line trace (None between them breaks the line)."""
    lons, lats = [], []
    for x, y in lines:
        lons += list(x) + [None]
        lats += list(y) + [None]
    return go.Scattergeo(lon=lons, lat=lats, mode="lines", line={"color": colour, "width": width},
                         hoverinfo="skip", showlegend=False)


def _outer_rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [poly[0] for poly in geometry["coordinates"]]


def _bar_room(fig: go.Figure, largest: float) -> None:
    """Room at the end of the longest bar for its label (plotly clips a label that passes the axis range)."""
    fig.update_xaxes(range=[0, max(float(largest or 0), 1.0) * 1.2])


def status_bars(status: pd.DataFrame) -> go.Figure:
    counts = status.groupby(["year", "status"]).size().reset_index(name="n")
    counts["Statut"] = counts["status"].map(fr.STATUS_LABELS).map(wrap)
    counts["Année"] = counts["year"].astype(str)
    title = "Réponses à l'enquête, 2019 et 2022"
    fig = px.bar(counts, x="n", y="Statut", color="Année", barmode="group", orientation="h",
                 color_discrete_map=YEAR_COLOURS, pattern_shape="Année", pattern_shape_map=YEAR_PATTERNS,
                 labels={"n": "Départements", "Statut": ""}, text="n",
                 category_orders={"Statut": [wrap(label) for label in fr.STATUS_LABELS.values()]})
    fig.update_traces(textposition="outside")
    _bar_room(fig, counts["n"].max())
    return _layout(fig, title, height=_rows_height(title, counts["Statut"].nunique(), 60, legend=True), legend=True)


def dumbbell(changes: pd.DataFrame, discipline_label: str) -> go.Figure:
    data = changes.sort_values("2022", na_position="first").assign(subdivision=lambda d: d["subdivision"].map(wrap))
    fig = go.Figure()
    both = data[data["2018"].notna() & data["2022"].notna()]
    xs, ys = [], []
    for _, row in both.iterrows():  # one trace for all the bars, segments split by None
        xs += [row["2018"], row["2022"], None]
        ys += [row["subdivision"]] * 2 + [None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#bdbdbd", "width": 3}, hoverinfo="skip",
                             showlegend=False))
    for year in ("2018", "2022"):
        fig.add_trace(go.Scatter(
            x=data[year], y=data["subdivision"], mode="markers", name=year,
            marker={"color": YEAR_COLOURS[year], "symbol": YEAR_SYMBOLS[year], "size": 12,
                    "line": {"color": "#333333", "width": 1}},
            hovertemplate="%{y} : %{x} internes en " + year + "<extra></extra>",
        ))
    fig.update_xaxes(title=wrap("Internes pouvant être formés"), rangemode="tozero")
    fig.update_yaxes(range=[-0.6, len(data) - 0.4])  # markers would pad the range with a blank row
    title = f"{discipline_label} : capacité de formation par subdivision, 2018 et 2022"
    return _layout(fig, title, height=_rows_height(title, len(data), 26, legend=True), legend=True)


def subdivision_bubbles(points: pd.DataFrame, geojson: dict, year: str, discipline_label: str) -> go.Figure:
    """Capacity circles over light département outlines, on the same SVG map as the choropleth.

    Points outside the map's frame (an overseas city at its true place) are left out of the drawing
    (the page's table lists them): fitted into the view, they would shrink France to a dot."""
    fig = go.Figure(go.Choropleth(
        geojson=geojson, locations=[f["id"] for f in geojson["features"]], z=[0] * len(geojson["features"]),
        colorscale=[[0, "#f0f0f0"], [1, "#f0f0f0"]], showscale=False, hoverinfo="skip",
        marker={"line": {"color": "#9e9e9e", "width": 0.5}},
    ))
    fig.add_trace(_geo_lines(geo.box_outlines(), "#9e9e9e", 1))
    west, south, east, north = MAP_FRAME
    shown = points[points[year].notna() & points["lon"].between(west, east) & points["lat"].between(south, north)]
    peak = max(float(points[["2018", "2022"]].max().max() or 1), 1.0)
    fig.add_trace(go.Scattergeo(
        lon=shown["lon"], lat=shown["lat"], mode="markers", name=f"Capacité {year} (surface du cercle)",
        marker={"size": 8 + 42 * (shown[year].astype(float) / peak) ** 0.5, "color": YEAR_COLOURS[year], "opacity": 0.8,
                "line": {"color": "#333333", "width": 0.5}},
        hovertext=[f"<b>{_wrap(html.escape(name))}</b><br>{fr.number(value)} internes"
                   for name, value in zip(shown["subdivision"], shown[year])],
        hovertemplate="%{hovertext}<extra></extra>", showlegend=True,
    ))
    return _map_layout(fig, f"{discipline_label} : capacité {year} par ville de faculté", height=600)


def diffusion_bars(table: pd.DataFrame) -> go.Figure:
    long = table.melt(id_vars=["Mesure"], value_vars=["2019", "2022"], var_name="Année", value_name="Départements")
    long["Mesure"] = long["Mesure"].map(wrap)
    order = table.sort_values("2022")["Mesure"].map(wrap).tolist()
    fig = px.bar(long, x="Départements", y="Mesure", color="Année", barmode="group", orientation="h",
                 category_orders={"Mesure": order[::-1]}, color_discrete_map=YEAR_COLOURS,
                 pattern_shape="Année", pattern_shape_map=YEAR_PATTERNS, text="Départements",
                 labels={"Mesure": ""})
    fig.update_traces(textposition="outside")
    _bar_room(fig, long["Départements"].max())
    title = "Départements proposant chaque mesure (pages de l'atlas), 2019 et 2022"
    return _layout(fig, title, height=_rows_height(title, len(table), 58, legend=True), legend=True)


# Column labels of the region heatmap: twelve columns must fit a phone's width.
SHORT_MEASURE_LABELS = {
    "Aide financière aux internes en stage": "Aide internes",
    "Accueil des internes en stage": "Accueil internes",
    "Accompagnement personnalisé à l'installation": "Accompagnement",
    "Aide financière à l'installation": "Aide installation",
    "Bourse d'étude contre installation": "Bourse d'étude",
    "Soutien aux maisons de santé (MSP)": "Soutien MSP",
    "Logement pour les internes": "Logement internes",
    "Aide à la formation des maîtres de stage (MSU)": "Formation MSU",
    "Aide à l'emploi du conjoint": "Emploi conjoint",
    "Développement du salariat": "Salariat",
    "Promotion du territoire": "Promotion",
    "Accueil des internes en PMI": "Internes en PMI",
}


def french_order(labels) -> list:
    """A→Z as a French reader expects it: accents do not send Île-de-France after Occitanie."""
    from etl.atlas_text import strip_accents

    return sorted(labels, key=lambda label: strip_accents(str(label)).casefold())


def region_heatmap(grid: pd.DataFrame, year: int) -> go.Figure:
    """Regions as rows (A→Z from the top), the twelve measures as short upright columns: 18 × 12 cells stay
    legible on a phone; the hover gives the full measure's name. Each cell is written out, so the colour
    needs no scale."""
    grid = grid.loc[french_order(grid.index)]
    text = grid.map(lambda v: "–" if pd.isna(v) else fr.number(v, 0))
    columns = [SHORT_MEASURE_LABELS.get(c, c) for c in grid.columns]
    full = [[html.escape(c) for c in grid.columns]] * len(grid)
    fig = go.Figure(go.Heatmap(
        z=grid.values.astype(float), x=columns, y=[wrap(r, 15) for r in grid.index], text=text.values,
        customdata=full, texttemplate="%{text}", textfont={"size": 11}, colorscale="Blues", zmin=0, zmax=100, hoverongaps=False,
        showscale=False, xgap=1, ygap=1, hovertemplate="%{y}<br>%{customdata} : %{text} %<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=-90, tickfont={"size": 12})
    title = f"Part (%) des départements ayant répondu qui proposent chaque mesure, par région, {year}"
    labels_px = 8 * max(map(len, columns)) + 12
    return _layout(fig, title, height=_rows_height(title, len(grid), 34, below=10, top_axis_px=labels_px),
                   top_axis_px=labels_px)


def compare_counts(values: dict, name: str, year: int) -> go.Figure:
    labels = [wrap(name), "Moyenne des voisins", wrap(f"Moyenne {values['region_name']}"), "Moyenne France"]
    numbers = [values["departement"], values["neighbours"], values["region"], values["france"]]
    fig = go.Figure(go.Bar(x=numbers, y=labels, orientation="h",
                           marker_color=["#084081", "#2b8cbe", "#7bccc4", "#bdbdbd"],
                           text=[fr.number(v, 1) if v is not None else "–" for v in numbers], textposition="outside"))
    fig.update_xaxes(title=wrap("Nombre de mesures décrites (pages)"), rangemode="tozero")
    fig.update_yaxes(autorange="reversed")  # the département first
    _bar_room(fig, max(v for v in numbers if v is not None))
    title = f"Nombre de mesures en {year}"
    return _layout(fig, title, height=_rows_height(title, 4, 50))


def comparison_grid(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Measures × départements, each cell written out (Oui / Non / status) and coloured by it.
    Meant for screens wider than a phone: pages show it as a list there (layout.py)."""
    values = matrix.drop(columns="Mesure")
    columns = [wrap(c, 16, hyphens=False) for c in values.columns]  # "Eure-et-Loir" whole
    code = values.map(lambda v: 2 if v == "Oui" else 1 if v == "Non" else 0)
    scale = [[0, "#d9d9d9"], [1 / 3, "#d9d9d9"], [1 / 3, "#fdb863"], [2 / 3, "#fdb863"], [2 / 3, "#08519c"], [1, "#08519c"]]
    fig = go.Figure(go.Heatmap(
        z=code.values, x=columns, y=[wrap(m) for m in matrix["Mesure"]],
        text=values.map(lambda v: wrap(v, 12)).values, texttemplate="%{text}",
        colorscale=scale, zmin=-0.5, zmax=2.5, showscale=False, xgap=2, ygap=2,
        hovertemplate="%{x}<br>%{y} : %{text}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    labels_px = 18 * max(c.count("<br>") + 1 for c in columns) + 10
    return _layout(fig, title, height=_rows_height(title, len(matrix), 50, below=10, top_axis_px=labels_px),
                   top_axis_px=labels_px)


def add_initiatives(fig: go.Figure, initiatives: pd.DataFrame) -> go.Figure:
    """Local initiatives as markers at their territory (one marker per place, all its initiatives in the hover)."""
    grouped = initiatives.groupby(["lat", "lon", "territory"], as_index=False).agg(
        titles=("title", list), n=("title", "size"))
    # plotly reads hover text as HTML: every piece from the data is escaped
    hover = [f"<b>{_wrap(html.escape(territory))}</b><br>{n} initiative{'s' * (n > 1)} locale{'s' * (n > 1)}<br>"
             + _bullets([html.escape(t) for t in titles])
             for territory, titles, n in grouped[["territory", "titles", "n"]].itertuples(index=False)]
    fig.add_trace(go.Scattergeo(
        lat=grouped["lat"], lon=grouped["lon"], mode="markers", name="Initiative locale",
        marker={"size": 10 + 3 * grouped["n"].clip(upper=6), "color": "#d7301f", "opacity": 0.9,
                "line": {"color": "#ffffff", "width": 1}},
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", showlegend=True,
    ))
    return fig
