"""The pair board's reads: pairs and groups as cards, free mentees, mentors and their load,
the school's matching settings and the plans' completion.

Read with sqlite3 like the register (services.register), so the board refreshes fast;
writes go through services.pairs. Warnings and flags come from domain.pairs.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date

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
from mentor_desk.queries.sql import IN_IDS, day, ids_param
from mentor_desk.services.register import RegisterRow, register_rows


@dataclass(slots=True)
class BoardPerson:
    row: RegisterRow
    mentor_consent: bool = False
    trained: bool = False
    capacity: int = 1

    @property
    def id(self) -> int:
        return self.row.id

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
    FROM mentorship ORDER BY id
"""
_MENTEES_SQL = "SELECT mentorship_id, participant_id FROM mentorship_mentee ORDER BY position"
_PLAN_SQL = "SELECT mentorship_id, count(*), count(done_on) FROM plan_item GROUP BY mentorship_id"
_MEETINGS_SQL = "SELECT mentorship_id, max(held_on) FROM meeting GROUP BY mentorship_id"
_PREFERENCES_SQL = "SELECT chooser_id, as_mentee, chosen_id FROM preference ORDER BY rank"
# Everyone's, not only of those ticked as mentors: a card whose mentor lost the role says
# so (domain.pairs.warnings) rather than guessing at facts it was not given.
_MENTOR_FACTS_SQL = """
    SELECT id, mentor_consent_date IS NOT NULL, training_date IS NOT NULL, capacity
    FROM participant
"""


def read_board(
    conn: sqlite3.Connection, today: date, no_meetings_weeks: int = NO_MEETINGS_WEEKS
) -> Board:
    people = {row.id: BoardPerson(row) for row in register_rows(conn, today)}
    for pid, consent, trained, capacity in conn.execute(_MENTOR_FACTS_SQL):
        person = people[pid]
        person.mentor_consent, person.trained, person.capacity = (
            bool(consent),
            bool(trained),
            capacity,
        )
    members: dict[int, list[int]] = defaultdict(list)
    for mentorship_id, person_id in conn.execute(_MENTEES_SQL):
        members[mentorship_id].append(person_id)
    plans = {mid: (total, done) for mid, total, done in conn.execute(_PLAN_SQL)}
    meetings = {mid: day(last) for mid, last in conn.execute(_MEETINGS_SQL)}
    preferences: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for chooser, as_mentee, chosen in conn.execute(_PREFERENCES_SQL):
        preferences[chooser, bool(as_mentee)].append(chosen)

    cards: list[PairCard] = []
    load: dict[int, int] = defaultdict(int)
    history: dict[int, set[int]] = defaultdict(set)  # mentor → mentees of ended pairs
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
    ) in conn.execute(_PAIRS_SQL):
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
        if card.status is Status.ENDED:
            history[mentor_id].update(m.id for m in card.mentees)
        else:
            load[mentor_id] += len(card.mentees)
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
    taken = {m.id for c in cards if c.status is not Status.ENDED for m in c.mentees}
    active = [p for p in people.values() if not p.row.archived]
    free = sorted(
        (p for p in active if p.row.is_mentee and p.id not in taken), key=lambda p: p.row.search_key
    )
    mentors = sorted((p for p in active if p.row.is_mentor), key=lambda p: p.row.search_key)
    return Board(
        people, cards, free, mentors, dict(load), {k: tuple(v) for k, v in preferences.items()}
    )


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
