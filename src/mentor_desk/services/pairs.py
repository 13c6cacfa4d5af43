"""Pairs and groups: make, change, approve, start, end; programs, meetings, questionnaire.

Writes take an ORM session inside one transaction (ui.context.AppContext.action). Every
board action can be undone: snapshot() before and after, restore() puts either back.
The rules are domain.pairs's (allowed_actions, check_end, check_extension, …): the
dialogs call the same functions to show a message early, the services enforce them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from mentor_desk.domain.dates import format_date
from mentor_desk.domain.pairs import (
    APPROVE,
    DELETE,
    END,
    EXTEND,
    FORM_KIND,
    MENTOR,
    SPLIT,
    START,
    EndReason,
    EventKind,
    Form,
    Kind,
    MeetingKind,
    Status,
    allowed_actions,
    check_end,
    check_extension,
    check_mentor_change,
    check_program_term,
    check_start,
    default_program_end,
    forms_for_group,
)
from mentor_desk.domain.participants import Category, experience_on, is_young_specialist
from mentor_desk.domain.text import full_name
from mentor_desk.storage.models import (
    IssuedDocument,
    IssuedDocumentPair,
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


def _get(session: Session, mentorship_id: int) -> Mentorship:
    found = session.get(Mentorship, mentorship_id)
    if found is None:
        raise PairError("Пара или группа не найдена: возможно, её уже удалили")
    return found


def _require(pair: Mentorship, action: str, message: str) -> None:
    """Refuse an action the pair's status does not allow (domain.pairs.allowed_actions)."""
    if action not in allowed_actions(pair.status):
        raise PairError(message)


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
    """The forms every mentee allows with this mentor: the form follows the roles (and, for
    a partner, his organization: domain.pairs.forms_for)."""
    mentor = _person(session, mentor_id)
    mentees = [_person(session, m) for m in mentee_ids]
    return forms_for_group(
        Category(mentor.category),
        [(Category(m.category), _young(m, today)) for m in mentees],
        mentor.organization or "",
    )


def _event(pair: Mentorship, kind: EventKind, on: date, text: str = "") -> None:
    pair.events.append(MentorshipEvent(happened_on=on, kind=kind.value, text=text))


def _switched(old_form: str, old_kind: str, pair: Mentorship) -> str:
    """«форма: A → B; вид: C → D» for what changed; empty when nothing did."""
    parts = []
    if old_form != pair.form:
        parts.append(f"форма: {Form(old_form).label} → {Form(pair.form).label}")
    if old_kind != pair.kind:
        parts.append(f"вид: {Kind(old_kind).label} → {Kind(pair.kind).label}")
    return "; ".join(parts)


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


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
    """Add a mentee to a pair, which makes it a group; a switch of form is in the history."""
    pair = _get(session, mentorship_id)
    if pair.status == Status.ENDED.value:
        raise PairError("Группа завершена: в неё нельзя добавить наставляемого")
    mentee = _check_mentee(session, pair.mentor_id, mentee_id)
    ids = [m.participant_id for m in pair.mentees] + [mentee_id]
    forms = allowed_forms(session, pair.mentor_id, ids, today)
    if not forms:
        raise PairError(f"{_name(mentee)} не подходит к форме этой группы")
    old_form, old_kind = pair.form, pair.kind
    if Form(pair.form) not in forms:
        pair.form = forms[0].value
    if pair.kind == Kind.TRADITIONAL.value:
        pair.kind = Kind.GROUP.value
    position = max((m.position for m in pair.mentees), default=-1) + 1
    pair.mentees.append(MentorshipMentee(participant_id=mentee_id, position=position))
    if pair.status != Status.DRAFT.value:
        text = _joined(_name(mentee), _switched(old_form, old_kind, pair))
        _event(pair, EventKind.MENTEE_ADDED, today, text)


def remove_mentee(
    session: Session, mentorship_id: int, mentee_id: int, today: date, note: str = ""
) -> bool:
    """Take a mentee out; a draft left with nobody is deleted. True if the pair is gone.

    note: the curator's reason, kept with «выбыл наставляемый» in the history.
    """
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
    old_form, old_kind = pair.form, pair.kind
    pair.mentees.remove(link)
    if len(pair.mentees) == 1 and pair.kind == Kind.GROUP.value:
        pair.kind = Kind.TRADITIONAL.value
    if pair.status != Status.DRAFT.value:
        text = _joined(
            _name(_person(session, mentee_id)), _switched(old_form, old_kind, pair), note.strip()
        )
        _event(pair, EventKind.MENTEE_REMOVED, today, text)
    return False


def move_mentee(
    session: Session,
    mentee_id: int,
    today: date,
    *,
    to_mentor: int | None = None,
    to_mentorship: int | None = None,
    note: str = "",
) -> int:
    """Put a mentee with another mentor (a new pair) or into a group; returns its pair id.

    The mentee leaves their current live pair first (a draft left empty is deleted);
    note: why, kept in that pair's history.
    """
    current = _live_pair_of(session, mentee_id)
    if current is not None and current == to_mentorship:
        return current
    if current is not None:
        remove_mentee(session, current, mentee_id, today, note)
        session.flush()
    if to_mentorship is not None:
        add_mentee(session, to_mentorship, mentee_id, today)
        return to_mentorship
    if to_mentor is None:
        raise PairError("Не указано, к кому перевести наставляемого")
    return create(session, to_mentor, [mentee_id], today)


def split_group(session: Session, mentorship_id: int, today: date) -> list[int]:
    """Each mentee of a group but the first gets a pair of their own, with the same mentor.

    A new pair keeps what the group had: status, order, dates, program, plan, meetings,
    its history so far and its place in the orders journal (the order that approved the
    group approves its parts); the kind too, except «групповая», which becomes
    «традиционная». The group logs each mentee moved out (unless it is a draft).
    """
    group = _get(session, mentorship_id)
    _require(group, SPLIT, "Завершённую группу не делят: её история остаётся как есть")
    links = sorted(group.mentees, key=lambda m: m.position)
    if len(links) < 2:
        raise PairError("Это пара, а не группа: делить нечего")
    kind = Kind.TRADITIONAL.value if group.kind == Kind.GROUP.value else group.kind
    documents = session.scalars(
        select(IssuedDocumentPair.document_id).where(IssuedDocumentPair.mentorship_id == group.id)
    ).all()
    history = [(e.happened_on, e.kind, e.text) for e in group.events]
    created = []
    for link in links[1:]:
        name = _name(_person(session, link.participant_id))
        group.mentees.remove(link)
        pair = Mentorship(
            mentor_id=group.mentor_id, form=group.form, kind=kind, status=group.status,
            order_number=group.order_number, order_date=group.order_date,
            started_on=group.started_on, ends_on=group.ends_on, goal=group.goal,
            tasks=group.tasks,
        )  # fmt: skip
        pair.mentees = [MentorshipMentee(participant_id=link.participant_id, position=0)]
        pair.plan = [PlanItem(position=i.position, text=i.text, due_on=i.due_on,
                              done_on=i.done_on) for i in group.plan]  # fmt: skip
        pair.meetings = [Meeting(held_on=m.held_on, kind=m.kind, note=m.note)
                         for m in group.meetings]  # fmt: skip
        pair.events = [MentorshipEvent(happened_on=on, kind=k, text=text)
                       for on, k, text in history]  # fmt: skip
        _event(pair, EventKind.CREATED, today, "выделена из группы")
        session.add(pair)
        session.flush()
        session.add_all(IssuedDocumentPair(document_id=d, mentorship_id=pair.id) for d in documents)
        if group.status != Status.DRAFT.value:
            _event(group, EventKind.MENTEE_REMOVED, today, f"{name}: выделен(а) в отдельную пару")
        created.append(pair.id)
    group.kind = kind
    session.flush()
    return created


def delete_draft(session: Session, mentorship_id: int) -> None:
    pair = _get(session, mentorship_id)
    _require(
        pair,
        DELETE,
        "Удалить можно только черновик. Утверждённую или действующую пару завершите "
        "с указанием причины: её история сохранится.",
    )
    session.delete(pair)


def set_form_kind(
    session: Session, mentorship_id: int, form: Form, kind: Kind, today: date
) -> None:
    """Change the form and the kind; past a draft, the change is in the history."""
    pair = _get(session, mentorship_id)
    _require(pair, FORM_KIND, "Пара завершена: форму и вид уже не изменить")
    forms = allowed_forms(session, pair.mentor_id, [m.participant_id for m in pair.mentees], today)
    if form not in forms:
        names = ", ".join(f.label for f in forms)
        raise PairError(
            f"Форма «{form.label}» не подходит к категориям участников. Возможные: {names}"
        )
    old_form, old_kind = pair.form, pair.kind
    pair.form, pair.kind = form.value, kind.value
    changed = _switched(old_form, old_kind, pair)
    if changed and pair.status != Status.DRAFT.value:
        _event(pair, EventKind.FORM_CHANGED, today, changed)


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
        _require(pair, APPROVE, "Утвердить приказом можно только черновики")
        pair.status, pair.order_number, pair.order_date = Status.APPROVED.value, number, order_date
        _event(
            pair, EventKind.APPROVED, order_date, f"приказ № {number} от {format_date(order_date)}"
        )


def start(
    session: Session,
    ids: Sequence[int],
    started_on: date,
    ends_on: date | None = None,
    *,
    today: date,
) -> None:
    """утверждена → действует; the planned end defaults to domain.default_program_end."""
    for pair in (_get(session, i) for i in ids):
        _require(pair, START, "Начать работу может только пара, утверждённая приказом")
        problem = check_start(started_on, today, pair.order_date)
        if problem:
            raise PairError(problem)
        end = ends_on or default_program_end(started_on)
        problem = check_program_term(started_on, end)
        if problem:
            raise PairError(problem)
        pair.status, pair.started_on, pair.ends_on = Status.ACTIVE.value, started_on, end
        _event(pair, EventKind.STARTED, started_on)


def end(
    session: Session,
    ids: Sequence[int],
    ended_on: date,
    reason: EndReason,
    note: str = "",
    *,
    today: date,
) -> None:
    """→ завершена, with a reason of the Volgograd Положение, п. 7.1; kept in the archive.

    Not in the future, not before the start (or the order of a pair not started). «план
    выполнен полностью» is accepted whatever the plan (the curator decides); the dialog
    warns with plan_done_warning() first.
    """
    for pair in (_get(session, i) for i in ids):
        if pair.status == Status.ENDED.value:
            raise PairError("Пара уже завершена")
        _require(pair, END, "Черновик не завершают, а удаляют")
        problem = check_end(ended_on, today, pair.started_on, pair.order_date)
        if problem:
            raise PairError(problem)
        pair.status, pair.ended_on = Status.ENDED.value, ended_on
        pair.end_reason, pair.end_note = reason.value, note.strip()
        text = reason.label + (f": {note.strip()}" if note.strip() else "")
        _event(pair, EventKind.ENDED, ended_on, text)


def extend(
    session: Session,
    mentorship_id: int,
    new_end: date,
    on: date,
    note: str = "",
    *,
    today: date,
) -> None:
    """Продление по взаимному согласию (p. 7.2): the new end and the old one stay in history.

    At most 1 year from the start (domain.check_extension); on: the day agreed, not in
    the future.
    """
    pair = _get(session, mentorship_id)
    _require(pair, EXTEND, "Продлить можно только действующую программу")
    if pair.ends_on is None:
        raise PairError("Продлить можно только действующую программу")
    if on > today:
        raise PairError("Дата продления не может быть в будущем")
    problem = check_extension(pair.started_on, pair.ends_on, new_end)
    if problem:
        raise PairError(problem)
    old = pair.ends_on
    pair.ends_on = new_end
    text = f"до {format_date(new_end)} (было до {format_date(old)})" + (f"; {note}" if note else "")
    _event(pair, EventKind.EXTENDED, on, text)


def change_mentor(
    session: Session, mentorship_id: int, new_mentor_id: int, on: date, today: date, note: str = ""
) -> None:
    """Смена наставника (p. 5.1): the program goes on with another mentor, kept in history.

    on: not in the future, not before the start (or the order of a pair not started).
    """
    pair = _get(session, mentorship_id)
    _require(pair, MENTOR, "Пара завершена: наставника не сменить")
    problem = check_mentor_change(on, today, pair.started_on, pair.order_date)
    if problem:
        raise PairError(problem)
    if new_mentor_id == pair.mentor_id:
        raise PairError("Это тот же наставник")
    ids = [m.participant_id for m in pair.mentees]
    if new_mentor_id in ids:
        raise PairError("Наставник не может быть своим наставляемым")
    forms = allowed_forms(session, new_mentor_id, ids, today)
    if not forms:
        raise PairError("Этот наставник не подходит по форме наставничества к наставляемым")
    old, new = _person(session, pair.mentor_id), _person(session, new_mentor_id)
    old_form = pair.form
    pair.mentor_id = new_mentor_id
    if Form(pair.form) not in forms:
        pair.form = forms[0].value
    text = _joined(f"{_name(old)} → {_name(new)}", _switched(old_form, pair.kind, pair), note)
    _event(pair, EventKind.MENTOR_CHANGED, on, text)


# --- the personalized program --------------------------------------------------------


def set_program(
    session: Session, mentorship_id: int, goal: str, tasks: str, ends_on: date | None
) -> None:
    """Goal and tasks; ends_on: the planned end (None: as it is).

    The planned end of a working program changes only by extend(), which keeps the old
    and the new term in the history; of an ended one, not at all.
    """
    pair = _get(session, mentorship_id)
    if ends_on is not None and ends_on != pair.ends_on:
        if pair.status == Status.ACTIVE.value:
            raise PairError(
                "Срок действующей программы меняется продлением (кнопка «Продлить…»): "
                "прежний и новый сроки попадут в историю пары"
            )
        if pair.status == Status.ENDED.value:
            raise PairError("Программа завершена: её срок уже не меняется")
        if pair.started_on is not None:
            problem = check_program_term(pair.started_on, ends_on)
            if problem:
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


def apply_preferences(session: Session, answers: Iterable[tuple[int, bool, Sequence[int]]]) -> int:
    """Replace the questionnaire answers (chooser, as_mentee, chosen) in the caller's
    transaction, e.g. those read from a file (exchange.preferences); how many written."""
    written = 0
    for chooser_id, as_mentee, chosen in answers:
        set_preferences(session, chooser_id, as_mentee, chosen)
        written += 1
    return written


# --- settings ------------------------------------------------------------------------


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
            "documents": sorted(
                session.scalars(
                    select(IssuedDocumentPair.document_id).where(
                        IssuedDocumentPair.mentorship_id == mentorship_id
                    )
                )
            ),
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
    orders journal) keeps pointing at it; a pair made again (a split redone) is linked
    again to the journal entries its snapshot lists.
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
        if "documents" in data:  # the orders journal names it again (a split redone)
            session.execute(
                delete(IssuedDocumentPair).where(IssuedDocumentPair.mentorship_id == mentorship_id)
            )
            known = set(session.scalars(
                select(IssuedDocument.id).where(IssuedDocument.id.in_(data["documents"]))
            ))  # fmt: skip
            links = [{"document_id": d, "mentorship_id": mentorship_id}
                     for d in data["documents"] if d in known]  # fmt: skip
            if links:
                session.execute(insert(IssuedDocumentPair), links)
    session.expire_all()  # the identity map must show what the rows now hold
