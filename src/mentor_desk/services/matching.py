"""«Подобрать автоматически»: new pairs for every free mentee, each with what its card would warn.

The proposal is domain.matching.assign's exact optimum over the whole pool (the pairs
already on the board kept, their mentors' places taken); each proposed pair carries the
warnings domain.pairs.warnings would put on its card with the mentor's load once the whole
proposal is accepted, so the curator decides before the order, not after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from mentor_desk.domain.matching import Score, Weights, assign, score
from mentor_desk.domain.pairs import CardWarning, Status, mentor_gaps, warnings
from mentor_desk.queries.board import Board
from mentor_desk.services import pairs


@dataclass(frozen=True)
class Proposal:
    """One proposed pair: who (short and full names), its score and its card's warnings."""

    mentee_id: int
    mentor_id: int
    mentee: str  # «Фамилия И.О.»
    mentor: str
    mentee_name: str
    mentor_name: str
    score: Score
    warnings: tuple[CardWarning, ...] = ()


@dataclass(frozen=True)
class MatchProposal:
    """The proposal for the pool: the pairs, sorted by mentor and mentee, and its counts."""

    pairs: tuple[Proposal, ...]
    pool: int  # free mentees
    skipped: int  # mentors left out as not ready (ready_only)

    @property
    def total(self) -> float:
        return sum(p.score.total for p in self.pairs)

    @property
    def left(self) -> int:
        """Free mentees the proposal leaves without a mentor."""
        return self.pool - len(self.pairs)

    @property
    def warned(self) -> int:
        return sum(1 for p in self.pairs if p.warnings)


def proposal_warnings(board: Board, mentee_id: int, mentor_id: int, load: int) -> list[CardWarning]:
    """What the proposed pair's card would warn about (load: the mentor's, with this pair)."""
    mentor = board.people[mentor_id]
    earlier = frozenset(
        m.id
        for c in board.cards
        if c.status is Status.ENDED and c.mentor.id == mentor_id
        for m in c.mentees
    )
    return warnings(mentor.facts(), [board.people[mentee_id].facts()], load, None, earlier)


def propose(
    board: Board,
    weights: Weights,
    *,
    maximize_participation: bool = False,
    ready_only: bool = False,
) -> MatchProposal:
    """A mentor for every free mentee the rules and the places allow.

    ready_only: only mentors with no readiness gap (domain.pairs.mentor_gaps);
    maximize_participation: as many pairs as possible first, then the score.
    """
    mentees = {p.id: board.mentee_profile(p) for p in board.free_mentees}
    pool = [p for p in board.mentors if not (ready_only and mentor_gaps(p.facts()))]
    mentors = {p.id: board.mentor_profile(p) for p in pool}
    chosen = assign(mentees.values(), mentors.values(), weights,
                    maximize_participation=maximize_participation)  # fmt: skip
    load = dict(board.load)
    for _, mentor_id in chosen:  # the mentor's load once all the proposal is accepted
        load[mentor_id] = load.get(mentor_id, 0) + 1
    found = []
    for mentee_id, mentor_id in chosen:
        points = score(mentees[mentee_id], mentors[mentor_id], weights)
        assert points is not None  # assign() proposes allowed pairs only
        mentee, mentor = board.people[mentee_id], board.people[mentor_id]
        found.append(
            Proposal(
                mentee_id, mentor_id, mentee.short, mentor.short, mentee.name, mentor.name,
                points, tuple(proposal_warnings(board, mentee_id, mentor_id, load[mentor_id])),
            )
        )  # fmt: skip
    found.sort(key=lambda p: (p.mentor_name, p.mentee_name))
    return MatchProposal(tuple(found), len(mentees), len(board.mentors) - len(pool))


def accept(session: Session, chosen: Iterable[Proposal], today: date) -> list[int]:
    """The accepted proposals as draft pairs, in the caller's transaction; their ids."""
    return [pairs.create(session, p.mentor_id, [p.mentee_id], today) for p in chosen]
