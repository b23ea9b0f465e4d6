"""Damaged inputs: each fails in one line naming the file (and line), and the published package is untouched.

Every case runs the real command line (`python -m etl`) against a copy of the raw inputs with one
defect, with --out pointing at a package built beforehand; that package must be byte-identical
afterwards, and nothing else may appear beside it.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl import atlas_text, geography, local_initiatives, pipeline

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("published") / "processed"
    pipeline.run(target=target, log=lambda *_: None)
    return target


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _etl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True)


def _check_failure(published: Path, proc: subprocess.CompletedProcess, where: str) -> None:
    before = _digest(published)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert lines[0].startswith(f"ETL failed, nothing published: {where}"), lines[0]
    assert _digest(published) == before
    assert sorted(p.name for p in published.parent.iterdir()) in (["processed"], [".processed.lock", "processed"])


def _atlas_copy(tmp_path: Path, edit) -> Path:
    data = atlas_text.ATLAS_PATH.read_bytes()
    path = tmp_path / "atlas.txt"
    path.write_bytes(edit(data))
    return path


@pytest.mark.parametrize("name, edit, where", [
    ("latin-1", lambda d: d.decode("utf-8").encode("latin-1", errors="replace"), "atlas.txt:"),
    ("NUL", lambda d: d.replace("Soutien aux MSP".encode(), b"Soutien\x00aux MSP", 1), "atlas.txt:"),
    ("ESC", lambda d: d.replace("Soutien aux MSP".encode(), b"Soutien \x1b[31maux MSP", 1), "atlas.txt:"),
    ("bidi override", lambda d: d.replace("Soutien aux MSP".encode(), "Soutien \u202eaux MSP".encode(), 1), "atlas.txt:"),
    ("cut short", lambda d: b"\n".join(d.split(b"\n")[:1000]) + b"\n", "atlas.txt: the atlas has 1000 lines"),
])
def test_a_damaged_atlas(published, tmp_path, name, edit, where):
    bad = _atlas_copy(tmp_path, edit)
    proc = _etl("--raw", str(bad), "--out", str(published))
    _check_failure(published, proc, str(tmp_path / where))
    if name != "cut short":  # the line of the defect is named
        data = atlas_text.ATLAS_PATH.read_text(encoding="utf-8").split("\n")
        if name == "latin-1":
            line = next(i for i, t in enumerate(data, 1) if any(ord(c) > 127 for c in t))
        else:
            line = next(i for i, t in enumerate(data, 1) if "Soutien aux MSP" in t)
        assert f"atlas.txt:{line}:" in proc.stderr


def test_a_missing_atlas(published, tmp_path):
    proc = _etl("--raw", str(tmp_path / "absent.txt"), "--out", str(published))
    _check_failure(published, proc, f"{tmp_path / 'absent.txt'}: file not found")


def _reference_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(geography.REFERENCE_DIR, folder)
    return folder


def test_a_cut_geojson(published, tmp_path):
    folder = _reference_copy(tmp_path)
    shapes = folder / "departements.geojson"
    shapes.write_bytes(shapes.read_bytes()[:200_000])
    proc = _etl("--reference", str(folder), "--out", str(published))
    _check_failure(published, proc, f"{shapes}:")
    assert "malformed JSON" in proc.stderr


def test_a_ragged_reference_csv(published, tmp_path):
    folder = _reference_copy(tmp_path)
    path = folder / "departements.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[5] += ",extra"
    path.write_text("\n".join(lines), encoding="utf-8")
    proc = _etl("--reference", str(folder), "--out", str(published))
    _check_failure(published, proc, f"{path}:6: expected 8 fields as in the header, found 9")


def _initiatives_copy(tmp_path: Path, edit) -> Path:
    path = tmp_path / "local_initiatives.csv"
    path.write_bytes(edit(local_initiatives.INITIATIVES_CSV.read_bytes()))
    return path


def test_initiatives_cut_mid_row(published, tmp_path):
    data = local_initiatives.INITIATIVES_CSV.read_bytes()
    cut = data.index(b"Cette aide leur permet") + 40  # inside the first row's quote
    path = _initiatives_copy(tmp_path, lambda d: d[:cut])
    proc = _etl("--initiatives", str(path), "--out", str(published))
    _check_failure(published, proc, f"{path}:2: quote not found as whole sentences")


def test_initiatives_cut_inside_a_quoted_field(published, tmp_path):
    data = local_initiatives.INITIATIVES_CSV.read_bytes()
    cut = data.index(b'"Par ailleurs, le 7') + 30  # a quoted field left open
    path = _initiatives_copy(tmp_path, lambda d: d[:cut])
    proc = _etl("--initiatives", str(path), "--out", str(published))
    _check_failure(published, proc, f"{path}:")
    assert "quote left open" in proc.stderr or "fields as in the header" in proc.stderr


def test_initiatives_in_latin_1(published, tmp_path):
    path = _initiatives_copy(tmp_path, lambda d: d.decode("utf-8").encode("latin-1", errors="replace"))
    proc = _etl("--initiatives", str(path), "--out", str(published))
    _check_failure(published, proc, f"{path}:2: expected UTF-8 text")


def test_initiatives_ragged_row(published, tmp_path):
    def edit(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[3] = lines[3] + b",surplus"
        return b"\n".join(lines)

    path = _initiatives_copy(tmp_path, edit)
    proc = _etl("--initiatives", str(path), "--out", str(published))
    _check_failure(published, proc, f"{path}:4: expected 20 fields as in the header, found 21")


def test_a_quote_that_is_only_part_of_a_sentence(published, tmp_path):
    path = _initiatives_copy(tmp_path, lambda d: d.replace(
        "Cette aide leur permet de recevoir jusqu’à 12 000 € par an pendant leurs études.".encode(),
        "Cette aide leur permet de recevoir jusqu’à 12 000 €".encode()))
    proc = _etl("--initiatives", str(path), "--out", str(published))
    _check_failure(published, proc, f"{path}:2: quote not found as whole sentences")
