"""The «Документы» menu: the orders journal, the end order, the passport, extracts, consents.

Every document is built by services.documents from the register and shown in the
preview, where it is saved as PDF or DOCX and printed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
)

from mentor_desk.domain.dates import DateFormatError, format_date, parse_date
from mentor_desk.domain.text import count_ru
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.order_dialog import show_document
from mentor_desk.ui.widgets import FieldWithError, date_edit

if TYPE_CHECKING:
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
    """The number and date of an order, checked against the journal of this year."""

    def __init__(self, window: MainWindow, title: str, note: str) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(title)
        number = QLineEdit()
        number.setObjectName("orderNumber")
        self.number = FieldWithError(number)
        when = date_edit()
        when.setObjectName("orderDate")
        when.setText(format_date(window.ctx.today()))
        self.when = FieldWithError(when)
        label = QLabel(note)
        label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Номер приказа:", self.number)
        form.addRow("Дата приказа:", self.when)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.values: tuple[str, date] | None = None

    def _check(self) -> None:
        from mentor_desk.services import documents

        number_edit, date_edit_ = self.number.editor, self.when.editor
        assert isinstance(number_edit, QLineEdit) and isinstance(date_edit_, QLineEdit)
        number = documents.clean_number(number_edit.text())
        try:
            on = parse_date(date_edit_.text())
        except DateFormatError as exc:
            self.when.set_error(str(exc))
            return
        if on is None:
            self.when.set_error("Укажите дату приказа")
            return
        self.when.set_error(None)
        problem = documents.check_number(self.window_.ctx.db.reader, number, on)
        self.number.set_error(problem)
        if problem:
            return
        self.values = (number, on)
        self.accept()


def end_order(window: MainWindow) -> None:
    """The order ending the programs of the pairs ended since the last such order."""
    from mentor_desk.services import documents

    ctx = window.ctx
    ids = documents.ready_for(ctx.db.reader, documents.DocKind.END, ctx.today())
    if not ids:
        QMessageBox.information(
            window, "Документы",
            "Нет завершённых пар и групп без приказа о завершении: завершите пару на доске "
            "«Пары и группы» (кнопка «Завершить…»).",
        )  # fmt: skip
        return
    pairs = count_ru(len(ids), "пара или группа", "пары или группы", "пар или групп")
    dialog = NumberDateDialog(
        window, "Приказ о завершении программ наставничества",
        f"Завершены и ещё не вошли в приказ: {pairs}. Они войдут в этот приказ.",
    )  # fmt: skip
    if not dialog.exec() or dialog.values is None:
        return
    number, on = dialog.values
    try:
        data = documents.end_order_data(ctx.db.reader, ids, number, on, ctx.today())
        with ctx.action() as session:
            documents.issue(session, documents.DocKind.END, number, on,
                            documents.DocKind.END.journal_title, documents.to_payload(data), ids,
                            ctx.today())  # fmt: skip
    except Exception as exc:
        _fail(window, exc)
        return
    document = documents.build(documents.DocKind.END, data)
    show_document(window, document, f"Приказ № {number}", f"Приказ {number} о завершении")


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
        with ctx.action() as session:
            documents.record_consent_handouts(session, ids, ctx.today())
    except Exception as exc:
        _fail(window, exc)
        return
    window.statusBar().showMessage(f"Отмечено: формы согласий выданы ({len(ids)})", 8000)
