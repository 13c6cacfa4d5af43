"""Файл → Выгрузить пакет для муниципалитета… in the real window: each level through the
dialog, the file read back; Файл → Проверить пакет…."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from tests.gui.conftest import add_person, on_modal, student

from mentor_desk.exchange.bundle import PrivacyLevel, read_bundle
from mentor_desk.ui.bundle_dialog import BundleExportDialog, BundleInspectDialog, inspect_file


@pytest.fixture
def people(ctx) -> None:
    add_person(ctx, **student("Иванов"))


def test_export_each_level_through_the_dialog(qtbot, qtmodeltester, window, ctx, people,
                                             tmp_path: Path, message_boxes):  # fmt: skip
    dialog = BundleExportDialog(ctx, window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.counts)
    assert dialog.level is PrivacyLevel.AGGREGATE  # the default sends no person
    assert not dialog.secret_row.isVisibleTo(dialog)
    shown = [dialog.counts.index(r, 0).data() for r in range(dialog.counts.rowCount())]
    assert "Показатели эффективности" in shown and not any("Участники" in t for t in shown)
    aggregate = tmp_path / "a.mdbundle"
    assert dialog.save(aggregate)
    assert read_bundle(aggregate).meta.level is PrivacyLevel.AGGREGATE

    for level in (PrivacyLevel.DEPERSONALIZED, PrivacyLevel.FULL):
        dialog = BundleExportDialog(ctx, window)
        qtbot.addWidget(dialog)
        dialog.set_level(level)
        assert dialog.secret_row.isVisibleTo(dialog)
        assert "Участников пар года" in dialog.notes.text()
        target = tmp_path / f"{level.value}.mdbundle"
        dialog.password.setText("короткий")
        dialog.password2.setText("другой!!")
        assert not dialog.save(target) and "не совпадают" in message_boxes[-1][1]
        dialog.password2.setText("короткий")
        assert dialog.save(target)
        bundle = read_bundle(target, password="короткий")
        assert bundle.meta.level is level and "people" in bundle.tables
    assert not any(kind == "critical" for kind, _ in message_boxes)


def test_inspect_a_bundle_and_a_foreign_file(qtbot, window, ctx, people, tmp_path: Path,
                                             message_boxes):  # fmt: skip
    target = tmp_path / "a.mdbundle"
    dialog = BundleExportDialog(ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.save(target)
    shown = inspect_file(window, ctx, target)
    assert isinstance(shown, BundleInspectDialog)
    text = shown.findChild(QLabel, "bundleInspectText").text()
    assert "подпись верна: да" in text and "Учебный год 2026-2027" in text
    shown.close()
    bad = tmp_path / "b.mdbundle"
    bad.write_bytes(target.read_bytes()[:500])  # a truncated file
    assert inspect_file(window, ctx, bad) is None
    assert message_boxes and message_boxes[-1][0] == "warning"


def test_the_file_menu_opens_the_export_dialog(qtbot, window, ctx, people):
    def close(dialog) -> None:
        assert isinstance(dialog, BundleExportDialog)
        assert dialog.save_button.isEnabled()
        dialog.reject()

    handled = on_modal(qtbot, close)
    window.bundle_action.trigger()
    assert handled
