"""The participant register: add, edit, archive, restore, erase, find duplicates, list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from mentor_desk.domain.participants import (
    CATEGORY_FIELDS,
    Category,
    ConsentState,
    ConsentStatus,
    ParticipantData,
    TermRelation,
    age_on,
    consent_state,
    experience_on,
    is_young_specialist,
    normalize_class,
    validate,
)
from mentor_desk.domain.text import fold, full_name
from mentor_desk.services import vocabulary
from mentor_desk.storage.models import Participant, ParticipantTerm, Term


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
_CATEGORY_SPECIFIC = {
    "class_name": "class_name",
    "position": "position",
    "subject": "subject",
    "experience_years": "experience",
    "hire_date": "hire_date",
    "organization": "organization",
}


def _clean(data: ParticipantData) -> ParticipantData:
    """Trim text, normalise the class, drop the fields the category does not have."""
    cleaned = ParticipantData(**{f.name: getattr(data, f.name) for f in fields(data)})
    cleaned.category = Category(data.category)
    cleaned.consent_status = ConsentStatus(data.consent_status)
    own = CATEGORY_FIELDS[cleaned.category]
    for name in _PLAIN_FIELDS:
        value = getattr(cleaned, name)
        if isinstance(value, str):
            setattr(cleaned, name, " ".join(value.split()) if name != "note" else value.strip())
    for name, group in _CATEGORY_SPECIFIC.items():
        if group not in own:
            setattr(cleaned, name, None if name in ("experience_years", "hire_date") else "")
    if cleaned.class_name:
        cleaned.class_name = normalize_class(cleaned.class_name)
    if not cleaned.is_mentee:
        cleaned.target_groups, cleaned.requests = [], []
    if not cleaned.is_mentor:
        cleaned.competencies = []
        cleaned.capacity = 1  # only a mentor's capacity means anything
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


def find_duplicates(
    session: Session, data: ParticipantData, exclude_id: int | None = None
) -> list[tuple[int, str]]:
    """Likely duplicates: the same full name (ё = е, any case) and the same birth date."""
    if data.birth_date is None:
        return []
    candidates = session.execute(
        select(
            Participant.id,
            Participant.last_name,
            Participant.first_name,
            Participant.middle_name,
            Participant.class_name,
            Participant.archived_at,
        ).where(Participant.birth_date == data.birth_date)
    )
    wanted = fold(full_name(data.last_name, data.first_name, data.middle_name))
    found = []
    for pid, last, first, middle, class_name, archived in candidates:
        if pid == exclude_id or fold(full_name(last, first, middle)) != wanted:
            continue
        extra = f", {class_name}" if class_name else ""
        extra += ", в архиве" if archived else ""
        found.append((pid, f"{full_name(last, first, middle)} ({data.birth_date:%d.%m.%Y}{extra})"))
    return found


def set_archived(session: Session, person_ids: list[int], archived: bool) -> int:
    """Archive is the everyday "remove": the person stays, hidden from the working lists."""
    result = session.execute(
        update(Participant)
        .where(Participant.id.in_(person_ids))
        .values(archived_at=datetime.now() if archived else None, updated_at=datetime.now())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ErasureSummary:
    """What erasing a person deletes, shown in the confirmation before it happens."""

    person_id: int
    name: str
    term_links: int


def erasure_summary(session: Session, person_id: int) -> ErasureSummary:
    person = _get(session, person_id)
    links = session.scalar(
        select(func.count())
        .select_from(ParticipantTerm)
        .where(ParticipantTerm.participant_id == person_id)
    )
    name = full_name(person.last_name, person.first_name, person.middle_name)
    return ErasureSummary(person_id, name, int(links or 0))


def erase(session: Session, person_id: int) -> None:
    """Delete a person and everything linked to them (withdrawn consent); no undo."""
    _get(session, person_id)
    session.execute(delete(Participant).where(Participant.id == person_id))


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

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)


def register_rows(session: Session, today: date) -> list[RegisterRow]:
    """Everyone in the register as flat rows: two queries, no ORM objects (50,000 rows fast)."""
    links: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pid, relation, name in session.execute(
        select(ParticipantTerm.participant_id, ParticipantTerm.relation, Term.name)
        .join(Term)
        .order_by(Term.position)
    ):
        links[pid][relation].append(name)
    p = Participant
    query = select(
        p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, p.category,
        p.class_name, p.position, p.subject, p.organization, p.phone, p.email,
        p.is_mentor, p.is_mentee, p.experience_years, p.experience_as_of, p.hire_date,
        p.consent_status, p.consent_date, p.consent_signer, p.representative_name, p.archived_at,
    )  # fmt: skip
    rows = []
    empty: dict[str, list[str]] = {}
    for (
        pid, last, first, middle, birth, category, class_name, position, subject, org,
        phone, email, is_mentor, is_mentee, exp_years, exp_as_of, hire, consent_status,
        consent_date, signer, representative, archived_at,
    ) in session.execute(query):  # fmt: skip
        cat = Category(category)
        experience = experience_on(today, hire, exp_years, exp_as_of)
        own = links.get(pid, empty)
        rows.append(
            RegisterRow(
                id=pid,
                last_name=last,
                first_name=first,
                middle_name=middle,
                birth_date=birth,
                category=cat,
                class_name=class_name,
                position=position,
                subject=subject,
                organization=org,
                phone=phone,
                email=email,
                is_mentor=is_mentor,
                is_mentee=is_mentee,
                age=age_on(birth, today),
                experience=experience,
                young_specialist=is_young_specialist(cat, experience),
                consent=consent_state(
                    ConsentStatus(consent_status),
                    consent_date,
                    representative,
                    birth,
                    today,
                    signer=signer,
                ),
                archived=archived_at is not None,
                target_groups=tuple(own.get(TermRelation.TARGET_GROUP.value, ())),
                requests=tuple(own.get(TermRelation.REQUEST.value, ())),
                competencies=tuple(own.get(TermRelation.COMPETENCY.value, ())),
                search_key=fold(full_name(last, first, middle)),
            )
        )
    return rows


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
        """One pass over all rows; cheap enough to run on every keystroke at 50,000 rows."""
        words = fold(self.text).split()
        checks: list[Callable[[RegisterRow], bool]] = []
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
        if len(words) == 1:
            word = words[0]
            checks.append(lambda r: word in r.search_key)
        elif words:
            checks.append(lambda r: all(w in r.search_key for w in words))
        if not checks:
            return [True] * len(rows)
        if len(checks) == 1:
            only = checks[0]
            return [only(r) for r in rows]
        return [all(check(r) for check in checks) for r in rows]


_ROLE_CHECKS: dict[RoleFilter, Callable[[RegisterRow], bool]] = {
    RoleFilter.MENTOR: lambda r: r.is_mentor,
    RoleFilter.MENTEE: lambda r: r.is_mentee,
    RoleFilter.BOTH: lambda r: r.is_mentor and r.is_mentee,
    RoleFilter.NONE: lambda r: not (r.is_mentor or r.is_mentee),
}
_CONSENT_CHECKS: dict[ConsentFilter, Callable[[RegisterRow], bool]] = {
    ConsentFilter.VALID: lambda r: r.consent is ConsentState.VALID,
    ConsentFilter.NOT_VALID: lambda r: r.consent is not ConsentState.VALID,
    ConsentFilter.WITHDRAWN: lambda r: r.consent is ConsentState.WITHDRAWN,
}
