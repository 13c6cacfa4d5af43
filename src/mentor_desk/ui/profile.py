"""School profile: the first-run wizard and Файл → Сведения об организации."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QFile
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.paths import forms_dir
from mentor_desk.queries.profile import SchoolProfile
from mentor_desk.services.profile import save_profile, validate_profile
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.widgets import INVALID_EDITOR_STYLE

TEXT_FIELDS = ("full_name", "short_name", "municipality", "address", "director_name",
               "director_position")  # fmt: skip


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """A Qt Designer form from the top-level ui/ folder."""
    file = QFile(str(forms_dir() / name))
    if not file.open(QFile.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"Не найдена форма {file.fileName()}. Переустановите программу.")
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"Форма {name} повреждена")
    return widget


class ProfileForm(QWidget):
    """The profile fields, from ui/school_profile.ui, with their error labels."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = load_form("school_profile.ui", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.year = self._child(QComboBox, "academic_year_start")
        current = AcademicYear.containing(today).start_year
        for start in range(current - 3, current + 2):
            self.year.addItem(f"{AcademicYear(start).label} (1 сентября – 31 августа)", start)
        self.year.setCurrentIndex(self.year.findData(current))

    def _child(self, kind: type, name: str):  # type: ignore[no-untyped-def]
        widget = self.form.findChild(kind, name)
        assert widget is not None, name
        return widget

    def editor(self, name: str) -> QLineEdit:
        return self._child(QLineEdit, name)  # type: ignore[no-any-return]

    @property
    def curators(self) -> QPlainTextEdit:
        return self._child(QPlainTextEdit, "curators")  # type: ignore[no-any-return]

    def set_profile(self, profile: SchoolProfile) -> None:
        for name in TEXT_FIELDS:
            self.editor(name).setText(getattr(profile, name))
        self.curators.setPlainText(profile.curators)
        index = self.year.findData(profile.academic_year_start)
        if index < 0:
            self.year.addItem(AcademicYear(profile.academic_year_start).label,
                              profile.academic_year_start)  # fmt: skip
            index = self.year.count() - 1
        self.year.setCurrentIndex(index)

    def profile(self) -> SchoolProfile:
        return SchoolProfile(
            **{name: self.editor(name).text().strip() for name in TEXT_FIELDS},
            curators=self.curators.toPlainText().strip(),
            academic_year_start=int(self.year.currentData()),
        )

    def check(self) -> bool:
        """Show the errors next to the fields; True when the profile can be saved."""
        errors = validate_profile(self.profile())
        for name in (*TEXT_FIELDS, "academic_year_start"):
            label = self._child(QLabel, f"{name}_error")
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)
            if name in TEXT_FIELDS:
                self.editor(name).setStyleSheet(INVALID_EDITOR_STYLE if name in errors else "")
        if errors:
            first = next(n for n in TEXT_FIELDS if n in errors)
            self.editor(first).setFocus()
        return not errors


class ProfileWizard(QWizard):
    """First start: a short wizard asks for the school before anything else."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Mentor Desk — первый запуск")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)

        welcome = QWizardPage()
        welcome.setTitle("Добро пожаловать в Mentor Desk")
        text = QLabel(
            "Программа ведёт базу наставников и наставляемых вашей организации, помогает "
            "формировать пары, готовить приказы и отчёты. Все данные хранятся только на этом "
            f"компьютере, в файле:\n{ctx.db.path}\n\n"
            "Сначала укажите сведения об организации: они попадут в шапку приказов и в "
            "отчёты. Их можно изменить позже: Файл → Сведения об организации."
        )
        text.setWordWrap(True)
        QVBoxLayout(welcome).addWidget(text)
        self.addPage(welcome)

        self.form = ProfileForm(ctx.today())
        self.form.set_profile(SchoolProfile.blank(ctx.today()))
        self.form_page = _ProfilePage(self.form)
        self.addPage(self.form_page)
        self.resize(640, 520)

    def accept(self) -> None:
        # Finish can be reached without the page's own check (Enter on the last field):
        # empty required fields are shown beside them, never as an unexpected failure.
        if not self.form.check():
            self.setCurrentId(self.pageIds()[-1])
            return
        profile = self.form.profile()
        if run_action(self, self.ctx, Changes.PROFILE, lambda s: save_profile(s, profile),
                      refused=ValueError):  # fmt: skip
            super().accept()


class _ProfilePage(QWizardPage):
    def __init__(self, form: ProfileForm) -> None:
        super().__init__()
        self.form = form
        self.setTitle("Сведения об организации")
        self.setSubTitle("Поля со звёздочкой обязательны.")
        QVBoxLayout(self).addWidget(form)

    def validatePage(self) -> bool:
        return self.form.check()


class ProfileDialog(QDialog):
    """Файл → Сведения об организации."""

    def __init__(
        self, ctx: AppContext, profile: SchoolProfile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Сведения об организации")
        self.form = ProfileForm(ctx.today())
        self.form.set_profile(profile)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(640, 460)

    def accept(self) -> None:
        if not self.form.check():
            return
        profile = self.form.profile()
        if run_action(self, self.ctx, Changes.PROFILE, lambda s: save_profile(s, profile),
                      refused=ValueError):  # fmt: skip
            super().accept()
