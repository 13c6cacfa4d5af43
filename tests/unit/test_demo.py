"""The demo school generator: counts, plausible people, consents, determinism, safety."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentor_desk.bootstrap import open_school_database
from mentor_desk.demo import female_surname, generate_demo, grade_sizes, load_names
from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.pairs import (
    EndReason,
    EventKind,
    Form,
    Kind,
    MeetingKind,
    Status,
    WarningKind,
    forms_for,
    group_forms,
    warnings,
)
from mentor_desk.domain.participants import (
    Category,
    ConsentState,
    ParticipantData,
    age_on,
    is_minor,
    normalize_class,
    validate,
)
from mentor_desk.domain.roadmap import (
    ItemRow,
    ItemStatus,
    RoadmapFilter,
    ShownStatus,
    filter_items,
    overdue_and_soon,
)
from mentor_desk.paths import resource
from mentor_desk.queries import roadmap as reads
from mentor_desk.queries.board import read_board
from mentor_desk.queries.people import RegisterRow, register_rows
from mentor_desk.queries.profile import load_profile
from mentor_desk.services import documents
from mentor_desk.services import participants as people
from mentor_desk.services.roadmap_templates import load_templates
from mentor_desk.services.stats import summary
from mentor_desk.storage.database import Database, open_database
from mentor_desk.storage.models import Organization, Participant, ParticipantTerm, Term

TODAY = date(2026, 11, 23)
SEPTEMBER = AcademicYear.containing(TODAY).start


def _make(path: Path, *, students: int = 300, teachers: int = 40, seed: int = 1) -> Database:
    db = open_database(path)
    generate_demo(db, students=students, teachers=teachers, seed=seed, today=TODAY)
    return db


def _rows(db: Database) -> list[RegisterRow]:
    return register_rows(db.reader, TODAY)


def _table_counts(db: Database) -> tuple[int, int, int, int]:
    with db.session() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Participant, ParticipantTerm, Term, Organization)
        )


@pytest.fixture
def school(tmp_path: Path):
    db = open_database(tmp_path / "d.sqlite3")
    counts = generate_demo(db, students=300, teachers=40, seed=1, today=TODAY)
    yield db, counts
    db.close()


def test_counts_per_category(school) -> None:
    db, counts = school
    rows = _rows(db)
    by_category = Counter(r.category for r in rows)
    assert by_category == {
        Category.STUDENT: 300,
        Category.TEACHER: 40,
        Category.HEAD: 4,  # director + 3 deputies (the 3rd from 40 teachers on)
        Category.PARENT: 5,
        Category.GRADUATE: 2,
        Category.UNIVERSITY_STUDENT: 2,
        Category.PARTNER: 3,
    }
    assert counts["participants"] == len(rows) == 356
    assert counts["students"] == 300 and counts["teachers"] == 40 and counts["heads"] == 4
    assert counts["mentors"] == sum(r.is_mentor for r in rows)
    assert counts["mentees"] == sum(r.is_mentee for r in rows)


def test_profile_is_the_demo_school(school) -> None:
    db, _ = school
    profile = load_profile(db.reader)
    assert profile is not None
    assert profile.short_name == "МБОУ СОШ № 3"
    assert "Завитинска" in profile.full_name
    assert profile.municipality == "Завитинский муниципальный округ"
    assert TODAY in profile.academic_year
    heads = [r for r in _rows(db) if r.category is Category.HEAD]
    director = next(r for r in heads if r.position == "директор")
    assert profile.director_name == director.full_name
    curators = profile.curators.splitlines()
    assert curators and all(", " in line for line in curators)


def test_classes_are_normalized_and_ages_fit_the_class(tmp_path: Path) -> None:
    db = _make(tmp_path / "d.sqlite3", students=600, teachers=60)
    students = [r for r in _rows(db) if r.category is Category.STUDENT]
    assert len(students) == 600
    sizes = Counter(r.class_name for r in students)
    assert {normalize_class(name) for name in sizes} == set(sizes)
    assert {int(name[:-1]) for name in sizes} == set(range(1, 12))
    assert {name[-1] for name in sizes} <= set("АБВ")
    assert all(15 <= size <= 35 for size in sizes.values()), sizes
    for r in students:
        grade = int(r.class_name[:-1])
        # 273-ФЗ: first grade from 6.5 years, so on 1 September a grade-N child is N+5 or N+6.
        assert age_on(r.birth_date, SEPTEMBER) in (grade + 5, grade + 6), (r.class_name, r.age)
        assert r.birth_date is not None and r.birth_date < TODAY
    db.close()


def test_grade_sizes_add_up() -> None:
    for total in (0, 1, 11, 600, 50_000):
        sizes = grade_sizes(total)
        assert len(sizes) == 11 and sum(sizes) == total
    assert grade_sizes(600)[0] > grade_sizes(600)[10]  # 10-11 are smaller than primary


def test_people_are_plausible(school) -> None:
    db, _ = school
    names = load_names()
    male_first = set(names.male_first) | set(names.patronymics)
    female_first = set(names.female_first)
    male_only_endings = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")
    phone = re.compile(r"^\+7 9\d\d \d{3}-\d\d-\d\d$")
    for r in _rows(db):
        assert r.age is not None and 5 <= r.age <= 65
        if r.first_name in male_first:
            assert r.middle_name == "" or r.middle_name.endswith("ич"), r.full_name
            assert not r.last_name.endswith(("ова", "ева", "ина", "ская", "цкая")), r.full_name
        else:
            assert r.first_name in female_first, r.full_name
            assert r.middle_name == "" or r.middle_name.endswith("на"), r.full_name
            assert not r.last_name.endswith(male_only_endings), r.full_name
        if r.category in (Category.TEACHER, Category.HEAD):
            assert 22 <= r.age <= 65
            assert r.position
            assert r.experience is not None and r.experience <= r.age - 18
        if r.category is Category.PARTNER:
            assert r.organization and r.position
        if is_minor(r.birth_date, TODAY):
            assert r.phone == r.email == ""
        assert r.phone == "" or phone.match(r.phone), r.phone
    rows = _rows(db)
    assert any(r.phone for r in rows) and any(r.email for r in rows)
    assert 0 < sum(r.archived for r in rows) < len(rows) * 0.06


def test_roles(school) -> None:
    db, _ = school
    rows = _rows(db)
    teachers = [r for r in rows if r.category is Category.TEACHER]
    young = [r for r in teachers if r.young_specialist]
    assert 2 <= len(young) <= 8
    for r in young:
        assert r.is_mentee and not r.is_mentor
        assert "молодые специалисты" in r.target_groups
        assert 1 <= len(r.requests) <= 3
    assert 0.3 <= sum(r.is_mentor for r in teachers) / len(teachers) <= 0.7
    for r in rows:
        if r.is_mentor:
            assert r.competencies, r.full_name
        if r.is_mentee:
            assert 1 <= len(r.requests) <= 3, r.full_name
            assert len(r.target_groups) <= 2
        if r.category in (Category.PARTNER, Category.GRADUATE):
            assert r.is_mentor
    students = [r for r in rows if r.category is Category.STUDENT]
    student_mentors = [r for r in students if r.is_mentor]
    assert student_mentors
    assert all(int(r.class_name[:-1]) >= 9 for r in student_mentors)
    older = [r for r in students if int(r.class_name[:-1]) >= 5]
    assert sum(r.is_mentee for r in older) / len(older) > 0.5
    assert any(r.is_mentee for r in students if int(r.class_name[:-1]) <= 4)
    assert any(r.target_groups for r in students)
    with db.session() as session:
        capacities = session.execute(
            select(Participant.category, Participant.capacity).where(Participant.is_mentor)
        ).all()
    assert all(1 <= cap <= (2 if cat == "student" else 4) for cat, cap in capacities)


def test_consents_in_every_state(school) -> None:
    db, _ = school
    rows = _rows(db)
    states = Counter(r.consent for r in rows)
    assert set(states) == set(ConsentState)
    assert states[ConsentState.VALID] / len(rows) > 0.7
    with db.session() as session:
        cards = {p.id: p for p in session.scalars(select(Participant))}
    for r in rows:
        card = cards[r.id]
        if r.consent is ConsentState.INCOMPLETE:
            # A minor when the consent was signed (perhaps an adult by now).
            assert is_minor(r.birth_date, card.consent_date) and card.consent_status == "given"
            assert card.representative_name == ""
        if r.consent is ConsentState.VALID:
            assert card.consent_date is not None and card.consent_date <= TODAY
            if is_minor(r.birth_date, TODAY):
                assert card.representative_name and card.consent_signer == card.representative_name
                # A parent of the same family: Высоцкий is the father of Высоцкая.
                parent_surname = card.representative_name.split()[0]
                assert female_surname(parent_surname) == female_surname(r.last_name)
            else:
                assert card.consent_signer == r.full_name


def test_every_card_passes_validation_but_incomplete_consents(school) -> None:
    db, _ = school
    with db.session() as session:
        for r in register_rows(db.reader, TODAY):
            data: ParticipantData = people.load(session, r.id, TODAY)
            errors = validate(data, TODAY)
            if r.consent is ConsentState.INCOMPLETE:
                assert set(errors) == {"representative_name"}
            else:
                assert errors == {}, (r.full_name, errors)


def test_same_seed_same_school_other_seed_other_school(tmp_path: Path) -> None:
    def names(path: Path, seed: int) -> list[tuple[str, date | None, str]]:
        db = _make(path, students=120, teachers=12, seed=seed)
        result = [(r.full_name, r.birth_date, r.class_name) for r in _rows(db)]
        db.close()
        return result

    first = names(tmp_path / "a.sqlite3", 5)
    assert first == names(tmp_path / "b.sqlite3", 5)
    assert first != names(tmp_path / "c.sqlite3", 6)


def test_refuses_a_database_with_people_and_leaves_it_unchanged(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.sqlite3")
    with db.transaction() as session:
        people.create(session, ParticipantData(last_name="Иванов", first_name="Иван"), TODAY)
    before = _table_counts(db)
    with pytest.raises(ValueError, match="уже есть участники"):
        generate_demo(db, students=50, teachers=5, seed=1, today=TODAY)
    assert _table_counts(db) == before == (1, 0, 0, 0)
    db.close()


def test_refuses_a_second_run(school) -> None:
    db, _ = school
    before = _table_counts(db)
    names_before = [r.full_name for r in _rows(db)]
    with pytest.raises(ValueError, match="пуст"):
        generate_demo(db, students=10, teachers=2, seed=2, today=TODAY)
    assert _table_counts(db) == before
    assert [r.full_name for r in _rows(db)] == names_before


def test_keeps_lists_already_seeded(tmp_path: Path) -> None:
    db = open_school_database(tmp_path / "d.sqlite3")
    _, _, terms_before, _ = _table_counts(db)
    generate_demo(db, students=30, teachers=5, seed=1, today=TODAY)
    assert _table_counts(db)[2] == terms_before > 0
    db.close()


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("Иванов", "Иванова"),
        ("Семёнов", "Семёнова"),
        ("Соловьёв", "Соловьёва"),
        ("Григорьев", "Григорьева"),
        ("Ильин", "Ильина"),
        ("Лисицын", "Лисицына"),
        ("Успенский", "Успенская"),
        ("Троицкий", "Троицкая"),
        ("Толстой", "Толстая"),
        ("Береговой", "Береговая"),
        ("Цой", "Цой"),
        ("Шевченко", "Шевченко"),
        ("Ким", "Ким"),
        ("Черных", "Черных"),
        ("Мельник", "Мельник"),
    ],
)
def test_female_surname(male: str, female: str) -> None:
    assert female_surname(male) == female


def test_names_file() -> None:
    raw = json.loads(resource("demo", "names.json").read_text(encoding="utf-8"))
    assert "вымышлен" in raw["_about"]
    names = load_names()
    for name in ("Пётр", "Фёдор", "Семён"):
        assert name in names.male_first
    assert "Алёна" in names.female_first
    assert "Семёнов" in names.surnames
    assert len(set(names.male_first)) >= 55 and len(set(names.female_first)) >= 55
    assert len(set(names.surnames)) >= 150
    assert len(names.patronymics) >= 40
    assert names.patronymics["Илья"] == ("Ильич", "Ильинична")
    assert names.patronymics["Пётр"] == ("Петрович", "Петровна")
    for male, female in names.patronymics.values():
        assert male.endswith("ич") and female.endswith("на")
    assert not set(names.male_first) & set(names.female_first)


# --- pairs and groups ---------------------------------------------------------------------


@dataclass
class _Pair:
    id: int
    mentor: int
    form: str
    kind: str
    status: Status
    order_number: str
    order_date: date | None
    started: date | None
    ends: date | None
    ended: date | None
    reason: str
    goal: str
    tasks: str
    mentees: list[int] = field(default_factory=list)
    events: list[tuple[int, date, EventKind, str]] = field(default_factory=list)
    plan: list[tuple[date | None, date | None]] = field(default_factory=list)
    meetings: list[tuple[date, MeetingKind]] = field(default_factory=list)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _pairs(db: Database) -> dict[int, _Pair]:
    conn = db.reader
    found = {
        row[0]: _Pair(row[0], row[1], row[2], row[3], Status(row[4]), row[5], _day(row[6]),
                      _day(row[7]), _day(row[8]), _day(row[9]), row[10], row[11], row[12])
        for row in conn.execute(
            "SELECT id, mentor_id, form, kind, status, order_number, order_date, started_on, "
            "ends_on, ended_on, end_reason, goal, tasks FROM mentorship"
        )
    }  # fmt: skip
    for pair_id, person in conn.execute(
        "SELECT mentorship_id, participant_id FROM mentorship_mentee ORDER BY position"
    ):
        found[pair_id].mentees.append(person)
    for event_id, pair_id, on, kind, text in conn.execute(
        "SELECT id, mentorship_id, happened_on, kind, text FROM mentorship_event ORDER BY id"
    ):
        found[pair_id].events.append((event_id, date.fromisoformat(on), EventKind(kind), text))
    for pair_id, due, done in conn.execute(
        "SELECT mentorship_id, due_on, done_on FROM plan_item ORDER BY mentorship_id, position"
    ):
        found[pair_id].plan.append((_day(due), _day(done)))
    for pair_id, on, kind in conn.execute(
        "SELECT mentorship_id, held_on, kind FROM meeting ORDER BY mentorship_id, held_on, id"
    ):
        found[pair_id].meetings.append((date.fromisoformat(on), MeetingKind(kind)))
    return found


LIVE = (Status.DRAFT, Status.APPROVED, Status.ACTIVE)
EVENTS = {
    Status.DRAFT: {EventKind.CREATED},
    Status.APPROVED: {EventKind.CREATED, EventKind.APPROVED},
    Status.ACTIVE: {EventKind.CREATED, EventKind.APPROVED, EventKind.STARTED,
                    EventKind.EXTENDED, EventKind.MENTOR_CHANGED},
    Status.ENDED: {EventKind.CREATED, EventKind.APPROVED, EventKind.STARTED, EventKind.ENDED},
}  # fmt: skip


def _check_pairs(db: Database, today: date) -> dict[int, _Pair]:
    """What must hold of the demo's pairs on any day: dates, history, forms, one live pair.

    But for what a card warns about: the demo shows every warning (a mentee archived, a
    role unticked, a form that does not fit, a peer mentor not older) on a few pairs.
    """
    rows = {r.id: r for r in register_rows(db.reader, today)}
    found = _pairs(db)
    shown = {c.id: {w.kind for w in c.warnings} for c in read_board(db.reader, today).cards}
    live_mentees: list[int] = []
    for pair in found.values():
        warned = shown[pair.id]
        assert pair.mentees and pair.mentor not in pair.mentees
        mentor = rows[pair.mentor]
        assert mentor.is_mentor or WarningKind.NOT_MENTOR in warned
        assert not mentor.archived or WarningKind.ARCHIVED in warned
        for mentee_id in pair.mentees:
            mentee = rows[mentee_id]
            assert mentee.is_mentee or WarningKind.NOT_MENTEE in warned
            assert not mentee.archived or WarningKind.ARCHIVED in warned
            allowed = forms_for(mentor.category, mentee.category, mentee.young_specialist)
            assert Form(pair.form) in allowed or warned & {
                WarningKind.FORM_MISMATCH,
                WarningKind.NO_FORM,
            }, (pair, mentor.category, mentee.category)
            if mentor.category is Category.STUDENT and WarningKind.NOT_OLDER not in warned:
                assert mentor.birth_date and mentee.birth_date
                assert mentor.birth_date < mentee.birth_date  # a peer mentor is older
        assert (len(pair.mentees) > 1) == (pair.kind == Kind.GROUP.value), pair
        if pair.status in LIVE:
            live_mentees += pair.mentees
        # History: CREATED first, then in order of dates, none in the future.
        kinds = [kind for _, _, kind, _ in pair.events]
        days = [on for _, on, _, _ in pair.events]
        assert kinds[0] is EventKind.CREATED and kinds.count(EventKind.CREATED) == 1, pair
        assert days == sorted(days) and days[-1] <= today, pair
        assert set(kinds) <= EVENTS[pair.status], pair
        assert len(kinds) == len(set(kinds)), pair
        on = {kind: day for _, day, kind, _ in pair.events}
        assert on.get(EventKind.APPROVED) == pair.order_date
        assert on.get(EventKind.STARTED) == pair.started
        assert on.get(EventKind.ENDED) == pair.ended
        if pair.status is Status.DRAFT:
            assert not pair.order_number and pair.order_date is None and pair.started is None
            assert not pair.meetings and not pair.plan
        else:
            assert re.fullmatch(r"\d+-о", pair.order_number), pair.order_number
            assert pair.order_date is not None and pair.order_date <= today
            assert f"приказ № {pair.order_number} от {pair.order_date:%d.%m.%Y}" in {
                text for _, _, kind, text in pair.events if kind is EventKind.APPROVED
            }
        if pair.status is Status.APPROVED:
            assert pair.order_date in AcademicYear.containing(today)
            assert pair.started is None and pair.ended is None
            assert all(done is None for _, done in pair.plan)
            assert all(kind is MeetingKind.INTRODUCTION for _, kind in pair.meetings)
        if pair.status in (Status.ACTIVE, Status.ENDED):
            assert pair.order_date and pair.started and pair.ends
            assert pair.order_date <= pair.started <= today
            assert timedelta(days=90) <= pair.ends - pair.started <= timedelta(days=366), pair
            assert pair.goal and pair.tasks
            assert 4 <= len(pair.plan) <= 8
            assert all(due is not None for due, _ in pair.plan)
            # The first meetings come in their order: знакомство, пробная, планирование.
            order = [MeetingKind.INTRODUCTION, MeetingKind.TRIAL, MeetingKind.PLANNING]
            kinds_held = [kind for _, kind in pair.meetings]
            assert kinds_held[:3] == order[: len(kinds_held[:3])] or not kinds_held, kinds_held
            assert all(kind is MeetingKind.REGULAR for kind in kinds_held[3:-1])
        if pair.status is Status.ACTIVE:
            assert pair.ended is None and not pair.reason and pair.ends > today
        if pair.status is Status.ENDED:
            assert pair.ended and pair.started <= pair.ended <= today
            assert pair.reason in {r.value for r in EndReason}
            assert all(day <= pair.ended for day, _ in pair.meetings)
        for _, done in pair.plan:
            assert done is None or (pair.started and pair.started <= done <= today), pair
        for day, _ in pair.meetings:
            assert pair.order_date and pair.order_date <= day <= today
    assert len(live_mentees) == len(set(live_mentees)), "a mentee in two live pairs"
    return found


def test_pairs_and_groups_in_every_state(school) -> None:
    db, counts = school
    found = _check_pairs(db, TODAY)
    assert counts["pairs"] == len(found)
    groups = [p for p in found.values() if len(p.mentees) > 1]
    assert counts["groups"] == len(groups) >= 2
    assert all(2 <= len(p.mentees) <= 4 for p in groups)
    statuses = Counter(p.status for p in found.values())
    assert set(statuses) == set(Status)
    assert statuses[Status.ACTIVE] > len(found) / 2  # most pairs are working
    ended = [p for p in found.values() if p.status is Status.ENDED]
    assert {p.reason for p in ended} == {r.value for r in EndReason}
    for pair in ended:
        if pair.reason == EndReason.PLAN_DONE.value:
            assert all(done for _, done in pair.plan)  # the whole plan, the final meeting
            assert pair.meetings[-1] == (pair.ended, MeetingKind.FINAL)
    # About 40% of the mentees are (or were) in a pair.
    mentees = [r for r in _rows(db) if r.is_mentee and not r.archived]
    paired = {m for p in found.values() for m in p.mentees}
    assert 0.3 <= len(paired) / len(mentees) <= 0.5
    # Forms by the rules: peers, teachers, outsiders for students; teachers for teachers.
    rows = {r.id: r for r in _rows(db)}
    forms = Counter(Form(p.form) for p in found.values())
    assert forms[Form.STUDENT_STUDENT] and forms[Form.TEACHER_STUDENT]
    assert forms[Form.TEACHER_TEACHER] + forms[Form.HEAD_TEACHER] > 0
    assert any(rows[p.mentees[0]].young_specialist for p in found.values())
    # One extension and one change of mentor, each in the history with its dates.
    events = [(p, kind, text) for p in found.values() for _, _, kind, text in p.events]
    extended = [(p, text) for p, kind, text in events if kind is EventKind.EXTENDED]
    changed = [(p, text) for p, kind, text in events if kind is EventKind.MENTOR_CHANGED]
    assert len(extended) == 1 and len(changed) == 1
    pair, text = extended[0]
    assert pair.ends and f"до {pair.ends:%d.%m.%Y} (было до " in text
    pair, text = changed[0]
    assert text.split(" → ")[1].startswith(rows[pair.mentor].full_name)
    # Working programs: plans partly done, meetings up to recently.
    active = [p for p in found.values() if p.status is Status.ACTIVE]
    assert any(done for p in active for _, done in p.plan)
    assert any(done is None for p in active for _, done in p.plan)
    assert all(p.meetings for p in active if p.started and p.started < TODAY)


def test_the_board_shows_warnings_but_most_working_pairs_are_clean(school) -> None:
    db, _ = school
    board = read_board(db.reader, TODAY)
    live = [c for c in board.cards if c.status is not Status.ENDED]
    over = [m for m in board.mentors if board.load.get(m.id, 0) > m.capacity]
    assert len(over) == 1  # capacities are kept but for one mentor
    warned = [w for c in live for w in c.warnings]
    assert any("нет действующего согласия" in w for w in warned)
    assert any("а может вести не больше" in w for w in warned)
    stalled = [c for c in live if c.no_meetings]
    assert stalled and all(c.status is Status.ACTIVE for c in stalled)
    working = [c for c in live if c.status is Status.ACTIVE]
    assert sum(not c.warnings for c in working) > len(working) * 0.6
    consentless = [c for c in working
                   if any(m.row.consent is not ConsentState.VALID for m in c.mentees)]  # fmt: skip
    assert len(consentless) == 1


def test_every_warning_a_card_can_carry_is_shown(school) -> None:
    db, _ = school
    board = read_board(db.reader, TODAY)
    live = [c for c in board.cards if c.status is not Status.ENDED]
    assert {w.kind for c in live for w in c.warnings} == set(WarningKind)
    texts = {w.kind: str(w) for c in live for w in c.warnings}
    assert texts[WarningKind.ARCHIVED].endswith("в архиве: завершите пару или замените участника")
    assert texts[WarningKind.NOT_MENTOR].endswith("не отмечен(а) как наставник")
    assert texts[WarningKind.SAME_MENTOR_AGAIN].endswith("уже был(а) в паре с этим наставником")


def test_a_few_ready_mentors_take_a_mentee_without_warnings(school) -> None:
    """Trained, with the written consent to mentor and a valid consent, with a free place:
    a pair with a free mentee of a valid consent has nothing to warn about."""
    db, _ = school
    board = read_board(db.reader, TODAY)
    earlier = {
        c.mentor.id: {m.id for m in c.mentees} for c in board.cards if c.status is Status.ENDED
    }
    ready = [
        m for m in board.mentors
        if m.trained and m.mentor_consent and m.row.consent is ConsentState.VALID
        and board.load.get(m.id, 0) < m.capacity
    ]  # fmt: skip
    assert len(ready) >= 3
    free = [p for p in board.free_mentees if p.row.consent is ConsentState.VALID]
    for mentor in ready:
        clean = [
            p for p in free
            if p.id != mentor.id and group_forms(mentor.facts(), [p.facts()])
            and not warnings(mentor.facts(), [p.facts()], board.load.get(mentor.id, 0) + 1,
                             None, frozenset(earlier.get(mentor.id, ())))
        ]  # fmt: skip
        assert clean, mentor.name


def test_the_orders_of_the_pairs_are_in_the_journal(school) -> None:
    db, _ = school
    reader = db.reader
    approved: dict[tuple[str, str], set[int]] = {}
    for mid, number, on in reader.execute(
        "SELECT id, order_number, order_date FROM mentorship WHERE order_number != ''"
    ):
        approved.setdefault((number, on), set()).add(mid)
    entries = documents.journal(reader)
    assert {(e.number, e.issued_on.isoformat()) for e in entries} == set(approved)
    assert all(e.kind is documents.DocKind.PAIRS for e in entries)
    numbers = Counter((e.issued_on.year, e.number) for e in entries)
    assert max(numbers.values()) == 1, "one number once a calendar year"
    for entry in entries:
        assert (
            set(documents.journal_pairs(reader, entry.id))
            == approved[entry.number, entry.issued_on.isoformat()]
        )
        kind, data = documents.reopen_data(reader, entry.id)
        assert kind is documents.DocKind.PAIRS and data.number == entry.number
        assert data.order_date == entry.issued_on
        problem = documents.check_number(reader, entry.number, entry.issued_on)
        assert problem and "уже использован" in problem
    documents.reopen(reader, entries[0].id)  # the document itself is built again


def test_the_networking_questionnaire(school) -> None:
    db, _ = school
    found = _pairs(db)
    rows = {r.id: r for r in _rows(db)}
    live = {m for p in found.values() if p.status in LIVE for m in p.mentees}
    free = [r for r in rows.values() if r.is_mentee and not r.archived and r.id not in live]
    choices: dict[tuple[int, bool], list[tuple[int, int]]] = {}
    for chooser, as_mentee, rank, chosen in db.reader.execute(
        "SELECT chooser_id, as_mentee, rank, chosen_id FROM preference ORDER BY rank"
    ):
        choices.setdefault((chooser, bool(as_mentee)), []).append((rank, chosen))
    for (chooser, as_mentee), ranked in choices.items():
        assert [rank for rank, _ in ranked] == list(range(1, len(ranked) + 1)) and len(ranked) <= 3
        mentee, mentor = (chooser, None) if as_mentee else (None, chooser)
        for _, chosen in ranked:
            mentor_row = rows[mentor if mentor is not None else chosen]
            mentee_row = rows[mentee if mentee is not None else chosen]
            assert mentor_row.is_mentor and mentee_row.is_mentee
            assert mentee_row.id not in live  # free mentees only
            assert forms_for(mentor_row.category, mentee_row.category,
                             mentee_row.young_specialist)  # fmt: skip
    by_mentees = {c for c, as_mentee in choices if as_mentee}
    assert 0.2 <= len(by_mentees) / len(free) <= 0.5
    assert any(not as_mentee for _, as_mentee in choices)


def _dump(db: Database) -> list[tuple[object, ...]]:
    tables = ("mentorship", "mentorship_mentee", "mentorship_event", "plan_item", "meeting",
              "preference", "roadmap", "roadmap_item", "roadmap_responsible")  # fmt: skip
    return [row for table in tables for row in db.reader.execute(f"SELECT * FROM {table}")]


def test_same_seed_same_pairs(tmp_path: Path) -> None:
    first = _make(tmp_path / "a.sqlite3", students=150, teachers=15, seed=3)
    second = _make(tmp_path / "b.sqlite3", students=150, teachers=15, seed=3)
    assert _dump(first) == _dump(second) != []
    first.close()
    second.close()


@pytest.mark.parametrize(
    "today",
    [date(2026, 9, 1), date(2026, 9, 4), date(2027, 1, 10), date(2027, 6, 1), date(2027, 8, 31)],
)
def test_pairs_hold_on_any_day_of_the_year(tmp_path: Path, today: date) -> None:
    db = open_database(tmp_path / "d.sqlite3")
    counts = generate_demo(db, students=200, teachers=20, seed=2, today=today)
    found = _check_pairs(db, today)
    assert counts["pairs"] == len(found) > 0
    assert {p.status for p in found.values()} == set(Status)
    db.close()


@pytest.mark.parametrize(("students", "teachers"), [(0, 0), (10, 2), (30, 5)])
def test_a_tiny_school_still_gets_what_fits(tmp_path: Path, students: int, teachers: int) -> None:
    db = open_database(tmp_path / "d.sqlite3")
    counts = generate_demo(db, students=students, teachers=teachers, seed=1, today=TODAY)
    found = _check_pairs(db, TODAY)  # with 0 students: an intern and a partner, say
    assert counts["pairs"] == len(found)
    assert counts["groups"] == sum(len(p.mentees) > 1 for p in found.values())
    db.close()


# --- the roadmap -----------------------------------------------------------------------


def _roadmap_items(db: Database, today: date) -> list[ItemRow]:
    (only,) = reads.roadmaps(db.reader)
    return reads.read_items(db.reader, only.id, today)


def test_the_roadmap_from_the_zavitinsk_sample_in_every_state(school) -> None:
    db, _ = school
    (only,) = reads.roadmaps(db.reader)
    assert only.title == "Дорожная карта наставничества на 2025-2027 годы"
    assert (only.start_year, only.end_year) == (2025, 2027)
    sample = next(t for t in load_templates() if t.title == "Примерная дорожная карта")
    (key,) = db.reader.execute("SELECT template FROM roadmap").fetchone()
    assert key == sample.key and len(sample.items) == 34
    items = reads.read_items(db.reader, only.id, TODAY)
    # The 34 activities word for word, in order, and one the curator added at the end.
    assert [i.activity for i in items[:34]] == [t.activity for t in sample.items]
    assert len(items) == 35 and [i.position for i in items] == list(range(35))
    assert all(i.deadline_text for i in items)

    shown = Counter(i.shown for i in items)
    assert set(shown) == set(ShownStatus), shown
    assert shown[ShownStatus.DONE] > len(items) / 3  # the first year is behind us
    assert 2 <= shown[ShownStatus.OVERDUE] <= 4
    for item in items:
        if item.status is ItemStatus.DONE:
            assert item.done_on and date(2025, 8, 25) <= item.done_on <= TODAY, item
        else:
            assert item.done_on is None, item
        if item.shown is ShownStatus.OVERDUE:
            assert item.due and item.due < TODAY and item.due_derived
    assert all(i.due is not None for i in items if i.status is ItemStatus.NOT_STARTED)
    recurring = [i for i in items if i.occurrences]
    assert recurring and all(i.due and i.due >= TODAY for i in recurring)
    overdue, soon = overdue_and_soon(items, TODAY)
    assert len(overdue) == shown[ShownStatus.OVERDUE] and soon  # the start notice
    assert sum(bool(i.note) for i in items) >= 2  # evidence and a reminder

    # Responsible: the school's active staff, the curator (deputy for ВР) first of all,
    # and outsiders as free text.
    rows = {r.id: r for r in _rows(db)}
    named = [pid for i in items for pid, _ in i.responsible]
    assert all(rows[pid].category.is_staff and not rows[pid].archived for pid in named)
    deputy = next(r for r in rows.values() if r.position == "заместитель директора по ВР")
    curator = load_profile(db.reader)
    assert curator is not None and deputy.full_name in curator.curators
    assert Counter(named).most_common(1)[0][0] == deputy.id
    assert any(rows[pid].category is Category.TEACHER for pid in named)
    assert any(rows[pid].position == "директор" for pid in named)
    assert any(i.responsible and i.responsible_text for i in items)
    assert any(i.responsible_text and not i.responsible for i in items)
    assert filter_items(items, RoadmapFilter(person=deputy.id))

    report = summary(db.reader, TODAY)["roadmap"]
    assert report["total"] == 35 and report["overdue"] == shown[ShownStatus.OVERDUE]
    assert report["by_status"] == {s.value: shown[s] for s in ShownStatus}


@pytest.mark.parametrize(
    "today",
    [date(2026, 9, 1), date(2027, 1, 10), date(2027, 6, 1), date(2027, 8, 31), date(2030, 3, 3)],
)
def test_the_roadmap_is_in_every_state_on_any_day(tmp_path: Path, today: date) -> None:
    db = open_database(tmp_path / "d.sqlite3")
    generate_demo(db, students=30, teachers=5, seed=4, today=today)
    (only,) = reads.roadmaps(db.reader)
    first = AcademicYear.containing(today).start_year - 1
    assert (only.start_year, only.end_year) == (first, first + 2)
    assert f"на {first}-{first + 2} годы" in only.title
    items = _roadmap_items(db, today)
    assert {i.shown for i in items} == set(ShownStatus)
    assert all(i.done_on <= today for i in items if i.done_on)
    assert overdue_and_soon(items, today)[1]
    db.close()
