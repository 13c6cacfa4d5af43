"""The people of the demo school: heads, teachers, students in classes, parents, outsiders."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from mentor_desk.demo.names import (
    CLASS_LETTERS,
    CLASS_SIZE,
    GIA,
    GRADUATE_TOPICS,
    HEAD_TOPICS,
    INTERN_GROUP,
    OUTSIDE_TOPICS,
    PARENT_TOPICS,
    PRIMARY_REQUESTS,
    PRIMARY_SUBJECT,
    PRIMARY_TEACHER,
    STUDENT_GROUPS,
    STUDENT_MENTOR_TOPICS,
    STUDENT_REQUESTS,
    SUBJECT_TEACHER,
    TEACHER_GROUPS,
    TEACHER_REQUESTS,
    YOUNG_GROUP,
    YOUNG_NAMES_FROM,
    DemoNames,
    female_surname,
    grade_sizes,
    latin,
    years_before,
)
from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.participants import (
    ADULT_AGE,
    Category,
    ConsentStatus,
    TermKind,
    TermRelation,
)
from mentor_desk.domain.text import full_name
from mentor_desk.storage.models import Base, Term

# Shares (probabilities) of the generated roles and states.
YOUNG_SPECIALIST_SHARE = 0.10
TEACHER_SPECIALIST_SHARE = 0.12  # психолог, логопед, организатор… instead of a subject
TEACHER_MENTOR_SHARE = 0.55  # of the teachers who are not young specialists: ~50% overall
TEACHER_OTHER_MENTEE_SHARE = 0.10
MENTEE_SHARE_5_11 = 0.70
MENTEE_SHARE_1_4 = 0.20
STUDENT_MENTOR_SHARE_9_11 = 0.15
TARGET_GROUP_SHARE = 0.35  # of student mentees
CONSENT_NONE = 0.10
CONSENT_WITHDRAWN = 0.05
CONSENT_INCOMPLETE = 0.05  # minors only: given, but no legal representative written down
ARCHIVED_SHARE = 0.02
PHONE_SHARE = 0.7
EMAIL_SHARE = 0.5


@dataclass
class Person:
    last: str
    first: str
    middle: str
    male: bool
    birth: date

    @property
    def name(self) -> str:
        return full_name(self.last, self.first, self.middle)


class Generator:
    def __init__(self, rng: random.Random, today: date, names: DemoNames) -> None:
        self.rng = rng
        self.today = today
        self.names = names
        self.year = AcademicYear.containing(today)
        self.rows: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.fathers = tuple(names.patronymics)
        self.surnames_f = tuple(female_surname(s) for s in names.surnames)
        self.first_pools = {
            (male, young): tuple(
                n
                for n in (names.male_first if male else names.female_first)
                if n not in (names.adult_only if young else names.young_only)
            )
            for male in (True, False)
            for young in (True, False)
        }
        self.specialists = tuple(
            p for p in names.teacher_positions if p not in (SUBJECT_TEACHER, PRIMARY_TEACHER)
        )
        self.pools: dict[tuple[TermKind, tuple[str, ...]], list[int]] = {}
        self.term_ids: dict[TermKind, dict[str, int]] = {}
        self.template: dict[str, Any] = {}

    # --- terms -------------------------------------------------------------------------

    def load_terms(self, session: Session) -> None:
        self.term_ids = {kind: {} for kind in TermKind}
        rows = session.execute(
            select(Term.kind, Term.name, Term.id).order_by(Term.position, Term.id)
        )
        for kind, name, term_id in rows:
            if kind in {k.value for k in TermKind}:
                self.term_ids[TermKind(kind)][name] = term_id

    def pool(self, kind: TermKind, wanted: Sequence[str]) -> list[int]:
        key = (kind, tuple(wanted))
        if key not in self.pools:
            known = self.term_ids[kind]
            found = [known[n] for n in wanted if n in known]
            self.pools[key] = found or list(known.values())
        return self.pools[key]

    def link(self, pid: int, relation: TermRelation, pool: list[int], low: int, high: int) -> None:
        count = min(len(pool), self.rng.randint(low, high))
        for term_id in self.rng.sample(pool, count):
            self.links.append(
                {"participant_id": pid, "term_id": term_id, "relation": relation.value}
            )

    # --- people --------------------------------------------------------------------------

    def born(self, on: date, low: int, high: int) -> date:
        """A birth date of someone who is low…high full years old on `on`."""
        age = self.rng.randint(low, high)
        latest = years_before(on, age)
        earliest = years_before(on, age + 1) + timedelta(days=1)
        return earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))

    def first_name(self, male: bool, birth: date) -> str:
        return self.rng.choice(self.first_pools[(male, birth.year >= YOUNG_NAMES_FROM)])

    def patronymic(self, male: bool) -> str:
        return self.names.patronymics[self.rng.choice(self.fathers)][0 if male else 1]

    def person(self, male: bool, birth: date, surname_index: int | None = None) -> Person:
        index = self.rng.randrange(len(self.surnames_f)) if surname_index is None else surname_index
        last = self.names.surnames[index] if male else self.surnames_f[index]
        return Person(last, self.first_name(male, birth), self.patronymic(male), male, birth)

    def past(self, back_days: int, since: date | None = None) -> date:
        """A day from `back_days` ago up to today, not before `since`."""
        day = self.today - timedelta(days=self.rng.randint(0, max(0, back_days)))
        return max(day, since) if since else day

    def phone(self) -> str:
        r = self.rng
        return (
            f"+7 9{r.randint(0, 99):02d} {r.randint(0, 999):03d}-"
            f"{r.randint(0, 99):02d}-{r.randint(0, 99):02d}"
        )

    def email(self, who: Person) -> str:
        login = f"{latin(who.last)}.{latin(who.first)[:1]}{latin(who.middle)[:1]}"
        if self.rng.random() < 0.5:
            login += str(who.birth.year % 100).zfill(2)
        return f"{login}@{self.rng.choice(self.names.email_domains)}"

    def add(
        self,
        who: Person,
        category: Category,
        *,
        representative: str = "",
        archivable: bool = True,
        **fields: Any,
    ) -> int:
        """Append a participant row (consent, contacts, archive drawn here); returns its id."""
        rng, today = self.rng, self.today
        pid = len(self.rows) + 1
        row = dict(self.template)
        row.update(
            id=pid,
            last_name=who.last,
            first_name=who.first,
            middle_name=who.middle,
            birth_date=who.birth,
            category=category.value,
        )
        row.update(fields)
        minor = years_before(today, ADULT_AGE) < who.birth
        if not minor:
            if rng.random() < PHONE_SHARE:
                row["phone"] = self.phone()
            if rng.random() < EMAIL_SHARE:
                row["email"] = self.email(who)
        self.consent(row, who, minor, representative)
        created = datetime.combine(self.past(120), time(8)) + timedelta(minutes=rng.randint(0, 600))
        row["created_at"] = row["updated_at"] = created
        if archivable and rng.random() < ARCHIVED_SHARE:
            archived = created + timedelta(days=rng.randint(0, (today - created.date()).days))
            row["archived_at"] = row["updated_at"] = archived
        self.rows.append(row)
        return pid

    def consent(self, row: dict[str, Any], who: Person, minor: bool, representative: str) -> None:
        r = self.rng.random()
        if minor:
            row["representative_name"] = representative
        if r < CONSENT_NONE:
            return
        row["consent_date"] = self.past(365 + (self.today - self.year.start).days, since=who.birth)
        row["consent_signer"] = representative if minor else who.name
        if r < CONSENT_NONE + CONSENT_WITHDRAWN:
            row["consent_status"] = ConsentStatus.WITHDRAWN.value
            return
        row["consent_status"] = ConsentStatus.GIVEN.value
        if minor and r < CONSENT_NONE + CONSENT_WITHDRAWN + CONSENT_INCOMPLETE:
            # The child signed the form alone: no legal representative on the card.
            row["representative_name"] = ""
            row["consent_signer"] = who.name

    def mentor_dates(self, training: float, interview: float) -> dict[str, Any]:
        """Consent to mentor; training (after it) and interview (before it) for some."""
        signed = self.past(400)
        trained = self.past((self.today - signed).days) if self.rng.random() < training else None
        interviewed = (
            signed - timedelta(days=self.rng.randint(0, 30))
            if self.rng.random() < interview
            else None
        )
        return {
            "mentor_consent_date": signed,
            "training_date": trained,
            "interview_date": interviewed,
        }

    # --- groups --------------------------------------------------------------------------

    def heads(self, teachers: int) -> list[tuple[Person, str]]:
        rng, names = self.rng, self.names
        deputies = min(len(names.head_positions) - 1, 2 + (teachers >= 40))
        made = []
        for index, position in enumerate(names.head_positions[: 1 + deputies]):
            director = index == 0
            who = self.person(
                rng.random() < (0.5 if director else 0.2), self.born(self.today, 38, 62)
            )
            age = self.today.year - who.birth.year
            experience = rng.randint(12, age - 23)
            mentor = not director and rng.random() < 0.5
            pid = self.add(
                who,
                Category.HEAD,
                archivable=False,
                position=position,
                experience_years=experience,
                experience_as_of=self.today,
                is_mentor=mentor,
                capacity=rng.randint(1, 3),
                **(self.mentor_dates(0.9, 0.3) if mentor else {}),
            )
            if mentor:
                self.link(
                    pid, TermRelation.COMPETENCY, self.pool(TermKind.TOPIC, HEAD_TOPICS), 2, 4
                )
            made.append((who, position))
        return made

    def teachers(self, count: int) -> list[tuple[Person, str]]:
        rng, today = self.rng, self.today
        young_count = round(count * YOUNG_SPECIALIST_SHARE) or (1 if count >= 3 else 0)
        young_set = set(rng.sample(range(count), young_count))
        made = []
        for index in range(count):
            young = index in young_set
            if young:
                years = rng.randint(0, 2)
                who = self.person(
                    rng.random() < 0.2,
                    self.born(today, 22 + years, 26 + years + 10 * (rng.random() < 0.15)),
                )
            else:
                age = min(65, int(rng.triangular(25, 66, 50)))
                who = self.person(rng.random() < 0.15, self.born(today, age, age))
                years = rng.randint(3, max(3, age - 22))
            if rng.random() < TEACHER_SPECIALIST_SHARE and self.specialists:
                position, subject = rng.choice(self.specialists), ""
            else:
                subject = rng.choices(self.names.subjects, self.names.subject_weights)[0]
                position = PRIMARY_TEACHER if subject == PRIMARY_SUBJECT else SUBJECT_TEACHER
            experience: dict[str, Any]
            if rng.random() < 0.5:
                experience = {"experience_years": years, "experience_as_of": today}
            elif young:
                experience = {"hire_date": date(self.year.start_year - years, 9, 1)}
            else:
                experience = {
                    "hire_date": date(self.year.start_year - years, 8, rng.randint(20, 31))
                }
            mentor = not young and rng.random() < TEACHER_MENTOR_SHARE
            mentee = young or (not mentor and rng.random() < TEACHER_OTHER_MENTEE_SHARE)
            pid = self.add(
                who,
                Category.TEACHER,
                position=position,
                subject=subject,
                is_mentor=mentor,
                is_mentee=mentee,
                capacity=rng.randint(1, 4) if mentor else 1,
                **experience,
                **(self.mentor_dates(0.85, 0.4) if mentor else {}),
            )
            if mentor:
                self.link(pid, TermRelation.COMPETENCY, self.pool(TermKind.TOPIC, ()), 2, 4)
            if mentee:
                groups = (YOUNG_GROUP,) if young else (rng.choice(TEACHER_GROUPS),)
                self.link(
                    pid, TermRelation.TARGET_GROUP, self.pool(TermKind.TARGET_GROUP, groups), 1, 1
                )
                self.link(
                    pid, TermRelation.REQUEST, self.pool(TermKind.TOPIC, TEACHER_REQUESTS), 1, 3
                )
            made.append((who, position))
        return made

    def students(self, count: int) -> list[Person]:
        """Returns the legal representatives written on the students' cards."""
        september = self.year.start
        families: list[Person] = []
        for grade, size in enumerate(grade_sizes(count), start=1):
            if not size:
                continue
            parallels = max(1, min(len(CLASS_LETTERS), int(size / CLASS_SIZE + 0.5)))
            for p in range(parallels):
                class_name = f"{grade}{CLASS_LETTERS[p]}"
                for _ in range(size // parallels + (p < size % parallels)):
                    families.append(self.student(grade, class_name, september))
        return families

    def student(self, grade: int, class_name: str, september: date) -> Person:
        """One student; returns the legal representative (a parent)."""
        rng = self.rng
        # Law 273-ФЗ art. 67: first grade from 6.5 to 8 years; most start between 6.5 and 7.5.
        low = grade + 5.5
        high = grade + (6.5 if rng.random() < 0.8 else 7.0)
        days_old = rng.randint(int(low * 365.25) + 1, int(high * 365.25) - 1)
        birth = september - timedelta(days=days_old)
        male = rng.random() < 0.5
        father_name = rng.choice(self.fathers)
        surname = rng.randrange(len(self.surnames_f))
        last = self.names.surnames[surname] if male else self.surnames_f[surname]
        first = self.first_name(male, birth)
        middle = (
            "" if rng.random() < 0.02 else self.names.patronymics[father_name][0 if male else 1]
        )
        who = Person(last, first, middle, male, birth)
        parent_birth = self.born(birth, 20, 40)
        if rng.random() < 0.75:
            parent = self.person(False, parent_birth, surname)
        else:
            parent = Person(
                self.names.surnames[surname], father_name, self.patronymic(True), True, parent_birth
            )
        mentee = rng.random() < (MENTEE_SHARE_5_11 if grade >= 5 else MENTEE_SHARE_1_4)
        mentor = grade >= 9 and rng.random() < STUDENT_MENTOR_SHARE_9_11
        if mentor:
            mentee = mentee and rng.random() < 0.3
        pid = self.add(
            who,
            Category.STUDENT,
            representative=parent.name,
            class_name=class_name,
            is_mentor=mentor,
            is_mentee=mentee,
            capacity=rng.randint(1, 2) if mentor else 1,
            **(self.mentor_dates(0.6, 0.3) if mentor else {}),
        )
        if mentee:
            if rng.random() < TARGET_GROUP_SHARE:
                self.link(
                    pid,
                    TermRelation.TARGET_GROUP,
                    self.pool(TermKind.TARGET_GROUP, STUDENT_GROUPS),
                    1,
                    2,
                )
            requests: tuple[str, ...]
            if grade <= 4:
                requests = PRIMARY_REQUESTS
            elif grade in (9, 11):
                requests = (*STUDENT_REQUESTS, GIA)
            else:
                requests = STUDENT_REQUESTS
            self.link(pid, TermRelation.REQUEST, self.pool(TermKind.TOPIC, requests), 1, 3)
        if mentor:
            self.link(
                pid, TermRelation.COMPETENCY, self.pool(TermKind.TOPIC, STUDENT_MENTOR_TOPICS), 1, 3
            )
        return parent

    def parents(self, count: int, families: list[Person]) -> None:
        rng = self.rng
        chosen = rng.sample(families, min(count, len(families)))
        while len(chosen) < count:
            chosen.append(self.person(rng.random() < 0.3, self.born(self.today, 28, 55)))
        for who in chosen:
            mentor = rng.random() < 0.3
            organization = rng.choice(self.names.partners)[0] if rng.random() < 0.5 else ""
            pid = self.add(
                who,
                Category.PARENT,
                organization=organization,
                is_mentor=mentor,
                capacity=rng.randint(1, 2) if mentor else 1,
                **(self.mentor_dates(0.5, 0.5) if mentor else {}),
            )
            if mentor:
                self.link(
                    pid, TermRelation.COMPETENCY, self.pool(TermKind.TOPIC, PARENT_TOPICS), 1, 2
                )

    def outsiders(self, graduates: int, university: int, partners: int) -> None:
        rng, today, names = self.rng, self.today, self.names
        for _ in range(graduates):
            who = self.person(rng.random() < 0.5, self.born(today, 18, 28))
            places = (
                names.universities if rng.random() < 0.5 else tuple(p[0] for p in names.partners)
            )
            pid = self.add(
                who,
                Category.GRADUATE,
                organization=rng.choice(places),
                is_mentor=True,
                capacity=rng.randint(1, 3),
                **self.mentor_dates(0.7, 0.5),
            )
            self.link(
                pid, TermRelation.COMPETENCY, self.pool(TermKind.TOPIC, GRADUATE_TOPICS), 2, 3
            )
        for index in range(university):
            who = self.person(rng.random() < 0.4, self.born(today, 19, 23))
            intern = index % 2 == 0
            pid = self.add(
                who,
                Category.UNIVERSITY_STUDENT,
                organization=rng.choice(names.universities),
                is_mentor=not intern,
                is_mentee=intern,
                capacity=rng.randint(1, 2),
                **({} if intern else self.mentor_dates(0.7, 0.5)),
            )
            if intern:
                self.link(
                    pid,
                    TermRelation.TARGET_GROUP,
                    self.pool(TermKind.TARGET_GROUP, (INTERN_GROUP,)),
                    1,
                    1,
                )
                self.link(
                    pid, TermRelation.REQUEST, self.pool(TermKind.TOPIC, TEACHER_REQUESTS), 1, 3
                )
            else:
                self.link(
                    pid,
                    TermRelation.COMPETENCY,
                    self.pool(TermKind.TOPIC, STUDENT_MENTOR_TOPICS),
                    1,
                    3,
                )
        for _ in range(partners):
            organization, positions = rng.choice(names.partners)
            who = self.person(rng.random() < 0.5, self.born(today, 25, 60))
            pid = self.add(
                who,
                Category.PARTNER,
                organization=organization,
                position=rng.choice(positions),
                is_mentor=True,
                capacity=rng.randint(1, 3),
                **self.mentor_dates(0.6, 0.6),
            )
            self.link(pid, TermRelation.COMPETENCY, self.pool(TermKind.TOPIC, OUTSIDE_TOPICS), 2, 3)


def table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def participant_template() -> dict[str, Any]:
    """Every column of a participant row, so all rows of the bulk insert share their keys."""
    return {
        "middle_name": "",
        "birth_date": None,
        "class_name": "",
        "position": "",
        "subject": "",
        "experience_years": None,
        "experience_as_of": None,
        "hire_date": None,
        "organization": "",
        "phone": "",
        "email": "",
        "is_mentor": False,
        "is_mentee": False,
        "mentor_consent_date": None,
        "training_date": None,
        "interview_date": None,
        "capacity": 1,
        "consent_status": ConsentStatus.NONE.value,
        "consent_date": None,
        "consent_signer": "",
        "representative_name": "",
        "note": "",
        "archived_at": None,
    }
