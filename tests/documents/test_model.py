"""The pieces under the renderers: dates in words, ties, the block model, atomic writes."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from mentor_desk.documents import layout
from mentor_desk.documents.blocks import Document, Heading, Paragraph, Table
from mentor_desk.documents.docx import write_docx
from mentor_desk.documents.files import DocumentWriteError, font_path, write_atomically
from mentor_desk.documents.pdf import write_pdf
from mentor_desk.documents.typography import NBSP, tie, untie
from mentor_desk.domain.dates import date_in_words


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2025, 11, 15), "15 ноября 2025 г."),
        (date(2026, 1, 5), "5 января 2026 г."),
        (date(2027, 5, 31), "31 мая 2027 г."),
        (date(2024, 2, 29), "29 февраля 2024 г."),
        (date(2026, 3, 1), "1 марта 2026 г."),
        (date(2026, 8, 31), "31 августа 2026 г."),
    ],
)
def test_date_in_words(day: date, words: str) -> None:
    assert date_in_words(day) == words


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        ("Кравченко Е.В.", "Кравченко·Е.В."),
        ("Т.А. Доля", "Т.А.·Доля"),
        ("приказ № 45-о", "приказ №·45\u2011о"),  # U+2011: the number stays whole
        ("от 21.12.2021 № АЗ-1128/08, № 657", "от·21.12.2021 №·АЗ\u20111128/08, №·657"),
        ("педагог-организатор", "педагог-организатор"),  # may break after the hyphen
        ("15 ноября 2026 г.", "15·ноября 2026·г."),
        ("г. Завитинск", "г.·Завитинск"),
        ("в целях реализации", "в·целях реализации"),
        ("учитель – ученик", "учитель·– ученик"),
        ("наставничества", "наставничества"),
    ],
)
def test_ties(text: str, tied: str) -> None:
    assert tie(text).replace(NBSP, "·") == tied
    assert untie(tie(text)) == text


def test_heading_spacing_out() -> None:
    assert Heading("ПРИКАЗ", spaced=True).shown == "П Р И К А З"
    assert Heading("ПРИКАЗ").shown == "ПРИКАЗ"


def test_a_table_checks_its_shape() -> None:
    with pytest.raises(ValueError, match="width"):
        Table(["a", "b"], [], [1.0])
    with pytest.raises(ValueError, match="row 0"):
        Table(["a", "b"], [["x"]], [1.0, 1.0])
    with pytest.raises(ValueError, match="alignment"):
        Table(["a"], [], [1.0], aligns=["left", "right"])


def test_layout_constants_of_the_standard() -> None:
    assert layout.STANDARD == "ГОСТ Р 7.0.97-2025"
    assert layout.text_width_mm() == 170
    assert layout.text_width_mm(landscape=True) == 257
    assert layout.leading_pt(14) == pytest.approx(16.1)
    assert sum(layout.SIGNATURE_COLUMNS) == pytest.approx(1)
    assert sum(layout.ACQUAINT_COLUMNS) == pytest.approx(1)
    for name in layout.FONT_FILES.values():
        assert font_path(name).stat().st_size > 100_000
    assert font_path("LICENSE-LiberationSerif.txt").read_text(encoding="utf-8").count("OFL") > 1


def test_a_failed_replace_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "приказ.pdf"
    target.write_bytes(b"old")

    def locked(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(DocumentWriteError, match="открыт в другой программе"):
        write_pdf(Document([Paragraph("Текст")], title="т"), target)
    with pytest.raises(DocumentWriteError, match="открыт в другой программе"):
        write_docx(Document([Paragraph("Текст")], title="т"), target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["приказ.pdf"]


def test_a_missing_folder_is_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(DocumentWriteError, match="папка не найдена"):
        write_atomically(tmp_path / "нет" / "приказ.pdf", b"%PDF")
