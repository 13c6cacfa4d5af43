"""Matching help: score a mentee–mentor pair, rank mentors, assign the whole pool at once.

Положение о наставничестве (Волгоград, приказ от 21.03.2022 № 25), разд. 6: a pair is formed
when the mentor's competencies answer the mentee's requests and the interest is mutual (the
questionnaire after the networking meeting). The score makes both visible, part by part, so
the curator sees why a mentor is suggested; assign() finds the exact best set of new pairs
for the whole pool, not a greedy one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date
from functools import cache

from mentor_desk.domain.pairs import Form, forms_for, grade, mentor_is_older
from mentor_desk.domain.participants import Category
from mentor_desk.domain.text import fold

# The parts of a score, in the order the card and the settings dialog show them.
WEIGHT_LABELS: Mapping[str, str] = {
    "requests": "Запросы и компетенции",
    "mutual": "Взаимный выбор (анкеты)",
    "form_fit": "Подходящая форма",
    "load": "Свободные места у наставника",
    "same_group": "Тот же класс или предмет",
}
RANKED = 3  # the questionnaire asks for up to 3 preferred people, ranked
STUDENT_GRADES_ABOVE = range(1, 4)  # a student mentor 1-3 grades above counts as "same group"
_STAFF = (Category.TEACHER, Category.HEAD)


@dataclass(frozen=True)
class Weights:
    """How much each part of the score counts; the curator tunes them in the settings."""

    requests: float = 3.0
    mutual: float = 4.0
    form_fit: float = 1.0
    load: float = 1.0
    same_group: float = 1.0

    def __post_init__(self) -> None:
        # Non-negative weights keep every allowed pair worth at least nothing, which the
        # solver relies on (a forbidden cell then equals "no mentor").
        for name, value in zip(WEIGHT_LABELS, astuple(self), strict=True):
            if not value >= 0:
                raise ValueError(f"Вес «{WEIGHT_LABELS[name]}» должен быть не меньше нуля")

    @property
    def labels(self) -> Mapping[str, str]:
        """Field name → Russian label, in the score's order."""
        return WEIGHT_LABELS

    @property
    def best_pair(self) -> float:
        """The most one pair can score: every part is at most its weight."""
        return float(sum(astuple(self)))


assert [f.name for f in fields(Weights)] == list(WEIGHT_LABELS)  # one order for both


@dataclass(frozen=True)
class MenteeProfile:
    """What matching needs of a mentee: the register card plus the questionnaire."""

    id: int
    name: str
    category: Category
    requests: frozenset[str]
    class_name: str = ""
    subject: str = ""
    birth_date: date | None = None
    young_specialist: bool = False
    preferred: tuple[int, ...] = ()  # mentor ids, ranked, up to 3


@dataclass(frozen=True)
class MentorProfile:
    """What matching needs of a mentor; load counts the mentees of their live pairs."""

    id: int
    name: str
    category: Category
    competencies: frozenset[str]
    class_name: str = ""
    subject: str = ""
    birth_date: date | None = None
    organization: str = ""  # a partner's: which forms he may have (domain.pairs.forms_for)
    capacity: int = 1
    load: int = 0
    preferred: tuple[int, ...] = ()  # mentee ids, ranked

    @property
    def has_room(self) -> bool:
        return self.load < self.capacity


@dataclass(frozen=True)
class Score:
    """A pair's score with its parts, the shared topics and the forms the pair allows."""

    total: float
    parts: tuple[tuple[str, float], ...]  # Russian label → points, in WEIGHT_LABELS order
    shared: frozenset[str]  # requests ∩ competencies, in the mentor's spelling
    forms: tuple[Form, ...]  # best first


@dataclass(frozen=True)
class _Facts:
    """One person's fields as the rules compare them, folded once (assign() scores 90k pairs)."""

    topics: Mapping[str, str]  # folded → as typed
    grade: int
    subject: str
    ranks: Mapping[int, float]


def _facts(
    topics: frozenset[str], class_name: str, subject: str, preferred: Sequence[int]
) -> _Facts:
    return _Facts(
        # min(): two spellings of one topic report the same one every time
        topics={key: min(t for t in topics if fold(t) == key) for key in map(fold, topics)},
        grade=grade(class_name),
        subject=fold(subject),
        ranks=_ranks(preferred),
    )


def _mentee_facts(mentee: MenteeProfile) -> _Facts:
    return _facts(mentee.requests, mentee.class_name, mentee.subject, mentee.preferred)


def _mentor_facts(mentor: MentorProfile) -> _Facts:
    return _facts(mentor.competencies, mentor.class_name, mentor.subject, mentor.preferred)


def _ranks(preferred: Sequence[int]) -> dict[int, float]:
    """Questionnaire ranks as points: 1st → 1, 2nd → 2/3, 3rd → 1/3, later or absent → 0."""
    ranks: dict[int, float] = {}
    for place, person in enumerate(preferred[:RANKED]):
        ranks.setdefault(person, (RANKED - place) / RANKED)
    return ranks


@cache
def _cached_forms(
    mentor: Category, mentee: Category, young_specialist: bool, organization: str
) -> tuple[Form, ...]:
    return tuple(forms_for(mentor, mentee, young_specialist, organization))


def _forms(mentee: MenteeProfile, mentor: MentorProfile) -> tuple[Form, ...]:
    return _cached_forms(
        mentor.category, mentee.category, mentee.young_specialist, mentor.organization
    )


def _older(mentee: MenteeProfile, mentor: MentorProfile, a: _Facts, b: _Facts) -> bool:
    return mentor_is_older(mentor.birth_date, b.grade, mentee.birth_date, a.grade)


def _allowed(mentee: MenteeProfile, mentor: MentorProfile, a: _Facts, b: _Facts) -> bool:
    if mentee.id == mentor.id:
        return False
    if not _forms(mentee, mentor):
        return False
    return mentor.category is not Category.STUDENT or _older(mentee, mentor, a, b)


def _same_group(mentee: MenteeProfile, mentor: MentorProfile, a: _Facts, b: _Facts) -> bool:
    """Where it matters: staff of one subject; a student mentor 1-3 grades above."""
    if mentee.category in _STAFF and mentor.category in _STAFF:
        return bool(a.subject) and a.subject == b.subject
    if mentee.category is Category.STUDENT and mentor.category is Category.STUDENT:
        return bool(a.grade and b.grade) and b.grade - a.grade in STUDENT_GRADES_ABOVE
    return False


def _points(
    mentee: MenteeProfile, mentor: MentorProfile, a: _Facts, b: _Facts
) -> tuple[float, float, float, float, float] | None:
    """Each part of the score before weighting, 0..1, in WEIGHT_LABELS order.

    None when the pair is not allowed. The one place the score's rules live.
    """
    if not _allowed(mentee, mentor, a, b):
        return None
    shared = len(a.topics.keys() & b.topics.keys())
    free = 1 - mentor.load / mentor.capacity if mentor.capacity > 0 else 0.0
    return (
        shared / max(1, len(a.topics)),  # requests: share of the requests answered
        (a.ranks.get(mentor.id, 0.0) + b.ranks.get(mentee.id, 0.0)) / 2,  # mutual
        1.0,  # form fit: every allowed pair; so maximizing the total prefers assigning
        min(1.0, max(0.0, free)),  # load: share of places still free
        1.0 if _same_group(mentee, mentor, a, b) else 0.0,
    )


def score(mentee: MenteeProfile, mentor: MentorProfile, weights: Weights) -> Score | None:
    """The pair's score with its parts, or None when the rules do not allow the pair."""
    a, b = _mentee_facts(mentee), _mentor_facts(mentor)
    points = _points(mentee, mentor, a, b)
    if points is None:
        return None
    parts = tuple(
        (label, weight * share)
        for label, weight, share in zip(
            WEIGHT_LABELS.values(), astuple(weights), points, strict=True
        )
    )
    return Score(
        total=sum(value for _, value in parts),
        parts=parts,
        shared=frozenset(b.topics[key] for key in a.topics.keys() & b.topics.keys()),
        forms=_forms(mentee, mentor),
    )


def suggestions(
    mentee: MenteeProfile, mentors: Iterable[MentorProfile], weights: Weights, limit: int = 10
) -> list[tuple[MentorProfile, Score]]:
    """Allowed mentors, best first; full mentors after the rest, still listed to be seen."""
    found = [(m, s) for m in mentors if (s := score(mentee, m, weights)) is not None]
    found.sort(key=_suggestion_order)
    return found[:limit]


def _suggestion_order(item: tuple[MentorProfile, Score]) -> tuple[bool, float, int, str, int]:
    mentor, found = item
    # Rounded: equal totals reached by different sums must tie, then fall to load and name.
    return (not mentor.has_room, -round(found.total, 9), mentor.load, mentor.name, mentor.id)


SUGGESTED_OTHERS = 15  # mentors suggested besides those the mentee named in the questionnaire


@dataclass(frozen=True)
class Suggested:
    """One mentor suggested for a mentee, with the mentee's rank for them in the survey."""

    mentor: MentorProfile
    score: Score
    asked: int | None = None  # 1..3: the mentee named this mentor in the questionnaire


def ranked_suggestions(
    mentee: MenteeProfile,
    mentors: Iterable[MentorProfile],
    weights: Weights,
    others: int = SUGGESTED_OTHERS,
) -> list[Suggested]:
    """The mentors to suggest for one mentee: first those the mentee named, in their order;
    then the best `others` of the rest (suggestions() order).

    The limit is for the others only: a mentor the mentee asked for is never cut, not
    even a full one (the curator decides whether to take them over capacity); one the
    rules do not allow is not listed at all.
    """
    pool = [m for m in mentors if m.id != mentee.id]
    ranked = suggestions(mentee, pool, weights, limit=len(pool))
    asked = {mentor_id: n for n, mentor_id in enumerate(mentee.preferred, 1)}
    best_others = [m.id for m, _ in ranked if m.id not in asked][:others]
    kept = set(asked) | set(best_others)
    found = [Suggested(m, s, asked.get(m.id)) for m, s in ranked if m.id in kept]
    found.sort(key=lambda r: r.asked or len(asked) + 1)  # stable: the rest keep their order
    return found


def assign(
    mentees: Iterable[MenteeProfile],
    mentors: Iterable[MentorProfile],
    weights: Weights,
    *,
    pinned: Iterable[tuple[int, int]] = (),
    maximize_participation: bool = False,
) -> list[tuple[int, int]]:
    """(mentee id, mentor id) pairs for the whole pool: an exact optimum, sorted by mentee.

    Pinned pairs are the curator's decisions: returned as they are, even ones the rules
    would not allow, and they take their mentor's places. Every other mentee gets at most
    one allowed mentor within the free places (capacity − load − pinned), maximizing the
    total score; with maximize_participation, the number of assigned mentees first.
    A pair scoring nothing is not proposed in the total-score mode.
    """
    kept = list(pinned)
    _check_unique([mentee for mentee, _ in kept], "закреплён дважды")
    mentee_list = sorted(mentees, key=lambda m: m.id)  # sorted: the same answer for any order
    mentor_list = sorted(mentors, key=lambda m: m.id)
    _check_unique([m.id for m in mentee_list], "повторяется среди наставляемых")
    _check_unique([m.id for m in mentor_list], "повторяется среди наставников")
    taken = Counter(mentor for _, mentor in kept)
    pinned_mentees = {mentee for mentee, _ in kept}
    pool = [m for m in mentee_list if m.id not in pinned_mentees]
    free = [max(0, m.capacity - m.load - taken[m.id]) for m in mentor_list]
    chosen = _solve(pool, mentor_list, free, weights, maximize_participation)
    return sorted(kept + chosen)


def _check_unique(ids: list[int], problem: str) -> None:
    for person, times in Counter(ids).items():
        if times > 1:
            raise ValueError(f"Участник {person} {problem}")


def _solve(
    pool: list[MenteeProfile],
    mentors: list[MentorProfile],
    free: list[int],
    weights: Weights,
    participation: bool,
) -> list[tuple[int, int]]:
    """Maximum-weight assignment of mentees to mentor places (scipy's exact Hungarian-type
    solver on mentees × places, one column per free place).

    Every gain is ≥ 0, so a forbidden cell gets gain 0 and, if chosen, means "no mentor":
    this needs no "unassigned" columns. For participation first each pair also gets a bonus
    larger than any possible total, so one more pair always beats any score difference.
    """
    if not pool or not any(free):
        return []
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    mentee_facts = [_mentee_facts(m) for m in pool]
    mentor_facts = [_mentor_facts(m) for m in mentors]
    open_mentors = [j for j, places in enumerate(free) if places]
    cells: tuple[list[int], list[int]] = ([], [])  # (mentee, mentor) indices of allowed pairs
    found: list[tuple[float, float, float, float, float]] = []
    for i, (mentee, a) in enumerate(zip(pool, mentee_facts, strict=True)):
        for j in open_mentors:
            points = _points(mentee, mentors[j], a, mentor_facts[j])
            if points is not None:
                cells[0].append(i)
                cells[1].append(j)
                found.append(points)
    totals = np.array(found, dtype=float).reshape(-1, len(WEIGHT_LABELS)) @ astuple(weights)
    bonus = weights.best_pair * len(pool) + 1.0 if participation else 0.0
    gain = np.zeros((len(pool), len(mentors)))
    gain[cells] = totals + bonus
    allowed = np.zeros((len(pool), len(mentors)), dtype=bool)
    allowed[cells] = True if participation else totals > 0
    # A mentor never needs more places than the mentees they may take.
    places = np.minimum(np.array(free), allowed.sum(axis=0))
    if not places.any():
        return []
    columns = np.repeat(np.arange(len(mentors)), places)
    rows, cols = linear_sum_assignment(gain[:, columns], maximize=True)
    return [
        (pool[int(i)].id, mentors[int(j)].id)
        for i, j in zip(rows, columns[cols], strict=True)
        if allowed[int(i), int(j)]
    ]
