"""The bundle's tables as UTF-8 CSV: written from typed rows, read back into typed rows.

Reading is lenient first (text that looks like a number becomes one), then strict: every
row is validated against the JSON Schema generated from the table's Table Schema, so a
bad value is reported by jsonschema, not by a hand-written check.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

from mentor_desk.exchange.bundle.format import MAX_ROWS, BundleError, TableSpec
from mentor_desk.exchange.bundle.schemas import row_validator

Row = dict[str, Any]
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_NUMBER = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,18})?([eE][-+]?[0-9]{1,3})?")
_TYPE_WORDS = {
    "integer": "целым числом",
    "number": "числом",
    "boolean": "значением true/false",
    "string": "текстом",
    "date": "датой ГГГГ-ММ-ДД",
    "datetime": "моментом времени",
}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    return str(value)


def encode_csv(spec: TableSpec, rows: Iterable[Mapping[str, object]]) -> bytes:
    """The table as CSV bytes: a header of the field names, then one line per row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    names = spec.field_names
    writer.writerow(names)
    for number, row in enumerate(rows, start=1):
        extra = set(row) - set(names)
        if extra:
            raise BundleError(
                f"Пакет не записан: в таблице «{spec.title}» (строка {number}) есть лишние "
                f"столбцы: {', '.join(sorted(extra))}.",
                "bad_data",
            )
        writer.writerow([_cell(row.get(name)) for name in names])
    return out.getvalue().encode("utf-8")


def _coerce(kind: str, text: str) -> object:
    if text == "":
        return None
    if kind == "integer" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "number" and _NUMBER.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text  # left as text: the row schema says what is wrong with it


def _problem(spec: TableSpec, where: str, detail: str, writing: bool) -> BundleError:
    if writing:  # the app's own data: the curator can fix it and export again
        return BundleError(
            f"Пакет не записан: таблица «{spec.title}», {detail}. Исправьте эти сведения "
            "в программе и выгрузите пакет снова.",
            "bad_data",
        )
    return BundleError(
        f"Таблица «{spec.title}» ({where}) повреждена: {detail}. Попросите школу "
        "выгрузить пакет заново.",
        "bad_table",
    )


def decode_csv(spec: TableSpec, data: bytes, *, where: str, writing: bool = False) -> list[Row]:
    """Typed rows of the table; BundleError naming the row and column on a bad one.

    `writing`: the writer's read-back, worded for the school's curator."""

    def bad(detail: str) -> BundleError:
        return _problem(spec, where, detail, writing)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise bad("текст не в кодировке UTF-8") from None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header != spec.field_names:
            shown = ", ".join(header or []) or "пусто"
            raise bad(f"столбцы «{shown[:200]}» вместо «{', '.join(spec.field_names)}»")
        kinds = [(f.name, f.type) for f in spec.fields]
        validator = row_validator(spec)
        rows: list[Row] = []
        for line, cells in enumerate(reader, start=2):
            if len(cells) != len(kinds):
                raise bad(f"строка {line}: значений {len(cells)}, а столбцов {len(kinds)}")
            if len(rows) >= MAX_ROWS:
                raise bad(f"больше {MAX_ROWS} строк")
            row = {
                name: _coerce(kind, text) for (name, kind), text in zip(kinds, cells, strict=True)
            }
            error = best_match(validator.iter_errors(row))
            if error is not None:
                raise bad(f"строка {line}, {_explain(spec, error)}")
            rows.append(row)
    except csv.Error:
        raise bad(f"нарушен формат CSV в строке {reader.line_num} (кавычки или NUL)") from None
    for name, kind in kinds:
        if kind == "date":
            for row in rows:
                if row[name] is not None:
                    row[name] = date.fromisoformat(str(row[name]))
    return rows


def _explain(spec: TableSpec, error: ValidationError) -> str:
    if error.validator == "anyOf" and error.context:
        # An optional column: explain what is wrong for the value, not for the null branch.
        typed = best_match(e for e in error.context if e.relative_schema_path[0] == 0)
        if typed is not None:
            return _explain(spec, typed)
    path = list(error.absolute_path)
    column = str(path[0]) if path else ""
    field = next((f for f in spec.fields if f.name == column), None)
    value = error.instance
    shown = "пусто" if value is None else f"«{str(value)[:60]}»"
    if error.validator == "type" and value is None:
        reason = "обязательное значение не заполнено"
    elif error.validator in ("type", "format", "pattern") and field is not None:
        word = _TYPE_WORDS.get(field.type, field.type)
        reason = (
            f"значение {shown} не является {word}"
            if error.validator != "pattern" or field.type == "date"
            else f"значение {shown} не соответствует образцу"
        )
    elif error.validator == "enum":
        reason = f"недопустимое значение {shown}"
    elif error.validator in ("minimum", "maximum"):
        reason = f"значение {shown} вне допустимых пределов"
    elif error.validator == "maxLength":
        reason = "слишком длинный текст"
    else:
        reason = f"значение {shown} не подходит ({error.message[:100]})"
    return f"столбец «{column}»: {reason}" if column else reason


def check_keys(
    specs: Sequence[TableSpec], tables: Mapping[str, list[Row]], *, writing: bool = False
) -> None:
    """Primary keys unique and foreign keys pointing at rows that exist."""
    for spec in specs:
        rows = tables.get(spec.name, [])
        if spec.single_row and len(rows) != 1:
            raise _problem(spec, spec.path, f"строк {len(rows)} вместо одной", writing)
        if spec.primary_key:
            seen: set[tuple[object, ...]] = set()
            for row in rows:
                key = tuple(row[k] for k in spec.primary_key)
                if key in seen:
                    shown = ", ".join(str(k) for k in key)
                    raise _problem(spec, spec.path, f"повторяется ключ ({shown[:100]})", writing)
                seen.add(key)
        for fk in spec.foreign_keys:
            targets = {tuple(r[k] for k in fk.reference) for r in tables.get(fk.resource, [])}
            for row in rows:
                key = tuple(row[k] for k in fk.fields)
                if None not in key and key not in targets:
                    shown = ", ".join(map(str, key))[:100]
                    detail = f"ссылка {shown} не найдена в таблице «{fk.resource}»"
                    raise _problem(spec, spec.path, detail, writing)
