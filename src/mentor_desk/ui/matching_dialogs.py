"""«Подобрать автоматически» and «Веса подбора»: the board's matching dialogs.

The proposal is computed by domain.matching.assign (an exact optimum over the whole pool,
the pairs already on the board kept); the curator accepts it pair by pair or all at once,
and the accepted pairs become drafts in one undoable board action.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.matching import WEIGHT_LABELS, Score, Weights, assign, score
from mentor_desk.domain.pairs import NO_MEETINGS_WEEKS
from mentor_desk.services.board import (
    NO_MEETINGS_KEY,
    WEIGHTS_KEY,
    read_no_meetings_weeks,
    read_weights,
)
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.errors import show_failure

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.ui.board_tab import BoardTab

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Proposal:
    mentee_id: int
    mentor_id: int
    mentee: str
    mentor: str
    score: Score
    accepted: bool = True


class ProposalModel(QAbstractTableModel):
    HEADERS = ("Принять", "Наставляемый", "Наставник", "Баллы", "Общие темы", "Форма")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Proposal] = []

    def load(self, rows: list[Proposal]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def set_all(self, accepted: bool) -> None:
        for row in self.rows:
            row.accepted = accepted
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if row.accepted else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            values = ("", row.mentee, row.mentor, f"{row.score.total:.1f}",
                      ", ".join(sorted(row.score.shared)) or "—",
                      row.score.forms[0].label if row.score.forms else "")  # fmt: skip
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return "\n".join(f"{name}: {points:.1f}" for name, points in row.score.parts)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            self.rows[index.row()].accepted = Qt.CheckState(value) == Qt.CheckState.Checked
            self.dataChanged.emit(index, index)
            return True
        return False


class AutoMatchDialog(QDialog):
    """A draft of new pairs for every free mentee, to accept pair by pair or all at once."""

    def __init__(self, tab: BoardTab, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tab = tab
        self.setObjectName("autoMatchDialog")
        self.setWindowTitle("Подобрать автоматически")
        self.resize(860, 560)
        self.participation = QCheckBox("Как можно больше пар (сначала — число пар, затем баллы)")
        self.participation.setObjectName("participation")
        self.participation.toggled.connect(self.compute)
        self.summary = QLabel()
        self.summary.setObjectName("matchSummary")
        self.summary.setWordWrap(True)
        self.model = ProposalModel(self)
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        self.view = QTableView()
        self.view.setObjectName("proposals")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        check_all = QPushButton("Отметить все")
        check_all.clicked.connect(lambda: self.model.set_all(True))
        check_none = QPushButton("Снять все")
        check_none.clicked.connect(lambda: self.model.set_all(False))
        self.accept_button = QPushButton("Принять отмеченные")
        self.accept_button.setObjectName("acceptChecked")
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.accept_checked)
        reject = QPushButton("Отклонить все")
        reject.setObjectName("rejectAll")
        reject.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(check_all)
        buttons.addWidget(check_none)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.participation)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.compute()

    def compute(self) -> None:
        board = self.tab.board
        assert board is not None
        weights = read_weights(self.tab.ctx.db.reader)
        mentees = {p.id: board.mentee_profile(p) for p in board.free_mentees}
        mentors = {p.id: board.mentor_profile(p) for p in board.mentors}
        pairs = assign(mentees.values(), mentors.values(), weights,
                       maximize_participation=self.participation.isChecked())  # fmt: skip
        rows = []
        for mentee_id, mentor_id in pairs:
            found = score(mentees[mentee_id], mentors[mentor_id], weights)
            assert found is not None  # assign() proposes allowed pairs only
            rows.append(Proposal(mentee_id, mentor_id, board.people[mentee_id].name,
                                 board.people[mentor_id].name, found))  # fmt: skip
        rows.sort(key=lambda p: (p.mentor, p.mentee))
        self.model.load(rows)
        self.view.resizeColumnsToContents()
        total = sum(p.score.total for p in rows)
        left = len(mentees) - len(rows)
        self.summary.setText(
            f"Предложено пар: {len(rows)} для {len(mentees)} наставляемых без наставника; "
            f"сумма баллов {total:.1f}. "
            + (f"Без пары останутся: {left} (нет подходящей формы или свободных мест). "
               if left else "")
            + "Пары, уже составленные на доске, сохраняются. Принятые пары станут "
            "черновиками; отменить — Ctrl+Z."
        )  # fmt: skip
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = sum(1 for p in self.model.rows if p.accepted)
        self.accept_button.setText(f"Принять отмеченные ({count})")
        self.accept_button.setEnabled(count > 0)

    def accept_checked(self) -> None:
        from mentor_desk.services import pairs

        chosen = [p for p in self.model.rows if p.accepted]
        today = self.tab.ctx.today()

        def run(session: Session) -> list[int]:
            return [pairs.create(session, p.mentor_id, [p.mentee_id], today) for p in chosen]

        if self.tab.perform(f"Автоподбор: {len(chosen)} пар", [], run) is not None:
            self.accept()


class WeightsDialog(QDialog):
    """Веса подбора and the «нет встреч» threshold: school settings kept in the database."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("weightsDialog")
        self.setWindowTitle("Настройки подбора")
        weights = read_weights(ctx.db.reader)
        self.spins: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        for name, label in WEIGHT_LABELS.items():
            spin = QDoubleSpinBox()
            spin.setObjectName(f"weight_{name}")
            spin.setRange(0.0, 10.0)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setValue(getattr(weights, name))
            self.spins[name] = spin
            form.addRow(f"{label}:", spin)
        self.weeks = QSpinBox()
        self.weeks.setObjectName("noMeetingsWeeks")
        self.weeks.setRange(1, 26)
        self.weeks.setValue(read_no_meetings_weeks(ctx.db.reader))
        self.weeks.setSuffix(" нед.")
        form.addRow("Отмечать «нет встреч» после:", self.weeks)
        note = QLabel(
            "Вес 0 выключает часть оценки. Баллы пары — сумма частей; каждая часть не больше "
            "своего веса."
        )
        note.setWordWrap(True)
        defaults = QPushButton("По умолчанию")
        defaults.clicked.connect(self.reset)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.addButton(defaults, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def reset(self) -> None:
        for field in fields(Weights):
            self.spins[field.name].setValue(float(field.default))  # type: ignore[arg-type]
        self.weeks.setValue(NO_MEETINGS_WEEKS)

    def values(self) -> Weights:
        return Weights(**{name: spin.value() for name, spin in self.spins.items()})

    def save(self) -> None:
        from mentor_desk.services import pairs

        try:
            with self.ctx.action() as session:
                pairs.save_setting(session, WEIGHTS_KEY, asdict(self.values()))
                pairs.save_setting(session, NO_MEETINGS_KEY, self.weeks.value())
        except Exception as exc:
            show_failure(self, exc, None)
            return
        self.accept()
