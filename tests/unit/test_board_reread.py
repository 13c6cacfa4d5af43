"""reread_pairs (the board after its own action) gives exactly what a whole read gives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy.orm import Session

from mentor_desk.demo import generate_demo
from mentor_desk.domain.pairs import EndReason, Status
from mentor_desk.queries.board import Board, read_board, reread_pairs
from mentor_desk.services import pairs
from mentor_desk.storage.database import Database

TODAY = date(2026, 11, 23)


def _shown(board: Board) -> tuple[object, ...]:
    return (
        [(c, c.warnings, c.no_meetings) for c in board.cards],
        [p.id for p in board.free_mentees],
        [p.id for p in board.mentors],
        {m: n for m, n in board.load.items() if n},
    )


@pytest.fixture
def school(db: Database) -> Database:
    generate_demo(db, students=300, teachers=40, seed=3, today=TODAY)
    return db


def _act(
    db: Database, board: Board, action: Callable[[Session], object], touched: set[int]
) -> Board:
    with db.transaction() as session:
        made = action(session)
    if isinstance(made, int):
        touched.add(made)
    elif isinstance(made, list):
        touched.update(made)
    again = reread_pairs(db.reader, board, touched, TODAY)
    whole = read_board(db.reader, TODAY, people=board.people)
    assert _shown(again) == _shown(whole)
    return again


def test_each_kind_of_board_action_rereads_as_a_whole_read_would(school: Database) -> None:
    db = school
    board = read_board(db.reader, TODAY)
    live = [c for c in board.cards if c.status is not Status.ENDED]
    free = board.free_mentees
    teacher = next(m for m in board.mentors if m.row.category.value == "teacher")

    # a new pair, then a second mentee for it (a group), then one taken out again
    board = _act(db, board, lambda s: pairs.create(s, teacher.id, [free[0].id], TODAY), set())
    made = max(c.id for c in board.cards)
    board = _act(db, board, lambda s: pairs.add_mentee(s, made, free[1].id, TODAY), {made})
    board = _act(db, board, lambda s: pairs.remove_mentee(s, made, free[1].id, TODAY), {made})
    # a mentee moved to another mentor, a draft deleted, a live pair ended
    draft = next(c for c in board.cards if c.status is Status.DRAFT and c.id != made)
    mentee = draft.mentees[0].id
    board = _act(
        db, board, lambda s: pairs.move_mentee(s, mentee, TODAY, to_mentor=teacher.id), {draft.id}
    )
    board = _act(db, board, lambda s: pairs.delete_draft(s, made), {made})
    working = next(c for c in live if c.status is Status.ACTIVE)
    board = _act(
        db, board,
        lambda s: pairs.end(s, [working.id], TODAY, next(iter(EndReason)), today=TODAY),
        {working.id},
    )  # fmt: skip
