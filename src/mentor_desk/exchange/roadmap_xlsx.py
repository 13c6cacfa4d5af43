"""The roadmap as an .xlsx workbook: the printed roadmap's columns, for Excel.

The same columns as the PDF (documents.roadmap_doc.table_columns), the section (stage)
as a merged bold row above its activities, the title on top, the header row frozen and
filtered, text wrapped, dates as real dates (the due date in a column of its own when
the rows have one; the status and the date done as two columns, so both filter), and
the page set up to print landscape, one page wide, the header on every page. Written
under a temporary name and moved into place whole (exchange.export.save_workbook).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from mentor_desk.documents.roadmap_doc import (
    NUMBER_HEADER,
    PRINT_LABELS,
    RoadmapDoc,
    RoadmapDocRow,
    appendix_mark,
    table_columns,
    title_lines,
)
from mentor_desk.exchange.export import DATE_FORMAT, Cells, save_workbook

__all__ = ["DUE_HEADER", "HEADER_ROW", "SHEET_TITLE", "XlsxColumn", "export_roadmap"]

SHEET_TITLE = "Дорожная карта"
DUE_HEADER = "Срок (дата)"
STATUS_HEADER = "Отметка о выполнении"
DONE_HEADER = "Дата выполнения"
HEADER_ROW = 4  # under the title, the organisation and an empty row

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "Calibri"  # Excel's own default, which the widths and heights assume
_HEADER_FONT = Font(name=_FONT, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_TOP = Alignment(vertical="top", wrap_text=True)
_TOP_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
_SECTION_ALIGNMENT = Alignment(horizontal="left", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class XlsxColumn:
    """One column of the sheet: its key, header, width (Excel's characters), kind."""

    key: str
    header: str
    width: float
    kind: str = "text"  # "text", "date" or "number"
    centred: bool = False


_COLUMNS = {
    "number": XlsxColumn("number", NUMBER_HEADER, 6, "number", centred=True),
    "activity": XlsxColumn("activity", PRINT_LABELS["activity"], 50),
    "deadline": XlsxColumn("deadline", PRINT_LABELS["deadline"], 18, centred=True),
    "due": XlsxColumn("due", DUE_HEADER, 12, "date", centred=True),
    "responsible": XlsxColumn("responsible", PRINT_LABELS["responsible"], 26),
    "expected_result": XlsxColumn("expected_result", PRINT_LABELS["expected_result"], 34),
    "indicator": XlsxColumn("indicator", PRINT_LABELS["indicator"], 34),
    "status": XlsxColumn("status", STATUS_HEADER, 14, centred=True),
    "done_on": XlsxColumn("done_on", DONE_HEADER, 13, "date", centred=True),
}
# Row heights: Excel and LibreOffice keep a written row one line high however much its
# wrapped cells hold, so each row's height is worked out from its longest cell.
LINE_HEIGHT_PT = 15.0  # a line of Calibri 11, Excel's default font
_CHARS_PER_WIDTH = 1.0  # Cyrillic letters of Calibri 11 per unit of column width


def sheet_columns(doc: RoadmapDoc) -> list[XlsxColumn]:
    """The printed columns, with the due date after the deadline when a row has one,
    and the status split into the mark and the date done."""
    keys: list[str] = []
    for key in table_columns(doc):
        if key == "status":
            keys += ["status", "done_on"]
            continue
        keys.append(key)
        if key == "deadline" and any(row.due for row in doc.rows):
            keys.append("due")
    return [_COLUMNS[key] for key in keys]


def export_roadmap(path: Path, doc: RoadmapDoc) -> None:
    """Write the roadmap to an .xlsx file at `path`, whole or not at all.

    Raises exchange.export.ExportError (Russian message) when it cannot be written.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    columns = sheet_columns(doc)
    last = get_column_letter(len(columns))
    _top(sheet, doc, columns)
    sheet.append([column.header for column in columns])
    sheet.row_dimensions[HEADER_ROW].height = LINE_HEIGHT_PT * max(
        _lines(column.header, column.width) for column in columns
    )
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        cell = sheet.cell(row=HEADER_ROW, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment, cell.border = _HEADER_ALIGNMENT, _BORDER

    cells = Cells(sheet)
    section: str | None = None
    for row in doc.rows:
        if row.section != section:
            section = row.section
            if section.strip():
                _section_row(sheet, " ".join(section.split()), len(columns))
        sheet.append([_value(cells, column, row) for column in columns])
        number = sheet.max_row
        sheet.row_dimensions[number].height = _height(row, columns)
        for index, column in enumerate(columns, 1):
            cell = sheet.cell(row=number, column=index)
            cell.alignment = _TOP_CENTER if column.centred else _TOP
            cell.border = _BORDER
            if column.kind == "date":
                cell.number_format = DATE_FORMAT

    end = max(sheet.max_row, HEADER_ROW)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{end}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _print_setup(sheet)
    workbook.properties.title = " ".join(doc.title.split())
    workbook.properties.creator = "Mentor Desk"
    save_workbook(workbook, path)


def _top(sheet: Any, doc: RoadmapDoc, columns: list[XlsxColumn]) -> None:
    """The title with the period, then the organisation or the appendix mark: each
    merged over the table's width and wrapped, so it prints within the page."""
    org = " ".join(doc.org_full_name.split())
    if doc.approved_by_order is not None:
        org = " ".join(appendix_mark(*doc.approved_by_order))
    width = sum(column.width for column in columns)
    cells = Cells(sheet)
    for text, size in ((" ".join(title_lines(doc)), 13.0), (org, 11.0)):
        sheet.append([cells.text(text)])
        number = sheet.max_row
        if len(columns) > 1:
            sheet.merge_cells(
                start_row=number, start_column=1, end_row=number, end_column=len(columns)
            )
        cell = sheet.cell(row=number, column=1)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.font = Font(name=_FONT, bold=number == 1, size=size)
        lines = _lines(text, width * 11.0 / size)
        sheet.row_dimensions[number].height = LINE_HEIGHT_PT * size / 11.0 * lines
    sheet.append([])  # an empty row before the header


def _section_row(sheet: Any, title: str, width: int) -> None:
    sheet.append([Cells(sheet).text(title)])
    number = sheet.max_row
    if width > 1:
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    for index in range(1, width + 1):
        cell = sheet.cell(row=number, column=index)
        cell.border, cell.fill = _BORDER, _SECTION_FILL
    first = sheet.cell(row=number, column=1)
    first.font, first.alignment = _HEADER_FONT, _SECTION_ALIGNMENT


def _lines(text: str, width: float) -> int:
    """How many lines the text takes wrapped in a column this wide (at least one)."""
    per_line = max(1, int(width * _CHARS_PER_WIDTH) - 1)
    count = 0
    for paragraph in text.splitlines() or [""]:
        length = 0
        lines = 1
        for word in paragraph.split():
            extra = len(word) if length == 0 else len(word) + 1
            if length and length + extra > per_line:
                lines += 1
                length = len(word)
            else:
                length += extra
            while length > per_line:  # a word longer than the line
                lines += 1
                length -= per_line
        count += lines
    return max(1, count)


def _height(row: RoadmapDocRow, columns: list[XlsxColumn]) -> float:
    lines = max(
        _lines(str(getattr(row, column.key) or ""), column.width)
        for column in columns
        if column.kind == "text"
    )
    return LINE_HEIGHT_PT * lines


def _value(cells: Cells, column: XlsxColumn, row: RoadmapDocRow) -> object:
    if column.key == "number":
        return int(row.number) if row.number.isdigit() else cells.text(row.number)
    value = getattr(row, column.key)
    if column.kind == "date":
        return value if isinstance(value, date) else None
    return cells.text(str(value).strip())


def _print_setup(sheet: Any) -> None:
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left, margins.right, margins.top, margins.bottom = 0.6, 0.4, 0.6, 0.6
