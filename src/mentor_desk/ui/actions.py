"""run_action: one user action in one transaction, its refusal or failure shown in Russian.

Replaces the hand-written try/except around ctx.action(): a rule's refusal (the service's
own error class, given as `refused`) is shown as it is, any other failure through
show_failure with the log file named, and the bus hears of the change only after a commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.errors import show_failure

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What an action gave back; false when it was refused or failed (already shown)."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def run_action(
    parent: QWidget | None,
    ctx: AppContext,
    changes: Changes,
    work: Callable[[Session], T],
    *,
    title: str = "Mentor Desk",
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    initiator: object = None,
    on_refused: Callable[[Exception], None] | None = None,
) -> Outcome[T]:
    """Run `work` in one transaction and announce `changes`; nothing is kept if it raises.

    A refusal goes to `on_refused` (e.g. a message next to a dialog's field) or a warning
    box titled `title`; anything else is a failure for show_failure.
    """
    try:
        with ctx.action(changes, initiator) as session:
            value = work(session)
    except refused as exc:
        if on_refused is not None:
            on_refused(exc)
        else:
            QMessageBox.warning(parent, title, str(exc))
        return Outcome(False)
    except Exception as exc:
        show_failure(parent, exc, ctx.log_file)
        return Outcome(False)
    return Outcome(True, value)


def warn_later(parent: QWidget | None, title: str, message: str) -> None:
    """A warning shown after the current event: from a cell editor's commit, a modal box
    would take the focus away and make the editor commit once more."""
    QTimer.singleShot(0, lambda: QMessageBox.warning(parent, title, message))
