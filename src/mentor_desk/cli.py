"""`mentor-desk`: no sub-command opens the window; sub-commands work headless."""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # selftest reports the time to the shown window from here

import argparse  # noqa: E402 - the clock starts before the imports it measures
import sys  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from mentor_desk import __version__  # noqa: E402
from mentor_desk.paths import DB_ENV_VAR, demo_db_path, resolve_db_path  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    db_help = f"файл базы данных (по умолчанию ${DB_ENV_VAR} или папка данных пользователя)"
    parser = argparse.ArgumentParser(
        prog="mentor-desk",
        description="Mentor Desk — рабочее место куратора наставничества. "
        "Без команды открывает окно программы.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", help=db_help)
    parser.add_argument(
        "--demo", action="store_true", help="открыть демонстрационную школу (отдельный файл)"
    )
    parser.add_argument(
        "--district",
        metavar="ФАЙЛ",
        help="открыть окно муниципалитета с этой рабочей областью (создаётся, если её нет)",
    )
    sub = parser.add_subparsers(dest="command", metavar="команда")

    info = sub.add_parser("info", help="сводка по базе: участники, согласия")
    info.add_argument("--db", dest="sub_db", help=db_help)
    info.add_argument("--json", action="store_true", help="вывести один объект JSON")

    selftest = sub.add_parser("selftest", help="проверить установку: окно, вкладки, база")
    selftest.add_argument("--db", dest="sub_db", help=db_help)

    demo = sub.add_parser("demo", help="создать демонстрационную базу")
    demo.add_argument("--db", dest="sub_db", required=True, help="куда записать базу (новый файл)")
    demo.add_argument("--students", type=int, default=600)
    demo.add_argument("--teachers", type=int, default=60)
    demo.add_argument("--seed", type=int, default=1)

    backup = sub.add_parser("backup", help="сделать резервную копию базы сейчас")
    backup.add_argument("--db", dest="sub_db", help=db_help)

    people = sub.add_parser("participants", help="импорт и экспорт участников (Excel, CSV)")
    actions = people.add_subparsers(dest="action", metavar="действие", required=True)
    load = actions.add_parser(
        "import",
        help="добавить участников из .xlsx, .xls, .ods или .csv",
        description="Импорт участников: столбцы определяются по заголовкам, как в мастере. "
        "Если в строках есть ошибки, ничего не записывается (или --skip-errors).",
    )
    load.add_argument("file", help="файл со списком")
    load.add_argument("--db", dest="sub_db", help=db_help + "; новый файл будет создан")
    load.add_argument("--sheet", help="лист книги (по умолчанию первый видимый)")
    load.add_argument(
        "--category",
        help="категория, если в файле её нет (например: педагог); по умолчанию — педагог "
        "для списка с должностями, иначе обучающийся",
    )
    load.add_argument(
        "--class",
        dest="class_name",
        default="",
        help="класс для обучающихся, если в файле его нет (например: 7Б)",
    )
    load.add_argument(
        "--on-duplicate",
        default="skip",
        choices=["skip", "update", "add"],
        help="что делать с теми, кто уже есть в реестре",
    )
    load.add_argument(
        "--skip-errors",
        action="store_true",
        help="записать верные строки, пропустив строки с ошибками",
    )
    load.add_argument(
        "--dry-run", action="store_true", help="только проверить, ничего не записывать"
    )
    load.add_argument("--json", action="store_true", help="отчёт одним объектом JSON")
    dump = actions.add_parser("export", help="выгрузить реестр в .xlsx")
    dump.add_argument("file", help="файл .xlsx")
    dump.add_argument("--db", dest="sub_db", help=db_help)
    template = actions.add_parser("template", help="записать шаблон .xlsx для заполнения")
    template.add_argument("file", help="файл .xlsx")

    from mentor_desk import cli_bundle, cli_district, cli_documents, cli_kpi, cli_pairs

    cli_documents.add_parser(sub, db_help)
    cli_pairs.add_parser(sub, db_help)
    cli_kpi.add_parser(sub, db_help)
    cli_bundle.add_parser(sub, db_help)
    cli_district.add_parser(sub)
    return parser


def _fail(message: str) -> int:
    print(f"mentor-desk: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `mentor-desk info --json | head`: the reader went away; no traceback for that.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: list[str] | None) -> int:
    from mentor_desk import cli_russian

    cli_russian.install()
    args = _parser().parse_args(argv)
    from mentor_desk.storage.errors import user_message

    db_arg = getattr(args, "sub_db", None) or args.db
    try:
        if args.command is None and args.district:
            return _run_district(args.district)
        if args.command is None:
            return _run_window(db_arg, args.demo)
        if args.command == "info":
            return _info(resolve_db_path(db_arg), args.json)
        if args.command == "selftest":
            return _selftest(db_arg)
        if args.command == "demo":
            return _demo(Path(args.sub_db), args.students, args.teachers, args.seed)
        if args.command == "backup":
            return _backup(resolve_db_path(db_arg))
        if args.command == "participants":
            from mentor_desk import cli_exchange

            return cli_exchange.run(args, resolve_db_path(db_arg))
        if args.command == "order":
            from mentor_desk import cli_documents

            return cli_documents.run(args, resolve_db_path(db_arg))
        if args.command == "pairs":
            from mentor_desk import cli_pairs

            return cli_pairs.run(args, resolve_db_path(db_arg))
        if args.command == "bundle":
            from mentor_desk import cli_bundle

            return cli_bundle.run(args, resolve_db_path(db_arg))
        if args.command == "district":
            from mentor_desk import cli_district

            return cli_district.run(args)
        if args.command == "kpi":
            from mentor_desk import cli_kpi

            return cli_kpi.run(args, resolve_db_path(db_arg))
    except Exception as exc:
        # A broken or locked database, a full disk: the Russian message, not a traceback.
        message = user_message(exc)
        if message is None:
            raise
        if getattr(args, "json", False):
            import json

            print(json.dumps({"error": message}, ensure_ascii=False))
        return _fail(message)
    return _fail(f"неизвестная команда {args.command}")


def _run_window(db_arg: str | None, demo: bool) -> int:
    from mentor_desk.bootstrap import setup_logging

    log_file = setup_logging()
    if demo:
        path = demo_db_path()
        if not path.exists():
            _write_demo(path, students=600, teachers=60, seed=1)
    else:
        path = resolve_db_path(db_arg)
    from mentor_desk.app import run_gui

    return run_gui(path, demo=demo, log_file=log_file)


def _run_district(workspace: str) -> int:
    if "://" in workspace:
        return _fail("рабочая область на сервере PostgreSQL пока не поддерживается: укажите файл")
    from mentor_desk.bootstrap import setup_logging

    log_file = setup_logging()
    from mentor_desk.app import run_district

    return run_district(Path(workspace).expanduser().resolve(), log_file=log_file)


def _info(path: Path, as_json: bool) -> int:
    if not path.exists():
        message = f"файл базы данных не найден: {path}"
        if as_json:  # a script reading the JSON gets the error as JSON too
            import json

            print(json.dumps({"error": message}, ensure_ascii=False))
        return _fail(message)
    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.services.stats import summary

    db = open_school_database(path)
    try:
        report = summary(db.reader, date.today())
        if as_json:
            from mentor_desk import cli_kpi
            from mentor_desk.services.kpi import as_json as kpi_json

            report["kpi"] = kpi_json(cli_kpi.kpi_report(db.reader, date.today(), None, None))
    finally:
        db.close()
    if as_json:
        import json

        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    from mentor_desk.domain.pairs import Form, Status
    from mentor_desk.domain.participants import Category, ConsentState

    people = report["participants"]
    print(f"База: {path}")
    print(f"Участников: {people['total']} (в архиве ещё {people['archived']})")
    for category in Category:
        print(f"  {category.label}: {people['by_category'].get(category.value, 0)}")
    roles = people["by_role"]
    print(f"Наставников: {roles['mentor']}, наставляемых: {roles['mentee']}, "
          f"и то и другое: {roles['both']}, без роли: {roles['none']}")  # fmt: skip
    print(f"Молодых специалистов: {people['young_specialists']}")
    print("Согласия на обработку ПДн:")
    for state in ConsentState:
        print(f"  {state.label}: {report['consents'].get(state.value, 0)}")
    _print_roadmap(report["roadmap"])
    pairs = report["pairs"]
    print(f"Пар и групп: {pairs['total']} (групп: {pairs['groups']})")
    for status in Status:
        print(f"  {status.label}: {pairs['by_status'][status.value]}")
    if any(pairs["by_form"].values()):
        print("Формы наставничества:")
    for form in Form:
        if pairs["by_form"][form.value]:
            print(f"  {form.label}: {pairs['by_form'][form.value]}")
    return 0


def _print_roadmap(roadmap: dict[str, Any]) -> None:
    """One line; before the pairs, whose list of forms ends the report."""
    from mentor_desk.domain.text import count_ru

    if not roadmap["total"]:
        print("Дорожная карта: мероприятий нет")
        return
    by_status = roadmap["by_status"]
    total = count_ru(roadmap["total"], "мероприятие", "мероприятия", "мероприятий")
    print(f"Дорожная карта: {total}; выполнено {by_status['done']}, "
          f"в работе {by_status['in_progress']}, не начато {by_status['not_started']}, "
          f"просрочено {by_status['overdue']}")  # fmt: skip


def _selftest(db_arg: str | None) -> int:
    import tempfile

    from mentor_desk.app import selftest

    path = resolve_db_path(db_arg)
    if db_arg is None and not path.exists():
        # An admin checking an install gets a throwaway database, not an empty school file.
        with tempfile.TemporaryDirectory() as folder:
            return selftest(Path(folder) / "selftest.sqlite3", STARTED)
    return selftest(path, STARTED)


def _write_demo(path: Path, students: int, teachers: int, seed: int) -> dict[str, int]:
    from mentor_desk.demo import generate_demo
    from mentor_desk.storage.database import open_database

    # Written aside and renamed at the end: an interrupted run leaves no half-made demo.
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    db = open_database(partial)
    try:
        counts = generate_demo(db, students=students, teachers=teachers, seed=seed,
                               today=date.today())  # fmt: skip
    finally:
        db.close()
    partial.replace(path)
    return counts


def _demo(path: Path, students: int, teachers: int, seed: int) -> int:
    if path.exists() and path.stat().st_size > 0:
        return _fail(f"файл уже существует: {path}. Демо-база записывается только в новый файл.")
    if students < 0 or teachers < 0:
        return _fail("число обучающихся и педагогов не может быть отрицательным")
    counts = _write_demo(path, students, teachers, seed)
    print(f"Демо-база записана: {path}")
    print(", ".join(f"{key}: {value}" for key, value in counts.items()))
    return 0


def _backup(path: Path) -> int:
    if not path.exists():
        return _fail(f"файл базы данных не найден: {path}")
    from mentor_desk.storage.database import backup

    print(f"Резервная копия: {backup(path, reason='manual')}")
    return 0
