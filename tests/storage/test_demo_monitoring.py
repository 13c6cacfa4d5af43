"""The demo school's monitoring: two academic years of contingent, survey answers, SWOT and
stage-2 growth, answers the questionnaire accepts, and a default set with data in both."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from statistics import mean

import pytest

from mentor_desk.demo import generate_demo
from mentor_desk.demo.monitoring import MEASURED_MAX
from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.kpi import MIN_RESPONDENTS, ContingentKey, is_counted
from mentor_desk.domain.participants import CHILDREN_7_18, Category, age_on
from mentor_desk.domain.surveys import check_answers
from mentor_desk.queries import monitoring as reads
from mentor_desk.queries import practices as practice_reads
from mentor_desk.services import kpi
from mentor_desk.services.indicator_sets import DEFAULT_SET_KEY
from mentor_desk.services.monitoring import QUADRANTS
from mentor_desk.services.practices import TITLE_MAX
from mentor_desk.services.surveys import questionnaire, survey_summary
from mentor_desk.storage.database import Database, open_database

TODAY = date(2026, 12, 7)
NOW = AcademicYear.containing(TODAY)  # 2026/2027
EARLIER = AcademicYear(NOW.start_year - 1)  # 2025/2026
YEARS = (EARLIER, NOW)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, int]]]:
    db = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    counts = generate_demo(db, students=600, teachers=60, seed=1, today=TODAY)
    yield db, counts
    db.close()


def _mean_growth(db: Database, year: AcademicYear, name: str) -> tuple[float, float, int, int]:
    """Mean start, mean change, how many measured with both values, how many fell."""
    parameter = next(p for p in reads.parameters(db.reader, year.start_year) if p.name == name)
    pairs = [
        (m.start, m.end)
        for m in reads.measurements(db.reader, year.start_year)
        if m.parameter_id == parameter.id and m.start is not None and m.end is not None
    ]
    assert pairs, (year, name)
    starts = [s for s, _ in pairs]
    changes = [e - s for s, e in pairs]
    return mean(starts), mean(changes), len(pairs), sum(1 for c in changes if c < 0)


def test_every_kind_of_record_for_both_years(demo) -> None:
    db, counts = demo
    conn = db.reader
    assert {y for y in reads.years_with_data(conn) if y >= EARLIER.start_year} >= {
        EARLIER.start_year,
        NOW.start_year,
    }
    for year in YEARS:
        start = year.start_year
        figures = reads.contingent(conn, start)
        assert set(figures) == {k.value for k in ContingentKey}, year
        assert all(f.register_count is not None and f.taken_on for f in figures.values())
        assert all(f.taken_on <= TODAY for f in figures.values() if f.taken_on)
        for key in (ContingentKey.STUDENTS_10_19, ContingentKey.ORGANIZATIONS):
            typed = figures[key.value]
            assert typed.value > (typed.register_count or 0), (year, key)
            assert typed.note and not typed.below_register
        assert not any(f.below_register for f in figures.values())
        roles = Counter(r.role for r in reads.responses(conn, start))
        assert roles["mentee"] >= 20 and roles["mentor"] >= 10, (year, roles)
        quadrants = Counter(row.quadrant for row in reads.swot(conn, start))
        assert set(quadrants) == set(QUADRANTS)
        assert all(3 <= n <= 5 for n in quadrants.values()), quadrants
        names = {p.name: p.audience for p in reads.parameters(conn, start)}
        assert names == {
            "Средний балл": "students",
            "Мотивация к учёбе (1–10)": "students",
            "Методическое мастерство (1–10)": "teachers",
        }
        assert len(reads.measurements(conn, start)) >= 30, year
    assert counts["mentee_responses"] == sum(
        1 for y in YEARS for r in reads.responses(conn, y.start_year) if r.role == "mentee"
    )
    assert counts["measurements"] == sum(len(reads.measurements(conn, y.start_year)) for y in YEARS)


def test_the_choices_stay_default(demo) -> None:
    db, _ = demo
    assert reads.chosen_set(db.reader) is None
    for year in YEARS:
        assert not reads.reference_date_is_set(db.reader, year)
    assert kpi.chosen_set(db.reader).key == DEFAULT_SET_KEY


def test_answers_pass_the_questionnaire(demo) -> None:
    db, _ = demo
    q = questionnaire()
    pairs = reads.pair_facts(db.reader)
    opened = 0
    for year in YEARS:
        counted = [p for p in pairs if is_counted(p, year)]
        in_role = {
            "mentor": {p.mentor_id for p in counted},
            "mentee": {i for p in counted for i in p.mentee_ids},
        }
        rows = reads.responses(db.reader, year.start_year)
        named = [r for r in rows if r.participant_id is not None]
        assert 0 < len(named) < len(rows) / 2, "some named, most anonymous"
        assert len({(r.role, r.participant_id) for r in named}) == len(named)
        for row in rows:
            assert check_answers(q, row.role, row.answers) == row.answers
            assert {"form", "meetings", "again", "overall"} <= set(row.answers)
            if row.participant_id is not None:
                assert row.participant_id in in_role[row.role], (year, row)
                assert row.respondent
            opened += sum(1 for k in ("liked", "improve") if k in row.answers)
        scores = [
            s
            for r in rows
            for k, s in r.answers.items()
            if q.question(k) is not None and q.question(k).kind == "score"  # type: ignore[union-attr]
        ]
        assert min(scores) <= 5 and max(scores) == 10
        assert sum(1 for s in scores if s >= 6) > 0.75 * len(scores)
    assert opened >= 10
    texts = {
        t
        for y in YEARS
        for r in reads.responses(db.reader, y.start_year)
        for t in (r.answers.get("liked"), r.answers.get("improve"))
        if t
    }
    assert "Стало проще готовиться к олимпиаде" in texts or len(texts) >= 8


def test_satisfaction_grows_from_the_earlier_year(demo) -> None:
    db, _ = demo
    for role in ("mentee", "mentor"):
        earlier = survey_summary(db.reader, EARLIER.start_year, role)
        now = survey_summary(db.reader, NOW.start_year, role)
        assert earlier.scored >= MIN_RESPONDENTS and now.scored >= MIN_RESPONDENTS
        assert earlier.satisfied_percent is not None and now.satisfied_percent is not None
        assert earlier.satisfied_percent < now.satisfied_percent, role
        assert 50 <= earlier.satisfied_percent < 100
        assert earlier.satisfied < earlier.scored, "some unhappy respondents the year before"


def test_no_more_respondents_than_participants(demo) -> None:
    db, _ = demo
    pairs = reads.pair_facts(db.reader)
    for year in YEARS:
        counted = [p for p in pairs if is_counted(p, year)]
        mentees = {i for p in counted for i in p.mentee_ids}
        roles = Counter(r.role for r in reads.responses(db.reader, year.start_year))
        assert roles["mentee"] <= len(mentees)
        assert roles["mentor"] <= len({p.mentor_id for p in counted})


def test_growth_is_positive_on_average_with_some_declines(demo) -> None:
    db, _ = demo
    declines = 0
    for year in YEARS:
        mark_start, mark_change, measured, fell = _mean_growth(db, year, "Средний балл")
        assert 2.9 <= mark_start <= 3.6 and 0.1 <= mark_change <= 0.7, (year, mark_start)
        declines += fell
        assert fell < measured / 3
        for name in ("Мотивация к учёбе (1–10)", "Методическое мастерство (1–10)"):
            _, change, measured, fell = _mean_growth(db, year, name)
            assert change > 0, (year, name)
            declines += fell
        for m in reads.measurements(db.reader, year.start_year):
            for value in (m.start, m.end):
                assert value is None or 1.0 <= value <= 10.0
    assert declines >= 3, "a few mentees fell back"
    assert _mean_growth(db, EARLIER, "Средний балл")[1] < _mean_growth(db, NOW, "Средний балл")[1]


def test_measured_people_are_mentees_of_the_year_of_the_parameters_group(demo) -> None:
    db, _ = demo
    pairs = reads.pair_facts(db.reader)
    people = reads.names(db.reader)
    for year in YEARS:
        mentees = {i for p in pairs if is_counted(p, year) for i in p.mentee_ids}
        audience = {p.id: p.audience for p in reads.parameters(db.reader, year.start_year)}
        measured: dict[str, set[int]] = {"students": set(), "teachers": set()}
        for m in reads.measurements(db.reader, year.start_year):
            assert m.participant_id in mentees
            category = people[m.participant_id].category
            wanted = (
                Category.STUDENT if audience[m.parameter_id] == "students" else Category.TEACHER
            )
            assert category is wanted
            measured[audience[m.parameter_id]].add(m.participant_id)
        students = {i for i in mentees if people[i].category is Category.STUDENT}
        assert len(measured["students"]) >= 0.6 * len(students), "most mentees are measured"
        assert measured["teachers"], year
        assert len(measured["students"]) <= MEASURED_MAX


def test_about_forty_percent_of_the_children_are_in_dop(demo) -> None:
    db, counts = demo
    rows = db.reader.execute("SELECT category, birth_date, in_dop FROM participant").fetchall()
    children = [
        bool(dop)
        for category, birth, dop in rows
        if category == Category.STUDENT.value
        and age_on(date.fromisoformat(birth), NOW.reference_date) in CHILDREN_7_18
    ]
    assert 0.35 <= sum(children) / len(children) <= 0.45
    assert counts["in_dop"] == sum(1 for _, _, dop in rows if dop)
    assert sum(children) == counts["in_dop"], "only students aged 7-18 are marked"


def test_every_default_indicator_has_data_in_both_years(demo) -> None:
    """All eight indicators of the municipal set have a value and a status for both years:
    the contingent gives every denominator and each role has enough respondents."""
    db, _ = demo
    indicator_set = kpi.chosen_set(db.reader)
    for year in YEARS:
        board = kpi.dashboard(db.reader, indicator_set, year)
        missing = [r.key for r in board.results if r.status == "no_data"]
        assert missing == [], (year, missing)
        assert all(r.numerator > 0 for r in board.results), year
        answered = [r.respondents for r in board.results if r.respondents is not None]
        assert len(answered) == 2 and min(answered) >= MIN_RESPONDENTS  # mentees, mentors
    now = kpi.dashboard(db.reader, indicator_set, NOW)
    trend = now.trend["mentee_satisfaction"]
    assert trend[EARLIER.start_year] is not None and trend[NOW.start_year] is not None
    assert trend[EARLIER.start_year] < trend[NOW.start_year]


def test_the_years_follow_today(tmp_path: Path) -> None:
    """A spring `today` gives the academic years it lies in and the one before."""
    spring = date(2028, 3, 15)
    db = open_database(tmp_path / "spring.sqlite3")
    try:
        generate_demo(db, students=120, teachers=15, seed=3, today=spring)
        years = {
            y
            for (y,) in db.reader.execute(
                "SELECT year_start FROM survey_response UNION SELECT year_start FROM swot_item"
                " UNION SELECT year_start FROM contingent_figure"
                " UNION SELECT year_start FROM growth_parameter"
            )
        }
        assert years == {2026, 2027}
    finally:
        db.close()


def test_the_seed_decides_the_answers(tmp_path: Path) -> None:
    def answers(name: str, seed: int) -> list[str]:
        db = open_database(tmp_path / name)
        try:
            generate_demo(db, students=120, teachers=15, seed=seed, today=TODAY)
            return [
                json.dumps(r.answers, sort_keys=True, ensure_ascii=False)
                for y in YEARS
                for r in reads.responses(db.reader, y.start_year)
            ]
        finally:
            db.close()

    first = answers("a.sqlite3", 5)
    assert first == answers("b.sqlite3", 5)
    assert first != answers("c.sqlite3", 6)


def test_a_school_without_students_still_generates(tmp_path: Path) -> None:
    db = open_database(tmp_path / "empty.sqlite3")
    try:
        counts = generate_demo(db, students=0, teachers=0, seed=1, today=TODAY)
        assert counts["in_dop"] == 0
        for year in YEARS:
            roles = Counter(r.role for r in reads.responses(db.reader, year.start_year))
            assert roles["mentee"] <= 2, "no more answers than there are mentees"
            assert len(reads.swot(db.reader, year.start_year)) >= 12
    finally:
        db.close()


def test_best_practices_of_both_years(demo) -> None:
    db, counts = demo
    found = {y: practice_reads.practices(db.reader, y.start_year) for y in YEARS}
    assert all(2 <= len(rows) <= 3 for rows in found.values()), found
    assert counts["practices"] == sum(len(rows) for rows in found.values())
    for rows in found.values():
        assert [r.position for r in rows] == list(range(len(rows)))
        for row in rows:
            assert row.title and len(row.title) <= TITLE_MAX
            assert row.description and row.results
            assert any(ch.isdigit() for ch in row.results), "results in figures"
            assert row.form == "" or row.form_label != row.form
    titles = [r.title for r in found[EARLIER]]
    assert titles[0].startswith("Клуб юных инженеров")
    assert {r.form for r in found[NOW]} >= {"", "student_student"}
