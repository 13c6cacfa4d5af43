"""The demo school: invented but plausible people for trying the app and for load tests.

Everything is drawn from resources/demo/names.json with one random.Random(seed) and the
given `today`, so a seed always gives the same school. The rows go in with Core bulk
inserts in one transaction: 50,000 people take a few seconds.

Who is generated (N = students):
- руководители (category "head"): the director and 2 deputies, a 3rd deputy from 40
  teachers on; they come IN ADDITION to `teachers`, which counts category "teacher" only;
- педагоги: ~10% young specialists (less than 3 years of service; mentees in the target
  group «молодые специалисты»), ~half of the others mentors;
- обучающиеся in classes 1А…11В (more letters and bigger classes only when N needs them);
- родители max(3, N//60), выпускники max(2, N//150), студенты max(2, N//200),
  представители организаций-партнёров max(3, N//100).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.participants import (
    ADULT_AGE,
    Category,
    ConsentStatus,
    TermKind,
    TermRelation,
)
from mentor_desk.domain.text import full_name
from mentor_desk.paths import resource
from mentor_desk.services import vocabulary
from mentor_desk.services.profile import SchoolProfile, save_profile
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import Base, Organization, Participant, ParticipantTerm, Term

# Class letters in the order schools use them (no Ё, Й, Ъ, Ы, Ь, Щ).
CLASS_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
CLASS_SIZE = 25
YOUNG_NAMES_FROM = 1995  # young_only names are given from this birth year, adult_only before

PRIMARY_SUBJECT = "начальные классы"
SUBJECT_TEACHER = "учитель"
PRIMARY_TEACHER = "учитель начальных классов"
ADVISER = "советник директора по воспитанию"

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

# Terms by name; a list edited away from the defaults falls back to the whole list.
STUDENT_GROUPS = (
    "одарённые",
    "с организаторскими способностями",
    "с неудовлетворительными образовательными результатами",
    "с ОВЗ",
    "в трудной жизненной ситуации",
    "с проблемами поведения",
)
YOUNG_GROUP = "молодые специалисты"
INTERN_GROUP = "студенты-стажёры"
TEACHER_GROUPS = (
    "педагоги в адаптации на новом месте",
    "после длительного перерыва",
    "желающие овладеть ИКТ",
    "в состоянии выгорания",
)
GIA = "подготовка к ГИА"
PRIMARY_REQUESTS = (
    "адаптация в коллективе",
    "предметная подготовка",
    "внеурочная деятельность",
    "дополнительное образование",
)
STUDENT_REQUESTS = (
    "предметная подготовка",
    "олимпиады",
    "профориентация",
    "проектная деятельность",
    "адаптация в коллективе",
    "цифровые навыки",
    "исследовательская деятельность",
    "внеурочная деятельность",
    "дополнительное образование",
    "лидерство и самоуправление",
)
STUDENT_MENTOR_TOPICS = (
    "предметная подготовка",
    "олимпиады",
    "проектная деятельность",
    "цифровые навыки",
    "лидерство и самоуправление",
    "внеурочная деятельность",
    "адаптация в коллективе",
    GIA,
)
TEACHER_REQUESTS = (
    "методика преподавания",
    "работа с родителями",
    "адаптация в коллективе",
    "воспитательная работа",
    "цифровые навыки",
)
HEAD_TOPICS = (
    "методика преподавания",
    "воспитательная работа",
    "работа с родителями",
    "адаптация в коллективе",
    "лидерство и самоуправление",
)
OUTSIDE_TOPICS = (
    "профориентация",
    "проектная деятельность",
    "исследовательская деятельность",
    "дополнительное образование",
    "лидерство и самоуправление",
    "цифровые навыки",
)
GRADUATE_TOPICS = (
    "профориентация",
    GIA,
    "олимпиады",
    "проектная деятельность",
    "цифровые навыки",
    "лидерство и самоуправление",
)
PARENT_TOPICS = ("профориентация", "дополнительное образование", "внеурочная деятельность")

# Russian letters in Latin for demo e-mail logins (ъ and ь are dropped).
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
})  # fmt: skip


def female_surname(male: str) -> str:
    """The woman's form of a surname given in the man's form.

    -ов/-ев/-ёв/-ин/-ын take -а (Семёнов → Семёнова, Ильин → Ильина); -ский/-цкий become
    -ская/-цкая; adjectival -ой becomes -ая (Толстой → Толстая, but short Цой stays);
    everything else does not change (Шевченко, Ким, Черных, Мельник).
    """
    if male.endswith(("ский", "цкий")):
        return male[:-2] + "ая"
    if male.endswith("ой") and len(male) >= 5:
        return male[:-2] + "ая"
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    return male


def _latin(text: str) -> str:
    return text.lower().translate(_TRANSLIT).replace("-", "")


@dataclass(frozen=True)
class DemoNames:
    """resources/demo/names.json, read once."""

    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    adult_only: frozenset[str]
    young_only: frozenset[str]
    surnames: tuple[str, ...]
    patronymics: dict[str, tuple[str, str]]
    subjects: tuple[str, ...]
    subject_weights: tuple[int, ...]
    teacher_positions: tuple[str, ...]
    head_positions: tuple[str, ...]
    partners: tuple[tuple[str, tuple[str, ...]], ...]
    universities: tuple[str, ...]
    school: dict[str, str]
    email_domains: tuple[str, ...]


@lru_cache(maxsize=1)
def load_names() -> DemoNames:
    raw: dict[str, Any] = json.loads(resource("demo", "names.json").read_text(encoding="utf-8"))
    subjects: dict[str, int] = raw["subjects"]
    return DemoNames(
        male_first=tuple(raw["male_first_names"]),
        female_first=tuple(raw["female_first_names"]),
        adult_only=frozenset(raw["adult_only_first_names"]),
        young_only=frozenset(raw["young_only_first_names"]),
        surnames=tuple(raw["surnames"]),
        patronymics={k: (v[0], v[1]) for k, v in raw["patronymics"].items()},
        subjects=tuple(subjects),
        subject_weights=tuple(subjects.values()),
        teacher_positions=tuple(raw["teacher_positions"]),
        head_positions=tuple(raw["head_positions"]),
        partners=tuple((p["name"], tuple(p["positions"])) for p in raw["partner_organizations"]),
        universities=tuple(raw["universities"]),
        school=dict(raw["school"]),
        email_domains=tuple(raw["email_domains"]),
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def grade_sizes(students: int) -> list[int]:
    """Students per grade 1…11: primary a little bigger, 10–11 about half (largest remainder)."""
    weights = [1.1] * 4 + [1.0] * 5 + [0.55] * 2
    total = sum(weights)
    exact = [students * w / total for w in weights]
    sizes = [int(x) for x in exact]
    by_remainder = sorted(range(11), key=lambda i: (sizes[i] - exact[i], i))
    for i in by_remainder[: students - sum(sizes)]:
        sizes[i] += 1
    return sizes


@dataclass
class _Person:
    last: str
    first: str
    middle: str
    male: bool
    birth: date

    @property
    def name(self) -> str:
        return full_name(self.last, self.first, self.middle)


class _Generator:
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
        latest = _years_before(on, age)
        earliest = _years_before(on, age + 1) + timedelta(days=1)
        return earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))

    def first_name(self, male: bool, birth: date) -> str:
        return self.rng.choice(self.first_pools[(male, birth.year >= YOUNG_NAMES_FROM)])

    def patronymic(self, male: bool) -> str:
        return self.names.patronymics[self.rng.choice(self.fathers)][0 if male else 1]

    def person(self, male: bool, birth: date, surname_index: int | None = None) -> _Person:
        index = self.rng.randrange(len(self.surnames_f)) if surname_index is None else surname_index
        last = self.names.surnames[index] if male else self.surnames_f[index]
        return _Person(last, self.first_name(male, birth), self.patronymic(male), male, birth)

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

    def email(self, who: _Person) -> str:
        login = f"{_latin(who.last)}.{_latin(who.first)[:1]}{_latin(who.middle)[:1]}"
        if self.rng.random() < 0.5:
            login += str(who.birth.year % 100).zfill(2)
        return f"{login}@{self.rng.choice(self.names.email_domains)}"

    def add(
        self,
        who: _Person,
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
        minor = _years_before(today, ADULT_AGE) < who.birth
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

    def consent(self, row: dict[str, Any], who: _Person, minor: bool, representative: str) -> None:
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

    def heads(self, teachers: int) -> list[tuple[_Person, str]]:
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

    def teachers(self, count: int) -> list[tuple[_Person, str]]:
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

    def students(self, count: int) -> list[_Person]:
        """Returns the legal representatives written on the students' cards."""
        september = self.year.start
        families: list[_Person] = []
        for grade, size in enumerate(grade_sizes(count), start=1):
            if not size:
                continue
            parallels = max(1, min(len(CLASS_LETTERS), int(size / CLASS_SIZE + 0.5)))
            for p in range(parallels):
                class_name = f"{grade}{CLASS_LETTERS[p]}"
                for _ in range(size // parallels + (p < size % parallels)):
                    families.append(self.student(grade, class_name, september))
        return families

    def student(self, grade: int, class_name: str, september: date) -> _Person:
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
        who = _Person(last, first, middle, male, birth)
        parent_birth = self.born(birth, 20, 40)
        if rng.random() < 0.75:
            parent = self.person(False, parent_birth, surname)
        else:
            parent = _Person(
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

    def parents(self, count: int, families: list[_Person]) -> None:
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


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _template() -> dict[str, Any]:
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


def generate_demo(
    db: Database, *, students: int = 600, teachers: int = 60, seed: int = 1, today: date
) -> dict[str, int]:
    """Fill an empty database with a demo school; returns how many of whom were written.

    Raises ValueError (Russian) if the database already has participants or a school
    profile. The default lists are added unless the database already has them.
    """
    if students < 0 or teachers < 0:
        raise ValueError("Число обучающихся и педагогов не может быть отрицательным")
    names = load_names()
    gen = _Generator(random.Random(seed), today, names)
    gen.template = _template()
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Participant)):
            raise ValueError(
                "В базе уже есть участники: демонстрационная школа записывается только "
                "в новую пустую базу"
            )
        if session.scalar(select(func.count()).select_from(Organization)):
            raise ValueError(
                "В базе уже заполнены сведения об организации: демонстрационная школа "
                "записывается только в новую пустую базу"
            )
        if not session.scalar(select(func.count()).select_from(Term)):
            vocabulary.seed_defaults(session)
            session.flush()
        gen.load_terms(session)

        heads = gen.heads(teachers)
        staff = gen.teachers(teachers)
        families = gen.students(students)
        parents = max(3, students // 60)
        graduates = max(2, students // 150)
        university = max(2, students // 200)
        partners = max(3, students // 100)
        gen.parents(parents, families)
        gen.outsiders(graduates, university, partners)

        director = heads[0][0]
        curators = [
            f"{who.name}, {position}" for who, position in heads if position.endswith("по ВР")
        ]
        curators += [f"{who.name}, {position}" for who, position in staff if position == ADVISER][
            :1
        ]
        save_profile(
            session,
            SchoolProfile(
                full_name=names.school["full_name"],
                short_name=names.school["short_name"],
                municipality=names.school["municipality"],
                address=names.school["address"],
                director_name=director.name,
                director_position="Директор",
                curators="\n".join(curators or [f"{heads[-1][0].name}, {heads[-1][1]}"]),
                academic_year_start=gen.year.start_year,
            ),
        )
        # Core inserts on the tables, not ORM bulk mode: the ORM splits an executemany
        # wherever the set of None columns changes (16,000 statements for 50,000 rows).
        session.execute(insert(_table(Participant)), gen.rows)
        if gen.links:
            session.execute(insert(_table(ParticipantTerm)), gen.links)
    return {
        "participants": len(gen.rows),
        "students": students,
        "teachers": teachers,
        "heads": len(heads),
        "parents": parents,
        "graduates": graduates,
        "university_students": university,
        "partners": partners,
        "mentors": sum(1 for r in gen.rows if r["is_mentor"]),
        "mentees": sum(1 for r in gen.rows if r["is_mentee"]),
        "term_links": len(gen.links),
    }
