"""Where things live: the user's database and logs (platformdirs) and the shipped resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "MentorDesk"
APP_AUTHOR = "MentorDesk"
DB_ENV_VAR = "MENTOR_DESK_DB"
DB_FILE_NAME = "mentor_desk.sqlite3"
DEMO_FILE_NAME = "demo.sqlite3"
USER_TEMPLATES_FOLDER = "roadmaps"
USER_INDICATORS_FOLDER = "indicators"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def user_templates_dir() -> Path:
    """The municipality's own roadmap templates (*.json), next to the bundled ones; the
    folder is made when the curator first opens it (roadmap_templates.open_user_folder)."""
    return user_data_dir() / USER_TEMPLATES_FOLDER


def user_indicators_dir() -> Path:
    """The municipality's own indicator sets (*.json), next to the bundled ones; made when
    the curator first opens it (indicator_sets.open_user_folder)."""
    return user_data_dir() / USER_INDICATORS_FOLDER


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return user_data_dir() / DB_FILE_NAME


def demo_db_path() -> Path:
    """The demo school's own file: never the school's real database."""
    return user_data_dir() / DEMO_FILE_NAME


def resolve_db_path(cli_value: str | None) -> Path:
    """--db wins over MENTOR_DESK_DB, which wins over the user data dir."""
    value = cli_value or os.environ.get(DB_ENV_VAR)
    return Path(value).expanduser().absolute() if value else default_db_path()


def _bundled(name: str, installed_as: str) -> Path:
    """A top-level folder of the project, wherever this copy of the app runs from.

    Frozen (PyInstaller): next to the executable's data; installed wheel: inside the
    package (see pyproject's force-include); source checkout: the repository root.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / name
    package = Path(__file__).resolve().parent
    installed = package / installed_as
    if installed.is_dir():
        return installed
    return package.parent.parent / name


def resources_dir() -> Path:
    return _bundled("resources", "resources")


def forms_dir() -> Path:
    """Qt Designer .ui files (top-level ui/)."""
    return _bundled("ui", "forms")


def resource(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"Не найден файл ресурсов программы: {path}. Переустановите программу."
        )
    return path
