"""The demo school's monitoring for the academic year before the current one and the current
one: students in additional education (ДОП), the contingent, satisfaction survey answers,
the SWOT table (этап 1), the growth of mentees (этап 2) and the curator's best practices of
each year, so the dashboard and the report are alive.

Everything is written through services.monitoring and services.practices (the answers
checked by domain.surveys against the shipped questionnaire), with a Random of its own:
the rest of the school does not change. The earlier year is a little worse than the
current one, so the trend grows. The chosen indicator set and the reference dates are left
as they are by default.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentor_desk.demo.people import Generator
from mentor_desk.domain.dates import AcademicYear, format_date
from mentor_desk.domain.kpi import MIN_RESPONDENTS, ContingentKey, KpiPair, is_counted
from mentor_desk.domain.pairs import Form
from mentor_desk.domain.participants import CHILDREN_7_18, Category, age_on
from mentor_desk.domain.surveys import Answer, Question, check_answers
from mentor_desk.queries import monitoring as reads
from mentor_desk.services import monitoring, practices
from mentor_desk.services.kpi import register_counts
from mentor_desk.services.surveys import questionnaire
from mentor_desk.storage.models import GrowthParameter, Participant

DOP_SHARE = 0.38  # of the students aged 7-18: «занимается в ДОП» (кружки, секции, ДШИ)
MENTEE_RESPONDENTS = 40
MENTOR_RESPONDENTS = 15
ANSWERED_SHARE = 0.9  # of the year's participants of a role, at most
NAMED_SHARE = 0.25  # respondents who wrote their name (and are in the year's pairs)
OPEN_ANSWER_SHARE = 0.3
MEASURED_SHARE = 0.85  # of the mentees of the year's counted pairs
MEASURED_MAX = 1000  # mentees measured in a year, however big the school
CHUNK = 500  # ids in one IN (…) of a query
FRESH_PAIR_DAYS = 30  # a pair begun this recently has no measurement at the end yet

# The satisfaction of the respondents, per year (earlier, now): the share of the unhappy
# ones (exactly so many), and the range the others' mood is drawn from.
LOW_SHARE = {"earlier": 0.15, "now": 0.07}
HIGH_MOOD = {"earlier": (6.5, 9.6), "now": (7.4, 10.0)}

FORM_OPTIONS = {
    Form.STUDENT_STUDENT.value: "Ученик — ученик",
    Form.TEACHER_TEACHER.value: "Учитель — учитель",
    Form.TEACHER_STUDENT.value: "Учитель — ученик",
    Form.UNIVERSITY_STUDENT_STUDENT.value: "Другое",
    Form.EMPLOYER_STUDENT.value: "Работодатель — ученик",
    Form.EMPLOYER_UNIVERSITY_STUDENT.value: "Работодатель — ученик",
    Form.HEAD_TEACHER.value: "Учитель — учитель",
    Form.LECTURER_YOUNG_TEACHER.value: "Учитель — учитель",
    Form.PARTNER_TEACHER.value: "Учитель — учитель",
}
ANONYMOUS_FORMS = {
    "mentee": {"Ученик — ученик": 4, "Учитель — ученик": 5, "Учитель — учитель": 2,
               "Работодатель — ученик": 1, "Другое": 0.3},
    "mentor": {"Ученик — ученик": 2, "Учитель — ученик": 6, "Учитель — учитель": 3,
               "Работодатель — ученик": 1, "Другое": 0.3},
}  # fmt: skip
MEETINGS = {"Раз в неделю и чаще": 5, "Раз в две недели": 4, "Раз в месяц": 2,
            "Реже раза в месяц": 0.7}  # fmt: skip

LIKED = {
    "mentee": (
        "Стало проще готовиться к олимпиаде",
        "Наставник всегда находил время, чтобы объяснить непонятную тему",
        "Понравилось, что можно было спросить о чём угодно и не бояться ошибиться",
        "Подтянул математику, перестал бояться контрольных",
        "Вместе готовили проект на научно-практическую конференцию",
        "Появилась уверенность при ответе у доски",
        "Разобрали задания ОГЭ, которые раньше не получались",
        "Помогли освоиться в новом классе",
        "Посещение уроков наставника и разбор моих уроков",
        "Помощь с рабочей программой и электронным журналом",
        "Экскурсия на предприятие, узнал, как устроена работа инженера",
    ),
    "mentor": (
        "Видно, как ребёнок становится увереннее",
        "Наставляемый сам стал предлагать темы для встреч",
        "Обмен опытом с молодым коллегой, сама узнала много нового о цифровых ресурсах",
        "Совместная подготовка к олимпиаде, двое ребят вышли на муниципальный этап",
        "Поддержка куратора и понятный план работы",
        "Молодой специалист провёл открытый урок на методическом объединении",
    ),
}
IMPROVE = {
    "mentee": (
        "Хотелось бы встречаться чаще",
        "Больше времени на подготовку к экзаменам",
        "Неудобное время встреч после шестого урока",
        "Чтобы было больше практических заданий",
        "Ничего не менять, всё устраивает",
        "Хотелось бы выбрать наставника самому",
        "Меньше бумаг и отчётов",
    ),
    "mentor": (
        "Сократить отчётность, оставить только план и итоговую справку",
        "Выделять часы на наставничество в нагрузке",
        "Нужен отдельный кабинет для встреч",
        "Больше обучающих семинаров для наставников",
        "Согласовывать график встреч с расписанием кружков",
    ),
}

SWOT = {
    "earlier": {
        "strength": (
            "Опытные педагоги-наставники со стажем работы более 20 лет",
            "Поддержка программы администрацией школы",
            "Положительный опыт работы пар «ученик — ученик» в 5–7 классах",
        ),
        "weakness": (
            "Высокая учебная нагрузка наставников, встречи переносятся",
            "Не у всех наставников пройдено обучение по программе наставничества",
            "Слабая вовлечённость родителей",
            "Не выработан единый порядок ведения документации пар",
        ),
        "opportunity": (
            "Сотрудничество с организациями-партнёрами округа",
            "Курсы повышения квалификации для наставников",
            "Участие в муниципальном конкурсе «Наставник года»",
        ),
        "threat": (
            "Нехватка времени у обучающихся выпускных классов в период подготовки к ГИА",
            "Отток молодых специалистов в первые годы работы",
            "Формальное отношение части участников к программе",
        ),
    },
    "now": {
        "strength": (
            "Сложившийся коллектив наставников, прошедших обучение",
            "Поддержка программы администрацией школы и управляющим советом",
            "Рост успеваемости и мотивации наставляемых по итогам прошлого года",
            "Все молодые специалисты закреплены за наставниками",
        ),
        "weakness": (
            "Высокая учебная нагрузка наставников",
            "Мало пар с участием представителей предприятий",
            "Недостаточное информирование родителей о результатах программы",
        ),
        "opportunity": (
            "Партнёрство с предприятиями округа и центром «Точка роста»",
            "Обмен опытом с наставниками школ округа на методических объединениях",
            "Дистанционные встречи пар в электронной образовательной среде",
            "Грантовая поддержка проектов наставнических пар",
        ),
        "threat": (
            "Перегрузка обучающихся 9 и 11 классов в период подготовки к ГИА",
            "Увольнение или переход наставников в другие организации",
            "Сокращение часов внеурочной деятельности",
        ),
    },
}


@dataclass(frozen=True)
class DemoPractice:
    """A best practice the demo curator wrote: title, form, what was done, the results."""

    title: str
    form: Form | None
    description: str
    results: str


PRACTICES = {
    "earlier": (
        DemoPractice(
            "Клуб юных инженеров: старшеклассники-наставники готовят семиклассников "
            "к робототехнике",
            Form.STUDENT_STUDENT,
            "Шесть учеников 10–11 классов, участники регионального этапа олимпиады по "
            "технологии, вели по две группы семиклассников на базе центра «Точка роста». "
            "Занятия дважды в неделю после уроков: сборка и программирование роботов, "
            "подготовка к соревнованиям.\n"
            "Наставники составили план на полугодие вместе с учителем технологии, который "
            "консультировал их раз в две недели.",
            "В клубе занимались 18 семиклассников, до конца года остались 16. Четыре "
            "команды выступили на муниципальных соревнованиях по робототехнике, две заняли "
            "призовые места. Средний балл по информатике у участников вырос с 3,9 до 4,3.",
        ),
        DemoPractice(
            "Школа молодого педагога: посещение и разбор уроков",
            Form.TEACHER_TEACHER,
            "Каждый молодой специалист закреплён за опытным учителем своего предмета. "
            "Наставник и наставляемый посещали уроки друг друга не реже раза в месяц и "
            "разбирали их по единой карте наблюдения; раз в четверть — открытый урок "
            "молодого педагога на методическом объединении.",
            "Все 5 молодых педагогов остались работать в школе на следующий учебный год. "
            "Трое провели открытые уроки, один стал призёром муниципального конкурса "
            "«Педагогический дебют».",
        ),
    ),
    "now": (
        DemoPractice(
            "Клуб юных инженеров: старшеклассники-наставники готовят семиклассников "
            "к робототехнике",
            Form.STUDENT_STUDENT,
            "Второй год клуба: к наставникам-старшеклассникам присоединились прошлогодние "
            "семиклассники, теперь они помогают новичкам как младшие наставники. Занятия "
            "дважды в неделю в центре «Точка роста», раз в месяц — открытая защита "
            "проектов для родителей.",
            "В клубе 24 ученика 7–8 классов и 8 наставников. К декабрю собраны и "
            "запрограммированы 6 роботов, команда клуба вышла в региональный этап "
            "соревнований. Пропусков занятий — не более 10 %.",
        ),
        DemoPractice(
            "Профессиональные пробы на предприятии-партнёре",
            Form.EMPLOYER_STUDENT,
            "Инженеры предприятия-партнёра — наставники учеников 9–10 классов, выбравших "
            "инженерный профиль. Каждая пара провела экскурсию на производство, две "
            "профессиональные пробы в цехах и встречи по выбору профессии; итог — "
            "мини-проект по задаче, которую предложил наставник.",
            "12 учеников прошли профессиональные пробы, 9 защитили мини-проекты. "
            "Семеро выбрали профильный инженерный класс, двое записались на летнюю "
            "практику на предприятии.",
        ),
        DemoPractice(
            "Реверсивное наставничество: ученики учат педагогов цифровым сервисам",
            None,  # students teaching teachers: no form of the list fits, the kind is реверсивная
            "Ученики 8–9 классов провели для педагогов серию коротких занятий: "
            "электронный журнал, онлайн-доска, создание тестов в школьной цифровой среде. "
            "Каждое занятие — 30 минут после уроков, в малых группах по 3–4 учителя.",
            "Занятия посетили 27 педагогов; 21 стал проводить тесты в цифровой среде "
            "хотя бы раз в месяц. Доля уроков с цифровыми ресурсами выросла с 35 до 58 %.",
        ),
    ),
}


@dataclass(frozen=True)
class Growth:
    """A stage-2 parameter of the demo: its scale and the start and the change drawn."""

    name: str
    audience: str
    low: float
    high: float
    start: dict[str, tuple[float, float]]  # period → (mean, spread) at the start
    change: dict[str, tuple[float, float]]  # period → (mean, spread) of end - start
    digits: int


GROWTH = (
    Growth(
        "Средний балл", "students", 2.0, 5.0,
        {"earlier": (3.2, 0.45), "now": (3.3, 0.45)},
        {"earlier": (0.3, 0.25), "now": (0.45, 0.25)}, 1,
    ),
    Growth(
        "Мотивация к учёбе (1–10)", "students", 1.0, 10.0,
        {"earlier": (5.2, 1.4), "now": (5.5, 1.4)},
        {"earlier": (1.0, 1.1), "now": (1.5, 1.1)}, 0,
    ),
    Growth(
        "Методическое мастерство (1–10)", "teachers", 1.0, 10.0,
        {"earlier": (4.5, 1.2), "now": (4.8, 1.2)},
        {"earlier": (1.2, 0.9), "now": (1.6, 0.9)}, 0,
    ),
)  # fmt: skip
COUNTED = ("contingent_figures", "mentee_responses", "mentor_responses", "swot_items",
           "growth_parameters", "measurements", "practices")  # fmt: skip
AUDIENCE_CATEGORIES = {"students": (Category.STUDENT,), "teachers": (Category.TEACHER,)}


def mark_dop(gen: Generator, seed: int) -> int:
    """«Занимается в ДОП» for about DOP_SHARE of the students 7-18 on this year's reference
    date, set on the rows before they go in; returns how many."""
    rng = random.Random(f"dop:{seed}")
    on = gen.year.reference_date
    marked = 0
    for row in gen.rows:
        age = age_on(row["birth_date"], on)
        dop = (
            row["category"] == Category.STUDENT.value
            and age in CHILDREN_7_18
            # the younger ones go to кружки more often than the 11th graders
            and rng.random() < DOP_SHARE + (0.08 if age is not None and age <= 12 else -0.05)
        )
        row["in_dop"] = dop
        marked += dop
    return marked


@dataclass
class _Year:
    year: AcademicYear
    period: str  # "earlier" or "now"
    pairs: list[KpiPair]  # the year's counted pairs


class MonitoringMaker:
    def __init__(self, session: Session, gen: Generator, seed: int) -> None:
        self.session = session
        self.today = gen.today
        self.rng = random.Random(f"monitoring:{seed}")  # apart from the school's draws
        self.q = questionnaire()
        session.flush()
        conn = session.connection().connection.driver_connection  # this transaction's rows
        assert isinstance(conn, sqlite3.Connection)
        self.conn = conn
        self.pairs = reads.pair_facts(conn)
        self.categories = {int(r["id"]): Category(r["category"]) for r in gen.rows}
        self.archived = {int(r["id"]) for r in gen.rows if r["archived_at"] is not None}
        self.counts = dict.fromkeys(COUNTED, 0)

    def make(self) -> dict[str, int]:
        now = self.today
        current = AcademicYear.containing(now)
        for year, period in ((AcademicYear(current.start_year - 1), "earlier"), (current, "now")):
            counted = [p for p in self.pairs if is_counted(p, year)]
            y = _Year(year, period, counted)
            self.contingent(y)
            self.surveys(y)
            self.swot(y)
            self.growth(y)
            self.practices(y)
        return self.counts

    def _count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    # --- the contingent ---------------------------------------------------------------

    def contingent(self, y: _Year) -> None:
        rng, start = self.rng, y.year.start_year
        on = reads.reference_date(self.conn, y.year)
        counts = register_counts(reads.people_facts(self.conn, on), on)
        taken = min(self.today, date(start, 9, rng.randint(10, 20)))
        monitoring.take_from_register(
            self.session, start, {k.value: n for k, n in counts.items()}, taken
        )
        # The territory has more children and enterprises than the school's register.
        form_day = format_date(min(self.today, date(start, 9, 20)))
        children = counts[ContingentKey.STUDENTS_10_19]
        monitoring.set_figure(
            self.session, start, ContingentKey.STUDENTS_10_19.value,
            children + max(5, round(children * rng.uniform(0.12, 0.2))),
            note=f"по форме ОО-1 и данным отдела образования на {form_day}: дети 10–19 лет, "
            "проживающие на территории округа",
        )  # fmt: skip
        organizations = counts[ContingentKey.ORGANIZATIONS]
        monitoring.set_figure(
            self.session, start, ContingentKey.ORGANIZATIONS.value,
            organizations + rng.randint(6, 10) - (y.period == "earlier"),
            note=f"реестр предприятий и организаций округа на {form_day} (данные администрации)",
        )  # fmt: skip
        self._count("contingent_figures", len(counts))

    # --- satisfaction surveys ---------------------------------------------------------

    def _people(self, y: _Year, role: str) -> list[tuple[int, str]]:
        """The year's pair participants of the role with their pair's form, once each."""
        seen: dict[int, str] = {}
        for pair in y.pairs:
            ids = (pair.mentor_id,) if role == "mentor" else pair.mentee_ids
            for pid in ids:
                if pid not in self.archived:
                    seen.setdefault(pid, pair.form)
        return sorted(seen.items())

    def _choice(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def _answers(self, y: _Year, role: str, form: str | None, low: bool) -> dict[str, Answer]:
        rng = self.rng
        mood = rng.uniform(3.0, 6.4) if low else rng.uniform(*HIGH_MOOD[y.period])
        raw: dict[str, Any] = {}
        for question in self.q.for_role(role):
            raw[question.key] = self._answer(question, role, mood, form)
        answers = check_answers(self.q, role, raw)
        return answers

    def _answer(self, question: Question, role: str, mood: float, form: str | None) -> Any:
        rng = self.rng
        if question.kind == "score":
            if question.key != "overall" and rng.random() < 0.03:
                return None  # a question left blank
            return max(1, min(10, round(rng.gauss(mood, 0.9))))
        if question.key == "form":
            return FORM_OPTIONS.get(form or "") or self._choice(ANONYMOUS_FORMS[role])
        if question.key == "meetings":
            return self._choice(MEETINGS)
        if question.key == "again":
            options = question.options
            index = 0 if mood >= 8.5 else 1 if mood >= 6.5 else rng.choice((1, 2, 2, 3))
            return options[min(index, len(options) - 1)]
        if question.key == "liked" and mood < 6.5:
            return None  # the unhappy ones write what to change, if anything
        if question.kind == "open" and rng.random() < OPEN_ANSWER_SHARE * (1 + (mood < 6.5)):
            texts = LIKED[role] if question.key == "liked" else IMPROVE[role]
            return rng.choice(texts)
        return None

    def surveys(self, y: _Year) -> None:
        rng = self.rng
        for role, total in (("mentee", MENTEE_RESPONDENTS), ("mentor", MENTOR_RESPONDENTS)):
            people = self._people(y, role)
            # not more answers than the year has participants of the role
            total = min(total + rng.randint(-3, 3), round(len(people) * ANSWERED_SHARE))
            named: list[tuple[int | None, str | None]] = list(
                rng.sample(people, min(len(people), round(total * NAMED_SHARE)))
            )
            named += [(None, None)] * (total - len(named))
            unhappy = round(total * LOW_SHARE[y.period])
            if y.period == "earlier" and total >= MIN_RESPONDENTS:
                unhappy = max(unhappy, 1)  # the year before is never perfect
            low = set(rng.sample(range(total), unhappy))
            rows = [
                (pid, self._answers(y, role, form, index in low))
                for index, (pid, form) in enumerate(named)
            ]
            rng.shuffle(rows)
            monitoring.add_responses(self.session, y.year.start_year, role, rows)
            self._count(f"{role}_responses", len(rows))

    # --- stage 1 ----------------------------------------------------------------------

    def swot(self, y: _Year) -> None:
        for quadrant in monitoring.QUADRANTS:
            for text in SWOT[y.period][quadrant]:
                monitoring.add_swot(self.session, y.year.start_year, quadrant, text)
                self._count("swot_items")

    # --- best practices -----------------------------------------------------------------

    def practices(self, y: _Year) -> None:
        for case in PRACTICES[y.period]:
            practices.add_practice(
                self.session,
                y.year.start_year,
                case.title,
                case.form.value if case.form is not None else "",
                case.description,
                case.results,
            )
            self._count("practices")

    # --- stage 2 ----------------------------------------------------------------------

    def _mentees(self, y: _Year) -> list[tuple[int, date | None]]:
        """The year's mentees (once each, not archived) with the day their pair began."""
        began: dict[int, date | None] = {}
        for pair in y.pairs:
            for pid in pair.mentee_ids:
                if pid not in self.archived and pid not in began:
                    began[pid] = pair.started_on or pair.order_date
        return sorted(began.items(), key=lambda item: item[0])

    @staticmethod
    def _on_scale(growth: Growth, value: float) -> float:
        value = min(growth.high, max(growth.low, value))
        return round(value, growth.digits) if growth.digits else float(round(value))

    def growth(self, y: _Year) -> None:
        """The parameters of the year and most of its mentees measured (at most
        MEASURED_MAX: a curator types these by hand), start and end; a mentee's progress
        is one draw, so their mark and their motivation grow (or fall) together."""
        rng, start_year = self.rng, y.year.start_year
        mentees = [m for m in self._mentees(y) if rng.random() < MEASURED_SHARE]
        if len(mentees) > MEASURED_MAX:
            mentees = sorted(rng.sample(mentees, MEASURED_MAX))
        progress = {pid: rng.gauss(0.0, 1.0) for pid, _ in mentees}
        fresh = self.today - timedelta(days=FRESH_PAIR_DAYS)
        # The people measured in the identity map and no flush before each lookup, so the
        # service's checks cost no query each; the identity map holds clean objects weakly,
        # so they are kept here while in use.
        ids = [pid for pid, _ in mentees]
        held: list[object] = []
        for at in range(0, len(ids), CHUNK):
            chosen = select(Participant).where(Participant.id.in_(ids[at : at + CHUNK]))
            held += self.session.scalars(chosen).all()
        for growth in GROWTH:
            parameter = monitoring.add_parameter(
                self.session, start_year, growth.name, growth.audience
            )
            held.append(self.session.get(GrowthParameter, parameter))
            wanted = AUDIENCE_CATEGORIES[growth.audience]
            change, spread = growth.change[y.period]
            for pid, began in mentees:
                if self.categories.get(pid) not in wanted:
                    continue
                start = self._on_scale(growth, rng.gauss(*growth.start[y.period]))
                own = 0.8 * progress[pid] + 0.6 * rng.gauss(0.0, 1.0)
                end: float | None = self._on_scale(growth, start + change + spread * own)
                if y.period == "now" and began is not None and began > fresh:
                    end = None  # begun a few weeks ago: nothing to measure at the end yet
                with self.session.no_autoflush:
                    monitoring.set_measurement(self.session, parameter, pid, start=start, end=end)
                self._count("measurements")
            self._count("growth_parameters")


def insert_monitoring(session: Session, gen: Generator, seed: int) -> dict[str, int]:
    """The contingent, survey answers, SWOT, growth and best practices of the last and this
    academic year; the pairs must be in the session already. Returns how many of what were
    written."""
    return MonitoringMaker(session, gen, seed).make()
