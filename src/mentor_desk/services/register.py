"""Reading the register for display: flat rows, derived facts, filters. No SQLAlchemy.

The register is read on every start and after every change; reading it with sqlite3
directly (no ORM objects, no SQLAlchemy import) keeps start-up and refresh fast at tens
of thousands of people. Writes go through services.participants in ORM transactions.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from mentor_desk.domain.participants import (
    Category,
    ConsentState,
    ConsentStatus,
    TermKind,
    TermRelation,
    age_on,
    consent_state,
    experience_on,
    is_young_specialist,
)
from mentor_desk.domain.text import fold, full_name


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

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)


_REGISTER_SQL = """
    SELECT id, last_name, first_name, middle_name, birth_date, category, class_name,
           position, subject, organization, phone, email, is_mentor, is_mentee,
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


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def register_rows(conn: sqlite3.Connection, today: date) -> list[RegisterRow]:
    """Everyone in the register, archived included, as flat rows (three queries)."""
    links: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pid, relation, name in conn.execute(_LINKS_SQL):
        links[pid][relation].append(name)
    handed = {pid: _day(on) for pid, on in conn.execute(_HANDOUTS_SQL)}
    empty: dict[str, list[str]] = {}
    rows = []
    for (
        pid, last, first, middle, birth_text, category, class_name, position, subject, org,
        phone, email, is_mentor, is_mentee, exp_years, exp_as_of, hire, status,
        consent_date, signer, representative, archived,
    ) in conn.execute(_REGISTER_SQL):  # fmt: skip
        cat = _CATEGORIES[category]
        birth = _day(birth_text)
        experience = experience_on(today, _day(hire), exp_years, _day(exp_as_of))
        own = links.get(pid, empty)
        state = consent_state(
            _STATUSES[status], _day(consent_date), representative, birth, today, signer=signer
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
            )
        )
    return rows


def consent_form_handed(conn: sqlite3.Connection, participant_id: int) -> date | None:
    """When a consent form was last handed out to this person to sign, or None."""
    row = conn.execute(
        "SELECT max(handed_on) FROM consent_handout WHERE participant_id = ?", (participant_id,)
    ).fetchone()
    return _day(row[0]) if row else None


def term_names(conn: sqlite3.Connection, kind: TermKind) -> list[str]:
    query = "SELECT name FROM term WHERE kind = ? ORDER BY position, name"
    return [name for (name,) in conn.execute(query, (kind.value,))]


class RoleFilter(str, Enum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    BOTH = "both"
    NONE = "none"


class ConsentFilter(str, Enum):
    VALID = "valid"
    NOT_VALID = "not_valid"  # missing, incomplete or withdrawn: the people to chase
    WITHDRAWN = "withdrawn"


class ArchiveFilter(str, Enum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    ALL = "all"


Check = Callable[[RegisterRow], bool]

_ROLE_CHECKS: dict[RoleFilter, Check] = {
    RoleFilter.MENTOR: lambda r: r.is_mentor,
    RoleFilter.MENTEE: lambda r: r.is_mentee,
    RoleFilter.BOTH: lambda r: r.is_mentor and r.is_mentee,
    RoleFilter.NONE: lambda r: not (r.is_mentor or r.is_mentee),
}
_CONSENT_CHECKS: dict[ConsentFilter, Check] = {
    ConsentFilter.VALID: lambda r: r.consent is ConsentState.VALID,
    ConsentFilter.NOT_VALID: lambda r: r.consent is not ConsentState.VALID,
    ConsentFilter.WITHDRAWN: lambda r: r.consent is ConsentState.WITHDRAWN,
}


@dataclass
class RegisterFilter:
    """What the curator narrowed the register to; empty values mean "any"."""

    text: str = ""
    role: RoleFilter | None = None
    category: Category | None = None
    class_name: str | None = None
    consent: ConsentFilter | None = None
    target_group: str | None = None
    archive: ArchiveFilter = ArchiveFilter.ACTIVE

    def mask(self, rows: list[RegisterRow]) -> list[bool]:
        """One pass over all rows; it runs on every keystroke, at 50,000 rows too."""
        words = fold(self.text).split()
        # The common case, typing a name in the working list, as one tight comprehension.
        if self._only_text_and_archive():
            archived = self.archive is ArchiveFilter.ARCHIVED
            if self.archive is ArchiveFilter.ALL:
                return [all(w in r.search_key for w in words) for r in rows]
            if len(words) <= 1:
                word = words[0] if words else ""
                return [r.archived is archived and word in r.search_key for r in rows]
            return [r.archived is archived and all(w in r.search_key for w in words) for r in rows]
        checks = self._checks(words)
        return [all(check(r) for check in checks) for r in rows]

    def _only_text_and_archive(self) -> bool:
        return (
            self.role is None
            and self.category is None
            and not self.class_name
            and self.consent is None
            and not self.target_group
        )

    def _checks(self, words: list[str]) -> list[Check]:
        checks: list[Check] = []
        if self.archive is ArchiveFilter.ACTIVE:
            checks.append(lambda r: not r.archived)
        elif self.archive is ArchiveFilter.ARCHIVED:
            checks.append(lambda r: r.archived)
        if self.role is not None:
            checks.append(_ROLE_CHECKS[self.role])
        if self.category is not None:
            category = self.category
            checks.append(lambda r: r.category is category)
        if self.class_name:
            class_name = self.class_name
            checks.append(lambda r: r.class_name == class_name)
        if self.consent is not None:
            checks.append(_CONSENT_CHECKS[self.consent])
        if self.target_group:
            tag = self.target_group
            checks.append(lambda r: tag in r.target_groups)
        if words:
            checks.append(lambda r: all(w in r.search_key for w in words))
        return checks
