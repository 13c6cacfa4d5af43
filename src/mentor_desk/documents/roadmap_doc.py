"""The school's roadmap as a printed document, and the order approving it.

Pure data in, a Document out (приказ Завитинского МО от 15.11.2022 № 246, прил. 2, and
дорожная карта школы «КвантУм» 2024-2026 give the layouts):

- `roadmap_document`: the approval stamp «УТВЕРЖДАЮ» with the director at the top right
  (or, when an order approved the roadmap, the appendix mark «Приложение к приказу от …
  № …»), the title centred, and the table: the template's columns in its order, a «№ п/п»
  column unless the activities carry their own numbers (the Volgograd Положение and the
  Kalininsky stages write «1.», «2)»), «Отметка о выполнении» only on request. Sections
  (stages) are rows of their own above their activities, as the «КвантУм» roadmap prints
  them: one bold cell across the table.
  More than three columns of text turn the page to landscape; the header row repeats on
  every page.
- `roadmap_order`: «Об утверждении дорожной карты (плана мероприятий) …», laid out as
  the order fixing pairs (orders.py: the same header, preamble, control item, signature
  and appendix mark), with the roadmap as its appendix: on landscape pages after the
  portrait order when the roadmap is wide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from mentor_desk.documents import layout
from mentor_desk.documents.blocks import (
    Align,
    Block,
    Cell,
    Document,
    Lines,
    PageBreak,
    Spacer,
    Table,
    cell_lines,
)
from mentor_desk.documents.orders import (
    BLANK_DATE,
    BLANK_NUMBER,
    CONTROL_ITEM,
    DEFAULT_PREAMBLE,
    acquainted_names,
    appendix_lines,
    name_lines,
    order_body,
    order_header,
    order_title,
)
from mentor_desk.documents.typography import tie
from mentor_desk.domain.dates import date_in_words, format_date
from mentor_desk.domain.roadmap import COLUMNS, ShownStatus, Template
from mentor_desk.domain.text import DASH_CLASS

__all__ = [
    "DEFAULT_TITLE",
    "NUMBER_HEADER",
    "PRINTED_COLUMNS",
    "PRINT_LABELS",
    "STATUS_HEADER",
    "ItemLike",
    "RoadmapDoc",
    "RoadmapDocRow",
    "RoadmapOrder",
    "acquainted_from_items",
    "appendix_mark",
    "has_own_numbers",
    "roadmap_document",
    "roadmap_order",
    "roadmap_order_title",
    "rows_from_items",
    "rows_from_template",
    "status_lines",
    "table_columns",
    "title_lines",
]

DEFAULT_TITLE = "Дорожная карта (план мероприятий) по реализации программы наставничества"
ORDER_TITLE = (
    "Об утверждении дорожной карты (плана мероприятий) по реализации программы наставничества"
)

# The columns a roadmap prints, in COLUMNS' order less the section (sections are rows).
PRINTED_COLUMNS = tuple(column for column in COLUMNS if column != "section")
# Headers as the sources write them: «Мероприятие | Сроки | Ответственные» (приказ Завитинского
# МО от 15.11.2022 № 246, прил. 2), «Ожидаемый результат (вид документа) | Показатели
# эффективности» (дорожная карта школы «КвантУм» 2024-2026).
PRINT_LABELS = {
    "activity": "Мероприятие",
    "deadline": "Сроки",
    "responsible": "Ответственные",
    "expected_result": "Ожидаемый результат (вид документа)",
    "indicator": "Показатели эффективности",
}
NUMBER_HEADER = "№ п/п"
STATUS_HEADER = "Отметка о выполнении"

# Column widths: a share of the text width each (the activity gets the most room, a
# deadline or a done mark the least), then every column widened to its longest word where
# the page allows (see _widths), so «эффективности» is not split over two lines.
_SHARES = {
    "number": 12.0,
    "activity": 72.0,
    "deadline": 30.0,
    "responsible": 42.0,
    "expected_result": 50.0,
    "indicator": 50.0,
    "status": 28.0,
}
_ALIGNS: dict[str, Align] = {"number": "center", "deadline": "center", "status": "center"}
LANDSCAPE_OVER_COLUMNS = 3  # columns of text, the number column not counted
# Liberation Serif's average advance, in em (Times' metrics): lower case and digits about
# half an em, capitals two thirds; bold a little wider. Enough to size columns by.
_EM_LOWER, _EM_UPPER, _BOLD = 0.5, 0.7, 1.08
_WORD_MAX_MM = 42.0  # a column is never widened beyond this for one long word
_CELL_SLACK_MM = 1.5  # besides the padding: rounding, a comma after the word
_FLOORS_AT_MOST = 0.9  # of the text width: the rest goes by the shares
_CEILINGS_MM = {"deadline": 40.0, "status": 34.0}  # short texts need no more
_SHORT_TEXTS = frozenset({"number", "deadline", "status"})
_SHORT_FLOOR_MM = 25.0  # a date such as «01.09.2024г» and its padding, kept whole

APPROVE = "УТВЕРЖДАЮ"
SIGN_LINE = "____________"
BLANK_DAY = "«___» ____________"

# «1. Подготовить …», «2) Приказ(ы) …», «IV. Обучение»: the source numbers its activities.
_OWN_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]|[IVXLC]{1,6}\.)\s")
_PERIOD = re.compile(rf"(\d{{4}})\s*{DASH_CLASS}\s*(\d{{4}})")
_YEAR = re.compile(r"\b(\d{4})\b")
_SPACES = re.compile(r"[ \t\n\r]+")  # where a line may break; not the ties' U+00A0


@dataclass(frozen=True)
class RoadmapDocRow:
    """One activity as printed; texts as the curator keeps them.

    number: «1», «2», … or "" (the activities carry their own numbers); responsible:
    everyone in one text («Кравченко Е.В., классные руководители»); status: the shown
    status' label («выполнено», «просрочено»), printed only with `with_status`;
    due: the due date, exported to .xlsx as a date (the print keeps `deadline` as written).
    """

    section: str
    number: str
    activity: str
    deadline: str = ""
    responsible: str = ""
    expected_result: str = ""
    indicator: str = ""
    status: str = ""
    done_on: date | None = None
    due: date | None = None


@dataclass(frozen=True)
class RoadmapDoc:
    """What the printed roadmap says.

    period_text: «2025-2027 годы»; director_name: «И.О. Фамилия»; approved_by_order:
    (number, date) of the order whose appendix this is, or None for a roadmap the director
    approves by signing it («УТВЕРЖДАЮ»); columns: the template's columns (see
    domain.roadmap.COLUMNS; "section" makes no column, sections are rows);
    org_short_name: «МБОУ «СОШ № 1»», after the director's position in the stamp;
    approved_on: the stamp's date, left blank to fill in by hand when None.
    """

    org_full_name: str
    title: str
    period_text: str
    director_position: str
    director_name: str
    approved_by_order: tuple[str, date | None] | None
    columns: tuple[str, ...]
    rows: list[RoadmapDocRow]
    with_status: bool = False
    org_short_name: str = ""
    approved_on: date | None = None


@dataclass(frozen=True)
class RoadmapOrder:
    """What the order approving the roadmap says.

    curator: «Фамилия И.О.»; director_name: «И.О. Фамилия»; number and order_date may be
    left empty on a draft (blanks are printed); acquainted: the names under «С приказом
    ознакомлены:» — the curator and the staff responsible for activities, not the
    director (see acquainted_from_items). roadmap_id: the register's roadmap this order
    approves, kept in the journal so that printing the roadmap later shows the order's
    appendix mark. The roadmap is printed as the appendix, marked with this
    order's date and number whatever its own approved_by_order says, and without the
    marks of what is done (with_status is ignored).
    """

    org_full_name: str
    place: str
    number: str
    order_date: date | None
    title: str
    curator: str
    director_position: str
    director_name: str
    roadmap: RoadmapDoc
    acquainted: list[str]
    draft: bool = False
    curator_position: str = ""
    preamble: str = DEFAULT_PREAMBLE
    extra_items: list[str] = field(default_factory=list)  # before the control item
    roadmap_id: int | None = None  # the roadmap approved (services.documents.roadmap_approval)


# --- the roadmap -----------------------------------------------------------------------


def table_columns(doc: RoadmapDoc) -> list[str]:
    """The printed columns by key: "number", the template's text columns, "status"."""
    wanted = set(doc.columns) | {"activity"}
    columns = [column for column in PRINTED_COLUMNS if column in wanted]
    columns.sort(key=lambda c: doc.columns.index(c) if c in doc.columns else -1)
    if any(row.number for row in doc.rows):
        columns.insert(0, "number")
    if doc.with_status:
        columns.append("status")
    return columns


def _is_wide(columns: Sequence[str]) -> bool:
    return sum(column != "number" for column in columns) > LANDSCAPE_OVER_COLUMNS


def _header(column: str) -> str:
    if column == "number":
        return NUMBER_HEADER.replace(" ", "\n")  # may wrap: the ties would keep it whole
    if column == "status":
        return STATUS_HEADER
    return PRINT_LABELS[column]


def status_lines(row: RoadmapDocRow) -> list[str]:
    """«Отметка о выполнении»: the status, and the date done under «выполнено»."""
    lines = [row.status] if row.status else []
    if row.done_on is not None:
        lines.append(format_date(row.done_on))
    return lines or [""]


def _cell(row: RoadmapDocRow, column: str) -> Cell:
    if column == "number":
        return row.number
    if column == "status":
        return status_lines(row)
    text: str = getattr(row, column)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines if len(lines) > 1 else (lines[0] if lines else "")


def _table_rows(doc: RoadmapDoc, columns: Sequence[str]) -> tuple[list[list[Cell]], set[int]]:
    """The activities, each section's title in a row of its own before its first one,
    and the indexes of those rows (they span the columns: the title is the first cell)."""
    rows: list[list[Cell]] = []
    spans: set[int] = set()
    section: str | None = None
    for row in doc.rows:
        if row.section != section:
            section = row.section
            if section.strip():
                spans.add(len(rows))
                rows.append([" ".join(section.split()), *[""] * (len(columns) - 1)])
        rows.append([_cell(row, column) for column in columns])
    return rows, spans


def _word_mm(word: str, bold: bool) -> float:
    ems = sum(_EM_UPPER if ch.isupper() else _EM_LOWER for ch in word)
    return ems * layout.TABLE_SIZE_PT * (_BOLD if bold else 1.0) * 25.4 / 72


def _longest_word_mm(texts: Iterable[str], bold: bool) -> float:
    """The widest unbreakable run, after the renderer's ties («Николаева О.А.» is one)."""
    return max(
        (_word_mm(word, bold) for text in texts for word in _SPACES.split(tie(text)) if word),
        default=0.0,
    )


def _widths(
    columns: Sequence[str], header: Sequence[str], rows: Sequence[Sequence[Cell]], total: float
) -> list[float]:
    """Column widths in mm that add up to `total`.

    Each column gets its share of _SHARES, kept between a floor — its longest word,
    a cell's word counted up to _WORD_MAX_MM — and its ceiling (_CEILINGS_MM; the
    number column is as wide as its floor); the rest of the room goes to the others in
    proportion to their shares. When the floors would take more than _FLOORS_AT_MOST of
    the width (many columns on a portrait page), the cells' words are cut to one limit
    first — in the short columns not below _SHORT_FLOOR_MM, so a date stays whole — and
    the activity keeps room to be read while a long word in a cell is split; a header's
    words are kept whole as long as they fit at all.
    """
    padding = 2 * layout.TABLE_PADDING_MM + _CELL_SLACK_MM
    heads, cells = [], []
    for index, title in enumerate(header):
        lines = [line for row in rows for line in cell_lines(row[index])]
        heads.append(_longest_word_mm([title], bold=True) + padding)
        cells.append(min(_longest_word_mm(lines, bold=False), _WORD_MAX_MM) + padding)
    prose = [column not in _SHORT_TEXTS for column in columns]  # theirs may be cut short
    limit = max(cells)
    floors = [max(h, c) for h, c in zip(heads, cells, strict=True)]
    while sum(floors) > total * _FLOORS_AT_MOST and limit > padding:
        limit -= 0.5
        floors = [
            max(h, min(c, limit if cut else max(limit, _SHORT_FLOOR_MM)))
            for h, c, cut in zip(heads, cells, prose, strict=True)
        ]
    if sum(floors) >= total:
        return [total * f / sum(floors) for f in floors]
    ceilings = [
        floor if column == "number" else max(floor, _CEILINGS_MM.get(column, total))
        for column, floor in zip(columns, floors, strict=True)
    ]
    shares = [_SHARES[column] for column in columns]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(columns)) if i not in fixed]
        if not free:  # all at their ceilings: widen them alike
            scale = total / sum(fixed.values())
            return [fixed[i] * scale for i in range(len(columns))]
        room = total - sum(fixed.values())
        weight = sum(shares[i] for i in free)
        widths = {i: room * shares[i] / weight for i in free}
        narrow = {i: floors[i] for i in free if widths[i] < floors[i]}
        wide = {i: ceilings[i] for i in free if widths[i] > ceilings[i]}
        if not narrow and not wide:
            widths.update(fixed)
            return [widths[i] for i in range(len(columns))]
        fixed.update(narrow or wide)


def title_lines(doc: RoadmapDoc) -> list[str]:
    """The title, and «на 2025-2027 годы» under it unless the title names the years."""
    title = " ".join(doc.title.split()) or DEFAULT_TITLE
    period = " ".join(doc.period_text.split())
    if not period:
        return [title]
    found = _PERIOD.search(period)
    years = f"{found[1]}-{found[2]}" if found else period
    if years in _PERIOD.sub(lambda m: f"{m[1]}-{m[2]}", title):
        return [title]  # «Дорожная карта 2024-2026»: the title has the period
    return [title, f"на {period}"]


def appendix_mark(number: str, on: date | None) -> list[str]:
    """The spreadsheet's mark, «Приложение / к приказу / от 15.11.2026 № 45-о» (blanks on
    a draft); the printed roadmap carries the orders' one, orders.appendix_lines."""
    shown_date = format_date(on) if on else BLANK_DATE
    return ["Приложение", "к приказу", f"от {shown_date} № {number.strip() or BLANK_NUMBER}"]


def _approval(doc: RoadmapDoc) -> list[str]:
    """ГОСТ Р 7.0.97's approval stamp: the word, the position, signature, date."""
    position = [" ".join(doc.director_position.split()) or "Директор"]
    if doc.org_short_name.strip():
        position.append(" ".join(doc.org_short_name.split()))
    if doc.approved_on is not None:
        day = f"«{doc.approved_on.day:02d}» {date_in_words(doc.approved_on).split(' ', 1)[1]}"
    else:
        year = _YEAR.search(doc.period_text)
        day = f"{BLANK_DAY} {year[1] if year else '20___'} г."
    return [APPROVE, *position, f"{SIGN_LINE} {doc.director_name}".rstrip(), day]


def _roadmap_blocks(doc: RoadmapDoc, landscape: bool) -> list[Block]:
    """The stamp or the appendix mark (in the block at the right margin), the title and
    the table, for a page so oriented."""
    columns = table_columns(doc)
    if doc.approved_by_order is not None:
        top = appendix_lines(*doc.approved_by_order)
    else:
        top = _approval(doc)
    blocks: list[Block] = [
        Lines(top, right_block=True),
        Spacer(8),
        Lines(title_lines(doc), align="center", bold=True),
    ]
    if doc.approved_by_order is None and not doc.org_short_name.strip():
        blocks.append(Lines(name_lines(doc.org_full_name), align="center"))  # whose roadmap
    header = [_header(column) for column in columns]
    rows, spans = _table_rows(doc, columns)
    # the sections' titles span the table: they size no column
    measured = [row for index, row in enumerate(rows) if index not in spans]
    blocks += [
        Spacer(2),
        Table(
            header=header,
            rows=rows,
            widths=_widths(columns, header, measured, layout.text_width_mm(landscape)),
            aligns=[_ALIGNS.get(column, "left") for column in columns],
            repeat_header=True,
            spans=frozenset(spans),
        ),
    ]
    return blocks


def roadmap_document(doc: RoadmapDoc) -> Document:
    """The roadmap on its own: landscape when it has more than three columns of text."""
    landscape = _is_wide(table_columns(doc))
    return Document(
        blocks=_roadmap_blocks(doc, landscape),
        title=" ".join(title_lines(doc)),
        landscape=landscape,
        author=" ".join(doc.org_full_name.split()),
    )


# --- the order approving it ------------------------------------------------------------


def roadmap_order_title(period_text: str) -> str:
    """«Об утверждении дорожной карты (плана мероприятий) … на 2025-2027 годы»."""
    period = " ".join(period_text.split())
    return f"{ORDER_TITLE} на {period}" if period else ORDER_TITLE


def _order_items(data: RoadmapOrder) -> list[str]:
    period = " ".join(data.roadmap.period_text.split())
    on_period = f" на {period}" if period else ""
    curator = ", ".join(part for part in (data.curator.strip(), data.curator_position) if part)
    items = [
        "Утвердить дорожную карту (план мероприятий) по реализации программы наставничества"
        f"{on_period} (приложение).",
    ]
    if "responsible" in data.roadmap.columns and any(r.responsible for r in data.roadmap.rows):
        items.append(
            "Назначить ответственными за выполнение мероприятий дорожной карты работников, "
            "указанных в графе «Ответственные» приложения к настоящему приказу."
        )
    who = f" ({curator})" if curator else ""
    items.append(
        f"Куратору реализации программ наставничества{who} обеспечить выполнение "
        "мероприятий дорожной карты в установленные сроки, учёт их выполнения и "
        "размещение информации о ходе реализации дорожной карты на официальном сайте "
        "образовательной организации."
    )
    return [*items, *data.extra_items, CONTROL_ITEM]


def roadmap_order(order: RoadmapOrder) -> Document:
    """The order approving the roadmap, and the roadmap as its appendix: on landscape
    pages after the portrait order when it has more than three columns of text."""
    title = " ".join(order.title.split()) or roadmap_order_title(order.roadmap.period_text)
    # The plan as approved: the marks of what is done belong to reports, not to the order.
    appendix = replace(
        order.roadmap, approved_by_order=(order.number, order.order_date), with_status=False
    )
    wide = _is_wide(table_columns(appendix))
    blocks: list[Block] = [
        *order_header(
            order.org_full_name,
            order.number,
            order.order_date,
            order.place,
            title,
            draft=order.draft,
        ),
        *order_body(
            order.preamble,
            _order_items(order),
            order.director_position,
            order.director_name,
            order.acquainted,
        ),
        PageBreak(landscape=wide),
        *_roadmap_blocks(appendix, landscape=wide),
    ]
    return Document(
        blocks=blocks,
        title=order_title(order.number, order.order_date, title),
        author=" ".join(order.org_full_name.split()),
    )


# --- rows from a template or from the checklist ----------------------------------------


class ItemLike(Protocol):
    """What rows_from_items reads of a checklist line (domain.roadmap.ItemRow)."""

    @property
    def section(self) -> str: ...
    @property
    def activity(self) -> str: ...
    @property
    def deadline_text(self) -> str: ...
    @property
    def due(self) -> date | None: ...
    @property
    def responsible(self) -> list[tuple[int, str]]: ...
    @property
    def expected_result(self) -> str: ...
    @property
    def indicator(self) -> str: ...
    @property
    def shown(self) -> ShownStatus: ...
    @property
    def done_on(self) -> date | None: ...
    @property
    def who(self) -> str: ...


def has_own_numbers(activities: Iterable[str]) -> bool:
    """Whether the source numbers its activities itself («1. …», «2) …», «IV. …»)."""
    return any(_OWN_NUMBER.match(text) for text in activities)


def _numbers(activities: Sequence[str]) -> list[str]:
    if has_own_numbers(activities):
        return [""] * len(activities)
    return [str(n) for n in range(1, len(activities) + 1)]


def rows_from_template(template: Template) -> list[RoadmapDocRow]:
    """A template's activities as printed rows (a blank roadmap made from it)."""
    numbers = _numbers([item.activity for item in template.items])
    return [
        RoadmapDocRow(
            section=item.section,
            number=number,
            activity=item.activity,
            deadline=item.deadline,
            responsible=item.responsible,
            expected_result=item.expected_result,
            indicator=item.indicator,
        )
        for item, number in zip(template.items, numbers, strict=True)
    ]


def rows_from_items(items: Sequence[ItemLike]) -> list[RoadmapDocRow]:
    """The checklist's items in their order as printed rows.

    The deadline is printed as written; a due date set by hand with no text is printed
    as the date. The status is the shown one («просрочено» included).
    """
    numbers = _numbers([item.activity for item in items])
    rows = []
    for item, number in zip(items, numbers, strict=True):
        deadline = item.deadline_text or (format_date(item.due) if item.due else "")
        rows.append(
            RoadmapDocRow(
                section=item.section,
                number=number,
                activity=item.activity,
                deadline=deadline,
                responsible=item.who,
                expected_result=item.expected_result,
                indicator=item.indicator,
                status=item.shown.label,
                done_on=item.done_on,
                due=item.due,
            )
        )
    return rows


def acquainted_from_items(curator: str, items: Iterable[ItemLike], director: str = "") -> list[str]:
    """The curator and every person of the register responsible for an activity, once
    each, in the roadmap's order (outsiders written as text sign nothing); not the
    director, who signs the order."""
    names = [curator, *(name for item in items for _, name in item.responsible)]
    return acquainted_names(names, director)
