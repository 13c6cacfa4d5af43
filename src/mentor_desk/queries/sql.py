"""Helpers every query module shares: ISO dates from SQLite text, id lists as parameters."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date

# What a display read raises when the file cannot be read: the windows catch this, not
# sqlite3 itself, so that no module of ui/ has to know the database engine.
ReadError = sqlite3.Error

# A list of ids goes into SQL as one JSON parameter: `WHERE id IN (SELECT value FROM
# json_each(?))`, so the statement text never changes and no id is ever spliced in.
IN_IDS = "(SELECT value FROM json_each(?))"


def day(text: str | None) -> date | None:
    """A date column as SQLite stores it (ISO text), or None when empty."""
    return date.fromisoformat(text) if text else None


def ids_param(ids: Iterable[int]) -> str:
    """The parameter for IN_IDS."""
    return json.dumps(sorted({int(i) for i in ids}))
