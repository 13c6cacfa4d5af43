"""The monitoring table as an .xlsx book: the indicators against targets, and the contingent.

Numbers stay numbers (a municipal specialist sums them), percentages are real percent
cells; text goes through export.Cells, so no name becomes a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from mentor_desk.exchange.export import Cells, save_workbook

STATUS_FILLS = {"met": "D4EED6", "near": "FFF0C2", "far": "F9D3D0", "no_data": "ECECEC"}
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    numerator: int
    denominator: int | None
    value: float | None  # percent
    target: float | None  # percent
    status: str  # met | near | far | no_data
    status_text: str
    formula: str


@dataclass(frozen=True)
class KpiBook:
    title: str  # the set's title
    source: str
    school: str
    year: str  # «2025/2026»
    reference_date: str  # «01.09.2025»
    indicators: list[IndicatorLine]
    contingent: list[tuple[str, int | None, int]]  # label, value used, register's count


INDICATOR_HEADERS = ("№", "Показатель", "Числитель", "Знаменатель", "Значение", "План",
                     "Отметка", "Как считается")  # fmt: skip
_WIDTHS = (5, 70, 12, 13, 11, 9, 16, 60)


def _header(sheet: object, row: int, headers: tuple[str, ...]) -> None:
    for column, text in enumerate(headers, 1):
        cell = sheet.cell(row=row, column=column, value=text)  # type: ignore[attr-defined]
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP


def export_kpi(path: Path, book: KpiBook) -> None:
    """Write the book at `path`, whole or not at all (ExportError in Russian)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Показатели"
    cells = Cells(sheet)
    sheet.append([cells.text(book.title)])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([cells.text(f"{book.school}. Учебный год {book.year}, "
                             f"дата отсчёта {book.reference_date}")])  # fmt: skip
    sheet.append([cells.text(f"Источник: {book.source}")] if book.source else [])
    first = 5
    _header(sheet, first - 1, INDICATOR_HEADERS)
    for number, line in enumerate(book.indicators, 1):
        sheet.append([
            number, cells.text(line.name), line.numerator, line.denominator,
            None if line.value is None else round(line.value / 100, 4),  # no 0.9440000000000001
            None if line.target is None else round(line.target / 100, 4),
            cells.text(line.status_text), cells.text(line.formula),
        ])  # fmt: skip
        row = sheet.max_row
        for column in (5, 6):
            sheet.cell(row=row, column=column).number_format = "0.0%"
        fill = PatternFill("solid", fgColor=STATUS_FILLS.get(line.status, "FFFFFF"))
        for column in (5, 7):
            sheet.cell(row=row, column=column).fill = fill
        for column in (2, 8):
            sheet.cell(row=row, column=column).alignment = _WRAP
    for index, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.freeze_panes = f"A{first}"

    people = workbook.create_sheet("Контингент")
    _header(people, 1, ("Контингент", "Значение", "По реестру"))
    for label, value, counted in book.contingent:
        people.append([cells.text(label), value, counted])
    people.column_dimensions["A"].width = 60
    people.column_dimensions["B"].width = 12
    people.column_dimensions["C"].width = 12
    workbook.properties.title = book.title
    workbook.properties.creator = "Mentor Desk"
    save_workbook(workbook, path)
