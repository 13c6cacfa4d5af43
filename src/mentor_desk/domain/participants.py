"""Participants of the register (персонифицированный учёт): categories, roles, consent, age.

Every rule about a person lives here, so the register, the KPIs, the orders and the
yearly bundle agree on who is a minor, who is a young specialist and whose consent counts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from mentor_desk.domain.dates import full_years_between
from mentor_desk.domain.text import fold


class Category(str, Enum):
    """Категория участника."""

    STUDENT = "student"
    TEACHER = "teacher"
    PARENT = "parent"
    GRADUATE = "graduate"
    UNIVERSITY_STUDENT = "university_student"
    PARTNER = "partner"
    HEAD = "head"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]

    @classmethod
    def from_label(cls, text: str) -> Category:
        """The category as the UI and the CLI name it ("педагог"), or its code."""
        key = text.strip().casefold().replace("ё", "е")
        for category, label in CATEGORY_LABELS.items():
            if key in (label.casefold().replace("ё", "е"), category.value):
                return category
        names = ", ".join(CATEGORY_LABELS.values())
        raise ValueError(f"Неизвестная категория «{text}». Возможные: {names}")

    @property
    def is_staff(self) -> bool:
        """Staff of the school: can be responsible for roadmap items, mentors of teachers."""
        return self in (Category.TEACHER, Category.HEAD)


CATEGORY_LABELS: dict[Category, str] = {
    Category.STUDENT: "обучающийся",
    Category.TEACHER: "педагог",
    Category.PARENT: "родитель",
    Category.GRADUATE: "выпускник",
    Category.UNIVERSITY_STUDENT: "студент",
    Category.PARTNER: "представитель организации-партнёра",
    Category.HEAD: "руководитель",
}

# Which category-specific fields a category has; the dialog shows only these.
CATEGORY_FIELDS: dict[Category, frozenset[str]] = {
    Category.STUDENT: frozenset({"class_name", "in_dop"}),
    Category.TEACHER: frozenset({"position", "subject", "experience", "hire_date"}),
    Category.HEAD: frozenset({"position", "subject", "experience", "hire_date"}),
    Category.PARENT: frozenset({"organization"}),
    Category.GRADUATE: frozenset({"organization"}),
    Category.UNIVERSITY_STUDENT: frozenset({"organization"}),
    Category.PARTNER: frozenset({"organization", "position"}),
}


# The group each category-specific card field (or its error key) belongs to.
FIELD_GROUP = {
    "class_name": "class_name", "position": "position", "subject": "subject",
    "experience_years": "experience", "experience": "experience", "hire_date": "hire_date",
    "organization": "organization", "in_dop": "in_dop",
}  # fmt: skip
MENTOR_FIELDS = frozenset({"mentor_consent_date", "training_date", "interview_date", "capacity"})


def field_applies(name: str, category: Category, is_mentor: bool) -> bool:
    """Whether a card field means anything for this person: shown, checked and kept."""
    if name in MENTOR_FIELDS:
        return is_mentor
    return name not in FIELD_GROUP or FIELD_GROUP[name] in CATEGORY_FIELDS[category]


class ConsentStatus(str, Enum):
    """Статус согласия на обработку персональных данных (152-ФЗ)."""

    NONE = "none"
    GIVEN = "given"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"none": "нет", "given": "получено", "withdrawn": "отозвано"}[self.value]


class ConsentState(str, Enum):
    """Whether a person's consent lets the school use their data today."""

    VALID = "valid"
    MISSING = "missing"
    INCOMPLETE = "incomplete"  # given, but the date or the legal representative is missing
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            "valid": "действует",
            "missing": "нет согласия",
            "incomplete": "оформлено не полностью",
            "withdrawn": "отозвано",
        }[self.value]


class TermKind(str, Enum):
    """The editable lists: target groups of mentees and the shared matching topics."""

    TARGET_GROUP = "target_group"
    TOPIC = "topic"


class TermRelation(str, Enum):
    """How a person is linked to a term: a mentee's tag or request, a mentor's competency."""

    TARGET_GROUP = "target_group"
    REQUEST = "request"
    COMPETENCY = "competency"

    @property
    def kind(self) -> TermKind:
        return TermKind.TARGET_GROUP if self is TermRelation.TARGET_GROUP else TermKind.TOPIC


ADULT_AGE = 18
YOUNG_SPECIALIST_YEARS = 3  # "молодой специалист": a teacher with less than 3 full years
YOUNG_TEACHER_AGE = 35  # KPI "teachers under 35"


@dataclass(frozen=True)
class AgeBand:
    """An inclusive band of full years, as the KPIs count children (приказ Завитинского МО
    от 15.11.2022 № 246, прил. 1)."""

    low: int
    high: int

    def __contains__(self, age: object) -> bool:
        return isinstance(age, int) and self.low <= age <= self.high

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high} лет"


CHILDREN_7_18 = AgeBand(7, 18)
MENTEES_10_19 = AgeBand(10, 19)
MENTORS_15_19 = AgeBand(15, 19)
AGE_BANDS = (CHILDREN_7_18, MENTEES_10_19, MENTORS_15_19)


def age_on(birth_date: date | None, on: date) -> int | None:
    return full_years_between(birth_date, on) if birth_date else None


def is_minor(birth_date: date | None, on: date) -> bool:
    """Unknown age counts as adult: the register cannot guess a child."""
    age = age_on(birth_date, on)
    return age is not None and age < ADULT_AGE


def experience_on(
    on: date,
    hire_date: date | None,
    experience_years: int | None,
    experience_as_of: date | None,
) -> int | None:
    """Full years of service on a date.

    A hire date wins; typed years grow from the day they were typed, so a figure entered
    last year is not stale this year.
    """
    if hire_date:
        return max(0, full_years_between(hire_date, on))
    if experience_years is None:
        return None
    grown = full_years_between(experience_as_of, on) if experience_as_of else 0
    return max(0, experience_years + max(0, grown))


def is_young_specialist(category: Category, experience: int | None) -> bool:
    """Молодой специалист: derived from the experience of a teacher, never typed."""
    return (
        category is Category.TEACHER
        and experience is not None
        and experience < YOUNG_SPECIALIST_YEARS
    )


def consent_state(
    status: ConsentStatus,
    consent_date: date | None,
    representative_name: str | None,
    birth_date: date | None,
    on: date,
    *,
    signer: str | None,
) -> ConsentState:
    """Whether the consent counts: given, dated, signed, and for a minor by a representative."""
    if status is ConsentStatus.WITHDRAWN:
        return ConsentState.WITHDRAWN
    if status is ConsentStatus.NONE:
        return ConsentState.MISSING
    if consent_date is None or consent_date > on or not (signer or "").strip():
        return ConsentState.INCOMPLETE
    # A child's consent needs a representative even after the child turns 18: it was
    # signed as a minor's.
    if is_minor(birth_date, consent_date) and not (representative_name or "").strip():
        return ConsentState.INCOMPLETE
    return ConsentState.VALID


_CLASS_RE = re.compile(r"^(1[01]|[1-9])\s*-?\s*([А-ЯЁ]?)$")
# Latin letters typed with the English layout on that look like a Cyrillic class letter.
# Capitals A B C E H K M O P T X all have a Cyrillic twin; of the small letters only
# a c e k o p x do: a small "b" is Latin for Б as often as it looks like В, and small
# h, m, t look like no Cyrillic letter, so "7-b" or "7m" stays an error to be retyped.
_LOOK_ALIKES = str.maketrans(
    "ABCEHKMOPTXacekopx",
    "АВСЕНКМОРТХасекорх",
)
_QUOTES = str.maketrans("", "", "\"'«»„“”‘’`")


def normalize_class(text: str) -> str:
    """ "7б", "7 Б", "7-б", "7 «Б»", "7B" (Latin) → "7Б"; "11" stays.

    Anything else raises ValueError (Russian). Quotes are dropped and Latin look-alike
    letters read as the Cyrillic ones (see _LOOK_ALIKES).
    """
    cleaned = text.translate(_QUOTES).translate(_LOOK_ALIKES)
    match = _CLASS_RE.match(cleaned.strip().upper())
    if not match:
        raise ValueError("Класс пишется как «7Б» или «11»: номер от 1 до 11 и буква")
    return match.group(1) + match.group(2)


Name = tuple[str, str, str]  # last, first, middle


def likely_same_person(
    name_a: Name, birth_a: date | None, name_b: Name, birth_b: date | None
) -> bool:
    """Whether two cards are likely one person: the one duplicate rule of the register.

    The last and first names are equal ignoring case and ё ("Семенов" is "Семёнов"); the
    patronymics are equal or missing on one side ("Белова Анна" in a list, "Белова Анна
    Сергеевна" in the register); the birth dates are equal or missing on one side. A
    different patronymic or birth date is another person: namesakes are common in a
    school. The card dialog warns with it before saving, the import offers to skip or
    update with it.
    """
    (last_a, first_a, middle_a), (last_b, first_b, middle_b) = name_a, name_b
    if not (fold(last_a) and fold(first_a)):
        return False
    if (fold(last_a), fold(first_a)) != (fold(last_b), fold(first_b)):
        return False
    middles = fold(middle_a), fold(middle_b)
    if all(middles) and middles[0] != middles[1]:
        return False
    return birth_a is None or birth_b is None or birth_a == birth_b


def patronymic_missing(name_a: Name, name_b: Name) -> bool:
    """For a likely pair: the patronymic is given on the second side only."""
    return not fold(name_a[2]) and bool(fold(name_b[2]))


def parse_years(text: str) -> int | None:
    """Experience typed as whole years ("5"); empty is "not given"."""
    if not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError("Стаж — целое число лет, например 5; или укажите дату приёма") from None


def class_sort_key(class_name: str | None) -> tuple[int, str]:
    if not class_name:
        return (99, "")
    digits = "".join(ch for ch in class_name if ch.isdigit())
    return (int(digits) if digits else 99, class_name)


@dataclass
class ParticipantData:
    """What the dialog (and later the importer) hands to the service: one person's card."""

    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    birth_date: date | None = None
    category: Category = Category.STUDENT
    class_name: str = ""
    in_dop: bool = False  # занимается в ДОП (дополнительное образование)
    position: str = ""
    subject: str = ""
    experience_years: int | None = None
    hire_date: date | None = None
    organization: str = ""
    phone: str = ""
    email: str = ""
    is_mentor: bool = False
    is_mentee: bool = False
    mentor_consent_date: date | None = None
    training_date: date | None = None
    interview_date: date | None = None
    capacity: int = 1
    consent_status: ConsentStatus = ConsentStatus.NONE
    consent_date: date | None = None
    consent_signer: str = ""
    representative_name: str = ""
    note: str = ""
    target_groups: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    competencies: list[str] = field(default_factory=list)


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

NAME_LABELS = {"last_name": "Фамилия", "first_name": "Имя", "middle_name": "Отчество"}
_NAME_MARKS = frozenset("-\u2010'\u2019\u02bc")  # hyphens and apostrophes: Анна-Мария, Д'Арк
_INITIAL_SPLIT_RE = re.compile(r"[.\s]+")


def _is_name_letter(ch: str) -> bool:
    """A Cyrillic or Latin letter (accented too: Tatar ә, French é); no digit, no sign."""
    return ch.isalpha() and (ch < "\u0250" or "\u0400" <= ch <= "\u052f")


def name_problem(part: str, text: str) -> str | None:
    """What is wrong with one part of a name ("last_name", "first_name", "middle_name").

    A name is letters (Cyrillic or Latin, ё), hyphens, apostrophes and spaces: a list's
    footer ("Классный руководитель: Петрова А.А.", "Директор ____ /Иванова/"), a formula
    or a bracketed note is not a person. A first name given as an initial ("И.", "И.И.")
    does not tell people apart; neither does a patronymic, which may instead be left
    empty. Empty is an error for the last and first names only.
    """
    value = unicodedata.normalize("NFC", text).strip()  # «Й» typed as «И» + breve is «Й»
    if not value:
        return {"last_name": "Укажите фамилию", "first_name": "Укажите имя"}.get(part)
    tokens = [token for token in _INITIAL_SPLIT_RE.split(value) if token]
    if part != "last_name" and all(len(t) == 1 and _is_name_letter(t) for t in tokens):
        if part == "first_name":
            return "Имя указано инициалом: нужно полное имя"
        return "Отчество указано инициалом: укажите его полностью или оставьте пустым"
    bad = list(
        dict.fromkeys(
            ch for ch in value if not (_is_name_letter(ch) or ch in _NAME_MARKS or ch.isspace())
        )
    )
    if bad or not any(_is_name_letter(ch) for ch in value):
        shown = "здесь есть " + ", ".join(f"«{ch}»" for ch in bad[:3]) if bad else "а букв нет"
        return f"{NAME_LABELS[part]}: только буквы, дефис, апостроф и пробел; {shown}"
    return None


MAX_CAPACITY = 10


def validate(data: ParticipantData, today: date) -> dict[str, str]:
    """Check a card; returns {field: Russian message} for every problem, empty when fine.

    Category-specific fields of other categories are ignored (the dialog keeps them
    hidden, the service clears them).
    """
    errors: dict[str, str] = {}
    own = CATEGORY_FIELDS[data.category]
    for name in ("last_name", "first_name", "middle_name"):
        problem = name_problem(name, getattr(data, name))
        if problem:
            errors[name] = problem
    if data.birth_date and data.birth_date > today:
        errors["birth_date"] = "Дата рождения не может быть в будущем"
    elif data.birth_date and data.birth_date.year < 1900:
        errors["birth_date"] = "Проверьте год рождения"
    if "class_name" in own and data.class_name.strip():
        try:
            normalize_class(data.class_name)
        except ValueError as exc:
            errors["class_name"] = str(exc)
    if "experience" in own:
        if data.experience_years is not None and not 0 <= data.experience_years <= 70:
            errors["experience"] = "Стаж — целое число лет от 0 до 70"
        if data.hire_date and data.hire_date > today:
            errors["hire_date"] = "Дата приёма не может быть в будущем"
    if data.email.strip() and not _EMAIL_RE.match(data.email.strip()):
        errors["email"] = "Адрес почты выглядит неверно, например: ivanova@school.ru"
    if data.is_mentor and not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = f"Наставник может вести от 1 до {MAX_CAPACITY} наставляемых"
    for name in ("mentor_consent_date", "training_date", "interview_date"):
        value = getattr(data, name)
        if data.is_mentor and value and value > today:
            errors[name] = "Дата не может быть в будущем"
    if data.consent_status is ConsentStatus.GIVEN:
        if data.consent_date is None:
            errors["consent_date"] = "Укажите дату согласия"
        elif data.consent_date > today:
            errors["consent_date"] = "Дата согласия не может быть в будущем"
        if not data.consent_signer.strip():
            errors["consent_signer"] = "Укажите, кто подписал согласие"
    # A minor when signing (or now, for a consent not yet dated): see consent_state.
    minor_consent = is_minor(data.birth_date, data.consent_date or today) and (
        data.consent_status is not ConsentStatus.NONE
    )
    if minor_consent and not data.representative_name.strip():
        errors["representative_name"] = "Участнику нет 18 лет: укажите ФИО законного представителя"
    return errors
