import pytest

from etl import capacities, pages
from etl.atlas_text import AtlasError
from tests.conftest import excerpt

HEAD = """C O R S E



La région Corse est composée
de 2 départements :

HAUTE-CORSE | CORSE-DU-SUD

Elle dispose de pôles de formation pour les internes :

"""
PAGES = """2019

N'A PAS RÉPONDU A L'ENQUETE

2022

N'A PAS RÉPONDU A L'ENQUETE

2019

N'A PAS RÉPONDU A L'ENQUETE

2022

N'A PAS RÉPONDU A L'ENQUETE

Jean-Carles Grelier
"""


def _values(tmp_path, index, blocks):
    atlas = excerpt(tmp_path, HEAD + blocks + PAGES)
    (section,) = pages.sections(atlas, index)
    return capacities.parse_section(atlas, section)


def test_letter_spaced_header_subset_and_missing_lines(tmp_path, index):
    blocks = """| N A N C Y |

CAPACITÉ DE FORMATION EN 2022 :

- **37** INTERNES PEUVENT ÊTRE FORMÉS EN CHIRURGIE
- **290** INTERNES PEUVENT ÊTRE FORMÉS EN SPÉCIALITÉS MÉDICALES DONT **126** EN MÉDECINE GÉNÉRALE.

"""
    got = {(v.subdivision, v.discipline): (v.capacity, v.source_line) for v in _values(tmp_path, index, blocks)}
    assert got[("Nancy", "chirurgie")] == (37, 16)
    assert got[("Nancy", "specialites_medicales")] == (290, 17)
    assert got[("Nancy", "dont_medecine_generale")] == (126, 17)
    # not printed: null with the block's line, never 0
    assert got[("Nancy", "urgence")] == (None, 14)
    assert got[("Nancy", "anesthesie_reanimation")] == (None, 14)


def test_printed_zero_stays_zero_and_headerless_block_follows_the_previous(tmp_path, index):
    blocks = """| GUADELOUPE, MARTINIQUE, GUYANE |

CAPACITÉ DE FORMATION EN 2018 :

- **0** INTERNE PEUT ÊTRE FORMÉ EN BIOLOGIE MÉDICALE.

CAPACITÉ DE FORMATION EN 2022 :

- **5** INTERNES PEUVENT ÊTRE FORMÉS EN URGENCE.

"""
    values = _values(tmp_path, index, blocks)
    bio = next(v for v in values if v.discipline == "biologie_medicale")
    assert bio.capacity == 0
    urgence = next(v for v in values if v.discipline == "urgence")
    assert (urgence.subdivision, urgence.year, urgence.capacity) == ("Antilles-Guyane", 2022, 5)
    assert urgence.note.startswith("bloc sans en-tête propre")


def test_corsican_pole_points_to_the_figure_it_repeats():
    own = capacities.Value("Provence-Alpes-Côte d'Azur", "Nice", None, 2018, "chirurgie", 15, None, 4058)
    pole = capacities.Value("Corse", "Nice", "Haute-Corse", 2018, "chirurgie", 15, None, 2017)
    other = capacities.Value("Corse", "Marseille", "Corse-du-Sud", 2018, "chirurgie", 99, None, 2027)
    marseille = capacities.Value("Provence-Alpes-Côte d'Azur", "Marseille", None, 2018, "chirurgie", 38, None, 4048)
    rows = {(r["subdivision"], r["pole"]): r for r in capacities.mark_repeats([own, pole, other, marseille])}
    assert rows[("Nice", "Haute-Corse")]["repeats_line"] == 4058
    assert rows[("Nice", None)]["repeats_line"] is None
    # a pole with its own, different figure is kept as its own value and said so
    assert rows[("Marseille", "Corse-du-Sud")]["repeats_line"] is None
    assert "différent" in rows[("Marseille", "Corse-du-Sud")]["note"]


def test_malformed_capacity_line_is_an_error(tmp_path, index):
    blocks = """| NICE |

CAPACITÉ DE FORMATION EN 2018 :

- **15** INTERNES PEUVENT ÊTRE FORMÉS
"""
    with pytest.raises(AtlasError, match=r"excerpt.txt:16: expected '- \*\*N\*\* INTERNES"):
        _values(tmp_path, index, blocks)
