"""A small school for the monitoring stage-2 tests: counted pairs of three forms, a draft,
and a pair that ended the year before (import as `tests.growth_school`)."""

from __future__ import annotations

from datetime import date

from tests.helpers import TODAY

from mentor_desk.domain.pairs import EndReason
from mentor_desk.domain.participants import Category, ConsentStatus, ParticipantData
from mentor_desk.services import pairs, participants
from mentor_desk.storage.database import Database

YEAR_START = 2026  # TODAY (23.11.2026) is in the 2026/2027 academic year


def person(db: Database, last: str, category: Category, **extra: object) -> int:
    data = ParticipantData(
        last_name=last, first_name="Анна", middle_name="Петровна", category=category,
        consent_status=ConsentStatus.GIVEN, consent_date=date(2025, 9, 1),
        consent_signer="сам", representative_name="Представитель Р.Р.",
        **extra,  # type: ignore[arg-type]
    )  # fmt: skip
    with db.transaction() as session:
        return participants.create(session, data, TODAY)


def build_school(db: Database) -> dict[str, int]:
    """People by key; the pairs: Орлова → Иванова, Сидорова (a group, учитель – ученик,
    order 5-о of 01.10.2026); Кузнецова (a student) → Белова (ученик – ученик); Орлова →
    Молодцова (учитель – учитель); a draft Кузнецова → Чернова; and Лебедева → Старова,
    which ended in May 2026, before the year."""
    teacher = {"is_mentor": True, "capacity": 3, "position": "учитель математики"}
    pupil = {"is_mentee": True, "birth_date": date(2013, 1, 1)}
    people = {
        "orlova": person(db, "Орлова", Category.TEACHER, **teacher),
        "lebedeva": person(db, "Лебедева", Category.TEACHER, **teacher),
        "ivanova": person(db, "Иванова", Category.STUDENT, class_name="7Б", **pupil),
        "sidorova": person(db, "Сидорова", Category.STUDENT, class_name="7А", **pupil),
        "belova": person(db, "Белова", Category.STUDENT, class_name="5А", **pupil),
        "chernova": person(db, "Чернова", Category.STUDENT, class_name="6А", **pupil),
        "starova": person(db, "Старова", Category.STUDENT, class_name="8А", **pupil),
        "kuznetsova": person(db, "Кузнецова", Category.STUDENT, class_name="10А",
                             is_mentor=True, birth_date=date(2010, 4, 4)),
        "molodtsova": person(db, "Молодцова", Category.TEACHER, is_mentee=True,
                             experience_years=1, position="учитель истории"),
    }  # fmt: skip
    with db.transaction() as s:
        old = pairs.create(s, people["lebedeva"], [people["starova"]], TODAY)
        pairs.approve(s, [old], "9-о", date(2025, 10, 1), TODAY)
        pairs.start(s, [old], date(2025, 10, 2), today=TODAY)
        pairs.end(s, [old], date(2026, 5, 20), EndReason.PLAN_DONE, today=TODAY)
    with db.transaction() as s:
        group = pairs.create(s, people["orlova"], [people["ivanova"], people["sidorova"]], TODAY)
        peers = pairs.create(s, people["kuznetsova"], [people["belova"]], TODAY)
        staff = pairs.create(s, people["orlova"], [people["molodtsova"]], TODAY)
        pairs.approve(s, [group, peers, staff], "5-о", date(2026, 10, 1), TODAY)
        pairs.create(s, people["kuznetsova"], [people["chernova"]], TODAY)  # a draft
    return people
