"""The participant card: add or edit one person, with errors shown next to the fields."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import DateFormatError, format_date, parse_date
from mentor_desk.domain.participants import (
    FIELD_GROUP,
    MAX_CAPACITY,
    Category,
    ConsentState,
    ConsentStatus,
    ParticipantData,
    TermKind,
    age_on,
    consent_state,
    experience_on,
    field_applies,
    is_minor,
    is_young_specialist,
    parse_years,
    validate,
)
from mentor_desk.domain.text import years_ru
from mentor_desk.queries.people import consent_form_handed, find_duplicates, term_names
from mentor_desk.services import participants
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.widgets import FieldWithError, TermChecklist, date_edit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DATE_FIELDS = (
    "birth_date", "hire_date", "mentor_consent_date", "training_date", "interview_date",
    "consent_date",
)  # fmt: skip
TEXT_FIELDS = (
    "last_name", "first_name", "middle_name", "class_name", "position", "subject",
    "organization", "phone", "email", "consent_signer", "representative_name",
)  # fmt: skip


class ParticipantDialog(QDialog):
    """Карточка участника."""

    def __init__(
        self, ctx: AppContext, person_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.saved_id: int | None = None
        self.setWindowTitle("Новый участник" if person_id is None else "Карточка участника")
        self.setObjectName("participantDialog")
        self.fields: dict[str, FieldWithError] = {}
        self.tab_of_field: dict[str, int] = {}

        self._target_groups = term_names(ctx.db.reader, TermKind.TARGET_GROUP)
        self._topics = term_names(ctx.db.reader, TermKind.TOPIC)
        with ctx.db.session() as session:
            initial = (
                participants.load(session, person_id, ctx.today())
                if person_id is not None
                else ParticipantData()
            )

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_main_tab(), "Основное")
        self.tabs.addTab(self._build_roles_tab(), "Роли")
        self.tabs.addTab(self._build_consent_tab(), "Согласие на обработку ПДн")
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.tabs.addTab(self.note, "Примечание")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

        self._fill(initial)
        self._update_visibility()
        self._update_derived()
        self.resize(640, 600)

    # --- building -----------------------------------------------------------------
    def _add(self, form: QFormLayout, tab: int, name: str, label: str, editor: QWidget) -> None:
        editor.setObjectName(name)
        field = FieldWithError(editor)
        self.fields[name] = field
        self.tab_of_field[name] = tab
        form.addRow(label, field)

    def _edit(self, name: str) -> QLineEdit:
        editor = self.fields[name].editor
        assert isinstance(editor, QLineEdit)
        return editor

    def _build_main_tab(self) -> QWidget:
        page = QWidget()
        self.main_form = form = QFormLayout(page)
        self._add(form, 0, "last_name", "Фамилия*", QLineEdit())
        self._add(form, 0, "first_name", "Имя*", QLineEdit())
        self._add(form, 0, "middle_name", "Отчество", QLineEdit())
        self._add(form, 0, "birth_date", "Дата рождения", date_edit())
        self.category = QComboBox()
        for category in Category:
            self.category.addItem(category.label, category)
        self._add(form, 0, "category", "Категория*", self.category)
        class_edit = QLineEdit()
        class_edit.setPlaceholderText("например, 7Б или 11")
        class_edit.setMaximumWidth(140)
        self._add(form, 0, "class_name", "Класс", class_edit)
        self.in_dop = QCheckBox("занимается в ДОП (дополнительное образование)")
        self.in_dop.setToolTip("Для показателя «вовлечённость обучающихся, занятых в ДОП»")
        self._add(form, 0, "in_dop", "", self.in_dop)
        self._add(form, 0, "position", "Должность", QLineEdit())
        self._add(form, 0, "subject", "Предмет", QLineEdit())
        experience = QLineEdit()
        experience.setPlaceholderText("лет")
        experience.setMaximumWidth(140)
        self._add(form, 0, "experience", "Педагогический стаж, лет", experience)
        self._add(form, 0, "hire_date", "или дата приёма на работу", date_edit())
        self._add(form, 0, "organization", "Организация", QLineEdit())
        self._add(form, 0, "phone", "Телефон", QLineEdit())
        self._add(form, 0, "email", "E-mail", QLineEdit())
        self.derived = QLabel()
        self.derived.setObjectName("derived")
        self.derived.setStyleSheet("color: #555;")
        form.addRow("", self.derived)
        self.category.currentIndexChanged.connect(self._update_visibility)
        self.category.currentIndexChanged.connect(self._update_derived)
        for name in ("birth_date", "experience", "hire_date"):
            self._edit(name).textChanged.connect(self._update_derived)
        return page

    def _build_roles_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.is_mentee = QCheckBox("Наставляемый")
        self.is_mentee.setObjectName("is_mentee")
        self.is_mentor = QCheckBox("Наставник")
        self.is_mentor.setObjectName("is_mentor")
        row = QHBoxLayout()
        row.addWidget(self.is_mentee)
        row.addWidget(self.is_mentor)
        row.addStretch()
        layout.addLayout(row)

        self.mentee_box = QGroupBox("Наставляемый")
        mentee_form = QFormLayout(self.mentee_box)
        self.target_groups = TermChecklist()
        self.target_groups.setObjectName("target_groups")
        self.requests = TermChecklist()
        self.requests.setObjectName("requests")
        mentee_form.addRow("Целевые группы", self.target_groups)
        mentee_form.addRow("Запросы", self.requests)
        layout.addWidget(self.mentee_box)

        self.mentor_box = QGroupBox("Наставник")
        mentor_form = QFormLayout(self.mentor_box)
        self._add(mentor_form, 1, "mentor_consent_date", "Письменное согласие (дата)", date_edit())
        self._add(mentor_form, 1, "training_date", "Обучение наставников (дата)", date_edit())
        self._add(mentor_form, 1, "interview_date", "Собеседование (дата)", date_edit())
        self.capacity = QSpinBox()
        self.capacity.setRange(1, MAX_CAPACITY)
        self.capacity.setSuffix(" наставл.")
        self._add(mentor_form, 1, "capacity", "Может вести не более", self.capacity)
        self.competencies = TermChecklist()
        self.competencies.setObjectName("competencies")
        mentor_form.addRow("Компетенции", self.competencies)
        layout.addWidget(self.mentor_box)
        layout.addStretch()
        self.is_mentee.toggled.connect(self._update_visibility)
        self.is_mentor.toggled.connect(self._update_visibility)
        return page

    def _build_consent_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.consent_status = QComboBox()
        for status in ConsentStatus:
            self.consent_status.addItem(status.label, status)
        self._add(form, 2, "consent_status", "Статус согласия", self.consent_status)
        self._add(form, 2, "consent_date", "Дата согласия", date_edit())
        self._add(form, 2, "consent_signer", "Кто подписал", QLineEdit())
        self._add(form, 2, "representative_name", "Законный представитель (ФИО)", QLineEdit())
        self.consent_state_label = QLabel()
        self.consent_state_label.setObjectName("consent_state")
        self.consent_state_label.setWordWrap(True)
        form.addRow("", self.consent_state_label)
        self.consent_handout_label = QLabel()
        self.consent_handout_label.setObjectName("consent_handout")
        self.consent_handout_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        handed = (
            consent_form_handed(self.ctx.db.reader, self.person_id)
            if self.person_id is not None
            else None
        )
        self.consent_handout_label.setText(format_date(handed) if handed else "не выдавался")
        form.addRow("Бланк согласия выдан:", self.consent_handout_label)
        hint = QLabel(
            "С 01.09.2025 согласие оформляется отдельным документом. За участника младше "
            "18 лет согласие подписывает законный представитель."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form.addRow("", hint)
        self.consent_status.currentIndexChanged.connect(self._update_derived)
        for name in ("consent_date", "consent_signer", "representative_name"):
            self._edit(name).textChanged.connect(self._update_derived)
        return page

    # --- data in and out ----------------------------------------------------------
    # Qt hands str-based enums back as plain str: turn them back into enums here.
    def _category(self) -> Category:
        return Category(self.category.currentData())

    def _consent_status(self) -> ConsentStatus:
        return ConsentStatus(self.consent_status.currentData())

    def _fill(self, data: ParticipantData) -> None:
        for name in TEXT_FIELDS:
            self._edit(name).setText(getattr(data, name))
        for name in DATE_FIELDS:
            self._edit(name).setText(format_date(getattr(data, name)))
        years = data.experience_years
        self._edit("experience").setText("" if years is None else str(years))
        self.category.setCurrentIndex(self.category.findData(data.category))
        self.consent_status.setCurrentIndex(self.consent_status.findData(data.consent_status))
        self.is_mentee.setChecked(data.is_mentee)
        self.is_mentor.setChecked(data.is_mentor)
        self.in_dop.setChecked(data.in_dop)
        self.capacity.setValue(data.capacity)
        self.note.setPlainText(data.note)
        self.target_groups.set_terms(self._target_groups, data.target_groups)
        self.requests.set_terms(self._topics, data.requests)
        self.competencies.set_terms(self._topics, data.competencies)

    def collect(self) -> tuple[ParticipantData, dict[str, str]]:
        """The card as typed, and the errors of fields that could not even be read."""
        errors: dict[str, str] = {}
        data = ParticipantData(
            category=self._category(),
            consent_status=self._consent_status(),
            is_mentee=self.is_mentee.isChecked(),
            is_mentor=self.is_mentor.isChecked(),
            in_dop=self.in_dop.isChecked(),
            capacity=self.capacity.value(),
            note=self.note.toPlainText(),
            target_groups=self.target_groups.checked(),
            requests=self.requests.checked(),
            competencies=self.competencies.checked(),
        )
        for name in TEXT_FIELDS:
            setattr(data, name, self._edit(name).text())
        for name in DATE_FIELDS:
            try:
                setattr(data, name, parse_date(self._edit(name).text()))
            except DateFormatError as exc:
                errors[name] = str(exc)
        try:
            data.experience_years = parse_years(self._edit("experience").text())
        except ValueError as exc:
            errors["experience"] = str(exc)
        return data, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.set_error(errors.get(name))
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        tabs_with_errors = {self.tab_of_field[name] for name in errors if name in self.tab_of_field}
        for tab in range(self.tabs.count()):
            self.tabs.setTabIcon(tab, warn if tab in tabs_with_errors else self.tabs.tabIcon(-1))
        if errors:
            first = next(name for name in self.fields if name in errors)
            self.tabs.setCurrentIndex(self.tab_of_field[first])
            self.fields[first].editor.setFocus()

    def current_errors(self) -> dict[str, str]:
        data, parse_errors = self.collect()
        errors = {**validate(data, self.ctx.today()), **parse_errors}
        # A hidden field cannot block saving: the service clears it.
        return {
            name: message
            for name, message in errors.items()
            if field_applies(name, data.category, data.is_mentor)
        }

    # --- live feedback --------------------------------------------------------------
    def _update_visibility(self) -> None:
        for name in FIELD_GROUP.keys() & self.fields.keys():
            visible = field_applies(name, self._category(), self.is_mentor.isChecked())
            self.main_form.setRowVisible(self.fields[name], visible)
        self.mentee_box.setVisible(self.is_mentee.isChecked())
        self.mentor_box.setVisible(self.is_mentor.isChecked())

    def _date_or_none(self, name: str) -> date | None:
        try:
            return parse_date(self._edit(name).text())
        except DateFormatError:
            return None

    def _update_derived(self) -> None:
        today = self.ctx.today()
        birth = self._date_or_none("birth_date")
        parts = []
        age = age_on(birth, today)
        if age is not None and age >= 0:
            parts.append(f"Возраст: {years_ru(age)}")
            if is_minor(birth, today):
                parts.append("несовершеннолетний")
        category: Category = self._category()
        if field_applies("experience", category, is_mentor=False):
            try:
                typed = parse_years(self._edit("experience").text())
            except ValueError:
                typed = None
            experience = experience_on(today, self._date_or_none("hire_date"), typed, today)
            if experience is not None:
                parts.append(f"стаж: {years_ru(experience)}")
                if is_young_specialist(category, experience):
                    parts.append("молодой специалист")
        self.derived.setText(" · ".join(parts))
        state = consent_state(
            self._consent_status(),
            self._date_or_none("consent_date"),
            self._edit("representative_name").text(),
            birth,
            today,
            signer=self._edit("consent_signer").text(),
        )
        color = "#1b5e20" if state is ConsentState.VALID else "#b3261e"
        self.consent_state_label.setText(f"Согласие: {state.label}")
        self.consent_state_label.setStyleSheet(f"color: {color};")

    # --- saving -----------------------------------------------------------------------
    def accept(self) -> None:
        errors = self.current_errors()
        self.show_errors(errors)
        if errors:
            return
        data, _ = self.collect()
        try:
            duplicates = find_duplicates(self.ctx.db.reader, data, self.person_id)
        except Exception as exc:
            show_failure(self, exc, self.ctx.log_file)
            return
        if duplicates and not self._confirm_duplicate([text for _, text in duplicates]):
            return

        def save(session: Session) -> int:
            if self.person_id is None:
                return participants.create(session, data, self.ctx.today())
            participants.update_person(session, self.person_id, data, self.ctx.today())
            return self.person_id

        def refused(exc: Exception) -> None:
            assert isinstance(exc, participants.ValidationFailed)
            self.show_errors(exc.errors)

        outcome = run_action(self, self.ctx, Changes.PEOPLE, save,
                             refused=participants.ValidationFailed, on_refused=refused)  # fmt: skip
        if not outcome:
            return
        self.saved_id = outcome.value
        super().accept()

    def _confirm_duplicate(self, found: list[str]) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Возможно, участник уже есть в базе")
        box.setText(
            "В базе уже есть похожий участник (те же фамилия и имя; отчество и дата рождения "
            "совпадают или где-то не указаны):\n\n"
            + "\n".join(found)
            + "\n\nСохранить карточку всё равно?"
        )
        save = box.addButton("Сохранить всё равно", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("Вернуться к карточке", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is save
