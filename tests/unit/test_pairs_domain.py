"""domain.pairs: the lifecycle, terms, dates, warnings and the plan check the services and
the dialogs share."""

from __future__ import annotations

import copy
import pickle
from datetime import date, timedelta

import pytest

from mentor_desk.domain.pairs import (
    ACTIONS,
    CardWarning,
    EndReason,
    Form,
    PersonFacts,
    Status,
    WarningKind,
    allowed_actions,
    check_end,
    check_extension,
    check_mentor_change,
    check_program_term,
    check_start,
    default_program_end,
    forms_for,
    forms_for_group,
    group_forms,
    is_college_or_university,
    latest_program_end,
    mentor_gaps,
    plan_done_problem,
    plan_done_warning,
    warnings,
)
from mentor_desk.domain.participants import Category, ConsentState

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 9, 2), date(2027, 5, 31)),  # the end of lessons, as the order has it
        (date(2026, 12, 10), date(2027, 5, 31)),
        (date(2027, 2, 28), date(2027, 5, 31)),  # 92 days: still 3 months
        (date(2026, 6, 20), date(2027, 5, 31)),  # summer: the coming school year
        (date(2026, 6, 1), date(2027, 5, 31)),
        (date(2027, 3, 15), date(2028, 3, 15)),  # spring: next May is over a year away
        (date(2027, 5, 31), date(2028, 5, 31)),  # the very last day: next May, a year on
        (date(2028, 3, 31), date(2029, 3, 31)),
    ],
)
def test_default_program_end(start: date, end: date) -> None:
    assert default_program_end(start) == end
    assert check_program_term(start, end) is None


def test_a_program_runs_three_months_to_a_calendar_year() -> None:
    start = date(2026, 9, 2)
    assert latest_program_end(start) == date(2027, 9, 2)
    assert check_program_term(start, date(2027, 9, 2)) is None
    assert check_program_term(start, date(2027, 9, 3)) == (
        "Персонализированная программа длится не больше 1 года"
    )
    assert check_program_term(start, date(2026, 11, 30)) == (
        "Персонализированная программа длится не меньше 3 месяцев"
    )
    assert latest_program_end(date(2028, 2, 29)) == date(2029, 2, 28)


def test_end_extension_and_change_of_mentor_dates() -> None:
    start, order = date(2026, 9, 2), date(2026, 9, 1)
    assert check_end(TODAY, TODAY, start) is None
    assert check_end(date(2026, 11, 24), TODAY, start) == "Дата завершения не может быть в будущем"
    assert check_end(date(2026, 9, 1), TODAY, start) == (
        "Дата завершения раньше начала работы (02.09.2026)"
    )
    assert check_end(date(2026, 8, 31), TODAY, None, order) == (
        "Дата завершения раньше приказа (01.09.2026)"
    )
    assert check_extension(start, date(2027, 5, 31), date(2027, 9, 2)) is None
    assert check_extension(start, date(2027, 5, 31), date(2027, 5, 31)) == (
        "Новая дата окончания должна быть позже прежней (31.05.2027)"
    )
    assert check_extension(start, date(2027, 5, 31), date(2027, 9, 3)) == (
        "Персонализированная программа длится не больше 1 года: продлить можно не дальше "
        "чем до 02.09.2027"
    )
    assert check_mentor_change(TODAY, TODAY, start) is None
    assert check_mentor_change(date(2026, 11, 24), TODAY, start) == (
        "Дата смены наставника не может быть в будущем"
    )
    assert check_mentor_change(date(2026, 9, 1), TODAY, start, order) == (
        "Дата смены наставника раньше начала работы (02.09.2026)"
    )
    assert check_mentor_change(date(2026, 8, 31), TODAY, None, order) == (
        "Дата смены наставника раньше приказа (01.09.2026)"
    )
    assert check_mentor_change(date(2020, 1, 1), TODAY) is None  # a draft: any past day


def test_allowed_actions_follow_the_lifecycle() -> None:
    assert allowed_actions(Status.DRAFT) == {"approve", "mentor", "split", "delete", "program",
                                             "form"}  # fmt: skip
    assert allowed_actions("approved") == {"start", "mentor", "end", "split", "program", "form"}
    assert allowed_actions(Status.ACTIVE) == {"extend", "mentor", "end", "split", "program",
                                              "form"}  # fmt: skip
    assert allowed_actions(Status.ENDED) == {"program"}
    assert set().union(*(allowed_actions(s) for s in Status)) == set(ACTIONS)
    assert all(type(a) is str for a in ACTIONS)  # plain strings: "end" in allowed works


def test_plan_done_warning() -> None:
    assert plan_done_problem(9, 10) is None and plan_done_problem(1, 1) is None
    assert plan_done_problem(0, 0) == "план пуст"
    assert plan_done_problem(89, 100) == "план выполнен на 89 % (89 из 100)"
    assert plan_done_problem(8, 9) == "план выполнен на 88 % (8 из 9)"
    assert plan_done_warning([(9, 10)]) is None
    assert plan_done_warning([]) is None
    assert plan_done_warning([(0, 0)]) == "Внимание: план пуст, а нужно не меньше 90 %."
    assert plan_done_warning([(1, 2)]) == (
        "Внимание: план выполнен на 50 % (1 из 2), а нужно не меньше 90 %."
    )
    assert plan_done_warning([(10, 10), (0, 0), (1, 3)]) == (
        "Внимание: у 2 из 3 выбранных пар план пуст или выполнен меньше чем на 90 %."
    )
    assert EndReason.PLAN_DONE.label == "план выполнен полностью"


def test_group_forms_is_the_domains_one_rule() -> None:
    assert forms_for_group(Category.TEACHER, []) == list(Form)
    college = "ГПОАУ «Амурский педагогический колледж»"
    assert forms_for_group(Category.PARTNER, [(Category.TEACHER, True)], college) == [
        Form.LECTURER_YOUNG_TEACHER, Form.PARTNER_TEACHER,
    ]  # fmt: skip
    assert forms_for_group(Category.PARTNER, [(Category.TEACHER, True)]) == [Form.PARTNER_TEACHER]
    mixed = [(Category.TEACHER, True), (Category.TEACHER, False)]
    assert forms_for_group(Category.PARTNER, mixed) == [Form.PARTNER_TEACHER]
    assert forms_for_group(Category.PARENT, [(Category.TEACHER, False)]) == []
    for mentor in Category:
        for mentee in Category:
            for young in (False, True):
                assert forms_for_group(mentor, [(mentee, young)]) == forms_for(
                    mentor, mentee, young
                )


def test_a_lecturer_form_only_for_a_partner_from_a_college_or_a_university() -> None:
    for place in ("Благовещенский техникум", "АмГУ (университет)", "Педагогический институт",
                  "Академия наук", "ВУЗ", "Амурский КОЛЛЕДЖ сервиса"):  # fmt: skip
        assert is_college_or_university(place), place
        assert Form.LECTURER_YOUNG_TEACHER in forms_for(
            Category.PARTNER, Category.TEACHER, True, place
        )
    for place in ("", "ООО «Ромашка»", "МБОУ СОШ № 3"):
        assert not is_college_or_university(place)
        assert forms_for(Category.PARTNER, Category.TEACHER, True, place) == [Form.PARTNER_TEACHER]
    partner = _person(1, "Партнёр П.", Category.PARTNER, organization="Амурский колледж")
    young = _person(2, "Молодой М.", Category.TEACHER, young_specialist=True)
    assert group_forms(partner, [young])[0] is Form.LECTURER_YOUNG_TEACHER


def test_the_start_check_names_the_order_and_the_latest_day() -> None:
    order = date(2026, 12, 1)
    assert check_start(order, TODAY, order) is None
    assert check_start(date(2026, 11, 30), TODAY, order) == (
        "Работа не может начаться раньше приказа (01.12.2026)"
    )
    assert check_start(TODAY + timedelta(days=31), TODAY) == (
        "Дата начала — не позже чем через 30 дней (до 23.12.2026)"
    )


def test_a_mentors_readiness_is_the_cards_warnings_without_the_name() -> None:
    ready = _person(1, "Учитель У.", Category.TEACHER, consent=ConsentState.VALID,
                    mentor_consent=True, trained=True)  # fmt: skip
    assert mentor_gaps(ready) == []
    unready = _person(1, "Учитель У.", Category.TEACHER, consent=ConsentState.MISSING)
    gaps = mentor_gaps(unready)
    assert [g.kind for g in gaps] == [
        WarningKind.NO_CONSENT, WarningKind.NO_MENTOR_CONSENT, WarningKind.NOT_TRAINED,
    ]  # fmt: skip
    card = {w.kind: str(w) for w in warnings(unready, [], 0)}
    assert all(card[g.kind] == f"Учитель У.: {g}" for g in gaps)


def _person(pid: int, name: str, category: Category, **extra: object) -> PersonFacts:
    extra.setdefault("consent", ConsentState.VALID)
    return PersonFacts(id=pid, name=name, category=category, **extra)  # type: ignore[arg-type]


READY = {"mentor_consent": True, "trained": True, "capacity": 2}


def test_warnings_of_every_kind_with_their_words() -> None:
    mentor = _person(1, "Учитель У.", Category.TEACHER, **READY)
    pupil = _person(2, "Ученик У.", Category.STUDENT, class_name="7Б")
    assert warnings(mentor, [pupil], 1, Form.TEACHER_STUDENT) == []
    found = warnings(
        _person(1, "Учитель У.", Category.TEACHER, capacity=1, archived=True,
                consent=ConsentState.MISSING),
        [pupil], 2, Form.STUDENT_STUDENT, frozenset({2}),
    )  # fmt: skip
    assert [(w.kind, str(w)) for w in found] == [
        (WarningKind.ARCHIVED, "Учитель У. в архиве: завершите пару или замените участника"),
        (WarningKind.NO_CONSENT, "Учитель У.: нет действующего согласия на обработку ПДн"),
        (WarningKind.NO_MENTOR_CONSENT, "Учитель У.: нет письменного согласия быть наставником"),
        (WarningKind.NOT_TRAINED, "Учитель У.: обучение наставников не пройдено"),
        (WarningKind.OVER_CAPACITY, "Учитель У.: наставляемых 2, а может вести не больше 1"),
        (WarningKind.SAME_MENTOR_AGAIN, "Ученик У. уже был(а) в паре с этим наставником"),
        (WarningKind.FORM_MISMATCH,
         "Форма «ученик – ученик» не подходит к категориям участников"),
    ]  # fmt: skip
    peer = _person(3, "Сверстник С.", Category.STUDENT, class_name="7А", **READY)
    assert [w.kind for w in warnings(peer, [pupil], 1)] == [WarningKind.NOT_OLDER]
    parent = _person(4, "Родитель Р.", Category.PARENT, **READY)
    teacher = _person(5, "Педагог П.", Category.TEACHER)
    assert [w.kind for w in warnings(parent, [teacher], 1, Form.PARTNER_TEACHER)] == [
        WarningKind.NO_FORM
    ]  # no form at all: not also «форма не подходит»


def test_an_unticked_role_replaces_the_mentor_facts() -> None:
    mentor = _person(1, "Учитель У.", Category.TEACHER, is_mentor=False)  # facts cleared
    mentee = _person(2, "Ученик У.", Category.STUDENT, is_mentee=False)
    found = warnings(mentor, [mentee], 3)
    assert found == ["Учитель У. не отмечен(а) как наставник",
                     "Ученик У. не отмечен(а) как наставляемый"]  # fmt: skip
    assert [w.kind for w in found] == [WarningKind.NOT_MENTOR, WarningKind.NOT_MENTEE]
    assert group_forms(mentor, [mentee]) == [Form.TEACHER_STUDENT]


def test_a_card_warning_is_a_string_that_knows_its_kind() -> None:
    warning = CardWarning("нет встреч больше 4 недель", WarningKind.NO_MEETINGS)
    assert warning == "нет встреч больше 4 недель" and isinstance(warning, str)
    assert f"⚠ {warning}" == "⚠ нет встреч больше 4 недель"
    for again in (copy.copy(warning), copy.deepcopy(warning), pickle.loads(pickle.dumps(warning))):
        assert again == warning and again.kind is WarningKind.NO_MEETINGS
