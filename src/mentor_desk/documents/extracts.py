"""Register extracts: the lists of mentors, of mentees and of pairs (groups) as documents.

Each is a heading, the school's name, «по состоянию на 23 ноября 2026 г.» and a table
whose header repeats on every page. Without personal details (the default, for sharing)
a person is «Фамилия И.О.» with the class or position only; with them, the full name,
the birth date and the contacts, on a landscape page, marked as containing personal data.

The caller passes the people it may list; a row whose consent is not valid
(consent=False) is left out here as well, and the document says how many were left out
(«Не включены: N — нет согласия на обработку персональных данных»).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeAlias

from mentor_desk.documents.blocks import (
    Align,
    Block,
    Cell,
    Document,
    Lines,
    Paragraph,
    Signature,
    Spacer,
    Table,
)
from mentor_desk.documents.orders import Term, name_lines
from mentor_desk.domain.dates import date_in_words, format_date
from mentor_desk.domain.pairs import Form, Kind, Status
from mentor_desk.domain.text import short_name, split_full_name

ExtractKind: TypeAlias = Literal["mentors", "mentees", "pairs"]

EXTRACT_TITLES: dict[ExtractKind, str] = {
    "mentors": "Список наставников",
    "mentees": "Список наставляемых",
    "pairs": "Список наставнических пар (групп)",
}
PERSONAL_MARK = "Содержит персональные данные"
NO_CONSENT_NOTE = "Не включены: {n} — нет согласия на обработку персональных данных."
EMPTY_NOTE = "Записей нет."

# (header, width in mm, alignment) of each column; the widths of a portrait page add up
# to its 170 mm text width, those of a landscape page to 257 mm.
Column: TypeAlias = tuple[str, float, Align]
PEOPLE_COLUMNS: list[Column] = [
    ("№ п/п", 14.0, "center"),
    ("Фамилия, инициалы", 68.0, "left"),
    ("Класс, должность", 88.0, "left"),
]
PEOPLE_PERSONAL_COLUMNS: list[Column] = [
    ("№ п/п", 14.0, "center"),
    ("Фамилия, имя, отчество", 70.0, "left"),
    ("Дата рождения", 28.0, "center"),
    ("Класс, должность", 62.0, "left"),
    ("Телефон", 35.0, "left"),
    ("Электронная почта", 48.0, "left"),
]
PAIR_COLUMNS: list[Column] = [
    ("№ п/п", 14.0, "center"),
    ("Наставник", 50.0, "left"),
    ("Наставляемый (наставляемые)", 58.0, "left"),
    ("Форма и вид наставничества", 40.0, "left"),
    ("Срок", 30.0, "left"),
]
PAIR_ORDER_COLUMN: Column = ("Приказ", 35.0, "left")
PAIR_STATUS_COLUMN: Column = ("Статус", 30.0, "left")
PORTRAIT_WIDTH_MM = 170.0


@dataclass(frozen=True)
class PersonRow:
    """A person of the register.

    full_name: «Фамилия Имя Отчество» as the register has it; role: the class («7Б») or
    the position («учитель математики»). consent=False: no valid consent to processing
    personal data; the row is left out and counted.
    """

    full_name: str
    role: str = ""
    birth_date: date | None = None
    phone: str = ""
    email: str = ""
    consent: bool = True

    def name(self, personal: bool) -> str:
        """The full name with personal details, «Фамилия И.О.» without."""
        if personal:
            return " ".join(self.full_name.split())
        return short_name(*split_full_name(self.full_name))


@dataclass(frozen=True)
class PairRow:
    """A pair (one mentee) or a group (several): order, e.g. «№ 45-о от 15.11.2026»."""

    mentor: PersonRow
    mentees: list[PersonRow]
    form: Form | str
    kind: Kind | str = ""
    term: Term | None = None
    status: Status | str = ""
    order: str = ""


@dataclass(frozen=True)
class Extract:
    """What an extract lists.

    rows: PersonRow for "mentors" and "mentees", PairRow for "pairs". omitted: people the
    caller has already left out for want of consent (added to those left out here).
    signer: «Куратор» and «И.О. Фамилия» under the table, when given.
    """

    kind: ExtractKind
    org_full_name: str
    as_of: date
    rows: Sequence[PersonRow] | Sequence[PairRow]
    personal: bool = False
    omitted: int = 0
    signer_position: str = ""
    signer_name: str = ""


def extract(data: Extract) -> Document:
    """The list of mentors, of mentees or of pairs (groups) on data.as_of."""
    if data.kind == "pairs":
        columns, rows, left_out = _pairs(data)
    else:
        columns, rows, left_out = _people(data)
    left_out += max(data.omitted, 0)
    title = EXTRACT_TITLES[data.kind]
    blocks: list[Block] = []
    if data.personal:
        blocks += [Lines([PERSONAL_MARK], align="right"), Spacer(2)]
    blocks += [
        Lines([title], bold=True),
        Lines(name_lines(data.org_full_name)),
        Lines([f"по состоянию на {date_in_words(data.as_of)}"]),
        Spacer(2),
    ]
    if rows:
        blocks.append(
            Table(
                header=[column[0] for column in columns],
                rows=rows,
                widths=[column[1] for column in columns],
                aligns=[column[2] for column in columns],
            )
        )
    else:
        blocks += [Spacer(2), Paragraph(EMPTY_NOTE, indent=False)]
    if left_out:
        blocks.append(Paragraph(NO_CONSENT_NOTE.format(n=left_out), indent=False))
    if data.signer_name.strip():
        blocks.append(Signature(data.signer_position, data.signer_name))
    return Document(
        blocks=blocks,
        title=f"{title} на {format_date(data.as_of)}",
        author=" ".join(data.org_full_name.split()),
        landscape=sum(column[1] for column in columns) > PORTRAIT_WIDTH_MM,
    )


def _people(data: Extract) -> tuple[list[Column], list[list[Cell]], int]:
    people: list[PersonRow] = []
    for given in data.rows:
        if not isinstance(given, PersonRow):
            raise TypeError(f"a list of {data.kind} takes PersonRow rows, not {given!r}")
        people.append(given)
    listed = [person for person in people if person.consent]
    rows: list[list[Cell]] = []
    for number, person in enumerate(listed, 1):
        name, role = person.name(data.personal), person.role.strip() or "—"
        if data.personal:
            contacts = [person.phone.strip() or "—", person.email.strip() or "—"]
            rows.append([str(number), name, format_date(person.birth_date) or "—", role, *contacts])
        else:
            rows.append([str(number), name, role])
    columns = PEOPLE_PERSONAL_COLUMNS if data.personal else PEOPLE_COLUMNS
    return columns, rows, len(people) - len(listed)


def _pairs(data: Extract) -> tuple[list[Column], list[list[Cell]], int]:
    """A mentor without consent takes the row out; a mentee without it, the mentee (and
    the row with the last mentee). Every person left out is counted once."""
    pairs: list[PairRow] = []
    for given in data.rows:
        if not isinstance(given, PairRow):
            raise TypeError(f"a list of pairs takes PairRow rows, not {given!r}")
        pairs.append(given)
    with_order = any(pair.order.strip() for pair in pairs)
    with_status = any(_label(pair.status).strip() for pair in pairs)
    left_out: set[PersonRow] = set()
    rows: list[list[Cell]] = []
    for pair in pairs:
        mentees = [mentee for mentee in pair.mentees if mentee.consent]
        left_out.update(mentee for mentee in pair.mentees if not mentee.consent)
        if not pair.mentor.consent:
            left_out.add(pair.mentor)
        if not pair.mentor.consent or (pair.mentees and not mentees):
            continue
        mentor = pair.mentor.name(data.personal)
        row: list[Cell] = [
            str(len(rows) + 1),
            [mentor, pair.mentor.role] if pair.mentor.role.strip() else mentor,
            [_mentee(mentee, data.personal) for mentee in mentees] or ["—"],
            _form_kind(pair),
            [f"с {format_date(pair.term.start)}", f"по {format_date(pair.term.end)}"]
            if pair.term
            else "—",
        ]
        if with_order:
            row.append(pair.order.strip() or "—")
        if with_status:
            row.append(_label(pair.status) if pair.status else "—")
        rows.append(row)
    columns = list(PAIR_COLUMNS)
    if with_order:
        columns.append(PAIR_ORDER_COLUMN)
    if with_status:
        columns.append(PAIR_STATUS_COLUMN)
    if sum(column[1] for column in columns) > PORTRAIT_WIDTH_MM:
        columns = _widen(columns)
    return columns, rows, len(left_out)


def _mentee(mentee: PersonRow, personal: bool) -> str:
    name = mentee.name(personal)
    return f"{name} ({mentee.role.strip()})" if mentee.role.strip() else name


def _form_kind(pair: PairRow) -> list[str]:
    form, kind = _label(pair.form), _label(pair.kind) if pair.kind else ""
    return [f"{form},", kind] if kind else [form]


def _widen(columns: list[Column]) -> list[Column]:
    """Landscape: the names take the room the page gains."""
    gain = 257.0 - sum(column[1] for column in columns)
    widened = []
    for header, width, align in columns:
        if header in ("Наставник", "Наставляемый (наставляемые)"):
            width += gain / 2
        widened.append((header, width, align))
    return widened


def _label(value: Form | Kind | Status | str) -> str:
    return value.label if isinstance(value, (Form, Kind, Status)) else value
