"""GUI fixtures: the real main window on a fresh database, and helpers for modal dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QWidget
from tests.helpers import TODAY

from mentor_desk.domain.participants import Category, ConsentStatus, ParticipantData
from mentor_desk.queries.profile import SchoolProfile
from mentor_desk.services import participants
from mentor_desk.services.profile import save_profile
from mentor_desk.storage.database import Database
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.main_window import MainWindow

PROFILE = SchoolProfile(
    full_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 3»",
    short_name="МБОУ СОШ № 3",
    municipality="Завитинский муниципальный округ",
    director_name="Петрова Анна Сергеевна",
    academic_year_start=2026,
)


@pytest.fixture(scope="session", autouse=True)
def russian_qt(qapp) -> None:
    """The same Qt translation as the real start: buttons read «Сохранить», «Отмена»."""
    from mentor_desk.app import install_russian

    install_russian(qapp)


@pytest.fixture
def ctx(db: Database) -> AppContext:
    with db.transaction() as session:
        save_profile(session, PROFILE)
    return AppContext(db, today=lambda: TODAY)


@pytest.fixture
def window(qtbot, ctx: AppContext) -> Iterator[MainWindow]:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)  # keyboard shortcuts reach only the active window
    qtbot.waitUntil(lambda: win.register_tab.loaded)
    yield win


def add_person(ctx: AppContext, **fields: object) -> int:
    data = ParticipantData(**fields)  # type: ignore[arg-type]
    with ctx.action(Changes.ALL) as session:
        return participants.create(session, data, TODAY)


def student(last: str, first: str = "Иван", **extra: object) -> dict[str, object]:
    return {
        "last_name": last,
        "first_name": first,
        "birth_date": date(2012, 3, 5),
        "category": Category.STUDENT,
        "class_name": "7Б",
        "is_mentee": True,
        "consent_status": ConsentStatus.GIVEN,
        "consent_date": date(2025, 9, 1),
        "consent_signer": "Законный представитель",
        "representative_name": "Представитель Р.Р.",
        **extra,
    }


def on_modal(qtbot, handler: Callable[[QWidget], None]) -> list[QWidget]:
    """Run handler on the next modal window (dialogs are modal: exec() blocks the test)."""
    seen: list[QWidget] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or widget in seen:
            QTimer.singleShot(20, poll)
            return
        seen.append(widget)
        try:
            handler(widget)
        finally:
            # A dialog left open would block the test forever: close it, let asserts speak.
            if widget.isVisible() and isinstance(widget, QDialog):
                widget.reject()

    QTimer.singleShot(0, poll)
    return seen


def click_button(box: QWidget, text: str) -> None:
    for button in box.findChildren(QAbstractButton):
        if button.text().replace("&", "") == text:
            button.click()
            return
    texts = [b.text() for b in box.findChildren(QAbstractButton)]
    raise AssertionError(f"no button {text!r} in {texts}")


def message_text(box: QWidget) -> str:
    assert isinstance(box, QMessageBox)
    return f"{box.text()}\n{box.informativeText()}"


def type_text(widget: QWidget, text: str) -> None:
    """Type text key by key, Cyrillic included (QTest.keyClicks only knows ASCII keys)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Static QMessageBox calls are recorded instead of blocking the test on a modal box."""
    shown: list[tuple[str, str]] = []

    def record(kind: str, answer: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def show(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, text))
            return answer

        return staticmethod(show)

    ok = QMessageBox.StandardButton.Ok
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, record(kind, ok))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return shown


CHECKED_MODELS: set[type] = set()  # every model class qtmodeltester has checked this run


@pytest.fixture
def qtmodeltester(qtmodeltester):  # type: ignore[no-untyped-def]
    """pytest-qt's tester, remembering what it checked (test_zz_models_checked)."""
    check = qtmodeltester.check

    def recording(model, *args, **kwargs):  # type: ignore[no-untyped-def]
        CHECKED_MODELS.add(type(model))
        return check(model, *args, **kwargs)

    qtmodeltester.check = recording
    return qtmodeltester
