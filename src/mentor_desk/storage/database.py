"""Opening the school's SQLite file safely: checks, pragmas, migrations, backups.

The order at start is: quick_check → (if the schema is old) integrity_check, backup,
migrate with foreign keys off, foreign_key_check → engine with foreign keys on.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentor_desk.domain.text import fold

if TYPE_CHECKING:  # SQLAlchemy is imported on first write, not before the window shows
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

# Alembic revisions in order; kept here so a start with an up-to-date file never imports
# Alembic (a test checks this list against the migration scripts).
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD_REVISION = REVISIONS[-1]
BACKUPS_KEPT = 10
WRITE_OPTION = "mentor_desk_write"
BUSY_TIMEOUT_MS = 5000
SQLITE_FOLD = "md_fold"  # storage.names: the search and sort key of Russian names

_NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs",
    "fuse.sshfs", "davfs", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.rclone", "vboxsf",
}  # fmt: skip


class DatabaseError(Exception):
    """A problem with the database file; the message is for the user, in Russian."""


class DatabaseCorrupt(DatabaseError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"Файл базы данных повреждён или это не база Mentor Desk:\n{path}\n\n"
            f"Подробности: {detail}"
        )
        self.path = path
        self.detail = detail


class DatabaseTooNew(DatabaseError):
    pass


def is_network_path(path: Path) -> bool:
    """True for a file on a network share, where SQLite's WAL mode is unsafe."""
    resolved = str(path.resolve())
    if sys.platform == "win32":
        if resolved.startswith("\\\\"):
            return True
        import ctypes

        drive = os.path.splitdrive(resolved)[0] + "\\"
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # type: ignore[attr-defined]
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    best, fstype = "", ""
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, fstype = point, parts[2]
    return fstype in _NETWORK_FS


def _fold(text: str | None) -> str | None:
    return None if text is None else fold(text)


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the app's queries may use on this connection (md_fold: text.fold)."""
    conn.create_function(SQLITE_FOLD, 1, _fold, deterministic=True)


def _open_raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)


def check_file(path: Path, *, full: bool = False) -> None:
    """Raise DatabaseCorrupt unless SQLite's quick (or full integrity) check passes."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path, str(exc)) from exc
    if rows != [("ok",)]:
        raise DatabaseCorrupt(path, "; ".join(str(r[0]) for r in rows[:5]))


def current_revision(path: Path) -> str | None:
    with closing(_open_raw(path)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise DatabaseCorrupt(path, "в файле нет таблиц Mentor Desk") from None
            return None
    return str(row[0]) if row else None


def backups_dir_for(path: Path) -> Path:
    return path.parent / "backups"


def list_backups(path: Path) -> list[Path]:
    """Backups of this database, newest first (not those of "school-копия" beside it)."""
    folder = backups_dir_for(path)
    if not folder.is_dir():
        return []
    own = re.compile(re.escape(path.stem) + r"-\d{8}-\d{6}-\d{3}-[\w-]+\.sqlite3")
    return sorted((p for p in folder.iterdir() if own.fullmatch(p.name)), reverse=True)


def _stamp() -> str:
    # The one wall-clock read below the GUI: a copy is named by the moment it is written,
    # as its file's mtime says; no caller's "now" could name it more truly.
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]


def _unused(target: Path) -> Path:
    """Never overwrite: two copies in the same millisecond get a counter."""
    candidate, n = target, 1
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        n += 1
    return candidate


def backup(path: Path, reason: str = "manual") -> Path:
    """Copy the live database with SQLite's backup API into the rotating backups folder.

    A database that fails integrity_check is not backed up: rotating a broken copy in
    would push out the good ones.
    """
    check_file(path, full=True)
    folder = backups_dir_for(path)
    folder.mkdir(parents=True, exist_ok=True)
    target = _unused(folder / f"{path.stem}-{_stamp()}-{reason}.sqlite3")
    partial = target.with_suffix(".partial")
    with closing(_open_raw(path)) as src, closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
        # A copy is a single self-contained file: no WAL side files to lose or pile up.
        dst.execute("PRAGMA journal_mode=DELETE")
    partial.replace(target)
    # By name (time stamp), but never the copy just made: a clock set back (a flat CMOS
    # battery) would otherwise sort it oldest and delete it at once.
    older = [b for b in list_backups(path) if b != target]
    for old in older[BACKUPS_KEPT - 1 :]:
        for side in (old, *(Path(f"{old}{extra}") for extra in ("-wal", "-shm", "-journal"))):
            side.unlink(missing_ok=True)
    log.info("backup written: %s", target)
    return target


def latest_good_backup(path: Path) -> Path | None:
    for candidate in list_backups(path):
        try:
            check_file(candidate)
        except DatabaseCorrupt:
            continue
        return candidate
    return None


def restore_backup(path: Path, backup_file: Path) -> Path:
    """Put a backup in place of a broken database; the broken file is kept, renamed.

    Returns where the broken file now lies.
    """
    aside = _unused(path.with_name(f"{path.stem}.повреждён-{_stamp()}{path.suffix}"))
    if path.exists():
        path.replace(aside)
    for extra in ("-wal", "-shm", "-journal"):
        side = Path(f"{path}{extra}")
        if side.exists():
            side.replace(Path(f"{aside}{extra}"))
    partial = path.with_suffix(".partial")
    shutil.copy2(backup_file, partial)
    partial.replace(path)
    return aside


def _make_engine(path: Path, *, foreign_keys: bool, wal: bool) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own transaction handling skips DDL; SQLAlchemy's recipe: autocommit
        # at the driver, explicit BEGIN below, so migrations are truly transactional.
        dbapi_conn.isolation_level = None
        register_functions(dbapi_conn)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA secure_delete=ON")  # an erased person is overwritten on disk
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A write transaction takes the write lock at once (no deadlock half-way); a read
        # session must not, or it would block other writers and fail on a read-only file.
        write = conn.get_execution_options().get(WRITE_OPTION, True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _set_journal_mode(path: Path, wal: bool) -> None:
    """WAL on a local disk, the rollback journal on a share; the mode is kept in the file."""
    with closing(_open_raw(path)) as conn:
        conn.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")


def _migrate(path: Path, wal: bool) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    # Foreign keys off outside the transaction: batch migrations drop and recreate
    # tables, and with them on the drop would cascade into child rows.
    engine = _make_engine(path, foreign_keys=False, wal=wal)
    try:
        with engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DatabaseError(
                    "Обновление структуры базы нарушило связи между записями и было отменено; "
                    f"файл не изменён. Первая ошибка: {broken[0]}"
                )
    finally:
        engine.dispose()


@dataclass
class Database:
    """An open school database: its file and how it was opened.

    Writes go through SQLAlchemy sessions (one user action, one transaction); the
    engine is made on first use so the window can show before SQLAlchemy is imported.
    Reads for display may use `reader`, a plain sqlite3 connection on the same file.
    """

    path: Path
    created: bool
    wal: bool
    migrated_from: str | None = None  # the old revision when this open upgraded the file

    @cached_property
    def engine(self) -> Engine:
        return _make_engine(self.path, foreign_keys=True, wal=self.wal)

    @cached_property
    def _sessions(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    @cached_property
    def reader(self) -> sqlite3.Connection:
        """A connection for display queries; it never writes."""
        conn = _open_raw(self.path)
        register_functions(conn)
        conn.execute("PRAGMA query_only=ON")
        return conn

    def new_reader(self) -> sqlite3.Connection:
        """A read-only connection of its own, for a worker thread (the caller closes it)."""
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        register_functions(conn)
        conn.execute("PRAGMA query_only=ON")
        return conn

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commit on success, roll back everything on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def session(self) -> Session:
        """A session for reading; use transaction() to change anything."""
        session = self._sessions()
        session.connection(execution_options={WRITE_OPTION: False})
        return session

    def flush_journal(self) -> None:
        """Fold the WAL into the file and empty it: erased data must not linger there."""
        with closing(_open_raw(self.path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        if "reader" in self.__dict__:
            self.reader.close()
            del self.__dict__["reader"]
        if "engine" in self.__dict__:
            self.engine.dispose()


def session_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session, its pending changes flushed: a display read
    of mentor_desk.queries run inside the caller's transaction sees what it wrote so far."""
    session.flush()
    conn = session.connection().connection.driver_connection
    assert isinstance(conn, sqlite3.Connection)
    return conn


def open_database(path: Path) -> Database:
    """Open (creating if absent) and migrate the database at path.

    Raises DatabaseCorrupt for a broken file, DatabaseTooNew for a newer app's file,
    DatabaseError for a folder that cannot be written.
    """
    created = not path.exists() or path.stat().st_size == 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"Не удаётся создать папку для базы данных {path.parent}: {exc}"
        ) from exc
    if not created:
        check_file(path)
    wal = not is_network_path(path)
    revision = None if created else current_revision(path)
    if revision is not None and revision not in REVISIONS:
        raise DatabaseTooNew(
            f"База {path} создана более новой версией Mentor Desk (схема {revision}). "
            "Установите новую версию программы; файл не изменён."
        )
    migrated_from = None
    if revision != HEAD_REVISION:
        migrated_from = revision
        if not created and revision is not None:
            backup(path, reason=f"before-migration-{revision}")
        log.info("migrating %s from %s to %s", path, revision, HEAD_REVISION)
        _migrate(path, wal)
    if not wal:  # a file once in WAL stays so until told otherwise
        _set_journal_mode(path, wal)
    return Database(path, created=created, wal=wal, migrated_from=migrated_from)


BACKUP_INTERVAL_HOURS = 24


def backup_due(path: Path, now: datetime) -> bool:
    """True when the newest backup of this database is older than a day (or there is none),
    on the caller's clock (now)."""
    newest = next(iter(list_backups(path)), None)
    if newest is None:
        return True
    age = now.timestamp() - newest.stat().st_mtime
    return age < 0 or age > BACKUP_INTERVAL_HOURS * 3600  # age < 0: the clock moved back
