"""The municipality's consolidated figures as an .xlsx book: the district's indicators, every
school's figure ranked, the schools that sent nothing, the bundles received.

Numbers stay numbers and percentages real percent cells (kpi_xlsx's way); every school
name goes through export.Cells, so none becomes a formula.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from mentor_desk.documents.analytic_report import STATUS_LABELS
from mentor_desk.documents.district_report import LAGGING_MARK, DistrictReport, report_title
from mentor_desk.exchange.export import Cells, save_workbook
from mentor_desk.exchange.kpi_xlsx import _WRAP, STATUS_FILLS, _header

SUMMARY_HEADERS = ("№", "Показатель", "Числитель", "Знаменатель", "Значение", "План", "Оценка",
                   "Школ учтено")  # fmt: skip
SCHOOL_HEADERS = ("№ показателя", "Показатель", "Место", "Образовательная организация",
                  "Числитель", "Знаменатель", "Значение", "Оценка", "Отстаёт",
                  "Примечание")  # fmt: skip


def _share(value: float | None) -> float | None:
    return None if value is None else round(value / 100, 4)  # no 0.9440000000000001


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


_FILLS = {status: PatternFill("solid", fgColor=colour) for status, colour in STATUS_FILLS.items()}


def _fill(status: str) -> PatternFill:
    return _FILLS.get(status) or PatternFill("solid", fgColor="FFFFFF")


def export_district(path: Path, data: DistrictReport) -> None:
    """Write the book at `path`, whole or not at all (ExportError in Russian)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Муниципалитет"
    cells = Cells(sheet)
    sheet.append([cells.text(report_title(data))])
    sheet["A1"].font = Font(bold=True, size=12)
    source = f" ({data.set_source})" if data.set_source else ""
    sheet.append([cells.text(f"Набор показателей «{data.set_title}»{source}; пакетов "
                             f"{len(data.bundles)} из {data.known_schools} школ")])  # fmt: skip
    sheet.append([])
    _header(sheet, 4, SUMMARY_HEADERS)
    for number, line in enumerate(data.indicators, 1):
        row = line.row
        counted = sum(1 for s in line.schools if not s.note)
        sheet.append([number, cells.text(row.name), _number(row.numerator),
                      _number(row.denominator), _share(row.value), _share(row.target),
                      cells.text(STATUS_LABELS.get(row.status, "")), counted])  # fmt: skip
        at = 4 + number
        for column in (5, 6):
            sheet.cell(row=at, column=column).number_format = "0.0%"
        for column in (5, 7):
            sheet.cell(row=at, column=column).fill = _fill(row.status)
        sheet.cell(row=at, column=2).alignment = _WRAP
    for letter, width in zip("ABCDEFGH", (5, 70, 12, 13, 11, 9, 16, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"

    schools = workbook.create_sheet("По школам")
    cells = Cells(schools)
    _header(schools, 1, SCHOOL_HEADERS)
    at = 1  # not schools.max_row: openpyxl counts every cell for it, at every row
    for number, line in enumerate(data.indicators, 1):
        for s in line.schools:
            schools.append([number, cells.text(line.row.name), s.rank, cells.text(s.name),
                            _number(s.numerator), _number(s.denominator), _share(s.value),
                            cells.text(STATUS_LABELS.get(s.status, "")),
                            cells.text(LAGGING_MARK if s.lagging else ""),
                            cells.text(s.note)])  # fmt: skip
            at += 1
            schools.cell(row=at, column=7).number_format = "0.0%"
            schools.cell(row=at, column=8).fill = _fill(s.status)
    for letter, width in zip("ABCDEFGHIJ", (8, 50, 7, 50, 11, 12, 10, 16, 9, 40), strict=True):
        schools.column_dimensions[letter].width = width
    schools.freeze_panes = "A2"
    schools.auto_filter.ref = f"A1:J{at}"

    silent = workbook.create_sheet("Не представили")
    cells = Cells(silent)
    _header(silent, 1, ("Образовательная организация",))
    for name in data.silent:
        silent.append([cells.text(name)])
    silent.column_dimensions["A"].width = 80

    received = workbook.create_sheet("Пакеты")
    cells = Cells(received)
    _header(received, 1, ("Образовательная организация", "Пакет создан", "Показатели"))
    for bundle in data.bundles:
        received.append([cells.text(bundle.school), cells.text(bundle.created),
                         cells.text(bundle.figures)])  # fmt: skip
    for letter, width in zip("ABC", (70, 16, 30), strict=True):
        received.column_dimensions[letter].width = width
    workbook.properties.title = report_title(data)
    workbook.properties.creator = "Mentor Desk"
    save_workbook(workbook, path)
