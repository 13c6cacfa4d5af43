"""The municipality's window (`mentor-desk --district WORKSPACE`): the schools' bundles
received, and the district's consolidated indicators with the consolidated report.

Every write goes through services.district (add_bundles, write_report), the same code
the `district` command runs; the window only shows and asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QBrush, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.exchange.bundle.format import LEVEL_LABELS
from mentor_desk.queries import district as reads
from mentor_desk.queries.district import BundleRow
from mentor_desk.services import district
from mentor_desk.services.district import AddReport, District, DistrictIndicator, SchoolFigure
from mentor_desk.services.indicator_sets import all_sets
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.files import choose_folder, choose_open_many, choose_save
from mentor_desk.ui.monitoring_models import (
    STATUS_COLOURS,
    STATUS_LABELS,
    FigureTableModel,
    percent_text,
)
from mentor_desk.ui.tables import Index, ListTableModel

TITLE = "Mentor Desk — муниципалитет"
BUNDLE_FILTER = "Пакеты Mentor Desk (*.mdbundle);;Все файлы (*)"
REPORT_FILTER = "Книга Excel (*.xlsx);;Документ PDF (*.pdf);;Документ Word (*.docx)"
FOLDER_KEY = "district-bundles"
REPORT_KEY = "district-report"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


class BundleModel(ListTableModel[BundleRow]):
    """The bundles received: one row a school and year (the latest kept)."""

    headers = ("Школа", "Муниципалитет", "Учебный год", "Создан", "Уровень", "Получен",
               "Отпечаток ключа")  # fmt: skip

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.fingerprints: dict[str, str] = {}

    def set_rows(self, rows: Iterable[BundleRow], fingerprints: dict[str, str]) -> None:
        self.fingerprints = dict(fingerprints)
        self.load(rows)

    def _cell(self, row: BundleRow, column: int) -> str:
        if column == 0:
            return row.school_name
        if column == 1:
            return row.municipality
        if column == 2:
            return row.academic_year
        if column == 3:
            return f"{row.created:%d.%m.%Y %H:%M}"
        if column == 4:
            return LEVEL_LABELS.get(row.level, row.level)
        if column == 5:
            return f"{row.received_on:%d.%m.%Y %H:%M}"
        if column == 6:
            return self.fingerprints.get(row.school_id, "")
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 6:
                return self.fingerprints.get(row.school_id, "")
            if index.column() == 3:
                return "Время создания пакета в школе (UTC)"
            return self._cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class DistrictIndicatorModel(FigureTableModel[DistrictIndicator]):
    """The district's figure of each indicator: sums over the schools against the target
    (the school tab's indicator table, with the lagging schools in its last column)."""

    LAST_HEADER = "Отстают"
    RIGHT_COLUMNS = (0, 2, 3, 4, 5, 7)

    def numerator_text(self, row: DistrictIndicator) -> str:
        return _number(row.numerator)

    def denominator_text(self, row: DistrictIndicator) -> str:
        return _number(row.denominator) if row.denominator else "—"

    def last_text(self, row: DistrictIndicator) -> str:
        return str(len(row.lagging)) if row.lagging else "—"


class SchoolRankModel(ListTableModel[SchoolFigure]):
    """One indicator's schools, highest value first; the lagging ones marked."""

    headers = ("Место", "Школа", "Числитель", "Знаменатель", "Значение", "Отметка")

    def _cell(self, row: SchoolFigure, column: int) -> str:
        if column == 0:
            return "—" if row.rank is None else str(row.rank)
        if column == 1:
            return row.school_name + (" — отстаёт" if row.lagging else "")
        if column == 2:
            return _number(row.numerator)
        if column == 3:
            return _number(row.denominator)
        if column == 4:
            return percent_text(row.value)
        if column == 5:
            label = STATUS_LABELS.get(row.status, row.status)
            return label if row.counted else f"{label} (не учтена: {row.note})"
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cell(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column in (4, 5):
            return QBrush(STATUS_COLOURS.get(row.status, STATUS_COLOURS["no_data"]))
        if role == Qt.ItemDataRole.FontRole and row.lagging:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2, 3, 4):
            return _RIGHT
        if role == Qt.ItemDataRole.UserRole:
            return row.school_id
        return None


SHOWN_FILES = 20  # more files than this: the refused ones by name, the rest counted


def outcome_text(report: AddReport) -> str:
    """Each file's outcome in Russian, one line a file, then the counts; a long list keeps
    the refused files (with their reasons) and counts the others."""
    files = list(report.files)
    if len(files) > SHOWN_FILES:
        files = list(report.refused[:SHOWN_FILES])
    lines = [f"{Path(f.path).name}: {f.label}. {f.message}".rstrip() for f in files]
    hidden = len(report.files) - len(files)
    if hidden:
        lines.append(f"… и ещё файлов: {hidden}")
    return "\n".join([*lines, "", report.summary])


def _table(model: ListTableModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    return view


class DistrictWindow(QMainWindow):
    """Two tabs: «Школы и пакеты» (the bundles, adding them) and «Показатели округа»."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.last_report: AddReport | None = None
        self.district: District | None = None
        self.setWindowTitle(f"{TITLE} — {ctx.db.path.name}")
        self.setAcceptDrops(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._bundles_page(), "Школы и пакеты")
        self.tabs.addTab(self._dashboard_page(), "Показатели округа")
        self.setCentralWidget(self.tabs)
        self.statusBar().showMessage(f"Рабочая область: {ctx.db.path}")
        ctx.bus.changed.connect(lambda *_: self.refresh())
        self.refresh()

    # --- the pages ---------------------------------------------------------------------

    def _bundles_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self.add_files_button = QPushButton("Добавить пакеты…")
        self.add_files_button.clicked.connect(self.ask_files)
        self.add_folder_button = QPushButton("Добавить папку…")
        self.add_folder_button.clicked.connect(self.ask_folder)
        buttons.addWidget(self.add_files_button)
        buttons.addWidget(self.add_folder_button)
        hint = QLabel("Файлы .mdbundle и папки с ними можно перетащить в окно.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        buttons.addWidget(hint)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.bundle_model = BundleModel(self)
        self.bundle_view = _table(self.bundle_model)
        header = self.bundle_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.bundle_view, 1)
        self.bundles_summary = QLabel()
        layout.addWidget(self.bundles_summary)
        return page

    def _dashboard_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        choosers = QHBoxLayout()
        choosers.addWidget(QLabel("Учебный год:"))
        self.year_box = QComboBox()
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        choosers.addWidget(self.year_box)
        choosers.addWidget(QLabel("Набор показателей:"))
        self.set_box = QComboBox()
        self.set_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.set_box.currentIndexChanged.connect(lambda *_: self._consolidate())
        choosers.addWidget(self.set_box)
        choosers.addStretch(1)
        self.report_button = QPushButton("Сводный отчёт…")
        self.report_button.clicked.connect(self.ask_report)
        choosers.addWidget(self.report_button)
        layout.addLayout(choosers)
        self.dashboard_summary = QLabel()
        self.dashboard_summary.setWordWrap(True)
        layout.addWidget(self.dashboard_summary)

        split = QSplitter(Qt.Orientation.Vertical)
        self.indicator_model = DistrictIndicatorModel(self)
        self.indicator_view = _table(self.indicator_model)
        header = self.indicator_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.indicator_view.selectionModel().selectionChanged.connect(self._indicator_chosen)
        split.addWidget(self.indicator_view)

        below = QWidget()
        row = QHBoxLayout(below)
        row.setContentsMargins(0, 0, 0, 0)
        ranked = QVBoxLayout()
        self.ranked_title = QLabel("Школы по показателю")
        self.ranked_title.setWordWrap(True)  # a long name must not widen the window
        ranked.addWidget(self.ranked_title)
        self.school_model = SchoolRankModel(self)
        self.school_view = _table(self.school_model)
        header = self.school_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        ranked.addWidget(self.school_view)
        row.addLayout(ranked, 3)
        silent = QVBoxLayout()
        silent.addWidget(QLabel("Не прислали пакет за год"))
        self.silent_list = QListWidget()
        silent.addWidget(self.silent_list)
        row.addLayout(silent, 1)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        return page

    # --- reading -----------------------------------------------------------------------

    def refresh(self) -> None:
        conn = self.ctx.db.reader
        prints = {s.id: s.key_fingerprint for s in reads.schools(conn)}
        rows = reads.bundles(conn)
        self.bundle_model.set_rows(rows, prints)
        self.bundles_summary.setText(f"Школ: {len(prints)}; пакетов: {len(rows)}")
        kept = self.year_box.currentText()
        years = reads.years(conn)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItems(years)
        if kept in years:
            self.year_box.setCurrentText(kept)
        self.year_box.blockSignals(False)
        self._year_chosen()

    def _year_chosen(self, *_: object) -> None:
        year = self.year_box.currentText()
        kept = self.set_box.currentData()
        self.set_box.blockSignals(True)
        self.set_box.clear()
        if year:
            titles = {s.key: s.title for s in all_sets().sets}
            for key, count in reads.set_keys(self.ctx.db.reader, year):
                self.set_box.addItem(f"{titles.get(key, key)} (школ: {count})", key)
            found = self.set_box.findData(kept)
            if found >= 0:
                self.set_box.setCurrentIndex(found)
        self.set_box.blockSignals(False)
        self._consolidate()

    def _consolidate(self) -> None:
        year = self.year_box.currentText()
        self.district = None
        if year:
            try:
                self.district = district.consolidate(
                    self.ctx.db.reader, self.set_box.currentData(), year
                )
            except Exception as exc:
                show_failure(self, exc, self.ctx.log_file)
        result = self.district
        self.indicator_model.load(result.indicators if result else ())
        self.silent_list.clear()
        self.report_button.setEnabled(result is not None)
        if result is None:
            self.dashboard_summary.setText("Пакетов пока нет: добавьте их на вкладке «Школы и "
                                           "пакеты».")  # fmt: skip
            self.school_model.load(())
            return
        self.silent_list.addItems([s.name for s in result.silent] or ["— все школы прислали"])
        text = (f"{result.municipality or 'Муниципалитет'}: {result.academic_year} учебный год; "
                f"прислали пакет {len(result.reporting)}, "
                f"не прислали {len(result.silent)}.")  # fmt: skip
        self.dashboard_summary.setText(" ".join([text, *result.notes]))
        if result.indicators:
            self.indicator_view.selectRow(0)
        self._show_schools()

    def _indicator_chosen(self, *_: QItemSelection) -> None:
        self._show_schools()

    def selected_indicator(self) -> DistrictIndicator | None:
        rows = self.indicator_view.selectionModel().selectedRows()
        return self.indicator_model.row_at(rows[0]) if rows else None

    def _show_schools(self) -> None:
        item = self.selected_indicator()
        self.school_model.load(item.schools if item else ())
        if item is None:
            self.ranked_title.setText("Школы по показателю")
            return
        lag = len(item.lagging)
        self.ranked_title.setText(f"Школы по показателю «{item.name}»"
                                  + (f"; отстают: {lag}" if lag else ""))  # fmt: skip

    # --- adding bundles ---------------------------------------------------------------

    def ask_files(self) -> None:
        paths = choose_open_many(self, FOLDER_KEY, "Добавить пакеты школ", BUNDLE_FILTER)
        if paths:
            self.add_paths(paths)

    def ask_folder(self) -> None:
        folder = choose_folder(self, FOLDER_KEY, "Папка с пакетами школ")
        if folder is not None:
            self.add_paths([folder])

    def add_paths(self, paths: Sequence[Path]) -> AddReport | None:
        """Add the files and folders; show each file's outcome; ask about a new key."""
        report = self._add(list(paths), frozenset())
        if report is None:
            return None
        changed = [f for f in report.files if f.code == "key_changed"]
        if changed:
            names = "\n\n".join(f"{f.school_name or f.school_id}: {f.message}" for f in changed)
            answer = QMessageBox.question(
                self, TITLE,
                f"Пакеты подписаны новым ключом:\n\n{names}\n\nСверьте отпечаток со школой "
                "(по телефону или письмом). Принять новый ключ?",
            )  # fmt: skip
            if answer == QMessageBox.StandardButton.Yes:
                again = self._add([Path(f.path) for f in changed],
                                  frozenset(f.school_id for f in changed))  # fmt: skip
                if again is not None:
                    redone = {f.path: f for f in again.files}
                    report = AddReport(tuple(redone.get(f.path, f) for f in report.files))
        self.last_report = report
        box = QMessageBox.warning if report.refused else QMessageBox.information
        box(self, TITLE, outcome_text(report))
        return report

    def _add(self, paths: list[Path], confirm: frozenset[str]) -> AddReport | None:
        db = self.ctx.db
        outcome = run_action(
            self, self.ctx, Changes.MONITORING,
            lambda s: district.add_bundles(s, paths, district.inbox_for(db.path),
                                           self.ctx.today(), self.ctx.now(),
                                           confirm_key_change=confirm),
            title=TITLE, refused=district.DistrictError,
        )  # fmt: skip
        return outcome.value if outcome else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # --- the report -------------------------------------------------------------------

    def ask_report(self) -> None:
        result = self.district
        if result is None:
            return
        suggested = f"Сводный отчёт {result.academic_year}.xlsx"
        path = choose_save(self, REPORT_KEY, "Сводный отчёт", suggested, REPORT_FILTER)
        if path is not None:
            self.write_report(path)

    def write_report(self, path: Path) -> bool:
        """The consolidated report of the chosen year and set, by the file's suffix."""
        from mentor_desk.documents.files import DocumentWriteError
        from mentor_desk.exchange.export import ExportError

        if path.suffix.lower() not in district.REPORT_SUFFIXES:
            path = path.with_name(path.name + ".xlsx")
        try:
            district.write_report(self.ctx.db.reader, path, self.set_box.currentData(),
                                  self.year_box.currentText(), self.ctx.today())  # fmt: skip
        except (ValueError, ExportError, DocumentWriteError) as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return False
        except Exception as exc:
            show_failure(self, exc, self.ctx.log_file)
            return False
        self.statusBar().showMessage(f"Сводный отчёт записан: {path}", 10000)
        return True
