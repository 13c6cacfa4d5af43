"""The order ending programs, read back from the PDF and the DOCX as a reader would."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

import docx
import pytest
from tests.documents.samples import sample_end_order

from mentor_desk.documents.blocks import Table
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.end_order import (
    END_ORDER_TITLE,
    END_TABLE_HEADER,
    EndOrder,
    EndRow,
    default_preamble,
    end_order,
)
from mentor_desk.documents.orders import acquainted
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.documents.typography import untie
from mentor_desk.domain.pairs import EndReason, Form

from .reading import all_text, page_texts

HOSTILE = "А&Б <img src=x>"


@pytest.fixture(scope="module")
def order() -> EndOrder:
    return sample_end_order(12)


@pytest.fixture(scope="module")
def pdf(order: EndOrder) -> bytes:
    return pdf_bytes(end_order(order))


def test_the_order_has_its_requisites_items_and_every_name(order: EndOrder, pdf: bytes) -> None:
    text = all_text(pdf)
    for expected in (
        "П Р И К А З",
        "23.11.2026",
        "№ 52-о",
        "г. Завитинск",
        END_ORDER_TITLE,
        "п р и к а з ы в а ю:",
        "Положением о наставничестве",
        "по инициативе куратора (в случае недолжного исполнения программы)",
        "1. Завершить реализацию персонализированных программ наставничества",
        "согласно приложению к настоящему приказу",
        "в базу наставников и базу наставляемых в срок до 30 ноября 2026 г. Ответственный",
        "куратор реализации программ наставничества Кравченко Е.В.",
        "3. Контроль за исполнением настоящего приказа оставляю за собой.",
        "С приказом ознакомлены:",
        "от 23 ноября 2026 г. № 52-о",  # the appendix mark
        "Т.А. Доля",
    ):
        assert expected in text, expected
    for row in order.rows:
        assert row.mentor in text
        for mentee in row.mentees:
            assert mentee in text
        assert format(row.ended_on, "%d.%m.%Y") in text
    assert "г.." not in text and "Е.В.." not in text


def test_the_reasons_are_the_volgograd_labels(order: EndOrder, pdf: bytes) -> None:
    text = all_text(pdf)
    reasons = {row.reason for row in order.rows}
    assert len(reasons) >= 3
    for reason in reasons:
        assert isinstance(reason, EndReason)
        assert reason.label in text


def test_the_table_is_in_the_appendix_on_its_own_page(pdf: bytes) -> None:
    texts = page_texts(pdf)
    appendix = next(i for i, t in enumerate(texts) if "Приложение" in t)
    assert appendix >= 1
    assert "Основание" not in " ".join(texts[:appendix])
    flat = " ".join(texts[appendix].split())
    for title in END_TABLE_HEADER:
        assert title in flat


def test_200_ended_programs_repeat_the_header_on_every_page() -> None:
    data = pdf_bytes(end_order(sample_end_order(200)))
    texts = page_texts(data)
    appendix = next(i for i, t in enumerate(texts) if "Приложение" in t)
    pages = texts[appendix:]
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=appendix + 1):
        flat = " ".join(text.split())
        for title in ("№ п/п", "Наставник", "Дата завершения", "Основание завершения"):
            assert title in flat, f"page {number} has no «{title}»"
    numbers = re.findall(r"(?m)^\s*(\d{1,3})$", "\n".join(pages))
    assert {int(n) for n in numbers} >= set(range(1, 201))


def test_acquainted_are_the_curator_the_mentors_and_staff_mentees() -> None:
    rows = [
        EndRow("Петрова А.А.", ["Ученик У.У. (5А)"], Form.TEACHER_STUDENT, date(2026, 11, 2), "x"),
        EndRow("Петрова А.А.", ["Молодая М.М."], Form.TEACHER_TEACHER, date(2026, 11, 3), "y"),
    ]
    order = dataclasses.replace(sample_end_order(1), rows=rows)
    names = acquainted(order.curator, order.rows, order.director_name)
    assert names == ["Кравченко Е.В.", "Петрова А.А.", "Молодая М.М."]
    text = all_text(pdf_bytes(end_order(order)))
    tail = text[text.index("С приказом ознакомлены:") : text.index("Приложение")]
    assert "Молодая М.М." in tail and "Ученик У.У." not in tail


def test_the_director_signs_the_order_not_the_acquaintance_list() -> None:
    """The director mentors a pair and is the curator too: signs once, as the director."""
    base = sample_end_order(1)
    director = base.director_name  # «И.О. Фамилия»
    last = director.split()[-1]
    as_listed = f"{last} {director.split()[0]}"  # «Фамилия И.О.», as the table has it
    rows = [EndRow(as_listed, ["Молодая М.М."], Form.TEACHER_TEACHER, date(2026, 11, 3), "y")]
    order = dataclasses.replace(base, rows=rows, curator=as_listed)
    assert acquainted(order.curator, order.rows, order.director_name) == ["Молодая М.М."]
    for data in (order, dataclasses.replace(order, acquainted=[as_listed, "Молодая М.М."])):
        text = all_text(pdf_bytes(end_order(data)))
        tail = text[text.index("С приказом ознакомлены:") : text.index("Приложение")]
        assert last not in tail and "Молодая М.М." in tail


def test_hostile_text_prints_as_typed() -> None:
    row = EndRow(HOSTILE, [HOSTILE, "&amp; <br/>"], "<i>форма</i>", date(2026, 11, 5), "<b>&</b>")
    order = dataclasses.replace(
        sample_end_order(1),
        org_full_name=HOSTILE,
        rows=[row],
        curator="<a href='http://x'>К</a>",
        regulation="Положением <img src=y>",
    )
    data = pdf_bytes(end_order(order))
    text = all_text(data)
    for typed in (HOSTILE, "&amp; <br/>", "<i>форма</i>", "<b>&</b>", "<a href='http://x'>К</a>"):
        assert typed in text
    assert "Положением <img src=y>" in text
    assert b"/URI" not in data and b"/Subtype /Image" not in data


def test_a_draft_leaves_blanks_and_a_custom_preamble_replaces_the_default() -> None:
    order = dataclasses.replace(
        sample_end_order(2), draft=True, number="", order_date=None, preamble="Своя преамбула"
    )
    text = all_text(pdf_bytes(end_order(order)))
    assert text.startswith("ПРОЕКТ")
    assert "«___» ____________ 20___ г." in text and "№ ______" in text
    assert "Своя преамбула п р и к а з ы в а ю:" in text
    assert "предусматривающим" not in text


def test_the_default_preamble_cites_the_regulation_given() -> None:
    text = default_preamble("Положением о наставничестве МБОУ «СОШ № 1»")
    assert text.startswith("В соответствии с Положением о наставничестве МБОУ «СОШ № 1», ")
    assert "завершения плана мероприятий программы в полном объёме" in text


def test_docx_has_the_same_table_rows(order: EndOrder) -> None:
    document = end_order(order)
    table = next(block for block in document.blocks if isinstance(block, Table))
    opened = docx.Document(io.BytesIO(docx_bytes(document)))
    assert len(opened.tables) == 1
    rows = opened.tables[0].rows
    assert [untie(c.text) for c in rows[0].cells] == END_TABLE_HEADER
    assert len(rows) == 1 + len(order.rows)
    for docx_row, expected in zip(rows[1:], table.rows, strict=True):
        cells = [[untie(p.text) for p in cell.paragraphs] for cell in docx_row.cells]
        assert cells == [[c] if isinstance(c, str) else c for c in expected]
    body = untie("\n".join(p.text for p in opened.paragraphs))
    assert END_ORDER_TITLE in body and "п р и к а з ы в а ю:" in body


def test_a_hyphenated_position_breaks_after_its_hyphen_in_the_narrow_column() -> None:
    """«педагог-организатор» is wider than the mentor column: it breaks after the hyphen,
    never inside a word («педагог-организа|тор»)."""
    base = sample_end_order(3)
    rows = [dataclasses.replace(row, mentor_position="педагог-организатор") for row in base.rows]
    pages = page_texts(pdf_bytes(end_order(dataclasses.replace(base, rows=rows))))
    appendix = "\n".join(pages[next(i for i, t in enumerate(pages) if "Приложение" in t) :])
    lines = [line.strip() for line in appendix.splitlines()]
    assert lines.count("педагог-") == 3 and lines.count("организатор") == 3
    assert not any(line.startswith("тор") or line.endswith("организа") for line in lines)
