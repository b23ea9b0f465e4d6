"""Shared fixtures: the real build is made once per test session, in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl import atlas_text, geography, pipeline

ROOT = Path(__file__).resolve().parent.parent


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
def built(tmp_path_factory) -> Path:
    """The real ETL output, published into a temporary data/processed."""
    out = tmp_path_factory.mktemp("build") / "processed"
    pipeline.run(target=out, log=lambda *_: None)
    return out


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
