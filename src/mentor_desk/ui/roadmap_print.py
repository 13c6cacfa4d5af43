"""The roadmap on paper: print it (with or without done marks), export to Excel, and the
order approving it, with the roadmap as its appendix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from mentor_desk.domain.dates import format_date
from mentor_desk.ui.files import choose_save
from mentor_desk.ui.order_dialog import show_document

if TYPE_CHECKING:
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
    """Number and date, then the order is issued (recorded in the journal) and shown."""
    from mentor_desk.services import documents
    from mentor_desk.ui.documents_menu import NumberDateDialog

    roadmap_id = tab.current_roadmap_id()
    window = tab.window()
    if roadmap_id is None:
        return
    dialog = NumberDateDialog(
        window,  # type: ignore[arg-type]
        "Приказ об утверждении дорожной карты",
        "Приказ утверждает дорожную карту (она — приложение к приказу) и назначает "
        "ответственных. Он будет записан в журнал приказов.",
    )
    if not dialog.exec() or dialog.values is None:
        return
    number, on = dialog.values
    ctx = tab.ctx
    try:
        data = documents.roadmap_order_data(ctx.db.reader, roadmap_id, number, on, ctx.today())
        with ctx.action() as session:
            documents.issue(session, documents.DocKind.ROADMAP, data.number, on, data.title,
                            documents.to_payload(data), [], ctx.today())  # fmt: skip
    except documents.DocumentError as exc:
        _warn(tab, exc)
        return
    document = documents.build(documents.DocKind.ROADMAP, data)
    show_document(tab, document, f"Приказ № {number} от {format_date(on)}",
                  f"Приказ {number} об утверждении дорожной карты")  # fmt: skip
