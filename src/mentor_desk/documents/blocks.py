"""A small document model: blocks of plain text that the PDF and DOCX renderers lay out.

Text here is plain, as typed: no markup. The renderers escape it themselves, so a name
like «А&Б <img src=x>» prints as typed whichever renderer gets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeAlias

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

Align: TypeAlias = Literal["left", "center", "right", "justify"]
Cell: TypeAlias = str | list[str]  # a cell may hold several lines: a group's mentees


@dataclass(frozen=True)
class Lines:
    """Short lines, each on its own line: the organisation's name, the place, a title.

    right_block: the lines form a block of layout.RIGHT_BLOCK_WIDTH_MM, flush with the
    right margin and left-aligned in it, as the appendix mark («Приложение к приказу …»)
    and the approval stamp («УТВЕРЖДАЮ») stand, on portrait and landscape pages alike.
    """

    lines: list[str]
    align: Align = "center"
    bold: bool = False
    right_block: bool = False


@dataclass(frozen=True)
class Heading:
    """The document's kind, «ПРИКАЗ», or a section's title: bold, centred, kept on the page
    of what follows; spaced out as «П Р И К А З»."""

    text: str
    spaced: bool = False

    @property
    def shown(self) -> str:
        return " ".join(self.text.replace(" ", "")) if self.spaced else self.text


@dataclass(frozen=True)
class DateNumber:
    """The date at the left and «№ 45-о» at the right, on one line."""

    date_text: str
    number_text: str


@dataclass(frozen=True)
class Paragraph:
    """Body text: justified with the first-line indent unless told otherwise.

    keep_with_next: never the last thing on a page, apart from the block after it (a
    questionnaire's question and the boxes to answer it in).
    """

    text: str
    indent: bool = True
    align: Align = "justify"
    keep_with_next: bool = False


@dataclass(frozen=True)
class Command:
    """The order's command on its own line with no indent."""

    text: str = "п р и к а з ы в а ю:"


@dataclass(frozen=True)
class Numbered:
    """Numbered items «1. …», «2. …», each a justified paragraph with the indent."""

    items: list[str]
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A ruled table; the header row repeats on every page the table runs over.

    widths are relative (they are scaled to the text width); aligns, one per column,
    default to "left" (the header row is always centred). spans: indexes of rows (in
    `rows`, the header not counted) printed as one bold cell across all the columns,
    a roadmap's section: the text is the row's first cell, the others stay empty.
    """

    header: list[str]
    rows: list[list[Cell]]
    widths: list[float]
    repeat_header: bool = True
    aligns: list[Align] | None = None
    spans: frozenset[int] = frozenset()

    @property
    def column_aligns(self) -> list[Align]:
        return list(self.aligns) if self.aligns else ["left"] * len(self.header)

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.header):
            raise ValueError("a width is needed for every column")
        if self.aligns is not None and len(self.aligns) != len(self.header):
            raise ValueError("an alignment is needed for every column")
        if any(w <= 0 for w in self.widths):
            raise ValueError("column widths must be positive")
        for index, row in enumerate(self.rows):
            if len(row) != len(self.header):
                raise ValueError(f"row {index} has {len(row)} cells, not {len(self.header)}")
        for index in self.spans:
            if not 0 <= index < len(self.rows):
                raise ValueError(f"row {index} to span is not in the table")
            if any(any(line.strip() for line in cell_lines(c)) for c in self.rows[index][1:]):
                raise ValueError(f"row {index} spans the columns: its text is the first cell")


@dataclass(frozen=True)
class Signature:
    """«Директор ________ И.О. Фамилия»: position at the left, the name at the right."""

    position: str
    name: str


@dataclass(frozen=True)
class Acquaint:
    """«С приказом ознакомлены:» and a line to sign and date for each name."""

    names: list[str]
    title: str = "С приказом ознакомлены:"


@dataclass(frozen=True)
class Spacer:
    mm: float


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a new page; landscape=True or False turns the pages from
    there on (a wide appendix to a portrait order), None keeps them as they are."""

    landscape: bool | None = None


@dataclass(frozen=True)
class Chart:
    """A chart (a reportlab Drawing, documents.charts), centred, width_mm wide (at most
    the text width; its height scales with it), with its caption centred under it
    («Рисунок 1 – …»), kept on the chart's page. The PDF draws it as vector graphics,
    the DOCX carries it as a picture (PNG, layout.CHART_DPI)."""

    drawing: Drawing
    width_mm: float
    caption: str = ""

    def __post_init__(self) -> None:
        if not self.width_mm > 0:
            raise ValueError("a chart needs a positive width")
        if not (self.drawing.width > 0 and self.drawing.height > 0):
            raise ValueError("the chart's drawing has no size")


Block: TypeAlias = (
    Lines
    | Heading
    | DateNumber
    | Paragraph
    | Command
    | Numbered
    | Table
    | Signature
    | Acquaint
    | Spacer
    | PageBreak
    | Chart
)


@dataclass(frozen=True)
class Document:
    """A printable document: its blocks in order, and its title for the file's metadata.

    landscape: the orientation of the first page; a PageBreak may turn the later ones.
    """

    blocks: list[Block]
    title: str
    landscape: bool = False
    author: str = field(default="")
    page_numbers: bool = True  # a batch of one-page forms numbers nothing


def cell_lines(cell: Cell) -> list[str]:
    """The lines of a table cell."""
    return [cell] if isinstance(cell, str) else list(cell)
