"""The number, date and preamble of an order, checked against this year's journal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import DateFormatError, format_date, parse_date
from mentor_desk.ui.document_preview import show_document
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.widgets import FieldWithError, date_edit

if TYPE_CHECKING:
    from mentor_desk.documents.blocks import Document
    from mentor_desk.ui.context import AppContext


class NumberDateDialog(QDialog):
    """The number and date of an order, checked against the journal of this year.

    With `preamble` (the builder's default text), the preamble is edited here; with
    `preview`, «Предпросмотр…» shows the draft («ПРОЕКТ», blanks for what is not typed
    yet) built from what is typed, before «Издать». preview(number, date or None,
    preamble) returns the document.
    """

    def __init__(
        self,
        parent: QWidget,
        ctx: AppContext,
        title: str,
        note: str,
        *,
        preamble: str | None = None,
        preview: Callable[[str, date | None, str], Document] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("numberDateDialog")
        self.setWindowTitle(title)
        self._preview = preview
        self._default_preamble = preamble or ""
        number = QLineEdit()
        number.setObjectName("orderNumber")
        self.number = FieldWithError(number)
        when = date_edit()
        when.setObjectName("orderDate")
        when.setText(format_date(ctx.today()))
        self.when = FieldWithError(when)
        label = QLabel(note)
        label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Номер приказа:", self.number)
        form.addRow("Дата приказа:", self.when)
        self.preamble: QPlainTextEdit | None = None
        if preamble is not None:
            self.preamble = QPlainTextEdit(preamble)
            self.preamble.setObjectName("preamble")
            self.preamble.setTabChangesFocus(True)
            self.preamble.setMinimumHeight(110)
            reset = QPushButton("Текст по умолчанию")
            reset.setObjectName("defaultPreamble")
            reset.clicked.connect(lambda: self._set_preamble(self._default_preamble))
            box = QVBoxLayout()
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(self.preamble)
            box.addWidget(reset, 0, Qt.AlignmentFlag.AlignRight)
            form.addRow("Преамбула:", box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.issue_button = buttons.addButton("Издать", QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setObjectName("issue")
        self.issue_button.setDefault(True)
        bottom = QHBoxLayout()
        if preview is not None:
            self.preview_button = QPushButton("Предпросмотр…")
            self.preview_button.setAutoDefault(False)
            bottom.addWidget(self.preview_button)
            self.preview_button.setObjectName("preview")
            self.preview_button.setToolTip(
                "Проект приказа с отметкой «ПРОЕКТ»: как он будет выглядеть, до издания"
            )
            self.preview_button.clicked.connect(self.show_preview)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.setMinimumWidth(560 if preamble is not None else 0)
        self.values: tuple[str, date] | None = None

    def _set_preamble(self, text: str) -> None:
        if self.preamble is not None:
            self.preamble.setPlainText(text)

    def preamble_text(self) -> str | None:
        """The preamble as edited (None without a preamble box)."""
        return self.preamble.toPlainText().strip() if self.preamble is not None else None

    def _editors(self) -> tuple[QLineEdit, QLineEdit]:
        number_edit, date_edit_ = self.number.editor, self.when.editor
        assert isinstance(number_edit, QLineEdit) and isinstance(date_edit_, QLineEdit)
        return number_edit, date_edit_

    def _typed_date(self) -> tuple[bool, date | None]:
        """(readable, the date or None when empty); the error is shown next to the field."""
        try:
            on = parse_date(self._editors()[1].text())
        except DateFormatError as exc:
            self.when.set_error(str(exc))
            return False, None
        self.when.set_error(None)
        return True, on

    def show_preview(self) -> None:
        """The draft as typed so far: a missing number or date prints as a blank."""
        from mentor_desk.services.documents import DocumentError

        if self._preview is None:
            return
        readable, on = self._typed_date()
        if not readable:
            return
        number = self._editors()[0].text()  # services.orders cleans it
        try:
            document = self._preview(number, on, self.preamble_text() or "")
        except Exception as exc:
            if isinstance(exc, DocumentError | ValueError):
                QMessageBox.warning(self, self.windowTitle(), str(exc))
            else:
                show_failure(self, exc, self.ctx.log_file)
            return
        show_document(self, document, f"Проект: {self.windowTitle()}", "Проект приказа")

    def _check(self) -> None:
        from mentor_desk.services import orders

        number = self._editors()[0].text()  # services.orders cleans it
        readable, on = self._typed_date()
        if not readable:
            return
        if on is None:
            self.when.set_error("Укажите дату приказа")
            return
        problem = orders.number_problem(self.ctx.db.reader, number, on)
        self.number.set_error(problem)
        if problem:
            return
        self.values = (number, on)
        self.accept()
