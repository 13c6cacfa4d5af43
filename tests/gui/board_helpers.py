"""Dragging on the pair board the way a mouse does: enter, move and drop events."""

from __future__ import annotations

import warnings

from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QListView


def drag(source: QListView, index: QModelIndex, target: QListView, onto: QModelIndex) -> None:
    """Drag the item at `index` of `source` and drop it onto the item `onto` of `target`."""
    mime = source.model().mimeData([index])
    point = target.visualRect(onto).center()
    viewport = target.viewport()
    action = Qt.DropAction.MoveAction
    button, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():
        # PySide 6.12 marks these Qt 6 constructors deprecated; Qt has no others for them.
        warnings.simplefilter("ignore", DeprecationWarning)
        events = (
            QDragEnterEvent(point, action, mime, button, none),
            QDragMoveEvent(point, action, mime, button, none),
            QDropEvent(QPointF(point), action, mime, button, none),
        )
    for event in events:
        QApplication.sendEvent(viewport, event)


def row_of(view: QListView, text: str) -> QModelIndex:
    """The visible row whose text starts with `text` (a name as the board shows it)."""
    model = view.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if str(index.data()).startswith(text):
            return index
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    raise AssertionError(f"{text!r} not among {shown}")
