"""The итоговый аналитический отчёт of a year: the dashboard's figures, the pairs, the
roadmap, the surveys with the SWOT table, the stage-2 growth and the best practices,
gathered for documents.analytic_report. The GUI's button and `mentor-desk` both call
report_data()."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

from mentor_desk.documents import analytic_report as doc
from mentor_desk.documents.charts import FormCounts, RoadmapCounts, score_counts
from mentor_desk.domain.growth import GrowthValue, summarize_growth
from mentor_desk.domain.kpi import is_counted
from mentor_desk.domain.pairs import Form, Status
from mentor_desk.domain.surveys import respondent_score
from mentor_desk.queries import monitoring as reads
from mentor_desk.queries import practices as practice_reads
from mentor_desk.queries.profile import SchoolProfile, load_profile
from mentor_desk.queries.roadmap import roadmap_summary
from mentor_desk.services.documents.signatures import (
    first_line,
    initials_last,
    name_and_position,
    place_of,
)
from mentor_desk.services.kpi import Dashboard, year_label
from mentor_desk.services.surveys import questionnaire, survey_summary

_FORMS = {f.value: f for f in Form}
CURATOR_POSITION = "Куратор программы наставничества"


def _pairs(conn: sqlite3.Connection, board: Dashboard) -> list[FormCounts]:
    """The pairs and groups counted for the year, by form and state."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for pair in reads.pair_facts(conn):
        if is_counted(pair, board.year):
            form = _FORMS.get(pair.form)
            counts[form.label if form else pair.form][pair.status] += 1
    order = {f.label: n for n, f in enumerate(Form)}
    ordered = sorted(counts.items(), key=lambda kv: order.get(kv[0], len(order)))
    return [FormCounts(form, {Status(s): n for s, n in by.items()}) for form, by in ordered]


def _roadmap(conn: sqlite3.Connection, today: date) -> RoadmapCounts | None:
    summary = roadmap_summary(conn, today)
    if not summary["total"]:
        return None
    by = summary["by_status"]
    return RoadmapCounts(by["done"], by["in_progress"], by["overdue"], by["not_started"])


def _surveys(conn: sqlite3.Connection, year_start: int) -> list[doc.SurveySummary]:
    form = questionnaire()
    found = []
    for role in ("mentee", "mentor"):
        summary = survey_summary(conn, year_start, role)
        if not summary.respondents:
            continue
        scores = [s for r in reads.responses(conn, year_start, role)
                  if (s := respondent_score(form, role, r.answers)) is not None]  # fmt: skip
        found.append(
            doc.SurveySummary(
                role=role,
                respondents=summary.respondents,
                mean_score=sum(scores) / len(scores) if scores else None,
                satisfied_share=summary.satisfied_percent,
                questions=[
                    doc.QuestionMean(q.question.text, q.mean, q.answered)
                    for q in summary.questions
                    if q.question.kind == "score"
                ],
                closed=[
                    doc.ClosedQuestion(q.question.text, q.choices)
                    for q in summary.questions
                    if q.question.kind == "choice"
                ],
                score_counts=score_counts(scores),
            )
        )
    return found


def _growth(conn: sqlite3.Connection, board: Dashboard) -> list[doc.GrowthRow]:
    forms = {m.participant_id: m.form for m in reads.growth_mentees(conn, board.year)}
    by_parameter: dict[int, list[GrowthValue]] = defaultdict(list)
    for m in reads.measurements(conn, board.year.start_year):
        if m.participant_id in forms:
            by_parameter[m.parameter_id].append(
                GrowthValue(forms[m.participant_id], m.start, m.end)
            )
    rows = []
    for parameter in reads.parameters(conn, board.year.start_year):
        for line in summarize_growth(by_parameter.get(parameter.id, [])):
            if line.measured:
                rows.append(
                    doc.GrowthRow(
                        parameter.name,
                        line.label,
                        line.measured,
                        line.mean_start,
                        line.mean_end,
                        line.mean_growth,
                    )
                )
    return rows


def report_data(conn: sqlite3.Connection, board: Dashboard, today: date) -> doc.AnalyticReport:
    """Everything the report says about the dashboard's year, as of today."""
    profile = load_profile(conn) or SchoolProfile.blank(today)
    curator, position = name_and_position(first_line(profile.curators))
    swot: dict[str, list[str]] = defaultdict(list)
    for item in reads.swot(conn, board.year.start_year):
        swot[item.quadrant].append(item.text)
    return doc.AnalyticReport(
        org_full_name=profile.full_name or profile.short_name,
        municipality=profile.municipality,
        place=place_of(profile),
        year=year_label(board.year),
        reference_date=board.reference_date,
        set_title=board.indicator_set.title,
        set_source=board.indicator_set.source,
        curator_name=initials_last(curator),  # «Н.С. Соболева», as the director signs
        director_name=initials_last(profile.director_name),
        indicators=[
            replace(doc.IndicatorRow.from_result(r), denominator_source=board.denominator_source(r))
            for r in board.results
        ],
        pairs=_pairs(conn, board),
        roadmap=_roadmap(conn, today),
        surveys=_surveys(conn, board.year.start_year),
        swot=dict(swot),
        growth=_growth(conn, board),
        practices=[
            doc.Practice(p.title, p.form_label, p.description, p.results)
            for p in practice_reads.practices(conn, board.year.start_year)
        ],
        curator_position=(position[:1].upper() + position[1:])
        or "Куратор программы наставничества",
        director_position=profile.director_position or "Директор",
        report_date=today,
    )
