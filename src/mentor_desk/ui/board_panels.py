"""The board's lower panel: a selected card's details and lifecycle, or mentor suggestions.

The panels show and ask; the rules (which forms fit, what a card warns about, how a mentor
scores and ranks) come from domain.pairs and domain.matching, the changes go through the
board's own small interface (ui.board_actions.BoardActions), never its internals.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.matching import MentorProfile, Score, Weights, ranked_suggestions
from mentor_desk.domain.pairs import (
    ACTIONS,
    Form,
    Kind,
    Status,
    allowed_actions,
    group_forms,
    plan_done_warning,
)
from mentor_desk.domain.text import fold
from mentor_desk.queries.board import BoardPerson, PairCard, read_weights
from mentor_desk.ui.board_models import (
    FULL_BRUSH,
    NOT_READY,
    SHORT_PART_NAMES,
    WARN_BRUSH,
    mentor_choices,
    mentor_gaps,
)
from mentor_desk.ui.tables import Index, ListTableModel
from mentor_desk.ui.widgets import ERROR_STYLE

if TYPE_CHECKING:
    from mentor_desk.ui.board_actions import BoardActions

SHARED_STYLE = "color:#1b5e20; font-weight:bold;"
READY_BRUSH = QBrush(QColor("#2e7d32"))
ONE_CARD_ONLY = frozenset({"program", "extend", "mentor", "split"})
# Why a lifecycle button is greyed out, as its tooltip.
DISABLED_WHY = {
    "approve": "Приказом утверждают черновики: выберите только черновики",
    "start": "Начать работу можно, когда пара утверждена приказом",
    "program": "Программа и встречи — у одной выбранной пары или группы",
    "extend": "Продлить можно одну действующую программу",
    "mentor": "Сменить наставника можно у одной незавершённой пары",
    "end": "Завершают утверждённые и действующие пары; черновик удаляют",
    "split": "Разделить можно одну незавершённую группу",
    "delete": "Удалить можно только черновики",
}


class CardPanel(QWidget):
    """Form, kind, status, warnings and the lifecycle buttons of the selected cards."""

    def __init__(self, actions: BoardActions) -> None:
        super().__init__()
        self.board_actions = actions
        self.setObjectName("cardPanel")
        self.cards: list[PairCard] = []
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("cardForm")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("cardKind")
        for kind in Kind:
            self.kind_combo.addItem(kind.label, kind)
        self.form_combo.activated.connect(self._form_kind_chosen)
        self.kind_combo.activated.connect(self._form_kind_chosen)
        self.state_label = QLabel()
        self.state_label.setObjectName("cardState")
        self.state_label.setWordWrap(True)
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("cardWarnings")
        self.warnings_label.setStyleSheet(ERROR_STYLE)
        self.warnings_label.setWordWrap(True)

        self.buttons: dict[str, QPushButton] = {}
        row = QGridLayout()
        for key, text in (
            ("approve", "Подготовить приказ…"),
            ("start", "Начать работу…"),
            ("program", "Программа и встречи…"),
            ("extend", "Продлить…"),
            ("mentor", "Сменить наставника…"),
            ("end", "Завершить…"),
            ("split", "Разделить группу"),
            ("delete", "Удалить черновик"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"card_{key}")
            button.clicked.connect(lambda _=False, k=key: self.run(k))
            self.buttons[key] = button
        # Two rows of four: one row of eight needs 1,100 pixels.
        for index, button in enumerate(self.buttons.values()):
            row.addWidget(button, index // 4, index % 4)
        row.setColumnStretch(4, 1)

        self.form_combo.setMinimumWidth(320)
        self.kind_combo.setMinimumWidth(320)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Форма:", self.form_combo)
        form.addRow("Вид:", self.kind_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.state_label)
        layout.addWidget(self.warnings_label)
        layout.addLayout(row)
        layout.addStretch(1)

    # --- showing ----------------------------------------------------------------------
    def show_cards(self, cards: list[PairCard]) -> None:
        self.cards = cards
        one = cards[0] if len(cards) == 1 else None
        if one is None:
            statuses = {c.status for c in cards}
            self.title.setText(f"<b>Выбрано пар и групп: {len(cards)}</b>")
            self.state_label.setText(", ".join(sorted(s.label for s in statuses)))
            self.warnings_label.hide()
        else:
            mentees = "<br>".join(html.escape(m.name) for m in one.mentees)
            what = "Группа" if one.is_group else "Пара"
            self.title.setText(
                f"<b>{what}</b>: наставник <b>{html.escape(one.mentor.name)}</b><br>{mentees}"
            )
            self.state_label.setText(self._state_text(one))
            self.warnings_label.setText("\n".join(f"⚠ {w}" for w in one.warnings))
            self.warnings_label.setVisible(bool(one.warnings))
        self._fill_form_kind(one)
        self._enable(cards)

    def _state_text(self, card: PairCard) -> str:
        parts = [f"Статус: {card.status.label}"]
        if card.order_number:
            parts.append(f"приказ № {card.order_number} от {format_date(card.order_date)}")
        if card.started_on:
            parts.append(f"работает с {format_date(card.started_on)}")
        if card.ends_on and card.status is Status.ACTIVE:
            parts.append(f"до {format_date(card.ends_on)}")
        if card.status is Status.ENDED and card.end_reason:
            parts.append(f"завершена {format_date(card.ended_on)}: {card.end_reason.label}")
        if card.plan_total:
            parts.append(f"план выполнен на {round((card.share_done or 0) * 100)} %")
        parts.append(
            f"последняя встреча {format_date(card.last_meeting)}"
            if card.last_meeting
            else "встреч ещё не было"
        )
        return "; ".join(parts)

    def _fill_form_kind(self, card: PairCard | None) -> None:
        self.form_combo.clear()
        editable = card is not None and card.status is not Status.ENDED
        if card is not None:
            forms = group_forms(card.mentor.facts(), [m.facts() for m in card.mentees])
            for form in forms or [card.form]:
                self.form_combo.addItem(form.label, form)
            if card.form not in forms:
                self.form_combo.addItem(card.form.label, card.form)
            self.form_combo.setCurrentIndex(self.form_combo.findData(card.form))
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(card.kind))
        self.form_combo.setEnabled(editable)
        self.kind_combo.setEnabled(editable)

    def _enable(self, cards: list[PairCard]) -> None:
        """The lifecycle buttons the selected cards allow (domain.pairs.allowed_actions)."""
        one = len(cards) == 1
        common = frozenset(ACTIONS)
        for card in cards:
            common &= allowed_actions(card.status)
        for key, button in self.buttons.items():
            alone = key in ONE_CARD_ONLY and not one
            allowed = key in common and not alone and (key != "split" or cards[0].is_group)
            button.setEnabled(allowed)
            button.setVisible(allowed or key in ("approve", "start", "end", "program"))
            # A disabled button still shows its tooltip: it says why it is greyed out.
            why = "Выберите одну пару или группу" if alone else DISABLED_WHY[key]
            button.setToolTip("" if allowed else why)

    def fill_menu(self, menu: QMenu, cards: list[PairCard]) -> None:
        self.show_cards(cards)
        for key, button in self.buttons.items():
            if button.isEnabled():
                action = QAction(button.text(), menu)
                action.triggered.connect(lambda _=False, k=key: self.run(k))
                menu.addAction(action)
        if len(cards) == 1 and cards[0].is_group and cards[0].status is not Status.ENDED:
            card = cards[0]
            move = menu.addMenu("Перевести к наставнику…")
            move.setObjectName("moveMenu")
            for mentee in card.mentees:
                act = move.addAction(f"{mentee.name}…")
                act.triggered.connect(
                    lambda _=False, m=mentee.id, c=card: self.board_actions.ask_move_mentee(c, m)
                )
            sub = menu.addMenu("Убрать из группы")
            for mentee in card.mentees:
                act = sub.addAction(mentee.name)
                act.triggered.connect(
                    lambda _=False, m=mentee.id, c=card: self.board_actions.remove_mentee(c, m)
                )

    # --- doing ------------------------------------------------------------------------
    def _form_kind_chosen(self) -> None:
        from mentor_desk.services import pairs

        if len(self.cards) != 1:
            return
        card = self.cards[0]
        form, kind = Form(self.form_combo.currentData()), Kind(self.kind_combo.currentData())
        if (form, kind) == (card.form, card.kind):
            return
        today = self.board_actions.ctx.today()
        self.board_actions.perform(
            f"Форма и вид: {form.label}, {kind.label}",
            [card.id],
            lambda s: pairs.set_form_kind(s, card.id, form, kind, today),
        )

    def run(self, key: str) -> None:
        from mentor_desk.services import pairs
        from mentor_desk.ui import pair_dialogs as dialogs
        from mentor_desk.ui.program_dialog import ProgramDialog

        cards, actions, today = list(self.cards), self.board_actions, self.board_actions.ctx.today()
        ids = [c.id for c in cards]
        if not cards:
            return
        card = cards[0]
        if key == "approve":  # the issued order records itself and approves the pairs
            from mentor_desk.ui.order_dialog import open_order_dialog

            open_order_dialog(actions.ctx, ids, self)
        elif key == "start":
            start = dialogs.StartDialog(self, today, card.order_date)
            if start.exec():
                begin, until = start.values()
                actions.perform(
                    "Начата работа", ids, lambda s: pairs.start(s, ids, begin, until, today=today)
                )
        elif key == "end":
            warning = plan_done_warning([(c.plan_done, c.plan_total) for c in cards])
            # The card that may end latest holds the earliest day all of them can end on.
            latest = max(cards, key=lambda c: c.started_on or c.order_date or date.min)
            finish = dialogs.EndDialog(self, today, latest.started_on, plan_warning=warning,
                                       order_date=latest.order_date)  # fmt: skip
            if finish.exec():
                on, reason, note = finish.values()
                actions.perform(
                    f"Завершено: {reason.label}",
                    ids,
                    lambda s: pairs.end(s, ids, on, reason, note, today=today),
                )
        elif key == "extend" and card.ends_on:
            extend = dialogs.ExtendDialog(self, today, card.ends_on, started_on=card.started_on)
            if extend.exec():
                until, note = extend.values()
                actions.perform(
                    "Программа продлена",
                    ids,
                    lambda s: pairs.extend(s, card.id, until, today, note, today=today),
                )
        elif key == "mentor":
            self.change_mentor(card, None)
        elif key == "program":
            ProgramDialog(actions.ctx, card.id, self).exec()
        elif key == "split":
            actions.split(card)
        elif key == "delete":
            actions.release(cards)

    def change_mentor(self, card: PairCard, mentor_id: int | None) -> None:
        """Смена наставника with a date and a note, kept in the pair's history."""
        from mentor_desk.services import pairs
        from mentor_desk.ui.pair_dialogs import ChangeMentorDialog

        actions, today = self.board_actions, self.board_actions.ctx.today()
        board = actions.current_board()
        choices = mentor_choices(board, (card.mentor.id,))
        dialog = ChangeMentorDialog(
            self, choices, mentor_id or card.mentor.id, today,
            started_on=card.started_on, order_date=card.order_date,
        )  # fmt: skip
        if dialog.exec():
            new, on, note = dialog.values()
            actions.perform(
                f"Смена наставника: {board.people[new].short}",
                [card.id],
                lambda s: pairs.change_mentor(s, card.id, new, on, today, note),
            )


class Suggestion(NamedTuple):
    """One suggested mentor: the score, how the table names them, readiness, the survey."""

    mentor: MentorProfile
    score: Score
    label: str  # «Орлова А.И. — 1 из 2»: the load next to the name, never cut off
    gaps: list[str]  # why the mentor is not ready (domain facts); empty when ready
    asked: int | None = None  # the mentee's rank for this mentor in the questionnaire


class SuggestionModel(ListTableModel[Suggestion]):
    """Ranked mentors for one mentee, with each part of the score in its own column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.part_names: list[str] = []

    def load(self, rows: Iterable[Suggestion]) -> None:
        listed = list(rows)
        self.part_names = [name for name, _ in listed[0].score.parts] if listed else []
        super().load(listed)

    @property
    def headers(self) -> tuple[str, ...]:  # type: ignore[override]
        short = tuple(SHORT_PART_NAMES.get(name, name) for name in self.part_names)
        return ("Наставник, занято", "Готовность", "Баллы", *short, "Общие темы")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if 3 <= section < 3 + len(self.part_names):
                return self.part_names[section - 3]  # the full name of the part
            if section == 0:
                return "Занято мест из возможных; «в анкете» — наставляемый сам назвал его"
            if section == 1:
                return "Готов: обучение пройдено, есть письменное согласие и согласие на ПДн"
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        mentor, score = row.mentor, row.score
        column = index.column()
        parts = len(score.parts)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.label + (f" · в анкете №{row.asked}" if row.asked else "")
            if column == 1:
                return f"{NOT_READY} не готов" if row.gaps else "готов"
            if column == 2:
                return f"{score.total:.1f}"
            if column < 3 + parts:
                return f"{score.parts[column - 3][1]:.1f}"
            return ", ".join(sorted(score.shared)) or "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1 and row.gaps:
                return "\n".join(row.gaps)
            if column == 0:
                full = " (мест нет)" if not mentor.has_room else ""
                asked = f"\nВ анкете наставляемого: №{row.asked}" if row.asked else ""
                return f"{mentor.name}: занято {mentor.load} из {mentor.capacity}{full}{asked}"
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 1:
                return WARN_BRUSH if row.gaps else READY_BRUSH
            return FULL_BRUSH if not mentor.has_room else None
        if role == Qt.ItemDataRole.FontRole and column == 0 and row.asked:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 < column < 3 + parts:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SuggestionPanel(QWidget):
    """For the selected mentee: mentors ranked by score, and the two profiles side by side."""

    def __init__(self, actions: BoardActions) -> None:
        super().__init__()
        self.board_actions = actions
        self.setObjectName("suggestionPanel")
        self.mentee: BoardPerson | None = None
        self.title = QLabel()
        self.title.setObjectName("suggestionTitle")
        self.title.setWordWrap(True)
        self.model = SuggestionModel(self)
        self.view = QTableView()
        self.view.setObjectName("suggestions")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._compare)
        self.view.doubleClicked.connect(lambda _: self.pin())
        self.mentee_card = QLabel()
        self.mentee_card.setObjectName("menteeProfile")
        self.mentor_card = QLabel()
        self.mentor_card.setObjectName("mentorProfile")
        for label in (self.mentee_card, self.mentor_card):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setStyleSheet("QLabel { border: 1px solid #d0d0d0; padding: 6px; }")
        self.pin_button = QPushButton("Закрепить за выбранным наставником")
        self.pin_button.setObjectName("pinSuggestion")
        self.pin_button.clicked.connect(self.pin)
        profiles = QGridLayout()
        profiles.addWidget(self.mentee_card, 0, 0)
        profiles.addWidget(self.mentor_card, 0, 1)
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.view, 1)
        right = QVBoxLayout()
        right.addLayout(profiles, 1)
        right.addWidget(self.pin_button)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def weights(self) -> Weights:
        return read_weights(self.board_actions.ctx.db.reader)

    def show_mentee(self, mentee: BoardPerson) -> None:
        """The best mentors, and always those the mentee named in the questionnaire."""
        board = self.board_actions.current_board()
        self.mentee = mentee
        profile = board.mentee_profile(mentee)
        mentors = [board.mentor_profile(m) for m in board.mentors]
        rows = [
            Suggestion(
                found.mentor, found.score,
                f"{board.people[found.mentor.id].short} — {found.mentor.load} из "
                f"{found.mentor.capacity}",
                [str(gap) for gap in mentor_gaps(board.people[found.mentor.id])], found.asked,
            )
            for found in ranked_suggestions(profile, mentors, self.weights())
        ]  # fmt: skip
        self.model.load(rows)
        asked = profile.preferred
        shown = {r.mentor.id for r in rows}
        unfit = [board.people[i].short for i in asked if i not in shown and i in board.people]
        text = f"Подходящие наставники для <b>{html.escape(mentee.name)}</b>: {len(rows)}"
        if not rows:
            text += " — ни одна форма наставничества не подходит"
        if unfit:
            text += (
                f'. <span style="{ERROR_STYLE}">Из анкеты не подходят по форме '
                f"наставничества: {html.escape(', '.join(unfit))}</span>"
            )
        self.title.setText(text)
        self.view.resizeColumnsToContents()
        if rows:
            self.view.selectRow(0)
        else:
            self._compare(QModelIndex())
        self.pin_button.setEnabled(bool(rows))

    def _compare(self, current: QModelIndex) -> None:
        if self.mentee is None:
            return
        board = self.board_actions.current_board()
        row = self.mentee.row
        chosen = self.model.rows[current.row()] if current.isValid() else None
        shared = {fold(t) for t in chosen.score.shared} if chosen else set()
        prefs = board.preferences.get((row.id, True), ())
        self.mentee_card.setText(
            _profile(
                row.full_name,
                f"{row.category.label}{', ' + row.class_name if row.class_name else ''}",
                "Запросы",
                row.requests,
                shared,
                [
                    ("Целевые группы", ", ".join(row.target_groups) or "—"),
                    ("Хочет в наставники", _names(board, prefs)),
                ],
            )
        )
        if chosen is None:
            self.mentor_card.setText("")
            return
        mentor = board.people[chosen.mentor.id].row
        where = (
            ", ".join(
                x
                for x in (mentor.position, mentor.subject, mentor.class_name, mentor.organization)
                if x
            )
            or mentor.category.label
        )
        mentor_prefs = board.preferences.get((mentor.id, False), ())
        self.mentor_card.setText(
            _profile(
                mentor.full_name,
                where,
                "Компетенции",
                mentor.competencies,
                shared,
                [
                    ("Занято", f"{chosen.mentor.load} из {chosen.mentor.capacity}"),
                    ("Формы", ", ".join(f.label for f in chosen.score.forms)),
                    ("Хочет наставлять", _names(board, mentor_prefs)),
                ],
            )
            + (
                f'<br><span style="{ERROR_STYLE}">{NOT_READY} '
                f"{html.escape('; '.join(chosen.gaps))}</span>"
                if chosen.gaps
                else ""
            )
        )

    def pin(self) -> None:
        index = self.view.currentIndex()
        if self.mentee is None or not index.isValid():
            return
        mentor = self.model.rows[index.row()].mentor
        self.board_actions.make_pair(mentor.id, [self.mentee.id])


def _names(board: Any, ids: tuple[int, ...]) -> str:
    return (
        ", ".join(
            f"{n}. {board.people[i].short}" for n, i in enumerate(ids, 1) if i in board.people
        )
        or "—"
    )


def _profile(
    name: str,
    where: str,
    topics_title: str,
    topics: tuple[str, ...],
    shared: set[str],
    extra: list[tuple[str, str]],
) -> str:
    """A profile as rich text, the topics both sides share in bold green."""
    marked = [
        f'<span style="{SHARED_STYLE}">{html.escape(t)}</span>'
        if fold(t) in shared
        else html.escape(t)
        for t in topics
    ]
    lines = [
        f"<b>{html.escape(name)}</b>",
        html.escape(where),
        f"{topics_title}: {', '.join(marked) or '—'}",
    ]
    lines += [f"{html.escape(k)}: {html.escape(v)}" for k, v in extra]
    return "<br>".join(lines)
