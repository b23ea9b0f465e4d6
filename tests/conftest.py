"""Shared fixtures: the real build is made once per test session, in a temporary folder.

The app reads its package from ``ATLAS_PROCESSED_DIR`` (app_lib/data.py), set here for the
whole session before any test module imports the app: AppTest pages, the PDF fiche and the
``streamlit run`` server of tests/e2e all read the package this session builds, never a
stale data/processed/ that could hide a regression.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from etl import atlas_text, geography, pipeline

ROOT = Path(__file__).resolve().parent.parent
ENV = "ATLAS_PROCESSED_DIR"


def pytest_configure(config):
    # Runs before collection, so before app_lib.data reads the variable at import. The package
    # is a subfolder: the pipeline swaps it in through siblings (processed.staging, .previous).
    config.atlas_tmp = Path(tempfile.mkdtemp(prefix="atlas-tests-"))
    os.environ[ENV] = str(config.atlas_tmp / "processed")


def pytest_unconfigure(config):
    folder = getattr(config, "atlas_tmp", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def reference() -> pd.DataFrame:
    return geography.load_departements()


@pytest.fixture(scope="session")
def index(reference) -> geography.NameIndex:
    return geography.NameIndex.from_reference(reference)


@pytest.fixture(scope="session")
def atlas() -> atlas_text.Atlas:
    return atlas_text.load()


@pytest.fixture(scope="session")
def built() -> Path:
    """The real ETL output, built once per session into the folder the app reads (ATLAS_PROCESSED_DIR)."""
    out = Path(os.environ[ENV])
    pipeline.run(target=out, log=lambda *_: None)
    return out


@pytest.fixture(scope="session")
def app_data(built) -> Path:
    """The app's data folder, checked to be this session's fresh build."""
    from app_lib import data

    assert data.PROCESSED == built, f"app_lib.data reads {data.PROCESSED}, not this session's build {built}: " \
        f"is {ENV} still honoured?"
    return built


@pytest.fixture(scope="session")
def tables(built) -> dict[str, pd.DataFrame]:
    import geopandas as gpd

    from etl import schemas

    out = {}
    for table in schemas.TABLES:
        path = built / table.path
        out[table.name] = gpd.read_parquet(path) if table.geo else pd.read_parquet(path)
    return out


def excerpt(tmp_path: Path, text: str) -> atlas_text.Atlas:
    """A small atlas file for unit tests (line numbers start at 1 like the real one)."""
    path = tmp_path / "excerpt.txt"
    path.write_text(text, encoding="utf-8")
    return atlas_text.load(path)
