"""Russian names in SQL: one search and sort key that agrees on SQLite and PostgreSQL.

Neither backend folds Cyrillic by itself the way the app needs: SQLite's lower() and
NOCASE know only ASCII, PostgreSQL's lower() depends on the server's locale (ASCII only
under "C"), and neither equates «ё» with «е». The key here is domain.text.fold on both:

- SQLite: the function md_fold, which is fold itself, registered on every connection the
  app opens (storage.database.register_functions);
- PostgreSQL: lower() plus an explicit translate() of the Cyrillic capitals and «ё», and
  whitespace collapsed, under COLLATE "C" so the order is by code point, as SQLite's BINARY
  order and Python's sorted() are.

So `ORDER BY name_key(...)` lists «абрамов, Ёлкин, ЕЛКИН, ёлкина, Яковлев» alike on both,
and `name_matches(column, "елк")` finds the same rows as `fold(query) in fold(name)`.
Agreement is guaranteed for Cyrillic (Russian, Ukrainian, Belarusian letters), Latin ASCII,
digits, punctuation and ordinary spaces: the letters of names in a Russian school.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, literal_column, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, func
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from mentor_desk.domain.text import fold
from mentor_desk.storage.database import SQLITE_FOLD

_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЄІЇҐЎё"
_LOWER = "абвгдеежзийклмнопрстуфхцчшщъыьэюяєіїґўе"
assert len(_UPPER) == len(_LOWER)
assert all(fold(u) == fold(lo) for u, lo in zip(_UPPER, _LOWER, strict=True))


class name_key(FunctionElement[str]):
    """fold(expr) in SQL: the search and sort key of a name (see the module)."""

    type = String()
    inherit_cache = True
    name = "name_key"


@compiles(name_key)
def _default(element: name_key, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(name_key, "sqlite")
def _sqlite(element: name_key, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{SQLITE_FOLD}({compiler.process(element.clauses, **kw)})"


@compiles(name_key, "postgresql")
def _postgresql(element: name_key, compiler: SQLCompiler, **kw: Any) -> str:
    inner = compiler.process(element.clauses, **kw)
    folded = f"translate(lower({inner}), '{_UPPER}', '{_LOWER}')"
    spaced = f"regexp_replace({folded}, '[[:space:]]+', ' ', 'g')"
    return f'btrim({spaced}) COLLATE "C"'


def full_name_key(
    last: ColumnElement[str], first: ColumnElement[str], middle: ColumnElement[str]
) -> name_key:
    """The key of «Фамилия Имя Отчество», as fold(full_name(last, first, middle))."""
    sep: ColumnElement[str] = literal_column("' '", String())
    return name_key(last + sep + first + sep + func.coalesce(middle, ""))


def name_matches(key: ColumnElement[str], query: str) -> ColumnElement[bool]:
    """Every word of the query occurs in the key: «елк мар» finds «Ёлкина Мария».

    `key` is a name_key(...) expression; the query is folded in Python, LIKE wildcards in it
    are matched literally.
    """
    words = fold(query).split()
    if not words:
        return true()
    return and_(*(key.contains(word, autoescape=True) for word in words))


def python_key(name: str) -> str:
    """The same key in Python, for rows already read (sorted(rows, key=...))."""
    return fold(name)
