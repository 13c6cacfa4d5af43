"""The director's orders as documents: pure data in, a Document out (the layout of
приказ Завитинского МО от 15.11.2022 № 246).

The first one is the order fixing mentor pairs and groups («О закреплении наставнических
пар (групп)»): header, «ПРИКАЗ», date and number, place, title, preamble, «п р и к а з ы в
а ю:», numbered items, the director's signature, «С приказом ознакомлены:», and the pairs
as a table in the appendix on its own page, which suits 3 pairs and 300 alike.

What every order shares is public here, for the others to build theirs with (end_order.py,
roadmap_doc.py): order_header, order_body, appendix_mark (the date in words), order_title,
acquainted (who signs «С приказом ознакомлены») and the helpers name_lines, date_words,
label, order_number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from mentor_desk.documents.blocks import (
    Acquaint,
    Align,
    Block,
    Cell,
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
)
from mentor_desk.domain.dates import AcademicYear, date_in_words, format_date
from mentor_desk.domain.pairs import Form, Kind
from mentor_desk.domain.text import fold

PAIRS_ORDER_TITLE = "О закреплении наставнических пар (групп)"

# The regulations the sources cite: the students' target model (распоряжение Р-145, in the
# паспорт программы «Путь к успеху!») and the teachers' one (письмо АЗ-1128/08, in the
# Volgograd Положение о наставничестве). The curator may edit it.
DEFAULT_PREAMBLE = (
    "В соответствии с распоряжением Министерства просвещения Российской Федерации "
    "от 25.12.2019 № Р-145 «Об утверждении методологии (целевой модели) наставничества "
    "обучающихся для организаций, осуществляющих образовательную деятельность по "
    "общеобразовательным, дополнительным общеобразовательным и программам среднего "
    "профессионального образования, в том числе с применением лучших практик обмена "
    "опытом между обучающимися», письмом Министерства просвещения Российской Федерации "
    "и Общероссийского Профсоюза образования от 21.12.2021 № АЗ-1128/08, № 657 "
    "«О направлении методических рекомендаций» (вместе с методическими рекомендациями "
    "по разработке и внедрению системы (целевой модели) наставничества педагогических "
    "работников в образовательных организациях), в целях реализации целевой модели "
    "наставничества"
)
CONTROL_ITEM = "Контроль за исполнением настоящего приказа оставляю за собой."
BLANK_DATE = "«___» ____________ 20___ г."
BLANK_NUMBER = "______"

# Form and kind share a column: «наставничества» in two 12 pt bold headers does not
# leave the names room enough on a portrait page.
PAIRS_TABLE_HEADER = [
    "№ п/п",
    "Наставник",
    "Наставляемый (наставляемые)",
    "Форма и вид наставничества",
    "Срок",
]
PAIRS_TABLE_WIDTHS = [9.0, 45.0, 49.0, 38.0, 29.0]  # mm of the 170 mm text width
PAIRS_TABLE_ALIGNS: list[Align] = ["center", "left", "left", "left", "left"]

# Forms in which the mentee is a member of staff, who signs the order like the mentors.
STAFF_MENTEE_FORMS = frozenset(
    {Form.TEACHER_TEACHER, Form.HEAD_TEACHER, Form.LECTURER_YOUNG_TEACHER, Form.PARTNER_TEACHER}
)


@dataclass(frozen=True)
class Term:
    """The term of a personalized program (from 3 months to a year)."""

    start: date
    end: date

    @property
    def in_words(self) -> str:
        return f"с {date_in_words(self.start)} по {date_in_words(self.end)}"


@dataclass(frozen=True)
class OrderRow:
    """One pair or group of the order's table.

    mentor: «Фамилия И.О.»; mentees: «Фамилия И.О.», with the class where it helps
    («Иванов И.И. (7Б)»); term: None means the order's term.
    """

    mentor: str
    mentor_position: str
    mentees: list[str]
    form: Form | str
    kind: Kind | str
    term: Term | None = None


@dataclass(frozen=True)
class PairsOrder:
    """What the order fixing pairs and groups says.

    director_name: «И.О. Фамилия»; curator_name: «Фамилия И.О.». order_date and number
    may be left empty on a draft: blanks are printed to fill in by hand.
    acquainted: the names under «С приказом ознакомлены:»; None means everyone the
    order names who works at the school: the curator, the mentors and mentees who are
    staff (mentees who are children sign nothing, nor do their legal representatives);
    never the director, who signs the order (see acquainted).
    """

    org_full_name: str
    place: str
    number: str
    order_date: date | None
    curator_name: str
    curator_position: str
    term: Term
    pairs: list[OrderRow]
    director_name: str
    director_position: str = "Директор"
    preamble: str = DEFAULT_PREAMBLE
    acquainted: list[str] | None = None
    extra_items: list[str] = field(default_factory=list)  # before the control item
    draft: bool = False


# --- what every order shares (the end order and the roadmap's build theirs with these) ---


class PairLike(Protocol):
    """A pair or group as an order's table has it (OrderRow, end_order.EndRow)."""

    @property
    def mentor(self) -> str: ...
    @property
    def mentees(self) -> list[str]: ...
    @property
    def form(self) -> Form | str: ...


def name_key(name: str) -> tuple[str, str]:
    """(surname, initials), case and ё aside, of «Фамилия И.О.», «И.О. Фамилия» or
    «Фамилия Имя Отчество»: one person however the name is written."""
    words = name.replace(".", ". ").split()
    dotted = [word for word in words if word.endswith(".")]
    plain = [word for word in words if not word.endswith(".")]
    if dotted:
        surname, initials = " ".join(plain), "".join(word[0] for word in dotted)
    else:
        surname, initials = (plain[0] if plain else ""), "".join(w[0] for w in plain[1:3])
    return fold(surname), fold(initials)


def acquainted_names(names: Iterable[str], signer: str = "") -> list[str]:
    """The names for «С приказом ознакомлены:»: each once, in order, blanks dropped, and
    without the signer (the director signs the order, not the list under it)."""
    signer_key = name_key(signer) if signer.strip() else None
    shown: dict[tuple[str, str], str] = {}
    for name in names:
        clean = " ".join(name.split())
        key = name_key(clean)
        if clean and key != signer_key:
            shown.setdefault(key, clean)
    return list(shown.values())


def acquainted(curator: str, rows: Iterable[PairLike], signer: str = "") -> list[str]:
    """Who an order on pairs names and must sign «С приказом ознакомлены»: the curator,
    the mentors and the mentees who are staff (children sign nothing, nor do their legal
    representatives), each once in the order's order, the signer left out."""
    names = [curator]
    for row in rows:
        names.append(row.mentor)
        if row.form in STAFF_MENTEE_FORMS:
            names.extend(row.mentees)
    return acquainted_names(names, signer)


def order_number(number: str) -> str:
    """The number as typed, or a blank to fill in by hand on a draft."""
    return number.strip() or BLANK_NUMBER


def order_header(
    org_full_name: str,
    number: str,
    order_date: date | None,
    place: str,
    title: str,
    draft: bool = False,
) -> list[Block]:
    """«ПРОЕКТ» on a draft, the organisation, «П Р И К А З», the date at the left and
    «№ 45-о» at the right (blanks when not given), the place, the order's title."""
    blocks: list[Block] = []
    if draft:
        blocks += [Lines(["ПРОЕКТ"], align="right", bold=True), Spacer(4)]
    return [
        *blocks,
        Lines(name_lines(org_full_name), align="center", bold=True),
        Heading("ПРИКАЗ", spaced=True),
        DateNumber(format_date(order_date) or BLANK_DATE, f"№ {order_number(number)}"),
        Lines([place], align="center"),
        Spacer(6),
        Lines([title], align="center", bold=True),
        Spacer(4),
    ]


def order_body(
    preamble: str,
    items: list[str],
    director_position: str,
    director_name: str,
    acquainted: list[str],
) -> list[Block]:
    """The preamble, «п р и к а з ы в а ю:», the numbered items, the director's signature
    and «С приказом ознакомлены:» with the names: each once, and not the director, who
    signs the order itself (see acquainted_names)."""
    return [
        Paragraph(preamble.strip()),
        Command(),
        Numbered(items),
        Signature(director_position, director_name),
        Acquaint(acquainted_names(acquainted, director_name)),
    ]


def appendix_lines(number: str, order_date: date | None) -> list[str]:
    """«Приложение / к приказу / от 15 ноября 2026 г. № 45-о»: the date in words, as
    every order's appendix carries it (blanks on a draft)."""
    return ["Приложение", "к приказу", f"от {date_words(order_date)} № {order_number(number)}"]


def appendix_mark(number: str, order_date: date | None) -> Lines:
    """The appendix mark in its block at the right margin, atop the appendix's page."""
    return Lines(appendix_lines(number, order_date), right_block=True)


def order_title(number: str, order_date: date | None, title: str) -> str:
    """The file's title: «Приказ от 15.11.2026 № 45-о «О …»»."""
    shown_date = format_date(order_date) or "без даты"
    return f"Приказ от {shown_date} № {order_number(number)} «{title}»"


def name_lines(text: str) -> list[str]:
    """A multi-line name as typed; a one-line name is one line (it wraps by itself)."""
    return [line.strip() for line in text.splitlines() if line.strip()] or [""]


def date_words(value: date | None) -> str:
    """«15 ноября 2026 г.», or the blank ««___» ____________ 20___ г.» for no date."""
    return date_in_words(value) if value else BLANK_DATE


def label(value: Form | Kind | str) -> str:
    """An enum's label as printed, or the text as typed."""
    return value.label if isinstance(value, (Form, Kind)) else value


# --- the order fixing pairs and groups --------------------------------------------------


def pairs_order(data: PairsOrder) -> Document:
    """The order «О закреплении наставнических пар (групп)» with its appendix."""
    year = AcademicYear.containing(data.term.start).label
    names = (
        acquainted(data.curator_name, data.pairs, data.director_name)
        if data.acquainted is None
        else data.acquainted
    )
    blocks: list[Block] = [
        *order_header(
            data.org_full_name,
            data.number,
            data.order_date,
            data.place,
            PAIRS_ORDER_TITLE,
            draft=data.draft,
        ),
        *order_body(
            data.preamble,
            _items(data, year),
            data.director_position,
            data.director_name,
            names,
        ),
        PageBreak(),
        appendix_mark(data.number, data.order_date),
        Spacer(6),
        Lines(["Наставнические пары (группы)", f"на {year} учебный год"], bold=True),
        Table(
            header=PAIRS_TABLE_HEADER,
            rows=[_row(index, row, data.term) for index, row in enumerate(data.pairs, 1)],
            widths=PAIRS_TABLE_WIDTHS,
            aligns=PAIRS_TABLE_ALIGNS,
        ),
    ]
    return Document(
        blocks=blocks,
        title=order_title(data.number, data.order_date, PAIRS_ORDER_TITLE),
        author=" ".join(data.org_full_name.split()),
    )


def _items(data: PairsOrder, year: str) -> list[str]:
    curator = ", ".join(part for part in (data.curator_name, data.curator_position) if part)
    term = (
        f"Установить срок реализации персонализированных программ наставничества "
        f"{data.term.in_words}"
    )
    if any(row.term is not None and row.term != data.term for row in data.pairs):
        term += ", если в приложении к настоящему приказу не указан иной срок"
    return [
        f"Закрепить наставнические пары (группы) на {year} учебный год согласно "
        "приложению к настоящему приказу.",
        f"Назначить куратора реализации программ наставничества: {curator}.",
        term if term.endswith(".") else f"{term}.",
        *data.extra_items,
        CONTROL_ITEM,
    ]


def _row(index: int, row: OrderRow, order_term: Term) -> list[Cell]:
    mentor = [row.mentor, row.mentor_position] if row.mentor_position else [row.mentor]
    mentees = list(row.mentees) or ["—"]
    term = row.term or order_term
    return [
        str(index),
        mentor,
        mentees,
        [f"{label(row.form)},", label(row.kind)],
        [f"с {format_date(term.start)}", f"по {format_date(term.end)}"],
    ]
