"""The data-quality report: what was built, what the atlas gets wrong, what we could not fill.

Printed at the end of `python -m etl` (short form) and written beside the data as
``quality_report.md`` (long form), so a researcher sees the gaps before using the numbers.
"""

from __future__ import annotations

import re

import pandas as pd

from etl import atlas_fixes
from etl.vocabulary import CONFLICT_KINDS, STATUSES


def _counts(build) -> list[str]:
    return [f"- `{name}`: {len(frame)} lignes" for name, frame in build.tables.items()]


def _status_table(status: pd.DataFrame) -> list[str]:
    pivot = status.pivot_table(index="status", columns="year", values="code", aggfunc="count", fill_value=0)
    pivot = pivot.reindex([s for s in STATUSES if s in pivot.index])
    lines = ["| statut | 2019 | 2022 |", "|---|---:|---:|"]
    lines += [f"| {s} ({STATUSES[s]}) | {row.get(2019, 0)} | {row.get(2022, 0)} |" for s, row in pivot.iterrows()]
    return lines


def _front_matter_claims(atlas) -> list[str]:
    """The atlas's own headline counts ("66/100 ..."), to compare with ours."""
    out = []
    for line in atlas.lines[:200]:
        found = re.search(r"\*\*(\d+/\d+)\*\* (.+)$", line.stripped)
        if found:
            out.append(f"- ligne {line.number} : « {found.group(1)} {found.group(2)} »")
    return out


def table_name(table) -> str:
    return table.region or "sans titre de région : " + ", ".join(r.name.title() for r in table.rows)


def _reading_lines(entry) -> list[str]:
    out = [f"**{table_name(entry['table'])}** (en-tête ligne {entry['header_line']})", "",
           "| lecture | score | retenue |", "|---|---:|---|"]
    for i, r in enumerate(entry["readings"]):
        out.append(f"| {r['reading'].name} | {r['score']:+d} ({r['both']} / {r['only_one']}) | {'oui' if i == 0 else ''} |")
    return out + [""]


def _pct(value) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def _review_section(scores: dict) -> list[str]:
    lines = [
        "## Étiquettes : relecture humaine et qualité des règles",
        f"{scores['reviewed']} phrases relues sur {scores['total']} (data/raw/measure_reviews.csv) ; la relecture a changé "
        f"l'étiquette proposée par les règles (mesures ou négation) pour {scores['changed']} d'entre elles.",
        "",
        "Précision, rappel et F1 des règles par mots-clés (etl/vocabulary.py) contre la relecture, par phrase et par "
        "page (département × année) :",
        "",
        "| mesure | phrases : précision | rappel | F1 | (VP / FP / FN) | pages : précision | rappel | F1 |",
        "|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for u, p in zip(scores["units"], scores["pages"]):
        lines.append(f"| {u['measure']} | {_pct(u['precision'])} | {_pct(u['recall'])} | {_pct(u['f1'])} | "
                     f"{u['tp']} / {u['fp']} / {u['fn']} | {_pct(p['precision'])} | {_pct(p['recall'])} | {_pct(p['f1'])} |")
    return lines


def report(build) -> str:
    t = build.tables
    f = build.facts
    atlas = f["atlas"]
    status = t["survey_status"]
    lines = [
        "# Rapport de qualité des données",
        "",
        f"Source : `{atlas.path.name}` ({atlas.line_count} lignes, sha256 `{atlas.sha256}`).",
        "",
        "## Tables publiées",
        *_counts(build),
        "",
        "## Statut de réponse par année",
        *_status_table(status),
        "",
        "Chiffres annoncés par l'atlas lui-même (page de sommaire), pour comparaison :",
        *_front_matter_claims(atlas),
        "",
        f"Nos comptes 2022 : {int(((status.year == 2022) & status.status.isin(['measures', 'no_measures', 'empty'])).sum())} "
        f"départements ont une page 2022 renseignée ou vide (hors non-réponse), dont "
        f"{int(((status.year == 2022) & (status.status == 'measures')).sum())} décrivent des mesures.",
        "",
        "## Pages par région",
        *[f"- {region} : {n} pages" for region, n in f["page_counts"].items()],
        "",
        "## Erreurs de l'atlas corrigées (déclarées dans `etl/atlas_fixes.py`)",
        *[f"- {fix.kind} {', '.join(fix.codes)} : {fix.evidence}" for fix in atlas_fixes.FIXES],
        "",
        "## Attributions à signaler",
        *[f"- {r.code} {r.year} ({'ligne ' + str(r.source_line) if pd.notna(r.source_line) else 'sans ligne'}) : {r.note}"
          for r in status.itertuples() if isinstance(r.note, str)],
        "",
        "## Puces dupliquées par l'extraction (retirées)",
        *[f"- {code} {year} : lignes {', '.join(map(str, lost))}" for (code, year), lost in sorted(f["dropped_duplicates"].items())],
        "",
        *_review_section(f["rule_scores"]),
        "",
        "## Tableaux résumés 2022 : lecture des colonnes",
        "Chaque lecture possible des colonnes est comparée aux pages 2022 relues : score = mesures données par le "
        "tableau et la page − mesures données par une seule des deux sources (entre parenthèses : les deux nombres). "
        "La meilleure lecture est retenue ; les cases où les deux meilleures diffèrent sont publiées comme incertaines.",
        "",
        *[line for entry in f["readings"] for line in _reading_lines(entry)],
        "",
        "Lignes de ratio ignorées (ce ne sont pas des départements) : "
        + ", ".join(f"« {text} » (ligne {n})" for tb in f["tables"] for n, text in tb.skipped),
        "",
        "## Contradictions tableau / page (2022)",
        f"{len(t['conflicts'])} couples (département, mesure) en désaccord, pour "
        f"{t['conflicts']['code'].nunique()} départements. Détail : table `conflicts`.",
        *[f"- {CONFLICT_KINDS[k]} : {n}" for k, n in t["conflicts"]["kind"].value_counts().items()],
        "",
        "## Capacités de formation : lacunes",
    ]
    cap = t["training_capacity"]
    lines += [f"- {r.subdivision} {r.year} {r.discipline} : {r.note}" for r in cap[cap["capacity"].isna()].itertuples()]
    lines += [f"- {r.subdivision} {r.year} {r.discipline} : {r.note}" for r in cap[cap["repeats_line"].notna()].itertuples()]
    headerless = cap[cap["note"].fillna("").str.startswith("bloc sans en-tête")]
    lines += [f"- {r.subdivision} {r.year} : {r.note}" for r in headerless.drop_duplicates(["subdivision", "year"]).itertuples()]
    regions_2022 = set(cap.loc[cap["year"] == 2022, "region"])
    lines += [f"- {region} : aucun bloc 2022 dans l'atlas" for region in sorted(set(cap["region"]) - regions_2022)]
    lines += ["", *_peers_section(t["departements"], t["peers"])]
    return "\n".join(lines) + "\n"


def _peers_section(departements: pd.DataFrame, peers: pd.DataFrame) -> list[str]:
    near = peers[peers["kind"] == "neighbour"]
    alone = sorted(set(departements["code"]) - set(near["code"]))
    return [
        "## Descripteurs et départements pairs",
        f"{len(near) // 2} frontières communes ; sans voisin : {', '.join(alone)}. "
        f"{peers.loc[peers['kind'] == 'comparable', 'code'].nunique()} départements ont leurs comparables.",
        "Capacité de formation pour 100 000 habitants vide ou partagée :",
        *[f"- {r.code} : {r.capacity_note}" for r in departements.itertuples() if isinstance(r.capacity_note, str)],
    ]


def summary(build) -> str:
    t = build.tables
    status = t["survey_status"]
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in t.items())
    by_year = status.groupby(["year", "status"]).size()
    parts = [f"{year}: " + ", ".join(f"{s} {n}" for s, n in by_year[year].items()) for year in (2019, 2022)]
    cap = t["training_capacity"]
    return "\n".join([
        "Data quality",
        f"  rows: {counts}",
        *[f"  status {p}" for p in parts],
        f"  notes on page assignment: {int(status['note'].map(lambda n: isinstance(n, str)).sum())}",
        f"  duplicated bullets dropped: {sum(len(v) for v in build.facts['dropped_duplicates'].values())} lines",
        f"  2022 table/page conflicts: {len(t['conflicts'])} in {t['conflicts']['code'].nunique()} départements",
        f"  capacity values not given by the atlas: {int(cap['capacity'].isna().sum())}; "
        f"repeated (Corsica poles): {int(cap['repeats_line'].notna().sum())}",
        f"  peers: {int((t['peers']['kind'] == 'neighbour').sum()) // 2} shared borders; capacity_per_100k null for "
        + ", ".join(t["departements"].loc[t["departements"]["capacity_per_100k"].isna(), "code"]),
        "  full report: quality_report.md beside the data",
    ])
