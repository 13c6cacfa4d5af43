"""One user action at school size: how long until the window has repainted, and how much
work it causes in the second after (tabs that re-read behind the user's back).

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/actions.py DB [--runs 10] [--json]

DB is a demo database (benchmarks/run_all.py makes `out/demo_20k.sqlite3`: 20,000 people).
The real MainWindow opens it with the register filled, then, timed:
- a board drop: a free mentee dragged onto a teacher on the pair board (a new pair), from
  the drop event until the board has repainted; then Ctrl+Z of it;
- a register edit: a person's note changed in the participant dialog, from «Сохранить»
  until the register has repainted.
After each action the event loop runs one more second; the CPU time spent in it is the
"echo": re-reads by other tabs (the goal is none for tabs that do not show what changed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests.gui.board_helpers: the same drag as the tests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication
    from tests.gui.board_helpers import drag

    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.ui import participant_dialog
    from mentor_desk.ui.context import AppContext
    from mentor_desk.ui.main_window import MainWindow

    app = QApplication([])
    db = open_school_database(args.db)
    window = MainWindow(AppContext(db))
    window.resize(1366, 768)
    window.show()
    register = window.register_tab
    deadline = time.perf_counter() + 60
    while not register.loaded and time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    people = register.model.rowCount()

    def settle(until, views) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        limit = started + 20
        while not until() and time.perf_counter() < limit:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        for view in views:
            view.viewport().repaint()
        return time.perf_counter() - started

    def echo() -> float:
        """CPU seconds the event loop spends in the second after an action."""
        cpu = time.process_time()
        end = time.perf_counter() + 1.0
        while time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)
        return time.process_time() - cpu

    board = window.show_board()
    settle(lambda: board.board is not None, [board.card_view])
    views = [board.card_view, board.free_view, board.mentor_view]
    drops, drop_echo, undos = [], [], []
    for run in range(args.runs):
        count = board.card_model.rowCount()
        free_index = board.free_proxy.index(run % 20, 0)
        target = next(
            board.mentor_proxy.index(row, 0)
            for row in range(board.mentor_proxy.rowCount())
            if "учитель" in str(board.mentor_proxy.index(row, 0).data())
        )
        started = time.perf_counter()
        drag(board.free_view, free_index, board.mentor_view, target)
        settle(lambda c=count: board.card_model.rowCount() != c, views)
        drops.append(time.perf_counter() - started)
        drop_echo.append(echo())
        if board.card_model.rowCount() == count:
            continue  # refused by the rules
        started = time.perf_counter()
        board.undo_stack.undo()
        settle(lambda c=count: board.card_model.rowCount() == c, views)
        undos.append(time.perf_counter() - started)
        echo()

    window.tabs.setCurrentWidget(register)
    settle(lambda: True, [register.table])
    edits, edit_echo = [], []
    saved: list[float] = []

    def exec_and_save(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.note.setPlainText(f"замер {len(saved)}")
        saved.append(time.perf_counter())
        dialog.accept()
        return int(dialog.result())

    participant_dialog.ParticipantDialog.exec = exec_and_save  # type: ignore[method-assign]
    for run in range(args.runs):
        register.table.selectRow(run)
        register.edit_selected()
        settle(lambda: True, [register.table])
        edits.append(time.perf_counter() - saved[-1])
        edit_echo.append(echo())
    window.close()
    db.close()

    def ms(values: list[float]) -> str:
        return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"

    result = {
        "people": people,
        "drop_median_ms": statistics.median(drops) * 1000,
        "drop_max_ms": max(drops) * 1000,
        "drop_echo_cpu_ms": statistics.median(drop_echo) * 1000,
        "undo_median_ms": statistics.median(undos) * 1000 if undos else None,
        "edit_median_ms": statistics.median(edits) * 1000,
        "edit_echo_cpu_ms": statistics.median(edit_echo) * 1000,
    }
    print(f"{people:,} people. Board drop: {ms(drops)}, then "
          f"{result['drop_echo_cpu_ms']:.0f} ms of CPU in the next second; undo "
          f"{ms(undos) if undos else '—'}. Register edit: {ms(edits)}, then "
          f"{result['edit_echo_cpu_ms']:.0f} ms of CPU in the next second.")  # fmt: skip
    if args.json:
        print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # PySide6 6.12 may crash in the final garbage collection (see board.py)


if __name__ == "__main__":
    main()
