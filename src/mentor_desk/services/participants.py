"""The participant register: add, edit, archive, restore, erase, find duplicates, list."""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from mentor_desk.domain.participants import (
    FIELD_GROUP,
    Category,
    ConsentStatus,
    ParticipantData,
    TermRelation,
    experience_on,
    field_applies,
    normalize_class,
    validate,
)
from mentor_desk.domain.text import full_name
from mentor_desk.services import vocabulary
from mentor_desk.storage.models import (
    Mentorship,
    MentorshipMentee,
    Participant,
    ParticipantTerm,
)


class ValidationFailed(ValueError):
    """The card has errors; `errors` maps field names to Russian messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class NotFound(LookupError):
    pass


_PLAIN_FIELDS = [
    f.name
    for f in fields(ParticipantData)
    if f.name not in {"category", "consent_status", "target_groups", "requests", "competencies"}
]

_PLAIN_FIELDS_SET = set(_PLAIN_FIELDS)
_GROUPED_FIELDS = sorted(FIELD_GROUP.keys() & _PLAIN_FIELDS_SET)
_EMPTY: dict[str, object] = {"experience_years": None, "hire_date": None, "in_dop": False}


def _clean(data: ParticipantData) -> ParticipantData:
    """Trim text, normalise the class, drop the fields the category does not have."""
    cleaned = copy.copy(data)  # the lists are replaced below, never changed in place
    cleaned.category = Category(data.category)
    cleaned.consent_status = ConsentStatus(data.consent_status)
    for name in _PLAIN_FIELDS:
        value = getattr(cleaned, name)
        if isinstance(value, str) and value:
            value = unicodedata.normalize("NFC", value)  # one spelling of «Й», «Ё» for search
            setattr(cleaned, name, " ".join(value.split()) if name != "note" else value.strip())
    for name in _GROUPED_FIELDS:
        if not field_applies(name, cleaned.category, cleaned.is_mentor):
            setattr(cleaned, name, _EMPTY.get(name, ""))
    if cleaned.class_name:
        cleaned.class_name = normalize_class(cleaned.class_name)
    if not cleaned.is_mentee:
        cleaned.target_groups, cleaned.requests = [], []
    if not cleaned.is_mentor:
        cleaned.competencies = []
        cleaned.capacity = 1  # only a mentor's facts mean anything
        cleaned.mentor_consent_date = cleaned.training_date = cleaned.interview_date = None
    for name in ("target_groups", "requests", "competencies"):
        names = (" ".join(n.split()) for n in getattr(cleaned, name))
        setattr(cleaned, name, list(dict.fromkeys(n for n in names if n)))
    return cleaned


def _apply(session: Session, person: Participant, data: ParticipantData, today: date) -> None:
    if data.experience_years != person.experience_years or person.experience_as_of is None:
        person.experience_as_of = today if data.experience_years is not None else None
    for name in _PLAIN_FIELDS:
        setattr(person, name, getattr(data, name))
    person.category = data.category.value
    person.consent_status = data.consent_status.value
    wanted: list[tuple[TermRelation, str]] = [
        *((TermRelation.TARGET_GROUP, n) for n in data.target_groups),
        *((TermRelation.REQUEST, n) for n in data.requests),
        *((TermRelation.COMPETENCY, n) for n in data.competencies),
    ]
    by_kind = {
        kind: vocabulary.ensure_terms(session, kind, [n for r, n in wanted if r.kind is kind])
        for kind in {r.kind for r, _ in wanted}
    }
    links: dict[tuple[TermRelation, int], ParticipantTerm] = {}
    for rel, name in wanted:
        term = by_kind[rel.kind][name]
        if (rel, id(term)) not in links:  # "Олимпиады" and "олимпиады" are one link
            links[rel, id(term)] = ParticipantTerm(term=term, relation=rel.value)
    person.terms = list(links.values())


def create(session: Session, data: ParticipantData, today: date) -> int:
    errors = validate(data, today)
    if errors:
        raise ValidationFailed(errors)
    person = Participant()
    _apply(session, person, _clean(data), today)
    session.add(person)
    session.flush()
    return person.id


def insert_many(
    session: Session, people: Sequence[ParticipantData], today: date, *, checked: bool = False
) -> int:
    """Add many cards with one statement: the importer's path, thousands at a time.

    The same checks and cleaning as create(); `checked` says the caller has just run
    validate() on every card (the importer shows its messages row by row). The cards carry
    no list links (an imported file has none), and any link given is refused, not dropped.
    created_at and updated_at are the storage's own stamps (the model's column defaults).
    """
    rows = []
    for data in people:
        errors = {} if checked else validate(data, today)
        if errors:
            raise ValidationFailed(errors)
        cleaned = _clean(data)
        if cleaned.target_groups or cleaned.requests or cleaned.competencies:
            raise ValueError("insert_many does not write list links; use create()")
        row = {name: getattr(cleaned, name) for name in _PLAIN_FIELDS}
        row.update(
            category=cleaned.category.value,
            consent_status=cleaned.consent_status.value,
            experience_as_of=today if cleaned.experience_years is not None else None,
            archived_at=None,
        )
        rows.append(row)
    if rows:
        # Core insert: one executemany, where ORM objects would cost ten times more.
        session.execute(insert(cast(Table, Participant.__table__)), rows)
    return len(rows)


def update_person(session: Session, person_id: int, data: ParticipantData, today: date) -> None:
    errors = validate(data, today)
    if errors:
        raise ValidationFailed(errors)
    _apply(session, _get(session, person_id), _clean(data), today)


def _get(session: Session, person_id: int) -> Participant:
    person = session.get(Participant, person_id)
    if person is None:
        raise NotFound(f"Участник №{person_id} не найден: возможно, его уже удалили")
    return person


def load(session: Session, person_id: int, today: date) -> ParticipantData:
    person = _get(session, person_id)
    data = ParticipantData(
        **{name: getattr(person, name) for name in _PLAIN_FIELDS},
        category=Category(person.category),
        consent_status=ConsentStatus(person.consent_status),
    )
    # Stored years grew since they were typed: the card shows today's figure.
    data.experience_years = experience_on(
        today, None, person.experience_years, person.experience_as_of
    )
    for link in person.terms:
        {
            TermRelation.TARGET_GROUP.value: data.target_groups,
            TermRelation.REQUEST.value: data.requests,
            TermRelation.COMPETENCY.value: data.competencies,
        }[link.relation].append(link.term.name)
    return data


def set_archived(session: Session, person_ids: list[int], archived: bool, now: datetime) -> int:
    """Archive is the everyday "remove": the person stays, hidden from the working lists.

    now: the moment of the user's action (the caller's clock), recorded as archived_at.
    Their pairs and groups are not touched: the board warns on each such card until the
    pair is ended or the person replaced.
    """
    result = session.execute(
        update(Participant)
        .where(Participant.id.in_(person_ids))
        .values(archived_at=now if archived else None, updated_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ErasureSummary:
    """What erasing a person deletes, shown in the confirmation before it happens."""

    person_id: int
    name: str
    term_links: int
    pairs_as_mentor: int = 0  # these pairs and groups go with their mentor
    pairs_as_mentee: int = 0  # the person leaves these; a pair left empty goes


def erasure_summary(session: Session, person_id: int) -> ErasureSummary:
    person = _get(session, person_id)
    links = session.scalar(
        select(func.count())
        .select_from(ParticipantTerm)
        .where(ParticipantTerm.participant_id == person_id)
    )
    as_mentor = session.scalar(
        select(func.count()).select_from(Mentorship).where(Mentorship.mentor_id == person_id)
    )
    as_mentee = session.scalar(
        select(func.count())
        .select_from(MentorshipMentee)
        .where(MentorshipMentee.participant_id == person_id)
    )
    name = full_name(person.last_name, person.first_name, person.middle_name)
    return ErasureSummary(person_id, name, int(links or 0), int(as_mentor or 0),
                          int(as_mentee or 0))  # fmt: skip


def erase(session: Session, person_id: int) -> None:
    """Delete a person and everything linked to them (withdrawn consent); no undo."""
    _get(session, person_id)
    session.execute(delete(Participant).where(Participant.id == person_id))
    # A pair or group whose only mentee was this person has no one left: it goes too.
    session.execute(
        delete(Mentorship).where(~Mentorship.id.in_(select(MentorshipMentee.mentorship_id)))
    )
