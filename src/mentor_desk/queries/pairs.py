"""Display reads of one pair or group: its program as the program dialog shows it, its
meetings and its history."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from mentor_desk.domain.pairs import EndReason, EventKind, Form, Kind, MeetingKind, Status
from mentor_desk.domain.text import full_name
from mentor_desk.queries.sql import day


@dataclass(frozen=True)
class PlanItemView:
    text: str
    due_on: date | None
    done_on: date | None


@dataclass(frozen=True)
class ProgramView:
    """One pair or group as the program dialog shows it: names, state, term, program."""

    mentor: str
    mentees: tuple[str, ...]
    form: Form
    kind: Kind
    status: Status
    order_number: str
    order_date: date | None
    started_on: date | None
    ends_on: date | None
    ended_on: date | None
    end_reason: EndReason | None
    goal: str
    tasks: str
    plan: tuple[PlanItemView, ...]


@dataclass(frozen=True)
class MeetingView:
    id: int
    held_on: date
    kind: MeetingKind
    note: str


@dataclass(frozen=True)
class EventView:
    id: int
    happened_on: date
    kind: EventKind
    text: str


_PROGRAM_SQL = """
    SELECT m.form, m.kind, m.status, m.order_number, m.order_date, m.started_on, m.ends_on,
           m.ended_on, m.end_reason, m.goal, m.tasks,
           p.last_name, p.first_name, p.middle_name
    FROM mentorship m LEFT JOIN participant p ON p.id = m.mentor_id
    WHERE m.id = ?
"""
_MENTEES_SQL = """
    SELECT p.last_name, p.first_name, p.middle_name
    FROM mentorship_mentee mm LEFT JOIN participant p ON p.id = mm.participant_id
    WHERE mm.mentorship_id = ? ORDER BY mm.position, mm.participant_id
"""
_PLAN_SQL = """
    SELECT text, due_on, done_on FROM plan_item WHERE mentorship_id = ? ORDER BY position, id
"""
_MEETINGS_SQL = """
    SELECT id, held_on, kind, note FROM meeting WHERE mentorship_id = ? ORDER BY held_on, id
"""
_EVENTS_SQL = """
    SELECT id, happened_on, kind, text FROM mentorship_event WHERE mentorship_id = ? ORDER BY id
"""


def _name(last: str | None, first: str | None, middle: str | None) -> str:
    return "—" if last is None else full_name(last, first or "", middle or "")


def program_view(conn: sqlite3.Connection, mentorship_id: int) -> ProgramView | None:
    """The pair as the program dialog shows it; None if it is gone."""
    row = conn.execute(_PROGRAM_SQL, (mentorship_id,)).fetchone()
    if row is None:
        return None
    form, kind, status, number, on, started, ends, ended, reason, goal, tasks, *mentor = row
    mentees = conn.execute(_MENTEES_SQL, (mentorship_id,)).fetchall()
    plan = conn.execute(_PLAN_SQL, (mentorship_id,)).fetchall()
    return ProgramView(
        mentor=_name(*mentor),
        mentees=tuple(_name(*names) for names in mentees),
        form=Form(form),
        kind=Kind(kind),
        status=Status(status),
        order_number=number or "",
        order_date=day(on),
        started_on=day(started),
        ends_on=day(ends),
        ended_on=day(ended),
        end_reason=EndReason(reason) if reason else None,
        goal=goal or "",
        tasks=tasks or "",
        plan=tuple(PlanItemView(text, day(due), day(done)) for text, due, done in plan),
    )


def program_history(
    conn: sqlite3.Connection, mentorship_id: int
) -> tuple[list[MeetingView], list[EventView]]:
    """The meetings (by date) and the history (as written) of a pair; empty if it is gone."""
    meetings = [
        MeetingView(i, date.fromisoformat(on), MeetingKind(kind), note or "")
        for i, on, kind, note in conn.execute(_MEETINGS_SQL, (mentorship_id,)).fetchall()
    ]
    events = [
        EventView(i, date.fromisoformat(on), EventKind(kind), text or "")
        for i, on, kind, text in conn.execute(_EVENTS_SQL, (mentorship_id,)).fetchall()
    ]
    return meetings, events
