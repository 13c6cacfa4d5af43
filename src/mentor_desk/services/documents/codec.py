"""The journal's payload: a builder's dataclasses as JSON and back, classes named by type tags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from mentor_desk.documents.consent import ConsentForm
from mentor_desk.documents.end_order import EndOrder, EndRow
from mentor_desk.documents.extracts import Extract, PairRow, PersonRow
from mentor_desk.documents.orders import (
    OrderRow,
    PairsOrder,
    Term,
)
from mentor_desk.documents.passport import (
    Indicator,
    Passport,
    PassportCounts,
)
from mentor_desk.domain.pairs import EndReason, Form, Kind, Status
from mentor_desk.services.documents.registry import DAMAGED, DocKind, DocumentError, builder

#
# Dates, enums, tuples and nested dataclasses are tagged with "$…" keys, so the data
# comes back as the same objects without relying on annotations: a PairsOrder with its
# OrderRows, Terms, Forms and dates. Classes are named by stable type tags (_tags()), never
# by their Python place, so a class may move or be renamed without making old orders
# unreadable; only the tagged classes are accepted back.

# 2: classes named by type tags. 1 (until December 2026): by Python paths, read through
# _CLASS_PATHS. The version is written for the record; reading accepts both.
PAYLOAD_VERSION = 2
_TYPE, _ENUM, _DATE, _DATETIME = "$type", "$enum", "$date", "$datetime"
_TUPLE, _DICT, _LIST, _VERSION = "$tuple", "$dict", "$list", "$version"

# The class paths version 1 wrote, each with its tag. Schools' journals hold them for
# ever: never remove or change a line (tests/data/journal keeps a payload of each kind).
_CLASS_PATHS = {
    "mentor_desk.documents.orders:PairsOrder": "pairs_order",
    "mentor_desk.documents.orders:OrderRow": "order_row",
    "mentor_desk.documents.orders:Term": "term",
    "mentor_desk.documents.end_order:EndOrder": "end_order",
    "mentor_desk.documents.end_order:EndRow": "end_row",
    "mentor_desk.documents.passport:Passport": "passport",
    "mentor_desk.documents.passport:PassportCounts": "passport_counts",
    "mentor_desk.documents.passport:Indicator": "indicator",
    "mentor_desk.documents.extracts:Extract": "extract",
    "mentor_desk.documents.extracts:PersonRow": "person_row",
    "mentor_desk.documents.extracts:PairRow": "pair_row",
    "mentor_desk.documents.consent:ConsentForm": "consent_form",
    "mentor_desk.documents.roadmap_doc:RoadmapOrder": "roadmap_order",
    "mentor_desk.documents.roadmap_doc:RoadmapDoc": "roadmap_doc",
    "mentor_desk.documents.roadmap_doc:RoadmapDocRow": "roadmap_doc_row",
    "mentor_desk.domain.pairs:Form": "form",
    "mentor_desk.domain.pairs:Kind": "kind",
    "mentor_desk.domain.pairs:Status": "status",
    "mentor_desk.domain.pairs:EndReason": "end_reason",
}


@cache
def _tags() -> dict[str, type[Any]]:
    """Every class a payload may hold, by its tag (a tag, once written, never changes)."""
    # Imported on first use: the roadmap's documents are not needed for the others.
    from mentor_desk.documents.roadmap_doc import RoadmapDoc, RoadmapDocRow, RoadmapOrder

    return {
        "pairs_order": PairsOrder, "order_row": OrderRow, "term": Term,
        "end_order": EndOrder, "end_row": EndRow,
        "passport": Passport, "passport_counts": PassportCounts, "indicator": Indicator,
        "extract": Extract, "person_row": PersonRow, "pair_row": PairRow,
        "consent_form": ConsentForm,
        "roadmap_order": RoadmapOrder, "roadmap_doc": RoadmapDoc,
        "roadmap_doc_row": RoadmapDocRow,
        "form": Form, "kind": Kind, "status": Status, "end_reason": EndReason,
    }  # fmt: skip


@cache
def _tag_of() -> dict[type[Any], str]:
    return {cls: tag for tag, cls in _tags().items()}


def _tag(cls: type[Any]) -> str:
    tag = _tag_of().get(cls)
    if tag is None:
        raise TypeError(f"{cls.__qualname__} has no journal tag: add one to _tags()")
    return tag


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Enum):
        return {_ENUM: _tag(type(value)), "value": _encode(value.value)}
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if is_dataclass(value) and not isinstance(value, type):
        encoded = {_TYPE: _tag(type(value))}
        for f in fields(value):
            if f.init:
                encoded[f.name] = _encode(getattr(value, f.name))
        return encoded
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {_TUPLE: [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {_DICT: [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot keep {type(value).__name__} in the journal")


def _resolve(name: Any) -> type[Any]:
    """The class of a tag, or of a class path version 1 wrote."""
    if not isinstance(name, str):
        raise DocumentError(DAMAGED)
    found = _tags().get(_CLASS_PATHS.get(name, name))
    if found is None:
        raise DocumentError(DAMAGED)
    return found


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    try:
        if _DATE in value:
            return date.fromisoformat(value[_DATE])
        if _DATETIME in value:
            return datetime.fromisoformat(value[_DATETIME])
        if _TUPLE in value:
            return tuple(_decode(v) for v in value[_TUPLE])
        if _DICT in value:
            return {_decode(k): _decode(v) for k, v in value[_DICT]}
        if _ENUM in value:
            enum = _resolve(value[_ENUM])
            if not issubclass(enum, Enum):
                raise DocumentError(DAMAGED)
            return enum(_decode(value["value"]))
        if _TYPE in value:
            cls = _resolve(value[_TYPE])
            if issubclass(cls, Enum):
                raise DocumentError(DAMAGED)
            kwargs = {k: _decode(v) for k, v in value.items() if not k.startswith("$")}
            return cls(**kwargs)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        if isinstance(exc, DocumentError):
            raise
        raise DocumentError(DAMAGED) from exc
    raise DocumentError(DAMAGED)


def to_payload(data: Any) -> dict[str, Any]:
    """A builder's data (a dataclass, or a list of them) as JSON-ready data for the journal."""
    if isinstance(data, list):
        return {_VERSION: PAYLOAD_VERSION, _LIST: [to_payload(item) for item in data]}
    if not is_dataclass(data) or isinstance(data, type):
        raise TypeError("the journal keeps a document's dataclass")
    encoded = _encode(data)
    assert isinstance(encoded, dict)
    return {_VERSION: PAYLOAD_VERSION, **encoded}


def from_payload(kind: DocKind, payload: Mapping[str, Any]) -> Any:
    """The builder's data back from the journal: the same dataclass, equal to the original."""
    if _LIST in payload:
        items = payload[_LIST]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise DocumentError(DAMAGED)
        data: Any = [_decode({k: v for k, v in i.items() if k != _VERSION}) for i in items]
    else:
        data = _decode({k: v for k, v in payload.items() if k != _VERSION})
    if not builder(kind).accepts(data):
        raise DocumentError(DAMAGED)
    return data
