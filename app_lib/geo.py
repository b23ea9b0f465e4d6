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


def _box_matrix(bounds: tuple[float, float, float, float], box: tuple[float, float]) -> list[float]:
    """The affine map [a, b, d, e, xoff, yoff] that moves a shape with these bounds into its box.

    One map per département, used for its shape and for any point in it (a faculty city's
    bubble), so both land at the same place in the inset."""
    x0, y0, x1, y1 = bounds
    lat_src, lat_dst = (y0 + y1) / 2, box[1] + BOX_H / 2
    # keep the true shape under Web Mercator: x shrinks with cos(latitude) at the source and target
    x_factor = math.cos(math.radians(lat_src)) / math.cos(math.radians(lat_dst))
    width, height = (x1 - x0) * x_factor, (y1 - y0)
    margin = 0.9
    scale = margin * min(BOX_W / width, BOX_H / height)
    sx, sy = scale * x_factor, scale
    # scaled about (x0, y0), then centred in the box
    dx = box[0] + (BOX_W - sx * (x1 - x0)) / 2 - x0
    dy = box[1] + (BOX_H - sy * (y1 - y0)) / 2 - y0
    return [sx, 0.0, 0.0, sy, x0 * (1 - sx) + dx, y0 * (1 - sy) + dy]


def _into_box(geom, box: tuple[float, float]):
    return affinity.affine_transform(geom, _box_matrix(geom.bounds, box))


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


def inset_point(lon: float, lat: float, code: str, departements: gpd.GeoDataFrame) -> tuple[float, float]:
    """Where a point of département `code` is drawn: moved into the inset with its département's shape
    when `code` is overseas (971…976), unchanged otherwise."""
    if code not in INSETS:
        return lon, lat
    shape = departements.loc[departements["code"] == code, "geometry"].iloc[0]
    a, _, _, e, xoff, yoff = _box_matrix(shape.bounds, INSETS[code])
    return a * lon + xoff, e * lat + yoff


def commune_departement(insee: str) -> str:
    """The département code of an INSEE commune code: '97120' -> '971', '28085' -> '28', '2A004' -> '2A'."""
    return insee[:3] if insee.startswith("97") else insee[:2]


def inset_points(points, departements: gpd.GeoDataFrame):
    """A copy of `points` (columns insee_commune, lon, lat) with the overseas ones moved into their insets."""
    out = points.copy()
    moved = [inset_point(x, y, commune_departement(c), departements) if isinstance(c, str) else (x, y)
             for c, x, y in zip(out["insee_commune"], out["lon"], out["lat"])]
    out["lon"] = [m[0] for m in moved]
    out["lat"] = [m[1] for m in moved]
    return out
