"""Issuing an order, once for every kind: the pairs order, the end order, the roadmap's.

The pairs dialog, the end-order menu, the roadmap's approval and `mentor-desk order` all
come here and only present: an Order is prepared from the register (or from the data the
user edited, through order_of), with the typed number cleaned once, so the journal and
the printed order say the same number; number_problem() and consent_gate() say before
the transaction what issue_order() would refuse; issue_order() records the journal entry
and approves the pairs (or checks the ended ones) in the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from mentor_desk.documents.blocks import Document
from mentor_desk.documents.orders import PairsOrder
from mentor_desk.services import documents
from mentor_desk.services.documents import DocKind, DocumentError

ORDER_KINDS = (DocKind.PAIRS, DocKind.END, DocKind.ROADMAP)
NO_DATE = "Укажите дату приказа"


@dataclass(frozen=True)
class Order:
    """An order to preview or issue: its kind, its builder's data (PairsOrder, EndOrder or
    RoadmapOrder, the number cleaned), and the pairs and groups it names."""

    kind: DocKind
    data: Any
    mentorship_ids: tuple[int, ...] = ()

    @property
    def number(self) -> str:
        return str(self.data.number)

    @property
    def issued_on(self) -> date | None:
        on: date | None = self.data.order_date
        return on

    @property
    def title(self) -> str:
        """The journal's title: the roadmap order's own (with its period), else the kind's."""
        return str(self.data.title) if self.kind is DocKind.ROADMAP else self.kind.journal_title

    def document(self) -> Document:
        return documents.build(self.kind, self.data)

    def as_draft(self, draft: bool = True) -> Order:
        return replace(self, data=replace(self.data, draft=draft))


def order_of(kind: DocKind, data: Any, mentorship_ids: Sequence[int] = ()) -> Order:
    """The order of a kind's data as gathered or edited: «№ 99-о» typed is «99-о»."""
    if kind not in ORDER_KINDS:
        raise ValueError(f"{kind.value} is not an order")
    ids = tuple(dict.fromkeys(mentorship_ids))
    return Order(kind, replace(data, number=documents.clean_number(data.number)), ids)


def pairs_order(
    conn: sqlite3.Connection,
    mentorship_ids: Sequence[int],
    number: str,
    issued_on: date | None,
    today: date,
    *,
    draft: bool = False,
    curator: str | None = None,
) -> Order:
    """The order fixing these draft pairs and groups (services.documents.pairs_order_data)."""
    data = documents.pairs_order_data(
        conn, mentorship_ids, number, issued_on, today, draft=draft, curator=curator
    )
    return order_of(DocKind.PAIRS, data, mentorship_ids)


def end_order(
    conn: sqlite3.Connection,
    mentorship_ids: Sequence[int],
    number: str,
    issued_on: date | None,
    today: date,
    *,
    preamble: str | None = None,
    draft: bool = False,
) -> Order:
    """The order ending the programs of these ended pairs and groups."""
    data = documents.end_order_data(
        conn, mentorship_ids, number, issued_on, today, preamble=preamble or None, draft=draft
    )
    return order_of(DocKind.END, data, mentorship_ids)


def roadmap_order(
    conn: sqlite3.Connection,
    roadmap_id: int,
    number: str,
    issued_on: date | None,
    today: date,
    *,
    preamble: str | None = None,
    draft: bool = False,
) -> Order:
    """The order approving this roadmap, the roadmap its appendix; names no pairs."""
    data = documents.roadmap_order_data(conn, roadmap_id, number, issued_on, today, draft=draft)
    if preamble and preamble.strip():
        data = replace(data, preamble=preamble.strip())
    return order_of(DocKind.ROADMAP, data)


def number_problem(conn: sqlite3.Connection, number: str, issued_on: date | None) -> str | None:
    """Why an order cannot have this number and date (for the number field), or None."""
    if issued_on is None:
        return NO_DATE
    return documents.check_number(conn, documents.clean_number(number), issued_on)


def consent_gate(
    conn: sqlite3.Connection, order: Order, today: date, *, confirmed: bool = False
) -> None:
    """What issue_order() would say of the consents of the people the order names:
    ConsentWithdrawn always, ConsentUnconfirmed (with .problems, to ask the user) unless
    confirmed. Only the pairs order names people; a draft of it names them too."""
    if order.kind is DocKind.PAIRS:
        problems = documents.consent_problems(conn, order.mentorship_ids, today)
        documents.check_consent(problems, confirmed)


def issue_order(
    session: Session, order: Order, today: date, *, confirmed_without_consent: bool = False
) -> int:
    """Record the order in the journal in the caller's transaction; its journal id.

    The number must be free this calendar year and the date not in the future; the pairs
    order approves its pairs (its consent gate passed), the end order needs pairs ended
    on or before its date (services.documents.issue).
    """
    if order.data.draft:
        raise ValueError("a draft is not issued")
    if order.issued_on is None:
        raise DocumentError(NO_DATE)
    return documents.issue(
        session, order.kind, order.number, order.issued_on, order.title,
        documents.to_payload(order.data), order.mentorship_ids, today,
        confirmed_without_consent=confirmed_without_consent,
    )  # fmt: skip


def pairs_order_defaults(
    conn: sqlite3.Connection, mentorship_ids: Sequence[int], today: date
) -> PairsOrder:
    """The pairs order's defaults for the user to edit (undated, unnumbered); a school
    profile without a curator leaves the curator empty to fill in."""
    try:
        return documents.pairs_order_data(conn, mentorship_ids, "", today, today)
    except DocumentError as exc:
        if str(exc) != documents.NO_CURATOR:
            raise
    base = documents.pairs_order_data(conn, mentorship_ids, "", today, today, curator="—")
    return replace(base, curator_name="", curator_position="")
