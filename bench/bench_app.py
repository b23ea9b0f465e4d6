"""App benchmark: time to first render of each page in chromium, cold and warm, beside a
bare Streamlit page with one plotly figure, and the bytes the browser receives for the map.

"Rendered" = the script has finished and every plotly chart has drawn (maps: MapLibre loaded).
Cold = first visit after the server started (empty caches); warm = the same URL again in a
new browser context (Streamlit caches full, browser cache empty).
"""

from __future__ import annotations

import argparse
import base64
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_streamlit  # noqa: E402

# page -> (path, number of plotly charts it draws)
PAGES = {"accueil": ("", 1), "carte": ("carte", 1), "carte + initiatives": ("carte?initiatives=1", 1),
         "fiche": ("fiche?dep=58", 1), "capacites": ("capacites", 2), "diffusion": ("diffusion", 2),
         "comparer": ("comparer?deps=28,58,49", 1), "boite-a-outils": ("boite-a-outils", 0), "donnees": ("donnees", 0)}
RENDERED = """(n) => { const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (!document.querySelector("[data-testid='stMain'] h1")) return false;
    const charts = [...document.querySelectorAll('.js-plotly-plot')];
    return charts.length >= n && charts.every(gd => { if (!gd._fullLayout) return false; const m = gd._fullLayout.map;
    return !m || (m._subplot && m._subplot.map && m._subplot.map.loaded()); }); }"""


def _frame_bytes(event: dict) -> int:
    payload = event["response"]["payloadData"]
    return len(base64.b64decode(payload)) if event["response"]["opcode"] == 2 else len(payload.encode())


def render_time(browser, url: str, charts: int, frames: list | None = None) -> float:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    if frames is not None:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", lambda event: frames.append(_frame_bytes(event)))
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(RENDERED, arg=charts, timeout=60_000, polling=50)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def measure(script: str, paths: dict[str, tuple[str, int]], runs: int) -> dict:
    proc, url = start_streamlit(script)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            out = {}
            for name, (path, charts) in paths.items():
                cold = render_time(browser, f"{url}/{path}", charts)
                warm = [render_time(browser, f"{url}/{path}", charts) for _ in range(runs)]
                out[name] = {"cold_s": round(cold, 2), "warm_s_median": round(statistics.median(warm), 2)}
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return out


def map_bytes() -> int:
    proc, url = start_streamlit("app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            frames: list[int] = []
            render_time(browser, f"{url}/carte", 1, frames)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return sum(frames)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="warm visits per page")
    args = parser.parse_args(argv)
    bare = measure("bench/bare_app.py", {"bare page, one plotly figure": ("", 1)}, args.runs)
    app = measure("app.py", PAGES, args.runs)
    received = map_bytes()
    pdf_seconds = pdf_time()
    from app_lib import geo
    import geopandas as gpd

    geojson = geo.geojson_bytes(geo.web_geojson(gpd.read_parquet(ROOT / "data/processed/departements.parquet")))
    print("Time to first render in chromium (s), cold / warm median:")
    for name, values in {**bare, **app}.items():
        print(f"  {name:<32} {values['cold_s']:6.2f} / {values['warm_s_median']:6.2f}")
    print(f"Map page: {received / 1024:.0f} KB received over the websocket (whole page, first visit), "
          f"map GeoJSON {geojson / 1024:.0f} KB")
    print(f"PDF fiche (Eure-et-Loir), built on the server: {pdf_seconds:.2f} s")
    return {"bare": bare, "app": app, "map_page_ws_bytes": received, "map_geojson_bytes": geojson,
            "pdf_s": pdf_seconds}


def pdf_time(runs: int = 3) -> float:
    from app_lib import data

    data.fiche_pdf("28")  # warm the table caches, as a running app has them
    started = time.perf_counter()
    for _ in range(runs):
        data.fiche_pdf("28")
    return (time.perf_counter() - started) / runs


if __name__ == "__main__":
    main()
