"""Файл → Выгрузить пакет для муниципалитета…: what leaves the school, then one signed file;
Файл → Проверить пакет…: what a bundle holds and whether it is intact."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.exchange.bundle import BundleError, PrivacyLevel
from mentor_desk.services import kpi
from mentor_desk.services.bundle import LEVEL_NOTES, BundleExportError, ExportPlan, plan_export
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.tables import ListTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.exchange.bundle import BundleInfo

TITLE = "Пакет для муниципалитета"
BUNDLE_FILTER = "Пакет для муниципалитета (*.mdbundle)"
KEY_FILTER = "Открытый ключ (*.pem);;Все файлы (*)"
Index = QModelIndex | QPersistentModelIndex
TABLE_TITLES = {
    "school": "Школа", "year": "Учебный год", "indicators": "Показатели эффективности",
    "contingent": "Контингент", "pairs_summary": "Пары по формам, видам и состояниям",
    "roadmap_items": "Мероприятия дорожной карты", "survey_summary": "Итоги анкет (строк)",
    "swot": "SWOT-анализ", "practices": "Лучшие практики",
    "people": "Участники пар года (зашифровано)", "pairs": "Пары года (зашифровано)",
}  # fmt: skip


class _CountsModel(ListTableModel[tuple[str, int]]):
    headers = ("Что уйдёт из школы", "Строк")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        return row[0] if index.column() == 0 else str(row[1])


class BundleExportDialog(QDialog):
    """The year and the level; the tables and people that would leave; then the file."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("bundleExport")
        self.setWindowTitle(TITLE)
        self.resize(760, 600)
        self.plan: ExportPlan | None = None
        self.info: BundleInfo | None = None
        self.key_path: Path | None = None
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("bundleYear")
        today = ctx.today()
        for start in kpi.years_to_choose(ctx.db.reader, today):
            self.year_combo.addItem(AcademicYear(start).label, start)
        self.year_combo.setCurrentIndex(
            self.year_combo.findData(kpi.current_year(today).start_year)
        )
        self.year_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.levels = QButtonGroup(self)
        level_box = QVBoxLayout()
        for number, level in enumerate(PrivacyLevel):
            button = QRadioButton(level.label[:1].upper() + level.label[1:])
            button.setObjectName(f"level_{level.value}")
            button.setChecked(level is PrivacyLevel.AGGREGATE)  # the default names nobody
            self.levels.addButton(button, number)
            level_box.addWidget(button)
            note = QLabel(LEVEL_NOTES[level])  # a radio button's text does not wrap
            note.setWordWrap(True)
            note.setContentsMargins(24, 0, 0, 4)
            note.setStyleSheet("color: #555;")
            level_box.addWidget(note)
        self.levels.idToggled.connect(self._level_toggled)
        self.password = QLineEdit()
        self.password.setObjectName("bundlePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("не короче 8 знаков; сообщите его муниципалитету отдельно")
        self.password2 = QLineEdit()
        self.password2.setObjectName("bundlePassword2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_button = QPushButton("Ключ муниципалитета…")
        self.key_button.setToolTip("Вместо пароля: открытый ключ (.pem), который дал муниципалитет")
        self.key_button.clicked.connect(self._choose_key)
        self.key_label = QLabel()
        self.counts = _CountsModel(self)
        self.table = QTableView()
        self.table.setObjectName("bundleCounts")
        self.table.setModel(self.counts)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.notes = QLabel()
        self.notes.setObjectName("bundleNotes")
        self.notes.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Сохранить пакет…",
                                             QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        self.save_button.setObjectName("bundleSave")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Учебный год", self.year_combo)
        self.secret_row = QWidget()
        secret = QFormLayout(self.secret_row)
        secret.setContentsMargins(0, 0, 0, 0)
        secret.addRow("Пароль", self.password)
        secret.addRow("Ещё раз", self.password2)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_button)
        key_row.addWidget(self.key_label, 1)
        secret.addRow("", key_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Уровень сведений</b>"))
        layout.addLayout(level_box)
        layout.addWidget(self.secret_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addWidget(buttons)
        self.refresh()

    def _level_toggled(self, _id: int, on: bool) -> None:
        if on:
            self.refresh()

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(int(self.year_combo.currentData()))

    @property
    def level(self) -> PrivacyLevel:
        return list(PrivacyLevel)[max(0, self.levels.checkedId())]

    def set_level(self, level: PrivacyLevel) -> None:
        button = self.levels.button(list(PrivacyLevel).index(level))
        if button is not None:
            button.setChecked(True)

    def refresh(self) -> None:
        """What the chosen year and level would send (read only; nothing is written)."""
        self.secret_row.setVisible(self.level.personal)
        try:
            self.plan = plan_export(self.ctx.db.reader, self.year, self.level, self.ctx.today())
        except BundleExportError as exc:
            self.plan = None
            self.counts.load([])
            self.notes.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        self.counts.load((TABLE_TITLES.get(name, name), count)
                         for name, count in self.plan.counts.items())  # fmt: skip
        lines = list(self.plan.notes[1:])  # [0] repeats the level's note above
        if self.level.personal:
            sent = self.plan.people_in_pairs - self.plan.people_left_out
            lines.insert(0, f"Участников пар года: {self.plan.people_in_pairs}; в пакет войдут: "
                            f"{sent}.")  # fmt: skip
        lines.append("В пакет входит и итоговый аналитический отчёт (PDF). Файл подписывается "
                     "ключом школы; его отпечаток напечатан в отчёте.")  # fmt: skip
        self.notes.setText("\n".join(lines))
        self.save_button.setEnabled(True)

    def _choose_key(self) -> None:
        from mentor_desk.ui.files import choose_open

        path = choose_open(self, "bundle_key", "Открытый ключ муниципалитета", KEY_FILTER)
        if path is not None:
            self.key_path = path
            self.key_label.setText(f"ключ: {path.name} (пароль не нужен)")

    def _secret(self) -> tuple[str | None, Any] | None:
        """The password or the key; None (after a message) when they will not do."""
        from mentor_desk.exchange.bundle import load_municipality_public_key

        if not self.level.personal:
            return None, None
        if self.key_path is not None:
            try:
                return None, load_municipality_public_key(self.key_path.read_bytes())
            except (BundleError, OSError, ValueError) as exc:
                QMessageBox.warning(self, TITLE, f"Ключ муниципалитета не подходит: {exc}")
                return None
        password = self.password.text()
        if len(password) < 8:
            QMessageBox.warning(self, TITLE, "Пароль — не короче 8 знаков (или выберите ключ "
                                "муниципалитета): сведения о людях шифруются.")  # fmt: skip
            return None
        if password != self.password2.text():
            QMessageBox.warning(self, TITLE, "Пароли не совпадают: введите пароль ещё раз.")
            return None
        return password, None

    def save(self, target: Path | None = None) -> bool:
        from mentor_desk.services.bundle import export_bundle
        from mentor_desk.ui.files import choose_save

        if self.plan is None:
            return False
        secret = self._secret()
        if secret is None:
            return False
        password, key = secret
        if target is None:
            suggested = f"Пакет {kpi.year_label(self.year)} {self.level.value}.mdbundle"
            target = choose_save(self, "bundle", TITLE, suggested, BUNDLE_FILTER)
            if target is None:
                return False
            if target.suffix.lower() != ".mdbundle":
                target = target.with_name(target.name + ".mdbundle")
        year, level, ctx = self.year, self.level, self.ctx

        def work(session: Session) -> BundleInfo:
            return export_bundle(session, ctx.db.path, target, year, level, ctx.today(),
                                 ctx.now(), password=password, municipality_key=key)  # fmt: skip

        outcome = run_action(self, ctx, Changes.SETTINGS, work, title=TITLE,
                             refused=(BundleExportError, BundleError))  # fmt: skip
        if not outcome or outcome.value is None:
            return False
        self.info = outcome.value
        QMessageBox.information(
            self, TITLE,
            f"Пакет сохранён: {target}\nУровень: {level.label}. Отпечаток ключа школы: "
            f"{self.info.fingerprint} — сверьте его с муниципалитетом при первой передаче.",
        )  # fmt: skip
        self.accept()
        return True


class BundleInspectDialog(QDialog):
    """What a bundle holds, who made it, and whether its checksums and signature hold."""

    def __init__(self, report: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bundleInspect")
        self.setWindowTitle("Проверка пакета")
        self.resize(640, 520)
        school = report["school"]
        yes = {True: "да", False: "НЕТ"}
        lines = [
            f"<b>{school['name']}</b> ({school['municipality']})",
            f"Учебный год {report['academic_year']}; уровень: {report['level_label']}",
            f"Создан: {report['created']}, {report['software']}",
            f"Контрольные суммы верны: {yes[report['checksums_ok']]}; подпись верна: "
            f"{yes[report['signature_ok']]}",
            f"Отпечаток ключа школы: {report['fingerprint'] or '—'}",
        ]
        if report["personal"]:
            lines.append("Сведения о людях зашифрованы.")
        lines += [f"<span style='color:#b00020'>{p}</span>" for p in report["problems"]]
        text = QLabel("<br>".join(lines))
        text.setObjectName("bundleInspectText")
        text.setWordWrap(True)
        self.counts = _CountsModel(self)
        self.counts.load((TABLE_TITLES.get(n, n), c) for n, c in report["counts"].items())
        view = QTableView()
        view.setModel(self.counts)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(view, 1)
        layout.addWidget(buttons)


def inspect_file(parent: QWidget, ctx: AppContext, path: Path | None = None) -> QDialog | None:
    from mentor_desk.exchange.bundle import inspect_bundle
    from mentor_desk.ui.files import choose_open

    if path is None:
        path = choose_open(parent, "bundle", "Проверить пакет", BUNDLE_FILTER + ";;Все файлы (*)")
        if path is None:
            return None
    try:
        report = inspect_bundle(path)
    except (BundleError, OSError) as exc:
        QMessageBox.warning(parent, "Проверка пакета", str(exc))
        return None
    except Exception as exc:
        show_failure(parent, exc, ctx.log_file)
        return None
    dialog = BundleInspectDialog(report, parent)
    dialog.open()
    return dialog
