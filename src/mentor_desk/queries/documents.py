"""What the documents print of the register: pairs and groups, people, members with their
consent, the order numbers taken, the passport's counts."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from mentor_desk.domain.pairs import Form, Kind, Status
from mentor_desk.domain.participants import Category, ConsentState, ConsentStatus, consent_state
from mentor_desk.domain.text import fold, short_name
from mentor_desk.queries.sql import IN_IDS, day, ids_param


@dataclass(frozen=True)
class PairLine:
    """One pair or group: «Фамилия И.О.» of the mentor, the mentees with their classes."""

    id: int
    mentor: str
    mentees: list[str]  # «Фамилия И.О. (7Б)»
    form: Form
    status: Status
    order_number: str
    order_date: date | None


_PAIRS_SQL = f"""
    SELECT id, mentor_id, form, status, order_number, order_date FROM mentorship
    WHERE (? OR id IN {IN_IDS}) AND (? IS NULL OR status = ?)
"""
_MENTEES_SQL = f"""
    SELECT mentorship_id, participant_id FROM mentorship_mentee
    WHERE mentorship_id IN {IN_IDS} ORDER BY position, participant_id
"""


def pair_lines(
    conn: sqlite3.Connection,
    ids: Sequence[int] | None = None,
    *,
    status: Status | None = None,
) -> list[PairLine]:
    """The pairs and groups asked for (by default all), of a status if given, by the
    mentor's name then id; an id not in the register is left out."""
    state = status.value if status else None
    found = conn.execute(_PAIRS_SQL, (ids is None, ids_param(ids or ()), state, state)).fetchall()
    members: dict[int, list[int]] = defaultdict(list)
    for mid, pid in conn.execute(_MENTEES_SQL, (ids_param(row[0] for row in found),)):
        members[mid].append(pid)
    everyone = {row[1] for row in found} | {p for ps in members.values() for p in ps}
    names: dict[int, tuple[str, str]] = {
        pid: (short_name(p.last_name, p.first_name, p.middle_name), p.class_name)
        for pid, p in doc_people(conn, everyone).items()
    }

    def name(pid: int, with_class: bool = False) -> str:
        shown, class_name = names.get(pid, ("?", ""))
        return f"{shown} ({class_name})" if with_class and class_name else shown

    lines = [
        PairLine(mid, name(mentor), [name(p, True) for p in members.get(mid, [])], Form(form),
                 Status(state), number or "", day(on))
        for mid, mentor, form, state, number, on in found
    ]  # fmt: skip
    lines.sort(key=lambda line: (fold(line.mentor), line.id))
    return lines


# --- what a document prints of people and pairs -----------------------------------------


@dataclass(frozen=True)
class DocPerson:
    """Someone a document names: the name in parts and what they are at the school."""

    id: int
    last_name: str
    first_name: str
    middle_name: str
    category: Category
    class_name: str
    position: str
    organization: str


_DOC_PEOPLE_SQL = f"""
    SELECT id, last_name, first_name, middle_name, category, class_name, position, organization
    FROM participant WHERE id IN {IN_IDS}
"""


def doc_people(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, DocPerson]:
    """These people by id; an id not in the register is left out."""
    found = conn.execute(_DOC_PEOPLE_SQL, (ids_param(ids),)).fetchall()
    return {
        pid: DocPerson(pid, last, first, middle or "", Category(cat), cls or "", pos or "",
                       org or "")
        for pid, last, first, middle, cat, cls, pos, org in found
    }  # fmt: skip


@dataclass(frozen=True)
class DocPair:
    """A pair or group as an order or an extract prints it, its mentees in their order."""

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


_DOC_PAIRS_SQL = f"""
    SELECT id, mentor_id, form, kind, status, started_on, ends_on, ended_on, end_reason,
           end_note, order_number, order_date
    FROM mentorship WHERE id IN {IN_IDS}
"""


def doc_pairs(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, DocPair]:
    """These pairs and groups by id; an id not in the register is left out."""
    wanted = ids_param(ids)
    members: dict[int, list[int]] = defaultdict(list)
    for mid, pid in conn.execute(_MENTEES_SQL, (wanted,)):
        members[mid].append(pid)
    return {
        mid: DocPair(mid, mentor, Form(form), Kind(kind), Status(status), day(started),
                     day(ends), day(ended), reason or "", note or "", number or "", day(on),
                     tuple(members.get(mid, ())))
        for mid, mentor, form, kind, status, started, ends, ended, reason, note, number, on
        in conn.execute(_DOC_PAIRS_SQL, (wanted,)).fetchall()
    }  # fmt: skip


_DRAFT_IDS_SQL = "SELECT id FROM mentorship WHERE status = 'draft' ORDER BY id"
_LIVE_IDS_SQL = "SELECT id FROM mentorship WHERE status != 'ended' ORDER BY id"


def pair_ids_by_status(conn: sqlite3.Connection, *, draft: bool = False) -> list[int]:
    """The ids of the draft pairs and groups (draft=True), else of those not ended."""
    return [mid for (mid,) in conn.execute(_DRAFT_IDS_SQL if draft else _LIVE_IDS_SQL)]


_ENDED_NOT_ORDERED_SQL = """
    SELECT id FROM mentorship WHERE status = 'ended' AND id NOT IN (
        SELECT p.mentorship_id FROM issued_document_pair p
        JOIN issued_document d ON d.id = p.document_id WHERE d.kind = 'end')
    ORDER BY ended_on, id
"""


def ended_not_ordered(conn: sqlite3.Connection) -> list[int]:
    """The ended pairs and groups that no order ending programs names yet, by end date."""
    return [mid for (mid,) in conn.execute(_ENDED_NOT_ORDERED_SQL).fetchall()]


@dataclass(frozen=True)
class PairMember:
    """Someone a pair or group names, with the state of their consent on the day asked."""

    mentorship_id: int
    id: int
    name: str  # «Фамилия И.О.», a student with the class: «Иванов И.И. (7Б)»
    consent: ConsentState


# Everyone a pair or group names: the mentor first (place 0), then the mentees in order.
_MEMBERS_SQL = f"""
    SELECT m.id, 0, p.id, p.last_name, p.first_name, p.middle_name, p.category,
           p.class_name, p.birth_date, p.consent_status, p.consent_date, p.consent_signer,
           p.representative_name
    FROM mentorship m JOIN participant p ON p.id = m.mentor_id
    WHERE m.id IN {IN_IDS}
    UNION ALL
    SELECT mm.mentorship_id, 1 + mm.position, p.id, p.last_name, p.first_name, p.middle_name,
           p.category, p.class_name, p.birth_date, p.consent_status, p.consent_date,
           p.consent_signer, p.representative_name
    FROM mentorship_mentee mm JOIN participant p ON p.id = mm.participant_id
    WHERE mm.mentorship_id IN {IN_IDS}
"""


def pair_members(
    conn: sqlite3.Connection, mentorship_ids: Sequence[int], today: date
) -> list[PairMember]:
    """The people of these pairs, pair by pair in the order given, each pair's mentor
    first, with their consent as it stands today."""
    wanted = list(dict.fromkeys(mentorship_ids))
    order = {mid: index for index, mid in enumerate(wanted)}
    ids = ids_param(wanted)
    found = sorted(
        conn.execute(_MEMBERS_SQL, (ids, ids)).fetchall(),
        key=lambda r: (order.get(r[0], len(order)), r[1], r[2]),
    )
    members = []
    for mid, _, pid, last, first, middle, cat, cls, birth, status, on, signer, rep in found:
        name = short_name(last, first, middle)
        if Category(cat) is Category.STUDENT and cls:
            name = f"{name} ({cls})"
        state = consent_state(ConsentStatus(status), day(on), rep, day(birth), today,
                              signer=signer)  # fmt: skip
        members.append(PairMember(mid, pid, name, state))
    return members


# --- order numbers already taken ---------------------------------------------------------

_NUMBERS_USED_SQL = f"""
    SELECT id, number, issued_on, title FROM issued_document
    WHERE kind IN {IN_IDS} AND substr(issued_on, 1, 4) = ?
    ORDER BY issued_on, id
"""
_APPROVING_NUMBERS_SQL = """
    SELECT DISTINCT order_number, order_date FROM mentorship
    WHERE order_number != '' AND substr(order_date, 1, 4) = ?
      AND id NOT IN (SELECT mentorship_id FROM issued_document_pair WHERE document_id = ?)
    ORDER BY order_date
"""


def numbers_used(
    conn: sqlite3.Connection, kinds: Sequence[str], year: int
) -> list[tuple[int, str, date | None, str]]:
    """(id, number, date, title) of the journal's documents of these kinds in a year."""
    found = conn.execute(_NUMBERS_USED_SQL, (json.dumps(list(kinds)), f"{year:04d}"))
    return [(i, number, day(on), title) for i, number, on, title in found.fetchall()]


def approving_numbers(
    conn: sqlite3.Connection, year: int, exclude: int | None = None
) -> list[tuple[str, date | None]]:
    """(number, date) of the approving orders the pairs carry in a year (an order recorded
    before the journal, or typed by hand), but those of the journal's entry `exclude`."""
    found = conn.execute(
        _APPROVING_NUMBERS_SQL, (f"{year:04d}", -1 if exclude is None else exclude)
    )
    return [(number, day(on)) for number, on in found.fetchall()]


# --- the program passport --------------------------------------------------------------


@dataclass(frozen=True)
class PassportFacts:
    """What the passport counts in the register as it is: forms in use, audience, people."""

    forms: frozenset[Form]  # of the pairs and groups not ended
    target_groups: list[str]  # those the people not archived carry, in the list's order
    mentors: int  # not archived
    mentees: int
    partners: list[str]  # the organisations of the partners not archived, A to Z


_LIVE_FORMS_SQL = "SELECT DISTINCT form FROM mentorship WHERE status != 'ended'"
_TARGET_GROUPS_USED_SQL = """
    SELECT t.name FROM term t WHERE t.kind = 'target_group' AND EXISTS (
        SELECT 1 FROM participant_term pt JOIN participant p ON p.id = pt.participant_id
        WHERE pt.term_id = t.id AND pt.relation = 'target_group' AND p.archived_at IS NULL)
    ORDER BY t.position, t.name
"""
_ROLES_SQL = """
    SELECT coalesce(sum(is_mentor), 0), coalesce(sum(is_mentee), 0) FROM participant
    WHERE archived_at IS NULL
"""
_PARTNERS_SQL = """
    SELECT DISTINCT trim(organization) FROM participant WHERE category = 'partner'
    AND archived_at IS NULL AND trim(organization) != '' ORDER BY 1
"""


def passport_facts(conn: sqlite3.Connection) -> PassportFacts:
    """The register's side of the program passport."""
    forms = frozenset(
        Form(form)
        for (form,) in conn.execute("SELECT form FROM mentorship WHERE status != 'ended'")
    )
    groups = [name for (name,) in conn.execute(_TARGET_GROUPS_USED_SQL).fetchall()]
    mentors, mentees = conn.execute(_ROLES_SQL).fetchone()
    partners = [org for (org,) in conn.execute(_PARTNERS_SQL).fetchall()]
    return PassportFacts(forms, groups, int(mentors), int(mentees), partners)
