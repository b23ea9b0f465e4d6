"""Evidence units, the reviews recorded as data, and how the published labels rest on them."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from etl import atlas_text, evidence, pipeline
from etl.atlas_text import Line, clean_text


def _lines(*texts: str, start: int = 100) -> list[Line]:
    return [Line(start + i, t) for i, t in enumerate(texts)]


def test_a_bullet_splits_into_its_heading_sub_items_and_sentences():
    units = evidence.split_units(_lines(
        "◆ Les aides à l'installation en investissement",
        "",
        "- 10 000 € pour les médecins : 14 médecins aidés",
        "Le montant de l'aide accordée par la CPAM est de 50 000 €. Le delta est de 40 000 €.",
        "- 20 000 € pour les chirurgiens-dentistes. L'aide de l'état est de 25 000 €",
    ))
    assert [(u.line, u.text) for u in units] == [
        (100, "Les aides à l'installation en investissement"),
        (102, "10 000 € pour les médecins : 14 médecins aidés"),
        (103, "Le montant de l'aide accordée par la CPAM est de 50 000 €."),
        (103, "Le delta est de 40 000 €."),
        (104, "20 000 € pour les chirurgiens-dentistes."),
        (104, "L'aide de l'état est de 25 000 €"),
    ]


def test_a_sentence_cut_across_lines_is_one_unit_at_its_first_line():
    units = evidence.split_units(_lines(
        "Cette action a permis de « redorer » l'image des jeunes. Elle",
        "",
        "doit s'inscrire dans la durée.",
        "- montant de 500 €",
        "- durée de six mois",
    ))
    assert [(u.line, u.text) for u in units] == [
        (100, "Cette action a permis de « redorer » l'image des jeunes."),
        (100, "Elle doit s'inscrire dans la durée."),  # starts on line 100, ends on 102
        (103, "montant de 500 €"),
        (104, "durée de six mois"),  # a sub-item in lower case is not glued to the one above
    ]


@pytest.mark.parametrize("text, expected", [
    ("Rencontre avec M. Dupont, chargé de mission. Puis visite.", ["Rencontre avec M. Dupont, chargé de mission.", "Puis visite."]),
    ("3 professionnels aidés ! A savoir que la CPAM aide aussi.", ["3 professionnels aidés !", "A savoir que la CPAM aide aussi."]),
    ("Aide de 1 000 €/mois. 2e année = 1 000 €/mois", ["Aide de 1 000 €/mois.", "2e année = 1 000 €/mois"]),
    ("Voir le site (cf. Annexe) pour les aides.", ["Voir le site (cf. Annexe) pour les aides."]),
])
def test_sentences(text, expected):
    assert evidence.sentences(text) == expected


def _write(tmp_path, rows: list[dict], name="reviews.csv"):
    path = tmp_path / name
    path.write_text(evidence.review_rows(rows), encoding="utf-8")
    return path


ROW = {"code": "03", "year": "2022", "line": "933", "text": "Les aides à l'installation en investissement",
       "measures": "aide_financiere_installation", "negation": "", "reason": ""}


@pytest.mark.parametrize("change, message", [
    ({"measures": "aide_installation"}, r"reviews.csv:3: unknown measure key\(s\) \['aide_installation'\]"),
    ({"measures": "other|soutien_msp"}, r"reviews.csv:3: 'other' is for a unit"),
    ({"negation": "oui", "measures": ""}, r"reviews.csv:3: a negation must name the measures"),
    ({"negation": "yes"}, r"reviews.csv:3: negation must be empty or 'oui'"),
    ({"line": "9x"}, r"reviews.csv:3: year and line must be whole numbers"),
    ({}, r"reviews.csv:3: unit already reviewed at row 2"),
])
def test_a_malformed_review_names_its_file_and_row(tmp_path, change, message):
    path = _write(tmp_path, [ROW, {**ROW, **change}])
    with pytest.raises(evidence.ReviewError, match=message):
        evidence.load_reviews(path)


def test_a_review_file_in_another_encoding_is_reported_with_its_row(tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_bytes(evidence.review_rows([ROW, {**ROW, "line": "937", "text": "Médecins aidés"}]).encode("latin-1"))
    with pytest.raises(atlas_text.AtlasError, match=r"reviews.csv:2: expected UTF-8"):
        evidence.load_reviews(path)


def _shipped_rows() -> list[dict]:
    with open(evidence.REVIEWS_PATH, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_review_whose_line_moved_or_text_changed_stops_the_build(tmp_path):
    rows = _shipped_rows()
    i = next(k for k, r in enumerate(rows) if r["line"] == "933")
    moved = [dict(r) for r in rows]
    moved[i]["line"] = "934"
    with pytest.raises(evidence.ReviewError, match=rf"reviews.csv:{i + 2}: atlas line 934 no longer starts the reviewed "
                                                   r"text 'Les aides à l'installation"):
        pipeline.build(log=lambda *_: None, reviews_path=_write(tmp_path, moved))
    edited = [dict(r) for r in rows]
    edited[i]["text"] = "Les aides à l'installation en fonctionnement"
    with pytest.raises(evidence.ReviewError, match=rf"reviews.csv:{i + 2}: atlas line 933"):
        pipeline.build(log=lambda *_: None, reviews_path=_write(tmp_path, edited))
    other_year = [dict(r) for r in rows]
    other_year[i]["year"] = "2019"
    with pytest.raises(evidence.ReviewError, match=rf"reviews.csv:{i + 2}: review says 03 2019; the ETL places atlas "
                                                   r"line 933 in 03 2022"):
        pipeline.build(log=lambda *_: None, reviews_path=_write(tmp_path, other_year))


def test_units_nobody_reviewed_keep_the_rules_and_say_so(tmp_path):
    rows = [r for r in _shipped_rows() if r["code"] != "03"]
    built = pipeline.build(log=lambda *_: None, reviews_path=_write(tmp_path, rows))
    units = built.tables["evidence_units"]
    assert set(units.loc[units.review == "rules_only", "code"]) == {"03"}
    allier = built.tables["measures"].query("code == '03' and source == 'page'")
    assert set(allier["review"]) == {"rules_only"}
    assert built.facts["rule_scores"]["reviewed"] == len(rows)


def test_scores_count_true_and_false_positives():
    pairs = [({"a"}, {"a"}), ({"a"}, set()), (set(), {"a"}), ({"b"}, {"b"}), (set(), set())]
    a, b = evidence.scores(pairs, ("a", "b"))
    assert (a["tp"], a["fp"], a["fn"], a["precision"], a["recall"]) == (1, 1, 1, 0.5, 0.5)
    assert (b["precision"], b["recall"], b["f1"]) == (1.0, 1.0, 1.0)


# ---------------------------------------------------------------------------------------
# The shipped atlas: every unit reviewed, every page measure on a sentence that states it.


@pytest.fixture(scope="module")
def built():
    return pipeline.build(log=lambda *_: None)


def test_every_unit_of_the_atlas_is_reviewed(built):
    units = built.tables["evidence_units"]
    assert len(units) == len(_shipped_rows())
    assert set(units["review"]) == {"reviewed"}
    page = built.tables["measures"].query("source == 'page'")
    assert set(page["review"]) == {"reviewed"}


def _starts_on(quote: str, line: str) -> bool:
    """The quote begins on this line: inside it, or running from a word of it to the line's end."""
    return quote[:25] in line or any(quote.startswith(line[i:]) for i in range(len(line)) if i == 0 or line[i - 1] == " ")


def test_every_page_measure_quotes_the_atlas_at_its_line(built):
    atlas = atlas_text.load()
    page = built.tables["measures"].query("source == 'page'")
    units = built.tables["evidence_units"]
    for row in page.itertuples():
        assert _starts_on(row.evidence, clean_text(atlas.line(row.source_line).text)), (row.code, row.year, row.measure)
        assert row.source_line in list(row.evidence_lines)
        stating = units[(units.code == row.code) & (units.year == row.year) & (units.text == row.evidence)]
        assert not stating.empty
        carried = isinstance(row.note, str) and row.note.startswith("reconduite")
        assert carried or any(row.measure in list(m) for m in stating["measures"])


def _page(built, code, year) -> pd.DataFrame:
    m = built.tables["measures"]
    return m[(m.code == code) & (m.year == year) & (m.source == "page")].set_index("measure")


def test_the_audit_examples(built):
    # Allier 2022: the installation aid is l.933 (amounts 937, 939), not the WANTED study grant (912);
    # its detail holds none of the CPAM, State or average-investment amounts of l.938-941.
    allier = _page(built, "03", 2022)
    assert allier.loc["aide_financiere_installation", "source_line"] == 933
    assert allier.loc["aide_financiere_installation", "detail"] == "10 000 €"
    assert allier.loc["bourse_etude_contre_installation", "source_line"] == 914  # past the bare heading of 912
    assert "WANTED (bourse d'études" in allier.loc["bourse_etude_contre_installation", "evidence"]
    # Gironde 2019: the MSP coordinator post (3255) is support to MSPs, not accompagnement à l'installation
    assert set(_page(built, "33", 2019).index) == {"soutien_msp"}
    # Manche 2019: housing for a settling doctor's family (2920) is not housing for interns
    manche = _page(built, "50", 2019)
    assert "logement_internes" not in manche.index
    assert manche.loc["accompagnement_installation", "source_line"] == 2920
    # Maine-et-Loire: service sanitaire students (3949) are not interns on placement
    units = built.tables["evidence_units"]
    assert "accueil_internes_stage" not in list(units.loc[units.source_line == 3949, "measures"].iloc[0])
    # Eure-et-Loir 2022: no salariat on the student-housing paragraph (1855); the interns' travel aid is being
    # reformed, not ended
    eure_et_loir = _page(built, "28", 2022)
    assert "developpement_salariat" not in eure_et_loir.index
    assert eure_et_loir.loc["aide_financiere_internes_stage", "evidence"].startswith("Aide aux déplacements : Le dispositif")
    # Eure 2022: "met fin à l'aide à 200 euros" ends the interns' aid
    ended = units[(units.code == "27") & (units.year == 2022) & units.negation]
    assert [(int(r.source_line), list(r.measures)) for r in ended.itertuples()] == [(2883, ["aide_financiere_internes_stage"])]
    assert "aide_financiere_internes_stage" not in _page(built, "27", 2022).index
    # Cher 2019: the co-financing of MSPs (1760) is read
    assert 1760 in list(_page(built, "18", 2019).loc["soutien_msp", "evidence_lines"])
    # Loiret 2022: the mileage allowance for students on placement (1990)
    assert _page(built, "45", 2022).loc["aide_financiere_internes_stage", "evidence"].startswith(
        "Une nouvelle action a été votée pour soutenir la venue d'étudiants")


def test_the_codebook_is_published_with_every_measure(built):
    codebook = built.tables["codebook"]
    assert set(codebook["measure"]) >= {m for m in built.tables["measure_catalog"].query("parent.isna()")["measure"]}
    service = codebook.set_index("measure").loc["accueil_internes_stage", "does_not_count"]
    assert "service sanitaire" in service
