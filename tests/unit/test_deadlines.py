"""Deadlines as the sources write them: every phrase of the templates, and text that stays text."""

from __future__ import annotations

from datetime import date

import pytest

from mentor_desk.domain.deadlines import DeadlineKind, parse_deadline
from mentor_desk.domain.roadmap import ItemStatus, ShownStatus, shown_status
from mentor_desk.services.roadmap_templates import load_templates

DATE = DeadlineKind.DATE
RECURRING = DeadlineKind.RECURRING
ONGOING = DeadlineKind.ONGOING
UNDETERMINED = DeadlineKind.UNDETERMINED
NONE = DeadlineKind.NONE

D = date
QUARTERS_2024_2026 = (
    D(2024, 9, 30), D(2024, 12, 31), D(2025, 3, 31), D(2025, 6, 30),
    D(2025, 9, 30), D(2025, 12, 31), D(2026, 3, 31), D(2026, 6, 30),
)  # fmt: skip

# Every deadline written in resources/roadmaps/*.json, in the period 2024-2026 (that of
# «КвантУм» roadmap: 01.09.2024-31.08.2026): kind, due date, occurrences.
SOURCE_PHRASES: dict[str, tuple[DeadlineKind, date | None, tuple[date, ...]]] = {
    # приказ № 246: the sample roadmap leaves "Сроки" empty; «КвантУм» has one empty cell
    "": (NONE, None, ()),
    # Kalininsky stages
    "до 31 ноября": (UNDETERMINED, None, ()),  # November has 30 days: no guess
    "до 6 декабря": (DATE, D(2024, 12, 6), ()),
    "до 10 декабря": (DATE, D(2024, 12, 10), ()),
    "до 31 декабря": (DATE, D(2024, 12, 31), ()),
    "до 15 декабря": (DATE, D(2024, 12, 15), ()),
    # its year is outside 2024-2026: the text stays, no due date (see test_outside_period)
    "до 25 мая 2021 (согласно периоду взаимодействия)": (UNDETERMINED, None, ()),
    # «КвантУм» roadmap
    "Сентябрь 2024г": (DATE, D(2024, 9, 30), ()),
    "01.09.2024г": (DATE, D(2024, 9, 1), ()),
    "В течение всего периода реализации ЦМН": (ONGOING, None, ()),
    "До 10.03.2025г": (DATE, D(2025, 3, 10), ()),
    "До конца 2024-2025 учебного года": (DATE, D(2025, 8, 31), ()),
    "По отдельному графику": (UNDETERMINED, None, ()),
    "18.09.2024": (DATE, D(2024, 9, 18), ()),
    "До октября 2024г": (DATE, D(2024, 9, 30), ()),
    "До конца октября": (DATE, D(2024, 10, 31), ()),
    "До конца октября 2024": (DATE, D(2024, 10, 31), ()),
    "В течение 2024-2026 учебного года": (
        RECURRING,
        D(2025, 8, 31),
        (D(2025, 8, 31), D(2026, 8, 31)),
    ),
    "Май 2025": (DATE, D(2025, 5, 31), ()),
    "До конца августа 2025": (DATE, D(2025, 8, 31), ()),
    "До конца мая 2025": (DATE, D(2025, 5, 31), ()),
    "Май 2025- 2026": (RECURRING, D(2025, 5, 31), (D(2025, 5, 31), D(2026, 5, 31))),
    "Май 2025-2026": (RECURRING, D(2025, 5, 31), (D(2025, 5, 31), D(2026, 5, 31))),
    "1 раз в квартал": (RECURRING, D(2024, 9, 30), QUARTERS_2024_2026),
    "В течение всего времени реализации ЦПН": (ONGOING, None, ()),
    "Август 2024": (DATE, D(2024, 8, 31), ()),  # the day before the period: kept, noted
    "Август 2024-2026г.": (
        RECURRING,
        D(2024, 8, 31),
        (D(2024, 8, 31), D(2025, 8, 31), D(2026, 8, 31)),
    ),
    "В течение года": (RECURRING, D(2025, 8, 31), (D(2025, 8, 31), D(2026, 8, 31))),
    "Май 2026": (DATE, D(2026, 5, 31), ()),
}


def test_the_table_has_every_deadline_of_the_templates() -> None:
    written = {item.deadline for t in load_templates() for item in t.items}
    assert written == set(SOURCE_PHRASES)


@pytest.mark.parametrize(("text", "expected"), SOURCE_PHRASES.items())
def test_source_phrases(text: str, expected: tuple[DeadlineKind, date | None, tuple[date, ...]]):
    deadline = parse_deadline(text, 2024, 2026)
    assert (deadline.kind, deadline.due, deadline.occurrences) == expected
    assert deadline.text == text  # kept as written
    assert deadline.explanation


# Phrases of the issue and the brief, and others curators write, in the period 2025-2027.
OTHER_PHRASES: dict[str, tuple[DeadlineKind, date | None, tuple[date, ...]]] = {
    "до 10 декабря": (DATE, D(2025, 12, 10), ()),
    "до 15 января": (DATE, D(2026, 1, 15), ()),
    "до 10.12": (DATE, D(2025, 12, 10), ()),
    "не позднее 01.10.2025": (DATE, D(2025, 10, 1), ()),
    "1-10 декабря": (DATE, D(2025, 12, 10), ()),
    "с 25 ноября по 5 декабря 2025": (DATE, D(2025, 12, 5), ()),
    "01.09.2025-31.05.2026": (DATE, D(2026, 5, 31), ()),
    "Декабрь 2025 г": (DATE, D(2025, 12, 31), ()),
    "декабрь 2025 года – январь 2026 года": (DATE, D(2026, 1, 31), ()),  # a range: its end
    "ноябрь-декабрь 2025 г.": (DATE, D(2025, 12, 31), ()),
    "ноябрь - январь": (DATE, D(2026, 1, 31), ()),
    "2025-2026 учебный год": (DATE, D(2026, 8, 31), ()),
    "в 2026-2027 учебном году": (DATE, D(2027, 8, 31), ()),
    "до конца учебного года": (DATE, D(2026, 8, 31), ()),
    "август": (DATE, D(2026, 8, 31), ()),  # the first August of the period
    "в сентябре": (DATE, D(2025, 9, 30), ()),
    "до сентября": (DATE, D(2026, 8, 31), ()),
    "до января 2026 года": (DATE, D(2025, 12, 31), ()),
    "I квартал 2026": (DATE, D(2026, 3, 31), ()),
    "4 квартал": (DATE, D(2025, 12, 31), ()),
    "в 2026 году": (DATE, D(2026, 12, 31), ()),
    "Ежегодно (май)": (RECURRING, D(2026, 5, 31), (D(2026, 5, 31), D(2027, 5, 31))),
    "ежегодно до 10 декабря": (RECURRING, D(2025, 12, 10), (D(2025, 12, 10), D(2026, 12, 10))),
    "ежегодно": (RECURRING, D(2026, 8, 31), (D(2026, 8, 31), D(2027, 8, 31))),
    "в течение учебного года": (RECURRING, D(2026, 8, 31), (D(2026, 8, 31), D(2027, 8, 31))),
    "1 раз в полугодие": (
        RECURRING,
        D(2025, 12, 31),
        (D(2025, 12, 31), D(2026, 6, 30), D(2026, 12, 31), D(2027, 6, 30)),
    ),
    "постоянно": (ONGOING, None, ()),
    "в течение всего периода": (ONGOING, None, ()),
    "еженедельно": (ONGOING, None, ()),
    "по мере необходимости": (UNDETERMINED, None, ()),
    "по согласованию": (UNDETERMINED, None, ()),
    "—": (NONE, None, ()),
}


@pytest.mark.parametrize(("text", "expected"), OTHER_PHRASES.items())
def test_other_phrases(text: str, expected: tuple[DeadlineKind, date | None, tuple[date, ...]]):
    deadline = parse_deadline(text, 2025, 2027)
    assert (deadline.kind, deadline.due, deadline.occurrences) == expected


@pytest.mark.parametrize("text", ["1 раз в квартал", "ежеквартально", "раз в квартал"])
def test_quarterly_is_every_quarter_end_of_the_period(text: str) -> None:
    deadline = parse_deadline(text, 2025, 2027)
    assert deadline.kind is RECURRING
    assert deadline.occurrences == (
        D(2025, 9, 30), D(2025, 12, 31), D(2026, 3, 31), D(2026, 6, 30),
        D(2026, 9, 30), D(2026, 12, 31), D(2027, 3, 31), D(2027, 6, 30),
    )  # fmt: skip
    assert deadline.due == D(2025, 9, 30)
    assert "8 сроков" in deadline.explanation


def test_monthly_has_every_month_end() -> None:
    deadline = parse_deadline("ежемесячно", 2025, 2027)
    assert len(deadline.occurrences) == 24
    assert deadline.occurrences[0] == D(2025, 9, 30)
    assert deadline.occurrences[-1] == D(2027, 8, 31)


# Ambiguous or unknown: no due date rather than a wrong one.
STAYS_TEXT = [
    "до 31 ноября",  # no such day
    "31.02.2026",
    "13.13.2025",
    "29 февраля",  # none in 2025-2027
    "до конца года",  # calendar or academic?
    "1 полугодие",
    "II полугодие 2026",
    "в течение месяца",
    "в течение 2 недель",
    "осенью",
    "сентябрь, январь, май",
    "2025-2027",
    "2027-2025 учебный год",
    "до 10 декабря (или позже)",  # the remark may change the date
    "по отдельному графику",
    "при необходимости",
    "по плану работы школы",
    "к Новому году",
    "ежегодно (по графику)",
    "сразу после приказа",
]


@pytest.mark.parametrize("text", STAYS_TEXT)
def test_ambiguous_text_stays_text(text: str) -> None:
    deadline = parse_deadline(text, 2025, 2027)
    assert deadline.kind is UNDETERMINED
    assert deadline.due is None and deadline.occurrences == ()
    assert deadline.text == text
    assert deadline.explanation.startswith("срок не определён: ")


@pytest.mark.parametrize(
    ("text", "start", "end", "explanation"),
    [
        ("до 10 декабря", 2025, 2027, "до 10.12.2025 (первое 10 декабря в периоде)"),
        ("Май 2025", 2024, 2026, "до 31.05.2025 (конец мая 2025)"),
        (
            "Май 2025",
            2025,
            2027,
            "срок не определён: дата вне периода (31.05.2025; период 01.09.2025–31.08.2027)",
        ),
        (
            "Август 2025",
            2025,
            2027,
            "до 31.08.2025 (конец августа 2025; до начала периода 2025-2027)",
        ),
        ("До 10.03.2025г", 2024, 2026, "до 10.03.2025 (дата указана)"),
        (
            "До октября 2024г",
            2024,
            2026,
            "до 30.09.2024 (до октября 2024: последний день сентября)",
        ),
        (
            "До конца октября",
            2024,
            2026,
            "до 31.10.2024 (конец октября, первый октябрь в периоде)",
        ),
        ("По отдельному графику", 2024, 2026, "срок не определён: по отдельному графику"),
        ("до 31 ноября", 2024, 2026, "срок не определён: до 31 ноября — такой даты нет"),
        (
            "В течение всего периода реализации ЦМН",
            2024,
            2026,
            "без срока: в течение всего периода реализации ЦМН",
        ),
        ("", 2024, 2026, "срок не указан"),
        (
            "до 25 мая 2021 (согласно периоду взаимодействия)",
            2024,
            2026,
            "срок не определён: дата вне периода (25.05.2021; период 01.09.2024–31.08.2026)",
        ),
        (
            "1 раз в квартал",
            2025,
            2027,
            "повторяется: 1 раз в квартал — 8 сроков (конец каждого квартала): "
            "30.09.2025, 31.12.2025, …, 30.06.2027",
        ),
        (
            "В течение года",
            2024,
            2026,
            "повторяется: в течение года — 2 срока (конец каждого учебного года): "
            "31.08.2025, 31.08.2026",
        ),
        (
            "Август 2024-2026г.",
            2024,
            2026,
            "повторяется: август 2024-2026г — 3 срока (конец августа каждого года 2024-2026): "
            "31.08.2024, 31.08.2025, 31.08.2026; до начала периода 2024-2026: 31.08.2024",
        ),
    ],
)
def test_explanations(text: str, start: int, end: int, explanation: str) -> None:
    assert parse_deadline(text, start, end).explanation == explanation


@pytest.mark.parametrize("text", [*SOURCE_PHRASES, *OTHER_PHRASES, *STAYS_TEXT])
@pytest.mark.parametrize(("start", "end"), [(2024, 2026), (2025, 2027), (2025, 2026)])
def test_invariants(text: str, start: int, end: int) -> None:
    deadline = parse_deadline(text, start, end)
    assert list(deadline.occurrences) == sorted(set(deadline.occurrences))
    if deadline.kind is RECURRING:
        assert deadline.occurrences and deadline.due == deadline.occurrences[0]
    elif deadline.kind is DATE:
        assert deadline.due is not None and deadline.occurrences == ()
    else:
        assert deadline.due is None and deadline.occurrences == ()


def test_a_date_without_a_year_is_always_in_the_period() -> None:
    for start in range(2020, 2030):
        for text in ("до 10 декабря", "до 15 января", "август", "До конца октября", "до 01.09"):
            due = parse_deadline(text, start, start + 1).due
            assert due is not None and D(start, 9, 1) <= due <= D(start + 1, 8, 31)


def test_next_due_is_the_next_occurrence() -> None:
    deadline = parse_deadline("1 раз в квартал", 2025, 2027)
    assert deadline.next_due(D(2025, 9, 1)) == D(2025, 9, 30)
    assert deadline.next_due(D(2025, 9, 30)) == D(2025, 9, 30)
    assert deadline.next_due(D(2025, 10, 1)) == D(2025, 12, 31)
    assert deadline.next_due(D(2028, 1, 1)) == D(2027, 6, 30)  # all passed: the last
    single = parse_deadline("до 10 декабря", 2025, 2027)
    assert single.next_due(D(2030, 1, 1)) == D(2025, 12, 10)
    assert parse_deadline("постоянно", 2025, 2027).next_due(D(2025, 9, 1)) is None


def test_period_must_run_forward() -> None:
    with pytest.raises(ValueError, match="год окончания"):
        parse_deadline("до 10 декабря", 2025, 2025)


# Statuses


def test_status_labels() -> None:
    assert [s.label for s in ItemStatus] == ["не начато", "в работе", "выполнено"]
    assert ShownStatus.OVERDUE.label == "просрочено"
    assert [s.value for s in ShownStatus] == ["not_started", "in_progress", "done", "overdue"]


TODAY = D(2025, 12, 11)


@pytest.mark.parametrize(
    ("status", "due", "shown"),
    [
        (ItemStatus.NOT_STARTED, D(2025, 12, 10), ShownStatus.OVERDUE),
        (ItemStatus.IN_PROGRESS, D(2025, 12, 10), ShownStatus.OVERDUE),
        (ItemStatus.DONE, D(2025, 12, 10), ShownStatus.DONE),
        (ItemStatus.NOT_STARTED, TODAY, ShownStatus.NOT_STARTED),  # due today: not yet
        (ItemStatus.IN_PROGRESS, D(2025, 12, 31), ShownStatus.IN_PROGRESS),
        (ItemStatus.NOT_STARTED, None, ShownStatus.NOT_STARTED),
        (ItemStatus.DONE, None, ShownStatus.DONE),
    ],
)
def test_shown_status(status: ItemStatus, due: date | None, shown: ShownStatus) -> None:
    assert shown_status(status, due, TODAY) is shown


# A date written with a year outside the period (a template made for other years) stays
# text: the period 2026-2028 runs 01.09.2026-31.08.2028; August 2026 is its preparation.
@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Май 2025", "31.05.2025"),
        ("Май 2026", "31.05.2026"),  # the year is one of the period's, the date is not
        ("01.09.2024г", "01.09.2024"),
        ("До конца 2024-2025 учебного года", "31.08.2025"),
        ("до 25 мая 2021 (согласно периоду взаимодействия)", "25.05.2021"),
        ("Май 2025-2026", "31.05.2025, 31.05.2026"),
        ("Сентябрь 2028", "30.09.2028"),  # after the end
        ("в 2029 году", "31.12.2029"),
        ("ежегодно", None),  # no year written: the period's own dates
    ],
)
def test_outside_period(text: str, shown: str | None) -> None:
    deadline = parse_deadline(text, 2026, 2028)
    if shown is None:
        assert not deadline.outside_period and deadline.due is not None
        return
    assert deadline.outside_period
    assert (deadline.kind, deadline.due, deadline.occurrences) == (UNDETERMINED, None, ())
    assert deadline.explanation == (
        f"срок не определён: дата вне периода ({shown}; период 01.09.2026–31.08.2028)"
    )


def test_recurring_keeps_its_dates_in_the_period() -> None:
    deadline = parse_deadline("Август 2024-2026г.", 2026, 2028)
    assert (deadline.kind, deadline.occurrences) == (RECURRING, (D(2026, 8, 31),))
    assert not deadline.outside_period
    assert deadline.explanation.endswith(
        "31.08.2026; до начала периода 2026-2028: 31.08.2026; "
        "не учтены (вне периода): 31.08.2024, 31.08.2025"
    )
    assert parse_deadline("Август 2026", 2026, 2028).explanation == (
        "до 31.08.2026 (конец августа 2026; до начала периода 2026-2028)"
    )


def test_the_template_for_another_period_is_not_overdue_at_once() -> None:
    """«КвантУм» (2024-2026) for 2026-2028 on 23.11.2026: 4 of 31 overdue, not 18."""
    today = D(2026, 11, 23)
    (kvantum,) = [t for t in load_templates() if t.key == "kvantum_2024_2026"]
    dues = [parse_deadline(i.deadline, 2026, 2028).next_due(today) for i in kvantum.items]
    overdue = [due for due in dues if due is not None and due < today]
    assert len(overdue) == 4 and min(overdue) == D(2026, 8, 31)
