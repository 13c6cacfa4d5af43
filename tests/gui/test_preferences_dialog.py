"""«Анкеты нетворкинга», used like a curator: pick choices, import a file, get the sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QPushButton
from sqlalchemy import select
from tests.gui.conftest import add_person, click_button, on_modal, student

from mentor_desk.domain.participants import Category, ConsentStatus
from mentor_desk.storage.models import Preference
from mentor_desk.ui.preferences_dialog import ChoicesModel, ChoicesPanel, PreferencesDialog


def teacher(last: str, first: str = "Анна", **extra: object) -> dict[str, object]:
    return {
        "last_name": last,
        "first_name": first,
        "middle_name": "Ивановна",
        "category": Category.TEACHER,
        "position": "учитель",
        "is_mentor": True,
        "consent_status": ConsentStatus.GIVEN,
        "consent_date": date(2026, 9, 1),
        "consent_signer": "сам участник",
        **extra,
    }


@pytest.fixture
def people(ctx) -> dict[str, int]:
    return {
        "orlova": add_person(ctx, **teacher("Орлова")),
        "belov": add_person(ctx, **teacher("Белов", "Павел", middle_name="Петрович")),
        "ivanov": add_person(ctx, **student("Иванов", middle_name="Иванович")),
        "petrov": add_person(ctx, **student("Петров", "Пётр", class_name="8А")),
    }


@pytest.fixture
def dialog(qtbot, ctx, people) -> PreferencesDialog:
    found = PreferencesDialog(ctx)
    qtbot.addWidget(found)
    found.show()
    return found


def _stored(ctx) -> dict[tuple[int, bool], list[int]]:
    with ctx.db.session() as session:
        found: dict[tuple[int, bool], list[int]] = {}
        query = select(Preference).order_by(Preference.chooser_id, Preference.rank)
        for pref in session.scalars(query):
            found.setdefault((pref.chooser_id, pref.as_mentee), []).append(pref.chosen_id)
        return found


def _cell(panel: ChoicesPanel, name: str, column: int) -> QModelIndex:
    proxy = panel.proxy
    for row in range(proxy.rowCount()):
        if str(proxy.index(row, 0).data()).startswith(name):
            return proxy.index(row, column)
    raise AssertionError(f"{name!r} not in the table")


def _pick(view, index: QModelIndex, label: str) -> None:
    """Open the cell's combo editor the way a double click does and choose an item."""
    view.setCurrentIndex(index)
    if view.state() != QAbstractItemView.State.EditingState:
        view.edit(index)
    combo = view.indexWidget(index)
    assert isinstance(combo, QComboBox), "no combo editor opened"
    position = combo.findText(label)
    assert position >= 0, f"{label!r} not among {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(position)
    combo.activated.emit(position)


ORLOVA = "Орлова Анна Ивановна (учитель)"
BELOV = "Белов Павел Петрович (учитель)"


def test_choices_picked_in_the_table_are_saved_ranked(qtbot, dialog, ctx, people, message_boxes):
    assert dialog.windowTitle() == "Анкеты нетворкинга"
    assert [dialog.tabs.tabText(i) for i in range(2)] == [
        "Наставляемые выбирают наставников",
        "Наставники выбирают наставляемых",
    ]
    panel = dialog.mentees
    assert panel.model.rowCount() == 2  # the mentees; the mentors are on the other tab
    assert _cell(panel, "Петров", 1).data() == "8А"
    view = panel.view

    _pick(view, _cell(panel, "Иванов", 2), ORLOVA)
    assert _stored(ctx) == {(people["ivanov"], True): [people["orlova"]]}
    _pick(view, _cell(panel, "Иванов", 3), BELOV)
    assert _stored(ctx) == {(people["ivanov"], True): [people["orlova"], people["belov"]]}
    assert _cell(panel, "Иванов", 3).data() == "Белов П.П."

    # The same mentor twice: refused with a word, nothing changes.
    _pick(view, _cell(panel, "Иванов", 4), ORLOVA)
    qtbot.waitUntil(lambda: bool(message_boxes))
    kind, text = message_boxes[0]
    assert kind == "warning" and "уже указан" in text and "1-й выбор" in text
    assert _stored(ctx) == {(people["ivanov"], True): [people["orlova"], people["belov"]]}

    # Clearing the first choice moves the second up: ranks stay 1, 2, 3.
    _pick(view, _cell(panel, "Иванов", 2), "— нет —")
    assert _stored(ctx) == {(people["ivanov"], True): [people["belov"]]}
    assert _cell(panel, "Иванов", 2).data() == "Белов П.П."
    assert _cell(panel, "Иванов", 3).data() == ""
    assert panel.summary.text() == "Заполнено анкет: 1 из 2"

    # Mentors choose mentees on the second tab.
    dialog.tabs.setCurrentIndex(1)
    mentors = dialog.mentors
    assert mentors.model.rowCount() == 2
    _pick(mentors.view, _cell(mentors, "Орлова", 2), "Петров Пётр (8А)")
    assert _stored(ctx)[people["orlova"], False] == [people["petrov"]]
    assert len(message_boxes) == 1


def test_the_search_box_filters_the_table(dialog):
    panel = dialog.mentees
    panel.search.setText("8а")
    assert panel.proxy.rowCount() == 1
    assert str(panel.proxy.index(0, 0).data()).startswith("Петров")
    panel.search.setText("петров пётр")
    assert panel.proxy.rowCount() == 1
    panel.search.setText("")
    assert panel.proxy.rowCount() == 2


def test_import_from_excel_previews_then_writes(
    qtbot, dialog, ctx, people, tmp_path, monkeypatch, message_boxes
):
    source = tmp_path / "анкеты.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Наставляемый", "Наставник 1", "Наставник 2", "Наставник 3"])
    ws.append(["Иванов Иван Иванович", "Белов П.П.", "Орлова А.И."])
    ws.append(["Никитин Никита", "Орлова А.И."])
    book.save(source)
    monkeypatch.setattr("mentor_desk.ui.files._ask", lambda *a, **k: str(source))

    dialog.findChild(QPushButton, "importPreferences").click()

    assert [kind for kind, _ in message_boxes] == ["question", "information"]
    preview = message_boxes[0][1]
    assert "Готово к загрузке: 1 анкета" in preview
    assert "Строка 3: не найден в реестре: «Никитин Никита»" in preview
    assert message_boxes[1][1] == "Загружено: 1 анкета."
    assert _stored(ctx) == {(people["ivanov"], True): [people["belov"], people["orlova"]]}
    assert _cell(dialog.mentees, "Иванов", 2).data() == "Белов П.П."  # the table reloaded


def test_import_of_an_unreadable_file_says_why(dialog, ctx, tmp_path, monkeypatch, message_boxes):
    source = tmp_path / "анкеты.xlsx"
    source.write_bytes(b"PK\x03\x04 broken")
    monkeypatch.setattr("mentor_desk.ui.files._ask", lambda *a, **k: str(source))
    dialog.findChild(QPushButton, "importPreferences").click()
    assert len(message_boxes) == 1 and message_boxes[0][0] == "warning"
    assert "повреждён" in message_boxes[0][1]
    assert _stored(ctx) == {}


def test_the_sample_is_saved(dialog, tmp_path, monkeypatch, message_boxes):
    target = tmp_path / "образец"
    monkeypatch.setattr("mentor_desk.ui.files._ask", lambda *a, **k: str(target))
    dialog.findChild(QPushButton, "preferenceSample").click()
    saved = Path(f"{target}.xlsx")
    assert saved.exists()
    ws = openpyxl.load_workbook(saved).active
    assert [c.value for c in ws[1]] == ["Наставляемый", "Наставник 1", "Наставник 2", "Наставник 3"]
    assert ws.max_row == 3
    assert message_boxes[0][0] == "information"


def test_the_board_opens_the_dialog(qtbot, window, people):
    board = window.show_board()
    seen: dict[str, object] = {}

    def handle(widget) -> None:
        assert isinstance(widget, PreferencesDialog)
        seen["rows"] = widget.mentees.model.rowCount()
        click_button(widget, "Закрыть")

    handled = on_modal(qtbot, handle)
    board.survey_action.trigger()
    assert handled and seen["rows"] == 2


def test_a_failed_save_is_told_and_not_shown(qtbot, dialog, ctx, monkeypatch, message_boxes):
    from mentor_desk.services import pairs

    def fail(*args: object) -> None:
        raise RuntimeError("диск отключён")

    monkeypatch.setattr(pairs, "set_preferences", fail)
    panel = dialog.mentees
    _pick(panel.view, _cell(panel, "Иванов", 2), ORLOVA)
    qtbot.waitUntil(lambda: bool(message_boxes))
    assert message_boxes[0][0] == "warning" and "диск отключён" in message_boxes[0][1]
    assert _cell(panel, "Иванов", 2).data() == ""
    assert _stored(ctx) == {}


def test_the_questionnaire_models_pass_qt_model_tester(qtmodeltester, dialog):
    empty = ChoicesModel(lambda chooser, ranked: True)  # kept alive for the tester
    qtmodeltester.check(empty)
    for panel in (dialog.mentees, dialog.mentors):
        qtmodeltester.check(panel.model)
        panel.search.setText("петров")
        qtmodeltester.check(panel.proxy)
        panel.search.setText("")
        qtmodeltester.check(panel.proxy)
