"""Deadlines of a roadmap as the documents write them, and the due dates they give.

A roadmap covers an academic period: from 1 September of its first year to 31 August of
its last (2025-2027 runs from 01.09.2025 to 31.08.2027). The sources write deadlines as text
("до 10 декабря", "Май 2025", "1 раз в квартал", "По отдельному графику"); the text is kept
as written and `parse_deadline` derives a due date within the period where one can be
derived, saying how, so the curator sees why an item is (or is not) overdue. Recurring
deadlines list every occurrence in the period. Text the rules do not understand, or that
could be read two ways, stays text: no due date is better than a wrong one. So does a date
written with a year outside the period (a template made for 2024-2026 used for 2026-2028):
the template's «Май 2025» would make the new roadmap overdue on its first day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import NamedTuple

from mentor_desk.domain.dates import MONTHS_GENITIVE, format_date
from mentor_desk.domain.text import DASH_CLASS, plural_ru


class DeadlineKind(str, Enum):
    NONE = "none"  # no deadline written
    DATE = "date"  # one due date
    RECURRING = "recurring"  # several dates in the period
    ONGOING = "ongoing"  # all the time: no due date
    UNDETERMINED = "undetermined"  # a text no date can be derived from

    @property
    def label(self) -> str:
        return {
            "none": "срок не указан",
            "date": "срок",
            "recurring": "повторяется",
            "ongoing": "постоянно",
            "undetermined": "срок не определён",
        }[self.value]


@dataclass(frozen=True)
class Deadline:
    """A deadline as written and what it means within the roadmap's period.

    `due` is the derived due date (for a recurring deadline, its first occurrence;
    `next_due` picks the one that matters on a given day); `explanation` says in Russian
    how it was derived, or why not.
    """

    text: str
    due: date | None
    occurrences: tuple[date, ...]
    explanation: str
    kind: DeadlineKind
    outside_period: bool = False  # dates written with years outside the period: text only

    def next_due(self, today: date) -> date | None:
        """The first occurrence on or after today; the last one once all have passed."""
        if not self.occurrences:
            return self.due
        for occurrence in self.occurrences:
            if occurrence >= today:
                return occurrence
        return self.occurrences[-1]


_MONTHS_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
_MONTHS_PREPOSITIONAL = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)  # fmt: skip
_MONTH_NUMBERS = {
    word: number + 1
    for forms in (_MONTHS_NOMINATIVE, MONTHS_GENITIVE, _MONTHS_PREPOSITIONAL)
    for number, word in enumerate(forms)
}
_MONTH = "(?:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + ")"
_QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_NAMES = ("I", "II", "III", "IV")


PREPARATION_MONTH = 8  # a written date in August before the period still counts


class _Parsed(NamedTuple):
    kind: DeadlineKind
    due: date | None
    occurrences: tuple[date, ...]
    explanation: str
    outside_period: bool = False


@dataclass(frozen=True)
class _Period:
    start_year: int
    end_year: int

    @property
    def start(self) -> date:
        return date(self.start_year, 9, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 8, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def admits(self, day: date) -> bool:
        """A date written with its year counts: within the period, or in the August just
        before it (preparations: «Август 2024» of a roadmap for 2024-2026)."""
        return date(self.start_year, PREPARATION_MONTH, 1) <= day <= self.end

    def every(self, month: int, day: int | None) -> tuple[date, ...]:
        """Each date with this month and day (None: the month's last day) in the period."""
        found = []
        for year in range(self.start_year, self.end_year + 1):
            candidate = _make_date(year, month, day)
            if candidate is not None and self.contains(candidate):
                found.append(candidate)
        return tuple(found)

    def first(self, month: int, day: int | None) -> date | None:
        every = self.every(month, day)
        return every[0] if every else None

    def month_ends(self, months: tuple[int, ...]) -> tuple[date, ...]:
        return tuple(sorted(d for month in months for d in self.every(month, None)))

    def academic_year_ends(self) -> tuple[date, ...]:
        return tuple(date(year, 8, 31) for year in range(self.start_year + 1, self.end_year + 1))


class _Context(NamedTuple):
    period: _Period
    quoted: str  # the text as written, for explanations


_Handler = Callable[[re.Match[str], _Context], _Parsed]


def _make_date(year: int, month: int, day: int | None) -> date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last)
    return date(year, month, day) if 1 <= day <= last else None


def _year(text: str) -> int:
    """A year as written: four digits, or two ("24" is 2024)."""
    return int(text) if len(text) == 4 else 2000 + int(text)


def _month_of(word: str) -> int:
    return _MONTH_NUMBERS[word]


def _undetermined(reason: str) -> _Parsed:
    return _Parsed(DeadlineKind.UNDETERMINED, None, (), f"срок не определён: {reason}")


def _outside(dates: tuple[date, ...], ctx: _Context) -> _Parsed:
    """Dates written with years the period does not have: the text stays, no due date."""
    shown = ", ".join(format_date(d) for d in dates[:3]) + (", …" if len(dates) > 3 else "")
    return _Parsed(
        DeadlineKind.UNDETERMINED, None, (),
        f"срок не определён: дата вне периода ({shown}; период {format_date(ctx.period.start)}"
        f"–{format_date(ctx.period.end)})", True,
    )  # fmt: skip


def _dated(due: date, how: str, ctx: _Context) -> _Parsed:
    if not ctx.period.admits(due):
        return _outside((due,), ctx)
    early = "" if ctx.period.contains(due) else f"; до начала периода {ctx.period.label}"
    return _Parsed(DeadlineKind.DATE, due, (), f"до {format_date(due)} ({how}{early})")


def _recurring(all_dates: tuple[date, ...], how: str, ctx: _Context) -> _Parsed:
    if not all_dates:
        return _undetermined(f"{ctx.quoted} — в периоде {ctx.period.label} нет ни одного срока")
    dates = tuple(d for d in all_dates if ctx.period.admits(d))
    if not dates:
        return _outside(all_dates, ctx)
    dropped = [format_date(d) for d in all_dates if not ctx.period.admits(d)]
    count = len(dates)
    shown = [format_date(d) for d in dates]
    if count > 4:
        shown = [*shown[:2], "…", shown[-1]]
    outside = [format_date(d) for d in dates if not ctx.period.contains(d)]
    note = f"; до начала периода {ctx.period.label}: {', '.join(outside)}" if outside else ""
    if dropped:
        note += f"; не учтены (вне периода): {', '.join(dropped)}"
    word = plural_ru(count, "срок", "срока", "сроков")
    explanation = f"повторяется: {ctx.quoted} — {count} {word} ({how}): {', '.join(shown)}{note}"
    return _Parsed(DeadlineKind.RECURRING, dates[0], dates, explanation)


def _day_in_period(month: int, day: int | None, how: str, ctx: _Context) -> _Parsed:
    """A day without a year (None: the month's last day): its first occurrence in the period."""
    found = ctx.period.first(month, day)
    if found is not None:
        return _dated(found, how, ctx)
    if day is not None and _make_date(2000, month, day) is None:  # 2000 is a leap year
        return _undetermined(f"{ctx.quoted} — такой даты нет")
    return _undetermined(f"{ctx.quoted} — такой даты нет в периоде {ctx.period.label}")


def _explicit_day(year: int, month: int, day: int, how: str, ctx: _Context) -> _Parsed:
    found = _make_date(year, month, day)
    if found is None:
        return _undetermined(f"{ctx.quoted} — такой даты нет")
    return _dated(found, how, ctx)


# Each handler gets a full match of the normalized text (see _normalize).


def _none(_match: re.Match[str], _ctx: _Context) -> _Parsed:
    return _Parsed(DeadlineKind.NONE, None, (), "срок не указан")


def _ongoing(_match: re.Match[str], ctx: _Context) -> _Parsed:
    return _Parsed(DeadlineKind.ONGOING, None, (), f"без срока: {ctx.quoted}")


def _by_arrangement(_match: re.Match[str], ctx: _Context) -> _Parsed:
    return _undetermined(ctx.quoted)


def _ambiguous_year(_match: re.Match[str], ctx: _Context) -> _Parsed:
    return _undetermined(f"{ctx.quoted} — неясно, календарный или учебный год")


def _ambiguous_half(_match: re.Match[str], ctx: _Context) -> _Parsed:
    return _undetermined(f"{ctx.quoted} — неясно, календарное или учебное полугодие")


def _quarterly(_match: re.Match[str], ctx: _Context) -> _Parsed:
    return _recurring(ctx.period.month_ends((3, 6, 9, 12)), "конец каждого квартала", ctx)


def _monthly(_match: re.Match[str], ctx: _Context) -> _Parsed:
    return _recurring(ctx.period.month_ends(tuple(range(1, 13))), "конец каждого месяца", ctx)


def _half_yearly(_match: re.Match[str], ctx: _Context) -> _Parsed:
    return _recurring(ctx.period.month_ends((6, 12)), "30 июня и 31 декабря", ctx)


def _yearly(_match: re.Match[str], ctx: _Context) -> _Parsed:
    return _recurring(ctx.period.academic_year_ends(), "конец каждого учебного года", ctx)


def _yearly_on(match: re.Match[str], ctx: _Context) -> _Parsed:
    """ "Ежегодно (май)", "ежегодно до 10 декабря": that day of every year in the period."""
    when = _month_and_day(match["when"])
    if when is None:
        return _undetermined(f"не удалось распознать «{ctx.quoted}»")
    month, day = when
    if day is not None and _make_date(2000, month, day) is None:
        return _undetermined(f"{ctx.quoted} — такой даты нет")
    how = (
        f"каждый год: конец {MONTHS_GENITIVE[month - 1]}"
        if day is None
        else f"каждый год: {day} {MONTHS_GENITIVE[month - 1]}"
    )
    return _recurring(ctx.period.every(month, day), how, ctx)


def _academic_years(match: re.Match[str], ctx: _Context) -> _Parsed:
    """ "2022-2023 учебный год", "До конца 2024-2025 учебного года", "В течение 2024-2026 …"."""
    first, last = int(match["y1"]), _year(match["y2"])
    if last <= first:
        return _undetermined(f"{ctx.quoted} — годы указаны неверно")
    if last == first + 1 or match["prefix"] in ("до конца", "к концу"):
        return _dated(date(last, 8, 31), f"конец {first}-{last} учебного года", ctx)
    ends = tuple(date(year, 8, 31) for year in range(first + 1, last + 1))
    return _recurring(ends, f"конец каждого учебного года {first}-{last}", ctx)


def _end_of_first_academic_year(_match: re.Match[str], ctx: _Context) -> _Parsed:
    end = ctx.period.academic_year_ends()[0]
    return _dated(end, "конец первого учебного года периода", ctx)


def _numeric_date(match: re.Match[str], ctx: _Context) -> _Parsed:
    day, month = int(match["d"]), int(match["m"])
    if match["y"]:
        return _explicit_day(_year(match["y"]), month, day, "дата указана", ctx)
    if not 1 <= month <= 12:
        return _undetermined(f"{ctx.quoted} — такой даты нет")
    return _day_in_period(month, day, f"первое {day:02d}.{month:02d} в периоде", ctx)


def _day_month(match: re.Match[str], ctx: _Context) -> _Parsed:
    day, month = int(match["d"]), _month_of(match["m"])
    what = f"{day} {MONTHS_GENITIVE[month - 1]}"
    if match["y"]:
        return _explicit_day(int(match["y"]), month, day, f"{what} {match['y']}", ctx)
    return _day_in_period(month, day, f"первое {what} в периоде", ctx)


def _month_end(match: re.Match[str], ctx: _Context) -> _Parsed:
    """ "Май 2025", "До конца октября", "август": the month's last day."""
    month = _month_of(match["m"])
    what = f"конец {MONTHS_GENITIVE[month - 1]}"
    if match["y"]:
        year = int(match["y"])
        return _dated(date(year, month, calendar.monthrange(year, month)[1]), f"{what} {year}", ctx)
    first = f"первый {_MONTHS_NOMINATIVE[month - 1]} в периоде"
    return _day_in_period(month, None, f"{what}, {first}", ctx)


def _before_month(match: re.Match[str], ctx: _Context) -> _Parsed:
    """ "До октября 2024": the last day before that month begins."""
    month = _month_of(match["m"])
    before = 12 if month == 1 else month - 1
    what = f"до {MONTHS_GENITIVE[month - 1]}"
    last_day = f"последний день {MONTHS_GENITIVE[before - 1]}"
    if match["y"]:
        year = int(match["y"]) - (1 if month == 1 else 0)
        due = date(year, before, calendar.monthrange(year, before)[1])
        return _dated(due, f"{what} {match['y']}: {last_day}", ctx)
    return _day_in_period(before, None, f"{what}: {last_day}, первый в периоде", ctx)


def _month_range(match: re.Match[str], ctx: _Context) -> _Parsed:
    """ "ноябрь-декабрь 2022", "декабрь 2022 – январь 2023": the end of the range."""
    m1, m2 = _month_of(match["m1"]), _month_of(match["m2"])
    y1 = int(match["y1"]) if match["y1"] else None
    y2 = int(match["y2"]) if match["y2"] else None
    if y2 is None:
        if y1 is None:
            start = ctx.period.first(m1, 1)
            if start is None:  # every month has a 1st in a period of whole years
                return _undetermined(f"не удалось распознать «{ctx.quoted}»")
            y1 = start.year
        y2 = y1 if m2 >= m1 else y1 + 1
    elif y1 is not None and (y1, m1) > (y2, m2):
        return _undetermined(f"{ctx.quoted} — начало позже конца")
    end = date(y2, m2, calendar.monthrange(y2, m2)[1])
    return _dated(end, f"конец диапазона: {_MONTHS_NOMINATIVE[m2 - 1]} {y2}", ctx)


def _day_range(match: re.Match[str], ctx: _Context) -> _Parsed:
    """ "1-10 декабря", "с 25 ноября по 5 декабря 2025": the last day of the range."""
    return _day_month(match, ctx)


def _date_range(match: re.Match[str], ctx: _Context) -> _Parsed:
    """ "01.09.2024-31.05.2025": the second date."""
    return _explicit_day(
        _year(match["y"]), int(match["m"]), int(match["d"]), "конец диапазона", ctx
    )


def _month_every_year(match: re.Match[str], ctx: _Context) -> _Parsed:
    """ "Май 2025-2026", "Август 2024-2026г.": that month of each year of the range."""
    month = _month_of(match["m"])
    first, last = int(match["y1"]), _year(match["y2"])
    if not first < last <= first + 10:
        return _undetermined(f"{ctx.quoted} — годы указаны неверно")
    ends = tuple(
        date(year, month, calendar.monthrange(year, month)[1]) for year in range(first, last + 1)
    )
    how = f"конец {MONTHS_GENITIVE[month - 1]} каждого года {first}-{last}"
    return _recurring(ends, how, ctx)


def _calendar_year(match: re.Match[str], ctx: _Context) -> _Parsed:
    year = int(match["y"])
    return _dated(date(year, 12, 31), f"конец {year} года", ctx)


def _quarter(match: re.Match[str], ctx: _Context) -> _Parsed:
    number = _QUARTER_NUMBERS[match["q"]]
    name = f"{_QUARTER_NAMES[number - 1]} квартала"
    if match["y"]:
        year = int(match["y"])
        end = date(year, number * 3, calendar.monthrange(year, number * 3)[1])
        return _dated(end, f"конец {name} {year}", ctx)
    return _day_in_period(number * 3, None, f"конец {name}, первого в периоде", ctx)


_D = r"(?P<d>\d{1,2})"
_Y = r"(?P<y>\d{4})"
_BY = r"(?:(?:до|не позднее|к|по|в срок до)\s)?"  # "до 10 декабря", "не позднее 01.10"
_MONTH_PREFIX = r"(?:(?:в|в течение)\s)?"
_M = rf"(?P<m>{_MONTH})"
_OPTIONAL_Y = rf"(?:\s{_Y})?"

# The rules, tried in order; the first whose pattern matches the whole normalized text wins.
_RULES: tuple[tuple[str, _Handler], ...] = (
    (r"-*", _none),
    # Every year: before "в течение всего …" (ongoing) catches "в течение всего учебного года".
    (
        r"(?:ежегодно|каждый год|(?:1 |один )?раз в год),?\s*(?P<when>\S.*)",
        _yearly_on,
    ),
    (
        r"ежегодно|каждый год|(?:1 |один )?раз в год"
        r"|в течение (?:всего |каждого )?(?:учебного )?года",
        _yearly,
    ),
    (
        r"постоянно|регулярно|систематически|еженедельно|в течение всего\b.*"
        r"|на протяжении всего\b.*|(?:в течение )?(?:всего )?периода реализации\b.*"
        r"|весь период\b.*",
        _ongoing,
    ),
    (
        r"(?:по (?:отдельному |утвержденному |особому )?(?:графику|плану)"
        r"|по мере (?:необходимости|поступления)|при необходимости|по запросу"
        r"|по согласованию|по приглашению|по итогам)\b.*",
        _by_arrangement,
    ),
    (r"(?:до конца|к концу|в конце|конец|в течение)\s(?:текущего\s)?года", _ambiguous_year),
    (
        r"(?:(?:в|до конца|к концу)\s)?(?:i|ii|1|2|первое|второе)(?:-?е)?\s?"
        r"полугоди[еяи](?:\s\d{4})?",
        _ambiguous_half,
    ),
    (
        r"(?:(?:1|один) )?раз в квартал|ежеквартально|поквартально|каждый квартал",
        _quarterly,
    ),
    (r"(?:(?:1|один) )?раз в месяц|ежемесячно|каждый месяц", _monthly),
    (
        r"(?:(?:1|один) )?раз в (?:полугодие|полгода)|ежеполугодно|каждое полугодие"
        r"|по полугодиям",
        _half_yearly,
    ),
    (
        r"(?:(?P<prefix>до конца|к концу|в течение|в|на)\s)?(?P<y1>\d{4})-(?P<y2>\d{4}|\d{2})\s"
        r"(?:учебн(?:ый|ого|ом|ые|ых)\s(?:год|года|году|годы|годов|годах)|уч\.?\s?г(?:од)?)",
        _academic_years,
    ),
    (
        r"(?:до конца|к концу|в конце|конец)\s(?:текущего\s)?учебного года",
        _end_of_first_academic_year,
    ),
    (
        r"(?:(?:с\s)?\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))-(?:по\s)?"
        r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})",
        _date_range,
    ),
    (rf"{_BY}{_D}\.(?P<m>\d{{1,2}})(?:\.(?P<y>\d{{4}}|\d{{2}}))?", _numeric_date),
    (rf"(?:с\s)?\d{{1,2}}(?:\s{_MONTH})?(?:-|\sпо\s){_D}\s{_M}{_OPTIONAL_Y}", _day_range),
    (rf"{_BY}{_D}\s{_M}{_OPTIONAL_Y}", _day_month),
    (rf"(?:до конца|к концу|в конце|конец|до окончания)\s{_M}{_OPTIONAL_Y}", _month_end),
    (rf"до\s{_M}{_OPTIONAL_Y}", _before_month),
    (rf"{_MONTH_PREFIX}{_M}\s(?P<y1>\d{{4}})-(?P<y2>\d{{4}}|\d{{2}})", _month_every_year),
    (
        rf"(?:с\s)?(?P<m1>{_MONTH})(?:\s(?P<y1>\d{{4}}))?(?:-|\sпо\s)"
        rf"(?P<m2>{_MONTH})(?:\s(?P<y2>\d{{4}}))?",
        _month_range,
    ),
    (rf"{_MONTH_PREFIX}{_M}{_OPTIONAL_Y}", _month_end),
    (
        r"(?:(?:в|до конца|к концу|в конце|в течение)\s)?(?P<q>iv|iii|ii|i|[1-4])"
        rf"(?:-?(?:й|ый|ой))?\sквартал(?:а|е)?{_OPTIONAL_Y}",
        _quarter,
    ),
    (rf"(?:(?:в|до конца|к концу|в конце|в течение)\s)?{_Y}", _calendar_year),
)
_COMPILED = tuple((re.compile(pattern), handler) for pattern, handler in _RULES)

_MONTH_AND_DAY = (
    re.compile(rf"(?:(?:в|до конца|к концу|в конце|конец)\s)?{_M}"),
    re.compile(rf"{_BY}{_D}\s{_M}"),
    re.compile(rf"{_BY}{_D}\.(?P<mm>\d{{1,2}})"),
)


def _month_and_day(text: str) -> tuple[int, int | None] | None:
    """A yearless "май", "в мае", "до 10 декабря", "до 10.12" (day None: the month's end)."""
    text = text.strip().strip("()").strip()
    for pattern in _MONTH_AND_DAY:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("mm"):
            month = int(groups["mm"])
            return (month, int(groups["d"])) if 1 <= month <= 12 else None
        day = int(groups["d"]) if groups.get("d") else None
        return _month_of(groups["m"]), day
    return None


_DASHES = re.compile(rf"\s*{DASH_CLASS}\s*")
_YEAR_WORD = re.compile(r"(\d{4})\s*(?:гг|годы|годах|годов|года|году|год|г)\.?(?![а-я])")
_REMARK = re.compile(r"(?P<main>.+?)\s*\((?P<remark>[^()]*)\)")
_NEUTRAL_REMARK = re.compile(r"(?:согласно|в соответствии с|см\.?)\s[^\d]*")


def _normalize(text: str) -> str:
    """Lower case, one space, one kind of dash, no "г."/"года" after a year, no end dot."""
    cleaned = " ".join(text.split()).casefold().replace("ё", "е")
    cleaned = _DASHES.sub("-", cleaned)
    cleaned = _YEAR_WORD.sub(r"\1", cleaned)
    return cleaned.strip(" .,;")


def _quote(text: str) -> str:
    """The text as written for an explanation: one space, a capital first letter lowered
    unless the word is an abbreviation ("По отдельному графику" → "по отдельному графику")."""
    cleaned = " ".join(text.split()).rstrip(" .,;")
    if len(cleaned) > 1 and cleaned[0].isupper() and not cleaned[1].isupper():
        cleaned = cleaned[0].lower() + cleaned[1:]
    return cleaned


def _apply_rules(normalized: str, ctx: _Context) -> _Parsed | None:
    for pattern, handler in _COMPILED:
        match = pattern.fullmatch(normalized)
        if match is not None:
            return handler(match, ctx)
    return None


def parse_deadline(text: str, start_year: int, end_year: int) -> Deadline:
    """What a deadline written as text means in the period 01.09.start_year–31.08.end_year.

    A date without a year is its first occurrence in the period ("до 10 декабря" in
    2025-2027 is 10.12.2025); a date with a year is that date when it lies in the period
    or in the August just before it (preparations; the explanation says "вне периода"),
    and no due date at all otherwise (`outside_period`): «Май 2025» or «Май 2026» of a
    template for 2024-2026 means nothing in a roadmap for 2026-2028, and would make it
    overdue on its first day. Recurring dates written with years keep the occurrences in
    the period. Recurring deadlines ("1 раз в квартал", "ежегодно", "в течение
    года" = by the end of each academic year) list their occurrences. "Постоянно", "в
    течение всего периода" have no due date; neither has text that is unknown or ambiguous.
    """
    if end_year <= start_year:
        raise ValueError(
            f"Период дорожной карты {start_year}-{end_year}: "
            "год окончания должен быть больше года начала"
        )
    ctx = _Context(_Period(start_year, end_year), _quote(text))
    normalized = _normalize(text)
    parsed = _apply_rules(normalized, ctx)
    remark = _REMARK.fullmatch(normalized)
    if parsed is None and remark and _NEUTRAL_REMARK.fullmatch(remark["remark"]):
        # "до 25 мая 2021 (согласно периоду взаимодействия)": a reference, not another
        # date; any other remark ("или позже", "по графику") may change it and stays text.
        parsed = _apply_rules(remark["main"], ctx)
        if parsed is not None and parsed.kind in (DeadlineKind.DATE, DeadlineKind.RECURRING):
            note = f"; примечание: {remark['remark']}"
            explanation = (
                parsed.explanation[:-1] + note + ")"
                if parsed.kind is DeadlineKind.DATE
                else parsed.explanation + note
            )
            parsed = parsed._replace(explanation=explanation)
    if parsed is None:
        parsed = _undetermined(f"не удалось распознать «{ctx.quoted}»")
    return Deadline(
        text, parsed.due, parsed.occurrences, parsed.explanation, parsed.kind,
        parsed.outside_period,
    )  # fmt: skip


_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def written_dates(text: str) -> tuple[date, ...]:
    """The dates a deadline writes with their years («Май 2025» → 31.05.2025); () if none."""
    years = [int(year) for year in _FOUR_DIGIT_YEAR.findall(text)]
    if not years:
        return ()
    deadline = parse_deadline(text, min(years) - 1, max(years) + 1)
    return deadline.occurrences or ((deadline.due,) if deadline.due else ())
