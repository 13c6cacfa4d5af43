"""Файл → Импорт участников / Экспорт: the wizard walked by a user, then the database."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QProgressDialog,
    QPushButton,
    QWizard,
)
from sqlalchemy import select
from tests.gui.conftest import add_person, click_button, on_modal, student, type_text
from tests.helpers import TODAY

from mentor_desk.bootstrap import open_school_database
from mentor_desk.services import importing
from mentor_desk.storage import database
from mentor_desk.storage.models import Participant
from mentor_desk.ui import import_preview
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.import_models import MappingModel, PreviewFilter, PreviewModel, ReportModel
from mentor_desk.ui.import_wizard import ImportWizard


def _class_list(path: Path) -> Path:
    """A class list as class teachers send it: a title, a header, a numbering row, a total."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "7Б"
    ws.append(["Список обучающихся 7Б класса на 2026/2027 учебный год"])
    ws.merge_cells("A1:E1")
    ws.append([])
    ws.append(["№ п/п", "ФИО обучающегося", "Дата рождения", "Класс", "Телефон родителя"])
    ws.append([1, 2, 3, 4, 5])
    ws.append([1, "Иванов Иван", date(2012, 3, 5), "7б", "+7 900 000-00-01"])  # in the register
    ws.append([2, "  Семёнова   Алёна Игоревна ", "5.3.12", "7Б", "+7 900 000-00-02"])
    ws.append([3, "Петров Пётр Петрович", "31.02.2012", "7Б", ""])  # no such date
    ws.append([4, "Ёлкин Борис", "2012-09-01", "7 Б", ""])
    ws.append(["Итого: 4"])
    book.save(path)
    return path


def _people(ctx) -> dict[str, Participant]:
    with ctx.db.session() as session:
        rows = session.scalars(select(Participant)).all()
        return {f"{p.last_name} {p.first_name}": p for p in rows}


def _pick(view, index: QModelIndex, label: str) -> None:
    """Open the cell's combo editor the way a click does and choose an item by its text."""
    view.setCurrentIndex(index)  # a click: the view opens the editor for the current cell
    if view.state() != QAbstractItemView.State.EditingState:
        view.edit(index)
    combo = view.indexWidget(index)
    assert isinstance(combo, QComboBox), "no combo editor opened"
    position = combo.findText(label)
    assert position >= 0, f"{label!r} not among {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(position)
    combo.activated.emit(position)


def _next(wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    if not button.isVisible():
        button = wizard.button(QWizard.WizardButton.CommitButton)
    assert button.isEnabled(), f"«{button.text()}» is disabled on page {wizard.currentId()}"
    button.click()


def _shown(preview, row: int) -> dict[str, str]:
    """The preview row as the user sees it: visible column title → text."""
    view, model = preview.view, preview.proxy
    return {
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole): str(
            model.index(row, c).data()
        )
        for c in range(model.columnCount())
        if not view.isColumnHidden(c)
    }


def test_import_wizard_end_to_end(qtbot, window, ctx, tmp_path, monkeypatch, message_boxes):
    existing = add_person(ctx, **student("Иванов", "Иван", phone="старый", class_name="7Б"))
    source = _class_list(tmp_path / "class.xlsx")
    report_path = tmp_path / "report.xlsx"
    monkeypatch.setattr("mentor_desk.ui.files._ask", lambda *a, **k: str(report_path))
    seen: dict[str, object] = {}

    def walk(wizard) -> None:
        assert isinstance(wizard, ImportWizard)
        page = wizard.file_page
        type_text(page.path_edit, str(source))
        QTest.keyClick(page.path_edit, Qt.Key.Key_Return)  # opens the file and goes on
        assert "Книга Excel (.xlsx)" in page.info_label.text()
        assert wizard.currentPage() is wizard.layout_page

        layout = wizard.layout_page
        assert layout.header_spin.value() == 3  # found below the title
        mapping = layout.mapping
        assert mapping.fields[:5] == [None, "full_name", "birth_date", "class_name", "phone"]
        assert layout.category_combo.currentText() == "обучающийся"
        # The parent's phone is not the child's: the curator unmaps the column.
        _pick(layout.view, mapping.index(4, MappingModel.FIELD), "— не загружать —")
        assert mapping.fields[4] is None
        _next(wizard)

        preview = wizard.preview_page
        rows = {r.line: r for r in preview.model.rows}
        assert sorted(rows) == [5, 6, 7, 8]  # numbering row and total skipped
        # The name in its parts, so a wrong split shows; the unmapped phone is not shown.
        assert _shown(preview, 1) == {
            "Строка": "6", "Фамилия": "Семёнова", "Имя": "Алёна", "Отчество": "Игоревна",
            "Дата рождения": "05.03.2012", "Категория": "обучающийся", "Класс": "7Б",
            "Действие": "добавить", "Замечания": "",
        }  # fmt: skip
        assert _shown(preview, 2)["Дата рождения"] == "31.02.2012 (?)"  # as the file says
        assert rows[5].duplicate_of and rows[5].duplicate_of[0] == existing
        assert rows[7].errors and "31.02.2012" in rows[7].errors[0]
        seen["summary"] = preview.summary_label.text()
        # Only the rows with problems, then update the duplicate instead of skipping it.
        preview.mode_combo.setCurrentIndex(3)
        assert preview.proxy.rowCount() == 2
        dup = preview.proxy.index(0, PreviewModel.ACTION)
        _pick(preview.view, dup, "обновить")
        preview.view.setCurrentIndex(preview.proxy.index(1, 0))
        seen["detail"] = preview.detail_label.text()
        _next(wizard)  # «Импортировать»

        report = wizard.report_page
        assert wizard.currentPage() is report
        seen["report"] = report.summary_label.text()
        qtbot.mouseClick(report.findChild(QPushButton, "saveReportButton"),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        click_button(wizard, "Завершить")

    handled = on_modal(qtbot, walk)
    window.import_action.trigger()
    assert handled, "the wizard did not open"
    assert message_boxes == []

    # The preview and the report count the same lines: people apart from service rows.
    assert (
        "Будет добавлено: 2, обновлено: 0, пропущено: 2 строки с участниками и 2 служебные "
        "(строка с номерами столбцов, итоговая строка)."
    ) in str(seen["summary"])
    assert "Строка 7: Петров | Пётр | Петрович" in str(seen["detail"])
    assert "Такой даты нет" in str(seen["detail"])
    assert (
        "Добавлено: 2, обновлено: 1, пропущено: 1 строка с участниками и 2 служебные "
        "(строка с номерами столбцов, итоговая строка)."
    ) in str(seen["report"])

    people = _people(ctx)
    assert set(people) == {"Иванов Иван", "Семёнова Алёна", "Ёлкин Борис"}
    alena = people["Семёнова Алёна"]
    assert (alena.middle_name, alena.birth_date, alena.class_name) == (
        "Игоревна", date(2012, 3, 5), "7Б",
    )  # fmt: skip
    assert alena.phone == ""  # the unmapped column was not loaded
    assert people["Ёлкин Борис"].class_name == "7Б"
    ivanov = people["Иванов Иван"]
    assert ivanov.phone == "старый"  # updated only with what the file filled
    assert ivanov.consent_status == "given"

    # The register shows them without a restart.
    qtbot.waitUntil(lambda: window.register_tab.model.rowCount() == 3)
    saved = openpyxl.load_workbook(report_path)
    lines = [row for row in saved.active.iter_rows(min_row=5, values_only=True)]
    assert lines[0][:3] == (4, None, "пропущен")  # the column numbers
    assert lines[3][:3] == (7, "Петров Пётр Петрович", "пропущен")
    assert any(line[2] == "обновлён" for line in lines)


def test_wizard_refuses_a_word_document_and_keeps_next_disabled(qtbot, ctx, tmp_path):
    fake = tmp_path / "список.xlsx"
    import zipfile

    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.open_path(fake)
    error = wizard.file_page.error_label
    assert error.isVisible() and "текстовый документ" in error.text()
    assert "а не таблица" in error.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_wizard_without_a_header_lets_the_user_point_at_it(qtbot, ctx, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Кто;Когда\nИванов Иван;05.03.2012\n", encoding="utf-8")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.open_path(path)
    _next(wizard)
    page = wizard.layout_page
    assert "Не найдена строка заголовков" in page.error_label.text()
    # Often a CSV read in the wrong encoding or split at the wrong separator: say so.
    assert "вернитесь на шаг назад и выберите другую кодировку" in page.error_label.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _pick(page.view, page.mapping.index(0, MappingModel.FIELD), "ФИО (одним столбцом)")
    _pick(page.view, page.mapping.index(1, MappingModel.FIELD), "Дата рождения")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _next(wizard)
    assert [r.name for r in wizard.preview_page.model.rows] == ["Иванов Иван"]


def test_a_locked_database_leaves_everything_as_it_was(qtbot, tmp_path, monkeypatch, message_boxes):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    db = open_school_database(tmp_path / "locked.sqlite3")
    ctx = AppContext(db, today=lambda: TODAY)
    source = _class_list(tmp_path / "class.xlsx")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.open_path(source)
    _next(wizard)
    _next(wizard)
    summary = wizard.preview_page.summary_label.text()
    other = sqlite3.connect(db.path)
    other.execute("BEGIN EXCLUSIVE")  # another program writing or copying the file
    try:
        _next(wizard)
    finally:
        other.rollback()
        other.close()
    assert wizard.currentPage() is wizard.preview_page  # still there, to try again
    assert message_boxes and "Изменения не сохранены" in message_boxes[-1][1]
    assert _people(ctx) == {}
    assert wizard.preview_page.summary_label.text() == summary
    assert wizard.report is None
    _next(wizard)  # the other program is done: the same click now imports
    assert wizard.currentPage() is wizard.report_page
    assert set(_people(ctx)) == {"Иванов Иван", "Семёнова Алёна", "Ёлкин Борис"}
    assert "Добавлено: 3, обновлено: 0, пропущено: 1 строка с участниками и 2 служебные" in (
        wizard.report_page.summary_label.text()
    )
    db.close()


def _open_preview(qtbot, ctx, path: Path, parent=None) -> ImportWizard:
    wizard = ImportWizard(ctx, parent)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.open_path(path)
    _next(wizard)
    _next(wizard)
    assert wizard.currentPage() is wizard.preview_page
    return wizard


def test_the_wizard_models_pass_qt_model_tester(qtmodeltester, qtbot, ctx, tmp_path):
    empty = [MappingModel(), PreviewModel(), ReportModel()]  # kept alive for the tester
    for model in empty:
        qtmodeltester.check(model)
    add_person(ctx, **student("Иванов", "Иван", phone="старый", class_name="7Б"))
    wizard = _open_preview(qtbot, ctx, _class_list(tmp_path / "class.xlsx"))
    qtmodeltester.check(wizard.layout_page.mapping)
    preview = wizard.preview_page
    qtmodeltester.check(preview.model)
    for mode in range(len(PreviewFilter.MODES)):
        preview.proxy.set_mode(mode)
        qtmodeltester.check(preview.proxy)
    _next(wizard)
    assert wizard.currentPage() is wizard.report_page
    qtmodeltester.check(wizard.report_page.model)


def test_a_failed_import_forgets_what_it_noted_on_the_rows(
    qtbot, ctx, tmp_path, monkeypatch, message_boxes
):
    """Whatever the write noted on the rows before it failed, the retry starts afresh."""
    existing = add_person(ctx, **student("Иванов", "Иван", phone="старый", class_name="7Б"))
    wizard = _open_preview(qtbot, ctx, _class_list(tmp_path / "class.xlsx"))
    preview = wizard.preview_page
    preview.all_combo.setCurrentIndex(preview.all_combo.findText("обновить"))
    preview.all_combo.activated.emit(preview.all_combo.currentIndex())
    summary = preview.summary_label.text()
    assert "обновлено: 1" in summary
    real = importing.import_plan
    calls: list[int] = []

    def fails_first(db, plan, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            plan.rows[0].errors.append("не обновлён: отказ, записанный до сбоя")
            raise sqlite3.OperationalError("database is locked")
        return real(db, plan, *args, **kwargs)

    monkeypatch.setattr(import_preview, "import_plan", fails_first)
    _next(wizard)
    assert wizard.currentPage() is preview
    assert "База данных занята" in message_boxes[-1][1]
    assert preview.summary_label.text() == summary
    assert not preview.model.rows[0].errors
    _next(wizard)
    assert wizard.currentPage() is wizard.report_page
    assert "Добавлено: 2, обновлено: 1, пропущено: 1 строка" in (
        wizard.report_page.summary_label.text()
    )
    with ctx.db.session() as session:
        assert session.get(Participant, existing).birth_date == date(2012, 3, 5)
    assert len(_people(ctx)) == 3


def test_an_unexpected_failure_says_where_the_log_is(
    qtbot, window, ctx, tmp_path, monkeypatch, message_boxes
):
    window.log_file = tmp_path / "logs" / "mentor-desk.log"

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("сбой")

    monkeypatch.setattr(import_preview, "import_plan", broken)
    wizard = _open_preview(qtbot, ctx, _class_list(tmp_path / "class.xlsx"), window)
    _next(wizard)
    assert wizard.currentPage() is wizard.preview_page
    assert "Подробности записаны в журнал" in message_boxes[-1][1]
    assert str(window.log_file) in message_boxes[-1][1]


def _staff_list(path: Path) -> Path:
    """Staff with every column a school keeps, and a category the importer cannot read."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Фамилия", "Имя", "Отчество", "Категория", "Должность", "Телефон", "E-mail",
               "Примечание"])  # fmt: skip
    long_position = "заместитель директора по учебно-воспитательной работе"
    ws.append(["Константинопольская", "Александра", "Владимировна", "педагог", long_position,
               "+7 900 123-45-67", "konstantinopolskaya.av@school-3.example.ru", ""])  # fmt: skip
    ws.append(["Орлова", "Мария", "Сергеевна", "учитеьл", "учитель", "+7 900 765-43-21",
               "orlova@school-3.example.ru", ""])  # fmt: skip
    ws.append(["Петров", "Пётр", "", "", "учитель физики", "", "", ""])
    book.save(path)
    return path


def test_a_staff_list_keeps_the_remarks_in_view(qtbot, ctx, tmp_path):
    wizard = _open_preview(qtbot, ctx, _staff_list(tmp_path / "staff.xlsx"))
    preview = wizard.preview_page
    # The class field means nothing for staff: the layout page's default was off.
    assert not wizard.layout_page.class_edit.isEnabled()
    first = _shown(preview, 0)
    assert (first["Фамилия"], first["Имя"], first["Отчество"]) == (
        "Константинопольская", "Александра", "Владимировна",
    )  # fmt: skip
    assert first["Телефон"] == "+7 900 123-45-67"
    assert first["E-mail"] == "konstantinopolskaya.av@school-3.example.ru"
    assert "Класс" not in first and "Дата рождения" not in first  # nobody has one
    # The category cell was the error: show what the file says, not the default, in red.
    bad = _shown(preview, 1)
    assert bad["Категория"] == "учитеьл (?)"
    assert "Неизвестная категория «учитеьл»" in bad["Замечания"]
    cell = preview.proxy.index(1, PreviewModel.CATEGORY)
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert _shown(preview, 2)["Категория"] == "педагог"  # empty cell: the default

    view = preview.view
    for width in (1100, 900, 760):
        wizard.resize(width, 640)
        qtbot.waitUntil(lambda w=width: wizard.width() == w)
        QApplication.processEvents()
        left = view.columnViewportPosition(PreviewModel.REMARKS)
        assert left >= 0 and left + 150 <= view.viewport().width(), (width, left)
    assert view.horizontalHeader().stretchLastSection()
    view.setCurrentIndex(preview.proxy.index(1, 0))
    detail = preview.detail_label.text()
    assert detail.startswith("Строка 3: Орлова | Мария | Сергеевна | учитеьл (?)")
    assert "Неизвестная категория" in detail


def test_checking_a_large_file_shows_progress(qtbot, ctx, tmp_path, monkeypatch):
    path = tmp_path / "school.csv"
    lines = ["ФИО;Дата рождения;Класс"]
    lines += [f"Ученик{i} Иван;05.03.2012;7Б" for i in range(import_preview.LARGE_FILE_ROWS)]
    path.write_text("\n".join(lines), encoding="utf-8")
    real = import_preview.build_plan
    shown: list[list[str]] = []

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        shown.append(_progress_labels())
        return real(*args, **kwargs)

    monkeypatch.setattr(import_preview, "build_plan", watched)
    wizard = _open_preview(qtbot, ctx, path)
    assert shown == [["Проверка строк…"]]
    assert _progress_labels() == []  # closed after
    assert len(wizard.preview_page.model.rows) == import_preview.LARGE_FILE_ROWS
    shown.clear()
    path.write_text("\n".join(lines[:-1]), encoding="utf-8")  # 4,999 rows: quick, no dialog
    _open_preview(qtbot, ctx, path)
    assert shown == [[]]


def _progress_labels() -> list[str]:
    return [
        w.labelText()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


@pytest.mark.parametrize(
    "choice, expected", [("Текущий список (1)", ["Семёнова"]), ("Весь реестр (3)", None)]
)
def test_export_to_excel(qtbot, window, ctx, tmp_path, monkeypatch, choice, expected):
    add_person(ctx, **student("Семёнова", "Алёна"))
    add_person(ctx, **student("Петров", "Пётр"))
    add_person(ctx, last_name="Орлова", first_name="Анна", category="teacher")
    tab = window.register_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    type_text(tab.search, "семен")
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    target = tmp_path / "реестр"
    monkeypatch.setattr("mentor_desk.ui.files._ask", lambda *a, **k: str(target))
    handled = on_modal(qtbot, lambda box: click_button(box, choice))
    window.export_action.trigger()
    assert handled, "no choice between the list and the whole register"
    sheet = openpyxl.load_workbook(target.with_name("реестр.xlsx")).active  # .xlsx added
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Фамилия", "Имя", "Отчество")
    surnames = [r[0] for r in rows[1:]]
    assert surnames == (expected or ["Орлова", "Петров", "Семёнова"])
    assert sheet.freeze_panes == "A2"
    count = len(surnames)
    assert f"Выгружено: {count} участник" in window.statusBar().currentMessage()
