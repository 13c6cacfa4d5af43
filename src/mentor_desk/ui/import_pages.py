"""The import wizard's first pages: the file, then its sheet and columns."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from mentor_desk.domain.participants import Category, field_applies, normalize_class
from mentor_desk.domain.text import count_ru, plural_ru
from mentor_desk.exchange.importing import (
    Defaults,
    Layout,
    MappingProblem,
    ServiceLine,
    find_layout,
    guess_category,
    layout_for_header,
)
from mentor_desk.exchange.reading import (
    DELIMITERS,
    ENCODINGS,
    Cell,
    CsvDialect,
    FileProblem,
    Format,
    open_table,
    read_rows,
)
from mentor_desk.ui.delegates import ComboDelegate
from mentor_desk.ui.files import TABLE_FILTER, Progress, choose_open
from mentor_desk.ui.import_models import MappingModel
from mentor_desk.ui.widgets import ERROR_STYLE

if TYPE_CHECKING:
    from mentor_desk.ui.import_wizard import ImportWizard


def outcome_text(
    added: int, updated: int, skipped_people: int, service: list[ServiceLine], *, future: bool
) -> str:
    """ "Добавлено: 2, обновлено: 1, пропущено: 1 строка с участниками и 2 служебные (…)".

    The preview and the report say it alike: rows of people and service rows (totals,
    column numbers) are counted apart, so their sum is the file's skipped lines.
    """
    skipped = str(skipped_people)
    if service:
        reasons = ", ".join(dict.fromkeys(s.reason for s in service))
        skipped = (
            f"{count_ru(skipped_people, 'строка', 'строки', 'строк')} с участниками и "
            f"{len(service)} {plural_ru(len(service), 'служебная', 'служебные', 'служебных')}"
            f" ({reasons})"
        )
    first = "Будет добавлено" if future else "Добавлено"
    return f"{first}: {added}, обновлено: {updated}, пропущено: {skipped}."


def table_view(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Файл со списком")
        self.setSubTitle(
            "Выберите список обучающихся или сотрудников: Excel (.xlsx, .xls), LibreOffice "
            "(.ods) или CSV. Заголовки столбцов найдутся сами, даже под строками с названием."
        )
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.setPlaceholderText("Путь к файлу")
        self.path_edit.returnPressed.connect(lambda: self.open_path(Path(self.path_edit.text())))
        browse = QPushButton("Выбрать файл…")
        browse.setObjectName("browseButton")
        browse.clicked.connect(self.browse)
        template = QPushButton("Скачать шаблон…")
        template.setObjectName("templateButton")
        template.setToolTip("Готовая таблица .xlsx с нужными столбцами и строкой-примером")
        template.clicked.connect(self.wiz.save_template)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)

        self.info_label = QLabel()
        self.info_label.setObjectName("fileInfo")
        self.info_label.setWordWrap(True)
        self.error_label = error_label("fileError")

        self.csv_box = QGroupBox("Текст с разделителями")
        form = QFormLayout(self.csv_box)
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("encodingCombo")
        for code, label in ENCODINGS.items():
            self.encoding_combo.addItem(label, code)
        self.delimiter_combo = QComboBox()
        self.delimiter_combo.setObjectName("delimiterCombo")
        for code, label in DELIMITERS.items():
            self.delimiter_combo.addItem(label, code)
        form.addRow("Кодировка:", self.encoding_combo)
        form.addRow("Разделитель:", self.delimiter_combo)
        self.text_preview = QPlainTextEdit()
        self.text_preview.setObjectName("textPreview")
        self.text_preview.setReadOnly(True)
        self.text_preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text_preview.setMaximumHeight(150)
        form.addRow("Начало файла:", self.text_preview)
        self.encoding_combo.activated.connect(self._reopen_csv)
        self.delimiter_combo.activated.connect(self._reopen_csv)
        self.csv_box.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.info_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.csv_box)
        layout.addStretch(1)
        hint = QLabel("Нет готового списка? Заполните шаблон и выберите его здесь.")
        hint.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(template)
        layout.addLayout(bottom)

    def browse(self) -> None:
        path = choose_open(self, "import", "Импорт участников", TABLE_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: Path, dialect: CsvDialect | None = None) -> None:
        self.path_edit.setText(str(path))
        self.wiz.table = None
        try:
            table = open_table(path, dialect)
        except FileProblem as exc:
            self._show_error(str(exc))
        else:
            self.wiz.table = table
            self.error_label.hide()
            sheets = ", ".join(
                f"«{s.name}»" + (" (скрытый)" if s.hidden else "") for s in table.sheets
            )
            what = count_ru(len(table.sheets), "лист", "листа", "листов")
            kind = table.format.label[0].upper() + table.format.label[1:]
            text = f"{kind}. {what}: {sheets}."
            if table.csv:
                text = (
                    f"{kind}. Кодировка и разделитель определены "
                    "сами; если буквы ниже нечитаемы или столбцы слиплись, выберите другие."
                )
                self.text_preview.setPlainText("\n".join(table.preview_lines()))
            self.info_label.setText(text)
            self.info_label.show()
            self.csv_box.setVisible(table.csv is not None)
            if table.csv:
                self.encoding_combo.setCurrentIndex(
                    self.encoding_combo.findData(table.csv.encoding)
                )
                self.delimiter_combo.setCurrentIndex(
                    self.delimiter_combo.findData(table.csv.delimiter)
                )
        self.completeChanged.emit()

    def _show_error(self, message: str) -> None:
        self.info_label.hide()
        self.error_label.setText(message)
        self.error_label.show()

    def _reopen_csv(self) -> None:
        if self.wiz.table and self.wiz.table.format is Format.CSV:
            dialect = CsvDialect(self.encoding_combo.currentData(),
                                 self.delimiter_combo.currentData())  # fmt: skip
            self.open_path(self.wiz.table.path, dialect)
            self.csv_box.show()

    def isComplete(self) -> bool:
        return self.wiz.table is not None


class LayoutPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Лист и столбцы")
        self.setSubTitle(
            "Проверьте, какие столбцы файла во что загрузятся. Строка заголовков и поля "
            "угаданы по названиям столбцов; исправьте, если нужно."
        )
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.activated.connect(lambda _: self.read_sheet())
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("headerSpin")
        self.header_spin.setMinimum(1)
        self.header_spin.setToolTip("Номер строки с заголовками столбцов, как в Excel")
        self.header_spin.valueChanged.connect(self._header_moved)
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryCombo")
        for category in Category:
            self.category_combo.addItem(category.label, category.value)
        self.category_combo.currentIndexChanged.connect(self._category_changed)
        self.category_combo.activated.connect(self._category_chosen)
        self.category_chosen = False  # once the user picks one, guessing stops
        self.class_edit = QLineEdit()
        self.class_edit.setObjectName("classEdit")
        self.class_edit.setPlaceholderText("например, 7Б")
        self.class_edit.setMaximumWidth(120)
        self.class_edit.setToolTip("Для списка одного класса без столбца «Класс»")

        form = QFormLayout()
        form.addRow("Лист:", self.sheet_combo)
        form.addRow("Строка заголовков:", self.header_spin)
        form.addRow("Категория, если в файле не указана:", self.category_combo)
        form.addRow("Класс, если в файле не указан:", self.class_edit)

        self.mapping = MappingModel(self)
        self.mapping.changed.connect(self._mapping_changed)
        self.view = table_view(self.mapping)
        self.view.setObjectName("mappingView")
        self.view.setItemDelegateForColumn(MappingModel.FIELD, ComboDelegate(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.error_label = error_label("layoutError")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        self.rows: list[list[Cell]] = []
        self.layout_: Layout | None = None

    def initializePage(self) -> None:
        table = self.wiz.table
        assert table is not None
        self.sheet_combo.clear()
        for sheet in table.sheets:
            self.sheet_combo.addItem(sheet.name + (" (скрытый лист)" if sheet.hidden else ""),
                                     sheet.name)  # fmt: skip
        self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(table.first_visible().name))
        self.sheet_combo.setEnabled(len(table.sheets) > 1)
        self._category_changed()
        self.read_sheet()

    def read_sheet(self) -> None:
        table = self.wiz.table
        assert table is not None
        name = self.sheet_combo.currentData()
        progress = Progress(self, f"Чтение листа «{name}»…")
        try:
            self.rows = read_rows(table, name, progress=progress.rows)
        except FileProblem as exc:
            self.rows = []
            self._show_layout(None, str(exc))
            return
        finally:
            progress.close()
        if not any(self.rows):
            self._show_layout(None, f"Лист «{name}» пустой. Выберите другой лист или файл.")
            return
        found = find_layout(self.rows)
        problem = None
        if found is None:
            hidden = [s.name for s in table.sheets if s.hidden and s.name != name]
            also = f" В книге есть скрытые листы: {', '.join(hidden)}." if hidden else ""
            problem = (
                "Не найдена строка заголовков (ФИО или Фамилия, Имя, Дата рождения, Класс…)."
                f"{also} Укажите номер строки с заголовками и выберите поля столбцов вручную."
            )
            if table.csv is not None:
                problem += (
                    " Если буквы выглядят странно или всё оказалось в одном столбце, вернитесь "
                    "на шаг назад и выберите другую кодировку или разделитель."
                )
            found = layout_for_header(self.rows, 0)
        self._show_layout(found, problem)

    def _show_layout(self, layout: Layout | None, problem: str | None) -> None:
        self.layout_ = layout
        self.header_spin.blockSignals(True)
        self.header_spin.setMaximum(max(1, len(self.rows)))
        self.header_spin.setValue(layout.header_row + 1 if layout else 1)
        self.header_spin.blockSignals(False)
        self.header_spin.setEnabled(bool(self.rows))
        if layout:
            if not self.category_chosen:
                self.category_combo.setCurrentIndex(
                    self.category_combo.findData(guess_category(layout).value)
                )
            self.mapping.fill(self.rows, layout)
            self.view.resizeColumnsToContents()
        else:
            self.mapping.fill([], Layout(0, 1, {}))
        self.error_label.setText(problem or "")
        self.error_label.setVisible(bool(problem))
        self._mapping_changed(keep_problem=bool(problem))

    def _header_moved(self, value: int) -> None:
        if self.rows:
            self._show_layout(layout_for_header(self.rows, value - 1), None)

    def _category_changed(self) -> None:
        self.class_edit.setEnabled(field_applies("class_name", self.category(), False))

    def _category_chosen(self) -> None:
        self.category_chosen = True

    def category(self) -> Category:
        return Category(self.category_combo.currentData())

    def current_layout(self) -> Layout | None:
        if self.layout_ is None:
            return None
        return Layout(self.layout_.header_row, self.layout_.first_data_row,
                      self.mapping.columns())  # fmt: skip

    def _mapping_changed(self, keep_problem: bool = False) -> None:
        layout = self.current_layout()
        if layout and not keep_problem:
            try:
                layout.check()
            except MappingProblem as exc:
                self.error_label.setText(str(exc))
                self.error_label.show()
            else:
                self.error_label.hide()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        layout = self.current_layout()
        if layout is None:
            return False
        try:
            layout.check()
        except MappingProblem:
            return False
        return True

    def validatePage(self) -> bool:
        text = self.class_edit.text().strip()
        if text and self.class_edit.isEnabled():
            try:
                normalize_class(text)
            except ValueError as exc:
                self.error_label.setText(str(exc))
                self.error_label.show()
                return False
        return True

    def defaults(self) -> Defaults:
        text = self.class_edit.text().strip() if self.class_edit.isEnabled() else ""
        return Defaults(self.category(), normalize_class(text) if text else "")
