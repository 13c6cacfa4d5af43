"""The pairs order as a PDF, read back as a reader would: text, fonts, pages, positions."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from mentor_desk.documents import layout
from mentor_desk.documents.blocks import Document, Paragraph, Table
from mentor_desk.documents.orders import (
    PAIRS_TABLE_HEADER,
    OrderRow,
    PairsOrder,
    Term,
    acquainted,
    acquainted_names,
    name_key,
    pairs_order,
)
from mentor_desk.documents.pdf import pdf_bytes, register_fonts, write_pdf
from mentor_desk.documents.samples import sample_pairs_order
from mentor_desk.domain.pairs import Form, Kind

from .reading import MM, all_text, page_fonts, page_texts, reader, shown

HOSTILE = "А&Б <img src=x>"


@pytest.fixture(scope="module")
def small_order() -> PairsOrder:
    return sample_pairs_order(12, seed=3)


@pytest.fixture(scope="module")
def small_pdf(small_order: PairsOrder) -> bytes:
    return pdf_bytes(pairs_order(small_order))


@pytest.fixture(scope="module")
def big_order() -> PairsOrder:
    return sample_pairs_order(300, seed=1)


@pytest.fixture(scope="module")
def big_pdf(big_order: PairsOrder) -> bytes:
    return pdf_bytes(pairs_order(big_order))


def names_of(order: PairsOrder) -> list[str]:
    names = [order.curator_name, order.director_name]
    for row in order.pairs:
        names.append(row.mentor)
        names.extend(row.mentees)
    return names


def test_the_text_has_every_name_the_number_the_dates_and_the_command(
    small_order: PairsOrder, small_pdf: bytes
) -> None:
    text = all_text(small_pdf)
    for name in names_of(small_order):
        assert name in text
    assert "№ 45-о" in text
    assert "15.11.2026" in text
    assert "15 ноября 2026 г." in text  # the appendix mark
    assert "с 1 декабря 2026 г. по 31 мая 2027 г." in text  # the term, item 3
    assert "п р и к а з ы в а ю:" in text
    assert "П Р И К А З" in text
    assert "О закреплении наставнических пар (групп)" in text
    assert "Р-145" in text and "АЗ-1128/08" in text
    assert "Контроль за исполнением настоящего приказа оставляю за собой." in text
    assert "С приказом ознакомлены:" in text
    assert "заместитель директора по учебно-воспитательной работе" in text
    assert "г. Завитинск" in text
    assert "г.." not in text


def test_the_items_are_numbered_in_order(small_pdf: bytes) -> None:
    text = all_text(small_pdf)
    positions = [text.index(f"{n}. ") for n in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    assert text.index("п р и к а з ы в а ю:") < positions[0]


def test_the_four_faces_are_embedded_and_no_other_font_is_named(small_pdf: bytes) -> None:
    fonts = page_fonts(small_pdf)
    assert fonts
    for page, base, descriptor in fonts:
        assert "LiberationSerif" in base, f"page {page}: {base}"
        assert "/FontFile2" in descriptor, f"page {page}: {base} is not embedded"
    bases = {re.sub(r"^[A-Z]{6}\+", "", base.lstrip("/")) for _, base, _ in fonts}
    assert {"LiberationSerif", "LiberationSerif-Bold"} <= bases


def test_cyrillic_quotes_dashes_and_the_number_sign_survive(small_pdf: bytes) -> None:
    text = all_text(small_pdf)
    for sign in ("«", "»", "–", "№", "ё"):
        assert sign in text


def test_a_4_page_with_the_30_mm_left_margin(small_pdf: bytes) -> None:
    margin = layout.MARGIN_LEFT_MM * MM
    first = min(piece.x for piece in shown(small_pdf, 0))
    assert first == pytest.approx(margin, abs=0.5 * MM)  # the date starts at the margin
    for index, page in enumerate(reader(small_pdf).pages):
        assert float(page.mediabox.width) == pytest.approx(210 * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(297 * MM, abs=0.5)
        left = min(piece.x for piece in shown(small_pdf, index))
        assert margin - 0.01 <= left <= margin + (layout.TABLE_PADDING_MM + 2) * MM


def test_the_right_margin_is_kept(small_pdf: bytes) -> None:
    number = next(p for p in shown(small_pdf, 0) if p.text == "№ 45-о")
    right_edge = (210 - layout.MARGIN_RIGHT_MM) * MM
    assert number.x < right_edge
    assert number.x > right_edge - 25 * MM  # «№ 45-о» stands at the right margin


def test_page_numbers_from_the_second_page_centred_in_the_top_margin(
    small_pdf: bytes,
) -> None:
    top_band = (297 - layout.MARGIN_TOP_MM) * MM
    first = [p for p in shown(small_pdf, 0) if p.y > top_band]
    assert first == []
    pages = len(reader(small_pdf).pages)
    assert pages >= 3
    for index in range(1, pages):
        in_margin = [p for p in shown(small_pdf, index) if p.y > top_band]
        assert [p.text for p in in_margin] == [str(index + 1)]
        centre = (layout.MARGIN_LEFT_MM + (210 - 40) / 2) * MM
        assert in_margin[0].x == pytest.approx(centre, abs=5 * MM)


def test_300_pairs_run_over_many_pages_with_the_header_on_every_table_page(
    big_order: PairsOrder, big_pdf: bytes
) -> None:
    texts = page_texts(big_pdf)
    first_table_page = next(i for i, t in enumerate(texts) if "Приложение" in t)
    table_pages = texts[first_table_page:]
    assert len(table_pages) >= 10
    for number, text in enumerate(table_pages, start=first_table_page + 1):
        flat = " ".join(text.split())
        for title in ("№ п/п", "Наставник", "Наставляемый (наставляемые)", "Срок"):
            assert title in flat, f"page {number} has no «{title}»"
    assert "Форма и вид наставничества" in " ".join(table_pages[-1].split())
    joined = " ".join(" ".join(table_pages).split())
    for row in big_order.pairs:
        assert row.mentor in joined
        for mentee in row.mentees:
            assert mentee in joined
    numbers = re.findall(r"(?m)^\s*(\d{1,3})$", "\n".join(table_pages))
    assert {int(n) for n in numbers} >= set(range(1, 301))


def test_a_group_taller_than_a_page_shows_all_its_mentees() -> None:
    base = sample_pairs_order(2)
    mentees = [f"Иванова{n:02d} А.А. (5А)" for n in range(90)]
    row = OrderRow("Большаков Б.Б.", "учитель", mentees, Form.TEACHER_STUDENT, Kind.GROUP)
    rows = [base.pairs[0], row, base.pairs[1]]
    data = pdf_bytes(pairs_order(dataclasses.replace(base, pairs=rows)))
    text = all_text(data)
    for mentee in mentees:
        assert mentee in text
    assert text.index("Иванова89 А.А.") < text.index(base.pairs[1].mentor, text.index("Иванова00"))


def test_hostile_text_prints_as_typed_and_fetches_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import urllib.request

    import reportlab.lib.utils as rl_utils
    import reportlab.platypus.paraparser as paraparser

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("reportlab tried to open a file or URL")

    register_fonts()  # reading the shipped fonts is the only file access allowed
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(rl_utils, "open_for_read", refuse)
    monkeypatch.setattr(paraparser, "ImageReader", refuse, raising=False)
    base = sample_pairs_order(1)
    row = OrderRow(HOSTILE, "<b>учитель</b> & co", [HOSTILE, "&amp; <br/>"], "<i>форма</i>", "&")
    order = dataclasses.replace(
        base,
        org_full_name=HOSTILE,
        place="<font size=40>г. Ы</font>",
        curator_name=HOSTILE,
        director_name="</para>Т.А. Доля",
        pairs=[row],
        preamble="Текст с <a href='http://example.com'>ссылкой</a> & <img src=x>",
    )
    data = pdf_bytes(pairs_order(order))
    text = all_text(data)
    for typed in (
        HOSTILE,
        "<b>учитель</b> & co",
        "&amp; <br/>",
        "<i>форма</i>",
        "<font size=40>г. Ы</font>",
        "</para>Т.А. Доля",
        "<a href='http://example.com'>ссылкой</a> & <img src=x>",
    ):
        assert typed in text
    assert b"/URI" not in data and b"/Subtype /Image" not in data


def test_control_characters_do_not_break_the_build() -> None:
    document = Document([Paragraph("Имя\x00 с\x0bуправляющими\x1f символами")], title="т")
    assert all_text(pdf_bytes(document)) == "Имя с управляющими символами"


def test_the_draft_says_so_and_leaves_blanks_to_fill_in() -> None:
    base = sample_pairs_order(3)
    data = pdf_bytes(pairs_order(dataclasses.replace(base, draft=True, number="", order_date=None)))
    text = all_text(data)
    assert text.startswith("ПРОЕКТ")
    assert "«___» ____________ 20___ г." in text
    assert "№ ______" in text


def test_acquainted_are_the_curator_the_mentors_and_staff_mentees_once_each() -> None:
    base = sample_pairs_order(1)
    rows = [
        OrderRow("Петрова А.А.", "учитель", ["Ученик У.У. (5А)"], Form.TEACHER_STUDENT, Kind.GROUP),
        OrderRow("Петрова А.А.", "учитель", ["Молодая М.М."], Form.TEACHER_TEACHER, "традиционная"),
        OrderRow("Сидоров С.С.", "ученик 10А", ["Младший М.М. (6Б)"], Form.STUDENT_STUDENT, "—"),
    ]
    order = dataclasses.replace(base, pairs=rows)
    assert acquainted(order.curator_name, order.pairs, order.director_name) == [
        base.curator_name,
        "Петрова А.А.",
        "Молодая М.М.",
        "Сидоров С.С.",
    ]
    text = all_text(pdf_bytes(pairs_order(order)))
    tail = text[text.index("С приказом ознакомлены:") :]
    assert "Молодая М.М." in tail and "Ученик У.У." not in tail.split("Приложение")[0]


@pytest.mark.parametrize(
    "written",
    ["А.С. Петрова", "Петрова А.С.", "Петрова Анна Сергеевна", "ПЕТРОВА  А. С.", "а.с. петрова"],
)
def test_one_person_however_the_name_is_written(written: str) -> None:
    assert name_key(written) == name_key("Петрова А.С.")
    assert name_key(written) != name_key("Петрова А.В.")
    assert name_key(written) != name_key("Петров А.С.")


def test_the_director_is_not_in_the_acquaintance_list() -> None:
    """The director signs the order: never again under «С приказом ознакомлены»."""
    base = sample_pairs_order(1)
    director = "А.С. Петрова"
    rows = [
        OrderRow("Петрова А.С.", "директор", ["Молодая М.М."], Form.HEAD_TEACHER, "традиционная"),
        OrderRow("Сидоров С.С.", "учитель", ["Ученик У.У. (5А)"], Form.TEACHER_STUDENT, "—"),
    ]
    order = dataclasses.replace(
        base, pairs=rows, director_name=director, curator_name="Петрова А.С."
    )
    assert acquainted(order.curator_name, order.pairs, director) == ["Молодая М.М.", "Сидоров С.С."]
    assert acquainted_names(["Кравченко Е.В.", " Кравченко  Е.В. ", ""], director) == [
        "Кравченко Е.В."
    ]
    for data in (order, dataclasses.replace(order, acquainted=["Петрова А.С.", "Сидоров С.С."])):
        text = all_text(pdf_bytes(pairs_order(data)))
        tail = text[text.index("С приказом ознакомлены:") : text.index("Приложение")]
        assert "Петрова" not in tail and "Сидоров С.С." in tail
        assert "А.С. Петрова" in text[: text.index("С приказом ознакомлены:")]  # signs it


def test_a_row_with_its_own_term_is_mentioned_in_item_3() -> None:
    base = sample_pairs_order(2)
    own = Term(date(2027, 1, 10), date(2027, 4, 30))
    rows = [base.pairs[0], dataclasses.replace(base.pairs[1], term=own)]
    text = all_text(pdf_bytes(pairs_order(dataclasses.replace(base, pairs=rows))))
    assert "если в приложении к настоящему приказу не указан иной срок" in text
    assert "с 10.01.2027 по 30.04.2027" in text


def test_the_pairs_table_header_is_the_one_documented() -> None:
    document = pairs_order(sample_pairs_order(1))
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert [t.header for t in tables] == [PAIRS_TABLE_HEADER]


def test_write_pdf_writes_the_same_bytes_a_reader_opens(tmp_path: Path) -> None:
    target = tmp_path / "приказ.pdf"
    target.write_bytes(b"old")
    write_pdf(pairs_order(sample_pairs_order(2)), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert len(reader(target.read_bytes()).pages) >= 2
    assert [p.name for p in tmp_path.iterdir()] == ["приказ.pdf"]


def test_metadata_names_the_order() -> None:
    info = reader(pdf_bytes(pairs_order(sample_pairs_order(1)))).metadata
    assert info is not None
    assert info.title == "Приказ от 15.11.2026 № 45-о «О закреплении наставнических пар (групп)»"


def test_document_numbers_print_an_ordinary_hyphen(small_pdf: bytes) -> None:
    """tie() makes «№ 45-о» a non-breaking hyphen; the font has no U+2011 glyph, so the
    PDF prints a hyphen (no missing-glyph box) and reportlab keeps the number whole."""
    raw = "".join(page.extract_text() for page in reader(small_pdf).pages)
    assert "\u2011" not in raw
    text = all_text(small_pdf)
    assert "№ 45-о" in text and "№ АЗ-1128/08" in text and "№ Р-145" in text
