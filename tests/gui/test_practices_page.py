"""The best practices page: a practice typed by keyboard and saved with Ctrl+S, edited,
moved, deleted after asking; a refusal shown under the editor with the text kept; unsaved
changes asked about; the page follows the year and changes made elsewhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from tests.gui.conftest import type_text

from mentor_desk.domain.pairs import Form
from mentor_desk.queries import practices as reads
from mentor_desk.services import practices as service
from mentor_desk.services.practices import TITLE_MAX
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.practices_page import (
    COL_FORM,
    COL_TITLE,
    EMPTY_HINT,
    NO_FORM,
    PracticesModel,
    PracticesPage,
)

YEAR = 2026  # TODAY (23.11.2026) is in 2026/2027
CLUB = "Клуб юных инженеров"


def _stored(ctx: AppContext, year: int = YEAR) -> list[tuple[str, str, str, str]]:
    return [
        (p.title, p.form, p.description, p.results) for p in reads.practices(ctx.db.reader, year)
    ]


def _add(ctx: AppContext, title: str, year: int = YEAR, **fields: str) -> int:
    with ctx.action(Changes.MONITORING) as s:
        return service.add_practice(s, year, title, **fields)


def _choose(page: PracticesPage, row: int) -> None:
    page.view.selectionModel().setCurrentIndex(
        page.model.index(row, COL_TITLE),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _save_keys(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def page(qtbot, ctx: AppContext) -> PracticesPage:
    page = PracticesPage(ctx)
    page.set_year(YEAR)
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    return page


def test_a_practice_typed_by_keyboard_and_saved_with_ctrl_s(qtbot, ctx, page, message_boxes):
    assert page.model.rowCount() == 0 and page.view.hint == EMPTY_HINT
    assert "что сделали, с кем, какой получили результат" in EMPTY_HINT
    assert page.editor.title() == "Новая практика"
    assert not page.delete_button.isEnabled() and not page.save_button.isEnabled()
    actions: list[Changes] = []
    ctx.bus.changed.connect(lambda changes, _who: actions.append(changes))

    page.title_edit.setFocus()
    type_text(page.title_edit, f"{CLUB}:  старшеклассники готовят семиклассников")
    assert page.save_button.isEnabled()
    qtbot.keyClick(page.title_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.form_combo
    assert page.form_combo.currentText() == NO_FORM
    qtbot.keyClick(page.form_combo, Qt.Key.Key_Down)
    assert page.form_combo.currentText() == Form.STUDENT_STUDENT.label
    qtbot.keyClick(page.form_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.description_edit
    type_text(page.description_edit, "Шесть учеников 10–11 классов ведут занятия.")
    qtbot.keyClick(page.description_edit, Qt.Key.Key_Return)
    type_text(page.description_edit, "Дважды в неделю.")
    qtbot.keyClick(page.description_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.results_edit
    type_text(page.results_edit, "4 команды, 2 призовых места")
    assert page.description_count.text() == "60 / 4000"
    _save_keys(qtbot, page.results_edit)

    assert _stored(ctx) == [
        (
            f"{CLUB}: старшеклассники готовят семиклассников",
            "student_student",
            "Шесть учеников 10–11 классов ведут занятия.\nДважды в неделю.",
            "4 команды, 2 призовых места",
        )
    ]
    assert actions == [Changes.MONITORING]
    assert message_boxes == []
    assert page.model.rowCount() == 1
    assert page.model.index(0, COL_FORM).data() == "ученик – ученик"
    assert page.view.currentIndex().row() == 0
    assert page.editor.title() == f"{CLUB}: старшеклассники готовят семиклассников"
    assert page.delete_button.isEnabled() and not page.save_button.isEnabled()
    _save_keys(qtbot, page.title_edit)  # nothing to save: nothing happens
    assert actions == [Changes.MONITORING]


def test_a_practice_is_edited_and_saved_by_the_button(qtbot, ctx, page):
    first = _add(ctx, "Школа молодого педагога", form="teacher_teacher")
    _add(ctx, CLUB)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.editing_id == first and page.title_edit.text() == "Школа молодого педагога"
    assert page.model.index(1, COL_FORM).data() == NO_FORM

    _choose(page, 1)
    assert page.title_edit.text() == CLUB and page.form_combo.currentText() == NO_FORM
    page.results_edit.setFocus()
    type_text(page.results_edit, "18 участников")
    assert page.editor.title() == f"{CLUB} — изменена, не сохранена"
    page.form_combo.setCurrentIndex(page.form_combo.findData(Form.STUDENT_STUDENT.value))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert _stored(ctx)[1] == (CLUB, "student_student", "", "18 участников")
    assert page.editor.title() == CLUB and page.editing_id != first
    assert page.model.index(1, COL_FORM).data() == "ученик – ученик"

    # an edit that only adds spaces is no change
    page.title_edit.setText(f"  {CLUB}  ")
    assert not page.save_button.isEnabled()


def test_delete_asks_first(qtbot, ctx, page, message_boxes, monkeypatch):
    ids = [_add(ctx, t) for t in ("Первая", "Вторая", "Третья")]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    _choose(page, 1)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert len(_stored(ctx)) == 3, "«Нет» keeps it"

    asked: list[str] = []

    def yes(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Удалить практику «Вторая»? Её описание и результаты будут удалены."]
    assert [t for t, *_ in _stored(ctx)] == ["Первая", "Третья"]
    assert page.editing_id == ids[2], "the next one takes its place"
    assert page.title_edit.text() == "Третья"


def test_a_too_long_title_is_refused_with_the_message_and_the_text_kept(qtbot, ctx, page):
    page.title_edit.setFocus()
    long_title = "Очень длинное название " * 9  # 207 characters, 206 after cleaning
    type_text(page.title_edit, long_title)
    type_text(page.description_edit, "Описание, которое нельзя потерять")
    assert page.title_count.text() == "206 / 200" and "#b3261e" in page.title_count.styleSheet()
    page.description_edit.setFocus()
    _save_keys(qtbot, page.description_edit)
    assert _stored(ctx) == []
    assert page.error_label.isVisible()
    assert page.error_label.text() == (
        f"Название практики — не более {TITLE_MAX} знаков, сейчас 206: сократите его"
    )
    assert QApplication.focusWidget() is page.title_edit
    assert page.description_edit.toPlainText() == "Описание, которое нельзя потерять"

    page.title_edit.setText(CLUB)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert _stored(ctx) == [(CLUB, "", "Описание, которое нельзя потерять", "")]
    assert not page.error_label.isVisible()


def test_a_duplicate_and_an_empty_title_are_refused(qtbot, ctx, page):
    _add(ctx, CLUB)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.editing_id is None and page.title_edit.text() == ""
    assert QApplication.focusWidget() is page.title_edit
    type_text(page.results_edit, "Результат")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.error_label.text() == "Введите название практики"
    type_text(page.title_edit, "клуб юных ИНЖЕНЕРОВ")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.error_label.text() == "Практика «клуб юных ИНЖЕНЕРОВ» в этом учебном году уже есть"
    assert len(_stored(ctx)) == 1


def test_unsaved_changes_are_asked_about_before_another_practice(qtbot, ctx, page, monkeypatch):
    _add(ctx, "Первая")
    _add(ctx, "Вторая")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    page.title_edit.setFocus()
    page.title_edit.end(False)
    type_text(page.title_edit, " практика")
    _choose(page, 1)  # Cancel: back to the first, the text still there
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert asked[0] == "Практика «Первая практика» изменена. Сохранить изменения?"
    assert page.view.currentIndex().row() == 0
    assert page.title_edit.text() == "Первая практика"
    _choose(page, 1)  # Yes: saved, then the second shown
    qtbot.waitUntil(lambda: page.title_edit.text() == "Вторая")
    assert [t for t, *_ in _stored(ctx)] == ["Первая практика", "Вторая"]
    assert page.view.currentIndex().row() == 1


def test_move_up_and_down(qtbot, ctx, page):
    for title in ("А", "Б", "В"):
        _add(ctx, title)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert not page.up_button.isEnabled() and page.down_button.isEnabled()
    _choose(page, 2)
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert [t for t, *_ in _stored(ctx)] == ["А", "В", "Б"]
    assert page.view.currentIndex().row() == 1 and page.title_edit.text() == "В"
    qtbot.keyClick(page.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [t for t, *_ in _stored(ctx)] == ["В", "А", "Б"]
    assert not page.up_button.isEnabled()


def test_the_page_follows_the_year_and_changes_made_elsewhere(qtbot, ctx, page, message_boxes):
    _add(ctx, "Этого года")
    _add(ctx, "Прошлого года", year=YEAR - 1)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert "2026/2027" in page.explanation.text()
    page.set_year(YEAR - 1)
    assert [r.title for r in page.model.rows] == ["Прошлого года"]
    assert page.title_edit.text() == "Прошлого года"

    # typed, then the year changes: asked (the test answers «Да»), saved to its own year
    page.results_edit.setPlainText("Итог")
    page.set_year(YEAR)
    assert message_boxes[-1][0] == "question"
    assert _stored(ctx, YEAR - 1) == [("Прошлого года", "", "", "Итог")]
    assert [r.title for r in page.model.rows] == ["Этого года"]

    # edited elsewhere while shown: the list and the untouched editor follow
    rows = reads.practices(ctx.db.reader, YEAR)
    with ctx.action(Changes.MONITORING) as s:
        service.edit_practice(s, rows[0].id, "Этого года, исправлено")
    qtbot.waitUntil(lambda: page.title_edit.text() == "Этого года, исправлено")

    # deleted elsewhere while being edited: the text stays, to be added again
    page.description_edit.setPlainText("Не потерять")
    with ctx.action(Changes.MONITORING) as s:
        service.delete_practice(s, rows[0].id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.editing_id is None and page.description_edit.toPlainText() == "Не потерять"
    assert "удалили в другом окне" in page.error_label.text()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert _stored(ctx) == [("Этого года, исправлено", "", "Не потерять", "")]

    page.hide()
    _add(ctx, "Пока скрыта")
    assert page.dirty and page.model.rowCount() == 1
    page.show()
    assert page.model.rowCount() == 2


def test_practices_model_passes_qt_model_tester(qtmodeltester, ctx, page, qtbot):
    _add(ctx, CLUB, form="student_student", description="Описание " * 60)
    _add(ctx, "Без формы")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtmodeltester.check(page.model)
    assert page.model.headerData(COL_FORM, Qt.Orientation.Horizontal) == "Форма наставничества"
    tip = page.model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"{CLUB}\n\nОписание") and tip.endswith("…")
    empty = PracticesModel()
    qtmodeltester.check(empty)


def test_a_refused_save_before_another_year_keeps_the_page_on_its_year(qtbot, ctx, page):
    page.title_edit.setFocus()
    type_text(page.title_edit, "Т" * (TITLE_MAX + 1))
    page.set_year(YEAR - 1)  # asked, «Да»: the save is refused, the text stays
    assert page.year_start == YEAR and "2026/2027" in page.explanation.text()
    assert "не более 200 знаков, сейчас 201" in page.error_label.text()
    assert page.title_edit.text() == "Т" * (TITLE_MAX + 1)
    assert _stored(ctx) == [] and _stored(ctx, YEAR - 1) == []
