"""What both start-up scripts share: wait until a widget has really been painted, report.

Only the standard library and PySide6 are imported here, so the bare start stays bare.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QApplication, QWidget


class PaintWatch(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = 0
        self.first_paint_at: float | None = None  # time.time() of the first paint
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            if self.first_paint_at is None:
                self.first_paint_at = time.time()
        return False


def wait_painted(
    app: QApplication, window: QWidget, watch: PaintWatch, timeout: float = 30
) -> None:
    """Process events until the window is exposed and the watched widget has painted."""
    deadline = time.monotonic() + timeout
    while not (window.windowHandle() and window.windowHandle().isExposed() and watch.paints):
        if time.monotonic() > deadline:
            raise SystemExit("window was not painted in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def report(**fields: object) -> None:
    """One JSON line on stdout for run_all.py; times are time.time() wall-clock stamps."""
    print(json.dumps(fields), flush=True)
