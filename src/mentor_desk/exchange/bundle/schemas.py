"""JSON Schemas the reader validates with (jsonschema): the descriptor, the encryption
header, and one per table generated from its Frictionless Table Schema for the rows."""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

from mentor_desk.exchange.bundle.format import (
    FIELD_TYPES,
    FORMAT_VERSION,
    LEVELS,
    SCHOOL_ID_PATTERN,
    YEAR_PATTERN,
    TableSpec,
)

DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
CREATED_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
B64_12 = r"^[A-Za-z0-9+/]{16}$"
B64_16 = r"^[A-Za-z0-9+/]{22}==$"
B64_32 = r"^[A-Za-z0-9+/]{43}=$"
FINGERPRINT_PATTERN = r"^[0-9A-F]{4}( [0-9A-F]{4}){7}$"
_NAME = r"^[a-z][a-z_]{0,39}$"

_FIELD = {
    "type": "object",
    "required": ["name", "type"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "pattern": _NAME},
        "type": {"enum": list(FIELD_TYPES)},
        "title": {"type": "string", "maxLength": 200},
        "format": {"const": "default"},
        "constraints": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "required": {"type": "boolean"},
                "enum": {"type": "array", "items": {"type": "string"}, "maxItems": 100},
                "minimum": {"type": "integer"},
                "maximum": {"type": "integer"},
                "maxLength": {"type": "integer", "minimum": 1},
                "pattern": {"type": "string", "maxLength": 200},
            },
        },
    },
}
_KEY_LIST = {"type": "array", "items": {"type": "string", "pattern": _NAME}, "maxItems": 10}
_TABLE_SCHEMA = {
    "type": "object",
    "required": ["fields"],
    "additionalProperties": False,
    "properties": {
        "fields": {"type": "array", "minItems": 1, "maxItems": 50, "items": _FIELD},
        "missingValues": {"type": "array", "items": {"type": "string"}},
        "primaryKey": _KEY_LIST,
        "foreignKeys": {
            "type": "array",
            "maxItems": 10,
            "items": {
                "type": "object",
                "required": ["fields", "reference"],
                "additionalProperties": False,
                "properties": {
                    "fields": _KEY_LIST,
                    "reference": {
                        "type": "object",
                        "required": ["resource", "fields"],
                        "additionalProperties": False,
                        "properties": {
                            "resource": {"type": "string", "pattern": _NAME},
                            "fields": _KEY_LIST,
                        },
                    },
                },
            },
        },
    },
}
_RESOURCE = {
    "type": "object",
    "required": ["name", "path", "profile", "format", "encoding", "schema"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "pattern": _NAME},
        "path": {"type": "string", "pattern": r"^[a-z][a-z_]{0,39}\.csv$"},
        "title": {"type": "string", "maxLength": 200},
        "profile": {"const": "tabular-data-resource"},
        "format": {"const": "csv"},
        "mediatype": {"const": "text/csv"},
        "encoding": {"const": "utf-8"},
        "bytes": {"type": "integer", "minimum": 0},
        "hash": {"type": "string", "pattern": r"^sha256:[0-9a-f]{64}$"},
        "dialect": {"const": DIALECT},
        "schema": _TABLE_SCHEMA,
    },
}
# A subset of the Frictionless Tabular Data Package profile, closed to anything else.
DESCRIPTOR_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Mentor Desk bundle: datapackage.json",
    "type": "object",
    "required": ["profile", "name", "id", "created", "resources", "mentor_desk"],
    "additionalProperties": False,
    "properties": {
        "profile": {"const": "tabular-data-package"},
        "name": {"type": "string", "pattern": r"^[a-z0-9._-]{1,100}$"},
        "id": {"type": "string", "format": "uuid"},
        "title": {"type": "string", "maxLength": 1000},
        "created": {"type": "string", "pattern": CREATED_PATTERN},
        "licenses": {"type": "array", "maxItems": 5},
        "mentor_desk": {
            "type": "object",
            "required": ["format_version", "part", "level", "school_id", "academic_year"],
            "additionalProperties": False,
            "properties": {
                "format_version": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
                "part": {"enum": ["figures", "personal"]},
                "level": {"enum": list(LEVELS)},
                "school_id": {"type": "string", "pattern": SCHOOL_ID_PATTERN},
                "academic_year": {"type": "string", "pattern": YEAR_PATTERN},
            },
        },
        "resources": {"type": "array", "minItems": 1, "maxItems": 20, "items": _RESOURCE},
    },
}
PERSONAL_HEADER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Mentor Desk bundle: personal-encryption.json",
    "oneOf": [
        {
            "type": "object",
            "required": ["scheme", "salt", "n", "r", "p", "nonce"],
            "additionalProperties": False,
            "properties": {
                "scheme": {"const": "scrypt-aes-256-gcm"},
                "salt": {"type": "string", "pattern": B64_16},
                "n": {"enum": [2**k for k in range(14, 21)]},
                "r": {"type": "integer", "minimum": 1, "maximum": 32},
                "p": {"type": "integer", "minimum": 1, "maximum": 16},
                "nonce": {"type": "string", "pattern": B64_12},
            },
        },
        {
            "type": "object",
            "required": ["scheme", "ephemeral_public_key", "recipient_fingerprint", "nonce"],
            "additionalProperties": False,
            "properties": {
                "scheme": {"const": "x25519-hkdf-sha256-aes-256-gcm"},
                "ephemeral_public_key": {"type": "string", "pattern": B64_32},
                "recipient_fingerprint": {"type": "string", "pattern": FINGERPRINT_PATTERN},
                "nonce": {"type": "string", "pattern": B64_12},
            },
        },
    ],
}


def row_schema(spec: TableSpec) -> dict[str, Any]:
    """A JSON Schema for one row of the table, its values already typed (tables.py)."""
    properties: dict[str, Any] = {}
    for f in spec.fields:
        s: dict[str, Any]
        if f.type == "string":
            s = {"type": "string"}
            if f.max_length is not None:
                s["maxLength"] = f.max_length
            if f.pattern is not None:
                s["pattern"] = f.pattern
            if f.enum is not None:
                s["enum"] = list(f.enum)
        elif f.type in ("integer", "number"):
            s = {"type": f.type}
            if f.minimum is not None:
                s["minimum"] = f.minimum
            if f.maximum is not None:
                s["maximum"] = f.maximum
        elif f.type == "boolean":
            s = {"type": "boolean"}
        elif f.type == "date":
            s = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"}
        else:  # datetime
            s = {"type": "string", "pattern": CREATED_PATTERN}
        properties[f.name] = s if f.required else {"anyOf": [s, {"type": "null"}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Mentor Desk bundle: a row of {spec.path}",
        "type": "object",
        "properties": properties,
        "required": spec.field_names,
        "additionalProperties": False,
    }


@functools.lru_cache(maxsize=64)
def _validator_for(key: str) -> Draft202012Validator:
    schema = {"descriptor": DESCRIPTOR_SCHEMA, "personal": PERSONAL_HEADER_SCHEMA}[key]
    return Draft202012Validator(schema, format_checker=FormatChecker())


@functools.lru_cache(maxsize=64)
def row_validator(spec: TableSpec) -> Draft202012Validator:
    return Draft202012Validator(row_schema(spec), format_checker=FormatChecker())


def descriptor_error(document: object) -> ValidationError | None:
    return best_match(_validator_for("descriptor").iter_errors(document))


def personal_header_error(document: object) -> ValidationError | None:
    return best_match(_validator_for("personal").iter_errors(document))


def where(error: ValidationError) -> str:
    """'resources/3/schema': the place of an error in a JSON document."""
    return "/".join(str(p) for p in error.absolute_path) or "(корень)"
