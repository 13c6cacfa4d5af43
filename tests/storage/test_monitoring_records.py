"""Monitoring's writes (services.monitoring) and their display reads (queries.monitoring)."""

from __future__ import annotations

from datetime import date

import pytest

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.queries import monitoring as reads
from mentor_desk.services import monitoring
from mentor_desk.services.monitoring import MonitoringError
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import Participant


def _person(db: Database) -> int:
    with db.transaction() as s:
        p = Participant(last_name="Иванова", first_name="Анна", category="student", in_dop=True)
        s.add(p)
        s.flush()
        return p.id


def test_contingent_from_register_then_typed_below_it_is_flagged(db: Database) -> None:
    with db.transaction() as s:
        monitoring.take_from_register(s, 2025, {"students": 120}, date(2025, 10, 1))
    with db.transaction() as s:
        monitoring.set_figure(s, 2025, "students", 100, note="ОО-1")
    figure = reads.contingent(db.reader, 2025)["students"]
    assert (figure.value, figure.register_count, figure.taken_on) == (100, 120, date(2025, 10, 1))
    assert figure.below_register and figure.note == "ОО-1"
    with db.transaction() as s, pytest.raises(MonitoringError):
        monitoring.set_figure(s, 2025, "students", -1)
    assert reads.contingent(db.reader, 2025)["students"].value == 100


def test_set_and_reference_date(db: Database) -> None:
    year = AcademicYear(2025)
    assert reads.reference_date(db.reader, year) == date(2025, 9, 1)
    with db.transaction() as s:
        monitoring.choose_set(s, "zavitinsk_2022")
        monitoring.set_reference_date(s, 2025, date(2026, 5, 20))
    assert reads.chosen_set(db.reader) == "zavitinsk_2022"
    assert reads.reference_date(db.reader, year) == date(2026, 5, 20)
    with db.transaction() as s, pytest.raises(MonitoringError, match="учебном году"):
        monitoring.set_reference_date(s, 2025, date(2027, 1, 1))


def test_surveys_swot_and_growth(db: Database) -> None:
    pid = _person(db)
    with db.transaction() as s:
        ids = monitoring.add_responses(s, 2025, "mentee", [(pid, {"q1": 9}), (None, {"q1": 4})])
        monitoring.add_swot(s, 2025, "strength", "  Опытные   наставники ")
        parameter = monitoring.add_parameter(s, 2025, "Средний балл", "students")
        monitoring.set_measurement(s, parameter, pid, start=3.4, end=4.1)
    rows = reads.responses(db.reader, 2025, "mentee")
    assert [r.id for r in rows] == ids
    assert rows[0].respondent == "Иванова Анна" and rows[1].respondent == ""
    assert rows[0].answers == {"q1": 9}
    assert [r.text for r in reads.swot(db.reader, 2025)] == ["Опытные наставники"]
    assert reads.measurements(db.reader, 2025)[0].end == pytest.approx(4.1)
    with db.transaction() as s, pytest.raises(MonitoringError, match="уже есть"):
        monitoring.add_parameter(s, 2025, "средний балл", "students")
    with db.transaction() as s:
        other = monitoring.add_parameter(s, 2025, "Мотивация", "students")
        monitoring.rename_parameter(s, other, "Мотивация к учёбе")  # its own new name
    with db.transaction() as s, pytest.raises(MonitoringError, match="уже есть"):
        monitoring.rename_parameter(s, other, "СРЕДНИЙ БАЛЛ")
    assert [p.name for p in reads.parameters(db.reader, 2025)] == [
        "Средний балл", "Мотивация к учёбе",
    ]  # fmt: skip
    with db.transaction() as s, pytest.raises(MonitoringError):
        monitoring.add_swot(s, 2025, "luck", "x")
    assert reads.years_with_data(db.reader) == [2025]
    facts = reads.people_facts(db.reader, date(2025, 9, 1))
    assert facts[0].in_dop is True and facts[0].consent_valid is False
