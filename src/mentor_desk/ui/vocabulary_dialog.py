"""Участники → Справочники: the editable lists of target groups and topics."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.participants import TermKind
from mentor_desk.domain.text import count_ru
from mentor_desk.queries.people import term_names, term_usage
from mentor_desk.services import vocabulary
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TITLES = {
    TermKind.TARGET_GROUP: "Целевые группы наставляемых",
    TermKind.TOPIC: "Темы: запросы и компетенции",
}


class TermListEditor(QWidget):
    def __init__(self, ctx: AppContext, kind: TermKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.list = QListWidget()
        self.list.setObjectName(f"terms_{kind.value}")
        add = QPushButton("Добавить…")
        rename = QPushButton("Переименовать…")
        remove = QPushButton("Удалить…")
        add.clicked.connect(self.add)
        rename.clicked.connect(self.rename)
        remove.clicked.connect(self.remove)
        self.list.itemDoubleClicked.connect(lambda _item: self.rename())
        buttons = QVBoxLayout()
        for button in (add, rename, remove):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        names = term_names(self.ctx.db.reader, self.kind)
        self.list.clear()
        self.list.addItems(names)

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return item.text() if item else None

    def _run(self, action: Callable[[Session], object]) -> bool:
        outcome = run_action(
            self, self.ctx, Changes.VOCABULARIES, action,
            title="Справочники", refused=vocabulary.VocabularyError,
        )  # fmt: skip
        if outcome:
            self.reload()
        return bool(outcome)

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "Добавить", "Название:")
        if ok and name.strip():
            self._run(lambda s: vocabulary.add_term(s, self.kind, name))

    def rename(self) -> None:
        old = self._selected()
        if old is None:
            return
        new, ok = QInputDialog.getText(self, "Переименовать", "Новое название:", text=old)
        if ok and new.strip() and new != old:
            self._run(lambda s: vocabulary.rename_term(s, self.kind, old, new))

    def remove(self) -> None:
        name = self._selected()
        if name is None:
            return
        used = term_usage(self.ctx.db.reader, self.kind).get(name, 0)
        people = count_ru(used, "участника", "участников", "участников")
        detail = f"Эта отметка снимется у {people}." if used else "Её никто не использует."
        answer = QMessageBox.question(
            self, "Удалить из списка", f"Удалить «{name}» из списка? {detail}"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda s: vocabulary.delete_term(s, self.kind, name))


class VocabularyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Справочники")
        tabs = QTabWidget()
        self.editors = {kind: TermListEditor(ctx, kind) for kind in TermKind}
        for kind, editor in self.editors.items():
            tabs.addTab(editor, TITLES[kind])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(close)
        self.resize(560, 420)
