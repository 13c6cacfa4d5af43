"""One combo delegate for the tables whose cells pick from a list (import, questionnaire)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1  # [(label, value)] the model offers for a cell


class ComboDelegate(QStyledItemDelegate):
    """Edits a cell with a combo of the choices the model gives in CHOICES_ROLE.

    A pick is committed at once (no extra click elsewhere); `visible` is how many items
    the open list shows.
    """

    def __init__(self, parent: QWidget | None = None, visible: int | None = None) -> None:
        super().__init__(parent)
        self.visible = visible

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        if self.visible:
            combo.setMaxVisibleItems(self.visible)
        for label, value in index.data(CHOICES_ROLE) or []:
            combo.addItem(label, value)
        combo.activated.connect(lambda _=0, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        for i in range(editor.count()):
            if editor.itemData(i) == current:
                editor.setCurrentIndex(i)
                return
        editor.setCurrentIndex(0 if editor.count() else -1)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
