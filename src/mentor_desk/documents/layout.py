"""Every layout constant of printed documents, in one place, after ГОСТ Р 7.0.97-2025.

ГОСТ Р 7.0.97-2025 «Система стандартов по информации, библиотечному и издательскому
делу. Организационно-распорядительная документация. Требования к оформлению документов»
(in force since 18.08.2025, replacing the 2016 edition). When the next edition changes
a margin, a size or a spacing, change it here: the PDF and the DOCX renderers and every
document builder read these names and nothing else.

Lengths are in millimetres, font sizes in points.
"""

from __future__ import annotations

from typing import Final

STANDARD: Final = "ГОСТ Р 7.0.97-2025"

# Paper: A4, portrait unless a document asks for landscape.
PAGE_WIDTH_MM: Final = 210.0
PAGE_HEIGHT_MM: Final = 297.0

# Margins. The 30 mm left margin is the standard's one for documents kept permanently
# or long (orders on the main activity are), so the sheet can be bound into a file.
MARGIN_LEFT_MM: Final = 30.0
MARGIN_RIGHT_MM: Final = 10.0
MARGIN_TOP_MM: Final = 20.0
MARGIN_BOTTOM_MM: Final = 20.0

# Type: a Times-like serif, 12-14 pt allowed for text; 14 for the body, 12 for tables.
FONT_FAMILY: Final = "Liberation Serif"  # metric-compatible with Times New Roman
FONT_FILES: Final = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
BODY_SIZE_PT: Final = 14.0
TABLE_SIZE_PT: Final = 12.0
PAGE_NUMBER_SIZE_PT: Final = 12.0
CAPTION_SIZE_PT: Final = 10.0  # «(подпись)», «(дата)» under signature lines

# Line spacing, as a multiple of the font size. 1.15 em is the natural line height of
# Times New Roman / Liberation Serif (ascent + descent + gap), i.e. what Word and
# LibreOffice call "single" spacing: the PDF and the DOCX break pages alike.
LINE_SPACING: Final = 1.15
DOCX_LINE_SPACING: Final = 1.0  # "single" in Word's terms, the same 1.15 em as above

# Paragraphs: justified, with a 1.25 cm first-line indent.
FIRST_LINE_INDENT_MM: Final = 12.5

# Page numbers: from the second page on, centred in the top margin.
PAGE_NUMBER_FIRST_PAGE: Final = 2
PAGE_NUMBER_BASELINE_FROM_TOP_MM: Final = 12.0  # in the 20 mm top margin
DOCX_HEADER_DISTANCE_MM: Final = 8.0  # Word's header position (top of the header text)

# Vertical spacing around blocks (before, after).
HEADING_SPACE_MM: Final = (8.0, 6.0)  # «ПРИКАЗ»
COMMAND_SPACE_MM: Final = (2.0, 2.0)  # «п р и к а з ы в а ю:»
TABLE_SPACE_MM: Final = (3.0, 3.0)
CHART_SPACE_MM: Final = (3.0, 4.0)  # above a chart, below its caption
CHART_DPI: Final = 200  # a chart's picture in the DOCX
SIGNATURE_SPACE_BEFORE_MM: Final = 14.0
ACQUAINT_SPACE_BEFORE_MM: Final = 12.0
ACQUAINT_ROW_HEIGHT_MM: Final = 9.0  # room to sign on each line

# Tables: thin ruling, a little padding, text at the top of the cell.
TABLE_RULE_PT: Final = 0.5
TABLE_PADDING_MM: Final = 1.0  # left and right
TABLE_PADDING_V_MM: Final = 0.6  # top and bottom
# A row moves to the next page whole, in the PDF and the DOCX alike; only a taller one
# (a big group: a cell of more lines than this) splits over the page break, between two
# of its lines, with the rule closing the page. The PDF also splits a row that could not
# fit on an empty page below the header (a very long text), where Word does the same.
KEEP_ROW_WHOLE_MAX_LINES: Final = 20

# A block of lines flush with the right margin, left-aligned inside it: the appendix
# mark («Приложение к приказу …») and the approval stamp («УТВЕРЖДАЮ»). Its width is
# the same on portrait and landscape pages (on a portrait one it starts 90 mm from the
# left margin, the right half of the text).
RIGHT_BLOCK_WIDTH_MM: Final = 80.0

# Signature line: position on the left, a line to sign on, «И.О. Фамилия» at the right.
SIGNATURE_COLUMNS: Final = (0.45, 0.30, 0.25)  # shares of the text width
ACQUAINT_COLUMNS: Final = (0.44, 0.28, 0.28)  # name, signature line, date line
ACQUAINT_GAP_MM: Final = 5.0  # white space before a signature or date line


def text_width_mm(landscape: bool = False) -> float:
    """The width between the left and right margins."""
    width = PAGE_HEIGHT_MM if landscape else PAGE_WIDTH_MM
    return width - MARGIN_LEFT_MM - MARGIN_RIGHT_MM


def right_block_indent_mm(landscape: bool = False) -> float:
    """Where a right block starts, from the left margin: it ends at the right margin."""
    return text_width_mm(landscape) - RIGHT_BLOCK_WIDTH_MM


def leading_pt(size_pt: float) -> float:
    """The distance between baselines for text of this size."""
    return round(size_pt * LINE_SPACING, 2)
