"""The yardstick: a bare PySide6 main window with an empty table, started the same way."""

import time

STARTED = time.time()  # first line of the script: the interpreter itself is already up

import sys  # noqa: E402

from PySide6.QtWidgets import QApplication, QMainWindow, QTableView  # noqa: E402
from shown import PaintWatch, peak_rss_mb, report, wait_painted  # noqa: E402

imported = time.time()
app = QApplication(sys.argv[:1])
opened = time.time()  # no database: the same stamp as the app's, after QApplication
window = QMainWindow()
table = QTableView()
window.setCentralWidget(table)
window.resize(1280, 780)
built = time.time()
watch = PaintWatch(table.viewport())
window.show()
wait_painted(app, window, watch)
painted = watch.first_paint_at  # stamped inside the paint event itself
report(
    script=STARTED,
    imported=imported,
    opened=opened,
    built=built,
    painted=painted,
    rows=0,
    peak_mb=peak_rss_mb(),
)
