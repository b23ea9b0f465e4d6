"""The ETL as a whole: all-or-nothing publication, clear errors, determinism."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl import atlas_text, pipeline, quality, schemas, summary_tables

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
    # no staging or previous folder left behind; the lock file stays (empty, reused by the next build)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".processed.lock", "processed"]


def test_command_line_reports_steps_and_errors(tmp_path):
    bad = _corrupt(tmp_path, lambda lines: lines[:3000])
    proc = subprocess.run([sys.executable, "-m", "etl", "--raw", str(bad), "--out", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "ETL failed, nothing published" in proc.stderr and "atlas_corrupt.txt:" in proc.stderr
    assert "load atlas, reference, reviews" in proc.stdout
    assert not (tmp_path / "out").exists()


def test_frictionless_validates_the_package(built):
    """What a researcher runs: `frictionless validate datapackage.json` (schemas, types, keys, constraints)."""
    proc = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json",
                           str(built / "datapackage.json")], capture_output=True, text=True)
    report = json.loads(proc.stdout)
    errors = [(t["name"], e["message"]) for t in report["tasks"] for e in t["errors"]][:5]
    assert report["valid"] and proc.returncode == 0, errors
    package = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    paths = " ".join(s["path"] for s in package["sources"])
    assert "local_sources/votre_agglo_chartres_2025-01-11.txt" in paths and "measure_reviews.csv" in paths
    assert all(s.get("licence") for s in package["sources"])


def test_quality_report_names_the_gaps(built):
    report = (built / "quality_report.md").read_text(encoding="utf-8")
    assert "Corse : aucun bloc 2022" in report
    assert "69M" in report and "Loir&Cher" in report
    assert "Nancy 2022 urgence" in report
    assert "(4226 lignes, sha256" in report  # as `wc -l` counts them
    assert "**sans titre de région : La Réunion, Guadeloupe, Martinique, Guyane** (en-tête ligne 771)" in report
    assert "1241 phrases relues sur 1241" in report


def test_every_reading_of_the_extra_column_tables_is_scored_and_the_best_kept(atlas, index):
    build = pipeline.build(log=lambda *_: None)
    seen = set()
    for entry in build.facts["readings"]:
        readings = entry["readings"]
        if entry["region"] in ("AUVERGNE RHONE ALPES", "BOURGOGNE FRANCHE-COMTÉ"):
            seen.add(entry["region"])
            assert len(readings) == 12  # one measure spans two fields: 12 ways, header-aligned and full shift among them
            assert sum(r["reading"].header_aligned for r in readings) == 1
            scores = [r["score"] for r in readings]
            assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
            kept = {(c.code, c.measure) for c in summary_tables.cells(entry["table"], readings[0]["reading"])}
            published = build.tables["measures"].query("source == 'summary_table'")
            rows = {code for r in entry["table"].rows for code in r.codes}
            assert kept == {(r.code, r.measure) for r in published.itertuples() if r.code in rows}
        else:
            assert len(readings) == 1 and readings[0]["reading"].header_aligned
    assert seen == {"AUVERGNE RHONE ALPES", "BOURGOGNE FRANCHE-COMTÉ"}
    # the cells on which the two best readings disagree are flagged, in measures and in conflicts
    uncertain = build.tables["measures"]["note"].fillna("").str.startswith("lecture incertaine")
    assert uncertain.any()
    assert set(build.tables["measures"][uncertain]["code"]) <= {code for e in build.facts["readings"]
                                                                for r in e["table"].rows for code in r.codes
                                                                if len(e["readings"]) > 1}
