"""Writing a finished document: whole or not at all, with a message the user can act on."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from mentor_desk.paths import resource

LOCKED_MESSAGE = (
    "Не удалось сохранить «{name}»: файл открыт в другой программе "
    "(Word, LibreOffice, программа просмотра PDF). Закройте его и сохраните снова."
)


class DocumentWriteError(Exception):
    """The document could not be saved; the message is for the user (Russian)."""


def write_atomically(path: Path, data: bytes, *, shown_as: str | None = None) -> None:
    """Write under a temporary name beside `path`, then move it over `path` in one step.

    The temporary file is in the same folder, so os.replace is a rename that happens
    whole or not at all; on any failure it is removed and an older `path` is untouched.
    shown_as: the file name the user knows, for the message, when `path` is itself a
    temporary one (the CLI writes an order there before it records it).
    """
    path = Path(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    created = False
    try:
        with open(temp, "xb") as stream:  # "x": never another file's name
            created = True
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        if created:
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DocumentWriteError(_failure(shown_as or path.name, exc)) from exc
        raise


def _failure(name: str, exc: OSError) -> str:
    if isinstance(exc, PermissionError):  # Windows: the file is open in Word or a viewer
        return LOCKED_MESSAGE.format(name=name)
    if exc.errno == errno.ENOSPC:
        reason = "на диске не хватает места"
    elif isinstance(exc, FileNotFoundError):
        reason = "папка не найдена"
    else:
        reason = f"ошибка записи ({exc.strerror or exc})"
    return f"Не удалось сохранить «{name}»: {reason}."


def font_path(file_name: str) -> Path:
    """A shipped font file (resources/fonts), wherever the program runs from."""
    return resource("fonts", file_name)
