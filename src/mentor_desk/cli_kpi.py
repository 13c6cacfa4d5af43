"""`mentor-desk kpi`: the monitoring table of a year for any indicator set."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

STATUS_WORDS = {
    "met": "достигнут",
    "near": "близок",
    "far": "не достигнут",
    "no_data": "нет данных",
}


def add_parser(sub: Any, db_help: str) -> None:
    """The `kpi` sub-command's arguments (cli._parser calls this)."""
    kpi = sub.add_parser(
        "kpi",
        help="показатели эффективности наставничества за учебный год",
        description="Показатели выбранного набора за учебный год: числитель, знаменатель, "
        "значение, план и отметка (достигнут, близок, не достигнут, нет данных).",
    )
    kpi.add_argument("--db", dest="sub_db", metavar="ПУТЬ", help=db_help)
    kpi.add_argument("--year", metavar="ГОД", help="учебный год, например 2025-2026")
    kpi.add_argument("--set", dest="set_key", metavar="КЛЮЧ", help="набор показателей")
    kpi.add_argument("--json", action="store_true", help="вывести JSON")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def kpi_report(conn: Any, today: date, year_text: str | None, set_key: str | None) -> Any:
    """The dashboard for the CLI and `info --json`; ValueError in Russian for a bad
    year or an unknown set."""
    from mentor_desk.services import kpi
    from mentor_desk.services.indicator_sets import find_set

    year = kpi.parse_year(year_text) if year_text else kpi.current_year(today)
    sets = kpi.catalog(conn)
    chosen = find_set(set_key, sets.sets) if set_key else kpi.chosen_set(conn, sets)
    return kpi.dashboard(conn, chosen, year)


def run(args: argparse.Namespace, db_path: Path) -> int:
    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.services.kpi import as_json

    if not db_path.exists():
        print(f"mentor-desk: файл базы данных не найден: {db_path}", file=sys.stderr)
        return 2
    db = open_school_database(db_path)
    try:
        board = kpi_report(db.reader, date.today(), args.year, args.set_key)
    except ValueError as exc:  # IndicatorSetError is one
        if args.json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        print(f"mentor-desk: {exc}", file=sys.stderr)
        return 2
    finally:
        db.close()
    report = as_json(board)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{board.indicator_set.title}")
    print(f"Учебный год {report['year']}, дата отсчёта {report['reference_date']}")
    for n, row in enumerate(report["indicators"], 1):
        denominator = "?" if row["denominator"] is None else row["denominator"]
        print(f"{n}. {row['name']}")
        print(f"   {row['numerator']} из {denominator}: {_percent(row['value'])}, "
              f"план {_percent(row['target'])} — {STATUS_WORDS[row['status']]}")  # fmt: skip
    return 0
