"""services.roadmap: every write and its refusals, and what the checklist shows on a day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tests.helpers import NOW, TODAY

from mentor_desk.domain import roadmap as rules
from mentor_desk.domain.deadlines import parse_deadline
from mentor_desk.domain.participants import Category, ParticipantData
from mentor_desk.domain.roadmap import ItemStatus, ShownStatus
from mentor_desk.queries import roadmap as reads
from mentor_desk.services import participants as people
from mentor_desk.services import roadmap
from mentor_desk.services.roadmap import RoadmapError
from mentor_desk.services.roadmap_templates import load_templates
from mentor_desk.storage.database import Database

YESTERDAY = TODAY - timedelta(days=1)


def _person(session, last: str, category: Category = Category.TEACHER, **extra: object) -> int:
    if category in (Category.TEACHER, Category.HEAD):
        extra.setdefault("experience_years", 10)
    if category is Category.STUDENT:
        extra.setdefault("class_name", "7А")
    data = ParticipantData(
        last_name=last, first_name="Ольга", middle_name="Петровна", category=category, **extra
    )
    return people.create(session, data, TODAY)


def _empty(db: Database, start: int = 2025, end: int = 2027) -> int:
    with db.transaction() as session:
        return roadmap.create(session, "Дорожная карта", start, end, None, TODAY)


def _add(db: Database, roadmap_id: int, activity: str, **fields: Any) -> int:
    section = str(fields.pop("section", ""))
    with db.transaction() as session:
        return roadmap.add_item(session, roadmap_id, section, activity, **fields)


def _items(db: Database, roadmap_id: int, today: date = TODAY) -> list[rules.ItemRow]:
    return reads.read_items(db.reader, roadmap_id, today)


def _by_activity(db: Database, roadmap_id: int, today: date = TODAY) -> dict[str, rules.ItemRow]:
    return {item.activity: item for item in _items(db, roadmap_id, today)}


def _count(db: Database, table: str) -> int:
    return int(db.reader.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# --- the roadmap ---------------------------------------------------------------------


def test_create_an_empty_roadmap_rename_and_change_the_period(db: Database) -> None:
    first = _empty(db, 2025, 2027)
    with db.transaction() as session:
        second = roadmap.create(session, "  Карта  на 2022-2023 год ", 2022, 2023, None, TODAY)
    assert reads.roadmaps(db.reader) == [
        (second, "Карта на 2022-2023 год", 2022, 2023),
        (first, "Дорожная карта", 2025, 2027),
    ]
    assert reads.read_items(db.reader, first, TODAY) == []
    with db.transaction() as session:
        roadmap.rename(session, first, "Дорожная карта наставничества")
        roadmap.set_period(session, first, 2026, 2028, TODAY)
    info = reads.roadmaps(db.reader)[-1]
    assert info == (first, "Дорожная карта наставничества", 2026, 2028)
    assert info.period == "2026–2028"
    assert reads.read_items(db.reader, 404, TODAY) == []


@pytest.mark.parametrize(
    ("title", "start", "end", "message"),
    [
        ("", 2025, 2027, "Укажите название"),
        ("   ", 2025, 2027, "Укажите название"),
        ("Карта", 2027, 2025, "больше года начала"),
        ("Карта", 2025, 2025, "больше года начала"),
        ("Карта", 2025, 2031, "не больше чем на 5 учебных лет"),
        ("Карта", 1999, 2001, "от 2000 до 2100"),
        ("Карта", 2029, 2030, "слишком далеко"),
    ],
)
def test_create_refuses_a_bad_title_or_period(
    db: Database, title: str, start: int, end: int, message: str
) -> None:
    with pytest.raises(RoadmapError, match=message), db.transaction() as session:
        roadmap.create(session, title, start, end, None, TODAY)
    assert reads.roadmaps(db.reader) == []


def test_five_years_and_the_next_period_are_allowed(db: Database) -> None:
    with db.transaction() as session:
        roadmap.create(session, "Пять лет", 2025, 2030, None, TODAY)
        roadmap.create(session, "Один учебный год", 2026, 2027, None, TODAY)
        roadmap.create(session, "Следующая", 2027, 2029, None, TODAY)  # made in 2026
    assert len(reads.roadmaps(db.reader)) == 3


def test_an_unknown_template_is_refused(db: Database) -> None:
    with pytest.raises(RoadmapError, match="Нет шаблона"), db.transaction() as session:
        roadmap.create(session, "Карта", 2025, 2027, "no-such-template", TODAY)
    assert reads.roadmaps(db.reader) == []


@pytest.mark.parametrize("index", range(len(load_templates())))
def test_create_from_every_template_copies_its_items_in_order(db: Database, index: int) -> None:
    chosen = load_templates()[index]
    with db.transaction() as session:
        roadmap_id = roadmap.create(session, chosen.title, 2025, 2027, chosen.key, TODAY)
    items = _items(db, roadmap_id)
    assert [i.position for i in items] == list(range(len(chosen.items)))
    assert [
        (i.section, i.activity, i.deadline_text, i.responsible_text, i.expected_result,
         i.indicator) for i in items
    ] == [
        (t.section, t.activity, t.deadline, t.responsible, t.expected_result, t.indicator)
        for t in chosen.items
    ]  # fmt: skip
    assert all(i.status is ItemStatus.NOT_STARTED and i.done_on is None for i in items)
    assert all(not i.responsible and not i.note for i in items)
    stored = db.reader.execute(
        "SELECT count(*) FROM roadmap_item WHERE roadmap_id = ? AND due_on IS NOT NULL",
        (roadmap_id,),
    ).fetchone()
    assert stored == (0,)  # due dates are derived from the deadlines, not stored
    template = db.reader.execute("SELECT template FROM roadmap WHERE id = ?", (roadmap_id,))
    assert template.fetchone() == (chosen.key,)


def test_delete_a_roadmap_with_its_items_and_persons(db: Database) -> None:
    with db.transaction() as session:
        teacher = _person(session, "Орлова")
    kept, gone = _empty(db), _empty(db)
    _add(db, kept, "Остаётся", responsible=[teacher])
    _add(db, gone, "Уходит", responsible=[teacher])
    with db.transaction() as session:
        roadmap.delete_roadmap(session, gone)
    assert [r.id for r in reads.roadmaps(db.reader)] == [kept]
    assert _count(db, "roadmap_item") == 1 and _count(db, "roadmap_responsible") == 1
    with pytest.raises(RoadmapError, match="не найдена"), db.transaction() as session:
        roadmap.delete_roadmap(session, gone)


def test_set_period_keeps_hand_set_due_dates_inside(db: Database) -> None:
    roadmap_id = _empty(db, 2025, 2027)
    _add(db, roadmap_id, "Встреча", due_on=date(2025, 10, 1))
    with pytest.raises(RoadmapError, match="вне периода"), db.transaction() as session:
        roadmap.set_period(session, roadmap_id, 2026, 2028, TODAY)
    with pytest.raises(RoadmapError, match="не больше чем на 5"), db.transaction() as s:
        roadmap.set_period(s, roadmap_id, 2025, 2031, TODAY)
    assert reads.roadmaps(db.reader)[0][2:] == (2025, 2027)


# --- items ---------------------------------------------------------------------------


def test_add_items_at_the_end_and_at_a_position(db: Database) -> None:
    roadmap_id = _empty(db)
    with db.transaction() as session:
        teacher = _person(session, "Орлова")
    a = _add(db, roadmap_id, "  Первое   мероприятие ", section="Этап 1")
    c = _add(db, roadmap_id, "Третье", section="Этап 1")
    b = _add(
        db,
        roadmap_id,
        "Второе",
        section="Этап 1",
        position=1,
        deadline_text=" до  10 декабря ",
        responsible=[teacher, teacher],
        responsible_text=" Иванов И.И., МБУ ДО «Дом творчества» ",
        expected_result="Приказ",
        indicator="100%",
        note="протокол № 3",
    )
    first = _add(db, roadmap_id, "Нулевое", position=-5)
    last = _add(db, roadmap_id, "Последнее", position=99)
    items = _items(db, roadmap_id)
    assert [i.id for i in items] == [first, a, b, c, last]
    assert [i.position for i in items] == [0, 1, 2, 3, 4]
    second = items[2]
    assert second.activity == "Второе" and items[1].activity == "Первое мероприятие"
    assert second.deadline_text == "до 10 декабря"
    assert second.responsible == [(teacher, "Орлова О.П.")]
    assert second.responsible_text == "Иванов И.И., МБУ ДО «Дом творчества»"
    assert second.who == "Орлова О.П., Иванов И.И., МБУ ДО «Дом творчества»"
    assert (second.expected_result, second.indicator, second.note) == ("Приказ", "100%",
                                                                       "протокол № 3")  # fmt: skip
    assert second.status is ItemStatus.NOT_STARTED


@pytest.mark.parametrize(
    ("activity", "fields", "message"),
    [
        ("  ", {}, "Укажите мероприятие"),
        ("Встреча", {"due_on": date(2024, 12, 31)}, "вне периода"),
        ("Встреча", {"due_on": date(2028, 1, 1)}, "вне периода"),
    ],
)
def test_add_item_refusals(db: Database, activity: str, fields: dict, message: str) -> None:
    roadmap_id = _empty(db, 2025, 2027)
    with pytest.raises(RoadmapError, match=message):
        _add(db, roadmap_id, activity, **fields)
    with pytest.raises(RoadmapError, match="не найдена"):
        _add(db, 404, "Встреча")
    assert _items(db, roadmap_id) == []


def test_update_item_fields_and_status(db: Database) -> None:
    roadmap_id = _empty(db)
    with db.transaction() as session:
        teacher, head = _person(session, "Орлова"), _person(session, "Белова", Category.HEAD)
    item = _add(db, roadmap_id, "Встреча", responsible=[teacher])
    with db.transaction() as session:
        roadmap.update_item(
            session,
            item,
            today=TODAY,
            section=" Организационный  этап ",
            activity="Встреча с родителями",
            deadline_text="Май 2026",
            due_on=date(2026, 5, 20),
            responsible=[head],
            responsible_text="Совет родителей",
            expected_result="Протокол",
            indicator="не менее 10% родителей",
            note="",
            status=ItemStatus.IN_PROGRESS,
        )
    row = _items(db, roadmap_id)[0]
    assert (row.section, row.activity, row.deadline_text) == (
        "Организационный этап", "Встреча с родителями", "Май 2026")  # fmt: skip
    assert (row.due, row.due_derived, row.explanation) == (date(2026, 5, 20), False,
                                                           rules.HAND_SET)  # fmt: skip
    assert row.responsible == [(head, "Белова О.П.")] and row.responsible_text == "Совет родителей"
    assert (row.expected_result, row.indicator) == ("Протокол", "не менее 10% родителей")
    assert (row.status, row.done_on) == (ItemStatus.IN_PROGRESS, None)

    def update(**fields: object) -> rules.ItemRow:
        with db.transaction() as session:
            roadmap.update_item(session, item, today=TODAY, **fields)
        return _items(db, roadmap_id)[0]

    assert (update(status="done").status, update().done_on) == (ItemStatus.DONE, TODAY)
    assert update(done_on=YESTERDAY).done_on == YESTERDAY  # the date of a done item
    assert update(status=ItemStatus.DONE).done_on == YESTERDAY  # kept
    assert update(status=ItemStatus.NOT_STARTED).done_on is None
    row = update(done_on=date(2026, 1, 15))  # a date done alone marks it done
    assert (row.status, row.done_on) == (ItemStatus.DONE, date(2026, 1, 15))
    row = update(status=ItemStatus.DONE, done_on=date(2026, 2, 1))
    assert (row.status, row.done_on) == (ItemStatus.DONE, date(2026, 2, 1))
    row = update(due_on=None)  # «Май 2026» is read again
    assert row.explanation != rules.HAND_SET and row.due_derived is (row.due is not None)

    for fields, message in (
        ({"activity": " "}, "Укажите мероприятие"),
        ({"done_on": TODAY + timedelta(days=1)}, "в будущем"),
        ({"status": "in_progress", "done_on": YESTERDAY}, "только выполненному"),
        ({"status": "lost"}, "Неизвестное состояние"),
        ({"due_on": date(2030, 1, 1)}, "вне периода"),
        ({"responsible": [404]}, "не найден"),
    ):
        with pytest.raises(RoadmapError, match=message):
            update(**fields)
    with pytest.raises(TypeError, match="unknown"):
        update(position=3)
    with pytest.raises(RoadmapError, match="не найдено"), db.transaction() as session:
        roadmap.update_item(session, 404, today=TODAY, note="x")
    assert _items(db, roadmap_id)[0].done_on == date(2026, 2, 1)  # the refusals changed nothing


def test_move_items_up_and_down_within_their_roadmap(db: Database) -> None:
    roadmap_id, other = _empty(db), _empty(db)
    a, b, c = (_add(db, roadmap_id, name) for name in "АБВ")
    elsewhere = _add(db, other, "Чужое")

    def move(item: int, delta: int) -> bool:
        with db.transaction() as session:
            return roadmap.move_item(session, item, delta)

    def order() -> list[int]:
        return [i.id for i in _items(db, roadmap_id)]

    assert move(c, -1) and order() == [a, c, b]
    assert move(a, 1) and order() == [c, a, b]
    assert not move(c, -1) and order() == [c, a, b]  # already first
    assert move(c, 10) and order() == [a, b, c]  # to the end, no further
    assert not move(c, 1)
    assert [i.position for i in _items(db, roadmap_id)] == [0, 1, 2]
    assert [i.id for i in _items(db, other)] == [elsewhere]


def test_delete_items_numbers_the_rest_again(db: Database) -> None:
    roadmap_id = _empty(db)
    with db.transaction() as session:
        teacher = _person(session, "Орлова")
    a, b, c, d = (_add(db, roadmap_id, name, responsible=[teacher]) for name in "АБВГ")
    with db.transaction() as session:
        roadmap.delete_items(session, [b, d, b])
    items = _items(db, roadmap_id)
    assert [(i.id, i.position) for i in items] == [(a, 0), (c, 1)]
    assert _count(db, "roadmap_responsible") == 2
    with pytest.raises(RoadmapError, match="не найдено"), db.transaction() as session:
        roadmap.delete_items(session, [a, b])
    assert len(_items(db, roadmap_id)) == 2  # all or nothing


def test_mark_done_in_one_action_and_refuse_a_future_date(db: Database) -> None:
    roadmap_id = _empty(db)
    a, b, c = (_add(db, roadmap_id, name) for name in "АБВ")
    with db.transaction() as session:
        roadmap.mark_done(session, [a, b], date(2026, 10, 5), today=TODAY)
    items = _items(db, roadmap_id)
    assert [(i.status, i.done_on) for i in items] == [
        (ItemStatus.DONE, date(2026, 10, 5)),
        (ItemStatus.DONE, date(2026, 10, 5)),
        (ItemStatus.NOT_STARTED, None),
    ]
    assert items[0].shown is ShownStatus.DONE
    with db.transaction() as session:
        roadmap.mark_done(session, [c], TODAY, today=TODAY)  # today is fine
    with pytest.raises(RoadmapError, match="в будущем"), db.transaction() as session:
        roadmap.mark_done(session, [a], TODAY + timedelta(days=1), today=TODAY)
    assert _items(db, roadmap_id)[0].done_on == date(2026, 10, 5)


def test_set_status_dates_done_today_and_clears_otherwise(db: Database) -> None:
    roadmap_id = _empty(db)
    a, b = _add(db, roadmap_id, "А"), _add(db, roadmap_id, "Б")
    with db.transaction() as session:
        roadmap.mark_done(session, [a], date(2026, 9, 1), today=TODAY)
        roadmap.set_status(session, [a, b], ItemStatus.DONE, today=TODAY)
    assert [i.done_on for i in _items(db, roadmap_id)] == [date(2026, 9, 1), TODAY]
    with db.transaction() as session:
        roadmap.set_status(session, [a], "in_progress", today=TODAY)
        roadmap.set_status(session, [b], ItemStatus.NOT_STARTED, today=TODAY)
    assert [(i.status, i.done_on) for i in _items(db, roadmap_id)] == [
        (ItemStatus.IN_PROGRESS, None),
        (ItemStatus.NOT_STARTED, None),
    ]
    with pytest.raises(RoadmapError, match="Неизвестное состояние"), db.transaction() as s:
        roadmap.set_status(s, [a], "overdue", today=TODAY)  # просрочено is shown, not set


def test_set_responsible_in_bulk(db: Database) -> None:
    roadmap_id = _empty(db)
    with db.transaction() as session:
        orlova, belova = _person(session, "Орлова"), _person(session, "Белова", Category.HEAD)
        student = _person(session, "Соколова", Category.STUDENT)
        partner = _person(session, "Ким", Category.PARTNER, organization="ООО «Нива»")
        retired = _person(session, "Архипова")
        people.set_archived(session, [retired], True, NOW)
    a = _add(db, roadmap_id, "А", responsible=[orlova], responsible_text="Методист")
    b = _add(db, roadmap_id, "Б", responsible_text="Психолог")

    with db.transaction() as session:
        roadmap.set_responsible(session, [a, b], [belova, orlova], None)
    items = _items(db, roadmap_id)
    assert [i.responsible for i in items] == [
        [(belova, "Белова О.П."), (orlova, "Орлова О.П.")]
    ] * 2
    assert [i.responsible_text for i in items] == ["Методист", "Психолог"]  # None keeps it
    with db.transaction() as session:
        roadmap.set_responsible(session, [a, b], [belova], "  ")
    items = _items(db, roadmap_id)
    assert [i.responsible_ids for i in items] == [frozenset({belova})] * 2
    assert [i.responsible_text for i in items] == ["", ""]
    with db.transaction() as session:
        roadmap.set_responsible(session, [a], [], "Совет обучающихся")
    assert (_items(db, roadmap_id)[0].responsible, _items(db, roadmap_id)[0].who) == (
        [], "Совет обучающихся")  # fmt: skip

    for who, message in (
        ([student], "не сотрудник школы"),
        ([partner], "впишите текстом"),
        ([retired], "в архиве"),
        ([404], "не найден"),
    ):
        with pytest.raises(RoadmapError, match=message), db.transaction() as session:
            roadmap.set_responsible(session, [b], [belova, *who], None)
    assert _items(db, roadmap_id)[1].responsible_ids == {belova}


def test_add_responsible_in_bulk_keeps_each_items_own(db: Database) -> None:
    """«добавить к назначенным»: the new persons join each item's own; text None keeps it."""
    roadmap_id = _empty(db)
    with db.transaction() as session:
        orlova, belova = _person(session, "Орлова"), _person(session, "Белова", Category.HEAD)
        student = _person(session, "Соколова", Category.STUDENT)
    a = _add(db, roadmap_id, "А", responsible=[orlova], responsible_text="Методист")
    b = _add(db, roadmap_id, "Б", responsible_text="Психолог")
    with db.transaction() as session:
        roadmap.add_responsible(session, [a, b], [belova, orlova], None)
    items = _items(db, roadmap_id)
    assert [i.responsible_ids for i in items] == [frozenset({orlova, belova})] * 2
    assert [i.responsible_text for i in items] == ["Методист", "Психолог"]
    with db.transaction() as session:
        roadmap.add_responsible(session, [a], [], " Совет ")
    assert _items(db, roadmap_id)[0].responsible_text == "Совет"
    with pytest.raises(RoadmapError, match="не сотрудник школы"), db.transaction() as session:
        roadmap.add_responsible(session, [b], [student], None)
    assert _items(db, roadmap_id)[1].responsible_ids == {orlova, belova}


def test_add_item_with_a_status_as_typed(db: Database) -> None:
    """The item dialog's status goes with the new item, by the rules of update_item."""
    roadmap_id = _empty(db)
    with db.transaction() as session:
        done = roadmap.add_item(session, roadmap_id, "", "Сделано", status=ItemStatus.DONE,
                                done_on=YESTERDAY, today=TODAY)  # fmt: skip
        today_done = roadmap.add_item(session, roadmap_id, "", "Сегодня", status="done",
                                      today=TODAY)  # fmt: skip
        working = roadmap.add_item(session, roadmap_id, "", "В работе",
                                   status=ItemStatus.IN_PROGRESS, today=TODAY)  # fmt: skip
    rows = {i.id: i for i in _items(db, roadmap_id)}
    assert (rows[done].status, rows[done].done_on) == (ItemStatus.DONE, YESTERDAY)
    assert rows[today_done].done_on == TODAY
    assert (rows[working].status, rows[working].done_on) == (ItemStatus.IN_PROGRESS, None)
    with pytest.raises(RoadmapError, match="в будущем"), db.transaction() as session:
        roadmap.add_item(session, roadmap_id, "", "Завтра", status=ItemStatus.DONE,
                         done_on=TODAY + timedelta(days=1), today=TODAY)  # fmt: skip
    assert len(_items(db, roadmap_id)) == 3


def test_a_person_erased_from_the_register_leaves_the_roadmap(db: Database) -> None:
    roadmap_id = _empty(db)
    with db.transaction() as session:
        orlova = _person(session, "Орлова")
    _add(db, roadmap_id, "А", responsible=[orlova])
    with db.transaction() as session:
        people.erase(session, orlova)
    assert _items(db, roadmap_id)[0].responsible == []


def test_set_deadline_in_bulk_hand_set_or_derived(db: Database) -> None:
    roadmap_id = _empty(db, 2025, 2027)
    a, b = _add(db, roadmap_id, "А"), _add(db, roadmap_id, "Б", due_on=date(2026, 1, 1))
    with db.transaction() as session:
        roadmap.set_deadline(session, [a, b], "  До 10.03.2026г ", None)
    items = _items(db, roadmap_id)
    assert {i.deadline_text for i in items} == {"До 10.03.2026г"}
    assert [(i.due, i.due_derived) for i in items] == [(date(2026, 3, 10), True)] * 2
    with db.transaction() as session:
        roadmap.set_deadline(session, [b], "По отдельному графику", date(2026, 4, 1))
    item = _items(db, roadmap_id)[1]
    assert (item.deadline_text, item.due, item.due_derived) == (
        "По отдельному графику", date(2026, 4, 1), False)  # fmt: skip
    with pytest.raises(RoadmapError, match="вне периода"), db.transaction() as session:
        roadmap.set_deadline(session, [a], "В 2029 году", date(2029, 5, 1))
    assert _items(db, roadmap_id)[0].deadline_text == "До 10.03.2026г"


# --- what the checklist shows ----------------------------------------------------------


def test_due_dates_derived_from_the_text_or_set_by_hand(db: Database) -> None:
    roadmap_id = _empty(db, 2025, 2027)
    _add(db, roadmap_id, "Дата", deadline_text="До 10.03.2026г")
    _add(db, roadmap_id, "Вручную", deadline_text="До 10.03.2026г", due_on=date(2026, 2, 1))
    _add(db, roadmap_id, "Без срока", deadline_text="По отдельному графику")
    _add(db, roadmap_id, "Пусто")
    items = _by_activity(db, roadmap_id)
    derived = items["Дата"]
    assert (derived.due, derived.due_derived) == (date(2026, 3, 10), True)
    expected = parse_deadline("До 10.03.2026г", 2025, 2027)
    assert derived.explanation == expected.explanation and derived.explanation
    hand = items["Вручную"]
    assert (hand.due, hand.due_derived, hand.explanation) == (date(2026, 2, 1), False,
                                                              rules.HAND_SET)  # fmt: skip
    for name in ("Без срока", "Пусто"):
        assert (items[name].due, items[name].due_derived) == (None, False)
        assert items[name].shown is ShownStatus.NOT_STARTED  # no due date, never overdue


def test_a_recurring_item_is_due_on_its_next_occurrence(db: Database) -> None:
    roadmap_id = _empty(db, 2025, 2027)
    _add(db, roadmap_id, "Диагностика", deadline_text="1 раз в квартал")
    deadline = parse_deadline("1 раз в квартал", 2025, 2027)
    occurrences = sorted(deadline.occurrences)
    assert len(occurrences) >= 4
    for today in (occurrences[0] - timedelta(days=30), TODAY, occurrences[2], occurrences[2]
                  + timedelta(days=1)):  # fmt: skip
        item = _items(db, roadmap_id, today)[0]
        assert item.occurrences == tuple(deadline.occurrences)
        assert item.due == min(d for d in occurrences if d >= today), today
        assert item.due_derived and item.shown is ShownStatus.NOT_STARTED
    after = occurrences[-1] + timedelta(days=1)
    item = _items(db, roadmap_id, after)[0]
    assert item.due == occurrences[-1] and item.shown is ShownStatus.OVERDUE


def _school_roadmap(db: Database) -> tuple[int, dict[str, int]]:
    """Two sections, items in every state on TODAY (2026-11-23)."""
    roadmap_id = _empty(db, 2025, 2027)
    with db.transaction() as session:
        orlova, belova = _person(session, "Орлова"), _person(session, "Белова", Category.HEAD)
    org, info = "Организация", "Информирование"
    ids = {
        "done late": _add(db, roadmap_id, "А", section=org, due_on=date(2026, 9, 1),
                          responsible=[orlova]),
        "overdue": _add(db, roadmap_id, "Б", section=org, due_on=date(2026, 11, 22),
                        responsible=[orlova, belova]),
        "due today": _add(db, roadmap_id, "В", section=org, due_on=TODAY),
        "soon": _add(db, roadmap_id, "Г", section=info, due_on=date(2026, 12, 7),
                     responsible=[belova]),
        "later": _add(db, roadmap_id, "Д", section=info, due_on=date(2026, 12, 8)),
        "in progress overdue": _add(db, roadmap_id, "Е", section=info,
                                    due_on=date(2026, 10, 1), responsible=[orlova]),
        "no due": _add(db, roadmap_id, "Ж", section=org),
        "done soon": _add(db, roadmap_id, "З", section=info, due_on=date(2026, 11, 30)),
    }  # fmt: skip
    with db.transaction() as session:
        roadmap.mark_done(session, [ids["done late"], ids["done soon"]], date(2026, 11, 2),
                          today=TODAY)  # fmt: skip
        roadmap.set_status(session, [ids["in progress overdue"], ids["soon"]], "in_progress",
                           today=TODAY)  # fmt: skip
    return roadmap_id, {"orlova": orlova, "belova": belova, **ids}


def test_shown_status_on_a_fixed_day(db: Database) -> None:
    roadmap_id, ids = _school_roadmap(db)
    shown = {i.id: i.shown for i in _items(db, roadmap_id)}
    assert shown == {
        ids["done late"]: ShownStatus.DONE,  # done after its due date: done
        ids["overdue"]: ShownStatus.OVERDUE,
        ids["due today"]: ShownStatus.NOT_STARTED,  # due today is not overdue yet
        ids["soon"]: ShownStatus.IN_PROGRESS,
        ids["later"]: ShownStatus.NOT_STARTED,
        ids["in progress overdue"]: ShownStatus.OVERDUE,
        ids["no due"]: ShownStatus.NOT_STARTED,
        ids["done soon"]: ShownStatus.DONE,
    }
    later = {i.id: i.shown for i in _items(db, roadmap_id, date(2027, 1, 1))}
    assert later[ids["due today"]] is ShownStatus.OVERDUE
    assert later[ids["done late"]] is ShownStatus.DONE
    assert [i.is_overdue for i in _items(db, roadmap_id)].count(True) == 2


def test_progress_by_section_and_overall(db: Database) -> None:
    roadmap_id, _ = _school_roadmap(db)
    items = _items(db, roadmap_id)
    by_section = rules.progress(items)
    assert list(by_section) == ["Организация", "Информирование"]  # in roadmap order
    assert by_section == {
        "Организация": (1, 4, 1),
        "Информирование": (1, 4, 1),
    }
    overall = rules.overall_progress(items)
    assert overall == rules.Progress(done=2, total=8, overdue=2)
    assert overall.share == 0.25
    assert rules.overall_progress([]).share is None
    assert rules.progress([]) == {}


def test_overdue_and_due_within_14_days(db: Database) -> None:
    roadmap_id, ids = _school_roadmap(db)
    overdue, soon = rules.overdue_and_soon(_items(db, roadmap_id), TODAY)
    assert [i.id for i in overdue] == [ids["in progress overdue"], ids["overdue"]]  # by due
    # Due today … today + 14 days, not done: 7 December is in, 8 December is not.
    assert [i.id for i in soon] == [ids["due today"], ids["soon"]]
    _, week = rules.overdue_and_soon(_items(db, roadmap_id), TODAY, days=7)
    assert [i.id for i in week] == [ids["due today"]]


def test_my_items_and_filters(db: Database) -> None:
    roadmap_id, ids = _school_roadmap(db)
    items = _items(db, roadmap_id)
    mine = rules.filter_items(items, rules.RoadmapFilter(person=ids["orlova"]))
    assert [i.id for i in mine] == [ids["done late"], ids["overdue"], ids["in progress overdue"]]
    assert [i.id for i in rules.filter_items(items, rules.RoadmapFilter(person=ids["belova"]))] == [
        ids["overdue"],
        ids["soon"],
    ]
    assert rules.filter_items(items, rules.RoadmapFilter(person=404)) == []
    late = rules.filter_items(
        items, rules.RoadmapFilter(person=ids["orlova"], status=ShownStatus.OVERDUE.value)
    )
    assert [i.id for i in late] == [ids["overdue"], ids["in progress overdue"]]
    done = rules.filter_items(
        items, rules.RoadmapFilter(section="Информирование", status=ShownStatus.DONE.value)
    )
    assert [i.id for i in done] == [ids["done soon"]]
    assert rules.filter_items(items, rules.RoadmapFilter()) == items


def test_staff_who_may_be_responsible(db: Database) -> None:
    with db.transaction() as session:
        orlova, belova = _person(session, "Орлова"), _person(session, "Белова", Category.HEAD)
        _person(session, "Соколова", Category.STUDENT)
        retired = _person(session, "Архипова")
        people.set_archived(session, [retired], True, NOW)
    assert reads.staff(db.reader) == [(belova, "Белова О.П."), (orlova, "Орлова О.П.")]


def test_a_template_of_other_years_keeps_its_dates_as_text(db: Database) -> None:
    """«КвантУм» roadmap made for 2024-2026, used for 2026-2028: only dates in the period count."""
    with db.transaction() as session:
        made = roadmap.create(session, "Карта", 2026, 2028, "kvantum_2024_2026", TODAY)
    items = _items(db, made)
    text_only = [i for i in items if i.explanation.startswith("срок не определён: дата вне")]
    assert len(text_only) == 14 and all(i.due is None and not i.is_overdue for i in text_only)
    assert rules.overall_progress(items).overdue == 4
    assert reads.roadmap_summary(db.reader, TODAY)["overdue"] == 4
    # Set back to the template's own period, its dates count again (and have passed).
    with db.transaction() as session:
        roadmap.set_period(session, made, 2024, 2026, date(2025, 1, 10))
    assert not any(
        i.explanation.startswith("срок не определён: дата вне") for i in _items(db, made)
    )
