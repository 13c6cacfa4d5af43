"""Importing people from a file into the register: a backup, then one transaction.

The file is read and checked by exchange.importing (build_plan, plan_file), which writes
nothing; the wizard and `mentor-desk participants import` both write through here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from mentor_desk.exchange.importing import (
    ImportPlan,
    ImportReport,
    ImportRow,
    Outcome,
    report_for,
    update_card,
)
from mentor_desk.services import participants
from mentor_desk.storage.database import Database, backup

Progress = Callable[[int, int], None]


def import_plan(
    db: Database,
    plan: ImportPlan,
    source: str,
    today: date,
    progress: Progress | None = None,
    *,
    backup_first: bool = True,
) -> ImportReport:
    """Back the database up (one step back, whatever happens), then apply the plan.

    backup_first=False is for a database created by this very opening: nothing to go
    back to.
    """
    if backup_first:
        backup(db.path, reason="before-import")
    return apply_plan(db, plan, source, today, progress)


def apply_plan(
    db: Database,
    plan: ImportPlan,
    source: str,
    today: date,
    progress: Progress | None = None,
) -> ImportReport:
    """Write every accepted row in one transaction; any failure leaves the database as it was.

    An update only adds to a card (exchange.importing.update_card). A row whose update
    the card's own checks refuse (say, a birth date that makes a consent a minor's) is
    skipped and said so. What each update changed, and which were refused, reach the rows
    only once the transaction is committed: after a failure (a locked database) the plan
    is as it was, and trying again works as the first try.
    """
    to_add = [r for r in plan.rows if r.outcome is Outcome.ADDED]
    to_update = [r for r in plan.rows if r.outcome is Outcome.UPDATED]
    total = len(to_add) + len(to_update)
    refused: list[tuple[ImportRow, str]] = []
    changed: list[tuple[ImportRow, list[str]]] = []
    with db.transaction() as session:
        step = 1000
        for start in range(0, len(to_add), step):
            chunk = to_add[start : start + step]
            participants.insert_many(session, [r.data for r in chunk], today, checked=True)
            if progress:
                progress(start + len(chunk), total)
        for done, row in enumerate(to_update, start=len(to_add) + 1):
            assert row.duplicate_of is not None
            person_id = row.duplicate_of[0]
            card = participants.load(session, person_id, today)
            changes = update_card(card, row, today)
            if changes:
                try:
                    participants.update_person(session, person_id, card, today)
                except participants.ValidationFailed as exc:
                    refused.append((row, f"не обновлён: {exc}"))
                else:
                    changed.append((row, changes))
            else:
                changed.append((row, []))
            if progress:
                progress(done, total)
    for row, message in refused:
        row.errors.append(message)
    for row, changes in changed:
        row.changes = changes
    return report_for(plan, source, dry_run=False)
