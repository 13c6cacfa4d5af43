"""The program passport (паспорт программы наставничества) after the one of «Путь к успеху!»:
data in, Document out.

A title page (the school, «УТВЕРЖДАЮ», «ПАСПОРТ программы наставничества», the program's
name and period, the place and year), then the passport itself: a two-column table
«Параметры | Описание» whose rows carry the headings of the паспорт программы «Путь к
успеху!» (МБОУ «Ново-Идинская СОШ») word for word (its captioned lines first: the program's
name, the school, the curators; then its table), filled from the school profile and the
register, and the effectiveness indicators as a table of their own, as that passport ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from mentor_desk.documents.blocks import (
    Align,
    Block,
    Cell,
    Document,
    Lines,
    PageBreak,
    Spacer,
    Table,
)
from mentor_desk.documents.orders import BLANK_DATE, name_lines
from mentor_desk.domain.dates import date_in_words
from mentor_desk.domain.pairs import Status
from mentor_desk.domain.text import count_ru

PASSPORT_TITLE = "Паспорт программы наставничества"

# The headings of the passport «Путь к успеху!», word for word (its captions «(наименование
# программы наставничества)», «(наименование ОУ)», «(куратор(ы) ЦМН)» and «Данная программа
# составлена на основании:» become rows of the table, with a capital letter).
ROW_PROGRAM = "Наименование программы наставничества"
ROW_SCHOOL = "Наименование ОУ"
ROW_ADDRESS = "Адрес ОУ"
ROW_MUNICIPALITY = "Муниципальное образование"
ROW_DIRECTOR = "Руководитель ОУ"
ROW_CURATORS = "Куратор(ы) ЦМН"
ROW_FOUNDATIONS = "Данная программа составлена на основании"
ROW_AUDIENCE = "Целевая аудитория"
ROW_PERIOD = "Период и периодичность реализации программы наставничества"
ROW_FORMS = "Тип (формы наставничества)"
ROW_DESCRIPTION = "Описание программы (цель, задачи программы)"
ROW_MONITORING = "Описание системы мониторинга и оценки результатов деятельности наставников"
ROW_EXPECTED = "Описание ожидаемых результатов реализации программы"
ROW_PARTNERS = "Наименование партнеров (при наличии)"
ROW_ACTUAL = "Описание фактических результатов реализации программы"

PASSPORT_TABLE_HEADER = ["Параметры", "Описание"]
PASSPORT_TABLE_WIDTHS = [52.0, 118.0]
PASSPORT_TABLE_ALIGNS: list[Align] = ["left", "left"]

INDICATORS_TITLE = "Показатели эффективности реализации программы наставничества"
INDICATOR_HEADER = [
    "№ п/п",
    "Наименование показателя",
    "Целевое значение",
    "Фактическое значение",
]
INDICATOR_WIDTHS = [14.0, 98.0, 29.0, 29.0]
PROJECT_COLUMN = "Региональный проект"  # the passport's second column, if named
INDICATOR_WITH_PROJECT_WIDTHS = [14.0, 35.0, 65.0, 28.0, 28.0]

STUDENTS_HEADING = "Обучающиеся:"
STAFF_HEADING = "Педагоги:"

# The target groups of staff mentees among the default tags (the rest are students').
STAFF_TARGET_GROUPS = frozenset(
    {
        "молодые специалисты",
        "педагоги в адаптации на новом месте",
        "после длительного перерыва",
        "желающие овладеть ИКТ",
        "в состоянии выгорания",
        "студенты-стажёры",
    }
)

DEFAULT_FOUNDATIONS = (
    "распоряжение Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "«Об утверждении методологии (целевой модели) наставничества обучающихся для "
    "организаций, осуществляющих образовательную деятельность по общеобразовательным, "
    "дополнительным общеобразовательным и программам среднего профессионального "
    "образования, в том числе с применением лучших практик обмена опытом между "
    "обучающимися»;",
    "письмо Министерства просвещения Российской Федерации и Общероссийского Профсоюза "
    "образования от 21.12.2021 № АЗ-1128/08, № 657 «О направлении методических "
    "рекомендаций» (вместе с методическими рекомендациями по разработке и внедрению "
    "системы (целевой модели) наставничества педагогических работников в "
    "образовательных организациях).",
)

DEFAULT_PERIODICITY = (
    "Персонализированные программы наставничества реализуются в течение срока "
    "от 3 месяцев до 1 года."
)

# The goal of «Путь к успеху!», in the words of распоряжение Р-145; «{school}» is the short name.
DEFAULT_GOAL = (
    "Цель: максимально полное раскрытие потенциала личности наставляемого, необходимое "
    "для успешной личной и профессиональной самореализации в современных условиях, "
    "а также создание условий для формирования эффективной системы поддержки, "
    "самоопределения и профессиональной ориентации всех обучающихся, педагогических "
    "работников разных уровней образования и молодых специалистов {school}."
)
DEFAULT_TASKS = (
    "формирование мотивации к получению образования и профессиональной реализации;",
    "повышение самооценки и уверенности в себе, расширение жизненного кругозора;",
    "профилактика девиантного поведения обучающихся;",
    "адаптация молодых специалистов и педагогов на новом месте работы, непрерывное "
    "повышение профессионального мастерства педагогических работников;",
    "привлечение, обучение и контроль за деятельностью наставников, принимающих участие "
    "в программе наставничества;",
    "осуществление персонифицированного учёта обучающихся, молодых специалистов "
    "и педагогов, участвующих в программах наставничества.",
)

# The two stages of monitoring of «Путь к успеху!», shortened.
DEFAULT_MONITORING = (
    "Мониторинг программы наставничества состоит из двух этапов.",
    "1) Первый этап: оценка качества реализуемой программы наставничества, её сильных "
    "и слабых сторон, качества совместной работы пар (групп) «наставник – наставляемый». "
    "Данные собираются анкетированием участников; по его результатам кураторы программы "
    "проводят SWOT-анализ.",
    "2) Второй этап: оценка мотивационно-личностного и профессионального роста участников, "
    "развития метапредметных навыков и уровня вовлечённости обучающихся в образовательную "
    "деятельность, динамики образовательных результатов. Параметры измеряются в начале "
    "и по завершении программы.",
)

DEFAULT_EXPECTED = (
    "Измеримое улучшение показателей обучающихся в образовательной, культурной, "
    "спортивной сферах и сфере дополнительного образования.",
    "Улучшение психологического климата в образовательной организации как среди "
    "обучающихся, так и внутри педагогического коллектива.",
    "Плавный «вход» молодого учителя и специалиста в профессию, адаптация учителя "
    "в новом педагогическом коллективе.",
    "Рост мотивации к учёбе и саморазвитию обучающихся, снижение показателей неуспеваемости.",
    "Рост числа обучающихся, прошедших профориентационные мероприятия.",
    "Включение в систему наставнических отношений детей с ограниченными возможностями здоровья.",
)

# How many pairs and groups are in each state, in the plural («из них действуют — 10»).
_STATUS_PLURAL = {
    Status.DRAFT: "формируются",
    Status.APPROVED: "утверждены приказом",
    Status.ACTIVE: "действуют",
    Status.ENDED: "завершены",
}


@dataclass(frozen=True)
class Indicator:
    """An effectiveness indicator: its name, the target and, once measured, the value.

    project: the regional (federal) project the indicator belongs to, as the second column of
    the паспорт программы «Путь к успеху!» shows it; the column is printed when any
    indicator names one.
    """

    name: str
    target: str
    actual: str = ""
    project: str = ""


@dataclass(frozen=True)
class PassportCounts:
    """What the register says on a day: people and pairs (groups) by state."""

    as_of: date
    mentors: int
    mentees: int
    pairs: Mapping[Status, int] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)  # further facts, one line each


@dataclass(frozen=True)
class Passport:
    """What the passport says.

    director: «И.О. Фамилия»; curators: «Фамилия И.О., должность» each; period: the
    first and the last calendar year («2024–2026 гг.»); forms: the labels of the forms in
    use («учитель – ученик»); target_audience: the target groups of student mentees,
    staff_audience those of staff mentees (split_audience() splits one list);
    program_title: empty means «Программа целевой модели наставничества <short name>».
    The texts of the goal, the tasks, the monitoring and the expected results default to those
    of «Путь к успеху!», shortened; foundations to the federal acts (add the regional ones).
    """

    org_full_name: str
    org_short_name: str
    municipality: str
    address: str
    director: str
    curators: list[str]
    period: tuple[int, int]
    forms: list[str]
    target_audience: list[str]
    counts: PassportCounts
    indicators: list[Indicator] = field(default_factory=list)
    program_title: str = ""
    staff_audience: list[str] = field(default_factory=list)
    director_position: str = "Директор"
    place: str = ""
    foundations: Sequence[str] = DEFAULT_FOUNDATIONS
    periodicity: str = DEFAULT_PERIODICITY
    goal: str = DEFAULT_GOAL
    tasks: Sequence[str] = DEFAULT_TASKS
    monitoring: Sequence[str] = DEFAULT_MONITORING
    expected: Sequence[str] = DEFAULT_EXPECTED
    partners: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return (
            self.program_title.strip()
            or f"Программа целевой модели наставничества {self.org_short_name.strip()}"
        )


def split_audience(tags: Sequence[str]) -> tuple[list[str], list[str]]:
    """(students' target groups, staff's target groups), each in the order given."""
    staff = [tag for tag in tags if tag.strip() in STAFF_TARGET_GROUPS]
    return [tag for tag in tags if tag.strip() not in STAFF_TARGET_GROUPS], staff


def period_text(period: tuple[int, int]) -> str:
    """«2024–2026 гг., 2 года» («Путь к успеху!»: «2022-2024, два года»)."""
    first, last = period
    if first == last:
        return f"{first} г., 1 год"
    return f"{first}–{last} гг., {count_ru(last - first, 'год', 'года', 'лет')}"


def passport(data: Passport) -> Document:
    """The program passport: a title page, the parameters table, the indicators."""
    blocks: list[Block] = [*_title_page(data), PageBreak()]
    blocks += [
        Lines([PASSPORT_TITLE], bold=True),
        Table(
            header=PASSPORT_TABLE_HEADER,
            rows=_rows(data),
            widths=PASSPORT_TABLE_WIDTHS,
            aligns=PASSPORT_TABLE_ALIGNS,
        ),
    ]
    if data.indicators:
        blocks += [Spacer(4), Lines([INDICATORS_TITLE], bold=True), _indicator_table(data)]
    return Document(
        blocks=blocks,
        title=f"{PASSPORT_TITLE}: {data.title}",
        author=" ".join(data.org_full_name.split()),
    )


def _title_page(data: Passport) -> list[Block]:
    start, end = data.period
    years = f"на {start}–{end} годы" if start != end else f"на {start} год"
    bottom = ", ".join(part for part in (data.place.strip(), str(data.counts.as_of.year)) if part)
    return [
        Lines(name_lines(data.org_full_name), bold=True),
        Spacer(14),
        Lines(
            [
                line
                for line in (
                    "УТВЕРЖДАЮ",
                    data.director_position.strip(),
                    data.org_short_name.strip(),
                    f"____________ {data.director}",
                    BLANK_DATE,
                )
                if line
            ],
            right_block=True,
        ),
        Spacer(50),
        Lines(["ПАСПОРТ", "программы наставничества"], bold=True),
        Spacer(8),
        Lines([data.title]),
        Lines([years]),
        Spacer(70),
        Lines([bottom]),
    ]


def _rows(data: Passport) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        [ROW_PROGRAM, data.title],
        [ROW_SCHOOL, " ".join(data.org_full_name.split())],
        [ROW_ADDRESS, data.address or "—"],
        [ROW_MUNICIPALITY, data.municipality or "—"],
        [ROW_DIRECTOR, f"{data.director_position} {data.director}".strip()],
        [ROW_CURATORS, list(data.curators) or ["—"]],
        [ROW_FOUNDATIONS, [f"– {item}" for item in data.foundations] or ["—"]],
        [ROW_AUDIENCE, _audience(data)],
        [ROW_PERIOD, [period_text(data.period), data.periodicity]],
        [ROW_FORMS, _forms(data.forms)],
        [ROW_DESCRIPTION, _description(data)],
        [ROW_MONITORING, list(data.monitoring) or ["—"]],
        [ROW_EXPECTED, [f"{n}. {item}" for n, item in enumerate(data.expected, 1)] or ["—"]],
        [ROW_PARTNERS, list(data.partners) or ["—"]],
        [ROW_ACTUAL, _actual(data)],
    ]
    return rows


def _audience(data: Passport) -> list[str]:
    def listed(tags: Sequence[str]) -> list[str]:
        items = [tag.strip() for tag in tags if tag.strip()]
        return [f"– {tag}{';' if i < len(items) - 1 else '.'}" for i, tag in enumerate(items)]

    students, staff = listed(data.target_audience), listed(data.staff_audience)
    if students and staff:
        return [STUDENTS_HEADING, *students, STAFF_HEADING, *staff]
    return students or staff or ["—"]


def _forms(forms: Sequence[str]) -> list[str]:
    labels = [form.strip() for form in forms if form.strip()]
    shown = [f"«{label[:1].upper()}{label[1:]}»" for label in labels]
    return [f"{item}," if i < len(shown) - 1 else item for i, item in enumerate(shown)] or ["—"]


def _description(data: Passport) -> list[str]:
    goal = data.goal.replace("{school}", data.org_short_name.strip())
    tasks = [f"{n}) {task}" for n, task in enumerate(data.tasks, 1)]
    return [goal, "Задачи:", *tasks] if tasks else [goal]


def _actual(data: Passport) -> list[str]:
    counts = data.counts
    total = sum(counts.pairs.values())
    lines = [
        f"По состоянию на {date_in_words(counts.as_of)}:",
        f"– наставников: {counts.mentors};",
        f"– наставляемых: {counts.mentees};",
    ]
    states = [
        f"{_STATUS_PLURAL[status]} — {counts.pairs[status]}"
        for status in Status
        if counts.pairs.get(status)
    ]
    pairs = f"– наставнических пар (групп): {total}"
    if states:
        pairs += ", из них " + ", ".join(states)
    lines.append(pairs + ("." if not counts.extra else ";"))
    lines += [
        f"– {fact}{';' if i < len(counts.extra) - 1 else '.'}"
        for i, fact in enumerate(counts.extra)
    ]
    if data.indicators:
        lines.append(f"Показатели эффективности приведены в таблице «{INDICATORS_TITLE}».")
    return lines


def _indicator_table(data: Passport) -> Table:
    with_project = any(indicator.project.strip() for indicator in data.indicators)
    rows: list[list[Cell]] = []
    for number, indicator in enumerate(data.indicators, 1):
        values: list[Cell] = [indicator.name, indicator.target, indicator.actual or "—"]
        project: list[Cell] = [indicator.project or "—"] if with_project else []
        rows.append([str(number), *project, *values])
    header = list(INDICATOR_HEADER)
    widths = INDICATOR_WIDTHS
    aligns: list[Align] = ["center", "left", "center", "center"]
    if with_project:
        header.insert(1, PROJECT_COLUMN)
        widths = INDICATOR_WITH_PROJECT_WIDTHS
        aligns = ["center", "left", "left", "center", "center"]
    return Table(header=header, rows=rows, widths=widths, aligns=aligns)
