"""The monitoring tab's dialogs: the people behind a figure, the curator's own indicator
set, the table saved to Excel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mentor_desk.domain.dates import AcademicYear, format_date
from mentor_desk.domain.kpi import Computation, IndicatorDef, IndicatorSet, KpiResult, target_for
from mentor_desk.queries import monitoring as reads
from mentor_desk.queries.documents import pair_lines
from mentor_desk.queries.profile import load_profile
from mentor_desk.services import kpi
from mentor_desk.services.indicator_sets import (
    IndicatorSetError,
    SetScan,
    copy_set,
    dump_set,
    free_key,
    parse_set,
)
from mentor_desk.services.monitoring import MonitoringError
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import AppContext, Changes
from mentor_desk.ui.monitoring_models import STATUS_LABELS, PeopleModel, percent_text
from mentor_desk.ui.tables import ListTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.services.kpi import Dashboard

TITLE = "Мониторинг"
Index = QModelIndex | QPersistentModelIndex


# --- drill-down --------------------------------------------------------------------------
def _people_rows(conn: Any, ids: frozenset[int], why: str) -> list[tuple[int, str, str, str]]:
    found = reads.names(conn, list(ids))
    rows = [
        (p.id, p.name, p.category.label + (f", {p.class_name}" if p.class_name else ""), why)
        for p in found.values()
    ]
    return sorted(rows, key=lambda r: r[1].casefold())


def _partner_rows(conn: Any, ids: frozenset[int], why: str) -> list[tuple[int, str, str, str]]:
    """Organisations count, not people: each mentor with the organisation that sent them."""
    found = reads.names(conn, list(ids))
    rows = [(p.id, p.name, p.organization or "организация не указана", why)
            for p in found.values()]  # fmt: skip
    return sorted(rows, key=lambda r: r[1].casefold())


def _pair_rows(conn: Any, ids: frozenset[int], why: str) -> list[tuple[int, str, str, str]]:
    lines = pair_lines(conn, sorted(ids))
    return [(line.id, f"{line.mentor} — {', '.join(line.mentees)}", line.form.label, why)
            for line in lines]  # fmt: skip


class DrillDownDialog(QDialog):
    """Who is counted in an indicator, and who could be: a figure can be checked by name."""

    def __init__(
        self, ctx: AppContext, board: Dashboard, result: KpiResult, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("drillDown")
        self.setWindowTitle(f"{TITLE}: кто учтён")
        self.resize(900, 620)
        conn = ctx.db.reader
        pairs = result.computes is Computation.PLANS_DONE
        partners = result.computes is Computation.ORGANIZATIONS_MENTORS
        rows_of = _pair_rows if pairs else _partner_rows if partners else _people_rows
        headers = (("Пара или группа", "Форма", "") if pairs
                   else ("Наставник", "Организация", "") if partners else None)  # fmt: skip
        self.counted = PeopleModel(headers, self)
        self.counted.load(rows_of(conn, result.counted_ids, "учтён"))
        self.candidates = PeopleModel(headers, self)
        self.candidates.load(rows_of(conn, result.candidate_ids, "не учтён"))
        heading = QLabel(f"<b>{result.name}</b>")
        heading.setWordWrap(True)
        figure = (f"{result.numerator} из {result.denominator}" if result.denominator is not None
                  else f"{result.numerator}, знаменатель не введён")  # fmt: skip
        summary = QLabel(
            f"Учебный год {board.year.label}, дата отсчёта {format_date(board.reference_date)}."
            f" {figure}: {percent_text(result.value)} при плане {percent_text(result.target)}"
            f" — {STATUS_LABELS[result.status]}.<br>Как считается: {result.computes.description}."
        )
        summary.setObjectName("drillSummary")
        summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary)
        if partners:
            organizations = len({r[2] for r in self.counted.rows})
            summary.setText(summary.text() + f"<br>Учтены организации ({organizations}), "
                            f"приславшие {self.counted.rowCount()} наставников.")  # fmt: skip
        if result.respondents is not None:
            self.resize(640, 280)
            note = QLabel(
                f"Показатель считается по анкетам удовлетворённости: ответили {result.respondents},"
                f" удовлетворены (оценка 7 из 10 и выше) {result.numerator}. Ответы — на "
                "странице «Анкеты»."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        else:
            lists = QHBoxLayout()
            for title, model, name in (
                (f"Учтены ({model_count(self.counted)})", self.counted, "countedTable"),
                (f"Могли бы быть учтены ({model_count(self.candidates)})", self.candidates,
                 "candidateTable"),
            ):  # fmt: skip
                box = QVBoxLayout()
                box.addWidget(QLabel(f"<b>{title}</b>"))
                view = QTableView()
                view.setObjectName(name)
                view.setModel(model)
                view.verticalHeader().hide()
                view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
                view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
                view.horizontalHeader().setSectionResizeMode(
                    1, QHeaderView.ResizeMode.ResizeToContents
                )
                view.setWordWrap(False)
                view.setColumnHidden(2, True)
                box.addWidget(view)
                lists.addLayout(box)
            layout.addLayout(lists, 1)
            hint = QLabel(
                "«Могли бы быть учтены» — те, кто подходит под показатель, но не был в "
                "утверждённой приказом паре, действовавшей в этом учебном году."
                if not pairs
                else "Пары, утверждённые приказом и действовавшие в этом году:"
                " слева — с выполненным планом, справа — с невыполненными пунктами."
            )
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def model_count(model: PeopleModel) -> int:
    return model.rowCount()


# --- the curator's own set ---------------------------------------------------------------
_COMPUTATIONS = list(Computation)


class SetEditModel(ListTableModel[IndicatorDef]):
    """The indicators of a set being edited: the name, what it computes, a target a year."""

    def __init__(self, indicators: Sequence[IndicatorDef], years: list[int], parent: Any = None):
        super().__init__(parent)
        self.years = years
        self.rows = list(indicators)

    @property
    def headers(self) -> tuple[str, ...]:  # type: ignore[override]
        return ("Показатель", "Что считает", *(f"План {y}, %" for y in self.years))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.ToolTipRole):  # fmt: skip
            if column == 0:
                return row.name
            if column == 1:
                return row.computes.description
            target = row.targets.get(self.years[column - 2])
            if target is None:
                return ""
            return f"{target:g}".replace(".", ",")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return super().flags(index)
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index)
        if row is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        if column == 0:
            name = " ".join(str(value).split())
            if not name:
                return False
            changed = replace(row, name=name)
        elif column == 1:
            if not isinstance(value, int) or not 0 <= value < len(_COMPUTATIONS):
                return False
            changed = replace(row, computes=_COMPUTATIONS[value])
        else:
            text = str(value).strip().replace(",", ".").rstrip("%").strip()
            targets = dict(row.targets)
            year = self.years[column - 2]
            if not text:
                targets.pop(year, None)
            else:
                try:
                    number = float(text)
                except ValueError:
                    return False
                if not 0 <= number <= 100:
                    return False
                targets[year] = number
            changed = replace(row, targets=targets)
        self.rows[index.row()] = changed
        self.dataChanged.emit(index, index)
        return True

    def add_year(self, year: int) -> None:
        if year in self.years:
            return
        self.beginResetModel()
        self.years = sorted({*self.years, year})
        self.endResetModel()

    def add_indicator(self, key: str) -> None:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(IndicatorDef(key, "Новый показатель", Computation.STUDENTS_INVOLVED, {}))
        self.endInsertRows()

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()


class _ComputesDelegate(QStyledItemDelegate):
    """«Что считает»: one of the formulas the program knows."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for computation in _COMPUTATIONS:
            combo.addItem(computation.description)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model = index.model()
        assert isinstance(model, SetEditModel)
        row = model.row_at(index)
        if row is not None:
            editor.setCurrentIndex(_COMPUTATIONS.index(row.computes))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentIndex())


class SetEditor(QDialog):
    """A copy of a set: its title, each indicator's name, formula and targets by year."""

    def __init__(self, indicator_set: IndicatorSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setEditor")
        self.setWindowTitle("Свой набор показателей")
        self.resize(1100, 560)
        self.original = indicator_set
        years = sorted({y for i in indicator_set.indicators for y in i.targets})
        self.model = SetEditModel(indicator_set.indicators, years or [2025, 2026], self)
        self.title_edit = QLineEdit(indicator_set.title)
        self.title_edit.setObjectName("setTitle")
        self.table = QTableView()
        self.table.setObjectName("setIndicators")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(1, _ComputesDelegate(self.table))
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 300)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        add = QPushButton("Добавить показатель")
        add.clicked.connect(self._add_indicator)
        remove = QPushButton("Удалить показатель")
        remove.clicked.connect(lambda: self.model.remove(self.table.currentIndex().row()))
        add_year = QPushButton("Добавить год…")
        add_year.clicked.connect(self._add_year)
        self.error_label = QLabel()
        self.error_label.setObjectName("setError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Название набора", self.title_edit)
        row = QHBoxLayout()
        for button in (add, remove, add_year):
            row.addWidget(button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel(
            "Двойной щелчок или F2 — изменить. План — процент на календарный год; "
            "для учебного года 2025/2026 берётся план 2026 года (или последнего года раньше)."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _add_indicator(self) -> None:
        taken = {i.key for i in self.model.rows}
        self.model.add_indicator(free_key("indicator", taken))

    def _add_year(self) -> None:
        latest = max(self.model.years, default=2024)
        year, ok = QInputDialog.getInt(self, "Год плана", "Календарный год", latest + 1, 2015, 2100)
        if ok:
            self.model.add_year(year)

    def edited(self) -> IndicatorSet:
        """The set as edited (checked by parse_set, as a file of the user folder would be)."""
        edited = IndicatorSet(
            self.original.key, " ".join(self.title_edit.text().split()), self.original.source,
            tuple(self.model.rows),
        )  # fmt: skip
        return parse_set(dump_set(edited), "«свой набор»")


def edit_set_copy(
    parent: QWidget, ctx: AppContext, sets: SetScan, indicator_set: IndicatorSet, *, copy: bool
) -> str | None:
    """Copy (or edit the curator's own copy of) a set; the key saved, or None."""
    base = indicator_set
    if copy:
        try:
            base = copy_set(indicator_set, free_key(indicator_set.key, sets.keys),
                            f"{indicator_set.title} (своя копия)", taken=sets.keys)  # fmt: skip
        except IndicatorSetError as exc:
            QMessageBox.warning(parent, TITLE, str(exc))
            return None
    dialog = SetEditor(base, parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            edited = dialog.edited()
        except IndicatorSetError as exc:
            dialog.error_label.setText(str(exc))
            continue
        body = dump_set(edited)

        def work(session: Session, key: str = edited.key, text: str = body) -> None:
            from mentor_desk.services.monitoring import save_set_copy

            save_set_copy(session, key, text)

        if run_action(dialog, ctx, Changes.MONITORING, work, title=TITLE,
                      refused=MonitoringError):  # fmt: skip
            return edited.key
    return None


# --- Excel -------------------------------------------------------------------------------
def export_board(parent: QWidget, ctx: AppContext, board: Dashboard) -> None:
    from mentor_desk.exchange.export import ExportError
    from mentor_desk.exchange.kpi_xlsx import IndicatorLine, KpiBook, export_kpi
    from mentor_desk.ui.files import choose_save

    year = kpi.year_label(board.year)
    path = choose_save(parent, "kpi", "Сохранить показатели в Excel", f"Показатели {year}.xlsx")
    if path is None:
        return
    profile = load_profile(ctx.db.reader)
    book = KpiBook(
        title=board.indicator_set.title,
        source=board.indicator_set.source,
        school=profile.short_name or profile.full_name if profile else "",
        year=board.year.label,
        reference_date=format_date(board.reference_date),
        indicators=[
            IndicatorLine(
                r.name,
                r.numerator,
                r.denominator,
                r.value,
                r.target,
                r.status,
                STATUS_LABELS[r.status],
                r.computes.description,
            )
            for r in board.results
        ],
        contingent=[(line.key.label, line.value, line.register_now) for line in board.contingent],
    )
    try:
        export_kpi(path, book)
    except ExportError as exc:
        QMessageBox.warning(parent, TITLE, str(exc))
        return
    QMessageBox.information(parent, TITLE, f"Таблица показателей сохранена: {path}")


def targets_line(indicator: IndicatorDef, year: AcademicYear) -> str:
    return percent_text(target_for(indicator, year))


# --- the analytic report -----------------------------------------------------------------
def open_report(parent: QWidget, ctx: AppContext, board: Dashboard) -> QDialog | None:
    """The итоговый аналитический отчёт of the shown year: preview, PDF, DOCX, print."""
    from mentor_desk.documents.analytic_report import ReportDataError, report_document
    from mentor_desk.services.analytic_report import report_data
    from mentor_desk.ui.document_preview import show_document

    try:
        document = report_document(report_data(ctx.db.reader, board, ctx.today()))
    except ReportDataError as exc:
        QMessageBox.warning(parent, TITLE, str(exc))
        return None
    year = kpi.year_label(board.year)
    title = f"Итоговый аналитический отчёт за {year} учебный год"
    dialog = show_document(parent, document, title, f"Аналитический отчёт {year}", wait=False)
    dialog.setObjectName("reportPreview")
    return dialog
