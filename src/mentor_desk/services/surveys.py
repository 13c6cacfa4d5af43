"""Satisfaction surveys: the shipped questionnaire, respondents matched to the register by
name, an import of answers written in one transaction, and the scores the satisfaction
indicators count.

Writes take the caller's session (one user action, one transaction); services.monitoring
stores the answers.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from sqlalchemy.orm import Session

from mentor_desk import paths
from mentor_desk.domain.surveys import (
    Questionnaire,
    SurveyError,
    SurveySummary,
    check_answers,
    check_role,
    parse_questionnaire,
    role_scores,
    summarize,
)
from mentor_desk.domain.text import fold, full_name
from mentor_desk.queries import monitoring as reads
from mentor_desk.queries.people import named_people
from mentor_desk.services import monitoring
from mentor_desk.storage.database import session_connection

SURVEYS_FOLDER = "surveys"
SATISFACTION_FILE = "satisfaction.json"


@cache
def questionnaire() -> Questionnaire:
    """The shipped satisfaction questionnaire (resources/surveys/satisfaction.json)."""
    path = paths.resource(SURVEYS_FOLDER, SATISFACTION_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SurveyError(
            f"Файл анкеты {path} не читается ({exc}). Переустановите программу."
        ) from exc
    return parse_questionnaire(data)


# --- respondents by name ---------------------------------------------------------------


@dataclass(frozen=True)
class NameMatches:
    """The participant id for each name (None: anonymous), and why a name was not used."""

    ids: list[int | None]
    warnings: list[str] = field(default_factory=list)


def _register(session: Session) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Ids by folded full name and by folded «Фамилия Имя»."""
    by_full: dict[str, list[int]] = defaultdict(list)
    by_short: dict[str, list[int]] = defaultdict(list)
    for person in named_people(session_connection(session)):
        last, first, middle = person.last_name, person.first_name, person.middle_name
        by_full[fold(full_name(last, first, middle))].append(person.id)
        by_short[fold(full_name(last, first, ""))].append(person.id)
    return by_full, by_short


def match_names(session: Session, names: Sequence[str | None]) -> NameMatches:
    """Each respondent's name matched to the register: «Фамилия Имя Отчество» exactly (case,
    ё and spaces aside), or «Фамилия Имя» when only one person has them. A name found for
    nobody or for several people leaves the answer anonymous, with a warning."""
    by_full, by_short = _register(session)
    ids: list[int | None] = []
    warnings: list[str] = []
    for raw in names:
        name = " ".join((raw or "").split())
        if not name:
            ids.append(None)
            continue
        key = fold(name)
        found = by_full.get(key) or (by_short.get(key) if len(key.split()) == 2 else None)
        if not found:
            warnings.append(f"«{name}» нет в реестре: ответ будет сохранён без имени")
            ids.append(None)
        elif len(set(found)) > 1:
            warnings.append(
                f"«{name}» в реестре несколько человек ({len(set(found))}): ответ будет "
                "сохранён без имени; выберите респондента вручную"
            )
            ids.append(None)
        else:
            ids.append(found[0])
    return NameMatches(ids, warnings)


# --- import ----------------------------------------------------------------------------


class AnswerRow(Protocol):
    """A respondent's row of an answers file (exchange.surveys.AnswerRow)."""

    @property
    def row(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str | None: ...
    @property
    def answers(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class ImportResult:
    ids: list[int]
    warnings: list[str]


def import_answers(
    session: Session,
    year_start: int,
    role: str | None,
    rows: Sequence[AnswerRow],
    *,
    source: str = "import",
    participant_ids: Sequence[int | None] | None = None,
) -> ImportResult:
    """The rows of an accepted preview as new responses, in the caller's transaction.

    role: the respondents' role for rows that name none; participant_ids: the respondents
    as the user confirmed them (None: matched by name here). Every row's answers are
    checked again, so a stale preview cannot store a bad value: a bad row raises
    monitoring.MonitoringError naming the row, and the caller's transaction writes nothing.
    """
    q = questionnaire()
    if participant_ids is None:
        matches = match_names(session, [r.name for r in rows])
        ids, warnings = matches.ids, matches.warnings
    else:
        if len(participant_ids) != len(rows):
            raise ValueError("one participant id (or None) is needed for every row")
        ids, warnings = list(participant_ids), []
    by_role: dict[str, list[tuple[int | None, Mapping[str, Any]]]] = defaultdict(list)
    for row, pid in zip(rows, ids, strict=True):
        row_role = row.role or role
        if row_role is None:
            raise monitoring.MonitoringError(f"Строка {row.row}: не указана роль респондента")
        try:
            answers = check_answers(q, check_role(row_role), row.answers)
        except SurveyError as exc:
            raise monitoring.MonitoringError(f"Строка {row.row}: {exc}") from None
        if not answers:
            raise monitoring.MonitoringError(f"Строка {row.row}: нет ни одного ответа")
        by_role[row_role].append((pid, answers))
    added: list[int] = []
    for row_role, items in by_role.items():
        added += monitoring.add_responses(session, year_start, row_role, items, source=source)
    return ImportResult(added, warnings)


# --- the indicators' figures -----------------------------------------------------------


def satisfaction_scores(conn: sqlite3.Connection, year_start: int) -> dict[str, list[float]]:
    """The respondents' scores of the year per role, as domain.kpi.compute() takes them."""
    q = questionnaire()
    return role_scores(q, ((r.role, r.answers) for r in reads.responses(conn, year_start)))


def survey_summary(conn: sqlite3.Connection, year_start: int, role: str) -> SurveySummary:
    """The year's answers of a role summarized per question (the report, the SWOT page)."""
    check_role(role)
    answers = [r.answers for r in reads.responses(conn, year_start, role)]
    return summarize(questionnaire(), role, answers)
