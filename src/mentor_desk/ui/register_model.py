"""The register table: a QAbstractTableModel of everyone and a filtering, sorting proxy.

QSortFilterProxyModel asks Python once per row on every keystroke (40-50 ms at 50,000
rows here) and sorts through data() calls (seconds); this proxy keeps the Python-side
order and filter mask and resets in one step, which stays under 10 ms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QStyle

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.participants import ConsentState, class_sort_key
from mentor_desk.domain.text import years_ru
from mentor_desk.queries.people import RegisterRow
from mentor_desk.services.register import RegisterFilter

Index = QModelIndex | QPersistentModelIndex

(
    COL_NAME,
    COL_CATEGORY,
    COL_CLASS,
    COL_POSITION,
    COL_SUBJECT,
    COL_ROLES,
    COL_BIRTH,
    COL_AGE,
    COL_EXPERIENCE,
    COL_YOUNG,
    COL_CONSENT,
    COL_TARGET_GROUPS,
    COL_REQUESTS,
    COL_COMPETENCIES,
    COL_ORGANIZATION,
    COL_PHONE,
    COL_EMAIL,
    COL_DOP,
) = range(18)

HEADERS = {
    COL_NAME: "ФИО",
    COL_CATEGORY: "Категория",
    COL_CLASS: "Класс",
    COL_POSITION: "Должность",
    COL_SUBJECT: "Предмет",
    COL_ROLES: "Роль",
    COL_BIRTH: "Дата рождения",
    COL_AGE: "Возраст",
    COL_EXPERIENCE: "Стаж",
    COL_YOUNG: "Молодой специалист",
    COL_CONSENT: "Согласие на ПДн",
    COL_TARGET_GROUPS: "Целевые группы",
    COL_REQUESTS: "Запросы",
    COL_COMPETENCIES: "Компетенции",
    COL_ORGANIZATION: "Организация",
    COL_PHONE: "Телефон",
    COL_EMAIL: "E-mail",
    COL_DOP: "ДОП",
}
HIDDEN_BY_DEFAULT = {
    COL_SUBJECT, COL_EXPERIENCE, COL_YOUNG, COL_REQUESTS, COL_COMPETENCIES,
    COL_ORGANIZATION, COL_PHONE, COL_EMAIL, COL_DOP,
}  # fmt: skip

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_WARN_BG = QColor("#fde2e1")
_ARCHIVED_FG = QColor("#8a8a8a")


def roles_text(row: RegisterRow) -> str:
    parts = (["наставник"] if row.is_mentor else []) + (["наставляемый"] if row.is_mentee else [])
    return ", ".join(parts) or "—"


def _display(row: RegisterRow, column: int) -> str:
    if column == COL_NAME:
        return row.full_name
    if column == COL_CATEGORY:
        return row.category.label
    if column == COL_CLASS:
        return row.class_name
    if column == COL_POSITION:
        return row.position
    if column == COL_SUBJECT:
        return row.subject
    if column == COL_ROLES:
        return roles_text(row)
    if column == COL_BIRTH:
        return format_date(row.birth_date)
    if column == COL_AGE:
        return "" if row.age is None else str(row.age)
    if column == COL_EXPERIENCE:
        return "" if row.experience is None else years_ru(row.experience)
    if column == COL_YOUNG:
        return "да" if row.young_specialist else ""
    if column == COL_CONSENT:
        return row.consent.label
    if column == COL_TARGET_GROUPS:
        return "; ".join(row.target_groups)
    if column == COL_REQUESTS:
        return "; ".join(row.requests)
    if column == COL_COMPETENCIES:
        return "; ".join(row.competencies)
    if column == COL_ORGANIZATION:
        return row.organization
    if column == COL_PHONE:
        return row.phone
    if column == COL_EMAIL:
        return row.email
    if column == COL_DOP:
        return "да" if row.in_dop else ""
    return ""


_SORT_KEYS: dict[int, Callable[[RegisterRow], Any]] = {
    COL_NAME: lambda r: r.search_key,
    COL_CLASS: lambda r: class_sort_key(r.class_name),
    COL_BIRTH: lambda r: (r.birth_date is None, r.birth_date or 0),
    COL_AGE: lambda r: (r.age is None, r.age or 0),
    COL_EXPERIENCE: lambda r: (r.experience is None, r.experience or 0),
    COL_CONSENT: lambda r: (r.consent is ConsentState.VALID, r.consent.value),
}


def sort_key(column: int) -> Callable[[RegisterRow], Any]:
    return _SORT_KEYS.get(column, lambda r: _display(r, column).casefold().replace("ё", "е"))


class ParticipantTableModel(QAbstractTableModel):
    """Everyone in the register, archived included; read-only (editing is in the dialog)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RegisterRow] = []

    @property
    def rows(self) -> list[RegisterRow]:
        return self._rows

    def set_rows(self, rows: list[RegisterRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == ROW_ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and row.archived:
            return QBrush(_ARCHIVED_FG)
        if column == COL_CONSENT and role == Qt.ItemDataRole.ToolTipRole:
            return consent_tooltip(row)
        if column == COL_CONSENT and row.consent is not ConsentState.VALID:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(_WARN_BG)
            if role == Qt.ItemDataRole.DecorationRole:
                style = QApplication.style()
                return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_NAME and row.archived:
            return "В архиве"
        return None


def consent_tooltip(row: RegisterRow) -> str | None:
    """Why the consent cell is marked, and when a consent form was handed out to sign."""
    parts = []
    if row.consent is not ConsentState.VALID:
        parts.append(
            "Нет действующего согласия на обработку персональных данных: "
            "не включайте в пары и не выгружайте с персональными данными."
        )
    if row.consent_form_handed is not None:
        parts.append(f"Бланк согласия выдан {format_date(row.consent_form_handed)}.")
    return "\n".join(parts) or None


class RegisterProxy(QAbstractProxyModel):
    """Filters and sorts the register in Python, then shows the result in one reset."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._filter = RegisterFilter()
        self._sort_column = COL_NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._order: list[int] = []  # source rows in sort order
        self._orders: dict[tuple[int, Qt.SortOrder], list[int]] = {}  # until the rows change
        self._visible: list[int] = []  # proxy row -> source row
        self._proxy_of: dict[int, int] = {}

    def setSourceModel(self, model: Any) -> None:
        old = self.sourceModel()
        if old is not None:
            old.modelReset.disconnect(self._rows_changed)
        super().setSourceModel(model)
        model.modelReset.connect(self._rows_changed)
        self._rows_changed()

    def _source_rows(self) -> list[RegisterRow]:
        model = self.sourceModel()
        return model.rows if isinstance(model, ParticipantTableModel) else []

    def _rows_changed(self) -> None:
        self._orders.clear()
        self._resort()

    def _resort(self) -> None:
        wanted = (self._sort_column, self._sort_order)
        if wanted not in self._orders:
            rows = self._source_rows()
            keys = list(map(sort_key(self._sort_column), rows))
            self._orders[wanted] = sorted(
                range(len(rows)),
                key=keys.__getitem__,
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
        self._order = self._orders[wanted]
        self._refilter()

    def _refilter(self) -> None:
        mask = self._filter.mask(self._source_rows())
        self.beginResetModel()
        self._visible = [i for i in self._order if mask[i]]
        self._proxy_of = {}
        self.endResetModel()

    def set_filter(self, register_filter: RegisterFilter) -> None:
        self._filter = register_filter
        self._refilter()

    def visible_rows(self) -> list[RegisterRow]:
        """The rows as the table shows them: filtered, in the chosen order."""
        rows = self._source_rows()
        return [rows[i] for i in self._visible]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:
            return
        self._sort_column, self._sort_order = column, order
        self._resort()

    # --- QAbstractProxyModel -------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._visible)):
            return QModelIndex()
        if not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Any = None) -> Any:
        if child is None:  # QObject.parent()
            return super().parent()
        return QModelIndex()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._visible)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if not proxy_index.isValid() or proxy_index.row() >= len(self._visible):
            return QModelIndex()
        return self.sourceModel().index(self._visible[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        if not self._proxy_of and self._visible:
            self._proxy_of = {source: proxy for proxy, source in enumerate(self._visible)}
        proxy_row = self._proxy_of.get(source_index.row())
        if proxy_row is None:
            return QModelIndex()
        return self.index(proxy_row, source_index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.sourceModel().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._visible):
            return section + 1
        return None
