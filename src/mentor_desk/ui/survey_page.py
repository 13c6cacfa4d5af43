"""Анкеты: the satisfaction answers of a year, typed by keyboard or imported from Excel,
and the blank questionnaire to print.

The table is a spreadsheet of respondents × questions with an empty row at the bottom:
typing in it makes a new answer, Enter saves the cell and moves on to the next question,
so a stack of paper forms is entered without touching the mouse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.surveys import Question, SurveyError, check_answer, check_answers
from mentor_desk.queries import monitoring as reads
from mentor_desk.services import surveys
from mentor_desk.services.monitoring import MonitoringError
from mentor_desk.ui.actions import run_action, warn_later
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.tables import ListTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.exchange.surveys import SurveyPreview

TITLE = "Анкеты удовлетворённости"
WIDGET_ONLY = Qt.ShortcutContext.WidgetShortcut
ROLE_LABELS = {"mentee": "Наставляемые", "mentor": "Наставники"}
Index = QModelIndex | QPersistentModelIndex


@dataclass
class Respondent:
    """A row of the table: a stored answer (id) or the empty row for a new one (id None)."""

    id: int | None
    participant_id: int | None = None
    name: str = ""
    answers: dict[str, Any] = field(default_factory=dict)


def _short(number: int, question: Question) -> str:
    """«3. Насколько комфортно…»: the column's title; the whole question is its tooltip."""
    words = question.text.split()
    return f"{number}. " + " ".join(words[:3]) + ("…" if len(words) > 3 else "")


def question_help(question: Question) -> str:
    if question.kind == "score":
        return f"{question.text} Оценка — целое число от 1 до 10."
    if question.kind == "choice":
        options = "; ".join(f"{n} — {o}" for n, o in enumerate(question.options, 1))
        return f"{question.text} Введите номер варианта: {options}."
    return f"{question.text} Свободный ответ."


def _shown(question: Question, value: Any) -> str:
    if value is None:
        return ""
    if question.kind == "choice" and value in question.options:
        return f"{question.options.index(value) + 1}. {value}"
    return str(value)


class AnswersModel(ListTableModel[Respondent]):
    """Respondents × the role's questions; `save(row, key, text)` stores a typed cell."""

    def __init__(self, page: SurveyPage) -> None:
        super().__init__(page)
        self.page = page
        self.questions: list[Question] = []

    @property
    def headers(self) -> tuple[str, ...]:  # type: ignore[override]
        return ("Респондент", *(_short(n, q) for n, q in enumerate(self.questions, 1)))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        question = self.question_at(section)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return question_help(question) if question is not None else None
        return super().headerData(section, orientation, role)

    def set_rows(self, questions: list[Question], rows: list[Respondent]) -> None:
        self.beginResetModel()
        self.questions = questions
        self.rows = [*rows, Respondent(None)]
        self.endResetModel()

    def question_at(self, column: int) -> Question | None:
        return self.questions[column - 1] if 1 <= column <= len(self.questions) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        question = self.question_at(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                if row.id is None:
                    return "" if role == Qt.ItemDataRole.EditRole else "+ новая анкета"
                return row.name if row.name or role == Qt.ItemDataRole.EditRole else "аноним"
            if question is not None:
                value = row.answers.get(question.key)
                if role == Qt.ItemDataRole.EditRole and question.kind == "choice" and value:
                    return str(question.options.index(value) + 1) \
                        if value in question.options else str(value)  # fmt: skip
                return _shown(question, value)
        if role == Qt.ItemDataRole.ToolTipRole and question is not None:
            return question_help(question)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return "ФИО респондента из реестра (по желанию); пусто — анонимная анкета"
        if role == Qt.ItemDataRole.ForegroundRole and row.id is None and column == 0:
            return QColor("#777777")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return super().flags(index)
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index)
        if row is None or role != Qt.ItemDataRole.EditRole:
            return False
        return self.page.save_cell(row, index.column(), str(value))


class SurveyPage(QWidget):
    """The answers of the chosen role for the year, the import and the blank forms."""

    summary_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("surveyPage")
        self.year_start = 0
        self.dirty = True
        self._next: tuple[int, int] | None = None  # the cell to go to after a save
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("surveyRole")
        for role, label in ROLE_LABELS.items():
            self.role_combo.addItem(label, role)
        self.role_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.model = AnswersModel(self)
        self.table = QTableView()
        self.table.setObjectName("surveyTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(150)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )  # «3. Насколько комфортно…» reads from its start, not cut at both ends
        self.table.horizontalHeader().setMaximumSectionSize(260)
        self.table.setWordWrap(True)
        # Only while the table itself has the focus: in a cell's editor Delete edits text.
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected)
        delete.setContext(WIDGET_ONLY)
        self.question_label = QLabel()
        self.question_label.setObjectName("surveyQuestion")
        self.question_label.setWordWrap(True)
        self.question_label.setStyleSheet("font-weight: bold;")
        self.table.selectionModel().currentChanged.connect(
            lambda current, _previous: self._show_question(current.column())
        )
        self.summary = QLabel()
        self.summary.setObjectName("surveySummary")
        self.summary.setWordWrap(True)

        import_button = QPushButton("Загрузить из Excel…")
        import_button.setObjectName("surveyImport")
        import_button.clicked.connect(lambda: self.import_file())
        blank_button = QToolButton()
        blank_button.setObjectName("surveyBlank")
        blank_button.setText("Бланк анкеты")
        blank_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        blank_menu = QMenu(blank_button)
        blank_menu.addAction("Бланк для печати (PDF, DOCX)…").triggered.connect(self.print_blank)
        blank_menu.addAction("Таблица Excel для сбора ответов…").triggered.connect(
            self.save_template
        )
        blank_button.setMenu(blank_menu)
        delete_button = QPushButton("Удалить анкеты")
        delete_button.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        top.addWidget(QLabel("Анкеты"))
        top.addWidget(self.role_combo)
        top.addStretch()
        top.addWidget(import_button)
        top.addWidget(blank_button)
        top.addWidget(delete_button)
        hint = QLabel(
            "Печатайте прямо в таблицу: в последней строке — новая анкета. Оценка — число от 1 "
            "до 10, в закрытых вопросах — номер варианта; Enter сохраняет ответ и переходит "
            "к следующему вопросу. Анкета без ФИО сохраняется анонимно. Delete удаляет "
            "выделенные анкеты."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.question_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        ctx.bus.changed.connect(self._data_changed)

    # --- reading -----------------------------------------------------------------------------
    @property
    def role(self) -> str:
        return str(self.role_combo.currentData())

    def set_year(self, year_start: int) -> None:
        if year_start != self.year_start:
            self.year_start = year_start
            self.dirty = True
            if self.isVisible():
                self.reload()

    def _data_changed(self, changes: Changes, initiator: object) -> None:
        if initiator is self or not changes & (Changes.MONITORING | Changes.PEOPLE):
            return
        self.dirty = True
        if self.isVisible():
            QTimer.singleShot(0, self.reload)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self.reload()

    def reload(self) -> None:
        self.dirty = False
        form = surveys.questionnaire()
        rows = [
            Respondent(r.id, r.participant_id, r.respondent, dict(r.answers))
            for r in reads.responses(self.ctx.db.reader, self.year_start, self.role)
        ]
        current = self.table.currentIndex()
        self.model.set_rows(form.for_role(self.role), rows)
        self.table.resizeRowsToContents()
        self.table.setColumnWidth(0, 220)
        target = self._next or ((current.row(), current.column()) if current.isValid() else None)
        self._next = None
        if target is not None:
            row = min(target[0], self.model.rowCount() - 1)
            column = min(target[1], self.model.columnCount() - 1)
            self.table.setCurrentIndex(self.model.index(row, column))
        self._show_summary()

    def _reload_keeping_focus(self) -> None:
        self.reload()
        self.table.setFocus()

    def _go_next(self) -> None:
        """Enter on an unchanged answer moves on all the same."""
        if self._next is not None:
            row, column = self._next
            self._next = None
            self.table.setCurrentIndex(self.model.index(row, column))
        self.table.setFocus()

    def _show_question(self, column: int) -> None:
        question = self.model.question_at(column)
        if question is None:
            self.question_label.setText("ФИО респондента (по желанию): как в реестре")
            return
        self.question_label.setText(f"Вопрос {column}. {question_help(question)}")

    def _show_summary(self) -> None:
        summary = surveys.survey_summary(self.ctx.db.reader, self.year_start, self.role)
        who = "наставляемых" if self.role == "mentee" else "наставников"
        text = f"Анкет {who}: {summary.respondents}; с оценкой: {summary.scored}"
        if summary.scored:
            share = summary.satisfied_percent
            shown = "—" if share is None else f"{share:.0f} %"
            text += (
                f"; удовлетворены (средняя оценка 7 из 10 и выше): {summary.satisfied} ({shown})"
            )
        if summary.scored < 3:
            text += ". Для показателя нужно не менее 3 анкет с оценкой."
        self.summary.setText(text)
        self.summary_changed.emit()

    # --- typing --------------------------------------------------------------------------------
    def save_cell(self, row: Respondent, column: int, text: str) -> bool:
        """Store one typed cell: the respondent's name or one answer; False if refused."""
        question = self.model.question_at(column)
        participant_id, answers = row.participant_id, dict(row.answers)
        if column == 0:
            name = " ".join(text.split())
            if name == row.name:
                return False
            participant_id = None
            if name:
                matched = self._match(name)
                if matched is None:
                    return False
                participant_id = matched
        elif question is not None:
            try:
                value = check_answer(question, text)
            except SurveyError as exc:
                warn_later(self, TITLE, str(exc))
                return False
            if value is None:
                answers.pop(question.key, None)
            else:
                answers[question.key] = value
            if answers == row.answers:
                self._advance(column)
                QTimer.singleShot(0, self._go_next)
                return False
        else:
            return False
        if row.id is None and not answers:
            warn_later(
                self, TITLE, "Сначала введите хотя бы один ответ: анкета без ответов не нужна."
            )
            return False
        role, year = self.role, self.year_start

        def work(session: Session) -> None:
            from mentor_desk.services import monitoring

            checked = check_answers(surveys.questionnaire(), role, answers)
            if row.id is None:
                monitoring.add_responses(session, year, role, [(participant_id, checked)])
            else:
                monitoring.update_response(
                    session, row.id, participant_id=participant_id, answers=checked
                )

        if not run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE,
                          refused=(MonitoringError, SurveyError), initiator=self,
                          on_refused=lambda exc: warn_later(self, TITLE, str(exc))):  # fmt: skip
            return False
        self._advance(column)
        # Not now: the cell's editor is still committing; a reset under it would take the
        # keyboard focus away (the next answer would be typed into nothing).
        QTimer.singleShot(0, self._reload_keeping_focus)
        return True

    def _advance(self, column: int) -> None:
        """After a saved cell, the next question of the same form; after the last, the new row."""
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else self.model.rowCount() - 1
        if column + 1 < self.model.columnCount():
            self._next = (row, column + 1)
        else:
            self._next = (row + 1, 1)

    def _match(self, name: str) -> int | bool | None:
        with self.ctx.db.session() as session:
            matches = surveys.match_names(session, [name])
        if matches.warnings:
            warn_later(self, TITLE, matches.warnings[0].replace(
                "ответ будет сохранён без имени", "проверьте написание"))  # fmt: skip
            return None
        return matches.ids[0]

    def delete_selected(self) -> None:
        rows = [self.model.row_at(i) for i in self.table.selectionModel().selectedIndexes()]
        ids = sorted({row.id for row in rows if row is not None and row.id is not None})
        if not ids:
            return
        answer = QMessageBox.question(self, TITLE, f"Удалить анкеты: {len(ids)}?")
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(session: Session) -> None:
            from mentor_desk.services.monitoring import delete_responses

            delete_responses(session, ids)

        if run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE, initiator=self):
            self.reload()

    # --- files -------------------------------------------------------------------------------
    def _school(self) -> str:
        from mentor_desk.queries.profile import load_profile

        profile = load_profile(self.ctx.db.reader)
        return (profile.short_name or profile.full_name) if profile else ""

    def print_blank(self) -> None:
        from mentor_desk.documents.survey_form import survey_form
        from mentor_desk.domain.dates import AcademicYear
        from mentor_desk.ui.document_preview import show_document

        year = f"{AcademicYear(self.year_start).label} учебный год"
        document = survey_form(surveys.questionnaire(), self.role, school=self._school(), year=year)
        who = "наставляемого" if self.role == "mentee" else "наставника"
        dialog = show_document(self, document, f"Бланк анкеты {who}", f"Анкета {who}", wait=False)
        dialog.setObjectName("surveyBlankPreview")

    def save_template(self) -> None:
        from mentor_desk.exchange.export import ExportError
        from mentor_desk.exchange.surveys import write_template
        from mentor_desk.ui.files import choose_save

        who = "наставляемых" if self.role == "mentee" else "наставников"
        path = choose_save(self, "surveys", "Таблица для ответов", f"Анкеты {who}.xlsx")
        if path is None:
            return
        try:
            write_template(path, surveys.questionnaire(), self.role)
        except (ExportError, OSError) as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return
        QMessageBox.information(self, TITLE, f"Таблица сохранена: {path}")

    def import_file(self, path: Path | None = None) -> SurveyImportDialog | None:
        """Read a file of answers into a preview; nothing is stored unless the user accepts."""
        from mentor_desk.exchange.reading import FileProblem
        from mentor_desk.exchange.surveys import read_answers
        from mentor_desk.ui.files import TABLE_FILTER, choose_open

        if path is None:
            path = choose_open(self, "surveys", "Ответы на анкету", TABLE_FILTER)
            if path is None:
                return None
        try:
            preview = read_answers(path, surveys.questionnaire(), self.role)
        except (FileProblem, SurveyError, OSError) as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return None
        source = f"import:{path.name}"
        already = sum(1 for r in reads.responses(self.ctx.db.reader, self.year_start, self.role)
                      if r.source == source)  # fmt: skip
        if already:
            answer = QMessageBox.question(
                self, TITLE, f"Файл «{path.name}» уже загружали в этом году: {already} анкет. "
                "Загрузить его ещё раз? Повторная загрузка добавит те же ответы второй раз.",
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return None
        with self.ctx.db.session() as session:
            matches = surveys.match_names(session, [r.name for r in preview.rows])
        dialog = SurveyImportDialog(path, preview, matches.ids, matches.warnings, self)
        dialog.accepted.connect(lambda: self._store_import(path, preview, matches.ids))
        dialog.open()
        return dialog

    def _store_import(self, path: Path, preview: SurveyPreview, ids: list[int | None]) -> None:
        role, year = self.role, self.year_start

        def work(session: Session) -> int:
            result = surveys.import_answers(
                session, year, role, preview.rows, source=f"import:{path.name}",
                participant_ids=ids,
            )  # fmt: skip
            return len(result.ids)

        outcome = run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE,
                             refused=(MonitoringError, SurveyError), initiator=self)  # fmt: skip
        if outcome:
            self.reload()
            QMessageBox.information(self, TITLE, f"Загружено анкет: {outcome.value}")


class _ErrorsModel(ListTableModel[tuple[str, str, str, str]]):
    headers = ("Строка", "Столбец", "Значение", "Что не так")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return row[index.column()]


class SurveyImportDialog(QDialog):
    """What the file holds before anything is stored: good rows, every bad cell by name."""

    def __init__(
        self,
        path: Path,
        preview: SurveyPreview,
        ids: list[int | None],
        warnings: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("surveyImport")
        self.setWindowTitle(f"Загрузка анкет: {path.name}")
        self.resize(900, 560)
        named = sum(pid is not None for pid in ids)
        lines = [
            f"Анкет к загрузке: {len(preview.rows)} (из них с именем из реестра: {named}).",
            f"Строк с ошибками: {len({e.row for e in preview.errors})} — они не будут загружены."
            if preview.errors
            else "Ошибок нет.",
            *preview.notes,
            *warnings,
        ]
        text = QLabel("<br>".join(_escape(line) for line in lines))
        text.setObjectName("surveyImportSummary")
        text.setWordWrap(True)
        self.errors = _ErrorsModel(self)
        self.errors.load((str(e.row), e.column, e.value, e.message) for e in preview.errors)
        view = QTableView()
        view.setObjectName("surveyImportErrors")
        view.setModel(self.errors)
        view.verticalHeader().hide()
        view.setWordWrap(True)
        view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.load_button = buttons.addButton(
            f"Загрузить {len(preview.rows)}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.load_button.setObjectName("surveyImportAccept")
        self.load_button.setEnabled(bool(preview.rows))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def answers_of(rows: Mapping[str, Any]) -> dict[str, Any]:
    return dict(rows)
