"""Chart layouts that read at every width: wrapped text, row-following heights, A→Z regions."""

from __future__ import annotations

import pandas as pd

from app_lib import charts, views


def test_wrap_breaks_long_text_into_balanced_lines_and_keeps_every_word():
    text = "Aide à la formation des maîtres de stage (MSU)"
    lines = charts.wrap(text, 22).split("<br>")
    assert lines == ["Aide à la formation", "des maîtres de", "stage (MSU)"]
    assert all(len(line) <= 22 for line in lines)
    assert " ".join(lines) == text


def test_wrap_leaves_short_text_alone_and_keeps_french_punctuation_with_its_word():
    assert charts.wrap("Bretagne", 22) == "Bretagne"
    # a break never leaves ":" or "»" at the start of a line
    wrapped = charts.wrap("« Logement pour les internes » par département, 2019", 38, hyphens=False)
    assert wrapped == "«\u00a0Logement pour les internes\u00a0»<br>par département, 2019"


def test_wrap_breaks_after_hyphens_only_when_asked():
    assert charts.wrap("Provence-Alpes-Côte d'Azur", 15) == "Provence-Alpes-<br>Côte d'Azur"
    title = charts.wrap("Mesures proposées en 2022 : Eure-et-Loir, Loiret", 20, hyphens=False)
    assert title == "Mesures proposées en<br>2022\u00a0: Eure-et-Loir,<br>Loiret"  # the name stays whole


def test_french_order_ignores_accents():
    regions = ["Île-de-France", "Occitanie", "Auvergne-Rhône-Alpes", "Hauts-de-France"]
    assert charts.french_order(regions) == ["Auvergne-Rhône-Alpes", "Hauts-de-France", "Île-de-France", "Occitanie"]


def test_region_heatmap_rows_run_a_to_z_from_the_top_with_short_column_labels(tables):
    grid = views.diffusion_by_region(tables["survey_status"], tables["measures"], tables["measure_catalog"],
                                     tables["departements"], 2022)
    fig = charts.region_heatmap(grid, 2022)
    trace = fig.data[0]
    rows = [label.replace("<br>", " ").replace("- ", "-") for label in trace.y]
    assert rows[0] == "Auvergne-Rhône-Alpes" and rows[-1] == "Provence-Alpes-Côte d'Azur"
    assert rows.index("Île-de-France") == rows.index("Hauts-de-France") + 1
    assert fig.layout.yaxis.autorange == "reversed"  # first row drawn at the top
    assert all(len(label) <= 17 for label in trace.x)
    # every measure of the catalogue has its short label: a new one would fall back to its long name
    labels = views.catalog_labels(tables["measure_catalog"])
    assert {v for k, v in labels.items() if k != "other"} == set(charts.SHORT_MEASURE_LABELS)
    # the cell of Île-de-France / Soutien MSP carries the grid's own value
    row, col = rows.index("Île-de-France"), list(trace.x).index("Soutien MSP")
    assert trace.z[row][col] == grid.loc["Île-de-France", "Soutien aux maisons de santé (MSP)"]


def test_bar_heights_follow_the_rows_and_legends_sit_above_the_plot(tables):
    status = tables["survey_status"]
    fig = charts.status_bars(status)
    legend = fig.layout.legend
    assert legend.orientation == "h" and legend.yref == "container" and legend.yanchor == "top"
    legend_top = (1 - legend.y) * fig.layout.height  # px from the figure's top
    assert legend_top + charts.LEGEND_ROW_PX <= fig.layout.margin.t  # it ends above the plot area
    table = views.diffusion(status, tables["measures"], tables["measure_catalog"], tables["departements"])
    twelve = charts.diffusion_bars(table).layout.height
    six = charts.diffusion_bars(table.head(6)).layout.height
    assert twelve - six == 6 * 58
    # the longest bar keeps room for its label
    assert charts.diffusion_bars(table).layout.xaxis.range[1] >= 1.2 * max(table["2019"].max(), table["2022"].max())


def test_long_titles_wrap_and_leave_room_above_the_plot():
    fig = charts.compare_counts({"departement": 8, "neighbours": 4.8, "region": 5.2, "france": 3.7, "region_name": "Centre-Val de Loire"},
                                "Eure-et-Loir", 2022)
    assert "<br>" not in fig.layout.title.text
    matrix = pd.DataFrame({"Mesure": ["Logement pour les internes"], "Eure-et-Loir (28)": ["Oui"],
                           "Loir-et-Cher (41)": ["Non"]})
    title = "Mesures proposées en 2022 : Eure-et-Loir, Loiret, Loir-et-Cher, Indre-et-Loire"
    fig = charts.comparison_grid(matrix, title)
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) == 3 and all(len(line) <= charts.TITLE_CHARS for line in lines)
    assert fig.layout.margin.t >= charts.TOOLBAR_PX + 3 * charts.TITLE_LINE_PX
