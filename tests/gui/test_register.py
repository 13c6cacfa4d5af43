"""The register tab driven as a curator would: typing, clicking, filtering; then the database."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import func, select, text
from tests.gui.conftest import (
    add_person,
    click_button,
    message_text,
    on_modal,
    student,
    type_text,
)

from mentor_desk.domain.participants import ConsentState, ConsentStatus
from mentor_desk.storage.models import Participant, ParticipantTerm
from mentor_desk.ui.context import Changes
from mentor_desk.ui.participant_dialog import ParticipantDialog
from mentor_desk.ui.register_model import COL_CONSENT, COL_NAME, ROW_ID_ROLE


def _type(qtbot, dialog: ParticipantDialog, field: str, value: str) -> None:
    editor = dialog.fields[field].editor
    assert isinstance(editor, QLineEdit)
    editor.clear()
    type_text(editor, value)


def _people(ctx) -> list[Participant]:
    with ctx.db.session() as session:
        return list(session.scalars(select(Participant)))


def test_add_participant_by_typing_in_the_dialog(qtbot, window, ctx, message_boxes):
    def fill(dialog):
        assert isinstance(dialog, ParticipantDialog)
        _type(qtbot, dialog, "last_name", "Семёнова")
        _type(qtbot, dialog, "first_name", "Алёна")
        _type(qtbot, dialog, "middle_name", "Игоревна")
        _type(qtbot, dialog, "birth_date", "14.02.2011")
        _type(qtbot, dialog, "class_name", "9в")
        assert dialog.in_dop.isVisibleTo(dialog)  # a student's field
        qtbot.mouseClick(dialog.in_dop, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
        dialog.tabs.setCurrentIndex(1)
        qtbot.mouseClick(
            dialog.is_mentee, Qt.MouseButton.LeftButton, pos=dialog.is_mentee.rect().center()
        )
        dialog.target_groups.set_checked("одарённые")
        dialog.requests.set_checked("олимпиады")
        dialog.tabs.setCurrentIndex(2)
        dialog.consent_status.setCurrentIndex(dialog.consent_status.findText("получено"))
        _type(qtbot, dialog, "consent_date", "01.09.2025")
        _type(qtbot, dialog, "consent_signer", "Семёнов Игорь Петрович")
        _type(qtbot, dialog, "representative_name", "Семёнов Игорь Петрович")
        assert "действует" in dialog.consent_state_label.text()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    handled = on_modal(qtbot, fill)
    window.register_tab.add_action.trigger()
    assert handled, "the card did not open"

    assert message_boxes == []
    (person,) = _people(ctx)
    assert (person.last_name, person.first_name, person.middle_name) == (
        "Семёнова", "Алёна", "Игоревна",
    )  # fmt: skip
    assert person.birth_date == date(2011, 2, 14)
    assert person.class_name == "9В"
    assert person.is_mentee and not person.is_mentor
    assert person.in_dop
    assert person.consent_status == "given"
    with ctx.db.session() as session:
        relations = set(session.execute(text("SELECT relation FROM participant_term")).scalars())
    assert relations == {"target_group", "request"}
    table = window.register_tab.table
    assert table.model().rowCount() == 1
    assert table.model().index(0, COL_NAME).data() == "Семёнова Алёна Игоревна"
    assert window.register_tab.selected_ids() == [person.id]


def test_validation_errors_are_shown_next_to_fields_and_nothing_is_saved(qtbot, ctx):
    dialog = ParticipantDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog, "first_name", "Пётр")
    _type(qtbot, dialog, "birth_date", "31.02.2012")
    _type(qtbot, dialog, "class_name", "7Z")
    _type(qtbot, dialog, "email", "not-an-email")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible(), "the dialog must stay open with errors"
    errors = {
        name: f.error_label.text() for name, f in dialog.fields.items() if f.error_label.isVisible()
    }
    assert errors["last_name"] == "Укажите фамилию"
    assert errors["birth_date"] == "Такой даты нет: 31.02.2012"
    assert "7Б" in errors["class_name"]
    assert "почты" in errors["email"]
    assert "first_name" not in errors
    assert dialog.tabs.currentIndex() == 0
    assert _people(ctx) == []

    _type(qtbot, dialog, "birth_date", "01.01.2030")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.fields["birth_date"].error_label.text() == "Дата рождения не может быть в будущем"

    _type(qtbot, dialog, "birth_date", "2012-03-05")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "ДД.ММ.ГГГГ" in dialog.fields["birth_date"].error_label.text()
    assert _people(ctx) == []


def test_minor_consent_needs_a_legal_representative(qtbot, ctx):
    dialog = ParticipantDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog, "last_name", "Орлов")
    _type(qtbot, dialog, "first_name", "Миша")
    _type(qtbot, dialog, "birth_date", "10.10.2015")
    dialog.consent_status.setCurrentIndex(dialog.consent_status.findText("получено"))
    _type(qtbot, dialog, "consent_date", "01.09.2026")
    _type(qtbot, dialog, "consent_signer", "Орлова")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.tabs.currentIndex() == 2, "the tab with the error is brought forward"
    assert "законного представителя" in dialog.fields["representative_name"].error_label.text()
    assert "оформлено не полностью" in dialog.consent_state_label.text()
    assert _people(ctx) == []

    _type(qtbot, dialog, "representative_name", "Орлова Мария Ивановна")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (person,) = _people(ctx)
    assert person.representative_name == "Орлова Мария Ивановна"


def test_teacher_experience_and_derived_young_specialist(qtbot, window, ctx):
    dialog = ParticipantDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.category.setCurrentIndex(dialog.category.findText("педагог"))
    assert not dialog.fields["class_name"].isVisibleTo(dialog)
    assert not dialog.fields["in_dop"].isVisibleTo(dialog)  # ДОП is a student's
    assert dialog.fields["subject"].isVisibleTo(dialog)
    _type(qtbot, dialog, "last_name", "Кузнецова")
    _type(qtbot, dialog, "first_name", "Дарья")
    _type(qtbot, dialog, "experience", "пять")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "целое число лет" in dialog.fields["experience"].error_label.text()
    _type(qtbot, dialog, "experience", "1")
    assert "молодой специалист" in dialog.derived.text()
    _type(qtbot, dialog, "subject", "физика")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (person,) = _people(ctx)
    assert (person.category, person.experience_years, person.experience_as_of) == (
        "teacher", 1, date(2026, 11, 23),
    )  # fmt: skip
    window.register_tab.reload()
    (row,) = window.register_tab.model.rows
    assert row.young_specialist


def test_duplicate_warning_before_saving(qtbot, ctx):
    add_person(ctx, **student("Семёнов", "Пётр"))

    def fill_and_save(dialog: ParticipantDialog, answer: str) -> None:
        _type(qtbot, dialog, "last_name", "СЕМЕНОВ")
        _type(qtbot, dialog, "first_name", "пётр")
        _type(qtbot, dialog, "birth_date", "05.03.2012")
        on_modal(qtbot, lambda box: (seen.append(message_text(box)), click_button(box, answer)))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    seen: list[str] = []
    dialog = ParticipantDialog(ctx)
    qtbot.addWidget(dialog)
    fill_and_save(dialog, "Вернуться к карточке")
    qtbot.waitUntil(lambda: bool(seen))
    assert "Семёнов Пётр (05.03.2012, 7Б)" in seen[0]
    assert len(_people(ctx)) == 1

    seen.clear()
    fill_and_save(dialog, "Сохранить всё равно")
    qtbot.waitUntil(lambda: len(_people(ctx)) == 2)


def test_search_as_you_type_and_filters(qtbot, window, ctx):
    add_person(ctx, **student("Семёнов", "Пётр"))
    add_person(ctx, **student("Иванова", "Мария", class_name="5А", is_mentee=False, is_mentor=True))
    add_person(
        ctx, **student("Петров", "Олег", consent_status=ConsentStatus.NONE, target_groups=["с ОВЗ"])
    )
    tab = window.register_tab
    ctx.announce(Changes.PEOPLE)
    proxy = tab.proxy
    assert proxy.rowCount() == 3

    type_text(tab.search, "семен")  # ё typed as е, any case
    assert [proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())] == ["Семёнов Пётр"]
    tab.search.clear()
    type_text(tab.search, "пет")
    assert {proxy.index(r, COL_NAME).data() for r in range(proxy.rowCount())} == {
        "Семёнов Пётр", "Петров Олег",
    }  # fmt: skip
    tab.search.clear()

    tab.role.setCurrentIndex(tab.role.findText("Наставники"))
    assert proxy.rowCount() == 1 and proxy.index(0, COL_NAME).data() == "Иванова Мария"
    tab.role.setCurrentIndex(0)
    tab.class_filter.setCurrentIndex(tab.class_filter.findText("5А"))
    assert proxy.rowCount() == 1
    tab.class_filter.setCurrentIndex(0)
    tab.consent.setCurrentIndex(tab.consent.findText("Нет действующего согласия"))
    assert proxy.rowCount() == 1 and proxy.index(0, COL_NAME).data() == "Петров Олег"
    assert proxy.index(0, COL_CONSENT).data() == ConsentState.MISSING.label
    assert proxy.index(0, COL_CONSENT).data(Qt.ItemDataRole.BackgroundRole) is not None
    tab.consent.setCurrentIndex(0)
    tab.tag.setCurrentIndex(tab.tag.findText("с ОВЗ"))
    assert proxy.rowCount() == 1
    tab.reset_filters()
    assert proxy.rowCount() == 3
    assert "3 участника" in window.counts_label.text()
    assert "без согласия: 1" in window.counts_label.text()


def test_sorting_by_header_click(qtbot, window, ctx):
    for last, born in (("Борисов", date(2010, 1, 1)), ("Андреев", date(2012, 1, 1)),
                       ("Волков", date(2011, 1, 1))):  # fmt: skip
        add_person(ctx, **student(last, birth_date=born))
    tab = window.register_tab
    names = lambda: [tab.proxy.index(r, COL_NAME).data().split()[0] for r in range(3)]  # noqa: E731
    assert names() == ["Андреев", "Борисов", "Волков"]
    tab.table.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert names() == ["Волков", "Борисов", "Андреев"]
    tab.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # birth date
    assert names() == ["Борисов", "Волков", "Андреев"]


def _select(tab, last_name: str) -> int:
    for row in range(tab.proxy.rowCount()):
        if tab.proxy.index(row, COL_NAME).data().startswith(last_name):
            person_id = tab.proxy.index(row, COL_NAME).data(ROW_ID_ROLE)
            tab.select_person(person_id)
            return int(person_id)
    raise AssertionError(f"{last_name} not shown")


def test_archive_and_restore(qtbot, window, ctx):
    add_person(ctx, **student("Семёнов"))
    add_person(ctx, **student("Орлов"))
    tab = window.register_tab
    person_id = _select(tab, "Орлов")
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    with ctx.db.session() as session:
        assert session.get(Participant, person_id).archived_at is not None
    assert tab.proxy.rowCount() == 1, "archived people leave the working list"

    tab.archive.setCurrentIndex(tab.archive.findText("Только архив"))
    assert tab.proxy.rowCount() == 1
    _select(tab, "Орлов")
    assert tab.restore_action.isEnabled()
    tab.restore_action.trigger()
    with ctx.db.session() as session:
        assert session.get(Participant, person_id).archived_at is None
    assert tab.proxy.rowCount() == 0


def test_erase_after_confirmation_deletes_everything_of_the_person(qtbot, window, ctx):
    keep = add_person(ctx, **student("Семёнов", target_groups=["одарённые"]))
    gone = add_person(ctx, **student("Орлов", target_groups=["с ОВЗ"], requests=["олимпиады"]))
    tab = window.register_tab
    _select(tab, "Орлов")

    texts: list[str] = []
    on_modal(qtbot, lambda box: (texts.append(message_text(box)), click_button(box, "Отмена")))
    tab.erase_action.trigger()
    assert "Орлов Иван" in texts[0] and "2 отметки" in texts[0] and "Резервные копии" in texts[0]
    assert len(_people(ctx)) == 2

    on_modal(qtbot, lambda box: click_button(box, "Удалить навсегда"))
    tab.erase_action.trigger()
    assert [p.id for p in _people(ctx)] == [keep]
    with ctx.db.session() as session:
        links = session.scalar(
            select(func.count())
            .select_from(ParticipantTerm)
            .where(ParticipantTerm.participant_id == gone)
        )
        assert links == 0
        assert session.scalar(select(func.count()).select_from(ParticipantTerm)) == 1
    assert tab.proxy.rowCount() == 1


def test_edit_existing_person_by_double_click(qtbot, window, ctx):
    person_id = add_person(ctx, **student("Семёнов"))
    tab = window.register_tab

    def change(dialog):
        assert dialog.fields["last_name"].editor.text() == "Семёнов"
        _type(qtbot, dialog, "last_name", "Семёнов-Тян-Шанский")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    handled = on_modal(qtbot, change)
    center = tab.table.visualRect(tab.proxy.index(0, COL_NAME)).center()
    # Qt 6's QTest double click needs the press before it, as a real mouse sends.
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert handled, "double click did not open the card"
    with ctx.db.session() as session:
        assert session.get(Participant, person_id).last_name == "Семёнов-Тян-Шанский"
    assert tab.proxy.index(0, COL_NAME).data().startswith("Семёнов-Тян-Шанский")


def test_column_chooser_is_remembered(qtbot, window, ctx):
    tab = window.register_tab
    header = tab.table.horizontalHeader()
    email_column = 16
    assert header.isSectionHidden(email_column)
    menu = tab.columns_menu()
    (email,) = [a for a in menu.actions() if a.text() == "E-mail"]
    email.trigger()
    assert not header.isSectionHidden(email_column)
    window.close()

    from mentor_desk.ui.main_window import MainWindow

    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert not again.register_tab.table.horizontalHeader().isSectionHidden(email_column)


def test_register_models_pass_qt_model_tester(qtmodeltester, window, ctx):
    for last in ("Семёнов", "Орлов", "Иванова"):
        add_person(ctx, **student(last))
    tab = window.register_tab
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    tab.search.setText("ов")
    qtmodeltester.check(tab.proxy)


def test_window_fits_an_old_school_monitor(qtbot, window, ctx):
    add_person(
        ctx,
        **student(
            "Семёнов", target_groups=["с неудовлетворительными образовательными результатами"]
        ),
    )
    window.register_tab.reload()
    assert window.minimumSizeHint().width() <= 1024
    window.resize(1024, 700)
    assert window.width() <= 1024
