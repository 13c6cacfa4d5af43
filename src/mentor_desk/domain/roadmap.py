"""Дорожная карта: item statuses, the checklist's rules, templates and their periods.

Deadlines as the documents write them are read by domain.deadlines; here is what a line
of the checklist shows (its due date: the hand-set one wins over the derived one; its
shown status), what is overdue and due soon, progress by section, and the filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import NamedTuple

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.deadlines import (
    PREPARATION_MONTH,
    Deadline,
    parse_deadline,
    written_dates,
)
from mentor_desk.domain.text import DASH_CLASS, fold

# ---------------------------------------------------------------------------- statuses


class ItemStatus(str, Enum):
    """What the curator records for an activity (stored)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self.value]


class ShownStatus(str, Enum):
    """What the checklist shows: the stored status, or "просрочено" when the due date passed."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self.value]


_STATUS_LABELS = {
    "not_started": "не начато",
    "in_progress": "в работе",
    "done": "выполнено",
    "overdue": "просрочено",
}


def shown_status(status: ItemStatus, due: date | None, today: date) -> ShownStatus:
    """Overdue: not done and the due date is before today (due today is not overdue yet)."""
    if status is not ItemStatus.DONE and due is not None and due < today:
        return ShownStatus.OVERDUE
    return ShownStatus(status.value)


# ---------------------------------------------------------------------------- the period

MAX_PERIOD_YEARS = 5  # academic years: "на 2025-2030 годы" at most
FIRST_YEAR, LAST_YEAR = 2000, 2100
PLAN_AHEAD_YEARS = 2  # a roadmap may be made for a period starting up to 2 years on


def check_period(start_year: int, end_year: int) -> str | None:
    """What is wrong with a roadmap's period as such, or None.

    The period is academic (domain.deadlines): 2025-2027 runs from 01.09.2025 to 31.08.2027,
    so the end year is after the start year; at most MAX_PERIOD_YEARS academic years.
    """
    if not (FIRST_YEAR <= start_year <= LAST_YEAR and FIRST_YEAR <= end_year <= LAST_YEAR):
        return f"Годы периода — от {FIRST_YEAR} до {LAST_YEAR}"
    if end_year <= start_year:
        return (
            "Год окончания периода должен быть больше года начала: период идёт с 1 сентября "
            "первого года по 31 августа последнего (один учебный год — например, 2025-2026)"
        )
    if end_year - start_year > MAX_PERIOD_YEARS:
        return f"Дорожная карта составляется не больше чем на {MAX_PERIOD_YEARS} учебных лет"
    return None


def period_problem(start_year: int, end_year: int, today: date) -> str | None:
    """check_period, and a period starting at most PLAN_AHEAD_YEARS from this year."""
    problem = check_period(start_year, end_year)
    if problem is None and start_year > today.year + PLAN_AHEAD_YEARS:
        problem = f"Период начинается слишком далеко: не позже {today.year + PLAN_AHEAD_YEARS} года"
    return problem


def done_on_problem(on: date, today: date) -> str | None:
    """An item is marked done on a day that has come (today included)."""
    return "Дата выполнения не может быть в будущем" if on > today else None


# ---------------------------------------------------------------------------- due dates

HAND_SET = "срок задан вручную"
SOON_DAYS = 14  # the start notice and the progress line: what is due in the next 14 days


class ItemDue(NamedTuple):
    """The date an item is due and how it was found (for a tooltip)."""

    due: date | None
    derived: bool  # True when `due` comes from the deadline as written
    explanation: str


def item_due(hand_set: date | None, deadline: Deadline, today: date) -> ItemDue:
    """A due date set by hand wins; else the deadline's next occurrence (None: text only)."""
    if hand_set is not None:
        return ItemDue(hand_set, False, HAND_SET)
    due = deadline.next_due(today)
    return ItemDue(due, due is not None, deadline.explanation)


def due_outside_period(due: date | None, start_year: int, end_year: int) -> str | None:
    """Why a hand-set due date cannot be, or None: it lies within the years of the period.

    Calendar years, 1 January of the first to 31 December of the last: a little wider
    than the academic period, as roadmaps have preparations in August before it starts.
    """
    if due is not None and not start_year <= due.year <= end_year:
        return f"Срок {format_date(due)} вне периода дорожной карты ({start_year}–{end_year} годы)"
    return None


# ---------------------------------------------------------------------------- the checklist


@dataclass(slots=True)
class ItemRow:
    """One line of the checklist, with its due date and shown status worked out."""

    id: int
    position: int
    section: str
    activity: str
    deadline_text: str
    due: date | None  # the hand-set due date, else the derived one (None: text only)
    due_derived: bool  # True when `due` comes from the deadline text
    explanation: str  # how the due date was found, for a tooltip
    occurrences: tuple[date, ...]  # of a recurring item ("1 раз в квартал"), else ()
    responsible: list[tuple[int, str]]  # persons of the register: (id, «Фамилия И.О.»)
    responsible_text: str  # outsiders, as typed
    expected_result: str
    indicator: str
    status: ItemStatus
    shown: ShownStatus  # the status, or просрочено
    done_on: date | None
    note: str
    outside_period: bool = False  # the deadline writes a date outside the period: text only

    @property
    def responsible_ids(self) -> frozenset[int]:
        return frozenset(pid for pid, _ in self.responsible)

    @property
    def who(self) -> str:
        """Everyone responsible in one line: the persons, then the free text."""
        parts = [name for _, name in self.responsible]
        if self.responsible_text:
            parts.append(" ".join(self.responsible_text.split()))
        return ", ".join(parts)

    @property
    def is_overdue(self) -> bool:
        return self.shown is ShownStatus.OVERDUE

    @property
    def hand_set_due(self) -> date | None:
        """The due date set by hand, None when it is derived (or there is none)."""
        return self.due if self.due is not None and not self.due_derived else None


def new_item_position(
    items: Sequence[ItemRow], section: str, selected: Iterable[int] = ()
) -> int | None:
    """Where a new item of `section` goes among `items` (0-based): after the last selected
    item of that section, else after the section's last item; None (the end) for a new
    section. The section as typed is compared with spaces folded."""
    section = " ".join(section.split())
    chosen = set(selected)
    same = [n for n, item in enumerate(items) if item.section == section]
    if not same:
        return None
    picked = [n for n in same if items[n].id in chosen]
    return (picked or same)[-1] + 1


def is_due_soon(item: ItemRow, today: date, days: int = SOON_DAYS) -> bool:
    """Not done and due within `days` from today (today included)."""
    until = today + timedelta(days=days)
    return (
        item.status is not ItemStatus.DONE and item.due is not None and today <= item.due <= until
    )


def overdue_and_soon(
    items: Iterable[ItemRow], today: date, days: int = SOON_DAYS
) -> tuple[list[ItemRow], list[ItemRow]]:
    """The start notice: what is overdue, and what is due soon (is_due_soon), each by due
    date."""
    overdue, soon = [], []
    for item in items:
        if item.shown is ShownStatus.OVERDUE:
            overdue.append(item)
        elif is_due_soon(item, today, days):
            soon.append(item)
    return sorted(overdue, key=_by_due), sorted(soon, key=_by_due)


def _by_due(item: ItemRow) -> tuple[date, int]:
    return (item.due or date.max, item.position)


class Progress(NamedTuple):
    done: int
    total: int
    overdue: int

    @property
    def share(self) -> float | None:
        """Done of all, 0…1; None with nothing to do."""
        return self.done / self.total if self.total else None


def progress(items: Iterable[ItemRow]) -> dict[str, Progress]:
    """Done / all / overdue by section, the sections in their order in the roadmap."""
    counts: dict[str, list[int]] = {}
    for item in items:
        done_total_overdue = counts.setdefault(item.section, [0, 0, 0])
        done_total_overdue[0] += item.status is ItemStatus.DONE
        done_total_overdue[1] += 1
        done_total_overdue[2] += item.shown is ShownStatus.OVERDUE
    return {section: Progress(*c) for section, c in counts.items()}


def overall_progress(items: Iterable[ItemRow]) -> Progress:
    done = total = overdue = 0
    for item in items:
        done += item.status is ItemStatus.DONE
        total += 1
        overdue += item.shown is ShownStatus.OVERDUE
    return Progress(done, total, overdue)


# Person filter values besides a participant id.
ANYONE = None
NOBODY = -1
# Status filter values besides a ShownStatus.
NOT_DONE = "not_done"


@dataclass(frozen=True)
class RoadmapFilter:
    """What the checklist shows: person (id, NOBODY or None), status, section, text.

    hide_done («Скрыть выполненные») leaves out what is done unless the status asked for
    is «выполнено».
    """

    person: int | None = ANYONE
    status: str | None = None  # a ShownStatus value, NOT_DONE, or None for all
    section: str | None = None
    text: str = ""
    hide_done: bool = False

    @property
    def active(self) -> bool:
        return (
            self.person is not ANYONE
            or self.status is not None
            or self.section is not None
            or bool(self.text.strip())
        )

    def matches(self, item: ItemRow) -> bool:
        if self.person == NOBODY:
            if item.responsible or item.responsible_text.strip():
                return False
        elif self.person is not None and self.person not in item.responsible_ids:
            return False
        if (
            self.hide_done
            and item.status is ItemStatus.DONE
            and self.status != ShownStatus.DONE.value
        ):
            return False
        if self.status == NOT_DONE:
            if item.status is ItemStatus.DONE:
                return False
        elif self.status is not None and item.shown.value != self.status:
            return False
        if self.section is not None and item.section != self.section:
            return False
        words = fold(self.text).split()
        if words:
            haystack = fold(
                " ".join(
                    (
                        item.activity,
                        item.section,
                        item.deadline_text,
                        item.who,
                        item.expected_result,
                        item.indicator,
                        item.note,
                    )
                )
            )
            return all(word in haystack for word in words)
        return True


def filter_items(items: Iterable[ItemRow], roadmap_filter: RoadmapFilter) -> list[ItemRow]:
    """The items the filter lets through, in their order («Мои задачи»: person=me)."""
    return [item for item in items if roadmap_filter.matches(item)]


# ---------------------------------------------------------------------------- templates

# The columns a roadmap can have, in the order a checklist shows them.
COLUMNS = ("section", "activity", "deadline", "responsible", "expected_result", "indicator")
COLUMN_LABELS = {
    "section": "Раздел / этап",
    "activity": "Мероприятие",
    "deadline": "Сроки",
    "responsible": "Ответственные",
    "expected_result": "Ожидаемый результат",
    "indicator": "Показатели эффективности",
}


@dataclass(frozen=True)
class TemplateItem:
    """One activity of a template, its texts as the source writes them."""

    section: str = ""
    activity: str = ""
    deadline: str = ""
    responsible: str = ""
    expected_result: str = ""
    indicator: str = ""


@dataclass(frozen=True)
class Template:
    """A built-in or municipal roadmap template (resources/roadmaps/*.json).

    `columns` are the columns the source has, in the source's order (for printing in its
    layout); `source` names the document the texts come from.
    """

    key: str
    title: str
    source: str
    columns: tuple[str, ...]
    items: tuple[TemplateItem, ...]

    def sections(self) -> tuple[str, ...]:
        """The sections (stages) in their first-appearance order; "" for items without one."""
        return tuple(dict.fromkeys(item.section for item in self.items))


# ---------------------------------------------------------------------------- a template's period

_YEARS_PERIOD = re.compile(rf"(?<!\d)(\d{{4}})\s*{DASH_CLASS}\s*(\d{{4}})(?!\d)")
TITLE_PERIOD, DATES_PERIOD = "title", "dates"


class TemplatePeriod(NamedTuple):
    """The period a template was written for, and where that was read ("title": its title
    or source names the years; "dates": the years of the dates in its deadlines)."""

    start_year: int
    end_year: int
    found_in: str

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.end_year}"


def template_period(template: Template) -> TemplatePeriod | None:
    """The period a template was made for: «2024-2026» in its title or source, else the
    academic years its dated deadlines fall in (an August date counts as preparation for
    the year that begins in September); None for a template without dates."""
    for text in (template.title, template.source):
        for match in _YEARS_PERIOD.finditer(text):
            first, last = int(match[1]), int(match[2])
            if first < last <= first + 10:
                return TemplatePeriod(first, last, TITLE_PERIOD)
    days = [day for item in template.items for day in written_dates(item.deadline)]
    if not days:
        return None
    start = min(d.year if d.month >= PREPARATION_MONTH else d.year - 1 for d in days)
    end = max(d.year if d.month < 9 else d.year + 1 for d in days)
    return TemplatePeriod(start, max(end, start + 1), DATES_PERIOD)


def dates_outside(template: Template, start_year: int, end_year: int) -> int:
    """How many of the template's deadlines are dates outside this period (they stay text)."""
    return sum(
        parse_deadline(item.deadline, start_year, end_year).outside_period
        for item in template.items
    )
