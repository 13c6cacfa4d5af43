"""The showcase of the demo: every warning a card can carry, and mentors ready for more."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from mentor_desk.demo.units import READY_MENTORS, Unit, Who
from mentor_desk.domain.pairs import Form, Status, mentor_is_older
from mentor_desk.domain.participants import Category, TermRelation

if TYPE_CHECKING:
    from mentor_desk.demo.pairs import PairMaker


def row_of(maker: PairMaker, who: Who) -> dict[str, Any]:
    row = maker.gen.rows[who.id - 1]
    assert row["id"] == who.id
    return row


def drop_links(maker: PairMaker, who: Who, relations: set[str]) -> None:
    """What the register drops with a role unticked (services.participants._clean)."""
    maker.gen.links[:] = [
        link
        for link in maker.gen.links
        if link["participant_id"] != who.id or link["relation"] not in relations
    ]


def new_draft(maker: PairMaker, mentor: Who, mentee: Who, live: set[int]) -> Unit:
    unit = Unit([mentee], Status.DRAFT, mentor=mentor, forced=True)
    maker.schedule(unit)
    maker.units.append(unit)
    mentor.room -= 1
    live.add(mentee.id)
    return unit


def idle_draft(
    maker: PairMaker,
    categories: tuple[Category, ...],
    units_of: dict[int, list[Unit]],
    live: set[int],
) -> Unit | None:
    """A new draft of a mentor in no pair yet (one not trained first) and a free pupil."""
    idle = [m for c in categories for m in maker.mentors[c]
            if m.room > 0 and m.id not in units_of]  # fmt: skip
    idle.sort(key=lambda m: (m.ready, m.id))
    pupils = sorted((m for m in maker.mentees if m.category is Category.STUDENT
                     and m.consent and m.id not in live), key=lambda m: m.id)  # fmt: skip
    if not idle or not pupils:
        return None
    mentor = idle[0]
    unit = new_draft(maker, mentor, maker.rng.choice(pupils), live)
    units_of[mentor.id] = [unit]
    return unit


def showcase(maker: PairMaker, live: set[int]) -> None:
    """Every warning a card can carry, each at least once (domain.pairs.WarningKind).

    On live pairs of people in no other pair: a mentee who left the school (archived)
    from a working pair; a mentor and a mentee whose role was unticked; a mentor who
    has not signed the consent to mentor yet (nor been trained); a form that no
    longer fits (the mentor was a deputy head). New drafts: a peer mentor not older
    than the mentee, a mentee back with the mentor of an ended pair, a mentor whose
    category has no form with the mentee's. Consent, training, capacity and «нет
    встреч» come from the pairs themselves (assign_statuses, overload_one, specials).
    Whatever a small school has no one for is left out.
    """
    rng = maker.rng
    units_of: dict[int, list[Unit]] = {}
    for each in maker.units:
        for who in {each.mentor, *each.mentees}:
            if who is not None:
                units_of.setdefault(who.id, []).append(each)
    used: set[int] = set()  # id() of the units showing something already

    def alone(who: Who) -> bool:
        return len(units_of.get(who.id, ())) == 1

    def plain(statuses: tuple[Status, ...]) -> list[Unit]:
        return [
            u for u in maker.units
            if u.status in statuses and len(u.mentees) == 1 and u.mentor is not None
            and not (u.forced or u.stalled or u.extended or u.old_mentor) and id(u) not in used
        ]  # fmt: skip

    def pick(units: list[Unit]) -> Unit | None:
        if not units:
            return None
        unit = rng.choice(units)
        used.add(id(unit))
        return unit

    live_states = (Status.DRAFT, Status.APPROVED, Status.ACTIVE)
    # A mentee left the school: archived, their working pair not ended yet.
    unit: Unit | None = pick([u for u in plain((Status.ACTIVE,)) if alone(u.mentees[0])
                 and u.mentees[0].category is Category.STUDENT
                 and not row_of(maker, u.mentees[0])["is_mentor"]])  # fmt: skip
    if unit is not None:
        row = row_of(maker, unit.mentees[0])
        left = datetime.combine(maker.today - timedelta(days=rng.randint(1, 10)), time(11))
        row["archived_at"] = row["updated_at"] = max(left, row["created_at"])
    # A mentor's role unticked in the register while their pair goes on.
    staff = (Category.TEACHER, Category.HEAD)
    unit = pick([u for u in plain(live_states) if u.mentor and alone(u.mentor)
                 and u.mentor.category in staff])  # fmt: skip
    if unit is None:  # nobody with one pair only: a new draft with an idle mentor
        unit = idle_draft(maker, staff, units_of, live)
    if unit is not None and unit.mentor is not None:
        mentor = unit.mentor
        row = row_of(maker, mentor)
        row.update(is_mentor=False, mentor_consent_date=None, training_date=None,
                   interview_date=None, capacity=1)  # fmt: skip
        drop_links(maker, mentor, {TermRelation.COMPETENCY.value})
        maker.mentors[mentor.category].remove(mentor)
        mentor.room = 0
    # A mentee's role unticked.
    unit = pick([u for u in plain((Status.DRAFT, Status.APPROVED)) if alone(u.mentees[0])
                 and u.mentees[0].category is Category.STUDENT
                 and not row_of(maker, u.mentees[0])["is_mentor"]])  # fmt: skip
    if unit is not None:
        mentee = unit.mentees[0]
        row_of(maker, mentee)["is_mentee"] = False
        drop_links(maker, mentee, {TermRelation.TARGET_GROUP.value, TermRelation.REQUEST.value})
        maker.mentees.remove(mentee)
    # The form stored when the mentor was a deputy head; now a teacher.
    unit = pick([u for u in plain(live_states) if u.mentor is not None
                 and u.mentor.category is Category.TEACHER
                 and u.mentees[0].category is Category.TEACHER])  # fmt: skip
    if unit is not None:
        unit.form = Form.HEAD_TEACHER
    # A new mentor in a draft: no written consent to mentor yet, not trained.
    unit = idle_draft(maker, staff, units_of, live)
    if unit is not None and unit.mentor is not None:
        row_of(maker, unit.mentor).update(mentor_consent_date=None, training_date=None)
        unit.mentor.ready = False
    free = [m for m in maker.mentees if m.id not in live and m.consent]
    rng.shuffle(free)
    # A draft with a peer mentor who is not older than the mentee.
    peers = [m for m in maker.mentors[Category.STUDENT] if m.room > 0]
    for mentor in rng.sample(peers, len(peers)):
        peer: Who | None = next((m for m in free if m.category is Category.STUDENT
                       and m.id != mentor.id and m.id not in live
                       and not mentor_is_older(mentor.birth, mentor.grade,
                                               m.birth, m.grade)), None)  # fmt: skip
        if peer is not None:
            new_draft(maker, mentor, peer, live)
            break
    # The mentee of an ended pair back with the same mentor, as a draft.
    for old in rng.sample(maker.units, len(maker.units)):
        if old.status is not Status.ENDED or old.mentor is None or len(old.mentees) != 1:
            continue
        mentee = old.mentees[0]
        if mentee.id in live or not mentee.consent or old.mentor.room <= 0:
            continue
        if mentee not in maker.mentees or old.mentor not in maker.mentors[old.mentor.category]:
            continue
        again = new_draft(maker, old.mentor, mentee, live)
        again.kind = old.kind
        if old.ended and again.created and again.created <= old.ended:
            again.created = min(maker.today, old.ended + timedelta(days=1))
        break
    # A mentor whose category has no form with the mentee's: a parent (entered before
    # as a partner's representative) with a teacher.
    teachers = [m for m in free if m.category is Category.TEACHER and m.id not in live]
    outside = [m for c in (Category.PARENT, Category.GRADUATE) for m in maker.mentors[c]
               if m.room > 0]  # fmt: skip
    if teachers and outside:
        unit = new_draft(maker, rng.choice(outside), teachers[0], live)
        unit.form = Form.PARTNER_TEACHER


def ready_mentors(maker: PairMaker) -> None:
    """A few staff mentors ready to take a mentee now: a valid consent to the
    processing of personal data, the written consent to mentor, trained, with a free
    place, so a curator can make a pair with nothing to warn about. Training dates
    are added or a capacity raised (within the 4 a teacher may have) if needed."""
    staff = [m for c in (Category.TEACHER, Category.HEAD) for m in maker.mentors[c]
             if m.consent and row_of(maker, m)["mentor_consent_date"] is not None]  # fmt: skip
    ready = [m for m in staff if m.ready and m.room > 0]
    if len(ready) >= READY_MENTORS:
        return
    rng = maker.rng
    untrained = [m for m in staff if not m.ready and m.room > 0]
    full = [m for m in staff if m.ready and m.room <= 0 and row_of(maker, m)["capacity"] < 4]
    for who in rng.sample(untrained, len(untrained)):
        if len(ready) >= READY_MENTORS:
            return
        row = row_of(maker, who)
        signed = row["mentor_consent_date"]
        row["training_date"] = signed + (maker.today - signed) // 2
        who.ready = True
        ready.append(who)
    for who in rng.sample(full, len(full)):
        if len(ready) >= READY_MENTORS:
            return
        row_of(maker, who)["capacity"] += 1
        who.room += 1
        ready.append(who)
