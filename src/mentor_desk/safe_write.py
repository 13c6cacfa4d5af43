"""Writing a file the user asked for: whole or not at all, with a message they can act on.

Documents (PDF, DOCX) and spreadsheets (.xlsx) are saved the same way: under a temporary
name in the target's folder, then renamed over it, so a failure never leaves half a file
and never destroys the older one.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(
    path: Path,
    write: Callable[[BinaryIO], object],
    *,
    error: type[Exception],
    locked_message: str,
    failed: str = "Не удалось сохранить «{name}»",
    shown_as: str | None = None,
) -> None:
    """write() fills the temporary file; then it replaces `path` in one rename.

    On an OS failure the temporary file is removed and `error` is raised with a Russian
    message naming `shown_as` (the name the user knows) or the file; locked_message and
    failed (with {name}) word it, the first for a file another program holds open
    (Windows: Word, Excel, a viewer).
    """
    path = Path(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    created = False
    try:
        with open(temp, "xb") as stream:  # "x": never another file's name
            created = True
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        if created:
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            name = shown_as or path.name
            raise error(write_failure(name, exc, locked_message, failed)) from exc
        raise


def write_failure(
    name: str, exc: OSError, locked_message: str, failed: str = "Не удалось сохранить «{name}»"
) -> str:
    """Why a file could not be written, in words the user can act on."""
    if isinstance(exc, PermissionError):
        return locked_message.format(name=name)
    if exc.errno == errno.ENOSPC:
        reason = "на диске не хватает места"
    elif isinstance(exc, FileNotFoundError):
        reason = "папка не найдена"
    else:
        reason = f"ошибка записи ({exc.strerror or exc})"
    return f"{failed.format(name=name)}: {reason}."
