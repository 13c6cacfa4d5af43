"""Файл → Импорт участников: a wizard over exchange.importing.

Pages: the file; the sheet, header row and columns; a check of every row; the report.
The wizard only shows and collects choices: reading, guessing, checking and writing are
the engine's, shared with `mentor-desk participants import`.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.participants import Category, field_applies, normalize_class
from mentor_desk.domain.text import count_ru, plural_ru
from mentor_desk.exchange.columns import BY_KEY, COLUMNS, FULL_NAME, header_key
from mentor_desk.exchange.importing import (
    Defaults,
    DuplicateAction,
    ImportPlan,
    ImportReport,
    ImportRow,
    Layout,
    MappingProblem,
    Outcome,
    RegisterIndex,
    ReportLine,
    ServiceLine,
    build_plan,
    find_layout,
    guess_category,
    layout_for_header,
    save_report,
    service_reason,
)
from mentor_desk.exchange.reading import (
    DELIMITERS,
    ENCODINGS,
    Cell,
    CsvDialect,
    FileProblem,
    Format,
    TableFile,
    open_table,
    read_rows,
)
from mentor_desk.services.importing import import_plan
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.files import TABLE_FILTER, Progress, choose_open, choose_save
from mentor_desk.ui.tables import ListTableModel
from mentor_desk.ui.widgets import ERROR_STYLE

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1  # [(label, value)] for the combo delegate
ERROR_BRUSH = QBrush(QColor("#fde2e1"))
ERROR_TEXT = QBrush(QColor("#b3261e"))
WARNING_BRUSH = QBrush(QColor("#fff4d6"))
NOT_LOADED = "— не загружать —"
FIELD_CHOICES: list[tuple[str, object]] = [(NOT_LOADED, None)] + [
    (c.header if c is not FULL_NAME else "ФИО (одним столбцом)", c.key) for c in COLUMNS
]


def _letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell_text(value: Cell) -> str:
    """A cell as the engine reads it (importing._text, private there): keep the two alike."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def _outcome_text(
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


class ComboDelegate(QStyledItemDelegate):
    """Edits a cell with a combo of the choices the model gives in CHOICES_ROLE."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for label, value in index.data(CHOICES_ROLE) or []:
            combo.addItem(label, value)
        # A choice is made when picked: commit at once, no extra click elsewhere.
        combo.activated.connect(lambda _=0, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        for i in range(editor.count()):
            if editor.itemData(i) == current:
                editor.setCurrentIndex(i)
                return

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MappingModel(ListTableModel[str | None]):
    """The file's columns: header, sample values and the field each one fills.

    A row is a column of the file; its value, the field it fills (None: not loaded).
    """

    headers = ("Столбец", "Заголовок в файле", "Примеры значений", "Поле участника")
    FIELD = 3
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_headers: list[str] = []
        self.samples: list[str] = []

    @property
    def fields(self) -> list[str | None]:
        return self.rows

    def fill(self, rows: list[list[Cell]], layout: Layout) -> None:
        self.beginResetModel()
        width = max((len(r) for r in rows[layout.header_row : layout.first_data_row + 50]),
                    default=0)  # fmt: skip
        header = rows[layout.header_row] if layout.header_row < len(rows) else []
        keys = [header_key(v) for v in header]
        data = [
            r
            for r in rows[layout.first_data_row : layout.first_data_row + 200]
            if service_reason(r, keys) is None
        ]
        self.file_headers = [_cell_text(header[i]) if i < len(header) else "" for i in range(width)]
        self.samples = []
        for i in range(width):
            values = [_cell_text(r[i]) for r in data if i < len(r) and _cell_text(r[i])]
            self.samples.append("; ".join(values[:3]))
        self.rows = [layout.columns.get(i) for i in range(width)]
        self.endResetModel()

    def columns(self) -> dict[int, str]:
        return {i: key for i, key in enumerate(self.fields) if key}

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.FIELD else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return _letter(row)
            if column == 1:
                return self.file_headers[row]
            if column == 2:
                return self.samples[row]
            key = self.fields[row]
            return dict((v, label) for label, v in FIELD_CHOICES).get(key, NOT_LOADED)
        if role == Qt.ItemDataRole.EditRole and column == self.FIELD:
            return self.fields[row]
        if role == CHOICES_ROLE and column == self.FIELD:
            return FIELD_CHOICES
        if role == Qt.ItemDataRole.ForegroundRole and column == self.FIELD and not self.fields[row]:
            return QBrush(QColor("#777777"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != self.FIELD or role != Qt.ItemDataRole.EditRole:
            return False
        key = value or None
        # One field, one column: choosing it here frees the column that had it.
        for other, existing in enumerate(self.fields):
            if key and existing == key and other != index.row():
                self.fields[other] = None
                self.dataChanged.emit(self.index(other, self.FIELD), self.index(other, self.FIELD))
        self.fields[index.row()] = key
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True


class PreviewModel(ListTableModel[ImportRow]):
    """Every person row of the file with its problems and what will happen to it.

    The name is shown in its three parts, so a wrong split is seen before the import. A
    cell the file filled but the check could not read (a category «учениг», a date
    «31.02.2012») shows what the file says, marked «(?)» in red, instead of the default.
    """

    # (column title, the card field it shows or None)
    FIELDS: tuple[tuple[str, str | None], ...] = (
        ("Строка", None),
        *((BY_KEY[key].header, key) for key in (
            "last_name", "first_name", "middle_name", "birth_date", "category", "class_name",
            "position", "phone", "email",
        )),
        ("Действие", None),
        ("Замечания", None),
    )  # fmt: skip
    headers = tuple(title for title, _ in FIELDS)
    KEYS = tuple(key for _, key in FIELDS)
    LAST_NAME, FIRST_NAME, MIDDLE_NAME = 1, 2, 3
    CATEGORY = KEYS.index("category")
    ACTION = headers.index("Действие")
    REMARKS = headers.index("Замечания")
    # Hidden when no row has anything in them (a class list has no position).
    OPTIONAL = tuple(
        map(KEYS.index, ("middle_name", "birth_date", "class_name", "position", "phone", "email"))
    )
    UNREAD = " (?)"
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: list[list[Cell]] = []  # the sheet's rows, to show what a row said
        self.file_columns: dict[str, int] = {}  # field → the file's column

    def fill(self, plan: ImportPlan, cells: list[list[Cell]]) -> None:
        self.beginResetModel()
        self.rows = plan.rows
        self.cells = cells
        self.file_columns = {key: column for column, key in plan.layout.columns.items()}
        self.endResetModel()

    def refresh(self) -> None:
        if self.rows:
            last = self.index(len(self.rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        row = self.rows[index.row()]
        if index.column() == self.ACTION and row.is_duplicate and not row.errors:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _action_text(self, row: ImportRow) -> str:
        if row.errors:
            return "пропустить (ошибка)"
        if not row.is_duplicate:
            return "добавить"
        return row.action.label

    def unread(self, row: ImportRow, key: str) -> str:
        """What the file has for key when the check could not read it, else ""."""
        column = self.file_columns.get(key)
        if column is None or key in row.given or row.line - 1 >= len(self.cells):
            return ""
        cells = self.cells[row.line - 1]
        return _cell_text(cells[column]) if column < len(cells) else ""

    def text(self, row: ImportRow, column: int) -> str:
        """The cell's text, straight from the row: hiding empty columns reads every row."""
        key = self.KEYS[column]
        if key is None:
            if column == self.ACTION:
                return self._action_text(row)
            if column == self.REMARKS:
                return "; ".join(row.errors or row.warnings)
            return str(row.line)
        unread = self.unread(row, key)
        if unread:
            return unread + self.UNREAD
        data = row.data
        if not field_applies(key, data.category, data.is_mentor):
            return ""  # not kept for this category; the remarks say so
        value = getattr(data, key)
        if key == "birth_date":
            return format_date(value)
        if key == "category":
            return str(value.label)
        return str(value or "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.text(row, column)
            return row.line if column == 0 else value
        if role == Qt.ItemDataRole.EditRole and column == self.ACTION:
            return row.action
        if role == CHOICES_ROLE and column == self.ACTION:
            return [(a.label, a) for a in row.allowed_actions()]
        key = self.KEYS[column]
        if role == Qt.ItemDataRole.ForegroundRole and key and self.unread(row, key):
            return ERROR_TEXT
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.errors:
                return ERROR_BRUSH
            if row.warnings:
                return WARNING_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and (row.errors or row.warnings):
            return "\n".join(row.errors or row.warnings)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != self.ACTION or role != Qt.ItemDataRole.EditRole:
            return False
        self.rows[index.row()].set_action(DuplicateAction(value))
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True


class PreviewFilter(QSortFilterProxyModel):
    """Все строки / с ошибками / повторы / с замечаниями."""

    MODES = ("Все строки", "С ошибками", "Повторы", "С замечаниями")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = 0

    def set_mode(self, mode: int) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        row = model.rows[source_row]
        return (
            self.mode == 0
            or (self.mode == 1 and bool(row.errors))
            or (self.mode == 2 and row.is_duplicate and not row.errors)
            or (self.mode == 3 and bool(row.errors or row.warnings))
        )


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


def _error_label(name: str) -> QLabel:
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
        self.error_label = _error_label("fileError")

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
            what = "Лист" if len(table.sheets) == 1 else "Листы"
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
        self.view = _table(self.mapping)
        self.view.setObjectName("mappingView")
        self.view.setItemDelegateForColumn(MappingModel.FIELD, ComboDelegate(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.error_label = _error_label("layoutError")

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


LARGE_FILE_ROWS = 5000  # checking this many rows takes a few seconds: say so
# Columns the file fills with text of any length: (widest they open at, narrowest they
# shrink to) in pixels, so that «Замечания» stays in view on a list with many columns.
_ELASTIC = {
    PreviewModel.LAST_NAME: (150, 80),
    PreviewModel.FIRST_NAME: (110, 60),
    PreviewModel.MIDDLE_NAME: (150, 80),
    PreviewModel.KEYS.index("position"): (180, 80),
    PreviewModel.KEYS.index("phone"): (130, 80),
    PreviewModel.KEYS.index("email"): (180, 90),
}
MIN_REMARKS_WIDTH = 220  # when some row has remarks; else just the column's title


NARROWEST_COLUMN = 44


def _squeeze(widths: dict[int, int], least: dict[int, int], total: int) -> dict[int, int]:
    """Widths capped by one common limit, none below its least, summing to total if they can.

    A common limit narrows the widest columns first: a long position gives up its width
    before a short first name does.
    """
    level = max(widths.values(), default=0)

    def capped(limit: int) -> dict[int, int]:
        return {c: max(min(least[c], w), min(w, limit)) for c, w in widths.items()}

    while level > 0 and sum(capped(level).values()) > total:
        level -= 4
    return capped(level)


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Проверка строк")
        self.setSubTitle(
            "Строки с ошибками (розовые) не загрузятся. Для похожих на тех, кто уже есть в "
            "реестре, выберите: пропустить, обновить или добавить."
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Импортировать")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("previewSummary")
        self.summary_label.setWordWrap(True)
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("previewMode")
        self.mode_combo.addItems(PreviewFilter.MODES)
        self.all_combo = QComboBox()
        self.all_combo.setObjectName("duplicatesCombo")
        for action in DuplicateAction:
            self.all_combo.addItem(action.label, action.value)
        self.all_combo.activated.connect(self._apply_to_all)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Показать:"))
        controls.addWidget(self.mode_combo)
        controls.addStretch(1)
        controls.addWidget(QLabel("Для всех повторов:"))
        controls.addWidget(self.all_combo)

        self.model = PreviewModel(self)
        self.model.changed.connect(self._update_summary)
        self.proxy = PreviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.mode_combo.currentIndexChanged.connect(self.proxy.set_mode)
        self.view = _table(self.proxy)
        self.view.setObjectName("previewView")
        self.view.setItemDelegateForColumn(PreviewModel.ACTION, ComboDelegate(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.viewport().installEventFilter(self)  # refit the columns on resize
        self.natural_widths: dict[int, int] = {}
        self.detail_label = QLabel()
        self.detail_label.setObjectName("previewDetail")
        self.detail_label.setWordWrap(True)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(controls)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail_label)
        self.plan: ImportPlan | None = None

    def initializePage(self) -> None:
        page = self.wiz.layout_page
        layout = page.current_layout()
        assert layout is not None
        defaults = page.defaults()
        register = RegisterIndex(self.wiz.ctx.db.reader)
        # build_plan reports no progress: on a large file show the dialog before the work,
        # so the wizard does not look frozen, and close it after.
        progress = Progress(self, "Проверка строк…")
        if len(page.rows) - layout.first_data_row >= LARGE_FILE_ROWS:
            progress.dialog.show()
            QApplication.processEvents()
        try:
            self.plan = build_plan(page.rows, layout, defaults, register, self.wiz.ctx.today())
            self.model.fill(self.plan, page.rows)
            self._show_columns()
        finally:
            progress.close()
        self.all_combo.setCurrentIndex(self.all_combo.findData(defaults.on_duplicate.value))
        self.detail_label.setStyleSheet("")
        self.detail_label.setText("Выберите строку, чтобы увидеть её целиком, с замечаниями.")
        self._update_summary()

    def _show_columns(self) -> None:
        """Hide the columns no row fills; size the rest so that the remarks stay in view."""
        assert self.plan is not None
        rows = self.plan.rows
        for column in PreviewModel.OPTIONAL:
            empty = not any(self.model.text(row, column) for row in rows)
            self.view.setColumnHidden(column, empty)
        self.view.resizeColumnsToContents()
        self.natural_widths = {
            column: self.view.columnWidth(column)
            for column in range(PreviewModel.REMARKS)
            if not self.view.isColumnHidden(column)
        }
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The natural widths, capped; the widest narrowed first if the remarks do not fit.

        First only the columns of free text give way, down to a width that still reads;
        on a small screen then every column does, down to a few letters.
        """
        widths = {
            column: min(width, _ELASTIC.get(column, (width, 0))[0])
            for column, width in self.natural_widths.items()
        }
        remarks = self.view.horizontalHeader().sectionSizeHint(PreviewModel.REMARKS)
        if self.plan and any(r.errors or r.warnings for r in self.plan.rows):
            remarks = max(remarks, MIN_REMARKS_WIDTH)
        available = self.view.viewport().width() - remarks
        readable = {c: _ELASTIC[c][1] if c in _ELASTIC else w for c, w in widths.items()}
        widths = _squeeze(widths, readable, available)
        floor = {c: w if c == 0 else min(w, NARROWEST_COLUMN) for c, w in widths.items()}
        for column, width in _squeeze(widths, floor, available).items():
            self.view.setColumnWidth(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _show_detail(self, current: QModelIndex) -> None:
        """The selected row's problems in full: the table cell is too narrow for them."""
        source = self.proxy.mapToSource(current)
        if not source.isValid():
            self.detail_label.clear()
            return
        row = self.model.rows[source.row()]
        notes = row.errors or row.warnings
        # The whole row, as narrowed columns cannot show it: «Строка 7: Алиев | Рашид | …».
        values = [
            self.model.text(row, column)
            for column in range(1, PreviewModel.ACTION)
            if not self.view.isColumnHidden(column)
        ]
        self.detail_label.setStyleSheet(ERROR_STYLE if row.errors else "")
        self.detail_label.setText(
            f"Строка {row.line}: {' | '.join(v or '—' for v in values)}. "
            + ("; ".join(notes) if notes else "Замечаний нет.")
        )

    def _apply_to_all(self) -> None:
        if self.plan:
            self.plan.set_duplicate_action(DuplicateAction(self.all_combo.currentData()))
            self.model.refresh()
            self._update_summary()

    def _update_summary(self) -> None:
        assert self.plan is not None
        counts = self.plan.counts()
        errors = sum(1 for r in self.plan.rows if r.errors)
        duplicates = sum(1 for r in self.plan.rows if r.is_duplicate and not r.errors)
        service = self.plan.service_lines
        text = f"Строк с участниками: {len(self.plan.rows)}. " + _outcome_text(
            counts[Outcome.ADDED], counts[Outcome.UPDATED],
            counts[Outcome.SKIPPED] - len(service), service, future=True,
        )  # fmt: skip
        if errors:
            text += f" С ошибками: {errors}."
        if duplicates:
            text += f" Похожих на уже внесённых или повторов: {duplicates}."
        self.summary_label.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.plan is None:
            return False
        counts = self.plan.counts()
        return counts[Outcome.ADDED] + counts[Outcome.UPDATED] > 0

    def validatePage(self) -> bool:
        """Write everything in one transaction; on failure the database is as it was.

        So is the page: a second click on «Импортировать» does what the first one did.
        """
        assert self.plan is not None and self.wiz.table is not None
        ctx = self.wiz.ctx
        self.wiz.report = None
        errors_before = [(row, list(row.errors)) for row in self.plan.rows]
        progress = Progress(self, "Запись участников в реестр…")
        try:
            report = import_plan(ctx.db, self.plan, self.wiz.table.path.name, ctx.today(),
                                 progress.step)  # fmt: skip
        except Exception as exc:
            progress.close()
            # Nothing was written, so no row was refused: forget any refusal noted on the way.
            for row, errors in errors_before:
                row.errors[:] = errors
            self.model.refresh()
            self._update_summary()
            show_failure(self, exc, self.wiz.log_file)
            return False
        progress.close()
        self.wiz.report = report
        ctx.announce(Changes.PEOPLE | Changes.VOCABULARIES)
        return True


class ReportModel(ListTableModel[ReportLine]):
    headers = ("Строка", "ФИО", "Итог", "Причина")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None
        self.service: set[int] = set()  # lines that are not people: not marked

    def fill(self, report: ImportReport, service: set[int]) -> None:
        self.beginResetModel()
        self.report = report
        self.service = service
        self.rows = report.lines
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        assert self.report is not None
        line = self.report.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.line, line.name, line.outcome.label, line.reason)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and line.outcome is Outcome.SKIPPED:
            return None if line.line in self.service else WARNING_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and line.reason:
            return line.reason  # in full: the column is often narrower
        return None


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Импорт завершён")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("reportSummary")
        self.summary_label.setWordWrap(True)
        self.model = ReportModel(self)
        self.view = _table(self.model)
        self.view.setObjectName("reportView")
        save = QPushButton("Сохранить отчёт…")
        save.setObjectName("saveReportButton")
        save.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    def initializePage(self) -> None:
        report = self.wiz.report
        plan = self.wiz.preview_page.plan
        assert report is not None and plan is not None
        # Counted from the report, what was done; split as the preview split it.
        service = {s.line for s in plan.service_lines}
        people_skipped = sum(
            1 for r in report.lines if r.outcome is Outcome.SKIPPED and r.line not in service
        )
        counts = _outcome_text(
            report.count(Outcome.ADDED), report.count(Outcome.UPDATED), people_skipped,
            plan.service_lines, future=False,
        )  # fmt: skip
        self.summary_label.setText(
            f"{counts} Отчёт по каждой строке файла — ниже; его можно сохранить в Excel, "
            "чтобы исправить пропущенные строки."
        )
        self.model.fill(report, service)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(1, min(self.view.columnWidth(1), 260))

    def save(self) -> None:
        from mentor_desk.exchange.export import ExportError

        report = self.wiz.report
        assert report is not None
        path = choose_save(self, "import-report", "Сохранить отчёт об импорте",
                           f"Отчёт об импорте {Path(report.source).stem}.xlsx")  # fmt: skip
        if path is None:
            return
        try:
            save_report(report, path)
        except ExportError as exc:  # the file is open in Excel, the folder is read-only…
            QMessageBox.warning(self, "Mentor Desk", str(exc))
            return
        except Exception as exc:
            show_failure(self, exc, self.wiz.log_file)
            return


def save_template(parent: QWidget) -> Path | None:
    """Скачать шаблон: ask where, write the .xlsx template; the path, or None if not saved."""
    from mentor_desk.exchange.export import ExportError, write_template

    path = choose_save(parent, "template", "Сохранить шаблон для импорта",
                       "Шаблон списка участников.xlsx")  # fmt: skip
    if path is None:
        return None
    try:
        write_template(path)
    except ExportError as exc:
        QMessageBox.warning(parent, "Mentor Desk", str(exc))
        return None
    return path


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Where an unexpected failure's traceback goes: the main window knows.
        self.log_file: Path | None = getattr(parent, "log_file", None)
        self.setObjectName("importWizard")
        self.setWindowTitle("Импорт участников")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        screen = self.screen().availableGeometry()
        self.resize(min(1100, screen.width() - 40), min(660, screen.height() - 40))
        self.table: TableFile | None = None
        self.report: ImportReport | None = None
        self.file_page = FilePage(self)
        self.layout_page = LayoutPage(self)
        self.preview_page = PreviewPage(self)
        self.report_page = ReportPage(self)
        for page in (self.file_page, self.layout_page, self.preview_page, self.report_page):
            self.addPage(page)

    def save_template(self) -> None:
        path = save_template(self)
        if path is None:
            return
        self.file_page.info_label.setText(
            f"Шаблон сохранён: {path}. Заполните его (одна строка — один человек), сохраните "
            "и выберите здесь."
        )
        self.file_page.info_label.show()
