"""Nothing from an address or a data row is interpreted: no request or link to another origin.

A local "beacon" (an HTTP server on 127.0.0.1, another port) records every request it gets. Crafted
addresses put Markdown images, links, autolinks, directives and HTML pointing at it into every
parameter of every page; a crafted data row does the same through the ETL. The beacon must stay silent,
the page must hold no link or image to it, and the value must not be echoed.
"""

from __future__ import annotations

import csv
import http.server
import threading
import urllib.parse
from pathlib import Path

import pytest

from etl import local_initiatives, pipeline
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import assert_drawn, open_app, start_streamlit, wait_for_app

PARAMS = {  # every parameter each page reads from its address
    "": (),
    "carte": ("annee", "mesure", "dep", "initiatives"),
    "fiche": ("dep", "annee"),
    "capacites": ("discipline", "annee"),
    "diffusion": ("annee",),
    "comparer": ("deps", "annee"),
    "boite-a-outils": ("levier",),
    "donnees": ("page",),
}
TITLES = {
    "": "Atlas de l'attractivité médicale des départements, 2019 vs 2022",
    "carte": "Carte des aides à l'installation des médecins",
    "fiche": "Fiche département",
    "capacites": "Capacités de formation des internes",
    "diffusion": "Diffusion des mesures entre 2019 et 2022",
    "comparer": "Comparer des départements",
    "boite-a-outils": "Boîte à outils des Contrats locaux de santé",
    "donnees": "Données et méthode",
}


@pytest.fixture(scope="module")
def beacon():
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def payload(base: str) -> str:
    return (f"![x]({base}/img.png) [Cliquez ici]({base}/phish) <{base}/angle> {base}/autolink "
            f":red[rouge] :material/warning: <img src=\"{base}/html.png\"> www.beacon.example")


def _no_trace_of(page, base: str) -> None:
    main = page.locator("[data-testid='stMain']")
    assert main.locator(f"a[href^='{base}'], img[src^='{base}']").count() == 0
    icons = main.locator("[data-testid='stIconMaterial'], span[role='img']").all_inner_texts()
    assert "warning" not in icons, icons  # ":material/warning:" stayed text (the expanders' arrows are ours)
    assert main.locator("[style*='red'], .red").count() == 0  # ":red[...]" stayed text


@pytest.mark.parametrize("path", list(PARAMS))
def test_crafted_addresses_are_not_interpreted(page, server, beacon, path):
    base, hits = beacon
    hits.clear()
    query = urllib.parse.urlencode({name: payload(base) for name in PARAMS[path]})
    open_app(page, f"{server}/{path}?{query}", TITLES[path])
    page.wait_for_timeout(1000)
    _no_trace_of(page, base)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Cliquez ici" not in text and "phish" not in text  # the address's value is never echoed
    # 100 kB in one parameter: refused by the server (an HTTP error, nothing drawn) or drawn without echo
    big = f"{server}/{path}?{urllib.parse.urlencode({(PARAMS[path] or ('x',))[0]: 'A' * 100_000})}"
    try:
        response = page.goto(big)
    except PlaywrightError as exc:
        assert "ERR_HTTP_RESPONSE_CODE_FAILURE" in str(exc)[:200]
        response = None
    if response is not None and response.status >= 400:
        assert response.status in (400, 413, 414, 431), response.status
        assert page.locator("[data-testid='stApp']").count() == 0
    elif response is not None:
        wait_for_app(page)
        assert_drawn(page, TITLES[path])
        assert "AAAAAAAAAA" not in page.locator("[data-testid='stMain']").inner_text()
    assert hits == [], hits
    assert not [u for u in page.requests if u.startswith(base)]


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory, beacon) -> Path:
    """A package built from a local-initiatives file whose first row carries the payload in its title and territory."""
    base, _ = beacon
    folder = tmp_path_factory.mktemp("hostile")
    with open(local_initiatives.INITIATIVES_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["title"] = payload(base)
    rows[0]["territory"] = "Chartres " + payload(base)
    path = folder / "local_initiatives.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=local_initiatives.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    target = folder / "processed"
    pipeline.run(target=target, initiatives_path=path, log=lambda *_: None)
    return target


def test_crafted_data_rows_are_not_interpreted(browser, beacon, hostile_data):
    base, hits = beacon
    hits.clear()
    proc, url = start_streamlit(processed=hostile_data)
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        for path, title in (("fiche?dep=28", TITLES["fiche"]), ("carte?initiatives=1", TITLES["carte"]),
                            ("boite-a-outils", TITLES["boite-a-outils"]), ("donnees", TITLES["donnees"])):
            open_app(page, f"{url}/{path}", title)
            for expander in page.locator("[data-testid='stExpander'] summary").all():
                expander.click()
            page.wait_for_timeout(1000)
            _no_trace_of(page, base)
        # the hover of the initiatives' markers on the map holds the title as text
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert hits == [] and not [u for u in requests if u.startswith(base)]
