"""Names and places as the documents print them: «Фамилия И.О.», «И.О. Фамилия», «г. Завитинск»."""

from __future__ import annotations

import re

from mentor_desk.domain.participants import Category
from mentor_desk.queries.profile import SchoolProfile
from mentor_desk.services.documents.registry import NO_CURATOR, DocumentError


def _name_parts(full: str) -> tuple[str, list[str]]:
    """(surname, up to two initials) of «Фамилия Имя Отчество», «Фамилия И.О.», «И.О. Фамилия»."""
    words = full.replace(".", ". ").split()
    if not words:
        return "", []
    if words[0].endswith(".") and not words[-1].endswith("."):
        last, given = words[-1], words[:-1]
    else:
        last, given = words[0], words[1:]
    # "Рашид Маммад оглы": the patronymic may be two words; only its first gives a letter.
    return last, [word[0] for word in given][:2]


def last_initials(full: str) -> str:
    """«Фамилия И.О.», however the name was typed (in full or already with initials)."""
    last, initials = _name_parts(full)
    return f"{last} {''.join(f'{i}.' for i in initials)}".strip()


def initials_last(full: str) -> str:
    """«И.О. Фамилия», as the signature line prints the director."""
    last, initials = _name_parts(full)
    return f"{''.join(f'{i}.' for i in initials)} {last}".strip()


def name_and_position(line: str) -> tuple[str, str]:
    """A profile line «ФИО, должность» → («Фамилия И.О.», «должность»)."""
    name, _, position = line.partition(",")
    return last_initials(name), " ".join(position.split())


def role_of(category: Category, class_name: str, position: str, organization: str) -> str:
    """The class («7Б») of a student, the position of staff, else what the person is."""
    if category is Category.STUDENT:
        return class_name
    if category in (Category.TEACHER, Category.HEAD):
        return position or category.label
    return ", ".join(part for part in (position or category.label, organization) if part)


def curator_of(profile: SchoolProfile, curator: str | None) -> tuple[str, str]:
    line = curator if curator is not None else first_line(profile.curators)
    name, position = name_and_position(line)
    if not name:
        raise DocumentError(NO_CURATOR)
    return name, position


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


# A settlement in an address: «г. Завитинск», «с. Антоновка», «пгт Архара», «р.п. Прогресс»,
# «ст-ца Ленинградская», «город Завитинск», «посёлок Новый»; the name after the kind starts
# with a capital letter, so «д. 3» (дом) and «с. 2» (строение) are not taken for one.
_SETTLEMENT_KINDS = (
    "рабочий посёлок", "рабочий поселок", "посёлок городского типа", "поселок городского типа",
    "город", "село", "посёлок", "поселок", "деревня", "станица", "хутор", "слобода", "аул",
    "ст-ца", "р. п", "р.п", "пгт", "пос", "гор", "дер", "рп", "кп", "дп", "сл", "г", "с", "п",
    "д", "х",
)  # fmt: skip
_SETTLEMENT = re.compile(
    rf"^(?P<kind>(?i:{'|'.join(re.escape(kind) for kind in _SETTLEMENT_KINDS)}))"
    r"(?:(?P<dot>\.)\s*|\s+)(?P<name>[А-ЯЁ].*)$"
)


def settlement(address: str) -> str:
    """The settlement of an address («676870, Амурская обл., г. Завитинск, ул. Куйбышева,
    д. 3» → «г. Завитинск»): the first part between commas that starts with a kind of
    settlement and a name; "" when there is none."""
    for part in address.split(","):
        found = _SETTLEMENT.match(" ".join(part.split()))
        if found:
            return f"{found['kind']}{found['dot'] or ''} {found['name']}"
    return ""


def place_of(profile: SchoolProfile) -> str:
    """Where the school's documents are made, as orders print it under the title: the
    settlement of the school's address («г. Завитинск»), else the municipality."""
    return settlement(profile.address) or " ".join(profile.municipality.split())


def place_or_default(profile: SchoolProfile, place: str | None) -> str:
    return " ".join(place.split()) if place is not None else place_of(profile)
