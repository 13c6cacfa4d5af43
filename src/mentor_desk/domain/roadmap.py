"""Дорожная карта: item statuses, templates, and the period a template was written for.

Deadlines as the documents write them are read by domain.deadlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import NamedTuple

from mentor_desk.domain.deadlines import PREPARATION_MONTH, parse_deadline, written_dates
from mentor_desk.domain.text import DASH_CLASS

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
