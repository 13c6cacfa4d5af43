"""Monitoring's writes: the contingent, the chosen indicator set, survey answers, the SWOT
table (этап 1) and the growth parameters (этап 2), each refused with a Russian message.

Writes take an ORM session inside the caller's transaction (ui.context.AppContext.action);
the reads for display are in queries.monitoring.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mentor_desk.queries.monitoring import REFERENCE_SETTING, SET_SETTING
from mentor_desk.storage.models import (
    ContingentFigure,
    GrowthMeasurement,
    GrowthParameter,
    IndicatorSetCopy,
    Participant,
    Setting,
    SurveyResponse,
    SwotItem,
)

QUADRANTS = ("strength", "weakness", "opportunity", "threat")
QUADRANT_LABELS = {
    "strength": "Сильные стороны",
    "weakness": "Слабые стороны",
    "opportunity": "Возможности",
    "threat": "Угрозы",
}
AUDIENCES = ("students", "teachers", "all")
AUDIENCE_LABELS = {"students": "обучающиеся", "teachers": "педагоги", "all": "все"}
ROLES = ("mentee", "mentor")
FIGURE_MAX = 10_000_000  # more than any territory has; a bigger number is a typing slip


class MonitoringError(ValueError):
    """A monitoring action that the rules refuse; the message is for the user."""


def _set_setting(session: Session, key: str, value: str | None) -> None:
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def choose_set(session: Session, key: str) -> None:
    """The indicator set the school reports on (the municipality's)."""
    _set_setting(session, SET_SETTING, key)


def set_reference_date(session: Session, year_start: int, on: date | None) -> None:
    """The day ages and experience are counted on for the year; None: the default."""
    if on is not None and not date(year_start, 9, 1) <= on <= date(year_start + 1, 8, 31):
        raise MonitoringError(
            f"Дата отсчёта должна лежать в {year_start}/{year_start + 1} учебном году "
            f"(с 01.09.{year_start} по 31.08.{year_start + 1})"
        )
    _set_setting(session, REFERENCE_SETTING.format(year=year_start), on.isoformat() if on else None)


def _figure(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MonitoringError("Численность — целое число не меньше нуля")
    if value > FIGURE_MAX:
        raise MonitoringError(f"Численность {value} слишком велика: проверьте число")
    return value


def set_figure(
    session: Session, year_start: int, key: str, value: int | None, *, note: str = ""
) -> None:
    """A contingent figure typed by the curator (None clears it); the register's count,
    if it was taken, stays beside it so a smaller typed figure can be flagged."""
    row = session.get(ContingentFigure, (year_start, key))
    if value is None:
        if row is not None:
            session.delete(row)
        return
    value = _figure(value)
    if row is None:
        session.add(
            ContingentFigure(year_start=year_start, key=key, value=value, note=note.strip())
        )
    else:
        row.value = value
        row.note = note.strip()


def take_from_register(
    session: Session, year_start: int, counts: Mapping[str, int], today: date
) -> None:
    """Figures counted in the register (the caller counts them by domain.kpi's rule): the
    value and the count both become the register's, dated today."""
    for key, count in counts.items():
        count = _figure(count)
        row = session.get(ContingentFigure, (year_start, key))
        if row is None:
            session.add(
                ContingentFigure(
                    year_start=year_start,
                    key=key,
                    value=count,
                    register_count=count,
                    taken_on=today,
                    note="",
                )
            )
        else:
            row.value = count
            row.register_count = count
            row.taken_on = today


def save_set_copy(session: Session, key: str, body: str) -> None:
    """A curator's indicator set (services.indicator_sets.dump_set of it)."""
    row = session.get(IndicatorSetCopy, key)
    if row is None:
        session.add(IndicatorSetCopy(key=key, body=body))
    else:
        row.body = body


def delete_set_copy(session: Session, key: str) -> None:
    row = session.get(IndicatorSetCopy, key)
    if row is not None:
        session.delete(row)
    chosen = session.get(Setting, SET_SETTING)
    if chosen is not None and chosen.value == key:
        session.delete(chosen)


# --- surveys -------------------------------------------------------------------------


def _role(role: str) -> str:
    if role not in ROLES:
        raise MonitoringError(f"Неизвестная роль респондента «{role}»")
    return role


def _respondent(session: Session, participant_id: int | None) -> int | None:
    if participant_id is not None and session.get(Participant, participant_id) is None:
        raise MonitoringError("Респондент не найден в реестре (возможно, его уже удалили)")
    return participant_id


def _answers_json(answers: Mapping[str, Any]) -> str:
    return json.dumps(dict(answers), ensure_ascii=False, sort_keys=True)


def add_responses(
    session: Session,
    year_start: int,
    role: str,
    rows: Sequence[tuple[int | None, Mapping[str, Any]]],
    *,
    source: str = "manual",
) -> list[int]:
    """Answers of several respondents (an import is one action): (participant id or None
    for an anonymous answer, {question key: value}). The caller has validated the answers
    with domain.surveys; returns the new ids."""
    role = _role(role)
    added = []
    for participant_id, answers in rows:
        response = SurveyResponse(
            year_start=year_start,
            role=role,
            participant_id=_respondent(session, participant_id),
            answers=_answers_json(answers),
            source=source,
        )
        session.add(response)
        added.append(response)
    session.flush()
    return [r.id for r in added]


def update_response(
    session: Session,
    response_id: int,
    *,
    participant_id: int | None,
    answers: Mapping[str, Any],
) -> None:
    response = session.get(SurveyResponse, response_id)
    if response is None:
        raise MonitoringError("Анкета не найдена (возможно, её уже удалили)")
    response.participant_id = _respondent(session, participant_id)
    response.answers = _answers_json(answers)


def delete_responses(session: Session, ids: Sequence[int]) -> None:
    session.execute(delete(SurveyResponse).where(SurveyResponse.id.in_(list(ids))))


# --- stage 1: SWOT -------------------------------------------------------------------


def _text(text: str, what: str) -> str:
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise MonitoringError(f"Введите {what}")
    return cleaned


def add_swot(session: Session, year_start: int, quadrant: str, text: str) -> int:
    if quadrant not in QUADRANTS:
        raise MonitoringError(f"Неизвестный раздел SWOT-анализа «{quadrant}»")
    last = session.scalars(
        select(SwotItem.position)
        .where(SwotItem.year_start == year_start, SwotItem.quadrant == quadrant)
        .order_by(SwotItem.position.desc())
    ).first()
    item = SwotItem(
        year_start=year_start,
        quadrant=quadrant,
        text=_text(text, "текст пункта"),
        position=(last + 1) if last is not None else 0,
    )
    session.add(item)
    session.flush()
    return item.id


def _swot(session: Session, item_id: int) -> SwotItem:
    item = session.get(SwotItem, item_id)
    if item is None:
        raise MonitoringError("Пункт SWOT-анализа не найден (возможно, его уже удалили)")
    return item


def edit_swot(session: Session, item_id: int, text: str) -> None:
    _swot(session, item_id).text = _text(text, "текст пункта")


def delete_swot(session: Session, ids: Sequence[int]) -> None:
    session.execute(delete(SwotItem).where(SwotItem.id.in_(list(ids))))


# --- stage 2: growth -----------------------------------------------------------------


def add_parameter(session: Session, year_start: int, name: str, audience: str) -> int:
    if audience not in AUDIENCES:
        raise MonitoringError(f"Неизвестная группа участников «{audience}»")
    name = _text(name, "название параметра")
    taken = _check_free_name(session, year_start, name)
    parameter = GrowthParameter(year_start=year_start, name=name, audience=audience, position=taken)
    session.add(parameter)
    session.flush()
    return parameter.id


def _check_free_name(
    session: Session, year_start: int, name: str, exclude: int | None = None
) -> int:
    """Refuse a name another parameter of the year has (any case); the year's count."""
    rows = session.execute(
        select(GrowthParameter.id, GrowthParameter.name).where(
            GrowthParameter.year_start == year_start
        )
    ).all()
    if any(n.casefold() == name.casefold() for pid, n in rows if pid != exclude):
        raise MonitoringError(f"Параметр «{name}» в этом году уже есть")
    return len(rows)


def _parameter(session: Session, parameter_id: int) -> GrowthParameter:
    parameter = session.get(GrowthParameter, parameter_id)
    if parameter is None:
        raise MonitoringError("Параметр не найден (возможно, его уже удалили)")
    return parameter


def rename_parameter(session: Session, parameter_id: int, name: str) -> None:
    parameter = _parameter(session, parameter_id)
    name = _text(name, "название параметра")
    _check_free_name(session, parameter.year_start, name, exclude=parameter.id)
    parameter.name = name


def delete_parameter(session: Session, parameter_id: int) -> None:
    session.delete(_parameter(session, parameter_id))


def _measure(value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MonitoringError("Значение параметра — число")
    return float(value)


def set_measurement(
    session: Session,
    parameter_id: int,
    participant_id: int,
    *,
    start: float | None,
    end: float | None,
) -> None:
    """A mentee's value of a parameter at the start and at the end of the program; both
    empty removes the measurement."""
    _parameter(session, parameter_id)
    _respondent(session, participant_id)
    start, end = _measure(start), _measure(end)
    row = session.get(GrowthMeasurement, (parameter_id, participant_id))
    if start is None and end is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(
            GrowthMeasurement(
                parameter_id=parameter_id,
                participant_id=participant_id,
                start_value=start,
                end_value=end,
            )
        )
    else:
        row.start_value, row.end_value = start, end
