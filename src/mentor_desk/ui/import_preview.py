"""The import wizard's last pages: the check of every row, the import, the report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from mentor_desk.exchange.importing import (
    DuplicateAction,
    ImportPlan,
    Outcome,
    RegisterIndex,
    build_plan,
    save_report,
)
from mentor_desk.services.importing import import_plan
from mentor_desk.ui.context import Changes
from mentor_desk.ui.delegates import ComboDelegate
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.files import Progress, choose_save
from mentor_desk.ui.import_models import PreviewFilter, PreviewModel, ReportModel
from mentor_desk.ui.import_pages import outcome_text, table_view
from mentor_desk.ui.widgets import ERROR_STYLE

if TYPE_CHECKING:
    from mentor_desk.ui.import_wizard import ImportWizard


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
        self.view = table_view(self.proxy)
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
        text = f"Строк с участниками: {len(self.plan.rows)}. " + outcome_text(
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
            show_failure(self, exc, self.wiz.ctx.log_file)
            return False
        progress.close()
        self.wiz.report = report
        ctx.announce(Changes.PEOPLE | Changes.VOCABULARIES)
        return True


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Импорт завершён")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("reportSummary")
        self.summary_label.setWordWrap(True)
        self.model = ReportModel(self)
        self.view = table_view(self.model)
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
        counts = outcome_text(
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
            show_failure(self, exc, self.wiz.ctx.log_file)
            return
