"""The journal of issued documents, and each re-opened exactly as it was issued."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from mentor_desk.documents.blocks import Document
from mentor_desk.queries.journal import journal_rows, pair_ids, stored_document
from mentor_desk.services.documents.codec import from_payload
from mentor_desk.services.documents.registry import DAMAGED, DocKind, DocumentError, build


@dataclass(frozen=True)
class JournalEntry:
    id: int
    kind: DocKind
    number: str
    issued_on: date
    title: str
    pairs: int

    @property
    def label(self) -> str:
        return self.kind.label


_KINDS = {kind.value: kind for kind in DocKind}


def journal(conn: sqlite3.Connection) -> list[JournalEntry]:
    """Every issued document, newest first, with how many pairs and groups it names.

    A kind this version does not know (written by a newer one) is not listed: it could
    not be re-opened here.
    """
    return [
        JournalEntry(row.id, _KINDS[row.kind], row.number, row.issued_on, row.title, row.pairs)
        for row in journal_rows(conn)
        if row.kind in _KINDS
    ]


journal_pairs = pair_ids  # the pairs and groups a journal entry names


def reopen_data(conn: sqlite3.Connection, document_id: int) -> tuple[DocKind, Any]:
    """A journal entry's kind and its data, exactly as issued."""
    row = stored_document(conn, document_id)
    if row is None:
        raise DocumentError("Документ не найден в журнале: возможно, его удалили")
    kind = _KINDS.get(row[0])
    if kind is None:
        raise DocumentError(DAMAGED)
    try:
        payload = json.loads(row[1])
    except ValueError as exc:
        raise DocumentError(DAMAGED) from exc
    return kind, from_payload(kind, payload)


def reopen(conn: sqlite3.Connection, document_id: int) -> Document:
    """The document of a journal entry, rebuilt from the data kept when it was issued."""
    kind, data = reopen_data(conn, document_id)
    return build(kind, data)
