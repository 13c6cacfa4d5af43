"""The yearly bundle at 2,000 people, level full: export and inspect, median and best.

Usage: bundle.py [--people 2000] [--runs 5] [--json]

The tables are synthetic (the bundle library is pure: it takes rows, not a database): a
school of PEOPLE participants with full names, birth dates and contacts, one pair for
every second mentee, twelve indicators, the contingent, a 34-item roadmap, survey
summaries, SWOT and practices, and a 200 KB report PDF. Export is write_bundle() as the
app calls it, including the read-back validation of every table and the atomic save;
it is timed sealed to a municipality's X25519 key and with a password (scrypt, N = 2^17).
Inspect is inspect_bundle() on the written file, without a password. With --json the last
line is JSON for run_all.py. Goals (issue 12): export <= 2 s, inspect <= 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mentor_desk.exchange.bundle import (
    BundleMeta,
    PrivacyLevel,
    generate_municipality_key,
    inspect_bundle,
    read_bundle,
    write_bundle,
)
from mentor_desk.exchange.bundle import format as fmt

SURNAMES = ["Иванова", "Петров", "Смирнова", "Кузнецов", "Соколова", "Попов", "Лебедева"]
NAMES = ["Анна", "Иван", "Мария", "Алексей", "Екатерина", "Дмитрий", "Ольга"]


def school_tables(people: int, seed: int = 1) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(seed)
    persons = []
    for i in range(people):
        teacher = i % 20 == 0
        persons.append(
            {
                "person_id": f"P{i:07d}",
                "last_name": rng.choice(SURNAMES),
                "first_name": rng.choice(NAMES),
                "middle_name": rng.choice(["Сергеевна", "Петрович", None]),
                "birth_date": date(1975 if teacher else 2008, 1, 1)
                + timedelta(days=rng.randrange(3000)),
                "class": None if teacher else f"{rng.randint(1, 11)}{rng.choice('АБВГ')}",
                "category": "teacher" if teacher else "student",
                "is_mentor": teacher or i % 7 == 0,
                "is_mentee": not teacher,
                "email": f"user{i}@school.example" if teacher else None,
                "phone": f"+7 900 {i:03d}-00-00"[:16],
                "consent_until": date(2027, 8, 31),
            }
        )
    mentors = [p["person_id"] for p in persons if p["is_mentor"]]
    mentees = [p["person_id"] for p in persons if p["is_mentee"]]
    pairs = [
        {
            "pair_id": f"Q{n:07d}",
            "mentor_id": mentors[n % len(mentors)],
            "mentee_id": mentee,
            "form": "student_student",
            "kind": "traditional",
            "status": "active",
            "started_on": date(2025, 10, 1),
            "ended_on": None,
        }
        for n, mentee in enumerate(mentees[::2])
    ]
    return {
        "school": [
            {
                "id": "bench-1",
                "full_name": "МБОУ «Школа № 1»",
                "short_name": "Школа № 1",
                "municipality": "Энск",
            }
        ],
        "year": [
            {"academic_year": "2025-2026", "starts": date(2025, 9, 1), "ends": date(2026, 8, 31)}
        ],
        "indicators": [
            {
                "set_key": "region",
                "key": f"k{i}",
                "name": f"Показатель {i}",
                "numerator": 10 * i,
                "denominator": 400,
                "value": 2.5 * i,
                "target": 30.0,
                "status": "far",
            }
            for i in range(12)
        ],
        "contingent": [{"key": key, "count": 100 + i} for i, key in enumerate(fmt.CONTINGENT_KEYS)],
        "pairs_summary": [
            {
                "form": "student_student",
                "kind": "traditional",
                "status": "active",
                "count": len(pairs),
            }
        ],
        "roadmap_items": [
            {
                "section": f"Раздел {i // 8}",
                "title": f"Мероприятие {i}",
                "due": date(2026, 5, 1),
                "status": "done",
                "done_on": date(2026, 4, 1),
            }
            for i in range(34)
        ],
        "survey_summary": [
            {
                "role": "mentee",
                "question": f"Вопрос {i}",
                "kind": "score",
                "respondents": 300,
                "mean": 7.5,
                "option": None,
                "count": None,
            }
            for i in range(10)
        ],
        "swot": [{"quadrant": q, "position": 1, "text": "…"} for q in fmt.QUADRANTS],
        "practices": [
            {"title": "Кейс", "form": None, "description": "Описание " * 50, "results": "Итоги"}
        ],
        "people": persons,
        "pairs": pairs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    tables = school_tables(args.people)
    meta = BundleMeta("bench-1", "МБОУ «Школа № 1»", "Энск", "2025-2026", PrivacyLevel.FULL)
    signer = Ed25519PrivateKey.generate()
    municipality = generate_municipality_key()
    report = os.urandom(200 * 1024)
    results: dict[str, list[float]] = {"export_key": [], "export_password": [], "inspect": []}
    results["read_with_key"] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "school.mdbundle"
        for _ in range(args.runs):
            start = time.perf_counter()
            write_bundle(path, meta, tables, report, signer, password="пароль")
            results["export_password"].append(time.perf_counter() - start)
            start = time.perf_counter()
            info = write_bundle(path, meta, tables, report, signer, municipality.public_key())
            results["export_key"].append(time.perf_counter() - start)
            start = time.perf_counter()
            summary = inspect_bundle(path)
            results["inspect"].append(time.perf_counter() - start)
            start = time.perf_counter()
            bundle = read_bundle(path, private_key=municipality)
            results["read_with_key"].append(time.perf_counter() - start)
        assert summary["ok"] and len(bundle.tables["people"]) == args.people
    out = {
        name: {"median_s": statistics.median(v), "best_s": min(v)} for name, v in results.items()
    }
    print(
        f"{args.people} people at full, {len(tables['pairs'])} pairs, file "
        f"{info.size / 1024:.0f} KB ({args.runs} runs; Python {sys.version.split()[0]})"
    )
    goals = {"export_key": 2.0, "export_password": 2.0, "inspect": 0.3, "read_with_key": None}
    for name, figures in out.items():
        goal = goals[name]
        print(
            f"  {name:16} median {figures['median_s'] * 1000:6.0f} ms, "
            f"best {figures['best_s'] * 1000:6.0f} ms" + (f"  (goal ≤ {goal:g} s)" if goal else "")
        )
    if args.json:
        print(json.dumps({"people": args.people, "file_kb": info.size / 1024, **out}))


if __name__ == "__main__":
    main()
