"""Ten visitors open a fresh server at once, with no data built yet (an emptied data volume).

One visitor's session builds the package under the build lock; the others see the French
"données en préparation" notice, which refreshes itself; all ten end on their page, none sees an
error, and the package is whole.
"""

from __future__ import annotations


from etl import pipeline
from tests.e2e.conftest import assert_drawn, start_streamlit, wait_for_app

VISITS = 10


def test_ten_simultaneous_first_visits_on_an_empty_data_folder(browser, tmp_path):
    target = tmp_path / "processed"
    proc, url = start_streamlit(processed=target)
    try:
        contexts = [browser.new_context(viewport={"width": 1366, "height": 900}) for _ in range(VISITS)]
        pages = [c.new_page() for c in contexts]
        seen: dict[int, list[str]] = {i: [] for i in range(VISITS)}
        for i, page in enumerate(pages):
            page.on("console", lambda m, i=i: m.type == "error" and seen[i].append(m.text[:200]))
        for i, page in enumerate(pages):  # all ten connect before the first build can finish
            page.goto(f"{url}/fiche?dep=28" if i % 2 else url, wait_until="commit")
        noticed: set[int] = set()
        for _ in range(40):  # while the first build runs, who sees what
            for i, page in enumerate(pages):
                if page.get_by_text("Données en préparation").count():
                    noticed.add(i)
            if pipeline.is_complete(target):
                break
            pages[0].wait_for_timeout(250)
        preparing = len(noticed)
        for i, page in enumerate(pages):
            wait_for_app(page, timeout=180_000)
            assert_drawn(page, "Fiche département" if i % 2 else
                         "Atlas de l'attractivité médicale des départements, 2019 vs 2022")
            assert page.get_by_text("This app has encountered an error").count() == 0
        for context in contexts:
            context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert pipeline.is_complete(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".processed.lock", "processed"]
    print(f"{preparing} of {VISITS} visitors saw the « données en préparation » notice while one built")
