"""The blank satisfaction questionnaire, read back from the PDF (pypdf) and the DOCX."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from mentor_desk.documents.blocks import Document, Lines, Paragraph, Spacer, Table
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.documents.survey_form import BOX, NAME_LABEL, survey_form
from mentor_desk.documents.typography import untie
from mentor_desk.services.surveys import questionnaire

from .reading import all_text, page_texts

SCHOOL = "МБОУ «СОШ № 5» А&Б <img src=x>"
Q = questionnaire()


@pytest.fixture(scope="module", params=["mentee", "mentor"])
def role(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def form(role: str) -> Document:
    return survey_form(Q, role, school=SCHOOL, year="2025/2026 учебный год")


def test_pdf_has_the_title_school_instructions_and_numbered_questions(
    role: str, form: Document
) -> None:
    text = all_text(pdf_bytes(form))
    label = Q.role_labels[role]
    assert SCHOOL in text and f"(для {label})" in text and Q.title in text
    assert "2025/2026 учебный год" in text
    assert Q.instructions[:60] in text
    assert "ФИО (по желанию):" in text and "Дата заполнения:" in text
    position = 0
    for number, question in enumerate(Q.for_role(role), 1):
        found = text.find(f"{number}. {question.text}", position)
        assert found >= position, f"question {number} missing or out of order"
        position = found
    for question in Q.questions:
        if not question.asks(role):
            assert question.text not in text
    assert "1 2 3 4 5 6 7 8 9 10" in text
    assert f"{BOX} Учитель — ученик" in text and f"{BOX} Скорее нет" in text


def test_a_question_never_ends_a_page_apart_from_its_answers(form: Document) -> None:
    for page in page_texts(pdf_bytes(form)):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        last = lines[-1]
        assert not last.endswith("?") and not last.endswith(")?"), last


def test_docx_has_the_same_form(role: str, form: Document) -> None:
    opened = docx.Document(io.BytesIO(docx_bytes(form)))
    text = untie("\n".join(p.text for p in opened.paragraphs))
    questions = Q.for_role(role)
    for number, question in enumerate(questions, 1):
        assert f"{number}. {question.text}" in text
    scores = [q for q in questions if q.kind == "score"]
    assert len(opened.tables) == len(scores)
    for table in opened.tables:
        assert [c.text for c in table.rows[0].cells] == [str(n) for n in range(1, 11)]
    assert f"{BOX} Раз в месяц" in text
    assert SCHOOL in text and NAME_LABEL.strip() in text
    # each question is kept with the answer boxes after it
    for paragraph in opened.paragraphs:
        if paragraph.text[:3].rstrip(".").strip().isdigit() and "?" in paragraph.text:
            assert paragraph._p.pPr.find(qn("w:keepNext")) is not None, paragraph.text


def test_open_questions_get_lines_to_write_on(role: str, form: Document) -> None:
    questions = Q.for_role(role)
    index = next(i for i, b in enumerate(form.blocks) if isinstance(b, Paragraph)
                 and b.text.endswith(questions[-1].text))  # fmt: skip
    after = form.blocks[index + 1 : index + 4]
    assert all(isinstance(b, Paragraph) and set(b.text) == {"_"} for b in after)


def test_keep_with_next_in_both_renderers() -> None:
    # a long block of text fills the page; the question is forced to the next page with
    # its boxes rather than left alone at the bottom
    filler = [Paragraph("Текст " * 60) for _ in range(5)]
    question = Paragraph("Вопрос о встречах?", indent=False, keep_with_next=True)
    boxes = Table(header=[str(n) for n in range(1, 11)], rows=[], widths=[1.0] * 10)
    for gap in range(90, 120, 2):  # without keep_with_next, 100..108 leave it alone
        document = Document([*filler, Spacer(gap), question, boxes], title="t")
        pages = page_texts(pdf_bytes(document))
        holding = [p for p in pages if "Вопрос о встречах?" in p]
        assert len(holding) == 1 and "1 2 3" in " ".join(holding[0].split())
    opened = docx.Document(io.BytesIO(docx_bytes(Document([question, boxes], title="t"))))
    assert opened.paragraphs[0]._p.pPr.find(qn("w:keepNext")) is not None
    plain = docx.Document(io.BytesIO(docx_bytes(Document([Paragraph("x"), boxes], title="t"))))
    ppr = plain.paragraphs[0]._p.pPr
    assert ppr is None or ppr.find(qn("w:keepNext")) is None


def test_without_school_or_year(role: str) -> None:
    form = survey_form(Q, role, school="  ")
    assert not any(isinstance(b, Lines) and b.lines == [""] for b in form.blocks)
    assert "учебный год" not in all_text(pdf_bytes(form))
