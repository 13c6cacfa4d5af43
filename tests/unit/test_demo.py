"""The demo school generator: counts, plausible people, consents, determinism, safety."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentor_desk.bootstrap import open_school_database
from mentor_desk.domain.dates import AcademicYear
from mentor_desk.domain.participants import (
    Category,
    ConsentState,
    ParticipantData,
    age_on,
    is_minor,
    normalize_class,
    validate,
)
from mentor_desk.paths import resource
from mentor_desk.services import participants as people
from mentor_desk.services.demo import female_surname, generate_demo, grade_sizes, load_names
from mentor_desk.services.profile import load_profile
from mentor_desk.services.register import RegisterRow, register_rows
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
