"""Mentor pairs and groups: forms, kinds, the lifecycle, warnings and programs.

A pair is one mentor and one mentee; a group is one mentor and several mentees (Положение о
наставничестве, Волгоград, приказ от 21.03.2022 № 25, разд. 6-7). Every rule about which
form fits whom, what a card must warn about and when a program counts as done lives here, so
the board, the orders and the reports agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from math import floor

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.participants import Category, ConsentState
from mentor_desk.domain.text import fold


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
    """Why a program ended (the Volgograd Положение о наставничестве, п. 7.1)."""

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
    FORM_CHANGED = "form_changed"
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
            "form_changed": "изменены форма или вид",
            "ended": "завершена",
        }[self.value]


PROGRAM_MIN = timedelta(days=90)  # a personalized program runs 3 months to 1 year
PLAN_DONE_TARGET = 0.9  # дорожная карта школы «КвантУм» 2024-2026: 90 % of the plan
NO_MEETINGS_WEEKS = 4  # default: a pair with no meeting this long is flagged
START_AHEAD_MAX = timedelta(days=30)  # an order may set the start a little ahead


# The words that name a college or a university in a partner's organization.
_LECTURER_PLACES = ("колледж", "техникум", "университет", "институт", "академи", "вуз")


def is_college_or_university(organization: str) -> bool:
    """Whether a partner's organization is a college or a university (колледж, техникум,
    университет, институт, академия, вуз): its lecturers may mentor young teachers."""
    folded = fold(organization)
    return any(word in folded for word in _LECTURER_PLACES)


def forms_for(
    mentor: Category,
    mentee: Category,
    mentee_young_specialist: bool,
    mentor_organization: str = "",
) -> list[Form]:
    """The forms a mentor of one category can have with a mentee of another, best first.

    «педагог вуза/колледжа – молодой педагог» needs a partner from a college or a
    university (mentor_organization, the register's «Организация»).
    """
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
            if mentee_young_specialist and is_college_or_university(mentor_organization):
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
    organization: str = ""  # a partner's: which forms he may have (forms_for)
    archived: bool = False
    # the roles ticked in the register (unknown: taken as ticked, nothing to warn about)
    is_mentor: bool = True
    is_mentee: bool = True
    # mentor facts
    mentor_consent: bool = False
    trained: bool = False
    capacity: int = 1


def forms_for_group(
    mentor: Category,
    mentees: Iterable[tuple[Category, bool]],
    mentor_organization: str = "",
) -> list[Form]:
    """The forms every mentee (category, young specialist) allows with this mentor, best
    first; every form for a group with nobody in it yet."""
    allowed: list[Form] | None = None
    for category, young_specialist in mentees:
        forms = forms_for(mentor, category, young_specialist, mentor_organization)
        allowed = forms if allowed is None else [f for f in allowed if f in forms]
    return list(Form) if allowed is None else allowed


def group_forms(mentor: PersonFacts, mentees: list[PersonFacts]) -> list[Form]:
    """The forms every mentee of a group allows with this mentor (all, for an empty one)."""
    return forms_for_group(
        mentor.category, ((m.category, m.young_specialist) for m in mentees), mentor.organization
    )


class WarningKind(str, Enum):
    """What a card can warn about; every kind is in the demo school."""

    ARCHIVED = "archived"
    NOT_MENTOR = "not_mentor"
    NOT_MENTEE = "not_mentee"
    NO_CONSENT = "no_consent"
    NO_MENTOR_CONSENT = "no_mentor_consent"
    NOT_TRAINED = "not_trained"
    OVER_CAPACITY = "over_capacity"
    NOT_OLDER = "not_older"
    SAME_MENTOR_AGAIN = "same_mentor_again"
    FORM_MISMATCH = "form_mismatch"
    NO_FORM = "no_form"
    NO_MEETINGS = "no_meetings"


class CardWarning(str):
    """The text a card shows (it is a str), which also knows its kind."""

    kind: WarningKind

    def __new__(cls, text: str, kind: WarningKind) -> CardWarning:
        made = super().__new__(cls, text)
        made.kind = kind
        return made

    def __getnewargs__(self) -> tuple[str, WarningKind]:  # type: ignore[override]
        return str(self), self.kind


NO_CONSENT_TEXT = "нет действующего согласия на обработку ПДн"
_MENTOR_GAPS = (
    (WarningKind.NO_MENTOR_CONSENT, "нет письменного согласия быть наставником"),
    (WarningKind.NOT_TRAINED, "обучение наставников не пройдено"),
)


def mentor_gaps(mentor: PersonFacts) -> list[CardWarning]:
    """Why a mentor is not ready to be fixed by an order, without the name; empty when ready.

    Ready: a valid consent to the processing of personal data, the written consent to be a
    mentor and the mentors' training (the Volgograd Положение, разд. 5). A card's warnings
    say the same with the name in front.
    """
    found = []
    if mentor.consent is not ConsentState.VALID:
        found.append(CardWarning(NO_CONSENT_TEXT, WarningKind.NO_CONSENT))
    facts = {WarningKind.NO_MENTOR_CONSENT: mentor.mentor_consent,
             WarningKind.NOT_TRAINED: mentor.trained}  # fmt: skip
    found += [CardWarning(text, kind) for kind, text in _MENTOR_GAPS if not facts[kind]]
    return found


def warnings(
    mentor: PersonFacts,
    mentees: list[PersonFacts],
    load: int,
    form: Form | None = None,
    earlier_mentees: frozenset[int] = frozenset(),
) -> list[CardWarning]:
    """What the card must say, not hide (the Volgograd Положение, разд. 5-6).

    load: how many mentees the mentor has in all their live pairs and groups, this one
    included. earlier_mentees: people this mentor had in pairs that have ended. A mentor
    whose role is unticked in the register gets that one warning instead of the mentor
    facts (consent to mentor, training, capacity), which only a mentor's card has.
    """
    found: list[CardWarning] = []

    def add(kind: WarningKind, text: str) -> None:
        found.append(CardWarning(text, kind))

    for person in (mentor, *mentees):
        if person.archived:
            add(
                WarningKind.ARCHIVED,
                f"{person.name} в архиве: завершите пару или замените участника",
            )
    if not mentor.is_mentor:
        add(WarningKind.NOT_MENTOR, f"{mentor.name} не отмечен(а) как наставник")
    for mentee in mentees:
        if not mentee.is_mentee:
            add(WarningKind.NOT_MENTEE, f"{mentee.name} не отмечен(а) как наставляемый")
    for person in (mentor, *mentees):
        if person.consent is not ConsentState.VALID:
            add(WarningKind.NO_CONSENT, f"{person.name}: {NO_CONSENT_TEXT}")
    if mentor.is_mentor:
        for gap in mentor_gaps(mentor):
            if gap.kind is not WarningKind.NO_CONSENT:  # said above, for everyone
                add(gap.kind, f"{mentor.name}: {gap}")
        if load > mentor.capacity:
            add(
                WarningKind.OVER_CAPACITY,
                f"{mentor.name}: наставляемых {load}, а может вести не больше {mentor.capacity}",
            )
    if mentor.category is Category.STUDENT:
        for mentee in mentees:
            if not mentor_is_older(mentor.birth_date, grade(mentor.class_name),
                                   mentee.birth_date, grade(mentee.class_name)):  # fmt: skip
                add(WarningKind.NOT_OLDER, f"{mentor.name} не старше наставляемого {mentee.name}")
    for mentee in mentees:
        if mentee.id in earlier_mentees:
            add(
                WarningKind.SAME_MENTOR_AGAIN, f"{mentee.name} уже был(а) в паре с этим наставником"
            )
    if mentees:
        forms = group_forms(mentor, mentees)
        if not forms:
            add(WarningKind.NO_FORM, "Для этих категорий участников нет формы наставничества")
        elif form is not None and form not in forms:
            add(
                WarningKind.FORM_MISMATCH,
                f"Форма «{form.label}» не подходит к категориям участников",
            )
    return found


def no_meetings_warning(weeks: int = NO_MEETINGS_WEEKS) -> CardWarning:
    return CardWarning(f"нет встреч больше {weeks} недель", WarningKind.NO_MEETINGS)


def mentor_is_older(
    mentor_birth: date | None, mentor_grade: int, mentee_birth: date | None, mentee_grade: int
) -> bool:
    """A student mentor is older than the mentee (the Kalininsky stages: mentors of grades 9-11).

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
    if end > latest_program_end(start):
        return "Персонализированная программа длится не больше 1 года"
    return None


def latest_program_end(start: date) -> date:
    """The latest planned end of a program started on `start`: the same day a year on
    (28 February for a start on 29 February)."""
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return date(start.year + 1, 2, 28)


def default_program_end(start: date) -> date:
    """The planned end a program starting on `start` gets unless the curator types another;
    the same as the term of the order fixing the pairs (services.documents.default_term).

    31 May, the end of lessons: of this school year, or of the coming one for a start in
    June to August. When that leaves less than 3 months (a start in March to May), 31 May
    of the next school year if that is within a year, else a year on.
    """
    may = date(start.year + (0 if start.month <= 5 else 1), 5, 31)
    for end in (may, date(may.year + 1, 5, 31)):
        if check_program_term(start, end) is None:
            return end
    return latest_program_end(start)


def check_start(started_on: date, today: date, order_date: date | None = None) -> str | None:
    """Why a pair cannot start work on this day (before its order, or more than
    START_AHEAD_MAX ahead: an order may set the start a little ahead), or None."""
    if order_date is not None and started_on < order_date:
        return f"Работа не может начаться раньше приказа ({format_date(order_date)})"
    latest = today + START_AHEAD_MAX
    if started_on > latest:
        return (
            f"Дата начала — не позже чем через {START_AHEAD_MAX.days} дней "
            f"(до {format_date(latest)})"
        )
    return None


def check_end(
    ended_on: date, today: date, started_on: date | None = None, order_date: date | None = None
) -> str | None:
    """Why a program cannot be ended on this day (in the future, before its start or, for
    a pair not started yet, before its order), or None."""
    if ended_on > today:
        return "Дата завершения не может быть в будущем"
    if started_on is not None and ended_on < started_on:
        return f"Дата завершения раньше начала работы ({format_date(started_on)})"
    if started_on is None and order_date is not None and ended_on < order_date:
        return f"Дата завершения раньше приказа ({format_date(order_date)})"
    return None


def check_extension(started_on: date | None, current_end: date, new_end: date) -> str | None:
    """Why a program cannot be extended to new_end (p. 7.2; at most 1 year from its start)."""
    if new_end <= current_end:
        return f"Новая дата окончания должна быть позже прежней ({format_date(current_end)})"
    if started_on is not None and new_end > latest_program_end(started_on):
        return (
            "Персонализированная программа длится не больше 1 года: продлить можно не дальше "
            f"чем до {format_date(latest_program_end(started_on))}"
        )
    return None


def check_mentor_change(
    on: date, today: date, started_on: date | None = None, order_date: date | None = None
) -> str | None:
    """Why the mentor cannot be changed on this day (in the future, before the start or,
    for a pair not started yet, before its order), or None."""
    if on > today:
        return "Дата смены наставника не может быть в будущем"
    if started_on is not None and on < started_on:
        return f"Дата смены наставника раньше начала работы ({format_date(started_on)})"
    if started_on is None and order_date is not None and on < order_date:
        return f"Дата смены наставника раньше приказа ({format_date(order_date)})"
    return None


def check_mentee_move(
    on: date, today: date, started_on: date | None = None, order_date: date | None = None
) -> str | None:
    """Why a mentee cannot leave a group (or pair) for another mentor on this day: in the
    future, or before the group was approved or started working; or None."""
    if on > today:
        return "Дата перевода не может быть в будущем"
    earliest = started_on or order_date
    if earliest is not None and on < earliest:
        return (
            f"Дата перевода — не раньше {format_date(earliest)} "
            "(утверждения или начала работы группы)"
        )
    return None


def plan_done_problem(done: int, total: int) -> str | None:
    """Why a plan does not look done (the «КвантУм» roadmap: at least 90 %), or None."""
    share = plan_share(done, total)
    if share is None:
        return "план пуст"
    if share < PLAN_DONE_TARGET:
        return f"план выполнен на {floor(share * 100)} % ({done} из {total})"
    return None


def plan_done_warning(plans: Iterable[tuple[int, int]]) -> str | None:
    """What to say when «план выполнен полностью» is chosen for pairs with these plans,
    (done, total) each; None when every plan is done to at least 90 %.

    Only a warning: the curator decides, the reason is still accepted.
    """
    listed = list(plans)
    problems = [p for p in (plan_done_problem(done, total) for done, total in listed) if p]
    if not problems:
        return None
    target = round(PLAN_DONE_TARGET * 100)
    if len(listed) == 1:
        return f"Внимание: {problems[0]}, а нужно не меньше {target} %."
    return (
        f"Внимание: у {len(problems)} из {len(listed)} выбранных пар план пуст "
        f"или выполнен меньше чем на {target} %."
    )


# --- what can be done with a pair in each state ----------------------------------------

APPROVE, START, EXTEND, MENTOR, END, SPLIT, DELETE, PROGRAM, FORM_KIND = (
    "approve", "start", "extend", "mentor", "end", "split", "delete", "program", "form",
)  # fmt: skip
ACTIONS = (APPROVE, START, EXTEND, MENTOR, END, SPLIT, DELETE, PROGRAM, FORM_KIND)
_ALLOWED: dict[Status, frozenset[str]] = {
    Status.DRAFT: frozenset({APPROVE, MENTOR, SPLIT, DELETE, PROGRAM, FORM_KIND}),
    Status.APPROVED: frozenset({START, MENTOR, END, SPLIT, PROGRAM, FORM_KIND}),
    Status.ACTIVE: frozenset({EXTEND, MENTOR, END, SPLIT, PROGRAM, FORM_KIND}),
    Status.ENDED: frozenset({PROGRAM}),
}


def allowed_actions(status: Status | str) -> frozenset[str]:
    """The lifecycle actions a pair in this status allows (the services enforce them).

    approve (by an order), start, extend, mentor (change of mentor), end, split (a
    group), delete (a draft), program (open the personalized program: always; an ended
    one read-mostly), form (change the form and the kind). Whether a card is a group
    (split) or one card is selected is the caller's to add.
    """
    return _ALLOWED[Status(status)]


def suggested_meeting_kind(logged: Iterable[MeetingKind]) -> MeetingKind:
    """The usual next meeting: introduction, trial, planning in turn, then regular ones."""
    seen = set(logged)
    for kind in (MeetingKind.INTRODUCTION, MeetingKind.TRIAL, MeetingKind.PLANNING):
        if kind not in seen:
            return kind
    return MeetingKind.REGULAR
