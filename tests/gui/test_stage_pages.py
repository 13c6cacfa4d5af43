"""The pages of the two monitoring stages: SWOT (этап 1) and growth (этап 2), typed by
keyboard on a real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from sqlalchemy import select
from tests.growth_school import YEAR_START, build_school
from tests.gui.conftest import type_text

from mentor_desk.services import monitoring
from mentor_desk.storage.models import GrowthMeasurement, GrowthParameter, SwotItem
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.growth_page import COL_END, COL_GROWTH, COL_NAME, COL_START, GrowthPage
from mentor_desk.ui.stage_pages import SwotPage


def _show(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.addWidget(page)
    page.resize(1300, 600)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    return page


def _swot(ctx: AppContext) -> list[tuple[str, str]]:
    with ctx.db.session() as s:
        return [(i.quadrant, i.text) for i in s.scalars(select(SwotItem).order_by(SwotItem.id))]


def _measurements(ctx: AppContext) -> dict[int, tuple[float | None, float | None]]:
    with ctx.db.session() as s:
        return {
            m.participant_id: (m.start_value, m.end_value)
            for m in s.scalars(select(GrowthMeasurement))
        }


def _enter(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, Qt.Key.Key_Return)


# --- stage 1 -------------------------------------------------------------------------


@pytest.fixture
def swot_page(qtbot, ctx: AppContext) -> SwotPage:
    page = SwotPage(ctx)
    page.set_year(YEAR_START)
    return _show(qtbot, page)


def test_swot_items_are_added_by_enter_edited_in_place_and_deleted(qtbot, ctx, swot_page):
    strengths = swot_page.quadrants["strength"]
    threats = swot_page.quadrants["threat"]
    strengths.line.setFocus()
    type_text(strengths.line, "Опытные  наставники")
    _enter(qtbot, strengths.line)
    type_text(strengths.line, "Пары встречаются регулярно")
    _enter(qtbot, strengths.line)
    type_text(threats.line, "Нагрузка педагогов")
    qtbot.mouseClick(threats.add_button, Qt.MouseButton.LeftButton)
    _enter(qtbot, threats.line)  # an empty line adds nothing and says nothing
    assert _swot(ctx) == [
        ("strength", "Опытные наставники"),
        ("strength", "Пары встречаются регулярно"),
        ("threat", "Нагрузка педагогов"),
    ]
    assert strengths.line.text() == "" and strengths.model.rowCount() == 2
    assert strengths.title() == "Сильные стороны (2)"
    assert [r.text for r in swot_page.quadrants["threat"].model.rows] == ["Нагрузка педагогов"]

    # F2 edits the current item in place; Enter keeps the edit.
    view = strengths.view
    view.setFocus()
    view.setCurrentIndex(strengths.model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Опытные наставники"
    editor.selectAll()
    type_text(editor, "Опытные наставники из числа педагогов")
    _enter(qtbot, editor)
    qtbot.waitUntil(lambda: _swot(ctx)[0][1] == "Опытные наставники из числа педагогов")

    # Delete removes the selected items at once, in one action.
    actions: list[Changes] = []
    ctx.bus.changed.connect(lambda changes, _who: actions.append(changes))
    view.setFocus()
    selection = view.selectionModel()
    selection.select(strengths.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    selection.select(strengths.model.index(1), QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert _swot(ctx) == [("threat", "Нагрузка педагогов")]
    assert actions == [Changes.MONITORING]
    assert strengths.model.rowCount() == 0 and strengths.title() == "Сильные стороны"


def test_swot_page_follows_the_year_and_changes_made_elsewhere(qtbot, ctx, swot_page):
    with ctx.action(Changes.MONITORING) as s:
        monitoring.add_swot(s, YEAR_START, "opportunity", "Сетевые проекты")
        monitoring.add_swot(s, YEAR_START - 1, "weakness", "Прошлогодний пункт")
    qtbot.waitUntil(lambda: swot_page.quadrants["opportunity"].model.rowCount() == 1)
    assert swot_page.quadrants["weakness"].model.rowCount() == 0
    swot_page.set_year(YEAR_START - 1)
    assert [r.text for r in swot_page.quadrants["weakness"].model.rows] == ["Прошлогодний пункт"]
    assert swot_page.quadrants["opportunity"].model.rowCount() == 0

    swot_page.hide()
    with ctx.action(Changes.MONITORING) as s:
        monitoring.add_swot(s, YEAR_START - 1, "weakness", "Ещё один")
    assert swot_page.dirty and swot_page.quadrants["weakness"].model.rowCount() == 1
    swot_page.show()
    assert swot_page.quadrants["weakness"].model.rowCount() == 2


def test_swot_closed_answers_summary(swot_page):
    assert swot_page.closed_answers.isHidden() and swot_page.closed_hint.isVisible()
    assert "Сводка закрытых вопросов" in swot_page.closed_hint.text()
    swot_page.set_closed_summary("Довольны программой: 8 из 10 (<3 отказов>)")
    assert swot_page.closed_answers.toPlainText() == "Довольны программой: 8 из 10 (<3 отказов>)"
    assert swot_page.closed_answers.isVisible() and swot_page.closed_hint.isHidden()
    swot_page.set_closed_summary("<p><b>Встречи</b> полезны: 90 %</p>")
    assert swot_page.closed_answers.toPlainText() == "Встречи полезны: 90 %"
    swot_page.set_closed_summary("")
    assert swot_page.closed_answers.isHidden() and swot_page.closed_hint.isVisible()


def test_swot_model_passes_the_qt_model_tester(qtmodeltester, ctx, swot_page):
    with ctx.action(Changes.MONITORING) as s:
        for text in ("Первый", "Второй", "Третий"):
            monitoring.add_swot(s, YEAR_START, "strength", text)
    swot_page.refresh()
    model = swot_page.quadrants["strength"].model
    assert model.rowCount() == 3
    qtmodeltester.check(model)


# --- stage 2 -------------------------------------------------------------------------


@pytest.fixture
def people(ctx: AppContext) -> dict[str, int]:
    return build_school(ctx.db)


@pytest.fixture
def growth_page(qtbot, ctx: AppContext, people) -> GrowthPage:  # type: ignore[no-untyped-def]
    page = GrowthPage(ctx)
    page.set_year(YEAR_START)
    return _show(qtbot, page)


def _add_parameter(qtbot, page: GrowthPage, name: str, audience: str) -> None:  # type: ignore[no-untyped-def]
    page.name_edit.setFocus()
    type_text(page.name_edit, name)
    page.audience_combo.setCurrentIndex(page.audience_combo.findData(audience))
    _enter(qtbot, page.name_edit)


def _type_cell(qtbot, view, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the current cell as a curator does: the first key opens the editor."""
    qtbot.keyClicks(view, text[0])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    qtbot.keyClicks(editor, text[1:])
    _enter(qtbot, editor)
    _closed(qtbot, view)


def _closed(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    """The delegate commits an Enter a moment later (queued), then closes the editor."""
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def _names(page: GrowthPage) -> list[str]:
    return [r.mentee.name.split()[0] for r in page.table_model.rows]


def test_growth_parameters_and_values_typed_by_keyboard(qtbot, ctx, people, growth_page):
    page = growth_page
    assert page.parameter_model.rowCount() == 0
    assert page.parameter_view.hint == "Добавьте параметр, например «Средний балл»"
    _add_parameter(qtbot, page, "Средний балл", "students")
    with ctx.db.session() as s:
        parameter = s.scalars(select(GrowthParameter)).one()
        assert (parameter.name, parameter.audience, parameter.year_start) == (
            "Средний балл", "students", YEAR_START,
        )  # fmt: skip
    assert page.parameter_title.text() == "Средний балл (обучающиеся)"
    # Students of the counted pairs only: no teacher, no draft, no pair of last year.
    assert _names(page) == ["Белова", "Иванова", "Сидорова"]
    assert page.table.currentIndex().row() == 0
    assert page.table.currentIndex().column() == COL_START

    view = page.table
    view.setFocus()
    _type_cell(qtbot, view, "3,5")  # Белова, comma
    assert view.currentIndex().row() == 1  # Enter went down
    _type_cell(qtbot, view, "4.0")  # Иванова, dot
    assert _measurements(ctx) == {people["belova"]: (3.5, None), people["ivanova"]: (4.0, None)}
    view.setCurrentIndex(page.table_model.index(0, COL_END))
    _type_cell(qtbot, view, "4,25")
    _type_cell(qtbot, view, "4,5")
    assert view.currentIndex().row() == 2
    assert _measurements(ctx) == {people["belova"]: (3.5, 4.25), people["ivanova"]: (4.0, 4.5)}
    assert page.table_model.index(0, COL_GROWTH).data() == "+0,75"
    assert page.table_model.index(1, COL_GROWTH).data() == "+0,5"
    # Сидорова has no values: 2 of 3 measured; all three are of one form.
    assert page.summary_label.text() == (
        "Измерено в начале и в конце: 2 из 3 наставляемых; в среднем 3,75 → 4,38, прирост +0,63"
    )
    summary = [
        [page.summary_model.index(r, c).data() for c in range(6)]
        for r in range(page.summary_model.rowCount())
    ]
    assert summary == [
        ["ученик – ученик", "1", "1", "3,5", "4,25", "+0,75"],
        ["учитель – ученик", "2", "1", "4", "4,5", "+0,5"],
        ["Все формы", "3", "2", "3,75", "4,38", "+0,63"],
    ]

    # Emptying both values removes the measurement: by editing, or with Delete.
    view.setCurrentIndex(page.table_model.index(0, COL_START))
    view.edit(view.currentIndex())
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "3,5"
    editor.clear()
    _enter(qtbot, editor)
    _closed(qtbot, view)
    assert _measurements(ctx)[people["belova"]] == (None, 4.25)
    view.setCurrentIndex(page.table_model.index(0, COL_END))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert _measurements(ctx) == {people["ivanova"]: (4.0, 4.5)}
    assert page.table_model.index(0, COL_END).data() == ""
    view.setCurrentIndex(page.table_model.index(0, COL_NAME))
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # a name is not a value: nothing happens
    assert page.table_model.index(0, COL_NAME).data() == "Белова Анна Петровна"


def test_a_bad_value_is_refused_in_russian_and_nothing_is_stored(
    qtbot, ctx, people, growth_page, message_boxes
):
    page = growth_page
    _add_parameter(qtbot, page, "Мотивация к учёбе (1–10)", "students")
    view = page.table
    view.setFocus()
    _type_cell(qtbot, view, "abc")
    qtbot.waitUntil(lambda: bool(message_boxes))
    kind, text = message_boxes[0]
    assert kind == "warning" and "«abc» — не число" in text
    assert _measurements(ctx) == {}
    assert view.currentIndex().row() == 0  # stays on the cell to type it again
    assert page.table_model.index(0, COL_START).data() == ""
    _type_cell(qtbot, view, "7")
    assert _measurements(ctx) == {people["belova"]: (7.0, None)}


def test_parameters_for_teachers_rename_and_delete(qtbot, ctx, people, growth_page, message_boxes):
    page = growth_page
    _add_parameter(qtbot, page, "Методическое мастерство (1–10)", "teachers")
    assert _names(page) == ["Молодцова"]
    assert page.table_model.index(0, 2).data() == "учитель – учитель"
    assert page.table_model.index(0, 1).data() == "учитель истории"
    _add_parameter(qtbot, page, "Средний балл", "all")
    assert _names(page) == ["Белова", "Иванова", "Молодцова", "Сидорова"]
    _add_parameter(qtbot, page, "средний  БАЛЛ", "students")  # the same name: refused
    assert message_boxes[-1] == ("warning", "Параметр «средний БАЛЛ» в этом году уже есть")
    assert page.parameter_model.rowCount() == 2

    # Rename in place with F2.
    pv = page.parameter_view
    pv.setFocus()
    pv.setCurrentIndex(page.parameter_model.index(1))
    qtbot.keyClick(pv, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Средний балл"
    editor.selectAll()
    type_text(editor, "Средний балл за четверть")
    _enter(qtbot, editor)
    _closed(qtbot, pv)
    with ctx.db.session() as s:
        names = sorted(s.scalars(select(GrowthParameter.name)))
    assert names == ["Методическое мастерство (1–10)", "Средний балл за четверть"]
    qtbot.waitUntil(lambda: page.parameter_title.text() == "Средний балл за четверть (все)")

    # An unmeasured parameter goes at once; a measured one is asked about first.
    with ctx.action(Changes.MONITORING) as s:
        first = page.parameter_model.rows[0].id
        monitoring.set_measurement(s, first, people["molodtsova"], start=6.0, end=8.0)
    qtbot.waitUntil(lambda: page.parameter_model.counts.get(first) == 1)
    asked = len(message_boxes)
    page.delete_button.click()  # the second (current) one: no measurements
    assert len(message_boxes) == asked
    assert [r.id for r in page.parameter_model.rows] == [first]
    assert page.parameter_id == first and _names(page) == ["Молодцова"]
    assert page.table_model.index(0, COL_GROWTH).data() == "+2"
    page.delete_button.click()
    assert message_boxes[-1][0] == "question" and "1 измерение" in message_boxes[-1][1]
    assert page.parameter_model.rowCount() == 0 and _measurements(ctx) == {}
    assert page.table.hint == "Выберите параметр слева или добавьте новый"


def test_a_year_without_counted_pairs_says_so(qtbot, ctx, people, growth_page):
    page = growth_page
    page.set_year(YEAR_START - 3)  # before any pair began
    _add_parameter(qtbot, page, "Средний балл", "students")
    assert page.table_model.rowCount() == 0
    assert page.table.hint == "В этом учебном году нет утверждённых пар — нечего измерять"
    assert page.summary_label.text() == ""


def test_growth_models_pass_the_qt_model_tester(qtmodeltester, qtbot, ctx, people, growth_page):
    page = growth_page
    _add_parameter(qtbot, page, "Средний балл", "all")
    with ctx.action(Changes.MONITORING) as s:
        parameter = page.parameter_model.rows[0].id
        monitoring.set_measurement(s, parameter, people["belova"], start=3.0, end=4.0)
        monitoring.set_measurement(s, parameter, people["molodtsova"], start=5.0, end=None)
    qtbot.waitUntil(lambda: page.summary_model.rowCount() == 4)
    qtmodeltester.check(page.parameter_model)
    qtmodeltester.check(page.table_model)
    qtmodeltester.check(page.summary_model)


def test_an_edit_refused_by_the_service_is_told_once_after_the_editor_closes(
    qtbot, ctx, people, growth_page, message_boxes
):
    page = growth_page
    _add_parameter(qtbot, page, "Средний балл", "students")
    gone = page.parameter_id
    with ctx.db.transaction() as s:  # another window deleted it; this page has not heard
        monitoring.delete_parameter(s, gone)
    view = page.table
    view.setFocus()
    _type_cell(qtbot, view, "4")
    qtbot.waitUntil(lambda: bool(message_boxes))
    qtbot.wait(50)
    assert message_boxes == [("warning", "Параметр не найден (возможно, его уже удалили)")]
    assert _measurements(ctx) == {}
    qtbot.waitUntil(lambda: page.parameter_model.rowCount() == 0)  # read again


def test_a_swot_edit_of_an_item_deleted_elsewhere_is_refused_once(
    qtbot, ctx, swot_page, message_boxes
):
    with ctx.action(Changes.MONITORING) as s:
        item = monitoring.add_swot(s, YEAR_START, "weakness", "Мало встреч")
    box = swot_page.quadrants["weakness"]
    qtbot.waitUntil(lambda: box.model.rowCount() == 1)
    with ctx.db.transaction() as s:
        monitoring.delete_swot(s, [item])
    box.view.setFocus()
    box.view.setCurrentIndex(box.model.index(0))
    qtbot.keyClick(box.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(editor, "Мало встреч пар")
    _enter(qtbot, editor)
    _closed(qtbot, box.view)
    qtbot.waitUntil(lambda: bool(message_boxes))
    qtbot.wait(50)
    assert message_boxes == [
        ("warning", "Пункт SWOT-анализа не найден (возможно, его уже удалили)")
    ]
    qtbot.waitUntil(lambda: box.model.rowCount() == 0)


def test_the_table_keeps_its_cell_when_a_change_elsewhere_is_read(qtbot, ctx, people, growth_page):
    page = growth_page
    _add_parameter(qtbot, page, "Средний балл", "students")
    page.table.setCurrentIndex(page.table_model.index(2, COL_END))  # Сидорова, «В конце»
    with ctx.action(Changes.MONITORING) as s:
        monitoring.set_measurement(s, page.parameter_id, people["belova"], start=5.0, end=5.0)
    qtbot.waitUntil(lambda: page.table_model.index(0, COL_START).data() == "5")
    current = page.table.currentIndex()
    assert (current.row(), current.column()) == (2, COL_END)
    assert page.summary_label.text().startswith("Измерено в начале и в конце: 1 из 3")
