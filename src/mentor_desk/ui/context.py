"""What every window and dialog shares: the open database, today, the settings, the bus.

The bus follows Anki's operation_did_execute(changes, initiator): an action declares what
it changed, and each tab refreshes only when a flag it shows is set (a hidden tab only
marks itself stale), and may skip the actions it started and has already shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Flag, auto
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from mentor_desk.paths import APP_AUTHOR, APP_NAME
from mentor_desk.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Changes(Flag):
    """What one user action changed: the tabs listen for the flags they show."""

    NONE = 0
    PEOPLE = auto()  # participants, their roles, consents, archive
    PAIRS = auto()  # pairs and groups, their programs, meetings, preferences
    ROADMAP = auto()  # roadmaps, items, responsible persons
    PROFILE = auto()  # the school profile (name, head, signatures)
    VOCABULARIES = auto()  # classes, target groups and other lists
    JOURNAL = auto()  # issued orders and handed-out forms
    SETTINGS = auto()  # settings kept in the database (matching weights, ...)
    MONITORING = auto()  # contingent, indicator sets, surveys, SWOT, growth
    ALL = PEOPLE | PAIRS | ROADMAP | PROFILE | VOCABULARIES | JOURNAL | SETTINGS | MONITORING


class DataBus(QObject):
    """After an action commits: changed(Changes, initiator), initiator the widget that
    acted (or None), so that it can skip what it has already shown."""

    changed = Signal(object, object)


def app_settings() -> QSettings:
    """Window geometry, columns, last folders: an INI file, so admins can read it."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


@dataclass
class AppContext:
    db: Database
    demo: bool = False
    today: Callable[[], date] = date.today
    now: Callable[[], datetime] = datetime.now  # the moment of an action, for the services
    bus: DataBus = field(default_factory=DataBus)
    log_file: Path | None = None  # named in every failure message

    @contextmanager
    def action(self, changes: Changes, initiator: object = None) -> Iterator[Session]:
        """One user action = one transaction; listeners hear of it only after a commit."""
        with self.db.transaction() as session:
            yield session
        self.announce(changes, initiator)

    def announce(self, changes: Changes, initiator: object = None) -> None:
        """Tell the tabs of a change committed elsewhere (an import, a restore)."""
        if changes:
            self.bus.changed.emit(changes, initiator)
