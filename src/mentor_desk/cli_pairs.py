"""`mentor-desk pairs list`: the pairs and groups with their ids, for `order --pairs`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

STATUSES = ("draft", "approved", "active", "ended")


def add_parser(sub: Any, db_help: str) -> None:
    """The `pairs` sub-command's arguments (cli._parser calls this)."""
    pairs = sub.add_parser("pairs", help="пары и группы: номера для приказа (order --pairs)")
    actions = pairs.add_subparsers(dest="action", metavar="действие", required=True)
    listing = actions.add_parser(
        "list",
        help="пары и группы с их номерами",
        description="Пары и группы с номерами: номера указываются в "
        "«order --kind pairs --pairs 3,7», чтобы издать приказ не обо всех черновиках.",
    )
    listing.add_argument("--db", dest="sub_db", metavar="ПУТЬ", help=db_help)
    listing.add_argument(
        "--status",
        choices=STATUSES,
        help="только в этом состоянии: draft — черновик, approved — утверждена, "
        "active — действует, ended — завершена",
    )
    listing.add_argument("--json", action="store_true", help="вывести один массив JSON")


def run(args: argparse.Namespace, db_path: Path) -> int:
    from mentor_desk.domain.dates import format_date
    from mentor_desk.domain.pairs import Status
    from mentor_desk.queries.documents import pair_lines

    if not db_path.exists():
        print(f"mentor-desk: файл базы данных не найден: {db_path}", file=sys.stderr)
        return 2
    from mentor_desk.bootstrap import open_school_database

    db = open_school_database(db_path)
    try:
        lines = pair_lines(db.reader, status=Status(args.status) if args.status else None)
    finally:
        db.close()
    if args.json:
        print(json.dumps([
            {"id": line.id, "mentor": line.mentor, "mentees": line.mentees,
             "form": line.form.value, "status": line.status.value,
             "order_number": line.order_number,
             "order_date": line.order_date.isoformat() if line.order_date else None}
            for line in lines
        ], ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    if not lines:
        print(
            "Пар и групп нет"
            + (f" в состоянии «{Status(args.status).label}»" if args.status else "")
        )
        return 0
    for line in lines:
        order = f"; приказ № {line.order_number} от {format_date(line.order_date)}" if (
            line.order_number and line.order_date
        ) else ""  # fmt: skip
        print(f"{line.id}\t{line.status.label}\t{line.mentor} → {', '.join(line.mentees) or '—'}"
              f"\t{line.form.label}{order}")  # fmt: skip
    return 0
