"""Export of the whole register to .xlsx at 20,000 people: median and best of a few runs.

Usage: export_xlsx.py [DB] [--runs 3] [--json]

Without DB it uses benchmarks/out/demo_20k.sqlite3, the database run_all.py uses, and
writes it the first time with the same recipe (demo school, seed 1, 18,500 students and
788 teachers: 20,000 people). Every person is exported, the archived ones too, by id. A
run is export_register() as the app calls it: reading the register, writing and saving
the file. With --json the last line is JSON for run_all.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from mentor_desk.bootstrap import open_school_database
from mentor_desk.demo import generate_demo
from mentor_desk.exchange.export import export_register

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
STUDENTS, TEACHERS = 18500, 788  # with the others the generator adds: 20,000 people


def demo_db() -> Path:
    path = OUT / "demo_20k.sqlite3"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        partial = path.with_name(path.name + ".partial")  # run_all must never find half a db
        partial.unlink(missing_ok=True)
        db = open_school_database(partial)
        try:
            generate_demo(db, students=STUDENTS, teachers=TEACHERS, seed=1, today=date.today())
        finally:
            db.close()
        partial.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path = args.db.absolute() if args.db else demo_db()

    db = open_school_database(path)
    try:
        ids = [pid for (pid,) in db.reader.execute("SELECT id FROM participant ORDER BY id")]
        seconds, size, people = [], 0, 0
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "register.xlsx"
            for _ in range(args.runs):
                start = time.perf_counter()
                people = export_register(db.reader, target, date.today(), ids).written
                seconds.append(time.perf_counter() - start)
                size = target.stat().st_size
    finally:
        db.close()

    median, best, megabytes = statistics.median(seconds), min(seconds), size / 1024 / 1024
    print(
        f"export {people} people: median {median:.2f} s, best {best:.2f} s, "
        f"file {megabytes:.1f} MB ({args.runs} runs; Python {sys.version.split()[0]})",
        flush=True,
    )
    if args.json:
        print(json.dumps({"people": people, "median_s": median, "best_s": best,
                          "file_mb": megabytes, "runs_s": seconds}))  # fmt: skip


if __name__ == "__main__":
    main()
