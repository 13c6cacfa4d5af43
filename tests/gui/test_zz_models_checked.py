"""Every table and list model of the window is checked by qtmodeltester somewhere.

Runs last among the GUI tests (file order) and checks what their qtmodeltester calls
recorded; when only part of the GUI tests ran, it has nothing to judge and skips.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel
from tests.gui.conftest import CHECKED_MODELS

import mentor_desk.ui


def _ui_models() -> set[type]:
    found: set[type] = set()
    for info in pkgutil.iter_modules(mentor_desk.ui.__path__, "mentor_desk.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, QAbstractItemModel):
                found.add(cls)
    return found


def test_every_ui_model_is_checked_by_qtmodeltester(request: pytest.FixtureRequest) -> None:
    here = Path(__file__).parent
    ran = {Path(str(item.fspath)).name for item in request.session.items}
    every = {path.name for path in here.glob("test_*.py")}
    if not every <= ran:
        pytest.skip("only part of the GUI tests ran")
    models = _ui_models()
    # A base class counts as checked when a subclass of it was.
    missing = sorted(
        cls.__qualname__ for cls in models
        if not any(issubclass(checked, cls) for checked in CHECKED_MODELS)
    )  # fmt: skip
    assert not missing, f"models never passed through qtmodeltester: {missing}"
