"""The networking questionnaire from a file: both layouts, name forms, problems, one write."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from tests.helpers import NOW, TODAY

from mentor_desk.domain.participants import Category, ConsentStatus, ParticipantData
from mentor_desk.exchange.preferences import (
    NO_HEADER,
    PreferencePlan,
    find_layout,
    read_preferences,
    save_sample,
)
from mentor_desk.exchange.reading import FileProblem
from mentor_desk.services import participants
from mentor_desk.services.pairs import apply_preferences
from mentor_desk.storage.database import Database
from mentor_desk.storage.models import Preference


def _teacher(last: str, first: str, middle: str, **extra: object) -> ParticipantData:
    fields: dict[str, object] = {
        "last_name": last, "first_name": first, "middle_name": middle,
        "category": Category.TEACHER, "position": "учитель", "is_mentor": True,
        "consent_status": ConsentStatus.GIVEN, "consent_date": date(2026, 9, 1),
        "consent_signer": "сам участник", **extra,
    }  # fmt: skip
    return ParticipantData(**fields)  # type: ignore[arg-type]


def _student(last: str, first: str, middle: str = "", **extra: object) -> ParticipantData:
    fields: dict[str, object] = {
        "last_name": last, "first_name": first, "middle_name": middle,
        "birth_date": date(2012, 3, 5), "category": Category.STUDENT, "class_name": "7Б",
        "is_mentee": True, "consent_status": ConsentStatus.GIVEN,
        "consent_date": date(2025, 9, 1), "consent_signer": "Законный представитель",
        "representative_name": "Представитель Р.Р.", **extra,
    }  # fmt: skip
    return ParticipantData(**fields)  # type: ignore[arg-type]


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    cards = {
        "orlova": _teacher("Орлова", "Анна", "Ивановна"),
        "belov": _teacher("Белов", "Павел", "Петрович"),
        "semenova": _teacher("Семёнова", "Ольга", "Викторовна"),
        "nemirov": _teacher("Немиров", "Олег", "Олегович", is_mentor=False),  # not a mentor
        "ivanov": _student("Иванов", "Иван", "Иванович"),
        "petrov": _student("Петров", "Пётр", "Сергеевич"),
        "sidorova": _student("Сидорова", "Алёна", "Игоревна"),
        "kuzin": _student("Кузин", "Артём", "", class_name="8А"),
    }
    with db.transaction() as session:
        return {key: participants.create(session, card, TODAY) for key, card in cards.items()}


def _xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def _stored(db: Database) -> dict[tuple[int, bool], list[int]]:
    with db.session() as session:
        found: dict[tuple[int, bool], list[int]] = {}
        query = select(Preference).order_by(Preference.chooser_id, Preference.rank)
        for pref in session.scalars(query):
            found.setdefault((pref.chooser_id, pref.as_mentee), []).append(pref.chosen_id)
        return found


def _apply(db: Database, plan: PreferencePlan) -> int:
    with db.transaction() as session:
        return apply_preferences(session, plan.answers())


def test_mentees_answers_keep_the_rank_order_and_are_written(db, people, tmp_path):
    source = _xlsx(tmp_path / "анкеты.xlsx", [
        ["Анкеты нетворкинга, 7Б"],
        [],
        ["№", "Наставляемый", "Класс", "Наставник 1", "Наставник 2", "Наставник 3"],
        [1, "Иванов Иван Иванович", "7Б", "Семёнова Ольга Викторовна", "Орлова Анна Ивановна",
         "Белов Павел Петрович"],
        [2, "петров  пётр сергеевич", "7Б", "Белов Павел Петрович"],
        [],
        [3, "Сидорова Алена Игоревна", "7Б", "", "семенова ольга викторовна"],
    ])  # fmt: skip

    plan = read_preferences(source, db.reader)

    assert plan.as_mentee and plan.sheet == "Sheet"
    assert [(r.line, r.problems) for r in plan.rows] == [(4, []), (5, []), (7, [])]
    assert plan.rows[0].chosen_ids == [people["semenova"], people["orlova"], people["belov"]]
    assert _apply(db, plan) == 3
    assert _stored(db) == {
        (people["ivanov"], True): [people["semenova"], people["orlova"], people["belov"]],
        (people["petrov"], True): [people["belov"]],
        (people["sidorova"], True): [people["semenova"]],  # an empty 1st choice closes up
    }


def test_mentors_answers_with_short_names(db, people, tmp_path):
    source = _xlsx(tmp_path / "наставники.xlsx", [
        ["Наставник", "Наставляемый 1", "Наставляемый 2", "Наставляемый 3"],
        ["Орлова А.И.", "Петров П. С.", "Иванов И.И.", "Кузин А."],
        ["Белов Павел", "Сидорова Алёна"],  # «Фамилия Имя» of one person only
    ])  # fmt: skip

    plan = read_preferences(source, db.reader)

    assert not plan.as_mentee
    assert [r.problems for r in plan.rows] == [[], []]
    assert _apply(db, plan) == 2
    assert _stored(db) == {
        (people["orlova"], False): [people["petrov"], people["ivanov"], people["kuzin"]],
        (people["belov"], False): [people["sidorova"]],
    }


def test_answers_replace_the_earlier_ones(db, people, tmp_path):
    from mentor_desk.services.pairs import set_preferences

    with db.transaction() as session:
        set_preferences(session, people["ivanov"], True, [people["belov"], people["orlova"]])
    source = _xlsx(tmp_path / "a.xlsx", [["ФИО", "1 выбор", "2 выбор"],
                                          ["Иванов Иван Иванович", "Орлова А.И."]])  # fmt: skip
    _apply(db, read_preferences(source, db.reader))
    assert _stored(db) == {(people["ivanov"], True): [people["orlova"]]}


@pytest.mark.parametrize(
    "header",
    [
        ["Наставляемый", "Наставник 1", "Наставник 2", "Наставник 3"],
        ["ФИО", "Предпочитаемый наставник 1", "Предпочитаемый наставник 2"],
        ["Ф.И.О. наставляемого", "1 выбор", "2 выбор", "3 выбор"],
        ["Ученик", "Наставник (1-й выбор)", "Наставник (2-й выбор)"],
        ["ФИО обучающегося", "Первый выбор", "Второй выбор"],
    ],
)
def test_header_variants_of_the_mentees_layout(header):
    layout = find_layout([["Анкета"], header])
    assert layout is not None
    assert (layout.header_row, layout.as_mentee, layout.chooser_column) == (1, True, 0)
    assert layout.choice_columns == tuple(range(1, len(header)))


def test_header_variants_of_the_mentors_layout():
    layout = find_layout([["ФИО наставника", "Класс", "Наставляемый 2", "Наставляемый 1"]])
    assert layout is not None and not layout.as_mentee
    assert layout.choice_columns == (3, 2)  # by rank, not by position


def test_register_export_header_is_not_a_questionnaire():
    assert find_layout([["Фамилия", "Имя", "Наставник", "Наставляемый"]]) is None


def test_names_that_fit_nobody_or_several_are_row_problems(db, people, tmp_path):
    with db.transaction() as session:
        twin = participants.create(session, _teacher("Орлова", "Алла", "Игоревна"), TODAY)
    source = _xlsx(tmp_path / "a.xlsx", [
        ["Наставляемый", "Наставник 1", "Наставник 2"],
        ["Иванов Иван Иванович", "Орлова А.И.", "Белов П.П."],  # two «Орлова А.И.»
        ["Никитин Никита", "Белов П.П."],
        ["Петров Пётр Сергеевич", "Орлова Алла Игоревна"],
    ])  # fmt: skip

    plan = read_preferences(source, db.reader)

    first, second, third = plan.rows
    assert first.problems == ["несколько человек с именем «Орлова А.И.»: напишите полное ФИО"]
    assert second.problems == ["не найден в реестре: «Никитин Никита»"]
    assert third.problems == [] and third.chosen_ids == [twin]
    assert plan.problem_lines()[1] == "Строка 3: не найден в реестре: «Никитин Никита»"
    assert _apply(db, plan) == 1  # rows with problems are skipped
    assert _stored(db) == {(people["petrov"], True): [twin]}


def test_a_namesake_with_the_wanted_role_is_the_one(db, people, tmp_path):
    with db.transaction() as session:  # a student Орлова А.И. besides the mentor
        participants.create(session, _student("Орлова", "Алиса", "Ильинична"), TODAY)
    source = _xlsx(tmp_path / "a.xlsx", [["Наставляемый", "Наставник 1"],
                                          ["Иванов Иван Иванович", "Орлова А.И."]])  # fmt: skip
    plan = read_preferences(source, db.reader)
    assert plan.rows[0].problems == [] and plan.rows[0].chosen_ids == [people["orlova"]]


def test_roles_are_checked(db, people, tmp_path):
    source = _xlsx(tmp_path / "a.xlsx", [
        ["Наставляемый", "Наставник 1", "Наставник 2"],
        ["Иванов Иван Иванович", "Немиров Олег Олегович", "Петров Пётр Сергеевич"],
        ["Орлова Анна Ивановна", "Белов Павел Петрович"],  # a mentor, not a mentee
    ])  # fmt: skip

    plan = read_preferences(source, db.reader)

    assert plan.rows[0].problems == [
        "«Немиров Олег Олегович» не отмечен в реестре как наставник",
        "«Петров Пётр Сергеевич» не отмечен в реестре как наставник",
    ]
    assert plan.rows[1].problems == ["«Орлова Анна Ивановна» не отмечен в реестре как наставляемый"]
    assert plan.valid == []


def test_archived_people_are_not_chosen(db, people, tmp_path):
    with db.transaction() as session:
        participants.set_archived(session, [people["belov"]], True, NOW)
    source = _xlsx(
        tmp_path / "a.xlsx",
        [["Наставляемый", "Наставник 1"], ["Иванов Иван Иванович", "Белов Павел Петрович"]],
    )
    plan = read_preferences(source, db.reader)
    assert plan.rows[0].problems == ["«Белов Павел Петрович» в архиве"]


def test_more_than_three_choices_and_repeats_are_errors(db, people, tmp_path):
    source = _xlsx(tmp_path / "a.xlsx", [
        ["Наставляемый", "Наставник 1", "Наставник 2", "Наставник 3", "Наставник 4"],
        ["Иванов Иван Иванович", "Орлова А.И.", "Белов П.П.", "Семёнова О.В.", "Орлова А.И."],
        ["Петров Пётр Сергеевич", "Орлова А.И.", "Орлова Анна Ивановна"],
        ["Петров Пётр Сергеевич", "Белов П.П."],
        ["", "Белов П.П."],
    ])  # fmt: skip

    plan = read_preferences(source, db.reader)

    assert plan.rows[0].problems[0] == "выбрано 4, а в анкете не больше трёх предпочтений"
    assert plan.rows[1].problems == ["«Орлова Анна Ивановна» выбран дважды"]
    assert plan.rows[2].problems == ["анкета «Петров Пётр Сергеевич» уже есть в строке 3"]
    assert plan.rows[3].problems == ["не указано, чья это анкета (пустое ФИО)"]
    assert _apply(db, plan) == 0
    assert _stored(db) == {}


def test_a_row_without_choices_is_not_written(db, people, tmp_path):
    source = _xlsx(tmp_path / "a.xlsx", [["Наставляемый", "Наставник 1"],
                                          ["Иванов Иван Иванович"]])  # fmt: skip
    plan = read_preferences(source, db.reader)
    assert plan.rows[0].problems == ["не выбран ни один наставник"]


def test_csv_is_read_too(db, people, tmp_path):
    source = tmp_path / "анкеты.csv"
    with source.open("w", encoding="cp1251", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Наставник", "Наставляемый 1", "Наставляемый 2"])
        writer.writerow(["Семёнова О.В.", "Сидорова А.И.", "Кузин Артём"])
    plan = read_preferences(source, db.reader)
    assert plan.rows[0].problems == []
    assert plan.rows[0].chosen_ids == [people["sidorova"], people["kuzin"]]


def test_unreadable_file_and_missing_header_are_file_problems(db, people, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(FileProblem, match="повреждён"):
        read_preferences(broken, db.reader)
    with pytest.raises(FileProblem, match="не найден"):
        read_preferences(tmp_path / "missing.xlsx", db.reader)
    plain = _xlsx(tmp_path / "list.xlsx", [["ФИО", "Класс"], ["Иванов Иван Иванович", "7Б"]])
    with pytest.raises(FileProblem) as problem:
        read_preferences(plain, db.reader)
    assert NO_HEADER in str(problem.value)
    empty = _xlsx(tmp_path / "empty.xlsx", [])
    with pytest.raises(FileProblem, match="пустой"):
        read_preferences(empty, db.reader)


def test_the_sample_reads_back_as_the_mentees_layout(db, people, tmp_path):
    path = tmp_path / "образец.xlsx"
    save_sample(path)
    plan = read_preferences(path, db.reader)
    assert plan.as_mentee and plan.sheet == "Анкеты"
    assert [r.line for r in plan.rows] == [2, 3]
    assert all(r.problems and "не найден в реестре" in r.problems[0] for r in plan.rows)
