"""What the two pages of the monitoring stages share: the year, refreshing on the bus, and
list and table views that say what to do while they are empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QMessageBox, QTableView, QWidget

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.services.monitoring import MonitoringError
from mentor_desk.ui.actions import Outcome, run_action
from mentor_desk.ui.context import AppContext, Changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


def _paint_hint(view: QAbstractItemView, hint: str) -> None:
    """The hint in the empty viewport, wrapped and greyed like a placeholder."""
    model = view.model()
    if not hint or model is None or model.rowCount() > 0:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().placeholderText().color())
    area = view.viewport().rect().adjusted(12, 12, -12, -12)
    painter.drawText(
        QRect(area),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        hint,
    )
    painter.end()


class HintListView(QListView):
    """A list that shows `hint` while it has no rows."""

    hint = ""

    def set_hint(self, hint: str) -> None:
        self.hint = hint
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        _paint_hint(self, self.hint)


class HintTableView(QTableView):
    """A table that shows `hint` while it has no rows."""

    hint = ""

    def set_hint(self, hint: str) -> None:
        self.hint = hint
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        _paint_hint(self, self.hint)


class StagePage(QWidget):
    """A page of the «Мониторинг» tab for one academic year.

    The tab calls set_year(); the page reads again on refresh(), and when an action of
    someone else changes what it shows (hidden, it only marks itself stale).
    """

    SHOWS = Changes.MONITORING | Changes.PEOPLE | Changes.PAIRS
    TITLE = "Мониторинг"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year_start = AcademicYear.containing(ctx.today()).start_year
        self.dirty = True
        self.loaded = False
        ctx.bus.changed.connect(self._data_changed)

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.year_start)

    def set_year(self, year_start: int) -> None:
        """Show the academic year that begins on 1 September of year_start."""
        if year_start == self.year_start and self.loaded:
            return
        self.year_start = year_start
        self.dirty = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:  # pragma: no cover - each page reads its own
        raise NotImplementedError

    def run(self, work: Callable[[Session], T], *, in_editor: bool = False) -> Outcome[T]:
        """One action on the monitoring data, refused with the service's Russian message.

        in_editor: the action commits an edit in place; its refusal is shown after the
        editor has closed (a modal box while it commits would make it commit twice).
        """

        def later(exc: Exception) -> None:
            QTimer.singleShot(0, lambda: QMessageBox.warning(self, self.TITLE, str(exc)))

        return run_action(
            self,
            self.ctx,
            Changes.MONITORING,
            work,
            title=self.TITLE,
            refused=MonitoringError,
            initiator=self,
            on_refused=later if in_editor else None,
        )

    def _data_changed(self, changes: Changes, initiator: object) -> None:
        if initiator is self or not changes & self.SHOWS:
            return  # its own actions update the page at once
        self.dirty = True
        if self.isVisible():
            QTimer.singleShot(0, self._refresh_if_dirty)

    def _refresh_if_dirty(self) -> None:
        if self.dirty:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()
