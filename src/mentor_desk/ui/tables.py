"""The flat tables of the dialogs: a list of rows under fixed column titles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class ListTableModel(QAbstractTableModel, Generic[Row]):
    """rows under headers; subclasses say what a cell shows in data().

    headers: the column titles, a class attribute or given per table (a property may
    compute them, as the matching tables do from the score's parts).
    """

    headers: Sequence[str] = ()

    def __init__(self, parent: Any = None, headers: Sequence[str] | None = None) -> None:
        super().__init__(parent)
        if headers is not None:
            self.headers = tuple(headers)
        self.rows: list[Row] = []

    def load(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> Row | None:
        """The row of a valid index, else None (views ask for stale indexes too)."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None


class RowsModel(ListTableModel[tuple[Any, ...]]):
    """A read-only table of text rows (meetings, history); the first value is a row key."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent, headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column() + 1]
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        return None
