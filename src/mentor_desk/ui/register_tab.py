"""The "Участники" tab: the personal register with search, filters and the card dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
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
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.participants import Category, ConsentState, TermKind, class_sort_key
from mentor_desk.domain.text import count_ru
from mentor_desk.queries.people import RegisterRow, register_rows, term_names
from mentor_desk.queries.sql import ReadError
from mentor_desk.services.register import ArchiveFilter, ConsentFilter, RegisterFilter, RoleFilter
from mentor_desk.storage.database import backups_dir_for
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes, app_settings
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.register_model import (
    HEADERS,
    HIDDEN_BY_DEFAULT,
    ROW_ID_ROLE,
    ROW_ROLE,
    ParticipantTableModel,
    RegisterProxy,
)

ROLE_ITEMS = [
    ("Все роли", None),
    ("Наставники", RoleFilter.MENTOR),
    ("Наставляемые", RoleFilter.MENTEE),
    ("Наставник и наставляемый", RoleFilter.BOTH),
    ("Без роли", RoleFilter.NONE),
]
CONSENT_ITEMS = [
    ("Согласие: любое", None),
    ("Согласие действует", ConsentFilter.VALID),
    ("Нет действующего согласия", ConsentFilter.NOT_VALID),
    ("Согласие отозвано", ConsentFilter.WITHDRAWN),
]
ARCHIVE_ITEMS = [
    ("Без архива", ArchiveFilter.ACTIVE),
    ("Только архив", ArchiveFilter.ARCHIVED),
    ("Все, включая архив", ArchiveFilter.ALL),
]
HEADER_KEY = "register/header"


def _combo(name: str, items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    # Long entries must not widen the window past a 1024-pixel school monitor.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    for text, value in items:
        combo.addItem(text, value)
    return combo


class RegisterTab(QWidget):
    """Участники: база наставников и наставляемых."""

    counts_changed = Signal(int, int, int)  # shown, active total, active without valid consent
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("registerTab")
        self.model = ParticipantTableModel(self)
        self.proxy = RegisterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Поиск по ФИО…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
        self.role = _combo("roleFilter", ROLE_ITEMS)
        self.category = _combo(
            "categoryFilter", [("Все категории", None), *((c.label, c) for c in Category)]
        )
        self.class_filter = _combo("classFilter", [("Все классы", None)])
        self.consent = _combo("consentFilter", CONSENT_ITEMS)
        self.tag = _combo("tagFilter", [("Все целевые группы", None)])
        self.archive = _combo("archiveFilter", ARCHIVE_ITEMS)
        reset = QPushButton("Сбросить")
        reset.setObjectName("resetFilters")
        reset.setToolTip("Сбросить поиск и фильтры")
        reset.clicked.connect(self.reset_filters)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (self.role, self.category, self.class_filter, self.consent, self.tag,
                      self.archive):  # fmt: skip
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            filters.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self.apply_filter)
        filters.addWidget(reset)
        self.search.textChanged.connect(self.apply_filter)

        self.table = QTableView()
        self.table.setObjectName("registerTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self._make_actions()
        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.archive_action,
                       self.restore_action, self.erase_action):  # fmt: skip
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.columns_action)

        self.shown_label = QLabel()
        self.shown_label.setObjectName("shownLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(toolbar)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.shown_label)

        self._restore_header()
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        # Hidden behind another tab, the register is read a moment after a change (a burst
        # of board actions is read once), so the tab that changed repaints first.
        self._stale = QTimer(self)
        self._stale.setSingleShot(True)
        self._stale.setInterval(400)
        self._stale.timeout.connect(self.reload)
        ctx.bus.changed.connect(self._data_changed)
        # Filled by reload(): the main window calls it right after it is first shown.
        self.loaded = False
        self._active = self._without_consent = 0
        self.shown_label.setText("Загрузка участников…")
        self._update_actions()

    # --- actions ------------------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(
            text: str,
            slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        ) -> QAction:
            act = QAction(text, self)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.add_action = action("Добавить…", self.add_person, QKeySequence.StandardKey.New)
        self.edit_action = action("Изменить…", self.edit_selected, "Return")
        self.archive_action = action("В архив", lambda: self.set_archived(True), "Delete")
        self.restore_action = action("Восстановить из архива", lambda: self.set_archived(False))
        self.erase_action = action("Удалить полностью…", self.erase_selected, "Shift+Delete")
        self.columns_action = action("Колонки…", self._show_columns_menu)
        self.add_action.setToolTip("Добавить участника (Ctrl+N)")
        self.archive_action.setToolTip(
            "Убрать из рабочих списков; карточка сохраняется и её можно восстановить (Delete)"
        )
        self.erase_action.setToolTip(
            "Стереть все данные человека (например, при отзыве согласия). Необратимо."
        )

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(index.data(ROW_ID_ROLE)) for index in rows]

    def shown_ids(self) -> list[int]:
        """The people the filters show, in the table's order."""
        return [row.id for row in self.proxy.visible_rows()]

    def active_ids(self) -> list[int]:
        """Everyone in the register but the archived."""
        return [row.id for row in self.model.rows if not row.archived]

    def _selected_rows(self) -> list[RegisterRow]:
        return [index.data(ROW_ROLE) for index in self.table.selectionModel().selectedRows()]

    def _update_actions(self) -> None:
        rows = self._selected_rows()
        self.edit_action.setEnabled(len(rows) == 1)
        self.archive_action.setEnabled(any(not r.archived for r in rows))
        self.restore_action.setEnabled(any(r.archived for r in rows))
        self.erase_action.setEnabled(len(rows) == 1)

    def add_person(self) -> None:
        from mentor_desk.ui.participant_dialog import ParticipantDialog

        dialog = ParticipantDialog(self.ctx, None, self)
        if dialog.exec() and dialog.saved_id is not None:
            self.select_person(dialog.saved_id)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        from mentor_desk.ui.participant_dialog import ParticipantDialog

        ParticipantDialog(self.ctx, ids[0], self).exec()
        self.select_person(ids[0])

    def set_archived(self, archived: bool) -> None:
        from mentor_desk.services import participants

        ids = [r.id for r in self._selected_rows() if r.archived != archived]
        if not ids:
            return
        now = self.ctx.now()
        done = run_action(
            self,
            self.ctx,
            Changes.PEOPLE,
            lambda s: participants.set_archived(s, ids, archived, now),
        )
        if not done:
            return
        people = count_ru(len(ids), "участник", "участника", "участников")
        verb = "перенесено в архив" if archived else "восстановлено из архива"
        self.status_message.emit(f"{people}: {verb}")

    def erase_selected(self) -> None:
        from mentor_desk.services import participants

        ids = self.selected_ids()
        if len(ids) != 1:
            return
        try:
            with self.ctx.db.session() as session:
                summary = participants.erasure_summary(session, ids[0])
        except participants.NotFound as exc:
            QMessageBox.warning(self, "Удаление", str(exc))
            return
        marks = count_ru(summary.term_links, "отметка", "отметки", "отметок")
        pairs = ""
        if summary.pairs_as_mentor:
            pairs += (
                f" Вместе с наставником удаляются его пары и группы ({summary.pairs_as_mentor}) "
                "с программами и встречами."
            )
        if summary.pairs_as_mentee:
            pairs += f" Участник будет убран из пар и групп ({summary.pairs_as_mentee})."
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Удалить полностью")
        box.setText(f"Удалить навсегда все данные участника «{summary.name}»?")
        box.setInformativeText(
            "Будут удалены: карточка (ФИО, дата рождения, категория, контакты, сведения о "
            f"согласии на обработку ПДн, примечание) и {marks} целевых групп, запросов и "
            f"компетенций.{pairs} Отменить удаление будет нельзя.\n\n"
            "Так поступают при отзыве согласия. Чтобы просто убрать человека из списков, "
            "используйте «В архив».\n\n"
            "Резервные копии, сделанные раньше, ещё содержат эти данные; они лежат в папке "
            f"{backups_dir_for(self.ctx.db.path)}."
        )
        erase = box.addButton("Удалить навсегда", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Отмена", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        if box.clickedButton() is not erase:
            return
        changed = Changes.PEOPLE | Changes.PAIRS | Changes.ROADMAP
        if not run_action(self, self.ctx, changed, lambda s: participants.erase(s, ids[0])):
            return
        try:  # the erased data must not stay in the write-ahead journal either
            self.ctx.db.flush_journal()
        except Exception as exc:
            show_failure(self, exc, self.ctx.log_file)
            return
        self.status_message.emit(f"Данные участника «{summary.name}» удалены")

    # --- data ---------------------------------------------------------------------------
    SHOWS = Changes.PEOPLE | Changes.VOCABULARIES

    def _data_changed(self, changes: Changes, initiator: object) -> None:
        if not changes & self.SHOWS:
            return
        if self.isVisible() or not self.loaded:
            self.reload()
        else:
            self._stale.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale.isActive():
            self._stale.stop()
            self.reload()

    def reload(self) -> None:
        selected = set(self.selected_ids())
        try:
            rows = register_rows(self.ctx.db.reader, self.ctx.today())
            target_groups = term_names(self.ctx.db.reader, TermKind.TARGET_GROUP)
        except ReadError as exc:
            # Called after a commit: what was saved is saved; only the view is behind.
            QMessageBox.warning(
                self,
                "Mentor Desk",
                "Изменения сохранены, но таблицу участников не удалось обновить: "
                f"{exc}. Закройте и откройте программу, чтобы увидеть актуальные данные.",
            )
            return
        self._active = sum(not r.archived for r in rows)
        self._without_consent = sum(
            not r.archived and r.consent is not ConsentState.VALID for r in rows
        )
        self.loaded = True
        self._refill_combo(
            self.class_filter,
            sorted({r.class_name for r in rows if r.class_name}, key=class_sort_key),
        )
        self._refill_combo(self.tag, target_groups)
        self.model.set_rows(rows)
        self.apply_filter()
        self._reselect(selected)

    def _reselect(self, person_ids: set[int]) -> None:
        """Keep the selection across a refresh, in one call (Ctrl+A then a change)."""
        if not person_ids:
            return
        selection = QItemSelection()
        for source_row, row in enumerate(self.model.rows):
            if row.id in person_ids:
                index = self.proxy.mapFromSource(self.model.index(source_row, 0))
                if index.isValid():
                    selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)

    @staticmethod
    def _refill_combo(combo: QComboBox, values: list[str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for value in values:
            combo.addItem(value, value)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def apply_filter(self) -> None:
        # Qt hands str-based enums back as plain str: rebuild the enums.
        role, category, consent = (
            self.role.currentData(),
            self.category.currentData(),
            self.consent.currentData(),
        )
        self.proxy.set_filter(
            RegisterFilter(
                text=self.search.text(),
                role=RoleFilter(role) if role else None,
                category=Category(category) if category else None,
                class_name=self.class_filter.currentData(),
                consent=ConsentFilter(consent) if consent else None,
                target_group=self.tag.currentData(),
                archive=ArchiveFilter(self.archive.currentData()),
            )
        )
        shown = self.proxy.rowCount()
        without = self._without_consent
        self.shown_label.setText(
            f"Показано: {shown} из {len(self.model.rows)}"
            f" · {count_ru(without, 'участник', 'участника', 'участников')} без действующего"
            " согласия (отмечены в колонке «Согласие на ПДн»)"
        )
        self.counts_changed.emit(shown, self._active, without)
        self._update_actions()

    def reset_filters(self) -> None:
        for combo in (self.role, self.category, self.class_filter, self.consent, self.tag,
                      self.archive):  # fmt: skip
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self.apply_filter()

    def select_person(self, person_id: int, clear: bool = True) -> None:
        source_row = next((i for i, r in enumerate(self.model.rows) if r.id == person_id), None)
        if source_row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            if clear
            else QItemSelectionModel.SelectionFlag.Select
        )
        self.table.selectionModel().select(index, flags)
        if clear:
            self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    # --- columns ------------------------------------------------------------------------
    def columns_menu(self) -> QMenu:
        """A fresh menu of the columns (deleted when closed: one per opening)."""
        menu = QMenu("Колонки", self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.fill_columns_menu(menu)
        return menu

    def fill_columns_menu(self, menu: QMenu) -> None:
        menu.clear()
        header = self.table.horizontalHeader()
        for column, title in HEADERS.items():
            act = menu.addAction(title)
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(column))
            act.setEnabled(column != 0)  # the name column always stays
            act.toggled.connect(lambda on, c=column: self.set_column_visible(c, on))

    def set_column_visible(self, column: int, visible: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(column, not visible)
        self.save_header()

    def _header_menu(self, pos: QPoint) -> None:
        self.columns_menu().exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _show_columns_menu(self) -> None:
        self.columns_menu().exec(self.mapToGlobal(QPoint(0, 0)))

    def _row_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.add_action, self.edit_action, self.archive_action,
                       self.restore_action, self.erase_action):  # fmt: skip
            menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _restore_header(self) -> None:
        header = self.table.horizontalHeader()
        state = app_settings().value(HEADER_KEY)
        if isinstance(state, QByteArray) and header.restoreState(state):
            return
        for column in HIDDEN_BY_DEFAULT:
            header.setSectionHidden(column, True)
        for column, width in {
            0: 260,
            1: 150,
            2: 60,
            3: 170,
            5: 170,
            6: 110,
            7: 70,
            10: 200,
        }.items():
            header.resizeSection(column, width)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)

    def save_header(self) -> None:
        app_settings().setValue(HEADER_KEY, self.table.horizontalHeader().saveState())
