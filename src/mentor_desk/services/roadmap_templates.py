"""Roadmap templates: JSON files, one template a file.

The built-in templates (resources/roadmaps/) carry the sources' texts word for word. A
municipality adds its own in the user's folder of templates (paths.user_templates_dir:
writable in an installed app, unlike the bundled resources; the create dialog opens it),
in the same format (resources/roadmaps/README.md, copied into that folder when it is
made). A file that cannot be used is named in a Russian message saying what is wrong.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from mentor_desk import paths
from mentor_desk.domain.roadmap import COLUMNS, Template, TemplateItem

log = logging.getLogger(__name__)

TEMPLATES_FOLDER = "roadmaps"
README = "README.md"
_TOP_KEYS = ("key", "title", "source", "columns", "items", "order")
_KEY_RE = re.compile(r"[\w\-]{1,100}")


@dataclass(frozen=True)
class TemplateScan:
    """Every template that could be read, and a message for every file that could not.

    files: the file of each template by key (a municipality's own are in
    user_templates_dir()).
    """

    templates: tuple[Template, ...]
    errors: tuple[str, ...]
    files: Mapping[str, Path] = dataclass_field(default_factory=dict)

    def is_users(self, key: str) -> bool:
        """Whether the template with this key is the municipality's own (user folder)."""
        path = self.files.get(key)
        return path is not None and path.parent == user_templates_dir()


def templates_dir() -> Path:
    return paths.resource(TEMPLATES_FOLDER)


def user_templates_dir() -> Path:
    return paths.user_templates_dir()


def open_user_folder() -> Path:
    """The user's folder of templates, made if missing, with the format's README in it."""
    folder = user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / README
    if not readme.exists():
        try:
            shutil.copyfile(templates_dir() / README, readme)
        except OSError as error:  # the folder is still usable; the README is a courtesy
            log.warning("README of the templates not copied: %s", error)
    return folder


def scan_templates(directory: Path | None = None) -> TemplateScan:
    """Read every *.json of the folder; a broken file is reported and skipped, not fatal.

    Without a folder: the bundled templates (their folder must exist) and the user's own
    (if the folder exists), in one list by "order" and title.
    """
    folders = [directory] if directory is not None else [templates_dir(), user_templates_dir()]
    if not folders[0].is_dir():
        raise FileNotFoundError(f"Не найдена папка шаблонов дорожных карт: {folders[0]}")
    found: list[tuple[int | None, Template]] = []
    errors: list[str] = []
    files_by_key: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            _scan_folder(folder, found, errors, files_by_key)
    found.sort(key=lambda pair: (pair[0] is None, pair[0] or 0, pair[1].title.casefold()))
    return TemplateScan(tuple(template for _, template in found), tuple(errors), files_by_key)


def template_choices() -> tuple[list[Template], list[str], set[str]]:
    """What the create dialog offers: the templates (bundled and the municipality's own),
    the problems to show (a missing folder among them), the keys of the own ones."""
    try:
        scan = scan_templates()
    except OSError as exc:
        return [], [str(exc)], set()
    users = {t.key for t in scan.templates if scan.is_users(t.key)}
    return list(scan.templates), list(scan.errors), users


def _scan_folder(
    folder: Path,
    found: list[tuple[int | None, Template]],
    errors: list[str],
    files_by_key: dict[str, Path],
) -> None:
    for path in sorted(folder.glob("*.json")):
        try:
            order, template = read_template(path)
        except ValueError as error:
            log.warning("%s", error)
            errors.append(str(error))
            continue
        taken = files_by_key.get(template.key)
        if taken is not None:
            other = taken.name if taken.parent == path.parent else str(taken)
            message = _problem(path, f"ключ «{template.key}» уже занят файлом {other}")
            log.warning("%s", message)
            errors.append(message)
            continue
        files_by_key[template.key] = path
        found.append((order, template))


def load_templates(directory: Path | None = None) -> list[Template]:
    """All templates, by their "order" field, then title.

    Raises ValueError naming every broken file (one a line), so a mistake in a
    municipality's file is seen rather than its template silently missing.
    """
    scan = scan_templates(directory)
    if scan.errors:
        raise ValueError("\n".join(scan.errors))
    return list(scan.templates)


def template(key: str, directory: Path | None = None) -> Template:
    """The template with this key; KeyError if there is none."""
    for candidate in load_templates(directory):
        if candidate.key == key:
            return candidate
    raise KeyError(f"Нет шаблона дорожной карты «{key}»")


def read_template(path: Path) -> tuple[int | None, Template]:
    """One template file: its "order" (None if absent) and the template; ValueError if bad."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM, as Notepad writes, is fine
    except UnicodeDecodeError:
        raise ValueError(_problem(path, "файл не в кодировке UTF-8")) from None
    except OSError as error:
        raise ValueError(_problem(path, f"не удалось прочитать файл ({error})")) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            _problem(path, f"ошибка JSON в строке {error.lineno}, столбце {error.colno}")
        ) from None
    try:
        return parse_template(data)
    except ValueError as error:
        raise ValueError(_problem(path, str(error))) from None


def parse_template(data: Any) -> tuple[int | None, Template]:
    """A template from the decoded JSON; ValueError with what is wrong (in Russian)."""
    if not isinstance(data, dict):
        raise ValueError("ожидается объект JSON { … } с полями key, title, source, columns, items")
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise ValueError(f"неизвестное поле «{unknown[0]}» (допустимы: {', '.join(_TOP_KEYS)})")
    key = _text(data, "key", required=True)
    if not _KEY_RE.fullmatch(key):
        raise ValueError("поле «key»: только буквы, цифры, «_» и «-», без пробелов")
    title = _text(data, "title", required=True)
    source = _text(data, "source")
    order = data.get("order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
        raise ValueError("поле «order» должно быть целым числом")
    columns = _columns(data.get("columns"))
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ValueError("поле «items» должно быть непустым списком мероприятий")
    items = tuple(_item(raw, number, columns) for number, raw in enumerate(raw_items, start=1))
    return order, Template(key=key, title=title, source=source, columns=columns, items=items)


def _columns(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(column, str) for column in value):
        raise ValueError(f"поле «columns» должно быть списком из: {', '.join(COLUMNS)}")
    for column in value:
        if column not in COLUMNS:
            raise ValueError(
                f"поле «columns»: неизвестный столбец «{column}» (допустимы: {', '.join(COLUMNS)})"
            )
    if len(set(value)) != len(value):
        raise ValueError("поле «columns»: столбец указан дважды")
    if "activity" not in value:
        raise ValueError("поле «columns» должно содержать «activity» (мероприятие)")
    return tuple(value)


def _item(raw: Any, number: int, columns: tuple[str, ...]) -> TemplateItem:
    where = f"мероприятие № {number}"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: ожидается объект JSON {{ … }}")
    values: dict[str, str] = {}
    for field, value in raw.items():
        if field not in COLUMNS:
            raise ValueError(
                f"{where}: неизвестное поле «{field}» (допустимы: {', '.join(COLUMNS)})"
            )
        if not isinstance(value, str):
            raise ValueError(f"{where}: поле «{field}» должно быть строкой")
        if value.strip() and field not in columns:
            raise ValueError(f"{where}: поле «{field}» заполнено, но его нет в «columns»")
        values[field] = value.strip()
    if not values.get("activity"):
        raise ValueError(f"{where}: пустое поле «activity» (текст мероприятия)")
    return TemplateItem(**values)


def _text(data: dict[str, Any], field: str, *, required: bool = False) -> str:
    value = data.get(field, "")
    if not isinstance(value, str):
        raise ValueError(f"поле «{field}» должно быть строкой")
    value = value.strip()
    if required and not value:
        raise ValueError(f"пустое поле «{field}»")
    return value


def _problem(path: Path, problem: str) -> str:
    return f"Шаблон дорожной карты {path}: {problem}"
