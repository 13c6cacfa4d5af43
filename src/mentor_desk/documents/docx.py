"""A Document to DOCX with python-docx: the same blocks, font and layout as the PDF.

The file names Liberation Serif for every script (w:rFonts ascii, hAnsi, cs, eastAsia),
so Cyrillic uses it too. The font is not embedded: Word and LibreOffice use it where it
is installed and otherwise substitute Times New Roman, which has the same metrics (the
font table says so, for Word's choice), so lines and pages break alike.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from copy import deepcopy
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Emu, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from mentor_desk.documents import layout
from mentor_desk.documents.blocks import (
    Acquaint,
    Align,
    Block,
    Chart,
    Command,
    DateNumber,
    Document,
    Heading,
    Lines,
    Numbered,
    PageBreak,
    Paragraph,
    Signature,
    Spacer,
    Table,
    cell_lines,
)
from mentor_desk.documents.charts import to_png
from mentor_desk.documents.files import write_atomically
from mentor_desk.documents.typography import NBHY, tie

__all__ = ["TABLE_STYLE", "docx_bytes", "write_docx"]

TABLE_STYLE = "Текст таблицы"  # the paragraph style of table cells (12 pt, no indent)
TABLE_STYLE_ID = "MentorDeskTableText"
CAPTION_STYLE = "Подпись под линией"  # «подпись», «дата» (10 pt)

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Liberation Serif is Times New Roman's metric twin: tell Word what to put in its place.
_FONT_ENTRY = (
    f'<w:font w:name="{layout.FONT_FAMILY}"><w:altName w:val="Times New Roman"/>'
    '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="CC"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
)


def docx_bytes(document: Document) -> bytes:
    """The document as a DOCX file's content."""
    doc = new_docx()
    _setup(doc, document)
    writer = _Writer(doc, document.landscape)
    for block in document.blocks:
        writer.block(block)
    writer.finish()
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_docx(document: Document, path: Path | str) -> None:
    """Write the DOCX to `path`, whole or not at all (DocumentWriteError says why)."""
    write_atomically(Path(path), docx_bytes(document))


def _text(text: str) -> str:
    return tie(text)


def _run(paragraph: DocxParagraph, text: str) -> Run:
    """A run of tie()'s text; its non-breaking hyphens (U+2011, «№ 45-о») written as Word's
    own w:noBreakHyphen, which Word and LibreOffice print with the font's hyphen (the font
    has no U+2011 glyph) and never break a line at."""
    run = paragraph.add_run(_text(text))
    for t in run._r.findall(qn("w:t")):
        if t.text is None or NBHY not in t.text:
            continue
        parts = t.text.split(NBHY)
        t.text = parts[0]
        _preserve(t)
        anchor = t
        for part in parts[1:]:
            hyphen = OxmlElement("w:noBreakHyphen")
            anchor.addnext(hyphen)
            anchor = hyphen
            if part:
                rest = OxmlElement("w:t")
                rest.text = part
                _preserve(rest)
                anchor.addnext(rest)
                anchor = rest
    return run


def _preserve(t: BaseOxmlElement) -> None:
    """Keep the spaces at either end of a w:t (python-docx sets this on its own ones)."""
    if t.text and t.text != t.text.strip():
        t.set(qn("xml:space"), "preserve")


# --- the page, the styles and the header ----------------------------------------------


def _setup(doc: DocxDocument, document: Document) -> None:
    props = doc.core_properties
    props.title = document.title
    props.author = document.author or "Mentor Desk"
    props.comments = "Mentor Desk"
    props.language = "ru-RU"

    _set_page(doc.sections[0], document.landscape)
    _set_fonts(doc)
    _add_font_table_entry(doc)
    if document.page_numbers:
        _page_numbers(doc)


def _set_page(section: Section, landscape: bool) -> None:
    """A4 in the orientation asked for, with the margins of layout.py."""
    width, height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.left_margin = Mm(layout.MARGIN_LEFT_MM)
    section.right_margin = Mm(layout.MARGIN_RIGHT_MM)
    section.top_margin = Mm(layout.MARGIN_TOP_MM)
    section.bottom_margin = Mm(layout.MARGIN_BOTTOM_MM)
    section.header_distance = Mm(layout.DOCX_HEADER_DISTANCE_MM)
    section.footer_distance = Mm(layout.DOCX_HEADER_DISTANCE_MM)


def _set_run_fonts(rpr: BaseOxmlElement) -> None:
    """Liberation Serif for every script; theme fonts (Calibri, Cambria) removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), layout.FONT_FAMILY)


def _set_fonts(doc: DocxDocument) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_run_fonts(rpr)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "ru-RU")
                lang.set(qn("w:eastAsia"), "ru-RU")

    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name = layout.FONT_FAMILY
    normal.font.size = Pt(layout.BODY_SIZE_PT)
    _set_run_fonts(normal.element.get_or_add_rPr())
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.line_spacing = layout.DOCX_LINE_SPACING
    fmt.widow_control = True

    table_style = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(table_style, ParagraphStyle)
    table_style.style_id = TABLE_STYLE_ID  # ASCII ids; Word shows the names
    table_style.base_style = normal
    table_style.font.size = Pt(layout.TABLE_SIZE_PT)
    table_style.paragraph_format.first_line_indent = Mm(0)
    caption = styles.add_style(CAPTION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(caption, ParagraphStyle)
    caption.style_id = "MentorDeskCaption"
    caption.base_style = normal
    caption.font.size = Pt(layout.CAPTION_SIZE_PT)
    header = styles["Header"]
    assert isinstance(header, ParagraphStyle)
    header.font.size = Pt(layout.PAGE_NUMBER_SIZE_PT)


def _add_font_table_entry(doc: DocxDocument) -> None:
    """Name Times New Roman as the stand-in for Liberation Serif in word/fontTable.xml."""
    for rel in doc.part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/fontTable"):
            continue
        part = rel.target_part
        blob = part.blob.decode("utf-8")
        if f'w:name="{layout.FONT_FAMILY}"' not in blob and "</w:fonts>" in blob:
            part._blob = blob.replace("</w:fonts>", _FONT_ENTRY + "</w:fonts>").encode()


def _page_numbers(doc: DocxDocument) -> None:
    """A PAGE field centred in the header; the first page's own header stays empty."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False  # defined, and empty
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = doc.styles["Header"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _field_char(run._r, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    _field_char(run._r, "separate")
    shown = OxmlElement("w:t")
    shown.text = "2"  # what a reader shows before it updates the field
    run._r.append(shown)
    _field_char(run._r, "end")


def _field_char(run: BaseOxmlElement, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)


# --- blocks ---------------------------------------------------------------------------


class _Writer:
    """Adds the blocks to the body in order; a page break waits for the next paragraph,
    one that turns the pages starts a section."""

    def __init__(self, doc: DocxDocument, landscape: bool) -> None:
        self.doc = doc
        self.landscape = landscape
        self.text_width = Mm(layout.text_width_mm(landscape))
        self.break_pending = False
        self.last: DocxParagraph | None = None
        self.after_table: DocxParagraph | None = None  # the paragraph closing a table

    def finish(self) -> None:
        """The document ends: a table's closing paragraph, the last thing in the body,
        shrinks to a point (see _shrink)."""
        self._shrink_after_table()

    def _shrink_after_table(self) -> None:
        """A table's closing paragraph with nothing after it on its page (the body's end,
        or a page break next) has no space to keep: shrunk, so that it cannot spill onto
        a page of its own. Word wants a paragraph after a table, so it stays."""
        if self.last is not None and self.last is self.after_table:
            _shrink(self.last)

    def turn(self, landscape: bool) -> None:
        """A new section on a new page, turned: the pages from here on (a wide appendix).

        The section before ends with the last paragraph written (its w:sectPr goes there,
        not into a paragraph of its own that could take a line, or a page, more). The new
        section inherits the header, so the page numbers go on, centred over its own text
        width; its first page is not the document's, so it shows its number.
        """
        self.landscape = landscape
        self.text_width = Mm(layout.text_width_mm(landscape))
        self.break_pending = False  # the section's own break starts the page
        body = self.doc.element.body
        sentinel = body.get_or_add_sectPr()  # the last section's properties
        written = [child for child in body.iterchildren() if child is not sentinel]
        if not written:  # nothing on the first page yet: turn it instead
            _set_page(self.doc.sections[0], landscape)
            return
        last = written[-1]
        if not isinstance(last, CT_P):  # a table cannot carry it: a paragraph does
            last = self.paragraph()._p
        last.set_sectPr(deepcopy(sentinel))
        for reference in sentinel.xpath("w:headerReference|w:footerReference"):
            sentinel.remove(reference)
        section = self.doc.sections[-1]
        section.start_type = WD_SECTION.NEW_PAGE
        section.different_first_page_header_footer = False
        _set_page(section, landscape)

    def paragraph(self, style: str | None = None) -> DocxParagraph:
        paragraph = self.doc.add_paragraph(style=style)
        if self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        self.last = paragraph
        return paragraph

    def block(self, block: Block) -> None:
        if isinstance(block, Lines):
            self.lines(block)
        elif isinstance(block, Heading):
            p = self.paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            before, after = layout.HEADING_SPACE_MM
            p.paragraph_format.space_before = Mm(before)
            p.paragraph_format.space_after = Mm(after)
            p.paragraph_format.keep_with_next = True  # a heading never ends a page
            _run(p, block.shown).bold = True
        elif isinstance(block, DateNumber):
            p = self.paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
            _run(p, f"{block.date_text}\t{block.number_text}")
        elif isinstance(block, Paragraph):
            self.text(block.text, block.align, block.indent)
            if block.keep_with_next and self.last is not None:
                self.last.paragraph_format.keep_with_next = True
        elif isinstance(block, Command):
            p = self.paragraph()
            before, after = layout.COMMAND_SPACE_MM
            p.paragraph_format.space_before = Mm(before)
            p.paragraph_format.space_after = Mm(after)
            p.paragraph_format.keep_with_next = True
            _run(p, block.text)
        elif isinstance(block, Numbered):
            for number, item in enumerate(block.items, start=block.start):
                self.text(f"{number}. {item}", "justify", indent=True)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Signature):
            self.signature(block)
        elif isinstance(block, Acquaint):
            self.acquaint(block)
        elif isinstance(block, Spacer):
            p = self.paragraph()
            p.paragraph_format.line_spacing = Mm(block.mm)  # exact: the spacer's height
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, PageBreak):
            self._shrink_after_table()
            if block.landscape is not None and block.landscape != self.landscape:
                self.turn(block.landscape)
            else:
                self.break_pending = True
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"unknown block: {block!r}")

    def text(self, text: str, align: Align, indent: bool) -> None:
        p = self.paragraph()
        p.alignment = _ALIGN[align]
        if indent:
            p.paragraph_format.first_line_indent = Mm(layout.FIRST_LINE_INDENT_MM)
        _run(p, text)

    def lines(self, block: Lines) -> None:
        p = self.paragraph()
        if block.right_block:
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            indent = self.text_width - Mm(layout.RIGHT_BLOCK_WIDTH_MM)
            p.paragraph_format.left_indent = Emu(max(indent, 0))
        else:
            p.alignment = _ALIGN[block.align]
        for index, line in enumerate(block.lines):
            run = _run(p, line)
            run.bold = block.bold
            if index < len(block.lines) - 1:
                run.add_break()

    def table(self, block: Table) -> None:
        if self.break_pending:
            self.paragraph()  # a table cannot start a page by itself: a paragraph does
        if self.last is not None:
            self.last.paragraph_format.space_after = Mm(layout.TABLE_SPACE_MM[0])
        total = sum(block.widths)
        widths = [int(self.text_width * w / total) for w in block.widths]
        table = self.doc.add_table(rows=1, cols=len(block.header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        _grid(table, widths)
        header = table.rows[0]
        if block.repeat_header:
            _repeat_header(header._tr)
        for cell, text, width in zip(header.cells, block.header, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p._p.style = TABLE_STYLE_ID
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(p, text).bold = True
        aligns = [_ALIGN[a] for a in block.column_aligns]
        for index, row in enumerate(block.rows):
            added = table.add_row()
            if max(len(cell_lines(cell)) for cell in row) <= layout.KEEP_ROW_WHOLE_MAX_LINES:
                _keep_row_whole(added._tr)
            if index in block.spans:
                _section_row(added.cells, cell_lines(row[0]))
                continue
            cells = added.cells
            for cell, value, width, align in zip(cells, row, widths, aligns, strict=True):
                cell.width = width
                _fill_cell(cell, cell_lines(value), align)
        closing = self.paragraph()
        closing.paragraph_format.space_after = Mm(layout.TABLE_SPACE_MM[1])
        self.after_table = closing

    def chart(self, block: Chart) -> None:
        """The chart as a picture (PNG) in a centred paragraph, kept with its caption."""
        before, after = layout.CHART_SPACE_MM
        p = self.paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Mm(before)
        p.paragraph_format.keep_with_next = bool(block.caption.strip())
        width = min(Mm(block.width_mm), self.text_width)
        picture = io.BytesIO(to_png(block.drawing, layout.CHART_DPI))
        p.add_run().add_picture(picture, width=Emu(width))
        if block.caption.strip():
            caption = self.paragraph()
            caption._p.style = TABLE_STYLE_ID
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption.paragraph_format.space_before = Mm(1.5)
            caption.paragraph_format.space_after = Mm(after)
            _run(caption, block.caption)
        else:
            p.paragraph_format.space_after = Mm(after)

    def signature(self, block: Signature) -> None:
        """«Директор», an underlined tab to sign on, «И.О. Фамилия» at the right margin."""
        p = self.paragraph()
        p.paragraph_format.space_before = Mm(layout.SIGNATURE_SPACE_BEFORE_MM)
        p.paragraph_format.keep_together = True
        share_pos, share_line, _ = layout.SIGNATURE_COLUMNS
        gap = Mm(layout.ACQUAINT_GAP_MM)
        start = int(self.text_width * share_pos) + gap
        end = int(self.text_width * (share_pos + share_line)) - gap
        stops = p.paragraph_format.tab_stops
        stops.add_tab_stop(start)
        stops.add_tab_stop(end)
        stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        _run(p, f"{block.position}\t")
        p.add_run("\t").underline = True
        _run(p, f"\t{block.name}")

    def acquaint(self, block: Acquaint) -> None:
        if not block.names:
            return
        title = self.paragraph()
        title.paragraph_format.space_before = Mm(layout.ACQUAINT_SPACE_BEFORE_MM)
        title.paragraph_format.keep_with_next = True
        _run(title, block.title)
        share_name, share_sign, _ = layout.ACQUAINT_COLUMNS
        gap = Mm(layout.ACQUAINT_GAP_MM)
        sign_start = int(self.text_width * share_name) + gap
        sign_end = int(self.text_width * (share_name + share_sign))
        date_start = sign_end + gap
        captions = self.paragraph(CAPTION_STYLE)
        captions.paragraph_format.keep_with_next = True
        stops = captions.paragraph_format.tab_stops
        stops.add_tab_stop((sign_start + sign_end) // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop((date_start + self.text_width) // 2, WD_TAB_ALIGNMENT.CENTER)
        captions.add_run("\tподпись\tдата")
        row_gap = Mm(layout.ACQUAINT_ROW_HEIGHT_MM) - Pt(layout.leading_pt(layout.BODY_SIZE_PT))
        for name in block.names:
            p = self.paragraph()
            p.paragraph_format.space_before = row_gap
            stops = p.paragraph_format.tab_stops
            for position in (sign_start, sign_end, date_start):
                stops.add_tab_stop(position)
            stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
            _run(p, f"{name}\t")
            p.add_run("\t").underline = True
            p.add_run("\t")
            p.add_run("\t").underline = True


# An empty paragraph one point high: exact line height, no spacing, its mark 1 pt.
SHRUNK_PT = 1


def _shrink(paragraph: DocxParagraph) -> None:
    """An empty paragraph made as low as Word and LibreOffice allow (SHRUNK_PT): a table
    that ends at the foot of a page is not followed by a blank page for it."""
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(SHRUNK_PT)
    p_pr = paragraph._p.get_or_add_pPr()
    mark = p_pr.find(qn("w:rPr"))  # the paragraph mark's run properties: its size
    if mark is None:
        mark = OxmlElement("w:rPr")
        follower = next(
            (child for child in p_pr if child.tag in (qn("w:sectPr"), qn("w:pPrChange"))), None
        )
        if follower is None:
            p_pr.append(mark)
        else:
            follower.addprevious(mark)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(SHRUNK_PT * 2))  # half-points
        mark.append(size)


def _fill_cell(cell: _Cell, lines: Sequence[str], align: WD_ALIGN_PARAGRAPH) -> None:
    """Each line of a cell (a group's mentee) as its own paragraph in the table style."""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        # By id: python-docx's style setter looks the name up in all styles each time.
        paragraph._p.style = TABLE_STYLE_ID
        paragraph.alignment = align
        _run(paragraph, line)


def _section_row(cells: Sequence[_Cell], lines: Sequence[str]) -> None:
    """A roadmap's section: the row's cells merged into one, its title bold and centred,
    kept on the page of the row after it."""
    merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
    for index, line in enumerate(lines):
        paragraph = merged.paragraphs[0] if index == 0 else merged.add_paragraph()
        paragraph._p.style = TABLE_STYLE_ID
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        _run(paragraph, line).bold = True


def _grid(table: DocxTable, widths: list[int]) -> None:
    """Fixed column widths and the PDF's cell padding, which Word and LibreOffice read."""
    table.autofit = False  # w:tblLayout fixed
    margins = OxmlElement("w:tblCellMar")
    for side, size in (
        ("top", layout.TABLE_PADDING_V_MM),
        ("left", layout.TABLE_PADDING_MM),
        ("bottom", layout.TABLE_PADDING_V_MM),
        ("right", layout.TABLE_PADDING_MM),
    ):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(Mm(size).twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))  # the schema wants tblCellMar before tblLook
    if look is None:
        tbl_pr.append(margins)
    else:
        look.addprevious(margins)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width


def _keep_row_whole(tr: CT_Row) -> None:
    """A pair's row moves to the next page whole rather than split over the break."""
    element = OxmlElement("w:cantSplit")
    tr.get_or_add_trPr().append(element)


def _repeat_header(tr: CT_Row) -> None:
    """Mark the row as a header row, repeated at the top of every page (w:tblHeader)."""
    tr_pr = tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        tr_pr.append(element)
