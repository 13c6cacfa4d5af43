"""The change bus and run_action in the real window: an action says what it changed, a tab
re-reads only what it shows (a hidden one only marks itself stale), a refusal or failure
keeps the data as it was and says so, naming the log file."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.gui.conftest import PROFILE, add_person, student
from tests.helpers import TODAY

from mentor_desk.domain.participants import ParticipantData
from mentor_desk.services import participants
from mentor_desk.services.profile import save_profile
from mentor_desk.ui.actions import run_action
from mentor_desk.ui.context import Changes


@pytest.fixture
def reloads(window, monkeypatch) -> dict[str, int]:
    """How often the register and the board really re-read the database."""
    counts = {"register": 0, "board": 0}
    register, board = window.register_tab, window.board_tab
    read_register, read_board = register.reload, board.refresh

    def register_reload() -> None:
        counts["register"] += 1
        read_register()

    def board_refresh() -> None:
        if board.dirty or board.board is None:
            counts["board"] += 1
        read_board()

    monkeypatch.setattr(register, "reload", register_reload)
    monkeypatch.setattr(board, "refresh", board_refresh)
    return counts


def _people(ctx) -> int:  # type: ignore[no-untyped-def]
    return int(ctx.db.reader.execute("SELECT count(*) FROM participant").fetchone()[0])


def test_a_pairs_change_leaves_the_register_alone(qtbot, window, ctx, reloads) -> None:
    ctx.announce(Changes.PAIRS)
    qtbot.wait(600)  # longer than the register's stale timer
    assert reloads["register"] == 0
    assert window.board_tab.dirty  # hidden: only marked, read when shown
    assert reloads["board"] == 0
    window.show_board()
    qtbot.waitUntil(lambda: not window.board_tab.dirty)
    assert reloads["board"] == 1


def test_a_people_change_reloads_the_shown_register_and_marks_the_hidden_board(
    qtbot, window, ctx, reloads
) -> None:
    window.board_tab.refresh()
    reloads["board"] = 0
    data = ParticipantData(**student("Сидорова", "Анна"))  # type: ignore[arg-type]
    done = run_action(window, ctx, Changes.PEOPLE, lambda s: participants.create(s, data, TODAY))
    assert done and isinstance(done.value, int)
    qtbot.waitUntil(lambda: window.register_tab.proxy.rowCount() == 1)
    assert reloads["register"] == 1
    assert window.board_tab.dirty and reloads["board"] == 0


def test_a_profile_change_renames_the_window_without_rereading_the_tabs(
    qtbot, window, ctx, reloads
) -> None:
    renamed = replace(PROFILE, short_name="МБОУ СОШ № 7")
    assert run_action(window, ctx, Changes.PROFILE, lambda s: save_profile(s, renamed))
    assert "МБОУ СОШ № 7" in window.windowTitle()
    qtbot.wait(50)
    assert reloads == {"register": 0, "board": 0}


def test_the_bus_tells_what_changed_and_who_did_it(qtbot, window, ctx) -> None:
    heard: list[tuple[Changes, object]] = []
    ctx.bus.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    add = run_action(
        window, ctx, Changes.PEOPLE, lambda s: participants.create(
            s, ParticipantData(**student("Орлов")), TODAY  # type: ignore[arg-type]
        ), initiator=window.register_tab,
    )  # fmt: skip
    assert add
    assert heard == [(Changes.PEOPLE, window.register_tab)]


def test_a_refusal_is_shown_and_nothing_is_written(qtbot, window, ctx, message_boxes) -> None:
    heard: list[object] = []
    ctx.bus.changed.connect(lambda *args: heard.append(args))

    def refuse(session) -> None:  # type: ignore[no-untyped-def]
        participants.create(session, ParticipantData(**student("Лишний")), TODAY)  # type: ignore[arg-type]
        raise participants.NotFound("Участник не найден: его удалили в другом окне.")

    outcome = run_action(window, ctx, Changes.PEOPLE, refuse, title="Реестр",
                         refused=participants.NotFound)  # fmt: skip
    assert not outcome and outcome.value is None
    assert message_boxes == [("warning", "Участник не найден: его удалили в другом окне.")]
    assert _people(ctx) == 0 and heard == []


def test_a_failure_names_the_log_file_and_rolls_back(
    qtbot, window, ctx, message_boxes, tmp_path
) -> None:
    ctx.log_file = tmp_path / "logs" / "mentor-desk.log"
    add_person(ctx, **student("Первый"))

    def broken(session) -> None:  # type: ignore[no-untyped-def]
        participants.create(session, ParticipantData(**student("Второй")), TODAY)  # type: ignore[arg-type]
        raise RuntimeError("диск отключён")

    assert not run_action(window, ctx, Changes.PEOPLE, broken)
    kind, text = message_boxes[-1]
    assert kind == "warning"
    assert "диск отключён" in text and "Изменения не сохранены" in text
    assert str(ctx.log_file) in text
    assert _people(ctx) == 1


def test_a_known_database_failure_names_the_log_file_too(
    qtbot, window, ctx, message_boxes, tmp_path
) -> None:
    import sqlite3

    ctx.log_file = tmp_path / "mentor-desk.log"

    def busy(session) -> None:  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database is locked")

    assert not run_action(window, ctx, Changes.PEOPLE, busy)
    text = message_boxes[-1][1]
    assert "База данных занята" in text and str(ctx.log_file) in text
