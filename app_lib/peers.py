"""Peers of a département (neighbours, comparable départements) and the "pistes" they suggest.

Why: the question an elected official brings to the council is "what do départements like ours do
that we don't, and what does it cost?". The peers come from the ETL (table `peers`; the descriptors
are columns of `departements`); here they become the frames the fiche (web and PDF) and its CSV show.
A peer that did not answer the 2022 survey is listed, but counted neither for nor against a measure:
"did not answer" is not "no measure".
"""

from __future__ import annotations

import pandas as pd

from app_lib import fr, views
from etl.peers import DESCRIPTORS as ETL_DESCRIPTORS

YEAR = 2022
KINDS = {"neighbour": "Voisin", "comparable": "Comparable"}
# The descriptors the comparison rests on (declared once in the ETL), as "Label (unit)" headers.
DESCRIPTORS = {d.column: f"{d.label} ({d.unit})" for d in ETL_DESCRIPTORS}
# A measure is "rare among its peers" when at most this share of the peers that answered describe it.
RARE_SHARE = 1 / 3


def peers_of(code: str, peers: pd.DataFrame, kind: str) -> list[str]:
    rows = peers[(peers["code"] == code) & (peers["kind"] == kind)].sort_values("rank")
    return rows["peer"].tolist()


def _offers(measures: pd.DataFrame, year: int) -> dict[str, set[str]]:
    return {c: set(ms) for c, ms in views.measure_sets(measures, year).items()}


def _answered(status: pd.DataFrame, year: int) -> set[str]:
    rows = status[(status["year"] == year) & status["status"].isin(views.ANSWERED)]
    return set(rows["code"])


def _rounded(value, decimals: int = 1):
    """Descriptors to the precision they mean something at; a missing value stays missing."""
    return None if value is None or pd.isna(value) else round(float(value), decimals)


def peer_table(code: str, peers: pd.DataFrame, departements: pd.DataFrame, status: pd.DataFrame,
               measures: pd.DataFrame, year: int = YEAR) -> pd.DataFrame:
    """The département, then its neighbours and comparable départements: descriptors, distance, and
    how many measures each describes in `year` (null when it did not answer)."""
    info = departements.set_index("code")
    st = status[status["year"] == year].set_index("code")["status"]
    offers = _offers(measures, year)
    mine = offers.get(code, set())
    rows = [(code, "self", None, None)]
    for kind in KINDS:
        part = peers[(peers["code"] == code) & (peers["kind"] == kind)].sort_values("rank")
        rows += [(r.peer, kind, r.distance, r.border_km) for r in part.itertuples()]
    out = []
    for peer, kind, distance, border in rows:
        answered = st.get(peer) in views.ANSWERED
        out.append({
            "code": peer,
            "Département": info.loc[peer, "name"],
            "kind": kind,
            "Lien": "Ce département" if kind == "self" else KINDS[kind],
            f"Statut {year}": fr.STATUS_LABELS.get(st.get(peer, "not_in_atlas")),
            f"Mesures décrites en {year}": len(offers.get(peer, set())) if answered else None,
            "Mesures en commun": len(offers.get(peer, set()) & mine) if answered and kind != "self" else None,
            **{label: _rounded(info.loc[peer, column]) for column, label in DESCRIPTORS.items()},
            "Distance (écarts-types)": _rounded(distance, 2),
            "Frontière commune (km)": _rounded(border, 0),
        })
    return pd.DataFrame(out)


def pistes(code: str, peers: pd.DataFrame, status: pd.DataFrame, measures: pd.DataFrame,
           catalog: pd.DataFrame, initiatives: pd.DataFrame, year: int = YEAR) -> pd.DataFrame:
    """For each measure the département does not describe in `year`: which neighbours and comparable
    départements do (among those that answered), their quote, and local examples with their cost.
    Most common among the peers first."""
    labels = {k: v for k, v in views.catalog_labels(catalog).items() if k != "other"}
    offers = _offers(measures, year)
    answered = _answered(status, year)
    groups = {kind: [p for p in peers_of(code, peers, kind) if p in answered] for kind in KINDS}
    every = list(dict.fromkeys(groups["neighbour"] + groups["comparable"]))
    page = measures[(measures["year"] == year) & (measures["source"] == "page")].set_index(["code", "measure"])
    rows = []
    for key, label in labels.items():
        if key in offers.get(code, set()):
            continue
        by = {kind: [p for p in members if key in offers.get(p, set())] for kind, members in groups.items()}
        doing = [p for p in every if key in offers.get(p, set())]
        examples = initiatives[initiatives["measure"] == key]
        rows.append({
            "measure": key,
            "Mesure": label,
            "neighbours": by["neighbour"],
            "Voisins qui la décrivent": len(by["neighbour"]),
            "Voisins ayant répondu": len(groups["neighbour"]),
            "comparables": by["comparable"],
            "Comparables qui la décrivent": len(by["comparable"]),
            "Comparables ayant répondu": len(groups["comparable"]),
            "Part des pairs (%)": 100 * len(doing) / len(every) if every else None,
            "quotes": [(p, views.short_quote(page.loc[(p, key), "evidence"], 140), int(page.loc[(p, key), "source_line"]))
                       for p in doing],
            "examples": [(r["territory"], r["title"], views.amount_text(r)) for _, r in examples.iterrows()],
        })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["Part des pairs (%)", "Mesure"], ascending=[False, True], na_position="last",
                             kind="stable").reset_index(drop=True)


def singular(code: str, peers: pd.DataFrame, status: pd.DataFrame, measures: pd.DataFrame,
             catalog: pd.DataFrame, year: int = YEAR) -> pd.DataFrame:
    """The reverse: measures the département describes that at most a third of its peers do."""
    labels = views.catalog_labels(catalog)
    offers = _offers(measures, year)
    answered = _answered(status, year)
    every = [p for p in dict.fromkeys(peers_of(code, peers, "neighbour") + peers_of(code, peers, "comparable"))
             if p in answered]
    rows = []
    for key in sorted(offers.get(code, set()) - {"other"}, key=list(labels).index):
        doing = [p for p in every if key in offers.get(p, set())]
        if every and len(doing) <= RARE_SHARE * len(every):
            rows.append({"measure": key, "Mesure": labels[key], "Pairs qui la décrivent": len(doing),
                         "Pairs ayant répondu": len(every), "peers": doing})
    return pd.DataFrame(rows, columns=["measure", "Mesure", "Pairs qui la décrivent", "Pairs ayant répondu", "peers"])


def pistes_export(pistes_frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The CSV of the pistes: numbers as numbers, codes joined with "|", names beside them."""
    def joined(codes):
        return "|".join(codes)

    return pd.DataFrame({
        "measure": pistes_frame["measure"],
        "Mesure": pistes_frame["Mesure"],
        "Voisins qui la décrivent": pistes_frame["Voisins qui la décrivent"],
        "Voisins ayant répondu": pistes_frame["Voisins ayant répondu"],
        "Comparables qui la décrivent": pistes_frame["Comparables qui la décrivent"],
        "Comparables ayant répondu": pistes_frame["Comparables ayant répondu"],
        "Part des pairs (%)": pistes_frame["Part des pairs (%)"].round(1),
        "codes_voisins": pistes_frame["neighbours"].map(joined),
        "codes_comparables": pistes_frame["comparables"].map(joined),
        "Départements qui la décrivent": [
            "|".join(names[p] for p in dict.fromkeys(list(n) + list(c)))
            for n, c in zip(pistes_frame["neighbours"], pistes_frame["comparables"])],
        "Exemples locaux (territoire : initiative, montant)": pistes_frame["examples"].map(
            lambda ex: "|".join(f"{t} : {title}, {amount}" for t, title, amount in ex)),
    })
