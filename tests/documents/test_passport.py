"""The program passport: the headings of «Путь к успеху!», filled from profile and register."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import docx
import pytest
from tests.documents.samples import sample_passport

from mentor_desk.documents.blocks import Table
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.passport import (
    INDICATOR_HEADER,
    INDICATORS_TITLE,
    PASSPORT_TABLE_HEADER,
    PROJECT_COLUMN,
    Passport,
    PassportCounts,
    passport,
    period_text,
    split_audience,
)
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.documents.typography import untie
from mentor_desk.domain.pairs import Status

from .reading import all_text, page_texts, reader

HOSTILE = "А&Б <img src=x>"

# The headings of «Путь к успеху!», as the passport writes them (its double spaces aside).
SOURCE_HEADINGS = (
    "Целевая аудитория",
    "Период и периодичность реализации программы наставничества",
    "Тип (формы наставничества)",
    "Описание программы (цель, задачи программы)",
    "Описание системы мониторинга и оценки результатов деятельности наставников",
    "Описание ожидаемых результатов реализации программы",
    "Наименование партнеров (при наличии)",
    "Описание фактических результатов реализации программы",
    "Наименование программы наставничества",
    "Наименование ОУ",
    "Куратор(ы) ЦМН",
)


@pytest.fixture(scope="module")
def data() -> Passport:
    return sample_passport()


@pytest.fixture(scope="module")
def pdf(data: Passport) -> bytes:
    return pdf_bytes(passport(data))


def test_every_heading_of_the_passport_is_there(pdf: bytes) -> None:
    text = all_text(pdf)
    for heading in SOURCE_HEADINGS:
        assert heading in text, heading
    assert "Параметры Описание" in text


def test_the_title_page_stands_alone(data: Passport, pdf: bytes) -> None:
    first, second = (" ".join(t.split()) for t in page_texts(pdf)[:2])
    assert "ПАСПОРТ программы наставничества" in first
    assert "УТВЕРЖДАЮ" in first and "Т.А. Доля" in first
    assert "на 2024–2026 годы" in first
    assert "Программа целевой модели наставничества МБОУ «СОШ № 1 г. Завитинска»" in first
    assert "г. Завитинск, 2026" in first
    assert "Параметры" not in first and "Параметры" in second


def test_the_passport_is_filled_from_the_profile_and_the_register(
    data: Passport, pdf: bytes
) -> None:
    text = all_text(pdf)
    for expected in (
        data.municipality,
        data.address,
        "Кравченко Е.В., заместитель директора по учебно-воспитательной работе",
        "2024–2026 гг., 2 года",
        "«Учитель – учитель», «Учитель – ученик», «Ученик – ученик»",
        "Обучающиеся: – одарённые;",
        "– в трудной жизненной ситуации. Педагоги: – молодые специалисты;",
        "Р-145",
        "АЗ-1128/08",
        "молодых специалистов МБОУ «СОШ № 1 г. Завитинска».",  # the goal names the school
        "SWOT-анализ",
        "По состоянию на 23 ноября 2026 г.: – наставников: 34; – наставляемых: 61;",
        "наставнических пар (групп): 51, из них утверждены приказом — 8, действуют — 31, "
        "завершены — 12.",
    ):
        assert expected in text, expected


def test_the_indicators_table_follows_the_passport(data: Passport, pdf: bytes) -> None:
    text = all_text(pdf)
    assert INDICATORS_TITLE in text
    assert f"№ п/п {PROJECT_COLUMN} Наименование показателя" in text
    for indicator in data.indicators:
        assert indicator.name in text
        assert indicator.project in text
    without = dataclasses.replace(
        data, indicators=[dataclasses.replace(i, project="") for i in data.indicators]
    )
    assert PROJECT_COLUMN not in all_text(pdf_bytes(passport(without)))
    bare = dataclasses.replace(data, indicators=[])
    bare_text = all_text(pdf_bytes(passport(bare)))
    assert INDICATORS_TITLE not in bare_text and "приведены в таблице" not in bare_text


def test_portrait_a4(pdf: bytes) -> None:
    for page in reader(pdf).pages:
        assert float(page.mediabox.width) < float(page.mediabox.height)


def test_a_table_header_on_every_page_the_table_runs_over(pdf: bytes) -> None:
    texts = page_texts(pdf)[1:]
    assert len(texts) >= 2
    for text in texts:
        flat = " ".join(text.split())
        assert "Параметры Описание" in flat or INDICATORS_TITLE in flat


def test_split_audience_and_period() -> None:
    students, staff = split_audience(["одарённые", "молодые специалисты", "с ОВЗ"])
    assert students == ["одарённые", "с ОВЗ"] and staff == ["молодые специалисты"]
    assert period_text((2022, 2024)) == "2022–2024 гг., 2 года"
    assert period_text((2024, 2029)) == "2024–2029 гг., 5 лет"
    assert period_text((2025, 2025)) == "2025 г., 1 год"


def test_one_audience_has_no_subheadings_and_empty_parts_show_a_dash() -> None:
    data = dataclasses.replace(
        sample_passport(),
        target_audience=["одарённые"],
        staff_audience=[],
        partners=[],
        counts=PassportCounts(date(2026, 9, 1), 0, 0),
    )
    text = all_text(pdf_bytes(passport(data)))
    assert "Целевая аудитория – одарённые." in text
    assert "Обучающиеся:" not in text
    assert "Наименование партнеров (при наличии) —" in text
    assert "наставнических пар (групп): 0." in text


def test_hostile_text_prints_as_typed() -> None:
    data = dataclasses.replace(
        sample_passport(),
        org_full_name=HOSTILE,
        org_short_name="<b>МБОУ</b>",
        curators=[HOSTILE],
        forms=["&lt;форма&gt;"],
        partners=["<img src='http://example.com/x.png'>"],
        counts=PassportCounts(date(2026, 11, 23), 1, 1, {Status.ACTIVE: 1}, [HOSTILE]),
    )
    pdf = pdf_bytes(passport(data))
    text = all_text(pdf)
    for typed in (
        HOSTILE,
        "<b>МБОУ</b>",
        "«&lt;форма&gt;»",
        "<img src='http://example.com/x.png'>",
    ):
        assert typed in text
    assert b"/URI" not in pdf and b"/Subtype /Image" not in pdf


def test_docx_has_the_same_table_rows(data: Passport) -> None:
    document = passport(data)
    tables = [block for block in document.blocks if isinstance(block, Table)]
    opened = docx.Document(io.BytesIO(docx_bytes(document)))
    assert len(opened.tables) == len(tables) == 2
    for docx_table, table in zip(opened.tables, tables, strict=True):
        rows = docx_table.rows
        assert [untie(c.text) for c in rows[0].cells] == table.header
        assert len(rows) == 1 + len(table.rows)
        for docx_row, expected in zip(rows[1:], table.rows, strict=True):
            cells = [[untie(p.text) for p in cell.paragraphs] for cell in docx_row.cells]
            assert cells == [[c] if isinstance(c, str) else c for c in expected]
    assert tables[0].header == PASSPORT_TABLE_HEADER
    assert tables[1].header[-2:] == INDICATOR_HEADER[-2:]
