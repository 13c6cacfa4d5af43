"""The wheel carries what an installed (non-editable) Mentor Desk needs at run time.

A source checkout finds resources/, ui/ and the Alembic scripts in the tree; an installed
copy only has what hatchling put in the wheel (pyproject's force-include and packages).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "src" / "mentor_desk" / "storage" / "migrations"

REQUIRED = (
    "mentor_desk/resources/vocabularies/target_groups.txt",
    "mentor_desk/forms/school_profile.ui",
    "mentor_desk/storage/migrations/env.py",
    "mentor_desk/storage/migrations/script.py.mako",
    "mentor_desk/storage/migrations/versions/0001_initial.py",
)


def _shipped(folder: Path, installed_as: str) -> set[str]:
    """Wheel names of every file under folder (caches aside)."""
    return {
        f"{installed_as}/{path.relative_to(folder).as_posix()}"
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_wheel_contains_resources_forms_and_migrations(tmp_path: Path) -> None:
    assert importlib.util.find_spec("hatchling") is not None, (
        "hatchling (the build backend) must be installed: pip install -e '.[test]'"
    )
    # Offline and with the hatchling installed here: no download, about half a second.
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    command += ["--no-index", "--quiet", "-w", str(tmp_path), str(ROOT)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(tmp_path.glob("mentor_desk-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = set(wheel.namelist())

    missing = [name for name in REQUIRED if name not in names]
    assert not missing, f"not in the wheel: {missing}"
    expected = (
        _shipped(ROOT / "resources", "mentor_desk/resources")
        | _shipped(ROOT / "ui", "mentor_desk/forms")
        | _shipped(MIGRATIONS, "mentor_desk/storage/migrations")
    )
    assert sorted(expected - names) == []
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
