"""Documents from the register: gather the data, issue orders, keep the journal, re-open.

Data gathering (gatherers, roadmap_documents) reads through mentor_desk.queries (sqlite3)
and returns the builders' dataclasses (documents.orders and its neighbours); the builders
(registry) turn them into a blocks.Document, which the PDF and DOCX renderers print.
Issuing (issue) takes the caller's ORM session, so the number check (numbers), the
consent gate (consent), the pairs' approval and the journal entry are one transaction
(the same queries, run on storage.database.session_connection). The journal keeps each
document's data as JSON (codec), so re-opening an entry (journal) prints exactly what was
issued, whatever the register says now. The use case of issuing an order is services.orders.

The package's names are re-exported here: `from mentor_desk.services import documents;
documents.X` works for every X of its modules' public API.
"""

from __future__ import annotations

from mentor_desk.services.documents.codec import (
    PAYLOAD_VERSION,
    from_payload,
    to_payload,
)
from mentor_desk.services.documents.consent import (
    UNCONFIRMED_CONSENT,
    WITHDRAWN_CONSENT,
    ConsentUnconfirmed,
    ConsentWithdrawn,
    check_consent,
    consent_list,
    consent_problems,
    withdrawn_names,
)
from mentor_desk.services.documents.gatherers import (
    INDICATOR_PRESET,
    consent_data,
    default_indicators,
    default_term,
    end_order_data,
    extract_data,
    pairs_order_data,
    passport_data,
    ready_for,
)
from mentor_desk.services.documents.handouts import (
    record_consent_handouts,
)
from mentor_desk.services.documents.issue import (
    issue,
)
from mentor_desk.services.documents.journal import (
    JournalEntry,
    journal,
    journal_pairs,
    reopen,
    reopen_data,
)
from mentor_desk.services.documents.numbers import (
    check_number,
    clean_number,
    normalize_number,
)
from mentor_desk.services.documents.registry import (
    DAMAGED,
    NO_CURATOR,
    NO_PROFILE,
    Builder,
    DocKind,
    DocumentError,
    build,
    builder,
)
from mentor_desk.services.documents.roadmap_documents import (
    APPROVAL_FROM_JOURNAL,
    roadmap_approval,
    roadmap_doc_data,
    roadmap_order_data,
)
from mentor_desk.services.documents.signatures import (
    initials_last,
    last_initials,
    place_of,
    settlement,
)

__all__ = [
    "APPROVAL_FROM_JOURNAL",
    "DAMAGED",
    "INDICATOR_PRESET",
    "NO_CURATOR",
    "NO_PROFILE",
    "PAYLOAD_VERSION",
    "UNCONFIRMED_CONSENT",
    "WITHDRAWN_CONSENT",
    "Builder",
    "ConsentUnconfirmed",
    "ConsentWithdrawn",
    "DocKind",
    "DocumentError",
    "JournalEntry",
    "build",
    "builder",
    "check_consent",
    "check_number",
    "clean_number",
    "consent_data",
    "consent_list",
    "consent_problems",
    "default_indicators",
    "default_term",
    "end_order_data",
    "extract_data",
    "from_payload",
    "initials_last",
    "issue",
    "journal",
    "journal_pairs",
    "last_initials",
    "normalize_number",
    "pairs_order_data",
    "passport_data",
    "place_of",
    "ready_for",
    "record_consent_handouts",
    "reopen",
    "reopen_data",
    "roadmap_approval",
    "roadmap_doc_data",
    "roadmap_order_data",
    "settlement",
    "to_payload",
    "withdrawn_names",
]
