"""«Анкеты нетворкинга»: whom each mentee would like as a mentor, and each mentor as a mentee.

Two tabs, one table each: a chooser per row and up to three ranked choices, picked from
a combo. Every change is saved at once in its own small transaction, so nothing waits
for a «Сохранить». Answers also come from a simple .xlsx (exchange.preferences), shown
first and written in one transaction after the curator agrees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.participants import Category
from mentor_desk.domain.text import count_ru, fold
from mentor_desk.exchange.preferences import (
    MAX_CHOICES,
    read_preferences,
    save_sample,
)
from mentor_desk.exchange.reading import FileProblem
from mentor_desk.queries.board import Board, BoardPerson, read_board
from mentor_desk.services.pairs import apply_preferences
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.delegates import CHOICES_ROLE, ComboDelegate
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.files import TABLE_FILTER, choose_open, choose_save
from mentor_desk.ui.tables import ListTableModel

Index = QModelIndex | QPersistentModelIndex
TITLE = "Анкеты нетворкинга"
NONE_LABEL = "— нет —"
SHOWN_PROBLEMS = 20
STALE_BRUSH = QBrush(QColor("#8a8a8a"))
FILES_KEY = "preferences"


def detail_of(person: BoardPerson) -> str:
    """What tells namesakes apart in a list: the class, else the position, else the category."""
    row = person.row
    if row.class_name:
        return row.class_name
    if row.position:
        return row.position
    return Category(row.category).label


def label_of(person: BoardPerson) -> str:
    """A person as the combo lists them: «Орлова Анна Ивановна (учитель)»."""
    detail = detail_of(person)
    return f"{person.name} ({detail})" if detail else person.name


@dataclass
class ChooserRow:
    id: int
    name: str
    detail: str
    choices: list[int]  # ranked person ids, at most three


class ChoicesModel(ListTableModel[ChooserRow]):
    """Choosers with their ranked choices; an edit is saved through `save` before it shows."""

    headers = ("ФИО", "Класс / должность", "1-й выбор", "2-й выбор", "3-й выбор")
    FIRST_CHOICE = 2

    refused = Signal(str)  # why an edit was not taken, for the dialog to tell

    def __init__(
        self, save: Callable[[int, list[int]], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.save = save
        self.people: dict[int, BoardPerson] = {}
        self.candidates: list[int] = []
        self._candidate_set: set[int] = set()

    def fill(
        self, rows: list[ChooserRow], people: dict[int, BoardPerson], candidates: list[int]
    ) -> None:
        self.people, self.candidates = people, candidates
        self._candidate_set = set(candidates)
        self.load(rows)

    def short(self, person_id: int) -> str:
        person = self.people.get(person_id)
        return person.short if person else "?"

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() >= self.FIRST_CHOICE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _choice(self, row: ChooserRow, column: int) -> int | None:
        rank = column - self.FIRST_CHOICE
        return row.choices[rank] if 0 <= rank < len(row.choices) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        chosen = self._choice(row, column)
        stale = chosen is not None and chosen not in self._candidate_set
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.name
            if column == 1:
                return row.detail
            return self.short(chosen) if chosen is not None else ""
        if role == Qt.ItemDataRole.EditRole:
            return chosen if column >= self.FIRST_CHOICE else None
        if role == Qt.ItemDataRole.ToolTipRole and column < self.FIRST_CHOICE:
            return row.name if column == 0 else row.detail
        if role == Qt.ItemDataRole.ToolTipRole and chosen is not None:
            person = self.people.get(chosen)
            text = label_of(person) if person else ""
            return f"{text}\nуже не в списке: в архиве или снята отметка роли" if stale else text
        if role == Qt.ItemDataRole.ForegroundRole and stale:
            return STALE_BRUSH
        if role == CHOICES_ROLE and column >= self.FIRST_CHOICE:
            choices: list[tuple[str, int | None]] = [(NONE_LABEL, None)]
            ids = [c for c in self.candidates if c != row.id]
            if stale and chosen is not None:
                ids.append(chosen)
            choices += [(label_of(self.people[c]), c) for c in ids if c in self.people]
            return choices
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() < self.FIRST_CHOICE:
            return False
        row = self.rows[index.row()]
        rank = index.column() - self.FIRST_CHOICE
        chosen = int(value) if value is not None else None
        slots: list[int | None] = [*row.choices, *[None] * MAX_CHOICES][:MAX_CHOICES]
        if chosen is not None and chosen in slots and slots.index(chosen) != rank:
            self.refused.emit(
                f"{self.people[chosen].name} уже указан(а) в анкете «{row.name}» — "
                f"{slots.index(chosen) + 1}-й выбор. Один человек выбирается только один раз: "
                "сначала уберите его оттуда или выберите другого."
            )
            return False
        if chosen == row.id:
            self.refused.emit("Нельзя выбрать самого себя.")
            return False
        slots[rank] = chosen
        ranked = [c for c in slots if c is not None]
        if ranked == row.choices:
            return False
        if not self.save(row.id, ranked):
            return False
        row.choices = ranked  # an emptied rank closes up: ranks stay 1, 2, 3
        self.dataChanged.emit(
            self.index(index.row(), self.FIRST_CHOICE),
            self.index(index.row(), len(self.headers) - 1),
        )
        return True


class ChooserFilter(QSortFilterProxyModel):
    """Rows whose name, class or choices hold every word of the search, ё and case ignored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self.words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.words:
            return True
        model = self.sourceModel()
        assert isinstance(model, ChoicesModel)
        row = model.rows[source_row]
        names = [model.people[c].name for c in row.choices if c in model.people]
        text = fold(" ".join([row.name, row.detail, *names]))
        return all(word in text for word in self.words)


class ChoicesPanel(QWidget):
    """One side of the questionnaire: mentees choosing mentors, or mentors choosing mentees."""

    def __init__(self, ctx: AppContext, as_mentee: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.as_mentee = as_mentee
        self.setObjectName("menteeChoices" if as_mentee else "mentorChoices")
        self.search = QLineEdit()
        self.search.setObjectName("preferenceSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Поиск: фамилия, класс, должность или выбранный…")
        self.summary = QLabel()
        self.summary.setObjectName("preferenceSummary")
        self.model = ChoicesModel(self._save, self)
        self.model.refused.connect(self._refuse, Qt.ConnectionType.QueuedConnection)
        self.proxy = ChooserFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_query)
        self.view = QTableView()
        self.view.setObjectName("preferenceTable")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ComboDelegate(self.view, visible=20))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in range(ChoicesModel.FIRST_CHOICE, len(ChoicesModel.headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.model.modelReset.connect(self._update_summary)
        self.model.dataChanged.connect(lambda *_: self._update_summary())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def load(self, board: Board) -> None:
        active = [p for p in board.people.values() if not p.row.archived]
        mentees = sorted((p for p in active if p.row.is_mentee), key=lambda p: p.row.search_key)
        if self.as_mentee:
            choosers, candidates = mentees, board.mentors
        else:
            choosers, candidates = board.mentors, mentees
        rows = [
            ChooserRow(p.id, p.name, detail_of(p),
                       list(board.preferences.get((p.id, self.as_mentee), ())))
            for p in choosers
        ]  # fmt: skip
        self.model.fill(rows, board.people, [p.id for p in candidates])
        for column, widest in ((0, 360), (1, 220)):
            self.view.resizeColumnToContents(column)
            width = self.view.columnWidth(column) + 12
            self.view.setColumnWidth(column, min(max(width, 120), widest))

    def _update_summary(self) -> None:
        rows = self.model.rows
        if not rows:
            who = "наставляемых" if self.as_mentee else "наставников"
            self.summary.setText(f"В реестре нет {who}: отметьте роль в карточке участника")
            return
        filled = sum(1 for r in rows if r.choices)
        self.summary.setText(f"Заполнено анкет: {filled} из {len(rows)}")

    def _save(self, chooser_id: int, ranked: list[int]) -> bool:
        from mentor_desk.services.pairs import PairError, set_preferences

        try:
            with self.ctx.action(Changes.PAIRS) as session:
                set_preferences(session, chooser_id, self.as_mentee, ranked)
        except PairError as exc:
            self._refuse(str(exc))
            return False
        except Exception as exc:
            # Not inside the editor's commit: a modal box there would commit it once more.
            log_file = self.ctx.log_file
            QTimer.singleShot(0, lambda failure=exc: show_failure(self, failure, log_file))
            return False
        return True

    def _refuse(self, message: str) -> None:
        QTimer.singleShot(0, lambda: QMessageBox.warning(self, TITLE, message))


class PreferencesDialog(QDialog):
    """Анкеты нетворкинга: two tables of ranked choices, an .xlsx import and its sample."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(TITLE)
        self.resize(1020, 600)
        self.mentees = ChoicesPanel(ctx, True, self)
        self.mentors = ChoicesPanel(ctx, False, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.mentees, "Наставляемые выбирают наставников")
        self.tabs.addTab(self.mentors, "Наставники выбирают наставляемых")
        hint = QLabel(
            "До трёх человек в порядке предпочтения. Дважды щёлкните ячейку выбора, чтобы "
            "указать человека, или выберите «— нет —», чтобы убрать. Каждое изменение "
            "сохраняется сразу; анкеты учитываются при автоматическом подборе пар."
        )
        hint.setWordWrap(True)
        load_button = QPushButton("Загрузить из Excel…")
        load_button.setObjectName("importPreferences")
        load_button.clicked.connect(self.import_file)
        sample_button = QPushButton("Скачать образец…")
        sample_button.setObjectName("preferenceSample")
        sample_button.clicked.connect(self.save_sample_file)
        close_button = QPushButton("Закрыть")
        close_button.setObjectName("closePreferences")
        close_button.setAutoDefault(False)
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(load_button)
        buttons.addWidget(sample_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.reload()

    def panel(self, as_mentee: bool) -> ChoicesPanel:
        return self.mentees if as_mentee else self.mentors

    def reload(self) -> None:
        board = read_board(self.ctx.db.reader, self.ctx.today())
        self.mentees.load(board)
        self.mentors.load(board)

    def import_file(self) -> None:
        path = choose_open(self, FILES_KEY, "Загрузить анкеты нетворкинга", TABLE_FILTER)
        if path is None:
            return
        try:
            plan = read_preferences(path, self.ctx.db.reader)
        except FileProblem as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return
        valid, problems = plan.valid, plan.problem_lines()
        who = (
            "наставляемые выбирают наставников"
            if plan.as_mentee
            else "наставники выбирают наставляемых"
        )
        text = (
            f"Файл «{path.name}», лист «{plan.sheet}»: {who}.\n\n"
            f"Готово к загрузке: {count_ru(len(valid), 'анкета', 'анкеты', 'анкет')}. "
            f"Пропускается строк с ошибками: {len(problems)}."
        )
        if problems:
            text += "\n\n" + "\n".join(problems[:SHOWN_PROBLEMS])
            if len(problems) > SHOWN_PROBLEMS:
                text += f"\n… и ещё {len(problems) - SHOWN_PROBLEMS}"
        if not valid:
            QMessageBox.warning(self, TITLE, text + "\n\nЗагружать нечего.")
            return
        text += "\n\nЗагрузить? Прежние ответы этих участников будут заменены."
        answer = QMessageBox.question(self, TITLE, text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        outcome = run_action(
            self, self.ctx, Changes.PAIRS,
            lambda session: apply_preferences(session, plan.answers()), title=TITLE,
        )  # fmt: skip
        if not outcome:
            return
        written = outcome.value or 0
        self.reload()
        self.tabs.setCurrentWidget(self.panel(plan.as_mentee))
        QMessageBox.information(
            self, TITLE, f"Загружено: {count_ru(written, 'анкета', 'анкеты', 'анкет')}."
        )

    def save_sample_file(self) -> None:
        path = choose_save(
            self, FILES_KEY, "Сохранить образец анкеты", "Анкеты нетворкинга — образец.xlsx"
        )
        if path is None:
            return
        try:
            save_sample(path)
        except Exception as exc:
            show_failure(self, exc, self.ctx.log_file)
            return
        QMessageBox.information(
            self,
            TITLE,
            f"Образец сохранён: {path}\n\nЗаполните его (одна строка — одна анкета) и "
            "загрузите кнопкой «Загрузить из Excel…».",
        )
