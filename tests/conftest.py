"""Shared fixtures: offscreen Qt, isolated user dirs and settings, a fresh migrated database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.helpers import TODAY

from mentor_desk.bootstrap import open_school_database
from mentor_desk.storage.database import Database

__all__ = ["TODAY"]


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user's data, logs or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("MENTOR_DESK_DB", raising=False)
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # pragma: no cover
        return home
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A new school database built by the real migrations, with the default lists."""
    database = open_school_database(db_path)
    yield database
    database.close()
