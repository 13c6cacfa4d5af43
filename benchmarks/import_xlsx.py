"""Import of a 5,000-row class list (.xlsx) next to the floor any importer stands on.

Usage: import_xlsx.py [--rows 5000] [--runs 5] [--json]

The file: a title row, a header (ФИО, Дата рождения, Класс, Телефон, Примечание) and
5,000 students, dates as real Excel dates, written once to benchmarks/out/.

- floor: openpyxl's read-only iteration of every row (values only) plus a plain sqlite3
  executemany of the same rows into a fresh database with the app's schema, one commit;
- import: what the wizard and `mentor-desk participants import` run: open_table,
  read_rows, find_layout, build_plan (checks, duplicate search against the register) and
  apply_plan (one transaction, through the service's checks and cleaning) into a fresh
  database of the same schema.

Both are timed in this process after a warm-up run, so module imports are not counted.
Goal: import ≤ 2× floor. With --json the last line is JSON for run_all.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from mentor_desk.bootstrap import open_school_database
from mentor_desk.demo import female_surname, load_names
from mentor_desk.exchange.importing import (
    Defaults,
    Outcome,
    RegisterIndex,
    build_plan,
    find_layout,
)
from mentor_desk.exchange.reading import open_table, read_rows
from mentor_desk.services.importing import apply_plan

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TODAY = date(2026, 11, 23)


def make_file(rows: int) -> Path:
    path = OUT / f"class_list_{rows}.xlsx"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    names = load_names()
    rng = random.Random(1)
    # A regular workbook, as Excel saves one: with the <dimension> of the used range that
    # openpyxl's write-only mode leaves out (its absence makes openpyxl read a sheet twice).
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Обучающиеся"
    ws.append(["Список обучающихся МБОУ «СОШ № 5» на 2026/2027 учебный год"])
    ws.append(["ФИО", "Дата рождения", "Класс", "Телефон", "Примечание"])
    for n in range(rows):
        male = rng.random() < 0.5
        surname = rng.choice(names.surnames)
        first = rng.choice(names.male_first if male else names.female_first)
        son, daughter = rng.choice(list(names.patronymics.values()))
        middle = son if male else daughter
        surname = surname if male else female_surname(surname)
        grade = rng.randint(1, 11)
        born = date(2026 - 7 - grade, 1, 1) + timedelta(days=rng.randint(0, 364))
        letter = "АБВГ"[rng.randint(0, 3)]
        ws.append([f"{surname} {first} {middle}", born, f"{grade}{letter}",
                   f"+7 9{n % 100:02d} {n:07d}", ""])  # fmt: skip
        ws.cell(ws.max_row, 2).number_format = "DD.MM.YYYY"
    book.save(path)
    return path


def fresh_db(folder: Path, name: str) -> Path:
    path = folder / f"{name}.sqlite3"
    db = open_school_database(path)  # schema and lists: not part of either timing
    db.close()
    return path


def floor(source: Path, db_path: Path) -> float:
    started = time.perf_counter()
    book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    rows = list(book.active.iter_rows(values_only=True))[2:]
    book.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.executemany(
            "INSERT INTO participant (last_name, first_name, middle_name, birth_date, "
            "category, class_name, phone, note, position, subject, organization, email, "
            "is_mentor, is_mentee, capacity, consent_status, consent_signer, "
            "representative_name, created_at, updated_at) VALUES (?, ?, ?, ?, 'student', ?, "
            "?, ?, '', '', '', '', 0, 0, 1, 'none', '', '', datetime('now'), datetime('now'))",
            [(*r[0].split(" ", 2), r[1].date().isoformat(), r[2], r[3], r[4] or "")
             for r in rows],
        )  # fmt: skip
    conn.close()
    return time.perf_counter() - started


def engine(source: Path, db_path: Path) -> tuple[float, int]:
    db = open_school_database(db_path)
    try:
        started = time.perf_counter()
        table = open_table(source)
        rows = read_rows(table)
        layout = find_layout(rows)
        assert layout is not None
        plan = build_plan(rows, layout, Defaults(), RegisterIndex(db.reader), TODAY)
        report = apply_plan(db, plan, source.name, TODAY)
        elapsed = time.perf_counter() - started
    finally:
        db.close()
    return elapsed, report.count(Outcome.ADDED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    source = make_file(args.rows)
    floors: list[float] = []
    imports: list[float] = []
    added = 0
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs + 1):  # run 0 warms up imports and caches
            f = floor(source, fresh_db(Path(folder), f"floor{run}"))
            i, added = engine(source, fresh_db(Path(folder), f"import{run}"))
            if run:
                floors.append(f)
                imports.append(i)
    result = {
        "rows": args.rows,
        "added": added,
        "floor_median_s": statistics.median(floors),
        "import_median_s": statistics.median(imports),
        "floor_best_s": min(floors),
        "import_best_s": min(imports),
    }
    result["ratio_median"] = result["import_median_s"] / result["floor_median_s"]
    print(
        f"import {args.rows} rows: median {result['import_median_s']:.2f} s "
        f"(best {result['import_best_s']:.2f} s), {added} added; floor (openpyxl read-only "
        f"+ sqlite insert) median {result['floor_median_s']:.2f} s "
        f"(best {result['floor_best_s']:.2f} s); ratio {result['ratio_median']:.2f}× "
        "(goal ≤ 2×)"
    )
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
