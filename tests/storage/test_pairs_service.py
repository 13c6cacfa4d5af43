"""services.pairs: the rules of making, changing and ending pairs, and undo snapshots."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from tests.helpers import NOW, TODAY

from mentor_desk.domain.pairs import EndReason, EventKind, Form, Kind, MeetingKind, Status
from mentor_desk.domain.participants import Category, ConsentStatus, ParticipantData
from mentor_desk.queries import board as board_reads
from mentor_desk.queries import pairs as program_reads
from mentor_desk.queries.board import read_board
from mentor_desk.services import pairs, participants
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
        "partner": _person(db, "Партнёр", Category.PARTNER, is_mentor=True,
                           organization="Амурский педагогический колледж"),
        "firm": _person(db, "Фирма", Category.PARTNER, is_mentor=True, organization="ООО"),
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
        pairs.start(s, [pair], TODAY, today=TODAY)
    with pytest.raises(PairError, match="не завершают"), db.transaction() as s:
        pairs.end(s, [pair], TODAY, EndReason.PLAN_DONE, today=TODAY)
    with db.transaction() as s:
        pairs.approve(s, [pair], " 45-о ", date(2026, 9, 20), TODAY)
        pairs.start(s, [pair], date(2026, 9, 25), date(2027, 5, 25), today=TODAY)
    with pytest.raises(PairError, match="не меньше 3 месяцев"), db.transaction() as s:
        other = pairs.create(s, school["teacher2"], [school["pupil2"]], TODAY)
        pairs.approve(s, [other], "46", TODAY, TODAY)
        pairs.start(s, [other], TODAY, date(2027, 1, 1), today=TODAY)
    with db.transaction() as s:
        pairs.extend(s, pair, date(2027, 6, 20), TODAY, "по согласию сторон", today=TODAY)
        pairs.change_mentor(s, pair, school["teacher2"], TODAY, TODAY, "болезнь")
        pairs.end(s, [pair], TODAY, EndReason.CURATOR_INITIATIVE, "не встречались", today=TODAY)
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
    assert "обучение наставников не пройдено" in text and "письменного согласия" in text
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
        pairs.end(s, [pair], TODAY, EndReason.PLAN_DONE, today=TODAY)
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


# --- the rules the services enforce, not only the dialogs (issue 4 review) --------------


def _events(db: Database, pair_id: int) -> list[tuple[str, str]]:
    with db.session() as s:
        query = (
            select(MentorshipEvent)
            .where(MentorshipEvent.mentorship_id == pair_id)
            .order_by(MentorshipEvent.id)
        )
        return [(e.kind, e.text) for e in s.scalars(query)]


def _working(db: Database, mentor: int, mentees: list[int], started: date) -> int:
    with db.transaction() as s:
        pair = pairs.create(s, mentor, mentees, TODAY)
        pairs.approve(s, [pair], "1-о", date(2026, 9, 1), TODAY)
        pairs.start(s, [pair], started, today=TODAY)
    return pair


def test_end_extend_and_change_of_mentor_refuse_what_the_dialogs_refuse(db, school):
    pair = _working(db, school["teacher"], [school["pupil"]], date(2026, 9, 2))
    with pytest.raises(PairError, match="не может быть в будущем"), db.transaction() as s:
        pairs.end(s, [pair], date(2026, 11, 24), EndReason.PLAN_DONE, today=TODAY)
    early = r"раньше начала работы \(02\.09\.2026\)"
    with pytest.raises(PairError, match=early), db.transaction() as s:
        pairs.end(s, [pair], date(2026, 9, 1), EndReason.PLAN_DONE, today=TODAY)
    with pytest.raises(PairError, match="не больше 1 года: продлить можно не дальше чем до "
                       r"02\.09\.2027"), db.transaction() as s:  # fmt: skip
        pairs.extend(s, pair, date(2027, 9, 3), TODAY, today=TODAY)
    with pytest.raises(PairError, match="позже прежней"), db.transaction() as s:
        pairs.extend(s, pair, date(2027, 5, 31), TODAY, today=TODAY)
    with pytest.raises(PairError, match="Дата продления"), db.transaction() as s:
        pairs.extend(s, pair, date(2027, 6, 30), date(2026, 11, 24), today=TODAY)
    future, early = date(2026, 11, 24), date(2026, 9, 1)
    for on, message in ((future, "не может быть в будущем"), (early, "раньше начала работы")):
        with pytest.raises(PairError, match=message), db.transaction() as s:
            pairs.change_mentor(s, pair, school["teacher2"], on, TODAY)
    assert _pair(db, pair).mentor_id == school["teacher"]
    with db.transaction() as s:
        pairs.extend(s, pair, date(2027, 9, 2), TODAY, today=TODAY)  # a year to the day
        pairs.change_mentor(s, pair, school["teacher2"], date(2026, 9, 2), TODAY)
        pairs.end(s, [pair], TODAY, EndReason.PLAN_DONE, today=TODAY)
    assert _pair(db, pair).ends_on == date(2027, 9, 2)
    with db.transaction() as s:  # a pair not started: not before its order
        draft = pairs.create(s, school["teacher"], [school["pupil2"]], TODAY)
        pairs.approve(s, [draft], "2-о", date(2026, 10, 1), TODAY)
    for action in (
        lambda s: pairs.change_mentor(s, draft, school["teacher2"], date(2026, 9, 30), TODAY),
        lambda s: pairs.end(s, [draft], date(2026, 9, 30), EndReason.MENTEE_INITIATIVE,
                            today=TODAY),
    ):  # fmt: skip
        before_order = r"раньше приказа \(01\.10\.2026\)"
        with pytest.raises(PairError, match=before_order), db.transaction() as s:
            action(s)


def test_start_defaults_to_the_end_of_lessons_as_the_order_does(db, school):
    pair = _working(db, school["teacher"], [school["pupil"]], date(2026, 9, 2))
    assert _pair(db, pair).ends_on == date(2027, 5, 31)
    with db.transaction() as s:
        late = pairs.create(s, school["teacher2"], [school["pupil2"]], TODAY)
        pairs.approve(s, [late], "3-о", TODAY, TODAY)
        pairs.start(s, [late], date(2026, 12, 10), today=TODAY)
    assert _pair(db, late).ends_on == date(2027, 5, 31)


def test_a_working_programs_end_changes_only_by_extension(db, school):
    pair = _working(db, school["teacher"], [school["pupil"]], date(2026, 9, 2))
    with pytest.raises(PairError, match="продлением"), db.transaction() as s:
        pairs.set_program(s, pair, "Цель", "", date(2027, 4, 30))
    with db.transaction() as s:
        pairs.set_program(s, pair, "Цель", "", date(2027, 5, 31))  # the same end: fine
        pairs.set_program(s, pair, "Цель 2", "", None)
    assert (_pair(db, pair).goal, _pair(db, pair).ends_on) == ("Цель 2", date(2027, 5, 31))
    with db.transaction() as s:
        pairs.end(s, [pair], TODAY, EndReason.MENTEE_INITIATIVE, today=TODAY)
    with pytest.raises(PairError, match="завершена"), db.transaction() as s:
        pairs.set_program(s, pair, "Цель", "", date(2027, 4, 30))


def test_a_partner_not_from_a_college_gets_no_lecturer_form(db, school):
    with db.transaction() as s:
        assert pairs.allowed_forms(s, school["firm"], [school["young"]], TODAY) == [
            Form.PARTNER_TEACHER
        ]
        pair = pairs.create(s, school["firm"], [school["young"]], TODAY)
    assert Form(_pair(db, pair).form) is Form.PARTNER_TEACHER
    with pytest.raises(PairError, match="не подходит"), db.transaction() as s:
        pairs.set_form_kind(s, pair, Form.LECTURER_YOUNG_TEACHER, Kind.TRADITIONAL, TODAY)


def test_form_and_kind_changes_past_a_draft_are_in_the_history(db, school):
    with db.transaction() as s:
        draft = pairs.create(s, school["partner"], [school["young"]], TODAY)
        pairs.set_form_kind(s, draft, Form.PARTNER_TEACHER, Kind.VIRTUAL, TODAY)
    assert [k for k, _ in _events(db, draft)] == [EventKind.CREATED]  # a draft: no trace
    with db.transaction() as s:
        pairs.approve(s, [draft], "5-о", date(2026, 9, 1), TODAY)
        pairs.set_form_kind(s, draft, Form.PARTNER_TEACHER, Kind.VIRTUAL, TODAY)  # no change
        pairs.set_form_kind(s, draft, Form.LECTURER_YOUNG_TEACHER, Kind.VIRTUAL, TODAY)
    kind, text = _events(db, draft)[-1]
    assert kind == EventKind.FORM_CHANGED
    assert EventKind.FORM_CHANGED.label == "изменены форма или вид"
    assert text == ("форма: социальный партнёр – педагог → педагог вуза/колледжа – молодой педагог")
    assert [k for k, _ in _events(db, draft)].count(EventKind.FORM_CHANGED) == 1
    # A mentee who allows fewer forms switches the form: the event says so.
    senior = _person(db, "Старший", Category.TEACHER, is_mentee=True, experience_years=12)
    with db.transaction() as s:
        pairs.add_mentee(s, draft, senior, TODAY)
    kind, text = _events(db, draft)[-1]
    assert kind == EventKind.MENTEE_ADDED
    assert text == (
        "Старший Имя; форма: педагог вуза/колледжа – молодой педагог → социальный партнёр – педагог"
    )
    # So does a new mentor of another category.
    pair = _working(db, school["teacher"], [school["pupil"]], date(2026, 9, 2))
    with db.transaction() as s:
        pairs.change_mentor(s, pair, school["partner"], TODAY, TODAY, "болезнь")
    kind, text = _events(db, pair)[-1]
    assert text == (
        "Учитель Имя → Партнёр Имя; форма: учитель – ученик → работодатель – ученик; болезнь"
    )
    # An ended pair keeps its form.
    with db.transaction() as s:
        pairs.end(s, [pair], TODAY, EndReason.MENTOR_INITIATIVE, today=TODAY)
    with pytest.raises(PairError, match="завершена"), db.transaction() as s:
        pairs.set_form_kind(s, pair, Form.EMPLOYER_STUDENT, Kind.VIRTUAL, TODAY)


def test_split_keeps_the_kind_the_history_and_the_order(db, school):
    from mentor_desk.storage.models import IssuedDocument, IssuedDocumentPair

    third = _person(db, "Третий", Category.STUDENT, class_name="7Б", is_mentee=True,
                    birth_date=date(2013, 3, 3))  # fmt: skip
    group = _working(db, school["teacher"], [school["pupil"], school["pupil2"], third],
                     date(2026, 9, 2))  # fmt: skip
    with db.transaction() as s:
        pairs.set_form_kind(s, group, Form.TEACHER_STUDENT, Kind.VIRTUAL, TODAY)
        order = IssuedDocument(kind="pairs", number="1-о", issued_on=date(2026, 9, 1),
                               title="О закреплении", payload="{}")  # fmt: skip
        order.pairs = [IssuedDocumentPair(mentorship_id=group)]
        s.add(order)
        s.flush()
        order_id = order.id
        before = pairs.snapshot(s, [group])
    with db.transaction() as s:
        made = pairs.split_group(s, group, TODAY)
        after = pairs.snapshot(s, [group, *made])
    assert len(made) == 2
    history = _events(db, group)
    for pair_id, name in zip(made, ("Второй Имя", "Третий Имя"), strict=True):
        pair = _pair(db, pair_id)
        assert (pair.kind, pair.status, pair.order_number) == ("virtual", "active", "1-о")
        events = _events(db, pair_id)
        assert events[: len(history) - 2] == history[:-2]  # the group's history so far
        assert events[-1] == (EventKind.CREATED, "выделена из группы")
        assert (EventKind.MENTEE_REMOVED, f"{name}: выделен(а) в отдельную пару") in history
    with db.session() as s:
        linked = s.scalars(select(IssuedDocumentPair.mentorship_id)
                           .where(IssuedDocumentPair.document_id == order_id)).all()  # fmt: skip
    assert sorted(linked) == sorted([group, *made])  # the order approves the parts
    assert _pair(db, group).kind == "virtual"
    # Undo and redo keep the journal's links.
    with db.transaction() as s:
        pairs.restore(s, {**before, **{i: None for i in made}}, after)
    with db.transaction() as s:
        pairs.restore(s, after)
    with db.session() as s:
        linked = s.scalars(select(IssuedDocumentPair.mentorship_id)
                           .where(IssuedDocumentPair.document_id == order_id)).all()  # fmt: skip
    assert sorted(linked) == sorted([group, *made])
    # A group of the kind «групповая» gives traditional pairs; an ended group is not split.
    fourth = _person(db, "Четвёртый", Category.TEACHER, is_mentee=True, experience_years=2)
    fifth = _person(db, "Пятый", Category.STUDENT, is_mentee=True, class_name="7Б")
    with db.transaction() as s:
        other = pairs.create(s, school["teacher2"], [school["young"]], TODAY)
        pairs.add_mentee(s, other, fourth, TODAY)
    assert _pair(db, other).kind == "group"
    with db.transaction() as s:
        (single,) = pairs.split_group(s, other, TODAY)
    assert _pair(db, single).kind == _pair(db, other).kind == "traditional"
    assert [k for k, _ in _events(db, other)].count(EventKind.MENTEE_REMOVED) == 0  # a draft
    with db.transaction() as s:
        pairs.end(s, [group], TODAY, EndReason.PLAN_DONE, today=TODAY)
        pairs.add_mentee(s, made[0], fifth, TODAY)
        pairs.end(s, [made[0]], TODAY, EndReason.PLAN_DONE, today=TODAY)
    with pytest.raises(PairError, match="Завершённую группу не делят"), db.transaction() as s:
        pairs.split_group(s, made[0], TODAY)


def test_undo_is_refused_when_the_pair_changed_since(db, school):
    pair = _working(db, school["teacher"], [school["pupil"]], date(2026, 9, 2))
    with db.transaction() as s:
        before = pairs.snapshot(s, [pair])
        pairs.set_form_kind(s, pair, Form.TEACHER_STUDENT, Kind.SHORT_TERM, TODAY)
        after = pairs.snapshot(s, [pair])
    with db.transaction() as s:  # something the undo stack does not know
        pairs.add_meeting(s, pair, TODAY, MeetingKind.INTRODUCTION, "", TODAY)
    with pytest.raises(pairs.StaleUndo, match="уже менялись"), db.transaction() as s:
        pairs.restore(s, before, after)
    assert _pair(db, pair).kind == "short_term"  # nothing touched
    with db.transaction() as s:
        current = pairs.snapshot(s, [pair])
        pairs.restore(s, before, current)  # as things are now: fine
    assert _pair(db, pair).kind == "traditional"


def test_archived_people_warn_on_their_live_cards(db, school):
    pair = _working(db, school["teacher"], [school["pupil"]], date(2026, 9, 2))
    with db.transaction() as s:
        draft = pairs.create(s, school["teacher2"], [school["young"]], TODAY)
        ended = pairs.create(s, school["partner"], [school["pupil2"]], TODAY)
        pairs.approve(s, [ended], "9-о", date(2026, 9, 1), TODAY)
        pairs.end(s, [ended], TODAY, EndReason.MENTEE_INITIATIVE, today=TODAY)
        participants.set_archived(s, [school["pupil"], school["teacher2"], school["pupil2"]],
                                  True, NOW)  # fmt: skip
    board = read_board(db.reader, TODAY)
    card = board.card(pair)
    assert card is not None
    assert "Ученик И. в архиве: завершите пару или замените участника" in card.warnings
    assert any(w.endswith("в архиве: завершите пару или замените участника")
               for w in board.card(draft).warnings)  # type: ignore[union-attr]  # fmt: skip
    assert not board.card(ended).warnings  # type: ignore[union-attr]


def test_an_unticked_role_is_what_the_card_says(db, school):
    with db.transaction() as s:
        pair = pairs.create(s, school["teacher"], [school["pupil"], school["pupil2"]], TODAY)
    (card,) = read_board(db.reader, TODAY).cards
    assert any("письменного согласия" in w for w in card.warnings)  # a mentor's facts
    with db.transaction() as s:
        for person, role in ((school["teacher"], "is_mentor"), (school["pupil2"], "is_mentee")):
            data = participants.load(s, person, TODAY)
            setattr(data, role, False)
            participants.update_person(s, person, data, TODAY)
    (card,) = read_board(db.reader, TODAY).cards
    assert card.id == pair
    assert card.warnings == [
        "Учитель И. не отмечен(а) как наставник",
        "Второй И. не отмечен(а) как наставляемый",
    ]  # not «нет согласия», «обучение не пройдено», «наставляемых 2, а может вести 1»


def test_plan_done_warning_and_the_program_view(db, school):
    pair = _working(db, school["teacher"], [school["pupil"]], date(2026, 9, 2))
    empty = "Внимание: план пуст, а нужно не меньше 90 %."
    assert board_reads.plan_done_warning(db.reader, [pair]) == empty
    with db.transaction() as s:
        pairs.set_plan(s, pair, [("Знакомство", date(2026, 9, 10), date(2026, 9, 9)),
                                 ("Олимпиада", date(2027, 2, 1), None)], TODAY)  # fmt: skip
        pairs.add_meeting(s, pair, date(2026, 9, 9), MeetingKind.INTRODUCTION, "ок", TODAY)
    assert board_reads.plan_done_warning(db.reader, [pair]) == (
        "Внимание: план выполнен на 50 % (1 из 2), а нужно не меньше 90 %."
    )
    view = program_reads.program_view(db.reader, pair)
    meetings, events = program_reads.program_history(db.reader, pair)
    assert program_reads.program_view(db.reader, 9999) is None
    assert program_reads.program_history(db.reader, 9999) == ([], [])
    assert view is not None
    assert (view.mentor, view.mentees, view.status) == ("Учитель Имя", ("Ученик Имя",),
                                                        Status.ACTIVE)  # fmt: skip
    assert [(i.text, i.done_on) for i in view.plan] == [
        ("Знакомство", date(2026, 9, 9)), ("Олимпиада", None)
    ]  # fmt: skip
    assert [(m.held_on, m.kind, m.note) for m in meetings] == [
        (date(2026, 9, 9), MeetingKind.INTRODUCTION, "ок")
    ]
    assert [e.kind for e in events][:3] == [EventKind.CREATED, EventKind.APPROVED,
                                            EventKind.STARTED]  # fmt: skip


def test_an_order_number_already_on_pairs_is_refused(db, school):
    from mentor_desk.services.documents import check_number

    with db.transaction() as s:
        pair = pairs.create(s, school["teacher"], [school["pupil"]], TODAY)
        pairs.approve(s, [pair], "77-о", date(2026, 9, 1), TODAY)  # no journal entry
    message = check_number(db.reader, "№ 77-О", date(2026, 10, 1))
    assert message == (
        "Номер 77-О уже использован в 2026 году: приказом от 01.09.2026 утверждены пары "
        "и группы. Выберите другой номер."
    )
    assert check_number(db.reader, "77-о", date(2027, 1, 15)) is None  # a new year
    assert check_number(db.reader, "78-о", date(2026, 10, 1)) is None


def test_the_questionnaire_is_written_by_the_service(db, school):
    with db.transaction() as s:
        written = pairs.apply_preferences(s, [
            (school["pupil"], True, [school["teacher"], school["teacher2"]]),
            (school["teacher"], False, [school["pupil2"]]),
        ])  # fmt: skip
    assert written == 2
    with db.session() as s:
        rows = s.execute(select(Preference.chooser_id, Preference.rank, Preference.chosen_id)
                         .order_by(Preference.chooser_id, Preference.rank)).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [
        (school["teacher"], 1, school["pupil2"]),
        (school["pupil"], 1, school["teacher"]),
        (school["pupil"], 2, school["teacher2"]),
    ]
