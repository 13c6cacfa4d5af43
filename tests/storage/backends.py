"""The same database operations on SQLite and on PostgreSQL, for the cross-backend tests.

An address (sqlite:///file or postgresql://...) in; engines as the app makes them out.
The rows of tests/data/make_db_0001 are written through SQLAlchemy with Python values, so
the same code fills a file and a server database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Engine, MetaData, create_engine, select
from tests.data.make_db_0001 import _BLANK, LINKS, ORGANIZATION, PEOPLE, TERMS, upgrade_to

from mentor_desk.storage import database
from mentor_desk.storage.engines import (
    alembic_config,
    is_server_address,
    migrate_server,
    server_url,
    sqlite_path,
    sync_sequences,
)

OLD_TABLES = ("organization", "participant", "term", "participant_term")


def is_server(url: str) -> bool:
    return is_server_address(url)


@contextmanager
def engine(url: str, *, foreign_keys: bool = True) -> Iterator[Engine]:
    """An engine on the database; on SQLite with the app's pragmas (foreign keys on/off)."""
    if is_server(url):
        made = create_engine(server_url(url))
    else:
        made = database._make_engine(sqlite_path(url), foreign_keys=foreign_keys, wal=False)
    try:
        yield made
    finally:
        made.dispose()


def upgrade(url: str, revision: str) -> None:
    """Run the real Alembic scripts up to `revision`, as the app does on each backend."""
    if is_server(url):
        with engine(url) as e:
            migrate_server(e, revision)
    else:
        upgrade_to(sqlite_path(url), revision)


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    with engine(url, foreign_keys=False) as e, e.connect() as conn, conn.begin():
        command.downgrade(alembic_config(conn), revision)


def _typed(table: Any, row: dict[str, Any]) -> dict[str, Any]:
    """The 0001 rows hold SQLite's spellings (ISO text, 0/1): make them Python values."""
    out = {}
    for key, value in row.items():
        kind = table.c[key].type
        if value is not None and isinstance(kind, DateTime) and isinstance(value, str):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date) and isinstance(value, str):
            value = date.fromisoformat(value)
        elif isinstance(kind, Boolean) and isinstance(value, int):
            value = bool(value)
        out[key] = value
    return out


def fill_0001(url: str) -> None:
    """The school of make_db_0001 (a profile, five people, terms, links), foreign keys on."""
    with engine(url) as e, e.begin() as conn:
        meta = MetaData()
        meta.reflect(conn, only=OLD_TABLES)
        t = meta.tables
        conn.execute(t["organization"].insert(), [_typed(t["organization"], ORGANIZATION)])
        term_keys = ("id", "kind", "name", "position")
        conn.execute(t["term"].insert(), [dict(zip(term_keys, r, strict=True)) for r in TERMS])
        people = [_typed(t["participant"], {**_BLANK, **p}) for p in PEOPLE]
        conn.execute(t["participant"].insert(), people)
        conn.execute(
            t["participant_term"].insert(),
            [dict(zip(("participant_id", "term_id", "relation"), r, strict=True)) for r in LINKS],
        )
        sync_sequences(conn)  # explicit ids: PostgreSQL's sequences move past them


def rows(url: str, table: str, columns: tuple[str, ...] | None = None) -> list[tuple[Any, ...]]:
    """Every row, in primary-key order, as Python values (dates as dates on both)."""
    with engine(url) as e, e.connect() as conn:
        meta = MetaData()
        meta.reflect(conn, only=[table])
        t = meta.tables[table]
        cols = [t.c[c] for c in (columns or tuple(t.c.keys()))]
        order = list(t.primary_key.columns) or cols
        result = conn.execute(select(*cols).order_by(*order)).all()
    return [tuple(_plain(v) for v in r) for r in result]


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def columns(url: str, table: str) -> tuple[str, ...]:
    with engine(url) as e, e.connect() as conn:
        meta = MetaData()
        meta.reflect(conn, only=[table])
        return tuple(meta.tables[table].c.keys())


def table_names(url: str) -> set[str]:
    from sqlalchemy import inspect

    with engine(url) as e, e.connect() as conn:
        return set(inspect(conn).get_table_names())
