"""Plotly figures of the app, built from the views (pure functions: data in, figure out).

Colours come from colour-blind-safe ColorBrewer schemes (GnBu sequential, PuOr-like
accents, greys) and are never the only cue: shapes or patterns tell the years apart, and
every figure is shown with a table of the same figures.
"""

from __future__ import annotations

import html
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


def _layout(fig: go.Figure, title: str, height: int = 520) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        separators=SEPARATORS,
        font=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"title": {"text": ""}},
        hoverlabel={"font_size": 14},
    )
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(automargin=True)
    return fig


def choropleth(frame: pd.DataFrame, geojson: dict, categories: list[str], title: str,
               highlight: str | None = None, geojson_url: str | None = None) -> go.Figure:
    """An SVG map (plotly `geo`, no WebGL: quick to draw on a PC without a graphics card) with one
    choropleth trace and a stepped colour scale, so the GeoJSON is sent to the browser once (plotly
    express would repeat it in one trace per category). The key is a legend below the map, never over
    it, that wraps on a phone; the hover gives one measure per line. With `geojson_url` (the same
    GeoJSON as a file) the figure carries the URL and the browser fetches the shapes itself."""
    colours = {**COUNT_COLOURS, **STATUS_COLOURS, **MEASURE_COLOURS}
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
MODEBAR_BAND = 48


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


def _map_layout(fig: go.Figure, title: str, height: int = 620) -> go.Figure:
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


def status_bars(status: pd.DataFrame) -> go.Figure:
    counts = status.groupby(["year", "status"]).size().reset_index(name="n")
    counts["Statut"] = counts["status"].map(fr.STATUS_LABELS)
    counts["Année"] = counts["year"].astype(str)
    fig = px.bar(counts, x="n", y="Statut", color="Année", barmode="group", orientation="h",
                 color_discrete_map=YEAR_COLOURS, pattern_shape="Année", pattern_shape_map=YEAR_PATTERNS,
                 labels={"n": "Départements", "Statut": ""}, text="n")
    fig.update_traces(textposition="outside")
    return _layout(fig, "Réponses à l'enquête, 2019 et 2022", height=380)


def dumbbell(changes: pd.DataFrame, discipline_label: str) -> go.Figure:
    data = changes.sort_values("2022", na_position="first")
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
            hovertemplate="%{y} : %{x} internes en " + year + "<extra></extra>",
        ))
    fig.update_xaxes(title="Internes pouvant être formés", rangemode="tozero")
    return _layout(fig, f"{discipline_label} : capacité de formation par subdivision, 2018 et 2022",
                   height=max(420, 26 * len(data) + 120))


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
    return _map_layout(fig, f"{discipline_label} : capacité {year} par ville de faculté", height=600)


def diffusion_bars(table: pd.DataFrame) -> go.Figure:
    long = table.melt(id_vars=["Mesure"], value_vars=["2019", "2022"], var_name="Année", value_name="Départements")
    order = table.sort_values("2022")["Mesure"].tolist()
    fig = px.bar(long, x="Départements", y="Mesure", color="Année", barmode="group", orientation="h",
                 category_orders={"Mesure": order[::-1]}, color_discrete_map=YEAR_COLOURS,
                 pattern_shape="Année", pattern_shape_map=YEAR_PATTERNS, text="Départements",
                 labels={"Mesure": ""})
    fig.update_traces(textposition="outside")
    return _layout(fig, "Départements proposant chaque mesure (pages de l'atlas), 2019 et 2022", height=620)


def region_heatmap(grid: pd.DataFrame, year: int) -> go.Figure:
    text = grid.map(lambda v: "–" if pd.isna(v) else fr.number(v, 0))
    fig = go.Figure(go.Heatmap(
        z=grid.values.astype(float), x=list(grid.columns), y=list(grid.index), text=text.values,
        texttemplate="%{text}", colorscale="Blues", zmin=0, zmax=100, hoverongaps=False,
        colorbar={"title": {"text": "% des départements<br>ayant répondu"}},
        hovertemplate="%{y}<br>%{x} : %{text} %<extra></extra>",
    ))
    fig.update_xaxes(tickangle=-35)
    return _layout(fig, f"Part des départements ayant répondu qui proposent chaque mesure, par région ({year})",
                   height=640)


def compare_counts(values: dict, name: str, year: int) -> go.Figure:
    labels = [name, f"Moyenne {values['region_name']}", "Moyenne France"]
    numbers = [values["departement"], values["region"], values["france"]]
    fig = go.Figure(go.Bar(x=numbers, y=labels, orientation="h", marker_color=["#084081", "#7bccc4", "#bdbdbd"],
                           text=[fr.number(v, 1) if v is not None else "–" for v in numbers], textposition="outside"))
    fig.update_xaxes(title="Nombre de mesures décrites (pages)", rangemode="tozero")
    return _layout(fig, f"Nombre de mesures en {year}", height=280)


def comparison_grid(matrix: pd.DataFrame, title: str) -> go.Figure:
    """Measures × départements, each cell written out (Oui / Non / status) and coloured by it."""
    values = matrix.drop(columns="Mesure")
    code = values.map(lambda v: 2 if v == "Oui" else 1 if v == "Non" else 0)
    scale = [[0, "#d9d9d9"], [1 / 3, "#d9d9d9"], [1 / 3, "#fdb863"], [2 / 3, "#fdb863"], [2 / 3, "#08519c"], [1, "#08519c"]]
    fig = go.Figure(go.Heatmap(
        z=code.values, x=list(values.columns), y=list(matrix["Mesure"]), text=values.values, texttemplate="%{text}",
        colorscale=scale, zmin=-0.5, zmax=2.5, showscale=False, xgap=2, ygap=2,
        hovertemplate="%{x}<br>%{y} : %{text}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    _layout(fig, title, height=max(420, 40 * len(matrix) + 160))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 110, "b": 10})
    return fig


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
