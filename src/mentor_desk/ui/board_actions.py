"""What the board's panels and dialogs may ask of the board: a small interface, not the tab.

BoardTab implements it; the panels (ui.board_panels) and the matching dialog
(ui.matching_dialogs) are given one, so no widget module reaches into another's internals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentor_desk.queries.board import Board, PairCard
    from mentor_desk.ui.context import AppContext

PairAction = Callable[["Session"], Any]


class BoardActions(Protocol):
    """The board as its panels use it: what it shows, and its undoable actions."""

    @property
    def ctx(self) -> AppContext: ...

    def current_board(self) -> Board:
        """The board as last read (read now if it never was)."""
        ...

    def perform(self, text: str, touched: Iterable[int], action: PairAction) -> set[int] | None:
        """Run one undoable board action; the pairs it made, or None if refused or failed."""
        ...

    def make_pair(self, mentor_id: int, mentee_ids: list[int]) -> None: ...

    def split(self, card: PairCard) -> None: ...

    def release(self, cards: list[PairCard], text: str = ...) -> None: ...

    def ask_move_mentee(self, card: PairCard, mentee_id: int) -> None: ...

    def remove_mentee(self, card: PairCard, mentee_id: int) -> None: ...
