"""The «Документы» menu: the orders journal, the end order, the passport, extracts, consents.

Every document is built by services.documents from the register and shown in the
preview, where it is saved as PDF or DOCX and printed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QMenu,
    QMessageBox,
)

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.text import count_ru
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import Changes
from mentor_desk.ui.document_preview import show_document
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.number_dialog import NumberDateDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.services.orders import Order
    from mentor_desk.ui.main_window import MainWindow

EXTRACTS = (
    ("mentors", "Список наставников"),
    ("mentees", "Список наставляемых"),
    ("pairs", "Список наставнических пар (групп)"),
)


def fill_menu(window: MainWindow, menu: QMenu, selected_people: Callable[[], list[int]]) -> None:
    """The menu's actions; selected_people: the people chosen in the register, for the
    consent forms."""
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
        lambda: consent_forms(window, selected_people())
    )


def _fail(window: MainWindow, exc: Exception) -> None:
    from mentor_desk.services.documents import DocumentError

    if isinstance(exc, DocumentError | ValueError):
        QMessageBox.warning(window, "Документы", str(exc))
    else:
        show_failure(window, exc, window.ctx.log_file)


def open_journal(window: MainWindow) -> None:
    from mentor_desk.ui.journal_dialog import JournalDialog

    JournalDialog(window.ctx, window).exec()


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
    """Forms for these people (those selected in the register), or, when none are given,
    everyone still without a consent and a form."""
    from mentor_desk.services import documents

    ctx = window.ctx
    ids = list(people or [])
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

    def record(session: Session) -> None:
        documents.record_consent_handouts(session, ids, ctx.today())

    if not run_action(window, ctx, Changes.JOURNAL | Changes.PEOPLE, record):
        return
    window.statusBar().showMessage(f"Отмечено: формы согласий выданы ({len(ids)})", 8000)
