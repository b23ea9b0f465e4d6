"""Everything a visitor can read or hear is French, Streamlit's own built-in strings included.

Streamlit has no i18n (streamlit#1353): its menus, toolbars, placeholders, the file uploader
and the "Page not found" dialog are English in its frontend. The app sets what Streamlit lets
it set, and app_lib/ui.py's script translates the rest in the page. `reveal_and_collect` shows
what only appears on hover or on a click (chart and table toolbars, the main menu, an open
drop-down) and collects the visible text plus every aria-label, title, placeholder and plotly
tooltip (data-title). test_layout.py runs it on every page at phone and laptop width (where each
page is loaded anyway); here: the unknown address, and the uploader and drop-downs in a small app.
"""

from __future__ import annotations

import re
import textwrap
import time

import pytest

from tests.e2e.conftest import screenshot, start_streamlit, wait_for_app

WIDTHS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
# English words and phrases of Streamlit's frontend (and plotly's); matched as whole words, any case.
ENGLISH = (
    "Page not found", "not found", "Running the app", "Select", "Choose", "matches", "options", "Fullscreen",
    "Full screen", "Exit fullscreen", "Download", "Search", "Show data", "No results", "Clear", "Clear all",
    "Running", "Stop", "Deploy", "Drag and drop", "Browse files", "Limit", "per file", "Close", "Open",
    "Main menu", "Settings", "Rerun", "Print", "Record", "screencast", "About", "Made with", "Collapse",
    "Expand", "Sidebar", "Keyboard", "Loading", "Connecting", "Please wait", "Copy", "Copied", "Remove",
    "Delete", "Dismiss", "Toggle", "Show", "Hide", "Upload", "Drop", "Developer options", "Clear cache",
    "Something went wrong", "Error", "Warning", "Skip to", "Snapshot", "Download plot", "Zoom in",
    "Zoom out", "Reset", "Autoscale", "Pan", "Box Select", "Lasso", "Double-click", "Help", "Tooltip",
    "Column", "Sort", "Ascending", "Descending", "Value", "Type to search", "Press Enter", "more",
    "Link to heading", "Add files", "available", "You can only", "icon", "Selected",
)
# Proper names that contain an English word: the licence's official bilingual title.
ALLOWED = ("Licence Ouverte / Open Licence",)
_ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])", re.IGNORECASE)
# "17.0B", "10MB": French says o, ko, Mo ("2B" alone is Haute-Corse)
_ENGLISH_SIZE = re.compile(r"\d\.\d+\s?B\b|\d(?:\.\d+)?\s?(?:KB|MB|GB)\b")

COLLECT = """() => {
    // Material icon names are ligatures drawn as pictures (and hidden from screen readers), and code
    // examples (SQL, Python on the Données page) are code: neither is text in a language.
    const skip = new Set();
    for (const e of document.querySelectorAll('[data-testid="stIconMaterial"], pre, code'))
        for (const line of e.innerText.split('\\n')) skip.add(line.trim());
    const lines = document.body.innerText.split('\\n').map(s => s.trim()).filter(s => s && !skip.has(s));
    const attrs = [];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [data-title]')) {
        for (const a of ['aria-label', 'title', 'placeholder', 'data-title']) {
            const v = el.getAttribute(a);
            if (v && v.trim()) attrs.push(a + '=' + v.trim());
        }
    }
    return {lines, attrs, title: document.title};
}"""


def english_in(texts: list[str]) -> list[str]:
    def english(text: str) -> bool:
        for name in ALLOWED:
            text = text.replace(name, "")
        return bool(_ENGLISH.search(text) or _ENGLISH_SIZE.search(text))
    return sorted({t for t in texts if english(t)})


def collect(page) -> list[str]:
    found = page.evaluate(COLLECT)
    return found["lines"] + found["attrs"] + ["document.title=" + found["title"]]


def reveal_and_collect(page) -> list[str]:
    """Texts of the page as drawn, then with each element toolbar, the main menu and a drop-down shown."""
    texts = collect(page)
    # element toolbars (Fullscreen, Download, Search…) appear on hover
    elements = page.locator("[data-testid='stPlotlyChart'], [data-testid='stTable'], "
                            "[data-testid='stDataFrame']").all()
    # the variant of the other width (app_lib/layout.py) and closed expanders are hidden: not hovered
    for element in [e for e in elements if e.is_visible()][:4]:
        try:
            element.scroll_into_view_if_needed(timeout=5_000)
            element.hover(timeout=5_000)
            page.wait_for_timeout(300)
            texts += collect(page)
        except Exception:  # scrolled away or redrawn meanwhile
            pass
    menu = page.locator("[data-testid='stMainMenu'] button, [data-testid='stMainMenu']").first
    if menu.count():
        menu.click()
        page.wait_for_timeout(500)
        texts += collect(page)
        page.keyboard.press("Escape")
    # an open drop-down with a filter that matches nothing ("No results")
    box = page.locator("[data-testid='stSelectbox'] input, [data-testid='stMultiSelect'] input").first
    if box.count() and box.is_visible():
        box.click()
        page.wait_for_timeout(300)
        texts += collect(page)
        box.fill("zzzz")
        page.wait_for_timeout(300)
        texts += collect(page)
        page.keyboard.press("Escape")
    return texts


def settle(page, timeout: float = 60.0) -> None:
    """The page's text has not changed for two seconds (under load the script draws in bursts)."""
    deadline = time.time() + timeout
    seen = []
    while time.time() < deadline:
        seen.append(page.evaluate("document.body.innerText.length"))
        if len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]:
            return
        page.wait_for_timeout(1_000)


def _open(browser, server, width: str, path: str):
    context = browser.new_context(locale="fr-FR", **WIDTHS[width])
    page = context.new_page()
    page.goto(f"{server}/{path}")
    wait_for_app(page, timeout=120_000)
    settle(page)
    return context, page


def test_the_unknown_address_gets_a_french_page_and_no_dialog(browser, server):
    # once the server has served a page (test_an_unknown_address_on_a_fresh_server… covers the first session)
    context, _ = _open(browser, server, "desktop", "")
    context.close()
    context, page = _open(browser, server, "desktop", "nimportequoi")
    try:
        assert page.get_by_role("dialog").count() == 0, page.get_by_role("dialog").all_inner_texts()
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "Page introuvable"
        links = page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a")
        assert [(a.inner_text().strip(), (a.get_attribute("href") or "").rsplit("/", 1)[-1]) for a in links.all()] == [
            ("Accueil", ""), ("Carte des aides", "carte"), ("Fiche d'un département", "fiche"),
            ("Capacités de formation", "capacites"), ("Diffusion des mesures", "diffusion"),
            ("Comparer des départements", "comparer"), ("Votre indicateur", "indicateur"),
            ("Boîte à outils des Contrats locaux de santé", "boite-a-outils"), ("Données et méthode", "donnees")]
        texts = reveal_and_collect(page)
        screenshot(page, "french-introuvable-desktop")
        assert english_in(texts) == [], english_in(texts)
        assert "nimportequoi" not in page.locator("[data-testid='stMain']").inner_text()  # never echoed
        page.get_by_role("link", name="Carte des aides").first.click()
        page.wait_for_url(re.compile(r"/carte"), timeout=60_000)
        wait_for_app(page, timeout=120_000)
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "Carte des aides à l'installation des médecins"
    finally:
        context.close()


def test_an_unknown_address_on_a_fresh_server_is_french_too(browser):
    """The first session after a server start runs in Streamlit's pages/ mode (app_lib/__init__.py): its
    frontend shows its own "Page not found" dialog before app.py runs. That dialog is translated."""
    proc, url = start_streamlit()
    try:
        context, page = _open(browser, url, "desktop", "nimportequoi")
        try:
            texts = collect(page)  # the dialog is modal: the page behind it cannot be clicked
            screenshot(page, "french-introuvable-first-session")
            dialog = page.get_by_role("dialog")
            print(f"\n--- first session, unknown address: {dialog.all_inner_texts()}")
            assert english_in(texts) == [], english_in(texts)
            if dialog.count():
                assert dialog.inner_text().startswith("Page introuvable"), dialog.inner_text()
        finally:
            context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


WIDGETS_APP = textwrap.dedent('''
    import streamlit as st
    from app_lib import ui
    ui.french_document()
    st.title("Essai des textes de Streamlit")
    st.file_uploader("Votre fichier (CSV ou XLSX)", type=["csv", "xlsx"])
    st.multiselect("Départements", ["Ain", "Aisne"], placeholder="Choisissez des départements…")
    st.selectbox("Département", ["Ain", "Aisne"], index=None, placeholder="Choisissez un département…")
    st.multiselect("Un seul", ["Ain", "Aisne"], default=["Ain"], max_selections=1, key="un-seul")
''')


@pytest.mark.parametrize("width", list(WIDTHS))
def test_file_uploader_and_dropdowns_speak_french(browser, tmp_path, width):
    """The uploader of a future page ("indicateur") and empty drop-downs, in a small app of their own:
    at rest, while a file is dragged over it, and with a file uploaded."""
    script = tmp_path / "widgets.py"
    script.write_text(WIDGETS_APP, encoding="utf-8")
    upload = tmp_path / "indicateur.csv"
    upload.write_text("code;valeur\n28;1\n", encoding="utf-8")
    proc, url = start_streamlit(str(script))
    try:
        context, page = _open(browser, url, width, "")
        try:
            texts = reveal_and_collect(page)
            assert "Limite de 10\u00a0Mo par fichier • CSV, XLSX" in texts, texts  # server.maxUploadSize = 10
            assert "Choisir un fichier" in texts, texts
            zone = page.locator("[data-testid='stFileUploaderDropzone']")
            dragged = page.evaluate_handle("() => { const d = new DataTransfer(); "
                                           "d.items.add(new File(['a'], 'a.csv', {type: 'text/csv'})); return d; }")
            zone.dispatch_event("dragenter", {"dataTransfer": dragged})
            page.wait_for_timeout(500)
            dragging = collect(page)
            screenshot(page, f"french-widgets-drag-{width}")
            zone.dispatch_event("dragleave", {"dataTransfer": dragged})
            page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
            page.get_by_text("indicateur.csv").wait_for(timeout=30_000)
            page.wait_for_timeout(500)
            uploaded = collect(page)
            screenshot(page, f"french-widgets-{width}")
            # a filter that matches two options, and a multiselect that is full
            many = page.locator("[data-testid='stMultiSelect'] input").first
            many.click()
            many.fill("Ai")
            page.wait_for_timeout(500)
            filtered = collect(page)
            page.keyboard.press("Escape")
            page.locator("[data-testid='stMultiSelect'] input").last.click()
            page.wait_for_timeout(500)
            full = collect(page)
            page.keyboard.press("Escape")
            texts += dragging + uploaded + filtered + full
            assert "Sélectionner les 2 résultats" in filtered, filtered
            assert "1 choix au plus\u00a0: retirez-en un d'abord." in full, full
            print(f"\n--- widgets @ {width}: {sorted(set(texts))}")
            assert english_in(texts) == [], english_in(texts)
            assert any(t.startswith("Glissez-déposez") for t in dragging), dragging
        finally:
            context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
