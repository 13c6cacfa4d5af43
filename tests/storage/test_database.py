"""Opening the school's SQLite file: pragmas, migrations, backups, corruption, recovery."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

import mentor_desk.storage.database as database
from mentor_desk.domain.participants import TermKind
from mentor_desk.storage.database import (
    BACKUPS_KEPT,
    HEAD_REVISION,
    REVISIONS,
    Database,
    DatabaseCorrupt,
    DatabaseTooNew,
    backup,
    backup_due,
    backups_dir_for,
    check_file,
    current_revision,
    is_network_path,
    latest_good_backup,
    list_backups,
    open_database,
    restore_backup,
    session_connection,
)
from mentor_desk.storage.models import Base, Participant, Term

MIGRATIONS = Path(database.__file__).parent / "migrations"

INSERT_PERSON = (
    "INSERT INTO participant (last_name, first_name, middle_name, category, class_name,"
    " position, subject, organization, phone, email, is_mentor, is_mentee, capacity,"
    " consent_status, consent_signer, representative_name, note, created_at, updated_at)"
    " VALUES (?, ?, '', 'student', '7Б', '', '', '', '', '', 0, 1, 1, 'none', '', '', ?,"
    " '2025-09-01 10:00:00.000000', '2025-09-01 10:00:00.000000')"
)


def _pragma(db: Database, name: str) -> object:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def _make_db(path: Path, people: int = 3) -> None:
    """A closed database at HEAD with `people` students (and nothing in -wal)."""
    db = open_database(path)
    with db.engine.begin() as conn:
        for i in range(people):
            conn.exec_driver_sql(INSERT_PERSON, (f"Фамилия{i}", "Имя", "заметка " * 8))
    db.close()
    assert not Path(f"{path}-wal").exists(), "the WAL was not checkpointed on close"


def _names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [r[0] for r in conn.execute("SELECT last_name FROM participant ORDER BY id")]


def _corrupt_participant_table(path: Path) -> None:
    """Overwrite the header of the participant table's root b-tree page with garbage."""
    with closing(sqlite3.connect(path)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type='table' AND name='participant'"
        ).fetchone()[0]
    assert root > 1
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xde\xad\xbe\xef" * 16)


def _random_sqlite_lookalike(path: Path) -> None:
    """A valid 100-byte SQLite header followed by pseudo-random pages."""
    header = bytearray(100)
    header[:16] = b"SQLite format 3\x00"
    header[16:18] = (4096).to_bytes(2, "big")
    header[18] = header[19] = 1
    header[21], header[22], header[23] = 64, 32, 32
    header[28:32] = (4).to_bytes(4, "big")
    header[44:48] = (4).to_bytes(4, "big")
    header[47] = 4
    body = bytes((i * 7919 + 13) % 251 for i in range(4096 * 4 - 100))
    path.write_bytes(bytes(header) + body)


# --- opening ----------------------------------------------------------------------------


def test_new_database_is_created_at_head_with_safe_pragmas(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert db_path.exists()
        assert db.created is True
        assert db.wal is True
        assert current_revision(db_path) == HEAD_REVISION
        assert _pragma(db, "foreign_keys") == 1
        assert _pragma(db, "journal_mode") == "wal"
        assert _pragma(db, "synchronous") == 2  # FULL
        assert _pragma(db, "secure_delete") == 1
        assert not backups_dir_for(db_path).exists()  # nothing to back up in a new file
    finally:
        db.close()


def test_an_empty_file_counts_as_new(db_path: Path) -> None:
    db_path.touch()
    db = open_database(db_path)
    db.close()
    assert db.created is True
    assert current_revision(db_path) == HEAD_REVISION


def test_reopening_an_up_to_date_file_does_not_migrate_or_back_up(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(db_path).close()

    def no_migration(*_args: object) -> None:
        raise AssertionError("an up-to-date database was migrated")

    monkeypatch.setattr(database, "_migrate", no_migration)
    monkeypatch.setattr(database, "backup", no_migration)
    db = open_database(db_path)
    db.close()
    assert db.created is False
    assert current_revision(db_path) == HEAD_REVISION


def test_opening_an_up_to_date_file_never_imports_alembic(db_path: Path) -> None:
    open_database(db_path).close()
    code = (
        "import sys; from pathlib import Path\n"
        "from mentor_desk.storage.database import open_database\n"
        f"open_database(Path({str(db_path)!r})).close()\n"
        "assert 'alembic' not in sys.modules, 'alembic imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_revisions_match_the_alembic_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    chain = tuple(reversed([s.revision for s in scripts.walk_revisions()]))
    assert chain == REVISIONS
    assert scripts.get_heads() == [HEAD_REVISION]
    assert scripts.get_base() == REVISIONS[0]


def _schema_differences(db_path: Path) -> list[object]:
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))
    finally:
        db.close()


def test_models_match_the_migrated_schema(db_path: Path) -> None:
    """Tables, columns, types, nullability, indexes, FKs and constraint names all agree."""
    assert _schema_differences(db_path) == []
    # The (kind, name) unique constraint exists in the file and is enforced.
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("INSERT INTO term (kind, name, position) VALUES ('topic', 'x', 1)")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            conn.execute("INSERT INTO term (kind, name, position) VALUES ('topic', 'x', 2)")


def test_is_network_path_is_false_for_a_local_folder(tmp_path: Path) -> None:
    assert is_network_path(tmp_path) is False
    assert is_network_path(tmp_path / "school.sqlite3") is False


@pytest.mark.skipif(sys.platform == "win32", reason="reads /proc/mounts")
@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/mnt/school/db.sqlite3", True),
        ("/mnt/school", True),
        ("/mnt/schoolwork/db.sqlite3", False),  # a prefix of a name is not the mount
        ("/mnt/school/local/db.sqlite3", False),  # the longer mount point wins
        ("/mnt/общая папка/db.sqlite3", True),  # \040 in /proc/mounts is a space
        ("/home/curator/db.sqlite3", False),
    ],
)
def test_is_network_path_reads_the_mount_table(
    monkeypatch: pytest.MonkeyPatch, path: str, network: bool
) -> None:
    mounts = (
        "/dev/sda1 / ext4 rw 0 0\n"
        "server:/share /mnt/school nfs4 rw 0 0\n"
        "/dev/sdb1 /mnt/school/local ext4 rw 0 0\n"
        "//nas/общая /mnt/общая\\040папка cifs rw 0 0\n"
        "broken-line\n"
    )
    real_read_text = Path.read_text

    def fake_read_text(self: Path, *args: object, **kwargs: object) -> str:
        if str(self) == "/proc/mounts":
            return mounts
        return real_read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", fake_read_text)
    assert is_network_path(Path(path)) is network


def test_a_failed_transaction_leaves_the_database_unchanged(db: Database) -> None:
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(Term))
    with pytest.raises(RuntimeError, match="boom"), db.transaction() as session:
        session.add(Term(kind="topic", name="новая тема", position=99))
        session.flush()
        raise RuntimeError("boom")
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(Term(kind="topic", name="ещё одна", position=100))
        session.flush()
        session.execute(
            text("INSERT INTO participant_term VALUES (12345, 67890, 'request')")
        )  # no such person: the foreign key refuses
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Term)) == before
        names = set(session.scalars(select(Term.name)))
    assert not {"новая тема", "ещё одна"} & names


def test_a_query_on_the_session_connection_sees_the_transaction_and_only_it(
    db: Database,
) -> None:
    """A display read of mentor_desk.queries run inside a use case's transaction sees the
    changes made so far (flushed first), and nothing of them once rolled back."""
    from mentor_desk.queries.people import term_names

    with pytest.raises(RuntimeError, match="boom"), db.transaction() as session:
        session.add(Term(kind="topic", name="новая тема", position=99))  # not flushed yet
        conn = session_connection(session)
        assert isinstance(conn, sqlite3.Connection)
        assert "новая тема" in term_names(conn, TermKind.TOPIC)
        assert "новая тема" not in term_names(db.reader, TermKind.TOPIC)  # not committed
        raise RuntimeError("boom")
    assert "новая тема" not in term_names(db.reader, TermKind.TOPIC)


def test_a_successful_transaction_commits(db: Database) -> None:
    with db.transaction() as session:
        session.add(Term(kind="topic", name="новая тема", position=99))
    with db.session() as session:
        assert session.scalar(select(Term.id).where(Term.name == "новая тема")) is not None


def test_secure_delete_overwrites_an_erased_person(db_path: Path) -> None:
    marker = "Неповторимаяфамилия"
    db = open_database(db_path)
    with db.engine.begin() as conn:
        for i in range(20):
            conn.exec_driver_sql(INSERT_PERSON, (f"Сосед{i}", "Имя", ""))
        conn.exec_driver_sql(INSERT_PERSON, (marker, "Имя", "заметка"))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM participant WHERE last_name = ?", (marker,))
    db.close()
    assert not Path(f"{db_path}-wal").exists()
    assert marker.encode() not in db_path.read_bytes()
    assert "Сосед7".encode() in db_path.read_bytes()  # the check can see names at all


# --- corrupt and foreign files ----------------------------------------------------------


@pytest.fixture
def corrupt_db(db_path: Path) -> Path:
    _make_db(db_path, people=2000)
    _corrupt_participant_table(db_path)
    with pytest.raises(DatabaseCorrupt):
        check_file(db_path)  # quick_check fails
    return db_path


@pytest.mark.parametrize(
    "content",
    [
        b"this is a .docx renamed",
        b"PK\x03\x04" + bytes(range(256)) * 20,
        bytes((i * 31 + 7) % 256 for i in range(8192)),
    ],
    ids=["text", "zip", "random"],
)
def test_opening_a_non_database_file_is_refused_and_leaves_it_alone(
    db_path: Path, content: bytes
) -> None:
    db_path.write_bytes(content)
    with pytest.raises(DatabaseCorrupt) as info:
        open_database(db_path)
    assert info.value.path == db_path
    assert str(db_path) in str(info.value)
    assert "повреждён" in str(info.value)
    assert db_path.read_bytes() == content
    assert not backups_dir_for(db_path).exists()


def test_opening_a_sqlite_lookalike_is_refused(db_path: Path) -> None:
    _random_sqlite_lookalike(db_path)
    content = db_path.read_bytes()
    with pytest.raises(DatabaseCorrupt):
        open_database(db_path)
    assert db_path.read_bytes() == content


def test_opening_another_programs_sqlite_file_is_refused(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Иванов')")
        conn.commit()
    content = db_path.read_bytes()
    with pytest.raises(DatabaseCorrupt, match="нет таблиц Mentor Desk"):
        open_database(db_path)
    assert db_path.read_bytes() == content


def test_opening_a_corrupt_database_is_refused_and_leaves_it_alone(corrupt_db: Path) -> None:
    content = corrupt_db.read_bytes()
    with pytest.raises(DatabaseCorrupt):
        open_database(corrupt_db)
    assert corrupt_db.read_bytes() == content


def test_backup_refuses_a_corrupt_database(corrupt_db: Path) -> None:
    with pytest.raises(DatabaseCorrupt):
        backup(corrupt_db)
    assert list_backups(corrupt_db) == []


def test_a_newer_apps_database_is_refused_and_unchanged(db_path: Path) -> None:
    open_database(db_path).close()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    content = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew) as info:
        open_database(db_path)
    assert "9999" in str(info.value)
    assert "не изменён" in str(info.value)
    assert db_path.read_bytes() == content
    assert current_revision(db_path) == "9999"
    assert list_backups(db_path) == []


# --- backups ----------------------------------------------------------------------------


def test_backup_writes_a_working_copy_next_to_the_file(db_path: Path) -> None:
    _make_db(db_path, people=5)
    copy = backup(db_path, reason="manual")
    assert copy.parent == db_path.parent / "backups"
    assert copy.name.startswith("school-")
    assert copy.name.endswith("-manual.sqlite3")
    assert list_backups(db_path) == [copy]
    check_file(copy, full=True)
    assert _names(copy) == _names(db_path) == [f"Фамилия{i}" for i in range(5)]
    assert current_revision(copy) == HEAD_REVISION
    assert not list(copy.parent.glob("*.partial"))


def test_backup_of_an_open_database_includes_committed_rows_in_the_wal(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql(INSERT_PERSON, ("Вжурнале", "Имя", ""))
        assert Path(f"{db_path}-wal").exists()
        copy = backup(db_path)
    finally:
        db.close()
    assert _names(copy) == ["Вжурнале"]


def test_only_the_newest_backups_are_kept(db_path: Path) -> None:
    _make_db(db_path)
    made = []
    for _ in range(BACKUPS_KEPT + 2):
        made.append(backup(db_path))
        time.sleep(0.003)  # names carry milliseconds
    assert len(set(made)) == BACKUPS_KEPT + 2
    kept = list_backups(db_path)
    assert kept == list(reversed(made))[:BACKUPS_KEPT]  # newest first
    assert not made[0].exists()
    assert not made[1].exists()


def test_backups_of_another_database_in_the_same_folder_are_not_mixed_in(db_path: Path) -> None:
    """Otherwise latest_good_backup could restore the other school's file."""
    other = db_path.with_name("school-копия.sqlite3")
    _make_db(other)
    other_copy = backup(other)
    _make_db(db_path)
    assert list_backups(db_path) == []
    assert latest_good_backup(db_path) is None
    for _ in range(BACKUPS_KEPT):
        backup(db_path)
        time.sleep(0.003)
    assert other_copy.exists()


def test_latest_good_backup_skips_a_broken_newest_one(db_path: Path) -> None:
    _make_db(db_path)
    good = backup(db_path)
    time.sleep(0.003)
    broken = backup(db_path)
    broken.write_bytes(b"garbage, not a database" * 100)
    assert list_backups(db_path)[0] == broken
    assert latest_good_backup(db_path) == good


def test_latest_good_backup_is_none_without_a_good_one(db_path: Path) -> None:
    _make_db(db_path)
    assert latest_good_backup(db_path) is None
    backup(db_path).write_bytes(b"garbage")
    assert latest_good_backup(db_path) is None


def test_restore_backup_keeps_the_broken_file_aside(db_path: Path) -> None:
    _make_db(db_path, people=4)
    good = backup(db_path)
    broken_content = b"this is a .docx renamed" * 50
    db_path.write_bytes(broken_content)
    Path(f"{db_path}-wal").write_bytes(b"stale wal")
    aside = restore_backup(db_path, good)
    assert aside.parent == db_path.parent
    assert aside != db_path
    assert aside.read_bytes() == broken_content
    assert Path(f"{aside}-wal").read_bytes() == b"stale wal"
    assert not Path(f"{db_path}-wal").exists()
    assert good.exists()  # the backup is copied, not moved
    check_file(db_path)
    db = open_database(db_path)
    db.close()
    assert db.created is False
    assert _names(db_path) == [f"Фамилия{i}" for i in range(4)]


def test_backup_due(db_path: Path) -> None:
    _make_db(db_path)
    assert backup_due(db_path, datetime.now()) is True
    newest = backup(db_path)
    assert backup_due(db_path, datetime.now()) is False
    assert backup_due(db_path, now=datetime.now() + timedelta(hours=23)) is False
    assert backup_due(db_path, now=datetime.now() + timedelta(hours=25)) is True
    old = time.time() - 25 * 3600
    os.utime(newest, (old, old))
    assert backup_due(db_path, datetime.now()) is True


def test_open_database_backs_up_before_migrating_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old schema is backed up first; the backup is made before the file changes."""
    _make_db(db_path, people=2)
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
        conn.commit()
    seen: list[str | None] = []
    real_backup = database.backup

    def spy(path: Path, reason: str = "manual") -> Path:
        seen.append(current_revision(path))
        return real_backup(path, reason)

    monkeypatch.setattr(database, "backup", spy)
    monkeypatch.setattr(database, "_migrate", lambda *_a: None)  # not under test here
    open_database(db_path).close()
    assert seen == ["0001"]
    [copy] = list_backups(db_path)
    assert copy.name.endswith("-before-migration-0001.sqlite3")
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("SELECT count(*) FROM participant").fetchone() == (2,)


def test_check_file_full_and_quick_pass_on_a_good_file(db_path: Path) -> None:
    _make_db(db_path)
    check_file(db_path)
    check_file(db_path, full=True)


def test_current_revision_of_a_blank_sqlite_file_is_none(db_path: Path) -> None:
    sqlite3.connect(db_path).close()
    assert current_revision(db_path) is None


def test_participant_model_constraints_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(Participant(last_name="А", first_name="Б", category="student", capacity=0))
