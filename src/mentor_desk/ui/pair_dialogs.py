"""Dialogs of pairs and groups: the small value dialogs and the personalized program.

The value dialogs (start, end, extend, change of mentor) only collect and check what
the curator typed, by the rules of domain.pairs that the services enforce too; the
caller runs the service in one ctx.action() and puts it on its undo stack.
ProgramDialog edits one pair's program and saves it in one transaction (it reads the
pair through services.pairs.program_view); meetings are facts and are written (or
deleted) at once, each in its own action. The services stay the judges: a dialog
repeats their checks only to show the message next to the field before anything is
written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import format_date, parse_date
from mentor_desk.domain.pairs import (
    PLAN_DONE_TARGET,
    EndReason,
    MeetingKind,
    Status,
    check_end,
    check_extension,
    check_mentor_change,
    check_program_term,
    check_start,
    default_program_end,
    latest_program_end,
    plan_share,
    suggested_meeting_kind,
)
from mentor_desk.domain.text import count_ru
from mentor_desk.services import pairs
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.form_dialog import HINT_STYLE, FormDialog, hint, read_date
from mentor_desk.ui.tables import ListTableModel
from mentor_desk.ui.widgets import ERROR_STYLE, FieldWithError, date_edit, searchable_combo

Index = QModelIndex | QPersistentModelIndex

_BAD_CELL = QColor("#fde2e1")
_DONE_FG = QColor("#1b5e20")


# --- the small value dialogs ------------------------------------------------------------


class StartDialog(FormDialog):
    """Начать работу: the start and the program's planned end (3 months to 1 year)."""

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        order_date: date | None,
        submit: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent, "Начать работу", submit)
        self.today, self.order_date = today, order_date
        start = max(today, order_date) if order_date else today
        self.start = date_edit()
        self.start.setText(format_date(start))
        self.end = date_edit()
        self.end.setText(format_date(default_program_end(start)))
        self._add("started_on", "Дата начала*", self.start)
        self._add("ends_on", "Плановое окончание программы*", self.end)
        self.length = hint("")
        self.length.setObjectName("length")
        self.form.addRow("", self.length)
        self.form.addRow("", hint("Персонализированная программа длится от 3 месяцев до 1 года."))
        self._end_typed = False
        self.end.textEdited.connect(self._end_edited)
        self.start.textChanged.connect(self._start_changed)
        self.end.textChanged.connect(self._show_length)
        self._show_length()

    def _end_edited(self) -> None:
        self._end_typed = True

    def _start_changed(self) -> None:
        """Until the end is typed by hand, it follows the start (domain.default_program_end)."""
        start, problem = read_date(self.start.text())
        if start is not None and not problem and not self._end_typed:
            self.end.setText(format_date(default_program_end(start)))
        self._show_length()

    def _show_length(self) -> None:
        start, _ = read_date(self.start.text())
        end, _ = read_date(self.end.text())
        if start is None or end is None or end <= start:
            self.length.setText("")
            return
        months = round((end - start).days / 30.44)
        self.length.setText(
            f"Длительность: {count_ru((end - start).days, 'день', 'дня', 'дней')}"
            f" (около {count_ru(months, 'месяца', 'месяцев', 'месяцев')})"
        )

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        start, problem = read_date(self.start.text(), "Укажите дату начала")
        if start is not None and not problem:
            problem = check_start(start, self.today, self.order_date)
        if problem:
            errors["started_on"] = problem
        end, problem = read_date(self.end.text(), "Укажите плановое окончание программы")
        if problem:
            errors["ends_on"] = problem
        elif start is not None and end is not None:
            term = check_program_term(start, end)
            if term:
                errors["ends_on"] = term
        return errors

    def values(self) -> tuple[date, date]:
        start, end = parse_date(self.start.text()), parse_date(self.end.text())
        assert start is not None and end is not None
        return start, end


class EndDialog(FormDialog):
    """Завершить: the date, the reason (the Volgograd Положение, п. 7.1) and a note.

    started_on, order_date: the pair's, so a day before its start (or, not started yet,
    before its order) is refused here as the service refuses it (domain.check_end).

    plan_warning: what to say in red under the reasons while «план выполнен полностью»
    is chosen (services.pairs.plan_done_warning or domain.pairs.plan_done_warning of the
    selected pairs); only a warning, the reason is still accepted.
    """

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        started_on: date | None,
        submit: Callable[[Any], bool] | None = None,
        *,
        plan_warning: str | None = None,
        order_date: date | None = None,
    ) -> None:
        super().__init__(parent, "Завершить программу", submit)
        self.today, self.started_on, self.order_date = today, started_on, order_date
        self.ended_on = date_edit()
        self.ended_on.setText(format_date(today))
        self._add("ended_on", "Дата завершения*", self.ended_on)

        box = QFrame()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(2, 2, 2, 2)
        self.reasons = QButtonGroup(self)
        self.reason_buttons: dict[EndReason, QRadioButton] = {}
        for reason in EndReason:
            button = QRadioButton(reason.label)
            button.setObjectName(f"reason_{reason.value}")
            self.reasons.addButton(button)
            self.reason_buttons[reason] = button
            box_layout.addWidget(button)
        self.reasons.buttonToggled.connect(self._reason_changed)
        self._add("reason", "Причина*", box)
        self.plan_warning = QLabel(plan_warning or "")
        self.plan_warning.setObjectName("plan_warning")
        self.plan_warning.setWordWrap(True)
        self.plan_warning.setStyleSheet(ERROR_STYLE)
        self.form.addRow("", self.plan_warning)

        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setFixedHeight(70)
        self.note.setTabChangesFocus(True)
        self.form.addRow("Примечание", self.note)
        self._reason_changed()

    def reason(self) -> EndReason | None:
        return next((r for r, b in self.reason_buttons.items() if b.isChecked()), None)

    def set_reason(self, reason: EndReason) -> None:
        self.reason_buttons[reason].setChecked(True)

    def _reason_changed(self) -> None:
        if self.reason() is EndReason.CURATOR_INITIATIVE:
            hint = "Опишите, в чём выразилось ненадлежащее исполнение (желательно)"
        else:
            hint = "Необязательно: основание, договорённости"
        self.note.setPlaceholderText(hint)
        warn = self.reason() is EndReason.PLAN_DONE and bool(self.plan_warning.text())
        self.form.setRowVisible(self.plan_warning, warn)
        self._recheck()
        self._fit()

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        on, problem = read_date(self.ended_on.text(), "Укажите дату завершения")
        if on is not None and not problem:
            problem = check_end(on, self.today, self.started_on, self.order_date)
        if problem:
            errors["ended_on"] = problem
        if self.reason() is None:
            errors["reason"] = "Выберите причину завершения"
        return errors

    def values(self) -> tuple[date, EndReason, str]:
        on, reason = parse_date(self.ended_on.text()), self.reason()
        assert on is not None and reason is not None
        return on, reason, self.note.toPlainText().strip()


class ExtendDialog(FormDialog):
    """Продлить программу по взаимному согласию (p. 7.2): the new planned end."""

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        current_end: date,
        submit: Callable[[Any], bool] | None = None,
        *,
        started_on: date | None = None,
    ) -> None:
        super().__init__(parent, "Продлить программу", submit)
        self.today, self.current_end, self.started_on = today, current_end, started_on
        current = QLabel(format_date(current_end))
        current.setObjectName("current_end")
        self.form.addRow("Сейчас программа до", current)
        self.new_end = date_edit()
        self._add("new_end", "Продлить до*", self.new_end)
        self.note = QLineEdit()
        self.note.setPlaceholderText("например, по взаимному согласию, заявление от …")
        self._add("note", "Основание", self.note)
        limit = (
            f" Программа длится не больше 1 года: не дальше чем до "
            f"{format_date(latest_program_end(started_on))}."
            if started_on
            else ""
        )
        self.form.addRow("", hint(f"Прежний и новый сроки сохранятся в истории пары.{limit}"))

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        new_end, problem = read_date(self.new_end.text(), "Укажите новую дату окончания")
        if new_end is not None and not problem:
            problem = check_extension(self.started_on, self.current_end, new_end)
        if problem:
            errors["new_end"] = problem
        return errors

    def values(self) -> tuple[date, str]:
        new_end = parse_date(self.new_end.text())
        assert new_end is not None
        return new_end, " ".join(self.note.text().split())


class ChangeMentorDialog(FormDialog):
    """Смена наставника: whom, from which day and why (kept in the pair's history).

    mentors: (id, "Фамилия И.О. — 1 из 3"); current_id is preselected if it is listed.
    started_on, order_date: the pair's, so a day before them is refused here already.
    """

    def __init__(
        self,
        parent: QWidget | None,
        mentors: Sequence[tuple[int, str]],
        current_id: int | None,
        today: date,
        submit: Callable[[Any], bool] | None = None,
        *,
        started_on: date | None = None,
        order_date: date | None = None,
    ) -> None:
        super().__init__(parent, "Смена наставника", submit)
        self.today, self.started_on, self.order_date = today, started_on, order_date
        self.mentor = searchable_combo(mentors, current_id, "начните вводить фамилию")
        self._add("mentor", "Новый наставник*", self.mentor)
        self.on = date_edit()
        self.on.setText(format_date(today))
        self._add("on", "Дата смены*", self.on)
        self.note = QLineEdit()
        self.note.setPlaceholderText("например, длительный больничный наставника")
        self._add("note", "Причина", self.note)

    def chosen_id(self) -> int | None:
        """The listed mentor whose text is in the box (typing must end on a listed name)."""
        index = self.mentor.findText(self.mentor.currentText().strip(), Qt.MatchFlag.MatchExactly)
        return None if index < 0 else int(self.mentor.itemData(index))

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.chosen_id() is None:
            errors["mentor"] = "Выберите наставника из списка"
        on, problem = read_date(self.on.text(), "Укажите дату смены наставника")
        if on is not None and not problem:
            problem = check_mentor_change(on, self.today, self.started_on, self.order_date)
        if problem:
            errors["on"] = problem
        return errors

    def values(self) -> tuple[int, date, str]:
        mentor_id, on = self.chosen_id(), parse_date(self.on.text())
        assert mentor_id is not None and on is not None
        return mentor_id, on, " ".join(self.note.text().split())


class MeetingDialog(FormDialog):
    """Добавить встречу: a meeting that took place (date, kind, notes)."""

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        kind: MeetingKind,
        submit: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent, "Встреча", submit)
        self.today = today
        self.held_on = date_edit()
        self.held_on.setText(format_date(today))
        self._add("held_on", "Дата*", self.held_on)
        self.kind = QComboBox()
        for item in MeetingKind:
            self.kind.addItem(item.label, item.value)
        self.kind.setCurrentIndex(self.kind.findData(kind.value))
        self._add("kind", "Вид встречи*", self.kind)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("О чём говорили, о чём договорились")
        self.note.setFixedHeight(90)
        self.note.setTabChangesFocus(True)
        self.form.addRow("Заметки", self.note)

    def errors(self) -> dict[str, str]:
        on, problem = read_date(self.held_on.text(), "Укажите дату встречи")
        if problem:
            return {"held_on": problem}
        if on is not None and on > self.today:
            return {"held_on": "Встреча ещё не прошла: запишите её после того, как она состоится"}
        return {}

    def values(self) -> tuple[date, MeetingKind, str]:
        on = parse_date(self.held_on.text())
        assert on is not None
        return on, MeetingKind(self.kind.currentData()), self.note.toPlainText().strip()


# --- the plan table -----------------------------------------------------------------------

COL_TEXT, COL_DUE, COL_DONE = range(3)
PLAN_HEADERS = ("Мероприятие", "Срок", "Выполнено")


@dataclass
class PlanRow:
    """One activity as typed: dates stay text until they are valid, so nothing is lost."""

    text: str = ""
    due: str = ""
    done: str = ""

    def is_empty(self) -> bool:
        return not (self.text.strip() or self.due.strip() or self.done.strip())


class PlanModel(QAbstractTableModel):
    """The plan of a program: editable cells, bad cells marked, problems named by row."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.rows: list[PlanRow] = []
        for signal in (
            self.dataChanged, self.rowsInserted, self.rowsRemoved, self.rowsMoved,
            self.modelReset,
        ):  # fmt: skip
            signal.connect(self.changed)

    def load(self, rows: Iterable[PlanRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PLAN_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return PLAN_HEADERS[section]
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def _cell(self, row: PlanRow, column: int) -> str:
        return (row.text, row.due, row.done)[column]

    def cell_error(self, row: int, column: int) -> str | None:
        item = self.rows[row]
        if column == COL_TEXT:
            if not item.text.strip() and not item.is_empty():
                return "Укажите мероприятие"
            return None
        value, problem = read_date(self._cell(item, column))
        if problem:
            return problem
        if column == COL_DONE and value is not None and value > self.today:
            return "Отметка о выполнении не может быть в будущем"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        item = self.rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._cell(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and self.cell_error(row, column):
            return QBrush(_BAD_CELL)
        if role == Qt.ItemDataRole.DecorationRole and self.cell_error(row, column):
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            # The message of a bad cell; else the whole name of a long activity.
            return self.cell_error(row, column) or (item.text if column == COL_TEXT else None)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DONE:
            return QBrush(_DONE_FG)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value or "")
        item = self.rows[index.row()]
        column = index.column()
        if column == COL_TEXT:
            item.text = " ".join(text.split())
        else:
            parsed, problem = read_date(text)
            # A good date is shown the standard way; a bad one is kept as typed, marked.
            text = format_date(parsed) if parsed and not problem else text.strip()
            if column == COL_DUE:
                item.due = text
            else:
                item.done = text
        row_start, row_end = self.index(index.row(), 0), self.index(index.row(), COL_DONE)
        self.dataChanged.emit(row_start, row_end)  # the text cell's mark depends on the dates
        return True

    # --- row operations -------------------------------------------------------------------
    def insert(self, at: int, row: PlanRow | None = None) -> int:
        at = max(0, min(at, len(self.rows)))
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, row or PlanRow())
        self.endInsertRows()
        return at

    def remove(self, rows: Iterable[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self.rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()

    def move(self, row: int, delta: int) -> int:
        """Move one row up (-1) or down (+1); returns where it is now."""
        target = row + delta
        if not (0 <= row < len(self.rows) and 0 <= target < len(self.rows)):
            return row
        # Qt's destination is the row the moved one goes before, counted before the move.
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.rows.insert(target, self.rows.pop(row))
        self.endMoveRows()
        return target

    def mark_done(self, rows: Iterable[int], on: date) -> int:
        """Done on `on` for the rows not marked yet (an earlier real date is kept)."""
        marked = 0
        for row in sorted(set(rows)):
            item = self.rows[row]
            if item.text.strip() and not item.done.strip():
                item.done = format_date(on)
                marked += 1
        if marked:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, COL_DONE))
        return marked

    # --- reading out ------------------------------------------------------------------------
    def problems(self) -> list[tuple[int, int, str]]:
        """(row, column, message) of every cell that cannot be saved as it is."""
        return [
            (row, column, message)
            for row in range(len(self.rows))
            for column in range(len(PLAN_HEADERS))
            if (message := self.cell_error(row, column))
        ]

    def problem_texts(self) -> list[str]:
        return [
            f"Строка {row + 1}, «{PLAN_HEADERS[column]}»: {message}"
            for row, column, message in self.problems()
        ]

    def items(self) -> list[tuple[str, date | None, date | None]]:
        """The plan for the service; call only when problems() is empty."""
        return [
            (row.text.strip(), parse_date(row.due), parse_date(row.done))
            for row in self.rows
            if row.text.strip()
        ]

    def counts(self) -> tuple[int, int]:
        """(done, total) over the activities named, counting only readable done dates."""
        done = total = 0
        for number, row in enumerate(self.rows):
            if not row.text.strip():
                continue
            total += 1
            if row.done.strip() and self.cell_error(number, COL_DONE) is None:
                done += 1
        return done, total

    def state(self) -> tuple[tuple[str, str, str], ...]:
        return tuple((r.text.strip(), r.due.strip(), r.done.strip()) for r in self.rows
                     if not r.is_empty())  # fmt: skip


class DateDelegate(QStyledItemDelegate):
    """The cell editor of a date column: ДД.ММ.ГГГГ as a hint, ten characters at most."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText("ДД.ММ.ГГГГ")
        editor.setMaxLength(10)
        editor.setFrame(False)
        return editor


class RowsModel(ListTableModel[tuple[Any, ...]]):
    """A read-only table of text rows (meetings, history); the first value is a row key."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
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


def _table(model: QAbstractTableModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    header.setMinimumSectionSize(110)
    rows = view.verticalHeader()
    rows.setDefaultSectionSize(26)
    rows.setMinimumSectionSize(26)
    if not isinstance(model, PlanModel):  # read-only lists: long notes wrap, no numbers
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.hide()
    return view


# --- the program ------------------------------------------------------------------------------


class ProgramDialog(QDialog):
    """Персонализированная программа of one pair or group: goal, plan, meetings, history."""

    def __init__(self, ctx: AppContext, mentorship_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mentorship_id = mentorship_id
        self.today = ctx.today()
        self.setWindowTitle("Персонализированная программа")
        self.setObjectName("programDialog")

        with ctx.db.session() as session:
            self.pair = pairs.program_view(session, mentorship_id)

        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.facts = QLabel()
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet(HINT_STYLE)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_goal_tab(), "Цели и задачи")
        self.tabs.addTab(self._build_plan_tab(), "План")
        self.tabs.addTab(self._build_meetings_tab(), "Встречи")
        self.tabs.addTab(self._build_history_tab(), "История")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

        self._fill()
        self._initial = self._state()
        self.resize(820, 600)

    # --- building -------------------------------------------------------------------------
    def _build_goal_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.goal = QPlainTextEdit()
        self.goal.setObjectName("goal")
        self.goal.setPlaceholderText("Чего наставляемый должен достичь к концу программы")
        self.goal.setFixedHeight(72)
        self.goal.setTabChangesFocus(True)
        form.addRow("Цель", self.goal)
        self.tasks = QPlainTextEdit()
        self.tasks.setObjectName("tasks")
        self.tasks.setPlaceholderText("По одной задаче в строке")
        self.tasks.setTabChangesFocus(True)
        form.addRow("Задачи", self.tasks)
        # Shown, not edited: a working program's term changes by «Продлить…» (history).
        self.ends_on = date_edit()
        self.ends_on.setObjectName("ends_on")
        self.ends_on.setReadOnly(True)
        self.ends_field = FieldWithError(self.ends_on)
        form.addRow("Плановое окончание", self.ends_field)
        self.ends_hint = hint(
            "Изменить срок — кнопка «Продлить…» на карточке пары: прежний и новый сроки "
            "попадут в историю."
        )
        self.ends_hint.setObjectName("ends_hint")
        form.addRow("", self.ends_hint)
        self.goal_form = form
        return page

    def _build_plan_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.plan = PlanModel(self.today, self)
        self.plan_view = _table(self.plan, COL_TEXT)
        self.plan_view.setObjectName("plan")
        self.plan_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.plan_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.plan_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.plan_view.setItemDelegateForColumn(COL_DUE, DateDelegate(self.plan_view))
        self.plan_view.setItemDelegateForColumn(COL_DONE, DateDelegate(self.plan_view))
        buttons = QHBoxLayout()
        self.add_row_button = self._button("Добавить", self.add_row, buttons)
        self.delete_row_button = self._button("Удалить", self.delete_rows, buttons)
        self.up_button = self._button("Выше", lambda: self.move_row(-1), buttons)
        self.down_button = self._button("Ниже", lambda: self.move_row(1), buttons)
        buttons.addStretch()
        self.mark_button = self._button("Отметить выполненным", self.mark_done, buttons)
        style = self.style()
        self.up_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.down_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.plan.changed.connect(self._show_progress)
        layout.addLayout(buttons)
        layout.addWidget(self.plan_view, 1)
        layout.addWidget(self.progress)
        layout.addWidget(hint("Даты — в виде ДД.ММ.ГГГГ. Чтобы изменить ячейку, начните печатать "
                               "или нажмите F2."))  # fmt: skip
        return page

    def _build_meetings_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.add_meeting_button = self._button("Добавить встречу…", self.add_meeting, buttons)
        self.delete_meeting_button = self._button("Удалить", self.delete_meeting, buttons)
        buttons.addStretch()
        self.meetings = RowsModel(("Дата", "Вид", "Заметки"), self)
        self.meetings_view = _table(self.meetings, 2)
        self.meetings_view.setObjectName("meetings")
        self.meetings_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.last_meeting = QLabel()
        self.last_meeting.setObjectName("last_meeting")
        layout.addLayout(buttons)
        layout.addWidget(self.meetings_view, 1)
        layout.addWidget(self.last_meeting)
        return page

    def _build_history_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history = RowsModel(("Дата", "Событие", "Подробности"), self)
        self.history_view = _table(self.history, 2)
        self.history_view.setObjectName("history")
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.history_view)
        return page

    def _button(self, text: str, slot: Callable[[], Any], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter in a cell must not press a button
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # --- filling --------------------------------------------------------------------------
    def _fill(self) -> None:
        pair = self.pair
        if pair is None:
            self.title.setText("Пара или группа не найдена: возможно, её уже удалили")
            self.tabs.setEnabled(False)
            self.save_button.setEnabled(False)
            self.ends_field.hide()
            self._show_progress()
            return
        self.title.setText(f"{pair.mentor} → {', '.join(pair.mentees)}")
        self.facts.setText(self._facts_text(pair))
        self.goal.setPlainText(pair.goal)
        self.tasks.setPlainText(pair.tasks)
        started = pair.started_on is not None
        self.goal_form.setRowVisible(self.ends_field, started)
        self.goal_form.setRowVisible(self.ends_hint, started and pair.status is Status.ACTIVE)
        self.ends_on.setText(format_date(pair.ends_on))
        self.plan.load(
            PlanRow(i.text, format_date(i.due_on), format_date(i.done_on)) for i in pair.plan
        )
        self._show_progress()
        self.reload_facts()

    def _facts_text(self, pair: pairs.ProgramView) -> str:
        group = len(pair.mentees) > 1
        parts = [
            f"{'Группа' if group else 'Пара'}: {pair.form.label}, {pair.kind.label}",
            f"статус: {pair.status.label}",
        ]
        if pair.order_number:
            parts.append(f"приказ № {pair.order_number} от {format_date(pair.order_date)}")
        if pair.started_on:
            term = f"срок: {format_date(pair.started_on)} – {format_date(pair.ends_on)}"
            if pair.ended_on:
                term += f", завершена {format_date(pair.ended_on)}"
                if pair.end_reason:
                    term += f" — {pair.end_reason.label}"
            parts.append(term)
        elif pair.status is Status.APPROVED:
            parts.append("работа ещё не начата")
        return " · ".join(parts)

    def reload_facts(self) -> None:
        """Meetings and history: what is already written, read again after each change."""
        with self.ctx.db.session() as session:
            meetings, events = pairs.program_history(session, self.mentorship_id)
        self.meeting_kinds = [m.kind for m in meetings]
        self.meetings.load((m.id, format_date(m.held_on), m.kind.label, m.note) for m in meetings)
        if meetings:
            self.last_meeting.setText(f"Последняя встреча: {format_date(meetings[-1].held_on)}")
        else:
            self.last_meeting.setText("Встреч ещё не было")
        self.history.load((e.id, format_date(e.happened_on), e.kind.label, e.text) for e in events)

    def _show_progress(self) -> None:
        done, total = self.plan.counts()
        share = plan_share(done, total)
        target = round(PLAN_DONE_TARGET * 100)
        if share is None:
            self.progress.setText(f"План пока пуст — нужно выполнить не меньше {target} %")
            self.progress.setStyleSheet(HINT_STYLE)
            return
        self.progress.setText(
            f"Выполнено: {done} из {total} ({round(share * 100)} %) — нужно не меньше {target} %"
        )
        end = self.pair.ends_on if self.pair else None
        over = self.pair is not None and (
            self.pair.status is Status.ENDED or (end is not None and self.today > end)
        )
        behind = share < PLAN_DONE_TARGET and over
        self.progress.setStyleSheet(ERROR_STYLE if behind else HINT_STYLE)
        self.progress.setProperty("behind", behind)

    # --- the plan ---------------------------------------------------------------------------
    def _selected_rows(self) -> list[int]:
        selection = self.plan_view.selectionModel()
        rows = {i.row() for i in selection.selectedIndexes()}
        current = self.plan_view.currentIndex()
        if not rows and current.isValid():
            rows.add(current.row())
        return sorted(rows)

    def _focus_cell(self, row: int, column: int, edit: bool = False) -> None:
        index = self.plan.index(row, column)
        self.plan_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.plan_view.scrollTo(index)
        self.plan_view.setFocus()
        if edit:
            self.plan_view.edit(index)

    def add_row(self) -> None:
        """A new activity after the selected one (or at the end), its name ready to type."""
        rows = self._selected_rows()
        row = self.plan.insert(rows[-1] + 1 if rows else len(self.plan.rows))
        self._focus_cell(row, COL_TEXT, edit=True)

    def delete_rows(self) -> None:
        rows = self._selected_rows()
        if not rows:
            return
        self.plan.remove(rows)
        if self.plan.rows:
            self._focus_cell(min(rows[0], len(self.plan.rows) - 1), COL_TEXT)

    def move_row(self, delta: int) -> None:
        rows = self._selected_rows()
        if len(rows) != 1:
            return
        column = max(self.plan_view.currentIndex().column(), 0)
        self._focus_cell(self.plan.move(rows[0], delta), column)

    def mark_done(self) -> None:
        self.plan.mark_done(self._selected_rows(), self.today)

    # --- meetings (facts: written at once) ------------------------------------------------
    def add_meeting(self) -> None:
        dialog = MeetingDialog(
            self, self.today, suggested_meeting_kind(self.meeting_kinds), self._save_meeting
        )
        dialog.exec()

    def _save_meeting(self, dialog: MeetingDialog) -> bool:
        held_on, kind, note = dialog.values()
        try:
            with self.ctx.action(Changes.PAIRS) as session:
                pairs.add_meeting(session, self.mentorship_id, held_on, kind, note, self.today)
        except pairs.PairError as exc:
            QMessageBox.warning(dialog, "Встреча", str(exc))
            return False
        except Exception as exc:
            show_failure(dialog, exc, None)
            return False
        self.reload_facts()
        return True

    def delete_meeting(self) -> None:
        rows = sorted({i.row() for i in self.meetings_view.selectionModel().selectedRows()})
        if not rows:
            current = self.meetings_view.currentIndex()
            rows = [current.row()] if current.isValid() else []
        if not rows:
            return
        chosen = [self.meetings.rows[r] for r in rows]
        listed = ", ".join(f"{row[1]} ({row[2]})" for row in chosen)
        answer = QMessageBox.question(
            self,
            "Удалить встречу",
            f"Удалить {'встречу' if len(chosen) == 1 else 'встречи'}: {listed}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.ctx.action(Changes.PAIRS) as session:
                for row in chosen:
                    pairs.delete_meeting(session, int(row[0]))
        except Exception as exc:
            show_failure(self, exc, None)
        self.reload_facts()

    # --- saving -----------------------------------------------------------------------------
    def _state(self) -> tuple[Any, ...]:
        return (
            self.goal.toPlainText().strip(),
            self.tasks.toPlainText().strip(),
            self.plan.state(),
        )

    def is_changed(self) -> bool:
        return self._state() != self._initial

    def accept(self) -> None:
        if self.pair is None:
            return
        for editor in self.plan_view.viewport().findChildren(QLineEdit):
            if editor.isVisible():  # a cell still being typed in is saved too
                self.plan_view.commitData(editor)
        plan_problems = self.plan.problem_texts()
        if plan_problems:
            self.tabs.setCurrentIndex(1)
            row, column, _ = self.plan.problems()[0]
            self._focus_cell(row, column)
            shown = plan_problems[:8] + (["…"] if len(plan_problems) > 8 else [])
            QMessageBox.warning(
                self,
                "Программа не сохранена",
                "Исправьте план (ячейки отмечены цветом):\n\n" + "\n".join(shown),
            )
            return
        try:
            with self.ctx.action(Changes.PAIRS) as session:
                pairs.set_program(
                    session, self.mentorship_id, self.goal.toPlainText(),
                    self.tasks.toPlainText(), None,
                )  # fmt: skip
                pairs.set_plan(session, self.mentorship_id, self.plan.items(), self.today)
        except pairs.PairError as exc:
            QMessageBox.warning(self, "Программа не сохранена", str(exc))
            return
        except Exception as exc:
            show_failure(self, exc, None)
            return
        super().accept()

    def reject(self) -> None:
        if self.is_changed():
            answer = QMessageBox.question(
                self,
                "Персонализированная программа",
                "Программа изменена. Закрыть без сохранения? Изменения будут потеряны.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
