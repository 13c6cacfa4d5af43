"""The monitoring tab's tables: the indicators against targets, the contingent, the people
behind a figure. Read-only but for the contingent's typed values."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.kpi import KpiResult
from mentor_desk.domain.surveys import SurveySummary
from mentor_desk.services.kpi import ContingentLine, Dashboard
from mentor_desk.ui.tables import ListTableModel

Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {
    "met": "достигнут",
    "near": "близок к плану",
    "far": "не достигнут",
    "no_data": "нет данных",
}
STATUS_COLOURS = {
    "met": QColor("#d4eed6"),
    "near": QColor("#fff0c2"),
    "far": QColor("#f9d3d0"),
    "no_data": QColor("#ececec"),
}
_FLAG_BG = QColor("#f9d3d0")


def percent_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " %"


def trend_text(points: dict[int, float | None]) -> str:
    """«2023/24: 40 % → 2024/25: 55 % ↑»: the values by year, with the last move."""
    years = sorted(points)
    parts = [f"{y}/{(y + 1) % 100:02d}: {percent_text(points[y])}" for y in years]
    known = [points[y] for y in years if points[y] is not None]
    arrow = ""
    if len(known) >= 2 and points[years[-1]] is not None:
        last, before = known[-1], known[-2]
        assert last is not None and before is not None
        arrow = " ↑" if last > before else " ↓" if last < before else " ="
    return " → ".join(parts) + arrow


class FigureRow(Protocol):
    """What an indicator table shows: a school's result or a district's sum."""

    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def target(self) -> float | None: ...
    @property
    def status(self) -> str: ...


R = TypeVar("R", bound=FigureRow)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class FigureTableModel(ListTableModel[R]):
    """The indicator table of the school's tab and of the district's: №, name, numerator,
    denominator, value, target, mark, and one last column of the subclass's own."""

    LAST_HEADER = ""
    RIGHT_COLUMNS: tuple[int, ...] = (0, 2, 3, 4, 5)
    KEY_ROLE = Qt.ItemDataRole.UserRole + 1

    @property
    def headers(self) -> tuple[str, ...]:  # type: ignore[override]
        return ("№", "Показатель", "Числитель", "Знаменатель", "Значение", "План", "Отметка",
                self.LAST_HEADER)  # fmt: skip

    def numerator_text(self, row: R) -> str:
        raise NotImplementedError

    def denominator_text(self, row: R) -> str:
        raise NotImplementedError

    def last_text(self, row: R) -> str:
        raise NotImplementedError

    def status_text(self, row: R) -> str:
        if row.value is not None and row.value > 100:
            return "проверьте знаменатель"
        return STATUS_LABELS.get(row.status, STATUS_LABELS["no_data"])

    def tooltip(self, row: R, column: int) -> str | None:
        return None

    def _cell(self, row: R, column: int, number: int) -> str:
        cells = (
            lambda: str(number), lambda: row.name, lambda: self.numerator_text(row),
            lambda: self.denominator_text(row), lambda: percent_text(row.value),
            lambda: percent_text(row.target), lambda: self.status_text(row),
            lambda: self.last_text(row),
        )  # fmt: skip
        return cells[column]() if 0 <= column < len(cells) else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row, column, index.row() + 1)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column) or self._cell(row, column, index.row() + 1)
        if role == Qt.ItemDataRole.BackgroundRole and column in (4, 6):
            return QBrush(STATUS_COLOURS.get(row.status, STATUS_COLOURS["no_data"]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_COLUMNS:
            return _RIGHT
        if role in (self.KEY_ROLE, Qt.ItemDataRole.UserRole):
            return row.key
        return None


class IndicatorModel(FigureTableModel[KpiResult]):
    """Each indicator of the set for the year: the figure, the target, the mark, the trend."""

    LAST_HEADER = "Динамика по годам"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.board: Dashboard | None = None

    def set_board(self, board: Dashboard | None) -> None:
        self.board = board
        self.load(board.results if board is not None else ())

    def numerator_text(self, row: KpiResult) -> str:
        return str(row.numerator)

    def denominator_text(self, row: KpiResult) -> str:
        if row.denominator is None:
            return "введите контингент" if row.computes.contingent else "—"
        return str(row.denominator)

    def status_text(self, row: KpiResult) -> str:
        if row.respondents is not None and row.value is None and row.respondents < 3:
            return f"нет данных (ответов: {row.respondents})"
        return super().status_text(row)

    def last_text(self, row: KpiResult) -> str:
        return trend_text(self.board.trend.get(row.key, {})) if self.board is not None else ""

    def tooltip(self, row: KpiResult, column: int) -> str | None:
        if column == 1:
            return f"{row.name}\nКак считается: {row.computes.description}"
        if column == 3 and self.board is not None:
            return f"Знаменатель: {self.board.denominator_source(row)}"
        return None


class ContingentModel(ListTableModel[ContingentLine]):
    """The year's denominators: typed or taken from the register, flagged when smaller
    than the register's own count. «Значение» is edited in place; `edit_figure` saves."""

    headers = ("Контингент", "Значение", "По реестру сейчас", "Взято из реестра",
               "Откуда (примечание)", "")  # fmt: skip
    VALUE_COLUMN = 1
    NOTE_COLUMN = 4
    BUTTON_COLUMN = 5

    def __init__(
        self,
        edit_figure: Callable[[ContingentLine, str], bool],
        edit_note: Callable[[ContingentLine, str], bool],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._edit_figure = edit_figure
        self._edit_note = edit_note

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self.row_at(index)
        if line is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return line.key.label[:1].upper() + line.key.label[1:]
            if column == 1:
                value = line.value
                return ("" if value is None else str(value)) if role == Qt.ItemDataRole.EditRole \
                    else ("не введено" if value is None else str(value))  # fmt: skip
            if column == 2:
                return str(line.register_now)
            if column == 3:
                figure = line.figure
                if figure is None or figure.taken_on is None:
                    return ""
                return f"{figure.register_count} на {format_date(figure.taken_on)}"
            if column == self.NOTE_COLUMN:
                return line.figure.note if line.figure is not None else ""
            return ""
        if role == Qt.ItemDataRole.BackgroundRole and column == 1 and line.below_register:
            return QBrush(_FLAG_BG)
        if role == Qt.ItemDataRole.ToolTipRole:
            if line.below_register:
                return (
                    "Введённое число меньше, чем насчитано в реестре: проверьте его "
                    "или нажмите «Из реестра»"
                )
            if column == 1:
                return "Введите число или нажмите «Из реестра»; Delete очищает"
            if column == self.NOTE_COLUMN:
                return "Откуда взято число, например «форма ОО-1 на 20.09.2026»"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        line = self.row_at(index)
        if index.column() == self.VALUE_COLUMN or (
            index.column() == self.NOTE_COLUMN and line is not None and line.figure is not None
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        line = self.row_at(index)
        if line is None or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == self.VALUE_COLUMN:
            return self._edit_figure(line, str(value))
        if index.column() == self.NOTE_COLUMN:
            return self._edit_note(line, str(value))
        return False


class PeopleModel(ListTableModel[tuple[int, str, str, str]]):
    """The people behind a figure: (id, name, category or class, why)."""

    headers = ("ФИО", "Категория, класс", "")

    def __init__(self, headers: Sequence[str] | None = None, parent: Any = None) -> None:
        super().__init__(parent, headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column() + 1]
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        return None


def closed_summary_text(summaries: Sequence[SurveySummary]) -> str:
    """The questionnaire's answers in short, per role: the closed answers counted and the
    scores' means, for the curator building the SWOT table (plain text)."""
    parts = []
    for summary in summaries:
        if not summary.respondents:
            continue
        who = "Наставляемые" if summary.role == "mentee" else "Наставники"
        lines = [f"{who}: анкет {summary.respondents}, удовлетворены "
                 f"{percent_text(summary.satisfied_percent)}"]  # fmt: skip
        for q in summary.questions:
            if q.question.kind == "choice" and q.answered:
                counts = ", ".join(f"{option} — {n}" for option, n in q.choices if n)
                lines.append(f"• {q.question.text} {counts}")
            elif q.question.kind == "score" and q.mean is not None:
                lines.append(f"• {q.question.text} Средняя оценка {q.mean:.1f}".replace(".", ","))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
