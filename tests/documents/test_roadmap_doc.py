"""The roadmap and the order approving it, as PDF and DOCX, read back as a reader would."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn

from mentor_desk.documents import layout
from mentor_desk.documents.blocks import Document, Lines, PageBreak, Table
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.pdf import pdf_bytes, write_pdf
from mentor_desk.documents.roadmap_doc import (
    DEFAULT_TITLE,
    RoadmapDoc,
    RoadmapDocRow,
    RoadmapOrder,
    acquainted_from_items,
    has_own_numbers,
    roadmap_document,
    roadmap_order,
    roadmap_order_title,
    rows_from_items,
    rows_from_template,
    table_columns,
)
from mentor_desk.documents.typography import untie
from mentor_desk.domain.roadmap import ItemRow, ItemStatus, ShownStatus
from mentor_desk.services.roadmap_templates import template

from .reading import MM, all_text, page_texts, reader

HOSTILE = "А&Б <img src=x>"
ORG = (
    "Муниципальное бюджетное общеобразовательное учреждение\n"
    "«Средняя общеобразовательная школа № 1 г. Завитинска»"
)
PERIOD = "2025-2027 годы"


def roadmap(key: str, **changes: object) -> RoadmapDoc:
    """A roadmap made from a built-in template, as the school prints it."""
    found = template(key)
    doc = RoadmapDoc(
        org_full_name=ORG,
        title=DEFAULT_TITLE,
        period_text=PERIOD,
        director_position="Директор",
        director_name="Т.А. Доля",
        approved_by_order=None,
        columns=found.columns,
        rows=rows_from_template(found),
        org_short_name="МБОУ «СОШ № 1 г. Завитинска»",
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def with_marks(doc: RoadmapDoc) -> RoadmapDoc:
    """Every fourth activity done on a date, the others in every other status."""
    labels = [ShownStatus.DONE, ShownStatus.IN_PROGRESS, ShownStatus.NOT_STARTED]
    labels.append(ShownStatus.OVERDUE)
    rows = [
        dataclasses.replace(
            row,
            status=labels[index % 4].label,
            done_on=date(2025, 10, 1 + index % 20) if index % 4 == 0 else None,
            deadline=row.deadline or "до 10 декабря",
            responsible=row.responsible or "Кравченко Е.В.",
        )
        for index, row in enumerate(doc.rows)
    ]
    return dataclasses.replace(doc, rows=rows, with_status=True)


def order_for(doc: RoadmapDoc, **changes: object) -> RoadmapOrder:
    order = RoadmapOrder(
        org_full_name=ORG,
        place="г. Завитинск",
        number="45-о",
        order_date=date(2026, 11, 15),
        title=roadmap_order_title(PERIOD),
        curator="Кравченко Е.В.",
        director_position="Директор",
        director_name="Т.А. Доля",
        roadmap=doc,
        acquainted=["Кравченко Е.В.", "Николаева О.А.", "Яковенко О.Н."],
        curator_position="заместитель директора по учебно-воспитательной работе",
    )
    return dataclasses.replace(order, **changes)  # type: ignore[arg-type]


def table_of(document: Document) -> Table:
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert len(tables) == 1
    return tables[0]


def flat(text: str) -> str:
    return " ".join(text.split())


def printed(text: str, shown: str) -> bool:
    """The text is there in order, its start unbroken: a portrait page splits a long word
    of a narrow column, and a row that runs over a page break has the header in between."""
    needle, hay = "".join(text.split()), "".join(shown.split())
    at = hay.find(needle[:12])
    if at < 0:
        return False
    rest = iter(hay[at:])
    return all(char in rest for char in needle)


def is_landscape(data: bytes) -> list[bool]:
    return [float(p.mediabox.width) > float(p.mediabox.height) for p in reader(data).pages]


@pytest.fixture(scope="module")
def zavitinsk() -> RoadmapDoc:
    return roadmap("zavitinsk_sample")


@pytest.fixture(scope="module")
def zavitinsk_pdf(zavitinsk: RoadmapDoc) -> bytes:
    return pdf_bytes(roadmap_document(zavitinsk))


@pytest.fixture(scope="module")
def kvantum() -> RoadmapDoc:
    return roadmap("kvantum_2024_2026")


@pytest.fixture(scope="module")
def kvantum_pdf(kvantum: RoadmapDoc) -> bytes:
    return pdf_bytes(roadmap_document(with_marks(kvantum)))


@pytest.fixture(scope="module")
def order_pdf(kvantum: RoadmapDoc) -> bytes:
    return pdf_bytes(roadmap_order(order_for(with_marks(kvantum))))


# --- the roadmap -----------------------------------------------------------------------


def test_the_zavitinsk_roadmap_has_the_stamp_the_title_and_all_34_activities(
    zavitinsk: RoadmapDoc, zavitinsk_pdf: bytes
) -> None:
    assert len(zavitinsk.rows) == 34
    text = all_text(zavitinsk_pdf)
    assert text.startswith("УТВЕРЖДАЮ Директор МБОУ «СОШ № 1 г. Завитинска» ____________ Т.А. Доля")
    assert "«___» ____________ 2025 г." in text
    assert f"{DEFAULT_TITLE} на {PERIOD}" in text
    for row in zavitinsk.rows:
        assert flat(row.activity) in text, row.activity
    # the activity a page break splits in the source is one activity here
    assert "организаций-партнеров, представителей администрации муниципалитета" in text
    numbers = re.findall(r"(?m)^\s*(\d{1,2})\s", "\n".join(page_texts(zavitinsk_pdf)))
    assert {int(n) for n in numbers} >= set(range(1, 35))


def test_the_columns_are_the_sources_portrait_up_to_three(zavitinsk: RoadmapDoc) -> None:
    document = roadmap_document(zavitinsk)
    table = table_of(document)
    assert [untie(h).replace("\n", " ") for h in table.header] == [
        "№ п/п",
        "Мероприятие",
        "Сроки",
        "Ответственные",
    ]
    assert not document.landscape
    assert table.repeat_header
    assert len(table.rows) == 34
    assert sum(table.widths) == pytest.approx(layout.text_width_mm())
    assert [row[0] for row in table.rows] == [str(n) for n in range(1, 35)]


def test_kvantum_columns_in_its_order_on_landscape_pages(kvantum: RoadmapDoc) -> None:
    document = roadmap_document(kvantum)
    table = table_of(document)
    assert table.header[1:] == [
        "Мероприятие",
        "Сроки",
        "Ожидаемый результат (вид документа)",
        "Показатели эффективности",
        "Ответственные",
    ]
    assert document.landscape
    assert sum(table.widths) == pytest.approx(layout.text_width_mm(landscape=True))
    assert table.widths[0] < 15  # the number column is as narrow as «п/п»


def test_the_done_marks_are_a_column_only_when_asked(zavitinsk: RoadmapDoc) -> None:
    assert "status" not in table_columns(zavitinsk)
    marked = with_marks(zavitinsk)
    document = roadmap_document(marked)
    table = table_of(document)
    assert table.header[-1] == "Отметка о выполнении"
    assert document.landscape  # four columns of text
    assert table.rows[0][-1] == ["выполнено", "01.10.2025"]
    assert table.rows[1][-1] == ["в работе"]
    assert table.rows[3][-1] == ["просрочено"]


def test_wide_pages_are_landscape_and_narrow_ones_portrait(
    zavitinsk_pdf: bytes, kvantum_pdf: bytes
) -> None:
    assert not any(is_landscape(zavitinsk_pdf))
    pages = is_landscape(kvantum_pdf)
    assert len(pages) > 3 and all(pages)
    first = reader(kvantum_pdf).pages[0].mediabox
    assert float(first.width) == pytest.approx(297 * MM, abs=1)


def test_the_header_is_on_every_page_of_a_long_table(kvantum_pdf: bytes) -> None:
    texts = [flat(text) for text in page_texts(kvantum_pdf)]
    assert len(texts) >= 5
    for number, text in enumerate(texts, start=1):
        for title in ("№ п/п", "Мероприятие", "Сроки", "Ответственные", "Отметка о выполнении"):
            assert title in text, f"page {number} has no «{title}»"
        assert "Показатели эффективности" in text


def test_sections_are_rows_of_their_own_above_their_activities(kvantum: RoadmapDoc) -> None:
    table = table_of(roadmap_document(kvantum))
    sections = list(dict.fromkeys(row.section for row in kvantum.rows))
    assert len(sections) == 5
    assert len(table.rows) == len(kvantum.rows) + len(sections)
    assert len(table.spans) == len(sections)
    titles = [table.rows[index] for index in sorted(table.spans)]
    assert [row[0] for row in titles] == sections  # one cell across the table
    assert all(cell == "" for row in titles for cell in row[1:])
    assert 0 in table.spans  # the first section comes before the first activity
    numbers = [row[0] for index, row in enumerate(table.rows) if index not in table.spans]
    assert numbers == [str(n) for n in range(1, 32)]


def test_activities_with_their_own_numbers_get_no_number_column() -> None:
    stages = roadmap("kalininsky_stages")
    assert has_own_numbers(row.activity for row in stages.rows)
    assert all(row.number == "" for row in stages.rows)
    table = table_of(roadmap_document(stages))
    assert table.header == ["Мероприятие", "Сроки"]
    assert table.rows[0] == ["I. Подготовка условия для реализации Программы наставничества", ""]
    assert not has_own_numbers(["Информирование педагогического сообщества", "Обучение"])
    assert has_own_numbers(["Вводная фраза", "2) Приказ(ы) о закреплении"])


def test_approved_by_an_order_it_carries_the_appendix_mark_not_the_stamp(
    zavitinsk: RoadmapDoc,
) -> None:
    doc = dataclasses.replace(zavitinsk, approved_by_order=("45-о", date(2026, 11, 15)))
    text = all_text(pdf_bytes(roadmap_document(doc)))
    assert text.startswith("Приложение к приказу от 15 ноября 2026 г. № 45-о")
    assert "УТВЕРЖДАЮ" not in text


def test_the_stamp_dates_and_the_organisation_without_a_short_name(zavitinsk: RoadmapDoc) -> None:
    dated = dataclasses.replace(zavitinsk, approved_on=date(2025, 8, 29))
    assert "«29» августа 2025 г." in all_text(pdf_bytes(roadmap_document(dated)))
    unnamed = dataclasses.replace(zavitinsk, org_short_name="", period_text="")
    document = roadmap_document(unnamed)
    stamp = document.blocks[0]
    assert isinstance(stamp, Lines) and stamp.right_block
    assert stamp.lines[:2] == ["УТВЕРЖДАЮ", "Директор"]
    assert stamp.lines[-1] == "«___» ____________ 20___ г."
    lines = [b.lines for b in document.blocks if isinstance(b, Lines)]
    assert [DEFAULT_TITLE] in lines  # no period: no «на …»
    assert ORG.splitlines() in lines  # whose roadmap it is


def test_a_title_with_the_years_is_not_followed_by_them_again(zavitinsk: RoadmapDoc) -> None:
    doc = dataclasses.replace(zavitinsk, title="Дорожная карта 2025–2027", period_text=PERIOD)
    lines = [b.lines for b in roadmap_document(doc).blocks if isinstance(b, Lines)]
    assert ["Дорожная карта 2025–2027"] in lines


def test_hostile_text_prints_as_typed() -> None:
    row = RoadmapDocRow("<b>Раздел</b> & co", "1", HOSTILE, "до 10 декабря", "&amp; <br/>")
    doc = roadmap(
        "zavitinsk_sample",
        rows=[row],
        director_name="</para>Т.А. Доля",
        org_short_name="<font size=40>МБОУ</font>",
    )
    data = pdf_bytes(roadmap_document(doc))
    text = all_text(data)
    for typed in (HOSTILE, "<b>Раздел</b> & co", "&amp; <br/>", "</para>Т.А. Доля"):
        assert typed in text
    assert "<font size=40>МБОУ</font>" in text
    assert b"/URI" not in data and b"/Subtype /Image" not in data
    opened = docx.Document(io.BytesIO(docx_bytes(roadmap_document(doc))))
    cells = [untie(cell.text) for cell in opened.tables[0].rows[2].cells]
    assert cells == ["1", HOSTILE, "до 10 декабря", "&amp; <br/>"]


def test_write_pdf_writes_the_roadmap(tmp_path: Path, zavitinsk: RoadmapDoc) -> None:
    target = tmp_path / "дорожная карта.pdf"
    write_pdf(roadmap_document(zavitinsk), target)
    assert reader(target.read_bytes()).metadata.title == f"{DEFAULT_TITLE} на {PERIOD}"


# --- rows from the checklist -------------------------------------------------------------


def item(position: int, **changes: object) -> ItemRow:
    row = ItemRow(
        id=position + 1,
        position=position,
        section="Организационный этап",
        activity=f"Мероприятие {position + 1}",
        deadline_text="до 10 декабря",
        due=date(2025, 12, 10),
        due_derived=True,
        explanation="",
        occurrences=(),
        responsible=[(7, "Кравченко Е.В."), (9, "Николаева О.А.")],
        responsible_text="классные руководители",
        expected_result="Приказ",
        indicator="100%",
        status=ItemStatus.NOT_STARTED,
        shown=ShownStatus.NOT_STARTED,
        done_on=None,
        note="",
    )
    for name, value in changes.items():
        setattr(row, name, value)
    return row


def test_rows_from_the_checklist_keep_the_texts_and_show_the_status() -> None:
    items = [
        item(0, status=ItemStatus.DONE, shown=ShownStatus.DONE, done_on=date(2025, 11, 3)),
        item(1, shown=ShownStatus.OVERDUE),
        item(2, deadline_text="", due=date(2026, 3, 1), due_derived=False, responsible=[]),
    ]
    rows = rows_from_items(items)
    assert [row.number for row in rows] == ["1", "2", "3"]
    assert rows[0].responsible == "Кравченко Е.В., Николаева О.А., классные руководители"
    assert rows[0].deadline == "до 10 декабря" and rows[0].due == date(2025, 12, 10)
    assert (rows[0].status, rows[0].done_on) == ("выполнено", date(2025, 11, 3))
    assert rows[1].status == "просрочено"
    assert rows[2].deadline == "01.03.2026"  # a due date set by hand, with no text
    assert rows[2].responsible == "классные руководители"
    assert acquainted_from_items("Кравченко Е.В.", items) == ["Кравченко Е.В.", "Николаева О.А."]
    # The director signs the order: not in «С приказом ознакомлены» though responsible.
    assert acquainted_from_items("Кравченко Е.В.", items, "О.А. Николаева") == ["Кравченко Е.В."]


# --- the order approving the roadmap -----------------------------------------------------


def test_the_order_approves_the_roadmap_and_carries_it_as_the_appendix(
    kvantum: RoadmapDoc, order_pdf: bytes
) -> None:
    texts = page_texts(order_pdf)
    text = all_text(order_pdf)
    assert "П Р И К А З" in text
    assert "п р и к а з ы в а ю:" in text
    assert (
        "Об утверждении дорожной карты (плана мероприятий) по реализации программы "
        "наставничества на 2025-2027 годы"
    ) in text
    assert "15.11.2026 № 45-о г. Завитинск" in text
    assert "Р-145" in text
    for start in (
        "1. Утвердить дорожную карту (план мероприятий) по реализации программы "
        "наставничества на 2025-2027 годы (приложение).",
        "2. Назначить ответственными за выполнение мероприятий дорожной карты работников, "
        "указанных в графе «Ответственные» приложения к настоящему приказу.",
        "3. Куратору реализации программ наставничества (Кравченко Е.В., заместитель "
        "директора по учебно-воспитательной работе) обеспечить",
        "4. Контроль за исполнением настоящего приказа оставляю за собой.",
    ):
        assert start in text
    assert "С приказом ознакомлены:" in text
    for name in ("Николаева О.А.", "Яковенко О.Н."):
        assert name in text[text.index("С приказом ознакомлены:") : text.index("Приложение")]
    appendix = next(i for i, page in enumerate(texts) if "Приложение" in page)
    assert "п р и к а з ы в а ю" not in texts[appendix]
    mark = "Приложение к приказу от 15 ноября 2026 г. № 45-о"
    assert flat(texts[appendix]).startswith(f"{appendix + 1} {mark}")
    tail = "".join(texts[appendix:])
    for row in kvantum.rows:
        assert printed(row.activity, tail), row.activity
    assert "Отметка о выполнении" not in tail  # the plan as approved, without the marks
    assert "УТВЕРЖДАЮ" not in text


def test_the_order_is_portrait_and_its_wide_appendix_landscape(
    order_pdf: bytes, kvantum: RoadmapDoc
) -> None:
    texts = page_texts(order_pdf)
    appendix = next(i for i, page in enumerate(texts) if "Приложение" in page)
    pages = is_landscape(order_pdf)
    assert pages == [False] * appendix + [True] * (len(pages) - appendix)
    assert len(pages) - appendix >= 3
    document = roadmap_order(order_for(kvantum))
    assert not document.landscape
    turn = [b for b in document.blocks if isinstance(b, PageBreak)]
    assert turn == [PageBreak(landscape=True)]
    table = table_of(document)
    assert sum(table.widths) == pytest.approx(layout.text_width_mm(landscape=True))
    assert len(table.header) == 6


def test_a_narrow_roadmap_is_a_portrait_appendix(zavitinsk: RoadmapDoc) -> None:
    document = roadmap_order(order_for(zavitinsk))
    assert [b for b in document.blocks if isinstance(b, PageBreak)] == [PageBreak(False)]
    assert not any(is_landscape(pdf_bytes(document)))
    assert sum(table_of(document).widths) == pytest.approx(layout.text_width_mm())


def test_a_roadmap_without_responsible_persons_has_no_item_about_them() -> None:
    document = roadmap_order(order_for(roadmap("volgograd_teachers"), curator_position=""))
    text = all_text(pdf_bytes(document))
    assert "Назначить ответственными" not in text
    assert "2. Куратору реализации программ наставничества (Кравченко Е.В.) обеспечить" in text
    assert "3. Контроль за исполнением" in text


def test_a_draft_order_leaves_blanks_to_fill_in(zavitinsk: RoadmapDoc) -> None:
    draft = order_for(zavitinsk, draft=True, number="", order_date=None, title="")
    text = all_text(pdf_bytes(roadmap_order(draft)))
    assert text.startswith("ПРОЕКТ")
    assert "«___» ____________ 20___ г. № ______" in text
    assert "Приложение к приказу от «___» ____________ 20___ г. № ______" in text
    assert roadmap_order_title(PERIOD) in text


def test_the_order_as_docx_has_the_roadmap_table(kvantum: RoadmapDoc) -> None:
    order = order_for(kvantum)
    opened = docx.Document(io.BytesIO(docx_bytes(roadmap_order(order))))
    body = untie("\n".join(p.text for p in opened.paragraphs))
    assert "п р и к а з ы в а ю:" in body
    assert "Приложение\nк приказу\nот 15 ноября 2026 г. № 45-о" in body
    assert len(opened.tables) == 1
    rows = opened.tables[0].rows
    sections = len({row.section for row in kvantum.rows})
    assert len(rows) == 1 + len(kvantum.rows) + sections
    header = [untie(cell.text) for cell in rows[0].cells]
    assert header[0] == "№\nп/п" and header[1] == "Мероприятие"
    trpr = rows[0]._tr.trPr
    assert trpr is not None and trpr.find(qn("w:tblHeader")) is not None
    shown = [untie(row.cells[1].text) for row in rows[1:]]
    activities = [row.activity for row in kvantum.rows]
    assert [text for text in shown if text in activities] == activities
    # the appendix is a landscape section of its own, on a new page
    assert [s.orientation for s in opened.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert opened.sections[1].start_type == WD_SECTION.NEW_PAGE
    first = next(p for p in opened.paragraphs if p.text.startswith("Приложение"))
    last_of_order = first._p.getprevious()
    assert (
        last_of_order is not None
        and last_of_order.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    )


def test_the_roadmap_order_leaves_the_director_out_of_the_acquaintance_list(
    zavitinsk: RoadmapDoc,
) -> None:
    order = order_for(zavitinsk, acquainted=["Кравченко Е.В.", "Доля Т.А.", "Николаева О.А."])
    text = all_text(pdf_bytes(roadmap_order(order)))
    tail = text[text.index("С приказом ознакомлены:") : text.index("Приложение")]
    assert "Доля" not in tail and "Николаева О.А." in tail
    assert "Т.А. Доля" in text[: text.index("С приказом ознакомлены:")]  # the signature


def test_the_order_keeps_the_roadmap_it_approves(zavitinsk: RoadmapDoc) -> None:
    from mentor_desk.services.documents import DocKind, from_payload, to_payload

    order = order_for(zavitinsk, roadmap_id=7)
    payload = to_payload(order)
    assert payload["roadmap_id"] == 7
    assert from_payload(DocKind.ROADMAP, payload) == order
    old = {key: value for key, value in payload.items() if key != "roadmap_id"}
    assert from_payload(DocKind.ROADMAP, old).roadmap_id is None  # issued before: no id
