"""The «Пары и группы» tab: free mentees, pair cards and mentors, with drag and drop.

Drop a mentee on a mentor to make a pair, on a card to add them to the group; drop a card
on a mentor to change the mentor, on the free list to take its mentees out. Every board
action is one transaction and goes on an undo stack (Ctrl+Z / Ctrl+Y): a snapshot of the
pairs it touched before and after, so undo and redo put back exactly what was there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
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
from mentor_desk.domain.text import fold
from mentor_desk.services.board import (
    Board,
    BoardPerson,
    PairCard,
    read_board,
    read_no_meetings_weeks,
)
from mentor_desk.services.register import term_names
from mentor_desk.ui.board_models import (
    ITEM_ROLE,
    PEOPLE_MIME,
    CardDelegate,
    CardModel,
    ListFilter,
    PeopleModel,
)
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.errors import show_failure

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PairAction = Callable[["Session"], Any]
Snapshot = dict[int, dict[str, Any] | None]


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

    def __init__(self, title: str, view: QListView) -> None:
        super().__init__()
        self.title = title
        self.label = QLabel(title)
        self.label.setStyleSheet("font-weight: bold;")
        self.view = view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
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
        self.card_view.setSpacing(2)
        self.free_column = _Column("Наставляемые без наставника", self.free_view)
        self.card_column = _Column("Пары и группы", self.card_view)
        self.mentor_column = _Column("Наставники: занято из мест", self.mentor_view)

        self._build_filters()
        self._build_actions()
        from mentor_desk.ui.board_panels import CardPanel, SuggestionPanel

        self.card_panel = CardPanel(self)
        self.suggestion_panel = SuggestionPanel(self)
        self.details = QStackedWidget()
        self.details.setObjectName("boardDetails")
        self.hint = QLabel(
            "Перетащите наставляемого на наставника, чтобы составить пару, или на карточку "
            "группы, чтобы добавить его в группу. Выберите наставляемого — справа появятся "
            "подходящие наставники; выберите карточку — её форма, статус и программа."
        )
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        for page in (self.hint, self.card_panel, self.suggestion_panel):
            self.details.addWidget(page)

        columns = QSplitter(Qt.Orientation.Horizontal)
        for column in (self.free_column, self.card_column, self.mentor_column):
            columns.addWidget(column)
        columns.setStretchFactor(1, 2)
        columns.setSizes([300, 640, 400])  # the mentors' load and position must stay readable
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(columns)
        outer.addWidget(self.details)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filters)
        layout.addWidget(outer, 1)

        self.free_view.selectionModel().selectionChanged.connect(lambda *_: self._selected("free"))
        self.mentor_view.selectionModel().selectionChanged.connect(
            lambda *_: self._selected("mentor")
        )
        self.card_view.selectionModel().selectionChanged.connect(lambda *_: self._selected("card"))
        self.card_view.doubleClicked.connect(lambda _: self.card_panel.run("program"))
        self.card_view.customContextMenuRequested.connect(self._card_menu)
        ctx.bus.data_changed.connect(self._data_changed)

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
        self.state_filter.addItem("Черновики и действующие", "live")
        self.state_filter.addItem("Завершённые (архив)", "ended")
        self.state_filter.addItem("Все пары и группы", "all")
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
    def _load(self, mentor_id: int) -> int:
        return self.board.load.get(mentor_id, 0) if self.board else 0

    def _data_changed(self) -> None:
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
        self.board = read_board(self.ctx.db.reader, self.ctx.today(), self.no_meetings_weeks())
        self.free_model.sync(self.board.free_mentees)
        self.mentor_model.sync(self.board.mentors)
        self.card_model.sync(self.board.cards)
        self._refill_filters()
        self.apply_filter()
        self._selected(self._last_selection)
        if self.undo_stack.count() == 0:
            self.undo_stack.setClean()

    _last_selection = "none"

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

    def apply_filter(self) -> None:
        words = fold(self.search.text()).split()
        form = self.form_filter.currentData()
        category = self.category_filter.currentData()
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

        def card_ok(card: PairCard) -> bool:
            ended = card.status is Status.ENDED
            if (state == "live" and ended) or (state == "ended" and not ended):
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
        self.mentor_proxy.set_predicate(
            lambda p: all(w in p.row.search_key for w in words) or not words
        )
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

    def _selected(self, which: str) -> None:
        self._last_selection = which
        cards = self.selected_cards()
        free = self.selected_free()
        if which == "card" and cards:
            self.card_panel.show_cards(cards)
            self.details.setCurrentWidget(self.card_panel)
        elif which == "free" and len(free) == 1:
            self.suggestion_panel.show_mentee(free[0])
            self.details.setCurrentWidget(self.suggestion_panel)
        elif which in ("free", "mentor") and self.details.currentWidget() is self.card_panel:
            self.details.setCurrentWidget(self.hint)
        self.pin_action.setEnabled(
            bool(free) and (self.selected_mentor() is not None or len(cards) == 1)
        )

    def select_card(self, mentorship_id: int) -> None:
        row = self.card_model.row_of(mentorship_id)
        if row is None:
            return
        index = self.card_proxy.mapFromSource(self.card_model.index(row))
        if index.isValid():
            self.card_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.card_view.scrollTo(index)

    # --- actions ----------------------------------------------------------------------
    def perform(self, text: str, touched: Iterable[int], action: PairAction) -> set[int] | None:
        """Run one board action in one transaction and put it on the undo stack.

        touched: the pairs the action may change or delete; the ids it returns are the
        pairs it made. None when the rules refused it (the message was shown).
        """
        from mentor_desk.services import pairs

        touched = set(touched)
        try:
            with self.ctx.action() as session:
                before = pairs.snapshot(session, touched)
                made = _ids(action(session))
                before.update({i: None for i in made - touched})
                after = pairs.snapshot(session, touched | made)
        except pairs.PairError as exc:
            QMessageBox.warning(self, "Пары и группы", str(exc))
            return None
        except Exception as exc:
            show_failure(self, exc, None)
            return None
        self.undo_stack.push(BoardCommand(self, text, before, after))
        self.status_message.emit(text)
        return made

    def restore(self, state: Snapshot, expected: Snapshot, text: str) -> None:
        """Undo or redo: put the pairs back, only if nothing else changed them since."""
        from mentor_desk.services import pairs

        try:
            with self.ctx.action() as session:
                pairs.restore(session, state, expected)
        except pairs.StaleUndo as exc:
            reason = str(exc)
        except Exception as exc:
            log.warning("undo of %r failed: %s", text, exc)
            reason = "с тех пор изменились данные участников или пар."
        else:
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

    def release(self, cards: list[PairCard]) -> None:
        """Take the mentees of draft cards back to the free list (the drafts go)."""
        from mentor_desk.services import pairs

        drafts = [c for c in cards if c.status is Status.DRAFT]
        if len(drafts) < len(cards):
            QMessageBox.warning(
                self,
                "Пары и группы",
                "Утверждённые и действующие пары не распускают перетаскиванием: завершите "
                "их с указанием причины (кнопка «Завершить…»).",
            )
            return
        if not drafts:
            return

        def run(session: Session) -> None:
            for card in drafts:
                pairs.delete_draft(session, card.id)

        self.perform("Убрать в свободные", [c.id for c in drafts], run)

    def remove_mentee(self, card: PairCard, mentee_id: int) -> None:
        from mentor_desk.services import pairs

        assert self.board is not None
        name = self.board.people[mentee_id].short
        self.perform(
            f"Убрать {name} из группы",
            [card.id],
            lambda s: pairs.remove_mentee(s, card.id, mentee_id, self.ctx.today()),
        )

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
            free = {p.id for p in self.board.free_mentees}
            mentees = [i for i in ids if i in free]
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

    def _card_menu(self, pos: Any) -> None:
        cards = self.selected_cards()
        if not cards:
            return
        menu = QMenu(self)
        self.card_panel.fill_menu(menu, cards)
        menu.exec(self.card_view.viewport().mapToGlobal(pos))

    # --- matching (dialogs in ui.matching_dialogs) ------------------------------------
    def auto_match(self) -> None:
        from mentor_desk.ui.matching_dialogs import AutoMatchDialog

        if self.board is None:
            self.refresh()
        AutoMatchDialog(self, self).exec()

    def edit_weights(self) -> None:
        from mentor_desk.ui.matching_dialogs import WeightsDialog

        WeightsDialog(self.ctx, self).exec()

    def edit_preferences(self) -> None:
        from mentor_desk.ui.preferences_dialog import PreferencesDialog

        PreferencesDialog(self.ctx, self).exec()
