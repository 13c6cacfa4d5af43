"""What the demo's pairing works on: its shares and weights, a person, a pair being made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mentor_desk.domain.pairs import EndReason, Form, Kind, Status
from mentor_desk.domain.participants import Category

PAIRED_SHARE = 0.40  # of the mentees, in pairs or groups (mentors' capacity permitting)
YOUNG_PAIRED_SHARE = 0.85  # young specialists are paired first
INTERN_PAIRED_SHARE = 0.6
OTHER_TEACHER_PAIRED_SHARE = 0.5
NO_CONSENT_WEIGHT = 0.25  # a mentee without a valid consent is rarely put in a pair
MENTEES_PER_GROUP = 40  # one group per so many paired mentees (at least GROUPS_MIN)
GROUPS_MIN = 3
CANDIDATES = 6  # mentors weighed for each pair
STALLED_SHARE = 0.08  # of the working pairs: no meeting for more than 4 weeks
READY_MENTORS = 3  # staff mentors with a free place and nothing to warn about, at least
STATUS_WEIGHTS = {Status.DRAFT: 8, Status.APPROVED: 8, Status.ACTIVE: 66, Status.ENDED: 18}
END_WEIGHTS = {
    EndReason.PLAN_DONE: 50,
    EndReason.MENTOR_INITIATIVE: 15,
    EndReason.MENTEE_INITIATIVE: 20,
    EndReason.CURATOR_INITIATIVE: 15,
}
# Who mentors whom, and how often: by the mentee's category, the mentor's categories.
MENTOR_WEIGHTS: dict[Category, dict[Category, int]] = {
    Category.STUDENT: {
        Category.STUDENT: 35,
        Category.TEACHER: 30,
        Category.GRADUATE: 10,
        Category.UNIVERSITY_STUDENT: 5,
        Category.PARTNER: 12,
        Category.PARENT: 7,
        Category.HEAD: 1,
    },
    Category.TEACHER: {Category.TEACHER: 70, Category.HEAD: 20, Category.PARTNER: 10},
    Category.UNIVERSITY_STUDENT: {Category.PARTNER: 80, Category.PARENT: 20},
}
OUTSIDE_MENTORS = (Category.PARTNER, Category.GRADUATE, Category.UNIVERSITY_STUDENT)
PRIORITY = {Category.TEACHER: 0, Category.UNIVERSITY_STUDENT: 1}  # who gets mentors first
# Days after 1 September on which the director signs orders fixing pairs.
ORDER_DAYS = (10, 38, 75, 115, 160, 215, 260, 300)


@dataclass(slots=True, eq=False)
class Who:
    """What pairing needs to know of one person of the demo register."""

    id: int
    name: str
    category: Category
    birth: date | None
    grade: int
    class_name: str
    subject: str
    organization: str
    consent: bool  # a valid consent to the processing of personal data
    ready: bool  # a mentor with a valid consent who has been trained
    young: bool
    topics: frozenset[int]  # a mentee's requests, a mentor's competencies
    room: int = 0  # how many more mentees a mentor may take


@dataclass(slots=True, eq=False)
class Unit:
    """One pair or group being made, with its dates."""

    mentees: list[Who]
    status: Status = Status.DRAFT
    reason: EndReason | None = None
    mentor: Who | None = None
    order: tuple[date, str] | None = None
    created: date | None = None
    started: date | None = None
    ends: date | None = None
    ended: date | None = None
    kind: Kind = Kind.TRADITIONAL
    forced: bool = False  # keeps its status: every state must be in the demo
    stalled: bool = False
    extended: bool = False
    old_mentor: Who | None = None
    form: Form | None = None  # stored as is, though the categories allow another (a warning)


@dataclass
class PairRows:
    mentorships: list[dict[str, Any]]
    mentees: list[dict[str, Any]]
    events: list[dict[str, Any]]
    plan: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    preferences: list[dict[str, Any]]
