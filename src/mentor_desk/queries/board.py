"""The pair board's reads: pairs and groups as cards, free mentees, mentors and their load,
the school's matching settings and the plans' completion.

Read with sqlite3 like the register (queries.people), so the board refreshes fast;
writes go through services.pairs. Warnings and flags come from domain.pairs.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property

from mentor_desk.domain.matching import MenteeProfile, MentorProfile, Weights
from mentor_desk.domain.pairs import (
    NO_MEETINGS_WEEKS,
    CardWarning,
    EndReason,
    Form,
    Kind,
    PersonFacts,
    Status,
    no_meetings_since,
    no_meetings_warning,
    plan_share,
    warnings,
)
from mentor_desk.domain.pairs import plan_done_warning as plan_warning_of
from mentor_desk.domain.text import short_name
from mentor_desk.queries.people import RegisterRow, register_rows
from mentor_desk.queries.sql import IN_IDS, day, ids_param


@dataclass(slots=True)
class BoardPerson:
    row: RegisterRow
    mentor_consent: bool = False
    trained: bool = False
    capacity: int = 1
    id: int = field(init=False)  # the row's, as a plain slot: read for every row at a sync

    def __post_init__(self) -> None:
        self.id = self.row.id

    @property
    def name(self) -> str:
        return self.row.full_name

    @property
    def short(self) -> str:
        return short_name(self.row.last_name, self.row.first_name, self.row.middle_name)

    def facts(self) -> PersonFacts:
        return PersonFacts(
            id=self.row.id,
            name=self.short,
            category=self.row.category,
            consent=self.row.consent,
            birth_date=self.row.birth_date,
            young_specialist=self.row.young_specialist,
            class_name=self.row.class_name,
            organization=self.row.organization,
            archived=self.row.archived,
            is_mentor=self.row.is_mentor,
            is_mentee=self.row.is_mentee,
            mentor_consent=self.mentor_consent,
            trained=self.trained,
            capacity=self.capacity,
        )


@dataclass(slots=True)
class PairCard:
    id: int
    mentor: BoardPerson
    mentees: list[BoardPerson]
    form: Form
    kind: Kind
    status: Status
    order_number: str
    order_date: date | None
    started_on: date | None
    ends_on: date | None
    ended_on: date | None
    end_reason: EndReason | None
    plan_done: int = 0
    plan_total: int = 0
    last_meeting: date | None = None
    warnings: list[CardWarning] = field(default_factory=list)
    no_meetings: bool = False

    @property
    def is_group(self) -> bool:
        return len(self.mentees) > 1

    @property
    def share_done(self) -> float | None:
        return plan_share(self.plan_done, self.plan_total)


@dataclass
class Board:
    people: dict[int, BoardPerson]
    cards: list[PairCard]
    free_mentees: list[BoardPerson]
    mentors: list[BoardPerson]
    load: dict[int, int]  # mentor id → mentees in live pairs and groups
    preferences: dict[tuple[int, bool], tuple[int, ...]]  # (chooser, as_mentee) → ranked ids

    @cached_property
    def free_ids(self) -> frozenset[int]:
        return frozenset(p.id for p in self.free_mentees)

    def card(self, mentorship_id: int) -> PairCard | None:
        return next((c for c in self.cards if c.id == mentorship_id), None)

    def mentee_profile(self, person: BoardPerson) -> MenteeProfile:
        row = person.row
        return MenteeProfile(
            id=row.id,
            name=person.name,
            category=row.category,
            requests=frozenset(row.requests),
            class_name=row.class_name,
            subject=row.subject,
            birth_date=row.birth_date,
            young_specialist=row.young_specialist,
            preferred=self.preferences.get((row.id, True), ()),
        )

    def mentor_profile(self, person: BoardPerson) -> MentorProfile:
        row = person.row
        return MentorProfile(
            id=row.id,
            name=person.name,
            category=row.category,
            competencies=frozenset(row.competencies),
            class_name=row.class_name,
            subject=row.subject,
            birth_date=row.birth_date,
            organization=row.organization,
            capacity=person.capacity,
            load=self.load.get(row.id, 0),
            preferred=self.preferences.get((row.id, False), ()),
        )


_PAIRS_SQL = """
    SELECT id, mentor_id, form, kind, status, order_number, order_date, started_on, ends_on,
           ended_on, end_reason
    FROM mentorship {where} ORDER BY id
"""
_MENTEES_SQL = """SELECT mentorship_id, participant_id FROM mentorship_mentee {where}
                  ORDER BY position"""
_PLAN_SQL = """SELECT mentorship_id, count(*), count(done_on) FROM plan_item {where}
               GROUP BY mentorship_id"""
_MEETINGS_SQL = "SELECT mentorship_id, max(held_on) FROM meeting {where} GROUP BY mentorship_id"
# Everyone's, not only of those ticked as mentors: a card whose mentor lost the role says
# so (domain.pairs.warnings) rather than guessing at facts it was not given.
_MENTOR_FACTS_SQL = """
    SELECT id, mentor_consent_date IS NOT NULL, training_date IS NOT NULL, capacity
    FROM participant
"""


def read_people(conn: sqlite3.Connection, today: date) -> dict[int, BoardPerson]:
    """Everyone in the register with the facts a mentor needs: the slow part of the board."""
    people = {row.id: BoardPerson(row) for row in register_rows(conn, today)}
    for pid, consent, trained, capacity in conn.execute(_MENTOR_FACTS_SQL):
        person = people[pid]
        person.mentor_consent, person.trained, person.capacity = (
            bool(consent),
            bool(trained),
            capacity,
        )
    return people


def _read_cards(
    conn: sqlite3.Connection, people: dict[int, BoardPerson], ids: Collection[int] | None
) -> list[PairCard]:
    """The cards, without their warnings; only those of `ids` when given (in id order)."""
    where, params = ("", ()) if ids is None else ("WHERE {} IN " + IN_IDS, (ids_param(ids),))

    def rows(sql: str, column: str) -> sqlite3.Cursor:
        return conn.execute(sql.format(where=where.format(column)), params)

    members: dict[int, list[int]] = defaultdict(list)
    for mentorship_id, person_id in rows(_MENTEES_SQL, "mentorship_id"):
        members[mentorship_id].append(person_id)
    plans = {mid: (total, done) for mid, total, done in rows(_PLAN_SQL, "mentorship_id")}
    meetings = {mid: day(last) for mid, last in rows(_MEETINGS_SQL, "mentorship_id")}
    cards: list[PairCard] = []
    for (
        mid,
        mentor_id,
        form,
        kind,
        status,
        number,
        order_date,
        started,
        ends,
        ended,
        reason,
    ) in rows(_PAIRS_SQL, "id"):
        card = PairCard(
            mid,
            people[mentor_id],
            [people[p] for p in members.get(mid, [])],
            Form(form),
            Kind(kind),
            Status(status),
            number,
            day(order_date),
            day(started),
            day(ends),
            day(ended),
            EndReason(reason) if reason else None,
        )
        card.plan_total, card.plan_done = plans.get(mid, (0, 0))
        card.last_meeting = meetings.get(mid)
        cards.append(card)
    return cards


def _judge(
    cards: Iterable[PairCard],
    everyone: Iterable[PairCard],
    today: date,
    no_meetings_weeks: int,
) -> dict[int, int]:
    """Give `cards` their warnings, judged against `everyone` (the mentors' loads and
    earlier mentees); returns the load of every mentor of `everyone`."""
    load: dict[int, int] = defaultdict(int)
    history: dict[int, set[int]] = defaultdict(set)  # mentor → mentees of ended pairs
    for card in everyone:
        if card.status is Status.ENDED:
            history[card.mentor.id].update(m.id for m in card.mentees)
        else:
            load[card.mentor.id] += len(card.mentees)
    for card in cards:
        if card.status is Status.ENDED:
            continue
        card.warnings = warnings(
            card.mentor.facts(),
            [m.facts() for m in card.mentees],
            load[card.mentor.id],
            card.form,
            frozenset(history[card.mentor.id]),
        )
        card.no_meetings = card.status is Status.ACTIVE and no_meetings_since(
            card.last_meeting, card.started_on, today, no_meetings_weeks
        )
        if card.no_meetings:
            card.warnings.append(no_meetings_warning(no_meetings_weeks))
    return dict(load)


def _preferences(conn: sqlite3.Connection) -> dict[tuple[int, bool], tuple[int, ...]]:
    ranked: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for chooser, as_mentee, chosen in conn.execute(
        "SELECT chooser_id, as_mentee, chosen_id FROM preference ORDER BY rank"
    ):
        ranked[chooser, bool(as_mentee)].append(chosen)
    return {k: tuple(v) for k, v in ranked.items()}


def _taken(cards: Iterable[PairCard]) -> set[int]:
    return {m.id for c in cards if c.status is not Status.ENDED for m in c.mentees}


def read_board(
    conn: sqlite3.Connection,
    today: date,
    no_meetings_weeks: int = NO_MEETINGS_WEEKS,
    people: dict[int, BoardPerson] | None = None,
) -> Board:
    """The whole board; `people` from an earlier read when they have not changed since."""
    if people is None:
        people = read_people(conn, today)
    cards = _read_cards(conn, people, None)
    load = _judge(cards, cards, today, no_meetings_weeks)
    taken = _taken(cards)
    active = [p for p in people.values() if not p.row.archived]
    free = sorted(
        (p for p in active if p.row.is_mentee and p.id not in taken), key=lambda p: p.row.search_key
    )
    mentors = sorted((p for p in active if p.row.is_mentor), key=lambda p: p.row.search_key)
    return Board(people, cards, free, mentors, load, _preferences(conn))


def reread_pairs(
    conn: sqlite3.Connection,
    board: Board,
    touched: Collection[int],
    today: date,
    no_meetings_weeks: int = NO_MEETINGS_WEEKS,
) -> Board:
    """The board after an action that changed only the pairs `touched` (made, changed or
    deleted ones): those are read again, the cards of their mentors judged again and the
    free list corrected; everything else is kept. The same result as read_board, in a few
    milliseconds at any school size.
    """
    fresh = _read_cards(conn, board.people, touched)
    old = [c for c in board.cards if c.id in touched]
    mentors = {c.mentor.id for c in (*old, *fresh)}
    cards = sorted([c for c in board.cards if c.id not in touched] + fresh, key=lambda c: c.id)
    theirs = [c for c in cards if c.mentor.id in mentors]
    load = {m: n for m, n in board.load.items() if m not in mentors}
    load.update(_judge(theirs, theirs, today, no_meetings_weeks))
    # Only the mentees of the touched pairs can have become free or taken.
    moved = {m.id for c in (*old, *fresh) for m in c.mentees}
    taken = _taken(cards) & moved
    free = [p for p in board.free_mentees if p.id not in taken]
    listed = {p.id for p in free}
    for pid in moved - taken - listed:
        person = board.people[pid]
        if person.row.is_mentee and not person.row.archived:
            bisect.insort(free, person, key=lambda p: p.row.search_key)
    return Board(board.people, cards, free, board.mentors, load, board.preferences)


WEIGHTS_KEY = "matching.weights"
_SETTING_SQL = "SELECT value FROM setting WHERE key = ?"


def read_weights(conn: sqlite3.Connection) -> Weights:
    """The school's matching weights (Веса подбора), or the defaults."""
    row = conn.execute(_SETTING_SQL, (WEIGHTS_KEY,)).fetchone()
    if row is None:
        return Weights()
    try:
        saved = json.loads(row[0])
        known = {f.name for f in fields(Weights)}
        return Weights(**{k: float(v) for k, v in saved.items() if k in known})
    except (ValueError, TypeError, AttributeError):
        return Weights()  # a damaged setting must not stop the board


NO_MEETINGS_KEY = "pairs.no_meetings_weeks"


def read_no_meetings_weeks(conn: sqlite3.Connection) -> int:
    """After how many weeks without a meeting a working pair is flagged «нет встреч»."""
    row = conn.execute(_SETTING_SQL, (NO_MEETINGS_KEY,)).fetchone()
    try:
        weeks = int(json.loads(row[0])) if row else NO_MEETINGS_WEEKS
    except (ValueError, TypeError):
        return NO_MEETINGS_WEEKS
    return weeks if 1 <= weeks <= 52 else NO_MEETINGS_WEEKS


_PLAN_OF_SQL = f"""
    SELECT mentorship.id, count(plan_item.id), count(plan_item.done_on)
    FROM mentorship LEFT JOIN plan_item ON plan_item.mentorship_id = mentorship.id
    WHERE mentorship.id IN {IN_IDS} GROUP BY mentorship.id
"""


def plan_done_warning(conn: sqlite3.Connection, ids: Iterable[int]) -> str | None:
    """What the end dialog says if «план выполнен полностью» is chosen for these pairs and
    a plan is empty or done to less than 90 % (domain.pairs.plan_done_warning); None if fine."""
    wanted = list(dict.fromkeys(ids))
    plans = {
        mid: (done, total) for mid, total, done in conn.execute(_PLAN_OF_SQL, (ids_param(wanted),))
    }
    return plan_warning_of(plans.get(mid, (0, 0)) for mid in wanted)
