"""The school's yearly bundle at a 2,000-person school: export at `full` (gather, the
report PDF, encrypt, sign, write) and `inspect`, in process, median of 5.

    python benchmarks/bundle_export.py      (goals: export ≤ 2 s, inspect ≤ 0.3 s)
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from mentor_desk.bootstrap import open_school_database
from mentor_desk.cli import main as cli
from mentor_desk.exchange.bundle import PrivacyLevel, inspect_bundle
from mentor_desk.services import kpi
from mentor_desk.services.bundle import export_bundle

RUNS = 5


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "school.sqlite3"
        cli(["demo", "--db", str(path), "--students", "1850", "--teachers", "150", "--seed", "9"])
        db = open_school_database(path)
        people = db.reader.execute("SELECT count(*) FROM participant").fetchone()[0]
        year = kpi.current_year(date.today())
        target = Path(folder) / "bundle.mdbundle"
        exports, inspects = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            with db.transaction() as session:
                export_bundle(session, path, target, year, PrivacyLevel.FULL, date.today(),
                              datetime.now(), password="пароль-2026")  # fmt: skip
            exports.append(time.perf_counter() - started)
            started = time.perf_counter()
            inspect_bundle(target)
            inspects.append(time.perf_counter() - started)
        print(f"{people:,} people, full level: export median {statistics.median(exports):.2f} s, "
              f"inspect median {statistics.median(inspects) * 1000:.0f} ms, "
              f"file {target.stat().st_size / 1024:.0f} KB")  # fmt: skip
        db.close()


if __name__ == "__main__":
    main()
