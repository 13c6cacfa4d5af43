"""Old journal entries still open: the golden payloads of tests/data/journal, re-opened.

Each file is what an earlier version wrote into issued_document.payload (see
tests/data/journal/make_payloads.py); moving or renaming a class must not make a
school's orders unreadable.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.documents.reading import all_text

from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.services import documents
from mentor_desk.services.documents import DocKind
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import IssuedDocument

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "journal"
# What each re-opened document must still print.
PRINTED = {
    DocKind.PAIRS: ("О закреплении наставнических пар (групп)", "№ 45-о", "Белова А.О. (8А)"),
    DocKind.END: ("№ 52-о", "Смирнова О.П.", "Иванов И.И. (7Б)"),
    DocKind.PASSPORT: ("Паспорт программы наставничества", "МБОУ СОШ № 3"),
    DocKind.EXTRACT: ("Смирнова Ольга Петровна", "Молодцова Мария Ивановна"),
    DocKind.CONSENT: ("Иванов Иван Иванович", "Молодцова Мария Ивановна"),
    DocKind.ROADMAP: ("Об утверждении дорожной карты", "№ 12-о", "Кравченко Е.В."),
}


def test_there_is_a_golden_payload_of_every_kind():
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(k.value for k in DocKind)


@pytest.mark.parametrize("kind", list(DocKind), ids=lambda kind: kind.value)
def test_a_golden_payload_reopens(db: Database, kind: DocKind):
    text = (GOLDEN / f"{kind.value}.json").read_text(encoding="utf-8")
    with db.transaction() as session:
        entry = IssuedDocument(kind=kind.value, number="", issued_on=date(2026, 11, 23),
                               title=kind.journal_title, payload=text)  # fmt: skip
        session.add(entry)
        session.flush()
        entry_id = entry.id
    reopened_kind, data = documents.reopen_data(db.reader, entry_id)
    assert reopened_kind is kind
    assert documents.from_payload(kind, json.loads(text)) == data
    printed = all_text(pdf_bytes(documents.reopen(db.reader, entry_id)))
    for expected in PRINTED[kind]:
        assert expected in printed


def _type_names(value: object) -> set[str]:
    """Every "$type" and "$enum" name in a payload."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("$type", "$enum"):
                found.add(str(item))
            found |= _type_names(item)
    elif isinstance(value, list):
        for item in value:
            found |= _type_names(item)
    return found


@pytest.mark.parametrize("kind", list(DocKind), ids=lambda kind: kind.value)
def test_new_payloads_name_classes_by_tags(kind: DocKind):
    """Written again today, a golden document names its classes by tags, not by Python
    paths, and reads back equal."""
    old = json.loads((GOLDEN / f"{kind.value}.json").read_text(encoding="utf-8"))
    data = documents.from_payload(kind, old)
    new = documents.to_payload(data)
    names = _type_names(new)
    assert names and not any(":" in name or "." in name for name in names)
    assert new["$version"] == documents.PAYLOAD_VERSION == 2
    assert documents.from_payload(kind, json.loads(json.dumps(new))) == data


@pytest.mark.parametrize(
    "name",
    ["mentor_desk.documents.orders:DEFAULT_PREAMBLE", "os:system", "builtins:dict", "PairsOrder",
     "mentor_desk.documents.blocks:Document"],
)  # fmt: skip
def test_an_unknown_type_name_is_damage_not_an_import(name: str):
    payload = {"$version": 1, "$type": name, "number": "1"}
    with pytest.raises(documents.DocumentError, match="повреждена"):
        documents.from_payload(DocKind.PAIRS, payload)


def test_an_enum_tag_is_not_a_dataclass():
    payload = {"$version": 2, "$type": "form", "value": "teacher_student"}
    with pytest.raises(documents.DocumentError, match="повреждена"):
        documents.from_payload(DocKind.PAIRS, payload)
    payload = {"$version": 2, "$enum": "term", "value": "x"}
    with pytest.raises(documents.DocumentError, match="повреждена"):
        documents.from_payload(DocKind.PAIRS, payload)
