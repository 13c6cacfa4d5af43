"""The consent gate: no order names a person whose data may not be processed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date

from mentor_desk.domain.participants import ConsentState
from mentor_desk.queries.documents import PairMember, pair_members
from mentor_desk.services.documents.registry import DocumentError


def problems_of(members: Iterable[PairMember]) -> list[tuple[str, ConsentState]]:
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
    return problems_of(pair_members(conn, mentorship_ids, today))


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


class ConsentWithdrawn(DocumentError):
    """Someone the order names has withdrawn the consent: no order names them."""


class ConsentUnconfirmed(DocumentError):
    """Someone the order names has no valid consent: issued only once the user agrees."""

    def __init__(self, problems: Sequence[tuple[str, ConsentState]]) -> None:
        super().__init__(UNCONFIRMED_CONSENT.format(names=consent_list(problems)))
        self.problems = list(problems)


def check_consent(
    problems: Sequence[tuple[str, ConsentState]], confirmed_without_consent: bool
) -> None:
    """The consent gate of an order naming people: ConsentWithdrawn whatever the user
    says, ConsentUnconfirmed unless the user confirmed (problems: consent_problems())."""
    withdrawn = withdrawn_names(problems)
    if withdrawn:
        raise ConsentWithdrawn(WITHDRAWN_CONSENT.format(names=", ".join(withdrawn)))
    if problems and not confirmed_without_consent:
        raise ConsentUnconfirmed(problems)
