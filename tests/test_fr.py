"""French in the app: names after "de", and the typography of every UI string."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from app_lib import fr, views

ROOT = Path(__file__).resolve().parent.parent


# TNCC values as INSEE's COG gives them (typeLiaison of @etalab/decoupage-administratif 6.0.0's departements.json)
@pytest.mark.parametrize("name, tncc, expected", [
    ("Paris", 0, "de Paris"),
    ("La Réunion", 0, "de La Réunion"),
    ("Eure-et-Loir", 1, "d'Eure-et-Loir"),
    ("Loiret", 2, "du Loiret"),
    ("Territoire de Belfort", 2, "du Territoire de Belfort"),
    ("Somme", 3, "de la Somme"),
    ("Corse-du-Sud", 3, "de la Corse-du-Sud"),
    ("Yvelines", 4, "des Yvelines"),
    ("Bouches-du-Rhône", 4, "des Bouches-du-Rhône"),
    ("Orne", 5, "de l'Orne"),
    ("Ain", 5, "de l'Ain"),
])
def test_of_departement_follows_the_tncc(name, tncc, expected):
    assert fr.of_departement(name, tncc) == expected


@pytest.mark.parametrize("tncc", [None, float("nan"), pd.NA, 9, "x"])
def test_an_unknown_tncc_gives_the_plain_de(tncc):
    assert fr.of_departement("Eure-et-Loir", tncc) == "de Eure-et-Loir"


def test_departement_of_reads_the_tncc_column():
    departements = pd.DataFrame({"code": ["28", "45", "61", "78", "80"],
                                 "name": ["Eure-et-Loir", "Loiret", "Orne", "Yvelines", "Somme"],
                                 "tncc": pd.array([1, 2, 5, 4, 3], dtype="Int64")})
    assert [views.departement_of(c, departements) for c in departements["code"]] == \
        ["d'Eure-et-Loir", "du Loiret", "de l'Orne", "des Yvelines", "de la Somme"]
    # before the column exists (or where it is empty), the sentence still reads, with "de"
    assert views.departement_of("28", departements.drop(columns="tncc")) == "de Eure-et-Loir"


# --- typography of the UI strings -------------------------------------------------------------

# An ASCII space where French typography wants a no-break one: inside « », before : ; ! ?
_BREAKABLE = re.compile(r"« | »| [:;!?](?=\s|$)")


def _ui_strings(source: str):
    """(line, text) of each string literal of a module, f-string parts included, docstrings left out."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_the_scanner_sees_what_it_must():
    """The test below would pass on anything if the scanner saw nothing."""
    found = [text for _, text in _ui_strings((ROOT / "pages" / "capacites.py").read_text(encoding="utf-8"))]
    assert any("Capacité pour 100" in t for t in found)
    assert _BREAKABLE.search("Région : Normandie") and _BREAKABLE.search("« mot »") \
        and _BREAKABLE.search("Pourquoi ?") and not _BREAKABLE.search("Région\u00a0: «\u00a0mot\u00a0»")
    # f-string parts are seen too
    # f-string parts are seen, docstrings are not
    assert [t for _, t in _ui_strings('"""Doc : x."""\nx = f"{a} : {b}"') if _BREAKABLE.search(t)] == [" : "]


def test_ui_strings_keep_french_spaces_unbreakable():
    """French puts a no-break space (U+00A0 or U+202F) inside « » and before : ; ! ?, so a line never
    begins with a colon or a closing guillemet. UI strings are written with it."""
    offenders = []
    for path in sorted([ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("app_lib/*.py")]):
        for line, text in _ui_strings(path.read_text(encoding="utf-8")):
            if _BREAKABLE.search(text):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {text!r}")
    assert offenders == [], "\n".join(offenders) + "\nfix: python scripts/french_spaces.py <files>"


def test_french_spaces_rewrites_string_literals_only():
    from scripts.french_spaces import french_spaces

    source = ('"""Doc : left alone."""\n'
              'x = f"Région : {a if b else c} ; « {q} » ?"  # comment : left alone\n'
              'y = {"k": 1}\n'
              "z = 'deux-points collés: et fin :'\n")
    assert french_spaces(source) == ('"""Doc : left alone."""\n'
                                     'x = f"Région\u00a0: {a if b else c}\u00a0; «\u00a0{q}\u00a0»\u00a0?"'
                                     '  # comment : left alone\n'
                                     'y = {"k": 1}\n'
                                     "z = 'deux-points collés: et fin\u00a0:'\n")
