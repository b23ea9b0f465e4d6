"""The map page at a phone's width (390×844) and a laptop's (1366×768): the map fills the figure's
width on the phone and starts above the fold on the laptop, the legend and the title stay off the map
and off the toolbar, the overseas insets are drawn, the hover text is wrapped in short lines, and
nothing is fetched from another origin. Screenshots: artifacts/screenshots/carte-{390,1366}*.png.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest

from app_lib import data, geo
from tests.e2e.conftest import ARTIFACTS, open_app, screenshot

TITLE = "Carte des aides à l'installation des médecins"
CONTEXTS = {
    390: dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
              locale="fr-FR"),
    1366: dict(viewport={"width": 1366, "height": 768}, locale="fr-FR"),
}
INSETS = ["971", "972", "973", "974", "976"]
# Rectangles (viewport coordinates) of the figure and of its parts, once the map is drawn.
GEOMETRY = """(insets) => {
    const gd = document.querySelector('.js-plotly-plot');
    const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
                          return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
    const paths = [...gd.querySelectorAll('.choroplethlocation')];
    return {
        window: {width: window.innerWidth, height: window.innerHeight},
        figure: box(gd), map: box(gd.querySelector('.geo .bg rect')), drawn: box(gd.querySelector('.choroplethlayer')),
        legend: box(gd.querySelector('.legend')), title: box(gd.querySelector('.gtitle')),
        modebar: box(gd.querySelector('.modebar')),
        insets: Object.fromEntries(paths.filter(p => insets.includes(p.__data__.loc))
                                         .map(p => [p.__data__.loc, box(p)])),
    }; }"""
# Viewport position of a (lon, lat) on the geo map: plotly's projection gives the figure's pixels.
PROJECT = """([lon, lat]) => { const gd = document.querySelector('.js-plotly-plot');
    const [x, y] = gd._fullLayout.geo._subplot.projection([lon, lat]); const r = gd.getBoundingClientRect();
    return [r.left + x, r.top + y]; }"""


def wait_for_map(page) -> None:
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .choroplethlocation').length > 100",
                           timeout=120_000)
    page.wait_for_timeout(500)


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def inside(a: dict, b: dict, slack: float = 1) -> bool:
    return (a["left"] >= b["left"] - slack and a["right"] <= b["right"] + slack
            and a["top"] >= b["top"] - slack and a["bottom"] <= b["bottom"] + slack)


def busiest_departement() -> str:
    """The département whose 2022 page describes the most measures (the longest hover)."""
    measures = pd.read_parquet(data.PROCESSED / "measures.parquet").query("year == 2022 and source == 'page'")
    return measures.groupby("code")["measure"].nunique().idxmax()


@pytest.mark.parametrize("width", list(CONTEXTS))
def test_map_fits_the_width_and_keeps_legend_and_title_off_it(browser, server, width):
    context = browser.new_context(**CONTEXTS[width])
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        open_app(page, f"{server}/carte?initiatives=1", TITLE)
        wait_for_map(page)
        screenshot(page, f"carte-{width}")
        assert page.evaluate("window.scrollY") == 0
        fold = page.evaluate(GEOMETRY, INSETS)  # as the page opens, before any scrolling
        page.locator(".js-plotly-plot").first.hover()  # the toolbar shows on hover
        page.wait_for_timeout(300)
        g = page.evaluate(GEOMETRY, INSETS)
        figure_shot = ARTIFACTS / "screenshots" / f"carte-{width}-figure.png"
        page.locator(".js-plotly-plot").first.screenshot(path=str(figure_shot))

        figure, map_area, drawn = g["figure"], g["map"], g["drawn"]
        assert figure["left"] >= 0 and figure["right"] <= g["window"]["width"], g
        assert inside(drawn, figure) and inside(drawn, map_area), g
        assert not overlap(g["legend"], map_area), g
        assert inside(g["legend"], figure), g
        assert inside(g["title"], figure) and not overlap(g["title"], g["modebar"]), g
        assert g["title"]["bottom"] <= map_area["top"] + 1, g
        assert sorted(g["insets"]) == INSETS
        for code, rect in g["insets"].items():
            assert inside(rect, map_area) and rect["right"] - rect["left"] > 8, (code, rect)
        if width == 390:  # the map gets the phone's width, not a sliver beside the key
            assert drawn["right"] - drawn["left"] >= 0.85 * (figure["right"] - figure["left"]), g
        else:  # on the laptop it starts above the fold with at least a third of it in view, and is drawn large
            top, height = fold["drawn"]["top"], drawn["bottom"] - drawn["top"]
            assert top < fold["window"]["height"] and fold["window"]["height"] - top >= height / 3, fold
            assert height >= 400, g

        # hover over the département with the most measures: short lines, the box within the figure
        code = busiest_departement()
        lon, lat = geo.centroids(gpd.read_parquet(data.PROCESSED / "departements.parquet"))[code]
        x, y = page.evaluate(PROJECT, [lon, lat])
        page.mouse.move(x, y)
        hover = page.locator(".js-plotly-plot .hoverlayer .hovertext").first
        hover.wait_for(timeout=10_000)
        lines = [t.strip() for t in hover.locator("text tspan.line").all_text_contents()]
        assert len(lines) >= 5 and re.search(rf"\({code}\)$", lines[0]), lines
        assert max(map(len, lines)) <= 42, lines
        box = hover.bounding_box()
        assert box["x"] >= figure["left"] - 1 and box["x"] + box["width"] <= figure["right"] + 1, (box, figure)
        assert [u for u in requests if not u.startswith(server) and not u.startswith(("data:", f"blob:{server}"))] == []
    finally:
        context.close()
