"""« Votre indicateur » in real chromium: a good and a bad file uploaded with Playwright's set_input_files,
on a 1366 px screen and on a phone; the map, the comparison and the messages are drawn, axe-core finds
no serious violation, and nothing is written under the repository or the data folder.

Screenshots land in artifacts/screenshots/indicateur-*.png (the whole page: the viewport is stretched to
the page's height, since Streamlit scrolls inside its main block).
"""

from __future__ import annotations

import io
import os
import time
import uuid
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app_lib import data
from tests.e2e.conftest import ARTIFACTS, ROOT, assert_drawn, open_app, screenshot, wait_for_app
from tests.e2e.test_browser import BLOCKING, own_origin_only, wait_for_charts

TITLE = "Votre indicateur"
PHONE = dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
             locale="fr-FR")
DESKTOP = dict(viewport={"width": 1366, "height": 900}, locale="fr-FR")
LEFT_OUT = ("69M", "976")  # absent from the good file: drawn "Pas de valeur"
MEASURE_LABEL = "Soutien aux maisons de santé (MSP)"


def files_under(*folders: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple[int, int]]:
    """Every file with its size and modification time. Left out: the screenshots this test writes and the
    bytecode caches Python writes when the server imports the app."""
    out = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if (path.is_file() and "__pycache__" not in path.parts and ".pytest_cache" not in path.parts
                    and not path.is_relative_to(ARTIFACTS) and not any(path.is_relative_to(s) for s in skip)):
                stat = path.stat()
                out[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return out


def new_files_holding(marker: bytes, since: float, folder: Path, skip: Path) -> list[str]:
    """Files of `folder` modified since `since` whose bytes contain `marker` (an upload written somewhere).
    Left out: the test's own files (`skip`), the browser's profile (the client's side, not the server's)
    and the shell's captured outputs."""
    found = []
    for root, dirs, names in os.walk(folder, onerror=lambda _: None):
        dirs[:] = [d for d in dirs if not d.startswith(("playwright", "bash_", ".org.chromium"))]
        for name in names:
            path = Path(root) / name
            try:
                stat = path.stat()
                if stat.st_mtime < since or stat.st_size > 5_000_000 or path.is_relative_to(skip):
                    continue
                if marker in path.read_bytes():
                    found.append(str(path))
            except OSError:
                continue
    return found


@pytest.fixture()
def untouched(server, tmp_path):
    """Nothing of an upload may reach the disk: the repository and the data folder are listed before and
    after, and no new file of the temporary folder holds the test's marker."""
    marker = f"indicateur-e2e-{uuid.uuid4().hex[:12]}"
    # left out: the map's GeoJSON, which a server writes to static/maps/ on its first map (app_lib/data.py)
    before = files_under(ROOT, data.PROCESSED, skip=(data.STATIC_MAPS,))
    start = time.time()
    yield marker
    after = files_under(ROOT, data.PROCESSED, skip=(data.STATIC_MAPS,))
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    assert changed == []
    assert new_files_holding(marker.encode(), start, Path("/tmp"), skip=tmp_path) == []


def values(codes: list[str]) -> dict[str, float]:
    """A value the test knows for each département: 10.0, 10.1, 10.2… in code order."""
    return {code: round(10 + i / 10, 1) for i, code in enumerate(sorted(codes))}


def good_csv(folder: Path, given: dict[str, float], column: str) -> Path:
    path = folder / "densite.csv"
    lines = [f"code;{column}"] + [f"{c};{str(v).replace('.', ',')}" for c, v in given.items()]
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


def good_xlsx(folder: Path, given: dict[str, float], column: str) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["département", column])
    for code, value in given.items():
        wb.active.append([code, value])
    path = folder / "densite.xlsx"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def bad_csv(folder: Path, column: str) -> Path:
    path = folder / "mauvais.csv"
    path.write_text(f"code;{column}\n01;1\n99;2\n01;3\n02;abc\n", encoding="utf-8")
    return path


def upload(page, path: Path, expect: str) -> None:
    """Give the uploader a file, then wait for what it should draw (`expect`, a selector) and for the app."""
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.wait_for_selector(expect, timeout=90_000)
    wait_for_app(page, timeout=90_000)


def choose_measure(page, label: str) -> None:
    """Type the measure's label into the select box and pick its option (a click alone did not always open
    the list while the machine was loaded)."""
    box = page.locator(".st-key-indicateur-mesure input")
    option = page.get_by_role("option", name=label)
    for _ in range(3):
        box.click()
        box.fill(label)
        try:
            option.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    option.click()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=90_000)
    wait_for_app(page, timeout=90_000)


def whole_page(page, name: str) -> Path:
    """A screenshot of the whole page: the viewport is stretched to the main block's height, then restored."""
    size = page.viewport_size
    height = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 40)})
    page.wait_for_timeout(1500)
    path = screenshot(page, name)
    page.set_viewport_size(size)
    return path


def no_blocking_violation(page) -> None:
    results = Axe().run(page)
    blocking = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
                for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, blocking


def drawn_map(page) -> dict[str, str]:
    """Each département's class as the map draws it (the colour bar's label for its z)."""
    return page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const t = gd._fullData.find(t => t.type === 'choropleth');  // decoded (gd.data keeps base64 arrays)
        // the key: one empty marker trace per class, in legend order; class i has z = n - 1 - i (charts.choropleth)
        const keys = gd._fullData.filter(k => k.type === 'scattergeo' && k.legend !== 'legend2' && k.showlegend
                                              && k.lat.length === 1 && k.lat[0] === null).map(k => k.name);
        const z = Array.from(t.z);
        return Object.fromEntries([...t.locations].map((c, i) => [c, keys[keys.length - 1 - z[i]]])); }""")


def expected_classes(given: dict[str, float]) -> dict[str, str]:
    """Five classes from numpy's quantiles, labelled by hand ("10,0 à 12,0"), each closed on its upper edge."""
    numbers = np.array(list(given.values()))
    edges = np.quantile(numbers, [0, 0.2, 0.4, 0.6, 0.8, 1])
    text = [f"{e:.1f}".replace(".", ",") for e in edges]
    out = {}
    for code, v in given.items():
        i = next(i for i in range(5) if v <= edges[i + 1] or i == 4)
        out[code] = f"{text[i]} à {text[i + 1]}"
    return out


def check_good_file(page, given: dict[str, float], all_codes: list[str]) -> None:
    wait_for_charts(page, at_least=2)
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    warning = page.locator("[data-testid='stAlertContentWarning']").inner_text().replace("\u00a0", " ")
    assert "2 départements sans ligne dans le fichier, affichés « Pas de valeur » : Métropole de Lyon (69M), " \
           "Mayotte (976)." in warning
    drawn = drawn_map(page)
    assert sorted(drawn) == sorted(all_codes)
    assert {c: drawn[c] for c in given} == expected_classes(given)
    assert {c: drawn[c] for c in LEFT_OUT} == {c: "Pas de valeur" for c in LEFT_OUT}


def check_measure(page, given: dict[str, float], measure: str) -> None:
    """The boxes drawn are the quartiles numpy gives for the départements the published tables put in each group."""
    status = pd.read_parquet(data.PROCESSED / "survey_status.parquet").query("year == 2022").set_index("code")["status"]
    pages = pd.read_parquet(data.PROCESSED / "measures.parquet").query(
        "year == 2022 and source == 'page' and measure == @measure")
    offering = set(pages["code"]) & set(given)
    answered = set(status[status.isin(["measures", "no_measures"])].index) & set(given)
    boxes = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')][2]._fullData
                                   .filter(t => t.type === 'box').map(t => [t.q1[0], t.median[0], t.q3[0]])""")
    for box, codes in zip(boxes, (offering, answered - offering)):
        numbers = [given[c] for c in codes]
        assert box == pytest.approx([np.percentile(numbers, 25), np.median(numbers), np.percentile(numbers, 75)])
    assert len(boxes) == 2


def check_bad_file(page) -> None:
    error = page.locator("[data-testid='stAlertContentError']").inner_text().replace("\u00a0", " ").replace(
        "\u202f", " ")
    assert "Ligne 3 : code de département inconnu « 99 »." in error
    assert "Ligne 4 : Ain (01) apparaît deux fois : lignes 2 et 4." in error
    assert "Ligne 5 : Aisne (02) : la valeur « abc » n'est pas un nombre." in error
    assert page.locator(".js-plotly-plot").count() == 0


@pytest.fixture(scope="module")
def all_codes(app_data) -> list[str]:
    return sorted(pd.read_parquet(app_data / "departements.parquet", columns=["code"])["code"])


def test_desktop_good_then_bad_csv(browser, server, tmp_path, untouched, all_codes):
    given = values([c for c in all_codes if c not in LEFT_OUT])
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(90_000)  # a rerun that draws the map can take long on a loaded machine
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    try:
        open_app(page, f"{server}/indicateur", TITLE)
        page.wait_for_function("document.documentElement.lang === 'fr'", timeout=10_000)
        no_blocking_violation(page)

        upload(page, good_csv(tmp_path, given, untouched), ".js-plotly-plot")
        assert_drawn(page, TITLE)
        check_good_file(page, given, all_codes)
        choose_measure(page, MEASURE_LABEL)
        check_measure(page, given, "soutien_msp")
        no_blocking_violation(page)
        whole_page(page, "indicateur-bureau-bon")

        upload(page, bad_csv(tmp_path, untouched), "[data-testid='stAlertContentError']")
        assert_drawn(page, TITLE)
        check_bad_file(page)
        no_blocking_violation(page)
        whole_page(page, "indicateur-bureau-mauvais")
        assert own_origin_only(page.requests, server) == []
    finally:
        context.close()


def test_phone_good_xlsx_then_bad_csv(browser, server, tmp_path, untouched, all_codes):
    given = values([c for c in all_codes if c not in LEFT_OUT])
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        open_app(page, f"{server}/indicateur", TITLE)
        upload(page, good_xlsx(tmp_path, given, untouched), ".js-plotly-plot")
        assert_drawn(page, TITLE)
        caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
        assert "classeur Excel, feuille" in caption
        check_good_file(page, given, all_codes)
        # nothing wider than the phone's screen but the charts' own scroll areas
        overflow = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollWidth")
        assert overflow <= 390
        no_blocking_violation(page)
        whole_page(page, "indicateur-telephone-bon")

        upload(page, bad_csv(tmp_path, untouched), "[data-testid='stAlertContentError']")
        check_bad_file(page)
        no_blocking_violation(page)
        whole_page(page, "indicateur-telephone-mauvais")
    finally:
        context.close()
