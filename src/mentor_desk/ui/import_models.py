"""The import wizard's tables: the file's columns, the rows to import, the report."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.participants import field_applies
from mentor_desk.exchange.columns import BY_KEY, COLUMNS, FULL_NAME, header_key
from mentor_desk.exchange.importing import (
    DuplicateAction,
    ImportPlan,
    ImportReport,
    ImportRow,
    Layout,
    Outcome,
    ReportLine,
    cell_text,
    service_reason,
)
from mentor_desk.exchange.reading import Cell
from mentor_desk.ui.delegates import CHOICES_ROLE
from mentor_desk.ui.tables import ListTableModel

Index = QModelIndex | QPersistentModelIndex
ERROR_BRUSH = QBrush(QColor("#fde2e1"))
ERROR_TEXT = QBrush(QColor("#b3261e"))
WARNING_BRUSH = QBrush(QColor("#fff4d6"))
NOT_LOADED = "— не загружать —"
FIELD_CHOICES: list[tuple[str, object]] = [(NOT_LOADED, None)] + [
    (c.header if c is not FULL_NAME else "ФИО (одним столбцом)", c.key) for c in COLUMNS
]


def column_letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class MappingModel(ListTableModel[str | None]):
    """The file's columns: header, sample values and the field each one fills.

    A row is a column of the file; its value, the field it fills (None: not loaded).
    """

    headers = ("Столбец", "Заголовок в файле", "Примеры значений", "Поле участника")
    FIELD = 3
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_headers: list[str] = []
        self.samples: list[str] = []

    @property
    def fields(self) -> list[str | None]:
        return self.rows

    def fill(self, rows: list[list[Cell]], layout: Layout) -> None:
        self.beginResetModel()
        width = max((len(r) for r in rows[layout.header_row : layout.first_data_row + 50]),
                    default=0)  # fmt: skip
        header = rows[layout.header_row] if layout.header_row < len(rows) else []
        keys = [header_key(v) for v in header]
        data = [
            r
            for r in rows[layout.first_data_row : layout.first_data_row + 200]
            if service_reason(r, keys) is None
        ]
        self.file_headers = [cell_text(header[i]) if i < len(header) else "" for i in range(width)]
        self.samples = []
        for i in range(width):
            values = [cell_text(r[i]) for r in data if i < len(r) and cell_text(r[i])]
            self.samples.append("; ".join(values[:3]))
        self.rows = [layout.columns.get(i) for i in range(width)]
        self.endResetModel()

    def columns(self) -> dict[int, str]:
        return {i: key for i, key in enumerate(self.fields) if key}

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.FIELD else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self.rows):
            return None  # (a row's value is None for a column not loaded)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return column_letter(row)
            if column == 1:
                return self.file_headers[row]
            if column == 2:
                return self.samples[row]
            key = self.fields[row]
            return dict((v, label) for label, v in FIELD_CHOICES).get(key, NOT_LOADED)
        if role == Qt.ItemDataRole.EditRole and column == self.FIELD:
            return self.fields[row]
        if role == CHOICES_ROLE and column == self.FIELD:
            return FIELD_CHOICES
        if role == Qt.ItemDataRole.ForegroundRole and column == self.FIELD and not self.fields[row]:
            return QBrush(QColor("#777777"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != self.FIELD or role != Qt.ItemDataRole.EditRole:
            return False
        key = value or None
        # One field, one column: choosing it here frees the column that had it.
        for other, existing in enumerate(self.fields):
            if key and existing == key and other != index.row():
                self.fields[other] = None
                self.dataChanged.emit(self.index(other, self.FIELD), self.index(other, self.FIELD))
        self.fields[index.row()] = key
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True


class PreviewModel(ListTableModel[ImportRow]):
    """Every person row of the file with its problems and what will happen to it.

    The name is shown in its three parts, so a wrong split is seen before the import. A
    cell the file filled but the check could not read (a category «учениг», a date
    «31.02.2012») shows what the file says, marked «(?)» in red, instead of the default.
    """

    # (column title, the card field it shows or None)
    FIELDS: tuple[tuple[str, str | None], ...] = (
        ("Строка", None),
        *((BY_KEY[key].header, key) for key in (
            "last_name", "first_name", "middle_name", "birth_date", "category", "class_name",
            "position", "phone", "email",
        )),
        ("Действие", None),
        ("Замечания", None),
    )  # fmt: skip
    headers = tuple(title for title, _ in FIELDS)
    KEYS = tuple(key for _, key in FIELDS)
    LAST_NAME, FIRST_NAME, MIDDLE_NAME = 1, 2, 3
    CATEGORY = KEYS.index("category")
    ACTION = headers.index("Действие")
    REMARKS = headers.index("Замечания")
    # Hidden when no row has anything in them (a class list has no position).
    OPTIONAL = tuple(
        map(KEYS.index, ("middle_name", "birth_date", "class_name", "position", "phone", "email"))
    )
    UNREAD = " (?)"
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: list[list[Cell]] = []  # the sheet's rows, to show what a row said
        self.file_columns: dict[str, int] = {}  # field → the file's column

    def fill(self, plan: ImportPlan, cells: list[list[Cell]]) -> None:
        self.beginResetModel()
        self.rows = plan.rows
        self.cells = cells
        self.file_columns = {key: column for column, key in plan.layout.columns.items()}
        self.endResetModel()

    def refresh(self) -> None:
        if self.rows:
            last = self.index(len(self.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        row = self.row_at(index)
        if row is None:
            return base
        if index.column() == self.ACTION and row.is_duplicate and not row.errors:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _action_text(self, row: ImportRow) -> str:
        if row.errors:
            return "пропустить (ошибка)"
        if not row.is_duplicate:
            return "добавить"
        return row.action.label

    def unread(self, row: ImportRow, key: str) -> str:
        """What the file has for key when the check could not read it, else ""."""
        column = self.file_columns.get(key)
        if column is None or key in row.given or row.line - 1 >= len(self.cells):
            return ""
        cells = self.cells[row.line - 1]
        return cell_text(cells[column]) if column < len(cells) else ""

    def text(self, row: ImportRow, column: int) -> str:
        """The cell's text, straight from the row: hiding empty columns reads every row."""
        key = self.KEYS[column]
        if key is None:
            if column == self.ACTION:
                return self._action_text(row)
            if column == self.REMARKS:
                return "; ".join(row.errors or row.warnings)
            return str(row.line)
        unread = self.unread(row, key)
        if unread:
            return unread + self.UNREAD
        data = row.data
        if not field_applies(key, data.category, data.is_mentor):
            return ""  # not kept for this category; the remarks say so
        value = getattr(data, key)
        if key == "birth_date":
            return format_date(value)
        if key == "category":
            return str(value.label)
        return str(value or "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.text(row, column)
            return row.line if column == 0 else value
        if role == Qt.ItemDataRole.EditRole and column == self.ACTION:
            return row.action
        if role == CHOICES_ROLE and column == self.ACTION:
            return [(a.label, a) for a in row.allowed_actions()]
        key = self.KEYS[column]
        if role == Qt.ItemDataRole.ForegroundRole and key and self.unread(row, key):
            return ERROR_TEXT
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.errors:
                return ERROR_BRUSH
            if row.warnings:
                return WARNING_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and (row.errors or row.warnings):
            return "\n".join(row.errors or row.warnings)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != self.ACTION or role != Qt.ItemDataRole.EditRole:
            return False
        self.rows[index.row()].set_action(DuplicateAction(value))
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True


class PreviewFilter(QSortFilterProxyModel):
    """Все строки / с ошибками / повторы / с замечаниями."""

    MODES = ("Все строки", "С ошибками", "Повторы", "С замечаниями")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = 0

    def set_mode(self, mode: int) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        row = model.rows[source_row]
        return (
            self.mode == 0
            or (self.mode == 1 and bool(row.errors))
            or (self.mode == 2 and row.is_duplicate and not row.errors)
            or (self.mode == 3 and bool(row.errors or row.warnings))
        )


class ReportModel(ListTableModel[ReportLine]):
    headers = ("Строка", "ФИО", "Итог", "Причина")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.service: set[int] = set()  # lines that are not people: not marked

    def fill(self, report: ImportReport, service: set[int]) -> None:
        self.beginResetModel()
        self.report = report
        self.service = service
        self.rows = report.lines
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.row_at(index)
        if line is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.line, line.name, line.outcome.label, line.reason)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and line.outcome is Outcome.SKIPPED:
            return None if line.line in self.service else WARNING_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and line.reason:
            return line.reason  # in full: the column is often narrower
        return None
