"""The house is checked, not remembered: the layer order and a GUI without SQL."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "src" / "mentor_desk" / "ui"

# A string literal that reads like a query: a statement keyword followed by its clause.
_SQL = re.compile(
    r"\b(SELECT\b.*\bFROM|INSERT\s+INTO|UPDATE\b.*\bSET|DELETE\s+FROM|CREATE\s+TABLE)\b",
    re.DOTALL,
)

# Today's offenders (module, what): display reads move to mentor_desk.queries and the
# sqlite3.Error catches move behind a service or query (issue 10); empty this after the merge.
KNOWN_SQL_IN_UI: set[tuple[str, str]] = set()


def test_import_contracts_are_kept() -> None:
    """The contracts in pyproject.toml, [tool.importlinter], all hold."""
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert code == 0, "lint-imports found a broken layer contract (run `lint-imports`)"


def _sql_in(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            if any(n == "sqlite3" or n.startswith("sqlite3.") for n in names):
                found.add("sqlite3 import")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"execute", "executemany", "executescript"}:
                found.add("execute() call")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _SQL.search(node.value)
        ):
            found.add("SQL string")
    return found


def _ui_sql() -> set[tuple[str, str]]:
    return {
        (path.stem, what)
        for path in sorted(UI.rglob("*.py"))
        for what in _sql_in(ast.parse(path.read_text(encoding="utf-8")))
    }


def test_ui_holds_no_sql() -> None:
    """ui/ runs no queries of its own: display reads live in mentor_desk.queries."""
    new = _ui_sql() - KNOWN_SQL_IN_UI
    assert not new, f"SQL in ui/ (move it to mentor_desk.queries or a service): {sorted(new)}"


def test_known_sql_exceptions_are_still_real() -> None:
    """An exception that is gone leaves the list, so the list only shrinks."""
    stale = KNOWN_SQL_IN_UI - _ui_sql()
    assert not stale, f"remove from KNOWN_SQL_IN_UI: {sorted(stale)}"
