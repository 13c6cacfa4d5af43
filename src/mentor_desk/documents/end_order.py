"""The order ending personalized programs: pure data in, a Document out (the layout of
приказ Завитинского МО от 15.11.2022 № 246).

«О завершении реализации персонализированных программ наставничества»: the same header,
«ПРИКАЗ», date and number, place and signature as the order fixing pairs (orders.py); a
preamble citing the school's regulation on mentoring and the cases in which a program ends
(Положение о наставничестве (Волгоград, приказ от 21.03.2022 № 25), п. 7.1); the items (end
the programs listed in the appendix; the curator records it in the register; control); and
the ended pairs with their reasons as a table in the appendix, on its own page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from mentor_desk.documents.blocks import (
    Align,
    Block,
    Cell,
    Document,
    Lines,
    PageBreak,
    Spacer,
    Table,
)
from mentor_desk.documents.orders import (
    CONTROL_ITEM,
    acquainted,
    appendix_mark,
    label,
    order_body,
    order_header,
    order_title,
)
from mentor_desk.domain.dates import date_in_words, format_date
from mentor_desk.domain.pairs import EndReason, Form

END_ORDER_TITLE = "О завершении реализации персонализированных программ наставничества"

DEFAULT_REGULATION = "Положением о наставничестве в образовательной организации"

# The cases in which a program ends, in the words of the Volgograd Положение о наставничестве
# (приказ от 21.03.2022 № 25), п. 7.1.
_END_CASES = (
    "предусматривающим завершение персонализированной программы наставничества в случае "
    "завершения плана мероприятий программы в полном объёме, по инициативе наставника "
    "или наставляемого и (или) обоюдному решению (по уважительным обстоятельствам), "
    "по инициативе куратора (в случае недолжного исполнения программы)"
)

END_TABLE_HEADER = [
    "№ п/п",
    "Наставник",
    "Наставляемый (наставляемые)",
    "Форма наставничества",
    "Дата завершения",
    "Основание завершения",
]
END_TABLE_WIDTHS = [9.0, 34.0, 39.0, 33.0, 25.0, 30.0]  # mm of the 170 mm text width
END_TABLE_ALIGNS: list[Align] = ["center", "left", "left", "left", "center", "left"]
END_APPENDIX_TITLE = [
    "Наставнические пары (группы),",
    "завершившие реализацию персонализированных программ наставничества",
]


def default_preamble(regulation: str = DEFAULT_REGULATION) -> str:
    """«В соответствии с Положением о наставничестве …, предусматривающим …, на основании
    сведений куратора …»: the regulation is the school's own, as its title reads in the
    instrumental case («Положением о наставничестве педагогических работников МБОУ …»)."""
    return (
        f"В соответствии с {regulation.strip()}, {_END_CASES}, на основании сведений "
        "куратора реализации программ наставничества об итогах реализации "
        "персонализированных программ наставничества"
    )


@dataclass(frozen=True)
class EndRow:
    """One ended pair or group.

    mentor, mentees: «Фамилия И.О.», a mentee with the class where it helps («Иванов И.И.
    (7Б)»); reason: an EndReason or its label as typed; mentor_position is printed under
    the mentor's name when given.
    """

    mentor: str
    mentees: list[str]
    form: Form | str
    ended_on: date
    reason: EndReason | str
    mentor_position: str = ""


@dataclass(frozen=True)
class EndOrder:
    """What the order ending programs says.

    curator: «Фамилия И.О.»; director_name: «И.О. Фамилия». order_date and number may be
    empty on a draft: blanks are printed to fill in by hand. preamble: None means
    default_preamble(regulation). records_due: the day the curator must have updated
    the register by (item 2), or None for no date. acquainted: None means the curator,
    the mentors and the mentees who are staff, each once, not the director
    (orders.acquainted).
    """

    org_full_name: str
    place: str
    number: str
    order_date: date | None
    rows: list[EndRow]
    curator: str
    director_position: str
    director_name: str
    draft: bool = False
    regulation: str = DEFAULT_REGULATION
    preamble: str | None = None
    records_due: date | None = None
    extra_items: list[str] = field(default_factory=list)  # before the control item
    acquainted: list[str] | None = None


def end_order(data: EndOrder) -> Document:
    """The order «О завершении реализации персонализированных программ наставничества»."""
    preamble = data.preamble if data.preamble is not None else default_preamble(data.regulation)
    if data.acquainted is None:
        names = acquainted(data.curator, data.rows, data.director_name)
    else:
        names = data.acquainted
    blocks: list[Block] = [
        *order_header(
            data.org_full_name,
            data.number,
            data.order_date,
            data.place,
            END_ORDER_TITLE,
            draft=data.draft,
        ),
        *order_body(preamble, _items(data), data.director_position, data.director_name, names),
        PageBreak(),
        appendix_mark(data.number, data.order_date),
        Spacer(6),
        Lines(END_APPENDIX_TITLE, bold=True),
        Table(
            header=END_TABLE_HEADER,
            rows=[end_row_cells(index, row) for index, row in enumerate(data.rows, 1)],
            widths=END_TABLE_WIDTHS,
            aligns=END_TABLE_ALIGNS,
        ),
    ]
    return Document(
        blocks=blocks,
        title=order_title(data.number, data.order_date, END_ORDER_TITLE),
        author=" ".join(data.org_full_name.split()),
    )


def end_row_cells(index: int, row: EndRow) -> list[Cell]:
    """The appendix table's cells of one ended pair or group."""
    mentor = [row.mentor, row.mentor_position] if row.mentor_position else [row.mentor]
    reason = row.reason.label if isinstance(row.reason, EndReason) else row.reason
    return [
        str(index),
        mentor,
        list(row.mentees) or ["—"],
        label(row.form),
        format_date(row.ended_on),
        reason,
    ]


def _items(data: EndOrder) -> list[str]:
    # «Ответственный: … Фамилия И.О.» keeps the name in the nominative, as the register
    # has it (a dative «Куратору Ивановой А.А.» cannot be made from it reliably).
    due = f" в срок до {date_in_words(data.records_due)}" if data.records_due else ""
    curator = data.curator.strip()
    curator += "" if curator.endswith(".") else "."
    return [
        "Завершить реализацию персонализированных программ наставничества наставническими "
        "парами (группами) согласно приложению к настоящему приказу.",
        "Внести сведения о завершении персонализированных программ наставничества и их "
        f"итогах в базу наставников и базу наставляемых{due}".rstrip(".")
        + f". Ответственный: куратор реализации программ наставничества {curator}",
        *data.extra_items,
        CONTROL_ITEM,
    ]
