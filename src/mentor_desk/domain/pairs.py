"""Mentor pairs and groups: forms, kinds, the lifecycle, warnings and programs.

A pair is one mentor and one mentee; a group is one mentor and several mentees (seed 001,
parts 6-7). Every rule about which form fits whom, what a card must warn about and when a
program counts as done lives here, so the board, the orders and the reports agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from mentor_desk.domain.participants import Category, ConsentState


class Form(str, Enum):
    """Форма наставничества, by the roles of the mentor and the mentee."""

    STUDENT_STUDENT = "student_student"
    TEACHER_TEACHER = "teacher_teacher"
    TEACHER_STUDENT = "teacher_student"
    UNIVERSITY_STUDENT_STUDENT = "university_student_student"
    EMPLOYER_STUDENT = "employer_student"
    EMPLOYER_UNIVERSITY_STUDENT = "employer_university_student"
    HEAD_TEACHER = "head_teacher"
    LECTURER_YOUNG_TEACHER = "lecturer_young_teacher"
    PARTNER_TEACHER = "partner_teacher"

    @property
    def label(self) -> str:
        return FORM_LABELS[self]


FORM_LABELS = {
    Form.STUDENT_STUDENT: "ученик – ученик",
    Form.TEACHER_TEACHER: "учитель – учитель",
    Form.TEACHER_STUDENT: "учитель – ученик",
    Form.UNIVERSITY_STUDENT_STUDENT: "студент – ученик",
    Form.EMPLOYER_STUDENT: "работодатель – ученик",
    Form.EMPLOYER_UNIVERSITY_STUDENT: "работодатель – студент",
    Form.HEAD_TEACHER: "руководитель ОО – педагог",
    Form.LECTURER_YOUNG_TEACHER: "педагог вуза/колледжа – молодой педагог",
    Form.PARTNER_TEACHER: "социальный партнёр – педагог",
}


class Kind(str, Enum):
    """Вид наставничества."""

    TRADITIONAL = "traditional"
    GROUP = "group"
    SHORT_TERM = "short_term"
    REVERSE = "reverse"
    SITUATIONAL = "situational"
    SPEED = "speed"
    VIRTUAL = "virtual"

    @property
    def label(self) -> str:
        return {
            "traditional": "традиционная",
            "group": "групповая",
            "short_term": "краткосрочная",
            "reverse": "реверсивная",
            "situational": "ситуационная",
            "speed": "скоростная",
            "virtual": "виртуальная",
        }[self.value]


class Status(str, Enum):
    """черновик → утверждена (приказом) → действует → завершена."""

    DRAFT = "draft"
    APPROVED = "approved"
    ACTIVE = "active"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            "draft": "черновик",
            "approved": "утверждена",
            "active": "действует",
            "ended": "завершена",
        }[self.value]


class EndReason(str, Enum):
    """Why a program ended (seed 001, p. 7.1)."""

    PLAN_DONE = "plan_done"
    MENTOR_INITIATIVE = "mentor_initiative"
    MENTEE_INITIATIVE = "mentee_initiative"
    CURATOR_INITIATIVE = "curator_initiative"

    @property
    def label(self) -> str:
        return {
            "plan_done": "план выполнен полностью",
            "mentor_initiative": "по инициативе наставника (уважительные причины)",
            "mentee_initiative": "по инициативе наставляемого (уважительные причины)",
            "curator_initiative": "по инициативе куратора (ненадлежащее исполнение)",
        }[self.value]


class MeetingKind(str, Enum):
    """The meetings of a program, in the order they usually come."""

    INTRODUCTION = "introduction"
    TRIAL = "trial"
    PLANNING = "planning"
    REGULAR = "regular"
    FINAL = "final"

    @property
    def label(self) -> str:
        return {
            "introduction": "встреча-знакомство",
            "trial": "пробная встреча",
            "planning": "встреча-планирование",
            "regular": "регулярная встреча",
            "final": "итоговая встреча",
        }[self.value]


class EventKind(str, Enum):
    """What the history of a pair or group records, with dates."""

    CREATED = "created"
    APPROVED = "approved"
    STARTED = "started"
    EXTENDED = "extended"
    MENTOR_CHANGED = "mentor_changed"
    MENTEE_ADDED = "mentee_added"
    MENTEE_REMOVED = "mentee_removed"
    PLAN_CHANGED = "plan_changed"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            "created": "создана",
            "approved": "утверждена приказом",
            "started": "начала работу",
            "extended": "продлена",
            "mentor_changed": "сменён наставник",
            "mentee_added": "добавлен наставляемый",
            "mentee_removed": "выбыл наставляемый",
            "plan_changed": "изменён план",
            "ended": "завершена",
        }[self.value]


PROGRAM_MIN = timedelta(days=90)  # a personalized program runs 3 months to 1 year
PROGRAM_MAX = timedelta(days=366)
PLAN_DONE_TARGET = 0.9  # seed 004: at least 90 % of the plan done
NO_MEETINGS_WEEKS = 4  # default: a pair with no meeting this long is flagged
START_AHEAD_MAX = timedelta(days=30)  # an order may set the start a little ahead


def forms_for(mentor: Category, mentee: Category, mentee_young_specialist: bool) -> list[Form]:
    """The forms a mentor of one category can have with a mentee of another, best first."""
    found: list[Form] = []
    if mentee is Category.STUDENT:
        found += {
            Category.STUDENT: [Form.STUDENT_STUDENT],
            Category.TEACHER: [Form.TEACHER_STUDENT],
            Category.HEAD: [Form.TEACHER_STUDENT],
            Category.UNIVERSITY_STUDENT: [Form.UNIVERSITY_STUDENT_STUDENT],
            Category.GRADUATE: [Form.UNIVERSITY_STUDENT_STUDENT],
            Category.PARTNER: [Form.EMPLOYER_STUDENT],
            Category.PARENT: [Form.EMPLOYER_STUDENT],
        }.get(mentor, [])
    elif mentee is Category.UNIVERSITY_STUDENT:
        if mentor in (Category.PARTNER, Category.PARENT):
            found.append(Form.EMPLOYER_UNIVERSITY_STUDENT)
    elif mentee in (Category.TEACHER, Category.HEAD):
        if mentor is Category.HEAD:
            found += [Form.HEAD_TEACHER, Form.TEACHER_TEACHER]
        elif mentor is Category.TEACHER:
            found.append(Form.TEACHER_TEACHER)
        elif mentor is Category.PARTNER:
            if mentee_young_specialist:
                found.append(Form.LECTURER_YOUNG_TEACHER)
            found.append(Form.PARTNER_TEACHER)
    return found


@dataclass(frozen=True)
class PersonFacts:
    """What the rules need to know of one person of a pair, read from the register."""

    id: int
    name: str
    category: Category
    consent: ConsentState
    birth_date: date | None = None
    young_specialist: bool = False
    class_name: str = ""
    # mentor facts
    mentor_consent: bool = False
    trained: bool = False
    capacity: int = 1


def group_forms(mentor: PersonFacts, mentees: list[PersonFacts]) -> list[Form]:
    """The forms every mentee of a group allows with this mentor (all, for an empty one)."""
    allowed: list[Form] | None = None
    for mentee in mentees:
        forms = forms_for(mentor.category, mentee.category, mentee.young_specialist)
        allowed = forms if allowed is None else [f for f in allowed if f in forms]
    return list(Form) if allowed is None else allowed


def warnings(
    mentor: PersonFacts,
    mentees: list[PersonFacts],
    load: int,
    form: Form | None = None,
    earlier_mentees: frozenset[int] = frozenset(),
) -> list[str]:
    """What the card must say, not hide (seed 001, parts 5-6; DOMAIN.md).

    load: how many mentees the mentor has in all their live pairs and groups, this one
    included. earlier_mentees: people this mentor had in pairs that have ended.
    """
    found: list[str] = []
    for person in (mentor, *mentees):
        if person.consent is not ConsentState.VALID:
            found.append(f"{person.name}: нет действующего согласия на обработку ПДн")
    if not mentor.mentor_consent:
        found.append(f"{mentor.name}: нет письменного согласия быть наставником")
    if not mentor.trained:
        found.append(f"{mentor.name}: не прошёл обучение наставников")
    if load > mentor.capacity:
        found.append(
            f"{mentor.name}: наставляемых {load}, а может вести не больше {mentor.capacity}"
        )
    if mentor.category is Category.STUDENT:
        for mentee in mentees:
            if not mentor_is_older(mentor.birth_date, grade(mentor.class_name),
                                   mentee.birth_date, grade(mentee.class_name)):  # fmt: skip
                found.append(f"{mentor.name} не старше наставляемого {mentee.name}")
    for mentee in mentees:
        if mentee.id in earlier_mentees:
            found.append(f"{mentee.name} уже был наставляемым у {mentor.name}")
    if form is not None and mentees and form not in group_forms(mentor, mentees):
        found.append(f"Форма «{form.label}» не подходит к категориям участников")
    if mentees and not group_forms(mentor, mentees):
        found.append("Для этих категорий участников нет формы наставничества")
    return found


def mentor_is_older(
    mentor_birth: date | None, mentor_grade: int, mentee_birth: date | None, mentee_grade: int
) -> bool:
    """A student mentor is older than the mentee (seed 003: mentors from grades 9-11).

    By birth dates when both are known, else by grades (0: unknown); when neither can be
    compared the rule cannot say no.
    """
    if mentor_birth and mentee_birth:
        return mentor_birth < mentee_birth
    if mentor_grade and mentee_grade:
        return mentor_grade > mentee_grade
    return True


def grade(class_name: str) -> int:
    """The grade of a class ("7Б" → 7); 0 when there is none."""
    digits = "".join(ch for ch in class_name if ch.isdigit())
    return int(digits) if digits else 0


def plan_share(done: int, total: int) -> float | None:
    """The share of the plan done, 0..1; None for an empty plan."""
    return done / total if total else None


def no_meetings_since(
    last_meeting: date | None, started: date | None, today: date, weeks: int = NO_MEETINGS_WEEKS
) -> bool:
    """A working pair with no meeting in the last `weeks` weeks (counted from its start)."""
    since = last_meeting or started
    return since is not None and today - since > timedelta(weeks=weeks)


def check_program_term(start: date, end: date) -> str | None:
    """A personalized program runs from 3 months to 1 year; the message if not."""
    if end <= start:
        return "Окончание программы должно быть позже начала"
    if end - start < PROGRAM_MIN:
        return "Персонализированная программа длится не меньше 3 месяцев"
    if end - start > PROGRAM_MAX:
        return "Персонализированная программа длится не больше 1 года"
    return None


def suggested_meeting_kind(logged: Iterable[MeetingKind]) -> MeetingKind:
    """The usual next meeting: introduction, trial, planning in turn, then regular ones."""
    seen = set(logged)
    for kind in (MeetingKind.INTRODUCTION, MeetingKind.TRIAL, MeetingKind.PLANNING):
        if kind not in seen:
            return kind
    return MeetingKind.REGULAR
