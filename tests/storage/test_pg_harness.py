"""The test server itself: a real PostgreSQL, not run as root, one database per test."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest
from tests import pg


def test_without_binaries_the_reason_is_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pg.glob, "glob", lambda _pattern: [])
    with pytest.raises(pg.Unavailable, match="postgresql"):
        pg.find_binary("initdb")


def test_the_newest_installed_version_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    found = ["/usr/lib/postgresql/9.6/bin/initdb", "/usr/lib/postgresql/15/bin/initdb",
             "/usr/lib/postgresql/13/bin/initdb"]  # fmt: skip
    monkeypatch.setattr(pg.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pg.glob, "glob", lambda _pattern: found)
    assert pg.find_binary("initdb") == "/usr/lib/postgresql/15/bin/initdb"


@pytest.mark.parametrize(("value", "required"), [("", False), ("0", False), ("1", True)])
def test_ci_requires_the_server(
    monkeypatch: pytest.MonkeyPatch, value: str, required: bool
) -> None:
    monkeypatch.setenv(pg.REQUIRE_ENV, value)
    assert pg.required() is required


def test_a_real_server_on_a_local_port_not_as_root(pg_cluster: pg.Cluster, pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        assert version is not None and int(version[0]) >= 120000
        assert conn.execute("SELECT current_database()").fetchone() == (pg_url.rsplit("/")[-1],)
        socket_dir = conn.execute("SHOW unix_socket_directories").fetchone()
    assert socket_dir == (str(pg_cluster.folder),)
    owner = (pg_cluster.data / "postmaster.pid").stat().st_uid
    assert owner != 0
    if os.geteuid() != 0:
        assert owner == os.geteuid()


def test_each_test_gets_its_own_empty_database(pg_cluster: pg.Cluster, pg_url: str) -> None:
    other = pg_cluster.create_database()
    try:
        assert other != pg_url
        with psycopg.connect(other, autocommit=True) as conn:
            conn.execute("CREATE TABLE t (x int)")
        with psycopg.connect(pg_url) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()
            assert tables == (0,)
    finally:
        pg_cluster.drop_database(other)
    with psycopg.connect(pg_cluster.url()) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database")}
    assert other.rsplit("/")[-1] not in names
    assert pg_url.rsplit("/")[-1] in names
    assert Path(pg_cluster.folder).is_dir()
