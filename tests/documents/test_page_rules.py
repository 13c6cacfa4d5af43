"""Rules found while printing roadmaps, read back from the PDF and the DOCX: rows move to
the next page whole, names wrap between people, sections span the table, a landscape
appendix in a portrait order, the block at the right margin, one appendix mark."""

from __future__ import annotations

import ast
import dataclasses
import io
from collections import defaultdict
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from reportlab.pdfbase.pdfmetrics import stringWidth
from tests.documents.samples import sample_end_order

import mentor_desk.documents as documents_package
from mentor_desk.documents import layout
from mentor_desk.documents.blocks import (
    Cell,
    Document,
    Heading,
    Lines,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.end_order import end_order
from mentor_desk.documents.orders import (
    BLANK_DATE,
    appendix_lines,
    order_header,
    pairs_order,
)
from mentor_desk.documents.pdf import FONT_NAMES, pdf_bytes
from mentor_desk.documents.roadmap_doc import roadmap_order
from mentor_desk.documents.samples import sample_pairs_order
from mentor_desk.documents.typography import NBSP, tie, untie

from .reading import MM, Shown, all_text, reader, shown
from .test_roadmap_doc import order_for, roadmap

HEADER = ["№", "Мероприятие", "Сроки", "Ответственные"]
DEPUTIES = "Заместители директора: Николаева О.А. Яковенко О.Н."
MARK = "Приложение к приказу от 15 ноября 2026 г. № 45-о"


def pieces_by_y(data: bytes, page: int) -> list[Shown]:
    """The page's pieces of text from the top down, left to right on one baseline."""
    return sorted(shown(data, page), key=lambda p: (-round(p.y, 1), p.x))


def page_sizes_mm(data: bytes) -> list[tuple[int, int]]:
    return [
        (round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
        for p in reader(data).pages
    ]


# --- 1. rows move to the next page whole ------------------------------------------------

GROUP_AT, LONG_AT = 14, 27  # a big group (25 lines); a text taller than a page


def tall_rows() -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for index in range(40):
        count = 3 + (index * 7) % 9
        if index == GROUP_AT:
            count = layout.KEEP_ROW_WHOLE_MAX_LINES + 5
        lines = [f"Строка {index + 1}.{k + 1}" for k in range(count)]
        cell: Cell = lines
        if index == LONG_AT:
            cell = " ".join(f"слово{k}" for k in range(1200))
        rows.append([str(index + 1), cell, "до 10 декабря", "Кравченко Е.В."])
    return rows


@pytest.fixture(scope="module")
def tall_pdf() -> bytes:
    table = Table(HEADER, tall_rows(), [10, 80, 30, 50])
    return pdf_bytes(Document([Lines(["Дорожная карта"], bold=True), table], title="Строки"))


def test_the_header_tops_every_page_once(tall_pdf: bytes) -> None:
    pages = len(reader(tall_pdf).pages)
    assert pages >= 8
    for index in range(pages):
        texts = [p.text for p in pieces_by_y(tall_pdf, index)]
        first = "Дорожная карта" if index == 0 else str(index + 1)  # the title, the number
        assert texts[0] == first
        assert texts[1:5] == HEADER, f"page {index + 1} does not start with the header"
        for title in HEADER[1:]:
            assert texts.count(title) == 1, f"«{title}» twice on page {index + 1}"


def test_a_row_is_never_split_unless_a_big_group_or_taller_than_a_page(tall_pdf: bytes) -> None:
    pages_of: dict[str, set[int]] = defaultdict(set)
    for index in range(len(reader(tall_pdf).pages)):
        for piece in shown(tall_pdf, index):
            if piece.text.startswith("Строка "):
                pages_of[piece.text.split()[1].split(".")[0]].add(index)
            elif piece.text.startswith("слово"):
                pages_of[str(LONG_AT + 1)].add(index)
    assert set(pages_of) == {str(n) for n in range(1, 41)}  # every row is there
    split = {row for row, pages in pages_of.items() if len(pages) > 1}
    assert split <= {str(GROUP_AT + 1), str(LONG_AT + 1)}
    assert str(LONG_AT + 1) in split  # it could not be put on one page
    words = " ".join(p.text for i in range(len(reader(tall_pdf).pages)) for p in shown(tall_pdf, i))
    assert all(f"слово{k}" in words for k in (0, 599, 1199))
    group = [f"Строка {GROUP_AT + 1}.{k}" for k in range(1, layout.KEEP_ROW_WHOLE_MAX_LINES + 6)]
    assert all(line in words for line in group)


def test_a_section_title_does_not_end_a_page() -> None:
    rows: list[list[Cell]] = []
    spans = set()
    for index in range(60):
        if index % 6 == 0:
            spans.add(len(rows))
            rows.append([f"Раздел {index // 6 + 1}", "", "", ""])
        rows.append([str(index + 1), [f"Строка {index + 1}.{k}" for k in range(6)], "", ""])
    table = Table(HEADER, rows, [10, 80, 30, 50], spans=frozenset(spans))
    data = pdf_bytes(Document([table], title="Разделы"))
    for index in range(len(reader(data).pages)):
        last = pieces_by_y(data, index)[-1]
        assert not last.text.startswith("Раздел"), f"page {index + 1} ends with «{last.text}»"


# --- 2. names wrap between people, never inside one ------------------------------------


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        (DEPUTIES, "Заместители директора: Николаева·О.А. Яковенко·О.Н."),
        ("Николаева О.А., Яковенко О.Н.", "Николаева·О.А., Яковенко·О.Н."),
        ("заместитель директора Т.А. Доля", "заместитель директора Т.А.·Доля"),
        ("____________ Т.А. Доля", "____________ Т.А.·Доля"),
        ("им. А.С. Пушкина", "им.·А.С.·Пушкина"),
        ("Кравченко-Петрова Е.В.", "Кравченко-Петрова·Е.В."),
    ],
)
def test_initials_go_with_one_name(text: str, tied: str) -> None:
    assert tie(text).replace(NBSP, "·") == tied


def test_names_in_a_narrow_column_wrap_between_people_with_every_word_whole() -> None:
    words = DEPUTIES.split()
    table = Table(["Мероприятие", "Ответственные"], [["Заседание", DEPUTIES]], [130, 40])
    data = pdf_bytes(Document([table, Paragraph(DEPUTIES)], title="Имена"))
    column = [p for p in pieces_by_y(data, 0) if p.x > 130 * MM and p.text != "Ответственные"]
    lines = [p.text for p in column]
    assert len(lines) >= 3  # it wraps: the names could not be one line
    assert " ".join(lines).split() == words[:3] + words[3:]  # in order, spaces kept
    for line in lines:
        assert all(word in words for word in line.split()), f"a word broken in «{line}»"
    assert DEPUTIES in all_text(data)


# --- 3. a section's row is one bold cell across the table --------------------------------


def section_table() -> Table:
    rows: list[list[Cell]] = [
        ["Организационный этап", "", "", ""],
        ["1", "Сбор заявок", "до 10 декабря", "Кравченко Е.В."],
    ]
    return Table(HEADER, rows, [10, 80, 30, 50], spans=frozenset({0}))


def test_a_section_row_spans_the_pdf_table_in_bold() -> None:
    data = pdf_bytes(Document([section_table()], title="Раздел"))
    title = next(p for p in shown(data, 0) if p.text == "Организационный этап")
    assert title.font.endswith(FONT_NAMES["bold"])
    width = stringWidth(title.text, FONT_NAMES["bold"], layout.TABLE_SIZE_PT)
    centre = (layout.MARGIN_LEFT_MM + layout.text_width_mm() / 2) * MM
    assert title.x + width / 2 == pytest.approx(centre, abs=2)  # centred on the whole table
    activity = next(p for p in shown(data, 0) if p.text == "Сбор заявок")
    assert not activity.font.endswith(FONT_NAMES["bold"])


def test_a_section_row_is_one_merged_bold_cell_in_the_docx() -> None:
    opened = docx.Document(io.BytesIO(docx_bytes(Document([section_table()], title="Раздел"))))
    rows = opened.tables[0].rows
    cells = rows[1]._tr.findall(qn("w:tc"))
    assert len(cells) == 1
    span = cells[0].find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    assert span is not None and span.get(qn("w:val")) == "4"
    paragraph = rows[1].cells[0].paragraphs[0]
    assert untie(paragraph.text) == "Организационный этап"
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in paragraph.runs)
    assert paragraph.paragraph_format.keep_with_next  # stays with its first activity
    assert [untie(c.text) for c in rows[2].cells] == [
        "1",
        "Сбор заявок",
        "до 10 декабря",
        "Кравченко Е.В.",
    ]


def test_a_spanning_row_keeps_its_text_in_the_first_cell() -> None:
    with pytest.raises(ValueError, match="first cell"):
        Table(["a", "b"], [["", "Раздел"]], [1.0, 1.0], spans=frozenset({0}))
    with pytest.raises(ValueError, match="not in the table"):
        Table(["a", "b"], [["Раздел", ""]], [1.0, 1.0], spans=frozenset({1}))


# --- 4. landscape pages inside a portrait document ---------------------------------------


@pytest.fixture(scope="module")
def turned() -> Document:
    return Document(
        [
            Lines(["Первая"]),
            PageBreak(landscape=True),
            Lines(["Вторая"]),
            PageBreak(),
            Lines(["Третья"]),
            PageBreak(landscape=False),
            Lines(["Четвёртая"]),
        ],
        title="Страницы",
    )


def test_the_pdf_turns_the_pages_a_page_break_asks_for(turned: Document) -> None:
    data = pdf_bytes(turned)
    assert page_sizes_mm(data) == [(210, 297), (297, 210), (297, 210), (210, 297)]
    for index, (width, height) in enumerate(page_sizes_mm(data)[1:], start=1):
        number = pieces_by_y(data, index)[0]
        assert number.text == str(index + 1)
        text_width = width - layout.MARGIN_LEFT_MM - layout.MARGIN_RIGHT_MM
        centre = (layout.MARGIN_LEFT_MM + text_width / 2) * MM
        size = stringWidth(number.text, FONT_NAMES["regular"], layout.PAGE_NUMBER_SIZE_PT)
        assert number.x + size / 2 == pytest.approx(centre, abs=1)
        top = (height - layout.PAGE_NUMBER_BASELINE_FROM_TOP_MM) * MM
        assert number.y == pytest.approx(top, abs=1)
    assert [p.text for p in shown(data, 0)] == ["Первая"]  # no number on the first page


def test_a_landscape_document_can_turn_to_portrait() -> None:
    document = Document([Lines(["А"]), PageBreak(landscape=False), Lines(["Б"])], "T", True)
    assert page_sizes_mm(pdf_bytes(document)) == [(297, 210), (210, 297)]
    opened = docx.Document(io.BytesIO(docx_bytes(document)))
    assert [s.orientation for s in opened.sections] == [WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]


def test_the_docx_turns_the_pages_in_sections_that_go_on_numbering(turned: Document) -> None:
    opened = docx.Document(io.BytesIO(docx_bytes(turned)))
    sections = opened.sections
    assert [s.orientation for s in sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    assert [(round(s.page_width.mm), round(s.page_height.mm)) for s in sections] == [
        (210, 297),
        (297, 210),
        (210, 297),
    ]
    assert sections[0].different_first_page_header_footer  # the first page: no number
    for section in sections[1:]:
        assert section.start_type == WD_SECTION.NEW_PAGE
        assert not section.different_first_page_header_footer  # its first page: numbered
        assert section.header.is_linked_to_previous  # the PAGE field goes on
        assert section.left_margin == sections[0].left_margin
        assert section.top_margin == sections[0].top_margin
    third = next(p for p in opened.paragraphs if p.text == "Третья")
    assert third.paragraph_format.page_break_before  # a plain break inside the section
    assert len(opened.paragraphs) == 4  # the section breaks took no paragraph of their own


def test_the_roadmap_order_numbers_its_landscape_pages_over_their_width() -> None:
    data = pdf_bytes(roadmap_order(order_for(roadmap("kvantum_2024_2026"))))
    sizes = page_sizes_mm(data)
    turn = sizes.index((297, 210))
    assert turn >= 1 and set(sizes[:turn]) == {(210, 297)} and set(sizes[turn:]) == {(297, 210)}
    centre = (layout.MARGIN_LEFT_MM + layout.text_width_mm(landscape=True) / 2) * MM
    for index in range(turn, len(sizes)):
        number = pieces_by_y(data, index)[0]
        assert number.text == str(index + 1)
        assert number.x == pytest.approx(centre, abs=4 * MM)


# --- 5. the block at the right margin ----------------------------------------------------


def test_the_right_block_ends_at_the_right_margin_on_both_orientations() -> None:
    block = Lines(["Приложение", "к приказу", f"от {BLANK_DATE} № ______"], right_block=True)
    document = Document([block, PageBreak(landscape=True), block], title="Блок")
    data = pdf_bytes(document)
    for page, landscape_page in ((0, False), (1, True)):
        width = layout.PAGE_HEIGHT_MM if landscape_page else layout.PAGE_WIDTH_MM
        start = (layout.MARGIN_LEFT_MM + layout.right_block_indent_mm(landscape_page)) * MM
        assert start == pytest.approx((width - layout.MARGIN_RIGHT_MM - 80) * MM)
        lines = [p for p in shown(data, page) if p.text in {"Приложение", "к приказу"}]
        assert len(lines) == 2 and all(p.x == pytest.approx(start, abs=0.5) for p in lines)
        right = max(
            p.x + stringWidth(p.text, FONT_NAMES["regular"], layout.BODY_SIZE_PT)
            for p in shown(data, page)
        )
        assert right <= (width - layout.MARGIN_RIGHT_MM) * MM + 0.5
    opened = docx.Document(io.BytesIO(docx_bytes(document)))
    marks = [p for p in opened.paragraphs if p.text.startswith("Приложение")]
    for paragraph, landscape_page in zip(marks, (False, True), strict=True):
        indent = paragraph.paragraph_format.left_indent
        assert indent is not None
        assert indent.mm == pytest.approx(layout.right_block_indent_mm(landscape_page), abs=0.1)


# --- 6, 7. the orders share their header and their appendix mark ------------------------


def test_no_builder_imports_another_modules_private_names() -> None:
    folder = Path(documents_package.__file__).parent
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mentor_"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"


def test_the_order_header_is_the_same_for_every_order() -> None:
    header = order_header("Школа", "45-о", date(2026, 11, 15), "г. Завитинск", "О чём-то")
    assert isinstance(header[0], Lines) and header[0].lines == ["Школа"]
    assert header[1] == Heading("ПРИКАЗ", spaced=True)
    draft = order_header("Школа", "", None, "г. Завитинск", "О чём-то", draft=True)
    assert draft[0] == Lines(["ПРОЕКТ"], align="right", bold=True) and draft[1] == Spacer(4)
    assert draft[2:] != header  # blanks for the date and the number
    assert appendix_lines("", None) == [
        "Приложение",
        "к приказу",
        "от «___» ____________ 20___ г. № ______",
    ]


def test_every_order_marks_its_appendix_with_the_date_in_words() -> None:
    pairs = dataclasses.replace(
        sample_pairs_order(6, seed=3), number="45-о", order_date=date(2026, 11, 15)
    )
    ended = dataclasses.replace(sample_end_order(6), number="45-о", order_date=date(2026, 11, 15))
    approving = order_for(roadmap("zavitinsk_sample"))
    for document in (pairs_order(pairs), end_order(ended), roadmap_order(approving)):
        text = all_text(pdf_bytes(document))
        assert MARK in text, document.title
        assert "Приложение к приказу от 15.11.2026" not in text


def test_columns_a_rounding_error_wider_than_the_page_still_split() -> None:
    widths = [12.0, 72.0, 30.0, 42.0, 50.0]  # scaled to 257 mm, they add up to a hair more
    rows: list[list[Cell]] = [[str(n), f"Мероприятие {n}", "", "", ""] for n in range(1, 81)]
    table = Table(["№", "Мероприятие", "Сроки", "Результат", "Ответственные"], rows, widths)
    data = pdf_bytes(Document([table], title="Ширина", landscape=True))
    assert len(reader(data).pages) >= 3
    assert "Мероприятие 80" in all_text(data)
