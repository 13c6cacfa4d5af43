"""The filter bar above the roadmap checklist: text, person («Мои задачи»), status, section.

It builds a domain.roadmap.RoadmapFilter and says `changed` whenever it changes; the tab
applies it to the model. «Мои задачи» is the person the curator said they are, and
«Скрыть выполненные» a view setting: both are remembered on this computer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from mentor_desk.domain.roadmap import (
    ANYONE,
    NOBODY,
    NOT_DONE,
    ItemRow,
    RoadmapFilter,
    ShownStatus,
)
from mentor_desk.ui.context import app_settings
from mentor_desk.ui.roadmap_dialogs import ChooseMeDialog
from mentor_desk.ui.roadmap_model import section_title

TITLE = "Дорожная карта"
ME_KEY = "roadmap/me"
HIDE_DONE_KEY = "roadmap/hide_done"
STATUS_ITEMS: list[tuple[str, str | None]] = [
    ("Все состояния", None),
    ("Не выполнено", NOT_DONE),
    *((s.label.capitalize(), s.value) for s in ShownStatus),
]


def _setting_on(value: object) -> bool:
    """A yes/no setting as QSettings gives it back (a bool, or "true" from an .ini file)."""
    return value is True or str(value).lower() == "true"


def _combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def _refill(combo: QComboBox, entries: list[tuple[str, Any]]) -> None:
    """New entries, the current one kept when it is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, value in entries:
        combo.addItem(text, value)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class RoadmapFilterBar(QWidget):
    """Поиск, ответственный, «Мои задачи», состояние, раздел, «Скрыть выполненные»."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._staff: list[tuple[int, str]] = []
        self.search = QLineEdit()
        self.search.setObjectName("roadmapSearch")
        self.search.setPlaceholderText("Поиск по мероприятиям…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.person_filter = _combo("personFilter")
        self.mine_button = QToolButton()
        self.mine_button.setObjectName("mineButton")
        self.mine_button.setCheckable(True)
        self.mine_button.setText("Мои задачи")
        self.mine_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        mine_menu = QMenu(self.mine_button)
        self.choose_me_action = mine_menu.addAction("Кто я…")
        self.choose_me_action.triggered.connect(self.choose_me)
        self.mine_button.setMenu(mine_menu)
        self.mine_button.toggled.connect(self._mine_toggled)
        self.status_filter = _combo("statusFilter")
        for text, value in STATUS_ITEMS:
            self.status_filter.addItem(text, value)
        self.section_filter = _combo("sectionFilter")
        self.section_filter.addItem("Все разделы", None)
        self.hide_done_button = QToolButton()
        self.hide_done_button.setObjectName("hideDone")
        self.hide_done_button.setCheckable(True)
        self.hide_done_button.setText("Скрыть выполненные")
        self.hide_done_button.setToolTip(
            "Не показывать выполненные мероприятия (раздел, где всё выполнено, остаётся "
            "одной строкой). Запоминается на этом компьютере."
        )
        self.hide_done_button.setChecked(_setting_on(app_settings().value(HIDE_DONE_KEY)))
        self.hide_done_button.toggled.connect(self._hide_done_toggled)
        reset = QPushButton("Сбросить")
        reset.setObjectName("resetRoadmapFilters")
        reset.clicked.connect(self.reset)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 2)
        layout.addWidget(self.person_filter, 1)
        layout.addWidget(self.mine_button)
        layout.addWidget(self.status_filter, 1)
        layout.addWidget(self.section_filter, 1)
        layout.addWidget(self.hide_done_button)
        layout.addWidget(reset)
        for combo in (self.person_filter, self.status_filter, self.section_filter):
            combo.currentIndexChanged.connect(self._edited)
        self.search.textChanged.connect(self._edited)

    def _edited(self, *_: object) -> None:
        self.changed.emit()

    def set_choices(
        self, items: Iterable[ItemRow], sections: Sequence[str], staff: Sequence[tuple[int, str]]
    ) -> None:
        """The persons and sections of the roadmap shown, and the staff («Мои задачи»)."""
        self._staff = list(staff)
        people: dict[int, str] = {}
        for item in items:
            people.update(item.responsible)
        _refill(
            self.person_filter,
            [("Все ответственные", ANYONE), ("Не назначены", NOBODY)]
            + [(name, pid) for pid, name in sorted(people.items(), key=lambda p: p[1])],
        )
        _refill(
            self.section_filter,
            [("Все разделы", None)] + [(section_title(s), s) for s in sections],
        )
        self.section_filter.setVisible(list(sections) not in ([], [""]))
        self._show_me(self.me())

    def current(self) -> RoadmapFilter:
        person = self.person_filter.currentData()
        if self.mine_button.isChecked():
            person = self.me()
        sections = not self.section_filter.isHidden()  # a roadmap without sections: none
        return RoadmapFilter(
            person=person,
            status=self.status_filter.currentData(),
            section=self.section_filter.currentData() if sections else None,
            text=self.search.text(),
            hide_done=self.hide_done_button.isChecked(),
        )

    def any_section(self) -> None:
        """Another roadmap is shown: its sections are others."""
        self.section_filter.setCurrentIndex(0)

    def reset(self) -> None:
        """Everything shown again (but «Скрыть выполненные», a view setting, stays)."""
        for widget in (self.person_filter, self.status_filter, self.section_filter):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.mine_button.blockSignals(True)
        self.mine_button.setChecked(False)
        self.mine_button.blockSignals(False)
        self.person_filter.setEnabled(True)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.changed.emit()

    def show_status(self, status: ShownStatus | str | None) -> None:
        """Filter by a shown status (None: all), e.g. просрочено from the status bar."""
        value = ShownStatus(status).value if status is not None else None
        self.status_filter.setCurrentIndex(max(self.status_filter.findData(value), 0))

    def _hide_done_toggled(self, on: bool) -> None:
        app_settings().setValue(HIDE_DONE_KEY, on)
        self.changed.emit()

    # --- «Мои задачи» -------------------------------------------------------------------
    def me(self) -> int | None:
        """The person the curator at this computer said they are, if still on the staff."""
        value = app_settings().value(ME_KEY)
        try:
            person = int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None
        return person if any(pid == person for pid, _ in self._staff) else None

    def _show_me(self, me: int | None) -> None:
        name = dict(self._staff).get(me) if me is not None else None
        self.mine_button.setText(f"Мои задачи: {name}" if name else "Мои задачи")
        self.mine_button.setToolTip(
            "Только мероприятия, где ответственный — вы" + (f" ({name})" if name else "")
            + ". Стрелка рядом — выбрать, кто вы."
        )  # fmt: skip

    def choose_me(self) -> bool:
        """Ask who the curator is; True if chosen (remembered in the settings)."""
        if not self._staff:
            QMessageBox.information(
                self,
                TITLE,
                "В реестре нет сотрудников (педагогов, руководителей): добавьте себя на "
                "вкладке «Участники», чтобы видеть свои задачи.",
            )
            return False
        dialog = ChooseMeDialog(self, self._staff, self.me())
        if not dialog.exec():
            return False
        app_settings().setValue(ME_KEY, dialog.person_id())
        self._show_me(dialog.person_id())
        if self.mine_button.isChecked():
            self.changed.emit()
        return True

    def show_mine(self, on: bool = True) -> None:
        self.mine_button.setChecked(on)

    def _mine_toggled(self, on: bool) -> None:
        if on and self.me() is None and not self.choose_me():
            self.mine_button.blockSignals(True)
            self.mine_button.setChecked(False)
            self.mine_button.blockSignals(False)
            return
        self.person_filter.setEnabled(not on)
        self.changed.emit()
