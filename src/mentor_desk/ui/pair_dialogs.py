"""The value dialogs of pairs and groups: start, end, extend, a new mentor, a mentee moved.

They only collect and check what the curator typed, by the rules of domain.pairs that the
services enforce too (check_start, check_end, check_extension, check_mentor_change,
check_mentee_move); the caller runs the service in one action and puts it on its undo
stack. The personalized program is ui.program_dialog."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import format_date, parse_date
from mentor_desk.domain.pairs import (
    EndReason,
    Status,
    check_end,
    check_extension,
    check_mentee_move,
    check_mentor_change,
    check_program_term,
    check_start,
    default_program_end,
    latest_program_end,
)
from mentor_desk.domain.text import count_ru
from mentor_desk.ui.form_dialog import FormDialog, hint, read_date
from mentor_desk.ui.widgets import ERROR_STYLE, date_edit, searchable_combo

if TYPE_CHECKING:
    from mentor_desk.queries.board import BoardPerson, PairCard


class StartDialog(FormDialog):
    """Начать работу: the start and the program's planned end (3 months to 1 year)."""

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        order_date: date | None,
        submit: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent, "Начать работу", submit)
        self.today, self.order_date = today, order_date
        start = max(today, order_date) if order_date else today
        self.start = date_edit()
        self.start.setText(format_date(start))
        self.end = date_edit()
        self.end.setText(format_date(default_program_end(start)))
        self._add("started_on", "Дата начала*", self.start)
        self._add("ends_on", "Плановое окончание программы*", self.end)
        self.length = hint("")
        self.length.setObjectName("length")
        self.form.addRow("", self.length)
        self.form.addRow("", hint("Персонализированная программа длится от 3 месяцев до 1 года."))
        self._end_typed = False
        self.end.textEdited.connect(self._end_edited)
        self.start.textChanged.connect(self._start_changed)
        self.end.textChanged.connect(self._show_length)
        self._show_length()

    def _end_edited(self) -> None:
        self._end_typed = True

    def _start_changed(self) -> None:
        """Until the end is typed by hand, it follows the start (domain.default_program_end)."""
        start, problem = read_date(self.start.text())
        if start is not None and not problem and not self._end_typed:
            self.end.setText(format_date(default_program_end(start)))
        self._show_length()

    def _show_length(self) -> None:
        start, _ = read_date(self.start.text())
        end, _ = read_date(self.end.text())
        if start is None or end is None or end <= start:
            self.length.setText("")
            return
        months = round((end - start).days / 30.44)
        self.length.setText(
            f"Длительность: {count_ru((end - start).days, 'день', 'дня', 'дней')}"
            f" (около {count_ru(months, 'месяца', 'месяцев', 'месяцев')})"
        )

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        start, problem = read_date(self.start.text(), "Укажите дату начала")
        if start is not None and not problem:
            problem = check_start(start, self.today, self.order_date)
        if problem:
            errors["started_on"] = problem
        end, problem = read_date(self.end.text(), "Укажите плановое окончание программы")
        if problem:
            errors["ends_on"] = problem
        elif start is not None and end is not None:
            term = check_program_term(start, end)
            if term:
                errors["ends_on"] = term
        return errors

    def values(self) -> tuple[date, date]:
        start, end = parse_date(self.start.text()), parse_date(self.end.text())
        assert start is not None and end is not None
        return start, end


class EndDialog(FormDialog):
    """Завершить: the date, the reason (the Volgograd Положение, п. 7.1) and a note.

    started_on, order_date: the pair's, so a day before its start (or, not started yet,
    before its order) is refused here as the service refuses it (domain.check_end).

    plan_warning: what to say in red under the reasons while «план выполнен полностью»
    is chosen (services.pairs.plan_done_warning or domain.pairs.plan_done_warning of the
    selected pairs); only a warning, the reason is still accepted.
    """

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        started_on: date | None,
        submit: Callable[[Any], bool] | None = None,
        *,
        plan_warning: str | None = None,
        order_date: date | None = None,
    ) -> None:
        super().__init__(parent, "Завершить программу", submit)
        self.today, self.started_on, self.order_date = today, started_on, order_date
        self.ended_on = date_edit()
        self.ended_on.setText(format_date(today))
        self._add("ended_on", "Дата завершения*", self.ended_on)

        box = QFrame()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(2, 2, 2, 2)
        self.reasons = QButtonGroup(self)
        self.reason_buttons: dict[EndReason, QRadioButton] = {}
        for reason in EndReason:
            button = QRadioButton(reason.label)
            button.setObjectName(f"reason_{reason.value}")
            self.reasons.addButton(button)
            self.reason_buttons[reason] = button
            box_layout.addWidget(button)
        self.reasons.buttonToggled.connect(self._reason_changed)
        self._add("reason", "Причина*", box)
        self.plan_warning = QLabel(plan_warning or "")
        self.plan_warning.setObjectName("plan_warning")
        self.plan_warning.setWordWrap(True)
        self.plan_warning.setStyleSheet(ERROR_STYLE)
        self.form.addRow("", self.plan_warning)

        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setFixedHeight(70)
        self.note.setTabChangesFocus(True)
        self.form.addRow("Примечание", self.note)
        self._reason_changed()

    def reason(self) -> EndReason | None:
        return next((r for r, b in self.reason_buttons.items() if b.isChecked()), None)

    def set_reason(self, reason: EndReason) -> None:
        self.reason_buttons[reason].setChecked(True)

    def _reason_changed(self) -> None:
        if self.reason() is EndReason.CURATOR_INITIATIVE:
            hint = "Опишите, в чём выразилось ненадлежащее исполнение (желательно)"
        else:
            hint = "Необязательно: основание, договорённости"
        self.note.setPlaceholderText(hint)
        warn = self.reason() is EndReason.PLAN_DONE and bool(self.plan_warning.text())
        self.form.setRowVisible(self.plan_warning, warn)
        self._recheck()
        self._fit()

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        on, problem = read_date(self.ended_on.text(), "Укажите дату завершения")
        if on is not None and not problem:
            problem = check_end(on, self.today, self.started_on, self.order_date)
        if problem:
            errors["ended_on"] = problem
        if self.reason() is None:
            errors["reason"] = "Выберите причину завершения"
        return errors

    def values(self) -> tuple[date, EndReason, str]:
        on, reason = parse_date(self.ended_on.text()), self.reason()
        assert on is not None and reason is not None
        return on, reason, self.note.toPlainText().strip()


class ExtendDialog(FormDialog):
    """Продлить программу по взаимному согласию (p. 7.2): the new planned end."""

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        current_end: date,
        submit: Callable[[Any], bool] | None = None,
        *,
        started_on: date | None = None,
    ) -> None:
        super().__init__(parent, "Продлить программу", submit)
        self.today, self.current_end, self.started_on = today, current_end, started_on
        current = QLabel(format_date(current_end))
        current.setObjectName("current_end")
        self.form.addRow("Сейчас программа до", current)
        self.new_end = date_edit()
        self._add("new_end", "Продлить до*", self.new_end)
        self.note = QLineEdit()
        self.note.setPlaceholderText("например, по взаимному согласию, заявление от …")
        self._add("note", "Основание", self.note)
        limit = (
            f" Программа длится не больше 1 года: не дальше чем до "
            f"{format_date(latest_program_end(started_on))}."
            if started_on
            else ""
        )
        self.form.addRow("", hint(f"Прежний и новый сроки сохранятся в истории пары.{limit}"))

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        new_end, problem = read_date(self.new_end.text(), "Укажите новую дату окончания")
        if new_end is not None and not problem:
            problem = check_extension(self.started_on, self.current_end, new_end)
        if problem:
            errors["new_end"] = problem
        return errors

    def values(self) -> tuple[date, str]:
        new_end = parse_date(self.new_end.text())
        assert new_end is not None
        return new_end, " ".join(self.note.text().split())


class MentorChoiceDialog(FormDialog):
    """A new mentor from the board's list and, where the pair's history keeps it, the day
    and the reason: the one dialog of «Сменить наставника» and «Перевести к наставнику».

    mentors: (id, "Фамилия И.О. — 1 из 3"), as ui.board_models.mentor_choices lists them;
    current_id is preselected if it is listed. dated: whether the day and the reason are
    asked (a draft keeps no history).
    """

    DATE_LABEL = "Дата*"
    DATE_MISSING = "Укажите дату"
    NOTE_HINT = ""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        mentors: Sequence[tuple[int, str]],
        current_id: int | None,
        today: date,
        submit: Callable[[Any], bool] | None = None,
        *,
        dated: bool = True,
    ) -> None:
        super().__init__(parent, title, submit)
        self.today, self.dated = today, dated
        self.mentor = searchable_combo(mentors, current_id, "начните вводить фамилию")
        self._add("mentor", "Новый наставник*", self.mentor)
        self.on = date_edit()
        self.on.setText(format_date(today))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.NOTE_HINT)
        if dated:
            self._add("on", self.DATE_LABEL, self.on)
            self._add("note", "Причина", self.note)

    def chosen_id(self) -> int | None:
        """The listed mentor whose text is in the box (typing must end on a listed name)."""
        index = self.mentor.findText(self.mentor.currentText().strip(), Qt.MatchFlag.MatchExactly)
        return None if index < 0 else int(self.mentor.itemData(index))

    def date_problem(self, on: date) -> str | None:
        """Why the day cannot be taken (the domain's rule of the subclass), or None."""
        return None

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.chosen_id() is None:
            errors["mentor"] = "Выберите наставника из списка"
        if not self.dated:
            return errors
        on, problem = read_date(self.on.text(), self.DATE_MISSING)
        if on is not None and not problem:
            problem = self.date_problem(on)
        if problem:
            errors["on"] = problem
        return errors

    def values(self) -> tuple[int, date, str]:
        mentor_id = self.chosen_id()
        on = parse_date(self.on.text()) if self.dated else self.today
        assert mentor_id is not None and on is not None
        return mentor_id, on, " ".join(self.note.text().split())


class ChangeMentorDialog(MentorChoiceDialog):
    """Смена наставника: whom, from which day and why (kept in the pair's history).

    started_on, order_date: the pair's, so a day before them is refused here already
    (domain.check_mentor_change, as the service).
    """

    DATE_LABEL = "Дата смены*"
    DATE_MISSING = "Укажите дату смены наставника"
    NOTE_HINT = "например, длительный больничный наставника"

    def __init__(
        self,
        parent: QWidget | None,
        mentors: Sequence[tuple[int, str]],
        current_id: int | None,
        today: date,
        submit: Callable[[Any], bool] | None = None,
        *,
        started_on: date | None = None,
        order_date: date | None = None,
    ) -> None:
        super().__init__(parent, "Смена наставника", mentors, current_id, today, submit)
        self.started_on, self.order_date = started_on, order_date

    def date_problem(self, on: date) -> str | None:
        return check_mentor_change(on, self.today, self.started_on, self.order_date)


class MoveMenteeDialog(MentorChoiceDialog):
    """«Перевести к наставнику»: one mentee of a group goes to another mentor (a new pair).

    For a group that is approved or working, the date and the reason go with the mentee's
    leaving into the group's history; a draft group only needs the new mentor.
    """

    DATE_LABEL = "Дата перевода*"
    DATE_MISSING = "Укажите дату перевода"
    NOTE_HINT = "например, по заявлению родителей, смена профиля"

    def __init__(
        self,
        parent: QWidget | None,
        mentee: BoardPerson,
        card: PairCard,
        mentors: Sequence[tuple[int, str]],
        today: date,
    ) -> None:
        working = card.status is not Status.DRAFT
        super().__init__(parent, "Перевести к наставнику", mentors, None, today, dated=working)
        self.setObjectName("moveMenteeDialog")
        self.working = working
        self.started_on, self.order_date = card.started_on, card.order_date
        what = "группы" if card.is_group else "пары"
        text = (
            f"<b>{html.escape(mentee.name)}</b> выйдет из {what} наставника "
            f"{html.escape(card.mentor.short)}, и с выбранным наставником будет составлена "
            "новая пара — черновик."
        )
        if working:
            whole = "Группа" if card.is_group else "Пара"
            text += (
                f" {whole} {card.status.label}: в её истории будет записано «выбыл "
                "наставляемый» с датой и причиной; новую пару нужно утвердить приказом."
            )
        self.intro = QLabel(text)
        self.intro.setObjectName("moveIntro")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.main_layout.insertWidget(0, self.intro)

    def date_problem(self, on: date) -> str | None:
        return check_mentee_move(on, self.today, self.started_on, self.order_date)
