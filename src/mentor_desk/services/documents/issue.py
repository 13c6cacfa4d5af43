"""Issuing: a document's journal entry, with its checks and the pairs' approval, in one go."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentor_desk.domain.pairs import Status
from mentor_desk.queries.documents import pair_members
from mentor_desk.services.documents.consent import check_consent, problems_of
from mentor_desk.services.documents.members import check_ended_after
from mentor_desk.services.documents.numbers import check_number, clean_number
from mentor_desk.services.documents.registry import DocKind, DocumentError
from mentor_desk.storage.database import session_connection
from mentor_desk.storage.models import (
    IssuedDocument,
    IssuedDocumentPair,
    Mentorship,
)


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
        problem = check_number(session_connection(session), clean, issued_on)
        if problem:
            raise DocumentError(problem)
    ids = list(dict.fromkeys(mentorship_ids))
    if kind in (DocKind.PAIRS, DocKind.END) and not ids:
        raise DocumentError("В приказе нет ни одной пары или группы")
    if kind is DocKind.PAIRS:
        members = pair_members(session_connection(session), ids, today)
        check_consent(problems_of(members), confirmed_without_consent)
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
            check_ended_after(session_connection(session), ended, issued_on, today)
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
