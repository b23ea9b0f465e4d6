import pytest

from etl import summary_tables
from etl.atlas_text import AtlasError
from tests.conftest import excerpt

MEASURES = "\t".join([
    "AIDE FINANCIERE AUX INTERNES EN STAGE", "ACCUEIL DES INTERNES EN STAGE",
    "ACCOMPAGNEMENT PERSONNALISE A L'INSTALLATION", "AIDE FINANCIERE A L'INSTALLATION",
    "BOURSE D'ETUDE CONTRE INSTALLATION", "SOUTIEN AUX MSP", "LOGEMENT POUR LES INTERNES",
    "AIDE A LA FORMATION DES MSU", "AIDE A L'EMPLOI DU CONJOINT", "DEVELOPPEMENT DU SALARIAT",
    "PROMOTION DU TERRITOIRE", "ACCEUIL DES INTERNES EN PMI",
])


def _row(name, cells):
    return name + "\t" + "\t".join(cells)


def test_fourteen_field_table_reads_the_extra_column_as_a_detail(tmp_path, index):
    # Like the Auvergne-Rhône-Alpes table: an empty header field before the measures.
    text = "\n".join([
        "AUVERGNE RHONE ALPES\t\t" + MEASURES,
        _row("ARDÈCHE", ["400 €/MOIS", "●", "●", "", "", "", "●", "", "", "", "", "", ""]),
        _row("SAVOIE", ["", "", "", "", "", "", "", "", "", "", "", "", "●"]),
        "11/11",
    ])
    tables = summary_tables.parse(excerpt(tmp_path, text), index)
    cells = summary_tables.cells(tables[0])
    got = {(c.code, c.measure): c.detail for c in cells}
    assert got == {
        ("07", "aide_financiere_internes_stage"): "400 €/MOIS",
        ("07", "accueil_internes_stage"): None,
        ("07", "soutien_msp"): None,
        ("73", "accueil_internes_pmi"): None,
    }
    assert tables[0].skipped == ((4, "11/11"),)
    assert all(c.line in (2, 3) for c in cells)


def test_thirteen_field_table_with_region_row_and_text_cells(tmp_path, index):
    text = "\n".join([
        "\t" + MEASURES,
        _row("CENTRE VAL-DE-LOIRE", [""] * 12),
        _row("CHER", ["", "●", "", "", "", "", "● (14 PLACES, 40€/MOIS)", "", "", "", "", ""]),
        _row("LOIR-ET-CHER", ["300€", "", "", "", "", "", "", "", "", "", "", ""]),
    ])
    tables = summary_tables.parse(excerpt(tmp_path, text), index)
    assert tables[0].region == "CENTRE VAL-DE-LOIRE"
    got = {(c.code, c.measure): c.detail for c in summary_tables.cells(tables[0])}
    assert got == {
        ("18", "accueil_internes_stage"): None,
        ("18", "logement_internes"): "14 PLACES, 40€/MOIS",
        ("41", "aide_financiere_internes_stage"): "300€",
    }


def test_one_row_for_three_overseas_departements(tmp_path, index):
    text = "\n".join(["\t" + MEASURES, _row("GUADELOUPE, MARTINIQUE, GUYANE", [""] * 12)])
    tables = summary_tables.parse(excerpt(tmp_path, text), index)
    assert tables[0].rows[0].codes == ("971", "972", "973")


def test_unknown_departement_name_is_an_error_naming_the_line(tmp_path, index):
    text = "\n".join(["\t" + MEASURES, _row("ATLANTIS", ["●"] + [""] * 11)])
    with pytest.raises(AtlasError, match=r"excerpt.txt:2: unknown département name 'ATLANTIS'"):
        summary_tables.parse(excerpt(tmp_path, text), index)


def test_non_empty_cell_beyond_the_header_is_an_error(tmp_path, index):
    text = "\n".join(["\t" + MEASURES, _row("CHER", [""] * 12 + ["●"])])
    with pytest.raises(AtlasError, match=r":2: row 'CHER' has 13 cells for 12 columns"):
        summary_tables.parse(excerpt(tmp_path, text), index)


@pytest.mark.parametrize("value, expected", [
    ("", (False, None)), ("●", (True, None)), ("● (CDS)", (True, "CDS")),
    ("200€ PAR MOIS", (True, "200€ PAR MOIS")),
])
def test_parse_cell(value, expected):
    assert summary_tables.parse_cell(value) == expected
