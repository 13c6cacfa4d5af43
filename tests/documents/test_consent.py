"""Consent forms: one per person, each on its own page(s), the adult's and the minor's."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import docx
import pytest
from tests.documents.samples import ORG_ADDRESS, sample_consents

from mentor_desk.documents.consent import (
    SUBTITLE_ADULT,
    SUBTITLE_MINOR,
    ConsentForm,
    consent_form,
    consent_forms,
)
from mentor_desk.documents.docx import docx_bytes
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.documents.typography import untie

from .reading import all_text, page_texts

HOSTILE = "А&Б <img src=x>"
LAW = "статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»"


@pytest.fixture(scope="module")
def forms() -> list[ConsentForm]:
    return sample_consents(adults=2, minors=3)


@pytest.fixture(scope="module")
def pdf(forms: list[ConsentForm]) -> bytes:
    return pdf_bytes(consent_forms(forms))


def flat(text: str) -> str:
    return " ".join(text.split())


def form_starts(texts: list[str]) -> list[int]:
    """The pages on which a form begins: its title is the first thing on the page."""
    starts = []
    for index, text in enumerate(texts):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines and lines[0].isdigit():
            lines = lines[1:]  # the page number
        if lines and lines[0] == "СОГЛАСИЕ":
            starts.append(index)
    return starts


def test_n_people_get_n_forms_each_starting_on_its_own_page(
    forms: list[ConsentForm], pdf: bytes
) -> None:
    texts = page_texts(pdf)
    starts = form_starts(texts)
    assert len(starts) == len(forms) == 5
    for number, (start, form) in enumerate(zip(starts, forms, strict=True)):
        end = starts[number + 1] if number + 1 < len(starts) else len(texts)
        own = flat(" ".join(texts[start:end]))
        assert form.person_name in own
        others = [f.person_name for f in forms if f.person_name != form.person_name]
        assert not any(name in own for name in others)
        assert own.count("СОГЛАСИЕ") == 1
    assert len(texts) == len(forms)  # the samples fit one sheet each


def test_the_adult_form_is_the_persons_own(forms: list[ConsentForm], pdf: bytes) -> None:
    adult = forms[0]
    text = flat(page_texts(pdf)[0])
    assert adult.birth_date is not None
    assert f"Я, {adult.person_name}, дата рождения {adult.birth_date:%d.%m.%Y}," in text
    assert SUBTITLE_ADULT in text
    assert "законн" not in text
    assert "на обработку моих персональных данных" in text
    assert "моё участие в программе наставничества" in text
    last, first, middle = adult.person_name.split()
    assert text.endswith(f"«___» ____________ 20___ г. {first[0]}.{middle[0]}. {last}")


def test_the_minor_form_names_the_representative_and_the_child(
    forms: list[ConsentForm], pdf: bytes
) -> None:
    minor = forms[2]
    assert minor.minor and minor.representative_name and minor.birth_date
    text = flat(page_texts(pdf)[2])
    assert SUBTITLE_MINOR in text
    assert f"Я, {minor.representative_name}," in text
    assert (
        f"являясь законным представителем несовершеннолетнего: {minor.person_name}, "
        f"дата рождения {minor.birth_date:%d.%m.%Y}," in text
    )
    assert "документ, подтверждающий полномочия законного представителя" in text
    assert "адрес места жительства ребёнка" in text
    assert "на обработку персональных данных ребёнка" in text
    assert "в интересах ребёнка" in text
    last, first, middle = minor.representative_name.split()
    assert text.endswith(f"{first[0]}.{middle[0]}. {last}")


def test_an_unknown_representative_gets_lines_to_write_on(
    forms: list[ConsentForm], pdf: bytes
) -> None:
    minor = forms[3]
    assert minor.minor and minor.representative_name is None
    text = page_texts(pdf)[3]
    lines = [line.strip() for line in text.splitlines()]
    assert any(line.startswith("Я, ____") and line.endswith("_,") for line in lines)
    assert minor.person_name in flat(text)
    assert flat(text).endswith("/______________/")


def test_every_form_has_what_article_9_requires(forms: list[ConsentForm], pdf: bytes) -> None:
    for form, text in zip(forms, page_texts(pdf), strict=True):
        text = flat(text)
        assert LAW in text
        org = " ".join(form.org_full_name.split())
        assert f"оператору — {org} (далее — Оператор), адрес: {ORG_ADDRESS}," in text
        for part in (
            "паспорт: серия",
            "кем выдан:",
            "адрес регистрации:",
            "1. Цель обработки:",
            "2. Персональные данные",
            "3. Действия с данными: сбор, запись",
            "обработка смешанная",
            "4. Срок действия: до окончания",
            "или до отзыва согласия",
            "5. Согласие отзывается письменным заявлением Оператору",
            "часть 5 статьи 21 Федерального закона № 152-ФЗ",
            "оформлено отдельным документом",
            "«___» ____________ 20___ г.",
        ):
            assert part in text, part


def test_blank_lines_stay_on_their_line(pdf: bytes) -> None:
    for text in page_texts(pdf):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for start in ("кем выдан:", "адрес регистрации:", "паспорт: серия"):
            found = [line for line in lines if line.startswith(start)]
            assert len(found) == 1 and found[0].endswith(","), (start, found)
        assert not any(set(line) <= {"_", ","} and len(line) < 10 for line in lines)


def test_an_adult_form_for_a_child_is_refused() -> None:
    child = ConsentForm("Школа", "Адрес", "Петров Пётр Петрович", date(2012, 5, 1), None, False,
                        date(2026, 11, 23))  # fmt: skip
    with pytest.raises(ValueError, match="законный представитель"):
        consent_form(child)
    consent_form(dataclasses.replace(child, minor=True))
    consent_form(dataclasses.replace(child, birth_date=date(2008, 11, 23)))  # 18 today
    with pytest.raises(ValueError):
        consent_forms([])


def test_a_missing_birth_date_is_a_blank() -> None:
    form = dataclasses.replace(sample_consents(1, 0)[0], birth_date=None)
    text = all_text(pdf_bytes(consent_form(form)))
    assert "дата рождения «____» ____________ ______ г.," in text


def test_hostile_text_prints_as_typed() -> None:
    form = dataclasses.replace(
        sample_consents(0, 1)[0],
        org_full_name=HOSTILE,
        org_address="<a href='http://x'>адрес</a> & co",
        person_name=f"{HOSTILE} Иван",
        representative_name="<b>Мама</b> & Папа",
    )
    pdf = pdf_bytes(consent_form(form))
    text = all_text(pdf)
    for typed in (HOSTILE, "<a href='http://x'>адрес</a> & co", "<b>Мама</b> & Папа"):
        assert typed in text
    assert b"/URI" not in pdf and b"/Subtype /Image" not in pdf


def test_docx_has_one_form_per_page(forms: list[ConsentForm]) -> None:
    opened = docx.Document(io.BytesIO(docx_bytes(consent_forms(forms))))
    titles = [p for p in opened.paragraphs if untie(p.text).startswith("СОГЛАСИЕ")]
    assert len(titles) == len(forms)
    assert not titles[0].paragraph_format.page_break_before
    assert all(p.paragraph_format.page_break_before for p in titles[1:])
    body = untie("\n".join(p.text for p in opened.paragraphs))
    for form in forms:
        assert form.person_name in body
    assert body.count(LAW) == len(forms)
    assert opened.tables == []


def test_a_batch_of_forms_carries_no_page_numbers() -> None:
    """Each form is a document of its own: the second sheet must not say «2»."""
    from pypdf import PdfReader
    from tests.documents.samples import sample_consents

    from mentor_desk.documents.pdf import pdf_bytes

    reader = PdfReader(io.BytesIO(pdf_bytes(consent_forms(sample_consents(2, 1)))))
    for page in reader.pages[1:]:
        first_line = (page.extract_text() or "").strip().splitlines()[0]
        assert first_line.strip() not in {"2", "3"}
