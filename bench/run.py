"""All benchmarks: `./run.sh bench`. Figures go to stdout (copy them into the closing note)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_app, bench_etl  # noqa: E402

if __name__ == "__main__":
    bench_etl.main([])
    print()
    bench_app.main([])
