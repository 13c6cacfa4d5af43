"""Documents from the register: gather the data, issue orders, keep the journal, re-open.

Data gathering reads with sqlite3 (like the register and the board) and returns the
builders' dataclasses (documents.orders and its neighbours); the builders turn them into
a blocks.Document, which the PDF and DOCX renderers print. Issuing takes the caller's
ORM session, so the number check, the pairs' approval and the journal entry are one
transaction. The journal keeps each document's data as JSON (to_payload/from_payload),
so re-opening an entry prints exactly what was issued, whatever the register says now.
"""

from __future__ import annotations

import importlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentor_desk.documents.blocks import Document
from mentor_desk.documents.consent import ConsentForm, consent_forms
from mentor_desk.documents.end_order import END_ORDER_TITLE, EndOrder, EndRow, end_order
from mentor_desk.documents.extracts import (
    Extract,
    ExtractKind,
    PairRow,
    PersonRow,
    extract,
)
from mentor_desk.documents.orders import (
    DEFAULT_PREAMBLE,
    PAIRS_ORDER_TITLE,
    OrderRow,
    PairsOrder,
    Term,
    pairs_order,
)
from mentor_desk.documents.passport import (
    Indicator,
    Passport,
    PassportCounts,
    passport,
    split_audience,
)
from mentor_desk.domain.dates import format_date
from mentor_desk.domain.pairs import EndReason, Form, Kind, Status, check_program_term
from mentor_desk.domain.participants import Category, ConsentState, is_minor
from mentor_desk.domain.text import fold, short_name
from mentor_desk.queries.people import register_rows
from mentor_desk.queries.profile import SchoolProfile, load_profile

if TYPE_CHECKING:
    from mentor_desk.documents.roadmap_doc import RoadmapDoc, RoadmapOrder

from mentor_desk.storage.models import (
    ConsentHandout,
    IssuedDocument,
    IssuedDocumentPair,
    Mentorship,
    Participant,
)

NO_PROFILE = "Заполните сведения об организации (Файл → Сведения об организации)"
NO_CURATOR = (
    "Укажите куратора наставничества в сведениях об организации "
    "(Файл → Сведения об организации): строка «ФИО, должность»"
)
DAMAGED = "Запись журнала повреждена или сделана другой версией программы: документ не открыть"


class DocumentError(ValueError):
    """A document that cannot be made or issued; the message is for the user (Russian)."""


class DocKind(str, Enum):
    """What the journal and the CLI know how to make. The value is stored in the journal."""

    PAIRS = "pairs"
    END = "end"
    PASSPORT = "passport"
    EXTRACT = "extract"
    CONSENT = "consent"
    # The order approving the roadmap: data gathering and issuing are the roadmap's own
    # (services.roadmap); issue() records it like any order, and builder() knows its
    # builder (documents.roadmap_doc), so the journal re-opens it.
    ROADMAP = "roadmap"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def numbered(self) -> bool:
        """Orders carry a number unique within the calendar year."""
        return self in (DocKind.PAIRS, DocKind.END, DocKind.ROADMAP)

    @property
    def journal_title(self) -> str:
        """The title the journal shows: an order's «О …» line, else the document's name."""
        return _TITLES.get(self, self.label)


_LABELS = {
    DocKind.PAIRS: "Приказ о закреплении наставнических пар (групп)",
    DocKind.END: "Приказ о завершении программ наставничества",
    DocKind.PASSPORT: "Паспорт программы наставничества",
    DocKind.EXTRACT: "Выписка из реестра",
    DocKind.CONSENT: "Согласие на обработку персональных данных",
    DocKind.ROADMAP: "Приказ об утверждении дорожной карты",
}
_TITLES = {
    DocKind.PAIRS: PAIRS_ORDER_TITLE,
    DocKind.END: END_ORDER_TITLE,
    DocKind.ROADMAP: "Об утверждении дорожной карты реализации целевой модели наставничества",
}


# --- builders: which dataclass each kind's data is, and what makes a Document of it -----


@dataclass(frozen=True)
class Builder:
    """data_type: the builder's dataclass, or list with item_type for a batch (consent)."""

    data_type: type[Any]
    build: Callable[[Any], Document]
    item_type: type[Any] | None = None

    def accepts(self, data: Any) -> bool:
        if not isinstance(data, self.data_type):
            return False
        item = self.item_type
        return item is None or all(isinstance(one, item) for one in data)


_BUILDERS: dict[DocKind, Builder] = {
    DocKind.PAIRS: Builder(PairsOrder, pairs_order),
    DocKind.END: Builder(EndOrder, end_order),
    DocKind.PASSPORT: Builder(Passport, passport),
    DocKind.EXTRACT: Builder(Extract, extract),
    DocKind.CONSENT: Builder(list, consent_forms, ConsentForm),
}


def builder(kind: DocKind) -> Builder:
    if kind is DocKind.ROADMAP and kind not in _BUILDERS:
        # Imported on first use: the roadmap's documents are not needed for the others.
        from mentor_desk.documents.roadmap_doc import RoadmapOrder, roadmap_order

        _BUILDERS.setdefault(kind, Builder(RoadmapOrder, roadmap_order))
    found = _BUILDERS.get(kind)
    if found is None:
        raise DocumentError(f"Документ «{kind.label}» в этой версии программы не собирается")
    return found


def build(kind: DocKind, data: Any) -> Document:
    """The printable document of a kind's data."""
    maker = builder(kind)
    if not maker.accepts(data):
        raise TypeError(f"{kind.value}: expected {maker.data_type.__name__}")
    return maker.build(data)


# --- names as documents print them -----------------------------------------------------


def _name_parts(full: str) -> tuple[str, list[str]]:
    """(surname, up to two initials) of «Фамилия Имя Отчество», «Фамилия И.О.», «И.О. Фамилия»."""
    words = full.replace(".", ". ").split()
    if not words:
        return "", []
    if words[0].endswith(".") and not words[-1].endswith("."):
        last, given = words[-1], words[:-1]
    else:
        last, given = words[0], words[1:]
    # "Рашид Маммад оглы": the patronymic may be two words; only its first gives a letter.
    return last, [word[0] for word in given][:2]


def last_initials(full: str) -> str:
    """«Фамилия И.О.», however the name was typed (in full or already with initials)."""
    last, initials = _name_parts(full)
    return f"{last} {''.join(f'{i}.' for i in initials)}".strip()


def initials_last(full: str) -> str:
    """«И.О. Фамилия», as the signature line prints the director."""
    last, initials = _name_parts(full)
    return f"{''.join(f'{i}.' for i in initials)} {last}".strip()


def _name_and_position(line: str) -> tuple[str, str]:
    """A profile line «ФИО, должность» → («Фамилия И.О.», «должность»)."""
    name, _, position = line.partition(",")
    return last_initials(name), " ".join(position.split())


# --- order numbers ---------------------------------------------------------------------


def clean_number(number: str) -> str:
    """The number as printed after «№»: spaces collapsed, a typed «№» dropped."""
    return " ".join(number.strip().lstrip("№").split())


# Latin letters that look like Cyrillic ones (after casefold: «45-O» typed with the English
# layout is «45-о»), and every dash and minus a keyboard or a word processor makes.
_LOOK_ALIKES = str.maketrans("abcehkmoptxy", "авсенкмортху")
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")


def normalize_number(number: str) -> str:
    """45-о, «№ 45-О», « 45-о », «45-o» (Latin o), «45–о», «45 - о»: one number.

    Case, spaces, ё, the sign №, Latin look-alikes of Cyrillic letters, the kind of dash
    and the spaces around it do not count.
    """
    folded = fold(number.replace("№", " ")).translate(_LOOK_ALIKES)
    return _DASHES.sub("-", folded)


def _number_problem(
    number: str, issued_on: date, used: Iterable[tuple[int, str, date, str]], exclude: int | None
) -> str | None:
    shown = clean_number(number)
    key = normalize_number(number)
    if not key:
        return "Укажите номер приказа"
    for doc_id, other, other_date, title in used:
        if doc_id != exclude and normalize_number(other) == key:
            return (
                f"Номер {shown} уже использован в {issued_on.year} году: приказ от "
                f"{format_date(other_date)} «{title}». Выберите другой номер."
            )
    return None


_NUMBERED = tuple(kind.value for kind in DocKind if kind.numbered)


def _approved_problem(
    number: str, issued_on: date, approved: Iterable[tuple[str, date]]
) -> str | None:
    """The number already stands in the pairs as their approving order this year (an
    order recorded before the journal, or typed in by hand)."""
    key = normalize_number(number)
    for other, other_date in approved:
        if normalize_number(other) == key:
            return (
                f"Номер {clean_number(number)} уже использован в {issued_on.year} году: "
                f"приказом от {format_date(other_date)} утверждены пары и группы. "
                "Выберите другой номер."
            )
    return None


_APPROVED_SQL = """
    SELECT DISTINCT order_number, order_date FROM mentorship
    WHERE order_number != '' AND substr(order_date, 1, 4) = ?
      AND id NOT IN (SELECT mentorship_id FROM issued_document_pair WHERE document_id = ?)
    ORDER BY order_date
"""


def check_number(
    conn: sqlite3.Connection, number: str, issued_on: date, *, exclude: int | None = None
) -> str | None:
    """Why this order number cannot be used (already used this calendar year), or None.

    Used: by an order of the journal (but `exclude`), or as the approving order of pairs
    (mentorship.order_number; but those of `exclude`).
    """
    marks = ", ".join("?" * len(_NUMBERED))
    year = f"{issued_on.year:04d}"
    rows = conn.execute(
        f"SELECT id, number, issued_on, title FROM issued_document "
        f"WHERE kind IN ({marks}) AND substr(issued_on, 1, 4) = ? ORDER BY issued_on, id",
        (*_NUMBERED, year),
    ).fetchall()
    used = [(i, n, date.fromisoformat(d), t) for i, n, d, t in rows]
    problem = _number_problem(number, issued_on, used, exclude)
    if problem:
        return problem
    approved = conn.execute(_APPROVED_SQL, (year, -1 if exclude is None else exclude))
    return _approved_problem(number, issued_on, ((n, date.fromisoformat(d)) for n, d in approved))


def _check_number_in(session: Session, number: str, issued_on: date) -> str | None:
    year = (date(issued_on.year, 1, 1), date(issued_on.year, 12, 31))
    rows = session.execute(
        select(IssuedDocument.id, IssuedDocument.number, IssuedDocument.issued_on,
               IssuedDocument.title)
        .where(IssuedDocument.kind.in_(_NUMBERED), IssuedDocument.issued_on.between(*year))
        .order_by(IssuedDocument.issued_on, IssuedDocument.id)
    ).all()  # fmt: skip
    problem = _number_problem(number, issued_on, [(r[0], r[1], r[2], r[3]) for r in rows], None)
    if problem:
        return problem
    approved = session.execute(
        select(Mentorship.order_number, Mentorship.order_date)
        .where(Mentorship.order_number != "", Mentorship.order_date.between(*year))
        .distinct().order_by(Mentorship.order_date)
    ).all()  # fmt: skip
    return _approved_problem(number, issued_on, ((n, d) for n, d in approved if d is not None))


# --- data gathering --------------------------------------------------------------------


def _profile(conn: sqlite3.Connection) -> SchoolProfile:
    profile = load_profile(conn)
    if profile is None or not profile.full_name.strip() or not profile.director_name.strip():
        raise DocumentError(NO_PROFILE)
    return profile


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class _Person:
    id: int
    last_name: str
    first_name: str
    middle_name: str
    category: Category
    class_name: str
    position: str
    organization: str

    @property
    def short(self) -> str:
        return short_name(self.last_name, self.first_name, self.middle_name)

    @property
    def with_class(self) -> str:
        """«Иванов И.И. (7Б)» for a student with a class, else «Фамилия И.О.»."""
        if self.category is Category.STUDENT and self.class_name:
            return f"{self.short} ({self.class_name})"
        return self.short

    @property
    def role_line(self) -> str:
        """What the person is at or for the school, printed under a mentor's name."""
        if self.category is Category.STUDENT:
            return f"обучающийся {self.class_name} класса" if self.class_name else "обучающийся"
        return _role(self.category, self.class_name, self.position, self.organization)


_PEOPLE_SQL = """
    SELECT id, last_name, first_name, middle_name, category, class_name, position, organization
    FROM participant WHERE id IN (SELECT value FROM json_each(?))
"""


def _people(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, _Person]:
    found = conn.execute(_PEOPLE_SQL, (json.dumps(sorted(set(ids))),)).fetchall()
    return {
        pid: _Person(pid, last, first, middle or "", Category(cat), cls or "", pos or "", org or "")
        for pid, last, first, middle, cat, cls, pos, org in found
    }


@dataclass(frozen=True)
class _Pair:
    id: int
    mentor_id: int
    form: Form
    kind: Kind
    status: Status
    started_on: date | None
    ends_on: date | None
    ended_on: date | None
    end_reason: str
    end_note: str
    order_number: str
    order_date: date | None
    mentee_ids: tuple[int, ...]


_PAIRS_SQL = """
    SELECT id, mentor_id, form, kind, status, started_on, ends_on, ended_on, end_reason,
           end_note, order_number, order_date
    FROM mentorship WHERE id IN (SELECT value FROM json_each(?))
"""
_PAIR_MENTEES_SQL = """
    SELECT mentorship_id, participant_id FROM mentorship_mentee
    WHERE mentorship_id IN (SELECT value FROM json_each(?)) ORDER BY position, participant_id
"""


def _pairs(conn: sqlite3.Connection, mentorship_ids: Sequence[int]) -> list[_Pair]:
    """The pairs asked for, each once, in the order asked; a missing one is an error."""
    wanted = list(dict.fromkeys(mentorship_ids))
    if not wanted:
        raise DocumentError("Не выбрано ни одной пары или группы")
    ids_json = json.dumps(wanted)
    members: dict[int, list[int]] = {}
    for mid, pid in conn.execute(_PAIR_MENTEES_SQL, (ids_json,)).fetchall():
        members.setdefault(mid, []).append(pid)
    found = {}
    for (
        mid,
        mentor,
        form,
        kind,
        status,
        started,
        ends,
        ended,
        reason,
        note,
        number,
        on,
    ) in conn.execute(_PAIRS_SQL, (ids_json,)).fetchall():
        found[mid] = _Pair(
            mid, mentor, Form(form), Kind(kind), Status(status), _day(started), _day(ends),
            _day(ended), reason or "", note or "", number or "", _day(on),
            tuple(members.get(mid, ())),
        )  # fmt: skip
    missing = [i for i in wanted if i not in found]
    if missing:
        raise DocumentError("Пара или группа не найдена: возможно, её уже удалили")
    return [found[i] for i in wanted]


def default_term(start: date) -> Term:
    """From the order's date to 31 May, the end of the school year's lessons.

    An order made in June to August is for the coming school year: to 31 May next year.
    A personalized program runs from 3 months to a year (domain.pairs.check_program_term):
    when less than 3 months are left before 31 May (an order made in March to May), the
    programs run to 31 May of the next school year, but a year at most.
    """
    may = date(start.year + (0 if start.month <= 5 else 1), 5, 31)
    try:
        year_on = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        year_on = date(start.year + 1, 2, 28)
    for end in (may, date(may.year + 1, 5, 31)):
        if check_program_term(start, end) is None:
            return Term(start, end)
    return Term(start, year_on)


def _own_term(pair: _Pair, order_term: Term) -> Term | None:
    """The pair's own dates, where it has them and they make a term."""
    if pair.started_on is None and pair.ends_on is None:
        return None
    own = Term(pair.started_on or order_term.start, pair.ends_on or order_term.end)
    return own if own.end > own.start else None


def pairs_order_data(
    conn: sqlite3.Connection,
    mentorship_ids: Sequence[int],
    number: str,
    issued_on: date | None,
    today: date,
    *,
    place: str | None = None,
    preamble: str | None = None,
    curator: str | None = None,
    term: Term | None = None,
    draft: bool = False,
) -> PairsOrder:
    """The order fixing these pairs and groups, filled from the register and the profile.

    curator: «ФИО, должность» (default: the profile's first curator line); term: the
    order's term (default: from the order date, or today for an undated draft, to 31 May,
    or the pairs' own dates when they all share them); place: default the municipality.
    """
    profile = _profile(conn)
    curator_name, curator_position = _curator(profile, curator)
    pairs = _pairs(conn, mentorship_ids)
    people = _people(conn, [i for p in pairs for i in (p.mentor_id, *p.mentee_ids)])
    order_term = term or default_term(issued_on or today)
    own = [_own_term(pair, order_term) for pair in pairs]
    if term is None and own and own[0] is not None and all(t == own[0] for t in own):
        order_term = own[0]  # every pair has the same dates: they are the order's term
    rows = []
    for pair, pair_term in sorted(
        zip(pairs, own, strict=True),
        key=lambda item: (_sort_key(people[item[0].mentor_id]), item[0].id),
    ):
        mentor = people[pair.mentor_id]
        rows.append(
            OrderRow(
                mentor=mentor.short,
                mentor_position=mentor.role_line,
                mentees=[people[m].with_class for m in pair.mentee_ids],
                form=pair.form,
                kind=pair.kind,
                term=pair_term if pair_term != order_term else None,
            )
        )
    return PairsOrder(
        org_full_name=profile.full_name,
        place=_place(profile, place),
        number=clean_number(number),
        order_date=issued_on,
        curator_name=curator_name,
        curator_position=curator_position,
        term=order_term,
        pairs=rows,
        director_name=initials_last(profile.director_name),
        director_position=profile.director_position.strip() or "Директор",
        preamble=preamble.strip() if preamble and preamble.strip() else DEFAULT_PREAMBLE,
        draft=draft,
    )


def end_order_data(
    conn: sqlite3.Connection,
    mentorship_ids: Sequence[int],
    number: str,
    issued_on: date | None,
    today: date,
    *,
    place: str | None = None,
    preamble: str | None = None,
    curator: str | None = None,
    regulation: str | None = None,
    records_due: date | None = None,
    draft: bool = False,
) -> EndOrder:
    """The order ending the programs of these ended pairs and groups, with the reasons.

    curator: «ФИО, должность» (default: the profile's first curator line); regulation:
    the school's regulation on mentoring in the instrumental case (default: the
    builder's); place: default the municipality.
    """
    profile = _profile(conn)
    curator_name, _ = _curator(profile, curator)
    pairs = _pairs(conn, mentorship_ids)
    if any(pair.status is not Status.ENDED for pair in pairs):
        raise DocumentError("В приказ о завершении попадают только завершённые пары и группы")
    if issued_on is not None:
        ended = {pair.id: pair.ended_on for pair in pairs}
        _ended_after(_on_connection(conn), ended, issued_on, today)
    people = _people(conn, [i for p in pairs for i in (p.mentor_id, *p.mentee_ids)])
    rows = []
    for pair in sorted(pairs, key=lambda p: (_sort_key(people[p.mentor_id]), p.id)):
        mentor = people[pair.mentor_id]
        rows.append(
            EndRow(
                mentor=mentor.short,
                mentees=[people[m].with_class for m in pair.mentee_ids],
                form=pair.form,
                ended_on=pair.ended_on or issued_on or today,
                reason=EndReason(pair.end_reason) if pair.end_reason else "—",
                mentor_position=mentor.role_line,
            )
        )
    extra: dict[str, Any] = {}
    if regulation and regulation.strip():
        extra["regulation"] = " ".join(regulation.split())
    return EndOrder(
        org_full_name=profile.full_name,
        place=_place(profile, place),
        number=clean_number(number),
        order_date=issued_on,
        rows=rows,
        curator=curator_name,
        director_position=profile.director_position.strip() or "Директор",
        director_name=initials_last(profile.director_name),
        preamble=preamble.strip() if preamble and preamble.strip() else None,
        records_due=records_due,
        draft=draft,
        **extra,
    )


INDICATOR_PRESET = ("indicators", "seed_002.json")


def default_indicators() -> list[Indicator]:
    """The passport's effectiveness indicators until the program's monitoring gives its
    own: seed 002's table, shipped in resources/indicators/seed_002.json (the names word
    for word; the target is the last year's, the actual value is left to measure)."""
    from mentor_desk.paths import resource

    try:
        preset = json.loads(resource(*INDICATOR_PRESET).read_text(encoding="utf-8"))
        return [
            Indicator(
                name=" ".join(str(item["name"]).split()),
                target=str(item["targets"][-1]) if item.get("targets") else "",
                project=" ".join(str(item.get("project", "")).split()),
            )
            for item in preset["indicators"]
        ]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return []  # a damaged preset leaves the table out, never the passport


def passport_data(
    conn: sqlite3.Connection, today: date, *, indicators: Sequence[Indicator] | None = None
) -> Passport:
    """The program passport filled from the profile and the register as they are today.

    The period is the latest roadmap's, else the school year of the profile; the forms
    are those of the pairs and groups not ended; the target audience the target groups
    the register uses (the whole list when none is used yet), split into students' and
    staff's; the partners the organisations of the partners in the register; the
    indicators as given, by default seed 002's preset (default_indicators()).
    """
    profile = _profile(conn)
    curators = []
    for line in profile.curators.splitlines():
        name, position = _name_and_position(line)
        if name:
            curators.append(", ".join(part for part in (name, position) if part))
    roadmap = conn.execute(
        "SELECT start_year, end_year FROM roadmap ORDER BY start_year DESC, id DESC LIMIT 1"
    ).fetchone()
    start = profile.academic_year_start or today.year
    period = (int(roadmap[0]), int(roadmap[1])) if roadmap else (start, start + 1)
    used = {
        Form(form)
        for (form,) in conn.execute("SELECT form FROM mentorship WHERE status != 'ended'")
    }
    forms = [form.label for form in Form if form in used]
    tags = [
        name
        for (name,) in conn.execute(
            "SELECT t.name FROM term t WHERE t.kind = 'target_group' AND EXISTS ("
            " SELECT 1 FROM participant_term pt JOIN participant p ON p.id = pt.participant_id"
            " WHERE pt.term_id = t.id AND pt.relation = 'target_group'"
            " AND p.archived_at IS NULL) ORDER BY t.position, t.name"
        ).fetchall()
    ] or [
        name
        for (name,) in conn.execute(
            "SELECT name FROM term WHERE kind = 'target_group' ORDER BY position, name"
        ).fetchall()
    ]
    students, staff = split_audience(tags)
    mentors, mentees = conn.execute(
        "SELECT coalesce(sum(is_mentor), 0), coalesce(sum(is_mentee), 0) FROM participant "
        "WHERE archived_at IS NULL"
    ).fetchone()
    by_status = {
        Status(status): n
        for status, n in conn.execute("SELECT status, count(*) FROM mentorship GROUP BY status")
    }
    partners = [
        org
        for (org,) in conn.execute(
            "SELECT DISTINCT trim(organization) FROM participant WHERE category = 'partner' "
            "AND archived_at IS NULL AND trim(organization) != '' ORDER BY 1"
        ).fetchall()
    ]
    return Passport(
        org_full_name=profile.full_name,
        org_short_name=profile.short_name,
        municipality=profile.municipality,
        address=profile.address,
        director=initials_last(profile.director_name),
        director_position=profile.director_position.strip() or "Директор",
        curators=curators,
        period=period,
        forms=forms,
        target_audience=students,
        staff_audience=staff,
        counts=PassportCounts(
            as_of=today,
            mentors=int(mentors),
            mentees=int(mentees),
            pairs={status: by_status[status] for status in Status if by_status.get(status)},
        ),
        place=_place(profile, None),
        partners=partners,
        indicators=list(default_indicators() if indicators is None else indicators),
    )


def consent_data(
    conn: sqlite3.Connection, participant_ids: Sequence[int], today: date
) -> list[ConsentForm]:
    """A consent form for each person, in the order given: an adult's own, or for a minor
    (today, or a student with no birth date) the legal representative's, with the
    representative named when the register has them. The school is the operator, with
    its address."""
    profile = _profile(conn)
    ids = list(dict.fromkeys(participant_ids))
    if not ids:
        raise DocumentError("Не выбрано ни одного участника")
    rows = {row.id: row for row in register_rows(conn, today)}
    if any(pid not in rows for pid in ids):
        raise DocumentError("Участник не найден: возможно, его удалили из реестра")
    representatives = dict(
        conn.execute(
            "SELECT id, representative_name FROM participant "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        ).fetchall()
    )
    forms = []
    for pid in ids:
        row = rows[pid]
        # A student whose birth date the register does not know is taken for a minor:
        # the legal representative's form, never a child's signature on an adult's one.
        minor = is_minor(row.birth_date, today) or (
            row.category is Category.STUDENT and row.birth_date is None
        )
        representative = " ".join((representatives.get(pid) or "").split())
        forms.append(
            ConsentForm(
                org_full_name=profile.full_name,
                org_address=profile.address,
                person_name=row.full_name,
                birth_date=row.birth_date,
                representative_name=representative if minor and representative else None,
                minor=minor,
                today=today,
            )
        )
    return forms


EXTRACT_KINDS: tuple[ExtractKind, ...] = ("mentors", "mentees", "pairs")


def extract_data(conn: sqlite3.Connection, kind: str, personal: bool, today: date) -> Extract:
    """A register extract: "mentors", "mentees" (not archived) or "pairs" (not ended).

    Only what may be printed reaches the data: a person without a valid consent is
    passed as consent=False with the name and the class or position only (the builder
    leaves them out and counts them); the birth date and the contacts are passed only
    with personal=True and only for people whose consent is valid.
    """
    if kind not in EXTRACT_KINDS:
        raise DocumentError("Выписка бывает трёх видов: наставники, наставляемые, пары и группы")
    list_kind: ExtractKind = "mentors" if kind == "mentors" else (
        "mentees" if kind == "mentees" else "pairs"
    )  # fmt: skip
    profile = _profile(conn)
    rows = {row.id: row for row in register_rows(conn, today)}

    def person(pid: int) -> PersonRow:
        row = rows[pid]
        allowed = row.consent is ConsentState.VALID
        details = personal and allowed
        return PersonRow(
            full_name=row.full_name,
            role=_role(row.category, row.class_name, row.position, row.organization),
            birth_date=row.birth_date if details else None,
            phone=row.phone if details else "",
            email=row.email if details else "",
            consent=allowed,
        )

    listed: list[PersonRow] | list[PairRow]
    if list_kind == "pairs":
        ids = [
            mid
            for (mid,) in conn.execute(
                "SELECT id FROM mentorship WHERE status != 'ended' ORDER BY id"
            ).fetchall()
        ]
        found = _pairs(conn, ids) if ids else []
        found.sort(key=lambda p: (rows[p.mentor_id].search_key, p.id))
        listed = [
            PairRow(
                mentor=person(pair.mentor_id),
                mentees=[person(m) for m in pair.mentee_ids],
                form=pair.form,
                kind=pair.kind,
                term=Term(pair.started_on, pair.ends_on)
                if pair.started_on and pair.ends_on
                else None,
                status=pair.status,
                order=f"№ {pair.order_number} от {format_date(pair.order_date)}"
                if pair.order_number and pair.order_date
                else "",
            )
            for pair in found
        ]
    else:
        wanted = [
            row
            for row in rows.values()
            if not row.archived and (row.is_mentor if list_kind == "mentors" else row.is_mentee)
        ]
        wanted.sort(key=lambda row: (row.search_key, row.id))
        listed = [person(row.id) for row in wanted]
    curator_name, _ = _name_and_position(_first_line(profile.curators))
    return Extract(
        kind=list_kind,
        org_full_name=profile.full_name,
        as_of=today,
        rows=listed,
        personal=personal,
        signer_position="Куратор" if curator_name else "",
        signer_name=initials_last(curator_name),
    )


def _role(category: Category, class_name: str, position: str, organization: str) -> str:
    """The class («7Б») of a student, the position of staff, else what the person is."""
    if category is Category.STUDENT:
        return class_name
    if category in (Category.TEACHER, Category.HEAD):
        return position or category.label
    return ", ".join(part for part in (position or category.label, organization) if part)


def _curator(profile: SchoolProfile, curator: str | None) -> tuple[str, str]:
    line = curator if curator is not None else _first_line(profile.curators)
    name, position = _name_and_position(line)
    if not name:
        raise DocumentError(NO_CURATOR)
    return name, position


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


# A settlement in an address: «г. Завитинск», «с. Антоновка», «пгт Архара», «р.п. Прогресс»,
# «ст-ца Ленинградская», «город Завитинск», «посёлок Новый»; the name after the kind starts
# with a capital letter, so «д. 3» (дом) and «с. 2» (строение) are not taken for one.
_SETTLEMENT_KINDS = (
    "рабочий посёлок", "рабочий поселок", "посёлок городского типа", "поселок городского типа",
    "город", "село", "посёлок", "поселок", "деревня", "станица", "хутор", "слобода", "аул",
    "ст-ца", "р. п", "р.п", "пгт", "пос", "гор", "дер", "рп", "кп", "дп", "сл", "г", "с", "п",
    "д", "х",
)  # fmt: skip
_SETTLEMENT = re.compile(
    rf"^(?P<kind>(?i:{'|'.join(re.escape(kind) for kind in _SETTLEMENT_KINDS)}))"
    r"(?:(?P<dot>\.)\s*|\s+)(?P<name>[А-ЯЁ].*)$"
)


def settlement(address: str) -> str:
    """The settlement of an address («676870, Амурская обл., г. Завитинск, ул. Куйбышева,
    д. 3» → «г. Завитинск»): the first part between commas that starts with a kind of
    settlement and a name; "" when there is none."""
    for part in address.split(","):
        found = _SETTLEMENT.match(" ".join(part.split()))
        if found:
            return f"{found['kind']}{found['dot'] or ''} {found['name']}"
    return ""


def place_of(profile: SchoolProfile) -> str:
    """Where the school's documents are made, as orders print it under the title: the
    settlement of the school's address («г. Завитинск»), else the municipality."""
    return settlement(profile.address) or " ".join(profile.municipality.split())


def _place(profile: SchoolProfile, place: str | None) -> str:
    return " ".join(place.split()) if place is not None else place_of(profile)


def _sort_key(person: _Person) -> tuple[str, str, str]:
    return fold(person.last_name), fold(person.first_name), fold(person.middle_name)


# --- what is ready for an order ----------------------------------------------------------

_ENDED_NOT_ORDERED_SQL = """
    SELECT id FROM mentorship WHERE status = 'ended' AND id NOT IN (
        SELECT p.mentorship_id FROM issued_document_pair p
        JOIN issued_document d ON d.id = p.document_id WHERE d.kind = 'end')
    ORDER BY ended_on, id
"""


def ready_for(conn: sqlite3.Connection, kind: DocKind, today: date | None = None) -> list[int]:
    """What a new document of this kind would be made of, by default.

    PAIRS: the draft pairs and groups; END: the ended ones no order ending programs
    names yet; CONSENT: the people (not archived) without a valid consent and with no
    consent form handed out yet. Other kinds are made of the whole register: [].
    """
    if kind is DocKind.PAIRS:
        rows = conn.execute("SELECT id FROM mentorship WHERE status = 'draft' ORDER BY id")
        return [mid for (mid,) in rows.fetchall()]
    if kind is DocKind.END:
        return [mid for (mid,) in conn.execute(_ENDED_NOT_ORDERED_SQL).fetchall()]
    if kind is DocKind.CONSENT:
        handed = {pid for (pid,) in conn.execute("SELECT participant_id FROM consent_handout")}
        people = [
            row
            for row in register_rows(conn, today or date.today())
            if not row.archived and row.consent is not ConsentState.VALID and row.id not in handed
        ]
        people.sort(key=lambda row: (row.search_key, row.id))
        return [row.id for row in people]
    return []


# --- who an order names, and whether their data may be processed ------------------------

# Everyone a pair or group names: the mentor first (place 0), then the mentees in order.
_MEMBERS_SQL = """
    SELECT m.id, 0, p.id, p.last_name, p.first_name, p.middle_name, p.category,
           p.class_name, p.birth_date, p.consent_status, p.consent_date, p.consent_signer,
           p.representative_name
    FROM mentorship m JOIN participant p ON p.id = m.mentor_id
    WHERE m.id IN (SELECT value FROM json_each(:ids))
    UNION ALL
    SELECT mm.mentorship_id, 1 + mm.position, p.id, p.last_name, p.first_name, p.middle_name,
           p.category, p.class_name, p.birth_date, p.consent_status, p.consent_date,
           p.consent_signer, p.representative_name
    FROM mentorship_mentee mm JOIN participant p ON p.id = mm.participant_id
    WHERE mm.mentorship_id IN (SELECT value FROM json_each(:ids))
"""


@dataclass(frozen=True)
class _Member:
    mentorship_id: int
    id: int
    name: str  # «Фамилия И.О.», a student with the class: «Иванов И.И. (7Б)»
    consent: ConsentState


_Rows = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]


def _members(rows: _Rows, mentorship_ids: Sequence[int], today: date) -> list[_Member]:
    """The people of these pairs, pair by pair in the order given, each pair's mentor
    first; `rows` runs the query (on a connection, or in the caller's session)."""
    from mentor_desk.domain.participants import ConsentStatus, consent_state

    wanted = list(dict.fromkeys(mentorship_ids))
    order = {mid: index for index, mid in enumerate(wanted)}
    found = sorted(
        rows(_MEMBERS_SQL, {"ids": json.dumps(wanted)}),
        key=lambda r: (order.get(r[0], len(order)), r[1], r[2]),
    )
    members = []
    for mid, _, pid, last, first, middle, cat, cls, birth, status, on, signer, rep in found:
        name = short_name(last, first, middle)
        if Category(cat) is Category.STUDENT and cls:
            name = f"{name} ({cls})"
        state = consent_state(
            ConsentStatus(status), _any_day(on), rep, _any_day(birth), today, signer=signer
        )
        members.append(_Member(mid, pid, name, state))
    return members


def _any_day(value: date | str | None) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def _on_connection(conn: sqlite3.Connection) -> _Rows:
    return lambda sql, params: conn.execute(sql, params).fetchall()


def _in_session(session: Session) -> _Rows:
    from sqlalchemy import text

    return lambda sql, params: session.execute(text(sql), params).all()


def _consent_problems(members: Iterable[_Member]) -> list[tuple[str, ConsentState]]:
    seen: dict[int, tuple[str, ConsentState]] = {}
    for member in members:
        if member.consent is not ConsentState.VALID:
            seen.setdefault(member.id, (member.name, member.consent))
    return list(seen.values())


def consent_problems(
    conn: sqlite3.Connection, mentorship_ids: Sequence[int], today: date
) -> list[tuple[str, ConsentState]]:
    """Everyone these pairs and groups name (mentors and mentees) whose consent to the
    processing of personal data is not valid today: («Фамилия И.О.», its state), each
    person once, in the pairs' order. An order fixing the pairs names them all.

    A WITHDRAWN consent stops the order (issue() refuses it); a MISSING or INCOMPLETE
    one needs the user's confirmation (issue(..., confirmed_without_consent=True)).
    """
    return _consent_problems(_members(_on_connection(conn), mentorship_ids, today))


WITHDRAWN_CONSENT = (
    "Согласие на обработку персональных данных отозвано: {names}; "
    "уберите их из пар или завершите пары"
)
UNCONFIRMED_CONSENT = (
    "Нет действующего согласия на обработку персональных данных: {names}. "
    "Приказ с ними издаётся только после подтверждения"
)


def withdrawn_names(problems: Sequence[tuple[str, ConsentState]]) -> list[str]:
    """The people of consent_problems() whose consent is withdrawn: no order names them."""
    return [name for name, state in problems if state is ConsentState.WITHDRAWN]


def consent_list(problems: Sequence[tuple[str, ConsentState]]) -> str:
    """«Иванов И.И. (7Б) — нет согласия, Петров П.П. — оформлено не полностью»."""
    return ", ".join(f"{name} — {state.label}" for name, state in problems)


def _check_consent(
    problems: Sequence[tuple[str, ConsentState]], confirmed_without_consent: bool
) -> None:
    withdrawn = withdrawn_names(problems)
    if withdrawn:
        raise DocumentError(WITHDRAWN_CONSENT.format(names=", ".join(withdrawn)))
    if problems and not confirmed_without_consent:
        raise DocumentError(UNCONFIRMED_CONSENT.format(names=consent_list(problems)))


def _pair_label(members: Sequence[_Member]) -> str:
    """«Смирнова О.П. — Иванов И.И. (7Б), Петров П.П. (7Б)»: a pair as a message names it."""
    mentor = members[0].name if members else "?"
    mentees = ", ".join(member.name for member in members[1:]) or "—"
    return f"{mentor} — {mentees}"


def _ended_after(
    rows: _Rows, ended: Mapping[int, date | None], issued_on: date, today: date
) -> None:
    """An order ending programs is not dated before the programs ended."""
    late = [mid for mid, on in ended.items() if on is not None and on > issued_on]
    if not late:
        return
    by_pair: dict[int, list[_Member]] = {}
    for member in _members(rows, late, today):
        by_pair.setdefault(member.mentorship_id, []).append(member)
    named = "; ".join(
        f"{_pair_label(by_pair.get(mid, []))} (завершена {format_date(ended[mid])})" for mid in late
    )
    raise DocumentError(
        f"Дата приказа {format_date(issued_on)} раньше завершения программ: {named}. "
        "Приказ о завершении датируется не раньше дня, когда программы завершены"
    )


# --- issuing and the journal -----------------------------------------------------------


def issue(
    session: Session,
    kind: DocKind,
    number: str,
    issued_on: date,
    title: str,
    payload: Mapping[str, Any],
    mentorship_ids: Sequence[int],
    today: date,
    *,
    confirmed_without_consent: bool = False,
) -> int:
    """Record an issued document in the journal, in the caller's transaction; its id.

    A numbered kind (an order) needs a number not used this calendar year. PAIRS moves
    the pairs to «утверждена» with the order's number and date; it refuses pairs where
    anyone's consent to the processing of personal data is withdrawn, and pairs where
    anyone has no valid consent unless confirmed_without_consent (the user was shown
    consent_problems() and agreed). END needs ended pairs, ended on or before the order's
    date. ROADMAP may approve a roadmap approved before (roadmap_approval() tells).
    """
    from mentor_desk.services.pairs import PairError, approve

    clean = clean_number(number)
    if issued_on > today:
        raise DocumentError("Дата документа не может быть в будущем")
    if kind.numbered:
        problem = _check_number_in(session, clean, issued_on)
        if problem:
            raise DocumentError(problem)
    ids = list(dict.fromkeys(mentorship_ids))
    if kind in (DocKind.PAIRS, DocKind.END) and not ids:
        raise DocumentError("В приказе нет ни одной пары или группы")
    if kind is DocKind.PAIRS:
        members = _members(_in_session(session), ids, today)
        _check_consent(_consent_problems(members), confirmed_without_consent)
        try:
            approve(session, ids, clean, issued_on, today)
        except PairError as exc:
            raise DocumentError(str(exc)) from exc
    elif ids:
        pairs = {p.id: p for p in session.scalars(select(Mentorship).where(Mentorship.id.in_(ids)))}
        if len(pairs) != len(ids):
            raise DocumentError("Пара или группа не найдена: возможно, её уже удалили")
        if kind is DocKind.END and any(p.status != Status.ENDED.value for p in pairs.values()):
            raise DocumentError("В приказ о завершении попадают только завершённые пары и группы")
        if kind is DocKind.END:
            ended = {i: pairs[i].ended_on for i in ids}
            _ended_after(_in_session(session), ended, issued_on, today)
    document = IssuedDocument(
        kind=kind.value,
        number=clean,
        issued_on=issued_on,
        title=" ".join(title.split()) or kind.journal_title,
        payload=json.dumps(dict(payload), ensure_ascii=False),
    )
    document.pairs = [IssuedDocumentPair(mentorship_id=i) for i in ids]
    session.add(document)
    session.flush()
    return document.id


@dataclass(frozen=True)
class JournalEntry:
    id: int
    kind: DocKind
    number: str
    issued_on: date
    title: str
    pairs: int

    @property
    def label(self) -> str:
        return self.kind.label


_KINDS = {kind.value: kind for kind in DocKind}
_JOURNAL_SQL = """
    SELECT d.id, d.kind, d.number, d.issued_on, d.title, count(p.mentorship_id)
    FROM issued_document d LEFT JOIN issued_document_pair p ON p.document_id = d.id
    GROUP BY d.id ORDER BY d.issued_on DESC, d.id DESC
"""


def journal(conn: sqlite3.Connection) -> list[JournalEntry]:
    """Every issued document, newest first, with how many pairs and groups it names.

    A kind this version does not know (written by a newer one) is not listed: it could
    not be re-opened here.
    """
    return [
        JournalEntry(i, _KINDS[kind], number, date.fromisoformat(on), title, count)
        for i, kind, number, on, title, count in conn.execute(_JOURNAL_SQL).fetchall()
        if kind in _KINDS
    ]


def journal_pairs(conn: sqlite3.Connection, document_id: int) -> list[int]:
    """The pairs and groups a journal entry names."""
    rows = conn.execute(
        "SELECT mentorship_id FROM issued_document_pair WHERE document_id = ? "
        "ORDER BY mentorship_id",
        (document_id,),
    )
    return [mid for (mid,) in rows.fetchall()]


def reopen_data(conn: sqlite3.Connection, document_id: int) -> tuple[DocKind, Any]:
    """A journal entry's kind and its data, exactly as issued."""
    row = conn.execute(
        "SELECT kind, payload FROM issued_document WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        raise DocumentError("Документ не найден в журнале: возможно, его удалили")
    kind = _KINDS.get(row[0])
    if kind is None:
        raise DocumentError(DAMAGED)
    try:
        payload = json.loads(row[1])
    except ValueError as exc:
        raise DocumentError(DAMAGED) from exc
    return kind, from_payload(kind, payload)


def reopen(conn: sqlite3.Connection, document_id: int) -> Document:
    """The document of a journal entry, rebuilt from the data kept when it was issued."""
    kind, data = reopen_data(conn, document_id)
    return build(kind, data)


def record_consent_handouts(session: Session, participant_ids: Iterable[int], on: date) -> None:
    """Note in the register that consent forms were handed out on this day."""
    ids = list(dict.fromkeys(participant_ids))
    known = set(session.scalars(select(Participant.id).where(Participant.id.in_(ids))))
    if len(known) != len(ids):
        raise DocumentError("Участник не найден: возможно, его удалили из реестра")
    session.add_all(ConsentHandout(participant_id=i, handed_on=on) for i in ids)
    session.flush()


# --- the journal's payload: dataclasses as JSON and back -------------------------------
#
# Dates, enums, tuples and nested dataclasses are tagged with "$…" keys, so the data
# comes back as the same objects without relying on annotations: a PairsOrder with its
# OrderRows, Terms, Forms and dates. Classes are named by module and name, and only
# mentor_desk's dataclasses and enums are accepted back.

PAYLOAD_VERSION = 1
_TYPE, _ENUM, _DATE, _DATETIME = "$type", "$enum", "$date", "$datetime"
_TUPLE, _DICT, _LIST, _VERSION = "$tuple", "$dict", "$list", "$version"


def _class_name(cls: type[Any]) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Enum):
        return {_ENUM: _class_name(type(value)), "value": _encode(value.value)}
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if is_dataclass(value) and not isinstance(value, type):
        encoded = {_TYPE: _class_name(type(value))}
        for f in fields(value):
            if f.init:
                encoded[f.name] = _encode(getattr(value, f.name))
        return encoded
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {_DICT: [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot keep {type(value).__name__} in the journal")


def _resolve(name: Any) -> type[Any]:
    if not isinstance(name, str) or ":" not in name:
        raise DocumentError(DAMAGED)
    module_name, _, qualname = name.partition(":")
    if module_name.split(".")[0] != "mentor_desk":
        raise DocumentError(DAMAGED)
    try:
        found: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError) as exc:
        raise DocumentError(DAMAGED) from exc
    if not isinstance(found, type) or not (issubclass(found, Enum) or is_dataclass(found)):
        raise DocumentError(DAMAGED)
    return found


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    try:
        if _DATE in value:
            return date.fromisoformat(value[_DATE])
        if _DATETIME in value:
            return datetime.fromisoformat(value[_DATETIME])
        if _TUPLE in value:
            return tuple(_decode(v) for v in value[_TUPLE])
        if _DICT in value:
            return {_decode(k): _decode(v) for k, v in value[_DICT]}
        if _ENUM in value:
            return _resolve(value[_ENUM])(_decode(value["value"]))
        if _TYPE in value:
            cls = _resolve(value[_TYPE])
            if issubclass(cls, Enum):
                raise DocumentError(DAMAGED)
            kwargs = {k: _decode(v) for k, v in value.items() if not k.startswith("$")}
            return cls(**kwargs)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        if isinstance(exc, DocumentError):
            raise
        raise DocumentError(DAMAGED) from exc
    raise DocumentError(DAMAGED)


def to_payload(data: Any) -> dict[str, Any]:
    """A builder's data (a dataclass, or a list of them) as JSON-ready data for the journal."""
    if isinstance(data, list):
        return {_VERSION: PAYLOAD_VERSION, _LIST: [to_payload(item) for item in data]}
    if not is_dataclass(data) or isinstance(data, type):
        raise TypeError("the journal keeps a document's dataclass")
    encoded = _encode(data)
    assert isinstance(encoded, dict)
    return {_VERSION: PAYLOAD_VERSION, **encoded}


def from_payload(kind: DocKind, payload: Mapping[str, Any]) -> Any:
    """The builder's data back from the journal: the same dataclass, equal to the original."""
    if _LIST in payload:
        items = payload[_LIST]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise DocumentError(DAMAGED)
        data: Any = [_decode({k: v for k, v in i.items() if k != _VERSION}) for i in items]
    else:
        data = _decode({k: v for k, v in payload.items() if k != _VERSION})
    if not builder(kind).accepts(data):
        raise DocumentError(DAMAGED)
    return data


# --- the roadmap ------------------------------------------------------------------------


def roadmap_approval(conn: sqlite3.Connection, roadmap_id: int) -> tuple[str, date] | None:
    """(number, date) of the latest order in the journal approving this roadmap, or None.

    A roadmap may be approved again (a new order after changes): the UI asks this first
    to say «уже утверждена приказом от … № …». Orders issued before the journal kept
    the roadmap's id (RoadmapOrder.roadmap_id) are not found.
    """
    row = conn.execute(
        "SELECT number, issued_on FROM issued_document WHERE kind = ? "
        "AND json_valid(payload) AND json_extract(payload, '$.roadmap_id') = ? "
        "ORDER BY issued_on DESC, id DESC LIMIT 1",
        (DocKind.ROADMAP.value, roadmap_id),
    ).fetchone()
    return (row[0], date.fromisoformat(row[1])) if row else None


class _Journal(Enum):
    APPROVAL = "journal"


APPROVAL_FROM_JOURNAL = _Journal.APPROVAL  # roadmap_doc_data's default: roadmap_approval()


def roadmap_doc_data(
    conn: sqlite3.Connection,
    roadmap_id: int,
    today: date,
    *,
    with_status: bool = False,
    approved_by_order: tuple[str, date | None] | _Journal | None = APPROVAL_FROM_JOURNAL,
) -> RoadmapDoc:
    """A roadmap as printed: the template's columns, the items as they stand today.

    approved_by_order: (number, date) of the order whose appendix it is; by default the
    latest order approving it (roadmap_approval()), so an approved roadmap prints
    «Приложение к приказу от … № …»; None prints the stamp «УТВЕРЖДАЮ» to sign.
    """
    from mentor_desk.documents.roadmap_doc import RoadmapDoc, rows_from_items
    from mentor_desk.services import roadmap

    profile = _profile(conn)
    info = next((r for r in roadmap.roadmaps(conn) if r.id == roadmap_id), None)
    if info is None:
        raise DocumentError("Дорожная карта не найдена: возможно, её удалили")
    items = roadmap.read_items(conn, roadmap_id, today)
    if not items:
        raise DocumentError("В дорожной карте нет мероприятий: печатать нечего")
    if isinstance(approved_by_order, _Journal):
        approved_by_order = roadmap_approval(conn, roadmap_id)
    return RoadmapDoc(
        org_full_name=profile.full_name,
        title=info.title,
        period_text=f"{info.start_year}-{info.end_year} годы",
        director_position=profile.director_position,
        director_name=initials_last(profile.director_name),
        approved_by_order=approved_by_order,
        columns=_roadmap_columns(conn, roadmap_id, items),
        rows=rows_from_items(items),
        with_status=with_status,
        org_short_name=profile.short_name,
    )


def _roadmap_columns(
    conn: sqlite3.Connection, roadmap_id: int, items: Sequence[Any]
) -> tuple[str, ...]:
    """The template's columns when the roadmap came from one; else the ones filled in."""
    from mentor_desk.domain.roadmap import COLUMNS
    from mentor_desk.services.roadmap_templates import scan_templates

    (key,) = conn.execute("SELECT template FROM roadmap WHERE id = ?", (roadmap_id,)).fetchone()
    known = {t.key: t for t in scan_templates().templates}
    wanted = set(known[key].columns) if key in known else {"section", "activity", "deadline"}
    wanted |= {"activity", "deadline", "responsible"}  # the checklist always has these
    filled = {
        "expected_result": any(i.expected_result for i in items),
        "indicator": any(i.indicator for i in items),
    }
    wanted |= {column for column, used in filled.items() if used}
    return tuple(column for column in COLUMNS if column in wanted)


def roadmap_order_data(
    conn: sqlite3.Connection,
    roadmap_id: int,
    number: str,
    issued_on: date | None,
    today: date,
    *,
    place: str | None = None,
    curator: str | None = None,
    draft: bool = False,
) -> RoadmapOrder:
    """The order approving the roadmap, the roadmap (as planned) in its appendix."""
    from mentor_desk.documents.roadmap_doc import (
        RoadmapOrder,
        acquainted_from_items,
        roadmap_order_title,
    )
    from mentor_desk.services import roadmap

    profile = _profile(conn)
    curator_name, curator_position = _curator(profile, curator)
    doc = roadmap_doc_data(conn, roadmap_id, today,
                           approved_by_order=(clean_number(number), issued_on))  # fmt: skip
    items = roadmap.read_items(conn, roadmap_id, today)
    return RoadmapOrder(
        org_full_name=profile.full_name,
        place=_place(profile, place),
        number=clean_number(number),
        order_date=issued_on,
        title=roadmap_order_title(doc.period_text),
        curator=last_initials(curator_name),
        director_position=profile.director_position,
        director_name=initials_last(profile.director_name),
        roadmap=doc,
        acquainted=acquainted_from_items(
            last_initials(curator_name), items, initials_last(profile.director_name)
        ),
        draft=draft,
        curator_position=curator_position,
        roadmap_id=roadmap_id,
    )
