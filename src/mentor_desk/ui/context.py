"""What every window and dialog shares: the open database, today, the settings, the bus."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

from mentor_desk.paths import APP_AUTHOR, APP_NAME
from mentor_desk.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class DataBus(QObject):
    """After a service changes data, one signal tells every tab to refresh."""

    data_changed = Signal()


def app_settings() -> QSettings:
    """Window geometry, columns, last folders: an INI file, so admins can read it."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_AUTHOR, APP_NAME)


@dataclass
class AppContext:
    db: Database
    demo: bool = False
    today: Callable[[], date] = date.today
    bus: DataBus = field(default_factory=DataBus)

    @contextmanager
    def action(self) -> Iterator[Session]:
        """One user action = one transaction; listeners refresh only after a commit."""
        with self.db.transaction() as session:
            yield session
        self.bus.data_changed.emit()
