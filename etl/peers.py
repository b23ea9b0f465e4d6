"""Peers of a département: the ones it borders, and the ones that look like it.

A council reads its own page better beside départements it can compare itself with. Two
kinds of peers are published in the ``peers`` table:

* ``neighbour``: départements sharing a land border, from the published (simplified)
  contours, ranked by the length of that border. Overseas départements have none.
* ``comparable``: the ``K_COMPARABLE`` nearest départements on the ``DESCRIPTORS`` below,
  each standardised (z-score over the 102 rows), by Euclidean distance.

The descriptors are published as columns of ``departements`` so that the app shows the raw
values behind a distance. Declared here as data (labels, units) so the app can list them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl import capacities

LAMBERT93 = 2154  # metres; lengths of metropolitan borders
NEIGHBOUR_TOLERANCE_M = 100.0  # shared borders are shared exactly after coverage_simplify; snapping may part them a little
MIN_BORDER_KM = 1.0  # below this, two départements only touch at a corner
CAPACITY_DISCIPLINE = "specialites_medicales"
CAPACITY_YEAR = 2022


@dataclass(frozen=True)
class Descriptor:
    column: str  # column of the departements table
    label: str  # French, for the app
    unit: str
    log10: bool  # compared on a log scale (population, density span three orders of magnitude)


DESCRIPTORS: tuple[Descriptor, ...] = (
    Descriptor("population", "Population", "habitants", True),
    Descriptor("density", "Densité de population", "hab./km²", True),
    Descriptor("small_communes_share", "Part de la population vivant dans une commune de moins de 2 000 habitants", "%",
               False),
    Descriptor("capacity_per_100k", "Capacité de formation des internes en spécialités médicales (2022) de la région, "
               "pour 100 000 habitants", "internes pour 100 000 habitants", False),
)
K_COMPARABLE = 5
MIN_SHARED_DESCRIPTORS = 3  # a pair is compared only on descriptors both have, and at least this many

# Why a département's capacity_per_100k is null or shared: shown beside the value.
CAPACITY_NOTES = {
    "2A": "La Corse n'a pas de subdivision universitaire propre : l'atlas n'en donne que des pôles qui reprennent les "
          "chiffres de Nice et de Marseille. Pas de valeur.",
    "2B": "La Corse n'a pas de subdivision universitaire propre : l'atlas n'en donne que des pôles qui reprennent les "
          "chiffres de Nice et de Marseille. Pas de valeur.",
    "976": "Mayotte n'apparaît pas dans l'atlas, qui ne la rattache à aucune subdivision (celle de La Réunion non plus). "
           "Pas de valeur.",
    "974": "Subdivision « La Réunion » de l'atlas, rapportée à la seule population de La Réunion (l'atlas ne mentionne "
           "pas Mayotte).",
    **dict.fromkeys(("971", "972", "973"),
                    "Subdivision Antilles-Guyane, commune à la Guadeloupe, la Martinique et la Guyane : capacité "
                    "rapportée à la population des trois départements."),
}


# ---------------------------------------------------------------- descriptors


def descriptors(departements: pd.DataFrame, capacity: pd.DataFrame) -> pd.DataFrame:
    """The départements table with density, small_communes_share and the region's training capacity."""
    out = departements.copy()
    out["density"] = out["population"] / out["area_km2"]
    out["small_communes_share"] = 100 * out["population_small_communes"] / out["population"]
    per = capacities.per_population(capacity, departements, CAPACITY_DISCIPLINE, (CAPACITY_YEAR,))
    value, lines = {}, {}
    for row in per.to_dict("records"):
        rate = row[f"{CAPACITY_YEAR}_per_100k"]
        for code in row["codes"]:
            if code in value:
                raise ValueError(f"département {code} served by two capacity sections")
            value[code] = None if pd.isna(rate) else float(rate)
            lines[code] = row[f"{CAPACITY_YEAR}_lines"]
    out["capacity_per_100k"] = out["code"].map(value).astype("float64")
    out["capacity_source_lines"] = out["code"].map(lambda c: list(lines.get(c, [])) if pd.notna(value.get(c)) else [])
    out["capacity_note"] = out["code"].map(CAPACITY_NOTES)
    unexplained = out.loc[out["capacity_per_100k"].isna() & out["capacity_note"].isna(), "code"].tolist()
    if unexplained:
        raise ValueError(f"capacity_per_100k null without a note (add it to CAPACITY_NOTES): {unexplained}")
    return out


# ---------------------------------------------------------------- neighbours


def neighbours(shapes: gpd.GeoDataFrame, tolerance_m: float = NEIGHBOUR_TOLERANCE_M,
               min_border_km: float = MIN_BORDER_KM) -> pd.DataFrame:
    """(code, peer, border_km) for every ordered pair of metropolitan départements sharing a border.

    The length is that of the first one's boundary (in code order) within `tolerance_m` of the
    other's, so both directions get the same figure; measured in Lambert 93 on the simplified
    contours, about 6 % shorter than on the full-resolution ones (the ranking is what it is for).
    A corner where four départements meet gives about twice the tolerance, far below the minimum."""
    metro = shapes[~shapes["code"].str.startswith("97")].sort_values("code").to_crs(LAMBERT93)
    codes = np.array(metro["code"].tolist(), dtype=object)
    boundaries = shapely.boundary(metro.geometry.values)
    zones = shapely.buffer(boundaries, tolerance_m, quad_segs=2)
    left, right = shapely.STRtree(zones).query(zones, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    km = np.round(shapely.length(shapely.intersection(boundaries[left], zones[right])) / 1000, 1)
    shared = km >= min_border_km
    pairs = pd.DataFrame({"code": codes[left][shared], "peer": codes[right][shared], "border_km": km[shared]})
    both = pd.concat([pairs, pairs.rename(columns={"code": "peer", "peer": "code"})], ignore_index=True)
    return both[["code", "peer", "border_km"]].sort_values(["code", "peer"]).reset_index(drop=True)


# ---------------------------------------------------------------- comparables


def standardised(departements: pd.DataFrame, descriptors_: tuple[Descriptor, ...] = DESCRIPTORS) -> pd.DataFrame:
    """z-scores (log10 first where declared), mean and population standard deviation over the non-null values."""
    z = pd.DataFrame(index=departements["code"].to_numpy())
    for d in descriptors_:
        values = departements[d.column].astype("float64").to_numpy()
        if d.log10:
            values = np.log10(values)
        mean, std = np.nanmean(values), np.nanstd(values)
        z[d.column] = (values - mean) / std
    return z


def distances(z: pd.DataFrame, min_shared: int = MIN_SHARED_DESCRIPTORS) -> pd.DataFrame:
    """Square matrix of distances between rows of `z` (NaN on the diagonal and for pairs not comparable).

    A pair is compared on the descriptors both have; the sum of squares is scaled by
    (descriptors / shared) so that a distance on fewer descriptors is on the same scale
    (scikit-learn's nan_euclidean_distances). Fewer than `min_shared` shared: not comparable."""
    values = z.to_numpy(dtype="float64")
    present = ~np.isnan(values)
    filled = np.where(present, values, 0.0)
    n, m = values.shape
    out = np.full((n, n), np.nan)
    for i in range(n):
        shared = present[i] & present
        count = shared.sum(axis=1)
        squares = (np.where(shared, filled[i] - filled, 0.0) ** 2).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            row = np.sqrt(squares * m / count)
        row[count < min_shared] = np.nan
        out[i] = row
    np.fill_diagonal(out, np.nan)
    return pd.DataFrame(out, index=z.index, columns=z.index)


def comparables(dist: pd.DataFrame, k: int = K_COMPARABLE) -> pd.DataFrame:
    """(code, peer, rank, distance): the k nearest of each row, ties broken by code."""
    codes = np.array(dist.index, dtype=str)
    values = dist.to_numpy(dtype="float64")
    rows = []
    for i, code in enumerate(codes):
        candidates = np.flatnonzero(~np.isnan(values[i]))
        nearest = candidates[np.lexsort((codes[candidates], values[i, candidates]))][:k]
        rows += [(code, codes[j], rank, float(values[i, j])) for rank, j in enumerate(nearest, start=1)]
    return pd.DataFrame(rows, columns=["code", "peer", "rank", "distance"])


# ---------------------------------------------------------------- table


def peers_frame(neighbour_pairs: pd.DataFrame, comparable_rows: pd.DataFrame) -> pd.DataFrame:
    near = neighbour_pairs.sort_values(["code", "border_km", "peer"], ascending=[True, False, True]).copy()
    near["rank"] = near.groupby("code").cumcount() + 1
    near["kind"], near["distance"] = "neighbour", math.nan
    comp = comparable_rows.assign(kind="comparable", border_km=math.nan)
    out = pd.concat([near, comp], ignore_index=True)[["code", "peer", "kind", "rank", "distance", "border_km"]]
    out["rank"] = out["rank"].astype("int64")
    out["distance"] = out["distance"].round(4)
    return out.sort_values(["code", "kind", "rank"], key=lambda c: c.map({"neighbour": 0, "comparable": 1})
                           if c.name == "kind" else c).reset_index(drop=True)


def run(departements: gpd.GeoDataFrame, capacity: pd.DataFrame) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """The departements table with its descriptors, and the peers table."""
    described = descriptors(departements, capacity)
    z = standardised(described)
    table = peers_frame(neighbours(departements[["code", "geometry"]]), comparables(distances(z)))
    columns = [c for c in described.columns if c != "geometry"] + ["geometry"]
    return gpd.GeoDataFrame(described[columns], geometry="geometry", crs=departements.crs), table
