"""Names and vocabulary data of the demo school: resources/demo/names.json, topics, groups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from mentor_desk.paths import resource

# Class letters in the order schools use them (no Ё, Й, Ъ, Ы, Ь, Щ).
CLASS_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
CLASS_SIZE = 25
YOUNG_NAMES_FROM = 1995  # young_only names are given from this birth year, adult_only before

PRIMARY_SUBJECT = "начальные классы"
SUBJECT_TEACHER = "учитель"
PRIMARY_TEACHER = "учитель начальных классов"
ADVISER = "советник директора по воспитанию"


# Terms by name; a list edited away from the defaults falls back to the whole list.
STUDENT_GROUPS = (
    "одарённые",
    "с организаторскими способностями",
    "с неудовлетворительными образовательными результатами",
    "с ОВЗ",
    "в трудной жизненной ситуации",
    "с проблемами поведения",
)
YOUNG_GROUP = "молодые специалисты"
INTERN_GROUP = "студенты-стажёры"
TEACHER_GROUPS = (
    "педагоги в адаптации на новом месте",
    "после длительного перерыва",
    "желающие овладеть ИКТ",
    "в состоянии выгорания",
)
GIA = "подготовка к ГИА"
PRIMARY_REQUESTS = (
    "адаптация в коллективе",
    "предметная подготовка",
    "внеурочная деятельность",
    "дополнительное образование",
)
STUDENT_REQUESTS = (
    "предметная подготовка",
    "олимпиады",
    "профориентация",
    "проектная деятельность",
    "адаптация в коллективе",
    "цифровые навыки",
    "исследовательская деятельность",
    "внеурочная деятельность",
    "дополнительное образование",
    "лидерство и самоуправление",
)
STUDENT_MENTOR_TOPICS = (
    "предметная подготовка",
    "олимпиады",
    "проектная деятельность",
    "цифровые навыки",
    "лидерство и самоуправление",
    "внеурочная деятельность",
    "адаптация в коллективе",
    GIA,
)
TEACHER_REQUESTS = (
    "методика преподавания",
    "работа с родителями",
    "адаптация в коллективе",
    "воспитательная работа",
    "цифровые навыки",
)
HEAD_TOPICS = (
    "методика преподавания",
    "воспитательная работа",
    "работа с родителями",
    "адаптация в коллективе",
    "лидерство и самоуправление",
)
OUTSIDE_TOPICS = (
    "профориентация",
    "проектная деятельность",
    "исследовательская деятельность",
    "дополнительное образование",
    "лидерство и самоуправление",
    "цифровые навыки",
)
GRADUATE_TOPICS = (
    "профориентация",
    GIA,
    "олимпиады",
    "проектная деятельность",
    "цифровые навыки",
    "лидерство и самоуправление",
)
PARENT_TOPICS = ("профориентация", "дополнительное образование", "внеурочная деятельность")

# Russian letters in Latin for demo e-mail logins (ъ and ь are dropped).
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
})  # fmt: skip


def female_surname(male: str) -> str:
    """The woman's form of a surname given in the man's form.

    -ов/-ев/-ёв/-ин/-ын take -а (Семёнов → Семёнова, Ильин → Ильина); -ский/-цкий become
    -ская/-цкая; adjectival -ой becomes -ая (Толстой → Толстая, but short Цой stays);
    everything else does not change (Шевченко, Ким, Черных, Мельник).
    """
    if male.endswith(("ский", "цкий")):
        return male[:-2] + "ая"
    if male.endswith("ой") and len(male) >= 5:
        return male[:-2] + "ая"
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    return male


def latin(text: str) -> str:
    return text.lower().translate(_TRANSLIT).replace("-", "")


@dataclass(frozen=True)
class DemoNames:
    """resources/demo/names.json, read once."""

    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    adult_only: frozenset[str]
    young_only: frozenset[str]
    surnames: tuple[str, ...]
    patronymics: dict[str, tuple[str, str]]
    subjects: tuple[str, ...]
    subject_weights: tuple[int, ...]
    teacher_positions: tuple[str, ...]
    head_positions: tuple[str, ...]
    partners: tuple[tuple[str, tuple[str, ...]], ...]
    universities: tuple[str, ...]
    school: dict[str, str]
    email_domains: tuple[str, ...]


@lru_cache(maxsize=1)
def load_names() -> DemoNames:
    raw: dict[str, Any] = json.loads(resource("demo", "names.json").read_text(encoding="utf-8"))
    subjects: dict[str, int] = raw["subjects"]
    return DemoNames(
        male_first=tuple(raw["male_first_names"]),
        female_first=tuple(raw["female_first_names"]),
        adult_only=frozenset(raw["adult_only_first_names"]),
        young_only=frozenset(raw["young_only_first_names"]),
        surnames=tuple(raw["surnames"]),
        patronymics={k: (v[0], v[1]) for k, v in raw["patronymics"].items()},
        subjects=tuple(subjects),
        subject_weights=tuple(subjects.values()),
        teacher_positions=tuple(raw["teacher_positions"]),
        head_positions=tuple(raw["head_positions"]),
        partners=tuple((p["name"], tuple(p["positions"])) for p in raw["partner_organizations"]),
        universities=tuple(raw["universities"]),
        school=dict(raw["school"]),
        email_domains=tuple(raw["email_domains"]),
    )


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def grade_sizes(students: int) -> list[int]:
    """Students per grade 1…11: primary a little bigger, 10–11 about half (largest remainder)."""
    weights = [1.1] * 4 + [1.0] * 5 + [0.55] * 2
    total = sum(weights)
    exact = [students * w / total for w in weights]
    sizes = [int(x) for x in exact]
    by_remainder = sorted(range(11), key=lambda i: (sizes[i] - exact[i], i))
    for i in by_remainder[: students - sum(sizes)]:
        sizes[i] += 1
    return sizes
