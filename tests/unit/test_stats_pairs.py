"""stats.summary()["pairs"]: pairs and groups by status and form, on a hand-made school."""

from __future__ import annotations

from datetime import date, timedelta

from tests.helpers import TODAY

from mentor_desk.domain.pairs import EndReason, Form, Status
from mentor_desk.domain.participants import Category, ParticipantData
from mentor_desk.services import pairs
from mentor_desk.services import participants as people
from mentor_desk.services.stats import summary
from mentor_desk.storage.database import Database

ZERO_STATUSES = {"draft": 0, "approved": 0, "active": 0, "ended": 0}
ZERO_FORMS = {form.value: 0 for form in Form}


def _person(session, last: str, category: Category, **extra: object) -> int:
    data = ParticipantData(last_name=last, first_name="Анна", category=category, **extra)
    return people.create(session, data, TODAY)


def _student(session, last: str, class_name: str, **extra: object) -> int:
    return _person(session, last, Category.STUDENT, class_name=class_name, is_mentee=True, **extra)


def _teacher(session, last: str, **extra: object) -> int:
    extra.setdefault("experience_years", 20)
    return _person(session, last, Category.TEACHER, **extra)


def test_an_empty_school_has_every_key_at_zero(db: Database) -> None:
    assert summary(db.reader, TODAY)["pairs"] == {
        "total": 0,
        "groups": 0,
        "by_status": ZERO_STATUSES,
        "by_form": ZERO_FORMS,
    }


def test_pairs_and_groups_by_status_and_form(db: Database) -> None:
    order_day = TODAY - timedelta(days=60)
    with db.transaction() as session:
        mentor = _teacher(session, "Орлова", is_mentor=True, capacity=10)
        head = _person(
            session, "Белова", Category.HEAD, is_mentor=True, capacity=3, experience_years=25
        )
        senior = _student(session, "Соколова", "10А", is_mentor=True, birth_date=date(2010, 3, 1))
        kids = [
            _student(session, f"Ученица{chr(0x410 + n)}", "5Б", birth_date=date(2015, 1, n + 1))
            for n in range(9)
        ]
        young = [_teacher(session, f"Молодая{chr(0x410 + n)}", is_mentee=True, experience_years=1)
                 for n in range(2)]  # fmt: skip

        draft = pairs.create(session, mentor, [kids[0]], TODAY)
        group = pairs.create(session, mentor, [kids[1], kids[2], kids[3]], TODAY)
        approved = pairs.create(session, senior, [kids[4]], TODAY, form=Form.STUDENT_STUDENT)
        active = pairs.create(session, mentor, [kids[5]], TODAY)
        ended = pairs.create(session, mentor, [kids[6]], TODAY)
        heads_group = pairs.create(session, head, young, TODAY)
        pairs.approve(session, [approved, active, ended, heads_group], "45-о", order_day, TODAY)
        pairs.start(
            session, [active, ended, heads_group], order_day + timedelta(days=3), today=TODAY
        )
        pairs.end(
            session, [ended], TODAY - timedelta(days=1), EndReason.MENTEE_INITIATIVE, today=TODAY
        )
        pairs.end(session, [heads_group], TODAY, EndReason.PLAN_DONE, today=TODAY)
        # A group that lost a mentee is a pair again: not counted among the groups.
        shrunk = pairs.create(session, mentor, [kids[7], kids[8]], TODAY)
        pairs.remove_mentee(session, shrunk, kids[8], TODAY)
        assert draft and group

    report = summary(db.reader, TODAY)["pairs"]
    assert report == {
        "total": 7,
        "groups": 2,  # the 3 students of 5Б and the 2 young teachers (ended groups count)
        "by_status": {"draft": 3, "approved": 1, "active": 1, "ended": 2},
        "by_form": {
            **ZERO_FORMS,
            Form.TEACHER_STUDENT.value: 5,
            Form.STUDENT_STUDENT.value: 1,
            Form.HEAD_TEACHER.value: 1,
        },
    }
    assert sum(report["by_status"].values()) == sum(report["by_form"].values()) == 7
    assert list(report["by_status"]) == [s.value for s in Status]
