"""domain.surveys: the questionnaire file, answers checked as typed, scores and summaries."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from mentor_desk import paths
from mentor_desk.domain import kpi
from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.surveys import (
    Question,
    SurveyError,
    check_answer,
    check_answers,
    parse_questionnaire,
    respondent_score,
    role_scores,
    summarize,
)
from mentor_desk.services.surveys import questionnaire

SCORE = Question("overall", "В целом довольны?", "score")
CHOICE = Question("form", "Форма?", "choice", ("Учитель — учитель", "Учитель — ученик", "Другое"))
OPEN = Question("liked", "Что понравилось?", "open")


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        paths.resource("surveys", "satisfaction.json").read_text(encoding="utf-8")
    )
    return data


def test_shipped_questionnaire_parses_with_both_roles() -> None:
    q = questionnaire()
    assert q.key == "satisfaction"
    mentee = [x.key for x in q.for_role("mentee")]
    mentor = [x.key for x in q.for_role("mentor")]
    assert mentee[:3] == ["form", "meetings", "comfort"]
    assert "mentee_engagement" in mentor and "mentee_engagement" not in mentee
    assert "comfort" not in mentor
    assert q.role_title("mentor").endswith("(для наставника)")
    with pytest.raises(SurveyError, match="роль"):
        q.for_role("curator")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("title"), "title"),
        (lambda d: d["questions"][0].update(kind="stars"), "вид вопроса"),
        (lambda d: d["questions"][0].update(options=["Один"]), "два варианта"),
        (lambda d: d["questions"][0].update(options=["Да", "да "]), "повторяются"),
        (lambda d: d["questions"][0].update(options=["Да", "2"]), "числом"),
        (lambda d: d["questions"][2].update(options=["Да", "Нет"]), "только у закрытого"),
        (lambda d: d["questions"][1].update(key="form"), "повторяются: form"),
        (lambda d: d["questions"][1].update(key="Форма"), "латинские"),
        (lambda d: d["questions"][1].update(roles=["curator"]), "роли"),
        (lambda d: d["questions"][1].update(roles=[]), "роли"),
        (lambda d: d.update(roles={"mentee": "наставляемого"}), "roles"),
        (lambda d: d.update(questions=[]), "нет ни одного вопроса"),
        (
            lambda d: d.update(questions=[q for q in d["questions"] if "mentor" not in q["roles"]]),
            "для роли «mentor»",
        ),
    ],
)
def test_bad_questionnaire_is_refused_in_russian(change: Any, message: str) -> None:
    data = copy.deepcopy(shipped())
    change(data)
    with pytest.raises(SurveyError, match=message):
        parse_questionnaire(data)


def test_not_an_object() -> None:
    with pytest.raises(SurveyError, match="объектом"):
        parse_questionnaire([1, 2])


@pytest.mark.parametrize(("raw", "value"), [(7, 7), (7.0, 7), (" 10 ", 10), ("1", 1), ("8,0", 8)])
def test_score_as_typed_or_read(raw: object, value: int) -> None:
    assert check_answer(SCORE, raw) == value


@pytest.mark.parametrize("raw", [0, 11, 7.5, "семь", "7 баллов", True, "1e1", float("nan")])
def test_score_outside_1_10_is_refused(raw: object) -> None:
    with pytest.raises(SurveyError, match="от 1 до 10"):
        check_answer(SCORE, raw)


def test_score_message_shows_the_value_as_typed() -> None:
    with pytest.raises(SurveyError, match=r"«В целом довольны\?»: .* а не «11»"):
        check_answer(SCORE, 11.0)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Учитель — учитель", "Учитель — учитель"),
        ("  учитель - УЧИТЕЛЬ ", "Учитель — учитель"),
        ("учитель-ученик", "Учитель — ученик"),
        ("2", "Учитель — ученик"),
        (3, "Другое"),
        (3.0, "Другое"),
        ("другое.", "Другое"),
    ],
)
def test_choice_by_text_or_number(raw: object, value: str) -> None:
    assert check_answer(CHOICE, raw) == value


def test_choice_not_in_list_names_the_options() -> None:
    with pytest.raises(SurveyError, match=r"«Ученик — ученик» нет среди вариантов .*1\. Учитель"):
        check_answer(CHOICE, "Ученик — ученик")
    with pytest.raises(SurveyError, match="номером 4 нет"):
        check_answer(CHOICE, 4)


def test_blank_is_unanswered_and_open_keeps_the_text() -> None:
    for question in (SCORE, CHOICE, OPEN):
        assert check_answer(question, None) is None
        assert check_answer(question, "   ") is None
    assert check_answer(OPEN, "  Встречи по пятницам\n") == "Встречи по пятницам"
    assert check_answer(OPEN, 42) == "42"
    with pytest.raises(SurveyError, match="длиннее"):
        check_answer(OPEN, "а" * 2001)


def test_check_answers_refuses_another_roles_question_and_unknown_keys() -> None:
    q = questionnaire()
    assert check_answers(q, "mentee", {"comfort": "9", "liked": "", "form": 1}) == {
        "comfort": 9,
        "form": "Учитель — учитель",
    }
    with pytest.raises(SurveyError, match="не задают наставнику"):
        check_answers(q, "mentor", {"comfort": 9})
    assert check_answers(q, "mentor", {"comfort": None}) == {}
    with pytest.raises(SurveyError, match="нет вопроса «luck»"):
        check_answers(q, "mentee", {"luck": 1})


def test_respondent_score_is_the_mean_of_the_roles_answered_scores() -> None:
    q = questionnaire()
    answers = {"comfort": 10, "overall": 5, "form": "Другое", "liked": "всё"}
    assert respondent_score(q, "mentee", answers) == pytest.approx(7.5)
    # a mentor is not asked «comfort»: only «overall» counts for the mentor's form
    assert respondent_score(q, "mentor", answers) == pytest.approx(5.0)
    assert respondent_score(q, "mentee", {"form": "Другое"}) is None
    # a value a hand edit slipped in is left out, not averaged
    assert respondent_score(q, "mentee", {"comfort": 40, "overall": 8, "growth": "9"}) == 8.0


def test_scores_agree_with_the_kpi_rule() -> None:
    q = questionnaire()
    responses = [
        ("mentee", {"overall": 7}),  # exactly SATISFIED_SCORE: satisfied
        ("mentee", {"overall": 6, "comfort": 7}),  # 6.5: not
        ("mentee", {"overall": 10}),
        ("mentee", {"liked": "ничего"}),  # no score: not a respondent of the indicator
        ("mentor", {"overall": 9}),
    ]
    scores = role_scores(q, responses)
    assert scores == {"mentee": [7.0, 6.5, 10.0], "mentor": [9.0]}
    summary = summarize(q, "mentee", [a for r, a in responses if r == "mentee"])
    assert (summary.respondents, summary.scored, summary.satisfied) == (4, 3, 2)
    assert summary.satisfied_percent == pytest.approx(200 / 3)
    indicator = kpi.IndicatorDef(
        key="mentee_satisfaction",
        name="Удовлетворённость наставляемых",
        computes=kpi.Computation.MENTEE_SATISFACTION,
        targets={},
    )
    kpi_set = kpi.IndicatorSet("t", "t", "t", (indicator,))
    (result,) = kpi.compute(kpi_set, AcademicYear(2025), date(2025, 9, 1), [], [], {}, scores)
    assert (result.numerator, result.denominator) == (summary.satisfied, summary.scored)
    assert summarize(q, "mentor", [{"overall": 9}]).satisfied_percent is None  # fewer than 3


def test_summary_per_question() -> None:
    q = questionnaire()
    answers = [
        {"overall": 9, "form": "Учитель — ученик", "liked": "Экскурсии"},
        {"overall": 9, "form": "Другое", "liked": "  "},
        {"overall": 4, "form": "Учитель — ученик", "improve": "Чаще встречаться"},
        {"overall": "9", "form": "Не из списка"},  # hand-edited: left out
    ]
    by_key = {s.question.key: s for s in summarize(q, "mentee", answers).questions}
    overall = by_key["overall"]
    assert overall.answered == 3 and overall.mean == pytest.approx(22 / 3)
    assert overall.distribution == (0, 0, 0, 1, 0, 0, 0, 0, 2, 0)
    form = dict(by_key["form"].choices)
    assert form["Учитель — ученик"] == 2 and form["Другое"] == 1 and by_key["form"].answered == 3
    assert list(form) == list(q.question("form").options)  # type: ignore[union-attr]
    assert by_key["liked"].texts == ("Экскурсии",)
    assert by_key["improve"].texts == ("Чаще встречаться",)
    assert by_key["comfort"].answered == 0 and by_key["comfort"].mean is None
    assert [s.question.key for s in summarize(q, "mentee", []).questions] == [
        x.key for x in q.for_role("mentee")
    ]
