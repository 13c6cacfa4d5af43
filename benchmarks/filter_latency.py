"""Register responsiveness on a big database, in one process with the real MainWindow.

Times each keystroke into the search box from the key event to the repainted table, then
category/consent combo changes and header-click sorts, and the daily backup's work.
Usage: filter_latency.py DB
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from shown import PaintWatch, report, wait_painted

from mentor_desk.app import lock_database, make_application
from mentor_desk.bootstrap import open_school_database
from mentor_desk.storage.database import check_file
from mentor_desk.ui.context import AppContext
from mentor_desk.ui.main_window import MainWindow, warm_up
from mentor_desk.ui.register_model import (
    COL_BIRTH,
    COL_CATEGORY,
    COL_CLASS,
    COL_CONSENT,
    COL_NAME,
    HEADERS,
)

TYPED = ["семёнова а", "иван"]  # typed key by key; the first is then backspaced away
ROUNDS = 3


def key(widget: object, char: str) -> None:
    """One key press + release; QTest.keyClicks only knows ASCII, so build the events."""
    code = Qt.Key.Key_Backspace if char == "\b" else Qt.Key.Key_unknown
    text = "" if char == "\b" else char
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, text))


def time_backup(path: Path) -> float:
    """Milliseconds of what backup() does: full integrity check, then a copy (to a temp dir)."""
    start = time.perf_counter()
    check_file(path, full=True)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite3"
        with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(copy)) as target:
            source.backup(target)
    return (time.perf_counter() - start) * 1000


def main(path: Path) -> None:
    app = make_application()
    lock = lock_database(path)
    db = open_school_database(path)
    started = time.perf_counter()
    window = MainWindow(AppContext(db))
    tab = window.register_tab
    watch = PaintWatch(tab.table.viewport())
    window.show()
    wait_painted(app, window, watch)
    while not tab.loaded:  # the register fills right after the first paint
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    app.processEvents()
    open_ms = (time.perf_counter() - started) * 1000
    # MainWindow takes the daily backup 5 s after start, on the GUI thread: take it now so
    # it does not land inside a timed action, and time the same work on its own.
    window.scheduled_backup()
    backup_ms = time_backup(path)
    warm_up()  # the window imports the editing code in a thread a moment after start

    fallbacks = 0

    def timed(action: Callable[[], None]) -> float:
        """Milliseconds from the action to the repainted table (as the event loop does it)."""
        nonlocal fallbacks
        before = watch.paints
        start = time.perf_counter()
        action()
        app.processEvents()
        if watch.paints == before:  # the update was not delivered yet: paint now
            fallbacks += 1
            tab.table.viewport().repaint()
        return (time.perf_counter() - start) * 1000

    keystrokes, shown = [], []
    for _ in range(ROUNDS):
        first, second = TYPED
        for char in first + "\b" * len(first) + second + "\b" * len(second):
            keystrokes.append(timed(lambda c=char: key(tab.search, c)))
            shown.append(tab.proxy.rowCount())
    assert tab.search.text() == "", tab.search.text()

    combos = {}
    for combo, index in [(tab.category, 2), (tab.consent, 2), (tab.consent, 0), (tab.category, 0)]:
        combos[f"→ «{combo.itemText(index)}»"] = timed(
            lambda c=combo, i=index: c.setCurrentIndex(i)
        )

    header = tab.table.horizontalHeader()
    sorts = {}  # the first click on ФИО reverses the initial ascending order
    for column in [COL_NAME, COL_NAME, COL_CLASS, COL_BIRTH, COL_CATEGORY, COL_CONSENT]:
        spot = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
        took = timed(
            lambda s=spot: QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=s)
        )
        assert header.sortIndicatorSection() == column
        arrow = "↑" if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder else "↓"
        sorts[f"{HEADERS[column]} {arrow}"] = took

    ordered = sorted(keystrokes)
    report(
        rows=tab.model.rowCount(),
        open_ms=open_ms,
        backup_ms=backup_ms,
        keystrokes=len(keystrokes),
        key_median_ms=statistics.median(keystrokes),
        key_p95_ms=ordered[round(0.95 * (len(ordered) - 1))],
        key_max_ms=ordered[-1],
        key_ms=keystrokes,
        shown=shown,
        combo_ms=combos,
        sort_ms=sorts,
        paint_fallbacks=fallbacks,
    )
    db.close()
    lock.unlock()


if __name__ == "__main__":
    main(Path(sys.argv[1]).absolute())
