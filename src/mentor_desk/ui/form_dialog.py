"""The small forms of the app: fields with their errors beside them, OK that checks them.

One base for the pair dialogs (start, end, extend, change of mentor, meeting) and the
roadmap dialogs, so they check, show errors and size themselves the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import DateFormatError, parse_date
from mentor_desk.ui.widgets import INVALID_EDITOR_STYLE, FieldWithError

HINT_STYLE = "color: #555;"


def read_date(text: str, required: str | None = None) -> tuple[date | None, str | None]:
    """A typed ДД.ММ.ГГГГ date and the message if it cannot be read (or is missing)."""
    try:
        value = parse_date(text)
    except DateFormatError as exc:
        return None, str(exc)
    if value is None and required:
        return None, required
    return value, None


def hint(text: str) -> QLabel:
    """A grey explanation under or beside a field."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class FormDialog(QDialog):
    """A form; OK checks the fields, shows errors next to them and stays open if any.

    Subclasses add fields with _add() and say what is wrong in errors(). submit
    (optional): called with the dialog once the fields are valid; False keeps the dialog
    open with everything typed (the caller has shown why).
    """

    def __init__(
        self, parent: QWidget | None, title: str, submit: Callable[[Any], bool] | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self._tried = False
        self._fitted = False
        self.fields: dict[str, FieldWithError] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.main_layout = QVBoxLayout(self)
        self.main_layout.addLayout(self.form)
        self.main_layout.addStretch()
        self.main_layout.addWidget(self.buttons)
        self.setMinimumWidth(540)

    def showEvent(self, event: QShowEvent) -> None:
        """First shown as high as the form needs at its width (the first size is taken
        from the hints wrapped narrower: a gap above the buttons)."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            layout = self.layout()
            if layout is not None and layout.hasHeightForWidth():
                height = max(layout.totalHeightForWidth(self.width()), self.minimumHeight())
                if height < self.height():
                    self.resize(self.width(), height)

    def _add(
        self, name: str, label: str, editor: QWidget, form: QFormLayout | None = None
    ) -> FieldWithError:
        editor.setObjectName(name)
        field = FieldWithError(editor)
        self.fields[name] = field
        (form or self.form).addRow(label, field)
        if isinstance(editor, QLineEdit | QPlainTextEdit):
            editor.textChanged.connect(self._recheck)
        elif isinstance(editor, QComboBox):
            editor.currentTextChanged.connect(self._recheck)
        elif isinstance(editor, QSpinBox):
            editor.valueChanged.connect(self._recheck)
        return field

    def errors(self) -> dict[str, str]:
        """Field name → the message to show next to it; empty when OK may close."""
        return {}

    def _set_error(self, name: str, message: str | None) -> None:
        field = self.fields[name]
        field.set_error(message)
        if type(field.editor) is QFrame and message:
            # A group of buttons: frame the group, not every button inside it.
            field.editor.setStyleSheet(f"QFrame#{name} {{ {INVALID_EDITOR_STYLE} }}")

    def _fit(self) -> None:
        """Grow to show every (wrapped) message in full; never shrink under the curator."""
        layout = self.main_layout
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        needed = max(needed, layout.totalMinimumSize().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in self.fields:
            self._set_error(name, errors.get(name))
        self._fit()
        first = next((name for name in self.fields if name in errors), None)
        if first is not None:
            self.fields[first].editor.setFocus()

    def _recheck(self) -> None:
        """After a refused OK, the messages follow the typing (and go once fixed)."""
        if self._tried:
            errors = self.errors()
            for name in self.fields:
                self._set_error(name, errors.get(name))
            self._fit()

    def accept(self) -> None:
        self._tried = True
        errors = self.errors()
        self.show_errors(errors)
        if errors:
            return
        if self._submit is not None and not self._submit(self):
            return
        super().accept()
