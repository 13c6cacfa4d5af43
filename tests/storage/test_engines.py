"""open_storage: a file path or sqlite:/// address → the SQLite path; postgresql:// → a server."""

from __future__ import annotations

import builtins
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from mentor_desk.storage import engines
from mentor_desk.storage.database import Database, DatabaseError, DatabaseTooNew
from mentor_desk.storage.engines import (
    DriverMissing,
    ForeignDatabase,
    ServerDatabase,
    display_address,
    is_server_address,
    open_storage,
    server_url,
    sqlite_path,
    sync_sequences,
)
from mentor_desk.storage.models import Organization, Term


@pytest.mark.parametrize(
    ("target", "path"),
    [
        ("school.sqlite3", Path("school.sqlite3")),
        ("C:\\Школа\\base.sqlite3", Path("C:\\Школа\\base.sqlite3")),
        ("sqlite:///district.sqlite3", Path("district.sqlite3")),
        ("sqlite:////srv/район/district.sqlite3", Path("/srv/район/district.sqlite3")),
        ("sqlite:///C:/data/district.sqlite3", Path("C:/data/district.sqlite3")),
        (Path("/tmp/x.sqlite3"), Path("/tmp/x.sqlite3")),
    ],
)
def test_file_addresses(target: str | Path, path: Path) -> None:
    assert not is_server_address(target)
    assert sqlite_path(target) == path


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("sqlite://", "нет пути к файлу"),
        ("sqlite:///:memory:", "нет пути к файлу"),
        ("mysql://root@localhost/db", "Неизвестный адрес"),
    ],
)
def test_addresses_refused(target: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        open_storage(target)


def test_server_addresses_take_the_psycopg_driver_only() -> None:
    for target in ("postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg://u@h/db"):
        assert is_server_address(target)
        assert server_url(target).drivername == "postgresql+psycopg"
    with pytest.raises(DatabaseError, match="Драйвер postgresql\\+psycopg2 не поддерживается"):
        server_url("postgresql+psycopg2://u@h/db")
    with pytest.raises(DatabaseError, match="не указана база"):
        server_url("postgresql://u@h")


def test_a_password_is_never_shown() -> None:
    shown = display_address("postgresql://методист:секрет@10.0.0.5:5432/район")
    assert "секрет" not in shown
    assert "***" in shown
    assert display_address("school.sqlite3") == "school.sqlite3"


def test_an_unreachable_server_gets_a_clear_message() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatabaseError, match="Не удаётся подключиться к серверу PostgreSQL") as e:
        open_storage(f"postgresql://user:hunter2@127.0.0.1:{port}/district")
    assert "hunter2" not in str(e.value)


def test_without_the_driver_the_message_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_psycopg(name: str, *args: object, **kwargs: object) -> object:
        if name == "psycopg" or name.startswith("psycopg."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(DriverMissing, match=r"mentor-desk\[district\]"):
        open_storage("postgresql://u@127.0.0.1/db")


def test_a_file_opens_the_sqlite_way(tmp_path: Path) -> None:
    for target in (tmp_path / "a.sqlite3", f"sqlite:///{tmp_path / 'b.sqlite3'}"):
        storage = open_storage(target)
        try:
            assert isinstance(storage, Database)
            assert storage.created and storage.wal
        finally:
            storage.close()


def test_the_sqlite_start_imports_no_server_code(tmp_path: Path) -> None:
    path = tmp_path / "school.sqlite3"
    open_storage(path).close()
    code = (
        "import sys\n"
        "from mentor_desk.storage.engines import open_storage\n"
        f"open_storage({str(path)!r}).close()\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in "
        "('psycopg', 'alembic', 'sqlalchemy')]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_server_database_is_created_migrated_and_written(pg_url: str) -> None:
    storage = open_storage(pg_url)
    try:
        assert isinstance(storage, ServerDatabase)
        assert (storage.created, storage.migrated_from) == (True, None)
        with storage.transaction() as session:
            session.add(Organization(full_name="МБОУ «Школа № 1»", short_name="Школа № 1",
                                     academic_year_start=2025))  # fmt: skip
        with pytest.raises(RuntimeError), storage.transaction() as session:
            session.add(Organization(full_name="Откат", short_name="x", academic_year_start=1))
            session.flush()
            raise RuntimeError("отмена")
        with storage.session() as session:
            assert session.scalars(text("SELECT short_name FROM organization")).all() == [
                "Школа № 1"
            ]
            with pytest.raises(Exception, match="read-only"):
                session.execute(text("DELETE FROM organization"))
    finally:
        storage.close()
    again = open_storage(pg_url)
    try:
        assert (again.created, again.migrated_from) == (False, None)
    finally:
        again.close()


def test_a_server_database_of_a_newer_app_is_refused_unchanged(pg_url: str) -> None:
    open_storage(pg_url).close()
    with engines._server_engine(server_url(pg_url)).begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseTooNew, match="более новой версией"):
        open_storage(pg_url)


def test_a_foreign_server_database_is_not_touched(pg_url: str) -> None:
    engine = engines._server_engine(server_url(pg_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id int)"))
    with pytest.raises(ForeignDatabase, match="invoices"):
        open_storage(pg_url)
    with engine.connect() as conn:
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        assert set(tables) == {"invoices"}
    engine.dispose()


def test_two_specialists_opening_a_new_database_at_once(pg_url: str) -> None:
    """The advisory lock: both opens succeed, the schema is made once."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        opened = list(pool.map(lambda _: open_storage(pg_url), range(2)))
    try:
        assert sorted(s.created for s in opened) == [False, True]
    finally:
        for s in opened:
            s.close()


def test_sequences_follow_rows_written_with_explicit_ids(storage_url: str) -> None:
    """An import writes ids; the next row added in the app must still get a new one."""
    storage = open_storage(storage_url)
    try:
        with storage.engine.begin() as conn:
            for pid in (7, 40):
                conn.execute(
                    text(
                        "INSERT INTO term (id, kind, name, position) VALUES (:id, 'topic', :n, 0)"
                    ),
                    {"id": pid, "n": f"тема {pid}"},
                )
            synced = sync_sequences(conn)
        assert (synced > 10) if storage_url.startswith("postgresql") else (synced == 0)
        with storage.transaction() as session:
            term = Term(kind="topic", name="новая", position=1)
            session.add(term)
            session.flush()
            assert term.id == 41
    finally:
        storage.close()
