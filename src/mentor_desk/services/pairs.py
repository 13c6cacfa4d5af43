"""Pairs and groups: make, change, approve, start, end; programs, meetings, questionnaire.

Writes take an ORM session inside one transaction (ui.context.AppContext.action). Every
board action can be undone: snapshot() before and after, restore() puts either back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from mentor_desk.domain.pairs import (
    START_AHEAD_MAX,
    EndReason,
    EventKind,
    Form,
    Kind,
    MeetingKind,
    Status,
    check_program_term,
    forms_for,
)
from mentor_desk.domain.participants import Category, experience_on, is_young_specialist
from mentor_desk.domain.text import full_name
from mentor_desk.storage.models import (
    Meeting,
    Mentorship,
    MentorshipEvent,
    MentorshipMentee,
    Participant,
    PlanItem,
    Preference,
    Setting,
)


class PairError(ValueError):
    """A pair action that the rules refuse; the message is for the user."""


LIVE = (Status.DRAFT.value, Status.APPROVED.value, Status.ACTIVE.value)
DEFAULT_PROGRAM = timedelta(days=270)  # about a school year: within 3 months to 1 year


def _get(session: Session, mentorship_id: int) -> Mentorship:
    found = session.get(Mentorship, mentorship_id)
    if found is None:
        raise PairError("Пара или группа не найдена: возможно, её уже удалили")
    return found


def _person(session: Session, person_id: int) -> Participant:
    person = session.get(Participant, person_id)
    if person is None:
        raise PairError("Участник не найден: возможно, его удалили из реестра")
    return person


def _name(person: Participant) -> str:
    return full_name(person.last_name, person.first_name, person.middle_name)


def _young(person: Participant, today: date) -> bool:
    years = experience_on(today, person.hire_date, person.experience_years,
                          person.experience_as_of)  # fmt: skip
    return is_young_specialist(Category(person.category), years)


def allowed_forms(
    session: Session, mentor_id: int, mentee_ids: Iterable[int], today: date
) -> list[Form]:
    """The forms every mentee allows with this mentor (DOMAIN: the form follows the roles)."""
    mentor = _person(session, mentor_id)
    allowed: list[Form] | None = None
    for mentee_id in mentee_ids:
        mentee = _person(session, mentee_id)
        forms = forms_for(
            Category(mentor.category), Category(mentee.category), _young(mentee, today)
        )
        allowed = forms if allowed is None else [f for f in allowed if f in forms]
    return list(Form) if allowed is None else allowed


def _event(pair: Mentorship, kind: EventKind, on: date, text: str = "") -> None:
    pair.events.append(MentorshipEvent(happened_on=on, kind=kind.value, text=text))


def _live_pair_of(session: Session, mentee_id: int) -> int | None:
    return session.scalar(
        select(MentorshipMentee.mentorship_id)
        .join(Mentorship)
        .where(MentorshipMentee.participant_id == mentee_id, Mentorship.status.in_(LIVE))
    )


def _check_mentee(session: Session, mentor_id: int, mentee_id: int) -> Participant:
    mentee = _person(session, mentee_id)
    if mentee_id == mentor_id:
        raise PairError("Наставник не может быть своим наставляемым")
    if _live_pair_of(session, mentee_id) is not None:
        raise PairError(f"{_name(mentee)} уже в паре или группе: сначала уберите оттуда")
    return mentee


def create(
    session: Session,
    mentor_id: int,
    mentee_ids: Sequence[int],
    today: date,
    form: Form | None = None,
    kind: Kind | None = None,
) -> int:
    """A new draft pair (one mentee) or group; the form follows from the categories."""
    if not mentee_ids:
        raise PairError("В паре должен быть хотя бы один наставляемый")
    mentor = _person(session, mentor_id)
    mentees = [_check_mentee(session, mentor_id, m) for m in mentee_ids]
    forms = allowed_forms(session, mentor_id, mentee_ids, today)
    if not forms:
        kinds = ", ".join(sorted({Category(m.category).label for m in mentees}))
        raise PairError(
            f"Нет формы наставничества для наставника-«{Category(mentor.category).label}» "
            f"и наставляемых: {kinds}"
        )
    if form is not None and form not in forms:
        raise PairError(f"Форма «{form.label}» не подходит к категориям участников")
    pair = Mentorship(
        mentor_id=mentor_id,
        form=(form or forms[0]).value,
        kind=(kind or (Kind.GROUP if len(mentee_ids) > 1 else Kind.TRADITIONAL)).value,
        status=Status.DRAFT.value,
    )
    pair.mentees = [
        MentorshipMentee(participant_id=m, position=i) for i, m in enumerate(mentee_ids)
    ]
    _event(pair, EventKind.CREATED, today)
    session.add(pair)
    session.flush()
    return pair.id


def add_mentee(session: Session, mentorship_id: int, mentee_id: int, today: date) -> None:
    """Add a mentee to a pair, which makes it a group."""
    pair = _get(session, mentorship_id)
    if pair.status == Status.ENDED.value:
        raise PairError("Группа завершена: в неё нельзя добавить наставляемого")
    mentee = _check_mentee(session, pair.mentor_id, mentee_id)
    ids = [m.participant_id for m in pair.mentees] + [mentee_id]
    forms = allowed_forms(session, pair.mentor_id, ids, today)
    if not forms:
        raise PairError(f"{_name(mentee)} не подходит к форме этой группы")
    if Form(pair.form) not in forms:
        pair.form = forms[0].value
    if pair.kind == Kind.TRADITIONAL.value:
        pair.kind = Kind.GROUP.value
    pair.mentees.append(MentorshipMentee(participant_id=mentee_id, position=len(ids)))
    if pair.status != Status.DRAFT.value:
        _event(pair, EventKind.MENTEE_ADDED, today, _name(mentee))


def remove_mentee(session: Session, mentorship_id: int, mentee_id: int, today: date) -> bool:
    """Take a mentee out; a draft left with nobody is deleted. True if the pair is gone."""
    pair = _get(session, mentorship_id)
    link = next((m for m in pair.mentees if m.participant_id == mentee_id), None)
    if link is None:
        raise PairError("Этого наставляемого в паре нет")
    if len(pair.mentees) == 1:
        if pair.status != Status.DRAFT.value:
            raise PairError(
                "Единственного наставляемого нельзя убрать из утверждённой пары: "
                "завершите пару с указанием причины"
            )
        session.delete(pair)
        return True
    pair.mentees.remove(link)
    if len(pair.mentees) == 1 and pair.kind == Kind.GROUP.value:
        pair.kind = Kind.TRADITIONAL.value
    if pair.status != Status.DRAFT.value:
        _event(pair, EventKind.MENTEE_REMOVED, today, _name(_person(session, mentee_id)))
    return False


def move_mentee(
    session: Session,
    mentee_id: int,
    today: date,
    *,
    to_mentor: int | None = None,
    to_mentorship: int | None = None,
) -> int:
    """Put a mentee with another mentor (a new pair) or into a group; returns its pair id.

    The mentee leaves their current live pair first (a draft left empty is deleted).
    """
    current = _live_pair_of(session, mentee_id)
    if current is not None and current == to_mentorship:
        return current
    if current is not None:
        remove_mentee(session, current, mentee_id, today)
        session.flush()
    if to_mentorship is not None:
        add_mentee(session, to_mentorship, mentee_id, today)
        return to_mentorship
    if to_mentor is None:
        raise PairError("Не указано, к кому перевести наставляемого")
    return create(session, to_mentor, [mentee_id], today)


def split_group(session: Session, mentorship_id: int, today: date) -> list[int]:
    """Each mentee of a group gets a pair of their own with the same mentor and program."""
    group = _get(session, mentorship_id)
    if len(group.mentees) < 2:
        raise PairError("Это пара, а не группа: делить нечего")
    created = []
    for link in list(group.mentees[1:]):
        group.mentees.remove(link)
        pair = Mentorship(
            mentor_id=group.mentor_id, form=group.form, kind=Kind.TRADITIONAL.value,
            status=group.status, order_number=group.order_number, order_date=group.order_date,
            started_on=group.started_on, ends_on=group.ends_on, goal=group.goal,
            tasks=group.tasks,
        )  # fmt: skip
        pair.mentees = [MentorshipMentee(participant_id=link.participant_id)]
        pair.plan = [PlanItem(position=i.position, text=i.text, due_on=i.due_on,
                              done_on=i.done_on) for i in group.plan]  # fmt: skip
        pair.meetings = [Meeting(held_on=m.held_on, kind=m.kind, note=m.note)
                         for m in group.meetings]  # fmt: skip
        _event(pair, EventKind.CREATED, today, "выделена из группы")
        session.add(pair)
        session.flush()
        created.append(pair.id)
    group.kind = Kind.TRADITIONAL.value
    return created


def delete_draft(session: Session, mentorship_id: int) -> None:
    pair = _get(session, mentorship_id)
    if pair.status != Status.DRAFT.value:
        raise PairError(
            "Удалить можно только черновик. Утверждённую или действующую пару завершите "
            "с указанием причины: её история сохранится."
        )
    session.delete(pair)


def set_form_kind(
    session: Session, mentorship_id: int, form: Form, kind: Kind, today: date
) -> None:
    pair = _get(session, mentorship_id)
    forms = allowed_forms(session, pair.mentor_id, [m.participant_id for m in pair.mentees], today)
    if form not in forms:
        names = ", ".join(f.label for f in forms)
        raise PairError(
            f"Форма «{form.label}» не подходит к категориям участников. Возможные: {names}"
        )
    pair.form, pair.kind = form.value, kind.value


def approve(
    session: Session, ids: Sequence[int], order_number: str, order_date: date, today: date
) -> None:
    """черновик → утверждена: the director's order fixes the pairs (number and date kept)."""
    number = " ".join(order_number.split())
    if not number:
        raise PairError("Укажите номер приказа")
    if order_date > today:
        raise PairError("Дата приказа не может быть в будущем")
    for pair in (_get(session, i) for i in ids):
        if pair.status != Status.DRAFT.value:
            raise PairError("Утвердить приказом можно только черновики")
        pair.status, pair.order_number, pair.order_date = Status.APPROVED.value, number, order_date
        _event(pair, EventKind.APPROVED, order_date, f"приказ № {number} от {order_date:%d.%m.%Y}")


def start(
    session: Session,
    ids: Sequence[int],
    started_on: date,
    ends_on: date | None = None,
    *,
    today: date | None = None,
) -> None:
    """утверждена → действует; the program's planned end defaults to about a school year."""
    for pair in (_get(session, i) for i in ids):
        if pair.status != Status.APPROVED.value:
            raise PairError("Начать работу может только пара, утверждённая приказом")
        if pair.order_date and started_on < pair.order_date:
            raise PairError("Работа не может начаться раньше приказа")
        if started_on > (today or date.today()) + START_AHEAD_MAX:
            raise PairError(f"Дата начала — не позже чем через {START_AHEAD_MAX.days} дней")
        end = ends_on or started_on + DEFAULT_PROGRAM
        problem = check_program_term(started_on, end)
        if problem:
            raise PairError(problem)
        pair.status, pair.started_on, pair.ends_on = Status.ACTIVE.value, started_on, end
        _event(pair, EventKind.STARTED, started_on)


def end(
    session: Session, ids: Sequence[int], ended_on: date, reason: EndReason, note: str = ""
) -> None:
    """→ завершена, with the reason of seed 001 p. 7.1; the pair stays in the archive."""
    for pair in (_get(session, i) for i in ids):
        if pair.status == Status.ENDED.value:
            raise PairError("Пара уже завершена")
        if pair.status == Status.DRAFT.value:
            raise PairError("Черновик не завершают, а удаляют")
        if pair.started_on and ended_on < pair.started_on:
            raise PairError("Дата завершения раньше начала работы")
        pair.status, pair.ended_on = Status.ENDED.value, ended_on
        pair.end_reason, pair.end_note = reason.value, note.strip()
        text = reason.label + (f": {note.strip()}" if note.strip() else "")
        _event(pair, EventKind.ENDED, ended_on, text)


def extend(session: Session, mentorship_id: int, new_end: date, on: date, note: str = "") -> None:
    """Продление по взаимному согласию (p. 7.2): the new end and the old one stay in history."""
    pair = _get(session, mentorship_id)
    if pair.status != Status.ACTIVE.value or pair.ends_on is None:
        raise PairError("Продлить можно только действующую программу")
    if new_end <= pair.ends_on:
        raise PairError("Новая дата окончания должна быть позже прежней")
    old = pair.ends_on
    pair.ends_on = new_end
    text = f"до {new_end:%d.%m.%Y} (было до {old:%d.%m.%Y})" + (f"; {note}" if note else "")
    _event(pair, EventKind.EXTENDED, on, text)


def change_mentor(
    session: Session, mentorship_id: int, new_mentor_id: int, on: date, today: date, note: str = ""
) -> None:
    """Смена наставника (p. 5.1): the program goes on with another mentor, kept in history."""
    pair = _get(session, mentorship_id)
    if pair.status == Status.ENDED.value:
        raise PairError("Пара завершена: наставника не сменить")
    if new_mentor_id == pair.mentor_id:
        raise PairError("Это тот же наставник")
    ids = [m.participant_id for m in pair.mentees]
    if new_mentor_id in ids:
        raise PairError("Наставник не может быть своим наставляемым")
    forms = allowed_forms(session, new_mentor_id, ids, today)
    if not forms:
        raise PairError("Этот наставник не подходит по форме наставничества к наставляемым")
    old, new = _person(session, pair.mentor_id), _person(session, new_mentor_id)
    pair.mentor_id = new_mentor_id
    if Form(pair.form) not in forms:
        pair.form = forms[0].value
    text = f"{_name(old)} → {_name(new)}" + (f"; {note}" if note else "")
    _event(pair, EventKind.MENTOR_CHANGED, on, text)


# --- the personalized program --------------------------------------------------------


def set_program(
    session: Session, mentorship_id: int, goal: str, tasks: str, ends_on: date | None
) -> None:
    pair = _get(session, mentorship_id)
    if ends_on is not None and pair.started_on is not None:
        problem = check_program_term(pair.started_on, ends_on)
        if problem and ends_on != pair.ends_on:
            raise PairError(problem)
    pair.goal, pair.tasks = goal.strip(), tasks.strip()
    if ends_on is not None:
        pair.ends_on = ends_on


def set_plan(
    session: Session,
    mentorship_id: int,
    items: Sequence[tuple[str, date | None, date | None]],
    today: date,
) -> None:
    """Replace the plan with (activity, due, done) rows; a change to a running plan is logged."""
    pair = _get(session, mentorship_id)
    cleaned = [(" ".join(t.split()), due, done) for t, due, done in items if t.strip()]
    for _text, _due, done in cleaned:
        if done and done > today:
            raise PairError("Отметка о выполнении не может быть в будущем")
    before = [(i.text, i.due_on) for i in pair.plan]
    pair.plan = [PlanItem(position=n, text=t, due_on=due, done_on=done)
                 for n, (t, due, done) in enumerate(cleaned)]  # fmt: skip
    if pair.status == Status.ACTIVE.value and before != [(t, due) for t, due, _ in cleaned]:
        _event(pair, EventKind.PLAN_CHANGED, today)


def add_meeting(
    session: Session, mentorship_id: int, held_on: date, kind: MeetingKind, note: str, today: date
) -> int:
    pair = _get(session, mentorship_id)
    if held_on > today:
        raise PairError("Встреча ещё не прошла: запишите её после того, как она состоится")
    if (
        pair.status in (Status.DRAFT.value, Status.ENDED.value)
        and kind is not MeetingKind.INTRODUCTION
    ):
        raise PairError("Встречи записываются у утверждённых и действующих пар")
    meeting = Meeting(held_on=held_on, kind=kind.value, note=note.strip())
    pair.meetings.append(meeting)
    session.flush()
    return meeting.id


def delete_meeting(session: Session, meeting_id: int) -> None:
    session.execute(delete(Meeting).where(Meeting.id == meeting_id))


# --- the networking questionnaire ----------------------------------------------------


def set_preferences(
    session: Session, chooser_id: int, as_mentee: bool, chosen: Sequence[int]
) -> None:
    """Up to three ranked choices; as_mentee: the chooser names mentors, else mentees."""
    ranked = list(dict.fromkeys(c for c in chosen if c != chooser_id))
    if len(ranked) > 3:
        raise PairError("В анкете не больше трёх предпочтений")
    session.execute(
        delete(Preference).where(
            Preference.chooser_id == chooser_id, Preference.as_mentee == as_mentee
        )
    )
    for rank, chosen_id in enumerate(ranked, start=1):
        session.add(Preference(chooser_id=chooser_id, as_mentee=as_mentee, rank=rank,
                               chosen_id=chosen_id))  # fmt: skip


# --- settings ------------------------------------------------------------------------


def load_setting(session: Session, key: str) -> Any:
    value = session.get(Setting, key)
    return json.loads(value.value) if value else None


def save_setting(session: Session, key: str, value: Any) -> None:
    session.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))


# --- undo: whole pairs as data -------------------------------------------------------

_PAIR_COLUMNS = [c.name for c in Mentorship.__table__.columns]


def snapshot(session: Session, ids: Iterable[int]) -> dict[int, dict[str, Any] | None]:
    """Each pair with everything it owns, as plain data; None for a pair that does not exist."""
    session.flush()
    result: dict[int, dict[str, Any] | None] = {}
    for mentorship_id in ids:
        pair = session.get(Mentorship, mentorship_id)
        if pair is None:
            result[mentorship_id] = None
            continue
        result[mentorship_id] = {
            "pair": {name: getattr(pair, name) for name in _PAIR_COLUMNS},
            "mentees": [(m.participant_id, m.position) for m in pair.mentees],
            "events": [(e.id, e.happened_on, e.kind, e.text) for e in pair.events],
            "plan": [(i.id, i.position, i.text, i.due_on, i.done_on) for i in pair.plan],
            "meetings": [(m.id, m.held_on, m.kind, m.note) for m in pair.meetings],
        }
    return result


class StaleUndo(PairError):
    """The pairs changed after the board action (an order, a program, a meeting)."""


def restore(
    session: Session,
    state: dict[int, dict[str, Any] | None],
    expected: dict[int, dict[str, Any] | None] | None = None,
) -> None:
    """Put pairs back exactly as a snapshot had them (same ids), or remove them.

    expected: how the pairs must look now (the other side of the undo); anything else
    means they were changed since by something the undo stack does not know (an order
    issued, a program edited, a meeting logged), and nothing is touched. A pair that
    stays is updated in place, never deleted and re-made, so what points at it (the
    orders journal) keeps pointing at it.
    """
    if expected is not None and snapshot(session, state) != expected:
        raise StaleUndo(
            "После этого действия пары уже менялись (приказ, программа, встречи): "
            "отменить его нельзя, чтобы не потерять эти изменения."
        )
    session.flush()
    for mentorship_id, data in state.items():
        exists = session.get(Mentorship, mentorship_id) is not None
        if data is None:
            if exists:
                session.execute(delete(Mentorship).where(Mentorship.id == mentorship_id))
            continue
        columns = {k: v for k, v in data["pair"].items() if k != "id"}
        if exists:
            session.execute(
                update(Mentorship).where(Mentorship.id == mentorship_id).values(**columns)
            )
        else:
            session.execute(insert(Mentorship), [data["pair"]])
        for table in (MentorshipMentee, MentorshipEvent, PlanItem, Meeting):
            session.execute(delete(table).where(table.mentorship_id == mentorship_id))
        rows = [{"mentorship_id": mentorship_id, "participant_id": p, "position": n}
                for p, n in data["mentees"]]  # fmt: skip
        if rows:
            session.execute(insert(MentorshipMentee), rows)
        for model, keys, values in (
            (MentorshipEvent, ("id", "happened_on", "kind", "text"), data["events"]),
            (PlanItem, ("id", "position", "text", "due_on", "done_on"), data["plan"]),
            (Meeting, ("id", "held_on", "kind", "note"), data["meetings"]),
        ):
            if values:
                session.execute(
                    insert(model),
                    [{"mentorship_id": mentorship_id, **dict(zip(keys, v, strict=True))}
                     for v in values],
                )  # fmt: skip
    session.expire_all()  # the identity map must show what the rows now hold


def count_live(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Mentorship)
                              .where(Mentorship.status.in_(LIVE))) or 0)  # fmt: skip
