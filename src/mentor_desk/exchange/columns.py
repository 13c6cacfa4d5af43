"""The register's columns in files: one list for the template, the export and the importer.

The template and the export write these headers, and the importer's guessing reads them
back, so a file exported here imports again without any mapping by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from mentor_desk.domain.text import fold


class Kind(str, Enum):
    """How a cell turns into a value of the card."""

    TEXT = "text"
    DATE = "date"
    YEARS = "years"
    CATEGORY = "category"
    CLASS = "class"
    FLAG = "flag"  # да / нет


@dataclass(frozen=True)
class Column:
    key: str  # a ParticipantData field, or "full_name" (split into its parts on import)
    header: str  # what the template and the export write
    kind: Kind
    width: int  # export column width, in characters
    # Header guessing: the column is this field when a folded header contains one of
    # `parts`, or has one of `words` as a whole word, and contains none of `unless`.
    parts: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    example: str = ""  # the template's example row
    unless: tuple[str, ...] = ()

    def named_by(self, key: str, words: set[str]) -> bool:
        """Whether a header key (see guess_field) names this column."""
        if any(part in key for part in self.unless):
            return False
        return any(part in key for part in self.parts) or bool(words & set(self.words))


FULL_NAME = Column(
    "full_name", "ФИО", Kind.TEXT, 34,
    parts=("фамилия имя", "фамилия и имя", "полное имя"), words=("фио",),
    example="Иванова Мария Сергеевна",
)  # fmt: skip

# Order matters twice: the template and the export write the columns in this order, and
# guessing tries them in this order ("Дата рождения" before "Имя", "ФИО" before "Фамилия").
COLUMNS: tuple[Column, ...] = (
    # "Год рождения" holds a year, not a date: left for the user to map or leave out.
    Column("birth_date", "Дата рождения", Kind.DATE, 14, parts=("рожд",), words=("др",),
           example="05.03.2012", unless=("год рожд",)),
    Column("hire_date", "Дата приёма", Kind.DATE, 14, parts=("прием", "трудоустр"),
           example=""),
    Column("experience_years", "Стаж, лет", Kind.YEARS, 10, parts=("стаж",), example=""),
    FULL_NAME,
    Column("last_name", "Фамилия", Kind.TEXT, 18, parts=("фамилия",), example="Иванова"),
    Column("middle_name", "Отчество", Kind.TEXT, 18, parts=("отчество",),
           example="Сергеевна"),
    Column("first_name", "Имя", Kind.TEXT, 14, words=("имя",), example="Мария"),
    # A staff list's "Квалификационная категория" (высшая, первая) is not the register's.
    Column("category", "Категория", Kind.CATEGORY, 16, parts=("категори",),
           example="обучающийся", unless=("квалиф",)),
    # Not a class: the class a teacher leads ("Кл. рук."), a health or PE group.
    Column("class_name", "Класс", Kind.CLASS, 8, words=("класс", "кл", "группа"),
           example="7Б", unless=("рук", "здоров", "физкульт", "физ ", "медицин")),
    Column("position", "Должность", Kind.TEXT, 24, parts=("должност",), example=""),
    Column("subject", "Предмет", Kind.TEXT, 20, parts=("предмет", "дисциплин"), example=""),
    Column("organization", "Организация", Kind.TEXT, 28,
           parts=("организац", "место работы", "место учебы", "учебное заведение"),
           words=("вуз", "колледж"), example=""),
    Column("phone", "Телефон", Kind.TEXT, 16, parts=("телефон",), words=("тел", "моб"),
           example="+7 900 123-45-67"),
    Column("email", "E-mail", Kind.TEXT, 24, parts=("mail", "почта", "почты"), example=""),
    Column("is_mentor", "Наставник", Kind.FLAG, 11, words=("наставник",), example="нет"),
    Column("is_mentee", "Наставляемый", Kind.FLAG, 13, words=("наставляемый",),
           example="да"),
    # Additional education (дополнительное образование): the ДОП indicator counts it.
    Column("in_dop", "Занимается в ДОП", Kind.FLAG, 12,
           parts=("дополнительное образ", "дополнительного образ"), words=("доп", "дод"),
           example="нет"),
    Column("note", "Примечание", Kind.TEXT, 30, parts=("примечан", "комментар"),
           example=""),
)  # fmt: skip

BY_KEY = {column.key: column for column in COLUMNS}

# The order in which the template and the export write the columns.
FILE_ORDER = (
    "last_name", "first_name", "middle_name", "birth_date", "category", "class_name",
    "position", "subject", "experience_years", "hire_date", "organization", "phone",
    "email", "is_mentor", "is_mentee", "in_dop", "note",
)  # fmt: skip

_PUNCTUATION = re.compile(r"[^\w@]+")
# A letter standing alone before another lone letter: "ф и о" (from "Ф.И.О.") is "фио".
_SPELLED_OUT = re.compile(r"(?<!\w)(\w) (?=\w(?!\w))")


def header_key(text: object) -> str:
    """A header cell as guessing compares it: folded, punctuation gone ("Ф.И.О." → "ф и о")."""
    if text is None:
        return ""
    return " ".join(_PUNCTUATION.sub(" ", fold(str(text))).split())


def guess_field(header: object) -> str | None:
    """The field a header names ("Дата рождения" → birth_date), or None."""
    key = _SPELLED_OUT.sub(r"\1", header_key(header))  # "Ф.И.О. ученика" → "фио ученика"
    if not key:
        return None
    words = set(key.split())
    for column in COLUMNS:
        if column.named_by(key, words):
            return column.key
    return None


def template_example() -> dict[str, str]:
    """The template's example row as header_key(header) → the cell's text."""
    return {header_key(BY_KEY[key].header): BY_KEY[key].example for key in FILE_ORDER}
