"""Персонализированная программа of one pair or group: goal and tasks, plan, meetings, history.

The program (goal, tasks, plan) is saved in one transaction with «Сохранить»; meetings are
facts written at once (ui.program_meetings); the pair is read through queries.pairs. The
services stay the judges: the dialog repeats their checks only to show the message next to
the field before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.pairs import PLAN_DONE_TARGET, Status, plan_share
from mentor_desk.queries import pairs as program_reads
from mentor_desk.services import pairs
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.form_dialog import HINT_STYLE, hint
from mentor_desk.ui.program_meetings import MeetingsPage
from mentor_desk.ui.program_plan import (
    COL_DONE,
    COL_DUE,
    COL_TEXT,
    DateDelegate,
    PlanModel,
    PlanRow,
    program_table,
)
from mentor_desk.ui.tables import RowsModel
from mentor_desk.ui.widgets import ERROR_STYLE, FieldWithError, date_edit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ProgramDialog(QDialog):
    """Персонализированная программа of one pair or group: goal, plan, meetings, history."""

    def __init__(self, ctx: AppContext, mentorship_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mentorship_id = mentorship_id
        self.today = ctx.today()
        self.setWindowTitle("Персонализированная программа")
        self.setObjectName("programDialog")

        self.pair = program_reads.program_view(ctx.db.reader, mentorship_id)

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
        self.plan_view = program_table(self.plan, COL_TEXT, numbered=True)
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
        page = MeetingsPage(self.ctx, self.mentorship_id, self.today, self.reload_facts)
        self.meetings_page = page
        # The tab's parts by the names the dialog has always had.
        self.meetings, self.meetings_view = page.model, page.view
        self.add_meeting_button, self.delete_meeting_button = page.add_button, page.delete_button
        self.last_meeting = page.last_meeting
        return page

    def _build_history_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history = RowsModel(("Дата", "Событие", "Подробности"), self)
        self.history_view = program_table(self.history, 2)
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

    def _facts_text(self, pair: program_reads.ProgramView) -> str:
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
        meetings, events = program_reads.program_history(self.ctx.db.reader, self.mentorship_id)
        self.meetings_page.show_meetings(meetings)
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
        mentorship_id, today = self.mentorship_id, self.today
        goal, tasks, items = self.goal.toPlainText(), self.tasks.toPlainText(), self.plan.items()

        def work(session: Session) -> None:
            pairs.set_program(session, mentorship_id, goal, tasks, None)
            pairs.set_plan(session, mentorship_id, items, today)

        saved = run_action(self, self.ctx, Changes.PAIRS, work,
                           title="Программа не сохранена", refused=pairs.PairError)  # fmt: skip
        if not saved:
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
