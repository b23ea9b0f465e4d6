"""The app behind the reverse proxy of deploy/nginx.conf: the very file, only its ports changed.

All eight pages work under its strict Content-Security-Policy and sub-path, the security headers are
on every response, a foreign Host gets no answer, and the health endpoint answers "ok".
"""

from __future__ import annotations

import http.client
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, assert_drawn, free_port, start_streamlit, wait_for_app
from tests.e2e.test_security import TITLES

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "atlas.example.fr"
HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy")


@pytest.fixture(scope="module")
def proxied(app_data, tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.skip("nginx missing: ./run.sh test installs Debian's nginx when run as root")
    app_port, proxy_port = free_port(), free_port()
    proc, _ = start_streamlit(port=app_port, processed=app_data, base_path="atlas")
    folder = tmp_path_factory.mktemp("nginx")
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("listen 8080", f"listen 127.0.0.1:{proxy_port}").replace("127.0.0.1:8501", f"127.0.0.1:{app_port}")
    (folder / "nginx.conf").write_text(conf, encoding="utf-8")
    (folder / "logs").mkdir()
    nginx = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g",
                              f"daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(50):
        try:
            http.client.HTTPConnection("127.0.0.1", proxy_port, timeout=1).connect()
            break
        except OSError:
            time.sleep(0.1)
    yield proxy_port
    nginx.terminate()
    nginx.wait(timeout=10)
    proc.terminate()
    proc.wait(timeout=10)


def _get(port: int, path: str, host: str = HOST):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_health_headers_and_host_checking(proxied):
    status, headers, body = _get(proxied, "/atlas/healthz")
    assert (status, body) == (200, b"ok")
    status, headers, _ = _get(proxied, "/atlas/")
    assert status == 200
    assert all(name in headers for name in HEADERS), headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"] and headers["X-Frame-Options"] == "DENY"
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _get(proxied, "/atlas/", host="evil.example")  # no answer at all for a foreign Host


def test_every_page_works_under_the_csp_and_the_sub_path(proxied, browser):
    # a second chromium of the session's Playwright, which resolves the proxy's host name to 127.0.0.1
    resolver = browser.browser_type.launch(executable_path=CHROMIUM, headless=True,
                                           args=CHROMIUM_ARGS + [f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
    try:
        context = resolver.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        violations: list[str] = []
        page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text[:300]))
        for path, query in (("", ""), ("carte", "?initiatives=1"), ("fiche", "?dep=28"), ("capacites", ""),
                            ("diffusion", ""), ("comparer", "?deps=28,58"), ("boite-a-outils", ""), ("donnees", "")):
            page.goto(f"http://{HOST}:{proxied}/atlas/{path}{query}")
            wait_for_app(page, timeout=90_000)
            assert_drawn(page, TITLES[path])
            page.wait_for_function("document.documentElement.lang === 'fr'", timeout=10_000)
        page.goto(f"http://{HOST}:{proxied}/atlas/carte")
        wait_for_app(page, timeout=90_000)
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)  # the map draws (its GeoJSON from the app's static folder, under /atlas/)
        context.close()
    finally:
        resolver.close()
    assert violations == []
