"""The «Дорожная карта» tab, used like a curator: create, mark done, assign, filter, overdue."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QToolButton,
)
from sqlalchemy import select
from tests.gui.conftest import add_person, click_button, on_modal, type_text
from tests.helpers import TODAY

from mentor_desk.domain.participants import Category, ConsentStatus
from mentor_desk.domain.roadmap import ItemStatus, ShownStatus
from mentor_desk.queries import roadmap as reads
from mentor_desk.services import roadmap as service
from mentor_desk.storage.models import RoadmapItem
from mentor_desk.ui.context import Changes, app_settings
from mentor_desk.ui.roadmap_dialogs import (
    ChooseMeDialog,
    DeadlineDialog,
    DoneDialog,
    ItemDialog,
    ResponsibleDialog,
    RoadmapDialog,
)
from mentor_desk.ui.roadmap_model import COL_DEADLINE, COL_STATUS, OVERDUE_BG

SAMPLE = "zavitinsk_sample"  # приказ Завитинского МО № 246, прил. 2: 34 activities, no deadlines
STAGES = "volgograd_teachers"  # Волгоградское Положение, прил. 2: stages as sections


def teacher(last: str, first: str = "Анна", middle: str = "Ивановна") -> dict[str, object]:
    return {
        "last_name": last,
        "first_name": first,
        "middle_name": middle,
        "category": Category.TEACHER,
        "position": "учитель",
        "consent_status": ConsentStatus.GIVEN,
        "consent_date": date(2026, 9, 1),
        "consent_signer": "сам участник",
    }


@pytest.fixture
def staff(ctx) -> dict[str, int]:
    return {
        "orlova": add_person(ctx, **teacher("Орлова")),
        "belov": add_person(ctx, **teacher("Белов", "Павел", "Петрович")),
    }


def _create(ctx, template: str | None = SAMPLE, start: int = 2026) -> int:
    with ctx.action(Changes.ALL) as session:
        return service.create(session, "Дорожная карта", start, start + 2, template, TODAY)


def _open(qtbot, window):
    """The roadmap tab, as after a click on it (built on first show, then shown)."""
    shown = window.show_roadmap()
    qtbot.waitUntil(lambda: shown.isVisible() and shown.loaded)
    return shown


@pytest.fixture
def tab(qtbot, window, ctx, staff):
    _create(ctx)
    shown = _open(qtbot, window)
    assert len(shown.model.items) == 34
    return shown


def _items(ctx) -> list[RoadmapItem]:
    with ctx.db.session() as session:
        found = list(session.scalars(select(RoadmapItem).order_by(RoadmapItem.position)))
        for item in found:
            _ = [r.participant_id for r in item.responsible]  # loaded before the session ends
        session.expunge_all()
        return found


def _people(item: RoadmapItem) -> set[int]:
    return {r.participant_id for r in item.responsible}


def _tool(tab, action) -> QAbstractButton:
    button = tab.roadmap_actions.toolbar.widgetForAction(action)
    assert isinstance(button, QAbstractButton) and button.isEnabled(), action.text()
    return button


def _select(tab, numbers: list[int]) -> None:
    """Click the rows with these № (Ctrl+click for the second and later)."""
    for n, number in enumerate(numbers):
        index = tab.model.item_index(tab.model.items[number - 1].id)
        tab.tree.scrollTo(index)
        rect = tab.tree.visualRect(index)
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        QTest.mouseClick(tab.tree.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert [tab.model.number(i.id) for i in tab.selected_items()] == numbers


def _key(qtbot, tab, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed in the list; shortcuts need the window active again after a dialog."""
    window = tab.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tab.tree.setFocus()
    QTest.keyClick(tab.tree, key, modifier)


def _type_into(editor, text: str) -> None:
    editor.setFocus()
    if isinstance(editor, QLineEdit | QPlainTextEdit):
        editor.selectAll()
    type_text(editor, text)


def test_an_empty_school_creates_its_roadmap_from_the_sample_template(qtbot, window, ctx):
    tab = _open(qtbot, window)
    assert tab.pages.currentWidget() is tab.empty_page

    def create(dialog):
        assert isinstance(dialog, RoadmapDialog)
        assert dialog.template.currentText() == "Примерная дорожная карта"
        assert "34 мероприятия" in dialog.template_info.text()
        assert dialog.title.text() == "Дорожная карта наставничества на 2026-2028 годы"
        dialog.start.setValue(2025)  # the title follows the period until typed by hand
        dialog.end.setValue(2027)
        assert dialog.title.text() == "Дорожная карта наставничества на 2025-2027 годы"
        click_button(dialog, "Создать")

    handled = on_modal(qtbot, create)
    qtbot.mouseClick(tab.create_button, Qt.MouseButton.LeftButton)
    assert handled
    assert tab.pages.currentWidget() is tab.main_page
    assert tab.model.flat and tab.model.rowCount() == 34
    assert len(_items(ctx)) == 34
    info = reads.roadmaps(ctx.db.reader)[0]
    assert (info.title, info.start_year, info.end_year) == (
        "Дорожная карта наставничества на 2025-2027 годы", 2025, 2027,
    )  # fmt: skip
    joined = tab.model.items[28].activity  # a page break of the source splits it
    assert "организаций-партнеров, представителей администрации муниципалитета" in joined
    assert "Выполнено 0 из 34 (0 %)" in tab.progress_label.text()
    assert tab.roadmap_title.text() == info.title


def test_mark_done_for_the_selection_with_one_date(qtbot, tab, ctx):
    _select(tab, [1, 2])

    def done(dialog):
        assert isinstance(dialog, DoneDialog)
        assert dialog.on.text() == "23.11.2026", "today by default"
        _type_into(dialog.on, "30.11.2026")
        click_button(dialog, "OK")
        assert dialog.isVisible(), "a date in the future is refused"
        assert "в будущем" in dialog.fields["done_on"].error_label.text()
        _type_into(dialog.on, "20.11.2026")
        click_button(dialog, "OK")

    handled = on_modal(qtbot, done)
    qtbot.mouseClick(_tool(tab, tab.roadmap_actions.done_action), Qt.MouseButton.LeftButton)
    assert handled
    stored = _items(ctx)
    assert [(i.status, i.done_on) for i in stored[:3]] == [
        ("done", date(2026, 11, 20)), ("done", date(2026, 11, 20)), ("not_started", None),
    ]  # fmt: skip
    assert tab.model.item_index(stored[0].id, COL_STATUS).data() == "выполнено"
    assert "Выполнено 2 из 34 (6 %)" in tab.progress_label.text()
    assert [tab.model.number(i.id) for i in tab.selected_items()] == [1, 2], "selection kept"

    tab.roadmap_actions.status_actions[ItemStatus.IN_PROGRESS].trigger()  # «Состояние» menu
    assert [i.status for i in _items(ctx)[:2]] == ["in_progress", "in_progress"]
    assert _items(ctx)[0].done_on is None


def test_assign_a_person_in_the_edit_dialog_then_filter_by_person(qtbot, tab, ctx, staff):
    _select(tab, [3])

    def edit(dialog):
        assert isinstance(dialog, ItemDialog)
        assert dialog.activity.toPlainText().startswith("Встреча с сообществом выпускников")
        dialog.people.search.setFocus()
        type_text(dialog.people.search, "Орл")
        visible = [dialog.people.list.item(r) for r in range(dialog.people.list.count())]
        assert [i.text() for i in visible if not i.isHidden()] == ["Орлова А.И."]
        dialog.people.set_checked(staff["orlova"])
        _type_into(dialog.note, "протокол № 3")
        click_button(dialog, "OK")

    handled = on_modal(qtbot, edit)
    _key(qtbot, tab, Qt.Key.Key_F2)
    assert handled
    third = _items(ctx)[2]
    assert _people(third) == {staff["orlova"]}
    assert third.note == "протокол № 3"
    assert tab.model.item_index(third.id, 3).data() == "Орлова А.И."

    combo = tab.filter_bar.person_filter
    combo.setCurrentIndex(combo.findText("Орлова А.И."))
    assert [i.id for i in tab.model.visible_items()] == [third.id]
    assert tab.shown_label.text() == "Показано: 1 из 34"
    combo.setCurrentIndex(combo.findText("Не назначены"))
    assert tab.model.shown_count() == 33
    tab.reset_filters()
    type_text(tab.filter_bar.search, "выпускников")
    assert third.id in [i.id for i in tab.model.visible_items()]
    assert tab.model.shown_count() < 34


def test_overdue_item_is_red_and_counted_in_the_status_bar(qtbot, window, tab, ctx):
    assert window.update_overdue() == 0
    assert not window.overdue_label.isVisible()
    _select(tab, [5])

    def deadline(dialog):
        assert isinstance(dialog, DeadlineDialog)
        _type_into(dialog.deadline, "до 10 ноября")
        assert "10.11.2026" in dialog.preview.text(), "the derived date is shown as typed"
        click_button(dialog, "OK")

    handled = on_modal(qtbot, deadline)
    qtbot.mouseClick(_tool(tab, tab.roadmap_actions.deadline_action), Qt.MouseButton.LeftButton)
    assert handled
    fifth = _items(ctx)[4]
    assert (fifth.deadline_text, fifth.due_on) == ("до 10 ноября", None)
    index = tab.model.item_index(fifth.id, COL_DEADLINE)
    assert index.data() == "до 10 ноября\n→ 10.11.2026"
    assert "первое 10 ноября в периоде" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert tab.model.item_index(fifth.id, COL_STATUS).data() == "просрочено"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BG
    assert "просрочено 1" in tab.progress_label.text()
    # The status bar counts it (today is fixed: 23.11.2026).
    assert window.overdue_label.isVisible()
    assert "Просрочено мероприятий: 1" in window.overdue_label.text()

    window.overdue_label.linkActivated.emit("overdue")
    assert [i.id for i in tab.model.visible_items()] == [fifth.id]

    # The start notice: not by itself with a fixed «today»; on request it lists the item.
    window._start_notice()
    assert window.roadmap_notice is None
    box = window.show_roadmap_notice()
    assert isinstance(box, QMessageBox) and not box.isModal()
    assert "просрочено мероприятий: 1" in box.text()
    assert "10.11.2026 — Проведение анкетирования" in box.informativeText()
    window.tabs.setCurrentIndex(0)
    click_button(box, "Открыть дорожную карту")
    assert window.tabs.currentWidget() is window._roadmap_holder

    # Done: no longer overdue anywhere.
    tab.select_items([fifth.id])
    tab.roadmap_actions.status_actions[ItemStatus.DONE].trigger()
    assert window.overdue_label.isHidden()
    assert window.show_roadmap_notice() is None


def test_my_tasks_remembers_who_i_am(qtbot, tab, ctx, staff):
    with ctx.action(Changes.ALL) as session:
        ids = [i.id for i in tab.model.items]
        service.set_responsible(session, ids[:2], [staff["orlova"]], None)
        service.set_responsible(session, ids[2:5], [staff["belov"]], None)

    def choose(dialog):
        assert isinstance(dialog, ChooseMeDialog)
        dialog.person.setCurrentIndex(dialog.person.findText("Белов П.П."))
        click_button(dialog, "OK")

    handled = on_modal(qtbot, choose)
    qtbot.mouseClick(tab.filter_bar.mine_button, Qt.MouseButton.LeftButton)
    assert handled
    assert tab.filter_bar.mine_button.isChecked()
    assert tab.filter_bar.mine_button.text() == "Мои задачи: Белов П.П."
    assert [tab.model.number(i.id) for i in tab.model.visible_items()] == [3, 4, 5]
    assert not tab.filter_bar.person_filter.isEnabled()
    assert int(app_settings().value("roadmap/me")) == staff["belov"]

    qtbot.mouseClick(tab.filter_bar.mine_button, Qt.MouseButton.LeftButton)  # off: everything again
    assert tab.model.shown_count() == 34
    seen = on_modal(qtbot, lambda dialog: None)
    qtbot.mouseClick(tab.filter_bar.mine_button, Qt.MouseButton.LeftButton)  # on: no question now
    qtbot.wait(100)
    assert not seen, "the person is remembered"
    assert tab.model.shown_count() == 3


def test_add_move_and_delete_an_item(qtbot, tab, ctx):
    _select(tab, [2])

    def add(dialog):
        assert isinstance(dialog, ItemDialog)
        click_button(dialog, "OK")
        assert dialog.isVisible()
        assert dialog.fields["activity"].error_label.text() == "Укажите мероприятие"
        _type_into(dialog.activity, "Заседание рабочей группы")
        _type_into(dialog.deadline, "1 раз в квартал")
        assert "ближайший срок 31.12.2026" in dialog.preview.text()
        click_button(dialog, "OK")

    handled = on_modal(qtbot, add)
    qtbot.mouseClick(_tool(tab, tab.roadmap_actions.add_action), Qt.MouseButton.LeftButton)
    assert handled
    stored = _items(ctx)
    assert len(stored) == 35
    assert stored[2].activity == "Заседание рабочей группы", "after the selected item"
    new_id = stored[2].id
    assert [i.id for i in tab.selected_items()] == [new_id]
    shown = tab.model.item_index(new_id, COL_DEADLINE).data()
    assert shown == "1 раз в квартал\n→ 31.12.2026 (повторяется)"

    _key(qtbot, tab, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [i.id for i in _items(ctx)].index(new_id) == 1
    _key(qtbot, tab, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [i.id for i in _items(ctx)].index(new_id) == 0
    assert not tab.roadmap_actions.up_action.isEnabled(), "the first cannot go higher"
    _key(qtbot, tab, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [i.id for i in _items(ctx)].index(new_id) == 1
    assert tab.model.number(new_id) == 2

    _key(qtbot, tab, Qt.Key.Key_Delete)  # the confirmation is answered «Да» by the fixture
    stored = _items(ctx)
    assert len(stored) == 34 and new_id not in [i.id for i in stored]
    assert [i.position for i in stored] == list(range(34))
    assert tab.model.number(tab.selected_items()[0].id) == 2, "the next row is selected"


def test_bulk_responsible_persons_for_selected_items(qtbot, tab, ctx, staff):
    _select(tab, [1, 2, 3])

    def assign(dialog):
        assert isinstance(dialog, ResponsibleDialog)
        dialog.people.set_checked(staff["orlova"])
        dialog.people.set_checked(staff["belov"])
        _type_into(dialog.outsiders, "классные руководители")
        click_button(dialog, "OK")

    handled = on_modal(qtbot, assign)
    qtbot.mouseClick(_tool(tab, tab.roadmap_actions.responsible_action), Qt.MouseButton.LeftButton)
    assert handled
    stored = _items(ctx)
    assert [_people(i) for i in stored[:4]] == [{staff["orlova"], staff["belov"]}] * 3 + [set()]
    assert [i.responsible_text for i in stored[:3]] == ["классные руководители"] * 3
    assert tab.model.items[0].who == "Белов П.П., Орлова А.И., классные руководители"

    # Replace Белов on the first only; the text, untouched, stays each item's own.
    _select(tab, [1])

    def replace(dialog):
        dialog.people.set_checked(staff["belov"], False)
        click_button(dialog, "OK")

    on_modal(qtbot, replace)
    tab.roadmap_actions.responsible_action.trigger()
    first = _items(ctx)[0]
    assert (_people(first), first.responsible_text) == ({staff["orlova"]}, "классные руководители")


def test_bulk_add_responsible_keeps_each_items_own_persons(qtbot, tab, ctx, staff):
    """«добавить к назначенным» (services.roadmap.add_responsible): the person joins each."""
    with ctx.action(Changes.ROADMAP) as session:
        first = tab.model.items[0].id
        service.set_responsible(session, [first], [staff["orlova"]], None)
    tab.dirty = True
    tab.refresh()
    _select(tab, [1, 2])

    def add(dialog):
        dialog.add.setChecked(True)
        dialog.people.set_checked(staff["belov"])
        click_button(dialog, "OK")

    on_modal(qtbot, add)
    tab.roadmap_actions.responsible_action.trigger()
    stored = _items(ctx)
    assert [_people(i) for i in stored[:3]] == [
        {staff["orlova"], staff["belov"]},
        {staff["belov"]},
        set(),
    ]


def test_a_failed_roadmap_action_names_the_log_file(qtbot, tab, ctx, message_boxes, tmp_path,
                                                     monkeypatch):  # fmt: skip
    """run_action: a refusal is a warning as the service words it; a failure names the log."""
    ctx.log_file = tmp_path / "mentor-desk.log"
    _select(tab, [1])
    tab.set_status(ItemStatus.DONE)
    assert _items(ctx)[0].status == ItemStatus.DONE.value

    def broken(*args, **kwargs):
        raise RuntimeError("диск отключён")

    monkeypatch.setattr(service, "set_status", broken)
    tab.set_status(ItemStatus.IN_PROGRESS)
    _, text = message_boxes[-1]
    assert "диск отключён" in text and str(ctx.log_file) in text
    assert _items(ctx)[0].status == ItemStatus.DONE.value

    def refused(*args, **kwargs):
        raise service.RoadmapError("Мероприятие не найдено (возможно, его уже удалили)")

    monkeypatch.setattr(service, "set_status", refused)
    tab.set_status(ItemStatus.IN_PROGRESS)
    assert message_boxes[-1] == ("warning", "Мероприятие не найдено (возможно, его уже удалили)")


def test_sections_show_their_progress_and_new_items_go_into_the_selected_one(qtbot, window, ctx):
    _create(ctx, STAGES)
    tab = _open(qtbot, window)
    assert not tab.model.flat
    sections = tab.model.sections()
    assert len(sections) == 7
    second = tab.model.section_index(sections[1])
    assert tab.tree.isFirstColumnSpanned(second.row(), second.parent())
    count = len(tab.model.group_items(sections[1]))
    assert second.data() == f"{sections[1]} — выполнено 0 из {count}"

    tab.tree.setCurrentIndex(second)

    def add(dialog):
        assert dialog.section.currentText() == sections[1]
        _type_into(dialog.activity, "Новое в этапе")
        click_button(dialog, "OK")

    on_modal(qtbot, add)
    tab.roadmap_actions.add_action.trigger()
    group = tab.model.group_items(sections[1])
    assert group[-1].activity == "Новое в этапе", "at the end of the selected section"
    tab.select_items([group[-1].id])
    tab.roadmap_actions.status_actions[ItemStatus.DONE].trigger()
    second = tab.model.section_index(sections[1])
    assert second.data() == f"{sections[1]} — выполнено 1 из {count + 1}"

    tab.filter_bar.section_filter.setCurrentIndex(
        tab.filter_bar.section_filter.findData(sections[1])
    )
    assert tab.model.rowCount() == 1 and tab.model.shown_count() == count + 1


def test_rename_switch_and_delete_roadmaps(qtbot, window, ctx):
    first = _create(ctx, SAMPLE, 2025)
    second = _create(ctx, None, 2026)
    tab = _open(qtbot, window)
    assert tab.current_roadmap_id() == second, "the latest period first"
    assert tab.roadmap_combo.isVisible() and tab.roadmap_combo.count() == 2
    assert tab.model.items == [] and "Мероприятий пока нет" in tab.shown_label.text()

    tab.roadmap_combo.setCurrentIndex(tab.roadmap_combo.findData(first))
    assert len(tab.model.items) == 34

    def rename(dialog):
        assert dialog.template is None
        _type_into(dialog.title, "План на 2025-2028")
        dialog.end.setValue(2028)
        click_button(dialog, "OK")

    on_modal(qtbot, rename)
    tab.roadmap_actions.properties_action.trigger()
    info = tab.current_roadmap()
    assert (info.title, info.end_year) == ("План на 2025-2028", 2028)

    tab.roadmap_actions.delete_roadmap_action.trigger()  # confirmed «Да» by the fixture
    assert [r.id for r in reads.roadmaps(ctx.db.reader)] == [second]
    assert tab.current_roadmap_id() == second
    tab.roadmap_actions.delete_roadmap_action.trigger()
    assert tab.pages.currentWidget() is tab.empty_page


def test_the_roadmap_tab_is_built_on_first_show(qtbot, window):
    assert window._roadmap is None
    window.tabs.setCurrentWidget(window._roadmap_holder)
    assert window._roadmap is not None and window.roadmap_tab.loaded
    assert isinstance(window.roadmap_tab.filter_bar.mine_button, QToolButton)


def test_the_start_notice_comes_once_a_day_on_the_real_calendar(qtbot, window, ctx):
    real_today = date.today()
    roadmap = _create(
        ctx, SAMPLE, real_today.year if real_today.month >= 9 else real_today.year - 1
    )
    first = reads.read_items(ctx.db.reader, roadmap, real_today)[0]
    with ctx.action(Changes.ALL) as session:
        service.set_deadline(
            session, [first.id], "вчера", date.fromordinal(real_today.toordinal() - 1)
        )
    ctx.today = date.today  # as the real start has it
    window._start_notice()
    box = window.roadmap_notice
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "просрочено мероприятий: 1" in box.text()
    click_button(box, "Закрыть")
    window._start_notice()
    assert window.roadmap_notice is None, "once a day"
    assert app_settings().value("roadmap/notice_shown") == real_today.isoformat()


# --- review of issue 6 ----------------------------------------------------------------------

KVANTUM = "kvantum_2024_2026"  # «КвантУм» roadmap: dated deadlines of 2024-2026
KALININSKY = "kalininsky_stages"  # Kalininsky stages: «1. Подготовить …», numbered


def test_a_template_for_another_period_is_not_overdue_at_once(qtbot, window, ctx):
    """«КвантУм» roadmap (2024-2026) used for 2026-2028: its dates of 2024-2026 stay text."""
    tab = _open(qtbot, window)

    def create(dialog):
        dialog.template.setCurrentIndex(dialog.template.findData(KVANTUM))
        info = dialog.template_info.text()
        assert "составлен на 2024-2026 годы (по названию)" in info
        # That period is over (today is 23.11.2026): the school's period stays the default.
        assert (dialog.start.value(), dialog.end.value()) == (2026, 2028)
        warning = dialog.period_warning.text()
        assert dialog.period_warning.isVisible()
        assert "сроки с годами вне периода останутся текстом — задайте их заново" in warning
        assert "у 14 мероприятий" in warning and "2024-2026" in warning
        dialog.start.setValue(2024)  # the template's own period: nothing to warn about
        dialog.end.setValue(2026)
        assert not dialog.period_warning.isVisible()
        dialog.start.setValue(2026)
        dialog.end.setValue(2028)
        click_button(dialog, "Создать")

    handled = on_modal(qtbot, create)
    qtbot.mouseClick(tab.create_button, Qt.MouseButton.LeftButton)
    assert handled and len(tab.model.items) == 31
    overdue = [i for i in tab.model.items if i.is_overdue]
    text_only = [i for i in tab.model.items if i.explanation.startswith(
        "срок не определён: дата вне периода")]  # fmt: skip
    assert len(text_only) == 14 and all(i.due is None for i in text_only)
    first = tab.model.items[0]  # «Сентябрь 2024г»
    assert tab.model.item_index(first.id, COL_DEADLINE).data() == (
        "Сентябрь 2024г\n→ дата вне периода: задайте срок"
    )
    tip = tab.model.item_index(first.id, COL_DEADLINE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "срок не определён: дата вне периода (30.09.2024; период 01.09.2026–31.08.2028)"
    # Left overdue: «До конца октября» (31.10.2026, twice) and two August 2026 dates.
    assert len(overdue) == 4, [(i.deadline_text, i.due) for i in overdue]
    assert all(i.due is not None and i.due >= date(2026, 8, 1) for i in overdue)
    assert window.update_overdue() == 4


def test_the_template_period_is_the_default_while_it_runs(qtbot, window, ctx, monkeypatch):
    """A municipality's template in the user folder, made for 2027-2029."""
    from PySide6.QtGui import QDesktopServices

    from mentor_desk import paths

    opened: list[str] = []

    def open_url(url) -> bool:  # type: ignore[no-untyped-def]
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    tab = _open(qtbot, window)
    folder = paths.user_templates_dir()
    assert not folder.exists(), "made on demand only"

    def create(dialog):
        assert dialog.template.findData("mine") == -1
        click_button(dialog, "Папка шаблонов…")
        assert opened == [str(folder)] and (folder / "README.md").is_file()
        (folder / "mine.json").write_text(
            '{"key": "mine", "order": 1, "title": "Дорожная карта района на 2027-2029 годы",'
            ' "source": "Приказ управления образования", "columns": ["activity", "deadline"],'
            ' "items": [{"activity": "Совещание кураторов", "deadline": "Сентябрь 2027"},'
            ' {"activity": "Отчёт", "deadline": "Май 2029"}]}',
            encoding="utf-8",
        )
        dialog.rescan()  # as when the dialog is back in front after the file manager
        index = dialog.template.findData("mine")
        assert index >= 0 and dialog.template.itemText(index).endswith("(свой)")
        dialog.template.setCurrentIndex(index)
        assert (dialog.start.value(), dialog.end.value()) == (2027, 2029)
        assert dialog.title.text() == "Дорожная карта наставничества на 2027-2029 годы"
        assert "Свой шаблон" in dialog.template_info.text()
        assert not dialog.period_warning.isVisible()
        dialog.template.setCurrentIndex(dialog.template.findData(SAMPLE))
        assert (dialog.start.value(), dialog.end.value()) == (2026, 2028), "back to the school's"
        dialog.template.setCurrentIndex(index)
        click_button(dialog, "Создать")

    handled = on_modal(qtbot, create)
    qtbot.mouseClick(tab.create_button, Qt.MouseButton.LeftButton)
    assert handled
    info = tab.current_roadmap()
    assert (info.start_year, info.end_year) == (2027, 2029)
    assert [i.due for i in tab.model.items] == [date(2027, 9, 30), date(2029, 5, 31)]


def test_the_status_bar_counts_the_roadmap_the_tab_shows(qtbot, window, ctx):
    older = _create(ctx, SAMPLE, 2025)  # 2025-2027: one item overdue
    latest = _create(ctx, SAMPLE, 2026)  # 2026-2028: two items overdue
    items = {r: [i.id for i in reads.read_items(ctx.db.reader, r, TODAY)]
             for r in (older, latest)}  # fmt: skip
    with ctx.action(Changes.ALL) as session:
        service.set_deadline(session, items[older][:1], "до 1 ноября", None)
        service.set_deadline(session, items[latest][:2], "до 1 ноября", None)
    with ctx.action(Changes.ALL) as session:
        service.rename(session, older, "Старая карта")
    tab = _open(qtbot, window)
    assert tab.current_roadmap_id() == latest
    assert window.update_overdue() == 2
    assert "Дорожная карта наставничества" not in window.overdue_label.toolTip()
    assert "«Дорожная карта» (2026–2028)" in window.overdue_label.toolTip()

    tab.roadmap_combo.setCurrentIndex(tab.roadmap_combo.findData(older))
    assert window.overdue_count == 1, "switching the roadmap updates the status bar"
    assert "«Старая карта» (2025–2027)" in window.overdue_label.toolTip()
    assert tab.model.overall().overdue == window.overdue_count
    box = window.show_roadmap_notice()
    assert box is not None and "«Старая карта»" in box.text()
    box.close()

    # On the next start (the tab not built yet) the remembered roadmap is counted.
    assert app_settings().value("roadmap/current") in (older, str(older))
    window._roadmap = None
    assert window.update_overdue() == 1
    window._roadmap = tab
    window.overdue_label.linkActivated.emit("overdue")
    assert tab.current_roadmap_id() == older
    assert [i.id for i in tab.model.visible_items()] == items[older][:1]


def test_the_start_notice_is_plain_text(qtbot, window, ctx):
    roadmap = _create(ctx, None, 2026)
    with ctx.action(Changes.ALL) as session:
        service.add_item(session, roadmap, "", "Отчёт <b>куратора</b> & <img src=x> директору",
                         deadline_text="до 1 декабря")  # fmt: skip
        service.rename(session, roadmap, "Карта <i>школы</i>")
    box = window.show_roadmap_notice()
    assert isinstance(box, QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText
    label = box.findChild(QLabel, "qt_msgbox_informativelabel")
    assert label is not None and label.textFormat() == Qt.TextFormat.PlainText
    assert "«Карта <i>школы</i>»" in box.text()
    assert "Отчёт <b>куратора</b> & <img src=x> директору" in box.informativeText()
    box.close()


def test_hide_done_items_and_a_section_all_done(qtbot, window, ctx):
    roadmap = _create(ctx, STAGES, 2026)
    first_section = reads.read_items(ctx.db.reader, roadmap, TODAY)[0].section
    ids = [i.id for i in reads.read_items(ctx.db.reader, roadmap, TODAY)
           if i.section == first_section]  # fmt: skip
    with ctx.action(Changes.ALL) as session:
        service.mark_done(session, ids, TODAY, today=TODAY)
    tab = _open(qtbot, window)
    total = len(tab.model.items)
    assert tab.model.shown_count() == total
    tab.filter_bar.hide_done_button.click()
    assert tab.model.shown_count() == total - len(ids)
    assert f"Показано: {total - len(ids)} из {total} (выполненные скрыты)" == tab.shown_label.text()
    section = tab.model.section_index(first_section)
    assert section.isValid() and tab.model.rowCount(section) == 0  # the row stays
    assert f"выполнено {len(ids)} из {len(ids)}" in section.data()
    assert app_settings().value("roadmap/hide_done") in (True, "true")
    tab.show_status(ShownStatus.DONE)  # asking for what is done shows it
    assert tab.model.shown_count() == len(ids)
    tab.filter_bar.hide_done_button.click()
    tab.reset_filters()
    assert tab.model.shown_count() == total


def test_activities_numbered_in_their_text_have_no_second_number(qtbot, window, ctx):
    _create(ctx, KALININSKY, 2026)
    tab = _open(qtbot, window)
    first = tab.model.items[0]
    assert first.activity.startswith("1. Подготовить")
    assert tab.model.own_numbers
    assert tab.model.item_index(first.id, 0).data() == ""
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == ""
    assert tab.tree.header().sectionSize(0) < 40
    _create(ctx, SAMPLE, 2026)
    tab.set_roadmap(reads.roadmaps(ctx.db.reader)[-1].id)
    assert not tab.model.own_numbers
    assert tab.model.item_index(tab.model.items[0].id, 0).data() == "1"


def test_the_roadmap_model_passes_qt_model_tester(qtmodeltester, qtbot, window, ctx):
    from mentor_desk.domain.roadmap import NOBODY, NOT_DONE, RoadmapFilter
    from mentor_desk.ui.roadmap_model import RoadmapTreeModel

    for template in (SAMPLE, STAGES, KVANTUM):
        roadmap = _create(ctx, template, 2026)
        model = RoadmapTreeModel()
        model.set_items(reads.read_items(ctx.db.reader, roadmap, TODAY), (2026, 2028))
        qtmodeltester.check(model)
        model.set_filter(RoadmapFilter(text="наставник"))
        qtmodeltester.check(model)
        model.set_filter(RoadmapFilter(person=NOBODY, status=NOT_DONE, hide_done=True))
        qtmodeltester.check(model)
    qtmodeltester.check(RoadmapTreeModel())
    tab = _open(qtbot, window)  # the tab's own model, as the tree shows it
    qtmodeltester.check(tab.model)
