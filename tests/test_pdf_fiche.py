"""The printable fiche: opens, has the expected text with French typography, 1-2 pages; pages saved as PNG."""

import datetime
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app_lib import data, fr, pdf_fiche

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "pdf"


@pytest.fixture(scope="module", autouse=True)
def processed(app_data):
    """The fiche reads this session's fresh build (tests/conftest.py)."""
    return app_data


def render(code: str) -> tuple[pdfium.PdfDocument, str]:
    pdf_bytes = data.fiche_pdf(code)
    assert pdf_bytes.startswith(b"%PDF-")
    document = pdfium.PdfDocument(pdf_bytes)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text = []
    for i in range(len(document)):
        page = document[i]
        page.render(scale=1.5).to_pil().save(ARTIFACTS / f"fiche-{code}-p{i + 1}.png")
        text.append(page.get_textpage().get_text_range())
    return document, "\n".join(text)


def test_fiche_with_local_initiatives():
    document, text = render("28")
    assert 1 <= len(document) <= 2
    flat = " ".join(text.replace("\u00a0", " ").split())
    assert "Eure-et-Loir (28)" in flat
    assert "2019 : A répondu et décrit des mesures (ligne 1797)" in flat
    assert "Chartres métropole" in flat and "jusqu'à 12 000 €/an" in flat
    # the region's training capacities, 2018 then 2022: Tours trains 30 surgery interns in 2018 (atlas line
    # 1733, "**30** INTERNES PEUVENT ÊTRE FORMÉS EN CHIRURGIE") and 34 in 2022 (line 1744); no 2018 figure
    # for emergency medicine, 15 in 2022 (line 1746)
    assert "Subdivision Discipline 2018 2022 Tours Chirurgie 30 34 Tours Spécialités médicales 192 262" in flat
    assert "Tours Médecine d'urgence – 15" in flat
    # the study grant's quote is at line 40 of the Chartres document
    assert re.search(r"Attirer de nouveaux médecins \(Chartres métropole\) : lignes [\d, ]*\b40\b", flat)
    # a reader in a hurry gets the web page's order, the date it was made, and the neighbours by name
    order = ["En bref : de 2019 à 2022", "Mesures 2019 et 2022", "Voisins et départements comparables",
             "Pistes : ce que font ses pairs", "Capacités de formation", "Initiatives locales", "Sources"]
    positions = [flat.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert f"établie le {fr.date(datetime.date.today().isoformat())}" in flat
    for neighbour in ("Eure (27)", "Yvelines (78)", "Essonne (91)", "Loiret (45)", "Loir-et-Cher (41)", "Sarthe (72)",
                      "Orne (61)"):
        assert neighbour in flat


def test_fiche_of_a_departement_absent_from_the_atlas_is_one_page():
    document, text = render("976")
    assert len(document) == 1
    assert "Absent de l'atlas" in text


def test_french_typography():
    assert pdf_fiche.typo("Réponse : oui ; « mot »") == "Réponse\u00a0: oui\u00a0; «\u00a0mot\u00a0»"
    assert pdf_fiche.typo("a < b & c") == "a &lt; b &amp; c"
