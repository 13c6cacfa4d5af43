"""«Подготовить приказ»: the order fixing the selected draft pairs, previewed, then issued.

The text comes from services.documents (the school profile, the pairs, the default
preamble); the curator edits the number, date, place, curator, term and preamble, looks at
the pages, and «Издать приказ» records the order and approves the pairs in one action.
The warnings of the pairs in the order are listed above the button; a pair without a valid
consent to the processing of personal data needs a second «да».
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.documents.orders import PairsOrder, Term
from mentor_desk.domain.dates import DateFormatError, format_date, parse_date
from mentor_desk.domain.participants import ConsentState
from mentor_desk.domain.text import count_ru
from mentor_desk.queries.board import PairCard, read_board, read_no_meetings_weeks
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.document_preview import show_document
from mentor_desk.ui.widgets import ERROR_STYLE, FieldWithError, date_edit

if TYPE_CHECKING:
    from mentor_desk.services.orders import Order


class OrderDialog(QDialog):
    """Number, date and text of the order for the given draft pairs and groups."""

    def __init__(self, ctx: AppContext, mentorship_ids: list[int], parent: QWidget | None) -> None:
        super().__init__(parent)

        self.ctx = ctx
        self.ids = list(mentorship_ids)
        self.issued_id: int | None = None
        self.setObjectName("orderDialog")
        self.setWindowTitle("Приказ о закреплении наставнических пар (групп)")
        self.resize(720, 640)
        today = ctx.today()
        self.base = _base_order(ctx, self.ids)
        number = QLineEdit()
        number.setObjectName("orderNumber")
        number.setPlaceholderText("например, 45-о")
        self.number = FieldWithError(number)
        order_date = date_edit()
        order_date.setObjectName("orderDate")
        order_date.setText(format_date(today))
        self.order_date = FieldWithError(order_date)
        self.place = QLineEdit(self.base.place)
        self.place.setObjectName("orderPlace")
        self.curator = FieldWithError(QLineEdit(self.base.curator_name))
        self.curator.editor.setObjectName("orderCurator")
        self.curator_position = QLineEdit(self.base.curator_position)
        start, end = date_edit(), date_edit()
        start.setText(format_date(self.base.term.start))
        end.setText(format_date(self.base.term.end))
        self.term_start, self.term_end = FieldWithError(start), FieldWithError(end)
        self.preamble = QPlainTextEdit(self.base.preamble)
        self.preamble.setObjectName("orderPreamble")
        self.preamble.setMinimumHeight(140)
        term = QHBoxLayout()
        term.addWidget(QLabel("с"))
        term.addWidget(self.term_start)
        term.addWidget(QLabel("по"))
        term.addWidget(self.term_end)
        term.addStretch(1)
        form = QFormLayout()
        form.addRow("Номер приказа:", self.number)
        form.addRow("Дата приказа:", self.order_date)
        form.addRow("Место издания:", self.place)
        form.addRow("Куратор:", self.curator)
        form.addRow("Должность куратора:", self.curator_position)
        form.addRow("Срок программ:", term)
        form.addRow("Преамбула:", self.preamble)
        count = len(self.base.pairs)
        summary = QLabel(
            f"Пар и групп в приказе: {count}. После издания они станут «утверждёнными», "
            "а приказ появится в журнале (Файл → Журнал приказов)."
        )
        summary.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.cards = _order_cards(ctx, self.ids)
        self.warnings_title = QLabel()
        self.warnings_title.setObjectName("orderWarningsTitle")
        self.warnings_title.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.warnings_title.setWordWrap(True)
        self.warnings = QListWidget()
        self.warnings.setObjectName("orderWarnings")
        self.warnings.setMaximumHeight(120)
        self._fill_warnings()
        preview = QPushButton("Предпросмотр…")
        preview.setObjectName("previewOrder")
        preview.clicked.connect(self.preview)
        buttons = QDialogButtonBox()
        self.issue_button = buttons.addButton(
            "Издать приказ", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.issue_button.setObjectName("issueOrder")
        buttons.addButton(preview, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.warnings_title)
        layout.addWidget(self.warnings)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _fill_warnings(self) -> None:
        """The warnings of the pairs in the order, in red, before «Издать приказ»."""
        red = QBrush(QColor("#b3261e"))
        count = 0
        warned = 0
        for card in self.cards:
            if card.warnings:
                warned += 1
            mentees = ", ".join(m.short for m in card.mentees)
            for text in card.warnings:
                item = QListWidgetItem(f"⚠ {card.mentor.short} → {mentees}: {text}")
                item.setForeground(red)
                item.setToolTip(text)
                self.warnings.addItem(item)
                count += 1
        self.warnings_title.setText(
            f"Предупреждения: {count} ({count_ru(warned, 'пара', 'пары', 'пар')} из "
            f"{len(self.cards)}). Проверьте их до издания приказа:"
        )
        self.warnings_title.setVisible(count > 0)
        self.warnings.setVisible(count > 0)

    def no_consent(self) -> list[PairCard]:
        """The pairs of the order where someone has no valid consent to data processing."""
        return [
            c for c in self.cards
            if any(p.row.consent is not ConsentState.VALID for p in (c.mentor, *c.mentees))
        ]  # fmt: skip

    def _confirm_consent(self, order: Order) -> bool | None:
        """Issuing with a pair whose data may not be processed needs a second «да».

        None: the curator said no. A withdrawn consent is not asked about: the order
        cannot name that person at all, and issuing says so.
        """
        from mentor_desk.services import documents, orders

        try:
            orders.consent_gate(self.ctx.db.reader, order, self.ctx.today())
        except documents.ConsentUnconfirmed as exc:
            problems = exc.problems
        except documents.ConsentWithdrawn:
            return False
        else:
            return False
        pairs = max(1, len(self.no_consent()))
        answer = QMessageBox.question(
            self,
            "Согласие на обработку ПДн",
            f"В приказе {count_ru(pairs, 'пара', 'пары', 'пар')} без действующего согласия "
            f"на обработку персональных данных: {documents.consent_list(problems)}.\n\n"
            "Всё равно издать приказ?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return True if answer == QMessageBox.StandardButton.Yes else None

    def _date(self, field: FieldWithError, required: str) -> date | None:
        editor = field.editor
        assert isinstance(editor, QLineEdit)
        try:
            value = parse_date(editor.text())
        except DateFormatError as exc:
            field.set_error(str(exc))
            return None
        field.set_error(None if value else required)
        return value

    def order(self, *, draft: bool) -> Order | None:
        """The order as typed now; None (with the messages shown) if a field is wrong."""
        from mentor_desk.services import documents, orders

        on = self._date(self.order_date, "Укажите дату приказа")
        start = self._date(self.term_start, "Укажите начало срока")
        end = self._date(self.term_end, "Укажите окончание срока")
        editor = self.number.editor
        assert isinstance(editor, QLineEdit)
        number = editor.text()
        typed = bool(number.strip().lstrip("№").strip())
        self.number.set_error(None if typed or draft else "Укажите номер приказа")
        curator_editor = self.curator.editor
        assert isinstance(curator_editor, QLineEdit)
        curator = " ".join(curator_editor.text().split())
        self.curator.set_error(None if curator else "Укажите куратора: он назначается приказом")
        if on is None or start is None or end is None or not (typed or draft) or not curator:
            return None
        if end <= start:
            self.term_end.set_error("Окончание срока должно быть позже начала")
            return None
        data = replace(
            self.base, number=number, order_date=on, place=self.place.text().strip(),
            curator_name=curator,
            curator_position=self.curator_position.text().strip(), term=Term(start, end),
            preamble=self.preamble.toPlainText().strip() or self.base.preamble, draft=draft,
        )  # fmt: skip
        return orders.order_of(documents.DocKind.PAIRS, data, self.ids)

    def preview(self) -> None:
        order = self.order(draft=self.issued_id is None)
        if order is not None:
            show_document(self, order.document(), self.windowTitle(), _file_name(order))

    def _refused(self, exc: Exception) -> None:
        self.error.setText(str(exc))
        self.error.show()

    def issue(self) -> None:
        """Record the order and approve its pairs in one transaction, then show it."""
        from mentor_desk.services import documents, orders

        order = self.order(draft=False)
        if order is None:
            return
        problem = orders.number_problem(self.ctx.db.reader, order.number, order.issued_on)
        if problem:
            self.number.set_error(problem)
            return
        confirmed = self._confirm_consent(order)
        if confirmed is None:
            return
        today = self.ctx.today()
        outcome = run_action(
            self, self.ctx, Changes.JOURNAL | Changes.PAIRS,
            lambda session: orders.issue_order(session, order, today,
                                               confirmed_without_consent=confirmed),
            refused=documents.DocumentError, on_refused=self._refused,
        )  # fmt: skip
        if not outcome:
            return
        self.issued_id = outcome.value
        title = f"Приказ № {order.number} от {format_date(order.issued_on)}"
        show_document(self, order.document(), title, _file_name(order))
        self.accept()


def _order_cards(ctx: AppContext, ids: list[int]) -> list[PairCard]:
    """The pairs of the order as the board shows them, with their warnings."""
    conn = ctx.db.reader
    board = read_board(conn, ctx.today(), read_no_meetings_weeks(conn))
    return [card for card in (board.card(i) for i in ids) if card is not None]


def _base_order(ctx: AppContext, ids: list[int]) -> PairsOrder:
    from mentor_desk.services import orders

    return orders.pairs_order_defaults(ctx.db.reader, ids, ctx.today())


def open_order_dialog(ctx: AppContext, ids: list[int], parent: QWidget) -> None:
    """«Подготовить приказ» for these draft pairs, or why it cannot be prepared."""
    from mentor_desk.services import documents

    try:
        dialog = OrderDialog(ctx, ids, parent)
    except documents.DocumentError as exc:
        QMessageBox.warning(parent, "Приказ", str(exc))
        return
    dialog.exec()


def _file_name(order: Order) -> str:
    return f"Приказ {order.number or 'проект'} о закреплении наставнических пар"
