"""Start-up shared by the window and the CLI: logging, opening a school database."""

from __future__ import annotations

import logging
from pathlib import Path

from mentor_desk.paths import user_log_dir
from mentor_desk.storage.database import Database, open_database

LOG_FILE_NAME = "mentor_desk.log"
LOG_MAX_BYTES = 1_000_000
LOG_KEPT = 3


def _rotate(log_file: Path) -> None:
    """Start a new log when the old one is large; keep a few (as RotatingFileHandler would,
    without importing logging.handlers, which pulls in sockets and pickle at start-up)."""
    if not log_file.exists() or log_file.stat().st_size < LOG_MAX_BYTES:
        return
    for n in range(LOG_KEPT - 1, 0, -1):
        older = log_file.with_name(f"{log_file.name}.{n}")
        if older.exists():
            older.replace(log_file.with_name(f"{log_file.name}.{n + 1}"))
    log_file.replace(log_file.with_name(f"{log_file.name}.1"))


def setup_logging() -> Path | None:
    """Log to a rotating file in the user log dir; returns its path (None if unwritable)."""
    try:
        folder = user_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log_file = folder / LOG_FILE_NAME
        _rotate(log_file)
        handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


def open_school_database(path: Path) -> Database:
    """Open (create, migrate) a database; a new one gets the default editable lists."""
    db = open_database(path)
    if db.created:
        from mentor_desk.services import vocabulary

        with db.transaction() as session:
            vocabulary.seed_defaults(session)
    return db
