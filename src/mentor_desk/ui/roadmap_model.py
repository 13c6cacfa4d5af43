"""The roadmap checklist as a tree: sections (stages) with their items, filtered in Python.

Items come from queries.roadmap.read_items with their due dates and shown statuses
worked out. A roadmap without sections (the sample roadmap of приказ отдела образования
Завитинского МО от 15.11.2022 № 246, прил. 2) is a flat list; one with sections shows each
section as a row spanning the columns, with its progress. The filter (domain.roadmap.
RoadmapFilter) is applied here and the tree is rebuilt in one reset, like the register's
proxy; «Скрыть выполненные» does not hide sections: one whose items are all done stays as
its row, «выполнено N из N».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from mentor_desk.documents.roadmap_doc import has_own_numbers
from mentor_desk.domain.dates import format_date
from mentor_desk.domain.roadmap import (
    ItemRow,
    ItemStatus,
    Progress,
    RoadmapFilter,
    ShownStatus,
    overall_progress,
    progress,
)
from mentor_desk.queries.roadmap import RoadmapInfo
from mentor_desk.ui.context import app_settings

Index = QModelIndex | QPersistentModelIndex

(
    COL_NUMBER,
    COL_ACTIVITY,
    COL_DEADLINE,
    COL_RESPONSIBLE,
    COL_RESULT,
    COL_INDICATOR,
    COL_STATUS,
    COL_DONE,
    COL_NOTE,
) = range(9)

HEADERS = {
    COL_NUMBER: "№",
    COL_ACTIVITY: "Мероприятие",
    COL_DEADLINE: "Срок",
    COL_RESPONSIBLE: "Ответственные",
    COL_RESULT: "Ожидаемый результат",
    COL_INDICATOR: "Показатель",
    COL_STATUS: "Статус",
    COL_DONE: "Выполнено",
    COL_NOTE: "Примечание",
}
# Shown only when some item of the roadmap has them (the sample roadmap of приказ
# Завитинского МО от 15.11.2022 № 246, прил. 2, has neither).
OPTIONAL_COLUMNS = {COL_RESULT: "expected_result", COL_INDICATOR: "indicator"}
# Column widths: the narrow columns are fixed, the texts share the rest by weight.
FIXED_WIDTHS = {COL_NUMBER: 40, COL_STATUS: 100, COL_DONE: 86}
NARROW_NUMBER = 6  # the № column of activities numbered in their text: only the tree's indent
TEXT_WEIGHTS = {
    COL_ACTIVITY: 3.0,
    COL_DEADLINE: 1.3,
    COL_RESPONSIBLE: 1.3,
    COL_RESULT: 1.6,
    COL_INDICATOR: 1.6,
    COL_NOTE: 1.0,
}
MIN_WIDTHS = {COL_ACTIVITY: 260, COL_DEADLINE: 170, COL_RESPONSIBLE: 140}
MIN_WIDTH = 120


EMPTY_WIDTH = 116  # a text column with nothing in it yet (the notes of a new roadmap)


def fit_widths(
    visible: Sequence[int],
    available: int,
    indent: int = 0,
    empty: Sequence[int] = (),
    *,
    own_numbers: bool = False,
    minimum: int = 0,
) -> dict[int, int]:
    """Widths for the visible columns filling `available` pixels (more if they must).

    `indent` is the tree's indentation, added to the first column under sections; the
    `empty` text columns get a narrow width and leave the rest to the others. With
    `own_numbers` (the activities are numbered in their text) the № column is only wide
    enough for the tree's indentation: it shows nothing. `minimum`: the header's least
    section size (Qt widens a narrower section, and the columns would overflow).
    """
    fixed = {**FIXED_WIDTHS, COL_NUMBER: NARROW_NUMBER} if own_numbers else FIXED_WIDTHS
    widths = {c: max(fixed[c] + (indent if c == COL_NUMBER else 0), minimum)
              for c in visible if c in fixed}  # fmt: skip
    widths.update({c: EMPTY_WIDTH for c in visible if c in TEXT_WEIGHTS and c in empty})
    texts = [c for c in visible if c in TEXT_WEIGHTS and c not in empty]
    rest = max(available - sum(widths.values()), 0)
    # A column whose share is under its minimum gets the minimum; the others share the rest.
    while texts:
        total = sum(TEXT_WEIGHTS[c] for c in texts)
        short = [c for c in texts
                 if rest * TEXT_WEIGHTS[c] / total < MIN_WIDTHS.get(c, MIN_WIDTH)]  # fmt: skip
        if not short:
            break
        for column in short:
            widths[column] = MIN_WIDTHS.get(column, MIN_WIDTH)
            rest = max(rest - widths[column], 0)
            texts.remove(column)
    total = sum(TEXT_WEIGHTS[c] for c in texts) or 1.0
    for column in texts:
        widths[column] = int(rest * TEXT_WEIGHTS[column] / total)
    return widths


CURRENT_KEY = "roadmap/current"  # the roadmap the tab shows, for the next start


def remembered_roadmap(roadmaps: Sequence[RoadmapInfo]) -> RoadmapInfo | None:
    """The roadmap the tab shows: the one chosen last on this computer, else the latest by
    period. The status bar counts what is overdue in this one, so the two agree."""
    value = app_settings().value(CURRENT_KEY)
    try:
        wanted = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        wanted = None
    found = next((r for r in roadmaps if r.id == wanted), None)
    return found or (roadmaps[-1] if roadmaps else None)


ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the ItemRow of an item row, None on a section
SECTION_ROLE = Qt.ItemDataRole.UserRole + 2  # the section's name, on both kinds of rows
NO_SECTION = "Без раздела"

OVERDUE_BG = QColor("#fde2e1")
OVERDUE_FG = QColor("#9b1c1c")
DONE_FG = QColor("#1b5e20")
DONE_TEXT_FG = QColor("#5f6368")
IN_PROGRESS_FG = QColor("#1a56a8")
SECTION_BG = QColor("#dce4ee")


def section_title(name: str) -> str:
    return name or NO_SECTION


def progress_text(done: int, total: int, overdue: int) -> str:
    """ "выполнено 5 из 8, просрочено 1" (the overdue part only when there is some)."""
    text = f"выполнено {done} из {total}"
    return f"{text}, просрочено {overdue}" if overdue else text


OUTSIDE_PERIOD_NOTE = "→ дата вне периода: задайте срок"


def deadline_text(item: ItemRow, period: tuple[date, date] | None = None) -> str:
    """The deadline as written and, on its own line, the date that counts.

    "до 10 декабря" → "до 10 декабря\n→ 10.12.2025"; a recurring one shows its next
    occurrence with "(повторяется)"; a date set by hand says so; a date outside the
    roadmap's period (August before it starts) too. A date written outside the period
    (a template's "Сентябрь 2024г" in a 2026-2028 roadmap) gives no due date: the cell
    says to set one.
    """
    lines = [item.deadline_text] if item.deadline_text else []
    if item.due is not None:
        due = f"→ {format_date(item.due)}"
        notes = []
        if not item.due_derived and item.deadline_text:
            notes.append("задан вручную")
        elif item.occurrences:
            notes.append("повторяется")
        if item.due_derived and period and not period[0] <= item.due <= period[1]:
            notes.append("вне периода")
        if notes:
            due += f" ({', '.join(notes)})"
        lines.append(due)
    elif item.outside_period:
        lines.append(OUTSIDE_PERIOD_NOTE)
    return "\n".join(lines)


def deadline_tooltip(item: ItemRow) -> str:
    if item.due is None:
        return item.explanation
    parts = [item.explanation]
    if item.occurrences:
        parts.append("Сроки: " + ", ".join(format_date(d) for d in item.occurrences))
    return "\n".join(p for p in parts if p)


@dataclass
class _Group:
    name: str
    progress: Progress
    items: list[ItemRow] = field(default_factory=list)


class RoadmapTreeModel(QAbstractItemModel):
    """The items of one roadmap, grouped by section; read-only (edited in dialogs)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[ItemRow] = []
        self._number: dict[int, int] = {}  # item id → its № in the whole roadmap
        self._filter = RoadmapFilter()
        self._groups: list[_Group] = []
        self._flat = True
        self._shown = 0
        self._period: tuple[date, date] | None = None
        self._own_numbers = False

    # --- contents ------------------------------------------------------------------------
    @property
    def items(self) -> list[ItemRow]:
        """Every item of the roadmap, in its order (not only the shown ones)."""
        return self._items

    @property
    def flat(self) -> bool:
        """No sections: the items are the top-level rows."""
        return self._flat

    @property
    def filter(self) -> RoadmapFilter:
        return self._filter

    def number(self, item_id: int) -> int:
        return self._number.get(item_id, 0)

    @property
    def own_numbers(self) -> bool:
        """The activities carry their own numbers («1. Подготовить…», «2) Приказ…»): the №
        column stays empty, as in print (documents.roadmap_doc.has_own_numbers)."""
        return self._own_numbers

    def sections(self) -> list[str]:
        """The sections in their first-appearance order ("" for items without one)."""
        return list(dict.fromkeys(item.section for item in self._items))

    def overall(self) -> Progress:
        return overall_progress(self._items)

    def shown_count(self) -> int:
        return self._shown

    def set_items(self, items: Sequence[ItemRow], period: tuple[int, int] | None = None) -> None:
        """The roadmap's items; `period` (start year, end year) marks dates outside it."""
        self._period = (date(period[0], 9, 1), date(period[1], 8, 31)) if period else None
        self._items = list(items)
        self._number = {item.id: n for n, item in enumerate(self._items, start=1)}
        self._own_numbers = has_own_numbers(item.activity for item in self._items)
        self._rebuild()

    def set_filter(self, roadmap_filter: RoadmapFilter) -> None:
        self._filter = roadmap_filter
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        by_section = progress(self._items)
        groups = {name: _Group(name, by_section[name]) for name in by_section}
        shown = 0
        for item in self._items:
            if self._filter.matches(item):
                groups[item.section].items.append(item)
                shown += 1
        self._flat = list(groups) in ([], [""])
        # A filter hides the sections it leaves empty; without one every section shows.
        active = self._filter.active
        self._groups = [g for g in groups.values() if g.items or not active]
        self._shown = shown
        self.endResetModel()

    def visible_items(self) -> list[ItemRow]:
        """The items the tree shows, in its order."""
        return [item for group in self._groups for item in group.items]

    def group_items(self, section: str) -> list[ItemRow]:
        """Every item of a section (shown or not), in order."""
        return [item for item in self._items if item.section == section]

    # --- lookups ---------------------------------------------------------------------------
    def item_index(self, item_id: int, column: int = 0) -> QModelIndex:
        for g, group in enumerate(self._groups):
            for r, item in enumerate(group.items):
                if item.id == item_id:
                    if self._flat:
                        return self.index(r, column)
                    return self.index(r, column, self.index(g, 0))
        return QModelIndex()

    def section_index(self, section: str) -> QModelIndex:
        if self._flat:
            return QModelIndex()
        for g, group in enumerate(self._groups):
            if group.name == section:
                return self.index(g, 0)
        return QModelIndex()

    def section_rows(self) -> list[int]:
        """Top-level rows that are sections (to span them across the columns)."""
        return [] if self._flat else list(range(len(self._groups)))

    def _group_of(self, index: Index) -> _Group | None:
        """The section a section row stands for (None for an item row)."""
        if self._flat or not index.isValid() or index.internalId() != 0:
            return None
        return self._groups[index.row()] if 0 <= index.row() < len(self._groups) else None

    def item_at(self, index: Index) -> ItemRow | None:
        if not index.isValid():
            return None
        if self._flat:
            items = self._groups[0].items if self._groups else []
            return items[index.row()] if 0 <= index.row() < len(items) else None
        group_row = index.internalId() - 1
        if group_row < 0 or group_row >= len(self._groups):
            return None
        items = self._groups[group_row].items
        return items[index.row()] if 0 <= index.row() < len(items) else None

    # --- QAbstractItemModel ----------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            count = len(self._groups[0].items) if self._flat and self._groups else 0
            if not self._flat:
                count = len(self._groups)
            return self.createIndex(row, column, 0) if row < count else QModelIndex()
        group = self._group_of(parent)
        if group is None or row >= len(group.items):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Any = None) -> Any:
        if child is None:  # QObject.parent()
            return super().parent()
        if not child.isValid() or self._flat or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            if self._flat:
                return len(self._groups[0].items) if self._groups else 0
            return len(self._groups)
        if parent.column() != 0:
            return 0
        group = self._group_of(parent)
        return len(group.items) if group else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if section == COL_NUMBER and self._own_numbers:
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Мероприятия пронумерованы в тексте, как в документе"
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return HEADERS.get(section)
        return None

    def empty_columns(self) -> list[int]:
        """Text columns no item of the roadmap fills (shown narrow)."""
        return [
            column
            for column in TEXT_WEIGHTS
            if column != COL_ACTIVITY
            and not any(self._display(item, column) for item in self._items)
        ]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group = self._group_of(index)
        if group is not None:
            if index.column() != 0 and role == Qt.ItemDataRole.DisplayRole:
                return None  # the section's text spans the row from the first column
            return self._section_data(group, role)
        item = self.item_at(index)
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, index.column())
        if role == ITEM_ROLE:
            return item
        if role == SECTION_ROLE:
            return item.section
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and item.is_overdue:
            return QBrush(OVERDUE_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(item, index.column())
        if role == Qt.ItemDataRole.FontRole and index.column() == COL_STATUS and item.is_overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_NUMBER:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        return None

    def _section_data(self, group: _Group, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            p = group.progress
            return f"{section_title(group.name)} — {progress_text(p.done, p.total, p.overdue)}"
        if role == SECTION_ROLE:
            return group.name
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(SECTION_BG)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and group.progress.overdue:
            return QBrush(OVERDUE_FG)
        if role == Qt.ItemDataRole.ToolTipRole:
            return section_title(group.name)
        return None

    def _display(self, item: ItemRow, column: int) -> str:
        if column == COL_NUMBER:
            return "" if self._own_numbers else str(self._number.get(item.id, ""))
        if column == COL_ACTIVITY:
            return item.activity
        if column == COL_DEADLINE:
            return deadline_text(item, self._period)
        if column == COL_RESPONSIBLE:
            return item.who
        if column == COL_RESULT:
            return item.expected_result
        if column == COL_INDICATOR:
            return item.indicator
        if column == COL_STATUS:
            return item.shown.label
        if column == COL_DONE:
            return format_date(item.done_on)
        if column == COL_NOTE:
            return item.note
        return ""

    def _tooltip(self, item: ItemRow, column: int) -> str | None:
        if column == COL_DEADLINE:
            return deadline_tooltip(item)
        if column == COL_STATUS and item.is_overdue and item.due is not None:
            return f"Срок {format_date(item.due)} прошёл, а мероприятие не выполнено"
        if column == COL_STATUS and item.status is ItemStatus.DONE and item.done_on:
            return f"Выполнено {format_date(item.done_on)}"
        if column in (COL_ACTIVITY, COL_RESPONSIBLE, COL_RESULT, COL_INDICATOR, COL_NOTE):
            text = self._display(item, column)
            return text if len(text) > 60 else None
        return None

    @staticmethod
    def _foreground(item: ItemRow, column: int) -> QBrush | None:
        if item.is_overdue:
            return QBrush(OVERDUE_FG)
        if column == COL_STATUS:
            if item.shown is ShownStatus.DONE:
                return QBrush(DONE_FG)
            if item.shown is ShownStatus.IN_PROGRESS:
                return QBrush(IN_PROGRESS_FG)
        elif item.status is ItemStatus.DONE:
            return QBrush(DONE_TEXT_FG)
        return None


class WrapDelegate(QStyledItemDelegate):
    """Word-wrapped cells whose row grows to fit the text at the column's width.

    QTreeView asks each cell's size hint without the column width; this delegate takes it
    from the header, so a long activity wraps onto as many lines as it needs.
    """

    MARGIN = 4
    MAX_LINES = 12

    def __init__(self, view: QTreeView, parent: QWidget | None = None) -> None:
        super().__init__(parent or view)
        self.view = view

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideRight

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        base = super().sizeHint(option, index)
        if index.column() == COL_NUMBER and index.model().rowCount(index) > 0:
            return base  # a section row: one line across the columns
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return base
        style = self.view.style()
        # The text's width as the style paints it: the cell less its text margins.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, self.view) + 1
        width = self.view.header().sectionSize(index.column()) - 2 * margin - 1
        if index.column() == 0 and index.parent().isValid():
            width -= self.view.indentation()
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else option.font)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
        rect = metrics.boundingRect(QRect(0, 0, max(width, 20), 100000), flags, str(text))
        height = min(rect.height(), metrics.lineSpacing() * self.MAX_LINES)
        frame = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameVMargin, option, self.view)
        return QSize(base.width(), max(base.height(), height + 2 * (self.MARGIN + frame)))
