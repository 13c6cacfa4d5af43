"""«Подобрать автоматически» at school size: the exact optimum for 600 mentees × 150 mentors.

A seeded random pool like a big school's: students and teachers as mentees, students of
grades 9-11, teachers, heads, partners and university students as mentors, capacities 1-5,
12 topics, questionnaire preferences for half of the people, a few pinned pairs.
Times assign() in both modes: the cold first call (scipy imported inside it), then the
median of 5 runs after a warm-up. Goal: at most 1 s.
Usage: matching.py [--json] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from mentor_desk.domain.matching import MenteeProfile, MentorProfile, Weights, assign, score
from mentor_desk.domain.participants import Category

MENTEES, MENTORS, RUNS, PINNED = 600, 150, 5, 30
TOPICS = [
    "Проектная деятельность", "Олимпиады", "Профориентация", "Адаптация в коллективе",
    "Классное руководство", "Цифровые инструменты", "Подготовка к ОГЭ", "Подготовка к ЕГЭ",
    "Наука и исследования", "Спорт", "Волонтёрство", "Работа с родителями",
]  # fmt: skip
SUBJECTS = ["математика", "русский язык", "история", "физика", "биология", "английский язык"]
LETTERS = "АБВГ"


def birth(rng: random.Random, grade: int) -> date | None:
    """About a third of the cards have no birth date: then the grade decides."""
    if rng.random() < 0.3:
        return None
    return date(2026 - 7 - grade, 9, 1) + timedelta(days=rng.randrange(365))


def pool(seed: int) -> tuple[list[MenteeProfile], list[MentorProfile], list[tuple[int, int]]]:
    rng = random.Random(seed)
    mentors: list[MentorProfile] = []
    kinds = [Category.STUDENT] * 60 + [Category.TEACHER] * 60 + [Category.HEAD] * 10
    kinds += [Category.PARTNER] * 10 + [Category.UNIVERSITY_STUDENT] * 10
    for index, category in enumerate(kinds[:MENTORS]):
        grade = rng.randint(9, 11) if category is Category.STUDENT else 0
        capacity = rng.randint(1, 5)
        mentors.append(
            MentorProfile(
                id=10_000 + index,
                name=f"Наставник {index:03d}",
                category=category,
                competencies=frozenset(rng.sample(TOPICS, rng.randint(2, 5))),
                class_name=f"{grade}{rng.choice(LETTERS)}" if grade else "",
                subject=rng.choice(SUBJECTS)
                if category in (Category.TEACHER, Category.HEAD)
                else "",
                birth_date=birth(rng, grade) if grade else None,
                capacity=capacity,
                load=rng.randint(0, capacity) if rng.random() < 0.3 else 0,
            )
        )
    mentees: list[MenteeProfile] = []
    for index in range(MENTEES):
        teacher = index % 5 == 0  # 120 teachers, 480 students
        grade = 0 if teacher else rng.randint(5, 10)
        mentees.append(
            MenteeProfile(
                id=index + 1,
                name=f"Наставляемый {index:03d}",
                category=Category.TEACHER if teacher else Category.STUDENT,
                requests=frozenset(rng.sample(TOPICS, rng.randint(1, 3))),
                class_name=f"{grade}{rng.choice(LETTERS)}" if grade else "",
                subject=rng.choice(SUBJECTS) if teacher else "",
                birth_date=birth(rng, grade) if grade else None,
                young_specialist=teacher and rng.random() < 0.4,
            )
        )
    # The questionnaire: half of the people name up to 3 of those they could pair with.
    weights = Weights()
    fits = {(e.id, m.id) for e in mentees for m in mentors if score(e, m, weights) is not None}
    mentees = [
        replace(e, preferred=choose(rng, [m.id for m in mentors if (e.id, m.id) in fits]))
        if rng.random() < 0.5 else e
        for e in mentees
    ]  # fmt: skip
    mentors = [
        replace(m, preferred=choose(rng, [e.id for e in mentees if (e.id, m.id) in fits]))
        if rng.random() < 0.5 else m
        for m in mentors
    ]  # fmt: skip
    pinned = [(e.id, m.id) for e, m in zip(rng.sample(mentees, PINNED),
                                           rng.sample(mentors, PINNED), strict=True)]  # fmt: skip
    return mentees, mentors, pinned


def choose(rng: random.Random, fits: list[int]) -> tuple[int, ...]:
    return tuple(rng.sample(fits, min(3, len(fits))))


def timed(call: Callable[[], list[tuple[int, int]]]) -> tuple[float, list[tuple[int, int]]]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def new_total(
    pairs: list[tuple[int, int]],
    mentees: list[MenteeProfile],
    mentors: list[MentorProfile],
    pinned: list[tuple[int, int]],
) -> float:
    """The objective: the summed score of the pairs assign() added to the pinned ones."""
    people, by_id = {e.id: e for e in mentees}, {m.id: m for m in mentors}
    found = [score(people[e], by_id[m], Weights()) for e, m in pairs if (e, m) not in pinned]
    return sum(s.total for s in found if s is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    mentees, mentors, pinned = pool(args.seed)
    assert "scipy" not in sys.modules  # the first call pays for the import, as in the app

    def run(participation: bool) -> list[tuple[int, int]]:
        return assign(
            mentees, mentors, Weights(), pinned=pinned, maximize_participation=participation
        )

    first_ms, first = timed(lambda: run(False))
    figures: dict[str, dict[str, float]] = {}
    for name, participation in (("total_first", False), ("participation_first", True)):
        call = partial(run, participation)
        timed(call)  # warm-up
        runs = [timed(call) for _ in range(RUNS)]
        pairs = runs[-1][1]
        assert all(result == pairs for _, result in runs)  # deterministic
        figures[name] = {
            "median_ms": round(statistics.median(ms for ms, _ in runs), 1),
            "min_ms": round(min(ms for ms, _ in runs), 1),
            "assigned": len(pairs),
            "new_pairs": len(pairs) - len(pinned),
            "total": round(new_total(pairs, mentees, mentors, pinned), 3),
        }
    assert first == run(False)
    t, p = figures["total_first"], figures["participation_first"]
    if args.json:
        print(json.dumps({"mentees": MENTEES, "mentors": MENTORS, "pinned": PINNED,
                          "first_call_ms": round(first_ms, 1), **figures}))  # fmt: skip
        return
    print(
        f"matching {MENTEES}×{MENTORS}: median {t['median_ms']:.0f} ms "
        f"(participation first: {p['median_ms']:.0f} ms), first call {first_ms:.0f} ms; "
        f"assigned {t['assigned']:.0f} of {MENTEES}, total {t['total']:.1f} "
        f"(participation first: {p['assigned']:.0f}, total {p['total']:.1f})"
    )


if __name__ == "__main__":
    main()
