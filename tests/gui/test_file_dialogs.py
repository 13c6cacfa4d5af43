"""The file dialogs speak Russian even where Qt draws its own (Linux without a portal)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFileDialog

from mentor_desk.ui import files


def test_the_save_dialog_labels_are_russian(qtbot) -> None:
    seen: dict[str, str] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            qtbot.wait(20)
            return answer()
        labels = QFileDialog.DialogLabel
        for label in (labels.LookIn, labels.FileType, labels.FileName, labels.Accept):
            seen[label.name] = dialog.labelText(label)
        dialog.reject()
        return None

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, answer)
    assert files.choose_save(None, "t", "Сохранить", "таблица.xlsx") is None
    assert seen == {"LookIn": "Папка:", "FileType": "Тип файлов:", "FileName": "Имя файла:",
                    "Accept": "Сохранить"}  # fmt: skip
