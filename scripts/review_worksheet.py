"""Write review worksheets: every evidence unit not yet reviewed, with the rules' proposal.

    python scripts/review_worksheet.py OUT_DIR [--regions "Bretagne,Normandie"] [--all]

For each region it writes ``<region>.csv`` (the columns of data/raw/measure_reviews.csv,
`measures` and `negation` pre-filled by the keyword rules) and ``<region>.md`` (each
bullet's full text with its units and lines, to read them in context). A reviewer corrects
`measures`/`negation` against data/raw/codebook.csv, writes a short `reason` where the rules
were wrong, and the rows are appended to data/raw/measure_reviews.csv.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl import evidence, pages, pipeline  # noqa: E402
from etl.atlas_text import match_key  # noqa: E402
from etl.pipeline import slug  # noqa: E402
from etl.vocabulary import label, negation  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--regions", default="", help="comma-separated region names (default: all)")
    parser.add_argument("--all", action="store_true", help="include units already reviewed")
    args = parser.parse_args(argv)
    result = pipeline.build(log=lambda *_: None)
    reviewed = {} if args.all else evidence.load_reviews()
    names = result.tables["departements"].set_index("code")["name"].to_dict()
    wanted = {r.strip() for r in args.regions.split(",") if r.strip()}
    by_region: dict[str, list] = {}
    for a in result.facts["assigned"]:
        region = next(s.region for s in result.facts["sections"] if a.code in s.codes)
        if a.part is None or (wanted and region not in wanted):
            continue
        items, _ = pages.bullets(a.part)
        by_region.setdefault(region, []).append((a, items))
    args.out.mkdir(parents=True, exist_ok=True)
    for region, parts in by_region.items():
        records, context = [], [f"# {region}\n"]
        for a, items in parts:
            context.append(f"\n## {a.code} {names.get(a.code, '')} — {a.year}"
                           + (f"  (note : {a.note})" if a.note else "") + "\n")
            for bullet in items:
                context.append(f"\n### puce {bullet.position} (ligne {bullet.line})\n\n{bullet.text}\n")
                for unit in bullet.units:
                    context.append(f"- l.{unit.line} : {unit.text}")
                    if (unit.line, unit.text) in reviewed:
                        continue
                    records.append({
                        "code": a.code, "year": a.year, "line": unit.line, "text": unit.text,
                        "measures": "|".join(label(unit.text)) if match_key(unit.text) else "",
                        "negation": "oui" if negation(unit.text) else "", "reason": "",
                    })
        stem = slug(region)
        (args.out / f"{stem}.csv").write_text(evidence.review_rows(records), encoding="utf-8")
        (args.out / f"{stem}.md").write_text("\n".join(context) + "\n", encoding="utf-8")
        print(f"{stem}: {len(records)} units to review")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
