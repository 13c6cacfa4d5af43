"""Open a database by its address: a SQLite file (the default) or a PostgreSQL server.

`open_storage("school.sqlite3")`, `open_storage("sqlite:///C:/data/district.sqlite3")` →
the SQLite path of storage.database (checks, backups, migrations, WAL) unchanged.
`open_storage("postgresql://user:password@host:5432/district")` → an engine on the server
through the psycopg driver (the `district` extra), migrated to the head revision by the same
Alembic scripts, in one transaction under an advisory lock, so two specialists opening a new
regional database at once do not both migrate it.

Nothing here imports SQLAlchemy, Alembic or psycopg until a server address is opened: the
school's SQLite start-up stays as fast as before.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from mentor_desk.storage.database import (
    HEAD_REVISION,
    REVISIONS,
    Database,
    DatabaseError,
    DatabaseTooNew,
    open_database,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
SERVER_DRIVER = "postgresql+psycopg"
# pg_advisory_xact_lock key: one migration at a time per database ("MDMG").
MIGRATION_LOCK = 0x4D444D47
CONNECT_TIMEOUT_S = 10

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


class ForeignDatabase(DatabaseError):
    """A server database that holds somebody else's tables."""


class DriverMissing(DatabaseError):
    def __init__(self) -> None:
        super().__init__(
            "Для работы с базой на сервере PostgreSQL нужен драйвер psycopg. Установите "
            'дополнение программы: pip install "mentor-desk[district]".'
        )


def scheme(target: str | os.PathLike[str]) -> str | None:
    """`postgresql`, `sqlite`, ... for an address, None for a plain file path."""
    if isinstance(target, os.PathLike):
        return None
    match = _SCHEME.match(target.strip())
    return match.group(1).lower() if match else None


def is_server_address(target: str | os.PathLike[str]) -> bool:
    kind = scheme(target)
    return kind is not None and kind.split("+")[0] in ("postgresql", "postgres")


def sqlite_path(target: str | os.PathLike[str]) -> Path:
    """The file of a `sqlite:///...` address or of a plain path.

    Raises DatabaseError for an in-memory database or an address of another kind.
    """
    kind = scheme(target)
    if kind is None:
        return Path(target).expanduser()
    text = str(target).strip()
    if kind.split("+")[0] != "sqlite":
        raise DatabaseError(
            f"Неизвестный адрес базы данных: {text}\n"
            "Укажите путь к файлу, sqlite:///путь или postgresql://пользователь@сервер/база."
        )
    rest = text.split("://", 1)[1]
    if not rest.startswith("/") or rest in ("/", "/:memory:"):
        raise DatabaseError(
            f"В адресе {text} нет пути к файлу: база в памяти не сохраняется. "
            "Пишите sqlite:///путь/к/файлу.sqlite3."
        )
    # sqlite:///relative.db, sqlite:////abs/path.db, sqlite:///C:/dir/file.db
    return Path(rest[1:].split("?", 1)[0]).expanduser()


def server_url(target: str) -> URL:
    """The SQLAlchemy URL with the psycopg driver; another driver is refused."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(target.strip())
    except ArgumentError as exc:
        raise DatabaseError(f"Адрес сервера базы данных записан неверно: {exc}") from exc
    backend, _, driver = url.drivername.partition("+")
    if backend not in ("postgresql", "postgres") or driver not in ("", "psycopg"):
        raise DatabaseError(
            f"Драйвер {url.drivername} не поддерживается: пишите адрес как "
            "postgresql://пользователь@сервер:порт/база."
        )
    if not url.database:
        raise DatabaseError(
            "В адресе сервера не указана база данных: postgresql://пользователь@сервер/база."
        )
    return url.set(drivername=SERVER_DRIVER)


def display_address(target: str | os.PathLike[str]) -> str:
    """The address to show or log: a server's password is masked."""
    if not is_server_address(target):
        return str(target)
    try:
        return server_url(str(target)).render_as_string(hide_password=True)
    except DatabaseError:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", str(target))


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration for the project's scripts, running on `connection`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _table_names(conn: Connection) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())


def server_revision(conn: Connection) -> str | None:
    """The schema revision of a server database; None for an empty one.

    Raises ForeignDatabase for a database that holds other tables but not Mentor Desk's:
    the app never writes its tables into somebody else's database.
    """
    tables = _table_names(conn)
    if "alembic_version" not in tables:
        if tables:
            raise ForeignDatabase(
                f"База {display_address(str(conn.engine.url))} на сервере не пуста и не "
                "является базой Mentor Desk (в ней есть таблицы "
                f"{', '.join(sorted(tables)[:5])}). Укажите пустую базу или базу Mentor "
                "Desk; ничего не изменено."
            )
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return str(row[0]) if row else None


def migrate_server(engine: Engine, revision: str = HEAD_REVISION) -> str | None:
    """Upgrade a server database to `revision` in one transaction; the old revision.

    A database already there is left untouched (Alembic not even imported). Another
    process migrating the same database at the same time waits for the advisory lock and
    then finds nothing to do.
    """
    with engine.connect() as conn, conn.begin():
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        current = server_revision(conn)
        if current is not None and current not in REVISIONS:
            raise DatabaseTooNew(
                f"База {display_address(str(engine.url))} создана более новой версией "
                f"Mentor Desk (схема {current}). Установите новую версию программы; "
                "база не изменена."
            )
        if current is not None and REVISIONS.index(current) >= REVISIONS.index(revision):
            return current
        from alembic import command

        command.upgrade(alembic_config(conn), revision)
    return current


def sync_sequences(conn: Connection) -> int:
    """PostgreSQL: move every id sequence past the largest id of its table; how many.

    Rows written with explicit ids (an import of a bundle, a restore) do not advance the
    sequence, and the next insert without an id would collide with them. SQLite needs
    nothing (its rowid follows the largest id): 0 there.
    """
    if conn.dialect.name != "postgresql":
        return 0
    quote = conn.dialect.identifier_preparer.quote
    found = conn.exec_driver_sql(
        "SELECT table_name, column_name, pg_get_serial_sequence("
        "quote_ident(table_schema) || '.' || quote_ident(table_name), column_name)"
        " FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND column_default LIKE 'nextval(%%'"
    ).all()
    for table, column, sequence in found:
        largest = f"SELECT max({quote(column)}) FROM {quote(table)}"
        conn.exec_driver_sql(
            f"SELECT setval(%(seq)s, coalesce(({largest}), 0) + 1, false)", {"seq": sequence}
        )
    return len(found)


def _server_engine(url: URL) -> Engine:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise DriverMissing() from None
    from sqlalchemy import create_engine

    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "mentor-desk"},
    )


@dataclass
class ServerDatabase:
    """A database on a PostgreSQL server, with the same write API as the SQLite Database."""

    address: str  # for display, password masked
    engine: Engine
    created: bool
    migrated_from: str | None = None

    @cached_property
    def _sessions(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commit on success, roll back everything on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def session(self) -> Session:
        """A session for reading (a read-only transaction); use transaction() to write."""
        session = self._sessions()
        session.connection(execution_options={"postgresql_readonly": True})
        return session

    def close(self) -> None:
        self.engine.dispose()


def open_server(target: str) -> ServerDatabase:
    """Connect to a PostgreSQL database and migrate it to the head revision.

    Raises DriverMissing without psycopg, DatabaseError when the server cannot be reached,
    DatabaseTooNew as open_database does for a file, ForeignDatabase for a database
    holding other tables.
    """
    url = server_url(target)
    shown = url.render_as_string(hide_password=True)
    engine = _server_engine(url)
    from sqlalchemy.exc import OperationalError

    try:
        migrated_from = migrate_server(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip() if exc.orig is not None else str(exc)
        raise DatabaseError(
            f"Не удаётся подключиться к серверу PostgreSQL {shown}.\n\nПодробности: {reason}"
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    created = migrated_from is None
    return ServerDatabase(
        shown,
        engine,
        created=created,
        migrated_from=None if migrated_from == HEAD_REVISION else migrated_from,
    )


def open_storage(target: str | os.PathLike[str]) -> Database | ServerDatabase:
    """A SQLite file (path or sqlite:/// address) or a PostgreSQL server, opened and migrated."""
    if is_server_address(target):
        return open_server(str(target))
    return open_database(sqlite_path(target))
