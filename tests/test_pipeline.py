"""The ETL as a whole: all-or-nothing publication, clear errors, determinism."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl import atlas_text, pipeline, quality, schemas

ROOT = Path(__file__).resolve().parent.parent


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _corrupt(tmp_path: Path, edit) -> Path:
    lines = atlas_text.ATLAS_PATH.read_text(encoding="utf-8").split("\n")
    path = tmp_path / "atlas_corrupt.txt"
    path.write_text("\n".join(edit(lines)), encoding="utf-8")
    return path


def _previous_output(tmp_path: Path) -> Path:
    target = tmp_path / "processed"
    target.mkdir()
    (target / "marker.txt").write_text("previous build")
    return target


def test_two_runs_give_identical_files(built, tmp_path):
    again = tmp_path / "processed"
    pipeline.run(target=again, log=lambda *_: None)
    assert _digest(again) == _digest(built)


def test_output_has_one_parquet_per_table_a_datapackage_and_a_report(built):
    names = {p.name for p in built.iterdir()}
    assert names == {t.path for t in schemas.TABLES} | {"datapackage.json", "quality_report.md"}
    package = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == [t.name for t in schemas.TABLES]
    atlas_source = package["sources"][0]
    assert atlas_source["sha256"] == atlas_text.load().sha256
    for resource, table in zip(package["resources"], schemas.TABLES):
        assert [f["name"] for f in resource["schema"]["fields"]] == [f.name for f in table.fields]
        assert all(f["description"] for f in resource["schema"]["fields"])


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda lines: lines[:3000], r"atlas_corrupt.txt:\d+: back cover .* not found"),
        (lambda lines: [l.replace("ALLIER\t", "ALLIERS\t") for l in lines],
         r"atlas_corrupt.txt:651: unknown département name 'ALLIERS'"),
        (lambda lines: lines[:791] + ["- **19** INTERNES PEUVENT ÊTRE FORMÉS"] + lines[792:],
         r"atlas_corrupt.txt:792: expected '- \*\*N\*\* INTERNES"),
        (lambda lines: lines[:2214] + lines[2249:],  # Haut-Rhin's page (lines 2215-2249) cut out
         r"atlas_corrupt.txt:\d+: Grand Est: 10 départements to place but 9 pages found"),
    ],
)
def test_malformed_input_stops_with_file_and_line_and_publishes_nothing(tmp_path, edit, message):
    target = _previous_output(tmp_path)
    with pytest.raises(atlas_text.AtlasError, match=message):
        pipeline.run(raw=_corrupt(tmp_path, edit), target=target, log=lambda *_: None)
    assert [p.name for p in target.iterdir()] == ["marker.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atlas_corrupt.txt", "processed"]


def test_failure_while_writing_keeps_the_previous_output(tmp_path, monkeypatch):
    target = _previous_output(tmp_path)

    def broken(_build):
        raise OSError("disk full")

    monkeypatch.setattr(quality, "report", broken)
    with pytest.raises(OSError, match="disk full"):
        pipeline.run(target=target, log=lambda *_: None)
    assert [p.name for p in target.iterdir()] == ["marker.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["processed"]


def test_command_line_reports_steps_and_errors(tmp_path):
    bad = _corrupt(tmp_path, lambda lines: lines[:3000])
    proc = subprocess.run([sys.executable, "-m", "etl", "--raw", str(bad), "--out", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "ETL failed, nothing published" in proc.stderr and "atlas_corrupt.txt:" in proc.stderr
    assert "load atlas and reference" in proc.stdout
    assert not (tmp_path / "out").exists()


def test_quality_report_names_the_gaps(built):
    report = (built / "quality_report.md").read_text(encoding="utf-8")
    assert "Corse : aucun bloc 2022" in report
    assert "69M" in report and "Loir&Cher" in report
    assert "Nancy 2022 urgence" in report


def test_header_aligned_reading_of_the_summary_tables_matches_the_pages_best(atlas, index):
    build = pipeline.build(log=lambda *_: None)
    for entry in build.facts["mapping_agreement"]:
        scores = entry["scores"]
        if entry["region"] in ("AUVERGNE RHONE ALPES", "BOURGOGNE FRANCHE-COMTÉ"):
            best = scores[0]["both"] - scores[0]["only_one"]
            assert best > max(s["both"] - s["only_one"] for k, s in scores.items() if k != 0)
