"""The program of a pair and the small pair dialogs, driven as a curator would; then the DB."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QTableView
from sqlalchemy import select
from tests.gui.conftest import add_person, on_modal, student, type_text
from tests.helpers import TODAY

from mentor_desk.domain.pairs import (
    EndReason,
    EventKind,
    MeetingKind,
    Status,
    suggested_meeting_kind,
)
from mentor_desk.domain.participants import Category
from mentor_desk.queries import board as board_reads
from mentor_desk.services import pairs
from mentor_desk.storage.models import Mentorship, MentorshipEvent
from mentor_desk.ui.context import Changes
from mentor_desk.ui.pair_dialogs import ChangeMentorDialog, EndDialog, ExtendDialog, StartDialog
from mentor_desk.ui.program_dialog import ProgramDialog
from mentor_desk.ui.program_meetings import MeetingDialog
from mentor_desk.ui.program_plan import COL_DONE, COL_DUE, COL_TEXT

ORDER_DATE = date(2026, 9, 1)
STARTED = date(2026, 9, 2)


def _mentor(ctx, last: str = "Кузнецова", first: str = "Дарья", middle: str = "Игоревна") -> int:
    return add_person(
        ctx, last_name=last, first_name=first, middle_name=middle,
        category=Category.TEACHER, is_mentor=True, capacity=3,
    )  # fmt: skip


@pytest.fixture
def pair_id(ctx) -> int:
    """A working pair: teacher mentor, student mentee, approved by an order and started."""
    mentor = _mentor(ctx)
    mentee = add_person(ctx, **student("Семёнов", "Пётр"))
    with ctx.action(Changes.ALL) as session:
        made = pairs.create(session, mentor, [mentee], TODAY)
        pairs.approve(session, [made], "125-од", ORDER_DATE, TODAY)
        pairs.start(session, [made], STARTED, today=TODAY)
    return made


Row = tuple[object, ...]


def _pair(ctx, pair_id: int) -> tuple[Mentorship, list[Row], list[Row], list[str]]:
    """The pair as stored, its plan and meetings as tuples, and its event kinds."""
    with ctx.db.session() as session:
        pair = session.get(Mentorship, pair_id)
        assert pair is not None
        plan = [(i.text, i.due_on, i.done_on) for i in pair.plan]
        meetings = [(m.held_on, m.kind, m.note) for m in pair.meetings]
        events = [e.kind for e in pair.events]
        session.expunge(pair)
    return pair, plan, meetings, events


def _open(qtbot, ctx, pair_id: int) -> ProgramDialog:
    dialog = ProgramDialog(ctx, pair_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _editor(view: QTableView) -> QLineEdit:
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "exactly one cell should be open for typing"
    return editors[0]


def _type_cell(view: QTableView, row: int, column: int, text: str, open_cell: bool = True) -> None:
    """Open a cell like F2 does, type into it and press Enter to commit."""
    if open_cell:
        index = view.model().index(row, column)
        view.setCurrentIndex(index)
        view.edit(index)
    editor = _editor(view)
    editor.selectAll()
    type_text(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits and closes the cell queued
    assert view.state() != QTableView.State.EditingState


def _select_rows(view: QTableView, rows: list[int]) -> None:
    view.clearSelection()
    for row in rows:
        view.selectionModel().select(
            view.model().index(row, COL_TEXT),
            view.selectionModel().SelectionFlag.Select,
        )


# --- the program ------------------------------------------------------------------------------


def test_program_is_typed_marked_and_saved(qtbot, ctx, pair_id, message_boxes):
    dialog = _open(qtbot, ctx, pair_id)
    assert dialog.title.text() == "Кузнецова Дарья Игоревна → Семёнов Пётр"
    assert "статус: действует" in dialog.facts.text()
    assert "02.09.2026 – 31.05.2027" in dialog.facts.text()  # the end of lessons, as the order
    assert dialog.ends_on.text() == "31.05.2027"
    assert dialog.progress.text().startswith("План пока пуст")

    type_text(dialog.goal, "Подготовка к олимпиаде по математике")
    type_text(dialog.tasks, "Разобрать задания прошлых лет")
    dialog.tabs.setCurrentIndex(1)
    view = dialog.plan_view
    for text, due in (
        ("Встреча-знакомство", "10.09.2026"),
        ("Разбор заданий школьного этапа", "15.10.2026"),
        ("Итоговая встреча", "20.5.2027"),
    ):
        qtbot.mouseClick(dialog.add_row_button, Qt.MouseButton.LeftButton)
        _type_cell(view, 0, COL_TEXT, text, open_cell=False)  # «Добавить» opens the name
        _type_cell(view, dialog.plan.rowCount() - 1, COL_DUE, due)
    assert dialog.plan.index(2, COL_DUE).data() == "20.05.2027", "a good date is normalized"
    assert dialog.progress.text() == "Выполнено: 0 из 3 (0 %) — нужно не меньше 90 %"
    assert not dialog.progress.property("behind"), "below target but the program is running"

    _select_rows(view, [0, 1])
    qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.text() == "Выполнено: 2 из 3 (67 %) — нужно не меньше 90 %"
    _select_rows(view, [2])
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.plan.index(1, COL_TEXT).data() == "Итоговая встреча"

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert message_boxes == []
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    pair, plan, _, events = _pair(ctx, pair_id)
    assert pair.goal == "Подготовка к олимпиаде по математике"
    assert pair.tasks == "Разобрать задания прошлых лет"
    assert pair.ends_on == date(2027, 5, 31)
    assert plan == [
        ("Встреча-знакомство", date(2026, 9, 10), TODAY),
        ("Итоговая встреча", date(2027, 5, 20), None),
        ("Разбор заданий школьного этапа", date(2026, 10, 15), TODAY),
    ]
    assert events[-1] == EventKind.PLAN_CHANGED.value

    again = _open(qtbot, ctx, pair_id)
    assert again.goal.toPlainText() == "Подготовка к олимпиаде по математике"
    assert again.plan.index(2, COL_DONE).data() == TODAY.strftime("%d.%m.%Y")
    assert not again.is_changed()


def test_a_bad_date_in_the_plan_refuses_save_and_changes_nothing(
    qtbot, ctx, pair_id, message_boxes
):
    with ctx.action(Changes.ALL) as session:
        pairs.set_plan(session, pair_id, [("Встреча-знакомство", date(2026, 9, 10), None)], TODAY)
    before = _pair(ctx, pair_id)
    dialog = _open(qtbot, ctx, pair_id)
    type_text(dialog.goal, "Новая цель")
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.add_row_button, Qt.MouseButton.LeftButton)
    _type_cell(dialog.plan_view, 1, COL_TEXT, "Участие в олимпиаде", open_cell=False)
    _type_cell(dialog.plan_view, 1, COL_DUE, "31.02.2027")
    _type_cell(dialog.plan_view, 0, COL_DONE, "01.12.2026")  # done in the future

    bad = dialog.plan.index(1, COL_DUE)
    assert bad.data() == "31.02.2027", "what was typed is kept"
    assert bad.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert bad.data(Qt.ItemDataRole.DecorationRole) is not None
    assert dialog.plan.index(1, COL_TEXT).data(Qt.ItemDataRole.BackgroundRole) is None
    assert bad.data(Qt.ItemDataRole.ToolTipRole) == "Такой даты нет: 31.02.2027"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible(), "the dialog stays open with nothing lost"
    ((kind, text),) = message_boxes
    assert kind == "warning"
    assert "Строка 2, «Срок»: Такой даты нет: 31.02.2027" in text
    assert "Строка 1, «Выполнено»: Отметка о выполнении не может быть в будущем" in text
    assert _pair(ctx, pair_id)[1:] == before[1:]
    assert _pair(ctx, pair_id)[0].goal == ""
    assert dialog.tabs.currentIndex() == 1
    assert dialog.goal.toPlainText() == "Новая цель"

    _type_cell(dialog.plan_view, 1, COL_DUE, "28.02.2027")
    _type_cell(dialog.plan_view, 0, COL_DONE, "20.11.2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    pair, plan, _, _ = _pair(ctx, pair_id)
    assert pair.goal == "Новая цель"
    assert plan == [
        ("Встреча-знакомство", date(2026, 9, 10), date(2026, 11, 20)),
        ("Участие в олимпиаде", date(2027, 2, 28), None),
    ]


def test_a_working_programs_end_is_read_only_and_changes_by_extension(
    qtbot, ctx, pair_id, message_boxes
):
    dialog = _open(qtbot, ctx, pair_id)
    assert dialog.ends_on.isReadOnly()
    assert dialog.ends_hint.isVisibleTo(dialog)
    assert "Изменить срок — кнопка «Продлить…»" in dialog.ends_hint.text()
    type_text(dialog.ends_on, "01.11.2026")  # typing does nothing
    assert dialog.ends_on.text() == "31.05.2027"
    type_text(dialog.goal, "Цель")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert message_boxes == [] and not dialog.isVisible()
    assert _pair(ctx, pair_id)[0].ends_on == date(2027, 5, 31)
    # The service refuses it too, pointing to the extension.
    with pytest.raises(pairs.PairError, match="Продлить"), ctx.action(Changes.ALL) as session:
        pairs.set_program(session, pair_id, "Цель", "", date(2027, 4, 30))
    with ctx.action(Changes.ALL) as session:
        pairs.end(session, [pair_id], TODAY, EndReason.MENTEE_INITIATIVE, today=TODAY)
    ended = _open(qtbot, ctx, pair_id)
    assert ended.ends_on.isReadOnly() and not ended.ends_hint.isVisibleTo(ended)


def test_meetings_are_written_at_once_with_the_usual_next_kind(qtbot, ctx, pair_id):
    dialog = _open(qtbot, ctx, pair_id)
    dialog.tabs.setCurrentIndex(2)
    assert dialog.last_meeting.text() == "Встреч ещё не было"
    seen: list[MeetingKind] = []

    def log_meeting(note: str, on: str | None = None):
        def handle(box):
            assert isinstance(box, MeetingDialog)
            seen.append(MeetingKind(box.kind.currentData()))
            if on is not None:
                box.held_on.clear()
                type_text(box.held_on, on)
            type_text(box.note, note)
            box.ok_button.click()

        return handle

    on_modal(qtbot, log_meeting("Познакомились, обсудили интересы", "16.11.2026"))
    qtbot.mouseClick(dialog.add_meeting_button, Qt.MouseButton.LeftButton)
    on_modal(qtbot, log_meeting("Пробное занятие"))
    qtbot.mouseClick(dialog.add_meeting_button, Qt.MouseButton.LeftButton)

    assert seen == [MeetingKind.INTRODUCTION, MeetingKind.TRIAL]
    _, _, meetings, _ = _pair(ctx, pair_id)
    assert meetings == [
        (date(2026, 11, 16), "introduction", "Познакомились, обсудили интересы"),
        (TODAY, "trial", "Пробное занятие"),
    ]
    assert dialog.last_meeting.text() == "Последняя встреча: 23.11.2026"
    assert dialog.meetings.index(0, 1).data() == "встреча-знакомство"
    assert not dialog.is_changed(), "meetings are facts, not unsaved changes"

    dialog.meetings_view.selectRow(0)
    qtbot.mouseClick(dialog.delete_meeting_button, Qt.MouseButton.LeftButton)
    _, _, meetings, _ = _pair(ctx, pair_id)
    assert meetings == [(TODAY, "trial", "Пробное занятие")]
    assert dialog.meetings.rowCount() == 1


def test_a_future_meeting_is_refused_and_the_dialog_keeps_what_was_typed(qtbot, ctx, pair_id):
    dialog = _open(qtbot, ctx, pair_id)
    state: dict[str, object] = {}

    def handle(box):
        assert isinstance(box, MeetingDialog)
        box.held_on.clear()
        type_text(box.held_on, "30.11.2026")
        type_text(box.note, "Договорились о встрече")
        box.ok_button.click()
        state["open"] = box.isVisible()
        state["error"] = box.fields["held_on"].error_label.text()
        state["note"] = box.note.toPlainText()

    on_modal(qtbot, handle)
    qtbot.mouseClick(dialog.add_meeting_button, Qt.MouseButton.LeftButton)
    assert state == {
        "open": True,
        "error": "Встреча ещё не прошла: запишите её после того, как она состоится",
        "note": "Договорились о встрече",
    }
    assert _pair(ctx, pair_id)[2] == []


def test_a_cell_still_open_is_saved_with_the_program(qtbot, ctx, pair_id, message_boxes):
    dialog = _open(qtbot, ctx, pair_id)
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.add_row_button, Qt.MouseButton.LeftButton)
    type_text(_editor(dialog.plan_view), "Консультация перед олимпиадой")  # no Enter
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert message_boxes == [] and not dialog.isVisible()
    assert _pair(ctx, pair_id)[1] == [("Консультация перед олимпиадой", None, None)]


def test_history_lists_the_events(qtbot, ctx, pair_id):
    dialog = _open(qtbot, ctx, pair_id)
    rows = [
        tuple(dialog.history.index(r, c).data() for c in range(3))
        for r in range(dialog.history.rowCount())
    ]
    assert rows == [
        ("23.11.2026", "создана", ""),
        ("01.09.2026", "утверждена приказом", "приказ № 125-од от 01.09.2026"),
        ("02.09.2026", "начала работу", ""),
    ]
    assert dialog.history_view.editTriggers() == QTableView.EditTrigger.NoEditTriggers


def test_progress_is_red_when_an_ended_program_fell_short(qtbot, ctx, pair_id):
    with ctx.action(Changes.ALL) as session:
        pairs.set_plan(
            session, pair_id,
            [("Знакомство", None, date(2026, 9, 9)), ("Олимпиада", None, None)], TODAY,
        )  # fmt: skip
        pairs.end(session, [pair_id], TODAY, EndReason.MENTEE_INITIATIVE, today=TODAY)
    dialog = _open(qtbot, ctx, pair_id)
    assert dialog.progress.text() == "Выполнено: 1 из 2 (50 %) — нужно не меньше 90 %"
    assert dialog.progress.property("behind") is True
    assert "#b3261e" in dialog.progress.styleSheet()
    assert "завершена 23.11.2026 — по инициативе наставляемого" in dialog.facts.text()


def test_cancel_asks_only_when_something_changed(qtbot, ctx, pair_id, monkeypatch):
    asked: list[str] = []

    def answer(reply):
        def question(parent, title, text, *args):
            asked.append(text)
            return reply

        return staticmethod(question)

    dialog = _open(qtbot, ctx, pair_id)
    dialog.reject()
    assert asked == [] and not dialog.isVisible()

    dialog = _open(qtbot, ctx, pair_id)
    type_text(dialog.goal, "Черновик цели")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.reject()
    assert dialog.isVisible() and dialog.goal.toPlainText() == "Черновик цели"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    dialog.reject()
    assert not dialog.isVisible()
    assert len(asked) == 2 and "без сохранения" in asked[0]
    assert _pair(ctx, pair_id)[0].goal == ""


def test_a_draft_has_no_planned_end_field(qtbot, ctx):
    mentor = _mentor(ctx)
    mentee = add_person(ctx, **student("Орлов", "Миша"))
    with ctx.action(Changes.ALL) as session:
        draft = pairs.create(session, mentor, [mentee], TODAY)
    dialog = _open(qtbot, ctx, draft)
    assert not dialog.ends_field.isVisibleTo(dialog)
    assert "статус: черновик" in dialog.facts.text()
    type_text(dialog.goal, "Адаптация в новом классе")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    pair = _pair(ctx, draft)[0]
    assert (pair.goal, pair.ends_on, pair.status) == ("Адаптация в новом классе", None, "draft")


def test_suggested_meeting_kind_follows_the_usual_order():
    assert suggested_meeting_kind([]) is MeetingKind.INTRODUCTION
    assert suggested_meeting_kind([MeetingKind.INTRODUCTION]) is MeetingKind.TRIAL
    logged = [MeetingKind.INTRODUCTION, MeetingKind.TRIAL]
    assert suggested_meeting_kind(logged) is MeetingKind.PLANNING
    assert suggested_meeting_kind([*logged, MeetingKind.PLANNING]) is MeetingKind.REGULAR


# --- the value dialogs ------------------------------------------------------------------------


def _shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _retype(edit: QLineEdit, text: str) -> None:
    edit.clear()
    type_text(edit, text)


def test_end_dialog_returns_the_chosen_reason(qtbot, ctx, pair_id):
    dialog = _shown(qtbot, EndDialog(None, TODAY, STARTED))
    assert dialog.ended_on.text() == "23.11.2026"
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.fields["reason"].error_label.text() == "Выберите причину завершения"

    button = dialog.reason_buttons[EndReason.CURATOR_INITIATIVE]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
    assert "ненадлежащее" in dialog.note.placeholderText()
    assert not dialog.fields["reason"].error_label.isVisible(), "the message goes once fixed"
    _retype(dialog.ended_on, "01.09.2026")
    dialog.ok_button.click()
    assert "раньше начала работы (02.09.2026)" in dialog.fields["ended_on"].error_label.text()
    _retype(dialog.ended_on, "20.11.2026")
    type_text(dialog.note, "Встречи не проводились два месяца")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    values = dialog.values()
    assert values == (date(2026, 11, 20), EndReason.CURATOR_INITIATIVE,
                      "Встречи не проводились два месяца")  # fmt: skip

    with ctx.action(Changes.ALL) as session:  # what the board does with them
        pairs.end(session, [pair_id], *values, today=TODAY)
    pair, *_ = _pair(ctx, pair_id)
    assert (pair.status, pair.end_reason) == (Status.ENDED.value, "curator_initiative")


def test_end_dialog_refuses_a_day_before_the_order_as_the_service_does(qtbot, ctx):
    """A pair approved but not started cannot end before its order: said in the dialog."""
    dialog = _shown(qtbot, EndDialog(None, TODAY, None, order_date=ORDER_DATE))
    dialog.set_reason(EndReason.MENTEE_INITIATIVE)
    _retype(dialog.ended_on, "31.08.2026")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.fields["ended_on"].error_label.text() == (
        "Дата завершения раньше приказа (01.09.2026)"
    )
    _retype(dialog.ended_on, "01.09.2026")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_start_dialog_refuses_a_two_month_program(qtbot):
    dialog = _shown(qtbot, StartDialog(None, TODAY, date(2026, 11, 20)))
    assert dialog.start.text() == "23.11.2026"
    assert dialog.end.text() == "31.05.2027", "to the end of lessons, as the order has it"
    _retype(dialog.end, "23.01.2027")
    assert "около 2 месяцев" in dialog.length.text()
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert (
        dialog.fields["ends_on"].error_label.text()
        == "Персонализированная программа длится не меньше 3 месяцев"
    )
    _retype(dialog.end, "23.06.2027")
    assert not dialog.fields["ends_on"].error_label.isVisible()
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == (TODAY, date(2027, 6, 23))


def test_start_dialog_checks_the_start_date(qtbot):
    dialog = _shown(qtbot, StartDialog(None, TODAY, date(2026, 12, 1)))
    assert dialog.start.text() == "01.12.2026", "not before the order"
    _retype(dialog.start, "15.11.2026")
    dialog.ok_button.click()
    assert dialog.fields["started_on"].error_label.text() == (
        "Работа не может начаться раньше приказа (01.12.2026)"
    )
    _retype(dialog.start, "10.04.2027")
    assert dialog.end.text() == "10.04.2028", "the end follows the start until typed"
    dialog.ok_button.click()
    assert "не позже чем через 30 дней" in dialog.fields["started_on"].error_label.text()
    _retype(dialog.start, "10.12.2026")
    dialog.ok_button.click()
    assert dialog.values() == (date(2026, 12, 10), date(2027, 5, 31))


def test_extend_dialog(qtbot):
    dialog = _shown(qtbot, ExtendDialog(None, TODAY, date(2027, 5, 30)))
    type_text(dialog.new_end, "30.05.2027")
    dialog.ok_button.click()
    assert dialog.fields["new_end"].error_label.text() == (
        "Новая дата окончания должна быть позже прежней (30.05.2027)"
    )
    _retype(dialog.new_end, "30.06.2027")
    type_text(dialog.note, "по взаимному согласию")
    dialog.ok_button.click()
    assert dialog.values() == (date(2027, 6, 30), "по взаимному согласию")


def test_change_mentor_dialog_takes_only_a_listed_mentor(qtbot):
    mentors = [(7, "Иванов П.С. — 0 из 2"), (9, "Кузнецова Д.И. — 1 из 3")]
    dialog = _shown(qtbot, ChangeMentorDialog(None, mentors, None, TODAY))
    line = dialog.mentor.lineEdit()
    assert line.text() == ""
    dialog.ok_button.click()
    assert dialog.fields["mentor"].error_label.text() == "Выберите наставника из списка"
    type_text(line, "Петров")
    dialog.ok_button.click()
    assert dialog.isVisible()
    dialog.mentor.setCurrentIndex(dialog.mentor.findData(9))
    type_text(dialog.note, "больничный наставника")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == (9, TODAY, "больничный наставника")

    preselected = _shown(qtbot, ChangeMentorDialog(None, mentors, 7, TODAY))
    preselected.ok_button.click()
    assert preselected.values()[0] == 7


def test_change_mentor_values_feed_the_service(qtbot, ctx, pair_id):
    other = _mentor(ctx, "Иванов", "Павел", "Сергеевич")
    dialog = _shown(qtbot, ChangeMentorDialog(None, [(other, "Иванов П.С. — 0 из 3")], other,
                                              TODAY))  # fmt: skip
    dialog.ok_button.click()
    new, on, note = dialog.values()
    with ctx.action(Changes.ALL) as session:
        pairs.change_mentor(session, pair_id, new, on, TODAY, note)
    pair, *_, events = _pair(ctx, pair_id)
    assert pair.mentor_id == other
    assert events[-1] == EventKind.MENTOR_CHANGED.value
    with ctx.db.session() as session:
        text = session.scalars(
            select(MentorshipEvent.text).where(MentorshipEvent.mentorship_id == pair_id)
        ).all()[-1]
    assert text == "Кузнецова Дарья Игоревна → Иванов Павел Сергеевич"


def test_end_dialog_warns_in_red_when_the_plan_is_not_done(qtbot):
    warning = "Внимание: план выполнен на 50 % (1 из 2), а нужно не меньше 90 %."
    dialog = _shown(qtbot, EndDialog(None, TODAY, STARTED, plan_warning=warning))
    assert not dialog.plan_warning.isVisible()
    dialog.set_reason(EndReason.PLAN_DONE)
    assert dialog.plan_warning.isVisible() and dialog.plan_warning.text() == warning
    assert "#b3261e" in dialog.plan_warning.styleSheet()
    dialog.set_reason(EndReason.MENTOR_INITIATIVE)
    assert not dialog.plan_warning.isVisible()
    dialog.set_reason(EndReason.PLAN_DONE)
    dialog.ok_button.click()  # only a warning: the curator decides
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values()[1] is EndReason.PLAN_DONE

    quiet = _shown(qtbot, EndDialog(None, TODAY, STARTED))  # every plan done: nothing to say
    quiet.set_reason(EndReason.PLAN_DONE)
    assert not quiet.plan_warning.isVisible()


def test_end_dialog_warning_from_the_service(qtbot, ctx, pair_id):
    assert board_reads.plan_done_warning(ctx.db.reader, [pair_id]) == (
        "Внимание: план пуст, а нужно не меньше 90 %."
    )
    with ctx.action(Changes.ALL) as session:
        pairs.set_plan(session, pair_id, [("Знакомство", None, date(2026, 9, 9))], TODAY)
    warning = board_reads.plan_done_warning(ctx.db.reader, [pair_id])
    assert warning is None
    dialog = _shown(qtbot, EndDialog(None, TODAY, STARTED, plan_warning=warning))
    dialog.set_reason(EndReason.PLAN_DONE)
    assert not dialog.plan_warning.isVisible()


def test_extend_dialog_refuses_more_than_a_year_from_the_start(qtbot):
    dialog = _shown(qtbot, ExtendDialog(None, TODAY, date(2027, 5, 31), started_on=STARTED))
    type_text(dialog.new_end, "30.09.2027")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.fields["new_end"].error_label.text() == (
        "Персонализированная программа длится не больше 1 года: продлить можно не дальше "
        "чем до 02.09.2027"
    )
    _retype(dialog.new_end, "31.08.2027")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_change_mentor_dialog_refuses_a_day_before_the_start(qtbot):
    mentors = [(7, "Иванов П.С. — 0 из 2")]
    dialog = _shown(qtbot, ChangeMentorDialog(None, mentors, 7, TODAY, started_on=STARTED))
    _retype(dialog.on, "01.09.2026")
    dialog.ok_button.click()
    assert dialog.fields["on"].error_label.text() == (
        "Дата смены наставника раньше начала работы (02.09.2026)"
    )
    _retype(dialog.on, "24.11.2026")
    dialog.ok_button.click()
    assert dialog.fields["on"].error_label.text() == (
        "Дата смены наставника не может быть в будущем"
    )
    _retype(dialog.on, "02.09.2026")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_dialogs_read_pairs_through_the_services_not_the_storage():
    import ast
    import inspect

    from mentor_desk.ui import pair_dialogs, program_dialog, program_meetings, program_plan

    for module in (pair_dialogs, program_dialog, program_meetings, program_plan):
        tree = ast.parse(inspect.getsource(module))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not any(name.startswith("mentor_desk.storage") for name in imported), module


def test_the_program_models_pass_qt_model_tester(qtmodeltester, qtbot, ctx, pair_id):
    from mentor_desk.ui.program_plan import PlanModel, PlanRow
    from mentor_desk.ui.tables import RowsModel

    with ctx.action(Changes.ALL) as session:
        pairs.set_plan(session, pair_id, [("Знакомство", None, date(2026, 9, 9))], TODAY)
        pairs.add_meeting(session, pair_id, date(2026, 9, 9), MeetingKind.INTRODUCTION, "",
                          TODAY)  # fmt: skip
    dialog = _open(qtbot, ctx, pair_id)
    dialog.plan.insert(1, PlanRow("Олимпиада", "не дата", ""))  # a bad cell is marked
    for model in (dialog.plan, dialog.meetings, dialog.history):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    for empty in (PlanModel(TODAY), RowsModel(("Дата", "Событие"))):
        qtmodeltester.check(empty)
