"""`mentor-desk bundle export|inspect`: the yearly bundle for the municipality, headless."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

LEVELS = ("aggregate", "depersonalized", "full")


def add_parser(sub: Any, db_help: str) -> None:
    bundle = sub.add_parser("bundle", help="пакет для муниципалитета: выгрузить, проверить")
    actions = bundle.add_subparsers(dest="action", metavar="действие", required=True)
    export = actions.add_parser(
        "export",
        help="выгрузить пакет учебного года",
        description="Один файл .mdbundle с показателями, контингентом, парами, дорожной "
        "картой, анкетами и SWOT за учебный год; aggregate — только цифры (по умолчанию), "
        "depersonalized — и обезличенные участники пар, full — и участники с действующим "
        "согласием. Сведения о людях шифруются паролем или ключом муниципалитета.",
    )
    export.add_argument("--db", dest="sub_db", metavar="ПУТЬ", help=db_help)
    export.add_argument("--year", metavar="ГОД", help="учебный год, например 2025-2026")
    export.add_argument("--privacy", choices=LEVELS, default="aggregate",
                        help="уровень сведений (по умолчанию aggregate)")  # fmt: skip
    export.add_argument("--out", required=True, metavar="ФАЙЛ", help="файл .mdbundle")
    export.add_argument("--password-env", metavar="ПЕРЕМЕННАЯ",
                        help="переменная окружения с паролем (не в командной строке)")  # fmt: skip
    export.add_argument("--to-key", metavar="ФАЙЛ.pem",
                        help="открытый ключ муниципалитета вместо пароля")  # fmt: skip
    export.add_argument("--json", action="store_true", help="вывести итог в JSON")
    inspect = actions.add_parser("inspect", help="что в пакете и цел ли он")
    inspect.add_argument("file", metavar="ФАЙЛ")
    inspect.add_argument("--json", action="store_true", help="вывести JSON")


def _fail(message: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
    print(f"mentor-desk: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace, db_path: Path) -> int:
    if args.action == "inspect":
        return _inspect(Path(args.file), args.json)
    return _export(args, db_path)


def _inspect(path: Path, as_json: bool) -> int:
    from mentor_desk.exchange.bundle import BundleError, inspect_bundle

    try:
        report = inspect_bundle(path)
    except (BundleError, OSError) as exc:
        return _fail(str(exc), as_json)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0 if report["ok"] else 1
    school = report["school"]
    print(f"Пакет: {path}")
    print(f"Школа: {school['name']} ({school['municipality']}), идентификатор {school['id']}")
    print(f"Учебный год {report['academic_year']}; уровень: {report['level_label']}")
    print(f"Создан: {report['created']} ({report['software']})")
    for name, count in report["counts"].items():
        print(f"  {name}: {count}")
    if report["personal"]:
        print(f"Сведения о людях зашифрованы ({report['personal']['encryption']})")
    yes = {True: "да", False: "НЕТ"}
    print(f"Контрольные суммы верны: {yes[report['checksums_ok']]}; "
          f"подпись верна: {yes[report['signature_ok']]}; "
          f"отпечаток ключа: {report['fingerprint'] or '—'}")  # fmt: skip
    for problem in report["problems"]:
        print(f"ОШИБКА: {problem}")
    return 0 if report["ok"] else 1


def _export(args: argparse.Namespace, db_path: Path) -> int:
    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.exchange.bundle import BundleError, PrivacyLevel, load_municipality_public_key
    from mentor_desk.services import kpi
    from mentor_desk.services.bundle import BundleExportError, export_bundle

    if not db_path.exists():
        return _fail(f"файл базы данных не найден: {db_path}", args.json)
    try:
        year = kpi.parse_year(args.year) if args.year else kpi.current_year(date.today())
        password = os.environ.get(args.password_env) if args.password_env else None
        if args.password_env and not password:
            raise ValueError(f"переменная окружения {args.password_env} пуста или не задана")
        key = load_municipality_public_key(Path(args.to_key).read_bytes()) if args.to_key \
            else None  # fmt: skip
    except (ValueError, OSError, BundleError) as exc:
        return _fail(str(exc), args.json)
    db = open_school_database(db_path)
    try:
        with db.transaction() as session:
            info = export_bundle(
                session, db_path, Path(args.out), year, PrivacyLevel(args.privacy),
                date.today(), datetime.now(), password=password, municipality_key=key,
            )  # fmt: skip
    except (BundleExportError, BundleError) as exc:
        return _fail(str(exc), args.json)
    finally:
        db.close()
    summary = {
        "file": info.path, "bundle_id": str(info.bundle_id), "level": info.level.value,
        "size": info.size, "sha256": info.sha256, "fingerprint": info.fingerprint,
        "counts": info.counts, "encryption": info.encryption,
    }  # fmt: skip
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"Пакет записан: {info.path} ({info.size} байт, уровень {info.level.label})")
        print(f"Отпечаток ключа школы: {info.fingerprint}")
    return 0
