"""The «Пары и группы» tab: free mentees, pair cards and mentors, with drag and drop.

Drop a mentee on a mentor to make a pair, on a card to add them to the group; drop a card
on a mentor to change the mentor, on the free list to take its mentees out. Every board
action is one transaction and goes on an undo stack (Ctrl+Z / Ctrl+Y): a snapshot of the
pairs it touched before and after, so undo and redo put back exactly what was there.

The cards come sorted the way a curator works through them (drafts, then pairs with
warnings, then approved, working, ended), with a line of counts that doubles as a filter.
A card and a mentor are never selected together: «Закрепить» acts on what the curator
selected last, never on a selection scrolled out of sight.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.pairs import Form, Status
from mentor_desk.domain.participants import Category, TermKind, class_sort_key
from mentor_desk.domain.text import count_ru, fold
from mentor_desk.queries.board import (
    Board,
    BoardPerson,
    PairCard,
    read_board,
    read_no_meetings_weeks,
    reread_pairs,
)
from mentor_desk.queries.people import term_names
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.board_models import (
    ITEM_ROLE,
    NO_MEETINGS_COLOR,
    NOT_READY,
    PEOPLE_MIME,
    STATUS_COLORS,
    WARN_BRUSH,
    CardDelegate,
    CardModel,
    ListFilter,
    PeopleModel,
    card_order,
    card_warnings,
    mentor_choices,
)
from mentor_desk.ui.context import AppContext, Changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PairAction = Callable[["Session"], Any]
Snapshot = dict[int, dict[str, Any] | None]

# The state filter: the counts line above the cards links to the same keys.
STATES = (
    ("Черновики и действующие", "live"),
    ("Черновики", "draft"),
    ("Утверждённые", "approved"),
    ("Действующие", "active"),
    ("С предупреждениями", "warnings"),
    ("Нет встреч", "no_meetings"),
    ("Завершённые (архив)", "ended"),
    ("Все пары и группы", "all"),
)
MENTOR_LEGEND = (
    "Красным — нет согласия на обработку ПДн; серым — у наставника нет свободных мест; "
    f"{NOT_READY} — наставник не готов: нет обучения или письменного согласия"
)
CARD_ORDER_TIP = (
    "Сначала черновики, затем пары с предупреждениями или без встреч, затем утверждённые, "
    "действующие и завершённые; внутри — по фамилии наставника.\n"
    "Полоса слева — статус: серая — черновик, синяя — утверждена, зелёная — действует."
)
DETAILS_HEIGHT = 220  # the lower panel, until the curator drags it to another height


def _enum(kind: Any, value: Any) -> Any:
    return None if value is None else kind(value)


def _state_ok(card: PairCard, state: str) -> bool:
    """Whether a card passes the state filter (STATES)."""
    ended = card.status is Status.ENDED
    if state == "live":
        return not ended
    if state == "warnings":
        return not ended and bool(card_warnings(card))
    if state == "no_meetings":
        return card.no_meetings
    if state == "all":
        return True
    return card.status.value == state


class BoardCommand(QUndoCommand):
    """One board action as data: the touched pairs before and after it."""

    def __init__(self, tab: BoardTab, text: str, before: Snapshot, after: Snapshot) -> None:
        super().__init__(text)
        self.tab, self.before, self.after = tab, before, after
        self.done = True  # pushed after the action ran: the first redo() has nothing to do

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self.tab.restore(self.after, self.before, self.text())

    def undo(self) -> None:
        self.tab.restore(self.before, self.after, self.text())


def _ids(result: Any) -> set[int]:
    if result is None or isinstance(result, bool):
        return set()
    if isinstance(result, int):
        return {result}
    return {int(i) for i in result}


class _Column(QWidget):
    """A titled list of the board, with its count in the title."""

    def __init__(self, title: str, view: QListView, tip: str = "") -> None:
        super().__init__()
        self.title = title
        self.label = QLabel(title)
        self.label.setStyleSheet("font-weight: bold;")
        self.label.setToolTip(tip)
        self.view = view
        self.main_layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(view)

    def set_count(self, shown: int, total: int) -> None:
        self.label.setText(
            f"{self.title} ({shown} из {total})" if shown != total else f"{self.title} ({total})"
        )


def _list(name: str) -> QListView:
    view = QListView()
    view.setObjectName(name)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    view.setDragDropOverwriteMode(True)  # a drop lands on an item, never between two
    view.setUniformItemSizes(True)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    return view


class BoardTab(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("boardTab")
        self.board: Board | None = None
        self.dirty = True
        self.undo_stack = QUndoStack(self)

        self.free_model = PeopleModel("free", parent=self)
        self.mentor_model = PeopleModel("mentors", load=self._load, parent=self)
        self.card_model = CardModel("cards", self)
        self.free_proxy, self.mentor_proxy, self.card_proxy = (ListFilter(self) for _ in range(3))
        for proxy, model in (
            (self.free_proxy, self.free_model),
            (self.mentor_proxy, self.mentor_model),
            (self.card_proxy, self.card_model),
        ):
            proxy.setSourceModel(model)
            model.dropped.connect(self._dropped)

        self.free_view = _list("freeMentees")
        self.free_view.setModel(self.free_proxy)
        self.mentor_view = _list("mentors")
        self.mentor_view.setModel(self.mentor_proxy)
        self.card_view = _list("cards")
        self.card_view.setUniformItemSizes(False)
        self.card_view.setModel(self.card_proxy)
        self.card_view.setItemDelegate(CardDelegate(self.card_view))
        self.card_model.set_line_height(self.card_view.fontMetrics().height())
        self.card_view.setSpacing(2)
        self.free_column = _Column(
            "Наставляемые без наставника", self.free_view, "Красным — нет действующего "
            "согласия на обработку ПДн: такую пару нельзя закрепить без предупреждения.",
        )  # fmt: skip
        self.card_column = _Column("Пары и группы", self.card_view, CARD_ORDER_TIP)
        self.mentor_column = _Column(
            "Наставники: занято из мест", self.mentor_view, MENTOR_LEGEND.replace("; ", "\n")
        )
        self.counts = QLabel()
        self.counts.setObjectName("boardCounts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setWordWrap(True)
        self.counts.setToolTip("Щёлкните число, чтобы показать только эти пары и группы")
        self.counts.linkActivated.connect(self.show_state)
        small = self.counts.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)  # one line over the cards
        self.counts.setFont(small)
        self.card_column.main_layout.insertWidget(1, self.counts)

        self._build_filters()
        self._build_actions()
        from mentor_desk.ui.board_panels import CardPanel, SuggestionPanel

        self.card_panel = CardPanel(self)
        self.suggestion_panel = SuggestionPanel(self)
        self.details = QStackedWidget()
        self.details.setObjectName("boardDetails")
        # One short line instead of a page: the lists keep the height (the details panel
        # opens only for a selected card or mentee). It is the legend of the colours too.
        self.hint = QLabel(
            "Наставляемого перетащите на наставника — пара, на карточку группы — в группу "
            "(Ctrl+Z отменяет). Выберите наставляемого — внизу подходящие наставники. "
            f"{MENTOR_LEGEND}."
        )
        self.hint.setObjectName("boardHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        for page in (self.card_panel, self.suggestion_panel):
            self.details.addWidget(page)

        columns = QSplitter(Qt.Orientation.Horizontal)
        for column in (self.free_column, self.card_column, self.mentor_column):
            columns.addWidget(column)
        columns.setStretchFactor(1, 2)
        columns.setSizes([300, 640, 400])  # the mentors' load and position must stay readable
        self.outer = outer = QSplitter(Qt.Orientation.Vertical)
        outer.setObjectName("boardSplitter")
        outer.addWidget(columns)
        outer.addWidget(self.details)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 2)
        outer.setCollapsible(0, False)  # the details can be dragged away, the lists cannot
        outer.splitterMoved.connect(self._details_moved)
        self.details.hide()  # until a card or a mentee is selected
        self._details_height = DETAILS_HEIGHT
        self._pending_card: int | None = None
        self._quiet = False

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filters)
        layout.addWidget(self.hint)
        layout.addWidget(outer, 1)

        self.free_view.selectionModel().selectionChanged.connect(lambda *_: self._selected("free"))
        self.mentor_view.selectionModel().selectionChanged.connect(
            lambda *_: self._selected("mentor")
        )
        self.card_view.selectionModel().selectionChanged.connect(lambda *_: self._selected("card"))
        self.card_view.doubleClicked.connect(lambda _: self.card_panel.run("program"))
        self.card_view.customContextMenuRequested.connect(self._card_menu)
        self.free_view.customContextMenuRequested.connect(self._free_menu)
        self.mentor_view.customContextMenuRequested.connect(self._mentor_menu)
        self.card_proxy.set_sort_key(card_order)
        ctx.bus.changed.connect(self._data_changed)

    # --- building ---------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("boardSearch")
        self.search.setPlaceholderText("Поиск по ФИО…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.form_filter = QComboBox()
        self.form_filter.setObjectName("formFilter")
        self.form_filter.addItem("Все формы", None)
        for form in Form:
            self.form_filter.addItem(form.label, form)
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("boardCategoryFilter")
        self.category_filter.addItem("Все категории", None)
        for category in Category:
            self.category_filter.addItem(category.label, category)
        self.class_filter = QComboBox()
        self.class_filter.setObjectName("boardClassFilter")
        self.class_filter.addItem("Все классы", None)
        self.tag_filter = QComboBox()
        self.tag_filter.setObjectName("boardTagFilter")
        self.tag_filter.addItem("Все целевые группы", None)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("stateFilter")
        for text, key in STATES:
            self.state_filter.addItem(text, key)
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.search, 2)
        for combo in (
            self.form_filter,
            self.category_filter,
            self.class_filter,
            self.tag_filter,
            self.state_filter,
        ):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            # Not as wide as the longest item: the board must fit a 1366-pixel screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            self.filters.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self.apply_filter)
        self.search.textChanged.connect(self.apply_filter)

    def _build_actions(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("boardToolbar")

        def action(text: str, slot: Callable[[], None], tip: str = "") -> QAction:
            act = QAction(text, self)
            act.setToolTip(tip or text)
            act.triggered.connect(slot)
            self.toolbar.addAction(act)
            return act

        self.pin_action = action(
            "Закрепить",
            self.pin_selected,
            "Составить пару из выбранных наставляемых и наставника "
            "(или добавить их в выбранную группу)",
        )
        self.pin_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.pin_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.pin_action)
        self.delete_action = QAction("Удалить черновик", self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(
            lambda: self.release(self.selected_cards(), "Удалить черновик")
        )
        self.card_view.addAction(self.delete_action)
        self.toolbar.addSeparator()
        self.auto_action = action(
            "Подобрать автоматически…",
            self.auto_match,
            "Подобрать наставников всем свободным наставляемым сразу",
        )
        self.weights_action = action("Веса подбора…", self.edit_weights)
        self.survey_action = action(
            "Анкеты нетворкинга…",
            self.edit_preferences,
            "Предпочтения наставляемых и наставников после встречи",
        )
        self.toolbar.addSeparator()
        self.undo_action = self.undo_stack.createUndoAction(self, "Отменить")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Повторить")
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # Linux binds Ctrl+Shift+Z only
            redo_keys.insert(0, QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(redo_keys)
        for act in (self.undo_action, self.redo_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.toolbar.addAction(act)
            self.addAction(act)

    # --- reading ----------------------------------------------------------------------
    def current_board(self) -> Board:
        """The board as last read; read now if it never was (BoardActions)."""
        if self.board is None:
            self.refresh()
        assert self.board is not None
        return self.board

    def _load(self, mentor_id: int) -> int:
        return self.board.load.get(mentor_id, 0) if self.board else 0

    SHOWS = Changes.PEOPLE | Changes.PAIRS | Changes.VOCABULARIES | Changes.SETTINGS

    # what the board keeps of everyone (BoardPerson) changes only with these
    PEOPLE_CHANGES = Changes.PEOPLE | Changes.VOCABULARIES

    def _data_changed(self, changes: Changes, initiator: object) -> None:
        if not changes & self.SHOWS or initiator is self:  # its own: shown by _show_pairs
            return
        self._people_stale = self._people_stale or bool(changes & self.PEOPLE_CHANGES)
        self.dirty = True
        if self.isVisible():
            QTimer.singleShot(0, self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def refresh(self) -> None:
        """Read the board again and update the three lists in place."""
        if not self.dirty and self.board is not None:
            return
        self.dirty = False
        # Only pairs changed (a dialog's save): keep everyone as read, read the pairs alone.
        people = None if self._people_stale or self.board is None else self.board.people
        self._people_stale = False
        board = read_board(self.ctx.db.reader, self.ctx.today(), self.no_meetings_weeks(), people)
        self._show(board, people_changed=people is None)

    def _show_pairs(self, touched: set[int]) -> None:
        """After the board's own action: read again only the pairs it touched."""
        if self.board is None or self.dirty:
            self.refresh()
            return
        weeks = self.no_meetings_weeks()
        board = reread_pairs(self.ctx.db.reader, self.board, touched, self.ctx.today(), weeks)
        self._show(board, people_changed=False)

    def _show(self, board: Board, people_changed: bool) -> None:
        """Update the three lists in place, row by row (selection and scroll stay)."""
        before = self.board.load if self.board is not None else {}
        self.board = board
        load = board.load
        new_load = {m for m in before.keys() | load.keys() if before.get(m) != load.get(m)}
        self.free_model.sync(board.free_mentees)
        self.mentor_model.sync(board.mentors, also=new_load)
        self.card_model.sync(board.cards)
        if people_changed:  # the class and target-group lists come from the people
            self._refill_filters()
            self.apply_filter()
        self._show_counts()
        self._selected(self._last_selection)
        if self._pending_card is not None:
            pending, self._pending_card = self._pending_card, None
            self.select_card(pending)
        else:  # a changed card may have moved in the sorted list: keep it in sight
            self._scroll_later(self.card_view)
        if self.undo_stack.count() == 0:
            self.undo_stack.setClean()

    _last_selection = "none"
    _people_stale = True

    def no_meetings_weeks(self) -> int:
        return read_no_meetings_weeks(self.ctx.db.reader)

    def _refill_filters(self) -> None:
        assert self.board is not None
        classes = sorted(
            {
                p.row.class_name
                for p in self.board.people.values()
                if p.row.class_name and not p.row.archived
            },
            key=class_sort_key,
        )
        tags = term_names(self.ctx.db.reader, TermKind.TARGET_GROUP)
        for combo, values in ((self.class_filter, classes), (self.tag_filter, tags)):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(value, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def _show_counts(self) -> None:
        """«черновики 13 · утверждены 8 · …»: each count a link to its filter."""
        assert self.board is not None
        cards = self.board.cards
        by_status = {s: sum(1 for c in cards if c.status is s) for s in Status}
        counts = [
            ("draft", "черновики", by_status[Status.DRAFT], STATUS_COLORS[Status.DRAFT]),
            ("approved", "утверждены", by_status[Status.APPROVED],
             STATUS_COLORS[Status.APPROVED]),
            ("active", "действуют", by_status[Status.ACTIVE], STATUS_COLORS[Status.ACTIVE]),
            ("warnings", "с предупреждениями",
             sum(1 for c in cards if c.status is not Status.ENDED and card_warnings(c)),
             WARN_BRUSH.color()),
            ("no_meetings", "нет встреч", sum(1 for c in cards if c.no_meetings),
             NO_MEETINGS_COLOR),
            ("ended", "в архиве", by_status[Status.ENDED], STATUS_COLORS[Status.ENDED]),
        ]  # fmt: skip
        self.counts.setText(
            " · ".join(
                f'<a href="{key}" style="color:{color.name()}; text-decoration:none">'
                f"{label} <b>{count}</b></a>"
                for key, label, count, color in counts
            )
        )

    def show_state(self, key: str) -> None:
        """Show only the cards of one state (a click on a count)."""
        index = self.state_filter.findData(key)
        if index >= 0:
            self.state_filter.setCurrentIndex(index)

    def apply_filter(self) -> None:
        words = fold(self.search.text()).split()
        # Qt gives back a str enum's value as a plain str: make it the enum again.
        form = _enum(Form, self.form_filter.currentData())
        category = _enum(Category, self.category_filter.currentData())
        class_name = self.class_filter.currentData()
        tag = self.tag_filter.currentData()
        state = self.state_filter.currentData()

        def person_ok(person: BoardPerson) -> bool:
            row = person.row
            return (
                all(w in row.search_key for w in words)
                and (category is None or row.category is category)
                and (class_name is None or row.class_name == class_name)
                and (tag is None or tag in row.target_groups)
            )

        def mentor_ok(person: BoardPerson) -> bool:
            # Not the class: a 7Б mentee's mentors are teachers and older students.
            row = person.row
            return (
                all(w in row.search_key for w in words)
                and (category is None or row.category is category)
                and (tag is None or tag in row.target_groups)
            )

        def card_ok(card: PairCard) -> bool:
            if not _state_ok(card, state):
                return False
            if form is not None and card.form is not form:
                return False
            people = [card.mentor, *card.mentees]
            if words and not any(all(w in p.row.search_key for w in words) for p in people):
                return False
            mentee_filter = category is not None or class_name is not None or tag is not None
            return not mentee_filter or any(
                (category is None or p.row.category is category)
                and (class_name is None or p.row.class_name == class_name)
                and (tag is None or tag in p.row.target_groups)
                for p in people
            )

        self.free_proxy.set_predicate(person_ok)
        self.mentor_proxy.set_predicate(mentor_ok)
        self.card_proxy.set_predicate(card_ok)
        for column, proxy, model in (
            (self.free_column, self.free_proxy, self.free_model),
            (self.mentor_column, self.mentor_proxy, self.mentor_model),
            (self.card_column, self.card_proxy, self.card_model),
        ):
            column.set_count(proxy.rowCount(), model.rowCount())

    # --- selection --------------------------------------------------------------------
    def _selected_items(self, view: QListView) -> list[Any]:
        rows = sorted(view.selectionModel().selectedRows(), key=lambda i: i.row())
        return [index.data(ITEM_ROLE) for index in rows]

    def selected_free(self) -> list[BoardPerson]:
        return self._selected_items(self.free_view)

    def selected_mentor(self) -> BoardPerson | None:
        found = self._selected_items(self.mentor_view)
        return found[0] if found else None

    def selected_cards(self) -> list[PairCard]:
        return self._selected_items(self.card_view)

    def _clear(self, view: QListView) -> None:
        if view.selectionModel().hasSelection():
            self._quiet = True
            try:
                view.selectionModel().clearSelection()
            finally:
                self._quiet = False

    def _selected(self, which: str) -> None:
        if self._quiet:
            return
        # A card and a mentor are the two places «Закрепить» can put mentees: only the one
        # selected last counts, the other is cleared so nothing acts on an unseen choice.
        if which == "card" and self.selected_cards():
            self._clear(self.mentor_view)
        elif which == "mentor" and self.selected_mentor() is not None:
            self._clear(self.card_view)
        self._last_selection = which
        cards = self.selected_cards()
        free = self.selected_free()
        current = None if self.details.isHidden() else self.details.currentWidget()
        if which == "card" and cards:
            page: QWidget | None = self.card_panel
        elif which == "free" and len(free) == 1:
            page = self.suggestion_panel
        elif current is self.card_panel and cards:
            page = self.card_panel
        elif current is self.suggestion_panel and len(free) == 1:
            page = self.suggestion_panel
        else:
            page = None
        if page is self.card_panel:
            self.card_panel.show_cards(cards)
        elif page is self.suggestion_panel and (
            which == "free" or self.suggestion_panel.mentee is None
            or self.suggestion_panel.mentee.id != free[0].id
        ):  # fmt: skip
            self.suggestion_panel.show_mentee(free[0])
        self._show_details(page)
        mentor = self.selected_mentor()
        self.pin_action.setEnabled(bool(free) and (mentor is not None or len(cards) == 1))

    def _show_details(self, page: QWidget | None) -> None:
        """The lower panel shows a selected card or mentee; with nothing selected it goes."""
        if page is None:
            self.details.hide()
            return
        self.details.setCurrentWidget(page)
        if not self.details.isHidden():
            return
        total = sum(self.outer.sizes())
        self.details.show()
        if total > 0:
            height = min(self._details_height, total * 6 // 10)
            self.outer.setSizes([total - height, height])

    def _details_moved(self, *_: object) -> None:
        height = self.outer.sizes()[1]
        if not self.details.isHidden() and height > 0:
            self._details_height = height

    def _scroll_later(self, view: QListView) -> None:
        """Keep the current row in sight once the layout (the details panel) has settled."""
        current = QPersistentModelIndex(view.currentIndex())

        def scroll() -> None:
            if current.isValid() and view.selectionModel().isSelected(current):
                view.scrollTo(current)

        QTimer.singleShot(0, scroll)

    def select_card(self, mentorship_id: int) -> None:
        """Select a card and scroll to it; a card just made is selected after the re-read."""
        if self.dirty:  # the board re-reads on the next turn of the event loop
            self._pending_card = mentorship_id
            return
        row = self.card_model.row_of(mentorship_id)
        if row is None:
            return
        index = self.card_proxy.mapFromSource(self.card_model.index(row))
        if not index.isValid():  # hidden by the filters
            self.status_message.emit("Пара или группа скрыта фильтрами над списком")
            return
        self.card_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.card_view.scrollTo(index)
        self._scroll_later(self.card_view)

    # --- actions ----------------------------------------------------------------------
    def perform(self, text: str, touched: Iterable[int], action: PairAction) -> set[int] | None:
        """Run one board action in one transaction and put it on the undo stack.

        touched: the pairs the action may change or delete; the ids it returns are the
        pairs it made. None when the rules refused it (the message was shown).
        """
        from mentor_desk.services import pairs

        touched = set(touched)

        def work(session: Session) -> tuple[Snapshot, Snapshot, set[int]]:
            before = pairs.snapshot(session, touched)
            made = _ids(action(session))
            before.update({i: None for i in made - touched})
            return before, pairs.snapshot(session, touched | made), made

        done = run_action(self, self.ctx, Changes.PAIRS, work, title="Пары и группы",
                          refused=pairs.PairError, initiator=self)  # fmt: skip
        if not done or done.value is None:
            return None
        before, after, made = done.value
        self._show_pairs(touched | made)
        self.undo_stack.push(BoardCommand(self, text, before, after))
        self.status_message.emit(text)
        return made

    def restore(self, state: Snapshot, expected: Snapshot, text: str) -> None:
        """Undo or redo: put the pairs back, only if nothing else changed them since.

        Not run_action: whatever goes wrong, the answer is the same message and a cleared
        undo history (the stack no longer matches the database), not a failure report.
        """
        from mentor_desk.services import pairs

        try:
            with self.ctx.action(Changes.PAIRS, self) as session:
                pairs.restore(session, state, expected)
        except pairs.StaleUndo as exc:
            reason = str(exc)
        except Exception as exc:
            log.warning("undo of %r failed: %s", text, exc)
            reason = "с тех пор изменились данные участников или пар."
        else:
            self._show_pairs(set(state) | set(expected))
            return
        QMessageBox.warning(
            self, "Пары и группы",
            f"«{text}» не отменено и не повторено: {reason} Ничего не изменено; история "
            "отмены очищена.",
        )  # fmt: skip
        QTimer.singleShot(0, self.undo_stack.clear)

    def make_pair(self, mentor_id: int, mentee_ids: list[int]) -> None:
        from mentor_desk.services import pairs

        assert self.board is not None
        people = self.board.people
        mentor = people[mentor_id].short
        if len(mentee_ids) == 1:
            text = f"Пара: {mentor} → {people[mentee_ids[0]].short}"
        else:
            text = f"Группа: {mentor} → {len(mentee_ids)} наставляемых"
        made = self.perform(
            text, [], lambda s: pairs.create(s, mentor_id, mentee_ids, self.ctx.today())
        )
        if made:
            self.select_card(min(made))

    def add_to_group(self, mentorship_id: int, mentee_ids: list[int]) -> None:
        from mentor_desk.services import pairs

        assert self.board is not None
        names = ", ".join(self.board.people[m].short for m in mentee_ids)

        def run(session: Session) -> None:
            for mentee in mentee_ids:
                pairs.add_mentee(session, mentorship_id, mentee, self.ctx.today())

        if self.perform(f"В группу: {names}", [mentorship_id], run) is not None:
            self.select_card(mentorship_id)

    def pin_selected(self) -> None:
        """Закрепить: the selected mentees with the selected mentor, or into the selected group."""
        mentees = [p.id for p in self.selected_free()]
        if not mentees:
            return
        mentor = self.selected_mentor()
        cards = self.selected_cards()
        if mentor is not None:
            self.make_pair(mentor.id, mentees)
        elif len(cards) == 1:
            self.add_to_group(cards[0].id, mentees)

    def release(self, cards: list[PairCard], text: str = "Убрать в свободные") -> None:
        """Take the mentees of draft cards back to the free list (the drafts go)."""
        from mentor_desk.services import pairs

        drafts = [c for c in cards if c.status is Status.DRAFT]
        if len(drafts) < len(cards):
            QMessageBox.warning(
                self,
                "Пары и группы",
                "Удалить можно только черновики. Утверждённые и действующие пары завершают "
                "с указанием причины (кнопка «Завершить…»): их история сохранится.",
            )
            return
        if not drafts:
            return

        def run(session: Session) -> None:
            for card in drafts:
                pairs.delete_draft(session, card.id)

        if len(drafts) > 1:
            text += f" ({count_ru(len(drafts), 'черновик', 'черновика', 'черновиков')})"
        self.perform(text, [c.id for c in drafts], run)

    def remove_mentee(self, card: PairCard, mentee_id: int) -> None:
        from mentor_desk.services import pairs

        assert self.board is not None
        name = self.board.people[mentee_id].short
        self.perform(
            f"Убрать {name} из группы",
            [card.id],
            lambda s: pairs.remove_mentee(s, card.id, mentee_id, self.ctx.today()),
        )

    def move_mentee(
        self, card: PairCard, mentee_id: int, mentor_id: int, on: date, note: str = ""
    ) -> None:
        """One mentee of a group to another mentor: a new draft pair, the group stays.

        A working group records that the mentee left it (MENTEE_REMOVED) on that date.
        """
        from mentor_desk.services import pairs

        assert self.board is not None
        people = self.board.people
        mentee, mentor = people[mentee_id].short, people[mentor_id].short

        def run(session: Session) -> int:
            return pairs.move_mentee(session, mentee_id, on, to_mentor=mentor_id, note=note)

        made = self.perform(f"Перевод: {mentee} → {mentor}", [card.id], run)
        if made:
            self.select_card(min(made))

    def ask_move_mentee(self, card: PairCard, mentee_id: int) -> None:
        """«Перевести к наставнику…»: whom (and for a working group, from when and why)."""
        from mentor_desk.ui.pair_dialogs import MoveMenteeDialog

        assert self.board is not None
        board = self.board
        choices = mentor_choices(board, (card.mentor.id, mentee_id))
        dialog = MoveMenteeDialog(self, board.people[mentee_id], card, choices, self.ctx.today())
        if dialog.exec():
            mentor_id, on, note = dialog.values()
            self.move_mentee(card, mentee_id, mentor_id, on, note)

    def change_mentor(self, card: PairCard, mentor_id: int) -> None:
        """A draft simply gets another mentor; a working pair keeps it in its history."""
        from mentor_desk.services import pairs

        assert self.board is not None
        if card.status is not Status.DRAFT:
            self.card_panel.change_mentor(card, mentor_id)
            return
        new = self.board.people[mentor_id].short
        self.perform(
            f"Другой наставник: {new}",
            [card.id],
            lambda s: pairs.change_mentor(
                s, card.id, mentor_id, self.ctx.today(), self.ctx.today()
            ),
        )

    def split(self, card: PairCard) -> None:
        from mentor_desk.services import pairs

        self.perform(
            "Разделить группу", [card.id], lambda s: pairs.split_group(s, card.id, self.ctx.today())
        )

    def _dropped(self, where: str, kind: str, ids: list[int], target: Any) -> None:
        """What a drop means depends on what was dropped where (see the module docstring)."""
        if self.board is None:
            return
        if kind == PEOPLE_MIME:
            mentees = [i for i in ids if i in self.board.free_ids]
            if not mentees:
                return
            if where == "cards" and isinstance(target, PairCard):
                self.add_to_group(target.id, mentees)
            elif where == "mentors" and isinstance(target, BoardPerson):
                self.make_pair(target.id, mentees)
            return
        cards = [c for c in (self.board.card(i) for i in ids) if c]
        if where == "mentors" and isinstance(target, BoardPerson) and len(cards) == 1:
            self.change_mentor(cards[0], target.id)
        elif where == "free":
            self.release(cards)

    def _card_menu(self, pos: QPoint) -> None:
        cards = self.selected_cards()
        if not cards:
            return
        menu = QMenu(self)
        self.card_panel.fill_menu(menu, cards)
        _popup(menu, self.card_view.viewport().mapToGlobal(pos))

    def _person_at(self, view: QListView, pos: QPoint) -> BoardPerson | None:
        """The person right-clicked, made the current (and only) selection of the list."""
        index = view.indexAt(pos)
        if not index.isValid():
            return None
        if not view.selectionModel().isSelected(index):
            view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        person = index.data(ITEM_ROLE)
        return person if isinstance(person, BoardPerson) else None

    def person_menu(self, person: BoardPerson, mentor: bool) -> QMenu:
        """What a right click on a mentee or a mentor offers."""
        menu = QMenu(self)
        if mentor:
            free = self.selected_free()
            if free:
                names = ", ".join(p.short for p in free[:3]) + ("…" if len(free) > 3 else "")
                act = menu.addAction(f"Закрепить: {names}")
                act.triggered.connect(
                    lambda: self.make_pair(person.id, [p.id for p in self.selected_free()])
                )
        else:
            act = menu.addAction("Подобрать наставника")
            act.triggered.connect(lambda: self.suggest_for(person))
        card = menu.addAction("Открыть карточку участника…")
        card.triggered.connect(lambda: self.open_person(person.id))
        return menu

    def _free_menu(self, pos: QPoint) -> None:
        person = self._person_at(self.free_view, pos)
        if person is not None:
            _popup(self.person_menu(person, False), self.free_view.viewport().mapToGlobal(pos))

    def _mentor_menu(self, pos: QPoint) -> None:
        index = self.mentor_view.indexAt(pos)
        person = index.data(ITEM_ROLE) if index.isValid() else None
        if isinstance(person, BoardPerson):  # the mentees chosen on the left stay chosen
            _popup(self.person_menu(person, True), self.mentor_view.viewport().mapToGlobal(pos))

    def suggest_for(self, person: BoardPerson) -> None:
        """The suggestions for one mentee, in the lower panel."""
        row = self.free_model.row_of(person.id)
        if row is None:
            return
        index = self.free_proxy.mapFromSource(self.free_model.index(row))
        if index.isValid():
            self.free_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._selected("free")
        self.suggestion_panel.view.setFocus()

    def open_person(self, person_id: int) -> None:
        """The participant's card (Карточка участника); a saved change re-reads the board."""
        from mentor_desk.ui.participant_dialog import ParticipantDialog

        ParticipantDialog(self.ctx, person_id, self).exec()

    # --- matching (dialogs in ui.matching_dialogs) ------------------------------------
    def auto_match(self) -> None:
        from mentor_desk.ui.matching_dialogs import AutoMatchDialog

        if self.board is None or self.dirty:
            self.refresh()
        AutoMatchDialog(self, self).exec()

    def edit_weights(self) -> None:
        from mentor_desk.ui.matching_dialogs import WeightsDialog

        WeightsDialog(self.ctx, self).exec()

    def edit_preferences(self) -> None:
        from mentor_desk.ui.preferences_dialog import PreferencesDialog

        PreferencesDialog(self.ctx, self).exec()


def _popup(menu: QMenu, where: QPoint) -> None:
    """Show a context menu; its item has acted by the time it closes, then it goes."""
    menu.exec(where)
    menu.deleteLater()
