"""The meetings of a personalized program: «Добавить встречу» and the list of meetings.

Meetings are facts: each is written (or deleted) at once, in its own action, not with the
program's «Сохранить».
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import format_date, parse_date
from mentor_desk.domain.pairs import MeetingKind, suggested_meeting_kind
from mentor_desk.domain.text import plural_ru
from mentor_desk.services import pairs
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.form_dialog import FormDialog, read_date
from mentor_desk.ui.program_plan import program_table
from mentor_desk.ui.tables import RowsModel
from mentor_desk.ui.widgets import date_edit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.queries.pairs import MeetingView


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


class MeetingsPage(QWidget):
    """The «Встречи» tab: the meetings held, «Добавить встречу…» and «Удалить».

    written: called after a meeting is written or deleted (the dialog reads its facts again).
    """

    def __init__(
        self, ctx: AppContext, mentorship_id: int, today: date, written: Callable[[], None]
    ) -> None:
        super().__init__()
        self.ctx, self.mentorship_id, self.today = ctx, mentorship_id, today
        self.written = written
        self.kinds: list[MeetingKind] = []
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Добавить встречу…")
        self.delete_button = QPushButton("Удалить")
        for button, slot in ((self.add_button, self.add), (self.delete_button, self.delete)):
            button.setAutoDefault(False)  # Enter in a cell must not press a button
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        self.model = RowsModel(("Дата", "Вид", "Заметки"), self)
        self.view = program_table(self.model, 2)
        self.view.setObjectName("meetings")
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.last_meeting = QLabel()
        self.last_meeting.setObjectName("last_meeting")
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.last_meeting)

    def show_meetings(self, meetings: Sequence[MeetingView]) -> None:
        self.kinds = [m.kind for m in meetings]
        self.model.load((m.id, format_date(m.held_on), m.kind.label, m.note) for m in meetings)
        if meetings:
            self.last_meeting.setText(f"Последняя встреча: {format_date(meetings[-1].held_on)}")
        else:
            self.last_meeting.setText("Встреч ещё не было")

    def add(self) -> None:
        kind = suggested_meeting_kind(self.kinds)
        MeetingDialog(self, self.today, kind, self._save).exec()

    def _save(self, dialog: MeetingDialog) -> bool:
        held_on, kind, note = dialog.values()
        mentorship_id, today = self.mentorship_id, self.today
        done = run_action(
            dialog, self.ctx, Changes.PAIRS,
            lambda s: pairs.add_meeting(s, mentorship_id, held_on, kind, note, today),
            title="Встреча", refused=pairs.PairError,
        )  # fmt: skip
        if done:
            self.written()
        return bool(done)

    def delete(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows:
            current = self.view.currentIndex()
            rows = [current.row()] if current.isValid() else []
        if not rows:
            return
        chosen = [self.model.rows[r] for r in rows]
        listed = ", ".join(f"{row[1]} ({row[2]})" for row in chosen)
        what = plural_ru(len(chosen), "встречу", "встречи", "встреч")
        answer = QMessageBox.question(
            self,
            "Удалить встречу",
            f"Удалить {what}: {listed}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(session: Session) -> None:
            for row in chosen:
                pairs.delete_meeting(session, int(row[0]))

        run_action(self, self.ctx, Changes.PAIRS, work, title="Удалить встречу")
        self.written()
