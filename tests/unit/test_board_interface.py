"""The board's panels and dialogs use its small interface (ui.board_actions), not the tab."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "src" / "mentor_desk" / "ui"
USERS = ("board_panels", "matching_dialogs", "pair_dialogs", "program_dialog",
         "program_meetings", "program_plan", "board_models")  # fmt: skip


def _imported(module: str) -> set[str]:
    tree = ast.parse((UI / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_no_panel_or_dialog_imports_the_board_tab() -> None:
    for module in USERS:
        assert "mentor_desk.ui.board_tab" not in _imported(module), module


def test_the_board_tab_is_what_its_panels_are_given() -> None:
    from mentor_desk.ui.board_actions import BoardActions
    from mentor_desk.ui.board_tab import BoardTab

    wanted = {
        name for name in dir(BoardActions) if not name.startswith("_") and name not in dir(object)
    }
    assert wanted and all(hasattr(BoardTab, name) or name == "ctx" for name in wanted)
