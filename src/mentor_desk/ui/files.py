"""File dialogs that remember the last folder, and a progress dialog for long file work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from mentor_desk.ui.context import app_settings

XLSX_FILTER = "Книга Excel (*.xlsx)"
TABLE_FILTER = (
    "Таблицы (*.xlsx *.xls *.ods *.csv *.txt);;Excel (*.xlsx *.xls);;"
    "LibreOffice (*.ods);;CSV (*.csv *.txt);;Все файлы (*)"
)


def _folder(key: str) -> str:
    value = app_settings().value(f"folders/{key}")
    return str(value) if value and Path(str(value)).is_dir() else str(Path.home())


def _remember(key: str, chosen: str) -> None:
    app_settings().setValue(f"folders/{key}", str(Path(chosen).parent))


# Qt's own file dialog (Linux without a desktop portal) keeps these labels in English even
# with qtbase_ru loaded; a native dialog (Windows) ignores them and speaks the system's tongue.
_LABELS = {
    QFileDialog.DialogLabel.LookIn: "Папка:",
    QFileDialog.DialogLabel.FileName: "Имя файла:",
    QFileDialog.DialogLabel.FileType: "Тип файлов:",
    QFileDialog.DialogLabel.Reject: "Отмена",
}


def _ask(parent: QWidget | None, title: str, start: str, filters: str, *, save: bool) -> str | None:
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    for label, text in _LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Сохранить" if save else "Открыть")
    if save and Path(start).name:
        dialog.selectFile(Path(start).name)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def choose_open(parent: QWidget | None, key: str, title: str, filters: str) -> Path | None:
    chosen = _ask(parent, title, _folder(key), filters, save=False)
    if not chosen:
        return None
    _remember(key, chosen)
    return Path(chosen)


def choose_save(
    parent: QWidget | None, key: str, title: str, suggested: str, filters: str = XLSX_FILTER
) -> Path | None:
    start = str(Path(_folder(key)) / suggested)
    chosen = _ask(parent, title, start, filters, save=True)
    if not chosen:
        return None
    path = Path(chosen)
    if filters == XLSX_FILTER and path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    _remember(key, str(path))
    return path


class Progress:
    """A modal progress dialog fed by the engine's callbacks; shown only if work is slow."""

    def __init__(self, parent: QWidget | None, label: str) -> None:
        self.dialog = QProgressDialog(label, "", 0, 0, parent)
        self.dialog.setWindowTitle("Mentor Desk")
        self.dialog.setCancelButton(None)  # one transaction: nothing half-done to stop
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setValue(0)

    def rows(self, done: int) -> None:
        """Reading: the total is unknown, so the label counts rows."""
        self.dialog.setLabelText(f"Прочитано строк: {done}")
        QApplication.processEvents()

    def step(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.close()
        self.dialog.deleteLater()


def choose_open_many(parent: QWidget | None, key: str, title: str, filters: str) -> list[Path]:
    """Several existing files at once (the municipality's bundles); [] when cancelled."""
    dialog = QFileDialog(parent, title, _folder(key), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    for label, text in _LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Открыть")
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return []
    chosen = [Path(p) for p in dialog.selectedFiles()]
    _remember(key, str(chosen[0]))
    return chosen


def choose_folder(parent: QWidget | None, key: str, title: str) -> Path | None:
    """An existing folder; None when cancelled."""
    dialog = QFileDialog(parent, title, _folder(key))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    for label, text in _LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "Выбрать")
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    app_settings().setValue(f"folders/{key}", str(chosen))
    return chosen
