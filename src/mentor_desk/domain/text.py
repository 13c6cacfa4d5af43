"""Russian text helpers shared by every layer: plurals, name forms, dashes, search keys.

The product is Russian-only: its wording lives in Russian in the code, and the helpers
every layer needs for it are here once (dates as words and numbers: domain/dates.py).
"""

from __future__ import annotations

# Every dash a typed or imported text may carry where a plain hyphen is meant: hyphen-minus
# (first, so that f"[{DASHES}]" is a valid regex class), hyphen, non-breaking hyphen,
# figure dash, en dash, em dash, horizontal bar, minus sign.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH_CLASS = f"[{DASHES}]"


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """Pick the Russian plural form: 1 пара, 2 пары, 5 пар, 21 пара, 11 пар."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count_ru(n: int, one: str, few: str, many: str) -> str:
    """`5 участников`: the number followed by the right plural form."""
    return f"{n} {plural_ru(n, one, few, many)}"


def years_ru(n: int) -> str:
    return count_ru(n, "год", "года", "лет")


def fold(text: str) -> str:
    """Case- and ё-insensitive key: curators type "Семенов" for "Семёнов"."""
    return " ".join(text.casefold().replace("ё", "е").split())


def person_order(last: str, first: str, middle: str | None, pid: int) -> tuple[str, str, str, int]:
    """The order of people in lists: by folded surname, name, patronymic, then id, so
    «Ёлкина» comes between «Елизарова» and «Жукова» (SQLite orders by code point and puts
    every «Ё» before «А»; storage.names.name_key orders SQL the same way as this)."""
    return (fold(last), fold(first), fold(middle or ""), pid)


def full_name(last: str, first: str, middle: str | None) -> str:
    return " ".join(part for part in (last, first, middle or "") if part)


def short_name(last: str, first: str, middle: str | None) -> str:
    """ "Фамилия И.О." as orders and lists print it."""
    initials = "".join(f"{part[0]}." for part in (first, middle or "") if part)
    return f"{last} {initials}".strip()


def split_full_name(text: str) -> tuple[str, str, str]:
    """ "Иванов Иван Иванович" → (last, first, middle); extra spaces dropped, case kept.

    Words after the first name are the patronymic: "Алиев Рашид Маммад оглы" has the
    two-word patronymic "Маммад оглы".
    """
    words = text.split()
    return (
        words[0] if words else "",
        words[1] if len(words) > 1 else "",
        " ".join(words[2:]),
    )
