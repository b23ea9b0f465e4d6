"""ETL benchmark: wall time and peak memory of `python -m etl`, each run in a fresh process.

Run: `./run.sh bench` (all benchmarks) or `.venv/bin/python bench/bench_etl.py --runs 5`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(out: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one ETL process."""
    script = (
        "import resource, sys\n"
        "from etl.pipeline import main\n"
        f"code = main(['--out', {str(out)!r}])\n"
        "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    peak_kb = int(next(l for l in proc.stderr.splitlines() if l.startswith("PEAK_KB")).split()[1])
    return wall, peak_kb / 1024


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    walls, peaks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            wall, peak = one_run(Path(tmp) / f"processed{i}")
            walls.append(wall)
            peaks.append(peak)
    result = {
        "runs": args.runs,
        "wall_s_median": round(statistics.median(walls), 2),
        "wall_s_min": round(min(walls), 2),
        "wall_s_max": round(max(walls), 2),
        "peak_rss_mb_max": round(max(peaks), 1),
    }
    print("ETL (python -m etl, fresh process each run, includes interpreter start):")
    for key, value in result.items():
        print(f"  {key:<16} {value}")
    print_rule_scores()
    return result


def print_rule_scores() -> None:
    """How good the keyword labeller is against the people's reviews: the next edition starts from these."""
    sys.path.insert(0, str(ROOT))
    from etl import pipeline

    scores = pipeline.build(log=lambda *_: None).facts["rule_scores"]
    print(f"Keyword rules vs reviews ({scores['reviewed']} of {scores['total']} units reviewed, "
          f"{scores['changed']} labels changed by the review):")
    print(f"  {'measure':<34} {'unit P':>7} {'unit R':>7} {'unit F1':>7} {'page P':>7} {'page R':>7} {'page F1':>7}")
    fmt = lambda v: "   –" if v is None else f"{v:.2f}"  # noqa: E731
    for u, p in zip(scores["units"], scores["pages"]):
        print(f"  {u['measure']:<34} {fmt(u['precision']):>7} {fmt(u['recall']):>7} {fmt(u['f1']):>7} "
              f"{fmt(p['precision']):>7} {fmt(p['recall']):>7} {fmt(p['f1']):>7}")


if __name__ == "__main__":
    main()
