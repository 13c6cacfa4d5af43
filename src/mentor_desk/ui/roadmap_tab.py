"""The «Дорожная карта» tab: the school's roadmap as a checklist grouped by section.

One roadmap is shown at a time (a combo switches when there are several). Items are added,
edited, moved, deleted, marked done (one date for the selection), given a status, and the
persons responsible or the deadline of the selected items are set at once; every change
is one ctx.action(). Filters: person («Мои задачи» for the person the curator said they
are, remembered in the settings), status, section and text; «Скрыть выполненные» (also
remembered) leaves out what is done. A roadmap opens scrolled to its first item not done.
Overdue items are red; the progress of each section is in its row, the overall progress
above the list. The roadmap shown is remembered (roadmap_model.remembered_roadmap): the
status bar counts what is overdue in it, and roadmap_changed tells it when it changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import AcademicYear, format_date
from mentor_desk.domain.roadmap import ItemStatus, ShownStatus, Template
from mentor_desk.domain.text import count_ru
from mentor_desk.services import roadmap as service
from mentor_desk.services.roadmap import ItemRow, RoadmapError, RoadmapInfo
from mentor_desk.ui.context import AppContext, Changes, app_settings
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.roadmap_dialogs import (
    ADD,
    ChooseMeDialog,
    DeadlineDialog,
    DoneDialog,
    ItemDialog,
    ResponsibleDialog,
    RoadmapDialog,
)
from mentor_desk.ui.roadmap_model import (
    ANYONE,
    CURRENT_KEY,
    ITEM_ROLE,
    NOBODY,
    NOT_DONE,
    OPTIONAL_COLUMNS,
    SECTION_ROLE,
    RoadmapFilter,
    RoadmapTreeModel,
    WrapDelegate,
    fit_widths,
    remembered_roadmap,
    section_title,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

TITLE = "Дорожная карта"
ME_KEY = "roadmap/me"
HIDE_DONE_KEY = "roadmap/hide_done"
HEADER_KEY = "roadmap/header"
OVERDUE_LINK = "overdue"
SCROLL_SETTLE_MS = 1000  # a roadmap just opened scrolls to its work as its rows settle
SCROLL_BAR_SLACK = 24  # px: a vertical scroll bar appearing does not refit the columns
STATUS_ITEMS: list[tuple[str, str | None]] = [
    ("Все состояния", None),
    ("Не выполнено", NOT_DONE),
    *((s.label.capitalize(), s.value) for s in ShownStatus),
]
EMPTY_TEXT = (
    "Дорожная карта — план мероприятий по внедрению целевой модели наставничества "
    "на несколько учебных лет: что сделать, к какому сроку, кто отвечает и каков результат. "
    "Её можно составить по одному из примерных шаблонов (тексты документов перенесены слово "
    "в слово) или с чистого листа; затем назначить ответственных и отмечать выполненное."
)


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


class RoadmapTab(QWidget):
    """Дорожная карта: the checklist of the chosen roadmap."""

    status_message = Signal(str)
    roadmap_changed = Signal()  # another roadmap is shown: the status bar counts that one

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("roadmapTab")
        self.dirty = True
        self.loaded = False  # read at least once (selftest checks it)
        self.roadmaps: list[RoadmapInfo] = []
        self._roadmap_id: int | None = None
        self._opened_id: int | None = None  # the roadmap last opened (scrolled to its work)
        self._scroll_pending = False
        self._staff: list[tuple[int, str]] = []
        self._select_next: set[int] = set()
        self._collapsed: set[str] = set()
        self._manual_widths = False  # the curator resized a column: widths stay theirs
        self._dragging_header = False
        self.model = RoadmapTreeModel(self)

        self._make_actions()
        self.pages = QStackedWidget()
        self.empty_page = self._build_empty_page()
        self.main_page = self._build_main_page()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self.main_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(80)
        self._relayout.timeout.connect(self._columns_resized)
        header = self.tree.header()
        header.sectionResized.connect(self._section_resized)
        header.sectionHandleDoubleClicked.connect(lambda _: self._set_manual_widths(True))
        header.viewport().installEventFilter(self)
        self._fitted_width = 0
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(lambda: self.fit_columns(force=False))
        self.tree.viewport().installEventFilter(self)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.tree.collapsed.connect(self._remember_collapsed)
        self.tree.expanded.connect(self._remember_collapsed)
        ctx.bus.changed.connect(self._data_changed)
        self._update_actions()

    # --- building ----------------------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(
            text: str,
            slot: Callable[[], object],
            shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
            tip: str = "",
        ) -> QAction:
            act = QAction(text, self)
            if shortcuts:
                act.setShortcuts([QKeySequence(s) for s in shortcuts])
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            if tip:
                act.setToolTip(tip)
                act.setStatusTip(tip)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.create_action = action("Создать дорожную карту…", self.create_roadmap)
        self.properties_action = action("Название и период…", self.edit_roadmap)
        self.delete_roadmap_action = action("Удалить дорожную карту…", self.delete_roadmap)
        self.add_action = action(
            "Добавить…", self.add_item, [QKeySequence.StandardKey.New, "Insert"],
            "Новое мероприятие в выбранном разделе (Ctrl+N)",
        )  # fmt: skip
        self.edit_action = action(
            "Изменить…", self.edit_selected, ["F2", "Return"], "Изменить мероприятие (F2)"
        )
        self.delete_action = action(
            "Удалить", self.delete_selected, ["Delete"], "Удалить выбранные мероприятия (Del)"
        )
        self.up_action = action(
            "Выше", lambda: self.move_selected(-1), ["Ctrl+Up"], "Переместить выше (Ctrl+↑)"
        )
        self.down_action = action(
            "Ниже", lambda: self.move_selected(1), ["Ctrl+Down"], "Переместить ниже (Ctrl+↓)"
        )
        self.done_action = action(
            "Отметить выполненным…", self.mark_done, ["Ctrl+Return"],
            "Отметить выбранные мероприятия выполненными на одну дату (Ctrl+Enter)",
        )  # fmt: skip
        self.responsible_action = action(
            "Ответственные…", self.set_responsible, [],
            "Назначить ответственных сразу всем выбранным мероприятиям",
        )  # fmt: skip
        self.deadline_action = action(
            "Срок…", self.set_deadline, [], "Задать срок сразу всем выбранным мероприятиям"
        )
        self.status_actions: dict[ItemStatus, QAction] = {}
        for status in ItemStatus:
            self.status_actions[status] = action(
                status.label.capitalize(), partial(self.set_status, status)
            )
        self.status_menu = QMenu("Состояние", self)
        for act in self.status_actions.values():
            self.status_menu.addAction(act)
        self.roadmap_menu = QMenu(self)
        for act in (self.create_action, self.properties_action):
            self.roadmap_menu.addAction(act)
        from mentor_desk.ui import roadmap_print

        roadmap_print.fill_menu(self, self.roadmap_menu)
        self.roadmap_menu.addSeparator()
        self.roadmap_menu.addAction(self.delete_roadmap_action)

    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("roadmapEmpty")
        title = QLabel("Дорожная карта наставничества ещё не составлена")
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(EMPTY_TEXT)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(640)
        self.create_button = QPushButton("Создать дорожную карту…")
        self.create_button.setObjectName("createRoadmap")
        self.create_button.setDefault(True)
        self.create_button.setMinimumHeight(36)
        self.create_button.clicked.connect(self.create_roadmap)
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addSpacing(12)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(text)
        row.addStretch()
        layout.addLayout(row)
        layout.addSpacing(18)
        button_row = QHBoxLayout()
        button_row.addStretch()
        button_row.addWidget(self.create_button)
        button_row.addStretch()
        layout.addLayout(button_row)
        layout.addStretch(3)
        return page

    def _build_main_page(self) -> QWidget:
        page = QWidget()
        # The roadmap: which one, its period, what can be done with it.
        self.roadmap_combo = QComboBox()
        self.roadmap_combo.setObjectName("roadmapCombo")
        self.roadmap_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.roadmap_combo.setMinimumContentsLength(30)
        self.roadmap_combo.currentIndexChanged.connect(self._roadmap_chosen)
        self.roadmap_title = QLabel()
        self.roadmap_title.setObjectName("roadmapTitle")
        self.roadmap_title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.period_label = QLabel()
        self.period_label.setObjectName("periodLabel")
        self.period_label.setStyleSheet("color: #555;")
        self.roadmap_button = QToolButton()
        self.roadmap_button.setObjectName("roadmapMenuButton")
        self.roadmap_button.setText("Дорожная карта")
        self.roadmap_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.roadmap_button.setMenu(self.roadmap_menu)
        top = QHBoxLayout()
        top.addWidget(self.roadmap_combo, 1)
        top.addWidget(self.roadmap_title, 1)
        top.addWidget(self.period_label)
        top.addStretch()
        top.addWidget(self.roadmap_button)

        # The progress.
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setTextFormat(Qt.TextFormat.RichText)
        self.progress_label.linkActivated.connect(self._progress_link)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedWidth(220)
        self.progress_bar.setMaximumHeight(14)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_bar)
        progress_row.addWidget(self.progress_label, 1)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("roadmapToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.add_action, self.edit_action, self.delete_action, self.up_action,
                    self.down_action):  # fmt: skip
            self.toolbar.addAction(act)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.done_action)
        self.status_button = QToolButton()
        self.status_button.setObjectName("statusButton")
        self.status_button.setText("Состояние")
        self.status_button.setToolTip("Изменить состояние выбранных мероприятий")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_button.setMenu(self.status_menu)
        self.toolbar.addWidget(self.status_button)
        self.toolbar.addAction(self.responsible_action)
        self.toolbar.addAction(self.deadline_action)

        self._build_filters()
        self.tree = QTreeView()
        self.tree.setObjectName("roadmapTree")
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setIndentation(14)
        self.tree.setExpandsOnDoubleClick(True)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._row_menu)
        self.tree.doubleClicked.connect(self._double_clicked)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionsMovable(False)
        self._restore_header()

        self.shown_label = QLabel()
        self.shown_label.setObjectName("roadmapShown")
        self.shown_label.setStyleSheet("color: #555;")

        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(progress_row)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filters)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.shown_label)
        return page

    def _build_filters(self) -> None:
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
        reset.clicked.connect(self.reset_filters)
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.search, 2)
        self.filters.addWidget(self.person_filter, 1)
        self.filters.addWidget(self.mine_button)
        self.filters.addWidget(self.status_filter, 1)
        self.filters.addWidget(self.section_filter, 1)
        self.filters.addWidget(self.hide_done_button)
        self.filters.addWidget(reset)
        for combo in (self.person_filter, self.status_filter, self.section_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.search.textChanged.connect(self.apply_filter)

    # --- reading -----------------------------------------------------------------------------
    # people: the persons responsible are chosen from the register's staff
    SHOWS = Changes.ROADMAP | Changes.PEOPLE | Changes.JOURNAL

    def _data_changed(self, changes: Changes, initiator: object) -> None:
        if not changes & self.SHOWS:
            return
        self.dirty = True
        if self.isVisible():
            QTimer.singleShot(0, self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def refresh(self) -> None:
        """Read the roadmaps and the chosen one's items again; keep filters and selection."""
        if not self.dirty and self.loaded:
            return
        self.dirty = False
        conn = self.ctx.db.reader
        self.roadmaps = service.roadmaps(conn)
        self._staff = service.staff(conn)
        if self._roadmap_id not in [r.id for r in self.roadmaps]:
            shown = remembered_roadmap(self.roadmaps)
            self._roadmap_id = shown.id if shown is not None else None
        self._fill_roadmap_combo()
        self.loaded = True
        if self._roadmap_id is None:
            self.pages.setCurrentWidget(self.empty_page)
            self.model.set_items([])
            self._update_actions()
            return
        self.pages.setCurrentWidget(self.main_page)
        keep = self._select_next or set(self.selected_item_ids())
        self._select_next = set()
        items = service.read_items(conn, self._roadmap_id, self.ctx.today())
        info = self.current_roadmap()
        self.model.set_items(items, (info.start_year, info.end_year) if info else None)
        self._refill_filters()
        self.apply_filter()
        self._select_ids(keep)
        if self._roadmap_id != self._opened_id:
            self._opened_id = self._roadmap_id
            if not keep:
                # Row heights settle once the columns are fitted: scroll again then.
                self._scroll_pending = True
                QTimer.singleShot(0, self.scroll_to_open_items)
                QTimer.singleShot(SCROLL_SETTLE_MS, self._scroll_settled)
        if info is not None:
            self.roadmap_title.setText(info.title)
            self.roadmap_title.setToolTip(info.title)
            self.period_label.setText(f"период: 01.09.{info.start_year} – 31.08.{info.end_year}")
        self._show_progress()

    def _fill_roadmap_combo(self) -> None:
        combo = self.roadmap_combo
        combo.blockSignals(True)
        combo.clear()
        for info in self.roadmaps:
            years = str(info.start_year) in info.title and str(info.end_year) in info.title
            combo.addItem(info.title if years else f"{info.title} ({info.period})", info.id)
        index = combo.findData(self._roadmap_id)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        several = len(self.roadmaps) > 1
        combo.setVisible(several)
        self.roadmap_title.setVisible(not several)

    def _roadmap_chosen(self, index: int) -> None:
        roadmap_id = self.roadmap_combo.itemData(index)
        if roadmap_id is None or roadmap_id == self._roadmap_id:
            return
        self.set_roadmap(int(roadmap_id))

    def set_roadmap(self, roadmap_id: int) -> None:
        """Show another roadmap of the school (remembered for the next start)."""
        self._roadmap_id = roadmap_id
        app_settings().setValue(CURRENT_KEY, roadmap_id)
        self.section_filter.setCurrentIndex(0)
        self.dirty = True
        self.refresh()
        self.roadmap_changed.emit()

    def _refill_filters(self) -> None:
        people: dict[int, str] = {}
        for item in self.model.items:
            people.update(item.responsible)
        me = self.me()
        self._refill(
            self.person_filter,
            [("Все ответственные", ANYONE), ("Не назначены", NOBODY)]
            + [(name, pid) for pid, name in sorted(people.items(), key=lambda p: p[1])],
        )
        sections = self.model.sections()
        flat = sections in ([], [""])
        self._refill(
            self.section_filter,
            [("Все разделы", None)] + [(section_title(s), s) for s in sections],
        )
        self.section_filter.setVisible(not flat)
        self.tree.setRootIsDecorated(not flat)
        self._show_me(me)

    @staticmethod
    def _refill(combo: QComboBox, entries: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, value in entries:
            combo.addItem(text, value)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # --- filters -----------------------------------------------------------------------------
    def current_filter(self) -> RoadmapFilter:
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

    def _hide_done_toggled(self, on: bool) -> None:
        app_settings().setValue(HIDE_DONE_KEY, on)
        self.apply_filter()

    def apply_filter(self) -> None:
        keep = set(self.selected_item_ids())
        self.model.set_filter(self.current_filter())
        self._after_reset()
        self._select_ids(keep)
        total, shown = len(self.model.items), self.model.shown_count()
        if not total:
            self.shown_label.setText("Мероприятий пока нет: нажмите «Добавить…»")
        elif shown == total:
            self.shown_label.setText(
                f"{count_ru(total, 'мероприятие', 'мероприятия', 'мероприятий')}"
                " · двойной щелчок или F2 — изменить, Del — удалить, Ctrl+↑/↓ — переместить"
            )
        else:
            hidden = self.hide_done_button.isChecked() and any(
                item.status is ItemStatus.DONE for item in self.model.items
            )
            note = " (выполненные скрыты)" if hidden else ""
            self.shown_label.setText(f"Показано: {shown} из {total}{note}")
        self._update_actions()

    def reset_filters(self) -> None:
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
        self.apply_filter()

    def show_status(self, status: ShownStatus | str | None) -> None:
        """Filter by a shown status (None: all), e.g. просрочено from the status bar."""
        value = ShownStatus(status).value if status is not None else None
        self.status_filter.setCurrentIndex(max(self.status_filter.findData(value), 0))

    def _progress_link(self, link: str) -> None:
        if link == OVERDUE_LINK:
            self.show_status(ShownStatus.OVERDUE)

    def _show_progress(self) -> None:
        overall = self.model.overall()
        self.progress_bar.setRange(0, max(overall.total, 1))
        self.progress_bar.setValue(overall.done)
        if not overall.total:
            self.progress_label.setText("В дорожной карте пока нет мероприятий")
            return
        share = round(100 * overall.done / overall.total)
        text = f"<b>Выполнено {overall.done} из {overall.total} ({share} %)</b>"
        if overall.overdue:
            text += (
                f", <a href='{OVERDUE_LINK}' style='color:#b3261e'>просрочено {overall.overdue}</a>"
            )
        soon = self.model.due_soon(self.ctx.today(), service.SOON_DAYS)
        if soon:
            text += f" · в ближайшие {service.SOON_DAYS} дней срок у {len(soon)}"
        self.progress_label.setText(text)

    # --- «Мои задачи» -------------------------------------------------------------------------
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
            self.apply_filter()
        return True

    def _mine_toggled(self, on: bool) -> None:
        if on and self.me() is None and not self.choose_me():
            self.mine_button.blockSignals(True)
            self.mine_button.setChecked(False)
            self.mine_button.blockSignals(False)
            return
        self.person_filter.setEnabled(not on)
        self.apply_filter()

    # --- the tree ----------------------------------------------------------------------------
    def _after_reset(self) -> None:
        root = QModelIndex()
        for row in self.model.section_rows():
            self.tree.setFirstColumnSpanned(row, root, True)
            index = self.model.index(row, 0)
            name = index.data(SECTION_ROLE)
            self.tree.setExpanded(index, name not in self._collapsed)
        header = self.tree.header()
        for column, attribute in OPTIONAL_COLUMNS.items():
            used = any(getattr(item, attribute) for item in self.model.items)
            header.setSectionHidden(column, not used)
        self.fit_columns()

    def _scroll_settled(self) -> None:
        self._scroll_pending = False

    def scroll_to_open_items(self) -> None:
        """Open a roadmap where the work is: the first item not done at the top (with its
        section's row when it is the section's first shown item), the done ones above."""
        shown = self.model.visible_items()
        item = next((i for i in shown if i.status is not ItemStatus.DONE), None)
        if item is None or item is (shown[0] if shown else None):
            return
        index = self.model.item_index(item.id)
        if not self.model.flat and index.row() == 0:
            index = index.parent()
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def _remember_collapsed(self, index: QModelIndex) -> None:
        name = index.data(SECTION_ROLE)
        if name is None or index.data(ITEM_ROLE) is not None:
            return
        if self.tree.isExpanded(index):
            self._collapsed.discard(name)
        else:
            self._collapsed.add(name)

    # --- column widths: fitted to the window until the curator resizes one -------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_later.start()  # once the scroll area has laid out its viewport
        elif watched is self.tree.header().viewport():
            if event.type() == QEvent.Type.MouseButtonPress:
                self._dragging_header = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._dragging_header = False
        return super().eventFilter(watched, event)

    def _section_resized(self, *_: object) -> None:
        if self._dragging_header:
            self._set_manual_widths(True)
        self._relayout.start()

    def _set_manual_widths(self, manual: bool) -> None:
        self._manual_widths = manual
        settings = app_settings()
        if manual:
            settings.setValue(HEADER_KEY, self.tree.header().saveState())
        else:
            settings.remove(HEADER_KEY)
            self.fit_columns()

    def _columns_resized(self) -> None:
        self.tree.doItemsLayout()  # rows grow or shrink to the wrapped text
        if self._scroll_pending:
            self.scroll_to_open_items()
        if self._manual_widths:
            app_settings().setValue(HEADER_KEY, self.tree.header().saveState())

    def fit_columns(self, force: bool = True) -> None:
        """Share the width among the visible columns (unless the curator set them).

        Without `force`, only when the width changed by more than a scroll bar: the one
        that comes and goes with the rows' heights is left to the last column.
        """
        if self._manual_widths:
            return
        header = self.tree.header()
        visible = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        indent = self.tree.indentation() if self.tree.rootIsDecorated() else 0
        available = self.tree.viewport().width() - 2
        if not force and abs(available - self._fitted_width) <= SCROLL_BAR_SLACK:
            return
        self._fitted_width = available
        widths = fit_widths(visible, available, indent, self.model.empty_columns(),
                            own_numbers=self.model.own_numbers,
                            minimum=header.minimumSectionSize())  # fmt: skip
        for column, width in widths.items():
            header.resizeSection(column, width)  # not dragged: stays "fitted"
        self.tree.doItemsLayout()
        if self._scroll_pending:
            self.scroll_to_open_items()

    def _restore_header(self) -> None:
        header = self.tree.header()
        state = app_settings().value(HEADER_KEY)
        if isinstance(state, QByteArray) and header.restoreState(state):
            self._manual_widths = True

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        fit = menu.addAction("Подогнать ширину колонок к окну")
        fit.triggered.connect(lambda: self._set_manual_widths(False))
        menu.exec(self.tree.header().mapToGlobal(pos))

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.item_at(index) is not None:
            self.edit_selected()

    def _row_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
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
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # --- selection ---------------------------------------------------------------------------
    def current_roadmap_id(self) -> int | None:
        return self._roadmap_id

    def current_roadmap(self) -> RoadmapInfo | None:
        return next((r for r in self.roadmaps if r.id == self._roadmap_id), None)

    def selected_items(self) -> list[ItemRow]:
        """The selected items in their order (section rows are not items)."""
        selection = self.tree.selectionModel()
        chosen = {
            item.id: item
            for index in selection.selectedRows()
            if (item := self.model.item_at(index)) is not None
        }
        return [item for item in self.model.items if item.id in chosen]

    def selected_item_ids(self) -> list[int]:
        return [item.id for item in self.selected_items()]

    def selected_section(self) -> str:
        """The section of the selected row (item or section row); "" if none."""
        index = self.tree.currentIndex()
        if not index.isValid():
            rows = self.tree.selectionModel().selectedRows()
            index = rows[0] if rows else QModelIndex()
        name = index.sibling(index.row(), 0).data(SECTION_ROLE) if index.isValid() else None
        return str(name) if name is not None else ""

    def select_items(self, item_ids: Sequence[int]) -> None:
        """Select these items (the first becomes current and is scrolled to)."""
        self._select_ids(set(item_ids), clear=True)

    def _select_ids(self, item_ids: set[int], clear: bool = True) -> None:
        if not item_ids:
            return
        selection = QItemSelection()
        first: QModelIndex | None = None
        for item in self.model.items:
            if item.id in item_ids:
                index = self.model.item_index(item.id)
                if index.isValid():
                    selection.select(index, index)
                    first = first or index
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            if clear
            else QItemSelectionModel.SelectionFlag.Select
        )
        model = self.tree.selectionModel()
        model.select(selection, flags)
        if first is not None:
            model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.tree.scrollTo(first)

    def _neighbour(self, item: ItemRow, delta: int) -> ItemRow | None:
        """The item above (delta -1) or below in the same section."""
        group = self.model.items if self.model.flat else self.model.group_items(item.section)
        at = next(i for i, other in enumerate(group) if other.id == item.id)
        target = at + delta
        return group[target] if 0 <= target < len(group) else None

    def _update_actions(self) -> None:
        has_roadmap = self._roadmap_id is not None
        items = self.selected_items() if has_roadmap else []
        one = len(items) == 1
        self.add_action.setEnabled(has_roadmap)
        self.edit_action.setEnabled(one)
        for act in (self.delete_action, self.done_action, self.responsible_action,
                    self.deadline_action, *self.status_actions.values()):  # fmt: skip
            act.setEnabled(bool(items))
        if hasattr(self, "status_button"):
            self.status_button.setEnabled(bool(items))
        self.up_action.setEnabled(one and self._neighbour(items[0], -1) is not None)
        self.down_action.setEnabled(one and self._neighbour(items[0], 1) is not None)
        self.properties_action.setEnabled(has_roadmap)
        self.delete_roadmap_action.setEnabled(has_roadmap)

    # --- writing -----------------------------------------------------------------------------
    def perform(self, parent: QWidget, action: Callable[[Session], Any]) -> Any | None:
        """Run one user action in one transaction, then show the result.

        Returns what the action returned (True for None), or None if it was refused: the
        reason has been shown over `parent` (a dialog stays open with what was typed).
        """
        try:
            with self.ctx.action(Changes.ROADMAP) as session:
                result = action(session)
        except RoadmapError as exc:
            QMessageBox.warning(parent, TITLE, str(exc))
            return None
        except Exception as exc:
            show_failure(parent, exc, None)
            return None
        self.dirty = True
        self.refresh()
        return True if result is None else result

    def _default_start_year(self) -> int:
        from mentor_desk.queries.profile import load_profile

        profile = load_profile(self.ctx.db.reader)
        if profile is not None and profile.academic_year_start:
            return profile.academic_year_start
        return AcademicYear.containing(self.ctx.today()).start_year

    @staticmethod
    def read_templates() -> tuple[list[Template], list[str], set[str]]:
        """The templates (bundled and the municipality's own), the problems, the own keys."""
        from mentor_desk.services.roadmap_templates import scan_templates

        try:
            scan = scan_templates()
        except OSError as exc:
            return [], [str(exc)], set()
        users = {t.key for t in scan.templates if scan.is_users(t.key)}
        return list(scan.templates), list(scan.errors), users

    def create_roadmap(self) -> None:
        templates, errors, users = self.read_templates()

        def submit(dialog: RoadmapDialog) -> bool:
            title, start, end, key = dialog.values()
            today = self.ctx.today()
            new_id = self.perform(
                dialog, lambda s: service.create(s, title, start, end, key, today)
            )
            if new_id is None:
                return False
            self.set_roadmap(int(new_id))
            count = len(self.model.items)
            self.status_message.emit(
                f"Дорожная карта создана: "
                f"{count_ru(count, 'мероприятие', 'мероприятия', 'мероприятий')}"
            )
            return True

        RoadmapDialog(
            self, self.ctx.today(), self._default_start_year(), templates=templates,
            template_errors=errors, user_templates=users, scan=self.read_templates,
            submit=submit,
        ).exec()  # fmt: skip

    def edit_roadmap(self) -> None:
        info = self.current_roadmap()
        if info is None:
            return

        def submit(dialog: RoadmapDialog) -> bool:
            title, start, end, _ = dialog.values()
            today = self.ctx.today()

            def run(session: Session) -> None:
                service.rename(session, info.id, title)
                service.set_period(session, info.id, start, end, today)

            return self.perform(dialog, run) is not None

        RoadmapDialog(self, self.ctx.today(), info.start_year, roadmap=info, submit=submit).exec()

    def delete_roadmap(self) -> None:
        info = self.current_roadmap()
        if info is None:
            return
        count = len(self.model.items)
        answer = QMessageBox.question(
            self,
            "Удалить дорожную карту",
            f"Удалить дорожную карту «{info.title}» ({info.period}) со всеми мероприятиями "
            f"({count}), отметками о выполнении и ответственными? Отменить удаление нельзя.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._roadmap_id = None
        app_settings().remove(CURRENT_KEY)
        if self.perform(self, lambda s: service.delete_roadmap(s, info.id)) is not None:
            self.status_message.emit(f"Дорожная карта «{info.title}» удалена")

    def _position_for(self, section: str) -> int | None:
        """Where a new item of this section goes: after the selected one of the section,
        else after the section's last item; None (the end) for a new section."""
        items = self.model.items
        selected = [i for i in self.selected_items() if i.section == section]
        anchor = selected[-1] if selected else None
        if anchor is None:
            same = [i for i in items if i.section == section]
            anchor = same[-1] if same else None
        if anchor is None:
            return None
        return next(n for n, i in enumerate(items) if i.id == anchor.id) + 1

    def add_item(self) -> None:
        info = self.current_roadmap()
        if info is None:
            return
        section = self.selected_section()

        def submit(dialog: ItemDialog) -> bool:
            values = dialog.values()
            position = self._position_for(" ".join(values["section"].split()))
            today = self.ctx.today()

            def run(session: Session) -> int:
                new_id = service.add_item(
                    session,
                    info.id,
                    values["section"],
                    values["activity"],
                    deadline_text=values["deadline_text"],
                    due_on=values["due_on"],
                    responsible=values.get("responsible", ()),
                    responsible_text=values["responsible_text"],
                    expected_result=values["expected_result"],
                    indicator=values["indicator"],
                    note=values["note"],
                    position=position,
                )
                if values["status"] is not ItemStatus.NOT_STARTED:
                    service.update_item(
                        session, new_id, today=today,
                        status=values["status"], done_on=values["done_on"],
                    )  # fmt: skip
                return new_id

            self._select_next = set()
            new_id = self.perform(dialog, run)
            if new_id is None:
                return False
            self.select_items([int(new_id)])
            self.status_message.emit("Мероприятие добавлено")
            return True

        ItemDialog(
            self, self.ctx.today(), info, self._staff, self.model.sections(), None, section,
            submit,
        ).exec()  # fmt: skip

    def edit_selected(self) -> None:
        info = self.current_roadmap()
        items = self.selected_items()
        if info is None or len(items) != 1:
            return
        item = items[0]

        def submit(dialog: ItemDialog) -> bool:
            values = dialog.values()
            today = self.ctx.today()
            self._select_next = {item.id}
            done = self.perform(
                dialog, lambda s: service.update_item(s, item.id, today=today, **values)
            )
            return done is not None

        ItemDialog(
            self, self.ctx.today(), info, self._staff, self.model.sections(), item, item.section,
            submit,
        ).exec()  # fmt: skip

    def delete_selected(self) -> None:
        items = self.selected_items()
        if not items:
            return
        numbered = not self.model.own_numbers  # else the № column is empty: no № to cite
        if len(items) == 1:
            text = items[0].activity
            shown = text if len(text) <= 160 else text[:157].rstrip() + "…"
            number = f" № {self.model.number(items[0].id)}" if numbered else ""
            question = f"Удалить мероприятие{number}?\n\n«{shown}»"
        else:
            numbers = ", ".join(str(self.model.number(i.id)) for i in items)
            question = (
                f"Удалить {count_ru(len(items), 'мероприятие', 'мероприятия', 'мероприятий')}"
                + (f" (№ {numbers})" if numbered else "")
                + "?"
            )
        answer = QMessageBox.question(
            self,
            "Удалить",
            question + "\n\nОтменить удаление нельзя.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ids = [i.id for i in items]
        # After deleting, the row that took the first deleted one's place is selected.
        after = [i for i in self.model.visible_items() if i.id not in ids]
        visible_ids = [i.id for i in self.model.visible_items()]
        first_at = visible_ids.index(ids[0]) if ids[0] in visible_ids else 0
        successor = next((i.id for i in self.model.visible_items()[first_at:] if i.id not in ids),
                         after[-1].id if after else None)  # fmt: skip
        self._select_next = {successor} if successor is not None else set()
        if self.perform(self, lambda s: service.delete_items(s, ids)) is not None:
            self.status_message.emit(
                f"Удалено: {count_ru(len(ids), 'мероприятие', 'мероприятия', 'мероприятий')}"
            )

    def move_selected(self, delta: int) -> None:
        items = self.selected_items()
        if len(items) != 1:
            return
        item = items[0]
        neighbour = self._neighbour(item, delta)
        if neighbour is None:
            return
        order = [i.id for i in self.model.items]
        steps = order.index(neighbour.id) - order.index(item.id)
        self._select_next = {item.id}
        self.perform(self, lambda s: service.move_item(s, item.id, steps))
        self.tree.setFocus()

    def mark_done(self) -> None:
        ids = self.selected_item_ids()
        if not ids:
            return
        today = self.ctx.today()

        def submit(dialog: DoneDialog) -> bool:
            on = dialog.value()
            self._select_next = set(ids)
            done = self.perform(dialog, lambda s: service.mark_done(s, ids, on, today=today))
            if done is None:
                return False
            self.status_message.emit(
                f"Отмечено выполненным {format_date(on)}: "
                f"{count_ru(len(ids), 'мероприятие', 'мероприятия', 'мероприятий')}"
            )
            return True

        DoneDialog(self, today, len(ids), submit).exec()

    def set_status(self, status: ItemStatus) -> None:
        ids = self.selected_item_ids()
        if not ids:
            return
        today = self.ctx.today()
        self._select_next = set(ids)
        done = self.perform(self, lambda s: service.set_status(s, ids, status, today=today))
        if done is not None:
            self.status_message.emit(f"Состояние «{status.label}»: {len(ids)}")

    def set_responsible(self) -> None:
        items = self.selected_items()
        if not items:
            return

        def submit(dialog: ResponsibleDialog) -> bool:
            people, text = dialog.person_ids(), dialog.text()
            ids = [i.id for i in items]

            def run(session: Session) -> None:
                if dialog.mode() != ADD:
                    service.set_responsible(session, ids, people, text)
                    return
                for item in items:
                    fields: dict[str, Any] = {}
                    new = [p for p in people if p not in item.responsible_ids]
                    if new:
                        fields["responsible"] = [*item.responsible_ids, *new]
                    if text is not None:
                        fields["responsible_text"] = text
                    if fields:
                        service.update_item(session, item.id, **fields)

            self._select_next = set(ids)
            return self.perform(dialog, run) is not None

        ResponsibleDialog(self, self._staff, items, submit).exec()

    def set_deadline(self) -> None:
        info = self.current_roadmap()
        items = self.selected_items()
        if info is None or not items:
            return

        def submit(dialog: DeadlineDialog) -> bool:
            ids = [i.id for i in items]

            def run(session: Session) -> None:
                for item in items:
                    text, due = dialog.values_for(item)
                    service.set_deadline(session, [item.id], text, due)

            self._select_next = set(ids)
            return self.perform(dialog, run) is not None

        DeadlineDialog(self, self.ctx.today(), info, items, submit).exec()
