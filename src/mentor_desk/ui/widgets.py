"""Small shared widgets: a field with its error shown next to it, a checkable term list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b3261e;"
INVALID_EDITOR_STYLE = "border: 1px solid #b3261e;"


class FieldWithError(QWidget):
    """An editor with a red message right under it; the message names what to fix."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error_label)

    def set_error(self, message: str | None) -> None:
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))
        self.editor.setStyleSheet(INVALID_EDITOR_STYLE if message else "")
        self.editor.setToolTip(message or "")


def date_edit(hint: str = "ДД.ММ.ГГГГ") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(hint)
    edit.setMaxLength(10)
    edit.setMaximumWidth(140)
    return edit


class TermChecklist(QListWidget):
    """A checkable list of terms of an editable vocabulary (target groups, topics)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(120)

    def set_terms(self, names: list[str], checked: list[str]) -> None:
        self.clear()
        # A person may carry a term the list no longer has: keep it visible and checked.
        for name in [*names, *(n for n in checked if n not in names)]:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked
            )
            self.addItem(item)

    def checked(self) -> list[str]:
        return [
            self.item(i).text()
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, name: str, on: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).text() == name:
                self.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def searchable_combo(
    choices: Sequence[tuple[int, str]], current: int | None, placeholder: str
) -> QComboBox:
    """A combo of people that finds one by any part of the name as it is typed."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumWidth(320)
    for key, label in choices:
        combo.addItem(label, key)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setCurrentIndex(combo.findData(current) if current is not None else -1)
    line = combo.lineEdit()
    assert line is not None
    line.setPlaceholderText(placeholder)
    return combo
