"""The pair board with 300 pairs and groups: how long one change takes to show.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/board.py [--runs 20] [--json]

A demo school (1,500 students, 200 teachers) gets 300 pairs and groups through the
services, then the real MainWindow shows the board. Timed, from the user's action until
the board has repainted:
- a drop of a free mentee onto a mentor (a new pair: one transaction, the board re-read,
  the three lists updated in place);
- Ctrl+Z of that pair;
- a keystroke in the board's search.
Also counted: model resets of the three lists during all of it (the goal is none: the
lists change row by row, so selection and scroll stay).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests.gui.board_helpers: the same drag as the tests

TODAY = date(2026, 11, 23)


def make_db(folder: Path) -> Path:
    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.demo import generate_demo
    from mentor_desk.queries.board import read_board
    from mentor_desk.services import pairs

    path = folder / "board.sqlite3"
    db = open_school_database(path)
    generate_demo(db, students=1500, teachers=200, seed=1, today=TODAY)
    board = read_board(db.reader, TODAY)
    made = len([c for c in board.cards if c.status.value != "ended"])
    free = list(board.free_mentees)
    with db.transaction() as session:
        for mentor in board.mentors:
            room = mentor.capacity - board.load.get(mentor.id, 0)
            while room > 0 and free and made < 300:
                mentee = free.pop()
                try:
                    pairs.create(session, mentor.id, [mentee.id], TODAY)
                except pairs.PairError:
                    continue
                made += 1
                room -= 1
    db.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QEventLoop, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication
    from tests.gui.board_helpers import drag

    from mentor_desk.bootstrap import open_school_database
    from mentor_desk.ui.context import AppContext
    from mentor_desk.ui.main_window import MainWindow

    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = make_db(Path(folder))
        db = open_school_database(path)
        ctx = AppContext(db, today=lambda: TODAY)
        window = MainWindow(ctx)
        window.resize(1400, 900)
        window.show()
        board = window.show_board()
        app.processEvents()
        cards = len([c for c in board.board.cards if c.status.value != "ended"])
        resets = 0

        def count_reset() -> None:
            nonlocal resets
            resets += 1

        for model in (board.free_model, board.mentor_model, board.card_model):
            model.modelReset.connect(count_reset)

        def settle(until) -> float:
            started = time.perf_counter()
            deadline = started + 10
            while not until() and time.perf_counter() < deadline:
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            board.card_view.viewport().repaint()
            board.free_view.viewport().repaint()
            board.mentor_view.viewport().repaint()
            return time.perf_counter() - started

        drops, undos, keys = [], [], []
        for run in range(args.runs):
            count = board.card_model.rowCount()
            free_index = board.free_proxy.index(run % 20, 0)
            # Any teacher: one over capacity is allowed, with a warning on the card.
            target = next(
                board.mentor_proxy.index(row, 0)
                for row in range(board.mentor_proxy.rowCount())
                if "учитель" in str(board.mentor_proxy.index(row, 0).data())
            )
            started = time.perf_counter()
            drag(board.free_view, free_index, board.mentor_view, target)
            settle(lambda c=count: board.card_model.rowCount() != c)
            drops.append(time.perf_counter() - started)
            if board.card_model.rowCount() == count:
                continue  # the rules refused this pair (a message would have said why)
            started = time.perf_counter()
            board.undo_stack.undo()
            settle(lambda c=count: board.card_model.rowCount() == c)
            undos.append(time.perf_counter() - started)
        for text in ("иван", "иванова"):
            for char in text:
                started = time.perf_counter()
                event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                  Qt.KeyboardModifier.NoModifier, char)  # fmt: skip
                QApplication.sendEvent(board.search, event)
                board.card_view.viewport().repaint()
                keys.append(time.perf_counter() - started)
            board.search.clear()
        window.close()
        db.close()

    def ms(values: list[float]) -> str:
        return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"

    result = {
        "live_pairs": cards,
        "drop_median_ms": statistics.median(drops) * 1000,
        "drop_max_ms": max(drops) * 1000,
        "undo_median_ms": statistics.median(undos) * 1000 if undos else None,
        "key_median_ms": statistics.median(keys) * 1000,
        "model_resets": resets,
    }
    print(f"board with {cards} live pairs and groups: drop onto a mentor {ms(drops)}; "
          f"undo {ms(undos) if undos else '—'}; search key {ms(keys)}; "
          f"list model resets: {resets}")  # fmt: skip
    if args.json:
        print(json.dumps(result))
    sys.stdout.flush()
    # PySide6 6.12 can crash in the interpreter's final garbage collection after event
    # loops run by hand like these; the figures are out, so leave without it.
    os._exit(0)


if __name__ == "__main__":
    main()
