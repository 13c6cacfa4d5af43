"""Using the pair board with the mouse: clicks, right clicks and the menus they open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu


def click(qtbot, view: QAbstractItemView, index: QModelIndex, ctrl: bool = False) -> None:  # type: ignore[no-untyped-def]
    """A left click on a row, as the curator does it (Ctrl+click adds it to the selection).

    The modifiers are given explicitly: a view asked to select without an event looks at
    the keyboard's state, which an earlier Ctrl+Z of a test may have left pressed.
    """
    view.scrollTo(index)
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, point)


def menu_action(menu: QMenu, *path: str) -> None:
    """Choose an item of an open menu, through its submenus: ("Перевести…", "Петров…")."""
    current = menu
    for n, text in enumerate(path):
        found = next((a for a in current.actions() if a.text() == text), None)
        if found is None:
            raise AssertionError(f"no {text!r} in {[a.text() for a in current.actions()]}")
        if n < len(path) - 1:
            sub = found.menu()
            assert isinstance(sub, QMenu), text
            current = sub
            continue
        assert found.isEnabled(), f"{text!r} is disabled"
        menu.hide()  # the menu closes, then the item acts (as Qt does on a click)
        found.trigger()


def right_click(
    qtbot,  # type: ignore[no-untyped-def]
    view: QAbstractItemView,
    index: QModelIndex,
    choose: Callable[[QMenu], None],
) -> list[QMenu]:
    """Right-click a row and handle the context menu it opens (choose() picks the item)."""
    seen: list[QMenu] = []

    def poll() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, poll)
            return
        seen.append(menu)
        try:
            choose(menu)
        finally:
            if menu.isVisible():
                menu.hide()

    view.scrollTo(index)
    point = view.visualRect(index).center()
    if not view.selectionModel().isSelected(index):
        click(qtbot, view, index)
    QTimer.singleShot(0, poll)
    where = view.viewport().mapToGlobal(point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, where)
    QApplication.sendEvent(view.viewport(), event)
    return seen
