"""A Document to PDF with reportlab: Liberation Serif embedded, layout from layout.py.

Every text of a block is escaped here, before it becomes Paragraph markup: a name
such as «А&Б <img src=x>» prints as typed and never makes reportlab fetch anything.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Spacer as RLSpacer
from reportlab.platypus import Table as RLTable

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
from mentor_desk.documents.files import font_path, write_atomically
from mentor_desk.documents.typography import NBHY, tie

__all__ = ["FONT_NAMES", "pdf_bytes", "register_fonts", "write_pdf"]

# reportlab's names of the four faces; FONT_NAMES["regular"] is also the family's name.
FONT_NAMES = {
    "regular": "LiberationSerif",
    "bold": "LiberationSerif-Bold",
    "italic": "LiberationSerif-Italic",
    "bold_italic": "LiberationSerif-BoldItalic",
}
CREATOR = "Mentor Desk"

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_fonts_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the four shipped faces as one family, once per process.

    TrueType fonts registered this way are embedded (as subsets) in every PDF that uses
    them, so the document prints the same where the font is not installed.
    """
    global _fonts_registered
    with _fonts_lock:
        if _fonts_registered:
            return
        for face, name in FONT_NAMES.items():
            pdfmetrics.registerFont(TTFont(name, str(font_path(layout.FONT_FILES[face]))))
        pdfmetrics.registerFontFamily(
            FONT_NAMES["regular"],
            normal=FONT_NAMES["regular"],
            bold=FONT_NAMES["bold"],
            italic=FONT_NAMES["italic"],
            boldItalic=FONT_NAMES["bold_italic"],
        )
        _fonts_registered = True


def pdf_bytes(document: Document) -> bytes:
    """The document as a PDF file's content.

    Two page templates, portrait and landscape, each with its frame and its page number
    centred over its own text width; a PageBreak that turns the pages switches to the
    other one (NextPageTemplate) for the page it starts.
    """
    register_fonts()
    buffer = io.BytesIO()
    first = _LANDSCAPE if document.landscape else _PORTRAIT
    templates = [_page_template(name, document.page_numbers) for name in (_PORTRAIT, _LANDSCAPE)]
    templates.sort(key=lambda t: t.id != first)  # the first page takes the first template
    template = BaseDocTemplate(
        buffer,
        pagesize=_page_size(document.landscape),
        leftMargin=layout.MARGIN_LEFT_MM * mm,
        rightMargin=layout.MARGIN_RIGHT_MM * mm,
        topMargin=layout.MARGIN_TOP_MM * mm,
        bottomMargin=layout.MARGIN_BOTTOM_MM * mm,
        pageTemplates=templates,
        title=document.title,
        author=document.author,
        creator=CREATOR,
        producer=CREATOR,
        lang="ru-RU",
        displayDocTitle=1,
        initialFontName=FONT_NAMES["regular"],  # else Helvetica (not embedded) is declared
        initialFontSize=layout.BODY_SIZE_PT,
    )
    template.build(_flowables(document.blocks, document.landscape))
    return buffer.getvalue()


def write_pdf(document: Document, path: Path | str) -> None:
    """Write the PDF to `path`, whole or not at all (DocumentWriteError says why)."""
    write_atomically(Path(path), pdf_bytes(document))


# --- page furniture ------------------------------------------------------------------


_PORTRAIT, _LANDSCAPE = "portrait", "landscape"


def _page_size(landscape_page: bool) -> tuple[float, float]:
    width, height = landscape(A4) if landscape_page else A4
    return float(width), float(height)


def _text_width(landscape_page: bool) -> float:
    return float(layout.text_width_mm(landscape_page) * mm)


def _page_template(name: str, numbered: bool) -> PageTemplate:
    """A page of one orientation: the text frame within the margins, the page number."""
    width, height = _page_size(name == _LANDSCAPE)
    left, bottom = layout.MARGIN_LEFT_MM * mm, layout.MARGIN_BOTTOM_MM * mm
    text_width = _text_width(name == _LANDSCAPE)
    text_height = height - bottom - layout.MARGIN_TOP_MM * mm
    # No padding in the frame (SimpleDocTemplate's has 6 pt): text starts at the margin.
    frame = Frame(
        left, bottom, text_width, text_height, id=f"text-{name}",
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip
    on_page = _page_number(left + text_width / 2, height) if numbered else _no_number
    return PageTemplate(name, [frame], onPage=on_page, pagesize=(width, height))


def _no_number(canvas: Any, doc: Any) -> None:
    """Pages that carry no number (a batch of one-page forms)."""


def _page_number(x: float, height: float) -> Callable[[Any, Any], None]:
    """Draws the page number, centred over the text in the top margin, from page 2 on."""
    y = height - layout.PAGE_NUMBER_BASELINE_FROM_TOP_MM * mm

    def draw(canvas: Any, _doc: Any) -> None:
        number = int(canvas.getPageNumber())
        if number < layout.PAGE_NUMBER_FIRST_PAGE:
            return
        canvas.saveState()
        canvas.setFont(FONT_NAMES["regular"], layout.PAGE_NUMBER_SIZE_PT)
        canvas.drawCentredString(x, y, str(number))
        canvas.restoreState()

    return draw


# --- styles --------------------------------------------------------------------------


@cache
def _style(
    align: Align = "left",
    bold: bool = False,
    size: float = layout.BODY_SIZE_PT,
    indent: bool = False,
    left_mm: float = 0.0,
    space_before_mm: float = 0.0,
    space_after_mm: float = 0.0,
    keep_with_next: bool = False,
) -> ParagraphStyle:
    name = f"md-{align}-{bold}-{size}-{indent}-{left_mm}-{space_before_mm}-{space_after_mm}"
    return ParagraphStyle(
        name,
        fontName=FONT_NAMES["bold" if bold else "regular"],
        fontSize=size,
        leading=layout.leading_pt(size),
        alignment=_ALIGN[align],
        firstLineIndent=layout.FIRST_LINE_INDENT_MM * mm if indent else 0,
        leftIndent=left_mm * mm,
        spaceBefore=space_before_mm * mm,
        spaceAfter=space_after_mm * mm,
        keepWithNext=int(keep_with_next),
        allowWidows=0,
        allowOrphans=0,
        # A word too wide for its column («педагог-организатор» in the end order's mentor
        # column) breaks after its hyphen, as Word and LibreOffice break it; only a word
        # that still does not fit is split elsewhere. reportlab breaks at a hyphen only in
        # a word of letters: «№ 45-о», «№ АЗ-1128/08» (tied to the «№») stay whole.
        embeddedHyphenation=1,
        splitLongWords=1,
    )


def _tied(text: str) -> str:
    """tie()'s text for reportlab: the font has no non-breaking hyphen, print a hyphen."""
    return tie(text).replace(NBHY, "-")


def _para(text: str, style: ParagraphStyle) -> RLParagraph:
    """One paragraph of plain text: escaped here, so it can never be read as markup."""
    return RLParagraph(escape(_tied(text)), style)


def _lines_para(lines: Sequence[str], style: ParagraphStyle) -> RLParagraph:
    """Several lines in one paragraph (a cell's mentees): each escaped, joined by <br/>."""
    return RLParagraph("<br/>".join(escape(_tied(line)) for line in lines), style)


def _cell(lines: Sequence[str], style: ParagraphStyle) -> RLParagraph | list[RLParagraph]:
    """A table cell: one paragraph, or one per line (a group's mentees), so that a row
    split over a page break splits between lines and starts the next page without a gap."""
    if len(lines) == 1:
        return _para(lines[0], style)
    return [_para(line, style) for line in lines]


# --- blocks to flowables -------------------------------------------------------------


def _flowables(blocks: Sequence[Block], landscape_start: bool) -> list[Any]:
    story: list[Any] = []
    landscape_page = landscape_start
    for block in blocks:
        if isinstance(block, Signature):
            # The signature never stands alone at the top of a page: it takes the last
            # paragraph along (ГОСТ: the signature follows the text on the same page).
            tail = [story.pop()] if story else []
            if tail and isinstance(tail[0], KeepTogether):
                # a KeepTogether inside another wraps as 0xffffff high: reportlab would
                # break the page before it however much room is left (two signatures)
                tail = list(tail[0]._content)
            text_width = _text_width(landscape_page)
            story.append(KeepTogether([*tail, *_signature(block, text_width)]))
        elif isinstance(block, PageBreak):
            if block.landscape is not None and block.landscape != landscape_page:
                landscape_page = block.landscape
                story.append(NextPageTemplate(_LANDSCAPE if landscape_page else _PORTRAIT))
            story.append(RLPageBreak())
        else:
            story.extend(_block(block, _text_width(landscape_page)))
    return story


def _block(block: Block, text_width: float) -> list[Any]:
    if isinstance(block, Lines):
        indent = text_width / mm - layout.RIGHT_BLOCK_WIDTH_MM if block.right_block else 0.0
        style = _style(
            "left" if block.right_block else block.align,
            bold=block.bold,
            left_mm=round(max(indent, 0.0), 3),
        )
        return [_lines_para(block.lines, style)]
    if isinstance(block, Heading):
        before, after = layout.HEADING_SPACE_MM
        style = _style(
            "center", bold=True, space_before_mm=before, space_after_mm=after, keep_with_next=True
        )  # a heading never ends a page
        return [_para(block.shown, style)]
    if isinstance(block, DateNumber):
        return [_date_number(block, text_width)]
    if isinstance(block, Paragraph):
        style = _style(block.align, indent=block.indent, keep_with_next=block.keep_with_next)
        return [_para(block.text, style)]
    if isinstance(block, Command):
        before, after = layout.COMMAND_SPACE_MM
        style = _style("left", space_before_mm=before, space_after_mm=after, keep_with_next=True)
        return [_para(block.text, style)]
    if isinstance(block, Numbered):
        style = _style("justify", indent=True)
        return [
            _para(f"{number}. {item}", style)
            for number, item in enumerate(block.items, start=block.start)
        ]
    if isinstance(block, Table):
        return [_table(block, text_width)]
    if isinstance(block, Signature):
        return _signature(block, text_width)
    if isinstance(block, Acquaint):
        return _acquaint(block, text_width)
    if isinstance(block, Spacer):
        return [RLSpacer(0, block.mm * mm)]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    if isinstance(block, Chart):
        return _chart(block, text_width)
    raise TypeError(f"unknown block: {block!r}")


_NO_PADDING = [
    # Empty cells are drawn as strings in the table's font, Helvetica unless told:
    # a font the PDF would name without embedding it.
    ("FONT", (0, 0), (-1, -1), FONT_NAMES["regular"], layout.BODY_SIZE_PT),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
]


def _date_number(block: DateNumber, text_width: float) -> RLTable:
    row = [_para(block.date_text, _style("left")), _para(block.number_text, _style("right"))]
    table = RLTable([row], colWidths=[text_width / 2] * 2, hAlign="LEFT")
    table.setStyle(TableStyle([*_NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


class _RowsTable(RLTable):  # type: ignore[misc]  # reportlab has no type hints
    """A ruled table whose rows move to the next page whole.

    reportlab's splitInRow splits whatever row meets the page bottom, and worse: tried
    again in the room that a split between rows leaves, the rest of the table prints its
    repeated header there, in the middle of the page, over a row's first lines. Here a
    row splits inside only when it is a big one (a cell of more than
    layout.KEEP_ROW_WHOLE_MAX_LINES lines: the DOCX's rule) or could not fit on an empty
    page below the header; any other row goes to the next page whole. A section's row
    (one cell spanning the columns) goes along with the row after it.

    The pieces of a split are made by reportlab as instances of this class, so they
    split alike on the next pages.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        self._calc(availWidth, availHeight)
        frame = getattr(self, "_frame", None)  # set by the frame that asks for the split
        if getattr(self, "_continues", False) and frame is not None and not frame._atTop:
            return []  # the rest of a table, its header repeated, starts a page
        heights: list[float] = self._rowHeights
        header = self.repeatRows if isinstance(self.repeatRows, int) else 0
        fitting, used = 0, 0.0
        for height in heights:
            if used + height > availHeight:
                break
            used += height
            fitting += 1
        if fitting >= len(heights):
            return [self]
        pieces: list[Any] = []
        if fitting >= header and self._splits_inside(fitting, header, frame):
            pieces = self._splitRows(availHeight, doInRowSplit=1)
        if not pieces:
            at = fitting
            while at > header and self._is_section(at - 1):
                at -= 1  # a section's title does not end a page
            if at <= header:
                return []  # not a row fits: the table moves to the next page
            room = availHeight if at == fitting else sum(heights[:at]) + 0.01
            pieces = self._splitRows(room, doInRowSplit=0)
        if len(pieces) == 2:
            pieces[1]._continues = True
        return pieces

    def _splits_inside(self, row: int, header: int, frame: Any) -> bool:
        """Whether the row may split over the page break (see the class)."""
        lines = max(len(v) if isinstance(v, (list, tuple)) else 1 for v in self._cellvalues[row])
        if lines > layout.KEEP_ROW_WHOLE_MAX_LINES:
            return True
        if frame is None:
            return False
        page_room = float(frame._aH)
        return bool(sum(self._rowHeights[:header]) + self._rowHeights[row] > page_room)

    def _is_section(self, row: int) -> bool:
        """Whether the row is a section's: one cell spanning the columns (its SPAN has
        been renumbered with the rows of every piece split off before)."""
        return any(start[1] == stop[1] == row for _, start, stop in self._spanCmds)


def _table(block: Table, text_width: float) -> RLTable:
    total = sum(block.widths)
    widths = [text_width * w / total for w in block.widths]
    header_style = _style("center", bold=True, size=layout.TABLE_SIZE_PT)
    section_style = header_style  # a section's title: bold and centred as the header
    styles = [_style(align, size=layout.TABLE_SIZE_PT) for align in block.column_aligns]
    data: list[list[Any]] = [[_para(text, header_style) for text in block.header]]
    empty = [""] * (len(block.header) - 1)
    for index, row in enumerate(block.rows):
        if index in block.spans:
            data.append([_cell(cell_lines(row[0]), section_style), *empty])
        else:
            data.append(
                [_cell(cell_lines(cell), style) for cell, style in zip(row, styles, strict=True)]
            )
    pad, pad_v = layout.TABLE_PADDING_MM * mm, layout.TABLE_PADDING_V_MM * mm
    rule = (layout.TABLE_RULE_PT, (0, 0, 0))
    leading = layout.leading_pt(layout.TABLE_SIZE_PT)
    table = _RowsTable(
        data,
        colWidths=widths,
        repeatRows=1 if block.repeat_header else 0,
        # a row split over a page break leaves two lines at least on either side
        splitInRow=int(2 * leading + 2 * pad_v),
        hAlign="LEFT",
        spaceBefore=layout.TABLE_SPACE_MM[0] * mm,
        spaceAfter=layout.TABLE_SPACE_MM[1] * mm,
    )
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, -1), FONT_NAMES["regular"], layout.TABLE_SIZE_PT),
        ("GRID", (0, 0), (-1, -1), *rule),
        # a row split over a page break is closed and reopened by a rule
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), *rule),
        ("LINEABOVE", (0, "inrowsplitend"), (-1, "inrowsplitend"), *rule),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad_v),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad_v + 1),
    ]
    commands += [("SPAN", (0, index + 1), (-1, index + 1)) for index in sorted(block.spans)]
    table.setStyle(TableStyle(commands))
    return table


class _ScaledDrawing(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A Drawing at a given width (its height in proportion), centred in the frame."""

    def __init__(self, drawing: Drawing, width: float) -> None:
        super().__init__()
        self.drawing = drawing
        self.factor = width / float(drawing.width)
        self.width = width
        self.height = float(drawing.height) * self.factor
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.factor, self.factor)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


def _chart(block: Chart, text_width: float) -> list[Any]:
    """The chart and its caption (escaped as every text is), kept on one page: the
    drawing keeps with the caption (keepWithNext, as a heading does), so a heading before
    the chart joins them (a KeepTogether would not join a heading's group)."""
    before, after = layout.CHART_SPACE_MM
    width = min(block.width_mm * mm, text_width)
    drawing = _ScaledDrawing(block.drawing, width)
    drawing.spaceBefore = before * mm
    if not block.caption.strip():
        drawing.spaceAfter = after * mm
        return [drawing]
    drawing.keepWithNext = 1
    style = _style("center", size=layout.TABLE_SIZE_PT, space_before_mm=1.5, space_after_mm=after)
    return [drawing, _para(block.caption, style)]


def _rule() -> HRFlowable:
    """A line to sign or date on. A flowable in its cell, not a table's LINEBELOW:
    reportlab repeats a LINEBELOW at the top of the next page when a table splits."""
    return HRFlowable(
        width="100%", thickness=layout.TABLE_RULE_PT, color=(0, 0, 0), spaceBefore=0,
        spaceAfter=0, vAlign="BOTTOM",
    )  # fmt: skip


def _signature(block: Signature, text_width: float) -> list[Any]:
    widths = [text_width * share for share in layout.SIGNATURE_COLUMNS]
    row = [_para(block.position, _style("left")), _rule(), _para(block.name, _style("right"))]
    table = RLTable([row], colWidths=widths, hAlign="LEFT")
    gap = layout.ACQUAINT_GAP_MM * mm
    table.setStyle(
        TableStyle(
            [
                *_NO_PADDING,
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (1, 0), (1, 0), gap),  # the line stays clear of the text
                ("RIGHTPADDING", (1, 0), (1, 0), gap),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (1, 0), (1, 0), 3),
            ]
        )
    )
    return [RLSpacer(0, layout.SIGNATURE_SPACE_BEFORE_MM * mm), table]


def _acquaint(block: Acquaint, text_width: float) -> list[Any]:
    """The title, captions over the signature and date columns, one row per name.

    The title and the first name stay together; the rest of the list may run over
    to the next page (a table of single-line rows splits between any two of them).
    """
    if not block.names:
        return []
    title = _para(block.title, _style("left", space_before_mm=layout.ACQUAINT_SPACE_BEFORE_MM))
    widths = [text_width * share for share in layout.ACQUAINT_COLUMNS]
    caption = _style("center", size=layout.CAPTION_SIZE_PT)
    captions = ["", _para("подпись", caption), _para("дата", caption)]
    name_style = _style("left")
    rows = [[_para(name, name_style), _rule(), _rule()] for name in block.names]
    first = _acquaint_table([captions, rows[0]], widths, captions=True)
    story: list[Any] = [KeepTogether([title, first])]
    if len(rows) > 1:
        story.append(_acquaint_table(rows[1:], widths, captions=False))
    return story


def _acquaint_table(rows: list[list[Any]], widths: list[float], captions: bool) -> RLTable:
    heights = [layout.ACQUAINT_ROW_HEIGHT_MM * mm] * len(rows)
    if captions:
        heights[0] = layout.leading_pt(layout.CAPTION_SIZE_PT) + 2
    table = RLTable(rows, colWidths=widths, minRowHeights=heights, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *_NO_PADDING,
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (1, 0), (-1, -1), layout.ACQUAINT_GAP_MM * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (1, 1 if captions else 0), (-1, -1), 3),
            ]
        )
    )
    return table
