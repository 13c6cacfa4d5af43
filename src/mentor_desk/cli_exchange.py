"""`mentor-desk participants import|export|template`: the wizard's engine, headless."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path


def _fail(message: str, code: int = 2, *, as_json: bool = False) -> int:
    """The message on stderr; with --json also {"error": message} on stdout, for a script."""
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    print(f"mentor-desk: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace, db_path: Path) -> int:
    if args.action == "template":
        return _template(Path(args.file))
    if args.action == "export":
        return _export(Path(args.file), db_path)
    return _import(args, db_path)


def _template(path: Path) -> int:
    from mentor_desk.exchange.export import ExportError, write_template

    try:
        write_template(path)
    except ExportError as exc:
        return _fail(str(exc))
    print(f"Шаблон записан: {path}")
    return 0


def _export(path: Path, db_path: Path) -> int:
    if not db_path.exists():
        return _fail(f"файл базы данных не найден: {db_path}")
    if path.suffix.lower() != ".xlsx":
        return _fail("реестр выгружается в файл .xlsx: укажите имя вида reestr.xlsx")
    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.exchange.export import ExportError, export_register

    db = open_school_database(db_path)
    try:
        result = export_register(db.reader, path, date.today())
    except ExportError as exc:
        return _fail(str(exc))
    finally:
        db.close()
    print(f"{result.summary()}.")
    print(f"Файл: {path}")
    return 0


def _import(args: argparse.Namespace, db_path: Path) -> int:
    from mentor_desk.domain.participants import Category, normalize_class
    from mentor_desk.exchange.importing import (
        Defaults,
        DuplicateAction,
        MappingProblem,
        Outcome,
        plan_file,
        report_for,
    )
    from mentor_desk.exchange.reading import FileProblem

    as_json = bool(args.json)
    try:
        category = Category.from_label(args.category) if args.category else None
        class_name = normalize_class(args.class_name) if args.class_name.strip() else ""
    except ValueError as exc:
        return _fail(str(exc), as_json=as_json)
    defaults = Defaults(category, class_name, DuplicateAction(args.on_duplicate))
    source = Path(args.file)
    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.services.importing import import_plan

    # A new database is created only to write into: a dry run, a file that cannot be read
    # and one refused for its errors leave no file behind. A new one has no one to match.
    existing = db_path.exists() and db_path.stat().st_size > 0
    db = open_school_database(db_path) if existing else None
    try:
        try:
            sheet, plan = plan_file(
                source, db.reader if db else None, defaults, date.today(), args.sheet
            )
        except (FileProblem, MappingProblem) as exc:
            return _fail(str(exc), as_json=as_json)
        if not plan.rows:
            return _fail(f"на листе «{sheet}» нет ни одной строки с участником", as_json=as_json)
        broken = [row for row in plan.rows if row.errors]
        refuse = bool(broken) and not args.skip_errors
        if args.dry_run or refuse:
            report = report_for(plan, source.name, dry_run=True)
        else:
            if db is None:
                db = open_school_database(db_path)
            report = import_plan(db, plan, source.name, date.today(), backup_first=not db.created)
    finally:
        if db:
            db.close()
    if args.json:
        payload = {"sheet": sheet, **report.as_dict(), "refused": refuse}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(f"Файл: {source} (лист «{sheet}»)")
        for line in report.lines:
            if line.outcome is not Outcome.ADDED:
                who = f", {line.name} — {line.outcome.label}" if line.name else " — пропущена"
                print(f"  строка {line.line}{who}: {line.reason}")
        if refuse:
            added, updated, skipped = (report.count(o) for o in Outcome)
            print(
                f"Ничего не записано: в строках с ошибками — {len(broken)} (см. выше). "
                f"С --skip-errors было бы добавлено: {added}, обновлено: {updated}, "
                f"пропущено: {skipped}."
            )
        else:
            print(report.summary())
    if refuse:
        return _fail(
            f"в строках с ошибками: {len(broken)} (см. выше), ничего не записано. Исправьте "
            "файл или добавьте --skip-errors, чтобы записать остальные строки.",
            code=1,
        )
    return 0
