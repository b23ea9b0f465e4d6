"""The app's only door to the data: Parquet files of data/processed/, cached.

Tables go through ``st.cache_data`` keyed on the file's modification time (a rebuilt
dataset is picked up without restarting); the map's GeoJSON is built once per process
with ``st.cache_resource`` and must be treated as read-only.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app_lib import geo

ROOT = Path(__file__).resolve().parent.parent
# Tests point the app at a package they build themselves (a stale local build must not hide a regression).
PROCESSED = Path(os.environ.get("ATLAS_PROCESSED_DIR") or ROOT / "data" / "processed")


def ensure_built() -> None:
    """Build data/processed/ from data/raw/ when it is missing or incomplete (first start, emptied volume).

    One visitor builds, holding the build lock; the others see a French "données en préparation"
    notice and their page goes on by itself once the package is whole. Nobody sees a half-written
    folder, and if the building process dies its lock is released and the next waiting visitor builds.
    """
    from filelock import Timeout

    from etl.pipeline import build_lock, is_complete, run

    notice = None
    lock = build_lock(PROCESSED)
    while not is_complete(PROCESSED):
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if notice is None:
                notice = st.info("Données en préparation : l'application construit ses tables à partir de l'atlas. "
                                 "Cette page s'affichera d'elle-même dans quelques secondes.")
            time.sleep(1)
            continue
        try:
            if not is_complete(PROCESSED):
                with st.spinner("Première ouverture : construction des données à partir de l'atlas…"):
                    run(target=PROCESSED, log=lambda *_: None, lock_held=True)
        finally:
            lock.release()
    if notice is not None:
        notice.empty()


def _mtime(name: str) -> int:
    return (PROCESSED / name).stat().st_mtime_ns


@st.cache_data(show_spinner=False, max_entries=32)
def _read(name: str, mtime: int) -> pd.DataFrame:
    frame = pd.read_parquet(PROCESSED / f"{name}.parquet")
    if "geometry" in frame.columns:
        frame = frame.drop(columns="geometry")
    return frame


def table(name: str) -> pd.DataFrame:
    """A published table as a DataFrame (without geometry). Each caller gets its own copy."""
    return _read(name, _mtime(f"{name}.parquet"))


@st.cache_resource(show_spinner=False, max_entries=2)
def _shapes(mtime: int):
    import geopandas as gpd

    return gpd.read_parquet(PROCESSED / "departements.parquet")


def shapes():
    """The départements' GeoDataFrame, read once per process. Shared: never mutate."""
    return _shapes(_mtime("departements.parquet"))


@st.cache_resource(show_spinner=False, max_entries=4)
def _geojson(mtime: int, tolerance: float | None) -> dict:
    return geo.web_geojson(_shapes(mtime), tolerance)


def map_geojson() -> dict:
    """GeoJSON of the départements with the overseas ones in insets. Shared: never mutate."""
    return _geojson(_mtime("departements.parquet"), None)


STATIC_MAPS = ROOT / "static" / "maps"
STATIC_MAPS_URL = "app/static/maps/"  # relative to the page, so it holds under server.baseUrlPath too


@st.cache_resource(show_spinner=False, max_entries=4)
def _geojson_file(mtime: int) -> str | None:
    text = json.dumps(_geojson(mtime, None), separators=(",", ":"))
    name = f"departements-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.json"
    path = STATIC_MAPS / name
    try:
        if not path.exists():
            staging = path.with_name(f"{name}.{os.getpid()}.tmp")
            staging.write_text(text, encoding="utf-8")
            os.replace(staging, path)  # whole or absent, also with several server processes
    except OSError:
        return None
    return STATIC_MAPS_URL + name


def map_geojson_url() -> str | None:
    """Where the browser fetches map_geojson() itself (static serving), or None if it cannot be written.

    Inside the figure, 0.5 MB of GeoJSON would be copied and encoded by plotly on the server and sent
    over the websocket on every run of the page (each change of year or measure); as a file the figure
    carries a short URL, and the browser fetches the file once and keeps it. The name holds the content's
    hash: a rebuilt geometry gets a new file."""
    return _geojson_file(_mtime("departements.parquet"))


def outline_geojson() -> dict:
    """A coarser version (about 2 km) for background outlines under other layers. Shared: never mutate."""
    return _geojson(_mtime("departements.parquet"), 0.02)


@st.cache_data(show_spinner=False)
def _datapackage(mtime: int) -> dict:
    return json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))


def datapackage() -> dict:
    return _datapackage(_mtime("datapackage.json"))


def fiche_pdf(code: str) -> bytes:
    """The printable brief of a département (built on demand, when the button is clicked)."""
    from app_lib import pdf_fiche

    return pdf_fiche.build(
        code, table("departements"), shapes(), table("survey_status"), table("measures"), table("evidence_units"),
        table("measure_catalog"), table("conflicts"), table("training_capacity"), table("local_initiatives"),
        table("peers"), datapackage()["sources"][0]["sha256"],
    )


def quality_report() -> str:
    return (PROCESSED / "quality_report.md").read_text(encoding="utf-8")


def datapackage_bytes() -> bytes:
    """datapackage.json as published (the dictionary of every column, its type, unit and source)."""
    return (PROCESSED / "datapackage.json").read_bytes()


PACKAGE_FOLDER = "atlas-attractivite-medicale"


def package_zip() -> bytes:
    """The whole package in one ZIP, built when the button is clicked: every Parquet file, datapackage.json,
    quality_report.md, and a CSV of each table without geometry, written like every other CSV of the app
    (ui.csv_bytes: French Excel, no cell that runs as a formula)."""
    from app_lib import ui

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("datapackage.json", "quality_report.md"):
            archive.write(PROCESSED / name, f"{PACKAGE_FOLDER}/{name}")
        for resource in json.loads(datapackage_bytes())["resources"]:
            path = PROCESSED / resource["path"]
            archive.write(path, f"{PACKAGE_FOLDER}/{resource['path']}")
            if "geoparquet" not in resource:
                archive.writestr(f"{PACKAGE_FOLDER}/csv/{resource['name']}.csv", ui.csv_bytes(pd.read_parquet(path)))
    return buffer.getvalue()


def parquet_bytes(name: str) -> bytes:
    return (PROCESSED / f"{name}.parquet").read_bytes()
