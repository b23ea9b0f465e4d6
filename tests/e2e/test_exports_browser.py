"""Exported chart images carry their title and the source line, at desktop and phone widths.

The camera button makes the image in the browser from the figure itself, so the source line
(ui.with_source) must be drawn inside the figure, whole, below the axis titles.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app_lib import fr
from tests.e2e.conftest import ARTIFACTS, assert_drawn, wait_for_app
from tests.e2e.test_browser import SVG, TITLE, wait_for_charts

# Per chart, in pixels from its top-left corner: its size, the source line's box, and the lowest axis
# title or tick label (0 for a map).
GEOMETRY = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
    const g = gd.getBoundingClientRect();
    const box = e => { const r = e.getBoundingClientRect();
                       return {left: r.left - g.left, top: r.top - g.top, right: r.right - g.left, bottom: r.bottom - g.top}; };
    const source = [...gd.querySelectorAll('text')].find(t => t.textContent.startsWith('Source'));
    const axes = [...gd.querySelectorAll('.xtitle, .xtick text, .ytitle')].map(box);
    return {width: g.width, height: g.height, room: window.innerWidth - g.left, source: source ? box(source) : null,
            text: source ? source.textContent : null, axes_bottom: Math.max(0, ...axes.map(a => a.bottom))};
})"""

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("path", ["diffusion", "capacites?discipline=chirurgie"])
def test_source_line_is_whole_and_below_the_axes(browser, server, width, path):
    size = PHONE if width == 390 else {"viewport": {"width": width, "height": 900}}
    context = browser.new_context(locale="fr-FR", **size)
    page = context.new_page()
    try:
        name = path.split("?")[0]
        page.goto(f"{server}/{path}")
        wait_for_app(page, timeout=120_000)
        assert_drawn(page, TITLE[name])
        wait_for_charts(page, at_least=2)
        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        for i, chart in enumerate(page.locator(".js-plotly-plot").all()):
            chart.scroll_into_view_if_needed()
            chart.screenshot(path=str(ARTIFACTS / "screenshots" / f"export-source-{width}-{name}-{i}.png"))
        for got in page.evaluate(GEOMETRY):
            source = got["source"]
            assert source is not None and got["text"].endswith(fr.today()), got
            # whole: inside the chart and the screen (the SVG, and so the image, clips what overflows)
            assert source["left"] >= 0 and source["right"] <= min(got["width"], got["room"]), got
            assert source["bottom"] <= got["height"], got
            # bottom-left, under the axis titles and tick labels
            assert source["left"] < 10 and source["top"] >= got["axes_bottom"], got
    finally:
        context.close()


def test_exported_svg_carries_title_and_source(browser, server, tmp_path):
    # desktop: on a phone the format picker is in the folded sidebar; the geometry test covers 390 px
    context = browser.new_context(locale="fr-FR", accept_downloads=True, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{server}/capacites?discipline=chirurgie")
        wait_for_app(page, timeout=120_000)
        page.get_by_text("SVG (vectoriel, pour les rapports)").click()
        wait_for_app(page, timeout=120_000)
        wait_for_charts(page, at_least=1)
        chart = page.locator(".js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        chart.hover()
        with page.expect_download() as info:
            page.locator(".modebar-btn[data-title='Télécharger le graphique (SVG)']").first.dispatch_event("click")
        path = tmp_path / "capacites.svg"
        info.value.save_as(path)
    finally:
        context.close()
    svg = ET.parse(path).getroot()
    # plotly draws each line of a wrapped title or of the source as its own tspan, with no space between
    # them: compare the texts without their spaces
    def bare(text):
        return "".join(text.split())

    drawn = bare("".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text")))
    assert bare("Chirurgie : capacité de formation par subdivision, 2018 et 2022") in drawn
    assert bare(fr.source_line().replace("<br>", "")) in drawn, drawn
