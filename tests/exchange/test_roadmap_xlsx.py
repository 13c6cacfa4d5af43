"""The roadmap as .xlsx, written and read back with openpyxl."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.cell_range import CellRange

from mentor_desk.documents.roadmap_doc import (
    DEFAULT_TITLE,
    RoadmapDoc,
    RoadmapDocRow,
    rows_from_template,
)
from mentor_desk.exchange.export import DATE_FORMAT, ExportError
from mentor_desk.exchange.roadmap_xlsx import HEADER_ROW, LINE_HEIGHT_PT, export_roadmap
from mentor_desk.services.roadmap_templates import template

ORG = "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1 г. Завитинска»"


def roadmap(key: str, **changes: object) -> RoadmapDoc:
    found = template(key)
    doc = RoadmapDoc(
        org_full_name=ORG,
        title=DEFAULT_TITLE,
        period_text="2025-2027 годы",
        director_position="Директор",
        director_name="Т.А. Доля",
        approved_by_order=None,
        columns=found.columns,
        rows=rows_from_template(found),
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def opened(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return sheet


def values(sheet: openpyxl.worksheet.worksheet.Worksheet, row: int) -> list[object]:
    return [cell.value for cell in sheet[row]]


def sections_of(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[CellRange]:
    """The merged rows under the header: the sections."""
    found = [r for r in sheet.merged_cells.ranges if r.min_row > HEADER_ROW]
    return sorted(found, key=lambda r: r.min_row)


@pytest.fixture
def zavitinsk(tmp_path: Path) -> tuple[RoadmapDoc, Path]:
    doc = roadmap("zavitinsk_sample")
    path = tmp_path / "дорожная карта.xlsx"
    export_roadmap(path, doc)
    return doc, path


def test_the_34_activities_under_the_sources_header(zavitinsk: tuple[RoadmapDoc, Path]) -> None:
    doc, path = zavitinsk
    sheet = opened(path)
    assert sheet.title == "Дорожная карта"
    assert sheet["A1"].value == f"{DEFAULT_TITLE} на 2025-2027 годы"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == ORG
    assert values(sheet, HEADER_ROW) == ["№ п/п", "Мероприятие", "Сроки", "Ответственные"]
    rows = [values(sheet, n) for n in range(HEADER_ROW + 1, sheet.max_row + 1)]
    assert len(rows) == 34
    assert [row[0] for row in rows] == list(range(1, 35))
    assert [row[1] for row in rows] == [r.activity for r in doc.rows]
    assert sections_of(sheet) == []  # приказ № 246, прил. 2, has none
    titles = sorted((r.min_row, r.min_col, r.max_col) for r in sheet.merged_cells.ranges)
    assert titles == [(1, 1, 4), (2, 1, 4)]  # the title and the organisation, table-wide


def test_the_header_is_frozen_filtered_and_printed_on_every_page(
    zavitinsk: tuple[RoadmapDoc, Path],
) -> None:
    sheet = opened(zavitinsk[1])
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:D{HEADER_ROW + 34}"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    header = sheet.cell(row=HEADER_ROW, column=2)
    assert header.font.bold and header.alignment.wrap_text


def test_text_wraps_in_set_widths_and_long_rows_are_taller(
    zavitinsk: tuple[RoadmapDoc, Path],
) -> None:
    sheet = opened(zavitinsk[1])
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width > 10
    first = HEADER_ROW + 1
    assert sheet.cell(row=first, column=2).alignment.wrap_text
    assert sheet.cell(row=first, column=2).alignment.vertical == "top"
    heights = [sheet.row_dimensions[n].height for n in range(first, first + 34)]
    assert all(h is not None and h >= LINE_HEIGHT_PT for h in heights)
    short = next(
        n
        for n in range(first, first + 34)
        if sheet.cell(row=n, column=2).value == "Обучение наставников"
    )
    long = first + 5  # «Сбор дополнительной информации о запросах наставляемых …», 6 lines
    assert sheet.row_dimensions[short].height == LINE_HEIGHT_PT
    assert sheet.row_dimensions[long].height >= 3 * LINE_HEIGHT_PT


def test_sections_are_merged_bold_rows(tmp_path: Path) -> None:
    doc = roadmap("kvantum_2024_2026")
    path = tmp_path / "карта.xlsx"
    export_roadmap(path, doc)
    sheet = opened(path)
    assert values(sheet, HEADER_ROW) == [
        "№ п/п",
        "Мероприятие",
        "Сроки",
        "Ожидаемый результат (вид документа)",
        "Показатели эффективности",
        "Ответственные",
    ]
    sections = list(dict.fromkeys(row.section for row in doc.rows))
    merged = sections_of(sheet)
    assert [sheet.cell(row=r.min_row, column=1).value for r in merged] == sections
    for cell_range in merged:
        assert (cell_range.min_col, cell_range.max_col) == (1, 6)
        assert cell_range.min_row == cell_range.max_row
        assert sheet.cell(row=cell_range.min_row, column=1).font.bold
    assert merged[0].min_row == HEADER_ROW + 1
    assert sheet.max_row == HEADER_ROW + len(doc.rows) + len(sections)
    numbers = [
        sheet.cell(row=n, column=1).value
        for n in range(HEADER_ROW + 1, sheet.max_row + 1)
        if isinstance(sheet.cell(row=n, column=1).value, int)
    ]
    assert numbers == list(range(1, 32))


def test_dates_are_real_dates_and_the_status_is_two_columns(tmp_path: Path) -> None:
    rows = [
        RoadmapDocRow("Этап", "1", "Первое", "до 10 декабря", "Кравченко Е.В.",
                      status="выполнено", done_on=date(2025, 11, 3), due=date(2025, 12, 10)),
        RoadmapDocRow("Этап", "2", "Второе", "в течение года", status="в работе"),
    ]  # fmt: skip
    doc = roadmap("zavitinsk_sample", rows=rows, with_status=True)
    path = tmp_path / "карта.xlsx"
    export_roadmap(path, doc)
    sheet = opened(path)
    assert values(sheet, HEADER_ROW) == [
        "№ п/п",
        "Мероприятие",
        "Сроки",
        "Срок (дата)",
        "Ответственные",
        "Отметка о выполнении",
        "Дата выполнения",
    ]
    first, second = HEADER_ROW + 2, HEADER_ROW + 3  # under the section's row
    assert values(sheet, first) == [
        1, "Первое", "до 10 декабря", datetime(2025, 12, 10), "Кравченко Е.В.", "выполнено",
        datetime(2025, 11, 3),
    ]  # fmt: skip
    for column in (4, 7):
        cell = sheet.cell(row=first, column=column)
        assert cell.is_date and cell.number_format == DATE_FORMAT
    assert values(sheet, second)[3] is None and values(sheet, second)[6] is None
    assert values(sheet, second)[5] == "в работе"


def test_typed_text_stays_text(tmp_path: Path) -> None:
    rows = [RoadmapDocRow('=HYPERLINK("x")', "", "=1+1", "#N/A", "А&Б <img src=x>\x00")]
    path = tmp_path / "карта.xlsx"
    export_roadmap(path, roadmap("zavitinsk_sample", rows=rows, title="=2+2"))
    sheet = opened(path)
    assert sheet["A1"].value.startswith("=2+2") and sheet["A1"].data_type == "s"
    section = sheet.cell(row=HEADER_ROW + 1, column=1)
    assert section.value == '=HYPERLINK("x")' and section.data_type == "s"
    row = HEADER_ROW + 2
    activity = sheet.cell(row=row, column=1)  # no number column: the rows have none
    assert activity.value == "=1+1" and activity.data_type == "s"
    assert sheet.cell(row=row, column=2).value == "#N/A"
    assert sheet.cell(row=row, column=3).value == "А&Б <img src=x>"


def test_an_appendix_names_the_order(tmp_path: Path) -> None:
    doc = roadmap("zavitinsk_sample", approved_by_order=("45-о", date(2026, 11, 15)))
    path = tmp_path / "карта.xlsx"
    export_roadmap(path, doc)
    assert opened(path)["A2"].value == "Приложение к приказу от 15.11.2026 № 45-о"


def test_a_failed_write_leaves_the_old_file_and_says_why(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="папка не найдена"):
        export_roadmap(tmp_path / "нет" / "карта.xlsx", roadmap("zavitinsk_sample"))
    target = tmp_path / "карта.xlsx"
    target.write_bytes(b"old")
    export_roadmap(target, roadmap("volgograd_teachers"))
    assert opened(target).max_row > HEADER_ROW
    assert [p.name for p in tmp_path.iterdir()] == ["карта.xlsx"]
