"""The «Документы» menu: the orders journal, the end order, the passport, extracts, consents.

Every document is built by services.documents from the register and shown in the
preview, where it is saved as PDF or DOCX and printed.
"""

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
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import DateFormatError, format_date, parse_date
from mentor_desk.domain.text import count_ru
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import Changes
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.order_dialog import show_document
from mentor_desk.ui.widgets import FieldWithError, date_edit

if TYPE_CHECKING:
    from mentor_desk.documents.blocks import Document
    from mentor_desk.services.orders import Order
    from mentor_desk.ui.context import AppContext
    from mentor_desk.ui.main_window import MainWindow

EXTRACTS = (
    ("mentors", "Список наставников"),
    ("mentees", "Список наставляемых"),
    ("pairs", "Список наставнических пар (групп)"),
)


def fill_menu(window: MainWindow, menu: QMenu) -> None:
    menu.addAction("Журнал приказов…").triggered.connect(lambda: open_journal(window))
    menu.addSeparator()
    menu.addAction("Приказ о завершении программ…").triggered.connect(lambda: end_order(window))
    menu.addAction("Паспорт программы наставничества…").triggered.connect(lambda: passport(window))
    extracts = menu.addMenu("Выписка из реестра")
    for kind, title in EXTRACTS:
        extracts.addAction(f"{title}…").triggered.connect(
            lambda _=False, k=kind, t=title: extract(window, k, t, personal=False)
        )
    extracts.addSeparator()
    for kind, title in EXTRACTS:
        extracts.addAction(f"{title} с персональными данными…").triggered.connect(
            lambda _=False, k=kind, t=title: extract(window, k, t, personal=True)
        )
    menu.addSeparator()
    menu.addAction("Формы согласий на обработку ПДн…").triggered.connect(
        lambda: consent_forms(window)
    )


def _fail(window: MainWindow, exc: Exception) -> None:
    from mentor_desk.services.documents import DocumentError

    if isinstance(exc, DocumentError | ValueError):
        QMessageBox.warning(window, "Документы", str(exc))
    else:
        show_failure(window, exc, window.log_file)


def open_journal(window: MainWindow) -> None:
    from mentor_desk.ui.journal_dialog import JournalDialog

    JournalDialog(window.ctx, window).exec()


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
        from mentor_desk.services import documents
        from mentor_desk.services.documents import DocumentError

        if self._preview is None:
            return
        readable, on = self._typed_date()
        if not readable:
            return
        number = documents.clean_number(self._editors()[0].text())
        try:
            document = self._preview(number, on, self.preamble_text() or "")
        except Exception as exc:
            if isinstance(exc, DocumentError | ValueError):
                QMessageBox.warning(self, self.windowTitle(), str(exc))
            else:
                show_failure(self, exc, None)
            return
        show_document(self, document, f"Проект: {self.windowTitle()}", "Проект приказа")

    def _check(self) -> None:
        from mentor_desk.services import documents, orders

        number = documents.clean_number(self._editors()[0].text())
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


def end_order(window: MainWindow) -> None:
    """The order ending the programs of the pairs ended since the last such order."""
    from mentor_desk.documents.end_order import default_preamble
    from mentor_desk.services import documents, orders

    ctx = window.ctx
    ids = documents.ready_for(ctx.db.reader, documents.DocKind.END, ctx.today())
    if not ids:
        QMessageBox.information(
            window, "Документы",
            "Нет завершённых пар и групп без приказа о завершении: завершите пару на доске "
            "«Пары и группы» (кнопка «Завершить…»).",
        )  # fmt: skip
        return

    def order(number: str, on: date | None, preamble: str | None, draft: bool) -> Order:
        return orders.end_order(ctx.db.reader, ids, number, on, ctx.today(),
                                preamble=preamble, draft=draft)  # fmt: skip

    try:
        sample = order("", None, None, True).data
    except Exception as exc:
        _fail(window, exc)
        return
    pairs = count_ru(len(ids), "пара или группа", "пары или группы", "пар или групп")
    dialog = NumberDateDialog(
        window, ctx, "Приказ о завершении программ наставничества",
        f"Завершены и ещё не вошли в приказ: {pairs}. Они войдут в этот приказ.",
        preamble=sample.preamble or default_preamble(sample.regulation),
        preview=lambda number, on, preamble: order(number, on, preamble, True).document(),
    )  # fmt: skip
    if not dialog.exec() or dialog.values is None:
        return
    number, on = dialog.values
    try:
        issued = order(number, on, dialog.preamble_text(), False)
    except Exception as exc:
        _fail(window, exc)
        return
    today = ctx.today()
    done = run_action(
        window, ctx, Changes.JOURNAL | Changes.PAIRS,
        lambda session: orders.issue_order(session, issued, today),
        title="Документы", refused=(documents.DocumentError, ValueError),
    )  # fmt: skip
    if done:
        show_document(window, issued.document(), f"Приказ № {issued.number}",
                      f"Приказ {issued.number} о завершении")  # fmt: skip


def passport(window: MainWindow) -> None:
    from mentor_desk.services import documents

    try:
        data = documents.passport_data(window.ctx.db.reader, window.ctx.today())
    except Exception as exc:
        _fail(window, exc)
        return
    document = documents.build(documents.DocKind.PASSPORT, data)
    show_document(window, document, "Паспорт программы наставничества", "Паспорт программы")


def extract(window: MainWindow, kind: str, title: str, *, personal: bool) -> None:
    from mentor_desk.services import documents

    if personal:
        answer = QMessageBox.question(
            window, "Выписка с персональными данными",
            "В выписку войдут даты рождения и контакты участников с действующим согласием. "
            "Такой документ хранится и передаётся только внутри школы. Продолжить?",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
    try:
        data = documents.extract_data(window.ctx.db.reader, kind, personal, window.ctx.today())
    except Exception as exc:
        _fail(window, exc)
        return
    document = documents.build(documents.DocKind.EXTRACT, data)
    show_document(window, document, title, title)


def consent_forms(window: MainWindow, people: list[int] | None = None) -> None:
    """Forms for the people selected in the register, or everyone still without one."""
    from mentor_desk.services import documents

    ctx = window.ctx
    ids = people or window.register_tab.selected_ids()
    if not ids:
        ids = documents.ready_for(ctx.db.reader, documents.DocKind.CONSENT, ctx.today())
    if not ids:
        QMessageBox.information(
            window, "Документы",
            "Выберите участников в таблице «Участники»: формы согласий для всех, у кого "
            "согласия нет, уже выданы.",
        )  # fmt: skip
        return
    try:
        data = documents.consent_data(ctx.db.reader, ids, ctx.today())
    except Exception as exc:
        _fail(window, exc)
        return
    document = documents.build(documents.DocKind.CONSENT, data)
    show_document(window, document, f"Формы согласий: {len(ids)}", "Согласия на обработку ПДн")
    answer = QMessageBox.question(
        window, "Формы согласий",
        f"Отметить в реестре, что формы выданы ({len(ids)}) {format_date(ctx.today())}?",
    )  # fmt: skip
    if answer != QMessageBox.StandardButton.Yes:
        return
    try:
        with ctx.action(Changes.JOURNAL | Changes.PEOPLE) as session:
            documents.record_consent_handouts(session, ids, ctx.today())
    except Exception as exc:
        _fail(window, exc)
        return
    window.statusBar().showMessage(f"Отмечено: формы согласий выданы ({len(ids)})", 8000)
