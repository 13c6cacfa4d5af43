"""The «Дорожная карта» tab: the school's roadmap as a checklist grouped by section.

One roadmap is shown at a time (a combo switches when there are several). Items are added,
edited, moved, deleted, marked done (one date for the selection), given a status, and the
persons responsible or the deadline of the selected items are set at once; every change
is one run_action() calling services.roadmap. The actions and menus are in roadmap_actions,
the filter bar in roadmap_filters («Мои задачи», «Скрыть выполненные»), the column widths
in roadmap_columns. A roadmap opens scrolled to its first item not done. Overdue items are
red; the progress of each section is in its row, the overall progress above the list. The
roadmap shown is remembered (roadmap_model.remembered_roadmap): the status bar counts what
is overdue in it, and roadmap_changed tells it when it changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import AcademicYear, format_date
from mentor_desk.domain.roadmap import (
    SOON_DAYS,
    ItemRow,
    ItemStatus,
    RoadmapFilter,
    ShownStatus,
    is_due_soon,
    new_item_position,
)
from mentor_desk.domain.text import count_ru
from mentor_desk.queries import roadmap as reads
from mentor_desk.queries.roadmap import RoadmapInfo
from mentor_desk.services import roadmap as service
from mentor_desk.services.roadmap import RoadmapError
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes, app_settings
from mentor_desk.ui.roadmap_actions import RoadmapActions
from mentor_desk.ui.roadmap_columns import ColumnFitter
from mentor_desk.ui.roadmap_dialogs import (
    ADD,
    DeadlineDialog,
    DoneDialog,
    ItemDialog,
    ResponsibleDialog,
    RoadmapDialog,
)
from mentor_desk.ui.roadmap_filters import RoadmapFilterBar
from mentor_desk.ui.roadmap_model import (
    CURRENT_KEY,
    ITEM_ROLE,
    OPTIONAL_COLUMNS,
    SECTION_ROLE,
    RoadmapTreeModel,
    WrapDelegate,
    remembered_roadmap,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

TITLE = "Дорожная карта"
OVERDUE_LINK = "overdue"
SCROLL_SETTLE_MS = 1000  # a roadmap just opened scrolls to its work as its rows settle
EMPTY_TEXT = (
    "Дорожная карта — план мероприятий по внедрению целевой модели наставничества "
    "на несколько учебных лет: что сделать, к какому сроку, кто отвечает и каков результат. "
    "Её можно составить по одному из примерных шаблонов (тексты документов перенесены слово "
    "в слово) или с чистого листа; затем назначить ответственных и отмечать выполненное."
)


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

        self.columns = ColumnFitter(self.tree, self.model, self._rows_relaid)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.tree.collapsed.connect(self._remember_collapsed)
        self.tree.expanded.connect(self._remember_collapsed)
        ctx.bus.changed.connect(self._data_changed)
        self._update_actions()

    # --- building ----------------------------------------------------------------------------
    def _make_actions(self) -> None:
        from mentor_desk.ui import roadmap_print

        self.roadmap_actions = RoadmapActions(
            self, self, lambda menu: roadmap_print.fill_menu(self, menu)
        )

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
        self.roadmap_button.setMenu(self.roadmap_actions.roadmap_menu)
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

        self.filter_bar = RoadmapFilterBar()
        self.filter_bar.setObjectName("roadmapFilters")
        self.filter_bar.changed.connect(self.apply_filter)
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

        self.shown_label = QLabel()
        self.shown_label.setObjectName("roadmapShown")
        self.shown_label.setStyleSheet("color: #555;")

        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addLayout(progress_row)
        layout.addWidget(self.roadmap_actions.toolbar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.shown_label)
        return page

    # --- reading -----------------------------------------------------------------------------
    # people: the persons responsible are chosen from the register's staff
    SHOWS = Changes.ROADMAP | Changes.PEOPLE | Changes.JOURNAL

    def _data_changed(self, changes: Changes, initiator: object) -> None:
        if initiator is self or not changes & self.SHOWS:
            return  # its own actions refresh the tab at once (perform)
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
        self.roadmaps = reads.roadmaps(conn)
        self._staff = reads.staff(conn)
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
        items = reads.read_items(conn, self._roadmap_id, self.ctx.today())
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
        self.filter_bar.any_section()
        self.dirty = True
        self.refresh()
        self.roadmap_changed.emit()

    def _refill_filters(self) -> None:
        self.filter_bar.set_choices(self.model.items, self.model.sections(), self._staff)
        self.tree.setRootIsDecorated(not self.model.flat)

    # --- filters -----------------------------------------------------------------------------
    def current_filter(self) -> RoadmapFilter:
        return self.filter_bar.current()

    def apply_filter(self) -> None:
        keep = set(self.selected_item_ids())
        self.model.set_filter(self.filter_bar.current())
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
            hidden = self.filter_bar.current().hide_done and any(
                item.status is ItemStatus.DONE for item in self.model.items
            )
            note = " (выполненные скрыты)" if hidden else ""
            self.shown_label.setText(f"Показано: {shown} из {total}{note}")
        self._update_actions()

    def reset_filters(self) -> None:
        self.filter_bar.reset()

    def show_status(self, status: ShownStatus | str | None) -> None:
        """Filter by a shown status (None: all), e.g. просрочено from the status bar."""
        self.filter_bar.show_status(status)

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
        today = self.ctx.today()
        soon = sum(is_due_soon(item, today) for item in self.model.items)
        if soon:
            text += f" · в ближайшие {SOON_DAYS} дней срок у {soon}"
        self.progress_label.setText(text)

    # --- «Мои задачи» -------------------------------------------------------------------------
    def me(self) -> int | None:
        return self.filter_bar.me()

    def choose_me(self) -> bool:
        return self.filter_bar.choose_me()

    def show_mine(self, on: bool = True) -> None:
        self.filter_bar.show_mine(on)

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
        self.columns.fit()

    def _scroll_settled(self) -> None:
        self._scroll_pending = False

    def _rows_relaid(self) -> None:
        if self._scroll_pending:  # a roadmap just opened: its rows' heights have settled
            self.scroll_to_open_items()

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

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.item_at(index) is not None:
            self.edit_selected()

    def _row_menu(self, pos: QPoint) -> None:
        self.roadmap_actions.row_menu().exec(self.tree.viewport().mapToGlobal(pos))

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
        self.roadmap_actions.update(
            has_roadmap=has_roadmap,
            selected=len(items),
            up=one and self._neighbour(items[0], -1) is not None,
            down=one and self._neighbour(items[0], 1) is not None,
        )

    # --- writing -----------------------------------------------------------------------------
    def perform(self, parent: QWidget, action: Callable[[Session], Any]) -> Any | None:
        """Run one user action in one transaction, then show the result.

        Returns what the action returned (True for None), or None if it was refused: the
        reason has been shown over `parent` (a dialog stays open with what was typed).
        """
        outcome = run_action(parent, self.ctx, Changes.ROADMAP, action, title=TITLE,
                             refused=RoadmapError, initiator=self)  # fmt: skip
        if not outcome:
            return None
        self.dirty = True
        self.refresh()
        return True if outcome.value is None else outcome.value

    def _default_start_year(self) -> int:
        from mentor_desk.queries.profile import load_profile

        profile = load_profile(self.ctx.db.reader)
        if profile is not None and profile.academic_year_start:
            return profile.academic_year_start
        return AcademicYear.containing(self.ctx.today()).start_year

    def create_roadmap(self) -> None:
        from mentor_desk.services.roadmap_templates import template_choices

        templates, errors, users = template_choices()

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
            template_errors=errors, user_templates=users, scan=template_choices,
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

    def add_item(self) -> None:
        info = self.current_roadmap()
        if info is None:
            return
        section = self.selected_section()

        def submit(dialog: ItemDialog) -> bool:
            values = dialog.values()
            position = new_item_position(
                self.model.items, values["section"], self.selected_item_ids()
            )
            today = self.ctx.today()

            self._select_next = set()
            new_id = self.perform(
                dialog,
                lambda s: service.add_item(s, info.id, **values, position=position, today=today),
            )
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

            assign = service.add_responsible if dialog.mode() == ADD else service.set_responsible
            self._select_next = set(ids)
            return self.perform(dialog, lambda s: assign(s, ids, people, text)) is not None

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
