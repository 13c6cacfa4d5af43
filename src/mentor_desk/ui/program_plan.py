"""The plan of a personalized program as an editable table: activities, due and done dates.

Dates stay text as typed until they are valid, so nothing typed is lost; a bad cell is
marked and named by row before the program is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from mentor_desk.domain.dates import format_date, parse_date
from mentor_desk.ui.form_dialog import read_date
from mentor_desk.ui.tables import Index, ListTableModel

_BAD_CELL = QColor("#fde2e1")
_DONE_FG = QColor("#1b5e20")

COL_TEXT, COL_DUE, COL_DONE = range(3)
PLAN_HEADERS = ("Мероприятие", "Срок", "Выполнено")


@dataclass
class PlanRow:
    """One activity as typed: dates stay text until they are valid, so nothing is lost."""

    text: str = ""
    due: str = ""
    done: str = ""

    def is_empty(self) -> bool:
        return not (self.text.strip() or self.due.strip() or self.done.strip())


class PlanModel(ListTableModel[PlanRow]):
    """The plan of a program: editable cells, bad cells marked, problems named by row."""

    changed = Signal()
    headers = PLAN_HEADERS

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        for signal in (
            self.dataChanged, self.rowsInserted, self.rowsRemoved, self.rowsMoved,
            self.modelReset,
        ):  # fmt: skip
            signal.connect(self.changed)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)  # the rows are numbered: the problems name them
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def _cell(self, row: PlanRow, column: int) -> str:
        return (row.text, row.due, row.done)[column]

    def cell_error(self, row: int, column: int) -> str | None:
        item = self.rows[row]
        if column == COL_TEXT:
            if not item.text.strip() and not item.is_empty():
                return "Укажите мероприятие"
            return None
        value, problem = read_date(self._cell(item, column))
        if problem:
            return problem
        if column == COL_DONE and value is not None and value > self.today:
            return "Отметка о выполнении не может быть в будущем"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.row_at(index)
        if item is None:
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._cell(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and self.cell_error(row, column):
            return QBrush(_BAD_CELL)
        if role == Qt.ItemDataRole.DecorationRole and self.cell_error(row, column):
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The message of a bad cell; else the whole name of a long activity.
            return self.cell_error(row, column) or (item.text if column == COL_TEXT else None)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DONE:
            return QBrush(_DONE_FG)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.row_at(index)
        if item is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "")
        column = index.column()
        if column == COL_TEXT:
            item.text = " ".join(text.split())
        else:
            parsed, problem = read_date(text)
            # A good date is shown the standard way; a bad one is kept as typed, marked.
            text = format_date(parsed) if parsed and not problem else text.strip()
            if column == COL_DUE:
                item.due = text
            else:
                item.done = text
        row_start, row_end = self.index(index.row(), 0), self.index(index.row(), COL_DONE)
        self.dataChanged.emit(row_start, row_end)  # the text cell's mark depends on the dates
        return True

    # --- row operations -------------------------------------------------------------------
    def insert(self, at: int, row: PlanRow | None = None) -> int:
        at = max(0, min(at, len(self.rows)))
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, row or PlanRow())
        self.endInsertRows()
        return at

    def remove(self, rows: Iterable[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self.rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()

    def move(self, row: int, delta: int) -> int:
        """Move one row up (-1) or down (+1); returns where it is now."""
        target = row + delta
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        # Qt's destination is the row the moved one goes before, counted before the move.
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.rows.insert(target, self.rows.pop(row))
        self.endMoveRows()
        return target

    def mark_done(self, rows: Iterable[int], on: date) -> int:
        """Done on `on` for the rows not marked yet (an earlier real date is kept)."""
        marked = 0
        for row in sorted(set(rows)):
            item = self.rows[row]
            if item.text.strip() and not item.done.strip():
                item.done = format_date(on)
                marked += 1
        if marked:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, COL_DONE))
        return marked

    # --- reading out ------------------------------------------------------------------------
    def problems(self) -> list[tuple[int, int, str]]:
        """(row, column, message) of every cell that cannot be saved as it is."""
        return [
            (row, column, message)
            for row in range(len(self.rows))
            for column in range(len(PLAN_HEADERS))
            if (message := self.cell_error(row, column))
        ]

    def problem_texts(self) -> list[str]:
        return [
            f"Строка {row + 1}, «{PLAN_HEADERS[column]}»: {message}"
            for row, column, message in self.problems()
        ]

    def items(self) -> list[tuple[str, date | None, date | None]]:
        """The plan for the service; call only when problems() is empty."""
        return [
            (row.text.strip(), parse_date(row.due), parse_date(row.done))
            for row in self.rows
            if row.text.strip()
        ]

    def counts(self) -> tuple[int, int]:
        """(done, total) over the activities named, counting only readable done dates."""
        done = total = 0
        for number, row in enumerate(self.rows):
            if not row.text.strip():
                continue
            total += 1
            if row.done.strip() and self.cell_error(number, COL_DONE) is None:
                done += 1
        return done, total

    def state(self) -> tuple[tuple[str, str, str], ...]:
        return tuple((r.text.strip(), r.due.strip(), r.done.strip()) for r in self.rows
                     if not r.is_empty())  # fmt: skip


class DateDelegate(QStyledItemDelegate):
    """The cell editor of a date column: ДД.ММ.ГГГГ as a hint, ten characters at most."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText("ДД.ММ.ГГГГ")
        editor.setMaxLength(10)
        editor.setFrame(False)
        return editor


def program_table(model: QAbstractTableModel, stretch: int, numbered: bool = False) -> QTableView:
    """A table of the program dialog; `stretch` is the column that takes the width."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    header.setMinimumSectionSize(110)
    rows = view.verticalHeader()
    rows.setDefaultSectionSize(26)
    rows.setMinimumSectionSize(26)
    if not numbered:  # read-only lists: long notes wrap, no numbers
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.hide()
    return view
