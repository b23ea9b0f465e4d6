"""End-to-end fixtures: a real `streamlit run app.py` and Debian's chromium driven by Playwright.

Browsers cannot be downloaded here, so Playwright launches /usr/bin/chromium; the
background-networking flags keep chromium itself from calling home. Every request the
page makes is recorded, so tests can prove nothing leaves the server's origin.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: str = "app.py", port: int | None = None, processed: Path | None = None,
                    base_path: str = "", cwd: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """`streamlit run` from `cwd` (its .streamlit/config.toml applies); `processed` is the data folder the app
    reads (ATLAS_PROCESSED_DIR); `base_path` serves the app under a sub-path (server.baseUrlPath), as behind
    the reverse proxy of deploy/."""
    port = port or free_port()
    env = dict(os.environ)
    if processed is not None:
        env["ATLAS_PROCESSED_DIR"] = str(processed)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--global.developmentMode", "false", "--server.baseUrlPath", base_path],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not start: {proc.stdout.read().decode()[-2000:]}")


@pytest.fixture(scope="session")
def server(app_data):
    """The app on this session's fresh build (tests/conftest.py), not on data/processed/."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: install Debian's chromium (./run.sh test does it as root)")
    proc, url = start_streamlit(processed=app_data)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """The script has finished running and no element is still loading."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    # A page's title (h1) is drawn and the script is idle. (Idle alone is not enough: the first
    # session after a server start reruns once, see app_lib/__init__.py.)
    page.wait_for_function(
        "() => { const app = document.querySelector(\"[data-testid='stApp']\");"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
        " && document.querySelector(\"[data-testid='stMain'] h1\") !== null; }",
        timeout=timeout,
    )
    page.wait_for_timeout(500)


def assert_drawn(page, title: str) -> None:
    """The page the test meant was drawn: its own title (h1), no "Page not found" dialog (Streamlit
    shows it over the home page for an unknown path) and no exception box."""
    assert page.get_by_text("Page not found").count() == 0, page.get_by_role("dialog").all_inner_texts()
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.all_inner_texts()
    drawn = page.locator("[data-testid='stMain'] h1").first.inner_text().strip()  # st.title comes first
    assert drawn == title, f"expected the page titled « {title} », drew « {drawn} »"


def open_app(page, url: str, title: str) -> None:
    """Go to `url`, wait for the app to settle and check that the page titled `title` is the one drawn."""
    page.goto(url)
    wait_for_app(page)
    assert_drawn(page, title)


def screenshot(page, name: str) -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
