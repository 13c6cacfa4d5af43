"""The pairs order as a DOCX, opened with python-docx as Word would read it."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from mentor_desk.documents import layout
from mentor_desk.documents.blocks import Document, Paragraph, Table
from mentor_desk.documents.docx import docx_bytes, write_docx
from mentor_desk.documents.orders import PAIRS_TABLE_HEADER, OrderRow, PairsOrder, pairs_order
from mentor_desk.documents.samples import sample_pairs_order
from mentor_desk.documents.typography import untie
from mentor_desk.domain.pairs import Form, Kind

HOSTILE = "А&Б <img src=x>"


@pytest.fixture(scope="module")
def order() -> PairsOrder:
    return sample_pairs_order(40, seed=5)


@pytest.fixture(scope="module")
def opened(order: PairsOrder) -> docx.document.Document:
    return docx.Document(io.BytesIO(docx_bytes(pairs_order(order))))


def body_text(doc: docx.document.Document) -> str:
    return untie("\n".join(p.text for p in doc.paragraphs))


def cell_text(cell: docx.table._Cell) -> list[str]:
    return [untie(p.text) for p in cell.paragraphs]


def test_the_table_has_the_header_and_every_pair_row(
    order: PairsOrder, opened: docx.document.Document
) -> None:
    assert len(opened.tables) == 1
    table = opened.tables[0]
    rows = table.rows
    assert len(rows) == 1 + len(order.pairs)
    assert [untie(c.text) for c in rows[0].cells] == PAIRS_TABLE_HEADER
    for number, (row, pair) in enumerate(zip(rows[1:], order.pairs, strict=True), start=1):
        cells = row.cells
        assert cell_text(cells[0]) == [str(number)]
        assert cell_text(cells[1]) == [pair.mentor, pair.mentor_position]
        assert cell_text(cells[2]) == pair.mentees
        assert cell_text(cells[3])[0].startswith(Form(pair.form).label)
        assert cell_text(cells[4]) == ["с 01.12.2026", "по 31.05.2027"]


def test_the_header_row_repeats_on_every_page(opened: docx.document.Document) -> None:
    rows = opened.tables[0].rows
    header = rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert all(
        row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows[1:]
    )


def test_the_font_is_liberation_serif_for_every_script(opened: docx.document.Document) -> None:
    normal = opened.styles["Normal"]
    assert normal.font.name == "Liberation Serif"
    assert normal.font.size is not None and normal.font.size.pt == layout.BODY_SIZE_PT
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        assert fonts.get(qn(attr)) == "Liberation Serif"
    defaults = opened.styles.element.find(qn("w:docDefaults"))
    default_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert not [a for a in default_fonts.attrib if a.endswith("Theme")]  # no Calibri
    table_style = opened.styles["Текст таблицы"]
    assert table_style.font.size.pt == layout.TABLE_SIZE_PT


def test_the_font_table_names_times_new_roman_as_the_stand_in(order: PairsOrder) -> None:
    with zipfile.ZipFile(io.BytesIO(docx_bytes(pairs_order(order)))) as archive:
        fonts = archive.read("word/fontTable.xml").decode()
    assert 'w:name="Liberation Serif"' in fonts
    assert 'w:altName w:val="Times New Roman"' in fonts


def test_a4_and_the_margins_of_the_standard(opened: docx.document.Document) -> None:
    section = opened.sections[0]
    for value, expected in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.left_margin, layout.MARGIN_LEFT_MM),
        (section.right_margin, layout.MARGIN_RIGHT_MM),
        (section.top_margin, layout.MARGIN_TOP_MM),
        (section.bottom_margin, layout.MARGIN_BOTTOM_MM),
    ):
        assert value is not None
        assert value.mm == pytest.approx(expected, abs=0.5)
    assert layout.MARGIN_LEFT_MM == 30


def test_a_page_number_field_in_the_header_but_not_on_the_first_page(
    opened: docx.document.Document,
) -> None:
    section = opened.sections[0]
    assert section.different_first_page_header_footer
    instr = "".join(t.text or "" for t in section.header._element.iter(qn("w:instrText")))
    assert instr.strip() == "PAGE"
    assert section.header.paragraphs[0].alignment == 1  # centred
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert list(first._element.iter(qn("w:instrText"))) == []
    assert "".join(p.text for p in first.paragraphs).strip() == ""


def test_body_paragraphs_are_justified_with_the_indent(opened: docx.document.Document) -> None:
    preamble = next(p for p in opened.paragraphs if untie(p.text).startswith("В соответствии"))
    assert preamble.alignment == 3  # justify
    indent = preamble.paragraph_format.first_line_indent
    assert indent is not None and indent.mm == pytest.approx(12.5, abs=0.1)
    command = next(p for p in opened.paragraphs if untie(p.text) == "п р и к а з ы в а ю:")
    assert command.paragraph_format.first_line_indent is None


def test_the_text_has_the_names_number_and_dates(
    order: PairsOrder, opened: docx.document.Document
) -> None:
    text = body_text(opened)
    for name in (order.curator_name, order.director_name, *[r.mentor for r in order.pairs]):
        assert name in text
    assert "15.11.2026\t№ 45-о" in text
    assert "от 15 ноября 2026 г. № 45-о" in text
    assert "П Р И К А З" in text
    assert "С приказом ознакомлены:" in text
    appendix = next(p for p in opened.paragraphs if p.text.startswith("Приложение"))
    assert appendix.paragraph_format.page_break_before


def test_hostile_and_control_characters_are_kept_or_dropped_safely(tmp_path: Path) -> None:
    base = sample_pairs_order(1)
    row = OrderRow(
        HOSTILE, "<b>учитель</b>", [HOSTILE, "x\x00y\x0bz"], Form.TEACHER_STUDENT, Kind.GROUP
    )
    order = dataclasses.replace(base, org_full_name=HOSTILE, pairs=[row])
    path = tmp_path / "приказ.docx"
    write_docx(pairs_order(order), path)
    doc = docx.Document(str(path))
    cells = doc.tables[0].rows[1].cells
    assert cell_text(cells[1]) == [HOSTILE, "<b>учитель</b>"]
    assert cell_text(cells[2]) == [HOSTILE, "xy z"]
    assert untie(doc.paragraphs[0].text) == HOSTILE
    assert [p.name for p in tmp_path.iterdir()] == ["приказ.docx"]


def test_a_plain_document_without_tables_is_written() -> None:
    data = docx_bytes(Document([Paragraph("Текст")], title="Проба", landscape=True))
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[0]
    assert section.page_width is not None and section.page_width.mm == pytest.approx(297, abs=0.5)
    assert doc.core_properties.title == "Проба"


def _last_body_paragraph(doc: docx.document.Document) -> docx.oxml.text.paragraph.CT_P:
    body = doc.element.body
    children = [child for child in body.iterchildren() if child.tag != qn("w:sectPr")]
    assert children[-1].tag == qn("w:p")
    assert children[-2].tag == qn("w:tbl")  # the paragraph that closes the appendix table
    return children[-1]


def test_the_paragraph_closing_the_last_table_is_one_point_high(
    opened: docx.document.Document,
) -> None:
    """LibreOffice put that paragraph (14 pt and 3 mm after) on a blank numbered page of
    its own when the table ended at the page's foot (checked by hand: the demo's end order
    with soffice --convert-to pdf, 5 pages before, 4 after)."""
    last = _last_body_paragraph(opened)
    assert not "".join(last.itertext()).strip()
    spacing = last.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing is not None
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert spacing.get(qn("w:line")) == "20"  # twentieths of a point: 1 pt
    assert spacing.get(qn("w:before")) == "0" and spacing.get(qn("w:after")) == "0"
    size = last.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:sz')}")
    assert size is not None and size.get(qn("w:val")) == "2"  # half-points: 1 pt
    # A table in the middle keeps its closing paragraph's space after.
    middle = docx.Document(io.BytesIO(docx_bytes(Document([
        Table(header=["А"], rows=[["1"]], widths=[170.0]), Paragraph("Дальше текст"),
    ], title="Проба"))))  # fmt: skip
    closing = middle.element.body.find(qn("w:tbl")).getnext()
    assert closing.find(f"{qn('w:pPr')}/{qn('w:rPr')}") is None
    assert closing.find(f"{qn('w:pPr')}/{qn('w:spacing')}").get(qn("w:after")) != "0"


def test_a_document_number_never_breaks_at_its_hyphen(opened: docx.document.Document) -> None:
    """«№ 45-о», «№ АЗ-1128/08»: Word's non-breaking hyphen (the font has no U+2011);
    python-docx and Word read it as «-»."""
    xml = opened.element.body.xml
    assert "\u2011" not in xml
    hyphens = opened.element.body.findall(f".//{qn('w:noBreakHyphen')}")
    assert len(hyphens) >= 4  # the number, the appendix mark's, Р-145, АЗ-1128/08
    texts = [p.text for p in opened.paragraphs]
    assert any("№\u00a045-о" in text for text in texts)
    assert any("№\u00a0АЗ-1128/08" in text for text in texts)
    preamble_run = next(
        r for p in opened.paragraphs for r in p.runs if "АЗ" in r.text
    )._r  # fmt: skip
    tags = [child.tag for child in preamble_run if child.tag != qn("w:rPr")]
    assert qn("w:noBreakHyphen") in tags and tags[0] == qn("w:t")
