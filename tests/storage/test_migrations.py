"""The migration trap: upgrading an old file must keep every child row and every link.

Revision 0002 rebuilds the participant table (SQLite batch mode); with foreign keys on,
dropping the old table would cascade into participant_term and silently erase every
person's target groups, requests and competencies.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import alembic.command
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from tests.data.make_db_0001 import KEPT_FILE, LINKS, PEOPLE, TERMS, build, upgrade_to
from tests.helpers import TODAY

from mentor_desk.domain.participants import Category, ConsentState
from mentor_desk.queries.people import register_rows
from mentor_desk.queries.profile import load_profile
from mentor_desk.storage import database
from mentor_desk.storage.database import (
    HEAD_REVISION,
    DatabaseError,
    check_file,
    current_revision,
    list_backups,
    open_database,
)

TABLES = ("organization", "participant", "term", "participant_term")


def _snapshot(
    path: Path, like: dict[str, list[tuple[object, ...]]] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the old tables; `like` an earlier snapshot: its columns only, so the
    columns later revisions add (with their defaults) do not count as a change."""
    with closing(sqlite3.connect(path)) as conn:
        result = {}
        for t in TABLES:
            if like is None:
                columns = "*"
            else:
                old = like[t + "#columns"]
                columns = ", ".join(str(c) for c in old[0])
            result[t] = conn.execute(f"SELECT {columns} FROM {t} ORDER BY 1, 2").fetchall()
            names = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
            result[t + "#columns"] = [tuple(names)] if like is None else like[t + "#columns"]
        return result


def _links(path: Path) -> list[tuple[int, int, str]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "SELECT participant_id, term_id, relation FROM participant_term ORDER BY 1, 2, 3"
        ).fetchall()


def _check_names(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        sql = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type='table' AND name='participant'"
        ).fetchone()[0]
    return {
        name
        for name in ("category", "consent_status", "capacity")
        if f"ck_participant_{name}" in sql
    }


def _built_now(tmp_path: Path) -> Path:
    return build(tmp_path / "school.sqlite3")


def _kept_file(tmp_path: Path) -> Path:
    target = tmp_path / "school.sqlite3"
    shutil.copyfile(KEPT_FILE, target)
    return target


SOURCES: dict[str, Callable[[Path], Path]] = {"built_now": _built_now, "kept_file": _kept_file}


@pytest.fixture(params=list(SOURCES))
def old_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A school database at revision 0001: built by the scripts now, or the file in tests/."""
    path = SOURCES[request.param](tmp_path)
    assert current_revision(path) == "0001"
    assert _check_names(path) == set()
    return path


def test_the_kept_file_is_an_intact_0001_database() -> None:
    check_file(KEPT_FILE, full=True)
    assert current_revision(KEPT_FILE) == "0001"
    assert _links(KEPT_FILE) == sorted(LINKS)
    snapshot = _snapshot(KEPT_FILE)
    assert len(snapshot["participant"]) == len(PEOPLE)
    assert [row[:3] for row in snapshot["term"]] == [t[:3] for t in TERMS]


def test_upgrade_from_0001_keeps_every_row_and_link(old_db: Path) -> None:
    before = _snapshot(old_db)
    assert before["participant_term"], "the old file must have children to lose"

    db = open_database(old_db)
    try:
        assert db.created is False
        assert db.migrated_from == "0001"
        assert current_revision(old_db) == HEAD_REVISION
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            leftovers = conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE name LIKE '_alembic_tmp%'"
            ).fetchall()
            assert leftovers == []
        assert _snapshot(old_db, like=before) == before
        assert _check_names(old_db) == {"category", "consent_status", "capacity"}

        # The register reads the upgraded file: links and derived facts come back.
        rows = {r.id: r for r in register_rows(db.reader, TODAY)}
        profile = load_profile(db.reader)
        assert profile is not None
        assert profile.short_name == "МБОУ СОШ № 3"
        assert rows[1].target_groups == ("одарённые",)
        assert set(rows[1].requests) == {"олимпиады", "профориентация"}
        assert rows[1].consent is ConsentState.VALID
        assert rows[2].competencies == ("олимпиады", "методика преподавания")
        assert rows[4].category is Category.PARTNER
        assert rows[5].archived is True
        assert rows[3].young_specialist is True  # hired 01.09.2024
    finally:
        db.close()


def test_upgraded_file_enforces_the_new_checks(old_db: Path) -> None:
    db = open_database(old_db)
    try:
        for column, value in (("category", "alien"), ("consent_status", "maybe"),
                              ("capacity", 0), ("capacity", 11)):  # fmt: skip
            with pytest.raises(IntegrityError, match="CHECK"), db.engine.begin() as conn:
                conn.execute(
                    text(f"UPDATE participant SET {column} = :value WHERE id = 1"),
                    {"value": value},
                )
        with pytest.raises(IntegrityError, match="CHECK"), db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO participant (last_name, first_name, middle_name, category,"
                " class_name, position, subject, organization, phone, email, is_mentor,"
                " is_mentee, capacity, consent_status, consent_signer, representative_name,"
                " note, created_at, updated_at) VALUES ('Х', 'Х', '', 'alien', '', '', '', '',"
                " '', '', 0, 0, 1, 'none', '', '', '', '2025-01-01', '2025-01-01')"
            )
    finally:
        db.close()


def test_upgraded_file_still_cascades_from_the_rebuilt_table(old_db: Path) -> None:
    """participant_term's foreign key must point at the new participant table."""
    db = open_database(old_db)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM participant WHERE id = 1")
        with db.engine.begin() as conn:
            assert (
                conn.exec_driver_sql(
                    "SELECT count(*) FROM participant_term WHERE participant_id = 1"
                ).scalar()
                == 0
            )
            remaining = conn.exec_driver_sql("SELECT count(*) FROM participant_term").scalar()
        assert remaining == len([link for link in LINKS if link[0] != 1])
        with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO participant_term VALUES (999, 1, 'request')")
    finally:
        db.close()


def test_upgrade_backs_up_the_old_file_first(old_db: Path) -> None:
    before = _snapshot(old_db)
    open_database(old_db).close()
    [copy] = list_backups(old_db)
    assert "before-migration-0001" in copy.name
    assert copy.parent == old_db.parent / "backups"
    assert current_revision(copy) == "0001"
    assert _snapshot(copy) == before


def test_the_trap_is_real_with_foreign_keys_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why _migrate turns foreign keys off: with them on, 0002 erases every link."""
    path = _built_now(tmp_path)
    real_make_engine = database._make_engine

    def keys_on(path: Path, *, foreign_keys: bool, wal: bool):  # type: ignore[no-untyped-def]
        return real_make_engine(path, foreign_keys=True, wal=wal)

    monkeypatch.setattr(database, "_make_engine", keys_on)
    upgrade_to(path, "0002")
    assert current_revision(path) == "0002"
    assert _links(path) == []


def test_a_failing_migration_rolls_back_completely(
    old_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(old_db)
    real_upgrade = alembic.command.upgrade
    ran: list[str] = []

    def upgrade_then_fail(config, revision, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_upgrade(config, revision, *args, **kwargs)
        ran.append(revision)
        # The real scripts ran inside the open transaction: the file is at HEAD so far.
        conn = config.attributes["connection"]
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            HEAD_REVISION
        )
        raise RuntimeError("сбой посреди миграции")

    monkeypatch.setattr(alembic.command, "upgrade", upgrade_then_fail)
    with pytest.raises(RuntimeError, match="сбой посреди миграции"):
        open_database(old_db)
    assert ran == ["head"]

    check_file(old_db, full=True)
    assert current_revision(old_db) == "0001"
    assert _snapshot(old_db, like=before) == before
    assert _check_names(old_db) == set()
    with closing(sqlite3.connect(old_db)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"alembic_version", *TABLES}
    assert len(list_backups(old_db)) == 1  # the backup made before trying

    # Once the cause is gone the same file upgrades normally.
    monkeypatch.setattr(alembic.command, "upgrade", real_upgrade)
    open_database(old_db).close()
    assert current_revision(old_db) == HEAD_REVISION
    assert _snapshot(old_db, like=before) == before


def test_a_migration_that_breaks_links_is_refused(tmp_path: Path) -> None:
    """foreign_key_check after the upgrade: a dangling link cancels the whole migration."""
    path = _built_now(tmp_path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO participant_term VALUES (999, 1, 'request')")  # keys off
        conn.commit()
    before = _snapshot(path)
    with pytest.raises(DatabaseError, match="отменено"):
        open_database(path)
    assert current_revision(path) == "0001"
    assert _snapshot(path) == before
    assert _check_names(path) == set()


def test_models_match_the_migrations(tmp_path: Path) -> None:
    """The ORM models and the Alembic history describe the same schema: no drift."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from mentor_desk.storage.database import open_database
    from mentor_desk.storage.models import Base

    db = open_database(tmp_path / "fresh.sqlite3")
    try:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        db.close()
