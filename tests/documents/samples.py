"""Made-up data for the end order, the passport, the extracts and the consent forms, for
the tests (all people fictional); the pairs order's is mentor_desk.documents.samples."""

from __future__ import annotations

import random
from datetime import date

from mentor_desk.documents.consent import ConsentForm
from mentor_desk.documents.end_order import EndOrder, EndRow
from mentor_desk.documents.extracts import Extract, ExtractKind, PairRow, PersonRow
from mentor_desk.documents.orders import Term
from mentor_desk.documents.passport import Indicator, Passport, PassportCounts
from mentor_desk.domain.pairs import EndReason, Form, Kind, Status

ORG_FULL_NAME = (
    "Муниципальное бюджетное общеобразовательное учреждение\n"
    "«Средняя общеобразовательная школа № 1 г. Завитинска»"
)
ORG_SHORT_NAME = "МБОУ «СОШ № 1 г. Завитинска»"
ORG_ADDRESS = "676870, Амурская область, г. Завитинск, ул. Красноармейская, д. 28"
AS_OF = date(2026, 11, 23)

_SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
)  # fmt: skip
_MEN = ("Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Иван", "Кирилл")
_WOMEN = ("Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Дарья", "Полина")
_FATHERS = ("Александров", "Сергеев", "Петров", "Иванов", "Николаев", "Викторов", "Юрьев")
_POSITIONS = (
    "учитель математики", "учитель русского языка и литературы", "учитель истории",
    "учитель физики", "педагог-психолог", "учитель начальных классов",
)  # fmt: skip


def full_name(rng: random.Random, female: bool) -> str:
    """«Фамилия Имя Отчество»."""
    surname = rng.choice(_SURNAMES) + ("а" if female else "")
    first = rng.choice(_WOMEN if female else _MEN)
    father = rng.choice(_FATHERS) + ("на" if female else "ич")
    return f"{surname} {first} {father}"


def initials_name(name: str) -> str:
    """«Фамилия И.О.» of a full name."""
    last, *rest = name.split()
    return f"{last} {''.join(part[0] + '.' for part in rest)}"


def _class(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high)}{rng.choice('АБВ')}"


def sample_end_order(pairs: int = 12, seed: int = 7, draft: bool = False) -> EndOrder:
    """An order ending `pairs` programs, every fourth a group, with every end reason."""
    rng = random.Random(seed)
    reasons = list(EndReason)
    rows: list[EndRow] = []
    for index in range(pairs):
        size = rng.randint(2, 4) if index % 4 == 3 else 1
        if index % 3 == 2:
            form, position = Form.TEACHER_TEACHER, rng.choice(_POSITIONS)
            mentees = [initials_name(full_name(rng, rng.random() < 0.7)) for _ in range(size)]
        else:
            form, position = Form.TEACHER_STUDENT, rng.choice(_POSITIONS)
            mentees = [
                f"{initials_name(full_name(rng, rng.random() < 0.5))} ({_class(rng, 5, 8)})"
                for _ in range(size)
            ]
        rows.append(
            EndRow(
                mentor=initials_name(full_name(rng, rng.random() < 0.6)),
                mentees=mentees,
                form=form,
                ended_on=date(2026, 11, rng.randint(2, 20)),
                reason=reasons[0] if index % 3 else reasons[index % len(reasons)],
                mentor_position=position,
            )
        )
    return EndOrder(
        org_full_name=ORG_FULL_NAME,
        place="г. Завитинск",
        number="52-о",
        order_date=date(2026, 11, 23),
        rows=rows,
        curator="Кравченко Е.В.",
        director_position="Директор",
        director_name="Т.А. Доля",
        draft=draft,
        records_due=date(2026, 11, 30),
    )


def sample_passport() -> Passport:
    """A passport of the sample school for 2024–2026 with the indicators of the паспорт
    программы «Путь к успеху!» МБОУ «Ново-Идинская СОШ»."""
    return Passport(
        org_full_name=ORG_FULL_NAME,
        org_short_name=ORG_SHORT_NAME,
        municipality="Завитинский муниципальный округ Амурской области",
        address=ORG_ADDRESS,
        director="Т.А. Доля",
        curators=["Кравченко Е.В., заместитель директора по учебно-воспитательной работе"],
        period=(2024, 2026),
        forms=[Form.TEACHER_TEACHER.label, Form.TEACHER_STUDENT.label, Form.STUDENT_STUDENT.label],
        target_audience=[
            "одарённые",
            "с неудовлетворительными образовательными результатами",
            "с ОВЗ",
            "в трудной жизненной ситуации",
        ],
        staff_audience=["молодые специалисты", "педагоги в адаптации на новом месте"],
        counts=PassportCounts(
            as_of=AS_OF,
            mentors=34,
            mentees=61,
            pairs={Status.APPROVED: 8, Status.ACTIVE: 31, Status.ENDED: 12},
        ),
        indicators=[
            Indicator(
                "Доля обучающихся, вовлечённых в различные формы сопровождения и наставничества, %",
                "70",
                "52",
                "«Современная школа»",
            ),
            Indicator(
                "Доля учителей в возрасте до 35 лет, вовлечённых в различные формы поддержки "
                "и сопровождения в первые три года работы, %",
                "70",
                "75",
                "«Современная школа»",
            ),
            Indicator(
                "Доля обучающихся, занятых в дополнительном образовании, вовлечённых "
                "в различные формы наставничества, %",
                "70",
                "",
                "«Успех каждого ребёнка»",
            ),
        ],
        place="г. Завитинск",
    )


def _person(rng: random.Random, student: bool) -> PersonRow:
    female = rng.random() < 0.55
    if student:
        born = date(2010 + rng.randint(0, 6), rng.randint(1, 12), rng.randint(1, 28))
        role = _class(rng, 5, 11)
    else:
        born = date(1965 + rng.randint(0, 35), rng.randint(1, 12), rng.randint(1, 28))
        role = rng.choice(_POSITIONS)
    phone = f"+7 914 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    return PersonRow(
        full_name=full_name(rng, female),
        role=role,
        birth_date=born,
        phone=phone,
        email=f"user{rng.randint(100, 999)}@example.ru" if rng.random() < 0.6 else "",
    )


def sample_extract(
    kind: ExtractKind, rows: int = 30, personal: bool = False, seed: int = 11
) -> Extract:
    """A list of `rows` mentors, mentees or pairs; every tenth person without consent."""
    rng = random.Random(seed)
    people: list[PersonRow] = []
    pairs: list[PairRow] = []
    for index in range(rows):
        no_consent = index % 10 == 9
        if kind == "pairs":
            size = rng.randint(2, 4) if index % 5 == 4 else 1
            mentees = [_person(rng, student=True) for _ in range(size)]
            if no_consent:
                mentees[0] = PersonRow(mentees[0].full_name, mentees[0].role, consent=False)
            pairs.append(
                PairRow(
                    mentor=_person(rng, student=False),
                    mentees=mentees,
                    form=Form.TEACHER_STUDENT,
                    kind=Kind.GROUP if size > 1 else Kind.TRADITIONAL,
                    term=Term(date(2026, 12, 1), date(2027, 5, 31)),
                    status=Status.APPROVED,
                    order="№ 45-о от 15.11.2026",
                )
            )
        else:
            person = _person(rng, student=kind == "mentees" and index % 6 != 5)
            if no_consent:
                person = PersonRow(person.full_name, person.role, consent=False)
            people.append(person)
    return Extract(
        kind=kind,
        org_full_name=ORG_FULL_NAME,
        as_of=AS_OF,
        rows=pairs if kind == "pairs" else people,
        personal=personal,
        signer_position="Куратор",
        signer_name="Е.В. Кравченко",
    )


def sample_consents(adults: int = 1, minors: int = 2, seed: int = 13) -> list[ConsentForm]:
    """Forms for `adults` teachers and `minors` students, every other minor's
    representative known to the register."""
    rng = random.Random(seed)
    forms: list[ConsentForm] = []
    for _ in range(adults):
        forms.append(
            ConsentForm(
                org_full_name=ORG_FULL_NAME,
                org_address=ORG_ADDRESS,
                person_name=full_name(rng, rng.random() < 0.7),
                birth_date=date(1970 + rng.randint(0, 30), rng.randint(1, 12), rng.randint(1, 28)),
                representative_name=None,
                minor=False,
                today=AS_OF,
            )
        )
    for index in range(minors):
        forms.append(
            ConsentForm(
                org_full_name=ORG_FULL_NAME,
                org_address=ORG_ADDRESS,
                person_name=full_name(rng, rng.random() < 0.5),
                birth_date=date(2012 + rng.randint(0, 4), rng.randint(1, 12), rng.randint(1, 28)),
                representative_name=full_name(rng, True) if index % 2 == 0 else None,
                minor=True,
                today=AS_OF,
            )
        )
    return forms
