"""The pair board after the review of issue 4, used like a curator: what is selected is
what «Закрепить» uses, one mentee moves out of a group, the warnings are shown where the
decisions are made (automatic matching, the order), the mentee's own choices are never
cut from the suggestions, and the board reads at a glance (order, counts, filters)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from tests.gui.board_helpers import drag, row_of
from tests.gui.board_user import click, menu_action, right_click
from tests.gui.conftest import add_person, click_button, on_modal, student, type_text
from tests.gui.test_board import teacher
from tests.helpers import TODAY

from mentor_desk.domain.pairs import EndReason, Form
from mentor_desk.domain.participants import Category, ConsentStatus
from mentor_desk.services import pairs
from mentor_desk.storage.models import Mentorship, MentorshipEvent
from mentor_desk.ui.board_models import CardDelegate, card_lines, card_warnings
from mentor_desk.ui.context import Changes
from mentor_desk.ui.matching_dialogs import AutoMatchDialog
from mentor_desk.ui.order_dialog import OrderDialog
from mentor_desk.ui.pair_dialogs import MoveMenteeDialog


def _pairs(ctx) -> list[tuple[int, str, list[int]]]:
    with ctx.db.session() as session:
        return [
            (pair.mentor_id, pair.status, [m.participant_id for m in pair.mentees])
            for pair in session.scalars(select(Mentorship).order_by(Mentorship.id))
        ]


def _plain(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


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


def _drag_pair(qtbot, board, mentee: str, mentor: str) -> None:
    count = board.card_model.rowCount()
    drag(board.free_view, row_of(board.free_view, mentee),
         board.mentor_view, row_of(board.mentor_view, mentor))  # fmt: skip
    qtbot.waitUntil(lambda: board.card_model.rowCount() == count + 1)


# --- 8: «Закрепить» acts on what was selected last ------------------------------------


def test_pin_uses_the_card_or_the_mentor_selected_last(qtbot, board, ctx, people):
    _drag_pair(qtbot, board, "Иванов", "Орлова")
    # Белов is picked first, then the curator picks the card instead: Белов is let go.
    click(qtbot, board.mentor_view, row_of(board.mentor_view, "Белов"))
    click(qtbot, board.card_view, board.card_proxy.index(0, 0))
    assert board.selected_mentor() is None
    click(qtbot, board.free_view, row_of(board.free_view, "Петров"))
    assert board.pin_action.isEnabled()
    board.pin_action.trigger()
    qtbot.waitUntil(lambda: len(board.card_model.items[0].mentees) == 2)
    assert _pairs(ctx) == [(people["orlova"], "draft", [people["ivanov"], people["petrov"]])]

    # The other way round: a card, then a mentor; the mentor is what counts.
    click(qtbot, board.card_view, board.card_proxy.index(0, 0))
    click(qtbot, board.free_view, row_of(board.free_view, "Сидоров"))
    click(qtbot, board.mentor_view, row_of(board.mentor_view, "Белов"))
    assert board.selected_cards() == []
    board.pin_action.trigger()
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 2)
    assert _pairs(ctx)[1] == (people["belov"], "draft", [people["sidorov"]])
    # the new pair is selected and in sight once the board has re-read itself
    (selected,) = board.selected_cards()
    assert selected.mentor.id == people["belov"]
    rect = board.card_view.visualRect(board.card_view.currentIndex())
    assert board.card_view.viewport().rect().intersects(rect)


# --- 9: one mentee of a group to another mentor ---------------------------------------


def test_one_mentee_of_a_working_group_moves_to_another_mentor(qtbot, board, ctx, people):
    with ctx.action(Changes.ALL) as session:
        group = pairs.create(session, people["orlova"], [people["ivanov"], people["petrov"]],
                             TODAY)  # fmt: skip
        pairs.approve(session, [group], "3-о", date(2026, 10, 1), TODAY)
        pairs.start(session, [group], date(2026, 10, 5), date(2027, 5, 31), today=TODAY)
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)

    def move(dialog) -> None:
        assert isinstance(dialog, MoveMenteeDialog)
        assert "выбыл наставляемый" in dialog.intro.text()
        assert "Петров Иван" in dialog.intro.text()
        texts = [dialog.mentor.itemText(i) for i in range(dialog.mentor.count())]
        assert texts == ["Белов П.П. — 0 из 2"]  # not the group's own mentor
        dialog.mentor.setCurrentIndex(dialog.mentor.findData(people["belov"]))
        dialog.on.setText("01.10.2026")  # before the group started: refused, stays open
        click_button(dialog, "OK")
        assert dialog.isVisible()
        assert "не раньше 05.10.2026" in dialog.fields["on"].error_label.text()
        dialog.on.setText("16.11.2026")
        type_text(dialog.note, "смена профиля")
        click_button(dialog, "OK")

    handled = on_modal(qtbot, move)
    choose = ("Перевести к наставнику…", "Петров Иван…")
    right_click(qtbot, board.card_view, board.card_proxy.index(0, 0),
                lambda menu: menu_action(menu, *choose))  # fmt: skip
    qtbot.waitUntil(lambda: bool(handled))
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 2)
    assert _pairs(ctx) == [
        (people["orlova"], "active", [people["ivanov"]]),
        (people["belov"], "draft", [people["petrov"]]),
    ]
    with ctx.db.session() as session:
        events = session.scalars(
            select(MentorshipEvent).where(MentorshipEvent.mentorship_id == group)
        ).all()
        removed = [e for e in events if e.kind == "mentee_removed"]
        (event,) = removed
        assert event.happened_on == date(2026, 11, 16)
        assert event.text.startswith("Петров Иван") and event.text.endswith("; смена профиля")
    (selected,) = board.selected_cards()  # the new pair, to approve next
    assert selected.mentor.id == people["belov"]

    board.undo_stack.undo()
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)
    assert _pairs(ctx) == [(people["orlova"], "active", [people["ivanov"], people["petrov"]])]


def test_a_draft_group_needs_only_the_new_mentor(qtbot, board, ctx, people):
    _drag_pair(qtbot, board, "Иванов", "Орлова")
    drag(board.free_view, row_of(board.free_view, "Петров"),
         board.card_view, board.card_proxy.index(0, 0))  # fmt: skip
    qtbot.waitUntil(lambda: len(board.card_model.items[0].mentees) == 2)

    def move(dialog) -> None:
        assert "on" not in dialog.fields  # a draft has no history to date
        click_button(dialog, "OK")  # no mentor chosen yet
        assert dialog.isVisible()
        assert dialog.fields["mentor"].error_label.text() == "Выберите наставника из списка"
        dialog.mentor.setCurrentIndex(dialog.mentor.findData(people["belov"]))
        click_button(dialog, "OK")

    handled = on_modal(qtbot, move)
    choose = ("Перевести к наставнику…", "Иванов Иван…")
    right_click(qtbot, board.card_view, board.card_proxy.index(0, 0),
                lambda menu: menu_action(menu, *choose))  # fmt: skip
    qtbot.waitUntil(lambda: bool(handled) and board.card_model.rowCount() == 2)
    assert sorted(_pairs(ctx)) == sorted([
        (people["orlova"], "draft", [people["petrov"]]),
        (people["belov"], "draft", [people["ivanov"]]),
    ])  # fmt: skip


# --- 12: warnings where the curator decides -------------------------------------------


def test_automatic_matching_shows_warnings_and_can_leave_out_unready_mentors(
    qtbot, board, ctx, people
):
    novikova = add_person(ctx, **teacher("Новикова", training_date=None))
    with ctx.action(Changes.ALL) as session:  # Иванов asked for her: the best score goes to her
        pairs.set_preferences(session, people["ivanov"], True, [novikova])
    qtbot.waitUntil(lambda: board.mentor_model.rowCount() == 3)

    def review(dialog) -> None:
        assert isinstance(dialog, AutoMatchDialog)
        model = dialog.model
        headers = list(model.headers)
        assert {"Предупреждения", "Запросы", "Анкеты", "Свободно"} <= set(headers)
        (row,) = [n for n, r in enumerate(model.rows) if r.mentee_id == people["ivanov"]]
        assert model.rows[row].mentor_id == novikova
        column = headers.index("Предупреждения")
        assert model.index(row, column).data() == "⚠ наставник не обучен"
        tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
        assert "Новикова А.И.: обучение наставников не пройдено" in tip
        anketa = model.index(row, headers.index("Анкеты")).data()
        assert float(anketa) > 0
        assert "С предупреждениями: 1" in dialog.summary.text()

        dialog.ready_only.click()  # recomputed without her
        assert len(model.rows) == 3
        assert novikova not in {r.mentor_id for r in model.rows}
        assert all(not r.warnings for r in model.rows)
        assert "Не готовых наставников не предлагаем: 1" in dialog.summary.text()
        click_button(dialog, "Принять отмеченные (3)")

    handled = on_modal(qtbot, review)
    board.auto_action.trigger()
    assert handled
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 3)
    assert novikova not in {mentor for mentor, _, _ in _pairs(ctx)}
    assert board.undo_stack.undoText() == "Автоподбор: 3 пары"


def test_the_order_lists_the_warnings_and_asks_about_missing_consent(
    qtbot, board, ctx, people, monkeypatch
):
    add_person(ctx, **student("Несогласов", consent_status=ConsentStatus.NONE))
    qtbot.waitUntil(lambda: board.free_model.rowCount() == 4)
    _drag_pair(qtbot, board, "Несогласов", "Орлова")
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    def approve(dialog) -> None:
        assert isinstance(dialog, OrderDialog)
        assert dialog.warnings.isVisible() and dialog.warnings.count() == 1
        assert "Несогласов И.: нет действующего согласия" in dialog.warnings.item(0).text()
        assert dialog.warnings_title.text().startswith("Предупреждения: 1 (1 пара из 1)")
        type_text(dialog.number.editor, "12-о")
        type_text(dialog.curator.editor, "Кравченко Е.В.")
        click_button(dialog, "Издать приказ")  # «Нет»: nothing issued, the dialog stays
        assert dialog.isVisible() and _pairs(ctx)[0][1] == "draft"
        on_modal(qtbot, lambda preview: click_button(preview, "Закрыть"))
        click_button(dialog, "Издать приказ")

    handled = on_modal(qtbot, approve)
    qtbot.mouseClick(board.card_panel.buttons["approve"], Qt.MouseButton.LeftButton)
    assert handled
    qtbot.waitUntil(lambda: _pairs(ctx)[0][1] == "approved")
    assert len(asked) == 2 and "1 пара без действующего согласия" in asked[0]
    assert "Несогласов И. (7Б) — нет согласия" in asked[0]


def test_suggestions_mark_unready_mentors(qtbot, board, ctx, people):
    add_person(ctx, **teacher("Новикова", training_date=None, mentor_consent_date=None))
    qtbot.waitUntil(lambda: board.mentor_model.rowCount() == 3)
    click(qtbot, board.free_view, row_of(board.free_view, "Иванов"))
    model = board.suggestion_panel.model
    rows = {r.mentor.name.split()[0]: n for n, r in enumerate(model.rows)}
    assert model.index(rows["Новикова"], 1).data() == "⚠ не готов"
    tip = model.index(rows["Новикова"], 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "обучение наставников не пройдено" in tip and "письменного согласия" in tip
    assert model.index(rows["Орлова"], 1).data() == "готов"
    assert model.index(rows["Орлова"], 0).data() == "Орлова А.И. — 0 из 2"  # load by the name


# --- 13: the mentee's own choices are never cut ---------------------------------------

SURNAMES = ("Алексеева", "Быстрова", "Веселова", "Голубева", "Денисова", "Ершова", "Жукова",
            "Зайцева", "Ильина", "Козлова", "Лебедева", "Макарова", "Никитина", "Осипова",
            "Павлова", "Романова", "Смирнова")  # fmt: skip


def test_suggestions_always_keep_the_mentors_the_mentee_asked_for(qtbot, window, ctx):
    mentee = add_person(ctx, **student("Иванов"))
    for name in SURNAMES:  # 17 mentors with room: more than the 15 listed
        add_person(ctx, **teacher(name, capacity=1))
    asked = add_person(ctx, **teacher("Яковлева", capacity=1))
    busy = add_person(ctx, **student("Занятов"))
    with ctx.action(Changes.ALL) as session:
        pairs.create(session, asked, [busy], TODAY)  # she is full
        pairs.set_preferences(session, mentee, True, [asked])
    tab = window.show_board()
    qtbot.waitUntil(lambda: tab.free_model.rowCount() == 1)
    click(qtbot, tab.free_view, row_of(tab.free_view, "Иванов"))
    assert not tab.details.isHidden() and tab.details.currentWidget() is tab.suggestion_panel
    model = tab.suggestion_panel.model
    assert len(model.rows) == 16  # 15 and the one she asked for, though full
    assert model.rows[0].mentor.id == asked
    assert model.index(0, 0).data() == "Яковлева А.И. — 1 из 1 · в анкете №1"
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert all(r.asked is None for r in model.rows[1:])


# --- 16: the board at a glance ---------------------------------------------------------


@pytest.fixture
def school(ctx, people):
    """Pairs in every state: a draft, a quiet working pair, one with a warning, ..."""
    kuz = add_person(ctx, **teacher("Кузнецова", capacity=3))
    mentees = [add_person(ctx, **student(n)) for n in ("Антонов", "Борисов", "Волков")]
    unsigned = add_person(ctx, **student("Несогласов", consent_status=ConsentStatus.NONE))
    o, b = people["orlova"], people["belov"]
    with ctx.action(Changes.ALL) as s:
        quiet = pairs.create(s, b, [people["ivanov"]], TODAY)
        ok = pairs.create(s, o, [people["petrov"]], TODAY)
        ended = pairs.create(s, kuz, [mentees[0]], TODAY)
        pairs.approve(s, [quiet, ok, ended], "1-о", date(2026, 9, 1), TODAY)
        pairs.start(s, [quiet, ended], date(2026, 9, 2), date(2027, 5, 31), today=TODAY)
        pairs.start(s, [ok], date(2026, 11, 10), date(2027, 5, 31), today=TODAY)
        pairs.end(s, [ended], date(2026, 10, 1), EndReason.PLAN_DONE, today=TODAY)
        approved = pairs.create(s, kuz, [mentees[1]], TODAY)
        warned = pairs.create(s, b, [unsigned], TODAY)
        pairs.approve(s, [approved, warned], "2-о", date(2026, 11, 2), TODAY)
        draft = pairs.create(s, o, [mentees[2]], TODAY)
    return {"quiet": quiet, "ok": ok, "ended": ended, "approved": approved, "warned": warned,
            "draft": draft}  # fmt: skip


def _shown(tab) -> list[int]:
    proxy = tab.card_proxy
    return [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(proxy.rowCount())]


def test_cards_come_in_working_order_with_counts_that_filter(qtbot, window, ctx, school):
    tab = window.show_board()
    qtbot.waitUntil(lambda: tab.card_model.rowCount() == 6)
    # drafts, then what needs attention (by mentor), then approved and working ones
    assert _shown(tab) == [school[k] for k in ("draft", "quiet", "warned", "approved", "ok")]
    tab.form_filter.setCurrentIndex(tab.form_filter.findData(Form.STUDENT_STUDENT))
    assert _shown(tab) == []
    tab.form_filter.setCurrentIndex(tab.form_filter.findData(Form.TEACHER_STUDENT))
    assert len(_shown(tab)) == 5
    tab.form_filter.setCurrentIndex(0)
    assert _plain(tab.counts.text()) == (
        "черновики 1 · утверждены 2 · действуют 2 · с предупреждениями 1 · нет встреч 1 · "
        "в архиве 1"
    )
    tab.counts.linkActivated.emit("no_meetings")  # a click on «нет встреч 1»
    assert tab.state_filter.currentText() == "Нет встреч"
    assert _shown(tab) == [school["quiet"]]
    quiet = tab.card_model.items[tab.card_model.row_of(school["quiet"])]
    assert quiet.no_meetings and card_warnings(quiet) == []  # a badge, not a warning line
    height = tab.card_view.sizeHintForIndex(tab.card_proxy.index(0, 0)).height()
    assert height < 4 * tab.card_view.fontMetrics().height() + 2 * CardDelegate.PADDING + 5
    tab.state_filter.setCurrentIndex(tab.state_filter.findData("warnings"))
    assert _shown(tab) == [school["warned"]]
    tab.counts.linkActivated.emit("ended")
    assert _shown(tab) == [school["ended"]]
    ended = tab.card_model.items[tab.card_model.row_of(school["ended"])]
    assert card_lines(ended)[2].startswith("завершена 01.10.2026: план выполнен полностью")


def test_details_open_for_a_selection_and_the_hint_is_one_line(qtbot, board, ctx, people):
    assert board.details.isHidden()  # nothing selected: the lists have the height
    assert board.hint.height() <= 3 * board.hint.fontMetrics().height()
    _drag_pair(qtbot, board, "Иванов", "Орлова")
    assert not board.details.isHidden() and board.details.currentWidget() is board.card_panel
    assert board.details.height() < board.height() / 2
    board.card_view.selectionModel().clearSelection()
    assert board.details.isHidden()
    # a disabled lifecycle button says why
    click(qtbot, board.card_view, board.card_proxy.index(0, 0))
    start = board.card_panel.buttons["start"]
    assert not start.isEnabled()
    assert start.toolTip() == "Начать работу можно, когда пара утверждена приказом"


def test_unready_mentors_are_marked_and_the_filters_apply_to_mentors(qtbot, board, ctx):
    add_person(ctx, **teacher("Новикова", training_date=None, mentor_consent_date=None))
    add_person(ctx, **student("Старшеклассников", class_name="10А", is_mentor=True))
    qtbot.waitUntil(lambda: board.mentor_model.rowCount() == 4)
    index = row_of(board.mentor_view, "⚠ Новикова А.И. — 0 из 2")
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "обучение наставников не пройдено" in tip
    assert "нет письменного согласия быть наставником" in tip
    assert "Красным" in board.hint.text() and "серым" in board.hint.text()

    board.category_filter.setCurrentIndex(board.category_filter.findData(Category.STUDENT))
    shown = [board.mentor_proxy.index(r, 0).data() for r in range(board.mentor_proxy.rowCount())]
    assert len(shown) == 1 and shown[0].startswith("⚠ Старшеклассников И. — 0 из 1, 10А")
    assert board.mentor_column.label.text() == "Наставники: занято из мест (1 из 4)"


def test_delete_key_removes_a_draft_and_undo_brings_it_back(qtbot, board, ctx, people):
    _drag_pair(qtbot, board, "Иванов", "Орлова")
    board.card_view.setFocus()
    QTest.keyClick(board.card_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 0)
    assert _pairs(ctx) == []
    assert board.undo_stack.undoText() == "Удалить черновик"
    board.undo_stack.undo()
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 1)


def test_right_click_on_a_mentee_suggests_mentors_and_opens_the_card(qtbot, board, people):
    right_click(qtbot, board.free_view, row_of(board.free_view, "Петров"),
                lambda menu: menu_action(menu, "Подобрать наставника"))  # fmt: skip
    qtbot.waitUntil(lambda: board.details.currentWidget() is board.suggestion_panel)
    assert board.suggestion_panel.mentee.id == people["petrov"]

    def look(dialog) -> None:
        assert dialog.objectName() == "participantDialog"
        seen.append(dialog.person_id)
        dialog.reject()

    seen: list[int] = []
    handled = on_modal(qtbot, look)
    right_click(qtbot, board.mentor_view, row_of(board.mentor_view, "Белов"),
                lambda menu: menu_action(menu, "Открыть карточку участника…"))  # fmt: skip
    qtbot.waitUntil(lambda: bool(handled))
    assert seen == [people["belov"]]


def test_the_lecturer_form_is_offered_only_for_a_partner_from_a_college(qtbot, board, ctx):
    young = add_person(ctx, **teacher("Молодова", is_mentor=False, is_mentee=True,
                                      experience_years=1))  # fmt: skip
    other = add_person(ctx, **teacher("Новенькая", is_mentor=False, is_mentee=True,
                                      experience_years=1))  # fmt: skip
    college = add_person(ctx, **teacher("Лекторов", category=Category.PARTNER,
                                        organization="Амурский колледж"))  # fmt: skip
    firm = add_person(ctx, **teacher("Фирмов", category=Category.PARTNER,
                                     organization="ООО «Ромашка»"))  # fmt: skip
    with ctx.action(Changes.ALL) as session:
        pairs.create(session, college, [young], TODAY)
        pairs.create(session, firm, [other], TODAY)
    qtbot.waitUntil(lambda: board.card_model.rowCount() == 2)
    offered = {}
    for row in range(board.card_proxy.rowCount()):
        click(qtbot, board.card_view, board.card_proxy.index(row, 0))
        card = board.selected_cards()[0]
        combo = board.card_panel.form_combo
        offered[card.mentor.id] = [Form(combo.itemData(i)) for i in range(combo.count())]
        assert card.form is offered[card.mentor.id][0]
    lecturer, partner = Form.LECTURER_YOUNG_TEACHER, Form.PARTNER_TEACHER
    assert offered == {college: [lecturer, partner], firm: [partner]}
