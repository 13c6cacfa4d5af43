"""Файл → Импорт участников: a wizard over exchange.importing.

Pages: the file; the sheet, header row and columns (ui/import_pages.py); a check of
every row and the report (ui/import_preview.py), over the tables of ui/import_models.py.
The wizard only shows and collects choices: reading, guessing and checking are
exchange.importing's, writing services.importing's, shared with `participants import`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from mentor_desk.exchange.importing import ImportReport
from mentor_desk.exchange.reading import TableFile
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.files import choose_save
from mentor_desk.ui.import_pages import FilePage, LayoutPage
from mentor_desk.ui.import_preview import PreviewPage, ReportPage


def save_template(parent: QWidget) -> Path | None:
    """Скачать шаблон: ask where, write the .xlsx template; the path, or None if not saved."""
    from mentor_desk.exchange.export import ExportError, write_template

    path = choose_save(parent, "template", "Сохранить шаблон для импорта",
                       "Шаблон списка участников.xlsx")  # fmt: skip
    if path is None:
        return None
    try:
        write_template(path)
    except ExportError as exc:
        QMessageBox.warning(parent, "Mentor Desk", str(exc))
        return None
    return path


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importWizard")
        self.setWindowTitle("Импорт участников")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        screen = self.screen().availableGeometry()
        self.resize(min(1100, screen.width() - 40), min(660, screen.height() - 40))
        self.table: TableFile | None = None
        self.report: ImportReport | None = None
        self.file_page = FilePage(self)
        self.layout_page = LayoutPage(self)
        self.preview_page = PreviewPage(self)
        self.report_page = ReportPage(self)
        for page in (self.file_page, self.layout_page, self.preview_page, self.report_page):
            self.addPage(page)

    def save_template(self) -> None:
        path = save_template(self)
        if path is None:
            return
        self.file_page.info_label.setText(
            f"Шаблон сохранён: {path}. Заполните его (одна строка — один человек), сохраните "
            "и выберите здесь."
        )
        self.file_page.info_label.show()
