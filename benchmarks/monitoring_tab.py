"""The monitoring dashboard on a real database: what the tab's worker does (read the facts,
compute the chosen set and its trend, the contingent), and the report's figures.

    python benchmarks/monitoring_tab.py [PATH]   (default: a 20,000-student demo school)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from mentor_desk.bootstrap import open_school_database
from mentor_desk.services import kpi
from mentor_desk.services.analytic_report import report_data

RUNS = 5


def _demo(folder: Path) -> Path:
    from mentor_desk.cli import main

    path = folder / "demo_20k.sqlite3"
    main(["demo", "--db", str(path), "--students", "20000", "--teachers", "1500", "--seed", "5"])
    return path


def _median_ms(work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(sys.argv[1]) if len(sys.argv) > 1 else _demo(Path(folder))
        db = open_school_database(path)
        conn = db.reader
        people = conn.execute("SELECT count(*) FROM participant").fetchone()[0]
        pairs = conn.execute("SELECT count(*) FROM mentorship").fetchone()[0]
        year = kpi.current_year(date.today())
        sets = kpi.catalog(conn)
        chosen = kpi.chosen_set(conn, sets)
        board_ms = _median_ms(lambda: kpi.dashboard(conn, chosen, year))
        board = kpi.dashboard(conn, chosen, year)
        report_ms = _median_ms(lambda: report_data(conn, board, date.today()))
        years = len(next(iter(board.trend.values())))
        print(
            f"{people:,} people, {pairs:,} pairs, {years} years of trend: dashboard median "
            f"{board_ms:.0f} ms (in the tab's worker thread), report figures {report_ms:.0f} ms"
        )
        db.close()


if __name__ == "__main__":
    main()
