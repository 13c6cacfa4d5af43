"""Domain rules, table by table: plurals, dates, ages, consent, classes, categories, validate()."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from tests.helpers import TODAY

from mentor_desk.domain.dates import (
    AcademicYear,
    DateFormatError,
    format_date,
    full_years_between,
    parse_date,
    parse_date_lenient,
)
from mentor_desk.domain.participants import (
    AGE_BANDS,
    CHILDREN_7_18,
    MENTEES_10_19,
    MENTORS_15_19,
    AgeBand,
    Category,
    ConsentState,
    ConsentStatus,
    ParticipantData,
    age_on,
    consent_state,
    experience_on,
    is_minor,
    is_young_specialist,
    likely_same_person,
    name_problem,
    normalize_class,
    parse_years,
    validate,
)
from mentor_desk.domain.text import count_ru, fold, full_name, plural_ru, short_name, years_ru

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)

# --- text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "участников"),
        (1, "участник"),
        (2, "участника"),
        (3, "участника"),
        (4, "участника"),
        (5, "участников"),
        (11, "участников"),
        (12, "участников"),
        (14, "участников"),
        (21, "участник"),
        (22, "участника"),
        (25, "участников"),
        (101, "участник"),
        (111, "участников"),
        (112, "участников"),
        (122, "участника"),
        (-1, "участник"),
    ],
)
def test_plural_ru(n: int, expected: str) -> None:
    assert plural_ru(n, "участник", "участника", "участников") == expected


def test_count_ru_and_years_ru_prefix_the_number() -> None:
    assert count_ru(21, "пара", "пары", "пар") == "21 пара"
    assert years_ru(1) == "1 год"
    assert years_ru(3) == "3 года"
    assert years_ru(11) == "11 лет"


@pytest.mark.parametrize(
    ("typed", "stored", "key"),
    [
        ("Семенов", "Семёнов", "семенов"),
        ("СЕМЁНОВ", "Семенов", "семенов"),
        ("  семенов   петр ", "Семёнов Пётр", "семенов петр"),
        ("Семёнов\tПётр\nИванович", "Семенов Петр Иванович", "семенов петр иванович"),
        ("елкина", "Ёлкина", "елкина"),
    ],
)
def test_fold_ignores_yo_case_and_spacing(typed: str, stored: str, key: str) -> None:
    assert fold(typed) == fold(stored) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [("Семёнов", "Семенова"), ("Иванов Петр", "Иванов Павел")],
)
def test_fold_keeps_different_names_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


@pytest.mark.parametrize(
    ("last", "first", "middle", "expected"),
    [
        ("Иванова", "Анна", "Сергеевна", "Иванова А.С."),
        ("Иванова", "Анна", "", "Иванова А."),
        ("Иванова", "Анна", None, "Иванова А."),
        ("Иванова", "", "", "Иванова"),
        ("Семёнов", "Юрий", "Ёжикович", "Семёнов Ю.Ё."),
    ],
)
def test_short_name(last: str, first: str, middle: str | None, expected: str) -> None:
    assert short_name(last, first, middle) == expected


@pytest.mark.parametrize(
    ("middle", "expected"),
    [("Сергеевна", "Иванова Анна Сергеевна"), ("", "Иванова Анна"), (None, "Иванова Анна")],
)
def test_full_name(middle: str | None, expected: str) -> None:
    assert full_name("Иванова", "Анна", middle) == expected


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05.03.2012", date(2012, 3, 5)),
        ("5.3.2012", date(2012, 3, 5)),
        ("  05.03.2012  ", date(2012, 3, 5)),
        ("29.02.2020", date(2020, 2, 29)),
        ("31.12.1999", date(1999, 12, 31)),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_valid(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31.02.2020", "29.02.2021", "00.01.2020", "12.13.2020", "2012-03-05", "abc", "05.03.12",
     "05/03/2012", "05.03.2012г", "5.3"],
)  # fmt: skip
def test_parse_date_invalid_raises_a_russian_message(text: str) -> None:
    with pytest.raises(DateFormatError) as info:
        parse_date(text)
    assert isinstance(info.value, ValueError)  # callers may catch ValueError
    assert CYRILLIC.search(str(info.value)), str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05.03.2012", date(2012, 3, 5)),
        ("05.03.2012 0:00:00", date(2012, 3, 5)),  # 1C and Excel write a time into CSV
        ("05.03.2012 00:00", date(2012, 3, 5)),
        ("5.3.2012 12:30:15", date(2012, 3, 5)),
        ("2012-03-05 00:00:00", date(2012, 3, 5)),
        ("2012-03-05T00:00", date(2012, 3, 5)),
        ("2012.03.05", date(2012, 3, 5)),
        ("1 сентября 2012", date(2012, 9, 1)),
        ("1 сентября 2012 г.", date(2012, 9, 1)),
        ("01 Сентября 2012 года", date(2012, 9, 1)),
        ("29 февраля 2012г.", date(2012, 2, 29)),
        ("31 декабря 1999", date(1999, 12, 31)),
    ],
)
def test_parse_date_lenient(text: str, expected: date) -> None:
    assert parse_date_lenient(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5 марта", "Не похоже на дату"),
        ("1 сентябрь 2012", "Не похоже на дату"),
        ("30 февраля 2012", "Такой даты нет: 30 февраля 2012"),
        ("05.03.2012 25 часов", "Не похоже на дату"),
    ],
)
def test_parse_date_lenient_refuses(text: str, message: str) -> None:
    with pytest.raises(DateFormatError, match=message):
        parse_date_lenient(text, TODAY)


def test_parse_date_messages_distinguish_format_from_impossible_day() -> None:
    with pytest.raises(DateFormatError, match=r"ДД\.ММ\.ГГГГ"):
        parse_date("2012-03-05")
    with pytest.raises(DateFormatError, match=r"Такой даты нет: 31\.02\.2020"):
        parse_date("31.02.2020")


@pytest.mark.parametrize(("value", "expected"), [(date(2012, 3, 5), "05.03.2012"), (None, "")])
def test_format_date_round_trips(value: date | None, expected: str) -> None:
    assert format_date(value) == expected
    assert parse_date(format_date(value)) == value


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2012, 3, 5), date(2026, 3, 4), 13),  # the day before the birthday
        (date(2012, 3, 5), date(2026, 3, 5), 14),  # the birthday
        (date(2012, 3, 5), date(2026, 3, 6), 14),
        (date(2012, 3, 5), date(2012, 3, 5), 0),
        (date(2012, 12, 31), date(2013, 1, 1), 0),
        (date(2012, 2, 29), date(2013, 2, 27), 0),
        # Born on 29 February: in a common year the birthday is counted on 1 March.
        (date(2012, 2, 29), date(2013, 2, 28), 0),
        (date(2012, 2, 29), date(2013, 3, 1), 1),
        (date(2012, 2, 29), date(2016, 2, 28), 3),
        (date(2012, 2, 29), date(2016, 2, 29), 4),
    ],
)
def test_full_years_between(start: date, end: date, years: int) -> None:
    assert full_years_between(start, end) == years
    assert age_on(start, end) == years


def test_age_on_unknown_birth_date_is_none() -> None:
    assert age_on(None, TODAY) is None


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (date(2026, 8, 31), 2025),
        (date(2026, 9, 1), 2026),
        (date(2026, 1, 1), 2025),
        (date(2026, 12, 31), 2026),
    ],
)
def test_academic_year_containing(day: date, start_year: int) -> None:
    year = AcademicYear.containing(day)
    assert year == AcademicYear(start_year)
    assert day in year


def test_academic_year_properties() -> None:
    year = AcademicYear(2026)
    assert year.label == "2026/2027"
    assert year.start == date(2026, 9, 1)
    assert year.end == date(2027, 8, 31)
    assert year.reference_date == date(2026, 9, 1)
    assert AcademicYear(2025) < year  # ordered: the years sort in a list


@pytest.mark.parametrize(
    ("item", "inside"),
    [
        (date(2026, 9, 1), True),
        (date(2027, 8, 31), True),
        (date(2027, 2, 28), True),
        (date(2026, 8, 31), False),
        (date(2027, 9, 1), False),
        ("01.09.2026", False),
        (None, False),
        (2026, False),
    ],
)
def test_academic_year_contains(item: object, inside: bool) -> None:
    assert (item in AcademicYear(2026)) is inside


@pytest.mark.parametrize(
    ("birth", "on", "minor"),
    [
        (date(2008, 11, 24), TODAY, True),  # 18 tomorrow
        (date(2008, 11, 23), TODAY, False),  # 18 today
        (date(2008, 11, 22), TODAY, False),
        (date(2015, 1, 1), TODAY, True),
        (None, TODAY, False),  # unknown age counts as adult
        (date(2008, 2, 29), date(2026, 2, 28), True),
        (date(2008, 2, 29), date(2026, 3, 1), False),
    ],
)
def test_is_minor(birth: date | None, on: date, minor: bool) -> None:
    assert is_minor(birth, on) is minor


@pytest.mark.parametrize(
    ("hire", "years", "as_of", "expected"),
    [
        (date(2020, 9, 1), None, None, 6),
        (date(2020, 9, 1), 30, date(2020, 1, 1), 6),  # the hire date wins over typed years
        (date(2026, 11, 24), None, None, 0),  # a future hire date never gives negatives
        (None, 5, TODAY, 5),
        (None, 5, date(2025, 11, 23), 6),  # typed a year ago: grew by one
        (None, 5, date(2025, 11, 24), 5),  # a year minus a day: not yet
        (None, 5, date(2023, 1, 1), 8),
        (None, 5, None, 5),  # no "as of": taken as it is
        (None, 5, date(2027, 1, 1), 5),  # "as of" in the future does not shrink it
        (None, 0, date(2024, 9, 1), 2),
        (None, None, None, None),
        (None, None, date(2020, 1, 1), None),
    ],
)
def test_experience_on(
    hire: date | None, years: int | None, as_of: date | None, expected: int | None
) -> None:
    assert experience_on(TODAY, hire, years, as_of) == expected


@pytest.mark.parametrize(
    ("category", "experience", "young"),
    [
        (Category.TEACHER, 0, True),
        (Category.TEACHER, 1, True),
        (Category.TEACHER, 2, True),
        (Category.TEACHER, 3, False),
        (Category.TEACHER, 30, False),
        (Category.TEACHER, None, False),
        (Category.HEAD, 0, False),
        (Category.STUDENT, 0, False),
        (Category.PARTNER, 1, False),
    ],
)
def test_is_young_specialist(category: Category, experience: int | None, young: bool) -> None:
    assert is_young_specialist(category, experience) is young


CHILD = date(2012, 3, 5)
ADULT = date(1985, 6, 1)


@pytest.mark.parametrize(
    ("status", "consent_date", "representative", "birth", "expected"),
    [
        (ConsentStatus.WITHDRAWN, date(2025, 9, 1), "Иванов И.И.", CHILD, ConsentState.WITHDRAWN),
        (ConsentStatus.WITHDRAWN, None, "", ADULT, ConsentState.WITHDRAWN),
        (ConsentStatus.NONE, None, "", ADULT, ConsentState.MISSING),
        (ConsentStatus.NONE, date(2025, 9, 1), "Иванов И.И.", CHILD, ConsentState.MISSING),
        (ConsentStatus.GIVEN, None, "", ADULT, ConsentState.INCOMPLETE),
        (ConsentStatus.GIVEN, date(2026, 11, 24), "", ADULT, ConsentState.INCOMPLETE),
        (ConsentStatus.GIVEN, TODAY, "", ADULT, ConsentState.VALID),
        (ConsentStatus.GIVEN, date(2025, 9, 1), "", CHILD, ConsentState.INCOMPLETE),
        (ConsentStatus.GIVEN, date(2025, 9, 1), "   ", CHILD, ConsentState.INCOMPLETE),
        (ConsentStatus.GIVEN, date(2025, 9, 1), None, CHILD, ConsentState.INCOMPLETE),
        (ConsentStatus.GIVEN, date(2025, 9, 1), "Иванов И.И.", CHILD, ConsentState.VALID),
        (ConsentStatus.GIVEN, date(2025, 9, 1), "", ADULT, ConsentState.VALID),
        (ConsentStatus.GIVEN, date(2025, 9, 1), "", None, ConsentState.VALID),  # unknown: adult
    ],
)
def test_consent_state(
    status: ConsentStatus,
    consent_date: date | None,
    representative: str | None,
    birth: date | None,
    expected: ConsentState,
) -> None:
    signed = consent_state(status, consent_date, representative, birth, TODAY, signer="Подписант")
    assert signed is expected


@pytest.mark.parametrize("signer", ["", "   ", None])
def test_a_given_consent_nobody_signed_is_incomplete(signer: str | None) -> None:
    state = consent_state(ConsentStatus.GIVEN, date(2025, 9, 1), "", ADULT, TODAY, signer=signer)
    assert state is ConsentState.INCOMPLETE


def test_consent_labels_are_russian() -> None:
    for state in ConsentState:
        assert CYRILLIC.search(state.label)
    for status in ConsentStatus:
        assert CYRILLIC.search(status.label)


# --- classes, years, bands, categories --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7б", "7Б"),
        ("7Б", "7Б"),
        ("7 Б", "7Б"),
        ("7-б", "7Б"),
        ("7 - б", "7Б"),
        (" 7б ", "7Б"),
        ("11", "11"),
        ("10а", "10А"),
        ("1А", "1А"),
        ("9ё", "9Ё"),
        # Quotes as a class is printed: «7 «Б»», 7 "Б".
        ("7 «Б»", "7Б"),
        ('7 "Б"', "7Б"),
        ("7'б'", "7Б"),
        # Latin look-alikes, typed with the English layout on.
        ("7B", "7В"),
        ("5A", "5А"),
        ("5a", "5А"),
        ("10C", "10С"),
        ("6e", "6Е"),
        ("8 K", "8К"),
        ("9-M", "9М"),
        ("2H", "2Н"),
        ("3o", "3О"),
        ("4P", "4Р"),
        ("4T", "4Т"),
        ("11x", "11Х"),
    ],
)
def test_normalize_class(text: str, expected: str) -> None:
    assert normalize_class(text) == expected
    assert all("А" <= ch <= "я" or ch in "Ёё" or ch.isdigit() for ch in normalize_class(text))


@pytest.mark.parametrize(
    "text",
    # Small b, h, m, t look like no Cyrillic letter of a class (b: Б or В?): retyped.
    ["12", "0", "0А", "7AB", "7ББ", "abc", "7Z", "7b", "7-b", "7h", "7m", "7t", "", "Б7",
     "07Б", "7.Б"],
)  # fmt: skip
def test_normalize_class_rejects(text: str) -> None:
    with pytest.raises(ValueError) as info:
        normalize_class(text)
    assert "Класс" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"), [("5", 5), (" 12 ", 12), ("0", 0), ("", None), ("  ", None)]
)
def test_parse_years(text: str, expected: int | None) -> None:
    assert parse_years(text) == expected


@pytest.mark.parametrize("text", ["пять", "5.5", "5 лет", "abc"])
def test_parse_years_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="Стаж"):
        parse_years(text)


@pytest.mark.parametrize(
    ("band", "inside", "outside"),
    [
        (CHILDREN_7_18, [7, 12, 18], [6, 19]),
        (MENTEES_10_19, [10, 15, 19], [9, 20]),
        (MENTORS_15_19, [15, 17, 19], [14, 20]),
    ],
)
def test_age_bands_are_inclusive(band: AgeBand, inside: list[int], outside: list[int]) -> None:
    for age in inside:
        assert age in band
    for age in outside:
        assert age not in band
    assert None not in band  # unknown age is in no band
    assert "15" not in band
    assert band in AGE_BANDS


def test_age_band_label() -> None:
    assert MENTEES_10_19.label == "10–19 лет"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("педагог", Category.TEACHER),
        ("Педагог", Category.TEACHER),
        ("  ПЕДАГОГ ", Category.TEACHER),
        ("teacher", Category.TEACHER),
        ("обучающийся", Category.STUDENT),
        ("представитель организации-партнера", Category.PARTNER),
        ("представитель организации-партнёра", Category.PARTNER),
        ("руководитель", Category.HEAD),
        ("university_student", Category.UNIVERSITY_STUDENT),
    ],
)
def test_category_from_label(text: str, expected: Category) -> None:
    assert Category.from_label(text) is expected


@pytest.mark.parametrize("text", ["учитель", "", "TEACHERS", "партнёр"])
def test_category_from_label_unknown(text: str) -> None:
    with pytest.raises(ValueError, match="Неизвестная категория") as info:
        Category.from_label(text)
    assert "педагог" in str(info.value)  # the message lists the possible ones


def test_every_category_round_trips_through_its_label() -> None:
    for category in Category:
        assert Category.from_label(category.label) is category
        assert Category.from_label(category.value) is category


@pytest.mark.parametrize(
    ("category", "staff"),
    [(Category.TEACHER, True), (Category.HEAD, True), (Category.STUDENT, False),
     (Category.PARTNER, False)],
)  # fmt: skip
def test_is_staff(category: Category, staff: bool) -> None:
    assert category.is_staff is staff


# --- validate ---------------------------------------------------------------------------

FUTURE = date(2026, 11, 24)
PAST = date(2025, 9, 1)

VALID_STUDENT = ParticipantData(
    last_name="Семёнова",
    first_name="Алёна",
    middle_name="Игоревна",
    birth_date=date(2011, 2, 14),
    category=Category.STUDENT,
    class_name="9в",
    is_mentee=True,
    consent_status=ConsentStatus.GIVEN,
    consent_date=PAST,
    consent_signer="Семёнов Игорь Петрович",
    representative_name="Семёнов Игорь Петрович",
)
VALID_TEACHER = ParticipantData(
    last_name="Петрова",
    first_name="Анна",
    birth_date=date(1985, 6, 1),
    category=Category.TEACHER,
    position="учитель математики",
    subject="математика",
    experience_years=12,
    hire_date=date(2014, 9, 1),
    email="petrova@school.ru",
    is_mentor=True,
    capacity=3,
    mentor_consent_date=PAST,
    training_date=PAST,
    interview_date=PAST,
)


@pytest.mark.parametrize("card", [VALID_STUDENT, VALID_TEACHER], ids=["student", "teacher"])
def test_validate_accepts_a_valid_card(card: ParticipantData) -> None:
    assert validate(card, TODAY) == {}


@pytest.mark.parametrize(
    ("base", "changes", "key"),
    [
        (VALID_STUDENT, {"last_name": "  "}, "last_name"),
        (VALID_STUDENT, {"first_name": ""}, "first_name"),
        (VALID_STUDENT, {"birth_date": FUTURE}, "birth_date"),
        (VALID_STUDENT, {"birth_date": date(1899, 12, 31)}, "birth_date"),
        (VALID_STUDENT, {"class_name": "12А"}, "class_name"),
        (VALID_TEACHER, {"experience_years": -1}, "experience"),
        (VALID_TEACHER, {"experience_years": 71}, "experience"),
        (VALID_TEACHER, {"hire_date": FUTURE}, "hire_date"),
        (VALID_TEACHER, {"email": "petrova@school"}, "email"),
        (VALID_TEACHER, {"email": "petrova school.ru"}, "email"),
        (VALID_TEACHER, {"capacity": 0}, "capacity"),
        (VALID_TEACHER, {"capacity": 11}, "capacity"),
        (VALID_TEACHER, {"mentor_consent_date": FUTURE}, "mentor_consent_date"),
        (VALID_TEACHER, {"training_date": FUTURE}, "training_date"),
        (VALID_TEACHER, {"interview_date": FUTURE}, "interview_date"),
        (VALID_STUDENT, {"consent_date": None}, "consent_date"),
        (VALID_STUDENT, {"consent_date": FUTURE}, "consent_date"),
        (VALID_STUDENT, {"consent_signer": " "}, "consent_signer"),
        (VALID_STUDENT, {"representative_name": ""}, "representative_name"),
        (
            VALID_STUDENT,
            {"consent_status": ConsentStatus.WITHDRAWN, "representative_name": ""},
            "representative_name",
        ),
    ],
)
def test_validate_reports_exactly_the_broken_field(
    base: ParticipantData, changes: dict[str, object], key: str
) -> None:
    errors = validate(replace(base, **changes), TODAY)
    assert list(errors) == [key]
    assert CYRILLIC.search(errors[key])


@pytest.mark.parametrize(
    ("base", "changes"),
    [
        # Edges that are fine.
        (VALID_TEACHER, {"experience_years": 0}),
        (VALID_TEACHER, {"experience_years": 70}),
        (VALID_TEACHER, {"experience_years": None, "hire_date": None}),
        (VALID_TEACHER, {"capacity": 1}),
        (VALID_TEACHER, {"capacity": 10}),
        (VALID_TEACHER, {"hire_date": TODAY, "training_date": TODAY}),
        (VALID_TEACHER, {"email": ""}),
        (VALID_STUDENT, {"birth_date": TODAY}),
        (VALID_STUDENT, {"birth_date": None, "representative_name": ""}),  # unknown: adult
        (VALID_STUDENT, {"consent_date": TODAY}),
        (VALID_STUDENT, {"class_name": ""}),
        # Mentor fields only count for a mentor.
        (VALID_TEACHER, {"is_mentor": False, "capacity": 0, "training_date": FUTURE}),
        # A minor with no consent at all needs no representative yet.
        (VALID_STUDENT, {"consent_status": ConsentStatus.NONE, "consent_date": None,
                         "consent_signer": "", "representative_name": ""}),
        # Fields of other categories are ignored.
        (VALID_STUDENT, {"experience_years": 500, "hire_date": FUTURE}),
        (VALID_TEACHER, {"class_name": "12Z"}),
        # An adult needs no representative.
        (VALID_TEACHER, {"consent_status": ConsentStatus.GIVEN, "consent_date": PAST,
                         "consent_signer": "Петрова А.", "representative_name": ""}),
    ],
)  # fmt: skip
def test_validate_accepts_edges(base: ParticipantData, changes: dict[str, object]) -> None:
    assert validate(replace(base, **changes), TODAY) == {}


@pytest.mark.parametrize(
    ("part", "text", "message"),
    [
        # A list's footer, signature or formula read as a name.
        ("first_name", "руководитель:", "Имя: только буквы, дефис, апостроф и пробел; "
                                        "здесь есть «:»"),
        ("middle_name", "Петрова А.А.", "Отчество: только буквы, дефис, апостроф и пробел; "
                                        "здесь есть «.»"),
        ("last_name", "Директор школы ____ /Иванова", "здесь есть «_», «/»"),
        ("last_name", "@SUM(1+1)", "здесь есть «@», «(», «1»"),
        ("last_name", "(Петрова)", "здесь есть «(», «)»"),
        ("last_name", "Иванов2", "здесь есть «2»"),
        ("last_name", "--", "Фамилия: только буквы, дефис, апостроф и пробел; а букв нет"),
        # An initial is not a first name.
        ("first_name", "И.", "Имя указано инициалом: нужно полное имя"),
        ("first_name", "И.И.", "Имя указано инициалом: нужно полное имя"),
        ("first_name", "И", "Имя указано инициалом: нужно полное имя"),
        ("middle_name", "И.", "Отчество указано инициалом"),
        ("last_name", "", "Укажите фамилию"),
        ("first_name", "  ", "Укажите имя"),
    ],
)  # fmt: skip
def test_name_problems(part: str, text: str, message: str) -> None:
    problem = name_problem(part, text)
    assert problem is not None and message in problem
    assert list(validate(replace(VALID_STUDENT, **{part: text}), TODAY)) == [part]


@pytest.mark.parametrize(
    ("part", "text"),
    [
        ("last_name", "Римский-Корсаков"),
        ("last_name", "Д'Артаньян"),
        ("last_name", "О’Коннор"),
        ("last_name", "Ёлкина"),
        ("last_name", "Smith"),
        ("last_name", "Ли"),
        ("first_name", "Анна-Мария"),
        ("first_name", "Ян"),
        ("first_name", "Жанна"),
        ("first_name", "Гүзәл"),  # Tatar letters are Cyrillic letters
        ("first_name", "René"),
        ("middle_name", "Маммад оглы"),
        ("middle_name", ""),
    ],
)
def test_names_that_are_fine(part: str, text: str) -> None:
    assert name_problem(part, text) is None
    assert validate(replace(VALID_STUDENT, **{part: text}), TODAY) == {}


@pytest.mark.parametrize(
    ("a", "birth_a", "b", "birth_b", "same"),
    [
        (("Иванов", "Иван", "Иванович"), date(2012, 3, 5),
         ("ИВАНОВ", "иван", "иванович"), date(2012, 3, 5), True),
        (("Семёнов", "Пётр", ""), None, ("Семенов", "Петр", ""), None, True),
        # The patronymic missing on one side, either side.
        (("Белова", "Анна", ""), None, ("Белова", "Анна", "Сергеевна"), date(2012, 1, 1), True),
        (("Белова", "Анна", "Сергеевна"), None, ("Белова", "Анна", ""), None, True),
        # The birth date missing on one side.
        (("Белова", "Анна", "Сергеевна"), None,
         ("Белова", "Анна", "Сергеевна"), date(2012, 1, 1), True),
        # Another patronymic or birth date: a namesake.
        (("Белова", "Анна", "Сергеевна"), None, ("Белова", "Анна", "Игоревна"), None, False),
        (("Белова", "Анна", ""), date(2012, 1, 1), ("Белова", "Анна", ""), date(2012, 1, 2),
         False),
        (("Белова", "Анна", ""), None, ("Белова", "Алла", ""), None, False),
        (("", "", ""), None, ("", "", ""), None, False),
    ],
)  # fmt: skip
def test_likely_same_person(
    a: tuple[str, str, str], birth_a: date | None, b: tuple[str, str, str],
    birth_b: date | None, same: bool,
) -> None:  # fmt: skip
    assert likely_same_person(a, birth_a, b, birth_b) is same
    assert likely_same_person(b, birth_b, a, birth_a) is same  # symmetric


def test_validate_collects_every_error_at_once() -> None:
    card = ParticipantData(
        birth_date=date(1899, 1, 1),
        category=Category.TEACHER,
        experience_years=100,
        consent_status=ConsentStatus.GIVEN,
    )
    assert set(validate(card, TODAY)) == {
        "last_name",
        "first_name",
        "birth_date",
        "experience",
        "consent_date",
        "consent_signer",
    }
