"""Services on a real migrated database: the register, the lists, the profile, the counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select, text
from tests.helpers import NOW, TODAY

from mentor_desk.domain.participants import (
    Category,
    ConsentState,
    ConsentStatus,
    ParticipantData,
    TermKind,
)
from mentor_desk.queries.people import (
    RegisterRow,
    find_duplicates,
    register_rows,
    term_names,
    term_usage,
)
from mentor_desk.queries.profile import SchoolProfile, load_profile
from mentor_desk.services import participants, vocabulary
from mentor_desk.services.participants import NotFound, ValidationFailed
from mentor_desk.services.profile import save_profile, validate_profile
from mentor_desk.services.register import ArchiveFilter, ConsentFilter, RegisterFilter, RoleFilter
from mentor_desk.services.stats import summary
from mentor_desk.services.vocabulary import VocabularyError
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import Organization, Participant, ParticipantTerm, Term

PAST = date(2025, 9, 1)

STUDENT = ParticipantData(
    last_name="Семёнова",
    first_name="Алёна",
    middle_name="Игоревна",
    birth_date=date(2011, 2, 14),
    category=Category.STUDENT,
    class_name="9в",
    phone="+7 900 000-00-00",
    is_mentee=True,
    consent_status=ConsentStatus.GIVEN,
    consent_date=PAST,
    consent_signer="Семёнов Игорь Петрович",
    representative_name="Семёнов Игорь Петрович",
    note="первая строка\nвторая строка",
    target_groups=["одарённые", "новая группа"],
    requests=["олимпиады", "новая тема"],
)
TEACHER = ParticipantData(
    last_name="Петрова",
    first_name="Анна",
    middle_name="Сергеевна",
    birth_date=date(1985, 6, 1),
    category=Category.TEACHER,
    position="учитель математики",
    subject="математика",
    experience_years=12,
    email="petrova@school.ru",
    is_mentor=True,
    capacity=3,
    mentor_consent_date=PAST,
    training_date=PAST,
    consent_status=ConsentStatus.GIVEN,
    consent_date=PAST,
    consent_signer="Петрова Анна Сергеевна",
    competencies=["методика преподавания", "олимпиады"],
)


def _create(db: Database, data: ParticipantData, today: date = TODAY) -> int:
    with db.transaction() as session:
        return participants.create(session, data, today)


def _load(db: Database, person_id: int, today: date = TODAY) -> ParticipantData:
    """The stored card, its term lists sorted (load() gives them in no defined order)."""
    with db.session() as session:
        data = participants.load(session, person_id, today)
    return _sorted_terms(data)


def _sorted_terms(data: ParticipantData) -> ParticipantData:
    return replace(
        data,
        target_groups=sorted(data.target_groups),
        requests=sorted(data.requests),
        competencies=sorted(data.competencies),
    )


def _count(db: Database, sql: str, **params: object) -> int:
    with db.session() as session:
        return int(session.execute(text(sql), params).scalar_one())


# --- create / update / load -------------------------------------------------------------


def test_create_and_load_round_trip_with_terms(db: Database) -> None:
    person_id = _create(db, STUDENT)
    loaded = _load(db, person_id)
    assert loaded == _sorted_terms(replace(STUDENT, class_name="9В"))
    groups = term_names(db.reader, TermKind.TARGET_GROUP)
    topics = term_names(db.reader, TermKind.TOPIC)
    # Unknown terms join the right list, at its end; known ones are not duplicated.
    assert groups[-1] == "новая группа"
    assert topics[-1] == "новая тема"
    assert "новая группа" not in topics
    assert "новая тема" not in groups
    assert groups.count("одарённые") == 1
    assert topics.count("олимпиады") == 1
    assert (
        _count(db, "SELECT count(*) FROM participant_term WHERE participant_id = :p", p=person_id)
        == 4
    )


def test_teacher_round_trip_and_experience_grows(db: Database) -> None:
    person_id = _create(db, TEACHER)
    assert _load(db, person_id) == _sorted_terms(TEACHER)
    next_year = date(2027, 11, 23)
    assert _load(db, person_id, next_year).experience_years == 13
    # Saving the card unchanged a year later keeps the figure: no drift on repeated saves.
    with db.transaction() as session:
        participants.update_person(session, person_id, _load(db, person_id, next_year), next_year)
    assert _load(db, person_id, next_year).experience_years == 13
    assert _load(db, person_id, date(2028, 11, 23)).experience_years == 14


def test_update_replaces_fields_and_links(db: Database) -> None:
    person_id = _create(db, STUDENT)
    changed = replace(
        STUDENT,
        last_name="Семенова",
        class_name="10 а",
        target_groups=["с ОВЗ"],
        requests=["профориентация", "олимпиады"],
    )
    with db.transaction() as session:
        participants.update_person(session, person_id, changed, TODAY)
    loaded = _load(db, person_id)
    assert loaded.last_name == "Семенова"
    assert loaded.class_name == "10А"
    assert loaded.target_groups == ["с ОВЗ"]
    assert loaded.requests == ["олимпиады", "профориентация"]
    assert (
        _count(db, "SELECT count(*) FROM participant_term WHERE participant_id = :p", p=person_id)
        == 3
    )
    assert _count(db, "SELECT count(*) FROM participant") == 1


def test_text_is_trimmed_and_the_note_keeps_its_lines(db: Database) -> None:
    person_id = _create(
        db,
        replace(STUDENT, last_name="  Семёнова ", first_name="Алёна  Мария", note="  a\n b  "),
    )
    loaded = _load(db, person_id)
    assert loaded.last_name == "Семёнова"
    assert loaded.first_name == "Алёна Мария"
    assert loaded.note == "a\n b"


def test_fields_of_other_categories_and_roles_are_cleared(db: Database) -> None:
    student = replace(
        STUDENT,
        position="директор",
        subject="физика",
        experience_years=5,
        hire_date=PAST,
        organization="ООО «Ромашка»",
        competencies=["олимпиады"],  # not a mentor
    )
    loaded = _load(db, _create(db, student))
    assert (loaded.position, loaded.subject, loaded.organization) == ("", "", "")
    assert loaded.experience_years is None
    assert loaded.hire_date is None
    assert loaded.competencies == []
    assert loaded.class_name == "9В"

    teacher = replace(TEACHER, class_name="7Б", organization="ООО", target_groups=["с ОВЗ"])
    loaded = _load(db, _create(db, teacher))
    assert (loaded.class_name, loaded.organization) == ("", "")
    assert loaded.target_groups == []
    assert loaded.position == "учитель математики"

    partner = replace(
        TEACHER, category=Category.PARTNER, organization="ООО «Ромашка»", hire_date=PAST
    )
    loaded = _load(db, _create(db, partner))
    assert loaded.organization == "ООО «Ромашка»"
    assert loaded.position == "учитель математики"  # a partner has a position
    assert loaded.subject == ""
    assert loaded.experience_years is None
    assert loaded.hire_date is None


def test_validation_failed_carries_field_errors_and_writes_nothing(db: Database) -> None:
    bad = replace(STUDENT, last_name=" ", email="нет", class_name="12Б")
    with pytest.raises(ValidationFailed) as info, db.transaction() as session:
        participants.create(session, bad, TODAY)
    assert set(info.value.errors) == {"last_name", "email", "class_name"}
    assert "Укажите фамилию" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert _count(db, "SELECT count(*) FROM participant") == 0

    person_id = _create(db, STUDENT)
    with pytest.raises(ValidationFailed) as info, db.transaction() as session:
        participants.update_person(session, person_id, replace(STUDENT, first_name=""), TODAY)
    assert list(info.value.errors) == ["first_name"]
    assert _load(db, person_id).first_name == "Алёна"


def test_unknown_person_raises_not_found(db: Database) -> None:
    with db.transaction() as session:
        for call in (
            lambda: participants.load(session, 404, TODAY),
            lambda: participants.update_person(session, 404, STUDENT, TODAY),
            lambda: participants.erase(session, 404),
            lambda: participants.erasure_summary(session, 404),
        ):
            with pytest.raises(NotFound, match="№404"):
                call()


def test_capacity_of_a_non_mentor_never_reaches_the_check_constraint(db: Database) -> None:
    """validate() ignores a non-mentor's capacity, so the service must not store it as typed."""
    person_id = _create(db, replace(STUDENT, is_mentor=False, capacity=0))
    assert 1 <= _load(db, person_id).capacity <= 10
    mentor_id = _create(db, replace(TEACHER, capacity=7))
    assert _load(db, mentor_id).capacity == 7


def test_the_same_term_typed_twice_is_linked_once(db: Database) -> None:
    card = replace(STUDENT, target_groups=["с  ОВЗ"], requests=["олимпиады", " олимпиады  ", " "])
    person_id = _create(db, card)
    loaded = _load(db, person_id)
    assert loaded.requests == ["олимпиады"]
    assert loaded.target_groups == ["с ОВЗ"]
    assert term_names(db.reader, TermKind.TOPIC) == vocabulary.default_terms(TermKind.TOPIC)


# --- duplicates, archive, erase ---------------------------------------------------------


def test_find_duplicates(db: Database) -> None:
    person_id = _create(db, STUDENT)
    typed = replace(STUDENT, last_name="СЕМЕНОВА", first_name="алена", middle_name="игоревна ")
    found = find_duplicates(db.reader, typed)
    assert [pid for pid, _ in found] == [person_id]
    assert found[0][1] == "Семёнова Алёна Игоревна (14.02.2011, 9В)"
    other_day = replace(typed, birth_date=date(2011, 2, 15))
    assert find_duplicates(db.reader, other_day) == []
    assert find_duplicates(db.reader, typed, exclude_id=person_id) == []
    other_name = replace(typed, middle_name="Петровна")
    assert find_duplicates(db.reader, other_name) == []
    # The import's rule too (likely_same_person): a birth date or a patronymic missing
    # on one side is still likely the same person.
    no_birth = replace(typed, birth_date=None)
    assert [pid for pid, _ in find_duplicates(db.reader, no_birth)] == [person_id]
    no_middle = replace(typed, middle_name="")
    assert [pid for pid, _ in find_duplicates(db.reader, no_middle)] == [person_id]
    with db.transaction() as session:
        participants.set_archived(session, [person_id], True, NOW)
    [(_, label)] = find_duplicates(db.reader, typed)
    assert label.endswith(", в архиве)")


def test_find_duplicates_when_the_register_lacks_the_birth_date_and_patronymic(
    db: Database,
) -> None:
    """ "Белова Анна" entered without a date is who the card "Белова Анна Сергеевна" is."""
    person_id = _create(db, replace(STUDENT, birth_date=None, middle_name=""))
    found = find_duplicates(db.reader, STUDENT)
    assert found == [(person_id, "Семёнова Алёна (9В)")]


def _archived(db: Database) -> dict[int, bool]:
    return {r.id: r.archived for r in register_rows(db.reader, TODAY)}


def test_set_archived_and_restore(db: Database) -> None:
    a, b, c = (_create(db, replace(STUDENT, first_name=n)) for n in ("Анна", "Бэла", "Вера"))
    with db.transaction() as session:
        assert participants.set_archived(session, [a, b], True, NOW) == 2
    assert _archived(db) == {a: True, b: True, c: False}
    with db.transaction() as session:
        assert participants.set_archived(session, [b, 404], False, NOW) == 1
    assert _archived(db) == {a: True, b: False, c: False}
    with db.session() as session:
        stamp = session.scalar(select(Participant.archived_at).where(Participant.id == a))
    assert stamp == NOW  # the moment the caller gave, not the wall clock
    # Archiving keeps the person and their links.
    assert _load(db, a).target_groups == ["новая группа", "одарённые"]


def test_erase_deletes_the_person_and_their_links_only(db: Database) -> None:
    gone = _create(db, STUDENT)
    kept = _create(db, replace(STUDENT, first_name="Мария", birth_date=date(2012, 1, 1)))
    teacher = _create(db, TEACHER)
    terms_before = _count(db, "SELECT count(*) FROM term")
    links_kept = _count(
        db, "SELECT count(*) FROM participant_term WHERE participant_id != :p", p=gone
    )
    with db.session() as session:
        summary_ = participants.erasure_summary(session, gone)
    assert summary_.person_id == gone
    assert summary_.name == "Семёнова Алёна Игоревна"
    assert summary_.term_links == 4

    with db.transaction() as session:
        participants.erase(session, gone)
    assert _count(db, "SELECT count(*) FROM participant WHERE id = :p", p=gone) == 0
    assert (
        _count(db, "SELECT count(*) FROM participant_term WHERE participant_id = :p", p=gone) == 0
    )
    assert _count(db, "SELECT count(*) FROM participant_term") == links_kept
    assert _count(db, "SELECT count(*) FROM term") == terms_before
    assert _load(db, kept).requests == ["новая тема", "олимпиады"]
    assert _load(db, teacher).competencies == ["методика преподавания", "олимпиады"]


# --- register rows and filters ----------------------------------------------------------


@pytest.fixture
def register(db: Database) -> dict[str, int]:
    """Five people covering every filter value; returns their ids by a short key."""
    people = {
        "semenova": STUDENT,
        "petrova": TEACHER,
        "kuznetsov": ParticipantData(
            last_name="Кузнецов", first_name="Илья", birth_date=date(2001, 3, 10),
            category=Category.TEACHER, hire_date=date(2024, 9, 1), is_mentor=True,
            is_mentee=True, target_groups=["молодые специалисты"],
            competencies=["цифровые навыки"],
        ),
        "yolkin": ParticipantData(
            last_name="Ёлкин", first_name="Пётр", birth_date=date(2014, 5, 20),
            category=Category.STUDENT, class_name="7б",
            consent_status=ConsentStatus.WITHDRAWN, representative_name="Ёлкина О.П.",
        ),
        "orlova": ParticipantData(
            last_name="Орлова", first_name="Анна", category=Category.PARTNER,
            organization="ООО «Ромашка»", is_mentor=True,
        ),
    }  # fmt: skip
    ids = {key: _create(db, data) for key, data in people.items()}
    with db.transaction() as session:
        participants.set_archived(session, [ids["orlova"]], True, NOW)
    return ids


def _rows(db: Database) -> list[RegisterRow]:
    return register_rows(db.reader, TODAY)


def test_register_rows_derive_age_experience_and_consent(
    db: Database, register: dict[str, int]
) -> None:
    rows = {r.id: r for r in _rows(db)}
    semenova = rows[register["semenova"]]
    assert semenova.age == 15
    assert semenova.class_name == "9В"
    assert semenova.consent is ConsentState.VALID
    assert semenova.young_specialist is False
    assert semenova.target_groups == ("одарённые", "новая группа")
    assert semenova.requests == ("олимпиады", "новая тема")
    assert semenova.search_key == "семенова алена игоревна"
    assert semenova.full_name == "Семёнова Алёна Игоревна"

    petrova = rows[register["petrova"]]
    assert (petrova.age, petrova.experience, petrova.young_specialist) == (41, 12, False)
    assert petrova.consent is ConsentState.VALID
    assert petrova.competencies == ("олимпиады", "методика преподавания")  # list order

    kuznetsov = rows[register["kuznetsov"]]
    assert (kuznetsov.experience, kuznetsov.young_specialist) == (2, True)
    assert kuznetsov.consent is ConsentState.MISSING

    yolkin = rows[register["yolkin"]]
    assert yolkin.consent is ConsentState.WITHDRAWN
    assert yolkin.age == 12

    orlova = rows[register["orlova"]]
    assert orlova.archived is True
    assert orlova.age is None
    assert orlova.experience is None


def test_register_rows_show_incomplete_consent_of_a_stored_minor(db: Database) -> None:
    """A child's consent without a representative (e.g. an older file) shows as incomplete."""
    person_id = _create(db, STUDENT)
    with db.transaction() as session:
        session.execute(text("UPDATE participant SET representative_name = ''"))
    [row] = _rows(db)
    assert row.id == person_id
    assert row.consent is ConsentState.INCOMPLETE


def _shown(db: Database, register: dict[str, int], flt: RegisterFilter) -> set[str]:
    rows = _rows(db)
    names = {v: k for k, v in register.items()}
    mask = flt.mask(rows)
    assert len(mask) == len(rows)
    return {names[r.id] for r, shown in zip(rows, mask, strict=True) if shown}


ACTIVE = {"semenova", "petrova", "kuznetsov", "yolkin"}


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (RegisterFilter(), ACTIVE),
        (RegisterFilter(text="семенова алена"), {"semenova"}),
        (RegisterFilter(text="  АЛЕНА   Семёнова "), {"semenova"}),
        (RegisterFilter(text="елкин"), {"yolkin"}),
        (RegisterFilter(text="анна"), {"petrova"}),  # Орлова Анна is archived
        (RegisterFilter(text="анна", archive=ArchiveFilter.ALL), {"petrova", "orlova"}),
        (RegisterFilter(text="ова"), {"semenova", "petrova"}),
        (RegisterFilter(text="петрова илья"), set()),
        (RegisterFilter(role=RoleFilter.MENTOR), {"petrova", "kuznetsov"}),
        (RegisterFilter(role=RoleFilter.MENTEE), {"semenova", "kuznetsov"}),
        (RegisterFilter(role=RoleFilter.BOTH), {"kuznetsov"}),
        (RegisterFilter(role=RoleFilter.NONE), {"yolkin"}),
        (RegisterFilter(category=Category.TEACHER), {"petrova", "kuznetsov"}),
        (RegisterFilter(category=Category.STUDENT), {"semenova", "yolkin"}),
        (RegisterFilter(category=Category.PARTNER), set()),
        (RegisterFilter(class_name="9В"), {"semenova"}),
        (RegisterFilter(class_name="7Б"), {"yolkin"}),
        (RegisterFilter(class_name=""), ACTIVE),  # empty means any
        (RegisterFilter(consent=ConsentFilter.VALID), {"semenova", "petrova"}),
        (RegisterFilter(consent=ConsentFilter.NOT_VALID), {"kuznetsov", "yolkin"}),
        (RegisterFilter(consent=ConsentFilter.WITHDRAWN), {"yolkin"}),
        (RegisterFilter(target_group="одарённые"), {"semenova"}),
        (RegisterFilter(target_group="молодые специалисты"), {"kuznetsov"}),
        (RegisterFilter(target_group="с ОВЗ"), set()),
        (RegisterFilter(archive=ArchiveFilter.ACTIVE), ACTIVE),
        (RegisterFilter(archive=ArchiveFilter.ARCHIVED), {"orlova"}),
        (RegisterFilter(archive=ArchiveFilter.ALL), {*ACTIVE, "orlova"}),
        (
            RegisterFilter(role=RoleFilter.MENTOR, archive=ArchiveFilter.ALL),
            {"petrova", "kuznetsov", "orlova"},
        ),
        (
            RegisterFilter(role=RoleFilter.MENTOR, consent=ConsentFilter.NOT_VALID),
            {"kuznetsov"},
        ),
        (
            RegisterFilter(text="ова", category=Category.STUDENT, role=RoleFilter.MENTEE),
            {"semenova"},
        ),
    ],
)
def test_register_filter_mask(
    db: Database, register: dict[str, int], flt: RegisterFilter, expected: set[str]
) -> None:
    assert _shown(db, register, flt) == expected


def test_register_filter_on_no_rows_is_empty() -> None:
    assert RegisterFilter(text="x", role=RoleFilter.MENTOR).mask([]) == []


# --- vocabulary -------------------------------------------------------------------------


def test_new_database_lists_are_the_shipped_defaults(db: Database) -> None:
    for kind in TermKind:
        assert term_names(db.reader, kind) == vocabulary.default_terms(kind)
        assert term_names(db.reader, kind)
    assert "одарённые" in vocabulary.default_terms(TermKind.TARGET_GROUP)
    assert not any(t.startswith("#") for t in vocabulary.default_terms(TermKind.TOPIC))


def test_add_term(db: Database) -> None:
    with db.transaction() as session:
        assert vocabulary.add_term(session, TermKind.TOPIC, "  шахматы   и  го ") == "шахматы и го"
    topics = term_names(db.reader, TermKind.TOPIC)
    groups = term_names(db.reader, TermKind.TARGET_GROUP)
    assert topics[-1] == "шахматы и го"
    assert "шахматы и го" not in groups
    # The same name may live in the other list.
    with db.transaction() as session:
        vocabulary.add_term(session, TermKind.TARGET_GROUP, "шахматы и го")


@pytest.mark.parametrize(
    ("name", "message"),
    [("олимпиады", "уже есть"), (" олимпиады ", "уже есть"), ("", "пустым"), ("   ", "пустым")],
)
def test_add_term_refuses(db: Database, name: str, message: str) -> None:
    with pytest.raises(VocabularyError, match=message), db.transaction() as session:
        vocabulary.add_term(session, TermKind.TOPIC, name)
    assert term_names(db.reader, TermKind.TOPIC) == vocabulary.default_terms(TermKind.TOPIC)


def test_rename_term_keeps_links_and_position(db: Database) -> None:
    person_id = _create(db, STUDENT)
    index = term_names(db.reader, TermKind.TOPIC).index("олимпиады")
    with db.transaction() as session:
        assert vocabulary.rename_term(session, TermKind.TOPIC, "олимпиады", " Олимпиады ") == (
            "Олимпиады"
        )
    topics = term_names(db.reader, TermKind.TOPIC)
    assert topics[index] == "Олимпиады"
    assert "олимпиады" not in topics
    assert _load(db, person_id).requests == ["Олимпиады", "новая тема"]
    with db.transaction() as session:  # renaming to itself is allowed
        vocabulary.rename_term(session, TermKind.TOPIC, "Олимпиады", "Олимпиады")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("олимпиады", "профориентация", "уже есть"),
        ("олимпиады", "  ", "пустым"),
        ("нет такой", "новое", "нет «нет такой»"),
    ],
)
def test_rename_term_refuses(db: Database, old: str, new: str, message: str) -> None:
    with pytest.raises(VocabularyError, match=message), db.transaction() as session:
        vocabulary.rename_term(session, TermKind.TOPIC, old, new)


def test_usage_and_delete_term(db: Database) -> None:
    a = _create(db, STUDENT)
    b = _create(db, replace(STUDENT, first_name="Мария", requests=["олимпиады"]))
    teacher = _create(db, TEACHER)
    used = term_usage(db.reader, TermKind.TOPIC)
    groups = term_usage(db.reader, TermKind.TARGET_GROUP)
    assert used["олимпиады"] == 3  # two requests, one competency
    assert used["новая тема"] == 1
    assert used["методика преподавания"] == 1
    assert used["профориентация"] == 0
    assert set(used) == set(vocabulary.default_terms(TermKind.TOPIC)) | {"новая тема"}
    assert groups["одарённые"] == 2

    with db.transaction() as session:
        vocabulary.delete_term(session, TermKind.TOPIC, "олимпиады")
    assert "олимпиады" not in term_names(db.reader, TermKind.TOPIC)
    assert _load(db, a).requests == ["новая тема"]
    assert _load(db, b).requests == []
    assert _load(db, teacher).competencies == ["методика преподавания"]
    assert _count(db, "SELECT count(*) FROM participant") == 3
    with pytest.raises(VocabularyError, match="нет «олимпиады»"), db.transaction() as session:
        vocabulary.delete_term(session, TermKind.TOPIC, "олимпиады")


def test_ensure_terms_adds_only_unknown_names(db: Database) -> None:
    with db.transaction() as session:
        before = session.scalar(select(func.count()).select_from(Term))
        found = vocabulary.ensure_terms(
            session, TermKind.TOPIC, ["олимпиады", "новая  тема", "новая тема"]
        )
        assert found["олимпиады"].id is not None
        assert "новая тема" in found
        session.flush()
        assert session.scalar(select(func.count()).select_from(Term)) == before + 1


# --- profile ----------------------------------------------------------------------------

PROFILE = SchoolProfile(
    full_name="  Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 3» ",
    short_name="МБОУ СОШ № 3",
    municipality="Завитинский муниципальный округ",
    director_name="Петрова Анна Сергеевна",
    curators="Иванова М.П.\nСидорова Е.В.",
    academic_year_start=2026,
)


def test_profile_save_and_load(db: Database) -> None:
    assert load_profile(db.reader) is None
    with db.transaction() as session:
        save_profile(session, PROFILE)
    loaded = load_profile(db.reader)
    assert loaded == replace(PROFILE, full_name=PROFILE.full_name.strip())
    assert loaded.director_position == "Директор"
    assert loaded.academic_year.label == "2026/2027"

    with db.transaction() as session:
        save_profile(session, replace(PROFILE, short_name="СОШ № 3", academic_year_start=2027))
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Organization)) == 1
        loaded = load_profile(db.reader)
    assert loaded is not None
    assert (loaded.short_name, loaded.academic_year_start) == ("СОШ № 3", 2027)


def test_blank_profile_takes_the_current_academic_year() -> None:
    assert SchoolProfile.blank(TODAY).academic_year_start == 2026
    assert SchoolProfile.blank(date(2027, 8, 31)).academic_year_start == 2026
    assert SchoolProfile.blank(date(2027, 9, 1)).academic_year_start == 2027


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"full_name": " "}, "full_name"),
        ({"short_name": ""}, "short_name"),
        ({"director_name": ""}, "director_name"),
        ({"academic_year_start": 0}, "academic_year_start"),
        ({"academic_year_start": 1999}, "academic_year_start"),
        ({"academic_year_start": 2101}, "academic_year_start"),
    ],
)
def test_validate_profile(db: Database, changes: dict[str, object], key: str) -> None:
    assert validate_profile(PROFILE) == {}
    broken = replace(PROFILE, **changes)
    assert list(validate_profile(broken)) == [key]
    with pytest.raises(ValueError), db.transaction() as session:
        save_profile(session, broken)
    assert load_profile(db.reader) is None


def test_validate_profile_edges() -> None:
    assert validate_profile(replace(PROFILE, academic_year_start=2000)) == {}
    assert validate_profile(replace(PROFILE, academic_year_start=2100)) == {}
    assert set(validate_profile(SchoolProfile())) == {
        "full_name",
        "short_name",
        "director_name",
        "academic_year_start",
    }


# --- stats ------------------------------------------------------------------------------


def test_summary_counts_the_active_register(db: Database, register: dict[str, int]) -> None:
    report = summary(db.reader, TODAY)
    assert report["participants"] == {
        "total": 4,
        "archived": 1,
        "by_category": {"student": 2, "teacher": 2},
        "by_role": {"mentor": 2, "mentee": 2, "both": 1, "none": 1},
        "young_specialists": 1,
    }
    assert report["consents"] == {"valid": 2, "missing": 1, "withdrawn": 1}


def test_summary_of_an_empty_register(db: Database) -> None:
    report = summary(db.reader, TODAY)
    assert report["participants"]["total"] == 0
    assert report["participants"]["by_role"] == {"mentor": 0, "mentee": 0, "both": 0, "none": 0}
    assert report["consents"] == {}


def test_erase_through_the_orm_respects_cascade_on_delete(db: Database) -> None:
    """participant_term rows are removed by the database, not left as orphans."""
    person_id = _create(db, STUDENT)
    with db.transaction() as session:
        participants.erase(session, person_id)
        assert session.scalar(select(func.count()).select_from(ParticipantTerm)) == 0
    with db.session() as session:
        assert session.execute(text("PRAGMA foreign_key_check")).fetchall() == []


def test_a_term_typed_in_another_case_joins_the_existing_one(db) -> None:
    from tests.helpers import TODAY

    from mentor_desk.domain.participants import ParticipantData, TermKind
    from mentor_desk.services import participants, vocabulary

    card = ParticipantData(
        last_name="Орлов", first_name="Олег", is_mentee=True, requests=["ОЛИМПИАДЫ", "олимпиады"]
    )
    with db.transaction() as session:
        person_id = participants.create(session, card, TODAY)
    with db.session() as session:
        topics = term_names(db.reader, TermKind.TOPIC)
        assert participants.load(session, person_id, TODAY).requests == ["олимпиады"]
    assert sum(t.casefold() == "олимпиады" for t in topics) == 1
    with db.transaction() as session, pytest.raises(vocabulary.VocabularyError):
        vocabulary.add_term(session, TermKind.TOPIC, "Олимпиады")


def test_names_typed_in_decomposed_unicode_are_stored_composed(db) -> None:
    import unicodedata

    from mentor_desk.domain.participants import ParticipantData, name_problem
    from mentor_desk.services import participants as people
    from mentor_desk.storage.models import Participant

    decomposed = unicodedata.normalize("NFD", "Йошкина")  # «И» + U+0306, as some keyboards send
    assert decomposed != "Йошкина" and name_problem("last_name", decomposed) is None
    with db.transaction() as s:
        pid = people.create(s, ParticipantData(last_name=decomposed, first_name="Алёна"),
                            date(2026, 11, 23))  # fmt: skip
    with db.session() as s:
        person = s.get(Participant, pid)
        assert person.last_name == "Йошкина"
        assert person.first_name == unicodedata.normalize("NFC", "Алёна")
