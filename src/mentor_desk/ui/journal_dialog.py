"""Файл → Журнал приказов: every order issued here, newest first, each can be re-opened.

Under the table, the pairs and groups the selected entry names (mentor → mentees, the
form, and what became of the pair since), so the curator finds which order fixed or
ended a pair without opening the document.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import format_date
from mentor_desk.queries.journal import JournalPair, entry_pairs
from mentor_desk.queries.sql import ReadError
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.tables import ListTableModel

Index = QModelIndex | QPersistentModelIndex


class JournalModel(ListTableModel[Any]):
    headers = ("Дата", "Номер", "Документ", "Заголовок", "Пар и групп")

    def __init__(self, entries: list[Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = entries

    @property
    def entries(self) -> list[Any]:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row_at(index)
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            values = (format_date(entry.issued_on), entry.number, entry.kind.label, entry.title,
                      entry.pairs or "")  # fmt: skip
            return values[index.column()] if 0 <= index.column() < len(values) else None
        return None


class JournalPairsModel(ListTableModel[JournalPair]):
    """The pairs and groups of the selected journal entry."""

    headers = ("Наставник", "Наставляемые", "Форма", "Состояние сейчас")

    @property
    def pairs(self) -> list[JournalPair]:
        return self.rows

    def set_pairs(self, pairs: list[JournalPair]) -> None:
        self.load(pairs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        pair = self.row_at(index)
        if pair is None:
            return None
        values = (pair.mentor, ", ".join(pair.mentees), pair.form, pair.status)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return values[index.column()] if 0 <= index.column() < len(values) else None
        return None


class JournalDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from mentor_desk.services import documents

        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("journalDialog")
        self.setWindowTitle("Журнал приказов")
        self.resize(880, 620)
        self.model = JournalModel(documents.journal(ctx.db.reader), self)
        self.view = QTableView()
        self.view.setObjectName("journal")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(False)
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _: self.reopen())

        self.pairs_model = JournalPairsModel(self)
        self.pairs_view = QTableView()
        self.pairs_view.setObjectName("journalPairs")
        self.pairs_view.setModel(self.pairs_model)
        self.pairs_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pairs_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pairs_view.setWordWrap(True)
        self.pairs_view.verticalHeader().hide()
        pairs_header = self.pairs_view.horizontalHeader()
        for column in range(self.pairs_model.columnCount()):
            pairs_header.setSectionResizeMode(column, pairs_header.ResizeMode.ResizeToContents)
        pairs_header.setSectionResizeMode(1, pairs_header.ResizeMode.Stretch)
        self.pairs_label = QLabel()
        self.pairs_label.setObjectName("journalPairsLabel")
        self.pairs_label.setWordWrap(True)
        self.pairs_label.setStyleSheet("font-weight: bold;")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.pairs_label)
        detail_layout.addWidget(self.pairs_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_pairs())

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
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        if self.model.entries:
            self.view.selectRow(0)
        self._show_pairs()

    def current_entry(self) -> Any | None:
        index = self.view.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.model.entries):
            return None
        return self.model.entries[index.row()]

    def _show_pairs(self) -> None:
        """The pairs and groups of the selected entry, under the table."""
        entry = self.current_entry()
        pairs: list[JournalPair] = []
        if entry is None:
            text = "Выберите приказ: здесь будут его пары и группы."
        else:
            try:
                pairs = entry_pairs(self.ctx.db.reader, entry.id)
            except ReadError as exc:
                show_failure(self, exc, self.ctx.log_file)
            number = f" № {entry.number}" if entry.number else ""
            heading = f"{entry.kind.label}{number} от {format_date(entry.issued_on)}"
            text = (
                f"{heading}: пары и группы ({len(pairs)}) — наставник → наставляемые"
                if pairs
                else f"{heading}: пар и групп не называет"
            )
        self.pairs_label.setText(text)
        self.pairs_model.set_pairs(pairs)
        self.pairs_view.resizeRowsToContents()
        self.pairs_view.setVisible(bool(pairs))

    def reopen(self) -> None:
        """The document exactly as issued, rebuilt from what the journal kept."""
        from mentor_desk.services import documents
        from mentor_desk.ui.document_preview import show_document

        entry = self.current_entry()
        if entry is None:
            return
        try:
            document = documents.reopen(self.ctx.db.reader, entry.id)
        except Exception as exc:
            show_failure(self, exc, self.ctx.log_file)
            return
        title = f"{entry.kind.label} № {entry.number} от {format_date(entry.issued_on)}"
        show_document(self, document, title, f"{entry.kind.label} {entry.number}")
