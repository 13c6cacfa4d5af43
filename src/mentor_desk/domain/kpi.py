"""KPIs of the mentorship program (показатели эффективности): who counts, and each formula."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.pairs import Status
from mentor_desk.domain.participants import (
    CHILDREN_7_18,
    MENTEES_10_19,
    MENTORS_15_19,
    YOUNG_TEACHER_AGE,
    Category,
    age_on,
    is_young_specialist,
)
from mentor_desk.domain.text import fold

SATISFIED_SCORE = 7.0  # on the 1..10 scale: a respondent at 7 or above is satisfied
MIN_RESPONDENTS = 3  # fewer answers say nothing about a program
NEAR_SHARE = 0.8  # a value at 80 % of the target or more is "near"


class ContingentKey(str, Enum):
    """A denominator of the KPIs: a figure of the contingent for the academic year."""

    STUDENTS = "students"
    STUDENTS_7_18 = "students_7_18"
    STUDENTS_10_19 = "students_10_19"
    STUDENTS_15_19 = "students_15_19"
    STUDENTS_DOP = "students_dop"
    TEACHERS = "teachers"
    YOUNG_TEACHERS = "young_teachers"
    TEACHERS_UNDER_35 = "teachers_under_35"
    ORGANIZATIONS = "organizations"

    @property
    def label(self) -> str:
        return CONTINGENT_LABELS[self]


CONTINGENT_LABELS: dict[ContingentKey, str] = {
    ContingentKey.STUDENTS: "обучающихся всего",
    ContingentKey.STUDENTS_7_18: "обучающихся 7–18 лет",
    ContingentKey.STUDENTS_10_19: "обучающихся 10–19 лет",
    ContingentKey.STUDENTS_15_19: "обучающихся 15–19 лет",
    ContingentKey.STUDENTS_DOP: "обучающихся в ДОП (дополнительное образование), 7–18 лет",
    ContingentKey.TEACHERS: "педагогов всего",
    ContingentKey.YOUNG_TEACHERS: "молодых специалистов (стаж 0–3 года)",
    ContingentKey.TEACHERS_UNDER_35: "педагогов до 35 лет",
    ContingentKey.ORGANIZATIONS: "предприятий (организаций) территории",
}


class Computation(str, Enum):
    """What an indicator computes: the formula behind its name."""

    DOP_STUDENTS_INVOLVED = "dop_students_involved"
    CHILDREN_10_19_MENTEES = "children_10_19_mentees"
    CHILDREN_15_19_MENTORS = "children_15_19_mentors"
    YOUNG_TEACHERS_MENTEES = "young_teachers_mentees"
    TEACHERS_MENTORS = "teachers_mentors"
    ORGANIZATIONS_MENTORS = "organizations_mentors"
    MENTEE_SATISFACTION = "mentee_satisfaction"
    MENTOR_SATISFACTION = "mentor_satisfaction"
    STUDENTS_INVOLVED = "students_involved"
    TEACHERS_UNDER_35_MENTEES = "teachers_under_35_mentees"
    STUDENTS_MENTORS = "students_mentors"
    CONSENTS_COMPLETE = "consents_complete"
    PARTICIPANTS_IN_PAIRS = "participants_in_pairs"
    PLANS_DONE = "plans_done"

    @property
    def description(self) -> str:
        return COMPUTATION_DESCRIPTIONS[self]

    @property
    def contingent(self) -> ContingentKey | None:
        """The contingent figure that is the denominator; None when the register gives it."""
        return _DENOMINATORS.get(self)


COMPUTATION_DESCRIPTIONS: dict[Computation, str] = {
    Computation.DOP_STUDENTS_INVOLVED: (
        "обучающиеся 7–18 лет, занятые в ДОП, в парах (любая роль) / обучающиеся в ДОП"
    ),
    Computation.CHILDREN_10_19_MENTEES: (
        "обучающиеся 10–19 лет в роли наставляемого / обучающиеся 10–19 лет"
    ),
    Computation.CHILDREN_15_19_MENTORS: (
        "обучающиеся 15–19 лет в роли наставника / обучающиеся 15–19 лет"
    ),
    Computation.YOUNG_TEACHERS_MENTEES: (
        "молодые специалисты в роли наставляемого / молодые специалисты"
    ),
    Computation.TEACHERS_MENTORS: "педагоги в роли наставника / педагоги",
    Computation.ORGANIZATIONS_MENTORS: (
        "организации, предоставившие наставников / предприятия (организации) территории"
    ),
    Computation.MENTEE_SATISFACTION: (
        "наставляемые с оценкой 7 из 10 и выше / ответившие на анкету (не менее 3 ответов)"
    ),
    Computation.MENTOR_SATISFACTION: (
        "наставники с оценкой 7 из 10 и выше / ответившие на анкету (не менее 3 ответов)"
    ),
    Computation.STUDENTS_INVOLVED: "обучающиеся в парах (любая роль) / обучающиеся",
    Computation.TEACHERS_UNDER_35_MENTEES: (
        "педагоги до 35 лет в роли наставляемого / педагоги до 35 лет"
    ),
    Computation.STUDENTS_MENTORS: "обучающиеся в роли наставника / обучающиеся",
    Computation.CONSENTS_COMPLETE: "участники с действующим согласием / участники",
    Computation.PARTICIPANTS_IN_PAIRS: "участники в парах / участники",
    Computation.PLANS_DONE: "выполненные пункты планов / все пункты планов пар",
}

_DENOMINATORS: dict[Computation, ContingentKey] = {
    Computation.DOP_STUDENTS_INVOLVED: ContingentKey.STUDENTS_DOP,
    Computation.CHILDREN_10_19_MENTEES: ContingentKey.STUDENTS_10_19,
    Computation.CHILDREN_15_19_MENTORS: ContingentKey.STUDENTS_15_19,
    Computation.YOUNG_TEACHERS_MENTEES: ContingentKey.YOUNG_TEACHERS,
    Computation.TEACHERS_MENTORS: ContingentKey.TEACHERS,
    Computation.ORGANIZATIONS_MENTORS: ContingentKey.ORGANIZATIONS,
    Computation.STUDENTS_INVOLVED: ContingentKey.STUDENTS,
    Computation.TEACHERS_UNDER_35_MENTEES: ContingentKey.TEACHERS_UNDER_35,
    Computation.STUDENTS_MENTORS: ContingentKey.STUDENTS,
}

SATISFACTION_ROLES: dict[Computation, str] = {
    Computation.MENTEE_SATISFACTION: "mentee",
    Computation.MENTOR_SATISFACTION: "mentor",
}


@dataclass(frozen=True)
class KpiPerson:
    """A person of the register as the KPIs see them (facts taken on the reference date).

    experience: full years on the reference date (participants.experience_on);
    consent_valid: consent_state(...) is VALID on the reference date.
    """

    id: int
    category: Category
    birth_date: date | None
    in_dop: bool
    experience: int | None
    organization: str
    archived: bool
    is_mentor: bool
    is_mentee: bool
    consent_valid: bool


@dataclass(frozen=True)
class KpiPair:
    """A pair (or a group: several mentees) as the KPIs see it."""

    id: int
    status: str
    order_number: str
    order_date: date | None
    started_on: date | None
    ended_on: date | None
    form: str
    mentor_id: int
    mentee_ids: tuple[int, ...]
    plan_total: int = 0
    plan_done: int = 0


@dataclass(frozen=True)
class IndicatorDef:
    """One indicator of a set: its name as the source words it, its formula, its targets.

    targets: percentages keyed by calendar year (2022: 50.0).
    """

    key: str
    name: str
    computes: Computation
    targets: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorSet:
    """A set of indicators a municipality (or a school) reports on."""

    key: str
    title: str
    source: str
    indicators: tuple[IndicatorDef, ...]


@dataclass(frozen=True)
class KpiResult:
    """One indicator computed for a year.

    counted_ids: the people counted in the numerator; candidate_ids: the people of the
    population who are not counted but could be (not archived). For plans_done both are
    pair ids (pairs whose plan is done / counted pairs with items left); for satisfaction
    both are empty (answers may be anonymous) and respondents is the number of answers.
    """

    key: str
    name: str
    computes: Computation
    numerator: int
    denominator: int | None
    value: float | None
    target: float | None
    status: str
    counted_ids: frozenset[int] = frozenset()
    candidate_ids: frozenset[int] = frozenset()
    respondents: int | None = None


def target_for(indicator: IndicatorDef, year: AcademicYear) -> float | None:
    """The target of the latest target year not after the year's end (2023/2024 → 2024)."""
    years = [y for y in indicator.targets if y <= year.start_year + 1]
    return indicator.targets[max(years)] if years else None


_APPROVED = frozenset({Status.APPROVED.value, Status.ACTIVE.value, Status.ENDED.value})


def is_counted(pair: KpiPair, year: AcademicYear) -> bool:
    """A pair counts for a year when it was approved by order and active on some day of it.

    In plain words: the pair is approved, active or ended (a draft never counts) and has
    an order (its number or its date); it began (on its start date, or else on the date
    of its order) no later than the last day of the academic year, and it did not end
    before the first day. A pair with neither date does not count. Everyone in a counted
    pair (the mentor and each mentee) counts for the year, once however many pairs they
    are in; archived people count for the years their pair was active.
    """
    if pair.status not in _APPROVED:
        return False
    if not (pair.order_number.strip() or pair.order_date):
        return False
    start = pair.started_on or pair.order_date
    if start is None or start > year.end:
        return False
    return pair.ended_on is None or pair.ended_on >= year.start


def _is_student_in(band_low: int, band_high: int) -> Callable[[KpiPerson, int | None], bool]:
    def test(person: KpiPerson, age: int | None) -> bool:
        return (
            person.category is Category.STUDENT and age is not None and band_low <= age <= band_high
        )

    return test


def _is_student(person: KpiPerson, age: int | None) -> bool:
    return person.category is Category.STUDENT


def _is_dop_student(person: KpiPerson, age: int | None) -> bool:
    return person.in_dop and person.category is Category.STUDENT and age in CHILDREN_7_18


def _is_teacher(person: KpiPerson, age: int | None) -> bool:
    return person.category is Category.TEACHER


def _is_young_teacher(person: KpiPerson, age: int | None) -> bool:
    return is_young_specialist(person.category, person.experience)


def _is_teacher_under_35(person: KpiPerson, age: int | None) -> bool:
    return person.category is Category.TEACHER and age is not None and age < YOUNG_TEACHER_AGE


def _is_partner(person: KpiPerson, age: int | None) -> bool:
    return person.category is Category.PARTNER and bool(fold(person.organization))


Test = Callable[[KpiPerson, int | None], bool]

_IS_STUDENT_7_18 = _is_student_in(CHILDREN_7_18.low, CHILDREN_7_18.high)
_IS_STUDENT_10_19 = _is_student_in(MENTEES_10_19.low, MENTEES_10_19.high)
_IS_STUDENT_15_19 = _is_student_in(MENTORS_15_19.low, MENTORS_15_19.high)

_REGISTER_TESTS: dict[ContingentKey, Test] = {
    ContingentKey.STUDENTS: _is_student,
    ContingentKey.STUDENTS_7_18: _IS_STUDENT_7_18,
    ContingentKey.STUDENTS_10_19: _IS_STUDENT_10_19,
    ContingentKey.STUDENTS_15_19: _IS_STUDENT_15_19,
    ContingentKey.STUDENTS_DOP: _is_dop_student,
    ContingentKey.TEACHERS: _is_teacher,
    ContingentKey.YOUNG_TEACHERS: _is_young_teacher,
    ContingentKey.TEACHERS_UNDER_35: _is_teacher_under_35,
    ContingentKey.ORGANIZATIONS: _is_partner,
}

# (the category, who of it is in the population, which role counts: "any", "mentor" or "mentee")
_S, _T, _P = Category.STUDENT, Category.TEACHER, Category.PARTNER
_PEOPLE_FORMULAS: dict[Computation, tuple[Category, Test, str]] = {
    Computation.DOP_STUDENTS_INVOLVED: (_S, _is_dop_student, "any"),
    Computation.CHILDREN_10_19_MENTEES: (_S, _IS_STUDENT_10_19, "mentee"),
    Computation.CHILDREN_15_19_MENTORS: (_S, _IS_STUDENT_15_19, "mentor"),
    Computation.YOUNG_TEACHERS_MENTEES: (_T, _is_young_teacher, "mentee"),
    Computation.TEACHERS_MENTORS: (_T, _is_teacher, "mentor"),
    Computation.ORGANIZATIONS_MENTORS: (_P, _is_partner, "mentor"),
    Computation.STUDENTS_INVOLVED: (_S, _is_student, "any"),
    Computation.TEACHERS_UNDER_35_MENTEES: (_T, _is_teacher_under_35, "mentee"),
    Computation.STUDENTS_MENTORS: (_S, _is_student, "mentor"),
}


def register_count(key: ContingentKey, people: Iterable[KpiPerson], reference_date: date) -> int:
    """A contingent figure as the register knows it: people not archived, ages on the
    reference date; organizations are the distinct partners' organizations (case, ё and
    spaces ignored)."""
    test = _REGISTER_TESTS[key]
    chosen = [p for p in people if not p.archived and test(p, age_on(p.birth_date, reference_date))]
    if key is ContingentKey.ORGANIZATIONS:
        return len({fold(p.organization) for p in chosen})
    return len(chosen)


def status(value: float | None, target: float | None) -> str:
    """met / near (at 80 % of the target or more) / far; no_data without both figures, or
    for a share above 100 %: more counted than the denominator holds is a typing slip in
    the contingent, not an achievement."""
    if value is None or target is None or value > 100.0:
        return "no_data"
    if value >= target:
        return "met"
    return "near" if value >= NEAR_SHARE * target else "far"


def percent(numerator: int, denominator: int | None) -> float | None:
    """The share in percent with one decimal; None when there is nothing to divide by."""
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)


@dataclass(frozen=True)
class _Facts:
    """What every indicator of one compute() call shares, worked out once."""

    people: Sequence[KpiPerson]
    by_category: dict[Category, list[tuple[KpiPerson, int | None]]]  # with ages
    pairs: list[KpiPair]  # the counted pairs
    roles: dict[str, frozenset[int]]  # "mentor", "mentee", "any" -> person ids
    archived: frozenset[int]
    populations: dict[Test, frozenset[int]] = field(default_factory=dict)

    def population(self, category: Category, test: Test) -> frozenset[int]:
        """The ids of the people of a category who pass a test: once per call and test."""
        if test not in self.populations:
            group = self.by_category.get(category, ())
            self.populations[test] = frozenset(p.id for p, age in group if test(p, age))
        return self.populations[test]

    @classmethod
    def gather(
        cls,
        people: Sequence[KpiPerson],
        pairs: Iterable[KpiPair],
        year: AcademicYear,
        reference_date: date,
    ) -> _Facts:
        counted = [pair for pair in pairs if is_counted(pair, year)]
        mentors = frozenset(pair.mentor_id for pair in counted)
        mentees = frozenset(i for pair in counted for i in pair.mentee_ids)
        by_category: dict[Category, list[tuple[KpiPerson, int | None]]] = {}
        for p in people:
            by_category.setdefault(p.category, []).append((p, age_on(p.birth_date, reference_date)))
        roles = {"mentor": mentors, "mentee": mentees, "any": mentors | mentees}
        archived = frozenset(p.id for p in people if p.archived)
        return cls(people, by_category, counted, roles, archived)


def _people_result(
    facts: _Facts, computes: Computation, contingent: Mapping[ContingentKey, int | None]
) -> tuple[int, int | None, frozenset[int], frozenset[int]]:
    category, test, role = _PEOPLE_FORMULAS[computes]
    population = facts.population(category, test)
    counted = population & facts.roles[role]
    candidates = population - counted - facts.archived
    key = computes.contingent
    denominator = contingent.get(key) if key else None
    if computes is Computation.ORGANIZATIONS_MENTORS:
        partners = facts.by_category.get(category, ())
        numerator = len({fold(p.organization) for p, _ in partners if p.id in counted})
    else:
        numerator = len(counted)
    return numerator, denominator, counted, candidates


def _register_result(
    facts: _Facts, computes: Computation
) -> tuple[int, int | None, frozenset[int], frozenset[int]]:
    if computes is Computation.PLANS_DONE:
        done = sum(pair.plan_done for pair in facts.pairs)
        total = sum(pair.plan_total for pair in facts.pairs)
        finished = frozenset(p.id for p in facts.pairs if p.plan_done >= p.plan_total)
        left = frozenset(p.id for p in facts.pairs if p.plan_done < p.plan_total)
        return done, total, finished, left
    in_pairs = facts.roles["any"]
    participants = [
        p
        for p in facts.people
        if not p.archived and (p.is_mentor or p.is_mentee or p.id in in_pairs)
    ]
    if computes is Computation.CONSENTS_COMPLETE:
        good = frozenset(p.id for p in participants if p.consent_valid)
    else:
        good = frozenset(p.id for p in participants if p.id in in_pairs)
    rest = frozenset(p.id for p in participants) - good
    return len(good), len(participants), good, rest


def _satisfaction_result(
    indicator: IndicatorDef, target: float | None, scores: Sequence[float]
) -> KpiResult:
    satisfied = sum(1 for score in scores if score >= SATISFIED_SCORE)
    value = percent(satisfied, len(scores)) if len(scores) >= MIN_RESPONDENTS else None
    return KpiResult(
        indicator.key, indicator.name, indicator.computes, satisfied, len(scores), value,
        target, status(value, target), respondents=len(scores),
    )  # fmt: skip


def compute(
    indicator_set: IndicatorSet,
    year: AcademicYear,
    reference_date: date,
    people: Sequence[KpiPerson],
    pairs: Iterable[KpiPair],
    contingent: Mapping[ContingentKey, int | None],
    satisfaction: Mapping[str, Sequence[float]],
) -> list[KpiResult]:
    """Each indicator of the set for the year, in the set's order.

    people: the register (erased people are simply not there); contingent: the year's
    denominators; satisfaction: per role ("mentee", "mentor") the respondents' scores.
    """
    facts = _Facts.gather(people, pairs, year, reference_date)
    results: list[KpiResult] = []
    for indicator in indicator_set.indicators:
        computes = indicator.computes
        target = target_for(indicator, year)
        if computes in SATISFACTION_ROLES:
            scores = satisfaction.get(SATISFACTION_ROLES[computes], ())
            results.append(_satisfaction_result(indicator, target, scores))
            continue
        if computes in _PEOPLE_FORMULAS:
            numerator, denominator, counted, candidates = _people_result(
                facts, computes, contingent
            )
        else:
            numerator, denominator, counted, candidates = _register_result(facts, computes)
        value = percent(numerator, denominator)
        results.append(
            KpiResult(
                indicator.key,
                indicator.name,
                computes,
                numerator,
                denominator,
                value,
                target,
                status(value, target),
                counted,
                candidates,
            )
        )
    return results
