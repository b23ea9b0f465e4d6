"""App benchmark: first paint of every page in headless chromium, unthrottled and with the CPU
throttled 4×, each beside a bare Streamlit page with one plotly figure measured in the same run.

First paint = seconds from `page.goto()` until the page's title (h1) is in the DOM and each of
the plotly figures the page draws on load is painted: its `.main-svg` exists and its data layer
is drawn — MapLibre subplots (`map`) have loaded their style and sources and hold the plotly
trace layers; `geo` subplots hold the SVG paths of their choropleth (`.choroplethlocation`) and
scattergeo traces; cartesian subplots hold their trace groups. Pages without a figure count the
title only. The server has already served every page once (warm Streamlit caches); each visit
opens a new browser context (empty browser cache), with the laptop viewport 1366×768.

Why beside a bare page: the machine is shared, so absolute seconds drift between runs; the ratio
page / bare within one run is the figure to watch (target for the map: ≤ 1.2 unthrottled, ≤ 1.5
throttled). The throttle (`Emulation.setCPUThrottlingRate`, set before goto) and chromium's
software GL (`--disable-gpu --use-gl=swiftshader`) stand for an old town-hall PC. Visits are
interleaved (bare, then each page, run after run) so that a load spike hits every page alike.

`--baseline DIR` also measures the pages with a map of another checkout of the app (e.g. `git archive
<commit> | tar -x -C DIR`), served from the same data in the same run, to compare two renderers.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_streamlit  # noqa: E402

# page -> (path, number of plotly figures it draws on load)
PAGES = {"accueil": ("", 1), "carte": ("carte", 1), "carte + initiatives": ("carte?initiatives=1", 1),
         "fiche": ("fiche?dep=58", 1), "capacites": ("capacites", 2), "diffusion": ("diffusion", 2),
         "comparer": ("comparer?deps=28,58,49", 1), "boite-a-outils": ("boite-a-outils", 0), "donnees": ("donnees", 0)}
MAP_PAGES = ("carte", "carte + initiatives", "capacites")
BARE = "bare page, one plotly figure"
VIEWPORT = {"width": 1366, "height": 768}
THROTTLES = (1, 4)
PAINTED = """(n) => {
    if (!document.querySelector("[data-testid='stMain'] h1")) return false;
    const charts = [...document.querySelectorAll('.js-plotly-plot')];
    if (charts.length < n) return false;
    return charts.every(gd => {
        const L = gd._fullLayout;
        if (!L || !gd.querySelector('.main-svg')) return false;
        if (L.map) {
            const m = L.map._subplot && L.map._subplot.map;
            if (!m || !m.loaded()) return false;
            if (!m.getStyle().layers.some(l => l.id.startsWith('plotly-trace-layer'))) return false;
        }
        const types = new Set((gd._fullData || []).filter(t => t.visible === true).map(t => t.type));
        if (types.has('choropleth') && !gd.querySelector('.choroplethlocation')) return false;
        if (types.has('scattergeo') && !gd.querySelector('.geo .scatterlayer .trace')) return false;
        if ((types.has('bar') || types.has('scatter')) && !gd.querySelector('.cartesianlayer .trace')) return false;
        if (types.has('heatmap') && !gd.querySelector('.heatmaplayer image, .hm image')) return false;
        return true; }); }"""

STATE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => (gd._fullData || []).map(t => t.type))"""


def _frame_bytes(event: dict) -> int:
    payload = event["response"]["payloadData"]
    return len(base64.b64decode(payload)) if event["response"]["opcode"] == 2 else len(payload.encode())


def first_paint(browser, url: str, charts: int, throttle: float = 1, received: dict | None = None) -> float:
    """Seconds to first paint; with `received`, adds the page's bytes to its "websocket" and "static" totals."""
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    if throttle != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    if received is not None:  # websocket frames, and the app's static files (the map's GeoJSON)
        static: set[str] = set()

        def add(kind: str, size: int) -> None:
            received[kind] += size

        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", lambda event: add("websocket", _frame_bytes(event)))
        cdp.on("Network.responseReceived",
               lambda event: "/app/static/" in event["response"]["url"] and static.add(event["requestId"]))
        cdp.on("Network.loadingFinished", lambda event: event["requestId"] in static and add(
            "static", event["encodedDataLength"]))
    started = time.perf_counter()
    page.goto(url)
    try:
        page.wait_for_function(PAINTED, arg=charts, timeout=240_000, polling=50)
    except Exception as exc:
        raise RuntimeError(f"{url} not painted: {page.evaluate(STATE)}") from exc
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def measure(runs: int, baseline: Path | None, pages: list[str]) -> tuple[dict, dict]:
    """{label: {"cold": s, 1: [s…], 4: [s…]}} and the bytes the map page receives: over the websocket, and
    as files of the app's static folder (the map's GeoJSON, the base topology)."""
    processed = Path(os.environ.get("ATLAS_PROCESSED_DIR") or ROOT / "data" / "processed")
    servers = [start_streamlit(str(ROOT / "bench" / "bare_app.py"), processed=processed),
               start_streamlit("app.py", processed=processed)]
    app, visits = servers[1][1], [(BARE, servers[0][1], 1)]
    visits += [(name, f"{app}/{PAGES[name][0]}", PAGES[name][1]) for name in pages]
    if baseline is not None:
        servers.append(start_streamlit("app.py", processed=processed, cwd=baseline))
        other = servers[2][1]
        visits += [(f"{name} (baseline)", f"{other}/{PAGES[name][0]}", PAGES[name][1])
                   for name in MAP_PAGES if name in pages]
    times: dict = {label: {t: [] for t in THROTTLES} for label, _, _ in visits}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for label, url, n in visits:  # cold: the server's first visit of the page
                times[label]["cold"] = first_paint(browser, url, n)
                print(f"  {label}: cold {times[label]['cold']:.2f} s", file=sys.stderr, flush=True)
            for throttle in THROTTLES:
                for run in range(runs):
                    for label, url, n in visits:
                        times[label][throttle].append(first_paint(browser, url, n, throttle))
                        print(f"  {label}: CPU {throttle}x, run {run + 1}: {times[label][throttle][-1]:.2f} s",
                              file=sys.stderr, flush=True)
            received = {"websocket": 0, "static": 0}
            first_paint(browser, f"{app}/carte", 1, received=received)
            browser.close()
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=10)
    return times, received


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="visits per page and throttle (median)")
    parser.add_argument("--baseline", type=Path, help="another checkout whose map pages are measured too")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated subset of: {', '.join(PAGES)}")
    args = parser.parse_args(argv)
    times, received = measure(args.runs, args.baseline, args.pages.split(","))
    medians = {label: {t: statistics.median(v[t]) for t in THROTTLES} for label, v in times.items()}
    bare = medians[BARE]
    print(f"First paint in chromium (s), median of {args.runs}; ratio = page / bare page of the same throttle and run")
    print(f"  {'page':<30} {'cold':>6}   {'unthrottled':>11} {'ratio':>6}   {'CPU 4x':>8} {'ratio':>6}")
    for label, value in medians.items():
        print(f"  {label:<30} {times[label]['cold']:6.2f}   {value[1]:11.2f} {value[1] / bare[1]:6.2f}"
              f"   {value[4]:8.2f} {value[4] / bare[4]:6.2f}")
    import geopandas as gpd

    from app_lib import data, geo

    geojson = geo.geojson_bytes(geo.web_geojson(gpd.read_parquet(data.PROCESSED / "departements.parquet")))
    print(f"Map page, first visit: {received['websocket'] / 1024:.0f} KB received over the websocket, "
          f"{received['static'] / 1024:.0f} KB as static files; map GeoJSON {geojson / 1024:.0f} KB")
    pdf_seconds = pdf_time()
    print(f"PDF fiche (Eure-et-Loir), built on the server: {pdf_seconds:.2f} s")
    return {"first_paint": times, "map_page_bytes": received, "map_geojson_bytes": geojson, "pdf_s": pdf_seconds}


def pdf_time(runs: int = 3) -> float:
    from app_lib import data

    data.fiche_pdf("28")  # warm the table caches, as a running app has them
    started = time.perf_counter()
    for _ in range(runs):
        data.fiche_pdf("28")
    return (time.perf_counter() - started) / runs


if __name__ == "__main__":
    main()
