"""Display reads of monitoring: the facts the indicators count, the contingent, the chosen
set, survey answers, the SWOT table and the growth measurements."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.kpi import KpiPair, KpiPerson, is_counted
from mentor_desk.domain.pairs import Form
from mentor_desk.domain.participants import (
    Category,
    ConsentState,
    ConsentStatus,
    consent_state,
    experience_on,
)
from mentor_desk.domain.text import fold, full_name
from mentor_desk.queries.sql import IN_IDS, day, ids_param

SET_SETTING = "kpi.set"
REFERENCE_SETTING = "kpi.reference_date.{year}"

_CATEGORIES = {c.value: c for c in Category}
_STATUSES = {s.value: s for s in ConsentStatus}

_PEOPLE_SQL = """
    SELECT id, category, birth_date, in_dop, hire_date, experience_years, experience_as_of,
           organization, archived_at IS NOT NULL, is_mentor, is_mentee, consent_status,
           consent_date, consent_signer, representative_name
    FROM participant
"""
_PAIRS_SQL = """
    SELECT m.id, m.status, m.order_number, m.order_date, m.started_on, m.ended_on, m.form,
           m.mentor_id,
           (SELECT count(*) FROM plan_item p WHERE p.mentorship_id = m.id),
           (SELECT count(*) FROM plan_item p WHERE p.mentorship_id = m.id
                AND p.done_on IS NOT NULL)
    FROM mentorship m
"""
_MENTEES_SQL = "SELECT mentorship_id, participant_id FROM mentorship_mentee ORDER BY position"


def people_facts(conn: sqlite3.Connection, on: date) -> list[KpiPerson]:
    """Everyone in the register with the facts the indicators need, on the reference date."""
    people = []
    for (
        pid, category, birth, in_dop, hire, exp_years, exp_as_of, organization, archived,
        is_mentor, is_mentee, status, consent_date, signer, representative,
    ) in conn.execute(_PEOPLE_SQL):  # fmt: skip
        birth_date = day(birth)
        consent = consent_state(
            _STATUSES[status], day(consent_date), representative, birth_date, on, signer=signer
        )
        people.append(
            KpiPerson(
                id=pid,
                category=_CATEGORIES[category],
                birth_date=birth_date,
                in_dop=bool(in_dop),
                experience=experience_on(on, day(hire), exp_years, day(exp_as_of)),
                organization=organization,
                archived=bool(archived),
                is_mentor=bool(is_mentor),
                is_mentee=bool(is_mentee),
                consent_valid=consent is ConsentState.VALID,
            )
        )
    return people


def pair_facts(conn: sqlite3.Connection) -> list[KpiPair]:
    """Every pair and group with its order, dates, people and plan."""
    mentees: dict[int, list[int]] = defaultdict(list)
    for mentorship_id, participant_id in conn.execute(_MENTEES_SQL):
        mentees[mentorship_id].append(participant_id)
    return [
        KpiPair(
            id=mid,
            status=status,
            order_number=number or "",
            order_date=day(order_date),
            started_on=day(started),
            ended_on=day(ended),
            form=form,
            mentor_id=mentor_id,
            mentee_ids=tuple(mentees.get(mid, ())),
            plan_total=total,
            plan_done=done,
        )
        for (
            mid,
            status,
            number,
            order_date,
            started,
            ended,
            form,
            mentor_id,
            total,
            done,
        ) in conn.execute(_PAIRS_SQL)
    ]


def _setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def chosen_set(conn: sqlite3.Connection) -> str | None:
    return _setting(conn, SET_SETTING)


def reference_date(conn: sqlite3.Connection, year: AcademicYear) -> date:
    """The curator's reference date for the year, or the year's default."""
    text = _setting(conn, REFERENCE_SETTING.format(year=year.start_year))
    try:
        return date.fromisoformat(text) if text else year.reference_date
    except ValueError:  # a hand-edited file: fall back rather than fail the tab
        return year.reference_date


def reference_date_is_set(conn: sqlite3.Connection, year: AcademicYear) -> bool:
    return _setting(conn, REFERENCE_SETTING.format(year=year.start_year)) is not None


@dataclass(frozen=True)
class Figure:
    """A contingent figure as stored: the value used and what the register counted."""

    value: int
    register_count: int | None
    taken_on: date | None
    note: str

    @property
    def below_register(self) -> bool:
        """A typed figure smaller than the register's own count: a likely mistake."""
        return self.register_count is not None and self.value < self.register_count


def contingent(conn: sqlite3.Connection, year_start: int) -> dict[str, Figure]:
    rows = conn.execute(
        "SELECT key, value, register_count, taken_on, note FROM contingent_figure"
        " WHERE year_start = ?",
        (year_start,),
    )
    return {key: Figure(value, count, day(taken), note) for key, value, count, taken, note in rows}


def set_copies(conn: sqlite3.Connection) -> dict[str, str]:
    """The curator's own indicator sets: key → JSON body."""
    return dict(conn.execute("SELECT key, body FROM indicator_set_copy ORDER BY key"))


def years_with_data(conn: sqlite3.Connection) -> list[int]:
    """The academic years (start years) the database holds something for: a pair's dates,
    a contingent, survey answers, the SWOT, growth, best practices; for the trend and the
    year chooser."""
    years: set[int] = set()
    for (text,) in conn.execute(
        "SELECT coalesce(started_on, order_date) FROM mentorship"
        " WHERE coalesce(started_on, order_date) IS NOT NULL"
        " UNION SELECT ended_on FROM mentorship WHERE ended_on IS NOT NULL"
    ):
        years.add(AcademicYear.containing(date.fromisoformat(text)).start_year)
    for table in (
        "contingent_figure",
        "survey_response",
        "swot_item",
        "growth_parameter",
        "practice",
    ):
        years.update(y for (y,) in conn.execute(f"SELECT DISTINCT year_start FROM {table}"))
    return sorted(years)


# --- surveys -------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseRow:
    id: int
    role: str
    participant_id: int | None
    respondent: str  # the person's full name, or "" for an anonymous answer
    answers: dict[str, Any]
    source: str


def responses(
    conn: sqlite3.Connection, year_start: int, role: str | None = None
) -> list[ResponseRow]:
    sql = (
        "SELECT r.id, r.role, r.participant_id, p.last_name, p.first_name, p.middle_name,"
        " r.answers, r.source FROM survey_response r"
        " LEFT JOIN participant p ON p.id = r.participant_id WHERE r.year_start = ?"
    )
    params: list[Any] = [year_start]
    if role is not None:
        sql += " AND r.role = ?"
        params.append(role)
    rows = []
    for rid, r_role, pid, last, first, middle, answers, source in conn.execute(
        sql + " ORDER BY r.id", params
    ):
        try:
            parsed = json.loads(answers)
        except ValueError:
            parsed = {}
        rows.append(
            ResponseRow(
                rid,
                r_role,
                pid,
                full_name(last, first, middle) if pid is not None else "",
                parsed if isinstance(parsed, dict) else {},
                source,
            )
        )
    return rows


# --- stage 1 and stage 2 -------------------------------------------------------------


@dataclass(frozen=True)
class SwotRow:
    id: int
    quadrant: str
    text: str


def swot(conn: sqlite3.Connection, year_start: int) -> list[SwotRow]:
    return [
        SwotRow(*row)
        for row in conn.execute(
            "SELECT id, quadrant, text FROM swot_item WHERE year_start = ?"
            " ORDER BY quadrant, position, id",
            (year_start,),
        )
    ]


@dataclass(frozen=True)
class ParameterRow:
    id: int
    name: str
    audience: str


def parameters(conn: sqlite3.Connection, year_start: int) -> list[ParameterRow]:
    return [
        ParameterRow(*row)
        for row in conn.execute(
            "SELECT id, name, audience FROM growth_parameter WHERE year_start = ?"
            " ORDER BY position, id",
            (year_start,),
        )
    ]


@dataclass(frozen=True)
class MeasurementRow:
    parameter_id: int
    participant_id: int
    start: float | None
    end: float | None


def measurements(conn: sqlite3.Connection, year_start: int) -> list[MeasurementRow]:
    return [
        MeasurementRow(*row)
        for row in conn.execute(
            "SELECT m.parameter_id, m.participant_id, m.start_value, m.end_value"
            " FROM growth_measurement m JOIN growth_parameter g ON g.id = m.parameter_id"
            " WHERE g.year_start = ?",
            (year_start,),
        )
    ]


@dataclass(frozen=True)
class PersonName:
    id: int
    name: str
    category: Category
    class_name: str
    organization: str = ""


def names(conn: sqlite3.Connection, ids: list[int] | None = None) -> dict[int, PersonName]:
    """Names of people for the drill-down and the entry tables (all when ids is None)."""
    rows = conn.execute(
        "SELECT id, last_name, first_name, middle_name, category, class_name, organization"
        " FROM participant"
    )
    wanted = None if ids is None else set(ids)
    return {
        pid: PersonName(pid, full_name(last, first, middle), _CATEGORIES[cat], cls, org)
        for pid, last, first, middle, cat, cls, org in rows
        if wanted is None or pid in wanted
    }


# --- stage 2: who is measured --------------------------------------------------------


@dataclass(frozen=True)
class GrowthMentee:
    """A mentee of a pair counted for the year (domain.kpi.is_counted), as the stage-2
    table shows them: their pair's form, and the class (a student) or the position."""

    participant_id: int
    name: str
    category: Category
    class_or_position: str
    pair_id: int
    form: str  # domain.pairs.Form value
    form_label: str


def _form_label(form: str) -> str:
    known = {f.value: f for f in Form}.get(form)
    return known.label if known is not None else form


def growth_mentees(conn: sqlite3.Connection, year: AcademicYear) -> list[GrowthMentee]:
    """Every mentee of the pairs counted for the year, once, by name; a mentee in several
    such pairs is shown with the latest of them (by its start, or else its order date)."""
    latest: dict[int, tuple[date, int, str]] = {}
    for pair in pair_facts(conn):
        if not is_counted(pair, year):
            continue
        began = pair.started_on or pair.order_date or year.start
        for mentee in pair.mentee_ids:
            key = (began, pair.id, pair.form)
            if mentee not in latest or key[:2] > latest[mentee][:2]:
                latest[mentee] = key
    if not latest:
        return []
    rows = conn.execute(
        "SELECT id, last_name, first_name, middle_name, category, class_name, position"
        f" FROM participant WHERE id IN {IN_IDS}",
        (ids_param(latest),),
    )
    mentees = []
    for pid, last, first, middle, category, class_name, position in rows:
        kind = _CATEGORIES[category]
        where = class_name if kind is Category.STUDENT else position
        _, pair_id, form = latest[pid]
        mentees.append(
            GrowthMentee(
                participant_id=pid,
                name=full_name(last, first, middle),
                category=kind,
                class_or_position=(where or class_name or position or "").strip(),
                pair_id=pair_id,
                form=form,
                form_label=_form_label(form),
            )
        )
    mentees.sort(key=lambda m: (fold(m.name), m.participant_id))
    return mentees


def pair_kinds(conn: sqlite3.Connection) -> dict[int, str]:
    """Each pair's kind (domain.pairs.Kind value): the bundle counts pairs by it."""
    return dict(conn.execute("SELECT id, kind FROM mentorship"))


def setting(conn: sqlite3.Connection, key: str) -> str | None:
    """A school-wide setting kept in the database (the bundle's school id and the like)."""
    return _setting(conn, key)
