"""One Mentor Desk per database file: the second start is refused with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentor_desk import app
from mentor_desk.storage.database import DatabaseError


def test_a_second_lock_on_the_same_file_is_refused(db_path: Path) -> None:
    first = app.lock_database(db_path)
    try:
        assert first.isLocked()
        assert Path(f"{db_path}.lock").exists()
        with pytest.raises(app.AlreadyOpen) as info:
            app.lock_database(db_path)
        message = str(info.value)
        assert str(db_path) in message
        assert "уже открыта" in message
        assert isinstance(info.value, DatabaseError)  # run_gui shows it as a warning
        assert first.isLocked()  # the refused attempt did not break the holder's lock
    finally:
        first.unlock()


def test_after_unlock_the_file_can_be_locked_again(db_path: Path) -> None:
    first = app.lock_database(db_path)
    first.unlock()
    assert not Path(f"{db_path}.lock").exists()
    second = app.lock_database(db_path)
    try:
        assert second.isLocked()
        with pytest.raises(app.AlreadyOpen):
            app.lock_database(db_path)
    finally:
        second.unlock()


def test_different_files_lock_independently(tmp_path: Path) -> None:
    a = app.lock_database(tmp_path / "a.sqlite3")
    b = app.lock_database(tmp_path / "b.sqlite3")
    try:
        assert a.isLocked() and b.isLocked()
    finally:
        a.unlock()
        b.unlock()


def test_lock_creates_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "новая папка" / "school.sqlite3"
    lock = app.lock_database(path)
    try:
        assert path.parent.is_dir()
        assert not path.exists()  # the lock does not create the database
    finally:
        lock.unlock()


HOLDER = """
import sys
import os
import subprocess
import sys
from pathlib import Path
from mentor_desk import app
lock = app.lock_database(Path(sys.argv[1]))
print("locked", flush=True)
sys.stdin.readline()
"""


def test_a_live_holder_in_another_process_blocks_and_a_crashed_one_does_not(
    db_path: Path,
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(app.AlreadyOpen):
            app.lock_database(db_path)
        holder.kill()  # a crash: no unlock, the lock file stays behind
        holder.wait(timeout=30)
        assert Path(f"{db_path}.lock").exists()
        lock = app.lock_database(db_path)  # the dead holder's PID is detected
        assert lock.isLocked()
        lock.unlock()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=30)


def test_log_file_is_rotated_when_large(tmp_path) -> None:
    from mentor_desk import bootstrap

    log = tmp_path / "mentor_desk.log"
    log.write_bytes(b"x" * bootstrap.LOG_MAX_BYTES)
    (tmp_path / "mentor_desk.log.1").write_text("older", encoding="utf-8")
    bootstrap._rotate(log)
    assert not log.exists()
    assert (tmp_path / "mentor_desk.log.1").stat().st_size == bootstrap.LOG_MAX_BYTES
    assert (tmp_path / "mentor_desk.log.2").read_text(encoding="utf-8") == "older"
    small = tmp_path / "small.log"
    small.write_text("short", encoding="utf-8")
    bootstrap._rotate(small)
    assert small.read_text(encoding="utf-8") == "short"
