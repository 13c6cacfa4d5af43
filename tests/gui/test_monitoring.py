"""The «Мониторинг» tab as a curator uses it: a set chosen, the contingent filled from the
register and typed over, survey answers typed and imported, a figure checked by name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QPushButton, QWidget
from sqlalchemy import select
from tests.gui.conftest import add_person, student, type_text
from tests.helpers import TODAY

from mentor_desk.domain.kpi import ContingentKey
from mentor_desk.domain.participants import Category
from mentor_desk.services import pairs
from mentor_desk.services.surveys import questionnaire
from mentor_desk.storage.models import ContingentFigure, Setting, SurveyResponse
from mentor_desk.ui.context import Changes
from mentor_desk.ui.monitoring_dialogs import DrillDownDialog
from mentor_desk.ui.monitoring_tab import MonitoringTab
from mentor_desk.ui.survey_page import SurveyImportDialog

YEAR = 2026  # TODAY is 23.11.2026: the school year 2026/2027


@pytest.fixture
def school(ctx) -> dict[str, int]:
    """A teacher mentoring two students in a pair approved by order this year, one more
    student (in ДОП) not in any pair, and a draft that must not count."""
    teacher = add_person(
        ctx, last_name="Орлова", first_name="Анна", category=Category.TEACHER,
        experience_years=12, is_mentor=True, capacity=3,
    )  # fmt: skip
    other = add_person(
        ctx, last_name="Белов", first_name="Пётр", category=Category.TEACHER,
        experience_years=2, is_mentor=True,
    )  # fmt: skip
    pupil = add_person(ctx, **student("Иванов", in_dop=True))
    pupil2 = add_person(ctx, **student("Петрова", "Мария"))
    alone = add_person(ctx, **student("Сидоров", "Олег", in_dop=True))
    drafted = add_person(ctx, **student("Кузнецов", "Илья"))
    with ctx.action(Changes.ALL) as s:
        pair = pairs.create(s, teacher, [pupil, pupil2], TODAY)
        pairs.approve(s, [pair], "45-о", date(2026, 9, 20), TODAY)
        pairs.create(s, other, [drafted], TODAY)
    return {"teacher": teacher, "pupil": pupil, "pupil2": pupil2, "alone": alone,
            "drafted": drafted, "pair": pair}  # fmt: skip


def _tab(qtbot, window) -> MonitoringTab:
    tab = window.show_monitoring()
    qtbot.waitUntil(lambda: tab.loaded and not tab.loading, timeout=10_000)
    return tab


def _settle(qtbot, tab: MonitoringTab) -> None:
    qtbot.waitUntil(lambda: not tab.loading and not tab.dirty, timeout=10_000)
    tab.wait_loaded()


def _type_in(view: QWidget, text: str, *, focus: bool = True) -> None:
    """Type into a table as a user does: the first key opens the cell's editor, the rest
    go to the editor (whatever has the focus then)."""
    if focus:
        view.setFocus()
    for char in text:
        type_text(QApplication.focusWidget() or view, char)


def _enter(qtbot, view: QAbstractItemView) -> None:
    """Enter in a cell's editor: Qt commits it a moment later (a queued call)."""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    qtbot.wait(10)


def _row_of(tab: MonitoringTab, key: str) -> int:
    return next(i for i, r in enumerate(tab.indicators.rows) if r.key == key)


def test_choose_a_set_and_see_its_indicators(qtbot, window, ctx, school):
    tab = _tab(qtbot, window)
    assert tab.board is not None and tab.board.indicator_set.key == "zavitinsk_2022"
    assert tab.indicators.rowCount() == 8
    index = tab.set_combo.findData("kvantum_2024_2026")
    tab.set_combo.setCurrentIndex(index)
    tab.set_combo.activated.emit(index)
    _settle(qtbot, tab)
    with ctx.db.session() as s:
        assert s.get(Setting, "kpi.set").value == "kvantum_2024_2026"
    assert [r.key for r in tab.indicators.rows] == [
        "students_mentors", "teachers_mentors", "participants_in_pairs", "consents_complete",
        "plans_done",
    ]  # fmt: skip
    # Participants in pairs: the teacher and both pupils of the approved pair; not the
    # other teacher and the student of a draft, nor the student in no pair (who has no role).
    in_pairs = tab.board.result("participants_in_pairs")
    assert in_pairs.counted_ids == {school["teacher"], school["pupil"], school["pupil2"]}
    assert school["drafted"] in in_pairs.candidate_ids
    column = 6
    assert tab.indicators.index(_row_of(tab, "participants_in_pairs"), column).data() in (
        "не достигнут", "близок к плану",
    )  # fmt: skip


def test_fill_the_contingent_from_the_register_and_type_over_a_figure(qtbot, window, ctx, school):
    tab = _tab(qtbot, window)
    tab.pages.setCurrentIndex(1)
    key = ContingentKey.STUDENTS_10_19
    button = tab.contingent_table.findChild(QPushButton, f"fromRegister_{key.value}")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    _settle(qtbot, tab)
    with ctx.db.session() as s:
        figure = s.get(ContingentFigure, (YEAR, key.value))
        assert (figure.value, figure.register_count, figure.taken_on) == (4, 4, TODAY)
    # The children 10-19 as mentees: 2 of the 4 students of the register.
    assert tab.board.result("children_10_19_mentees").value == 50.0

    # The curator types the school's real figure over it: 40 students of 10-19.
    row = [line.key for line in tab.contingent.rows].index(key)
    tab.contingent_table.setFocus()
    tab.contingent_table.setCurrentIndex(tab.contingent.index(row, 1))
    _type_in(tab.contingent_table, "40")
    _enter(qtbot, tab.contingent_table)
    _settle(qtbot, tab)
    with ctx.db.session() as s:
        assert s.get(ContingentFigure, (YEAR, key.value)).value == 40
    result = tab.board.result("children_10_19_mentees")
    assert result.value == 5.0
    assert tab.contingent.index(row, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    # Where the figure came from, typed beside it: the report and the tooltip say it.
    tab.contingent_table.setCurrentIndex(tab.contingent.index(row, tab.contingent.NOTE_COLUMN))
    _type_in(tab.contingent_table, "форма ОО-1")
    _enter(qtbot, tab.contingent_table)
    _settle(qtbot, tab)
    source = tab.board.denominator_source(tab.board.result("children_10_19_mentees"))
    assert source == "обучающихся 10–19 лет: введено куратором (форма ОО-1)"

    # A figure smaller than the register's count is flagged.
    tab.contingent_table.setCurrentIndex(tab.contingent.index(row, 1))
    _type_in(tab.contingent_table, "3")
    _enter(qtbot, tab.contingent_table)
    _settle(qtbot, tab)
    assert tab.contingent.index(row, 1).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "меньше" in tab.contingent.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_a_figure_that_is_not_a_number_is_refused(qtbot, window, ctx, school, message_boxes):
    tab = _tab(qtbot, window)
    line = tab.contingent.rows[0]
    assert not tab.contingent.setData(tab.contingent.index(0, 1), "сорок")
    qtbot.waitUntil(lambda: bool(message_boxes))
    assert "не число" in message_boxes[-1][1]
    with ctx.db.session() as s:
        assert s.get(ContingentFigure, (YEAR, line.key.value)) is None


def test_enter_survey_answers_by_keyboard(qtbot, window, ctx, school, message_boxes):
    tab = _tab(qtbot, window)
    tab.pages.setCurrentWidget(tab.survey_page)
    page = tab.survey_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    questions = questionnaire().for_role("mentee")
    table = page.table
    table.setFocus()
    table.setCurrentIndex(page.model.index(0, 1))
    typed = {"choice": "2", "score": "9", "open": "Помогли с физикой"}
    for question in questions:
        # Keyboard only: after each Enter the focus must come back to the table by itself.
        qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
        _type_in(table, typed[question.kind], focus=False)
        _enter(qtbot, table)
    assert message_boxes == []
    with ctx.db.session() as s:
        (response,) = s.scalars(select(SurveyResponse)).all()
    import json

    answers = json.loads(response.answers)
    assert (response.role, response.year_start, response.participant_id) == ("mentee", YEAR, None)
    assert answers[questions[0].key] == questions[0].options[1]
    assert all(answers[q.key] == 9 for q in questions if q.kind == "score")
    assert page.model.rowCount() == 2  # the answer and the new empty row
    assert "Анкет наставляемых: 1" in page.summary.text()

    # An eleven is refused, the stored answer stays.
    score = next(n for n, q in enumerate(questions, 1) if q.kind == "score")
    table.setCurrentIndex(page.model.index(0, score))
    _type_in(table, "11")
    _enter(qtbot, table)
    qtbot.waitUntil(lambda: bool(message_boxes))
    qtbot.wait(50)
    assert len(message_boxes) == 1 and "от 1 до 10" in message_boxes[-1][1]
    with ctx.db.session() as s:
        assert (
            json.loads(s.scalars(select(SurveyResponse)).one().answers)[questions[score - 1].key]
            == 9
        )


def _answers_file(path: Path, rows: list[list[object]]) -> Path:
    questions = questionnaire().for_role("mentee")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ФИО", *(q.text for q in questions)])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _row(name: str, score: object) -> list[object]:
    cells: list[object] = [name]
    for q in questionnaire().for_role("mentee"):
        cells.append({"score": score, "choice": 1, "open": "хорошо"}[q.kind])
    return cells


def test_import_survey_answers_from_xlsx(
    qtbot, qtmodeltester, window, ctx, school, tmp_path, message_boxes
):
    tab = _tab(qtbot, window)
    tab.pages.setCurrentWidget(tab.survey_page)
    path = _answers_file(tmp_path / "ответы.xlsx", [
        _row("Иванов Иван", 9), _row("Петрова Мария", 8), _row("", 4), _row("Сидоров Олег", 11),
    ])  # fmt: skip
    dialog = tab.survey_page.import_file(path)
    assert isinstance(dialog, SurveyImportDialog)
    assert dialog.errors.rowCount() >= 1  # the eleven, named with its row
    qtmodeltester.check(dialog.errors)
    assert "5" in dialog.errors.index(0, 0).data()
    with ctx.db.session() as s:
        assert s.scalars(select(SurveyResponse)).all() == []  # nothing before accepting
    qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    with ctx.db.session() as s:
        stored = s.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
    assert [r.participant_id for r in stored] == [school["pupil"], school["pupil2"], None]
    _settle(qtbot, tab)
    result = tab.board.result("mentee_satisfaction")
    assert (result.numerator, result.denominator, result.respondents) == (2, 3, 3)
    assert round(result.value or 0, 1) == 66.7
    # The same file once more: the curator is asked first (the answers would count twice).
    again = tab.survey_page.import_file(path)
    assert message_boxes[-1][0] == "question" and "уже загружали" in message_boxes[-1][1]
    assert isinstance(again, SurveyImportDialog)
    again.reject()


def test_a_foreign_file_is_refused_and_nothing_is_stored(qtbot, window, ctx, school, tmp_path,
                                                         message_boxes):  # fmt: skip
    tab = _tab(qtbot, window)
    bad = tmp_path / "ответы.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert tab.survey_page.import_file(bad) is None
    assert message_boxes and message_boxes[-1][0] == "warning"
    with ctx.db.session() as s:
        assert s.scalars(select(SurveyResponse)).all() == []


def test_drill_down_from_an_indicator_to_its_people(qtbot, qtmodeltester, window, ctx, school):
    tab = _tab(qtbot, window)
    # A double-click on the row of the ДОП indicator.
    index = tab.indicators.index(_row_of(tab, "dop_students_involved"), 1)
    rect = tab.table.visualRect(index)
    # Qt 6's QTest double click needs the press before it, as a real mouse sends.
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(tab.table.doubleClicked, timeout=2000):
        qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (dialog,) = tab.findChildren(DrillDownDialog)
    names = [dialog.counted.index(i, 0).data() for i in range(dialog.counted.rowCount())]
    assert names == ["Иванов Иван"]  # in ДОП and in the pair; Сидоров is in ДОП alone
    assert [dialog.candidates.index(0, 0).data()] == ["Сидоров Олег"]
    qtmodeltester.check(dialog.counted)
    assert "Как считается" in dialog.findChild(QLabel, "drillSummary").text()
    dialog.close()

    other = tab.drill_down(_row_of(tab, "teachers_mentors"))
    assert isinstance(other, DrillDownDialog)
    counted = [other.counted.index(i, 0).data() for i in range(other.counted.rowCount())]
    candidates = [other.candidates.index(i, 0).data()
                  for i in range(other.candidates.rowCount())]  # fmt: skip
    assert counted == ["Орлова Анна"]
    assert candidates == ["Белов Пётр"]  # a mentor, but only in a draft
    other.close()


def test_export_the_monitoring_table_to_xlsx(qtbot, window, ctx, school, tmp_path, monkeypatch):
    tab = _tab(qtbot, window)
    target = tmp_path / "показатели.xlsx"
    monkeypatch.setattr("mentor_desk.ui.files.choose_save", lambda *a, **k: target)
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(target)
    sheet = book["Показатели"]
    names = [sheet.cell(row=r, column=2).value for r in range(5, 13)]
    assert names[0].startswith("Доля обучающихся (7-18 лет)")
    assert sheet.cell(row=9, column=3).value == 1  # teachers as mentors: Орлова
    assert "Контингент" in book.sheetnames


def test_monitoring_models_pass_qt_model_tester(qtmodeltester, qtbot, window, ctx, school):
    tab = _tab(qtbot, window)
    qtmodeltester.check(tab.indicators)
    qtmodeltester.check(tab.contingent)
    tab.survey_page.reload()
    qtmodeltester.check(tab.survey_page.model)


def test_produce_the_analytic_report_and_read_its_text(qtbot, window, ctx, school, tmp_path,
                                                       monkeypatch):  # fmt: skip
    from pypdf import PdfReader

    from mentor_desk.ui.document_preview import DocumentPreview

    tab = _tab(qtbot, window)
    tab.take_from_register(None)
    _settle(qtbot, tab)
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    (preview,) = [w for w in tab.findChildren(DocumentPreview) if w.objectName() == "reportPreview"]
    target = tmp_path / "отчёт.pdf"
    monkeypatch.setattr("mentor_desk.ui.document_preview.choose_save", lambda *a, **k: target)
    preview.save_pdf()
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    flat = " ".join(text.split())
    assert "ИТОГОВЫЙ АНАЛИТИЧЕСКИЙ ОТЧЁТ" in flat
    assert "2026-2027" in flat
    assert "Доля учителей, вошедших в программы наставничества в роли наставника" in flat
    # Orlova mentors, Belov is in a draft only: 1 of the 2 teachers of the register, 50 %
    # against the plan of 80 % for 2026.
    assert "50 % при плане 80 %" in flat
    assert "Анкеты за год не введены" in flat or "анкет" in flat.lower()
    preview.close()


def test_the_charts_page_draws_the_four_charts(qtbot, window, ctx, school):
    tab = _tab(qtbot, window)
    tab.pages.setCurrentWidget(tab.charts_page)
    qtbot.waitUntil(lambda: not tab.charts_page.dirty)
    for image in tab.charts_page.images:
        pixmap = image.pixmap()
        assert not pixmap.isNull() and pixmap.width() > 300
    assert tab.charts_page.captions[0].text().startswith("Рисунок 1.")


def test_a_municipalitys_set_from_the_user_folder_and_a_broken_one(qtbot, window, ctx, school,
                                                                   monkeypatch):  # fmt: skip
    import json

    from mentor_desk import paths

    opened: list[object] = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: opened.append(url))
    tab = _tab(qtbot, window)
    tab.open_sets_folder()
    folder = paths.user_indicators_dir()
    assert opened and (folder / "README.md").exists()
    (folder / "rayon.json").write_text(json.dumps({
        "key": "rayon", "title": "Показатели района", "source": "Приказ района от 01.09.2025 № 7",
        "indicators": [{"key": "t", "name": "Доля учителей-наставников",
                        "computes": "teachers_mentors", "targets": {"2026": 40}}],
    }, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    (folder / "broken.json").write_text("{не json", encoding="utf-8")
    tab.refresh()
    _settle(qtbot, tab)
    assert tab.set_combo.findData("rayon") >= 0
    assert tab.set_errors.isVisible() and "broken.json" in tab.set_errors.text()
    index = tab.set_combo.findData("rayon")
    tab.set_combo.setCurrentIndex(index)
    tab.set_combo.activated.emit(index)
    _settle(qtbot, tab)
    (row,) = tab.board.results
    assert (row.name, row.numerator, row.target) == ("Доля учителей-наставников", 1, 40.0)


def test_copy_a_set_and_edit_its_names_and_targets(qtbot, qtmodeltester, window, ctx, school):
    from tests.gui.conftest import on_modal

    from mentor_desk.storage.models import IndicatorSetCopy
    from mentor_desk.ui.monitoring_dialogs import SetEditor

    tab = _tab(qtbot, window)

    def edit(dialog) -> None:
        assert isinstance(dialog, SetEditor)
        qtmodeltester.check(dialog.model)
        dialog.title_edit.setText("Наш набор")
        model = dialog.model
        model.setData(model.index(0, 0), "Доля детей в ДОП, вовлечённых в наставничество")
        year_column = 2 + model.years.index(2024)
        assert model.setData(model.index(0, year_column), "75,5")
        assert not model.setData(model.index(0, year_column), "150")  # not a percentage
        dialog.table.setFocus()
        dialog.accept()

    handled = on_modal(qtbot, edit)
    tab.copy_set()
    assert handled
    _settle(qtbot, tab)
    with ctx.db.session() as s:
        (copy,) = s.scalars(select(IndicatorSetCopy)).all()
        assert s.get(Setting, "kpi.set").value == copy.key
    assert tab.board.indicator_set.title == "Наш набор"
    first = tab.board.results[0]
    assert first.name == "Доля детей в ДОП, вовлечённых в наставничество"
    assert first.target == 75.5  # 2024's target holds for 2026/2027 too
    assert tab.edit_set_action.isEnabled() and tab.delete_set_action.isEnabled()
    tab.delete_set()
    _settle(qtbot, tab)
    assert tab.board.indicator_set.key == "zavitinsk_2022"
    with ctx.db.session() as s:
        assert s.scalars(select(IndicatorSetCopy)).all() == []
