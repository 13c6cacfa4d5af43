"""queries.monitoring.growth_mentees: who the stage-2 table measures in a year."""

from __future__ import annotations

from datetime import date

from tests.growth_school import YEAR_START, build_school, person
from tests.helpers import TODAY

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.pairs import EndReason
from mentor_desk.domain.participants import Category
from mentor_desk.queries import monitoring as reads
from mentor_desk.services import pairs
from mentor_desk.storage.database import Database


def test_mentees_of_counted_pairs_only_by_name_with_form_and_class(db: Database) -> None:
    people = build_school(db)
    rows = reads.growth_mentees(db.reader, AcademicYear(YEAR_START))
    # No draft (Чернова), no pair ended before the year (Старова), no mentors.
    assert [r.name for r in rows] == [
        "Белова Анна Петровна",
        "Иванова Анна Петровна",
        "Молодцова Анна Петровна",
        "Сидорова Анна Петровна",
    ]
    by_id = {r.participant_id: r for r in rows}
    belova, molodtsova = by_id[people["belova"]], by_id[people["molodtsova"]]
    assert (belova.form, belova.form_label, belova.class_or_position) == (
        "student_student", "ученик – ученик", "5А",
    )  # fmt: skip
    assert (molodtsova.category, molodtsova.form_label, molodtsova.class_or_position) == (
        Category.TEACHER, "учитель – учитель", "учитель истории",
    )  # fmt: skip
    assert by_id[people["ivanova"]].pair_id == by_id[people["sidorova"]].pair_id


def test_the_year_before_has_the_pair_that_ended_then(db: Database) -> None:
    people = build_school(db)
    rows = reads.growth_mentees(db.reader, AcademicYear(YEAR_START - 1))
    assert [r.participant_id for r in rows] == [people["starova"]]
    assert reads.growth_mentees(db.reader, AcademicYear(YEAR_START - 5)) == []


def test_a_mentee_of_two_pairs_in_the_year_is_shown_once_with_the_later_pair(
    db: Database,
) -> None:
    people = build_school(db)
    novikova = person(db, "Новикова", Category.STUDENT, class_name="6Б", is_mentee=True,
                      birth_date=date(2014, 5, 5))  # fmt: skip
    with db.transaction() as s:
        first = pairs.create(s, people["lebedeva"], [novikova], TODAY)
        pairs.approve(s, [first], "2-о", date(2026, 9, 5), TODAY)
        pairs.start(s, [first], date(2026, 9, 5), today=TODAY)
        pairs.end(s, [first], date(2026, 10, 15), EndReason.MENTEE_INITIATIVE, today=TODAY)
    with db.transaction() as s:
        second = pairs.create(s, people["kuznetsova"], [novikova], TODAY)
        pairs.approve(s, [second], "7-о", date(2026, 11, 1), TODAY)
    rows = [r for r in reads.growth_mentees(db.reader, AcademicYear(YEAR_START))
            if r.participant_id == novikova]  # fmt: skip
    assert len(rows) == 1
    assert (rows[0].pair_id, rows[0].form_label) == (second, "ученик – ученик")
