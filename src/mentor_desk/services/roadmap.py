"""The school's roadmap (дорожная карта): its writes, each refused with a Russian message.

Writes take an ORM session inside the caller's transaction (ui.context.AppContext.action)
and raise RoadmapError with a message for the user; the reads for display are in
queries.roadmap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentor_desk.domain.participants import Category
from mentor_desk.domain.roadmap import (
    ItemStatus,
    Template,
    done_on_problem,
    due_outside_period,
    period_problem,
)
from mentor_desk.domain.text import full_name
from mentor_desk.services.roadmap_templates import scan_templates
from mentor_desk.storage.models import Participant, Roadmap, RoadmapItem, RoadmapResponsible


class RoadmapError(ValueError):
    """A roadmap action that the rules refuse; the message is for the user."""


def _clean_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _clean_text(text: str | None) -> str:
    return (text or "").strip()


def _period(start_year: int, end_year: int, today: date) -> None:
    problem = period_problem(start_year, end_year, today)
    if problem:
        raise RoadmapError(problem)


def _title(title: str) -> str:
    cleaned = _clean_line(title)
    if not cleaned:
        raise RoadmapError("Укажите название дорожной карты")
    return cleaned


def _roadmap(session: Session, roadmap_id: int) -> Roadmap:
    roadmap = session.get(Roadmap, roadmap_id)
    if roadmap is None:
        raise RoadmapError("Дорожная карта не найдена (возможно, её уже удалили)")
    return roadmap


def _item(session: Session, item_id: int) -> RoadmapItem:
    item = session.get(RoadmapItem, item_id)
    if item is None:
        raise RoadmapError("Мероприятие не найдено (возможно, его уже удалили)")
    return item


def _items(session: Session, ids: Iterable[int]) -> list[RoadmapItem]:
    return [_item(session, i) for i in dict.fromkeys(ids)]


def _check_due(roadmap: Roadmap, due: date | None) -> None:
    """A hand-set due date lies within the years of the roadmap's period."""
    problem = due_outside_period(due, roadmap.start_year, roadmap.end_year)
    if problem:
        raise RoadmapError(problem)


def _check_done_on(on: date, today: date) -> None:
    problem = done_on_problem(on, today)
    if problem:
        raise RoadmapError(problem)


def _status(value: ItemStatus | str) -> ItemStatus:
    try:
        return ItemStatus(value)
    except ValueError:
        raise RoadmapError(f"Неизвестное состояние мероприятия: {value}") from None


def _renumber(items: Sequence[RoadmapItem]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position


def _ordered(session: Session, roadmap_id: int) -> list[RoadmapItem]:
    query = (
        select(RoadmapItem)
        .where(RoadmapItem.roadmap_id == roadmap_id)
        .order_by(RoadmapItem.position, RoadmapItem.id)
    )
    return list(session.scalars(query))


def _template(key: str) -> Template:
    """A template by key; another template's broken file does not stand in the way."""
    try:
        found = scan_templates().templates
    except OSError as error:  # the folder of templates is missing: a broken install
        raise RoadmapError(str(error)) from None
    for candidate in found:
        if candidate.key == key:
            return candidate
    raise RoadmapError(f"Нет шаблона дорожной карты «{key}»")


def create(
    session: Session,
    title: str,
    start_year: int,
    end_year: int,
    template_key: str | None,
    today: date,
) -> int:
    """A new roadmap for the period, empty or with a template's items in their order.

    The template's texts are taken word for word; its "responsible" column goes to the
    free text (the people are chosen from the register afterwards); due dates are left
    to be derived from the deadlines as written.
    """
    name = _title(title)
    _period(start_year, end_year, today)
    roadmap = Roadmap(title=name, start_year=start_year, end_year=end_year, template="")
    if template_key:
        chosen = _template(template_key)
        roadmap.template = template_key
        roadmap.items = [
            RoadmapItem(
                position=n,
                section=t.section or "",
                activity=t.activity,
                deadline_text=t.deadline or "",
                responsible_text=t.responsible or "",
                expected_result=t.expected_result or "",
                indicator=t.indicator or "",
                status=ItemStatus.NOT_STARTED.value,
            )
            for n, t in enumerate(chosen.items)
        ]
    session.add(roadmap)
    session.flush()
    return roadmap.id


def rename(session: Session, roadmap_id: int, title: str) -> None:
    _roadmap(session, roadmap_id).title = _title(title)


def set_period(
    session: Session, roadmap_id: int, start_year: int, end_year: int, today: date
) -> None:
    """Change the period; derived due dates follow it, hand-set ones must stay inside."""
    roadmap = _roadmap(session, roadmap_id)
    _period(start_year, end_year, today)
    roadmap.start_year, roadmap.end_year = start_year, end_year
    for item in roadmap.items:
        _check_due(roadmap, item.due_on)


def delete_roadmap(session: Session, roadmap_id: int) -> None:
    """The roadmap with all its items and their responsible persons."""
    session.delete(_roadmap(session, roadmap_id))


def _check_people(session: Session, participant_ids: Sequence[int]) -> list[int]:
    """Responsible persons are the school's staff (педагоги, руководители) in the register."""
    ids = list(dict.fromkeys(participant_ids))
    for pid in ids:
        person = session.get(Participant, pid)
        if person is None:
            raise RoadmapError("Участник не найден в реестре (возможно, его удалили)")
        name = full_name(person.last_name, person.first_name, person.middle_name)
        if not Category(person.category).is_staff:
            raise RoadmapError(
                f"{name} — не сотрудник школы. Ответственными из реестра назначаются "
                "педагоги и руководители; других впишите текстом"
            )
        if person.archived_at is not None:
            raise RoadmapError(f"{name} в архиве: ответственным не назначить")
    return ids


def _replace_people(item: RoadmapItem, ids: Sequence[int]) -> None:
    wanted = set(ids)
    item.responsible = [r for r in item.responsible if r.participant_id in wanted]
    have = {r.participant_id for r in item.responsible}
    item.responsible.extend(RoadmapResponsible(participant_id=p) for p in ids if p not in have)


def add_item(
    session: Session,
    roadmap_id: int,
    section: str,
    activity: str,
    *,
    deadline_text: str = "",
    due_on: date | None = None,
    responsible: Sequence[int] = (),
    responsible_text: str = "",
    expected_result: str = "",
    indicator: str = "",
    note: str = "",
    position: int | None = None,
    status: ItemStatus | str = ItemStatus.NOT_STARTED,
    done_on: date | None = None,
    today: date | None = None,
) -> int:
    """A new item at `position` (0-based; later ones move down) or last.

    Not started, unless a status (and date done) is given: then as update_item sets them,
    which needs `today` (a date done is never in the future).
    """
    roadmap = _roadmap(session, roadmap_id)
    text = _clean_line(activity)
    if not text:
        raise RoadmapError("Укажите мероприятие")
    _check_due(roadmap, due_on)
    item = RoadmapItem(
        section=_clean_line(section),
        activity=text,
        deadline_text=_clean_line(deadline_text),
        due_on=due_on,
        responsible_text=_clean_text(responsible_text),
        expected_result=_clean_text(expected_result),
        indicator=_clean_text(indicator),
        note=_clean_text(note),
        status=ItemStatus.NOT_STARTED.value,
    )
    _replace_people(item, _check_people(session, responsible))
    items = _ordered(session, roadmap_id)
    at = len(items) if position is None else max(0, min(position, len(items)))
    items.insert(at, item)
    item.roadmap_id = roadmap_id
    session.add(item)
    _renumber(items)
    if _status(status) is not ItemStatus.NOT_STARTED or done_on is not None:
        if today is None:
            raise TypeError("add_item: today is needed to set a status")
        _apply_status(item, _status(status), done_on, today)
    session.flush()
    return item.id


_LINES = ("section", "activity", "deadline_text")
_TEXTS = ("responsible_text", "expected_result", "indicator", "note")
ITEM_FIELDS = frozenset((*_LINES, *_TEXTS, "due_on", "status", "done_on", "responsible"))


def update_item(session: Session, item_id: int, *, today: date, **fields: Any) -> None:
    """Change any of ITEM_FIELDS of one item (the edit dialog).

    "responsible" is the list of participant ids (replaces the persons). A status other
    than done clears the date done; done keeps the given date done, else today's; a date
    done alone marks the item done.
    """
    unknown = set(fields) - ITEM_FIELDS
    if unknown:
        raise TypeError(f"unknown roadmap item fields: {sorted(unknown)}")
    item = _item(session, item_id)
    roadmap = _roadmap(session, item.roadmap_id)
    for name in _LINES:
        if name in fields:
            setattr(item, name, _clean_line(fields[name]))
    for name in _TEXTS:
        if name in fields:
            setattr(item, name, _clean_text(fields[name]))
    if not item.activity:
        raise RoadmapError("Укажите мероприятие")
    if "due_on" in fields:
        _check_due(roadmap, fields["due_on"])
        item.due_on = fields["due_on"]
    if "responsible" in fields:
        _replace_people(item, _check_people(session, fields["responsible"]))
    if "status" in fields or "done_on" in fields:
        done_on = fields.get("done_on", item.done_on)
        if "status" in fields:
            status = _status(fields["status"])
        else:
            status = ItemStatus.DONE if done_on else _status(item.status)
        _apply_status(item, status, fields.get("done_on"), today, keep=done_on)


def _apply_status(
    item: RoadmapItem,
    status: ItemStatus,
    done_on: date | None,
    today: date,
    *,
    keep: date | None = None,
) -> None:
    """Done keeps the date given (else `keep`, the item's own, else today's; never in the
    future); another status with a date done is refused, without one clears it."""
    if status is ItemStatus.DONE:
        on = done_on or keep or today
        _check_done_on(on, today)
    elif done_on is not None:
        raise RoadmapError("Дата выполнения ставится только выполненному мероприятию")
    else:
        on = None
    item.status, item.done_on = status.value, on


def move_item(session: Session, item_id: int, delta: int) -> bool:
    """Move an item up (delta < 0) or down within its roadmap; False if it cannot move."""
    item = _item(session, item_id)
    items = _ordered(session, item.roadmap_id)
    index = items.index(item)
    target = max(0, min(index + delta, len(items) - 1))
    if target == index:
        _renumber(items)
        return False
    items.insert(target, items.pop(index))
    _renumber(items)
    return True


def delete_items(session: Session, ids: Sequence[int]) -> None:
    """Delete items (with their responsible persons); the rest are numbered again."""
    items = _items(session, ids)
    roadmaps = {item.roadmap_id for item in items}
    for item in items:
        session.delete(item)
    session.flush()
    for roadmap_id in sorted(roadmaps):
        _renumber(_ordered(session, roadmap_id))


def mark_done(session: Session, ids: Sequence[int], on: date, *, today: date) -> None:
    """Выполнено, on the given day (not in the future): one action for the selected items."""
    _check_done_on(on, today)
    for item in _items(session, ids):
        item.status, item.done_on = ItemStatus.DONE.value, on


def set_status(
    session: Session, ids: Sequence[int], status: ItemStatus | str, *, today: date
) -> None:
    """Set the status; done dates today what was not done yet, other statuses clear it."""
    new = _status(status)
    for item in _items(session, ids):
        if new is ItemStatus.DONE:
            item.done_on = item.done_on if item.status == ItemStatus.DONE.value else today
        else:
            item.done_on = None
        item.status = new.value


def set_responsible(
    session: Session, ids: Sequence[int], participant_ids: Sequence[int], text: str | None
) -> None:
    """Bulk: the selected items get these persons (replacing theirs); text None keeps theirs."""
    people = _check_people(session, participant_ids)
    for item in _items(session, ids):
        _replace_people(item, people)
        if text is not None:
            item.responsible_text = _clean_text(text)


def add_responsible(
    session: Session, ids: Sequence[int], participant_ids: Sequence[int], text: str | None
) -> None:
    """Bulk: the selected items get these persons besides their own; text None keeps theirs.

    An item that gains someone has all its persons checked again, as in the edit dialog.
    """
    for item in _items(session, ids):
        have = [r.participant_id for r in item.responsible]
        new = [p for p in dict.fromkeys(participant_ids) if p not in have]
        if new:
            _replace_people(item, _check_people(session, [*have, *new]))
        if text is not None:
            item.responsible_text = _clean_text(text)


def set_deadline(session: Session, ids: Sequence[int], text: str, due: date | None) -> None:
    """Bulk: the deadline as written and the due date set by hand (None: derive it)."""
    deadline = _clean_line(text)
    for item in _items(session, ids):
        _check_due(_roadmap(session, item.roadmap_id), due)
        item.deadline_text, item.due_on = deadline, due
