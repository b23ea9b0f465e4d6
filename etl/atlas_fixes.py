"""Errors of the atlas itself that page order alone cannot absorb, declared with their evidence.

Each fix names the lines of the raw atlas that prove it; ``check`` verifies those lines
still say so, and the ETL stops if they do not (a new edition of the text must be
re-read by a person, not silently re-guessed).
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.atlas_text import Atlas, match_key
from etl.pages import Assigned


@dataclass(frozen=True)
class Fix:
    kind: str  # "no_page" | "swap_2019"
    codes: tuple[str, ...]
    evidence: str  # French: shown in the data-quality report and the app's method page
    proof: tuple[tuple[int, str], ...]  # (line, text that must appear on it)


FIXES: tuple[Fix, ...] = (
    Fix(
        "no_page",
        ("69M",),
        "La Métropole de Lyon figure dans la liste de la région et dans le tableau résumé 2022 (ligne vide), "
        "mais l'atlas ne lui consacre aucune page : le sommaire passe de « PUY-DE-DÔME P.74 » à « RHÔNE P.76 », "
        "et la page qui suit celle de la Loire cite le Puy-de-Dôme (adresse @puy-de-dome.fr, ligne 1197).",
        ((1197, "puy-de-dome.fr"), (40, "PUY-DE-DÔME P.74"), (41, "RHÔNE P.76")),
    ),
    Fix(
        "swap_2019",
        ("37", "41"),
        "Les parties 2019 des pages de l'Indre-et-Loire et du Loir-et-Cher sont interverties : la partie 2019 "
        "placée sur la page de l'Indre-et-Loire parle du « Loir&Cher » (ligne 1928) et celle placée sur la page "
        "du Loir-et-Cher du « CD37 » (ligne 1949), tandis que la partie 2022 de cette dernière cite bien le "
        "Loir-et-Cher (ligne 1961).",
        ((1928, "Loir&Cher"), (1949, "CD37"), (1961, "Loir-et-Cher")),
    ),
)


def check(atlas: Atlas) -> None:
    for fix in FIXES:
        for number, text in fix.proof:
            if number > atlas.line_count:
                raise atlas.error(None, f"the atlas has {atlas.line_count} lines; declared atlas fix {fix.kind} "
                                  f"{fix.codes} expects '{text}' on line {number}: truncated file?")
            if match_key(text) not in match_key(atlas.line(number).text):
                raise atlas.error(number, f"declared atlas fix {fix.kind} {fix.codes}: expected '{text}' on this line")


def no_page_codes() -> set[str]:
    return {c for fix in FIXES if fix.kind == "no_page" for c in fix.codes}


def apply(assigned: list[Assigned]) -> list[Assigned]:
    """Swap the 2019 parts declared swapped; every other assignment passes through."""
    out = list(assigned)
    for fix in FIXES:
        if fix.kind != "swap_2019":
            continue
        a, b = fix.codes
        ia = next(i for i, x in enumerate(out) if x.code == a and x.year == 2019)
        ib = next(i for i, x in enumerate(out) if x.code == b and x.year == 2019)
        note = "partie 2019 interchangée (erreur de l'atlas, voir la méthode)"
        out[ia], out[ib] = (
            Assigned(a, 2019, out[ib].part, note, out[ib].status, out[ib].source_line),
            Assigned(b, 2019, out[ia].part, note, out[ia].status, out[ia].source_line),
        )
    return out
