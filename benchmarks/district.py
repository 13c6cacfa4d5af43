"""A district of 1,000 school bundles: added to a new workspace (one call, one transaction),
added again (all unchanged), and consolidated; peak memory of the process that does it.

    python benchmarks/district.py [--schools 1000] [--templates 5]
    (goals: add ≤ 60 s, consolidate ≤ 2 s, memory ≤ 500 MB)

How the bundles are made (in a child process, so its memory is not counted): `--templates`
demo schools (`mentor-desk demo`, 60 students and 10 teachers, seeds 1, 2, …) each export
their real aggregate bundle, report PDF included; every one of the 1,000 schools then
takes one template's tables round-robin under its own school id, its own Ed25519 key and
its own numerators (random, seeded by the school's number, never above the denominator),
written by the real exchange.bundle writer. Generating 1,000 demo databases would take
about 20 minutes and measure the demo generator, not the district.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 12, 7)
YEAR = 2026
RUNS = 5


def generate(folder: Path, schools: int, templates: int) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.cli import main as cli
    from mentor_desk.domain.dates import AcademicYear
    from mentor_desk.domain.kpi import status
    from mentor_desk.exchange.bundle import BundleMeta, PrivacyLevel, read_bundle, write_bundle
    from mentor_desk.services.bundle import export_bundle

    made = []
    for seed in range(1, templates + 1):
        db_path = folder / f"template-{seed}.sqlite3"
        cli(["demo", "--db", str(db_path), "--students", "60", "--teachers", "10",
             "--seed", str(seed)])  # fmt: skip
        db = open_school_database(db_path)
        target = folder / f"template-{seed}.mdbundle"
        with db.transaction() as session:
            export_bundle(session, db.path, target, AcademicYear(YEAR), PrivacyLevel.AGGREGATE,
                          TODAY, datetime(2026, 12, 7, 10))  # fmt: skip
        db.close()
        made.append(read_bundle(target))
    out = folder / "bundles"
    out.mkdir()
    started = time.perf_counter()
    for number in range(schools):
        template = made[number % len(made)]
        rng = random.Random(number)
        tables = {name: [dict(row) for row in rows] for name, rows in template.tables.items()}
        school_id = f"sch-{number:04d}"
        tables["school"][0] |= {"id": school_id, "full_name": f"МБОУ «Школа № {number + 1}»"}
        for row in tables["indicators"]:
            if row["denominator"]:
                row["numerator"] = float(rng.randint(0, int(row["denominator"])))
                row["value"] = round(100 * row["numerator"] / row["denominator"], 1)
                row["status"] = status(row["value"], row["target"])
        meta = BundleMeta(
            school_id=school_id, school_name=tables["school"][0]["full_name"],
            municipality=template.meta.municipality, academic_year=template.meta.academic_year,
            created=datetime(2026, 12, 7, 10, tzinfo=timezone.utc) + timedelta(seconds=number),
        )  # fmt: skip
        write_bundle(out / f"{school_id}.mdbundle", meta, tables, template.report_pdf,
                     Ed25519PrivateKey.generate())  # fmt: skip
    size = sum(p.stat().st_size for p in out.iterdir())
    print(json.dumps({"generated_s": round(time.perf_counter() - started, 1),
                      "bytes": size}))  # fmt: skip


def measure(folder: Path) -> None:
    from mentor_desk.services import district

    files = sorted((folder / "bundles").iterdir())
    db = district.open_workspace(folder / "district.sqlite3")
    inbox = district.inbox_for(db.path)
    started = time.perf_counter()
    with db.transaction() as session:
        report = district.add_bundles(session, files, inbox, TODAY, datetime(2026, 12, 8, 9))
    added_s = time.perf_counter() - started
    assert report.count("added") == len(files), report.summary
    started = time.perf_counter()
    with db.transaction() as session:
        again = district.add_bundles(session, files, inbox, TODAY, datetime(2026, 12, 8, 9))
    again_s = time.perf_counter() - started
    assert again.count("unchanged") == len(files), again.summary
    year = f"{YEAR}-{YEAR + 1}"
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = district.consolidate(db.reader, None, year)
        times.append(time.perf_counter() - started)
    assert len(result.reporting) == len(files)
    started = time.perf_counter()
    from mentor_desk.exchange.district_xlsx import export_district

    export_district(folder / "свод.xlsx", district.report_data(result, TODAY))
    xlsx_s = time.perf_counter() - started
    rows = db.reader.execute("SELECT count(*) FROM district_indicator").fetchone()[0]
    db.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(json.dumps({
        "bundles": len(files), "add_s": round(added_s, 1), "again_s": round(again_s, 1),
        "consolidate_median_s": round(statistics.median(times), 3),
        "consolidate_max_s": round(max(times), 3), "xlsx_s": round(xlsx_s, 2),
        "indicator_rows": rows, "peak_mb": round(peak_mb),
        "workspace_mb": round((folder / "district.sqlite3").stat().st_size / 2**20, 1),
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--templates", type=int, default=5)
    parser.add_argument("--generate", metavar="DIR")
    parser.add_argument("--measure", metavar="DIR")
    args = parser.parse_args()
    if args.generate:
        return generate(Path(args.generate), args.schools, args.templates)
    if args.measure:
        return measure(Path(args.measure))
    with tempfile.TemporaryDirectory() as folder:
        me = [sys.executable, str(Path(__file__).resolve())]
        made = subprocess.run([*me, "--generate", folder, "--schools", str(args.schools),
                               "--templates", str(args.templates)], check=True,
                              capture_output=True, text=True)  # fmt: skip
        generated = json.loads(made.stdout.strip().splitlines()[-1])
        done = subprocess.run([*me, "--measure", folder], check=True, capture_output=True,
                              text=True)  # fmt: skip
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{figures['bundles']:,} bundles ({generated['bytes'] / 2**20:.0f} MB, made in "
          f"{generated['generated_s']} s): added in {figures['add_s']} s (goal ≤ 60), again "
          f"(all unchanged) {figures['again_s']} s; consolidated: median "
          f"{figures['consolidate_median_s']} s, max {figures['consolidate_max_s']} s (goal ≤ 2); "
          f"xlsx {figures['xlsx_s']} s; peak memory {figures['peak_mb']} MB (goal ≤ 500); "
          f"workspace {figures['workspace_mb']} MB, "
          f"{figures['indicator_rows']:,} indicator rows")  # fmt: skip


if __name__ == "__main__":
    main()
