"""The monitoring KPIs (domain.kpi) on small registers computed by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.kpi import (
    Computation,
    ContingentKey,
    IndicatorDef,
    IndicatorSet,
    KpiPair,
    KpiPerson,
    compute,
    is_counted,
    register_count,
    status,
    target_for,
)
from mentor_desk.domain.participants import Category

YEAR = AcademicYear(2025)
REF = YEAR.reference_date  # 01.09.2025


def person(
    pid: int, category: Category = Category.STUDENT, born: date | None = None, **kw: object
) -> KpiPerson:
    facts: dict[str, object] = dict(
        in_dop=False, experience=None, organization="", archived=False,
        is_mentor=False, is_mentee=False, consent_valid=False,
    )  # fmt: skip
    facts.update(kw)
    return KpiPerson(pid, category, born, **facts)  # type: ignore[arg-type]


def pair(pid: int, mentor: int, *mentees: int, **kw: object) -> KpiPair:
    facts: dict[str, object] = dict(
        status="active", order_number="5-о", order_date=date(2025, 9, 5),
        started_on=date(2025, 9, 10), ended_on=None, form="student_student",
        plan_total=0, plan_done=0,
    )  # fmt: skip
    facts.update(kw)
    return KpiPair(pid, mentor_id=mentor, mentee_ids=tuple(mentees), **facts)  # type: ignore[arg-type]


def one(computes: Computation, targets: dict[int, float] | None = None) -> IndicatorSet:
    return IndicatorSet("t", "t", "t", (IndicatorDef("k", "Показатель", computes, targets or {}),))


def run(computes, people, pairs, contingent=None, satisfaction=None, targets=None):
    [result] = compute(one(computes, targets), YEAR, REF, people, pairs, contingent or {},
                       satisfaction or {})  # fmt: skip
    return result


# --- the counted rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "counted"),
    [
        ({}, True),
        ({"status": "draft"}, False),  # a draft never counts, even with an order
        ({"status": "approved"}, True),
        ({"status": "ended", "ended_on": date(2025, 12, 1)}, True),
        ({"order_number": "", "order_date": None}, False),  # approved without an order
        ({"order_number": " "}, True),  # the order's date alone is an order
        ({"order_number": "", "order_date": None, "status": "ended"}, False),
        ({"ended_on": date(2025, 8, 31), "status": "ended"}, False),  # ended before the year
        ({"ended_on": date(2025, 9, 1), "status": "ended"}, True),  # ended on its first day
        ({"started_on": date(2026, 9, 1), "order_date": date(2026, 8, 20)}, False),  # after
        ({"started_on": date(2026, 8, 31)}, True),  # starts on the year's last day
        ({"started_on": None}, True),  # the order's date is the start
        ({"started_on": None, "order_date": None}, False),  # no start date at all
        ({"started_on": None, "order_date": date(2026, 9, 2)}, False),
        ({"started_on": date(2020, 9, 1)}, True),  # an old open pair
    ],
)
def test_is_counted(changes, counted):
    assert is_counted(pair(1, 1, 2, **changes), YEAR) is counted


# --- register counts --------------------------------------------------------------------


def born_aged(age: int, *, birthday_after_ref: bool = False) -> date:
    """Born so that on 01.09.2025 the person is `age` full years old."""
    return date(2025 - age - (1 if birthday_after_ref else 0), 9, 2 if birthday_after_ref else 1)


def test_age_is_taken_on_the_reference_date_and_bands_are_inclusive():
    people = [
        person(1, born=born_aged(6)),
        person(2, born=born_aged(7)),  # 7 on the very day: in 7–18
        person(3, born=born_aged(18)),
        person(4, born=born_aged(19)),  # turns 19 on the day: out of 7–18, in 10–19 and 15–19
        person(5, born=born_aged(18, birthday_after_ref=True)),  # 19 only tomorrow
        person(6, born=born_aged(19, birthday_after_ref=True)),  # 20 only tomorrow
        person(7, born=None),  # age unknown: in no band
        person(8, born=born_aged(12), archived=True),  # archived: not in the register's count
        person(9, born=born_aged(12), in_dop=True),
        person(10, born=born_aged(19), in_dop=True),  # ДОП, but too old for 7–18
    ]
    counts = {key: register_count(key, people, REF) for key in ContingentKey}
    assert counts[ContingentKey.STUDENTS] == 9
    assert counts[ContingentKey.STUDENTS_7_18] == 4  # 2, 3, 5, 9
    assert counts[ContingentKey.STUDENTS_10_19] == 6  # 3, 4, 5, 6, 9, 10
    assert counts[ContingentKey.STUDENTS_15_19] == 5  # 3, 4, 5, 6, 10
    assert counts[ContingentKey.STUDENTS_DOP] == 1
    later = date(2026, 9, 1)  # a year later everyone is a year older
    assert register_count(ContingentKey.STUDENTS_7_18, people, later) == 3  # 1, 2, 9


def test_teachers_young_specialists_and_organizations():
    people = [
        person(1, Category.TEACHER, born_aged(25), experience=0),
        person(2, Category.TEACHER, born_aged(34), experience=2),
        person(3, Category.TEACHER, born_aged(35), experience=3),  # 3 full years: not young
        person(4, Category.TEACHER, None, experience=None),
        person(5, Category.HEAD, born_aged(30), experience=1),  # a head is no young teacher
        person(6, Category.PARTNER, organization="ООО «Звезда»"),
        person(7, Category.PARTNER, organization="  ооо   «ЗВЕЗДА» "),  # the same, folded
        person(8, Category.PARTNER, organization="Завод «Лёд»"),
        person(9, Category.PARTNER, organization="завод «лед»"),  # ё = е
        person(10, Category.PARTNER, organization=""),  # no organization: not counted
        person(11, Category.PARTNER, organization="Архив", archived=True),
    ]
    assert register_count(ContingentKey.TEACHERS, people, REF) == 4
    assert register_count(ContingentKey.YOUNG_TEACHERS, people, REF) == 2
    assert register_count(ContingentKey.TEACHERS_UNDER_35, people, REF) == 2
    assert register_count(ContingentKey.ORGANIZATIONS, people, REF) == 2


# --- numerators -------------------------------------------------------------------------


def test_a_person_in_two_pairs_counts_once_and_a_group_counts_each_mentee():
    people = [person(i, born=born_aged(12)) for i in range(1, 6)]
    pairs = [pair(1, 1, 2, 3, 4), pair(2, 1, 2)]  # a group of three, and 2 again
    result = run(
        Computation.CHILDREN_10_19_MENTEES, people, pairs, {ContingentKey.STUDENTS_10_19: 8}
    )
    assert (result.numerator, result.denominator, result.value) == (3, 8, 37.5)
    assert result.counted_ids == {2, 3, 4}
    assert result.candidate_ids == {1, 5}  # 1 is a mentor only, 5 is in no pair


def test_archived_people_count_for_their_year_but_are_no_candidates():
    people = [
        person(1, Category.TEACHER, born_aged(40), archived=True),
        person(2, born=born_aged(12)),
        person(3, Category.TEACHER, born_aged(40), archived=True),
        person(4, Category.TEACHER, born_aged(40)),
    ]
    result = run(Computation.TEACHERS_MENTORS, people, [pair(1, 1, 2)], {ContingentKey.TEACHERS: 3})
    assert (result.numerator, result.value) == (1, 33.3)
    assert result.counted_ids == {1}
    assert result.candidate_ids == {4}


def test_pairs_that_do_not_count_give_nobody():
    people = [person(1, Category.TEACHER), person(2, born=born_aged(12))]
    pairs = [
        pair(1, 1, 2, status="draft"),
        pair(2, 1, 2, order_number="", order_date=None, status="approved"),
        pair(3, 1, 2, status="ended", ended_on=date(2025, 6, 1)),
        pair(4, 1, 2, started_on=date(2026, 9, 15)),
    ]
    result = run(Computation.TEACHERS_MENTORS, people, pairs, {ContingentKey.TEACHERS: 1})
    assert (result.numerator, result.value, result.counted_ids) == (0, 0.0, frozenset())
    assert result.candidate_ids == {1}


def test_roles_ages_and_dop():
    people = [
        person(1, born=born_aged(16), in_dop=True),  # mentor, 16, in ДОП
        person(2, born=born_aged(14), in_dop=True),  # mentee
        person(3, born=born_aged(15)),  # mentee, 15: not a mentor
        person(4, Category.TEACHER, born_aged(30), experience=1),  # young, mentee
        person(5, Category.TEACHER, born_aged(50), experience=25),  # mentor
        person(6, Category.PARTNER, organization="ООО «Звезда»"),
        person(7, Category.PARTNER, organization="ооо «звезда»"),
        person(8, Category.PARTNER, organization="Завод"),  # not in a pair
    ]
    pairs = [pair(1, 1, 2, 3), pair(2, 5, 4), pair(3, 6, 2), pair(4, 7, 3)]
    contingent = {key: 10 for key in ContingentKey}
    got = {c: run(c, people, pairs, contingent) for c in Computation if c.contingent is not None}
    assert got[Computation.DOP_STUDENTS_INVOLVED].counted_ids == {1, 2}
    assert got[Computation.CHILDREN_10_19_MENTEES].counted_ids == {2, 3}
    assert got[Computation.CHILDREN_10_19_MENTEES].candidate_ids == {1}
    assert got[Computation.CHILDREN_15_19_MENTORS].counted_ids == {1}
    assert got[Computation.CHILDREN_15_19_MENTORS].candidate_ids == {3}
    assert got[Computation.YOUNG_TEACHERS_MENTEES].counted_ids == {4}
    assert got[Computation.TEACHERS_MENTORS].counted_ids == {5}
    assert got[Computation.TEACHERS_UNDER_35_MENTEES].counted_ids == {4}
    assert got[Computation.STUDENTS_INVOLVED].numerator == 3
    assert got[Computation.STUDENTS_MENTORS].counted_ids == {1}
    organizations = got[Computation.ORGANIZATIONS_MENTORS]
    assert organizations.numerator == 1  # «Звезда» once, folded
    assert (organizations.counted_ids, organizations.candidate_ids) == ({6, 7}, {8})
    assert organizations.value == 10.0


def test_consents_participants_and_plans():
    people = [
        person(1, Category.TEACHER, consent_valid=True, is_mentor=True),
        person(2, consent_valid=False, is_mentee=True),
        person(3, consent_valid=True, is_mentee=True),  # waiting: no pair yet
        person(4, consent_valid=False),  # not a participant at all
        person(5, consent_valid=False, is_mentee=True, archived=True),  # archived: left out
    ]
    pairs = [pair(1, 1, 2, plan_total=4, plan_done=4), pair(2, 1, 5, plan_total=6, plan_done=1),
             pair(3, 1, 3, status="draft", plan_total=10)]  # fmt: skip
    consents = run(Computation.CONSENTS_COMPLETE, people, pairs, targets={2024: 100})
    assert (consents.numerator, consents.denominator, consents.value) == (2, 3, 66.7)
    assert (consents.counted_ids, consents.candidate_ids) == ({1, 3}, {2})
    assert consents.status == "far"
    in_pairs = run(Computation.PARTICIPANTS_IN_PAIRS, people, pairs)
    assert (in_pairs.numerator, in_pairs.denominator, in_pairs.candidate_ids) == (2, 3, {3})
    plans = run(Computation.PLANS_DONE, people, pairs)  # the draft's plan is not counted
    assert (plans.numerator, plans.denominator, plans.value) == (5, 10, 50.0)
    assert (plans.counted_ids, plans.candidate_ids) == ({1}, {2})  # pair ids


@pytest.mark.parametrize(
    ("scores", "numerator", "value", "respondents"),
    [
        ([], 0, None, 0),
        ([9.0, 10.0], 2, None, 2),  # two answers say nothing: no value
        ([7.0, 6.9, 10.0, 2.0, 8.5], 3, 60.0, 5),  # 7 is satisfied, 6.9 is not
    ],
)
def test_satisfaction(scores, numerator, value, respondents):
    answers = {"mentee": scores, "mentor": [1.0] * 9}
    result = run(Computation.MENTEE_SATISFACTION, [], [], satisfaction=answers, targets={2024: 65})
    assert (result.numerator, result.value, result.respondents) == (numerator, value, respondents)
    assert result.status == ("no_data" if value is None else "near")
    mentors = run(Computation.MENTOR_SATISFACTION, [], [], satisfaction={"mentor": [8.0] * 3})
    assert (mentors.value, mentors.respondents) == (100.0, 3)


@pytest.mark.parametrize("denominator", [0, None])
def test_no_denominator_is_no_value(denominator):
    people = [person(1, Category.TEACHER)]
    result = run(Computation.TEACHERS_MENTORS, people, [pair(1, 1, 2)],
                 {ContingentKey.TEACHERS: denominator}, targets={2024: 50})  # fmt: skip
    assert (result.numerator, result.denominator, result.value) == (1, denominator, None)
    assert result.status == "no_data"
    assert run(Computation.TEACHERS_MENTORS, people, []).denominator is None  # not given


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (70.0, 70.0, "met"), (85.0, 70.0, "met"), (56.0, 70.0, "near"), (55.9, 70.0, "far"),
        (0.0, 0.0, "met"), (None, 70.0, "no_data"), (50.0, None, "no_data"),
    ],
)  # fmt: skip
def test_status(value, target, expected):
    assert status(value, target) == expected


@pytest.mark.parametrize(
    ("start_year", "target"),
    [(2020, None), (2021, 50.0), (2022, 50.0), (2023, 70.0), (2024, 70.0), (2026, 70.0)],
)
def test_target_year_selection(start_year, target):
    indicator = IndicatorDef("k", "n", Computation.TEACHERS_MENTORS, {2022: 50.0, 2024: 70.0})
    assert target_for(indicator, AcademicYear(start_year)) == target


def test_compute_keeps_the_order_of_the_set_and_its_names():
    indicators = tuple(
        IndicatorDef(f"k{i}", f"Показатель {i}", c, {2025: 10.0}) for i, c in enumerate(Computation)
    )
    s = IndicatorSet("all", "Все", "тест", indicators)
    results = compute(s, YEAR, REF, [person(1)], [pair(1, 1, 2)], {}, {})
    assert [r.key for r in results] == [i.key for i in indicators]
    assert [r.computes for r in results] == list(Computation)
    assert {r.target for r in results} == {10.0}


def test_every_computation_and_key_has_a_russian_label():
    assert all(c.description and not c.description.isascii() for c in Computation)
    assert all(k.label and not k.label.isascii() for k in ContingentKey)
    assert replace(person(1), archived=True).archived


def test_a_share_above_100_percent_is_no_data_not_met() -> None:
    from mentor_desk.domain.kpi import status

    assert status(533.3, 80.0) == "no_data"  # 16 mentors of «3 teachers»: a typed slip
    assert status(100.0, 80.0) == "met"
