"""The networking questionnaire of the demo: a third of the free mentees, some mentors."""

from __future__ import annotations

from typing import Any

from mentor_desk.demo.pairs import PairMaker
from mentor_desk.demo.units import MENTOR_WEIGHTS, Who
from mentor_desk.domain.participants import Category

MENTEE_PREFERENCE_SHARE = 1 / 3  # of the free mentees, with a filled questionnaire

MENTOR_PREFERENCE_SHARE = 0.25  # of the mentors with room for more mentees


def preferences(maker: PairMaker, paired: set[int]) -> list[dict[str, Any]]:
    """The networking questionnaire: a third of the free mentees, some mentors."""
    rng = maker.rng
    rows: list[dict[str, Any]] = []
    free = [m for m in maker.mentees if m.id not in paired]
    free_by_category: dict[Category, list[Who]] = {}
    for mentee in free:
        free_by_category.setdefault(mentee.category, []).append(mentee)
    for mentee in free:
        if rng.random() >= MENTEE_PREFERENCE_SHARE:
            continue
        chosen: list[int] = []
        wanted = rng.randint(1, 3)
        for _ in range(wanted * 3):
            mentor = maker.pick_mentor([mentee], 0, False,
                                      MENTOR_WEIGHTS.get(mentee.category, {}))  # fmt: skip
            if mentor is not None and mentor.id not in chosen:
                chosen.append(mentor.id)
            if len(chosen) == wanted:
                break
        rows += [{"chooser_id": mentee.id, "as_mentee": True, "rank": rank, "chosen_id": c}
                 for rank, c in enumerate(chosen, start=1)]  # fmt: skip
    for category, mentors in maker.mentors.items():
        kinds = [c for c, weights in MENTOR_WEIGHTS.items()
                 if category in weights and free_by_category.get(c)]  # fmt: skip
        for mentor in mentors:
            if not kinds or mentor.room <= 0 or rng.random() >= MENTOR_PREFERENCE_SHARE:
                continue
            chosen = []
            wanted = rng.randint(1, 3)
            for _ in range(wanted * 4):
                pool = free_by_category[rng.choice(kinds)]
                mentee = pool[rng.randrange(len(pool))]
                if mentee.id not in chosen and maker.fits(mentor, [mentee]):
                    chosen.append(mentee.id)
                if len(chosen) == wanted:
                    break
            rows += [{"chooser_id": mentor.id, "as_mentee": False, "rank": rank,
                      "chosen_id": c} for rank, c in enumerate(chosen, start=1)]  # fmt: skip
    return rows
