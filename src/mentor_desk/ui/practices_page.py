"""«Лучшие практики наставничества»: the curator's cases of the year, for the analytic report
and the municipality's database of best practices.

The year's practices in a list on the left (in the curator's order, «Выше» and «Ниже» move
one); the chosen practice in an editor on the right: its title, the form of mentoring, what
was done and the results. «Добавить» starts a new one in the editor; «Сохранить» (Ctrl+S)
stores what the editor holds, «Удалить» removes the chosen one after asking. Unsaved
changes are not lost: choosing another practice or another year asks first. Every write is
one run_action() calling services.practices; a refusal (no title, a text too long) is shown
under the editor, and the text typed stays there to be put right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.pairs import Form
from mentor_desk.queries import practices as reads
from mentor_desk.queries.practices import PracticeRow
from mentor_desk.services import practices as service
from mentor_desk.services.practices import TEXT_MAX, TITLE_MAX, PracticeError
from mentor_desk.ui.actions import Outcome, run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.stage_base import HintTableView, StagePage
from mentor_desk.ui.tables import Index, ListTableModel
from mentor_desk.ui.widgets import ERROR_STYLE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")

ID_ROLE = Qt.ItemDataRole.UserRole
COL_TITLE, COL_FORM = range(2)

TITLE = "Лучшие практики наставничества"
EXPLANATION = (
    "Лучшая практика (кейс) — удачный опыт наставничества школы за учебный год. Практики "
    "войдут в итоговый аналитический отчёт и в пакет для муниципалитета."
)
EMPTY_HINT = (
    "Опишите удачный опыт наставничества этого года: что сделали, с кем, какой получили "
    "результат — муниципалитет собирает лучшие практики школ."
)
NO_FORM = "— не указана —"
DESCRIPTION_HINT = (
    "Что сделали и с кем: участники, формат и периодичность встреч, чем практика "
    "отличается от обычной работы"
)
RESULTS_HINT = "Какой получили результат, лучше в цифрах: сколько участников, призёров, баллов"
NEW_TITLE = "Новая практика"
PREVIEW_CHARS = 300  # of the description in a row's tooltip


@dataclass(frozen=True)
class Draft:
    """What the editor holds."""

    title: str = ""
    form: str = ""
    description: str = ""
    results: str = ""

    @classmethod
    def of(cls, row: PracticeRow) -> Draft:
        return cls(row.title, row.form, row.description, row.results)

    def cleaned(self) -> Draft:
        """As the service would store it: an edit that only adds spaces changes nothing."""
        return Draft(
            service.clean_line(self.title),
            self.form,
            service.clean_text(self.description),
            service.clean_text(self.results),
        )


class PracticesModel(ListTableModel[PracticeRow]):
    """The year's practices: the title and the form's label."""

    headers = ("Практика", "Форма наставничества")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_TITLE:
                return row.title
            return row.form_label or NO_FORM
        if role == Qt.ItemDataRole.ToolTipRole:
            text = row.description
            if len(text) > PREVIEW_CHARS:
                text = text[:PREVIEW_CHARS].rstrip() + "…"
            return f"{row.title}\n\n{text}" if text else row.title
        if role == ID_ROLE:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_of(self, practice_id: int) -> int | None:
        for i, row in enumerate(self.rows):
            if row.id == practice_id:
                return i
        return None


class Counter(QLabel):
    """«123 / 4000» under a field, red past the limit: the curator sees it before saving."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.show_count(0)

    def show_count(self, n: int) -> None:
        self.setText(f"{n} / {self.limit}")
        over = n > self.limit
        self.setStyleSheet(ERROR_STYLE if over else "color: palette(placeholder-text);")
        self.setToolTip(f"Не более {self.limit} знаков" + (": сократите текст" if over else ""))


def _text_edit(hint: str, accessible: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(hint)
    edit.setToolTip(hint)
    edit.setAccessibleName(accessible)
    edit.setTabChangesFocus(True)  # Tab goes to the next field, as in a form
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return edit


class PracticesPage(StagePage):
    """The best practices of the year: the list and the editor of the chosen one."""

    SHOWS = Changes.MONITORING
    TITLE = TITLE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("practicesPage")
        self.editing_id: int | None = None  # None: a new practice (or nothing) in the editor
        self.saved = Draft()  # what the editor held when last loaded or saved
        self._loading = False
        self._shown_year: int | None = None  # the year the list holds

        heading = QLabel(TITLE)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        self.explanation = QLabel(EXPLANATION)
        self.explanation.setWordWrap(True)

        # --- the list -------------------------------------------------------------------
        self.model = PracticesModel(self)
        self.view = HintTableView()
        self.view.setObjectName("practicesList")
        self.view.setModel(self.model)
        self.view.set_hint(EMPTY_HINT)
        self.view.setAccessibleName("Практики года")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        # a year has a handful of practices: whole titles, wrapped, are worth the height
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FORM, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)

        self.add_button = QPushButton("Добавить")
        self.add_button.setToolTip("Начать описание новой практики этого учебного года")
        self.add_button.clicked.connect(self.start_new)
        self.up_button = QPushButton("Выше")
        self.up_button.setToolTip("Поднять выбранную практику в списке (Ctrl+↑)")
        self.up_button.clicked.connect(lambda: self.move_chosen(-1))
        self.down_button = QPushButton("Ниже")
        self.down_button.setToolTip("Опустить выбранную практику в списке (Ctrl+↓)")
        self.down_button.clicked.connect(lambda: self.move_chosen(1))
        for keys, offset in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            move = QAction(self.view)
            move.setShortcut(QKeySequence(keys))
            move.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            move.triggered.connect(lambda _=False, o=offset: self.move_chosen(o))
            self.view.addAction(move)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.up_button)
        list_buttons.addWidget(self.down_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addLayout(list_buttons)

        # --- the editor -----------------------------------------------------------------
        self.editor = QGroupBox(NEW_TITLE)
        self.editor.setObjectName("practiceEditor")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("practiceTitle")
        self.title_edit.setPlaceholderText(
            "Например: «Клуб юных инженеров: старшеклассники готовят семиклассников»"
        )
        self.title_edit.setAccessibleName("Название практики")
        self.title_edit.setClearButtonEnabled(True)
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("practiceForm")
        self.form_combo.setAccessibleName("Форма наставничества")
        self.form_combo.addItem(NO_FORM, "")
        for form in Form:
            self.form_combo.addItem(form.label, form.value)
        self.description_edit = _text_edit(DESCRIPTION_HINT, "Содержание практики")
        self.description_edit.setObjectName("practiceDescription")
        self.results_edit = _text_edit(RESULTS_HINT, "Результаты практики")
        self.results_edit.setObjectName("practiceResults")
        self.title_count = Counter(TITLE_MAX)
        self.description_count = Counter(TEXT_MAX)
        self.results_count = Counter(TEXT_MAX)

        self.error_label = QLabel()
        self.error_label.setObjectName("practiceError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.save_button = QPushButton("Сохранить")
        self.save_button.setToolTip("Сохранить практику (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton("Удалить")
        self.delete_button.setToolTip("Удалить выбранную практику")
        self.delete_button.clicked.connect(self.delete_chosen)
        self.save_action = QAction("Сохранить", self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)

        form_layout = QFormLayout()
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_layout.addRow("Название:", self._with_counter(self.title_edit, self.title_count))
        form_layout.addRow("Форма наставничества:", self.form_combo)
        form_layout.addRow(
            "Содержание:", self._with_counter(self.description_edit, self.description_count)
        )
        form_layout.addRow("Результаты:", self._with_counter(self.results_edit, self.results_count))
        editor_buttons = QHBoxLayout()
        editor_buttons.addStretch(1)
        editor_buttons.addWidget(self.save_button)
        editor_buttons.addWidget(self.delete_button)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.addLayout(form_layout, 1)
        editor_layout.addWidget(self.error_label)
        editor_layout.addLayout(editor_buttons)

        self.title_edit.textChanged.connect(self._edited)
        self.form_combo.currentIndexChanged.connect(self._edited)
        self.description_edit.textChanged.connect(self._edited)
        self.results_edit.textChanged.connect(self._edited)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 660])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.explanation)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    @staticmethod
    def _with_counter(editor: QWidget, counter: QLabel) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(editor, 1)
        column.addWidget(counter)
        return box

    # --- the editor's state -------------------------------------------------------------------

    def draft(self) -> Draft:
        return Draft(
            self.title_edit.text(),
            str(self.form_combo.currentData() or ""),
            self.description_edit.toPlainText(),
            self.results_edit.toPlainText(),
        )

    def has_changes(self) -> bool:
        """Whether the editor holds something not stored (a new practice: anything typed)."""
        return self.draft().cleaned() != self.saved.cleaned()

    def _fill(self, draft: Draft, practice_id: int | None) -> None:
        self._loading = True
        try:
            self.editing_id = practice_id
            self.saved = draft
            self.title_edit.setText(draft.title)
            self.title_edit.setCursorPosition(0)  # a long title read from its start
            at = self.form_combo.findData(draft.form)
            if at < 0 and draft.form:  # a form this version does not know: shown as stored
                self.form_combo.addItem(draft.form, draft.form)
                at = self.form_combo.count() - 1
            self.form_combo.setCurrentIndex(max(at, 0))
            self.description_edit.setPlainText(draft.description)
            self.results_edit.setPlainText(draft.results)
        finally:
            self._loading = False
        self._show_error(None)
        self._edited()

    def _edited(self, *_args: object) -> None:
        draft = self.draft()
        self.title_count.show_count(len(service.clean_line(draft.title)))
        self.description_count.show_count(len(service.clean_text(draft.description)))
        self.results_count.show_count(len(service.clean_text(draft.results)))
        if not self._loading:
            self._update_buttons()

    def _update_buttons(self) -> None:
        changed = self.has_changes()
        chosen = self.editing_id is not None
        self.save_button.setEnabled(changed)
        self.delete_button.setEnabled(chosen)
        row = self.model.row_of(self.editing_id) if self.editing_id is not None else None
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < self.model.rowCount() - 1)
        if chosen:
            title = self.saved.title or NEW_TITLE
            self.editor.setTitle(f"{title} — изменена, не сохранена" if changed else title)
        else:
            self.editor.setTitle(NEW_TITLE)

    def _show_error(self, message: str | None) -> None:
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))

    # --- reading --------------------------------------------------------------------------

    def set_year(self, year_start: int) -> None:
        """Show another year; unsaved changes are saved or dropped first, as the curator
        answers. A save the rules refuse keeps the page on its year, the message shown."""
        if year_start != self.year_start and not self.keep_changes(ask_cancel=False):
            return
        super().set_year(year_start)

    def refresh(self) -> None:
        """Read the year's practices again; the chosen one stays chosen, and what the
        editor holds unsaved stays in it."""
        self.dirty = False
        year_changed = self._shown_year != self.year_start
        keep = None if year_changed else self.editing_id
        unsaved = not year_changed and self.has_changes()
        rows = reads.practices(self.ctx.db.reader, self.year_start)
        self._loading = True
        try:
            self.model.load(rows)
        finally:
            self._loading = False
        self._shown_year = self.year_start
        self.loaded = True
        self.explanation.setText(f"{EXPLANATION} Учебный год: {self.year.label}.")
        if keep is not None and self.model.row_of(keep) is not None:
            self._select(keep, load=not unsaved)
        elif unsaved and keep is not None:
            # deleted elsewhere while being edited: the text stays, to be added again
            self.editing_id, self.saved = None, Draft()
            self._update_buttons()
            self._show_error(
                "Эту практику удалили в другом окне. Текст остался в редакторе: "
                "«Сохранить» добавит её снова."
            )
        elif unsaved:
            self._update_buttons()  # a new practice being typed: left as it is
        elif rows:
            self._select(rows[0].id)
        else:
            self._fill(Draft(), None)  # nothing yet: the editor is ready for the first one

    def _select(self, practice_id: int, load: bool = True) -> None:
        row = self.model.row_of(practice_id)
        if row is None:
            return
        index = self.model.index(row, COL_TITLE)
        self._loading = True  # the row is chosen by the page: _row_changed must not ask
        try:
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._loading = False
        self.view.scrollTo(index)
        if load:
            self._fill(Draft.of(self.model.rows[row]), practice_id)
        else:
            self.editing_id = practice_id
            self.saved = Draft.of(self.model.rows[row])
            self._update_buttons()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        row = self.model.row_at(current)
        if row is None or row.id == self.editing_id:
            return
        if self.has_changes():
            # asked after the click: saving re-reads the list, not inside its signal
            QTimer.singleShot(0, lambda: self._go_to(row.id))
        else:
            self._select(row.id)

    def _go_to(self, practice_id: int) -> None:
        if self.keep_changes():
            self._select(practice_id)
        elif self.editing_id is not None and self.model.row_of(self.editing_id) is not None:
            self._select(self.editing_id, load=False)  # Cancel: back to the one edited
        else:
            self._loading = True
            try:
                self.view.selectionModel().clear()
            finally:
                self._loading = False

    def keep_changes(self, ask_cancel: bool = True) -> bool:
        """Before the editor shows something else: unsaved changes saved or dropped as the
        curator says; False to stay (Cancel, or a save that was refused)."""
        if not self.has_changes():
            return True
        title = service.clean_line(self.draft().title) or NEW_TITLE.lower()
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        if ask_cancel:
            buttons |= QMessageBox.StandardButton.Cancel
        answer = QMessageBox.question(
            self,
            TITLE,
            f"Практика «{title}» изменена. Сохранить изменения?",
            buttons,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            return self.save()
        if answer == QMessageBox.StandardButton.No:
            self.saved = self.draft()  # dropped: nothing to keep any more
            return True
        return False

    # --- the writes -----------------------------------------------------------------------

    def _run(self, work: Callable[[Session], T]) -> Outcome[T]:
        return run_action(
            self,
            self.ctx,
            Changes.MONITORING,
            work,
            title=TITLE,
            refused=PracticeError,
            initiator=self,
            on_refused=self._refused,
        )

    def _refused(self, exc: Exception) -> None:
        """The message under the editor, and the cursor in the field it is about."""
        message = str(exc)
        self._show_error(message)
        fields: tuple[tuple[str, QWidget], ...] = (
            ("Назван", self.title_edit),
            ("Практика «", self.title_edit),
            ("Описание", self.description_edit),
            ("Результат", self.results_edit),
            ("форма", self.form_combo),
        )
        for word, field in fields:
            if word in message:
                field.setFocus()
                break

    def start_new(self) -> None:
        """An empty editor for a new practice of the year (after asking about changes)."""
        if not self.keep_changes():
            return
        self._loading = True
        try:
            self.view.selectionModel().clear()
        finally:
            self._loading = False
        self._fill(Draft(), None)
        self.title_edit.setFocus()

    def save(self) -> bool:
        """Store the editor's practice: a new one at the end of the year's list. Returns
        whether it is stored (nothing to store counts as stored)."""
        if not self.has_changes():
            return True
        draft = self.draft()
        year, practice_id = self.year_start, self.editing_id
        if practice_id is None:
            outcome: Outcome[Any] = self._run(
                lambda s: service.add_practice(
                    s, year, draft.title, draft.form, draft.description, draft.results
                )
            )
            saved_id = outcome.value if outcome else None
        else:
            outcome = self._run(
                lambda s: service.edit_practice(
                    s, practice_id, draft.title, draft.form, draft.description, draft.results
                )
            )
            saved_id = practice_id if outcome else None
        if saved_id is None:
            return False
        self.editing_id = saved_id
        self.saved = draft
        self.refresh()
        return True

    def delete_chosen(self) -> None:
        practice_id = self.editing_id
        if practice_id is None:
            return
        title = self.saved.title
        answer = QMessageBox.question(
            self,
            TITLE,
            f"Удалить практику «{title}»? Её описание и результаты будут удалены.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        row = self.model.row_of(practice_id) or 0
        if not self._run(lambda s: service.delete_practice(s, practice_id)):
            return
        self.saved = self.draft()  # the deleted practice's text is not «unsaved»
        self.editing_id = None
        self.refresh()
        if self.model.rows:  # the next one takes its place
            self._select(self.model.rows[min(row, len(self.model.rows) - 1)].id)
        self.view.setFocus()

    def move_chosen(self, offset: int) -> None:
        practice_id = self.editing_id
        if practice_id is None:
            return
        if self._run(lambda s: service.move_practice(s, practice_id, offset)):
            self.refresh()
            self.view.setFocus()
