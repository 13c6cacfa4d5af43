"""The «Пары и группы» tab, used like a curator: drag, undo, redo, match, then the database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QRadioButton
from sqlalchemy import select
from tests.gui.board_helpers import drag, row_of
from tests.gui.board_user import click
from tests.gui.conftest import add_person, click_button, on_modal, student, type_text

from mentor_desk.domain.participants import Category, ConsentStatus
from mentor_desk.storage.models import (
    IssuedDocument,
    Mentorship,
    MentorshipEvent,
    MentorshipMentee,
)
from mentor_desk.ui.context import Changes
from mentor_desk.ui.matching_dialogs import AutoMatchDialog


def teacher(last: str, first: str = "Анна", **extra: object) -> dict[str, object]:
    return {
        "last_name": last,
        "first_name": first,
        "middle_name": "Ивановна",
        "category": Category.TEACHER,
        "position": "учитель",
        "is_mentor": True,
        "capacity": 2,
        "mentor_consent_date": date(2026, 9, 1),
        "training_date": date(2026, 9, 10),
        "consent_status": ConsentStatus.GIVEN,
        "consent_date": date(2026, 9, 1),
        "consent_signer": "сам участник",
        **extra,
    }


def _pairs(ctx) -> list[tuple[int, str, list[int]]]:
    with ctx.db.session() as session:
        found = []
        for pair in session.scalars(select(Mentorship).order_by(Mentorship.id)):
            mentees = [m.participant_id for m in pair.mentees]
            found.append((pair.mentor_id, pair.status, mentees))
        return found


@pytest.fixture
def people(ctx):
    return {
        "orlova": add_person(ctx, **teacher("Орлова")),
        "belov": add_person(ctx, **teacher("Белов", "Павел", middle_name="Петрович")),
        "ivanov": add_person(ctx, **student("Иванов")),
        "petrov": add_person(ctx, **student("Петров")),
        "sidorov": add_person(ctx, **student("Сидоров")),
    }


@pytest.fixture
def board(qtbot, window, people):
    tab = window.show_board()
    qtbot.waitUntil(lambda: tab.free_model.rowCount() == 3)
    return tab


def test_drag_a_mentee_onto_a_mentor_makes_a_draft_pair_and_undo_redo(qtbot, board, ctx, people):
    drag(board.free_view, row_of(board.free_view, "Иванов И."),
         board.mentor_view, row_of(board.mentor_view, "Орлова А.И."))  # fmt: skip
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    assert _pairs(ctx) == [(people["orlova"], "draft", [people["ivanov"]])]
    card = board.card_model.items[0]
    assert card.form.label == "учитель – ученик"
    assert str(row_of(board.mentor_view, "Орлова").data()).startswith("Орлова А.И. — 1 из 2")
    assert board.free_model.rowCount() == 2

    board.setFocus()
    QTest.keyClick(board, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 0)
    assert _pairs(ctx) == []
    assert board.free_model.rowCount() == 3

    QTest.keyClick(board, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    assert _pairs(ctx) == [(people["orlova"], "draft", [people["ivanov"]])]


def test_drop_onto_a_card_makes_a_group_and_splitting_it_back(qtbot, board, ctx, people):
    drag(board.free_view, row_of(board.free_view, "Иванов"),
         board.mentor_view, row_of(board.mentor_view, "Орлова"))  # fmt: skip
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    drag(board.free_view, row_of(board.free_view, "Петров"),
         board.card_view, board.card_proxy.index(0, 0))  # fmt: skip
    qtbot.waitUntil(lambda: len(board.card_model.items[0].mentees) == 2)
    assert _pairs(ctx) == [(people["orlova"], "draft", [people["ivanov"], people["petrov"]])]
    assert board.card_model.items[0].kind.label == "групповая"

    board.select_card(board.card_model.items[0].id)
    board.split(board.card_model.items[0])
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 2)
    assert sorted(m for _, _, ms in _pairs(ctx) for m in ms) == sorted(
        [people["ivanov"], people["petrov"]]
    )
    board.undo_stack.undo()
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    assert len(_pairs(ctx)[0][2]) == 2


def test_pin_by_keyboard_and_a_card_back_to_the_free_list(qtbot, board, ctx, people):
    click(qtbot, board.free_view, row_of(board.free_view, "Сидоров"))
    click(qtbot, board.mentor_view, row_of(board.mentor_view, "Белов"))
    board.free_view.setFocus()
    QTest.keyClick(board.free_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    assert _pairs(ctx) == [(people["belov"], "draft", [people["sidorov"]])]

    drag(board.card_view, board.card_proxy.index(0, 0),
         board.free_view, board.free_proxy.index(0, 0))  # fmt: skip
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 0)
    assert _pairs(ctx) == []


def test_a_mentee_without_consent_shows_a_warning_on_the_card(qtbot, board, ctx, people):
    unsigned = add_person(ctx, **student("Без Согласия", consent_status=ConsentStatus.NONE))
    qtbot.waitUntil(lambda: board.free_model.rowCount() == 4)
    drag(board.free_view, row_of(board.free_view, "Без Согласия"),
         board.mentor_view, row_of(board.mentor_view, "Орлова"))  # fmt: skip
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    card = board.card_model.items[0]
    assert [m.id for m in card.mentees] == [unsigned]
    assert any("нет действующего согласия" in w for w in card.warnings)
    assert board.selected_cards() == [card]  # the new pair is selected after the drop
    assert "нет действующего согласия" in board.card_panel.warnings_label.text()


def test_automatic_matching_accepted_pair_by_pair(qtbot, board, ctx, people):
    def review(dialog) -> None:
        assert isinstance(dialog, AutoMatchDialog)
        model = dialog.model
        assert len(model.rows) == 3  # two mentors with 2 places each: everyone fits
        model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value,
                      Qt.ItemDataRole.CheckStateRole)  # fmt: skip
        rejected = model.rows[0].mentee_id
        seen["rejected"] = rejected
        click_button(dialog, "Принять отмеченные (2)")

    seen: dict[str, int] = {}
    handled = on_modal(qtbot, review)
    board.auto_action.trigger()
    assert handled
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 2)
    made = _pairs(ctx)
    assert all(status == "draft" for _, status, _ in made)
    assigned = {m for _, _, ms in made for m in ms}
    assert seen["rejected"] not in assigned and len(assigned) == 2
    board.undo_stack.undo()  # the whole proposal is one board action
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 0)


def test_lifecycle_through_the_card_buttons(qtbot, board, ctx, people, message_boxes):
    """Утвердить приказом → Начать работу → Завершить с причиной, as a curator clicks it."""
    drag(board.free_view, row_of(board.free_view, "Иванов"),
         board.mentor_view, row_of(board.mentor_view, "Орлова"))  # fmt: skip
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    assert [c.id for c in board.selected_cards()] == [board.card_model.items[0].id]
    panel = board.card_panel

    def approve(dialog) -> None:  # «Подготовить приказ…»: the order approves the pairs
        type_text(dialog.number.editor, "12-о")
        type_text(dialog.curator.editor, "Кравченко Е.В.")
        type_text(dialog.curator_position, "заместитель директора по ВР")
        dialog.order_date.editor.setText("01.10.2026")
        on_modal(qtbot, lambda preview: click_button(preview, "Закрыть"))  # the issued order
        click_button(dialog, "Издать приказ")

    def start(dialog) -> None:
        dialog.start.setText("05.10.2026")
        dialog.end.setText("31.05.2027")
        click_button(dialog, "OK")

    def finish(dialog) -> None:
        dialog.findChild(QRadioButton, "reason_mentee_initiative").click()
        type_text(dialog.note, "переезд в другой город")
        click_button(dialog, "OK")

    for key, handler, status in (("approve", approve, "approved"), ("start", start, "active"),
                                 ("end", finish, "ended")):  # fmt: skip
        qtbot.waitUntil(lambda k=key: panel.buttons[k].isEnabled())  # the board re-read
        handled = on_modal(qtbot, handler)
        qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)
        assert handled, f"no dialog for {key}"
        qtbot.waitUntil(lambda s=status: _pairs(ctx)[0][1] == s)
    assert message_boxes == []
    with ctx.db.session() as session:
        pair = session.scalar(select(Mentorship))
        assert (pair.order_number, pair.order_date) == ("12-о", date(2026, 10, 1))
        assert (pair.started_on, pair.ends_on) == (date(2026, 10, 5), date(2027, 5, 31))
        assert (pair.end_reason, pair.end_note) == ("mentee_initiative", "переезд в другой город")
        kinds = [e.kind for e in session.scalars(select(MentorshipEvent))]
        assert kinds == ["created", "approved", "started", "ended"]
        issued = session.scalar(select(IssuedDocument))
        assert (issued.kind, issued.number, issued.issued_on) == (
            "pairs",
            "12-о",
            date(2026, 10, 1),
        )
        assert session.scalar(select(MentorshipMentee.participant_id)) == people["ivanov"]
    qtbot.waitUntil(lambda: board.card_proxy.rowCount() == 0)  # ended: in the archive only
    board.state_filter.setCurrentIndex(board.state_filter.findData("ended"))
    assert board.card_proxy.rowCount() == 1
    assert board.free_model.row_of(people["ivanov"]) is not None  # free for a new pair
    board.undo_stack.undo()  # ending is a board action too
    qtbot.waitUntil(lambda: _pairs(ctx)[0][1] == "active")


def test_undo_refuses_when_the_pair_changed_since_and_keeps_order_links(
    qtbot, board, ctx, people, message_boxes
):
    """An order issued after a board action makes that action impossible to undo; and
    undo/redo of a later action keeps the pair's link to the order it was approved by."""
    from mentor_desk.services import documents
    from mentor_desk.storage.models import IssuedDocumentPair

    drag(board.free_view, row_of(board.free_view, "Иванов"),
         board.mentor_view, row_of(board.mentor_view, "Орлова"))  # fmt: skip
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    pair = board.card_model.items[0].id
    with ctx.action(Changes.ALL) as session:  # the order: outside the board's undo stack
        documents.issue(session, documents.DocKind.PAIRS, "5-о", date(2026, 11, 2), "",
                        {}, [pair], date(2026, 11, 23))  # fmt: skip
    board.undo_stack.undo()
    assert message_boxes and "отменить его нельзя" in message_boxes[-1][1]
    assert _pairs(ctx) == [(people["orlova"], "approved", [people["ivanov"]])]
    qtbot.waitUntil(lambda: board.undo_stack.count() == 0)

    from mentor_desk.services import pairs as pair_service

    board.perform("Начата работа", [pair],
                  lambda s: pair_service.start(s, [pair], date(2026, 11, 3),
                                               today=date(2026, 11, 23)))  # fmt: skip
    board.undo_stack.undo()
    board.undo_stack.redo()
    with ctx.db.session() as session:
        links = session.scalars(select(IssuedDocumentPair.mentorship_id)).all()
    assert links == [pair]
    assert _pairs(ctx)[0][1] == "active"


def test_the_board_models_pass_qt_model_tester(qtmodeltester, qtbot, board, ctx, people):
    from mentor_desk.ui.board_panels import SuggestionModel
    from mentor_desk.ui.matching_dialogs import ProposalModel

    drag(board.free_view, row_of(board.free_view, "Иванов И."),
         board.mentor_view, row_of(board.mentor_view, "Орлова А.И."))  # fmt: skip
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    for model in (board.free_model, board.mentor_model, board.card_model,
                  board.free_proxy, board.mentor_proxy, board.card_proxy):  # fmt: skip
        qtmodeltester.check(model)
    click(qtbot, board.free_view, row_of(board.free_view, "Петров"))
    qtbot.waitUntil(lambda: board.suggestion_panel.model.rowCount() == 2)
    qtmodeltester.check(board.suggestion_panel.model)
    dialog = AutoMatchDialog(board)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    qtmodeltester.check(dialog.model)
    dialog.model.set_all(False)
    qtmodeltester.check(dialog.model)
    for empty in (SuggestionModel(), ProposalModel()):
        qtmodeltester.check(empty)
