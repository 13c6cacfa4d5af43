"""The register to an .xlsx file, and the empty template for the import. No Qt, no ORM.

The export reads the register as the table does (queries.people, plain sqlite3) and
streams the rows through openpyxl's write-only mode, so 20,000 people take seconds and
little memory. The columns are those of exchange.columns, so an exported file imports
again as is. Both files are written under a temporary name beside the target and moved
over it only when complete: a failure never leaves half a file or destroys an old one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mentor_desk import safe_write
from mentor_desk.domain.participants import (
    CATEGORY_FIELDS,
    CATEGORY_LABELS,
    Category,
    ConsentState,
)
from mentor_desk.domain.text import count_ru
from mentor_desk.exchange.columns import BY_KEY, FILE_ORDER, Kind
from mentor_desk.queries.people import RegisterRow, hire_dates_and_notes, register_rows

YES = "да"
NO = "нет"
DATE_FORMAT = "DD.MM.YYYY"
TEXT_FORMAT = "@"

REGISTER_SHEET = "Реестр участников"
TEMPLATE_SHEET = "Участники"
HELP_SHEET = "Пояснения"

# Columns only the export writes (the importer ignores them): header, width.
CONSENT_HEADER = "Согласие"
GROUPS_HEADER = "Целевые группы"
ARCHIVED_HEADER = "В архиве"
EXPORT_ONLY_COLUMNS: tuple[tuple[str, int], ...] = (
    (CONSENT_HEADER, 24),
    (GROUPS_HEADER, 40),
    (ARCHIVED_HEADER, 10),
)

# The fields a person's consent guards: see shares_personal_data. The target groups
# («с ОВЗ», «трудная жизненная ситуация») are health and family data too.
CONSENT_GUARDED = frozenset({"birth_date", "phone", "email", "note", "target_groups"})


def guarded_labels() -> list[str]:
    """The guarded fields as the file's headers name them, for the user to read."""
    headers = {**{key: BY_KEY[key].header for key in CONSENT_GUARDED if key in BY_KEY},
               "target_groups": GROUPS_HEADER}  # fmt: skip
    return [headers[key].lower() if key != "email" else headers[key]
            for key in sorted(CONSENT_GUARDED)]  # fmt: skip


LOCKED_MESSAGE = (
    "Не удалось записать файл «{name}»: он открыт в другой программе или папка защищена "
    "от записи. Закройте файл и повторите."
)
_PROGRESS_STEPS = 100  # progress is reported about this many times per export
_MAX_ROW = 1_048_576  # the last row of an .xlsx sheet: validations cover the whole column

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)


class ExportError(Exception):
    """A file could not be written; the message is for the curator (Russian)."""


def shares_personal_data(consent: ConsentState) -> bool:
    """Whether an exported file may carry the person's CONSENT_GUARDED fields.

    A file leaves the program (it is mailed, printed, uploaded), so the birth date, phone,
    e-mail, note and target groups go into it only under a consent that counts today
    (152-ФЗ; for a child, the one signed by the legal representative). Without one —
    missing or incomplete — the export leaves those cells empty and the «Согласие» column
    says why; the name, category, class, roles and job stay, as the school needs them to
    run the programme. Someone who withdrew their consent is not exported at all: see
    is_exported.
    """
    return consent is ConsentState.VALID


def is_exported(consent: ConsentState) -> bool:
    """A withdrawn consent ends the processing: the person leaves no trace in a file."""
    return consent is not ConsentState.WITHDRAWN


@dataclass(frozen=True)
class ExportResult:
    """What export_register wrote: people in the file, and what the consents held back.

    `written` people are in the file; `guarded` of them without a valid consent, their
    personal data left out; `omitted` people with a withdrawn consent are not in it.
    """

    written: int
    guarded: int = 0
    omitted: int = 0

    def summary(self) -> str:
        """ "Выгружено: 12; без действующего согласия — личные данные не выгружены у 3; …" """
        return (
            f"Выгружено: {count_ru(self.written, 'участник', 'участника', 'участников')}; "
            f"без действующего согласия — личные данные не выгружены у {self.guarded}; "
            f"с отозванным согласием не выгружено: {self.omitted}"
        )


def consent_note(consent: ConsentState) -> str:
    """The «Согласие» cell: "действует", or why the personal data were left out."""
    return consent.label


def export_register(
    conn: sqlite3.Connection,
    path: Path,
    today: date,
    ids: Sequence[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write the register to an .xlsx file; returns who was written and who held back.

    `ids=None` writes everyone not archived, by name; otherwise exactly those people in
    that order (archived ones too; ids no longer in the database are skipped, repeats
    written once). People whose consent is withdrawn are never written (counted as
    omitted); without a valid consent the CONSENT_GUARDED cells stay empty (counted as
    guarded). `progress(done, total)` is called now and then, last with (total, total)
    once the file is in place; an exception from it stops the export and leaves no
    file. Raises ExportError (Russian message) when the file cannot be written.
    """
    chosen = _chosen(register_rows(conn, today), ids)
    rows = [row for row in chosen if is_exported(row.consent)]
    extra = hire_dates_and_notes(conn)
    total = len(rows)
    guarded = 0
    workbook = Workbook(write_only=True)
    try:
        sheet = workbook.create_sheet(REGISTER_SHEET)
        headers = [(BY_KEY[key].header, BY_KEY[key].width) for key in FILE_ORDER]
        headers += EXPORT_ONLY_COLUMNS
        _set_up_sheet(sheet, [width for _, width in headers])
        # Everything the sheet's top and tail hold is set before the first row goes out.
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{total + 1}"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.append([_header_cell(sheet, header) for header, _ in headers])

        cells = Cells(sheet)
        kinds = [(key, BY_KEY[key].kind) for key in FILE_ORDER]
        step = max(1, total // _PROGRESS_STEPS)
        if progress:
            progress(0, total)
        for done, row in enumerate(rows, 1):
            hire_date, note = extra.get(row.id, (None, ""))
            values = _values(row, hire_date, note)
            guarded += not shares_personal_data(row.consent)
            line = [cells.make(kind, values[key]) for key, kind in kinds]
            line.append(cells.text(consent_note(row.consent)))
            line.append(cells.text(str(values["target_groups"] or "")))
            line.append(YES if row.archived else None)
            sheet.append(line)
            if progress and done % step == 0 and done < total:
                progress(done, total)
        save_workbook(workbook, path)
    except BaseException:
        discard_streamed(workbook)
        raise
    if progress:
        progress(total, total)
    return ExportResult(total, guarded, len(chosen) - total)


def write_template(path: Path) -> None:
    """Write the import template: the headers, one example row, and a sheet of hints.

    Raises ExportError (Russian message) when the file cannot be written.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    columns = [BY_KEY[key] for key in FILE_ORDER]
    _set_up_sheet(sheet, [column.width for column in columns])
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.header)
        _style_header(header)
        example = sheet.cell(row=2, column=index, value=_example(column.kind, column.example))
        # Rows the curator types get the column's format too: real dates, and phones and
        # classes kept as typed (Excel reads "+7 900…" as a formula, "11" as a number).
        if column.kind is Kind.DATE:
            example.number_format = DATE_FORMAT
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
        elif column.key in ("phone", "class_name"):
            example.number_format = TEXT_FORMAT
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
        choices = _CHOICES.get(column.kind)
        if choices:
            sheet.add_data_validation(_choice_list(choices, f"{letter}2:{letter}{_MAX_ROW}"))

    hints = workbook.create_sheet(HELP_SHEET)
    hints.column_dimensions["A"].width = 110
    for number, line in enumerate(_help_lines(), 1):
        cell = hints.cell(row=number, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1:
            cell.font = Font(bold=True, size=13)
    save_workbook(workbook, path)


def _chosen(rows: list[RegisterRow], ids: Sequence[int] | None) -> list[RegisterRow]:
    if ids is None:
        active = [row for row in rows if not row.archived]
        active.sort(key=lambda row: (row.search_key, row.id))
        return active
    by_id = {row.id: row for row in rows}
    return [by_id[pid] for pid in dict.fromkeys(ids) if pid in by_id]


def _values(row: RegisterRow, hire_date: date | None, note: str) -> dict[str, object]:
    """One person's cells by column key, with the consent rule applied."""
    values: dict[str, object] = {
        "last_name": row.last_name,
        "first_name": row.first_name,
        "middle_name": row.middle_name,
        "birth_date": row.birth_date,
        "category": row.category,
        "class_name": row.class_name,
        "position": row.position,
        "subject": row.subject,
        "experience_years": row.experience,  # today's full years, as the register shows
        "hire_date": hire_date,
        "organization": row.organization,
        "phone": row.phone,
        "email": row.email,
        "is_mentor": row.is_mentor,
        "is_mentee": row.is_mentee,
        "in_dop": row.in_dop if row.category is Category.STUDENT else None,
        "note": note,
        "full_name": row.full_name,
        "target_groups": "; ".join(row.target_groups),
    }
    if not shares_personal_data(row.consent):
        for key in CONSENT_GUARDED:
            values[key] = None
    return values


class Cells:
    """Values as cells of one write-only sheet: real dates, text that stays text.

    Anything written from data a person typed (a name, a note, an import report's
    line) goes through text(): never a formula, never a character Excel refuses.
    """

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet

    def make(self, kind: Kind, value: object) -> object:
        if value is None or value == "":
            return None
        if kind is Kind.DATE:
            return self.date(value)
        if kind is Kind.CATEGORY:
            return value.label if isinstance(value, Category) else self.text(str(value))
        if kind is Kind.FLAG:
            return YES if value else NO
        if kind is Kind.YEARS:
            return value
        return self.text(str(value))

    def date(self, value: object) -> object:
        cell = WriteOnlyCell(self.sheet)
        cell.number_format = DATE_FORMAT  # before the value, or openpyxl sets its own
        cell.value = value
        return cell

    def text(self, value: str) -> object:
        """Text as typed: never a formula or an error code, no characters Excel refuses."""
        if not value:
            return None
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if (len(value) > 1 and value[0] == "=") or value in ERROR_CODES:
            # A note "=1+1" stays text: openpyxl would write it as a formula, which Excel
            # would then run (formula injection) and the importer would not read back.
            cell = WriteOnlyCell(self.sheet, value)
            cell.data_type = "s"
            return cell
        return value


def _set_up_sheet(sheet: Any, widths: Iterable[int]) -> None:
    """Column widths and the frozen header row (a write-only sheet needs them first)."""
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _style_header(cell: Any) -> None:
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = _HEADER_ALIGNMENT


def _header_cell(sheet: Any, text: str) -> Any:
    cell = WriteOnlyCell(sheet, text)
    _style_header(cell)
    return cell


_CHOICES: dict[Kind, tuple[str, ...]] = {
    Kind.CATEGORY: tuple(CATEGORY_LABELS.values()),
    Kind.FLAG: (YES, NO),
}


def _choice_list(choices: Sequence[str], cells: str) -> Any:
    """A drop-down list; a warning, not a stop, as the importer also takes other spellings."""
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Значение не из списка",
        error="Выберите значение из списка: " + ", ".join(choices),
    )
    validation.add(cells)
    return validation


def _example(kind: Kind, text: str) -> object:
    if not text:
        return None
    if kind is Kind.DATE:
        day, month, year = map(int, text.split("."))
        return date(year, month, day)
    if kind is Kind.YEARS:
        return int(text)
    return text


def _help_lines() -> list[str]:
    """The «Пояснения» sheet, one line a row."""
    labels = [f"    • {label}" for label in CATEGORY_LABELS.values()]
    staff = " и ".join(
        f"«{label}»"
        for category, label in CATEGORY_LABELS.items()
        if "experience" in CATEGORY_FIELDS[category]
    )
    return [
        "Как заполнить список участников",
        "",
        "Одна строка — один человек. Первая строка — названия столбцов, оставьте их как есть.",
        "Строку-пример (Иванова Мария Сергеевна) замените своими данными или удалите.",
        "Строки можно записывать в любом порядке.",
        "Обязательны фамилия и имя; остальные столбцы заполняйте, если сведения есть.",
        "Вместо трёх столбцов «Фамилия», «Имя», «Отчество» можно дать один столбец «ФИО»: "
        "«Иванова Мария Сергеевна».",
        "Даты — в виде ДД.ММ.ГГГГ, например 05.03.2012, или датой Excel.",
        "Класс — номер и буква, например 7Б или 11А.",
        f"Предмет, стаж и дата приёма — для категорий {staff}. Стаж — целое число лет; "
        "если указана дата приёма, стаж считается по ней.",
        "«Наставник» и «Наставляемый» — «да» или «нет».",
        "Категория — одно из значений:",
        *labels,
        "Столбцы, которых нет в шаблоне, при загрузке не учитываются.",
    ]


def save_workbook(workbook: Any, path: Path) -> None:
    """Save whole or not at all: `path` is untouched on any failure (mentor_desk.safe_write)."""
    safe_write.write_atomically(
        path, workbook.save, error=ExportError, locked_message=LOCKED_MESSAGE,
        failed="Не удалось записать файл «{name}»",
    )  # fmt: skip


def discard_streamed(workbook: Any) -> None:
    """Remove the rows a failed write-only export streamed to openpyxl's temporary files.

    openpyxl deletes them only when the process exits; they hold personal data, and the
    app may run for hours.
    """
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:  # no row was written, so no file
            continue
        # Best effort: the exception being handled matters more than these.
        with contextlib.suppress(Exception):
            if not sheet.closed:  # end the row stream and close the file: Windows can't
                sheet.close()  # delete an open file
        with contextlib.suppress(Exception):
            if os.path.exists(writer.out):
                writer.cleanup()
