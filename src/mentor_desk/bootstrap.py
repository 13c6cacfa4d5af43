"""Start-up shared by the window and the CLI: logging, opening a school database."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from mentor_desk.paths import user_log_dir
from mentor_desk.storage.database import Database, open_database

LOG_FILE_NAME = "mentor_desk.log"


def setup_logging() -> Path | None:
    """Log to a rotating file in the user log dir; returns its path (None if unwritable)."""
    try:
        folder = user_log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log_file = folder / LOG_FILE_NAME
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
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
