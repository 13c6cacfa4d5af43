"""The import engine: header guessing, reading rows into cards, duplicates, one write.

Most tests hand build_plan() rows as a reader returns them (lists of cell values), so each
case is one table in the test; the files themselves are test_reading's business.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.helpers import NOW, TODAY

from mentor_desk.domain.participants import Category, ConsentStatus, ParticipantData
from mentor_desk.exchange.columns import guess_field
from mentor_desk.exchange.export import export_register
from mentor_desk.exchange.importing import (
    Defaults,
    DuplicateAction,
    ImportPlan,
    ImportRow,
    Layout,
    MappingProblem,
    Outcome,
    RegisterIndex,
    build_plan,
    find_layout,
    guess_category,
    plan_file,
    report_for,
    save_report,
)
from mentor_desk.exchange.reading import Cell
from mentor_desk.queries.people import find_duplicates
from mentor_desk.services import participants
from mentor_desk.services.importing import apply_plan
from mentor_desk.storage.database import Database

Rows = Sequence[Sequence[Cell]]


def plan_of(
    rows: Rows, defaults: Defaults | None = None, conn: sqlite3.Connection | None = None
) -> ImportPlan:
    """As plan_file() does it: the guessed layout, and the category guessed when not given."""
    layout = find_layout(rows)
    assert layout is not None, "no header found"
    defaults = defaults or Defaults()
    if defaults.category is None:
        defaults = replace(defaults, category=guess_category(layout))
    return build_plan(rows, layout, defaults, RegisterIndex(conn), TODAY)


def only_row(rows: Rows, defaults: Defaults | None = None) -> ImportRow:
    (row,) = plan_of(rows, defaults).rows
    return row


def dump(path: Path) -> list[str]:
    """The whole database as SQL: equal dumps, equal databases."""
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def people_in(db: Database) -> list[tuple[Any, ...]]:
    sql = (
        "SELECT last_name, first_name, middle_name, birth_date, category, class_name, phone, "
        "email, note, consent_status FROM participant ORDER BY last_name, first_name, id"
    )
    with closing(sqlite3.connect(db.path)) as conn:
        return conn.execute(sql).fetchall()


def add(db: Database, *cards: ParticipantData) -> list[int]:
    with db.transaction() as session:
        return [participants.create(session, card, TODAY) for card in cards]


# --- header guessing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ФИО", "full_name"),
        ("Ф.И.О.", "full_name"),
        ("Ф. И. О.", "full_name"),
        ("ФИО обучающегося", "full_name"),
        ("Ф.И.О. ученика", "full_name"),
        ("Фамилия, имя, отчество", "full_name"),
        ("Фамилия Имя Отчество", "full_name"),
        ("Фамилия и имя", "full_name"),
        ("Фамилия", "last_name"),
        ("фамилия ребёнка", "last_name"),
        ("Имя", "first_name"),
        ("Отчество", "middle_name"),
        ("Отчество (при наличии)", "middle_name"),
        ("Дата рождения", "birth_date"),
        ("Дата рожд.", "birth_date"),
        ("Д.Р.", "birth_date"),
        ("ДАТА РОЖДЕНИЯ", "birth_date"),
        ("Класс", "class_name"),
        ("Кл.", "class_name"),
        ("Класс/группа", "class_name"),
        ("Должность", "position"),
        ("Занимаемая должность", "position"),
        ("Предмет", "subject"),
        ("Преподаваемый предмет", "subject"),
        ("Дисциплина", "subject"),
        ("Стаж", "experience_years"),
        ("Стаж, лет", "experience_years"),
        ("Педагогический стаж (лет)", "experience_years"),
        ("Общий стаж работы", "experience_years"),
        ("Дата приёма", "hire_date"),
        ("Дата приема", "hire_date"),
        ("Дата приёма на работу", "hire_date"),
        ("Дата трудоустройства", "hire_date"),
        ("Организация", "organization"),
        ("Место работы (учёбы)", "organization"),
        ("ВУЗ", "organization"),
        ("Телефон", "phone"),
        ("Телефон родителя", "phone"),
        ("Адрес электронной почты", "email"),
        ("Полное имя", "full_name"),
        ("Тел.", "phone"),
        ("Моб. тел.", "phone"),
        ("E-mail", "email"),
        ("Email", "email"),
        ("Эл. почта", "email"),
        ("Электронная почта", "email"),
        ("Категория", "category"),
        ("Категория участника", "category"),
        ("Наставник", "is_mentor"),
        ("Наставник (да/нет)", "is_mentor"),
        ("Наставляемый", "is_mentee"),
        ("Примечание", "note"),
        ("Комментарий", "note"),
        ("Занимается в ДОП", "in_dop"),
        ("ДОД", "in_dop"),
        ("Дополнительное образование", "in_dop"),
        # Not the register's: left out of the mapping.
        ("Классный руководитель", None),
        ("Кл. рук.", None),  # the class a teacher leads, in a staff list
        ("Кл. руководитель", None),
        ("Квалификационная категория", None),  # высшая, первая: not the register's category
        ("Группа здоровья", None),  # health data, not a class
        ("Физкультурная группа", None),
        ("Физ. группа", None),
        ("Год рождения", None),  # a year is not a date: left for the user to map
        ("Почтовый адрес", None),
        ("№ п/п", None),
        ("№", None),
        ("Пол", None),
        ("Адрес", None),
        ("СНИЛС", None),
        ("Дата", None),
        ("Подпись", None),
        ("", None),
        (None, None),
        (2025, None),
    ],
)
def test_guess_field(header: object, field: str | None) -> None:
    assert guess_field(header) == field


def test_header_below_title_rows_and_empty_rows() -> None:
    rows: list[list[Cell]] = [
        ["Список обучающихся 7Б класса МБОУ «СОШ № 5»"],
        ["(по состоянию на 01.09.2025)"],
        [],
        [None, None, None],
        ["№ п/п", "ФИО", "Дата рождения", "Класс", "Классный руководитель"],
        [1, "Иванов Иван Иванович", date(2012, 3, 5), "7Б", "Петрова О. Н."],
    ]
    layout = find_layout(rows)
    assert layout == Layout(4, 5, {1: "full_name", 2: "birth_date", 3: "class_name"})
    (row,) = plan_of(rows).rows
    assert row.line == 6 and row.name == "Иванов Иван Иванович"


def test_two_row_header_with_fio_merged_over_its_parts() -> None:
    """As LibreOffice and openpyxl read a merged cell: the value in its first cell only."""
    rows: list[list[Cell]] = [
        ["Список 7Б класса"],
        ["№", "ФИО", None, None, "Дата рождения", "Класс"],
        [None, "Фамилия", "Имя", "Отчество", None, None],
        [1, "Иванов", "Иван", "Иванович", date(2012, 3, 5), "7б"],
    ]
    layout = find_layout(rows)
    assert layout is not None
    assert (layout.header_row, layout.first_data_row) == (1, 3)
    assert layout.columns == {
        1: "last_name", 2: "first_name", 3: "middle_name", 4: "birth_date", 5: "class_name",
    }  # fmt: skip
    (row,) = plan_of(rows).rows
    assert (row.data.last_name, row.data.first_name, row.data.middle_name) == (
        "Иванов", "Иван", "Иванович",
    )  # fmt: skip
    assert row.data.birth_date == date(2012, 3, 5) and row.data.class_name == "7Б"


def test_two_row_header_keeps_the_upper_rows_columns() -> None:
    """ "ФИО | Дата рождения" names fewer columns than its lower row: the date still counts."""
    rows: list[list[Cell]] = [
        ["ФИО", None, None, "Дата рождения"],
        ["Фамилия", "Имя", "Отчество", None],
        ["Иванов", "Иван", "Иванович", "05.03.2012"],
    ]
    layout = find_layout(rows)
    assert layout == Layout(
        0, 2, {0: "last_name", 1: "first_name", 2: "middle_name", 3: "birth_date"}
    )
    assert only_row(rows).data.birth_date == date(2012, 3, 5)


def test_no_header_in_the_first_rows() -> None:
    assert find_layout([["Товар", "Цена"], ["Тетрадь", 30]]) is None
    assert find_layout([["Иванов", "Иван", date(2012, 3, 5)]]) is None


def test_service_rows_are_skipped_with_a_reason() -> None:
    rows: list[list[Cell]] = [
        ["№", "Фамилия", "Имя", "Дата рождения"],
        [1, 2, 3, 4],  # numbers of the columns, as printed forms have
        [1, "Иванов", "Иван", "05.03.2012"],
        [],
        [None, "  ", None],
        [2, "Петров", "Пётр", "06.04.2012"],
        ["№", "Фамилия", "Имя", "Дата рождения"],  # the header repeated on page 2
        [3, "Сидоров", "Семён", None],
        ["Итого: 3 человека"],
        ["ВСЕГО", None, 3],
    ]
    plan = plan_of(rows)
    assert [r.name for r in plan.rows] == ["Иванов Иван", "Петров Пётр", "Сидоров Семён"]
    assert [(s.line, s.reason) for s in plan.service_lines] == [
        (2, "строка с номерами столбцов"),
        (7, "повтор заголовка"),
        (9, "итоговая строка"),
        (10, "итоговая строка"),
    ]
    counts = plan.counts()
    assert counts[Outcome.ADDED] == 3 and counts[Outcome.SKIPPED] == 4  # blank rows: no word
    report = report_for(plan, "список.xlsx", dry_run=True)
    assert [line.line for line in report.lines] == [2, 3, 6, 7, 8, 9, 10]


# --- reading cells ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2012, 3, 5), date(2012, 3, 5)),
        (datetime(2012, 3, 5, 0, 0), date(2012, 3, 5)),
        (40973, date(2012, 3, 5)),  # Excel's day number: a date cell that lost its format
        (40973.0, date(2012, 3, 5)),
        ("05.03.2012", date(2012, 3, 5)),
        ("5.3.2012", date(2012, 3, 5)),
        ("5.3.12", date(2012, 3, 5)),
        ("05.03.85", date(1985, 3, 5)),  # a two-digit year is never in the future
        ("2012-03-05", date(2012, 3, 5)),
        ("2012-03-05 00:00:00", date(2012, 3, 5)),
        ("05.03.2012 0:00:00", date(2012, 3, 5)),  # 1C and Excel CSV: a time after the date
        ("05.03.2012 00:00", date(2012, 3, 5)),
        ("2012.03.05", date(2012, 3, 5)),
        ("1 сентября 2012", date(2012, 9, 1)),
        ("1 сентября 2012 г.", date(2012, 9, 1)),
        (7306, date(1920, 1, 1)),  # the first day number taken for a date
        ("05/03/2012", date(2012, 3, 5)),
        ("05-03-2012", date(2012, 3, 5)),
        (" 05.03.2012 г. ", date(2012, 3, 5)),
        ("", None),
        (None, None),
    ],
)
def test_dates_in_every_form(cell: Cell, expected: date | None) -> None:
    row = only_row([["ФИО", "Дата рождения"], ["Иванов Иван", cell]])
    assert row.errors == []
    assert row.data.birth_date == expected
    assert ("birth_date" in row.given) is (expected is not None)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("не знаю", "Не похоже на дату: «не знаю»"),
        ("31.02.2012", "Такой даты нет: 31.02.2012"),
        ("5 марта", "Не похоже на дату"),
        (2012, "только год"),  # a year alone would be a day of 1905 as Excel's number
        (-5, "Не похоже на дату"),
        (45, "Не похоже на дату: «45»"),  # a number in the column is not Excel's day 45 of 1900
        (7305, "Не похоже на дату: «7305»"),  # 31.12.1919: nobody at school was born then
        ("05.03.2030", "не может быть в будущем"),
    ],
)
def test_text_in_a_date_column_is_a_row_error(cell: Cell, fragment: str) -> None:
    row = only_row([["ФИО", "Дата рождения"], ["Иванов Иван", cell]])
    assert len(row.errors) == 1
    assert row.errors[0].startswith("Дата рождения") and fragment in row.errors[0]
    assert row.outcome is Outcome.SKIPPED and row.reason == row.errors[0]


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("Иванова Мария Сергеевна", ("Иванова", "Мария", "Сергеевна")),
        ("Алиев Рашид Маммад оглы", ("Алиев", "Рашид", "Маммад оглы")),
        ("Гусейнова Лейла Рамиз кызы", ("Гусейнова", "Лейла", "Рамиз кызы")),
        ("Смит Джон", ("Смит", "Джон", "")),
        ("  Кузнецов   Артём\u00a0 Игоревич ", ("Кузнецов", "Артём", "Игоревич")),
        ("Ёлкина Алёна Фёдоровна", ("Ёлкина", "Алёна", "Фёдоровна")),
        ("Римский-Корсаков Николай Андреевич", ("Римский-Корсаков", "Николай", "Андреевич")),
    ],
)
def test_full_name_is_split_into_its_parts(cell: str, parts: tuple[str, str, str]) -> None:
    row = only_row([["ФИО", "Класс"], [cell, "7Б"]])
    assert (row.data.last_name, row.data.first_name, row.data.middle_name) == parts
    assert row.errors == []
    # Only the parts the cell has: an update never empties the register's patronymic.
    assert {"last_name", "first_name", "middle_name"} & row.given == {
        key for key, part in zip(("last_name", "first_name", "middle_name"), parts,
                                 strict=True) if part
    }  # fmt: skip


def test_text_is_trimmed_and_yo_kept() -> None:
    row = only_row(
        [
            ["Фамилия", "Имя", "Отчество", "Должность", "Предмет", "E-mail", "Примечание"],
            ["  Семёнова ", "Алёна  ", " Петровна", "учитель   физики", " физика ",
             " alena@school.ru ", "  первая строка\nвторая строка  "],
        ]
    )  # fmt: skip
    data = row.data
    assert (data.last_name, data.first_name, data.middle_name) == ("Семёнова", "Алёна", "Петровна")
    assert data.position == "учитель физики" and data.subject == "физика"
    assert data.email == "alena@school.ru"
    assert data.note == "первая строка\nвторая строка"  # a note keeps its lines
    assert data.category is Category.TEACHER  # position, subject and no class: staff


@pytest.mark.parametrize(
    "cells",
    [
        ["", "", "05.03.2012", "7Б"],
        ["Иванов", "", "05.03.2012", "7Б"],
        ["", "Иван", None, "7Б"],
    ],
)
def test_missing_name_is_a_row_error(cells: list[Cell]) -> None:
    row = only_row([["Фамилия", "Имя", "Дата рождения", "Класс"], cells])
    wanted = [
        m for part, m in zip(cells[:2], ("Укажите фамилию", "Укажите имя"), strict=True) if not part
    ]
    assert len(row.errors) == len(wanted)
    for error, message in zip(row.errors, wanted, strict=True):
        assert message in error
    assert row.outcome is Outcome.SKIPPED


def test_full_name_of_one_word_is_missing_a_first_name() -> None:
    assert only_row([["ФИО", "Класс"], ["Иванов", "7Б"]]).errors == ["Укажите имя"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("7б", "7Б"), ("7 Б", "7Б"), ("7Б кл.", "7Б"), ("7-б", "7Б"), ("7 б класс", "7Б"),
     ("11", "11"), (11, "11"), (11.0, "11"), ("1а", "1А"), ("7B", "7В"), ("7 «Б»", "7Б"),
     ('5 "a"', "5А"), ("10 C кл.", "10С")],
)  # fmt: skip
def test_class_is_normalised(cell: Cell, expected: str) -> None:
    row = only_row([["ФИО", "Класс"], ["Иванов Иван", cell]])
    assert row.errors == [] and row.data.class_name == expected


@pytest.mark.parametrize("cell", ["13Ж", "7ББ", "седьмой", "0А", "7-b"])
def test_unknown_class_is_a_row_error(cell: str) -> None:
    row = only_row([["ФИО", "Класс"], ["Иванов Иван", cell]])
    assert len(row.errors) == 1 and "Класс пишется как «7Б»" in row.errors[0]
    assert row.outcome is Outcome.SKIPPED


def test_class_not_yet_in_the_register_is_a_warning(db: Database) -> None:
    add(db, ParticipantData(last_name="Петров", first_name="Пётр", class_name="7Б"))
    plan = plan_of(
        [["ФИО", "Класс"], ["Иванов Иван", "7б"], ["Сидоров Семён", "8 г"]], conn=db.reader
    )
    known, new = plan.rows
    assert known.warnings == [] and known.errors == []
    assert new.warnings == ["класса 8Г ещё нет в реестре"] and new.errors == []
    assert new.outcome is Outcome.ADDED and new.reason == "класса 8Г ещё нет в реестре"
    # An empty register has no classes to compare with: a first import warns of none.
    assert all(not r.warnings for r in plan_of([["ФИО", "Класс"], ["Сидоров Семён", "8Г"]]).rows)


def test_default_class_for_a_class_list_without_one() -> None:
    rows = [["ФИО", "Класс"], ["Иванов Иван", None], ["Петров Пётр", "8А"]]
    plan = plan_of(rows, Defaults(class_name="7Б"))
    assert [r.data.class_name for r in plan.rows] == ["7Б", "8А"]
    assert "class_name" in plan.rows[0].given
    teacher = only_row([["ФИО", "Должность"], ["Орлова Татьяна", "учитель"]],
                       Defaults(class_name="7Б"))  # fmt: skip
    assert teacher.data.class_name == "" and "class_name" not in teacher.given


@pytest.mark.parametrize(
    ("cell", "category"),
    [
        ("учитель", Category.TEACHER),
        ("Педагог", Category.TEACHER),
        ("сотрудник", Category.TEACHER),
        ("ученик", Category.STUDENT),
        ("Обучающийся", Category.STUDENT),
        ("учащийся", Category.STUDENT),
        ("студент", Category.UNIVERSITY_STUDENT),
        ("родитель", Category.PARENT),
        ("выпускник", Category.GRADUATE),
        ("партнёр", Category.PARTNER),
        ("представитель организации-партнёра", Category.PARTNER),
        ("руководитель", Category.HEAD),
        ("администрация", Category.HEAD),
        ("teacher", Category.TEACHER),
    ],
)
def test_category_column(cell: str, category: Category) -> None:
    row = only_row([["ФИО", "Категория"], ["Иванов Иван", cell]])
    assert row.errors == [] and row.data.category is category
    assert "category" in row.given


def test_unknown_category_is_a_row_error() -> None:
    row = only_row([["ФИО", "Категория"], ["Иванов Иван", "директор"]])
    assert len(row.errors) == 1
    assert row.errors[0].startswith("Категория: Неизвестная категория «директор»")


def test_category_column_beats_the_default_and_field_of_another_category_warns() -> None:
    rows = [["ФИО", "Категория", "Класс"], ["Иванов Иван", "учитель", "7Б"],
            ["Петров Пётр", None, "7Б"]]  # fmt: skip
    teacher, student = plan_of(rows, Defaults(category=Category.STUDENT)).rows
    assert teacher.data.category is Category.TEACHER
    assert teacher.warnings == ["«Класс» не заполняется у категории «педагог»"]
    assert student.data.category is Category.STUDENT and student.warnings == []


@pytest.mark.parametrize(
    ("headers", "category"),
    [
        (["ФИО", "Должность", "Предмет"], Category.TEACHER),
        (["Фамилия", "Имя", "Стаж"], Category.TEACHER),
        (["ФИО", "Дата приёма", "E-mail"], Category.TEACHER),
        (["ФИО", "Дата рождения", "Класс"], Category.STUDENT),
        (["ФИО", "Должность", "Класс"], Category.STUDENT),  # a class makes it a class list
        # Two staff columns win over a class column: the class a teacher leads.
        (["ФИО", "Должность", "Предмет", "Класс"], Category.TEACHER),
        (["ФИО", "Стаж", "Дата приёма", "Класс"], Category.TEACHER),
        (["ФИО", "Телефон", "E-mail"], Category.STUDENT),
    ],
)
def test_guess_category(headers: list[str], category: Category) -> None:
    layout = find_layout([headers])
    assert layout is not None
    assert guess_category(layout) is category


def test_staff_list_without_category_becomes_teachers(tmp_path: Path) -> None:
    path = tmp_path / "сотрудники.csv"
    path.write_text(
        "Фамилия;Имя;Должность;Стаж\nОрлова;Татьяна;учитель;12 лет\nНикитин;Сергей;учитель;5\n",
        encoding="utf-8",
    )
    _, plan = plan_file(path, None, Defaults(), TODAY)
    assert [r.data.category for r in plan.rows] == [Category.TEACHER] * 2
    assert [r.data.experience_years for r in plan.rows] == [12, 5]
    _, plan = plan_file(path, None, Defaults(category=Category.HEAD), TODAY)
    assert [r.data.category for r in plan.rows] == [Category.HEAD] * 2


@pytest.mark.parametrize(
    ("cell", "years", "error"),
    [(5, 5, None), (3.0, 3, None), ("12 лет", 12, None), ("1 год", 1, None), ("2,5", 2, None),
     ("много", None, "не число лет"), (80, 80, "от 0 до 70")],
)  # fmt: skip
def test_experience_years(cell: Cell, years: int | None, error: str | None) -> None:
    row = only_row([["ФИО", "Должность", "Стаж"], ["Орлова Татьяна", "учитель", cell]])
    if error is None:
        assert row.errors == [] and row.data.experience_years == years
    else:
        assert len(row.errors) == 1 and error in row.errors[0]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("да", True), ("Да", True), ("+", True), ("x", True), ("нет", False), ("-", False),
     ("", False), (1, True), (0, False)],
)  # fmt: skip
def test_flags(cell: Cell, value: bool) -> None:
    row = only_row([["ФИО", "Наставляемый"], ["Иванов Иван", cell]])
    assert row.errors == [] and row.data.is_mentee is value


def test_flag_that_is_neither_yes_nor_no() -> None:
    row = only_row([["ФИО", "Наставник"], ["Иванов Иван", "может быть"]])
    assert row.errors == ["Наставник: «может быть» — ожидалось «да» или «нет»"]


def test_mapping_without_a_name_column() -> None:
    rows = [["Дата рождения", "Класс", "Телефон"], ["05.03.2012", "7Б", "+7 900 000-00-00"]]
    layout = find_layout(rows)
    assert layout is not None
    with pytest.raises(MappingProblem, match="в каком столбце ФИО"):
        build_plan(rows, layout, Defaults(), RegisterIndex(None), TODAY)
    only_last = Layout(0, 1, {0: "last_name", 1: "class_name"})
    with pytest.raises(MappingProblem, match="отдельно фамилия и имя"):
        build_plan(rows, only_last, Defaults(), RegisterIndex(None), TODAY)
    twice = Layout(0, 1, {0: "full_name", 1: "phone", 2: "phone"})
    with pytest.raises(MappingProblem, match="«Телефон» выбрано для двух столбцов"):
        build_plan(rows, twice, Defaults(), RegisterIndex(None), TODAY)


def test_mapping_problem_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "без имён.csv"
    path.write_text("Дата рождения;Класс;Телефон\n05.03.2012;7Б;+79000000000\n", "utf-8")
    with pytest.raises(MappingProblem, match="без них участника не добавить"):
        plan_file(path, None, Defaults(), TODAY)


# --- duplicates -------------------------------------------------------------------------

IVANOV = ParticipantData(
    last_name="Иванов", first_name="Иван", middle_name="Иванович",
    birth_date=date(2012, 3, 5), class_name="7Б",
)  # fmt: skip
SEMYONOVA = ParticipantData(
    last_name="Семёнова", first_name="Алёна", middle_name="Петровна",
    birth_date=date(2012, 6, 1), class_name="7Б", phone="+7 900 000-00-01",
    email="alena@example.ru", note="любит шахматы", is_mentee=True,
    consent_status=ConsentStatus.GIVEN, consent_date=date(2025, 9, 1),
    consent_signer="Семёнов Пётр Ильич", representative_name="Семёнов Пётр Ильич",
)  # fmt: skip
NO_BIRTH = ParticipantData(last_name="Петров", first_name="Пётр", class_name="7Б")

HEADER = ["ФИО", "Дата рождения", "Класс", "Телефон"]


@pytest.fixture
def register(db: Database) -> dict[str, int]:
    ivanov, semyonova, petrov = add(db, IVANOV, SEMYONOVA, NO_BIRTH)
    return {"ivanov": ivanov, "semyonova": semyonova, "petrov": petrov}


def test_duplicates_in_the_register(db: Database, register: dict[str, int]) -> None:
    rows: list[list[Cell]] = [
        HEADER,
        ["Иванов Иван Иванович", "05.03.2012", "7Б", None],  # same name and birth date
        ["ИВАНОВ иван иванович", date(2012, 3, 5), "7Б", None],  # case does not matter
        ["Иванов Иван Иванович", "06.03.2012", "7Б", None],  # another birth date: another child
        ["Семенова Алена Петровна", None, "7Б", None],  # ё folded; no date in the file
        ["Петров Пётр", "01.01.2012", "7Б", None],  # no date in the register
        ["Петров Пётр Петрович", "01.01.2012", "7Б", None],  # no patronymic in the register
        ["Иванов Иван Петрович", "05.03.2012", "7Б", None],  # another patronymic
    ]
    plan = plan_of(rows, conn=db.reader)
    found = [r.duplicate_of[0] if r.duplicate_of else None for r in plan.rows]
    ids = register
    assert found == [ids["ivanov"], ids["ivanov"], None, ids["semyonova"], ids["petrov"],
                     ids["petrov"], None]  # fmt: skip
    assert plan.rows[5].match_note == "отчество не указано в реестре"
    first = plan.rows[0]
    assert first.warnings == ["похоже, уже есть в реестре: Иванов Иван Иванович (05.03.2012, 7Б)"]
    assert first.action is DuplicateAction.SKIP  # the default
    assert first.reason == "уже есть в реестре: Иванов Иван Иванович (05.03.2012, 7Б)"


def test_archived_person_is_a_duplicate_too(db: Database, register: dict[str, int]) -> None:
    with db.transaction() as session:
        participants.set_archived(session, [register["ivanov"]], True, NOW)
    row = plan_of([HEADER, ["Иванов Иван Иванович", "05.03.2012", "7Б", None]], conn=db.reader)
    assert row.rows[0].duplicate_of == (
        register["ivanov"], "Иванов Иван Иванович (05.03.2012, 7Б, в архиве)",
    )  # fmt: skip


def test_duplicates_within_the_file() -> None:
    rows: list[list[Cell]] = [
        HEADER,
        ["Иванов Иван", "05.03.2012", "7Б", None],
        ["Петров Пётр", None, "7Б", None],
        ["Иванов Иван", "05.03.2012", "7Б", None],  # line 4 repeats line 2
        ["Иванов Иван", "06.03.2012", "7Б", None],  # a namesake
        ["Петров Пётр", "01.01.2012", "7Б", None],  # line 3 had no date: likely the same
    ]
    plan = plan_of(rows)
    assert [r.same_as_line for r in plan.rows] == [None, None, 2, None, 3]
    repeat = plan.rows[2]
    assert repeat.warnings == ["повторяет строку 2 файла"]
    assert repeat.action is DuplicateAction.SKIP and repeat.reason == "повторяет строку 2"
    assert repeat.allowed_actions() == (DuplicateAction.SKIP, DuplicateAction.ADD)
    assert plan.counts() == {Outcome.ADDED: 3, Outcome.UPDATED: 0, Outcome.SKIPPED: 2}


def test_rows_with_errors_are_not_matched_as_duplicates() -> None:
    rows = [HEADER, ["Иванов Иван", "05.03.2012", "7Б", None], ["Иванов Иван", "xx", "7Б", None]]
    plan = plan_of(rows)
    assert plan.rows[1].errors and plan.rows[1].same_as_line is None


def test_duplicate_actions(db: Database, register: dict[str, int]) -> None:
    rows: list[list[Cell]] = [
        HEADER,
        ["Иванов Иван Иванович", "05.03.2012", "7Б", None],  # in the register
        ["Новиков Олег", "01.02.2013", "7Б", None],  # new
        ["Новиков Олег", "01.02.2013", "7Б", None],  # repeats line 3
    ]
    for action, outcomes in [
        (DuplicateAction.SKIP, [Outcome.SKIPPED, Outcome.ADDED, Outcome.SKIPPED]),
        (DuplicateAction.UPDATE, [Outcome.UPDATED, Outcome.ADDED, Outcome.SKIPPED]),
        (DuplicateAction.ADD, [Outcome.ADDED, Outcome.ADDED, Outcome.ADDED]),
    ]:
        by_default = plan_of(rows, Defaults(on_duplicate=action), conn=db.reader)
        assert [r.outcome for r in by_default.rows] == outcomes, action
        chosen = plan_of(rows, conn=db.reader)
        chosen.set_duplicate_action(action)
        assert [r.outcome for r in chosen.rows] == outcomes, action
    # A repeat within the file has nothing to update: asked to, it is skipped.
    plan = plan_of(rows, conn=db.reader)
    plan.rows[2].set_action(DuplicateAction.UPDATE)
    assert plan.rows[2].action is DuplicateAction.SKIP


# --- writing ----------------------------------------------------------------------------


def test_apply_adds_skips_and_reports(db: Database, register: dict[str, int]) -> None:
    rows: list[list[Cell]] = [
        HEADER,
        ["Иванов Иван Иванович", "05.03.2012", "7Б", "+7 999 111-22-33"],
        ["Новиков Олег Игоревич", "01.02.2013", "7 б", "+7 999 444-55-66"],
        ["Жукова Вика", "31.02.2012", "7Б", None],
        ["Итого: 3"],
    ]
    before = people_in(db)
    plan = plan_of(rows, conn=db.reader)
    report = apply_plan(db, plan, "список.xlsx", TODAY)
    after = people_in(db)
    assert len(after) == len(before) + 1
    (new,) = set(after) - set(before)
    assert new == ("Новиков", "Олег", "Игоревич", "2013-02-01", "student", "7Б",
                   "+7 999 444-55-66", "", "", "none")  # fmt: skip
    ivanov = next(p for p in after if p[0] == "Иванов")
    assert ivanov[6] == ""  # skipped: the phone in the file was not written
    assert (report.count(Outcome.ADDED), report.count(Outcome.UPDATED)) == (1, 0)
    assert report.count(Outcome.SKIPPED) == 3
    assert report.summary() == "Добавлено: 1, обновлено: 0, пропущено: 3"
    reasons = {line.line: line.reason for line in report.lines}
    assert reasons[2].startswith("уже есть в реестре: Иванов Иван Иванович")
    assert "Такой даты нет: 31.02.2012" in reasons[4]
    assert reasons[5] == "итоговая строка"


def test_update_changes_only_what_the_file_gives(db: Database, register: dict[str, int]) -> None:
    rows = [["ФИО", "Телефон", "Наставляемый"], ["Семёнова Алёна Петровна", "+7 912 000-00-00", ""]]
    plan = plan_of(rows, Defaults(on_duplicate=DuplicateAction.UPDATE), conn=db.reader)
    (row,) = plan.rows
    assert row.outcome is Outcome.UPDATED
    report = apply_plan(db, plan, "телефоны.csv", TODAY)
    assert report.count(Outcome.UPDATED) == 1
    with db.transaction() as session:
        card = participants.load(session, register["semyonova"], TODAY)
    assert card.phone == "+7 912 000-00-00"
    # Everything the file left empty or did not have is as it was.
    assert card.email == "alena@example.ru" and card.note == "любит шахматы"
    assert card.birth_date == date(2012, 6, 1) and card.class_name == "7Б"
    assert card.is_mentee is True
    assert card.consent_status is ConsentStatus.GIVEN
    assert card.consent_date == date(2025, 9, 1)
    assert card.representative_name == "Семёнов Пётр Ильич"
    assert len(people_in(db)) == 3


def test_update_refused_by_the_cards_checks_is_skipped(
    db: Database, register: dict[str, int]
) -> None:
    """A birth date making the consent a minor's needs a representative the card lacks."""
    adult = ParticipantData(
        last_name="Орлова", first_name="Татьяна", category=Category.TEACHER,
        consent_status=ConsentStatus.GIVEN, consent_date=date(2025, 9, 1),
        consent_signer="Орлова Татьяна",
    )  # fmt: skip
    add(db, adult)
    rows = [["ФИО", "Дата рождения"], ["Орлова Татьяна", "01.01.2015"],
            ["Новиков Олег", "01.02.2013"]]  # fmt: skip
    plan = plan_of(rows, Defaults(on_duplicate=DuplicateAction.UPDATE), conn=db.reader)
    report = apply_plan(db, plan, "список.csv", TODAY)
    orlova, novikov = report.lines
    assert orlova.outcome is Outcome.SKIPPED
    assert orlova.reason.startswith("не обновлён: ") and "законного представителя" in orlova.reason
    assert novikov.outcome is Outcome.ADDED
    names = [p[0] for p in people_in(db)]
    assert "Новиков" in names
    assert next(p for p in people_in(db) if p[0] == "Орлова")[3] is None


def test_add_action_writes_a_second_card(db: Database, register: dict[str, int]) -> None:
    plan = plan_of([HEADER, ["Иванов Иван Иванович", "05.03.2012", "7Б", None]],
                   Defaults(on_duplicate=DuplicateAction.ADD), conn=db.reader)  # fmt: skip
    apply_plan(db, plan, "список.csv", TODAY)
    assert [p[:2] for p in people_in(db)].count(("Иванов", "Иван")) == 2


def _mixed_plan(db: Database) -> ImportPlan:
    rows: list[list[Cell]] = [
        HEADER,
        ["Новиков Олег", "01.02.2013", "7Б", None],
        ["Орлов Глеб", "02.03.2013", "7Б", None],
        ["Иванов Иван Иванович", "05.03.2012", "7Б", "+7 999 111-22-33"],
    ]
    return plan_of(rows, Defaults(on_duplicate=DuplicateAction.UPDATE), conn=db.reader)


def test_failure_while_adding_leaves_the_database_as_it_was(
    db: Database, register: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = participants.insert_many

    def insert_then_fail(*args: Any, **kwargs: Any) -> int:
        real(*args, **kwargs)  # the rows are in the transaction...
        raise OSError("диск отключён")  # ...when the write fails

    before = dump(db.path)
    plan = _mixed_plan(db)
    monkeypatch.setattr(participants, "insert_many", insert_then_fail)
    with pytest.raises(OSError, match="диск отключён"):
        apply_plan(db, plan, "список.csv", TODAY)
    assert dump(db.path) == before


def test_failure_while_updating_leaves_the_database_as_it_was(
    db: Database, register: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The adds come first: a failing update after them takes them back too."""
    calls: list[int] = []

    def fail(session: Any, person_id: int, data: Any, today: date) -> None:
        calls.append(person_id)
        raise RuntimeError("сбой")

    before = dump(db.path)
    plan = _mixed_plan(db)
    assert [r.outcome for r in plan.rows] == [Outcome.ADDED, Outcome.ADDED, Outcome.UPDATED]
    monkeypatch.setattr(participants, "update_person", fail)
    with pytest.raises(RuntimeError, match="сбой"):
        apply_plan(db, plan, "список.csv", TODAY)
    assert calls == [register["ivanov"]]
    assert dump(db.path) == before
    monkeypatch.undo()
    apply_plan(db, _mixed_plan(db), "список.csv", TODAY)  # and it works once the fault is gone
    assert len(people_in(db)) == 5


def test_progress_is_reported(db: Database, register: dict[str, int]) -> None:
    seen: list[tuple[int, int]] = []
    apply_plan(db, _mixed_plan(db), "список.csv", TODAY, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(2, 3), (3, 3)]


def test_save_report_as_xlsx(db: Database, register: dict[str, int], tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        HEADER,
        [1, 2, 3, 4],
        ["Иванов Иван Иванович", "05.03.2012", "7Б", None],
        ["Новиков Олег", "01.02.2013", "7Б", None],
        ["Жукова Вика", "не помню", "7Б", None],
    ]
    report = apply_plan(db, plan_of(rows, conn=db.reader), "список 7Б.xlsx", TODAY)
    folder = tmp_path / "отчёты"
    folder.mkdir()
    path = folder / "отчёт.xlsx"
    save_report(report, path)
    assert [p.name for p in folder.iterdir()] == ["отчёт.xlsx"]  # no partial file left
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Отчёт"
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Импорт из файла список 7Б.xlsx"
    assert values[1][0] == "Добавлено: 1, обновлено: 0, пропущено: 3"
    assert values[3] == ["Строка файла", "ФИО", "Итог", "Причина"]
    lines = values[4:]
    assert [line[:3] for line in lines] == [
        [2, None, "пропущен"],
        [3, "Иванов Иван Иванович", "пропущен"],
        [4, "Новиков Олег", "добавлен"],
        [5, "Жукова Вика", "пропущен"],
    ]
    assert lines[0][3] == "строка с номерами столбцов"
    assert lines[1][3].startswith("уже есть в реестре")
    assert "Не похоже на дату: «не помню»" in lines[3][3]
    assert sheet.freeze_panes == "A5"


def test_dry_run_report(db: Database, register: dict[str, int]) -> None:
    before = dump(db.path)
    plan = _mixed_plan(db)
    report = report_for(plan, "список.csv", dry_run=True)
    assert (
        report.summary() == "Будет добавлено: 2, обновлено: 1, пропущено: 0 (проверка без записи)"
    )
    data = report.as_dict()
    assert (data["added"], data["updated"], data["skipped"], data["dry_run"]) == (2, 1, 0, True)
    assert [r["outcome"] for r in data["rows"]] == ["added", "added", "updated"]
    assert dump(db.path) == before


# --- round trip -------------------------------------------------------------------------

TEACHER = ParticipantData(
    last_name="Петрова", first_name="Ольга", middle_name="Николаевна",
    birth_date=date(1980, 4, 30), category=Category.TEACHER, position="учитель",
    subject="математика", hire_date=date(2015, 8, 25), email="petrova@school.ru",
    is_mentor=True, capacity=2, consent_status=ConsentStatus.GIVEN,
    consent_date=date(2025, 9, 1), consent_signer="Петрова Ольга Николаевна",
)  # fmt: skip
PARTNER = ParticipantData(
    last_name="Ким", first_name="Виктор", category=Category.PARTNER,
    organization="ООО «Ромашка»", position="инженер", is_mentor=True,
    note="=1+1",  # a formula-looking note stays text both ways
    consent_status=ConsentStatus.GIVEN, consent_date=date(2025, 9, 1), consent_signer="Ким В.",
)  # fmt: skip


def test_round_trip_through_the_export(
    db: Database, register: dict[str, int], tmp_path: Path
) -> None:
    add(db, TEACHER, PARTNER)
    path = tmp_path / "реестр.xlsx"
    assert export_register(db.reader, path, TODAY).written == 5
    before = dump(db.path)

    _, plan = plan_file(path, db.reader, Defaults(), TODAY)
    assert len(plan.rows) == 5 and plan.service_lines == []
    assert all(r.errors == [] for r in plan.rows), [r.errors for r in plan.rows]
    assert all(r.duplicate_of is not None for r in plan.rows)
    assert all(r.same_as_line is None for r in plan.rows)
    categories = {r.data.last_name: r.data.category for r in plan.rows}
    assert categories["Петрова"] is Category.TEACHER and categories["Ким"] is Category.PARTNER
    assert next(r for r in plan.rows if r.data.last_name == "Ким").data.note == "=1+1"

    report = apply_plan(db, plan, path.name, TODAY)
    assert report.count(Outcome.ADDED) == 0 and report.count(Outcome.SKIPPED) == 5
    assert dump(db.path) == before

    people = people_in(db)
    _, plan = plan_file(path, db.reader, Defaults(on_duplicate=DuplicateAction.UPDATE), TODAY)
    report = apply_plan(db, plan, path.name, TODAY)
    assert report.count(Outcome.UPDATED) == 5, [(r.name, r.reason) for r in report.lines]
    assert {line.reason for line in report.lines} == {"без изменений"}
    assert people_in(db) == people  # nothing the export left out was erased
    with db.transaction() as session:
        teacher = participants.load(session, 4, TODAY)
    assert teacher.hire_date == date(2015, 8, 25) and teacher.capacity == 2
    assert teacher.is_mentor and teacher.subject == "математика"


# --- staff lists, footers, totals, the template's example --------------------------------


def test_realistic_staff_list_from_hr() -> None:
    """An HR list: its category is a qualification, «Кл. рук.» the class a teacher leads."""
    rows: list[list[Cell]] = [
        ["Список педагогических работников МБОУ «СОШ № 5» на 01.09.2025"],
        ["№", "ФИО", "Должность", "Преподаваемый предмет", "Квалификационная категория",
         "Педагогический стаж", "Дата приёма на работу", "Кл. рук.", "Телефон", "E-mail"],
        [1, "Орлова Татьяна Ивановна", "учитель", "математика", "высшая", "25 лет",
         date(2001, 8, 28), "7Б", "+7 900 111-22-33", "orlova@school.ru"],
        [2, "Никитин Сергей Петрович", "учитель", "физика", "первая", 12,
         "01.09.2014", None, "+7 900 222-33-44", None],
        [3, "Белова Анна Сергеевна", "педагог-психолог", None, "б/к", "1 год",
         date(2025, 9, 1), None, None, None],
    ]  # fmt: skip
    layout = find_layout(rows)
    assert layout == Layout(1, 2, {
        1: "full_name", 2: "position", 3: "subject", 5: "experience_years", 6: "hire_date",
        8: "phone", 9: "email",
    })  # fmt: skip
    assert guess_category(layout) is Category.TEACHER
    plan = plan_of(rows)
    assert [r.errors for r in plan.rows] == [[], [], []]
    assert [r.warnings for r in plan.rows] == [[], [], []]
    orlova, nikitin, belova = (r.data for r in plan.rows)
    assert orlova.category is Category.TEACHER and orlova.class_name == ""
    assert (orlova.subject, orlova.experience_years, orlova.hire_date) == (
        "математика", 25, date(2001, 8, 28),
    )  # fmt: skip
    assert nikitin.hire_date == date(2014, 9, 1) and nikitin.experience_years == 12
    assert belova.position == "педагог-психолог" and belova.experience_years == 1


@pytest.mark.parametrize(
    "cell",
    [
        "Классный руководитель: Петрова А.А.",
        "Директор школы ____ /Иванова А.А./",
        "@SUM(1+1)",
        "(Петрова)",
        "Петрова А.А.",  # initials are not a first name
        "Составил: секретарь",
        '=HYPERLINK("http://example.ru";"Иванов")',
    ],
)
def test_footer_and_section_rows_are_not_people(cell: str) -> None:
    rows: list[list[Cell]] = [["ФИО", "Класс"], ["Иванов Иван", "7Б"], [cell, None]]
    person, footer = plan_of(rows).rows
    assert person.errors == [] and person.outcome is Outcome.ADDED
    assert footer.errors and footer.outcome is Outcome.SKIPPED
    assert any(
        "только буквы, дефис, апостроф и пробел" in e or "инициалом" in e for e in footer.errors
    ), footer.errors


def test_initials_for_a_first_name_are_a_row_error() -> None:
    row = only_row([["Фамилия", "Имя", "Отчество"], ["Иванов", "И.", "И."]])
    assert row.errors == [
        "Имя указано инициалом: нужно полное имя",
        "Отчество указано инициалом: укажите его полностью или оставьте пустым",
    ]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["Итого", None, None], "итоговая строка"),
        (["Итого:", 3, None], "итоговая строка"),
        (["ИТОГО: 3 человека"], "итоговая строка"),
        (["Всего:", None, 25], "итоговая строка"),
        (["Всего учащихся: 25"], "итоговая строка"),
        (["Итогов Иван", "05.03.2012", "7Б"], None),  # a surname, not a total
        (["Всеволодов Пётр", "05.03.2012", "7Б"], None),
    ],
)
def test_total_rows_by_the_whole_cell(cells: list[Cell], reason: str | None) -> None:
    plan = plan_of([["ФИО", "Дата рождения", "Класс"], cells])
    assert [s.reason for s in plan.service_lines] == ([reason] if reason else [])
    assert len(plan.rows) == (0 if reason else 1)
    if not reason:
        assert plan.rows[0].errors == [] and plan.rows[0].outcome is Outcome.ADDED


def test_the_templates_example_row_is_not_a_person(tmp_path: Path) -> None:
    from mentor_desk.exchange.export import write_template

    path = tmp_path / "шаблон.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.append(["Иванова", "Мария", "Петровна", date(2012, 3, 5), "обучающийся", "7Б"])
    book.save(path)
    _, plan = plan_file(path, None, Defaults(), TODAY)
    assert [(s.line, s.reason) for s in plan.service_lines] == [(2, "строка-образец из шаблона")]
    assert [r.name for r in plan.rows] == ["Иванова Мария Петровна"]  # a namesake still counts


def test_a_student_without_a_class_is_warned() -> None:
    rows = [["ФИО", "Дата рождения"], ["Иванов Иван", "05.03.2012"]]
    assert only_row(rows).warnings == ["не указан класс"]
    assert only_row(rows, Defaults(class_name="7Б")).warnings == []  # the default counts
    teacher = only_row([["ФИО", "Должность"], ["Орлова Татьяна", "учитель"]])
    assert teacher.warnings == []


# --- duplicates: one rule, no double update ----------------------------------------------


def test_a_repeated_row_can_not_update_too(db: Database, register: dict[str, int]) -> None:
    """Two rows of the file for one register person: the second may only skip or add."""
    rows: list[list[Cell]] = [
        HEADER,
        ["Семёнова Алёна Петровна", "01.06.2012", "7Б", "+7 911 000-00-01"],
        ["Семёнова Алёна Петровна", "01.06.2012", "7Б", "+7 922 000-00-02"],
    ]
    plan = plan_of(rows, Defaults(on_duplicate=DuplicateAction.UPDATE), conn=db.reader)
    first, second = plan.rows
    assert first.duplicate_of == second.duplicate_of != None  # noqa: E711
    assert second.same_as_line == 2
    assert second.allowed_actions() == (DuplicateAction.SKIP, DuplicateAction.ADD)
    assert (first.outcome, second.outcome) == (Outcome.UPDATED, Outcome.SKIPPED)
    second.set_action(DuplicateAction.UPDATE)
    assert second.action is DuplicateAction.SKIP
    plan.set_duplicate_action(DuplicateAction.UPDATE)
    assert [r.outcome for r in plan.rows] == [Outcome.UPDATED, Outcome.SKIPPED]
    report = apply_plan(db, plan, "список.xlsx", TODAY)
    assert report.count(Outcome.UPDATED) == 1
    assert report.lines[1].reason == "повторяет строку 2"
    with db.session() as session:
        assert participants.load(session, register["semyonova"], TODAY).phone == (
            "+7 911 000-00-01"
        )


def test_patronymic_missing_in_the_file_is_a_likely_duplicate(
    db: Database, register: dict[str, int]
) -> None:
    rows = [["ФИО", "Телефон"], ["Семенова Алена", "+7 911 000-00-01"]]
    plan = plan_of(rows, Defaults(on_duplicate=DuplicateAction.UPDATE), conn=db.reader)
    (row,) = plan.rows
    assert row.duplicate_of == (
        register["semyonova"], "Семёнова Алёна Петровна (01.06.2012, 7Б)",
    )  # fmt: skip
    assert row.warnings == [
        "похоже, уже есть в реестре: Семёнова Алёна Петровна (01.06.2012, 7Б) — отчество "
        "не указано в файле"
    ]
    apply_plan(db, plan, "список.xlsx", TODAY)
    with db.session() as session:
        card = participants.load(session, register["semyonova"], TODAY)
    assert (card.last_name, card.first_name, card.middle_name) == ("Семёнова", "Алёна", "Петровна")
    assert card.phone == "+7 911 000-00-01"


@pytest.mark.parametrize(
    "card",
    [
        ParticipantData(last_name="Иванов", first_name="Иван", middle_name="Иванович",
                        birth_date=date(2012, 3, 5)),
        ParticipantData(last_name="иванов", first_name="ИВАН", birth_date=date(2012, 3, 5)),
        ParticipantData(last_name="Иванов", first_name="Иван", middle_name="Иванович"),
        ParticipantData(last_name="Иванов", first_name="Иван", birth_date=date(2012, 3, 6)),
        ParticipantData(last_name="Иванов", first_name="Иван", middle_name="Петрович"),
        ParticipantData(last_name="Петров", first_name="Пётр", middle_name="Петрович",
                        birth_date=date(2001, 1, 1)),
        ParticipantData(last_name="Семенова", first_name="Алена", birth_date=date(2012, 6, 1)),
        ParticipantData(last_name="Семенова", first_name="Алена", birth_date=date(2012, 6, 2)),
    ],
)  # fmt: skip
def test_the_import_and_the_card_dialog_agree_on_duplicates(
    db: Database, register: dict[str, int], card: ParticipantData
) -> None:
    """One rule (likely_same_person): the file's row and the typed card find the same."""
    index = RegisterIndex(db.reader)
    known = index.match((card.last_name, card.first_name, card.middle_name), card.birth_date)
    found = find_duplicates(db.reader, card)
    assert [pid for pid, _ in found] == ([known.id] if known else [])
    if known:
        assert found[0][1] == known.label


# --- updates never destroy ---------------------------------------------------------------


def test_update_adds_and_never_takes_away(db: Database, register: dict[str, int]) -> None:
    rows = [
        ["ФИО", "Дата рождения", "Телефон", "Наставник", "Наставляемый", "Примечание"],
        ["СЕМЕНОВА АЛЕНА", None, "+7 911 000-00-09", "да", "нет", None],
    ]
    plan = plan_of(rows, Defaults(on_duplicate=DuplicateAction.UPDATE), conn=db.reader)
    report = apply_plan(db, plan, "список.xlsx", TODAY)
    (line,) = report.lines
    assert line.outcome is Outcome.UPDATED
    assert line.reason == (
        "изменено — телефон: +7 900 000-00-01 → +7 911 000-00-09; наставник: нет → да"
    )
    with db.session() as session:
        card = participants.load(session, register["semyonova"], TODAY)
    # The register's spelling, the patronymic, the role the file said «нет» to: all kept.
    assert (card.last_name, card.first_name, card.middle_name) == ("Семёнова", "Алёна", "Петровна")
    assert card.is_mentee is True and card.is_mentor is True
    assert card.note == "любит шахматы" and card.birth_date == date(2012, 6, 1)


def test_a_default_class_fills_a_gap_on_update_and_moves_nobody(
    db: Database, register: dict[str, int]
) -> None:
    rows = [["ФИО", "Телефон"], ["Иванов Иван Иванович", "+7 911 000-00-01"]]
    defaults = Defaults(class_name="5А", on_duplicate=DuplicateAction.UPDATE)
    report = apply_plan(db, plan_of(rows, defaults, conn=db.reader), "список.csv", TODAY)
    assert report.lines[0].reason == "изменено — телефон"  # no consent: no values
    with db.session() as session:
        assert participants.load(session, register["ivanov"], TODAY).class_name == "7Б"


def test_update_report_hides_values_without_a_valid_consent(
    db: Database, register: dict[str, int]
) -> None:
    """Ivanov and Petrov have no consent: the saved report names fields, not their values."""
    rows: list[list[Cell]] = [
        ["ФИО", "Дата рождения", "Класс", "Телефон", "E-mail"],
        ["Иванов Иван Иванович", "05.03.2012", "8А", "+7 911 000-00-01", "ivan@example.ru"],
        ["Петров Пётр", "01.01.2012", "7Б", None, None],
    ]
    plan = plan_of(rows, Defaults(on_duplicate=DuplicateAction.UPDATE), conn=db.reader)
    report = apply_plan(db, plan, "список.xlsx", TODAY)
    ivanov, petrov = (line.reason for line in report.lines)
    assert ivanov == "изменено — класс: 7Б → 8А; телефон; E-mail"
    assert petrov == "изменено — дата рождения"
    assert "2012" not in petrov and "911" not in ivanov
    with db.session() as session:
        assert participants.load(session, register["petrov"], TODAY).birth_date == date(2012, 1, 1)


def test_refusals_reach_the_plan_only_after_commit(db: Database, register: dict[str, int]) -> None:
    """A failed transaction (a locked database) leaves the plan as it was: retry as new."""
    adult = ParticipantData(
        last_name="Орлова", first_name="Татьяна", category=Category.TEACHER,
        consent_status=ConsentStatus.GIVEN, consent_date=date(2025, 9, 1),
        consent_signer="Орлова Татьяна",
    )  # fmt: skip
    add(db, adult)
    rows = [["ФИО", "Дата рождения", "Телефон"], ["Орлова Татьяна", "01.01.2015", None],
            ["Семёнова Алёна Петровна", None, "+7 911 000-00-01"]]  # fmt: skip
    plan = plan_of(rows, Defaults(on_duplicate=DuplicateAction.UPDATE), conn=db.reader)
    before = dump(db.path)

    def fail_at_the_end(done: int, total: int) -> None:
        if done == total:
            raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError):
        apply_plan(db, plan, "список.csv", TODAY, progress=fail_at_the_end)
    assert dump(db.path) == before
    orlova, semyonova = plan.rows
    assert orlova.errors == [] and orlova.outcome is Outcome.UPDATED
    assert orlova.changes is None and semyonova.changes is None

    report = apply_plan(db, plan, "список.csv", TODAY)
    refused, updated = report.lines
    assert refused.outcome is Outcome.SKIPPED and refused.reason.count("не обновлён") == 1
    assert updated.outcome is Outcome.UPDATED and "телефон" in updated.reason


# --- the saved report --------------------------------------------------------------------


def test_save_report_writes_names_as_text(tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        ["Фамилия", "Имя"],
        ['=HYPERLINK("http://example.ru","Иванов")', "Иван"],
        ["Петров\x07", "Пётр"],  # a control character Excel refuses
        ["#N/A", "Пётр"],
    ]
    report = report_for(plan_of(rows), "=список.csv", dry_run=True)
    path = tmp_path / "отчёт.xlsx"
    save_report(report, path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "Импорт из файла =список.csv" and sheet["A1"].data_type == "s"
    name = sheet["B5"]
    assert (name.value, name.data_type) == ('=HYPERLINK("http://example.ru","Иванов") Иван', "s")
    assert sheet["B6"].value == "Петров Пётр"
    assert (sheet["B7"].value, sheet["B7"].data_type) == ("#N/A Пётр", "s")
    assert sheet["A4"].font.b and sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:D7"
    assert [p.name for p in tmp_path.iterdir()] == ["отчёт.xlsx"]


def test_save_report_failure_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentor_desk.exchange.export import ExportError

    report = report_for(
        plan_of([["ФИО", "Класс"], ["Иванов Иван", "7Б"]]), "список.csv", dry_run=True
    )
    path = tmp_path / "отчёт.xlsx"
    path.write_bytes(b"the old report")

    def full_disk(self: object, stream: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full_disk)
    with pytest.raises(ExportError, match="на диске не хватает места"):
        save_report(report, path)
    assert path.read_bytes() == b"the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["отчёт.xlsx"]
