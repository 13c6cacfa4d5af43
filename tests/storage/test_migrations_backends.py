"""Every Alembic migration on both backends: a SQLite file and a real PostgreSQL server.

The SQLite-only traps (backups, PRAGMA foreign_key_check, the kept 0001 file) stay in
test_migrations.py; here the same history must build, carry old rows over, keep the
links to the participant table that 0002 changes, downgrade and build again, and end in
exactly the schema the models describe, wherever the database lives.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from tests.data.make_db_0001 import LINKS, PEOPLE
from tests.storage import backends

from mentor_desk.storage.database import HEAD_REVISION, REVISIONS
from mentor_desk.storage.engines import open_storage
from mentor_desk.storage.models import Base, Participant


def _schema_diff(url: str) -> list[object]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with backends.engine(url) as e, e.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))


def _version(url: str) -> str | None:
    with backends.engine(url) as e, e.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


@pytest.fixture
def at_0001(storage_url: str) -> str:
    """A database at revision 0001 holding the small school of make_db_0001."""
    backends.upgrade(storage_url, "0001")
    backends.fill_0001(storage_url)
    assert _version(storage_url) == "0001"
    return storage_url


def test_empty_to_head_matches_the_models(storage_url: str) -> None:
    storage = open_storage(storage_url)
    try:
        assert storage.created is True
        assert storage.migrated_from is None
    finally:
        storage.close()
    assert _version(storage_url) == HEAD_REVISION
    assert _schema_diff(storage_url) == []


def test_every_revision_step_by_step_then_down_to_nothing_and_up_again(storage_url: str) -> None:
    for revision in REVISIONS:
        backends.upgrade(storage_url, revision)
        assert _version(storage_url) == revision
    assert _schema_diff(storage_url) == []
    for revision in reversed(("base", *REVISIONS[:-1])):
        backends.downgrade(storage_url, revision)
        if revision != "base":
            assert _version(storage_url) == revision
    assert backends.table_names(storage_url) <= {"alembic_version"}
    backends.upgrade(storage_url, HEAD_REVISION)
    assert _schema_diff(storage_url) == []


def test_0001_to_head_keeps_every_row_and_link(at_0001: str) -> None:
    before = {
        t: (backends.columns(at_0001, t), backends.rows(at_0001, t)) for t in backends.OLD_TABLES
    }
    assert len(before["participant"][1]) == len(PEOPLE)
    assert len(before["participant_term"][1]) == len(LINKS)
    storage = open_storage(at_0001)
    try:
        assert storage.created is False
        assert storage.migrated_from == "0001"
    finally:
        storage.close()
    assert _version(at_0001) == HEAD_REVISION
    for table, (cols, old) in before.items():
        assert backends.rows(at_0001, table, cols) == old, table
    assert {r[0] for r in backends.rows(at_0001, "participant", ("in_dop",))} == {0}
    assert not any(t.startswith("_alembic_tmp") for t in backends.table_names(at_0001))
    assert _schema_diff(at_0001) == []


def test_0002_leaves_the_links_pointing_at_the_participant_table(at_0001: str) -> None:
    """0002 changes participant; its children's foreign keys must still reach it."""
    backends.upgrade(at_0001, "0002")
    with backends.engine(at_0001) as e, e.connect() as conn:
        inspector = inspect(conn)
        keys = {
            fk["name"]: (fk["referred_table"], fk["options"].get("ondelete"))
            for fk in inspector.get_foreign_keys("participant_term")
        }
        checks = {c["name"] for c in inspector.get_check_constraints("participant")}
    assert keys == {
        "fk_participant_term_participant_id_participant": ("participant", "CASCADE"),
        "fk_participant_term_term_id_term": ("term", "CASCADE"),
    }
    assert {
        "ck_participant_category",
        "ck_participant_consent_status",
        "ck_participant_capacity",
    } <= checks


def test_the_upgraded_database_enforces_checks_keys_and_cascades(at_0001: str) -> None:
    backends.upgrade(at_0001, HEAD_REVISION)
    with backends.engine(at_0001) as e:
        for column, value in (("category", "alien"), ("consent_status", "maybe"),
                              ("capacity", 0), ("capacity", 11)):  # fmt: skip
            with pytest.raises(IntegrityError, match=r"(?i)check constraint"), e.begin() as conn:
                conn.execute(
                    text(f"UPDATE participant SET {column} = :value WHERE id = 1"),
                    {"value": value},
                )
        with pytest.raises(IntegrityError, match=r"(?i)foreign key"), e.begin() as conn:
            conn.execute(text("INSERT INTO participant_term VALUES (999, 1, 'request')"))
        with e.begin() as conn:
            conn.execute(text("DELETE FROM participant WHERE id = 1"))
        with e.connect() as conn:
            left = conn.execute(text("SELECT participant_id FROM participant_term")).all()
    assert sorted(r[0] for r in left) == sorted(link[0] for link in LINKS if link[0] != 1)


def test_new_rows_get_ids_and_defaults_after_the_upgrade(at_0001: str) -> None:
    """Autoincrement survives the migrations (PostgreSQL: the sequences), server defaults
    work (in_dop false), and the ORM writes and reads back dates and booleans."""
    storage = open_storage(at_0001)
    try:
        with storage.transaction() as session:
            person = Participant(
                last_name="Новикова", first_name="Ольга", category="teacher",
                birth_date=date(1990, 4, 2), is_mentor=True, capacity=2,
            )  # fmt: skip
            session.add(person)
            session.flush()
            new_id = person.id
        with storage.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO participant (last_name, first_name, middle_name, category,"
                    " class_name, position, subject, organization, phone, email, is_mentor,"
                    " is_mentee, capacity, consent_status, consent_signer, representative_name,"
                    " note, created_at, updated_at) VALUES ('Х', 'Х', '', 'student', '', '', '',"
                    " '', '', '', :f, :f, 1, 'none', '', '', '', :now, :now)"
                ),
                {"f": False, "now": datetime(2026, 1, 1)},
            )
        with storage.session() as session:
            got = session.get(Participant, new_id)
            assert got is not None
            assert (got.birth_date, got.is_mentor, got.in_dop) == (date(1990, 4, 2), True, False)
            ids = sorted(session.scalars(text("SELECT id FROM participant")).all())
    finally:
        storage.close()
    assert new_id == len(PEOPLE) + 1
    assert ids == list(range(1, len(PEOPLE) + 3))


def test_0004_to_0005_keeps_rows_and_sets_null_on_erasure(at_0001: str) -> None:
    backends.upgrade(at_0001, "0004")
    with backends.engine(at_0001) as e, e.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO mentorship (id, mentor_id, form, kind, status, order_number,"
                " order_date, started_on, ends_on, ended_on, end_reason, end_note, goal, tasks,"
                " created_at, updated_at) VALUES (1, 2, 'teacher_student', 'traditional',"
                " 'active', '12-о', :d, :d, :d, NULL, '', '', 'Цель', '', :t, :t)"
            ),
            {"d": date(2025, 9, 10), "t": datetime(2025, 9, 1, 10)},
        )
        conn.execute(text("INSERT INTO mentorship_mentee VALUES (1, 1, 0)"))
    old = {t: backends.rows(at_0001, t) for t in ("mentorship", "mentorship_mentee")}
    backends.upgrade(at_0001, "0005")
    assert {t: backends.rows(at_0001, t) for t in old} == old
    with backends.engine(at_0001) as e:
        with e.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO survey_response (year_start, role, participant_id, answers,"
                    " source, created_at) VALUES (2025, 'mentee', 1, '{}', 'manual', :t)"
                ),
                {"t": datetime(2026, 5, 1, 10)},
            )
            conn.execute(text("DELETE FROM mentorship_mentee WHERE participant_id = 1"))
            conn.execute(text("DELETE FROM participant WHERE id = 1"))
        with pytest.raises(IntegrityError, match=r"(?i)check constraint"), e.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO swot_item (year_start, quadrant, text, position)"
                    " VALUES (2025, 'luck', 'x', 0)"
                )
            )
    assert [r[3] for r in backends.rows(at_0001, "survey_response")] == [None]
