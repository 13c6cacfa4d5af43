"""A throwaway PostgreSQL server for the tests: a real cluster, never a mock.

`Cluster.start()` finds Debian's (or any) `initdb` and `pg_ctl`, makes a cluster in a new
temp folder, and starts it on a free port of 127.0.0.1 with its unix socket in that folder
too. PostgreSQL refuses to run as root, so under root (CI) the folder is handed to the
unprivileged user `nobody` and both programs run as that user. Durability is switched off
(fsync, synchronous_commit): the data lives for one test session.

Without the binaries or the psycopg driver the postgres tests are skipped with the reason;
with MENTOR_DESK_REQUIRE_PG=1 (set by .ci/run) they fail instead, so CI cannot pass by
skipping them.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REQUIRE_ENV = "MENTOR_DESK_REQUIRE_PG"
SUPERUSER = "postgres"
RUN_AS_WHEN_ROOT = "nobody"
START_TIMEOUT_S = 60


class Unavailable(Exception):
    """Why no server can be started here (no binaries, no driver)."""


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def find_binary(name: str) -> str:
    """`name` on PATH, else the newest /usr/lib/postgresql/<version>/bin/<name>."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parents[1].name
        return tuple(int(p) for p in part.split(".") if p.isdigit())

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    if not candidates:
        raise Unavailable(
            f"PostgreSQL binaries not found ({name} is neither on PATH nor in "
            "/usr/lib/postgresql/*/bin); install Debian's `postgresql` package to run them"
        )
    return candidates[-1]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int
    pg_ctl: str
    user: pwd.struct_passwd | None  # whom the server runs as, when we are root
    _databases: set[str] = field(default_factory=set)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    @classmethod
    def start(cls) -> Cluster:
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise Unavailable(
                "the psycopg driver is not installed (pip install -e '.[test]')"
            ) from exc
        initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
        user = pwd.getpwnam(RUN_AS_WHEN_ROOT) if os.geteuid() == 0 else None
        folder = Path(tempfile.mkdtemp(prefix="mentor-desk-pg-"))
        if user is not None:
            os.chown(folder, user.pw_uid, user.pw_gid)
        cluster = cls(folder, _free_port(), pg_ctl, user)
        try:
            cluster._run(
                initdb, "-D", str(cluster.data), "-U", SUPERUSER, "--auth=trust",
                "--encoding=UTF8", "--locale=C", "--no-sync",
            )  # fmt: skip
            options = (
                f"-p {cluster.port} -c listen_addresses=127.0.0.1"
                f" -c unix_socket_directories='{folder}' -c fsync=off"
                " -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
            )
            cluster._run(
                pg_ctl, "-D", str(cluster.data), "-l", str(cluster.log), "-o", options,
                "-w", "-t", str(START_TIMEOUT_S), "start",
            )  # fmt: skip
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _run(self, *argv: str) -> None:
        kwargs: dict[str, object] = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        env = {**os.environ, "LC_ALL": "C", "HOME": str(self.folder)}
        result = subprocess.run(
            argv, cwd=self.folder, env=env, capture_output=True, text=True,
            timeout=START_TIMEOUT_S + 30, check=False, **kwargs,  # type: ignore[call-overload]
        )  # fmt: skip
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{Path(argv[0]).name} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}\n{log}"
            )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self) -> str:
        """A new empty database; its URL (postgresql://..., the driver left to the app)."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"')
        self._databases.add(name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._databases.discard(name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        # Wait briefly for the postmaster to let go of the folder, then remove it.
        for _ in range(50):
            if not (self.data / "postmaster.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.folder, ignore_errors=True)
