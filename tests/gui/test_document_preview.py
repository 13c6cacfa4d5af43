"""The preview shows what will be printed, and saving or printing fails politely."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from tests.documents.samples import sample_consents

from mentor_desk.documents.consent import consent_forms
from mentor_desk.documents.docx import write_docx
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.ui.document_preview import PREVIEW_PAGES, DocumentPreview


def _preview(qtbot, forms: int) -> DocumentPreview:
    document = consent_forms(sample_consents(forms, 0))
    preview = DocumentPreview(
        "Формы", lambda: pdf_bytes(document), lambda path: write_docx(document, path), "формы"
    )
    qtbot.addWidget(preview)
    return preview


def test_a_long_batch_shows_its_first_pages_and_prints_them_all(qtbot, tmp_path: Path):
    preview = _preview(qtbot, PREVIEW_PAGES + 5)
    assert preview.page_count >= PREVIEW_PAGES + 5
    assert preview.pages_layout.count() == PREVIEW_PAGES
    assert "первые 20" in preview.info.text()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    preview.print_to(printer)
    from pypdf import PdfReader

    assert len(PdfReader(target).pages) == preview.page_count


def test_saving_into_a_missing_folder_says_so(qtbot, tmp_path: Path, monkeypatch, message_boxes):
    preview = _preview(qtbot, 1)
    missing = tmp_path / "нет такой папки" / "формы.docx"
    monkeypatch.setattr("mentor_desk.ui.files._ask", lambda *a, **k: str(missing))
    preview.save_docx()
    preview.save_pdf()
    assert len(message_boxes) == 2 and all("формы" in text for _, text in message_boxes)
    assert not missing.parent.exists() and preview.saved == []
