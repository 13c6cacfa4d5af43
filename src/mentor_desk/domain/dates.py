"""Dates as Russian schools write them (ДД.ММ.ГГГГ) and the academic year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DATE_RE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


class DateFormatError(ValueError):
    """A date the user typed is not a real ДД.ММ.ГГГГ date; the message is for the user."""


def parse_date(text: str) -> date | None:
    """Parse ДД.ММ.ГГГГ; an empty string is "no date"; anything else raises DateFormatError."""
    if not text.strip():
        return None
    match = _DATE_RE.match(text)
    if not match:
        raise DateFormatError("Введите дату в виде ДД.ММ.ГГГГ, например 05.03.2012")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"Такой даты нет: {text.strip()}") from None


# A time after the date, as 1C and Excel write dates into CSV: "05.03.2012 0:00:00".
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_LENIENT_RES = (
    (re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s*г\.?)?" + _TIME + "$"), "dmy"),
    (re.compile(r"^(\d{4})[-.](\d{1,2})[-.](\d{1,2})" + _TIME + "$"), "ymd"),
)
# "1 сентября 2012 г.": the month's name as a date is written, in the genitive.
MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_WORDS_RE = re.compile(r"^(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})(?:\s*(?:г\.?|года))?$")


def parse_date_lenient(text: str, today: date) -> date | None:
    """A date as lists from other programs write it.

    "05.03.2012", "5.3.12", "05.03.2012 0:00:00", "2012-03-05", "2012.03.05",
    "1 сентября 2012 г.". A two-digit year is the latest year not after today's ("12" →
    2012, "85" → 1985), as a birth or hire date always is. Empty is "no date"; anything
    else raises DateFormatError with the text in its message.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    words = _WORDS_RE.match(cleaned.casefold())
    if words and words.group(2) in MONTHS_GENITIVE:
        day, month_name, year = words.groups()
        return _make(int(year), MONTHS_GENITIVE.index(month_name) + 1, int(day), cleaned)
    for pattern, order in _LENIENT_RES:
        match = pattern.match(cleaned)
        if match:
            first, second, third = match.groups()
            year, month, day = (first, second, third) if order == "ymd" else (third, second, first)
            full_year = int(year)
            if len(year) == 2:
                century = today.year - today.year % 100
                full_year += century if full_year <= today.year % 100 else century - 100
            return _make(full_year, int(month), int(day), cleaned)
    raise DateFormatError(f"Не похоже на дату: «{cleaned}» (нужно ДД.ММ.ГГГГ)")


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"Такой даты нет: {text}") from None


def format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def full_years_between(start: date, end: date) -> int:
    """Whole years from start to end: an age or a length of service."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


@dataclass(frozen=True, order=True)
class AcademicYear:
    """Учебный год: 1 September of start_year to 31 August of the next year."""

    start_year: int

    @classmethod
    def containing(cls, day: date) -> AcademicYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 8, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def reference_date(self) -> date:
        """The day ages are counted on for the year's KPIs: the first school day.

        Children are counted into age bands once per year, on the day the contingent is
        fixed; every report of the year uses this one date so figures agree.
        """
        return self.start

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def date_in_words(value: date) -> str:
    """ "15 ноября 2025 г.": a date as orders write it in words."""
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."
