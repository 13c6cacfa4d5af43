"""Pairs and groups of the demo school in every state, with their history and orders."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from mentor_desk.demo.people import Generator, table
from mentor_desk.demo.programs import (
    END_NOTES,
    INTERN_PROGRAM,
    MEETING_NOTES,
    MENTOR_CHANGE_NOTES,
    PLAN_FRAMES,
    STUDENT_PROGRAMS,
    TEACHER_PROGRAMS,
)
from mentor_desk.demo.showcase import ready_mentors, showcase
from mentor_desk.demo.units import (
    CANDIDATES,
    END_WEIGHTS,
    GROUPS_MIN,
    INTERN_PAIRED_SHARE,
    MENTEES_PER_GROUP,
    MENTOR_WEIGHTS,
    NO_CONSENT_WEIGHT,
    ORDER_DAYS,
    OTHER_TEACHER_PAIRED_SHARE,
    OUTSIDE_MENTORS,
    PAIRED_SHARE,
    PRIORITY,
    STALLED_SHARE,
    STATUS_WEIGHTS,
    YOUNG_PAIRED_SHARE,
    PairRows,
    Unit,
    Who,
)
from mentor_desk.domain.dates import AcademicYear, format_date
from mentor_desk.domain.pairs import (
    EndReason,
    EventKind,
    Form,
    Kind,
    MeetingKind,
    Status,
    forms_for_group,
    is_college_or_university,
)
from mentor_desk.domain.participants import (
    Category,
    ConsentState,
    ConsentStatus,
    TermKind,
    TermRelation,
    consent_state,
    experience_on,
    is_young_specialist,
)
from mentor_desk.domain.text import full_name
from mentor_desk.storage.models import IssuedDocument, IssuedDocumentPair, Mentorship


class PairMaker:
    """Pairs and groups in every state, their programs and history; the questionnaire."""

    def __init__(self, gen: Generator) -> None:
        self.gen = gen
        self.rng, self.today, self.year = gen.rng, gen.today, gen.year
        self.topic_names = {i: n for n, i in gen.term_ids.get(TermKind.TOPIC, {}).items()}
        wanted = {TermRelation.REQUEST.value, TermRelation.COMPETENCY.value}
        topics: dict[int, set[int]] = {}
        for link in gen.links:
            if link["relation"] in wanted:
                topics.setdefault(link["participant_id"], set()).add(link["term_id"])
        self.mentees: list[Who] = []
        self.mentors: dict[Category, list[Who]] = {c: [] for c in Category}
        for row in gen.rows:
            if row["archived_at"] is None and (row["is_mentor"] or row["is_mentee"]):
                self._person(row, frozenset(topics.get(row["id"], ())))
        # Mentors with room, all and the ready only; the full ones drop out as they are met.
        self.open = {
            (c, ready): [m for m in people if m.ready or not ready]
            for c, people in self.mentors.items()
            for ready in (False, True)
        }
        self.orders = self._orders()
        self.units: list[Unit] = []
        self.live: set[int] = set()  # the mentees in live pairs, once made

    def _person(self, row: dict[str, Any], topics: frozenset[int]) -> None:
        today = self.today
        category = Category(row["category"])
        consent = (
            consent_state(
                ConsentStatus(row["consent_status"]), row["consent_date"],
                row["representative_name"], row["birth_date"], today,
                signer=row["consent_signer"],
            )
            is ConsentState.VALID
        )  # fmt: skip
        years = experience_on(
            today, row["hire_date"], row["experience_years"], row["experience_as_of"]
        )
        digits = "".join(ch for ch in row["class_name"] if ch.isdigit())
        who = Who(
            id=row["id"],
            name=full_name(row["last_name"], row["first_name"], row["middle_name"]),
            category=category,
            birth=row["birth_date"],
            grade=int(digits) if digits else 0,
            class_name=row["class_name"],
            subject=row["subject"],
            organization=row["organization"],
            consent=consent,
            ready=consent and row["training_date"] is not None,
            young=is_young_specialist(category, years),
            topics=topics,
            room=row["capacity"] if row["is_mentor"] else 0,
        )
        if row["is_mentee"]:
            self.mentees.append(who)
        if row["is_mentor"]:
            # A mentor and a mentee at once (a senior student) is one object: its room
            # is about mentoring only.
            self.mentors[category].append(who)

    # --- dates -----------------------------------------------------------------------

    def day(self, first: date, last: date) -> date:
        """A day from first to last (first if last is earlier)."""
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _orders(self) -> list[tuple[date, str]]:
        """The orders fixing pairs, last academic year and this one, none in the future.

        Numbered as schools number orders: anew each calendar year (the orders journal
        refuses a number used twice in one year), with other orders in between.
        """
        rng, today = self.rng, self.today
        drawn: list[tuple[date, int]] = []  # (day, orders of the school since the last)
        bases = []
        for year in (AcademicYear(self.year.start_year - 1), self.year):
            bases.append(rng.randint(5, 20))
            for offset in ORDER_DAYS:
                on = year.start + timedelta(days=offset + rng.randint(0, 6))
                on -= timedelta(days=max(0, on.weekday() - 4))  # signed on a weekday
                step = rng.randint(8, 30)
                if on <= today:
                    drawn.append((on, step))
        if not any(on >= self.year.start for on, _ in drawn):
            drawn.append((today, rng.randint(5, 20)))
        found: list[tuple[date, str]] = []
        numbers: dict[int, int] = {}
        for on, step in sorted(drawn):
            base = bases[len(numbers) % len(bases)] if on.year not in numbers else 0
            numbers[on.year] = numbers.get(on.year, 0) + base + step
            found.append((on, f"{numbers[on.year]}-о"))
        return found

    def _pick_order(
        self, since: date, until: date, *, recent: bool = False, autumn: bool = False
    ) -> tuple[date, str]:
        """An order signed from since to until (the latest before, if none).

        recent: one of the last two; autumn: most working pairs were fixed by the first
        two orders of the year.
        """
        fits = [o for o in self.orders if since <= o[0] <= until]
        if not fits:
            earlier = [o for o in self.orders if o[0] <= until]
            return earlier[-1] if earlier else self.orders[0]
        if recent:
            return self.rng.choice(fits[-2:])
        weights = [1] * len(fits)
        if autumn:
            this_year = [i for i, (on, _) in enumerate(fits) if on >= self.year.start]
            for rank, index in enumerate(this_year[:2]):
                weights[index] = 8 - 4 * rank
        return self.rng.choices(fits, weights)[0]

    def _program_end(self, started: date, short: bool) -> date:
        """The planned end: 3 to 12 months on, the end of May for a school-year program."""
        rng = self.rng
        if short:
            return started + timedelta(days=rng.randint(90, 120))
        may = date(AcademicYear.containing(started).start_year + 1, 5, 31)
        may -= timedelta(days=rng.randint(0, 10))
        if 90 <= (may - started).days <= 365:
            return may
        return started + timedelta(days=rng.randint(150, 270))

    def schedule(self, unit: Unit) -> None:
        rng, today = self.rng, self.today
        short = unit.kind is Kind.SHORT_TERM
        if unit.status is Status.DRAFT:
            unit.created = today - timedelta(days=rng.randint(0, 40))
            return
        if unit.status is Status.APPROVED:
            unit.order = self._pick_order(self.year.start, today, recent=True)
        elif unit.status is Status.ACTIVE:
            unit.order = self._pick_order(today - timedelta(days=320), today, autumn=True)
        elif unit.reason is EndReason.PLAN_DONE:
            unit.order = self._pick_order(date.min, today - timedelta(days=110))
        else:
            unit.order = self._pick_order(date.min, today - timedelta(days=30))
        order_on = unit.order[0]
        unit.created = order_on - timedelta(days=rng.randint(2, 20))
        if unit.status is Status.APPROVED:
            return
        unit.started = min(today, order_on + timedelta(days=rng.randint(1, 14)))
        unit.ends = self._program_end(unit.started, short)
        if unit.status is Status.ACTIVE:
            if unit.ends <= today:  # a running program ends in the future
                low = max(90, (today - unit.started).days + 10)
                unit.ends = unit.started + timedelta(days=rng.randint(low, max(low, 365)))
            return
        if unit.reason is EndReason.PLAN_DONE:
            if unit.ends > today:
                unit.ends = max(unit.started + timedelta(days=90), today)
            unit.ended = unit.ends
        else:
            span = (min(unit.ends, today) - unit.started).days
            unit.ended = unit.started + timedelta(days=rng.randint(min(20, span), span))

    def _meetings(self, unit: Unit, until: date) -> list[tuple[date, MeetingKind]]:
        """встреча-знакомство, пробная, встреча-планирование, then every 2-4 weeks.

        No meetings in July and August; rows() cuts the later ones of a stalled pair.
        """
        rng = self.rng
        assert unit.started is not None
        found = [(unit.started, MeetingKind.INTRODUCTION)]
        day = unit.started + timedelta(days=rng.randint(4, 10))
        for kind in (MeetingKind.TRIAL, MeetingKind.PLANNING):
            if day > until:
                return found
            found.append((day, kind))
            day += timedelta(days=rng.randint(5, 12))
        while day <= until:
            if day.month in (7, 8):  # the summer holidays: back in September
                day = date(day.year, 9, 1) + timedelta(days=rng.randint(0, 10))
                continue
            found.append((day, MeetingKind.REGULAR))
            day += timedelta(days=rng.randint(14, 28))
        return found

    # --- who with whom ---------------------------------------------------------------

    def select(self) -> list[Who]:
        """The mentees to pair: about PAIRED_SHARE, young specialists first."""
        rng = self.rng
        target = PAIRED_SHARE * len(self.mentees)
        shares: dict[int, float] = {}
        students = []
        for who in self.mentees:
            if who.category is Category.STUDENT:
                students.append(who)
                continue
            if who.category is Category.TEACHER:
                share = YOUNG_PAIRED_SHARE if who.young else OTHER_TEACHER_PAIRED_SHARE
            else:
                share = INTERN_PAIRED_SHARE
            shares[who.id] = share * (1 if who.consent else NO_CONSENT_WEIGHT)
        weight = sum(1 if s.consent else NO_CONSENT_WEIGHT for s in students)
        share = max(0.0, target - sum(shares.values())) / weight if weight else 0.0
        for who in students:
            shares[who.id] = min(1.0, share * (1 if who.consent else NO_CONSENT_WEIGHT))
        return [who for who in self.mentees if rng.random() < shares[who.id]]

    def make_units(self, chosen: list[Who]) -> None:
        """Groups of 2-4 (one class, or young teachers with a deputy head), then pairs."""
        rng = self.rng
        left = list(chosen)
        rng.shuffle(left)
        groups = max(GROUPS_MIN, len(left) // MENTEES_PER_GROUP) if len(left) >= 6 else 0
        by_class: dict[str, list[Who]] = {}
        teachers = []
        for who in left:
            if who.category is Category.STUDENT:
                by_class.setdefault(who.class_name, []).append(who)
            elif who.category is Category.TEACHER and who.young and who.consent:
                teachers.append(who)
        taken: set[int] = set()
        if groups and len(teachers) >= 2 and any(h.room >= 2 for h in self.mentors[Category.HEAD]):
            members = teachers[: rng.randint(2, min(3, len(teachers)))]
            self.units.append(Unit(members, kind=Kind.GROUP))
            taken.update(m.id for m in members)
            groups -= 1
        classes = [name for name, people in by_class.items() if len(people) >= 2]
        for _ in range(groups):
            if not classes:
                break
            people = [p for p in by_class[rng.choice(classes)] if p.id not in taken]
            if len(people) < 2:
                continue
            members = people[: rng.randint(2, min(4, len(people)))]
            self.units.append(Unit(members, kind=Kind.GROUP))
            taken.update(m.id for m in members)
        self.units += [Unit([who]) for who in left if who.id not in taken]

    def assign_statuses(self) -> None:
        """Random by STATUS_WEIGHTS; every status and end reason at least once."""
        rng = self.rng
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        reasons, reason_weights = list(END_WEIGHTS), list(END_WEIGHTS.values())
        for unit in self.units:
            unit.status = rng.choices(statuses, weights)[0]
        singles = [u for u in self.units if len(u.mentees) == 1 and u.mentees[0].consent]
        forced: list[tuple[Status, EndReason | None]] = [(Status.ENDED, r) for r in EndReason]
        forced += [(Status.DRAFT, None), (Status.APPROVED, None)]
        chosen = rng.sample(singles, min(len(singles), len(forced)))
        for unit, (status, reason) in zip(chosen, forced[: len(chosen)], strict=True):
            unit.status, unit.reason, unit.forced = status, reason, True
        # Without a valid consent a pair waits as a draft; one works anyway (a warning).
        lacking = {u for u in self.units if not all(m.consent for m in u.mentees)}
        if lacking:
            candidates = [u for u in self.units if u in lacking]  # in a seeded order
            shown = rng.choice([u for u in candidates if len(u.mentees) == 1] or candidates)
            shown.status, shown.forced = Status.ACTIVE, True
        for unit in self.units:
            if unit.status is Status.ENDED and unit.reason is None:
                unit.reason = rng.choices(reasons, reason_weights)[0]
            if unit in lacking and not unit.forced and unit.status is not Status.ENDED:
                unit.status = Status.DRAFT
        # Forced units first: a big school runs out of mentors' room before the end.
        self.units.sort(
            key=lambda u: (
                not u.forced,
                len(u.mentees) == 1,
                PRIORITY.get(u.mentees[0].category, 2),
            )
        )

    def fits(self, mentor: Who, mentees: list[Who]) -> bool:
        for mentee in mentees:
            if mentee.id == mentor.id or mentor.category not in MENTOR_WEIGHTS.get(
                mentee.category, {}
            ):
                return False
            if mentor.category is Category.STUDENT and not (
                mentor.grade > mentee.grade
                and mentor.birth is not None
                and mentee.birth is not None
                and mentor.birth < mentee.birth
            ):
                return False
        return True

    def _points(self, mentor: Who, mentees: list[Who]) -> float:
        points = sum(len(mentor.topics & m.topics) for m in mentees) + self.rng.random() * 0.5
        first = mentees[0]
        if mentor.category is Category.STUDENT and 1 <= mentor.grade - first.grade <= 3:
            points += 1
        if mentor.category is Category.TEACHER and mentor.subject == first.subject:
            points += 1
        return points

    def pick_mentor(
        self, mentees: list[Who], room: int, want_ready: bool, categories: dict[Category, int]
    ) -> Who | None:
        """The best of a few mentors drawn by category; room: the places needed (0: any).

        want_ready: a mentor trained and with a consent if there is one with room, else any.
        """
        for ready in (True, False) if want_ready else (False,):
            found = self._pick(mentees, room, ready, categories)
            if found is not None:
                return found
        return None

    def _pick(
        self, mentees: list[Who], room: int, ready: bool, categories: dict[Category, int]
    ) -> Who | None:
        rng = self.rng
        left = {c: w for c, w in categories.items() if self.mentors[c]}
        while left:
            category = rng.choices(list(left), list(left.values()))[0]
            del left[category]
            pool = self.open[category, ready] if room else self.mentors[category]
            best: Who | None = None
            best_points = -1.0
            seen = 0
            for _ in range(CANDIDATES * 4):
                if not pool or seen >= CANDIDATES:
                    break
                index = rng.randrange(len(pool))
                mentor = pool[index]
                if room and mentor.room < room:
                    if mentor.room <= 0:  # full: out of the open pool
                        pool[index] = pool[-1]
                        pool.pop()
                    continue
                if not self.fits(mentor, mentees):
                    continue
                seen += 1
                points = self._points(mentor, mentees)
                if points > best_points:
                    best, best_points = mentor, points
            if best is not None:
                return best
        return None

    def assign_mentors(self) -> None:
        rng = self.rng
        placed = []
        for unit in self.units:
            live = unit.status is not Status.ENDED
            room = len(unit.mentees) if live else 0
            want_ready = unit.status in (Status.APPROVED, Status.ACTIVE)
            categories = MENTOR_WEIGHTS.get(unit.mentees[0].category, {})
            if unit.kind is Kind.GROUP and unit.mentees[0].category is Category.TEACHER:
                categories = {Category.HEAD: 1}
            mentor = self.pick_mentor(unit.mentees, room, want_ready, categories)
            if mentor is None and live and not unit.forced:
                # No mentor has room left (a big school): a pair that has already ended.
                unit.status = Status.ENDED
                unit.reason = rng.choices(list(END_WEIGHTS), list(END_WEIGHTS.values()))[0]
                room = 0
                mentor = self.pick_mentor(unit.mentees, 0, False, categories)
            if mentor is None:
                continue  # nobody can mentor them: the mentees stay free
            unit.mentor = mentor
            mentor.room -= room
            if unit.kind is not Kind.GROUP:
                chance = rng.random()
                if mentor.category in OUTSIDE_MENTORS and chance < 0.15:
                    unit.kind = Kind.VIRTUAL
                elif chance > 0.93:
                    unit.kind = Kind.SHORT_TERM
                elif chance > 0.89:
                    unit.kind = Kind.SITUATIONAL
            placed.append(unit)
        self.units = placed

    def overload_one(self, live: set[int]) -> None:
        """One working pair over its mentor's capacity: the board must warn about it."""
        rng = self.rng
        free = [m for m in self.mentees if m.id not in live and m.consent]
        full = [u.mentor for u in self.units if u.status is Status.ACTIVE and u.mentor
                and u.mentor.room == 0]  # fmt: skip
        for mentor in full[:20]:
            for mentee in rng.sample(free, min(len(free), 30)):
                if self.fits(mentor, [mentee]):
                    unit = Unit([mentee], Status.ACTIVE, mentor=mentor, forced=True)
                    self.units.append(unit)
                    live.add(mentee.id)
                    return

    def specials(self) -> None:
        """Stalled pairs, one extension and one change of mentor, among the working pairs."""
        rng, today = self.rng, self.today
        active = [u for u in self.units if u.status is Status.ACTIVE and u.started]
        old = [u for u in active if u.started and u.started <= today - timedelta(days=40)]
        for unit in old:
            unit.stalled = rng.random() < STALLED_SHARE
        if old and not any(u.stalled for u in old):
            rng.choice(old).stalled = True
        extendable = [
            u for u in old
            if not u.stalled and u.started and u.started >= today - timedelta(days=300)
        ]  # fmt: skip
        if extendable:
            unit = rng.choice(extendable)
            unit.extended = True
        for unit in rng.sample(old, len(old)):
            if unit.extended or unit.mentor is None:
                continue
            others = [
                m for m in rng.sample(self.mentors[unit.mentor.category],
                                      min(10, len(self.mentors[unit.mentor.category])))
                if m is not unit.mentor and self.fits(m, unit.mentees)
            ]  # fmt: skip
            if others:
                unit.old_mentor = others[0]
                break

    # --- what the board warns about, and ready mentors ------------------------------

    # --- rows ------------------------------------------------------------------------

    def _program(self, unit: Unit) -> tuple[str, str, list[str]]:
        rng = self.rng
        first = unit.mentees[0]
        assert unit.mentor is not None
        shared = sorted(first.topics & unit.mentor.topics)
        names = [self.topic_names.get(t, "") for t in (shared or sorted(first.topics))]
        if first.category is Category.UNIVERSITY_STUDENT:
            goal, tasks, items = INTERN_PROGRAM
        else:
            programs, default = (
                (STUDENT_PROGRAMS, "предметная подготовка")
                if first.category is Category.STUDENT
                else (TEACHER_PROGRAMS, "методика преподавания")
            )
            goal, tasks, items = programs[next((n for n in names if n in programs), default)]
        start, end, extra = PLAN_FRAMES.get(first.category, PLAN_FRAMES[Category.TEACHER])
        middle = rng.randint(2, 6)
        chosen = list(items[:middle])
        chosen += rng.sample(extra, min(len(extra), middle - len(chosen)))
        return goal, "\n".join(tasks), [start, *chosen, end]

    def rows(self) -> PairRows:
        rng, today = self.rng, self.today
        out = PairRows([], [], [], [], [], [])
        for number, unit in enumerate(self.units, start=1):
            mentor = unit.mentor
            assert mentor is not None and unit.created is not None
            events: list[tuple[date, EventKind, str]] = [(unit.created, EventKind.CREATED, "")]
            goal = tasks = ""
            texts: list[str] = []
            plan: list[tuple[str, date | None, date | None]] = []
            meetings: list[tuple[date, MeetingKind]] = []
            end_note = ""
            if unit.order:
                on, order_number = unit.order
                approved = f"приказ № {order_number} от {format_date(on)}"
                events.append((on, EventKind.APPROVED, approved))
            if unit.status is not Status.DRAFT or rng.random() < 0.3:
                goal, tasks, texts = self._program(unit)
                if unit.status is Status.APPROVED:
                    assert unit.order is not None
                    first = unit.order[0] + timedelta(days=14)
                    plan = self._plan(texts, first, first + timedelta(days=240), None, 0)
                    if rng.random() < 0.5:
                        meetings = [(self.day(unit.order[0], today), MeetingKind.INTRODUCTION)]
            if unit.started and unit.ends:
                events.append((unit.started, EventKind.STARTED, ""))
                if unit.old_mentor is not None:
                    on = self.day(unit.started + timedelta(days=30), today - timedelta(days=7))
                    note = rng.choice(MENTOR_CHANGE_NOTES)
                    text = f"{unit.old_mentor.name} → {mentor.name}; {note}"
                    events.append((on, EventKind.MENTOR_CHANGED, text))
                if unit.extended:
                    old_end = min(max(unit.started + timedelta(days=90),
                                      today + timedelta(days=rng.randint(3, 25))),
                                  unit.started + timedelta(days=300))  # fmt: skip
                    unit.ends = min(unit.started + timedelta(days=365),
                                    old_end + timedelta(days=rng.randint(45, 120)))  # fmt: skip
                    on = max(unit.started + timedelta(days=1),
                             min(today, old_end) - timedelta(days=rng.randint(0, 14)))  # fmt: skip
                    text = (f"до {format_date(unit.ends)} (было до {format_date(old_end)}); "
                            "по взаимному согласию")  # fmt: skip
                    events.append((on, EventKind.EXTENDED, text))
                until = unit.ended or today
                if unit.status is Status.ACTIVE:
                    plan = self._plan(texts, unit.started, unit.ends, today, 0.85)
                elif unit.reason is EndReason.PLAN_DONE:
                    plan = self._plan(texts, unit.started, until, until, 1.0)
                else:
                    plan = self._plan(texts, unit.started, unit.ends, until, 0.5)
                meetings = self._meetings(unit, until)
                if unit.stalled:
                    cutoff = today - timedelta(days=29 + rng.randint(0, 30))
                    meetings = meetings[:1] + [m for m in meetings[1:] if m[0] <= cutoff]
                if unit.reason is EndReason.PLAN_DONE:
                    meetings = [m for m in meetings if m[0] < until] + [(until, MeetingKind.FINAL)]
            if unit.ended and unit.reason:
                end_note = rng.choice(END_NOTES[unit.reason])
                text = unit.reason.label + (f": {end_note}" if end_note else "")
                events.append((unit.ended, EventKind.ENDED, text))
            events.sort(key=lambda e: e[0])  # stable: same-day events keep their order
            created = datetime.combine(unit.created, time(9)) + timedelta(
                minutes=rng.randint(0, 480)
            )
            updated = max(created, datetime.combine(events[-1][0], time(15)))
            out.mentorships.append({
                "id": number, "mentor_id": mentor.id, "form": self._form(unit).value,
                "kind": unit.kind.value, "status": unit.status.value,
                "order_number": unit.order[1] if unit.order else "",
                "order_date": unit.order[0] if unit.order else None,
                "started_on": unit.started, "ends_on": unit.ends, "ended_on": unit.ended,
                "end_reason": unit.reason.value if unit.reason else "", "end_note": end_note,
                "goal": goal, "tasks": tasks, "created_at": created, "updated_at": updated,
            })  # fmt: skip
            out.mentees += [{"mentorship_id": number, "participant_id": m.id, "position": i}
                            for i, m in enumerate(unit.mentees)]  # fmt: skip
            out.events += [{"mentorship_id": number, "happened_on": on, "kind": kind.value,
                            "text": text} for on, kind, text in events]  # fmt: skip
            out.plan += [{"mentorship_id": number, "position": i, "text": text, "due_on": due,
                          "done_on": done} for i, (text, due, done) in enumerate(plan)]  # fmt: skip
            out.meetings += [{"mentorship_id": number, "held_on": on, "kind": kind.value,
                              "note": rng.choice(MEETING_NOTES[kind])}
                             for on, kind in meetings]  # fmt: skip
        return out

    def _plan(
        self, texts: list[str], start: date, end: date, until: date | None, done_share: float
    ) -> list[tuple[str, date | None, date | None]]:
        """Activities due evenly from start to end; done by `until` with done_share."""
        rng = self.rng
        span = max(1, (end - start).days)
        found: list[tuple[str, date | None, date | None]] = []
        for index, text in enumerate(texts):
            due = start + timedelta(days=span * (index + 1) // len(texts))
            if index < len(texts) - 1:
                due -= timedelta(days=rng.randint(0, 5))
            done: date | None = None
            if until is not None:
                # Long overdue activities are more often done than the latest ones.
                share = done_share + 0.1 if due < until - timedelta(days=30) else done_share
                if due <= until and rng.random() < share:
                    done = max(start, min(until, due - timedelta(days=rng.randint(0, 7))))
                elif due > until and rng.random() < done_share * 0.1:
                    done = self.day(start, until)
            found.append((text, due, done))
        return found

    def _form(self, unit: Unit) -> Form:
        assert unit.mentor is not None
        if unit.form is not None:
            return unit.form
        mentor = unit.mentor
        allowed = forms_for_group(mentor.category, [(m.category, m.young) for m in unit.mentees])
        assert allowed, (mentor.category, [m.category for m in unit.mentees])
        # the app's rule (domain.pairs): the lecturer form only for a college or university
        if Form.LECTURER_YOUNG_TEACHER in allowed and not is_college_or_university(
            mentor.organization
        ):
            return Form.PARTNER_TEACHER
        return allowed[0]

    def make(self) -> PairRows:
        self.make_units(self.select())
        self.assign_statuses()
        self.assign_mentors()
        live = {m.id for u in self.units if u.status is not Status.ENDED for m in u.mentees}
        self.overload_one(live)
        for unit in self.units:
            self.schedule(unit)
        self.specials()
        showcase(self, live)
        ready_mentors(self)
        rows = self.rows()
        self.live = live  # the mentees in pairs, for the questionnaire
        return rows


def journal_orders(session: Session, today: date) -> int:
    """The orders that approved the demo's pairs, in the orders journal as if issued
    there: the order's data for re-opening, and the pairs it names. Their numbers are
    then taken for their year (services.documents.check_number)."""
    from mentor_desk.services.documents import DocKind, pairs_order_data, to_payload

    session.flush()
    conn = session.connection().connection.driver_connection  # this transaction's rows
    assert isinstance(conn, sqlite3.Connection)
    orders: dict[tuple[date, str], list[int]] = {}
    query = (
        select(Mentorship.id, Mentorship.order_date, Mentorship.order_number)
        .where(Mentorship.order_number != "")
        .order_by(Mentorship.id)
    )
    for mentorship_id, on, number in session.execute(query):
        assert on is not None
        orders.setdefault((on, number), []).append(mentorship_id)
    documents, links = [], []
    for document_id, ((on, number), ids) in enumerate(sorted(orders.items()), start=1):
        data = pairs_order_data(conn, ids, number, on, today)
        documents.append({
            "id": document_id, "kind": DocKind.PAIRS.value, "number": number,
            "issued_on": on, "title": DocKind.PAIRS.journal_title,
            "payload": json.dumps(to_payload(data), ensure_ascii=False),
            "created_at": datetime.combine(on, time(12)),
        })  # fmt: skip
        links += [{"document_id": document_id, "mentorship_id": i} for i in ids]
    if documents:
        session.execute(insert(table(IssuedDocument)), documents)
        session.execute(insert(table(IssuedDocumentPair)), links)
    return len(documents)
