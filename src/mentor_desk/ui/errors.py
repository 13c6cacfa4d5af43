"""Turning failures into short Russian messages; bugs go to the log with a traceback."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from mentor_desk.storage.errors import user_message

__all__ = ["install_excepthook", "log_note", "show_failure", "user_message"]

log = logging.getLogger(__name__)


def show_failure(parent: QWidget | None, exc: BaseException, log_file: Path | None) -> None:
    """A failure, in Russian, with where its details were written: every failure is logged."""
    message = user_message(exc)
    if message is None:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        message = f"Произошла непредвиденная ошибка: {exc}. Изменения не сохранены."
    else:
        log.warning("user-facing failure: %s", exc)
    QMessageBox.warning(parent, "Mentor Desk", message + log_note(log_file))


def log_note(log_file: Path | None) -> str:
    """The line that sends the user (or the person they call) to the log file."""
    return f"\n\nПодробности записаны в журнал:\n{log_file}" if log_file else ""


def install_excepthook(log_file: Path | None, parent: Callable[[], QWidget | None]) -> None:
    """Unexpected exceptions in Qt slots: log with traceback, tell the user briefly."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("uncaught: %s", "".join(traceback.format_exception(kind, exc, tb)))
        show_failure(parent(), exc, log_file)

    sys.excepthook = hook
