"""«Этап 1. Качество программы: SWOT-анализ»: the curator's SWOT table of the year.

Four lists (strengths, weaknesses, opportunities, threats); a line under each adds an item
(Enter or «Добавить»), a double click or F2 edits one in place, Delete removes the selected
ones at once (a short line is quicker to type again than to confirm). Every change is one
run_action() calling services.monitoring. Beside the table, the summary of the
questionnaire's closed answers, which the tab gives with set_closed_summary().
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.queries import monitoring as reads
from mentor_desk.queries.monitoring import SwotRow
from mentor_desk.services import monitoring as service
from mentor_desk.services.monitoring import QUADRANT_LABELS, QUADRANTS
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.stage_base import HintListView, RecordListModel, StagePage

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole

TITLE = "Этап 1. Качество программы: SWOT-анализ"
EXPLANATION = (
    "SWOT-анализ программы наставничества составляет куратор по ответам анкеты участников: "
    "что в программе удаётся, что нет, какие возможности и угрозы видны. Пункт добавляется "
    "клавишей Enter, исправляется двойным щелчком или F2, удаляется клавишей Delete."
)
QUADRANT_HINTS = {
    "strength": "Что удаётся, например: «наставники — опытные педагоги школы»",
    "weakness": "Что не получается, например: «встречи пар срываются из-за расписания»",
    "opportunity": "Что можно использовать, например: «сетевые проекты с соседними школами»",
    "threat": "Что может помешать, например: «нагрузка педагогов растёт»",
}
QUADRANT_TIPS = {
    "strength": "Сильные стороны (S) — внутренние достоинства программы",
    "weakness": "Слабые стороны (W) — внутренние недостатки программы",
    "opportunity": "Возможности (O) — внешние условия, которые помогут программе",
    "threat": "Угрозы (T) — внешние условия, которые могут ей помешать",
}
# A little air and a rule between items: a wrapped item must not read as two.
ITEM_STYLE = "QListView::item { padding: 3px 2px; border-bottom: 1px solid palette(midlight); }"
NO_SUMMARY = (
    "Сводка закрытых вопросов анкеты появится здесь, когда в разделе анкет будут введены "
    "или загружены ответы наставников и наставляемых этого учебного года."
)


class SwotListModel(RecordListModel[SwotRow]):
    """The items of one quadrant; an edit in place goes to `on_edit(item id, text)`, which
    returns whether it was kept (the service may refuse an empty line)."""

    def display(self, row: SwotRow) -> str:
        return row.text

    def tooltip(self, row: SwotRow) -> str:
        return f"{row.text}\n\nF2 или двойной щелчок — исправить, Delete — удалить"

    def edited(self, row: SwotRow, text: str) -> SwotRow:
        return SwotRow(row.id, row.quadrant, text)


class QuadrantBox(QGroupBox):
    """One quadrant: its list, the line that adds to it and the «Добавить» button."""

    def __init__(self, page: SwotPage, quadrant: str) -> None:
        super().__init__(QUADRANT_LABELS[quadrant])
        self.page = page
        self.quadrant = quadrant
        self.setObjectName(f"swot_{quadrant}")
        self.setToolTip(QUADRANT_TIPS[quadrant])
        self.model = SwotListModel(self, lambda item_id, text: page.edit_item(item_id, text))
        self.view = HintListView()
        self.view.setModel(self.model)
        self.view.set_hint("Пока пусто. " + QUADRANT_HINTS[quadrant])
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        # A just-added item stays selected in a list without the focus: readable, not
        # white on the light grey of an inactive selection.
        self.view.setStyleSheet(
            "QListView::item:selected:!active { background: #d6e4f5; color: black; }"
        )
        self.view.setAlternatingRowColors(True)
        self.view.setStyleSheet(ITEM_STYLE)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setAccessibleName(QUADRANT_LABELS[quadrant])
        delete = QAction("Удалить", self.view)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_selected)
        self.view.addAction(delete)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.delete_action = delete

        self.line = QLineEdit()
        self.line.setPlaceholderText("Новый пункт — Enter добавит")
        self.line.setToolTip(QUADRANT_HINTS[quadrant])
        self.line.setClearButtonEnabled(True)
        self.line.returnPressed.connect(self.add)
        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip(f"Добавить пункт в раздел «{QUADRANT_LABELS[quadrant]}»")
        self.add_button.clicked.connect(self.add)

        entry = QHBoxLayout()
        entry.addWidget(self.line, 1)
        entry.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(entry)

    def load(self, rows: Sequence[SwotRow]) -> None:
        self.model.load(rows)
        self.setTitle(
            f"{QUADRANT_LABELS[self.quadrant]} ({len(rows)})"
            if rows
            else QUADRANT_LABELS[self.quadrant]
        )

    def add(self) -> None:
        if self.page.add_item(self.quadrant, self.line.text()):
            self.line.clear()
        self.line.setFocus()

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.rows[r].id for r in rows if 0 <= r < len(self.model.rows)]

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        first = min(i.row() for i in self.view.selectionModel().selectedRows())
        if self.page.delete_items(ids):
            # The next item takes the place of the first one deleted: Delete again goes on.
            row = min(first, self.model.rowCount() - 1)
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row))
            self.view.setFocus()

    def select_item(self, item_id: int) -> None:
        row = self.model.row_of(item_id)
        if row is not None:
            index = self.model.index(row)
            self.view.scrollTo(index)
            self.view.selectionModel().setCurrentIndex(
                index, self.view.selectionModel().SelectionFlag.ClearAndSelect
            )


class SwotPage(StagePage):
    """Этап 1 мониторинга: the SWOT table of the year and the closed answers beside it."""

    TITLE = TITLE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("swotPage")
        self.title = QLabel(TITLE)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QLabel(EXPLANATION)
        self.explanation.setWordWrap(True)

        self.quadrants: dict[str, QuadrantBox] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, quadrant in enumerate(QUADRANTS):
            box = QuadrantBox(self, quadrant)
            self.quadrants[quadrant] = box
            grid.addWidget(box, i // 2, i % 2)
        for i in range(2):
            grid.setRowStretch(i, 1)
            grid.setColumnStretch(i, 1)

        self.closed_box = QGroupBox("Закрытые вопросы анкеты: сводка")
        self.closed_box.setToolTip(
            "Ответы на закрытые и оценочные вопросы анкеты — опора для SWOT-анализа"
        )
        self.closed_answers = QTextBrowser()
        self.closed_answers.setObjectName("closedAnswers")
        self.closed_answers.setOpenExternalLinks(False)
        self.closed_answers.hide()
        self.closed_hint = QLabel(NO_SUMMARY)
        self.closed_hint.setWordWrap(True)
        self.closed_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.closed_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        closed_layout = QVBoxLayout(self.closed_box)
        closed_layout.addWidget(self.closed_hint, 1)
        closed_layout.addWidget(self.closed_answers, 1)

        body = QHBoxLayout()
        body.addLayout(grid, 3)
        body.addWidget(self.closed_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addLayout(body, 1)

    # --- the tab's side ------------------------------------------------------------------

    def set_closed_summary(self, text: str) -> None:
        """The summary of the questionnaire's closed answers (plain text; a text that
        begins with «<» is Qt rich text, e.g. a table); an empty text shows the hint again."""
        if text.lstrip().startswith("<"):
            self.closed_answers.setHtml(text)
        else:
            self.closed_answers.setPlainText(text)
        shown = bool(text.strip())
        self.closed_answers.setVisible(shown)
        self.closed_hint.setVisible(not shown)

    def refresh(self) -> None:
        """Read the year's SWOT table again; the selection of each list is kept."""
        self.dirty = False
        rows = reads.swot(self.ctx.db.reader, self.year_start)
        for quadrant, box in self.quadrants.items():
            kept = box.selected_ids()
            box.load([r for r in rows if r.quadrant == quadrant])
            for item_id in kept:
                box.select_item(item_id)
        self.explanation.setText(f"{EXPLANATION} Учебный год: {self.year.label}.")
        self.loaded = True

    # --- the writes ----------------------------------------------------------------------

    def add_item(self, quadrant: str, text: str) -> bool:
        if not text.strip():
            return False  # Enter on an empty line: nothing to add, no message
        year = self.year_start
        outcome = self.run(lambda s: service.add_swot(s, year, quadrant, text))
        if outcome.value is not None:
            self.refresh()
            self.quadrants[quadrant].select_item(outcome.value)
        return bool(outcome)

    def edit_item(self, item_id: int, text: str) -> bool:
        if not text.strip():
            return False  # an emptied line keeps its text: Delete removes an item
        ok = bool(self.run(lambda s: service.edit_swot(s, item_id, text), in_editor=True))
        if not ok:
            QTimer.singleShot(0, self.refresh)  # the list shows the stored text again
        return ok

    def delete_items(self, ids: Sequence[int]) -> bool:
        chosen = list(ids)
        ok = bool(self.run(lambda s: service.delete_swot(s, chosen)))
        if ok:
            self.refresh()
        return ok
