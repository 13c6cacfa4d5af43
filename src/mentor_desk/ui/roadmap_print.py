"""The roadmap on paper: print it (with or without done marks), export to Excel, and the
order approving it, with the roadmap as its appendix."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from mentor_desk.domain.dates import format_date
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import Changes
from mentor_desk.ui.document_preview import show_document
from mentor_desk.ui.files import choose_save

if TYPE_CHECKING:
    from mentor_desk.services.orders import Order
    from mentor_desk.ui.roadmap_tab import RoadmapTab


def fill_menu(tab: RoadmapTab, menu: QMenu) -> None:
    menu.addSeparator()
    menu.addAction("Печать дорожной карты…").triggered.connect(
        lambda: print_roadmap(tab, with_status=False)
    )
    menu.addAction("Печать с отметками о выполнении…").triggered.connect(
        lambda: print_roadmap(tab, with_status=True)
    )
    menu.addAction("Экспорт в Excel…").triggered.connect(lambda: export_xlsx(tab))
    menu.addAction("Приказ об утверждении дорожной карты…").triggered.connect(
        lambda: approval_order(tab)
    )


def _warn(parent: QWidget, exc: Exception) -> None:
    QMessageBox.warning(parent, "Дорожная карта", str(exc))


def print_roadmap(tab: RoadmapTab, *, with_status: bool) -> None:
    from mentor_desk.documents.roadmap_doc import roadmap_document
    from mentor_desk.services import documents

    roadmap_id = tab.current_roadmap_id()
    if roadmap_id is None:
        return
    try:
        data = documents.roadmap_doc_data(tab.ctx.db.reader, roadmap_id, tab.ctx.today(),
                                          with_status=with_status)  # fmt: skip
    except documents.DocumentError as exc:
        _warn(tab, exc)
        return
    show_document(tab, roadmap_document(data), data.title, data.title)


def export_xlsx(tab: RoadmapTab) -> None:
    from mentor_desk.exchange.export import ExportError
    from mentor_desk.exchange.roadmap_xlsx import export_roadmap
    from mentor_desk.services import documents

    roadmap_id = tab.current_roadmap_id()
    if roadmap_id is None:
        return
    try:
        data = documents.roadmap_doc_data(tab.ctx.db.reader, roadmap_id, tab.ctx.today(),
                                          with_status=True)  # fmt: skip
    except documents.DocumentError as exc:
        _warn(tab, exc)
        return
    path = choose_save(tab, "roadmap", "Экспорт дорожной карты", f"{data.title}.xlsx")
    if path is None:
        return
    try:
        export_roadmap(path, data)
    except ExportError as exc:
        _warn(tab, exc)
        return
    tab.status_message.emit(f"Дорожная карта выгружена → {path}")


def approval_order(tab: RoadmapTab) -> None:
    """Number and date (with the preamble and a preview of the draft), then the order is
    issued (recorded in the journal) and shown. A roadmap approved before is approved
    again only when the curator says so."""
    from mentor_desk.services import documents, orders
    from mentor_desk.ui.number_dialog import NumberDateDialog

    roadmap_id = tab.current_roadmap_id()
    if roadmap_id is None:
        return
    ctx = tab.ctx
    approved = documents.roadmap_approval(ctx.db.reader, roadmap_id)
    if approved is not None:
        number, on = approved
        answer = QMessageBox.question(
            tab, "Приказ об утверждении дорожной карты",
            f"Дорожная карта уже утверждена приказом № {number} от {format_date(on)}. "
            "Издать новый приказ?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return

    def order(number: str, on: date | None, preamble: str | None, draft: bool) -> Order:
        return orders.roadmap_order(ctx.db.reader, roadmap_id, number, on, ctx.today(),
                                    preamble=preamble, draft=draft)  # fmt: skip

    try:
        sample = order("", None, None, True).data
    except documents.DocumentError as exc:
        _warn(tab, exc)
        return
    dialog = NumberDateDialog(
        tab, ctx, "Приказ об утверждении дорожной карты",
        "Приказ утверждает дорожную карту (она — приложение к приказу) и назначает "
        "ответственных. Он будет записан в журнал приказов.",
        preamble=sample.preamble,
        preview=lambda number, on, preamble: order(number, on, preamble, True).document(),
    )  # fmt: skip
    if not dialog.exec() or dialog.values is None:
        return
    number, on = dialog.values
    try:
        issued = order(number, on, dialog.preamble_text(), False)
    except documents.DocumentError as exc:
        _warn(tab, exc)
        return
    today = ctx.today()
    done = run_action(
        tab, ctx, Changes.JOURNAL | Changes.ROADMAP,
        lambda session: orders.issue_order(session, issued, today),
        title="Дорожная карта", refused=documents.DocumentError,
    )  # fmt: skip
    if done:
        show_document(tab, issued.document(), f"Приказ № {issued.number} от {format_date(on)}",
                      f"Приказ {issued.number} об утверждении дорожной карты")  # fmt: skip
