"""storage.errors.user_message: failures the user can act on, for the window and the CLI."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from mentor_desk.storage.database import DatabaseCorrupt
from mentor_desk.storage.errors import BUSY_MESSAGE, user_message


@pytest.mark.parametrize(
    ("exc", "fragment"),
    [
        (sqlite3.OperationalError("database is locked"), "занята другой программой"),
        (OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked")),
         "занята другой программой"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "только для чтения"),
        (sqlite3.OperationalError("database or disk is full"), "закончилось место"),
        (sqlite3.DatabaseError("database disk image is malformed"), "повреждён"),
        (DatabaseCorrupt(Path("school.sqlite3"), "not a database"), "school.sqlite3"),
        (PermissionError(13, "Permission denied"), "Permission denied"),
    ],
)  # fmt: skip
def test_failures_the_user_can_act_on(exc: BaseException, fragment: str) -> None:
    message = user_message(exc)
    assert message is not None and fragment in message


def test_a_bug_has_no_message() -> None:
    assert user_message(ValueError("bug")) is None
    assert user_message(sqlite3.OperationalError("no such table: x")) is None


def test_the_window_shows_the_same_messages() -> None:
    """ui.errors re-exports the one function: the box and the CLI say the same."""
    errors = pytest.importorskip("mentor_desk.ui.errors")
    assert errors.user_message is user_message
    assert user_message(sqlite3.OperationalError("database is locked")) == BUSY_MESSAGE
