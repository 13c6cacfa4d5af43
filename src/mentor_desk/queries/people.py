"""Display reads of the register: its rows, names as the importers match them, the lists."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.participants import (
    Category,
    ConsentState,
    ConsentStatus,
    ParticipantData,
    TermKind,
    TermRelation,
    age_on,
    consent_state,
    experience_on,
    is_young_specialist,
    likely_same_person,
)
from mentor_desk.domain.text import fold, full_name
from mentor_desk.queries.sql import day


@dataclass(slots=True)
class RegisterRow:
    """One line of the register table, with the derived facts computed once."""

    id: int
    last_name: str
    first_name: str
    middle_name: str
    birth_date: date | None
    category: Category
    class_name: str
    position: str
    subject: str
    organization: str
    phone: str
    email: str
    is_mentor: bool
    is_mentee: bool
    in_dop: bool
    age: int | None
    experience: int | None
    young_specialist: bool
    consent: ConsentState
    archived: bool
    target_groups: tuple[str, ...]
    requests: tuple[str, ...]
    competencies: tuple[str, ...]
    search_key: str
    consent_form_handed: date | None = None  # the last consent form handed out to sign
    representative_name: str = ""  # a minor's legal representative, as the consent names

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)


_REGISTER_SQL = """
    SELECT id, last_name, first_name, middle_name, birth_date, category, class_name,
           position, subject, organization, phone, email, is_mentor, is_mentee, in_dop,
           experience_years, experience_as_of, hire_date, consent_status, consent_date,
           consent_signer, representative_name, archived_at IS NOT NULL
    FROM participant
"""
_LINKS_SQL = """
    SELECT pt.participant_id, pt.relation, t.name
    FROM participant_term pt JOIN term t ON t.id = pt.term_id
    ORDER BY t.position, t.name
"""
_HANDOUTS_SQL = "SELECT participant_id, max(handed_on) FROM consent_handout GROUP BY 1"
_CATEGORIES = {c.value: c for c in Category}
_STATUSES = {s.value: s for s in ConsentStatus}


def register_rows(conn: sqlite3.Connection, today: date) -> list[RegisterRow]:
    """Everyone in the register, archived included, as flat rows (three queries)."""
    links: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pid, relation, name in conn.execute(_LINKS_SQL):
        links[pid][relation].append(name)
    handed = {pid: day(on) for pid, on in conn.execute(_HANDOUTS_SQL)}
    empty: dict[str, list[str]] = {}
    rows = []
    for (
        pid, last, first, middle, birth_text, category, class_name, position, subject, org,
        phone, email, is_mentor, is_mentee, in_dop, exp_years, exp_as_of, hire, status,
        consent_date, signer, representative, archived,
    ) in conn.execute(_REGISTER_SQL):  # fmt: skip
        cat = _CATEGORIES[category]
        birth = day(birth_text)
        experience = experience_on(today, day(hire), exp_years, day(exp_as_of))
        own = links.get(pid, empty)
        state = consent_state(
            _STATUSES[status], day(consent_date), representative, birth, today, signer=signer
        )
        rows.append(
            RegisterRow(
                pid,
                last,
                first,
                middle,
                birth,
                cat,
                class_name,
                position,
                subject,
                org,
                phone,
                email,
                bool(is_mentor),
                bool(is_mentee),
                bool(in_dop),
                age_on(birth, today),
                experience,
                is_young_specialist(cat, experience),
                state,
                bool(archived),
                tuple(own.get(TermRelation.TARGET_GROUP.value, ())),
                tuple(own.get(TermRelation.REQUEST.value, ())),
                tuple(own.get(TermRelation.COMPETENCY.value, ())),
                fold(full_name(last, first, middle)),
                handed.get(pid),
                representative or "",
            )
        )
    return rows


def consent_form_handed(conn: sqlite3.Connection, participant_id: int) -> date | None:
    """When a consent form was last handed out to this person to sign, or None."""
    row = conn.execute(
        "SELECT max(handed_on) FROM consent_handout WHERE participant_id = ?", (participant_id,)
    ).fetchone()
    return day(row[0]) if row else None


def term_names(conn: sqlite3.Connection, kind: TermKind) -> list[str]:
    query = "SELECT name FROM term WHERE kind = ? ORDER BY position, name"
    return [name for (name,) in conn.execute(query, (kind.value,))]


def term_usage(conn: sqlite3.Connection, kind: TermKind) -> dict[str, int]:
    """How many people carry each term of a list: shown before a term is deleted."""
    query = """
        SELECT t.name, count(DISTINCT pt.participant_id)
        FROM term t LEFT JOIN participant_term pt ON pt.term_id = t.id
        WHERE t.kind = ? GROUP BY t.id
    """
    return {name: count for name, count in conn.execute(query, (kind.value,))}


@dataclass(frozen=True)
class KnownPerson:
    """Someone in the register, as an import compares the rows of a file with them."""

    id: int
    name: tuple[str, str, str]  # last, first, middle ("" when none)
    birth_date: date | None
    class_name: str
    archived: bool
    label: str  # "Иванов Иван Иванович (05.03.2012, 7Б, в архиве)"


_KNOWN_SQL = """
    SELECT id, last_name, first_name, middle_name, birth_date, class_name,
           archived_at IS NOT NULL
    FROM participant WHERE (? IS NULL OR birth_date IS NULL OR birth_date = ?) ORDER BY id
"""


def _known(conn: sqlite3.Connection, birth: date | None) -> list[KnownPerson]:
    """Everyone, or those whose birth date is this one or missing, by id."""
    on = birth.isoformat() if birth else None
    found = []
    for pid, last, first, middle, born_text, class_name, archived in conn.execute(
        _KNOWN_SQL, (on, on)
    ):
        born = day(born_text)
        name = full_name(last, first, middle)
        details = ", ".join(
            part for part in (format_date(born), class_name, "в архиве" if archived else "") if part
        )
        label = f"{name} ({details})" if details else name
        found.append(
            KnownPerson(
                pid, (last, first, middle or ""), born, class_name or "", bool(archived), label
            )
        )
    return found


def known_people(conn: sqlite3.Connection) -> list[KnownPerson]:
    """Everyone in the register, archived included, by id."""
    return _known(conn, None)


def find_duplicates(
    conn: sqlite3.Connection, data: ParticipantData, exclude_id: int | None = None
) -> list[tuple[int, str]]:
    """Likely duplicates of a card, by the register's one rule (likely_same_person), as
    the import finds them: the same last and first name (ё = е, any case), the patronymic
    equal or missing on one side, the birth date equal or missing on one side. Labels:
    "Name (birth, class)", the import's (KnownPerson.label)."""
    wanted = (data.last_name, data.first_name, data.middle_name)
    return [
        (person.id, person.label)
        for person in _known(conn, data.birth_date)
        if person.id != exclude_id
        and likely_same_person(wanted, data.birth_date, person.name, person.birth_date)
    ]


@dataclass(frozen=True)
class NamedPerson:
    """Someone in the register by name and roles, as a questionnaire names them."""

    id: int
    last_name: str
    first_name: str
    middle_name: str
    is_mentor: bool
    is_mentee: bool
    archived: bool


def named_people(conn: sqlite3.Connection) -> list[NamedPerson]:
    """Everyone in the register, archived included, by id."""
    sql = (
        "SELECT id, last_name, first_name, middle_name, is_mentor, is_mentee, "
        "archived_at IS NOT NULL FROM participant ORDER BY id"
    )
    return [
        NamedPerson(pid, last, first, middle or "", bool(mentor), bool(mentee), bool(archived))
        for pid, last, first, middle, mentor, mentee, archived in conn.execute(sql)
    ]


def hire_dates_and_notes(conn: sqlite3.Connection) -> dict[int, tuple[date | None, str]]:
    """What the export writes beside a register row: the hire date and the note, by id."""
    sql = "SELECT id, hire_date, note FROM participant"
    return {pid: (day(hire), note or "") for pid, hire, note in conn.execute(sql)}
