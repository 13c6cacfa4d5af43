"""The roadmap on paper and the order approving it, with its approval found in the journal."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from mentor_desk.queries.journal import latest_approval
from mentor_desk.services.documents.gatherers import profile_of
from mentor_desk.services.documents.numbers import clean_number
from mentor_desk.services.documents.registry import DocKind, DocumentError
from mentor_desk.services.documents.signatures import (
    curator_of,
    initials_last,
    last_initials,
    place_or_default,
)

if TYPE_CHECKING:
    from mentor_desk.documents.roadmap_doc import RoadmapDoc, RoadmapOrder


def roadmap_approval(conn: sqlite3.Connection, roadmap_id: int) -> tuple[str, date] | None:
    """(number, date) of the latest order in the journal approving this roadmap, or None.

    A roadmap may be approved again (a new order after changes): the UI asks this first
    to say «уже утверждена приказом от … № …». Orders issued before the journal kept
    the roadmap's id (RoadmapOrder.roadmap_id) are not found.
    """
    return latest_approval(conn, DocKind.ROADMAP.value, roadmap_id)


class _Journal(Enum):
    APPROVAL = "journal"


APPROVAL_FROM_JOURNAL = _Journal.APPROVAL  # roadmap_doc_data's default: roadmap_approval()


def roadmap_doc_data(
    conn: sqlite3.Connection,
    roadmap_id: int,
    today: date,
    *,
    with_status: bool = False,
    approved_by_order: tuple[str, date | None] | _Journal | None = APPROVAL_FROM_JOURNAL,
) -> RoadmapDoc:
    """A roadmap as printed: the template's columns, the items as they stand today.

    approved_by_order: (number, date) of the order whose appendix it is; by default the
    latest order approving it (roadmap_approval()), so an approved roadmap prints
    «Приложение к приказу от … № …»; None prints the stamp «УТВЕРЖДАЮ» to sign.
    """
    from mentor_desk.documents.roadmap_doc import RoadmapDoc, rows_from_items
    from mentor_desk.queries import roadmap

    profile = profile_of(conn)
    info = next((r for r in roadmap.roadmaps(conn) if r.id == roadmap_id), None)
    if info is None:
        raise DocumentError("Дорожная карта не найдена: возможно, её удалили")
    items = roadmap.read_items(conn, roadmap_id, today)
    if not items:
        raise DocumentError("В дорожной карте нет мероприятий: печатать нечего")
    if isinstance(approved_by_order, _Journal):
        approved_by_order = roadmap_approval(conn, roadmap_id)
    return RoadmapDoc(
        org_full_name=profile.full_name,
        title=info.title,
        period_text=f"{info.start_year}-{info.end_year} годы",
        director_position=profile.director_position,
        director_name=initials_last(profile.director_name),
        approved_by_order=approved_by_order,
        columns=_roadmap_columns(conn, roadmap_id, items),
        rows=rows_from_items(items),
        with_status=with_status,
        org_short_name=profile.short_name,
    )


def _roadmap_columns(
    conn: sqlite3.Connection, roadmap_id: int, items: Sequence[Any]
) -> tuple[str, ...]:
    """The template's columns when the roadmap came from one; else the ones filled in."""
    from mentor_desk.domain.roadmap import COLUMNS
    from mentor_desk.queries.roadmap import template_of
    from mentor_desk.services.roadmap_templates import scan_templates

    key = template_of(conn, roadmap_id)
    known = {t.key: t for t in scan_templates().templates}
    wanted = set(known[key].columns) if key in known else {"section", "activity", "deadline"}
    wanted |= {"activity", "deadline", "responsible"}  # the checklist always has these
    filled = {
        "expected_result": any(i.expected_result for i in items),
        "indicator": any(i.indicator for i in items),
    }
    wanted |= {column for column, used in filled.items() if used}
    return tuple(column for column in COLUMNS if column in wanted)


def roadmap_order_data(
    conn: sqlite3.Connection,
    roadmap_id: int,
    number: str,
    issued_on: date | None,
    today: date,
    *,
    place: str | None = None,
    curator: str | None = None,
    draft: bool = False,
) -> RoadmapOrder:
    """The order approving the roadmap, the roadmap (as planned) in its appendix."""
    from mentor_desk.documents.roadmap_doc import (
        RoadmapOrder,
        acquainted_from_items,
        roadmap_order_title,
    )
    from mentor_desk.queries import roadmap

    profile = profile_of(conn)
    curator_name, curator_position = curator_of(profile, curator)
    doc = roadmap_doc_data(conn, roadmap_id, today,
                           approved_by_order=(clean_number(number), issued_on))  # fmt: skip
    items = roadmap.read_items(conn, roadmap_id, today)
    return RoadmapOrder(
        org_full_name=profile.full_name,
        place=place_or_default(profile, place),
        number=clean_number(number),
        order_date=issued_on,
        title=roadmap_order_title(doc.period_text),
        curator=last_initials(curator_name),
        director_position=profile.director_position,
        director_name=initials_last(profile.director_name),
        roadmap=doc,
        acquainted=acquainted_from_items(
            last_initials(curator_name), items, initials_last(profile.director_name)
        ),
        draft=draft,
        curator_position=curator_position,
        roadmap_id=roadmap_id,
    )
