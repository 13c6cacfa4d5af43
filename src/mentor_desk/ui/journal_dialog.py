"""Файл → Журнал приказов: every order issued here, newest first, each can be re-opened."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import format_date
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.errors import show_failure

Index = QModelIndex | QPersistentModelIndex


class JournalModel(QAbstractTableModel):
    HEADERS = ("Дата", "Номер", "Документ", "Заголовок", "Пар и групп")

    def __init__(self, entries: list[Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.entries = entries

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (format_date(entry.issued_on), entry.number, entry.kind.label, entry.title,
                      entry.pairs or "")  # fmt: skip
            return values[index.column()]
        return None


class JournalDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from mentor_desk.services import documents

        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("journalDialog")
        self.setWindowTitle("Журнал приказов")
        self.resize(820, 460)
        self.model = JournalModel(documents.journal(ctx.db.reader), self)
        self.view = QTableView()
        self.view.setObjectName("journal")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(
            3, self.view.horizontalHeader().ResizeMode.Stretch
        )
        self.view.doubleClicked.connect(lambda _: self.reopen())
        empty = QLabel("Приказов ещё нет: они появятся здесь после «Издать приказ».")
        empty.setVisible(not self.model.entries)
        open_button = QPushButton("Открыть…")
        open_button.setObjectName("reopen")
        open_button.setEnabled(bool(self.model.entries))
        open_button.clicked.connect(self.reopen)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(empty)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if self.model.entries:
            self.view.selectRow(0)

    def reopen(self) -> None:
        """The document exactly as issued, rebuilt from what the journal kept."""
        from mentor_desk.services import documents
        from mentor_desk.ui.order_dialog import show_document

        index = self.view.currentIndex()
        if not index.isValid():
            return
        entry = self.model.entries[index.row()]
        try:
            document = documents.reopen(self.ctx.db.reader, entry.id)
        except Exception as exc:
            show_failure(self, exc, getattr(self.parent(), "log_file", None))
            return
        title = f"{entry.kind.label} № {entry.number} от {format_date(entry.issued_on)}"
        show_document(self, document, title, f"{entry.kind.label} {entry.number}")
