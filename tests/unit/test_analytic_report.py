"""The итоговый аналитический отчёт: sentences from the figures, its sections in the PDF
and the DOCX, empty sections that say so, hostile text printed as typed."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

import docx
import pytest
from tests.documents.reading import all_text, page_texts

from mentor_desk.documents.analytic_report import (
    NO_CONCLUSIONS,
    NO_GROWTH,
    NO_INDICATORS,
    NO_PAIRS,
    NO_PRACTICES,
    NO_ROADMAP,
    NO_SURVEYS,
    NO_SWOT,
    SECTION_TITLES,
    AnalyticReport,
    ClosedQuestion,
    FormCounts,
    GrowthRow,
    IndicatorRow,
    Practice,
    QuestionMean,
    ReportDataError,
    RoadmapCounts,
    SurveySummary,
    conclusions,
    growth_sentence,
    indicator_sentence,
    indicators_summary,
    number_text,
    pairs_sentences,
    practices_sentence,
    report_document,
    roadmap_sentences,
    signed_text,
    survey_sentence,
    write_docx,
    write_pdf,
)
from mentor_desk.documents.blocks import Chart
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.documents.typography import untie
from mentor_desk.domain.kpi import Computation, KpiResult
from mentor_desk.domain.pairs import Status

HOSTILE = "А&Б <img src=x>"


def row(
    value: float | None,
    target: float | None,
    status: str,
    name: str = "Доля педагогов в роли наставника",
    **kwargs: object,
) -> IndicatorRow:
    return IndicatorRow(name, 7, 10, value, target, status, **kwargs)  # type: ignore[arg-type]


def sample_report(**changes: object) -> AnalyticReport:
    report = AnalyticReport(
        org_full_name="Муниципальное бюджетное общеобразовательное учреждение\n"
        "«Средняя общеобразовательная школа № 1 г. Завитинска»",
        municipality="Завитинский муниципальный округ",
        place="г. Завитинск",
        year="2025-2026",
        reference_date=date(2025, 9, 1),
        set_title="Показатели целевой модели наставничества",
        set_source="распоряжение Минпросвещения России от 25.12.2019 № Р-145",
        curator_name="Е.В. Кравченко",
        director_name="Т.А. Доля",
        indicators=(
            IndicatorRow(
                "Доля детей в возрасте от 10 до 19 лет, вошедших в программы наставничества "
                "в роли наставляемого",
                72,
                100,
                72.0,
                70.0,
                "met",
            ),
            IndicatorRow("Доля педагогов в роли наставника", 12, 20, 60.0, 70.0, "near"),
            IndicatorRow("Доля предприятий, предоставивших наставников", 1, 5, 20.0, 70.0, "far"),
            IndicatorRow(
                "Уровень удовлетворённости наставников",
                2,
                2,
                None,
                70.0,
                "no_data",
                respondents=2,
                role="mentor",
            ),
        ),
        pairs=(
            FormCounts("учитель – ученик", {Status.ACTIVE: 6, Status.ENDED: 2}),
            FormCounts("ученик – ученик", {"approved": 1, "active": 3}),
            FormCounts("учитель – учитель", {"active": 2}),
        ),
        roadmap=RoadmapCounts(done=15, in_progress=4, overdue=2, planned=3),
        surveys=(
            SurveySummary(
                role="mentee",
                respondents=12,
                mean_score=8.25,
                satisfied_share=83.3,
                questions=(
                    QuestionMean("Насколько полезными были встречи с наставником?", 8.4, 12),
                    QuestionMean("Насколько комфортно было общаться с наставником?", 9.1, 12),
                ),
                closed=(
                    ClosedQuestion(
                        "Хотели бы вы продолжить работу с наставником?",
                        (("да", 10), ("нет", 1), ("затрудняюсь ответить", 1)),
                    ),
                ),
                score_counts=(0, 0, 0, 0, 1, 1, 2, 4, 2, 2),
            ),
            SurveySummary(
                role="mentor",
                respondents=2,
                mean_score=9.0,
                questions=(
                    QuestionMean("Насколько полезными были встречи с наставником?", 9.0, 2),
                ),
                score_counts=(0, 0, 0, 0, 0, 0, 0, 0, 2, 0),
            ),
        ),
        swot={
            "strength": ["Опытные наставники", "Поддержка администрации"],
            "weakness": ["Мало времени на встречи"],
            "opportunity": ["Партнёры из колледжа"],
            "threat": [],
        },
        growth=(
            GrowthRow("Средний балл", "учитель – ученик", 12, 3.8, 4.2, 0.4),
            GrowthRow("Мотивация к учёбе", "ученик – ученик", 4, 6.0, 5.8, -0.2),
            GrowthRow("Методическая грамотность", "учитель – учитель", 2, 3.0, 3.0, 0.0),
        ),
        practices=(
            Practice(
                "Клуб юных инженеров",
                "ученик – ученик",
                "Старшеклассники-наставники готовят семиклассников к соревнованиям по "
                "робототехнике.\nЗанятия — дважды в неделю в центре «Точка роста».",
                "7 команд; 3 призовых места на муниципальном этапе.",
            ),
            Practice("Школа молодого педагога", "", "", "Все 4 молодых педагога остались в школе."),
        ),
    )
    return dataclasses.replace(report, **changes)  # type: ignore[arg-type]


def empty_report() -> AnalyticReport:
    return sample_report(
        indicators=(), pairs=(), roadmap=None, surveys=(), swot={}, growth=(), practices=()
    )


# --- sentences ---------------------------------------------------------------------------


def test_indicator_sentences_by_state() -> None:
    assert (
        indicator_sentence(row(72, 70, "met"))
        == "Показатель достигнут: 72\u00a0% при плане 70\u00a0%."
    )
    assert (
        indicator_sentence(row(60, 70, "near"))
        == "Показатель близок к плановому: 60\u00a0% при плане 70\u00a0%."
    )
    assert (
        indicator_sentence(row(20, 70, "far"))
        == "Показатель не достигнут: 20\u00a0% при плане 70\u00a0%."
    )
    assert untie(indicator_sentence(row(72.5, 70, "met"))) == (
        "Показатель достигнут: 72,5 % при плане 70 %."
    )


@pytest.mark.parametrize(
    ("respondents", "role", "expected"),
    [
        (2, "mentee", "Данных недостаточно: ответили 2 наставляемых (нужно не менее 3)."),
        (1, "mentee", "Данных недостаточно: ответил 1 наставляемый (нужно не менее 3)."),
        (2, "mentor", "Данных недостаточно: ответили 2 наставника (нужно не менее 3)."),
        (1, "mentor", "Данных недостаточно: ответил 1 наставник (нужно не менее 3)."),
        (0, "mentor", "Данных недостаточно: анкеты наставников не введены (нужно не менее 3)."),
    ],
)
def test_too_few_answers(respondents: int, role: str, expected: str) -> None:
    indicator = IndicatorRow("Удовлетворённость", respondents, respondents, None, 70.0,
                             "no_data", respondents=respondents, role=role)  # fmt: skip
    assert indicator_sentence(indicator) == expected


def test_no_denominator_and_no_target() -> None:
    no_denominator = IndicatorRow("Доля", 3, None, None, 70.0, "no_data")
    assert "знаменатель не введён" in indicator_sentence(no_denominator)
    assert indicator_sentence(row(45, None, "no_data")) == (
        "Плановое значение на год не установлено; фактическое значение — 45\u00a0%."
    )


def test_row_from_a_computed_result() -> None:
    result = KpiResult(
        "mentor_satisfaction", "Удовлетворённость наставников", Computation.MENTOR_SATISFACTION,
        2, 2, None, 70.0, "no_data", respondents=2,
    )  # fmt: skip
    indicator = IndicatorRow.from_result(result)
    assert indicator.role == "mentor" and indicator.respondents == 2
    assert indicator_sentence(indicator).startswith("Данных недостаточно: ответили 2 наставника")


def test_summary_of_the_indicators() -> None:
    rows = [row(72, 70, "met"), row(60, 70, "near"), row(None, None, "no_data")]
    assert indicators_summary(rows) == (
        "Плановые значения достигнуты по 1 из 3 показателей; близки к плановым — 1, нет данных — 1."
    )
    assert indicators_summary([row(72, 70, "met")]) == (
        "Плановые значения достигнуты по 1 из 1 показателя."
    )
    assert indicators_summary([]) == NO_INDICATORS


def test_pairs_sentences_in_the_plural() -> None:
    one = pairs_sentences([FormCounts("учитель – ученик", {"active": 1})])
    assert one[0] == "Всего 1 наставническая пара (группа): действуют — 1."
    assert one[1] == "Все пары (группы) работают в форме «учитель – ученик»."
    many = pairs_sentences(
        [
            FormCounts("учитель – ученик", {"active": 20, "ended": 1}),
            FormCounts("ученик – ученик", {"active": 3}),
        ]
    )
    assert many[0] == "Всего 24 наставнические пары (группы): действуют — 23, завершены — 1."
    assert many[1] == (
        "Используются 2 формы наставничества; больше всего пар (групп) — "
        "в форме «учитель – ученик» (21)."
    )
    assert pairs_sentences([FormCounts("ученик – ученик", {"active": 5})])[0].startswith(
        "Всего 5 наставнических пар (групп)"
    )
    assert pairs_sentences([]) == [NO_PAIRS]


def test_roadmap_sentences() -> None:
    sentences = roadmap_sentences(RoadmapCounts(done=15, in_progress=4, overdue=2, planned=3))
    assert untie(sentences[0]) == (
        "Из 24 мероприятий дорожной карты выполнено 15 (62,5 %); в работе — 4, запланировано — 3."
    )
    assert sentences[1].startswith("Просрочено 2 мероприятия:")
    assert roadmap_sentences(RoadmapCounts(done=1))[0].startswith("Из 1 мероприятия")
    assert roadmap_sentences(RoadmapCounts(done=1, overdue=1))[1].startswith(
        "Просрочено 1 мероприятие:"
    )
    assert roadmap_sentences(RoadmapCounts(done=3))[1] == "Просроченных мероприятий нет."
    assert roadmap_sentences(None) == [NO_ROADMAP]
    assert roadmap_sentences(RoadmapCounts()) == [NO_ROADMAP]


def test_survey_sentences() -> None:
    survey = SurveySummary("mentee", 21, mean_score=8.25, satisfied_share=83.3)
    assert untie(survey_sentence(survey)) == (
        "Ответил 21 наставляемый; средний балл — 8,3 из 10, удовлетворены (оценка 7 и выше) 83,3 %."
    )
    assert survey_sentence(SurveySummary("mentor", 5)) == "Ответили 5 наставников."
    assert survey_sentence(SurveySummary("mentor", 2, mean_score=9.0)) == (
        "Данных недостаточно: ответили 2 наставника (нужно не менее 3)."
    )


def test_growth_sentences() -> None:
    assert growth_sentence(GrowthRow("Средний балл", "учитель – ученик", 12, 3.8, 4.2, 0.4)) == (
        "Параметр «Средний балл» (учитель – ученик, 12 наставляемых): 3,8 в начале и 4,2 "
        "в конце программы, прирост +0,4."
    )
    assert growth_sentence(GrowthRow("Мотивация", "", 1, 6.0, 5.8, -0.2)) == (
        "Параметр «Мотивация» (1 наставляемый): 6 в начале и 5,8 в конце программы, "
        "прирост \u22120,2."
    )
    assert growth_sentence(GrowthRow("Навык", "учитель – учитель", 2, 3.0, 3.0, None)).endswith(
        "без изменений."
    )
    assert "введены не полностью" in growth_sentence(GrowthRow("Навык", "", 2, None, 3.0, None))


def test_numbers() -> None:
    assert number_text(3.0) == "3" and number_text(3.85, 2) == "3,85" and number_text(-0.01) == "0"
    assert (
        number_text(8.25) == "8,3"
        and number_text(0.05) == "0,1"
        and number_text(2.675, 2) == "2,68"
    )
    assert number_text(-0.25) == "-0,3"
    assert (
        signed_text(0.4) == "+0,4" and signed_text(-0.2) == "\u22120,2" and signed_text(0.0) == "0"
    )


def test_conclusions_name_what_needs_attention() -> None:
    items = conclusions(sample_report())
    text = untie(" ".join(items))
    assert "Плановые значения достигнуты по 1 из 4 показателей" in text
    assert (
        "Требуют внимания показатели: «Доля педагогов в роли наставника», «Доля предприятий" in text
    )
    assert "Не рассчитан показатель «Уровень удовлетворённости наставников» из-за нехватки" in text
    assert "Дорожная карта выполнена на 62,5 %; просрочено 2 мероприятия." in text
    # the mentors' two answers are too few for a figure: only the mentees' mean is shown
    assert "Средний балл удовлетворённости: наставляемых — 8,3 (из 10)." in text
    assert "Положительная динамика наставляемых — в 1 из 3 строк таблицы второго этапа (" in text
    assert conclusions(empty_report()) == []


def test_conclusions_list_many_indicators_by_number() -> None:
    rows = tuple(row(10, 70, "far", name=f"Показатель {n}") for n in range(1, 22))
    items = conclusions(sample_report(indicators=rows))
    assert items[1] == (
        "Требует внимания 21 показатель: № "
        + ", ".join(str(n) for n in range(1, 22))
        + " (по таблице раздела 1)."
    )
    few = conclusions(sample_report(indicators=rows[:2]))
    assert few[1] == "Требуют внимания показатели: «Показатель 1», «Показатель 2»."
    many = conclusions(sample_report(indicators=rows[:5]))
    assert many[1].startswith("Требуют внимания 5 показателей: № 1, 2, 3, 4, 5")


# --- the document ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return pdf_bytes(report_document(sample_report()))


def test_pdf_has_every_section_in_order(sample_pdf: bytes) -> None:
    text = all_text(sample_pdf)
    positions = [text.find(title) for title in SECTION_TITLES]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert text.find("ИТОГОВЫЙ АНАЛИТИЧЕСКИЙ ОТЧЁТ") < positions[0]
    assert "за 2025-2026 учебный год" in text
    assert "Завитинский муниципальный округ" in text


def test_pdf_carries_the_figures_and_the_sentences(sample_pdf: bytes) -> None:
    text = all_text(sample_pdf)
    assert "Показатель достигнут: 72 % при плане 70 %." in text
    assert "Показатель близок к плановому: 60 % при плане 70 %." in text
    assert "Показатель не достигнут: 20 % при плане 70 %." in text
    assert "Данных недостаточно: ответили 2 наставника (нужно не менее 3)." in text
    assert (
        "Всего 14 наставнических пар (групп): утверждены приказом — 1, действуют — 11, "
        "завершены — 2." in text
    )
    assert "Из 24 мероприятий дорожной карты выполнено 15 (62,5 %)" in text
    assert "Параметр «Средний балл» (учитель – ученик, 12 наставляемых): 3,8 в начале и 4,2" in text
    # table figures: the indicator table's numerator and denominator, the pairs' total
    assert "72 100 72 70 достигнут" in text
    assert "Итого 1 11 2 14" in text
    for caption in ("Рисунок 1 –", "Рисунок 2 –", "Рисунок 3 –", "Рисунок 4 –"):
        assert caption in text
    assert "Опытные наставники" in text and "Угрозы (T)" in text
    assert "да — 10" in text
    assert "Е.В. Кравченко" in text and "Т.А. Доля" in text


def test_pdf_first_page_is_not_numbered_the_rest_are(sample_pdf: bytes) -> None:
    pages = page_texts(sample_pdf)
    assert len(pages) >= 3
    assert pages[1].split()[0] == "2"


def test_docx_has_the_sections_tables_and_pictures() -> None:
    document = docx.Document(io.BytesIO(docx_bytes(report_document(sample_report()))))
    paragraphs = [untie(p.text) for p in document.paragraphs]
    for title in SECTION_TITLES:
        assert title in paragraphs
    assert "Показатель достигнут: 72 % при плане 70 %." in " ".join(paragraphs)
    assert len(document.inline_shapes) == 4  # the four charts
    tables = document.tables
    first = [[untie(c.text) for c in r.cells] for r in tables[0].rows]
    assert first[0] == ["№ п/п", "Показатель", "Учтено", "Всего", "Факт, %", "План, %", "Оценка"]
    assert first[1][2:] == ["72", "100", "72", "70", "достигнут"]
    assert first[4][3:] == ["2", "—", "70", "нет данных"]
    swot = [t for t in tables if untie(t.rows[0].cells[0].text) == "Сильные стороны (S)"]
    assert len(swot) == 1
    assert untie(swot[0].rows[1].cells[0].text) == "– Опытные наставники\n– Поддержка администрации"


def test_empty_sections_say_so() -> None:
    data = empty_report()
    document = report_document(data)
    assert not any(isinstance(block, Chart) for block in document.blocks)
    text = all_text(pdf_bytes(document))
    for title in SECTION_TITLES:
        assert title in text
    for sentence in (
        NO_INDICATORS,
        NO_PAIRS,
        NO_ROADMAP,
        NO_SURVEYS,
        NO_SWOT,
        NO_GROWTH,
        NO_PRACTICES,
        NO_CONCLUSIONS,
    ):
        assert untie(sentence) in text
    docx_bytes(document)


def test_too_few_answers_print_no_chart_figures() -> None:
    only_two = sample_report(
        surveys=(SurveySummary("mentee", 2, mean_score=5.0, satisfied_share=50.0),)
    )
    text = all_text(pdf_bytes(report_document(only_two)))
    assert "Данных недостаточно: ответили 2 наставляемых (нужно не менее 3)." in text
    assert "Наставляемые 2 — —" in text  # no mean, no share for two answers


def test_hostile_text_prints_as_typed(tmp_path: Path) -> None:
    data = sample_report(
        org_full_name=HOSTILE,
        curator_name=f"{HOSTILE} Е.В.",
        indicators=(IndicatorRow(HOSTILE, 1, 2, 50.0, 70.0, "far"),),
        pairs=(FormCounts(HOSTILE, {"active": 1}),),
        swot={"threat": [HOSTILE, "x\x00\x0b y"]},
        growth=(GrowthRow(HOSTILE, HOSTILE, 3, 1.0, 2.0, 1.0),),
        practices=(Practice(HOSTILE, HOSTILE, HOSTILE, f"{HOSTILE}\n{HOSTILE}"),),
        surveys=(
            SurveySummary(
                "mentee", 3, 7.0, 66.7,
                questions=(QuestionMean(HOSTILE, 7.0, 3),),
                closed=(ClosedQuestion(HOSTILE, ((HOSTILE, 3),)),),
                score_counts=(0,) * 6 + (3, 0, 0, 0),
            ),
        ),
    )  # fmt: skip
    text = all_text(pdf_bytes(report_document(data)))
    assert text.count(HOSTILE) >= 13
    write_pdf(data, tmp_path / "отчёт.pdf")
    write_docx(data, tmp_path / "отчёт.docx")
    document = docx.Document(str(tmp_path / "отчёт.docx"))
    assert any(HOSTILE in untie(p.text) for p in document.paragraphs)
    assert (tmp_path / "отчёт.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "changes",
    [
        {"indicators": (IndicatorRow("Доля", -1, 2, None, None, "no_data"),)},
        {"pairs": (FormCounts("форма", {"active": -1}),)},
        {"pairs": (FormCounts("форма", {"lost": 1}),)},
        {"roadmap": RoadmapCounts(done=-1)},
        {"surveys": (SurveySummary("mentee", -1),)},
        {"surveys": (SurveySummary("mentee", 3, score_counts=(1, 2)),)},
        {"swot": {"strengths": ["x"]}},
        {"growth": (GrowthRow("p", "f", -1, None, None, None),)},
        {"practices": (Practice("Клуб"), Practice("  ", "ученик – ученик", "текст"))},
    ],
)
def test_figures_that_make_no_sense_are_refused_in_russian(changes: dict[str, object]) -> None:
    with pytest.raises(ReportDataError) as error:
        sample_report(**changes)
    assert any("а" <= ch <= "я" for ch in str(error.value).lower())


def test_document_title_and_author() -> None:
    document = report_document(sample_report())
    assert document.title == "Итоговый аналитический отчёт за 2025-2026 учебный год"
    assert document.author.startswith("Муниципальное бюджетное")


def test_docx_section_titles_keep_with_what_follows() -> None:
    document = docx.Document(io.BytesIO(docx_bytes(report_document(sample_report()))))
    titles = [p for p in document.paragraphs if untie(p.text) in SECTION_TITLES]
    assert len(titles) == len(SECTION_TITLES)
    assert all(p.paragraph_format.keep_with_next for p in titles)


# --- the best practices ------------------------------------------------------------------


def test_practices_sentence_agrees_with_the_number() -> None:
    one = (Practice("А"),)
    assert practices_sentence(()) == NO_PRACTICES == "Лучшие практики за год не описаны."
    assert practices_sentence(one) == (
        "Описана 1 практика наставничества года для муниципальной базы лучших практик."
    )
    assert practices_sentence(one * 3).startswith("Описаны 3 практики наставничества")
    assert practices_sentence(one * 5).startswith("Описано 5 практик наставничества")
    assert practices_sentence(one * 21).startswith("Описана 21 практика")
    items = conclusions(sample_report())
    assert untie(items[-1]) == (
        "Описаны 2 практики наставничества года для муниципальной базы лучших практик (раздел 6)."
    )


def test_pdf_prints_the_practices_before_the_conclusions(sample_pdf: bytes) -> None:
    text = all_text(sample_pdf)
    section = text.find("6. Лучшие практики наставничества")
    end = text.find("7. Выводы")
    assert 0 <= text.find("5. Динамика результатов наставляемых") < section < end
    part = text[section:end]
    assert "Описаны 2 практики наставничества года" in part
    assert "6.1. Клуб юных инженеров" in part and "6.2. Школа молодого педагога" in part
    assert part.find("6.1.") < part.find("6.2.")
    assert "Форма наставничества: ученик – ученик." in part
    assert "Содержание: Старшеклассники-наставники готовят семиклассников" in part
    assert "Занятия — дважды в неделю в центре «Точка роста»." in part
    assert "Результаты: 7 команд; 3 призовых места на муниципальном этапе." in part
    # the second has no form and no description: only its results
    second = part[part.find("6.2.") :]
    assert "Форма наставничества" not in second and "Содержание" not in second
    assert "Результаты: Все 4 молодых педагога остались в школе." in second


def test_a_practice_with_nothing_but_its_title_says_so() -> None:
    text = all_text(pdf_bytes(report_document(sample_report(practices=(Practice("Кейс"),)))))
    assert "6.1. Кейс Содержание и результаты практики не описаны." in text
    empty = all_text(pdf_bytes(report_document(empty_report())))
    part = empty[empty.find("6. Лучшие практики") : empty.find("7. Выводы")]
    assert part == "6. Лучшие практики наставничества Лучшие практики за год не описаны. "


def test_docx_carries_the_practices() -> None:
    document = docx.Document(io.BytesIO(docx_bytes(report_document(sample_report()))))
    paragraphs = [untie(p.text) for p in document.paragraphs]
    at = paragraphs.index("6. Лучшие практики наставничества")
    assert paragraphs.index("6.1. Клуб юных инженеров") > at
    assert "Результаты: 7 команд; 3 призовых места на муниципальном этапе." in paragraphs
    assert paragraphs.index("7. Выводы") > paragraphs.index("6.2. Школа молодого педагога")
