"""Shared fixtures: offscreen Qt, isolated user dirs and settings, a fresh migrated database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt loads

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.helpers import TODAY

from mentor_desk.bootstrap import open_school_database
from mentor_desk.storage.database import Database

__all__ = ["TODAY"]


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user's data, logs or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("MENTOR_DESK_DB", raising=False)
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # pragma: no cover
        return home
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "school.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A new school database built by the real migrations, with the default lists."""
    database = open_school_database(db_path)
    yield database
    database.close()


# --- PostgreSQL: a real throwaway server (tests/pg.py), for the tests marked `postgres` ---

_pg_outcomes: dict[str, int] = {"collected": 0, "ran": 0}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the server is a `postgres` test, marked or not."""
    for item in items:
        if "pg_cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The postgres tests that will run (after -k / -m deselection)."""
    _pg_outcomes["collected"] = sum(
        1 for item in session.items if item.get_closest_marker("postgres") is not None
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and "postgres" in report.keywords and not report.skipped:
        _pg_outcomes["ran"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under MENTOR_DESK_REQUIRE_PG=1 (CI) a run whose postgres tests all skipped fails."""
    from tests import pg

    if pg.required() and _pg_outcomes["collected"] and not _pg_outcomes["ran"]:
        writer = session.config.get_terminal_writer()
        writer.line()
        writer.line(
            f"{pg.REQUIRE_ENV}=1 but none of the {_pg_outcomes['collected']} postgres "
            "tests ran (all skipped)",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """One PostgreSQL cluster for the whole session, stopped and deleted at its end."""
    from tests import pg

    try:
        cluster = pg.Cluster.start()
    except pg.Unavailable as exc:
        if pg.required():
            pytest.fail(f"{pg.REQUIRE_ENV}=1 but no PostgreSQL server can start: {exc}")
        pytest.skip(str(exc))
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: object) -> Iterator[str]:
    """postgresql://... of a new empty database on the session's server, dropped after."""
    from tests.pg import Cluster

    assert isinstance(pg_cluster, Cluster)
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def storage_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The address of an empty database on each backend: a SQLite file, a server database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))
