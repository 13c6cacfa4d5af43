"""services.documents: data for the documents, order numbers, issuing, the journal, re-opening."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from tests.documents.reading import all_text
from tests.helpers import NOW, TODAY

from mentor_desk.documents.consent import consent_forms
from mentor_desk.documents.end_order import END_ORDER_TITLE, end_order
from mentor_desk.documents.extracts import extract
from mentor_desk.documents.orders import PAIRS_ORDER_TITLE, Term, pairs_order
from mentor_desk.documents.passport import passport
from mentor_desk.documents.pdf import pdf_bytes
from mentor_desk.domain.pairs import EndReason, Form, Kind, Status, check_program_term
from mentor_desk.domain.participants import (
    Category,
    ConsentState,
    ConsentStatus,
    ParticipantData,
)
from mentor_desk.queries.profile import SchoolProfile
from mentor_desk.services import pairs, participants
from mentor_desk.services.documents import (
    INDICATOR_PRESET,
    NO_PROFILE,
    DocKind,
    DocumentError,
    check_number,
    consent_data,
    consent_list,
    consent_problems,
    default_indicators,
    default_term,
    end_order_data,
    extract_data,
    from_payload,
    initials_last,
    issue,
    journal,
    journal_pairs,
    last_initials,
    normalize_number,
    pairs_order_data,
    passport_data,
    place_of,
    ready_for,
    record_consent_handouts,
    reopen,
    reopen_data,
    roadmap_approval,
    roadmap_doc_data,
    roadmap_order_data,
    to_payload,
)
from mentor_desk.services.profile import save_profile
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import ConsentHandout, IssuedDocument, Mentorship, Participant

PROFILE = SchoolProfile(
    full_name="Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 3»",
    short_name="МБОУ СОШ № 3",
    municipality="г. Завитинск",
    director_name="Петрова Анна Сергеевна",
    director_position="Директор",
    curators="Кравченко Елена Викторовна, заместитель директора по УВР\nСидоров С.С., педагог",
    academic_year_start=2026,
)
ORDER_DAY = date(2026, 11, 15)


def add(
    db: Database, last: str, first: str, middle: str, category: Category, **extra: object
) -> int:
    consent = {
        "consent_status": ConsentStatus.GIVEN,
        "consent_date": date(2026, 9, 1),
        "consent_signer": "сам",
        "representative_name": "Иванова Мария Петровна",
    }
    data = ParticipantData(
        last_name=last, first_name=first, middle_name=middle, category=category,
        **{**consent, **extra},  # type: ignore[arg-type]
    )  # fmt: skip
    with db.transaction() as session:
        return participants.create(session, data, TODAY)


@dataclass
class School:
    db: Database
    mentor: int  # Смирнова Ольга Петровна, учитель математики
    mentor2: int  # Андреев Борис Ильич, учитель физики
    pupil: int  # Иванов Иван Иванович, 7Б
    pupil2: int  # Петров Пётр Петрович, 7Б
    pupil3: int  # Белова Анна Олеговна, 8А
    young: int  # Молодцова Мария Ивановна, a young teacher
    pair: int  # Смирнова → Иванов
    group: int  # Андреев → Петров, Белова
    staff_pair: int  # Смирнова → Молодцова

    def draft_ids(self) -> list[int]:
        return [self.pair, self.group, self.staff_pair]


def make_school(db: Database, profile: SchoolProfile | None = PROFILE) -> School:
    if profile is not None:
        with db.transaction() as session:
            save_profile(session, profile)
    teacher = {"is_mentor": True, "capacity": 3}
    student = {"is_mentee": True, "birth_date": date(2013, 4, 1)}
    mentor = add(db, "Смирнова", "Ольга", "Петровна", Category.TEACHER,
                 position="учитель математики", **teacher)  # fmt: skip
    mentor2 = add(db, "Андреев", "Борис", "Ильич", Category.TEACHER,
                  position="учитель физики", **teacher)  # fmt: skip
    pupil = add(db, "Иванов", "Иван", "Иванович", Category.STUDENT, class_name="7Б", **student)
    pupil2 = add(db, "Петров", "Пётр", "Петрович", Category.STUDENT, class_name="7Б", **student)
    pupil3 = add(db, "Белова", "Анна", "Олеговна", Category.STUDENT, class_name="8А", **student)
    young = add(db, "Молодцова", "Мария", "Ивановна", Category.TEACHER, is_mentee=True,
                position="учитель истории", experience_years=1)  # fmt: skip
    with db.transaction() as session:
        pair = pairs.create(session, mentor, [pupil], TODAY)
        group = pairs.create(session, mentor2, [pupil2, pupil3], TODAY)
        staff_pair = pairs.create(session, mentor, [young], TODAY)
    return School(db, mentor, mentor2, pupil, pupil2, pupil3, young, pair, group, staff_pair)


@pytest.fixture
def school(db: Database) -> School:
    return make_school(db)


def issue_pairs(school: School, number: str = "45-о", on: date = ORDER_DAY,
                ids: list[int] | None = None, today: date = TODAY) -> int:  # fmt: skip
    ids = school.draft_ids() if ids is None else ids
    data = pairs_order_data(school.db.reader, ids, number, on, today)
    with school.db.transaction() as session:
        return issue(session, DocKind.PAIRS, number, on, PAIRS_ORDER_TITLE, to_payload(data),
                     ids, today)  # fmt: skip


def status(db: Database, mentorship_id: int) -> tuple[str, str, date | None]:
    with db.session() as session:
        pair = session.get(Mentorship, mentorship_id)
        assert pair is not None
        return pair.status, pair.order_number, pair.order_date


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "last_first", "first_last"),
    [
        ("Петрова Анна Сергеевна", "Петрова А.С.", "А.С. Петрова"),
        ("  Петрова   Анна  ", "Петрова А.", "А. Петрова"),
        ("Петрова А.С.", "Петрова А.С.", "А.С. Петрова"),
        ("А.С. Петрова", "Петрова А.С.", "А.С. Петрова"),
        ("А. С. Петрова", "Петрова А.С.", "А.С. Петрова"),
        ("Алиев Рашид Маммад оглы", "Алиев Р.М.", "Р.М. Алиев"),
        ("Петрова", "Петрова", "Петрова"),
        ("", "", ""),
    ],
)
def test_name_forms(typed: str, last_first: str, first_last: str):
    assert last_initials(typed) == last_first
    assert initials_last(typed) == first_last


# --- gathering the data --------------------------------------------------------------------


def test_pairs_order_data_from_register_and_profile(school: School):
    data = pairs_order_data(school.db.reader, school.draft_ids(), " 45-о ", ORDER_DAY, TODAY)
    assert data.org_full_name == PROFILE.full_name
    assert data.place == "г. Завитинск"
    assert data.number == "45-о" and data.order_date == ORDER_DAY
    assert data.director_name == "А.С. Петрова" and data.director_position == "Директор"
    assert data.curator_name == "Кравченко Е.В."
    assert data.curator_position == "заместитель директора по УВР"
    assert data.term == Term(ORDER_DAY, date(2027, 5, 31))
    assert not data.draft
    # Rows by the mentor's surname: Андреев before Смирнова; a group keeps every mentee.
    rows = [(r.mentor, r.mentor_position, r.mentees, r.form, r.kind, r.term) for r in data.pairs]
    assert rows == [
        ("Андреев Б.И.", "учитель физики", ["Петров П.П. (7Б)", "Белова А.О. (8А)"],
         Form.TEACHER_STUDENT, Kind.GROUP, None),
        ("Смирнова О.П.", "учитель математики", ["Иванов И.И. (7Б)"],
         Form.TEACHER_STUDENT, Kind.TRADITIONAL, None),
        ("Смирнова О.П.", "учитель математики", ["Молодцова М.И."],
         Form.TEACHER_TEACHER, Kind.TRADITIONAL, None),
    ]  # fmt: skip
    text = all_text(pdf_bytes(pairs_order(data)))
    for expected in ("Андреев Б.И.", "Белова А.О. (8А)", "Иванов И.И. (7Б)", "№ 45-о",
                     "15.11.2026", "А.С. Петрова", "п р и к а з ы в а ю"):  # fmt: skip
        assert expected in text


def test_pairs_order_data_options(school: School):
    term = Term(date(2026, 12, 1), date(2027, 4, 30))
    data = pairs_order_data(
        school.db.reader, [school.pair], "", None, TODAY, place="с. Иннокентьевка",
        preamble="  На основании решения педагогического совета  ",
        curator="Сидоров Семён Семёнович, педагог-организатор", term=term, draft=True,
    )  # fmt: skip
    assert data.place == "с. Иннокентьевка"
    assert data.preamble == "На основании решения педагогического совета"
    assert (data.curator_name, data.curator_position) == ("Сидоров С.С.", "педагог-организатор")
    assert data.term == term and data.draft and data.order_date is None and data.number == ""
    text = all_text(pdf_bytes(pairs_order(data)))
    assert "ПРОЕКТ" in text and "с. Иннокентьевка" in text


def test_default_term_follows_the_order_date_and_the_pairs_own_dates(school: School):
    reader = school.db.reader
    spring = pairs_order_data(reader, [school.pair], "1", date(2026, 2, 1), TODAY)
    assert spring.term == Term(date(2026, 2, 1), date(2026, 5, 31))
    summer = pairs_order_data(reader, [school.pair], "1", date(2026, 6, 20), TODAY)
    assert summer.term == Term(date(2026, 6, 20), date(2027, 5, 31))
    undated = pairs_order_data(reader, [school.pair], "", None, TODAY, draft=True)
    assert undated.term == Term(TODAY, date(2027, 5, 31))
    with school.db.transaction() as session:
        pairs.set_program(session, school.pair, "цель", "", date(2027, 4, 30))
    own = pairs_order_data(reader, [school.pair, school.group], "1", ORDER_DAY, TODAY)
    assert own.term == Term(ORDER_DAY, date(2027, 5, 31))
    smirnova = next(r for r in own.pairs if r.mentees == ["Иванов И.И. (7Б)"])
    assert smirnova.term == Term(ORDER_DAY, date(2027, 4, 30))
    alone = pairs_order_data(reader, [school.pair], "1", ORDER_DAY, TODAY)
    assert alone.term == Term(ORDER_DAY, date(2027, 4, 30)) and alone.pairs[0].term is None


def test_no_profile_no_document(db: Database):
    school = make_school(db, profile=None)
    with pytest.raises(DocumentError) as error:
        pairs_order_data(db.reader, school.draft_ids(), "1", ORDER_DAY, TODAY)
    assert str(error.value) == NO_PROFILE
    assert "Файл → Сведения об организации" in NO_PROFILE


def test_no_curator_and_no_pairs_refused(db: Database):
    school = make_school(db, profile=SchoolProfile(**{**PROFILE.__dict__, "curators": ""}))
    with pytest.raises(DocumentError, match="куратора"):
        pairs_order_data(db.reader, [school.pair], "1", ORDER_DAY, TODAY)
    data = pairs_order_data(db.reader, [school.pair], "1", ORDER_DAY, TODAY,
                            curator="Кравченко Е.В.")  # fmt: skip
    assert (data.curator_name, data.curator_position) == ("Кравченко Е.В.", "")
    with pytest.raises(DocumentError, match="Не выбрано"):
        pairs_order_data(db.reader, [], "1", ORDER_DAY, TODAY, curator="Кравченко Е.В.")
    with pytest.raises(DocumentError, match="не найдена"):
        pairs_order_data(db.reader, [9999], "1", ORDER_DAY, TODAY, curator="Кравченко Е.В.")


# --- order numbers -------------------------------------------------------------------------


def test_number_used_in_the_same_year_is_refused(school: School):
    issue_pairs(school, "45-о", ORDER_DAY, [school.pair])
    reader = school.db.reader
    message = check_number(reader, " № 45-О ", date(2026, 3, 2))
    assert message == (
        "Номер 45-О уже использован в 2026 году: приказ от 15.11.2026 "
        "«О закреплении наставнических пар (групп)». Выберите другой номер."
    )
    assert check_number(reader, "45-а", ORDER_DAY) is None  # another number
    assert check_number(reader, "46-о", ORDER_DAY) is None
    assert check_number(reader, "45-о", date(2027, 1, 11)) is None  # a new year
    assert check_number(reader, "  ", ORDER_DAY) == "Укажите номер приказа"
    with pytest.raises(DocumentError, match="уже использован в 2026 году"):
        issue_pairs(school, "45-О", date(2026, 11, 20), [school.group])
    assert status(school.db, school.group) == ("draft", "", None)  # nothing changed
    assert len(journal(reader)) == 1
    # Next year the same number is free again.
    issue_pairs(school, "45-о", date(2027, 1, 11), [school.group], today=date(2027, 1, 15))
    assert [e.number for e in journal(reader)] == ["45-о", "45-о"]


def test_numbers_of_unnumbered_documents_do_not_count(school: School):
    with school.db.transaction() as session:
        issue(session, DocKind.PASSPORT, "45-о", ORDER_DAY, "Паспорт", {}, [], TODAY)
    assert check_number(school.db.reader, "45-о", ORDER_DAY) is None


# --- issuing and the journal ----------------------------------------------------------------


def test_issue_approves_the_pairs_and_records_the_journal(school: School):
    document_id = issue_pairs(school)
    for mentorship_id in school.draft_ids():
        assert status(school.db, mentorship_id) == ("approved", "45-о", ORDER_DAY)
    [entry] = journal(school.db.reader)
    assert (entry.id, entry.kind, entry.number, entry.issued_on, entry.title, entry.pairs) == (
        document_id, DocKind.PAIRS, "45-о", ORDER_DAY, PAIRS_ORDER_TITLE, 3
    )  # fmt: skip
    assert entry.label == "Приказ о закреплении наставнических пар (групп)"
    assert journal_pairs(school.db.reader, document_id) == sorted(school.draft_ids())
    with school.db.session() as session:
        stored = session.scalars(select(IssuedDocument)).one()
        assert {p.mentorship_id for p in stored.pairs} == set(school.draft_ids())
        assert json.loads(stored.payload)["number"] == "45-о"
    assert ready_for(school.db.reader, DocKind.PAIRS, TODAY) == []


def test_issue_refusals_record_nothing(school: School):
    with pytest.raises(DocumentError, match="в будущем"):
        issue_pairs(school, "1", date(2026, 12, 1))
    issue_pairs(school, "2", ORDER_DAY, [school.pair])
    with pytest.raises(DocumentError, match="только черновики"):
        issue_pairs(school, "3", ORDER_DAY, [school.group, school.pair])
    assert status(school.db, school.group) == ("draft", "", None)
    with pytest.raises(DocumentError, match="нет ни одной пары"), school.db.transaction() as s:
        issue(s, DocKind.PAIRS, "4", ORDER_DAY, "", {}, [], TODAY)
    with pytest.raises(DocumentError, match="только завершённые"), school.db.transaction() as s:
        issue(s, DocKind.END, "5", ORDER_DAY, "", {}, [school.pair], TODAY)
    assert [e.number for e in journal(school.db.reader)] == ["2"]


def test_journal_newest_first(school: School):
    issue_pairs(school, "10", date(2026, 10, 1), [school.pair])
    issue_pairs(school, "12", date(2026, 11, 2), [school.group])
    issue_pairs(school, "11", date(2026, 10, 20), [school.staff_pair])
    assert [(e.number, e.pairs) for e in journal(school.db.reader)] == [
        ("12", 1), ("11", 1), ("10", 1)
    ]  # fmt: skip


# --- re-opening ------------------------------------------------------------------------------


def test_payload_round_trip_gives_equal_data(school: School):
    data = pairs_order_data(school.db.reader, school.draft_ids(), "45-о", ORDER_DAY, TODAY,
                            term=Term(date(2026, 12, 1), date(2027, 5, 31)))  # fmt: skip
    payload = json.loads(json.dumps(to_payload(data)))
    again = from_payload(DocKind.PAIRS, payload)
    assert again == data
    assert isinstance(again.pairs[0].form, Form) and isinstance(again.term.start, date)
    with pytest.raises(DocumentError, match="повреждена"):
        from_payload(DocKind.END, payload)  # not an order ending programs
    with pytest.raises(DocumentError, match="повреждена"):
        from_payload(DocKind.PAIRS, {**payload, "$type": "os:system"})
    with pytest.raises(DocumentError, match="повреждена"):
        from_payload(DocKind.PAIRS, {**payload, "unknown_field": 1})


def test_reopen_prints_what_was_issued(school: School):
    data = pairs_order_data(school.db.reader, school.draft_ids(), "45-о", ORDER_DAY, TODAY)
    original = all_text(pdf_bytes(pairs_order(data)))
    document_id = issue_pairs(school)
    # The register changes afterwards: the journal still prints the order as issued.
    with school.db.transaction() as session:
        person = participants.load(session, school.mentor2, TODAY)
        person.last_name = "Переименованный"
        participants.update_person(session, school.mentor2, person, TODAY)
    reopened = all_text(pdf_bytes(reopen(school.db.reader, document_id)))
    assert reopened == original
    assert "Андреев Б.И." in reopened and "Переименованный" not in reopened
    with pytest.raises(DocumentError, match="не найден"):
        reopen(school.db.reader, 9999)


# --- what is ready ---------------------------------------------------------------------------


def test_ready_for_pairs_and_end(school: School):
    reader = school.db.reader
    assert ready_for(reader, DocKind.PAIRS, TODAY) == sorted(school.draft_ids())
    assert ready_for(reader, DocKind.END, TODAY) == []
    issue_pairs(school, "45-о", ORDER_DAY, [school.pair, school.group])
    assert ready_for(reader, DocKind.PAIRS, TODAY) == [school.staff_pair]
    with school.db.transaction() as session:
        pairs.start(session, [school.pair, school.group], date(2026, 11, 16), today=TODAY)
        pairs.end(session, [school.pair], date(2026, 11, 20), EndReason.MENTEE_INITIATIVE,
                  today=TODAY)  # fmt: skip
    assert ready_for(reader, DocKind.END, TODAY) == [school.pair]
    data = end_order_data(reader, [school.pair], "50-о", date(2026, 11, 21), TODAY)
    with school.db.transaction() as session:
        issue(session, DocKind.END, "50-о", date(2026, 11, 21), "", to_payload(data),
              [school.pair], TODAY)  # fmt: skip
    assert ready_for(reader, DocKind.END, TODAY) == []
    assert status(school.db, school.pair)[0] == Status.ENDED.value
    [end, fixing] = journal(reader)
    assert (end.kind, end.title, end.pairs) == (DocKind.END, DocKind.END.journal_title, 1)
    assert fixing.kind is DocKind.PAIRS
    assert "50-о" in all_text(pdf_bytes(reopen(reader, end.id)))


def test_ready_for_consent_and_handouts(school: School):
    reader = school.db.reader
    assert ready_for(reader, DocKind.CONSENT, TODAY) == []  # everyone has a valid consent
    none = add(school.db, "Яковлев", "Яков", "", Category.TEACHER,
               consent_status=ConsentStatus.NONE, consent_date=None)  # fmt: skip
    withdrawn = add(school.db, "Абрамов", "Антон", "", Category.TEACHER,
                    consent_status=ConsentStatus.WITHDRAWN)  # fmt: skip
    archived = add(school.db, "Архивов", "Артём", "", Category.TEACHER,
                   consent_status=ConsentStatus.NONE, consent_date=None)  # fmt: skip
    with school.db.transaction() as session:
        participants.set_archived(session, [archived], True, NOW)
    assert ready_for(reader, DocKind.CONSENT, TODAY) == [withdrawn, none]  # by name
    with school.db.transaction() as session:
        record_consent_handouts(session, [none], TODAY)
    assert ready_for(reader, DocKind.CONSENT, TODAY) == [withdrawn]
    with school.db.session() as session:
        handed = session.scalars(select(ConsentHandout)).one()
        assert (handed.participant_id, handed.handed_on) == (none, TODAY)
    with pytest.raises(DocumentError, match="не найден"), school.db.transaction() as session:
        record_consent_handouts(session, [9999], TODAY)
    assert ready_for(reader, DocKind.PASSPORT, TODAY) == []


# --- the order ending programs ------------------------------------------------------------------


def test_end_order_data(school: School):
    issue_pairs(school)
    with school.db.transaction() as session:
        pairs.start(session, school.draft_ids(), date(2026, 11, 16), today=TODAY)
        pairs.end(session, [school.group], date(2026, 11, 20), EndReason.PLAN_DONE, today=TODAY)
        pairs.end(session, [school.staff_pair], date(2026, 11, 21), EndReason.MENTOR_INITIATIVE,
                  "переезд", today=TODAY)  # fmt: skip
    reader = school.db.reader
    ids = ready_for(reader, DocKind.END, TODAY)
    assert ids == [school.group, school.staff_pair]
    data = end_order_data(reader, ids, "50-о", date(2026, 11, 22), TODAY)
    assert data.curator == "Кравченко Е.В."
    assert data.director_name == "А.С. Петрова" and data.place == "г. Завитинск"
    rows = [(r.mentor, r.mentees, r.form, r.ended_on, r.reason) for r in data.rows]
    assert rows == [
        ("Андреев Б.И.", ["Петров П.П. (7Б)", "Белова А.О. (8А)"], Form.TEACHER_STUDENT,
         date(2026, 11, 20), EndReason.PLAN_DONE),
        ("Смирнова О.П.", ["Молодцова М.И."], Form.TEACHER_TEACHER, date(2026, 11, 21),
         EndReason.MENTOR_INITIATIVE),
    ]  # fmt: skip
    text = all_text(pdf_bytes(end_order(data)))
    for expected in ("Белова А.О. (8А)", "план выполнен полностью", "№ 50-о", "А.С. Петрова"):
        assert expected in text
    assert from_payload(DocKind.END, json.loads(json.dumps(to_payload(data)))) == data
    with pytest.raises(DocumentError, match="только завершённые"):
        end_order_data(reader, [school.pair], "50-о", date(2026, 11, 22), TODAY)


# --- the passport, the extracts, the consent forms --------------------------------------------


def test_doc_kinds():
    assert [k.value for k in DocKind if k.numbered] == ["pairs", "end", "roadmap"]
    assert DocKind.PASSPORT.label == "Паспорт программы наставничества"
    assert DocKind.ROADMAP.journal_title.startswith("Об утверждении дорожной карты")
    from mentor_desk.documents.roadmap_doc import RoadmapOrder
    from mentor_desk.services.documents import builder

    assert builder(DocKind.ROADMAP).data_type is RoadmapOrder  # the hook's default


def test_passport_data(school: School):
    issue_pairs(school, ids=[school.pair])
    with school.db.transaction() as session:
        pairs.start(session, [school.pair], date(2026, 11, 16), today=TODAY)
    data = passport_data(school.db.reader, TODAY)
    assert data.director == "А.С. Петрова" and data.director_position == "Директор"
    assert data.curators == [
        "Кравченко Е.В., заместитель директора по УВР",
        "Сидоров С.С., педагог",
    ]
    assert data.period == (2026, 2027)  # no roadmap: the profile's school year
    assert data.forms == ["учитель – учитель", "учитель – ученик"]
    assert (data.counts.as_of, data.counts.mentors, data.counts.mentees) == (TODAY, 2, 4)
    assert data.counts.pairs == {Status.DRAFT: 2, Status.ACTIVE: 1}
    assert data.place == "г. Завитинск" and data.org_short_name == "МБОУ СОШ № 3"
    text = all_text(pdf_bytes(passport(data)))
    assert "ПАСПОРТ" in text and "Кравченко Е.В." in text
    assert from_payload(DocKind.PASSPORT, json.loads(json.dumps(to_payload(data)))) == data


def test_extract_data_prints_only_what_consent_allows(school: School):
    no_consent = add(school.db, "Яковлев", "Яков", "", Category.STUDENT, is_mentee=True,
                     class_name="9А", birth_date=date(2011, 1, 1), phone="+7 900 000-00-00",
                     consent_status=ConsentStatus.NONE, consent_date=None)  # fmt: skip
    with school.db.transaction() as session:
        participants.update_person(
            session, school.pupil,
            ParticipantData(**{**participants.load(session, school.pupil, TODAY).__dict__,
                               "phone": "+7 914 123-45-67"}), TODAY,
        )  # fmt: skip
    reader = school.db.reader
    plain = extract_data(reader, "mentees", False, TODAY)
    assert plain.kind == "mentees" and not plain.personal and plain.as_of == TODAY
    assert [(r.full_name, r.role, r.consent) for r in plain.rows] == [
        ("Белова Анна Олеговна", "8А", True), ("Иванов Иван Иванович", "7Б", True),
        ("Молодцова Мария Ивановна", "учитель истории", True),
        ("Петров Пётр Петрович", "7Б", True), ("Яковлев Яков", "9А", False),
    ]  # fmt: skip
    assert all(r.birth_date is None and not r.phone for r in plain.rows)
    personal = extract_data(reader, "mentees", True, TODAY)
    ivanov = next(r for r in personal.rows if r.full_name.startswith("Иванов"))
    assert (ivanov.birth_date, ivanov.phone) == (date(2013, 4, 1), "+7 914 123-45-67")
    yakovlev = next(r for r in personal.rows if r.full_name.startswith("Яковлев"))
    assert (yakovlev.birth_date, yakovlev.phone, yakovlev.consent) == (None, "", False)
    text = all_text(pdf_bytes(extract(personal)))
    assert "+7 914 123-45-67" in text and "Яковлев" not in text and "+7 900" not in text
    assert (personal.signer_position, personal.signer_name) == ("Куратор", "Е.В. Кравченко")
    assert no_consent in ready_for(reader, DocKind.CONSENT, TODAY)

    mentors = extract_data(reader, "mentors", False, TODAY)
    assert [r.full_name for r in mentors.rows] == ["Андреев Борис Ильич", "Смирнова Ольга Петровна"]
    issue_pairs(school, ids=[school.pair])
    listed = extract_data(reader, "pairs", False, TODAY)
    assert [(r.mentor.full_name, [m.role for m in r.mentees], r.status, r.order)
            for r in listed.rows] == [
        ("Андреев Борис Ильич", ["7Б", "8А"], Status.DRAFT, ""),
        ("Смирнова Ольга Петровна", ["7Б"], Status.APPROVED, "№ 45-о от 15.11.2026"),
        ("Смирнова Ольга Петровна", ["учитель истории"], Status.DRAFT, ""),
    ]  # fmt: skip
    assert from_payload(DocKind.EXTRACT, json.loads(json.dumps(to_payload(listed)))) == listed
    with pytest.raises(DocumentError, match="трёх видов"):
        extract_data(reader, "parents", False, TODAY)


def test_consent_data(school: School):
    adult = add(school.db, "Яковлев", "Яков", "Ильич", Category.TEACHER,
                consent_status=ConsentStatus.NONE, consent_date=None,
                birth_date=date(1990, 5, 6))  # fmt: skip
    child = add(school.db, "Юрьев", "Юрий", "", Category.STUDENT, class_name="5А",
                birth_date=date(2015, 1, 1), consent_status=ConsentStatus.NONE,
                consent_date=None, representative_name=" Юрьева  Ольга Ивановна ")  # fmt: skip
    orphan = add(school.db, "Орлов", "Олег", "", Category.STUDENT, class_name="6А",
                 birth_date=date(2014, 1, 1), consent_status=ConsentStatus.NONE,
                 consent_date=None, representative_name="")  # fmt: skip
    forms = consent_data(school.db.reader, [adult, child, orphan], TODAY)
    assert [(f.person_name, f.minor, f.representative_name) for f in forms] == [
        ("Яковлев Яков Ильич", False, None),
        ("Юрьев Юрий", True, "Юрьева Ольга Ивановна"),
        ("Орлов Олег", True, None),
    ]
    assert {(f.org_full_name, f.today) for f in forms} == {(PROFILE.full_name, TODAY)}
    text = all_text(pdf_bytes(consent_forms(forms)))
    assert "Яковлев Яков Ильич" in text and "Юрьева Ольга Ивановна" in text
    assert from_payload(DocKind.CONSENT, json.loads(json.dumps(to_payload(forms)))) == forms
    with pytest.raises(DocumentError, match="Не выбрано"):
        consent_data(school.db.reader, [], TODAY)
    with pytest.raises(DocumentError, match="не найден"):
        consent_data(school.db.reader, [9999], TODAY)


# --- review fixes (issue 5): consent, dates, terms, place, numbers, indicators, roadmap ---


def set_consent(db: Database, person: int, status: ConsentStatus, on: date | None = None) -> None:
    with db.transaction() as session:
        data = participants.load(session, person, TODAY)
        changed = {**data.__dict__, "consent_status": status, "consent_date": on}
        participants.update_person(session, person, ParticipantData(**changed), TODAY)


def test_consent_problems_name_everyone_without_a_valid_consent(school: School):
    reader = school.db.reader
    assert consent_problems(reader, school.draft_ids(), TODAY) == []
    set_consent(school.db, school.pupil3, ConsentStatus.NONE)
    with school.db.transaction() as session:  # given, not signed (as an import may leave it)
        session.get(Participant, school.mentor).consent_signer = ""  # type: ignore[union-attr]
    problems = consent_problems(reader, school.draft_ids(), TODAY)
    # Pair by pair as asked, the mentor first; Смирнова mentors two pairs, named once.
    assert problems == [
        ("Смирнова О.П.", ConsentState.INCOMPLETE),
        ("Белова А.О. (8А)", ConsentState.MISSING),
    ]
    assert consent_list(problems) == (
        "Смирнова О.П. — оформлено не полностью, Белова А.О. (8А) — нет согласия"
    )
    assert consent_problems(reader, [school.group], TODAY) == [
        ("Белова А.О. (8А)", ConsentState.MISSING)
    ]


def test_issue_of_pairs_needs_a_confirmation_without_consent(school: School):
    set_consent(school.db, school.pupil3, ConsentStatus.NONE)
    with pytest.raises(DocumentError) as error:
        issue_pairs(school)
    assert str(error.value).startswith(
        "Нет действующего согласия на обработку персональных данных: "
        "Белова А.О. (8А) — нет согласия."
    )
    assert status(school.db, school.group) == ("draft", "", None)
    assert journal(school.db.reader) == []
    data = pairs_order_data(school.db.reader, school.draft_ids(), "45-о", ORDER_DAY, TODAY)
    with school.db.transaction() as session:
        issue(session, DocKind.PAIRS, "45-о", ORDER_DAY, PAIRS_ORDER_TITLE, to_payload(data),
              school.draft_ids(), TODAY, confirmed_without_consent=True)  # fmt: skip
    assert status(school.db, school.group) == ("approved", "45-о", ORDER_DAY)


def test_issue_of_pairs_refuses_a_withdrawn_consent_even_confirmed(school: School):
    set_consent(school.db, school.pupil, ConsentStatus.WITHDRAWN, date(2026, 9, 1))
    set_consent(school.db, school.young, ConsentStatus.WITHDRAWN, date(2026, 9, 1))
    set_consent(school.db, school.pupil3, ConsentStatus.NONE)
    data = pairs_order_data(school.db.reader, school.draft_ids(), "45-о", ORDER_DAY, TODAY)
    with pytest.raises(DocumentError) as error, school.db.transaction() as session:
        issue(session, DocKind.PAIRS, "45-о", ORDER_DAY, PAIRS_ORDER_TITLE, to_payload(data),
              school.draft_ids(), TODAY, confirmed_without_consent=True)  # fmt: skip
    assert str(error.value) == (
        "Согласие на обработку персональных данных отозвано: Иванов И.И. (7Б), Молодцова М.И.; "
        "уберите их из пар или завершите пары"
    )
    assert [status(school.db, i)[0] for i in school.draft_ids()] == ["draft"] * 3
    assert journal(school.db.reader) == []
    # Without them, the group (Белова has no consent) is issued once confirmed.
    issue_pairs_confirmed = pairs_order_data(school.db.reader, [school.group], "45-о",
                                             ORDER_DAY, TODAY)  # fmt: skip
    with school.db.transaction() as session:
        issue(session, DocKind.PAIRS, "45-о", ORDER_DAY, PAIRS_ORDER_TITLE,
              to_payload(issue_pairs_confirmed), [school.group], TODAY,
              confirmed_without_consent=True)  # fmt: skip
    assert status(school.db, school.group)[0] == "approved"


def end_pairs(school: School) -> None:
    issue_pairs(school)
    with school.db.transaction() as session:
        pairs.start(session, school.draft_ids(), date(2026, 11, 16), today=TODAY)
        pairs.end(session, [school.group], date(2026, 11, 20), EndReason.PLAN_DONE, today=TODAY)
        pairs.end(session, [school.staff_pair], date(2026, 11, 21), EndReason.MENTOR_INITIATIVE,
                  today=TODAY)  # fmt: skip


def test_the_end_order_is_not_dated_before_the_programs_ended(school: School):
    end_pairs(school)
    reader = school.db.reader
    ids = [school.group, school.staff_pair]
    with pytest.raises(DocumentError) as error:
        end_order_data(reader, ids, "50-о", date(2026, 11, 20), TODAY)
    assert str(error.value) == (
        "Дата приказа 20.11.2026 раньше завершения программ: Смирнова О.П. — Молодцова М.И. "
        "(завершена 21.11.2026). Приказ о завершении датируется не раньше дня, когда "
        "программы завершены"
    )
    data = end_order_data(reader, ids, "50-о", None, TODAY, draft=True)  # undated draft: fine
    assert data.order_date is None
    on_time = end_order_data(reader, ids, "50-о", date(2026, 11, 21), TODAY)
    with pytest.raises(DocumentError, match="раньше завершения программ: Андреев Б.И. — "
                       r"Петров П.П. \(7Б\), Белова А.О. \(8А\) \(завершена 20.11.2026\); "
                       r"Смирнова О.П. — Молодцова М.И. \(завершена 21.11.2026\)"), \
            school.db.transaction() as session:  # fmt: skip
        issue(session, DocKind.END, "50-о", date(2026, 11, 19), END_ORDER_TITLE,
              to_payload(on_time), ids, TODAY)  # fmt: skip
    assert [e.kind for e in journal(reader)] == [DocKind.PAIRS]
    with school.db.transaction() as session:
        issue(session, DocKind.END, "50-о", date(2026, 11, 21), END_ORDER_TITLE,
              to_payload(on_time), ids, TODAY)  # fmt: skip
    assert [e.kind for e in journal(reader)] == [DocKind.END, DocKind.PAIRS]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 2, 1), date(2026, 5, 31)),
        (date(2026, 3, 2), date(2026, 5, 31)),  # 90 days: 3 months still
        (date(2026, 3, 10), date(2027, 3, 10)),  # to 31 May next year is over a year
        (date(2026, 5, 20), date(2027, 5, 20)),  # the reviewer's May order: not 20.05-31.05
        (date(2026, 5, 31), date(2027, 5, 31)),
        (date(2026, 6, 20), date(2027, 5, 31)),
        (date(2026, 9, 1), date(2027, 5, 31)),
    ],
)
def test_default_term_runs_three_months_to_a_year(start: date, end: date):
    term = default_term(start)
    assert term == Term(start, end)
    assert check_program_term(term.start, term.end) is None


@pytest.mark.parametrize(
    ("address", "municipality", "place"),
    [
        ("676870, Амурская область, г. Завитинск, ул. Куйбышева, д. 3",
         "Завитинский муниципальный округ", "г. Завитинск"),
        ("Амурская обл., Завитинский р-н, с.Антоновка, ул. Мира, д.1", "", "с. Антоновка"),
        ("Иркутская обл., пгт Усть-Ордынский, ул. Ленина, 5", "", "пгт Усть-Ордынский"),
        ("р.п. Прогресс, ул. Мира, д. 2", "", "р.п. Прогресс"),
        ("ст-ца Ленинградская", "", "ст-ца Ленинградская"),
        ("город Белогорск, ул. Кирова", "", "город Белогорск"),
        ("посёлок Новый, д. 5", "", "посёлок Новый"),
        ("ул. Ленина, д. 3, с. 2", "Завитинский муниципальный округ",
         "Завитинский муниципальный округ"),  # дом and строение are no settlements
        ("", " Завитинский  муниципальный округ ", "Завитинский муниципальный округ"),
    ],
)  # fmt: skip
def test_the_place_is_the_settlement_of_the_address(address: str, municipality: str, place: str):
    profile = SchoolProfile(**{**PROFILE.__dict__, "address": address,
                               "municipality": municipality})  # fmt: skip
    assert place_of(profile) == place


def test_orders_print_the_settlement_not_the_municipality(db: Database):
    address = "676870, Амурская обл., г. Завитинск, ул. Куйбышева, 3"
    municipality = "Завитинский муниципальный округ"
    profile = SchoolProfile(**{**PROFILE.__dict__, "municipality": municipality,
                               "address": address})  # fmt: skip
    school = make_school(db, profile)
    data = pairs_order_data(db.reader, [school.pair], "1", ORDER_DAY, TODAY)
    assert data.place == "г. Завитинск"
    assert passport_data(db.reader, TODAY).place == "г. Завитинск"
    typed = pairs_order_data(db.reader, [school.pair], "1", ORDER_DAY, TODAY, place="с. Ивановка")
    assert typed.place == "с. Ивановка"


@pytest.mark.parametrize(
    "typed", ["45-о", "45-o", "45–о", "45—о", "45−о", "45‐о", "45 -о", "45 - о", "№ 45-О",
              "45-O", " 45 ‑ о "],
)  # fmt: skip
def test_normalize_number_folds_look_alikes_and_dashes(typed: str):
    assert normalize_number(typed) == normalize_number("45-о") == "45-о"


def test_a_look_alike_number_is_refused_as_used(school: School):
    issue_pairs(school, "45-о", ORDER_DAY, [school.pair])
    for typed in ("45-o", "45–о", "45 -о", "45-O"):
        assert "уже использован" in (check_number(school.db.reader, typed, ORDER_DAY) or "")
    assert check_number(school.db.reader, "45-а", ORDER_DAY) is None
    assert check_number(school.db.reader, "145-о", ORDER_DAY) is None


def test_a_student_without_a_birth_date_gets_the_representatives_form(school: School):
    unknown = add(school.db, "Зайцев", "Заур", "", Category.STUDENT, class_name="3А",
                  consent_status=ConsentStatus.NONE, consent_date=None,
                  representative_name="Зайцева Зоя Зиновьевна")  # fmt: skip
    staff = add(school.db, "Волков", "Влад", "", Category.TEACHER,
                consent_status=ConsentStatus.NONE, consent_date=None)  # fmt: skip
    forms = consent_data(school.db.reader, [unknown, staff], TODAY)
    assert [(f.person_name, f.minor, f.representative_name) for f in forms] == [
        ("Зайцев Заур", True, "Зайцева Зоя Зиновьевна"),
        ("Волков Влад", False, None),  # an adult of unknown age signs their own
    ]
    text = all_text(pdf_bytes(consent_forms(forms[:1])))
    assert "несовершеннолетнего" in text and "Зайцева Зоя Зиновьевна" in text


def test_the_passport_has_the_put_k_uspehu_indicators(school: School):
    preset = default_indicators()
    assert [(i.project, i.target, i.actual) for i in preset] == [
        ("«Современная школа»", "70%", ""),
        ("«Современная школа»", "70%", ""),
        ("«Успех каждого ребенка»", "70%", ""),
    ]
    assert preset[1].name == (
        "Не менее 70 % учителей в возрасте до 35 лет вовлечены в различные формы поддержки "
        "и сопровождения в первые три года работы"
    )
    data = passport_data(school.db.reader, TODAY)
    assert data.indicators == preset
    text = all_text(pdf_bytes(passport(data)))
    assert "Показатели эффективности реализации программы наставничества" in text
    assert "занятых в ДОП, вовлечены в различные формы наставничества" in text
    assert passport_data(school.db.reader, TODAY, indicators=[]).indicators == []


def test_the_indicator_preset_is_shipped_as_a_resource():
    from mentor_desk.paths import resource

    preset = json.loads(resource("indicators", "put_k_uspehu.json").read_text(encoding="utf-8"))
    assert INDICATOR_PRESET == ("indicators", "put_k_uspehu.json")
    assert [i["targets"] for i in preset["indicators"]] == [
        {"2022": 35, "2023": 50, "2024": 70},
        {"2022": 50, "2023": 60, "2024": 70},
        {"2022": 35, "2023": 50, "2024": 70},
    ]


def make_roadmap(db: Database) -> int:
    from mentor_desk.services import roadmap

    with db.transaction() as session:
        return roadmap.create(session, "Дорожная карта на 2026-2028 годы", 2026, 2028,
                              "zavitinsk_sample", TODAY)  # fmt: skip


def approve_roadmap(db: Database, roadmap_id: int, number: str, on: date) -> int:
    data = roadmap_order_data(db.reader, roadmap_id, number, on, TODAY)
    with db.transaction() as session:
        return issue(session, DocKind.ROADMAP, data.number, on, data.title, to_payload(data),
                     [], TODAY)  # fmt: skip


def test_the_roadmap_remembers_its_approval(school: School):
    reader = school.db.reader
    made = make_roadmap(school.db)
    assert roadmap_approval(reader, made) is None
    assert roadmap_doc_data(reader, made, TODAY).approved_by_order is None  # «УТВЕРЖДАЮ»
    order = roadmap_order_data(reader, made, "12-о", date(2026, 11, 2), TODAY)
    assert order.roadmap_id == made
    approve_roadmap(school.db, made, "12-о", date(2026, 11, 2))
    assert roadmap_approval(reader, made) == ("12-о", date(2026, 11, 2))
    doc = roadmap_doc_data(reader, made, TODAY)
    assert doc.approved_by_order == ("12-о", date(2026, 11, 2))
    from mentor_desk.documents.roadmap_doc import roadmap_document

    text = all_text(pdf_bytes(roadmap_document(doc)))
    assert "Приложение к приказу от 2 ноября 2026 г. № 12-о" in text and "УТВЕРЖДАЮ" not in text
    stamp = roadmap_doc_data(reader, made, TODAY, approved_by_order=None)
    assert stamp.approved_by_order is None  # asked for the stamp: the stamp
    # A new order may approve it again after changes: the latest one counts.
    approve_roadmap(school.db, made, "20-о", date(2026, 11, 20))
    assert roadmap_approval(reader, made) == ("20-о", date(2026, 11, 20))
    other = make_roadmap(school.db)
    assert roadmap_approval(reader, other) is None
    kind, reopened = reopen_data(reader, journal(reader)[0].id)
    assert kind is DocKind.ROADMAP and reopened.roadmap_id == made


def test_the_director_is_not_acquainted_with_the_roadmap_order(db: Database):
    profile = SchoolProfile(**{**PROFILE.__dict__, "curators": "Петрова А.С., директор"})
    make_school(db, profile)
    made = make_roadmap(db)
    order = roadmap_order_data(db.reader, made, "12-о", date(2026, 11, 2), TODAY)
    assert order.director_name == "А.С. Петрова"
    assert "Петрова А.С." not in order.acquainted


# --- one use case for every order (services.orders) --------------------------------------


def test_a_typed_sign_is_cleaned_once_for_the_journal_and_the_print(school: School):
    """«№ 99-о» typed: the journal records 99-о and the order prints «№ 99-о», once."""
    from dataclasses import replace

    from mentor_desk.services import orders

    reader = school.db.reader
    edited = replace(orders.pairs_order_defaults(reader, school.draft_ids(), TODAY),
                     number="№ 99-о", order_date=ORDER_DAY)  # fmt: skip
    order = orders.order_of(DocKind.PAIRS, edited, school.draft_ids())
    assert order.number == "99-о"
    assert orders.number_problem(reader, "№ 99-о", ORDER_DAY) is None
    with school.db.transaction() as session:
        entry = orders.issue_order(session, order, TODAY)
    assert journal(reader)[0].number == "99-о"
    assert status(school.db, school.pair) == ("approved", "99-о", ORDER_DAY)
    for document in (order.document(), reopen(reader, entry)):
        text = all_text(pdf_bytes(document))
        assert "№ 99-о" in text and "№ № 99-о" not in text
    assert reopen_data(reader, entry)[1].number == "99-о"
    assert "уже использован" in (orders.number_problem(reader, "99-O", ORDER_DAY) or "")


def test_every_kind_of_order_is_issued_through_one_service(school: School):
    from mentor_desk.services import orders

    reader, db = school.db.reader, school.db
    assert orders.number_problem(reader, "1", None) == "Укажите дату приказа"
    made = make_roadmap(db)
    approval = orders.roadmap_order(reader, made, " № 12-о ", ORDER_DAY, TODAY,
                                    preamble="  В целях наставничества  ")  # fmt: skip
    assert approval.number == "12-о" and approval.mentorship_ids == ()
    assert approval.data.preamble == "В целях наставничества"
    assert approval.title == approval.data.title
    with db.transaction() as session:
        orders.issue_order(session, approval, TODAY)
    assert roadmap_approval(reader, made) == ("12-о", ORDER_DAY)
    pairs_order = orders.pairs_order(reader, [school.pair], "13-о", ORDER_DAY, TODAY)
    with db.transaction() as session:
        orders.issue_order(session, pairs_order, TODAY)
    with db.transaction() as session:
        pairs.start(session, [school.pair], ORDER_DAY, today=TODAY)
        pairs.end(session, [school.pair], date(2026, 11, 20), EndReason.PLAN_DONE, today=TODAY)
    end = orders.end_order(reader, [school.pair], "14-о", date(2026, 11, 21), TODAY)
    assert end.title == END_ORDER_TITLE
    with pytest.raises(ValueError), db.transaction() as session:
        orders.issue_order(session, end.as_draft(), TODAY)
    with db.transaction() as session:
        orders.issue_order(session, end, TODAY)
    assert [e.number for e in journal(reader)] == ["14-о", "13-о", "12-о"]


def test_the_consent_gate_says_before_issuing_what_issuing_refuses(school: School):
    from mentor_desk.services import orders
    from mentor_desk.services.documents import ConsentUnconfirmed, ConsentWithdrawn

    db = school.db
    with db.transaction() as session:
        person = session.get(Participant, school.pupil)
        assert person is not None
        person.consent_status = ConsentStatus.NONE.value
    order = orders.pairs_order(db.reader, [school.pair], "5-о", ORDER_DAY, TODAY)
    with pytest.raises(ConsentUnconfirmed) as asked:
        orders.consent_gate(db.reader, order, TODAY)
    assert asked.value.problems == [("Иванов И.И. (7Б)", ConsentState.MISSING)]
    orders.consent_gate(db.reader, order, TODAY, confirmed=True)
    with pytest.raises(ConsentUnconfirmed), db.transaction() as session:
        orders.issue_order(session, order, TODAY)
    with db.transaction() as session:
        person = session.get(Participant, school.pupil)
        assert person is not None
        person.consent_status = ConsentStatus.WITHDRAWN.value
        person.consent_date = date(2026, 10, 1)
    with pytest.raises(ConsentWithdrawn):
        orders.consent_gate(db.reader, order, TODAY, confirmed=True)
    with pytest.raises(ConsentWithdrawn), db.transaction() as session:
        orders.issue_order(session, order, TODAY, confirmed_without_consent=True)
    assert journal(db.reader) == []
