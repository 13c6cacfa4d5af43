"""The yearly bundle's format, version 1: its members, tables and their Table Schemas.

The enumerations are written out here rather than taken from domain/: the format is a
published contract, and a new value in the app must be a decision about the format
(tests/exchange/test_bundle_format.py compares them with the domain's enums).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

FORMAT_VERSION = 1
BAGIT_VERSION = "1.0"

# Limits the reader holds a file to (counted on bytes actually decompressed).
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 64
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_ROWS = 200_000

# Member names inside the bag's base directory (the zip holds one base directory named
# after the bundle id, RFC 8493 §4.4).
BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
STATEMENT = "signed-statement.txt"
SIGNATURE = "signature-ed25519.b64"
SIGNER_KEY = "signer-ed25519.pem"
DESCRIPTOR = "data/datapackage.json"
REPORT = "data/report.pdf"
PERSONAL = "data/personal.enc"
PERSONAL_HEADER = "data/personal-encryption.json"
TAG_FILES = (BAGIT_TXT, BAG_INFO, MANIFEST)  # listed in the tag manifest
PERSONAL_DESCRIPTOR = "datapackage.json"  # inside the decrypted personal archive

AGGREGATE = "aggregate"
DEPERSONALIZED = "depersonalized"
FULL = "full"
LEVELS = (AGGREGATE, DEPERSONALIZED, FULL)
LEVEL_LABELS = {
    AGGREGATE: "только цифры",
    DEPERSONALIZED: "обезличенные сведения",
    FULL: "полные сведения с ФИО",
}

YEAR_PATTERN = r"^(19|20)[0-9]{2}-(19|20)[0-9]{2}$"
SCHOOL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
PSEUDO_ID_PATTERN = r"^[A-Z][0-9A-Z]{5,31}$"

INDICATOR_STATUSES = ("met", "near", "far", "no_data")
CONTINGENT_KEYS = (
    "students",
    "students_7_18",
    "students_10_19",
    "students_15_19",
    "students_dop",
    "teachers",
    "young_teachers",
    "teachers_under_35",
    "organizations",
)
FORMS = (
    "student_student",
    "teacher_teacher",
    "teacher_student",
    "university_student_student",
    "employer_student",
    "employer_university_student",
    "head_teacher",
    "lecturer_young_teacher",
    "partner_teacher",
)
KINDS = ("traditional", "group", "short_term", "reverse", "situational", "speed", "virtual")
PAIR_STATUSES = ("draft", "approved", "active", "ended")
ROADMAP_STATUSES = ("not_started", "in_progress", "done", "overdue")
SURVEY_KINDS = ("score", "choice", "open")
QUADRANTS = ("strength", "weakness", "opportunity", "threat")
CATEGORIES = ("student", "teacher", "parent", "graduate", "university_student", "partner", "head")

# Frictionless Table Schema field types this format uses, and the Python type each reads as.
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime")


class BundleError(Exception):
    """A bundle cannot be written or read; the message says why and what to do, in Russian.

    `code` names the problem for programs (tests, the district workspace's log).
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


class PrivacyLevel(str, Enum):
    """Уровень сведений в пакете."""

    AGGREGATE = AGGREGATE
    DEPERSONALIZED = DEPERSONALIZED
    FULL = FULL

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.value]

    @property
    def personal(self) -> bool:
        return self is not PrivacyLevel.AGGREGATE


@dataclass(frozen=True)
class BundleMeta:
    """Who made a bundle and of what: the tags of bag-info.txt.

    bundle_id and created are made by write_bundle when left out.
    """

    school_id: str
    school_name: str
    municipality: str
    academic_year: str  # "2025-2026": 1 September to 31 August
    level: PrivacyLevel = PrivacyLevel.AGGREGATE
    software: str = "Mentor Desk"
    bundle_id: UUID | None = None
    created: datetime | None = None  # UTC
    format_version: int = FORMAT_VERSION


@dataclass(frozen=True)
class Field:
    """One column: a Frictionless Table Schema field."""

    name: str
    type: str
    title: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    pattern: str | None = None

    def descriptor(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.max_length is not None:
            constraints["maxLength"] = self.max_length
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        out: dict[str, Any] = {"name": self.name, "type": self.type, "title": self.title}
        if self.type == "date":
            out["format"] = "default"  # ISO 8601, YYYY-MM-DD
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    """One table of the bundle: its name (the CSV file's stem), title and schema."""

    name: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    personal: bool = False
    single_row: bool = False

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def table_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema of this table."""
        schema: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(fk.fields),
                    "reference": {"resource": fk.resource, "fields": list(fk.reference)},
                }
                for fk in self.foreign_keys
            ]
        return schema


def _text(name: str, title: str, *, required: bool = False, length: int = 500) -> Field:
    return Field(name, "string", title, required=required, max_length=length)


def _count(name: str, title: str) -> Field:
    return Field(name, "integer", title, required=True, minimum=0, maximum=10_000_000)


def _share(name: str, title: str) -> Field:
    return Field(name, "number", title, minimum=0, maximum=1_000_000_000)


SCHOOL = TableSpec(
    "school",
    "Образовательная организация",
    (
        Field("id", "string", "Идентификатор школы", required=True, pattern=SCHOOL_ID_PATTERN),
        _text("full_name", "Полное наименование", required=True),
        _text("short_name", "Краткое наименование"),
        _text("municipality", "Муниципалитет", required=True),
    ),
    primary_key=("id",),
    single_row=True,
)
YEAR = TableSpec(
    "year",
    "Учебный год",
    (
        Field("academic_year", "string", "Учебный год", required=True, pattern=YEAR_PATTERN),
        Field("starts", "date", "Начало (1 сентября)", required=True),
        Field("ends", "date", "Окончание (31 августа)", required=True),
    ),
    primary_key=("academic_year",),
    single_row=True,
)
INDICATORS = TableSpec(
    "indicators",
    "Показатели эффективности",
    (
        _text("set_key", "Набор показателей", required=True, length=100),
        _text("key", "Показатель", required=True, length=100),
        _text("name", "Наименование", required=True),
        _share("numerator", "Числитель"),
        _share("denominator", "Знаменатель"),
        _share("value", "Значение"),
        _share("target", "Целевое значение"),
        Field("status", "string", "Оценка", required=True, enum=INDICATOR_STATUSES),
    ),
    primary_key=("set_key", "key"),
)
CONTINGENT = TableSpec(
    "contingent",
    "Контингент",
    (
        Field("key", "string", "Показатель контингента", required=True, enum=CONTINGENT_KEYS),
        _count("count", "Количество"),
    ),
    primary_key=("key",),
)
PAIRS_SUMMARY = TableSpec(
    "pairs_summary",
    "Пары по формам, видам и статусам",
    (
        Field("form", "string", "Форма наставничества", required=True, enum=FORMS),
        Field("kind", "string", "Вид наставничества", required=True, enum=KINDS),
        Field("status", "string", "Статус пары", required=True, enum=PAIR_STATUSES),
        _count("count", "Количество пар"),
    ),
    primary_key=("form", "kind", "status"),
)
ROADMAP_ITEMS = TableSpec(
    "roadmap_items",
    "Дорожная карта",
    (
        _text("section", "Раздел", required=True),
        _text("title", "Мероприятие", required=True, length=2000),
        Field("due", "date", "Срок"),
        Field("status", "string", "Статус", required=True, enum=ROADMAP_STATUSES),
        Field("done_on", "date", "Дата выполнения"),
    ),
)
SURVEY_SUMMARY = TableSpec(
    "survey_summary",
    "Итоги анкетирования",
    (
        _text("role", "Кто отвечал", required=True, length=100),
        _text("question", "Вопрос", required=True, length=1000),
        Field("kind", "string", "Тип вопроса", required=True, enum=SURVEY_KINDS),
        _count("respondents", "Ответивших"),
        Field("mean", "number", "Средний балл", minimum=0, maximum=100),
        _text("option", "Вариант ответа", length=500),
        Field("count", "integer", "Выбрали вариант", minimum=0, maximum=10_000_000),
    ),
)
SWOT = TableSpec(
    "swot",
    "SWOT-анализ",
    (
        Field("quadrant", "string", "Раздел", required=True, enum=QUADRANTS),
        Field("position", "integer", "Номер", required=True, minimum=1, maximum=10_000),
        _text("text", "Формулировка", required=True, length=2000),
    ),
    primary_key=("quadrant", "position"),
)
PRACTICES = TableSpec(
    "practices",
    "Лучшие практики (кейсы)",
    (
        _text("title", "Название", required=True),
        Field("form", "string", "Форма наставничества", enum=FORMS),
        _text("description", "Краткое описание", length=10_000),
        _text("results", "Результаты", length=10_000),
    ),
)

DEPERSONALIZED_PEOPLE = TableSpec(
    "people",
    "Участники (обезличенно)",
    (
        Field(
            "pseudo_id", "string", "Псевдоним участника", required=True, pattern=PSEUDO_ID_PATTERN
        ),
        Field("birth_year", "integer", "Год рождения", minimum=1900, maximum=2100),
        _text("class", "Класс", length=20),
        Field("category", "string", "Категория", required=True, enum=CATEGORIES),
        Field("is_mentor", "boolean", "Наставник", required=True),
        Field("is_mentee", "boolean", "Наставляемый", required=True),
    ),
    primary_key=("pseudo_id",),
    personal=True,
)
DEPERSONALIZED_PAIRS = TableSpec(
    "pairs",
    "Пары (обезличенно)",
    (
        Field("pair_id", "string", "Псевдоним пары", required=True, pattern=PSEUDO_ID_PATTERN),
        Field("mentor_id", "string", "Наставник", required=True, pattern=PSEUDO_ID_PATTERN),
        Field("mentee_id", "string", "Наставляемый", required=True, pattern=PSEUDO_ID_PATTERN),
        Field("form", "string", "Форма наставничества", required=True, enum=FORMS),
        Field("kind", "string", "Вид наставничества", enum=KINDS),
        Field("status", "string", "Статус пары", required=True, enum=PAIR_STATUSES),
        Field("started_on", "date", "Начало"),
        Field("ended_on", "date", "Окончание"),
    ),
    primary_key=("pair_id", "mentee_id"),
    foreign_keys=(
        ForeignKey(("mentor_id",), "people", ("pseudo_id",)),
        ForeignKey(("mentee_id",), "people", ("pseudo_id",)),
    ),
    personal=True,
)
FULL_PEOPLE = TableSpec(
    "people",
    "Участники",
    (
        Field(
            "person_id",
            "string",
            "Идентификатор участника",
            required=True,
            pattern=PSEUDO_ID_PATTERN,
        ),
        _text("last_name", "Фамилия", required=True, length=100),
        _text("first_name", "Имя", required=True, length=100),
        _text("middle_name", "Отчество", length=100),
        Field("birth_date", "date", "Дата рождения"),
        _text("class", "Класс", length=20),
        Field("category", "string", "Категория", required=True, enum=CATEGORIES),
        Field("is_mentor", "boolean", "Наставник", required=True),
        Field("is_mentee", "boolean", "Наставляемый", required=True),
        _text("email", "Электронная почта", length=200),
        _text("phone", "Телефон", length=50),
        Field("consent_until", "date", "Согласие действует до"),
    ),
    primary_key=("person_id",),
    personal=True,
)
FULL_PAIRS = TableSpec(
    "pairs",
    "Пары",
    DEPERSONALIZED_PAIRS.fields,
    primary_key=("pair_id", "mentee_id"),
    foreign_keys=(
        ForeignKey(("mentor_id",), "people", ("person_id",)),
        ForeignKey(("mentee_id",), "people", ("person_id",)),
    ),
    personal=True,
)

AGGREGATE_TABLES: tuple[TableSpec, ...] = (
    SCHOOL,
    YEAR,
    INDICATORS,
    CONTINGENT,
    PAIRS_SUMMARY,
    ROADMAP_ITEMS,
    SURVEY_SUMMARY,
    SWOT,
    PRACTICES,
)
PERSONAL_TABLES: Mapping[PrivacyLevel, tuple[TableSpec, ...]] = {
    PrivacyLevel.AGGREGATE: (),
    PrivacyLevel.DEPERSONALIZED: (DEPERSONALIZED_PEOPLE, DEPERSONALIZED_PAIRS),
    PrivacyLevel.FULL: (FULL_PEOPLE, FULL_PAIRS),
}


def tables_for(level: PrivacyLevel) -> tuple[TableSpec, ...]:
    """Every table a bundle of this level holds: the figures, then the personal ones."""
    return AGGREGATE_TABLES + tuple(PERSONAL_TABLES[level])


@dataclass(frozen=True)
class BundleInfo:
    """What write_bundle wrote."""

    path: str
    bundle_id: UUID
    created: datetime
    level: PrivacyLevel
    size: int
    sha256: str
    fingerprint: str
    counts: dict[str, int] = field(default_factory=dict)
    encryption: str | None = None  # "password" / "x25519" / None
