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

Then pairs and groups (_PairMaker), by the rules of domain.pairs: about 40% of the mentees
are or were in one (young specialists first; a big school runs out of mentors' capacity,
and the rest get pairs that have ended); a few groups of 2-4 from one class, or young
teachers with a deputy head; every status and end reason; orders of the last and this
academic year, numbered anew each calendar year and in the orders journal as issued;
personalized programs with plans and meetings; one extension, one change of mentor, some
pairs with no meeting for over 4 weeks, one mentor over capacity and one working pair
whose mentee has no valid consent; every other warning a card can carry on a few pairs
(_PairMaker.showcase), and at least three staff mentors ready to take a mentee with
nothing to warn about. A third of the free mentees and some mentors have filled the
networking questionnaire.

The roadmap (_RoadmapMaker): «Дорожная карта наставничества на …» for the academic year
before the current one and the current one, from the sample of seed 000, with the
deadlines, staff responsible (the deputy director for ВР — the curator —, the deputy for
УВР, the director, the adviser, the psychologist, mentors) and free text for outsiders; on
`today` its items are in every state: done (with dates and some evidence), in progress,
not started and overdue, and one is due within days. It has its own Random, so it does
not change the rest of the school.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from mentor_desk.domain.dates import MONTHS_GENITIVE, AcademicYear
from mentor_desk.domain.deadlines import DeadlineKind, parse_deadline
from mentor_desk.domain.pairs import (
    EndReason,
    EventKind,
    Form,
    Kind,
    MeetingKind,
    Status,
    forms_for_group,
    mentor_is_older,
)
from mentor_desk.domain.participants import (
    ADULT_AGE,
    Category,
    ConsentState,
    ConsentStatus,
    TermKind,
    TermRelation,
    consent_state,
    experience_on,
    is_young_specialist,
)
from mentor_desk.domain.roadmap import ItemStatus, Template
from mentor_desk.domain.text import full_name
from mentor_desk.paths import resource
from mentor_desk.services import vocabulary
from mentor_desk.services.profile import SchoolProfile, save_profile
from mentor_desk.services.roadmap_templates import scan_templates
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import (
    Base,
    IssuedDocument,
    IssuedDocumentPair,
    Meeting,
    Mentorship,
    MentorshipEvent,
    MentorshipMentee,
    Organization,
    Participant,
    ParticipantTerm,
    PlanItem,
    Preference,
    Roadmap,
    RoadmapItem,
    RoadmapResponsible,
    Term,
)

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


# --- pairs and groups ------------------------------------------------------------------

PAIRED_SHARE = 0.40  # of the mentees, in pairs or groups (mentors' capacity permitting)
YOUNG_PAIRED_SHARE = 0.85  # young specialists are paired first
INTERN_PAIRED_SHARE = 0.6
OTHER_TEACHER_PAIRED_SHARE = 0.5
NO_CONSENT_WEIGHT = 0.25  # a mentee without a valid consent is rarely put in a pair
MENTEES_PER_GROUP = 40  # one group per so many paired mentees (at least GROUPS_MIN)
GROUPS_MIN = 3
CANDIDATES = 6  # mentors weighed for each pair
STALLED_SHARE = 0.08  # of the working pairs: no meeting for more than 4 weeks
READY_MENTORS = 3  # staff mentors with a free place and nothing to warn about, at least
MENTEE_PREFERENCE_SHARE = 1 / 3  # of the free mentees, with a filled questionnaire
MENTOR_PREFERENCE_SHARE = 0.25  # of the mentors with room for more mentees
STATUS_WEIGHTS = {Status.DRAFT: 8, Status.APPROVED: 8, Status.ACTIVE: 66, Status.ENDED: 18}
END_WEIGHTS = {
    EndReason.PLAN_DONE: 50,
    EndReason.MENTOR_INITIATIVE: 15,
    EndReason.MENTEE_INITIATIVE: 20,
    EndReason.CURATOR_INITIATIVE: 15,
}
# Who mentors whom, and how often: by the mentee's category, the mentor's categories.
MENTOR_WEIGHTS: dict[Category, dict[Category, int]] = {
    Category.STUDENT: {
        Category.STUDENT: 35,
        Category.TEACHER: 30,
        Category.GRADUATE: 10,
        Category.UNIVERSITY_STUDENT: 5,
        Category.PARTNER: 12,
        Category.PARENT: 7,
        Category.HEAD: 1,
    },
    Category.TEACHER: {Category.TEACHER: 70, Category.HEAD: 20, Category.PARTNER: 10},
    Category.UNIVERSITY_STUDENT: {Category.PARTNER: 80, Category.PARENT: 20},
}
OUTSIDE_MENTORS = (Category.PARTNER, Category.GRADUATE, Category.UNIVERSITY_STUDENT)
_PRIORITY = {Category.TEACHER: 0, Category.UNIVERSITY_STUDENT: 1}  # who gets mentors first
# Days after 1 September on which the director signs orders fixing pairs.
ORDER_DAYS = (10, 38, 75, 115, 160, 215, 260, 300)

# Personalized programs: by the topic of the mentee's request, (goal, tasks, activities).
STUDENT_PROGRAMS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "предметная подготовка": (
        "Повысить результаты по предмету и закрыть пробелы в знаниях",
        ("Выявить темы, которые вызывают трудности", "Составить график дополнительных занятий",
         "Научиться самостоятельно проверять свои работы"),
        ("Разбор трудных тем по предмету", "Решение тренировочных заданий",
         "Контрольная работа: проверка прогресса"),
    ),
    "олимпиады": (
        "Подготовиться к школьному и муниципальному этапам всероссийской олимпиады",
        ("Разобрать задания олимпиад прошлых лет", "Освоить нестандартные приёмы решения",
         "Выступить на школьном этапе олимпиады"),
        ("Разбор олимпиадных заданий прошлых лет", "Участие в школьном этапе олимпиады",
         "Анализ результатов олимпиады"),
    ),
    "профориентация": (
        "Определиться с профилем обучения и будущей профессией",
        ("Пройти профориентационную диагностику", "Познакомиться с профессиями на предприятиях",
         "Составить план подготовки к поступлению"),
        ("Профориентационное тестирование", "Экскурсия на предприятие-партнёр",
         "Встреча с представителем профессии"),
    ),
    "проектная деятельность": (
        "Выполнить и защитить индивидуальный проект",
        ("Выбрать тему и сформулировать проблему", "Составить план работы над проектом",
         "Подготовить продукт проекта и презентацию"),
        ("Выбор темы и паспорт проекта", "Сбор и анализ материала", "Предзащита проекта",
         "Защита проекта"),
    ),
    "адаптация в коллективе": (
        "Освоиться в классе и школьном коллективе",
        ("Узнать правила и традиции школы", "Найти друзей по интересам",
         "Включиться в жизнь класса"),
        ("Экскурсия по школе и знакомство с традициями", "Запись в кружок или секцию",
         "Участие в классном мероприятии"),
    ),
    "цифровые навыки": (
        "Освоить цифровые инструменты для учёбы",
        ("Научиться безопасно работать в сети", "Освоить программы для документов и презентаций",
         "Создать свой цифровой продукт"),
        ("Основы информационной безопасности", "Практикум: документы и презентации",
         "Создание цифрового продукта"),
    ),
    "исследовательская деятельность": (
        "Провести учебное исследование и представить его на конференции",
        ("Сформулировать гипотезу исследования", "Освоить методы сбора данных",
         "Подготовить доклад и выступить с ним"),
        ("Выбор темы и постановка гипотезы", "Проведение эксперимента или опроса",
         "Выступление на школьной научно-практической конференции"),
    ),
    "внеурочная деятельность": (
        "Найти занятие по интересам и проявить себя во внеурочной деятельности",
        ("Узнать о кружках и секциях школы", "Выбрать направление по интересам",
         "Участвовать в школьных мероприятиях"),
        ("Знакомство с кружками и секциями", "Участие в школьном мероприятии",
         "Подготовка выступления"),
    ),
    "дополнительное образование": (
        "Выбрать программу дополнительного образования и добиться в ней результата",
        ("Познакомиться с программами Дома детского творчества и спортивной школы",
         "Выбрать программу и начать занятия", "Участвовать в конкурсе или соревновании"),
        ("Знакомство с программами дополнительного образования", "Запись на программу",
         "Участие в конкурсе или соревновании"),
    ),
    "лидерство и самоуправление": (
        "Развить лидерские качества через ученическое самоуправление",
        ("Узнать, как устроено ученическое самоуправление", "Организовать мероприятие для класса",
         "Научиться работать в команде"),
        ("Тренинг командной работы", "Организация классного мероприятия",
         "Участие в заседании совета обучающихся"),
    ),
    GIA: (
        "Подготовиться к ГИА и уверенно сдать экзамены",
        ("Найти пробелы по демонстрационному варианту", "Составить график подготовки",
         "Научиться распределять время на экзамене"),
        ("Пробный экзамен по демоверсии", "Разбор типичных ошибок", "Повторный пробный экзамен"),
    ),
}  # fmt: skip
TEACHER_PROGRAMS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "методика преподавания": (
        "Освоить современные методики и уверенно вести уроки",
        ("Изучить требования ФГОС и ФОП по предмету",
         "Научиться планировать урок по технологической карте",
         "Освоить приёмы формирующего оценивания"),
        ("Разработка технологической карты урока", "Открытый урок с анализом",
         "Изучение приёмов формирующего оценивания"),
    ),
    "работа с родителями": (
        "Научиться выстраивать работу с родителями обучающихся",
        ("Освоить формы работы с родителями", "Подготовить и провести родительское собрание",
         "Научиться разрешать конфликтные ситуации"),
        ("Подготовка родительского собрания вместе с наставником",
         "Проведение родительского собрания", "Разбор трудных случаев общения с родителями"),
    ),
    "адаптация в коллективе": (
        "Войти в педагогический коллектив и освоить порядки школы",
        ("Познакомиться с локальными актами школы", "Освоить ведение электронного журнала",
         "Включиться в работу методического объединения"),
        ("Знакомство с локальными актами и ООП", "Освоение электронного журнала",
         "Выступление на методическом объединении"),
    ),
    "воспитательная работа": (
        "Освоить воспитательную работу с классом",
        ("Изучить рабочую программу воспитания", "Составить план воспитательной работы",
         "Провести классный час"),
        ("Изучение рабочей программы воспитания", "Подготовка и проведение классного часа",
         "Анализ воспитательного мероприятия"),
    ),
    "цифровые навыки": (
        "Использовать цифровые образовательные ресурсы на уроках",
        ("Освоить ФГИС «Моя школа»", "Подобрать цифровые ресурсы по предмету",
         "Провести урок с цифровыми инструментами"),
        ("Освоение ФГИС «Моя школа»", "Подбор цифровых ресурсов по предмету",
         "Урок с цифровыми инструментами"),
    ),
}  # fmt: skip
INTERN_PROGRAM: tuple[str, tuple[str, ...], tuple[str, ...]] = (
    "Освоить профессиональные навыки во время стажировки",
    ("Познакомиться с организацией и рабочим местом", "Выполнить задание стажировки",
     "Подготовить отчёт о стажировке"),
    ("Знакомство с организацией и рабочим местом", "Выполнение задания стажировки",
     "Отчёт о стажировке"),
)  # fmt: skip
# The first and the last activity of a plan, and more to fill it, by the mentee's category.
PLAN_FRAMES: dict[Category, tuple[str, str, tuple[str, ...]]] = {
    Category.STUDENT: (
        "Диагностика: интересы, сильные стороны, трудности",
        "Подведение итогов программы и рефлексия",
        ("Промежуточная встреча: что получилось, что изменить",
         "Участие в школьном мероприятии по теме программы",
         "Консультация с классным руководителем", "Ведение дневника достижений",
         "Занятие в организации-партнёре"),
    ),
    Category.TEACHER: (
        "Знакомство со школой, нормативными документами и ООП",
        "Самоанализ и отчёт о профессиональном развитии",
        ("Посещение уроков наставника", "Посещение наставником уроков с разбором",
         "Подготовка к аттестации", "Выступление на школьном методическом объединении",
         "Участие в конкурсе педагогического мастерства"),
    ),
    Category.UNIVERSITY_STUDENT: (
        "Вводный инструктаж и правила охраны труда",
        "Итоговая встреча и отзыв наставника о стажировке",
        ("Работа с документацией организации", "Участие в совещании коллектива",
         "Выполнение поручения наставника", "Промежуточная встреча по стажировке"),
    ),
}  # fmt: skip
MEETING_NOTES = {
    MeetingKind.INTRODUCTION: ("познакомились, обсудили запрос и ожидания",
                               "рассказали о себе, договорились о правилах работы"),
    MeetingKind.TRIAL: ("пробное занятие", "попробовали формат работы"),
    MeetingKind.PLANNING: ("составили план программы", "уточнили цель и задачи, наметили сроки"),
    MeetingKind.REGULAR: ("", "", "разобрали трудности", "обсудили выполнение плана",
                          "работа над заданием", "подготовка к мероприятию"),
    MeetingKind.FINAL: ("подвели итоги программы", "итоговая встреча, обратная связь"),
}  # fmt: skip
END_NOTES = {
    EndReason.PLAN_DONE: ("", "цели программы достигнуты"),
    EndReason.MENTOR_INITIATIVE: ("длительная болезнь наставника", "переезд наставника",
                                  "большая нагрузка наставника на основной работе"),
    EndReason.MENTEE_INITIATIVE: ("переход в другую школу", "семейные обстоятельства",
                                  "по состоянию здоровья"),
    EndReason.CURATOR_INITIATIVE: ("встречи не проводились больше двух месяцев",
                                   "план программы не выполнялся"),
}  # fmt: skip
MENTOR_CHANGE_NOTES = (
    "по состоянию здоровья прежнего наставника",
    "прежний наставник переехал",
    "по просьбе наставляемого",
)


@dataclass(slots=True, eq=False)
class _Who:
    """What pairing needs to know of one person of the demo register."""

    id: int
    name: str
    category: Category
    birth: date | None
    grade: int
    class_name: str
    subject: str
    organization: str
    consent: bool  # a valid consent to the processing of personal data
    ready: bool  # a mentor with a valid consent who has been trained
    young: bool
    topics: frozenset[int]  # a mentee's requests, a mentor's competencies
    room: int = 0  # how many more mentees a mentor may take


@dataclass(slots=True, eq=False)
class _Unit:
    """One pair or group being made, with its dates."""

    mentees: list[_Who]
    status: Status = Status.DRAFT
    reason: EndReason | None = None
    mentor: _Who | None = None
    order: tuple[date, str] | None = None
    created: date | None = None
    started: date | None = None
    ends: date | None = None
    ended: date | None = None
    kind: Kind = Kind.TRADITIONAL
    forced: bool = False  # keeps its status: every state must be in the demo
    stalled: bool = False
    extended: bool = False
    old_mentor: _Who | None = None
    form: Form | None = None  # stored as is, though the categories allow another (a warning)


@dataclass
class _PairRows:
    mentorships: list[dict[str, Any]]
    mentees: list[dict[str, Any]]
    events: list[dict[str, Any]]
    plan: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    preferences: list[dict[str, Any]]


class _PairMaker:
    """Pairs and groups in every state, their programs and history; the questionnaire."""

    def __init__(self, gen: _Generator) -> None:
        self.gen = gen
        self.rng, self.today, self.year = gen.rng, gen.today, gen.year
        self.topic_names = {i: n for n, i in gen.term_ids.get(TermKind.TOPIC, {}).items()}
        wanted = {TermRelation.REQUEST.value, TermRelation.COMPETENCY.value}
        topics: dict[int, set[int]] = {}
        for link in gen.links:
            if link["relation"] in wanted:
                topics.setdefault(link["participant_id"], set()).add(link["term_id"])
        self.mentees: list[_Who] = []
        self.mentors: dict[Category, list[_Who]] = {c: [] for c in Category}
        for row in gen.rows:
            if row["archived_at"] is None and (row["is_mentor"] or row["is_mentee"]):
                self._person(row, frozenset(topics.get(row["id"], ())))
        # Mentors with room, all and the ready only; the full ones drop out as they are met.
        self.open = {
            (c, ready): [m for m in people if m.ready or not ready]
            for c, people in self.mentors.items()
            for ready in (False, True)
        }
        self.orders = self._orders()
        self.units: list[_Unit] = []

    def _person(self, row: dict[str, Any], topics: frozenset[int]) -> None:
        today = self.today
        category = Category(row["category"])
        consent = (
            consent_state(
                ConsentStatus(row["consent_status"]), row["consent_date"],
                row["representative_name"], row["birth_date"], today,
                signer=row["consent_signer"],
            )
            is ConsentState.VALID
        )  # fmt: skip
        years = experience_on(
            today, row["hire_date"], row["experience_years"], row["experience_as_of"]
        )
        digits = "".join(ch for ch in row["class_name"] if ch.isdigit())
        who = _Who(
            id=row["id"],
            name=full_name(row["last_name"], row["first_name"], row["middle_name"]),
            category=category,
            birth=row["birth_date"],
            grade=int(digits) if digits else 0,
            class_name=row["class_name"],
            subject=row["subject"],
            organization=row["organization"],
            consent=consent,
            ready=consent and row["training_date"] is not None,
            young=is_young_specialist(category, years),
            topics=topics,
            room=row["capacity"] if row["is_mentor"] else 0,
        )
        if row["is_mentee"]:
            self.mentees.append(who)
        if row["is_mentor"]:
            # A mentor and a mentee at once (a senior student) is one object: its room
            # is about mentoring only.
            self.mentors[category].append(who)

    # --- dates -----------------------------------------------------------------------

    def day(self, first: date, last: date) -> date:
        """A day from first to last (first if last is earlier)."""
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _orders(self) -> list[tuple[date, str]]:
        """The orders fixing pairs, last academic year and this one, none in the future.

        Numbered as schools number orders: anew each calendar year (the orders journal
        refuses a number used twice in one year), with other orders in between.
        """
        rng, today = self.rng, self.today
        drawn: list[tuple[date, int]] = []  # (day, orders of the school since the last)
        bases = []
        for year in (AcademicYear(self.year.start_year - 1), self.year):
            bases.append(rng.randint(5, 20))
            for offset in ORDER_DAYS:
                on = year.start + timedelta(days=offset + rng.randint(0, 6))
                on -= timedelta(days=max(0, on.weekday() - 4))  # signed on a weekday
                step = rng.randint(8, 30)
                if on <= today:
                    drawn.append((on, step))
        if not any(on >= self.year.start for on, _ in drawn):
            drawn.append((today, rng.randint(5, 20)))
        found: list[tuple[date, str]] = []
        numbers: dict[int, int] = {}
        for on, step in sorted(drawn):
            base = bases[len(numbers) % len(bases)] if on.year not in numbers else 0
            numbers[on.year] = numbers.get(on.year, 0) + base + step
            found.append((on, f"{numbers[on.year]}-о"))
        return found

    def _pick_order(
        self, since: date, until: date, *, recent: bool = False, autumn: bool = False
    ) -> tuple[date, str]:
        """An order signed from since to until (the latest before, if none).

        recent: one of the last two; autumn: most working pairs were fixed by the first
        two orders of the year.
        """
        fits = [o for o in self.orders if since <= o[0] <= until]
        if not fits:
            earlier = [o for o in self.orders if o[0] <= until]
            return earlier[-1] if earlier else self.orders[0]
        if recent:
            return self.rng.choice(fits[-2:])
        weights = [1] * len(fits)
        if autumn:
            this_year = [i for i, (on, _) in enumerate(fits) if on >= self.year.start]
            for rank, index in enumerate(this_year[:2]):
                weights[index] = 8 - 4 * rank
        return self.rng.choices(fits, weights)[0]

    def _program_end(self, started: date, short: bool) -> date:
        """The planned end: 3 to 12 months on, the end of May for a school-year program."""
        rng = self.rng
        if short:
            return started + timedelta(days=rng.randint(90, 120))
        may = date(AcademicYear.containing(started).start_year + 1, 5, 31)
        may -= timedelta(days=rng.randint(0, 10))
        if 90 <= (may - started).days <= 365:
            return may
        return started + timedelta(days=rng.randint(150, 270))

    def schedule(self, unit: _Unit) -> None:
        rng, today = self.rng, self.today
        short = unit.kind is Kind.SHORT_TERM
        if unit.status is Status.DRAFT:
            unit.created = today - timedelta(days=rng.randint(0, 40))
            return
        if unit.status is Status.APPROVED:
            unit.order = self._pick_order(self.year.start, today, recent=True)
        elif unit.status is Status.ACTIVE:
            unit.order = self._pick_order(today - timedelta(days=320), today, autumn=True)
        elif unit.reason is EndReason.PLAN_DONE:
            unit.order = self._pick_order(date.min, today - timedelta(days=110))
        else:
            unit.order = self._pick_order(date.min, today - timedelta(days=30))
        order_on = unit.order[0]
        unit.created = order_on - timedelta(days=rng.randint(2, 20))
        if unit.status is Status.APPROVED:
            return
        unit.started = min(today, order_on + timedelta(days=rng.randint(1, 14)))
        unit.ends = self._program_end(unit.started, short)
        if unit.status is Status.ACTIVE:
            if unit.ends <= today:  # a running program ends in the future
                low = max(90, (today - unit.started).days + 10)
                unit.ends = unit.started + timedelta(days=rng.randint(low, max(low, 365)))
            return
        if unit.reason is EndReason.PLAN_DONE:
            if unit.ends > today:
                unit.ends = max(unit.started + timedelta(days=90), today)
            unit.ended = unit.ends
        else:
            span = (min(unit.ends, today) - unit.started).days
            unit.ended = unit.started + timedelta(days=rng.randint(min(20, span), span))

    def _meetings(self, unit: _Unit, until: date) -> list[tuple[date, MeetingKind]]:
        """встреча-знакомство, пробная, встреча-планирование, then every 2-4 weeks.

        No meetings in July and August; rows() cuts the later ones of a stalled pair.
        """
        rng = self.rng
        assert unit.started is not None
        found = [(unit.started, MeetingKind.INTRODUCTION)]
        day = unit.started + timedelta(days=rng.randint(4, 10))
        for kind in (MeetingKind.TRIAL, MeetingKind.PLANNING):
            if day > until:
                return found
            found.append((day, kind))
            day += timedelta(days=rng.randint(5, 12))
        while day <= until:
            if day.month in (7, 8):  # the summer holidays: back in September
                day = date(day.year, 9, 1) + timedelta(days=rng.randint(0, 10))
                continue
            found.append((day, MeetingKind.REGULAR))
            day += timedelta(days=rng.randint(14, 28))
        return found

    # --- who with whom ---------------------------------------------------------------

    def select(self) -> list[_Who]:
        """The mentees to pair: about PAIRED_SHARE, young specialists first."""
        rng = self.rng
        target = PAIRED_SHARE * len(self.mentees)
        shares: dict[int, float] = {}
        students = []
        for who in self.mentees:
            if who.category is Category.STUDENT:
                students.append(who)
                continue
            if who.category is Category.TEACHER:
                share = YOUNG_PAIRED_SHARE if who.young else OTHER_TEACHER_PAIRED_SHARE
            else:
                share = INTERN_PAIRED_SHARE
            shares[who.id] = share * (1 if who.consent else NO_CONSENT_WEIGHT)
        weight = sum(1 if s.consent else NO_CONSENT_WEIGHT for s in students)
        share = max(0.0, target - sum(shares.values())) / weight if weight else 0.0
        for who in students:
            shares[who.id] = min(1.0, share * (1 if who.consent else NO_CONSENT_WEIGHT))
        return [who for who in self.mentees if rng.random() < shares[who.id]]

    def make_units(self, chosen: list[_Who]) -> None:
        """Groups of 2-4 (one class, or young teachers with a deputy head), then pairs."""
        rng = self.rng
        left = list(chosen)
        rng.shuffle(left)
        groups = max(GROUPS_MIN, len(left) // MENTEES_PER_GROUP) if len(left) >= 6 else 0
        by_class: dict[str, list[_Who]] = {}
        teachers = []
        for who in left:
            if who.category is Category.STUDENT:
                by_class.setdefault(who.class_name, []).append(who)
            elif who.category is Category.TEACHER and who.young and who.consent:
                teachers.append(who)
        taken: set[int] = set()
        if groups and len(teachers) >= 2 and any(h.room >= 2 for h in self.mentors[Category.HEAD]):
            members = teachers[: rng.randint(2, min(3, len(teachers)))]
            self.units.append(_Unit(members, kind=Kind.GROUP))
            taken.update(m.id for m in members)
            groups -= 1
        classes = [name for name, people in by_class.items() if len(people) >= 2]
        for _ in range(groups):
            if not classes:
                break
            people = [p for p in by_class[rng.choice(classes)] if p.id not in taken]
            if len(people) < 2:
                continue
            members = people[: rng.randint(2, min(4, len(people)))]
            self.units.append(_Unit(members, kind=Kind.GROUP))
            taken.update(m.id for m in members)
        self.units += [_Unit([who]) for who in left if who.id not in taken]

    def assign_statuses(self) -> None:
        """Random by STATUS_WEIGHTS; every status and end reason at least once."""
        rng = self.rng
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        reasons, reason_weights = list(END_WEIGHTS), list(END_WEIGHTS.values())
        for unit in self.units:
            unit.status = rng.choices(statuses, weights)[0]
        singles = [u for u in self.units if len(u.mentees) == 1 and u.mentees[0].consent]
        forced: list[tuple[Status, EndReason | None]] = [(Status.ENDED, r) for r in EndReason]
        forced += [(Status.DRAFT, None), (Status.APPROVED, None)]
        chosen = rng.sample(singles, min(len(singles), len(forced)))
        for unit, (status, reason) in zip(chosen, forced[: len(chosen)], strict=True):
            unit.status, unit.reason, unit.forced = status, reason, True
        # Without a valid consent a pair waits as a draft; one works anyway (a warning).
        lacking = {u for u in self.units if not all(m.consent for m in u.mentees)}
        if lacking:
            candidates = [u for u in self.units if u in lacking]  # in a seeded order
            shown = rng.choice([u for u in candidates if len(u.mentees) == 1] or candidates)
            shown.status, shown.forced = Status.ACTIVE, True
        for unit in self.units:
            if unit.status is Status.ENDED and unit.reason is None:
                unit.reason = rng.choices(reasons, reason_weights)[0]
            if unit in lacking and not unit.forced and unit.status is not Status.ENDED:
                unit.status = Status.DRAFT
        # Forced units first: a big school runs out of mentors' room before the end.
        self.units.sort(
            key=lambda u: (
                not u.forced,
                len(u.mentees) == 1,
                _PRIORITY.get(u.mentees[0].category, 2),
            )
        )

    def fits(self, mentor: _Who, mentees: list[_Who]) -> bool:
        for mentee in mentees:
            if mentee.id == mentor.id or mentor.category not in MENTOR_WEIGHTS.get(
                mentee.category, {}
            ):
                return False
            if mentor.category is Category.STUDENT and not (
                mentor.grade > mentee.grade
                and mentor.birth is not None
                and mentee.birth is not None
                and mentor.birth < mentee.birth
            ):
                return False
        return True

    def _points(self, mentor: _Who, mentees: list[_Who]) -> float:
        points = sum(len(mentor.topics & m.topics) for m in mentees) + self.rng.random() * 0.5
        first = mentees[0]
        if mentor.category is Category.STUDENT and 1 <= mentor.grade - first.grade <= 3:
            points += 1
        if mentor.category is Category.TEACHER and mentor.subject == first.subject:
            points += 1
        return points

    def pick_mentor(
        self, mentees: list[_Who], room: int, want_ready: bool, categories: dict[Category, int]
    ) -> _Who | None:
        """The best of a few mentors drawn by category; room: the places needed (0: any).

        want_ready: a mentor trained and with a consent if there is one with room, else any.
        """
        for ready in (True, False) if want_ready else (False,):
            found = self._pick(mentees, room, ready, categories)
            if found is not None:
                return found
        return None

    def _pick(
        self, mentees: list[_Who], room: int, ready: bool, categories: dict[Category, int]
    ) -> _Who | None:
        rng = self.rng
        left = {c: w for c, w in categories.items() if self.mentors[c]}
        while left:
            category = rng.choices(list(left), list(left.values()))[0]
            del left[category]
            pool = self.open[category, ready] if room else self.mentors[category]
            best: _Who | None = None
            best_points = -1.0
            seen = 0
            for _ in range(CANDIDATES * 4):
                if not pool or seen >= CANDIDATES:
                    break
                index = rng.randrange(len(pool))
                mentor = pool[index]
                if room and mentor.room < room:
                    if mentor.room <= 0:  # full: out of the open pool
                        pool[index] = pool[-1]
                        pool.pop()
                    continue
                if not self.fits(mentor, mentees):
                    continue
                seen += 1
                points = self._points(mentor, mentees)
                if points > best_points:
                    best, best_points = mentor, points
            if best is not None:
                return best
        return None

    def assign_mentors(self) -> None:
        rng = self.rng
        placed = []
        for unit in self.units:
            live = unit.status is not Status.ENDED
            room = len(unit.mentees) if live else 0
            want_ready = unit.status in (Status.APPROVED, Status.ACTIVE)
            categories = MENTOR_WEIGHTS.get(unit.mentees[0].category, {})
            if unit.kind is Kind.GROUP and unit.mentees[0].category is Category.TEACHER:
                categories = {Category.HEAD: 1}
            mentor = self.pick_mentor(unit.mentees, room, want_ready, categories)
            if mentor is None and live and not unit.forced:
                # No mentor has room left (a big school): a pair that has already ended.
                unit.status = Status.ENDED
                unit.reason = rng.choices(list(END_WEIGHTS), list(END_WEIGHTS.values()))[0]
                room = 0
                mentor = self.pick_mentor(unit.mentees, 0, False, categories)
            if mentor is None:
                continue  # nobody can mentor them: the mentees stay free
            unit.mentor = mentor
            mentor.room -= room
            if unit.kind is not Kind.GROUP:
                chance = rng.random()
                if mentor.category in OUTSIDE_MENTORS and chance < 0.15:
                    unit.kind = Kind.VIRTUAL
                elif chance > 0.93:
                    unit.kind = Kind.SHORT_TERM
                elif chance > 0.89:
                    unit.kind = Kind.SITUATIONAL
            placed.append(unit)
        self.units = placed

    def overload_one(self, live: set[int]) -> None:
        """One working pair over its mentor's capacity: the board must warn about it."""
        rng = self.rng
        free = [m for m in self.mentees if m.id not in live and m.consent]
        full = [u.mentor for u in self.units if u.status is Status.ACTIVE and u.mentor
                and u.mentor.room == 0]  # fmt: skip
        for mentor in full[:20]:
            for mentee in rng.sample(free, min(len(free), 30)):
                if self.fits(mentor, [mentee]):
                    unit = _Unit([mentee], Status.ACTIVE, mentor=mentor, forced=True)
                    self.units.append(unit)
                    live.add(mentee.id)
                    return

    def specials(self) -> None:
        """Stalled pairs, one extension and one change of mentor, among the working pairs."""
        rng, today = self.rng, self.today
        active = [u for u in self.units if u.status is Status.ACTIVE and u.started]
        old = [u for u in active if u.started and u.started <= today - timedelta(days=40)]
        for unit in old:
            unit.stalled = rng.random() < STALLED_SHARE
        if old and not any(u.stalled for u in old):
            rng.choice(old).stalled = True
        extendable = [
            u for u in old
            if not u.stalled and u.started and u.started >= today - timedelta(days=300)
        ]  # fmt: skip
        if extendable:
            unit = rng.choice(extendable)
            unit.extended = True
        for unit in rng.sample(old, len(old)):
            if unit.extended or unit.mentor is None:
                continue
            others = [
                m for m in rng.sample(self.mentors[unit.mentor.category],
                                      min(10, len(self.mentors[unit.mentor.category])))
                if m is not unit.mentor and self.fits(m, unit.mentees)
            ]  # fmt: skip
            if others:
                unit.old_mentor = others[0]
                break

    # --- what the board warns about, and ready mentors ------------------------------

    def _row(self, who: _Who) -> dict[str, Any]:
        row = self.gen.rows[who.id - 1]
        assert row["id"] == who.id
        return row

    def _drop_links(self, who: _Who, relations: set[str]) -> None:
        """What the register drops with a role unticked (services.participants._clean)."""
        self.gen.links[:] = [
            link
            for link in self.gen.links
            if link["participant_id"] != who.id or link["relation"] not in relations
        ]

    def _new_draft(self, mentor: _Who, mentee: _Who, live: set[int]) -> _Unit:
        unit = _Unit([mentee], Status.DRAFT, mentor=mentor, forced=True)
        self.schedule(unit)
        self.units.append(unit)
        mentor.room -= 1
        live.add(mentee.id)
        return unit

    def _idle_draft(
        self, categories: tuple[Category, ...], units_of: dict[int, list[_Unit]], live: set[int]
    ) -> _Unit | None:
        """A new draft of a mentor in no pair yet (one not trained first) and a free pupil."""
        idle = [m for c in categories for m in self.mentors[c]
                if m.room > 0 and m.id not in units_of]  # fmt: skip
        idle.sort(key=lambda m: (m.ready, m.id))
        pupils = sorted((m for m in self.mentees if m.category is Category.STUDENT
                         and m.consent and m.id not in live), key=lambda m: m.id)  # fmt: skip
        if not idle or not pupils:
            return None
        mentor = idle[0]
        unit = self._new_draft(mentor, self.rng.choice(pupils), live)
        units_of[mentor.id] = [unit]
        return unit

    def showcase(self, live: set[int]) -> None:
        """Every warning a card can carry, each at least once (domain.pairs.WarningKind).

        On live pairs of people in no other pair: a mentee who left the school (archived)
        from a working pair; a mentor and a mentee whose role was unticked; a mentor who
        has not signed the consent to mentor yet (nor been trained); a form that no
        longer fits (the mentor was a deputy head). New drafts: a peer mentor not older
        than the mentee, a mentee back with the mentor of an ended pair, a mentor whose
        category has no form with the mentee's. Consent, training, capacity and «нет
        встреч» come from the pairs themselves (assign_statuses, overload_one, specials).
        Whatever a small school has no one for is left out.
        """
        rng = self.rng
        units_of: dict[int, list[_Unit]] = {}
        for each in self.units:
            for who in {each.mentor, *each.mentees}:
                if who is not None:
                    units_of.setdefault(who.id, []).append(each)
        used: set[int] = set()  # id() of the units showing something already

        def alone(who: _Who) -> bool:
            return len(units_of.get(who.id, ())) == 1

        def plain(statuses: tuple[Status, ...]) -> list[_Unit]:
            return [
                u for u in self.units
                if u.status in statuses and len(u.mentees) == 1 and u.mentor is not None
                and not (u.forced or u.stalled or u.extended or u.old_mentor) and id(u) not in used
            ]  # fmt: skip

        def pick(units: list[_Unit]) -> _Unit | None:
            if not units:
                return None
            unit = rng.choice(units)
            used.add(id(unit))
            return unit

        live_states = (Status.DRAFT, Status.APPROVED, Status.ACTIVE)
        # A mentee left the school: archived, their working pair not ended yet.
        unit: _Unit | None = pick([u for u in plain((Status.ACTIVE,)) if alone(u.mentees[0])
                     and u.mentees[0].category is Category.STUDENT
                     and not self._row(u.mentees[0])["is_mentor"]])  # fmt: skip
        if unit is not None:
            row = self._row(unit.mentees[0])
            left = datetime.combine(self.today - timedelta(days=rng.randint(1, 10)), time(11))
            row["archived_at"] = row["updated_at"] = max(left, row["created_at"])
        # A mentor's role unticked in the register while their pair goes on.
        staff = (Category.TEACHER, Category.HEAD)
        unit = pick([u for u in plain(live_states) if u.mentor and alone(u.mentor)
                     and u.mentor.category in staff])  # fmt: skip
        if unit is None:  # nobody with one pair only: a new draft with an idle mentor
            unit = self._idle_draft(staff, units_of, live)
        if unit is not None and unit.mentor is not None:
            mentor = unit.mentor
            row = self._row(mentor)
            row.update(is_mentor=False, mentor_consent_date=None, training_date=None,
                       interview_date=None, capacity=1)  # fmt: skip
            self._drop_links(mentor, {TermRelation.COMPETENCY.value})
            self.mentors[mentor.category].remove(mentor)
            mentor.room = 0
        # A mentee's role unticked.
        unit = pick([u for u in plain((Status.DRAFT, Status.APPROVED)) if alone(u.mentees[0])
                     and u.mentees[0].category is Category.STUDENT
                     and not self._row(u.mentees[0])["is_mentor"]])  # fmt: skip
        if unit is not None:
            mentee = unit.mentees[0]
            self._row(mentee)["is_mentee"] = False
            self._drop_links(mentee, {TermRelation.TARGET_GROUP.value, TermRelation.REQUEST.value})
            self.mentees.remove(mentee)
        # The form stored when the mentor was a deputy head; now a teacher.
        unit = pick([u for u in plain(live_states) if u.mentor is not None
                     and u.mentor.category is Category.TEACHER
                     and u.mentees[0].category is Category.TEACHER])  # fmt: skip
        if unit is not None:
            unit.form = Form.HEAD_TEACHER
        # A new mentor in a draft: no written consent to mentor yet, not trained.
        unit = self._idle_draft(staff, units_of, live)
        if unit is not None and unit.mentor is not None:
            self._row(unit.mentor).update(mentor_consent_date=None, training_date=None)
            unit.mentor.ready = False
        free = [m for m in self.mentees if m.id not in live and m.consent]
        rng.shuffle(free)
        # A draft with a peer mentor who is not older than the mentee.
        peers = [m for m in self.mentors[Category.STUDENT] if m.room > 0]
        for mentor in rng.sample(peers, len(peers)):
            peer: _Who | None = next((m for m in free if m.category is Category.STUDENT
                           and m.id != mentor.id and m.id not in live
                           and not mentor_is_older(mentor.birth, mentor.grade,
                                                   m.birth, m.grade)), None)  # fmt: skip
            if peer is not None:
                self._new_draft(mentor, peer, live)
                break
        # The mentee of an ended pair back with the same mentor, as a draft.
        for old in rng.sample(self.units, len(self.units)):
            if old.status is not Status.ENDED or old.mentor is None or len(old.mentees) != 1:
                continue
            mentee = old.mentees[0]
            if mentee.id in live or not mentee.consent or old.mentor.room <= 0:
                continue
            if mentee not in self.mentees or old.mentor not in self.mentors[old.mentor.category]:
                continue
            again = self._new_draft(old.mentor, mentee, live)
            again.kind = old.kind
            if old.ended and again.created and again.created <= old.ended:
                again.created = min(self.today, old.ended + timedelta(days=1))
            break
        # A mentor whose category has no form with the mentee's: a parent (entered before
        # as a partner's representative) with a teacher.
        teachers = [m for m in free if m.category is Category.TEACHER and m.id not in live]
        outside = [m for c in (Category.PARENT, Category.GRADUATE) for m in self.mentors[c]
                   if m.room > 0]  # fmt: skip
        if teachers and outside:
            unit = self._new_draft(rng.choice(outside), teachers[0], live)
            unit.form = Form.PARTNER_TEACHER

    def ready_mentors(self) -> None:
        """A few staff mentors ready to take a mentee now: a valid consent to the
        processing of personal data, the written consent to mentor, trained, with a free
        place, so a curator can make a pair with nothing to warn about. Training dates
        are added or a capacity raised (within the 4 a teacher may have) if needed."""
        staff = [m for c in (Category.TEACHER, Category.HEAD) for m in self.mentors[c]
                 if m.consent and self._row(m)["mentor_consent_date"] is not None]  # fmt: skip
        ready = [m for m in staff if m.ready and m.room > 0]
        if len(ready) >= READY_MENTORS:
            return
        rng = self.rng
        untrained = [m for m in staff if not m.ready and m.room > 0]
        full = [m for m in staff if m.ready and m.room <= 0 and self._row(m)["capacity"] < 4]
        for who in rng.sample(untrained, len(untrained)):
            if len(ready) >= READY_MENTORS:
                return
            row = self._row(who)
            signed = row["mentor_consent_date"]
            row["training_date"] = signed + (self.today - signed) // 2
            who.ready = True
            ready.append(who)
        for who in rng.sample(full, len(full)):
            if len(ready) >= READY_MENTORS:
                return
            self._row(who)["capacity"] += 1
            who.room += 1
            ready.append(who)

    # --- rows ------------------------------------------------------------------------

    def _program(self, unit: _Unit) -> tuple[str, str, list[str]]:
        rng = self.rng
        first = unit.mentees[0]
        assert unit.mentor is not None
        shared = sorted(first.topics & unit.mentor.topics)
        names = [self.topic_names.get(t, "") for t in (shared or sorted(first.topics))]
        if first.category is Category.UNIVERSITY_STUDENT:
            goal, tasks, items = INTERN_PROGRAM
        else:
            programs, default = (
                (STUDENT_PROGRAMS, "предметная подготовка")
                if first.category is Category.STUDENT
                else (TEACHER_PROGRAMS, "методика преподавания")
            )
            goal, tasks, items = programs[next((n for n in names if n in programs), default)]
        start, end, extra = PLAN_FRAMES.get(first.category, PLAN_FRAMES[Category.TEACHER])
        middle = rng.randint(2, 6)
        chosen = list(items[:middle])
        chosen += rng.sample(extra, min(len(extra), middle - len(chosen)))
        return goal, "\n".join(tasks), [start, *chosen, end]

    def rows(self) -> _PairRows:
        rng, today = self.rng, self.today
        out = _PairRows([], [], [], [], [], [])
        for number, unit in enumerate(self.units, start=1):
            mentor = unit.mentor
            assert mentor is not None and unit.created is not None
            events: list[tuple[date, EventKind, str]] = [(unit.created, EventKind.CREATED, "")]
            goal = tasks = ""
            texts: list[str] = []
            plan: list[tuple[str, date | None, date | None]] = []
            meetings: list[tuple[date, MeetingKind]] = []
            end_note = ""
            if unit.order:
                on, order_number = unit.order
                events.append((on, EventKind.APPROVED, f"приказ № {order_number} от {on:%d.%m.%Y}"))
            if unit.status is not Status.DRAFT or rng.random() < 0.3:
                goal, tasks, texts = self._program(unit)
                if unit.status is Status.APPROVED:
                    assert unit.order is not None
                    first = unit.order[0] + timedelta(days=14)
                    plan = self._plan(texts, first, first + timedelta(days=240), None, 0)
                    if rng.random() < 0.5:
                        meetings = [(self.day(unit.order[0], today), MeetingKind.INTRODUCTION)]
            if unit.started and unit.ends:
                events.append((unit.started, EventKind.STARTED, ""))
                if unit.old_mentor is not None:
                    on = self.day(unit.started + timedelta(days=30), today - timedelta(days=7))
                    note = rng.choice(MENTOR_CHANGE_NOTES)
                    text = f"{unit.old_mentor.name} → {mentor.name}; {note}"
                    events.append((on, EventKind.MENTOR_CHANGED, text))
                if unit.extended:
                    old_end = min(max(unit.started + timedelta(days=90),
                                      today + timedelta(days=rng.randint(3, 25))),
                                  unit.started + timedelta(days=300))  # fmt: skip
                    unit.ends = min(unit.started + timedelta(days=365),
                                    old_end + timedelta(days=rng.randint(45, 120)))  # fmt: skip
                    on = max(unit.started + timedelta(days=1),
                             min(today, old_end) - timedelta(days=rng.randint(0, 14)))  # fmt: skip
                    text = (f"до {unit.ends:%d.%m.%Y} (было до {old_end:%d.%m.%Y}); "
                            "по взаимному согласию")  # fmt: skip
                    events.append((on, EventKind.EXTENDED, text))
                until = unit.ended or today
                if unit.status is Status.ACTIVE:
                    plan = self._plan(texts, unit.started, unit.ends, today, 0.85)
                elif unit.reason is EndReason.PLAN_DONE:
                    plan = self._plan(texts, unit.started, until, until, 1.0)
                else:
                    plan = self._plan(texts, unit.started, unit.ends, until, 0.5)
                meetings = self._meetings(unit, until)
                if unit.stalled:
                    cutoff = today - timedelta(days=29 + rng.randint(0, 30))
                    meetings = meetings[:1] + [m for m in meetings[1:] if m[0] <= cutoff]
                if unit.reason is EndReason.PLAN_DONE:
                    meetings = [m for m in meetings if m[0] < until] + [(until, MeetingKind.FINAL)]
            if unit.ended and unit.reason:
                end_note = rng.choice(END_NOTES[unit.reason])
                text = unit.reason.label + (f": {end_note}" if end_note else "")
                events.append((unit.ended, EventKind.ENDED, text))
            events.sort(key=lambda e: e[0])  # stable: same-day events keep their order
            created = datetime.combine(unit.created, time(9)) + timedelta(
                minutes=rng.randint(0, 480)
            )
            updated = max(created, datetime.combine(events[-1][0], time(15)))
            out.mentorships.append({
                "id": number, "mentor_id": mentor.id, "form": self._form(unit).value,
                "kind": unit.kind.value, "status": unit.status.value,
                "order_number": unit.order[1] if unit.order else "",
                "order_date": unit.order[0] if unit.order else None,
                "started_on": unit.started, "ends_on": unit.ends, "ended_on": unit.ended,
                "end_reason": unit.reason.value if unit.reason else "", "end_note": end_note,
                "goal": goal, "tasks": tasks, "created_at": created, "updated_at": updated,
            })  # fmt: skip
            out.mentees += [{"mentorship_id": number, "participant_id": m.id, "position": i}
                            for i, m in enumerate(unit.mentees)]  # fmt: skip
            out.events += [{"mentorship_id": number, "happened_on": on, "kind": kind.value,
                            "text": text} for on, kind, text in events]  # fmt: skip
            out.plan += [{"mentorship_id": number, "position": i, "text": text, "due_on": due,
                          "done_on": done} for i, (text, due, done) in enumerate(plan)]  # fmt: skip
            out.meetings += [{"mentorship_id": number, "held_on": on, "kind": kind.value,
                              "note": rng.choice(MEETING_NOTES[kind])}
                             for on, kind in meetings]  # fmt: skip
        return out

    def _plan(
        self, texts: list[str], start: date, end: date, until: date | None, done_share: float
    ) -> list[tuple[str, date | None, date | None]]:
        """Activities due evenly from start to end; done by `until` with done_share."""
        rng = self.rng
        span = max(1, (end - start).days)
        found: list[tuple[str, date | None, date | None]] = []
        for index, text in enumerate(texts):
            due = start + timedelta(days=span * (index + 1) // len(texts))
            if index < len(texts) - 1:
                due -= timedelta(days=rng.randint(0, 5))
            done: date | None = None
            if until is not None:
                # Long overdue activities are more often done than the latest ones.
                share = done_share + 0.1 if due < until - timedelta(days=30) else done_share
                if due <= until and rng.random() < share:
                    done = max(start, min(until, due - timedelta(days=rng.randint(0, 7))))
                elif due > until and rng.random() < done_share * 0.1:
                    done = self.day(start, until)
            found.append((text, due, done))
        return found

    def _form(self, unit: _Unit) -> Form:
        assert unit.mentor is not None
        if unit.form is not None:
            return unit.form
        mentor = unit.mentor
        allowed = forms_for_group(mentor.category, [(m.category, m.young) for m in unit.mentees])
        assert allowed, (mentor.category, [m.category for m in unit.mentees])
        if Form.LECTURER_YOUNG_TEACHER in allowed and not (
            "колледж" in mentor.organization.lower() or "университет" in mentor.organization.lower()
        ):
            return Form.PARTNER_TEACHER
        return allowed[0]

    def preferences(self, paired: set[int]) -> list[dict[str, Any]]:
        """The networking questionnaire: a third of the free mentees, some mentors."""
        rng = self.rng
        rows: list[dict[str, Any]] = []
        free = [m for m in self.mentees if m.id not in paired]
        free_by_category: dict[Category, list[_Who]] = {}
        for mentee in free:
            free_by_category.setdefault(mentee.category, []).append(mentee)
        for mentee in free:
            if rng.random() >= MENTEE_PREFERENCE_SHARE:
                continue
            chosen: list[int] = []
            wanted = rng.randint(1, 3)
            for _ in range(wanted * 3):
                mentor = self.pick_mentor([mentee], 0, False,
                                          MENTOR_WEIGHTS.get(mentee.category, {}))  # fmt: skip
                if mentor is not None and mentor.id not in chosen:
                    chosen.append(mentor.id)
                if len(chosen) == wanted:
                    break
            rows += [{"chooser_id": mentee.id, "as_mentee": True, "rank": rank, "chosen_id": c}
                     for rank, c in enumerate(chosen, start=1)]  # fmt: skip
        for category, mentors in self.mentors.items():
            kinds = [c for c, weights in MENTOR_WEIGHTS.items()
                     if category in weights and free_by_category.get(c)]  # fmt: skip
            for mentor in mentors:
                if not kinds or mentor.room <= 0 or rng.random() >= MENTOR_PREFERENCE_SHARE:
                    continue
                chosen = []
                wanted = rng.randint(1, 3)
                for _ in range(wanted * 4):
                    pool = free_by_category[rng.choice(kinds)]
                    mentee = pool[rng.randrange(len(pool))]
                    if mentee.id not in chosen and self.fits(mentor, [mentee]):
                        chosen.append(mentee.id)
                    if len(chosen) == wanted:
                        break
                rows += [{"chooser_id": mentor.id, "as_mentee": False, "rank": rank,
                          "chosen_id": c} for rank, c in enumerate(chosen, start=1)]  # fmt: skip
        return rows

    def make(self) -> _PairRows:
        self.make_units(self.select())
        self.assign_statuses()
        self.assign_mentors()
        live = {m.id for u in self.units if u.status is not Status.ENDED for m in u.mentees}
        self.overload_one(live)
        for unit in self.units:
            self.schedule(unit)
        self.specials()
        self.showcase(live)
        self.ready_mentors()
        rows = self.rows()
        rows.preferences = self.preferences(live)
        return rows


def _journal_orders(session: Session, today: date) -> int:
    """The orders that approved the demo's pairs, in the orders journal as if issued
    there: the order's data for re-opening, and the pairs it names. Their numbers are
    then taken for their year (services.documents.check_number)."""
    from mentor_desk.services.documents import DocKind, pairs_order_data, to_payload

    session.flush()
    conn = session.connection().connection.driver_connection  # this transaction's rows
    assert isinstance(conn, sqlite3.Connection)
    orders: dict[tuple[date, str], list[int]] = {}
    query = (
        select(Mentorship.id, Mentorship.order_date, Mentorship.order_number)
        .where(Mentorship.order_number != "")
        .order_by(Mentorship.id)
    )
    for mentorship_id, on, number in session.execute(query):
        assert on is not None
        orders.setdefault((on, number), []).append(mentorship_id)
    documents, links = [], []
    for document_id, ((on, number), ids) in enumerate(sorted(orders.items()), start=1):
        data = pairs_order_data(conn, ids, number, on, today)
        documents.append({
            "id": document_id, "kind": DocKind.PAIRS.value, "number": number,
            "issued_on": on, "title": DocKind.PAIRS.journal_title,
            "payload": json.dumps(to_payload(data), ensure_ascii=False),
            "created_at": datetime.combine(on, time(12)),
        })  # fmt: skip
        links += [{"document_id": document_id, "mentorship_id": i} for i in ids]
    if documents:
        session.execute(insert(_table(IssuedDocument)), documents)
        session.execute(insert(_table(IssuedDocumentPair)), links)
    return len(documents)


# --- the roadmap ---------------------------------------------------------------------

ROADMAP_TEMPLATE = "zavitinsk_sample"  # seed 000, Appendix 2: the 34 activities
TRAINING_CENTRE = "ГАУ ДПО «Амурский областной институт развития образования»"
MENTORS_TEXT = "наставники"

# For each activity of the template, in its order: the deadline as the school wrote it
# ({0}, {1}, {2}: the first, second and last year of the period) and who is responsible:
# roles of the staff (_RoadmapMaker.people), then free text for outsiders.
ROADMAP_PLAN: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Сентябрь {0}", ("uvr",), ""),
    ("Сентябрь {0}", ("vr",), "классные руководители 1–11 классов"),
    ("Октябрь {0}", ("vr",), "Совет выпускников школы, представители организаций-партнёров"),
    ("До 15 октября {0}", ("adviser",), ""),
    ("До конца октября {0}", ("vr", "psychologist"), ""),
    ("Ноябрь {0}", ("social",), "классные руководители"),
    ("До 20 ноября {0}", ("vr",), ""),
    ("Декабрь {0}", ("director", "vr"), ""),
    ("Декабрь {0}", ("psychologist",), ""),
    ("До 25 января {1}", ("uvr",), ""),
    ("Январь {1}", ("uvr", "vr"), ""),
    ("Февраль {1}", ("vr",), ""),
    ("Февраль {1}", ("psychologist",), ""),
    ("Март {1}", ("uvr", "psychologist"), ""),
    ("Март {1}", ("uvr",), TRAINING_CENTRE),
    ("По отдельному графику", ("uvr",), TRAINING_CENTRE),
    ("Апрель {1}", ("vr", "adviser"), ""),
    ("До 30 апреля {1}", ("psychologist",), ""),
    ("Май {1}", ("vr",), ""),
    ("Сентябрь {1}", ("director", "vr"), ""),
    ("Сентябрь {1}", ("mentor",), MENTORS_TEXT),
    ("Октябрь {1}", ("mentor",), MENTORS_TEXT),
    ("До 15 ноября {1}", ("mentor",), MENTORS_TEXT),
    ("В течение всего периода реализации программы", (), "наставники и наставляемые"),
    ("1 раз в квартал", ("vr",), ""),
    ("Апрель {2}", ("mentor",), MENTORS_TEXT),
    ("Май {2}", ("vr", "adviser"), ""),
    ("Ежегодно (май)", ("psychologist",), ""),
    ("До 15 мая {2}", ("adviser",), ""),
    ("Май {2}", ("director",), ""),
    ("1 раз в полугодие", ("uvr",), ""),
    ("Июнь {2}", ("psychologist", "uvr"), ""),
    ("До конца июня {2}", ("mentor",), ""),
    ("Август {2}", ("vr",), "ответственный за сайт школы"),
)
# Evidence written down for some activities once done (by index in the plan).
ROADMAP_EVIDENCE = {
    0: "протокол педагогического совета № 2 от {done:%d.%m.%Y}",
    1: "протоколы родительских собраний 1–11 классов",
    15: "удостоверения о повышении квалификации наставников — у куратора",
    19: "приказ от {done:%d.%m.%Y} «О закреплении наставнических пар (групп)»",
}
ROADMAP_EXTRA = (
    "Подготовка отчёта о ходе реализации программы наставничества для отдела образования"
)
# Who stands in, as free text, for a specialist a small school does not have on its staff.
ROLE_TEXT = {
    "psychologist": "педагог-психолог ППМС-центра",
    "social": "социальный педагог ППМС-центра",
    "mentor": MENTORS_TEXT,
}
OVERDUE_NOTE = "не все пары отчитались; напомнить наставникам"


class _RoadmapMaker:
    """The demo's roadmap: the sample of seed 000 for the two academic years up to the end
    of the current one, filled in as a school would, in every state on `today`.

    Activities of the past are done (some late), except a few recent ones left undone
    (просрочено); what is due in the coming month is in progress or not started; the
    regular activities are in progress; one item the curator added is due within days,
    so the start notice has something to say.
    """

    def __init__(self, gen: _Generator, seed: int) -> None:
        self.rng = random.Random(f"roadmap:{seed}")  # apart from the school's draws
        self.today = gen.today
        self.start_year = gen.year.start_year - 1
        self.end_year = gen.year.start_year + 1
        self.people = self._people(gen.rows)

    def _people(self, rows: list[dict[str, Any]]) -> dict[str, list[int]]:
        """Staff by their part in the roadmap (the curator is the deputy for ВР)."""
        staff = [r for r in rows if r["archived_at"] is None
                 and r["category"] in (Category.HEAD.value, Category.TEACHER.value)]  # fmt: skip
        by_position: dict[str, list[int]] = {}
        for row in staff:
            by_position.setdefault(row["position"], []).append(row["id"])
        mentors = [r["id"] for r in staff
                   if r["is_mentor"] and r["category"] == Category.TEACHER.value]  # fmt: skip
        people = {
            "director": by_position.get("директор", [])[:1],
            "uvr": by_position.get("заместитель директора по УВР", [])[:1],
            "vr": by_position.get("заместитель директора по ВР", [])[:1],
            "adviser": by_position.get(ADVISER, [])[:1],
            "psychologist": by_position.get("педагог-психолог", [])[:1],
            "social": by_position.get("социальный педагог", [])[:1],
            "mentor": sorted(self.rng.sample(mentors, min(2, len(mentors)))),
        }
        people["vr"] = people["vr"] or people["uvr"] or people["director"]
        people["uvr"] = people["uvr"] or people["vr"]
        people["adviser"] = people["adviser"] or people["vr"]
        return people

    def _outsiders(self, roles: tuple[str, ...], text: str) -> str:
        """The free text, with the specialists the school does not have on its staff."""
        missing = [
            ROLE_TEXT[role]
            for role in roles
            if role in ROLE_TEXT and not self.people[role] and ROLE_TEXT[role] not in text
        ]
        return ", ".join(part for part in (*missing, text) if part)

    def _done_on(self, due: date) -> date:
        earliest = date(self.start_year, 8, 25)
        if self.rng.random() < 0.2:
            day = due + timedelta(days=self.rng.randint(1, 12))  # done late
        else:
            day = due - timedelta(days=self.rng.randint(0, 20))
        return max(earliest, min(day, self.today))

    def rows(
        self, roadmap_id: int, first_item_id: int, chosen: Template
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        today, rng = self.today, self.rng
        years = (self.start_year, self.start_year + 1, self.end_year)
        roadmap = {
            "id": roadmap_id,
            "title": f"Дорожная карта наставничества на {self.start_year}-{self.end_year} годы",
            "start_year": self.start_year,
            "end_year": self.end_year,
            "template": chosen.key,
            "created_at": datetime.combine(date(self.start_year, 8, 28), time(10)),
        }
        items: list[dict[str, Any]] = []
        responsible: list[dict[str, Any]] = []
        plan = list(ROADMAP_PLAN[: len(chosen.items)])
        plan += [("", (), "")] * (len(chosen.items) - len(plan))
        texts = [(t.section, t.activity, t.expected_result, t.indicator) for t in chosen.items]
        soon_day = today + timedelta(days=rng.randint(5, 12))
        soon_text = f"до {soon_day.day} {MONTHS_GENITIVE[soon_day.month - 1]} {soon_day.year}"
        plan.append((soon_text, ("vr",), ""))
        texts.append(("", ROADMAP_EXTRA, "", ""))
        dues: list[date | None] = []
        for position, (planned, written) in enumerate(zip(plan, texts, strict=True)):
            (pattern, roles, text), (section, activity, result, indicator) = planned, written
            deadline_text = pattern.format(*years)
            deadline = parse_deadline(deadline_text, self.start_year, self.end_year)
            due = deadline.next_due(today)
            dues.append(due)
            if deadline.occurrences and due is not None and due < today:
                status, done = ItemStatus.DONE, self._done_on(due)
            elif deadline.kind is DeadlineKind.ONGOING or deadline.occurrences:
                status, done = ItemStatus.IN_PROGRESS, None
            elif due is None:
                status, done = ItemStatus.DONE, self._done_on(date(years[1], 3, 20))
            elif due < today:
                status, done = ItemStatus.DONE, self._done_on(due)
            elif due <= today + timedelta(days=30):
                status = ItemStatus.IN_PROGRESS if rng.random() < 0.7 else ItemStatus.NOT_STARTED
                done = None
            else:
                status, done = ItemStatus.NOT_STARTED, None
            note = ROADMAP_EVIDENCE.get(position, "") if done else ""
            items.append({
                "id": first_item_id + position, "roadmap_id": roadmap_id,
                "position": position, "section": section, "activity": activity,
                "deadline_text": deadline_text, "due_on": None,
                "responsible_text": self._outsiders(roles, text),
                "expected_result": result, "indicator": indicator, "status": status.value,
                "done_on": done, "note": note.format(done=done),
            })  # fmt: skip
            ids = sorted({pid for role in roles for pid in self.people.get(role, [])})
            responsible += [{"item_id": first_item_id + position, "participant_id": pid}
                            for pid in ids]  # fmt: skip
        self._leave_undone(items, dues)
        self._keep_one_not_started(items, dues)
        items[-1]["status"] = ItemStatus.IN_PROGRESS.value
        return roadmap, items, responsible

    def _leave_undone(self, items: list[dict[str, Any]], dues: list[date | None]) -> None:
        """A few recent activities were not done in time: просрочено."""
        today = self.today
        past = [n for n, (item, due) in enumerate(zip(items, dues, strict=True))
                if item["status"] == ItemStatus.DONE.value and due is not None and due < today
                and item["deadline_text"] and not item["note"]]  # fmt: skip
        recent = [n for n in past if today - timedelta(days=200) <= (dues[n] or today)]
        pool = recent if len(recent) >= 2 else past
        chosen = sorted(self.rng.sample(pool, min(len(pool), self.rng.randint(2, 4))))
        for order, n in enumerate(chosen):
            status = ItemStatus.IN_PROGRESS if order == 0 else ItemStatus.NOT_STARTED
            items[n].update(status=status.value, done_on=None,
                            note=OVERDUE_NOTE if order == 0 else "")  # fmt: skip

    def _keep_one_not_started(self, items: list[dict[str, Any]], dues: list[date | None]) -> None:
        """Near the end of the period the last activities are still to come."""
        to_come = [
            n
            for n, due in enumerate(dues[:-1])
            if items[n]["done_on"] is None and (due is None or due >= self.today)
        ]
        if any(items[n]["status"] == ItemStatus.NOT_STARTED.value for n in to_come):
            return
        dated = [n for n in to_come if dues[n] is not None]
        if dated:
            items[dated[-1]]["status"] = ItemStatus.NOT_STARTED.value


def _roadmap_template() -> Template | None:
    """The sample of seed 000 (a municipality's broken file must not stop the demo)."""
    templates = scan_templates().templates
    return next((t for t in templates if t.key == ROADMAP_TEMPLATE), None)


def _insert_roadmap(session: Session, gen: _Generator, seed: int) -> int:
    """Write the demo roadmap; returns how many items it has (0 without the template)."""
    chosen = _roadmap_template()
    if chosen is None:
        return 0
    roadmap_id = (session.scalar(select(func.max(Roadmap.id))) or 0) + 1
    first_item = (session.scalar(select(func.max(RoadmapItem.id))) or 0) + 1
    roadmap, items, responsible = _RoadmapMaker(gen, seed).rows(roadmap_id, first_item, chosen)
    session.execute(insert(_table(Roadmap)), [roadmap])
    session.execute(insert(_table(RoadmapItem)), items)
    if responsible:
        session.execute(insert(_table(RoadmapResponsible)), responsible)
    return len(items)


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

    "pairs" counts the pairs and the groups in every status, "groups" those of them with
    more than one mentee.

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
        # The pairs first: the cards that show every warning change a few people
        # (archived, a role unticked), and the register goes in as they are then.
        pairs = _PairMaker(gen).make()
        # Core inserts on the tables, not ORM bulk mode: the ORM splits an executemany
        # wherever the set of None columns changes (16,000 statements for 50,000 rows).
        session.execute(insert(_table(Participant)), gen.rows)
        if gen.links:
            session.execute(insert(_table(ParticipantTerm)), gen.links)
        for model, rows in (
            (Mentorship, pairs.mentorships),
            (MentorshipMentee, pairs.mentees),
            (MentorshipEvent, pairs.events),
            (PlanItem, pairs.plan),
            (Meeting, pairs.meetings),
            (Preference, pairs.preferences),
        ):
            if rows:
                session.execute(insert(_table(model)), rows)
        _journal_orders(session, today)
        _insert_roadmap(session, gen, seed)
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
        "pairs": len(pairs.mentorships),
        "groups": sum(
            1 for n in Counter(r["mentorship_id"] for r in pairs.mentees).values() if n > 1
        ),
    }
