"""Register extracts: with and without personal details, the consent footnote, big lists."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

import docx
import pytest
from tests.documents.samples import sample_extract

from mentor_desk.documents.blocks import Table
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.extracts import (
    EMPTY_NOTE,
    PERSONAL_MARK,
    Extract,
    PairRow,
    PersonRow,
    extract,
)
from mentor_desk.documents.orders import Term
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.documents.typography import untie
from mentor_desk.domain.pairs import Form, Kind, Status

from .reading import all_text, page_texts, reader

HOSTILE = "А&Б <img src=x>"
DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")
PHONE = re.compile(r"\+7 \d{3}")
NOTE = "нет согласия на обработку персональных данных"


def is_landscape(pdf: bytes) -> bool:
    page = reader(pdf).pages[0]
    return float(page.mediabox.width) > float(page.mediabox.height)


def people(data: Extract) -> list[PersonRow]:
    return [row for row in data.rows if isinstance(row, PersonRow)]


def test_without_personal_details_names_are_short_and_nothing_else_shows() -> None:
    data = sample_extract("mentees", 40, personal=False)
    pdf = pdf_bytes(extract(data))
    text = all_text(pdf)
    assert "Список наставляемых" in text
    assert "Средняя общеобразовательная школа № 1 г. Завитинска" in text
    assert "по состоянию на 23 ноября 2026 г." in text
    assert "Фамилия, инициалы" in text and "Класс, должность" in text
    for person in people(data):
        if not person.consent:
            continue
        assert person.name(personal=False) in text
        assert person.full_name not in text
        assert person.role in text
    assert not DATE.search(text), DATE.search(text)
    assert not PHONE.search(text) and "@" not in text
    assert PERSONAL_MARK not in text
    assert not is_landscape(pdf)


def test_with_personal_details_the_birth_dates_and_contacts_show_on_landscape() -> None:
    data = sample_extract("mentors", 20, personal=True)
    pdf = pdf_bytes(extract(data))
    text = all_text(pdf)
    assert text.startswith(PERSONAL_MARK)
    for person in people(data):
        if person.consent:
            assert person.full_name in text
            assert person.birth_date is not None
            assert format(person.birth_date, "%d.%m.%Y") in text
            assert person.phone in text
    assert "Электронная почта" in text
    assert is_landscape(pdf)


def test_people_without_consent_are_left_out_and_counted() -> None:
    data = sample_extract("mentors", 30)
    left_out = [p for p in people(data) if not p.consent]
    assert len(left_out) == 3
    text = all_text(pdf_bytes(extract(data)))
    for person in left_out:
        assert person.name(personal=False) not in text
    assert f"Не включены: 3 — {NOTE}." in text
    also = dataclasses.replace(data, omitted=2)  # two more the caller had left out
    assert f"Не включены: 5 — {NOTE}." in all_text(pdf_bytes(extract(also)))
    everyone = dataclasses.replace(data, rows=[p for p in people(data) if p.consent])
    assert NOTE not in all_text(pdf_bytes(extract(everyone)))


def test_200_mentees_run_over_pages_with_the_header_repeated() -> None:
    data = sample_extract("mentees", 200, personal=False)
    pdf = pdf_bytes(extract(data))
    texts = page_texts(pdf)
    assert len(texts) >= 4
    for number, text in enumerate(texts, start=1):
        flat = " ".join(text.split())
        for title in ("№ п/п", "Фамилия, инициалы", "Класс, должность"):
            assert title in flat, f"page {number} has no «{title}»"
    listed = sum(1 for p in people(data) if p.consent)
    numbers = re.findall(r"(?m)^\s*(\d{1,3})$", "\n".join(texts))
    assert {int(n) for n in numbers} >= set(range(1, listed + 1))
    assert f"Не включены: {200 - listed} — {NOTE}." in all_text(pdf)


def test_pairs_leave_out_a_mentee_without_consent_and_a_pair_whose_mentor_has_none() -> None:
    term = Term(date(2026, 12, 1), date(2027, 5, 31))
    mentor = PersonRow("Петрова Анна Ивановна", "учитель физики")
    hidden = PersonRow("Скрытов Сергей Петрович", "6А", consent=False)
    rows = [
        PairRow(mentor, [PersonRow("Иванов Иван Иванович", "5А"), hidden], Form.TEACHER_STUDENT,
                Kind.GROUP, term, Status.ACTIVE, "№ 45-о от 15.11.2026"),
        PairRow(PersonRow("Безсогласия Б.Б.", "учитель", consent=False),
                [PersonRow("Сидоров Олег Петрович", "7Б")], Form.TEACHER_STUDENT),
        PairRow(mentor, [hidden], Form.TEACHER_STUDENT),
    ]  # fmt: skip
    data = Extract("pairs", "МБОУ «СОШ № 1»", date(2026, 11, 23), rows)
    pdf = pdf_bytes(extract(data))
    text = all_text(pdf)
    assert "Список наставнических пар (групп)" in text
    assert "Петрова А.И. учитель физики Иванов И.И. (5А)" in text
    assert "учитель – ученик, групповая" in text
    assert "с 01.12.2026 по 31.05.2027" in text and "№ 45-о от 15.11.2026" in text
    assert "действует" in text
    for absent in ("Скрытов", "Безсогласия", "Сидоров"):
        assert absent not in text
    assert f"Не включены: 2 — {NOTE}." in text
    table = next(block for block in extract(data).blocks if isinstance(block, Table))
    assert len(table.rows) == 1
    assert is_landscape(pdf)
    personal = all_text(pdf_bytes(extract(dataclasses.replace(data, personal=True))))
    assert "Петрова Анна Ивановна" in personal and "Иванов Иван Иванович (5А)" in personal


def test_a_big_pairs_list_repeats_its_header() -> None:
    pdf = pdf_bytes(extract(sample_extract("pairs", 120)))
    texts = page_texts(pdf)
    assert len(texts) >= 4
    for text in texts:
        flat = " ".join(text.split())
        assert "Наставник" in flat and "Наставляемый (наставляемые)" in flat


def test_an_empty_list_says_so() -> None:
    data = Extract("mentors", "МБОУ «СОШ № 1»", date(2026, 11, 23), [], omitted=4)
    text = all_text(pdf_bytes(extract(data)))
    assert EMPTY_NOTE in text and f"Не включены: 4 — {NOTE}." in text


def test_wrong_rows_for_the_kind_are_refused() -> None:
    pair = PairRow(PersonRow("А Б В"), [], "форма")
    with pytest.raises(TypeError):
        extract(Extract("mentors", "Школа", date(2026, 1, 1), [pair]))
    with pytest.raises(TypeError):
        extract(Extract("pairs", "Школа", date(2026, 1, 1), [PersonRow("А Б В")]))


def test_hostile_text_prints_as_typed() -> None:
    rows = [
        PersonRow("<b>Иванов</b> Иван Петрович", "<b>7Б</b>", date(2012, 1, 2), "&phone;", "<x@y>"),
        PersonRow("А&Б <img src=x>", "&amp;"),
    ]
    shown = {False: ["<b>Иванов</b> И.П.", "А&Б <."], True: ["<b>Иванов</b> Иван Петрович",
             "А&Б <img src=x>", "&phone;", "<x@y>"]}  # fmt: skip
    for personal, names in shown.items():
        data = Extract("mentees", HOSTILE, date(2026, 11, 23), rows, personal=personal)
        pdf = pdf_bytes(extract(data))
        text = all_text(pdf)
        assert HOSTILE in text and "<b>7Б</b>" in text and "&amp;" in text
        for name in names:
            assert name in text
        assert b"/URI" not in pdf and b"/Subtype /Image" not in pdf


@pytest.mark.parametrize("kind", ["mentors", "mentees", "pairs"])
@pytest.mark.parametrize("personal", [False, True])
def test_docx_has_the_same_table_rows(kind: str, personal: bool) -> None:
    data = sample_extract(kind, 25, personal=personal)  # type: ignore[arg-type]
    document = extract(data)
    table = next(block for block in document.blocks if isinstance(block, Table))
    opened = docx.Document(io.BytesIO(docx_bytes(document)))
    assert len(opened.tables) == 1
    rows = opened.tables[0].rows
    assert [untie(c.text) for c in rows[0].cells] == table.header
    assert len(rows) == 1 + len(table.rows)
    for docx_row, expected in zip(rows[1:], table.rows, strict=True):
        cells = [[untie(p.text) for p in cell.paragraphs] for cell in docx_row.cells]
        assert cells == [[c] if isinstance(c, str) else c for c in expected]
    section = opened.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (section.page_width > section.page_height) == document.landscape
    body = untie("\n".join(p.text for p in opened.paragraphs))
    assert "по состоянию на 23 ноября 2026 г." in body
    if not personal and kind != "pairs":
        assert not DATE.search(body + "".join(c.text for r in rows for c in r.cells))
