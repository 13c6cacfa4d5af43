"""What the two pages of the monitoring stages share: the year, refreshing on the bus, and
list and table views that say what to do while they are empty."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer
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


Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


class Record(Protocol):
    @property
    def id(self) -> int: ...


Rec = TypeVar("Rec", bound=Record)


class RecordListModel(QAbstractListModel, Generic[Rec]):
    """The records of a stage page (SWOT items, growth parameters), edited in place: the
    text goes to `on_edit(record id, text)`, which returns whether the service kept it.
    Subclasses say what a record shows (display, tooltip) and how an edit changes it."""

    SKIP_EMPTY = False  # True: an emptied line is no edit; False: the service refuses it

    def __init__(
        self, parent: Any = None, on_edit: Callable[[int, str], bool] | None = None
    ) -> None:
        super().__init__(parent)
        self.rows: list[Rec] = []
        self.on_edit = on_edit

    def load(self, rows: Sequence[Rec]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, record_id: int | None) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.id == record_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def display(self, row: Rec) -> str:
        raise NotImplementedError

    def edit_text(self, row: Rec) -> str:
        return self.display(row)

    def tooltip(self, row: Rec) -> str:
        return self.display(row)

    def edited(self, row: Rec, text: str) -> Rec:
        """The record with the text the service kept (already cleaned of extra spaces)."""
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row)
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == ID_ROLE:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.on_edit is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.on_edit is None or not index.isValid():
            return False
        row = self.rows[index.row()]
        text = " ".join(str(value).split())
        if not text and self.SKIP_EMPTY:
            return False
        if text == self.edit_text(row) or not self.on_edit(row.id, text):
            return False
        self.rows[index.row()] = self.edited(row, text)
        self.dataChanged.emit(index, index)
        return True


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
