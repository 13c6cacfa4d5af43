"""«Подобрать автоматически» and «Веса подбора»: the board's matching dialogs.

The proposal comes from services.matching.propose (pool, projected loads, each pair's
warnings); the dialog only presents it: the curator accepts it pair by pair or all at once,
and the accepted pairs become drafts in one undoable board action (BoardActions.perform).
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
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

from mentor_desk.domain.matching import WEIGHT_LABELS, Weights
from mentor_desk.domain.pairs import NO_MEETINGS_WEEKS, WarningKind
from mentor_desk.domain.text import count_ru
from mentor_desk.queries.board import (
    NO_MEETINGS_KEY,
    WEIGHTS_KEY,
    read_no_meetings_weeks,
    read_weights,
)
from mentor_desk.services.matching import Proposal
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.board_models import SHORT_PART_NAMES
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.tables import Index, ListTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.ui.board_actions import BoardActions

WARN_COLOR = QColor("#b3261e")


class ProposalModel(ListTableModel[Proposal]):
    """The proposed pairs: accept, who, the warnings, the score and each of its parts."""

    FIRST = ("Принять", "Наставляемый", "Наставник", "Предупреждения", "Баллы")
    LAST = ("Общие темы", "Форма")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.part_names = list(WEIGHT_LABELS.values())
        self.unchecked: set[int] = set()  # rows the curator does not accept

    @property
    def headers(self) -> tuple[str, ...]:  # type: ignore[override]
        parts = tuple(SHORT_PART_NAMES.get(name, name) for name in self.part_names)
        return (*self.FIRST, *parts, *self.LAST)

    def load(self, rows: Any) -> None:
        self.unchecked = set()
        super().load(rows)

    def accepted(self) -> list[Proposal]:
        return [p for n, p in enumerate(self.rows) if n not in self.unchecked]

    def set_all(self, accepted: bool) -> None:
        self.unchecked = set() if accepted else set(range(len(self.rows)))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        first = len(self.FIRST)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if first <= section < first + len(self.part_names):
                return self.part_names[section - first]
            if section == 3:
                return "Что будет на карточке пары: согласия, обучение наставника, места"
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        parts = row.score.parts
        first = len(self.FIRST)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            checked = index.row() not in self.unchecked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column < first:
                warned = f"⚠ {'; '.join(short_warnings(row))}" if row.warnings else "—"
                return ("", row.mentee, row.mentor, warned, f"{row.score.total:.1f}")[column]
            if column < first + len(parts):
                return f"{parts[column - first][1]:.1f}"
            if column == first + len(parts):
                return ", ".join(sorted(row.score.shared)) or "—"
            return row.score.forms[0].label if row.score.forms else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return row.mentee_name or row.mentee
            if column == 2:
                return row.mentor_name or row.mentor
            if column == 3 and row.warnings:
                return "\n".join(f"⚠ {w}" for w in row.warnings)
            if column == 4:
                return "\n".join(f"{name}: {points:.1f}" for name, points in parts)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.warnings:
            return QBrush(WARN_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and 4 <= column < first + len(parts):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.row_at(index) is None or index.column() != 0:
            return False
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.unchecked.discard(index.row())
        else:
            self.unchecked.add(index.row())
        self.dataChanged.emit(index, index)
        return True


SHORT_WARNINGS = {
    WarningKind.NO_CONSENT: "нет согласия на ПДн",
    WarningKind.NO_MENTOR_CONSENT: "нет письменного согласия наставника",
    WarningKind.NOT_TRAINED: "наставник не обучен",
    WarningKind.OVER_CAPACITY: "у наставника нет мест",
    WarningKind.NOT_OLDER: "наставник не старше",
    WarningKind.SAME_MENTOR_AGAIN: "уже были в паре",
}


def short_warnings(row: Proposal) -> list[str]:
    """The warnings in a few words each: the row names both people already."""
    found = []
    for warning in row.warnings:
        text = SHORT_WARNINGS.get(warning.kind, str(warning))
        if warning.kind is WarningKind.NO_CONSENT:
            text += " (наставник)" if warning.startswith(row.mentor) else " (наставляемый)"
        found.append(text)
    return found


class AutoMatchDialog(QDialog):
    """A draft of new pairs for every free mentee, to accept pair by pair or all at once."""

    def __init__(self, board: BoardActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board_actions = board
        self.setObjectName("autoMatchDialog")
        self.setWindowTitle("Подобрать автоматически")
        self.resize(1220, 600)
        self.participation = QCheckBox("Как можно больше пар (сначала — число пар, затем баллы)")
        self.participation.setObjectName("participation")
        self.participation.toggled.connect(self.compute)
        self.ready_only = QCheckBox(
            "Только готовые наставники (обучение, письменное согласие, согласие на ПДн)"
        )
        self.ready_only.setObjectName("readyOnly")
        self.ready_only.toggled.connect(self.compute)
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
        self.view.setWordWrap(False)
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
        options = QHBoxLayout()
        options.addWidget(self.participation)
        options.addWidget(self.ready_only)
        options.addStretch(1)
        layout.addLayout(options)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.compute()

    def compute(self) -> None:
        from mentor_desk.services import matching

        proposal = matching.propose(
            self.board_actions.current_board(), read_weights(self.board_actions.ctx.db.reader),
            maximize_participation=self.participation.isChecked(),
            ready_only=self.ready_only.isChecked(),
        )  # fmt: skip
        self.model.load(proposal.pairs)
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        header.resizeSection(3, min(header.sectionSize(3), 380))  # the tooltip has it all
        left, warned, skipped = proposal.left, proposal.warned, proposal.skipped
        self.summary.setText(
            f"Предложено пар: {len(proposal.pairs)} для {proposal.pool} наставляемых без "
            f"наставника; сумма баллов {proposal.total:.1f}. "
            + (f"Без пары останутся: {left} (нет подходящей формы или свободных мест). "
               if left else "")
            + (f'<span style="color:{WARN_COLOR.name()}">С предупреждениями: {warned}.</span> '
               if warned else "")
            + (f"Не готовых наставников не предлагаем: {skipped}. " if skipped else "")
            + "Пары, уже составленные на доске, сохраняются. Принятые пары станут "
            "черновиками; отменить — Ctrl+Z."
        )  # fmt: skip
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.model.accepted())
        self.accept_button.setText(f"Принять отмеченные ({count})")
        self.accept_button.setEnabled(count > 0)

    def accept_checked(self) -> None:
        from mentor_desk.services import matching

        chosen = self.model.accepted()
        today = self.board_actions.ctx.today()

        def run(session: Session) -> list[int]:
            return matching.accept(session, chosen, today)

        text = f"Автоподбор: {count_ru(len(chosen), 'пара', 'пары', 'пар')}"
        if self.board_actions.perform(text, [], run) is not None:
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

        weights, weeks = asdict(self.values()), self.weeks.value()

        def work(session: Session) -> None:
            pairs.save_setting(session, WEIGHTS_KEY, weights)
            pairs.save_setting(session, NO_MEETINGS_KEY, weeks)

        if run_action(self, self.ctx, Changes.SETTINGS, work, title="Настройки подбора"):
            self.accept()
