"""Every page at a phone's, a tablet's, a laptop's and a large screen's width: nothing sticks out,
nothing is in English, nothing blocks a screen reader, nothing is fetched from elsewhere.

One browser, one context per width, each page loaded once per width (a page load is the costly
part of a browser test, so every check of a drawn page is made on this one). On each page the
rectangles the browser drew are measured (getBoundingClientRect): a chart wider than the
window, a tick label, axis title or title outside its figure, a legend or colour scale over a
chart's plot area (on an SVG map: over the box of a drawn département), a page that scrolls sideways, a
page menu that a phone visitor cannot find. At the phone's and the laptop's width, axe-core
runs and every text a visitor can read or hear is collected, toolbars and drop-downs revealed
(test_french.py), and must be French. At every width, no request leaves the server's origin.
All failures are gathered, then reported as one list. Full-page screenshots land in
artifacts/screenshots/layout-<page>-<width>.png, to be looked at.
"""

from __future__ import annotations

import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import ARTIFACTS, assert_drawn, wait_for_app
from tests.e2e.test_browser import BLOCKING, TITLE, own_origin_only, wait_for_charts
from tests.e2e.test_french import english_in, reveal_and_collect

PAGES = {
    "accueil": "",
    "carte": "carte?initiatives=1",  # with the initiatives' markers and their table (test_map_layout: without)
    "fiche": "fiche?dep=28",
    "capacites": "capacites",
    "diffusion": "diffusion",
    "comparer": "comparer?deps=28,45,41",
    "boite-a-outils": "boite-a-outils",
    "donnees": "donnees",
}
WITHOUT_CHART = ("boite-a-outils", "donnees")
PHONE = 390
WIDTHS = {PHONE: 844, 768: 1024, 1366: 768, 1920: 1080}  # width: height
NARROW_PX = 768  # app_lib/layout.NARROW_PX: below it Streamlit hides its top navigation
LAPTOP = 1366
READ = (PHONE, LAPTOP)  # widths where axe-core runs and the texts are read for English

# Returns a list of French sentences, one per thing that does not fit.
CHECKS = """() => {
  const fails = [];
  const W = window.innerWidth;
  const box = e => e.getBoundingClientRect();
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const px = v => Math.round(v);
  document.querySelectorAll('.js-plotly-plot').forEach((gd, i) => {
    const fig = box(gd);
    if (fig.width === 0) return;  // hidden at this width (app_lib/layout.py)
    const title = gd.querySelector('.gtitle');
    const text = title ? [...title.querySelectorAll('tspan.line')].map(t => t.textContent).join(' ') || title.textContent : '';
    const name = `graphique ${i + 1}` + (title ? ` « ${text.slice(0, 45)}… »` : '');
    if (fig.width > W + 1 || fig.left < -1 || fig.right > W + 1)
      fails.push(`${name} : ${px(fig.width)} px de large, de ${px(fig.left)} à ${px(fig.right)}, fenêtre de ${W} px`);
    if (title && !inside(box(title), fig)) fails.push(`${name} : titre coupé (${px(box(title).width)} px de texte)`);
    const covers = [...gd.querySelectorAll('.modebar, g.legend, .nsewdrag')].filter(e => box(e).width > 0);
    if (title && covers.some(e => meet(box(title), box(e))))
      fails.push(`${name} : le titre touche la barre d'outils, la légende ou la zone de tracé`);
    gd.querySelectorAll('g.xtick text, g.ytick text, .g-xtitle text, .g-ytitle text').forEach(t => {
      const b = box(t);
      if (b.width && !inside(b, fig)) fails.push(`${name} : texte d'axe « ${t.textContent} » hors du graphique`);
    });
    const keys = [...gd.querySelectorAll('g.legend, g.colorbar')].filter(l => box(l).width > 0);
    const what = l => l.classList.contains('legend') ? 'légende' : 'échelle de couleurs';
    const areas = [...gd.querySelectorAll('.nsewdrag')].map(box);
    keys.forEach(l => { if (areas.some(a => meet(box(l), a))) fails.push(`${name} : ${what(l)} sur la zone de tracé`); });
    // a map's plot area is the whole geo frame: what must stay clear is the land drawn on it (its départements)
    const land = [...gd.querySelectorAll('.geo .choroplethlocation')].filter(p => box(p).width > 0);
    keys.forEach(l => {
      const under = land.filter(p => meet(box(l), box(p)));
      if (under.length) fails.push(`${name} : ${what(l)} sur ${under.length} département(s) de la carte`);
    });
  });
  const main = document.querySelector("[data-testid='stMain']");
  for (const [what, el, width] of [['la page', document.documentElement, W], ['la zone principale', main, main.clientWidth]])
    if (el.scrollWidth > width + 1) fails.push(`${what} défile de côté : ${el.scrollWidth} px pour ${width} px`);
  return fails;
}"""

# The page menu: on a phone the app's own "Menu des pages" button, visible without scrolling;
# wider, Streamlit's top navigation.
MENU = """(narrow) => {
  const visible = e => e && e.getBoundingClientRect().height > 0 && getComputedStyle(e).visibility !== 'hidden';
  const button = document.querySelector('.st-key-narrow-menu button');
  const top = document.querySelector("[data-testid='stTopNav']");
  if (narrow) {
    if (!visible(button)) return ['pas de bouton « Menu des pages » visible'];
    const b = button.getBoundingClientRect();
    return b.top >= 0 && b.bottom <= window.innerHeight ? [] : [`bouton « Menu des pages » hors du premier écran (${Math.round(b.top)} px)`];
  }
  const fails = [];
  if (visible(button)) fails.push('bouton « Menu des pages » affiché sur grand écran');
  if (!visible(top)) fails.push('pas de navigation en haut de page');
  return fails;
}"""


def full_screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as it
    (up to 16 000 px, chromium's largest capture; the Carte's table of 101 rows on a phone is longer)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 16_000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(folder / f"{name}.png"), scale="css", timeout=120_000)
    page.set_viewport_size(size)


def axe_blocking(page) -> list[str]:
    results = Axe().run(page)
    return [f"axe {v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in BLOCKING]


@pytest.fixture(scope="module")
def timings():
    """Each width's duration, printed at the end (pytest -s) to keep an eye on the test's cost."""
    spent: dict[int, float] = {}
    yield spent
    print("\nLayout test, seconds per width: " + ", ".join(f"{w} px {s:.0f}" for w, s in spent.items()))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_fits_the_width(browser, server, timings, width):
    started = time.monotonic()
    options = {"viewport": {"width": width, "height": WIDTHS[width]}, "locale": "fr-FR"}
    if width == PHONE:
        options.update(device_scale_factor=2, is_mobile=True, has_touch=True)
    context = browser.new_context(**options)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    failures: dict[str, list[str]] = {}
    try:
        for name, path in PAGES.items():
            page.goto(f"{server}/{path}")
            wait_for_app(page)
            assert_drawn(page, TITLE[name])
            wait_for_charts(page, at_least=0 if name in WITHOUT_CHART else 1)
            page.wait_for_function("!document.querySelector(\"[data-testid='stMain'] [data-testid='stSkeleton']\")",
                                   timeout=60_000)  # long tables are drawn last
            found = page.evaluate(CHECKS) + page.evaluate(MENU, width < NARROW_PX)
            full_screenshot(page, f"layout-{name}-{width}")
            if width in READ:
                page.wait_for_function("document.documentElement.lang === 'fr'", timeout=10_000)
                found += axe_blocking(page)
                texts = reveal_and_collect(page)  # after axe: it opens menus and drop-downs
                found += [f"texte anglais : {t}" for t in english_in(texts)]
            found += [f"requête hors de l'application : {u}" for u in own_origin_only(requests, server)]
            requests.clear()
            if found:
                failures[name] = found
        if width == PHONE:  # the menu does take a phone visitor to another page
            page.locator(".st-key-narrow-menu button").click()
            page.locator("[data-testid='stPopoverBody']").get_by_role("link", name="Capacités").click()
            page.wait_for_url("**/capacites**", timeout=30_000)
            wait_for_app(page)
            assert_drawn(page, TITLE["capacites"])
    finally:
        context.close()
        timings[width] = time.monotonic() - started
    report = "\n".join(f"- {name} ({width} px) : {problem}" for name, problems in failures.items()
                       for problem in problems)
    assert not failures, f"{sum(map(len, failures.values()))} problème(s) :\n{report}"
