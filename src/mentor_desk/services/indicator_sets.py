"""Indicator sets (наборы показателей): JSON files, one set a file, and the curator's copies.

Three places hold sets: the built-in ones (resources/indicators/, the sources' names word
for word), the municipality's own files in the user's folder (paths.user_indicators_dir,
the same format: resources/indicators/README.md, copied there when the folder is made) and
the curator's edited copies stored in the school's database (services.monitoring
.save_set_copy of dump_set(...), read back by queries.monitoring.set_copies). Every file or
body that cannot be used is named in a Russian message saying what is wrong; a broken user
file or copy is reported and skipped, never fatal.

Targets are percentages by calendar year. In a file a year is "2022" or a range
"2024-2026" (the same target every year of it); domain.kpi.target_for carries the last
target to the later years.
"""

from __future__ import annotations

import json
import logging
import math
import re
import shutil
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentor_desk import paths
from mentor_desk.domain.kpi import Computation, IndicatorDef, IndicatorSet

log = logging.getLogger(__name__)

SETS_FOLDER = "indicators"
README = "README.md"
DEFAULT_SET_KEY = "zavitinsk_2022"  # the municipal order's Appendix 1: the default set
BUILTIN_ORDER = (DEFAULT_SET_KEY, "put_k_uspehu", "kvantum_2024_2026")  # as the issue lists
MAX_BYTES = 1_000_000  # a set is a few kilobytes; a bigger file is not a set
MAX_INDICATORS = 100
MAX_TEXT = 2000  # characters in a name, title, source, note
YEAR_MIN, YEAR_MAX = 2000, 2100

BUILTIN, USER, COPY = "builtin", "user", "copy"  # where a set comes from (SetScan.origins)

_TOP_FIELDS = ("key", "title", "source", "note", "indicators")
_INDICATOR_FIELDS = ("key", "name", "computes", "targets", "project", "note")
_KEY_RE = re.compile(r"[\w\-]{1,100}")
_YEARS_RE = re.compile(r"\s*([0-9]{4})\s*(?:[-–—]\s*([0-9]{4})\s*)?")
_COMPUTATIONS = ", ".join(c.value for c in Computation)


class IndicatorSetError(ValueError):
    """An indicator set that cannot be used; the message (in Russian) is for the user."""


class _Problem(ValueError):
    """What is wrong inside a set, before it is told where the set came from."""


@dataclass(frozen=True)
class SetScan:
    """Every set that could be read, and a message for every file or copy that could not.

    origins: where each set comes from by key: BUILTIN, USER (a file of the user's folder)
    or COPY (the curator's copy in the database, the only kind the program edits).
    """

    sets: tuple[IndicatorSet, ...]
    errors: tuple[str, ...]
    origins: Mapping[str, str] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [s.key for s in self.sets]


def sets_dir() -> Path:
    return paths.resource(SETS_FOLDER)


def user_sets_dir() -> Path:
    return paths.user_indicators_dir()


def open_user_folder() -> Path:
    """The user's folder of sets, made if missing, with the format's README in it."""
    folder = user_sets_dir()
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / README
    if not readme.exists():
        try:
            shutil.copyfile(sets_dir() / README, readme)
        except OSError as error:  # the folder is still usable; the README is a courtesy
            log.warning("README of the indicator sets not copied: %s", error)
    return folder


# --- reading and writing one set -------------------------------------------------------


def parse_set(text: str, origin: str) -> IndicatorSet:
    """A set from the text of its JSON; origin (a file, a copy) names it in the messages.

    Raises IndicatorSetError: not JSON, too big, wrong fields or types, an unknown
    computation, a target that is not a percentage, an empty name, a key twice.
    """
    try:
        if len(text) > MAX_BYTES:
            raise _Problem(f"больше {MAX_BYTES // 1_000_000} МБ — это не набор показателей")
        return _set(_decode(text.removeprefix("\ufeff")))
    except _Problem as problem:
        raise IndicatorSetError(f"Набор показателей {origin}: {problem}") from None


def dump_set(indicator_set: IndicatorSet) -> str:
    """The set as JSON in the file format (what parse_set reads back to the same set).

    Raises IndicatorSetError when the set could not be read back (an empty name, a target
    outside 0..100, a key twice…): nothing broken is ever stored. Spaces are tidied on
    reading (names on one line, no spaces around), as in a file.
    """
    data = {
        "key": indicator_set.key,
        "title": indicator_set.title,
        "source": indicator_set.source,
        "indicators": [
            {
                "key": i.key,
                "name": i.name,
                "computes": i.computes.value,
                "targets": _dump_targets(i.targets),
            }
            for i in indicator_set.indicators
        ],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    parse_set(text, f"«{indicator_set.title}»")
    return text


def read_set_file(path: Path) -> IndicatorSet:
    """One set file; IndicatorSetError naming the file if it cannot be used."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise IndicatorSetError(
                f"Набор показателей {path}: файл больше {MAX_BYTES // 1_000_000} МБ — "
                "это не набор показателей"
            )
        text = path.read_bytes().decode("utf-8-sig")  # a BOM, as Notepad writes, is fine
    except UnicodeDecodeError:
        raise IndicatorSetError(f"Набор показателей {path}: файл не в кодировке UTF-8") from None
    except OSError as error:
        raise IndicatorSetError(
            f"Набор показателей {path}: не удалось прочитать файл ({error.strerror or error})"
        ) from None
    return parse_set(text, str(path))


def _decode(text: str) -> Any:
    def no_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in pairs:
            if name in data:
                raise _Problem(f"поле «{name[:50]}» указано дважды")
            data[name] = value
        return data

    def no_constant(name: str) -> Any:
        raise _Problem(f"«{name}» — не число")

    try:
        return json.loads(text, object_pairs_hook=no_twice, parse_constant=no_constant)
    except _Problem:
        raise
    except json.JSONDecodeError as error:
        raise _Problem(
            f"это не JSON: ошибка в строке {error.lineno}, столбце {error.colno}"
        ) from None
    except (ValueError, RecursionError):  # a 5,000-digit number, [[[[… nested too deep
        raise _Problem("это не JSON, который можно прочитать") from None


def _set(data: Any) -> IndicatorSet:
    if not isinstance(data, dict):
        raise _Problem("ожидается объект JSON { … } с полями key, title, source, indicators")
    _known(data, _TOP_FIELDS, "")
    key = _key(data)
    title = _text(data, "title", "", required=True)
    source = _text(data, "source", "")
    _text(data, "note", "")
    raw = data.get("indicators")
    if not isinstance(raw, list) or not raw:
        raise _Problem("поле «indicators» должно быть непустым списком показателей")
    if len(raw) > MAX_INDICATORS:
        raise _Problem(f"больше {MAX_INDICATORS} показателей в поле «indicators»")
    indicators = tuple(_indicator(item, number) for number, item in enumerate(raw, start=1))
    seen: set[str] = set()
    for number, indicator in enumerate(indicators, start=1):
        if indicator.key in seen:
            raise _Problem(f"показатель № {number}: ключ «{indicator.key}» уже есть в наборе")
        seen.add(indicator.key)
    return IndicatorSet(key=key, title=title, source=source, indicators=indicators)


def _indicator(raw: Any, number: int) -> IndicatorDef:
    where = f"показатель № {number}: "
    if not isinstance(raw, dict):
        raise _Problem(f"{where}ожидается объект JSON {{ … }} с полями key, name, computes")
    _known(raw, _INDICATOR_FIELDS, where)
    key = _key(raw, where)
    name = _text(raw, "name", where, required=True)
    _text(raw, "project", where)
    _text(raw, "note", where)
    computes = raw.get("computes")
    if not isinstance(computes, str) or not computes.strip():
        raise _Problem(f"{where}поле «computes» должно быть строкой (допустимы: {_COMPUTATIONS})")
    try:
        computation = Computation(computes.strip())
    except ValueError:
        raise _Problem(
            f"{where}неизвестный расчёт «{computes[:100]}» в поле «computes» "
            f"(допустимы: {_COMPUTATIONS})"
        ) from None
    targets = _targets(raw.get("targets", {}), where)
    return IndicatorDef(key=key, name=name, computes=computation, targets=targets)


def _targets(raw: Any, where: str) -> dict[int, float]:
    if not isinstance(raw, dict):
        raise _Problem(f'{where}поле «targets» должно быть объектом {{"2024": 70, …}}')
    targets: dict[int, float] = {}
    for years, value in raw.items():
        match = _YEARS_RE.fullmatch(years)
        first, last = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
        if not match or not (YEAR_MIN <= first <= last <= YEAR_MAX):
            raise _Problem(
                f"{where}«{years[:50]}» в поле «targets» — не год и не годы "
                f"(«2024» или «2024-2026», от {YEAR_MIN} до {YEAR_MAX})"
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Problem(f"{where}цель на {years.strip()} — не число: {json.dumps(value)[:50]}")
        try:
            target = float(value)
        except OverflowError:  # an integer of hundreds of digits
            target = math.inf
        if not (math.isfinite(target) and 0 <= target <= 100):
            shown = f"{target:g}" if math.isfinite(target) else str(value)[:20]
            raise _Problem(f"{where}цель на {years.strip()} — {shown} %, а нужно от 0 до 100 %")
        for year in range(first, last + 1):
            if year in targets:
                raise _Problem(f"{where}цель на {year} год указана дважды")
            targets[year] = target
    return dict(sorted(targets.items()))


def _dump_targets(targets: Mapping[int, float]) -> dict[str, int | float]:
    """Targets by year, consecutive years with the same target as one range "2024-2026"."""
    runs: list[list[Any]] = []  # [first year, last year, target]
    for year, value in sorted(targets.items()):
        if runs and runs[-1][1] == year - 1 and runs[-1][2] == value:
            runs[-1][1] = year
        else:
            runs.append([year, year, value])
    return {
        (f"{first}" if first == last else f"{first}-{last}"): (
            int(value) if float(value).is_integer() else value
        )
        for first, last, value in runs
    }


def _known(data: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    unknown = [name for name in data if name not in allowed]
    if unknown:
        raise _Problem(
            f"{where}неизвестное поле «{unknown[0][:50]}» (допустимы: {', '.join(allowed)})"
        )


def _key(data: dict[str, Any], where: str = "") -> str:
    value = data.get("key")
    if not isinstance(value, str) or not _KEY_RE.fullmatch(value.strip()):
        raise _Problem(
            f"{where}поле «key»: нужен код из букв, цифр, «_» и «-», без пробелов, до 100 знаков"
        )
    return value.strip()


def _text(data: dict[str, Any], name: str, where: str, *, required: bool = False) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise _Problem(f"{where}поле «{name}» должно быть строкой")
    value = " ".join(value.split())
    if required and not value:
        raise _Problem(f"{where}пустое поле «{name}»")
    if len(value) > MAX_TEXT:
        raise _Problem(f"{where}поле «{name}» длиннее {MAX_TEXT} знаков")
    return value


# --- where the sets are ----------------------------------------------------------------


def builtin_sets() -> list[IndicatorSet]:
    """The sets shipped with the program in BUILTIN_ORDER (any other after, by title).

    Raises IndicatorSetError (or FileNotFoundError without the folder): a broken built-in
    file is a broken installation, not the user's doing.
    """
    found = [read_set_file(path) for path in sorted(sets_dir().glob("*.json"))]
    rank = {key: number for number, key in enumerate(BUILTIN_ORDER)}
    found.sort(key=lambda s: (rank.get(s.key, len(rank)), s.title.casefold()))
    return found


def user_sets(folder: Path | None = None) -> tuple[list[IndicatorSet], list[str]]:
    """The municipality's own sets (every *.json of the folder, by file name) and a message
    for each file that cannot be used; no folder, no sets. By default user_sets_dir()."""
    found, errors = _user_files(user_sets_dir() if folder is None else folder)
    return [indicator_set for _, indicator_set in found], errors


def _user_files(folder: Path) -> tuple[list[tuple[Path, IndicatorSet]], list[str]]:
    found: list[tuple[Path, IndicatorSet]] = []
    errors: list[str] = []
    files: dict[str, Path] = {}
    if not folder.is_dir():
        return found, errors
    for path in sorted(folder.glob("*.json")):
        try:
            indicator_set = read_set_file(path)
        except IndicatorSetError as error:
            log.warning("%s", error)
            errors.append(str(error))
            continue
        taken = files.get(indicator_set.key)
        if taken is not None:
            errors.append(
                f"Набор показателей {path}: ключ «{indicator_set.key}» уже занят файлом "
                f"{taken.name}"
            )
            continue
        files[indicator_set.key] = path
        found.append((path, indicator_set))
    return found, errors


def all_sets(copies: Mapping[str, str] | None = None, folder: Path | None = None) -> SetScan:
    """Built-in sets, then the user folder's, then the curator's copies (key → JSON body,
    as queries.monitoring.set_copies returns them). A key already taken by an earlier set
    is reported and the later one skipped."""
    sets: list[IndicatorSet] = []
    errors: list[str] = []
    origins: dict[str, str] = {}

    def add(indicator_set: IndicatorSet, origin: str, where: str) -> None:
        if indicator_set.key in origins:
            taken = {BUILTIN: "встроенным набором", USER: "набором из папки пользователя"}
            errors.append(
                f"Набор показателей {where}: ключ «{indicator_set.key}» уже занят "
                f"{taken.get(origins[indicator_set.key], 'другим набором')}"
            )
            return
        origins[indicator_set.key] = origin
        sets.append(indicator_set)

    try:
        for indicator_set in builtin_sets():
            add(indicator_set, BUILTIN, f"«{indicator_set.title}»")
    except (IndicatorSetError, OSError) as error:
        errors.append(f"Встроенные наборы показателей не прочитаны: {error}")
    found, problems = _user_files(user_sets_dir() if folder is None else folder)
    errors.extend(problems)
    for path, indicator_set in found:
        add(indicator_set, USER, str(path))
    for key, body in (copies or {}).items():
        where = f"«{key}» (копия в базе школы)"
        try:
            indicator_set = parse_set(body, where)
        except IndicatorSetError as error:
            errors.append(str(error))
            continue
        if indicator_set.key != key:
            errors.append(f"Набор показателей {where}: внутри записан другой ключ")
            continue
        add(indicator_set, COPY, where)
    return SetScan(tuple(sets), tuple(errors), origins)


def find_set(key: str | None, sets: Iterable[IndicatorSet]) -> IndicatorSet:
    """The set with this key; without a key the default (the municipal order's set, or the
    first there is). IndicatorSetError when there is no such set."""
    available = list(sets)
    wanted = DEFAULT_SET_KEY if key is None else key
    for indicator_set in available:
        if indicator_set.key == wanted:
            return indicator_set
    if key is None and available:
        return available[0]
    if not available:
        raise IndicatorSetError("Нет ни одного набора показателей")
    keys = ", ".join(s.key for s in available)
    raise IndicatorSetError(f"Нет набора показателей «{wanted}». Есть: {keys}")


# --- the curator's copies --------------------------------------------------------------


def copy_set(
    indicator_set: IndicatorSet, new_key: str, new_title: str, *, taken: Collection[str] = ()
) -> IndicatorSet:
    """A copy to edit under a new key and title (taken: the keys already in use); its
    source says which set it was copied from. IndicatorSetError for a bad key or title."""
    key = new_key.strip()
    if not _KEY_RE.fullmatch(key):
        raise IndicatorSetError(
            "Код набора: только буквы, цифры, «_» и «-», без пробелов, до 100 знаков"
        )
    if key in taken:
        raise IndicatorSetError(f"Код набора «{key}» уже занят другим набором")
    title = " ".join(new_title.split())
    if not title:
        raise IndicatorSetError("Пустое название набора")
    if len(title) > MAX_TEXT:
        raise IndicatorSetError(f"Название набора длиннее {MAX_TEXT} знаков")
    basis = f"На основе набора «{indicator_set.title}»"
    source = f"{basis} ({indicator_set.source})" if indicator_set.source else basis
    indicators = tuple(
        IndicatorDef(i.key, i.name, i.computes, dict(i.targets)) for i in indicator_set.indicators
    )
    return IndicatorSet(key=key, title=title, source=source[:MAX_TEXT], indicators=indicators)


def free_key(base: str, taken: Collection[str]) -> str:
    """A key for a copy that no set has: base_2, base_3, …"""
    stem = base.strip()[:90] or "nabor"
    number = 2
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"
