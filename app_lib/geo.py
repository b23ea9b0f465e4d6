"""Map geometry for the browser: overseas départements moved into insets, light GeoJSON.

Shown in place, Guadeloupe or Mayotte are invisible specks at sea; the convention of
French maps is to draw them in boxes beside the mainland. The boxes sit in the Atlantic,
west of Brittany, each overseas département scaled to fill its box with its true shape.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import shapely
from shapely import affinity

# code -> (west, south) corner of its box, in degrees; boxes are BOX_H degrees tall.
BOX_H = 1.3
BOX_GAP = 0.25
BOX_W = BOX_H / math.cos(math.radians(46))  # square on screen at the boxes' latitude (Web Mercator)
_WEST = -9.9
INSETS: dict[str, tuple[float, float]] = {
    code: (_WEST, 49.6 - (i + 1) * BOX_H - i * BOX_GAP)
    for i, code in enumerate(("971", "972", "973", "974", "976"))
}
INSET_NAMES = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte"}
DECIMALS = 3


def _into_box(geom, box: tuple[float, float]):
    x0, y0, x1, y1 = geom.bounds
    lat_src, lat_dst = (y0 + y1) / 2, box[1] + BOX_H / 2
    # keep the true shape under Web Mercator: x shrinks with cos(latitude) at the source and target
    x_factor = math.cos(math.radians(lat_src)) / math.cos(math.radians(lat_dst))
    width, height = (x1 - x0) * x_factor, (y1 - y0)
    margin = 0.9
    scale = margin * min(BOX_W / width, BOX_H / height)
    moved = affinity.scale(geom, scale * x_factor, scale, origin=(x0, y0))
    mx0, my0, mx1, my1 = moved.bounds
    dx = box[0] + (BOX_W - (mx1 - mx0)) / 2 - mx0
    dy = box[1] + (BOX_H - (my1 - my0)) / 2 - my0
    return affinity.translate(moved, dx, dy)


def inset_frame(departements: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy with the overseas départements moved into their boxes."""
    out = departements[["code", "geometry"]].copy()
    out["geometry"] = [
        _into_box(g, INSETS[c]) if c in INSETS else g for c, g in zip(out["code"], out.geometry)
    ]
    return out


def box_outlines() -> list[tuple[list[float], list[float]]]:
    """(lons, lats) of each inset box's outline, for a line trace."""
    out = []
    for x0, y0 in INSETS.values():
        out.append(([x0, x0 + BOX_W, x0 + BOX_W, x0, x0], [y0, y0, y0 + BOX_H, y0 + BOX_H, y0]))
    return out


def web_geojson(departements: gpd.GeoDataFrame, tolerance: float | None = None) -> dict:
    """Compact GeoJSON: features keyed by `id` = code, coordinates rounded to ~100 m.

    `tolerance` (degrees) simplifies the whole coverage further, for background outlines."""
    framed = inset_frame(departements)
    geoms = framed.geometry.values
    if tolerance:
        geoms = shapely.coverage_simplify(geoms, tolerance)
    geoms = shapely.set_precision(geoms, 10.0 ** -DECIMALS)
    features = [
        {"type": "Feature", "id": code, "properties": {}, "geometry": json.loads(shapely.to_geojson(g))}
        for code, g in zip(framed["code"], geoms)
    ]
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(collection: dict) -> int:
    return len(json.dumps(collection, separators=(",", ":")).encode("utf-8"))


def centroids(departements: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """(lon, lat) of a point inside each département as drawn (insets included)."""
    framed = inset_frame(departements)
    return {c: (p.x, p.y) for c, p in zip(framed["code"], framed.geometry.representative_point())}
