"""The monitoring use case: the chosen year's indicators against their targets, their trend
over the years the database holds, and the contingent beside the register's own counts.

One place for the GUI's dashboard, `mentor-desk kpi` and `info --json`; the formulas are
domain.kpi's, the facts queries.monitoring's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from mentor_desk.domain.dates import AcademicYear, format_date
from mentor_desk.domain.kpi import (
    ContingentKey,
    IndicatorSet,
    KpiPair,
    KpiPerson,
    KpiResult,
    compute,
    register_count,
)
from mentor_desk.queries import monitoring as reads
from mentor_desk.services.indicator_sets import COPY, SetScan, all_sets, find_set
from mentor_desk.services.surveys import satisfaction_scores

TREND_YEARS = 5  # the dashboard's trend: this many academic years up to the chosen one


@dataclass(frozen=True)
class ContingentLine:
    """A contingent figure of the year: what is used, and what the register counts now."""

    key: ContingentKey
    figure: reads.Figure | None
    register_now: int

    @property
    def value(self) -> int | None:
        return self.figure.value if self.figure is not None else None

    @property
    def source(self) -> str:
        """Where the figure came from, as the report and the tooltip say it."""
        figure = self.figure
        if figure is None:
            return "не введено"
        note = f" ({figure.note})" if figure.note else ""
        if figure.taken_on is not None and figure.register_count == figure.value:
            return f"подсчитано по реестру {format_date(figure.taken_on)}{note}"
        return f"введено куратором{note}"

    @property
    def below_register(self) -> bool:
        """Typed smaller than the register counts (then or now): a likely slip."""
        return self.figure is not None and (
            self.figure.below_register or self.figure.value < self.register_now
        )


@dataclass(frozen=True)
class Dashboard:
    year: AcademicYear
    reference_date: date
    indicator_set: IndicatorSet
    results: tuple[KpiResult, ...]
    trend: dict[str, dict[int, float | None]]  # indicator key → start year → value
    contingent: tuple[ContingentLine, ...]

    def result(self, key: str) -> KpiResult:
        return next(r for r in self.results if r.key == key)

    def denominator_source(self, result: KpiResult) -> str:
        """Where an indicator's denominator came from: the contingent (typed or counted),
        the register itself, or the answers to the questionnaire."""
        if result.respondents is not None:
            return "ответившие на анкету"
        key = result.computes.contingent
        if key is None:
            return "подсчитано по реестру"
        line = next(line for line in self.contingent if line.key is key)
        return f"{key.label}: {line.source}"


def register_counts(people: Sequence[KpiPerson], on: date) -> dict[ContingentKey, int]:
    """What the register counts for each contingent figure on the reference date."""
    return {key: register_count(key, people, on) for key in ContingentKey}


def _results(
    conn: sqlite3.Connection,
    indicator_set: IndicatorSet,
    year: AcademicYear,
    pairs: Sequence[KpiPair],
) -> tuple[list[KpiResult], list[KpiPerson], date, dict[str, reads.Figure]]:
    on = reads.reference_date(conn, year)
    people = reads.people_facts(conn, on)
    figures = reads.contingent(conn, year.start_year)
    contingent = {key: figures[key.value].value if key.value in figures else None
                  for key in ContingentKey}  # fmt: skip
    scores = satisfaction_scores(conn, year.start_year)
    results = compute(indicator_set, year, on, people, pairs, contingent, scores)
    return results, people, on, figures


def dashboard(
    conn: sqlite3.Connection, indicator_set: IndicatorSet, year: AcademicYear
) -> Dashboard:
    """The year's indicators, their trend over the earlier years with data, the contingent."""
    pairs = reads.pair_facts(conn)
    results, people, on, figures = _results(conn, indicator_set, year, pairs)
    trend: dict[str, dict[int, float | None]] = {r.key: {} for r in results}
    earlier = [y for y in reads.years_with_data(conn) if y < year.start_year]
    for start in earlier[-(TREND_YEARS - 1) :]:
        for r in _results(conn, indicator_set, AcademicYear(start), pairs)[0]:
            trend[r.key][start] = r.value
    for r in results:
        trend[r.key][year.start_year] = r.value
    counts = register_counts(people, on)
    lines = tuple(ContingentLine(key, figures.get(key.value), counts[key]) for key in ContingentKey)
    return Dashboard(year, on, indicator_set, tuple(results), trend, lines)


def catalog(conn: sqlite3.Connection) -> SetScan:
    """The sets to choose from: built-in, the user folder's, the curator's own copies."""
    return all_sets(reads.set_copies(conn))


def lookup(sets: SetScan, key: str | None) -> IndicatorSet | None:
    return next((s for s in sets.sets if s.key == key), None)


def is_own(sets: SetScan, key: str) -> bool:
    """A curator's copy in the database: the only kind the program edits or deletes."""
    return sets.origins.get(key) == COPY


def chosen_set(conn: sqlite3.Connection, sets: SetScan | None = None) -> IndicatorSet:
    """The set the school reports on: the one chosen if it is still there, else the
    default (the municipal order's)."""
    sets = sets or catalog(conn)
    return lookup(sets, reads.chosen_set(conn)) or find_set(None, sets.sets)


def current_year(today: date) -> AcademicYear:
    return AcademicYear.containing(today)


def years_to_choose(conn: sqlite3.Connection, today: date) -> list[int]:
    """The years the database holds something for, this school year and the next."""
    this = current_year(today).start_year
    return sorted({*reads.years_with_data(conn), this, this + 1})


def parse_year(text: str) -> AcademicYear:
    """«2025-2026» or «2025/2026» or «2025»: the academic year, or ValueError in Russian."""
    cleaned = text.strip().replace("/", "-").replace("–", "-")
    parts = cleaned.split("-")
    try:
        start = int(parts[0])
        if len(parts) == 2 and int(parts[1]) != start + 1:
            raise ValueError
        if len(parts) > 2 or not 2000 <= start <= 2100:
            raise ValueError
    except ValueError:
        raise ValueError(f"Учебный год «{text}» не понят: укажите его как 2025-2026") from None
    return AcademicYear(start)


def year_label(year: AcademicYear) -> str:
    return f"{year.start_year}-{year.start_year + 1}"


def as_json(board: Dashboard) -> dict[str, Any]:
    """The shape of `info --json` "kpi" and `kpi --json` (documented in the README)."""
    return {
        "year": year_label(board.year),
        "reference_date": format_date(board.reference_date),
        "set": board.indicator_set.key,
        "indicators": [
            {
                "key": r.key,
                "name": r.name,
                "numerator": r.numerator,
                "denominator": r.denominator,
                "value": None if r.value is None else round(r.value, 1),
                "target": r.target,
                "status": r.status,
            }
            for r in board.results
        ],
    }
