"""The curator's итоговый аналитический отчёт for the academic year: data in, Document out.

The header of the orders (the school, the document's name, the place), then seven
sections: 1. the effectiveness indicators against their targets, 2. the pairs by form,
3. the roadmap, 4. the participants' satisfaction (the first stage of monitoring, with
the SWOT table), 5. the mentees' growth (the second stage), 6. the best practices the
curator described, 7. the conclusions; signed by the curator and the director. Each
section has its table, its chart where one helps, and plain Russian sentences made from
the figures («Показатель достигнут: 72 % при плане 70 %.»). A section without data
says so in a sentence; it never vanishes.

The sentences are pure functions (indicator_sentence and its neighbours), so they are
tested one by one. Gathering the figures is the services' work; this module prints them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing

from mentor_desk.documents import charts
from mentor_desk.documents.blocks import (
    Align,
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Lines,
    Numbered,
    Paragraph,
    Signature,
    Spacer,
    Table,
)
from mentor_desk.documents.charts import (
    FormCounts,
    IndicatorBar,
    RoadmapCounts,
    ScoreSeries,
    number_text,
    percent_text,
)
from mentor_desk.documents.orders import name_lines
from mentor_desk.domain.dates import date_in_words
from mentor_desk.domain.kpi import MIN_RESPONDENTS, SATISFACTION_ROLES, SATISFIED_SCORE, KpiResult
from mentor_desk.domain.pairs import Status
from mentor_desk.domain.text import count_ru, plural_ru

__all__ = [
    "REPORT_TITLE",
    "SECTION_TITLES",
    "AnalyticReport",
    "ClosedQuestion",
    "FormCounts",
    "GrowthRow",
    "IndicatorRow",
    "Practice",
    "QuestionMean",
    "ReportDataError",
    "RoadmapCounts",
    "SurveySummary",
    "conclusions",
    "growth_sentence",
    "indicator_sentence",
    "indicators_summary",
    "number_text",
    "pairs_sentences",
    "practices_sentence",
    "report_document",
    "roadmap_sentences",
    "survey_sentence",
    "write_docx",
    "write_pdf",
]

REPORT_TITLE = "Итоговый аналитический отчёт"
SECTION_TITLES = (
    "1. Показатели эффективности",
    "2. Пары и формы наставничества",
    "3. Дорожная карта",
    "4. Удовлетворённость участников",
    "5. Динамика результатов наставляемых",
    "6. Лучшие практики наставничества",
    "7. Выводы",
)
PRACTICES_SECTION = 5  # the index of «Лучшие практики наставничества» in SECTION_TITLES
PRACTICES_NUMBER = SECTION_TITLES[PRACTICES_SECTION].split(".", 1)[0]  # «6»
CHART_WIDTH_MM = charts.DEFAULT_WIDTH_MM

STATUS_LABELS = {
    "met": "достигнут",
    "near": "близок к плановому",
    "far": "не достигнут",
    "no_data": "нет данных",
}
ROLE_LABELS = {"mentee": "Наставляемые", "mentor": "Наставники"}
# (one, few, many): «ответил 1 наставляемый», «ответили 2 наставляемых», «5 наставников»
ROLE_FORMS = {
    "mentee": ("наставляемый", "наставляемых", "наставляемых"),
    "mentor": ("наставник", "наставника", "наставников"),
}
ROLE_GENITIVE = {"mentee": "наставляемых", "mentor": "наставников"}
QUADRANTS = ("strength", "weakness", "opportunity", "threat")
QUADRANT_LABELS = {
    "strength": "Сильные стороны (S)",
    "weakness": "Слабые стороны (W)",
    "opportunity": "Возможности (O)",
    "threat": "Угрозы (T)",
}
PAIR_STATUS_COLUMNS = {
    Status.DRAFT: "Формируются",
    Status.APPROVED: "Утверждены приказом",
    Status.ACTIVE: "Действуют",
    Status.ENDED: "Завершены",
}
PAIR_STATUS_WORDS = {
    Status.DRAFT: "формируются",
    Status.APPROVED: "утверждены приказом",
    Status.ACTIVE: "действуют",
    Status.ENDED: "завершены",
}

NO_INDICATORS = "Набор показателей не выбран или не содержит показателей."
NO_PAIRS = "Наставнические пары (группы) за год не сформированы."
NO_ROADMAP = "Мероприятия дорожной карты на год не введены."
NO_SURVEYS = "Анкеты за год не введены."
NO_SWOT = "SWOT-анализ за год не проведён."
NO_GROWTH = "Измерения второго этапа мониторинга за год не введены."
NO_PRACTICES = "Лучшие практики за год не описаны."
NO_CONCLUSIONS = "Данных за год недостаточно для выводов."


class ReportDataError(ValueError):
    """The report's figures do not make sense (a negative count); the message is Russian."""


# --- the data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator for the year as the dashboard shows it.

    value and target are percentages (None: not known); status is "met", "near", "far" or
    "no_data" (domain.kpi.status). For a satisfaction indicator, role is "mentee" or
    "mentor" and respondents the number of answers: the numerator is the satisfied, the
    denominator those who answered.
    """

    name: str
    numerator: int
    denominator: int | None
    value: float | None
    target: float | None
    status: str
    respondents: int | None = None
    role: str = ""
    denominator_source: str = ""  # «обучающихся 10–19 лет: введено куратором (ОО-1)»

    @classmethod
    def from_result(cls, result: KpiResult) -> IndicatorRow:
        """The row of a computed indicator (domain.kpi.compute)."""
        return cls(
            name=result.name,
            numerator=result.numerator,
            denominator=result.denominator,
            value=result.value,
            target=result.target,
            status=result.status,
            respondents=result.respondents,
            role=SATISFACTION_ROLES.get(result.computes, ""),
        )


@dataclass(frozen=True)
class QuestionMean:
    """A scored question of the questionnaire: its mean over those who answered it."""

    question: str
    mean: float | None
    answered: int = 0


@dataclass(frozen=True)
class ClosedQuestion:
    """A closed question: how many respondents chose each option, in the options' order."""

    question: str
    options: Sequence[tuple[str, int]] = ()


@dataclass(frozen=True)
class SurveySummary:
    """One role's questionnaires for the year ("mentee" or "mentor").

    mean_score: the overall score's mean on 1..10; satisfied_share: the percentage who
    gave 7 or more (None under MIN_RESPONDENTS answers); score_counts: how many gave each
    overall score 1..10 (ten figures, or empty), for the histogram.
    """

    role: str
    respondents: int
    mean_score: float | None = None
    satisfied_share: float | None = None
    questions: Sequence[QuestionMean] = ()
    closed: Sequence[ClosedQuestion] = ()
    score_counts: Sequence[int] = ()

    @property
    def label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class GrowthRow:
    """A stage-2 parameter for one form: mentees measured at the start and at the end,
    the means and the growth (end − start)."""

    parameter: str
    form: str
    n: int
    mean_start: float | None
    mean_end: float | None
    growth: float | None


@dataclass(frozen=True)
class Practice:
    """A best practice (кейс) of the year as the curator described it: form is the form's
    label («ученик – ученик»), "" when not given; description and results may hold
    paragraphs, one a line."""

    title: str
    form: str = ""
    description: str = ""
    results: str = ""


@dataclass(frozen=True)
class AnalyticReport:
    """What the report says. Names: «И.О. Фамилия» as the orders sign them.

    year: the academic year as shown («2025-2026»); reference_date: the day the figures
    are taken on; set_title and set_source: the indicator set and the act it comes from;
    pairs: the pairs and groups by form and state; roadmap: None without a roadmap;
    surveys: one summary per role; swot: quadrant ("strength", "weakness", "opportunity",
    "threat") → its items; growth: the stage-2 rows; practices: the best practices in the
    curator's order; report_date: the document's date (the reference date unless given).
    """

    org_full_name: str
    municipality: str
    place: str
    year: str
    reference_date: date
    set_title: str
    set_source: str
    curator_name: str
    director_name: str
    indicators: Sequence[IndicatorRow] = ()
    pairs: Sequence[FormCounts] = ()
    roadmap: RoadmapCounts | None = None
    surveys: Sequence[SurveySummary] = ()
    swot: Mapping[str, Sequence[str]] = field(default_factory=dict)
    growth: Sequence[GrowthRow] = ()
    practices: Sequence[Practice] = ()
    curator_position: str = "Куратор программы наставничества"
    director_position: str = "Директор"
    report_date: date | None = None
    key_fingerprint: str = ""  # the school's signing key, when the report travels in a bundle

    def __post_init__(self) -> None:
        for row in self.indicators:
            if row.numerator < 0 or (row.denominator is not None and row.denominator < 0):
                raise ReportDataError(f"Показатель «{row.name}»: отрицательное число")
        for form in self.pairs:
            if any(n < 0 for n in form.by_status.values()):
                raise ReportDataError(f"Форма «{form.form}»: отрицательное число пар")
            for key in form.by_status:
                try:
                    Status(key)
                except ValueError:
                    raise ReportDataError(f"Неизвестное состояние пары «{key}»") from None
        if self.roadmap is not None and min(_roadmap_parts(self.roadmap).values()) < 0:
            raise ReportDataError("Дорожная карта: отрицательное число мероприятий")
        for survey in self.surveys:
            if survey.respondents < 0:
                raise ReportDataError("Анкеты: отрицательное число ответивших")
            if survey.score_counts and len(survey.score_counts) != len(charts.SCORES):
                raise ReportDataError("Анкеты: распределение оценок — по одному числу на 1–10")
        for quadrant in self.swot:
            if quadrant not in QUADRANTS:
                raise ReportDataError(f"Неизвестный раздел SWOT-анализа «{quadrant}»")
        for growth in self.growth:
            if growth.n < 0:
                raise ReportDataError(f"Параметр «{growth.parameter}»: отрицательное число")
        for number, practice in enumerate(self.practices, 1):
            if not practice.title.strip():
                raise ReportDataError(f"Лучшая практика № {number} без названия")


# --- numbers and sentences -------------------------------------------------------------


def signed_text(value: float, digits: int = 1) -> str:
    """«+0,4», «−0,2», «0»: a growth with its sign (the minus sign, not a hyphen)."""
    shown = number_text(abs(value), digits)
    if shown == "0":
        return "0"
    return f"+{shown}" if value > 0 else f"\u2212{shown}"


def _people(n: int, role: str) -> str:
    one, few, many = ROLE_FORMS.get(role, ("участник", "участника", "участников"))
    return count_ru(n, one, few, many)


def _answered(n: int, role: str) -> str:
    """«ответил 1 наставляемый», «ответили 2 наставляемых», «ответили 5 наставников»."""
    verb = plural_ru(n, "ответил", "ответили", "ответили")
    return f"{verb} {_people(n, role)}"


def _insufficient(row_respondents: int, role: str) -> str:
    need = f"нужно не менее {MIN_RESPONDENTS}"
    if row_respondents == 0:
        whose = ROLE_GENITIVE.get(role, "участников")
        return f"Данных недостаточно: анкеты {whose} не введены ({need})."
    return f"Данных недостаточно: {_answered(row_respondents, role)} ({need})."


def indicator_sentence(row: IndicatorRow) -> str:
    """The indicator's state in a sentence.

    «Показатель достигнут: 72 % при плане 70 %.», «Показатель близок к плановому: …»,
    «Показатель не достигнут: …»; without a value, why: too few answers to a
    questionnaire («Данных недостаточно: ответили 2 наставляемых (нужно не менее 3).»)
    or no denominator; without a target, the value alone.
    """
    satisfaction = row.role in ROLE_FORMS
    if row.value is None:
        if satisfaction:
            answers = row.respondents if row.respondents is not None else row.denominator or 0
            if answers < MIN_RESPONDENTS:
                return _insufficient(answers, row.role)
        if not row.denominator:
            return (
                "Данных недостаточно: знаменатель не введён или равен нулю "
                "(проверьте контингент за год)."
            )
        return "Данных недостаточно для расчёта показателя."
    value = percent_text(row.value)
    if row.target is None:
        return f"Плановое значение на год не установлено; фактическое значение — {value}."
    target = percent_text(row.target)
    if row.status == "met" or (row.status not in STATUS_LABELS and row.value >= row.target):
        return f"Показатель достигнут: {value} при плане {target}."
    if row.status == "near":
        return f"Показатель близок к плановому: {value} при плане {target}."
    return f"Показатель не достигнут: {value} при плане {target}."


def _status_counts(rows: Sequence[IndicatorRow]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        counts[row.status if row.status in counts else "no_data"] += 1
    return counts


def indicators_summary(rows: Sequence[IndicatorRow]) -> str:
    """«Плановые значения достигнуты по 3 из 8 показателей; близки к плановым — 2, не
    достигнуты — 1, нет данных — 2.»"""
    if not rows:
        return NO_INDICATORS
    counts = _status_counts(rows)
    total = count_ru(len(rows), "показателя", "показателей", "показателей")
    text = f"Плановые значения достигнуты по {counts['met']} из {total}"
    rest = [
        f"{label} — {counts[key]}"
        for key, label in (
            ("near", "близки к плановым"),
            ("far", "не достигнуты"),
            ("no_data", "нет данных"),
        )
        if counts[key]
    ]
    return f"{text}; {', '.join(rest)}." if rest else f"{text}."


def pairs_sentences(rows: Sequence[FormCounts]) -> list[str]:
    """The pairs in all: by state, and the form most used."""
    rows = [row for row in rows if row.total > 0]
    if not rows:
        return [NO_PAIRS]
    total = sum(row.total for row in rows)
    states = [
        f"{PAIR_STATUS_WORDS[state]} — {n}"
        for state in Status
        if (n := sum(row.count(state) for row in rows))
    ]
    pairs = count_ru(
        total,
        "наставническая пара (группа)",
        "наставнические пары (группы)",
        "наставнических пар (групп)",
    )
    sentences = [f"Всего {pairs}: {', '.join(states)}."]
    top = max(rows, key=lambda row: row.total)
    forms = count_ru(len(rows), "форма", "формы", "форм")
    if len(rows) == 1:
        sentences.append(f"Все пары (группы) работают в форме «{top.form}».")
    else:
        sentences.append(
            f"Используются {forms} наставничества; больше всего пар (групп) — "
            f"в форме «{top.form}» ({top.total})."
        )
    return sentences


def _roadmap_parts(progress: RoadmapCounts) -> dict[str, int]:
    return {
        "done": progress.done,
        "in_progress": progress.in_progress,
        "overdue": progress.overdue,
        "planned": progress.planned,
    }


def roadmap_sentences(progress: RoadmapCounts | None) -> list[str]:
    """«Из 24 мероприятий дорожной карты выполнено 15 (62,5 %).», what is in progress and
    planned, and what is overdue."""
    if progress is None or progress.total <= 0:
        return [NO_ROADMAP]
    total = progress.total
    of = count_ru(total, "мероприятия", "мероприятий", "мероприятий")
    sentences = [
        f"Из {of} дорожной карты выполнено {progress.done} "
        f"({percent_text(100 * progress.done / total)}); в работе — {progress.in_progress}, "
        f"запланировано — {progress.planned}."
    ]
    if progress.overdue:
        overdue = count_ru(progress.overdue, "мероприятие", "мероприятия", "мероприятий")
        sentences.append(f"Просрочено {overdue}: их нужно провести или перенести сроки приказом.")
    else:
        sentences.append("Просроченных мероприятий нет.")
    return sentences


def survey_sentence(survey: SurveySummary) -> str:
    """«Ответили 12 наставляемых; средний балл — 8,2 из 10, удовлетворены (оценка 7 и
    выше) 83 %.», or why there is no figure."""
    if survey.respondents < MIN_RESPONDENTS:
        return _insufficient(survey.respondents, survey.role)
    answered = _answered(survey.respondents, survey.role)
    parts = [answered[:1].upper() + answered[1:]]
    if survey.mean_score is not None:
        parts.append(f"средний балл — {number_text(survey.mean_score)} из 10")
    if survey.satisfied_share is not None:
        satisfied = number_text(SATISFIED_SCORE, 0)
        parts.append(
            f"удовлетворены (оценка {satisfied} и выше) {percent_text(survey.satisfied_share)}"
        )
    if len(parts) == 1:
        return f"{parts[0]}."
    return f"{parts[0]}; {', '.join(parts[1:])}."


def growth_sentence(row: GrowthRow) -> str:
    """«Параметр «Средний балл» (учитель – ученик, 12 наставляемых): 3,8 в начале и 4,2
    в конце программы, прирост +0,4.»"""
    who = _people(row.n, "mentee")
    head = (
        f"Параметр «{row.parameter}» ({row.form}, {who})"
        if row.form
        else (f"Параметр «{row.parameter}» ({who})")
    )
    if row.mean_start is None or row.mean_end is None:
        return f"{head}: измерения в начале и в конце программы введены не полностью."
    growth = row.growth if row.growth is not None else row.mean_end - row.mean_start
    change = "без изменений" if abs(growth) < 0.05 else f"прирост {signed_text(growth)}"
    return (
        f"{head}: {number_text(row.mean_start)} в начале и {number_text(row.mean_end)} "
        f"в конце программы, {change}."
    )


def practices_sentence(practices: Sequence[Practice]) -> str:
    """«Описаны 3 практики наставничества года для муниципальной базы лучших практик.»"""
    n = len(practices)
    if not n:
        return NO_PRACTICES
    verb = plural_ru(n, "Описана", "Описаны", "Описано")
    what = count_ru(n, "практика", "практики", "практик")
    return f"{verb} {what} наставничества года для муниципальной базы лучших практик."


def _growth_of(row: GrowthRow) -> float | None:
    if row.growth is not None:
        return row.growth
    if row.mean_start is None or row.mean_end is None:
        return None
    return row.mean_end - row.mean_start


NAMES_LISTED = 3  # more indicators than this are listed by their numbers in the table


def _listed(verb: tuple[str, str], numbered: Sequence[tuple[int, IndicatorRow]]) -> str:
    """Indicators named in a sentence: «Требует внимания показатель «А»», «Требуют
    внимания показатели: «А», «Б»», or by their numbers in the table when there are many:
    «Требуют внимания 5 показателей: № 2, 3, 6, 7, 10 (по таблице раздела 1)».

    verb: the predicate for one indicator and for several («Требует внимания»,
    «Требуют внимания»); with a number it agrees with it («21 показатель»).
    """
    one, several = verb
    n = len(numbered)
    if n == 1:
        return f"{one} показатель «{numbered[0][1].name.strip().rstrip('.')}»"
    if n <= NAMES_LISTED:
        names = ", ".join(f"«{row.name.strip().rstrip('.')}»" for _n, row in numbered)
        return f"{several} показатели: {names}"
    many = count_ru(n, "показатель", "показателя", "показателей")
    numbers = ", ".join(str(number) for number, _row in numbered)
    predicate = plural_ru(n, one, several, several)
    return f"{predicate} {many}: № {numbers} (по таблице раздела 1)"


def conclusions(data: AnalyticReport) -> list[str]:
    """The conclusions, one sentence or two per topic that has figures."""
    items: list[str] = []
    if data.indicators:
        items.append(indicators_summary(data.indicators))
        numbered = list(enumerate(data.indicators, 1))
        behind = [(n, row) for n, row in numbered if row.status in ("near", "far")]
        if behind:
            items.append(f"{_listed(('Требует внимания', 'Требуют внимания'), behind)}.")
        missing = [(n, row) for n, row in numbered if row.status not in ("met", "near", "far")]
        if missing:
            items.append(
                f"{_listed(('Не рассчитан', 'Не рассчитаны'), missing)} из-за нехватки "
                "данных: проверьте контингент, анкеты и плановые значения."
            )
    progress = data.roadmap
    if progress is not None and progress.total > 0:
        done = percent_text(100 * progress.done / progress.total)
        text = f"Дорожная карта выполнена на {done}"
        if progress.overdue:
            overdue = count_ru(progress.overdue, "мероприятие", "мероприятия", "мероприятий")
            text += f"; просрочено {overdue}"
        items.append(f"{text}.")
    means = [
        f"{ROLE_GENITIVE.get(s.role, s.role)} — {number_text(s.mean_score)}"
        for s in data.surveys
        if s.mean_score is not None and s.respondents >= MIN_RESPONDENTS
    ]
    if means:
        items.append(f"Средний балл удовлетворённости: {', '.join(means)} (из 10).")
    growths = [g for row in data.growth if (g := _growth_of(row)) is not None]
    if growths:
        # A row is a parameter in one form of mentoring: say so, not «12 parameters» of 4.
        up = sum(1 for g in growths if g >= 0.05)
        parameters = len({row.parameter for row in data.growth})
        of = count_ru(len(growths), "строки", "строк", "строк")
        named = count_ru(parameters, "параметр", "параметра", "параметров")
        items.append(f"Положительная динамика наставляемых — в {up} из {of} таблицы второго "
                     f"этапа ({named} по формам наставничества).")  # fmt: skip
    if data.practices:
        items.append(f"{practices_sentence(data.practices)[:-1]} (раздел {PRACTICES_NUMBER}).")
    return items


# --- the document ------------------------------------------------------------------------

# «Учтено»: the numerator (who the register counts), «Всего»: the denominator. The widths
# (mm of the 170 mm text) leave each header word whole at 12 pt bold.
INDICATOR_HEADER = ["№ п/п", "Показатель", "Учтено", "Всего", "Факт, %", "План, %", "Оценка"]
INDICATOR_WIDTHS = [14.5, 57.5, 18.0, 16.0, 19.0, 19.0, 26.0]
INDICATOR_ALIGNS: list[Align] = ["center", "left", "center", "center", "center", "center", "left"]
GROWTH_HEADER = [
    "Параметр",
    "Форма наставничества",
    "Наставляемых",
    "В начале",
    "В конце",
    "Прирост",
]
GROWTH_WIDTHS = [40.0, 41.0, 31.0, 20.0, 19.0, 19.0]
PAIR_STATUS_WIDTHS = {
    Status.DRAFT: 30.0,
    Status.APPROVED: 27.0,
    Status.ACTIVE: 24.0,
    Status.ENDED: 25.0,
}
PAIR_TOTAL_WIDTH = 17.0
ROLE_COLUMN_WIDTH = 32.0
CLOSED_COLUMN_WIDTH = 45.0  # «затрудняюсь ответить — 1» on one line


class _Figures:
    """Numbers the figures in order: «Рисунок 1 – …»."""

    def __init__(self) -> None:
        self.count = 0

    def chart(self, drawing: Drawing, caption: str) -> Chart:
        self.count += 1
        return Chart(drawing, CHART_WIDTH_MM, f"Рисунок {self.count} – {caption}")


def _value(value: float | None) -> str:
    return number_text(value) if value is not None else "—"


def report_document(data: AnalyticReport) -> Document:
    """The report: the header, the seven sections, the signatures."""
    figures = _Figures()
    blocks: list[Block] = [
        *_header(data),
        *_indicators(data, figures),
        *_pairs(data, figures),
        *_roadmap(data, figures),
        *_surveys(data, figures),
        *_growth(data),
        *_practices(data),
        *_conclusions(data),
    ]
    return Document(
        blocks=blocks,
        title=f"{REPORT_TITLE} за {data.year.strip()} учебный год",
        author=" ".join(data.org_full_name.split()),
    )


def write_pdf(data: AnalyticReport, path: Path | str) -> None:
    """The report as PDF, whole or not at all (files.DocumentWriteError says why)."""
    from mentor_desk.documents import pdf

    pdf.write_pdf(report_document(data), path)


def write_docx(data: AnalyticReport, path: Path | str) -> None:
    """The report as DOCX, whole or not at all (files.DocumentWriteError says why)."""
    from mentor_desk.documents import docx

    docx.write_docx(report_document(data), path)


def _section(index: int) -> Heading:
    return Heading(SECTION_TITLES[index])


def _header(data: AnalyticReport) -> list[Block]:
    year = data.year.strip()
    intro = (
        "Сведения о реализации целевой модели наставничества приведены по состоянию "
        f"на {date_in_words(data.reference_date)}"
    )
    if data.municipality.strip():
        intro += f"; муниципальное образование: {data.municipality.strip()}"
    return [
        Lines(name_lines(data.org_full_name), bold=True),
        Heading(REPORT_TITLE.upper()),
        Lines(["о реализации программы наставничества", f"за {year} учебный год"], bold=True),
        Spacer(2),
        Lines([", ".join(p for p in (data.place.strip(), _report_date(data)) if p)]),
        Spacer(4),
        Paragraph(f"{intro}."),
    ]


def _report_date(data: AnalyticReport) -> str:
    return date_in_words(data.report_date or data.reference_date)


def _indicators(data: AnalyticReport, figures: _Figures) -> list[Block]:
    blocks: list[Block] = [_section(0)]
    rows = list(data.indicators)
    if not rows:
        return [*blocks, Paragraph(NO_INDICATORS)]
    source = f" ({data.set_source.strip()})" if data.set_source.strip() else ""
    if data.set_title.strip():
        blocks.append(
            Paragraph(
                f"Показатели рассчитаны по набору «{data.set_title.strip()}»{source} "
                f"на {date_in_words(data.reference_date)}: значение — доля в процентах, "
                "плановое значение — на текущий год."
            )
        )
    table_rows: list[list[Cell]] = [
        [
            str(number),
            row.name,
            str(row.numerator),
            str(row.denominator) if row.denominator is not None else "—",
            _value(row.value),
            _value(row.target),
            STATUS_LABELS.get(row.status, STATUS_LABELS["no_data"]),
        ]
        for number, row in enumerate(rows, 1)
    ]
    bars = [IndicatorBar(row.name, row.value, row.target, row.status) for row in rows]
    blocks += [
        Table(INDICATOR_HEADER, table_rows, INDICATOR_WIDTHS, aligns=INDICATOR_ALIGNS),
        figures.chart(
            charts.indicators_chart(bars, CHART_WIDTH_MM),
            "Значения показателей эффективности и плановые значения",
        ),
        Paragraph(indicators_summary(rows)),
        Numbered([f"{row.name.strip().rstrip('.;')}. {indicator_sentence(row)}" for row in rows]),
    ]
    sources = [f"{n} — {row.denominator_source}" for n, row in enumerate(rows, 1)
               if row.denominator_source]  # fmt: skip
    if sources:
        blocks.append(Paragraph("Откуда знаменатели (по номерам таблицы): " + "; ".join(sources)
                                + "."))  # fmt: skip
    return blocks


def _pairs(data: AnalyticReport, figures: _Figures) -> list[Block]:
    blocks: list[Block] = [_section(1)]
    rows = [row for row in data.pairs if row.total > 0]
    if not rows:
        return [*blocks, Paragraph(NO_PAIRS)]
    states = [s for s in Status if any(row.count(s) for row in rows)]
    header = ["Форма наставничества", *(PAIR_STATUS_COLUMNS[s] for s in states), "Всего"]
    side = [PAIR_STATUS_WIDTHS[s] for s in states]
    widths = [170.0 - sum(side) - PAIR_TOTAL_WIDTH, *side, PAIR_TOTAL_WIDTH]
    table_rows: list[list[Cell]] = [
        [row.form, *(str(row.count(s)) for s in states), str(row.total)] for row in rows
    ]
    table_rows.append(
        [
            "Итого",
            *(str(sum(row.count(s) for row in rows)) for s in states),
            str(sum(row.total for row in rows)),
        ]
    )
    centred: list[Align] = ["center"] * (len(states) + 1)
    aligns: list[Align] = ["left", *centred]
    blocks += [
        Table(header, table_rows, widths, aligns=aligns),
        figures.chart(
            charts.pairs_chart(rows, CHART_WIDTH_MM),
            "Наставнические пары (группы) по формам и состоянию",
        ),
        *(Paragraph(text) for text in pairs_sentences(rows)),
    ]
    return blocks


def _roadmap(data: AnalyticReport, figures: _Figures) -> list[Block]:
    blocks: list[Block] = [_section(2)]
    progress = data.roadmap
    if progress is None or progress.total <= 0:
        return [*blocks, Paragraph(NO_ROADMAP)]
    parts = _roadmap_parts(progress)
    labels = {key: label for key, label, _colour in charts.ROADMAP_PARTS}
    total = progress.total
    table_rows: list[list[Cell]] = [
        [labels[key].capitalize(), str(n), number_text(100 * n / total)] for key, n in parts.items()
    ]
    table_rows.append(["Всего", str(total), "100"])
    blocks += [
        Table(
            ["Состояние мероприятий", "Мероприятий", "Доля, %"],
            table_rows,
            [90.0, 40.0, 40.0],
            aligns=["left", "center", "center"],
        ),
        figures.chart(
            charts.roadmap_chart(progress, CHART_WIDTH_MM),
            "Выполнение дорожной карты",
        ),
        *(Paragraph(text) for text in roadmap_sentences(progress)),
    ]
    return blocks


def _surveys(data: AnalyticReport, figures: _Figures) -> list[Block]:
    blocks: list[Block] = [
        _section(3),
        Paragraph(
            "Первый этап мониторинга: оценка качества реализации программы наставничества "
            "по анкетам удовлетворённости наставляемых и наставников (оценки от 1 до 10)."
        ),
    ]
    surveys = [s for s in data.surveys if s.respondents > 0]
    if not surveys:
        blocks.append(Paragraph(NO_SURVEYS))
    else:
        blocks += _survey_tables(surveys, figures)
    return [*blocks, *_swot(data)]


def _survey_tables(surveys: Sequence[SurveySummary], figures: _Figures) -> list[Block]:
    summary_rows: list[list[Cell]] = [
        [
            s.label,
            str(s.respondents),
            _value(s.mean_score) if s.respondents >= MIN_RESPONDENTS else "—",
            _value(s.satisfied_share) if s.respondents >= MIN_RESPONDENTS else "—",
        ]
        for s in surveys
    ]
    satisfied = number_text(SATISFIED_SCORE, 0)
    blocks: list[Block] = [
        Table(
            [
                "Участники",
                "Ответили",
                "Средний балл",
                f"Удовлетворены (оценка {satisfied} и выше), %",
            ],
            summary_rows,
            [45.0, 25.0, 30.0, 70.0],
            aligns=["left", "center", "center", "center"],
        ),
        *(Paragraph(survey_sentence(s)) for s in surveys),
    ]
    questions = _merged(surveys, lambda s: [(q.question, _value(q.mean)) for q in s.questions])
    if questions:
        blocks += [
            Heading("Средний балл по вопросам анкеты"),
            _by_role_table("Вопрос", surveys, questions),
        ]
    closed = _merged(
        surveys,
        lambda s: [
            (q.question, [f"{option} — {n}" for option, n in q.options] or ["—"]) for q in s.closed
        ],
    )
    if closed:
        blocks += [
            Heading("Ответы на закрытые вопросы анкеты"),
            _by_role_table("Вопрос", surveys, closed, side=CLOSED_COLUMN_WIDTH),
        ]
    series = [
        ScoreSeries(s.label.lower(), tuple(s.score_counts))
        for s in surveys
        if len(s.score_counts) == len(charts.SCORES) and sum(s.score_counts) > 0
    ]
    if series:
        blocks.append(
            figures.chart(
                charts.satisfaction_chart(series, CHART_WIDTH_MM),
                "Распределение общих оценок удовлетворённости",
            )
        )
    return blocks


def _merged(
    surveys: Sequence[SurveySummary],
    cells: Callable[[SurveySummary], Iterable[tuple[str, Cell]]],
) -> dict[str, dict[str, Cell]]:
    """question → role → its cell, the questions in the order they first come."""
    merged: dict[str, dict[str, Cell]] = {}
    for survey in surveys:
        for question, cell in cells(survey):
            merged.setdefault(" ".join(question.split()), {})[survey.role] = cell
    return merged


def _by_role_table(
    first: str,
    surveys: Sequence[SurveySummary],
    merged: Mapping[str, Mapping[str, Cell]],
    side: float = ROLE_COLUMN_WIDTH,
) -> Table:
    roles = [s.role for s in surveys]
    labels = [s.label for s in surveys]
    widths = [170.0 - side * len(roles), *([side] * len(roles))]
    rows: list[list[Cell]] = [
        [question, *(by_role.get(role, "—") for role in roles)]
        for question, by_role in merged.items()
    ]
    centred: list[Align] = ["center"] * len(roles)
    aligns: list[Align] = ["left", *centred]
    return Table([first, *labels], rows, widths, aligns=aligns)


def _swot(data: AnalyticReport) -> list[Block]:
    blocks: list[Block] = [Heading("SWOT-анализ программы наставничества")]
    items = {q: [" ".join(t.split()) for t in data.swot.get(q, ()) if t.strip()] for q in QUADRANTS}
    if not any(items.values()):
        return [*blocks, Paragraph(NO_SWOT)]

    def cell(quadrant: str) -> Cell:
        return [f"– {text}" for text in items[quadrant]] or ["—"]

    for left, right in (("strength", "weakness"), ("opportunity", "threat")):
        blocks.append(
            Table(
                [QUADRANT_LABELS[left], QUADRANT_LABELS[right]],
                [[cell(left), cell(right)]],
                [85.0, 85.0],
            )
        )
    return blocks


def _growth(data: AnalyticReport) -> list[Block]:
    blocks: list[Block] = [
        _section(4),
        Paragraph(
            "Второй этап мониторинга: рост наставляемых по параметрам, измеренным в начале "
            "и по завершении программы наставничества (средние значения по формам)."
        ),
    ]
    rows = [row for row in data.growth if row.n > 0]
    if not rows:
        return [*blocks, Paragraph(NO_GROWTH)]
    table_rows: list[list[Cell]] = [
        [
            row.parameter,
            row.form or "—",
            str(row.n),
            _value(row.mean_start),
            _value(row.mean_end),
            signed_text(g) if (g := _growth_of(row)) is not None else "—",
        ]
        for row in rows
    ]
    aligns: list[Align] = ["left", "left", "center", "center", "center", "center"]
    blocks += [
        Table(GROWTH_HEADER, table_rows, GROWTH_WIDTHS, aligns=aligns),
        *(Paragraph(growth_sentence(row)) for row in rows),
    ]
    return blocks


def _paragraphs(label: str, text: str) -> list[Block]:
    """«Label: the first line.» and the text's further lines, each a paragraph."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return []
    return [Paragraph(f"{label}: {lines[0]}"), *(Paragraph(line) for line in lines[1:])]


def _practices(data: AnalyticReport) -> list[Block]:
    blocks: list[Block] = [_section(PRACTICES_SECTION)]
    practices = list(data.practices)
    blocks.append(Paragraph(practices_sentence(practices)))
    for number, practice in enumerate(practices, 1):
        title = " ".join(practice.title.split())
        blocks.append(Heading(f"{PRACTICES_NUMBER}.{number}. {title}"))
        body: list[Block] = []
        if practice.form.strip():
            body.append(Paragraph(f"Форма наставничества: {practice.form.strip()}."))
        body += _paragraphs("Содержание", practice.description)
        body += _paragraphs("Результаты", practice.results)
        blocks += body or [Paragraph("Содержание и результаты практики не описаны.")]
    return blocks


def _conclusions(data: AnalyticReport) -> list[Block]:
    items = conclusions(data)
    blocks: list[Block] = [_section(6)]
    blocks.append(Numbered(items) if items else Paragraph(NO_CONCLUSIONS))
    if data.curator_name.strip():
        blocks.append(Signature(data.curator_position.strip(), data.curator_name.strip()))
    if data.director_name.strip():
        blocks.append(Signature(data.director_position.strip(), data.director_name.strip()))
    if data.key_fingerprint.strip():
        # Printed so the municipality can compare it on paper with the key it trusts.
        blocks.append(Paragraph(f"Отпечаток ключа подписи пакета школы: {data.key_fingerprint}",
                                indent=False, align="left"))  # fmt: skip
    return blocks


def report_charts(data: AnalyticReport) -> list[tuple[str, Drawing]]:
    """The report's four charts with their captions, for the screen (the monitoring tab
    shows them as pictures before the report is printed)."""
    bars = [IndicatorBar(r.name, r.value, r.target, r.status) for r in data.indicators]
    series = [ScoreSeries(s.label.lower(), tuple(s.score_counts)) for s in data.surveys
              if len(s.score_counts) == len(charts.SCORES)]  # fmt: skip
    return [
        ("Показатели эффективности и плановые значения",
         charts.indicators_chart(bars, CHART_WIDTH_MM)),
        ("Пары и группы по формам наставничества", charts.pairs_chart(data.pairs, CHART_WIDTH_MM)),
        ("Выполнение дорожной карты",
         charts.roadmap_chart(data.roadmap or RoadmapCounts(), CHART_WIDTH_MM)),
        ("Распределение оценок удовлетворённости",
         charts.satisfaction_chart(series, CHART_WIDTH_MM)),
    ]  # fmt: skip
