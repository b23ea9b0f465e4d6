"""A printable one- or two-page PDF brief of a département, made on the server with reportlab.

No browser and no network: the map is drawn from the département shapes directly, and the
font is Bitstream Vera, shipped inside reportlab. French typography: no-break spaces before
« : ; ! ? », inside guillemets and between thousands.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.graphics.shapes import Drawing, Polygon, String

from etl.vocabulary import CONFLICT_KINDS
from app_lib import fr, peers as peers_lib, views

NBSP = "\u00a0"  # Vera has no narrow no-break space: a full one it is
_FONTS = Path(reportlab.__file__).parent / "fonts"
pdfmetrics.registerFont(TTFont("Vera", str(_FONTS / "Vera.ttf")))
pdfmetrics.registerFont(TTFont("Vera-Bold", str(_FONTS / "VeraBd.ttf")))

BASE = ParagraphStyle("base", fontName="Vera", fontSize=8.5, leading=11, alignment=TA_LEFT)
SMALL = ParagraphStyle("small", parent=BASE, fontSize=7, leading=9)
H1 = ParagraphStyle("h1", parent=BASE, fontName="Vera-Bold", fontSize=16, leading=20, spaceAfter=2 * mm)
H2 = ParagraphStyle("h2", parent=BASE, fontName="Vera-Bold", fontSize=10.5, leading=14, spaceBefore=3 * mm,
                    spaceAfter=1.5 * mm, textColor=colors.HexColor("#084081"))


def typo(text: str) -> str:
    """French typography for a PDF line: no-break spaces where French puts them; XML-escaped."""
    text = str(text).replace(fr.NBSP, NBSP)
    text = re.sub(r"\s*([:;!?])(?=\s|$)", NBSP + r"\1", text)
    text = re.sub(r"«\s*", "«" + NBSP, text)
    text = re.sub(r"\s*»", NBSP + "»", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _p(text: str, style: ParagraphStyle = BASE) -> Paragraph:
    return Paragraph(typo(text), style)


def _table(frame: pd.DataFrame, widths: list[float]) -> Table:
    data = [[_p(c, SMALL) for c in frame.columns]] + [[_p(v, SMALL) for v in row] for row in frame.astype(str).values]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9e9e9e")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def neighbourhood_map(code: str, shapes: gpd.GeoDataFrame, neighbours: dict[str, str],
                      width: float = 62 * mm) -> Drawing:
    """The département (dark) and its neighbours (light, named), to scale."""
    around = shapes[shapes["code"].isin([code, *neighbours])]
    x0, y0, x1, y1 = around.total_bounds
    import math

    kx = math.cos(math.radians((y0 + y1) / 2))  # equirectangular, true at mid-latitude
    scale = width / max((x1 - x0) * kx, (y1 - y0))
    height = (y1 - y0) * scale
    drawing = Drawing(width, height)

    def at(x, y):
        return (x - x0) * kx * scale, (y - y0) * scale

    for c, geom in zip(around["code"], around.geometry):
        for poly in getattr(geom, "geoms", [geom]):
            points = [v for x, y in poly.exterior.coords for v in at(x, y)]
            fill = colors.HexColor("#084081") if c == code else colors.HexColor("#dfe6ee")
            drawing.add(Polygon(points, fillColor=fill, strokeColor=colors.HexColor("#4d4d4d"), strokeWidth=0.3))
    for c, geom in zip(around["code"], around.geometry):
        if c in neighbours:  # the name at a point inside the neighbour, kept inside the drawing
            x, y = at(*geom.representative_point().coords[0])
            drawing.add(String(min(max(x, 12), width - 12), y, neighbours[c], fontName="Vera", fontSize=5.5,
                               textAnchor="middle", fillColor=colors.HexColor("#1a1a1a")))
    return drawing


def build(code: str, departements: pd.DataFrame, shapes: gpd.GeoDataFrame, status: pd.DataFrame,
          measures: pd.DataFrame, units: pd.DataFrame, catalog: pd.DataFrame, conflicts: pd.DataFrame,
          capacity: pd.DataFrame, initiatives: pd.DataFrame, peers: pd.DataFrame, atlas_sha256: str,
          made: datetime.date | None = None) -> bytes:
    """The fiche in the web page's order: in brief, the measures, the peers and their pistes, then the rest."""
    info = departements.set_index("code").loc[code]
    names = dict(zip(departements["code"], departements["name"]))
    name, region = info["name"], info["region"]
    made = made or datetime.date.today()
    story = [_p(f"{name} ({code})", H1),
             _p(f"Région : {region} — population légale : {fr.number(info['population'])} habitants. "
                "Fiche tirée de l'Atlas de l'attractivité médicale des départements, 2019 vs 2022 "
                f"(J.-C. Grelier, Dr A. Reydellet), établie le {fr.date(made.isoformat())}.")]

    # 1. In brief, beside the map of its neighbours
    mine = status[status["code"] == code].set_index("year")
    brief = []
    for year in fr.YEARS:
        row = mine.loc[year]
        line = f" (ligne {int(row['source_line'])})" if pd.notna(row["source_line"]) else ""
        brief.append(_p(f"{year} : {fr.STATUS_LABELS[row['status']]}{line}"))
    compare = views.compare_years(code, measures, units, catalog, status, brief=True)
    brief += [_p(f"• {line}") for line in views.year_summary(compare)]
    neighbours = peers_lib.peers_of(code, peers, "neighbour")
    now = views.measure_count_comparison(code, departements, status, measures, 2022, neighbours)
    if now["departement"] is not None:
        brief.append(_p(
            f"En 2022 : {fr.plural(now['departement'], 'mesure décrite', 'mesures décrites')} ; moyenne "
            + (f"de ses voisins : {fr.number(now['neighbours'], 1)} ; " if now["neighbours"] is not None else "")
            + f"de sa région : {fr.number(now['region'], 1)} ; de la France : {fr.number(now['france'], 1)}."))
    header = Table([[neighbourhood_map(code, shapes, {c: names[c] for c in neighbours}),
                     [_p("En bref : de 2019 à 2022", H2), *brief]]], colWidths=[66 * mm, 110 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [Spacer(1, 2 * mm), header]

    # 2. The measures
    story.append(_p("Mesures 2019 et 2022 (pages de l'atlas)", H2))
    if compare.empty:
        story.append(_p("Aucune des douze mesures de l'atlas n'est décrite pour ce département."))
    else:
        story.append(_table(compare.drop(columns=["measure", "change"]), [38 * mm, 28 * mm, 55 * mm, 55 * mm]))
        story.append(_p("Chaque mesure est citée par la phrase de l'atlas qui l'énonce (début de la phrase), relue par "
                        "une personne ; le paragraphe complet est dans l'application (Fiche département) et dans la "
                        "table measure_texts.", SMALL))

    # 3. Peers and pistes
    story.append(_p("Voisins et départements comparables (2022)", H2))
    if not neighbours:
        story.append(_p("Département d'outre-mer : pas de voisin terrestre ; seuls les comparables sont donnés.", SMALL))
    around = peers_lib.peer_table(code, peers, departements, status, measures)
    shown = pd.DataFrame({
        "Département": around["Département"] + " (" + around["code"] + ")",
        "Lien": around["Lien"],
        "Mesures 2022": around["Mesures décrites en 2022"].map(lambda v: fr.number(v)),
        "En commun": around["Mesures en commun"].map(lambda v: fr.number(v)),
        "Densité (hab./km²)": around[peers_lib.DESCRIPTORS["density"]].map(fr.number),
        "Distance": around["Distance (écarts-types)"].map(lambda v: fr.number(v, 2)),
    })
    story.append(_table(shown, [50 * mm, 24 * mm, 22 * mm, 22 * mm, 30 * mm, 28 * mm]))
    story.append(_p("Comparables : les 5 départements les plus proches sur la population, la densité, la part de la "
                    "population dans les communes de moins de 2 000 habitants et la capacité de formation de la "
                    "région pour 100 000 habitants (centrées et réduites).", SMALL))
    story.append(_p("Pistes : ce que font ses pairs et qu'il ne décrit pas en 2022", H2))
    found = peers_lib.pistes(code, peers, status, measures, catalog, initiatives)
    common = found[found["Part des pairs (%)"].fillna(0) > 0] if not found.empty else found
    if common.empty:
        story.append(_p("Aucune mesure décrite par ses pairs ne manque à sa page 2022."))
    else:
        story.append(_table(pd.DataFrame({
            "Mesure": common["Mesure"],
            "Voisins": [f"{a} sur {b}" for a, b in zip(common["Voisins qui la décrivent"], common["Voisins ayant répondu"])],
            "Comparables": [f"{a} sur {b}" for a, b in zip(common["Comparables qui la décrivent"],
                                                           common["Comparables ayant répondu"])],
            "Qui la décrit (ligne de l'atlas)": [", ".join(f"{names[p]} (l. {line})" for p, _, line in quotes)
                                                 for quotes in common["quotes"]],
            "Exemple local et coût": ["; ".join(f"{t} : {amount}" for t, _, amount in ex[:2]) or "–"
                                      for ex in common["examples"]],
        }), [40 * mm, 18 * mm, 22 * mm, 56 * mm, 40 * mm]))
        story.append(_p("Parmi les pairs ayant répondu en 2022. Une piste n'est pas une recommandation.", SMALL))
    rare = peers_lib.singular(code, peers, status, measures, catalog)
    if not rare.empty:
        story.append(_p("À l'inverse, peu de ses pairs font : " + " ; ".join(
            f"{r['Mesure']} ({r['Pairs qui la décrivent']} sur {r['Pairs ayant répondu']})" for _, r in rare.iterrows()) + "."))

    # 4. The rest
    mine_conflicts = conflicts[conflicts["code"] == code]
    if not mine_conflicts.empty:
        labels = views.catalog_labels(catalog)
        for kind, group in mine_conflicts.groupby("kind", sort=False):
            listed = "; ".join(
                f"{labels[r.measure]} ({'cochée dans le tableau, ligne ' + str(r.table_line) if r.in_summary_table else 'décrite sur la page, ligne ' + str(r.page_line)})"
                for r in group.itertuples())
            story.append(_p(f"Tableau résumé 2022 et page en désaccord — {CONFLICT_KINDS[kind]} : {listed}.", SMALL))

    story.append(_p("Capacités de formation des subdivisions de la région", H2))
    regional = views.region_capacities(capacity, region)
    if regional.empty:
        story.append(_p("La région n'a pas de subdivision universitaire propre dans l'atlas."))
    else:
        story.append(_table(regional, [40 * mm, 50 * mm, 25 * mm, 25 * mm]))

    story.append(_p("Initiatives locales", H2))
    local = views.initiatives_for(code, initiatives)
    if local.empty:
        story.append(_p("Aucune initiative locale recensée dans les documents conservés pour ce département."))
    else:
        table = views.initiatives_table(local, catalog)[["Territoire", "Initiative", "Montant", "Engagement", "Dates"]]
        story.append(_table(table, [32 * mm, 62 * mm, 32 * mm, 24 * mm, 26 * mm]))

    story.append(_p("Sources", H2))
    story.append(_p("Atlas de l'attractivité médicale des départements, 2019 vs 2022, texte extrait du PDF "
                    f"(data/raw/atlas_attractivite_medicale_2019_2022.txt, sha256 {atlas_sha256[:12]}…) : "
                    "les numéros de ligne renvoient à ce fichier.", SMALL))
    # One line per local document with the lines its facts come from (the quotes are in the app and the table).
    for title, group in local.groupby("source_title", sort=False):
        about = ", ".join(v for v in (group["source_publisher"].iloc[0], group["source_date"].iloc[0]) if isinstance(v, str))
        lines = ", ".join(str(n) for n in sorted(set(group["source_line"])))
        story.append(_p(f"{title}{f' ({about})' if about else ''} : lignes {lines}.", SMALL))
    story.append(_p("Contours : IGN ADMIN EXPRESS (Licence Ouverte 2.0) ; populations : INSEE (Licence Ouverte 2.0).", SMALL))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=14 * mm,
                                 bottomMargin=14 * mm, title=f"Fiche {name} ({code})", author="Atlas de l'attractivité médicale",
                                 lang="fr-FR", invariant=True)
    document.build(story)
    return buffer.getvalue()
