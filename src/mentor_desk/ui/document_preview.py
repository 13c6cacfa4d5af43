"""Preview, save and print a document the way it will come out of the printer.

The pages shown are the PDF itself, rendered with PDFium (pypdfium2): what the curator
sees is exactly what is saved and printed, not an on-screen imitation.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.ui.files import choose_save

if TYPE_CHECKING:
    from mentor_desk.documents.blocks import Document

log = logging.getLogger(__name__)
PREVIEW_DPI = 80
PRINT_DPI = 300
PDF_FILTER = "Документ PDF (*.pdf)"
DOCX_FILTER = "Документ Word (*.docx)"


PREVIEW_PAGES = 20  # a batch of consent forms can be 100 pages: the rest are saved/printed


def fit_screen(widget: QWidget, width: int, height: int) -> QSize:
    """A window's size, no larger than the screen it opens on less its frame: on a
    1366 × 768 school monitor the buttons at its bottom stay visible."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    room = screen.availableGeometry()
    return QSize(min(width, room.width() - 40), min(height, room.height() - 80))


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(pdf: bytes, dpi: int, limit: int | None = None) -> Iterator[QImage]:
    """The pages of a PDF as images, one at a time: a long document never sits in memory."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document):
            if limit is not None and number >= limit:
                page.close()
                break
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBX8888)  # fmt: skip
            copy = image.copy()  # the bitmap's memory goes with the page
            bitmap.close()
            page.close()
            yield copy
    finally:
        document.close()


class DocumentPreview(QDialog):
    """Pages of the document, with «Сохранить PDF…», «Сохранить DOCX…» and «Печать…».

    pdf(): the document as PDF bytes; docx(path): write it as DOCX (None: no DOCX).
    """

    def __init__(
        self,
        title: str,
        pdf: Callable[[], bytes],
        docx: Callable[[Path], None] | None,
        suggested_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentPreview")
        self.setWindowTitle(title)
        self.resize(fit_screen(self, 760, 900))
        self.make_pdf, self.make_docx, self.suggested = pdf, docx, suggested_name
        self.pdf_data = b""
        self.saved: list[Path] = []
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.info = QLabel()
        self.info.setObjectName("previewInfo")
        buttons = QHBoxLayout()
        for text, slot, name in (
            ("Сохранить PDF…", self.save_pdf, "savePdf"),
            ("Сохранить DOCX…", self.save_docx, "saveDocx"),
            ("Печать…", self.print_document, "print"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            if name == "saveDocx":
                button.setEnabled(docx is not None)
        buttons.addStretch(1)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.pdf_data = self.make_pdf()
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item and item.widget():
                item.widget().deleteLater()  # type: ignore[union-attr]
        self.page_count = page_count(self.pdf_data)
        for number, image in enumerate(render_pages(self.pdf_data, PREVIEW_DPI, PREVIEW_PAGES), 1):
            page = QLabel()
            page.setObjectName(f"page{number}")
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("border: 1px solid #b0b0b0; background: white;")
            self.pages_layout.addWidget(page)
        text = f"Страниц: {self.page_count}. Так документ будет напечатан и сохранён."
        if self.page_count > PREVIEW_PAGES:
            text += f" Здесь показаны первые {PREVIEW_PAGES}; печатаются и сохраняются все."
        self.info.setText(text)

    def _save(self, suffix: str, filters: str, write: Callable[[Path], None]) -> None:
        name = Path(self.suggested).with_suffix(suffix).name
        path = choose_save(self, "documents", "Сохранить документ", name, filters)
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        from mentor_desk.documents.files import DocumentWriteError

        try:
            write(path)
        except DocumentWriteError as exc:  # a Russian message: what happened, what to do
            QMessageBox.warning(self, "Mentor Desk", str(exc))
            return
        self.saved.append(path)

    def save_pdf(self) -> None:
        self._save(".pdf", PDF_FILTER, self._write_pdf)

    def _write_pdf(self, path: Path) -> None:
        from mentor_desk.documents.files import write_atomically

        write_atomically(path, self.pdf_data)

    def save_docx(self) -> None:
        if self.make_docx is not None:
            self._save(".docx", DOCX_FILTER, self.make_docx)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Each PDF page onto a printer page, scaled to fit without distortion."""
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "Mentor Desk", "Принтер недоступен: печать не начата.")
            return
        try:
            for number, image in enumerate(render_pages(self.pdf_data, PRINT_DPI)):
                if number:
                    printer.newPage()
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
        finally:
            painter.end()


def show_document(
    parent: QWidget | None, document: Document, title: str, file_name: str, *, wait: bool = True
) -> DocumentPreview:
    """A document's pages, to look at, save as PDF or DOCX and print; wait: modal, until
    closed (else the preview stays open beside the window)."""
    from mentor_desk.documents.docx import write_docx
    from mentor_desk.documents.pdf import pdf_bytes

    def docx(path: Path) -> None:
        write_docx(document, path)

    preview = DocumentPreview(title, lambda: pdf_bytes(document), docx, file_name, parent)
    if wait:
        preview.exec()
    else:
        preview.open()
    return preview
