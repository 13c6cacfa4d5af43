"""Мониторинг: the indicators of the chosen set against their targets for a school year,
with the contingent behind them, the satisfaction surveys, the two monitoring stages
(SWOT, growth), the charts and the analytic report.

The figures are computed in a worker thread on a connection of its own, so the window
never waits for them; the tab shows the last figures until the new ones arrive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import AcademicYear, DateFormatError, format_date, parse_date
from mentor_desk.domain.kpi import ContingentKey
from mentor_desk.services import kpi
from mentor_desk.services.indicator_sets import SetScan, find_set
from mentor_desk.services.monitoring import MonitoringError
from mentor_desk.ui.actions import run_action, warn_later
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.monitoring_models import ContingentModel, IndicatorModel
from mentor_desk.ui.widgets import date_edit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.documents.analytic_report import AnalyticReport
    from mentor_desk.services.kpi import ContingentLine, Dashboard

log = logging.getLogger(__name__)
TITLE = "Мониторинг"
# The register knows only the organisations that send mentors, not every enterprise of the
# territory: «Все из реестра» leaves that figure to be typed (its own button still counts).
TYPED_ONLY = frozenset({ContingentKey.ORGANIZATIONS})
WIDGET_ONLY = Qt.ShortcutContext.WidgetShortcut  # not while a cell's editor has the focus


@dataclass(frozen=True)
class Loaded:
    """What the worker read: the sets to choose from and the year's dashboard."""

    sets: SetScan
    board: Dashboard
    years: list[int]


class _Signals(QObject):
    done = Signal(int, object)  # generation, Loaded or the exception


class _Worker(QRunnable):
    def __init__(self, work: Callable[[], Loaded], generation: int) -> None:
        super().__init__()
        self.signals = _Signals()
        self.work, self.generation = work, generation

    def run(self) -> None:
        try:
            result: object = self.work()
        except Exception as exc:  # shown by the tab, in the main thread
            result = exc
        self.signals.done.emit(self.generation, result)


class MonitoringTab(QWidget):
    """Мониторинг: KPIs against the official targets, surveys, the monitoring stages."""

    status_message = Signal(str)
    SHOWS = Changes.MONITORING | Changes.PEOPLE | Changes.PAIRS | Changes.ROADMAP

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("monitoringTab")
        self.dirty = True
        self.loaded = False  # figures shown at least once (selftest checks it)
        self.loading = False
        self._generation = 0
        self._again = False  # a change came while the worker ran: read once more after it
        self._year_start = kpi.current_year(ctx.today()).start_year
        self._set_key: str | None = None
        self.board: Dashboard | None = None
        self.sets: SetScan | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._workers: set[_Worker] = set()  # kept alive until they report

        self._build()
        ctx.bus.changed.connect(self._data_changed)

    # --- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("kpiYear")
        self.year_combo.setMinimumContentsLength(9)  # «2026/2027» whole
        self.year_combo.activated.connect(self._year_chosen)
        self.reference_edit = date_edit()
        self.reference_edit.setObjectName("kpiReferenceDate")
        self.reference_edit.setToolTip(
            "На эту дату считаются возраст обучающихся и стаж педагогов; по умолчанию — 1 сентября"
        )
        self.reference_edit.editingFinished.connect(self._reference_typed)
        self.set_combo = QComboBox()
        self.set_combo.setObjectName("kpiSet")
        self.set_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.set_combo.setMinimumContentsLength(36)
        self.set_combo.activated.connect(self._set_chosen)
        self.set_button = QToolButton()
        self.set_button.setObjectName("kpiSetMenu")
        self.set_button.setText("Набор…")
        self.set_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.set_menu = QMenu(self.set_button)
        self.copy_set_action = self.set_menu.addAction("Копировать и изменить…")
        self.copy_set_action.triggered.connect(self.copy_set)
        self.edit_set_action = self.set_menu.addAction("Изменить свой набор…")
        self.edit_set_action.triggered.connect(self.edit_set)
        self.delete_set_action = self.set_menu.addAction("Удалить свой набор")
        self.delete_set_action.triggered.connect(self.delete_set)
        self.set_menu.addSeparator()
        self.set_menu.addAction("Папка наборов муниципалитета…").triggered.connect(
            self.open_sets_folder
        )
        self.set_button.setMenu(self.set_menu)
        self.export_button = QPushButton("В Excel…")
        self.export_button.setObjectName("kpiExport")
        self.export_button.setToolTip("Сохранить таблицу показателей и контингент в .xlsx")
        self.export_button.clicked.connect(self.export_xlsx)
        self.report_button = QPushButton("Аналитический отчёт…")
        self.report_button.setObjectName("kpiReport")
        self.report_button.setToolTip("Итоговый аналитический отчёт куратора: PDF и DOCX")
        self.report_button.clicked.connect(self.open_report)

        top = QHBoxLayout()
        top.addWidget(QLabel("Учебный год"))
        top.addWidget(self.year_combo)
        top.addSpacing(8)
        top.addWidget(QLabel("Дата отсчёта"))
        top.addWidget(self.reference_edit)
        top.addSpacing(8)
        top.addWidget(QLabel("Набор показателей"))
        top.addWidget(self.set_combo, 1)
        top.addWidget(self.set_button)
        top.addSpacing(8)
        top.addWidget(self.export_button)
        top.addWidget(self.report_button)

        self.loading_label = QLabel("Показатели считаются…")
        self.loading_label.setObjectName("kpiLoading")
        self.loading_label.setStyleSheet("color: #555;")
        self.loading_label.hide()
        self.source_label = QLabel()
        self.source_label.setObjectName("kpiSource")
        self.source_label.setWordWrap(True)
        self.source_label.setStyleSheet("color: #555;")

        self.set_errors = QLabel()
        self.set_errors.setObjectName("kpiSetErrors")
        self.set_errors.setWordWrap(True)
        self.set_errors.setStyleSheet("color: #b00020;")
        self.set_errors.hide()

        self.pages = QTabWidget()
        self.pages.setObjectName("monitoringPages")
        self.pages.addTab(self._build_indicators_page(), "Показатели")
        self.pages.addTab(self._build_contingent_page(), "Контингент")
        from mentor_desk.ui.survey_page import SurveyPage

        self.survey_page = SurveyPage(self.ctx)
        self.survey_page.set_year(self._year_start)
        self.pages.addTab(self.survey_page, "Анкеты")
        from mentor_desk.ui.monitoring_charts import ChartsPage
        from mentor_desk.ui.stage_pages import GrowthPage, SwotPage

        self.swot_page = SwotPage(self.ctx)
        self.growth_page = GrowthPage(self.ctx)
        for stage in (self.swot_page, self.growth_page):
            stage.set_year(self._year_start)
        self.pages.addTab(self.swot_page, "Этап 1: SWOT")
        self.pages.addTab(self.growth_page, "Этап 2: динамика")
        from mentor_desk.ui.practices_page import PracticesPage

        self.practices_page = PracticesPage(self.ctx)
        self.practices_page.set_year(self._year_start)
        self.pages.addTab(self.practices_page, "Лучшие практики")
        self.survey_page.summary_changed.connect(self._show_closed_answers)

        self.charts_page = ChartsPage(self.report_data)
        self.pages.addTab(self.charts_page, "Диаграммы")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.loading_label)
        layout.addWidget(self.source_label)
        layout.addWidget(self.set_errors)
        layout.addWidget(self.pages, 1)

    def _build_indicators_page(self) -> QWidget:
        page = QWidget()
        self.indicators = IndicatorModel(self)
        self.table = QTableView()
        self.table.setObjectName("kpiTable")
        self.table.setModel(self.indicators)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.drill_down(index.row()))
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self.table, self._drill_current)
            shortcut.setContext(WIDGET_ONLY)  # not a keyword of the constructor in PySide6
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_formula(current)
        )
        self.formula_label = QLabel()
        self.formula_label.setObjectName("kpiFormula")
        self.formula_label.setWordWrap(True)
        self.hint_label = QLabel(
            "Двойной щелчок по строке (или Enter) покажет, кто учтён в показателе и кто мог бы "
            "быть учтён. Зелёный — показатель достигнут, жёлтый — близок к плану (не меньше "
            "80 % плана), красный — не достигнут, серый — данных нет."
        )
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        layout = QVBoxLayout(page)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.formula_label)
        layout.addWidget(self.hint_label)
        return page

    def _build_contingent_page(self) -> QWidget:
        page = QWidget()
        self.contingent = ContingentModel(self._edit_figure, self._edit_note, self)
        self.contingent_table = QTableView()
        self.contingent_table.setObjectName("contingentTable")
        self.contingent_table.setModel(self.contingent)
        self.contingent_table.verticalHeader().hide()
        self.contingent_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contingent_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.contingent_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ContingentModel.BUTTON_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(ContingentModel.BUTTON_COLUMN, 120)  # the buttons keep their width
        header.setSectionResizeMode(ContingentModel.NOTE_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ContingentModel.NOTE_COLUMN, 260)
        clear = QShortcut(QKeySequence.StandardKey.Delete, self.contingent_table,
                          self._clear_current_figure)  # fmt: skip
        clear.setContext(WIDGET_ONLY)
        self.fill_all_button = QPushButton("Все из реестра")
        self.fill_all_button.setObjectName("contingentAllFromRegister")
        self.fill_all_button.setToolTip(
            "Заполнить числа подсчётом по реестру на дату отсчёта (кроме предприятий "
            "территории: их реестр не знает)"
        )
        self.fill_all_button.clicked.connect(lambda: self.take_from_register(None))
        self.contingent_note = QLabel(
            "Контингент — знаменатели показателей, которых реестр может не знать: все "
            "обучающиеся школы, а не только участники программы. Каждое число можно взять из "
            "реестра кнопкой «Из реестра» (запомнится, сколько насчитано и когда) и "
            "исправить вручную; число меньше насчитанного в реестре выделено красным."
        )
        self.contingent_note.setWordWrap(True)
        self.contingent_note.setStyleSheet("color: #555;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_all_button)
        buttons.addStretch()
        layout = QVBoxLayout(page)
        layout.addWidget(self.contingent_note)
        layout.addWidget(self.contingent_table, 1)
        layout.addLayout(buttons)
        return page

    def _add_row_buttons(self) -> None:
        """Each figure's own «Из реестра» button, in the last column."""
        for row, line in enumerate(self.contingent.rows):
            button = QPushButton("Из реестра")
            button.setObjectName(f"fromRegister_{line.key.value}")
            button.setToolTip(f"Подсчитать по реестру: {line.register_now}")
            button.clicked.connect(
                lambda _checked=False, key=line.key.value: self.take_from_register([key])
            )
            index = self.contingent.index(row, ContingentModel.BUTTON_COLUMN)
            self.contingent_table.setIndexWidget(index, button)

    # --- reading -----------------------------------------------------------------------------
    def _data_changed(self, changes: Changes, initiator: object) -> None:
        if not changes & self.SHOWS:
            return
        self.dirty = True
        if self.isVisible():
            QTimer.singleShot(0, self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self._year_start)

    def refresh(self) -> None:
        """Read the figures again, in the worker; the shown ones stay until then."""
        if not self.dirty and self.loaded:
            return
        if self.loading:
            self._again = True
            return
        self.dirty = False
        self.loading = True
        self._generation += 1
        db, year, set_key = self.ctx.db, self.year, self._set_key

        def work() -> Loaded:
            conn = db.new_reader()
            try:
                sets = kpi.catalog(conn)
                chosen = kpi.lookup(sets, set_key)
                indicator_set = chosen or kpi.chosen_set(conn, sets)
                board = kpi.dashboard(conn, indicator_set, year)
                return Loaded(sets, board, kpi.years_to_choose(conn, self.ctx.today()))
            finally:
                conn.close()

        self.loading_label.setVisible(self.board is None)  # first time: say why it is empty
        worker = _Worker(work, self._generation)
        worker.setAutoDelete(False)
        worker.signals.done.connect(self._loaded)
        self._workers.add(worker)
        self._pool.start(worker)

    def _loaded(self, generation: int, result: object) -> None:
        self._workers = {w for w in self._workers if w.generation != generation}
        self.loading = False
        self.loading_label.hide()
        if isinstance(result, Exception):
            show_failure(self, result, self.ctx.log_file)
        elif generation == self._generation:
            assert isinstance(result, Loaded)
            self._show(result)
        if self._again:
            self._again = False
            self.dirty = True
            self.refresh()

    def wait_loaded(self, timeout_ms: int = 10_000) -> bool:
        """Block until the worker has reported (selftest and the CLI-like paths)."""
        self._pool.waitForDone(timeout_ms)
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        return self.loaded

    def _show(self, loaded: Loaded) -> None:
        self.sets, self.board = loaded.sets, loaded.board
        board = loaded.board
        self._set_key = board.indicator_set.key
        self._fill_years(loaded.years)
        self._fill_sets(loaded.sets, board.indicator_set.key)
        self.reference_edit.setText(format_date(board.reference_date))
        source = board.indicator_set.source
        self.source_label.setText(f"Источник: {source}" if source else "")
        errors = loaded.sets.errors
        self.set_errors.setText(
            "Не все наборы показателей прочитаны: " + "; ".join(errors) if errors else ""
        )
        self.set_errors.setVisible(bool(errors))
        current = self.table.currentIndex().row()
        self.indicators.set_board(board)
        if 0 <= current < self.indicators.rowCount():
            self.table.selectRow(current)
        self.table.resizeRowsToContents()
        self.contingent.load(board.contingent)
        self._add_row_buttons()
        self.charts_page.invalidate()
        own = kpi.is_own(loaded.sets, board.indicator_set.key)
        self.edit_set_action.setEnabled(own)
        self.delete_set_action.setEnabled(own)
        self.loaded = True
        flagged = [line.key.label for line in board.contingent if line.below_register]
        if flagged:
            self.status_message.emit("Контингент меньше, чем в реестре: " + ", ".join(flagged))

    def _fill_years(self, years: list[int]) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for start in years:
            self.year_combo.addItem(AcademicYear(start).label, start)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(self._year_start)))
        self.year_combo.blockSignals(False)

    def _fill_sets(self, sets: SetScan, key: str) -> None:
        self.set_combo.blockSignals(True)
        self.set_combo.clear()
        for indicator_set in sets.sets:
            mark = " (свой)" if kpi.is_own(sets, indicator_set.key) else ""
            self.set_combo.addItem(indicator_set.title + mark, indicator_set.key)
            self.set_combo.setItemData(
                self.set_combo.count() - 1,
                indicator_set.source,
                role=3,  # ToolTipRole
            )
        self.set_combo.setCurrentIndex(max(0, self.set_combo.findData(key)))
        self.set_combo.blockSignals(False)

    def _show_formula(self, index: QModelIndex) -> None:
        row = self.indicators.row_at(index)
        if row is None:
            self.formula_label.clear()
            return
        text = f"<b>Как считается:</b> {row.computes.description}."
        if row.respondents is not None:
            text += f" Ответили на анкету: {row.respondents}."
        self.formula_label.setText(text)

    # --- choosing ----------------------------------------------------------------------------
    def set_year(self, start_year: int) -> None:
        if start_year != self._year_start:
            self._year_start = start_year
            for page in (self.survey_page, self.swot_page, self.growth_page, self.practices_page):
                page.set_year(start_year)
            self._show_closed_answers()
            self.dirty = True
            self.refresh()

    def _year_chosen(self, index: int) -> None:
        start = self.year_combo.itemData(index)
        if isinstance(start, int):
            self.set_year(start)

    def choose_set(self, key: str) -> bool:
        """The set the school reports on; kept in the database (the municipality's choice)."""

        def work(session: Session) -> None:
            from mentor_desk.services.monitoring import choose_set

            choose_set(session, key)

        if not run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE,
                          refused=MonitoringError, initiator=self):  # fmt: skip
            return False
        self._set_key = key
        self.dirty = True
        self.refresh()
        return True

    def _set_chosen(self, index: int) -> None:
        key = self.set_combo.itemData(index)
        if isinstance(key, str) and key != self._set_key:
            self.choose_set(key)

    def _reference_typed(self) -> None:
        text = self.reference_edit.text().strip()
        try:
            on = parse_date(text) if text else None
        except DateFormatError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, TITLE, str(exc))
            if self.board is not None:  # the field shows the date the figures are counted on
                self.reference_edit.setText(format_date(self.board.reference_date))
            return
        if self.board is not None and on == self.board.reference_date:
            return

        def work(session: Session) -> None:
            from mentor_desk.services.monitoring import set_reference_date

            set_reference_date(session, self._year_start, on)

        if run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE,
                      refused=MonitoringError, initiator=self):  # fmt: skip
            self.dirty = True
            self.refresh()
        elif self.board is not None:
            self.reference_edit.setText(format_date(self.board.reference_date))

    # --- the contingent ----------------------------------------------------------------------
    def _edit_figure(self, line: ContingentLine, text: str) -> bool:
        cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
        if cleaned and not cleaned.isdigit():
            warn_later(self, TITLE, f"«{text}» — не число. Введите численность целым числом, "
                       "например 412.")  # fmt: skip
            return False
        value = int(cleaned) if cleaned else None

        def work(session: Session) -> None:
            from mentor_desk.services.monitoring import set_figure

            set_figure(session, self._year_start, line.key.value, value)

        if not run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE,
                          refused=MonitoringError, initiator=self,
                          on_refused=lambda exc: warn_later(self, TITLE, str(exc))):  # fmt: skip
            return False
        self.dirty = True
        QTimer.singleShot(0, self.refresh)
        return True

    def _edit_note(self, line: ContingentLine, text: str) -> bool:
        """Where a figure came from («форма ОО-1»): the report names it beside the figure."""
        figure = line.figure
        if figure is None:
            return False
        value, note = figure.value, " ".join(text.split())

        def work(session: Session) -> None:
            from mentor_desk.services.monitoring import set_figure

            set_figure(session, self._year_start, line.key.value, value, note=note)

        if not run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE,
                          refused=MonitoringError, initiator=self,
                          on_refused=lambda exc: warn_later(self, TITLE, str(exc))):  # fmt: skip
            return False
        self.dirty = True
        QTimer.singleShot(0, self.refresh)
        return True

    def _clear_current_figure(self) -> None:
        line = self.contingent.row_at(self.contingent_table.currentIndex())
        if line is not None and line.figure is not None:
            self._edit_figure(line, "")

    def take_from_register(self, keys: list[str] | None) -> bool:
        """Fill figures with the register's counts on the reference date (all when None)."""
        if self.board is None:
            return False

        def wanted(line: ContingentLine) -> bool:
            return line.key.value in keys if keys else line.key not in TYPED_ONLY

        lines = [line for line in self.board.contingent if wanted(line)]
        typed_over = [line for line in lines
                      if line.value is not None and line.value != line.register_now]  # fmt: skip
        if keys is None and typed_over:
            from PySide6.QtWidgets import QMessageBox

            listed = "\n".join(f"• {line.key.label}: {line.value} → {line.register_now}"
                                for line in typed_over)  # fmt: skip
            answer = QMessageBox.question(
                self, TITLE, f"Заменить введённые числа подсчётом по реестру?\n{listed}\n\n"
                "Число предприятий территории реестр не знает (в нём только организации "
                "наставников): его вводят вручную, кнопка «Все из реестра» его не меняет.",
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return False
        counts = {line.key.value: line.register_now for line in lines}

        def work(session: Session) -> None:
            from mentor_desk.services.monitoring import take_from_register

            take_from_register(session, self._year_start, counts, self.ctx.today())

        if not run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE,
                          refused=MonitoringError, initiator=self):  # fmt: skip
            return False
        self.dirty = True
        self.refresh()
        return True

    # --- drill-down, sets, export, report ----------------------------------------------------
    def _drill_current(self) -> None:
        self.drill_down(self.table.currentIndex().row())

    def drill_down(self, row: int) -> Any:
        from mentor_desk.ui.monitoring_dialogs import DrillDownDialog

        if self.board is None or not 0 <= row < len(self.board.results):
            return None
        dialog = DrillDownDialog(self.ctx, self.board, self.board.results[row], self)
        dialog.open()
        return dialog

    def copy_set(self) -> None:
        from mentor_desk.ui.monitoring_dialogs import edit_set_copy

        if self.board is not None and self.sets is not None:
            key = edit_set_copy(self, self.ctx, self.sets, self.board.indicator_set, copy=True)
            if key:
                self.choose_set(key)

    def edit_set(self) -> None:
        from mentor_desk.ui.monitoring_dialogs import edit_set_copy

        board, sets = self.board, self.sets
        if board and sets and edit_set_copy(self, self.ctx, sets, board.indicator_set, copy=False):
            self.dirty = True
            self.refresh()

    def delete_set(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        board = self.board
        if board is None or self.sets is None or not kpi.is_own(self.sets, board.indicator_set.key):
            return
        answer = QMessageBox.question(
            self,
            TITLE,
            f"Удалить свой набор «{board.indicator_set.title}»? Введённые числа "
            "контингента и анкеты останутся.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        key = board.indicator_set.key

        def work(session: Session) -> None:
            from mentor_desk.services.monitoring import choose_set, delete_set_copy

            delete_set_copy(session, key)
            if self.sets is not None:
                choose_set(session, find_set(None, self.sets.sets).key)

        if run_action(self, self.ctx, Changes.MONITORING, work, title=TITLE,
                      refused=MonitoringError, initiator=self):  # fmt: skip
            self._set_key = None
            self.dirty = True
            self.refresh()

    def export_xlsx(self) -> None:
        from mentor_desk.ui.monitoring_dialogs import export_board

        if self.board is not None:
            export_board(self, self.ctx, self.board)

    def open_report(self) -> Any:
        from mentor_desk.ui.monitoring_dialogs import open_report

        return open_report(self, self.ctx, self.board) if self.board is not None else None

    def report_data(self) -> AnalyticReport | None:
        """The shown year's report figures (the charts page draws them)."""
        from mentor_desk.services.analytic_report import report_data

        if self.board is None:
            return None
        return report_data(self.ctx.db.reader, self.board, self.ctx.today())

    def _show_closed_answers(self) -> None:
        """Beside the SWOT table: what the questionnaire's answers say, by role."""
        from mentor_desk.services.surveys import survey_summary
        from mentor_desk.ui.monitoring_models import closed_summary_text

        conn, year = self.ctx.db.reader, self._year_start
        summaries = [survey_summary(conn, year, role) for role in ("mentee", "mentor")]
        self.swot_page.set_closed_summary(closed_summary_text(summaries))

    def open_sets_folder(self) -> None:
        """The user folder where a municipality puts its own sets (with the format's README)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from mentor_desk.services.indicator_sets import open_user_folder

        try:
            folder = open_user_folder()
        except OSError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, TITLE, f"Папку наборов не удалось создать: {exc}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        self.status_message.emit(
            f"Папка наборов: {folder}. Новый набор появится после обновления вкладки."
        )
        self.dirty = True
