"""Regressions found in review: clock set back, erased data in the WAL, hidden mentor facts,
a minor's consent after 18, list entries differing only in case, people counted once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from tests.helpers import TODAY

from mentor_desk.domain.participants import (
    ConsentState,
    ConsentStatus,
    ParticipantData,
    TermKind,
    consent_state,
)
from mentor_desk.queries.people import term_usage
from mentor_desk.services import participants, vocabulary
from mentor_desk.storage import database
from mentor_desk.storage.database import backup, backup_due, list_backups
from mentor_desk.storage.models import Term


class _Clock(datetime):
    """datetime whose now() is in 2020: a school PC with a flat CMOS battery."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return datetime(2020, 1, 1, 0, 0, 0)


def test_a_clock_set_back_never_deletes_the_new_backup(db, monkeypatch) -> None:
    for _ in range(database.BACKUPS_KEPT):
        backup(db.path)
    monkeypatch.setattr(database, "datetime", _Clock)
    newest = backup(db.path)
    assert newest.exists(), "the copy just made must survive rotation"
    assert len(list_backups(db.path)) == database.BACKUPS_KEPT
    assert backup_due(db.path, now=datetime.now() - timedelta(days=3000)) is True


def test_erased_data_does_not_linger_in_the_wal(db) -> None:
    card = ParticipantData(last_name="Неповторимая", first_name="Фамилия", note="секрет")
    with db.transaction() as session:
        person_id = participants.create(session, card, TODAY)
    with db.transaction() as session:
        participants.erase(session, person_id)
    db.flush_journal()
    wal = db.path.with_name(db.path.name + "-wal")
    for path in (db.path, wal):
        if path.exists():
            assert "Неповторимая".encode() not in path.read_bytes(), path


def test_unticking_mentor_clears_the_mentor_facts(db) -> None:
    card = ParticipantData(
        last_name="Орлов", first_name="Олег", is_mentor=True,
        mentor_consent_date=date(2025, 9, 1), training_date=date(2025, 10, 1),
        interview_date=date(2025, 9, 15), capacity=3,
    )  # fmt: skip
    with db.transaction() as session:
        person_id = participants.create(session, card, TODAY)
        card.is_mentor = False
        participants.update_person(session, person_id, card, TODAY)
    with db.session() as session:
        saved = participants.load(session, person_id, TODAY)
    assert (saved.mentor_consent_date, saved.training_date, saved.interview_date) == (None,) * 3
    assert saved.capacity == 1


def test_a_consent_signed_as_a_minor_stays_incomplete_after_18() -> None:
    born, signed = date(2008, 1, 10), date(2024, 9, 1)  # 16 when signed, 18 now
    state = consent_state(ConsentStatus.GIVEN, signed, "", born, TODAY, signer="сам")
    assert state is ConsentState.INCOMPLETE


def test_rename_refuses_a_name_differing_only_in_case(db) -> None:
    import pytest

    with db.transaction() as session:
        vocabulary.add_term(session, TermKind.TOPIC, "Кружок")
    with pytest.raises(vocabulary.VocabularyError), db.transaction() as session:
        vocabulary.rename_term(session, TermKind.TOPIC, "олимпиады", "кружок")


def test_term_usage_counts_people_not_links(db) -> None:
    card = ParticipantData(
        last_name="Орлов", first_name="Олег", is_mentor=True, is_mentee=True,
        requests=["олимпиады"], competencies=["олимпиады"],
    )  # fmt: skip
    with db.transaction() as session:
        participants.create(session, card, TODAY)
    assert term_usage(db.reader, TermKind.TOPIC)["олимпиады"] == 1


def test_a_read_session_does_not_block_other_writers(db) -> None:
    import sqlite3

    from mentor_desk.queries.profile import load_profile

    with db.session() as session:
        session.scalars(select(Term.name)).all()  # a read inside an open session
        other = sqlite3.connect(db.path, timeout=0.2)
        try:
            other.execute("BEGIN IMMEDIATE")  # would fail if the session held the write lock
            other.rollback()
        finally:
            other.close()
    assert load_profile(db.reader) is None
