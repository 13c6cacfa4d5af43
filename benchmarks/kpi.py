"""Times domain.kpi.compute() on 50,000 people and 20,000 pairs (goal: at most 200 ms)."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.kpi import (
    Computation,
    ContingentKey,
    IndicatorDef,
    IndicatorSet,
    KpiPair,
    KpiPerson,
    compute,
)
from mentor_desk.domain.participants import Category

PEOPLE = 50_000
PAIRS = 20_000
RUNS = 7
YEAR = AcademicYear(2025)

# The register's mix at a large school: mostly students, some teachers, a few others.
MIX = (
    (Category.STUDENT, 0.94), (Category.TEACHER, 0.024), (Category.PARENT, 0.02),
    (Category.GRADUATE, 0.006), (Category.PARTNER, 0.006), (Category.HEAD, 0.004),
)  # fmt: skip
STATUSES = ("draft", "approved", "active", "active", "active", "ended")


def make_people(rng: random.Random) -> list[KpiPerson]:
    categories = rng.choices([c for c, _ in MIX], [w for _, w in MIX], k=PEOPLE)
    people = []
    for pid, category in enumerate(categories, 1):
        student, partner = category is Category.STUDENT, category is Category.PARTNER
        age = rng.randint(6, 18) if student else rng.randint(22, 65)
        born = date(2025 - age, rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            KpiPerson(
                id=pid, category=category, birth_date=born if rng.random() > 0.02 else None,
                in_dop=student and rng.random() < 0.4,
                experience=rng.randint(0, 40) if category is Category.TEACHER else None,
                organization=f"ООО «Партнёр {rng.randint(1, 80)}»" if partner else "",
                archived=rng.random() < 0.02, is_mentor=rng.random() < 0.2,
                is_mentee=rng.random() < 0.5, consent_valid=rng.random() < 0.8,
            )
        )  # fmt: skip
    return people


def make_pairs(rng: random.Random, people: list[KpiPerson]) -> list[KpiPair]:
    ids = [p.id for p in people]
    pairs = []
    for pid in range(1, PAIRS + 1):
        start = date(2022, 9, 1) + timedelta(days=rng.randint(0, 1400))
        status = rng.choice(STATUSES)
        ended = start + timedelta(days=rng.randint(30, 500)) if status == "ended" else None
        mentees = tuple(rng.sample(ids, 1 if rng.random() < 0.85 else rng.randint(2, 6)))
        total = rng.randint(0, 12)
        pairs.append(
            KpiPair(
                id=pid, status=status, order_number="" if status == "draft" else f"{pid}-о",
                order_date=start - timedelta(days=5), started_on=start, ended_on=ended,
                form="student_student", mentor_id=rng.choice(ids), mentee_ids=mentees,
                plan_total=total, plan_done=rng.randint(0, total),
            )
        )  # fmt: skip
    return pairs


def every_computation() -> IndicatorSet:
    """One indicator of each computation: at least as much work as any built-in set."""
    indicators = tuple(IndicatorDef(c.value, c.value, c, {2024: 50.0}) for c in Computation)
    return IndicatorSet("all", "Все показатели", "benchmarks/kpi.py", indicators)


def sets() -> list[IndicatorSet]:
    from mentor_desk.services.indicator_sets import builtin_sets

    return [*builtin_sets(), every_computation()]


def main() -> None:
    rng = random.Random(1)
    people = make_people(rng)
    pairs = make_pairs(rng, people)
    contingent = dict.fromkeys(ContingentKey, 1000)
    satisfaction = {"mentee": [rng.uniform(1, 10) for _ in range(3000)],
                    "mentor": [rng.uniform(1, 10) for _ in range(800)]}  # fmt: skip
    for indicator_set in sets():
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            compute(
                indicator_set, YEAR, YEAR.reference_date, people, pairs, contingent, satisfaction
            )
            times.append((time.perf_counter() - began) * 1000)
        print(
            f"{indicator_set.key}: {len(indicator_set.indicators)} indicators, "
            f"{PEOPLE:,} people, {PAIRS:,} pairs: median {statistics.median(times):.0f} ms "
            f"of {RUNS} runs (goal ≤ 200 ms)"
        )


if __name__ == "__main__":
    main()
