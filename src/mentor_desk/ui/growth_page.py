"""«Этап 2. Динамика результатов наставляемых»: parameters of the year, each measured at the
start and at the end of the program for the mentees of the year's counted pairs.

On the left the parameters (add with a name and the group measured, rename in place with
F2, delete — asked first when it has measurements); on the right the mentees the selected
parameter is measured for, whose «В начале» and «В конце» are typed from the keyboard
(comma or dot; Enter keeps the value and goes down a row, Delete empties a cell); under
them the growth by form of mentoring (domain.growth.summarize_growth). Every change is one
run_action() calling services.monitoring; who is measured: queries.monitoring.growth_mentees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.growth import (
    SUGGESTED_PARAMETERS,
    FormGrowth,
    GrowthValueError,
    fits_audience,
    format_value,
    growth_of,
    overall_growth,
    parse_value,
    summarize_growth,
)
from mentor_desk.domain.text import count_ru
from mentor_desk.queries import monitoring as reads
from mentor_desk.queries.monitoring import GrowthMentee, ParameterRow
from mentor_desk.services import monitoring as service
from mentor_desk.services.monitoring import AUDIENCE_LABELS, AUDIENCES
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.stage_base import HintListView, HintTableView, RecordListModel, StagePage

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
GROWN = QColor("#1b7f3b")
FELL = QColor("#b3261e")

TITLE = "Этап 2. Динамика результатов наставляемых"
EXPLANATION = (
    "Куратор выбирает параметры (средний балл, мотивация, участие в олимпиадах, для педагогов "
    "— методическое мастерство) и вносит их значения у каждого наставляемого в начале и в "
    "конце программы. Прирост по формам наставничества считается по тем, у кого есть оба "
    "значения."
)
NO_PARAMETERS = "Добавьте параметр, например «Средний балл»"
NO_PAIRS = "В этом учебном году нет утверждённых пар — нечего измерять"
NO_PARAMETER_CHOSEN = "Выберите параметр слева или добавьте новый"
NO_AUDIENCE = {
    "students": "Среди наставляемых утверждённых пар этого года нет обучающихся",
    "teachers": "Среди наставляемых утверждённых пар этого года нет педагогов",
    "all": NO_PAIRS,
}
AUDIENCE_TIPS = {
    "students": "Параметр измеряется у наставляемых-обучающихся",
    "teachers": "Параметр измеряется у наставляемых-педагогов",
    "all": "Параметр измеряется у всех наставляемых",
}


class ParameterListModel(RecordListModel[ParameterRow]):
    """The parameters of the year; a rename in place goes to `on_rename(id, name)`."""

    SKIP_EMPTY = True

    def __init__(
        self, parent: Any = None, on_rename: Callable[[int, str], bool] | None = None
    ) -> None:
        super().__init__(parent, on_rename)
        self.counts: dict[int, int] = {}  # measurements of each parameter

    def load(self, rows: Sequence[ParameterRow], counts: dict[int, int] | None = None) -> None:
        self.counts = dict(counts or {})
        super().load(rows)

    def display(self, row: ParameterRow) -> str:
        return f"{row.name} — {AUDIENCE_LABELS.get(row.audience, row.audience)}"

    def edit_text(self, row: ParameterRow) -> str:
        return row.name

    def tooltip(self, row: ParameterRow) -> str:
        n = self.counts.get(row.id, 0)
        measured = count_ru(n, "измерение", "измерения", "измерений") if n else "не измерен"
        return f"{row.name}\n{AUDIENCE_TIPS.get(row.audience, '')}; {measured}\nF2 — переименовать"

    def edited(self, row: ParameterRow, text: str) -> ParameterRow:
        return replace(row, name=text)


@dataclass(frozen=True)
class MeasuredMentee:
    """A row of the stage-2 table: the mentee and their values of the parameter."""

    mentee: GrowthMentee
    start: float | None = None
    end: float | None = None

    @property
    def form(self) -> str:
        return self.mentee.form

    @property
    def growth(self) -> float | None:
        return growth_of(self.start, self.end)


COL_NAME, COL_WHERE, COL_FORM, COL_START, COL_END, COL_GROWTH = range(6)
HEADERS = ("ФИО", "Класс/должность", "Форма наставничества", "В начале", "В конце", "Прирост")
HEADER_TIPS = {
    COL_START: "Значение параметра в начале программы: число, дробная часть — через запятую",
    COL_END: "Значение параметра в конце программы",
    COL_GROWTH: "«В конце» минус «В начале»",
}


class GrowthTableModel(QAbstractTableModel):
    """The mentees of the selected parameter. A typed value is read by domain.growth:
    a bad one goes to `on_bad_value(message)`, a good one to `on_measure(participant id,
    start, end)`, which stores it and says whether it was kept (last_edit_ok)."""

    values_changed = Signal()

    def __init__(
        self,
        parent: Any = None,
        on_measure: Callable[[int, float | None, float | None], bool] | None = None,
        on_bad_value: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows: list[MeasuredMentee] = []
        self.on_measure = on_measure
        self.on_bad_value = on_bad_value
        self.last_edit_ok = True

    def load(self, rows: Sequence[MeasuredMentee]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.EditRole:
            if col == COL_START:
                return format_value(row.start, 6)
            if col == COL_END:
                return format_value(row.end, 6)
            return self._text(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= COL_START:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_GROWTH and row.growth:
            return QBrush(GROWN if row.growth > 0 else FELL)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_START, COL_END):
            return "Введите число (например 4,5) и нажмите Enter; пустая клетка — нет значения"
        if role == ID_ROLE:
            return row.mentee.participant_id
        return None

    @staticmethod
    def _text(row: MeasuredMentee, col: int) -> str:
        m = row.mentee
        texts = {
            COL_NAME: m.name,
            COL_WHERE: m.class_or_position,
            COL_FORM: m.form_label,
            COL_START: format_value(row.start, 3),
            COL_END: format_value(row.end, 3),
            COL_GROWTH: format_value(row.growth, 3, signed=True),
        }
        return texts.get(col, "")

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_START, COL_END) and self.on_measure is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or self.on_measure is None
            or not index.isValid()
            or index.column() not in (COL_START, COL_END)
        ):
            return False
        self.last_edit_ok = False
        row = self.rows[index.row()]
        try:
            number = value if isinstance(value, float) else parse_value(str(value))
        except GrowthValueError as exc:
            if self.on_bad_value is not None:
                self.on_bad_value(str(exc))
            return False
        start, end = (number, row.end) if index.column() == COL_START else (row.start, number)
        if (start, end) == (row.start, row.end):
            self.last_edit_ok = True  # Enter on an unchanged value just goes on
            return True
        if not self.on_measure(row.mentee.participant_id, start, end):
            return False
        self.rows[index.row()] = replace(row, start=start, end=end)
        self.dataChanged.emit(
            self.index(index.row(), COL_START), self.index(index.row(), COL_GROWTH)
        )
        self.last_edit_ok = True
        self.values_changed.emit()
        return True


class GrowthTableView(HintTableView):
    """Enter keeps the typed value and goes down a row, as in a spreadsheet."""

    def _down(self) -> None:
        current = self.currentIndex()
        model = self.model()
        if current.isValid() and current.row() + 1 < model.rowCount():
            self.setCurrentIndex(model.index(current.row() + 1, current.column()))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        model = self.model()
        if (
            hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
            and isinstance(model, GrowthTableModel)
            and model.last_edit_ok
        ):
            self._down()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self._down()
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentIndex().flags() & Qt.ItemFlag.ItemIsEditable
        ):
            self.model().setData(self.currentIndex(), "", Qt.ItemDataRole.EditRole)
            return  # Delete empties the cell, as in a spreadsheet
        super().keyPressEvent(event)


SUMMARY_HEADERS = ("Форма наставничества", "Наставляемых", "Измерено", "В начале", "В конце",
                   "Прирост")  # fmt: skip


class GrowthSummaryModel(QAbstractTableModel):
    """The growth by form (domain.growth.FormGrowth), the total in the last row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[FormGrowth] = []

    def load(self, rows: Sequence[FormGrowth]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SUMMARY_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(SUMMARY_HEADERS)
        ):
            return SUMMARY_HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            texts = (
                row.label,
                str(row.people),
                str(row.measured),
                format_value(row.mean_start),
                format_value(row.mean_end),
                format_value(row.mean_growth, signed=True),
            )
            return texts[col] if 0 <= col < len(texts) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and not row.form:
            font = QLabel().font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col == 5 and row.mean_growth:
            return QBrush(GROWN if row.mean_growth > 0 else FELL)
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return "Измерены и в начале, и в конце программы: только они входят в средние"
        return None


def summary_sentence(total: FormGrowth) -> str:
    """One line under the table: how many are measured and the mean growth."""
    if not total.people:
        return ""
    people = count_ru(total.people, "наставляемого", "наставляемых", "наставляемых")
    if not total.measured:
        return f"Измерено в начале и в конце: 0 из {people}"
    return (
        f"Измерено в начале и в конце: {total.measured} из {people}; "
        f"в среднем {format_value(total.mean_start)} → {format_value(total.mean_end)}, "
        f"прирост {format_value(total.mean_growth, signed=True)}"
    )


class GrowthPage(StagePage):
    """Этап 2 мониторинга: parameters of the year and the mentees' values of each."""

    TITLE = TITLE

    parameter_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("growthPage")
        self.parameter_id: int | None = None
        self._mentees: list[GrowthMentee] = []
        self._values: dict[tuple[int, int], tuple[float | None, float | None]] = {}

        self.title = QLabel(TITLE)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QLabel(EXPLANATION)
        self.explanation.setWordWrap(True)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_parameters())
        splitter.addWidget(self._build_table())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([330, 970])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(splitter, 1)

    # --- building ----------------------------------------------------------------------

    def _build_parameters(self) -> QWidget:
        box = QGroupBox("Параметры учебного года")
        self.parameter_model = ParameterListModel(self, self.rename_parameter)
        self.parameter_view = HintListView()
        self.parameter_view.setObjectName("growthParameters")
        self.parameter_view.setModel(self.parameter_model)
        self.parameter_view.set_hint(NO_PARAMETERS)
        self.parameter_view.setWordWrap(True)
        self.parameter_view.setStyleSheet("QListView::item { padding: 3px 2px; }")
        self.parameter_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.parameter_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.parameter_view.selectionModel().currentChanged.connect(self._current_changed)
        delete = QAction("Удалить параметр", self.parameter_view)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_parameter)
        self.parameter_view.addAction(delete)
        self.parameter_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("parameterName")
        self.name_edit.setPlaceholderText("Новый параметр, например «Средний балл»")
        self.name_edit.setToolTip(
            "Название параметра; подсказки — типичные параметры. Enter добавит параметр"
        )
        self.name_edit.setClearButtonEnabled(True)
        completer = QCompleter(QStringListModel([n for n, _ in SUGGESTED_PARAMETERS]), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._suggestion_chosen)
        self.name_edit.setCompleter(completer)
        self.name_edit.returnPressed.connect(self.add_parameter)

        self.audience_combo = QComboBox()
        self.audience_combo.setObjectName("parameterAudience")
        for audience in AUDIENCES:
            self.audience_combo.addItem(AUDIENCE_LABELS[audience], audience)
            self.audience_combo.setItemData(
                self.audience_combo.count() - 1,
                AUDIENCE_TIPS[audience],
                Qt.ItemDataRole.ToolTipRole,
            )
        self.audience_combo.setToolTip("У кого измеряется параметр")
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Добавить параметр в этот учебный год")
        self.add_button.clicked.connect(self.add_parameter)
        self.rename_button = QPushButton("Переименовать")
        self.rename_button.setToolTip("Исправить название выбранного параметра (F2)")
        self.rename_button.clicked.connect(self._start_rename)
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setToolTip("Удалить выбранный параметр вместе с его измерениями")
        self.delete_button.clicked.connect(self.delete_parameter)

        who = QHBoxLayout()
        who.addWidget(QLabel("Кого измеряем:"))
        who.addWidget(self.audience_combo, 1)
        who.addWidget(self.add_button)
        edits = QHBoxLayout()
        edits.addStretch(1)
        edits.addWidget(self.rename_button)
        edits.addWidget(self.delete_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.parameter_view, 1)
        layout.addLayout(edits)
        layout.addWidget(QLabel("Новый параметр:"))
        layout.addWidget(self.name_edit)
        layout.addLayout(who)
        return box

    def _build_table(self) -> QWidget:
        panel = QWidget()
        self.parameter_title = QLabel()
        self.parameter_title.setObjectName("parameterTitle")
        self.parameter_title.setWordWrap(True)
        font = self.parameter_title.font()
        font.setBold(True)
        self.parameter_title.setFont(font)

        self.table_model = GrowthTableModel(self, self.measure, self._bad_value)
        self.table_model.values_changed.connect(self._update_summary)
        self.table = GrowthTableView()
        self.table.setObjectName("growthTable")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_WHERE, 130), (COL_FORM, 170), (COL_START, 90), (COL_END, 90),
                           (COL_GROWTH, 90)):  # fmt: skip
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)

        summary_box = QGroupBox("Прирост по формам наставничества")
        summary_box.setToolTip(
            "Средние значения в начале и в конце и средний прирост — по наставляемым, "
            "у которых внесены оба значения"
        )
        self.summary_label = QLabel()
        self.summary_label.setObjectName("growthSummary")
        self.summary_label.setWordWrap(True)
        self.summary_model = GrowthSummaryModel(self)
        self.summary_view = HintTableView()
        self.summary_view.setObjectName("growthSummaryTable")
        self.summary_view.setModel(self.summary_model)
        self.summary_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.summary_view.verticalHeader().setVisible(False)
        summary_header = self.summary_view.horizontalHeader()
        summary_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(SUMMARY_HEADERS)):
            summary_header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.summary_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_box = summary_box
        summary_layout = QVBoxLayout(summary_box)
        summary_layout.addWidget(self.summary_label)
        summary_layout.addWidget(self.summary_view)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.parameter_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(summary_box)
        return panel

    # --- reading -----------------------------------------------------------------------

    @property
    def parameter(self) -> ParameterRow | None:
        row = self.parameter_model.row_of(self.parameter_id)
        return None if row is None else self.parameter_model.rows[row]

    def refresh(self) -> None:
        """Read the parameters, the mentees and the values of the year again; the selected
        parameter stays selected."""
        self.dirty = False
        conn = self.ctx.db.reader
        parameters = reads.parameters(conn, self.year_start)
        self._values = {
            (m.parameter_id, m.participant_id): (m.start, m.end)
            for m in reads.measurements(conn, self.year_start)
        }
        self._mentees = reads.growth_mentees(conn, self.year)
        counts: dict[int, int] = {}
        for parameter_id, _ in self._values:
            counts[parameter_id] = counts.get(parameter_id, 0) + 1
        kept = self.parameter_id
        self.parameter_model.load(parameters, counts)
        row = self.parameter_model.row_of(kept)
        if row is None and parameters:
            row = 0
        self.parameter_id = None if row is None else parameters[row].id
        if row is not None:
            self.parameter_view.setCurrentIndex(self.parameter_model.index(row))
        self.explanation.setText(f"{EXPLANATION} Учебный год: {self.year.label}.")
        self._show_parameter()
        self._update_buttons()
        self.loaded = True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        parameter_id = current.data(ID_ROLE) if current.isValid() else None
        if parameter_id != self.parameter_id:
            self.parameter_id = parameter_id
            self._show_parameter()
            self.parameter_changed.emit()
        self._update_buttons()

    def _show_parameter(self) -> None:
        parameter = self.parameter
        if parameter is None:
            self.parameter_title.setText("")
            self.table_model.load([])
            self.table.set_hint(NO_PAIRS if not self._mentees else NO_PARAMETER_CHOSEN)
            self._update_summary()
            return
        audience = AUDIENCE_LABELS.get(parameter.audience, parameter.audience)
        self.parameter_title.setText(f"{parameter.name} ({audience})")
        rows = [
            MeasuredMentee(m, *self._values.get((parameter.id, m.participant_id), (None, None)))
            for m in self._mentees
            if fits_audience(m.category, parameter.audience)
        ]
        current = self.table.currentIndex()
        kept = (current.data(ID_ROLE), current.column()) if current.isValid() else None
        self.table_model.load(rows)
        self.table.set_hint(NO_PAIRS if not self._mentees else NO_AUDIENCE[parameter.audience])
        self._update_summary()
        if rows:
            # The cell the curator was in stays current when the table is read again.
            row, column = 0, COL_START
            for i, shown in enumerate(rows):
                if kept is not None and shown.mentee.participant_id == kept[0]:
                    row, column = i, kept[1]
            self.table.setCurrentIndex(self.table_model.index(row, column))

    def _update_summary(self) -> None:
        rows = self.table_model.rows
        by_form = summarize_growth(rows)
        total = overall_growth(rows)
        self.summary_model.load([*by_form, total] if len(by_form) > 1 else by_form)
        self.summary_view.set_hint("Нет наставляемых для этого параметра" if not rows else "")
        self.summary_label.setText(summary_sentence(total))
        self.summary_box.setVisible(bool(rows))
        # The summary is a few rows: as tall as they are, the mentees' table takes the rest.
        view = self.summary_view
        height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        height += sum(view.rowHeight(r) for r in range(self.summary_model.rowCount()))
        view.setFixedHeight(height)

    def _update_buttons(self) -> None:
        chosen = self.parameter is not None
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # --- the writes ----------------------------------------------------------------------

    def _suggestion_chosen(self, name: str) -> None:
        for suggested, audience in SUGGESTED_PARAMETERS:
            if suggested == name:
                self.audience_combo.setCurrentIndex(self.audience_combo.findData(audience))

    def add_parameter(self) -> bool:
        name = self.name_edit.text()
        if not name.strip():
            self.name_edit.setFocus()
            return False
        audience = str(self.audience_combo.currentData())
        year = self.year_start
        outcome = self.run(lambda s: service.add_parameter(s, year, name, audience))
        if outcome.value is not None:
            self.name_edit.clear()
            self.parameter_id = outcome.value
            self.refresh()
            self.table.setFocus()
        return bool(outcome)

    def _start_rename(self) -> None:
        row = self.parameter_model.row_of(self.parameter_id)
        if row is not None:
            self.parameter_view.setFocus()
            self.parameter_view.edit(self.parameter_model.index(row))

    def rename_parameter(self, parameter_id: int, name: str) -> bool:
        ok = bool(
            self.run(lambda s: service.rename_parameter(s, parameter_id, name), in_editor=True)
        )
        # The title under the new name; after a refusal, what is stored now.
        QTimer.singleShot(0, self._show_parameter if ok else self.refresh)
        return ok

    def delete_parameter(self) -> bool:
        parameter = self.parameter
        if parameter is None:
            return False
        measured = self.parameter_model.counts.get(parameter.id, 0)
        if measured:
            answer = QMessageBox.question(
                self,
                TITLE,
                f"Удалить параметр «{parameter.name}»? Вместе с ним будут удалены "
                f"{count_ru(measured, 'измерение', 'измерения', 'измерений')} наставляемых.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        row = self.parameter_model.row_of(parameter.id) or 0
        ok = bool(self.run(lambda s: service.delete_parameter(s, parameter.id)))
        if ok:
            rows = self.parameter_model.rows
            rest = [r for r in rows if r.id != parameter.id]
            self.parameter_id = rest[min(row, len(rest) - 1)].id if rest else None
            self.refresh()
        return ok

    def measure(self, participant_id: int, start: float | None, end: float | None) -> bool:
        """Store a mentee's values of the selected parameter (both empty removes them)."""
        parameter_id = self.parameter_id
        if parameter_id is None:
            return False
        ok = bool(
            self.run(
                lambda s: service.set_measurement(
                    s, parameter_id, participant_id, start=start, end=end
                ),
                in_editor=True,
            )
        )
        if not ok:
            QTimer.singleShot(0, self.refresh)  # the parameter or the person may be gone
        if ok:
            key = (parameter_id, participant_id)
            before = key in self._values
            if start is None and end is None:
                self._values.pop(key, None)
            else:
                self._values[key] = (start, end)
            after = key in self._values
            if before != after:
                counts = self.parameter_model.counts
                counts[parameter_id] = counts.get(parameter_id, 0) + (1 if after else -1)
        return ok

    def _bad_value(self, message: str) -> None:
        # After the editor has closed: a modal box inside its commit would close it twice.
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, TITLE, message))
