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


# The layers whose display reads live in mentor_desk.queries: they write through the ORM
# (SQLAlchemy's select()/update() are code, not SQL text) and hold no SQL string.
NO_SQL_TEXT = ("services", "exchange", "documents")
# (layer/module, why) of raw SQL that must stay there: none today.
KNOWN_SQL_TEXT: set[str] = set()


def _sql_text_modules() -> set[str]:
    package = ROOT / "src" / "mentor_desk"
    return {
        str(path.relative_to(package).with_suffix(""))
        for layer in NO_SQL_TEXT
        for path in sorted((package / layer).rglob("*.py"))
        if "SQL string" in _sql_in(ast.parse(path.read_text(encoding="utf-8")))
    }


def test_services_exchange_and_documents_hold_no_sql_text() -> None:
    """A display read is written once, in mentor_desk.queries; a use case that needs it
    inside its transaction runs it on storage.database.session_connection()."""
    new = _sql_text_modules() - KNOWN_SQL_TEXT
    assert not new, f"SQL text outside mentor_desk.queries (move the read there): {sorted(new)}"


def test_the_sql_check_sees_sql_and_lets_the_orm_be() -> None:
    """The check itself: a query in a string is caught, an ORM statement is not."""
    caught = ast.parse('ROWS = "SELECT id FROM mentorship WHERE status = ?"')
    orm = ast.parse("rows = session.scalars(select(Mentorship).where(Mentorship.id == 1))")
    words = ast.parse('HELP = "Select the pairs from the board, then update the list"')
    assert "SQL string" in _sql_in(caught)
    assert "SQL string" not in _sql_in(orm)
    assert "SQL string" not in _sql_in(words)


# Below the GUI the time of day is an argument: the GUI passes ctx.today() or ctx.now(),
# the command line its own; (module, why) of the reads that must stay.
_CLOCK_LAYERS = ("domain", "services", "exchange", "documents", "queries", "storage")
KNOWN_CLOCK_READS = {
    "storage/database": "a backup copy is named by the moment its file is written",
    # The format library stamps a bundle made without a time; services always pass `now`.
    "exchange/bundle/writer": "a bundle's creation time when the caller gives none",
}
_CLOCK_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow")}


def _clock_reads(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and (node.func.value.id, node.func.attr) in _CLOCK_CALLS
        for node in ast.walk(tree)
    )


def _clock_modules() -> set[str]:
    package = ROOT / "src" / "mentor_desk"
    return {
        str(path.relative_to(package).with_suffix(""))
        for layer in _CLOCK_LAYERS
        for path in sorted((package / layer).rglob("*.py"))
        if _clock_reads(ast.parse(path.read_text(encoding="utf-8")))
    }


def test_no_layer_below_the_gui_reads_the_wall_clock() -> None:
    found = _clock_modules()
    assert found - set(KNOWN_CLOCK_READS) == set(), "pass today/now in from the caller"
    assert set(KNOWN_CLOCK_READS) - found == set(), "remove the stale KNOWN_CLOCK_READS entry"
    assert _clock_reads(ast.parse("x = today or date.today()"))
    assert not _clock_reads(ast.parse("x = ctx.today()"))
