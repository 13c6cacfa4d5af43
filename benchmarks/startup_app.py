"""What `mentor-desk --db DB` does for an existing database with a profile, up to the
painted register; then scrolls to the bottom of the table and reports the peak memory.

Usage: startup_app.py DB
"""

import time

STARTED = time.time()  # first line of the script: the interpreter itself is already up

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import QEventLoop  # noqa: E402
from shown import PaintWatch, peak_rss_mb, report, wait_painted  # noqa: E402

import mentor_desk.cli  # noqa: E402, F401  (what the mentor-desk script imports first)
from mentor_desk.app import lock_database, make_application  # noqa: E402
from mentor_desk.bootstrap import (  # noqa: E402
    open_school_database,
    setup_logging,
)
from mentor_desk.queries.profile import load_profile  # noqa: E402
from mentor_desk.ui.context import AppContext  # noqa: E402
from mentor_desk.ui.main_window import MainWindow  # noqa: E402

imported = time.time()
path = Path(sys.argv[1]).absolute()
setup_logging()
app = make_application()
lock = lock_database(path)
db = open_school_database(path)
ctx = AppContext(db)
if load_profile(db.reader) is None:  # the real start would show the wizard here
    raise SystemExit(f"{path} has no school profile")
opened = time.time()
window = MainWindow(ctx)
built = time.time()
table = window.register_tab.table
watch = PaintWatch(table.viewport())
window.show()
wait_painted(app, window, watch)
painted = watch.first_paint_at  # stamped inside the paint event itself
# The window paints first; the register fills on the next turn of the event loop.
# (Wait by sleeping in the event loop: millions of busy processEvents() calls trip a
# PySide6 refcount bug, "deallocating None", on Python 3.11.)
while not window.register_tab.loaded:
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
table.viewport().repaint()  # the filled table on screen
filled = time.time()

table.scrollToBottom()  # for the memory figure: every row has been reachable
table.viewport().repaint()
app.processEvents()
rows = window.register_tab.proxy.rowCount()
report(script=STARTED, imported=imported, opened=opened, built=built, painted=painted,
       filled=filled,
       rows=rows, peak_mb=peak_rss_mb())  # fmt: skip
db.close()
lock.unlock()
