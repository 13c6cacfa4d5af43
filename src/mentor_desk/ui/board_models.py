"""The pair board's list models: free mentees, mentors with their load, pair cards.

Each model updates in place (rows removed, inserted, changed) when the board is read
again, so a change to one pair does not rebuild the views, and selection and scroll stay.
Drops are reported as signals; the tab decides what they mean through services.pairs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
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
from mentor_desk.domain.pairs import Status
from mentor_desk.domain.participants import ConsentState
from mentor_desk.services.board import BoardPerson, PairCard

Index = QModelIndex | QPersistentModelIndex
PEOPLE_MIME = "application/x-mentor-desk-people"
PAIR_MIME = "application/x-mentor-desk-pair"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
WARN_BRUSH = QBrush(QColor("#b3261e"))
STATUS_COLORS = {
    Status.DRAFT: QColor("#8a8a8a"),
    Status.APPROVED: QColor("#1f6fb2"),
    Status.ACTIVE: QColor("#2e7d32"),
    Status.ENDED: QColor("#5f5f5f"),
}

T = TypeVar("T", BoardPerson, PairCard)


class _SyncedList(QAbstractListModel, Generic[T]):
    """A list of items with ids, brought up to date by the smallest set of row changes."""

    dropped = Signal(str, str, list, object)  # list name, mime kind, ids, target (or None)

    def __init__(self, name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.name = name
        self.items: list[T] = []

    def _key(self, item: T) -> int:
        return item.id

    def sync(self, items: Sequence[T]) -> None:
        wanted = {self._key(i) for i in items}
        for row in range(len(self.items) - 1, -1, -1):
            if self._key(self.items[row]) not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.items[row]
                self.endRemoveRows()
        for row, item in enumerate(items):
            key = self._key(item)
            if row < len(self.items) and self._key(self.items[row]) == key:
                self.items[row] = item
                continue
            existing = next((n for n in range(row, len(self.items))
                             if self._key(self.items[n]) == key), None)  # fmt: skip
            if existing is not None:  # moved (a new sort position): take it out first
                self.beginRemoveRows(QModelIndex(), existing, existing)
                del self.items[existing]
                self.endRemoveRows()
            self.beginInsertRows(QModelIndex(), row, row)
            self.items.insert(row, item)
            self.endInsertRows()
        if self.items:
            self.dataChanged.emit(self.index(0), self.index(len(self.items) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def row_of(self, key: int) -> int | None:
        return next((n for n, i in enumerate(self.items) if self._key(i) == key), None)

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
        if role == Qt.ItemDataRole.DisplayRole:
            where = row.class_name or row.position or row.organization or row.category.label
            if self.load is not None:  # the load first: a long position must not hide it
                return f"{person.short} — {self.load(person.id)} из {person.capacity}, {where}"
            return f"{person.short}, {where}"
        if role == Qt.ItemDataRole.ForegroundRole:
            full = self.load is not None and self.load(person.id) >= person.capacity
            if row.consent is not ConsentState.VALID:
                return WARN_BRUSH
            return QBrush(QColor("#777777")) if full else None
        if role == Qt.ItemDataRole.ToolTipRole:
            topics = row.competencies if self.load is not None else row.requests
            label = "Компетенции" if self.load is not None else "Запросы"
            lines = [person.name, f"{row.category.label}", f"{label}: {', '.join(topics) or '—'}"]
            if row.consent is not ConsentState.VALID:
                lines.append(f"Согласие на ПДн: {row.consent.label}")
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
    """Pairs and groups as cards, in the order they were made."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        card = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mentees = ", ".join(m.short for m in card.mentees)
            return f"{card.mentor.short} → {mentees}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"Наставник: {card.mentor.name}"]
            lines += [f"Наставляемый: {m.name}" for m in card.mentees]
            lines.append(f"{card.form.label}, {card.kind.label}, {card.status.label}")
            lines += [f"⚠ {w}" for w in card.warnings]
            return "\n".join(lines)
        if role == ID_ROLE:
            return card.id
        if role == ITEM_ROLE:
            return card
        return None

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self.items[i.row()].id for i in indexes if i.isValid()})
        return self._mime(PAIR_MIME, ids)


class ListFilter(QSortFilterProxyModel):
    """Filters a board list with a predicate on its items (hundreds of rows: Python is fine)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.accept: Callable[[Any], bool] = lambda _item: True

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
    if card.order_number and card.status is not Status.DRAFT:
        state += f", приказ № {card.order_number}"
    if card.status is Status.ACTIVE and card.ends_on:
        state += f", до {format_date(card.ends_on)}"
    if card.status is Status.ENDED and card.ended_on:
        state += f" {format_date(card.ended_on)}"
    share = card.share_done
    if share is not None and card.status is not Status.DRAFT:
        state += f" · план {round(share * 100)} %"
    return who, how, state


class CardDelegate(QStyledItemDelegate):
    """Paints a pair as a card: a coloured status stripe, three lines, warnings in red."""

    PADDING = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        card = index.data(ITEM_ROLE)
        metrics = QFontMetrics(option.font)
        lines = 3 + (1 if card and card.warnings else 0)
        return QSize(260, lines * metrics.height() + 2 * self.PADDING + 4)

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
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.setFont(bold)
        width = text_rect.width()
        elide = Qt.TextElideMode.ElideRight
        painter.drawText(text_rect.left(), text_rect.top() + metrics.ascent(),
                         QFontMetrics(bold).elidedText(who, elide, width))  # fmt: skip
        painter.setFont(option.font)
        painter.drawText(text_rect.left(), text_rect.top() + line + metrics.ascent(),
                         metrics.elidedText(how, elide, width))  # fmt: skip
        painter.setPen(STATUS_COLORS[card.status])
        painter.drawText(text_rect.left(), text_rect.top() + 2 * line + metrics.ascent(),
                         metrics.elidedText(state, elide, width))  # fmt: skip
        if card.warnings:
            painter.setPen(WARN_BRUSH.color())
            text = f"⚠ {card.warnings[0]}"
            if len(card.warnings) > 1:
                text += f" (и ещё {len(card.warnings) - 1})"
            painter.drawText(text_rect.left(), text_rect.top() + 3 * line + metrics.ascent(),
                             metrics.elidedText(text, elide, width))  # fmt: skip
        painter.restore()
