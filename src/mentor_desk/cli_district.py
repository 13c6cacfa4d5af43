"""`mentor-desk district add|list|report`: the municipality's workspace, headless.

The workspace is a SQLite file (created and migrated when absent); the received files are
kept unchanged in the folder «<file>-inbox» beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

STATUS_WORDS = {
    "met": "достигнут",
    "near": "близок",
    "far": "не достигнут",
    "no_data": "нет данных",
}


def add_parser(sub: Any) -> None:
    district = sub.add_parser(
        "district",
        help="рабочая область муниципалитета: пакеты школ, сводные показатели",
        description="Пакеты школ (.mdbundle) в рабочей области муниципалитета: добавить, "
        "показать, составить сводный отчёт. Рабочая область — файл SQLite; полученные файлы "
        "хранятся без изменений в папке «<файл>-inbox» рядом с ним.",
    )
    actions = district.add_subparsers(dest="action", metavar="действие", required=True)
    workspace_help = "файл рабочей области (создаётся, если его нет)"
    add = actions.add_parser("add", help="добавить пакеты (файлы или папки)")
    add.add_argument("paths", nargs="+", metavar="ФАЙЛ_ИЛИ_ПАПКА")
    add.add_argument("--workspace", required=True, metavar="ПУТЬ", help=workspace_help)
    add.add_argument("--confirm-key", action="append", default=[], metavar="ИД_ШКОЛЫ",
                     help="принять новый ключ подписи этой школы (сверив отпечаток)")  # fmt: skip
    add.add_argument("--json", action="store_true", help="вывести итог в JSON")
    listing = actions.add_parser("list", help="пакеты в рабочей области")
    listing.add_argument("--workspace", required=True, metavar="ПУТЬ", help=workspace_help)
    listing.add_argument("--year", metavar="ГОД", help="учебный год, например 2025-2026")
    listing.add_argument("--json", action="store_true", help="вывести JSON")
    report = actions.add_parser("report", help="сводный отчёт за учебный год")
    report.add_argument("--workspace", required=True, metavar="ПУТЬ", help=workspace_help)
    report.add_argument("--year", required=True, metavar="ГОД", help="учебный год")
    report.add_argument("--set", dest="set_key", metavar="КЛЮЧ",
                        help="набор показателей (по умолчанию тот, по которому отчитывается "
                        "большинство школ)")  # fmt: skip
    report.add_argument("--out", required=True, metavar="ФАЙЛ",
                        help="файл отчёта: .xlsx, .pdf или .docx")  # fmt: skip
    report.add_argument("--department", default="", metavar="ТЕКСТ",
                        help="орган управления образованием для заголовка")  # fmt: skip
    report.add_argument("--json", action="store_true", help="вывести сводку в JSON")


def _fail(message: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    print(f"mentor-desk: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from mentor_desk.services import district

    path = Path(args.workspace).expanduser()
    if "://" in args.workspace:
        return _fail("рабочая область на сервере PostgreSQL пока не поддерживается: укажите "
                     "файл", args.json)  # fmt: skip
    if args.action == "report":
        suffix = Path(args.out).suffix.lower()
        if suffix not in district.REPORT_SUFFIXES:
            return _fail(f"файл отчёта должен быть .xlsx, .pdf или .docx, а не «{suffix or '—'}»",
                         args.json)  # fmt: skip
    if args.action != "add" and not path.exists():
        return _fail(f"рабочая область не найдена: {path}", args.json)
    try:
        db = district.open_workspace(path.resolve())
    except district.DistrictError as exc:
        return _fail(str(exc), args.json)
    try:
        if args.action == "add":
            return _add(db, args)
        if args.action == "list":
            return _list(db, args)
        return _report(db, args)
    finally:
        db.close()


def _add(db: Any, args: argparse.Namespace) -> int:
    from mentor_desk.services import district

    paths = [Path(p).expanduser() for p in args.paths]
    try:
        with db.transaction() as session:
            report = district.add_bundles(
                session, paths, district.inbox_for(db.path), date.today(), datetime.now(),
                confirm_key_change=set(args.confirm_key),
            )  # fmt: skip
    except district.DistrictError as exc:
        return _fail(str(exc), args.json)
    if args.json:
        print(json.dumps({"files": [f.__dict__ for f in report.files],
                          "counts": {o: report.count(o) for o in district.OUTCOME_LABELS}},
                         ensure_ascii=False, indent=2))  # fmt: skip
    else:
        for item in report.files:
            print(f"{Path(item.path).name}: {item.label}. {item.message}")
            if item.code == "key_changed":
                print(f"  Чтобы принять новый ключ: --confirm-key {item.school_id}")
        print(report.summary)
    return 1 if report.refused else 0


def _list(db: Any, args: argparse.Namespace) -> int:
    from mentor_desk.queries import district as reads
    from mentor_desk.services.kpi import parse_year, year_label

    try:
        year = year_label(parse_year(args.year)) if args.year else None
    except ValueError as exc:
        return _fail(str(exc), args.json)
    rows = reads.bundles(db.reader, year)
    silent = reads.silent_schools(db.reader, year) if year else []
    if args.json:
        print(json.dumps({
            "bundles": [{
                "school_id": b.school_id, "school": b.school_name, "academic_year": b.academic_year,
                "level": b.level, "created": b.created.isoformat() + "Z", "bundle_id": b.id,
                "format_version": b.format_version, "sha256": b.file_sha256,
                "indicators": {"met": b.met, "near": b.near, "far": b.far, "no_data": b.no_data},
            } for b in rows],
            "silent": [{"id": s.id, "name": s.name} for s in silent],
        }, ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    if not rows:
        print("Пакетов нет" + (f" за {year} учебный год" if year else ""))
    for b in rows:
        print(f"{b.academic_year}  {b.school_name} ({b.school_id}); создан "
              f"{b.created:%d.%m.%Y %H:%M} UTC; уровень {b.level}; показатели: достигнуто "
              f"{b.met}, близко {b.near}, не достигнуто {b.far}, "
              f"нет данных {b.no_data}")  # fmt: skip
    for s in silent:
        print(f"Не прислала пакет: {s.name} ({s.id})")
    return 0


def _report(db: Any, args: argparse.Namespace) -> int:
    from mentor_desk.documents.files import DocumentWriteError
    from mentor_desk.exchange.export import ExportError
    from mentor_desk.services import district

    out = Path(args.out).expanduser()
    try:
        result = district.write_report(db.reader, out, args.set_key, args.year, date.today(),
                                       department=args.department)  # fmt: skip
    except (ValueError, ExportError, DocumentWriteError) as exc:  # a year, a locked file
        return _fail(str(exc), args.json)
    summary = district.as_json(result)
    if args.json:
        print(json.dumps({"file": str(out), **summary}, ensure_ascii=False, indent=2))
        return 0
    print(f"Сводный отчёт записан: {out}")
    print(f"Учебный год {result.academic_year}; набор «{result.set_title}»; пакетов "
          f"{len(result.reporting)}, не прислали {len(result.silent)}")  # fmt: skip
    for n, item in enumerate(result.indicators, 1):
        value = "—" if item.value is None else f"{item.value:.1f} %".replace(".", ",")
        print(f"{n}. {item.name}: {value} — {STATUS_WORDS.get(item.status, item.status)}; "
              f"отстают {len(item.lagging)}")  # fmt: skip
    return 0
