"""Consent forms handed out: noted in the register."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentor_desk.services.documents.registry import DocumentError
from mentor_desk.storage.models import (
    ConsentHandout,
    Participant,
)


def record_consent_handouts(session: Session, participant_ids: Iterable[int], on: date) -> None:
    """Note in the register that consent forms were handed out on this day."""
    ids = list(dict.fromkeys(participant_ids))
    known = set(session.scalars(select(Participant.id).where(Participant.id.in_(ids))))
    if len(known) != len(ids):
        raise DocumentError("Участник не найден: возможно, его удалили из реестра")
    session.add_all(ConsentHandout(participant_id=i, handed_on=on) for i in ids)
    session.flush()
