"""Concurrent builds: several `python -m etl` at once leave one complete, valid package, and no traceback.

`CONCURRENCY_TRIALS=10 pytest tests/test_concurrency.py` runs the closing note's 10 trials; the suite runs 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from etl import pipeline, schemas

ROOT = Path(__file__).resolve().parent.parent
TRIALS = int(os.environ.get("CONCURRENCY_TRIALS", "2"))


@pytest.mark.parametrize("trial", range(TRIALS))
def test_four_builds_at_once_leave_a_complete_package(tmp_path, trial):
    target = tmp_path / "processed"
    if trial % 2:  # half the trials start from an existing package, half from nothing
        pipeline.run(target=target, log=lambda *_: None)
    procs = [subprocess.Popen([sys.executable, "-m", "etl", "--out", str(target)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert pipeline.is_complete(target)
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} | {"datapackage.json", "quality_report.md"} == \
        {p.name for p in target.iterdir()}
    for table in schemas.TABLES:
        frame = pd.read_parquet(target / table.path)
        assert len(frame) > 0, table.name
    # no staging or previous folder left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == [".processed.lock", "processed"]
