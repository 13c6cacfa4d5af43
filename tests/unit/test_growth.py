"""Monitoring stage 2 (domain.growth): reading typed values and the growth by form."""

from __future__ import annotations

import pytest

from mentor_desk.domain.growth import (
    FormGrowth,
    GrowthValue,
    GrowthValueError,
    fits_audience,
    format_value,
    growth_of,
    overall_growth,
    parse_value,
    summarize_growth,
)
from mentor_desk.domain.participants import Category


@pytest.mark.parametrize(
    ("text", "value"),
    [("4,5", 4.5), ("4.5", 4.5), (" 3 ", 3.0), ("1 000,25", 1000.25), ("-0,5", -0.5),
     ("\u22122", -2.0), ("", None), ("   ", None)],
)  # fmt: skip
def test_parse_value_reads_comma_and_dot(text: str, value: float | None) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["abc", "4,5,1", "4.5.", "nan", "inf", "1e12", "5 баллов"])
def test_parse_value_refuses_what_is_not_a_number_in_russian(text: str) -> None:
    with pytest.raises(GrowthValueError, match=r"[Чч]исло"):
        parse_value(text)


def test_format_value() -> None:
    assert format_value(None) == ""
    assert format_value(4.0) == "4"
    assert format_value(4.5) == "4,5"
    assert format_value(1 / 3) == "0,33"
    assert format_value(0.25, signed=True) == "+0,25"
    assert format_value(-0.5, signed=True) == "\u22120,5"
    assert format_value(-0.001, signed=True) == "0"  # no «−0» and no «+0»
    assert format_value(4.56789, 3) == "4,568"


def test_audiences() -> None:
    assert fits_audience(Category.STUDENT, "students")
    assert not fits_audience(Category.TEACHER, "students")
    assert fits_audience(Category.TEACHER, "teachers")
    assert not fits_audience(Category.STUDENT, "teachers")
    assert fits_audience(Category.PARTNER, "all") and fits_audience(Category.STUDENT, "all")


def test_growth_of_needs_both_values() -> None:
    assert growth_of(3.0, 4.5) == 1.5
    assert growth_of(None, 4.5) is None and growth_of(3.0, None) is None


def test_summary_by_form_counts_only_people_measured_at_both_ends() -> None:
    rows = [
        GrowthValue("teacher_student", 3.0, 4.0),
        GrowthValue("student_student", 4.0, 4.5),
        GrowthValue("teacher_student", 4.0, 4.5),
        GrowthValue("teacher_student", 5.0, None),  # no end yet: not in the means
        GrowthValue("student_student", None, 3.0),  # no start: not in the means
        GrowthValue("student_student", 3.5, 3.0),  # fell
    ]
    summary = summarize_growth(rows)
    # Forms in the order of domain.pairs.Form: ученик – ученик before учитель – ученик.
    assert [s.form for s in summary] == ["student_student", "teacher_student"]
    pupils, teachers = summary
    assert (pupils.label, pupils.people, pupils.measured) == ("ученик – ученик", 3, 2)
    assert pupils.mean_start == pytest.approx(3.75)
    assert pupils.mean_end == pytest.approx(3.75)
    assert pupils.mean_growth == pytest.approx(0.0)
    assert (teachers.label, teachers.people, teachers.measured) == ("учитель – ученик", 3, 2)
    assert teachers.mean_start == pytest.approx(3.5)
    assert teachers.mean_end == pytest.approx(4.25)
    assert teachers.mean_growth == pytest.approx(0.75)

    total = overall_growth(rows)
    assert (total.label, total.people, total.measured) == ("Все формы", 6, 4)
    assert total.mean_growth == pytest.approx((1.0 + 0.5 + 0.5 - 0.5) / 4)


def test_summary_of_a_form_nobody_measured_has_no_means() -> None:
    summary = summarize_growth([GrowthValue("teacher_teacher", 7.0, None)])
    assert summary == [FormGrowth("teacher_teacher", 1, 0, None, None, None)]
    assert summarize_growth([]) == []
    assert overall_growth([]) == FormGrowth("", 0, 0, None, None, None)


def test_unknown_forms_come_last_by_name_under_their_own_key() -> None:
    rows = [GrowthValue("zeta", 1.0, 2.0), GrowthValue("alpha", 1.0, 1.0),
            GrowthValue("teacher_teacher", 5.0, 6.0)]  # fmt: skip
    summary = summarize_growth(rows)
    assert [s.form for s in summary] == ["teacher_teacher", "alpha", "zeta"]
    assert summary[1].label == "alpha"


def test_format_value_rounds_half_up_as_people_do() -> None:
    assert format_value(0.625) == "0,63"  # the float is 0.62499999…; a person writes 0,63
    assert format_value(2.675) == "2,68"
    assert format_value(0.005, signed=True) == "+0,01"
    assert format_value(-0.005) == "\u22120,01"
    assert format_value(1e-7) == "0"
    assert format_value(12345.0, 0) == "12345"
