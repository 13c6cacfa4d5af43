"""What the curator can do on the roadmap tab: the actions with their shortcuts and tips,
the toolbar, the «Дорожная карта» and «Состояние» menus and the rows' context menu.

The actions call the tab's commands (RoadmapCommands); which of them are enabled follows
the selection (update).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from mentor_desk.domain.roadmap import ItemStatus


class RoadmapCommands(Protocol):
    """What the actions ask of the tab."""

    def create_roadmap(self) -> None: ...
    def edit_roadmap(self) -> None: ...
    def delete_roadmap(self) -> None: ...
    def add_item(self) -> None: ...
    def edit_selected(self) -> None: ...
    def delete_selected(self) -> None: ...
    def move_selected(self, delta: int) -> None: ...
    def mark_done(self) -> None: ...
    def set_responsible(self) -> None: ...
    def set_deadline(self) -> None: ...
    def set_status(self, status: ItemStatus) -> None: ...


class RoadmapActions:
    """The actions of the tab `owner` (their shortcuts work within it) and where they show.

    `more_roadmap_actions` adds entries to the «Дорожная карта» menu before «Удалить…»
    (printing, export, the approval order).
    """

    def __init__(
        self,
        owner: QWidget,
        commands: RoadmapCommands,
        more_roadmap_actions: Callable[[QMenu], None] | None = None,
    ) -> None:
        self._owner = owner

        def action(
            text: str,
            slot: Callable[[], object],
            shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
            tip: str = "",
        ) -> QAction:
            act = QAction(text, owner)
            if shortcuts:
                act.setShortcuts([QKeySequence(s) for s in shortcuts])
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if tip:
                act.setToolTip(tip)
                act.setStatusTip(tip)
            act.triggered.connect(slot)
            owner.addAction(act)
            return act

        self.create_action = action("Создать дорожную карту…", commands.create_roadmap)
        self.properties_action = action("Название и период…", commands.edit_roadmap)
        self.delete_roadmap_action = action("Удалить дорожную карту…", commands.delete_roadmap)
        self.add_action = action(
            "Добавить…", commands.add_item, [QKeySequence.StandardKey.New, "Insert"],
            "Новое мероприятие в выбранном разделе (Ctrl+N)",
        )  # fmt: skip
        self.edit_action = action(
            "Изменить…", commands.edit_selected, ["F2", "Return"], "Изменить мероприятие (F2)"
        )
        self.delete_action = action(
            "Удалить", commands.delete_selected, ["Delete"], "Удалить выбранные мероприятия (Del)"
        )
        self.up_action = action(
            "Выше", lambda: commands.move_selected(-1), ["Ctrl+Up"], "Переместить выше (Ctrl+↑)"
        )
        self.down_action = action(
            "Ниже", lambda: commands.move_selected(1), ["Ctrl+Down"], "Переместить ниже (Ctrl+↓)"
        )
        self.done_action = action(
            "Отметить выполненным…", commands.mark_done, ["Ctrl+Return"],
            "Отметить выбранные мероприятия выполненными на одну дату (Ctrl+Enter)",
        )  # fmt: skip
        self.responsible_action = action(
            "Ответственные…", commands.set_responsible, [],
            "Назначить ответственных сразу всем выбранным мероприятиям",
        )  # fmt: skip
        self.deadline_action = action(
            "Срок…", commands.set_deadline, [], "Задать срок сразу всем выбранным мероприятиям"
        )
        self.status_actions: dict[ItemStatus, QAction] = {
            status: action(status.label.capitalize(), partial(commands.set_status, status))
            for status in ItemStatus
        }
        self.status_menu = QMenu("Состояние", owner)
        for act in self.status_actions.values():
            self.status_menu.addAction(act)
        self.roadmap_menu = QMenu(owner)
        for act in (self.create_action, self.properties_action):
            self.roadmap_menu.addAction(act)
        if more_roadmap_actions is not None:
            more_roadmap_actions(self.roadmap_menu)
        self.roadmap_menu.addSeparator()
        self.roadmap_menu.addAction(self.delete_roadmap_action)
        self.toolbar = self._build_toolbar()

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar()
        toolbar.setObjectName("roadmapToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.add_action, self.edit_action, self.delete_action, self.up_action,
                    self.down_action):  # fmt: skip
            toolbar.addAction(act)
        toolbar.addSeparator()
        toolbar.addAction(self.done_action)
        self.status_button = QToolButton()
        self.status_button.setObjectName("statusButton")
        self.status_button.setText("Состояние")
        self.status_button.setToolTip("Изменить состояние выбранных мероприятий")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_button.setMenu(self.status_menu)
        toolbar.addWidget(self.status_button)
        toolbar.addAction(self.responsible_action)
        toolbar.addAction(self.deadline_action)
        return toolbar

    def row_menu(self) -> QMenu:
        """The context menu of the checklist's rows."""
        menu = QMenu(self._owner)
        for act in (self.add_action, self.edit_action, self.delete_action):
            menu.addAction(act)
        menu.addSeparator()
        for act in (self.up_action, self.down_action):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.done_action)
        menu.addMenu(self.status_menu)
        menu.addAction(self.responsible_action)
        menu.addAction(self.deadline_action)
        return menu

    def update(self, *, has_roadmap: bool, selected: int, up: bool, down: bool) -> None:
        """Enable what can be done: with a roadmap, `selected` items, one that can move."""
        self.add_action.setEnabled(has_roadmap)
        self.edit_action.setEnabled(selected == 1)
        for act in (self.delete_action, self.done_action, self.responsible_action,
                    self.deadline_action, *self.status_actions.values()):  # fmt: skip
            act.setEnabled(bool(selected))
        self.status_button.setEnabled(bool(selected))
        self.up_action.setEnabled(up)
        self.down_action.setEnabled(down)
        self.properties_action.setEnabled(has_roadmap)
        self.delete_roadmap_action.setEnabled(has_roadmap)
