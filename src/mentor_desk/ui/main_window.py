"""The main window: menus, the status bar and the tabs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentor_desk import __version__
from mentor_desk.domain.dates import format_date
from mentor_desk.domain.text import count_ru
from mentor_desk.queries.profile import SchoolProfile, load_profile
from mentor_desk.queries.sql import ReadError
from mentor_desk.storage.database import backup, backup_due, backups_dir_for
from mentor_desk.ui.context import AppContext, Changes, app_settings
from mentor_desk.ui.errors import show_failure
from mentor_desk.ui.register_tab import RegisterTab

if TYPE_CHECKING:
    from mentor_desk.domain.roadmap import ItemRow
    from mentor_desk.queries.roadmap import RoadmapInfo
    from mentor_desk.ui.board_tab import BoardTab
    from mentor_desk.ui.monitoring_tab import MonitoringTab
    from mentor_desk.ui.roadmap_tab import RoadmapTab

log = logging.getLogger(__name__)

SCHEDULED_BACKUP_DELAY_MS = 5000  # after start, so the window opens first
WARM_UP_DELAY_MS = 800
OVERDUE_COUNT_DELAY_MS = 2500  # after the warm-up has loaded SQLAlchemy for the roadmap
ROADMAP_NOTICE_DELAY_MS = 6000  # after the scheduled backup
ROADMAP_NOTICE_KEY = "roadmap/notice_shown"  # the day the start notice was last shown
NOTICE_LINES = 8  # items listed per part of the notice


def warm_up() -> None:
    """Import what the first edit needs (SQLAlchemy, the card) while the curator looks."""
    import mentor_desk.services.participants
    import mentor_desk.ui.participant_dialog  # noqa: F401


def _start_warm_up() -> None:
    # A thread, so typing in the first second is slowed a little, not frozen.
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()


class _AfterFirstPaint(QObject):
    """Calls back once, on the event loop's next turn after a widget's first paint."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.register_tab = RegisterTab(ctx)
        self.tabs.addTab(self.register_tab, "Участники")
        # The board is built the first time it is shown: start-up pays only for the register.
        self._board_holder = QWidget()
        self._board_holder.setObjectName("boardHolder")
        self._board_layout = QVBoxLayout(self._board_holder)
        self._board_layout.setContentsMargins(0, 0, 0, 0)
        self._board: BoardTab | None = None
        self.tabs.addTab(self._board_holder, "Пары и группы")
        # The roadmap too: built the first time it is shown.
        self._roadmap_holder = QWidget()
        self._roadmap_holder.setObjectName("roadmapHolder")
        self._roadmap_layout = QVBoxLayout(self._roadmap_holder)
        self._roadmap_layout.setContentsMargins(0, 0, 0, 0)
        self._roadmap: RoadmapTab | None = None
        self.tabs.addTab(self._roadmap_holder, "Дорожная карта")
        # Monitoring too; its figures are computed in a worker thread.
        self._monitoring_holder = QWidget()
        self._monitoring_holder.setObjectName("monitoringHolder")
        self._monitoring_layout = QVBoxLayout(self._monitoring_holder)
        self._monitoring_layout.setContentsMargins(0, 0, 0, 0)
        self._monitoring: MonitoringTab | None = None
        self.tabs.addTab(self._monitoring_holder, "Мониторинг")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.setCentralWidget(self.tabs)

        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.db_label = QLabel()
        self.db_label.setObjectName("dbLabel")
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("overdueLabel")
        self.overdue_label.setTextFormat(Qt.TextFormat.RichText)
        self.overdue_label.linkActivated.connect(lambda _link: self.show_overdue())
        self.overdue_label.hide()
        self.overdue_count = 0
        self.overdue_roadmap_id: int | None = None  # the roadmap the count is of
        self.roadmap_notice: QMessageBox | None = None
        self.statusBar().addPermanentWidget(self.overdue_label)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self.register_tab.counts_changed.connect(self._show_counts)
        self.register_tab.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 6000)
        )

        self._build_menus()
        ctx.bus.changed.connect(self._data_changed)
        self._update_title()
        self._update_db_label()
        self._restore_geometry()
        self._first_paint: _AfterFirstPaint | None = None
        QTimer.singleShot(SCHEDULED_BACKUP_DELAY_MS, self.scheduled_backup)
        QTimer.singleShot(ROADMAP_NOTICE_DELAY_MS, self._start_notice)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.register_tab.loaded and self._first_paint is None:
            # The window paints first; the register fills right after that first paint.
            self._first_paint = _AfterFirstPaint(self.register_tab.table.viewport(), self._fill)

    def _fill(self) -> None:
        self.register_tab.reload()
        QTimer.singleShot(WARM_UP_DELAY_MS, _start_warm_up)
        QTimer.singleShot(OVERDUE_COUNT_DELAY_MS, self.update_overdue)

    # --- menus --------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Файл")
        self.profile_action = file_menu.addAction("Сведения об организации…")
        self.profile_action.triggered.connect(self.edit_profile)
        file_menu.addSeparator()
        self.import_action = file_menu.addAction("Импорт участников…")
        self.import_action.setObjectName("importAction")
        self.import_action.setStatusTip("Загрузить список из Excel, LibreOffice или CSV")
        self.import_action.triggered.connect(self.import_participants)
        self.export_action = file_menu.addAction("Экспорт участников в Excel…")
        self.export_action.setObjectName("exportAction")
        self.export_action.triggered.connect(self.export_participants)
        self.template_action = file_menu.addAction("Скачать шаблон для импорта…")
        self.template_action.triggered.connect(self.save_template)
        file_menu.addSeparator()
        self.bundle_action = file_menu.addAction("Выгрузить пакет для муниципалитета…")
        self.bundle_action.setObjectName("bundleAction")
        self.bundle_action.triggered.connect(self.export_bundle)
        file_menu.addAction("Проверить пакет…").triggered.connect(self.inspect_bundle)
        file_menu.addSeparator()
        self.backup_action = file_menu.addAction("Создать резервную копию")
        self.backup_action.triggered.connect(self.backup_now)
        file_menu.addAction("Открыть папку резервных копий").triggered.connect(
            lambda: self._open_folder(backups_dir_for(self.ctx.db.path))
        )
        file_menu.addSeparator()
        quit_action = QAction("Выход", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        people = bar.addMenu("&Участники")
        tab = self.register_tab
        for action in (tab.add_action, tab.edit_action, tab.archive_action, tab.restore_action,
                       tab.erase_action):  # fmt: skip
            people.addAction(action)
        people.addSeparator()
        people.addAction("Справочники…").triggered.connect(self.edit_vocabularies)

        documents = bar.addMenu("&Документы")
        documents.setObjectName("documentsMenu")
        documents.aboutToShow.connect(lambda: self._fill_documents(documents))

        view = bar.addMenu("&Вид")
        self.columns_menu = view.addMenu("Колонки таблицы участников")
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        view.addAction("Сбросить поиск и фильтры").triggered.connect(tab.reset_filters)

        help_menu = bar.addMenu("&Справка")
        help_menu.addAction("Папка журнала работы").triggered.connect(
            lambda: self._open_folder(self.log_file.parent if self.log_file else None)
        )
        help_menu.addAction("О программе").triggered.connect(self.about)

    @property
    def board_tab(self) -> BoardTab:
        if self._board is None:
            from mentor_desk.ui.board_tab import BoardTab

            self._board = BoardTab(self.ctx)
            self._board.status_message.connect(lambda t: self.statusBar().showMessage(t, 6000))
            self._board_layout.addWidget(self._board)
        return self._board

    @property
    def roadmap_tab(self) -> RoadmapTab:
        if self._roadmap is None:
            from mentor_desk.ui.roadmap_tab import RoadmapTab

            self._roadmap = RoadmapTab(self.ctx)
            self._roadmap.status_message.connect(lambda t: self.statusBar().showMessage(t, 6000))
            self._roadmap.roadmap_changed.connect(self.update_overdue)
            self._roadmap_layout.addWidget(self._roadmap)
        return self._roadmap

    @property
    def monitoring_tab(self) -> MonitoringTab:
        if self._monitoring is None:
            from mentor_desk.ui.monitoring_tab import MonitoringTab

            self._monitoring = MonitoringTab(self.ctx)
            self._monitoring.status_message.connect(lambda t: self.statusBar().showMessage(t, 6000))
            self._monitoring_layout.addWidget(self._monitoring)
        return self._monitoring

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self._board_holder:
            self.board_tab.refresh()
        elif self.tabs.widget(index) is self._roadmap_holder:
            self.roadmap_tab.refresh()
        elif self.tabs.widget(index) is self._monitoring_holder:
            self.monitoring_tab.refresh()

    def show_monitoring(self) -> MonitoringTab:
        self.tabs.setCurrentWidget(self._monitoring_holder)
        return self.monitoring_tab

    def show_board(self) -> BoardTab:
        self.tabs.setCurrentWidget(self._board_holder)
        return self.board_tab

    def show_roadmap(self) -> RoadmapTab:
        self.tabs.setCurrentWidget(self._roadmap_holder)
        tab = self.roadmap_tab
        tab.refresh()
        return tab

    # --- the roadmap: overdue in the status bar, the notice on start ----------------------
    def _shown_roadmap(self) -> tuple[RoadmapInfo, list[ItemRow]] | None:
        """The roadmap the tab shows (or will show: the one chosen last, else the latest by
        period) with its items: the status bar, the notice and the tab count the same one."""
        from mentor_desk.queries import roadmap
        from mentor_desk.ui.roadmap_model import remembered_roadmap

        conn = self.ctx.db.reader
        found = roadmap.roadmaps(conn)
        info: RoadmapInfo | None = None
        if self._roadmap is not None and self._roadmap.loaded:
            info = next((r for r in found if r.id == self._roadmap.current_roadmap_id()), None)
        info = info or remembered_roadmap(found)
        if info is None:
            return None
        return info, roadmap.read_items(conn, info.id, self.ctx.today())

    def update_overdue(self) -> int:
        """«Просрочено мероприятий: N» in the status bar (hidden when none); returns N.

        N is of the roadmap the tab shows, named in the tooltip; `info --json` counts all.
        """
        try:
            shown = self._shown_roadmap()
        except ReadError as exc:  # after a commit: only this count is behind
            log.warning("overdue count not read: %s", exc)
            return self.overdue_count
        count = sum(item.is_overdue for item in shown[1]) if shown else 0
        self.overdue_count = count
        self.overdue_roadmap_id = shown[0].id if shown else None
        if count and shown:
            self.overdue_label.setText(
                f"<a href='overdue' style='color:#b3261e; font-weight:bold'>"
                f"Просрочено мероприятий: {count}</a>"
            )
            self.overdue_label.setToolTip(
                f"Дорожная карта «{shown[0].title}» ({shown[0].period}): "
                "щёлкните, чтобы показать просроченные"
            )
        self.overdue_label.setVisible(bool(count))
        return count

    def show_overdue(self) -> RoadmapTab:
        """The roadmap tab on the roadmap the status bar counts, showing what is overdue."""
        from mentor_desk.domain.roadmap import ShownStatus

        tab = self.show_roadmap()
        wanted = self.overdue_roadmap_id
        known = any(r.id == wanted for r in tab.roadmaps)
        if wanted is not None and known and tab.current_roadmap_id() != wanted:
            tab.set_roadmap(wanted)
        tab.reset_filters()
        tab.show_status(ShownStatus.OVERDUE)
        return tab

    def _start_notice(self) -> None:
        """The notice on start: once a day, on the real calendar only.

        Tests and `selftest --today` fix «today»: no day to remember there, and nobody to
        read a notice; they call show_roadmap_notice() themselves when they want it.
        """
        if self.ctx.today != date.today or not self.isVisible():
            return
        today = self.ctx.today().isoformat()
        settings = app_settings()
        if settings.value(ROADMAP_NOTICE_KEY) == today:
            return
        try:
            shown = self.show_roadmap_notice()
        except ReadError as exc:
            log.warning("roadmap notice not read: %s", exc)
            return
        if shown is not None:
            settings.setValue(ROADMAP_NOTICE_KEY, today)

    def show_roadmap_notice(self) -> QMessageBox | None:
        """What is overdue and what falls due in the next 14 days on the roadmap the tab
        shows, in a box that does not block work; None when there is nothing to tell.

        Plain text: an activity or a title with «<» is shown as typed, never as markup."""
        from mentor_desk.domain.roadmap import SOON_DAYS, overdue_and_soon

        shown_roadmap = self._shown_roadmap()
        if shown_roadmap is None:
            return None
        info, items = shown_roadmap
        overdue, soon = overdue_and_soon(items, self.ctx.today())
        if not overdue and not soon:
            return None

        def lines(found: list[ItemRow]) -> list[str]:
            shown = []
            for item in found[:NOTICE_LINES]:
                text = item.activity if len(item.activity) <= 90 else item.activity[:88] + "…"
                who = f" ({item.who})" if item.who else ""
                shown.append(f"• {format_date(item.due)} — {text}{who}")
            if len(found) > NOTICE_LINES:
                shown.append(f"… и ещё {len(found) - NOTICE_LINES}")
            return shown

        parts: list[str] = []
        if overdue:
            parts += [f"Просрочено ({len(overdue)}):", *lines(overdue)]
        if soon:
            parts += [""] if parts else []
            parts += [f"Срок в ближайшие {SOON_DAYS} дней ({len(soon)}):", *lines(soon)]
        summary = []
        if overdue:
            summary.append(f"просрочено мероприятий: {len(overdue)}")
        if soon:
            summary.append(f"в ближайшие {SOON_DAYS} дней срок у {len(soon)}")
        box = QMessageBox(QMessageBox.Icon.Information, "Дорожная карта",
                          f"«{info.title}»: {', '.join(summary)}.", parent=self)  # fmt: skip
        box.setObjectName("roadmapNotice")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("\n".join(parts))
        informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if informative is not None:
            informative.setTextFormat(Qt.TextFormat.PlainText)
        open_button = box.addButton("Открыть дорожную карту", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Закрыть", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def clicked(button: object) -> None:
            if button is open_button:
                tab = self.show_roadmap()
                if tab.roadmaps and tab.current_roadmap_id() != info.id:
                    tab.set_roadmap(info.id)
            self.roadmap_notice = None

        box.buttonClicked.connect(clicked)
        self.roadmap_notice = box
        box.show()
        return box

    def _fill_documents(self, menu: QMenu) -> None:
        """Built on first opening: the documents' code loads only when it is wanted."""
        if menu.isEmpty():
            from mentor_desk.ui.documents_menu import fill_menu

            fill_menu(self, menu, self.register_tab.selected_ids)

    def _fill_columns_menu(self) -> None:
        self.register_tab.fill_columns_menu(self.columns_menu)

    # --- state --------------------------------------------------------------------------
    def profile(self) -> SchoolProfile | None:
        return load_profile(self.ctx.db.reader)

    @property
    def log_file(self) -> Path | None:
        return self.ctx.log_file

    @log_file.setter
    def log_file(self, path: Path | None) -> None:
        self.ctx.log_file = path

    def _data_changed(self, changes: Changes, initiator: object) -> None:
        if changes & Changes.PROFILE:
            self._update_title()
        if changes & Changes.ROADMAP:
            self.update_overdue()

    def _update_title(self) -> None:
        profile = self.profile()
        parts = ["Mentor Desk"]
        if profile:
            parts.append(f"{profile.short_name}, {profile.academic_year.label} уч. год")
        if self.ctx.demo:
            parts.append("ДЕМО")
        self.setWindowTitle(" — ".join(parts))

    def _update_db_label(self) -> None:
        path = self.ctx.db.path
        text = f"База: {path.name}"
        if self.ctx.demo:
            text = "ДЕМО-база: " + path.name
        if not self.ctx.db.wal:
            text += " (сетевой диск: защищённый режим журнала)"
        self.db_label.setText(text)
        self.db_label.setToolTip(str(path))

    def _show_counts(self, shown: int, total: int, without_consent: int) -> None:
        self.counts_label.setText(
            f"{count_ru(total, 'участник', 'участника', 'участников')} · "
            f"без согласия: {without_consent}"
        )

    # --- commands -----------------------------------------------------------------------
    def edit_profile(self) -> None:
        from mentor_desk.ui.profile import ProfileDialog

        profile = self.profile() or SchoolProfile.blank(self.ctx.today())
        ProfileDialog(self.ctx, profile, self).exec()

    def edit_vocabularies(self) -> None:
        from mentor_desk.ui.vocabulary_dialog import VocabularyDialog

        VocabularyDialog(self.ctx, self).exec()  # each change there refreshes the tabs

    def import_participants(self) -> None:
        from mentor_desk.ui.import_wizard import ImportWizard

        ImportWizard(self.ctx, self).exec()  # the wizard refreshes the tabs after writing

    def export_participants(self) -> None:
        """Выгрузка реестра: the rows the table shows now, or the whole register."""
        from mentor_desk.exchange.export import ExportError, export_register, guarded_labels
        from mentor_desk.ui.files import Progress, choose_save

        shown = self.register_tab.shown_ids()
        everyone = self.register_tab.active_ids()
        ids: list[int] | None = None
        if set(shown) != set(everyone):
            box = QMessageBox(QMessageBox.Icon.Question, "Экспорт участников",
                              "Кого выгрузить в Excel?", parent=self)  # fmt: skip
            box.setInformativeText(
                "У участников без действующего согласия на обработку персональных данных "
                f"не выгружаются: {', '.join(guarded_labels())}. Участники, отозвавшие "
                "согласие, не выгружаются совсем."
            )
            current = box.addButton(
                f"Текущий список ({len(shown)})", QMessageBox.ButtonRole.AcceptRole
            )
            box.addButton(f"Весь реестр ({len(everyone)})", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is None or box.buttonRole(box.clickedButton()) not in (
                QMessageBox.ButtonRole.AcceptRole,
            ):
                return
            ids = shown if box.clickedButton() is current else None
        suggested = f"Реестр участников {format_date(self.ctx.today())}.xlsx"
        path = choose_save(self, "export", "Экспорт участников в Excel", suggested)
        if path is None:
            return
        progress = Progress(self, "Выгрузка участников…")
        try:
            result = export_register(self.ctx.db.reader, path, self.ctx.today(), ids,
                                     progress.step)  # fmt: skip
        except ExportError as exc:
            QMessageBox.warning(self, "Mentor Desk", str(exc))
            return
        except Exception as exc:
            show_failure(self, exc, self.log_file)
            return
        finally:
            progress.close()
        self.statusBar().showMessage(f"{result.summary()} → {path}", 15000)

    def export_bundle(self) -> None:
        from mentor_desk.ui.bundle_dialog import BundleExportDialog

        BundleExportDialog(self.ctx, self).exec()

    def inspect_bundle(self) -> None:
        from mentor_desk.ui.bundle_dialog import inspect_file

        inspect_file(self, self.ctx)

    def save_template(self) -> None:
        from mentor_desk.ui.import_wizard import save_template

        path = save_template(self)
        if path:
            self.statusBar().showMessage(f"Шаблон сохранён: {path}", 10000)

    def backup_now(self) -> None:
        try:
            target = backup(self.ctx.db.path, reason="manual")
        except Exception as exc:
            show_failure(self, exc, self.log_file)
            return
        self.statusBar().showMessage(f"Резервная копия сохранена: {target}", 8000)

    def scheduled_backup(self) -> None:
        """A daily copy, taken quietly after start; failures only reach the status bar."""
        try:
            if backup_due(self.ctx.db.path, self.ctx.now()):
                backup(self.ctx.db.path, reason="daily")
        except Exception as exc:
            self.statusBar().showMessage(f"Не удалось сделать резервную копию: {exc}", 10000)

    def _open_folder(self, folder: Path | None) -> None:
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def about(self) -> None:
        QMessageBox.about(
            self,
            "О программе",
            f"<b>Mentor Desk</b> {__version__}<br>Рабочее место куратора целевой модели "
            "наставничества.<br><br>Все данные хранятся только на этом компьютере; "
            f"программа не обращается к сети.<br><br>База данных: {self.ctx.db.path}",
        )

    # --- geometry -----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = app_settings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            state = settings.value("main/state")
            if isinstance(state, QByteArray):
                self.restoreState(state)
        else:
            # First start: 1280×780, but never more than the screen (1366×768 and
            # 1024×768 are common on school PCs), leaving room for the taskbar and frame.
            screen = self.screen().availableGeometry()
            self.resize(min(1280, screen.width() - 40), min(780, screen.height() - 60))

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = app_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        self.register_tab.save_header()
        super().closeEvent(event)
