"""Page segmentation on excerpts shaped like the damaged pages of the atlas."""

import pytest

from etl import measures, pages
from etl.atlas_text import AtlasError, Line
from tests.conftest import excerpt

HEAD = """BRETAGNE



La région Bretagne est composée de 4 départements :

CÔTES-D'ARMOR | FINISTÈRE | MORBIHAN | ILLE-ET-VILAINE

Elle dispose de pôles de formation pour les internes :

"""
TAIL = "\nJean-Carles Grelier\n"


def _assign(tmp_path, index, body, choose=lambda code, a, b, stacked: (False, "note")):
    atlas = excerpt(tmp_path, HEAD + body + TAIL)
    (section,) = pages.sections(atlas, index)
    found = pages.pages(atlas, pages.parts(atlas, section, index))
    return atlas, {(a.code, a.year): a for a in pages.assign(atlas, section, found, set(), choose)}


NORMAL = """2019

| LES AIDES MISES EN PLACE |

- ◆ Soutien aux MSP

2022

| LES AIDES MISES EN PLACE |

"""
MISORDERED = """2019

2022

| LES AIDES MISES EN PLACE |

- ◆ Aides pour les MSP

N'A PAS RÉPONDU A L'ENQUETE

"""
NO_YEARS = """| LES AIDES MISES EN PLACE |

- ◆ Logement gratuit
 - pour les étudiants

| LES AIDES MISES EN PLACE |

- ◆ Aide au déménagement
"""
NAMED = """2019

ILLE-ET-VILAINE

35

N'A PAS MIS D'AÏDE EN PLACE

2022

ILLE-ET-VILAINE

35

N'A PAS MIS D'AIDES EN PLACE
"""


def test_statuses_and_empty_boxes(tmp_path, index):
    _, got = _assign(tmp_path, index, NORMAL + MISORDERED + NO_YEARS + NAMED)
    assert got[("22", 2019)].status == "measures"
    assert got[("22", 2022)].status == "empty"  # the box heading with nothing under it
    assert got[("22", 2022)].source_line == got[("22", 2022)].part.heading_line
    assert got[("35", 2019)].status == got[("35", 2022)].status == "no_measures"  # typo variants


def test_misordered_page_asks_the_caller_for_the_order(tmp_path, index):
    asked = []

    def choose(code, first, second, stacked):
        asked.append((code, first.kind, second.kind, stacked))
        return code == "29", "ordre déduit des indices"

    _, got = _assign(tmp_path, index, NORMAL + MISORDERED + NO_YEARS + NAMED, choose)
    # the stacked "2019"/"2022" headings, then the page with no year heading at all
    assert asked == [("29", "measures", "no_response", True), ("56", "measures", "measures", False)]
    assert got[("29", 2019)].status == "no_response"
    assert got[("29", 2022)].status == "measures"
    assert got[("29", 2022)].note == "ordre déduit des indices"
    assert got[("56", 2019)].part.lines[0].stripped == "- ◆ Logement gratuit"  # not swapped


def test_parts_without_year_headings_pair_up_in_order(tmp_path, index):
    _, got = _assign(tmp_path, index, NORMAL + MISORDERED + NO_YEARS + NAMED)
    items, _ = pages.bullets(got[("56", 2019)].part)
    assert [b.text for b in items] == ["Logement gratuit; pour les étudiants"]
    assert got[("56", 2022)].status == "measures"


def test_printed_name_must_match_the_order(tmp_path, index):
    # Ille-et-Vilaine's page placed third: the printed name contradicts the order.
    with pytest.raises(AtlasError, match="page printed for 35 but the region's order gives 56"):
        _assign(tmp_path, index, NORMAL + MISORDERED + NAMED + NO_YEARS)


def test_missing_page_is_reported_with_the_pages_found(tmp_path, index):
    with pytest.raises(AtlasError, match=r"4 départements to place but 3 pages found \(pages at lines"):
        _assign(tmp_path, index, NORMAL + MISORDERED + NAMED)


def test_truncated_file_without_back_cover_is_an_error(tmp_path, index):
    atlas = excerpt(tmp_path, HEAD + NORMAL)
    with pytest.raises(AtlasError, match="back cover .* not found"):
        pages.sections(atlas, index)


def test_bullets_group_sub_items_and_drop_repeated_runs(tmp_path):
    text = "\n".join([
        "- ◆ Participation aux commissions",
        "- ◆ La promotion du Haut-Rhin :",
        " - Promotion de l'attractivité en ciblant les axes",
        "",
        "- ◆ Participation aux commissions",
        "- ◆ La promotion du Haut-Rhin :",
        " - Promotion de l'attractivité en ciblant les axes intéressant les jeunes",
        " - Présence du Haut-Rhin",
    ])
    atlas = excerpt(tmp_path, text)
    part = pages.Part(lines=[l for l in atlas.lines if not l.blank])
    items, dropped = pages.bullets(part)
    assert [b.text for b in items] == [
        "Participation aux commissions",
        "La promotion du Haut-Rhin : Promotion de l'attractivité en ciblant les axes intéressant les jeunes; "
        "Présence du Haut-Rhin",
    ]
    assert [b.line for b in items] == [1, 6]
    assert dropped == [2, 3, 5]


def test_a_diamond_line_that_continues_a_sentence_is_merged(tmp_path):
    # lines 2893-2894 of the atlas: the PDF put a bullet mark in the middle of a sentence
    atlas = excerpt(tmp_path, "- ◆ Prévention primaire : renforcer la prévention par la mise en\n"
                              "- ◆ place d'équipes mobiles, en renforçant l'offre\n"
                              "- ◆ Unité mobile de prévention\n")
    items, dropped = pages.bullets(pages.Part(lines=list(atlas.lines[:3])))
    assert [b.text for b in items] == [
        "Prévention primaire : renforcer la prévention par la mise en place d'équipes mobiles, en renforçant l'offre",
        "Unité mobile de prévention",
    ]
    assert items[0].raw_lines == (1, 2) and dropped == []


def test_a_one_line_heading_repeated_with_other_sub_items_is_kept(tmp_path):
    # Manche 2019 (lines 2910-2915): the atlas repeats a heading, then reworded items as bullets
    atlas = excerpt(tmp_path, "- ◆ Aides pour les internes dans la manche :\n"
                              " - Indemnités de déplacement\n"
                              "- ◆ Aides pour les internes dans la Manche :\n"
                              "- ◆ Indemnité de déplacement\n")
    items, dropped = pages.bullets(pages.Part(lines=list(atlas.lines[:4])))
    assert len(items) == 3 and dropped == []


def test_pages_without_year_headings_are_noted_with_their_evidence(tmp_path, index):
    chooser = measures.order_chooser({}, {})
    _, got = _assign(tmp_path, index, NORMAL + MISORDERED + NO_YEARS + NAMED, chooser)
    note = got[("56", 2019)].note
    assert note.startswith("aucun titre d'année imprimé : 1re partie = 2019, 2e = 2022 (ordre du texte")
    assert "confiance faible" in note and "pas de tableau résumé 2022" in note
    assert got[("22", 2019)].note is None


def _part(first_line: int, *texts: str) -> pages.Part:
    return pages.Part(lines=[Line(first_line + i, t) for i, t in enumerate(texts)])


def test_order_chooser_weighs_dates_and_the_summary_table():
    old = _part(10, "◆ Bourse pour les internes")
    new = _part(20, "◆ Depuis 2021, une bourse pour les internes", "◆ Logement des internes")
    table = {"56": {"bourse_etude_contre_installation", "logement_internes"}}
    choose = measures.order_chooser(table, {"56": 700})
    swap, note = choose("56", new, old, False)  # printed first: the part citing 2021, agreeing with the table
    assert swap and "1re partie = 2022" in note and "confiance élevée" in note
    swap, note = choose("56", old, new, True)
    assert not swap and "confiance élevée" in note and note.startswith("titres « 2019 » et « 2022 »")
    # a one-measure difference with the table is not a vote; dates alone give a medium confidence
    swap, note = measures.order_chooser({"56": {"logement_internes"}}, {"56": 700})(
        "56", _part(10, "◆ Logement des internes en 2022"), _part(20, "◆ Logement des internes", "◆ Soutien aux MSP"),
        False)
    assert swap and "confiance moyenne" in note
    swap, note = measures.order_chooser({"56": {"logement_internes"}}, {"56": 700})(
        "56", _part(10, "◆ Logement des internes"), _part(20, "◆ Logement des internes", "◆ Soutien aux MSP"), False)
    assert not swap and "écart trop faible" in note and "confiance faible" in note
