"""domain.roadmap's checklist rules: which due date counts, what is due soon, the period,
where a new item goes, and the one filter the tab and the tests use."""

from __future__ import annotations

from datetime import date, timedelta

from mentor_desk.domain.deadlines import parse_deadline
from mentor_desk.domain.roadmap import (
    HAND_SET,
    NOBODY,
    NOT_DONE,
    ItemRow,
    ItemStatus,
    RoadmapFilter,
    ShownStatus,
    done_on_problem,
    due_outside_period,
    filter_items,
    is_due_soon,
    item_due,
    new_item_position,
    period_problem,
    shown_status,
)

TODAY = date(2026, 11, 10)


def _row(
    n: int,
    section: str = "",
    *,
    due: date | None = None,
    status: ItemStatus = ItemStatus.NOT_STARTED,
    people: list[tuple[int, str]] | None = None,
    text: str = "",
) -> ItemRow:
    shown = shown_status(status, due, TODAY)
    return ItemRow(
        n, n, section, f"Мероприятие {n}", "", due, due is not None, "", (), people or [],
        text, "", "", status, shown, None, "",
    )  # fmt: skip


def test_a_hand_set_date_wins_over_the_deadline() -> None:
    deadline = parse_deadline("до 10 декабря", 2026, 2028)
    assert item_due(date(2026, 12, 1), deadline, TODAY) == (date(2026, 12, 1), False, HAND_SET)
    derived = item_due(None, deadline, TODAY)
    assert derived.due == date(2026, 12, 10) and derived.derived
    assert derived.explanation == deadline.explanation
    assert item_due(None, parse_deadline("постоянно", 2026, 2028), TODAY).due is None


def test_a_hand_set_date_lies_within_the_years_of_the_period() -> None:
    assert due_outside_period(None, 2026, 2028) is None
    assert due_outside_period(date(2026, 1, 1), 2026, 2028) is None  # August preparations too
    assert due_outside_period(date(2028, 12, 31), 2026, 2028) is None
    assert due_outside_period(date(2025, 12, 31), 2026, 2028) == (
        "Срок 31.12.2025 вне периода дорожной карты (2026–2028 годы)"
    )


def test_due_soon_is_not_done_and_within_the_days() -> None:
    soon = TODAY + timedelta(days=14)
    assert is_due_soon(_row(1, due=TODAY), TODAY) and is_due_soon(_row(2, due=soon), TODAY)
    assert not is_due_soon(_row(3, due=soon + timedelta(days=1)), TODAY)
    assert not is_due_soon(_row(4, due=TODAY, status=ItemStatus.DONE), TODAY)
    assert not is_due_soon(_row(5), TODAY)
    assert not is_due_soon(_row(6, due=TODAY - timedelta(days=1)), TODAY)  # overdue instead
    assert is_due_soon(_row(7, due=TODAY + timedelta(days=7)), TODAY, days=7)


def test_the_period_and_the_date_done() -> None:
    assert period_problem(2026, 2028, TODAY) is None
    assert period_problem(2028, 2029, TODAY) is None  # two years on at most
    assert period_problem(2029, 2030, TODAY) == (
        "Период начинается слишком далеко: не позже 2028 года"
    )
    assert "больше года начала" in (period_problem(2026, 2026, TODAY) or "")
    assert done_on_problem(TODAY, TODAY) is None
    assert done_on_problem(TODAY + timedelta(days=1), TODAY) == (
        "Дата выполнения не может быть в будущем"
    )


def test_a_new_item_goes_after_the_selected_one_of_its_section() -> None:
    items = [_row(1, "А"), _row(2, "А"), _row(3, "Б"), _row(4, "А")]
    assert new_item_position(items, "А", [1]) == 1
    assert new_item_position(items, "А", [1, 3]) == 1  # the selected one of another section
    assert new_item_position(items, "А") == 4  # after the section's last
    assert new_item_position(items, " Б ", []) == 3  # as typed, spaces folded
    assert new_item_position(items, "В", [1]) is None  # a new section: at the end
    assert new_item_position([], "") is None


def test_one_filter() -> None:
    late = _row(1, "А", due=TODAY - timedelta(days=1), people=[(7, "Орлова О.П.")])
    done = _row(2, "Б", due=TODAY, status=ItemStatus.DONE, text="Методист")
    nobody = _row(3, "А")
    items = [late, done, nobody]
    assert filter_items(items, RoadmapFilter()) == items
    assert filter_items(items, RoadmapFilter(person=7)) == [late]
    assert filter_items(items, RoadmapFilter(person=NOBODY)) == [nobody]
    assert filter_items(items, RoadmapFilter(status=ShownStatus.OVERDUE.value)) == [late]
    assert filter_items(items, RoadmapFilter(status=NOT_DONE)) == [late, nobody]
    assert filter_items(items, RoadmapFilter(section="Б")) == [done]
    assert filter_items(items, RoadmapFilter(text="методист")) == [done]
    assert filter_items(items, RoadmapFilter(hide_done=True)) == [late, nobody]
    shown_done = RoadmapFilter(hide_done=True, status=ShownStatus.DONE.value)
    assert filter_items(items, shown_done) == [done]  # asked for: shown though hidden
    assert not RoadmapFilter(hide_done=True).active and RoadmapFilter(person=NOBODY).active
