"""Turning failures into short Russian messages; bugs go to the log with a traceback."""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from mentor_desk.storage.database import DatabaseError

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str | None:
    """The message for a failure the user can act on, or None for a bug."""
    if isinstance(exc, DatabaseError):
        return str(exc)
    from sqlalchemy.exc import DBAPIError  # loaded by then: only writes raise it

    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(original, sqlite3.OperationalError):
        text = str(original).lower()
        if "locked" in text or "busy" in text:
            return (
                "База данных занята другой программой (например, идёт копирование файла). "
                "Изменения не сохранены. Подождите минуту и повторите."
            )
        if "readonly" in text or "read-only" in text:
            return "Файл базы данных доступен только для чтения. Изменения не сохранены."
        if "disk" in text and "full" in text:
            return "На диске закончилось место. Изменения не сохранены: освободите место."
    if isinstance(original, sqlite3.DatabaseError) and "malformed" in str(original):
        return (
            "Файл базы данных повреждён. Изменения не сохранены. Закройте программу: "
            "при следующем запуске она предложит открыть последнюю резервную копию."
        )
    if isinstance(exc, PermissionError | OSError) and not isinstance(exc, DBAPIError):
        return f"Не удалось выполнить операцию с файлом: {exc.strerror or exc}"
    return None


def show_failure(parent: QWidget | None, exc: BaseException, log_file: Path | None) -> None:
    message = user_message(exc)
    if message is None:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        where = f"\n\nПодробности записаны в журнал:\n{log_file}" if log_file else ""
        message = f"Произошла непредвиденная ошибка: {exc}. Изменения не сохранены.{where}"
    else:
        log.warning("user-facing failure: %s", exc)
    QMessageBox.warning(parent, "Mentor Desk", message)


def install_excepthook(log_file: Path | None, parent: Callable[[], QWidget | None]) -> None:
    """Unexpected exceptions in Qt slots: log with traceback, tell the user briefly."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("uncaught: %s", "".join(traceback.format_exception(kind, exc, tb)))
        show_failure(parent(), exc, log_file)

    sys.excepthook = hook
