"""Dialogs of the roadmap: the roadmap itself, an item, done, bulk responsible and deadline.

The dialogs collect and check what the curator typed and show each message next to its
field; the caller runs the service in one ctx.action() (through `submit`, which may keep
the dialog open with everything typed when the service refuses).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import DateFormatError, format_date, parse_date
from mentor_desk.domain.deadlines import parse_deadline
from mentor_desk.domain.roadmap import (
    FIRST_YEAR,
    LAST_YEAR,
    TITLE_PERIOD,
    ItemRow,
    ItemStatus,
    Template,
    check_period,
    dates_outside,
    done_on_problem,
    due_outside_period,
    item_due,
    period_problem,
    template_period,
)
from mentor_desk.domain.text import count_ru, fold
from mentor_desk.queries.roadmap import RoadmapInfo
from mentor_desk.ui.form_dialog import HINT_STYLE, FormDialog, read_date
from mentor_desk.ui.widgets import FieldWithError, date_edit

ERROR_COLOR = "#b3261e"
WARNING_STYLE = "color: #8a4b00;"
EMPTY_TEMPLATE = "Пустая"
FOLDER_NOTE = (
    "Свой шаблон муниципалитета — файл JSON в том же формате, что встроенные (описание — "
    "README.md в папке шаблонов). Положите его в папку: он появится в списке."
)


def default_title(start_year: int, end_year: int) -> str:
    return f"Дорожная карта наставничества на {start_year}-{end_year} годы"


def _hint(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if name:
        label.setObjectName(name)
    return label


def _box(*parts: QWidget | QLayout) -> QWidget:
    """Widgets and layouts one under another, as one field of a form.

    A wrapped hint in a box is as high as its text at its width; as a row of its own in
    a QFormLayout it is given the height of its text wrapped narrower, and gaps open.
    """
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    for part in parts:
        if isinstance(part, QLayout):
            column.addLayout(part)
        else:
            column.addWidget(part)
    return box


def _text_box(name: str, height: int, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    box.setPlaceholderText(placeholder)
    return box


def describe_deadline(text: str, due_text: str, start_year: int, end_year: int, today: date) -> str:
    """What the date of an item will be, as the curator types its deadline."""
    typed, problem = read_date(due_text)
    deadline = parse_deadline(text, start_year, end_year)
    found = item_due(None if problem else typed, deadline, today)
    if found.due is not None and not found.derived:
        return f"Срок задан вручную: {format_date(found.due)} (текст срока остаётся как написан)"
    if not text.strip():
        return "Срок не указан: мероприятие не будет просрочено"
    if found.due is None:
        return f"Дата из текста не выводится — {found.explanation}. Если дата нужна, укажите её"
    if deadline.occurrences:
        return f"→ ближайший срок {format_date(found.due)}; {found.explanation}"
    return f"→ {format_date(found.due)}: {found.explanation}"


# --- the roadmap ---------------------------------------------------------------------------


class RoadmapDialog(FormDialog):
    """A new roadmap (title, period, template) or the title and period of an existing one.

    Creating: the template's own period (domain.roadmap.template_period) is shown, and is
    the default period while it still runs and the curator has not set one; when the chosen
    period does not cover the template's dated deadlines, a warning says they will stay
    text. «Папка шаблонов…» opens the user's folder of templates (made on demand); `scan`
    reads the templates again when the dialog is back in front after that.
    """

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        start_year: int,
        *,
        templates: Sequence[Template] | None = None,
        template_errors: Sequence[str] = (),
        user_templates: Collection[str] = (),
        scan: Callable[[], tuple[list[Template], list[str], set[str]]] | None = None,
        roadmap: RoadmapInfo | None = None,
        submit: Callable[[Any], bool] | None = None,
    ) -> None:
        creating = roadmap is None
        title = "Новая дорожная карта" if creating else "Название и период дорожной карты"
        super().__init__(parent, title, submit)
        self.today = today
        self.templates = list(templates or [])
        self.user_templates = set(user_templates)
        self._scan = scan
        self._rescan_pending = False
        self._school_start = start_year
        self._period_by_hand = not creating  # an existing roadmap's period is the curator's
        self._setting_period = False
        self.title = QLineEdit()
        self.start = QSpinBox()
        self.end = QSpinBox()
        for spin in (self.start, self.end):
            spin.setRange(FIRST_YEAR, LAST_YEAR)
            spin.setMaximumWidth(100)
        if roadmap is not None:
            self.start.setValue(roadmap.start_year)
            self.end.setValue(roadmap.end_year)
            self.title.setText(roadmap.title)
        else:
            self.start.setValue(start_year)
            self.end.setValue(start_year + 2)
            self.title.setText(default_title(start_year, start_year + 2))
        self._shown_default = default_title(self.start.value(), self.end.value())
        # The hints sit in boxes under their fields (_box): see there why.
        self.template: QComboBox | None = None
        self.template_info: QLabel | None = None
        self.template_errors: QLabel | None = None
        if creating:
            self.template = QComboBox()
            self.template.setObjectName("template")
            self.template_info = _hint(name="template_info")
            self.template_errors = _hint(name="template_errors")
            self.template_errors.setStyleSheet(f"color: {ERROR_COLOR};")
            self.folder_button = QPushButton("Папка шаблонов…")
            self.folder_button.setObjectName("templatesFolder")
            self.folder_button.setToolTip(
                "Открыть папку, куда кладут свои шаблоны дорожных карт (файлы JSON)"
            )
            self.folder_button.clicked.connect(self.open_templates_folder)
            folder_row = QHBoxLayout()
            folder_row.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignTop)
            folder_row.addWidget(_hint(FOLDER_NOTE, "folder_note"), 1)
            self.form.addRow(
                "Шаблон",
                _box(self.template, self.template_info, self.template_errors, folder_row),
            )
        self._add("title", "Название*", self.title)
        period = QWidget()
        row = QHBoxLayout(period)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("с 1 сентября"))
        row.addWidget(self.start)
        row.addWidget(QLabel("  по 31 августа"))
        row.addWidget(self.end)
        row.addStretch()
        self.start.setObjectName("start_year")
        self.end.setObjectName("end_year")
        self.period_field = FieldWithError(period)
        self.fields["period"] = self.period_field
        self.period_hint = _hint(name="period_hint")
        self.period_warning = _hint(name="period_warning")
        self.period_warning.setStyleSheet(WARNING_STYLE)
        self.period_warning.hide()
        self.form.addRow("Период*", _box(self.period_field, self.period_hint, self.period_warning))
        self.start.valueChanged.connect(self._period_edited)
        self.end.valueChanged.connect(self._period_edited)

        if self.template is not None:  # the template first: the period follows it
            self._fill_templates(self.templates, list(template_errors), None)
            self.template.currentIndexChanged.connect(self._template_chosen)
            self._template_chosen()
            self.ok_button.setText("Создать")
        self._period_changed()
        self.setMinimumWidth(620)

    # --- templates -------------------------------------------------------------------
    def _fill_templates(
        self, templates: Sequence[Template], errors: Sequence[str], keep: str | None
    ) -> None:
        assert self.template is not None and self.template_errors is not None
        self.templates = list(templates)
        self.template.blockSignals(True)
        self.template.clear()
        for template in self.templates:
            own = " (свой)" if template.key in self.user_templates else ""
            self.template.addItem(template.title + own, template.key)
        self.template.addItem(EMPTY_TEMPLATE, None)
        index = self.template.findData(keep) if keep is not None else 0
        self.template.setCurrentIndex(max(index, 0))
        self.template.blockSignals(False)
        self.template_errors.setText(
            "Не все шаблоны удалось прочитать:\n" + "\n".join(errors) if errors else ""
        )
        self.template_errors.setVisible(bool(errors))

    def open_templates_folder(self) -> Path | None:
        """The user's folder of templates in the file manager (made if missing)."""
        from mentor_desk.services.roadmap_templates import open_user_folder

        try:
            folder = open_user_folder()
        except OSError as exc:
            QMessageBox.warning(self, self.windowTitle(), f"Не удалось создать папку: {exc}")
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            QMessageBox.information(self, self.windowTitle(), f"Папка шаблонов: {folder}")
        self._rescan_pending = self._scan is not None
        return folder

    def rescan(self) -> None:
        """Read the templates again (a file added to the folder shows at once)."""
        if self._scan is None or self.template is None:
            return
        templates, errors, users = self._scan()
        self.user_templates = set(users)
        self._fill_templates(templates, errors, self.template.currentData())
        self._template_chosen()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self._rescan_pending
        ):
            self._rescan_pending = False
            self.rescan()

    def selected_template(self) -> Template | None:
        if self.template is None:
            return None
        key = self.template.currentData()
        return next((t for t in self.templates if t.key == key), None)

    def _template_chosen(self) -> None:
        """Show the template; its own period becomes the default while it still runs."""
        chosen = self.selected_template()
        own = template_period(chosen) if chosen is not None else None
        if not self._period_by_hand:
            start, end = self._school_start, self._school_start + 2
            if own is not None and self._usable(own.start_year, own.end_year):
                start, end = own.start_year, own.end_year
            self._set_period(start, end)
        self._show_template()

    def _usable(self, start: int, end: int) -> bool:
        """A template's period can be the default: a valid period that has not ended."""
        return period_problem(start, end, self.today) is None and date(end, 8, 31) >= self.today

    def _set_period(self, start: int, end: int) -> None:
        self._setting_period = True
        try:
            self.start.setValue(start)
            self.end.setValue(end)
        finally:
            self._setting_period = False
        self._period_changed()

    def _show_template(self) -> None:
        if self.template_info is None:
            return
        chosen = self.selected_template()
        if chosen is None:
            self.template_info.setText(
                "Пустая дорожная карта: мероприятия добавите сами кнопкой «Добавить…»."
            )
            return
        sections = [s for s in chosen.sections() if s]
        parts = [count_ru(len(chosen.items), "мероприятие", "мероприятия", "мероприятий")]
        if sections:
            parts.append(count_ru(len(sections), "раздел", "раздела", "разделов"))
        own = template_period(chosen)
        if own is not None:
            where = "по названию" if own.found_in == TITLE_PERIOD else "по датам в сроках"
            parts.append(f"составлен на {own.label} годы ({where})")
        mine = ""
        if chosen.key in self.user_templates:
            mine = "\nСвой шаблон из папки шаблонов."
        self.template_info.setText(
            f"{', '.join(parts)}. Тексты — слово в слово из документа:\n{chosen.source}{mine}"
        )

    def _show_outside(self) -> None:
        """Warn when the chosen period leaves some of the template's dates outside it."""
        chosen = self.selected_template()
        start, end = self.start.value(), self.end.value()
        count = 0
        if chosen is not None and check_period(start, end) is None:
            count = dates_outside(chosen, start, end)
        self.period_warning.setVisible(bool(count))
        if not count:
            return
        own = template_period(chosen) if chosen is not None else None
        made_for = f" (шаблон составлен на {own.label} годы)" if own is not None else ""
        items = count_ru(count, "мероприятия", "мероприятий", "мероприятий")
        self.period_warning.setText(
            f"Период {start}-{end} не охватывает даты шаблона{made_for}: сроки с годами вне "
            f"периода останутся текстом — задайте их заново (у {items})."
        )

    # --- the period ------------------------------------------------------------------
    def _period_edited(self) -> None:
        if not self._setting_period:
            self._period_by_hand = True
            self._period_changed()

    def _period_changed(self) -> None:
        start, end = self.start.value(), self.end.value()
        if self.title.text().strip() == self._shown_default:
            # Until the title is typed by hand, it follows the period.
            self.title.setText(default_title(start, end))
        self._shown_default = default_title(start, end)
        if check_period(start, end) is None:
            years = count_ru(end - start, "учебный год", "учебных года", "учебных лет")
            self.period_hint.setText(f"{start}-{end}: {years}")
        else:
            self.period_hint.setText("")
        self._show_outside()
        self._recheck()

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.title.text().strip():
            errors["title"] = "Укажите название дорожной карты"
        start, end = self.start.value(), self.end.value()
        problem = period_problem(start, end, self.today)
        if problem:
            errors["period"] = problem
        return errors

    def values(self) -> tuple[str, int, int, str | None]:
        """Title, start year, end year, the template's key (None: empty)."""
        key = self.template.currentData() if self.template is not None else None
        return " ".join(self.title.text().split()), self.start.value(), self.end.value(), key


# --- people --------------------------------------------------------------------------------


class StaffChecklist(QWidget):
    """The school's staff to tick, with a search line; ids in Qt.UserRole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("staffSearch")
        self.search.setPlaceholderText("Найти по фамилии…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("staffList")
        self.list.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._filter)

    def set_people(
        self,
        staff: Sequence[tuple[int, str]],
        checked: Iterable[int] = (),
        others: Sequence[tuple[int, str]] = (),
    ) -> None:
        """Staff to choose from; `others` are persons already chosen who are not staff now
        (archived, or changed category): shown, ticked, marked."""
        ticked = set(checked)
        self.list.clear()
        known = {pid for pid, _ in staff}
        rows = [(pid, name) for pid, name in others if pid not in known]
        for pid, name in [*rows, *staff]:
            label = name if pid in known else f"{name} (в архиве или не сотрудник)"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pid in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self._sort_checked_first()

    def _sort_checked_first(self) -> None:
        items = [self.list.takeItem(0) for _ in range(self.list.count())]
        items.sort(key=lambda i: i.checkState() != Qt.CheckState.Checked)
        for item in items:
            self.list.addItem(item)

    def _filter(self) -> None:
        words = fold(self.search.text()).split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            text = fold(item.text())
            item.setHidden(not all(w in text for w in words))

    def checked_ids(self) -> list[int]:
        return [
            int(self.list.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.list.count())
            if self.list.item(r).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, person_id: int, on: bool = True) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == person_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(person_id)


# --- an item -------------------------------------------------------------------------------


class ItemDialog(FormDialog):
    """All the fields of one activity; for a new one (item None) in a given section."""

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        roadmap: RoadmapInfo,
        staff: Sequence[tuple[int, str]],
        sections: Sequence[str],
        item: ItemRow | None = None,
        section: str = "",
        submit: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent, "Новое мероприятие" if item is None else "Мероприятие", submit)
        self.today, self.roadmap, self.item = today, roadmap, item
        self.initial_people = frozenset(item.responsible_ids) if item else frozenset()

        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        right.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above
        columns = QHBoxLayout()
        for form, stretch in ((left, 3), (right, 2)):
            box = QVBoxLayout()
            box.addLayout(form)
            box.addStretch()  # the rows keep their heights; the space goes below them
            columns.addLayout(box, stretch)
            if form is left:
                columns.addSpacing(12)
        self.main_layout.insertLayout(0, columns)

        self.section = QComboBox()
        self.section.setEditable(True)
        self.section.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for name in sections:
            if name:
                self.section.addItem(name)
        self.section.setCurrentText(item.section if item else section)
        line = self.section.lineEdit()
        if line is not None:
            line.setPlaceholderText("без раздела")
        self._add("section", "Раздел / этап", self.section, left)
        self.activity = _text_box("activity", 96, "Что нужно сделать")
        self._add("activity", "Мероприятие*", self.activity, left)
        self.deadline = QLineEdit()
        self.deadline.setPlaceholderText("как в документе: «до 10 декабря», «1 раз в квартал»")
        self._add("deadline_text", "Срок (текстом)", self.deadline, left)
        self.due = date_edit()
        self._add("due_on", "Дата срока", self.due, left)
        self.preview = _hint(name="deadline_preview")
        self.preview.setMinimumHeight(34)
        left.addRow("", self.preview)
        self.status = QComboBox()
        for status in ItemStatus:
            self.status.addItem(status.label, status.value)
        self._add("status", "Состояние", self.status, left)
        self.done_on = date_edit()
        self._add("done_on", "Дата выполнения", self.done_on, left)
        self.note = _text_box("note", 60, "Подтверждение: приказ, протокол, ссылка на сайт…")
        self._add("note", "Примечание", self.note, left)

        self.people = StaffChecklist()
        self.people.setObjectName("responsible")
        self.people.list.setMinimumHeight(150)
        self.fields["responsible"] = FieldWithError(self.people)
        right.addRow("Ответственные из реестра (педагоги, руководители)",
                      self.fields["responsible"])  # fmt: skip
        self.outsiders = QLineEdit()
        self.outsiders.setPlaceholderText("например: классные руководители, ИРО")
        self._add("responsible_text", "Другие ответственные (текстом)", self.outsiders, right)
        self.expected = _text_box("expected_result", 60)  # not self.result: QDialog.result()
        self._add("expected_result", "Ожидаемый результат", self.expected, right)
        self.indicator = _text_box("indicator", 60)
        self._add("indicator", "Показатель", self.indicator, right)

        others = list(item.responsible) if item else []
        self.people.set_people(staff, self.initial_people, others)
        if item is not None:
            self.activity.setPlainText(item.activity)
            self.deadline.setText(item.deadline_text)
            if item.due is not None and not item.due_derived:
                self.due.setText(format_date(item.due))
            self.status.setCurrentIndex(self.status.findData(item.status.value))
            self.done_on.setText(format_date(item.done_on))
            self.note.setPlainText(item.note)
            self.outsiders.setText(item.responsible_text)
            self.expected.setPlainText(item.expected_result)
            self.indicator.setPlainText(item.indicator)
        self.deadline.textChanged.connect(self._show_deadline)
        self.due.textChanged.connect(self._show_deadline)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self._show_deadline()
        self.setMinimumWidth(920)

    def _show_deadline(self) -> None:
        self.preview.setText(
            describe_deadline(
                self.deadline.text(),
                self.due.text(),
                self.roadmap.start_year,
                self.roadmap.end_year,
                self.today,
            )
        )

    def chosen_status(self) -> ItemStatus:
        return ItemStatus(self.status.currentData())

    def _status_changed(self) -> None:
        done = self.chosen_status() is ItemStatus.DONE
        self.done_on.setEnabled(done)
        if done and not self.done_on.text().strip():
            self.done_on.setText(format_date(self.today))
        elif not done:
            self.done_on.clear()

    def errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.activity.toPlainText().strip():
            errors["activity"] = "Укажите мероприятие"
        due, problem = read_date(self.due.text())
        problem = problem or due_outside_period(due, self.roadmap.start_year, self.roadmap.end_year)
        if problem:
            errors["due_on"] = problem
        if self.chosen_status() is ItemStatus.DONE:
            done_on, problem = read_date(self.done_on.text(), "Укажите дату выполнения")
            if problem or (
                done_on is not None and (problem := done_on_problem(done_on, self.today))
            ):
                errors["done_on"] = problem
        return errors

    def values(self) -> dict[str, Any]:
        """Fields for services.roadmap.update_item / add_item; the persons only if changed."""
        values: dict[str, Any] = {
            "section": self.section.currentText(),
            "activity": self.activity.toPlainText(),
            "deadline_text": self.deadline.text(),
            "due_on": parse_date(self.due.text()),
            "responsible_text": self.outsiders.text(),
            "expected_result": self.expected.toPlainText(),
            "indicator": self.indicator.toPlainText(),
            "note": self.note.toPlainText(),
            "status": self.chosen_status(),
            "done_on": (
                parse_date(self.done_on.text()) if self.chosen_status() is ItemStatus.DONE else None
            ),
        }
        people = self.people.checked_ids()
        if self.item is None or set(people) != self.initial_people:
            values["responsible"] = people
        return values


# --- actions on the selected items -----------------------------------------------------


def _count_items(count: int) -> str:
    return count_ru(count, "мероприятие", "мероприятия", "мероприятий")


class DoneDialog(FormDialog):
    """«Отметить выполненным»: one date for the selected items, today by default."""

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        count: int,
        submit: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent, "Отметить выполненным", submit)
        self.today = today
        self.setMinimumWidth(420)
        self.form.addRow(_hint(f"Выбрано: {_count_items(count)}."))
        self.on = date_edit()
        self.on.setText(format_date(today))
        self._add("done_on", "Дата выполнения*", self.on)

    def errors(self) -> dict[str, str]:
        on, problem = read_date(self.on.text(), "Укажите дату выполнения")
        if problem:
            return {"done_on": problem}
        problem = done_on_problem(on, self.today) if on is not None else None
        if problem:
            return {"done_on": problem}
        return {}

    def value(self) -> date:
        on = parse_date(self.on.text())
        assert on is not None
        return on


REPLACE, ADD = "replace", "add"


class ResponsibleDialog(FormDialog):
    """Ответственные for the selected items: the persons (replace or add) and the text."""

    def __init__(
        self,
        parent: QWidget | None,
        staff: Sequence[tuple[int, str]],
        items: Sequence[ItemRow],
        submit: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent, "Ответственные", submit)
        self.items = list(items)
        self.form.addRow(_hint(f"Выбрано: {_count_items(len(items))}."))
        common = frozenset.intersection(*(i.responsible_ids for i in items)) if items else set()
        others = {pid: name for i in items for pid, name in i.responsible if pid in common}
        self.people = StaffChecklist()
        self.people.setObjectName("responsible")
        self.people.set_people(staff, common, list(others.items()))
        self.people.list.setMinimumHeight(200)
        self.form.addRow("Из реестра", self.people)

        mode = QWidget()
        row = QHBoxLayout(mode)
        row.setContentsMargins(0, 0, 0, 0)
        self.replace = QRadioButton("заменить прежних")
        self.replace.setObjectName("replace")
        self.add = QRadioButton("добавить к назначенным")
        self.add.setObjectName("add")
        self.modes = QButtonGroup(self)
        for button in (self.replace, self.add):
            self.modes.addButton(button)
            row.addWidget(button)
        row.addStretch()
        self.replace.setChecked(True)
        self.form.addRow("Отмеченных", mode)

        texts = {i.responsible_text for i in items}
        self.outsiders = QLineEdit()
        self.outsiders.setObjectName("responsible_text")
        if len(texts) == 1:
            self.outsiders.setText(next(iter(texts)))
        else:
            self.outsiders.setPlaceholderText("у выбранных мероприятий разный текст")
        self._initial_text = self.outsiders.text()
        self.form.addRow("Другие (текстом)", self.outsiders)
        self.form.addRow(
            "",
            _hint(
                "Если поле «Другие» не менять, у каждого мероприятия останется свой текст; "
                "очищенное поле убирает его у всех выбранных."
            ),
        )
        self.setMinimumWidth(560)

    def mode(self) -> str:
        return ADD if self.add.isChecked() else REPLACE

    def text(self) -> str | None:
        """The new free text for all the items, or None to keep each item's own."""
        text = self.outsiders.text()
        return None if text == self._initial_text else text

    def person_ids(self) -> list[int]:
        return self.people.checked_ids()


class DeadlineDialog(FormDialog):
    """Срок for the selected items: the text as written and, optionally, a date by hand.

    A field the curator does not touch keeps each item's own value (selected items with
    different deadlines keep them when only the date is set, and the other way round).
    """

    def __init__(
        self,
        parent: QWidget | None,
        today: date,
        roadmap: RoadmapInfo,
        items: Sequence[ItemRow],
        submit: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent, "Срок", submit)
        self.today, self.roadmap, self.items = today, roadmap, list(items)
        self.form.addRow(_hint(f"Выбрано: {_count_items(len(items))}."))
        texts = {i.deadline_text for i in items}
        hand_set = {i.hand_set_due for i in items}
        self.deadline = QLineEdit()
        if len(texts) == 1:
            self.deadline.setText(next(iter(texts)))
            self.deadline.setPlaceholderText("как в документе: «до 10 декабря», «Май 2026»")
        else:
            self.deadline.setPlaceholderText("разные — у каждого останется свой")
        self._add("deadline_text", "Срок (текстом)", self.deadline)
        self.due = date_edit()
        if len(hand_set) == 1:
            self.due.setText(format_date(next(iter(hand_set))))
        else:
            self.due.setPlaceholderText("разные")
        self._add("due_on", "Дата срока", self.due)
        self._initial = (self.deadline.text(), self.due.text())
        self.preview = _hint(name="deadline_preview")
        self.preview.setMinimumHeight(34)
        self.form.addRow("", self.preview)
        self.form.addRow(
            "",
            _hint(
                "Без даты она выводится из текста срока в пределах периода карты. "
                "Поле, которое не меняли, у каждого мероприятия остаётся своим."
            ),
        )
        self.deadline.textChanged.connect(self._show)
        self.due.textChanged.connect(self._show)
        self._show()

    def _show(self) -> None:
        text, _ = self.values_for(self.items[0]) if self.items else ("", None)
        if self.text() is None and len({i.deadline_text for i in self.items}) > 1:
            self.preview.setText("Текст срока у каждого мероприятия останется свой")
            return
        self.preview.setText(
            describe_deadline(
                text, self.due.text(), self.roadmap.start_year, self.roadmap.end_year, self.today
            )
        )

    def text(self) -> str | None:
        """The new deadline text for all, or None when the field was not changed."""
        return None if self.deadline.text() == self._initial[0] else self.deadline.text()

    def due_changed(self) -> bool:
        return self.due.text() != self._initial[1]

    def errors(self) -> dict[str, str]:
        due, problem = read_date(self.due.text())
        problem = problem or due_outside_period(due, self.roadmap.start_year, self.roadmap.end_year)
        return {"due_on": problem} if problem else {}

    def values_for(self, item: ItemRow) -> tuple[str, date | None]:
        """The deadline text and hand-set date this item gets."""
        text = self.text()
        try:
            due = parse_date(self.due.text()) if self.due_changed() else item.hand_set_due
        except DateFormatError:
            due = None
        return (item.deadline_text if text is None else text), due


class ChooseMeDialog(FormDialog):
    """«Мои задачи»: who the curator at this computer is (remembered in the settings)."""

    def __init__(
        self, parent: QWidget | None, staff: Sequence[tuple[int, str]], current: int | None
    ) -> None:
        super().__init__(parent, "Мои задачи")
        self.form.addRow(
            _hint("Выберите себя: «Мои задачи» покажет мероприятия, где вы ответственный.")
        )
        self.person = QComboBox()
        for pid, name in staff:
            self.person.addItem(name, pid)
        self.person.setEditable(True)  # type to find among many teachers
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if current is not None and self.person.findData(current) >= 0:
            self.person.setCurrentIndex(self.person.findData(current))
        self._add("me", "Я —", self.person)
        self.form.addRow("", _hint("Выбор запомнится на этом компьютере."))

    def _chosen_row(self) -> int:
        """The chosen row: the current one if its text is what is shown (namesakes), else
        the row with the typed text; -1 if the text is no one's."""
        text = self.person.currentText()
        current = self.person.currentIndex()
        if current >= 0 and self.person.itemText(current) == text:
            return current
        return self.person.findText(text)

    def errors(self) -> dict[str, str]:
        return {"me": "Выберите сотрудника из списка"} if self._chosen_row() < 0 else {}

    def person_id(self) -> int:
        return int(self.person.itemData(self._chosen_row()))
