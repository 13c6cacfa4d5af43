"""The editable lists (справочники): target groups and matching topics."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentor_desk.domain.participants import TermKind
from mentor_desk.domain.text import fold
from mentor_desk.paths import resource
from mentor_desk.queries.people import term_names
from mentor_desk.storage.database import session_connection
from mentor_desk.storage.models import Term

DEFAULT_FILES = {TermKind.TARGET_GROUP: "target_groups.txt", TermKind.TOPIC: "topics.txt"}


class VocabularyError(ValueError):
    """A list edit that cannot be made; the message is for the user."""


def default_terms(kind: TermKind) -> list[str]:
    """The shipped list for a kind: one entry a line, '#' starts a comment."""
    text = resource("vocabularies", DEFAULT_FILES[kind]).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def seed_defaults(session: Session) -> None:
    """Fill the lists of a new database from resources/vocabularies/."""
    for kind in TermKind:
        for position, name in enumerate(default_terms(kind)):
            session.add(Term(kind=kind.value, name=name, position=position))


def _names(session: Session, kind: TermKind) -> list[str]:
    """The list as this transaction sees it: the display read, in the transaction."""
    return term_names(session_connection(session), kind)


def _get(session: Session, kind: TermKind, name: str) -> Term:
    term = session.scalar(select(Term).where(Term.kind == kind.value, Term.name == name))
    if term is None:
        raise VocabularyError(f"В списке нет «{name}»")
    return term


def _clean(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise VocabularyError("Название не может быть пустым")
    return cleaned


def add_term(session: Session, kind: TermKind, name: str) -> str:
    cleaned = _clean(name)
    if fold(cleaned) in {fold(t) for t in _names(session, kind)}:
        raise VocabularyError(f"«{cleaned}» уже есть в списке")
    last = session.scalar(select(func.max(Term.position)).where(Term.kind == kind.value))
    session.add(Term(kind=kind.value, name=cleaned, position=(last or 0) + 1))
    return cleaned


def rename_term(session: Session, kind: TermKind, old: str, new: str) -> str:
    cleaned = _clean(new)
    others = {fold(t) for t in _names(session, kind) if t != old}
    if fold(cleaned) in others:
        raise VocabularyError(f"«{cleaned}» уже есть в списке")
    _get(session, kind, old).name = cleaned
    return cleaned


def delete_term(session: Session, kind: TermKind, name: str) -> None:
    """Remove a term; people lose it as a tag (the UI says how many first)."""
    session.delete(_get(session, kind, name))


def ensure_terms(session: Session, kind: TermKind, names: list[str]) -> dict[str, Term]:
    """Terms by the names given, adding unknown ones to the list.

    "Олимпиады" finds "олимпиады": case and ё do not make a new entry.
    """
    existing = list(session.scalars(select(Term).where(Term.kind == kind.value)))
    by_key = {fold(t.name): t for t in existing}
    last = max((t.position for t in existing), default=0)
    found: dict[str, Term] = {}
    for name in names:
        cleaned = _clean(name)
        term = by_key.get(fold(cleaned))
        if term is None:
            last += 1
            term = Term(kind=kind.value, name=cleaned, position=last)
            session.add(term)
            by_key[fold(cleaned)] = term
        found[name] = term
    return found
