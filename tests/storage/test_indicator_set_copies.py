"""The curator's copies of indicator sets in the school's database, and the sets at work."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.kpi import Computation, IndicatorDef, compute
from mentor_desk.queries import monitoring as reads
from mentor_desk.services import monitoring
from mentor_desk.services.indicator_sets import (
    COPY,
    all_sets,
    builtin_sets,
    copy_set,
    dump_set,
    find_set,
    free_key,
)
from mentor_desk.storage.database import Database


def test_a_copy_is_edited_stored_read_back_and_deleted(db: Database) -> None:
    scan = all_sets(reads.set_copies(db.reader))
    original = find_set(None, scan.sets)
    key = free_key(original.key, scan.keys)
    copy = copy_set(original, key, "Наш набор", taken=scan.keys)
    first = copy.indicators[0]
    edited = replace(
        copy,
        indicators=(
            IndicatorDef(first.key, "Доля обучающихся в ДОП", Computation.STUDENTS_INVOLVED,
                         {2025: 60.0, 2026: 75.0}),
            *copy.indicators[1:],
        ),
    )  # fmt: skip
    with db.transaction() as s:
        monitoring.save_set_copy(s, key, dump_set(edited))
        monitoring.choose_set(s, key)
    scan = all_sets(reads.set_copies(db.reader))
    assert scan.errors == () and scan.origins[key] == COPY
    assert find_set(reads.chosen_set(db.reader), scan.sets) == edited
    with db.transaction() as s:
        monitoring.delete_set_copy(s, key)
    scan = all_sets(reads.set_copies(db.reader))
    assert key not in scan.keys and reads.chosen_set(db.reader) is None
    assert find_set(reads.chosen_set(db.reader), scan.sets).key == "zavitinsk_2022"


def test_a_broken_copy_in_the_database_is_reported_not_fatal(db: Database) -> None:
    with db.transaction() as s:
        monitoring.save_set_copy(s, "ispor", '{"key": "ispor", "title": 5}')
    scan = all_sets(reads.set_copies(db.reader))
    assert [s.key for s in builtin_sets()] == scan.keys
    assert scan.errors == (
        "Набор показателей «ispor» (копия в базе школы): поле «title» должно быть строкой",
    )


def test_every_built_in_set_computes_with_its_targets_for_the_year() -> None:
    year = AcademicYear(2025)
    expected = {
        "zavitinsk_2022": [70.0, 70.0, 10.0, 70.0, 80.0, 30.0, 85.0, 85.0],
        "put_k_uspehu": [70.0, 70.0, 70.0],
        "kvantum_2024_2026": [10.0, 10.0, 100.0, 100.0, 90.0],
    }
    for indicator_set in builtin_sets():
        results = compute(indicator_set, year, date(2026, 5, 20), [], [], {}, {})
        assert [r.key for r in results] == [i.key for i in indicator_set.indicators]
        assert [r.target for r in results] == expected[indicator_set.key]
        assert {r.status for r in results} == {"no_data"}
    first_year = compute(builtin_sets()[0], AcademicYear(2022), date(2023, 5, 20), [], [], {}, {})
    assert [r.target for r in first_year][:3] == [50.0, 35.0, 6.0]
