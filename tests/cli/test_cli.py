"""The headless commands an admin or a script uses: demo, info, selftest, backup."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mentor_desk.cli import main
from mentor_desk.domain.pairs import Form
from mentor_desk.storage.database import list_backups


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--students", "120", "--teachers", "15",
                 "--seed", "7"]) == 0  # fmt: skip
    return path


def test_demo_then_info_json(demo_db: Path, capsys):
    capsys.readouterr()
    assert main(["info", "--db", str(demo_db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    people = report["participants"]
    assert people["by_category"]["student"] + people["archived"] >= 100
    assert sum(people["by_category"].values()) == people["total"]
    assert set(people["by_role"]) == {"mentor", "mentee", "both", "none"}
    assert people["by_role"]["mentor"] > 0 and people["by_role"]["mentee"] > 0
    assert sum(report["consents"].values()) == people["total"]
    assert set(report["consents"]) <= {"valid", "missing", "incomplete", "withdrawn"}
    pairs = report["pairs"]
    assert set(pairs) == {"total", "groups", "by_status", "by_form"}
    assert set(pairs["by_status"]) == {"draft", "approved", "active", "ended"}
    assert set(pairs["by_form"]) == {form.value for form in Form}
    assert pairs["total"] > 0 and 0 < pairs["groups"] < pairs["total"]
    assert sum(pairs["by_status"].values()) == sum(pairs["by_form"].values()) == pairs["total"]
    assert all(pairs["by_status"].values()), "the demo has pairs in every state"


def test_info_in_words(demo_db: Path, capsys):
    assert main(["info", "--db", str(demo_db)]) == 0
    out = capsys.readouterr().out
    assert "обучающийся:" in out and "Согласия на обработку ПДн:" in out
    assert re.search(r"^Пар и групп: \d+ \(групп: \d+\)$", out, re.MULTILINE)
    assert re.search(r"^  действует: [1-9]\d*$", out, re.MULTILINE)
    forms = out.split("Формы наставничества:\n")[1].splitlines()
    assert forms and all(re.match(r"^  .+ – .+: [1-9]\d*$", line) for line in forms), forms
    assert {line.split(":")[0].strip() for line in forms} <= {form.label for form in Form}


def test_demo_refuses_an_existing_file(demo_db: Path, capsys):
    before = demo_db.read_bytes()
    assert main(["demo", "--db", str(demo_db)]) != 0
    assert "уже существует" in capsys.readouterr().err
    assert demo_db.read_bytes() == before


def test_info_on_missing_and_broken_files(tmp_path: Path, capsys):
    assert main(["info", "--db", str(tmp_path / "nope.sqlite3")]) != 0
    assert "не найден" in capsys.readouterr().err
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    assert main(["info", "--db", str(broken)]) != 0
    assert "повреждён" in capsys.readouterr().err
    assert broken.read_bytes() == b"not a database at all" * 100


def test_backup_command_and_env_variable(demo_db: Path, monkeypatch, capsys):
    monkeypatch.setenv("MENTOR_DESK_DB", str(demo_db))
    assert main(["backup"]) == 0
    assert "Резервная копия" in capsys.readouterr().out
    (copy,) = list_backups(demo_db)
    assert copy.parent == demo_db.parent / "backups"


def test_selftest_runs_the_real_entry_point(demo_db: Path, tmp_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "mentor_desk", "selftest", "--db", str(demo_db)],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "окно показано за" in result.stdout
    assert "вкладки: Участники" in result.stdout
    assert "selftest: всё в порядке" in result.stdout


def test_selftest_fails_on_a_broken_database(tmp_path: Path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"garbage" * 500)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "mentor_desk", "selftest", "--db", str(broken)],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode != 0
    assert "повреждён" in result.stderr


def test_the_window_opens_without_importing_sqlalchemy(demo_db: Path, tmp_path: Path):
    """Start-up speed: the register shows through sqlite3; SQLAlchemy loads after."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mentor_desk.app import make_application, lock_database\n"
        "from mentor_desk.bootstrap import open_school_database\n"
        "from mentor_desk.queries.profile import load_profile\n"
        "from mentor_desk.ui.context import AppContext\n"
        "from mentor_desk.ui.main_window import MainWindow\n"
        "app = make_application()\n"
        f"path = Path({str(demo_db)!r})\n"
        "lock = lock_database(path)\n"
        "db = open_school_database(path)\n"
        "assert load_profile(db.reader) is not None\n"
        "window = MainWindow(AppContext(db))\n"
        "window.show()\n"
        "window.register_tab.reload()\n"
        "assert window.register_tab.model.rowCount() > 100\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic'))))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_an_interrupted_demo_leaves_no_file(tmp_path: Path, monkeypatch):
    import mentor_desk.demo as demo

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(demo, "generate_demo", broken)
    target = tmp_path / "demo.sqlite3"
    with pytest.raises(KeyboardInterrupt):
        main(["demo", "--db", str(target)])
    assert not target.exists(), "a later run must be able to write the demo"


def test_argument_errors_are_russian(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["nope"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "ошибка: аргумент команда: нет такого варианта: 'nope'" in err
    assert "error" not in err and "invalid choice" not in err


def test_info_json_on_a_missing_file_answers_in_json(tmp_path: Path, capsys):
    assert main(["info", "--db", str(tmp_path / "nope.sqlite3"), "--json"]) == 2
    assert "не найден" in json.loads(capsys.readouterr().out)["error"]


def test_info_json_into_a_closed_pipe_leaves_no_traceback(demo_db: Path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `| head` does once it has read enough: every write fails
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mentor_desk", "info", "--db", str(demo_db), "--json"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.returncode == 1
