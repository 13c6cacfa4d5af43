"""Failures the user can act on, in Russian: for the window and the command line alike.

No Qt here: ui.errors shows these messages in a box, the CLI prints them and exits 2.
"""

from __future__ import annotations

import sqlite3

from mentor_desk.storage.database import DatabaseError

BUSY_MESSAGE = (
    "База данных занята другой программой (например, идёт копирование файла). "
    "Изменения не сохранены. Подождите минуту и повторите."
)


def user_message(exc: BaseException) -> str | None:
    """The message for a failure the user can act on, or None for a bug."""
    if isinstance(exc, DatabaseError):
        return str(exc)
    from sqlalchemy.exc import DBAPIError  # by now loaded, or a moment to load on failure

    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(original, sqlite3.OperationalError):
        text = str(original).lower()
        if "locked" in text or "busy" in text:
            return BUSY_MESSAGE
        if "readonly" in text or "read-only" in text:
            return "Файл базы данных доступен только для чтения. Изменения не сохранены."
        if "disk" in text and "full" in text:
            return "На диске закончилось место. Изменения не сохранены: освободите место."
    if isinstance(original, sqlite3.DatabaseError) and "malformed" in str(original):
        return (
            "Файл базы данных повреждён. Изменения не сохранены. Закройте программу: "
            "при следующем запуске она предложит открыть последнюю резервную копию."
        )
    if isinstance(exc, OSError) and not isinstance(exc, DBAPIError):
        return f"Не удалось выполнить операцию с файлом: {exc.strerror or exc}"
    return None
