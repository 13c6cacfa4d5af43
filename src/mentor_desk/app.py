"""The desktop application: single-instance lock, database checks, wizard, main window."""

from __future__ import annotations

import logging
import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, QLockFile, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from mentor_desk.bootstrap import open_school_database
from mentor_desk.paths import APP_AUTHOR, APP_NAME
from mentor_desk.queries.profile import load_profile
from mentor_desk.storage.database import (
    Database,
    DatabaseCorrupt,
    DatabaseError,
    check_file,
    latest_good_backup,
    restore_backup,
)
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.errors import install_excepthook
from mentor_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class AlreadyOpen(DatabaseError):
    pass


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setOrganizationName(APP_AUTHOR)
    QApplication.setApplicationName(APP_NAME)
    app = QApplication(sys.argv[:1])
    install_russian(app)
    return app


def install_russian(app: QApplication) -> None:
    """Standard buttons (OK, Отмена, Да, Нет) in Russian; call before any widget is made."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    translator = QTranslator(app)
    if translator.load("qtbase_ru", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    else:
        log.warning("Qt's Russian translation (qtbase_ru) not found; standard buttons in English")


def lock_database(path: Path) -> QLockFile:
    """Refuse a second Mentor Desk on the same file: two writers would lose each other's work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(f"{path}.lock")
    lock.setStaleLockTime(0)  # a live holder is never stale; a crashed one is detected by PID
    if not lock.tryLock(100):
        raise AlreadyOpen(
            f"Эта база уже открыта в другом окне Mentor Desk:\n{path}\n\n"
            "Перейдите в уже открытое окно (возможно, на другом компьютере, если база на "
            "сетевом диске). Если программа закрылась с ошибкой на другом компьютере и "
            f"больше нигде не открыта, удалите файл {path}.lock и запустите её снова."
        )
    return lock


def open_with_recovery(path: Path) -> Database | None:
    """Open the database; a broken file leads to the offer of its latest good backup."""
    try:
        return open_school_database(path)
    except DatabaseCorrupt as exc:
        log.error("corrupt database %s: %s", path, exc.detail)
        good = latest_good_backup(path)
        if good is None:
            QMessageBox.critical(
                None,
                "Mentor Desk",
                f"{exc}\n\nРезервных копий этой базы не найдено. Файл не изменён. "
                "Обратитесь к специалисту или укажите другой файл (--db).",
            )
            return None
        answer = QMessageBox.question(
            None,
            "Mentor Desk — база повреждена",
            f"{exc}\n\nОткрыть последнюю исправную резервную копию от "
            f"{time.strftime('%d.%m.%Y %H:%M', time.localtime(good.stat().st_mtime))}?\n\n"
            "Повреждённый файл не будет удалён или перезаписан: он будет переименован и "
            "останется рядом.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        aside = restore_backup(path, good)
        check_file(path)
        QMessageBox.information(
            None, "Mentor Desk", f"Открыта резервная копия. Повреждённый файл сохранён как\n{aside}"
        )
        return open_school_database(path)
    except DatabaseError as exc:
        QMessageBox.critical(None, "Mentor Desk", str(exc))
        return None


def run_gui(path: Path, *, demo: bool, log_file: Path | None) -> int:
    app = make_application()
    try:
        lock = lock_database(path)
    except DatabaseError as exc:
        QMessageBox.warning(None, "Mentor Desk", str(exc))
        return 1
    db = open_with_recovery(path)
    if db is None:
        return 1
    ctx = AppContext(db, demo=demo, log_file=log_file)
    install_excepthook(log_file, lambda: QApplication.activeWindow())
    if load_profile(db.reader) is None:
        from mentor_desk.ui.profile import ProfileWizard

        if not ProfileWizard(ctx).exec():
            db.close()
            return 0
    window = MainWindow(ctx)
    window.show()
    code = app.exec()
    db.close()
    lock.unlock()
    return code


def run_district(path: Path, *, log_file: Path | None) -> int:
    """The municipality's window on its workspace (created when absent)."""
    from mentor_desk.services.district import DistrictError, open_workspace
    from mentor_desk.ui.district_window import DistrictWindow

    app = make_application()
    try:
        lock = lock_database(path)
    except DatabaseError as exc:
        QMessageBox.warning(None, "Mentor Desk", str(exc))
        return 1
    try:
        db = open_workspace(path)
    except (DistrictError, DatabaseError) as exc:
        QMessageBox.critical(None, "Mentor Desk", str(exc))
        lock.unlock()
        return 1
    ctx = AppContext(db, log_file=log_file)
    install_excepthook(log_file, lambda: QApplication.activeWindow())
    window = DistrictWindow(ctx)
    window.resize(1366, 768)
    window.show()
    code = app.exec()
    db.close()
    lock.unlock()
    return code


def _check_engines() -> list[str]:
    """The parts an installer can leave out: the document renderers with their fonts and
    templates, and the matching solver (scipy). Each is asked for a small real result."""
    problems = []
    try:
        from mentor_desk.documents.docx import docx_bytes
        from mentor_desk.documents.orders import pairs_order
        from mentor_desk.documents.pdf import pdf_bytes
        from mentor_desk.documents.samples import sample_pairs_order

        order = pairs_order(sample_pairs_order(3))
        if not pdf_bytes(order).startswith(b"%PDF") or not docx_bytes(order):
            problems.append("документы: PDF или DOCX не собираются")
    except Exception as exc:  # whatever is missing, the admin must read it
        problems.append(f"документы: {exc}")
    try:
        from mentor_desk.domain.matching import MenteeProfile, MentorProfile, Weights, assign
        from mentor_desk.domain.participants import Category

        mentee = MenteeProfile(1, "Ученик", Category.STUDENT, frozenset({"олимпиады"}))
        mentor = MentorProfile(2, "Учитель", Category.TEACHER, frozenset({"олимпиады"}))
        if assign([mentee], [mentor], Weights()) != [(1, 2)]:
            problems.append("подбор пар: неверный результат")
    except Exception as exc:
        problems.append(f"подбор пар: {exc}")
    return problems


def selftest(path: Path, started: float, today: date | None = None) -> int:
    """Start the real window, visit every tab, check the database; never asks anything."""
    app = make_application()
    lock = lock_database(path)
    db = open_school_database(path)
    ctx = AppContext(db, today=(lambda: today) if today else date.today)
    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    shown_ms = (time.perf_counter() - started) * 1000
    deadline = time.perf_counter() + 60
    while not window.register_tab.loaded and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    filled_ms = (time.perf_counter() - started) * 1000
    problems = [] if window.register_tab.loaded else ["таблица участников не заполнилась"]
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        if window.tabs.currentWidget().grab().isNull():
            problems.append(f"вкладка «{window.tabs.tabText(index)}» не отрисовалась")
    try:
        check_file(path, full=True)
    except DatabaseError as exc:
        problems.append(str(exc))
    try:  # the wizard's form is loaded only on first start: check it is installed
        from mentor_desk.ui.profile import load_form

        load_form("school_profile.ui").deleteLater()
    except (OSError, RuntimeError) as exc:
        problems.append(str(exc))
    problems += _check_engines()
    shown = window.register_tab.model.rowCount()
    board = window.board_tab  # built and read when its tab was visited above
    if board.board is None:
        problems.append("доска пар и групп не прочитана")
    roadmap = window.roadmap_tab  # likewise built and read when its tab was visited
    if not roadmap.loaded:
        problems.append("дорожная карта не прочитана")
    monitoring = window.monitoring_tab  # visited above; its figures come from a worker
    if not monitoring.wait_loaded(30_000) or monitoring.board is None:
        problems.append("показатели мониторинга не подсчитаны")
    print(f"окно показано за {shown_ms:.0f} мс, таблица участников заполнена за {filled_ms:.0f} мс")
    print(f"вкладки: {', '.join(window.tabs.tabText(i) for i in range(window.tabs.count()))}")
    print(f"участников в базе: {shown}; пар и групп на доске: {board.card_model.rowCount()}; "
          f"база: {path}")  # fmt: skip
    print(f"дорожных карт: {len(roadmap.roadmaps)}; мероприятий в показанной: "
          f"{len(roadmap.model.items)}")  # fmt: skip
    if monitoring.board is not None:
        known = sum(r.value is not None for r in monitoring.board.results)
        print(f"показателей мониторинга: {len(monitoring.board.results)}, "
              f"с данными: {known}; набор: {monitoring.board.indicator_set.key}")  # fmt: skip
    window.close()
    db.close()
    lock.unlock()
    for problem in problems:
        print(f"ОШИБКА: {problem}", file=sys.stderr)
    print("selftest: " + ("ошибки" if problems else "всё в порядке"))
    return 1 if problems else 0
