"""The pair board's list models: free mentees, mentors with their load, pair cards.

Each model updates in place (rows removed, inserted, changed) when the board is read
again, so a change to one pair does not rebuild the views, and selection and scroll stay.
Drops are reported as signals; the tab decides what they mean through services.pairs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.pairs import CardWarning, Status, WarningKind
from mentor_desk.domain.pairs import mentor_gaps as domain_mentor_gaps
from mentor_desk.domain.participants import ConsentState
from mentor_desk.queries.board import Board, BoardPerson, PairCard

Index = QModelIndex | QPersistentModelIndex
PEOPLE_MIME = "application/x-mentor-desk-people"
PAIR_MIME = "application/x-mentor-desk-pair"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
WARN_BRUSH = QBrush(QColor("#b3261e"))
FULL_BRUSH = QBrush(QColor("#777777"))
NO_MEETINGS_COLOR = QColor("#c25e00")
NOT_READY = "⚠"  # marks a mentor who is not ready: no training or no written consent
STATUS_COLORS = {
    Status.DRAFT: QColor("#8a8a8a"),
    Status.APPROVED: QColor("#1f6fb2"),
    Status.ACTIVE: QColor("#2e7d32"),
    Status.ENDED: QColor("#5f5f5f"),
}

T = TypeVar("T", BoardPerson, PairCard)


# Column titles short enough for the matching tables; the full names are their tooltips.
SHORT_PART_NAMES = {
    "Запросы и компетенции": "Запросы",
    "Взаимный выбор (анкеты)": "Анкеты",
    "Подходящая форма": "Форма",
    "Свободные места у наставника": "Свободно",
    "Тот же класс или предмет": "Класс/предмет",
}


def mentor_gaps(person: BoardPerson) -> list[CardWarning]:
    """Why a mentor is not ready to be fixed by an order (domain.pairs.mentor_gaps)."""
    return domain_mentor_gaps(person.facts())


def mentor_choice(mentor: BoardPerson, load: int) -> tuple[int, str]:
    """A mentor as every mentor list of a dialog shows them: (id, «⚠ Орлова А.И. — 1 из 2»),
    ⚠ for a mentor who is not ready."""
    mark = f"{NOT_READY} " if mentor_gaps(mentor) else ""
    return mentor.id, f"{mark}{mentor.short} — {load} из {mentor.capacity}"


def mentor_choices(board: Board, leave_out: Iterable[int] = ()) -> list[tuple[int, str]]:
    """The board's mentors for a dialog's list (mentor_choice), but those left out."""
    skip = set(leave_out)
    return [mentor_choice(m, board.load.get(m.id, 0)) for m in board.mentors if m.id not in skip]


def card_warnings(card: PairCard) -> list[CardWarning]:
    """The card's warnings without «нет встреч», which the card shows as its own badge."""
    return [w for w in card.warnings if w.kind is not WarningKind.NO_MEETINGS]


def needs_attention(card: PairCard) -> bool:
    return card.status is not Status.ENDED and (card.no_meetings or bool(card_warnings(card)))


_STATUS_ORDER = {Status.DRAFT: 0, Status.APPROVED: 2, Status.ACTIVE: 3, Status.ENDED: 4}


def card_order(card: PairCard) -> tuple[int, str, int]:
    """How the board lists cards: the curator's work first, then by the mentor's name.

    Drafts (to approve by an order), then live pairs with warnings or no meetings, then
    approved, working and ended ones.
    """
    rank = _STATUS_ORDER[card.status]
    if card.status is not Status.DRAFT and needs_attention(card):
        rank = 1
    return rank, card.mentor.row.search_key, card.id


class _SyncedList(QAbstractListModel, Generic[T]):
    """A list of items with ids, brought up to date by the smallest set of row changes."""

    dropped = Signal(str, str, list, object)  # list name, mime kind, ids, target (or None)

    def __init__(self, name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.name = name
        self.items: list[T] = []
        self.keys: list[int] = []  # the items' ids, row by row

    def _key(self, item: T) -> int:
        return item.id

    def sync(self, items: Sequence[T], also: Collection[int] = ()) -> None:
        """Bring the list to `items`; `also`: keys whose rows show something changed that
        their item does not hold (a mentor's load)."""
        keys = [self._key(i) for i in items]
        wanted = set(keys)
        for row in range(len(self.keys) - 1, -1, -1):
            if self.keys[row] not in wanted:
                self._remove(row)
        changed: list[int] = []  # rows kept in place whose item is not the same
        for row, (key, item) in enumerate(zip(keys, items, strict=True)):
            if row < len(self.keys) and self.keys[row] == key:
                old = self.items[row]
                if key in also or (old is not item and old != item):
                    changed.append(row)
                self.items[row] = item
                continue
            if key in self.keys[row:]:  # moved (a new sort position): take it out first
                self._remove(self.keys.index(key, row))
            self.beginInsertRows(QModelIndex(), row, row)
            self.items.insert(row, item)
            self.keys.insert(row, key)
            self.endInsertRows()
        # Only the rows that changed: a signal over all rows makes every proxy re-filter and
        # re-sort the whole list (thousands of free mentees at a large school).
        for row in changed:
            self.dataChanged.emit(self.index(row), self.index(row))

    def _remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.items[row]
        del self.keys[row]
        self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def row_of(self, key: int) -> int | None:
        return self.keys.index(key) if key in self.keys else None

    # --- drag and drop --------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PEOPLE_MIME, PAIR_MIME]

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(PEOPLE_MIME) or data.hasFormat(PAIR_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        kind = PEOPLE_MIME if data.hasFormat(PEOPLE_MIME) else PAIR_MIME
        ids = json.loads(bytes(data.data(kind).data()).decode())
        target = self.items[parent.row()] if parent.isValid() else None
        # Reported on the next turn of the event loop: the view finishes its drag first.
        QTimer.singleShot(0, lambda: self.dropped.emit(self.name, kind, ids, target))
        return False  # the board re-reads itself; the view must not remove anything

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | (Qt.ItemFlag.ItemIsDragEnabled)
        )

    def _mime(self, kind: str, ids: list[int]) -> QMimeData:
        data = QMimeData()
        data.setData(kind, json.dumps(ids).encode())
        return data


class PeopleModel(_SyncedList[BoardPerson]):
    """Free mentees, or mentors with their load ("2 из 3")."""

    def __init__(
        self, name: str, load: Callable[[int], int] | None = None, parent: Any = None
    ) -> None:
        super().__init__(name, parent)
        self.load = load  # mentors only

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self.items[index.row()]
        row = person.row
        mentors = self.load is not None
        if role == Qt.ItemDataRole.DisplayRole:
            where = row.class_name or row.position or row.organization or row.category.label
            if self.load is not None:  # the load first: a long position must not hide it
                mark = f"{NOT_READY} " if mentor_gaps(person) else ""
                load = f"{self.load(person.id)} из {person.capacity}"
                return f"{mark}{person.short} — {load}, {where}"
            return f"{person.short}, {where}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.consent is not ConsentState.VALID:
                return WARN_BRUSH
            full = self.load is not None and self.load(person.id) >= person.capacity
            return FULL_BRUSH if full else None
        if role == Qt.ItemDataRole.ToolTipRole:
            topics = row.competencies if mentors else row.requests
            label = "Компетенции" if mentors else "Запросы"
            lines = [person.name, f"{row.category.label}", f"{label}: {', '.join(topics) or '—'}"]
            if self.load is not None:
                taken = self.load(person.id)
                no_room = " — мест нет (серым)" if taken >= person.capacity else ""
                lines.append(f"Занято мест: {taken} из {person.capacity}{no_room}")
                gaps = mentor_gaps(person)
                if gaps:
                    lines.append(f"{NOT_READY} Не готов к закреплению приказом: " + "; ".join(gaps))
            elif row.consent is not ConsentState.VALID:
                lines.append(f"Согласие на ПДн: {row.consent.label} (красным)")
            return "\n".join(lines)
        if role == ID_ROLE:
            return person.id
        if role == ITEM_ROLE:
            return person
        return None

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self.items[i.row()].id for i in indexes if i.isValid()})
        return self._mime(PEOPLE_MIME, ids)


class CardModel(_SyncedList[PairCard]):
    """Pairs and groups as cards (in the order they were made; the view sorts them)."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        card = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mentees = ", ".join(m.short for m in card.mentees)
            return f"{card.mentor.short} → {mentees}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"Наставник: {card.mentor.name}"]
            lines += [f"Наставляемый: {m.name}" for m in card.mentees]
            lines.append(f"{card.form.label}, {card.kind.label}, {card.status.label}")
            if card.status is Status.ENDED and card.end_reason:
                lines.append(f"Причина завершения: {card.end_reason.label}")
            lines += [f"⚠ {w}" for w in card.warnings]
            return "\n".join(lines)
        if role == ID_ROLE:
            return card.id
        if role == ITEM_ROLE:
            return card
        if role == Qt.ItemDataRole.SizeHintRole and self.sizes:
            return self.sizes[bool(card_warnings(card))]
        return None

    sizes: tuple[QSize, QSize] | None = None  # of a card without and with warnings

    def set_line_height(self, line: int) -> None:
        """A card is three lines, four with its warnings. Its size comes from the model,
        not from a Python delegate: the view asks it of every card at each layout."""
        pad = 2 * CardDelegate.PADDING + 4
        self.sizes = (QSize(260, 3 * line + pad), QSize(260, 4 * line + pad))

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self.items[i.row()].id for i in indexes if i.isValid()})
        return self._mime(PAIR_MIME, ids)


class ListFilter(QSortFilterProxyModel):
    """Filters a board list with a predicate on its items (hundreds of rows: Python is fine).

    With a sort key the list is shown sorted by it; the proxy keeps it sorted as the rows
    change (a layout change, not a reset: the selection stays on the same item).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.accept: Callable[[Any], bool] = lambda _item: True
        self.sort_key: Callable[[Any], Any] | None = None

    def set_sort_key(self, key: Callable[[Any], Any]) -> None:
        self.sort_key = key
        self.sort(0)

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        if self.sort_key is None or not isinstance(model, _SyncedList):
            return left.row() < right.row()
        key = self.sort_key
        return bool(key(model.items[left.row()]) < key(model.items[right.row()]))

    def set_predicate(self, accept: Callable[[Any], bool]) -> None:
        self.beginFilterChange()
        self.accept = accept
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, _SyncedList)
        return self.accept(model.items[source_row])


def card_lines(card: PairCard) -> tuple[str, str, str]:
    """The three lines a card shows: who, how, where it stands."""
    mentees = ", ".join(m.short for m in card.mentees)
    who = f"{card.mentor.short} → {mentees}"
    how = f"{card.form.label} · {card.kind.label}"
    state = card.status.label
    if card.status is Status.ENDED:  # when and why; the order is in the details
        if card.ended_on:
            state += f" {format_date(card.ended_on)}"
        if card.end_reason:
            state += f": {card.end_reason.label}"
    elif card.order_number and card.status is not Status.DRAFT:
        state += f", приказ № {card.order_number}"
    if card.status is Status.ACTIVE and card.ends_on:
        state += f", до {format_date(card.ends_on)}"
    share = card.share_done
    if share is not None and card.status is not Status.DRAFT:
        state += f" · план {round(share * 100)} %"
    return who, how, state


class CardDelegate(QStyledItemDelegate):
    """Paints a pair as a card: a coloured status stripe, three lines, warnings in red.

    «нет встреч» is a badge of its own at the card's right, never one of the warnings.
    """

    PADDING = 6
    BADGE = "нет встреч"

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: PairCard = index.data(ITEM_ROLE)
        painter.save()
        rect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        base = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        painter.setPen(QPen(QColor("#c8c8c8")))
        painter.setBrush(base if not selected else base.lighter(170))
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()),
                         STATUS_COLORS[card.status])  # fmt: skip
        metrics = QFontMetrics(option.font)
        text_rect = rect.adjusted(self.PADDING + 6, self.PADDING, -self.PADDING, 0)
        line = metrics.height()
        who, how, state = card_lines(card)
        bold = QFont(option.font)
        bold.setBold(True)
        width = text_rect.width()
        if card.no_meetings:  # top right, the first line gives it room
            badge_width = metrics.horizontalAdvance(self.BADGE) + 12
            badge = QRect(text_rect.right() - badge_width, text_rect.top(), badge_width, line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(NO_MEETINGS_COLOR)
            painter.drawRoundedRect(badge, line / 2, line / 2)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.BADGE)
            first_width = width - badge_width - 6
        else:
            first_width = width
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.setFont(bold)
        elide = Qt.TextElideMode.ElideRight
        painter.drawText(text_rect.left(), text_rect.top() + metrics.ascent(),
                         QFontMetrics(bold).elidedText(who, elide, first_width))  # fmt: skip
        painter.setFont(option.font)
        painter.drawText(text_rect.left(), text_rect.top() + line + metrics.ascent(),
                         metrics.elidedText(how, elide, width))  # fmt: skip
        painter.setPen(STATUS_COLORS[card.status])
        painter.drawText(text_rect.left(), text_rect.top() + 2 * line + metrics.ascent(),
                         metrics.elidedText(state, elide, width))  # fmt: skip
        shown = card_warnings(card)
        if shown:
            painter.setPen(WARN_BRUSH.color())
            text = f"⚠ {shown[0]}"
            if len(shown) > 1:
                text += f" (и ещё {len(shown) - 1})"
            painter.drawText(text_rect.left(), text_rect.top() + 3 * line + metrics.ascent(),
                             metrics.elidedText(text, elide, width))  # fmt: skip
        painter.restore()
