"""Russian typesetting ties: non-breaking spaces where a line must not break.

Both renderers pass every text through tie(), so «Кравченко Е.В.», «№ 45-о», «2026 г.»,
«15 ноября» and «г. Завитинск» never break across lines, and a one- or two-letter
preposition never hangs at a line's end. The hyphen of a document's number («№ 45-о»,
«№ АЗ-1128/08») becomes a non-breaking one (U+2011): the DOCX writes it as Word's
w:noBreakHyphen; the PDF, whose font has no such glyph, prints a hyphen (reportlab breaks
a word at a hyphen only when it is all letters, and «№ 45-о» is tied to its «№»). A
hyphen elsewhere («педагог-организатор») is a place to break a line in a narrow column.
"""

from __future__ import annotations

import re

from mentor_desk.domain.dates import MONTHS_GENITIVE

NBSP = "\u00a0"
NBHY = "\u2011"  # non-breaking hyphen

_MONTHS = "|".join(MONTHS_GENITIVE)
_RULES = (
    # surname + initials: «Кравченко Е.В.» (a surname is a capitalised word: «директора
    # Т.А. Доля» ties the initials to «Доля», below)
    (
        re.compile(
            r"(?<![\w\-\u2011])([А-ЯЁA-Z][А-ЯЁа-яёA-Za-z\-]*[А-ЯЁа-яёA-Za-z]) (?=[А-ЯЁA-Z]\.)"
        ),
        r"\1" + NBSP,
    ),
    # initials + surname: «Т.А. Доля», unless the initials already follow their surname:
    # «Николаева О.А. Яковенко О.Н.» is two names, tied as two, free to break between
    # them (one unbreakable run would be split inside a surname by a narrow column)
    (re.compile(r"(?<![\w.\u00a0])((?:[А-ЯЁA-Z]\.){1,3}) (?=[А-ЯЁA-Z][а-яёa-z])"), r"\1" + NBSP),
    # «№ 45-о», «2026 г.», «15 ноября», «г. Завитинск», «им. А.С. Пушкина»
    (re.compile(r"№ (?=\S)"), "№" + NBSP),
    # the number itself stays whole: «№ АЗ-1128/08», «№ 45-о»
    (re.compile(r"(?<=№\u00a0)\S+"), lambda found: found[0].replace("-", NBHY)),
    (re.compile(r"(?<=\d) (?=гг?\.)"), NBSP),
    (re.compile(rf"(?<=\d) (?=(?:{_MONTHS})\b)"), NBSP),
    (re.compile(r"(?<![\w.])((?:г|им|ул|пос|с|д)\.) (?=\S)"), r"\1" + NBSP),
    # a short word stays with the next one: «в целях», «с 1 декабря», «по 31 мая»
    (re.compile(r"(?<![\w\-.\u2011])([А-ЯЁа-яё]{1,2}) (?=\S)"), r"\1" + NBSP),
    # a dash is not the first thing on a line: «учитель – ученик»
    (re.compile(r" (?=[–—] )"), NBSP),
)


# C0 control characters other than tab and line feed: XML (DOCX) has no place for them
# and a PDF would show them as boxes. They come from pasted text, never on purpose.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BREAKS = re.compile(r"[\x0b\x0c]")  # vertical tab, form feed: Word's line and page breaks


def tie(text: str) -> str:
    """The text with non-breaking spaces where Russian typesetting wants them, and
    without control characters."""
    text = _BREAKS.sub(" ", _CONTROL.sub("", text))
    if " " not in text:
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def untie(text: str) -> str:
    """Back to ordinary spaces and hyphens, e.g. to compare extracted text with what was
    typed."""
    return text.replace(NBSP, " ").replace(NBHY, "-")
