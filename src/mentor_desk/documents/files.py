"""Writing a finished document: whole or not at all, with a message the user can act on."""

from __future__ import annotations

from pathlib import Path

from mentor_desk import safe_write
from mentor_desk.paths import resource

LOCKED_MESSAGE = (
    "Не удалось сохранить «{name}»: файл открыт в другой программе "
    "(Word, LibreOffice, программа просмотра PDF). Закройте его и сохраните снова."
)


class DocumentWriteError(Exception):
    """The document could not be saved; the message is for the user (Russian)."""


def write_atomically(path: Path, data: bytes, *, shown_as: str | None = None) -> None:
    """Save the document's bytes whole or not at all (see mentor_desk.safe_write).

    shown_as: the file name the user knows, for the message, when `path` is itself a
    temporary one (the CLI writes an order there before it records it).
    """
    safe_write.write_atomically(
        path, lambda stream: stream.write(data), error=DocumentWriteError,
        locked_message=LOCKED_MESSAGE, shown_as=shown_as,
    )  # fmt: skip


def font_path(file_name: str) -> Path:
    """A shipped font file (resources/fonts), wherever the program runs from."""
    return resource("fonts", file_name)
