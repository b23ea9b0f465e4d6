"""Derived views of the published tables, as plain pandas (no Streamlit): tested directly.

Conventions kept everywhere:
* a measure "offered" in a year comes from the département pages, the same method for
  2019 and 2022 (the 2022 summary table is shown beside it, never mixed in silently);
* a département that did not answer, or is not in the atlas, is never counted as
  "no measure": it is its own category, and it stays out of the denominators of shares.
"""

from __future__ import annotations

import html

import pandas as pd

from app_lib import fr
from etl import capacities
from etl.vocabulary import CONFLICT_KINDS

# Answered the survey: described measures, or said it has none. An empty box is not an answer we can read.
ANSWERED = ("measures", "no_measures")
# Map categories for the status of a département, in legend order.
STATUS_CATEGORIES = {
    "no_measures": "Aucune mesure (a répondu)",
    "empty": "Rubrique vide",
    "no_response": "Pas de réponse à l'enquête",
    "not_in_atlas": "Absent de l'atlas",
}
COUNT_BINS = ((1, 2, "1 à 2 mesures"), (3, 4, "3 à 4 mesures"), (5, 6, "5 à 6 mesures"), (7, 12, "7 mesures ou plus"))
OFFERS = "Propose la mesure"
OUTSIDE = "Mesures hors des 12 catégories"
NOT_OFFERED = "Ne la propose pas (a répondu)"


def catalog_labels(catalog: pd.DataFrame) -> dict[str, str]:
    """The atlas's twelve measures and `other`, in display order (local sub-types left out)."""
    atlas = catalog[catalog["parent"].isna()].sort_values("display_order")
    return dict(zip(atlas["measure"], atlas["label"]))


def subtype_labels(catalog: pd.DataFrame) -> dict[str, str]:
    local = catalog[catalog["parent"].notna()].sort_values("display_order")
    return dict(zip(local["measure"], local["label"]))


def departement_of(code: str, departements: pd.DataFrame) -> str:
    """The name after "de" in a sentence ("la fiche d'Eure-et-Loir", "du Loiret"): French elides or adds
    an article as INSEE's TNCC (column `tncc`) says; without that column, the plain "de"."""
    row = departements.loc[departements["code"] == code].iloc[0]
    return fr.of_departement(row["name"], row["tncc"] if "tncc" in departements.columns else None)


def measure_sets(measures: pd.DataFrame, year: int, source: str = "page") -> dict[str, list[str]]:
    """code -> measure keys offered in `year` according to `source`."""
    rows = measures[(measures["year"] == year) & (measures["source"] == source)]
    return rows.groupby("code")["measure"].apply(list).to_dict()


def map_frame(departements: pd.DataFrame, status: pd.DataFrame, measures: pd.DataFrame, catalog: pd.DataFrame,
              year: int, measure: str | None = None) -> pd.DataFrame:
    """One row per département with its map category and the hover text (pages, same method both years)."""
    labels = catalog_labels(catalog)
    order = list(labels)
    st = status[status["year"] == year].set_index("code")["status"]
    sets = measure_sets(measures, year)
    quotes = {}
    if measure is not None:
        chosen = measures[(measures["year"] == year) & (measures["source"] == "page") & (measures["measure"] == measure)]
        quotes = {r.code: (r.evidence, int(r.source_line)) for r in chosen.itertuples()}
    rows = []
    for code, name, region in departements[["code", "name", "region"]].itertuples(index=False):
        s = st.get(code, "not_in_atlas")
        keys = sorted(sets.get(code, []), key=order.index)
        if measure is not None:
            category = OFFERS if measure in keys else NOT_OFFERED if s in ANSWERED else STATUS_CATEGORIES[s]
        elif keys:
            category = next(label for lo, hi, label in COUNT_BINS if lo <= len(keys) <= hi)
        else:
            category = OUTSIDE if s == "measures" else STATUS_CATEGORIES[s]
        rows.append({
            "code": code,
            "name": name,
            "region": region,
            "status": s,
            "status_label": fr.STATUS_LABELS[s],
            "n_measures": len(keys) if s in ANSWERED else None,
            "measures": ", ".join(labels[k] for k in keys) if keys else "–",
            "measure_keys": keys,
            "measure_labels": [labels[k] for k in keys],
            "quote": short_quote(quotes[code][0], 110) if code in quotes else None,
            "quote_line": quotes[code][1] if code in quotes else None,
            "hover": hover_measures(keys, labels, quotes.get(code)),
            "category": category,
        })
    return pd.DataFrame(rows).astype({"n_measures": "Int64", "quote_line": "Int64"})


def hover_measures(keys: list[str], labels: dict[str, str], quote: tuple[str, int] | None = None) -> str:
    """Hover text: one measure per line, or the quote that states the chosen measure.

    Plotly reads hover text as HTML: every piece from the data is escaped."""
    if quote is not None:
        return f"« {html.escape(short_quote(quote[0], 110))} » (ligne {quote[1]})"
    return "<br>".join(html.escape(labels[k]) for k in keys) if keys else "–"


def map_categories(measure: str | None) -> list[str]:
    """All legend categories, in order (also those absent from the data, so colours stay fixed)."""
    if measure is None:
        head = [label for *_, label in reversed(COUNT_BINS)] + [OUTSIDE]
    else:
        head = [OFFERS, NOT_OFFERED]
    return head + [v for k, v in STATUS_CATEGORIES.items() if not (measure and k == "no_measures")]


# ---------------------------------------------------------------------------------------
# Fiche département


def short_quote(text: str, limit: int = 160) -> str:
    """The start of a quote, cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def ended_units(code: str, units: pd.DataFrame) -> pd.DataFrame:
    """Units of a département that say a measure is absent or has ended."""
    mine = units[(units["code"] == code) & units["negation"]]
    return mine[["year", "measures", "text", "source_line"]]


CHANGES = {  # compare_years' "Évolution" values, in the order the summary lists them
    "kept": "maintenue",
    "added": "ajoutée en 2022",
    "unknown_2019": "décrite en 2022 (pas de réponse lisible en 2019)",
    "ended": "arrêtée en 2022",
    "not_described": "non décrite en 2022",
    "unknown_2022": "décrite en 2019 (pas de réponse lisible en 2022)",
    "absent": "déclarée absente",
}


SUMMARY_HEADINGS = {
    "kept": "Maintenues",
    "added": "Nouvelles en 2022",
    "unknown_2019": "Décrites en 2022, sans réponse lisible en 2019",
    "ended": "Arrêtées en 2022",
    "not_described": "Non décrites en 2022",
    "unknown_2022": "Décrites en 2019, sans réponse lisible en 2022",
    "absent": "Déclarées absentes",
}


def compare_years(code: str, measures: pd.DataFrame, units: pd.DataFrame, catalog: pd.DataFrame,
                  status: pd.DataFrame, brief: bool = False, lines: bool = False) -> pd.DataFrame:
    """Measures kept, added or no longer described between 2019 and 2022 (pages), each year with the
    short quote of the sentence that states it and its atlas line.

    A measure missing from the 2022 page is "non décrite en 2022", not "abandonnée": only a sentence
    saying so ("met fin", "n'est plus") makes it "arrêtée". A year the département did not answer (or
    left empty) says nothing: a measure is then neither "added" nor "no longer described".
    `brief` shortens the quotes (printed fiche); `lines` adds the cited lines as numbers ("Ligne 2019",
    "Ligne 2022") and leaves a missing quote empty (CSV)."""
    labels = catalog_labels(catalog)
    page = measures[(measures["code"] == code) & (measures["source"] == "page")]
    ended = ended_units(code, units)
    mine = status[status["code"] == code].set_index("year")["status"]
    answered = {y: mine.get(y) in ANSWERED for y in fr.YEARS}
    rows = []
    for key, label in labels.items():
        if key == "other":
            continue
        years = {y: page[(page["year"] == y) & (page["measure"] == key)] for y in fr.YEARS}
        stops = {y: ended[(ended["year"] == y) & ended["measures"].map(lambda ms: key in ms)] for y in fr.YEARS}
        present = {y: not years[y].empty for y in fr.YEARS}
        if not any(present.values()) and all(stops[y].empty for y in fr.YEARS):
            continue
        if all(present.values()):
            change = "kept"
        elif present[2022]:
            change = "added" if answered[2019] else "unknown_2019"
        elif not stops[2022].empty:
            change = "ended"
        elif present[2019]:
            change = "not_described" if answered[2022] else "unknown_2022"
        else:
            change = "absent"
        text = CHANGES[change]
        if change == "ended":
            text += f" (ligne {int(stops[2022]['source_line'].iloc[0])})"
        row = {"measure": key, "change": change, "Mesure": label, "Évolution": text}
        for y in fr.YEARS:
            line = None
            if present[y]:
                found = years[y].iloc[0]
                quote = short_quote(found["evidence"], 90 if brief else 220)
                line = int(found["source_line"])
                text = f"« {quote} » (ligne {line})"
                if isinstance(found["note"], str):
                    text += f" — {found['note']}"
            elif not stops[y].empty:
                stop = stops[y].iloc[0]
                line = int(stop["source_line"])
                text = f"non : « {short_quote(stop['text'], 90 if brief else 220)} » (ligne {line})"
            else:
                text = None if lines else "–"
            row[str(y)] = text
            row[f"Ligne {y}"] = line
        rows.append(row)
    columns = ["measure", "change", "Mesure", "Évolution", "2019", "2022"]
    if not lines:
        return pd.DataFrame(rows, columns=columns)
    return pd.DataFrame(rows, columns=columns + ["Ligne 2019", "Ligne 2022"]).astype(
        {"Ligne 2019": "Int64", "Ligne 2022": "Int64"})


def year_summary(compare: pd.DataFrame) -> list[str]:
    """The 2019 → 2022 story in short French lines, one per kind of change (the top of the fiche)."""
    summary = []
    for change, heading in SUMMARY_HEADINGS.items():
        chosen = compare.loc[compare["change"] == change, "Mesure"].tolist()
        if chosen:
            summary.append(f"{heading} ({len(chosen)}) : {', '.join(chosen)}")
    return summary


def other_units(code: str, units: pd.DataFrame) -> pd.DataFrame:
    """Sentences that describe another action of the département (outside the twelve measures)."""
    mine = units[(units["code"] == code) & ~units["negation"]]
    keep = mine["measures"].map(lambda ms: list(ms) == ["other"]).astype(bool)
    return mine.loc[keep, ["year", "text", "source_line"]]


def page_paragraphs(code: str, texts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The full paragraphs of a département's page for one year, in atlas order."""
    mine = texts[(texts["code"] == code) & (texts["year"] == year)].sort_values("position")
    return mine[["source_line", "text"]]


def conflicts_table(conflicts: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Disagreements between the 2022 summary table and the page, with their kind, for display."""
    return conflicts.assign(
        Mesure=conflicts["measure"].map(labels),
        Nature=conflicts["kind"].map(CONFLICT_KINDS),
        **{"Tableau résumé": conflicts["in_summary_table"].map({True: "cochée", False: "non cochée"}),
           "Page": conflicts["on_page"].map({True: "décrite", False: "non décrite"})},
    )[["Mesure", "Nature", "Tableau résumé", "Page", "table_line", "page_line"]].rename(
        columns={"table_line": "Ligne du tableau", "page_line": "Ligne de la page"}).reset_index(drop=True)


def offer_rates(status: pd.DataFrame, measures: pd.DataFrame, year: int, codes: list[str] | None = None) -> pd.Series:
    """Share of answering départements offering each measure (pages), among `codes` if given."""
    answered = status[(status["year"] == year) & status["status"].isin(ANSWERED)]["code"]
    if codes is not None:
        answered = answered[answered.isin(codes)]
    n = len(answered)
    page = measures[(measures["year"] == year) & (measures["source"] == "page") & measures["code"].isin(answered)]
    counts = page.groupby("measure")["code"].nunique()
    return (counts / n) if n else counts.astype(float)


def measure_counts(status: pd.DataFrame, measures: pd.DataFrame, year: int) -> pd.Series:
    """Number of measures described (pages) by each département that answered in `year`."""
    answered = status[(status["year"] == year) & status["status"].isin(ANSWERED)]["code"]
    page = measures[(measures["year"] == year) & (measures["source"] == "page")]
    return page.groupby("code")["measure"].nunique().reindex(answered, fill_value=0)


def mean_measures(codes: list[str], status: pd.DataFrame, measures: pd.DataFrame, year: int) -> float | None:
    """Mean number of measures among `codes` that answered; None when none did."""
    counts = measure_counts(status, measures, year)
    chosen = counts[counts.index.isin(codes)]
    return float(chosen.mean()) if len(chosen) else None


def measure_count_comparison(code: str, departements: pd.DataFrame, status: pd.DataFrame,
                             measures: pd.DataFrame, year: int, neighbours: list[str] = ()) -> dict:
    """Number of measures of the département vs the mean of its neighbours, its region and France
    (départements that answered only)."""
    counts = measure_counts(status, measures, year)
    region = departements.set_index("code").loc[code, "region"]
    in_region = departements.loc[departements["region"] == region, "code"]
    return {
        "departement": int(counts[code]) if code in counts.index else None,
        "neighbours": mean_measures(list(neighbours), status, measures, year),
        "region": mean_measures(list(in_region), status, measures, year),
        "france": float(counts.mean()) if len(counts) else None,
        "region_name": region,
        "n_neighbours": int(counts.index.isin(list(neighbours)).sum()),
        "n_region": int(counts.index.isin(in_region).sum()),
        "n_france": int(len(counts)),
    }


# ---------------------------------------------------------------------------------------
# Training capacities


def capacity_changes(capacity: pd.DataFrame, discipline: str) -> pd.DataFrame:
    """Per subdivision: 2018, 2022, absolute and % change; Corsica's repeated poles left out."""
    own = capacity[capacity["repeats_line"].isna() & capacity["pole"].isna() & (capacity["discipline"] == discipline)]
    wide = own.pivot_table(index=["region", "subdivision"], columns="year", values="capacity", aggfunc="first")
    wide = wide.reindex(columns=list(fr.CAPACITY_YEARS))
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.reset_index()
    for y in ("2018", "2022"):
        if y not in wide:
            wide[y] = pd.NA
    wide["evolution"] = wide["2022"] - wide["2018"]
    wide["evolution_pct"] = 100 * wide["evolution"] / wide["2018"]
    return wide.sort_values(["region", "subdivision"]).reset_index(drop=True)


def capacity_population(region: str, departements: pd.DataFrame) -> float | None:
    """Population covered by a region of the capacity tables (None when no département matches).

    The atlas names one subdivision after three regions, "Guadeloupe, Martinique, Guyane"
    (its table has no region title of its own); it covers the three départements."""
    covered = departements[departements["region"].isin(region.split(", "))]
    return float(covered["population"].sum()) if len(covered) else None


def capacity_per_population(capacity: pd.DataFrame, departements: pd.DataFrame, discipline: str) -> pd.DataFrame:
    """Capacity per 100 000 inhabitants of the region (current population for both years).

    The ETL's own computation (it also feeds the départements' capacity_per_100k), so the page and
    the table cannot disagree; Antilles-Guyane is per the three départements it serves."""
    return capacities.per_population(capacity, departements, discipline, fr.CAPACITY_YEARS)


def region_capacities(capacity: pd.DataFrame, region: str) -> pd.DataFrame:
    """The region's own subdivisions, one row per (subdivision, discipline), 2018 and 2022 side by side."""
    own = capacity[(capacity["region"] == region) & capacity["repeats_line"].isna()]
    order = {d: i for i, d in enumerate(fr.DISCIPLINE_LABELS)}
    wide = own.pivot_table(index=["subdivision", "discipline"], columns="year", values="capacity", aggfunc="first")
    wide = wide.reset_index()
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.sort_values(["subdivision", "discipline"], key=lambda c: c.map(order) if c.name == "discipline" else c)
    return pd.DataFrame({
        "Subdivision": wide["subdivision"],
        "Discipline": wide["discipline"].map(fr.DISCIPLINE_LABELS),
        **{y: wide[y].map(fr.number) if y in wide else "–" for y in map(str, fr.CAPACITY_YEARS)},
    })


def comparable(discipline: str) -> bool:
    return discipline in ("chirurgie", "specialites_medicales", "dont_medecine_generale")


# ---------------------------------------------------------------------------------------
# Diffusion of measures


def diffusion(status: pd.DataFrame, measures: pd.DataFrame, catalog: pd.DataFrame,
              departements: pd.DataFrame) -> pd.DataFrame:
    """For each measure: départements offering it in 2019 and 2022 (pages), gains, losses, population share."""
    labels = catalog_labels(catalog)
    population = departements.set_index("code")["population"]
    total_population = population.sum()
    both_answered = set(status[(status["year"] == 2019) & status["status"].isin(ANSWERED)]["code"]) & set(
        status[(status["year"] == 2022) & status["status"].isin(ANSWERED)]["code"])
    rows = []
    for key, label in labels.items():
        if key == "other":
            continue
        offer = {y: set(measures[(measures["year"] == y) & (measures["source"] == "page")
                                 & (measures["measure"] == key)]["code"]) for y in fr.YEARS}
        rows.append({
            "measure": key,
            "Mesure": label,
            "2019": len(offer[2019]),
            "2022": len(offer[2022]),
            "Gains": len((offer[2022] - offer[2019]) & both_answered),
            "Pertes": len((offer[2019] - offer[2022]) & both_answered),
            "Population 2022 (%)": 100 * population.reindex(sorted(offer[2022])).sum() / total_population,
        })
    return pd.DataFrame(rows)


def diffusion_by_region(status: pd.DataFrame, measures: pd.DataFrame, catalog: pd.DataFrame,
                        departements: pd.DataFrame, year: int) -> pd.DataFrame:
    """Share (%) of a region's answering départements offering each measure; NaN when none answered."""
    labels = {k: v for k, v in catalog_labels(catalog).items() if k != "other"}
    region_of = departements.set_index("code")["region"]
    answered = status[(status["year"] == year) & status["status"].isin(ANSWERED)]["code"]
    n = answered.map(region_of).value_counts()
    page = measures[(measures["year"] == year) & (measures["source"] == "page") & measures["code"].isin(answered)]
    counts = page.assign(region=page["code"].map(region_of)).groupby(["region", "measure"])["code"].nunique()
    regions = sorted(departements["region"].unique())
    grid = pd.DataFrame(index=regions, columns=list(labels), dtype=float)
    for region in regions:
        for key in labels:
            if n.get(region, 0):
                grid.loc[region, key] = 100 * counts.get((region, key), 0) / n[region]
    grid.columns = [labels[k] for k in grid.columns]
    return grid


def key_figures(status: pd.DataFrame, measures: pd.DataFrame, capacity: pd.DataFrame) -> dict:
    figures = {}
    for y in fr.YEARS:
        s = status[status["year"] == y]
        figures[y] = {
            "answered": int(s["status"].isin(ANSWERED).sum()),
            "with_measures": int((s["status"] == "measures").sum()),
            "no_response": int((s["status"] == "no_response").sum()),
            "total": int(len(s)),
        }
    own = capacity[capacity["repeats_line"].isna()]
    totals = own.groupby(["discipline", "year"])["capacity"].sum(min_count=1)
    figures["capacity"] = {d: {y: totals.get((d, y)) for y in fr.CAPACITY_YEARS} for d in own["discipline"].unique()}
    return figures


# ---------------------------------------------------------------------------------------
# Local initiatives, CLS toolkit, comparison


def initiatives_for(code: str, initiatives: pd.DataFrame) -> pd.DataFrame:
    return initiatives[initiatives["departement_codes"].map(lambda codes: code in list(codes))]


def amount_text(row) -> str:
    if row["amount"] is None or pd.isna(row["amount"]):
        return "–"
    kind = {"plafond": "jusqu'à ", "enveloppe": "enveloppe de "}.get(row["amount_kind"], "")
    return f"{kind}{fr.number(row['amount'])} {row['amount_unit']}"


def commitment_text(row) -> str:
    low, high = row["commitment_years_min"], row["commitment_years_max"]
    if pd.isna(low):
        return "–"
    if pd.isna(high):
        return f"au moins {int(low)} ans"
    return f"{int(low)} ou {int(high)} ans" if high != low else f"{int(low)} ans"


def dates_text(row) -> str:
    start, end = row["start_date"], row["end_date"]
    start = None if start is None or pd.isna(start) else start
    end = None if end is None or pd.isna(end) else end
    if start and end:
        return fr.date(start) if start == end else f"du {fr.date(start)} au {fr.date(end)}"
    if start:
        return f"depuis {'le ' if len(start) == 10 else ''}{fr.date(start)}"
    if end:
        return f"jusqu'{'au ' if len(end) == 10 else 'en '}{fr.date(end)}"
    return "non précisées"


def initiatives_table(initiatives: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Readable table of initiatives, with their source and the line the quote starts on."""
    labels = {**catalog_labels(catalog), **subtype_labels(catalog)}
    initiatives = initiatives.reset_index(drop=True)  # a filtered index would show as an empty first column
    return pd.DataFrame({
        "Territoire": initiatives["territory"],
        "Initiative": initiatives["title"],
        "Mesure": [labels[s] if isinstance(s, str) else labels[m]
                   for m, s in zip(initiatives["measure"], initiatives["subtype"])],
        "Montant": [amount_text(r) for _, r in initiatives.iterrows()],
        "Engagement": [commitment_text(r) for _, r in initiatives.iterrows()],
        "Dates": [dates_text(r) for _, r in initiatives.iterrows()],
        "Source": [source_text(r) for _, r in initiatives.iterrows()],
    })


def initiatives_data(initiatives: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """The initiatives as data for a CSV: amounts and commitment years as numbers, ISO dates, the source's
    line as a number, keys beside the French labels, the départements' codes as a list."""
    labels = {**catalog_labels(catalog), **subtype_labels(catalog)}
    rows = initiatives.reset_index(drop=True)
    return pd.DataFrame({
        "initiative_id": rows["initiative_id"],
        "Territoire": rows["territory"],
        "level": rows["level"],
        "departement_codes": rows["departement_codes"].map(list),
        "Initiative": rows["title"],
        "measure": rows["measure"],
        "subtype": rows["subtype"],
        "Mesure": [labels[s] if isinstance(s, str) else labels[m] for m, s in zip(rows["measure"], rows["subtype"])],
        "Montant": rows["amount"],
        "Unité du montant": rows["amount_unit"],
        "Nature du montant": rows["amount_kind"],
        "Engagement minimal (années)": rows["commitment_years_min"],
        "Engagement maximal (années)": rows["commitment_years_max"],
        "Début": rows["start_date"],
        "Fin": rows["end_date"],
        "Source": rows["source_title"],
        "Éditeur de la source": rows["source_publisher"],
        "Date de la source": rows["source_date"],
        "Document": rows["source_doc"],
        "Ligne de la citation": rows["source_line"],
        "Citation": rows["quote"],
    })


def source_text(row) -> str:
    """'Title (publisher, date), ligne N : « quote »', leaving out what the document does not say."""
    about = ", ".join(v for v in (row["source_publisher"], row["source_date"]) if isinstance(v, str))
    return f"{row['source_title']}{f' ({about})' if about else ''}, ligne {row['source_line']} : « {row['quote']} »"


def lever_overview(levers: pd.DataFrame, status: pd.DataFrame, measures: pd.DataFrame, catalog: pd.DataFrame,
                   initiatives: pd.DataFrame, departements: pd.DataFrame) -> list[dict]:
    """For each CLS lever: its atlas measures with the départements offering them, and local examples."""
    labels = {**catalog_labels(catalog), **subtype_labels(catalog)}
    names = dict(zip(departements["code"], departements["name"]))
    out = []
    for lever in levers.itertuples():
        rows = []
        for key in lever.measures:
            offer = {y: sorted(set(measures[(measures["year"] == y) & (measures["source"] == "page")
                                            & (measures["measure"] == key)]["code"])) for y in fr.YEARS}
            rows.append({
                "measure": key,
                "Mesure de l'atlas": labels[key],
                "Départements 2019": len(offer[2019]),
                "Départements 2022": len(offer[2022]),
                "Qui la propose en 2022": ", ".join(names[c] for c in offer[2022]) or "–",
            })
        keys = set(lever.measures)
        subtypes = set(lever.subtypes)
        examples = initiatives[initiatives["measure"].isin(keys) | initiatives["subtype"].isin(subtypes)]
        out.append({
            "lever": lever.lever, "label": lever.label, "text": lever.text, "line": lever.source_line,
            "measures": pd.DataFrame(rows, columns=["measure", "Mesure de l'atlas", "Départements 2019",
                                                    "Départements 2022", "Qui la propose en 2022"]),
            "examples": initiatives_table(examples, catalog),
            "initiatives": examples,
        })
    return out


def comparison_matrix(codes: list[str], departements: pd.DataFrame, status: pd.DataFrame, measures: pd.DataFrame,
                      catalog: pd.DataFrame, year: int) -> pd.DataFrame:
    """Measures (rows, key and label) × départements (columns): 'Oui' / 'Non' for those that answered, else
    their status."""
    labels = {k: v for k, v in catalog_labels(catalog).items() if k != "other"}
    names = dict(zip(departements["code"], departements["name"]))
    st = status[status["year"] == year].set_index("code")["status"]
    sets = measure_sets(measures, year)
    grid = {}
    for code in codes:
        s = st.get(code, "not_in_atlas")
        column = f"{names[code]} ({code})"
        if s in ANSWERED:
            grid[column] = ["Oui" if key in sets.get(code, []) else "Non" for key in labels]
        else:
            grid[column] = [fr.STATUS_LABELS[s]] * len(labels)
    return pd.DataFrame({"measure": list(labels), "Mesure": list(labels.values()), **grid})


# ---------------------------------------------------------------------------------------
# A visitor's own indicator (app_lib/indicator.py reads it), crossed with the atlas

NO_VALUE = "Pas de valeur"
LEFT_OUT = "Écarté (pas de réponse exploitable)"


def quantile_classes(values: pd.Series, k: int = 5) -> tuple[list[float], list[str]]:
    """Edges and French labels ("12,3 à 15,0") of up to `k` classes holding about as many départements
    each, highest first (the legend's order). Ties can merge classes; labels get the decimals they need
    to differ (at least three significant digits of the largest edge)."""
    known = values.dropna().astype(float)
    if known.empty:
        return [], []
    k = min(k, known.nunique())  # two values make two classes, not five
    edges = sorted(set(known.quantile([i / k for i in range(k + 1)]).tolist()))
    if len(edges) == 1:
        return edges, [fr.number(edges[0], _decimals(edges))]
    decimals = _decimals(edges)
    text = [fr.number(e, decimals) for e in edges]
    labels = [f"{text[i]} à {text[i + 1]}" for i in range(len(edges) - 1)]
    return edges, labels[::-1]


def _decimals(edges: list[float]) -> int:
    import math

    top = max(abs(e) for e in edges) or 1.0
    decimals = max(0, 2 - math.floor(math.log10(top)))
    while decimals < 6 and len({fr.number(e, decimals) for e in edges}) < len(edges):
        decimals += 1
    return decimals


def quantile_class(value: float, edges: list[float], labels: list[str]) -> str:
    """The class of one value: the first class includes its lower edge, every class its upper one."""
    if value is None or pd.isna(value):
        return NO_VALUE
    if len(edges) == 1:
        return labels[0]
    position = sum(value > e for e in edges[1:-1])  # classes (e0, e1], (e1, e2]…, the first closed
    return labels[::-1][position]


def indicator_frame(values: pd.DataFrame, departements: pd.DataFrame, status: pd.DataFrame,
                    measures: pd.DataFrame, catalog: pd.DataFrame, year: int) -> tuple[pd.DataFrame, list[str]]:
    """Every département with the visitor's value (NaN when the file has none), its map class, its survey
    status and number of measures in `year` (None when it did not answer); and the legend's classes."""
    frame = map_frame(departements, status, measures, catalog, year)
    frame["n_measures"] = frame["n_measures"].astype("Int64")  # a count, null when it did not answer
    frame["value"] = frame["code"].map(values.set_index("code")["value"]).astype("float64")
    edges, labels = quantile_classes(frame["value"])
    frame["category"] = [quantile_class(v, edges, labels) for v in frame["value"]]
    return frame, labels + [NO_VALUE]


def value_text(value: float) -> str:
    """A value of the file in French, as precise as it was given (up to three decimals)."""
    text = fr.number(value, 3)
    return text.rstrip("0").rstrip(",") if "," in text else text


def indicator_hover(frame: pd.DataFrame, unit: str, year: int) -> pd.DataFrame:
    """Map hover lines (HTML, escaped): the value with its unit, then the atlas's status and count."""
    unit_html = html.escape(unit)
    out = frame.copy()
    out["status_label"] = [
        "Pas de valeur dans votre fichier" if pd.isna(v) else f"Valeur : {value_text(v)} {unit_html}".strip()
        for v in frame["value"]]
    out["hover"] = [f"Atlas {year} : {html.escape(label)}" + ("" if pd.isna(n) else f", {fr.plural(int(n), 'mesure')} "
                    f"décrite{'s' if n > 1 else ''}") for label, n in zip(frame["status"].map(fr.STATUS_LABELS),
                                                                          frame["n_measures"])]
    return out


def status_counts(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Départements in each survey status of `year`, and how many of them have a value in the file."""
    rows = []
    for key, label in fr.STATUS_LABELS.items():
        mine = frame[frame["status"] == key]
        rows.append({f"Statut {year}": label, "Départements": len(mine),
                     "Avec une valeur": int(mine["value"].notna().sum()),
                     "Sur le graphique": int(mine["value"].notna().sum()) if key in ANSWERED else 0})
    return pd.DataFrame(rows)


def indicator_groups(frame: pd.DataFrame, measures: pd.DataFrame, measure: str, year: int) -> pd.DataFrame:
    """Départements with a value, in three groups: offer `measure` (its page in `year`), answered without
    it, or left out because they gave no readable answer (no answer, empty box, not in the atlas)."""
    offering = set(measures[(measures["year"] == year) & (measures["source"] == "page")
                            & (measures["measure"] == measure)]["code"])
    known = frame[frame["value"].notna()].copy()
    known["group"] = [OFFERS if c in offering else NOT_OFFERED if s in ANSWERED else LEFT_OUT
                      for c, s in zip(known["code"], known["status"])]
    return known[["code", "name", "status", "value", "group"]].reset_index(drop=True)


def group_summary(groups: pd.DataFrame) -> pd.DataFrame:
    """n, minimum, quartiles, median and maximum of each group (numbers; NaN when a group is empty).
    Quartiles interpolate linearly between ranks (pandas' and numpy's default)."""
    rows = []
    for group in (OFFERS, NOT_OFFERED, LEFT_OUT):
        values = groups.loc[groups["group"] == group, "value"]
        rows.append({"Groupe": group, "Départements": len(values), "Minimum": values.min(),
                     "Premier quartile": values.quantile(0.25), "Médiane": values.median(),
                     "Troisième quartile": values.quantile(0.75), "Maximum": values.max()})
    return pd.DataFrame(rows)
