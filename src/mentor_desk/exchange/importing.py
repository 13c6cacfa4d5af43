"""Importing people from a table: find the header, map columns, check rows, write once.

The wizard and `mentor-desk participants import` share this engine: the same header
guessing, the same checks, the same report. It writes nothing: services.importing backs
the database up and writes every accepted row in one transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from mentor_desk.domain.dates import DateFormatError, format_date, parse_date_lenient
from mentor_desk.domain.participants import (
    CATEGORY_FIELDS,
    NAME_LABELS,
    Category,
    ConsentState,
    Name,
    ParticipantData,
    consent_state,
    field_applies,
    likely_same_person,
    normalize_class,
    patronymic_missing,
    validate,
)
from mentor_desk.domain.text import fold, full_name, split_full_name
from mentor_desk.exchange.columns import (
    BY_KEY,
    FILE_ORDER,
    FULL_NAME,
    Kind,
    guess_field,
    header_key,
    template_example,
)
from mentor_desk.exchange.reading import HEADER_SCAN_ROWS, Cell
from mentor_desk.queries.people import KnownPerson, known_people


class MappingProblem(ValueError):
    """The columns cannot give a person's name; the message is for the user."""


class DuplicateAction(str, Enum):
    SKIP = "skip"
    UPDATE = "update"
    ADD = "add"

    @property
    def label(self) -> str:
        return {"skip": "пропустить", "update": "обновить", "add": "добавить"}[self.value]


class Outcome(str, Enum):
    ADDED = "added"
    UPDATED = "updated"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return {"added": "добавлен", "updated": "обновлён", "skipped": "пропущен"}[self.value]


# Some words of a category column as lists write them, besides the register's own labels.
_CATEGORY_WORDS = {
    "ученик": Category.STUDENT, "учащийся": Category.STUDENT, "обучающийся": Category.STUDENT,
    "учитель": Category.TEACHER, "сотрудник": Category.TEACHER, "педагог": Category.TEACHER,
    "студент": Category.UNIVERSITY_STUDENT, "партнер": Category.PARTNER,
    "администрация": Category.HEAD,
}  # fmt: skip
_TRUE = frozenset({"да", "+", "1", "есть", "x", "х", "true", "v", "✓"})
_FALSE = frozenset({"нет", "-", "0", "false", "—"})
_YEARS_RE = re.compile(r"^(\d{1,2})(?:[.,]\d+)?\s*(?:г|год|года|лет)?\b")
_CLASS_WORDS_RE = re.compile(r"\s*(класс|кл)\.?\s*$", re.IGNORECASE)
_EXCEL_EPOCH = date(1899, 12, 30)
# A day number below 1920 is no birth or hire date of a school's people: a number typed
# into the column (a class, an age, a count), not a date cell that lost its format.
_EXCEL_FIRST_DAY = (date(1920, 1, 1) - _EXCEL_EPOCH).days
# "Итого", "Итого:", "ВСЕГО 25", "Всего учащихся: 25"; never the surname "Итогов".
_TOTAL_RE = re.compile(r"^(?:итого|всего)(?![\w-])")
NO_CLASS = "не указан класс"


@dataclass(frozen=True)
class Layout:
    """Where the data is: the header row, the first data row, and which column is what."""

    header_row: int  # 0-based index into the sheet's rows
    first_data_row: int
    columns: dict[int, str]  # column index → field key

    def check(self) -> None:
        fields = set(self.columns.values())
        if FULL_NAME.key not in fields and not {"last_name", "first_name"} <= fields:
            raise MappingProblem(
                "Укажите, в каком столбце ФИО (или отдельно фамилия и имя): без них "
                "участника не добавить."
            )
        seen: set[str] = set()
        for key in self.columns.values():
            if key in seen:
                raise MappingProblem(f"Поле «{BY_KEY[key].header}» выбрано для двух столбцов.")
            seen.add(key)


def _guesses(row: Sequence[Cell]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, value in enumerate(row):
        if isinstance(value, str):
            key = guess_field(value)
            if key and key not in found.values():
                found[index] = key
    return found


def _is_header(guesses: dict[int, str]) -> bool:
    names = {FULL_NAME.key, "last_name"} & set(guesses.values())
    return len(guesses) >= 3 or (bool(names) and len(guesses) >= 2)


def find_layout(rows: Sequence[Sequence[Cell]]) -> Layout | None:
    """The header row below any title rows, and the columns its headers name.

    A two-row header ("ФИО" merged above "Фамилия | Имя | Отчество") takes the lower
    row's names where it has them. Rows are compared by the columns they name together
    with such a lower row, so "ФИО | Дата рождения" above "Фамилия | Имя | Отчество"
    keeps the date. None when no row in the first rows looks like a header.
    """
    best: tuple[int, int, dict[int, str]] | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        guesses = _guesses(row)
        if not _is_header(guesses):
            continue
        first_data, columns = _with_lower_row(rows, index, guesses)
        if best is None or len(columns) > len(best[2]):
            best = index, first_data, columns
    if best is None:
        return None
    index, first_data, columns = best
    return Layout(index, first_data, dict(sorted(columns.items())))


def _with_lower_row(
    rows: Sequence[Sequence[Cell]], index: int, columns: dict[int, str]
) -> tuple[int, dict[int, str]]:
    """(first data row, columns) for the header at index, merged with a second header row."""
    first_data = index + 1
    if first_data < len(rows):
        lower = _guesses(rows[first_data])
        if len(lower) >= 2 and not any(isinstance(v, (date, int, float)) for v in rows[first_data]):
            merged = {**columns, **lower}
            keys: dict[str, int] = {}
            for column, key in sorted(merged.items()):
                keys.setdefault(key, column)
            columns = {column: key for key, column in keys.items()}
            if {"last_name", "first_name"} <= set(columns.values()):
                columns = {c: k for c, k in columns.items() if k != FULL_NAME.key}
            first_data += 1
    return first_data, columns


_STAFF_FIELDS = frozenset({"position", "subject", "experience_years", "hire_date"})


def guess_category(layout: Layout) -> Category:
    """A staff list is of teachers; anything else, of students.

    Staff: one staff column (Должность, Стаж…) and no class, or two and more of them: an
    HR list names the class a teacher leads ("Кл. рук.", left unmapped, or mapped to the
    class by hand), but a class list never has both a position and a subject.
    """
    fields = set(layout.columns.values())
    staff = len(fields & _STAFF_FIELDS)
    if staff >= 2 or (staff and "class_name" not in fields):
        return Category.TEACHER
    return Category.STUDENT


def layout_for_header(rows: Sequence[Sequence[Cell]], header_row: int) -> Layout:
    """The layout when the user points at the header row themselves."""
    return Layout(header_row, header_row + 1, _guesses(rows[header_row]))


@dataclass
class ImportRow:
    """One data row of the file, read into a card, with what is wrong with it."""

    line: int  # the row number as the spreadsheet shows it
    data: ParticipantData
    given: frozenset[str]  # the fields the file filled: an update changes only these
    errors: list[str] = field(default_factory=list)  # the row cannot be imported
    warnings: list[str] = field(default_factory=list)
    duplicate_of: tuple[int, str] | None = None  # someone already in the register
    same_as_line: int | None = None  # an earlier row of the same file
    action: DuplicateAction = DuplicateAction.ADD
    match_note: str = ""  # how the register's person differs: "отчество не указано в файле"
    changes: list[str] | None = None  # what an applied update changed; None before
    defaulted: frozenset[str] = frozenset()  # given by Defaults, not by the file

    @property
    def name(self) -> str:
        return full_name(self.data.last_name, self.data.first_name, self.data.middle_name)

    @property
    def name_parts(self) -> Name:
        return self.data.last_name, self.data.first_name, self.data.middle_name

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of is not None or self.same_as_line is not None

    def allowed_actions(self) -> tuple[DuplicateAction, ...]:
        """A repeat of an earlier row can only be skipped or added.

        Updating the register's person from it too would write two rows of the file over
        one card, the second silently undoing the first.
        """
        if self.same_as_line is not None:
            return (DuplicateAction.SKIP, DuplicateAction.ADD)
        if self.duplicate_of is not None:
            return (DuplicateAction.SKIP, DuplicateAction.UPDATE, DuplicateAction.ADD)
        return (DuplicateAction.ADD,)

    def set_action(self, action: DuplicateAction) -> None:
        """Choose what to do with a duplicate; an action the row cannot take means skip."""
        self.action = action if action in self.allowed_actions() else DuplicateAction.SKIP

    @property
    def outcome(self) -> Outcome:
        if self.errors or self.action is DuplicateAction.SKIP:
            return Outcome.SKIPPED
        return Outcome.UPDATED if self.action is DuplicateAction.UPDATE else Outcome.ADDED

    @property
    def reason(self) -> str:
        if self.errors:
            return "; ".join(self.errors)
        if self.same_as_line is not None and self.action is DuplicateAction.SKIP:
            return f"повторяет строку {self.same_as_line}"
        if self.action is DuplicateAction.UPDATE and self.changes is not None:
            return "изменено — " + "; ".join(self.changes) if self.changes else "без изменений"
        if self.duplicate_of and self.action is not DuplicateAction.ADD:
            note = f" — {self.match_note}" if self.match_note else ""
            return f"уже есть в реестре: {self.duplicate_of[1]}{note}"
        return "; ".join(self.warnings)


@dataclass(frozen=True)
class ServiceLine:
    """A row that is not a person: a total, a repeated header, the column numbers."""

    line: int
    reason: str


@dataclass
class ImportPlan:
    rows: list[ImportRow]
    service_lines: list[ServiceLine]
    layout: Layout

    def set_duplicate_action(self, action: DuplicateAction) -> None:
        for row in self.rows:
            if row.is_duplicate:
                row.set_action(action)

    def counts(self) -> dict[Outcome, int]:
        result = dict.fromkeys(Outcome, 0)
        for row in self.rows:
            result[row.outcome] += 1
        result[Outcome.SKIPPED] += len(self.service_lines)
        return result


def _name_key(name: Name) -> tuple[str, str]:
    return fold(name[0]), fold(name[1])


class RegisterIndex:
    """Who is already in the register, by folded last and first name, and its classes."""

    def __init__(self, conn: sqlite3.Connection | None) -> None:
        """None is a register that does not exist yet (a dry run on a new file)."""
        self.people: dict[tuple[str, str], list[KnownPerson]] = {}
        self.classes: set[str] = set()
        if conn is None:
            return
        for person in known_people(conn):
            self.people.setdefault(_name_key(person.name), []).append(person)
            if person.class_name and not person.archived:
                self.classes.add(person.class_name)

    def match(self, name: Name, birth: date | None) -> KnownPerson | None:
        """The person the register likely has already (likely_same_person), or None.

        Of several, the closest: the same patronymic before a missing one, the same birth
        date before a missing one.
        """
        found = [
            person
            for person in self.people.get(_name_key(name), ())
            if likely_same_person(name, birth, person.name, person.birth_date)
        ]
        if not found:
            return None
        return max(
            found,
            key=lambda p: (fold(p.name[2]) == fold(name[2]), p.birth_date == birth),
        )


def cell_text(value: Cell) -> str:
    """A cell as the import reads it, and as the wizard shows it: numbers without ".0",
    dates as ДД.ММ.ГГГГ, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or a year stored as a number: 79123456789.0
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date(value)
    return " ".join(str(value).split())


def _date(value: Cell, today: date) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1900 <= value <= 2100 and float(value).is_integer():
            # Day numbers of 1905, never a birth or hire date: a year typed alone.
            raise DateFormatError(f"«{int(value)}» — только год, нужна дата ДД.ММ.ГГГГ")
        if _EXCEL_FIRST_DAY <= value < 80_000:  # a date cell that lost its format
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise DateFormatError(f"Не похоже на дату: «{cell_text(value)}» (нужно ДД.ММ.ГГГГ)")
    if isinstance(value, time):
        raise DateFormatError(f"Не похоже на дату: «{value}»")
    return parse_date_lenient(cell_text(value), today)


def _years(value: Cell) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return int(value)
    text = cell_text(value)
    if not text:
        return None
    match = _YEARS_RE.match(text.casefold())
    if not match:
        raise ValueError(f"стаж «{text}» — не число лет")
    return int(match.group(1))


def _category(value: Cell) -> Category:
    text = fold(cell_text(value))
    if text in _CATEGORY_WORDS:
        return _CATEGORY_WORDS[text]
    return Category.from_label(text)


def _class(value: Cell) -> str:
    """ "7 б кл." → "7Б"; a class that is not one stays as written, for the check to name."""
    text = _CLASS_WORDS_RE.sub("", cell_text(value))
    try:
        return normalize_class(text)
    except ValueError:
        return text


def _flag(value: Cell) -> bool:
    text = fold(cell_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE or not text:
        return False
    raise ValueError(f"«{cell_text(value)}» — ожидалось «да» или «нет»")


def service_reason(row: Sequence[Cell], header_keys: Sequence[str]) -> str | None:
    """Why a row is not a person ("" for a blank row), or None when it is one.

    header_keys: header_key() of each header cell, to recognise a repeated header.
    """
    filled = [text for text in map(cell_text, row) if text]
    if not filled:
        return ""  # blank: skipped without a word
    if _TOTAL_RE.match(filled[0].casefold()):
        return "итоговая строка"
    if len(filled) >= 3 and filled == [str(n) for n in range(1, len(filled) + 1)]:
        return "строка с номерами столбцов"
    if _is_template_example(row, header_keys):
        return "строка-образец из шаблона"
    # A header cell may have no key ("№"), so filled cells are not counted. A repeat
    # reaches the last keyed column and matches at the first, which a person's row
    # fails at once; only then is the whole row compared.
    keyed = [index for index, key in enumerate(header_keys) if key]
    if (
        keyed
        and keyed[-1] < len(row)
        and header_key(row[keyed[0]]) == header_keys[keyed[0]]
        and [header_key(v) for v in row] == list(header_keys[: len(row)])
    ):
        return "повтор заголовка"
    return None


_EXAMPLE = template_example()


def _is_template_example(row: Sequence[Cell], header_keys: Sequence[str]) -> bool:
    """The template's example row (Иванова Мария Сергеевна…), left in a filled template.

    Every column the template has, found by its own header, holds the example's value.
    """
    compared = [
        (cell_text(row[index]) if index < len(row) else "", _EXAMPLE[key])
        for index, key in enumerate(header_keys)
        if key in _EXAMPLE
    ]
    named = sum(1 for _, example in compared if example)
    return named >= 3 and all(text == example for text, example in compared)


@dataclass(frozen=True)
class Defaults:
    """What the file does not say, chosen in the wizard or on the command line."""

    category: Category | None = None  # None: guess_category() from the columns
    class_name: str = ""  # a class list often has no class column
    on_duplicate: DuplicateAction = DuplicateAction.SKIP


def _read_row(
    line: int, cells: Sequence[Cell], layout: Layout, defaults: Defaults, today: date
) -> ImportRow:
    data = ParticipantData(category=defaults.category or Category.STUDENT)
    given: set[str] = set()
    errors: list[str] = []
    for column, key in layout.columns.items():
        value = cells[column] if column < len(cells) else None
        text = cell_text(value)
        if not text:
            continue
        spec = BY_KEY[key]
        try:
            if key == FULL_NAME.key:
                data.last_name, data.first_name, data.middle_name = split_full_name(text)
                # An update changes only what the file says: a list without patronymics
                # leaves the register's.
                given.update(name for name in NAME_LABELS if getattr(data, name))
                continue
            kind = spec.kind
            if kind is Kind.TEXT:
                parsed: Any = text if key != "note" else str(value).strip()
            elif kind is Kind.DATE:
                parsed = _date(value, today)
            elif kind is Kind.YEARS:
                parsed = _years(value)
            elif kind is Kind.CATEGORY:
                parsed = _category(value)
            elif kind is Kind.FLAG:
                parsed = _flag(value)
            else:
                parsed = _class(value)
        except ValueError as exc:  # DateFormatError is one
            errors.append(f"{spec.header}: {exc}")
            continue
        setattr(data, key, parsed)
        given.add(key)
    defaulted: set[str] = set()
    if (
        not data.class_name
        and defaults.class_name
        and "class_name" in CATEGORY_FIELDS[data.category]
    ):
        data.class_name = defaults.class_name
        given.add("class_name")
        defaulted.add("class_name")
    row = ImportRow(line, data, frozenset(given), errors, defaulted=frozenset(defaulted))
    for key in sorted(given):
        if key in BY_KEY and not field_applies(key, data.category, data.is_mentor):
            row.warnings.append(
                f"«{BY_KEY[key].header}» не заполняется у категории «{data.category.label}»"
            )
    for key, message in validate(data, today).items():
        label = BY_KEY[key].header if key in BY_KEY else ""
        mentioned = not label or label.casefold() in message.casefold()
        row.errors.append(message if mentioned else f"{label}: {message}")
    return row


def build_plan(
    rows: Sequence[Sequence[Cell]],
    layout: Layout,
    defaults: Defaults,
    register: RegisterIndex,
    today: date,
) -> ImportPlan:
    """Read every data row into a card and mark its problems; writes nothing."""
    layout.check()
    header = rows[layout.header_row] if layout.header_row < len(rows) else []
    header_keys = [header_key(v) for v in header]
    plan = ImportPlan([], [], layout)
    seen: dict[tuple[str, str], list[ImportRow]] = {}
    for index in range(layout.first_data_row, len(rows)):
        cells, line = rows[index], index + 1
        reason = service_reason(cells, header_keys)
        if reason is not None:
            if reason:
                plan.service_lines.append(ServiceLine(line, reason))
            continue
        row = _read_row(line, cells, layout, defaults, today)
        if not row.errors:
            _match(row, register, seen, defaults)
        plan.rows.append(row)
    return plan


def _match(
    row: ImportRow,
    register: RegisterIndex,
    seen: dict[tuple[str, str], list[ImportRow]],
    defaults: Defaults,
) -> None:
    """Mark a row's likely duplicates, in the register and earlier in the file."""
    data, name = row.data, row.name_parts
    known = register.match(name, data.birth_date)
    if known is not None:
        row.duplicate_of = known.id, known.label
        if patronymic_missing(name, known.name):
            row.match_note = "отчество не указано в файле"
        elif patronymic_missing(known.name, name):
            row.match_note = "отчество не указано в реестре"
    earlier = next(
        (
            r
            for r in seen.get(_name_key(name), ())
            if likely_same_person(r.name_parts, r.data.birth_date, name, data.birth_date)
        ),
        None,
    )
    row.same_as_line = earlier.line if earlier else None
    seen.setdefault(_name_key(name), []).append(row)
    if row.is_duplicate:
        row.set_action(defaults.on_duplicate)
    if row.same_as_line is not None:
        row.warnings.append(f"повторяет строку {row.same_as_line} файла")
    if row.duplicate_of:
        note = f" — {row.match_note}" if row.match_note else ""
        row.warnings.append(f"похоже, уже есть в реестре: {row.duplicate_of[1]}{note}")
    if "class_name" in CATEGORY_FIELDS[data.category]:
        if data.class_name and register.classes:
            class_name = normalize_class(data.class_name)
            if class_name not in register.classes:
                row.warnings.append(f"класса {class_name} ещё нет в реестре")
        elif not data.class_name and not (known and known.class_name):
            row.warnings.append(NO_CLASS)


@dataclass(frozen=True)
class ReportLine:
    line: int
    name: str
    outcome: Outcome
    reason: str


@dataclass
class ImportReport:
    """What happened to each row: the wizard's last page, the CLI's output, a saved .xlsx."""

    source: str
    lines: list[ReportLine]
    dry_run: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for line in self.lines if line.outcome is outcome)

    def summary(self) -> str:
        added, updated, skipped = (self.count(o) for o in Outcome)
        if self.dry_run:
            return (
                f"Будет добавлено: {added}, обновлено: {updated}, пропущено: {skipped} "
                "(проверка без записи)"
            )
        return f"Добавлено: {added}, обновлено: {updated}, пропущено: {skipped}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "dry_run": self.dry_run,
            **{o.value: self.count(o) for o in Outcome},
            "rows": [
                {"line": r.line, "name": r.name, "outcome": r.outcome.value, "reason": r.reason}
                for r in self.lines
            ],
        }


def report_for(plan: ImportPlan, source: str, *, dry_run: bool) -> ImportReport:
    lines = [ReportLine(r.line, r.name, r.outcome, r.reason) for r in plan.rows]
    lines += [ReportLine(s.line, "", Outcome.SKIPPED, s.reason) for s in plan.service_lines]
    lines.sort(key=lambda r: r.line)
    return ImportReport(source, lines, dry_run)


_ROLES = frozenset({"is_mentor", "is_mentee"})
_CHANGE_ORDER = {key: index for index, key in enumerate(FILE_ORDER)}
_VALUE_WIDTH = 40  # a long note is shortened in the report


def update_card(card: ParticipantData, row: ImportRow, today: date) -> list[str]:
    """Put the file's values into the register's card; the changes, as the report says them.

    An import never takes anything away: an empty cell changes nothing, a «нет» in
    Наставник or Наставляемый keeps the role (only «да» adds one), and a name that
    differs only by case or ё keeps the register's spelling ("Семёнов", not "СЕМЕНОВ").
    Years of service are not typed over a hire date, which they are counted from, and a
    default (the class chosen for rows without one) only fills an empty field.
    Values of personal data are left out of the lines for someone without a valid consent
    (the report is saved and mailed like any file): the field's name is enough.
    """
    from mentor_desk.exchange.export import CONSENT_GUARDED

    changed: list[tuple[str, object, object]] = []
    for key in sorted(row.given, key=lambda k: _CHANGE_ORDER.get(k, len(_CHANGE_ORDER))):
        new, old = getattr(row.data, key), getattr(card, key)
        if new is None or new == "" or new == old:
            continue
        if key in _ROLES and not new:
            continue
        if key in NAME_LABELS and fold(str(new)) == fold(str(old or "")):
            continue
        if key == "experience_years" and (row.data.hire_date or card.hire_date):
            continue  # a hire date wins: the years are counted from it (the export wrote them)
        if key in row.defaulted and old:
            continue  # "class for rows without one" fills a gap, never moves a student
        setattr(card, key, new)
        changed.append((key, old, new))
    consent = consent_state(
        card.consent_status, card.consent_date, card.representative_name, card.birth_date,
        today, signer=card.consent_signer,
    )  # fmt: skip
    lines = []
    for key, old, new in changed:
        label = _field_name(key)
        if key in CONSENT_GUARDED and consent is not ConsentState.VALID:
            lines.append(label)
        else:
            lines.append(f"{label}: {_shown(old)} → {_shown(new)}")
    return lines


def _field_name(key: str) -> str:
    header = BY_KEY[key].header
    return header if header.isascii() else header.lower()  # "E-mail" stays as written


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Category):
        return value.label
    text = " ".join(str(value).split())
    return text if len(text) <= _VALUE_WIDTH else text[: _VALUE_WIDTH - 1] + "…"


def save_report(report: ImportReport, path: Path) -> None:
    """The report as .xlsx: one line per row of the file, with the reason for each skip.

    Written as the export writes: the file's names and reasons as text, never a formula
    ("=HYPERLINK(…)" in a name stays text), under a temporary name moved over `path`
    when complete. Raises ExportError (Russian message) when the file cannot be written.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from mentor_desk.exchange.export import Cells, discard_streamed, save_workbook

    book = Workbook(write_only=True)
    try:
        ws = book.create_sheet("Отчёт")
        for letter, width in zip("ABCD", (12, 36, 12, 70), strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A5"
        ws.auto_filter.ref = f"A4:D{4 + len(report.lines)}"
        cells = Cells(ws)
        ws.append([cells.text(f"Импорт из файла {report.source}")])
        ws.append([cells.text(report.summary())])
        ws.append([])
        header = []
        for title in ("Строка файла", "ФИО", "Итог", "Причина"):
            cell = WriteOnlyCell(ws, title)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for line in report.lines:
            ws.append(
                [line.line, cells.text(line.name), line.outcome.label, cells.text(line.reason)]
            )
        save_workbook(book, path)
    except BaseException:
        discard_streamed(book)
        raise


def plan_file(
    path: Path,
    conn: sqlite3.Connection | None,
    defaults: Defaults,
    today: date,
    sheet: str | None = None,
) -> tuple[str, ImportPlan]:
    """Read a file with the guessed layout, as the CLI does: (sheet name, plan).

    Raises FileProblem or MappingProblem with the reason for the user.
    """
    from mentor_desk.exchange.reading import FileProblem, open_table, read_rows

    table = open_table(path)
    name = sheet or table.first_visible().name
    rows = read_rows(table, name)
    others = ", ".join(f"«{s.name}»" for s in table.sheets if s.name != name)
    choose = (
        f' Другой лист указывается так: --sheet "имя листа" (листы в файле: {others}).'
        if others
        else ""
    )
    if not any(rows):
        raise FileProblem(f"Лист «{name}» файла «{path.name}» пустой.{choose}")
    layout = find_layout(rows)
    if layout is not None and defaults.category is None:
        defaults = replace(defaults, category=guess_category(layout))
    if layout is None:
        hidden = [s.name for s in table.sheets if s.hidden]
        also = f" Есть скрытые листы: {', '.join(hidden)}." if hidden else ""
        raise FileProblem(
            f"На листе «{name}» не найдена строка заголовков (ФИО или Фамилия, Имя, Дата "
            f"рождения, Класс…).{also} Добавьте заголовки в файл.{choose}"
        )
    return name, build_plan(rows, layout, defaults, RegisterIndex(conn), today)
