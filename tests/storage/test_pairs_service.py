"""services.pairs: the rules of making, changing and ending pairs, and undo snapshots."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from tests.helpers import TODAY

from mentor_desk.domain.pairs import EndReason, EventKind, Form, Kind, MeetingKind, Status
from mentor_desk.domain.participants import Category, ConsentStatus, ParticipantData
from mentor_desk.services import pairs, participants
from mentor_desk.services.board import read_board
from mentor_desk.services.pairs import PairError
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import Mentorship, MentorshipEvent, Preference


def _person(db: Database, last: str, category: Category, **extra: object) -> int:
    data = ParticipantData(
        last_name=last, first_name="Имя", category=category,
        consent_status=ConsentStatus.GIVEN, consent_date=date(2026, 9, 1),
        consent_signer="сам", representative_name="Представитель",
        **extra,  # type: ignore[arg-type]
    )  # fmt: skip
    with db.transaction() as session:
        return participants.create(session, data, TODAY)


@pytest.fixture
def school(db: Database) -> dict[str, int]:
    teacher = {"is_mentor": True, "capacity": 2, "position": "учитель"}
    return {
        "teacher": _person(db, "Учитель", Category.TEACHER, **teacher),
        "teacher2": _person(db, "Другой", Category.TEACHER, **teacher),
        "partner": _person(db, "Партнёр", Category.PARTNER, is_mentor=True, organization="ООО"),
        "pupil": _person(db, "Ученик", Category.STUDENT, class_name="7Б", is_mentee=True,
                         birth_date=date(2013, 1, 1)),
        "pupil2": _person(db, "Второй", Category.STUDENT, class_name="7Б", is_mentee=True,
                          birth_date=date(2013, 2, 2)),
        "young": _person(db, "Молодой", Category.TEACHER, is_mentee=True, experience_years=1),
    }  # fmt: skip


def _pair(db: Database, pair_id: int) -> Mentorship:
    with db.session() as session:
        pair = session.get(Mentorship, pair_id)
        assert pair is not None
        session.expunge(pair)
        return pair


def test_the_form_follows_the_categories_and_only_allowed_ones_are_accepted(db, school):
    with db.transaction() as s:
        pair = pairs.create(s, school["teacher"], [school["pupil"]], TODAY)
        young = pairs.create(s, school["partner"], [school["young"]], TODAY)
    assert Form(_pair(db, pair).form) is Form.TEACHER_STUDENT
    assert Form(_pair(db, young).form) is Form.LECTURER_YOUNG_TEACHER
    with pytest.raises(PairError, match="не подходит"), db.transaction() as s:
        pairs.set_form_kind(s, pair, Form.STUDENT_STUDENT, Kind.TRADITIONAL, TODAY)
    with db.transaction() as s:
        pairs.set_form_kind(s, young, Form.PARTNER_TEACHER, Kind.VIRTUAL, TODAY)
    assert (_pair(db, young).form, _pair(db, young).kind) == ("partner_teacher", "virtual")


def test_a_mentee_is_in_one_live_pair_only_and_not_their_own_mentor(db, school):
    with db.transaction() as s:
        pairs.create(s, school["teacher"], [school["pupil"]], TODAY)
    with pytest.raises(PairError, match="уже в паре"), db.transaction() as s:
        pairs.create(s, school["teacher2"], [school["pupil"]], TODAY)
    with pytest.raises(PairError, match="своим наставляемым"), db.transaction() as s:
        pairs.create(s, school["teacher"], [school["teacher"]], TODAY)


def test_group_add_remove_move_and_split(db, school):
    with db.transaction() as s:
        group = pairs.create(s, school["teacher"], [school["pupil"]], TODAY)
        pairs.add_mentee(s, group, school["pupil2"], TODAY)
    assert Kind(_pair(db, group).kind) is Kind.GROUP
    with db.transaction() as s:
        moved_to = pairs.move_mentee(s, school["pupil2"], TODAY, to_mentor=school["teacher2"])
    assert _pair(db, group).kind == "traditional"
    assert _pair(db, moved_to).mentor_id == school["teacher2"]
    with db.transaction() as s:
        pairs.move_mentee(s, school["pupil2"], TODAY, to_mentorship=group)  # back; empty goes
    with db.session() as s:
        assert s.get(Mentorship, moved_to) is None
    with db.transaction() as s:
        made = pairs.split_group(s, group, TODAY)
    assert len(made) == 1 and _pair(db, made[0]).mentor_id == school["teacher"]


def test_lifecycle_with_history_and_its_refusals(db, school):
    with db.transaction() as s:
        pair = pairs.create(s, school["teacher"], [school["pupil"]], TODAY)
    with pytest.raises(PairError, match="только пара, утверждённая"), db.transaction() as s:
        pairs.start(s, [pair], TODAY)
    with pytest.raises(PairError, match="не завершают"), db.transaction() as s:
        pairs.end(s, [pair], TODAY, EndReason.PLAN_DONE)
    with db.transaction() as s:
        pairs.approve(s, [pair], " 45-о ", date(2026, 9, 20), TODAY)
        pairs.start(s, [pair], date(2026, 9, 25), date(2027, 5, 25), today=TODAY)
    with pytest.raises(PairError, match="не меньше 3 месяцев"), db.transaction() as s:
        other = pairs.create(s, school["teacher2"], [school["pupil2"]], TODAY)
        pairs.approve(s, [other], "46", TODAY, TODAY)
        pairs.start(s, [other], TODAY, date(2027, 1, 1), today=TODAY)
    with db.transaction() as s:
        pairs.extend(s, pair, date(2027, 6, 20), TODAY, "по согласию сторон")
        pairs.change_mentor(s, pair, school["teacher2"], TODAY, TODAY, "болезнь")
        pairs.end(s, [pair], TODAY, EndReason.CURATOR_INITIATIVE, "не встречались")
    with db.session() as s:
        query = select(MentorshipEvent).where(MentorshipEvent.mentorship_id == pair)
        events = [(e.kind, e.text) for e in s.scalars(query)]
    assert [k for k, _ in events] == [
        EventKind.CREATED, EventKind.APPROVED, EventKind.STARTED, EventKind.EXTENDED,
        EventKind.MENTOR_CHANGED, EventKind.ENDED,
    ]  # fmt: skip
    assert "приказ № 45-о от 20.09.2026" in events[1][1]
    assert "было до 25.05.2027" in events[3][1]
    ended = _pair(db, pair)
    assert (ended.status, ended.end_reason) == ("ended", "curator_initiative")


def test_warnings_on_the_board(db, school):
    unsigned = _person(db, "Безсогласия", Category.STUDENT, class_name="5А", is_mentee=True)
    with db.transaction() as s:
        person = participants.load(s, unsigned, TODAY)
        person.consent_status = ConsentStatus.NONE
        participants.update_person(s, unsigned, person, TODAY)
        pairs.create(s, school["teacher"], [school["pupil"], school["pupil2"], unsigned], TODAY)
    board = read_board(db.reader, TODAY)
    (card,) = board.cards
    text = " | ".join(card.warnings)
    assert "Безсогласия И.: нет действующего согласия" in text
    assert "не прошёл обучение" in text and "письменного согласия" in text
    assert "наставляемых 3, а может вести не больше 2" in text
    assert board.load[school["teacher"]] == 3


def test_no_meetings_flag_after_the_set_weeks(db, school):
    with db.transaction() as s:
        pair = pairs.create(s, school["teacher"], [school["pupil"]], TODAY)
        pairs.approve(s, [pair], "1", date(2026, 9, 1), TODAY)
        pairs.start(s, [pair], date(2026, 9, 2), today=TODAY)
        pairs.add_meeting(s, pair, date(2026, 10, 1), MeetingKind.INTRODUCTION, "", TODAY)
    (card,) = read_board(db.reader, TODAY).cards
    assert card.no_meetings and "нет встреч больше 4 недель" in card.warnings
    (card,) = read_board(db.reader, TODAY, no_meetings_weeks=10).cards
    assert not card.no_meetings


def test_snapshot_and_restore_put_a_pair_back_exactly(db, school):
    with db.transaction() as s:
        pair = pairs.create(s, school["teacher"], [school["pupil"], school["pupil2"]], TODAY)
        pairs.approve(s, [pair], "7", date(2026, 9, 1), TODAY)
        pairs.start(s, [pair], date(2026, 9, 2), today=TODAY)
        pairs.set_plan(s, pair, [("Знакомство", date(2026, 9, 10), date(2026, 9, 9))], TODAY)
        pairs.add_meeting(s, pair, date(2026, 9, 9), MeetingKind.INTRODUCTION, "ок", TODAY)
        before = pairs.snapshot(s, [pair])
    with db.transaction() as s:
        pairs.end(s, [pair], TODAY, EndReason.PLAN_DONE)
        after = pairs.snapshot(s, [pair])
    with db.transaction() as s:
        pairs.restore(s, before)
    with db.transaction() as s:
        assert pairs.snapshot(s, [pair]) == before
    with db.transaction() as s:
        pairs.restore(s, after)
    assert Status(_pair(db, pair).status) is Status.ENDED
    with db.transaction() as s:
        pairs.restore(s, {pair: None})
    with db.session() as s:
        assert s.get(Mentorship, pair) is None


def test_erasing_a_person_takes_their_pairs_and_leaves_no_empty_ones(db, school):
    with db.transaction() as s:
        group = pairs.create(s, school["teacher"], [school["pupil"], school["pupil2"]], TODAY)
        single = pairs.create(s, school["teacher2"], [school["young"]], TODAY)
        pairs.set_preferences(s, school["pupil"], True, [school["teacher"]])
        summary = participants.erasure_summary(s, school["young"])
    assert (summary.pairs_as_mentor, summary.pairs_as_mentee) == (0, 1)
    with db.transaction() as s:
        participants.erase(s, school["young"])  # the only mentee: the pair goes
        participants.erase(s, school["pupil"])  # one of two: the group stays
    with db.session() as s:
        assert s.get(Mentorship, single) is None
        kept = s.get(Mentorship, group)
        assert kept is not None and [m.participant_id for m in kept.mentees] == [school["pupil2"]]
        assert s.scalars(select(Preference)).all() == []
