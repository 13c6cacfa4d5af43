"""First start, the school profile, the editable lists and failures, as the user meets them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWizard
from sqlalchemy import text
from tests.gui.conftest import add_person, click_button, on_modal, student, type_text
from tests.helpers import TODAY

from mentor_desk import app as app_module
from mentor_desk.bootstrap import open_school_database
from mentor_desk.domain.participants import TermKind
from mentor_desk.queries.people import term_names
from mentor_desk.queries.profile import load_profile
from mentor_desk.storage import database
from mentor_desk.storage.database import backup
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.participant_dialog import ParticipantDialog
from mentor_desk.ui.profile import ProfileDialog, ProfileWizard
from mentor_desk.ui.vocabulary_dialog import VocabularyDialog

COUNT_PEOPLE = text("SELECT count(*) FROM participant")


def _fill(form, values: dict[str, str]) -> None:
    for name, value in values.items():
        editor = form.form.findChild(QLineEdit, name) or form.form.findChild(QPlainTextEdit, name)
        editor.clear()
        editor.setFocus()
        type_text(editor, value)


def test_first_run_wizard_asks_for_the_school_and_saves_it(qtbot, db, message_boxes):
    ctx = AppContext(db, today=lambda: TODAY)
    wizard = ProfileWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    form = wizard.form
    year = form.form.findChild(QComboBox, "academic_year_start")
    assert year.currentData() == 2026, "the current academic year is preselected"
    assert form.editor("director_position").text() == "Директор"

    wizard.next()  # required fields are empty: the page refuses to finish
    errors = form.form.findChild(QLabel, "full_name_error")
    assert errors.isVisible() and "полное наименование" in errors.text()
    assert load_profile(db.reader) is None
    wizard.accept()  # Finish reached without the page's check: refused beside the fields
    assert wizard.isVisible() and errors.isVisible() and load_profile(db.reader) is None
    assert message_boxes == []  # not «Произошла непредвиденная ошибка»

    _fill(form, {
        "full_name": "МБОУ «Средняя общеобразовательная школа № 3 г. Завитинска»",
        "short_name": "МБОУ СОШ № 3",
        "municipality": "Завитинский муниципальный округ",
        "director_name": "Петрова Анна Сергеевна",
        "curators": "Смирнова Е.В., заместитель директора по ВР",
    })  # fmt: skip
    year.setCurrentIndex(year.findData(2025))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    profile = load_profile(db.reader)
    assert profile is not None
    assert profile.short_name == "МБОУ СОШ № 3"
    assert profile.director_name == "Петрова Анна Сергеевна"
    assert profile.academic_year.label == "2025/2026"
    assert "Смирнова" in profile.curators


def test_profile_is_edited_from_the_file_menu(qtbot, window, ctx):
    def edit(dialog):
        assert isinstance(dialog, ProfileDialog)
        assert dialog.form.editor("short_name").text() == "МБОУ СОШ № 3"
        _fill(dialog.form, {"short_name": "МБОУ СОШ № 5"})
        click_button(dialog, "Сохранить")

    handled = on_modal(qtbot, edit)
    window.profile_action.trigger()
    assert handled
    assert load_profile(ctx.db.reader).short_name == "МБОУ СОШ № 5"
    assert "МБОУ СОШ № 5" in window.windowTitle()


def test_editable_lists_add_rename_and_delete(qtbot, window, ctx, monkeypatch, message_boxes):
    add_person(ctx, **student("Семёнов", target_groups=["одарённые"]))
    answers = iter([("спортсмены", True), ("спортсмены-разрядники", True), ("одарённые", True)])
    monkeypatch.setattr(
        "mentor_desk.ui.vocabulary_dialog.QInputDialog.getText",
        lambda *args, **kwargs: next(answers),
    )
    dialog = VocabularyDialog(ctx, window)
    qtbot.addWidget(dialog)
    editor = dialog.editors[TermKind.TARGET_GROUP]
    editor.add()
    editor.list.setCurrentRow(editor.list.count() - 1)
    editor.rename()
    names = term_names(ctx.db.reader, TermKind.TARGET_GROUP)
    assert names[-1] == "спортсмены-разрядники" and "спортсмены" not in names

    editor.add()  # a name already in the list is refused with a message
    assert message_boxes[-1] == ("warning", "«одарённые» уже есть в списке")

    editor.list.setCurrentRow(0)
    assert editor.list.currentItem().text() == "одарённые"
    editor.remove()  # QMessageBox.question answers Yes in tests
    assert "снимется у 1 участника" in message_boxes[-1][1]
    assert "одарённые" not in term_names(ctx.db.reader, TermKind.TARGET_GROUP)
    window.register_tab.reload()
    assert window.register_tab.model.rows[0].target_groups == ()


def test_locked_database_gives_a_russian_message_and_changes_nothing(
    qtbot, tmp_path, monkeypatch, message_boxes
):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    db = open_school_database(tmp_path / "locked.sqlite3")
    ctx = AppContext(db, today=lambda: TODAY)
    dialog = ParticipantDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    for name, value in (("last_name", "Орлов"), ("first_name", "Олег")):
        editor = dialog.fields[name].editor
        editor.setFocus()
        type_text(editor, value)

    other = sqlite3.connect(db.path)
    other.execute("BEGIN EXCLUSIVE")  # e.g. another program copying or writing the file
    try:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    finally:
        other.rollback()
        other.close()
    assert dialog.isVisible(), "the card stays open so nothing typed is lost"
    assert message_boxes and "занята другой программой" in message_boxes[-1][1]
    with db.session() as session:
        assert session.execute(COUNT_PEOPLE).scalar() == 0
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # retried when free
    with db.session() as session:
        assert session.execute(COUNT_PEOPLE).scalar() == 1
    db.close()


def test_corrupt_database_offers_the_latest_good_backup(qtbot, tmp_path, message_boxes):
    path = tmp_path / "school.sqlite3"
    db = open_school_database(path)
    with db.transaction() as session:
        from mentor_desk.services import participants
        from mentor_desk.services.participants import ParticipantData

        participants.create(session, ParticipantData(last_name="Семёнов", first_name="Пётр"), TODAY)
    db.close()
    backup(path)
    broken = b"PK\x03\x04 this is a .docx, not a database" * 200
    path.write_bytes(broken)

    restored = app_module.open_with_recovery(path)  # question() answers Yes in tests
    assert restored is not None
    assert any("повреждён" in text for kind, text in message_boxes if kind == "question")
    with restored.session() as session:
        assert session.execute(COUNT_PEOPLE).scalar() == 1
    restored.close()
    (aside,) = [p for p in tmp_path.iterdir() if "повреждён" in p.name and p.suffix == ".sqlite3"]
    assert aside.read_bytes() == broken, "the broken file is kept as it was"


def test_corrupt_database_without_backups_is_left_alone(qtbot, tmp_path, message_boxes):
    path = tmp_path / "school.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    assert app_module.open_with_recovery(path) is None
    assert message_boxes[-1][0] == "critical"
    assert "Резервных копий этой базы не найдено" in message_boxes[-1][1]
    assert path.read_bytes() == b"garbage" * 1000


def test_second_window_on_the_same_database_is_refused(qtbot, tmp_path: Path, message_boxes):
    path = tmp_path / "school.sqlite3"
    lock = app_module.lock_database(path)
    try:
        code = app_module.run_gui(path, demo=False, log_file=None)
    finally:
        lock.unlock()
    assert code == 1
    assert "уже открыта в другом окне" in message_boxes[-1][1]
