"""Consent forms to the processing of personal data (152-ФЗ, статья 9), one per person.

Since 01.09.2025 (156-ФЗ) a consent is a document of its own, apart from any other
document the person signs: so a form holds one person's consent and nothing else, and a
batch of forms is one Document with a page break before each, so that one print job
gives every person a form on their own sheet(s).

Two variants: an adult's own consent, and a legal representative's consent for a minor
(the representative gives it; the minor is the subject). The register fills in what it
knows (names, the birth date, the school as the operator with its address) and the form
leaves lines for the rest: the identity document, the address, the representative's
authority, the date and the signature. The text has what part 4 of article 9 requires:
the subject (and representative), the operator, the purpose, the data, the actions and
the ways of processing, the term, how to withdraw, the signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from mentor_desk.documents import layout
from mentor_desk.documents.blocks import (
    Block,
    Document,
    Lines,
    Numbered,
    PageBreak,
    Paragraph,
    Signature,
    Spacer,
)
from mentor_desk.documents.orders import BLANK_DATE
from mentor_desk.documents.pdf import FONT_NAMES, register_fonts
from mentor_desk.documents.typography import NBHY, NBSP, tie
from mentor_desk.domain.dates import format_date, full_years_between
from mentor_desk.domain.participants import ADULT_AGE
from mentor_desk.domain.text import split_full_name

LAW = "Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»"
LAW_SHORT = "Федерального закона № 152-ФЗ"

TITLE = "СОГЛАСИЕ"
SUBTITLE = "на обработку персональных данных"
SUBTITLE_ADULT = "участника программы наставничества"
SUBTITLE_MINOR = "несовершеннолетнего участника программы наставничества"

# A blank stops this short of the right margin: Word and LibreOffice set a line a hair
# differently from reportlab, and a blank that does not fit would wrap on its own.
_BLANK_SLACK_MM = 3.0
_UNDERSCORE = "_"

# The conditions, numbered as part 4 of article 9 lists them: purpose, data, actions and
# ways, term, withdrawal. Short enough for one A4 page at the body size.
PURPOSE = (
    "Цель обработки: {participation} в программе наставничества Оператора (учёт "
    "участников, формирование наставнических пар и групп, приказы, мониторинг и "
    "отчётность о реализации программы)."
)
DATA_ADULT = (
    "Персональные данные: фамилия, имя, отчество; дата рождения; класс или должность, "
    "предмет, стаж работы; место учёбы или работы; телефон, адрес электронной почты; "
    "сведения об участии в программе (роль, форма наставничества, запросы и компетенции, "
    "персонализированная программа, результаты анкетирования и мониторинга)."
)
DATA_MINOR = (
    "Персональные данные ребёнка: фамилия, имя, отчество; дата рождения; класс; телефон, "
    "адрес электронной почты; сведения об участии в программе (роль, форма наставничества, "
    "запросы и интересы, персонализированная программа, результаты анкетирования "
    "и мониторинга)."
)
ACTIONS = (
    "Действия с данными: сбор, запись, систематизация, накопление, хранение, уточнение, "
    "извлечение, использование, передача органу управления образованием муниципального "
    "образования в составе отчётности о программе, обезличивание, блокирование, удаление, "
    "уничтожение; обработка смешанная (с использованием средств автоматизации и без них)."
)
TERM = (
    "Срок действия: до окончания {participation_gen} в программе наставничества или "
    "до отзыва согласия; затем данные уничтожаются или обезличиваются, кроме сведений "
    "в документах, хранимых по законодательству об архивном деле."
)
WITHDRAWAL = (
    "Согласие отзывается письменным заявлением Оператору; обработка прекращается, данные "
    "уничтожаются в срок, не превышающий 30 дней с даты поступления отзыва, если иное "
    f"не предусмотрено федеральным законом (часть 5 статьи 21 {LAW_SHORT})."
)
CLOSING = (
    "Согласие дано свободно, своей волей и в {interest}, оформлено отдельным документом. "
    f"Права субъекта персональных данных (глава 3 {LAW_SHORT}) мне разъяснены."
)


@dataclass(frozen=True)
class ConsentForm:
    """One person's consent form.

    person_name: «Фамилия Имя Отчество» of the subject (the child, for a minor);
    representative_name: the legal representative's full name for a minor (None: a line
    to write it on; ignored for an adult); today: the day the form is printed, against
    which the birth date is checked (a minor never gets an adult's form).
    """

    org_full_name: str
    org_address: str
    person_name: str
    birth_date: date | None
    representative_name: str | None
    minor: bool
    today: date


def consent_forms(forms: Sequence[ConsentForm]) -> Document:
    """Every form, each starting on a new page: one print job, one form per person."""
    if not forms:
        raise ValueError("no consent forms to print")
    blocks: list[Block] = []
    for index, form in enumerate(forms):
        if index:
            blocks.append(PageBreak())
        blocks.extend(consent_blocks(form))
    first = forms[0]
    title = (
        _document_title(first)
        if len(forms) == 1
        else f"Согласия на обработку персональных данных ({len(forms)})"
    )
    return Document(
        blocks=blocks,
        title=title,
        author=" ".join(first.org_full_name.split()),
        page_numbers=False,  # each form is a document of its own, one sheet
    )


def consent_form(form: ConsentForm) -> Document:
    """One person's form as a document of its own."""
    return consent_forms([form])


def consent_blocks(form: ConsentForm) -> list[Block]:
    """The blocks of one form: the title, the filled and blank lines, the conditions, the
    date and the signature."""
    _check(form)
    participation = "участие ребёнка" if form.minor else "моё участие"
    participation_gen = "участия ребёнка" if form.minor else "моего участия"
    address = " ".join(form.org_address.split()) or "_" * 30
    whose = "персональных данных ребёнка" if form.minor else "моих персональных данных"
    operator = (
        f"в соответствии со статьёй 9 {LAW} даю согласие оператору — "
        f"{' '.join(form.org_full_name.split())} (далее — Оператор), адрес: {address}, — "
        f"на обработку {whose} на следующих условиях:"
    )
    interest = "интересах ребёнка" if form.minor else "своём интересе"
    blocks: list[Block] = [
        Lines([TITLE, SUBTITLE, SUBTITLE_MINOR if form.minor else SUBTITLE_ADULT], bold=True),
        Spacer(3),
    ]
    blocks += _minor_lines(form) if form.minor else _adult_lines(form)
    blocks += [
        Paragraph(operator, indent=False),
        Numbered(
            [
                PURPOSE.format(participation=participation),
                DATA_MINOR if form.minor else DATA_ADULT,
                ACTIONS,
                TERM.format(participation_gen=participation_gen),
                WITHDRAWAL,
            ]
        ),
        Paragraph(CLOSING.format(interest=interest)),
        Signature(BLANK_DATE, _signer(form)),
    ]
    return blocks


def _adult_lines(form: ConsentForm) -> list[Block]:
    name = " ".join(form.person_name.split())
    return [_field(f"Я, {name}, {_born(form.birth_date)},"), *_identity_lines()]


def _minor_lines(form: ConsentForm) -> list[Block]:
    representative = " ".join((form.representative_name or "").split())
    child = " ".join(form.person_name.split())
    return [
        _field(f"Я, {representative}," if representative else _blank("Я, ", ",")),
        *_identity_lines(),
        _field(
            f"являясь законным представителем несовершеннолетнего: {child.replace(' ', NBSP)}, "
            f"{_born(form.birth_date)},"
        ),
        _field(_blank("адрес места жительства ребёнка: ", ",")),
        _field(_blank("документ, подтверждающий полномочия законного представителя: ")),
        _field(_blank("", ",")),
    ]


def _identity_lines() -> list[Block]:
    return [
        _field("паспорт: серия ______ № __________, выдан «____» ____________ ______ г.,"),
        _field(_blank("кем выдан: ", ",")),
        _field(_blank("адрес регистрации: ", ",")),
    ]


def _born(value: date | None) -> str:
    shown = format_date(value) if value else "«____» ____________ ______ г."
    return f"дата рождения{NBSP}{shown}"


def _field(text: str) -> Paragraph:
    return Paragraph(text, indent=False, align="left")


def _signer(form: ConsentForm) -> str:
    """«И.О. Фамилия» of whoever signs: the adult, or the named legal representative."""
    name = form.representative_name if form.minor else form.person_name
    last, first, middle = split_full_name(name or "")
    if not last:
        return f"/{'_' * 14}/"  # the name is written by hand, after the signature
    initials = "".join(f"{part[0]}." for part in (first, middle) if part)
    return f"{initials} {last}".strip()


def _check(form: ConsentForm) -> None:
    if form.birth_date is None or form.minor:
        return
    if full_years_between(form.birth_date, form.today) < ADULT_AGE:
        raise ValueError(
            f"{form.person_name}: младше {ADULT_AGE} лет, согласие даёт законный представитель"
        )


def _document_title(form: ConsentForm) -> str:
    return f"Согласие на обработку персональных данных: {' '.join(form.person_name.split())}"


def _blank(prefix: str, suffix: str = "") -> str:
    """prefix, then a line of underscores to the right margin, then suffix."""
    room = _text_width_pt() - _width(prefix) - _width(suffix)
    count = max(int(room // _width(_UNDERSCORE)), 4)
    return f"{prefix}{_UNDERSCORE * count}{suffix}"


@cache
def _text_width_pt() -> float:
    return (layout.text_width_mm() - _BLANK_SLACK_MM) * float(mm)


def _width(text: str) -> float:
    register_fonts()
    shown = tie(text).replace(NBHY, "-")  # as the PDF prints it (pdf._tied)
    width: float = stringWidth(shown, FONT_NAMES["regular"], layout.BODY_SIZE_PT)
    return width
